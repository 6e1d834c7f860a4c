/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_verify.c - verdicts: the published limits at, above and below,
 * strict and inclusive bounds, unit and basis conversion, ratios,
 * censored results, origin, and how a sample's verdict is formed. */
#define _GNU_SOURCE
#include <check.h>
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "helpers.h"
#include "suites.h"

static t_run run;

/* One-sample CSV against a shipped spec. */
static void one(gi_spec *spec, const char *product, const char *specid, const char *origin,
                const char *alt, const char *rows_fmt, ...)
{
	char rows[4096], line[512];
	rows[0] = '\0';
	va_list ap;
	va_start(ap, rows_fmt);
	char body[2048];
	vsnprintf(body, sizeof body, rows_fmt, ap);
	va_end(ap);
	/* body: "analyte,unit,basis,value,U,k,loq,text" lines separated by '|' */
	for (char *tok = strtok(body, "|"); tok; tok = strtok(NULL, "|")) {
		snprintf(line, sizeof line, "L,S1,%s,%s,%s,%s,%s\n", product, specid, origin, alt, tok);
		strncat(rows, line, sizeof rows - strlen(rows) - 1);
	}
	t_verify_csv(&run, spec, rows);
	ck_assert_msg(run.rc == 0, "verify: %s (line %ld)", run.error, run.error_line);
	ck_assert_uint_eq(run.n, 1);
}

static gi_verdict lai_chau(gi_spec *s, const char *product, const char *value, const char *unit)
{
	char row[128];
	snprintf(row, sizeof row, "glutamic-acid,%s,,\"%s\",,,,", unit, value);
	one(s, product, "vn-gi-00146-lai-chau-tea", "Tam Đường",
	    strcmp(product, "green-tea") == 0 ? "1450" : "1000", "%s", row);
	return run.s[0].crit[0];
}

/* Lai Châu glutamic acid minima (GI No. 00146; Lai Châu S&T newsletter
 * 2025): >= 5.34 green tea, >= 4.24 oolong, >= 5.61 Oriental Beauty. On the
 * limit passes (>=), one unit in the last place of the limit below fails. */
START_TEST(lai_chau_thresholds)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	static const struct { const char *p, *at, *above, *below; } t[] = {
		{ "green-tea", "5.34", "5.35", "5.33" },
		{ "oolong", "4.24", "4.25", "4.23" },
		{ "oriental-beauty", "5.61", "5.62", "5.60" },
	};
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(lai_chau(s, t[i].p, t[i].at, "g/100g"), GI_VERDICT_PASS);
		ck_assert_int_eq(lai_chau(s, t[i].p, t[i].above, "g/100g"), GI_VERDICT_PASS);
		ck_assert_int_eq(lai_chau(s, t[i].p, t[i].below, "g/100g"), GI_VERDICT_FAIL);
		ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_FAIL);
		ck_assert_ptr_nonnull(strstr(run.s[0].why[0], "below the minimum"));
		/* the same values with a decimal comma */
		char c[16];
		snprintf(c, sizeof c, "%s", t[i].at);
		*strchr(c, '.') = ',';
		ck_assert_int_eq(lai_chau(s, t[i].p, c, "g/100g"), GI_VERDICT_PASS);
		snprintf(c, sizeof c, "%s", t[i].below);
		*strchr(c, '.') = ',';
		ck_assert_int_eq(lai_chau(s, t[i].p, c, "g/100g"), GI_VERDICT_FAIL);
	}
	/* on the limit after a unit conversion, and as the mean of replicates */
	ck_assert_int_eq(lai_chau(s, "green-tea", "5340", "mg/100g"), GI_VERDICT_PASS);
	ck_assert_int_eq(lai_chau(s, "green-tea", "53.4", "g/kg"), GI_VERDICT_PASS);
	ck_assert_int_eq(lai_chau(s, "green-tea", "5339.9", "mg/100g"), GI_VERDICT_FAIL);
	one(s, "green-tea", "vn-gi-00146-lai-chau-tea", "Tam Đường", "1450",
	    "glutamic-acid,g/100g,,5.33,,,,|glutamic-acid,g/100g,,5.35,,,,");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert(fabs(run.s[0].value[0] - 5.34) < 1e-12);
	gi_spec_free(s);
}
END_TEST

/* Strict and inclusive bounds on the limit itself: Robusta crude protein
 * "> 17 %" (Lâm Đồng), EVOO acidity "<= 0.8 %" (Reg. (EU) 2015/1830),
 * Parmigiano Reggiano CPFA "< 22 mg/100 g fat" (disciplinare art. 4). */
