/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * place.c - place names: the key two spellings of one administrative unit
 * share, near-miss suggestions, and where a named unit lies relative to a
 * production area once communes have been merged.
 *
 * A key is the name in Unicode NFC with full case folding (libunistring),
 * blanks folded, and its level word dropped or turned into a tag: district
 * words go ("huyện Tam Đường" = "Tam Đường"); city and province words stay
 * as a tag because Vietnamese cities share their province's name
 * ("thành phố Lai Châu" is not "tỉnh Lai Châu"); commune-level words
 * (xã, phường, thị trấn) become a tag that commune matching ignores.
 *
 * Since 1 July 2025 Viet Nam has no district level and its communes were
 * merged (e.g. Resolution 1670/NQ-UBTVQH15 for Lai Châu). A spec may carry
 * the mapping new commune -> former units with their former districts
 * (<communes> in gi-spec.xsd); a new commune lies inside an area registered
 * by districts when all its former units do, outside when none do, and
 * straddles it otherwise. A sample naming only a straddling commune is
 * decided by the former commune it reports, else it is inconclusive.
 */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>
#include "internal.h"
#include "place_internal.h"
#include "spec_internal.h"
#include "i18n_internal.h"

static const struct { const char *word; const char *tag; } level_prefixes[] = {
	{ "thành phố ", "city:" }, { "tp. ", "city:" }, { "tp.", "city:" }, { "tp ", "city:" },
	{ "city of ", "city:" }, { "comune di ", "city:" },
	{ "tỉnh ", "province:" }, { "province of ", "province:" }, { "provincia di ", "province:" },
	{ "huyện ", "" }, { "thị xã ", "town:" }, { "quận ", "" }, { "xã ", "commune:" },
	{ "phường ", "ward:" }, { "thị trấn ", "town:" },
};
static const struct { const char *word; const char *tag; } level_suffixes[] = {
	{ " city", "city:" }, { " province", "province:" }, { " district", "" },
	{ " town", "town:" }, { " commune", "commune:" }, { " ward", "ward:" },
};

/* NFC + full case folding into out; on text that is not UTF-8, ASCII
 * lower-casing of the bytes as they are. */
static void fold(char *out, size_t n, const char *in)
{
	size_t len = 0;
	uint8_t *f = u8_casefold((const uint8_t *)in, strlen(in), NULL, UNINORM_NFC, NULL, &len);
	if (!f) {
		size_t k = 0;
		for (; in[k] && k + 1 < n; k++)
			out[k] = (char)(in[k] >= 'A' && in[k] <= 'Z' ? in[k] - 'A' + 'a' : in[k]);
		out[k] = '\0';
		return;
	}
	size_t k = len < n ? len : n - 1;
	/* never cut a multibyte character */
	while (k > 0 && k < len && (f[k] & 0xC0) == 0x80)
		k--;
	memcpy(out, f, k);
	out[k] = '\0';
	free(f);
}

static void place_key(char *out, size_t n, const char *in);

/* A report names a handful of places over and over: the last few keys are
 * kept (per thread), so folding runs once per distinct name. */
#define KEY_CACHE 16
void gi__place_key(char *out, size_t n, const char *in)
{
	static _Thread_local struct { char in[128], key[192]; } cache[KEY_CACHE];
	static _Thread_local unsigned next, used;
	size_t len = strlen(in);
	for (unsigned i = 0; i < used; i++)
		if (strcmp(cache[i].in, in) == 0) {
			snprintf(out, n, "%s", cache[i].key);
			return;
		}
	if (len >= sizeof cache[0].in) {
		place_key(out, n, in);
		return;
	}
	unsigned slot = next;
	next = (next + 1) % KEY_CACHE;
	used += used < KEY_CACHE;
	place_key(cache[slot].key, sizeof cache[slot].key, in);
	memcpy(cache[slot].in, in, len + 1);
	snprintf(out, n, "%s", cache[slot].key);
}

