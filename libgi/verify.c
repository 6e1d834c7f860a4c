/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * verify.c - verdicts per criterion, per sample and per report.
 *
 * Simple acceptance (ILAC-G8:09/2019 4.2.1): the value used - the mean of
 * the replicates, converted to the criterion's unit and basis - is compared
 * with the limit as written, with no guard band. A value that agrees with
 * the limit to nine significant digits is on the limit: it meets "≥" and
 * "≤" and fails ">" and "<". The mean of replicates written in decimal
 * is the decimal mean (5.52 and 5.47 average to 5.495, not the binary
 * 5.4949999999999997), computed exactly and read as the nearest double;
 * the ASTM E29 rounding method rounds that decimal mean exactly.
 *
 * A censored result "< c" says only that the true value is below c: it
 * passes a maximum when c is at or below the maximum, fails a minimum when
 * c is at or below the minimum, and otherwise cannot decide (inconclusive).
 * A result below the LOQ never proves that a minimum is met.
 */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_statistics_double.h>
#include "internal.h"
#include "place_internal.h"
#include "decide_internal.h"
#include "i18n_internal.h"

typedef struct {
	const gi_spec *spec;
	const gi_sample *sample;
	const char *file;
	const gi_verify_options *opts;
	gi__arena arena;             /* reasons of the current sample */
	gi_criterion_result *res;
	size_t cap;
} eval;

const char *gi_verdict_name(gi_verdict v)
{
	switch (v) {
	case GI_VERDICT_PASS: return "pass";
	case GI_VERDICT_FAIL: return "fail";
	case GI_VERDICT_NOT_TESTED: return "not-tested";
	case GI_VERDICT_INCONCLUSIVE: return "inconclusive";
	case GI_VERDICT_INCOMPLETE: return "incomplete";
	case GI_VERDICT_NOT_APPLICABLE: return "not-applicable";
	case GI_VERDICT_CONDITIONAL_PASS: return "conditional-pass";
	case GI_VERDICT_CONDITIONAL_FAIL: return "conditional-fail";
	default: return "unknown";
	}
}

static const char *fmt(eval *e, double v)
{
	char buf[40];
	gi__number_format(buf, sizeof buf, v, 6);
	return gi__arena_strdup(&e->arena, buf);
}

static const gi_measurement *find(const gi_sample *s, const char *analyte)
{
	for (size_t i = 0; i < s->n_measurements; i++)
		if (strcmp(s->measurements[i].analyte, analyte) == 0)
			return &s->measurements[i];
	return NULL;
}

static double mean_of(const gi_measurement *m)
{
	return gsl_stats_mean(m->values, 1, m->n_values);
}

/* ---- basis ---- */

typedef struct {
	double factor;               /* value on the target basis = value * factor */
	double w, u_w;               /* moisture mass fraction and its standard uncertainty */
	int to_dry;                  /* factor is 1/(1 - w), else 1 - w */
	const char *note;            /* how it was converted, or NULL */
	gi_verdict verdict;          /* PASS when converted; else why not */
	const char *reason;
} basis_conv;

static int convert_basis(eval *e, gi_basis from, gi_basis to, basis_conv *out)
{
	memset(out, 0, sizeof *out);
	out->factor = 1;
	out->verdict = GI_VERDICT_PASS;
	if (from == to)
		return GI_OK;
	if (from == GI_BASIS_FAT || to == GI_BASIS_FAT) {
		out->verdict = GI_VERDICT_NOT_TESTED;
		out->reason = gi__arena_printf(&e->arena,
		        "reported on %s basis, required on %s basis: a fat-basis result cannot be converted",
		        gi_basis_name(from), gi_basis_name(to));
		return GI_OK;
	}
	const gi_measurement *mm = NULL;
	for (size_t i = 0; i < gi_spec_analyte_count(e->spec); i++) {
		const gi_analyte *a = gi_spec_analyte(e->spec, i);
		if (a->is_moisture)
			mm = find(e->sample, a->id);
	}
	if (!mm) {
		out->verdict = GI_VERDICT_NOT_TESTED;
		out->reason = "converting between as-is and dry matter needs the sample's moisture, which is not reported";
		return GI_OK;
	}
	if (mm->censored || mm->text || mm->n_values == 0) {
		out->verdict = GI_VERDICT_INCONCLUSIVE;
		out->reason = "moisture is not a measured value, so the result cannot be converted to dry matter";
		return GI_OK;
	}
	if (mm->basis != GI_BASIS_AS_IS)
		return gi__error(GI_EINVALID, e->file, mm->line, N_("sample %s: moisture must be reported as-is"),
		                 e->sample->id);
	double pct;
	if (gi__unit_convert(&pct, mean_of(mm), mm->unit, "%") < 0)
		return gi__error(GI_EINVALID, e->file, mm->line, N_("sample %s: moisture in '%s' is not a mass fraction"),
		                 e->sample->id, mm->unit);
	if (pct < 0 || pct >= 100)
		return gi__error(GI_EINVALID, e->file, mm->line, N_("sample %s: moisture %s %% is not between 0 and 100"),
		                 e->sample->id, fmt(e, pct));
	double w = pct / 100.0;
	out->w = w;
	out->to_dry = to == GI_BASIS_DRY_MATTER;
	if (mm->has_uncertainty && mm->coverage > 0) {
		double U;
		gi__unit_convert(&U, mm->uncertainty, mm->unit, "%");
		out->u_w = U / mm->coverage / 100.0;
	}
	out->factor = to == GI_BASIS_DRY_MATTER ? 1.0 / (1.0 - w) : 1.0 - w;
	out->note = out->u_w > 0
		? gi__arena_printf(&e->arena, "converted from %s to %s basis with moisture %s %% (u = %s %%, "
		                   "propagated into U)", gi_basis_name(from), gi_basis_name(to), fmt(e, pct),
		                   fmt(e, 100 * out->u_w))
		: gi__arena_printf(&e->arena, "converted from %s to %s basis with moisture %s %%",
		                   gi_basis_name(from), gi_basis_name(to), fmt(e, pct));
	return GI_OK;
}

/* The expanded uncertainty of a value converted with bc, from the value
 * y before conversion and its expanded uncertainty U (coverage k): the
 * GUM law of propagation (JCGM 100:2008, 5.1.2) for uncorrelated y and w,
 *   y/(1 - w): u^2 = (u(y)/(1 - w))^2 + (y u(w)/(1 - w)^2)^2,
 *   y (1 - w): u^2 = (u(y)(1 - w))^2 + (y u(w))^2,
 * expanded again with the result's k. */
