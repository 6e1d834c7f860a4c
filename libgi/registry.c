/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * registry.c - opening a registry, its schema and migrations, the event
 * log every change appends to, the banned-substance list, lot codes, and
 * gi_registry_call(), which runs each action in one transaction.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "registry_internal.h"
#include "i18n_internal.h"
#include "csv.h"

/* ---- schema ---- */

/* Written once for both databases: @PK@ is an auto-numbered key. Event
 * rows are append-only: the database itself refuses UPDATE and DELETE
 * (and, on PostgreSQL, TRUNCATE), so history cannot be rewritten through
 * the registry's connection. */
static const char migration_1[] =
	"CREATE TABLE registry_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE event (id @PK@, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
	" entity TEXT NOT NULL, entity_id TEXT, state_before TEXT, state_after TEXT);"
	"CREATE TABLE member (id @PK@, kind TEXT NOT NULL CHECK (kind IN ('household','cooperative','company')),"
	" name TEXT NOT NULL, tax_id TEXT NOT NULL UNIQUE, address TEXT, created TEXT NOT NULL);"
	"CREATE TABLE plot (id @PK@, member_id BIGINT NOT NULL REFERENCES member(id), unit TEXT NOT NULL,"
	" former_unit TEXT, altitude TEXT NOT NULL, area_ha TEXT NOT NULL, latitude TEXT NOT NULL,"
	" longitude TEXT NOT NULL, areas TEXT NOT NULL, created TEXT NOT NULL);";

static const char migration_1_lite[] =
	"CREATE TRIGGER event_no_update BEFORE UPDATE ON event"
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER event_no_delete BEFORE DELETE ON event"
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;";

static const char migration_1_pg[] =
	"CREATE FUNCTION gi_event_append_only() RETURNS trigger LANGUAGE plpgsql AS"
	" $$BEGIN RAISE EXCEPTION 'events are append-only'; END$$;"
	"CREATE TRIGGER event_no_change BEFORE UPDATE OR DELETE ON event"
	" FOR EACH ROW EXECUTE FUNCTION gi_event_append_only();"
	"CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event"
	" FOR EACH STATEMENT EXECUTE FUNCTION gi_event_append_only();";

/* Version 2: the council's work beyond membership. */
static const char migration_2[] =
	"CREATE TABLE inspector (id @PK@, name TEXT NOT NULL, qualification TEXT, approved TEXT,"
	" decision TEXT, created TEXT NOT NULL);"
	"CREATE TABLE lot (id @PK@, code TEXT NOT NULL UNIQUE, product TEXT NOT NULL, harvested TEXT NOT NULL,"
	" quantity_kg TEXT NOT NULL, created TEXT NOT NULL);"
	"CREATE TABLE lot_plot (lot_id BIGINT NOT NULL REFERENCES lot(id), plot_id BIGINT NOT NULL"
	" REFERENCES plot(id), PRIMARY KEY (lot_id, plot_id));"
	"CREATE TABLE logbook (id @PK@, plot_id BIGINT REFERENCES plot(id), lot_id BIGINT REFERENCES lot(id),"
	" date TEXT NOT NULL, activity TEXT NOT NULL, substance TEXT NOT NULL, dose TEXT NOT NULL,"
	" operator TEXT NOT NULL, phi_days TEXT, created TEXT NOT NULL,"
	" CHECK (plot_id IS NOT NULL OR lot_id IS NOT NULL));"
	"CREATE TABLE record (id @PK@, record_id TEXT NOT NULL UNIQUE, lot_id BIGINT NOT NULL REFERENCES lot(id),"
	" product TEXT NOT NULL, verdict TEXT NOT NULL, status TEXT NOT NULL, signer TEXT, issued TEXT,"
	" sha256 TEXT NOT NULL, xml TEXT NOT NULL, imported TEXT NOT NULL);"
	"CREATE TABLE inspection (id @PK@, member_id BIGINT NOT NULL REFERENCES member(id),"
	" inspector_id BIGINT NOT NULL REFERENCES inspector(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('initial','surveillance','extraordinary')), date TEXT NOT NULL,"
	" findings TEXT NOT NULL, outcome TEXT NOT NULL CHECK (outcome IN ('pass','fail')),"
	" next_due TEXT NOT NULL, created TEXT NOT NULL);"
	"CREATE TABLE permit (id @PK@, member_id BIGINT NOT NULL REFERENCES member(id), products TEXT NOT NULL,"
	" plots TEXT NOT NULL, quantity_kg TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN"
	" ('applied','granted','suspended','withdrawn','expired')), valid_from TEXT, valid_until TEXT,"
	" document TEXT, reason TEXT, created TEXT NOT NULL, changed TEXT NOT NULL);"
	"CREATE TABLE violation (id @PK@, member_id BIGINT NOT NULL REFERENCES member(id), date TEXT NOT NULL,"
	" description TEXT NOT NULL, evidence TEXT NOT NULL, decision TEXT NOT NULL, level TEXT NOT NULL,"
	" created TEXT NOT NULL);";

