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

Suite *suite_numbers(void)
{
	Suite *s = suite_create("numbers");
	TCase *tc = tcase_create("numbers");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, override_that_cannot_apply);
	suite_add_tcase(s, tc);
	return s;
}