static double converted_u(const basis_conv *bc, double y, double U, double k)
{
	double uy = U / k, dw = bc->to_dry ? y / ((1 - bc->w) * (1 - bc->w)) : y;
	double a = uy * bc->factor, b = dw * bc->u_w;
	return k * sqrt(a * a + b * b);
}

/* ---- limits ---- */

static const char *min_word(const gi_limit *l)
{
	return l->lower_strict ? N_("more than") : N_("at least");
}

static const char *max_word(const gi_limit *l)
{
	return l->upper_strict ? N_("less than") : N_("at most");
}

/* Decides a censored result "< v" against a numeric limit. */
static void decide_censored(eval *e, const gi_criterion *c, double v, gi_criterion_result *out)
{
	const gi_limit *l = &c->limit;
	const char *shown = fmt(e, v), *u = c->unit;
	if (l->has_lower) {
		if (gi__compare(v, l->lower) <= 0) {
			out->verdict = GI_VERDICT_FAIL;
			out->reason = gi__arena_printf(&e->arena,
			        "result < %s %s: the true value is below %s, so it cannot be %s %s",
			        shown, u, shown, min_word(l), l->lower_text);
			out->reason_text = gi__arena_trf(&e->arena, out->reason,
			        N_("result < %s %s: the true value is below %s, so it cannot be %s %s"),
			        shown, u, shown, gi__tr(min_word(l)), l->lower_text);
		} else {
			out->verdict = GI_VERDICT_INCONCLUSIVE;
			out->reason = gi__arena_printf(&e->arena,
			        "result < %s %s cannot show %s %s: a result below the quantification limit never proves a minimum",
			        shown, u, min_word(l), l->lower_text);
			out->reason_text = gi__arena_trf(&e->arena, out->reason,
			        N_("result < %s %s cannot show %s %s: a result below the quantification limit never proves a minimum"),
			        shown, u, gi__tr(min_word(l)), l->lower_text);
		}
		return;
	}
	if (gi__compare(v, l->upper) <= 0) {
		out->verdict = GI_VERDICT_PASS;
		out->reason = gi__arena_printf(&e->arena,
		        "result < %s %s: the true value is below %s, so %s %s",
		        shown, u, shown, max_word(l), l->upper_text);
		out->reason_text = gi__arena_trf(&e->arena, out->reason,
		        N_("result < %s %s: the true value is below %s, so %s %s"),
		        shown, u, shown, gi__tr(max_word(l)), l->upper_text);
	} else {
		out->verdict = GI_VERDICT_INCONCLUSIVE;
		out->reason = gi__arena_printf(&e->arena,
		        "result < %s %s cannot show %s %s: the quantification limit is above the limit",
		        shown, u, max_word(l), l->upper_text);
		out->reason_text = gi__arena_trf(&e->arena, out->reason,
		        N_("result < %s %s cannot show %s %s: the quantification limit is above the limit"),
		        shown, u, gi__tr(max_word(l)), l->upper_text);
	}
}

static void decide_allowed(eval *e, const gi_criterion *c, const gi_measurement *m, gi_criterion_result *out)
{
	const gi_limit *l = &c->limit;
	const char *shown = m->text;
	int ok = 0;
	if (m->text) {
		for (size_t i = 0; i < l->n_allowed; i++)
			ok |= gi__ascii_casecmp(m->text, l->allowed[i]) == 0;
	} else if (m->n_values) {
		double v = mean_of(m), a;
		shown = fmt(e, v);
		for (size_t i = 0; i < l->n_allowed; i++)
			ok |= gi__number_scan(&a, NULL, l->allowed[i], strlen(l->allowed[i])) == 0 &&
			      gi__compare(v, a) == 0;
	} else {
		out->verdict = GI_VERDICT_INCONCLUSIVE;
		out->reason = gi__arena_printf(&e->arena, "a censored result cannot match %s", l->text);
		out->reason_text = gi__arena_trf(&e->arena, out->reason, N_("a censored result cannot match %s"), l->text);
		return;
	}
	out->verdict = ok ? GI_VERDICT_PASS : GI_VERDICT_FAIL;
	out->reason = gi__arena_printf(&e->arena, "'%s' %s %s", shown, ok ? "is" : "is not", l->text);
	out->reason_text = ok ? gi__arena_trf(&e->arena, out->reason, N_("'%s' is %s"), shown, l->text)
	                      : gi__arena_trf(&e->arena, out->reason, N_("'%s' is not %s"), shown, l->text);
}

static int unit_error(eval *e, const gi_measurement *m, const gi_criterion *c)
{
	return gi__error(GI_EINVALID, e->file, m->line,
	                 N_("sample %s: %s is reported in '%s', which cannot be converted to '%s' (criterion '%s')"),
	                 e->sample->id, m->analyte, m->unit ? m->unit : "no unit", c->unit, c->id);
}

static void not_tested(eval *e, const gi_criterion *c, gi_criterion_result *out, const char *what)
{
	out->verdict = GI_VERDICT_NOT_TESTED;
	out->reason = gi__arena_printf(&e->arena, "%s not reported%s", what,
	                               c->mandatory ? "" : " (optional criterion)");
	out->reason_text = gi__arena_trf(&e->arena, out->reason, c->mandatory ? N_("%s not reported")
	                                 : N_("%s not reported (optional criterion)"), what);
}

static gi_rule rule_for(eval *e, const gi_criterion *c)
{
	gi_rule r = c->rule;
	if (e->opts && e->opts->override_rule)
		r.kind = e->opts->rule_kind;
	return r;
}

/* The lab's uncertainty if est has one, else the criterion's default. */
static void default_uncertainty(const gi_criterion *c, gi__estimate *est, gi_criterion_result *out)
{
	if (est->has_u) {
		out->uncertainty_source = GI_U_LAB;
		return;
	}
	if (!c->has_default_uncertainty)
		return;
	est->has_u = 1;
	est->U = c->default_uncertainty_relative ? fabs(est->y) * c->default_uncertainty / 100.0
	                                         : c->default_uncertainty;
	est->k = c->default_coverage;
	est->has_dof = 0;
	out->uncertainty_source = GI_U_SPEC;
}

