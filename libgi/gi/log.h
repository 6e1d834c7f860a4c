/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/log.h - the transparency log: an append-only Merkle tree (RFC 9162
 * §2.1, SHA-256) of what was published, stored as a static C2SP tlog-tiles
 * directory that any web server can serve, with C2SP tlog-checkpoint
 * checkpoints in C2SP signed notes signed by the log's Ed25519 key, and
 * inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4).
 *
 * Keys are the signed-note key strings Go's golang.org/x/mod/sumdb/note
 * uses: a signer key "PRIVATE+KEY+<name>+<id>+<base64>" (keep it secret)
 * and a verifier key "<name>+<id>+<base64>" (publish it), where <id> is the
 * first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key) in
 * hexadecimal and <base64> encodes 0x01 || the 32-byte key. The key's name
 * is the log's origin (the checkpoint's first line).
 *
 * Entries are at most 65535 bytes (tlog-tiles entry bundles give each a
 * 2-byte length). specs/log-format.md describes the files.
 */
#ifndef GI_LOG_H
#define GI_LOG_H

#include <stdint.h>
#include "common.h"

GI_BEGIN_DECL

typedef struct gi_log gi_log;

/* Bytes in a hash (SHA-256). Proofs are arrays of count such hashes. */
#define GI_LOG_HASH_SIZE 32
/* The largest entry a log holds. */
#define GI_LOG_ENTRY_MAX 65535

#define GI_LOG_OPTIONS_VERSION 2
typedef struct gi_log_options {
	int version;              /* GI_LOG_OPTIONS_VERSION */
	/* The signer key: needed to append. The writer holds an exclusive lock
	 * on the directory until gi_log_free. */
	const char *signer_key;
	/* The verifier key the checkpoint must be signed with; NULL: the
	 * signer key's public half. One of the two is required. */
	const char *verifier_key;
	/* Nonzero: make an empty log in dir (which must be empty or absent);
	 * needs signer_key. */
	int create;
	/* Version 2: for a log at an https:// URL, a PEM file of the CA
	 * certificates to trust instead of the system's store (NULL). */
	const char *ca_file;
	/* Version 2: for a log at a URL, the seconds allowed to connect and
	 * to fetch each object (checkpoint, tile, bundle); 0: 10 and 60. */
	long connect_timeout;
	long timeout;
} gi_log_options;
#define GI_LOG_OPTIONS_INIT { GI_LOG_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0, 0 }

/**
 * Makes a new Ed25519 key pair for a log named name (e.g.
 * "tea.laichau.gov.vn/log": no spaces, no '+').
 * @param signer_out   new signer key string, free with gi_free
 * @param verifier_out new verifier key string, free with gi_free
 * @return 0, GI_EUSAGE for a bad name, GI_ERROR when OpenSSL fails
 */
GI_EXTERN(int) gi_log_keygen(char **signer_out, char **verifier_out, const char *name);

/**
 * Opens the log stored in the directory dir and checks its checkpoint's
 * signature and that the tiles at its right edge give its root hash.
 *
 * dir may instead be an http:// or https:// URL where a web server
 * publishes the log's directory: the log is then read-only (verifier key
 * only) and every read (gi_log_monitor, gi_log_prove, gi_log_find, ...)
 * fetches the checkpoint, tiles and entry bundles from it with libcurl.
 * HTTPS certificates are checked against the system's CA store or
 * opts->ca_file; no other protocol is spoken, a redirect is followed (at
 * most 5) only to http:// or https:// (from https://, only to https://);
 * each object is bounded by the size tlog-tiles allows it (a hash tile
 * 256 * 32 bytes, an entry bundle 256 * (2 + 65535) bytes, a checkpoint
 * 64 KiB) and by opts->timeout. A failure names the URL: GI_EIO for a
 * connection, certificate, redirect or HTTP status (e.g. 404) failure,
 * GI_EINVALID for an object larger or smaller than the format allows.
 * Proxies are libcurl's: from http_proxy, https_proxy and no_proxy.
 * @param out  new log, free with gi_log_free
 * @return 0; GI_EIO (cannot read, or the directory is locked by a
 *         writer that does not let go), GI_EPARSE (a malformed key,
 *         checkpoint or tile), GI_EINVALID (the signature or the tree does
 *         not check out), GI_EUSAGE
 *
 *     gi_log_options o = GI_LOG_OPTIONS_INIT;
 *     o.verifier_key = "tea.example/log+1a2b3c4d+AQ...";
 *     if (gi_log_open(&log, "/srv/www/log", &o) == 0) ...
 */
GI_EXTERN(int) gi_log_open(gi_log **out, const char *dir, const gi_log_options *opts);

/** Releases the log (and its writer's lock); pending entries that were
 *  not committed are dropped. NULL is a no-op. */
