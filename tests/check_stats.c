/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_stats.c - replicate statistics, outlier tests and ISO 13528
 * robust statistics against published values. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "suites.h"

/* Grubbs (1969), Technometrics 11:1-21, two-sided critical values at
 * alpha = 0.05, Table 1: n = 3 -> 1.1543, 5 -> 1.7150,
 * 8 -> 2.1266, 10 -> 2.2900. */
START_TEST(grubbs_critical_values)
{
	static const struct { size_t n; double g; } t[] = { { 3, 1.1543 }, { 5, 1.7150 }, { 8, 2.1266 }, { 10, 2.2900 } };
	for (size_t i = 0; i < 4; i++) {
		double g = gi_stats_grubbs_critical(t[i].n, 0.05);
		ck_assert_msg(fabs(g - t[i].g) < 5e-5, "n=%zu: %.5f", t[i].n, g);
	}
	ck_assert(isnan(gi_stats_grubbs_critical(2, 0.05)));
}
END_TEST

/* Rorabacher (1991), Anal. Chem. 63:139, r10 at 95 %: n = 3 -> 0.970,
 * 5 -> 0.710, 10 -> 0.466; not tabulated beyond 10 or at other alphas. */
START_TEST(dixon_critical_values)
{
	ck_assert(gi_stats_dixon_critical(3, 0.05) == 0.970);
	ck_assert(gi_stats_dixon_critical(5, 0.05) == 0.710);
	ck_assert(gi_stats_dixon_critical(10, 0.05) == 0.466);
	ck_assert(isnan(gi_stats_dixon_critical(11, 0.05)));
	ck_assert(isnan(gi_stats_dixon_critical(5, 0.01)));
}
END_TEST

/* The statistics themselves, by hand: 10.1 10.2 10.0 10.1 12.0 has mean
 * 10.48, s = sqrt(2.908/4), G = 1.52/s = 1.7827 > 1.7150 and
 * Q = (12.0 - 10.2)/(12.0 - 10.0) = 0.9 > 0.710: 12.0 is an outlier. */
START_TEST(outlier_statistics)
{
	const double x[] = { 10.1, 10.2, 10.0, 10.1, 12.0 };
	double g, q;
	size_t gi, qi;
	ck_assert_int_eq(gi_stats_grubbs(&g, &gi, x, 5), 0);
	ck_assert(fabs(g - 1.52 / sqrt(2.908 / 4)) < 1e-12);
	ck_assert_uint_eq(gi, 4);
	ck_assert_int_eq(gi_stats_dixon(&q, &qi, x, 5), 0);
	ck_assert(fabs(q - 0.9) < 1e-12);
	ck_assert_uint_eq(qi, 4);
	const double same[] = { 1, 1, 1 };
	ck_assert_int_eq(gi_stats_grubbs(&g, &gi, same, 3), GI_EUSAGE);
	ck_assert_int_eq(gi_stats_dixon(&q, &qi, same, 3), GI_EUSAGE);
}
END_TEST

/* NIST Statistical Reference Datasets, univariate summary statistics: the
 * "higher difficulty" NumAcc sets, built as NIST defines them (NumAcc1:
 * 10000001, 10000003, 10000002; NumAcc2/3/4: one c, then 500 pairs
 * c - 0.1, c + 0.1 for c = 1.2, 1000000.2, 10000000.2), with their
 * certified mean and standard deviation (c and 1, or c and 0.1). A naive
 * sum-of-squares formula loses every digit of s on NumAcc4. */
