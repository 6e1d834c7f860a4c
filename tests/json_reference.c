/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json_reference.c - the JSON of a sample's result as libgi built it
 * before it was streamed: a jansson tree, dumped with 17 digits and each
 * real shortened (gi__json_dumps). Kept as the reference the streamed
 * writer (libgi/json_stream.c) must match byte for byte.
 */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "internal.h"
#include "json_internal.h"
#include "json_reference.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *limit_json(const gi_limit *l)
{
	json_t *o = json_object();
	json_object_set_new(o, "text", json_string(l->text));
	if (l->has_lower) {
		json_object_set_new(o, "lower", json_real(l->lower));
		json_object_set_new(o, "lower_inclusive", json_boolean(!l->lower_strict));
	}
	if (l->has_upper) {
		json_object_set_new(o, "upper", json_real(l->upper));
		json_object_set_new(o, "upper_inclusive", json_boolean(!l->upper_strict));
	}
	if (l->n_allowed) {
		json_t *a = json_array();
		for (size_t i = 0; i < l->n_allowed; i++)
			json_array_append_new(a, json_string(l->allowed[i]));
		json_object_set_new(o, "allowed", a);
	}
	return o;
}

static json_t *criterion_json(const gi_criterion_result *r)
{
	const gi_criterion *c = r->criterion;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(c->id));
	if (c->analyte) {
		json_object_set_new(o, "analyte", json_string(c->analyte));
	} else {
		json_t *ratio = json_object();
		json_object_set_new(ratio, "numerator", json_string(c->numerator));
		json_object_set_new(ratio, "denominator", json_string(c->denominator));
		json_object_set_new(o, "ratio", ratio);
	}
	json_object_set_new(o, "value", r->has_value ? json_real(r->value) : json_null());
	json_object_set_new(o, "censored", json_boolean(r->censored));
	json_object_set_new(o, "unit", str_or_null(c->unit));
	json_object_set_new(o, "basis", json_string(gi_basis_name(c->basis)));
	json_object_set_new(o, "replicates", json_integer((json_int_t)r->n_replicates));
	if (r->rounded)
		json_object_set_new(o, "unrounded", json_real(r->unrounded));
	if (r->has_uncertainty) {
		json_t *u = json_object();
		json_object_set_new(u, "expanded", json_real(r->uncertainty));
		json_object_set_new(u, "k", json_real(r->coverage));
		json_object_set_new(u, "source", json_string(gi__uncertainty_source_name(r->uncertainty_source)));
		if (r->has_dof)
			json_object_set_new(u, "dof", json_real(r->dof));
		json_object_set_new(o, "uncertainty", u);
	} else {
		json_object_set_new(o, "uncertainty", json_null());
	}
	if (r->has_stats) {
		json_t *st = json_object(), *ci = json_array();
		json_object_set_new(st, "n", json_integer((json_int_t)r->stats.n));
		json_object_set_new(st, "mean", json_real(r->stats.mean));
		json_object_set_new(st, "sd", json_real(r->stats.sd));
		json_object_set_new(st, "u_mean", json_real(r->stats.u_mean));
		json_array_append_new(ci, json_real(r->stats.ci_low));
		json_array_append_new(ci, json_real(r->stats.ci_high));
		json_object_set_new(st, "ci95", ci);
		if (!isnan(r->grubbs)) {
			json_t *g = json_object();
			json_object_set_new(g, "G", json_real(r->grubbs));
			json_object_set_new(g, "critical", json_real(r->grubbs_critical));
			json_object_set_new(st, "grubbs", g);
		}
		if (!isnan(r->dixon)) {
			json_t *d = json_object();
			json_object_set_new(d, "Q", json_real(r->dixon));
			json_object_set_new(d, "critical", json_real(r->dixon_critical));
			json_object_set_new(st, "dixon", d);
		}
		if (r->has_outlier) {
			json_t *ol = json_object();
			json_object_set_new(ol, "index", json_integer((json_int_t)r->outlier_index));
			json_object_set_new(ol, "value", json_real(r->outlier_value));
			json_object_set_new(ol, "excluded", json_boolean(r->outlier_excluded));
			json_object_set_new(ol, "test", json_string(r->rule.outlier_test == GI_OUTLIER_TEST_DIXON
			                                            ? "dixon" : "grubbs"));
			json_object_set_new(st, "outlier", ol);
		} else {
			json_object_set_new(st, "outlier", json_null());
		}
		/* the replicates left out of n, mean, sd and the interval above */
		json_t *ex = json_array();
		if (r->outlier_excluded)
			json_array_append_new(ex, json_real(r->outlier_value));
		json_object_set_new(st, "excluded", ex);
		json_object_set_new(o, "statistics", st);
	}
	json_object_set_new(o, "limit", limit_json(&c->limit));
	json_t *rule = json_object();
	json_object_set_new(rule, "name", json_string(gi_rule_name(r->rule.kind)));
	if (r->rule.kind == GI_RULE_GUARDED || r->rule.kind == GI_RULE_NON_BINARY)
		json_object_set_new(rule, "guard", json_real(r->rule.guard));
	if (r->rule.kind == GI_RULE_PROBABILITY)
		json_object_set_new(rule, "p_min", json_real(r->rule.p_min));
	json_object_set_new(rule, "rounding", json_string(r->rule.rounding == GI_ROUNDING_ROUND ? "rounding" : "absolute"));
	json_object_set_new(rule, "outlier_test", json_string(r->rule.outlier_test == GI_OUTLIER_TEST_DIXON
	                                                      ? "dixon" : "grubbs"));
	json_object_set_new(o, "rule", rule);
	json_t *acc = json_object();
	if (r->has_acceptance_lower)
		json_object_set_new(acc, "lower", json_real(r->acceptance_lower));
	if (r->has_acceptance_upper)
		json_object_set_new(acc, "upper", json_real(r->acceptance_upper));
	json_object_set_new(o, "acceptance", r->has_acceptance_lower || r->has_acceptance_upper ? acc : json_null());
	if (!(r->has_acceptance_lower || r->has_acceptance_upper))
		json_decref(acc);
	json_object_set_new(o, "probability", r->has_probability ? json_real(r->probability) : json_null());
	json_object_set_new(o, "mandatory", json_boolean(c->mandatory));
	json_object_set_new(o, "verdict", json_string(gi_verdict_name(r->verdict)));
	json_object_set_new(o, "verdict_text", json_string(gi_verdict_text(r->verdict)));
	json_object_set_new(o, "reason", json_string(r->reason));
	json_object_set_new(o, "reason_text", json_string(r->reason_text ? r->reason_text : r->reason));
	return o;
}

