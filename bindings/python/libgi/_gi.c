/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * _gi.c - the C half of the Python binding: thin wrappers over libgi's C
 * API. Logic stays in the library; this file turns C objects into Python
 * objects and libgi status codes into exceptions (libgi/__init__.py builds
 * the classes users see on top of it).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gi/gi.h>

static PyObject *Error, *FileError, *ParseError, *InvalidError, *UsageError, *AbortedError;

/* Raises cls with message, file, line and code as attributes (the
 * shape of every libgi exception). Returns NULL. */
static PyObject *raise_exc(PyObject *cls, int code, const char *file, long line, const char *message)
{
	char line_text[4096];
	gi_error e = { code, message, file, line };
	gi_error_format(line_text, sizeof line_text, &e);
	PyObject *msg = PyUnicode_DecodeUTF8(line_text, (Py_ssize_t)strlen(line_text), "replace");
	PyObject *exc = msg ? PyObject_CallOneArg(cls, msg) : NULL;
	Py_XDECREF(msg);
	if (!exc)
		return NULL;
	PyObject *f = file ? PyUnicode_FromString(file) : Py_NewRef(Py_None);
	PyObject_SetAttrString(exc, "file", f);
	Py_XDECREF(f);
	PyObject *l = line > 0 ? PyLong_FromLong(line) : Py_NewRef(Py_None);
	PyObject_SetAttrString(exc, "line", l);
	Py_XDECREF(l);
	PyObject *c = PyLong_FromLong(code);
	PyObject_SetAttrString(exc, "code", c);
	Py_XDECREF(c);
	PyObject *text = PyUnicode_FromString(message);
	PyObject_SetAttrString(exc, "message", text);
	Py_XDECREF(text);
	PyErr_SetObject(cls, exc);
	Py_DECREF(exc);
	return NULL;
}

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
	return raise_exc(cls, e->code, e->file, e->line, e->message);
}

/* A report is read once (its samples are streamed): a second read, by
 * iteration or verification, is a usage error. */
static PyObject *raise_report_used(void)
{
	return raise_exc(UsageError, GI_EUSAGE, NULL, 0, "this report has already been read; open it again");
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
	.tp_name = "libgi._gi.SpecHandle",
	.tp_basicsize = sizeof(SpecObject),
	.tp_dealloc = (destructor)spec_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "A loaded specification (use libgi.Spec).",
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
	gi_spec *spec = NULL;
	char *path = NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	/* a path, or an installed spec's name ("lai-chau-tea") */
	rc = gi_spec_find(&path, PyBytes_AS_STRING(path_obj));
	if (rc == GI_OK)
		rc = gi_spec_load_file(&spec, path, NULL);
	gi_free(path);
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

static PyObject *py_spec_analytes(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &SpecType))
		return PyErr_Format(PyExc_TypeError, "expected a spec handle");
	const gi_spec *spec = ((SpecObject *)arg)->spec;
	PyObject *list = PyList_New(0);
	for (size_t i = 0; list && i < gi_spec_analyte_count(spec); i++) {
		const gi_analyte *a = gi_spec_analyte(spec, i);
		PyObject *d = Py_BuildValue("{s:s,s:z,s:O}", "id", a->id, "name", a->name, "moisture",
		                            a->is_moisture ? Py_True : Py_False);
		if (!d || PyList_Append(list, d) < 0)
			Py_CLEAR(list);
		Py_XDECREF(d);
	}
	return list;
}

static PyObject *py_spec_areas(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &SpecType))
		return PyErr_Format(PyExc_TypeError, "expected a spec handle");
	const gi_spec *spec = ((SpecObject *)arg)->spec;
	PyObject *list = PyList_New(0);
	for (size_t i = 0; list && i < gi_spec_area_count(spec); i++) {
		const gi_area *a = gi_spec_area(spec, i);
		PyObject *units = PyList_New(0);
		for (size_t k = 0; units && k < a->n_units; k++) {
			PyObject *u = PyUnicode_FromString(a->units[k]);
			if (!u || PyList_Append(units, u) < 0)
				Py_CLEAR(units);
			Py_XDECREF(u);
		}
		PyObject *alt = a->has_altitude ? Py_BuildValue("(dd)", a->altitude_min, a->altitude_max) : Py_NewRef(Py_None);
		PyObject *d = units && alt ? Py_BuildValue("{s:s,s:z,s:N,s:N}", "id", a->id, "name", a->name, "units", units,
		                                           "altitude", alt) : NULL;
		if (!d || PyList_Append(list, d) < 0)
			Py_CLEAR(list);
		Py_XDECREF(d);
	}
	return list;
}

/* Whether the spec defines a product or an analyte with this id. */
static PyObject *py_spec_has(PyObject *mod, PyObject *args)
{
	PyObject *spec_obj;
	const char *kind, *id;
	if (!PyArg_ParseTuple(args, "O!ss", &SpecType, &spec_obj, &kind, &id))
		return NULL;
	const gi_spec *spec = ((SpecObject *)spec_obj)->spec;
	int has = strcmp(kind, "product") == 0 ? gi_spec_find_product(spec, id) != NULL
	        : gi_spec_find_analyte(spec, id) != NULL;
	return PyBool_FromLong(has);
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
	.tp_name = "libgi._gi.ReportHandle",
	.tp_basicsize = sizeof(ReportObject),
	.tp_dealloc = (destructor)report_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "An open lab report (use libgi.Report).",
};

/* The format and decimal separator by name (gi_report_options_set_format
 * and _set_decimal): a bad name raises UsageError with libgi's message. */
static int parse_format(const char *f, gi_report_options *o)
{
	if (gi_report_options_set_format(o, f) < 0) {
		raise_gi();
		return -1;
	}
	return 0;
}

static int parse_decimal(const char *d, gi_report_options *o)
{
	if (gi_report_options_set_decimal(o, d) < 0) {
		raise_gi();
		return -1;
	}
	return 0;
}

static PyObject *py_report_open(PyObject *mod, PyObject *args)
{
	PyObject *path_obj;
	const char *fmt = NULL, *dec = NULL;
	if (!PyArg_ParseTuple(args, "O&|zz", PyUnicode_FSConverter, &path_obj, &fmt, &dec))
		return NULL;
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	if (parse_format(fmt, &o) < 0 || parse_decimal(dec, &o) < 0) {
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
	const char *name = "(memory)", *fmt = NULL, *dec = NULL;
	if (!PyArg_ParseTuple(args, "S|szz", &data, &name, &fmt, &dec))
		return NULL;
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	if (parse_format(fmt, &o) < 0 || parse_decimal(dec, &o) < 0)
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
	    set_str(d, "format", gi_format_name(gi_report_format(r->report))) ||
	    set_str(d, "sha256", gi_report_sha256(r->report))) {
		Py_XDECREF(d);
		return NULL;
	}
	return d;
}

/* Marks a report as being read by iteration: UsageError if it has been
 * read (iterated or verified) before. */
static PyObject *py_report_claim(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &ReportType))
		return PyErr_Format(PyExc_TypeError, "expected a report handle");
	ReportObject *r = (ReportObject *)arg;
	if (r->used)
		return raise_report_used();
	r->used = 1;
	Py_RETURN_NONE;
}

/* The next sample of a report as a dict (measurements included), or None
 * at the end: for reading a report without verifying it (after
 * report_claim). */
static PyObject *py_report_next(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &ReportType))
		return PyErr_Format(PyExc_TypeError, "expected a report handle");
	ReportObject *r = (ReportObject *)arg;
	r->used = 1;
	const gi_sample *s;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_report_next(&s, r->report);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return raise_gi();
	if (!s)
		Py_RETURN_NONE;
	PyObject *meas = PyList_New(0);
	for (size_t i = 0; meas && i < s->n_measurements; i++) {
		const gi_measurement *m = &s->measurements[i];
		PyObject *vals = PyList_New(0);
		for (size_t k = 0; vals && k < m->n_values; k++) {
			PyObject *v = PyFloat_FromDouble(m->values[k]);
			if (!v || PyList_Append(vals, v) < 0)
				Py_CLEAR(vals);
			Py_XDECREF(v);
		}
		PyObject *unc = m->has_uncertainty ? PyFloat_FromDouble(m->uncertainty) : Py_NewRef(Py_None);
		PyObject *cens = m->censored ? PyFloat_FromDouble(m->censor_limit) : Py_NewRef(Py_None);
		PyObject *d = vals && unc && cens
			? Py_BuildValue("{s:s,s:z,s:s,s:N,s:N,s:z,s:N,s:d,s:z,s:l}", "analyte", m->analyte, "unit", m->unit,
			                "basis", gi_basis_name(m->basis), "values", vals, "less_than", cens, "text", m->text,
			                "uncertainty", unc, "k", m->coverage, "method", m->method, "line", m->line)
			: NULL;
		if (!d || PyList_Append(meas, d) < 0)
			Py_CLEAR(meas);
		Py_XDECREF(d);
	}
	if (!meas)
		return NULL;
	PyObject *alt = s->has_altitude ? PyFloat_FromDouble(s->altitude) : Py_NewRef(Py_None);
	return Py_BuildValue("{s:s,s:z,s:s,s:s,s:z,s:z,s:z,s:N,s:l,s:N}", "id", s->id, "lot", s->lot, "product",
	                     s->product, "spec", s->spec, "sampled", s->sampled, "analysed", s->analysed, "origin",
	                     s->origin, "altitude", alt, "line", s->line, "measurements", meas);
}

/* ---- verify ---- */