/* Records value and uncertainty, then decides with the criterion's rule. */
static int finish_numeric(eval *e, const gi_criterion *c, gi_criterion_result *out, gi__estimate *est,
                          const basis_conv *bc, const char *prefix)
{
	gi_rule rule = rule_for(e, c);
	out->rule = rule;
	if (out->censored) {
		out->has_value = 1;
		out->value = est->y;
		decide_censored(e, c, est->y, out);
	} else {
		default_uncertainty(c, est, out);
		if (est->has_u) {
			out->has_uncertainty = 1;
			out->uncertainty = est->U;
			out->coverage = est->k;
		}
		int rc = gi__decide(&e->arena, c, &rule, est, prefix, out);
		if (rc < 0)
			return rc;
	}
	if (bc && bc->note && out->reason)
	{
		out->reason = gi__arena_printf(&e->arena, "%s; %s", out->reason, bc->note);
		out->reason_text = NULL;   /* the note has no translation: the whole reason in English */
	}
	return GI_OK;
}

/* Mean, s and t interval of the replicates used, scaled to the
 * criterion's unit and basis. */
/* 10^k as the double "1e<k>" reads as: exact up to 10^22, else the
 * nearest double; 0 or -1. */
static int power_of_ten_exact(double *out, int k)
{
	static const double p[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	                            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	if (k >= 0 && k <= 22) {
		*out = p[k];
		return 0;
	}
	char pt[16];
	return gi__snprintf_c(pt, sizeof pt, "1e%d", k) > 0 ? gi__number_scan(out, NULL, pt, strlen(pt)) : -1;
}

static void describe(gi_criterion_result *out, const double *v, size_t n, double scale)
{
	gi_stats st;
	/* replicates written in decimal are integers times a power of ten:
	 * their differences are then exact (5.52 - 5.47 is 0.05, where binary
	 * gives 0.04999999999999982), and one division scales the results */
	double *ints = malloc(n * sizeof *ints), p10 = 0;
	int e = 0;
	if (ints && gi__decimal_integers(ints, &e, v, n) == 0 && power_of_ten_exact(&p10, abs(e)) == 0 &&
	    gi_stats_describe(&st, ints, n, 0.95) == 0) {
		/* multiply or divide by an exact power of ten: one rounding */
		double *f[] = { &st.mean, &st.sd, &st.u_mean, &st.ci_low, &st.ci_high };
		for (size_t i = 0; i < GI_ARRAY_SIZE(f); i++)
			*f[i] = e >= 0 ? *f[i] * p10 : *f[i] / p10;
	} else {
		gi_stats_describe(&st, v, n, 0.95);
	}
	free(ints);
	out->has_stats = 1;
	out->stats = st;
	out->stats.mean *= scale;
	out->stats.sd *= fabs(scale);
	out->stats.u_mean *= fabs(scale);
	out->stats.ci_low *= scale;
	out->stats.ci_high *= scale;
	if (scale < 0) {
		double t = out->stats.ci_low;
		out->stats.ci_low = out->stats.ci_high;
		out->stats.ci_high = t;
	}
}

/* Runs the rule's one outlier test (Grubbs two-sided, or Dixon r10 where
 * tabulated) at the rule's alpha; 1 and the suspect's index when it flags
 * one. Only the named test runs: flagging by either of two tests, each at
 * alpha, would flag a good replicate more often than alpha. */
static int outlier_test(const gi_rule *rule, const double *v, size_t n, gi_criterion_result *out)
{
	size_t idx = 0;
	int flag = 0;
	if (rule->outlier_test == GI_OUTLIER_TEST_DIXON) {
		double q, qc = gi_stats_dixon_critical(n, rule->alpha);
		if (!isnan(qc) && gi_stats_dixon(&q, &idx, v, n) == 0) {
			out->dixon = q;
			out->dixon_critical = qc;
			flag = q > qc;
		}
	} else {
		double g;
		if (n >= 3 && gi_stats_grubbs(&g, &idx, v, n) == 0) {
			out->grubbs = g;
			out->grubbs_critical = gi_stats_grubbs_critical(n, rule->alpha);
			flag = g > out->grubbs_critical;
		}
	}
	gi_error_clear();
	if (flag)
		out->outlier_index = idx;
	return flag;
}

/* Replicate statistics and the outlier test. Returns the mean of the
 * replicates used - all of them, or all but the flagged one when the
 * policy excludes it - and (in *used, *n_used, arena memory) those
 * replicates; the statistics describe the same replicates. scale converts
 * raw values to the criterion's unit and basis. */
static double replicates(eval *e, const gi_rule *rule, const gi_measurement *m, double scale,
                         gi_criterion_result *out, const double **used, size_t *n_used)
{
	out->grubbs = out->grubbs_critical = out->dixon = out->dixon_critical = NAN;
	size_t n = m->n_values;
	*used = m->values;
	*n_used = n;
	if (n < 2)
		return mean_of(m);
	if (!outlier_test(rule, m->values, n, out)) {
		describe(out, m->values, n, scale);
		return mean_of(m);
	}
	out->has_outlier = 1;
	out->outlier_value = m->values[out->outlier_index] * scale;
	if (rule->outliers != GI_OUTLIERS_EXCLUDE) {
		describe(out, m->values, n, scale);
		return mean_of(m);
	}
	double *kept = gi__arena_alloc(&e->arena, (n - 1) * sizeof *kept);
	if (!kept) {
		describe(out, m->values, n, scale);
		return mean_of(m);
	}
	out->outlier_excluded = 1;
	for (size_t i = 0, k = 0; i < n; i++)
		if (i != out->outlier_index)
			kept[k++] = m->values[i];
	*used = kept;
	*n_used = n - 1;
	describe(out, kept, n - 1, scale);
	return gsl_stats_mean(kept, 1, n - 1);
}

/* Is scale exactly 10^k (a unit conversion that moves the decimal point
 * only)? Then the exact decimal mean of the replicates, shifted by k, is
 * the mean in the criterion's unit. */
static int power_of_ten(double scale, int *k)
{
	/* the doubles nearest 10^i, as the compiler reads the literals:
	 * correctly rounded, as gi__number_scan reads "1e<i>" */
	static const double p10[] = { 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1,
	                              1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12 };
	for (int i = -12; i <= 12; i++)
		if (p10[i + 12] == scale) {
			*k = i;
			return 1;
		}
	return 0;
}

static const char *test_name(const gi_rule *r)
{
	return r->outlier_test == GI_OUTLIER_TEST_DIXON ? "Dixon's r10 test" : "Grubbs' test";
}

/* The lab's U in the criterion's unit and basis (est->U, k, dof). raw is
 * the mean of the replicates used in the reported unit, v the value used. */
static void lab_uncertainty(gi__estimate *est, const gi_measurement *m, const gi_criterion *c, const basis_conv *bc,
                            const gi_criterion_result *out, double raw, double v, double scale)
{
	/* a relative U applies to the mean of the replicates used */
	double U = m->uncertainty_relative && out->outlier_excluded
		? fabs(raw) * m->uncertainty_percent / 100.0 : m->uncertainty;
	/* U written in decimal moves its decimal point as the value does
	 * (0.07 g/100g is 0.7 mg/g, where 0.07 x 10 is 0.7000000000000001) */
	int uk;
	if (!power_of_ten(scale, &uk) || gi__decimal_mean(&est->U, &U, 1, uk) < 0)
		gi__unit_convert(&est->U, U, m->unit, c->unit);
	est->U = bc->factor == 1 ? est->U : converted_u(bc, v / bc->factor, est->U, m->coverage);
	est->has_u = 1;
	est->k = m->coverage;
	est->has_dof = m->has_dof;
	est->dof = m->dof;
}

/* "mean of n: " before the value in the reason, naming a flagged or left
 * out outlier; NULL for a single result. *text gets the translation. */
static const char *replicates_prefix(eval *e, const gi_measurement *m, const gi_rule *rule,
                                     const gi_criterion_result *out, const char **text)
{
	const char *prefix = NULL;
	if (out->outlier_excluded) {
		prefix = gi__arena_printf(&e->arena, "mean of %zu (outlier %s left out by %s at %s %%): ",
		                          m->n_values - 1, fmt(e, out->outlier_value), test_name(rule),
		                          fmt(e, 100 * rule->alpha));
		*text = gi__arena_trf(&e->arena, prefix, N_("mean of %zu (outlier %s left out by %s at %s %%): "),
		                      m->n_values - 1, fmt(e, out->outlier_value), test_name(rule),
		                      fmt(e, 100 * rule->alpha));
	} else if (m->n_values > 1) {
		prefix = gi__arena_printf(&e->arena, "mean of %zu%s: ", m->n_values,
		                          out->has_outlier ? gi__arena_printf(&e->arena, ", outlier %s flagged by %s at %s %%",
		                                                              fmt(e, out->outlier_value), test_name(rule),
		                                                              fmt(e, 100 * rule->alpha)) : "");
		*text = out->has_outlier
			? gi__arena_trf(&e->arena, prefix, N_("mean of %zu, outlier %s flagged by %s at %s %%: "), m->n_values,
			                fmt(e, out->outlier_value), test_name(rule), fmt(e, 100 * rule->alpha))
			: gi__arena_trf(&e->arena, prefix, N_("mean of %zu: "), m->n_values);
	}
	return prefix;
}

static int eval_single(eval *e, const gi_criterion *c, gi_criterion_result *out)
{
	const gi_measurement *m = find(e->sample, c->analyte);
	if (!m) {
		not_tested(e, c, out, c->analyte);
		return GI_OK;
	}
	if (c->limit.n_allowed) {
		decide_allowed(e, c, m, out);
		return GI_OK;
	}
	if (m->text)
		return gi__error(GI_EINVALID, e->file, m->line,
		                 N_("sample %s: %s has a text result, but criterion '%s' needs a number"),
		                 e->sample->id, m->analyte, c->id);
	double scale;
	if (gi__unit_convert(&scale, 1.0, m->unit, c->unit) < 0)
		return unit_error(e, m, c);
	basis_conv bc;
	int rc = convert_basis(e, m->basis, c->basis, &bc);
	if (rc < 0)
		return rc;
	if (bc.verdict != GI_VERDICT_PASS) {
		out->verdict = bc.verdict;
		out->reason = bc.reason;
		return GI_OK;
	}
	gi_rule rule = rule_for(e, c);
	const double *used = NULL;
	size_t n_used = 0;
	double raw = m->censored ? m->censor_limit : replicates(e, &rule, m, scale * bc.factor, out, &used, &n_used);
	double v = raw;
	gi__unit_convert(&v, v, m->unit, c->unit);
	v *= bc.factor;
	out->censored = m->censored;
	out->n_replicates = m->n_values;
	gi__estimate est = { v, 0, 0, 2, 0, 0, NULL, 0, 0, NULL };
	if (!m->censored && n_used > 0 && bc.factor == 1 && power_of_ten(scale, &est.reps_shift)) {
		/* results written in decimal: their mean (or the one result) is
		 * a decimal number, so the value used is the double nearest it,
		 * and ASTM E29 rounding works on it exactly */
		est.reps = used;
		est.n_reps = n_used;
		double dm;
		if (gi__decimal_mean(&dm, used, n_used, est.reps_shift) == 0) {
			est.y = v = dm;
			if (out->has_stats)
				out->stats.mean = dm;
		}
	}
	if (m->has_uncertainty && !m->censored)
		lab_uncertainty(&est, m, c, &bc, out, raw, v, scale);
	const char *prefix = replicates_prefix(e, m, &rule, out, &est.prefix_text);
	return finish_numeric(e, c, out, &est, &bc, prefix);
}

static int eval_ratio(eval *e, const gi_criterion *c, gi_criterion_result *out)
{
	const gi_measurement *mn = find(e->sample, c->numerator), *md = find(e->sample, c->denominator);
	if (!mn || !md) {
		not_tested(e, c, out, !mn ? c->numerator : c->denominator);
		return GI_OK;
	}
	const gi_measurement *bad = mn->text ? mn : md->text ? md : NULL;
	if (bad)
		return gi__error(GI_EINVALID, e->file, bad->line,
		                 N_("sample %s: %s has a text result, but ratio criterion '%s' needs a number"),
		                 e->sample->id, bad->analyte, c->id);
	if (md->censored) {
		out->verdict = GI_VERDICT_INCONCLUSIVE;
		out->reason = gi__arena_printf(&e->arena, "%s is censored (< %s): the ratio is unknown",
		                               md->analyte, fmt(e, md->censor_limit));
		out->reason_text = gi__arena_trf(&e->arena, out->reason, N_("%s is censored (< %s): the ratio is unknown"),
		                                 md->analyte, fmt(e, md->censor_limit));
		return GI_OK;
	}
	double n = mn->censored ? mn->censor_limit : mean_of(mn), d = mean_of(md);
	if (gi__unit_convert(&n, n, mn->unit, md->unit) < 0)
		return gi__error(GI_EINVALID, e->file, mn->line,
		                 N_("sample %s: %s in '%s' and %s in '%s' cannot form a ratio"),
		                 e->sample->id, mn->analyte, mn->unit, md->analyte, md->unit);
	basis_conv bc;
	int rc = convert_basis(e, mn->basis, md->basis, &bc);
	if (rc < 0)
		return rc;
	if (bc.verdict != GI_VERDICT_PASS) {
		out->verdict = bc.verdict;
		out->reason = bc.reason;
		return GI_OK;
	}
	n *= bc.factor;
	if (d == 0) {
		out->verdict = GI_VERDICT_INCONCLUSIVE;
		out->reason = gi__arena_printf(&e->arena, "%s is zero: the ratio is undefined", md->analyte);
		out->reason_text = gi__arena_trf(&e->arena, out->reason, N_("%s is zero: the ratio is undefined"),
		                                 md->analyte);
		return GI_OK;
	}
	int exp10 = 0;
	gi__unit_lookup(NULL, NULL, &exp10, c->unit);
	double r = n / d;
	r = exp10 < 0 ? r * pow(10, -exp10) : r / pow(10, exp10);
	out->censored = mn->censored;
	gi__estimate est = { r, 0, 0, 2, 0, 0, NULL, 0, 0, NULL };
	if (mn->has_uncertainty && md->has_uncertainty && !mn->censored && n != 0) {
		/* uncorrelated inputs: relative standard uncertainties add in
		 * quadrature (JCGM 100:2008, 5.1.6); expanded again with k = 2 */
		double un, ud;
		gi__unit_convert(&un, mn->uncertainty, mn->unit, md->unit);
		un = un * bc.factor / mn->coverage / n;
		ud = md->uncertainty / md->coverage / d;
		est.has_u = 1;
		est.U = 2 * fabs(r) * sqrt(un * un + ud * ud);
	}
	const char *prefix = gi__arena_printf(&e->arena, "%s/%s = ", mn->analyte, md->analyte);
	int rc2 = finish_numeric(e, c, out, &est, &bc, prefix);
	if (rc2 == 0 && out->censored && out->reason) {
		out->reason = gi__arena_printf(&e->arena, "%s/%s: %s", mn->analyte, md->analyte, out->reason);
		if (out->reason_text)
			out->reason_text = gi__arena_printf(&e->arena, "%s/%s: %s", mn->analyte, md->analyte,
			                                    out->reason_text);
	}
	return rc2;
}

/* ---- origin ---- */

static int eval_origin(eval *e, const gi_product *p, gi_verdict *verdict, const char **reason,
                       const char **reason_text)
{
	const gi_area *a = p->area;
	const gi_sample *s = e->sample;
	if (!a) {
		*verdict = GI_VERDICT_NOT_APPLICABLE;
		*reason = gi__arena_printf(&e->arena, "the specification names no production area for %s", p->id);
		return GI_OK;
	}
	const char *unit_r = NULL, *alt_r = NULL, *unit_t = NULL, *alt_t = NULL;
	gi_verdict unit_v = GI_VERDICT_PASS, alt_v = GI_VERDICT_PASS;
	if (a->n_units) {
		if (!s->origin) {
			unit_v = GI_VERDICT_NOT_TESTED;
			unit_r = "administrative unit of origin not reported";
			unit_t = gi__tr(N_("administrative unit of origin not reported"));
		} else {
			gi__place_result pr;
			int rc = gi__place_locate(&pr, &e->arena, e->spec, a, s, e->file);
			if (rc < 0)
				return rc;
			unit_v = pr.verdict;
			unit_r = pr.reason;
			unit_t = pr.reason_text;
		}
	}
	if (a->has_altitude) {
		char lo[40], hi[40];
		gi__number_format(lo, sizeof lo, a->altitude_min, 17);
		gi__number_format(hi, sizeof hi, a->altitude_max, 17);
		if (!s->has_altitude) {
			alt_v = GI_VERDICT_NOT_TESTED;
			alt_r = "altitude not reported";
			alt_t = gi__tr(N_("altitude not reported"));
		} else {
			int in = gi__compare(s->altitude, a->altitude_min) >= 0 &&
			         gi__compare(s->altitude, a->altitude_max) <= 0;
			alt_v = in ? GI_VERDICT_PASS : GI_VERDICT_FAIL;
			alt_r = gi__arena_printf(&e->arena, "altitude %s m is %s %s–%s m", fmt(e, s->altitude),
			                         in ? "within" : "outside", lo, hi);
			alt_t = gi__arena_trf(&e->arena, alt_r, in ? N_("altitude %s m is within %s–%s m")
			                      : N_("altitude %s m is outside %s–%s m"), fmt(e, s->altitude), lo, hi);
		}
	}
	*verdict = unit_v == GI_VERDICT_FAIL || alt_v == GI_VERDICT_FAIL ? GI_VERDICT_FAIL
	         : unit_v == GI_VERDICT_NOT_TESTED || alt_v == GI_VERDICT_NOT_TESTED ? GI_VERDICT_NOT_TESTED
	         : unit_v == GI_VERDICT_INCONCLUSIVE ? GI_VERDICT_INCONCLUSIVE
	         : GI_VERDICT_PASS;
	if (unit_r && alt_r)
		*reason = gi__arena_printf(&e->arena, "%s; %s", unit_r, alt_r);
	else
		*reason = unit_r ? unit_r : alt_r;
	/* the translation only when every part has one; else the English whole */
	if (unit_r && alt_r && unit_t && unit_t != unit_r && alt_t && alt_t != alt_r)
		*reason_text = gi__arena_printf(&e->arena, "%s; %s", unit_t, alt_t);
	else if (!unit_r || !alt_r)
		*reason_text = unit_r ? unit_t : alt_t;
	return GI_OK;
}

/* ---- sample ---- */

static int check_sample(eval *e, const gi_product **product)
{
	const gi_sample *s = e->sample;
	const gi_spec_info *info = gi_spec_get_info(e->spec);
	if (strcmp(s->spec, info->id) != 0)
		return gi__error(GI_EINVALID, e->file, s->line,
		                 N_("sample %s names spec '%s', but the specification given is '%s'"),
		                 s->id, s->spec, info->id);
	*product = gi_spec_find_product(e->spec, s->product);
	if (!*product) {
		char list[256] = "";
		for (size_t i = 0; i < gi_spec_product_count(e->spec); i++) {
			size_t n = strlen(list);
			snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", gi_spec_product(e->spec, i)->id);
		}
		return gi__error(GI_EINVALID, e->file, s->line,
		                 N_("sample %s names product '%s', which %s does not define (it has: %s)"),
		                 s->id, s->product, info->id, list);
	}
	for (size_t i = 0; i < s->n_measurements; i++)
		if (!gi_spec_find_analyte(e->spec, s->measurements[i].analyte))
			return gi__error(GI_EINVALID, e->file, s->measurements[i].line,
			                 N_("sample %s: unknown analyte '%s' (not declared in %s)"),
			                 s->id, s->measurements[i].analyte, info->id);
	if (s->sampled && s->analysed && strcmp(s->analysed, s->sampled) < 0)
		return gi__error(GI_EINVALID, e->file, s->line, N_("sample %s was analysed (%s) before it was sampled (%s)"),
		                 s->id, s->analysed, s->sampled);
	return GI_OK;
}

/* The ids of the criteria with verdict v, then "origin" (origin_word)
 * when origin is set. */
static const char *list_ids_as(eval *e, const gi_sample_result *r, gi_verdict v, int origin, const char *origin_word)
{
	size_t len = 1 + strlen(origin_word);
	for (size_t i = 0; i < r->n_criteria; i++)
		if (r->criteria[i].verdict == v && (v != GI_VERDICT_NOT_TESTED || r->criteria[i].criterion->mandatory))
			len += strlen(r->criteria[i].criterion->id) + 2;
	len += origin ? 2 : 0;
	char *s = gi__arena_alloc(&e->arena, len);
	if (!s)
		return "";
	s[0] = '\0';
	for (size_t i = 0; i < r->n_criteria; i++)
		if (r->criteria[i].verdict == v && (v != GI_VERDICT_NOT_TESTED || r->criteria[i].criterion->mandatory)) {
			if (s[0])
				strcat(s, ", ");
			strcat(s, r->criteria[i].criterion->id);
		}
	if (origin) {
		if (s[0])
			strcat(s, ", ");
		strcat(s, origin_word);
	}
	return s;
}

static const char *list_ids(eval *e, const gi_sample_result *r, gi_verdict v, int origin)
{
	return list_ids_as(e, r, v, origin, "origin");
}

/* The same for a person, the word "origin" in the caller's language. */
static const char *list_ids_text(eval *e, const gi_sample_result *r, gi_verdict v, int origin)
{
	return list_ids_as(e, r, v, origin, gi__tr(N_("origin")));
}

static void sample_verdict(eval *e, gi_sample_result *r)
{
	int fail = r->origin_verdict == GI_VERDICT_FAIL, untested = r->origin_verdict == GI_VERDICT_NOT_TESTED;
	int unsure = r->origin_verdict == GI_VERDICT_INCONCLUSIVE, cfail = 0, cpass = 0;
	for (size_t i = 0; i < r->n_criteria; i++) {
		const gi_criterion_result *c = &r->criteria[i];
		fail |= c->verdict == GI_VERDICT_FAIL;
		cfail |= c->verdict == GI_VERDICT_CONDITIONAL_FAIL;
		cpass |= c->verdict == GI_VERDICT_CONDITIONAL_PASS;
		untested |= c->verdict == GI_VERDICT_NOT_TESTED && c->criterion->mandatory;
		unsure |= c->verdict == GI_VERDICT_INCONCLUSIVE;
	}
	if (fail) {
		r->verdict = GI_VERDICT_FAIL;
		const char *ids = list_ids(e, r, GI_VERDICT_FAIL, r->origin_verdict == GI_VERDICT_FAIL);
		r->reason = gi__arena_printf(&e->arena, "fails %s", ids);
		r->reason_text = gi__arena_trf(&e->arena, r->reason, N_("fails %s"),
		                               list_ids_text(e, r, GI_VERDICT_FAIL, r->origin_verdict == GI_VERDICT_FAIL));
	} else if (cfail) {
		r->verdict = GI_VERDICT_CONDITIONAL_FAIL;
		const char *ids = list_ids(e, r, GI_VERDICT_CONDITIONAL_FAIL, 0);
		r->reason = gi__arena_printf(&e->arena, "conditional fail on %s", ids);
		r->reason_text = gi__arena_trf(&e->arena, r->reason, N_("conditional fail on %s"), ids);
	} else if (untested) {
		r->verdict = GI_VERDICT_INCOMPLETE;
		const char *ids = list_ids(e, r, GI_VERDICT_NOT_TESTED, r->origin_verdict == GI_VERDICT_NOT_TESTED);
		r->reason = gi__arena_printf(&e->arena, "not tested: %s", ids);
		r->reason_text = gi__arena_trf(&e->arena, r->reason, N_("not tested: %s"),
		                               list_ids_text(e, r, GI_VERDICT_NOT_TESTED,
		                                             r->origin_verdict == GI_VERDICT_NOT_TESTED));
	} else if (unsure) {
		r->verdict = GI_VERDICT_INCONCLUSIVE;
		const char *ids = list_ids(e, r, GI_VERDICT_INCONCLUSIVE, r->origin_verdict == GI_VERDICT_INCONCLUSIVE);
		r->reason = gi__arena_printf(&e->arena, "cannot decide %s", ids);
		r->reason_text = gi__arena_trf(&e->arena, r->reason, N_("cannot decide %s"),
		                               list_ids_text(e, r, GI_VERDICT_INCONCLUSIVE,
		                                             r->origin_verdict == GI_VERDICT_INCONCLUSIVE));
	} else if (cpass) {
		r->verdict = GI_VERDICT_CONDITIONAL_PASS;
		const char *ids = list_ids(e, r, GI_VERDICT_CONDITIONAL_PASS, 0);
		r->reason = gi__arena_printf(&e->arena, "conditional pass on %s", ids);
		r->reason_text = gi__arena_trf(&e->arena, r->reason, N_("conditional pass on %s"), ids);
	} else {
		r->verdict = GI_VERDICT_PASS;
		r->reason = gi__arena_printf(&e->arena, "meets %s %zu criteri%s%s",
		                             r->n_criteria == 1 ? "its" : "all", r->n_criteria,
		                             r->n_criteria == 1 ? "on" : "a",
		                             r->origin_verdict == GI_VERDICT_PASS ? " and the origin" : "");
		int origin = r->origin_verdict == GI_VERDICT_PASS;
		r->reason_text = r->n_criteria == 1
			? gi__arena_trf(&e->arena, r->reason, origin ? N_("meets its %zu criterion and the origin")
			                                             : N_("meets its %zu criterion"), r->n_criteria)
			: gi__arena_trf(&e->arena, r->reason, origin ? N_("meets all %zu criteria and the origin")
			                                             : N_("meets all %zu criteria"), r->n_criteria);
	}
}

static int eval_sample(eval *e, gi_sample_result *r)
{
	const gi_product *p = NULL;
	int rc = check_sample(e, &p);
	if (rc < 0)
		return rc;
	gi__arena_reset(&e->arena);
	if (p->n_criteria > e->cap) {
		gi_criterion_result *n = realloc(e->res, p->n_criteria * sizeof *n);
		if (!n)
			return gi__oom();
		e->res = n;
		e->cap = p->n_criteria;
	}
	memset(r, 0, sizeof *r);
	r->sample = e->sample;
	r->product = p;
	r->criteria = e->res;
	r->n_criteria = p->n_criteria;
	for (size_t i = 0; i < p->n_criteria; i++) {
		const gi_criterion *c = &p->criteria[i];
		gi_criterion_result *out = &e->res[i];
		memset(out, 0, sizeof *out);
		out->criterion = c;
		out->verdict = GI_VERDICT_NOT_TESTED;
		out->grubbs = out->grubbs_critical = out->dixon = out->dixon_critical = NAN;
		rc = c->analyte ? eval_single(e, c, out) : eval_ratio(e, c, out);
		if (rc < 0)
			return rc;
		if (!out->reason)
			return gi__oom();
	}
	rc = eval_origin(e, p, &r->origin_verdict, &r->origin_reason, &r->origin_reason_text);
	if (rc < 0)
		return rc;
	sample_verdict(e, r);
	if (!r->reason || !r->origin_reason)
		return gi__oom();
	return GI_OK;
}

/* ---- spec versions ---- */

/* The spec and the caller's other versions, oldest first; checked to be
 * one spec's versions with distinct effective dates. */
static int collect_versions(const gi_spec ***out, size_t *n, const gi_spec *spec, const gi_verify_options *o)
{
	size_t total = 1 + o->n_versions;
	const gi_spec **v = malloc(total * sizeof *v);
	if (!v)
		return gi__oom();
	v[0] = spec;
	for (size_t i = 0; i < o->n_versions; i++)
		v[i + 1] = o->versions[i];
	const gi_spec_info *first = gi_spec_get_info(spec);
	for (size_t i = 1; i < total; i++) {
		const gi_spec_info *in = v[i] ? gi_spec_get_info(v[i]) : NULL;
		if (!in) {
			free(v);
			return gi__error(GI_EUSAGE, NULL, 0, "gi_verify: versions[%zu] is NULL", i - 1);
		}
		if (strcmp(in->id, first->id) != 0) {
			free(v);
			return gi__error(GI_EINVALID, in->file, 0,
			                 N_("spec '%s' is not a version of '%s' (%s): versions must share an id"),
			                 in->id, first->id, first->file);
		}
	}
	/* insertion sort by effective date; a handful of versions */
	for (size_t i = 1; i < total; i++)
		for (size_t k = i; k > 0 && strcmp(gi_spec_get_info(v[k - 1])->effective,
		                                   gi_spec_get_info(v[k])->effective) > 0; k--) {
			const gi_spec *t = v[k];
			v[k] = v[k - 1];
			v[k - 1] = t;
		}
	for (size_t i = 1; i < total; i++) {
		const gi_spec_info *a = gi_spec_get_info(v[i - 1]), *b = gi_spec_get_info(v[i]);
		if (strcmp(a->effective, b->effective) == 0) {
			free(v);
			return gi__error(GI_EINVALID, b->file, 0,
			                 N_("versions %s (%s) and %s (%s) of '%s' take effect on the same day, %s"),
			                 a->version, a->file, b->version, b->file, a->id, a->effective);
		}
	}
	*out = v;
	*n = total;
	return GI_OK;
}

typedef enum { IN_FORCE = 0, BEFORE_ALL, NO_DATE } version_choice;

static version_choice choose_version(const gi_spec **chosen, const gi_spec *const *v, size_t n, const gi_sample *s)
{
	if (!s->sampled) {
		*chosen = v[n - 1];
		return n > 1 ? NO_DATE : IN_FORCE;
	}
	*chosen = v[0];
	if (strcmp(gi_spec_get_info(v[0])->effective, s->sampled) > 0)
		return BEFORE_ALL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(gi_spec_get_info(v[i])->effective, s->sampled) <= 0)
			*chosen = v[i];
	return IN_FORCE;
}