START_TEST(strict_versus_inclusive)
{
	gi_spec *s = t_spec("specs/lam-dong-coffee.xml");
	one(s, "robusta", "vn-gi-lam-dong-coffee", "", "800", "caffeine,%%,,2.64,,,,|crude-protein,%%,,17,,,,");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert_int_eq(run.s[0].crit[1], GI_VERDICT_FAIL);
	ck_assert_ptr_nonnull(strstr(run.s[0].why[1], "equals the limit"));
	one(s, "robusta", "vn-gi-lam-dong-coffee", "", "800", "caffeine,%%,,2.64,,,,|crude-protein,%%,,17.01,,,,");
	ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_PASS);
	gi_spec_free(s);

	s = t_spec("specs/eu-extra-virgin-olive-oil.xml");
	static const char *const rest = "|peroxide-value,meq O2/kg,,20,,,,|k232,1,,2.50,,,,|k270,1,,0.22,,,,"
	                                "|delta-k,1,,0.01,,,,|waxes,mg/kg,,150,,,,|ethyl-esters,mg/kg,,35,,,,"
	                                "|median-defect,1,,0,,,,|fruity-median,1,,2.5,,,,";
	one(s, "extra-virgin-olive-oil", "eu-extra-virgin-olive-oil", "", "", "acidity,%%,,0.8,,,,%s", rest);
	ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_PASS);  /* every value on its maximum */
	ck_assert_int_eq(run.s[0].origin, GI_VERDICT_NOT_APPLICABLE);
	one(s, "extra-virgin-olive-oil", "eu-extra-virgin-olive-oil", "", "", "acidity,%%,,0.81,,,,%s", rest);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_FAIL);
	gi_spec_free(s);

	s = t_spec("specs/parmigiano-reggiano.xml");
	static const char *const base = "fat,%,,28,,,,|moisture,%,,31,,,,|free-amino-acids,%,,6,,,,|total-protein,%,,33,,,,";
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "%s", base);
	ck_assert_int_eq(run.s[0].crit[2], GI_VERDICT_NOT_TESTED);
	char rows[512];
	snprintf(rows, sizeof rows, "%s|cyclopropane-fatty-acids,mg/100g,fat,22,,,,", base);
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "%s", rows);
	ck_assert_int_eq(run.s[0].crit[2], GI_VERDICT_FAIL);
	snprintf(rows, sizeof rows, "%s|cyclopropane-fatty-acids,mg/100g,fat,21.9,,,,", base);
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "%s", rows);
	ck_assert_int_eq(run.s[0].crit[2], GI_VERDICT_PASS);
	ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_PASS);
	/* a fat-basis limit cannot take an as-is result */
	snprintf(rows, sizeof rows, "%s|cyclopropane-fatty-acids,mg/100g,as-is,5,,,,", base);
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "%s", rows);
	ck_assert_int_eq(run.s[0].crit[2], GI_VERDICT_NOT_TESTED);
	gi_spec_free(s);
}
END_TEST

/* Dry matter: value_dm = value_as_is / (1 - w), w the moisture fraction of
 * the same sample; and the reverse. 28.4 % fat at 31.0 % moisture is
 * 28.4 / 0.69 = 41.1594... % of dry matter (>= 32 passes); 20.5 % at 33.5 %
 * is 30.827... % (fails). Without moisture the criterion is not tested. */
START_TEST(dry_matter)
{
	gi_spec *s = t_spec("specs/parmigiano-reggiano.xml");
	static const char *const rest = "|free-amino-acids,%,,6,,,,|total-protein,%,,33,,,,|cyclopropane-fatty-acids,mg/100g,fat,<1,,,,";
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "fat,%%,as-is,28.4,,,,|moisture,%%,,31.0,,,,%s", rest);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert(fabs(run.s[0].value[0] - 28.4 / 0.69) < 1e-12);
	ck_assert_ptr_nonnull(strstr(run.s[0].why[0], "moisture 31"));
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "fat,%%,as-is,20.5,,,,|moisture,%%,,33.5,,,,%s", rest);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	ck_assert(fabs(run.s[0].value[0] - 20.5 / 0.665) < 1e-12);
	/* reported on dry matter already: compared directly */
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "fat,%%,dry-matter,32,,,,%s", rest);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert(run.s[0].value[0] == 32);
	/* no moisture: not tested, and so the sample is incomplete */
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "fat,%%,as-is,28.4,,,,%s", rest);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_NOT_TESTED);
	ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_INCOMPLETE);
	gi_spec_free(s);

	/* the reverse: a dry-matter result against an as-is limit, 40 % dm at
	 * 25 % moisture is 30 % as-is; the uncertainty scales with it */
	s = t_spec_text(t_spec_xml("<criterion id=\"f\" analyte=\"fat\" unit=\"g/100g\"><limit ge=\"30\"/></criterion>"));
	ck_assert_ptr_nonnull(s);
	t_verify_csv(&run, s, "L,S1,p,test,Tam Đường,1300,fat,%,dry-matter,40,2,2,,\nL,S1,p,test,Tam Đường,1300,moisture,%,,25,,,,\n");
	ck_assert_int_eq(run.rc, 0);
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_PASS);
	ck_assert(fabs(run.s[0].value[0] - 30) < 1e-12);
	ck_assert(fabs(run.s[0].U[0] - 1.5) < 1e-12);
	/* moisture of 100 % or more is bad input */
	t_verify_csv(&run, s, "L,S1,p,test,Tam Đường,1300,fat,%,dry-matter,40,,,,\nL,S1,p,test,Tam Đường,1300,moisture,%,,100,,,,\n");
	ck_assert_int_eq(run.rc, GI_EINVALID);
	ck_assert_int_eq(run.error_line, 3);
	gi_spec_free(s);
}
END_TEST

/* A ratio criterion: free amino acids as a percentage of total protein,
 * "> 15 %" (Parmigiano Reggiano). 5.9/33.0 = 17.8788 % passes; 4.95/33 =
 * 15 % exactly fails the strict bound; units of the two may differ. */
