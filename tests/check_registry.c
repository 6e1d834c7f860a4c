/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_registry.c - the council's registry on a real database: SQLite
 * files, or, with $GI_TEST_PG_URL set (tests/registry-pg.sh starts a
 * throwaway PostgreSQL cluster), the same tests on PostgreSQL. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <jansson.h>
#include <sqlite3.h>
#include "helpers.h"
#include "suites.h"
#include "registry_internal.h"

#define P(name) t_pki(name)

static char dir[512], url[600];
static gi_spec *spec;

/* A registry database of its own for each test: a new SQLite file, or the
 * PostgreSQL database emptied. */
static void setup(void)
{
	spec = t_spec("specs/lai-chau-tea.xml");
	const char *pg = getenv("GI_TEST_PG_URL");
	if (pg && *pg) {
		gi__db *db;
		ck_assert_msg(gi__db_open(&db, pg) == 0, "%s", gi_error_last()->message);
		ck_assert_int_eq(gi__db_script(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"), 0);
		gi__db_close(db);
		snprintf(url, sizeof url, "%s", pg);
		dir[0] = '\0';
		return;
	}
	snprintf(dir, sizeof dir, "%s/gi-registry-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(url, sizeof url, "%s/council.db", dir);
}

static void teardown(void)
{
	gi_spec_free(spec);
	spec = NULL;
	if (dir[0]) {
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		ck_assert_int_eq(system(cmd), 0);
	}
}

static int is_pg(void)
{
	return getenv("GI_TEST_PG_URL") && *getenv("GI_TEST_PG_URL");
}

typedef struct {
	gi_registry *reg;
	gi_trust *trust;
	gi_signer *signer;
} council;

/* The council: the test PKI's root as trust anchor, and a key of the
 * PKI signing permits. now: 2026-06-15 12:00 UTC unless given. */
static void open_council(council *c, long long now, int schema)
{
	memset(c, 0, sizeof *c);
	ck_assert_int_eq(gi_trust_load(&c->trust, P("trust.pem"), NULL), 0);
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P("lab-rsa.key");
	so.cert_file = P("lab-rsa-chain.pem");
	ck_assert_msg(gi_signer_load(&c->signer, &so) == 0, "%s", gi_error_last()->message);
	gi_registry_options o = GI_REGISTRY_OPTIONS_INIT;
	o.spec = spec;
	o.actor = "qc-officer";
	o.trust = c->trust;
	o.signer = c->signer;
	o.banned_file = t_src("specs/data/vn-banned-pesticides.csv");
	o.now = now ? now : 1781524800LL;   /* 2026-06-15T12:00:00Z */
	o.schema_version = schema;
	ck_assert_msg(gi_registry_open(&c->reg, url, &o) == 0, "%s", gi_error_last()->message);
}

static void close_council(council *c)
{
	gi_registry_free(c->reg);
	gi_signer_free(c->signer);
	gi_trust_free(c->trust);
}

/* Runs an action that must succeed; returns its result (json_decref). */
static json_t *ok(council *c, const char *action, const char *args)
{
	char *out = NULL;
	int rc = gi_registry_call(c->reg, &out, action, args);
	ck_assert_msg(rc == 0, "%s %s: %s", action, args, gi_error_last()->message);
	json_t *j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	gi_free(out);
	return j;
}

static long long count(council *c, const char *sql)
{
	char *out = NULL;
	(void)c;
	gi__db *db;
	ck_assert_int_eq(gi__db_open(&db, url), 0);
	gi__dbrows r;
	ck_assert_msg(gi__db_query(db, &r, sql, 0, NULL) == 0, "%s", gi_error_last()->message);
	long long n = atoll(GI__CELL(&r, 0, 0));
	gi__dbrows_free(&r);
	gi__db_close(db);
	free(out);
	return n;
}

/* An action that must be refused with code and a message containing
 * want, changing nothing: no event is added. */
static void refused(council *c, int code, const char *want, const char *action, const char *args)
{
	long long before = count(c, "SELECT COUNT(*) FROM event");
	char *out = (char *)"unset";
	int rc = gi_registry_call(c->reg, &out, action, args);
	ck_assert_msg(rc == code, "%s %s: expected %d, got %d (%s)", action, args, code, rc, gi_error_last()->message);
	ck_assert_ptr_null(out);
	ck_assert_msg(strstr(gi_error_last()->message, want), "%s: '%s' lacks '%s'", action, gi_error_last()->message,
	              want);
	ck_assert_int_eq(count(c, "SELECT COUNT(*) FROM event"), before);
}

/* ---- signed records of the shipped example ---- */

typedef struct {
	gi_signer *signer;
	gi_record_info info;
	char *xml[8];
	size_t n;
} signing;

static int sign_each(const gi_sample_result *r, void *payload)
{
	signing *s = payload;
	size_t len;
	char id[GI_RECORD_ID_SIZE];
	if (s->n < 8)
		ck_assert_int_eq(gi_record_sign(&s->xml[s->n++], &len, id, s->signer, r, &s->info), 0);
	return 0;
}

/* Every sample of examples/lai-chau-2026.xml signed with key/chain, in
 * report order (LC-GT-2026-0001 first; it passes). */
static void example_records(signing *s, const char *key, const char *chain)
{
	memset(s, 0, sizeof *s);
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P(key);
	so.cert_file = P(chain);
	ck_assert_int_eq(gi_signer_load(&s->signer, &so), 0);
	const char *rep = t_src("examples/lai-chau-2026.xml");
	gi_report *r;
	char sha[65];
	ck_assert_int_eq(gi_report_open_file(&r, rep, NULL), 0);
	ck_assert_int_eq(gi_sha256_file(sha, rep), 0);
	s->info = (gi_record_info)GI_RECORD_INFO_INIT;
	s->info.spec = spec;
	s->info.report_name = "examples/lai-chau-2026.xml";
	s->info.report_sha256 = sha;
	s->info.lab = gi_report_lab(r);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = sign_each;
	o.payload = s;
	ck_assert_int_ge(gi_verify(NULL, spec, r, &o), 0);
	gi_report_free(r);
	gi_signer_free(s->signer);
	s->signer = NULL;
}

static void free_records(signing *s)
{
	for (size_t i = 0; i < s->n; i++)
		gi_free(s->xml[i]);
}

static char *import_args(const char *xml)
{
	json_t *a = json_pack("{s:s}", "xml", xml);
	char *t = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return t;
}

/* A member with a plot in Tam Đường at 1450 m (the Shan tea area), and
 * lot LC-GT-2026-0001-3 from it, harvested 2026-04-08. */
static void member_plot_lot(council *c)
{
	json_decref(ok(c, "member.add", "{\"kind\":\"household\",\"name\":\"Lò Văn A\",\"tax_id\":\"0101234567\"}"));
	json_decref(ok(c, "plot.add", "{\"member\":1,\"unit\":\"Tam Đường\",\"altitude\":\"1450\",\"area_ha\":\"0,8\","
	                              "\"latitude\":22.35,\"longitude\":103.6}"));
	json_decref(ok(c, "lot.add", "{\"code\":\"LC-GT-2026-0001-3\",\"product\":\"green-tea\",\"plot\":1,"
	                             "\"harvested\":\"2026-04-08\",\"quantity_kg\":250}"));
}

/* ---- storage ---- */

/* A database made at schema version 1 is upgraded in place to the
 * newest version, keeping what it held, when opened again. */
START_TEST(migrates_an_older_database)
{
	council c;
	open_council(&c, 0, 1);
	ck_assert_int_eq(gi_registry_schema_version(c.reg), 1);
	json_decref(ok(&c, "member.add", "{\"kind\":\"cooperative\",\"name\":\"HTX Chè\",\"tax_id\":\"6200123456\"}"));
	char *out = NULL;
	ck_assert_int_eq(gi_registry_call(c.reg, &out, "inspector.add", "{\"name\":\"X\"}"), GI_EUSAGE);
	close_council(&c);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM schema_version"), 1);
	open_council(&c, 0, 0);
	ck_assert_int_eq(gi_registry_schema_version(c.reg), GI_REGISTRY_SCHEMA_VERSION);
	ck_assert_int_eq(count(&c, "SELECT MAX(version) FROM schema_version"), GI_REGISTRY_SCHEMA_VERSION);
	json_t *m = ok(&c, "member.show", "{\"member\":1}");
	ck_assert_str_eq(json_string_value(json_object_get(m, "tax_id")), "6200123456");
	json_decref(m);
	json_decref(ok(&c, "inspector.add", "{\"name\":\"X\"}"));
	close_council(&c);
	/* opening with another GI's spec is refused */
	gi_spec *other = t_spec("specs/luc-ngan-orange.xml");
	gi_registry_options o = GI_REGISTRY_OPTIONS_INIT;
	o.spec = other;
	gi_registry *reg = NULL;
	ck_assert_int_eq(gi_registry_open(&reg, url, &o), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "vn-gi-00146-lai-chau-tea"));
	gi_spec_free(other);
}
END_TEST

/* Every change is one event row, with before and after; the database
 * itself refuses to update or delete an event. */
START_TEST(events_are_append_only)
{
	council c;
	open_council(&c, 0, 0);
	json_decref(ok(&c, "inspector.add", "{\"name\":\"Nguyễn Thị B\"}"));
	json_decref(ok(&c, "inspector.approve", "{\"inspector\":1,\"decision\":\"QĐ 12/QĐ-HĐQL\"}"));
	json_t *ev = ok(&c, "event.list", "{}");
	json_t *list = json_object_get(ev, "events");
	ck_assert_int_eq(json_array_size(list), 2);
	json_t *e = json_array_get(list, 1);
	ck_assert_str_eq(json_string_value(json_object_get(e, "action")), "inspector.approve");
	ck_assert_str_eq(json_string_value(json_object_get(e, "actor")), "qc-officer");
	ck_assert(json_is_null(json_object_get(json_object_get(e, "before"), "approved")));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(e, "after"), "decision")), "QĐ 12/QĐ-HĐQL");
	json_decref(ev);
	gi__db *db;
	ck_assert_int_eq(gi__db_open(&db, url), 0);
	ck_assert_int_lt(gi__db_script(db, "UPDATE event SET actor = 'someone else'"), 0);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "append-only"));
	ck_assert_int_lt(gi__db_script(db, "DELETE FROM event"), 0);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "append-only"));
	gi__db_close(db);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM event WHERE actor = 'qc-officer'"), 2);
	close_council(&c);
}
END_TEST

/* ---- members, plots, lots ---- */