/* Version 3: the serial ranges of stamps issued under permits, and the
 * entries appended to the transparency log. */
static const char migration_3[] =
	"CREATE TABLE stamp_issue (id @PK@, permit_id BIGINT NOT NULL REFERENCES permit(id),"
	" lot_id BIGINT NOT NULL REFERENCES lot(id), first_serial BIGINT NOT NULL UNIQUE,"
	" last_serial BIGINT NOT NULL UNIQUE, package_kg TEXT NOT NULL, domain TEXT NOT NULL, gtin TEXT,"
	" created TEXT NOT NULL, CHECK (last_serial >= first_serial));"
	"CREATE TABLE log_entry (idx BIGINT PRIMARY KEY, leaf_hash TEXT NOT NULL, kind TEXT NOT NULL,"
	" event_id BIGINT REFERENCES event(id), lot_id BIGINT REFERENCES lot(id), entry TEXT NOT NULL);"
	"CREATE INDEX log_entry_lot ON log_entry (lot_id);";

/* Version 4: data items of Circular 02/2024/TT-BKHCN a consumer sees - a
 * lot's shelf life and best-before date, and its photos (the bytes stay
 * with the caller; the registry keeps what identifies them). */
static const char migration_4[] =
	"ALTER TABLE lot ADD COLUMN shelf_life_months INTEGER;"
	"ALTER TABLE lot ADD COLUMN best_before TEXT;"
	"CREATE TABLE lot_photo (id @PK@, lot_id BIGINT NOT NULL REFERENCES lot(id), sha256 TEXT NOT NULL,"
	" media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg','image/png')), bytes BIGINT NOT NULL,"
	" caption TEXT NOT NULL, created TEXT NOT NULL, UNIQUE (lot_id, sha256));";

typedef struct {
	const char *common, *lite, *pg;
} migration;

static const migration migrations[GI_REGISTRY_SCHEMA_VERSION] = {
	{ migration_1, migration_1_lite, migration_1_pg },
	{ migration_2, NULL, NULL },
	{ migration_3, NULL, NULL },
	{ migration_4, NULL, NULL },
};

/* sql with @PK@ written for the database. New string (malloc). */
static char *dialect(const gi__db *db, const char *sql)
{
	const char *pk = gi__db_kind_of(db) == GI__DB_PG ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
	size_t n = strlen(sql) + 1, extra = strlen(pk);
	for (const char *p = sql; (p = strstr(p, "@PK@")); p += 4)
		n += extra;
	char *out = malloc(n), *w = out;
	if (!out)
		return NULL;
	for (const char *p = sql; *p;) {
		if (strncmp(p, "@PK@", 4) == 0) {
			memcpy(w, pk, extra);
			w += extra;
			p += 4;
		} else {
			*w++ = *p++;
		}
	}
	*w = '\0';
	return out;
}

static int run_sql(gi__db *db, const char *sql)
{
	if (!sql)
		return GI_OK;
	char *s = dialect(db, sql);
	if (!s)
		return gi__oom();
	int rc = gi__db_script(db, s);
	free(s);
	return rc;
}

