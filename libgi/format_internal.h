/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format_internal.h - numbers written for people (format.c). Not
 * exported; names carry a double underscore. internal.h includes it.
 */
#ifndef GI_FORMAT_INTERNAL_H
#define GI_FORMAT_INTERNAL_H

#include <stddef.h>
#include "gi/gi.h"

/* ---- format.c: numbers for people (JCGM 100:2008 7.2.6) ---- */
/* v rounded (ASTM E29, in decimal) to the given decimal place and written
 * positionally; decimals < 0 rounds to tens, hundreds, ... */
void gi__format_fixed(char *buf, size_t n, double v, int decimals);
/* "%.*f" of r by printf in the C locale (decimals < 0 as 0): what
 * gi__format_fixed's exact path must agree with. */
void gi__format_fixed_printf(char *buf, size_t n, double r, int decimals);
/* The decimal place that shows U to two significant digits. */
int gi__u_decimals(double U);
/* The decimal place to show y with U: U's, or more where fewer would put
 * y on or across a bound of l (may be NULL) that y is not on or across. */
int gi__value_decimals(double y, double U, const gi_limit *l);
/* y and U written with those decimal places. */
void gi__format_pm(char *vbuf, size_t vn, char *ubuf, size_t un, double y, double U, const gi_limit *l);

#endif