START_TEST(nist_strd_numacc)
{
	const double n1[] = { 10000001, 10000003, 10000002 };
	gi_stats st;
	ck_assert_int_eq(gi_stats_describe(&st, n1, 3, 0.95), 0);
	ck_assert(st.mean == 10000002);
	ck_assert(st.sd == 1);   /* certified 1.00000000000000 (exact data) */
	static const double centre[] = { 1.2, 1000000.2, 10000000.2 };
	static const char *const name[] = { "1.2", "1000000.2", "10000000.2" };
	static const char *const lo[] = { "1.1", "1000000.1", "10000000.1" };
	static const char *const hi[] = { "1.3", "1000000.3", "10000000.3" };
	double *x = malloc(1001 * sizeof *x);
	for (int s = 0; s < 3; s++) {
		/* the values are the decimals NIST lists, read as a lab's would be */
		gi_number_parse(&x[0], name[s]);
		for (int i = 0; i < 500; i++) {
			gi_number_parse(&x[1 + 2 * i], lo[s]);
			gi_number_parse(&x[2 + 2 * i], hi[s]);
		}
		ck_assert_int_eq(gi_stats_describe(&st, x, 1001, 0.95), 0);
		/* certified to 15 significant digits; the parsed values carry the
		 * representation error of c -/+ 0.1 (at most half an ulp of c
		 * each, the same for every copy), so mean and sd can be no nearer
		 * than one ulp of c (2.2e-16, 1.2e-10, 1.9e-9): that is the
		 * tolerance, and NumAcc2 is held to 15 digits */
		double ulp = nextafter(centre[s], INFINITY) - centre[s];
		ck_assert_msg(fabs(st.mean - centre[s]) <= ulp, "NumAcc%d mean %.17g", s + 2, st.mean);
		ck_assert_msg(fabs(st.sd - 0.1) <= ulp + 1e-16, "NumAcc%d sd %.17g", s + 2, st.sd);
	}
	free(x);
}
END_TEST

/* The t interval of a mean: 5.52 and 5.47 give 5.495 -/+ t(0.975, 1) *
 * 0.025 with t(0.975, 1) = 12.7062 (Student's t table). */
START_TEST(t_interval)
{
	const double x[] = { 5.52, 5.47 };
	gi_stats st;
	ck_assert_int_eq(gi_stats_describe(&st, x, 2, 0.95), 0);
	ck_assert(fabs(st.u_mean - 0.025) < 1e-12);
	ck_assert(fabs(st.ci_high - st.mean - 12.7062 * 0.025) < 1e-5);
	ck_assert_int_eq(gi_stats_describe(&st, x, 0, 0.95), GI_EUSAGE);
	ck_assert_int_eq(gi_stats_describe(&st, x, 2, 1.5), GI_EUSAGE);
}
END_TEST

/* Cochran's test, ISO 5725-2:1994 table 4, 5 % critical values for n = 2
 * replicates: p = 5 labs -> 0.841, p = 10 -> 0.602. */
START_TEST(cochran)
{
	ck_assert(fabs(gi_stats_cochran_critical(5, 2, 0.05) - 0.841) < 5e-4);
	ck_assert(fabs(gi_stats_cochran_critical(10, 2, 0.05) - 0.602) < 5e-4);
	const double v[] = { 0.01, 0.02, 0.01, 0.06 };
	ck_assert(fabs(gi_stats_cochran(v, 4) - 0.6) < 1e-12);
}
END_TEST

/* ISO 13528:2015 C.3 Algorithm A: the result is a fixed point (x* is the
 * mean and s* divided by 1.134 the sd of the values clipped at x* -/+ 1.5 s*); with no
 * outliers x* is close to the mean; a gross outlier barely moves it. */
START_TEST(algorithm_a)
{
	const double x[] = { 5.31, 5.42, 5.35, 5.38, 5.29, 5.40, 5.36, 5.33, 5.44, 9.80 };
	gi_robust r;
	ck_assert_int_eq(gi_stats_algorithm_a(&r, x, 10), 0);
	double c[10], m = 0, ss = 0;
	for (int i = 0; i < 10; i++) {
		double d = 1.5 * r.sd;
		c[i] = x[i] < r.mean - d ? r.mean - d : x[i] > r.mean + d ? r.mean + d : x[i];
		m += c[i] / 10;
	}
	for (int i = 0; i < 10; i++)
		ss += (c[i] - m) * (c[i] - m) / 9;
	ck_assert(fabs(m - r.mean) < 1e-5 * r.mean);
	ck_assert(fabs(1.134 * sqrt(ss) - r.sd) < 1e-4 * r.sd);
	ck_assert(fabs(r.mean - 5.37) < 0.03);   /* the 9.80 does not drag it */
	ck_assert(r.sd < 0.12);
	const double eq[] = { 1, 1, 1, 2 };
	ck_assert_int_eq(gi_stats_algorithm_a(&r, eq, 4), GI_EINVALID);
	/* the start is x* = med(x), s* = 1.483 med|x - x*| (ISO 13528:2015
	 * C.3.1): for 1 2 2 2 3 the median is 2 and s* = 0, though the
	 * smallest value is not the median */
	const double mid[] = { 1, 2, 2, 2, 3 };
	ck_assert_int_eq(gi_stats_algorithm_a(&r, mid, 5), GI_EINVALID);
	ck_assert_msg(strstr(gi_error_last()->message, "s* = 0"), "%s", gi_error_last()->message);
}
END_TEST