static int read_version(gi__db *db, int *out)
{
	gi__dbrows r;
	int rc = gi__db_query(db, &r, "SELECT COALESCE(MAX(version), 0) FROM schema_version", 0, NULL);
	if (rc < 0)
		return rc;
	*out = r.n && GI__CELL(&r, 0, 0) ? atoi(GI__CELL(&r, 0, 0)) : 0;
	gi__dbrows_free(&r);
	return GI_OK;
}

/* Brings the schema to version target, one migration per transaction;
 * another process migrating at the same time waits for the writer lock
 * and then finds the work done. */
static int migrate(gi_registry *reg, int target)
{
	gi__db *db = reg->db;
	int rc, v;
	/* the usual case, read without the writer lock so that opening a
	 * registry does not queue behind writers: nothing to do */
	if (read_version(db, &v) == 0 && v >= target && v <= GI_REGISTRY_SCHEMA_VERSION) {
		reg->schema = v;
		return GI_OK;
	}
	gi_error_clear();   /* a new database has no schema_version table yet */
	for (;;) {
		if ((rc = gi__db_begin(db)) < 0)
			return rc;
		/* inside the writer lock: two processes creating one database
		 * at once take turns */
		if ((rc = gi__db_script(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
		                            " applied TEXT NOT NULL)")) < 0 ||
		    (rc = read_version(db, &v)) < 0)
			goto fail;
		if (v > GI_REGISTRY_SCHEMA_VERSION) {
			rc = gi__error(GI_EINVALID, NULL, 0,
			               N_("the registry's schema is version %d; this libgi knows up to version %d"), v,
			               GI_REGISTRY_SCHEMA_VERSION);
			goto fail;
		}
		if (v >= target) {
			reg->schema = v;
			return gi__db_commit(db);
		}
		const migration *m = &migrations[v];
		if ((rc = run_sql(db, m->common)) < 0 ||
		    (rc = run_sql(db, gi__db_kind_of(db) == GI__DB_PG ? m->pg : m->lite)) < 0)
			goto fail;
		char ver[16], today[11];
		snprintf(ver, sizeof ver, "%d", v + 1);
		gi__reg_today(reg, today);
		const char *p[] = { ver, today };
		if ((rc = gi__db_query(db, NULL, "INSERT INTO schema_version (version, applied) VALUES ($1, $2)", 2, p)) < 0 ||
		    (rc = gi__db_commit(db)) < 0)
			return rc;
	}
fail:
	gi__db_rollback(db);
	return rc;
}

/* A registry holds one GI: the spec id is written when it is created and
 * must match afterwards. */
static int bind_gi(gi_registry *reg)
{
	const char *id = gi_spec_get_info(reg->spec)->id;
	gi__dbrows r;
	const char *p[] = { "gi", id };
	/* read first, without the writer lock; written once, at creation */
	int rc = gi__db_query(reg->db, &r, "SELECT value FROM registry_info WHERE key = $1", 1, p);
	if (rc < 0)
		return rc;
	if (r.n) {
		if (strcmp(GI__CELL(&r, 0, 0), id) != 0)
			rc = gi__error(GI_EINVALID, NULL, 0, N_("this registry holds the GI '%s', not '%s'"), GI__CELL(&r, 0, 0), id);
		gi__dbrows_free(&r);
		return rc;
	}
	gi__dbrows_free(&r);
	if ((rc = gi__db_begin(reg->db)) < 0)
		return rc;
	rc = gi__db_query(reg->db, &r, "SELECT value FROM registry_info WHERE key = $1", 1, p);
	if (rc == 0 && r.n == 0)
		rc = gi__db_query(reg->db, NULL, "INSERT INTO registry_info (key, value) VALUES ($1, $2)", 2, p);
	else if (rc == 0 && strcmp(GI__CELL(&r, 0, 0), id) != 0)
		rc = gi__error(GI_EINVALID, NULL, 0, N_("this registry holds the GI '%s', not '%s'"), GI__CELL(&r, 0, 0), id);
	gi__dbrows_free(&r);
	if (rc < 0) {
		gi__db_rollback(reg->db);
		return rc;
	}
	return gi__db_commit(reg->db);
}

