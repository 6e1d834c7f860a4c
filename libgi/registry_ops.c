/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * registry_ops.c - the registry's actions: members, plots (checked
 * against the spec's areas), inspectors, lots, the e-logbook (banned
 * substances, pre-harvest intervals), record import, inspections and their
 * schedule, violations on the ladder, and the event list. Each runs inside
 * the transaction gi_registry_call() opened; a refusal returns GI_EINVALID
 * and the transaction is rolled back.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "registry_internal.h"
#include "i18n_internal.h"
#include "place_internal.h"
#include "spec_internal.h"

/* ---- arguments ---- */

int gi__arg_str(const char **out, json_t *args, const char *name, int required)
{
	json_t *v = json_object_get(args, name);
	*out = NULL;
	if (!v || json_is_null(v) || (json_is_string(v) && !json_string_value(v)[strspn(json_string_value(v), " \t")])) {
		if (required)
			return gi__error(GI_EINVALID, NULL, 0, N_("%s is required"), name);
		return GI_OK;
	}
	if (!json_is_string(v))
		return gi__error(GI_EPARSE, NULL, 0, N_("%s must be text"), name);
	*out = json_string_value(v);
	return GI_OK;
}

int gi__arg_num(double *out, int *present, json_t *args, const char *name, int required)
{
	json_t *v = json_object_get(args, name);
	*present = 0;
	if (!v || json_is_null(v)) {
		if (required)
			return gi__error(GI_EINVALID, NULL, 0, N_("%s is required"), name);
		return GI_OK;
	}
	if (json_is_number(v)) {
		*out = json_number_value(v);
	} else if (!json_is_string(v) ||
	           gi__number_scan(out, NULL, json_string_value(v), strlen(json_string_value(v))) < 0) {
		return gi__error(GI_EPARSE, NULL, 0, N_("%s is not a number"), name);
	}
	*present = 1;
	return GI_OK;
}

int gi__arg_id(char out[24], json_t *args, const char *name)
{
	json_t *v = json_object_get(args, name);
	if (!v || json_is_null(v))
		return gi__error(GI_EINVALID, NULL, 0, N_("%s is required"), name);
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		snprintf(out, 24, "%lld", (long long)json_integer_value(v));
		return GI_OK;
	}
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 18 || s[n] || s[0] == '0')
		return gi__error(GI_EPARSE, NULL, 0, N_("%s must be a registry number (1, 2, ...)"), name);
	snprintf(out, 24, "%s", s);
	return GI_OK;
}

int gi__date_valid(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

int gi__arg_date(const char **out, json_t *args, const char *name, int required)
{
	int rc = gi__arg_str(out, args, name, required);
	if (rc == 0 && *out && !gi__date_valid(*out))
		return gi__error(GI_EPARSE, NULL, 0, N_("%s '%.40s' is not a date (YYYY-MM-DD)"), name, *out);
	return rc;
}

static long days_from_civil(int y, int m, int d)
{
	/* H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* date plus months (the day clamped to the month's last) plus days */
void gi__date_add(char out[11], const char *date, int months, int days)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	int last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > last)
		d = last;
	civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
	char buf[40];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(out, buf, 11);
	out[10] = '\0';
}

static void num_text(char buf[40], double v)
{
	gi__number_format(buf, 40, v, 17);
}

/* ---- small queries ---- */

static int query1(gi_registry *reg, gi__dbrows *r, const char *sql, size_t n, const char *const *p)
{
	return gi__db_query(reg->db, r, sql, n, p);
}

/* The id the last INSERT ... RETURNING id gave. */
static int insert_id(gi_registry *reg, char id[24], const char *sql, size_t n, const char *const *p)
{
	gi__dbrows r;
	int rc = query1(reg, &r, sql, n, p);
	if (rc == 0 && (r.n != 1 || !GI__CELL(&r, 0, 0)))
		rc = gi__error(GI_ERROR, NULL, 0, "the database returned no id");
	if (rc == 0)
		snprintf(id, 24, "%s", GI__CELL(&r, 0, 0));
	gi__dbrows_free(&r);
	return rc;
}

/* The row of table with this id (new reference), or GI_EINVALID naming
 * what is not registered. */
static int must_exist(json_t **out, gi_registry *reg, const char *table, const char *what, const char *id)
{
	*out = gi__reg_row(reg, table, id);
	if (!*out)
		return gi__error(GI_EINVALID, NULL, 0,
		                 strcmp(what, "member") == 0      ? N_("member %s is not registered")
		                 : strcmp(what, "inspector") == 0 ? N_("inspector %s is not registered")
		                                                  : N_("plot %s is not registered"),
		                 id);
	return GI_OK;
}

/* Records the change: the event, and the new row as the result. */
static int finish(gi_registry *reg, json_t **out, const char *action, const char *table, const char *id,
                  json_t *before)
{
	json_t *after = gi__reg_row(reg, table, id);
	if (!after)
		return gi__error(GI_ERROR, NULL, 0, "the new %s row cannot be read back", table);
	int rc = gi__reg_event(reg, action, table, id, before, after);
	if (rc < 0) {
		json_decref(after);
		return rc;
	}
	*out = after;
	return GI_OK;
}

static int one_of(const char *v, const char *const *allowed, const char *name)
{
	char list[200] = "";
	for (size_t i = 0; allowed[i]; i++) {
		if (strcmp(v, allowed[i]) == 0)
			return GI_OK;
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", allowed[i]);
	}
	return gi__error(GI_EINVALID, NULL, 0, N_("%s '%.40s' is not one of %s"), name, v, list);
}

/* ---- members ---- */

/* A Vietnamese tax code (10 digits, or 10-3 for a branch) or a citizen
 * identity number (12 digits). */
static int tax_id_valid(const char *s)
{
	size_t n = strspn(s, "0123456789");
	if (n == 10 && s[10] == '-')
		return strspn(s + 11, "0123456789") == 3 && !s[14];
	return !s[n] && (n == 10 || n == 12 || n == 13);
}

