/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * registry_stamp.c - issuing serialised stamps for a lot under a permit.
 *
 * A council prints one stamp per package. The registry hands out serial
 * numbers in ranges, each range bound to a granted permit and a lot of
 * that permit's scope, and refuses a range that would stamp more product
 * than the permit's quantity (or the lot's harvest) covers: every range
 * issued so far counts, so several sheets cannot together exceed it. The
 * range, its event and the signed URIs come from one transaction; a
 * refused range changes nothing. The ranges are published in the signed
 * permit status list, so a verifier tells an issued serial from one that
 * was never issued (a copied or counterfeit stamp).
 */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "registry_internal.h"
#include "i18n_internal.h"
#include "gi/stamp.h"

/* at most this many stamps in one range (a print run) */
#define MAX_COUNT 100000

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int in_list(json_t *list, const char *s)
{
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *v = json_array_get(list, i);
		char buf[24];
		if (json_is_integer(v)) {
			snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
			if (strcmp(buf, s) == 0)
				return 1;
		} else if (json_is_string(v) && strcmp(json_string_value(v), s) == 0) {
			return 1;
		}
	}
	return 0;
}

/* kilograms as whole milligrams, so that sums of many packages compare
 * exactly (0.1 kg times 3 is 0.3 kg) */
static long long mg_of(double kg)
{
	return llround(kg * 1e6);
}

static const char *kg_text(char *buf, size_t n, long long mg)
{
	gi__number_format(buf, n, (double)mg / 1e6, 15);
	return buf;
}

void gi__stamp_serial(char out[24], long long n)
{
	snprintf(out, 24, "%06lld", n);
}

/* milligrams already stamped under the rows sql selects (count, package_kg) */
static int stamped_mg(gi_registry *reg, long long *mg, long long *stamps, const char *sql, const char *id)
{
	gi__dbrows r;
	const char *p[] = { id };
	int rc = gi__db_query(reg->db, &r, sql, 1, p);
	if (rc < 0)
		return rc;
	*mg = 0;
	*stamps = 0;
	for (size_t i = 0; i < r.n; i++) {
		long long n = atoll(GI__CELL(&r, i, 1)) - atoll(GI__CELL(&r, i, 0)) + 1;
		double kg = 0;
		if (gi__number_scan(&kg, NULL, GI__CELL(&r, i, 2), strlen(GI__CELL(&r, i, 2))) < 0) {
			gi__dbrows_free(&r);
			return gi__error(GI_EIO, NULL, 0, "stamp_issue holds a package mass that is not a number");
		}
		*mg += n * mg_of(kg);
		*stamps += n;
	}
	gi__dbrows_free(&r);
	return GI_OK;
}

static int refuse_quota(const char *what, const char *id, long long have_mg, long long used_mg, long long used_n,
                        long long count, long long pkg_mg)
{
	char a[40], b[40], c[40], d[40];
	long long left = have_mg > used_mg ? (have_mg - used_mg) / pkg_mg : 0;
	return gi__error(GI_EINVALID, NULL, 0,
	                 N_("over quota: %s %s covers %s kg; %lld stamps (%s kg) were already issued, and %lld more of %s kg"
	                 " would stamp %s kg; at most %lld more can be issued"),
	                 what, id, kg_text(a, sizeof a, have_mg), used_n, kg_text(b, sizeof b, used_mg), count,
	                 kg_text(c, sizeof c, pkg_mg), kg_text(d, sizeof d, used_mg + count * pkg_mg), left);
}

/* One stamp issue as its steps see it: the arguments, then the rows read. */
typedef struct {
	char permit_id[24], lot_id[24], today[11];
	const char *lot_arg, *domain, *gtin, *code;   /* code: the lot's, borrowed from lot */
	long long count, pkg_mg, first, last;
	json_t *permit, *lot;
} issue;

