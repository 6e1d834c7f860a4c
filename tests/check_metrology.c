/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_metrology.c - numbers a one-line slip would change: coverage
 * factors other than 2, the order of sample verdicts, every unit spelling,
 * every row of the statistical tables, and the Student-t quantile memo. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "internal.h"
#include "decide_internal.h"
#include "suites.h"

static t_run run;

static double json_number(const char *json, const char *key)
{
	const char *p = strstr(json, key);
	ck_assert_msg(p != NULL, "%s not in %s", key, json);
	double v;
	ck_assert_int_eq(sscanf(p + strlen(key), "%lf", &v), 1);
	return v;
}

/* JCGM 106:2012 7.3.2 (lower limit TL, normal PDF): pc = Phi((y - TL)/u)
 * with u = U/k. A lab reporting y = 5.55, U = 0.3 with k = 3 against
 * TL = 5.34: u = 0.3/3 = 0.1, (5.55 - 5.34)/0.1 = 2.1, pc = Phi(2.1) =
 * 0.9821356 (Abramowitz & Stegun, Handbook of Mathematical Functions,
 * Table 26.1: P(2.10) = 0.98213 55794), so pc >= p_min = 0.95: pass. The
 * acceptance limit is TL + z(0.95) u = 5.34 + 1.6448536 * 0.1 = 5.5044854
 * (z(0.95) = 1.6448536, A&S Table 26.5 / any normal table). Taking k as 2
 * instead gives u = 0.15, Phi(1.4) = 0.91924 (A&S Table 26.1): fail. */
START_TEST(coverage_factor_from_lab)
{
	char crit[256];
	snprintf(crit, sizeof crit, "<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/>"
	                            "<decisionRule rule=\"probability\" pMin=\"0.95\"/></criterion>");
	gi_spec *s = t_spec_text(t_spec_xml(crit));
	ck_assert_ptr_nonnull(s);
	t_verify_csv(&run, s, "L,S1,p,test,Tam Đường,1300,glu,g/100g,,5.55,0.3,3,,,\n");
	ck_assert_int_eq(run.rc, 0);
	double pc = json_number(run.s[0].json, "\"probability\":");
	ck_assert_msg(fabs(pc - 0.9821356) < 5e-7, "pc %.8f", pc);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	double al = json_number(run.s[0].json, "\"acceptance\":{\"lower\":");
	ck_assert_msg(fabs(al - 5.5044854) < 5e-7, "acceptance %.8f", al);
	/* the same result with k = 2 (u = 0.15): Phi(1.4) = 0.91924 < 0.95 */
	t_verify_csv(&run, s, "L,S1,p,test,Tam Đường,1300,glu,g/100g,,5.55,0.3,2,,,\n");
	ck_assert(fabs(json_number(run.s[0].json, "\"probability\":") - 0.91924) < 5e-6);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	gi_spec_free(s);
}
END_TEST

/* The spec's default expanded uncertainty with its own k (same numbers
 * as above, JCGM 106:2012 7.3.2): U = 0.3, k = 3 gives pc = Phi(2.1) =
 * 0.9821356 and a pass; the criterion reports k = 3. A relative default of
 * 6 % of 5.55 is U = 0.333, u = 0.111 with k = 3, (5.55 - 5.34)/0.111 =
 * 1.891892, Phi(1.891892) = 0.97075 (A&S Table 26.1: P(1.89) = 0.97062,
 * P(1.90) = 0.97128; linear interpolation gives 0.970745). */