static int member_add(gi_registry *reg, json_t *a, json_t **out)
{
	static const char *const kinds[] = { "household", "cooperative", "company", NULL };
	const char *kind, *name, *tax, *address;
	int rc;
	if ((rc = gi__arg_str(&kind, a, "kind", 1)) < 0 || (rc = one_of(kind, kinds, "kind")) < 0 ||
	    (rc = gi__arg_str(&name, a, "name", 1)) < 0 || (rc = gi__arg_str(&tax, a, "tax_id", 1)) < 0 ||
	    (rc = gi__arg_str(&address, a, "address", 0)) < 0)
		return rc;
	if (!tax_id_valid(tax))
		return gi__error(GI_EINVALID, NULL, 0,
		                 N_("tax_id '%.40s' is neither a tax code (10 digits, or 10-3) nor a citizen ID (12 digits)"), tax);
	gi__dbrows r;
	const char *p0[] = { tax };
	if ((rc = query1(reg, &r, "SELECT id FROM member WHERE tax_id = $1", 1, p0)) < 0)
		return rc;
	if (r.n) {
		rc = gi__error(GI_EINVALID, NULL, 0, N_("tax_id %s is already registered, as member %s"), tax, GI__CELL(&r, 0, 0));
		gi__dbrows_free(&r);
		return rc;
	}
	gi__dbrows_free(&r);
	char today[11], id[24];
	gi__reg_today(reg, today);
	const char *p[] = { kind, name, tax, address, today };
	if ((rc = insert_id(reg, id, "INSERT INTO member (kind, name, tax_id, address, created) VALUES ($1, $2, $3, $4, $5)"
	                             " RETURNING id", 5, p)) < 0)
		return rc;
	return finish(reg, out, "member.add", "member", id, NULL);
}

static int list_of(json_t **out, gi_registry *reg, const char *sql, const char *id)
{
	gi__dbrows r;
	const char *p[] = { id };
	int rc = query1(reg, &r, sql, 1, p);
	if (rc < 0)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < r.n; i++)
		json_array_append_new(arr, gi__reg_rows_object(&r, i, r.name));
	gi__dbrows_free(&r);
	*out = arr;
	return arr ? GI_OK : gi__oom();
}

static int member_show(gi_registry *reg, json_t *a, json_t **out)
{
	char id[24];
	int rc = gi__arg_id(id, a, "member");
	json_t *m = NULL, *list = NULL;
	if (rc < 0 || (rc = must_exist(&m, reg, "member", "member", id)) < 0)
		return rc;
	if ((rc = list_of(&list, reg, "SELECT * FROM plot WHERE member_id = $1 ORDER BY id", id)) == 0)
		json_object_set_new(m, "plots", list);
	if (rc == 0 && reg->schema >= 2) {
		if ((rc = list_of(&list, reg, "SELECT id, products, state, valid_from, valid_until FROM permit"
		                              " WHERE member_id = $1 ORDER BY id", id)) == 0)
			json_object_set_new(m, "permits", list);
		if (rc == 0 && (rc = list_of(&list, reg, "SELECT * FROM inspection WHERE member_id = $1 ORDER BY date, id",
		                             id)) == 0)
			json_object_set_new(m, "inspections", list);
		if (rc == 0 && (rc = list_of(&list, reg, "SELECT * FROM violation WHERE member_id = $1 ORDER BY date, id",
		                             id)) == 0)
			json_object_set_new(m, "violations", list);
	}
	if (rc < 0) {
		json_decref(m);
		return rc;
	}
	*out = m;
	return GI_OK;
}

/* ---- plots ---- */

/* Whether a plot at unit (former unit) and altitude lies in area: the
 * same place logic a sample's origin goes through (place.c), then the
 * area's altitude band. 1 in, 0 out (why says why), or an error. */
static int plot_in_area(gi_registry *reg, gi__arena *ar, const gi_area *area, const char *unit, const char *former,
                        double alt, const char **why)
{
	gi_sample s;
	memset(&s, 0, sizeof s);
	s.id = "(plot)";
	s.origin = unit;
	s.origin_former = former;
	s.has_altitude = 1;
	s.altitude = alt;
	gi__place_result pr;
	int rc = gi__place_locate(&pr, ar, reg->spec, area, &s, NULL);
	if (rc < 0)
		return rc;
	const char *aname = area->name ? area->name : area->id;
	if (pr.verdict == GI_VERDICT_INCONCLUSIVE) {
		*why = gi__arena_printf(ar, gi__tr(N_("%s (give the plot's former commune, former_unit)")), pr.reason);
		return 0;
	}
	if (pr.verdict != GI_VERDICT_PASS) {
		*why = pr.reason;
		return 0;
	}
	if (area->has_altitude &&
	    (gi__compare(alt, area->altitude_min) < 0 || gi__compare(alt, area->altitude_max) > 0)) {
		char a[40], lo[40], hi[40];
		num_text(a, alt);
		num_text(lo, area->altitude_min);
		num_text(hi, area->altitude_max);
		*why = gi__arena_printf(ar, gi__tr(N_("altitude %s m is outside %s–%s m of area %s")), a, lo, hi, aname);
		return 0;
	}
	return 1;
}

/* The areas (of the products named, or of every product) the plot lies
 * in, as a JSON array of area ids; GI_EINVALID with every area's reason
 * when there is none. */
static int plot_areas(gi_registry *reg, json_t **out, const char *product, const char *unit, const char *former,
                      double alt)
{
	gi__arena ar = { 0 };
	json_t *in = json_array();
	const char *reasons = "";
	int rc = in ? GI_OK : gi__oom();
	const gi_product *only = NULL;
	if (rc == 0 && product && !(only = gi_spec_find_product(reg->spec, product)))
		rc = gi__error(GI_EINVALID, NULL, 0, N_("product '%.40s' is not in the specification"), product);
	for (size_t i = 0; rc == 0 && i < gi_spec_area_count(reg->spec); i++) {
		const gi_area *area = gi_spec_area(reg->spec, i);
		int used = 0;
		for (size_t k = 0; k < gi_spec_product_count(reg->spec); k++) {
			const gi_product *p = gi_spec_product(reg->spec, k);
			if (p->area == area && (!only || only == p))
				used = 1;
		}
		if (!used)
			continue;
		const char *why = NULL;
		int r = plot_in_area(reg, &ar, area, unit, former, alt, &why);
		if (r < 0)
			rc = r;
		else if (r)
			json_array_append_new(in, json_string(area->id));
		else
			reasons = gi__arena_printf(&ar, gi__tr(N_("%s%sarea %s: %s")), reasons, *reasons ? "; " : "", area->id, why);
	}
	if (rc == 0 && json_array_size(in) == 0)
		rc = only ? gi__error(GI_EINVALID, NULL, 0, N_("the plot lies outside every area of product %s: %s"), only->id,
		                     reasons)
		          : gi__error(GI_EINVALID, NULL, 0, N_("the plot lies outside every area of the GI's products: %s"),
		                      reasons);
	gi__arena_free(&ar);
	if (rc < 0) {
		json_decref(in);
		return rc;
	}
	*out = in;
	return GI_OK;
}