START_TEST(members_and_plots)
{
	council c;
	open_council(&c, 0, 0);
	refused(&c, GI_EINVALID, "tax_id", "member.add", "{\"kind\":\"household\",\"name\":\"A\",\"tax_id\":\"12345\"}");
	refused(&c, GI_EINVALID, "kind 'farm'", "member.add", "{\"kind\":\"farm\",\"name\":\"A\",\"tax_id\":\"0101234567\"}");
	json_decref(ok(&c, "member.add", "{\"kind\":\"household\",\"name\":\"Lò Văn A\",\"tax_id\":\"0101234567\"}"));
	refused(&c, GI_EINVALID, "already registered", "member.add",
	        "{\"kind\":\"company\",\"name\":\"B\",\"tax_id\":\"0101234567\"}");
	const char *plot = "{\"member\":%s,\"unit\":\"%s\",%s\"altitude\":%s,\"area_ha\":1,\"latitude\":22.3,"
	                   "\"longitude\":103.5}";
	char a[400];
	snprintf(a, sizeof a, plot, "2", "Tam Đường", "", "1450");
	refused(&c, GI_EINVALID, "member 2 is not registered", "plot.add", a);
	/* Mường Tè district is outside the registered area (decision 559/QĐ-SHTT) */
	snprintf(a, sizeof a, plot, "1", "Mường Tè", "", "1450");
	refused(&c, GI_EINVALID, "outside every area", "plot.add", a);
	/* 700 m is below both altitude bands (1,200-2,500 m; 900-1,300 m) */
	snprintf(a, sizeof a, plot, "1", "Tam Đường", "", "700");
	refused(&c, GI_EINVALID, "altitude 700 m is outside 900–1300 m", "plot.add", a);
	/* Pa Tần (2025) was formed from Sìn Hồ's Pa Tần and Nậm Nhùn communes:
	 * only the former commune decides */
	snprintf(a, sizeof a, plot, "1", "Pa Tần", "", "1450");
	refused(&c, GI_EINVALID, "former_unit", "plot.add", a);
	snprintf(a, sizeof a, plot, "1", "Pa Tần", "\"former_unit\":\"Trung Chải\",", "1450");
	refused(&c, GI_EINVALID, "outside every area", "plot.add", a);
	snprintf(a, sizeof a, plot, "1", "Pa Tần", "\"former_unit\":\"Pa Tần\",", "1450");
	json_t *p = ok(&c, "plot.add", a);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(p, "areas"), 0)), "shan");
	json_decref(p);
	/* 1,250 m lies in both bands */
	snprintf(a, sizeof a, plot, "1", "Tam Đường", "", "\"1250\"");
	p = ok(&c, "plot.add", a);
	ck_assert_int_eq(json_array_size(json_object_get(p, "areas")), 2);
	json_decref(p);
	close_council(&c);
}
END_TEST

/* ISO/IEC 7064 MOD 11-2, checked against ORCID's published examples
 * (ORCID, "Structure of the ORCID Identifier": 0000-0002-1825-0097 and
 * 0000-0002-1694-233X): a code with those digits takes their check
 * characters. */
START_TEST(lot_codes)
{
	ck_assert_int_eq(gi_registry_lot_code_check("LC-0000-00021825009-7"), 0);
	ck_assert_int_eq(gi_registry_lot_code_check("LC-0000-00021694233-X"), 0);
	ck_assert_int_eq(gi_registry_lot_code_check("LC-0000-00021825009-8"), GI_EPARSE);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "check character is 7"));
	ck_assert_int_eq(gi_registry_lot_code_check("LC-GT-2026-0001"), GI_EPARSE);
	ck_assert_int_eq(gi_registry_lot_code_check("lc-GT-2026-0001-3"), GI_EPARSE);
	ck_assert_int_eq(gi_registry_lot_code_check("LC-GT-2026-0001-3"), 0);
	/* a transposition of adjacent digits changes the check character */
	ck_assert_int_eq(gi_registry_lot_code_check("LC-GT-2026-0010-3"), GI_EPARSE);

	council c;
	open_council(&c, 0, 0);
	member_plot_lot(&c);
	refused(&c, GI_EINVALID, "already issued", "lot.add",
	        "{\"code\":\"LC-GT-2026-0001-3\",\"product\":\"green-tea\",\"plot\":1,\"harvested\":\"2026-04-09\","
	        "\"quantity_kg\":10}");
	refused(&c, GI_EINVALID, "check character", "lot.add",
	        "{\"code\":\"LC-GT-2026-0002-3\",\"product\":\"green-tea\",\"plot\":1,\"harvested\":\"2026-04-09\","
	        "\"quantity_kg\":10}");
	refused(&c, GI_EINVALID, "plot 7 is not registered", "lot.add",
	        "{\"product\":\"green-tea\",\"plot\":7,\"harvested\":\"2026-04-09\",\"quantity_kg\":10}");
	/* issued codes follow the format and count up */
	json_t *l = ok(&c, "lot.add", "{\"product\":\"green-tea\",\"plot\":1,\"harvested\":\"2026-04-09\",\"quantity_kg\":10}");
	const char *code = json_string_value(json_object_get(l, "code"));
	ck_assert_int_eq(strncmp(code, "LC-GT-2026-0002-", 16), 0);
	ck_assert_int_eq(gi_registry_lot_code_check(code), 0);
	json_decref(l);
	close_council(&c);
}
END_TEST

/* The one rule by which a record's cited lot names a registered lot (the
 * registry's record.import and the stamp's search of the log both use
 * it): the code itself, or the code without its "-C" check character;
 * nothing else (another check character, another lot, a prefix, a code
 * with more after it). */
START_TEST(lot_code_matching)
{
	ck_assert(gi__lot_code_matches("LC-GT-2026-0001-3", "LC-GT-2026-0001-3"));
	ck_assert(gi__lot_code_matches("LC-GT-2026-0001-3", "LC-GT-2026-0001"));
	ck_assert(!gi__lot_code_matches("LC-GT-2026-0001-3", "LC-GT-2026-0001-4"));
	ck_assert(!gi__lot_code_matches("LC-GT-2026-0001-3", "LC-GT-2026-0002"));
	ck_assert(!gi__lot_code_matches("LC-GT-2026-0001-3", "LC-GT-2026-000"));
	ck_assert(!gi__lot_code_matches("LC-GT-2026-0001-3", "LC-GT-2026-0001-"));
	ck_assert(!gi__lot_code_matches("LC-GT-2026-0001-3", "LC-GT-2026-0001-3-1"));
	ck_assert(!gi__lot_code_matches("LC-GT-2026-0001-3", "lc-gt-2026-0001-3"));
	ck_assert(!gi__lot_code_matches("LC-GT-2026-0001-3", ""));
	ck_assert(!gi__lot_code_matches("LC-GT-2026-0001-3", NULL));
	/* a code with no check character matches only itself */
	ck_assert(gi__lot_code_matches("LOT42", "LOT42"));
	ck_assert(!gi__lot_code_matches("LOT42", "LOT"));
}
END_TEST

/* ---- e-logbook ---- */

START_TEST(logbook_checks)
{
	council c;
	open_council(&c, 0, 0);
	member_plot_lot(&c);
	const char *e = "{\"plot\":1,\"date\":\"%s\",\"activity\":\"pesticide\",\"substance\":\"%s\",\"dose\":\"1 l/ha\","
	                "\"operator\":\"Lò Văn A\",\"phi_days\":%s}";
	char a[400];
	/* Endosulfan: Appendix II of Circular 10/2020/TT-BNNPTNT */
	snprintf(a, sizeof a, e, "2026-03-01", "Endosulfan 35EC", "7");
	refused(&c, GI_EINVALID, "banned in Viet Nam: Appendix II (TT 10/2020/TT-BNNPTNT)", "logbook.add", a);
	/* Fipronil: use allowed until 12 Feb 2021 (the same circular) */
	snprintf(a, sizeof a, e, "2026-03-01", "Regent (fipronil)", "7");
	refused(&c, GI_EINVALID, "2021-02-12", "logbook.add", a);
	/* applied 2026-04-01 with 14 days: earliest harvest 2026-04-15, after
	 * the lot's 2026-04-08 */
	snprintf(a, sizeof a, e, "2026-04-01", "Emamectin benzoate", "14");
	refused(&c, GI_EINVALID, "earliest harvest is 2026-04-15", "logbook.add", a);
	snprintf(a, sizeof a, e, "2026-03-01", "Emamectin benzoate", "null");
	refused(&c, GI_EINVALID, "phi_days is required", "logbook.add", a);
	refused(&c, GI_EINVALID, "operator is required", "logbook.add",
	        "{\"plot\":1,\"date\":\"2026-03-02\",\"activity\":\"fertiliser\",\"substance\":\"NPK\",\"dose\":\"1 kg\"}");
	refused(&c, GI_EINVALID, "activity 'spraying'", "logbook.add",
	        "{\"plot\":1,\"date\":\"2026-03-02\",\"activity\":\"spraying\",\"substance\":\"x\",\"dose\":\"1\","
	        "\"operator\":\"A\"}");
	snprintf(a, sizeof a, e, "2026-03-01", "Emamectin benzoate", "14");
	json_decref(ok(&c, "logbook.add", a));
	json_decref(ok(&c, "logbook.add", "{\"lot\":\"LC-GT-2026-0001-3\",\"date\":\"2026-04-08\",\"activity\":\"harvest\","
	                                  "\"substance\":\"none\",\"dose\":\"-\",\"operator\":\"Lò Thị C\"}"));
	/* and the other way: a lot harvested inside the interval is refused */
	refused(&c, GI_EINVALID, "earliest harvest is 2026-03-15", "lot.add",
	        "{\"product\":\"green-tea\",\"plot\":1,\"harvested\":\"2026-03-10\",\"quantity_kg\":10}");
	json_t *l = ok(&c, "lot.show", "{\"lot\":\"LC-GT-2026-0001-3\"}");
	ck_assert_int_eq(json_array_size(json_object_get(l, "logbook")), 1);
	json_decref(l);
	close_council(&c);
}
END_TEST

/* ---- records ---- */

START_TEST(record_import)
{
	council c;
	open_council(&c, 0, 0);
	member_plot_lot(&c);
	signing good, forged;
	example_records(&good, "lab-rsa.key", "lab-rsa-chain.pem");
	example_records(&forged, "attacker-lab.key", "attacker-lab-chain.pem");
	char *a = import_args(forged.xml[0]);
	refused(&c, GI_EINVALID, "does not verify (untrusted)", "record.import", a);
	free(a);
	/* one changed digit */
	char *tampered = strdup(good.xml[0]);
	char *at = strstr(tampered, "LC-GT-2026-0001");
	at[14] = '2';
	a = import_args(tampered);
	refused(&c, GI_EINVALID, "does not verify", "record.import", a);
	free(a);
	free(tampered);
	/* LC-GT-2026-0002 is not a registered lot */
	a = import_args(good.xml[1]);
	refused(&c, GI_EINVALID, "lot LC-GT-2026-0002 is not registered", "record.import", a);
	free(a);
	a = import_args(good.xml[0]);
	json_t *r = ok(&c, "record.import", a);
	ck_assert_str_eq(json_string_value(json_object_get(r, "verdict")), "pass");
	ck_assert_str_eq(json_string_value(json_object_get(r, "lot")), "LC-GT-2026-0001-3");
	json_decref(r);
	refused(&c, GI_EINVALID, "already imported", "record.import", a);
	free(a);
	/* kept byte for byte */
	gi__db *db;
	gi__dbrows rows;
	ck_assert_int_eq(gi__db_open(&db, url), 0);
	ck_assert_int_eq(gi__db_query(db, &rows, "SELECT xml, sha256 FROM record", 0, NULL), 0);
	ck_assert_uint_eq(rows.n, 1);
	ck_assert_str_eq(GI__CELL(&rows, 0, 0), good.xml[0]);
	char sha[65];
	gi_sha256_memory(sha, good.xml[0], strlen(good.xml[0]));
	ck_assert_str_eq(GI__CELL(&rows, 0, 1), sha);
	gi__dbrows_free(&rows);
	gi__db_close(db);
	free_records(&good);
	free_records(&forged);
	close_council(&c);
}
END_TEST