/* A sample no version judges is never passed (nor failed) on criteria of
 * a version that was not in force. */
static void version_verdict(eval *e, gi_sample_result *r, version_choice why, size_t n)
{
	const gi_spec_info *in = gi_spec_get_info(r->spec);
	if (why == BEFORE_ALL) {
		r->verdict = GI_VERDICT_INCONCLUSIVE;
		r->reason = gi__arena_printf(&e->arena,
		        "sampled %s, before version %s of %s took effect (%s): no version of the specification was in force",
		        e->sample->sampled, in->version, in->id, in->effective);
	} else if (why == NO_DATE) {
		r->verdict = GI_VERDICT_INCOMPLETE;
		r->reason = gi__arena_printf(&e->arena,
		        "sampling date not reported: cannot choose among the %zu versions of %s (shown against version %s)",
		        n, in->id, in->version);
	}
	if (why == BEFORE_ALL || why == NO_DATE)
		r->reason_text = r->reason;
}

/* Where a reason has no translation, its text is the reason itself. */
static void fill_texts(gi_sample_result *r, gi_criterion_result *res)
{
	for (size_t i = 0; i < r->n_criteria; i++)
		if (!res[i].reason_text)
			res[i].reason_text = res[i].reason;
	if (!r->reason_text)
		r->reason_text = r->reason;
	if (!r->origin_reason_text)
		r->origin_reason_text = r->origin_reason;
}


