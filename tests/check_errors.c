/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_errors.c - what gi_error_last() says after signing: the reason a
 * callback stopped verification, nothing left over after a success, and
 * no record at all when memory runs out anywhere in building one. */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlerror.h>
#include "helpers.h"
#include "suites.h"

static char pki[4096];

static const char *E(const char *name)
{
	return t_pki(name);
}

static void setup(void)
{
	snprintf(pki, sizeof pki, "%s", t_pki(NULL));
}

/* The local TSA of the test PKI (`openssl ts -reply`); payload non-NULL:
 * a TSA that does not answer. */
static int tsa(unsigned char **resp, size_t *len, const unsigned char *req, size_t req_len, void *payload)
{
	if (payload)
		return 1;
	return t_openssl_ts(resp, len, req, req_len, pki, "");
}

typedef struct {
	gi_signer *signer;
	gi_record_info info;
	int (*each)(const gi_sample_result *r, void *payload);
	int signed_ok;
} job;

static int sign_each(const gi_sample_result *r, void *payload)
{
	job *j = payload;
	if (j->each)
		return j->each(r, payload);
	char *xml;
	size_t len;
	if (gi_record_sign(&xml, &len, NULL, j->signer, r, &j->info) < 0)
		return -1;
	gi_free(xml);
	j->signed_ok++;
	return 0;
}

/* Verifies the shipped example, signing each sample with the RSA test key
 * (time-stamped when stamp is set, by a TSA that fails when broken_tsa). */
static int run(job *j, int stamp, int broken_tsa)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = E("lab-rsa.key");
	so.cert_file = E("lab-rsa-chain.pem");
	if (stamp) {
		so.tsa = tsa;
		so.tsa_payload = broken_tsa ? (void *)1 : NULL;
	}
	ck_assert_msg(gi_signer_load(&j->signer, &so) == 0, "%s", gi_error_last()->message);
	gi_spec *spec = t_spec("specs/lai-chau-tea.xml");
	const char *rep = t_src("examples/lai-chau-2026.xml");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_file(&r, rep, NULL), 0);
	char sha[65];
	ck_assert_int_eq(gi_sha256_file(sha, rep), 0);
	j->info.spec = spec;
	j->info.report_name = "examples/lai-chau-2026.xml";
	j->info.report_sha256 = sha;
	j->info.lab = gi_report_lab(r);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = sign_each;
	o.payload = j;
	gi_error_clear();
	int rc = gi_verify(NULL, spec, r, &o);
	gi_report_free(r);
	gi_spec_free(spec);
	gi_signer_free(j->signer);
	return rc;
}

/* A callback that stops because signing failed: gi_verify hands back the
 * signing failure (the TSA's silence), not a generic "stopped". */
/* One form for a failure everywhere it is shown (gi, the bindings'
 * exception text): FILE:LINE: message, FILE: message, or the message. */
START_TEST(error_line_format)
{
	char buf[64];
	gi_error e = { GI_EPARSE, "value 'x' is not a number", "r.csv", 12 };
	ck_assert_int_eq(gi_error_format(buf, sizeof buf, &e), 35);
	ck_assert_str_eq(buf, "r.csv:12: value 'x' is not a number");
	e.line = 0;
	gi_error_format(buf, sizeof buf, &e);
	ck_assert_str_eq(buf, "r.csv: value 'x' is not a number");
	e.file = NULL;
	e.line = 7;   /* a line without a file is not shown */
	gi_error_format(buf, sizeof buf, &e);
	ck_assert_str_eq(buf, "value 'x' is not a number");
	e.file = "a-very-long-file-name-that-does-not-fit.csv";
	ck_assert_int_eq(gi_error_format(buf, 16, &e), 72);
	ck_assert_str_eq(buf, "a-very-long-fil");
	/* what gi_error_last() holds formats the same way */
	gi_spec *spec = NULL;
	ck_assert_int_eq(gi_spec_load_memory(&spec, "<giSpec", 7, "s.xml", NULL), GI_EPARSE);
	gi_error_format(buf, sizeof buf, gi_error_last());
	ck_assert_msg(strncmp(buf, "s.xml:1: ", 9) == 0, "%s", buf);
}
END_TEST

/* The report digest a record names, from a file or from memory: FIPS
 * 180-2 Appendix B.1, SHA-256("abc"), and the empty message. */
START_TEST(report_digest_file_and_memory)
{
	static const char abc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	char hex[65], file_hex[65];
	ck_assert_int_eq(gi_sha256_memory(hex, "abc", 3), GI_OK);
	ck_assert_str_eq(hex, abc);
	ck_assert_int_eq(gi_sha256_file(file_hex, t_tmpfile("abc", ".csv")), GI_OK);
	ck_assert_str_eq(file_hex, abc);
	ck_assert_int_eq(gi_sha256_memory(hex, NULL, 0), GI_OK);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert_int_eq(gi_sha256_memory(hex, NULL, 1), GI_EUSAGE);
}
END_TEST

START_TEST(callback_reason_survives)
{
	job j = { NULL, GI_RECORD_INFO_INIT, NULL, 0 };
	int rc = run(&j, 1, 1);
	ck_assert_int_lt(rc, 0);
	ck_assert_int_ne(rc, GI_EABORTED);
	ck_assert_int_eq(gi_error_last()->code, rc);
	ck_assert_msg(strstr(gi_error_last()->message, "time-stamping authority") != NULL, "%s",
	              gi_error_last()->message);
	ck_assert_int_eq(j.signed_ok, 0);
}
END_TEST

