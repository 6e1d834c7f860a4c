/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_number.c - the locale-free number parser. */
#define _GNU_SOURCE
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "internal.h"
#include "suites.h"

static double c_strtod(const char *s)
{
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	double v = strtod_l(s, NULL, c);
	freelocale(c);
	return v;
}

/* A decimal comma and a decimal point give the same double, and that
 * double is the one the C library reads from the dotted form. */
START_TEST(comma_equals_point)
{
	static const char *const pairs[][2] = {
		{ "5,34", "5.34" }, { "4,24", "4.24" }, { "5,61", "5.61" }, /* Lai Châu limits */
		{ "0,05", "0.05" }, { "-0,5", "-0.5" }, { "1200", "1200" }, { "0,0001", "0.0001" },
		{ "1,5e-3", "1.5e-3" }, { "9,01", "9.01" }, { "2,64", "2.64" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		double a, b;
		ck_assert_int_eq(gi_number_parse(&a, pairs[i][0]), GI_OK);
		ck_assert_int_eq(gi_number_parse(&b, pairs[i][1]), GI_OK);
		ck_assert_msg(a == b && a == c_strtod(pairs[i][1]), "%s", pairs[i][0]);
	}
}
END_TEST

/* Text that is not one plain number is refused, never read partially. */
START_TEST(rejects_non_numbers)
{
	static const char *const bad[] = {
		"", " ", "1.234,5", "1,234.5", "5,3,4", "5..3", "12 mg", "nan", "NaN", "inf", "-inf",
		"0x10", ".5", ",5", "5.", "5,", "1e", "1e+", "--1", "+-1", "1-", "five", "5 34",
		"1e999", "٥", "５", "<0.05", "5%",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double v = 42;
		ck_assert_msg(gi_number_parse(&v, bad[i]) == GI_EPARSE, "accepted '%s'", bad[i]);
		ck_assert_msg(v == 42, "'%s' changed the output", bad[i]);
	}
	ck_assert_int_eq(gi_number_parse(NULL, "1"), GI_EUSAGE);
}
END_TEST

/* Blanks around a number (spaces, tabs, no-break spaces) are ignored. */
START_TEST(surrounding_blanks)
{
	double v;
	ck_assert_int_eq(gi_number_parse(&v, "  5,34\t"), GI_OK);
	ck_assert(v == 5.34);
	ck_assert_int_eq(gi_number_parse(&v, "\xC2\xA0" "7,5" "\xC2\xA0"), GI_OK);
	ck_assert(v == 7.5);
	ck_assert_int_eq(gi_number_parse(&v, "+3"), GI_OK);
	ck_assert(v == 3);
}
END_TEST

/* Property: for random decimal strings the result is the correctly rounded
 * double, i.e. what strtod reads in the C locale (fast and slow paths). */
START_TEST(correctly_rounded)
{
	srand(1234);
	for (int i = 0; i < 200000; i++) {
		char s[64], t[64];
		int digits = 1 + rand() % 20, point = rand() % (digits + 1), exp = rand() % 60 - 30;
		size_t k = 0;
		if (rand() % 4 == 0)
			s[k++] = '-';
		for (int d = 0; d < digits; d++) {
			if (d == point && d > 0)
				s[k++] = ',';
			s[k++] = (char)('0' + (d == 0 && digits > 1 ? 1 + rand() % 9 : rand() % 10));
		}
		if (rand() % 3 == 0)
			k += (size_t)snprintf(s + k, sizeof s - k, "e%d", exp);
		s[k] = '\0';
		snprintf(t, sizeof t, "%s", s);
		for (char *p = t; *p; p++)
			if (*p == ',')
				*p = '.';
		double v;
		ck_assert_msg(gi_number_parse(&v, s) == GI_OK, "rejected %s", s);
		ck_assert_msg(v == c_strtod(t), "%s -> %.17g, strtod %.17g", s, v, c_strtod(t));
	}
}
END_TEST

/* The process locale does not change what a number means: under a locale
 * whose decimal separator is a comma (vi_VN, de_DE), "5.34" is still 5.34,
 * and formatting still writes a point. (.ci/run generates these locales.) */
START_TEST(independent_of_locale)
{
	locale_t loc = newlocale(LC_ALL_MASK, "vi_VN.UTF-8", (locale_t)0);
	if (!loc)
		loc = newlocale(LC_ALL_MASK, "de_DE.UTF-8", (locale_t)0);
	ck_assert_msg(loc != (locale_t)0,
	              "no comma-decimal locale: run 'localedef -i vi_VN -f UTF-8 vi_VN.UTF-8'");
	locale_t old = uselocale(loc);
	ck_assert_str_eq(localeconv()->decimal_point, ",");
	double a, b;
	ck_assert_int_eq(gi_number_parse(&a, "5.34"), GI_OK);
	ck_assert_int_eq(gi_number_parse(&b, "5,34"), GI_OK);
	char buf[32];
	gi__number_format(buf, sizeof buf, 5.495, 6);
	uselocale(old);
	freelocale(loc);
	ck_assert(a == 5.34 && b == 5.34);
	ck_assert_str_eq(buf, "5.495");
}
END_TEST

/* Formatting gives the shortest text that reads back as the same value. */
START_TEST(format_shortest)
{
	static const struct { double v; const char *s; } cases[] = {
		{ 5.34, "5.34" }, { 1420, "1420" }, { 0.05, "0.05" }, { 41.15942028985507, "41.1594" },
		{ 1e-9, "1e-09" }, { (5.52 + 5.47) / 2, "5.495" }, { 2.0 / 3, "0.666667" }, { 2.5e20, "2.5e+20" }, { -0.5, "-0.5" }, { 0, "0" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[40];
		gi__number_format(buf, sizeof buf, cases[i].v, 6);
		ck_assert_str_eq(buf, cases[i].s);
	}
}
END_TEST

/* Values equal to nine significant digits compare equal; beyond that the
 * order is kept. */
START_TEST(compare_tolerance)
{
	ck_assert_int_eq(gi__compare((5.33 + 5.35) / 2, 5.34), 0);
	ck_assert_int_eq(gi__compare(0.1 + 0.2, 0.3), 0);
	ck_assert_int_eq(gi__compare(5.33999, 5.34), -1);
	ck_assert_int_eq(gi__compare(5.34001, 5.34), 1);
	ck_assert_int_eq(gi__compare(0, 0), 0);
}
END_TEST

Suite *suite_number(void)
{
	Suite *s = suite_create("number");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, comma_equals_point);
	tcase_add_test(tc, rejects_non_numbers);
	tcase_add_test(tc, surrounding_blanks);
	tcase_add_test(tc, correctly_rounded);
	tcase_add_test(tc, independent_of_locale);
	tcase_add_test(tc, format_shortest);
	tcase_add_test(tc, compare_tolerance);
	suite_add_tcase(s, tc);
	return s;
}
