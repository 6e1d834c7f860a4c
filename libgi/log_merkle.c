/* SPDX-License-Identifier: GPL-3.0-or-later */
/* log_merkle.c - Merkle tree hashes, inclusion and consistency proofs,
 * produced and verified as RFC 9162 §2.1 defines them (the hashing of RFC
 * 6962: leaves SHA-256(0x00 || entry), nodes SHA-256(0x01 || left || right)). */
#include "config.h"
#include <string.h>
#include <stdlib.h>
#include <openssl/evp.h>
#include "internal.h"
#include "log_internal.h"
#include "gi/log.h"

int gi__hasher_init(gi__hasher *h)
{
	h->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	h->ctx = EVP_MD_CTX_new();
	if (!h->md || !h->ctx) {
		gi__hasher_done(h);
		return gi__error(GI_ERROR, NULL, 0, "SHA-256 is not available from OpenSSL");
	}
	return GI_OK;
}

void gi__hasher_done(gi__hasher *h)
{
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free(h->md);
	h->ctx = NULL;
	h->md = NULL;
}

void gi__log_leaf(gi__hasher *h, unsigned char out[GI__HASH], const void *entry, size_t len)
{
	static const unsigned char zero = 0;
	EVP_DigestInit_ex(h->ctx, h->md, NULL);
	EVP_DigestUpdate(h->ctx, &zero, 1);
	EVP_DigestUpdate(h->ctx, entry, len);
	EVP_DigestFinal_ex(h->ctx, out, NULL);
}

void gi__log_node(gi__hasher *h, unsigned char out[GI__HASH], const unsigned char *left, const unsigned char *right)
{
	unsigned char buf[1 + 2 * GI__HASH];
	buf[0] = 1;
	memcpy(buf + 1, left, GI__HASH);
	memcpy(buf + 1 + GI__HASH, right, GI__HASH);
	EVP_DigestInit_ex(h->ctx, h->md, NULL);
	EVP_DigestUpdate(h->ctx, buf, sizeof buf);
	EVP_DigestFinal_ex(h->ctx, out, NULL);
}

void gi__log_perfect(gi__hasher *h, unsigned char out[GI__HASH], unsigned char *hashes, size_t count)
{
	for (; count > 1; count /= 2)
		for (size_t i = 0; i < count / 2; i++)
			gi__log_node(h, hashes + i * GI__HASH, hashes + 2 * i * GI__HASH, hashes + (2 * i + 1) * GI__HASH);
	memcpy(out, hashes, GI__HASH);
}

/* the largest power of 2 smaller than n (n > 1): RFC 9162's split point k */
static uint64_t split(uint64_t n)
{
	uint64_t k = 1;
	while (k << 1 < n)
		k <<= 1;
	return k;
}

static int is_pow2(uint64_t n)
{
	return n && !(n & (n - 1));
}

static unsigned log2u(uint64_t n)
{
	unsigned l = 0;
	while (n >>= 1)
		l++;
	return l;
}

int gi__log_subtree(gi__hasher *h, unsigned char out[GI__HASH], gi__hash_get get, void *ctx, uint64_t a, uint64_t b)
{
	uint64_t n = b - a;
	if (is_pow2(n) && a % n == 0)
		return get(ctx, log2u(n), a / n, out);
	uint64_t k = split(n);
	unsigned char l[GI__HASH], r[GI__HASH];
	int rc = gi__log_subtree(h, l, get, ctx, a, a + k);
	if (rc == 0)
		rc = gi__log_subtree(h, r, get, ctx, a + k, b);
	if (rc == 0)
		gi__log_node(h, out, l, r);
	return rc;
}