typedef struct {
	PyObject_HEAD
	gi_signer *signer;
	PyObject *sign;          /* Signer.external's callable, or NULL */
} SignerObject;

static PyTypeObject SignerType;

/* "<svg…>\x1e<svg…>": one picture per criterion, empty when it has none
 * (malloc'd, or NULL when out of memory). */
static char *pictures_of(const gi_sample_result *res)
{
	size_t len = 0, cap = 1;
	char *all = malloc(1);
	if (!all)
		return NULL;
	all[0] = '\0';
	for (size_t i = 0; i < res->n_criteria; i++) {
		char *one = NULL;
		if (gi_criterion_result_svg(&one, &res->criteria[i]) < 0)
			one = NULL;
		size_t n = one ? strlen(one) : 0;
		char *na = realloc(all, cap + n + 1);
		if (!na) {
			gi_free(one);
			free(all);
			return NULL;
		}
		all = na;
		cap += n + 1;
		if (i)
			all[len++] = '\x1e';
		if (one)
			memcpy(all + len, one, n), len += n;
		all[len] = '\0';
		gi_free(one);
	}
	return all;
}

/* A verification in progress: an iterator over the samples' results, one
 * held at a time (gi_verifier_next), each signed as it comes when there
 * is a signer. Holds the spec, report and signer handles it borrows from. */
typedef struct {
	PyObject_HEAD
	gi_verifier *v;
	PyObject *spec, *report, *signer;   /* strong references */
	gi_record_info info;
	char sha[65];
	char *issuer;
	int want_svg;
	int over;                           /* ended: the last sample, or an error */
	int failed;                         /* ended by an error */
	int busy;                           /* a thread is in gi_verifier_next */
} VerifierObject;

static void verifier_dealloc(VerifierObject *self)
{
	gi_verifier_free(self->v);
	Py_XDECREF(self->spec);
	Py_XDECREF(self->report);
	Py_XDECREF(self->signer);
	free(self->issuer);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The next sample as (json, id, lot, product, verdict, reason, pictures or
 * None, (record id, record bytes) or None); StopIteration at the end. */
static PyObject *verifier_next(VerifierObject *self)
{
	if (self->over)
		return NULL;
	if (self->busy)
		return raise_exc(UsageError, GI_EUSAGE, NULL, 0, "the verification is being read by another thread");
	self->busy = 1;
	const gi_sample_result *res;
	char *json = NULL, *svg = NULL, *rec = NULL, rec_id[GI_RECORD_ID_SIZE];
	size_t rec_len = 0;
	int rc, oom = 0;
	gi_signer *signer = self->signer ? ((SignerObject *)self->signer)->signer : NULL;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_verifier_next(&res, self->v);
	if (rc == GI_OK && res) {
		rc = gi_sample_result_json(&json, res);
		if (rc == GI_OK && self->want_svg && !(svg = pictures_of(res)))
			oom = 1;
		if (rc == GI_OK && !oom && signer)
			rc = gi_record_sign(&rec, &rec_len, rec_id, signer, res, &self->info);
	}
	Py_END_ALLOW_THREADS
	self->busy = 0;
	PyObject *t = NULL;
	if (rc < 0 || oom) {
		self->over = self->failed = 1;
		if (oom)
			PyErr_NoMemory();
		else
			raise_gi();
	} else if (!res) {
		self->over = 1;
	} else {
		const gi_sample *s = res->sample;
		PyObject *record = rec ? Py_BuildValue("(sy#)", rec_id, rec, (Py_ssize_t)rec_len) : Py_NewRef(Py_None);
		PyObject *pics = svg ? PyUnicode_FromString(svg) : Py_NewRef(Py_None);
		if (record && pics)
			t = Py_BuildValue("(sszsssNN)", json, s->id, s->lot, s->product, gi_verdict_name(res->verdict),
			                  res->reason, pics, record);
		else {
			Py_XDECREF(record);
			Py_XDECREF(pics);
		}
	}
	gi_free(json);
	gi_free(rec);
	free(svg);
	return t;
}

static PyTypeObject VerifierType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "libgi._gi.VerifierHandle",
	.tp_basicsize = sizeof(VerifierObject),
	.tp_dealloc = (destructor)verifier_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "A verification in progress (use libgi.Spec.verify).",
	.tp_iter = PyObject_SelfIter,
	.tp_iternext = (iternextfunc)verifier_next,
};

/* verifier_new(spec, report, rule, signer, sha256, issuer, pictures):
 * claims the report and checks the options; the samples come by
 * iterating the handle. */
static PyObject *py_verifier_new(PyObject *mod, PyObject *args)
{
	PyObject *spec_obj, *report_obj, *signer_obj = Py_None;
	const char *rule = NULL, *sha = NULL, *issuer = NULL;
	int want_svg = 0;
	if (!PyArg_ParseTuple(args, "O!O!|zOzzp", &SpecType, &spec_obj, &ReportType, &report_obj, &rule, &signer_obj,
	                      &sha, &issuer, &want_svg))
		return NULL;
	if (signer_obj != Py_None && (!PyObject_TypeCheck(signer_obj, &SignerType) || !sha || strlen(sha) != 64))
		return PyErr_Format(PyExc_TypeError, "signing needs a signer handle and the report's SHA-256");
	ReportObject *r = (ReportObject *)report_obj;
	if (r->used)
		return raise_report_used();
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	if (rule) {
		if (gi_rule_parse(&o.rule_kind, rule) < 0)
			return raise_gi();
		o.override_rule = 1;
	}
	VerifierObject *self = PyObject_New(VerifierObject, &VerifierType);
	if (!self)
		return NULL;
	self->v = NULL;
	self->spec = Py_NewRef(spec_obj);
	self->report = Py_NewRef(report_obj);
	self->signer = signer_obj != Py_None ? Py_NewRef(signer_obj) : NULL;
	self->info = (gi_record_info)GI_RECORD_INFO_INIT;
	self->sha[0] = '\0';
	self->issuer = issuer ? strdup(issuer) : NULL;
	self->want_svg = want_svg;
	self->over = self->failed = self->busy = 0;
	if (issuer && !self->issuer) {
		Py_DECREF(self);
		return PyErr_NoMemory();
	}
	if (self->signer) {
		memcpy(self->sha, sha, 65);
		self->info.spec = ((SpecObject *)spec_obj)->spec;
		self->info.report_name = gi_report_name(r->report);
		self->info.report_sha256 = self->sha;
		self->info.lab = gi_report_lab(r->report);
		self->info.issuer = self->issuer;
	}
	if (gi_verifier_new(&self->v, ((SpecObject *)spec_obj)->spec, r->report, &o) < 0) {
		Py_DECREF(self);
		return raise_gi();
	}
	r->used = 1;
	return (PyObject *)self;
}

/* verifier_summary(handle) -> the summary of the samples read so far, as
 * the CLI's JSON has it (gi_summary_json); decoded in Python. */
static PyObject *py_verifier_summary(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &VerifierType))
		return PyErr_Format(PyExc_TypeError, "expected a verifier handle");
	if (((VerifierObject *)arg)->failed)
		return raise_exc(UsageError, GI_EUSAGE, NULL, 0, "the verification stopped on an error: no summary");
	gi_summary sum;
	char *text = NULL;
	if (gi_verifier_summary(&sum, ((VerifierObject *)arg)->v) < 0 || gi_summary_json(&text, &sum) < 0)
		return raise_gi();
	PyObject *s = PyUnicode_FromString(text);
	gi_free(text);
	return s;
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

