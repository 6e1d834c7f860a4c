/*
 * gi.c - the PHP extension "gi": classes in the GI namespace over libgi's
 * C API (GI\Spec, GI\Report, exceptions derived from GI\Exception). Logic
 * stays in the library; results arrive as the same JSON objects `gi verify
 * --json` prints, decoded into PHP arrays. Objects own their C handles and
 * free them with the PHP object, so nothing outlives a request under
 * php-fpm or `php -S`.
 */
#include <php.h>
#include <ext/standard/info.h>
#include <zend_exceptions.h>
#include <zend_interfaces.h>
#include <ext/json/php_json.h>
#include <gi/gi.h>

static zend_class_entry *ce_exception, *ce_file, *ce_parse, *ce_invalid, *ce_usage;
static zend_class_entry *ce_spec, *ce_report;
static zend_object_handlers spec_handlers, report_handlers;

/* ---- errors ---- */

static void throw_gi(void)
{
	const gi_error *e = gi_error_last();
	zend_class_entry *ce = e->code == GI_EIO ? ce_file : e->code == GI_EPARSE ? ce_parse
	                     : e->code == GI_EINVALID ? ce_invalid : e->code == GI_EUSAGE ? ce_usage : ce_exception;
	char msg[1600];
	if (e->file && e->line > 0)
		snprintf(msg, sizeof msg, "%s:%ld: %s", e->file, e->line, e->message);
	else if (e->file)
		snprintf(msg, sizeof msg, "%s: %s", e->file, e->message);
	else
		snprintf(msg, sizeof msg, "%s", e->message);
	zend_object *ex = zend_throw_exception(ce, msg, e->code);
	zend_update_property_string(ce_exception, ex, "inputFile", sizeof "inputFile" - 1, e->file ? e->file : "");
	zend_update_property_long(ce_exception, ex, "inputLine", sizeof "inputLine" - 1, e->line);
	zend_update_property_string(ce_exception, ex, "detail", sizeof "detail" - 1, e->message);
}

/* ---- objects ---- */

typedef struct {
	gi_spec *spec;
	zend_object std;
} spec_obj;

typedef struct {
	gi_report *report;
	zend_string *data;   /* kept alive while the report reads it */
	int used;
	zend_object std;
} report_obj;

static spec_obj *spec_from(zend_object *o) { return (spec_obj *)((char *)o - XtOffsetOf(spec_obj, std)); }
static report_obj *report_from(zend_object *o) { return (report_obj *)((char *)o - XtOffsetOf(report_obj, std)); }

static zend_object *spec_create(zend_class_entry *ce)
{
	spec_obj *o = zend_object_alloc(sizeof(spec_obj), ce);
	zend_object_std_init(&o->std, ce);
	object_properties_init(&o->std, ce);
	o->std.handlers = &spec_handlers;
	return &o->std;
}

static void spec_free(zend_object *obj)
{
	spec_obj *o = spec_from(obj);
	gi_spec_free(o->spec);
	o->spec = NULL;
	zend_object_std_dtor(obj);
}

static zend_object *report_create(zend_class_entry *ce)
{
	report_obj *o = zend_object_alloc(sizeof(report_obj), ce);
	zend_object_std_init(&o->std, ce);
	object_properties_init(&o->std, ce);
	o->std.handlers = &report_handlers;
	return &o->std;
}

static void report_free(zend_object *obj)
{
	report_obj *o = report_from(obj);
	gi_report_free(o->report);
	o->report = NULL;
	if (o->data)
		zend_string_release(o->data);
	zend_object_std_dtor(obj);
}

static int decode_json(zval *out, const char *text)
{
	return php_json_decode_ex(out, text, strlen(text), PHP_JSON_OBJECT_AS_ARRAY, 512) == SUCCESS ? 0 : -1;
}

static void add_str(zval *arr, const char *k, const char *v)
{
	if (v)
		add_assoc_string(arr, k, (char *)v);
	else
		add_assoc_null(arr, k);
}

/* ---- GI\Spec ---- */

static spec_obj *this_spec(zval *this)
{
	spec_obj *o = spec_from(Z_OBJ_P(this));
	if (!o->spec)
		zend_throw_exception(ce_usage, "the specification is not loaded", GI_EUSAGE);
	return o->spec ? o : NULL;
}

PHP_METHOD(Spec, load)
{
	zend_string *path;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_PATH_STR(path)
	ZEND_PARSE_PARAMETERS_END();
	gi_spec *spec;
	if (gi_spec_load_file(&spec, ZSTR_VAL(path), NULL) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_spec);
	spec_from(Z_OBJ_P(return_value))->spec = spec;
}

