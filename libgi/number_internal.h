/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * number_internal.h - reading and writing numbers without the C locale
 * (number.c, number_exact.c). Not exported; names carry a double
 * underscore. internal.h includes it.
 */
#ifndef GI_NUMBER_INTERNAL_H
#define GI_NUMBER_INTERNAL_H

#include <locale.h>
#include <stddef.h>
#include <stdint.h>

/* ---- number.c ---- */
/* Parses text[0..len) as gi_number_parse does, without touching the error
 * state; returns 0 or -1. decimals (may be NULL) receives the number of
 * digits after the decimal separator as written. */
int gi__number_scan(double *out, int *decimals, const char *text, size_t len);
/* How a number was written. */
typedef struct gi__number_form {
	char sep;                /* the decimal separator used, '.' or ',', or 0 */
	int int_digits, frac_digits;
	int has_exponent;
	int leading_zero;        /* the integer part starts with 0 ("0.125") */
} gi__number_form;
/* As gi__number_scan, telling how the number was written: 0, -1 (not a
 * number) or -2 (out of range: overflows, or underflows to 0 or to a
 * subnormal, such as "1e-999"). */
int gi__number_scan_form(double *out, gi__number_form *form, const char *text, size_t len);
/* Shortest decimal form that reads back as v, capped at max_sig
 * significant digits (17 = exact). Locale-free. */
void gi__number_format(char *buf, size_t n, double v, int max_sig);
/* ---- number_exact.c ---- */
/* The shortest decimal of from..to significant digits (1 <= from <= to
 * <= 17) that reads back as mag (> 0): q * 10^-k, q of that many digits,
 * rounded ties to even as printf rounds; when none does, the one of `to`
 * digits (17 digits always read back). -1 when mag is outside
 * [1e-4, 1e15), where the caller uses printf and strtod. */
int gi__number_shortest(uint64_t *q, int *k, double mag, int from, int to);
/* mag (> 0) rounded to n significant digits (1..17) as printf rounds
 * (ties to even): q * 10^-k, q of n digits. -1 outside [1e-4, 1e15). */
int gi__number_round(uint64_t *q, int *k, double mag, int n);
/* gi__number_format as printf and strtod compute it, for every v: what
 * the exact paths of gi__number_format must agree with. */
void gi__number_format_printf(char *buf, size_t n, double v, int max_sig);
/* The shortest "%.*e" form of v that reads back as v ("5.495e+00"), as
 * printf with 1, 2, ... 17 digits finds it; -1 outside the range of
 * gi__number_shortest (and for 0 and what is not finite). */
int gi__number_shortest_e(char buf[32], double v);
/* gi__number_format(v, 17) computed exactly, in positional notation
 * ("5.8", "1200", "0.00012"), NUL-terminated; its length, or 0 where v is
 * not finite or |v| is outside [1e-4, 1e15) (and for 0). */
size_t gi__number_positional(char buf[32], double v);
/* Runs snprintf in the "C" locale of the calling thread. */
int gi__snprintf_c(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The "C" locale object, for uselocale() around printf of numbers. */
locale_t gi__c_locale(void);
/* Compares with a relative tolerance of 1e-9: values that agree to nine
 * significant digits are equal (binary rounding of means and unit
 * conversions must not move a result across a limit). */
int gi__compare(double a, double b);

#endif
