/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/registry.h - the GI council's registry.
 *
 * What a GI's managing council keeps: members (households, cooperatives,
 * companies) and their plots, checked against the spec's areas; inspectors
 * and their approval by the board; lots with their lot codes; the
 * e-logbook of each plot and lot; the signed verification records that
 * test a lot; inspections and audits with their surveillance schedule;
 * permits to use the mark (applied -> granted -> suspended <-> granted ->
 * withdrawn, expired), each granted permit a document the council signs;
 * and violations on the ladder warning -> fine -> withdrawal -> legal
 * action.
 *
 * Storage is SQLite (a file path; WAL) or PostgreSQL (a "postgresql://" or
 * "postgres://" URL, through libpq). The schema is versioned and an older
 * database is upgraded in place when opened. Every change runs in one
 * transaction that also appends an event row (who, when, what, the state
 * before and after as JSON); event rows can be neither updated nor deleted
 * (the database refuses it). Writers are serialised, so several processes
 * may change one registry at once without losing or repeating an update.
 *
 * One call, gi_registry_call(), does every job: it takes an action name
 * and its arguments as a JSON object and returns the result as JSON. The
 * actions, their arguments and results are listed in
 * specs/registry-format.md. A refused change (unknown member, plot outside
 * the product's areas, banned substance, a second permit for the same
 * scope, a record that does not verify or does not match the lot, a
 * transition whose preconditions fail) returns GI_EINVALID with the reason
 * in gi_error_last() and changes nothing.
 */
#ifndef GI_REGISTRY_H
#define GI_REGISTRY_H

#include "common.h"
#include "error.h"
#include "spec.h"
#include "record.h"

GI_BEGIN_DECL

typedef struct gi_registry gi_registry;

/** How a registry is opened. Initialise with GI_REGISTRY_OPTIONS_INIT. */
typedef struct gi_registry_options {
	int version;
	const gi_spec *spec;        /* the GI's specification (areas, products);
	                               required; borrowed for the registry's life */
	const char *actor;          /* who makes the changes, written in every
	                               event; NULL: "unknown" */
	const gi_trust *trust;      /* the council's trust anchors: record import
	                               needs them; or NULL. Borrowed. */
	const gi_signer *signer;    /* the council's key: granting a permit and
	                               the status list need it; or NULL. Borrowed. */
	const char *banned_file;    /* CSV of banned and withdrawn substances
	                               (active_ingredient,group,status,since,source);
	                               or NULL for none */
	int months_pass;            /* surveillance interval after a pass with no
	                               violation; 0: 12 */
	int months_fail;            /* after a violation or a non-pass result; 0: 6 */
	int repeat_months;          /* a violation within this many months of the
	                               previous one climbs the ladder; 0: 24 */
	long long now;              /* seconds since 1970 used as "now"; 0: clock */
	int schema_version;         /* migrate only up to this schema version (to
	                               test upgrades); 0: the newest */
	/* Version 2: */
	const char *log_dir;        /* the transparency log (gi/log.h) every change
	                               is appended to, or NULL for none; the
	                               registry holds it as its writer until
	                               gi_registry_free */
	const char *log_key;        /* its signer key; required with log_dir */
} gi_registry_options;

#define GI_REGISTRY_OPTIONS_VERSION 2
#define GI_REGISTRY_OPTIONS_INIT { GI_REGISTRY_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, NULL, NULL }

/**
 * Opens (creating if needed) a registry and upgrades its schema to the
 * newest version (or opts->schema_version).
 *
 *   gi_registry_options o = GI_REGISTRY_OPTIONS_INIT;
 *   o.spec = spec; o.actor = "qc-officer";
 *   gi_registry *reg;
 *   if (gi_registry_open(&reg, "council.db", &o) < 0) ...
 *
 * @param out  new registry, free with gi_registry_free; NULL on failure
 * @param url  a file path (SQLite) or a postgresql:// URL
 * @return GI_OK; GI_EIO (cannot open or connect); GI_EINVALID (the
 *         database belongs to another GI, or its schema is newer than this
 *         library knows); GI_EUSAGE (no spec, unknown options version)
 */
