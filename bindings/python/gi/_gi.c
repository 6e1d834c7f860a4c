/*
 * _gi.c - the C half of the Python binding: thin wrappers over libgi's C
 * API. Logic stays in the library; this file turns C objects into Python
 * objects and libgi status codes into exceptions (gi/__init__.py builds
 * the classes users see on top of it).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>
#include <gi/gi.h>

static PyObject *Error, *FileError, *ParseError, *InvalidError, *UsageError, *AbortedError;

/* Raises the exception class for gi_error_last(), with message, file,
 * line and code as attributes. */
static PyObject *raise_gi(void)
{
	const gi_error *e = gi_error_last();
	PyObject *cls = e->code == GI_EIO ? FileError : e->code == GI_EPARSE ? ParseError
	              : e->code == GI_EINVALID ? InvalidError : e->code == GI_EUSAGE ? UsageError
	              : e->code == GI_EABORTED ? AbortedError : e->code == GI_ENOMEM ? PyExc_MemoryError : Error;
	if (cls == PyExc_MemoryError)
		return PyErr_NoMemory();
	PyObject *msg = e->file && e->line > 0 ? PyUnicode_FromFormat("%s:%ld: %s", e->file, e->line, e->message)
	              : e->file ? PyUnicode_FromFormat("%s: %s", e->file, e->message)
	              : PyUnicode_FromString(e->message);
	PyObject *exc = msg ? PyObject_CallOneArg(cls, msg) : NULL;
	Py_XDECREF(msg);
	if (!exc)
		return NULL;
	PyObject *file = e->file ? PyUnicode_FromString(e->file) : Py_NewRef(Py_None);
	PyObject_SetAttrString(exc, "file", file);
	Py_DECREF(file);
	PyObject *line = e->line > 0 ? PyLong_FromLong(e->line) : Py_NewRef(Py_None);
	PyObject_SetAttrString(exc, "line", line);
	Py_DECREF(line);
	PyObject *code = PyLong_FromLong(e->code);
	PyObject_SetAttrString(exc, "code", code);
	Py_DECREF(code);
	PyObject *text = PyUnicode_FromString(e->message);
	PyObject_SetAttrString(exc, "message", text);
	Py_XDECREF(text);
	PyErr_SetObject(cls, exc);
	Py_DECREF(exc);
	return NULL;
}

/* ---- Spec ---- */

typedef struct {
	PyObject_HEAD
	gi_spec *spec;
} SpecObject;

static void spec_dealloc(SpecObject *self)
{
	gi_spec_free(self->spec);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject SpecType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "gi._gi.SpecHandle",
	.tp_basicsize = sizeof(SpecObject),
	.tp_dealloc = (destructor)spec_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "A loaded specification (use gi.Spec).",
};

static PyObject *wrap_spec(gi_spec *spec)
{
	SpecObject *o = PyObject_New(SpecObject, &SpecType);
	if (!o) {
		gi_spec_free(spec);
		return NULL;
	}
	o->spec = spec;
	return (PyObject *)o;
}

static PyObject *py_spec_load(PyObject *mod, PyObject *args)
{
	PyObject *path_obj;
	if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path_obj))
		return NULL;
	gi_spec *spec;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_spec_load_file(&spec, PyBytes_AS_STRING(path_obj), NULL);
	Py_END_ALLOW_THREADS
	Py_DECREF(path_obj);
	return rc < 0 ? raise_gi() : wrap_spec(spec);
}

static PyObject *py_spec_from_bytes(PyObject *mod, PyObject *args)
{
	Py_buffer buf;
	const char *name = "(memory)";
	if (!PyArg_ParseTuple(args, "y*|s", &buf, &name))
		return NULL;
	gi_spec *spec;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_spec_load_memory(&spec, buf.buf, (size_t)buf.len, name, NULL);
	Py_END_ALLOW_THREADS
	PyBuffer_Release(&buf);
	return rc < 0 ? raise_gi() : wrap_spec(spec);
}

static int set_str(PyObject *d, const char *k, const char *v)
{
	PyObject *o = v ? PyUnicode_FromString(v) : Py_NewRef(Py_None);
	int rc = o ? PyDict_SetItemString(d, k, o) : -1;
	Py_XDECREF(o);
	return rc;
}

static int set_obj(PyObject *d, const char *k, PyObject *o)
{
	int rc = o ? PyDict_SetItemString(d, k, o) : -1;
	Py_XDECREF(o);
	return rc;
}