/* ---- inspections ---- */

START_TEST(inspections_and_schedule)
{
	council c;
	open_council(&c, 0, 0);
	json_decref(ok(&c, "member.add", "{\"kind\":\"household\",\"name\":\"A\",\"tax_id\":\"0101234567\"}"));
	json_decref(ok(&c, "member.add", "{\"kind\":\"company\",\"name\":\"B\",\"tax_id\":\"0109999999\"}"));
	json_decref(ok(&c, "member.add", "{\"kind\":\"cooperative\",\"name\":\"C\",\"tax_id\":\"0108888888\"}"));
	json_decref(ok(&c, "inspector.add", "{\"name\":\"Nguyễn Thị B\"}"));
	const char *ins = "{\"member\":%d,\"inspector\":1,\"kind\":\"%s\",\"date\":\"%s\",\"findings\":\"f\","
	                  "\"outcome\":\"%s\"}";
	char a[300];
	snprintf(a, sizeof a, ins, 1, "initial", "2026-01-10", "pass");
	refused(&c, GI_EINVALID, "not approved by the board", "inspection.add", a);
	json_decref(ok(&c, "inspector.approve", "{\"inspector\":1,\"decision\":\"QĐ 12\"}"));
	/* the plan: surveillance 12 months after a pass, 6 after a non-pass */
	json_t *i = ok(&c, "inspection.add", a);
	ck_assert_str_eq(json_string_value(json_object_get(i, "next_due")), "2027-01-10");
	json_decref(i);
	snprintf(a, sizeof a, ins, 2, "initial", "2025-11-30", "fail");
	i = ok(&c, "inspection.add", a);
	ck_assert_str_eq(json_string_value(json_object_get(i, "next_due")), "2026-05-30");
	json_decref(i);
	/* a violation in the year before shortens the interval to 6 months */
	json_decref(ok(&c, "violation.add", "{\"member\":1,\"date\":\"2026-02-01\",\"description\":\"d\","
	                                    "\"evidence\":\"e\",\"decision\":\"QĐ 1\"}"));
	snprintf(a, sizeof a, ins, 1, "surveillance", "2026-03-31", "pass");
	i = ok(&c, "inspection.add", a);
	ck_assert_str_eq(json_string_value(json_object_get(i, "next_due")), "2026-09-30");
	json_decref(i);
	snprintf(a, sizeof a, ins, 1, "annual", "2026-03-31", "pass");
	refused(&c, GI_EINVALID, "kind 'annual'", "inspection.add", a);
	/* as of 2026-06-15: B overdue since 2026-05-30, C never inspected, A not due */
	json_t *d = ok(&c, "inspection.due", "{}");
	json_t *due = json_object_get(d, "due");
	ck_assert_int_eq(json_array_size(due), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(due, 0), "state")), "overdue");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(due, 1), "state")), "initial inspection due");
	json_decref(d);
	d = ok(&c, "inspection.due", "{\"as_of\":\"2026-09-15\"}");
	ck_assert_int_eq(json_array_size(json_object_get(d, "due")), 3);
	json_decref(d);
	close_council(&c);
}
END_TEST

/* ---- permits ---- */

static void ready_to_grant(council *c, signing *s)
{
	member_plot_lot(c);
	json_decref(ok(c, "inspector.add", "{\"name\":\"Nguyễn Thị B\"}"));
	json_decref(ok(c, "inspector.approve", "{\"inspector\":1,\"decision\":\"QĐ 12\"}"));
	json_decref(ok(c, "permit.apply", "{\"member\":1,\"product\":[\"green-tea\"],\"plot\":[1],\"quantity_kg\":1000}"));
	example_records(s, "lab-rsa.key", "lab-rsa-chain.pem");
}

static void xmlsec_verifies(const char *xml)
{
	char path[600], cmd[1400];
	snprintf(path, sizeof path, "%s/doc-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, xml, strlen(xml)), (ssize_t)strlen(xml));
	close(fd);
	snprintf(cmd, sizeof cmd, "xmlsec1 --verify --trusted-pem '%s' '%s' >/dev/null 2>&1", P("trust.pem"), path);
	int rc = system(cmd);
	unlink(path);
	ck_assert_msg(rc == 0, "xmlsec1 --verify refused the signed document");
}

START_TEST(permit_state_machine)
{
	council c;
	open_council(&c, 0, 0);
	/* a council that has granted nothing yet still publishes its status
	 * list, signed and empty (a stamp checked against it is then
	 * "not issued", not an error) */
	json_t *l0 = ok(&c, "permit.status-list", "{}");
	ck_assert_int_eq(json_array_size(json_object_get(l0, "permits")), 0);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(l0, "xml")), "</permitStatusList>"));
	xmlsec_verifies(json_string_value(json_object_get(l0, "xml")));
	json_decref(l0);
	signing s;
	ready_to_grant(&c, &s);
	refused(&c, GI_EINVALID, "no passed initial inspection", "permit.grant", "{\"permit\":1}");
	json_decref(ok(&c, "inspection.add", "{\"member\":1,\"inspector\":1,\"kind\":\"initial\",\"date\":\"2026-05-02\","
	                                     "\"findings\":\"in order\",\"outcome\":\"pass\"}"));
	refused(&c, GI_EINVALID, "no passing verification record of green-tea", "permit.grant", "{\"permit\":1}");
	char *a = import_args(s.xml[0]);
	json_decref(ok(&c, "record.import", a));
	free(a);
	refused(&c, GI_EINVALID, "already has permit 1 (applied) for green-tea", "permit.apply",
	        "{\"member\":1,\"product\":\"green-tea\",\"plot\":1,\"quantity_kg\":10}");
	refused(&c, GI_EINVALID, "only a granted permit can be suspended", "permit.suspend",
	        "{\"permit\":1,\"reason\":\"r\"}");
	json_t *p = ok(&c, "permit.grant", "{\"permit\":1,\"valid_until\":\"2029-06-14\"}");
	ck_assert_str_eq(json_string_value(json_object_get(p, "state")), "granted");
	ck_assert_str_eq(json_string_value(json_object_get(p, "valid_from")), "2026-06-15");
	const char *doc = json_string_value(json_object_get(p, "document"));
	ck_assert_ptr_nonnull(strstr(doc, "<product>green-tea</product>"));
	ck_assert_ptr_nonnull(strstr(doc, "taxId=\"0101234567\""));
	xmlsec_verifies(doc);
	json_decref(p);
	refused(&c, GI_EINVALID, "only an applied permit can be granted", "permit.grant", "{\"permit\":1}");
	refused(&c, GI_EINVALID, "reason is required", "permit.suspend", "{\"permit\":1}");
	refused(&c, GI_EINVALID, "only a suspended permit can be reinstated", "permit.reinstate", "{\"permit\":1}");
	json_decref(ok(&c, "permit.suspend", "{\"permit\":1,\"reason\":\"audit\"}"));
	json_decref(ok(&c, "permit.reinstate", "{\"permit\":1}"));
	refused(&c, GI_EINVALID, "has not expired", "permit.expire", "{\"permit\":1}");
	json_t *l = ok(&c, "permit.status-list", "{}");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(l, "permits"), 0), "state")),
	                 "granted");
	xmlsec_verifies(json_string_value(json_object_get(l, "xml")));
	json_decref(l);
	json_decref(ok(&c, "permit.withdraw", "{\"permit\":1,\"reason\":\"request of the holder\"}"));
	refused(&c, GI_EINVALID, "final", "permit.reinstate", "{\"permit\":1}");
	refused(&c, GI_EINVALID, "permit 9 is not registered", "permit.withdraw", "{\"permit\":9,\"reason\":\"r\"}");
	/* a new application after withdrawal; expiry after valid_until */
	json_decref(ok(&c, "permit.apply", "{\"member\":1,\"product\":\"green-tea\",\"plot\":1,\"quantity_kg\":10}"));
	json_decref(ok(&c, "permit.grant", "{\"permit\":2,\"valid_from\":\"2026-01-01\",\"valid_until\":\"2026-06-01\"}"));
	p = ok(&c, "permit.expire", "{}");
	ck_assert_int_eq(json_array_size(json_object_get(p, "expired")), 1);
	json_decref(p);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM event WHERE entity = 'permit'"), 8);
	free_records(&s);
	close_council(&c);
}
END_TEST

/* ---- stamps issued under a permit ---- */

/* A granted permit 1 of 1,000 kg of green tea over plot 1 (ready_to_grant),
 * with lot 1 (250 kg). */
static void granted_permit(council *c, signing *s)
{
	ready_to_grant(c, s);
	json_decref(ok(c, "inspection.add", "{\"member\":1,\"inspector\":1,\"kind\":\"initial\",\"date\":\"2026-05-02\","
	                                    "\"findings\":\"in order\",\"outcome\":\"pass\"}"));
	char *a = import_args(s->xml[0]);
	json_decref(ok(c, "record.import", a));
	free(a);
	json_decref(ok(c, "permit.grant", "{\"permit\":1}"));
}

static json_t *issue(council *c, const char *lot, int count, const char *kg)
{
	char args[400];
	snprintf(args, sizeof args, "{\"permit\":1,\"lot\":\"%s\",\"count\":%d,\"package_kg\":\"%s\","
	                            "\"domain\":\"gi.laichau.example\",\"gtin\":\"8931234567897\"}", lot, count, kg);
	return ok(c, "stamp.issue", args);
}

/* A database at schema version 3 (lots, no shelf life, no photos) is
 * upgraded to version 4 in place: its lot keeps its data and gains the
 * empty shelf-life columns, and photos can be recorded for it. */
