/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * registry_permit.c - permits to use the GI mark and their state machine:
 *
 *   applied -> granted -> suspended -> granted (reinstated)
 *   granted | suspended -> withdrawn
 *   granted | suspended -> expired (past valid_until)
 *
 * Granting needs a passed initial inspection of the member and a passing
 * verification record for every product of the scope; a granted permit is
 * an XML document the council signs as records are signed. The status
 * list - every permit's state, signed - is what anyone checks a permit
 * against, as a CRL for certificates.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "registry_internal.h"
#include "i18n_internal.h"

#define PERMIT_NS "urn:libgi:permit:1"

static int row_id(char out[24], json_t *row)
{
	snprintf(out, 24, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
	return GI_OK;
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int load_permit(gi_registry *reg, json_t **out, json_t *a, char id[24])
{
	int rc = gi__arg_id(id, a, "permit");
	if (rc < 0)
		return rc;
	*out = gi__reg_row(reg, "permit", id);
	return *out ? GI_OK : gi__error(GI_EINVALID, NULL, 0, N_("permit %s is not registered"), id);
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

/* ---- applying ---- */

static int string_list(json_t **out, json_t *a, const char *name)
{
	json_t *v = json_object_get(a, name), *list = json_array();
	size_t n = v && json_is_array(v) ? json_array_size(v) : v && !json_is_null(v) ? 1 : 0;
	for (size_t i = 0; list && i < n; i++) {
		json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
		char buf[24];
		if (json_is_integer(e)) {
			snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(e));
			e = json_string(buf);
		} else if (json_is_string(e)) {
			e = json_incref(e);
		} else {
			json_decref(list);
			return gi__error(GI_EPARSE, NULL, 0, N_("%s must be a list of names"), name);
		}
		if (!in_list(list, json_string_value(e)))
			json_array_append(list, e);
		json_decref(e);
	}
	if (!list)
		return gi__oom();
	if (json_array_size(list) == 0) {
		json_decref(list);
		return gi__error(GI_EINVALID, NULL, 0, N_("%s is required"), name);
	}
	*out = list;
	return GI_OK;
}

/* Checks one plot of an application: registered, the member's, and in the
 * area of some product of the scope; marks in served the products it serves. */
static int apply_plot(gi_registry *reg, const char *member, json_t *products, const char *pid, int *served)
{
	json_t *plot = gi__reg_row(reg, "plot", pid);
	if (!plot)
		return gi__error(GI_EINVALID, NULL, 0, N_("plot %.20s is not registered"), pid);
	int rc = GI_OK;
	char owner[24];
	snprintf(owner, sizeof owner, "%lld", (long long)json_integer_value(json_object_get(plot, "member_id")));
	if (strcmp(owner, member) != 0)
		rc = gi__error(GI_EINVALID, NULL, 0, N_("plot %s belongs to member %s, not %s"), pid, owner, member);
	int any = 0;
	for (size_t i = 0; rc == 0 && i < json_array_size(products); i++) {
		const gi_product *p = gi_spec_find_product(reg->spec, json_string_value(json_array_get(products, i)));
		if (!p->area || in_list(json_object_get(plot, "areas"), p->area->id)) {
			served[i] = 1;
			any = 1;
		}
	}
	if (rc == 0 && !any)
		rc = gi__error(GI_EINVALID, NULL, 0, N_("plot %s lies in no area of the permit's products"), pid);
	json_decref(plot);
	return rc;
}

/* Checks the scope: every product known and served by a plot in its area;
 * every plot the member's and in the area of a product of the scope. */
static int apply_scope(gi_registry *reg, const char *member, json_t *products, json_t *plots)
{
	int rc = GI_OK, *served = calloc(json_array_size(products) + 1, sizeof *served);
	if (!served)
		return gi__oom();
	for (size_t i = 0; rc == 0 && i < json_array_size(products); i++)
		if (!gi_spec_find_product(reg->spec, json_string_value(json_array_get(products, i))))
			rc = gi__error(GI_EINVALID, NULL, 0, N_("product '%.40s' is not in the specification"),
			               json_string_value(json_array_get(products, i)));
	for (size_t k = 0; rc == 0 && k < json_array_size(plots); k++)
		rc = apply_plot(reg, member, products, json_string_value(json_array_get(plots, k)), served);
	for (size_t i = 0; rc == 0 && i < json_array_size(products); i++)
		if (!served[i])
			rc = gi__error(GI_EINVALID, NULL, 0, N_("no plot of the permit lies in the area of %s"),
			               json_string_value(json_array_get(products, i)));
	free(served);
	return rc;
}

/* Refuses a product the member already has a live permit for: one live
 * permit per member and product. */
static int apply_one_live(gi_registry *reg, const char *member, json_t *products)
{
	gi__dbrows r = { 0 };
	const char *pm[] = { member };
	int rc = gi__db_query(reg->db, &r, "SELECT id, products, state FROM permit WHERE member_id = $1 AND state IN"
	                                   " ('applied', 'granted', 'suspended') ORDER BY id", 1, pm);
	if (rc < 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < r.n; i++) {
		json_t *have = json_loads(GI__CELL(&r, i, 1), 0, NULL);
		for (size_t k = 0; rc == 0 && k < json_array_size(products); k++)
			if (in_list(have, json_string_value(json_array_get(products, k))))
				rc = gi__error(GI_EINVALID, NULL, 0, N_("member %s already has permit %s (%s) for %s"), member,
				               GI__CELL(&r, i, 0), GI__CELL(&r, i, 2), json_string_value(json_array_get(products, k)));
		json_decref(have);
	}
	gi__dbrows_free(&r);
	return rc;
}

/* Writes the application and its event; *out is the new permit row. */
static int apply_insert(gi_registry *reg, const char *member, json_t *products, json_t *plots, double qty,
                        json_t **out)
{
	char q[40], id[24], today[11];
	gi__dbrows r = { 0 };
	char *pt = json_dumps(products, JSON_COMPACT), *lt = json_dumps(plots, JSON_COMPACT);
	gi__number_format(q, sizeof q, qty, 17);
	gi__reg_today(reg, today);
	const char *p[] = { member, pt, lt, q, today };
	int rc = pt && lt ? GI_OK : gi__oom();
	if (rc == 0)
		rc = gi__db_query(reg->db, &r, "INSERT INTO permit (member_id, products, plots, quantity_kg, state, created,"
		                               " changed) VALUES ($1, $2, $3, $4, 'applied', $5, $5) RETURNING id", 5, p);
	free(pt);
	free(lt);
	if (rc == 0) {
		snprintf(id, sizeof id, "%s", GI__CELL(&r, 0, 0));
		gi__dbrows_free(&r);
		json_t *after = gi__reg_row(reg, "permit", id);
		rc = after ? gi__reg_event(reg, "permit.apply", "permit", id, NULL, after) : gi__oom();
		if (rc == 0)
			*out = after;
		else
			json_decref(after);
	}
	return rc;
}

int gi__reg_permit_apply(gi_registry *reg, json_t *a, json_t **out)
{
	char member[24];
	double qty;
	int has, rc;
	json_t *products = NULL, *plots = NULL, *row = NULL;
	if ((rc = gi__arg_id(member, a, "member")) < 0 || (rc = gi__arg_num(&qty, &has, a, "quantity_kg", 1)) < 0)
		return rc;
	if (!(qty > 0))
		return gi__error(GI_EINVALID, NULL, 0, N_("quantity_kg must be more than 0"));
	if ((row = gi__reg_row(reg, "member", member)) == NULL)
		return gi__error(GI_EINVALID, NULL, 0, N_("member %s is not registered"), member);
	json_decref(row);
	if ((rc = string_list(&products, a, "product")) < 0)
		return rc;
	if ((rc = string_list(&plots, a, "plot")) == 0 && (rc = apply_scope(reg, member, products, plots)) == 0 &&
	    (rc = apply_one_live(reg, member, products)) == 0)
		rc = apply_insert(reg, member, products, plots, qty, out);
	json_decref(products);
	json_decref(plots);
	return rc;
}

/* ---- the signed permit ---- */

static xmlNodePtr child(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, parent->ns, BAD_CAST name, text ? BAD_CAST text : NULL);
}

static int permit_document(gi_registry *reg, char **xml, json_t *permit, json_t *member, const char *id)
{
	const gi_spec_info *si = gi_spec_get_info(reg->spec);
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = doc ? xmlNewDocNode(doc, NULL, BAD_CAST "permit", NULL) : NULL;
	if (!root) {
		xmlFreeDoc(doc);
		return gi__oom();
	}
	xmlDocSetRootElement(doc, root);
	xmlSetNs(root, xmlNewNs(root, BAD_CAST PERMIT_NS, NULL));
	char pid[40];
	snprintf(pid, sizeof pid, "P%s", id);
	xmlNewProp(root, BAD_CAST "id", BAD_CAST pid);
	xmlNodePtr gi = child(root, "gi", si->name);
	xmlNewProp(gi, BAD_CAST "spec", BAD_CAST si->id);
	if (si->registration)
		xmlNewProp(gi, BAD_CAST "registration", BAD_CAST si->registration);
	xmlNodePtr holder = child(root, "holder", str(member, "name"));
	char mid[24];
	row_id(mid, member);
	xmlNewProp(holder, BAD_CAST "member", BAD_CAST mid);
	xmlNewProp(holder, BAD_CAST "kind", BAD_CAST str(member, "kind"));
	xmlNewProp(holder, BAD_CAST "taxId", BAD_CAST str(member, "tax_id"));
	xmlNodePtr scope = child(root, "scope", NULL);
	json_t *products = json_object_get(permit, "products"), *plots = json_object_get(permit, "plots");
	for (size_t i = 0; i < json_array_size(products); i++)
		child(scope, "product", json_string_value(json_array_get(products, i)));
	for (size_t i = 0; i < json_array_size(plots); i++) {
		json_t *plot = gi__reg_row(reg, "plot", json_string_value(json_array_get(plots, i)));
		xmlNodePtr pn = child(scope, "plot", plot ? str(plot, "unit") : NULL);
		xmlNewProp(pn, BAD_CAST "id", BAD_CAST json_string_value(json_array_get(plots, i)));
		json_decref(plot);
	}
	char q[40];
	gi__number_format(q, sizeof q, json_number_value(json_object_get(permit, "quantity_kg")), 17);
	xmlNodePtr qn = child(scope, "quantity", q);
	xmlNewProp(qn, BAD_CAST "unit", BAD_CAST "kg");
	xmlNodePtr valid = child(root, "valid", NULL);
	xmlNewProp(valid, BAD_CAST "from", BAD_CAST str(permit, "valid_from"));
	xmlNewProp(valid, BAD_CAST "until", BAD_CAST str(permit, "valid_until"));
	child(root, "issuer", si->manager ? si->manager : gi_signer_subject(reg->signer));
	char *out = NULL;
	size_t len = 0;
	int rc = gi__sign_document(&out, &len, doc, reg->signer, pid, gi__reg_now(reg));
	xmlFreeDoc(doc);
	*xml = out;
	return rc;
}

/* ---- transitions ---- */

typedef struct {
	const char *from;
	const char *to;
} edge;

static const edge edges[] = {
	{ "applied", "granted" },
	{ "granted", "suspended" },
	{ "suspended", "granted" },
	{ "granted", "withdrawn" },
	{ "suspended", "withdrawn" },
	{ "granted", "expired" },
	{ "suspended", "expired" },
};

static int allowed(const char *from, const char *to)
{
	for (size_t i = 0; i < GI_ARRAY_SIZE(edges); i++)
		if (strcmp(edges[i].from, from) == 0 && strcmp(edges[i].to, to) == 0)
			return 1;
	return 0;
}

static int move_with(gi_registry *reg, json_t *before, const char *id, const char *to, const char *reason,
                     const char *from_date, const char *until, const char *doc, const char *action, json_t **out)
{
	const char *state = str(before, "state");
	if (!allowed(state, to))
		return gi__error(GI_EINVALID, NULL, 0, N_("permit %s is %s; it cannot become %s (%s)"), id, state, to,
		                 strcmp(state, "withdrawn") == 0 || strcmp(state, "expired") == 0
		                         ? gi__tr(N_("a withdrawn or expired permit is final: apply again"))
		                 : strcmp(to, "granted") == 0 ? gi__tr(N_("only an applied or suspended permit can be granted"))
		                 : strcmp(to, "suspended") == 0 ? gi__tr(N_("only a granted permit can be suspended"))
		                                                 : gi__tr(N_("only a granted or suspended permit can")));
	char today[11];
	gi__reg_today(reg, today);
	const char *p[] = { to, reason, today, from_date, until, doc, id };
	int rc = gi__db_query(reg->db, NULL,
	                      "UPDATE permit SET state = $1, reason = $2, changed = $3,"
	                      " valid_from = COALESCE($4, valid_from), valid_until = COALESCE($5, valid_until),"
	                      " document = COALESCE($6, document) WHERE id = $7", 7, p);
	if (rc < 0)
		return rc;
	json_t *after = gi__reg_row(reg, "permit", id);
	if (!after)
		return gi__oom();
	if ((rc = gi__reg_event(reg, action, "permit", id, before, after)) < 0) {
		json_decref(after);
		return rc;
	}
	*out = after;
	return GI_OK;
}

int gi__reg_permit_move(gi_registry *reg, const char *id, const char *to, const char *reason, json_t **out)
{
	json_t *before = gi__reg_row(reg, "permit", id);
	if (!before)
		return gi__error(GI_EINVALID, NULL, 0, N_("permit %s is not registered"), id);
	char action[40];
	snprintf(action, sizeof action, "permit.%s",
	         strcmp(to, "withdrawn") == 0 ? "withdraw" : strcmp(to, "expired") == 0 ? "expire"
	         : strcmp(to, "suspended") == 0 ? "suspend" : "reinstate");
	int rc = move_with(reg, before, id, to, reason, NULL, NULL, NULL, action, out);
	json_decref(before);
	return rc;
}

/* The preconditions of a grant: a passed initial inspection and, for
 * every product, a passing record of a lot from the member's plots. */
static int grant_ready(gi_registry *reg, json_t *permit, const char *member)
{
	gi__dbrows r;
	const char *pm[] = { member };
	int rc = gi__db_query(reg->db, &r, "SELECT id FROM inspection WHERE member_id = $1 AND kind = 'initial'"
	                                   " AND outcome = 'pass'", 1, pm);
	if (rc < 0)
		return rc;
	size_t n = r.n;
	gi__dbrows_free(&r);
	if (n == 0)
		return gi__error(GI_EINVALID, NULL, 0, N_("member %s has no passed initial inspection"), member);
	json_t *products = json_object_get(permit, "products");
	for (size_t i = 0; i < json_array_size(products); i++) {
		const char *p[] = { member, json_string_value(json_array_get(products, i)) };
		rc = gi__db_query(reg->db, &r,
		                  "SELECT r.record_id FROM record r JOIN lot_plot lp ON lp.lot_id = r.lot_id"
		                  " JOIN plot pl ON pl.id = lp.plot_id WHERE pl.member_id = $1 AND r.product = $2"
		                  " AND r.verdict = 'pass'", 2, p);
		if (rc < 0)
			return rc;
		n = r.n;
		gi__dbrows_free(&r);
		if (n == 0)
			return gi__error(GI_EINVALID, NULL, 0,
			                 N_("no passing verification record of %s from member %s's plots has been imported"), p[1],
			                 member);
	}
	return GI_OK;
}

int gi__reg_permit_grant(gi_registry *reg, json_t *a, json_t **out)
{
	char id[24], member[24], from_buf[11], until_buf[11];
	const char *from, *until;
	json_t *permit = NULL, *m = NULL;
	int rc;
	if ((rc = gi__arg_date(&from, a, "valid_from", 0)) < 0 || (rc = gi__arg_date(&until, a, "valid_until", 0)) < 0 ||
	    (rc = load_permit(reg, &permit, a, id)) < 0)
		return rc;
	if (!reg->signer) {
		json_decref(permit);
		return gi__error(GI_EUSAGE, NULL, 0, N_("granting a permit needs the council's signing key"));
	}
	snprintf(member, sizeof member, "%lld", (long long)json_integer_value(json_object_get(permit, "member_id")));
	if (!allowed(str(permit, "state"), "granted") || strcmp(str(permit, "state"), "applied") != 0) {
		rc = gi__error(GI_EINVALID, NULL, 0, N_("permit %s is %s; only an applied permit can be granted%s"), id,
		               str(permit, "state"),
		               strcmp(str(permit, "state"), "suspended") == 0 ? gi__tr(N_(" (reinstate a suspended one)")) : "");
		goto done;
	}
	if ((rc = grant_ready(reg, permit, member)) < 0)
		goto done;
	if (!from) {
		gi__reg_today(reg, from_buf);
		from = from_buf;
	}
	if (!until) {
		/* three years unless the council says otherwise */
		gi__date_add(until_buf, from, 36, -1);
		until = until_buf;
	}
	if (strcmp(until, from) <= 0) {
		rc = gi__error(GI_EINVALID, NULL, 0, N_("valid_until %s is not after valid_from %s"), until, from);
		goto done;
	}
	m = gi__reg_row(reg, "member", member);
	json_object_set_new(permit, "valid_from", json_string(from));
	json_object_set_new(permit, "valid_until", json_string(until));
	char *xml = NULL;
	json_t *before = gi__reg_row(reg, "permit", id);
	if ((rc = m && before ? permit_document(reg, &xml, permit, m, id) : gi__oom()) == 0)
		rc = move_with(reg, before, id, "granted", NULL, from, until, xml, "permit.grant", out);
	json_decref(before);
	gi_free(xml);
done:
	json_decref(permit);
	json_decref(m);
	return rc;
}

static int simple_move(gi_registry *reg, json_t *a, json_t **out, const char *to, int needs_reason)
{
	char id[24];
	const char *reason;
	json_t *permit = NULL;
	int rc;
	if ((rc = gi__arg_str(&reason, a, "reason", needs_reason)) < 0 || (rc = load_permit(reg, &permit, a, id)) < 0)
		return rc;
	if (strcmp(to, "granted") == 0) {
		char today[11];
		gi__reg_today(reg, today);
		const char *until = str(permit, "valid_until");
		const char *st = str(permit, "state");
		if (strcmp(st, "withdrawn") == 0 || strcmp(st, "expired") == 0)
			rc = gi__error(GI_EINVALID, NULL, 0, N_("permit %s is %s; a withdrawn or expired permit is final: apply again"),
			               id, st);
		else if (strcmp(st, "suspended") != 0)
			rc = gi__error(GI_EINVALID, NULL, 0, N_("permit %s is %s; only a suspended permit can be reinstated"), id,
			               str(permit, "state"));
		else if (until && strcmp(until, today) < 0)
			rc = gi__error(GI_EINVALID, NULL, 0, N_("permit %s expired on %s; it cannot be reinstated"), id, until);
	}
	char action[40];
	snprintf(action, sizeof action, "permit.%s",
	         strcmp(to, "withdrawn") == 0 ? "withdraw" : strcmp(to, "suspended") == 0 ? "suspend" : "reinstate");
	if (rc == 0)
		rc = move_with(reg, permit, id, to, reason, NULL, NULL, NULL, action, out);
	json_decref(permit);
	return rc;
}

int gi__reg_permit_suspend(gi_registry *reg, json_t *a, json_t **out)
{
	return simple_move(reg, a, out, "suspended", 1);
}

int gi__reg_permit_reinstate(gi_registry *reg, json_t *a, json_t **out)
{
	return simple_move(reg, a, out, "granted", 0);
}

int gi__reg_permit_withdraw(gi_registry *reg, json_t *a, json_t **out)
{
	return simple_move(reg, a, out, "withdrawn", 1);
}

/* Expires one permit (refused before its valid_until has passed) or, with
 * no permit named, every granted or suspended permit past it. */
int gi__reg_permit_expire(gi_registry *reg, json_t *a, json_t **out)
{
	char today[11], id[24];
	gi__reg_today(reg, today);
	json_t *list = json_array();
	int rc = list ? GI_OK : gi__oom();
	if (rc == 0 && json_object_get(a, "permit")) {
		json_t *permit = NULL;
		if ((rc = load_permit(reg, &permit, a, id)) == 0) {
			const char *until = str(permit, "valid_until");
			if (!until || strcmp(until, today) >= 0)
				rc = gi__error(GI_EINVALID, NULL, 0, N_("permit %s is valid until %s; it has not expired"), id,
				               until ? until : gi__tr(N_("(never granted)")));
			json_t *res = NULL;
			if (rc == 0 && (rc = move_with(reg, permit, id, "expired", "validity ended", NULL, NULL, NULL,
			                               "permit.expire", &res)) == 0)
				json_array_append_new(list, res);
			json_decref(permit);
		}
	} else if (rc == 0) {
		gi__dbrows r;
		const char *p[] = { today };
		if ((rc = gi__db_query(reg->db, &r, "SELECT id FROM permit WHERE state IN ('granted', 'suspended')"
		                                    " AND valid_until < $1 ORDER BY id", 1, p)) == 0) {
			for (size_t i = 0; rc == 0 && i < r.n; i++) {
				json_t *res = NULL;
				if ((rc = gi__reg_permit_move(reg, GI__CELL(&r, i, 0), "expired", "validity ended", &res)) == 0)
					json_array_append_new(list, res);
			}
			gi__dbrows_free(&r);
		}
	}
	if (rc < 0) {
		json_decref(list);
		return rc;
	}
	*out = json_pack("{s:o}", "expired", list);
	return *out ? GI_OK : gi__oom();
}

int gi__reg_permit_show(gi_registry *reg, json_t *a, json_t **out)
{
	char id[24];
	return load_permit(reg, out, a, id);
}

/* Every permit (or those of one member, or in one state), oldest first,
 * each with "valid": granted and valid today. */
int gi__reg_permit_list(gi_registry *reg, json_t *a, json_t **out)
{
	static const char *const states[] = { "applied", "granted", "suspended", "withdrawn", "expired" };
	const char *state, *member = NULL;
	char mid[24];
	int rc;
	if ((rc = gi__arg_str(&state, a, "state", 0)) < 0)
		return rc;
	if (json_object_get(a, "member") && !json_is_null(json_object_get(a, "member"))) {
		if ((rc = gi__arg_id(mid, a, "member")) < 0)
			return rc;
		member = mid;
	}
	int known = !state;
	for (size_t i = 0; !known && i < GI_ARRAY_SIZE(states); i++)
		known = strcmp(state, states[i]) == 0;
	if (!known)
		return gi__error(GI_EINVALID, NULL, 0, N_("state '%.40s' is not one of applied, granted, suspended, withdrawn,"
		                 " expired"), state);
	char today[11];
	gi__reg_today(reg, today);
	gi__dbrows r;
	const char *p[] = { state, member };
	if ((rc = gi__db_query(reg->db, &r, "SELECT * FROM permit WHERE (CAST($1 AS TEXT) IS NULL OR state = $1)"
	                                    " AND (CAST($2 AS TEXT) IS NULL OR CAST(member_id AS TEXT) = $2) ORDER BY id",
	                       2, p)) < 0)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; list && i < r.n; i++) {
		json_t *o = gi__reg_rows_object(&r, i, r.name);
		const char *st = str(o, "state"), *from = str(o, "valid_from"), *until = str(o, "valid_until");
		int valid = st && strcmp(st, "granted") == 0 && from && until && strcmp(from, today) <= 0 &&
		            strcmp(today, until) <= 0;
		json_object_set_new(o, "valid", json_boolean(valid));
		json_array_append_new(list, o);
	}
	gi__dbrows_free(&r);
	*out = list ? json_pack("{s:s, s:o}", "date", today, "permits", list) : NULL;
	return *out ? GI_OK : gi__oom();
}

