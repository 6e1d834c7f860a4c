/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_numbers.c - the numbers behind a verdict: exact decimal means for
 * ASTM E29 rounding, statistics of the replicates actually used, one
 * named outlier test, uncertainty through a basis conversion, the
 * conformance probability and what it is shown as, rule overrides that
 * cannot apply, proficiency-testing scores, and how numbers are written. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include "helpers.h"
#include "internal.h"
#include "decide_internal.h"
#include "suites.h"

static t_run run;

#define ROW "L,S1,p,test,Tam Đường,1300,"

static gi_spec *spec_of(const char *criteria)
{
	gi_spec *s = t_spec_text(t_spec_xml(criteria));
	ck_assert_msg(s != NULL, "spec: %s", gi_error_last()->message);
	return s;
}

static void verify_rows(gi_spec *s, const char *rows)
{
	t_verify_csv(&run, s, rows);
	ck_assert_msg(run.rc == 0, "%s", run.error);
}

/* A JSON number at path key inside the first criterion of the first sample. */
static json_t *crit_json(void)
{
	json_error_t err;
	json_t *o = json_loads(run.s[0].json, 0, &err);
	ck_assert_msg(o != NULL, "%s", err.text);
	return o;
}

/* --rule residue on a minimum names the criterion and stops before any
 * sample (it printed "MRL (null)" for every sample); no override may drop
 * the other bound of a range. */
START_TEST(override_that_cannot_apply)
{
	gi_spec *s = spec_of("<criterion id=\"glu-min\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>");
	const char *text = "lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
	                   "L,S1,p,test,Tam Đường,1300,glu,g/100g,5.40\n";
	gi_report *r;
	ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "x.csv", NULL), 0);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.override_rule = 1;
	o.rule_kind = GI_RULE_RESIDUE;
	gi_summary sum = { 0 };
	ck_assert_int_eq(gi_verify(&sum, s, r, &o), GI_EUSAGE);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "glu-min"));
	ck_assert_uint_eq(sum.samples, 0);
	gi_report_free(r);
	gi_spec_free(s);

	/* the CLI: a usage error (exit 2) naming the criterion, nothing on stdout */
	char out[8192], err[4096];
	const char *csv = t_tmpfile("lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
	                            "L,S1,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,glutamic-acid,g/100g,5.40\n",
	                            ".csv");
	ck_assert_int_eq(t_gi(out, sizeof out, err, sizeof err, "verify", "--rule", "residue", "--spec",
	                      t_src("specs/lai-chau-tea.xml"), "--report", csv, NULL), 2);
	ck_assert_str_eq(out, "");
	ck_assert_msg(strstr(err, "glutamic-acid") && !strstr(err, "(null)"), "%s", err);
	unlink(csv);

	/* a range 4 <= x <= 6 keeps both bounds under every override:
	 * 3.0 ± 0.1 is below the minimum whatever the rule */
	s = spec_of("<criterion id=\"range\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"4\" le=\"6\"/></criterion>");
	static const gi_rule_kind kinds[] = { GI_RULE_SIMPLE, GI_RULE_GUARDED, GI_RULE_NON_BINARY, GI_RULE_PROBABILITY };
	const char *low = "lab,sample,product,spec,origin,altitude,analyte,unit,value,U,k\n"
	                  "L,S1,p,test,Tam Đường,1300,glu,g/100g,3.0,0.1,2\n";
	for (size_t i = 0; i < 4; i++) {
		ck_assert_int_eq(gi_report_open_memory(&r, low, strlen(low), "x.csv", NULL), 0);
		o.rule_kind = kinds[i];
		ck_assert_int_eq(gi_verify(&sum, s, r, &o), 0);
		ck_assert_msg(sum.fail == 1, "rule %s", gi_rule_name(kinds[i]));
		gi_report_free(r);
	}
	o.rule_kind = GI_RULE_RESIDUE;
	ck_assert_int_eq(gi_report_open_memory(&r, low, strlen(low), "x.csv", NULL), 0);
	ck_assert_int_eq(gi_verify(&sum, s, r, &o), GI_EUSAGE);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "range"));
	gi_report_free(r);
	gi_spec_free(s);
}
END_TEST

/* A replicate left out by the outlier policy is left out of everything:
 * the relative U is taken of the mean of the replicates used, and the
 * statistics describe those replicates. Five replicates 10.1, 10.2, 10.0,
 * 10.1, 12.0 with U = 10 %: Grubbs G = (12.0 - 10.48)/0.85264 = 1.783 >
 * 1.715 (ISO 5725-2:1994 table 5, n = 5, 5 %), so 12.0 is an outlier.
 * Used: 10.1, 10.2, 10.0, 10.1 -> mean 10.1, U = 10 % of 10.1 = 1.01 (not
 * 1.048 = 10 % of 10.48), s = sqrt(0.02/3) = 0.0816497, n = 4. */
START_TEST(excluded_outlier_left_out_of_u_and_statistics)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"10.3\"/>"
	                     "<decisionRule rule=\"simple\" outliers=\"exclude\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,10.1,10%,2,,\n" ROW "glu,g/100g,,10.2,10%,2,,\n" ROW "glu,g/100g,,10.0,10%,2,,\n"
	               ROW "glu,g/100g,,10.1,10%,2,,\n" ROW "glu,g/100g,,12.0,10%,2,,\n");
	ck_assert(fabs(run.s[0].value[0] - 10.1) < 1e-12);
	ck_assert_msg(fabs(run.s[0].U[0] - 1.01) < 1e-12, "U = %.17g", run.s[0].U[0]);
	json_t *o = crit_json();
	json_t *st = json_object_get(json_array_get(json_object_get(o, "criteria"), 0), "statistics");
	ck_assert_int_eq(json_integer_value(json_object_get(st, "n")), 4);
	ck_assert(fabs(json_real_value(json_object_get(st, "mean")) - 10.1) < 1e-12);
	ck_assert(fabs(json_real_value(json_object_get(st, "sd")) - sqrt(0.02 / 3)) < 1e-12);
	json_t *ex = json_object_get(st, "excluded");
	ck_assert_uint_eq(json_array_size(ex), 1);
	ck_assert(json_real_value(json_array_get(ex, 0)) == 12.0);
	json_decref(o);
	ck_assert_msg(strstr(run.s[0].why[0], "mean of 4 (outlier 12 left out by Grubbs' test at 5 %): "), "%s",
	              run.s[0].why[0]);
	gi_spec_free(s);
}
END_TEST

/* One named test flags outliers (Grubbs unless the spec says Dixon):
 * 9.0, 9.1, 10.0, 10.1, 13.0 has Grubbs G = 1.7009 < 1.715 (ISO 5725-2:1994
 * table 5, n = 5, 5 %) and Dixon r10 Q = 2.9/4.0 = 0.725 > 0.710
 * (Rorabacher 1991, Anal. Chem. 63:139, n = 5, 95 %). Flagging by either
 * test made the false alarm rate exceed 5 %. */
START_TEST(one_outlier_test)
{
	const char *rows = ROW "glu,g/100g,,9.0,,,,\n" ROW "glu,g/100g,,9.1,,,,\n" ROW "glu,g/100g,,10.0,,,,\n"
	                   ROW "glu,g/100g,,10.1,,,,\n" ROW "glu,g/100g,,13.0,,,,\n";
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"20\"/></criterion>");
	ck_assert_int_eq(gi_spec_find_product(s, "p")->criteria[0].rule.outlier_test, GI_OUTLIER_TEST_GRUBBS);
	verify_rows(s, rows);
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"outlier\":null"));
	ck_assert_ptr_null(strstr(run.s[0].why[0], "outlier"));
	gi_spec_free(s);
	s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"20\"/>"
	            "<decisionRule rule=\"simple\" outlierTest=\"dixon\" outliers=\"exclude\"/></criterion>");
	verify_rows(s, rows);
	ck_assert_msg(strstr(run.s[0].why[0], "13 left out by Dixon's r10 test at 5 %"), "%s", run.s[0].why[0]);
	ck_assert(fabs(run.s[0].value[0] - 9.55) < 1e-12);
	gi_spec_free(s);
	/* anything else is refused by the schema */
	ck_assert_ptr_null(t_spec_text(t_spec_xml("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"20\"/>"
	                                          "<decisionRule rule=\"simple\" outlierTest=\"both\"/></criterion>")));
}
END_TEST

