/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_stamp.c - signed QR stamps (gi/stamp.h, specs/stamp-format.md):
 * GTIN check digits from published examples, the canonical URI, every
 * alteration refused, a stranger's key refused, and the QR code read back
 * by an independent decoder (zbarimg, from Debian's zbar-tools).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <check.h>
#include <gi/gi.h>
#include "helpers.h"
#include "suites.h"

static gi_signer *council(const char *key, const char *cert)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = t_pki(key);
	so.cert_file = t_pki(cert);
	gi_signer *sg = NULL;
	ck_assert_msg(gi_signer_load(&sg, &so) == 0, "%s", gi_error_last()->message);
	return sg;
}

static gi_stamp_keys *keys_of(const char *cert)
{
	gi_stamp_keys *k = NULL;
	ck_assert_int_eq(gi_stamp_keys_load(&k, t_pki(cert)), 0);
	return k;
}

static char *sign(gi_signer *sg, const char *gtin, const char *lot, const char *serial)
{
	gi_stamp st = GI_STAMP_INIT;
	st.domain = "gi.laichau.example";
	st.gtin = gtin;
	st.lot = lot;
	st.serial = serial;
	char *uri = NULL;
	int rc = gi_stamp_sign(&uri, sg, &st);
	ck_assert_msg(rc == 0, "%s", gi_error_last()->message);
	return uri;
}

static int genuine(const char *uri, const gi_stamp_keys *k, char *why, size_t n)
{
	gi_stamp_check *c = NULL;
	int rc = gi_stamp_verify(&c, uri, k);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(rc == 0, c->genuine);
	if (why)
		snprintf(why, n, "%s", c->reason);
	int g = c->genuine;
	gi_stamp_check_free(c);
	return g;
}

static void setup(void)
{
	t_pki(NULL);
}

/* GS1 General Specifications §7.9.1, mod-10 check digits with the worked
 * examples GS1 member organisations publish: GS1 India's 890400021003 ->
 * 7 (GTIN-13 8904000210037) and the UPC-A 036000241457 (GTIN-12, check
 * digit 7). A wrong check digit, or a length GS1 does not have, is refused. */
START_TEST(gtin_check_digits)
{
	gi_signer *sg = council("lab-ec.key", "lab-ec-chain.pem");
	char *a = sign(sg, "8904000210037", "L1", NULL);
	ck_assert_ptr_nonnull(strstr(a, "/01/08904000210037/10/L1?k="));
	char *b = sign(sg, "036000241457", "L1", NULL);
	ck_assert_ptr_nonnull(strstr(b, "/01/00036000241457/10/L1?k="));
	static const char *const bad[] = { "8904000210036", "036000241458", "890400021003", "89040002100370", "8904000a10037" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		gi_stamp st = GI_STAMP_INIT;
		st.domain = "gi.laichau.example";
		st.gtin = bad[i];
		st.lot = "L1";
		char *uri = NULL;
		ck_assert_int_eq(gi_stamp_sign(&uri, sg, &st), GI_EINVALID);
		ck_assert_ptr_null(uri);
		ck_assert_msg(strstr(gi_error_last()->message, "check digit"), "%s", gi_error_last()->message);
	}
	gi_free(a);
	gi_free(b);
	gi_signer_free(sg);
}
END_TEST

/* A stamp verifies with the council's certificate and names what it
 * stamps; with RSA as with P-256, with and without a GTIN and a serial. */
