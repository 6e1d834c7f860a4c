/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_decide.c - decision rules against published and formula-derived
 * numbers, and their behaviour exactly on every boundary. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <libxml/parser.h>
#include "helpers.h"
#include "internal.h"
#include "decide_internal.h"
#include "suites.h"

static t_run run;

/* A spec with one criterion "c" on analyte glu with the given limit and
 * rule attributes; one sample with value y and (if U) uncertainty. */
static void decide(const char *limit, const char *rule, const char *extra, const char *y, const char *U,
                   const char *k, const char *dof)
{
	char crit[1024], row[512];
	snprintf(crit, sizeof crit,
	         "<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit %s/>%s%s%s%s</criterion>",
	         limit, rule ? "<decisionRule " : "", rule ? rule : "", rule ? "/>" : "", extra ? extra : "");
	gi_spec *s = t_spec_text(t_spec_xml(crit));
	ck_assert_msg(s != NULL, "spec: %s", gi_error_last()->message);
	snprintf(row, sizeof row, "L,S1,p,test,Tam Đường,1300,glu,g/100g,,%s,%s,%s,,,%s\n", y, U ? U : "",
	         k ? k : "", dof ? dof : "");
	t_verify_csv(&run, s, row);
	ck_assert_msg(run.rc == 0, "%s", run.error);
	gi_spec_free(s);
}

static double pc_of(const char *limit, const char *y, const char *U, const char *dof)
{
	decide(limit, "rule=\"probability\"", NULL, y, U, "2", dof);
	const char *p = strstr(run.s[0].json, "\"probability\":");
	ck_assert_ptr_nonnull(p);
	double v;
	sscanf(p + 14, "%lf", &v);
	return v;
}

/* JCGM 106:2012 conformance probability, normal, upper limit TU = 10 with
 * u = 0.5 (U = 1, k = 2): pc = Phi((TU - y)/u) (JCGM 106:2012 §7.3.2).
 * Values of Phi from Abramowitz & Stegun, Handbook of Mathematical
 * Functions, Table 26.1: y = 8.9 -> Phi(2.2) = 0.98610, 9.5 -> Phi(1) =
 * 0.84134, 10.4 -> Phi(-0.8) = 0.21186, 11.2 -> Phi(-2.4) = 0.00820. */
START_TEST(jcgm106_upper)
{
	static const struct { const char *y; double pc; gi_verdict v; } t[] = {
		{ "8.9", 0.98610, GI_VERDICT_PASS }, { "9.5", 0.84134, GI_VERDICT_FAIL },
		{ "10.4", 0.21186, GI_VERDICT_FAIL }, { "11.2", 0.00820, GI_VERDICT_FAIL },
	};
	for (size_t i = 0; i < 4; i++) {
		double pc = pc_of("le=\"10\"", t[i].y, "1", NULL);
		ck_assert_msg(fabs(pc - t[i].pc) < 5e-6, "y=%s pc=%.6f", t[i].y, pc);
		ck_assert_int_eq(run.s[0].crit[0], t[i].v);
	}
	/* the acceptance limit is TU - z(0.95) u = 10 - 1.644854 * 0.5 */
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"acceptance\":{\"upper\":9.17757"));
}
END_TEST

/* Boundaries of the probability rule: on the acceptance limit pc equals
 * p_min and passes; just outside it fails; on the limit itself pc is 0.5. */
