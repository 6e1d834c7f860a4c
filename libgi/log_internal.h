/* SPDX-License-Identifier: GPL-3.0-or-later */
/* log_internal.h - Merkle tree hashing and proofs (RFC 9162 §2.1) shared by
 * the log's storage, its checkpoints and the tests. */
#ifndef GI_LOG_INTERNAL_H
#define GI_LOG_INTERNAL_H

#include <stdint.h>
#include <stddef.h>
#include <openssl/evp.h>

#define GI__HASH 32
/* A proof never has more hashes than this: an inclusion proof has at most
 * one per level (64 for a tree of 2^64 entries), a consistency proof at
 * most two per level. */
#define GI__PROOF_MAX 130

/* SHA-256 with one context reused for every hash (the appender hashes
 * millions of short inputs). */
typedef struct gi__hasher {
	EVP_MD_CTX *ctx;
	EVP_MD *md;
} gi__hasher;

int gi__hasher_init(gi__hasher *h);
void gi__hasher_done(gi__hasher *h);
/* leaf hash SHA-256(0x00 || entry) */
void gi__log_leaf(gi__hasher *h, unsigned char out[GI__HASH], const void *entry, size_t len);
/* interior node SHA-256(0x01 || left || right); out may alias left or right */
void gi__log_node(gi__hasher *h, unsigned char out[GI__HASH], const unsigned char *left, const unsigned char *right);
/* MTH of a complete subtree of count (a power of 2) consecutive hashes;
 * hashes is overwritten. */
void gi__log_perfect(gi__hasher *h, unsigned char out[GI__HASH], unsigned char *hashes, size_t count);

/* Where proofs read the tree: the hash of the complete subtree of 2^level
 * entries that starts at entry index << level. 0, or a GI_E* code (the
 * error recorded). */
typedef int (*gi__hash_get)(void *ctx, unsigned level, uint64_t index, unsigned char out[GI__HASH]);

/* MTH(D[a:b]), a < b, with the subtrees read through get. */
int gi__log_subtree(gi__hasher *h, unsigned char out[GI__HASH], gi__hash_get get, void *ctx, uint64_t a, uint64_t b);
/* PATH(index, D[0:size]) (RFC 9162 §2.1.3.1) into proof (GI__PROOF_MAX
 * hashes); *count set. */
int gi__log_inclusion(gi__hasher *h, unsigned char *proof, size_t *count, gi__hash_get get, void *ctx,
		uint64_t index, uint64_t size);
/* PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1), 0 < m <= n. */
int gi__log_consistency(gi__hasher *h, unsigned char *proof, size_t *count, gi__hash_get get, void *ctx,
		uint64_t m, uint64_t n);

/* base64 (RFC 4648 §4) of n bytes into a new string; NULL when out of memory. */
char *gi__base64(const unsigned char *data, size_t n);
/* Decodes standard padded base64 of exactly want bytes (want 0: any
 * length up to cap); -1 when malformed. */
long gi__unbase64(unsigned char *out, size_t cap, const char *text, size_t len);

/* ---- log.c ---- */
/* the tlog-tiles path tile/<L>/<N>[.p/<W>] (level -1: tile/entries/...;
 * width 256: a full tile) */
void gi__log_tile_path(char *buf, size_t n, int level, uint64_t index, unsigned width);

/* Calls cb with every entry of the current checkpoint, in order, as the
 * entry bundles hold them (not checked against the tree: prove what you
 * use with gi_log_prove); a bundle with fewer or more entries than its
 * width is an error. entry points into the bundle, right after the
 * entry's two-byte length. Stops at cb's first nonzero return. */
struct gi_log;
int gi__log_each_entry(struct gi_log *log, int (*cb)(void *ctx, uint64_t index, const unsigned char *entry, size_t len),
		void *ctx);

/* Drops the pending batch (entries appended but not committed). */
void gi__log_discard(struct gi_log *log);

/* ---- log_note.c: signed-note keys, signatures and checkpoints ---- */
typedef struct gi__note_key {
	char name[256];
	uint32_t id;
	unsigned char pub[32];
	unsigned char seed[32];
	int has_private;
} gi__note_key;

/* "PRIVATE+KEY+name+id+base64(0x01||seed)"; GI_EPARSE when malformed */
int gi__note_signer_parse(gi__note_key *k, const char *skey);
/* "name+id+base64(0x01||public key)"; GI_EPARSE when malformed */
int gi__note_verifier_parse(gi__note_key *k, const char *vkey);
/* The signed note: text (ending in a newline), a blank line and the
 * signature line; new string (free), NULL after an error. */
char *gi__note_sign(const gi__note_key *k, const char *text);
/* Checks a signed checkpoint: a signature by k verifies, the origin line
 * is k's name, and gives the tree size and root hash. */
int gi__checkpoint_check(const gi__note_key *k, const char *note, size_t len, const char *file,
		uint64_t *size, unsigned char root[GI__HASH]);
/* the checkpoint body for origin, size and root (new string) */
char *gi__checkpoint_body(const char *origin, uint64_t size, const unsigned char root[GI__HASH]);

/* ---- log_http.c: a log read from a web server ---- */
typedef struct gi__http gi__http;
/* nonzero when s starts with http:// or https:// */
int gi__log_is_url(const char *s);
/* A fetcher for the objects under base (http:// or https://); ca_file NULL:
 * the system's CA store; timeouts in seconds, 0 for the defaults. */
int gi__http_open(gi__http **out, const char *base, const char *ca_file, long connect_timeout, long timeout);
void gi__http_free(gi__http *h);
/* the base URL, without a trailing slash (borrowed) */
const char *gi__http_base(const gi__http *h);
/* GETs base/rel into *buf (grown as for realloc, NUL-terminated), at most
 * max bytes; 0 with *len set, or a GI_E* code recorded with the URL:
 * GI_EINVALID for a response over max, GI_EIO for anything else (no
 * connection, TLS, an HTTP status other than 200, a refused redirect). */
int gi__http_get(gi__http *h, const char *rel, unsigned char **buf, size_t *cap, size_t max, size_t *len);
/* the HTTP status of gi__http_get's last response (after redirects), 0
 * when none came (no connection, TLS, a timeout) */
long gi__http_status(const gi__http *h);

#endif