START_TEST(coverage_factor_from_spec)
{
	gi_spec *s = t_spec_text(t_spec_xml(
		"<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/>"
		"<decisionRule rule=\"probability\" pMin=\"0.95\"/><defaultUncertainty expanded=\"0.3\" k=\"3\"/></criterion>"));
	ck_assert_ptr_nonnull(s);
	t_verify_csv(&run, s, "L,S1,p,test,Tam Đường,1300,glu,g/100g,,5.55,,,,,\n");
	ck_assert_int_eq(run.rc, 0);
	double pc = json_number(run.s[0].json, "\"probability\":");
	ck_assert_msg(fabs(pc - 0.9821356) < 5e-7, "pc %.8f", pc);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_ptr_nonnull(strstr(run.s[0].why[0], "(k=3)"));
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"source\":\"spec\""));
	gi_spec_free(s);
	s = t_spec_text(t_spec_xml(
		"<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/>"
		"<decisionRule rule=\"probability\" pMin=\"0.95\"/><defaultUncertainty relative=\"6\" k=\"3\"/></criterion>"));
	ck_assert_ptr_nonnull(s);
	t_verify_csv(&run, s, "L,S1,p,test,Tam Đường,1300,glu,g/100g,,5.55,,,,,\n");
	pc = json_number(run.s[0].json, "\"probability\":");
	ck_assert_msg(fabs(pc - 0.970745) < 2e-5, "pc %.8f", pc);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	gi_spec_free(s);
}
END_TEST

/* gi/verify.h: the sample verdict is the first that applies of fail,
 * conditional-fail, incomplete (a mandatory criterion not tested),
 * inconclusive, conditional-pass, pass. Four criteria, each put in one
 * state: A (glu >= 5.34, non-binary, w = U = 0.20, ILAC-G8:09/2019 4.2.3):
 * 5.60 pass, 5.40 conditional pass, 5.30 conditional fail; B (faa >= 1,
 * non-binary, U = 0.2): 1.5 pass, 1.05 conditional pass; R (residue <=
 * 0.05): 0.01 pass, "< 0.1" inconclusive; P (protein >= 1, mandatory):
 * 2 pass, no row not tested; F (fat <= 10): 5 pass, 20 fail. */
static const char *const rowA[] = { "5.60", "5.40", "5.30" };   /* pass, cpass, cfail */
static const char *const rowB[] = { "1.5", "1.05" };            /* pass, cpass */
static const char *const rowR[] = { "0.01", "<0.1" };           /* pass, inconclusive */
static const char *const rowF[] = { "5", "20" };                /* pass, fail */

static void precedence_case(gi_spec *s, int a, int b, int r, int p_untested, int f, gi_verdict want,
                            const char *reason)
{
	char rows[1024];
	int n = snprintf(rows, sizeof rows,
	                 "L,S1,p,test,Tam Đường,1300,glu,g/100g,,%s,0.20,2,,,\n"
	                 "L,S1,p,test,Tam Đường,1300,faa,g/100g,,%s,0.2,2,,,\n"
	                 "L,S1,p,test,Tam Đường,1300,residue,mg/kg,,%s,,,,,\n"
	                 "L,S1,p,test,Tam Đường,1300,fat,g/100g,,%s,,,,,\n",
	                 rowA[a], rowB[b], rowR[r], rowF[f]);
	if (!p_untested)
		snprintf(rows + n, sizeof rows - (size_t)n, "L,S1,p,test,Tam Đường,1300,protein,g/100g,,2,,,,,\n");
	t_verify_csv(&run, s, rows);
	ck_assert_msg(run.rc == 0, "%s", run.error);
	ck_assert_msg(run.s[0].verdict == want, "A%d B%d R%d P%d F%d: %s (%s)", a, b, r, p_untested, f,
	              gi_verdict_name(run.s[0].verdict), run.s[0].reason);
	ck_assert_str_eq(run.s[0].reason, reason);
}