static PyObject *py_spec_info(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &SpecType))
		return PyErr_Format(PyExc_TypeError, "expected a spec handle");
	const gi_spec_info *in = gi_spec_get_info(((SpecObject *)arg)->spec);
	PyObject *d = PyDict_New();
	if (!d || set_str(d, "id", in->id) || set_str(d, "version", in->version) ||
	    set_str(d, "effective", in->effective) || set_str(d, "name", in->name) ||
	    set_str(d, "name_lang", in->name_lang) || set_str(d, "name_en", in->name_en) ||
	    set_str(d, "registration", in->registration) || set_str(d, "decision", in->decision) ||
	    set_str(d, "decision_date", in->decision_date) || set_str(d, "authority", in->authority) ||
	    set_str(d, "manager", in->manager) || set_str(d, "source", in->source) ||
	    set_str(d, "sha256", in->sha256) || set_str(d, "file", in->file) ||
	    set_str(d, "default_rule", gi_rule_name(in->default_rule.kind))) {
		Py_XDECREF(d);
		return NULL;
	}
	return d;
}

static PyObject *limit_dict(const gi_limit *l)
{
	PyObject *d = PyDict_New();
	if (!d || set_str(d, "text", l->text))
		goto fail;
	if (l->has_lower && (set_obj(d, "lower", PyFloat_FromDouble(l->lower)) ||
	                     set_obj(d, "lower_inclusive", PyBool_FromLong(!l->lower_strict))))
		goto fail;
	if (l->has_upper && (set_obj(d, "upper", PyFloat_FromDouble(l->upper)) ||
	                     set_obj(d, "upper_inclusive", PyBool_FromLong(!l->upper_strict))))
		goto fail;
	if (l->n_allowed) {
		PyObject *a = PyList_New(0);
		for (size_t i = 0; a && i < l->n_allowed; i++) {
			PyObject *s = PyUnicode_FromString(l->allowed[i]);
			if (!s || PyList_Append(a, s) < 0) {
				Py_XDECREF(s);
				Py_CLEAR(a);
			}
			Py_XDECREF(s);
		}
		if (set_obj(d, "allowed", a))
			goto fail;
	}
	return d;
fail:
	Py_XDECREF(d);
	return NULL;
}

static PyObject *py_spec_products(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &SpecType))
		return PyErr_Format(PyExc_TypeError, "expected a spec handle");
	const gi_spec *spec = ((SpecObject *)arg)->spec;
	PyObject *list = PyList_New(0);
	for (size_t i = 0; list && i < gi_spec_product_count(spec); i++) {
		const gi_product *p = gi_spec_product(spec, i);
		PyObject *d = PyDict_New(), *crit = PyList_New(0);
		int bad = !d || !crit || set_str(d, "id", p->id) || set_str(d, "name", p->name) ||
		          set_str(d, "name_en", p->name_en) || set_str(d, "raw_material", p->raw_material) ||
		          set_str(d, "cultivar", p->cultivar) || set_str(d, "area", p->area ? p->area->id : NULL);
		for (size_t k = 0; !bad && k < p->n_criteria; k++) {
			const gi_criterion *c = &p->criteria[k];
			PyObject *cd = PyDict_New();
			bad = !cd || set_str(cd, "id", c->id) || set_str(cd, "analyte", c->analyte) ||
			      set_str(cd, "numerator", c->numerator) || set_str(cd, "denominator", c->denominator) ||
			      set_str(cd, "unit", c->unit) || set_str(cd, "basis", gi_basis_name(c->basis)) ||
			      set_obj(cd, "limit", limit_dict(&c->limit)) || set_str(cd, "method", c->method) ||
			      set_obj(cd, "mandatory", PyBool_FromLong(c->mandatory)) ||
			      set_str(cd, "rule", gi_rule_name(c->rule.kind)) || PyList_Append(crit, cd) < 0;
			Py_XDECREF(cd);
		}
		if (!bad)
			bad = PyDict_SetItemString(d, "criteria", crit) < 0 || PyList_Append(list, d) < 0;
		Py_XDECREF(crit);
		Py_XDECREF(d);
		if (bad)
			Py_CLEAR(list);
	}
	return list;
}

/* ---- Report ---- */

typedef struct {
	PyObject_HEAD
	gi_report *report;
	PyObject *data;      /* bytes kept alive while the report reads them */
	int used;
} ReportObject;

static void report_dealloc(ReportObject *self)
{
	gi_report_free(self->report);
	Py_XDECREF(self->data);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject ReportType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "gi._gi.ReportHandle",
	.tp_basicsize = sizeof(ReportObject),
	.tp_dealloc = (destructor)report_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "An open lab report (use gi.Report).",
};

static int parse_format(const char *f, gi_report_options *o)
{
	if (!f || strcmp(f, "auto") == 0)
		o->format = GI_FORMAT_AUTO;
	else if (strcmp(f, "xml") == 0)
		o->format = GI_FORMAT_XML;
	else if (strcmp(f, "csv") == 0)
		o->format = GI_FORMAT_CSV;
	else {
		PyErr_Format(PyExc_ValueError, "format must be 'xml', 'csv' or None, not '%s'", f);
		return -1;
	}
	return 0;
}