/* The status-returning forms give the published values - Grubbs (1969)
 * Technometrics 11:1, Table 1: n = 5, 5 % two-sided 1.7150; Rorabacher
 * (1991) Anal. Chem. 63:139, r10 at 95 %, n = 10: 0.466; ISO 5725-2:1994
 * Table 4, Cochran's C at 5 %, p = 5, n = 2: 0.841 - and refuse, with a
 * reason in gi_error_last(), what the double-returning forms answer with
 * NAN. */
START_TEST(critical_values_with_status)
{
	double v = 0;
	size_t i = 99;
	ck_assert_int_eq(gi_stats_grubbs_critical_value(&v, 5, 0.05), GI_OK);
	ck_assert(fabs(v - 1.7150) <= 5e-5);
	ck_assert_int_eq(gi_stats_dixon_critical_value(&v, 10, 0.05), GI_OK);
	ck_assert(v == 0.466);
	ck_assert_int_eq(gi_stats_cochran_critical_value(&v, 5, 2, 0.05), GI_OK);
	ck_assert(fabs(v - 0.841) <= 5e-4);
	ck_assert_int_eq(gi_stats_cochran_c(&v, &i, (const double[]){ 0.01, 0.02, 0.01, 0.06 }, 4), GI_OK);
	ck_assert(fabs(v - 0.6) < 1e-12);
	ck_assert_uint_eq(i, 3);
	ck_assert_int_eq(gi_stats_grubbs_critical_value(&v, 2, 0.05), GI_EUSAGE);
	ck_assert(isnan(v));
	ck_assert_msg(strstr(gi_error_last()->message, "n >= 3"), "%s", gi_error_last()->message);
	ck_assert_int_eq(gi_stats_grubbs_critical_value(&v, 5, 1.0), GI_EUSAGE);
	ck_assert_int_eq(gi_stats_dixon_critical_value(&v, 11, 0.05), GI_EINVALID);
	ck_assert_msg(strstr(gi_error_last()->message, "3 <= n <= 10"), "%s", gi_error_last()->message);
	ck_assert_int_eq(gi_stats_dixon_critical_value(&v, 10, 0.01), GI_EINVALID);
	ck_assert_int_eq(gi_stats_cochran_c(&v, NULL, (const double[]){ 0, 0, 0 }, 3), GI_EINVALID);
	ck_assert_msg(strstr(gi_error_last()->message, "every variance is 0"), "%s", gi_error_last()->message);
	ck_assert_int_eq(gi_stats_cochran_c(&v, NULL, (const double[]){ 0.01, -0.02 }, 2), GI_EINVALID);
	ck_assert_int_eq(gi_stats_cochran_c(&v, NULL, (const double[]){ 0.01 }, 1), GI_EUSAGE);
	ck_assert_int_eq(gi_stats_cochran_critical_value(&v, 1, 2, 0.05), GI_EUSAGE);
	ck_assert_int_eq(gi_stats_cochran_critical_value(&v, 5, 1, 0.05), GI_EUSAGE);
	ck_assert_int_eq(gi_stats_grubbs_critical_value(NULL, 5, 0.05), GI_EUSAGE);
	ck_assert_int_eq(gi_stats_dixon_critical_value(NULL, 5, 0.05), GI_EUSAGE);
	ck_assert_int_eq(gi_stats_cochran_critical_value(NULL, 5, 2, 0.05), GI_EUSAGE);
}
END_TEST

/* In a verification, a flagged replicate is reported; the spec's policy
 * decides whether the mean leaves it out. */
