/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * registry_lot.c - what a consumer's scan asks of a lot beyond lot.show:
 * the permit covering it (permit.for-lot, one query on the lot's members
 * rather than a walk through the event history), its shelf life
 * (lot.shelf-life) and its photos (lot.photo-add, lot.photo-list), data
 * items Circular 02/2024/TT-BKHCN lists. A photo's bytes stay with the
 * caller (a portal keeps them as files named by their SHA-256); the
 * registry checks they are a JPEG or PNG image, and records their SHA-256,
 * media type, size and caption as an event, so the log covers them.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "registry_internal.h"
#include "i18n_internal.h"
#include "log_internal.h"

/* A photo's bytes at most: a phone's JPEG, well within a web upload. */
#define PHOTO_MAX (8L * 1024 * 1024)
#define CAPTION_MAX 200
#define SHELF_LIFE_MAX 120   /* months */

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The lot named by args "lot" (its code or id), as a row (new reference). */
static int load_lot(gi_registry *reg, json_t **out, json_t *a, char id[24])
{
	const char *code;
	int rc = gi__arg_str(&code, a, "lot", 1);
	if (rc < 0)
		return rc;
	gi__dbrows r;
	const char *p[] = { code };
	if ((rc = gi__db_query(reg->db, &r, "SELECT id FROM lot WHERE code = $1 OR CAST(id AS TEXT) = $1", 1, p)) < 0)
		return rc;
	if (r.n == 0) {
		gi__dbrows_free(&r);
		return gi__error(GI_EINVALID, NULL, 0, N_("lot %.60s is not registered"), code);
	}
	snprintf(id, 24, "%s", GI__CELL(&r, 0, 0));
	gi__dbrows_free(&r);
	*out = gi__reg_row(reg, "lot", id);
	return *out ? GI_OK : gi__oom();
}

static int in_list(json_t *list, const char *s)
{
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *v = json_array_get(list, i);
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	}
	return 0;
}

static int valid_on(json_t *permit, const char *today)
{
	const char *state = str(permit, "state"), *from = str(permit, "valid_from"), *until = str(permit, "valid_until");
	return state && strcmp(state, "granted") == 0 && from && until && strcmp(from, today) <= 0 &&
	       strcmp(today, until) <= 0;
}

/* ---- the permit covering a lot ---- */

/* A permit covers a lot when its products hold the lot's product and its
 * plots every plot of the lot (what stamp.issue requires). Of those, the
 * one valid today, else the newest; the candidates are the permits of the
 * members owning the lot's plots. */
int gi__reg_permit_for_lot(gi_registry *reg, json_t *a, json_t **out)
{
	char lot_id[24], today[11];
	json_t *lot = NULL, *found = NULL;
	int rc = load_lot(reg, &lot, a, lot_id);
	if (rc < 0)
		return rc;
	gi__reg_today(reg, today);
	gi__dbrows plots = { 0 }, r = { 0 };
	const char *p[] = { lot_id };
	if ((rc = gi__db_query(reg->db, &plots, "SELECT plot_id FROM lot_plot WHERE lot_id = $1", 1, p)) == 0)
		rc = gi__db_query(reg->db, &r, "SELECT id FROM permit WHERE member_id IN (SELECT p.member_id FROM plot p"
		                               " JOIN lot_plot lp ON lp.plot_id = p.id WHERE lp.lot_id = $1) ORDER BY id",
		                  1, p);
	for (size_t i = 0; rc == 0 && i < r.n; i++) {
		json_t *permit = gi__reg_row(reg, "permit", GI__CELL(&r, i, 0));
		if (!permit) {
			rc = gi__oom();
			break;
		}
		int covers = in_list(json_object_get(permit, "products"), str(lot, "product"));
		for (size_t k = 0; covers && k < plots.n; k++)
			covers = in_list(json_object_get(permit, "plots"), GI__CELL(&plots, k, 0));
		/* ordered by id: a later permit replaces an earlier one unless
		 * only the earlier one is valid today */
		if (covers && (!found || valid_on(permit, today) || !valid_on(found, today))) {
			json_decref(found);
			found = permit;
		} else {
			json_decref(permit);
		}
	}
	gi__dbrows_free(&plots);
	gi__dbrows_free(&r);
	if (rc == 0) {
		int valid = found && valid_on(found, today);
		*out = json_pack("{s:s, s:s, s:o, s:b}", "lot", str(lot, "code"), "date", today, "permit",
		                 found ? json_incref(found) : json_null(), "valid", valid);
		rc = *out ? GI_OK : gi__oom();
	}
	json_decref(found);
	json_decref(lot);
	return rc;
}