/* PATH(m, D[a:b]) of RFC 9162 §2.1.3.1, appended to proof */
static int path(gi__hasher *h, unsigned char *proof, size_t *count, gi__hash_get get, void *ctx,
		uint64_t m, uint64_t a, uint64_t b)
{
	uint64_t n = b - a;
	if (n == 1)
		return 0;
	uint64_t k = split(n);
	int rc;
	if (m < k) {
		rc = path(h, proof, count, get, ctx, m, a, a + k);
		if (rc == 0)
			rc = gi__log_subtree(h, proof + GI__HASH * (*count)++, get, ctx, a + k, b);
	} else {
		rc = path(h, proof, count, get, ctx, m - k, a + k, b);
		if (rc == 0)
			rc = gi__log_subtree(h, proof + GI__HASH * (*count)++, get, ctx, a, a + k);
	}
	return rc;
}

int gi__log_inclusion(gi__hasher *h, unsigned char *proof, size_t *count, gi__hash_get get, void *ctx,
		uint64_t index, uint64_t size)
{
	*count = 0;
	if (index >= size)
		return gi__error(GI_EUSAGE, NULL, 0, "entry %llu is not in a tree of %llu entries",
				(unsigned long long)index, (unsigned long long)size);
	return path(h, proof, count, get, ctx, index, 0, size);
}

/* SUBPROOF(m, D[a:b], first) of RFC 9162 §2.1.4.1 */
static int subproof(gi__hasher *h, unsigned char *proof, size_t *count, gi__hash_get get, void *ctx,
		uint64_t m, uint64_t a, uint64_t b, int first)
{
	uint64_t n = b - a;
	if (m == n) {
		if (first)
			return 0;
		return gi__log_subtree(h, proof + GI__HASH * (*count)++, get, ctx, a, b);
	}
	uint64_t k = split(n);
	int rc;
	if (m <= k) {
		rc = subproof(h, proof, count, get, ctx, m, a, a + k, first);
		if (rc == 0)
			rc = gi__log_subtree(h, proof + GI__HASH * (*count)++, get, ctx, a + k, b);
	} else {
		rc = subproof(h, proof, count, get, ctx, m - k, a + k, b, 0);
		if (rc == 0)
			rc = gi__log_subtree(h, proof + GI__HASH * (*count)++, get, ctx, a, a + k);
	}
	return rc;
}

int gi__log_consistency(gi__hasher *h, unsigned char *proof, size_t *count, gi__hash_get get, void *ctx,
		uint64_t m, uint64_t n)
{
	*count = 0;
	if (m > n)
		return gi__error(GI_EUSAGE, NULL, 0, "a tree of %llu entries cannot be a prefix of one of %llu",
				(unsigned long long)m, (unsigned long long)n);
	if (m == 0 || m == n)
		return 0;
	return subproof(h, proof, count, get, ctx, m, 0, n, 1);
}

static int bad(const char *what)
{
	return gi__error(GI_EINVALID, NULL, 0, "%s", what);
}