START_TEST(ratio)
{
	gi_spec *s = t_spec("specs/parmigiano-reggiano.xml");
	static const char *const rest = "fat,%,dry-matter,33,,,,|cyclopropane-fatty-acids,mg/100g,fat,10,,,,";
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "%s|free-amino-acids,g/100g,,5.9,,,,|total-protein,g/100g,,33.0,,,,", rest);
	ck_assert_int_eq(run.s[0].crit[1], GI_VERDICT_PASS);
	ck_assert(fabs(run.s[0].value[1] - 5.9 / 33.0 * 100) < 1e-12);
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "%s|free-amino-acids,g/kg,,49.5,,,,|total-protein,g/100g,,33,,,,", rest);
	ck_assert_int_eq(run.s[0].crit[1], GI_VERDICT_FAIL);
	ck_assert_ptr_nonnull(strstr(run.s[0].why[1], "equals the limit"));
	/* uncertainty: relative standard uncertainties in quadrature (JCGM
	 * 100:2008 5.1.6): U(6/30 = 20 %) with U 0.3 and 0.6 at k=2 is
	 * 2 * 20 * sqrt((0.15/6)^2 + (0.3/30)^2) = 1.0770... */
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "%s|free-amino-acids,%%,,6,0.3,2,,|total-protein,%%,,30,0.6,2,,", rest);
	ck_assert(fabs(run.s[0].value[1] - 20) < 1e-12);
	ck_assert(fabs(run.s[0].U[1] - 2 * 20 * sqrt(pow(0.15 / 6, 2) + pow(0.3 / 30, 2))) < 1e-12);
	/* a missing part: not tested */
	one(s, "parmigiano-reggiano", "eu-pdo-parmigiano-reggiano", "", "", "%s|free-amino-acids,%%,,6,,,,", rest);
	ck_assert_int_eq(run.s[0].crit[1], GI_VERDICT_NOT_TESTED);
	gi_spec_free(s);
}
END_TEST

/* Censored results: a "< LOQ" result says only that the value is below
 * the LOQ, so it can never prove that a minimum is met. Against a maximum, "< c" passes when c <= max and is
 * inconclusive when c > max; against a minimum it fails when c <= min and
 * is inconclusive otherwise. */
START_TEST(censored)
{
	gi_spec *s = t_spec_text(t_spec_xml(
		"<criterion id=\"max\" analyte=\"residue\" unit=\"mg/kg\"><limit le=\"0.05\"/></criterion>\n"
		"<criterion id=\"min\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5.34\"/></criterion>"));
	ck_assert_ptr_nonnull(s);
	static const struct { const char *res, *glu; gi_verdict vmax, vmin, sample; } t[] = {
		{ "<0.01", "6", GI_VERDICT_PASS, GI_VERDICT_PASS, GI_VERDICT_PASS },
		{ "<0.05", "6", GI_VERDICT_PASS, GI_VERDICT_PASS, GI_VERDICT_PASS },
		{ "<0.1", "6", GI_VERDICT_INCONCLUSIVE, GI_VERDICT_PASS, GI_VERDICT_INCONCLUSIVE },
		{ "0.01", "<5", GI_VERDICT_PASS, GI_VERDICT_FAIL, GI_VERDICT_FAIL },
		{ "0.01", "<5.34", GI_VERDICT_PASS, GI_VERDICT_FAIL, GI_VERDICT_FAIL },
		{ "0.01", "<6", GI_VERDICT_PASS, GI_VERDICT_INCONCLUSIVE, GI_VERDICT_INCONCLUSIVE },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char rows[512];
		snprintf(rows, sizeof rows,
		         "L,S1,p,test,Tam Đường,1300,residue,mg/kg,,%s,,,,\nL,S1,p,test,Tam Đường,1300,glu,g/100g,,%s,,,,\n",
		         t[i].res, t[i].glu);
		t_verify_csv(&run, s, rows);
		ck_assert_int_eq(run.rc, 0);
		ck_assert_msg(run.s[0].crit[0] == t[i].vmax, "case %zu max: %s", i, run.s[0].why[0]);
		ck_assert_msg(run.s[0].crit[1] == t[i].vmin, "case %zu min: %s", i, run.s[0].why[1]);
		ck_assert_int_eq(run.s[0].verdict, t[i].sample);
	}
	/* a range is decided by its lower end: "< 0.5" is below [1, 2], "< 3"
	 * cannot show the value is at least 1 */
	gi_spec *r = t_spec_text(t_spec_xml(
		"<criterion id=\"range\" analyte=\"residue\" unit=\"mg/kg\"><limit ge=\"1\" le=\"2\"/></criterion>"));
	t_verify_csv(&run, r, "L,S1,p,test,Tam Đường,1300,residue,mg/kg,,<0.5,,,,\n");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_FAIL);
	t_verify_csv(&run, r, "L,S1,p,test,Tam Đường,1300,residue,mg/kg,,<3,,,,\n");
	ck_assert_int_eq(run.s[0].crit[0], GI_VERDICT_INCONCLUSIVE);
	gi_spec_free(r);
	/* the explanation says why */
	t_verify_csv(&run, s, "L,S1,p,test,Tam Đường,1300,residue,mg/kg,,0.01,,,,\nL,S1,p,test,Tam Đường,1300,glu,g/100g,,<6,,,,\n");
	ck_assert_ptr_nonnull(strstr(run.s[0].why[1], "never proves a minimum"));
	ck_assert_int_eq(run.sum.verdict, GI_VERDICT_INCONCLUSIVE);
	gi_spec_free(s);
}
END_TEST