START_TEST(jcgm106_boundaries)
{
	double al = 10 - gsl_cdf_ugaussian_Pinv(0.95) * 0.5;
	char y[40];
	snprintf(y, sizeof y, "%.17g", al);
	pc_of("le=\"10\"", y, "1", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	snprintf(y, sizeof y, "%.17g", al + 1e-6);
	pc_of("le=\"10\"", y, "1", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert(fabs(pc_of("le=\"10\"", "10", "1", NULL) - 0.5) < 1e-12);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	/* simple acceptance on the same limit passes, and reports the same pc */
	decide("le=\"10\"", "rule=\"simple\"", NULL, "10", "1", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"probability\":0.5"));
}
END_TEST

/* Lower and two-sided limits: pc = Phi((y - TL)/u) and
 * Phi((TU - y)/u) - Phi((TL - y)/u) (JCGM 106:2012, 7.3). */
START_TEST(jcgm106_lower_and_interval)
{
	ck_assert(fabs(pc_of("ge=\"10\"", "11.1", "1", NULL) - 0.98610) < 5e-6);
	ck_assert(fabs(pc_of("ge=\"10\"", "9.6", "1", NULL) - 0.21186) < 5e-6);
	/* y in the middle of [9, 11], u = 0.5: Phi(2) - Phi(-2) = 0.954500 */
	ck_assert(fabs(pc_of("ge=\"9\" le=\"11\"", "10", "1", NULL) - 0.954500) < 5e-6);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	/* the acceptance interval is where pc >= 0.95; it is symmetric */
	const char *a = strstr(run.s[0].json, "\"acceptance\":{\"lower\":");
	ck_assert_ptr_nonnull(a);
	double lo, hi;
	ck_assert_int_eq(sscanf(a, "\"acceptance\":{\"lower\":%lf,\"upper\":%lf", &lo, &hi), 2);
	ck_assert(fabs((lo + hi) / 2 - 10) < 1e-9 && lo < 10 && lo > 9);
	/* the probability at the acceptance limit is p_min */
	gi_limit l = { 1, 0, 9, "9", 1, 0, 11, "11", 0, NULL, "9–11" };
	ck_assert(fabs(gi__conformance(&l, lo, 0.5, 0, 0) - 0.95) < 1e-9);
	ck_assert(fabs(gi__conformance(&l, hi, 0.5, 0, 0) - 0.95) < 1e-9);
}
END_TEST

/* With the lab's effective degrees of freedom the scaled-and-shifted t
 * distribution is used: TU = 10, u = 0.5, y = 9.5 is t = 1; with 4 degrees
 * of freedom P(T <= 1) = 0.81305 (Student's t table), not Phi(1) = 0.84134. */
START_TEST(jcgm106_student_t)
{
	ck_assert(fabs(pc_of("le=\"10\"", "9.5", "1", "4") - 0.81305) < 5e-6);
	ck_assert_ptr_nonnull(strstr(run.s[0].why[0], "4 degrees of freedom"));
	ck_assert(fabs(pc_of("le=\"10\"", "9.5", "1", NULL) - 0.84134) < 5e-6);
}
END_TEST

/* SANTE/11312/2021: with the default 50 % expanded uncertainty and an MRL
 * of 0.05 mg/kg, 0.09 is compliant, 0.10 compliant (y - U equals the MRL),
 * 0.11 non-compliant (SANTE/11312/2021, "Analytical quality control and
 * method validation procedures for pesticide residues analysis in food
 * and feed", on the interpretation of results: non-compliant beyond
 * reasonable doubt when x - U > MRL, with a default U of 50 %). */
START_TEST(sante_residue)
{
	static const struct { const char *y; gi_verdict v; } t[] = {
		{ "0.09", GI_VERDICT_PASS }, { "0.10", GI_VERDICT_PASS }, { "0.11", GI_VERDICT_FAIL },
	};
	for (size_t i = 0; i < 3; i++) {
		decide("le=\"0.05\"", "rule=\"residue\"", NULL, t[i].y, NULL, NULL, NULL);
		ck_assert_msg(run.s[0].crit[0] == t[i].v, "%s: %s", t[i].y, run.s[0].why[0]);
		ck_assert(fabs(run.s[0].U[0] - 0.5 * atof(t[i].y)) < 1e-15);
	}
	ck_assert_ptr_nonnull(strstr(run.s[0].why[0], "non-compliant"));
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"source\":\"rule\""));
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"acceptance\":{\"upper\":0.1}"));
	/* a lab's own U replaces the default: 0.11 - 0.07 = 0.04 <= 0.05 */
	decide("le=\"0.05\"", "rule=\"residue\"", NULL, "0.11", "0.07", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
}
END_TEST