PHP_METHOD(Spec, fromString)
{
	zend_string *data, *name = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();
	gi_spec *spec;
	if (gi_spec_load_memory(&spec, ZSTR_VAL(data), ZSTR_LEN(data), name ? ZSTR_VAL(name) : "(memory)", NULL) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_spec);
	spec_from(Z_OBJ_P(return_value))->spec = spec;
}

PHP_METHOD(Spec, info)
{
	ZEND_PARSE_PARAMETERS_NONE();
	spec_obj *o = this_spec(ZEND_THIS);
	if (!o)
		RETURN_THROWS();
	const gi_spec_info *in = gi_spec_get_info(o->spec);
	array_init(return_value);
	add_str(return_value, "id", in->id);
	add_str(return_value, "version", in->version);
	add_str(return_value, "effective", in->effective);
	add_str(return_value, "name", in->name);
	add_str(return_value, "name_en", in->name_en);
	add_str(return_value, "registration", in->registration);
	add_str(return_value, "decision", in->decision);
	add_str(return_value, "decision_date", in->decision_date);
	add_str(return_value, "authority", in->authority);
	add_str(return_value, "manager", in->manager);
	add_str(return_value, "source", in->source);
	add_str(return_value, "sha256", in->sha256);
	add_str(return_value, "default_rule", gi_rule_name(in->default_rule.kind));
}

PHP_METHOD(Spec, products)
{
	ZEND_PARSE_PARAMETERS_NONE();
	spec_obj *o = this_spec(ZEND_THIS);
	if (!o)
		RETURN_THROWS();
	array_init(return_value);
	for (size_t i = 0; i < gi_spec_product_count(o->spec); i++) {
		const gi_product *p = gi_spec_product(o->spec, i);
		zval prod, crits;
		array_init(&prod);
		add_str(&prod, "id", p->id);
		add_str(&prod, "name", p->name);
		add_str(&prod, "name_en", p->name_en);
		add_str(&prod, "area", p->area ? p->area->id : NULL);
		array_init(&crits);
		for (size_t k = 0; k < p->n_criteria; k++) {
			const gi_criterion *c = &p->criteria[k];
			zval cr;
			array_init(&cr);
			add_str(&cr, "id", c->id);
			add_str(&cr, "analyte", c->analyte);
			add_str(&cr, "unit", c->unit);
			add_str(&cr, "basis", gi_basis_name(c->basis));
			add_str(&cr, "limit", c->limit.text);
			if (c->limit.has_lower)
				add_assoc_double(&cr, "lower", c->limit.lower);
			if (c->limit.has_upper)
				add_assoc_double(&cr, "upper", c->limit.upper);
			add_str(&cr, "rule", gi_rule_name(c->rule.kind));
			add_next_index_zval(&crits, &cr);
		}
		add_assoc_zval(&prod, "criteria", &crits);
		add_next_index_zval(return_value, &prod);
	}
}

typedef struct {
	zval *samples;
	int failed;
} php_collect;

static int collect_sample(const gi_sample_result *r, void *payload)
{
	php_collect *c = payload;
	char *js;
	zval v;
	if (gi_sample_result_json(&js, r) < 0)
		return 1;
	int bad = decode_json(&v, js);
	gi_free(js);
	if (bad) {
		c->failed = 1;
		return 1;
	}
	add_next_index_zval(c->samples, &v);
	return 0;
}

/* Spec::verify(Report $report, ?string $rule = null): array with "samples"
 * (each as `gi verify --json` prints it) and "summary". */