static json_t *sample_json(const gi_sample_result *r)
{
	const gi_sample *s = r->sample;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(s->id));
	json_object_set_new(o, "lot", str_or_null(s->lot));
	json_object_set_new(o, "product", json_string(s->product));
	json_object_set_new(o, "line", json_integer(s->line));
	json_object_set_new(o, "verdict", json_string(gi_verdict_name(r->verdict)));
	json_object_set_new(o, "verdict_text", json_string(gi_verdict_text(r->verdict)));
	json_object_set_new(o, "reason", json_string(r->reason));
	json_object_set_new(o, "reason_text", json_string(r->reason_text ? r->reason_text : r->reason));
	if (r->spec) {
		/* the spec version that judged the sample (several may be given) */
		const gi_spec_info *in = gi_spec_get_info(r->spec);
		json_t *sp = json_object();
		json_object_set_new(sp, "id", json_string(in->id));
		json_object_set_new(sp, "version", json_string(in->version));
		json_object_set_new(sp, "effective", json_string(in->effective));
		json_object_set_new(sp, "sha256", json_string(in->sha256));
		json_object_set_new(o, "spec", sp);
	}
	json_t *origin = json_object();
	json_object_set_new(origin, "unit", str_or_null(s->origin));
	if (s->origin_former)
		json_object_set_new(origin, "former_unit", json_string(s->origin_former));
	json_object_set_new(origin, "altitude", s->has_altitude ? json_real(s->altitude) : json_null());
	json_object_set_new(origin, "verdict", json_string(gi_verdict_name(r->origin_verdict)));
	json_object_set_new(origin, "verdict_text", json_string(gi_verdict_text(r->origin_verdict)));
	json_object_set_new(origin, "reason", json_string(r->origin_reason));
	json_object_set_new(origin, "reason_text", json_string(r->origin_reason_text ? r->origin_reason_text
	                                                       : r->origin_reason));
	json_object_set_new(o, "origin", origin);
	json_t *crit = json_array();
	for (size_t i = 0; i < r->n_criteria; i++)
		json_array_append_new(crit, criterion_json(&r->criteria[i]));
	json_object_set_new(o, "criteria", crit);
	return o;
}



int t_json_reference(char **out, const gi_sample_result *result)
{
	if (!out || !result)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_sample_result_json: NULL argument");
	*out = NULL;
	json_t *o = sample_json(result);
	if (!o)
		return gi__oom();
	/* each real in its shortest exact form: every value reads back as the
	 * same double, and a value the lab wrote reads as it was written */
	char *s = gi__json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	if (!s)
		return gi__oom();
	/* jansson allocates with malloc unless told otherwise, so gi_free fits */
	*out = s;
	return GI_OK;
}