START_TEST(stamps_verify)
{
	static const char *const pairs[][2] = { { "lab-ec.key", "lab-ec-chain.pem" }, { "lab-rsa.key", "lab-rsa-chain.pem" } };
	for (size_t i = 0; i < 2; i++) {
		gi_signer *sg = council(pairs[i][0], pairs[i][1]);
		gi_stamp_keys *k = keys_of(pairs[i][1]);
		char *uri = sign(sg, "8931234567897", "LC-GT-2026/01", "000123");
		ck_assert_msg(strncmp(uri, "https://gi.laichau.example/01/08931234567897/10/LC-GT-2026%2F01/21/000123?k=", 75) == 0,
		              "%s", uri);
		gi_stamp_check *c = NULL;
		ck_assert_int_eq(gi_stamp_verify(&c, uri, k), 0);
		ck_assert(c->genuine);
		ck_assert_str_eq(c->domain, "gi.laichau.example");
		ck_assert_str_eq(c->gtin, "08931234567897");
		ck_assert_str_eq(c->lot, "LC-GT-2026/01");
		ck_assert_str_eq(c->serial, "000123");
		ck_assert_ptr_nonnull(strstr(c->signer, "Example Laboratory"));
		gi_stamp_check_free(c);
		gi_free(uri);
		uri = sign(sg, NULL, "LOT-7", NULL);
		ck_assert_msg(strncmp(uri, "https://gi.laichau.example/lot/LOT-7?k=", 39) == 0, "%s", uri);
		ck_assert_int_eq(gi_stamp_verify(&c, uri, k), 0);
		ck_assert_ptr_null(c->gtin);
		ck_assert_ptr_null(c->serial);
		ck_assert_str_eq(c->lot, "LOT-7");
		gi_stamp_check_free(c);
		gi_free(uri);
		gi_stamp_keys_free(k);
		gi_signer_free(sg);
	}
}
END_TEST

/* Any change to a stamp - its domain, GTIN, lot, serial, key id or
 * signature, another spelling of the same text, an added parameter - and
 * a stamp signed by another key are refused. */
START_TEST(altered_and_forged_stamps_refused)
{
	gi_signer *sg = council("lab-ec.key", "lab-ec-chain.pem");
	gi_stamp_keys *k = keys_of("lab-ec-chain.pem");
	char *uri = sign(sg, "8931234567897", "LOT-A", "0001");
	char why[512];
	ck_assert(genuine(uri, k, why, sizeof why));
	struct {
		const char *from, *to, *why;
	} edits[] = {
		{ "gi.laichau.example", "gi.laichau.exampel", "does not verify" },
		{ "08931234567897", "08931234567880", "does not verify" },   /* another valid GTIN */
		{ "08931234567897", "08931234567898", "check digit" },
		{ "08931234567897", "8931234567897", "14 digits" },
		{ "LOT-A", "LOT-B", "does not verify" },
		{ "LOT-A", "LOT%2DA", "percent-encoded" },                  /* the same lot spelt otherwise */
		{ "/21/0001", "/21/0002", "does not verify" },
		{ "/21/0001", "", "does not verify" },
		{ "https://", "http://", "https" },
		{ "?k=", "?x=1&k=", "key id" },
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char *at = strstr(uri, edits[i].from);
		ck_assert_ptr_nonnull(at);
		char alt[2048];
		snprintf(alt, sizeof alt, "%.*s%s%s", (int)(at - uri), uri, edits[i].to, at + strlen(edits[i].from));
		ck_assert_msg(!genuine(alt, k, why, sizeof why), "edit %zu accepted: %s", i, alt);
		ck_assert_msg(strstr(why, edits[i].why), "edit %zu: %s", i, why);
	}
	/* the signature: one character changed, cut short, or extended */
	char alt[2048];
	snprintf(alt, sizeof alt, "%s", uri);
	char *s = strstr(alt, "&s=") + 3;
	s[5] = s[5] == 'A' ? 'B' : 'A';
	ck_assert(!genuine(alt, k, NULL, 0));
	snprintf(alt, sizeof alt, "%.*s", (int)strlen(uri) - 4, uri);
	ck_assert(!genuine(alt, k, NULL, 0));
	snprintf(alt, sizeof alt, "%s&z=1", uri);
	ck_assert(!genuine(alt, k, NULL, 0));
	/* a stamp made with a key the council does not hold */
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = t_pki("stranger.key");
	so.cert_file = t_pki("stranger.pem");
	so.allow_unusable_cert = 1;
	gi_signer *other = NULL;
	ck_assert_msg(gi_signer_load(&other, &so) == 0, "%s", gi_error_last()->message);
	char *forged = sign(other, "8931234567897", "LOT-A", "0001");
	ck_assert(!genuine(forged, k, why, sizeof why));
	ck_assert_msg(strstr(why, "not one of the council's"), "%s", why);
	/* the same stamp with the council's key id put in: the signature fails */
	char *kid = strstr(uri, "?k="), *fkid = strstr(forged, "?k=");
	memcpy(fkid, kid, 11);
	ck_assert(!genuine(forged, k, why, sizeof why));
	ck_assert_msg(strstr(why, "does not verify"), "%s", why);
	gi_free(forged);
	gi_signer_free(other);
	gi_free(uri);
	gi_stamp_keys_free(k);
	gi_signer_free(sg);
}
END_TEST