GI_EXTERN(void) gi_log_free(gi_log *log);

/**
 * Adds an entry (its exact bytes) to the pending batch. Nothing is
 * published, and the entry is not durable, until gi_log_commit returns 0.
 * @param index_out  where the entry's index in the log goes, or NULL
 * @return 0, GI_EUSAGE (log opened without a signer key, entry longer than
 *         GI_LOG_ENTRY_MAX), GI_ENOMEM
 */
GI_EXTERN(int) gi_log_append(gi_log *log, const void *entry, size_t len, uint64_t *index_out);

/**
 * Writes the pending batch: entry bundles and tiles are written to
 * temporary files, flushed to disk and renamed into place, and only then
 * a new checkpoint, signed once for the whole batch, replaces the old one
 * (also by a flushed rename). A crash at any point leaves the previous
 * checkpoint and everything it covers intact.
 * @return 0, GI_EIO, GI_ERROR; on failure the batch stays pending
 */
GI_EXTERN(int) gi_log_commit(gi_log *log);

/** The number of entries the current checkpoint covers. */
GI_EXTERN(uint64_t) gi_log_size(const gi_log *log);

/** The current signed checkpoint (the text of the file checkpoint).
 *  Borrowed: valid until the next gi_log_commit or gi_log_free. */
GI_EXTERN(const char *) gi_log_checkpoint(const gi_log *log);

/**
 * Finds an entry by its bytes: the index of the first entry with the same
 * leaf hash, searched in the level-0 tiles of the current checkpoint.
 * @return 0, GI_EINVALID when the log has no such entry, GI_EIO
 */
GI_EXTERN(int) gi_log_find(gi_log *log, uint64_t *index_out, const void *entry, size_t len);

/**
 * An offline proof that entry index is in the log: a C2SP tlog-proof
 * ("c2sp.org/tlog-proof@v1", the index, the inclusion proof and the current
 * signed checkpoint), a few hundred bytes.
 * @param out  new text, free with gi_free
 * @return 0, GI_EUSAGE (index beyond the checkpoint), GI_EIO
 */
GI_EXTERN(int) gi_log_prove(gi_log *log, char **out, uint64_t index);

/**
 * Checks a tlog-proof offline: its checkpoint is signed with verifier_key
 * and the inclusion proof leads from entry's leaf hash to its root.
 * @param index_out  the entry's index, or NULL
 * @param size_out   the size of the tree it is proved in, or NULL
 * @return 0; GI_EPARSE (malformed proof or key), GI_EINVALID (signature,
 *         origin or proof does not check out)
 */
GI_EXTERN(int) gi_log_proof_verify(uint64_t *index_out, uint64_t *size_out, const char *proof,
		const char *verifier_key, const void *entry, size_t len);

/**
 * The monitor's check: recomputes every hash of the tree from the entry
 * bundles and compares it with every tile and with the checkpoint's root;
 * then, when state_file names a file holding a checkpoint this monitor
 * saw before, checks its signature and proves that the current tree
 * extends it (consistency proof built from the tiles). On success the
 * current checkpoint is written to state_file (by a rename).
 * @param state_file  path, or NULL for no memory between runs
 * @return 0; GI_EINVALID (a tile, bundle or root differs, or the log
 *         rewrote or forked what the monitor saw), GI_EPARSE, GI_EIO
 */
GI_EXTERN(int) gi_log_monitor(gi_log *log, const char *state_file);

/**
 * Checks an inclusion proof (RFC 9162 §2.1.3.2): count hashes at proof
 * lead from leaf_hash, the entry at index, to root, the root hash of a
 * tree of size entries.
 * @return 0, GI_EINVALID when they do not, GI_EUSAGE
 */
GI_EXTERN(int) gi_log_inclusion_verify(uint64_t index, uint64_t size, const unsigned char leaf_hash[32],
		const unsigned char *proof, size_t count, const unsigned char root[32]);

/**
 * Checks a consistency proof (RFC 9162 §2.1.4.2): the tree of size1
 * entries with root1 is a prefix of the tree of size2 entries with root2.
 * @return 0, GI_EINVALID when it is not proved, GI_EUSAGE
 */
GI_EXTERN(int) gi_log_consistency_verify(uint64_t size1, uint64_t size2, const unsigned char root1[32],
		const unsigned char root2[32], const unsigned char *proof, size_t count);

/**
 * A consistency proof from the tree of old_size entries to the current
 * checkpoint, read from the tiles.
 * @param out    new array of *count hashes, free with gi_free (NULL when 0)
 * @return 0, GI_EUSAGE (old_size beyond the checkpoint), GI_EIO
 */
GI_EXTERN(int) gi_log_consistency_prove(gi_log *log, unsigned char **out, size_t *count, uint64_t old_size);

GI_END_DECL

#endif
