/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_number.c - the locale-free number parser. */
#define _GNU_SOURCE
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "internal.h"
#include "helpers.h"
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

/* The exact digits of gi__number_format(v, 17), as printf and strtod find
 * them: %.15g, %.16g, %.17g until one reads back (C11 7.21.6.1: %g rounds
 * to that many significant digits and drops trailing zeros), then written
 * positionally for 1e-6 <= |v| < 1e15. */
static void printf_digits(char *buf, size_t n, double v)
{
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old = uselocale(c);
	int p = 15;
	snprintf(buf, n, "%.*g", p, v);
	while (p < 17 && strtod(buf, NULL) != v)
		snprintf(buf, n, "%.*g", ++p, v);
	const char *e = strchr(buf, 'e');
	if (e && fabs(v) >= 1e-6 && fabs(v) < 1e15) {
		int digits = 0, exp10 = atoi(e + 1);
		for (const char *d = buf; d < e; d++)
			digits += *d >= '0' && *d <= '9';
		snprintf(buf, n, "%.*f", digits - 1 - exp10 > 0 ? digits - 1 - exp10 : 0, v);
	}
	uselocale(old);
	freelocale(c);
}

static uint64_t format_state = 0x2545F4914F6CDD1DULL;

static uint64_t format_random(void)
{
	return t_xorshift64(&format_state);
}

static void check_exact_format(double v)
{
	char got[40], want[40];
	gi__number_format(got, sizeof got, v, 17);
	printf_digits(want, sizeof want, v);
	ck_assert_msg(strcmp(got, want) == 0, "%.17g: formatted %s, printf and strtod give %s", v, got, want);
}

/* Exact formatting (17 digits; records, JSON, the registry) is computed
 * with integers where it can be (number_exact.c): the same text as the
 * printf and strtod search, for lab-style decimals, means, random bit
 * patterns and the edges of the exact range (1e-4 and 1e15). */
START_TEST(format_exact_is_printf_s)
{
	static const double edge[] = {
		1e-4, 9.999999999999999e-5, 1e15, 999999999999999.9, 1e15 - 1, 0.1 + 0.2, 5.495, 123456789012345.6,
		0.000123456789012345, 2.0 / 3, 1420, 0.5, 1e-6, 1e-7, 2.5e20,
	};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		check_exact_format(edge[i]);
		check_exact_format(-edge[i]);
		check_exact_format(nextafter(edge[i], INFINITY));
		check_exact_format(nextafter(edge[i], -INFINITY));
	}
	for (int i = 0; i < 20000; i++) {
		double a = (double)(format_random() % 100000000) / pow(10, (double)(format_random() % 12));
		check_exact_format(a);
		check_exact_format(a / 3);
		uint64_t bits = format_random();
		double d;
		memcpy(&d, &bits, sizeof d);
		if (isfinite(d) && d != 0)
			check_exact_format(d);
		check_exact_format(ldexp((double)(format_random() >> 11), (int)(format_random() % 120) - 100));
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
	tcase_add_test(tc, format_exact_is_printf_s);
	tcase_add_test(tc, compare_tolerance);
	suite_add_tcase(s, tc);
	return s;
}