/* A dry-matter conversion carries the moisture's uncertainty into U (GUM,
 * JCGM 100:2008 5.1.2, y and w uncorrelated). Worked by hand: fat 30.0
 * g/100g as-is with U = 1.0 (k = 2, u(y) = 0.5), moisture 32.0 % with
 * U = 0.4 % (k = 2, u(w) = 0.002):
 *   y_dm = 30.0/0.68 = 44.1176470588
 *   u1 = 0.5/0.68 = 0.735294118, u2 = 30.0 x 0.002/0.68^2 = 0.129757785
 *   U = 2 sqrt(u1^2 + u2^2) = 2 x 0.746655558 = 1.493311116
 * (0.5/0.68 x 2 = 1.470588 before). The reverse, 44.0 % on dry matter with
 * U = 1.0 at 32.0 ± 0.4 % moisture: y = 44.0 x 0.68 = 29.92,
 *   u1 = 0.5 x 0.68 = 0.34, u2 = 44.0 x 0.002 = 0.088,
 *   U = 2 sqrt(0.34^2 + 0.088^2) = 0.702407289. */
START_TEST(dry_matter_uncertainty)
{
	gi_spec *s = spec_of("<criterion id=\"f\" analyte=\"fat\" unit=\"g/100g\" basis=\"dry-matter\"><limit ge=\"32\"/></criterion>");
	verify_rows(s, ROW "fat,g/100g,as-is,30.0,1.0,2,,\n" ROW "moisture,%,,32.0,0.4,2,,\n");
	ck_assert(fabs(run.s[0].value[0] - 44.1176470588) < 1e-9);
	ck_assert_msg(fabs(run.s[0].U[0] - 1.493311116) < 1e-9, "U = %.10g", run.s[0].U[0]);
	gi_spec_free(s);
	s = spec_of("<criterion id=\"f\" analyte=\"fat\" unit=\"g/100g\"><limit ge=\"29\"/></criterion>");
	verify_rows(s, ROW "fat,g/100g,dry-matter,44.0,1.0,2,,\n" ROW "moisture,%,,32.0,0.4,2,,\n");
	ck_assert(fabs(run.s[0].value[0] - 29.92) < 1e-12);
	ck_assert_msg(fabs(run.s[0].U[0] - 0.702407289) < 1e-9, "U = %.10g", run.s[0].U[0]);
	/* moisture without an uncertainty: U only scales */
	verify_rows(s, ROW "fat,g/100g,dry-matter,44.0,1.0,2,,\n" ROW "moisture,%,,32.0,,,,\n");
	ck_assert(fabs(run.s[0].U[0] - 0.68) < 1e-12);
	gi_spec_free(s);
}
END_TEST

static double probability_of(void)
{
	json_t *o = crit_json();
	json_t *p = json_object_get(json_array_get(json_object_get(o, "criteria"), 0), "probability");
	double v = json_is_null(p) ? NAN : json_real_value(p);
	json_decref(o);
	return v;
}

/* pc is the probability that the measurand conforms: with ASTM E29
 * rounding, 0.54 ± 0.10 (k = 2) against <= 0.5 is compared as 0.5, but
 * pc = Phi((0.5 - 0.54)/0.05) = Phi(-0.8) = 0.21186 (standard normal
 * table, Phi(0.8) = 0.78814), not Phi(0) = 0.5. Under the residue rule
 * (SANTE/11312/2021: non-compliant when y - U > MRL) pc is no part of the
 * decision and is not given. */
START_TEST(probability_on_the_measured_value)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"0.5\"/>"
	                     "<decisionRule rule=\"simple\" rounding=\"rounding\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,0.54,0.10,2,,\n");
	ck_assert(run.s[0].value[0] == 0.5);
	ck_assert_msg(fabs(probability_of() - 0.21186) < 5e-6, "pc = %.6f", probability_of());
	gi_spec_free(s);

	s = spec_of("<criterion id=\"c\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.05\"/>"
	            "<decisionRule rule=\"residue\"/></criterion>");
	verify_rows(s, ROW "residue,mg/kg,,0.08,,,,\n");
	ck_assert(isnan(probability_of()));
	ck_assert_ptr_null(strstr(run.s[0].why[0], "probability"));
	gi_spec_free(s);

	/* the HTML report says so instead of showing a number */
	const char *spec = t_tmpfile(t_spec_xml("<criterion id=\"c\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.05\"/>"
	                                        "<decisionRule rule=\"residue\"/></criterion>"), ".xml");
	char csv_text[512];
	snprintf(csv_text, sizeof csv_text, "%s" ROW "residue,mg/kg,,0.08,0.02,2,,,\n", t_csv_header);
	const char *csv = t_tmpfile(csv_text, ".csv");
	char html[64];
	snprintf(html, sizeof html, "%s.html", csv);
	char out[8192], err[2048];
	ck_assert_int_eq(t_gi(out, sizeof out, err, sizeof err, "verify", "--html", html, "--spec", spec,
	                      "--report", csv, NULL), 1);   /* 0.08 - 0.02 > 0.05 */
	FILE *f = fopen(html, "r");
	ck_assert_ptr_nonnull(f);
	static char page[65536];
	page[fread(page, 1, sizeof page - 1, f)] = '\0';
	fclose(f);
	ck_assert_ptr_nonnull(strstr(page, "not used by the residue rule"));
	unlink(html);
	unlink(csv);
	unlink(spec);
}
END_TEST

/* ASTM E29 rounding (E29-13 6.4: a dropped 5 followed only by zeros
 * rounds the last kept digit to even) applies to the mean as a decimal
 * number: replicates 5.52 and 5.47 average to exactly 5.495, which rounds
 * to 5.50 and meets >= 5.50; the binary mean 5.4949999999999997 would
 * round to 5.49 and fail. */
START_TEST(e29_on_the_exact_decimal_mean)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.50\"/>"
	                     "<decisionRule rule=\"simple\" rounding=\"rounding\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,5.52,,,,\n" ROW "glu,g/100g,,5.47,,,,\n");
	ck_assert_msg(run.s[0].value[0] == 5.50, "%.17g", run.s[0].value[0]);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_msg(strstr(run.s[0].json, "\"unrounded\":5.495"), "%s", run.s[0].json);
	/* the same in mg/100g: a power-of-ten conversion keeps the mean exact */
	verify_rows(s, ROW "glu,mg/100g,,5520,,,,\n" ROW "glu,mg/100g,,5470,,,,\n");
	ck_assert_msg(run.s[0].value[0] == 5.50, "%.17g", run.s[0].value[0]);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	gi_spec_free(s);

	static const struct { double v[3]; size_t n; int shift, d; double r; } t[] = {
		{ { 5.52, 5.47 }, 2, 0, 2, 5.50 },     /* tie, 9 is odd: up */
		{ { 5.53, 5.48 }, 2, 0, 2, 5.50 },     /* 5.505, tie, 0 is even: down */
		{ { -5.52, -5.47 }, 2, 0, 2, -5.50 },
		{ { 1.00, 1.01, 1.01 }, 3, 0, 2, 1.01 },   /* 1.00666... */
		{ { 1.00, 1.00, 1.01 }, 3, 0, 2, 1.00 },   /* 1.00333... */
		{ { 2.5, 3.5 }, 2, 0, 0, 3 },
		{ { 0.125, 0.135 }, 2, 0, 2, 0.13 },
		{ { 5495, 5495 }, 2, -3, 2, 5.50 },       /* 5.495 after the shift */
		{ { 1234.5, 1234.5 }, 2, 0, 0, 1234 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		double r;
		ck_assert_int_eq(gi__round_mean_e29(&r, t[i].v, t[i].n, t[i].shift, t[i].d), 0);
		ck_assert_msg(r == t[i].r, "case %zu: %.17g", i, r);
	}
}
END_TEST

/* gi pt: z = (0.9 - 0.3)/0.3 is 2.0000000000000004 in binary, printed as
 * 2.00 and on the bound of ISO 13528:2015 9.4.1 (|z| <= 2 satisfactory),
 * classified with the same nine-digit tolerance verdicts use. */
START_TEST(pt_score_on_the_bound)
{
	ck_assert(fabs((0.9 - 0.3) / 0.3) > 2.0);   /* the binary quotient */
	ck_assert_int_eq(gi_pt_classify((0.9 - 0.3) / 0.3), GI_PT_SATISFACTORY);
	ck_assert_int_eq(gi_pt_classify(-2.0000000000000004), GI_PT_SATISFACTORY);
	ck_assert_int_eq(gi_pt_classify(2.9999999999999996), GI_PT_UNSATISFACTORY);
	const char *csv = t_tmpfile("lab,value\nA,0.9\nB,0.3\nC,0.5\n", ".csv");
	char out[4096], err[1024];
	ck_assert_int_eq(t_gi(out, sizeof out, err, sizeof err, "pt", "--assigned", "0.3", "--sigma", "0.3", csv, NULL), 0);
	ck_assert_msg(strstr(out, "2.00  satisfactory"), "%s", out);
	/* JSON keeps the score exactly, in the shortest form that reads back */
	ck_assert_int_eq(t_gi(out, sizeof out, err, sizeof err, "pt", "--json", "--assigned", "0.3", "--sigma", "0.3",
	                      csv, NULL), 0);
	ck_assert_msg(strstr(out, "\"z\": 2.0000000000000004,") && strstr(out, "\"z_prime\": null"), "%s", out);
	unlink(csv);
}
END_TEST

