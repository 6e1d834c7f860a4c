/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include <zend_smart_str.h>
#include <gi/gi.h>

/* arginfo and function tables, generated from gi.stub.php */
#include "gi_arginfo.h"

static zend_class_entry *ce_exception, *ce_file, *ce_parse, *ce_invalid, *ce_usage, *ce_aborted;
static zend_class_entry *ce_spec, *ce_report, *ce_signer, *ce_trust, *ce_record, *ce_verification, *ce_registry;
static zend_object_handlers spec_handlers, report_handlers, signer_handlers, trust_handlers, verification_handlers,
	registry_handlers;

/* ---- errors ---- */

static void throw_gi(void)
{
	/* the categories of the gi command's messages, one class each; the
	 * rest (internal, out of memory) is a plain GI\Exception */
	static zend_class_entry **const by_code[] = {
		[-GI_EIO] = &ce_file, [-GI_EPARSE] = &ce_parse, [-GI_EINVALID] = &ce_invalid,
		[-GI_EUSAGE] = &ce_usage, [-GI_EABORTED] = &ce_aborted,
	};
	const gi_error *e = gi_error_last();
	int k = -e->code;
	zend_class_entry *ce = k > 0 && k < (int)(sizeof by_code / sizeof by_code[0]) && by_code[k] ? *by_code[k]
	                     : ce_exception;
	char msg[1600];
	gi_error_format(msg, sizeof msg, e);
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
	gi_report_options opts; /* it was opened with (for the digest of data) */
	zend_object std;
} report_obj;

typedef struct {
	gi_signer *signer;
	zval sign;           /* Signer::external's callable, or undefined */
	zend_object std;
} signer_obj;

typedef struct {
	gi_trust *trust;
	zend_object std;
} trust_obj;

static signer_obj *signer_from(zend_object *o) { return (signer_obj *)((char *)o - XtOffsetOf(signer_obj, std)); }
static trust_obj *trust_from(zend_object *o) { return (trust_obj *)((char *)o - XtOffsetOf(trust_obj, std)); }

static spec_obj *spec_from(zend_object *o) { return (spec_obj *)((char *)o - XtOffsetOf(spec_obj, std)); }
static report_obj *report_from(zend_object *o) { return (report_obj *)((char *)o - XtOffsetOf(report_obj, std)); }

/* Allocates an object whose C part (size bytes, the zend_object last) is
 * zeroed: a handle is NULL until a factory sets it, and every method
 * checks for that. */
static zend_object *new_object(zend_class_entry *ce, size_t size, zend_object_handlers *h)
{
	char *mem = zend_object_alloc(size, ce);
	memset(mem, 0, size - sizeof(zend_object));
	zend_object *std = (zend_object *)(mem + size - sizeof(zend_object));
	zend_object_std_init(std, ce);
	object_properties_init(std, ce);
	std->handlers = h;
	return std;
}

static zend_object *spec_create(zend_class_entry *ce) { return new_object(ce, sizeof(spec_obj), &spec_handlers); }
static zend_object *report_create(zend_class_entry *ce) { return new_object(ce, sizeof(report_obj), &report_handlers); }
static zend_object *signer_create(zend_class_entry *ce) { return new_object(ce, sizeof(signer_obj), &signer_handlers); }
static zend_object *trust_create(zend_class_entry *ce) { return new_object(ce, sizeof(trust_obj), &trust_handlers); }

static void spec_free(zend_object *obj)
{
	gi_spec_free(spec_from(obj)->spec);
	zend_object_std_dtor(obj);
}

static void report_free(zend_object *obj)
{
	report_obj *o = report_from(obj);
	gi_report_free(o->report);
	if (o->data)
		zend_string_release(o->data);
	zend_object_std_dtor(obj);
}

static void signer_free_obj(zend_object *obj)
{
	gi_signer_free(signer_from(obj)->signer);
	zval_ptr_dtor(&signer_from(obj)->sign);
	zend_object_std_dtor(obj);
}

static void trust_free_obj(zend_object *obj)
{
	gi_trust_free(trust_from(obj)->trust);
	zend_object_std_dtor(obj);
}

typedef struct {
	gi_registry *reg;
	zval keep[3];        /* the Spec, Trust and Signer it borrows */
	zend_object std;
} registry_obj;

static registry_obj *registry_from(zend_object *o) { return (registry_obj *)((char *)o - XtOffsetOf(registry_obj, std)); }
static zend_object *registry_create(zend_class_entry *ce) { return new_object(ce, sizeof(registry_obj), &registry_handlers); }

static void registry_free_obj(zend_object *obj)
{
	registry_obj *o = registry_from(obj);
	gi_registry_free(o->reg);
	for (int i = 0; i < 3; i++)
		zval_ptr_dtor(&o->keep[i]);
	zend_object_std_dtor(obj);
}

ZEND_METHOD(GI_Registry, __construct) {}

/* The classes are made by their static factories only: `new` is refused
 * (the constructors are private). */
ZEND_METHOD(GI_Spec, __construct) {}
ZEND_METHOD(GI_Report, __construct) {}
ZEND_METHOD(GI_Signer, __construct) {}
ZEND_METHOD(GI_Trust, __construct) {}
ZEND_METHOD(GI_Record, __construct) {}

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

ZEND_METHOD(GI_Spec, load)
{
	zend_string *path;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_PATH_STR(path)
	ZEND_PARSE_PARAMETERS_END();
	gi_spec *spec = NULL;
	char *file = NULL;
	/* a path, or an installed spec's name ("lai-chau-tea") */
	int rc = gi_spec_find(&file, ZSTR_VAL(path));
	if (rc == GI_OK)
		rc = gi_spec_load_file(&spec, file, NULL);
	gi_free(file);
	if (rc < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_spec);
	spec_from(Z_OBJ_P(return_value))->spec = spec;
}

ZEND_METHOD(GI_Spec, fromString)
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

ZEND_METHOD(GI_Spec, info)
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

ZEND_METHOD(GI_Spec, products)
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

ZEND_METHOD(GI_Spec, analytes)
{
	ZEND_PARSE_PARAMETERS_NONE();
	spec_obj *o = this_spec(ZEND_THIS);
	if (!o)
		RETURN_THROWS();
	array_init(return_value);
	for (size_t i = 0; i < gi_spec_analyte_count(o->spec); i++) {
		const gi_analyte *a = gi_spec_analyte(o->spec, i);
		zval d;
		array_init(&d);
		add_str(&d, "id", a->id);
		add_str(&d, "name", a->name);
		add_assoc_bool(&d, "moisture", a->is_moisture);
		add_next_index_zval(return_value, &d);
	}
}

ZEND_METHOD(GI_Spec, areas)
{
	ZEND_PARSE_PARAMETERS_NONE();
	spec_obj *o = this_spec(ZEND_THIS);
	if (!o)
		RETURN_THROWS();
	array_init(return_value);
	for (size_t i = 0; i < gi_spec_area_count(o->spec); i++) {
		const gi_area *a = gi_spec_area(o->spec, i);
		zval d, units;
		array_init(&d);
		array_init(&units);
		add_str(&d, "id", a->id);
		add_str(&d, "name", a->name);
		for (size_t k = 0; k < a->n_units; k++)
			add_next_index_string(&units, a->units[k]);
		add_assoc_zval(&d, "units", &units);
		if (a->has_altitude) {
			add_assoc_double(&d, "altitude_min", a->altitude_min);
			add_assoc_double(&d, "altitude_max", a->altitude_max);
		}
		add_next_index_zval(return_value, &d);
	}
}

ZEND_METHOD(GI_Spec, hasProduct)
{
	zend_string *id;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();
	spec_obj *o = this_spec(ZEND_THIS);
	if (!o)
		RETURN_THROWS();
	RETURN_BOOL(gi_spec_find_product(o->spec, ZSTR_VAL(id)) != NULL);
}

ZEND_METHOD(GI_Spec, hasAnalyte)
{
	zend_string *id;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();
	spec_obj *o = this_spec(ZEND_THIS);
	if (!o)
		RETURN_THROWS();
	RETURN_BOOL(gi_spec_find_analyte(o->spec, ZSTR_VAL(id)) != NULL);
}

typedef struct {
	zval *samples;
	int failed;
	gi_signer *signer;
	gi_record_info info;
	zval *records;
	int pictures;
} php_collect;

/* Adds "svg" (the picture of its decision, or null) to each criterion of
 * a decoded sample. */
static void add_pictures(zval *v, const gi_sample_result *r)
{
	zval *crits = Z_TYPE_P(v) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(v), "criteria", sizeof "criteria" - 1)
	                                      : NULL;
	for (size_t i = 0; crits && Z_TYPE_P(crits) == IS_ARRAY && i < r->n_criteria; i++) {
		zval *cr = zend_hash_index_find(Z_ARRVAL_P(crits), (zend_ulong)i);
		char *svg = NULL;
		if (!cr || Z_TYPE_P(cr) != IS_ARRAY)
			continue;
		SEPARATE_ARRAY(cr);
		if (gi_criterion_result_svg(&svg, &r->criteria[i]) == 0) {
			add_assoc_string(cr, "svg", svg);
			gi_free(svg);
		} else {
			gi_error_clear();
			add_assoc_null(cr, "svg");
		}
	}
}

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
	if (c->pictures)
		add_pictures(&v, r);
	add_next_index_zval(c->samples, &v);
	if (c->signer) {
		char *xml, id[GI_RECORD_ID_SIZE];
		size_t len;
		if (gi_record_sign(&xml, &len, id, c->signer, r, &c->info) < 0)
			return 1;
		add_assoc_stringl(c->records, id, xml, len);
		gi_free(xml);
	}
	return 0;
}

/* Spec::verify(Report $report, ?string $rule = null): array with "samples"
 * (each as `gi verify --json` prints it) and "summary". */