/* ILAC-G8:09/2019 4.2.2 guard band w = r U on a minimum of 5.34 with
 * U = 0.20: the acceptance limit is 5.54, met on the limit itself. */
START_TEST(guarded_band)
{
	static const struct { const char *y; gi_verdict v; } t[] = {
		{ "5.60", GI_VERDICT_PASS }, { "5.54", GI_VERDICT_PASS }, { "5.53", GI_VERDICT_FAIL },
		{ "5.34", GI_VERDICT_FAIL },
	};
	for (size_t i = 0; i < 4; i++) {
		decide("ge=\"5.34\"", "rule=\"guarded\"", NULL, t[i].y, "0.20", "2", NULL);
		ck_assert_msg(run.s[0].crit[0] == t[i].v, "%s: %s", t[i].y, run.s[0].why[0]);
	}
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"acceptance\":{\"lower\":5.54}"));
	/* r = 0.5 halves the band */
	decide("ge=\"5.34\"", "rule=\"guarded\" guard=\"0.5\"", NULL, "5.44", "0.20", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	/* a strict limit keeps its strictness at the acceptance limit */
	decide("gt=\"5.34\"", "rule=\"guarded\"", NULL, "5.54", "0.20", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	/* an upper limit: acceptance limit 0.8 - 0.1 */
	decide("le=\"0.8\"", "rule=\"guarded\"", NULL, "0.7", "0.1", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	decide("le=\"0.8\"", "rule=\"guarded\"", NULL, "0.71", "0.1", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
}
END_TEST

/* ILAC-G8:09/2019 4.2.3 non-binary statements around a minimum 5.34 with
 * w = U = 0.20: pass from 5.54, conditional pass on [5.34, 5.54),
 * conditional fail on [5.14, 5.34), fail below 5.14. */
START_TEST(non_binary_zones)
{
	static const struct { const char *lim, *y; gi_verdict v; } t[] = {
		{ "ge", "5.54", GI_VERDICT_PASS }, { "ge", "5.53", GI_VERDICT_CONDITIONAL_PASS },
		{ "ge", "5.34", GI_VERDICT_CONDITIONAL_PASS }, { "gt", "5.34", GI_VERDICT_CONDITIONAL_FAIL },
		{ "ge", "5.28", GI_VERDICT_CONDITIONAL_FAIL }, { "ge", "5.14", GI_VERDICT_CONDITIONAL_FAIL },
		{ "ge", "5.13", GI_VERDICT_FAIL },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char lim[32];
		snprintf(lim, sizeof lim, "%s=\"5.34\"", t[i].lim);
		decide(lim, "rule=\"non-binary\"", NULL, t[i].y, "0.20", "2", NULL);
		ck_assert_msg(run.s[0].crit[0] == t[i].v, "%s %s: %s", t[i].lim, t[i].y, run.s[0].why[0]);
		ck_assert_int_eq(run.s[0].verdict, t[i].v);
	}
	decide("ge=\"5.34\"", "rule=\"non-binary\"", NULL, "5.28", "0.20", "2", NULL);
	/* U and the guard band to two significant digits (JCGM 100:2008 7.2.6) */
	ck_assert_str_eq(run.s[0].why[0], "5.28 ± 0.20 g/100g (k=2) is below the minimum 5.34 by less than "
	                                  "the guard band 0.20: conditional fail");
	/* a range takes the worse side */
	decide("ge=\"1\" le=\"2\"", "rule=\"non-binary\"", NULL, "1.95", "0.1", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_CONDITIONAL_PASS);
}
END_TEST

/* A rule that needs an uncertainty gives inconclusive without one, never
 * a pass; the spec's default uncertainty (absolute or relative) fills in. */
START_TEST(uncertainty_sources)
{
	const char *rules[] = { "rule=\"guarded\"", "rule=\"non-binary\"", "rule=\"probability\"" };
	for (size_t i = 0; i < 3; i++) {
		decide("ge=\"5.34\"", rules[i], NULL, "9.0", NULL, NULL, NULL);
		ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_INCONCLUSIVE);
		ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_INCONCLUSIVE);
		ck_assert_ptr_nonnull(strstr(run.s[0].why[0], "needs an uncertainty"));
	}
	decide("ge=\"5.34\"", "rule=\"guarded\"", "<defaultUncertainty expanded=\"0.2\"/>", "5.54", NULL, NULL, NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert(run.s[0].U[0] == 0.2);
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"source\":\"spec\""));
	/* relative: 4 % of 5.5 = 0.22, acceptance limit 5.56 */
	decide("ge=\"5.34\"", "rule=\"guarded\"", "<defaultUncertainty relative=\"4\"/>", "5.5", NULL, NULL, NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert(fabs(run.s[0].U[0] - 0.22) < 1e-12);
	/* the lab's uncertainty wins over the default */
	decide("ge=\"5.34\"", "rule=\"guarded\"", "<defaultUncertainty expanded=\"0.5\"/>", "5.54", "0.2", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"source\":\"lab\""));
}
END_TEST

