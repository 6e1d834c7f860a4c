/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_log.c - the transparency log: RFC 9162 Merkle hashing and proofs
 * against the published Certificate Transparency test vectors, the C2SP
 * tlog-tiles layout, signed checkpoints, the monitor, and crash safety
 * under SIGKILL. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "suites.h"
#include "helpers.h"
#include "log_internal.h"

/* The eight leaves and the roots of the trees of their first 1..8 leaves:
 * the Certificate Transparency reference vectors (google/certificate-
 * transparency cpp/merkletree/merkle_tree_test.cc, reused in google/trillian
 * merkle/log_verifier_test.go as `leaves` and `roots`). */
static const char *const LEAVES[8] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"
};
static const char *const ROOTS[8] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};
/* MTH of the empty tree, SHA-256 of the empty string (RFC 9162 §2.1.1;
 * trillian's sha256EmptyTreeHash) */
static const char EMPTY_ROOT[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/* Inclusion proofs (0-based leaf index, tree size) in the same source
 * (`inclusionProofs`, whose leaf numbers are 1-based). */
static const struct {
	uint64_t index, size;
	const char *proof[3];
} INCLUSION[] = {
	{ 0, 8, { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
	{ 5, 8, { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
	{ 2, 3, { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" } },
	{ 1, 5, { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } },
	{ 0, 1, { NULL } },
};
/* Consistency proofs in the same source (`consistencyProofs`). */
static const struct {
	uint64_t m, n;
	const char *proof[3];
} CONSISTENCY[] = {
	{ 1, 8, { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
	          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" } },
	{ 6, 8, { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
	          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" } },
	{ 2, 5, { "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
	          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" } },
	{ 1, 1, { NULL } },
};

static size_t unhex(unsigned char *out, const char *hex)
{
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
	return n;
}

static void tohex(char *out, const unsigned char *h)
{
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", h[i]);
}

static size_t nproof(const char *const *p)
{
	size_t n = 0;
	while (n < 3 && p[n])
		n++;
	return n;
}

/* the tree of the eight vector leaves, in memory */
static gi__hasher H;
static unsigned char VLEAF[8][32];

static void vectors_setup(void)
{
	ck_assert_int_eq(gi__hasher_init(&H), 0);
	for (int i = 0; i < 8; i++) {
		unsigned char e[16];
		size_t n = unhex(e, LEAVES[i]);
		gi__log_leaf(&H, VLEAF[i], e, n);
	}
}

static void vectors_teardown(void)
{
	gi__hasher_done(&H);
}

static int mem_get(void *ctx, unsigned level, uint64_t index, unsigned char out[32])
{
	(void)ctx;
	unsigned char tmp[8 * 32];
	size_t span = (size_t)1 << level;
	ck_assert_uint_le((index + 1) * span, 8);
	memcpy(tmp, VLEAF[index * span], span * 32);
	gi__log_perfect(&H, out, tmp, span);
	return 0;
}

/* MTH of the first n vector leaves is the published root, for n = 1..8 */
START_TEST(test_vector_roots)
{
	for (uint64_t n = 1; n <= 8; n++) {
		unsigned char root[32];
		char hex[65];
		ck_assert_int_eq(gi__log_subtree(&H, root, mem_get, NULL, 0, n), 0);
		tohex(hex, root);
		ck_assert_str_eq(hex, ROOTS[n - 1]);
	}
}
END_TEST

/* the inclusion proofs produced are the published ones, and they verify;
 * a wrong index, size, leaf, root or hash, or a proof one hash longer or
 * shorter, does not */
START_TEST(test_vector_inclusion)
{
	for (size_t c = 0; c < sizeof INCLUSION / sizeof *INCLUSION; c++) {
		unsigned char proof[GI__PROOF_MAX * 32], want[3 * 32], root[32];
		size_t count, nw = nproof(INCLUSION[c].proof);
		uint64_t i = INCLUSION[c].index, n = INCLUSION[c].size;
		for (size_t k = 0; k < nw; k++)
			unhex(want + 32 * k, INCLUSION[c].proof[k]);
		unhex(root, ROOTS[n - 1]);
		ck_assert_int_eq(gi__log_inclusion(&H, proof, &count, mem_get, NULL, i, n), 0);
		ck_assert_uint_eq(count, nw);
		ck_assert(memcmp(proof, want, 32 * nw) == 0);
		ck_assert_int_eq(gi_log_inclusion_verify(i, n, VLEAF[i], want, nw, root), 0);
		ck_assert_int_eq(gi_log_inclusion_verify(i + 1, n, VLEAF[i], want, nw, root), GI_EINVALID);
		if (i > 0)
			ck_assert_int_eq(gi_log_inclusion_verify(i - 1, n, VLEAF[i], want, nw, root), GI_EINVALID);
		ck_assert_int_eq(gi_log_inclusion_verify(i, 2 * n, VLEAF[i], want, nw, root), GI_EINVALID);
		ck_assert_int_eq(gi_log_inclusion_verify(i, n, VLEAF[(i + 1) % 8], want, nw, root), GI_EINVALID);
		unsigned char empty[32];
		unhex(empty, EMPTY_ROOT);
		ck_assert_int_eq(gi_log_inclusion_verify(i, n, VLEAF[i], want, nw, empty), GI_EINVALID);
		for (size_t k = 0; k < nw; k++) {
			unsigned char bad[3 * 32];
			memcpy(bad, want, sizeof bad);
			bad[32 * k] ^= 1;
			ck_assert_int_eq(gi_log_inclusion_verify(i, n, VLEAF[i], bad, nw, root), GI_EINVALID);
		}
		unsigned char longer[4 * 32];
		memcpy(longer, want, 32 * nw);
		memcpy(longer + 32 * nw, root, 32);
		ck_assert_int_eq(gi_log_inclusion_verify(i, n, VLEAF[i], longer, nw + 1, root), GI_EINVALID);
		if (nw)
			ck_assert_int_eq(gi_log_inclusion_verify(i, n, VLEAF[i], want, nw - 1, root), GI_EINVALID);
	}
}
END_TEST

/* the consistency proofs produced are the published ones, and they verify;
 * swapped or wrong roots, wrong sizes, a changed hash or a truncated proof
 * do not */
START_TEST(test_vector_consistency)
{
	for (size_t c = 0; c < sizeof CONSISTENCY / sizeof *CONSISTENCY; c++) {
		unsigned char proof[GI__PROOF_MAX * 32], want[3 * 32], r1[32], r2[32];
		size_t count, nw = nproof(CONSISTENCY[c].proof);
		uint64_t m = CONSISTENCY[c].m, n = CONSISTENCY[c].n;
		for (size_t k = 0; k < nw; k++)
			unhex(want + 32 * k, CONSISTENCY[c].proof[k]);
		unhex(r1, ROOTS[m - 1]);
		unhex(r2, ROOTS[n - 1]);
		ck_assert_int_eq(gi__log_consistency(&H, proof, &count, mem_get, NULL, m, n), 0);
		ck_assert_uint_eq(count, nw);
		ck_assert(memcmp(proof, want, 32 * nw) == 0);
		ck_assert_int_eq(gi_log_consistency_verify(m, n, r1, r2, want, nw), 0);
		if (nw == 0)
			continue;
		ck_assert_int_eq(gi_log_consistency_verify(m, n, r2, r1, want, nw), GI_EINVALID);
		ck_assert_int_eq(gi_log_consistency_verify(m + 1, n, r1, r2, want, nw), GI_EINVALID);
		ck_assert_int_eq(gi_log_consistency_verify(m, n * 2, r1, r2, want, nw), GI_EINVALID);
		ck_assert_int_eq(gi_log_consistency_verify(m, n, r1, r2, want, nw - 1), GI_EINVALID);
		ck_assert_int_eq(gi_log_consistency_verify(m, n, r1, r2, want, 0), GI_EINVALID);
		for (size_t k = 0; k < nw; k++) {
			unsigned char bad[3 * 32];
			memcpy(bad, want, sizeof bad);
			bad[32 * k + 31] ^= 0x80;
			ck_assert_int_eq(gi_log_consistency_verify(m, n, r1, r2, bad, nw), GI_EINVALID);
		}
	}
	/* every pair of prefixes of the 8-leaf tree: produced proofs verify */
	for (uint64_t m = 1; m <= 8; m++)
		for (uint64_t n = m; n <= 8; n++) {
			unsigned char proof[GI__PROOF_MAX * 32], r1[32], r2[32];
			size_t count;
			unhex(r1, ROOTS[m - 1]);
			unhex(r2, ROOTS[n - 1]);
			ck_assert_int_eq(gi__log_consistency(&H, proof, &count, mem_get, NULL, m, n), 0);
			ck_assert_int_eq(gi_log_consistency_verify(m, n, r1, r2, proof, count), 0);
		}
}
END_TEST

/* ---------------------------------------------------------------- the log directory */

static char DIRBUF[256];
static char *SKEY, *VKEY;

static const char *tmpdir(void)
{
	snprintf(DIRBUF, sizeof DIRBUF, "%s/gi-log-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(DIRBUF));
	return DIRBUF;
}

static void rm_rf(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void keys_setup(void)
{
	vectors_setup();
	ck_assert_int_eq(gi_log_keygen(&SKEY, &VKEY, "tea.example/log"), 0);
}

static void keys_teardown(void)
{
	gi_free(SKEY);
	gi_free(VKEY);
	vectors_teardown();
}

static gi_log *open_log(const char *dir, int create)
{
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.signer_key = SKEY;
	o.create = create;
	gi_log *log = NULL;
	int rc = gi_log_open(&log, dir, &o);
	ck_assert_msg(rc == 0, "open %s: %s", dir, gi_error_last()->message);
	return log;
}

/* the root hash the checkpoint text carries, in hex */
static void checkpoint_root(char hex[65], const char *note, uint64_t *size)
{
	gi__note_key k;
	unsigned char root[32];
	ck_assert_int_eq(gi__note_verifier_parse(&k, VKEY), 0);
	ck_assert_int_eq(gi__checkpoint_check(&k, note, strlen(note), NULL, size, root), 0);
	tohex(hex, root);
}

/* the signed checkpoints of a log holding the vector leaves, appended in
 * batches of 1, 2 and 5, carry the published roots */
START_TEST(test_dir_vectors)
{
	const char *d = tmpdir();
	char sub[300];
	snprintf(sub, sizeof sub, "%s/log", d);
	gi_log *log = open_log(sub, 1);
	char hex[65];
	uint64_t size;
	checkpoint_root(hex, gi_log_checkpoint(log), &size);
	ck_assert_uint_eq(size, 0);
	ck_assert_str_eq(hex, EMPTY_ROOT);
	int batches[] = { 1, 2, 5 };
	int at = 0;
	for (int b = 0; b < 3; b++) {
		for (int k = 0; k < batches[b]; k++, at++) {
			unsigned char e[16];
			size_t n = unhex(e, LEAVES[at]);
			uint64_t idx;
			ck_assert_int_eq(gi_log_append(log, e, n, &idx), 0);
			ck_assert_uint_eq(idx, (uint64_t)at);
		}
		ck_assert_int_eq(gi_log_commit(log), 0);
		checkpoint_root(hex, gi_log_checkpoint(log), &size);
		ck_assert_uint_eq(size, (uint64_t)at);
		ck_assert_str_eq(hex, ROOTS[at - 1]);
	}
	gi_log_free(log);

	/* reopened with the verifier key alone: proofs read from the tiles are
	 * the published ones */
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.verifier_key = VKEY;
	ck_assert_int_eq(gi_log_open(&log, sub, &o), 0);
	ck_assert_uint_eq(gi_log_size(log), 8);
	unsigned char *proof;
	size_t count;
	ck_assert_int_eq(gi_log_consistency_prove(log, &proof, &count, 1), 0);
	ck_assert_uint_eq(count, 3);
	unsigned char want[3 * 32];
	for (int k = 0; k < 3; k++)
		unhex(want + 32 * k, CONSISTENCY[0].proof[k]);
	ck_assert(memcmp(proof, want, sizeof want) == 0);
	gi_free(proof);
	ck_assert_int_eq(gi_log_consistency_prove(log, &proof, &count, 6), 0);
	ck_assert_uint_eq(count, 3);
	for (int k = 0; k < 3; k++)
		unhex(want + 32 * k, CONSISTENCY[1].proof[k]);
	ck_assert(memcmp(proof, want, sizeof want) == 0);
	gi_free(proof);

	/* the offline proof for entry 5 verifies with the entry and the key,
	 * and not with another entry or another log's key */
	char *bundle;
	ck_assert_int_eq(gi_log_prove(log, &bundle, 5), 0);
	ck_assert(strncmp(bundle, "c2sp.org/tlog-proof@v1\nindex 5\n", 31) == 0);
	unsigned char e5[16], e4[16];
	size_t n5 = unhex(e5, LEAVES[5]), n4 = unhex(e4, LEAVES[4]);
	uint64_t idx, psize;
	ck_assert_int_eq(gi_log_proof_verify(&idx, &psize, bundle, VKEY, e5, n5), 0);
	ck_assert_uint_eq(idx, 5);
	ck_assert_uint_eq(psize, 8);
	ck_assert_int_eq(gi_log_proof_verify(NULL, NULL, bundle, VKEY, e4, n4), GI_EINVALID);
	char *s2, *v2;
	ck_assert_int_eq(gi_log_keygen(&s2, &v2, "tea.example/log"), 0);
	ck_assert_int_eq(gi_log_proof_verify(NULL, NULL, bundle, v2, e5, n5), GI_EINVALID);
	gi_free(s2);
	gi_free(v2);
	/* a changed proof hash is refused */
	char *line = strchr(bundle, '\n') + 1;
	line = strchr(line, '\n') + 1;
	line[0] = line[0] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(gi_log_proof_verify(NULL, NULL, bundle, VKEY, e5, n5), GI_EINVALID);
	gi_free(bundle);

	ck_assert_int_eq(gi_log_find(log, &idx, e4, n4), 0);
	ck_assert_uint_eq(idx, 4);
	ck_assert_int_eq(gi_log_find(log, &idx, "absent", 6), GI_EINVALID);
	ck_assert_int_eq(gi_log_monitor(log, NULL), 0);
	gi_log_free(log);
	rm_rf(d);
}
END_TEST

static int exists(const char *dir, const char *rel)
{
	char p[600];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	return stat(p, &st) == 0 ? (int)st.st_size : -1;
}

/* the tiles of a tree of 70,000 entries are those the tlog-tiles spec
 * lists for that size (c2sp.org/tlog-tiles, "Partial Tiles"): 273 full
 * level-0 tiles, a partial one of width 112, one full level-1 tile, a
 * partial level-1 tile of width 17 and a partial level-2 tile of width 1;
 * the monitor recomputes them all, and catches one changed byte */
START_TEST(test_dir_tiles_70000)
{
	const char *d = tmpdir();
	gi_log *log = open_log(d, 1);
	char e[32];
	for (int i = 0; i < 70000; i++) {
		int n = snprintf(e, sizeof e, "entry %d", i);
		ck_assert_int_eq(gi_log_append(log, e, (size_t)n, NULL), 0);
		if (i == 255 || i == 40000) /* batches that end on and off a tile edge */
			ck_assert_int_eq(gi_log_commit(log), 0);
	}
	ck_assert_int_eq(gi_log_commit(log), 0);
	ck_assert_int_eq(exists(d, "tile/0/272"), 8192);
	ck_assert_int_eq(exists(d, "tile/0/273"), -1);
	ck_assert_int_eq(exists(d, "tile/0/273.p/112"), 112 * 32);
	ck_assert_int_eq(exists(d, "tile/1/000"), 8192);
	ck_assert_int_eq(exists(d, "tile/1/001.p/17"), 17 * 32);
	ck_assert_int_eq(exists(d, "tile/2/000.p/1"), 32);
	ck_assert_int_eq(exists(d, "tile/3/000.p/0"), -1);
	/* a tree of 256 entries: a full level-0 tile and a level-1 partial of width 1 */
	ck_assert_int_eq(exists(d, "tile/1/000.p/1"), 32);
	/* entry bundles: 2-byte big-endian lengths */
	ck_assert_int_eq(exists(d, "tile/entries/273.p/112"), 112 * (2 + 11)); /* "entry 69888".. */
	ck_assert_int_eq(gi_log_monitor(log, NULL), 0);
	uint64_t idx;
	ck_assert_int_eq(gi_log_find(log, &idx, "entry 69999", 11), 0);
	ck_assert_uint_eq(idx, 69999);
	gi_log_free(log);

	/* one byte of a level-1 tile changed: the monitor refuses the log */
	char p[600];
	snprintf(p, sizeof p, "%s/tile/1/000", d);
	FILE *f = fopen(p, "r+b");
	ck_assert_ptr_nonnull(f);
	fseek(f, 100, SEEK_SET);
	int c = fgetc(f);
	fseek(f, 100, SEEK_SET);
	fputc(c ^ 1, f);
	fclose(f);
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.verifier_key = VKEY;
	ck_assert_int_eq(gi_log_open(&log, d, &o), 0);
	ck_assert_int_eq(gi_log_monitor(log, NULL), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->file, "tile/1/000"));
	gi_log_free(log);
	rm_rf(d);
}
END_TEST

/* C2SP tlog-tiles ("Merkle Tree"): index 1234067 is the path x001/x234/067;
 * partial tiles end in .p/<W>, entry bundles live under tile/entries */
START_TEST(test_tile_path_encoding)
{
	char p[256];
	gi__log_tile_path(p, sizeof p, 0, 1234067, 256);
	ck_assert_str_eq(p, "tile/0/x001/x234/067");
	gi__log_tile_path(p, sizeof p, 2, 1000, 17);
	ck_assert_str_eq(p, "tile/2/x001/000.p/17");
	gi__log_tile_path(p, sizeof p, -1, 5, 256);
	ck_assert_str_eq(p, "tile/entries/005");
	const char *d = tmpdir();
	gi_log *log = open_log(d, 1);
	ck_assert_int_eq(gi_log_append(log, "x", 1, NULL), 0);
	ck_assert_int_eq(gi_log_commit(log), 0);
	ck_assert_int_eq(exists(d, "tile/0/000.p/1"), 32);
	ck_assert_int_eq(exists(d, "tile/entries/000.p/1"), 3);
	gi_log_free(log);
	rm_rf(d);
}
END_TEST

/* a checkpoint signed by another key, or altered, is refused on open */
START_TEST(test_checkpoint_forged)
{
	const char *d = tmpdir();
	gi_log *log = open_log(d, 1);
	ck_assert_int_eq(gi_log_append(log, "a", 1, NULL), 0);
	ck_assert_int_eq(gi_log_commit(log), 0);
	gi_log_free(log);
	char *s2, *v2;
	ck_assert_int_eq(gi_log_keygen(&s2, &v2, "tea.example/log"), 0);
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.verifier_key = v2;
	ck_assert_int_eq(gi_log_open(&log, d, &o), GI_EINVALID);
	gi_free(s2);
	gi_free(v2);
	/* the size line changed from 1 to 2 */
	char p[600];
	snprintf(p, sizeof p, "%s/checkpoint", d);
	FILE *f = fopen(p, "r+b");
	char buf[1024];
	size_t n = fread(buf, 1, sizeof buf, f);
	char *nl = memchr(buf, '\n', n);
	ck_assert_int_eq(nl[1], '1');
	fseek(f, nl + 1 - buf, SEEK_SET);
	fputc('2', f);
	fclose(f);
	o.verifier_key = VKEY;
	ck_assert_int_eq(gi_log_open(&log, d, &o), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "signature"));
	rm_rf(d);
}
END_TEST

/* signed-note: signatures by other keys are ignored, whatever their type
 * and length (a witness's tlog-cosignature is 4 + 8 + 64 bytes), and so is
 * one under the log's name with another key ID (c2sp.org/signed-note,
 * "Signatures") */
START_TEST(test_checkpoint_cosigned)
{
	const char *d = tmpdir();
	gi_log_free(open_log(d, 1));
	char p[600];
	snprintf(p, sizeof p, "%s/checkpoint", d);
	FILE *f = fopen(p, "ab");
	ck_assert_ptr_nonnull(f);
	unsigned char cosig[76], other[68];
	memset(cosig, 7, sizeof cosig);
	memset(other, 9, sizeof other);
	char *b1 = gi__base64(cosig, sizeof cosig), *b2 = gi__base64(other, sizeof other);
	fprintf(f, "\xe2\x80\x94 witness.example/w1 %s\n\xe2\x80\x94 tea.example/log %s\n", b1, b2);
	free(b1);
	free(b2);
	fclose(f);
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.verifier_key = VKEY;
	gi_log *log;
	ck_assert_msg(gi_log_open(&log, d, &o) == 0, "%s", gi_error_last()->message);
	gi_log_free(log);
	rm_rf(d);
}
END_TEST

/* ---------------------------------------------------------------- crash safety */

/* The appender: entry i is "crash entry i"; after each commit that
 * returns 0 it reports the size on the pipe. */
static void appender(const char *dir, int fd, unsigned seed)
{
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.signer_key = SKEY;
	gi_log *log;
	if (gi_log_open(&log, dir, &o) != 0)
		_exit(3);
	srand(seed);
	for (;;) {
		int batch = 1 + rand() % 700;
		for (int k = 0; k < batch; k++) {
			char e[40];
			uint64_t idx = gi_log_size(log) + (uint64_t)k;
			int n = snprintf(e, sizeof e, "crash entry %llu", (unsigned long long)idx);
			if (gi_log_append(log, e, (size_t)n, NULL) != 0)
				_exit(4);
		}
		if (gi_log_commit(log) != 0)
			_exit(5);
		uint64_t size = gi_log_size(log);
		if (write(fd, &size, sizeof size) != sizeof size)
			_exit(6);
	}
}

/* Appenders killed with SIGKILL at random moments, again and again: every
 * checkpoint that was ever published is consistent with the final one,
 * every size an append reported as committed is covered, each entry is
 * the one written at its index, and the tree recomputed from the tiles
 * gives the final checkpoint's root. */
START_TEST(test_crash_kill_loop)
{
	const char *d = tmpdir();
	char logdir[300];
	snprintf(logdir, sizeof logdir, "%s/log", d);
	gi_log_free(open_log(logdir, 1));
	enum { ROUNDS = 25 };
	char *seen[ROUNDS + 1];
	size_t nseen = 0;
	uint64_t committed = 0;
	long slow = 1;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	srand((unsigned)ts.tv_nsec);
	for (int r = 0; r < ROUNDS; r++) {
		int pfd[2];
		ck_assert_int_eq(pipe(pfd), 0);
		pid_t pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			close(pfd[0]);
			appender(logdir, pfd[1], (unsigned)rand());
		}
		close(pfd[1]);
		/* 5-65 ms, longer while appenders commit nothing (a slow
		 * machine, valgrind) */
		long ms = (5 + rand() % 60) * slow;
		struct timespec nap = { ms / 1000, (ms % 1000) * 1000000L };
		nanosleep(&nap, NULL);
		kill(pid, SIGKILL);
		int st;
		waitpid(pid, &st, 0);
		ck_assert_msg(WIFSIGNALED(st), "appender exited with %d", WEXITSTATUS(st));
		uint64_t size, before = committed;
		while (read(pfd[0], &size, sizeof size) == sizeof size)
			if (size > committed)
				committed = size;
		close(pfd[0]);
		if (committed == before && slow < 64)
			slow *= 2;
		/* what a mirror would have fetched now */
		gi_log_options o = GI_LOG_OPTIONS_INIT;
		o.verifier_key = VKEY;
		gi_log *log;
		ck_assert_msg(gi_log_open(&log, logdir, &o) == 0, "%s", gi_error_last()->message);
		ck_assert_uint_ge(gi_log_size(log), committed);
		seen[nseen++] = strdup(gi_log_checkpoint(log));
		gi_log_free(log);
	}
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.verifier_key = VKEY;
	gi_log *log;
	ck_assert_int_eq(gi_log_open(&log, logdir, &o), 0);
	ck_assert_uint_gt(gi_log_size(log), 0);
	ck_assert_int_eq(gi_log_monitor(log, NULL), 0);
	char fin_hex[65];
	uint64_t fin_size;
	checkpoint_root(fin_hex, gi_log_checkpoint(log), &fin_size);
	unsigned char fin[32];
	unhex(fin, fin_hex);
	for (size_t i = 0; i < nseen; i++) {
		char hex[65];
		uint64_t sz;
		unsigned char root[32], *proof;
		size_t count;
		checkpoint_root(hex, seen[i], &sz);
		unhex(root, hex);
		ck_assert_int_eq(gi_log_consistency_prove(log, &proof, &count, sz), 0);
		ck_assert_int_eq(gi_log_consistency_verify(sz, fin_size, root, fin, proof, count), 0);
		gi_free(proof);
		free(seen[i]);
	}
	/* each entry is the one its appender wrote at that index */
	for (uint64_t i = 0; i < fin_size; i += 1 + fin_size / 50) {
		char e[40];
		int n = snprintf(e, sizeof e, "crash entry %llu", (unsigned long long)i);
		uint64_t idx;
		ck_assert_int_eq(gi_log_find(log, &idx, e, (size_t)n), 0);
		ck_assert_uint_eq(idx, i);
	}
	gi_log_free(log);
	rm_rf(d);
}
END_TEST

Suite *suite_log(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("vectors");
	tcase_add_checked_fixture(tc, vectors_setup, vectors_teardown);
	tcase_add_test(tc, test_vector_roots);
	tcase_add_test(tc, test_vector_inclusion);
	tcase_add_test(tc, test_vector_consistency);
	suite_add_tcase(s, tc);
	tc = tcase_create("dir");
	tcase_add_checked_fixture(tc, keys_setup, keys_teardown);
	tcase_add_test(tc, test_dir_vectors);
	tcase_add_test(tc, test_dir_tiles_70000);
	tcase_add_test(tc, test_tile_path_encoding);
	tcase_add_test(tc, test_checkpoint_forged);
	tcase_add_test(tc, test_checkpoint_cosigned);
	suite_add_tcase(s, tc);
	tc = tcase_create("crash");
	tcase_add_checked_fixture(tc, keys_setup, keys_teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_crash_kill_loop);
	suite_add_tcase(s, tc);
	return s;
}