/* ISO 13528:2022 7.7.3: for Algorithm A's x* over p labs, u(x_pt) =
 * 1.25 s* / sqrt(p); 9.2.1: u(x_pt) is negligible when <= 0.3 sigma_pt,
 * else 9.5: z' = (x - x_pt)/sqrt(sigma_pt^2 + u^2(x_pt)). The example round
 * has p = 8: u = 1.25 s* / sqrt(8) = 0.442 s* > 0.3 s*, so labs are classified
 * by z'; and 8 labs is a small round for robust statistics (5.4). */
START_TEST(pt_uncertainty_of_the_assigned_value)
{
	gi_pt *pt;
	ck_assert_int_eq(gi_pt_load_file(&pt, t_src("examples/pt-glutamic-acid.csv"), NULL), 0);
	const gi_robust *r = gi_pt_robust(pt);
	double u = 1.25 * r->sd / sqrt(8.0);
	ck_assert(fabs(gi_pt_u_assigned(pt) - u) < 1e-15);
	ck_assert(gi_pt_uses_z_prime(pt));
	const gi_pt_lab *l6 = gi_pt_get_lab(pt, 5);
	ck_assert(l6->has_z_prime);
	ck_assert(fabs(l6->z_prime - (6.06 - r->mean) / sqrt(r->sd * r->sd + u * u)) < 1e-12);
	ck_assert_ptr_nonnull(gi_pt_warning(pt));
	ck_assert_ptr_nonnull(strstr(gi_pt_warning(pt), "ISO 13528:2022 5.4"));
	gi_pt_free(pt);

	/* a stated u(x_pt) of 0.15 against sigma_pt 0.5 is negligible (0.15 <=
	 * 0.3 x 0.5): classified by z; 2.4 is questionable by z, while z' =
	 * 1.2/sqrt(0.25 + 0.0225) = 2.299 would be too */
	const char *labs[] = { "A", "B", "C" };
	const double v[] = { 12.2, 11, 10.9 };
	gi_pt_options o = GI_PT_OPTIONS_INIT;
	o.has_assigned = o.has_sigma = o.has_u_assigned = 1;
	o.assigned = 11;
	o.sigma = 0.5;
	o.u_assigned = 0.15;
	ck_assert_int_eq(gi_pt_evaluate(&pt, labs, v, 3, &o), 0);
	ck_assert(!gi_pt_uses_z_prime(pt));
	ck_assert_ptr_null(gi_pt_warning(pt));   /* nothing robust was used */
	ck_assert_int_eq(gi_pt_get_lab(pt, 0)->grade, GI_PT_QUESTIONABLE);
	gi_pt_free(pt);
	/* u(x_pt) = 0.4 > 0.15: z' = 1.1/sqrt(0.25 + 0.16) = 1.718 satisfactory,
	 * where z = 2.2 would be questionable */
	const double w[] = { 12.1, 11, 10.9 };
	o.u_assigned = 0.4;
	ck_assert_int_eq(gi_pt_evaluate(&pt, labs, w, 3, &o), 0);
	ck_assert(gi_pt_uses_z_prime(pt));
	ck_assert(fabs(gi_pt_get_lab(pt, 0)->z_prime - 1.1 / sqrt(0.41)) < 1e-12);
	ck_assert_int_eq(gi_pt_get_lab(pt, 0)->grade, GI_PT_SATISFACTORY);
	gi_pt_free(pt);

	/* the CLI shows u(x_pt), the z' column and the caution */
	char out[8192], err[1024];
	t_gi(out, sizeof out, err, sizeof err, "pt", t_src("examples/pt-glutamic-acid.csv"), NULL);
	ck_assert_msg(strstr(out, "u(x_pt) = ") && strstr(out, "Z'") && strstr(out, "Caution"), "%s", out);
	t_gi(out, sizeof out, err, sizeof err, "pt", "--json", t_src("examples/pt-glutamic-acid.csv"), NULL);
	ck_assert_msg(strstr(out, "\"score\": \"z_prime\"") && strstr(out, "\"z_prime\": 5.12"), "%s", out);
}
END_TEST

/* Values shown to people: U to two significant digits and the value to the
 * same decimal place (JCGM 100:2008 7.2.6; its 7.2.4 example writes
 * m_s = (100.021 47 ± 0.000 79) g). The machine-readable JSON keeps the
 * full value. */
START_TEST(display_gum_7_2_6)
{
	char buf[64];
	ck_assert_int_eq(gi_format_measurement(buf, sizeof buf, 6.33047, 0.189914, NULL), 0);
	ck_assert_str_eq(buf, "6.33 ± 0.19");
	ck_assert_int_eq(gi_format_measurement(buf, sizeof buf, 100.02147, 0.00079, NULL), 0);
	ck_assert_str_eq(buf, "100.02147 ± 0.00079");
	ck_assert_int_eq(gi_format_measurement(buf, sizeof buf, 12.345, 0.0996, NULL), 0);
	ck_assert_str_eq(buf, "12.34 ± 0.10");    /* 0.0996 is 0.10 to two digits; 12.345 ties to even */
	ck_assert_int_eq(gi_format_measurement(buf, sizeof buf, 1234.5, 56, NULL), 0);
	ck_assert_str_eq(buf, "1234 ± 56");
	ck_assert_int_eq(gi_format_measurement(buf, sizeof buf, 5.21, 0, NULL), 0);
	ck_assert_str_eq(buf, "5.21");
	ck_assert_int_eq(gi_format_measurement(buf, 4, 6.33047, 0.189914, NULL), GI_EUSAGE);
	/* never rounded onto a bound the value is not on: 5.3399 fails >= 5.34 */
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>");
	const gi_limit *l = &gi_spec_find_product(s, "p")->criteria[0].limit;
	ck_assert_int_eq(gi_format_measurement(buf, sizeof buf, 5.3399, 0.2, l), 0);
	ck_assert_str_eq(buf, "5.3399 ± 0.20");
	gi_spec_free(s);

	/* in the reason, the CLI table, the HTML report and its SVG picture */
	s = spec_of("<criterion id=\"c\" analyte=\"fat\" unit=\"%\"><limit le=\"7\"/></criterion>");
	verify_rows(s, ROW "fat,%,,6.33047,0.189914,2,,\n");
	/* simple acceptance does not use U: the value alone, to U's place */
	ck_assert_msg(strstr(run.s[0].why[0], "6.33 % meets"), "%s", run.s[0].why[0]);
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"value\":6.33047"));
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"expanded\":0.189914"));
	gi_spec_free(s);
	s = spec_of("<criterion id=\"c\" analyte=\"fat\" unit=\"%\"><limit le=\"7\"/>"
	            "<decisionRule rule=\"guarded\"/></criterion>");
	verify_rows(s, ROW "fat,%,,6.33047,0.189914,2,,\n");
	ck_assert_msg(strstr(run.s[0].why[0], "6.33 ± 0.19 % (k=2)") && strstr(run.s[0].why[0], "guard band 0.19"),
	              "%s", run.s[0].why[0]);
	ck_assert_ptr_null(strstr(run.s[0].why[0], "0.189914"));
	gi_spec_free(s);
	const char *spec = t_tmpfile(t_spec_xml("<criterion id=\"c\" analyte=\"fat\" unit=\"%\"><limit le=\"7\"/></criterion>"), ".xml");
	char csv_text[512];
	snprintf(csv_text, sizeof csv_text, "%s" ROW "fat,%%,,6.33047,0.189914,2,,,\n", t_csv_header);
	const char *csv = t_tmpfile(csv_text, ".csv");
	char html[64];
	snprintf(html, sizeof html, "%s.html", csv);
	static char out[16384], err[2048], page[65536];
	ck_assert_int_eq(t_gi(out, sizeof out, err, sizeof err, "verify", "--html", html, "--spec", spec,
	                      "--report", csv, NULL), 0);
	ck_assert_msg(strstr(out, "6.33 ± 0.19 %") && !strstr(out, "0.189914"), "%s", out);
	FILE *f = fopen(html, "r");
	ck_assert_ptr_nonnull(f);
	page[fread(page, 1, sizeof page - 1, f)] = '\0';
	fclose(f);
	ck_assert_ptr_null(strstr(page, "0.189914"));
	ck_assert_ptr_null(strstr(page, "6.33047"));
	ck_assert_ptr_nonnull(strstr(page, "<text x=\"20\" y=\"12\">6.33 ± 0.19 %"));
	unlink(html);
	unlink(csv);
	unlink(spec);
}
END_TEST

