/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * internal.h - the primitives every part of libgi uses: errors, arenas,
 * numbers, units, digests, text comparison, numbers for people. A
 * module's own internals are in its own header (xml_internal.h,
 * place_internal.h, decide_internal.h, record_internal.h, ...). Nothing
 * here is exported; names carry a double underscore.
 */
#ifndef GI_INTERNAL_H
#define GI_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "gi/gi.h"

#define GI_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- registry.c: lot codes ---- */
/* Whether a lot code cited by a laboratory's record names the registered
 * lot code: the same, or the registered code without its "-C" check
 * character (laboratories may leave it out). The one rule the registry's
 * record import and the stamp's log lookup both use. */
int gi__lot_code_matches(const char *registered, const char *cited);

/* ---- error.c ---- */
/* Records the failure for gi_error_last() and returns code. */
int gi__error(int code, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int gi__error_v(int code, const char *file, long line, const char *fmt, va_list ap);
int gi__oom(void);
/* Counts the failures recorded on the calling thread: a caller compares
 * two readings to learn whether a call in between recorded one. */
unsigned long gi__error_serial(void);

/* ---- arena.c: bump allocator for strings whose lifetime is one object ---- */
typedef struct gi__arena_block gi__arena_block;
typedef struct gi__arena {
	gi__arena_block *head;
} gi__arena;

void *gi__arena_alloc(gi__arena *a, size_t n);
char *gi__arena_strndup(gi__arena *a, const char *s, size_t n);
char *gi__arena_strdup(gi__arena *a, const char *s);
char *gi__arena_printf(gi__arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees all but the first block and rewinds it, so a per-sample arena
 * stops allocating once it has grown to the largest sample. */
void gi__arena_reset(gi__arena *a);
void gi__arena_free(gi__arena *a);

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
#include <stdint.h>
int gi__number_shortest(uint64_t *q, int *k, double mag, int from, int to);
/* The shortest "%.*e" form of v that reads back as v ("5.495e+00"), as
 * printf with 1, 2, ... 17 digits finds it; -1 outside the range of
 * gi__number_shortest (and for 0 and what is not finite). */
int gi__number_shortest_e(char buf[32], double v);
/* gi__number_format(v, 17) computed exactly, in positional notation
 * ("5.8", "1200", "0.00012"), NUL-terminated; its length, or 0 where v is
 * not finite or |v| is outside [1e-4, 1e15) (and for 0). */
#include <stddef.h>
size_t gi__number_positional(char buf[32], double v);
/* Runs snprintf in the "C" locale of the calling thread. */
int gi__snprintf_c(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The "C" locale object, for uselocale() around printf of numbers. */
#include <locale.h>
locale_t gi__c_locale(void);
/* Compares with a relative tolerance of 1e-9: values that agree to nine
 * significant digits are equal (binary rounding of means and unit
 * conversions must not move a result across a limit). */
int gi__compare(double a, double b);

/* ---- units.c ---- */
typedef enum { GI__FAM_FRACTION, GI__FAM_DIMENSIONLESS, GI__FAM_PEROXIDE, GI__FAM_LENGTH } gi__family;
int gi__unit_lookup(const char **canonical, int *family, int *exp10, const char *spelling);
/* Converts between canonical units of one family; 0 or -1. */
int gi__unit_convert(double *out, double v, const char *from, const char *to);

/* ---- digest.c ---- */
typedef struct gi__sha256 gi__sha256;
gi__sha256 *gi__sha256_new(void);
void gi__sha256_update(gi__sha256 *h, const void *data, size_t n);
/* Writes 64 hex digits and a NUL to hex[65]. */
void gi__sha256_final(gi__sha256 *h, char hex[65]);
void gi__sha256_free(gi__sha256 *h);

/* ---- text helpers (text.c) ---- */
/* Compares administrative unit names leniently: ASCII case, surrounding and
 * repeated blanks, and a leading or trailing level word ("huyện", "thành
 * phố", "district", "city", ...) do not matter. */
int gi__same_place(const char *a, const char *b);
int gi__ascii_casecmp(const char *a, const char *b);

/* ---- format.c: numbers for people (JCGM 100:2008 7.2.6) ---- */
/* v rounded (ASTM E29, in decimal) to the given decimal place and written
 * positionally; decimals < 0 rounds to tens, hundreds, ... */
void gi__format_fixed(char *buf, size_t n, double v, int decimals);
/* The decimal place that shows U to two significant digits. */
int gi__u_decimals(double U);
/* The decimal place to show y with U: U's, or more where fewer would put
 * y on or across a bound of l (may be NULL) that y is not on or across. */
int gi__value_decimals(double y, double U, const gi_limit *l);
/* y and U written with those decimal places. */
void gi__format_pm(char *vbuf, size_t vn, char *ubuf, size_t un, double y, double U, const gi_limit *l);


#endif