static int plot_add(gi_registry *reg, json_t *a, json_t **out)
{
	char member[24], t_alt[40], t_area[40], t_lat[40], t_lon[40];
	const char *unit, *former, *product;
	double alt, area, lat, lon;
	int has, rc;
	json_t *m = NULL, *areas = NULL;
	if ((rc = gi__arg_id(member, a, "member")) < 0 || (rc = gi__arg_str(&unit, a, "unit", 1)) < 0 ||
	    (rc = gi__arg_str(&former, a, "former_unit", 0)) < 0 || (rc = gi__arg_str(&product, a, "product", 0)) < 0 ||
	    (rc = gi__arg_num(&alt, &has, a, "altitude", 1)) < 0 || (rc = gi__arg_num(&area, &has, a, "area_ha", 1)) < 0 ||
	    (rc = gi__arg_num(&lat, &has, a, "latitude", 1)) < 0 || (rc = gi__arg_num(&lon, &has, a, "longitude", 1)) < 0)
		return rc;
	if (!(area > 0) || area > 10000)
		return gi__error(GI_EINVALID, NULL, 0, N_("area_ha must be more than 0 and at most 10000 hectares"));
	if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180))
		return gi__error(GI_EINVALID, NULL, 0, N_("latitude must be within ±90 and longitude within ±180 degrees (WGS 84)"));
	if (!(alt > -500 && alt < 9000))
		return gi__error(GI_EINVALID, NULL, 0, N_("altitude must be in metres above sea level"));
	if ((rc = must_exist(&m, reg, "member", "member", member)) < 0)
		return rc;
	json_decref(m);
	if ((rc = plot_areas(reg, &areas, product, unit, former, alt)) < 0)
		return rc;
	char *areas_text = json_dumps(areas, JSON_COMPACT);
	json_decref(areas);
	if (!areas_text)
		return gi__oom();
	num_text(t_alt, alt);
	num_text(t_area, area);
	num_text(t_lat, lat);
	num_text(t_lon, lon);
	char today[11], id[24];
	gi__reg_today(reg, today);
	const char *p[] = { member, unit, former, t_alt, t_area, t_lat, t_lon, areas_text, today };
	rc = insert_id(reg, id, "INSERT INTO plot (member_id, unit, former_unit, altitude, area_ha, latitude, longitude,"
	                        " areas, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id", 9, p);
	free(areas_text);
	return rc < 0 ? rc : finish(reg, out, "plot.add", "plot", id, NULL);
}

/* ---- inspectors ---- */

static int inspector_add(gi_registry *reg, json_t *a, json_t **out)
{
	const char *name, *qual;
	int rc;
	if ((rc = gi__arg_str(&name, a, "name", 1)) < 0 || (rc = gi__arg_str(&qual, a, "qualification", 0)) < 0)
		return rc;
	char today[11], id[24];
	gi__reg_today(reg, today);
	const char *p[] = { name, qual, today };
	if ((rc = insert_id(reg, id, "INSERT INTO inspector (name, qualification, created) VALUES ($1, $2, $3)"
	                             " RETURNING id", 3, p)) < 0)
		return rc;
	return finish(reg, out, "inspector.add", "inspector", id, NULL);
}

/* The board approves an inspector by a decision it names. */
static int inspector_approve(gi_registry *reg, json_t *a, json_t **out)
{
	char id[24], today[11];
	const char *decision;
	json_t *before = NULL;
	int rc;
	if ((rc = gi__arg_id(id, a, "inspector")) < 0 || (rc = gi__arg_str(&decision, a, "decision", 1)) < 0 ||
	    (rc = must_exist(&before, reg, "inspector", "inspector", id)) < 0)
		return rc;
	if (!json_is_null(json_object_get(before, "approved"))) {
		json_decref(before);
		return gi__error(GI_EINVALID, NULL, 0, N_("inspector %s was already approved on %s"), id,
		                 json_string_value(json_object_get(before, "approved")));
	}
	gi__reg_today(reg, today);
	const char *p[] = { today, decision, id };
	if ((rc = query1(reg, NULL, "UPDATE inspector SET approved = $1, decision = $2 WHERE id = $3", 3, p)) == 0)
		rc = finish(reg, out, "inspector.approve", "inspector", id, before);
	json_decref(before);
	return rc;
}

/* ---- lots ---- */