/* Origin: the administrative unit must be one of the area's (district
 * words and ASCII case do not matter; a province is not its capital city)
 * and the altitude within the closed range. */
START_TEST(origin)
{
	gi_spec *s = t_spec_text(t_spec_xml("<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion>"));
	static const struct { const char *unit, *alt; gi_verdict v; } t[] = {
		{ "Tam Đường", "1200", GI_VERDICT_PASS }, { "huyện Tam Đường", "2500", GI_VERDICT_PASS },
		{ "Tam Đường district", "1800", GI_VERDICT_PASS }, { "TP. Lai Châu", "1300", GI_VERDICT_PASS },
		{ "Lai Châu city", "1300", GI_VERDICT_PASS }, { "Tỉnh Lai Châu", "1300", GI_VERDICT_FAIL },
		{ "Lai Châu", "1300", GI_VERDICT_FAIL }, { "Mường Tè", "1300", GI_VERDICT_FAIL },
		{ "Tam Đường", "1199", GI_VERDICT_FAIL }, { "Tam Đường", "2501", GI_VERDICT_FAIL },
		{ "Tam Đường", "", GI_VERDICT_NOT_TESTED }, { "", "1500", GI_VERDICT_NOT_TESTED },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char rows[256];
		snprintf(rows, sizeof rows, "L,S1,p,test,%s,%s,glu,g/100g,,6,,,,\n", t[i].unit, t[i].alt);
		t_verify_csv(&run, s, rows);
		ck_assert_int_eq(run.rc, 0);
		ck_assert_msg(run.s[0].origin == t[i].v, "case %zu (%s, %s): %s", i, t[i].unit, t[i].alt,
		              run.s[0].origin_reason);
		gi_verdict want = t[i].v == GI_VERDICT_NOT_TESTED ? GI_VERDICT_INCOMPLETE : t[i].v;
		ck_assert_int_eq(run.s[0].verdict, want);
	}
	gi_spec_free(s);
}
END_TEST

/* A sample passes only if everything passes; a missing mandatory result
 * makes it incomplete (never a pass); a failure outranks that; an
 * optional criterion may be missing. The report verdict follows the same
 * order, and the counts add up. */
START_TEST(sample_and_report_verdicts)
{
	gi_spec *s = t_spec_text(t_spec_xml(
		"<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion>\n"
		"<criterion id=\"f\" analyte=\"fat\" unit=\"%\"><limit le=\"10\"/></criterion>\n"
		"<criterion id=\"c\" analyte=\"colour\" mandatory=\"false\"><limit><allowed>green</allowed><allowed>yellow</allowed></limit></criterion>"));
	ck_assert_ptr_nonnull(s);
	t_verify_csv(&run, s,
		"L,A,p,test,Tam Đường,1300,glu,g/100g,,6,,,,\nL,A,p,test,Tam Đường,1300,fat,%,,5,,,,\n"
		"L,B,p,test,Tam Đường,1300,glu,g/100g,,6,,,,\n"
		"L,C,p,test,Tam Đường,1300,glu,g/100g,,4,,,,\n"
		"L,D,p,test,Tam Đường,1300,glu,g/100g,,6,,,,\nL,D,p,test,Tam Đường,1300,fat,%,,5,,,,\nL,D,p,test,Tam Đường,1300,colour,,,,,,,red\n"
		"L,E,p,test,Tam Đường,1300,glu,g/100g,,6,,,,\nL,E,p,test,Tam Đường,1300,fat,%,,5,,,,\nL,E,p,test,Tam Đường,1300,colour,,,,,,,Yellow\n");
	ck_assert_int_eq(run.rc, 0);
	ck_assert_uint_eq(run.n, 5);
	ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_PASS);        /* optional colour missing */
	ck_assert_int_eq(run.s[0].crit[2], GI_VERDICT_NOT_TESTED);
	ck_assert_int_eq(run.s[1].verdict, GI_VERDICT_INCOMPLETE);  /* fat missing */
	ck_assert_str_eq(run.s[1].reason, "not tested: f");
	ck_assert_int_eq(run.s[2].verdict, GI_VERDICT_FAIL);        /* fails and incomplete: fail */
	ck_assert_str_eq(run.s[2].reason, "fails g");
	ck_assert_int_eq(run.s[3].crit[2], GI_VERDICT_FAIL);        /* red is not allowed */
	ck_assert_int_eq(run.s[4].crit[2], GI_VERDICT_PASS);
	ck_assert_uint_eq(run.sum.samples, 5);
	ck_assert_uint_eq(run.sum.pass, 2);
	ck_assert_uint_eq(run.sum.fail, 2);
	ck_assert_uint_eq(run.sum.incomplete, 1);
	ck_assert_int_eq(run.sum.verdict, GI_VERDICT_FAIL);
	gi_spec_free(s);
}
END_TEST

