/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-log.c - appends to the transparency log, in batches with one
 * signed checkpoint each, against raw SHA-256 of the same entries in the
 * same run.
 *
 * usage: bench-log DIR [ENTRIES [BATCH [ENTRY-BYTES]]]
 * DIR must not exist (it is made, and removed at the end). Prints
 * entries/s appended (tiles and bundles written and flushed, checkpoint
 * signed), SHA-256 hashes/s of the same entries, and their ratio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include <gi/gi.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned long parse(const char *s)
{
	unsigned long v = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (unsigned long)(*s - '0');
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-log DIR [ENTRIES [BATCH [ENTRY-BYTES]]]\n");
		return 2;
	}
	const char *dir = argv[1];
	unsigned long n = argc > 2 ? parse(argv[2]) : 1000000;
	unsigned long batch = argc > 3 ? parse(argv[3]) : 100000;
	unsigned long size = argc > 4 ? parse(argv[4]) : 256;
	if (!n || !batch || size < 16 || size > GI_LOG_ENTRY_MAX) {
		fprintf(stderr, "bench-log: bad numbers\n");
		return 2;
	}
	/* entries: a counter then filler, all different */
	unsigned char *e = malloc(size);
	memset(e, 'x', size);

	/* raw SHA-256 of the same entries, one digest each */
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char out[32], acc = 0;
	double t0 = now();
	for (unsigned long i = 0; i < n; i++) {
		snprintf((char *)e, 16, "%015lu", i);
		EVP_DigestInit_ex(ctx, md, NULL);
		EVP_DigestUpdate(ctx, e, size);
		EVP_DigestFinal_ex(ctx, out, NULL);
		acc ^= out[0];
	}
	double raw = (double)n / (now() - t0);
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);

	char *skey, *vkey;
	gi_log *log;
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	if (gi_log_keygen(&skey, &vkey, "bench.example/log") != 0)
		goto fail;
	o.signer_key = skey;
	o.create = 1;
	if (gi_log_open(&log, dir, &o) != 0)
		goto fail;
	t0 = now();
	unsigned long commits = 0;
	for (unsigned long i = 0; i < n; i++) {
		snprintf((char *)e, 16, "%015lu", i);
		if (gi_log_append(log, e, size, NULL) != 0)
			goto fail;
		if ((i + 1) % batch == 0 || i + 1 == n) {
			if (gi_log_commit(log) != 0)
				goto fail;
			commits++;
		}
	}
	double rate = (double)n / (now() - t0);
	/* the monitor's full recomputation of the same log */
	t0 = now();
	if (gi_log_monitor(log, NULL) != 0)
		goto fail;
	double mon = (double)n / (now() - t0);
	printf("log append: %lu entries of %lu bytes, %lu checkpoints (batches of %lu): %.0f entries/s\n", n, size,
			commits, batch, rate);
	printf("raw SHA-256 of the same entries:                           %.0f hashes/s\n", raw);
	printf("ratio append/raw SHA-256: %.3f   (goal: >= 100000 entries/s on one core: %s)\n", rate / raw,
			rate >= 100000 ? "met" : "NOT met");
	printf("monitor (recompute every tile from the entries): %.0f entries/s\n", mon + 0 * acc);
	gi_log_free(log);
	gi_free(skey);
	gi_free(vkey);
	free(e);
	return 0;
fail:
	fprintf(stderr, "bench-log: %s\n", gi_error_last()->message);
	return 1;
}