/* Reads and checks the arguments; nothing is looked up yet. */
static int issue_args(gi_registry *reg, json_t *a, issue *is)
{
	double count_d, pkg_kg;
	int has, rc;
	if ((rc = gi__arg_id(is->permit_id, a, "permit")) < 0 || (rc = gi__arg_str(&is->lot_arg, a, "lot", 1)) < 0 ||
	    (rc = gi__arg_num(&count_d, &has, a, "count", 1)) < 0 ||
	    (rc = gi__arg_num(&pkg_kg, &has, a, "package_kg", 1)) < 0 ||
	    (rc = gi__arg_str(&is->domain, a, "domain", 1)) < 0 || (rc = gi__arg_str(&is->gtin, a, "gtin", 0)) < 0)
		return rc;
	if (!(count_d >= 1 && count_d <= MAX_COUNT) || count_d != floor(count_d))
		return gi__error(GI_EINVALID, NULL, 0, N_("count must be a whole number of stamps from 1 to %d"), MAX_COUNT);
	if (!(pkg_kg > 0) || pkg_kg > 1e6 || mg_of(pkg_kg) < 1)
		return gi__error(GI_EINVALID, NULL, 0, N_("package_kg (the net mass of one package) must be more than 0"));
	if (!reg->signer)
		return gi__error(GI_EUSAGE, NULL, 0, N_("issuing stamps needs the council's signing key"));
	is->count = (long long)count_d;
	is->pkg_mg = mg_of(pkg_kg);
	return GI_OK;
}

/* Refuses a permit that is not granted or not valid today. */
static int issue_permit_current(const issue *is)
{
	const char *state = str(is->permit, "state"), *from = str(is->permit, "valid_from"),
	           *until = str(is->permit, "valid_until");
	if (strcmp(state, "granted") != 0)
		return gi__error(GI_EINVALID, NULL, 0, N_("permit %s is %s; stamps are issued only under a granted permit"),
		                 is->permit_id, state);
	if (!from || !until || strcmp(is->today, from) < 0 || strcmp(is->today, until) > 0)
		return gi__error(GI_EINVALID, NULL, 0, N_("permit %s is valid from %s until %s, not on %s"), is->permit_id,
		                 from ? from : "?", until ? until : "?", is->today);
	return GI_OK;
}

/* Finds the lot by code or id and refuses it unless the permit covers its
 * product and every plot it comes from. */
static int issue_lot(gi_registry *reg, issue *is)
{
	gi__dbrows r = { 0 };
	const char *pl[] = { is->lot_arg };
	int rc = gi__db_query(reg->db, &r, "SELECT id FROM lot WHERE code = $1 OR CAST(id AS TEXT) = $1", 1, pl);
	if (rc < 0)
		return rc;
	if (r.n == 0) {
		gi__dbrows_free(&r);
		return gi__error(GI_EINVALID, NULL, 0, N_("lot %.60s is not registered"), is->lot_arg);
	}
	snprintf(is->lot_id, sizeof is->lot_id, "%s", GI__CELL(&r, 0, 0));
	gi__dbrows_free(&r);
	if (!(is->lot = gi__reg_row(reg, "lot", is->lot_id)))
		return gi__oom();
	is->code = str(is->lot, "code");
	if (!in_list(json_object_get(is->permit, "products"), str(is->lot, "product")))
		return gi__error(GI_EINVALID, NULL, 0, N_("lot %s is %s, which permit %s does not cover"), is->code,
		                 str(is->lot, "product"), is->permit_id);
	const char *pid[] = { is->lot_id };
	if ((rc = gi__db_query(reg->db, &r, "SELECT plot_id FROM lot_plot WHERE lot_id = $1 ORDER BY plot_id", 1, pid)) <
	    0)
		return rc;
	for (size_t i = 0; rc == 0 && i < r.n; i++)
		if (!in_list(json_object_get(is->permit, "plots"), GI__CELL(&r, i, 0)))
			rc = gi__error(GI_EINVALID, NULL, 0, N_("lot %s comes from plot %s, which permit %s does not cover"),
			               is->code, GI__CELL(&r, i, 0), is->permit_id);
	gi__dbrows_free(&r);
	return rc;
}

