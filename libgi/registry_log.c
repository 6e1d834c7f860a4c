/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * registry_log.c - the registry's entries in the transparency log.
 *
 * With a log configured, every event and every imported record is
 * appended to the log (gi/log.h) as it is made, and its index, leaf hash
 * (RFC 9162: SHA-256 of 0x00 and the entry) and bytes are kept in the
 * table log_entry with the lot it concerns, so the registry answers which
 * entries of the log belong to a lot. One call's entries are one batch:
 * the log commits them (one signed checkpoint) before the database
 * commits, and drops them when the database rolls back.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "registry_internal.h"
#include "log_internal.h"

int gi__reg_log_append(gi_registry *reg, const char *kind, const char *event_id, const char *lot_id,
                       const char *entry, size_t len)
{
	if (!reg->log)
		return GI_OK;
	uint64_t idx;
	int rc = gi_log_append(reg->log, entry, len, &idx);
	if (rc < 0)
		return rc;
	unsigned char md[32];
	static const unsigned char zero = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 && EVP_DigestUpdate(c, &zero, 1) == 1 &&
	         EVP_DigestUpdate(c, entry, len) == 1 && EVP_DigestFinal_ex(c, md, NULL) == 1;
	EVP_MD_CTX_free(c);
	if (!ok)
		return gi__oom();
	char hex[65], ix[24];
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	snprintf(ix, sizeof ix, "%llu", (unsigned long long)idx);
	char *text = strndup(entry, len);
	if (!text)
		return gi__oom();
	const char *p[] = { ix, hex, kind, event_id, lot_id, text };
	rc = gi__db_query(reg->db, NULL, "INSERT INTO log_entry (idx, leaf_hash, kind, event_id, lot_id, entry)"
	                                 " VALUES ($1, $2, $3, $4, $5, $6)", 6, p);
	free(text);
	return rc;
}

int gi__reg_log_commit(gi_registry *reg)
{
	if (!reg->log)
		return GI_OK;
	int rc = gi_log_commit(reg->log);
	if (rc < 0)
		gi__log_discard(reg->log);
	return rc;
}

void gi__reg_log_discard(gi_registry *reg)
{
	if (reg->log)
		gi__log_discard(reg->log);
}

/* The log entries of a lot (or all), oldest first. */
int gi__reg_log_list(gi_registry *reg, json_t *a, json_t **out)
{
	const char *lot;
	int rc = gi__arg_str(&lot, a, "lot", 0);
	if (rc < 0)
		return rc;
	json_t *with = json_object_get(a, "entries");
	gi__dbrows r;
	const char *p[] = { lot };
	if ((rc = gi__db_query(reg->db, &r, "SELECT e.idx, e.leaf_hash, e.kind, e.event_id, l.code, e.entry FROM log_entry e"
	                                    " LEFT JOIN lot l ON l.id = e.lot_id WHERE CAST($1 AS TEXT) IS NULL OR l.code = $1"
	                                    " OR CAST(l.id AS TEXT) = $1 ORDER BY e.idx", 1, p)) < 0)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; list && i < r.n; i++) {
		json_t *e = json_pack("{s:I, s:s, s:s, s:o, s:s?}", "index", (json_int_t)atoll(GI__CELL(&r, i, 0)),
		                      "leaf_hash", GI__CELL(&r, i, 1), "kind", GI__CELL(&r, i, 2), "event",
		                      GI__CELL(&r, i, 3) ? json_integer(atoll(GI__CELL(&r, i, 3))) : json_null(), "lot",
		                      GI__CELL(&r, i, 4));
		if (e && json_is_true(with))
			json_object_set_new(e, "entry", json_string(GI__CELL(&r, i, 5)));
		json_array_append_new(list, e);
	}
	gi__dbrows_free(&r);
	*out = list ? json_pack("{s:o}", "entries", list) : NULL;
	return *out ? GI_OK : gi__oom();
}