START_TEST(verdict_precedence)
{
	gi_spec *s = t_spec_text(t_spec_xml(
		"<criterion id=\"A\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/><decisionRule rule=\"non-binary\"/></criterion>\n"
		"<criterion id=\"B\" analyte=\"faa\" unit=\"g/100g\"><limit ge=\"1\"/><decisionRule rule=\"non-binary\"/></criterion>\n"
		"<criterion id=\"R\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.05\"/></criterion>\n"
		"<criterion id=\"P\" analyte=\"protein\" unit=\"g/100g\"><limit ge=\"1\"/></criterion>\n"
		"<criterion id=\"F\" analyte=\"fat\" unit=\"g/100g\"><limit le=\"10\"/></criterion>"));
	ck_assert_ptr_nonnull(s);
	/* the criteria themselves */
	precedence_case(s, 2, 1, 1, 1, 1, GI_VERDICT_FAIL, "fails F");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_CONDITIONAL_FAIL);
	ck_assert_int_eq(run.s[0].crit[1], GI_VERDICT_CONDITIONAL_PASS);
	ck_assert_int_eq(run.s[0].crit[2], GI_VERDICT_INCONCLUSIVE);
	ck_assert_int_eq(run.s[0].crit[3], GI_VERDICT_NOT_TESTED);
	ck_assert_int_eq(run.s[0].crit[4], GI_VERDICT_FAIL);
	precedence_case(s, 0, 0, 0, 0, 0, GI_VERDICT_PASS, "meets all 5 criteria and the origin");
	/* every pair, the earlier in the list wins */
	precedence_case(s, 2, 0, 0, 0, 1, GI_VERDICT_FAIL, "fails F");               /* fail > cfail */
	precedence_case(s, 0, 0, 0, 1, 1, GI_VERDICT_FAIL, "fails F");               /* fail > incomplete */
	precedence_case(s, 0, 0, 1, 0, 1, GI_VERDICT_FAIL, "fails F");               /* fail > inconclusive */
	precedence_case(s, 1, 0, 0, 0, 1, GI_VERDICT_FAIL, "fails F");               /* fail > cpass */
	precedence_case(s, 2, 0, 0, 1, 0, GI_VERDICT_CONDITIONAL_FAIL, "conditional fail on A"); /* > incomplete */
	precedence_case(s, 2, 0, 1, 0, 0, GI_VERDICT_CONDITIONAL_FAIL, "conditional fail on A"); /* > inconclusive */
	precedence_case(s, 2, 1, 0, 0, 0, GI_VERDICT_CONDITIONAL_FAIL, "conditional fail on A"); /* > cpass */
	precedence_case(s, 0, 0, 1, 1, 0, GI_VERDICT_INCOMPLETE, "not tested: P");    /* incomplete > inconclusive */
	precedence_case(s, 1, 0, 0, 1, 0, GI_VERDICT_INCOMPLETE, "not tested: P");    /* incomplete > cpass */
	precedence_case(s, 1, 1, 1, 0, 0, GI_VERDICT_INCONCLUSIVE, "cannot decide R"); /* inconclusive > cpass */
	precedence_case(s, 1, 1, 0, 0, 0, GI_VERDICT_CONDITIONAL_PASS, "conditional pass on A, B"); /* > pass */
	gi_spec_free(s);
}
END_TEST

/* The report's verdict has the same order (gi/verify.h, gi_summary): one
 * sample incomplete and one inconclusive make the report incomplete. */
START_TEST(summary_precedence)
{
	gi_spec *s = t_spec_text(t_spec_xml(
		"<criterion id=\"R\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.05\"/></criterion>\n"
		"<criterion id=\"P\" analyte=\"protein\" unit=\"g/100g\"><limit ge=\"1\"/></criterion>"));
	ck_assert_ptr_nonnull(s);
	t_verify_csv(&run, s,
	             "L,S1,p,test,Tam Đường,1300,residue,mg/kg,,0.01,,,,,\n"
	             "L,S2,p,test,Tam Đường,1300,residue,mg/kg,,<0.1,,,,,\n"
	             "L,S2,p,test,Tam Đường,1300,protein,g/100g,,2,,,,,\n");
	ck_assert_int_eq(run.rc, 0);
	ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_INCOMPLETE);
	ck_assert_int_eq(run.s[1].verdict, GI_VERDICT_INCONCLUSIVE);
	ck_assert_int_eq(run.sum.verdict, GI_VERDICT_INCOMPLETE);
	ck_assert_uint_eq(run.sum.incomplete, 1);
	ck_assert_uint_eq(run.sum.inconclusive, 1);
	gi_spec_free(s);
}
END_TEST

/* Every spelling libgi accepts, with its canonical unit and the value of
 * one of it in g/100g. The factors are the SI prefixes (BIPM SI Brochure,
 * 9th ed. 2019, Table 7: m = 1e-3, µ = 1e-6, k = 1e3) and the parts-per
 * convention (ppm = 1e-6 = mg/kg, ppb = 1e-9 = µg/kg, % = 1e-2 = g/100g;
 * SI Brochure 5.4.7 and ISO 80000-1:2009 Annex C). */