ZEND_METHOD(GI_Spec, verify)
{
	zval *rep, *signer = NULL;
	zend_string *rule = NULL;
	bool pictures = 0;
	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_OBJECT_OF_CLASS(rep, ce_report)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(rule)
		Z_PARAM_OBJECT_OF_CLASS_OR_NULL(signer, ce_signer)
		Z_PARAM_BOOL(pictures)
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
	zval samples, records;
	array_init(&samples);
	array_init(&records);
	php_collect c = { &samples, 0, NULL, GI_RECORD_INFO_INIT, &records, pictures };
	char sha[65] = "";
	if (signer) {
		c.signer = signer_from(Z_OBJ_P(signer))->signer;
		if (!r->data && gi_sha256_file(sha, gi_report_name(r->report)) < 0) {
			zval_ptr_dtor(&samples);
			zval_ptr_dtor(&records);
			throw_gi();
			RETURN_THROWS();
		}
		if (r->data && gi_sha256_memory(sha, ZSTR_VAL(r->data), ZSTR_LEN(r->data)) < 0) {
			zval_ptr_dtor(&samples);
			zval_ptr_dtor(&records);
			throw_gi();
			RETURN_THROWS();
		}
		c.info.spec = s->spec;
		c.info.report_name = gi_report_name(r->report);
		c.info.report_sha256 = sha;
		c.info.lab = gi_report_lab(r->report);
	}
	o.on_sample = collect_sample;
	o.payload = &c;
	gi_summary sum;
	r->used = 1;
	if (gi_verify(&sum, s->spec, r->report, &o) < 0) {
		zval_ptr_dtor(&samples);
		zval_ptr_dtor(&records);
		if (c.failed)
			zend_throw_exception(ce_exception, "cannot decode a result", GI_ERROR);
		else
			throw_gi();
		RETURN_THROWS();
	}
	/* the summary as the CLI's JSON has it (gi_summary_json) */
	zval summary;
	char *text = NULL;
	if (gi_summary_json(&text, &sum) < 0 || decode_json(&summary, text) < 0) {
		gi_free(text);
		zval_ptr_dtor(&samples);
		zval_ptr_dtor(&records);
		throw_gi();
		RETURN_THROWS();
	}
	gi_free(text);
	array_init(return_value);
	add_assoc_zval(return_value, "samples", &samples);
	add_assoc_zval(return_value, "summary", &summary);
	add_assoc_zval(return_value, "records", &records);
}

/* ---- GI\Verification: a verification read one sample at a time ---- */

typedef struct {
	gi_verifier *v;
	zval spec, report, signer;   /* the objects it borrows from, kept alive */
	gi_record_info info;
	char sha[65];
	int pictures;
	int failed;                  /* stopped by an error: no summary */
	int iterated;                /* an iterator was taken: it is read once */
	zend_object std;
} verification_obj;

static verification_obj *verification_from(zend_object *o)
{
	return (verification_obj *)((char *)o - XtOffsetOf(verification_obj, std));
}

static zend_object *verification_create(zend_class_entry *ce)
{
	zend_object *o = new_object(ce, sizeof(verification_obj), &verification_handlers);
	verification_obj *vo = verification_from(o);
	ZVAL_UNDEF(&vo->spec);
	ZVAL_UNDEF(&vo->report);
	ZVAL_UNDEF(&vo->signer);
	return o;
}

static void verification_free_obj(zend_object *obj)
{
	verification_obj *vo = verification_from(obj);
	gi_verifier_free(vo->v);
	zval_ptr_dtor(&vo->spec);
	zval_ptr_dtor(&vo->report);
	zval_ptr_dtor(&vo->signer);
	zend_object_std_dtor(obj);
}

ZEND_METHOD(GI_Verification, __construct) {}

/* The next sample into out (the array `gi verify --json` prints, with
 * "svg" in each criterion when pictures were asked for and "record" =>
 * ["id" => ..., "xml" => ...] when signing), or out undefined at the end.
 * -1 with an exception thrown when the sample is bad. */
static int next_result(zval *out, verification_obj *vo)
{
	ZVAL_UNDEF(out);
	if (!vo->v || vo->failed)
		return 0;
	const gi_sample_result *r;
	char *js = NULL;
	if (gi_verifier_next(&r, vo->v) < 0 || (r && gi_sample_result_json(&js, r) < 0)) {
		vo->failed = 1;
		throw_gi();
		return -1;
	}
	if (!r)
		return 0;
	int bad = decode_json(out, js);
	gi_free(js);
	if (bad) {
		vo->failed = 1;
		ZVAL_UNDEF(out);
		zend_throw_exception(ce_exception, "cannot decode a result", GI_ERROR);
		return -1;
	}
	if (vo->pictures)
		add_pictures(out, r);
	if (Z_TYPE(vo->signer) == IS_OBJECT) {
		char *xml, id[GI_RECORD_ID_SIZE];
		size_t len;
		if (gi_record_sign(&xml, &len, id, signer_from(Z_OBJ(vo->signer))->signer, r, &vo->info) < 0) {
			vo->failed = 1;
			zval_ptr_dtor(out);
			ZVAL_UNDEF(out);
			throw_gi();
			return -1;
		}
		zval rec;
		array_init(&rec);
		add_assoc_string(&rec, "id", id);
		add_assoc_stringl(&rec, "xml", xml, len);
		gi_free(xml);
		add_assoc_zval(out, "record", &rec);
	}
	return 0;
}

/* Spec::stream(): like verify(), but nothing is read yet: the samples
 * come one at a time from foreach over the GI\Verification returned. */
ZEND_METHOD(GI_Spec, stream)
{
	zval *rep, *signer = NULL;
	zend_string *rule = NULL;
	bool pictures = 0;
	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_OBJECT_OF_CLASS(rep, ce_report)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(rule)
		Z_PARAM_OBJECT_OF_CLASS_OR_NULL(signer, ce_signer)
		Z_PARAM_BOOL(pictures)
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
	zval obj;
	object_init_ex(&obj, ce_verification);
	verification_obj *vo = verification_from(Z_OBJ(obj));
	ZVAL_COPY(&vo->spec, ZEND_THIS);
	ZVAL_COPY(&vo->report, rep);
	vo->pictures = pictures;
	vo->info = (gi_record_info)GI_RECORD_INFO_INIT;
	if (signer) {
		int rc = r->data ? gi_sha256_memory(vo->sha, ZSTR_VAL(r->data), ZSTR_LEN(r->data))
		                 : gi_sha256_file(vo->sha, gi_report_name(r->report));
		if (rc < 0) {
			zval_ptr_dtor(&obj);
			throw_gi();
			RETURN_THROWS();
		}
		ZVAL_COPY(&vo->signer, signer);
		vo->info.spec = s->spec;
		vo->info.report_name = gi_report_name(r->report);
		vo->info.report_sha256 = vo->sha;
		vo->info.lab = gi_report_lab(r->report);
	}
	if (gi_verifier_new(&vo->v, s->spec, r->report, &o) < 0) {
		zval_ptr_dtor(&obj);
		throw_gi();
		RETURN_THROWS();
	}
	r->used = 1;
	RETURN_COPY_VALUE(&obj);
}

/* Verification::summary(): reads the samples not yet read, without
 * keeping them, and returns the counts and the report's verdict. */
ZEND_METHOD(GI_Verification, summary)
{
	ZEND_PARSE_PARAMETERS_NONE();
	verification_obj *vo = verification_from(Z_OBJ_P(ZEND_THIS));
	zval rest;
	do {
		if (next_result(&rest, vo) < 0)
			RETURN_THROWS();
		zval_ptr_dtor(&rest);
	} while (Z_TYPE(rest) != IS_UNDEF);
	if (vo->failed || !vo->v) {
		zend_throw_exception(ce_usage, "the verification stopped on an error: no summary", GI_EUSAGE);
		RETURN_THROWS();
	}
	gi_summary sum;
	char *text = NULL;
	if (gi_verifier_summary(&sum, vo->v) < 0 || gi_summary_json(&text, &sum) < 0 ||
	    decode_json(return_value, text) < 0) {
		gi_free(text);
		throw_gi();
		RETURN_THROWS();
	}
	gi_free(text);
}

typedef struct {
	zend_object_iterator it;  /* it.data holds the verification object */
	zval current;
	zend_long index;
	int started;
} verification_iter;

static void verification_iter_dtor(zend_object_iterator *it)
{
	zval_ptr_dtor(&((verification_iter *)it)->current);
	zval_ptr_dtor(&it->data);
}

static int verification_iter_valid(zend_object_iterator *it)
{
	return Z_TYPE(((verification_iter *)it)->current) != IS_UNDEF ? SUCCESS : FAILURE;
}

static zval *verification_iter_current(zend_object_iterator *it)
{
	return &((verification_iter *)it)->current;
}

static void verification_iter_key(zend_object_iterator *it, zval *key)
{
	ZVAL_LONG(key, ((verification_iter *)it)->index);
}

static void verification_iter_forward(zend_object_iterator *it)
{
	verification_iter *vi = (verification_iter *)it;
	zval_ptr_dtor(&vi->current);   /* the sample before is let go: one at a time */
	vi->index++;
	next_result(&vi->current, verification_from(Z_OBJ(it->data)));
}

static void verification_iter_rewind(zend_object_iterator *it)
{
	verification_iter *vi = (verification_iter *)it;
	if (vi->started) {
		zend_throw_exception(ce_usage, "a verification is read once and cannot be rewound", GI_EUSAGE);
		return;
	}
	vi->started = 1;
	next_result(&vi->current, verification_from(Z_OBJ(it->data)));
}

static const zend_object_iterator_funcs verification_iter_funcs = {
	.dtor = verification_iter_dtor,
	.valid = verification_iter_valid,
	.get_current_data = verification_iter_current,
	.get_current_key = verification_iter_key,
	.move_forward = verification_iter_forward,
	.rewind = verification_iter_rewind,
};

static zend_object_iterator *verification_get_iterator(zend_class_entry *ce, zval *object, int by_ref)
{
	if (by_ref) {
		zend_throw_error(NULL, "a GI\\Verification cannot be iterated by reference");
		return NULL;
	}
	verification_obj *vo = verification_from(Z_OBJ_P(object));
	if (!vo->v || vo->iterated) {
		zend_throw_exception(ce_usage, "this verification has already been read", GI_EUSAGE);
		return NULL;
	}
	vo->iterated = 1;
	verification_iter *vi = ecalloc(1, sizeof *vi);
	zend_iterator_init(&vi->it);
	ZVAL_OBJ_COPY(&vi->it.data, Z_OBJ_P(object));
	vi->it.funcs = &verification_iter_funcs;
	ZVAL_UNDEF(&vi->current);
	return &vi->it;
}

ZEND_METHOD(GI_Verification, getIterator)
{
	ZEND_PARSE_PARAMETERS_NONE();
	zend_create_internal_iterator_zval(return_value, ZEND_THIS);
}

/* ---- GI\Report ---- */

/* The format and decimal separator by name (gi_report_options_set_format
 * and _set_decimal): a bad name throws GI\UsageException with libgi's
 * message. */
static int parse_format(zend_string *f, gi_report_options *o)
{
	if (gi_report_options_set_format(o, f ? ZSTR_VAL(f) : NULL) < 0) {
		throw_gi();
		return -1;
	}
	return 0;
}

