/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_stream.c - verification read one sample at a time (gi_verifier),
 * and the streamed JSON of a sample's result: the same bytes as the
 * tree-built reference (tests/json_reference.c), every real read back as
 * the double it was written from.
 */
#include "config.h"
#include <dirent.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <jansson.h>
#include <gi/gi.h>
#include "internal.h"
#include "json_internal.h"
#include "helpers.h"
#include "json_reference.h"
#include "suites.h"

static int count_verdicts(const gi_sample_result *r, void *payload)
{
	gi_verdict *v = payload;
	v[0]++;
	v[v[0]] = r->verdict;
	return 0;
}

/* gi_verifier_next hands out the samples gi_verify's callback gets, in
 * order, and its summary is gi_verify's; the example report (GI No. 00146
 * Lai Châu: glutamic acid >= 5.34 g/100g) gives 3 pass, 2 fail, 1
 * incomplete. */
START_TEST(verifier_pulls_what_verify_pushes)
{
	gi_spec *spec = t_spec("specs/lai-chau-tea.xml");
	gi_report *rep;
	gi_verdict pushed[16] = { 0 };
	gi_summary sum_push, sum_pull;
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = count_verdicts;
	o.payload = pushed;
	ck_assert_int_eq(gi_report_open_file(&rep, t_src("examples/lai-chau-2026.xml"), NULL), GI_OK);
	ck_assert_int_eq(gi_verify(&sum_push, spec, rep, &o), GI_OK);
	gi_report_free(rep);

	ck_assert_int_eq(gi_report_open_file(&rep, t_src("examples/lai-chau-2026.xml"), NULL), GI_OK);
	gi_verifier *v;
	ck_assert_int_eq(gi_verifier_new(&v, spec, rep, &o), GI_OK);
	const gi_sample_result *r;
	size_t n = 0;
	while (gi_verifier_next(&r, v) == GI_OK && r) {
		n++;
		ck_assert_int_eq(r->verdict, pushed[n]);
	}
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(pushed[0], 6);   /* the callback of opts is not called */
	ck_assert_int_eq(gi_verifier_next(&r, v), GI_OK);   /* still the end */
	ck_assert_ptr_null(r);
	ck_assert_int_eq(gi_verifier_summary(&sum_pull, v), GI_OK);
	ck_assert_int_eq(memcmp(&sum_push, &sum_pull, sizeof sum_pull), 0);
	ck_assert_uint_eq(sum_pull.pass, 3);
	ck_assert_uint_eq(sum_pull.fail, 2);
	ck_assert_uint_eq(sum_pull.incomplete, 1);
	ck_assert_int_eq(sum_pull.verdict, GI_VERDICT_FAIL);
	gi_verifier_free(v);
	gi_verifier_free(NULL);
	gi_report_free(rep);
	gi_spec_free(spec);
}
END_TEST

/* A bad sample stops the stream with its file and line, after the good
 * one before it; the verifier then refuses to go on. */
START_TEST(verifier_stops_at_a_bad_sample)
{
	gi_spec *spec = t_spec("specs/lai-chau-tea.xml");
	const char *text = "lab,sample,product,spec,analyte,unit,value\n"
	                   "L,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4\n"
	                   "L,S2,black-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4\n";
	gi_report *rep;
	ck_assert_int_eq(gi_report_open_memory(&rep, text, strlen(text), "bad.csv", NULL), GI_OK);
	gi_verifier *v;
	ck_assert_int_eq(gi_verifier_new(&v, spec, rep, NULL), GI_OK);
	const gi_sample_result *r;
	ck_assert_int_eq(gi_verifier_next(&r, v), GI_OK);
	ck_assert_str_eq(r->sample->id, "S1");
	ck_assert_int_eq(gi_verifier_next(&r, v), GI_EINVALID);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(gi_error_last()->line, 3);
	ck_assert_int_eq(gi_verifier_next(&r, v), GI_EUSAGE);
	gi_summary sum;
	ck_assert_int_eq(gi_verifier_summary(&sum, v), GI_OK);
	ck_assert_uint_eq(sum.samples, 1);
	gi_verifier_free(v);
	gi_report_free(rep);
	/* the residue rule cannot decide a minimum: refused before any sample */
	ck_assert_int_eq(gi_report_open_memory(&rep, text, strlen(text), "bad.csv", NULL), GI_OK);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.override_rule = 1;
	o.rule_kind = GI_RULE_RESIDUE;
	v = (gi_verifier *)&o;
	ck_assert_int_eq(gi_verifier_new(&v, spec, rep, &o), GI_EUSAGE);
	ck_assert_ptr_null(v);
	gi_report_free(rep);
	gi_spec_free(spec);
}
END_TEST