START_TEST(migrates_to_lot_photos)
{
	council c;
	open_council(&c, 0, 3);
	ck_assert_int_eq(gi_registry_schema_version(c.reg), 3);
	json_decref(ok(&c, "member.add", "{\"kind\":\"household\",\"name\":\"Lò Văn A\",\"tax_id\":\"0101234567\"}"));
	close_council(&c);
	/* a lot as schema 3 stored it (lot.add needs the newest schema) */
	gi__db *db;
	ck_assert_int_eq(gi__db_open(&db, url), 0);
	ck_assert_int_eq(gi__db_script(db, "INSERT INTO lot (code, product, harvested, quantity_kg, created)"
	                                   " VALUES ('LC-GT-2026-0001-3', 'green-tea', '2026-04-08', '250', '2026-04-09')"), 0);
	ck_assert_int_lt(gi__db_script(db, "SELECT best_before FROM lot"), 0);
	gi__db_close(db);
	ck_assert_int_eq(count(&c, "SELECT MAX(version) FROM schema_version"), 3);
	open_council(&c, 0, 0);
	ck_assert_int_eq(gi_registry_schema_version(c.reg), 4);
	ck_assert_int_eq(count(&c, "SELECT MAX(version) FROM schema_version"), 4);
	json_t *lot = ok(&c, "lot.show", "{\"lot\":\"LC-GT-2026-0001-3\"}");
	ck_assert_int_eq(json_integer_value(json_object_get(lot, "quantity_kg")), 250);
	ck_assert(json_is_null(json_object_get(lot, "best_before")));
	ck_assert(json_is_null(json_object_get(lot, "shelf_life_months")));
	json_decref(lot);
	json_t *ph = ok(&c, "lot.photo-list", "{\"lot\":\"LC-GT-2026-0001-3\"}");
	ck_assert_int_eq(json_array_size(json_object_get(ph, "photos")), 0);
	json_decref(ph);
	close_council(&c);
}
END_TEST

/* A 1x1 RGBA PNG (70 bytes) and a JFIF header with its end marker (20
 * bytes); their SHA-256 as coreutils' sha256sum gives them. */
#define PNG_1X1 "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
#define PNG_1X1_SHA "497790947d4666760ce38f3c00e852c71fdb66cae849bae8e9ede352719e1581"
#define JPEG_MIN "/9j/4AAQSkZJRgABAQAAAQABAAD/2Q=="
#define JPEG_MIN_SHA "d20f6ffd523b78a86cd2f916fa34af5d1918d75f7b142237c752ad6b254213ab"

/* A lot's shelf life: 24 months from a 2026-04-08 harvest is best before
 * 2028-04-08; a best-before date not after the harvest, or a shelf life
 * that is not 1 to 120 whole months, is refused. Its photos: the media
 * type is read from the bytes' signature (a GIF, or text, is refused
 * whatever it is called), each is recorded once with its SHA-256 and
 * caption as an event of the lot. */
START_TEST(lot_shelf_life_and_photos)
{
	council c;
	open_council(&c, 0, 0);
	member_plot_lot(&c);
	json_t *lot = ok(&c, "lot.shelf-life", "{\"lot\":\"LC-GT-2026-0001-3\",\"shelf_life_months\":24}");
	ck_assert_str_eq(json_string_value(json_object_get(lot, "best_before")), "2028-04-08");
	ck_assert_int_eq(json_integer_value(json_object_get(lot, "shelf_life_months")), 24);
	json_decref(lot);
	lot = ok(&c, "lot.shelf-life", "{\"lot\":\"1\",\"shelf_life_months\":\"18\",\"best_before\":\"2027-10-01\"}");
	ck_assert_str_eq(json_string_value(json_object_get(lot, "best_before")), "2027-10-01");
	json_decref(lot);
	lot = ok(&c, "lot.show", "{\"lot\":\"LC-GT-2026-0001-3\"}");
	ck_assert_int_eq(json_integer_value(json_object_get(lot, "shelf_life_months")), 18);
	json_decref(lot);
	refused(&c, GI_EINVALID, "not after the harvest (2026-04-08)", "lot.shelf-life",
	        "{\"lot\":\"1\",\"shelf_life_months\":12,\"best_before\":\"2026-04-08\"}");
	refused(&c, GI_EINVALID, "from 1 to 120", "lot.shelf-life", "{\"lot\":\"1\",\"shelf_life_months\":0}");
	refused(&c, GI_EINVALID, "from 1 to 120", "lot.shelf-life", "{\"lot\":\"1\",\"shelf_life_months\":2.5}");
	refused(&c, GI_EINVALID, "lot LC-XX is not registered", "lot.shelf-life",
	        "{\"lot\":\"LC-XX\",\"shelf_life_months\":12}");
	json_t *p = ok(&c, "lot.photo-add", "{\"lot\":\"LC-GT-2026-0001-3\",\"data\":\"" PNG_1X1 "\","
	                                    "\"caption\":\"Đồi chè Shan tuyết, Tam Đường\"}");
	ck_assert_str_eq(json_string_value(json_object_get(p, "sha256")), PNG_1X1_SHA);
	ck_assert_str_eq(json_string_value(json_object_get(p, "media_type")), "image/png");
	ck_assert_int_eq(json_integer_value(json_object_get(p, "bytes")), 70);
	ck_assert_int_eq(json_integer_value(json_object_get(p, "lot_id")), 1);
	json_decref(p);
	p = ok(&c, "lot.photo-add", "{\"lot\":\"1\",\"data\":\"" JPEG_MIN "\",\"caption\":\"Package\"}");
	ck_assert_str_eq(json_string_value(json_object_get(p, "sha256")), JPEG_MIN_SHA);
	ck_assert_str_eq(json_string_value(json_object_get(p, "media_type")), "image/jpeg");
	json_decref(p);
	refused(&c, GI_EINVALID, "already has this photo (photo 1)", "lot.photo-add",
	        "{\"lot\":\"1\",\"data\":\"" PNG_1X1 "\",\"caption\":\"again\"}");
	/* "GIF89a" plus padding, and a text file */
	refused(&c, GI_EINVALID, "neither a JPEG nor a PNG", "lot.photo-add",
	        "{\"lot\":\"1\",\"data\":\"R0lGODlhAQABAAAAACw=\",\"caption\":\"gif\"}");
	refused(&c, GI_EINVALID, "neither a JPEG nor a PNG", "lot.photo-add",
	        "{\"lot\":\"1\",\"data\":\"PHNjcmlwdD4=\",\"caption\":\"x.png\"}");
	refused(&c, GI_EPARSE, "not base64", "lot.photo-add", "{\"lot\":\"1\",\"data\":\"%%%\",\"caption\":\"x\"}");
	refused(&c, GI_EINVALID, "caption is required", "lot.photo-add", "{\"lot\":\"1\",\"data\":\"" PNG_1X1 "\"}");
	json_t *l = ok(&c, "lot.photo-list", "{\"lot\":\"LC-GT-2026-0001-3\"}");
	json_t *list = json_object_get(l, "photos");
	ck_assert_int_eq(json_array_size(list), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 0), "caption")),
	                 "Đồi chè Shan tuyết, Tam Đường");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 1), "sha256")), JPEG_MIN_SHA);
	json_decref(l);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM event WHERE action = 'lot.photo-add' AND entity = 'lot_photo'"), 2);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM event WHERE action = 'lot.shelf-life' AND entity_id = '1'"), 2);
	close_council(&c);
}
END_TEST

/* The permit covering a lot is found without the event history: the
 * granted permit while it is valid, still the same permit (not valid)
 * when suspended, the newer valid permit after a withdrawal and a new
 * grant, and none for a lot from a plot no permit covers; the permits
 * listed with whether each is valid today. */
START_TEST(permit_for_a_lot)
{
	council c;
	open_council(&c, 0, 0);
	signing s;
	granted_permit(&c, &s);
	json_t *f = ok(&c, "permit.for-lot", "{\"lot\":\"LC-GT-2026-0001-3\"}");
	ck_assert(json_is_true(json_object_get(f, "valid")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(f, "permit"), "id")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(f, "lot")), "LC-GT-2026-0001-3");
	json_decref(f);
	json_decref(ok(&c, "permit.suspend", "{\"permit\":1,\"reason\":\"audit\"}"));
	f = ok(&c, "permit.for-lot", "{\"lot\":\"1\"}");
	ck_assert(json_is_false(json_object_get(f, "valid")));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(f, "permit"), "state")), "suspended");
	json_decref(f);
	json_decref(ok(&c, "permit.withdraw", "{\"permit\":1,\"reason\":\"violation\"}"));
	json_decref(ok(&c, "permit.apply", "{\"member\":1,\"product\":\"green-tea\",\"plot\":1,\"quantity_kg\":10}"));
	json_decref(ok(&c, "permit.grant", "{\"permit\":2}"));
	f = ok(&c, "permit.for-lot", "{\"lot\":\"LC-GT-2026-0001-3\"}");
	ck_assert(json_is_true(json_object_get(f, "valid")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(f, "permit"), "id")), 2);
	json_decref(f);
	/* a lot from a plot the permits do not cover: none */
	json_decref(ok(&c, "plot.add", "{\"member\":1,\"unit\":\"Tam Đường\",\"altitude\":\"1500\",\"area_ha\":\"1\","
	                               "\"latitude\":22.36,\"longitude\":103.61}"));
	json_t *lot = ok(&c, "lot.add", "{\"product\":\"green-tea\",\"plot\":2,\"harvested\":\"2026-04-20\",\"quantity_kg\":50}");
	char args[120];
	snprintf(args, sizeof args, "{\"lot\":\"%s\"}", json_string_value(json_object_get(lot, "code")));
	json_decref(lot);
	f = ok(&c, "permit.for-lot", args);
	ck_assert(json_is_null(json_object_get(f, "permit")));
	ck_assert(json_is_false(json_object_get(f, "valid")));
	json_decref(f);
	refused(&c, GI_EINVALID, "lot LC-NONE is not registered", "permit.for-lot", "{\"lot\":\"LC-NONE\"}");
	/* the permits without the events: the withdrawn one, then the valid one */
	json_t *l = ok(&c, "permit.list", "{}");
	json_t *ps = json_object_get(l, "permits");
	ck_assert_int_eq(json_array_size(ps), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ps, 0), "state")), "withdrawn");
	ck_assert(json_is_false(json_object_get(json_array_get(ps, 0), "valid")));
	ck_assert(json_is_true(json_object_get(json_array_get(ps, 1), "valid")));
	json_decref(l);
	l = ok(&c, "permit.list", "{\"state\":\"withdrawn\",\"member\":1}");
	ck_assert_int_eq(json_array_size(json_object_get(l, "permits")), 1);
	json_decref(l);
	l = ok(&c, "permit.list", "{\"member\":\"2\"}");
	ck_assert_int_eq(json_array_size(json_object_get(l, "permits")), 0);
	json_decref(l);
	refused(&c, GI_EINVALID, "state 'revoked' is not one of", "permit.list", "{\"state\":\"revoked\"}");
	free_records(&s);
	close_council(&c);
}
END_TEST

/* The council cannot print more stamps than the permit (1,000 kg) or the
 * lot (250 kg) covers, over any number of sheets; a refused sheet records
 * nothing; serials are unique and every URI is a genuine stamp. */