/* What a stamp can hold: a lot or serial of GS1 set 82 (no space, no
 * Vietnamese letters), 1 to 20 characters; a host name for the domain. */
START_TEST(stamp_contents_checked)
{
	gi_signer *sg = council("lab-ec.key", "lab-ec-chain.pem");
	static const struct {
		const char *domain, *lot, *serial;
	} bad[] = {
		{ "gi.laichau.example", "LOT 1", NULL },
		{ "gi.laichau.example", "L\xc3\xb4-1", NULL },
		{ "gi.laichau.example", "123456789012345678901", NULL },
		{ "gi.laichau.example", "", NULL },
		{ "gi.laichau.example", "L1", "S#1" },
		{ "gi.laichau.example/x", "L1", NULL },
		{ "-gi.example", "L1", NULL },
		{ "gi..example", "L1", NULL },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		gi_stamp st = GI_STAMP_INIT;
		st.domain = bad[i].domain;
		st.lot = bad[i].lot;
		st.serial = bad[i].serial;
		char *uri = NULL;
		ck_assert_msg(gi_stamp_sign(&uri, sg, &st) == GI_EINVALID, "case %zu signed", i);
		ck_assert_ptr_null(uri);
	}
	/* 20 characters, the most AI 10 holds */
	char *uri = sign(sg, NULL, "12345678901234567890", NULL);
	gi_free(uri);
	gi_signer_free(sg);
}
END_TEST

/* The QR code of a stamp, as PNG, read back by zbarimg: exactly the URI.
 * The SVG is the same symbol: its size is the modules plus the 4-module
 * quiet zone on each side (ISO/IEC 18004 §7.3.7), at the module size asked. */
START_TEST(qr_codes_read_back)
{
	gi_signer *sg = council("lab-ec.key", "lab-ec-chain.pem");
	char *uri = sign(sg, "8931234567897", "LC-GT-2026-0001", "000123");
	unsigned char *png = NULL;
	size_t len = 0;
	ck_assert_int_eq(gi_stamp_qr_png(&png, &len, uri, 4), 0);
	ck_assert(len > 100 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
	const char *path = t_tmpfile_bytes(png, len, ".png");
	char cmd[4400], got[2048] = "";
	snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	size_t n = fread(got, 1, sizeof got - 1, p);
	got[n] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	got[strcspn(got, "\n")] = '\0';
	ck_assert_str_eq(got, uri);
	unlink(path);
	char *svg = NULL;
	ck_assert_int_eq(gi_stamp_qr_svg(&svg, uri, 0.5), 0);
	int side = 0;
	ck_assert_int_eq(sscanf(strstr(svg, "viewBox=\"0 0 "), "viewBox=\"0 0 %d", &side), 1);
	ck_assert_int_eq((side - 8 - 17) % 4, 0);   /* 4 x version + 17 modules, plus the quiet zone */
	char want[64];
	snprintf(want, sizeof want, "width=\"%gmm\"", side * 0.5);
	ck_assert_msg(strstr(svg, want), "%s", svg);
	gi_free(svg);
	gi_free(png);
	/* more than a QR code holds */
	char *big = malloc(8000);
	memset(big, 'A', 7999);
	big[7999] = '\0';
	ck_assert_int_eq(gi_stamp_qr_png(&png, &len, big, 4), GI_EINVALID);
	free(big);
	gi_free(uri);
	gi_signer_free(sg);
}
END_TEST

Suite *suite_stamp(void)
{
	Suite *s = suite_create("stamp");
	TCase *tc = tcase_create("stamp");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, gtin_check_digits);
	tcase_add_test(tc, stamps_verify);
	tcase_add_test(tc, altered_and_forged_stamps_refused);
	tcase_add_test(tc, stamp_contents_checked);
	tcase_add_test(tc, qr_codes_read_back);
	suite_add_tcase(s, tc);
	return s;
}