/* Upper-case initials of a product id's words: green-tea -> GT. */
static void product_prefix(char out[16], const char *product)
{
	size_t n = 0;
	for (const char *p = product; *p && n < 8; p++)
		if (p == product || p[-1] == '-' || p[-1] == '_' || p[-1] == ' ')
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
				out[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	out[n] = '\0';
}

/* A list argument: a JSON array of ids or one id. */
static int arg_ids(json_t **out, json_t *a, const char *name)
{
	json_t *v = json_object_get(a, name);
	json_t *list = json_array();
	if (!list)
		return gi__oom();
	size_t n = v && json_is_array(v) ? json_array_size(v) : v && !json_is_null(v) ? 1 : 0;
	for (size_t i = 0; i < n; i++) {
		json_t *tmp = json_object();
		char id[24];
		json_object_set(tmp, name, json_is_array(v) ? json_array_get(v, i) : v);
		int rc = gi__arg_id(id, tmp, name);
		json_decref(tmp);
		if (rc < 0) {
			json_decref(list);
			return rc;
		}
		json_array_append_new(list, json_string(id));
	}
	if (n == 0) {
		json_decref(list);
		return gi__error(GI_EINVALID, NULL, 0, N_("%s is required"), name);
	}
	*out = list;
	return GI_OK;
}

static int area_listed(json_t *plot, const char *area)
{
	json_t *areas = json_object_get(plot, "areas");
	for (size_t i = 0; i < json_array_size(areas); i++)
		if (strcmp(json_string_value(json_array_get(areas, i)), area) == 0)
			return 1;
	return 0;
}

static int phi_check_lot(gi_registry *reg, const char *plot, const char *harvested, const char *lot_code);

/* Checks each plot of a new lot: registered, in the product's area, and
 * not under a pre-harvest interval on the harvest day. */
static int lot_plots_check(gi_registry *reg, json_t *plots, const gi_product *prod, const char *product,
                           const char *harvested, const char *code)
{
	int rc = GI_OK;
	for (size_t i = 0; rc == 0 && i < json_array_size(plots); i++) {
		const char *pid = json_string_value(json_array_get(plots, i));
		json_t *plot = NULL;
		if ((rc = must_exist(&plot, reg, "plot", "plot", pid)) < 0)
			break;
		if (prod->area && !area_listed(plot, prod->area->id))
			rc = gi__error(GI_EINVALID, NULL, 0, N_("plot %s does not lie in area %s, where %s must come from"), pid,
			               prod->area->id, product);
		json_decref(plot);
		if (rc == 0)
			rc = phi_check_lot(reg, pid, harvested, code ? code : "(new lot)");
	}
	return rc;
}

/* Makes the next lot code of PREFIX-YYYY into made (80 bytes), check
 * character included. */
static int lot_code_next(gi_registry *reg, char *made, const char *product, const char *harvested)
{
	char prefix[16], base[48];
	product_prefix(prefix, product);
	snprintf(base, sizeof base, "LC-%s-%.4s-", prefix, harvested);
	gi__dbrows r;
	char like[64];
	snprintf(like, sizeof like, "%s%%", base);
	const char *p[] = { like };
	int rc = query1(reg, &r, "SELECT code FROM lot WHERE code LIKE $1", 1, p);
	if (rc == 0) {
		long next = 1;
		for (size_t i = 0; i < r.n; i++) {
			long s = atol(GI__CELL(&r, i, 0) + strlen(base));
			if (s >= next)
				next = s + 1;
		}
		char b2[64];
		snprintf(b2, sizeof b2, "%s%04ld", base, next);
		snprintf(made, 80, "%s-%c", b2, gi__lot_check_char(b2));
	}
	gi__dbrows_free(&r);
	return rc;
}

/* Settles the new lot's code: the one given, checked, or the next one made
 * into made (80 bytes); refuses a code already issued. */
static int lot_code(gi_registry *reg, const char **code, char *made, const char *product, const char *harvested)
{
	int rc;
	if (*code) {
		rc = gi_registry_lot_code_check(*code);
		if (rc < 0) {
			char why[300];
			snprintf(why, sizeof why, "%s", gi_error_last()->message);
			rc = gi__error(GI_EINVALID, NULL, 0, "%s", why);
		}
	} else if ((rc = lot_code_next(reg, made, product, harvested)) == 0) {
		*code = made;
	}
	if (rc == 0) {
		gi__dbrows r;
		const char *p[] = { *code };
		if ((rc = query1(reg, &r, "SELECT id FROM lot WHERE code = $1", 1, p)) == 0 && r.n)
			rc = gi__error(GI_EINVALID, NULL, 0, N_("lot code %s is already issued (lot %s)"), *code, GI__CELL(&r, 0, 0));
		gi__dbrows_free(&r);
	}
	return rc;
}

static int lot_add(gi_registry *reg, json_t *a, json_t **out)
{
	const char *code, *product, *harvested;
	double qty;
	int has, rc;
	json_t *plots = NULL;
	if ((rc = gi__arg_str(&code, a, "code", 0)) < 0 || (rc = gi__arg_str(&product, a, "product", 1)) < 0 ||
	    (rc = gi__arg_date(&harvested, a, "harvested", 1)) < 0 ||
	    (rc = gi__arg_num(&qty, &has, a, "quantity_kg", 1)) < 0)
		return rc;
	const gi_product *prod = gi_spec_find_product(reg->spec, product);
	if (!prod)
		return gi__error(GI_EINVALID, NULL, 0, N_("product '%.40s' is not in the specification"), product);
	if (!(qty > 0))
		return gi__error(GI_EINVALID, NULL, 0, N_("quantity_kg must be more than 0"));
	char today[11];
	gi__reg_today(reg, today);
	if (strcmp(harvested, today) > 0)
		return gi__error(GI_EINVALID, NULL, 0, N_("harvested %s is after today (%s)"), harvested, today);
	if ((rc = arg_ids(&plots, a, "plot")) < 0)
		return rc;
	char made[80], id[24];
	if ((rc = lot_plots_check(reg, plots, prod, product, harvested, code)) == 0)
		rc = lot_code(reg, &code, made, product, harvested);
	char q[40];
	num_text(q, qty);
	const char *p[] = { code, product, harvested, q, today };
	if (rc == 0)
		rc = insert_id(reg, id, "INSERT INTO lot (code, product, harvested, quantity_kg, created)"
		                        " VALUES ($1, $2, $3, $4, $5) RETURNING id", 5, p);
	for (size_t i = 0; rc == 0 && i < json_array_size(plots); i++) {
		const char *lp[] = { id, json_string_value(json_array_get(plots, i)) };
		rc = query1(reg, NULL, "INSERT INTO lot_plot (lot_id, plot_id) VALUES ($1, $2)", 2, lp);
	}
	if (rc == 0 && (rc = finish(reg, out, "lot.add", "lot", id, NULL)) == 0)
		json_object_set_new(*out, "plots", json_incref(plots) ? plots : NULL);
	json_decref(plots);
	return rc;
}

static int lot_find(gi_registry *reg, json_t **out, json_t *a)
{
	const char *code;
	int rc = gi__arg_str(&code, a, "lot", 1);
	if (rc < 0)
		return rc;
	gi__dbrows r;
	const char *p[] = { code };
	if ((rc = query1(reg, &r, "SELECT id FROM lot WHERE code = $1 OR CAST(id AS TEXT) = $1", 1, p)) < 0)
		return rc;
	if (r.n == 0)
		rc = gi__error(GI_EINVALID, NULL, 0, N_("lot %.60s is not registered"), code);
	else
		*out = gi__reg_row(reg, "lot", GI__CELL(&r, 0, 0));
	gi__dbrows_free(&r);
	return rc;
}

static int lot_show(gi_registry *reg, json_t *a, json_t **out)
{
	json_t *lot = NULL, *list;
	int rc = lot_find(reg, &lot, a);
	if (rc < 0)
		return rc;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(lot, "id")));
	if ((rc = list_of(&list, reg, "SELECT plot_id FROM lot_plot WHERE lot_id = $1 ORDER BY plot_id", id)) == 0)
		json_object_set_new(lot, "plots", list);
	if (rc == 0 && (rc = list_of(&list, reg, "SELECT id, date, activity, substance, dose, operator, phi_days"
	                                         " FROM logbook WHERE lot_id = $1 ORDER BY date, id", id)) == 0)
		json_object_set_new(lot, "logbook", list);
	if (rc == 0 && (rc = list_of(&list, reg, "SELECT record_id, verdict, status, signer, issued, sha256 FROM record"
	                                         " WHERE lot_id = $1 ORDER BY id", id)) == 0)
		json_object_set_new(lot, "records", list);
	if (rc < 0) {
		json_decref(lot);
		return rc;
	}
	*out = lot;
	return GI_OK;
}