/* JSON numbers are exact and shortest: each real reads back as the same
 * double, in the fewest digits that do so. Replicates 5.52 and 5.47: the
 * standard uncertainty of the mean is s/sqrt(2) = 0.05/2 = 0.025 (written
 * 0.025, not 0.024999999999999...), and a value converted to dry matter
 * (30.0/0.68 = 44.117647058823529...) needs 17 digits to read back. */
START_TEST(json_numbers_shortest_and_exact)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,5.52,,,,\n" ROW "glu,g/100g,,5.47,,,,\n");
	ck_assert_msg(strstr(run.s[0].json, "\"u_mean\":0.025,"), "%s", run.s[0].json);
	ck_assert_msg(strstr(run.s[0].json, "\"value\":5.495,"), "%s", run.s[0].json);
	gi_spec_free(s);
	s = spec_of("<criterion id=\"f\" analyte=\"fat\" unit=\"g/100g\" basis=\"dry-matter\"><limit ge=\"32\"/></criterion>");
	verify_rows(s, ROW "fat,g/100g,as-is,30.0,1.0,2,,\n" ROW "moisture,%,,32.0,0.4,2,,\n");
	json_t *o = crit_json();
	json_t *c = json_array_get(json_object_get(o, "criteria"), 0);
	ck_assert(json_real_value(json_object_get(c, "value")) == run.s[0].value[0]);
	ck_assert(json_real_value(json_object_get(json_object_get(c, "uncertainty"), "expanded")) == run.s[0].U[0]);
	json_decref(o);
	/* integral reals stay reals */
	ck_assert_ptr_nonnull(strstr(run.s[0].json, "\"k\":2.0"));
	gi_spec_free(s);
}
END_TEST

/* The reason says how a result was converted to the criterion's basis:
 * with the moisture, and with the moisture's standard uncertainty when the
 * lab states one (32.0 % with U = 0.4 %, k = 2: u = 0.2 %, JCGM 100:2008
 * 2.3.5 u = U / k); without one, no u is claimed. */
START_TEST(dry_matter_note)
{
	gi_spec *s = spec_of("<criterion id=\"f\" analyte=\"fat\" unit=\"g/100g\" basis=\"dry-matter\"><limit ge=\"32\"/></criterion>");
	verify_rows(s, ROW "fat,g/100g,as-is,30.0,1.0,2,,\n" ROW "moisture,%,,32.0,0.4,2,,\n");
	ck_assert_msg(strstr(run.s[0].why[0], "converted from as-is to dry-matter basis with moisture 32 % "
	                                      "(u = 0.2 %, propagated into U)"), "%s", run.s[0].why[0]);
	verify_rows(s, ROW "fat,g/100g,as-is,30.0,1.0,2,,\n" ROW "moisture,%,,32.0,,,,\n");
	ck_assert_msg(strstr(run.s[0].why[0], "converted from as-is to dry-matter basis with moisture 32 %"), "%s",
	              run.s[0].why[0]);
	ck_assert_msg(!strstr(run.s[0].why[0], "u = "), "%s", run.s[0].why[0]);
	gi_spec_free(s);
}
END_TEST

/* The verdict names of specs/json-format.md, one per verdict. */
START_TEST(verdict_names)
{
	static const struct { gi_verdict v; const char *name; } t[] = {
		{ GI_VERDICT_PASS, "pass" }, { GI_VERDICT_FAIL, "fail" }, { GI_VERDICT_NOT_TESTED, "not-tested" },
		{ GI_VERDICT_INCONCLUSIVE, "inconclusive" }, { GI_VERDICT_INCOMPLETE, "incomplete" },
		{ GI_VERDICT_NOT_APPLICABLE, "not-applicable" }, { GI_VERDICT_CONDITIONAL_PASS, "conditional-pass" },
		{ GI_VERDICT_CONDITIONAL_FAIL, "conditional-fail" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		ck_assert_str_eq(gi_verdict_name(t[i].v), t[i].name);
	ck_assert_str_eq(gi_verdict_name((gi_verdict)99), "unknown");
}
END_TEST

/* A ratio criterion (specs/spec-format.md: the ratio a/b in the
 * criterion's unit): free amino acids 2.0 g/100g over protein 10.0
 * g/100g is 20 %. With U = 0.2 and 0.5 (k = 2) the relative standard
 * uncertainties add in quadrature (JCGM 100:2008 5.1.6, uncorrelated):
 * u_r/r = sqrt((0.1/2.0)^2 + (0.25/10.0)^2) = 0.0559017, so U = 2 x 20 x
 * 0.0559017 = 2.236068 %. Without both uncertainties none is claimed; a
 * zero denominator leaves the ratio undefined. */
START_TEST(ratio_value_and_uncertainty)
{
	gi_spec *s = spec_of("<criterion id=\"a\" unit=\"%\"><ratio numerator=\"faa\" denominator=\"protein\"/>"
	                     "<limit gt=\"15\"/></criterion>");
	verify_rows(s, ROW "faa,g/100g,,2.0,0.2,2,,\n" ROW "protein,g/100g,,10.0,0.5,2,,\n");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_msg(fabs(run.s[0].value[0] - 20) < 1e-12, "%.17g", run.s[0].value[0]);
	ck_assert_msg(fabs(run.s[0].U[0] - 2.236068) < 1e-6, "U = %.10g", run.s[0].U[0]);
	ck_assert_msg(strstr(run.s[0].why[0], "faa/protein = "), "%s", run.s[0].why[0]);
	/* a numerator of exactly 1: 1.0/10.0 = 10 %, U = 2 x 10 x sqrt(0.05^2 +
	 * 0.025^2) = 1.118034 */
	verify_rows(s, ROW "faa,g/100g,,1.0,0.1,2,,\n" ROW "protein,g/100g,,10.0,0.5,2,,\n");
	ck_assert_msg(fabs(run.s[0].U[0] - 1.118034) < 1e-6, "U = %.10g", run.s[0].U[0]);
	verify_rows(s, ROW "faa,mg/100g,,2000,,,,\n" ROW "protein,g/100g,,10.0,0.5,2,,\n");
	ck_assert_msg(fabs(run.s[0].value[0] - 20) < 1e-12, "%.17g", run.s[0].value[0]);
	ck_assert_msg(strstr(run.s[0].json, "\"uncertainty\":null"), "%s", run.s[0].json);
	/* across bases: faa 2.0 g/100g on dry matter, protein 10.0 as is,
	 * moisture 20 %: the numerator on the denominator's basis is 2.0 x
	 * (1 - 0.20) = 1.6 g/100g, the ratio 16 %. A factor without
	 * uncertainty scales the numerator and its u alike, so the relative
	 * u is unchanged (JCGM 100:2008 5.1.6): U = 2 x 16 x sqrt(0.05^2 +
	 * 0.025^2) = 1.788854 % */
	verify_rows(s, ROW "faa,g/100g,dry-matter,2.0,0.2,2,,\n" ROW "protein,g/100g,,10.0,0.5,2,,\n"
	               ROW "moisture,%,,20,,,,\n");
	ck_assert_msg(fabs(run.s[0].value[0] - 16) < 1e-12, "%.17g", run.s[0].value[0]);
	ck_assert_msg(fabs(run.s[0].U[0] - 1.788854) < 1e-6, "U = %.10g", run.s[0].U[0]);
	/* a ratio across bases needs a usable moisture */
	t_verify_csv(&run, s, ROW "faa,g/100g,dry-matter,2.0,0.2,2,,\n" ROW "protein,g/100g,,10.0,0.5,2,,\n"
	                      ROW "moisture,%,,120,,,,\n");
	ck_assert_int_eq(run.rc, GI_EINVALID);
	ck_assert_msg(strstr(run.error, "moisture 120 % is not between 0 and 100"), "%s", run.error);
	verify_rows(s, ROW "faa,g/100g,,2.0,0.2,2,,\n" ROW "protein,g/100g,,0,0.5,2,,\n");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_INCONCLUSIVE);
	ck_assert_msg(strstr(run.s[0].why[0], "protein is zero: the ratio is undefined"), "%s", run.s[0].why[0]);
	gi_spec_free(s);
	/* in a unit of 10^0 (dimensionless) the ratio is not scaled */
	s = spec_of("<criterion id=\"a\" unit=\"1\"><ratio numerator=\"faa\" denominator=\"protein\"/>"
	            "<limit gt=\"0.15\"/></criterion>");
	verify_rows(s, ROW "faa,g/100g,,2.0,0.2,2,,\n" ROW "protein,g/100g,,10.0,0.5,2,,\n");
	ck_assert_msg(fabs(run.s[0].value[0] - 0.2) < 1e-15, "%.17g", run.s[0].value[0]);
	gi_spec_free(s);
}
END_TEST

/* t(0.975, 1) = tan(0.475 pi): Student's t with one degree of freedom is
 * the Cauchy distribution (12.7062 in every t table). */
static const double T_975_1 = 12.706204736174696;

/* The first criterion's replicate statistics are mean, s, u(mean) and the
 * 95 % interval mean -/+ t(0.975, 1) u(mean), to a relative 1e-12. */
static void assert_pair_statistics(double mean, double sd, double u)
{
	json_t *o = crit_json();
	json_t *st = json_object_get(json_array_get(json_object_get(o, "criteria"), 0), "statistics");
	ck_assert_msg(st != NULL, "%s", run.s[0].json);
	const double want[] = { mean, sd, u, mean - T_975_1 * u, mean + T_975_1 * u };
	const double got[] = { json_real_value(json_object_get(st, "mean")), json_real_value(json_object_get(st, "sd")),
	                       json_real_value(json_object_get(st, "u_mean")),
	                       json_real_value(json_array_get(json_object_get(st, "ci95"), 0)),
	                       json_real_value(json_array_get(json_object_get(st, "ci95"), 1)) };
	for (size_t i = 0; i < 5; i++)
		ck_assert_msg(fabs(got[i] - want[i]) <= 1e-12 * fabs(want[i]), "statistic %zu: %.17g, want %.17g\n%s", i,
		              got[i], want[i], run.s[0].json);
	json_decref(o);
}

/* Replicates that are whole hundreds (1200 and 1300 mg/kg) have the
 * statistics of any other pair: mean 1250, s = sqrt(5000) = 70.7107,
 * u(mean) = s/sqrt(2) = 50, and the 95 % interval 1250 -/+ t(0.975, 1) x 50. */
START_TEST(replicate_statistics_of_round_numbers)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"mg/kg\"><limit le=\"2000\"/></criterion>");
	verify_rows(s, ROW "glu,mg/kg,,1200,,,,\n" ROW "glu,mg/kg,,1300,,,,\n");
	assert_pair_statistics(1250, sqrt(5000.0), 50);
	gi_spec_free(s);
}
END_TEST