static PyObject *py_format_measurement(PyObject *mod, PyObject *args)
{
	double v, u;
	if (!PyArg_ParseTuple(args, "dd", &v, &u))
		return NULL;
	char buf[128];
	return gi_format_measurement(buf, sizeof buf, v, u, NULL) < 0 ? raise_gi() : PyUnicode_FromString(buf);
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


/* ---- statistics ---- */

static double *float_array(PyObject *seq, Py_ssize_t *n)
{
	PyObject *fast = PySequence_Fast(seq, "expected a sequence of numbers");
	if (!fast)
		return NULL;
	*n = PySequence_Fast_GET_SIZE(fast);
	double *v = PyMem_Malloc(((size_t)*n + 1) * sizeof *v);
	if (!v) {
		Py_DECREF(fast);
		PyErr_NoMemory();
		return NULL;
	}
	for (Py_ssize_t i = 0; i < *n; i++) {
		v[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
		if (v[i] == -1.0 && PyErr_Occurred()) {
			PyMem_Free(v);
			Py_DECREF(fast);
			return NULL;
		}
	}
	Py_DECREF(fast);
	return v;
}

static PyObject *py_stats_describe(PyObject *mod, PyObject *args)
{
	PyObject *seq;
	double conf = 0.95;
	if (!PyArg_ParseTuple(args, "O|d", &seq, &conf))
		return NULL;
	Py_ssize_t n;
	double *v = float_array(seq, &n);
	if (!v)
		return NULL;
	gi_stats st;
	int rc = gi_stats_describe(&st, v, (size_t)n, conf);
	PyMem_Free(v);
	if (rc < 0)
		return raise_gi();
	return Py_BuildValue("{s:n,s:d,s:d,s:d,s:(dd),s:d}", "n", (Py_ssize_t)st.n, "mean", st.mean, "sd", st.sd,
	                     "u_mean", st.u_mean, "ci", st.ci_low, st.ci_high, "confidence", st.confidence);
}

typedef int (*test_fn)(double *, size_t *, const double *, size_t);

static PyObject *outlier_test(PyObject *args, test_fn fn)
{
	PyObject *seq;
	if (!PyArg_ParseTuple(args, "O", &seq))
		return NULL;
	Py_ssize_t n;
	double *v = float_array(seq, &n);
	if (!v)
		return NULL;
	double g;
	size_t idx;
	int rc = fn(&g, &idx, v, (size_t)n);
	PyMem_Free(v);
	return rc < 0 ? raise_gi() : Py_BuildValue("(dn)", g, (Py_ssize_t)idx);
}

static PyObject *py_stats_grubbs(PyObject *mod, PyObject *args) { return outlier_test(args, gi_stats_grubbs); }
static PyObject *py_stats_dixon(PyObject *mod, PyObject *args) { return outlier_test(args, gi_stats_dixon); }

static PyObject *py_stats_grubbs_critical(PyObject *mod, PyObject *args)
{
	Py_ssize_t n;
	double a = 0.05;
	if (!PyArg_ParseTuple(args, "n|d", &n, &a))
		return NULL;
	double v;
	if (n < 0 || gi_stats_grubbs_critical_value(&v, (size_t)n, a) < 0)
		return n < 0 ? PyErr_Format(PyExc_ValueError, "n must not be negative") : raise_gi();
	return PyFloat_FromDouble(v);
}

static PyObject *py_stats_dixon_critical(PyObject *mod, PyObject *args)
{
	Py_ssize_t n;
	double a = 0.05;
	if (!PyArg_ParseTuple(args, "n|d", &n, &a))
		return NULL;
	double v;
	if (n < 0 || gi_stats_dixon_critical_value(&v, (size_t)n, a) < 0)
		return n < 0 ? PyErr_Format(PyExc_ValueError, "n must not be negative") : raise_gi();
	return PyFloat_FromDouble(v);
}

static PyObject *py_stats_algorithm_a(PyObject *mod, PyObject *args)
{
	PyObject *seq;
	if (!PyArg_ParseTuple(args, "O", &seq))
		return NULL;
	Py_ssize_t n;
	double *v = float_array(seq, &n);
	if (!v)
		return NULL;
	gi_robust r;
	int rc = gi_stats_algorithm_a(&r, v, (size_t)n);
	PyMem_Free(v);
	return rc < 0 ? raise_gi() : Py_BuildValue("{s:d,s:d,s:i}", "mean", r.mean, "sd", r.sd, "iterations", r.iterations);
}

static PyObject *py_stats_cochran(PyObject *mod, PyObject *args)
{
	PyObject *seq;
	if (!PyArg_ParseTuple(args, "O", &seq))
		return NULL;
	Py_ssize_t n;
	double *v = float_array(seq, &n);
	if (!v)
		return NULL;
	double c;
	int rc = gi_stats_cochran_c(&c, NULL, v, (size_t)n);
	PyMem_Free(v);
	return rc < 0 ? raise_gi() : PyFloat_FromDouble(c);
}

static PyObject *py_stats_cochran_critical(PyObject *mod, PyObject *args)
{
	Py_ssize_t p, n;
	double a = 0.05;
	if (!PyArg_ParseTuple(args, "nn|d", &p, &n, &a))
		return NULL;
	double v;
	if (p < 0 || n < 0 || gi_stats_cochran_critical_value(&v, (size_t)p, (size_t)n, a) < 0)
		return p < 0 || n < 0 ? PyErr_Format(PyExc_ValueError, "p and n must not be negative") : raise_gi();
	return PyFloat_FromDouble(v);
}

/* ---- global risks (JCGM 106) ---- */

static PyObject *opt_double(double v)
{
	if (isnan(v))
		Py_RETURN_NONE;
	return PyFloat_FromDouble(v);
}

static PyObject *risk_dict(const gi_risk *r)
{
	return Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:N,s:N,s:d,s:N,s:N,s:N,s:N,s:N}", "consumer", r->consumer,
	                     "producer", r->producer, "abserr", r->abserr, "nonconforming", r->nonconforming, "guard",
	                     r->guard, "accept_lower", opt_double(r->accept_lower), "accept_upper",
	                     opt_double(r->accept_upper), "process_sd", r->process_sd, "cp", opt_double(r->cp), "cpk",
	                     opt_double(r->cpk), "cpu", opt_double(r->cpu), "cpl", opt_double(r->cpl), "cm",
	                     opt_double(r->cm));
}

/* lower and upper are floats or None */
static int risk_options(gi_risk_options *o, PyObject *lower, PyObject *upper)
{
	if (lower != Py_None) {
		o->has_lower = 1;
		o->lower = PyFloat_AsDouble(lower);
	}
	if (upper != Py_None) {
		o->has_upper = 1;
		o->upper = PyFloat_AsDouble(upper);
	}
	return PyErr_Occurred() ? -1 : 0;
}

static PyObject *py_risk_global(PyObject *mod, PyObject *args)
{
	PyObject *lower, *upper;
	gi_risk_options o = GI_RISK_OPTIONS_INIT;
	if (!PyArg_ParseTuple(args, "OOddddp", &lower, &upper, &o.mean, &o.sd, &o.u, &o.guard, &o.sd_includes_u) ||
	    risk_options(&o, lower, upper) < 0)
		return NULL;
	gi_risk r;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_risk_global(&r, &o);
	Py_END_ALLOW_THREADS
	return rc < 0 ? raise_gi() : risk_dict(&r);
}

static PyObject *py_risk_guard_band(PyObject *mod, PyObject *args)
{
	PyObject *lower, *upper;
	double target;
	gi_risk_options o = GI_RISK_OPTIONS_INIT;
	if (!PyArg_ParseTuple(args, "dOOdddp", &target, &lower, &upper, &o.mean, &o.sd, &o.u, &o.sd_includes_u) ||
	    risk_options(&o, lower, upper) < 0)
		return NULL;
	gi_risk r;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_risk_guard_band(&r, target, &o);
	Py_END_ALLOW_THREADS
	return rc < 0 ? raise_gi() : risk_dict(&r);
}

static PyObject *py_risk_history_file(PyObject *mod, PyObject *args)
{
	const char *path, *column = NULL;
	if (!PyArg_ParseTuple(args, "s|z", &path, &column))
		return NULL;
	gi_stats st;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_risk_history_file(&st, path, column);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return raise_gi();
	return Py_BuildValue("{s:n,s:d,s:d,s:d,s:(dd),s:d}", "n", (Py_ssize_t)st.n, "mean", st.mean, "sd", st.sd,
	                     "u_mean", st.u_mean, "ci", st.ci_low, st.ci_high, "confidence", st.confidence);
}

/* ---- proficiency testing ---- */

static PyObject *pt_dict(gi_pt *pt)
{
	const gi_robust *r = gi_pt_robust(pt);
	PyObject *labs = PyList_New(0);
	for (size_t i = 0; labs && i < gi_pt_lab_count(pt); i++) {
		const gi_pt_lab *l = gi_pt_get_lab(pt, i);
		PyObject *d = Py_BuildValue("{s:s,s:n,s:d,s:d,s:d,s:d,s:s}", "lab", l->lab, "n", (Py_ssize_t)l->n, "mean",
		                            l->mean, "sd", l->sd, "z", l->z, "z_prime", l->z_prime,
		                            "class", gi_pt_class_name(l->grade));
		if (!d || PyList_Append(labs, d) < 0)
			Py_CLEAR(labs);
		Py_XDECREF(d);
	}
	if (!labs)
		return NULL;
	double c = 0, crit = 0;
	const char *lab = NULL;
	PyObject *cochran;
	if (gi_pt_cochran(pt, &c, &crit, &lab) == 0)
		cochran = Py_BuildValue("{s:d,s:d,s:s,s:O}", "C", c, "critical", crit, "lab", lab, "outlier",
		                        c > crit ? Py_True : Py_False);
	else
		cochran = Py_BuildValue("{s:s}", "not_applicable", gi_error_last()->message);
	return Py_BuildValue("{s:d,s:d,s:i,s:d,s:d,s:d,s:O,s:z,s:z,s:z,s:N,s:N}", "robust_mean", r->mean,
	                     "robust_sd", r->sd, "iterations", r->iterations, "assigned", gi_pt_assigned(pt),
	                     "sigma_pt", gi_pt_sigma(pt), "u_assigned", gi_pt_u_assigned(pt), "z_prime",
	                     gi_pt_uses_z_prime(pt) ? Py_True : Py_False, "warning", gi_pt_warning(pt),
	                     "analyte", gi_pt_analyte(pt), "unit", gi_pt_unit(pt), "labs", labs, "cochran", cochran);
}

static int pt_options(gi_pt_options *o, PyObject *assigned, PyObject *sigma, double alpha)
{
	o->alpha = alpha;
	if (assigned != Py_None) {
		o->has_assigned = 1;
		o->assigned = PyFloat_AsDouble(assigned);
	}
	if (sigma != Py_None) {
		o->has_sigma = 1;
		o->sigma = PyFloat_AsDouble(sigma);
	}
	return PyErr_Occurred() ? -1 : 0;
}

static PyObject *py_pt_load(PyObject *mod, PyObject *args)
{
	PyObject *path_obj, *assigned = Py_None, *sigma = Py_None;
	double alpha = 0.05;
	if (!PyArg_ParseTuple(args, "O&|OOd", PyUnicode_FSConverter, &path_obj, &assigned, &sigma, &alpha))
		return NULL;
	gi_pt_options o = GI_PT_OPTIONS_INIT;
	if (pt_options(&o, assigned, sigma, alpha) < 0) {
		Py_DECREF(path_obj);
		return NULL;
	}
	gi_pt *pt;
	int rc = gi_pt_load_file(&pt, PyBytes_AS_STRING(path_obj), &o);
	Py_DECREF(path_obj);
	if (rc < 0)
		return raise_gi();
	PyObject *d = pt_dict(pt);
	gi_pt_free(pt);
	return d;
}