PHP_METHOD(Spec, verify)
{
	zval *rep;
	zend_string *rule = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_OBJECT_OF_CLASS(rep, ce_report)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(rule)
	ZEND_PARSE_PARAMETERS_END();
	spec_obj *s = this_spec(ZEND_THIS);
	if (!s)
		RETURN_THROWS();
	report_obj *r = report_from(Z_OBJ_P(rep));
	if (!r->report || r->used) {
		zend_throw_exception(ce_usage, "this report has already been read; open it again", GI_EUSAGE);
		RETURN_THROWS();
	}
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	if (rule) {
		if (gi_rule_parse(&o.rule_kind, ZSTR_VAL(rule)) < 0) {
			throw_gi();
			RETURN_THROWS();
		}
		o.override_rule = 1;
	}
	zval samples;
	array_init(&samples);
	php_collect c = { &samples, 0 };
	o.on_sample = collect_sample;
	o.payload = &c;
	gi_summary sum;
	r->used = 1;
	if (gi_verify(&sum, s->spec, r->report, &o) < 0) {
		zval_ptr_dtor(&samples);
		if (c.failed)
			zend_throw_exception(ce_exception, "cannot decode a result", GI_ERROR);
		else
			throw_gi();
		RETURN_THROWS();
	}
	zval summary;
	array_init(&summary);
	add_assoc_long(&summary, "samples", (zend_long)sum.samples);
	add_assoc_long(&summary, "pass", (zend_long)sum.pass);
	add_assoc_long(&summary, "fail", (zend_long)sum.fail);
	add_assoc_long(&summary, "incomplete", (zend_long)sum.incomplete);
	add_assoc_long(&summary, "inconclusive", (zend_long)sum.inconclusive);
	add_assoc_long(&summary, "conditional_pass", (zend_long)sum.conditional_pass);
	add_assoc_long(&summary, "conditional_fail", (zend_long)sum.conditional_fail);
	add_assoc_string(&summary, "verdict", (char *)gi_verdict_name(sum.verdict));
	array_init(return_value);
	add_assoc_zval(return_value, "samples", &samples);
	add_assoc_zval(return_value, "summary", &summary);
}

/* ---- GI\Report ---- */

static int parse_format(zend_string *f, gi_report_options *o)
{
	if (!f)
		return 0;
	if (zend_string_equals_literal(f, "xml"))
		o->format = GI_FORMAT_XML;
	else if (zend_string_equals_literal(f, "csv"))
		o->format = GI_FORMAT_CSV;
	else {
		zend_throw_exception(ce_usage, "format must be \"xml\", \"csv\" or null", GI_EUSAGE);
		return -1;
	}
	return 0;
}

PHP_METHOD(Report, open)
{
	zend_string *path, *fmt = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(path)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(fmt)
	ZEND_PARSE_PARAMETERS_END();
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	if (parse_format(fmt, &o) < 0)
		RETURN_THROWS();
	gi_report *r;
	if (gi_report_open_file(&r, ZSTR_VAL(path), &o) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_report);
	report_from(Z_OBJ_P(return_value))->report = r;
}

PHP_METHOD(Report, fromString)
{
	zend_string *data, *name = NULL, *fmt = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_STR(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(name)
		Z_PARAM_STR_OR_NULL(fmt)
	ZEND_PARSE_PARAMETERS_END();
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	if (parse_format(fmt, &o) < 0)
		RETURN_THROWS();
	gi_report *r;
	if (gi_report_open_memory(&r, ZSTR_VAL(data), ZSTR_LEN(data), name ? ZSTR_VAL(name) : "(memory)", &o) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_report);
	report_obj *ro = report_from(Z_OBJ_P(return_value));
	ro->report = r;
	ro->data = zend_string_copy(data);
}

PHP_METHOD(Report, lab)
{
	ZEND_PARSE_PARAMETERS_NONE();
	report_obj *r = report_from(Z_OBJ_P(ZEND_THIS));
	if (!r->report) {
		zend_throw_exception(ce_usage, "the report is not open", GI_EUSAGE);
		RETURN_THROWS();
	}
	const gi_lab *lab = gi_report_lab(r->report);
	array_init(return_value);
	add_str(return_value, "id", lab->id);
	add_str(return_value, "name", lab->name);
	add_str(return_value, "accreditation", lab->accreditation);
	add_str(return_value, "report_id", lab->report_id);
	add_str(return_value, "file", gi_report_name(r->report));
	add_str(return_value, "sha256", gi_report_sha256(r->report));
}

/* ---- functions ---- */

PHP_FUNCTION(parse_number)
{
	zend_string *s;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(s)
	ZEND_PARSE_PARAMETERS_END();
	double v;
	if (gi_number_parse(&v, ZSTR_VAL(s)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_DOUBLE(v);
}

PHP_FUNCTION(convert_unit)
{
	double v, out;
	zend_string *from, *to;
	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_DOUBLE(v)
		Z_PARAM_STR(from)
		Z_PARAM_STR(to)
	ZEND_PARSE_PARAMETERS_END();
	if (gi_unit_convert(&out, v, ZSTR_VAL(from), ZSTR_VAL(to)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_DOUBLE(out);
}

PHP_FUNCTION(version)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING(gi_version());
}

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_spec_load, 0, 1, GI\\Spec, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_spec_from_string, 0, 1, GI\\Spec, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_array, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_spec_verify, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_OBJ_INFO(0, report, GI\\Report, 0)
	ZEND_ARG_TYPE_INFO(0, rule, IS_STRING, 1)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_report_open, 0, 1, GI\\Report, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, format, IS_STRING, 1)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_report_from_string, 0, 1, GI\\Report, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, format, IS_STRING, 1)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_parse_number, 0, 1, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, text, IS_STRING, 0)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_convert_unit, 0, 3, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, from, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, to, IS_STRING, 0)