START_TEST(outliers_in_verification)
{
	const char *rows =
		"L,S1,p,test,Tam Đường,1300,glu,g/100g,,10.1,,,,\nL,S1,p,test,Tam Đường,1300,glu,g/100g,,10.2,,,,\n"
		"L,S1,p,test,Tam Đường,1300,glu,g/100g,,10.0,,,,\nL,S1,p,test,Tam Đường,1300,glu,g/100g,,10.1,,,,\n"
		"L,S1,p,test,Tam Đường,1300,glu,g/100g,,12.0,,,,\n";
	static t_run run;
	gi_spec *s = t_spec_text(t_spec_xml("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"10.3\"/></criterion>"));
	t_verify_csv(&run, s, rows);
	ck_assert(fabs(run.s[0].value[0] - 10.48) < 1e-12);       /* flagged, kept */
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert_ptr_nonnull(strstr(run.s[0].why[0], "outlier 12 flagged"));
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"outlier\":{\"index\":4,\"value\":12.0,\"excluded\":false,\"test\":\"grubbs\"}"));
	gi_spec_free(s);
	s = t_spec_text(t_spec_xml("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"10.3\"/>"
	                           "<decisionRule rule=\"simple\" outliers=\"exclude\"/></criterion>"));
	t_verify_csv(&run, s, rows);
	ck_assert(fabs(run.s[0].value[0] - 10.1) < 1e-12);        /* left out */
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_ptr_nonnull(strstr(run.s[0].why[0], "outlier 12 left out"));
	gi_spec_free(s);
}
END_TEST

/* ISO 13528:2015 9.4.1: |z| <= 2 satisfactory, 2 < |z| < 3 questionable,
 * |z| >= 3 unsatisfactory - on the boundaries too. */
START_TEST(pt_classes)
{
	ck_assert_int_eq(gi_pt_classify(2.0), GI_PT_SATISFACTORY);
	ck_assert_int_eq(gi_pt_classify(-2.0), GI_PT_SATISFACTORY);
	ck_assert_int_eq(gi_pt_classify(2.0001), GI_PT_QUESTIONABLE);
	ck_assert_int_eq(gi_pt_classify(-2.9999), GI_PT_QUESTIONABLE);
	ck_assert_int_eq(gi_pt_classify(3.0), GI_PT_UNSATISFACTORY);
	ck_assert_int_eq(gi_pt_classify(-3.0), GI_PT_UNSATISFACTORY);
}
END_TEST

/* A round scored end to end: each lab's result is the mean of its
 * replicates, z uses Algorithm A's x* and s* unless the caller sets x_pt
 * and sigma_pt; Cochran's critical value for 8 labs in duplicate is 0.680
 * (ISO 5725-2:1994 table 4, 5 %). */