static int just_stop(const gi_sample_result *r, void *payload)
{
	(void)r;
	(void)payload;
	return 1;
}

/* A callback that stops for a reason of its own: GI_EABORTED. */
START_TEST(callback_own_stop_is_aborted)
{
	job j = { NULL, GI_RECORD_INFO_INIT, just_stop, 0 };
	ck_assert_int_eq(run(&j, 0, 0), GI_EABORTED);
	ck_assert_int_eq(gi_error_last()->code, GI_EABORTED);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "stopped by the caller"));
}
END_TEST

/* gi/error.h: after calls that all succeed, gi_error_last()->code is
 * GI_OK - time-stamped signing included. */
START_TEST(stamped_signing_leaves_no_error)
{
	job j = { NULL, GI_RECORD_INFO_INIT, NULL, 0 };
	ck_assert_int_eq(run(&j, 1, 0), 0);
	ck_assert_int_eq(j.signed_ok, 6);
	ck_assert_msg(gi_error_last()->code == GI_OK, "%d %s", gi_error_last()->code, gi_error_last()->message);
}
END_TEST

/* ---- allocation failures ---- */

static long budget = -1;   /* allocations before the one that fails; -1: none fails */
static int failed_alloc;

static void *budget_malloc(size_t n)
{
	if (budget == 0) {
		failed_alloc = 1;
		budget = -1;
		return NULL;
	}
	if (budget > 0)
		budget--;
	return malloc(n);
}

static void *budget_realloc(void *p, size_t n)
{
	if (budget == 0) {
		failed_alloc = 1;
		budget = -1;
		return NULL;
	}
	if (budget > 0)
		budget--;
	return realloc(p, n);
}

static char *budget_strdup(const char *s)
{
	char *d = budget_malloc(strlen(s) + 1);
	return d ? strcpy(d, s) : NULL;
}

static void quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static int fail_each_step(const gi_sample_result *r, void *payload)
{
	job *j = payload;
	xmlFreeFunc f0;
	xmlMallocFunc m0;
	xmlReallocFunc r0;
	xmlStrdupFunc s0;
	ck_assert_int_eq(xmlMemGet(&f0, &m0, &r0, &s0), 0);
	ck_assert_int_eq(xmlMemSetup(free, budget_malloc, budget_realloc, budget_strdup), 0);
	xmlSetGenericErrorFunc(NULL, quiet);
	/* RSA PKCS#1 v1.5 signatures are deterministic: with a fixed time,
	 * the record signed without any failure is the only right answer */
	char *ref;
	size_t ref_len;
	j->info.time = 1790000000;
	ck_assert_int_eq(gi_record_sign(&ref, &ref_len, NULL, j->signer, r, &j->info), 0);
	int done = 0;
	long n;
	/* the record's buffers come from libxml2's allocator; each of
	 * their allocations fails in turn until signing meets none */
	for (n = 0; n < 300 && !done; n++) {
		char *xml = NULL;
		size_t len = 0;
		budget = n;
		failed_alloc = 0;
		int rc = gi_record_sign(&xml, &len, NULL, j->signer, r, &j->info);
		budget = -1;
		if (rc == 0) {
			/* a failure libxml2 or xmlsec recovers from by themselves
			 * (a cache, an index) may leave the record whole: then it
			 * must be exactly the record */
			ck_assert_msg(len == ref_len && memcmp(xml, ref, len) == 0,
			              "allocation %ld failed, yet a different record was signed", n);
			done = !failed_alloc;
		} else {
			ck_assert_msg(failed_alloc, "allocation %ld: %s", n, gi_error_last()->message);
			ck_assert_msg(xml == NULL && len == 0, "allocation %ld: a record came with an error", n);
			ck_assert_int_eq(rc, gi_error_last()->code);
		}
		gi_free(xml);
	}
	gi_free(ref);
	ck_assert_int_eq(xmlMemSetup(f0, m0, r0, s0), 0);
	xmlSetGenericErrorFunc(NULL, NULL);
	j->signed_ok = done ? (int)n : -1;
	return 1;
}

/* One libxml2 allocation fails - the 1st, then the 2nd, ... of signing a
 * record: every attempt that meets the failure ends with an error and no
 * record (or, where the library recovers, with exactly the record signed
 * without failures). */
START_TEST(record_under_allocation_failures)
{
	job j = { NULL, GI_RECORD_INFO_INIT, fail_each_step, 0 };
	run(&j, 0, 0);
	/* some allocations failed (n - 1 of them), then one attempt met none */
	ck_assert_int_gt(j.signed_ok, 1);

}
END_TEST

Suite *suite_errors(void)
{
	Suite *s = suite_create("errors");
	TCase *tc = tcase_create("signing");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, error_line_format);
	tcase_add_test(tc, report_digest_file_and_memory);
	tcase_add_test(tc, callback_reason_survives);
	tcase_add_test(tc, callback_own_stop_is_aborted);
	tcase_add_test(tc, stamped_signing_leaves_no_error);
	tcase_add_test(tc, record_under_allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}