static PyObject *py_pt_evaluate(PyObject *mod, PyObject *args)
{
	PyObject *labs_seq, *values_seq, *assigned = Py_None, *sigma = Py_None;
	double alpha = 0.05;
	if (!PyArg_ParseTuple(args, "OO|OOd", &labs_seq, &values_seq, &assigned, &sigma, &alpha))
		return NULL;
	gi_pt_options o = GI_PT_OPTIONS_INIT;
	if (pt_options(&o, assigned, sigma, alpha) < 0)
		return NULL;
	Py_ssize_t n, nl;
	double *v = float_array(values_seq, &n);
	if (!v)
		return NULL;
	PyObject *fast = PySequence_Fast(labs_seq, "labs must be a sequence of str");
	if (!fast || (nl = PySequence_Fast_GET_SIZE(fast)) != n) {
		PyMem_Free(v);
		Py_XDECREF(fast);
		return PyErr_Occurred() ? NULL : raise_exc(UsageError, GI_EUSAGE, NULL, 0, "labs and values differ in length");
	}
	const char **labs = PyMem_Malloc(((size_t)n + 1) * sizeof *labs);
	for (Py_ssize_t i = 0; labs && i < n; i++)
		if (!(labs[i] = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(fast, i)))) {
			PyMem_Free(labs);
			labs = NULL;
		}
	PyObject *d = NULL;
	if (labs) {
		gi_pt *pt;
		if (gi_pt_evaluate(&pt, labs, v, (size_t)n, &o) < 0) {
			raise_gi();
		} else {
			d = pt_dict(pt);
			gi_pt_free(pt);
		}
		PyMem_Free(labs);
	}
	PyMem_Free(v);
	Py_DECREF(fast);
	return d;
}

/* ---- signed records ---- */

static void signer_dealloc(SignerObject *self)
{
	gi_signer_free(self->signer);
	Py_XDECREF(self->sign);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject SignerType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "libgi._gi.SignerHandle",
	.tp_basicsize = sizeof(SignerObject),
	.tp_dealloc = (destructor)signer_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "A signing key and certificate (use libgi.Signer).",
};

static PyObject *py_signer_load(PyObject *mod, PyObject *args)
{
	const char *key = NULL, *cert = NULL, *p12 = NULL, *pw = NULL;
	if (!PyArg_ParseTuple(args, "zzzz", &key, &cert, &p12, &pw))
		return NULL;
	gi_signer_options o = GI_SIGNER_OPTIONS_INIT;
	o.key_file = key;
	o.cert_file = cert;
	o.pkcs12_file = p12;
	o.password = pw;
	gi_signer *s;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_signer_load(&s, &o);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return raise_gi();
	SignerObject *so = PyObject_New(SignerObject, &SignerType);
	if (!so) {
		gi_signer_free(s);
		return NULL;
	}
	so->signer = s;
	so->sign = NULL;
	return (PyObject *)so;
}

/* gi_sign_cb calling a Python callable: (digest name, digest bytes) ->
 * signature bytes. It may run while the GIL is released (in verify). */
static int py_sign(unsigned char *sig, size_t *sig_len, int md_nid, const unsigned char *digest, size_t digest_len,
                   void *payload)
{
	/* OpenSSL's NIDs of the digests a record can be signed with */
	const char *md = md_nid == 672 ? "sha256" : md_nid == 673 ? "sha384" : md_nid == 674 ? "sha512" : NULL;
	if (!md)
		return -1;
	PyGILState_STATE g = PyGILState_Ensure();
	PyObject *r = PyObject_CallFunction((PyObject *)payload, "sy#", md, (const char *)digest, (Py_ssize_t)digest_len);
	int rc = -1;
	if (r && PyBytes_Check(r) && PyBytes_GET_SIZE(r) > 0 && (size_t)PyBytes_GET_SIZE(r) <= *sig_len) {
		*sig_len = (size_t)PyBytes_GET_SIZE(r);
		memcpy(sig, PyBytes_AS_STRING(r), *sig_len);
		rc = 0;
	}
	Py_XDECREF(r);
	PyErr_Clear();   /* libgi reports that the signing function failed */
	PyGILState_Release(g);
	return rc;
}

static PyObject *py_signer_external(PyObject *mod, PyObject *args)
{
	PyObject *sign;
	const char *cert = NULL, *pem = NULL;
	if (!PyArg_ParseTuple(args, "Ozz", &sign, &cert, &pem))
		return NULL;
	if (!PyCallable_Check(sign))
		return PyErr_Format(PyExc_TypeError, "sign must be callable (digest name, digest -> signature bytes)");
	SignerObject *so = PyObject_New(SignerObject, &SignerType);
	if (!so)
		return NULL;
	so->signer = NULL;
	Py_INCREF(sign);
	so->sign = sign;
	gi_signer_options o = GI_SIGNER_OPTIONS_INIT;
	o.cert_file = cert;
	gi_signer_external ext = GI_SIGNER_EXTERNAL_INIT;
	ext.sign = py_sign;
	ext.payload = sign;
	ext.cert_pem = pem;
	if (gi_signer_load_external(&so->signer, &o, &ext) < 0) {
		Py_DECREF(so);
		return raise_gi();
	}
	return (PyObject *)so;
}

static PyObject *py_signer_subject(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &SignerType))
		return PyErr_Format(PyExc_TypeError, "expected a signer handle");
	return PyUnicode_FromString(gi_signer_subject(((SignerObject *)arg)->signer));
}

typedef struct {
	PyObject_HEAD
	gi_trust *trust;
} TrustObject;

static void trust_dealloc(TrustObject *self)
{
	gi_trust_free(self->trust);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject TrustType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "libgi._gi.TrustHandle",
	.tp_basicsize = sizeof(TrustObject),
	.tp_dealloc = (destructor)trust_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "Trust anchors and CRL (use libgi.Trust).",
};

static PyObject *py_trust_load(PyObject *mod, PyObject *args)
{
	const char *anchors, *crl = NULL;
	if (!PyArg_ParseTuple(args, "s|z", &anchors, &crl))
		return NULL;
	gi_trust *t;
	if (gi_trust_load(&t, anchors, crl) < 0)
		return raise_gi();
	TrustObject *o = PyObject_New(TrustObject, &TrustType);
	if (!o) {
		gi_trust_free(t);
		return NULL;
	}
	o->trust = t;
	return (PyObject *)o;
}

static PyObject *py_record_verify(PyObject *mod, PyObject *args)
{
	Py_buffer buf;
	const char *name = "(memory)";
	PyObject *trust;
	if (!PyArg_ParseTuple(args, "y*sO!", &buf, &name, &TrustType, &trust))
		return NULL;
	gi_record_check *c = NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_record_verify(&c, buf.buf, (size_t)buf.len, name, ((TrustObject *)trust)->trust);
	Py_END_ALLOW_THREADS
	PyBuffer_Release(&buf);
	if (!c)
		return raise_gi();
	PyObject *d = Py_BuildValue("{s:s,s:O,s:s,s:z,s:z,s:z,s:z,s:z,s:z,s:z,s:z,s:z,s:z,s:z}", "status",
	                            gi_record_status_name(c->status), "valid", rc == 0 ? Py_True : Py_False, "reason",
	                            c->reason, "record", c->record_id, "sample", c->sample_id, "verdict", c->verdict,
	                            "signed_at", c->issued, "signer", c->signer, "signer_issuer", c->signer_issuer,
	                            "serial", c->serial, "verified_at", c->verified_at, "timestamp", c->timestamp,
	                            "tsa", c->tsa, "claimed_issuer", c->claimed_issuer);
	gi_record_check_free(c);
	gi_error_clear();
	return d;
}

static PyObject *py_trust_set_time(PyObject *mod, PyObject *args)
{
	PyObject *trust;
	long long when;
	if (!PyArg_ParseTuple(args, "O!L", &TrustType, &trust, &when))
		return NULL;
	if (gi_trust_set_time(((TrustObject *)trust)->trust, when) < 0)
		return raise_gi();
	Py_RETURN_NONE;
}

/* gi_tsa_cb calling a Python callable: bytes request -> bytes response.
 * Runs with the GIL held (restamp does not release it). */
static int py_tsa(unsigned char **resp, size_t *resp_len, const unsigned char *req, size_t req_len, void *payload)
{
	PyObject *r = PyObject_CallFunction((PyObject *)payload, "y#", (const char *)req, (Py_ssize_t)req_len);
	if (!r || !PyBytes_Check(r) || PyBytes_GET_SIZE(r) == 0) {
		Py_XDECREF(r);
		PyErr_Clear();
		return -1;
	}
	*resp_len = (size_t)PyBytes_GET_SIZE(r);
	*resp = malloc(*resp_len);
	if (*resp)
		memcpy(*resp, PyBytes_AS_STRING(r), *resp_len);
	Py_DECREF(r);
	return *resp ? 0 : -1;
}

static PyObject *py_record_restamp(PyObject *mod, PyObject *args)
{
	Py_buffer buf;
	const char *name = "(memory)";
	PyObject *trust, *tsa;
	if (!PyArg_ParseTuple(args, "y*sO!O", &buf, &name, &TrustType, &trust, &tsa))
		return NULL;
	if (!PyCallable_Check(tsa)) {
		PyBuffer_Release(&buf);
		return PyErr_Format(PyExc_TypeError, "tsa must be callable (bytes request -> bytes response)");
	}
	char *out = NULL;
	size_t len = 0;
	int rc = gi_record_restamp(&out, &len, buf.buf, (size_t)buf.len, name, ((TrustObject *)trust)->trust, py_tsa, tsa);
	PyBuffer_Release(&buf);
	if (rc < 0)
		return raise_gi();
	PyObject *b = PyBytes_FromStringAndSize(out, (Py_ssize_t)len);
	gi_free(out);
	return b;
}

