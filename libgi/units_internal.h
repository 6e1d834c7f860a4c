/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * units_internal.h - unit spellings, families and conversions (units.c).
 * Not exported; names carry a double underscore. internal.h includes it.
 */
#ifndef GI_UNITS_INTERNAL_H
#define GI_UNITS_INTERNAL_H

/* ---- units.c ---- */
typedef enum { GI__FAM_FRACTION, GI__FAM_DIMENSIONLESS, GI__FAM_PEROXIDE, GI__FAM_LENGTH } gi__family;
int gi__unit_lookup(const char **canonical, int *family, int *exp10, const char *spelling);
/* Converts between canonical units of one family; 0 or -1. */
int gi__unit_convert(double *out, double v, const char *from, const char *to);

#endif