/* Refuses a range that would take the permit's or the lot's stamped mass
 * over its quantity, counting every range so far. */
static int issue_quotas(gi_registry *reg, const issue *is)
{
	long long used_mg, used_n;
	double have_kg = json_number_value(json_object_get(is->permit, "quantity_kg"));
	int rc;
	if ((rc = stamped_mg(reg, &used_mg, &used_n, "SELECT first_serial, last_serial, package_kg FROM stamp_issue"
	                                             " WHERE permit_id = $1", is->permit_id)) < 0)
		return rc;
	if (used_mg + is->count * is->pkg_mg > mg_of(have_kg))
		return refuse_quota(gi__tr(N_("permit")), is->permit_id, mg_of(have_kg), used_mg, used_n, is->count, is->pkg_mg);
	have_kg = json_number_value(json_object_get(is->lot, "quantity_kg"));
	if ((rc = stamped_mg(reg, &used_mg, &used_n, "SELECT first_serial, last_serial, package_kg FROM stamp_issue"
	                                             " WHERE lot_id = $1", is->lot_id)) < 0)
		return rc;
	if (used_mg + is->count * is->pkg_mg > mg_of(have_kg))
		return refuse_quota(gi__tr(N_("lot")), is->code, mg_of(have_kg), used_mg, used_n, is->count, is->pkg_mg);
	return GI_OK;
}

/* Picks the next serials (unique in the registry, so unique for any GTIN
 * too) and signs every stamp before anything is written. */
static int issue_sign(gi_registry *reg, issue *is, json_t **uris, json_t **serials)
{
	gi__dbrows r = { 0 };
	int rc = gi__db_query(reg->db, &r, "SELECT COALESCE(MAX(last_serial), 0) FROM stamp_issue", 0, NULL);
	if (rc < 0)
		return rc;
	is->first = atoll(GI__CELL(&r, 0, 0)) + 1;
	is->last = is->first + is->count - 1;
	gi__dbrows_free(&r);
	*uris = json_array();
	*serials = json_array();
	if (!*uris || !*serials)
		return gi__oom();
	for (long long n = is->first; rc == 0 && n <= is->last; n++) {
		char serial[24], *uri = NULL;
		gi__stamp_serial(serial, n);
		gi_stamp st = GI_STAMP_INIT;
		st.domain = is->domain;
		st.gtin = is->gtin;
		st.lot = is->code;
		st.serial = serial;
		if ((rc = gi_stamp_sign(&uri, reg->signer, &st)) == 0) {
			json_array_append_new(*uris, json_string(uri));
			json_array_append_new(*serials, json_string(serial));
		}
		gi_free(uri);
	}
	return rc;
}

/* Writes the range and its event; *out is the new row with the lot's code,
 * the count, the serials and the URIs. */