static PyObject *py_report_open(PyObject *mod, PyObject *args)
{
	PyObject *path_obj;
	const char *fmt = NULL;
	if (!PyArg_ParseTuple(args, "O&|z", PyUnicode_FSConverter, &path_obj, &fmt))
		return NULL;
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	if (parse_format(fmt, &o) < 0) {
		Py_DECREF(path_obj);
		return NULL;
	}
	ReportObject *r = PyObject_New(ReportObject, &ReportType);
	if (!r) {
		Py_DECREF(path_obj);
		return NULL;
	}
	r->report = NULL;
	r->data = NULL;
	r->used = 0;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_report_open_file(&r->report, PyBytes_AS_STRING(path_obj), &o);
	Py_END_ALLOW_THREADS
	Py_DECREF(path_obj);
	if (rc < 0) {
		Py_DECREF(r);
		return raise_gi();
	}
	return (PyObject *)r;
}

static PyObject *py_report_from_bytes(PyObject *mod, PyObject *args)
{
	PyObject *data;
	const char *name = "(memory)", *fmt = NULL;
	if (!PyArg_ParseTuple(args, "S|sz", &data, &name, &fmt))
		return NULL;
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	if (parse_format(fmt, &o) < 0)
		return NULL;
	ReportObject *r = PyObject_New(ReportObject, &ReportType);
	if (!r)
		return NULL;
	r->report = NULL;
	r->data = Py_NewRef(data);
	r->used = 0;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_report_open_memory(&r->report, PyBytes_AS_STRING(data), (size_t)PyBytes_GET_SIZE(data), name, &o);
	Py_END_ALLOW_THREADS
	if (rc < 0) {
		Py_DECREF(r);
		return raise_gi();
	}
	return (PyObject *)r;
}

static PyObject *py_report_lab(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &ReportType))
		return PyErr_Format(PyExc_TypeError, "expected a report handle");
	ReportObject *r = (ReportObject *)arg;
	const gi_lab *lab = gi_report_lab(r->report);
	PyObject *d = PyDict_New();
	if (!d || set_str(d, "id", lab->id) || set_str(d, "name", lab->name) ||
	    set_str(d, "accreditation", lab->accreditation) || set_str(d, "report_id", lab->report_id) ||
	    set_str(d, "issued", lab->issued) || set_str(d, "file", gi_report_name(r->report)) ||
	    set_str(d, "format", gi_report_format(r->report) == GI_FORMAT_XML ? "xml" : "csv") ||
	    set_str(d, "sha256", gi_report_sha256(r->report))) {
		Py_XDECREF(d);
		return NULL;
	}
	return d;
}

/* ---- verify ---- */

typedef struct {
	char **json;
	size_t n, cap;
	int failed;
} collected;

static int collect(const gi_sample_result *res, void *payload)
{
	collected *c = payload;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		char **nj = realloc(c->json, cap * sizeof *nj);
		if (!nj) {
			c->failed = 1;
			return 1;
		}
		c->json = nj;
		c->cap = cap;
	}
	if (gi_sample_result_json(&c->json[c->n], res) < 0) {
		c->failed = 1;
		return 1;
	}
	c->n++;
	return 0;
}

static PyObject *py_verify(PyObject *mod, PyObject *args)
{
	PyObject *spec_obj, *report_obj;
	const char *rule = NULL;
	if (!PyArg_ParseTuple(args, "O!O!|z", &SpecType, &spec_obj, &ReportType, &report_obj, &rule))
		return NULL;
	ReportObject *r = (ReportObject *)report_obj;
	if (r->used)
		return PyErr_Format(PyExc_ValueError, "this report has already been read; open it again");
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	if (rule) {
		if (gi_rule_parse(&o.rule_kind, rule) < 0)
			return raise_gi();
		o.override_rule = 1;
	}
	collected c = { NULL, 0, 0, 0 };
	o.on_sample = collect;
	o.payload = &c;
	gi_summary sum;
	int rc;
	r->used = 1;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_verify(&sum, ((SpecObject *)spec_obj)->spec, r->report, &o);
	Py_END_ALLOW_THREADS
	PyObject *list = NULL, *result = NULL;
	if (rc < 0) {
		if (c.failed)
			PyErr_NoMemory();
		else
			raise_gi();
		goto out;
	}
	list = PyList_New((Py_ssize_t)c.n);
	for (size_t i = 0; list && i < c.n; i++) {
		PyObject *s = PyUnicode_FromString(c.json[i]);
		if (!s) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, s);
	}
	if (!list)
		goto out;
	result = Py_BuildValue("(N{s:n,s:n,s:n,s:n,s:n,s:n,s:n,s:s})", list, "samples", (Py_ssize_t)sum.samples,
	                       "pass", (Py_ssize_t)sum.pass, "fail", (Py_ssize_t)sum.fail, "incomplete",
	                       (Py_ssize_t)sum.incomplete, "inconclusive", (Py_ssize_t)sum.inconclusive,
	                       "conditional_pass", (Py_ssize_t)sum.conditional_pass, "conditional_fail",
	                       (Py_ssize_t)sum.conditional_fail, "verdict", gi_verdict_name(sum.verdict));