/* RFC 9162 §2.1.3.2 */
GI_EXTERN(int) gi_log_inclusion_verify(uint64_t index, uint64_t size, const unsigned char leaf_hash[32],
		const unsigned char *proof, size_t count, const unsigned char root[32])
{
	if (!leaf_hash || !root || (count && !proof))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_inclusion_verify: NULL argument");
	if (index >= size)
		return bad("inclusion proof: the entry's index is not below the tree size");
	gi__hasher h;
	int rc = gi__hasher_init(&h);
	if (rc)
		return rc;
	uint64_t fn = index, sn = size - 1;
	unsigned char r[GI__HASH];
	memcpy(r, leaf_hash, GI__HASH);
	for (size_t i = 0; i < count; i++) {
		const unsigned char *p = proof + i * GI__HASH;
		if (sn == 0) {
			gi__hasher_done(&h);
			return bad("inclusion proof: longer than the path from the entry to the root");
		}
		if ((fn & 1) || fn == sn) {
			gi__log_node(&h, r, p, r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			gi__log_node(&h, r, r, p);
		}
		fn >>= 1;
		sn >>= 1;
	}
	gi__hasher_done(&h);
	if (sn != 0)
		return bad("inclusion proof: shorter than the path from the entry to the root");
	if (memcmp(r, root, GI__HASH) != 0)
		return bad("inclusion proof: does not lead to the tree's root hash");
	return GI_OK;
}

/* RFC 9162 §2.1.4.2 */
GI_EXTERN(int) gi_log_consistency_verify(uint64_t size1, uint64_t size2, const unsigned char root1[32],
		const unsigned char root2[32], const unsigned char *proof, size_t count)
{
	if (!root1 || !root2 || (count && !proof))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_consistency_verify: NULL argument");
	if (size1 > size2)
		return bad("consistency proof: the first tree is larger than the second");
	if (size1 == size2) {
		if (count)
			return bad("consistency proof: not empty for two trees of the same size");
		if (memcmp(root1, root2, GI__HASH) != 0)
			return bad("consistency proof: two trees of the same size have different root hashes");
		return GI_OK;
	}
	if (size1 == 0) {
		/* the empty tree is a prefix of every tree */
		if (count)
			return bad("consistency proof: not empty for the empty tree");
		return GI_OK;
	}
	if (count == 0)
		return bad("consistency proof: empty");
	if (count > GI__PROOF_MAX)
		return bad("consistency proof: too long");
	gi__hasher h;
	int rc = gi__hasher_init(&h);
	if (rc)
		return rc;
	const unsigned char *first = proof;
	size_t next = 1;
	if (is_pow2(size1)) {
		first = root1; /* the old tree is a complete subtree: its root starts the path */
		next = 0;
	}
	uint64_t fn = size1 - 1, sn = size2 - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	unsigned char fr[GI__HASH], sr[GI__HASH];
	memcpy(fr, first, GI__HASH);
	memcpy(sr, first, GI__HASH);
	for (size_t i = next; i < count; i++) {
		const unsigned char *c = proof + i * GI__HASH;
		if (sn == 0) {
			gi__hasher_done(&h);
			return bad("consistency proof: longer than the path to the root");
		}
		if ((fn & 1) || fn == sn) {
			gi__log_node(&h, fr, c, fr);
			gi__log_node(&h, sr, c, sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			gi__log_node(&h, sr, sr, c);
		}
		fn >>= 1;
		sn >>= 1;
	}
	gi__hasher_done(&h);
	if (sn != 0)
		return bad("consistency proof: shorter than the path to the root");
	if (memcmp(fr, root1, GI__HASH) != 0)
		return bad("consistency proof: does not lead to the first tree's root hash");
	if (memcmp(sr, root2, GI__HASH) != 0)
		return bad("consistency proof: does not lead to the second tree's root hash");
	return GI_OK;
}

char *gi__base64(const unsigned char *data, size_t n)
{
	char *out = malloc(4 * ((n + 2) / 3) + 1);
	if (!out)
		return NULL;
	EVP_EncodeBlock((unsigned char *)out, data, (int)n);
	return out;
}

long gi__unbase64(unsigned char *out, size_t cap, const char *text, size_t len)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (len % 4 != 0)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < len; i += 4) {
		unsigned v[4];
		int pad = 0;
		for (int j = 0; j < 4; j++) {
			char c = text[i + j];
			const char *p = c ? strchr(alphabet, c) : NULL;
			if (c == '=' && i + 4 == len && j >= 2 && (j == 3 || text[i + 3] == '=')) {
				v[j] = 0;
				pad++;
			} else if (p && !pad) {
				v[j] = (unsigned)(p - alphabet);
			} else {
				return -1;
			}
		}
		unsigned long w = (unsigned long)v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3];
		size_t k = 3 - (size_t)pad;
		if (o + k > cap)
			return -1;
		/* canonical: the bits the padding drops are zero */
		if ((pad == 1 && (w & 0xff)) || (pad == 2 && (w & 0xffff)))
			return -1;
		out[o++] = (unsigned char)(w >> 16);
		if (k > 1)
			out[o++] = (unsigned char)(w >> 8);
		if (k > 2)
			out[o++] = (unsigned char)w;
	}
	return (long)o;
}