START_TEST(pt_round)
{
	gi_pt *pt;
	ck_assert_int_eq(gi_pt_load_file(&pt, t_src("examples/pt-glutamic-acid.csv"), NULL), 0);
	ck_assert_uint_eq(gi_pt_lab_count(pt), 8);
	ck_assert_str_eq(gi_pt_analyte(pt), "glutamic-acid");
	const gi_robust *r = gi_pt_robust(pt);
	ck_assert(gi_pt_assigned(pt) == r->mean && gi_pt_sigma(pt) == r->sd);
	const gi_pt_lab *l6 = gi_pt_get_lab(pt, 5);
	ck_assert_str_eq(l6->lab, "LAB-06");
	ck_assert(fabs(l6->mean - 6.06) < 1e-12);
	/* Algorithm A (ISO 13528:2015 C.3) by hand on the lab means 5.43
	 * 5.37 5.50 5.31 5.42 6.06 5.41 5.26: start x* = 5.415, s* = 1.483 *
	 * 0.065 = 0.096395; the clipped mean and 1.134 s converge to x* =
	 * 5.410548, s* = 0.115889, so z(LAB-06) = (6.06 - 5.410548)/0.115889 =
	 * 5.6041 and z(LAB-08) = (5.26 - 5.410548)/0.115889 = -1.2991 */
	ck_assert_msg(fabs(r->mean - 5.410548) < 2e-6, "x* %.7f", r->mean);
	ck_assert_msg(fabs(r->sd - 0.115889) < 2e-6, "s* %.7f", r->sd);
	ck_assert_msg(fabs(l6->z - 5.6041) < 2e-4, "z %.5f", l6->z);
	ck_assert(fabs(gi_pt_get_lab(pt, 7)->z - -1.2991) < 2e-4);
	ck_assert_int_eq(gi_pt_get_lab(pt, 7)->grade, GI_PT_SATISFACTORY);
	ck_assert_int_eq(l6->grade, GI_PT_UNSATISFACTORY);
	double c, crit;
	const char *lab;
	ck_assert_int_eq(gi_pt_cochran(pt, &c, &crit, &lab), 0);
	ck_assert(fabs(crit - 0.680) < 5e-4);
	ck_assert_str_eq(lab, "LAB-08");
	/* duplicates: s^2 = d^2/2, 0.0008 for LAB-01, 03, 04, 05, 07, 0.0002
	 * for LAB-02, 0.0032 for LAB-06, 0.0882 for LAB-08; sum 0.0956; C =
	 * 0.0882/0.0956 = 0.922594 (ISO 5725-2:1994, 7.3.3) */
	ck_assert_msg(fabs(c - 0.0882 / 0.0956) < 1e-9, "C %.7f", c);
	ck_assert(c > crit);
	gi_pt_free(pt);

	const char *labs[] = { "A", "B", "C", "A" };
	const double v[] = { 10, 11, 12, 10 };
	gi_pt_options o = GI_PT_OPTIONS_INIT;
	o.has_assigned = o.has_sigma = 1;
	o.assigned = 11;
	o.sigma = 0.5;
	ck_assert_int_eq(gi_pt_evaluate(&pt, labs, v, 4, &o), 0);
	ck_assert(gi_pt_get_lab(pt, 0)->z == -2.0 && gi_pt_get_lab(pt, 0)->n == 2);
	ck_assert(gi_pt_get_lab(pt, 2)->z == 2.0);
	ck_assert_int_eq(gi_pt_cochran(pt, &c, &crit, &lab), GI_EINVALID);   /* unequal replicates */
	gi_pt_free(pt);
	ck_assert_int_eq(gi_pt_evaluate(&pt, labs, v, 1, NULL), GI_EINVALID);   /* one lab */
}
END_TEST

/* Bad PT input names the file and line. */
START_TEST(pt_bad_input)
{
	gi_pt *pt;
	const char *f = t_tmpfile("lab,value\nA,1\nB,x\n", ".csv");
	ck_assert_int_eq(gi_pt_load_file(&pt, f, NULL), GI_EPARSE);
	ck_assert_int_eq(gi_error_last()->line, 3);
	unlink(f);
	f = t_tmpfile("lab,value,analyte\nA,1,x\nB,2,y\n", ".csv");
	ck_assert_int_eq(gi_pt_load_file(&pt, f, NULL), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "one analyte"));
	unlink(f);
	f = t_tmpfile("lab,result\nA,1\n", ".csv");
	ck_assert_int_eq(gi_pt_load_file(&pt, f, NULL), GI_EINVALID);
	unlink(f);
	ck_assert_int_eq(gi_pt_load_file(&pt, "/nonexistent.csv", NULL), GI_EIO);
}
END_TEST

/* A usage error (gi/stats.h: GI_EUSAGE) is about the call, not a
 * document: no file, no line. */
static void usage_error(int rc)
{
	ck_assert_int_eq(rc, GI_EUSAGE);
	ck_assert_ptr_null(gi_error_last()->file);
	ck_assert_int_eq(gi_error_last()->line, 0);
}

/* Every function refuses what its header rules out: NULL pointers, too
 * few values, a probability outside (0, 1). */