/* The statistics beside a result are in the criterion's unit: replicates
 * of 55200 and 54700 mg/kg against a limit in g/100g (1 g/100g =
 * 10000 mg/kg, SI Brochure) are 5.52 and 5.47 g/100g: mean 5.495,
 * s = 0.05/sqrt(2), u(mean) = 0.025, and the 95 % interval 5.495 -/+
 * t(0.975, 1) x 0.025. */
START_TEST(replicate_statistics_in_the_criterion_unit)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>");
	verify_rows(s, ROW "glu,mg/kg,,55200,,,,\n" ROW "glu,mg/kg,,54700,,,,\n");
	assert_pair_statistics(5.495, 0.05 / sqrt(2.0), 0.025);
	gi_spec_free(s);
}
END_TEST

/* Replicates written with more digits than a double holds as an exact
 * decimal integer (16 significant digits: 5.123456789012345 and 5.1) are
 * described from their binary values: mean (a + b)/2, s = |a - b|/sqrt(2),
 * u(mean) = s/sqrt(2), and the same 95 % t interval. */
START_TEST(replicate_statistics_of_long_numbers)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,5.123456789012345,,,,\n" ROW "glu,g/100g,,5.1,,,,\n");
	const double a = 5.123456789012345, b = 5.1;
	assert_pair_statistics((a + b) / 2, fabs(a - b) / sqrt(2.0), fabs(a - b) / 2);
	gi_spec_free(s);
}
END_TEST

/* A censored result ("< 0.01") is decided as censored, but its result
 * still names the criterion's own rule and its parameters, as every other
 * result does (specs/json-format.md: criteria[].rule). */
START_TEST(censored_result_names_its_rule)
{
	gi_spec *s = spec_of("<criterion id=\"r\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.05\"/>"
	                     "<decisionRule rule=\"guarded\" guard=\"1.5\"/></criterion>");
	verify_rows(s, ROW "residue,mg/kg,,<0.01,,,,\n");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	json_t *o = crit_json();
	json_t *rule = json_object_get(json_array_get(json_object_get(o, "criteria"), 0), "rule");
	ck_assert_msg(rule != NULL, "%s", run.s[0].json);
	ck_assert_str_eq(json_string_value(json_object_get(rule, "name")), "guarded");
	ck_assert(json_real_value(json_object_get(rule, "guard")) == 1.5);
	json_decref(o);
	gi_spec_free(s);
}
END_TEST

/* Allowed values given as numbers are compared as numbers (4.0 is 4),
 * and a value that is none of them fails. */
START_TEST(allowed_numbers)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"colour\" unit=\"1\"><limit><allowed>3</allowed>"
	                     "<allowed>4</allowed></limit></criterion>");
	verify_rows(s, ROW "colour,1,,4.0,,,,\n");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	verify_rows(s, ROW "colour,1,,5,,,,\n");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	gi_spec_free(s);
}
END_TEST

/* Dixon's test rejects a value when Q exceeds the critical value
 * (Rorabacher 1991, Anal. Chem. 63:139, r10 at 95 %, n = 3: 0.970); 0, 3
 * and 100 give Q = 97/100 = 0.970 exactly, which is kept. */
START_TEST(dixon_on_its_critical_value)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"mg/kg\"><limit le=\"2000\"/>"
	                     "<decisionRule rule=\"simple\" outlierTest=\"dixon\" outliers=\"exclude\"/></criterion>");
	verify_rows(s, ROW "glu,mg/kg,,0,,,,\n" ROW "glu,mg/kg,,3,,,,\n" ROW "glu,mg/kg,,100,,,,\n");
	ck_assert_msg(strstr(run.s[0].json, "\"outlier\":null"), "%s", run.s[0].json);
	ck_assert_msg(fabs(run.s[0].value[0] - 103.0 / 3) < 1e-12, "%.17g", run.s[0].value[0]);
	gi_spec_free(s);
}
END_TEST

/* Statistics of replicates converted to dry matter are in the
 * criterion's basis: fat 30.0 and 31.0 g/100g as-is at 32 % moisture have
 * the mean 30.5/0.68 = 44.852941 and s = 0.707107/0.68 = 1.039863 on dry
 * matter. */
START_TEST(replicate_statistics_on_dry_matter)
{
	gi_spec *s = spec_of("<criterion id=\"f\" analyte=\"fat\" unit=\"g/100g\" basis=\"dry-matter\"><limit ge=\"32\"/></criterion>");
	verify_rows(s, ROW "fat,g/100g,as-is,30.0,,,,\n" ROW "fat,g/100g,as-is,31.0,,,,\n" ROW "moisture,%,,32.0,,,,\n");
	json_t *o = crit_json();
	json_t *st = json_object_get(json_array_get(json_object_get(o, "criteria"), 0), "statistics");
	ck_assert_msg(st != NULL, "%s", run.s[0].json);
	ck_assert(fabs(json_real_value(json_object_get(st, "mean")) - 30.5 / 0.68) < 1e-9);
	ck_assert(fabs(json_real_value(json_object_get(st, "sd")) - sqrt(0.5) / 0.68) < 1e-9);
	json_decref(o);
	gi_spec_free(s);
}
END_TEST

/* specs/report-format.md: analysis may not come before sampling; on the
 * same day is fine. */
START_TEST(analysed_on_the_sampling_day)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>");
	t_verify(&run, s, "lab,sample,product,spec,origin,altitude,sampled,analysed,analyte,unit,value\n"
	                  "L,S1,p,test,Tam Đường,1300,2026-04-10,2026-04-10,glu,g/100g,5.40\n");
	ck_assert_msg(run.rc == 0, "%s", run.error);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	gi_spec_free(s);
}
END_TEST

static int residue_override(const gi_spec *s)
{
	const char *text = "lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
	                   "L,S1,p,test,Tam Đường,1300,residue,mg/kg,0.01\n";
	gi_report *r;
	ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "x.csv", NULL), 0);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.override_rule = 1;
	o.rule_kind = GI_RULE_RESIDUE;
	gi_summary sum = { 0 };
	int rc = gi_verify(&sum, s, r, &o);
	gi_report_free(r);
	return rc;
}

/* The residue rule (SANTE/11312/2021) decides a maximum only: overriding
 * every criterion with it is refused when any product - not just the
 * first - has a minimum; qualitative criteria (allowed values) are left
 * to their own rule. */