GI_EXTERN(int) gi_registry_open(gi_registry **out, const char *url, const gi_registry_options *opts);

/** Closes the registry. NULL is a no-op. */
GI_EXTERN(void) gi_registry_free(gi_registry *reg);

/** The schema version of the open database (GI_REGISTRY_SCHEMA_VERSION
 *  after a full upgrade). */
GI_EXTERN(int) gi_registry_schema_version(const gi_registry *reg);

/** The newest schema version this library writes. */
#define GI_REGISTRY_SCHEMA_VERSION 4

/**
 * Runs one action: "member.add", "plot.add", "inspector.add",
 * "inspector.approve", "lot.add", "lot.show", "logbook.add",
 * "record.import", "inspection.add", "inspection.due", "permit.apply",
 * "permit.grant", "permit.suspend", "permit.reinstate", "permit.withdraw",
 * "permit.expire", "permit.show", "permit.status-list", "violation.add",
 * "member.show", "event.list", "stamp.issue", "stamp.list", "log.list",
 * "permit.for-lot", "permit.list", "lot.shelf-life", "lot.photo-add",
 * "lot.photo-list"
 * (specs/registry-format.md).
 *
 * "permit.for-lot" answers which permit covers a lot (its product and
 * every plot), the one valid today first, by one query on the lot's
 * members. "lot.photo-add" takes a photo's bytes (base64), refuses what
 * is not a JPEG or PNG image or is over 8 MiB, and records its SHA-256,
 * media type and caption; the bytes are the caller's to keep.
 *
 * With a log (options log_dir), every event and every imported record is
 * appended to the transparency log in the same call, and the log's index,
 * leaf hash and bytes of each entry are kept in the table log_entry with
 * the lot it concerns ("log.list"). The log's checkpoint is committed
 * before the database transaction: the database never names an entry the
 * log does not hold, and a change refused or rolled back appends nothing.
 *
 * "stamp.issue" hands out a range of serialised, signed stamps for a lot
 * under a granted permit (one per package of package_kg) and refuses,
 * changing nothing, a range that would together with every range issued
 * before stamp more than the permit's quantity or the lot's: the council
 * cannot print more stamps than the permit covers.
 *
 *   char *json;
 *   gi_registry_call(reg, &json, "member.add",
 *       "{\"kind\":\"household\",\"name\":\"Lò Văn A\",\"tax_id\":\"0101234567\"}");
 *   ... gi_free(json);
 *
 * @param out   receives the result, a JSON object (new, free with gi_free);
 *              NULL on failure
 * @param args  a JSON object; numbers may be JSON numbers or strings (a
 *              decimal comma is accepted)
 * @return GI_OK; GI_EINVALID (refused: the reason is in gi_error_last(),
 *         nothing was changed); GI_EPARSE (args is not a JSON object, or
 *         a value is malformed); GI_EUSAGE (unknown action, or the registry
 *         lacks the trust anchors or signer the action needs); GI_EIO
 *         (the database failed)
 */
GI_EXTERN(int) gi_registry_call(gi_registry *reg, char **out, const char *action, const char *args);

/**
 * Checks a lot code's form and check character (specs/registry-format.md,
 * "Lot codes"): groups of capital letters and digits joined by '-', the
 * last two a four-digit year and a serial of four or more digits, then '-'
 * and an ISO/IEC 7064 MOD 11-2 check character (0-9 or X) over every digit
 * before it.
 * @return GI_OK; GI_EPARSE (malformed, or the check character is wrong:
 *         gi_error_last() says which and, for a wrong one, the right one)
 */
GI_EXTERN(int) gi_registry_lot_code_check(const char *code);

GI_END_DECL

#endif