START_TEST(stamps_within_quota)
{
	council c;
	open_council(&c, 0, 0);
	signing s;
	granted_permit(&c, &s);
	gi_stamp_keys *keys = NULL;
	ck_assert_int_eq(gi_stamp_keys_load(&keys, P("lab-rsa.pem")), 0);
	/* 40 packages of 5 kg: 200 of the lot's 250 kg */
	json_t *one = issue(&c, "LC-GT-2026-0001-3", 40, "5");
	json_t *uris = json_object_get(one, "uris");
	ck_assert_int_eq(json_array_size(uris), 40);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(one, "serials"), 0)), "000001");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(one, "serials"), 39)), "000040");
	for (size_t i = 0; i < 40; i++) {
		gi_stamp_check *k = NULL;
		ck_assert_int_eq(gi_stamp_verify(&k, json_string_value(json_array_get(uris, i)), keys), 0);
		ck_assert_str_eq(k->lot, "LC-GT-2026-0001-3");
		ck_assert_str_eq(k->gtin, "08931234567897");
		char want[8];
		snprintf(want, sizeof want, "%06zu", i + 1);
		ck_assert_str_eq(k->serial, want);
		gi_stamp_check_free(k);
	}
	/* 11 more would be 255 kg of a 250 kg lot: refused, nothing recorded */
	long long rows = count(&c, "SELECT COUNT(*) FROM stamp_issue");
	refused(&c, GI_EINVALID, "over quota: lot LC-GT-2026-0001-3 covers 250 kg", "stamp.issue",
	        "{\"permit\":1,\"lot\":\"LC-GT-2026-0001-3\",\"count\":11,\"package_kg\":5,\"domain\":\"gi.laichau.example\"}");
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM stamp_issue"), rows);
	/* exactly the rest is allowed: 0.1 kg steps add up exactly (500 x 0.1 = 50 kg) */
	json_t *two = issue(&c, "LC-GT-2026-0001-3", 500, "0,1");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(two, "serials"), 0)), "000041");
	refused(&c, GI_EINVALID, "at most 0 more", "stamp.issue",
	        "{\"permit\":1,\"lot\":\"LC-GT-2026-0001-3\",\"count\":1,\"package_kg\":\"0.1\",\"domain\":\"gi.laichau.example\"}");
	/* a second lot of 900 kg: the permit has 750 kg left, so two sheets of
	 * 100 and 51 packages of 5 kg (755 kg) cannot both be issued */
	json_t *lot2 = ok(&c, "lot.add", "{\"product\":\"green-tea\",\"plot\":1,\"harvested\":\"2026-04-20\","
	                                 "\"quantity_kg\":900}");
	char code2[40];
	snprintf(code2, sizeof code2, "%s", json_string_value(json_object_get(lot2, "code")));
	json_decref(lot2);
	json_t *three = issue(&c, code2, 100, "5");
	char args[400];
	snprintf(args, sizeof args, "{\"permit\":1,\"lot\":\"%s\",\"count\":51,\"package_kg\":5,"
	                            "\"domain\":\"gi.laichau.example\"}", code2);
	refused(&c, GI_EINVALID, "over quota: permit 1 covers 1000 kg; 640 stamps (750 kg) were already issued", "stamp.issue",
	        args);
	json_decref(issue(&c, code2, 50, "5"));
	/* serials unique over every sheet */
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM stamp_issue"), 4);
	ck_assert_int_eq(count(&c, "SELECT SUM(last_serial - first_serial + 1) FROM stamp_issue"), 690);
	ck_assert_int_eq(count(&c, "SELECT MAX(last_serial) FROM stamp_issue"), 690);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM stamp_issue a JOIN stamp_issue b ON a.id < b.id AND"
	                           " a.first_serial <= b.last_serial AND b.first_serial <= a.last_serial"), 0);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM event WHERE action = 'stamp.issue'"), 4);
	json_t *sl = ok(&c, "stamp.list", "{\"permit\":1}");
	ck_assert_int_eq(json_array_size(json_object_get(sl, "issued")), 4);
	json_decref(sl);
	sl = ok(&c, "stamp.list", "{\"lot\":\"LC-GT-2026-0001-3\"}");
	ck_assert_int_eq(json_array_size(json_object_get(sl, "issued")), 2);
	json_t *r0 = json_array_get(json_object_get(sl, "issued"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(r0, "first")), "000001");
	ck_assert_str_eq(json_string_value(json_object_get(r0, "last")), "000040");
	ck_assert_int_eq(json_integer_value(json_object_get(r0, "count")), 40);
	json_decref(sl);
	/* the ranges are in the signed status list */
	json_t *l = ok(&c, "permit.status-list", "{}");
	const char *xml = json_string_value(json_object_get(l, "xml"));
	ck_assert_ptr_nonnull(strstr(xml, "<issued permit=\"P1\" lot=\"LC-GT-2026-0001-3\" first=\"000001\" last=\"000040\"/>"));
	xmlsec_verifies(xml);
	json_decref(l);
	/* a suspended permit issues nothing */
	json_decref(ok(&c, "permit.suspend", "{\"permit\":1,\"reason\":\"audit\"}"));
	refused(&c, GI_EINVALID, "permit 1 is suspended; stamps are issued only under a granted permit", "stamp.issue",
	        "{\"permit\":1,\"lot\":\"LC-GT-2026-0001-3\",\"count\":1,\"package_kg\":1,\"domain\":\"gi.laichau.example\"}");
	json_decref(one);
	json_decref(two);
	json_decref(three);
	gi_stamp_keys_free(keys);
	free_records(&s);
	close_council(&c);
}
END_TEST

/* Every QR code of a sheet read back by zbarimg (Debian zbar-tools) is
 * exactly one of the sheet's URIs, and every URI is there once; the SVG
 * sheet draws each code as gi_stamp_qr_svg does, at 0.5 mm a module. */
START_TEST(stamp_sheet_reads_back)
{
	council c;
	open_council(&c, 0, 0);
	signing s;
	granted_permit(&c, &s);
	json_t *one = issue(&c, "LC-GT-2026-0001-3", 12, "0.5");
	json_t *uris = json_object_get(one, "uris");
	const char *u[12];
	for (size_t i = 0; i < 12; i++)
		u[i] = json_string_value(json_array_get(uris, i));
	gi_stamp_sheet_options o = GI_STAMP_SHEET_OPTIONS_INIT;
	o.format = GI_STAMP_SHEET_PNG;
	unsigned char *png = NULL;
	size_t len = 0;
	ck_assert_msg(gi_stamp_sheet(&png, &len, u, 12, &o) == 0, "%s", gi_error_last()->message);
	const char *path = t_tmpfile_bytes(png, len, ".png");
	gi_free(png);
	char cmd[4400], line[4096];
	snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	int seen[12] = { 0 }, n = 0;
	while (fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		int found = 0;
		for (int i = 0; i < 12; i++)
			if (strcmp(line, u[i]) == 0) {
				seen[i]++;
				found = 1;
			}
		ck_assert_msg(found, "zbarimg read a URI that is not on the sheet: %s", line);
		n++;
	}
	pclose(p);
	ck_assert_int_eq(n, 12);
	for (int i = 0; i < 12; i++)
		ck_assert_int_eq(seen[i], 1);
	/* SVG: the same symbols, 0.5 mm modules */
	o.format = GI_STAMP_SHEET_SVG;
	o.labels = 1;
	unsigned char *svg = NULL;
	ck_assert_int_eq(gi_stamp_sheet(&svg, &len, u, 12, &o), 0);
	ck_assert_int_eq(strlen((char *)svg), len);
	for (int i = 0; i < 12; i++) {
		char *one_svg = NULL;
		ck_assert_int_eq(gi_stamp_qr_svg(&one_svg, u[i], 0.5), 0);
		char *d = strstr(one_svg, " d=\"");
		ck_assert_ptr_nonnull(d);
		d[strcspn(d + 4, "\"") + 4] = '\0';
		ck_assert_msg(strstr((char *)svg, d), "stamp %d's code is not on the SVG sheet", i + 1);
		gi_free(one_svg);
	}
	ck_assert_ptr_nonnull(strstr((char *)svg, ">000012</text>"));
	gi_free(svg);
	json_decref(one);
	free_records(&s);
	close_council(&c);
}
END_TEST

static long long inspect_now;

static const char *status_of(council *c, char **keep)
{
	json_t *l = ok(c, "permit.status-list", "{}");
	*keep = strdup(json_string_value(json_object_get(l, "xml")));
	json_decref(l);
	return *keep;
}

static gi_stamp_check *inspect(const char *uri, gi_stamp_keys *keys, gi_trust *trust, const char *status,
                               const char *log_dir, const char *proof, const char *vkey, int *rc)
{
	gi_stamp_inspect_options o = GI_STAMP_INSPECT_OPTIONS_INIT;
	o.status_list = status;
	o.status_len = status ? strlen(status) : 0;
	o.trust = trust;
	o.log_dir = log_dir;
	o.log_proof = proof;
	o.log_key = vkey;
	o.now = inspect_now;
	gi_stamp_check *k = NULL;
	*rc = gi_stamp_inspect(&k, uri, keys, &o);
	return k;
}

/* gi_stamp_inspect: genuine and valid; serial never issued; permit
 * suspended, withdrawn; a status list altered, or signed by a key that is
 * not the council's, refused; the lot's record in the log or not, from
 * the log's directory and from a proof bundle; a tampered bundle refused;
 * forged and altered stamps not genuine. */