ZEND_END_ARG_INFO()
ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_version, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

static const zend_function_entry spec_methods[] = {
	PHP_ME(Spec, load, arginfo_spec_load, ZEND_ACC_PUBLIC | ZEND_ACC_STATIC)
	PHP_ME(Spec, fromString, arginfo_spec_from_string, ZEND_ACC_PUBLIC | ZEND_ACC_STATIC)
	PHP_ME(Spec, info, arginfo_array, ZEND_ACC_PUBLIC)
	PHP_ME(Spec, products, arginfo_array, ZEND_ACC_PUBLIC)
	PHP_ME(Spec, verify, arginfo_spec_verify, ZEND_ACC_PUBLIC)
	PHP_FE_END
};

static const zend_function_entry report_methods[] = {
	PHP_ME(Report, open, arginfo_report_open, ZEND_ACC_PUBLIC | ZEND_ACC_STATIC)
	PHP_ME(Report, fromString, arginfo_report_from_string, ZEND_ACC_PUBLIC | ZEND_ACC_STATIC)
	PHP_ME(Report, lab, arginfo_array, ZEND_ACC_PUBLIC)
	PHP_FE_END
};

static const zend_function_entry functions[] = {
	ZEND_NS_FE("GI", parse_number, arginfo_parse_number)
	ZEND_NS_FE("GI", convert_unit, arginfo_convert_unit)
	ZEND_NS_FE("GI", version, arginfo_version)
	PHP_FE_END
};

static zend_class_entry *subclass(const char *name, zend_class_entry *parent)
{
	zend_class_entry ce;
	INIT_CLASS_ENTRY_EX(ce, name, strlen(name), NULL);
	return zend_register_internal_class_ex(&ce, parent);
}

PHP_MINIT_FUNCTION(gi)
{
	zend_class_entry ce;
	INIT_CLASS_ENTRY(ce, "GI\\Exception", NULL);
	ce_exception = zend_register_internal_class_ex(&ce, zend_ce_exception);
	zend_declare_property_string(ce_exception, "inputFile", sizeof "inputFile" - 1, "", ZEND_ACC_PUBLIC);
	zend_declare_property_long(ce_exception, "inputLine", sizeof "inputLine" - 1, 0, ZEND_ACC_PUBLIC);
	zend_declare_property_string(ce_exception, "detail", sizeof "detail" - 1, "", ZEND_ACC_PUBLIC);
	ce_file = subclass("GI\\FileException", ce_exception);
	ce_parse = subclass("GI\\ParseException", ce_exception);
	ce_invalid = subclass("GI\\InvalidException", ce_exception);
	ce_usage = subclass("GI\\UsageException", ce_exception);

	INIT_CLASS_ENTRY(ce, "GI\\Spec", spec_methods);
	ce_spec = zend_register_internal_class(&ce);
	ce_spec->create_object = spec_create;
	ce_spec->ce_flags |= ZEND_ACC_FINAL | ZEND_ACC_NO_DYNAMIC_PROPERTIES;
	memcpy(&spec_handlers, zend_get_std_object_handlers(), sizeof spec_handlers);
	spec_handlers.offset = XtOffsetOf(spec_obj, std);
	spec_handlers.free_obj = spec_free;
	spec_handlers.clone_obj = NULL;

	INIT_CLASS_ENTRY(ce, "GI\\Report", report_methods);
	ce_report = zend_register_internal_class(&ce);
	ce_report->create_object = report_create;
	ce_report->ce_flags |= ZEND_ACC_FINAL | ZEND_ACC_NO_DYNAMIC_PROPERTIES;
	memcpy(&report_handlers, zend_get_std_object_handlers(), sizeof report_handlers);
	report_handlers.offset = XtOffsetOf(report_obj, std);
	report_handlers.free_obj = report_free;
	report_handlers.clone_obj = NULL;
	return SUCCESS;
}

PHP_MINFO_FUNCTION(gi)
{
	php_info_print_table_start();
	php_info_print_table_row(2, "libgi", gi_version());
	php_info_print_table_end();
}

zend_module_entry gi_module_entry = {
	STANDARD_MODULE_HEADER, "gi", functions, PHP_MINIT(gi), NULL, NULL, NULL, PHP_MINFO(gi),
	GI_PHP_VERSION, STANDARD_MODULE_PROPERTIES
};

ZEND_GET_MODULE(gi)