static PyObject *py_record_json(PyObject *mod, PyObject *args)
{
	Py_buffer buf;
	const char *name = "(memory)";
	if (!PyArg_ParseTuple(args, "y*|s", &buf, &name))
		return NULL;
	char *js;
	int rc = gi_record_json(&js, buf.buf, (size_t)buf.len, name);
	PyBuffer_Release(&buf);
	if (rc < 0)
		return raise_gi();
	PyObject *s = PyUnicode_FromString(js);
	gi_free(js);
	return s;
}

static PyObject *py_sha256_file(PyObject *mod, PyObject *args)
{
	PyObject *path_obj;
	if (!PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &path_obj))
		return NULL;
	char hex[65];
	int rc = gi_sha256_file(hex, PyBytes_AS_STRING(path_obj));
	Py_DECREF(path_obj);
	return rc < 0 ? raise_gi() : PyUnicode_FromString(hex);
}

static PyObject *py_sha256_bytes(PyObject *mod, PyObject *args)
{
	Py_buffer buf;
	if (!PyArg_ParseTuple(args, "y*", &buf))
		return NULL;
	char hex[65];
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_sha256_memory(hex, buf.buf, (size_t)buf.len);
	Py_END_ALLOW_THREADS
	PyBuffer_Release(&buf);
	return rc < 0 ? raise_gi() : PyUnicode_FromString(hex);
}

/* ---- names ---- */

static void append_str(PyObject *list, const char *s)
{
	PyObject *o = PyUnicode_FromString(s);
	if (o)
		PyList_Append(list, o);
	Py_XDECREF(o);
}

static PyObject *py_names(PyObject *mod, PyObject *noargs)
{
	PyObject *verdicts = PyList_New(0), *rules = PyList_New(0), *statuses = PyList_New(0), *bases = PyList_New(0);
	for (int v = GI_VERDICT_PASS; verdicts && v <= GI_VERDICT_CONDITIONAL_FAIL; v++)
		append_str(verdicts, gi_verdict_name((gi_verdict)v));
	for (int r = GI_RULE_SIMPLE; rules && r <= GI_RULE_RESIDUE; r++) {
		gi_rule_kind k;
		const char *name = gi_rule_name((gi_rule_kind)r);
		if (gi_rule_parse(&k, name) == 0 && (int)k == r)
			append_str(rules, name);
	}
	for (int st = GI_RECORD_VALID; statuses && strcmp(gi_record_status_name((gi_record_status)st), "unknown") != 0; st++)
		append_str(statuses, gi_record_status_name((gi_record_status)st));
	for (int b = GI_BASIS_AS_IS; bases && b <= GI_BASIS_FAT; b++)
		append_str(bases, gi_basis_name((gi_basis)b));
	PyObject *codes = PyDict_New();
	static const int all[] = { GI_OK, GI_ERROR, GI_ENOMEM, GI_EIO, GI_EPARSE, GI_EINVALID, GI_EUSAGE, GI_EABORTED };
	for (size_t i = 0; codes && i < sizeof all / sizeof all[0]; i++) {
		PyObject *k = PyLong_FromLong(all[i]), *v = PyUnicode_FromString(gi_status_name(all[i]));
		PyDict_SetItem(codes, k, v);
		Py_XDECREF(k);
		Py_XDECREF(v);
	}
	return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N}", "verdicts", verdicts, "rules", rules, "record_statuses", statuses,
	                     "bases", bases, "status_codes", codes);
}

/* text(kind, name): a verdict's or a rule's words in the language of
 * LC_MESSAGES at the call (gi_verdict_text, gi_rule_text). */
static PyObject *py_text(PyObject *mod, PyObject *args)
{
	const char *kind, *name;
	if (!PyArg_ParseTuple(args, "ss", &kind, &name))
		return NULL;
	if (strcmp(kind, "rule") == 0) {
		gi_rule_kind k;
		if (gi_rule_parse(&k, name) < 0)
			return raise_gi();
		return PyUnicode_FromString(gi_rule_text(k));
	}
	for (int v = GI_VERDICT_PASS; v <= GI_VERDICT_CONDITIONAL_FAIL; v++)
		if (strcmp(gi_verdict_name((gi_verdict)v), name) == 0)
			return PyUnicode_FromString(gi_verdict_text((gi_verdict)v));
	PyErr_Format(PyExc_ValueError, "unknown verdict '%s'", name);
	return NULL;
}

static PyObject *py_pt_classify(PyObject *mod, PyObject *args)
{
	double z;
	if (!PyArg_ParseTuple(args, "d", &z))
		return NULL;
	return PyUnicode_FromString(gi_pt_class_name(gi_pt_classify(z)));
}

static PyObject *py_version(PyObject *mod, PyObject *noargs)
{
	return PyUnicode_FromString(gi_version());
}

static PyObject *py_spec_dir(PyObject *mod, PyObject *noargs)
{
	return PyUnicode_DecodeFSDefault(gi_spec_dir());
}

/* ---- stamps (gi/stamp.h) ---- */

typedef struct {
	PyObject_HEAD
	gi_stamp_keys *keys;
} StampKeysObject;

static void stamp_keys_dealloc(StampKeysObject *self)
{
	gi_stamp_keys_free(self->keys);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject StampKeysType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "libgi._gi.StampKeysHandle",
	.tp_basicsize = sizeof(StampKeysObject),
	.tp_dealloc = (destructor)stamp_keys_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "The council's stamp certificates (use libgi.StampKeys).",
};

static PyObject *py_stamp_sign(PyObject *mod, PyObject *args)
{
	PyObject *signer;
	gi_stamp st = GI_STAMP_INIT;
	if (!PyArg_ParseTuple(args, "O!szsz", &SignerType, &signer, &st.domain, &st.gtin, &st.lot, &st.serial))
		return NULL;
	char *uri = NULL;
	if (gi_stamp_sign(&uri, ((SignerObject *)signer)->signer, &st) < 0)
		return raise_gi();
	PyObject *r = PyUnicode_FromString(uri);
	gi_free(uri);
	return r;
}

static PyObject *py_stamp_keys_load(PyObject *mod, PyObject *args)
{
	const char *path;
	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	gi_stamp_keys *k;
	if (gi_stamp_keys_load(&k, path) < 0)
		return raise_gi();
	StampKeysObject *o = PyObject_New(StampKeysObject, &StampKeysType);
	if (!o) {
		gi_stamp_keys_free(k);
		return NULL;
	}
	o->keys = k;
	return (PyObject *)o;
}

static PyObject *py_stamp_verify(PyObject *mod, PyObject *args)
{
	const char *uri;
	PyObject *keys;
	if (!PyArg_ParseTuple(args, "sO!", &uri, &StampKeysType, &keys))
		return NULL;
	gi_stamp_check *c = NULL;
	int rc = gi_stamp_verify(&c, uri, ((StampKeysObject *)keys)->keys);
	if (!c)
		return raise_gi();
	PyObject *d = Py_BuildValue("{s:O,s:s,s:z,s:z,s:z,s:z,s:z}", "genuine", rc == 0 ? Py_True : Py_False, "reason",
	                            c->reason, "domain", c->domain, "gtin", c->gtin, "lot", c->lot, "serial", c->serial,
	                            "signer", c->signer);
	gi_stamp_check_free(c);
	gi_error_clear();
	return d;
}

static PyObject *py_stamp_qr_svg(PyObject *mod, PyObject *args)
{
	const char *text;
	double mm = 0.5;
	if (!PyArg_ParseTuple(args, "s|d", &text, &mm))
		return NULL;
	char *svg = NULL;
	if (gi_stamp_qr_svg(&svg, text, mm) < 0)
		return raise_gi();
	PyObject *r = PyUnicode_FromString(svg);
	gi_free(svg);
	return r;
}

static PyObject *py_stamp_qr_png(PyObject *mod, PyObject *args)
{
	const char *text;
	int scale = 8;
	if (!PyArg_ParseTuple(args, "s|i", &text, &scale))
		return NULL;
	unsigned char *png = NULL;
	size_t len = 0;
	if (gi_stamp_qr_png(&png, &len, text, scale) < 0)
		return raise_gi();
	PyObject *r = PyBytes_FromStringAndSize((const char *)png, (Py_ssize_t)len);
	gi_free(png);
	return r;
}

/* below, beside the log it reads */
static PyObject *py_stamp_lot_proof(PyObject *mod, PyObject *args);

static PyObject *py_stamp_sheet(PyObject *mod, PyObject *args)
{
	PyObject *list;
	gi_stamp_sheet_options o = GI_STAMP_SHEET_OPTIONS_INIT;
	if (!PyArg_ParseTuple(args, "O!idddip", &PyList_Type, &list, &o.format, &o.module_mm, &o.width_mm, &o.gap_mm,
	                      &o.scale, &o.labels))
		return NULL;
	Py_ssize_t n = PyList_GET_SIZE(list);
	const char **uris = PyMem_Calloc(n ? (size_t)n : 1, sizeof *uris);
	if (!uris)
		return PyErr_NoMemory();
	for (Py_ssize_t i = 0; i < n; i++)
		if (!(uris[i] = PyUnicode_AsUTF8(PyList_GET_ITEM(list, i)))) {
			PyMem_Free(uris);
			return NULL;
		}
	unsigned char *out = NULL;
	size_t len = 0;
	int rc = gi_stamp_sheet(&out, &len, uris, (size_t)n, &o);
	PyMem_Free(uris);
	if (rc < 0)
		return raise_gi();
	PyObject *r = PyBytes_FromStringAndSize((const char *)out, (Py_ssize_t)len);
	gi_free(out);
	return r;
}