START_TEST(residue_override_every_product)
{
	gi_spec *s = spec_of("<criterion id=\"r\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.05\"/></criterion>"
	                     "<criterion id=\"col\" analyte=\"colour\" mandatory=\"false\"><limit><allowed>green</allowed></limit></criterion>");
	ck_assert_int_eq(residue_override(s), GI_OK);
	gi_spec_free(s);
	s = spec_of("<criterion id=\"r\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.05\"/></criterion></product>"
	            "<product id=\"q\" area=\"hills\"><name lang=\"en\">Q</name>"
	            "<criterion id=\"m\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion>");
	ck_assert_int_eq(residue_override(s), GI_EUSAGE);
	ck_assert_msg(strstr(gi_error_last()->message, "criterion 'm' of product 'q'"), "%s", gi_error_last()->message);
	ck_assert_ptr_null(gi_error_last()->file);
	ck_assert_int_eq(gi_error_last()->line, 0);
	gi_spec_free(s);
	/* and on every criterion of a product, not just the first */
	s = spec_of("<criterion id=\"r\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.05\"/></criterion>"
	            "<criterion id=\"m\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion>");
	ck_assert_int_eq(residue_override(s), GI_EUSAGE);
	ck_assert_msg(strstr(gi_error_last()->message, "criterion 'm' of product 'p'"), "%s", gi_error_last()->message);
	gi_spec_free(s);
}
END_TEST

/* A replicate flagged by Grubbs' test (10.1 10.2 10.0 10.1 12.0: G =
 * 1.7827 > 1.7150, Grubbs 1969 Table 1, n = 5, 5 %) is kept when the spec
 * only flags outliers: the value is the mean of all five, 10.48, and the
 * outlier is reported. */
START_TEST(flagged_outlier_is_kept)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"20\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,10.1,,,,\n" ROW "glu,g/100g,,10.2,,,,\n" ROW "glu,g/100g,,10.0,,,,\n"
	               ROW "glu,g/100g,,10.1,,,,\n" ROW "glu,g/100g,,12.0,,,,\n");
	ck_assert_msg(fabs(run.s[0].value[0] - 10.48) < 1e-12, "%.17g", run.s[0].value[0]);
	ck_assert_msg(!strstr(run.s[0].json, "\"outlier\":null"), "%s", run.s[0].json);
	ck_assert_msg(strstr(run.s[0].why[0], "mean of 5, outlier 12 flagged by Grubbs' test at 5 %: "), "%s",
	              run.s[0].why[0]);
	gi_spec_free(s);
	/* the same kept mean converted to dry matter at 32 % moisture */
	s = spec_of("<criterion id=\"f\" analyte=\"fat\" unit=\"g/100g\" basis=\"dry-matter\"><limit le=\"20\"/></criterion>");
	verify_rows(s, ROW "fat,g/100g,as-is,10.1,,,,\n" ROW "fat,g/100g,as-is,10.2,,,,\n" ROW "fat,g/100g,as-is,10.0,,,,\n"
	               ROW "fat,g/100g,as-is,10.1,,,,\n" ROW "fat,g/100g,as-is,12.0,,,,\n" ROW "moisture,%,,32.0,,,,\n");
	ck_assert_msg(fabs(run.s[0].value[0] - 10.48 / 0.68) < 1e-9, "%.17g", run.s[0].value[0]);
	gi_spec_free(s);
}
END_TEST

/* Dry-matter statistics of replicates written with a decimal fraction:
 * 30.2 and 30.8 g/100g as-is at 32.0 % moisture are 30.2/0.68 and
 * 30.8/0.68 on dry matter (y_dm = y/(1 - w), w the mass fraction of
 * moisture): mean 30.5/0.68, s = 0.6/sqrt(2)/0.68, u(mean) = 0.3/0.68,
 * and the 95 % interval mean -/+ t(0.975, 1) u(mean). */
START_TEST(replicate_statistics_on_dry_matter_decimals)
{
	gi_spec *s = spec_of("<criterion id=\"f\" analyte=\"fat\" unit=\"g/100g\" basis=\"dry-matter\"><limit ge=\"32\"/></criterion>");
	verify_rows(s, ROW "fat,g/100g,as-is,30.2,,,,\n" ROW "fat,g/100g,as-is,30.8,,,,\n" ROW "moisture,%,,32.0,,,,\n");
	assert_pair_statistics(30.5 / 0.68, 0.6 / sqrt(2.0) / 0.68, 0.3 / 0.68);
	gi_spec_free(s);
}
END_TEST

/* Grubbs' test runs from three replicates: 10.0, 10.0 and 12.0 give
 * G = (12 - 10.667)/1.1547 = 2/sqrt(3) = 1.1547, the largest G three
 * values can have ((n - 1)/sqrt(n), Grubbs 1950, Ann. Math. Stat. 21:27),
 * above the 5 % critical value 1.1543 (Grubbs & Beck 1972, Technometrics
 * 14:847, Table I, n = 3): 12 is flagged and, by default, kept. */
START_TEST(grubbs_from_three_replicates)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"20\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,10.0,,,,\n" ROW "glu,g/100g,,10.0,,,,\n" ROW "glu,g/100g,,12.0,,,,\n");
	json_t *o = crit_json();
	json_t *st = json_object_get(json_array_get(json_object_get(o, "criteria"), 0), "statistics");
	json_t *g = json_object_get(st, "grubbs");
	ck_assert_msg(g != NULL, "%s", run.s[0].json);
	ck_assert(fabs(json_real_value(json_object_get(g, "G")) - 2 / sqrt(3.0)) < 1e-12);
	ck_assert(fabs(json_real_value(json_object_get(g, "critical")) - 1.1543) <= 5e-5);
	json_decref(o);
	ck_assert_msg(strstr(run.s[0].why[0], "mean of 3, outlier 12 flagged by Grubbs' test at 5 %: "), "%s",
	              run.s[0].why[0]);
	gi_spec_free(s);
}
END_TEST

/* A replicate mean in a unit ten times the reported one is still the
 * exact decimal mean: 0.563 and 0.568 g/100g are 5.63 and 5.68 mg/g
 * (1 g/100g = 10 mg/g), whose mean 5.655 rounds by ASTM E29-13 6.4 (a
 * dropped 5 followed only by zeros rounds the last kept digit to even) to
 * 5.66 and meets >= 5.66; the binary mean times ten, 5.654999999999999,
 * would round to 5.65 and fail. */
START_TEST(exact_mean_shifted_up_by_ten)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"mg/g\"><limit ge=\"5.66\"/>"
	                     "<decisionRule rule=\"simple\" rounding=\"rounding\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,0.563,,,,\n" ROW "glu,g/100g,,0.568,,,,\n");
	ck_assert_msg(run.s[0].value[0] == 5.66, "%.17g", run.s[0].value[0]);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_msg(strstr(run.s[0].json, "\"unrounded\":5.655,"), "%s", run.s[0].json);
	gi_spec_free(s);
}
END_TEST

/* One result in another unit is the reported decimal number with its
 * point moved (1 g/100g = 10 mg/g): 0.57 g/100g is 5.7 mg/g, not the
 * binary product 0.57 x 10 = 5.6999999999999993. */
START_TEST(single_result_shifted_exactly)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"mg/g\"><limit ge=\"5.34\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,0.57,,,,\n");
	ck_assert_msg(run.s[0].value[0] == 5.7, "%.17g", run.s[0].value[0]);
	ck_assert_msg(strstr(run.s[0].json, "\"value\":5.7,"), "%s", run.s[0].json);
	gi_spec_free(s);
}
END_TEST

/* The expanded uncertainty moves to another unit as the value does, by
 * moving the decimal point: U = 0.07 g/100g is 0.7 mg/g (1 g/100g =
 * 10 mg/g), not the binary product 0.07 x 10 = 0.7000000000000001,
 * and 0.7 mg/g is 0.07 g/100g, not the binary quotient 0.7 / 10 =
 * 0.06999999999999999. */
START_TEST(uncertainty_shifted_exactly)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"mg/g\"><limit ge=\"5.34\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,0.57,0.07,2,,\n");
	ck_assert_msg(strstr(run.s[0].json, "\"expanded\":0.7,"), "%s", run.s[0].json);
	ck_assert_msg(strstr(run.s[0].json, "\"value\":5.7,"), "%s", run.s[0].json);
	gi_spec_free(s);
	/* the other way */
	s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"0.5\"/></criterion>");
	verify_rows(s, ROW "glu,mg/g,,5.7,0.7,2,,\n");
	ck_assert_msg(strstr(run.s[0].json, "\"expanded\":0.07,"), "%s", run.s[0].json);
	gi_spec_free(s);
}
END_TEST

/* The exact decimal mean and ASTM E29 rounding hold outside the range
 * where libgi finds shortest decimals without printf ([1e-4, 1e15), and
 * 0): 5e-5 and 7e-5 average to 6e-5 (the binary mean is
 * 5.9999999999999995e-05), 3e-5 and 4e-5 to 3.5e-5 (binary
 * 3.5000000000000004e-05); 0.0000125 and 0.0000135 round to six decimals,
 * a dropped 5 followed by nothing going to the even digit (ASTM E29-13
 * 6.4.3), as 0.000012 and 0.000014. What is not a number has no decimal
 * form. */
