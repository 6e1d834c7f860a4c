/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spec_internal.h - what a loaded spec keeps for the other modules. Not
 * exported.
 */
#ifndef GI_SPEC_INTERNAL_H
#define GI_SPEC_INTERNAL_H

#include "place_internal.h"

/* ---- spec.c ---- */
/* Place keys of an area's administrative units, computed at load. */
const char *const *gi__spec_area_keys(const gi_spec *spec, const gi_area *area);
/* Codes of an area's units (an entry is NULL where the unit has none). */
const char *const *gi__spec_area_codes(const gi_spec *spec, const gi_area *area);
/* The spec's commune reorganisation, or NULL when it carries none. */
const gi__gazetteer *gi__spec_communes(const gi_spec *spec);

#endif