/* ---- banned substances ---- */

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int banned_add(gi_registry *reg, const char *name, const char *status, const char *since, const char *source)
{
	size_t n = reg->n_banned + 1;
	char **a = realloc(reg->banned_name, n * sizeof *a);
	if (a)
		reg->banned_name = a;
	char **b = a ? realloc(reg->banned_status, n * sizeof *b) : NULL;
	if (b)
		reg->banned_status = b;
	char **c = b ? realloc(reg->banned_since, n * sizeof *c) : NULL;
	if (c)
		reg->banned_since = c;
	char **d = c ? realloc(reg->banned_source, n * sizeof *d) : NULL;
	if (d)
		reg->banned_source = d;
	if (!d)
		return gi__oom();
	a[n - 1] = strdup(name);
	b[n - 1] = strdup(status);
	c[n - 1] = strdup(since);
	d[n - 1] = strdup(source);
	reg->n_banned = n;
	if (!a[n - 1] || !b[n - 1] || !c[n - 1] || !d[n - 1])
		return gi__oom();
	lower_ascii(a[n - 1]);
	return GI_OK;
}

/* The list as data/README.md describes it: one row per active ingredient
 * (alternative names separated by ';'), status banned or withdrawn, the
 * date use ended for a withdrawn one, and the regulation. */
static int load_banned(gi_registry *reg, const char *path)
{
	gi__input in = { 0 };
	in.file = fopen(path, "rb");
	if (!in.file)
		return gi__error(GI_EIO, path, 0, N_("cannot open: %s"), strerror(errno));
	in.sha = gi__sha256_new();
	gi__csv c;
	gi__csv_init(&c, &in, path);
	int rc = in.sha ? gi__csv_header(&c) : gi__oom();
	int col[5] = { -1, -1, -1, -1, -1 };
	static const char *const names[5] = { "active_ingredient", "group", "status", "since", "source" };
	for (size_t i = 0; rc == 0 && i < c.nf; i++)
		for (int k = 0; k < 5; k++)
			if (gi__ascii_casecmp(gi__csv_field(&c, (int)i), names[k]) == 0)
				col[k] = (int)i;
	if (rc == 0 && (col[0] < 0 || col[2] < 0 || col[4] < 0))
		rc = gi__error(GI_EINVALID, path, c.rec_line, N_("the header needs the columns active_ingredient, status and source"));
	while (rc == 0 && (rc = gi__csv_read(&c)) == 1) {
		rc = 0;
		const char *status = gi__csv_field(&c, col[2]), *since = col[3] >= 0 ? gi__csv_field(&c, col[3]) : "";
		if (strcmp(status, "banned") != 0 && strcmp(status, "withdrawn") != 0) {
			rc = gi__error(GI_EINVALID, path, c.rec_line, N_("status '%.40s' is neither banned nor withdrawn"), status);
			break;
		}
		if (strcmp(status, "withdrawn") == 0 && !gi__date_valid(since)) {
			rc = gi__error(GI_EINVALID, path, c.rec_line, N_("a withdrawn substance needs the date its use ended (since)"));
			break;
		}
		char names_buf[512];
		snprintf(names_buf, sizeof names_buf, "%s", gi__csv_field(&c, col[0]));
		for (char *save = NULL, *tok = strtok_r(names_buf, ";", &save); tok && rc == 0;
		     tok = strtok_r(NULL, ";", &save)) {
			while (*tok == ' ')
				tok++;
			size_t len = strlen(tok);
			while (len && tok[len - 1] == ' ')
				tok[--len] = '\0';
			if (*tok)
				rc = banned_add(reg, tok, status, since, gi__csv_field(&c, col[4]));
		}
	}
	gi__csv_free(&c);
	fclose(in.file);
	gi__sha256_free(in.sha);
	return rc < 0 ? rc : GI_OK;
}

/* ---- opening ---- */

