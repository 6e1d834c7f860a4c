/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_units.c - unit spellings and conversions. */
#include <check.h>
#include <math.h>
#include <string.h>
#include "internal.h"
#include "suites.h"

/* One mass fraction, 5.34 g/100g, written in every unit libgi knows. */
static const struct { const char *unit; double value; } same_fraction[] = {
	{ "g/100g", 5.34 }, { "%", 5.34 }, { "g/kg", 53.4 }, { "mg/g", 53.4 },
	{ "mg/100g", 5340 }, { "mg/kg", 53400 }, { "µg/g", 53400 }, { "µg/kg", 53400000 },
};

/* Every conversion, both ways, agrees with the table (to 1e-12) and a
 * round trip returns the start value. */
START_TEST(every_conversion_both_ways)
{
	size_t n = sizeof same_fraction / sizeof same_fraction[0];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			double to, back;
			ck_assert_int_eq(gi_unit_convert(&to, same_fraction[i].value, same_fraction[i].unit,
			                                  same_fraction[j].unit), GI_OK);
			ck_assert_msg(fabs(to - same_fraction[j].value) <= 1e-12 * same_fraction[j].value,
			              "%s -> %s: %.17g", same_fraction[i].unit, same_fraction[j].unit, to);
			ck_assert_int_eq(gi_unit_convert(&back, to, same_fraction[j].unit, same_fraction[i].unit), GI_OK);
			ck_assert_int_eq(gi__compare(back, same_fraction[i].value), 0);
		}
}
END_TEST

/* A conversion is one operation with an exact power of ten, so an exact
 * input (an integer) lands on the double nearest the decimal result: 5340
 * mg/100g is 5.34 g/100g bit for bit, and stays exactly on that limit. */
START_TEST(exact_power_of_ten)
{
	double v;
	gi_unit_convert(&v, 5340, "mg/100g", "g/100g");
	ck_assert(v == 5.34);
	gi_unit_convert(&v, 4240, "mg/100g", "g/100g");
	ck_assert(v == 4.24);
	gi_unit_convert(&v, 0.05, "mg/kg", "µg/kg");
	ck_assert(v == 50);
}
END_TEST

START_TEST(spellings)
{
	static const char *const pairs[][2] = {
		{ "g/100 g", "g/100g" }, { "G/100G", "g/100g" }, { "% (w/w)", "%" }, { "%m/m", "%" },
		{ "ppm", "mg/kg" }, { "ppb", "µg/kg" }, { "ug/kg", "µg/kg" }, { "\xCE\xBCg/kg", "µg/kg" },
		{ "mcg/kg", "µg/kg" }, { "mg/100 g", "mg/100g" }, { "meq O2/kg", "meq O2/kg" },
		{ "meq/kg", "meq O2/kg" }, { "dimensionless", "1" }, { "m", "m" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		const char *c = NULL;
		ck_assert_int_eq(gi_unit_canonical(&c, pairs[i][0]), GI_OK);
		ck_assert_str_eq(c, pairs[i][1]);
	}
}
END_TEST

/* Unknown units and conversions across families are refused with a
 * message naming them. */
START_TEST(refusals)
{
	const char *c;
	double v;
	ck_assert_int_eq(gi_unit_canonical(&c, "g/lb"), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "g/lb"));
	ck_assert_int_eq(gi_unit_convert(&v, 1, "%", "meq O2/kg"), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "meq O2/kg"));
	ck_assert_int_eq(gi_unit_convert(&v, 1, "1", "%"), GI_EINVALID);
	ck_assert_int_eq(gi_unit_convert(&v, 1, "m", "mg/kg"), GI_EINVALID);
	ck_assert_int_eq(gi_unit_convert(&v, 1, "furlong", "m"), GI_EINVALID);
	ck_assert_int_eq(gi_unit_convert(NULL, 1, "m", "m"), GI_EUSAGE);
}
END_TEST

/* Every spelling of specs/spec-format.md (Units), its canonical name and
 * its size: 1 of the unit in µg/kg (10^-9), from the SI prefixes (SI
 * Brochure, 9th ed., BIPM 2019, Table 7: m = 10^-3, µ = 10^-6), % = 10^-2
 * and ppm = 10^-6, ppb = 10^-9 (NIST SP 811, 2008, section 7.10.3). The
 * dimensionless, peroxide and length units are the base of their family. */