static int issue_record(gi_registry *reg, const issue *is, json_t *uris, json_t *serials, json_t **out)
{
	gi__dbrows r = { 0 };
	char fs[24], ls[24], pk[40], id[24];
	snprintf(fs, sizeof fs, "%lld", is->first);
	snprintf(ls, sizeof ls, "%lld", is->last);
	kg_text(pk, sizeof pk, is->pkg_mg);
	const char *p[] = { is->permit_id, is->lot_id, fs, ls, pk, is->domain, is->gtin, is->today };
	int rc = gi__db_query(reg->db, &r, "INSERT INTO stamp_issue (permit_id, lot_id, first_serial, last_serial,"
	                                   " package_kg, domain, gtin, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	                                   " RETURNING id", 8, p);
	if (rc < 0)
		return rc;
	snprintf(id, sizeof id, "%s", GI__CELL(&r, 0, 0));
	gi__dbrows_free(&r);
	json_t *after = gi__reg_row(reg, "stamp_issue", id);
	if (!after)
		return gi__oom();
	json_object_set_new(after, "lot", json_string(is->code));
	if ((rc = gi__reg_event(reg, "stamp.issue", "stamp_issue", id, NULL, after)) < 0) {
		json_decref(after);
		return rc;
	}
	json_object_set_new(after, "count", json_integer(is->count));
	json_object_set(after, "serials", serials);
	json_object_set(after, "uris", uris);
	*out = after;
	return rc;
}

int gi__reg_stamp_issue(gi_registry *reg, json_t *a, json_t **out)
{
	issue is = { .permit = NULL };
	json_t *uris = NULL, *serials = NULL;
	int rc = issue_args(reg, a, &is);
	if (rc < 0)
		return rc;
	gi__reg_today(reg, is.today);
	if (!(is.permit = gi__reg_row(reg, "permit", is.permit_id)))
		return gi__error(GI_EINVALID, NULL, 0, N_("permit %s is not registered"), is.permit_id);
	if ((rc = issue_permit_current(&is)) < 0 || (rc = issue_lot(reg, &is)) < 0 || (rc = issue_quotas(reg, &is)) < 0)
		goto done;
	if ((rc = issue_sign(reg, &is, &uris, &serials)) < 0)
		goto done;
	rc = issue_record(reg, &is, uris, serials, out);
done:
	json_decref(is.permit);
	json_decref(is.lot);
	json_decref(uris);
	json_decref(serials);
	return rc;
}

/* The ranges issued, for a permit or a lot or all. */
int gi__reg_stamp_list(gi_registry *reg, json_t *a, json_t **out)
{
	const char *permit = NULL, *lot;
	char pid[24];
	int rc;
	if ((rc = gi__arg_str(&lot, a, "lot", 0)) < 0)
		return rc;
	if (json_object_get(a, "permit")) {
		if ((rc = gi__arg_id(pid, a, "permit")) < 0)
			return rc;
		permit = pid;
	}
	gi__dbrows r;
	const char *p[] = { permit, lot };
	if ((rc = gi__db_query(reg->db, &r, "SELECT s.id, s.permit_id, l.code, s.first_serial, s.last_serial,"
	                                    " s.package_kg, s.domain, s.gtin, s.created FROM stamp_issue s JOIN lot l"
	                                    " ON l.id = s.lot_id WHERE (CAST($1 AS TEXT) IS NULL OR CAST(s.permit_id AS TEXT) = $1)"
	                                    " AND (CAST($2 AS TEXT) IS NULL OR l.code = $2 OR CAST(l.id AS TEXT) = $2) ORDER BY s.id",
	                       2, p)) < 0)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; list && i < r.n; i++) {
		char first[24], last[24];
		gi__stamp_serial(first, atoll(GI__CELL(&r, i, 3)));
		gi__stamp_serial(last, atoll(GI__CELL(&r, i, 4)));
		json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s?, s:s}", "id",
		                                      (json_int_t)atoll(GI__CELL(&r, i, 0)), "permit",
		                                      (json_int_t)atoll(GI__CELL(&r, i, 1)), "lot", GI__CELL(&r, i, 2),
		                                      "first", first, "last", last, "count",
		                                      (json_int_t)(atoll(GI__CELL(&r, i, 4)) - atoll(GI__CELL(&r, i, 3)) + 1),
		                                      "package_kg", GI__CELL(&r, i, 5), "domain", GI__CELL(&r, i, 6), "gtin",
		                                      GI__CELL(&r, i, 7), "created", GI__CELL(&r, i, 8)));
	}
	gi__dbrows_free(&r);
	*out = list ? json_pack("{s:o}", "issued", list) : NULL;
	return *out ? GI_OK : gi__oom();
}