START_TEST(exact_decimals_outside_the_fast_range)
{
	double out = -1;
	ck_assert_int_eq(gi__decimal_mean(&out, (const double[]){ 5e-5, 7e-5 }, 2, 0), 0);
	ck_assert_msg(out == 6e-5, "%.17g", out);
	ck_assert_int_eq(gi__decimal_mean(&out, (const double[]){ 3e-5, 4e-5 }, 2, 0), 0);
	ck_assert_msg(out == 3.5e-5, "%.17g", out);
	ck_assert_int_eq(gi__decimal_mean(&out, (const double[]){ 0, 1e-5 }, 2, 0), 0);
	ck_assert_msg(out == 5e-6, "%.17g", out);
	ck_assert_int_eq(gi__decimal_mean(&out, (const double[]){ 2e15, 3e15, 4e15 }, 3, 0), 0);
	ck_assert_msg(out == 3e15, "%.17g", out);
	ck_assert_int_eq(gi__round_e29(&out, 0.0000125, 6), 0);
	ck_assert_msg(out == 0.000012, "%.17g", out);
	ck_assert_int_eq(gi__round_e29(&out, 0.0000135, 6), 0);
	ck_assert_msg(out == 0.000014, "%.17g", out);
	ck_assert_int_eq(gi__round_mean_e29(&out, (const double[]){ 1.1e-5, 1.2e-5 }, 2, 0, 6), 0);
	ck_assert_msg(out == 0.000012, "%.17g", out);   /* 0.0000115 -> even 0.000012 */
	ck_assert_int_eq(gi__decimal_mean(&out, (const double[]){ NAN }, 1, 0), -1);
	ck_assert_int_eq(gi__decimal_mean(&out, (const double[]){ 1.0, INFINITY }, 2, 0), -1);
	ck_assert_int_eq(gi__round_e29(&out, NAN, 2), -1);
	double ints[2];
	int e = 0;
	ck_assert_int_eq(gi__decimal_integers(ints, &e, (const double[]){ 5e-5, 7.5e-5 }, 2), 0);
	ck_assert_int_eq(e, -6);
	ck_assert(ints[0] == 50 && ints[1] == 75);
}
END_TEST

/* The exact decimal mean has two implementations, 128-bit integers for
 * the sizes reports hold and OpenSSL big integers for the rest; they must
 * give the same double (bit for bit, -0.0 included) and the same status
 * on every input: values written with 1 to 17 significant digits and
 * exponents from 1e-320 to 1e300, ties, zeros of both signs, 1 to 40
 * values (past the 32 the fast path takes), shifts and decimals that make
 * the quotient short, long, or too long for 128 bits. */
START_TEST(decimal_mean_fast_path_matches_big_integers)
{
	uint64_t x = 0x9E3779B97F4A7C15u;
	int differ = 0, fast = 0;
	for (int iter = 0; iter < 6000; iter++) {
		double v[40];
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		size_t n = 1 + x % (iter % 10 == 0 ? 40 : 4);
		int e0 = (int)((x >> 8) % 9) - 4;   /* replicates near one magnitude */
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			int digits = 1 + (int)(x % (iter % 3 == 0 ? 17 : 5));
			int e = iter % 50 == 1 ? (int)((x >> 5) % 620) - 320 : e0 + (int)((x >> 5) % 3);
			char t[64];
			int k = 0;
			if ((x >> 12) % 4 == 0)
				t[k++] = '-';
			uint64_t y = x >> 20;
			for (int d = 0; d < digits; d++, y /= 10)
				t[k++] = (char)('0' + (d == 0 && iter % 7 ? 1 + y % 9 : y % 10));
			snprintf(t + k, sizeof t - (size_t)k, "e%d", e);
			if (gi_number_parse(&v[i], t) < 0)
				v[i] = (x >> 30) % 2 ? 0.0 : -0.0;
		}
		if (iter % 97 == 5)
			v[n - 1] = (x >> 3) % 2 ? NAN : INFINITY;
		int shift = (int)((x >> 40) % 13) - 6, decimals = (int)((x >> 44) % 9);
		/* each value as an exact integer (below 10^15) times 10^e that
		 * reads back as the value itself */
		double ints[40];
		int e10 = 0;
		if (gi__decimal_integers(ints, &e10, v, n) == 0) {
			for (size_t i = 0; i < n; i++) {
				char t[64];
				double back = 0;
				snprintf(t, sizeof t, "%s%.0fe%d", signbit(ints[i]) ? "-" : "", fabs(ints[i]), e10);
				if (!(fabs(ints[i]) < 1e15 && ints[i] == floor(ints[i]) && gi_number_parse(&back, t) == 0 &&
				      memcmp(&back, &v[i], sizeof back) == 0) && differ++ < 5)
					fprintf(stderr, "decimal integers: %.17g is %s\n", v[i], t);
			}
		}
		for (int rounding = 0; rounding <= 1; rounding++) {
			double a = 12345, b = 12345;
			int ra = rounding ? gi__round_mean_e29(&a, v, n, shift, decimals) : gi__decimal_mean(&a, v, n, shift);
			int rb = gi__decimal_mean_bn(&b, v, n, shift, decimals, rounding);
			if (ra != rb || memcmp(&a, &b, sizeof a) != 0) {
				if (differ++ < 5)
					fprintf(stderr, "n %zu v0 %.17g shift %d d %d rounding %d: %d %.17g vs %d %.17g\n", n, v[0],
					        shift, decimals, rounding, ra, a, rb, b);
			}
			fast += ra == 0;
		}
	}
	ck_assert_int_eq(differ, 0);
	ck_assert_int_gt(fast, 6000);
	/* the published example (ASTM E29-13 6.4 tie): 5.52 and 5.47 */
	double b;
	ck_assert_int_eq(gi__decimal_mean_bn(&b, (const double[]){ 5.52, 5.47 }, 2, 0, 2, 1), 0);
	ck_assert(b == 5.50);
}
END_TEST

/* The values the two formatting tests below compare with printf: the
 * fixed ones first, then alternately a random double between 2^-24 and
 * 2^57 and a random lab-style decimal (up to 17 digits, exponent -16..7),
 * a third of them negative. x is the tests' xorshift state. */
static double format_test_value(uint64_t *x, int iter, const double *fixed, size_t n_fixed)
{
	double v;
	t_xorshift64(x);
	if (iter < (int)n_fixed) {
		v = fixed[iter];
	} else if (iter % 2) {
		uint64_t bits = (*x & 0x000FFFFFFFFFFFFFu) | ((uint64_t)(1023 - 24 + (*x >> 52) % 82) << 52);
		memcpy(&v, &bits, sizeof v);
	} else {
		char t[40];
		snprintf(t, sizeof t, "%llue%d", (unsigned long long)(*x >> 20) % (iter % 4 ? 100000 : 100000000000000000ull),
		         (int)((*x >> 8) % 24) - 16);
		gi_number_parse(&v, t);
	}
	return (*x >> 3) % 3 == 0 ? -v : v;
}

/* gi__number_format writes %g's fixed style without printf where it can;
 * the text must be the one printf and strtod give (what every reason,
 * CSV and XML output showed before), byte for byte, for every precision
 * 1..17, on values from 1e-7 to 1e17 of both signs: random doubles,
 * decimals as labs write them, exact ties (0.125, 2.5, 1234565), values
 * that round up a digit (9.9999996, 999999.5) and buffers too short for
 * the text. */
START_TEST(number_format_matches_printf)
{
	uint64_t x = 0xD1B54A32D192ED03u;
	static const double fixed[] = { 0.125, 2.5, 1234565, 9.9999996, 999999.5, 99999.95, 0.00099999996,
	                                0.0001, 0.00012345, 1e-5, 5.495, 5.36, 0.2, 2397, 1e15, 999999999999999.9,
	                                -0.5, 1.0000000000000002, 123456789012345.6 };
	int differ = 0;
	for (int iter = 0; iter < 12000; iter++) {
		double v = format_test_value(&x, iter, fixed, sizeof fixed / sizeof *fixed);
		for (int p = 1; p <= 17; p++) {
			size_t n = (x >> 12) % 5 == 0 ? 3 + (x >> 16) % 8 : 40;
			char a[40], b[40];
			gi__number_format(a, n, v, p);
			gi__number_format_printf(b, n, v, p);
			if (strcmp(a, b) != 0 && differ++ < 5)
				fprintf(stderr, "%.17g p=%d n=%zu: %s vs printf %s\n", v, p, n, a, b);
		}
	}
	ck_assert_int_eq(differ, 0);
	/* the published form of a value shown to six digits */
	char a[40];
	gi__number_format(a, sizeof a, 5.495, 6);
	ck_assert_str_eq(a, "5.495");
	gi__number_format(a, sizeof a, 1234565, 6);
	ck_assert_str_eq(a, "1234565");   /* %.6g is 1.23456e+06; positional keeps every integer digit */
}
END_TEST

