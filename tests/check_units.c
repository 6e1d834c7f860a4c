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

Suite *suite_units(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("convert");
	tcase_add_test(tc, every_conversion_both_ways);
	tcase_add_test(tc, exact_power_of_ten);
	tcase_add_test(tc, spellings);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return s;
}