/* ---- reals ---- */

static double read_back(const char *text)
{
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	double v = strtod_l(text, NULL, c);
	freelocale(c);
	return v;
}

/* What the tree-built JSON writes for v (jansson, 17 digits, shortened). */
static void reference_real(char *buf, size_t n, double v)
{
	json_t *a = json_array();
	json_array_append_new(a, json_real(v));
	char *s = gi__json_dumps(a, JSON_COMPACT);
	snprintf(buf, n, "%.*s", (int)strlen(s) - 2, s + 1);
	free(s);
	json_decref(a);
}

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static uint64_t next_random(void)
{
	return t_xorshift64(&state);
}

static void check_real(double v)
{
	if (!isfinite(v))
		return;   /* left out: checked on its own */
	char got[GI__JSON_REAL_SIZE], want[GI__JSON_REAL_SIZE];
	size_t n = gi__json_real(got, v);
	ck_assert_uint_eq(n, strlen(got));
	reference_real(want, sizeof want, v);
	ck_assert_msg(strcmp(got, want) == 0, "%.17g: wrote %s, the reference %s", v, got, want);
	double back = read_back(got);
	ck_assert_msg(back == v || (v == 0 && back == 0), "%.17g written as %s reads back as %.17g", v, got, back);
}

/* Every real written reads back as the same double, and is the text the
 * tree-built JSON wrote: lab-style decimals, their sums and means, random
 * doubles of every magnitude, and the edges (zeros, powers of two and
 * ten, the largest and smallest doubles, subnormals). */
START_TEST(reals_read_back_exactly)
{
	static const double edge[] = {
		0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 0.1 + 0.2, 5.34, 5.495, 1e-4, 9.999999999999999e-5, 1e-5,
		1e-6, 1e-7, 1e15, 999999999999999.9, 1e15 - 1, 1e16, 1e22, 1e23, 4503599627370496.0,
		9007199254740993.0, 0.5, 0.25, 0.125, 2.0, 1024.0, 1.7976931348623157e308, DBL_MIN,
		DBL_MIN / 2, 4.9406564584124654e-324, 0.98610, 0.84134, 0.21186, 0.00820, 1.1543, 2.29,
		123456789012345.6, 0.000123456789012345, 1.0 / 3, 2.0 / 3, M_PI, M_E, 1e-300, 1e300,
	};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		check_real(edge[i]);
		check_real(-edge[i]);
		check_real(nextafter(edge[i], INFINITY));
		check_real(nextafter(edge[i], -INFINITY));
	}
	/* GI_STREAM_REALS=200000 for a deeper sweep than make check's */
	long rounds = getenv("GI_STREAM_REALS") ? atol(getenv("GI_STREAM_REALS")) : 3000;
	for (long i = 0; i < rounds; i++) {
		/* a decimal with 1-6 places as a lab writes it, a mean or a sum */
		double a = (double)(next_random() % 10000000) / pow(10, (double)(next_random() % 7));
		double b = (double)(next_random() % 10000000) / pow(10, (double)(next_random() % 7));
		check_real(a);
		check_real((a + b) / 2);
		check_real(a * 1.1);
		/* any bit pattern: every exponent */
		uint64_t bits = next_random();
		double d;
		memcpy(&d, &bits, sizeof d);
		if (isfinite(d))
			check_real(d);
		/* any mantissa around the magnitudes reports hold */
		check_real(ldexp((double)(next_random() >> 11), -(int)(next_random() % 80)));
	}
	char buf[GI__JSON_REAL_SIZE] = "unchanged";
	ck_assert_uint_eq(gi__json_real(buf, NAN), 0);
	ck_assert_uint_eq(gi__json_real(buf, INFINITY), 0);
	ck_assert_uint_eq(gi__json_real(buf, -INFINITY), 0);
}
END_TEST