START_TEST(every_alias)
{
	static const struct { const char *alias, *canonical; double per_g100g; } t[] = {
		{ "g/100g", "g/100g", 1 }, { "g/100 g", "g/100g", 1 },
		{ "%", "%", 1 }, { "%(w/w)", "%", 1 }, { "% (w/w)", "%", 1 }, { "%w/w", "%", 1 },
		{ "%(m/m)", "%", 1 }, { "%m/m", "%", 1 }, { "wt%", "%", 1 }, { "WT %", "%", 1 },
		{ "g/kg", "g/kg", 0.1 }, { "mg/g", "mg/g", 0.1 },
		{ "mg/100g", "mg/100g", 0.001 }, { "mg/100 g", "mg/100g", 0.001 },
		{ "mg/kg", "mg/kg", 0.0001 }, { "ppm", "mg/kg", 0.0001 }, { "PPM", "mg/kg", 0.0001 },
		{ "\xC2\xB5g/g", "µg/g", 0.0001 }, { "\xCE\xBCg/g", "µg/g", 0.0001 }, { "ug/g", "µg/g", 0.0001 },
		{ "\xC2\xB5g/kg", "µg/kg", 0.0000001 }, { "\xCE\xBCg/kg", "µg/kg", 0.0000001 },
		{ "ug/kg", "µg/kg", 0.0000001 }, { "mcg/kg", "µg/kg", 0.0000001 }, { "ppb", "µg/kg", 0.0000001 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		const char *c = NULL;
		double v;
		ck_assert_int_eq(gi_unit_canonical(&c, t[i].alias), GI_OK);
		ck_assert_msg(strcmp(c, t[i].canonical) == 0, "%s -> %s", t[i].alias, c);
		/* one alias is one of its canonical unit, exactly */
		ck_assert_int_eq(gi_unit_convert(&v, 1, t[i].alias, t[i].canonical), GI_OK);
		ck_assert_msg(v == 1, "%s -> %s: %.17g", t[i].alias, t[i].canonical, v);
		ck_assert_int_eq(gi_unit_convert(&v, 1, t[i].alias, "g/100g"), GI_OK);
		ck_assert_msg(v == t[i].per_g100g, "1 %s = %.17g g/100g", t[i].alias, v);
		ck_assert_int_eq(gi_unit_convert(&v, t[i].per_g100g, "g/100g", t[i].alias), GI_OK);
		ck_assert_msg(v == 1, "%.17g g/100g = %.17g %s", t[i].per_g100g, v, t[i].alias);
	}
	static const struct { const char *alias, *canonical; } other[] = {
		{ "1", "1" }, { "-", "1" }, { "dimensionless", "1" }, { "meqO2/kg", "meq O2/kg" },
		{ "meq O\xE2\x82\x82/kg", "meq O2/kg" }, { "meq/kg", "meq O2/kg" }, { "m", "m" },
	};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		const char *c = NULL;
		double v;
		ck_assert_int_eq(gi_unit_canonical(&c, other[i].alias), GI_OK);
		ck_assert_str_eq(c, other[i].canonical);
		ck_assert_int_eq(gi_unit_convert(&v, 12.5, other[i].alias, other[i].canonical), GI_OK);
		ck_assert(v == 12.5);
	}
}
END_TEST

/* Rorabacher D.B. (1991), Anal. Chem. 63:139-146, Table I, r10 (Q) at
 * the 95 % confidence level (two-tailed alpha = 0.05), n = 3..10: every
 * entry libgi holds. */
START_TEST(dixon_every_row)
{
	static const double q95[] = { 0.970, 0.829, 0.710, 0.625, 0.568, 0.526, 0.493, 0.466 };
	for (size_t n = 3; n <= 10; n++)
		ck_assert_msg(gi_stats_dixon_critical(n, 0.05) == q95[n - 3], "n=%zu: %.3f", n,
		              gi_stats_dixon_critical(n, 0.05));
	ck_assert(isnan(gi_stats_dixon_critical(2, 0.05)));
	ck_assert(isnan(gi_stats_dixon_critical(11, 0.05)));
}
END_TEST