/* Samples that do not fit the spec are bad input, stopped with the line. */
START_TEST(bad_samples)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	static const struct { const char *row; const char *says; } t[] = {
		{ "L,S1,black-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,glutamic-acid,g/100g,,6,,,,", "product 'black-tea'" },
		{ "L,S1,green-tea,other-spec,Tam Đường,1450,glutamic-acid,g/100g,,6,,,,", "spec 'other-spec'" },
		{ "L,S1,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,caffeine,g/100g,,6,,,,", "unknown analyte 'caffeine'" },
		{ "L,S1,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,glutamic-acid,meq O2/kg,,6,,,,", "cannot be converted" },
		{ "L,S1,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,glutamic-acid,,,,,,,strong", "text result" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char rows[512];
		snprintf(rows, sizeof rows, "L,S0,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,glutamic-acid,g/100g,,6,,,,\n%s\n", t[i].row);
		t_verify_csv(&run, s, rows);
		ck_assert_int_eq(run.rc, GI_EINVALID);
		ck_assert_msg(strstr(run.error, t[i].says), "case %zu: %s", i, run.error);
		ck_assert_int_eq(run.error_line, 3);
		ck_assert_uint_eq(run.n, 1);  /* the good sample before it was reported */
	}
	gi_spec_free(s);
}
END_TEST

/* The JSON form of a result carries what the verdict rests on. */
START_TEST(json_result)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	FILE *f = fopen(t_src("examples/lai-chau-2026.xml"), "rb");
	static char text[1 << 16];
	text[fread(text, 1, sizeof text - 1, f)] = '\0';
	fclose(f);
	t_verify(&run, s, text);
	ck_assert_int_eq(run.rc, 0);
	json_error_t err;
	json_t *j = json_loads(run.s[0].json, 0, &err);
	ck_assert_msg(j != NULL, "%s", err.text);
	ck_assert_str_eq(json_string_value(json_object_get(j, "id")), "LC26-GT-001");
	ck_assert_str_eq(json_string_value(json_object_get(j, "lot")), "LC-GT-2026-0001");
	ck_assert_str_eq(json_string_value(json_object_get(j, "verdict")), "pass");
	json_t *c = json_array_get(json_object_get(j, "criteria"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(c, "id")), "glutamic-acid");
	ck_assert(fabs(json_real_value(json_object_get(c, "value")) - 5.495) < 1e-12);
	ck_assert_str_eq(json_string_value(json_object_get(c, "unit")), "g/100g");
	ck_assert_int_eq(json_integer_value(json_object_get(c, "replicates")), 2);
	ck_assert(json_real_value(json_object_get(json_object_get(c, "limit"), "lower")) == 5.34);
	ck_assert(json_is_true(json_object_get(json_object_get(c, "limit"), "lower_inclusive")));
	ck_assert(json_real_value(json_object_get(json_object_get(c, "uncertainty"), "expanded")) == 0.2);
	ck_assert_str_eq(json_string_value(json_object_get(c, "verdict")), "pass");
	ck_assert(json_string_length(json_object_get(c, "reason")) > 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "origin"), "verdict")), "pass");
	json_decref(j);
	gi_spec_free(s);
}
END_TEST

static int stop_after_one(const gi_sample_result *r, void *payload)
{
	(*(int *)payload)++;
	return 1;
}

/* A callback can stop verification; the caller is told so. */
START_TEST(callback_stops)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_file(&r, t_src("examples/lai-chau-2026.xml"), NULL), 0);
	int calls = 0;
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = stop_after_one;
	o.payload = &calls;
	gi_summary sum;
	ck_assert_int_eq(gi_verify(&sum, s, r, &o), GI_EABORTED);
	ck_assert_int_eq(calls, 1);
	o.version = 99;
	ck_assert_int_eq(gi_verify(&sum, s, r, &o), GI_EUSAGE);
	gi_report_free(r);
	gi_spec_free(s);
}
END_TEST

/* EVOO samples for gi_verify with several spec versions: per sample, the
 * verdict, the version that judged it and the verdict of each criterion. */
typedef struct {
	size_t n;
	gi_verdict verdict[8], crit[8][12];
	char version[8][16], reason[8][400];
} evoo_run;

static int evoo_collect(const gi_sample_result *r, void *payload)
{
	evoo_run *e = payload;
	ck_assert_uint_lt(e->n, 8);
	e->verdict[e->n] = r->verdict;
	snprintf(e->version[e->n], sizeof e->version[0], "%s", gi_spec_get_info(r->spec)->version);
	snprintf(e->reason[e->n], sizeof e->reason[0], "%s", r->reason);
	for (size_t i = 0; i < r->n_criteria && i < 12; i++)
		e->crit[e->n][i] = r->criteria[i].verdict;
	e->n++;
	return 0;
}

/* One sample per line "id,sampled,acidity,ethyl-esters,median-defect,
 * fruity-median"; the other quality results are well inside every version's
 * limits (peroxide 10, K232 2.00, K270 0.15, Delta-K 0.005, waxes 100). */