/* ASTM E29 rounding method, in decimal, ties to even. With a limit of
 * <= 0.5: 0.54 passes by the rounding method and fails by the absolute
 * method; 0.55 rounds to 0.6 and fails (ASTM E29-13, §6.4 rounding
 * method and §7 absolute method). */
START_TEST(astm_e29)
{
	decide("le=\"0.5\"", "rule=\"simple\" rounding=\"rounding\"", NULL, "0.54", NULL, NULL, NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert(run.s[0].value[0] == 0.5);
	ck_assert_ptr_nonnull(strstr(run.s[0].why[0], "rounded from 0.54"));
	decide("le=\"0.5\"", "rule=\"simple\"", NULL, "0.54", NULL, NULL, NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	decide("le=\"0.5\"", "rule=\"simple\" rounding=\"rounding\"", NULL, "0.55", NULL, NULL, NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert(run.s[0].value[0] == 0.6);
	/* ties go to the even digit, judged on the decimal value: 1.015 is a
	 * tie in decimal (binary 1.01499999...), so it rounds to 1.02 */
	static const struct { double v; int d; double r; } t[] = {
		{ 0.54, 1, 0.5 }, { 0.55, 1, 0.6 }, { 0.45, 1, 0.4 }, { 0.65, 1, 0.6 }, { 0.75, 1, 0.8 },
		{ 2.5, 0, 2 }, { 3.5, 0, 4 }, { 1.015, 2, 1.02 }, { 1.025, 2, 1.02 }, { 1.0151, 2, 1.02 },
		{ 99.95, 1, 100.0 }, { -0.55, 1, -0.6 }, { 5.34, 2, 5.34 }, { 0.004, 2, 0 }, { 1234.5, 0, 1234 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		double r;
		ck_assert_int_eq(gi__round_e29(&r, t[i].v, t[i].d), 0);
		ck_assert_msg(r == t[i].r, "%.17g to %d places: %.17g", t[i].v, t[i].d, r);
	}
	/* the mean of replicates is rounded, not each replicate */
	gi_spec *s = t_spec_text(t_spec_xml("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"0.5\"/>"
	                                    "<decisionRule rule=\"simple\" rounding=\"rounding\"/></criterion>"));
	t_verify_csv(&run, s, "L,S1,p,test,Tam Đường,1300,glu,g/100g,,0.52,,,,\nL,S1,p,test,Tam Đường,1300,glu,g/100g,,0.58,,,,\n");
	ck_assert(run.s[0].value[0] == 0.6);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	gi_spec_free(s);
}
END_TEST

/* The spec's default rule applies to criteria that name none; a criterion
 * inherits its parameters; the caller can override the rule kind. */
START_TEST(rule_inheritance_and_override)
{
	char *xml = t_spec_xml("<criterion id=\"a\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>\n"
	                       "<criterion id=\"b\" analyte=\"fat\" unit=\"%\"><limit le=\"10\"/><decisionRule rule=\"simple\"/></criterion>");
	char spec[20000];
	snprintf(spec, sizeof spec, "%s", xml);
	char *at = strstr(spec, "<analytes>");
	char tail[20000];
	snprintf(tail, sizeof tail, "%s", at);
	snprintf(at, sizeof spec - (size_t)(at - spec), "<decisionRule rule=\"guarded\" guard=\"0.5\"/>\n%s", tail);
	gi_spec *s = t_spec_text(spec);
	ck_assert_msg(s != NULL, "%s", gi_error_last()->message);
	ck_assert_int_eq(gi_spec_get_info(s)->default_rule.kind, GI_RULE_GUARDED);
	const gi_product *p = gi_spec_find_product(s, "p");
	ck_assert_int_eq(p->criteria[0].rule.kind, GI_RULE_GUARDED);
	ck_assert(p->criteria[0].rule.guard == 0.5);
	ck_assert_int_eq(p->criteria[1].rule.kind, GI_RULE_SIMPLE);
	ck_assert(p->criteria[1].rule.guard == 0.5);   /* inherited parameter */
	const char *rows = "L,S1,p,test,Tam Đường,1300,glu,g/100g,,5.40,0.2,2,,\nL,S1,p,test,Tam Đường,1300,fat,%,,9.95,0.2,2,,\n";
	t_verify_csv(&run, s, rows);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);    /* 5.40 is below 5.34 + 0.5 * 0.2 */
	ck_assert_int_eq(run.s[0].crit[1], GI_VERDICT_PASS);
	/* what-if: every criterion non-binary */
	gi_report *r;
	const char *text = "lab,sample,product,spec,origin,altitude,analyte,unit,value,U,k\n"
	                   "L,S1,p,test,Tam Đường,1300,glu,g/100g,5.40,0.2,2\nL,S1,p,test,Tam Đường,1300,fat,%,9.95,0.2,2\n";
	ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "x.csv", NULL), 0);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.override_rule = 1;
	o.rule_kind = GI_RULE_NON_BINARY;
	gi_summary sum;
	ck_assert_int_eq(gi_verify(&sum, s, r, &o), 0);
	ck_assert_uint_eq(sum.conditional_pass, 1);
	ck_assert_int_eq(sum.verdict, GI_VERDICT_CONDITIONAL_PASS);
	gi_report_free(r);
	/* a version 1 options struct is still accepted */
	ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "x.csv", NULL), 0);
	struct { int version; gi_sample_cb cb; void *payload; } v1 = { 1, NULL, NULL };
	ck_assert_int_eq(gi_verify(&sum, s, r, (const gi_verify_options *)&v1), 0);
	gi_report_free(r);
	gi_spec_free(s);
}
END_TEST