/* ---- e-logbook ---- */

/* name appears in s (both lower case) as a whole word */
static int has_word(const char *s, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = s; (p = strstr(p, name)); p++) {
		int before = p == s || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9'));
		int after = !((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9'));
		if (before && after)
			return 1;
	}
	return 0;
}

/* Refuses a substance on the banned list, or a withdrawn one used after
 * the date its use ended, citing the regulation the list gives. */
static int banned_check(gi_registry *reg, const char *substance, const char *date)
{
	if (reg->n_banned == 0)
		return gi__error(GI_EINVALID, NULL, 0,
		                 N_("no list of banned substances is configured, so a pesticide entry cannot be checked"));
	char low[256];
	snprintf(low, sizeof low, "%s", substance);
	for (char *c = low; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	for (size_t i = 0; i < reg->n_banned; i++) {
		if (!has_word(low, reg->banned_name[i]))
			continue;
		if (strcmp(reg->banned_status[i], "banned") == 0)
			return gi__error(GI_EINVALID, NULL, 0, N_("substance '%.60s' is banned in Viet Nam: %s"), substance,
			                 reg->banned_source[i]);
		if (strcmp(date, reg->banned_since[i]) > 0)
			return gi__error(GI_EINVALID, NULL, 0,
			                 N_("substance '%.60s' was withdrawn from the permitted list; its use ended on %s (%s), so it may not be used on %s"), substance,
			                 reg->banned_since[i], reg->banned_source[i], date);
	}
	return GI_OK;
}

static int phi_refuse(const char *date, long phi, const char *lot, const char *harvested)
{
	char earliest[11];
	gi__date_add(earliest, date, 0, (int)phi);
	return gi__error(GI_EINVALID, NULL, 0,
	                 N_("pre-harvest interval not kept: applied %s with a pre-harvest interval of %ld days, so the earliest"
	                 " harvest is %s, but lot %s was harvested %s"), date, phi, earliest, lot, harvested);
}

/* A pesticide applied on date with phi days before harvest: no lot of the
 * plot (or this lot) may be harvested in [date, date + phi). */
static int phi_check(gi_registry *reg, const char *plot, const char *lot, const char *date, long phi)
{
	gi__dbrows r;
	const char *p[] = { plot ? plot : lot };
	int rc = plot ? query1(reg, &r, "SELECT l.code, l.harvested FROM lot l JOIN lot_plot lp ON lp.lot_id = l.id"
	                                " WHERE lp.plot_id = $1", 1, p)
	              : query1(reg, &r, "SELECT code, harvested FROM lot WHERE id = $1", 1, p);
	if (rc < 0)
		return rc;
	char earliest[11];
	gi__date_add(earliest, date, 0, (int)phi);
	for (size_t i = 0; rc == 0 && i < r.n; i++) {
		const char *code = GI__CELL(&r, i, 0), *h = GI__CELL(&r, i, 1);
		if (strcmp(h, date) >= 0 && strcmp(h, earliest) < 0)
			rc = phi_refuse(date, phi, code, h);
		else if (lot && strcmp(h, date) < 0)
			rc = gi__error(GI_EINVALID, NULL, 0, N_("the entry's date %s is after lot %s was harvested (%s)"), date,
			               code, h);
	}
	gi__dbrows_free(&r);
	return rc;
}

/* A new lot from plot, harvested on that date, against the plot's
 * pesticide entries. */
static int phi_check_lot(gi_registry *reg, const char *plot, const char *harvested, const char *lot_code)
{
	gi__dbrows r;
	const char *p[] = { plot };
	int rc = query1(reg, &r, "SELECT date, phi_days FROM logbook WHERE plot_id = $1 AND activity = 'pesticide'", 1, p);
	for (size_t i = 0; rc == 0 && i < r.n; i++) {
		const char *d = GI__CELL(&r, i, 0);
		long phi = GI__CELL(&r, i, 1) ? atol(GI__CELL(&r, i, 1)) : 0;
		char earliest[11];
		gi__date_add(earliest, d, 0, (int)phi);
		if (strcmp(harvested, d) >= 0 && strcmp(harvested, earliest) < 0)
			rc = phi_refuse(d, phi, lot_code, harvested);
	}
	gi__dbrows_free(&r);
	return rc;
}

static int logbook_add(gi_registry *reg, json_t *a, json_t **out)
{
	static const char *const activities[] = { "fertiliser", "pesticide", "harvest", "processing", "pruning",
	                                          "irrigation", "other", NULL };
	const char *date, *activity, *substance, *dose, *operator_;
	char plot[24] = "", lot[24] = "", today[11], id[24], phi_text[24] = "";
	double phi = 0;
	int has_phi = 0, rc;
	if ((rc = gi__arg_date(&date, a, "date", 1)) < 0 || (rc = gi__arg_str(&activity, a, "activity", 1)) < 0 ||
	    (rc = one_of(activity, activities, "activity")) < 0 || (rc = gi__arg_str(&substance, a, "substance", 1)) < 0 ||
	    (rc = gi__arg_str(&dose, a, "dose", 1)) < 0 || (rc = gi__arg_str(&operator_, a, "operator", 1)) < 0 ||
	    (rc = gi__arg_num(&phi, &has_phi, a, "phi_days", strcmp(activity, "pesticide") == 0)) < 0)
		return rc;
	gi__reg_today(reg, today);
	if (strcmp(date, today) > 0)
		return gi__error(GI_EINVALID, NULL, 0, N_("date %s is after today (%s)"), date, today);
	if (has_phi && (phi < 0 || phi > 365 || phi != (double)(long)phi))
		return gi__error(GI_EINVALID, NULL, 0, N_("phi_days must be a whole number of days from 0 to 365"));
	json_t *row = NULL;
	if (json_object_get(a, "plot")) {
		if ((rc = gi__arg_id(plot, a, "plot")) < 0 || (rc = must_exist(&row, reg, "plot", "plot", plot)) < 0)
			return rc;
		json_decref(row);
	}
	if (json_object_get(a, "lot")) {
		if ((rc = lot_find(reg, &row, a)) < 0)
			return rc;
		snprintf(lot, sizeof lot, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
		json_decref(row);
	}
	if (!plot[0] && !lot[0])
		return gi__error(GI_EINVALID, NULL, 0, N_("an entry is for a plot or a lot: give plot or lot"));
	if (strcmp(activity, "pesticide") == 0) {
		if ((rc = banned_check(reg, substance, date)) < 0 ||
		    (plot[0] && (rc = phi_check(reg, plot, NULL, date, (long)phi)) < 0) ||
		    (lot[0] && (rc = phi_check(reg, NULL, lot, date, (long)phi)) < 0))
			return rc;
	}
	if (has_phi)
		snprintf(phi_text, sizeof phi_text, "%ld", (long)phi);
	const char *p[] = { plot[0] ? plot : NULL, lot[0] ? lot : NULL, date, activity, substance, dose, operator_,
	                    has_phi ? phi_text : NULL, today };
	if ((rc = insert_id(reg, id, "INSERT INTO logbook (plot_id, lot_id, date, activity, substance, dose, operator,"
	                             " phi_days, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id", 9, p)) < 0)
		return rc;
	return finish(reg, out, "logbook.add", "logbook", id, NULL);
}

/* ---- records ---- */

/* Verifies the record against the council's trust anchors; a record that
 * does not verify is refused with its status and the reason. */
static int import_verify(gi_registry *reg, gi_record_check **chk, const char *xml, size_t len)
{
	int rc = gi_record_verify(chk, xml, len, "record", reg->trust);
	if (rc < 0) {
		char why[600];
		snprintf(why, sizeof why, "%s", gi_error_last()->message);
		rc = gi__error(GI_EINVALID, NULL, 0, N_("the record does not verify (%s): %s"),
		               *chk ? gi_record_status_name((*chk)->status) : gi__tr(N_("error")), why);
	}
	return rc;
}

/* Finds the registered lot the record cites and refuses it unless it is
 * registered as the product the record tests. */
static int import_lot(gi_registry *reg, json_t **lot, const char *cited, const char *product)
{
	gi__dbrows r;
	int rc = query1(reg, &r, "SELECT id, code, product FROM lot", 0, NULL);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < r.n && !*lot; i++)
		if (gi__lot_code_matches(GI__CELL(&r, i, 1), cited)) {
			*lot = gi__reg_row(reg, "lot", GI__CELL(&r, i, 0));
			if (!*lot)
				rc = gi__oom();
		}
	gi__dbrows_free(&r);
	if (rc == 0 && !*lot)
		rc = gi__error(GI_EINVALID, NULL, 0, N_("the record's lot %.60s is not registered"), cited);
	if (rc < 0)
		return rc;
	const char *lot_product = json_string_value(json_object_get(*lot, "product"));
	if (strcmp(lot_product, product) != 0)
		return gi__error(GI_EINVALID, NULL, 0, N_("the record tests %s as %s, but lot %s is registered as %s"), cited,
		                 product, json_string_value(json_object_get(*lot, "code")), lot_product);
	return GI_OK;
}

/* Refuses a record already imported. */
static int import_is_new(gi_registry *reg, const char *record_id)
{
	gi__dbrows r;
	const char *p0[] = { record_id };
	int rc = query1(reg, &r, "SELECT id FROM record WHERE record_id = $1", 1, p0);
	if (rc < 0)
		return rc;
	if (r.n)
		rc = gi__error(GI_EINVALID, NULL, 0, N_("record %s is already imported"), record_id);
	gi__dbrows_free(&r);
	return rc;
}

/* Writes the record, its event in the lot's history and its own bytes to
 * the log; *out is the event's state. */
static int import_write(gi_registry *reg, const gi_record_check *chk, json_t *lot, const char *product,
                        const char *verdict, const char *xml, size_t len, json_t **out)
{
	char sha[65], lot_id[24], today[11], id[24];
	gi_sha256_memory(sha, xml, len);
	snprintf(lot_id, sizeof lot_id, "%lld", (long long)json_integer_value(json_object_get(lot, "id")));
	gi__reg_today(reg, today);
	const char *p[] = { chk->record_id, lot_id, product, verdict, gi_record_status_name(chk->status), chk->signer,
	                    chk->issued, sha, xml, today };
	int rc = insert_id(reg, id, "INSERT INTO record (record_id, lot_id, product, verdict, status, signer, issued,"
	                            " sha256, xml, imported) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
	                            " RETURNING id", 10, p);
	if (rc < 0)
		return rc;
	/* lot_id: the event belongs to the lot's history (log.list of the lot) */
	json_t *after = json_pack("{s:s, s:s, s:O, s:s, s:s, s:s, s:s, s:s?, s:s?}", "record_id", chk->record_id, "lot",
	                          json_string_value(json_object_get(lot, "code")), "lot_id", json_object_get(lot, "id"),
	                          "product", product, "verdict", verdict,
	                          "status", gi_record_status_name(chk->status), "sha256", sha, "signer", chk->signer,
	                          "issued", chk->issued);
	if (!after)
		return gi__oom();
	if ((rc = gi__reg_event(reg, "record.import", "record", id, NULL, after)) == 0)
		rc = gi__reg_log_append(reg, "record", NULL, lot_id, xml, len);   /* the record's own bytes */
	if (rc < 0)
		json_decref(after);
	else
		*out = after;
	return rc;
}

static int record_import(gi_registry *reg, json_t *a, json_t **out)
{
	const char *xml;
	int rc = gi__arg_str(&xml, a, "xml", 1);
	if (rc < 0)
		return rc;
	if (!reg->trust)
		return gi__error(GI_EUSAGE, NULL, 0, N_("importing a record needs the council's trust anchors"));
	size_t len = strlen(xml);
	gi_record_check *chk = NULL;
	char *content = NULL;
	json_t *c = NULL, *lot = NULL;
	if ((rc = import_verify(reg, &chk, xml, len)) < 0 || (rc = gi_record_json(&content, xml, len, "record")) < 0)
		goto done;
	c = json_loads(content, 0, NULL);
	const char *cited = json_string_value(json_object_get(json_object_get(c, "sample"), "lot"));
	const char *product = json_string_value(json_object_get(json_object_get(c, "sample"), "product"));
	const char *spec_id = json_string_value(json_object_get(json_object_get(c, "spec"), "id"));
	const char *verdict = json_string_value(json_object_get(json_object_get(c, "verdict"), "value"));
	const char *gi = gi_spec_get_info(reg->spec)->id;
	if (!cited || !product || !spec_id || !verdict) {
		rc = gi__error(GI_EINVALID, NULL, 0, N_("the record names no lot, product, spec or verdict"));
		goto done;
	}
	if (strcmp(spec_id, gi) != 0) {
		rc = gi__error(GI_EINVALID, NULL, 0, N_("the record checks spec %s, not this registry's GI (%s)"), spec_id, gi);
		goto done;
	}
	if ((rc = import_lot(reg, &lot, cited, product)) < 0 || (rc = import_is_new(reg, chk->record_id)) < 0)
		goto done;
	rc = import_write(reg, chk, lot, product, verdict, xml, len, out);
done:
	gi_record_check_free(chk);
	gi_free(content);
	json_decref(c);
	json_decref(lot);
	return rc;
}

/* ---- inspections ---- */

static int inspection_add(gi_registry *reg, json_t *a, json_t **out)
{
	static const char *const kinds[] = { "initial", "surveillance", "extraordinary", NULL };
	static const char *const outcomes[] = { "pass", "fail", NULL };
	const char *kind, *date, *findings, *outcome;
	char member[24], inspector[24], today[11], id[24], due[11], from[11];
	json_t *row = NULL;
	int rc;
	if ((rc = gi__arg_id(member, a, "member")) < 0 || (rc = gi__arg_id(inspector, a, "inspector")) < 0 ||
	    (rc = gi__arg_str(&kind, a, "kind", 1)) < 0 || (rc = one_of(kind, kinds, "kind")) < 0 ||
	    (rc = gi__arg_date(&date, a, "date", 1)) < 0 || (rc = gi__arg_str(&findings, a, "findings", 1)) < 0 ||
	    (rc = gi__arg_str(&outcome, a, "outcome", 1)) < 0 || (rc = one_of(outcome, outcomes, "outcome")) < 0)
		return rc;
	gi__reg_today(reg, today);
	if (strcmp(date, today) > 0)
		return gi__error(GI_EINVALID, NULL, 0, N_("date %s is after today (%s)"), date, today);
	if ((rc = must_exist(&row, reg, "member", "member", member)) < 0)
		return rc;
	json_decref(row);
	if ((rc = must_exist(&row, reg, "inspector", "inspector", inspector)) < 0)
		return rc;
	int approved = !json_is_null(json_object_get(row, "approved"));
	json_decref(row);
	if (!approved)
		return gi__error(GI_EINVALID, NULL, 0, N_("inspector %s is not approved by the board, so may not inspect"), inspector);
	/* a violation in the year before the inspection shortens the interval */
	gi__date_add(from, date, -12, 0);
	gi__dbrows r;
	const char *pv[] = { member, from, date };
	if ((rc = query1(reg, &r, "SELECT COUNT(*) FROM violation WHERE member_id = $1 AND date > $2 AND date <= $3", 3,
	                 pv)) < 0)
		return rc;
	int violated = atoi(GI__CELL(&r, 0, 0)) > 0 || json_is_true(json_object_get(a, "violation"));
	gi__dbrows_free(&r);
	int months = strcmp(outcome, "pass") != 0 || violated ? reg->months_fail : reg->months_pass;
	gi__date_add(due, date, months, 0);
	const char *p[] = { member, inspector, kind, date, findings, outcome, due, today };
	if ((rc = insert_id(reg, id, "INSERT INTO inspection (member_id, inspector_id, kind, date, findings, outcome,"
	                             " next_due, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id", 8, p)) < 0)
		return rc;
	return finish(reg, out, "inspection.add", "inspection", id, NULL);
}

/* Every member's next audit: overdue, due within `within_days` (30), or
 * an initial inspection never made. */
static int inspection_due(gi_registry *reg, json_t *a, json_t **out)
{
	const char *as_of;
	double within = 30;
	int has, rc;
	char today[11], horizon[11];
	if ((rc = gi__arg_date(&as_of, a, "as_of", 0)) < 0 || (rc = gi__arg_num(&within, &has, a, "within_days", 0)) < 0)
		return rc;
	if (!has)
		within = 30;
	gi__reg_today(reg, today);
	if (!as_of)
		as_of = today;
	gi__date_add(horizon, as_of, 0, (int)within);
	gi__dbrows r;
	rc = query1(reg, &r,
	            "SELECT m.id, m.name, (SELECT i.next_due FROM inspection i WHERE i.member_id = m.id"
	            " ORDER BY i.date DESC, i.id DESC LIMIT 1) FROM member m ORDER BY m.id", 0, NULL);
	if (rc < 0)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; list && i < r.n; i++) {
		const char *due = GI__CELL(&r, i, 2);
		const char *state = !due ? "initial inspection due" : strcmp(due, as_of) < 0 ? "overdue"
		                  : strcmp(due, horizon) <= 0 ? "due" : NULL;
		if (!state)
			continue;
		json_array_append_new(list, json_pack("{s:I, s:s, s:s?, s:s}", "member", (json_int_t)atoll(GI__CELL(&r, i, 0)),
		                                      "name", GI__CELL(&r, i, 1), "next_due", due, "state", state));
	}
	gi__dbrows_free(&r);
	*out = list ? json_pack("{s:s, s:o}", "as_of", as_of, "due", list) : NULL;
	return *out ? GI_OK : gi__oom();
}

/* ---- violations ---- */

static const char *const ladder[] = { "warning", "fine", "withdrawal", "legal-action" };

/* Each violation is decided by the board (decision names its act); one
 * within repeat_months of the member's earlier ones climbs one rung per
 * earlier violation. Reaching withdrawal withdraws the member's permits. */
static int violation_add(gi_registry *reg, json_t *a, json_t **out)
{
	const char *date, *desc, *evidence, *decision;
	char member[24], from[11], today[11], id[24];
	json_t *row = NULL;
	int rc;
	if ((rc = gi__arg_id(member, a, "member")) < 0 || (rc = gi__arg_date(&date, a, "date", 1)) < 0 ||
	    (rc = gi__arg_str(&desc, a, "description", 1)) < 0 || (rc = gi__arg_str(&evidence, a, "evidence", 1)) < 0 ||
	    (rc = gi__arg_str(&decision, a, "decision", 1)) < 0)
		return rc;
	gi__reg_today(reg, today);
	if (strcmp(date, today) > 0)
		return gi__error(GI_EINVALID, NULL, 0, N_("date %s is after today (%s)"), date, today);
	if ((rc = must_exist(&row, reg, "member", "member", member)) < 0)
		return rc;
	json_decref(row);
	gi__date_add(from, date, -reg->repeat_months, 0);
	gi__dbrows r;
	const char *pv[] = { member, from, date };
	if ((rc = query1(reg, &r, "SELECT COUNT(*) FROM violation WHERE member_id = $1 AND date > $2 AND date <= $3", 3,
	                 pv)) < 0)
		return rc;
	int earlier = atoi(GI__CELL(&r, 0, 0));
	gi__dbrows_free(&r);
	const char *level = ladder[earlier < 3 ? earlier : 3];
	const char *p[] = { member, date, desc, evidence, decision, level, today };
	if ((rc = insert_id(reg, id, "INSERT INTO violation (member_id, date, description, evidence, decision, level,"
	                             " created) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", 7, p)) < 0 ||
	    (rc = finish(reg, out, "violation.add", "violation", id, NULL)) < 0)
		return rc;
	json_t *withdrawn = json_array();
	if (earlier >= 2) {
		const char *pm[] = { member };
		if ((rc = query1(reg, &r, "SELECT id FROM permit WHERE member_id = $1 AND state IN ('granted', 'suspended')"
		                          " ORDER BY id", 1, pm)) < 0)
			goto fail;
		char reason[200];
		snprintf(reason, sizeof reason, "violation %s (%s) reached %s on the ladder", id, decision, level);
		for (size_t i = 0; rc == 0 && i < r.n; i++) {
			json_t *res = NULL;
			rc = gi__reg_permit_move(reg, GI__CELL(&r, i, 0), "withdrawn", reason, &res);
			json_decref(res);
			json_array_append_new(withdrawn, json_integer(atoll(GI__CELL(&r, i, 0))));
		}
		gi__dbrows_free(&r);
		if (rc < 0)
			goto fail;
	}
	json_object_set_new(*out, "permits_withdrawn", withdrawn);
	return GI_OK;
fail:
	json_decref(withdrawn);
	json_decref(*out);
	*out = NULL;
	return rc;
}

/* ---- events ---- */

static int event_list(gi_registry *reg, json_t *a, json_t **out)
{
	double after = 0;
	int has, rc;
	const char *entity;
	if ((rc = gi__arg_num(&after, &has, a, "after", 0)) < 0 || (rc = gi__arg_str(&entity, a, "entity", 0)) < 0)
		return rc;
	char t[32];
	snprintf(t, sizeof t, "%lld", (long long)after);
	const char *p[] = { t, entity };
	gi__dbrows r;
	if ((rc = query1(reg, &r, "SELECT id, at, actor, action, entity, entity_id, state_before, state_after FROM event"
	                          " WHERE id > CAST($1 AS BIGINT) AND (CAST($2 AS TEXT) IS NULL OR entity = $2) ORDER BY id", 2, p)) < 0)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; list && i < r.n; i++) {
		json_t *e = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?}", "id", (json_int_t)atoll(GI__CELL(&r, i, 0)), "at",
		                      GI__CELL(&r, i, 1), "actor", GI__CELL(&r, i, 2), "action", GI__CELL(&r, i, 3),
		                      "entity", GI__CELL(&r, i, 4), "entity_id", GI__CELL(&r, i, 5));
		for (int k = 6; e && k < 8; k++)
			json_object_set_new(e, k == 6 ? "before" : "after",
			                    GI__CELL(&r, i, k) ? json_loads(GI__CELL(&r, i, k), 0, NULL) : json_null());
		json_array_append_new(list, e);
	}
	gi__dbrows_free(&r);
	*out = list ? json_pack("{s:o}", "events", list) : NULL;
	return *out ? GI_OK : gi__oom();
}