out:
	for (size_t i = 0; i < c.n; i++)
		gi_free(c.json[i]);
	free(c.json);
	return result;
}

/* ---- numbers and units ---- */

static PyObject *py_parse_number(PyObject *mod, PyObject *args)
{
	const char *text;
	if (!PyArg_ParseTuple(args, "s", &text))
		return NULL;
	double v;
	return gi_number_parse(&v, text) < 0 ? raise_gi() : PyFloat_FromDouble(v);
}

static PyObject *py_unit_convert(PyObject *mod, PyObject *args)
{
	double v;
	const char *from, *to;
	if (!PyArg_ParseTuple(args, "dss", &v, &from, &to))
		return NULL;
	double out;
	return gi_unit_convert(&out, v, from, to) < 0 ? raise_gi() : PyFloat_FromDouble(out);
}

static PyObject *py_unit_canonical(PyObject *mod, PyObject *args)
{
	const char *s, *c;
	if (!PyArg_ParseTuple(args, "s", &s))
		return NULL;
	return gi_unit_canonical(&c, s) < 0 ? raise_gi() : PyUnicode_FromString(c);
}

static PyObject *py_version(PyObject *mod, PyObject *noargs)
{
	return PyUnicode_FromString(gi_version());
}

static PyMethodDef methods[] = {
	{ "spec_load", py_spec_load, METH_VARARGS, "spec_load(path) -> handle" },
	{ "spec_from_bytes", py_spec_from_bytes, METH_VARARGS, "spec_from_bytes(data, name) -> handle" },
	{ "spec_info", py_spec_info, METH_O, "spec_info(handle) -> dict" },
	{ "spec_products", py_spec_products, METH_O, "spec_products(handle) -> list" },
	{ "report_open", py_report_open, METH_VARARGS, "report_open(path, format) -> handle" },
	{ "report_from_bytes", py_report_from_bytes, METH_VARARGS, "report_from_bytes(data, name, format) -> handle" },
	{ "report_info", py_report_lab, METH_O, "report_info(handle) -> dict" },
	{ "verify", py_verify, METH_VARARGS, "verify(spec, report, rule) -> (json list, summary)" },
	{ "parse_number", py_parse_number, METH_VARARGS, "parse_number(text) -> float" },
	{ "unit_convert", py_unit_convert, METH_VARARGS, "unit_convert(value, from, to) -> float" },
	{ "unit_canonical", py_unit_canonical, METH_VARARGS, "unit_canonical(spelling) -> str" },
	{ "version", py_version, METH_NOARGS, "version() -> str" },
	{ NULL, NULL, 0, NULL }
};

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT, "gi._gi", "C half of the libgi binding.", -1, methods,
	NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__gi(void)
{
	if (PyType_Ready(&SpecType) < 0 || PyType_Ready(&ReportType) < 0)
		return NULL;
	PyObject *m = PyModule_Create(&module);
	if (!m)
		return NULL;
	Error = PyErr_NewExceptionWithDoc("gi.Error", "A libgi call failed.", NULL, NULL);
	FileError = PyErr_NewExceptionWithDoc("gi.FileError", "A file cannot be read or written.", Error, NULL);
	ParseError = PyErr_NewExceptionWithDoc("gi.ParseError", "Input is not well-formed, or a value is malformed.", Error, NULL);
	InvalidError = PyErr_NewExceptionWithDoc("gi.InvalidError", "Input breaks its schema or a semantic rule.", Error, NULL);
	UsageError = PyErr_NewExceptionWithDoc("gi.UsageError", "An argument is not valid.", Error, NULL);
	AbortedError = PyErr_NewExceptionWithDoc("gi.AbortedError", "The operation was stopped.", Error, NULL);
	if (!Error || !FileError || !ParseError || !InvalidError || !UsageError || !AbortedError ||
	    PyModule_AddObjectRef(m, "Error", Error) < 0 || PyModule_AddObjectRef(m, "FileError", FileError) < 0 ||
	    PyModule_AddObjectRef(m, "ParseError", ParseError) < 0 ||
	    PyModule_AddObjectRef(m, "InvalidError", InvalidError) < 0 ||
	    PyModule_AddObjectRef(m, "UsageError", UsageError) < 0 ||
	    PyModule_AddObjectRef(m, "AbortedError", AbortedError) < 0) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