START_TEST(arguments_refused)
{
	const double x[] = { 1, 2, 4, 8 };
	double g, q;
	size_t k;
	gi_robust r;
	gi_stats st;
	usage_error(gi_stats_grubbs(NULL, &k, x, 4));
	usage_error(gi_stats_grubbs(&g, &k, NULL, 4));
	usage_error(gi_stats_grubbs(&g, &k, x, 2));
	usage_error(gi_stats_dixon(NULL, &k, x, 4));
	usage_error(gi_stats_dixon(&q, &k, NULL, 4));
	usage_error(gi_stats_dixon(&q, &k, x, 2));
	usage_error(gi_stats_algorithm_a(NULL, x, 4));
	usage_error(gi_stats_algorithm_a(&r, NULL, 4));
	usage_error(gi_stats_algorithm_a(&r, x, 1));
	usage_error(gi_stats_describe(NULL, x, 4, 0.95));
	usage_error(gi_stats_describe(&st, NULL, 4, 0.95));
	usage_error(gi_stats_describe(&st, x, 4, 0));
	usage_error(gi_stats_describe(&st, x, 4, 1));
	ck_assert(isnan(gi_stats_grubbs_critical(5, 0)));
	ck_assert(isnan(gi_stats_grubbs_critical(5, 1)));
	ck_assert(isnan(gi_stats_grubbs_critical(5, 1.5)));
	ck_assert(isnan(gi_stats_cochran_critical(1, 2, 0.05)));
	ck_assert(isnan(gi_stats_cochran_critical(5, 1, 0.05)));
	ck_assert(isnan(gi_stats_cochran_critical(5, 2, 0)));
	ck_assert(isnan(gi_stats_cochran_critical(5, 2, 1)));
	ck_assert(isnan(gi_stats_cochran(NULL, 3)));
	const double zero[] = { 0, 0 };
	ck_assert(isnan(gi_stats_cochran(zero, 2)));
	/* the smallest sets each test is defined for (Grubbs 1969 and
	 * Rorabacher 1991 tabulate from n = 3, Algorithm A needs a spread) */
	ck_assert_int_eq(gi_stats_grubbs(&g, &k, x, 3), GI_OK);
	ck_assert_int_eq(gi_stats_dixon(&q, &k, x, 3), GI_OK);
	ck_assert_int_eq(gi_stats_algorithm_a(&r, x, 2), GI_OK);
	const double same[] = { 2, 2, 2 };
	usage_error(gi_stats_grubbs(&g, &k, same, 3));
	usage_error(gi_stats_dixon(&q, &k, same, 3));
	ck_assert_int_eq(gi_stats_describe(&st, x, 1, 0.95), GI_OK);
	ck_assert(st.mean == 1 && st.sd == 0 && st.ci_low == 1 && st.ci_high == 1);
}
END_TEST

/* By hand: 1, 2, 4 has mean 7/3 and s = sqrt(7/3); G = (5/3)/s =
 * 1.09109, for the 4; never more than (n - 1)/sqrt(n) = 1.1547 (the bound
 * Grubbs' statistic cannot exceed; Shiffler 1988, Am. Stat. 42:79). */
START_TEST(grubbs_three_values)
{
	const double x[] = { 1, 2, 4 };
	double g;
	size_t k = 9;
	ck_assert_int_eq(gi_stats_grubbs(&g, &k, x, 3), GI_OK);
	ck_assert(fabs(g - (5.0 / 3) / sqrt(7.0 / 3)) < 1e-12);
	ck_assert_uint_eq(k, 2);
	ck_assert(g <= 2 / sqrt(3.0));
	/* the farthest below the mean too */
	const double y[] = { 4, 7, 8, 6, -3 };
	ck_assert_int_eq(gi_stats_grubbs(&g, &k, y, 5), GI_OK);
	ck_assert_uint_eq(k, 4);
	ck_assert_int_eq(gi_stats_grubbs(&g, NULL, y, 5), GI_OK);
}
END_TEST

/* Dixon's r10 at either end (Rorabacher 1991, Anal. Chem. 63:139, eq. 1):
 * low end (x2 - x1)/(xn - x1), high end (xn - xn-1)/(xn - x1); the larger
 * names the suspect. 0, 5.0, 5.1, 5.2: (5.0 - 0)/5.2 = 0.961538 for the
 * 0; 0.1, 0.2, 0.5: (0.5 - 0.2)/0.4 = 0.75 for the 0.5 (a range below 1). */