static PyObject *tri(int v)
{
	if (v < 0)
		Py_RETURN_NONE;
	return PyBool_FromLong(v);
}

static PyObject *py_stamp_inspect(PyObject *mod, PyObject *args)
{
	const char *uri;
	PyObject *keys, *trust;
	Py_buffer status = { 0 };
	gi_stamp_inspect_options o = GI_STAMP_INSPECT_OPTIONS_INIT;
	PyObject *dirobj = NULL;
	if (!PyArg_ParseTuple(args, "sO!z*OO&zzL", &uri, &StampKeysType, &keys, &status, &trust, PyUnicode_FSConverter,
	                      &dirobj, &o.log_proof, &o.log_key, &o.now))
		return NULL;
	if (trust != Py_None && !PyObject_TypeCheck(trust, &TrustType)) {
		PyBuffer_Release(&status);
		Py_XDECREF(dirobj);
		PyErr_SetString(PyExc_TypeError, "trust must be a Trust or None");
		return NULL;
	}
	o.status_list = status.buf;
	o.status_len = status.buf ? (size_t)status.len : 0;
	o.trust = trust != Py_None ? ((TrustObject *)trust)->trust : NULL;
	o.log_dir = dirobj && PyBytes_GET_SIZE(dirobj) ? PyBytes_AS_STRING(dirobj) : NULL;
	gi_stamp_check *c = NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_stamp_inspect(&c, uri, ((StampKeysObject *)keys)->keys, &o);
	Py_END_ALLOW_THREADS
	PyBuffer_Release(&status);
	Py_XDECREF(dirobj);
	if (!c)
		return raise_gi();
	PyObject *d = Py_BuildValue("{s:O,s:s,s:z,s:z,s:z,s:z,s:z,s:z,s:z,s:z,s:z,s:N,s:z,s:N,s:N,s:n,s:z,s:z}",
	                            "genuine", rc == 0 ? Py_True : Py_False, "reason", c->reason, "domain", c->domain,
	                            "gtin", c->gtin, "lot", c->lot, "serial", c->serial, "signer", c->signer,
	                            "permit", c->permit, "permit_state", c->permit_state, "valid_from", c->valid_from,
	                            "valid_until", c->valid_until, "permit_valid", tri(c->permit_valid), "status_date",
	                            c->status_date, "issued", tri(c->issued), "in_log", tri(c->in_log), "log_records",
	                            (Py_ssize_t)c->log_records, "log", c->log_origin, "warning", c->warning);
	gi_stamp_check_free(c);
	gi_error_clear();
	return d;
}

/* ---- the council's registry ---- */

typedef struct {
	PyObject_HEAD
	gi_registry *reg;
	PyObject *keep;     /* the spec, trust and signer handles it borrows */
} RegistryObject;

static void registry_dealloc(RegistryObject *self)
{
	gi_registry_free(self->reg);
	Py_XDECREF(self->keep);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject RegistryType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "libgi._gi.RegistryHandle",
	.tp_basicsize = sizeof(RegistryObject),
	.tp_dealloc = (destructor)registry_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "An open registry (use libgi.Registry).",
};

static PyObject *py_registry_open(PyObject *mod, PyObject *args)
{
	const char *url, *actor = NULL, *banned = NULL, *log_dir = NULL, *log_key = NULL;
	PyObject *spec, *trust, *signer;
	int months_pass = 0, months_fail = 0, repeat = 0, schema = 0;
	long long now = 0;
	if (!PyArg_ParseTuple(args, "sO!OOzziiiLi|zz", &url, &SpecType, &spec, &trust, &signer, &actor, &banned,
	                      &months_pass, &months_fail, &repeat, &now, &schema, &log_dir, &log_key))
		return NULL;
	if (trust != Py_None && !PyObject_TypeCheck(trust, &TrustType))
		return PyErr_Format(PyExc_TypeError, "trust must be a trust handle or None");
	if (signer != Py_None && !PyObject_TypeCheck(signer, &SignerType))
		return PyErr_Format(PyExc_TypeError, "signer must be a signer handle or None");
	gi_registry_options o = GI_REGISTRY_OPTIONS_INIT;
	o.spec = ((SpecObject *)spec)->spec;
	o.trust = trust != Py_None ? ((TrustObject *)trust)->trust : NULL;
	o.signer = signer != Py_None ? ((SignerObject *)signer)->signer : NULL;
	o.actor = actor;
	o.banned_file = banned;
	o.months_pass = months_pass;
	o.months_fail = months_fail;
	o.repeat_months = repeat;
	o.now = now;
	o.schema_version = schema;
	o.log_dir = log_dir;
	o.log_key = log_key;
	gi_registry *reg;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_registry_open(&reg, url, &o);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return raise_gi();
	RegistryObject *ro = PyObject_New(RegistryObject, &RegistryType);
	if (!ro) {
		gi_registry_free(reg);
		return NULL;
	}
	ro->reg = reg;
	ro->keep = PyTuple_Pack(3, spec, trust, signer);
	if (!ro->keep) {
		Py_DECREF(ro);
		return NULL;
	}
	return (PyObject *)ro;
}

static PyObject *py_registry_call(PyObject *mod, PyObject *args)
{
	PyObject *h;
	const char *action, *json;
	if (!PyArg_ParseTuple(args, "O!ss", &RegistryType, &h, &action, &json))
		return NULL;
	RegistryObject *ro = (RegistryObject *)h;
	if (!ro->reg)
		return PyErr_Format(PyExc_ValueError, "the registry is closed");
	char *out = NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_registry_call(ro->reg, &out, action, json);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return raise_gi();
	PyObject *r = PyUnicode_FromString(out);
	gi_free(out);
	return r;
}

static PyObject *py_registry_close(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &RegistryType))
		return PyErr_Format(PyExc_TypeError, "expected a registry handle");
	RegistryObject *ro = (RegistryObject *)arg;
	gi_registry_free(ro->reg);
	ro->reg = NULL;
	Py_RETURN_NONE;
}

static PyObject *py_registry_schema_version(PyObject *mod, PyObject *arg)
{
	if (!PyObject_TypeCheck(arg, &RegistryType))
		return PyErr_Format(PyExc_TypeError, "expected a registry handle");
	return PyLong_FromLong(gi_registry_schema_version(((RegistryObject *)arg)->reg));
}

