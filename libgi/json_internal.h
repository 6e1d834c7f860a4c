/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json_internal.h - JSON with exact numbers and the names JSON and records
 * share. Not exported.
 */
#ifndef GI_JSON_INTERNAL_H
#define GI_JSON_INTERNAL_H

#include "internal.h"

/* ---- json.c ---- */
/* "none", "lab", "spec", "rule": the names JSON and records give a
 * gi_uncertainty_source */
const char *gi__uncertainty_source_name(int source);
/* json_dumps, with each real in the shortest form that reads back as the
 * same double (gi__number_format with 17 digits); malloc'd, or NULL. */
struct json_t;
char *gi__json_dumps(const struct json_t *o, size_t flags);

#endif
