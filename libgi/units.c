/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * units.c - units of measurement results.
 *
 * Each unit is a power of ten of its family's base (mass fractions: g/g),
 * so a conversion is one multiplication or division by an exact power of
 * ten: converting "5340 mg/100g" to g/100g gives the same double as reading
 * "5.34".
 */
#include "config.h"
#include <ctype.h>
#include <string.h>
#include "internal.h"

typedef struct {
	const char *spelling;   /* blanks removed, ASCII lower case */
	const char *canonical;
	int family;
	int exp10;
} unit_def;

static const unit_def units[] = {
	{ "g/100g",        "g/100g",    GI__FAM_FRACTION, -2 },
	{ "%",             "%",         GI__FAM_FRACTION, -2 },
	{ "%(w/w)",        "%",         GI__FAM_FRACTION, -2 },
	{ "%w/w",          "%",         GI__FAM_FRACTION, -2 },
	{ "%(m/m)",        "%",         GI__FAM_FRACTION, -2 },
	{ "%m/m",          "%",         GI__FAM_FRACTION, -2 },
	{ "wt%",           "%",         GI__FAM_FRACTION, -2 },
	{ "g/kg",          "g/kg",      GI__FAM_FRACTION, -3 },
	{ "mg/g",          "mg/g",      GI__FAM_FRACTION, -3 },
	{ "mg/100g",       "mg/100g",   GI__FAM_FRACTION, -5 },
	{ "mg/kg",         "mg/kg",     GI__FAM_FRACTION, -6 },
	{ "ppm",           "mg/kg",     GI__FAM_FRACTION, -6 },
	{ "µg/g",          "µg/g",      GI__FAM_FRACTION, -6 },
	{ "μg/g",          "µg/g",      GI__FAM_FRACTION, -6 },
	{ "ug/g",          "µg/g",      GI__FAM_FRACTION, -6 },
	{ "µg/kg",         "µg/kg",     GI__FAM_FRACTION, -9 },
	{ "μg/kg",         "µg/kg",     GI__FAM_FRACTION, -9 },
	{ "ug/kg",         "µg/kg",     GI__FAM_FRACTION, -9 },
	{ "mcg/kg",        "µg/kg",     GI__FAM_FRACTION, -9 },
	{ "ppb",           "µg/kg",     GI__FAM_FRACTION, -9 },
	{ "1",             "1",         GI__FAM_DIMENSIONLESS, 0 },
	{ "-",             "1",         GI__FAM_DIMENSIONLESS, 0 },
	{ "dimensionless", "1",         GI__FAM_DIMENSIONLESS, 0 },
	{ "meqo2/kg",      "meq O2/kg", GI__FAM_PEROXIDE, 0 },
	{ "meqo₂/kg",      "meq O2/kg", GI__FAM_PEROXIDE, 0 },
	{ "meq/kg",        "meq O2/kg", GI__FAM_PEROXIDE, 0 },
	{ "m",             "m",         GI__FAM_LENGTH, 0 },
};

static const char *family_name(int f)
{
	switch (f) {
	case GI__FAM_FRACTION: return "mass fraction";
	case GI__FAM_DIMENSIONLESS: return "dimensionless";
	case GI__FAM_PEROXIDE: return "peroxide value";
	default: return "length";
	}
}

int gi__unit_lookup(const char **canonical, int *family, int *exp10, const char *spelling)
{
	char norm[64];
	size_t n = 0;
	if (!spelling)
		return -1;
	for (const char *p = spelling; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\t')
			continue;
		if (c == 0xC2 && (unsigned char)p[1] == 0xA0) {  /* no-break space */
			p++;
			continue;
		}
		if (n + 1 >= sizeof norm)
			return -1;
		norm[n++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	norm[n] = '\0';
	for (size_t i = 0; i < GI_ARRAY_SIZE(units); i++) {
		if (strcmp(units[i].spelling, norm) == 0) {
			if (canonical)
				*canonical = units[i].canonical;
			if (family)
				*family = units[i].family;
			if (exp10)
				*exp10 = units[i].exp10;
			return 0;
		}
	}
	return -1;
}

static const double pow10_tab[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12 };

int gi__unit_convert(double *out, double v, const char *from, const char *to)
{
	int ff, ft, ef, et;
	if (gi__unit_lookup(NULL, &ff, &ef, from) < 0 || gi__unit_lookup(NULL, &ft, &et, to) < 0 || ff != ft)
		return -1;
	int d = ef - et;
	*out = d >= 0 ? v * pow10_tab[d] : v / pow10_tab[-d];
	return 0;
}

int gi_unit_canonical(const char **out, const char *spelling)
{
	if (!out || !spelling)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_unit_canonical: NULL argument");
	if (gi__unit_lookup(out, NULL, NULL, spelling) < 0)
		return gi__error(GI_EINVALID, NULL, 0, "unknown unit '%.40s'", spelling);
	return GI_OK;
}

int gi_unit_convert(double *out, double value, const char *from, const char *to)
{
	int ff, ft;
	if (!out || !from || !to)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_unit_convert: NULL argument");
	if (gi__unit_lookup(NULL, &ff, NULL, from) < 0)
		return gi__error(GI_EINVALID, NULL, 0, "unknown unit '%.40s'", from);
	if (gi__unit_lookup(NULL, &ft, NULL, to) < 0)
		return gi__error(GI_EINVALID, NULL, 0, "unknown unit '%.40s'", to);
	if (ff != ft)
		return gi__error(GI_EINVALID, NULL, 0, "cannot convert %s (%s) to %s (%s)",
		                 from, family_name(ff), to, family_name(ft));
	gi__unit_convert(out, value, from, to);
	return GI_OK;
}