/* ---- the table of actions ---- */

static const struct {
	const char *name;
	gi__reg_action fn;
	int writes;
} actions[] = {
	{ "member.add", member_add, 1 },
	{ "member.show", member_show, 0 },
	{ "plot.add", plot_add, 1 },
	{ "inspector.add", inspector_add, 1 },
	{ "inspector.approve", inspector_approve, 1 },
	{ "lot.add", lot_add, 1 },
	{ "lot.show", lot_show, 0 },
	{ "logbook.add", logbook_add, 1 },
	{ "record.import", record_import, 1 },
	{ "inspection.add", inspection_add, 1 },
	{ "inspection.due", inspection_due, 0 },
	{ "violation.add", violation_add, 1 },
	{ "event.list", event_list, 0 },
	{ "permit.apply", gi__reg_permit_apply, 1 },
	{ "permit.grant", gi__reg_permit_grant, 1 },
	{ "permit.suspend", gi__reg_permit_suspend, 1 },
	{ "permit.reinstate", gi__reg_permit_reinstate, 1 },
	{ "permit.withdraw", gi__reg_permit_withdraw, 1 },
	{ "permit.expire", gi__reg_permit_expire, 1 },
	{ "permit.show", gi__reg_permit_show, 0 },
	{ "permit.status-list", gi__reg_status_list, 0 },
	{ "stamp.issue", gi__reg_stamp_issue, 1 },
	{ "stamp.list", gi__reg_stamp_list, 0 },
	{ "log.list", gi__reg_log_list, 0 },
	{ "permit.for-lot", gi__reg_permit_for_lot, 0 },
	{ "permit.list", gi__reg_permit_list, 0 },
	{ "lot.shelf-life", gi__reg_lot_shelf_life, 1 },
	{ "lot.photo-add", gi__reg_lot_photo_add, 1 },
	{ "lot.photo-list", gi__reg_lot_photo_list, 0 },
};

gi__reg_action gi__reg_find_action(const char *name, int *writes)
{
	for (size_t i = 0; i < GI_ARRAY_SIZE(actions); i++)
		if (strcmp(actions[i].name, name) == 0) {
			*writes = actions[i].writes;
			return actions[i].fn;
		}
	return NULL;
}