START_TEST(stamp_inspection)
{
	/* now: the test PKI's certificates are valid from the day it was made,
	 * and the status list's signing time must fall in their validity */
	council c;
	inspect_now = (long long)time(NULL);
	open_council(&c, inspect_now, 0);
	signing s;
	granted_permit(&c, &s);
	gi_stamp_keys *keys = NULL;
	ck_assert_int_eq(gi_stamp_keys_load(&keys, P("lab-rsa.pem")), 0);
	json_t *one = issue(&c, "LC-GT-2026-0001-3", 3, "1");
	json_t *lot2 = ok(&c, "lot.add", "{\"product\":\"green-tea\",\"plot\":1,\"harvested\":\"2026-04-20\","
	                                 "\"quantity_kg\":10}");
	json_t *two = issue(&c, json_string_value(json_object_get(lot2, "code")), 2, "1");
	const char *uri = json_string_value(json_array_get(json_object_get(one, "uris"), 1));
	const char *uri2 = json_string_value(json_array_get(json_object_get(two, "uris"), 0));
	char *keep = NULL;
	const char *status = status_of(&c, &keep);
	int rc;
	/* genuine and valid */
	gi_stamp_check *k = inspect(uri, keys, c.trust, status, NULL, NULL, NULL, &rc);
	ck_assert_msg(rc == 0 && k, "%s", gi_error_last()->message);
	ck_assert_int_eq(k->genuine, 1);
	ck_assert_str_eq(k->permit, "P1");
	ck_assert_str_eq(k->permit_state, "granted");
	ck_assert_int_eq(k->permit_valid, 1);
	ck_assert_int_eq(k->issued, 1);
	ck_assert_int_eq(k->in_log, -1);
	char today[11];
	time_t tt = (time_t)inspect_now;
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&tt));
	ck_assert_str_eq(k->status_date, today);
	ck_assert_ptr_null(k->warning);
	gi_stamp_check_free(k);
	/* a serial the registry never issued for the lot, though signed with the
	 * council's key (a stamp printed outside the registry, or one of
	 * another lot's serials): a counterfeit warning */
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P("lab-rsa.key");
	so.cert_file = P("lab-rsa-chain.pem");
	gi_signer *sg = NULL;
	ck_assert_int_eq(gi_signer_load(&sg, &so), 0);
	const char *serials[] = { "000004", "000999", "000000", "0000001" };
	for (size_t i = 0; i < 4; i++) {
		gi_stamp st = GI_STAMP_INIT;
		st.domain = "gi.laichau.example";
		st.gtin = "8931234567897";
		st.lot = "LC-GT-2026-0001-3";
		st.serial = serials[i];
		char *fake = NULL;
		ck_assert_int_eq(gi_stamp_sign(&fake, sg, &st), 0);
		k = inspect(fake, keys, c.trust, status, NULL, NULL, NULL, &rc);
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(k->genuine, 1);
		ck_assert_msg(k->issued == 0, "serial %s taken as issued", serials[i]);
		ck_assert_ptr_nonnull(strstr(k->warning, "was never issued"));
		gi_stamp_check_free(k);
		gi_free(fake);
	}
	gi_signer_free(sg);
	/* forged (another key) and altered (one digit of the serial) */
	gi_signer_options ao = GI_SIGNER_OPTIONS_INIT;
	ao.key_file = P("attacker-lab.key");
	ao.cert_file = P("attacker-lab-chain.pem");
	ck_assert_int_eq(gi_signer_load(&sg, &ao), 0);
	gi_stamp st = GI_STAMP_INIT;
	st.domain = "gi.laichau.example";
	st.lot = "LC-GT-2026-0001-3";
	st.serial = "000002";
	char *forged = NULL;
	ck_assert_int_eq(gi_stamp_sign(&forged, sg, &st), 0);
	gi_signer_free(sg);
	k = inspect(forged, keys, c.trust, status, NULL, NULL, NULL, &rc);
	ck_assert_int_eq(rc, GI_EINVALID);
	ck_assert_int_eq(k->genuine, 0);
	gi_stamp_check_free(k);
	gi_free(forged);
	char *altered = strdup(uri);
	char *ser = strstr(altered, "/21/000002");
	ck_assert_ptr_nonnull(ser);
	ser[9] = '3';
	k = inspect(altered, keys, c.trust, status, NULL, NULL, NULL, &rc);
	ck_assert_int_eq(rc, GI_EINVALID);
	ck_assert_int_eq(k->genuine, 0);
	ck_assert_ptr_nonnull(strstr(k->reason, "altered or forged"));
	gi_stamp_check_free(k);
	free(altered);
	/* the status list altered after signing: refused, no result */
	char *bad = strdup(status), *st_at = strstr(bad, "state=\"granted\"");
	ck_assert_ptr_nonnull(st_at);
	memcpy(st_at, "state=\"grantee\"", 15);
	k = inspect(uri, keys, c.trust, bad, NULL, NULL, NULL, &rc);
	ck_assert_int_eq(rc, GI_EINVALID);
	ck_assert_ptr_null(k);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "signature does not verify"));
	free(bad);
	/* a status list signed by a certificate of the same PKI that is not a
	 * council stamp key: refused */
	gi_stamp_keys *ec_keys = NULL;
	ck_assert_int_eq(gi_stamp_keys_load(&ec_keys, P("lab-ec.pem")), 0);
	gi_signer_options eo = GI_SIGNER_OPTIONS_INIT;
	eo.key_file = P("lab-ec.key");
	eo.cert_file = P("lab-ec-chain.pem");
	ck_assert_int_eq(gi_signer_load(&sg, &eo), 0);
	st = (gi_stamp)GI_STAMP_INIT;
	st.domain = "gi.laichau.example";
	st.lot = "LC-GT-2026-0001-3";
	char *ec_uri = NULL;
	ck_assert_int_eq(gi_stamp_sign(&ec_uri, sg, &st), 0);
	gi_signer_free(sg);
	k = inspect(ec_uri, ec_keys, c.trust, status, NULL, NULL, NULL, &rc);
	ck_assert_int_eq(rc, GI_EINVALID);
	ck_assert_ptr_null(k);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "not one of the council's stamp certificates"));
	gi_free(ec_uri);
	gi_stamp_keys_free(ec_keys);
	/* not in the log, then in it */
	char *signer_key = NULL, *vkey = NULL, ldir[600];
	ck_assert_int_eq(gi_log_keygen(&signer_key, &vkey, "tea.laichau.example/log"), 0);
	snprintf(ldir, sizeof ldir, "%s/log-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(ldir));
	gi_log_options lo = GI_LOG_OPTIONS_INIT;
	lo.signer_key = signer_key;
	lo.create = 1;
	gi_log *log = NULL;
	ck_assert_msg(gi_log_open(&log, ldir, &lo) == 0, "%s", gi_error_last()->message);
	ck_assert_int_eq(gi_log_append(log, "unrelated entry", 15, NULL), 0);
	ck_assert_int_eq(gi_log_commit(log), 0);
	k = inspect(uri, keys, c.trust, status, ldir, NULL, vkey, &rc);
	ck_assert_msg(rc == 0, "%s", gi_error_last()->message);
	ck_assert_int_eq(k->in_log, 0);
	ck_assert_ptr_nonnull(strstr(k->warning, "no verification record of lot LC-GT-2026-0001-3 is in the log"));
	gi_stamp_check_free(k);
	ck_assert_int_eq(gi_log_append(log, s.xml[0], strlen(s.xml[0]), NULL), 0);
	ck_assert_int_eq(gi_log_commit(log), 0);
	gi_log_free(log);
	k = inspect(uri, keys, c.trust, status, ldir, NULL, vkey, &rc);
	ck_assert_msg(rc == 0, "%s", gi_error_last()->message);
	ck_assert_int_eq(k->in_log, 1);
	ck_assert_int_eq(k->log_records, 1);
	ck_assert_str_eq(k->log_origin, "tea.laichau.example/log");
	ck_assert_ptr_null(k->warning);
	gi_stamp_check_free(k);
	/* lot 2 has no record in the log */
	k = inspect(uri2, keys, c.trust, status, ldir, NULL, vkey, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(k->issued, 1);
	ck_assert_int_eq(k->in_log, 0);
	gi_stamp_check_free(k);
	/* offline: the lot's proof bundle */
	lo = (gi_log_options)GI_LOG_OPTIONS_INIT;
	lo.verifier_key = vkey;
	ck_assert_int_eq(gi_log_open(&log, ldir, &lo), 0);
	char *bundle = NULL;
	ck_assert_int_eq(gi_stamp_lot_proof(&bundle, log, "LC-GT-2026-0001-3"), 0);
	gi_log_free(log);
	k = inspect(uri, keys, c.trust, status, NULL, bundle, vkey, &rc);
	ck_assert_msg(rc == 0, "%s", gi_error_last()->message);
	ck_assert_int_eq(k->in_log, 1);
	ck_assert_int_eq(k->log_records, 1);
	gi_stamp_check_free(k);
	/* a bundle whose proof was tampered with: refused */
	char *pf = strstr(bundle, "\"proof\": \"c2sp.org/tlog-proof@v1\\nindex 1\\n");
	ck_assert_msg(pf != NULL, "%s", bundle);
	pf = strstr(pf, "index 1\\n") + 9;
	*pf = *pf == 'A' ? 'B' : 'A';
	k = inspect(uri, keys, c.trust, status, NULL, bundle, vkey, &rc);
	ck_assert_int_eq(rc, GI_EINVALID);
	ck_assert_ptr_null(k);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "inclusion proof does not verify"));
	gi_free(bundle);
	/* the permit suspended, then withdrawn */
	json_decref(ok(&c, "permit.suspend", "{\"permit\":1,\"reason\":\"audit\"}"));
	free(keep);
	status = status_of(&c, &keep);
	k = inspect(uri, keys, c.trust, status, NULL, NULL, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(k->permit_state, "suspended");
	ck_assert_int_eq(k->permit_valid, 0);
	ck_assert_int_eq(k->issued, 1);
	ck_assert_ptr_nonnull(strstr(k->warning, "the permit is not valid today (P1 suspended"));
	gi_stamp_check_free(k);
	json_decref(ok(&c, "permit.withdraw", "{\"permit\":1,\"reason\":\"violation\"}"));
	free(keep);
	status = status_of(&c, &keep);
	k = inspect(uri, keys, c.trust, status, NULL, NULL, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(k->permit_state, "withdrawn");
	ck_assert_int_eq(k->permit_valid, 0);
	gi_stamp_check_free(k);
	free(keep);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", ldir);
	ck_assert_int_eq(system(cmd), 0);
	gi_free(signer_key);
	gi_free(vkey);
	json_decref(one);
	json_decref(two);
	json_decref(lot2);
	gi_stamp_keys_free(keys);
	free_records(&s);
	close_council(&c);
}
END_TEST

/* warning -> fine -> withdrawal (the permit is withdrawn) -> legal action;
 * a violation after the repeat period starts again at a warning. */
START_TEST(violation_ladder)
{
	council c;
	open_council(&c, 0, 0);
	signing s;
	ready_to_grant(&c, &s);
	json_decref(ok(&c, "inspection.add", "{\"member\":1,\"inspector\":1,\"kind\":\"initial\",\"date\":\"2026-05-02\","
	                                     "\"findings\":\"in order\",\"outcome\":\"pass\"}"));
	char *a = import_args(s.xml[0]);
	json_decref(ok(&c, "record.import", a));
	free(a);
	json_decref(ok(&c, "permit.grant", "{\"permit\":1}"));
	static const char *const want[] = { "warning", "warning", "fine", "withdrawal", "legal-action" };
	static const char *const dates[] = { "2023-01-10", "2026-01-10", "2026-02-10", "2026-03-10", "2026-04-10" };
	for (int i = 0; i < 5; i++) {
		char v[300];
		snprintf(v, sizeof v, "{\"member\":1,\"date\":\"%s\",\"description\":\"non-GI leaves mixed in\","
		                      "\"evidence\":\"photo %d\",\"decision\":\"QĐ %d/HĐQL\"}", dates[i], i, i);
		json_t *r = ok(&c, "violation.add", v);
		ck_assert_str_eq(json_string_value(json_object_get(r, "level")), want[i]);
		ck_assert_int_eq(json_array_size(json_object_get(r, "permits_withdrawn")), i == 3);
		json_decref(r);
	}
	json_t *p = ok(&c, "permit.show", "{\"permit\":1}");
	ck_assert_str_eq(json_string_value(json_object_get(p, "state")), "withdrawn");
	json_decref(p);
	refused(&c, GI_EINVALID, "decision is required", "violation.add",
	        "{\"member\":1,\"date\":\"2026-05-01\",\"description\":\"d\",\"evidence\":\"e\"}");
	free_records(&s);
	close_council(&c);
}
END_TEST

/* ---- processes ---- */

static pid_t spawn_gi(char *const *argv)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execv(getenv("GI_BIN"), argv);
		_exit(127);
	}
	return pid;
}

