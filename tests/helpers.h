/* SPDX-License-Identifier: GPL-3.0-or-later */
/* helpers.h - test fixtures: paths, specs and reports built from text,
 * verification results collected for assertions, running the gi tool. */
#ifndef GI_TEST_HELPERS_H
#define GI_TEST_HELPERS_H
#include <stddef.h>
#include <stdint.h>
#include <gi/gi.h>

#define T_MAX_SAMPLES 16
#define T_MAX_CRIT 8

/* $GI_SRCDIR/rel; valid until the 8th next call. */
const char *t_src(const char *rel);
/* Marsaglia's xorshift64 (J. Stat. Softw. 8(14), 2003, shifts 13, 7, 17):
 * the next value of a reproducible pseudo-random sequence kept in *state
 * (never 0). */
uint64_t t_xorshift64(uint64_t *state);
/* A file of the test PKI that tests/pki.sh makes (run once per process),
 * or with NULL the PKI's directory. The path stays valid for 16 calls. */
const char *t_pki(const char *name);
/* A time-stamping authority for gi_signer_options.tsa: `openssl ts
 * -reply` in the PKI directory dir with extra arguments args (may be ""). */
int t_openssl_ts(unsigned char **resp, size_t *len, const unsigned char *req, size_t req_len,
                 const char *dir, const char *args);

/* Loads a shipped spec or fails the test. */
gi_spec *t_spec(const char *rel);

/* A test spec: identity, analytes glu (glutamic acid), moisture (role
 * moisture), fat, protein, faa (free amino acids), residue, colour; one
 * area "hills" (Tam Đường, Thành phố Lai Châu; 1200-2500 m); and one
 * product "p" in that area with the given criteria XML. */
char *t_spec_xml(const char *criteria);
/* Loads XML text as a spec; returns NULL (and leaves gi_error_last) on failure. */
gi_spec *t_spec_text(const char *xml);

typedef struct {
	char id[64];
	gi_verdict verdict;
	gi_verdict origin;
	char origin_reason[256];
	char reason[256];
	size_t n;
	gi_verdict crit[T_MAX_CRIT];
	int has_value[T_MAX_CRIT];
	double value[T_MAX_CRIT];
	int censored[T_MAX_CRIT];
	double U[T_MAX_CRIT];
	char why[T_MAX_CRIT][320];
	char json[2048];
} t_sample;

typedef struct {
	int rc;                 /* gi_verify's (or opening's) return code */
	gi_summary sum;
	size_t n;
	t_sample s[T_MAX_SAMPLES];
	char error[512];        /* gi_error_last()->message on failure */
	long error_line;
} t_run;

/* Verifies report text (format GI_FORMAT_AUTO) against spec. */
void t_verify(t_run *out, const gi_spec *spec, const char *report);
/* CSV header used by t_csv_row() reports. */
extern const char t_csv_header[];
/* Verifies one-measurement-per-row CSV body lines against spec. */
void t_verify_csv(t_run *out, const gi_spec *spec, const char *rows);

/* Runs $GI_BIN with args (NULL-terminated); captures stdout and stderr
 * (each up to cap bytes, NUL-terminated). Returns the exit status. */
int t_gi(char *out, size_t out_cap, char *err, size_t err_cap, ...);

/* Hex SHA-256 of a file's bytes, computed with OpenSSL directly. */
void t_sha256_file(const char *path, char hex[65]);

/* Writes text to a new temporary file; returns its path (static). */
const char *t_tmpfile(const char *text, const char *suffix);
/* The same for bytes that may hold NULs. */
const char *t_tmpfile_bytes(const void *data, size_t n, const char *suffix);

#endif
