/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * number_exact.c - the shortest decimal that reads back as a double,
 * computed exactly with 128-bit integers instead of printf and strtod.
 *
 * A positive double is f * 2^-s (f < 2^53), so v * 10^k is f * 10^k / 2^s:
 * rounding it to n significant digits (ties to even, as printf rounds)
 * and checking that the decimal lies within half the gap to the
 * neighbouring doubles (so that a correctly rounded reader gives v back,
 * ties to even) are integer operations. The magnitudes reports and
 * results hold, 1e-4 <= v < 1e15, keep every product below 2^128.
 */
#include "config.h"
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include "internal.h"

typedef unsigned __int128 u128;

static u128 pow10_table[40];

static void make_pow10(void)
{
	pow10_table[0] = 1;
	for (int i = 1; i < 40; i++)
		pow10_table[i] = pow10_table[i - 1] * 10;
}

static u128 pow10_u128(int k)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_pow10);
	return pow10_table[k];
}

/* v rounded to n significant digits, ties to even (as printf rounds):
 * *q with value *q * 10^-*k; 0 when the numbers would not fit. */
static int round_digits(uint64_t *q, int *k, uint64_t f, int s, int n, int k0)
{
	for (int tries = 0; tries < 3; tries++) {
		if (k0 < -16 || k0 > 22)
			return 0;
		/* v * 10^k0 = num / den exactly */
		u128 num = k0 >= 0 ? (u128)f * pow10_u128(k0) : (u128)f;
		u128 den = k0 >= 0 ? (u128)1 << s : pow10_u128(-k0) << s;
		u128 whole = k0 >= 0 ? num >> s : num / den, rem = num - whole * den;
		u128 half2 = rem << 1;   /* compared with den: the dropped part against one half */
		u128 lo = pow10_u128(n - 1), hi = lo * 10;
		/* the digits are counted before rounding: log10 may be off by one */
		if (whole >= hi) {
			k0--;
			continue;
		}
		if (whole < lo) {
			k0++;
			continue;
		}
		if (half2 > den || (half2 == den && (whole & 1)))
			whole++;
		if (whole == hi) {   /* 99...9.5 rounds up to 10^n: one digit fewer */
			whole /= 10;
			k0--;
		}
		*q = (uint64_t)whole;
		*k = k0;
		return 1;
	}
	return 0;
}

/* Whether q * 10^-k reads back as v = f * 2^-s (correctly rounded, ties
 * to even): within half the gap to the neighbouring doubles. */
static int reads_back(uint64_t q, int k, uint64_t f, int s)
{
	/* |q 10^-k - f 2^-s| against 2^-(s+1), all scaled by 10^k 2^(s+1) */
	u128 a = k >= 0 ? (u128)q << (s + 1) : ((u128)q * pow10_u128(-k)) << (s + 1);
	u128 b = k >= 0 ? ((u128)f << 1) * pow10_u128(k) : (u128)f << 1;
	u128 t = k >= 0 ? pow10_u128(k) : 1;
	if (a >= b) {
		u128 d = a - b;
		return d < t || (d == t && !(f & 1));
	}
	u128 d = b - a;
	if (f == (uint64_t)1 << 52)   /* the gap below a power of two is half as wide */
		return 2 * d < t || (2 * d == t && !(f & 1));
	return d < t || (d == t && !(f & 1));
}

int gi__number_shortest(uint64_t *q, int *k, double mag, int from, int to)
{
	if (!(mag >= 1e-4 && mag < 1e15) || from < 1 || to > 17 || from > to)
		return -1;
	int e2;
	double m = frexp(mag, &e2);             /* mag = m * 2^e2, 0.5 <= m < 1 */
	uint64_t f = (uint64_t)ldexp(m, 53);    /* exact: 53 bits */
	int s = 53 - e2;                        /* mag = f * 2^-s */
	if (s < 1 || s > 70)
		return -1;
	int lg = (int)floor(log10(mag));
	for (int n = from; n <= to; n++) {
		if (!round_digits(q, k, f, s, n, n - 1 - lg))
			return -1;
		if (reads_back(*q, *k, f, s))
			return 0;
	}
	return to == 17 ? 0 : -1;   /* 17 digits always read back */
}

int gi__number_round(uint64_t *q, int *k, double mag, int n)
{
	if (!(mag >= 1e-4 && mag < 1e15) || n < 1 || n > 17)
		return -1;
	int e2;
	double m = frexp(mag, &e2);
	uint64_t f = (uint64_t)ldexp(m, 53);
	int s = 53 - e2;
	if (s < 1 || s > 70)
		return -1;
	int lg = (int)floor(log10(mag));
	return round_digits(q, k, f, s, n, n - 1 - lg) ? 0 : -1;
}

int gi__number_shortest_e(char buf[32], double v)
{
	uint64_t q;
	int k;
	if (!isfinite(v) || v == 0 || gi__number_shortest(&q, &k, fabs(v), 1, 17) < 0)
		return -1;
	char rev[24];
	int n = 0;
	do {
		rev[n++] = (char)('0' + q % 10);
		q /= 10;
	} while (q);
	char *o = buf;
	if (v < 0)
		*o++ = '-';
	*o++ = rev[n - 1];
	if (n > 1) {
		*o++ = '.';
		for (int i = n - 2; i >= 0; i--)
			*o++ = rev[i];
	}
	int e = n - 1 - k;
	*o++ = 'e';
	*o++ = e < 0 ? '-' : '+';
	if (e < 0)
		e = -e;
	if (e >= 100)
		*o++ = (char)('0' + e / 100);
	*o++ = (char)('0' + e / 10 % 10);
	*o++ = (char)('0' + e % 10);
	*o = '\0';
	return 0;
}

size_t gi__number_positional(char buf[32], double v)
{
	double mag = fabs(v);
	if (!(mag >= 1e-4 && mag < 1e15))
		return 0;
	uint64_t q;
	int k;
	if (gi__number_shortest(&q, &k, mag, 15, 17) < 0)
		return 0;
	while (k > 0 && q % 10 == 0) {
		q /= 10;
		k--;
	}
	char digits[24], rev[24];
	int len = 0;
	do {
		rev[len++] = (char)('0' + q % 10);
		q /= 10;
	} while (q);
	for (int i = 0; i < len; i++)
		digits[i] = rev[len - 1 - i];
	char *o = buf;
	if (v < 0)
		*o++ = '-';
	if (k <= 0) {
		memcpy(o, digits, (size_t)len);
		o += len;
		for (int i = 0; i < -k; i++)
			*o++ = '0';
	} else if (k >= len) {
		*o++ = '0';
		*o++ = '.';
		for (int i = 0; i < k - len; i++)
			*o++ = '0';
		memcpy(o, digits, (size_t)len);
		o += len;
	} else {
		memcpy(o, digits, (size_t)(len - k));
		o += len - k;
		*o++ = '.';
		memcpy(o, digits + len - k, (size_t)k);
		o += k;
	}
	*o = '\0';
	return (size_t)(o - buf);
}