static void evoo_verify(evoo_run *e, const char *samples)
{
	static const gi_spec *versions[2];
	gi_spec *v[3] = { t_spec("specs/eu-extra-virgin-olive-oil-2022.xml"), t_spec("specs/eu-extra-virgin-olive-oil.xml"),
	                  t_spec("specs/eu-extra-virgin-olive-oil-2016.xml") };
	versions[0] = v[1];
	versions[1] = v[2];
	char text[8192] = "lab,sample,product,spec,sampled,analyte,unit,value\n", copy[2048];
	snprintf(copy, sizeof copy, "%s", samples);
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char id[16], date[16], acid[16], faee[16], md[16], mf[16];
		ck_assert_int_eq(sscanf(line, "%15[^,],%15[^,],%15[^,],%15[^,],%15[^,],%15s", id, date, acid, faee, md, mf), 6);
		const char *rows[][3] = {
			{ "acidity", "%", acid }, { "peroxide-value", "meq O2/kg", "10" }, { "k232", "1", "2.00" },
			{ "k270", "1", "0.15" }, { "delta-k", "1", "0.005" }, { "waxes", "mg/kg", "100" },
			{ "ethyl-esters", "mg/kg", faee }, { "median-defect", "1", md }, { "fruity-median", "1", mf },
		};
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			size_t at = strlen(text);
			snprintf(text + at, sizeof text - at, "L,%s,extra-virgin-olive-oil,eu-extra-virgin-olive-oil,%s,%s,%s,%s\n",
			         id, date, rows[i][0], rows[i][1], rows[i][2]);
		}
	}
	memset(e, 0, sizeof *e);
	gi_report *r = NULL;
	ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "evoo.csv", NULL), 0);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = evoo_collect;
	o.payload = e;
	o.versions = versions;
	o.n_versions = 2;
	gi_summary sum;
	int rc = gi_verify(&sum, v[0], r, &o);
	ck_assert_msg(rc == 0, "%s", gi_error_last()->message);
	gi_report_free(r);
	for (int i = 0; i < 3; i++)
		gi_spec_free(v[i]);
}

/* The EU extra virgin olive oil versions, each in force from its date:
 * Reg. (EU) 2015/1830 from 16.10.2015 (third day after OJ L 266,
 * 13.10.2015), Reg. (EU) 2016/2095 from 4.12.2016 (Art. 2; OJ L 326,
 * 1.12.2016), Reg. (EU) 2022/2104 from 24.11.2022 (Annex I, Table A,
 * point 1 of the consolidated text 02022R2104-20240610). Ethyl esters:
 * 2015/1830's row 1 sets <= 35 mg/kg for the 2014-2016 crop years (<= 30
 * only "after 2016 crop years"), 2016/2095 and 2022/2104 <= 35 mg/kg; so
 * 32 mg/kg passes in every version and 36 mg/kg fails in every version.
 * Acidity is <= 0,80 % in 2022/2104 (0,8 in the others): 0.81 fails.
 * Md = 0 and Mf > 0 in every version: Md 0.1 and Mf 0 fail. */
START_TEST(evoo_versions_by_sampling_date)
{
	evoo_run e;
	evoo_verify(&e,
	            "A,2015-10-15,0.5,32,0,3\n"   /* before 2015/1830 took effect */
	            "B,2015-10-16,0.5,32,0,3\n"   /* 2015/1830, 2014-2016 crop limit 35 */
	            "C,2016-12-03,0.5,36,0,3\n"   /* last day of 2015/1830 */
	            "D,2016-12-04,0.5,32,0,3\n"   /* 2016/2095 */
	            "E,2022-11-23,0.5,36,0,3\n"   /* last day of 2016/2095 */
	            "F,2022-11-24,0.5,32,0,3\n"   /* 2022/2104 */
	            "G,2024-06-10,0.5,35.1,0,3\n" /* 2022/2104 as amended by 2024/1401 */
	            "H,2024-06-10,0.81,32,0.1,0\n");
	ck_assert_uint_eq(e.n, 8);
	ck_assert_int_eq(e.verdict[0], GI_VERDICT_INCONCLUSIVE);
	ck_assert_msg(strstr(e.reason[0], "no version of the specification was in force"), "%s", e.reason[0]);
	static const struct { const char *version; gi_verdict verdict; } want[] = {
		{ "2015-1830", GI_VERDICT_PASS }, { "2015-1830", GI_VERDICT_FAIL }, { "2016-2095", GI_VERDICT_PASS },
		{ "2016-2095", GI_VERDICT_FAIL }, { "2022-2104", GI_VERDICT_PASS }, { "2022-2104", GI_VERDICT_FAIL },
		{ "2022-2104", GI_VERDICT_FAIL },
	};
	for (size_t i = 1; i < 8; i++) {
		ck_assert_msg(strcmp(e.version[i], want[i - 1].version) == 0, "sample %zu: version %s", i, e.version[i]);
		ck_assert_msg(e.verdict[i] == want[i - 1].verdict, "sample %zu (%s): %s", i, e.version[i], e.reason[i]);
	}
	/* the ethyl-ester criterion decides C, E and G: index 6 in 2015/1830
	 * (after waxes), index 5 in 2016/2095 and 2022/2104 */
	ck_assert_int_eq(e.crit[2][6], GI_VERDICT_FAIL);
	ck_assert_int_eq(e.crit[4][5], GI_VERDICT_FAIL);
	ck_assert_int_eq(e.crit[6][5], GI_VERDICT_FAIL);
	/* H: acidity 0.81 > 0.80, Md 0.1 > 0.0 and Mf 0 not > 0.0 */
	ck_assert_int_eq(e.crit[7][0], GI_VERDICT_FAIL);
	ck_assert_int_eq(e.crit[7][5], GI_VERDICT_PASS);
	ck_assert_int_eq(e.crit[7][6], GI_VERDICT_FAIL);
	ck_assert_int_eq(e.crit[7][7], GI_VERDICT_FAIL);
}
END_TEST

/* A sample naming a product the specification does not define is refused
 * with every product it does define, in spec order (the Lai Châu tea
 * specification, GI No. 00146: green tea, oolong, Oriental Beauty). */