/* Grubbs' two-sided critical values at alpha = 0.05 (the one-sided 2.5 %
 * column): Grubbs F.E. & Beck G. (1972), Technometrics 14:847-854, Table I
 * (extending Grubbs 1969, Technometrics 11:1-21, Table 1), to four
 * decimals; ISO 5725-2:1994 Table 5 (5 %) gives the same to three
 * (1.155 1.481 1.715 1.887 2.020 2.126 2.215 2.290 for p = 3..10). libgi
 * computes any n >= 3 from the formula; every tabulated n is checked. */
START_TEST(grubbs_every_row)
{
	static const struct { size_t n; double g; } t[] = {
		{ 3, 1.1543 }, { 4, 1.4812 }, { 5, 1.7150 }, { 6, 1.8871 }, { 7, 2.0200 }, { 8, 2.1266 },
		{ 9, 2.2150 }, { 10, 2.2900 }, { 11, 2.3547 }, { 12, 2.4116 }, { 13, 2.4620 }, { 14, 2.5073 },
		{ 15, 2.5483 }, { 16, 2.5857 }, { 17, 2.6200 }, { 18, 2.6516 }, { 19, 2.6809 }, { 20, 2.7082 },
		{ 25, 2.8217 }, { 30, 2.9085 }, { 40, 3.0361 }, { 50, 3.1282 }, { 60, 3.1997 }, { 70, 3.2576 },
		{ 80, 3.3061 }, { 90, 3.3477 }, { 100, 3.3841 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		double g = gi_stats_grubbs_critical(t[i].n, 0.05);
		ck_assert_msg(fabs(g - t[i].g) <= 5e-5 + 1e-9, "n=%zu: %.5f, table %.4f", t[i].n, g, t[i].g);
	}
	/* the 1 % column (two-sided), same tables: n = 3 1.1547, 10 2.4821, 20 3.0008 */
	ck_assert(fabs(gi_stats_grubbs_critical(3, 0.01) - 1.1547) <= 5e-5 + 1e-9);
	ck_assert(fabs(gi_stats_grubbs_critical(10, 0.01) - 2.4821) <= 5e-5 + 1e-9);
	ck_assert(fabs(gi_stats_grubbs_critical(20, 0.01) - 3.0008) <= 5e-5 + 1e-9);
}
END_TEST

/* Cochran's test, 5 % critical values, ISO 5725-2:1994 Table 4 (as
 * reproduced by the UK National Measurement System chemical and biological
 * metrology pages, "Cochran test", 2009), p laboratories of n replicates,
 * n = 2..5. */
START_TEST(cochran_every_row)
{
	static const size_t p[] = { 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20 };
	static const double c[][4] = {
		{ 0.998, 0.975, 0.939, 0.906 }, { 0.967, 0.871, 0.798, 0.746 }, { 0.906, 0.768, 0.684, 0.629 },
		{ 0.841, 0.684, 0.598, 0.544 }, { 0.781, 0.616, 0.532, 0.480 }, { 0.727, 0.561, 0.480, 0.431 },
		{ 0.680, 0.516, 0.438, 0.391 }, { 0.638, 0.477, 0.403, 0.358 }, { 0.602, 0.445, 0.373, 0.331 },
		{ 0.471, 0.335, 0.276, 0.242 }, { 0.389, 0.270, 0.221, 0.192 },
	};
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		for (size_t n = 2; n <= 5; n++) {
			double v = gi_stats_cochran_critical(p[i], n, 0.05);
			ck_assert_msg(fabs(v - c[i][n - 2]) <= 5e-4 + 1e-9, "p=%zu n=%zu: %.4f, table %.3f", p[i], n, v,
			              c[i][n - 2]);
		}
	ck_assert(isnan(gi_stats_cochran_critical(1, 2, 0.05)));
	ck_assert(isnan(gi_stats_cochran_critical(5, 1, 0.05)));
}
END_TEST

/* Cochran's statistic C = s_max^2 / sum s_i^2 (ISO 5725-2:1994, 7.3.3),
 * by hand: variances 0.0036, 0.0064, 0.0081, 0.0025, 0.0025, 0.0049,
 * 0.0025, 0.0025, 0.0025, 0.0009 sum to 0.0364, C = 0.0081/0.0364 =
 * 0.222527...; a statistic that took the first or the last instead of the
 * largest would give 0.0989 or 0.0247. */
START_TEST(cochran_statistic)
{
	const double v[] = { 0.0036, 0.0064, 0.0081, 0.0025, 0.0025, 0.0049, 0.0025, 0.0025, 0.0025, 0.0009 };
	ck_assert(fabs(gi_stats_cochran(v, 10) - 0.0081 / 0.0364) < 1e-12);
	ck_assert(fabs(gi_stats_cochran(v, 10) - 0.2225275) < 1e-7);
	const double one[] = { 0, 0, 0 };
	ck_assert(isnan(gi_stats_cochran(one, 3)));
}
END_TEST

/* The t interval uses t(0.975, n - 1) for each sample, whatever the
 * previous sample's n (the quantiles are remembered per thread):
 * t(0.975, 1) = 12.706, t(0.975, 2) = 4.303, t(0.975, 4) = 2.776
 * (NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.2, Table of
 * critical values of Student's t). */
START_TEST(t_quantile_per_dof)
{
	const double two[] = { 5.52, 5.47 };              /* n = 2 */
	const double three[] = { 5.50, 5.52, 5.57 };      /* n = 3 */
	const double five[] = { 5.50, 5.52, 5.57, 5.49, 5.55 };
	const struct { const double *x; size_t n; double t; } seq[] = {
		{ two, 2, 12.706 }, { three, 3, 4.303 }, { two, 2, 12.706 }, { five, 5, 2.776 },
		{ three, 3, 4.303 }, { five, 5, 2.776 }, { two, 2, 12.706 },
	};
	for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
		gi_stats st;
		ck_assert_int_eq(gi_stats_describe(&st, seq[i].x, seq[i].n, 0.95), 0);
		double t = (st.ci_high - st.mean) / st.u_mean;
		ck_assert_msg(fabs(t - seq[i].t) < 5e-4, "step %zu n=%zu: t %.5f", i, seq[i].n, t);
		ck_assert(fabs((st.mean - st.ci_low) / st.u_mean - seq[i].t) < 5e-4);
	}
	/* the same memo serves Grubbs' critical values, at other levels:
	 * interleaving them must not change the t interval (Grubbs & Beck 1972
	 * Table I: n = 5 -> 1.7150) */
	gi_stats st;
	ck_assert(fabs(gi_stats_grubbs_critical(5, 0.05) - 1.7150) <= 5e-5);
	ck_assert_int_eq(gi_stats_describe(&st, three, 3, 0.95), 0);
	ck_assert(fabs((st.ci_high - st.mean) / st.u_mean - 4.303) < 5e-4);
	/* another confidence: t(0.995, 2) = 9.925 (same table) */
	ck_assert_int_eq(gi_stats_describe(&st, three, 3, 0.99), 0);
	ck_assert(fabs((st.ci_high - st.mean) / st.u_mean - 9.925) < 5e-4);
}
END_TEST

Suite *suite_metrology(void)
{
	Suite *s = suite_create("metrology");
	TCase *tc = tcase_create("metrology");
	tcase_add_test(tc, coverage_factor_from_lab);
	tcase_add_test(tc, coverage_factor_from_spec);
	tcase_add_test(tc, verdict_precedence);
	tcase_add_test(tc, summary_precedence);
	tcase_add_test(tc, every_alias);
	tcase_add_test(tc, dixon_every_row);
	tcase_add_test(tc, grubbs_every_row);
	tcase_add_test(tc, cochran_every_row);
	tcase_add_test(tc, cochran_statistic);
	tcase_add_test(tc, t_quantile_per_dof);
	suite_add_tcase(s, tc);
	return s;
}
