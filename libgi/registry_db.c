/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * registry_db.c - the registry's SQL, on SQLite or on PostgreSQL through
 * libpq. Statements are written once with $1..$n parameters, which both
 * understand; every value goes in and comes out as text.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <libpq-fe.h>
#include "registry_internal.h"
#include "i18n_internal.h"

struct gi__db {
	gi__db_kind kind;
	sqlite3 *lite;
	PGconn *pg;
};

/* Writers wait this long for one another before giving up. */
#define BUSY_MS 60000
/* The key of the PostgreSQL advisory lock that serialises writers. */
#define PG_WRITER_LOCK "7406146"

static int is_pg_url(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int gi__db_open(gi__db **out, const char *url)
{
	*out = NULL;
	gi__db *db = calloc(1, sizeof *db);
	if (!db)
		return gi__oom();
	if (is_pg_url(url)) {
		db->kind = GI__DB_PG;
		db->pg = PQconnectdb(url);
		if (!db->pg || PQstatus(db->pg) != CONNECTION_OK) {
			int rc = gi__error(GI_EIO, NULL, 0, N_("cannot connect to the registry database: %s"),
			                   db->pg ? PQerrorMessage(db->pg) : "out of memory");
			/* libpq's message ends with a newline */
			gi__db_close(db);
			return rc;
		}
		PQsetNoticeProcessor(db->pg, quiet_notice, NULL);
		*out = db;
		return GI_OK;
	}
	db->kind = GI__DB_SQLITE;
	int src = sqlite3_open_v2(url, &db->lite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
	                          NULL);
	if (src != SQLITE_OK) {
		int rc = gi__error(GI_EIO, url, 0, N_("cannot open the registry database: %s"),
		                   db->lite ? sqlite3_errmsg(db->lite) : sqlite3_errstr(src));
		gi__db_close(db);
		return rc;
	}
	sqlite3_busy_timeout(db->lite, BUSY_MS);
	/* WAL: readers never block the writer; synchronous=FULL: a committed
	 * change survives a crash or power loss; foreign keys are off by
	 * default in SQLite */
	int rc = gi__db_script(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
	if (rc < 0) {
		gi__db_close(db);
		return rc;
	}
	*out = db;
	return GI_OK;
}

void gi__db_close(gi__db *db)
{
	if (!db)
		return;
	if (db->lite)
		sqlite3_close_v2(db->lite);
	if (db->pg)
		PQfinish(db->pg);
	free(db);
}

gi__db_kind gi__db_kind_of(const gi__db *db)
{
	return db->kind;
}

void gi__dbrows_free(gi__dbrows *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n * r->cols; i++)
		free(r->cell[i]);
	for (size_t j = 0; r->name && j < r->cols; j++)
		free(r->name[j]);
	free(r->cell);
	free(r->name);
	r->cell = NULL;
	r->name = NULL;
	r->n = r->cols = 0;
}

/* The column names, once; 0 or -1. */
static int rows_names(gi__dbrows *r, size_t cols, const char *(*get)(void *, size_t), void *src)
{
	if (r->name)
		return 0;
	r->name = calloc(cols ? cols : 1, sizeof *r->name);
	if (!r->name)
		return -1;
	r->cols = cols;
	for (size_t j = 0; j < cols; j++) {
		const char *n = get(src, j);
		if (!(r->name[j] = strdup(n ? n : "")))
			return -1;
	}
	return 0;
}

static const char *lite_name(void *st, size_t j)
{
	return sqlite3_column_name(st, (int)j);
}

static const char *pg_name(void *res, size_t j)
{
	return PQfname(res, (int)j);
}

static int rows_add(gi__dbrows *r, size_t cols)
{
	char **cell = realloc(r->cell, (r->n + 1) * cols * sizeof *cell);
	if (!cell)
		return -1;
	r->cell = cell;
	r->cols = cols;
	memset(cell + r->n * cols, 0, cols * sizeof *cell);
	r->n++;
	return 0;
}

static char *dup_or_null(const char *s, int *bad)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*bad = 1;
	return d;
}

static int lite_error(gi__db *db, int src)
{
	int code = (src & 0xff) == SQLITE_CONSTRAINT ? GI_EINVALID : GI_EIO;
	return gi__error(code, NULL, 0, "registry database: %s", sqlite3_errmsg(db->lite));
}