START_TEST(dixon_both_ends)
{
	const double lo[] = { 5.1, 0, 5.2, 5.0 };
	double q;
	size_t k = 9;
	ck_assert_int_eq(gi_stats_dixon(&q, &k, lo, 4), GI_OK);
	ck_assert(fabs(q - 5.0 / 5.2) < 1e-12);
	ck_assert_uint_eq(k, 1);
	const double hi[] = { 0.2, 0.5, 0.1 };
	ck_assert_int_eq(gi_stats_dixon(&q, &k, hi, 3), GI_OK);
	ck_assert(fabs(q - 0.3 / 0.4) < 1e-12);
	ck_assert_uint_eq(k, 1);
	ck_assert_int_eq(gi_stats_dixon(&q, NULL, hi, 3), GI_OK);
}
END_TEST

/* ISO 13528:2015 C.3.1: Algorithm A is iterated until x* and s* no longer
 * change; it converges geometrically, so it stops after a few dozen
 * rounds at most, well before its safety limit of 1000. */
START_TEST(algorithm_a_converges)
{
	const double x[] = { 5.31, 5.42, 5.35, 5.38, 5.29, 5.40, 5.36, 5.33, 5.44, 9.80 };
	gi_robust r;
	ck_assert_int_eq(gi_stats_algorithm_a(&r, x, 10), GI_OK);
	ck_assert_int_gt(r.iterations, 1);
	ck_assert_int_lt(r.iterations, 100);
	/* the same with the gross error below the others: x* is again the
	 * mean, and s* / 1.134 the sd, of the values clipped at x* -/+ 1.5 s* */
	const double lo[] = { 5.31, 5.42, 5.35, 5.38, 5.29, 5.40, 5.36, 5.33, 5.44, 0.90 };
	ck_assert_int_eq(gi_stats_algorithm_a(&r, lo, 10), GI_OK);
	double c[10], m = 0, ss = 0;
	for (int i = 0; i < 10; i++) {
		double d = 1.5 * r.sd;
		c[i] = lo[i] < r.mean - d ? r.mean - d : lo[i] > r.mean + d ? r.mean + d : lo[i];
		m += c[i] / 10;
	}
	for (int i = 0; i < 10; i++)
		ss += (c[i] - m) * (c[i] - m) / 9;
	ck_assert(fabs(m - r.mean) < 1e-5 * r.mean);
	ck_assert(fabs(1.134 * sqrt(ss) - r.sd) < 1e-4 * r.sd);
	ck_assert(fabs(r.mean - 5.36) < 0.03);   /* the 0.90 does not drag it */
	/* by hand, ISO 13528:2015 C.3.1 for 1, 2, 3: x* = median = 2, s* =
	 * 1.483 x median|x - 2| = 1.483; nothing lies beyond x* -/+ 1.5 s*,
	 * so round 1 gives x* = 2, s* = 1.134 x s = 1.134, and round 2 the
	 * same again: converged after 2 rounds */
	const double y[] = { 3, 1, 2 };
	ck_assert_int_eq(gi_stats_algorithm_a(&r, y, 3), GI_OK);
	ck_assert(fabs(r.mean - 2) < 1e-12);
	ck_assert(fabs(r.sd - 1.134) < 1e-12);
	ck_assert_int_eq(r.iterations, 2);
}
END_TEST

Suite *suite_stats(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("stats");
	tcase_add_test(tc, grubbs_critical_values);
	tcase_add_test(tc, dixon_critical_values);
	tcase_add_test(tc, outlier_statistics);
	tcase_add_test(tc, nist_strd_numacc);
	tcase_add_test(tc, t_interval);
	tcase_add_test(tc, cochran);
	tcase_add_test(tc, algorithm_a);
	tcase_add_test(tc, critical_values_with_status);
	tcase_add_test(tc, outliers_in_verification);
	tcase_add_test(tc, pt_classes);
	tcase_add_test(tc, pt_round);
	tcase_add_test(tc, pt_bad_input);
	tcase_add_test(tc, arguments_refused);
	tcase_add_test(tc, grubbs_three_values);
	tcase_add_test(tc, dixon_both_ends);
	tcase_add_test(tc, algorithm_a_converges);
	suite_add_tcase(s, tc);
	return s;
}
