/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format.c - values and uncertainties written for people (JCGM 100:2008
 * 7.2.6): U to two significant digits, the value to the same decimal
 * place, both rounded in decimal with ties to even.
 */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "decide_internal.h"

static double pow10_of(int k)
{
	static const double p[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
	                            1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	return p[k < 0 ? 0 : k > 15 ? 15 : k];
}

/* "%.*f" of r where that is r's shortest decimal padded with zeros: when
 * that decimal has at most `decimals` places and |r| < 10^(15 - decimals),
 * half an ulp of r is below half a unit of the last place printed, so
 * printf's correctly rounded digits are those. Its length, or 0. */
static size_t fixed_exact(char *buf, size_t n, double r, int decimals)
{
	char s[32];
	size_t len = gi__number_positional(s, r);
	if (decimals < 0)
		decimals = 0;   /* as printf is asked for it */
	if (!len || decimals > 14 || fabs(r) >= pow10_of(15 - decimals))
		return 0;
	const char *dot = memchr(s, '.', len);
	size_t frac = dot ? len - (size_t)(dot - s) - 1 : 0;
	if (frac > (size_t)decimals || len + (size_t)decimals + 2 >= n)
		return 0;
	memcpy(buf, s, len);
	if (decimals > 0 && !dot)
		buf[len++] = '.';
	for (; frac < (size_t)decimals; frac++)
		buf[len++] = '0';
	buf[len] = '\0';
	return len;
}

void gi__format_fixed(char *buf, size_t n, double v, int decimals)
{
	double r = v;
	if (gi__round_e29(&r, v, decimals) < 0)
		r = v;
	if (r == 0)
		r = 0;   /* no "-0.00" */
	if (fixed_exact(buf, n, r, decimals) == 0)
		gi__format_fixed_printf(buf, n, r, decimals);
}

void gi__format_fixed_printf(char *buf, size_t n, double r, int decimals)
{
	gi__snprintf_c(buf, n, "%.*f", decimals > 0 ? decimals : 0, r);
}

int gi__u_decimals(double U)
{
	if (!(U > 0) || !isfinite(U))
		return 0;
	int d = 1 - (int)floor(log10(U));
	double r;
	/* 0.0996 rounds to 0.100 at three decimals: two significant digits
	 * of that are 0.10 */
	if (gi__round_e29(&r, U, d) == 0 && r >= pow(10, 2 - d) * (1 - 1e-12))
		d--;
	return d;
}

/* The same side of b (below, on, above) for v and its rounded form? */
static int same_side(double v, double shown, double b)
{
	return gi__compare(v, b) == gi__compare(shown, b);
}

int gi__value_decimals(double y, double U, const gi_limit *l)
{
	int d = gi__u_decimals(U);
	for (int extra = 0; l && extra < 12; extra++, d++) {
		char t[64];
		double shown;
		gi__format_fixed(t, sizeof t, y, d);
		if (gi__number_scan(&shown, NULL, t, strlen(t)) < 0)
			break;
		if ((!l->has_lower || same_side(y, shown, l->lower)) && (!l->has_upper || same_side(y, shown, l->upper)))
			break;
	}
	return d;
}

void gi__format_pm(char *vbuf, size_t vn, char *ubuf, size_t un, double y, double U, const gi_limit *l)
{
	gi__format_fixed(vbuf, vn, y, gi__value_decimals(y, U, l));
	gi__format_fixed(ubuf, un, U, gi__u_decimals(U));
}

int gi_format_measurement(char *buf, size_t size, double value, double U, const gi_limit *limit)
{
	if (!buf || !isfinite(value))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_format_measurement: no buffer or a value that is not finite");
	char v[64], u[64];
	int n;
	if (U > 0 && isfinite(U)) {
		gi__format_pm(v, sizeof v, u, sizeof u, value, U, limit);
		n = snprintf(buf, size, "%s ± %s", v, u);
	} else {
		gi__number_format(v, sizeof v, value, 6);
		n = snprintf(buf, size, "%s", v);
	}
	if (n < 0 || (size_t)n >= size) {
		if (size)
			buf[0] = '\0';
		return gi__error(GI_EUSAGE, NULL, 0, "gi_format_measurement: buffer of %zu bytes is too small", size);
	}
	return GI_OK;
}