static int wait_status(pid_t pid)
{
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define NPROC 4
#define ROUNDS 4

/* Several gi processes suspend and reinstate the same permits at once:
 * each change that succeeds is one event, none lost or repeated, and
 * replaying the events gives the permits' final states. */
START_TEST(concurrent_writers)
{
	council c;
	open_council(&c, 0, 0);
	signing s;
	ready_to_grant(&c, &s);
	json_decref(ok(&c, "inspection.add", "{\"member\":1,\"inspector\":1,\"kind\":\"initial\",\"date\":\"2026-05-02\","
	                                     "\"findings\":\"in order\",\"outcome\":\"pass\"}"));
	char *a = import_args(s.xml[0]);
	json_decref(ok(&c, "record.import", a));
	free(a);
	close_council(&c);
	long long before = count(&c, "SELECT COUNT(*) FROM event");
	char spec_path[600], key[600], cert[600];
	snprintf(spec_path, sizeof spec_path, "%s", t_src("specs/lai-chau-tea.xml"));
	snprintf(key, sizeof key, "%s", P("lab-rsa.key"));
	snprintf(cert, sizeof cert, "%s", P("lab-rsa-chain.pem"));
	/* all grant the one applied permit: exactly one succeeds */
	pid_t granting[NPROC];
	for (int i = 0; i < NPROC; i++) {
		char *argv[] = { "gi", "registry", "permit", "grant", "--db", url, "--spec", spec_path, "--permit", "1",
		                 "--sign-key", key, "--sign-cert", cert, "--now", "2026-06-15", NULL };
		granting[i] = spawn_gi(argv);
	}
	int granted = 0;
	for (int i = 0; i < NPROC; i++) {
		int st = wait_status(granting[i]);
		ck_assert_msg(st == 0 || st == 2, "gi exited %d", st);
		granted += st == 0;
	}
	ck_assert_int_eq(granted, 1);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM event WHERE action = 'permit.grant'"), 1);
	before++;
	pid_t pids[NPROC * ROUNDS * 2];
	const char *verbs[] = { "suspend", "reinstate" };
	size_t n = 0;
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < NPROC; i++)
			for (int v = 0; v < 2; v++) {
				char *argv[] = { "gi", "registry", "permit", (char *)verbs[v], "--db", url, "--spec", spec_path,
				                 "--permit", "1", "--reason", "concurrency", "--now", "2026-06-15", NULL };
				pids[n++] = spawn_gi(argv);
			}
	int done = 0;
	for (size_t i = 0; i < n; i++) {
		int st = wait_status(pids[i]);
		ck_assert_msg(st == 0 || st == 2, "gi exited %d", st);
		done += st == 0;
	}
	ck_assert_int_gt(done, 0);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM event") - before, done);
	/* the chain of states is unbroken: each event starts where the last ended */
	open_council(&c, 0, 0);
	json_t *ev = ok(&c, "event.list", "{\"entity\":\"permit\"}");
	json_t *list = json_object_get(ev, "events");
	const char *state = NULL;
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *e = json_array_get(list, i);
		if (strcmp(json_string_value(json_object_get(e, "entity_id")), "1") != 0)
			continue;
		json_t *b = json_object_get(e, "before");
		if (state)
			ck_assert_str_eq(json_string_value(json_object_get(b, "state")), state);
		state = json_string_value(json_object_get(json_object_get(e, "after"), "state"));
	}
	json_t *p = ok(&c, "permit.show", "{\"permit\":1}");
	ck_assert_str_eq(json_string_value(json_object_get(p, "state")), state);
	json_decref(p);
	json_decref(ev);
	free_records(&s);
	close_council(&c);
}
END_TEST

/* Whether a writer holds the registry's writer lock at this moment: on
 * SQLite, BEGIN IMMEDIATE without waiting is refused as busy; on
 * PostgreSQL, the writers' advisory lock is granted to someone. */
static int writer_active(sqlite3 *lite, gi__db *pg)
{
	if (pg) {
		gi__dbrows r;
		ck_assert_int_eq(gi__db_query(pg, &r, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'"
		                                      " AND objid = 7406146 AND granted", 0, NULL), 0);
		int n = atoi(GI__CELL(&r, 0, 0));
		gi__dbrows_free(&r);
		return n > 0;
	}
	int rc = sqlite3_exec(lite, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		ck_assert_int_eq(sqlite3_exec(lite, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
		return 0;
	}
	return (rc & 0xff) == SQLITE_BUSY;
}

/* gi processes killed with SIGKILL while they hold the writer lock, that
 * is inside their transaction: what is left is consistent - every member
 * has its one event and every member.add event its member - and takes
 * writes again. */
START_TEST(killed_writer_leaves_consistent_database)
{
	council c;
	open_council(&c, 0, 0);
	close_council(&c);
	char spec_path[600];
	snprintf(spec_path, sizeof spec_path, "%s", t_src("specs/lai-chau-tea.xml"));
	sqlite3 *lite = NULL;
	gi__db *pg = NULL;
	if (is_pg())
		ck_assert_int_eq(gi__db_open(&pg, url), 0);
	else
		ck_assert_int_eq(sqlite3_open_v2(url, &lite, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	int killed = 0, finished = 0;
	for (int i = 0; i < 80 && killed < 5; i++) {
		char tax[16];
		snprintf(tax, sizeof tax, "01%08d", i);
		char *argv[] = { "gi", "registry", "member", "add", "--db", url, "--spec", spec_path, "--kind", "household",
		                 "--name", "A", "--tax-id", tax, NULL };
		pid_t pid = spawn_gi(argv);
		int st, exited = 0;
		for (;;) {
			if (writer_active(lite, pg)) {
				kill(pid, SIGKILL);
				break;
			}
			if (waitpid(pid, &st, WNOHANG) == pid) {
				exited = 1;
				break;
			}
			struct timespec ts = { 0, 20000 };
			nanosleep(&ts, NULL);
		}
		if (exited)
			finished++;
		else
			killed += wait_status(pid) == 128 + SIGKILL;
	}
	sqlite3_close(lite);
	gi__db_close(pg);
	ck_assert_msg(killed > 0, "no writer was caught inside its transaction (%d finished)", finished);
	if (!is_pg())
		ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), 1);
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM member"),
	                 count(&c, "SELECT COUNT(*) FROM event WHERE action = 'member.add'"));
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM member m WHERE (SELECT COUNT(*) FROM event e WHERE"
	                           " e.action = 'member.add' AND e.entity_id = CAST(m.id AS TEXT)) != 1"), 0);
	/* and the database takes writes again */
	open_council(&c, 0, 0);
	json_decref(ok(&c, "member.add", "{\"kind\":\"household\",\"name\":\"B\",\"tax_id\":\"0199999999\"}"));
	close_council(&c);
}
END_TEST

/* Bad input through the gi command: exit status 2, the reason on standard
 * error, and no change (the event count stays). */
/* With a log, every event and every imported record is appended to the
 * transparency log in the same call; log_entry holds each entry's index,
 * leaf hash (RFC 9162 §2.1.1: SHA-256 of 0x00 and the entry) and bytes, and
 * the lot it concerns; a refused change appends nothing. */
START_TEST(registry_log_entries)
{
	char *skey = NULL, *vkey = NULL, ldir[600];
	ck_assert_int_eq(gi_log_keygen(&skey, &vkey, "tea.laichau.example/registry"), 0);
	snprintf(ldir, sizeof ldir, "%s/reglog-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(ldir));
	gi_log_options lo = GI_LOG_OPTIONS_INIT;
	lo.signer_key = skey;
	lo.create = 1;
	gi_log *log = NULL;
	ck_assert_int_eq(gi_log_open(&log, ldir, &lo), 0);
	gi_log_free(log);
	council c;
	memset(&c, 0, sizeof c);
	ck_assert_int_eq(gi_trust_load(&c.trust, P("trust.pem"), NULL), 0);
	gi_registry_options o = GI_REGISTRY_OPTIONS_INIT;
	o.spec = spec;
	o.actor = "qc-officer";
	o.trust = c.trust;
	o.now = 1781524800LL;
	o.log_dir = ldir;
	o.log_key = skey;
	ck_assert_msg(gi_registry_open(&c.reg, url, &o) == 0, "%s", gi_error_last()->message);
	member_plot_lot(&c);
	signing s;
	example_records(&s, "lab-rsa.key", "lab-rsa-chain.pem");
	char *a = import_args(s.xml[0]);
	json_decref(ok(&c, "record.import", a));
	free(a);
	/* refused: nothing in the database, nothing in the log */
	refused(&c, GI_EINVALID, "member 5 is not registered", "plot.add",
	        "{\"member\":5,\"unit\":\"Tam Đường\",\"altitude\":1450,\"area_ha\":1,\"latitude\":22.3,\"longitude\":103.5}");
	json_t *l = ok(&c, "log.list", "{\"lot\":\"LC-GT-2026-0001-3\",\"entries\":true}");
	json_t *list = json_object_get(l, "entries");
	/* the lot's entries: the lot.add event, the record.import event and
	 * the record itself (the import event belongs to the lot's history) */
	ck_assert_int_eq(json_array_size(list), 3);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(json_array_get(list, 0), "entry")),
	                             "\"action\":\"lot.add\""));
	const char *imp = json_string_value(json_object_get(json_array_get(list, 1), "entry"));
	ck_assert_ptr_nonnull(strstr(imp, "\"action\":\"record.import\""));
	ck_assert_ptr_nonnull(strstr(imp, "\"lot\":\"LC-GT-2026-0001-3\""));
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 1), "kind")), "event");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 1), "lot")), "LC-GT-2026-0001-3");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 2), "kind")), "record");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 2), "entry")), s.xml[0]);
	json_decref(l);
	l = ok(&c, "log.list", "{}");
	ck_assert_int_eq((long long)json_array_size(json_object_get(l, "entries")),
	                 count(&c, "SELECT COUNT(*) FROM log_entry"));
	json_decref(l);
	gi_registry_free(c.reg);
	long long n = count(&c, "SELECT COUNT(*) FROM log_entry");
	ck_assert_int_eq(n, count(&c, "SELECT COUNT(*) FROM event") + 1);
	/* every row is the log's entry at its index */
	lo = (gi_log_options)GI_LOG_OPTIONS_INIT;
	lo.verifier_key = vkey;
	ck_assert_int_eq(gi_log_open(&log, ldir, &lo), 0);
	ck_assert_int_eq((long long)gi_log_size(log), n);
	ck_assert_int_eq(gi_log_monitor(log, NULL), 0);
	gi__db *db;
	ck_assert_int_eq(gi__db_open(&db, url), 0);
	gi__dbrows r;
	ck_assert_int_eq(gi__db_query(db, &r, "SELECT idx, leaf_hash, entry FROM log_entry ORDER BY idx", 0, NULL), 0);
	for (size_t i = 0; i < r.n; i++) {
		const char *e = GI__CELL(&r, i, 2);
		uint64_t at;
		ck_assert_int_eq(gi_log_find(log, &at, e, strlen(e)), 0);
		ck_assert_int_eq((long long)at, atoll(GI__CELL(&r, i, 0)));
		unsigned char *buf = malloc(strlen(e) + 1), md[32];
		buf[0] = 0;
		memcpy(buf + 1, e, strlen(e));
		char hex[65];
		ck_assert_int_eq(gi_sha256_memory(hex, buf, strlen(e) + 1), 0);
		(void)md;
		ck_assert_str_eq(GI__CELL(&r, i, 1), hex);
		free(buf);
	}
	gi__dbrows_free(&r);
	gi__db_close(db);
	gi_log_free(log);
	gi_trust_free(c.trust);
	free_records(&s);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", ldir);
	ck_assert_int_eq(system(cmd), 0);
	gi_free(skey);
	gi_free(vkey);
}
END_TEST