static PyObject *py_registry_lot_code_check(PyObject *mod, PyObject *args)
{
	const char *code;
	if (!PyArg_ParseTuple(args, "s", &code))
		return NULL;
	if (gi_registry_lot_code_check(code) < 0)
		return raise_gi();
	Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
	{ "spec_load", py_spec_load, METH_VARARGS, "spec_load(path) -> handle" },
	{ "stamp_sign", py_stamp_sign, METH_VARARGS, "stamp_sign(signer, domain, gtin, lot, serial) -> str" },
	{ "stamp_keys_load", py_stamp_keys_load, METH_VARARGS, "stamp_keys_load(path) -> handle" },
	{ "stamp_verify", py_stamp_verify, METH_VARARGS, "stamp_verify(uri, keys) -> dict" },
	{ "stamp_qr_svg", py_stamp_qr_svg, METH_VARARGS, "stamp_qr_svg(text, module_mm=0.5) -> str" },
	{ "stamp_qr_png", py_stamp_qr_png, METH_VARARGS, "stamp_qr_png(text, scale=8) -> bytes" },
	{ "stamp_sheet", py_stamp_sheet, METH_VARARGS,
	  "stamp_sheet(uris, format, module_mm, width_mm, gap_mm, scale, labels) -> bytes" },
	{ "stamp_inspect", py_stamp_inspect, METH_VARARGS,
	  "stamp_inspect(uri, keys, status, trust, log_dir, log_proof, log_key, now) -> dict" },
	{ "stamp_lot_proof", py_stamp_lot_proof, METH_VARARGS, "stamp_lot_proof(log, lot) -> str" },
	{ "registry_open", py_registry_open, METH_VARARGS,
	  "registry_open(url, spec, trust, signer, actor, banned, months_pass, months_fail, repeat_months, now, schema) -> handle" },
	{ "registry_call", py_registry_call, METH_VARARGS, "registry_call(handle, action, json) -> json" },
	{ "registry_close", py_registry_close, METH_O, "registry_close(handle)" },
	{ "registry_schema_version", py_registry_schema_version, METH_O, "registry_schema_version(handle) -> int" },
	{ "registry_lot_code_check", py_registry_lot_code_check, METH_VARARGS, "registry_lot_code_check(code)" },
	{ "spec_from_bytes", py_spec_from_bytes, METH_VARARGS, "spec_from_bytes(data, name) -> handle" },
	{ "spec_info", py_spec_info, METH_O, "spec_info(handle) -> dict" },
	{ "spec_products", py_spec_products, METH_O, "spec_products(handle) -> list" },
	{ "report_open", py_report_open, METH_VARARGS, "report_open(path, format, decimal) -> handle" },
	{ "report_from_bytes", py_report_from_bytes, METH_VARARGS, "report_from_bytes(data, name, format, decimal) -> handle" },
	{ "report_info", py_report_lab, METH_O, "report_info(handle) -> dict" },
	{ "report_claim", py_report_claim, METH_O, "report_claim(handle): UsageError if the report was read before" },
	{ "report_next", py_report_next, METH_O, "report_next(handle) -> dict or None" },
	{ "spec_analytes", py_spec_analytes, METH_O, "spec_analytes(handle) -> list" },
	{ "spec_areas", py_spec_areas, METH_O, "spec_areas(handle) -> list" },
	{ "spec_has", py_spec_has, METH_VARARGS, "spec_has(handle, 'product'|'analyte', id) -> bool" },
	{ "verifier_new", py_verifier_new, METH_VARARGS,
	  "verifier_new(spec, report, rule, signer, sha256, issuer, pictures) -> iterator of sample tuples" },
	{ "verifier_summary", py_verifier_summary, METH_O, "verifier_summary(handle) -> summary JSON" },
	{ "parse_number", py_parse_number, METH_VARARGS, "parse_number(text) -> float" },
	{ "format_measurement", py_format_measurement, METH_VARARGS, "format_measurement(value, U) -> str" },
	{ "unit_convert", py_unit_convert, METH_VARARGS, "unit_convert(value, from, to) -> float" },
	{ "unit_canonical", py_unit_canonical, METH_VARARGS, "unit_canonical(spelling) -> str" },
	{ "version", py_version, METH_NOARGS, "version() -> str" },
	{ "spec_dir", py_spec_dir, METH_NOARGS, "spec_dir() -> str" },
	{ "stats_describe", py_stats_describe, METH_VARARGS, "stats_describe(values, confidence) -> dict" },
	{ "stats_grubbs", py_stats_grubbs, METH_VARARGS, "stats_grubbs(values) -> (G, index)" },
	{ "stats_grubbs_critical", py_stats_grubbs_critical, METH_VARARGS, "stats_grubbs_critical(n, alpha) -> float" },
	{ "stats_dixon", py_stats_dixon, METH_VARARGS, "stats_dixon(values) -> (Q, index)" },
	{ "stats_dixon_critical", py_stats_dixon_critical, METH_VARARGS, "stats_dixon_critical(n, alpha) -> float" },
	{ "stats_algorithm_a", py_stats_algorithm_a, METH_VARARGS, "stats_algorithm_a(values) -> dict" },
	{ "stats_cochran", py_stats_cochran, METH_VARARGS, "stats_cochran(variances) -> float" },
	{ "stats_cochran_critical", py_stats_cochran_critical, METH_VARARGS, "stats_cochran_critical(p, n, alpha) -> float" },
	{ "risk_global", py_risk_global, METH_VARARGS, "risk_global(lower, upper, mean, sd, u, guard, sd_includes_u) -> dict" },
	{ "risk_guard_band", py_risk_guard_band, METH_VARARGS, "risk_guard_band(target, lower, upper, mean, sd, u, sd_includes_u) -> dict" },
	{ "risk_history_file", py_risk_history_file, METH_VARARGS, "risk_history_file(path, column) -> dict" },
	{ "pt_load", py_pt_load, METH_VARARGS, "pt_load(path, assigned, sigma, alpha) -> dict" },
	{ "pt_evaluate", py_pt_evaluate, METH_VARARGS, "pt_evaluate(labs, values, assigned, sigma, alpha) -> dict" },
	{ "pt_classify", py_pt_classify, METH_VARARGS, "pt_classify(z) -> str" },
	{ "signer_load", py_signer_load, METH_VARARGS, "signer_load(key, cert, pkcs12, password) -> handle" },
	{ "signer_external", py_signer_external, METH_VARARGS, "signer_external(sign, cert, cert_pem) -> handle" },
	{ "signer_subject", py_signer_subject, METH_O, "signer_subject(handle) -> str" },
	{ "trust_load", py_trust_load, METH_VARARGS, "trust_load(anchors, crl) -> handle" },
	{ "record_verify", py_record_verify, METH_VARARGS, "record_verify(xml, name, trust) -> dict" },
	{ "record_json", py_record_json, METH_VARARGS, "record_json(xml, name) -> str" },
	{ "text", py_text, METH_VARARGS, "text(kind, name) -> str: a verdict's or rule's words in the language of LC_MESSAGES" },
	{ "trust_set_time", py_trust_set_time, METH_VARARGS, "trust_set_time(trust, when)" },
	{ "record_restamp", py_record_restamp, METH_VARARGS, "record_restamp(xml, name, trust, tsa) -> bytes" },
	{ "sha256_file", py_sha256_file, METH_VARARGS, "sha256_file(path) -> str" },
	{ "sha256_bytes", py_sha256_bytes, METH_VARARGS, "sha256_bytes(data) -> str" },
	{ "names", py_names, METH_NOARGS, "names() -> dict of the library's enumerations" },
	{ NULL, NULL, 0, NULL }
};

static int log_add_functions(PyObject *m);

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT, "libgi._gi", "C half of the libgi binding.", -1, methods,
	NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__gi(void)
{
	if (PyType_Ready(&SpecType) < 0 || PyType_Ready(&ReportType) < 0 || PyType_Ready(&SignerType) < 0 ||
	    PyType_Ready(&TrustType) < 0 || PyType_Ready(&StampKeysType) < 0 || PyType_Ready(&VerifierType) < 0 ||
	    PyType_Ready(&RegistryType) < 0)
		return NULL;
	PyObject *m = PyModule_Create(&module);
	if (!m)
		return NULL;
	Py_AtExit(gi_shutdown);   /* release libgi's process-wide state at finalisation */
	Error = PyErr_NewExceptionWithDoc("libgi.Error", "A libgi call failed.", NULL, NULL);
	/* a file that cannot be read is also an OSError, as open() raises */
	PyObject *file_bases = Error ? PyTuple_Pack(2, Error, PyExc_OSError) : NULL;
	FileError = file_bases ? PyErr_NewExceptionWithDoc("libgi.FileError", "A file cannot be read or written.",
	                                                   file_bases, NULL) : NULL;
	Py_XDECREF(file_bases);
	ParseError = PyErr_NewExceptionWithDoc("libgi.ParseError", "Input is not well-formed, or a value is malformed.", Error, NULL);
	InvalidError = PyErr_NewExceptionWithDoc("libgi.InvalidError", "Input breaks its schema or a semantic rule.", Error, NULL);
	/* an argument that is not valid is also a ValueError */
	PyObject *usage_bases = Error ? PyTuple_Pack(2, Error, PyExc_ValueError) : NULL;
	UsageError = usage_bases ? PyErr_NewExceptionWithDoc("libgi.UsageError", "An argument is not valid.",
	                                                     usage_bases, NULL) : NULL;
	Py_XDECREF(usage_bases);
	AbortedError = PyErr_NewExceptionWithDoc("libgi.AbortedError", "The operation was stopped.", Error, NULL);
	if (!Error || !FileError || !ParseError || !InvalidError || !UsageError || !AbortedError ||
	    PyModule_AddObjectRef(m, "Error", Error) < 0 || PyModule_AddObjectRef(m, "FileError", FileError) < 0 ||
	    PyModule_AddObjectRef(m, "ParseError", ParseError) < 0 ||
	    PyModule_AddObjectRef(m, "InvalidError", InvalidError) < 0 ||
	    PyModule_AddObjectRef(m, "UsageError", UsageError) < 0 ||
	    PyModule_AddObjectRef(m, "AbortedError", AbortedError) < 0 || log_add_functions(m) < 0) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}

/* ---------------------------------------------------------------- transparency log (gi/log.h) */

/* the handle: a capsule around a box, so that close() can free the log
 * before the capsule goes */
typedef struct { gi_log *log; } log_box;

static void log_capsule_free(PyObject *cap)
{
	log_box *b = PyCapsule_GetPointer(cap, "libgi.log");
	if (b) {
		gi_log_free(b->log);
		PyMem_Free(b);
	}
}

static gi_log *log_of(PyObject *cap)
{
	log_box *b = PyCapsule_GetPointer(cap, "libgi.log");
	if (!b)
		return NULL;
	if (!b->log) {
		raise_exc(UsageError, GI_EUSAGE, NULL, 0, "the log is closed");
		return NULL;
	}
	return b->log;
}

static PyObject *py_stamp_lot_proof(PyObject *mod, PyObject *args)
{
	PyObject *cap;
	const char *lot;
	if (!PyArg_ParseTuple(args, "Os", &cap, &lot))
		return NULL;
	gi_log *log = log_of(cap);
	if (!log)
		return NULL;
	char *out = NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_stamp_lot_proof(&out, log, lot);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return raise_gi();
	PyObject *r = PyUnicode_FromString(out);
	gi_free(out);
	return r;
}

static PyObject *py_log_keygen(PyObject *mod, PyObject *args)
{
	const char *name;
	if (!PyArg_ParseTuple(args, "s", &name))
		return NULL;
	char *skey, *vkey;
	if (gi_log_keygen(&skey, &vkey, name) < 0)
		return raise_gi();
	PyObject *r = Py_BuildValue("(ss)", skey, vkey);
	gi_free(skey);
	gi_free(vkey);
	return r;
}