/* What printf finds: the first of 1, 2, ... 17 digits whose "%.*e" reads back. */
static void printf_shortest_e(char *buf, size_t n, double v)
{
	for (int p = 1; p <= 17; p++) {
		gi__snprintf_c(buf, n, "%.*e", p - 1, v);
		if (read_back(buf) == v)
			return;
	}
}

static void check_shortest_e(double v)
{
	char got[32], want[64];
	if (gi__number_shortest_e(got, v) < 0) {
		ck_assert_msg(!(fabs(v) >= 1e-4 && fabs(v) < 1e15) || v == 0, "%.17g: no exact form", v);
		return;
	}
	printf_shortest_e(want, sizeof want, v);
	ck_assert_msg(strcmp(got, want) == 0, "%.17g: exact %s, printf %s", v, got, want);
}

/* The exact shortest "%.*e" form (the decimal the ASTM E29 rounding and
 * the decimal mean start from) is the one printf and strtod find, digit
 * for digit, over lab-style decimals, their means and random doubles. */
START_TEST(shortest_e_is_printf_s)
{
	static const double edge[] = { 5.34, 5.495, 0.1, 1e-4, 1e15, 999999999999999.9, 1.0, 9.5, 0.05, 1234.5,
	                               2.5e-4, 7.0, 100.0, 4503599627370496.0 / 8 };
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		check_shortest_e(edge[i]);
		check_shortest_e(-edge[i]);
		check_shortest_e(nextafter(edge[i], 0));
		check_shortest_e(nextafter(edge[i], INFINITY));
	}
	long rounds = getenv("GI_STREAM_REALS") ? atol(getenv("GI_STREAM_REALS")) : 3000;
	for (long i = 0; i < rounds; i++) {
		double a = (double)(next_random() % 10000000) / pow(10, (double)(next_random() % 7));
		double b = (double)(next_random() % 10000000) / pow(10, (double)(next_random() % 7));
		check_shortest_e(a);
		check_shortest_e((a + b) / 2);
		check_shortest_e(a / 3);
		check_shortest_e(ldexp((double)(next_random() >> 11), -(int)(next_random() % 80)));
	}
}
END_TEST

/* ---- whole results ---- */

typedef struct {
	size_t n;
	size_t edited;   /* results also compared with odd fields put in */
} compared;

static void compare_one(const gi_sample_result *r)
{
	char *got = NULL, *want = NULL;
	ck_assert_int_eq(gi_sample_result_json(&got, r), GI_OK);
	ck_assert_int_eq(t_json_reference(&want, r), GI_OK);
	ck_assert_msg(strcmp(got, want) == 0, "sample %s:\n streamed  %s\n reference %s", r->sample->id, got, want);
	gi_free(got);
	gi_free(want);
}

/* Each result as it is, and edited: strings with quotes, backslashes and
 * controls, strings that are not UTF-8 and NULL ones, reals that are not
 * finite - what jansson escapes or leaves out, the writer must too. */