static int parse_decimal(zend_string *d, gi_report_options *o)
{
	if (gi_report_options_set_decimal(o, d ? ZSTR_VAL(d) : NULL) < 0) {
		throw_gi();
		return -1;
	}
	return 0;
}

ZEND_METHOD(GI_Report, open)
{
	zend_string *path, *fmt = NULL, *dec = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_PATH_STR(path)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(fmt)
		Z_PARAM_STR_OR_NULL(dec)
	ZEND_PARSE_PARAMETERS_END();
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	if (parse_format(fmt, &o) < 0 || parse_decimal(dec, &o) < 0)
		RETURN_THROWS();
	gi_report *r;
	if (gi_report_open_file(&r, ZSTR_VAL(path), &o) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_report);
	report_from(Z_OBJ_P(return_value))->report = r;
}

ZEND_METHOD(GI_Report, fromString)
{
	zend_string *data, *name = NULL, *fmt = NULL, *dec = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_STR(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(name)
		Z_PARAM_STR_OR_NULL(fmt)
		Z_PARAM_STR_OR_NULL(dec)
	ZEND_PARSE_PARAMETERS_END();
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	if (parse_format(fmt, &o) < 0 || parse_decimal(dec, &o) < 0)
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
	ro->opts = o;
}

ZEND_METHOD(GI_Report, lab)
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
	add_str(return_value, "format", gi_format_name(gi_report_format(r->report)));
	add_str(return_value, "sha256", gi_report_sha256(r->report));
}

/* The sample as an array: id, lot, product, spec, origin, altitude (when
 * given), line and measurements. */
static void sample_array(zval *out, const gi_sample *s)
{
	array_init(out);
	add_str(out, "id", s->id);
	add_str(out, "lot", s->lot);
	add_str(out, "product", s->product);
	add_str(out, "spec", s->spec);
	add_str(out, "origin", s->origin);
	if (s->has_altitude)
		add_assoc_double(out, "altitude", s->altitude);
	add_assoc_long(out, "line", s->line);
	zval meas;
	array_init(&meas);
	for (size_t i = 0; i < s->n_measurements; i++) {
		const gi_measurement *m = &s->measurements[i];
		zval d, vals;
		array_init(&d);
		array_init(&vals);
		add_str(&d, "analyte", m->analyte);
		add_str(&d, "unit", m->unit);
		for (size_t k = 0; k < m->n_values; k++)
			add_next_index_double(&vals, m->values[k]);
		add_assoc_zval(&d, "values", &vals);
		if (m->censored)
			add_assoc_double(&d, "less_than", m->censor_limit);
		add_str(&d, "text", m->text);
		if (m->has_uncertainty)
			add_assoc_double(&d, "uncertainty", m->uncertainty);
		add_next_index_zval(&meas, &d);
	}
	add_assoc_zval(out, "measurements", &meas);
}

/* Reads the next sample into out (left undefined at the end). -1 with an
 * exception thrown if the report is bad. */
static int read_sample(zval *out, report_obj *r)
{
	const gi_sample *s;
	ZVAL_UNDEF(out);
	if (gi_report_next(&s, r->report) < 0) {
		throw_gi();
		return -1;
	}
	if (s)
		sample_array(out, s);
	return 0;
}

/* Report::next(): the next sample as read (with its measurements), or null. */
ZEND_METHOD(GI_Report, next)
{
	ZEND_PARSE_PARAMETERS_NONE();
	report_obj *r = report_from(Z_OBJ_P(ZEND_THIS));
	if (!r->report) {
		zend_throw_exception(ce_usage, "the report is not open", GI_EUSAGE);
		RETURN_THROWS();
	}
	r->used = 1;
	if (read_sample(return_value, r) < 0)
		RETURN_THROWS();
	if (Z_TYPE_P(return_value) == IS_UNDEF)
		RETURN_NULL();
}

/* foreach over a Report: the samples as next() returns them, keyed 0, 1,
 * ... A report is a stream read once, as in the Python binding: taking an
 * iterator claims it (UsageException if it was read before, by verify(),
 * next() or another foreach), and it cannot be rewound. */
typedef struct {
	zend_object_iterator it;  /* it.data holds the report object */
	zval current;             /* undefined before the first and after the last sample */
	zend_long index;
	int started;
} report_iter;

static void report_iter_dtor(zend_object_iterator *it)
{
	report_iter *ri = (report_iter *)it;
	zval_ptr_dtor(&ri->current);
	zval_ptr_dtor(&it->data);
}

static int report_iter_valid(zend_object_iterator *it)
{
	return Z_TYPE(((report_iter *)it)->current) != IS_UNDEF ? SUCCESS : FAILURE;
}

static zval *report_iter_current(zend_object_iterator *it)
{
	return &((report_iter *)it)->current;
}

static void report_iter_key(zend_object_iterator *it, zval *key)
{
	ZVAL_LONG(key, ((report_iter *)it)->index);
}

static void report_iter_forward(zend_object_iterator *it)
{
	report_iter *ri = (report_iter *)it;
	zval_ptr_dtor(&ri->current);
	ri->index++;
	read_sample(&ri->current, report_from(Z_OBJ(it->data)));
}

static void report_iter_rewind(zend_object_iterator *it)
{
	report_iter *ri = (report_iter *)it;
	if (ri->started) {
		zend_throw_exception(ce_usage, "a report is read once and cannot be rewound; open it again", GI_EUSAGE);
		return;
	}
	ri->started = 1;
	read_sample(&ri->current, report_from(Z_OBJ(it->data)));
}

static const zend_object_iterator_funcs report_iter_funcs = {
	.dtor = report_iter_dtor,
	.valid = report_iter_valid,
	.get_current_data = report_iter_current,
	.get_current_key = report_iter_key,
	.move_forward = report_iter_forward,
	.rewind = report_iter_rewind,
};

static zend_object_iterator *report_get_iterator(zend_class_entry *ce, zval *object, int by_ref)
{
	if (by_ref) {
		zend_throw_error(NULL, "a GI\\Report cannot be iterated by reference");
		return NULL;
	}
	report_obj *r = report_from(Z_OBJ_P(object));
	if (!r->report) {
		zend_throw_exception(ce_usage, "the report is not open", GI_EUSAGE);
		return NULL;
	}
	if (r->used) {
		zend_throw_exception(ce_usage, "this report has already been read; open it again", GI_EUSAGE);
		return NULL;
	}
	r->used = 1;
	report_iter *ri = ecalloc(1, sizeof *ri);
	zend_iterator_init(&ri->it);
	ZVAL_OBJ_COPY(&ri->it.data, Z_OBJ_P(object));
	ri->it.funcs = &report_iter_funcs;
	ZVAL_UNDEF(&ri->current);
	return &ri->it;
}

/* Report::getIterator(): the same iterator foreach takes, as an object. */
ZEND_METHOD(GI_Report, getIterator)
{
	ZEND_PARSE_PARAMETERS_NONE();
	zend_create_internal_iterator_zval(return_value, ZEND_THIS);
}

/* ---- GI\Signer, GI\Trust, records ---- */

ZEND_METHOD(GI_Signer, load)
{
	zend_string *key = NULL, *cert = NULL, *p12 = NULL, *pw = NULL;
	ZEND_PARSE_PARAMETERS_START(0, 4)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(key)
		Z_PARAM_STR_OR_NULL(cert)
		Z_PARAM_STR_OR_NULL(p12)
		Z_PARAM_STR_OR_NULL(pw)
	ZEND_PARSE_PARAMETERS_END();
	gi_signer_options o = GI_SIGNER_OPTIONS_INIT;
	o.key_file = key ? ZSTR_VAL(key) : NULL;
	o.cert_file = cert ? ZSTR_VAL(cert) : NULL;
	o.pkcs12_file = p12 ? ZSTR_VAL(p12) : NULL;
	o.password = pw ? ZSTR_VAL(pw) : NULL;
	gi_signer *sg;
	if (gi_signer_load(&sg, &o) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_signer);
	signer_from(Z_OBJ_P(return_value))->signer = sg;
}

/* gi_sign_cb calling a PHP callable: (digest name, digest) -> signature. */
static int call_sign(unsigned char *sig, size_t *sig_len, int md_nid, const unsigned char *digest, size_t digest_len,
                     void *payload)
{
	/* OpenSSL's NIDs of the digests a record can be signed with */
	const char *md = md_nid == 672 ? "sha256" : md_nid == 673 ? "sha384" : md_nid == 674 ? "sha512" : NULL;
	if (!md || EG(exception))
		return -1;
	zval args[2], ret;
	ZVAL_STRING(&args[0], md);
	ZVAL_STRINGL(&args[1], (const char *)digest, digest_len);
	ZVAL_UNDEF(&ret);
	int rc = -1;
	if (call_user_function(NULL, NULL, (zval *)payload, &ret, 2, args) == SUCCESS && !EG(exception) &&
	    Z_TYPE(ret) == IS_STRING && Z_STRLEN(ret) > 0 && Z_STRLEN(ret) <= *sig_len) {
		memcpy(sig, Z_STRVAL(ret), Z_STRLEN(ret));
		*sig_len = Z_STRLEN(ret);
		rc = 0;
	}
	zval_ptr_dtor(&ret);
	zval_ptr_dtor(&args[0]);
	zval_ptr_dtor(&args[1]);
	return rc;
}

/* GI\Signer::external(callable $sign, ?string $cert, ?string $certPem): a
 * signer whose key stays elsewhere (a remote signing service). */
ZEND_METHOD(GI_Signer, external)
{
	zval *sign;
	zend_string *cert = NULL, *pem = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_ZVAL(sign)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(cert)
		Z_PARAM_STR_OR_NULL(pem)
	ZEND_PARSE_PARAMETERS_END();
	if (!zend_is_callable(sign, 0, NULL)) {
		zend_argument_type_error(1, "must be a valid callback");
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_signer);
	signer_obj *o = signer_from(Z_OBJ_P(return_value));
	ZVAL_COPY(&o->sign, sign);
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.cert_file = cert ? ZSTR_VAL(cert) : NULL;
	gi_signer_external ext = GI_SIGNER_EXTERNAL_INIT;
	ext.sign = call_sign;
	ext.payload = &o->sign;
	ext.cert_pem = pem ? ZSTR_VAL(pem) : NULL;
	if (gi_signer_load_external(&o->signer, &so, &ext) < 0) {
		zval_ptr_dtor(return_value);
		ZVAL_UNDEF(return_value);
		throw_gi();
		RETURN_THROWS();
	}
}