/* gi__format_fixed writes a value rounded to a decimal place (ASTM E29)
 * without printf where its shortest decimal has few enough digits; the
 * text must be printf's "%.*f" of the same rounded value, byte for byte,
 * for places -3..17, values from 1e-7 to 1e17 of both signs (random
 * doubles, lab decimals, ties such as 0.125 and 2.5, values that carry
 * into a new digit) and buffers too short for the text. */
START_TEST(format_fixed_matches_printf)
{
	uint64_t x = 0x94D049BB133111EBu;
	static const double fixed[] = { 0.125, 2.5, 9.995, 99.95, 0.0995, 5.495, 5.36, 0.2, 2397, -0.004,
	                                123456789012345.6, 99999999999999.99, 1e-5, 0.0001, 1e15 };
	int differ = 0;
	for (int iter = 0; iter < 12000; iter++) {
		double v = format_test_value(&x, iter, fixed, sizeof fixed / sizeof *fixed);
		for (int d = -3; d <= 17; d++) {
			size_t n = (x >> 12) % 5 == 0 ? 3 + (x >> 16) % 12 : 64;
			char a[64], b[64];
			gi__format_fixed(a, n, v, d);
			double r = v;
			if (gi__round_e29(&r, v, d) < 0)
				r = v;
			if (r == 0)
				r = 0;
			gi__format_fixed_printf(b, n, r, d);
			if (strcmp(a, b) != 0 && differ++ < 5)
				fprintf(stderr, "%.17g d=%d n=%zu: %s vs printf %s\n", v, d, n, a, b);
		}
	}
	ck_assert_int_eq(differ, 0);
	/* ASTM E29-13 6.4: 5.495 to two places is 5.50 (ties to even) */
	char a[64];
	gi__format_fixed(a, sizeof a, 5.495, 2);
	ck_assert_str_eq(a, "5.50");
	gi__format_fixed(a, sizeof a, -0.004, 2);
	ck_assert_str_eq(a, "0.00");   /* no "-0.00" */
}
END_TEST

/* Simple acceptance (ILAC-G8:09/2019 4.2.1): the acceptance limits are
 * the tolerance limits themselves, both of them for a range, and the
 * result says so. */
START_TEST(simple_acceptance_limits_are_the_limits)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"4.5\" le=\"6.25\"/>"
	                     "<decisionRule rule=\"simple\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,5.40,,,,\n");
	json_t *o = crit_json();
	json_t *acc = json_object_get(json_array_get(json_object_get(o, "criteria"), 0), "acceptance");
	ck_assert_msg(acc != NULL, "%s", run.s[0].json);
	ck_assert(json_real_value(json_object_get(acc, "lower")) == 4.5);
	ck_assert_msg(json_real_value(json_object_get(acc, "upper")) == 6.25, "%s", run.s[0].json);
	json_decref(o);
	gi_spec_free(s);
}
END_TEST

/* A result "< c" below a maximum passes, and the reason names the kind
 * of maximum: "at most" for <=, "less than" for < (the words of the
 * spec's limit); the limit is written with six significant digits,
 * 0.1234567 as 0.123457. */
START_TEST(censored_reason_names_the_maximum)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.5\"/></criterion>");
	verify_rows(s, ROW "residue,mg/kg,,<0.1234567,,,,\n");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_str_eq(run.s[0].why[0], "result < 0.123457 mg/kg: the true value is below 0.123457, so at most 0.5");
	gi_spec_free(s);
	s = spec_of("<criterion id=\"c\" analyte=\"residue\" unit=\"mg/kg\"><limit lt=\"0.5\"/></criterion>");
	verify_rows(s, ROW "residue,mg/kg,,<0.1,,,,\n");
	ck_assert_str_eq(run.s[0].why[0], "result < 0.1 mg/kg: the true value is below 0.1, so less than 0.5");
	gi_spec_free(s);
}
END_TEST

/* Without a unit or basis conversion the lab's U is used as written:
 * 0.45 with k = 3 stays 0.45 (taking U/k and multiplying back by k in
 * binary gives 0.44999999999999996). */
START_TEST(uncertainty_unconverted_as_written)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>");
	verify_rows(s, ROW "glu,g/100g,,6.0,0.45,3,,\n");
	ck_assert_msg(strstr(run.s[0].json, "\"expanded\":0.45,\"k\":3.0,"), "%s", run.s[0].json);
	gi_spec_free(s);
}
END_TEST

/* A ratio whose numerator is censored ("< 1") is a censored ratio: the
 * result says so, and the reason names the ratio it is about. */
START_TEST(ratio_with_censored_numerator)
{
	gi_spec *s = spec_of("<criterion id=\"a\" unit=\"%\"><ratio numerator=\"faa\" denominator=\"protein\"/>"
	                     "<limit le=\"15\"/></criterion>");
	verify_rows(s, ROW "faa,g/100g,,<1,,,,\n" ROW "protein,g/100g,,10.0,,,,\n");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_msg(strstr(run.s[0].json, "\"censored\":true"), "%s", run.s[0].json);
	ck_assert_msg(strncmp(run.s[0].why[0], "faa/protein: result < 10 %", 26) == 0, "%s", run.s[0].why[0]);
	gi_spec_free(s);
}
END_TEST

/* gi_verify_options only grows at the end: a version 1 struct has no
 * rule override and a version 2 struct no versions, so what lies in those
 * later fields is not read. */
START_TEST(verify_options_by_version)
{
	gi_spec *s = spec_of("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>");
	const char *text = "lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
	                   "L,S1,p,test,Tam Đường,1300,glu,g/100g,5.40\n";
	const gi_spec *bad_versions[] = { NULL };
	for (int version = 1; version <= 2; version++) {
		gi_report *r;
		ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "x.csv", NULL), 0);
		gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
		o.version = version;
		o.override_rule = version < 2;   /* an override a version 1 caller cannot have set */
		o.rule_kind = GI_RULE_RESIDUE;
		o.versions = bad_versions;
		o.n_versions = 1;
		gi_summary sum = { 0 };
		ck_assert_msg(gi_verify(&sum, s, r, &o) == GI_OK, "version %d: %s", version, gi_error_last()->message);
		ck_assert_uint_eq(sum.samples, 1);
		gi_report_free(r);
	}
	gi_spec_free(s);
}
END_TEST

Suite *suite_numbers(void)
{
	Suite *s = suite_create("numbers");
	TCase *tc = tcase_create("numbers");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, override_that_cannot_apply);
	tcase_add_test(tc, excluded_outlier_left_out_of_u_and_statistics);
	tcase_add_test(tc, one_outlier_test);
	tcase_add_test(tc, dry_matter_uncertainty);
	tcase_add_test(tc, uncertainty_shifted_exactly);
	tcase_add_test(tc, censored_reason_names_the_maximum);
	tcase_add_test(tc, uncertainty_unconverted_as_written);
	tcase_add_test(tc, ratio_with_censored_numerator);
	tcase_add_test(tc, simple_acceptance_limits_are_the_limits);
	tcase_add_test(tc, exact_decimals_outside_the_fast_range);
	tcase_add_test(tc, probability_on_the_measured_value);
	tcase_add_test(tc, e29_on_the_exact_decimal_mean);
	tcase_add_test(tc, pt_score_on_the_bound);
	tcase_add_test(tc, pt_uncertainty_of_the_assigned_value);
	tcase_add_test(tc, display_gum_7_2_6);
	tcase_add_test(tc, json_numbers_shortest_and_exact);
	tcase_add_test(tc, dry_matter_note);
	tcase_add_test(tc, verdict_names);
	tcase_add_test(tc, ratio_value_and_uncertainty);
	tcase_add_test(tc, replicate_statistics_of_round_numbers);
	tcase_add_test(tc, replicate_statistics_in_the_criterion_unit);
	tcase_add_test(tc, replicate_statistics_of_long_numbers);
	tcase_add_test(tc, censored_result_names_its_rule);
	tcase_add_test(tc, allowed_numbers);
	tcase_add_test(tc, dixon_on_its_critical_value);
	tcase_add_test(tc, replicate_statistics_on_dry_matter);
	tcase_add_test(tc, analysed_on_the_sampling_day);
	tcase_add_test(tc, residue_override_every_product);
	tcase_add_test(tc, flagged_outlier_is_kept);
	tcase_add_test(tc, verify_options_by_version);
	tcase_add_test(tc, replicate_statistics_on_dry_matter_decimals);
	tcase_add_test(tc, grubbs_from_three_replicates);
	tcase_add_test(tc, exact_mean_shifted_up_by_ten);
	tcase_add_test(tc, single_result_shifted_exactly);
	tcase_add_test(tc, decimal_mean_fast_path_matches_big_integers);
	tcase_add_test(tc, number_format_matches_printf);
	tcase_add_test(tc, format_fixed_matches_printf);
	suite_add_tcase(s, tc);
	return s;
}