static void place_key(char *out, size_t n, const char *in)
{
	char tmp[256], folded[256];
	size_t k = 0;
	int space = 0;
	while (*in == ' ' || *in == '\t')
		in++;
	for (; *in && k + 2 < sizeof tmp; in++) {
		unsigned char c = (unsigned char)*in;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (space)
			tmp[k++] = ' ';
		space = 0;
		tmp[k++] = (char)c;
	}
	tmp[k] = '\0';
	fold(folded, sizeof folded, tmp);
	const char *name = folded, *tag = "";
	for (size_t i = 0; i < GI_ARRAY_SIZE(level_prefixes); i++) {
		size_t l = strlen(level_prefixes[i].word);
		if (strncmp(folded, level_prefixes[i].word, l) == 0 && folded[l]) {
			name = folded + l;
			tag = level_prefixes[i].tag;
			break;
		}
	}
	size_t len = strlen(name);
	if (name == folded) {
		for (size_t i = 0; i < GI_ARRAY_SIZE(level_suffixes); i++) {
			size_t l = strlen(level_suffixes[i].word);
			if (len > l && strcmp(folded + len - l, level_suffixes[i].word) == 0) {
				folded[len - l] = '\0';
				tag = level_suffixes[i].tag;
				break;
			}
		}
	}
	snprintf(out, n, "%s%s", tag, name);
}

const char *gi__place_bare(const char *key)
{
	static const char *const tags[] = { "commune:", "ward:", "town:" };
	for (size_t i = 0; i < GI_ARRAY_SIZE(tags); i++)
		if (strncmp(key, tags[i], strlen(tags[i])) == 0)
			return key + strlen(tags[i]);
	return key;
}

void gi__place_plain(char *out, size_t n, const char *key)
{
	size_t len = 0, k = 0;
	uint8_t *d = u8_normalize(UNINORM_NFD, (const uint8_t *)key, strlen(key), NULL, &len);
	if (!d) {
		snprintf(out, n, "%s", key);
		return;
	}
	for (size_t i = 0; i < len;) {
		ucs4_t c;
		int l = u8_mbtouc(&c, d + i, len - i);
		i += (size_t)(l > 0 ? l : 1);
		if (c >= 0x300 && c <= 0x36F)   /* combining diacritical marks */
			continue;
		if (c == 0x111)                 /* đ has no decomposition */
			c = 'd';
		uint8_t buf[6];
		int w = u8_uctomb(buf, c, sizeof buf);
		if (w <= 0 || k + (size_t)w + 1 > n)
			break;
		memcpy(out + k, buf, (size_t)w);
		k += (size_t)w;
	}
	out[k] = '\0';
	free(d);
}

#define DIST_MAX 128

static size_t to_u32(ucs4_t *out, const char *s)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < DIST_MAX;) {
		int l = u8_mbtouc(&out[n++], (const uint8_t *)s + i, len - i);
		i += (size_t)(l > 0 ? l : 1);
	}
	return n;
}

