/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * number.c - locale-free decimal numbers.
 *
 * Syntax is checked here, never by strtod: strtod follows the thread's
 * LC_NUMERIC, which an embedding interpreter may have set to a locale whose
 * decimal point is a comma. Values with at most 15 significant digits and a
 * decimal exponent within +-22 are converted exactly (the mantissa and the
 * power of ten are both exact doubles, so one correctly rounded multiply
 * or divide gives the nearest double); anything longer goes through
 * strtod_l() with an explicit "C" locale object.
 */
#include "config.h"
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "i18n_internal.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t get_c_locale(void)
{
	pthread_once(&c_locale_once, make_c_locale);
	return c_locale;
}

locale_t gi__c_locale(void)
{
	return get_c_locale();
}

static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static int is_blank(const char *s, size_t i, size_t len, size_t *width)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
		*width = 1;
		return 1;
	}
	/* U+00A0 NO-BREAK SPACE, common around numbers pasted from documents */
	if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
		*width = 2;
		return 1;
	}
	return 0;
}

int gi__number_scan(double *out, int *decimals, const char *s, size_t len)
{
	gi__number_form form;
	int rc = gi__number_scan_form(out, &form, s, len);
	if (rc == 0 && decimals)
		*decimals = form.frac_digits;
	return rc < 0 ? -1 : 0;
}

/* Where a number scanned so far stands: its text for strtod_l (point
 * decimal separator), up to 19 significant digits as an integer with a
 * power of ten, and how it was written. */
typedef struct {
	char buf[128];
	size_t n;
	uint64_t mant;
	int sig, int_digits, frac_digits, exp10, exp, has_exp;
	char sep, first_digit;
} scan_state;

/* Leaves out blanks (and no-break spaces) at both ends of s[*i, *len). */
static void trim(const char *s, size_t *i, size_t *len)
{
	size_t w;
	while (*i < *len && is_blank(s, *i, *len, &w))
		*i += w;
	while (*len > *i && (is_blank(s, *len - 1, *len, &w) ||
	                     (*len >= *i + 2 && is_blank(s, *len - 2, *len, &w) && w == 2)))
		*len -= w;
}

/* One digit of the mantissa: into the text, the counts and the integer. */
static int scan_digit(scan_state *st, char c)
{
	if (st->n + 2 >= sizeof st->buf)
		return -1;
	st->buf[st->n++] = c;
	if (!st->first_digit)
		st->first_digit = c;
	if (st->sep)
		st->frac_digits++;
	else
		st->int_digits++;
	if (st->sig > 0 || c != '0') {
		if (st->sig < 19)
			st->mant = st->mant * 10 + (uint64_t)(c - '0');
		else if (!st->sep)
			st->exp10++;          /* digits past 19 only scale */
		st->sig++;
		if (st->sep && st->sig <= 19)
			st->exp10--;
	} else if (st->sep) {
		st->exp10--;              /* leading zeros after the separator */
	}
	return 0;
}

/* Digits with at most one separator ('.' or ','), which needs digits on
 * both sides; stops at the first other character. */
static int scan_mantissa(scan_state *st, const char *s, size_t *i, size_t len)
{
	for (; *i < len; (*i)++) {
		char c = s[*i];
		if (c >= '0' && c <= '9') {
			if (scan_digit(st, c) < 0)
				return -1;
		} else if ((c == '.' || c == ',') && !st->sep) {
			if (st->int_digits == 0)
				return -1;            /* ".5" or ",5": not a number as written */
			st->sep = c;
			st->buf[st->n++] = '.';
		} else {
			break;
		}
	}
	return st->int_digits == 0 || (st->sep && st->frac_digits == 0) ? -1 : 0;
}

/* An optional exponent: e or E, a sign, at least one digit. */
static int scan_exponent(scan_state *st, const char *s, size_t *i, size_t len)
{
	if (*i >= len || (s[*i] != 'e' && s[*i] != 'E'))
		return 0;
	st->has_exp = 1;
	st->buf[st->n++] = 'e';
	(*i)++;
	int eneg = 0, e = 0, edigits = 0;
	if (*i < len && (s[*i] == '+' || s[*i] == '-')) {
		eneg = s[*i] == '-';
		st->buf[st->n++] = s[*i];
		(*i)++;
	}
	for (; *i < len && s[*i] >= '0' && s[*i] <= '9'; (*i)++, edigits++) {
		if (e < 100000)
			e = e * 10 + (s[*i] - '0');
		if (st->n + 2 >= sizeof st->buf)
			return -1;
		st->buf[st->n++] = s[*i];
	}
	if (!edigits)
		return -1;
	st->exp = eneg ? -e : e;
	return 0;
}

/* The double nearest the number: exactly from the integer and a power of
 * ten where both are exact doubles, else by strtod_l in the C locale. */
static int to_double(double *out, scan_state *st, int negative)
{
	double v;
	int total = st->exp10 + st->exp;
	st->buf[st->n] = '\0';
	if (st->sig <= 15 && total >= -22 && total <= 22) {
		v = (double)st->mant;
		v = total < 0 ? v / pow10_exact[-total] : v * pow10_exact[total];
		if (negative)
			v = -v;
	} else {
		v = strtod_l(st->buf, NULL, get_c_locale());
	}
	/* Too large for a double, or so small that it would become 0 or lose
	 * precision as a subnormal: "1e-999" must not read as 0. */
	if (!isfinite(v) || (st->sig > 0 && fabs(v) < DBL_MIN))
		return -2;
	*out = v;
	return 0;
}