int gi_registry_open(gi_registry **out, const char *url, const gi_registry_options *o)
{
	if (!out)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_registry_open: out is NULL");
	*out = NULL;
	if (!url || !o || !o->spec)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_registry_open: a database and a spec are required");
	if (o->version < 1 || o->version > GI_REGISTRY_OPTIONS_VERSION)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_registry_open: unknown options version %d", o->version);
	if (o->schema_version < 0 || o->schema_version > GI_REGISTRY_SCHEMA_VERSION || o->months_pass < 0 ||
	    o->months_fail < 0 || o->repeat_months < 0 || o->now < 0)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_registry_open: an option is out of range");
	gi_registry *reg = calloc(1, sizeof *reg);
	if (!reg)
		return gi__oom();
	reg->spec = o->spec;
	reg->trust = o->trust;
	reg->signer = o->signer;
	reg->actor = strdup(o->actor && *o->actor ? o->actor : "unknown");
	reg->months_pass = o->months_pass ? o->months_pass : 12;
	reg->months_fail = o->months_fail ? o->months_fail : 6;
	reg->repeat_months = o->repeat_months ? o->repeat_months : 24;
	reg->now = o->now;
	int rc = reg->actor ? GI_OK : gi__oom();
	if (rc == 0 && o->banned_file)
		rc = load_banned(reg, o->banned_file);
	if (rc == 0)
		rc = gi__db_open(&reg->db, url);
	if (rc == 0)
		rc = migrate(reg, o->schema_version ? o->schema_version : GI_REGISTRY_SCHEMA_VERSION);
	if (rc == 0)
		rc = bind_gi(reg);
	if (rc == 0 && o->version >= 2 && o->log_dir) {
		gi_log_options lo = GI_LOG_OPTIONS_INIT;
		lo.signer_key = o->log_key;
		rc = o->log_key ? gi_log_open(&reg->log, o->log_dir, &lo)
		                : gi__error(GI_EUSAGE, NULL, 0, "gi_registry_open: a log needs its signer key");
	}
	if (rc < 0) {
		gi_registry_free(reg);
		return rc;
	}
	*out = reg;
	return GI_OK;
}

void gi_registry_free(gi_registry *reg)
{
	if (!reg)
		return;
	gi__db_close(reg->db);
	gi_log_free(reg->log);
	for (size_t i = 0; i < reg->n_banned; i++) {
		free(reg->banned_name[i]);
		free(reg->banned_status[i]);
		free(reg->banned_since[i]);
		free(reg->banned_source[i]);
	}
	free(reg->banned_name);
	free(reg->banned_status);
	free(reg->banned_since);
	free(reg->banned_source);
	free(reg->actor);
	free(reg);
}

int gi_registry_schema_version(const gi_registry *reg)
{
	return reg ? reg->schema : 0;
}

/* ---- time and events ---- */

long long gi__reg_now(const gi_registry *reg)
{
	return reg->now ? reg->now : (long long)time(NULL);
}

void gi__reg_today(const gi_registry *reg, char out[11])
{
	time_t t = (time_t)gi__reg_now(reg);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static char *dump(json_t *j)
{
	return j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) : NULL;
}

int gi__reg_event(gi_registry *reg, const char *action, const char *entity, const char *entity_id, json_t *before,
                  json_t *after)
{
	char at[32];
	time_t t = (time_t)gi__reg_now(reg);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *b = dump(before), *a = dump(after);
	if ((before && !b) || (after && !a)) {
		free(b);
		free(a);
		return gi__oom();
	}
	const char *p[] = { at, reg->actor, action, entity, entity_id, b, a };
	gi__dbrows r = { 0 };
	int rc = gi__db_query(reg->db, reg->log ? &r : NULL,
	                      "INSERT INTO event (at, actor, action, entity, entity_id, state_before, state_after)"
	                      " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", 7, p);
	if (rc == 0 && reg->log) {
		/* the event as the log holds it: one JSON object, keys sorted */
		json_t *e = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:O?, s:O?}", "id",
		                      (json_int_t)atoll(GI__CELL(&r, 0, 0)), "at", at, "actor", reg->actor, "action", action,
		                      "entity", entity, "entity_id", entity_id, "before", before, "after", after);
		char *text = dump(e), lot[24] = "";
		json_decref(e);
		json_t *l = after ? json_object_get(after, "lot_id") : NULL;
		if (json_is_integer(l))
			snprintf(lot, sizeof lot, "%lld", (long long)json_integer_value(l));
		else if (strcmp(entity, "lot") == 0 && entity_id)
			snprintf(lot, sizeof lot, "%s", entity_id);
		rc = text ? gi__reg_log_append(reg, "event", GI__CELL(&r, 0, 0), lot[0] ? lot : NULL, text, strlen(text))
		          : gi__oom();
		free(text);
	}
	gi__dbrows_free(&r);
	free(b);
	free(a);
	return rc;
}