static PyObject *py_log_open(PyObject *mod, PyObject *args)
{
	PyObject *dirobj;
	const char *skey, *vkey, *ca = NULL;
	int create;
	long timeout = 0;
	if (!PyArg_ParseTuple(args, "O&zzp|zl", PyUnicode_FSConverter, &dirobj, &skey, &vkey, &create, &ca, &timeout))
		return NULL;
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.signer_key = skey;
	o.verifier_key = vkey;
	o.create = create;
	o.ca_file = ca;
	o.timeout = timeout;
	gi_log *log = NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_log_open(&log, PyBytes_AS_STRING(dirobj), &o);
	Py_END_ALLOW_THREADS
	Py_DECREF(dirobj);
	if (rc < 0)
		return raise_gi();
	log_box *b = PyMem_Malloc(sizeof *b);
	if (!b) {
		gi_log_free(log);
		return PyErr_NoMemory();
	}
	b->log = log;
	PyObject *cap = PyCapsule_New(b, "libgi.log", log_capsule_free);
	if (!cap) {
		gi_log_free(log);
		PyMem_Free(b);
	}
	return cap;
}

static PyObject *py_log_close(PyObject *mod, PyObject *cap)
{
	log_box *b = PyCapsule_GetPointer(cap, "libgi.log");
	if (!b)
		return NULL;
	gi_log_free(b->log);
	b->log = NULL;
	Py_RETURN_NONE;
}

static PyObject *py_log_append(PyObject *mod, PyObject *args)
{
	PyObject *cap;
	Py_buffer e;
	if (!PyArg_ParseTuple(args, "Oy*", &cap, &e))
		return NULL;
	gi_log *log = log_of(cap);
	uint64_t idx = 0;
	int rc = log ? gi_log_append(log, e.buf, (size_t)e.len, &idx) : 0;
	PyBuffer_Release(&e);
	if (!log)
		return NULL;
	return rc < 0 ? raise_gi() : PyLong_FromUnsignedLongLong(idx);
}

static PyObject *py_log_commit(PyObject *mod, PyObject *cap)
{
	gi_log *log = log_of(cap);
	if (!log)
		return NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_log_commit(log);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return raise_gi();
	return PyLong_FromUnsignedLongLong(gi_log_size(log));
}

static PyObject *py_log_state(PyObject *mod, PyObject *cap)
{
	gi_log *log = log_of(cap);
	if (!log)
		return NULL;
	return Py_BuildValue("(Ks)", (unsigned long long)gi_log_size(log), gi_log_checkpoint(log));
}

static PyObject *py_log_find(PyObject *mod, PyObject *args)
{
	PyObject *cap;
	Py_buffer e;
	if (!PyArg_ParseTuple(args, "Oy*", &cap, &e))
		return NULL;
	gi_log *log = log_of(cap);
	uint64_t idx = 0;
	int rc = 0;
	if (log) { /* a log at a URL is read over the network: other threads run */
		Py_BEGIN_ALLOW_THREADS
		rc = gi_log_find(log, &idx, e.buf, (size_t)e.len);
		Py_END_ALLOW_THREADS
	}
	PyBuffer_Release(&e);
	if (!log)
		return NULL;
	if (rc == GI_EINVALID)
		Py_RETURN_NONE;
	return rc < 0 ? raise_gi() : PyLong_FromUnsignedLongLong(idx);
}

static PyObject *py_log_prove(PyObject *mod, PyObject *args)
{
	PyObject *cap;
	unsigned long long idx;
	if (!PyArg_ParseTuple(args, "OK", &cap, &idx))
		return NULL;
	gi_log *log = log_of(cap);
	if (!log)
		return NULL;
	char *proof;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_log_prove(log, &proof, idx);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return raise_gi();
	PyObject *r = PyUnicode_FromString(proof);
	gi_free(proof);
	return r;
}

static PyObject *py_log_consistency_prove(PyObject *mod, PyObject *args)
{
	PyObject *cap;
	unsigned long long old;
	if (!PyArg_ParseTuple(args, "OK", &cap, &old))
		return NULL;
	gi_log *log = log_of(cap);
	if (!log)
		return NULL;
	unsigned char *proof;
	size_t count;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_log_consistency_prove(log, &proof, &count, old);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return raise_gi();
	PyObject *r = PyBytes_FromStringAndSize((const char *)proof, (Py_ssize_t)(count * GI_LOG_HASH_SIZE));
	gi_free(proof);
	return r;
}

static PyObject *py_log_monitor(PyObject *mod, PyObject *args)
{
	PyObject *cap, *stateobj = NULL;
	if (!PyArg_ParseTuple(args, "OO&", &cap, PyUnicode_FSConverter, &stateobj))
		return NULL;
	gi_log *log = log_of(cap);
	if (!log) {
		Py_XDECREF(stateobj);
		return NULL;
	}
	int rc;
	const char *state = stateobj && PyBytes_GET_SIZE(stateobj) ? PyBytes_AS_STRING(stateobj) : NULL;
	Py_BEGIN_ALLOW_THREADS
	rc = gi_log_monitor(log, state);
	Py_END_ALLOW_THREADS
	Py_XDECREF(stateobj);
	if (rc < 0)
		return raise_gi();
	Py_RETURN_NONE;
}

static PyObject *py_log_proof_verify(PyObject *mod, PyObject *args)
{
	const char *proof, *vkey;
	Py_buffer e;
	if (!PyArg_ParseTuple(args, "ssy*", &proof, &vkey, &e))
		return NULL;
	uint64_t idx = 0, size = 0;
	int rc = gi_log_proof_verify(&idx, &size, proof, vkey, e.buf, (size_t)e.len);
	PyBuffer_Release(&e);
	if (rc < 0)
		return raise_gi();
	return Py_BuildValue("(KK)", (unsigned long long)idx, (unsigned long long)size);
}

/* hashes as bytes of 32 (one) or a multiple of 32 (a proof) */
static int hash_arg(Py_buffer *b, int one)
{
	if (one ? b->len != GI_LOG_HASH_SIZE : b->len % GI_LOG_HASH_SIZE != 0) {
		raise_exc(UsageError, GI_EUSAGE, NULL, 0,
		          one ? "a hash is 32 bytes" : "a proof is a multiple of 32 bytes (SHA-256 hashes)");
		return -1;
	}
	return 0;
}

static PyObject *py_log_inclusion_verify(PyObject *mod, PyObject *args)
{
	unsigned long long idx, size;
	Py_buffer leaf, proof, root;
	if (!PyArg_ParseTuple(args, "KKy*y*y*", &idx, &size, &leaf, &proof, &root))
		return NULL;
	PyObject *r = NULL;
	if (hash_arg(&leaf, 1) == 0 && hash_arg(&proof, 0) == 0 && hash_arg(&root, 1) == 0) {
		int rc = gi_log_inclusion_verify(idx, size, leaf.buf, proof.buf, (size_t)proof.len / GI_LOG_HASH_SIZE,
		                                 root.buf);
		r = rc == 0 ? Py_NewRef(Py_True) : rc == GI_EINVALID ? Py_NewRef(Py_False) : raise_gi();
	}
	PyBuffer_Release(&leaf);
	PyBuffer_Release(&proof);
	PyBuffer_Release(&root);
	return r;
}

static PyObject *py_log_consistency_verify(PyObject *mod, PyObject *args)
{
	unsigned long long size1, size2;
	Py_buffer r1, r2, proof;
	if (!PyArg_ParseTuple(args, "KKy*y*y*", &size1, &size2, &r1, &r2, &proof))
		return NULL;
	PyObject *r = NULL;
	if (hash_arg(&r1, 1) == 0 && hash_arg(&r2, 1) == 0 && hash_arg(&proof, 0) == 0) {
		int rc = gi_log_consistency_verify(size1, size2, r1.buf, r2.buf, proof.buf,
		                                   (size_t)proof.len / GI_LOG_HASH_SIZE);
		r = rc == 0 ? Py_NewRef(Py_True) : rc == GI_EINVALID ? Py_NewRef(Py_False) : raise_gi();
	}
	PyBuffer_Release(&r1);
	PyBuffer_Release(&r2);
	PyBuffer_Release(&proof);
	return r;
}

static PyMethodDef log_methods[] = {
	{ "log_keygen", py_log_keygen, METH_VARARGS, "log_keygen(name) -> (signer_key, verifier_key)" },
	{ "log_open", py_log_open, METH_VARARGS, "log_open(dir, signer_key, verifier_key, create) -> handle" },
	{ "log_close", py_log_close, METH_O, "log_close(handle)" },
	{ "log_append", py_log_append, METH_VARARGS, "log_append(handle, entry) -> index" },
	{ "log_commit", py_log_commit, METH_O, "log_commit(handle) -> size" },
	{ "log_state", py_log_state, METH_O, "log_state(handle) -> (size, checkpoint)" },
	{ "log_find", py_log_find, METH_VARARGS, "log_find(handle, entry) -> index or None" },
	{ "log_prove", py_log_prove, METH_VARARGS, "log_prove(handle, index) -> tlog-proof text" },
	{ "log_consistency_prove", py_log_consistency_prove, METH_VARARGS, "log_consistency_prove(handle, old_size) -> bytes" },
	{ "log_monitor", py_log_monitor, METH_VARARGS, "log_monitor(handle, state_file or '')" },
	{ "log_proof_verify", py_log_proof_verify, METH_VARARGS, "log_proof_verify(proof, verifier_key, entry) -> (index, size)" },
	{ "log_inclusion_verify", py_log_inclusion_verify, METH_VARARGS, "log_inclusion_verify(index, size, leaf_hash, proof, root) -> bool" },
	{ "log_consistency_verify", py_log_consistency_verify, METH_VARARGS, "log_consistency_verify(size1, size2, root1, root2, proof) -> bool" },
	{ NULL, NULL, 0, NULL }
};

static int log_add_functions(PyObject *m)
{
	return PyModule_AddFunctions(m, log_methods);
}