/* A rule override applies to a criterion only where the rule can decide
 * the whole limit: the residue rule (SANTE/11312/2021) judges a maximum
 * residue level, so a minimum or a range cannot be decided by it, and
 * deciding only a range's upper bound would drop the lower one. */
static int check_override(const gi_spec *spec, const gi_verify_options *opts)
{
	if (!opts->override_rule || opts->rule_kind != GI_RULE_RESIDUE)
		return GI_OK;
	for (size_t i = 0; i < gi_spec_product_count(spec); i++) {
		const gi_product *p = gi_spec_product(spec, i);
		for (size_t j = 0; j < p->n_criteria; j++) {
			const gi_criterion *c = &p->criteria[j];
			if (c->limit.n_allowed || (c->limit.has_upper && !c->limit.has_lower))
				continue;
			return gi__error(GI_EUSAGE, NULL, 0,
			                 "the residue rule cannot decide criterion '%s' of product '%s' (%s): "
			                 "it applies to a maximum residue level only", c->id, p->id, c->limit.text);
		}
	}
	return GI_OK;
}

/* The callback returned non-zero: a failure recorded while it ran (a libgi
 * call inside it, such as signing the record) is the reason, kept as it
 * is; otherwise the caller simply asked to stop. */
static int stopped_by_callback(unsigned long before)
{
	if (gi__error_serial() != before && gi_error_last()->code < 0)
		return gi_error_last()->code;
	return gi__error(GI_EABORTED, NULL, 0, "verification stopped by the caller");
}