/* Columns holding numbers written as text, and JSON documents. */
static int numeric_column(const char *c)
{
	static const char *const names[] = { "altitude", "area_ha", "latitude", "longitude", "quantity_kg", "phi_days",
	                                     "package_kg", "first_serial", "last_serial", "shelf_life_months",
	                                     "bytes" };
	for (size_t i = 0; i < GI_ARRAY_SIZE(names); i++)
		if (strcmp(c, names[i]) == 0)
			return 1;
	return 0;
}

static int id_column(const char *c)
{
	size_t n = strlen(c);
	return strcmp(c, "id") == 0 || (n > 3 && strcmp(c + n - 3, "_id") == 0 && strcmp(c, "tax_id") != 0 &&
	                                 strcmp(c, "record_id") != 0);
}

json_t *gi__reg_row(gi_registry *reg, const char *table, const char *id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id = $1", table);
	gi__dbrows r;
	const char *p[] = { id };
	if (gi__db_query(reg->db, &r, sql, 1, p) < 0 || r.n == 0) {
		gi__dbrows_free(&r);
		return NULL;
	}
	json_t *o = gi__reg_rows_object(&r, 0, r.name);
	gi__dbrows_free(&r);
	return o;
}

json_t *gi__reg_rows_object(const gi__dbrows *r, size_t i, char *const *names)
{
	json_t *o = json_object();
	for (size_t j = 0; o && j < r->cols; j++) {
		const char *c = names[j], *v = GI__CELL(r, i, j);
		json_t *val;
		double d;
		if (!v)
			val = json_null();
		else if (id_column(c))
			val = json_integer(atoll(v));
		else if (numeric_column(c) && v[strspn(v, "-0123456789")] == '\0' && strlen(v) < 16)
			val = json_integer(atoll(v));
		else if (numeric_column(c) && gi__number_scan(&d, NULL, v, strlen(v)) == 0)
			val = json_real(d);
		else if ((strcmp(c, "areas") == 0 || strcmp(c, "products") == 0 || strcmp(c, "plots") == 0) && v[0] == '[')
			val = json_loads(v, 0, NULL);
		else
			val = json_string(v);
		json_object_set_new(o, c, val ? val : json_null());
	}
	return o;
}

/* ---- lot codes ---- */

/* ISO/IEC 7064:2003 MOD 11-2 (the check character of ORCID and ISNI
 * identifiers): p = 2 (p + d) mod 11 over the digits, check = (12 - p)
 * mod 11, 10 written X. */
static char mod11_2(const char *s, size_t n)
{
	unsigned p = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			p = ((p + (unsigned)(s[i] - '0')) * 2) % 11;
	unsigned c = (12 - p) % 11;
	return c == 10 ? 'X' : (char)('0' + c);
}

char gi__lot_check_char(const char *base)
{
	return mod11_2(base, strlen(base));
}

int gi__lot_code_matches(const char *registered, const char *cited)
{
	if (!registered || !cited)
		return 0;
	size_t n = strlen(registered);
	return strcmp(registered, cited) == 0 ||
	       (n > 2 && registered[n - 2] == '-' && strlen(cited) == n - 2 && strncmp(registered, cited, n - 2) == 0);
}