/* Rules that cannot apply are refused when the spec is loaded. */
START_TEST(rule_semantics)
{
	ck_assert_ptr_null(t_spec_text(t_spec_xml(
		"<criterion id=\"c\" analyte=\"glu\" unit=\"%\"><limit ge=\"1\"/><decisionRule rule=\"residue\"/></criterion>")));
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "maximum (MRL) only"));
	ck_assert_ptr_null(t_spec_text(t_spec_xml(
		"<criterion id=\"c\" analyte=\"colour\"><limit><allowed>green</allowed></limit><decisionRule rule=\"probability\"/></criterion>")));
	ck_assert_ptr_null(t_spec_text(t_spec_xml(
		"<criterion id=\"c\" analyte=\"glu\" unit=\"%\"><limit ge=\"1\"/><decisionRule rule=\"probability\" pMin=\"1.5\"/></criterion>")));
	ck_assert_ptr_null(t_spec_text(t_spec_xml(
		"<criterion id=\"c\" analyte=\"glu\" unit=\"%\"><limit ge=\"1\"/><defaultUncertainty expanded=\"1\" relative=\"2\"/></criterion>")));
	gi_rule_kind k;
	ck_assert_int_eq(gi_rule_parse(&k, "non-binary"), 0);
	ck_assert_int_eq(k, GI_RULE_NON_BINARY);
	ck_assert_int_eq(gi_rule_parse(&k, "strict"), GI_EUSAGE);   /* an argument, not input */
}
END_TEST

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static int first_svg(const gi_sample_result *r, void *payload)
{
	char **svg = payload;
	if (!*svg)
		ck_assert_int_eq(gi_criterion_result_svg(svg, &r->criteria[0]), 0);
	return 0;
}