/* ---- verification, one sample at a time ---- */

struct gi_verifier {
	gi_verify_options opts;      /* the caller's, copied up to its version */
	const gi_spec **versions;    /* oldest first */
	size_t n_versions;
	gi_report *report;           /* borrowed */
	eval e;
	gi_sample_result r;          /* the last sample's, borrowed out */
	gi_summary sum;
	int failed;                  /* a failure ended the stream */
	int done;
};

static void summary_verdict(gi_summary *sum)
{
	sum->verdict = sum->fail ? GI_VERDICT_FAIL : sum->conditional_fail ? GI_VERDICT_CONDITIONAL_FAIL
	             : sum->incomplete ? GI_VERDICT_INCOMPLETE : sum->inconclusive ? GI_VERDICT_INCONCLUSIVE
	             : sum->conditional_pass ? GI_VERDICT_CONDITIONAL_PASS : GI_VERDICT_PASS;
}

int gi_verifier_new(gi_verifier **out, const gi_spec *spec, gi_report *report, const gi_verify_options *opts)
{
	if (!out)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_verifier_new: NULL argument");
	*out = NULL;
	if (!spec || !report)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_verify: NULL argument");
	if (opts && (opts->version < 1 || opts->version > GI_VERIFY_OPTIONS_VERSION))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_verify_options version %d is not supported", opts->version);
	gi_verifier *v = calloc(1, sizeof *v);
	if (!v)
		return gi__oom();
	/* an older caller's struct ends before the fields of later versions */
	gi_verify_options o2 = GI_VERIFY_OPTIONS_INIT;
	if (opts) {
		o2.on_sample = opts->on_sample;
		o2.payload = opts->payload;
		if (opts->version >= 2) {
			o2.override_rule = opts->override_rule;
			o2.rule_kind = opts->rule_kind;
		}
		if (opts->version >= 3 && opts->versions) {
			o2.versions = opts->versions;
			o2.n_versions = opts->n_versions;
		}
	}
	v->opts = o2;
	int rc = collect_versions(&v->versions, &v->n_versions, spec, &v->opts);
	for (size_t i = 0; rc == GI_OK && i < v->n_versions; i++)
		rc = check_override(v->versions[i], &v->opts);
	if (rc < 0) {
		gi_verifier_free(v);
		return rc;
	}
	v->report = report;
	v->e = (eval){ spec, NULL, gi_report_name(report), &v->opts, { NULL }, NULL, 0 };
	summary_verdict(&v->sum);
	*out = v;
	return GI_OK;
}