START_TEST(unknown_product_lists_all)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	t_verify_csv(&run, s, "L,S1,black-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,glutamic-acid,g/100g,,5.5,,,,\n");
	ck_assert_int_eq(run.rc, GI_EINVALID);
	ck_assert_int_eq(run.error_line, 2);
	ck_assert_str_eq(run.error, "sample S1 names product 'black-tea', which vn-gi-00146-lai-chau-tea does not "
	                 "define (it has: green-tea, oolong, oriental-beauty)");
	gi_spec_free(s);
}
END_TEST

/* A sample's reason names every failed part, the origin included,
 * separated by ", " - also after a criterion whose id is one letter. */
START_TEST(failed_parts_listed)
{
	gi_spec *s = t_spec_text(t_spec_xml("<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion>"));
	t_verify_csv(&run, s, "L,S1,p,test,Mường Tè,1300,glu,g/100g,,4,,,,\n");
	ck_assert_int_eq(run.rc, 0);
	ck_assert_int_eq(run.s[0].verdict, GI_VERDICT_FAIL);
	ck_assert_str_eq(run.s[0].reason, "fails g, origin");
	gi_spec_free(s);
}
END_TEST

typedef struct {
	char reason[512], text[512], sample_text[512];
} origin_words;

static int keep_origin(const gi_sample_result *r, void *payload)
{
	origin_words *w = payload;
	snprintf(w->reason, sizeof w->reason, "%s", r->origin_reason ? r->origin_reason : "(null)");
	snprintf(w->text, sizeof w->text, "%s", r->origin_reason_text ? r->origin_reason_text : "(null)");
	snprintf(w->sample_text, sizeof w->sample_text, "%s", r->reason_text ? r->reason_text : "(null)");
	return 0;
}

static void origin_under(origin_words *w, locale_t loc, const gi_spec *spec, const char *row)
{
	char text[1024];
	snprintf(text, sizeof text, "%s%s", t_csv_header, row);
	gi_report *r;
	ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "o.csv", NULL), 0);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = keep_origin;
	o.payload = w;
	locale_t old = uselocale(loc);
	int rc = gi_verify(NULL, spec, r, &o);
	uselocale(old);
	ck_assert_int_eq(rc, 0);
	gi_report_free(r);
}

/* The origin's reason in the language of LC_MESSAGES (po/vi.po): a
 * missing administrative unit and the altitude check each in Vietnamese,
 * joined as the English reason is; with no altitude in the area, the
 * unit's words alone. The English reason stays beside them. */
START_TEST(origin_reason_translated)
{
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/po", getenv("GI_BUILDDIR") ? getenv("GI_BUILDDIR") : ".");
	setenv("GI_LOCALEDIR", dir, 0);
	unsetenv("LANGUAGE");
	bindtextdomain("libgi", getenv("GI_LOCALEDIR"));
	locale_t vi = newlocale(LC_ALL_MASK, "vi_VN.UTF-8", (locale_t)0);
	ck_assert_msg(vi != (locale_t)0, "no vi_VN.UTF-8 locale: run 'localedef -i vi_VN -f UTF-8 vi_VN.UTF-8'");
	const char *crit = "<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion>";
	gi_spec *s = t_spec_text(t_spec_xml(crit));
	origin_words w;
	origin_under(&w, vi, s, "L,S1,p,test,,1300,glu,g/100g,,6,,,,,\n");
	ck_assert_str_eq(w.reason, "administrative unit of origin not reported; altitude 1300 m is within 1200–2500 m");
	ck_assert_str_eq(w.text, "không khai báo đơn vị hành chính nơi sản xuất; độ cao 1300 m nằm trong khoảng "
	                 "1200–2500 m");
	/* a sample that passes says so in Vietnamese too */
	origin_under(&w, vi, s, "L,S1,p,test,Tam Đường,1300,glu,g/100g,,6,,,,,\n");
	ck_assert_str_eq(w.sample_text, "đạt 1 chỉ tiêu và nguồn gốc");
	gi_spec_free(s);
	/* the same area without an altitude range */
	char *xml = strdup(t_spec_xml(crit));
	char *alt = strstr(xml, "<altitude min=\"1200\" max=\"2500\"/>");
	ck_assert_ptr_nonnull(alt);
	memmove(alt, alt + strlen("<altitude min=\"1200\" max=\"2500\"/>"), strlen(alt) - strlen("<altitude min=\"1200\" max=\"2500\"/>") + 1);
	s = t_spec_text(xml);
	ck_assert_ptr_nonnull(s);
	origin_under(&w, vi, s, "L,S1,p,test,,1300,glu,g/100g,,6,,,,,\n");
	ck_assert_str_eq(w.reason, "administrative unit of origin not reported");
	ck_assert_str_eq(w.text, "không khai báo đơn vị hành chính nơi sản xuất");
	gi_spec_free(s);
	free(xml);
	freelocale(vi);
}
END_TEST

static int keep_criterion_text(const gi_sample_result *r, void *payload)
{
	origin_words *w = payload;
	snprintf(w->text, sizeof w->text, "%s", r->n_criteria && r->criteria[0].reason_text ? r->criteria[0].reason_text
	                                                                                  : "(null)");
	return 0;
}

