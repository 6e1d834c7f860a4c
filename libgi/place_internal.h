/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * place_internal.h - place names: keys, near misses and the commune
 * reorganisation a spec carries. Not exported.
 */
#ifndef GI_PLACE_INTERNAL_H
#define GI_PLACE_INTERNAL_H

#include "internal.h"

/* ---- place names (place.c) ---- */
/* The key two spellings of one unit share: NFC, full case folding, blanks
 * folded, level word dropped or turned into a tag ("city:lai châu",
 * "commune:bình lư"). */
void gi__place_key(char *out, size_t n, const char *name);
/* key without a commune-level tag (commune:, ward:, town:). Borrowed. */
const char *gi__place_bare(const char *key);
/* key without diacritics (NFD, combining marks dropped, đ -> d). */
void gi__place_plain(char *out, size_t n, const char *key);
/* Levenshtein distance in code points (first 128 of each). */
unsigned gi__place_distance(const char *a, const char *b);
size_t gi__place_length(const char *s);

/* The reorganisation a spec carries (<communes>): new communes and the
 * former units each was formed from. */
typedef struct gi__former {
	const char *code, *name, *kind, *district;
	const char *key, *district_key;   /* place keys (bare) */
} gi__former;
typedef struct gi__commune {
	const char *code, *name, *kind, *key;
	size_t n_former;
	gi__former *former;
	long line;
} gi__commune;
typedef struct gi__gazetteer {
	const char *effective;            /* YYYY-MM-DD the new units took effect */
	const char *source;
	size_t n;
	gi__commune *communes;
} gi__gazetteer;
typedef struct gi__place_result {
	gi_verdict verdict;               /* pass, fail or inconclusive */
	const char *reason;
	const char *reason_text;          /* in the reader's language, or NULL: reason */
} gi__place_result;
/* Where the sample's origin (and former commune) lies relative to area;
 * GI_EINVALID naming file and the sample's line for a name that is a near
 * miss of a known one ("did you mean ...?") or a former commune that does
 * not belong to the named commune. */
int gi__place_locate(gi__place_result *out, gi__arena *a, const gi_spec *spec, const gi_area *area,
                     const gi_sample *s, const char *file);

#endif