/* ---- shelf life ---- */

/* Sets a lot's shelf life in months and its best-before date: given, or
 * the harvest date plus the shelf life. */
int gi__reg_lot_shelf_life(gi_registry *reg, json_t *a, json_t **out)
{
	char lot_id[24], date[11];
	json_t *lot = NULL;
	double months;
	int has, rc;
	const char *best;
	if ((rc = gi__arg_num(&months, &has, a, "shelf_life_months", 1)) < 0 ||
	    (rc = gi__arg_date(&best, a, "best_before", 0)) < 0)
		return rc;
	if (!(months >= 1 && months <= SHELF_LIFE_MAX) || months != (double)(int)months)
		return gi__error(GI_EINVALID, NULL, 0, N_("shelf_life_months must be a whole number of months from 1 to %d"),
		                 SHELF_LIFE_MAX);
	if ((rc = load_lot(reg, &lot, a, lot_id)) < 0)
		return rc;
	const char *harvested = str(lot, "harvested");
	if (!best) {
		gi__date_add(date, harvested, (int)months, 0);
		best = date;
	} else if (strcmp(best, harvested) <= 0) {
		rc = gi__error(GI_EINVALID, NULL, 0, N_("best_before %s is not after the harvest (%s)"), best, harvested);
	}
	char m[16];
	snprintf(m, sizeof m, "%d", (int)months);
	const char *p[] = { m, best, lot_id };
	if (rc == 0)
		rc = gi__db_query(reg->db, NULL, "UPDATE lot SET shelf_life_months = $1, best_before = $2 WHERE id = $3", 3, p);
	json_t *after = rc == 0 ? gi__reg_row(reg, "lot", lot_id) : NULL;
	if (rc == 0 && !after)
		rc = gi__oom();
	if (rc == 0)
		rc = gi__reg_event(reg, "lot.shelf-life", "lot", lot_id, lot, after);
	json_decref(lot);
	if (rc < 0) {
		json_decref(after);
		return rc;
	}
	*out = after;
	return GI_OK;
}

/* ---- photos ---- */

/* The media type the bytes' signature says: "image/jpeg" (SOI marker FF D8
 * then a marker FF, ISO/IEC 10918-1 B.2), "image/png" (the eight-byte
 * signature and the IHDR chunk first, RFC 2083 3.1 and 4.1.1), else NULL. */
static const char *image_type(const unsigned char *d, size_t n)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	if (n >= 4 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "image/jpeg";
	if (n >= sizeof png + 13 && memcmp(d, png, sizeof png) == 0)
		return "image/png";
	return NULL;
}