START_TEST(every_spelling_and_its_size)
{
	static const struct { const char *spelling, *canonical, *base; double in_base; } t[] = {
		{ "g/100g", "g/100g", "µg/kg", 1e7 },   { "%", "%", "µg/kg", 1e7 },
		{ "%(w/w)", "%", "µg/kg", 1e7 },        { "%w/w", "%", "µg/kg", 1e7 },
		{ "%(m/m)", "%", "µg/kg", 1e7 },        { "%m/m", "%", "µg/kg", 1e7 },
		{ "wt%", "%", "µg/kg", 1e7 },           { "g/kg", "g/kg", "µg/kg", 1e6 },
		{ "mg/g", "mg/g", "µg/kg", 1e6 },       { "mg/100g", "mg/100g", "µg/kg", 1e4 },
		{ "mg/kg", "mg/kg", "µg/kg", 1e3 },     { "ppm", "mg/kg", "µg/kg", 1e3 },
		{ "µg/g", "µg/g", "µg/kg", 1e3 },       { "\xCE\xBCg/g", "µg/g", "µg/kg", 1e3 },
		{ "ug/g", "µg/g", "µg/kg", 1e3 },       { "µg/kg", "µg/kg", "µg/kg", 1 },
		{ "\xCE\xBCg/kg", "µg/kg", "µg/kg", 1 }, { "ug/kg", "µg/kg", "µg/kg", 1 },
		{ "mcg/kg", "µg/kg", "µg/kg", 1 },      { "ppb", "µg/kg", "µg/kg", 1 },
		{ "1", "1", "dimensionless", 1 },       { "-", "1", "dimensionless", 1 },
		{ "dimensionless", "1", "1", 1 },       { "meqO2/kg", "meq O2/kg", "meq/kg", 1 },
		{ "meqO\xE2\x82\x82/kg", "meq O2/kg", "meq/kg", 1 }, { "meq/kg", "meq O2/kg", "meq O2/kg", 1 },
		{ "m", "m", "m", 1 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		const char *c = NULL;
		double v = 0;
		ck_assert_msg(gi_unit_canonical(&c, t[i].spelling) == GI_OK, "%s", t[i].spelling);
		ck_assert_str_eq(c, t[i].canonical);
		ck_assert_int_eq(gi_unit_convert(&v, 1, t[i].spelling, t[i].base), GI_OK);
		ck_assert_msg(v == t[i].in_base, "1 %s = %.17g %s", t[i].spelling, v, t[i].base);
		/* and the other way: an exact power of ten divides */
		ck_assert_int_eq(gi_unit_convert(&v, t[i].in_base, t[i].base, t[i].spelling), GI_OK);
		ck_assert_msg(v == 1, "%s -> %s: %.17g", t[i].base, t[i].spelling, v);
	}
}
END_TEST

/* Blanks, tabs and no-break spaces (U+00A0, as word processors put
 * between a number's unit parts) are not part of a unit; letters are
 * compared without case; a spelling longer than any unit is unknown. */
START_TEST(blanks_and_case)
{
	const char *c = NULL;
	ck_assert_int_eq(gi_unit_canonical(&c, "MG\xC2\xA0/\tKG"), GI_OK);
	ck_assert_str_eq(c, "mg/kg");
	ck_assert_int_eq(gi_unit_canonical(&c, "\xC2\xA0\xC2\xA0ppb\xC2\xA0"), GI_OK);
	ck_assert_str_eq(c, "µg/kg");
	ck_assert_int_eq(gi_unit_canonical(&c, "mg/kgmg/kgmg/kgmg/kgmg/kgmg/kgmg/kgmg/kgmg/kgmg/kgmg/kgmg/kgmg/kg"), GI_EINVALID);
	char v[100];
	memset(v, 'm', sizeof v - 1);
	v[sizeof v - 1] = '\0';
	ck_assert_int_eq(gi_unit_canonical(&c, v), GI_EINVALID);
	ck_assert_int_eq(gi_unit_canonical(&c, "mg/k"), GI_EINVALID);
	ck_assert_ptr_null(gi_error_last()->file);
	ck_assert_int_eq(gi_error_last()->line, 0);
	ck_assert_int_eq(gi_unit_canonical(NULL, "mg/kg"), GI_EUSAGE);
	ck_assert_int_eq(gi_error_last()->line, 0);
	ck_assert_int_eq(gi_unit_canonical(&c, NULL), GI_EUSAGE);
	double d;
	ck_assert_int_eq(gi_unit_convert(&d, 1, NULL, "m"), GI_EUSAGE);
	ck_assert_int_eq(gi_unit_convert(&d, 1, "m", NULL), GI_EUSAGE);
	ck_assert_int_eq(gi_unit_convert(&d, 1, "m", "furlong"), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "furlong"));
	ck_assert_int_eq(gi_error_last()->line, 0);
	ck_assert_int_eq(gi_unit_convert(&d, 1, "furlong", "m"), GI_EINVALID);
	ck_assert_int_eq(gi_error_last()->line, 0);
	/* the message names both families */
	ck_assert_int_eq(gi_unit_convert(&d, 1, "1", "m"), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "(dimensionless)"));
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "(length)"));
	ck_assert_int_eq(gi_unit_convert(&d, 1, "meq/kg", "%"), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "(peroxide value)"));
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "(mass fraction)"));
}
END_TEST

Suite *suite_units(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("convert");
	tcase_add_test(tc, every_conversion_both_ways);
	tcase_add_test(tc, exact_power_of_ten);
	tcase_add_test(tc, spellings);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, every_spelling_and_its_size);
	tcase_add_test(tc, blanks_and_case);
	suite_add_tcase(s, tc);
	return s;
}
