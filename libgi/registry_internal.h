/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * registry_internal.h - the registry's storage and actions. Not exported.
 */
#ifndef GI_REGISTRY_INTERNAL_H
#define GI_REGISTRY_INTERNAL_H

#include <jansson.h>
#include "internal.h"
#include "gi/log.h"

/* ---- registry_db.c: one SQL interface over SQLite and libpq ---- */
typedef enum { GI__DB_SQLITE, GI__DB_PG } gi__db_kind;
typedef struct gi__db gi__db;
/* A query's result: every cell as text (NULL for SQL NULL). */
typedef struct gi__dbrows {
	size_t n, cols;
	char **cell;               /* n * cols */
	char **name;               /* cols column names */
} gi__dbrows;
#define GI__CELL(r, i, j) ((r)->cell[(i) * (r)->cols + (j)])

int gi__db_open(gi__db **out, const char *url);
void gi__db_close(gi__db *db);
gi__db_kind gi__db_kind_of(const gi__db *db);
/* Runs one statement with $1..$n text parameters (NULL = SQL NULL); rows,
 * when not NULL, receives what it returns. GI_EIO with the database's
 * message, or GI_EINVALID when a constraint refuses it. */
int gi__db_query(gi__db *db, gi__dbrows *rows, const char *sql, size_t n, const char *const *params);
/* Runs several statements without parameters (migrations). */
int gi__db_script(gi__db *db, const char *sql);
/* BEGIN a write transaction that excludes every other writer (SQLite:
 * BEGIN IMMEDIATE; PostgreSQL: a transaction-wide advisory lock). */
int gi__db_begin(gi__db *db);
int gi__db_commit(gi__db *db);
void gi__db_rollback(gi__db *db);
void gi__dbrows_free(gi__dbrows *r);

/* ---- registry.c ---- */
struct gi_registry {
	gi__db *db;
	const gi_spec *spec;
	char *actor;
	const gi_trust *trust;
	const gi_signer *signer;
	int months_pass, months_fail, repeat_months;
	long long now;
	int schema;
	/* the banned list: parallel arrays, names lowercased */
	size_t n_banned;
	char **banned_name, **banned_status, **banned_since, **banned_source;
	gi_log *log;               /* the transparency log, or NULL */
};

/* ---- registry_log.c: the registry's entries in the transparency log ---- */
/* Appends entry (kind "event" or "record") to the log's pending batch and
 * its row to log_entry, inside the open transaction; nothing without a
 * log. lot_id and event_id may be NULL. */
int gi__reg_log_append(gi_registry *reg, const char *kind, const char *event_id, const char *lot_id,
                       const char *entry, size_t len);
/* Commits the log's pending batch (before the database commits), or drops
 * it (after a rollback). */
int gi__reg_log_commit(gi_registry *reg);
void gi__reg_log_discard(gi_registry *reg);
int gi__reg_log_list(gi_registry *reg, json_t *args, json_t **out);

/* The time the registry treats as now, and today as YYYY-MM-DD. */
long long gi__reg_now(const gi_registry *reg);
void gi__reg_today(const gi_registry *reg, char out[11]);
/* Appends the event of a change inside the open transaction. before and
 * after may be NULL; they are not stolen. */
int gi__reg_event(gi_registry *reg, const char *action, const char *entity, const char *entity_id,
                  json_t *before, json_t *after);
/* One row of a table as a JSON object (NULL if there is none): ids as
 * integers, numbers as numbers, JSON columns as JSON. New reference. */
json_t *gi__reg_row(gi_registry *reg, const char *table, const char *id);
/* Row i of r as such an object. New reference. */
json_t *gi__reg_rows_object(const gi__dbrows *r, size_t i, char *const *names);
/* The check character a lot code's base (without "-C") gets. */
char gi__lot_check_char(const char *base);

/* ---- registry_ops.c: the actions ---- */
typedef int (*gi__reg_action)(gi_registry *reg, json_t *args, json_t **out);
gi__reg_action gi__reg_find_action(const char *name, int *writes);

/* argument helpers (GI_EPARSE / GI_EINVALID naming the argument) */
int gi__arg_str(const char **out, json_t *args, const char *name, int required);
int gi__arg_num(double *out, int *present, json_t *args, const char *name, int required);
int gi__arg_id(char out[24], json_t *args, const char *name);
int gi__arg_date(const char **out, json_t *args, const char *name, int required);
/* Dates: YYYY-MM-DD checked; months and days added. */
int gi__date_valid(const char *s);
void gi__date_add(char out[11], const char *date, int months, int days);

/* ---- registry_permit.c: permits and the status list ---- */
int gi__reg_permit_apply(gi_registry *reg, json_t *args, json_t **out);
int gi__reg_permit_grant(gi_registry *reg, json_t *args, json_t **out);
int gi__reg_permit_suspend(gi_registry *reg, json_t *args, json_t **out);
int gi__reg_permit_reinstate(gi_registry *reg, json_t *args, json_t **out);
int gi__reg_permit_withdraw(gi_registry *reg, json_t *args, json_t **out);
int gi__reg_permit_expire(gi_registry *reg, json_t *args, json_t **out);
int gi__reg_permit_show(gi_registry *reg, json_t *args, json_t **out);
int gi__reg_status_list(gi_registry *reg, json_t *args, json_t **out);
/* Moves a permit to state (withdrawn, suspended, ...) inside the open
 * transaction, with its event; refuses with the reason when the state
 * machine does not allow it. */
int gi__reg_permit_move(gi_registry *reg, const char *id, const char *to, const char *reason, json_t **out);

/* ---- registry_stamp.c: serialised stamps under a permit ---- */
int gi__reg_stamp_issue(gi_registry *reg, json_t *args, json_t **out);
int gi__reg_stamp_list(gi_registry *reg, json_t *args, json_t **out);
/* A stamp's serial text: the number in decimal, zero-padded to six digits. */
void gi__stamp_serial(char out[24], long long n);

/* ---- record.c: signing a council document with a record signer ---- */
#include <libxml/tree.h>
/* Signs doc as records are signed (enveloped XML-DSig with XAdES signed
 * properties; id names the signature), and serialises it. */
int gi__sign_document(char **out, size_t *len, xmlDocPtr doc, const gi_signer *sg, const char *id,
                      long long when);

#endif
