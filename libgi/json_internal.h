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

/* ---- json_stream.c ---- */
/* Room for any real gi__json_real writes, with its terminating NUL. */
#define GI__JSON_REAL_SIZE 48
/* A real as the JSON of libgi writes it: the shortest decimal of 15, 16 or
 * 17 significant digits that reads back as v (gi__number_format(v, 17)),
 * with ".0" when it would read as an integer; "0.0" for either zero.
 * Returns its length, or 0 (nothing written) when v is not finite. */
size_t gi__json_real(char buf[GI__JSON_REAL_SIZE], double v);

#endif