int gi__reg_lot_photo_add(gi_registry *reg, json_t *a, json_t **out)
{
	char lot_id[24];
	const char *data, *caption;
	int rc;
	if ((rc = gi__arg_str(&data, a, "data", 1)) < 0 || (rc = gi__arg_str(&caption, a, "caption", 1)) < 0)
		return rc;
	size_t len = strlen(data);
	if (strlen(caption) > CAPTION_MAX)
		return gi__error(GI_EINVALID, NULL, 0, N_("caption has more than %d bytes"), CAPTION_MAX);
	if (len / 4 * 3 > (size_t)PHOTO_MAX + 2)
		return gi__error(GI_EINVALID, NULL, 0, N_("the photo has more than %ld bytes"), PHOTO_MAX);
	unsigned char *bytes = malloc(len / 4 * 3 + 3);
	if (!bytes)
		return gi__oom();
	long n = gi__unbase64(bytes, len / 4 * 3 + 3, data, len);
	const char *type = n > 0 ? image_type(bytes, (size_t)n) : NULL;
	char sha[65] = "";
	if (n < 0)
		rc = gi__error(GI_EPARSE, NULL, 0, N_("data is not base64"));
	else if (n > PHOTO_MAX)
		rc = gi__error(GI_EINVALID, NULL, 0, N_("the photo has more than %ld bytes"), PHOTO_MAX);
	else if (!type)
		rc = gi__error(GI_EINVALID, NULL, 0, N_("the photo is neither a JPEG nor a PNG image"));
	if (rc == 0) {
		gi__sha256 *h = gi__sha256_new();
		if (h) {
			gi__sha256_update(h, bytes, (size_t)n);
			gi__sha256_final(h, sha);
			gi__sha256_free(h);
		} else {
			rc = gi__oom();
		}
	}
	free(bytes);
	json_t *lot = NULL;
	if (rc == 0)
		rc = load_lot(reg, &lot, a, lot_id);
	gi__dbrows r = { 0 };
	const char *pq[] = { lot_id, sha };
	if (rc == 0 && (rc = gi__db_query(reg->db, &r, "SELECT id FROM lot_photo WHERE lot_id = $1 AND sha256 = $2", 2,
	                                  pq)) == 0 && r.n)
		rc = gi__error(GI_EINVALID, NULL, 0, N_("lot %s already has this photo (photo %s)"), str(lot, "code"),
		               GI__CELL(&r, 0, 0));
	gi__dbrows_free(&r);
	char today[11], size[24];
	gi__reg_today(reg, today);
	snprintf(size, sizeof size, "%ld", n);
	const char *p[] = { lot_id, sha, type, size, caption, today };
	if (rc == 0)
		rc = gi__db_query(reg->db, &r, "INSERT INTO lot_photo (lot_id, sha256, media_type, bytes, caption, created)"
		                               " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", 6, p);
	json_t *after = rc == 0 && r.n ? gi__reg_row(reg, "lot_photo", GI__CELL(&r, 0, 0)) : NULL;
	if (rc == 0 && !after)
		rc = gi__error(GI_ERROR, NULL, 0, "the new lot_photo row cannot be read back");
	if (rc == 0)
		rc = gi__reg_event(reg, "lot.photo-add", "lot_photo", GI__CELL(&r, 0, 0), NULL, after);
	gi__dbrows_free(&r);
	json_decref(lot);
	if (rc < 0) {
		json_decref(after);
		return rc;
	}
	*out = after;
	return GI_OK;
}

int gi__reg_lot_photo_list(gi_registry *reg, json_t *a, json_t **out)
{
	char lot_id[24];
	json_t *lot = NULL;
	int rc = load_lot(reg, &lot, a, lot_id);
	if (rc < 0)
		return rc;
	gi__dbrows r;
	const char *p[] = { lot_id };
	if ((rc = gi__db_query(reg->db, &r, "SELECT id, sha256, media_type, bytes, caption, created FROM lot_photo"
	                                    " WHERE lot_id = $1 ORDER BY id", 1, p)) == 0) {
		json_t *list = json_array();
		for (size_t i = 0; list && i < r.n; i++)
			json_array_append_new(list, gi__reg_rows_object(&r, i, r.name));
		*out = list ? json_pack("{s:s, s:o}", "lot", str(lot, "code"), "photos", list) : NULL;
		rc = *out ? GI_OK : gi__oom();
		gi__dbrows_free(&r);
	}
	json_decref(lot);
	return rc;
}