int gi_verifier_next(const gi_sample_result **out, gi_verifier *v)
{
	if (!out || !v)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_verifier_next: NULL argument");
	*out = NULL;
	if (v->failed)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_verifier_next: the verification stopped on an error");
	if (v->done)
		return GI_OK;
	const gi_sample *s;
	int rc = gi_report_next(&s, v->report);
	if (rc < 0 || !s) {
		v->failed = rc < 0;
		v->done = 1;
		return rc;
	}
	eval *e = &v->e;
	e->sample = s;
	const gi_spec *chosen;
	version_choice why = choose_version(&chosen, v->versions, v->n_versions, s);
	e->spec = chosen;
	gi_sample_result *r = &v->r;
	rc = eval_sample(e, r);
	if (rc == GI_OK) {
		r->spec = chosen;
		version_verdict(e, r, why, v->n_versions);
		fill_texts(r, e->res);
		if (!r->reason)
			rc = gi__oom();
	}
	if (rc < 0) {
		v->failed = v->done = 1;
		return rc;
	}
	gi_summary *sum = &v->sum;
	sum->samples++;
	switch (r->verdict) {
	case GI_VERDICT_PASS: sum->pass++; break;
	case GI_VERDICT_FAIL: sum->fail++; break;
	case GI_VERDICT_INCOMPLETE: sum->incomplete++; break;
	case GI_VERDICT_CONDITIONAL_PASS: sum->conditional_pass++; break;
	case GI_VERDICT_CONDITIONAL_FAIL: sum->conditional_fail++; break;
	default: sum->inconclusive++; break;
	}
	summary_verdict(sum);
	*out = r;
	return GI_OK;
}

int gi_verifier_summary(gi_summary *out, const gi_verifier *v)
{
	if (!out || !v)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_verifier_summary: NULL argument");
	*out = v->sum;
	return GI_OK;
}

void gi_verifier_free(gi_verifier *v)
{
	if (!v)
		return;
	free(v->versions);
	gi__arena_free(&v->e.arena);
	free(v->e.res);
	free(v);
}

int gi_verify(gi_summary *out, const gi_spec *spec, gi_report *report, const gi_verify_options *opts)
{
	gi_verifier *v;
	int rc = gi_verifier_new(&v, spec, report, opts);
	if (rc < 0)
		return rc;
	for (;;) {
		const gi_sample_result *r;
		rc = gi_verifier_next(&r, v);
		if (rc < 0 || !r)
			break;
		if (v->opts.on_sample) {
			unsigned long before = gi__error_serial();
			if (v->opts.on_sample(r, v->opts.payload) != 0) {
				rc = stopped_by_callback(before);
				break;
			}
		}
	}
	if (out)
		*out = v->sum;
	gi_verifier_free(v);
	return rc;
}