static char *svg_of(const char *criterion_xml, const char *row)
{
	gi_spec *s = t_spec_text(t_spec_xml(criterion_xml));
	ck_assert_ptr_nonnull(s);
	char text[1024];
	snprintf(text, sizeof text, "%s%s", t_csv_header, row);
	gi_report *r;
	ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "svg.csv", NULL), 0);
	char *svg = NULL;
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = first_svg;
	o.payload = &svg;
	ck_assert_int_eq(gi_verify(NULL, s, r, &o), 0);
	gi_report_free(r);
	gi_spec_free(s);
	ck_assert_ptr_nonnull(svg);
	return svg;
}

/* The picture is well-formed SVG; its zones are the rule's (simple: pass
 * and fail only; non-binary: all four), decided by the same code as the
 * verdict; it marks the limit and, for a guard band, the acceptance limit. */
START_TEST(svg_picture)
{
	char *svg = svg_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/>"
	                   "<decisionRule rule=\"non-binary\"/></criterion>",
	                   "L,S1,p,test,Tam Đường,1300,glu,g/100g,,5.28,0.2,2,,,\n");
	xmlDocPtr doc = xmlReadMemory(svg, (int)strlen(svg), "c.svg", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	xmlFreeDoc(doc);
	ck_assert_int_eq(count(svg, "<title>fail</title>"), 1);
	ck_assert_int_eq(count(svg, "<title>conditional-fail</title>"), 1);
	ck_assert_int_eq(count(svg, "<title>conditional-pass</title>"), 1);
	ck_assert_int_eq(count(svg, "<title>pass</title>"), 1);
	ck_assert_ptr_nonnull(strstr(svg, "acceptance 5.54"));
	ck_assert_ptr_nonnull(strstr(svg, "≥ 5.34"));
	ck_assert_ptr_nonnull(strstr(svg, "conditional-fail (non-binary)"));
	gi_free(svg);
	svg = svg_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"0.05\"/></criterion>",
	             "L,S1,p,test,Tam Đường,1300,glu,g/100g,,<0.01,,,,,\n");
	ck_assert_int_eq(count(svg, "<title>pass</title>") + count(svg, "<title>fail</title>"), 2);
	ck_assert_int_eq(count(svg, "conditional"), 0);
	ck_assert_ptr_nonnull(strstr(svg, "&lt; 0.01"));
	gi_free(svg);
}
END_TEST

/* ASTM E29-13 6.4, the rounding method, one rule at a time: the first
 * dropped digit below 5 leaves the kept digits; above 5 raises the last
 * kept one; a 5 followed by any non-zero digit raises it; a 5 followed by
 * zeros only makes it even. Applied to the shortest decimal of the value
 * (0.1 + 0.2 is 0.30000000000000004, 17 significant digits). A last kept
 * place left of every digit (0.5 to units, 0.05 to tenths) is a 0, which
 * is even. */