/* The criterion's reason in Vietnamese (po/vi.po) counts the replicates
 * used as the English one does: five results, one outlier left out by
 * Grubbs' test (G = 1.783 > 1.715, ISO 5725-2:1994 table 5, n = 5, 5 %),
 * is the mean of 4. */
START_TEST(outlier_prefix_translated)
{
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/po", getenv("GI_BUILDDIR") ? getenv("GI_BUILDDIR") : ".");
	setenv("GI_LOCALEDIR", dir, 0);
	unsetenv("LANGUAGE");
	bindtextdomain("libgi", getenv("GI_LOCALEDIR"));
	locale_t vi = newlocale(LC_ALL_MASK, "vi_VN.UTF-8", (locale_t)0);
	ck_assert_msg(vi != (locale_t)0, "no vi_VN.UTF-8 locale: run 'localedef -i vi_VN -f UTF-8 vi_VN.UTF-8'");
	gi_spec *s = t_spec_text(t_spec_xml("<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit le=\"10.3\"/>"
	                                    "<decisionRule rule=\"simple\" outliers=\"exclude\"/></criterion>"));
	char text[2048];
	snprintf(text, sizeof text, "%s%s%s%s%s%s", t_csv_header, "L,S1,p,test,Tam Đường,1300,glu,g/100g,,10.1,,,,,\n",
	         "L,S1,p,test,Tam Đường,1300,glu,g/100g,,10.2,,,,,\n", "L,S1,p,test,Tam Đường,1300,glu,g/100g,,10.0,,,,,\n",
	         "L,S1,p,test,Tam Đường,1300,glu,g/100g,,10.1,,,,,\n", "L,S1,p,test,Tam Đường,1300,glu,g/100g,,12.0,,,,,\n");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "o.csv", NULL), 0);
	origin_words w;
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = keep_criterion_text;
	o.payload = &w;
	locale_t old = uselocale(vi);
	int rc = gi_verify(NULL, s, r, &o);
	uselocale(old);
	ck_assert_int_eq(rc, 0);
	const char *want = "trung bình của 4 lần đo (loại giá trị ngoại lai 12 theo ";
	ck_assert_msg(strncmp(w.text, want, strlen(want)) == 0, "%s", w.text);
	gi_report_free(r);
	gi_spec_free(s);
	freelocale(vi);
}
END_TEST

/* Every result of a sample names an analyte the specification declares,
 * not just the first: an undeclared one on the sample's third row is
 * refused with that row's line. */
START_TEST(undeclared_analyte_on_a_later_row)
{
	gi_spec *s = t_spec_text(t_spec_xml("<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion>"));
	t_verify_csv(&run, s, "L,S1,p,test,Tam Đường,1300,glu,g/100g,,6,,,,\n"
	                      "L,S1,p,test,Tam Đường,1300,fat,g/100g,,20,,,,\n"
	                      "L,S1,p,test,Tam Đường,1300,caffeine,g/100g,,3,,,,\n");
	ck_assert_int_eq(run.rc, GI_EINVALID);
	ck_assert_int_eq(run.error_line, 4);
	ck_assert_str_eq(run.error, "sample S1: unknown analyte 'caffeine' (not declared in test)");
	gi_spec_free(s);
}
END_TEST

/* gi/verify.h: a NULL spec or report - either one - is GI_EUSAGE, and
 * no verifier is handed out. */
START_TEST(verifier_needs_spec_and_report)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_file(&r, t_src("examples/lai-chau-2026.xml"), NULL), GI_OK);
	gi_verifier *v = (gi_verifier *)&v;
	ck_assert_int_eq(gi_verifier_new(&v, s, NULL, NULL), GI_EUSAGE);
	ck_assert_ptr_null(v);
	v = (gi_verifier *)&v;
	ck_assert_int_eq(gi_verifier_new(&v, NULL, r, NULL), GI_EUSAGE);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(gi_verifier_new(NULL, s, r, NULL), GI_EUSAGE);
	ck_assert_int_eq(gi_verify(NULL, s, NULL, NULL), GI_EUSAGE);
	ck_assert_int_eq(gi_verify(NULL, NULL, r, NULL), GI_EUSAGE);
	/* the report was not touched: it still verifies from its first sample */
	gi_summary sum;
	ck_assert_int_eq(gi_verify(&sum, s, r, NULL), GI_OK);
	ck_assert_uint_eq(sum.samples, 6);
	gi_report_free(r);
	gi_spec_free(s);
}
END_TEST

Suite *suite_verify(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("verdicts");
	tcase_add_test(tc, lai_chau_thresholds);
	tcase_add_test(tc, strict_versus_inclusive);
	tcase_add_test(tc, evoo_versions_by_sampling_date);
	tcase_add_test(tc, dry_matter);
	tcase_add_test(tc, ratio);
	tcase_add_test(tc, censored);
	tcase_add_test(tc, origin);
	tcase_add_test(tc, sample_and_report_verdicts);
	tcase_add_test(tc, bad_samples);
	tcase_add_test(tc, json_result);
	tcase_add_test(tc, callback_stops);
	tcase_add_test(tc, unknown_product_lists_all);
	tcase_add_test(tc, origin_reason_translated);
	tcase_add_test(tc, outlier_prefix_translated);
	tcase_add_test(tc, failed_parts_listed);
	tcase_add_test(tc, verifier_needs_spec_and_report);
	tcase_add_test(tc, undeclared_analyte_on_a_later_row);
	suite_add_tcase(s, tc);
	return s;
}
