/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/units.h - units of measurement results and their conversion.
 *
 * Mass fractions are the units GI criteria use: g/100g, %, g/kg, mg/kg,
 * mg/100g, µg/kg (with their common spellings: "g/100 g", "% (w/w)", "ppm",
 * "ug/kg", "ppb", ...). A ratio of two mass fractions is a mass-fraction
 * unit too ("15 % of total protein"). Other families have one member each:
 * "1" (dimensionless, e.g. absorbances), "meq O2/kg" (peroxide value), "m"
 * (altitude). Conversion happens only within a family.
 */
#ifndef GI_UNITS_H
#define GI_UNITS_H

#include "common.h"

GI_BEGIN_DECL

/**
 * The canonical spelling of a unit ("g/100 g" -> "g/100g", "ppm" ->
 * "mg/kg"). Borrowed, static.
 * @return GI_OK, or GI_EINVALID for a unit libgi does not know
 */
GI_EXTERN(int) gi_unit_canonical(const char **out, const char *spelling);

/**
 * Converts a value between two units of the same family.
 *
 *   double v;
 *   gi_unit_convert(&v, 5340.0, "mg/100g", "g/100g");   v == 5.34
 *
 * @return GI_OK, GI_EINVALID for an unknown unit or units of different
 *         families (message says which)
 */
GI_EXTERN(int) gi_unit_convert(double *out, double value, const char *from, const char *to);

GI_END_DECL

#endif