int gi_registry_lot_code_check(const char *code)
{
	if (!code)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_registry_lot_code_check: code is NULL");
	size_t n = strlen(code);
	/* groups: [A-Z0-9]+ joined by '-'; the last three are YYYY, NNNN+, C */
	const char *groups[16];
	size_t lens[16], g = 0;
	const char *start = code;
	for (const char *p = code;; p++) {
		if (*p == '-' || *p == '\0') {
			if (p == start || g == 16)
				return gi__error(GI_EPARSE, NULL, 0, N_("lot code '%.60s': empty or too many groups"), code);
			groups[g] = start;
			lens[g++] = (size_t)(p - start);
			if (!*p)
				break;
			start = p + 1;
		} else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) {
			return gi__error(GI_EPARSE, NULL, 0,
			                 N_("lot code '%.60s': only capital letters, digits and '-' are allowed"), code);
		}
	}
	if (g < 4)
		return gi__error(GI_EPARSE, NULL, 0, N_("lot code '%.60s' is not PREFIX-YYYY-SERIAL-C"), code);
	const char *year = groups[g - 3], *serial = groups[g - 2], *check = groups[g - 1];
	int digits = lens[g - 3] == 4 && lens[g - 2] >= 4;
	for (size_t i = 0; digits && i < lens[g - 3]; i++)
		digits = year[i] >= '0' && year[i] <= '9';
	for (size_t i = 0; digits && i < lens[g - 2]; i++)
		digits = serial[i] >= '0' && serial[i] <= '9';
	if (!digits || lens[g - 1] != 1)
		return gi__error(GI_EPARSE, NULL, 0,
		                 N_("lot code '%.60s' is not PREFIX-YYYY-SERIAL-C (a four-digit year, a serial of four or"
		                 " more digits, one check character)"), code);
	char want = mod11_2(code, n - 2);
	if (check[0] != want)
		return gi__error(GI_EPARSE, NULL, 0, N_("lot code '%.60s': the check character is %c, not %c (mistyped?)"),
		                 code, want, check[0]);
	return GI_OK;
}

/* ---- calls ---- */

int gi_registry_call(gi_registry *reg, char **out, const char *action, const char *args)
{
	if (out)
		*out = NULL;
	if (!reg || !out || !action)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_registry_call: NULL argument");
	int writes = 0;
	gi__reg_action fn = gi__reg_find_action(action, &writes);
	if (!fn)
		return gi__error(GI_EUSAGE, NULL, 0, N_("unknown registry action '%.60s'"), action);
	if (reg->schema < GI_REGISTRY_SCHEMA_VERSION && strncmp(action, "member.", 7) != 0 &&
	    strncmp(action, "plot.", 5) != 0 && strcmp(action, "event.list") != 0)
		return gi__error(GI_EUSAGE, NULL, 0, N_("'%s' needs schema version %d; the registry was opened at %d"), action,
		                 GI_REGISTRY_SCHEMA_VERSION, reg->schema);
	json_error_t jerr;
	json_t *a = args && *args ? json_loads(args, 0, &jerr) : json_object();
	if (!a || !json_is_object(a)) {
		int rc = a ? gi__error(GI_EPARSE, NULL, 0, N_("%s: the arguments are not a JSON object"), action)
		           : gi__error(GI_EPARSE, NULL, 0, N_("%s: the arguments are not JSON: %s"), action, jerr.text);
		json_decref(a);
		return rc;
	}
	json_t *res = NULL;
	int rc = writes ? gi__db_begin(reg->db) : GI_OK;
	if (rc == 0) {
		rc = fn(reg, a, &res);
		/* the log first: the database never names an entry the log lacks */
		if (writes && rc == 0)
			rc = gi__reg_log_commit(reg);
		if (writes)
			rc = rc == 0 ? gi__db_commit(reg->db) : (gi__db_rollback(reg->db), gi__reg_log_discard(reg), rc);
	}
	json_decref(a);
	if (rc == 0) {
		*out = res ? json_dumps(res, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) : NULL;
		if (!*out)
			rc = gi__oom();
	}
	json_decref(res);
	return rc;
}