static int compare_both(const gi_sample_result *r, void *payload)
{
	compared *c = payload;
	compare_one(r);
	c->n++;
	static const char *const odd[] = {
		"quote \" backslash \\ slash / tab\t nl\n cr\r bs\b ff\f nul-ish \x01 \x1f del \x7f",
		"not UTF-8 \xc3\x28", "overlong \xc0\xaf", "surrogate \xed\xa0\x80", "beyond \xf4\x90\x80\x80",
		"Tân Uyên \xe2\x80\xa8 \xf0\x9f\x8d\xb5", "",
	};
	gi_sample s = *r->sample;
	gi_sample_result e = *r;
	gi_criterion_result crit[8];
	gi_criterion cdef[8];
	size_t nc = r->n_criteria < 8 ? r->n_criteria : 8;
	memcpy(crit, r->criteria, nc * sizeof crit[0]);
	for (size_t i = 0; i < nc; i++) {
		cdef[i] = *r->criteria[i].criterion;
		crit[i].criterion = &cdef[i];
	}
	e.sample = &s;
	e.criteria = crit;
	e.n_criteria = nc;
	for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++) {
		s.id = odd[k];
		s.lot = k % 2 ? NULL : odd[k];
		s.origin = odd[(k + 1) % 7];
		s.has_altitude = 1;
		s.altitude = k == 0 ? NAN : k == 1 ? -INFINITY : 1234.5;
		e.reason = odd[(k + 2) % 7];
		e.origin_reason = k == 3 ? NULL : odd[(k + 3) % 7];
		for (size_t i = 0; i < nc; i++) {
			crit[i].reason = odd[(k + i) % 7];
			cdef[i].unit = k == 4 ? NULL : odd[(k + i + 1) % 7];
			crit[i].has_value = 1;
			crit[i].value = i == 0 ? NAN : i == 1 ? -0.0 : 1e-7 * (double)(k + 1);
			crit[i].has_probability = 1;
			crit[i].probability = k % 2 ? INFINITY : 0.9861;
			crit[i].has_stats = 1;
			crit[i].stats.ci_low = NAN;
			crit[i].stats.ci_high = 6.125;
			crit[i].grubbs = k % 3 ? NAN : 1.5;
			crit[i].grubbs_critical = 1.1543;   /* Grubbs 1969, n = 3, alpha = 0.05 */
		}
		compare_one(&e);
		c->edited++;
	}
	return 0;
}

static void compare_report(const char *spec_path, const char *report_path, compared *c)
{
	gi_spec *spec;
	gi_report *rep;
	if (gi_spec_load_file(&spec, spec_path, NULL) < 0)
		return;
	if (gi_report_open_file(&rep, report_path, NULL) == GI_OK) {
		gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
		o.on_sample = compare_both;
		o.payload = c;
		gi_verify(NULL, spec, rep, &o);   /* bad input stops it: the samples before are compared */
		gi_report_free(rep);
	}
	gi_error_clear();
	gi_spec_free(spec);
}

/* The streamed JSON of every sample of every report the tests ship (the
 * examples and the fuzz corpus, against every shipped spec) is the
 * tree-built reference's, byte for byte. */
START_TEST(json_streamed_equals_tree)
{
	static const char *const specs[] = {
		"specs/lai-chau-tea.xml", "specs/parmigiano-reggiano.xml", "specs/lam-dong-coffee.xml",
		"specs/luc-ngan-orange.xml", "specs/eu-extra-virgin-olive-oil.xml",
	};
	static const char *const dirs[] = { "examples", "tests/fuzz/corpus/report_xml", "tests/fuzz/corpus/report_csv" };
	compared c = { 0, 0 };
	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s", t_src(dirs[d]));
		DIR *dh = opendir(dir);
		ck_assert_ptr_nonnull(dh);
		struct dirent *de;
		while ((de = readdir(dh))) {
			const char *dot = strrchr(de->d_name, '.');
			if (de->d_name[0] == '.' || (d == 0 && (!dot || (strcmp(dot, ".xml") && strcmp(dot, ".csv")))))
				continue;
			char path[8192];
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
				char sp[4096];
				snprintf(sp, sizeof sp, "%s", t_src(specs[s]));
				compare_report(sp, path, &c);
			}
		}
		closedir(dh);
	}
	ck_assert_msg(c.n >= 20, "only %zu samples compared", c.n);
	ck_assert_uint_eq(c.edited, 7 * c.n);
}
END_TEST

Suite *suite_stream(void)
{
	Suite *s = suite_create("stream");
	TCase *tc = tcase_create("stream");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, verifier_pulls_what_verify_pushes);
	tcase_add_test(tc, verifier_stops_at_a_bad_sample);
	tcase_add_test(tc, reals_read_back_exactly);
	tcase_add_test(tc, shortest_e_is_printf_s);
	tcase_add_test(tc, json_streamed_equals_tree);
	suite_add_tcase(s, tc);
	return s;
}