START_TEST(astm_e29_each_rule)
{
	static const struct { double v; int d; double r; } t[] = {
		{ 0.44, 1, 0.4 }, { 0.46, 1, 0.5 }, { 0.251, 1, 0.3 }, { 0.25, 1, 0.2 }, { 0.35, 1, 0.4 },
		{ 0.5, 0, 0 }, { 0.05, 1, 0 }, { 0.06, 1, 0.1 }, { 0.1 + 0.2, 2, 0.3 }, { 0.1 + 0.2, 17, 0.1 + 0.2 },
		{ 9.96, 1, 10.0 }, { -0.46, 1, -0.5 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		double r = -1;
		ck_assert_int_eq(gi__round_e29(&r, t[i].v, t[i].d), 0);
		ck_assert_msg(r == t[i].r, "%.17g to %d places: %.17g", t[i].v, t[i].d, r);
	}
}
END_TEST

/* internal.h: replicates as integers times one power of ten (5.52, 5.47
 * -> 552, 547 and 10^-2; 0.001 and 25 -> 1, 25000 and 10^-3), refused
 * beyond 15 digits, for no values, or a value that is not finite; the
 * exact decimal mean refuses the same. */
START_TEST(decimal_integers_and_mean)
{
	double ints[2] = { -1, -1 }, m;
	int e = 99;
	ck_assert_int_eq(gi__decimal_integers(ints, &e, (const double[]){ 5.52, 5.47 }, 2), 0);
	ck_assert(ints[0] == 552 && ints[1] == 547);
	ck_assert_int_eq(e, -2);
	ck_assert_int_eq(gi__decimal_integers(ints, &e, (const double[]){ 0.001, 25 }, 2), 0);
	ck_assert(ints[0] == 1 && ints[1] == 25000);
	ck_assert_int_eq(e, -3);
	ck_assert_int_eq(gi__decimal_integers(ints, &e, (const double[]){ 25, 0.001 }, 2), 0);
	ck_assert(ints[0] == 25000 && ints[1] == 1);
	ck_assert_int_eq(gi__decimal_integers(ints, &e, (const double[]){ 0.1, 1e15 }, 2), -1);
	ck_assert_int_eq(gi__decimal_integers(ints, &e, (const double[]){ 1, NAN }, 2), -1);
	ck_assert_int_eq(gi__decimal_integers(ints, &e, (const double[]){ 1 }, 0), -1);
	ck_assert_int_eq(gi__decimal_mean(&m, (const double[]){ 5.52, 5.47 }, 2, 0), 0);
	ck_assert(m == 5.495);
	ck_assert_int_eq(gi__decimal_mean(&m, (const double[]){ 5.52, 5.47 }, 2, 3), 0);
	ck_assert(m == 5495);
	ck_assert_int_eq(gi__decimal_mean(&m, (const double[]){ -5.52, -5.47 }, 2, 0), 0);
	ck_assert(m == -5.495);
	ck_assert_int_eq(gi__decimal_mean(&m, (const double[]){ 1, NAN }, 2, 0), -1);
	ck_assert_int_eq(gi__decimal_mean(&m, (const double[]){ INFINITY }, 1, 0), -1);
	ck_assert_int_eq(gi__decimal_mean(&m, (const double[]){ 1 }, 0, 0), -1);
	ck_assert_int_eq(gi__round_mean_e29(&m, (const double[]){ 1, NAN }, 2, 0, 1), -1);
	ck_assert_int_eq(gi__round_mean_e29(&m, (const double[]){ 5.52, 5.47 }, 2, 0, 2), 0);
	ck_assert(m == 5.50);
	ck_assert_int_eq(gi__round_mean_e29(&m, (const double[]){ -5.52, -5.47 }, 2, 0, 2), 0);
	ck_assert(m == -5.50);
}
END_TEST

/* A value on a strict bound does not meet it (decide.c, Boundaries), and
 * the reason says what was required, in the words of the bound: "more
 * than" for gt, "less than" for lt. */
START_TEST(strict_bound_reason)
{
	decide("gt=\"5.34\"", "rule=\"simple\"", NULL, "5.34", NULL, NULL, NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert_msg(strstr(run.s[0].why[0], "equals the limit; more than 5.34 required"), "%s", run.s[0].why[0]);
	decide("lt=\"0.5\"", "rule=\"simple\"", NULL, "0.50", NULL, NULL, NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert_msg(strstr(run.s[0].why[0], "equals the limit; less than 0.5 required"), "%s", run.s[0].why[0]);
	decide("ge=\"5.34\"", "rule=\"simple\"", NULL, "5.34", NULL, NULL, NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	decide("le=\"0.5\"", "rule=\"simple\"", NULL, "0.5", NULL, NULL, NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
}
END_TEST

/* The reasons name the side that decided and the numbers behind it
 * (ILAC-G8:09/2019 4.2.2 and 4.2.3): a guard-banded acceptance limit is
 * shown to the places of the guard band or of the limit, whichever has
 * more (minimum 5 with w = U = 0.12: 5.12; with r = 0, w = 0: 5); a
 * non-binary value beyond a maximum is "above the maximum"; the
 * probability rule states the p_min it required (JCGM 106:2012 7.5); the
 * default residue uncertainty of 50 % is expanded with k = 2
 * (SANTE/11312/2021). */
START_TEST(reasons_name_the_deciding_side)
{
	decide("ge=\"5\"", "rule=\"guarded\"", NULL, "5.10", "0.12", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert_msg(strstr(run.s[0].why[0], "below the acceptance limit 5.12 (minimum 5 + guard band 0.12): fail"),
	              "%s", run.s[0].why[0]);
	decide("ge=\"5\"", "rule=\"guarded\" guard=\"0\"", NULL, "4.9", "0.2", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert_msg(strstr(run.s[0].why[0], "below the acceptance limit 5 (minimum 5 + guard band 0): fail"),
	              "%s", run.s[0].why[0]);
	decide("le=\"0.8\"", "rule=\"non-binary\"", NULL, "0.95", "0.10", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert_msg(strstr(run.s[0].why[0], "is above the maximum 0.8 by more than the guard band 0.10: fail"),
	              "%s", run.s[0].why[0]);
	decide("ge=\"1\" le=\"2\"", "rule=\"non-binary\"", NULL, "2.05", "0.10", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_CONDITIONAL_FAIL);
	ck_assert_msg(strstr(run.s[0].why[0], "is above the maximum 2 by less than the guard band 0.10: conditional fail"),
	              "%s", run.s[0].why[0]);
	decide("le=\"10\"", "rule=\"probability\"", NULL, "9", "1", "2", NULL);
	ck_assert_msg(strstr(run.s[0].why[0], "at least 0.95 required: pass"), "%s", run.s[0].why[0]);
	decide("le=\"10\"", "rule=\"probability\" pMin=\"0.99\"", NULL, "9", "1", "2", NULL);
	ck_assert_msg(strstr(run.s[0].why[0], "but 0.99 required: fail"), "%s", run.s[0].why[0]);
	decide("le=\"0.05\"", "rule=\"residue\"", NULL, "0.09", NULL, NULL, NULL);
	ck_assert_msg(strstr(run.s[0].json, "\"k\":2"), "%s", run.s[0].json);
	/* U = 0 gives no distribution, so no conformance probability */
	decide("le=\"10\"", "rule=\"simple\"", NULL, "9", "0", "2", NULL);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_msg(strstr(run.s[0].json, "\"probability\":null"), "%s", run.s[0].json);
	decide("le=\"10\"", "rule=\"simple\"", NULL, "9", "1", "2", NULL);
	ck_assert_msg(!strstr(run.s[0].json, "\"probability\":null"), "%s", run.s[0].json);
	/* nor a place to round to (JCGM 100:2008 7.2.6 rounds y to the places
	 * of a U > 0): the value is shown as reported */
	decide("le=\"10\"", "rule=\"simple\"", NULL, "9.25", "0", "2", NULL);
	ck_assert_msg(strstr(run.s[0].why[0], "9.25 g/100g meets"), "%s", run.s[0].why[0]);
}
END_TEST

Suite *suite_decide(void)
{
	Suite *s = suite_create("decide");
	TCase *tc = tcase_create("rules");
	tcase_add_test(tc, jcgm106_upper);
	tcase_add_test(tc, jcgm106_lower_and_interval);
	tcase_add_test(tc, jcgm106_student_t);
	tcase_add_test(tc, jcgm106_boundaries);
	tcase_add_test(tc, sante_residue);
	tcase_add_test(tc, guarded_band);
	tcase_add_test(tc, non_binary_zones);
	tcase_add_test(tc, uncertainty_sources);
	tcase_add_test(tc, astm_e29);
	tcase_add_test(tc, rule_inheritance_and_override);
	tcase_add_test(tc, rule_semantics);
	tcase_add_test(tc, svg_picture);
	tcase_add_test(tc, astm_e29_each_rule);
	tcase_add_test(tc, decimal_integers_and_mean);
	tcase_add_test(tc, strict_bound_reason);
	tcase_add_test(tc, reasons_name_the_deciding_side);
	suite_add_tcase(s, tc);
	return s;
}