int gi__number_scan_form(double *out, gi__number_form *form, const char *s, size_t len)
{
	size_t i = 0;
	trim(s, &i, &len);
	if (i >= len)
		return -1;
	scan_state st = { .n = 0 };
	int negative = 0;
	if (s[i] == '+' || s[i] == '-') {
		negative = s[i] == '-';
		i++;
	}
	if (negative)
		st.buf[st.n++] = '-';
	if (scan_mantissa(&st, s, &i, len) < 0 || scan_exponent(&st, s, &i, len) < 0 || i != len)
		return -1;
	double v;
	int rc = to_double(&v, &st, negative);
	if (rc < 0)
		return rc;
	*out = v;
	form->sep = st.sep;
	form->int_digits = st.int_digits;
	form->frac_digits = st.frac_digits;
	form->has_exponent = st.has_exp;
	form->leading_zero = st.first_digit == '0';
	return 0;
}

int gi_number_parse(double *out, const char *text)
{
	if (!out || !text)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_number_parse: NULL argument");
	gi__number_form form;
	int rc = gi__number_scan_form(out, &form, text, strlen(text));
	if (rc == -2)
		return gi__error(GI_EPARSE, NULL, 0, N_("'%.60s' is out of range (too large, or too small to tell from 0)"), text);
	if (rc < 0)
		return gi__error(GI_EPARSE, NULL, 0, N_("'%.60s' is not a number"), text);
	return GI_OK;
}

int gi__snprintf_c(char *buf, size_t n, const char *fmt, ...)
{
	locale_t old = uselocale(get_c_locale());
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	uselocale(old);
	return r;
}

/* "%.{p}g" of v for p <= 15 where printf would choose its fixed style
 * (exponent X of the rounded value with -4 <= X < p), computed exactly:
 * both styles round v at the same decimal place, so the digits are v
 * rounded to p significant digits, with the trailing zeros of the
 * fraction (and a bare point) dropped as %g drops them. Its length, or 0
 * where this does not apply. */
static size_t fixed_g(char buf[32], double v, int p)
{
	uint64_t q;
	int k;
	if (gi__number_round(&q, &k, fabs(v), p) < 0)
		return 0;
	int x = p - 1 - k;   /* the exponent of the rounded value */
	if (x < -4 || x >= p || k < 0)
		return 0;
	char d[24];
	int nd = 0;
	do {
		d[nd++] = (char)('0' + q % 10);   /* least significant first */
		q /= 10;
	} while (q);
	int lo = 0;   /* trailing zeros of the fraction go */
	while (lo < k && d[lo] == '0')
		lo++;
	char *o = buf;
	if (v < 0)
		*o++ = '-';
	if (nd <= k)
		*o++ = '0';
	for (int i = nd - 1; i >= k; i--)
		*o++ = d[i];
	if (lo < k) {
		*o++ = '.';
		for (int i = k - 1; i >= lo; i--)
			*o++ = i < nd ? d[i] : '0';
	}
	*o = '\0';
	return (size_t)(o - buf);
}

void gi__number_format(char *buf, size_t n, double v, int max_sig)
{
	if (v == 0) {
		snprintf(buf, n, "0");
		return;
	}
	/* the same digits without printf and strtod, where they apply */
	char exact[32];
	size_t len = max_sig == 17 ? gi__number_positional(exact, v)
	           : max_sig >= 1 && max_sig <= 15 && isfinite(v) ? fixed_g(exact, v, max_sig) : 0;
	if (len && len < n) {
		memcpy(buf, exact, len + 1);
		return;
	}
	gi__number_format_printf(buf, n, v, max_sig);
}

void gi__number_format_printf(char *buf, size_t n, double v, int max_sig)
{
	if (v == 0) {
		snprintf(buf, n, "0");
		return;
	}
	locale_t old = uselocale(get_c_locale());
	/* %g rounds to p significant digits and drops trailing zeros, so the
	 * first p that reads back is the shortest form; any decimal of up to
	 * 15 digits that reads back as v is what %.15g prints. */
	int p = max_sig < 15 ? max_sig : 15;
	snprintf(buf, n, "%.*g", p, v);
	while (p < max_sig && p < 17 && strtod_l(buf, NULL, get_c_locale()) != v)
		snprintf(buf, n, "%.*g", ++p, v);
	/* positional notation where a person would write it so */
	double mag = fabs(v);
	if (strchr(buf, 'e') && mag >= 1e-6 && mag < 1e15) {
		/* the exponent printf chose, not floor(log10(mag)): log10 rounds
		 * a value just below a power of ten up to it ("9.9999999999999991e-05"
		 * would be written with one decimal too few and not read back) */
		int digits = 0, exp10 = atoi(strchr(buf, 'e') + 1);
		for (const char *c = buf; *c && *c != 'e'; c++)
			digits += *c >= '0' && *c <= '9';
		int decimals = digits - 1 - exp10;
		snprintf(buf, n, "%.*f", decimals > 0 ? decimals : 0, v);
	}
	uselocale(old);
}

int gi__compare(double a, double b)
{
	double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	if (fabs(a - b) <= 1e-9 * scale)
		return 0;
	return a < b ? -1 : 1;
}