unsigned gi__place_distance(const char *a, const char *b)
{
	ucs4_t ua[DIST_MAX], ub[DIST_MAX];
	unsigned row[DIST_MAX + 1];
	size_t na = to_u32(ua, a), nb = to_u32(ub, b);
	for (size_t j = 0; j <= nb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= na; i++) {
		unsigned diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= nb; j++) {
			unsigned up = row[j];
			unsigned best = diag + (ua[i - 1] != ub[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

size_t gi__place_length(const char *s)
{
	ucs4_t u[DIST_MAX];
	return to_u32(u, s);
}

/* ---- origin against an area ---- */

typedef enum { AT_OUT = 0, AT_IN = 1, AT_PARTIAL = 2 } where;

typedef struct {
	const gi_area *area;
	const char *const *keys;     /* the area's unit keys */
	const char *const *codes;    /* the area's unit codes (entries may be NULL) */
} area_view;

/* Equal keys; or the same name where one side carries a commune-level word
 * ("Xã Tân Cương" = "Tân Cương"). A city or province tag must match. */
static int same_unit(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 1;
	const char *ba = gi__place_bare(a), *bb = gi__place_bare(b);
	return (ba != a || bb != b) && strcmp(ba, bb) == 0;
}

static int area_has_key(const area_view *v, const char *key)
{
	for (size_t i = 0; i < v->area->n_units; i++)
		if (key[0] && same_unit(v->keys[i], key))
			return 1;
	return 0;
}

/* A commune-level unit listed by the area itself, by code or by name. */
static int area_lists_commune(const area_view *v, const char *code, const char *key)
{
	for (size_t i = 0; i < v->area->n_units; i++) {
		if (code && v->codes[i] && strcmp(code, v->codes[i]) == 0)
			return 1;
		if (v->keys[i] != gi__place_bare(v->keys[i]) && strcmp(gi__place_bare(v->keys[i]), key) == 0)
			return 1;
	}
	return 0;
}

static int former_in(const area_view *v, const gi__former *f)
{
	return area_has_key(v, f->district_key) || area_lists_commune(v, f->code, f->key);
}

static where commune_where(const area_view *v, const gi__commune *c)
{
	if (area_lists_commune(v, c->code, c->key))
		return AT_IN;
	size_t in = 0;
	for (size_t i = 0; i < c->n_former; i++)
		in += (size_t)former_in(v, &c->former[i]);
	return in == c->n_former ? AT_IN : in == 0 ? AT_OUT : AT_PARTIAL;
}

/* "Chăn Nưa (Sìn Hồ)" for the former units of c inside (want 1) or
 * outside (want 0) the area. */
static const char *former_list(gi__arena *a, const area_view *v, const gi__commune *c, int want)
{
	const char *s = "";
	for (size_t i = 0; i < c->n_former; i++)
		if (former_in(v, &c->former[i]) == want)
			s = gi__arena_printf(a, "%s%s%s (%s)", s ? s : "", s && s[0] ? ", " : "",
			                     c->former[i].name, c->former[i].district);
	return s ? s : "";
}

static const gi__former *find_former(const gi__commune *c, const char *bare)
{
	for (size_t i = 0; i < c->n_former; i++)
		if (strcmp(c->former[i].key, bare) == 0)
			return &c->former[i];
	return NULL;
}

/* The known name nearest to key/bare: same letters without diacritics, or
 * within edit distance 1 (names under 8 letters) or 2. */
typedef struct {
	const char *name;
	unsigned score;              /* 0: differs only in diacritics */
} suggestion;

static void consider(suggestion *best, const char *mine, const char *known_key, const char *known_name)
{
	char pa[300], pb[300];
	unsigned score;
	if (strcmp(mine, known_key) == 0)
		return;
	gi__place_plain(pa, sizeof pa, mine);
	gi__place_plain(pb, sizeof pb, known_key);
	if (strcmp(pa, pb) == 0) {
		score = 0;
	} else {
		unsigned limit = gi__place_length(known_key) >= 8 ? 2 : 1;
		score = gi__place_distance(mine, known_key);
		if (score > limit)
			return;
	}
	if (!best->name || score < best->score) {
		best->name = known_name;
		best->score = score;
	}
}

static const char *suggest(const gi__gazetteer *g, const area_view *v, const char *key, const char *bare)
{
	suggestion best = { NULL, 99 };
	/* the mapping's names first: they carry no level word */
	for (size_t i = 0; g && i < g->n; i++) {
		const gi__commune *c = &g->communes[i];
		consider(&best, bare, c->key, c->name);
		for (size_t k = 0; k < c->n_former; k++) {
			consider(&best, bare, c->former[k].key, c->former[k].name);
			consider(&best, key, c->former[k].district_key, c->former[k].district);
		}
	}
	for (size_t i = 0; i < v->area->n_units; i++)
		consider(&best, key, v->keys[i], v->area->units[i]);
	return best.name;
}

/* The readings of a name as a unit before the merger: a former commune
 * (in or out of the area, as its district is), or a former district that
 * is not one of the area's units. */
static void count_former_readings(const gi__gazetteer *g, const area_view *v, const char *key, const char *bare,
                                  size_t *n_in, size_t *n_out)
{
	for (size_t i = 0; g && i < g->n; i++) {
		const gi__commune *c = &g->communes[i];
		for (size_t k = 0; k < c->n_former; k++) {
			const gi__former *f = &c->former[k];
			if (strcmp(f->key, bare) == 0) {
				int in = former_in(v, f);
				*n_in += (size_t)in;
				*n_out += (size_t)!in;
			}
			if (strcmp(f->district_key, key) == 0)
				(*n_out)++;    /* a former district not among the area's units */
		}
	}
}

/* Readings on both sides of the area, or a commune that straddles it:
 * inconclusive, saying what would decide. */
static void cannot_decide(gi__place_result *out, gi__arena *a, const gi_sample *s, const char *aname,
                          const gi__gazetteer *g, const area_view *v, const gi__commune *partial)
{
	out->verdict = GI_VERDICT_INCONCLUSIVE;
	if (partial)
		out->reason = gi__arena_printf(a,
		        "%s (commune %s since %s) straddles area %s: formed from %s inside it and %s outside; "
		        "the report names no former commune, and registered plots or coordinates are not "
		        "available yet to decide", s->origin, partial->code, g->effective, aname,
		        former_list(a, v, partial, 1), former_list(a, v, partial, 0));
	else
		out->reason = gi__arena_printf(a,
		        "%s names both a unit inside area %s and one outside it (merged communes share names); "
		        "the former commune must be reported to decide", s->origin, aname);
}

int gi__place_locate(gi__place_result *out, gi__arena *a, const gi_spec *spec, const gi_area *area,
                     const gi_sample *s, const char *file)
{
	char key[300], fkey[300];
	area_view v = { area, gi__spec_area_keys(spec, area), gi__spec_area_codes(spec, area) };
	const gi__gazetteer *g = gi__spec_communes(spec);
	const char *aname = area->name ? area->name : area->id;
	gi__place_key(key, sizeof key, s->origin);
	const char *bare = gi__place_bare(key);
	out->verdict = GI_VERDICT_FAIL;
	out->reason_text = NULL;
	if (area_has_key(&v, key)) {
		out->verdict = GI_VERDICT_PASS;
		out->reason = gi__arena_printf(a, "%s is in area %s", s->origin, aname);
		out->reason_text = gi__arena_trf(a, out->reason, N_("%s is in area %s"), s->origin, aname);
		return GI_OK;
	}
	const char *former_bare = NULL;
	if (s->origin_former) {
		gi__place_key(fkey, sizeof fkey, s->origin_former);
		former_bare = gi__place_bare(fkey);
	}
	/* every reading of the name: a new commune, a former unit, a former district */
	size_t n_in = 0, n_out = 0, n_partial = 0;
	const gi__commune *partial = NULL, *matched = NULL;
	for (size_t i = 0; g && i < g->n; i++) {
		const gi__commune *c = &g->communes[i];
		if (strcmp(c->key, bare) != 0)
			continue;
		matched = c;
		where w = commune_where(&v, c);
		if (former_bare) {
			const gi__former *f = find_former(c, former_bare);
			if (!f) {
				const char *all = "";
				for (size_t k = 0; k < c->n_former; k++)
					all = gi__arena_printf(a, "%s%s%s", all ? all : "", k ? ", " : "", c->former[k].name);
				return gi__error(GI_EINVALID, file, s->line,
				                 "sample %s: former commune '%s' is not one of those %s was formed from (%s)",
				                 s->id, s->origin_former, c->name, all ? all : "");
			}
			int in = former_in(&v, f);
			out->verdict = in ? GI_VERDICT_PASS : GI_VERDICT_FAIL;
			out->reason = gi__arena_printf(a, "%s (former commune %s, %s) is %s area %s", s->origin,
			                               f->name, f->district, in ? "in" : "not in", aname);
			return GI_OK;
		}
		n_in += w == AT_IN;
		n_out += w == AT_OUT;
		if (w == AT_PARTIAL) {
			n_partial++;
			partial = c;
		}
	}
	count_former_readings(g, &v, key, bare, &n_in, &n_out);
	if (n_in + n_out + n_partial == 0) {
		const char *near = suggest(g, &v, key, bare);
		if (near)
			return gi__error(GI_EINVALID, file, s->line,
			                 "sample %s: origin '%s' is not a place the specification knows; did you mean '%s'?",
			                 s->id, s->origin, near);
		out->reason = gi__arena_printf(a, "%s is not in area %s", s->origin, aname);
		out->reason_text = gi__arena_trf(a, out->reason, N_("%s is not in area %s"), s->origin, aname);
		return GI_OK;
	}
	if (n_partial == 0 && (n_in == 0 || n_out == 0)) {
		out->verdict = n_in ? GI_VERDICT_PASS : GI_VERDICT_FAIL;
		if (matched)
			out->reason = gi__arena_printf(a, "%s (commune %s since %s, formed from units %s the area) is %s area %s",
			                               s->origin, matched->code, g->effective,
			                               n_in ? "inside" : "outside", n_in ? "in" : "not in", aname);
		else
			out->reason = gi__arena_printf(a, "%s is %s area %s", s->origin, n_in ? "in" : "not in", aname);
		return GI_OK;
	}
	cannot_decide(out, a, s, aname, g, &v, partial);
	return GI_OK;
}
