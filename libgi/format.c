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

void gi__format_fixed(char *buf, size_t n, double v, int decimals)
{
	double r = v;
	if (gi__round_e29(&r, v, decimals) < 0)
		r = v;
	if (r == 0)
		r = 0;   /* no "-0.00" */
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