ZEND_METHOD(GI_Signer, subject)
{
	ZEND_PARSE_PARAMETERS_NONE();
	const char *subject = gi_signer_subject(signer_from(Z_OBJ_P(ZEND_THIS))->signer);
	if (!subject) {
		zend_throw_exception(ce_usage, "the signer is not loaded", GI_EUSAGE);
		RETURN_THROWS();
	}
	RETURN_STRING(subject);
}

ZEND_METHOD(GI_Trust, load)
{
	zend_string *anchors, *crl = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(anchors)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(crl)
	ZEND_PARSE_PARAMETERS_END();
	gi_trust *t;
	if (gi_trust_load(&t, ZSTR_VAL(anchors), crl ? ZSTR_VAL(crl) : NULL) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_trust);
	trust_from(Z_OBJ_P(return_value))->trust = t;
}

/* GI\verify_record(string $xml, Trust $trust, string $name = ""): array -
 * never throws for a record that fails a check: read "valid" and "status". */
ZEND_FUNCTION(GI_verify_record)
{
	zend_string *xml, *name = NULL;
	zval *trust;
	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(xml)
		Z_PARAM_OBJECT_OF_CLASS(trust, ce_trust)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();
	gi_record_check *c = NULL;
	int rc = gi_record_verify(&c, ZSTR_VAL(xml), ZSTR_LEN(xml), name ? ZSTR_VAL(name) : "(memory)",
	                          trust_from(Z_OBJ_P(trust))->trust);
	if (!c) {
		throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	add_assoc_string(return_value, "status", (char *)gi_record_status_name(c->status));
	add_assoc_bool(return_value, "valid", rc == 0);
	add_str(return_value, "reason", c->reason);
	add_str(return_value, "record", c->record_id);
	add_str(return_value, "sample", c->sample_id);
	add_str(return_value, "verdict", c->verdict);
	add_str(return_value, "signed_at", c->issued);
	add_str(return_value, "signer", c->signer);
	add_str(return_value, "serial", c->serial);
	add_str(return_value, "timestamp", c->timestamp);
	add_str(return_value, "claimed_issuer", c->claimed_issuer);
	gi_record_check_free(c);
	gi_error_clear();
}

ZEND_FUNCTION(GI_record_content)
{
	zend_string *xml;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(xml)
	ZEND_PARSE_PARAMETERS_END();
	char *js;
	if (gi_record_json(&js, ZSTR_VAL(xml), ZSTR_LEN(xml), "(memory)") < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	int bad = decode_json(return_value, js);
	gi_free(js);
	if (bad) {
		zend_throw_exception(ce_exception, "cannot decode the record", GI_ERROR);
		RETURN_THROWS();
	}
}

ZEND_FUNCTION(GI_spec_dir)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING(gi_spec_dir());
}

ZEND_FUNCTION(GI_sha256_file)
{
	zend_string *path;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_PATH_STR(path)
	ZEND_PARSE_PARAMETERS_END();
	char hex[65];
	if (gi_sha256_file(hex, ZSTR_VAL(path)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_STRING(hex);
}

/* GI\\Record::verify() and GI\\Record::content(): the same as the functions */
ZEND_METHOD(GI_Record, verify)
{
	ZEND_FN(GI_verify_record)(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

ZEND_METHOD(GI_Record, content)
{
	ZEND_FN(GI_record_content)(INTERNAL_FUNCTION_PARAM_PASSTHRU);
}

ZEND_METHOD(GI_Trust, setTime)
{
	zend_long when;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(when)
	ZEND_PARSE_PARAMETERS_END();
	if (gi_trust_set_time(trust_from(Z_OBJ_P(ZEND_THIS))->trust, (long long)when) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
}

typedef struct {
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
} php_tsa;

/* gi_tsa_cb calling a PHP callable: string request -> string response. */
static int call_tsa(unsigned char **resp, size_t *resp_len, const unsigned char *req, size_t req_len, void *payload)
{
	php_tsa *t = payload;
	zval arg, ret;
	ZVAL_STRINGL(&arg, (const char *)req, req_len);
	ZVAL_UNDEF(&ret);
	t->fci.retval = &ret;
	t->fci.params = &arg;
	t->fci.param_count = 1;
	int rc = -1;
	if (zend_call_function(&t->fci, &t->fcc) == SUCCESS && !EG(exception) && Z_TYPE(ret) == IS_STRING &&
	    Z_STRLEN(ret) > 0 && (*resp = malloc(Z_STRLEN(ret)))) {
		memcpy(*resp, Z_STRVAL(ret), Z_STRLEN(ret));
		*resp_len = Z_STRLEN(ret);
		rc = 0;
	}
	zval_ptr_dtor(&ret);
	zval_ptr_dtor(&arg);
	return rc;
}

/* GI\Record::restamp(string $xml, Trust $trust, callable $tsa, string $name): string */
ZEND_METHOD(GI_Record, restamp)
{
	zend_string *xml, *name = NULL;
	zval *trust;
	php_tsa t;
	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_STR(xml)
		Z_PARAM_OBJECT_OF_CLASS(trust, ce_trust)
		Z_PARAM_FUNC(t.fci, t.fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();
	char *out = NULL;
	size_t len = 0;
	if (gi_record_restamp(&out, &len, ZSTR_VAL(xml), ZSTR_LEN(xml), name ? ZSTR_VAL(name) : "(memory)",
	                      trust_from(Z_OBJ_P(trust))->trust, call_tsa, &t) < 0) {
		if (!EG(exception))
			throw_gi();
		RETURN_THROWS();
	}
	RETVAL_STRINGL(out, len);
	gi_free(out);
}

/* ---- statistics and PT ---- */

static double *doubles(HashTable *h, size_t *n)
{
	*n = zend_hash_num_elements(h);
	double *v = emalloc((*n + 1) * sizeof *v);
	size_t i = 0;
	zval *z;
	ZEND_HASH_FOREACH_VAL(h, z) {
		v[i++] = zval_get_double(z);
	} ZEND_HASH_FOREACH_END();
	return v;
}

ZEND_FUNCTION(GI_stats_describe)
{
	HashTable *h;
	double conf = 0.95;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY_HT(h)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(conf)
	ZEND_PARSE_PARAMETERS_END();
	size_t n;
	double *v = doubles(h, &n);
	gi_stats st;
	int rc = gi_stats_describe(&st, v, n, conf);
	efree(v);
	if (rc < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	add_assoc_long(return_value, "n", (zend_long)st.n);
	add_assoc_double(return_value, "mean", st.mean);
	add_assoc_double(return_value, "sd", st.sd);
	add_assoc_double(return_value, "u_mean", st.u_mean);
	add_assoc_double(return_value, "ci_low", st.ci_low);
	add_assoc_double(return_value, "ci_high", st.ci_high);
}

typedef int (*outlier_fn)(double *, size_t *, const double *, size_t);

static void outlier(INTERNAL_FUNCTION_PARAMETERS, outlier_fn fn)
{
	HashTable *h;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(h)
	ZEND_PARSE_PARAMETERS_END();
	size_t n, idx;
	double g, *v = doubles(h, &n);
	int rc = fn(&g, &idx, v, n);
	efree(v);
	if (rc < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	add_next_index_double(return_value, g);
	add_next_index_long(return_value, (zend_long)idx);
}

ZEND_FUNCTION(GI_stats_grubbs) { outlier(INTERNAL_FUNCTION_PARAM_PASSTHRU, gi_stats_grubbs); }
ZEND_FUNCTION(GI_stats_dixon) { outlier(INTERNAL_FUNCTION_PARAM_PASSTHRU, gi_stats_dixon); }

ZEND_FUNCTION(GI_stats_grubbs_critical)
{
	zend_long n;
	double a = 0.05;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(n)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(a)
	ZEND_PARSE_PARAMETERS_END();
	double v;
	if (n < 0 || gi_stats_grubbs_critical_value(&v, (size_t)n, a) < 0) {
		if (n < 0)
			zend_argument_value_error(1, "must not be negative");
		else
			throw_gi();
		RETURN_THROWS();
	}
	RETURN_DOUBLE(v);
}

ZEND_FUNCTION(GI_stats_dixon_critical)
{
	zend_long n;
	double a = 0.05;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_LONG(n)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(a)
	ZEND_PARSE_PARAMETERS_END();
	double v;
	if (n < 0 || gi_stats_dixon_critical_value(&v, (size_t)n, a) < 0) {
		if (n < 0)
			zend_argument_value_error(1, "must not be negative");
		else
			throw_gi();
		RETURN_THROWS();
	}
	RETURN_DOUBLE(v);
}

ZEND_FUNCTION(GI_stats_algorithm_a)
{
	HashTable *h;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(h)
	ZEND_PARSE_PARAMETERS_END();
	size_t n;
	double *v = doubles(h, &n);
	gi_robust r;
	int rc = gi_stats_algorithm_a(&r, v, n);
	efree(v);
	if (rc < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	add_assoc_double(return_value, "mean", r.mean);
	add_assoc_double(return_value, "sd", r.sd);
	add_assoc_long(return_value, "iterations", r.iterations);
}

ZEND_FUNCTION(GI_stats_cochran)
{
	HashTable *h;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(h)
	ZEND_PARSE_PARAMETERS_END();
	size_t n;
	double *v = doubles(h, &n);
	double c;
	int rc = gi_stats_cochran_c(&c, NULL, v, n);
	efree(v);
	if (rc < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_DOUBLE(c);
}

ZEND_FUNCTION(GI_stats_cochran_critical)
{
	zend_long p, n;
	double a = 0.05;
	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_LONG(p)
		Z_PARAM_LONG(n)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(a)
	ZEND_PARSE_PARAMETERS_END();
	double v;
	if (p < 0 || n < 0 || gi_stats_cochran_critical_value(&v, (size_t)p, (size_t)n, a) < 0) {
		if (p < 0 || n < 0)
			zend_argument_value_error(p < 0 ? 1 : 2, "must not be negative");
		else
			throw_gi();
		RETURN_THROWS();
	}
	RETURN_DOUBLE(v);
}

static void pt_array(zval *rv, gi_pt *pt)
{
	const gi_robust *r = gi_pt_robust(pt);
	array_init(rv);
	add_assoc_double(rv, "robust_mean", r->mean);
	add_assoc_double(rv, "robust_sd", r->sd);
	add_assoc_double(rv, "assigned", gi_pt_assigned(pt));
	add_assoc_double(rv, "sigma_pt", gi_pt_sigma(pt));
	add_assoc_double(rv, "u_assigned", gi_pt_u_assigned(pt));
	add_assoc_bool(rv, "z_prime", gi_pt_uses_z_prime(pt));
	add_str(rv, "warning", gi_pt_warning(pt));
	add_str(rv, "analyte", gi_pt_analyte(pt));
	add_str(rv, "unit", gi_pt_unit(pt));
	zval labs;
	array_init(&labs);
	for (size_t i = 0; i < gi_pt_lab_count(pt); i++) {
		const gi_pt_lab *l = gi_pt_get_lab(pt, i);
		zval d;
		array_init(&d);
		add_str(&d, "lab", l->lab);
		add_assoc_long(&d, "n", (zend_long)l->n);
		add_assoc_double(&d, "mean", l->mean);
		add_assoc_double(&d, "z", l->z);
		add_assoc_double(&d, "z_prime", l->z_prime);
		add_str(&d, "class", gi_pt_class_name(l->grade));
		add_next_index_zval(&labs, &d);
	}
	add_assoc_zval(rv, "labs", &labs);
	double c, crit;
	const char *lab;
	if (gi_pt_cochran(pt, &c, &crit, &lab) == 0) {
		zval co;
		array_init(&co);
		add_assoc_double(&co, "C", c);
		add_assoc_double(&co, "critical", crit);
		add_str(&co, "lab", lab);
		add_assoc_zval(rv, "cochran", &co);
	} else {
		gi_error_clear();
		add_assoc_null(rv, "cochran");
	}
}

static void pt_opts(gi_pt_options *o, zval *assigned, zval *sigma, double alpha)
{
	o->alpha = alpha;
	if (assigned && Z_TYPE_P(assigned) != IS_NULL) {
		o->has_assigned = 1;
		o->assigned = zval_get_double(assigned);
	}
	if (sigma && Z_TYPE_P(sigma) != IS_NULL) {
		o->has_sigma = 1;
		o->sigma = zval_get_double(sigma);
	}
}

/* ---- global risks (JCGM 106) ---- */

/* Reads the options array: lower, upper, mean, sd, u, guard, sd_includes_u;
 * mean, sd and u are required. -1 with an exception thrown. */
static int risk_opts(gi_risk_options *o, HashTable *h)
{
	static const char *const known[] = { "lower", "upper", "mean", "sd", "u", "guard", "sd_includes_u" };
	zend_string *key;
	ZEND_HASH_FOREACH_STR_KEY(h, key) {
		size_t i = 0;
		while (key && i < sizeof known / sizeof known[0] && strcmp(ZSTR_VAL(key), known[i]) != 0)
			i++;
		if (!key || i == sizeof known / sizeof known[0]) {
			zend_throw_exception_ex(ce_usage, GI_EUSAGE, "unknown risk option '%s' (lower, upper, mean, sd, u, "
			                        "guard, sd_includes_u)", key ? ZSTR_VAL(key) : "(a number)");
			return -1;
		}
	} ZEND_HASH_FOREACH_END();
	zval *z;
	if ((z = zend_hash_str_find(h, "lower", 5)) && Z_TYPE_P(z) != IS_NULL) {
		o->has_lower = 1;
		o->lower = zval_get_double(z);
	}
	if ((z = zend_hash_str_find(h, "upper", 5)) && Z_TYPE_P(z) != IS_NULL) {
		o->has_upper = 1;
		o->upper = zval_get_double(z);
	}
	static const char *const need[] = { "mean", "sd", "u" };
	double *slot[] = { &o->mean, &o->sd, &o->u };
	for (size_t i = 0; i < 3; i++) {
		if (!(z = zend_hash_str_find(h, need[i], strlen(need[i]))) || Z_TYPE_P(z) == IS_NULL) {
			zend_throw_exception_ex(ce_usage, GI_EUSAGE, "the risk options need '%s'", need[i]);
			return -1;
		}
		*slot[i] = zval_get_double(z);
	}
	if ((z = zend_hash_str_find(h, "guard", 5)))
		o->guard = zval_get_double(z);
	if ((z = zend_hash_str_find(h, "sd_includes_u", 13)))
		o->sd_includes_u = zend_is_true(z);
	return 0;
}

static void add_opt_double(zval *a, const char *k, double v)
{
	if (isnan(v))
		add_assoc_null(a, k);
	else
		add_assoc_double(a, k, v);
}

static void risk_array(zval *a, const gi_risk *r)
{
	array_init(a);
	add_assoc_double(a, "consumer", r->consumer);
	add_assoc_double(a, "producer", r->producer);
	add_assoc_double(a, "abserr", r->abserr);
	add_assoc_double(a, "nonconforming", r->nonconforming);
	add_assoc_double(a, "guard", r->guard);
	add_opt_double(a, "accept_lower", r->accept_lower);
	add_opt_double(a, "accept_upper", r->accept_upper);
	add_assoc_double(a, "process_sd", r->process_sd);
	add_opt_double(a, "cp", r->cp);
	add_opt_double(a, "cpk", r->cpk);
	add_opt_double(a, "cpu", r->cpu);
	add_opt_double(a, "cpl", r->cpl);
	add_opt_double(a, "cm", r->cm);
}

ZEND_FUNCTION(GI_risk_global)
{
	HashTable *h;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(h)
	ZEND_PARSE_PARAMETERS_END();
	gi_risk_options o = GI_RISK_OPTIONS_INIT;
	if (risk_opts(&o, h) < 0)
		RETURN_THROWS();
	gi_risk r;
	if (gi_risk_global(&r, &o) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	risk_array(return_value, &r);
}

ZEND_FUNCTION(GI_risk_guard_band)
{
	double target;
	HashTable *h;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_DOUBLE(target)
		Z_PARAM_ARRAY_HT(h)
	ZEND_PARSE_PARAMETERS_END();
	gi_risk_options o = GI_RISK_OPTIONS_INIT;
	if (risk_opts(&o, h) < 0)
		RETURN_THROWS();
	gi_risk r;
	if (gi_risk_guard_band(&r, target, &o) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	risk_array(return_value, &r);
}

ZEND_FUNCTION(GI_risk_history_file)
{
	zend_string *path, *column = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_PATH_STR(path)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(column)
	ZEND_PARSE_PARAMETERS_END();
	gi_stats st;
	if (gi_risk_history_file(&st, ZSTR_VAL(path), column ? ZSTR_VAL(column) : NULL) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	add_assoc_long(return_value, "n", (zend_long)st.n);
	add_assoc_double(return_value, "mean", st.mean);
	add_assoc_double(return_value, "sd", st.sd);
	add_assoc_double(return_value, "u_mean", st.u_mean);
	add_assoc_double(return_value, "ci_low", st.ci_low);
	add_assoc_double(return_value, "ci_high", st.ci_high);
}

ZEND_FUNCTION(GI_pt_load)
{
	zend_string *path;
	zval *assigned = NULL, *sigma = NULL;
	double alpha = 0.05;
	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_PATH_STR(path)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(assigned)
		Z_PARAM_ZVAL(sigma)
		Z_PARAM_DOUBLE(alpha)
	ZEND_PARSE_PARAMETERS_END();
	gi_pt_options o = GI_PT_OPTIONS_INIT;
	pt_opts(&o, assigned, sigma, alpha);
	gi_pt *pt;
	if (gi_pt_load_file(&pt, ZSTR_VAL(path), &o) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	pt_array(return_value, pt);
	gi_pt_free(pt);
}

ZEND_FUNCTION(GI_pt_evaluate)
{
	HashTable *labs_h, *vals_h;
	zval *assigned = NULL, *sigma = NULL;
	double alpha = 0.05;
	ZEND_PARSE_PARAMETERS_START(2, 5)
		Z_PARAM_ARRAY_HT(labs_h)
		Z_PARAM_ARRAY_HT(vals_h)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(assigned)
		Z_PARAM_ZVAL(sigma)
		Z_PARAM_DOUBLE(alpha)
	ZEND_PARSE_PARAMETERS_END();
	size_t n;
	double *v = doubles(vals_h, &n);
	if (zend_hash_num_elements(labs_h) != n) {
		efree(v);
		zend_throw_exception(ce_usage, "labs and values differ in length", GI_EUSAGE);
		RETURN_THROWS();
	}
	const char **labs = emalloc((n + 1) * sizeof *labs);
	size_t i = 0;
	zval *z;
	ZEND_HASH_FOREACH_VAL(labs_h, z) {
		labs[i++] = Z_TYPE_P(z) == IS_STRING ? Z_STRVAL_P(z) : "";
	} ZEND_HASH_FOREACH_END();
	gi_pt_options o = GI_PT_OPTIONS_INIT;
	pt_opts(&o, assigned, sigma, alpha);
	gi_pt *pt;
	int rc = gi_pt_evaluate(&pt, labs, v, n, &o);
	efree(v);
	efree(labs);
	if (rc < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	pt_array(return_value, pt);
	gi_pt_free(pt);
}

ZEND_FUNCTION(GI_pt_classify)
{
	double z;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_DOUBLE(z)
	ZEND_PARSE_PARAMETERS_END();
	RETURN_STRING(gi_pt_class_name(gi_pt_classify(z)));
}

/* GI\verdict_text(), GI\rule_text(): words for people in the language of
 * LC_MESSAGES (gi_verdict_text, gi_rule_text). */
ZEND_FUNCTION(GI_verdict_text)
{
	zend_string *name;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();
	for (int v = GI_VERDICT_PASS; v <= GI_VERDICT_CONDITIONAL_FAIL; v++)
		if (strcmp(gi_verdict_name((gi_verdict)v), ZSTR_VAL(name)) == 0)
			RETURN_STRING(gi_verdict_text((gi_verdict)v));
	zend_argument_value_error(1, "must be a verdict name such as \"pass\"");
	RETURN_THROWS();
}

ZEND_FUNCTION(GI_rule_text)
{
	zend_string *name;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();
	gi_rule_kind k;
	if (gi_rule_parse(&k, ZSTR_VAL(name)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_STRING(gi_rule_text(k));
}

/* GI\names(): the library's enumerations by name. */
ZEND_FUNCTION(GI_names)
{
	ZEND_PARSE_PARAMETERS_NONE();
	zval verdicts, rules, statuses, codes;
	array_init(return_value);
	array_init(&verdicts);
	for (int v = GI_VERDICT_PASS; v <= GI_VERDICT_CONDITIONAL_FAIL; v++)
		add_next_index_string(&verdicts, gi_verdict_name((gi_verdict)v));
	array_init(&rules);
	for (int r = GI_RULE_SIMPLE; r <= GI_RULE_RESIDUE; r++)
		add_next_index_string(&rules, gi_rule_name((gi_rule_kind)r));
	array_init(&statuses);
	for (int s = GI_RECORD_VALID; strcmp(gi_record_status_name((gi_record_status)s), "unknown") != 0; s++)
		add_next_index_string(&statuses, gi_record_status_name((gi_record_status)s));
	array_init(&codes);
	for (int c = GI_EABORTED; c <= GI_OK; c++)
		add_index_string(&codes, c, gi_status_name(c));
	add_assoc_zval(return_value, "verdicts", &verdicts);
	add_assoc_zval(return_value, "rules", &rules);
	add_assoc_zval(return_value, "record_statuses", &statuses);
	add_assoc_zval(return_value, "status_codes", &codes);
}

ZEND_FUNCTION(GI_canonical_unit)
{
	zend_string *s;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(s)
	ZEND_PARSE_PARAMETERS_END();
	const char *c;
	if (gi_unit_canonical(&c, ZSTR_VAL(s)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_STRING(c);
}

/* ---- functions ---- */

/* GI\format_measurement(value, U): "6.33 ± 0.19" (GUM 7.2.6). */
ZEND_FUNCTION(GI_format_measurement)
{
	double v, u;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_DOUBLE(v)
		Z_PARAM_DOUBLE(u)
	ZEND_PARSE_PARAMETERS_END();
	char buf[128];
	if (gi_format_measurement(buf, sizeof buf, v, u, NULL) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_STRING(buf);
}

ZEND_FUNCTION(GI_parse_number)
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

ZEND_FUNCTION(GI_convert_unit)
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

ZEND_FUNCTION(GI_version)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING(gi_version());
}

static zend_class_entry *subclass(const char *name, zend_class_entry *parent)
{
	zend_class_entry ce;
	INIT_CLASS_ENTRY_EX(ce, name, strlen(name), NULL);
	return zend_register_internal_class_ex(&ce, parent);
}

/* A final class whose objects own a C handle: made only by its factories
 * (create zeroes the handle), freed with free_obj, never cloned. */
static zend_class_entry *handle_class(const char *name, const zend_function_entry *methods,
                                      zend_object *(*create)(zend_class_entry *), zend_object_handlers *h,
                                      int offset, void (*free_obj)(zend_object *))
{
	zend_class_entry ce;
	INIT_CLASS_ENTRY_EX(ce, name, strlen(name), methods);
	zend_class_entry *c = zend_register_internal_class(&ce);
	c->create_object = create;
	c->ce_flags |= ZEND_ACC_FINAL | ZEND_ACC_NO_DYNAMIC_PROPERTIES;
	memcpy(h, zend_get_std_object_handlers(), sizeof *h);
	h->offset = offset;
	h->free_obj = free_obj;
	h->clone_obj = NULL;
	return c;
}

/* ---- GI\StampKeys and stamps (gi/stamp.h) ---- */

static zend_class_entry *ce_stamp_keys;
static zend_object_handlers stamp_keys_handlers;

typedef struct {
	gi_stamp_keys *keys;
	zend_object std;
} stamp_keys_obj;

static stamp_keys_obj *stamp_keys_from(zend_object *o)
{
	return (stamp_keys_obj *)((char *)o - XtOffsetOf(stamp_keys_obj, std));
}

static zend_object *stamp_keys_create(zend_class_entry *ce)
{
	return new_object(ce, sizeof(stamp_keys_obj), &stamp_keys_handlers);
}

static void stamp_keys_free_obj(zend_object *obj)
{
	gi_stamp_keys_free(stamp_keys_from(obj)->keys);
	zend_object_std_dtor(obj);
}

ZEND_METHOD(GI_StampKeys, __construct) {}

ZEND_METHOD(GI_StampKeys, load)
{
	zend_string *pem;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(pem)
	ZEND_PARSE_PARAMETERS_END();
	gi_stamp_keys *k;
	if (gi_stamp_keys_load(&k, ZSTR_VAL(pem)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_stamp_keys);
	stamp_keys_from(Z_OBJ_P(return_value))->keys = k;
}

ZEND_FUNCTION(GI_stamp_sign)
{
	zval *signer;
	zend_string *domain, *lot, *gtin = NULL, *serial = NULL;
	ZEND_PARSE_PARAMETERS_START(3, 5)
		Z_PARAM_OBJECT_OF_CLASS(signer, ce_signer)
		Z_PARAM_STR(domain)
		Z_PARAM_STR(lot)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(gtin)
		Z_PARAM_STR_OR_NULL(serial)
	ZEND_PARSE_PARAMETERS_END();
	gi_stamp st = GI_STAMP_INIT;
	st.domain = ZSTR_VAL(domain);
	st.lot = ZSTR_VAL(lot);
	st.gtin = gtin ? ZSTR_VAL(gtin) : NULL;
	st.serial = serial ? ZSTR_VAL(serial) : NULL;
	char *uri = NULL;
	if (gi_stamp_sign(&uri, signer_from(Z_OBJ_P(signer))->signer, &st) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETVAL_STRING(uri);
	gi_free(uri);
}

static void add_str_or_null(zval *arr, const char *key, const char *v)
{
	if (v)
		add_assoc_string(arr, key, v);
	else
		add_assoc_null(arr, key);
}

ZEND_FUNCTION(GI_stamp_verify)
{
	zend_string *uri;
	zval *keys;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(uri)
		Z_PARAM_OBJECT_OF_CLASS(keys, ce_stamp_keys)
	ZEND_PARSE_PARAMETERS_END();
	gi_stamp_check *c = NULL;
	int rc = gi_stamp_verify(&c, ZSTR_VAL(uri), stamp_keys_from(Z_OBJ_P(keys))->keys);
	if (!c) {
		throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	add_assoc_bool(return_value, "genuine", rc == 0);
	add_assoc_string(return_value, "reason", c->reason ? c->reason : "");
	add_str_or_null(return_value, "domain", c->domain);
	add_str_or_null(return_value, "gtin", c->gtin);
	add_str_or_null(return_value, "lot", c->lot);
	add_str_or_null(return_value, "serial", c->serial);
	add_str_or_null(return_value, "signer", c->signer);
	gi_stamp_check_free(c);
}

ZEND_FUNCTION(GI_stamp_qr_svg)
{
	zend_string *text;
	double mm = 0.5;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(text)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE(mm)
	ZEND_PARSE_PARAMETERS_END();
	char *svg = NULL;
	if (gi_stamp_qr_svg(&svg, ZSTR_VAL(text), mm) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETVAL_STRING(svg);
	gi_free(svg);
}

ZEND_FUNCTION(GI_stamp_qr_png)
{
	zend_string *text;
	zend_long scale = 8;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(text)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(scale)
	ZEND_PARSE_PARAMETERS_END();
	unsigned char *png = NULL;
	size_t len = 0;
	if (scale < 1 || scale > 64 || gi_stamp_qr_png(&png, &len, ZSTR_VAL(text), (int)scale) < 0) {
		if (scale < 1 || scale > 64)
			zend_throw_exception(ce_usage, "stamp_qr_png: scale outside 1-64", GI_EUSAGE);
		else
			throw_gi();
		RETURN_THROWS();
	}
	RETVAL_STRINGL((const char *)png, len);
	gi_free(png);
}

ZEND_FUNCTION(GI_stamp_sheet)
{
	HashTable *list;
	zend_string *format = NULL;
	double mm = 0.5, width = 190, gap = 3;
	zend_long scale = 4;
	bool labels = false;
	ZEND_PARSE_PARAMETERS_START(1, 7)
		Z_PARAM_ARRAY_HT(list)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(format)
		Z_PARAM_DOUBLE(mm)
		Z_PARAM_DOUBLE(width)
		Z_PARAM_DOUBLE(gap)
		Z_PARAM_LONG(scale)
		Z_PARAM_BOOL(labels)
	ZEND_PARSE_PARAMETERS_END();
	gi_stamp_sheet_options o = GI_STAMP_SHEET_OPTIONS_INIT;
	if (format && strcmp(ZSTR_VAL(format), "svg") != 0 && strcmp(ZSTR_VAL(format), "png") != 0) {
		zend_throw_exception(ce_usage, "stamp_sheet: format must be \"svg\" or \"png\"", GI_EUSAGE);
		RETURN_THROWS();
	}
	if (scale < 1 || scale > 64) {
		zend_throw_exception(ce_usage, "stamp_sheet: scale outside 1-64", GI_EUSAGE);
		RETURN_THROWS();
	}
	o.format = format && strcmp(ZSTR_VAL(format), "png") == 0 ? GI_STAMP_SHEET_PNG : GI_STAMP_SHEET_SVG;
	o.module_mm = mm;
	o.width_mm = width;
	o.gap_mm = gap;
	o.scale = (int)scale;
	o.labels = labels;
	size_t n = zend_hash_num_elements(list), i = 0;
	const char **uris = ecalloc(n ? n : 1, sizeof *uris);
	zval *v;
	ZEND_HASH_FOREACH_VAL(list, v) {
		if (Z_TYPE_P(v) != IS_STRING) {
			efree(uris);
			zend_throw_exception(ce_usage, "stamp_sheet: every stamp is a URI string", GI_EUSAGE);
			RETURN_THROWS();
		}
		uris[i++] = Z_STRVAL_P(v);
	} ZEND_HASH_FOREACH_END();
	unsigned char *out = NULL;
	size_t len = 0;
	int rc = gi_stamp_sheet(&out, &len, uris, n, &o);
	efree(uris);
	if (rc < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETVAL_STRINGL((const char *)out, len);
	gi_free(out);
}

static void add_tri(zval *arr, const char *key, int v)
{
	if (v < 0)
		add_assoc_null(arr, key);
	else
		add_assoc_bool(arr, key, v);
}

ZEND_FUNCTION(GI_stamp_inspect)
{
	zend_string *uri, *status = NULL, *dir = NULL, *proof = NULL, *key = NULL;
	zval *keys, *trust = NULL;
	zend_long now = 0;
	ZEND_PARSE_PARAMETERS_START(2, 8)
		Z_PARAM_STR(uri)
		Z_PARAM_OBJECT_OF_CLASS(keys, ce_stamp_keys)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(status)
		Z_PARAM_OBJECT_OF_CLASS_OR_NULL(trust, ce_trust)
		Z_PARAM_STR_OR_NULL(dir)
		Z_PARAM_STR_OR_NULL(proof)
		Z_PARAM_STR_OR_NULL(key)
		Z_PARAM_LONG(now)
	ZEND_PARSE_PARAMETERS_END();
	gi_stamp_inspect_options o = GI_STAMP_INSPECT_OPTIONS_INIT;
	o.status_list = status ? ZSTR_VAL(status) : NULL;
	o.status_len = status ? ZSTR_LEN(status) : 0;
	o.trust = trust ? trust_from(Z_OBJ_P(trust))->trust : NULL;
	o.log_dir = dir ? ZSTR_VAL(dir) : NULL;
	o.log_proof = proof ? ZSTR_VAL(proof) : NULL;
	o.log_key = key ? ZSTR_VAL(key) : NULL;
	o.now = now;
	gi_stamp_check *c = NULL;
	int rc = gi_stamp_inspect(&c, ZSTR_VAL(uri), stamp_keys_from(Z_OBJ_P(keys))->keys, &o);
	if (!c) {
		throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	add_assoc_bool(return_value, "genuine", rc == 0);
	add_assoc_string(return_value, "reason", c->reason ? c->reason : "");
	add_str_or_null(return_value, "domain", c->domain);
	add_str_or_null(return_value, "gtin", c->gtin);
	add_str_or_null(return_value, "lot", c->lot);
	add_str_or_null(return_value, "serial", c->serial);
	add_str_or_null(return_value, "signer", c->signer);
	add_str_or_null(return_value, "permit", c->permit);
	add_str_or_null(return_value, "permit_state", c->permit_state);
	add_str_or_null(return_value, "valid_from", c->valid_from);
	add_str_or_null(return_value, "valid_until", c->valid_until);
	add_tri(return_value, "permit_valid", c->permit_valid);
	add_str_or_null(return_value, "status_date", c->status_date);
	add_tri(return_value, "issued", c->issued);
	add_tri(return_value, "in_log", c->in_log);
	add_assoc_long(return_value, "log_records", (zend_long)c->log_records);
	add_str_or_null(return_value, "log", c->log_origin);
	add_str_or_null(return_value, "warning", c->warning);
	gi_stamp_check_free(c);
	gi_error_clear();
}

/* ---- GI\Registry ---- */

ZEND_METHOD(GI_Registry, open)
{
	zend_string *url, *actor = NULL, *banned = NULL, *log_dir = NULL, *log_key = NULL;
	zval *spec, *trust = NULL, *signer = NULL;
	zend_long months_pass = 0, months_fail = 0, repeat = 0, now = 0, schema = 0;
	ZEND_PARSE_PARAMETERS_START(2, 13)
		Z_PARAM_STR(url)
		Z_PARAM_OBJECT_OF_CLASS(spec, ce_spec)
		Z_PARAM_OPTIONAL
		Z_PARAM_OBJECT_OF_CLASS_OR_NULL(trust, ce_trust)
		Z_PARAM_OBJECT_OF_CLASS_OR_NULL(signer, ce_signer)
		Z_PARAM_STR_OR_NULL(actor)
		Z_PARAM_STR_OR_NULL(banned)
		Z_PARAM_LONG(months_pass)
		Z_PARAM_LONG(months_fail)
		Z_PARAM_LONG(repeat)
		Z_PARAM_LONG(now)
		Z_PARAM_LONG(schema)
		Z_PARAM_PATH_STR_OR_NULL(log_dir)
		Z_PARAM_STR_OR_NULL(log_key)
	ZEND_PARSE_PARAMETERS_END();
	gi_registry_options o = GI_REGISTRY_OPTIONS_INIT;
	o.log_dir = log_dir ? ZSTR_VAL(log_dir) : NULL;
	o.log_key = log_key ? ZSTR_VAL(log_key) : NULL;
	o.spec = spec_from(Z_OBJ_P(spec))->spec;
	o.trust = trust ? trust_from(Z_OBJ_P(trust))->trust : NULL;
	o.signer = signer ? signer_from(Z_OBJ_P(signer))->signer : NULL;
	o.actor = actor ? ZSTR_VAL(actor) : NULL;
	o.banned_file = banned ? ZSTR_VAL(banned) : NULL;
	o.months_pass = (int)months_pass;
	o.months_fail = (int)months_fail;
	o.repeat_months = (int)repeat;
	o.now = (long long)now;
	o.schema_version = (int)schema;
	if (!o.spec) {
		zend_throw_exception(ce_usage, "the specification is not loaded", GI_EUSAGE);
		RETURN_THROWS();
	}
	gi_registry *reg;
	if (gi_registry_open(&reg, ZSTR_VAL(url), &o) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce_registry);
	registry_obj *ro = registry_from(Z_OBJ_P(return_value));
	ro->reg = reg;
	ZVAL_COPY(&ro->keep[0], spec);
	if (trust)
		ZVAL_COPY(&ro->keep[1], trust);
	if (signer)
		ZVAL_COPY(&ro->keep[2], signer);
}

ZEND_METHOD(GI_Registry, call)
{
	zend_string *action;
	zval *args = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(action)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY(args)
	ZEND_PARSE_PARAMETERS_END();
	registry_obj *ro = registry_from(Z_OBJ_P(ZEND_THIS));
	if (!ro->reg) {
		zend_throw_exception(ce_usage, "the registry is not open", GI_EUSAGE);
		RETURN_THROWS();
	}
	smart_str buf = { 0 };
	if (args && zend_hash_num_elements(Z_ARRVAL_P(args)) > 0) {
		if (php_json_encode(&buf, args, PHP_JSON_UNESCAPED_UNICODE | PHP_JSON_PRESERVE_ZERO_FRACTION) != SUCCESS) {
			smart_str_free(&buf);
			zend_throw_exception(ce_usage, "the arguments cannot be written as JSON", GI_EUSAGE);
			RETURN_THROWS();
		}
	} else {
		smart_str_appends(&buf, "{}");
	}
	smart_str_0(&buf);
	char *out = NULL;
	int rc = gi_registry_call(ro->reg, &out, ZSTR_VAL(action), ZSTR_VAL(buf.s));
	smart_str_free(&buf);
	if (rc < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	int bad = decode_json(return_value, out);
	gi_free(out);
	if (bad) {
		zend_throw_exception(ce_exception, "the registry's answer is not JSON", GI_ERROR);
		RETURN_THROWS();
	}
}

ZEND_METHOD(GI_Registry, schemaVersion)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_LONG(gi_registry_schema_version(registry_from(Z_OBJ_P(ZEND_THIS))->reg));
}

ZEND_METHOD(GI_Registry, checkLotCode)
{
	zend_string *code;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(code)
	ZEND_PARSE_PARAMETERS_END();
	if (gi_registry_lot_code_check(ZSTR_VAL(code)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
}

static void log_minit(void);

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
	ce_aborted = subclass("GI\\AbortedException", ce_exception);

	ce_spec = handle_class("GI\\Spec", class_GI_Spec_methods, spec_create, &spec_handlers,
	                       XtOffsetOf(spec_obj, std), spec_free);
	ce_report = handle_class("GI\\Report", class_GI_Report_methods, report_create, &report_handlers,
	                       XtOffsetOf(report_obj, std), report_free);
	ce_report->get_iterator = report_get_iterator;  /* set first: IteratorAggregate keeps it */
	zend_class_implements(ce_report, 1, zend_ce_aggregate);
	ce_signer = handle_class("GI\\Signer", class_GI_Signer_methods, signer_create, &signer_handlers,
	                       XtOffsetOf(signer_obj, std), signer_free_obj);
	ce_trust = handle_class("GI\\Trust", class_GI_Trust_methods, trust_create, &trust_handlers,
	                       XtOffsetOf(trust_obj, std), trust_free_obj);
	ce_registry = handle_class("GI\\Registry", class_GI_Registry_methods, registry_create, &registry_handlers,
	                       XtOffsetOf(registry_obj, std), registry_free_obj);

	ce_stamp_keys = handle_class("GI\\StampKeys", class_GI_StampKeys_methods, stamp_keys_create, &stamp_keys_handlers,
	                             XtOffsetOf(stamp_keys_obj, std), stamp_keys_free_obj);
	ce_verification = handle_class("GI\\Verification", class_GI_Verification_methods, verification_create,
	                               &verification_handlers, XtOffsetOf(verification_obj, std), verification_free_obj);
	ce_verification->get_iterator = verification_get_iterator;
	zend_class_implements(ce_verification, 1, zend_ce_aggregate);

	INIT_CLASS_ENTRY(ce, "GI\\Record", class_GI_Record_methods);
	ce_record = zend_register_internal_class(&ce);
	ce_record->ce_flags |= ZEND_ACC_FINAL | ZEND_ACC_NO_DYNAMIC_PROPERTIES;
	log_minit();
	return SUCCESS;
}

PHP_MSHUTDOWN_FUNCTION(gi)
{
	gi_shutdown();   /* the extension, and libgi with it, may be unloaded next */
	return SUCCESS;
}

PHP_MINFO_FUNCTION(gi)
{
	php_info_print_table_start();
	php_info_print_table_row(2, "libgi", gi_version());
	php_info_print_table_end();
}

zend_module_entry gi_module_entry = {
	STANDARD_MODULE_HEADER, "gi", ext_functions, PHP_MINIT(gi), PHP_MSHUTDOWN(gi), NULL, NULL, PHP_MINFO(gi),
	GI_PHP_VERSION, STANDARD_MODULE_PROPERTIES
};

ZEND_GET_MODULE(gi)

/* ---------------------------------------------------------------- transparency log (gi/log.h) */

static zend_class_entry *ce_log;
static zend_object_handlers log_handlers;

typedef struct {
	gi_log *log;
	zend_object std;
} log_obj;

static log_obj *log_from(zend_object *o) { return (log_obj *)((char *)o - XtOffsetOf(log_obj, std)); }
static zend_object *log_create(zend_class_entry *ce) { return new_object(ce, sizeof(log_obj), &log_handlers); }

static void log_free_obj(zend_object *obj)
{
	gi_log_free(log_from(obj)->log);
	zend_object_std_dtor(obj);
}

static void log_minit(void)
{
	ce_log = handle_class("GI\\Log", class_GI_Log_methods, log_create, &log_handlers,
	                      XtOffsetOf(log_obj, std), log_free_obj);
}

/* the open log of $this, or NULL with a UsageException */
static gi_log *this_log(zval *this_)
{
	gi_log *log = log_from(Z_OBJ_P(this_))->log;
	if (!log)
		zend_throw_exception(ce_usage, "the log is closed", GI_EUSAGE);
	return log;
}

ZEND_METHOD(GI_Log, __construct) {}

ZEND_METHOD(GI_Log, keygen)
{
	zend_string *name;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();
	char *skey, *vkey;
	if (gi_log_keygen(&skey, &vkey, ZSTR_VAL(name)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	add_next_index_string(return_value, skey);
	add_next_index_string(return_value, vkey);
	gi_free(skey);
	gi_free(vkey);
}

static void log_open_to(zval *return_value, const char *dir, const char *skey, const char *vkey, int create,
		const char *ca, long timeout)
{
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.ca_file = ca;
	o.timeout = timeout;
	o.signer_key = skey;
	o.verifier_key = vkey;
	o.create = create;
	gi_log *log;
	if (gi_log_open(&log, dir, &o) < 0) {
		throw_gi();
		return;
	}
	object_init_ex(return_value, ce_log);
	log_from(Z_OBJ_P(return_value))->log = log;
}

ZEND_METHOD(GI_Log, open)
{
	zend_string *dir, *vkey = NULL, *skey = NULL, *ca = NULL;
	zend_long timeout = 0;
	ZEND_PARSE_PARAMETERS_START(1, 5)
		Z_PARAM_PATH_STR(dir)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(vkey)
		Z_PARAM_STR_OR_NULL(skey)
		Z_PARAM_PATH_STR_OR_NULL(ca)
		Z_PARAM_LONG(timeout)
	ZEND_PARSE_PARAMETERS_END();
	if (timeout < 0 || timeout > 86400) {
		zend_argument_value_error(5, "must be between 0 (the default) and 86400 seconds");
		RETURN_THROWS();
	}
	log_open_to(return_value, ZSTR_VAL(dir), skey ? ZSTR_VAL(skey) : NULL, vkey ? ZSTR_VAL(vkey) : NULL, 0,
			ca ? ZSTR_VAL(ca) : NULL, (long)timeout);
}

ZEND_METHOD(GI_Log, create)
{
	zend_string *dir, *skey;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_PATH_STR(dir)
		Z_PARAM_STR(skey)
	ZEND_PARSE_PARAMETERS_END();
	log_open_to(return_value, ZSTR_VAL(dir), ZSTR_VAL(skey), NULL, 1, NULL, 0);
}

ZEND_METHOD(GI_Log, append)
{
	zend_string *entry;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(entry)
	ZEND_PARSE_PARAMETERS_END();
	gi_log *log = this_log(ZEND_THIS);
	uint64_t idx;
	if (!log)
		RETURN_THROWS();
	if (gi_log_append(log, ZSTR_VAL(entry), ZSTR_LEN(entry), &idx) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)idx);
}

ZEND_METHOD(GI_Log, commit)
{
	ZEND_PARSE_PARAMETERS_NONE();
	gi_log *log = this_log(ZEND_THIS);
	if (!log)
		RETURN_THROWS();
	if (gi_log_commit(log) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)gi_log_size(log));
}

ZEND_METHOD(GI_Log, size)
{
	ZEND_PARSE_PARAMETERS_NONE();
	gi_log *log = this_log(ZEND_THIS);
	if (!log)
		RETURN_THROWS();
	RETURN_LONG((zend_long)gi_log_size(log));
}

ZEND_METHOD(GI_Log, checkpoint)
{
	ZEND_PARSE_PARAMETERS_NONE();
	gi_log *log = this_log(ZEND_THIS);
	if (!log)
		RETURN_THROWS();
	RETURN_STRING(gi_log_checkpoint(log));
}

ZEND_METHOD(GI_Log, find)
{
	zend_string *entry;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(entry)
	ZEND_PARSE_PARAMETERS_END();
	gi_log *log = this_log(ZEND_THIS);
	uint64_t idx;
	if (!log)
		RETURN_THROWS();
	int rc = gi_log_find(log, &idx, ZSTR_VAL(entry), ZSTR_LEN(entry));
	if (rc == GI_EINVALID)
		RETURN_NULL();
	if (rc < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)idx);
}

ZEND_METHOD(GI_Log, prove)
{
	zend_long idx;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(idx)
	ZEND_PARSE_PARAMETERS_END();
	gi_log *log = this_log(ZEND_THIS);
	if (!log)
		RETURN_THROWS();
	char *proof;
	if (idx < 0 || gi_log_prove(log, &proof, (uint64_t)idx) < 0) {
		if (idx < 0)
			zend_throw_exception(ce_usage, "the index is negative", GI_EUSAGE);
		else
			throw_gi();
		RETURN_THROWS();
	}
	RETVAL_STRING(proof);
	gi_free(proof);
}

ZEND_METHOD(GI_Log, lotProof)
{
	zend_string *lot;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(lot)
	ZEND_PARSE_PARAMETERS_END();
	gi_log *log = this_log(ZEND_THIS);
	if (!log)
		RETURN_THROWS();
	char *bundle = NULL;
	if (gi_stamp_lot_proof(&bundle, log, ZSTR_VAL(lot)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	RETVAL_STRING(bundle);
	gi_free(bundle);
}

ZEND_METHOD(GI_Log, consistencyProof)
{
	zend_long old;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(old)
	ZEND_PARSE_PARAMETERS_END();
	gi_log *log = this_log(ZEND_THIS);
	if (!log)
		RETURN_THROWS();
	unsigned char *proof;
	size_t count;
	if (old < 0 || gi_log_consistency_prove(log, &proof, &count, (uint64_t)old) < 0) {
		if (old < 0)
			zend_throw_exception(ce_usage, "the size is negative", GI_EUSAGE);
		else
			throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	for (size_t i = 0; i < count; i++)
		add_next_index_stringl(return_value, (const char *)proof + i * GI_LOG_HASH_SIZE, GI_LOG_HASH_SIZE);
	gi_free(proof);
}

ZEND_METHOD(GI_Log, monitor)
{
	zend_string *state = NULL;
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_PATH_STR_OR_NULL(state)
	ZEND_PARSE_PARAMETERS_END();
	gi_log *log = this_log(ZEND_THIS);
	if (!log)
		RETURN_THROWS();
	if (gi_log_monitor(log, state ? ZSTR_VAL(state) : NULL) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
}

ZEND_METHOD(GI_Log, close)
{
	ZEND_PARSE_PARAMETERS_NONE();
	log_obj *o = log_from(Z_OBJ_P(ZEND_THIS));
	gi_log_free(o->log);
	o->log = NULL;
}

ZEND_METHOD(GI_Log, verifyProof)
{
	zend_string *proof, *vkey, *entry;
	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_STR(proof)
		Z_PARAM_STR(vkey)
		Z_PARAM_STR(entry)
	ZEND_PARSE_PARAMETERS_END();
	uint64_t idx, size;
	if (gi_log_proof_verify(&idx, &size, ZSTR_VAL(proof), ZSTR_VAL(vkey), ZSTR_VAL(entry), ZSTR_LEN(entry)) < 0) {
		throw_gi();
		RETURN_THROWS();
	}
	array_init(return_value);
	add_next_index_long(return_value, (zend_long)idx);
	add_next_index_long(return_value, (zend_long)size);
}

/* an array of 32-byte strings as count hashes (emalloc'd), or NULL after an exception */
static unsigned char *hash_array(HashTable *ht, size_t *count)
{
	*count = zend_hash_num_elements(ht);
	unsigned char *p = emalloc(*count * GI_LOG_HASH_SIZE + 1);
	size_t i = 0;
	zval *z;
	ZEND_HASH_FOREACH_VAL(ht, z) {
		if (Z_TYPE_P(z) != IS_STRING || Z_STRLEN_P(z) != GI_LOG_HASH_SIZE) {
			efree(p);
			zend_throw_exception(ce_usage, "a proof is an array of 32-byte hashes", GI_EUSAGE);
			return NULL;
		}
		memcpy(p + i++ * GI_LOG_HASH_SIZE, Z_STRVAL_P(z), GI_LOG_HASH_SIZE);
	} ZEND_HASH_FOREACH_END();
	return p;
}

static int hash32(zend_string *s)
{
	if (ZSTR_LEN(s) == GI_LOG_HASH_SIZE)
		return 0;
	zend_throw_exception(ce_usage, "a hash is 32 bytes", GI_EUSAGE);
	return -1;
}

ZEND_METHOD(GI_Log, verifyInclusion)
{
	zend_long idx, size;
	zend_string *leaf, *root;
	HashTable *proof;
	ZEND_PARSE_PARAMETERS_START(5, 5)
		Z_PARAM_LONG(idx)
		Z_PARAM_LONG(size)
		Z_PARAM_STR(leaf)
		Z_PARAM_ARRAY_HT(proof)
		Z_PARAM_STR(root)
	ZEND_PARSE_PARAMETERS_END();
	size_t count;
	if (hash32(leaf) < 0 || hash32(root) < 0)
		RETURN_THROWS();
	unsigned char *p = hash_array(proof, &count);
	if (!p)
		RETURN_THROWS();
	int rc = idx < 0 || size < 0 ? GI_EINVALID
	       : gi_log_inclusion_verify((uint64_t)idx, (uint64_t)size, (const unsigned char *)ZSTR_VAL(leaf), p, count,
	                                 (const unsigned char *)ZSTR_VAL(root));
	efree(p);
	if (rc < 0 && rc != GI_EINVALID) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_BOOL(rc == 0);
}

ZEND_METHOD(GI_Log, verifyConsistency)
{
	zend_long size1, size2;
	zend_string *r1, *r2;
	HashTable *proof;
	ZEND_PARSE_PARAMETERS_START(5, 5)
		Z_PARAM_LONG(size1)
		Z_PARAM_LONG(size2)
		Z_PARAM_STR(r1)
		Z_PARAM_STR(r2)
		Z_PARAM_ARRAY_HT(proof)
	ZEND_PARSE_PARAMETERS_END();
	size_t count;
	if (hash32(r1) < 0 || hash32(r2) < 0)
		RETURN_THROWS();
	unsigned char *p = hash_array(proof, &count);
	if (!p)
		RETURN_THROWS();
	int rc = size1 < 0 || size2 < 0 ? GI_EINVALID
	       : gi_log_consistency_verify((uint64_t)size1, (uint64_t)size2, (const unsigned char *)ZSTR_VAL(r1),
	                                   (const unsigned char *)ZSTR_VAL(r2), p, count);
	efree(p);
	if (rc < 0 && rc != GI_EINVALID) {
		throw_gi();
		RETURN_THROWS();
	}
	RETURN_BOOL(rc == 0);
}
