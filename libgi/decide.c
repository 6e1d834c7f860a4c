/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * decide.c - decision rules: a measured value y with its expanded
 * uncertainty U = k u against a criterion's limit.
 *
 * References, each with the numbers the tests reproduce:
 *   ILAC-G8:09/2019 4.2.1 simple acceptance, 4.2.2 binary with guard band
 *     w = r U, 4.2.3 non-binary (pass, conditional pass, conditional fail,
 *     fail);
 *   JCGM 106:2012 conformance probability, normal or scaled-and-shifted t
 *     with the stated effective degrees of freedom;
 *   SANTE/11312/2021: a residue is non-compliant when y - U > MRL, with a
 *     default U of 50 % of y;
 *   ASTM E29: the rounding method rounds y to the last place of the limit,
 *     ties to even, in decimal.
 *
 * Boundaries (values equal to nine significant digits are equal, see
 * gi__compare): a value on an inclusive limit meets it and on a strict one
 * does not; on a guard-banded acceptance limit the same holds (the
 * acceptance limit takes the limit's strictness); a non-binary value on the
 * limit is a conditional pass (inclusive) or a conditional fail (strict), on
 * limit + w a pass, on limit - w a conditional fail; a conformance
 * probability equal to p_min passes; a residue with y - U equal to the MRL
 * is compliant.
 */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <openssl/bn.h>
#include "internal.h"
#include "decide_internal.h"
#include "i18n_internal.h"

static const char *num(gi__arena *a, double v)
{
	char buf[40];
	gi__number_format(buf, sizeof buf, v, 6);
	return gi__arena_strdup(a, buf);
}

/* v to the given decimal place, for people (JCGM 100:2008 7.2.6) */
static const char *fixed(gi__arena *a, double v, int decimals)
{
	char buf[64];
	gi__format_fixed(buf, sizeof buf, v, decimals);
	return gi__arena_strdup(a, buf);
}

/* An uncertainty-like amount (U, a guard band r U) to two significant
 * digits. */
static const char *unc(gi__arena *a, double u)
{
	return u > 0 ? fixed(a, u, gi__u_decimals(u)) : num(a, u);
}

/* ---- ASTM E29 rounding, in decimal ---- */

static int decimals_of(const char *text)
{
	const char *dot = text ? strpbrk(text, ".,") : NULL;
	if (!dot)
		return 0;
	int d = 0;
	for (const char *p = dot + 1; *p >= '0' && *p <= '9'; p++)
		d++;
	return d;
}

/* The shortest "%.*e" form of v that reads back as v ("5.495e+00"):
 * exact where gi__number_shortest_e applies, else (0, below 1e-4, from
 * 1e15) the first of printf's 1, 2, ... 17 digits that reads back. 0, or
 * -1 for what is not finite. */
static int shortest_e(char buf[64], double v)
{
	if (gi__number_shortest_e(buf, v) == 0)
		return 0;
	for (int p = 1; p <= 17; p++) {
		gi__snprintf_c(buf, 64, "%.*e", p - 1, v);
		double back;
		if (gi__number_scan(&back, NULL, buf, strlen(buf)) == 0 && back == v)
			return 0;
	}
	return -1;
}

/* Writes "[-]DIGITSe<exp>" (what "%s%se%d" gives; digits only, so no
 * locale is involved) into text[size]; its length, or 0 when it does not
 * fit. */
static size_t digits_e(char *text, size_t size, int neg, const char *digits, int exp)
{
	size_t nd = strlen(digits), k = 0;
	char e[16];
	int ne = 0;
	unsigned u = exp < 0 ? 0u - (unsigned)exp : (unsigned)exp;
	do {
		e[ne++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if ((size_t)neg + nd + 2 + (size_t)ne >= size)
		return 0;
	if (neg)
		text[k++] = '-';
	memcpy(text + k, digits, nd);
	k += nd;
	text[k++] = 'e';
	if (exp < 0)
		text[k++] = '-';
	while (ne)
		text[k++] = e[--ne];
	text[k] = '\0';
	return k;
}

/* The shortest decimal that reads back as v, as an integer of at most 17
 * digits and a power of ten: v = digits x 10^exp10. 0 or -1. */
static int shortest_decimal(char digits[24], int *exp10, int *neg, double v)
{
	char buf[64];
	if (shortest_e(buf, v) < 0)
		return -1;
	/* buf is [-]d.ddde[+-]XX */
	int n = 0;
	const char *p = buf;
	*neg = *p == '-';
	for (p += *neg; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
	digits[n] = '\0';
	if (*p != 'e')
		return -1;
	*exp10 = atoi(p + 1) - (n - 1);
	return 0;
}

int gi__decimal_integers(double *ints, int *exp10, const double *v, size_t n)
{
	/* each value's digits as an integer (at most 17 digits) and its
	 * exponent, found once */
	uint64_t small_d[16];
	int small_e[16], small_neg[16];
	uint64_t *dig = n <= 16 ? small_d : malloc(n * sizeof *dig);
	int *exps = n <= 16 ? small_e : malloc(n * sizeof *exps);
	int *negs = n <= 16 ? small_neg : malloc(n * sizeof *negs);
	int rc = -1, emin = 0;
	if (!dig || !exps || !negs || n == 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		char d[24];
		if (!isfinite(v[i]) || shortest_decimal(d, &exps[i], &negs[i], v[i]) < 0)
			goto done;
		if (strlen(d) > 15)
			goto done;   /* no exact integer of 15 digits */
		uint64_t x = 0;
		for (const char *p = d; *p; p++)
			x = x * 10 + (uint64_t)(*p - '0');
		dig[i] = x;
		if (i == 0 || exps[i] < emin)
			emin = exps[i];
	}
	for (size_t i = 0; i < n; i++) {
		/* digits x 10^(exp_i - emin), exactly an integer of at most 15
		 * digits, so exactly a double */
		int shift = exps[i] - emin, nd = 1;
		for (uint64_t t = dig[i]; t >= 10; t /= 10)
			nd++;
		if (nd + shift > 15)
			goto done;
		uint64_t x = dig[i];
		for (int k = 0; k < shift; k++)
			x *= 10;
		ints[i] = negs[i] ? -(double)x : (double)x;
	}
	rc = 0;
	*exp10 = emin;
done:
	if (dig != small_d)
		free(dig);
	if (exps != small_e)
		free(exps);
	if (negs != small_neg)
		free(negs);
	return rc;
}

/* The exact decimal sum of n values, each taken as its shortest decimal
 * (the number the lab wrote): sum x 10^emin. 0 or -1. */
static int decimal_sum(BIGNUM *sum, int *emin, const double *v, size_t n, BN_CTX *ctx)
{
	int rc = -1;
	int *exps = malloc(n * sizeof *exps), *negs = malloc(n * sizeof *negs);
	char (*dig)[24] = malloc(n * sizeof *dig);
	BIGNUM *t = BN_new(), *ten = BN_new(), *pw = BN_new();
	if (!exps || !negs || !dig || !t || !ten || !pw || !BN_set_word(ten, 10) || !BN_set_word(sum, 0))
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(v[i]) || shortest_decimal(dig[i], &exps[i], &negs[i], v[i]) < 0)
			goto done;
		if (i == 0 || exps[i] < *emin)
			*emin = exps[i];
	}
	for (size_t i = 0; i < n; i++) {
		BIGNUM *d = NULL;
		if (!BN_dec2bn(&d, dig[i]))
			goto done;
		BN_set_negative(d, negs[i]);
		int ok = BN_set_word(pw, (BN_ULONG)(exps[i] - *emin)) && BN_exp(t, ten, pw, ctx) &&
		         BN_mul(t, t, d, ctx) && BN_add(sum, sum, t);
		BN_free(d);
		if (!ok)
			goto done;
	}
	rc = 0;
done:
	BN_free(t);
	BN_free(ten);
	BN_free(pw);
	free(exps);
	free(negs);
	free(dig);
	return rc;
}

/* Sets q to round(|sum| x 10^e / n) (ties to even when half_even, else
 * truncated); *neg to the sign of sum. 0 or -1. */
static int scaled_quotient(BIGNUM *q, int *neg, BIGNUM *sum, int e, size_t n, int half_even, BN_CTX *ctx)
{
	BIGNUM *t = BN_new(), *ten = BN_new(), *pw = BN_new(), *den = BN_new(), *r = BN_new();
	int rc = -1;
	*neg = BN_is_negative(sum);
	BN_set_negative(sum, 0);
	if (!t || !ten || !pw || !den || !r || !BN_set_word(ten, 10) || !BN_set_word(den, (BN_ULONG)n) ||
	    !BN_set_word(pw, (BN_ULONG)abs(e)) || !BN_exp(t, ten, pw, ctx) ||
	    !(e >= 0 ? BN_mul(sum, sum, t, ctx) : BN_mul(den, den, t, ctx)) ||
	    !BN_div(q, r, sum, den, ctx) || !BN_lshift1(r, r))
		goto done;
	/* the remainder against half the divisor: above rounds up, below down,
	 * exactly half to the even neighbour */
	int cmp = BN_cmp(r, den);
	if (half_even && (cmp > 0 || (cmp == 0 && BN_is_odd(q))) && !BN_add_word(q, 1))
		goto done;
	rc = 0;
done:
	BN_free(t);
	BN_free(ten);
	BN_free(pw);
	BN_free(den);
	BN_free(r);
	return rc;
}

/* q x 10^exp10 read as the nearest double. */
static int bn_to_double(double *out, const BIGNUM *q, int neg, int exp10)
{
	char *qs = BN_bn2dec(q);
	if (!qs)
		return -1;
	char text[128];
	int len = gi__snprintf_c(text, sizeof text, "%s%se%d", neg ? "-" : "", qs, exp10);
	OPENSSL_free(qs);
	if (len <= 0 || (size_t)len >= sizeof text)
		return -1;
	return gi__number_scan(out, NULL, text, strlen(text));
}

/* The exact decimal mean of v times 10^shift: rounded (ASTM E29) to the
 * given decimals, or else as the nearest double; with big integers, for
 * every case (the reference for the 128-bit path below). */
int gi__decimal_mean_bn(double *out, const double *v, size_t n, int shift, int decimals, int rounding)
{
	if (n == 0)
		return -1;
	int rc = -1, emin = 0, neg = 0;
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *sum = BN_new(), *q = BN_new();
	if (!ctx || !sum || !q || decimal_sum(sum, &emin, v, n, ctx) < 0)
		goto done;
	if (rounding) {
		/* mean x 10^decimals = sum x 10^(emin + shift + decimals) / n */
		if (scaled_quotient(q, &neg, sum, emin + shift + decimals, n, 1, ctx) == 0)
			rc = bn_to_double(out, q, neg, -decimals);
	} else {
		/* 30 more digits than the sum has: the nearest double is exact */
		if (scaled_quotient(q, &neg, sum, 30, n, 0, ctx) == 0)
			rc = bn_to_double(out, q, neg, emin + shift - 30);
	}
done:
	BN_free(sum);
	BN_free(q);
	BN_CTX_free(ctx);
	return rc;
}

#ifdef __SIZEOF_INT128__
/* ---- the same exact arithmetic in 128-bit integers ----
 * Replicates as labs write them have a few digits and close exponents:
 * their decimal sum fits in 127 bits and the quotient has a few dozen
 * digits, so the big-integer path (three allocations and a BN_CTX per
 * mean) is only needed past those sizes. Both paths make the same decimal
 * text "[-]q e exp" and read it with gi__number_scan, so they give the
 * same double; gi__decimal_mean_bn is kept for the rest and for the
 * differential test. */
typedef unsigned __int128 u128;
typedef __int128 i128;

#define MAX_FAST_VALUES 32
#define MAX_Q_DIGITS 100

/* |sum| of the shortest decimals of v, times 10^-emin: 1 when it fits,
 * 0 when it does not (use big integers), -1 for a value with no decimal. */
static int sum_128(u128 *mag, int *neg, int *emin, const double *v, size_t n)
{
	int exps[MAX_FAST_VALUES], negs[MAX_FAST_VALUES];
	uint64_t dig[MAX_FAST_VALUES];
	if (n > MAX_FAST_VALUES)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char d[24];
		if (!isfinite(v[i]) || shortest_decimal(d, &exps[i], &negs[i], v[i]) < 0)
			return -1;
		uint64_t x = 0;
		for (const char *p = d; *p; p++)
			x = x * 10 + (uint64_t)(*p - '0');   /* at most 17 digits */
		dig[i] = x;
		if (i == 0 || exps[i] < *emin)
			*emin = exps[i];
	}
	i128 s = 0;
	for (size_t i = 0; i < n; i++) {
		i128 t = (i128)dig[i];
		for (int k = exps[i] - *emin; k > 0; k--)
			if (__builtin_mul_overflow(t, (i128)10, &t))
				return 0;
		if (negs[i])
			t = -t;
		if (__builtin_add_overflow(s, t, &s))
			return 0;
	}
	*neg = s < 0;
	*mag = s < 0 ? (u128)0 - (u128)s : (u128)s;
	return 1;
}

/* Appends the decimal digits of x to buf at *len (none for 0). */
static void put_u128(char *buf, size_t *len, u128 x)
{
	char t[48];
	int k = 0;
	while (x) {
		t[k++] = (char)('0' + (int)(x % 10));
		x /= 10;
	}
	while (k)
		buf[(*len)++] = t[--k];
}

/* q = |sum| x 10^e / n as decimal digits in buf (BN_bn2dec's text: no
 * leading zeros, "0" for zero), rounded to even when half_even, else
 * truncated. 1 when done, 0 when the numbers are too large for this. */
static int quotient_128(char buf[MAX_Q_DIGITS + 2], u128 mag, int e, size_t n, int half_even)
{
	u128 den = n, r;
	size_t len = 0;
	if (e >= 0) {
		/* long division: the integer part, then e more digits */
		if (e > 60)
			return 0;
		put_u128(buf, &len, mag / den);
		r = mag % den;
		for (int i = 0; i < e; i++) {
			r *= 10;   /* r < n, so 10 r fits */
			char d = (char)('0' + (int)(r / den));
			r %= den;
			if (len || d != '0')
				buf[len++] = d;
		}
	} else {
		for (int k = e; k < 0; k++)
			if (__builtin_mul_overflow(den, (u128)10, &den))
				return 0;
		put_u128(buf, &len, mag / den);
		r = mag % den;
	}
	if (len == 0)
		buf[len++] = '0';
	buf[len] = '\0';
	/* the remainder against half the divisor (r > den - r: 2r > den) */
	int last_odd = (buf[len - 1] - '0') % 2 == 1;
	if (half_even && (r > den - r || (r == den - r && last_odd))) {
		size_t i = len;
		while (i > 0 && buf[i - 1] == '9')
			buf[--i] = '0';
		if (i == 0) {
			memmove(buf + 1, buf, len + 1);
			buf[0] = '1';
		} else {
			buf[i - 1]++;
		}
	}
	return 1;
}

/* with_decimal_sum in 128 bits: 0 done, 1 too large (use big integers),
 * -1 a value with no decimal. */
static int decimal_mean_128(double *out, const double *v, size_t n, int shift, int decimals, int rounding)
{
	u128 mag;
	int neg = 0, emin = 0;
	int rc = sum_128(&mag, &neg, &emin, v, n);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	char q[MAX_Q_DIGITS + 2], text[128];   /* as bn_to_double's */
	int e = rounding ? emin + shift + decimals : 30, exp = rounding ? -decimals : emin + shift - 30;
	if (!rounding && mag % n == 0) {
		/* the mean is the decimal mag / n x 10^(emin + shift) exactly:
		 * the same number as the text with 30 more zeros, so the same
		 * nearest double, read without going through strtod */
		size_t len = 0;
		put_u128(q, &len, mag / n);
		if (len == 0)
			q[len++] = '0';
		q[len] = '\0';
		exp = emin + shift;
	} else if (!quotient_128(q, mag, e, n, rounding)) {
		return 1;
	}
	size_t len = digits_e(text, sizeof text, neg, q, exp);
	if (len == 0)
		return 1;
	return gi__number_scan(out, NULL, text, len);
}
#endif

static int with_decimal_sum(double *out, const double *v, size_t n, int shift, int decimals, int rounding)
{
	if (n == 0)
		return -1;
#ifdef __SIZEOF_INT128__
	int rc = decimal_mean_128(out, v, n, shift, decimals, rounding);
	if (rc <= 0)
		return rc;
#endif
	return gi__decimal_mean_bn(out, v, n, shift, decimals, rounding);
}

/* ASTM E29 rounding of the exact decimal mean of n values (each taken as
 * its shortest decimal, the number the lab wrote) times 10^shift: the sum
 * and the division are exact (OpenSSL big integers), so 5.52 and 5.47
 * average to 5.495 exactly and round to 5.50, where the binary mean
 * 5.4949999... would round to 5.49. 0 or -1. */
int gi__round_mean_e29(double *out, const double *v, size_t n, int shift, int decimals)
{
	return with_decimal_sum(out, v, n, shift, decimals, 1);
}

/* The double nearest the exact decimal mean of v times 10^shift. */
int gi__decimal_mean(double *out, const double *v, size_t n, int shift)
{
	return with_decimal_sum(out, v, n, shift, 0, 0);
}

int gi__round_e29(double *out, double v, int decimals)
{
	/* the shortest decimal that reads back as v is the value the lab
	 * reported (or the exact mean, to 17 digits); round that string */
	char buf[64], digits[64];
	if (shortest_e(buf, v) < 0)
		return -1;
	/* buf is d.ddddde[+-]XX: collect the digits and the exponent */
	int neg = buf[0] == '-', n = 0, exp10;
	const char *p = buf + neg;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
	if (*p != 'e')
		return -1;
	exp10 = atoi(p + 1);
	/* digit i has place value 10^(exp10 - i); keep places >= 10^-decimals */
	int keep = exp10 + decimals + 1;   /* number of leading digits kept */
	if (keep >= n) {
		*out = v;
		return 0;
	}
	if (keep < 0) {
		*out = 0.0 * (neg ? -1 : 1);
		return 0;
	}
	/* decide the direction from the dropped digits: > half up, < half down,
	 * exactly half to the even neighbour */
	int up;
	int first = digits[keep] - '0', rest = 0;
	for (int i = keep + 1; i < n; i++)
		rest |= digits[i] != '0';
	if (first > 5 || (first == 5 && rest))
		up = 1;
	else if (first < 5)
		up = 0;
	else
		up = keep > 0 ? (digits[keep - 1] - '0') % 2 == 1 : 0;
	/* build the rounded decimal as an integer mantissa and scale */
	char r[80];
	int k = 0;
	if (neg)
		r[k++] = '-';
	r[k++] = '0';   /* room for a carry */
	for (int i = 0; i < keep; i++)
		r[k++] = digits[i];
	r[k] = '\0';
	if (up) {
		int i = k - 1;
		while (r[i] == '9') {
			r[i] = '0';
			i--;
		}
		r[i]++;
	}
	char text[100];
	size_t tl = digits_e(text, sizeof text, 0, r, exp10 - keep + 1);
	return tl ? gi__number_scan(out, NULL, text, tl) : -1;
}

/* ---- conformance probability (JCGM 106:2012, 7.3) ---- */

static double cdf(double z, int has_dof, double dof)
{
	return has_dof ? gsl_cdf_tdist_P(z, dof) : gsl_cdf_ugaussian_P(z);
}

static double quantile(double p, int has_dof, double dof)
{
	return has_dof ? gsl_cdf_tdist_Pinv(p, dof) : gsl_cdf_ugaussian_Pinv(p);
}

double gi__conformance(const gi_limit *l, double y, double u, int has_dof, double dof)
{
	double hi = l->has_upper ? cdf((l->upper - y) / u, has_dof, dof) : 1.0;
	double lo = l->has_lower ? cdf((l->lower - y) / u, has_dof, dof) : 0.0;
	return hi - lo;
}

/* The value at which pc equals p on the side of the given bound, for a
 * two-sided limit (bisection: pc is monotonic on each side of the middle). */
static double solve_interval(const gi_limit *l, double u, int has_dof, double dof, double p, int lower_side)
{
	double mid = (l->lower + l->upper) / 2;
	double a = lower_side ? l->lower - 50 * u : mid, b = lower_side ? mid : l->upper + 50 * u;
	for (int i = 0; i < 200; i++) {
		double m = (a + b) / 2;
		double pc = gi__conformance(l, m, u, has_dof, dof);
		if ((pc >= p) == lower_side)
			b = m;
		else
			a = m;
	}
	return (a + b) / 2;
}

/* ---- rules ---- */

typedef struct {
	gi__arena *a;
	const gi_criterion *c;
	const gi_rule *rule;
	gi_criterion_result *out;
	double y;
	const char *shown;       /* y as shown, with any prefix ("mean of 2: 5.49") */
	const char *pm;          /* "5.49 ± 0.20 g/100g (k=2)" */
	const char *shown_t, *pm_t; /* the same in the caller's language */
	int has_d;               /* with an uncertainty, y is shown to d decimals */
	int d;
} ctx;

static const char *side_word(const gi_limit *l, int lower)
{
	if (lower)
		return l->lower_strict ? N_("more than") : N_("at least");
	return l->upper_strict ? N_("less than") : N_("at most");
}

/* Is v acceptable against bound b on the given side, with the bound's
 * strictness? */
static int meets(double v, double b, int lower, int strict)
{
	int cmp = gi__compare(v, b);
	if (lower)
		return strict ? cmp > 0 : cmp >= 0;
	return strict ? cmp < 0 : cmp <= 0;
}

static void simple(ctx *x)
{
	const gi_limit *l = &x->c->limit;
	const char *u = x->c->unit;
	gi_criterion_result *o = x->out;
	if (l->has_lower) {
		o->has_acceptance_lower = 1;
		o->acceptance_lower = l->lower;
	}
	if (l->has_upper) {
		o->has_acceptance_upper = 1;
		o->acceptance_upper = l->upper;
	}
	for (int lower = 1; lower >= 0; lower--) {
		int has = lower ? l->has_lower : l->has_upper;
		double b = lower ? l->lower : l->upper;
		int strict = lower ? l->lower_strict : l->upper_strict;
		if (!has || meets(x->y, b, lower, strict))
			continue;
		o->verdict = GI_VERDICT_FAIL;
		o->reason = gi__compare(x->y, b) == 0
			? gi__arena_printf(x->a, "%s %s equals the limit; %s %s required", x->shown, u,
			                   side_word(l, lower), lower ? l->lower_text : l->upper_text)
			: gi__arena_printf(x->a, "%s %s is %s the %s %s", x->shown, u, lower ? "below" : "above",
			                   lower ? "minimum" : "maximum", l->text);
		if (gi__compare(x->y, b) != 0)
			o->reason_text = lower
				? gi__arena_trf(x->a, o->reason, N_("%s %s is below the minimum %s"), x->shown_t, u, l->text)
				: gi__arena_trf(x->a, o->reason, N_("%s %s is above the maximum %s"), x->shown_t, u, l->text);
		else
			o->reason_text = gi__arena_trf(x->a, o->reason, N_("%s %s equals the limit; %s %s required"),
			                               x->shown_t, u, gi__tr(side_word(l, lower)),
			                               lower ? l->lower_text : l->upper_text);
		return;
	}
	o->verdict = GI_VERDICT_PASS;
	o->reason = gi__arena_printf(x->a, "%s %s meets %s", x->shown, u, l->text);
	o->reason_text = gi__arena_trf(x->a, o->reason, N_("%s %s meets %s"), x->shown_t, u, l->text);
}

/* Acceptance limits: each bound moved inwards by the guard band w. */
static void guard_band(gi_criterion_result *o, const gi_limit *l, double w)
{
	if (l->has_lower) {
		o->has_acceptance_lower = 1;
		o->acceptance_lower = l->lower + w;
	}
	if (l->has_upper) {
		o->has_acceptance_upper = 1;
		o->acceptance_upper = l->upper - w;
	}
}

/* An acceptance limit (limit -/+ w) shown to the places of w and of the
 * limit as written. */
static const char *acc_text(ctx *x, double al, double w, const char *bound_text)
{
	int d = w > 0 ? gi__u_decimals(w) : 0, dl = decimals_of(bound_text);
	return fixed(x->a, al, d > dl ? d : dl);
}

static void guarded(ctx *x, double w)
{
	const char *ws = unc(x->a, w);   /* the guard band, as every reason writes it */
	const gi_limit *l = &x->c->limit;
	gi_criterion_result *o = x->out;
	guard_band(o, l, w);
	for (int lower = 1; lower >= 0; lower--) {
		int has = lower ? l->has_lower : l->has_upper;
		double al = lower ? o->acceptance_lower : o->acceptance_upper;
		int strict = lower ? l->lower_strict : l->upper_strict;
		if (!has || meets(x->y, al, lower, strict))
			continue;
		o->verdict = GI_VERDICT_FAIL;
		o->reason = gi__arena_printf(x->a, "%s is %s the acceptance limit %s (%s %s %s guard band %s): fail",
		                             x->pm, lower ? "below" : "above",
		                             acc_text(x, al, w, lower ? l->lower_text : l->upper_text),
		                             lower ? "minimum" : "maximum", lower ? l->lower_text : l->upper_text,
		                             lower ? "+" : "−", ws);
		o->reason_text = lower
			? gi__arena_trf(x->a, o->reason, N_("%s is below the acceptance limit %s (minimum %s + guard band %s): fail"),
			                x->pm_t, acc_text(x, al, w, l->lower_text), l->lower_text, ws)
			: gi__arena_trf(x->a, o->reason, N_("%s is above the acceptance limit %s (maximum %s − guard band %s): fail"),
			                x->pm_t, acc_text(x, al, w, l->upper_text), l->upper_text, ws);
		return;
	}
	o->verdict = GI_VERDICT_PASS;
	o->reason = gi__arena_printf(x->a, "%s is within the limit by at least the guard band %s: pass",
	                             x->pm, ws);
	o->reason_text = gi__arena_trf(x->a, o->reason, N_("%s is within the limit by at least the guard band %s: pass"),
	                               x->pm_t, ws);
}

static void non_binary(ctx *x, double w)
{
	const char *ws = unc(x->a, w);   /* the guard band, as every reason writes it */
	const gi_limit *l = &x->c->limit;
	gi_criterion_result *o = x->out;
	guard_band(o, l, w);
	/* zone per side: 0 pass, 1 conditional pass, 2 conditional fail, 3 fail */
	int worst = 0, worst_side = 1;
	for (int lower = 1; lower >= 0; lower--) {
		if (!(lower ? l->has_lower : l->has_upper))
			continue;
		double b = lower ? l->lower : l->upper;
		int strict = lower ? l->lower_strict : l->upper_strict;
		double inner = lower ? b + w : b - w, outer = lower ? b - w : b + w;
		int zone = meets(x->y, inner, lower, strict) ? 0
		         : meets(x->y, b, lower, strict) ? 1
		         : meets(x->y, outer, lower, 0) ? 2 : 3;
		if (zone > worst) {
			worst = zone;
			worst_side = lower;
		}
	}
	static const gi_verdict verdicts[] = { GI_VERDICT_PASS, GI_VERDICT_CONDITIONAL_PASS,
	                                       GI_VERDICT_CONDITIONAL_FAIL, GI_VERDICT_FAIL };
	o->verdict = verdicts[worst];
	const char *which = worst_side ? "minimum" : "maximum";
	const char *bound = worst_side ? l->lower_text : l->upper_text;
	switch (worst) {
	case 0:
		o->reason = gi__arena_printf(x->a, "%s meets %s by at least the guard band %s: pass", x->pm,
		                             l->text, ws);
		o->reason_text = gi__arena_trf(x->a, o->reason, N_("%s meets %s by at least the guard band %s: pass"),
		                               x->pm_t, l->text, ws);
		break;
	case 1:
		o->reason = gi__arena_printf(x->a, "%s meets the %s %s by less than the guard band %s: conditional pass",
		                             x->pm, which, bound, ws);
		o->reason_text = worst_side
			? gi__arena_trf(x->a, o->reason, N_("%s meets the minimum %s by less than the guard band %s: conditional pass"),
			                x->pm_t, bound, ws)
			: gi__arena_trf(x->a, o->reason, N_("%s meets the maximum %s by less than the guard band %s: conditional pass"),
			                x->pm_t, bound, ws);
		break;
	case 2:
		o->reason = gi__arena_printf(x->a, "%s is %s the %s %s by less than the guard band %s: conditional fail",
		                             x->pm, worst_side ? "below" : "above", which, bound, ws);
		o->reason_text = worst_side
			? gi__arena_trf(x->a, o->reason, N_("%s is below the minimum %s by less than the guard band %s: conditional fail"),
			                x->pm_t, bound, ws)
			: gi__arena_trf(x->a, o->reason, N_("%s is above the maximum %s by less than the guard band %s: conditional fail"),
			                x->pm_t, bound, ws);
		break;
	default:
		o->reason = gi__arena_printf(x->a, "%s is %s the %s %s by more than the guard band %s: fail",
		                             x->pm, worst_side ? "below" : "above", which, bound, ws);
		o->reason_text = worst_side
			? gi__arena_trf(x->a, o->reason, N_("%s is below the minimum %s by more than the guard band %s: fail"),
			                x->pm_t, bound, ws)
			: gi__arena_trf(x->a, o->reason, N_("%s is above the maximum %s by more than the guard band %s: fail"),
			                x->pm_t, bound, ws);
	}
}

static void probability(ctx *x, double u, int has_dof, double dof)
{
	const gi_limit *l = &x->c->limit;
	gi_criterion_result *o = x->out;
	double pmin = x->rule->p_min;
	if (l->has_lower && l->has_upper) {
		if (gi__conformance(l, (l->lower + l->upper) / 2, u, has_dof, dof) >= pmin) {
			o->has_acceptance_lower = o->has_acceptance_upper = 1;
			o->acceptance_lower = solve_interval(l, u, has_dof, dof, pmin, 1);
			o->acceptance_upper = solve_interval(l, u, has_dof, dof, pmin, 0);
		}
	} else if (l->has_lower) {
		o->has_acceptance_lower = 1;
		o->acceptance_lower = l->lower + quantile(pmin, has_dof, dof) * u;
	} else {
		o->has_acceptance_upper = 1;
		o->acceptance_upper = l->upper - quantile(pmin, has_dof, dof) * u;
	}
	double pc = o->probability;
	int ok = gi__compare(pc, pmin) >= 0;
	o->verdict = ok ? GI_VERDICT_PASS : GI_VERDICT_FAIL;
	char pcs[32], pms[32];
	gi__snprintf_c(pcs, sizeof pcs, "%.5f", pc);
	gi__snprintf_c(pms, sizeof pms, "%g", pmin);
	o->reason = gi__arena_printf(x->a, "%s meets %s with probability %s (%s distribution), %s %s required: %s",
	                             x->pm, l->text, pcs,
	                             has_dof ? gi__arena_printf(x->a, "t, %s degrees of freedom", num(x->a, dof)) : "normal",
	                             ok ? "at least" : "but", pms, ok ? "pass" : "fail");
	const char *dist = has_dof ? gi__arena_trf(x->a, gi__arena_printf(x->a, "t, %s degrees of freedom", num(x->a, dof)),
	                                           N_("t, %s degrees of freedom"), num(x->a, dof))
	                           : gi__tr(N_("normal"));
	o->reason_text = ok
		? gi__arena_trf(x->a, o->reason, N_("%s meets %s with probability %s (%s distribution), at least %s required: pass"),
		                x->pm_t, l->text, pcs, dist, pms)
		: gi__arena_trf(x->a, o->reason, N_("%s meets %s with probability %s (%s distribution), but %s required: fail"),
		                x->pm_t, l->text, pcs, dist, pms);
}

static void residue(ctx *x, double U, int relative_default)
{
	const gi_limit *l = &x->c->limit;
	gi_criterion_result *o = x->out;
	double mrl = l->upper, excess = x->y - U;
	o->has_acceptance_upper = 1;
	/* y - U > MRL: with U a fixed amount the limit is MRL + U; with the
	 * default U = 0.5 y it is MRL / 0.5 */
	o->acceptance_upper = relative_default ? mrl / 0.5 : mrl + U;
	int over = gi__compare(excess, mrl) > 0;
	o->verdict = over ? GI_VERDICT_FAIL : GI_VERDICT_PASS;
	o->reason = gi__arena_printf(x->a, "%s %s − U %s = %s %s %s the MRL %s: %s", x->shown, x->c->unit,
	                             unc(x->a, U), x->has_d ? fixed(x->a, excess, x->d) : num(x->a, excess), x->c->unit,
	                             over ? "exceeds" : "does not exceed", l->upper_text,
	                             over ? "non-compliant beyond reasonable doubt" : "compliant");
	const char *ex = x->has_d ? fixed(x->a, excess, x->d) : num(x->a, excess);
	o->reason_text = over
		? gi__arena_trf(x->a, o->reason, N_("%s %s − U %s = %s %s exceeds the MRL %s: non-compliant beyond reasonable doubt"),
		                x->shown_t, x->c->unit, unc(x->a, U), ex, x->c->unit, l->upper_text)
		: gi__arena_trf(x->a, o->reason, N_("%s %s − U %s = %s %s does not exceed the MRL %s: compliant"),
		                x->shown_t, x->c->unit, unc(x->a, U), ex, x->c->unit, l->upper_text);
}

/* Rule rounding (ASTM E29): y rounded to as many decimals as the limits
 * are written with - from the exact decimal mean of the replicates where
 * there are several - before it is compared. */
static void round_as_limits(ctx *x, const gi__estimate *est)
{
	const gi_limit *l = &x->c->limit;
	int d = 0;
	if (l->has_lower && decimals_of(l->lower_text) > d)
		d = decimals_of(l->lower_text);
	if (l->has_upper && decimals_of(l->upper_text) > d)
		d = decimals_of(l->upper_text);
	double r;
	int rc = est->n_reps > 1 ? gi__round_mean_e29(&r, est->reps, est->n_reps, est->reps_shift, d)
	                         : gi__round_e29(&r, est->y, d);
	if (rc == 0 && r != est->y) {
		x->out->rounded = 1;
		x->out->unrounded = est->y;
		x->y = r;
	}
}

/* The value as the reasons show it, in English and translated: after the
 * prefix ("mean of 2: "), with U to two significant digits and y to U's
 * decimal place (JCGM 100:2008 7.2.6), never rounded onto or across a
 * bound; what rule rounding made of it; "y ± U unit (k=...)". */
static void write_value(ctx *x, const gi__estimate *est, const char *prefix, double U, int has_u)
{
	gi__arena *a = x->a;
	const gi_criterion *c = x->c;
	gi_criterion_result *out = x->out;
	x->has_d = has_u && U > 0 && isfinite(U);
	if (x->has_d)
		x->d = gi__value_decimals(x->y, U, &c->limit);
	const char *ys = x->has_d ? fixed(a, x->y, x->d) : num(a, x->y);
	x->shown = prefix ? gi__arena_printf(a, "%s%s", prefix, ys) : ys;
	const char *pt = est->prefix_text ? est->prefix_text : prefix;
	x->shown_t = pt ? gi__arena_printf(a, "%s%s", pt, ys) : ys;
	if (out->rounded) {
		x->shown = gi__arena_printf(a, "%s (rounded from %s)", x->shown, num(a, out->unrounded));
		x->shown_t = gi__arena_trf(a, x->shown, N_("%s (rounded from %s)"), x->shown_t, num(a, out->unrounded));
	}
	/* U and k written once for both languages */
	const char *us = has_u ? unc(a, U) : NULL, *ks = has_u ? num(a, est->k) : NULL;
	x->pm = has_u ? gi__arena_printf(a, "%s ± %s %s (k=%s)", x->shown, us, c->unit, ks)
	              : gi__arena_printf(a, "%s %s", x->shown, c->unit);
	x->pm_t = has_u ? gi__arena_printf(a, "%s ± %s %s (k=%s)", x->shown_t, us, c->unit, ks)
	                : gi__arena_printf(a, "%s %s", x->shown_t, c->unit);
}

int gi__decide(gi__arena *a, const gi_criterion *c, const gi_rule *rule, const gi__estimate *est,
               const char *prefix, gi_criterion_result *out)
{
	const gi_limit *l = &c->limit;
	ctx x = { a, c, rule, out, est->y, NULL, NULL, NULL, NULL, 0, 0 };
	out->rule = *rule;
	if (rule->rounding == GI_ROUNDING_ROUND)
		round_as_limits(&x, est);
	out->has_value = 1;
	out->value = x.y;
	double U = est->U;
	int has_u = est->has_u;
	int relative_default = 0;
	if (rule->kind == GI_RULE_RESIDUE && !has_u) {
		/* SANTE/11312/2021: a default expanded uncertainty of 50 % */
		U = 0.5 * fabs(x.y);
		has_u = 1;
		relative_default = 1;
		out->uncertainty_source = GI_U_RULE;
		out->has_uncertainty = 1;
		out->uncertainty = U;
		out->coverage = 2;
	}
	write_value(&x, est, prefix, U, has_u);
	/* pc is the probability that the measurand conforms: it is computed on
	 * the measured value, never on the value rounded for the comparison
	 * (ASTM E29 rounding changes what is compared, not what was measured).
	 * The residue rule decides on y - U alone (SANTE/11312/2021), with a U
	 * that may be its own 50 % default: a pc would look like part of a
	 * decision it has no part in, so none is given. */
	if (has_u && U > 0 && est->k > 0 && rule->kind != GI_RULE_RESIDUE) {
		out->has_probability = 1;
		out->probability = gi__conformance(l, est->y, U / est->k, est->has_dof, est->dof);
		out->has_dof = est->has_dof;
		out->dof = est->dof;
	}
	int needs_u = rule->kind == GI_RULE_GUARDED || rule->kind == GI_RULE_NON_BINARY ||
	              rule->kind == GI_RULE_PROBABILITY;
	if (needs_u && !(has_u && U > 0 && est->k > 0)) {
		out->verdict = GI_VERDICT_INCONCLUSIVE;
		out->reason = gi__arena_printf(a, "%s %s: the %s rule needs an uncertainty; the lab states none "
		                               "and the specification gives no default", x.shown, c->unit,
		                               gi_rule_name(rule->kind));
		out->reason_text = gi__arena_trf(a, out->reason,
		                                 N_("%s %s: the %s rule needs an uncertainty; the lab states none and the specification gives no default"),
		                                 x.shown_t, c->unit, gi_rule_name(rule->kind));
		return out->reason ? GI_OK : gi__oom();
	}
	switch (rule->kind) {
	case GI_RULE_GUARDED: guarded(&x, rule->guard * U); break;
	case GI_RULE_NON_BINARY: non_binary(&x, rule->guard * U); break;
	case GI_RULE_PROBABILITY: probability(&x, U / est->k, est->has_dof, est->dof); break;
	case GI_RULE_RESIDUE: residue(&x, U, relative_default); break;
	default: simple(&x); break;
	}
	return out->reason ? GI_OK : gi__oom();
}