/* The status list: every permit that was ever granted, with its state,
 * signed by the council. */
int gi__reg_status_list(gi_registry *reg, json_t *a, json_t **out)
{
	(void)a;
	if (!reg->signer)
		return gi__error(GI_EUSAGE, NULL, 0, N_("the status list needs the council's signing key"));
	gi__dbrows r;
	int rc = gi__db_query(reg->db, &r, "SELECT id, member_id, state, valid_from, valid_until, changed FROM permit"
	                                   " WHERE valid_from IS NOT NULL ORDER BY id", 0, NULL);
	if (rc < 0)
		return rc;
	const gi_spec_info *si = gi_spec_get_info(reg->spec);
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = doc ? xmlNewDocNode(doc, NULL, BAD_CAST "permitStatusList", NULL) : NULL;
	if (!root) {
		xmlFreeDoc(doc);
		gi__dbrows_free(&r);
		return gi__oom();
	}
	xmlDocSetRootElement(doc, root);
	xmlSetNs(root, xmlNewNs(root, BAD_CAST PERMIT_NS, NULL));
	char today[11];
	gi__reg_today(reg, today);
	xmlNewProp(root, BAD_CAST "gi", BAD_CAST si->id);
	xmlNewProp(root, BAD_CAST "date", BAD_CAST today);
	json_t *list = json_array();
	for (size_t i = 0; i < r.n; i++) {
		xmlNodePtr p = child(root, "permit", NULL);
		char pid[40];
		snprintf(pid, sizeof pid, "P%s", GI__CELL(&r, i, 0));
		xmlNewProp(p, BAD_CAST "id", BAD_CAST pid);
		xmlNewProp(p, BAD_CAST "member", BAD_CAST GI__CELL(&r, i, 1));
		xmlNewProp(p, BAD_CAST "state", BAD_CAST GI__CELL(&r, i, 2));
		xmlNewProp(p, BAD_CAST "validFrom", BAD_CAST GI__CELL(&r, i, 3));
		xmlNewProp(p, BAD_CAST "validUntil", BAD_CAST GI__CELL(&r, i, 4));
		xmlNewProp(p, BAD_CAST "changed", BAD_CAST GI__CELL(&r, i, 5));
		json_array_append_new(list, json_pack("{s:I, s:s}", "permit", (json_int_t)atoll(GI__CELL(&r, i, 0)), "state",
		                                      GI__CELL(&r, i, 2)));
	}
	gi__dbrows_free(&r);
	/* the serial ranges of stamps issued, so a verifier knows which permit
	 * covers a stamped lot and whether a serial was ever issued */
	if ((rc = gi__db_query(reg->db, &r, "SELECT s.permit_id, l.code, s.first_serial, s.last_serial FROM stamp_issue s"
	                                    " JOIN lot l ON l.id = s.lot_id ORDER BY s.id", 0, NULL)) < 0) {
		xmlFreeDoc(doc);
		json_decref(list);
		return rc;
	}
	for (size_t i = 0; i < r.n; i++) {
		xmlNodePtr p = child(root, "issued", NULL);
		char pid[40], first[24], last[24];
		snprintf(pid, sizeof pid, "P%s", GI__CELL(&r, i, 0));
		gi__stamp_serial(first, atoll(GI__CELL(&r, i, 2)));
		gi__stamp_serial(last, atoll(GI__CELL(&r, i, 3)));
		xmlNewProp(p, BAD_CAST "permit", BAD_CAST pid);
		xmlNewProp(p, BAD_CAST "lot", BAD_CAST GI__CELL(&r, i, 1));
		xmlNewProp(p, BAD_CAST "first", BAD_CAST first);
		xmlNewProp(p, BAD_CAST "last", BAD_CAST last);
	}
	gi__dbrows_free(&r);
	char *xml = NULL, sid[32];
	size_t len = 0;
	snprintf(sid, sizeof sid, "PSL-%s", today);
	rc = gi__sign_document(&xml, &len, doc, reg->signer, sid, gi__reg_now(reg));
	xmlFreeDoc(doc);
	if (rc == 0)
		*out = json_pack("{s:s, s:o, s:s}", "date", today, "permits", list, "xml", xml);
	else
		json_decref(list);
	gi_free(xml);
	return rc < 0 ? rc : *out ? GI_OK : gi__oom();
}