static int lite_query(gi__db *db, gi__dbrows *rows, const char *sql, size_t n, const char *const *params)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(db->lite, sql, -1, &st, NULL);
	if (src != SQLITE_OK)
		return lite_error(db, src);
	for (size_t i = 0; i < n; i++) {
		char name[24];
		snprintf(name, sizeof name, "$%zu", i + 1);
		int at = sqlite3_bind_parameter_index(st, name);
		if (at <= 0)
			continue;
		src = params[i] ? sqlite3_bind_text(st, at, params[i], -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, at);
		if (src != SQLITE_OK) {
			sqlite3_finalize(st);
			return lite_error(db, src);
		}
	}
	int bad = rows && rows_names(rows, (size_t)sqlite3_column_count(st), lite_name, st) < 0;
	while (!bad && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (!rows)
			continue;
		size_t cols = (size_t)sqlite3_column_count(st);
		if (rows_add(rows, cols) < 0) {
			bad = 1;
			break;
		}
		for (size_t j = 0; j < cols; j++)
			GI__CELL(rows, rows->n - 1, j) = dup_or_null((const char *)sqlite3_column_text(st, (int)j), &bad);
	}
	int rc = bad ? gi__oom() : src == SQLITE_DONE ? GI_OK : lite_error(db, src);
	sqlite3_finalize(st);
	if (rc < 0 && rows)
		gi__dbrows_free(rows);
	return rc;
}

static int pg_error(gi__db *db, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	/* class 23: integrity constraint violation */
	int code = state && strncmp(state, "23", 2) == 0 ? GI_EINVALID : GI_EIO;
	int rc = gi__error(code, NULL, 0, "registry database: %s", msg ? msg : PQerrorMessage(db->pg));
	PQclear(res);
	return rc;
}

static int pg_result(gi__db *db, gi__dbrows *rows, PGresult *res)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return pg_error(db, res);
	int bad = 0;
	if (rows && st == PGRES_TUPLES_OK) {
		size_t cols = (size_t)PQnfields(res);
		bad = rows_names(rows, cols, pg_name, res) < 0;
		for (int i = 0; i < PQntuples(res) && !bad; i++) {
			if (rows_add(rows, cols) < 0) {
				bad = 1;
				break;
			}
			for (size_t j = 0; j < cols; j++)
				if (!PQgetisnull(res, i, (int)j))
					GI__CELL(rows, rows->n - 1, j) = dup_or_null(PQgetvalue(res, i, (int)j), &bad);
		}
	}
	PQclear(res);
	if (bad) {
		if (rows)
			gi__dbrows_free(rows);
		return gi__oom();
	}
	return GI_OK;
}

int gi__db_query(gi__db *db, gi__dbrows *rows, const char *sql, size_t n, const char *const *params)
{
	if (rows)
		memset(rows, 0, sizeof *rows);
	if (db->kind == GI__DB_SQLITE)
		return lite_query(db, rows, sql, n, params);
	return pg_result(db, rows, PQexecParams(db->pg, sql, (int)n, NULL, params, NULL, NULL, 0));
}

int gi__db_script(gi__db *db, const char *sql)
{
	if (db->kind == GI__DB_PG)
		return pg_result(db, NULL, PQexec(db->pg, sql));
	char *err = NULL;
	int src = sqlite3_exec(db->lite, sql, NULL, NULL, &err);
	if (src == SQLITE_OK)
		return GI_OK;
	int rc = gi__error((src & 0xff) == SQLITE_CONSTRAINT ? GI_EINVALID : GI_EIO, NULL, 0, "registry database: %s",
	                   err ? err : sqlite3_errstr(src));
	sqlite3_free(err);
	return rc;
}

int gi__db_begin(gi__db *db)
{
	if (db->kind == GI__DB_SQLITE)
		return gi__db_script(db, "BEGIN IMMEDIATE");
	int rc = gi__db_script(db, "BEGIN");
	if (rc == 0)
		rc = gi__db_script(db, "SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")");
	if (rc < 0)
		gi__db_rollback(db);
	return rc;
}

int gi__db_commit(gi__db *db)
{
	int rc = gi__db_script(db, "COMMIT");
	if (rc < 0)
		gi__db_rollback(db);
	return rc;
}

void gi__db_rollback(gi__db *db)
{
	if (db->kind == GI__DB_SQLITE) {
		if (!sqlite3_get_autocommit(db->lite))
			sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
	} else {
		PQclear(PQexec(db->pg, "ROLLBACK"));
	}
}