/* a whole file (NUL-terminated), or a failed test */
static char *t_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char *buf = malloc(1 << 20);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* The command line: gi registry stamp issue refuses an over-quota sheet
 * (exit 2, no URI file), writes the URIs of one within it; gi stamp sheet
 * draws them (zbarimg reads every URI back from the PNG); gi stamp verify
 * with the status list says VALID and issued (exit 0), NEVER ISSUED for a
 * serial the registry did not issue (exit 1), and refuses an altered list
 * (exit 2); a malformed URI file is refused naming its line. */
START_TEST(stamp_cli)
{
	council c;
	open_council(&c, (long long)time(NULL), 0);
	signing s;
	granted_permit(&c, &s);
	close_council(&c);
	char spec_path[600], key[600], cert[600], keys[600], trust[600], tmp[600], uris[700], png[700], svg[700],
	     status[700], bad[700];
	snprintf(spec_path, sizeof spec_path, "%s", t_src("specs/lai-chau-tea.xml"));
	snprintf(key, sizeof key, "%s", P("lab-rsa.key"));
	snprintf(cert, sizeof cert, "%s", P("lab-rsa-chain.pem"));
	snprintf(keys, sizeof keys, "%s", P("lab-rsa.pem"));
	snprintf(trust, sizeof trust, "%s", P("trust.pem"));
	snprintf(tmp, sizeof tmp, "%s/gi-stamp-cli-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(uris, sizeof uris, "%s/uris.txt", tmp);
	snprintf(png, sizeof png, "%s/sheet.png", tmp);
	snprintf(svg, sizeof svg, "%s/sheet.svg", tmp);
	snprintf(status, sizeof status, "%s/status.xml", tmp);
	snprintf(bad, sizeof bad, "%s/bad.txt", tmp);
	static char out[1 << 16], err[1 << 12];
	int rc = t_gi(out, sizeof out, err, sizeof err, "registry", "stamp", "issue", "--db", url, "--spec", spec_path,
	              "--sign-key", key, "--sign-cert", cert, "--permit", "1", "--lot", "LC-GT-2026-0001-3", "--count",
	              "251", "--package-kg", "1", "--domain", "gi.laichau.example", "--out", uris, (char *)NULL);
	ck_assert_msg(rc == 2 && strstr(err, "over quota: lot LC-GT-2026-0001-3 covers 250 kg"), "exit %d: %s", rc, err);
	ck_assert_int_ne(access(uris, F_OK), 0);
	rc = t_gi(out, sizeof out, err, sizeof err, "registry", "stamp", "issue", "--db", url, "--spec", spec_path,
	          "--sign-key", key, "--sign-cert", cert, "--permit", "1", "--lot", "LC-GT-2026-0001-3", "--count", "4",
	          "--package-kg", "1", "--domain", "gi.laichau.example", "--out", uris, (char *)NULL);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	size_t len = 0;
	char *list = t_slurp(uris, &len);
	char first[1024];
	snprintf(first, sizeof first, "%.*s", (int)strcspn(list, "\n"), list);
	rc = t_gi(out, sizeof out, err, sizeof err, "stamp", "sheet", "--uris", uris, "--png", png, "--svg", svg,
	          "--labels", (char *)NULL);
	ck_assert_msg(rc == 0 && strstr(out, "4 stamps"), "exit %d: %s", rc, err);
	char cmd[4000];
	snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null | sort > '%s/read.txt' && sort '%s' | cmp -s - '%s/read.txt'",
	         png, tmp, uris, tmp);
	ck_assert_msg(system(cmd) == 0, "zbarimg did not read the sheet's URIs back");
	rc = t_gi(out, sizeof out, err, sizeof err, "registry", "permit", "status-list", "--db", url, "--spec", spec_path,
	          "--sign-key", key, "--sign-cert", cert, "--out", status, (char *)NULL);
	ck_assert_msg(rc == 0, "exit %d: %s", rc, err);
	rc = t_gi(out, sizeof out, err, sizeof err, "stamp", "verify", "--keys", keys, "--status", status, "--trust", trust,
	          first, (char *)NULL);
	ck_assert_msg(rc == 0 && strstr(out, "GENUINE") && strstr(out, "permit: P1, granted") && strstr(out, ": VALID") &&
	              strstr(out, "serial: issued for this lot"), "exit %d: %s %s", rc, out, err);
	/* a serial the registry never issued */
	rc = t_gi(out, sizeof out, err, sizeof err, "stamp", "sign", "--domain", "gi.laichau.example", "--lot",
	          "LC-GT-2026-0001-3", "--serial", "000005", "--sign-key", key, "--sign-cert", cert, (char *)NULL);
	ck_assert_int_eq(rc, 0);
	char fake[1024];
	snprintf(fake, sizeof fake, "%.*s", (int)strcspn(out, "\n"), out);
	rc = t_gi(out, sizeof out, err, sizeof err, "stamp", "verify", "--keys", keys, "--status", status, "--trust", trust,
	          "--json", fake, (char *)NULL);
	ck_assert_msg(rc == 1 && strstr(out, "\"issued\": false") && strstr(out, "was never issued"), "exit %d: %s", rc,
	              out);
	/* the status list altered */
	size_t sl;
	char *text = t_slurp(status, &sl), *at = strstr(text, "state=\"granted\"");
	ck_assert_ptr_nonnull(at);
	memcpy(at, "state=\"expired\"", 15);
	FILE *f = fopen(status, "w");
	fputs(text, f);
	fclose(f);
	free(text);
	rc = t_gi(out, sizeof out, err, sizeof err, "stamp", "verify", "--keys", keys, "--status", status, "--trust", trust,
	          first, (char *)NULL);
	ck_assert_msg(rc == 2 && strstr(err, "signature does not verify") && strstr(err, "status.xml"), "exit %d: %s", rc,
	              err);
	/* a URI file with a line that is not a stamp */
	f = fopen(bad, "w");
	fprintf(f, "%s\nnot a uri\n", first);
	fclose(f);
	unlink(png);
	rc = t_gi(out, sizeof out, err, sizeof err, "stamp", "sheet", "--uris", bad, "--png", png, (char *)NULL);
	ck_assert_msg(rc == 2 && strstr(err, "bad.txt:2: not a stamp URI"), "exit %d: %s", rc, err);
	ck_assert_int_ne(access(png, F_OK), 0);
	free(list);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
	free_records(&s);
}
END_TEST

START_TEST(cli_refusals_exit_2)
{
	council c;
	open_council(&c, 0, 0);
	signing s, forged;
	ready_to_grant(&c, &s);
	json_decref(ok(&c, "inspection.add", "{\"member\":1,\"inspector\":1,\"kind\":\"initial\",\"date\":\"2026-05-02\","
	                                     "\"findings\":\"in order\",\"outcome\":\"pass\"}"));
	close_council(&c);
	example_records(&forged, "attacker-lab.key", "attacker-lab-chain.pem");
	char forged_path[700], other_path[700], spec_path[600], trust[600], banned[600];
	snprintf(spec_path, sizeof spec_path, "%s", t_src("specs/lai-chau-tea.xml"));
	snprintf(banned, sizeof banned, "%s", t_src("specs/data/vn-banned-pesticides.csv"));
	snprintf(trust, sizeof trust, "%s", P("trust.pem"));
	snprintf(forged_path, sizeof forged_path, "%s", t_tmpfile(forged.xml[0], ".xml"));
	snprintf(other_path, sizeof other_path, "%s", t_tmpfile(s.xml[1], ".xml"));
	static char out[1 << 16], err[1 << 12];
	long long before = count(&c, "SELECT COUNT(*) FROM event");
	struct {
		const char *want;
		const char *args[18];
	} cases[] = {
		{ "member 5 is not registered", { "plot", "add", "--member", "5", "--unit", "Tam Đường", "--altitude", "1450",
		                                  "--area-ha", "1", "--latitude", "22.3", "--longitude", "103.5" } },
		{ "outside every area", { "plot", "add", "--member", "1", "--unit", "Mường Tè", "--altitude", "1450",
		                          "--area-ha", "1", "--latitude", "22.3", "--longitude", "103.5" } },
		{ "banned", { "logbook", "add", "--banned", banned, "--plot", "1", "--date", "2026-03-01", "--activity",
		              "pesticide", "--substance", "Carbofuran 3GR", "--dose", "1 kg/ha", "--operator", "A",
		              "--phi-days", "7" } },
		{ "already has permit 1", { "permit", "apply", "--member", "1", "--product", "green-tea", "--plot", "1",
		                            "--quantity-kg", "5" } },
		{ "does not verify", { "record", "import", "--trust", trust, "--record", forged_path } },
		{ "not registered", { "record", "import", "--trust", trust, "--record", other_path } },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char **a = cases[i].args;
		int rc = t_gi(out, sizeof out, err, sizeof err, "registry", a[0], a[1], "--db", url, "--spec", spec_path,
		              a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15],
		              a[16], a[17], (char *)NULL);
		ck_assert_msg(rc == 2, "%s %s: exit %d (%s)", a[0], a[1], rc, err);
		ck_assert_msg(strstr(err, cases[i].want), "%s %s: '%s' lacks '%s'", a[0], a[1], err, cases[i].want);
		ck_assert_str_eq(out, "");
	}
	ck_assert_int_eq(count(&c, "SELECT COUNT(*) FROM event"), before);
	unlink(forged_path);
	unlink(other_path);
	free_records(&s);
	free_records(&forged);
}
END_TEST

Suite *suite_registry(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("registry");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, migrates_an_older_database);
	tcase_add_test(tc, events_are_append_only);
	tcase_add_test(tc, members_and_plots);
	tcase_add_test(tc, lot_codes);
	tcase_add_test(tc, lot_code_matching);
	tcase_add_test(tc, logbook_checks);
	tcase_add_test(tc, record_import);
	tcase_add_test(tc, inspections_and_schedule);
	tcase_add_test(tc, permit_state_machine);
	tcase_add_test(tc, violation_ladder);
	tcase_add_test(tc, migrates_to_lot_photos);
	tcase_add_test(tc, lot_shelf_life_and_photos);
	tcase_add_test(tc, permit_for_a_lot);
	tcase_add_test(tc, stamps_within_quota);
	tcase_add_test(tc, stamp_sheet_reads_back);
	tcase_add_test(tc, stamp_inspection);
	tcase_add_test(tc, stamp_cli);
	tcase_add_test(tc, registry_log_entries);
	tcase_add_test(tc, cli_refusals_exit_2);
	tcase_add_test(tc, concurrent_writers);
	tcase_add_test(tc, killed_writer_leaves_consistent_database);
	suite_add_tcase(s, tc);
	return s;
}
