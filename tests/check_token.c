/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_token.c - signing keys that libgi does not hold: keys on a
 * PKCS#11 token and keys behind an external signing function. The token
 * is a SoftHSM2 token this program makes in a private directory, holding
 * the test PKI's lab keys, so records signed on it can be compared with
 * the same keys' file-signed records: both must verify in libgi and in
 * the xmlsec1 command. Without softhsm2-util, its module, pkcs11-tool or
 * the openssl command the token tests are left out and the program exits
 * 77 (SKIP) once the others pass. */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include "config.h"
#include "helpers.h"
#include "c14n_check.h"

#define PIN "4321"
#define RSA_URI "pkcs11:token=LAB;object=lab-key;type=private"
#define EC_URI "pkcs11:token=LAB;object=lab-ec;type=private"

static char tokdir[64];
static const char *module = GI_SOFTHSM2_MODULE;

/* ---- the token ---- */

/* Makes the tokens of tests/softhsm-token.sh (LAB with the lab keys, their
 * certificates and the CA certificates; SPARE, empty) in a new directory;
 * 0, or the exit status for main (77 SKIP, 99 error). Check's assertions
 * cannot run outside a test, so the test PKI is made here as t_pki()
 * makes it, not through t_pki. */
static int make_token(void)
{
	const char *b = getenv("GI_BUILDDIR"), *src = getenv("GI_SRCDIR");
	char *cmd = NULL;
	snprintf(tokdir, sizeof tokdir, "/tmp/gi-token-XXXXXX");
	if (!mkdtemp(tokdir))
		return 99;
	if (asprintf(&cmd, "sh '%s/tests/pki.sh' '%s/tests/pki' && GI_SOFTHSM2_MODULE='%s' sh '%s/tests/softhsm-token.sh' "
	             "'%s' '%s/tests/pki' >/dev/null", src ? src : ".", b ? b : ".", module, src ? src : ".", tokdir,
	             b ? b : ".") < 0)
		return 99;
	int rc = system(cmd);
	free(cmd);
	if (rc == -1 || !WIFEXITED(rc))
		return 99;
	if (WEXITSTATUS(rc) != 0)
		return WEXITSTATUS(rc) == 77 ? 77 : 99;
	char conf[128];
	snprintf(conf, sizeof conf, "%s/softhsm2.conf", tokdir);
	setenv("SOFTHSM2_CONF", conf, 1);
	return 0;
}

static void remove_token(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tokdir);
	if (tokdir[0] && system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tokdir);
}

/* ---- signing and checking ---- */

typedef struct {
	const gi_signer *signer;
	gi_record_info info;
	char *xml;
	int rc;
	char error[512];
} signing;

static int sign_first(const gi_sample_result *r, void *payload)
{
	signing *s = payload;
	if (!s->xml && !s->rc) {
		size_t len;
		char id[GI_RECORD_ID_SIZE];
		s->rc = gi_record_sign(&s->xml, &len, id, s->signer, r, &s->info);
		if (s->rc < 0) {
			snprintf(s->error, sizeof s->error, "%s", gi_error_last()->message);
			ck_assert_ptr_null(s->xml);
		}
	}
	return 0;
}

/* The record of the shipped example's first sample signed by sg; NULL
 * (and the error in err) when signing fails. */
static char *sign_with(const gi_signer *sg, char *err, size_t n)
{
	gi_spec *spec = t_spec("specs/lai-chau-tea.xml");
	const char *rep = t_src("examples/lai-chau-2026.xml");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_file(&r, rep, NULL), 0);
	char sha[65];
	ck_assert_int_eq(gi_sha256_file(sha, rep), 0);
	signing s = { sg, GI_RECORD_INFO_INIT, NULL, 0, "" };
	s.info.spec = spec;
	s.info.report_name = "examples/lai-chau-2026.xml";
	s.info.report_sha256 = sha;
	s.info.lab = gi_report_lab(r);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = sign_first;
	o.payload = &s;
	ck_assert_int_eq(gi_verify(NULL, spec, r, &o), 0);
	gi_report_free(r);
	gi_spec_free(spec);
	if (err)
		snprintf(err, n, "%s", s.error);
	else
		ck_assert_msg(s.xml != NULL, "signing failed: %s", s.error);
	return s.xml;
}

/* Loads a signer from so and signs the example's first record. */
static char *sign_token(const gi_signer_options *so)
{
	gi_signer *sg;
	ck_assert_msg(gi_signer_load(&sg, so) == 0, "%s", gi_error_last()->message);
	char *xml = sign_with(sg, NULL, 0);
	ck_assert_ptr_nonnull(xml);
	gi_signer_free(sg);
	return xml;
}

static gi_record_status check_record(const char *xml, char *reason, size_t n)
{
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, t_pki("trust.pem"), t_pki("crl.pem")), 0);
	gi_record_check *c = NULL;
	gi_record_verify(&c, xml, strlen(xml), "record.xml", t);
	ck_assert_ptr_nonnull(c);
	gi_record_status st = c->status;
	snprintf(reason, n, "%s", c->reason);
	gi_record_check_free(c);
	gi_trust_free(t);
	return st;
}

/* 0 if the xmlsec1 command verifies the record with the test root as the
 * only trusted certificate. */
static int xmlsec1_verify(const char *xml)
{
	char path[] = "/tmp/gi-token-rec-XXXXXX.xml", cmd[9000];
	int fd = mkstemps(path, 4);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, xml, strlen(xml)), (ssize_t)strlen(xml));
	close(fd);
	snprintf(cmd, sizeof cmd, "xmlsec1 --verify --trusted-pem '%s' --untrusted-pem '%s' '%s' >/dev/null 2>&1",
	         t_pki("root.pem"), t_pki("inter.pem"), path);
	int rc = system(cmd);
	unlink(path);
	return rc;
}

static void assert_verifies(const char *xml, const char *what)
{
	char why[600];
	ck_assert_msg(check_record(xml, why, sizeof why) == GI_RECORD_VALID, "%s: %s", what, why);
	ck_assert_msg(xmlsec1_verify(xml) == 0, "%s: xmlsec1 rejects the record", what);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static gi_signer_options token_options(const char *uri, const char *cert)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = uri;
	so.cert_file = cert ? t_pki(cert) : NULL;
	so.password = PIN;
	so.pkcs11_module = module;
	return so;
}

/* The lab's RSA and EC keys, used on the token, sign records that libgi
 * and xmlsec1 verify as they verify the same keys' file-signed records. */
START_TEST(token_keys_sign_verifiable_records)
{
	static const char *const uris[][2] = { { RSA_URI, "lab-rsa-chain.pem" }, { EC_URI, "lab-ec-chain.pem" } };
	for (int i = 0; i < 2; i++) {
		gi_signer_options so = token_options(uris[i][0], uris[i][1]);
		char *xml = sign_token(&so);
		assert_verifies(xml, uris[i][0]);
		ck_assert_ptr_nonnull(strstr(xml, i ? "ecdsa-sha256" : "rsa-sha256"));
		gi_free(xml);
	}
}
END_TEST

/* Without a certificate file, the certificate with the key's id and its
 * issuers on the token (up to, not including, the self-signed root) go
 * into the record, so it chains to the trust anchors. */
START_TEST(certificate_and_chain_from_the_token)
{
	gi_signer_options so = token_options("pkcs11:token=LAB;id=%01;type=private", NULL);
	gi_signer *sg;
	ck_assert_msg(gi_signer_load(&sg, &so) == 0, "%s", gi_error_last()->message);
	ck_assert_ptr_nonnull(strstr(gi_signer_subject(sg), "CN = lab-rsa"));
	char *xml = sign_with(sg, NULL, 0);
	gi_signer_free(sg);
	ck_assert_ptr_nonnull(xml);
	ck_assert_uint_eq(count(xml, "<X509Certificate>"), 2);   /* lab-rsa, inter */
	assert_verifies(xml, "certificate from the token");
	gi_free(xml);
	so = token_options(EC_URI, NULL);
	xml = sign_token(&so);
	assert_verifies(xml, "EC certificate from the token");
	gi_free(xml);
}
END_TEST

static int asked;

static int give_pin(char *buf, size_t size, const char *prompt, void *payload)
{
	asked++;
	ck_assert_ptr_nonnull(strstr(prompt, "PIN of token \"LAB\""));
	ck_assert_str_eq(payload, "payload");
	return snprintf(buf, size, "%s", PIN);
}

/* The PIN comes from the URI (pin-value, pin-source), the password field
 * or the callback, which is asked once, only when nothing else gave it;
 * the module from the option or $GI_PKCS11_MODULE. */
START_TEST(pin_and_module_sources)
{
	char pinfile[128], uri[300];
	snprintf(pinfile, sizeof pinfile, "%s/pin.txt", tokdir);
	FILE *f = fopen(pinfile, "w");
	fputs(PIN "\n", f);
	fclose(f);
	snprintf(uri, sizeof uri, RSA_URI "?pin-source=file:%s", pinfile);
	const char *uris[] = { RSA_URI "?pin-value=" PIN, uri };
	for (int i = 0; i < 2; i++) {
		gi_signer_options so = token_options(uris[i], "lab-rsa-chain.pem");
		so.password = NULL;
		char *xml = sign_token(&so);
		gi_free(xml);
	}
	gi_signer_options so = token_options(RSA_URI, "lab-rsa-chain.pem");
	so.password = NULL;
	so.password_cb = give_pin;
	so.password_payload = "payload";
	asked = 0;
	gi_free(sign_token(&so));
	ck_assert_int_eq(asked, 1);
	so.password = PIN;      /* given: the callback is not asked */
	asked = 0;
	gi_free(sign_token(&so));
	ck_assert_int_eq(asked, 0);
	so.pkcs11_module = NULL;
	setenv("GI_PKCS11_MODULE", module, 1);
	gi_free(sign_token(&so));
	unsetenv("GI_PKCS11_MODULE");
}
END_TEST

static void load_fails(const gi_signer_options *so, int code, const char *needle, const char *secret)
{
	gi_signer *sg = (gi_signer *)1;
	ck_assert_int_eq(gi_signer_load(&sg, so), code);
	ck_assert_ptr_null(sg);
	const char *msg = gi_error_last()->message;
	ck_assert_msg(strstr(msg, needle) != NULL, "'%s' lacks '%s'", msg, needle);
	if (secret) {
		ck_assert_ptr_null(strstr(msg, secret));
		ck_assert_ptr_null(strstr(gi_error_last()->file ? gi_error_last()->file : "", secret));
	}
}

/* A wrong PIN is refused naming the token, wherever it came from, also
 * while the token is logged in for another signer, and the PIN is in no
 * message; no PIN at all says how to give one. */
START_TEST(wrong_or_missing_pin)
{
	gi_signer_options so = token_options(RSA_URI, "lab-rsa-chain.pem");
	so.password = "9999";
	load_fails(&so, GI_EINVALID, "cannot log in to token \"LAB\": PIN incorrect", NULL);
	so.key_file = RSA_URI "?pin-value=9876";
	so.password = NULL;
	load_fails(&so, GI_EINVALID, "token \"LAB\"", "9876");
	ck_assert_str_eq(gi_error_last()->file, RSA_URI);
	so.key_file = RSA_URI;
	load_fails(&so, GI_EINVALID, "token \"LAB\" needs its PIN", NULL);
	/* the right PIN still works after wrong ones */
	so.password = PIN;
	gi_free(sign_token(&so));
	/* while a signer keeps the token logged in, a wrong PIN is still
	 * refused, and the right one accepted */
	gi_signer *held;
	ck_assert_int_eq(gi_signer_load(&held, &so), 0);
	so.password = "9999";
	load_fails(&so, GI_EINVALID, "cannot log in to token \"LAB\": PIN incorrect", NULL);
	so.password = NULL;
	load_fails(&so, GI_EINVALID, "token \"LAB\" needs its PIN", NULL);
	so.password = PIN;
	gi_free(sign_token(&so));
	gi_signer_free(held);
}
END_TEST

/* URIs that name no key, or several, or not a key, and a module that
 * cannot be loaded, are refused with what is wrong. */
START_TEST(uri_errors)
{
	gi_signer_options so = token_options("pkcs11:object=lab-key;type=private", "lab-rsa-chain.pem");
	load_fails(&so, GI_EINVALID, "2 tokens match (\"", NULL);
	so.key_file = "pkcs11:token=NOPE;object=lab-key";
	load_fails(&so, GI_EINVALID, "no token of the PKCS#11 module", NULL);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "\"LAB\""));
	so.key_file = "pkcs11:token=LAB;object=nothing";
	load_fails(&so, GI_EINVALID, "token \"LAB\" holds no private key that matches", NULL);
	so.key_file = "pkcs11:token=LAB;type=private";
	load_fails(&so, GI_EINVALID, "2 private keys of token \"LAB\" match", NULL);
	so.key_file = "pkcs11:token=LAB;object=lab-key;type=cert";
	load_fails(&so, GI_EINVALID, "use type=private", NULL);
	so.key_file = "pkcs11:token=LAB;object=%zz";
	load_fails(&so, GI_EINVALID, "not a PKCS#11 URI", NULL);
	so.key_file = "pkcs11:token=SPARE;object=lab-key";
	load_fails(&so, GI_EINVALID, "token \"SPARE\" holds no private key", NULL);
	so.key_file = RSA_URI;
	so.cert_file = t_pki("lab-ec-chain.pem");
	load_fails(&so, GI_EINVALID, "does not belong to the certificate", NULL);
	so.cert_file = NULL;
	so.pkcs11_module = "/nonexistent/module.so";
	load_fails(&so, GI_EIO, "cannot load the PKCS#11 module", NULL);
	ck_assert_str_eq(gi_error_last()->file, "/nonexistent/module.so");
}
END_TEST

/* ---- the gi command ---- */

static char out[65536], err[8192];
#define GI(...) t_gi(out, sizeof out, err, sizeof err, __VA_ARGS__, (char *)NULL)

static int records_verify(const char *dir)
{
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' '%s'/*.xml >/dev/null", getenv("GI_BIN"),
	         t_pki("trust.pem"), dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof cmd, "for f in '%s'/*.xml; do xmlsec1 --verify --trusted-pem '%s' \"$f\" >/dev/null 2>&1 "
	         "|| exit 1; done", dir, t_pki("root.pem"));
	return system(cmd) == 0 ? 0 : -1;
}

/* gi verify signs with a token key: PIN from --password-file or
 * $GI_KEY_PASSWORD, certificate from the token or --sign-cert; the
 * records verify. A wrong or missing PIN: exit 2, a message naming the
 * token, no records. */
START_TEST(cli_signs_with_a_token)
{
	char pin[128], bad[128], dir[128];
	snprintf(pin, sizeof pin, "%s/pin", tokdir);
	snprintf(bad, sizeof bad, "%s/bad-pin", tokdir);
	FILE *f = fopen(pin, "w");
	fputs(PIN "\n", f);
	fclose(f);
	f = fopen(bad, "w");
	fputs("0000\n", f);
	fclose(f);
	const char *spec = t_src("specs/lai-chau-tea.xml"), *rep = t_src("examples/lai-chau-2026.xml");
	snprintf(dir, sizeof dir, "%s/out1", tokdir);
	ck_assert_msg(GI("verify", "-s", spec, "-r", rep, "--sign-key", RSA_URI, "--pkcs11-module", module,
	                 "--password-file", pin, "--out", dir) == 1, "%s", err);
	ck_assert_ptr_nonnull(strstr(out, "Signed records: 6 written"));
	ck_assert_int_eq(records_verify(dir), 0);
	snprintf(dir, sizeof dir, "%s/out2", tokdir);
	setenv("GI_KEY_PASSWORD", PIN, 1);
	setenv("GI_PKCS11_MODULE", module, 1);
	ck_assert_msg(GI("verify", "-s", spec, "-r", rep, "--sign-key", EC_URI, "--sign-cert", t_pki("lab-ec-chain.pem"),
	                 "--out", dir) == 1, "%s", err);
	unsetenv("GI_KEY_PASSWORD");
	ck_assert_int_eq(records_verify(dir), 0);
	snprintf(dir, sizeof dir, "%s/out3", tokdir);
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", RSA_URI, "--password-file", bad, "--out", dir), 2);
	ck_assert_msg(strstr(err, "cannot log in to token \"LAB\": PIN incorrect") != NULL, "%s", err);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(access(dir, F_OK), -1);
	/* standard input is not a terminal: nothing to ask */
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", RSA_URI, "--out", dir), 2);
	ck_assert_msg(strstr(err, "token \"LAB\" needs its PIN") != NULL, "%s", err);
	ck_assert_int_eq(access(dir, F_OK), -1);
	unsetenv("GI_PKCS11_MODULE");
}
END_TEST

/* ---- external signing functions ---- */

typedef struct {
	EVP_PKEY *key;
	int raw_ecdsa;   /* answer r||s instead of DER */
	int fail;
	int calls;
} held_key;

static EVP_PKEY *read_key(const char *name)
{
	FILE *f = fopen(t_pki(name), "r");
	ck_assert_ptr_nonnull(f);
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(k);
	return k;
}

/* A signing service in memory: signs the digest with its key. */
static int service(unsigned char *sig, size_t *sig_len, int md_nid, const unsigned char *digest, size_t digest_len,
                   void *payload)
{
	held_key *h = payload;
	h->calls++;
	ck_assert_int_eq(md_nid, NID_sha256);
	ck_assert_uint_eq(digest_len, 32);
	if (h->fail)
		return -1;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(h->key, NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(EVP_PKEY_sign_init(c), 1);
	ck_assert_int_eq(EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()), 1);
	ck_assert_int_eq(EVP_PKEY_sign(c, sig, sig_len, digest, digest_len), 1);
	EVP_PKEY_CTX_free(c);
	if (h->raw_ecdsa) {
		const unsigned char *p = sig;
		ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)*sig_len);
		ck_assert_ptr_nonnull(s);
		ck_assert_int_eq(BN_bn2binpad(ECDSA_SIG_get0_r(s), sig, 32), 32);
		ck_assert_int_eq(BN_bn2binpad(ECDSA_SIG_get0_s(s), sig + 32, 32), 32);
		*sig_len = 64;
		ECDSA_SIG_free(s);
	}
	return 0;
}

static char *slurp_text(const char *path)
{
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	static char buf[16384];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* An external function signing with the lab's key (RSA; EC answering DER
 * and r||s) makes records that verify like the key file's, in libgi and
 * xmlsec1; the certificate comes as PEM text or a file. */
START_TEST(external_function_signs_verifiable_records)
{
	static const struct { const char *key, *cert; int raw; } t[] = {
		{ "lab-rsa.key", "lab-rsa-chain.pem", 0 },
		{ "lab-ec.key", "lab-ec-chain.pem", 0 },
		{ "lab-ec.key", "lab-ec-chain.pem", 1 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		held_key h = { read_key(t[i].key), t[i].raw, 0, 0 };
		gi_signer_external ext = GI_SIGNER_EXTERNAL_INIT;
		ext.sign = service;
		ext.payload = &h;
		gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
		if (i == 0)
			ext.cert_pem = slurp_text(t_pki(t[i].cert));
		else
			so.cert_file = t_pki(t[i].cert);
		gi_signer *sg;
		ck_assert_msg(gi_signer_load_external(&sg, i == 0 ? NULL : &so, &ext) == 0, "%s", gi_error_last()->message);
		char *xml = sign_with(sg, NULL, 0);
		ck_assert_ptr_nonnull(xml);
		ck_assert_int_eq(h.calls, 1);
		assert_verifies(xml, t[i].key);
		gi_free(xml);
		gi_signer_free(sg);
		EVP_PKEY_free(h.key);
	}
}
END_TEST

/* A signing function that fails, or signs with another key than the
 * certificate's, yields an error and no record. */
START_TEST(external_function_failures)
{
	held_key h = { read_key("lab-rsa.key"), 0, 1, 0 };
	gi_signer_external ext = GI_SIGNER_EXTERNAL_INIT;
	ext.sign = service;
	ext.payload = &h;
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.cert_file = t_pki("lab-rsa-chain.pem");
	gi_signer *sg;
	ck_assert_int_eq(gi_signer_load_external(&sg, &so, &ext), 0);
	char why[512];
	ck_assert_ptr_null(sign_with(sg, why, sizeof why));
	ck_assert_msg(strstr(why, "the external signing function failed") != NULL, "%s", why);
	gi_signer_free(sg);
	EVP_PKEY_free(h.key);
	/* another RSA-2048 key than the certificate's */
	held_key other = { read_key("expired.key"), 0, 0, 0 };
	ext.payload = &other;
	ck_assert_int_eq(gi_signer_load_external(&sg, &so, &ext), 0);
	ck_assert_ptr_null(sign_with(sg, why, sizeof why));
	ck_assert_msg(strstr(why, "does not verify with the certificate") != NULL, "%s", why);
	gi_signer_free(sg);
	EVP_PKEY_free(other.key);
	/* usage errors */
	so.key_file = t_pki("lab-rsa.key");
	ck_assert_int_eq(gi_signer_load_external(&sg, &so, &ext), GI_EUSAGE);
	so.key_file = NULL;
	ext.sign = NULL;
	ck_assert_int_eq(gi_signer_load_external(&sg, &so, &ext), GI_EUSAGE);
	ext.sign = service;
	ext.cert_pem = "not a certificate";
	so.cert_file = NULL;
	ck_assert_int_eq(gi_signer_load_external(&sg, &so, &ext), GI_EINVALID);
	ck_assert_ptr_null(sg);
}
END_TEST

/* ---- passwords of key files ---- */

static int key_asked;
static char key_prompt[600];

static int give_password(char *buf, size_t size, const char *prompt, void *payload)
{
	key_asked++;
	snprintf(key_prompt, sizeof key_prompt, "%s", prompt);
	return snprintf(buf, size, "%s", (const char *)payload);
}

/* password_cb is asked for the password of an encrypted PEM key or a
 * PKCS#12 file only when none is given and the file needs one, with a
 * prompt naming the file; a wrong answer is a wrong password. */
START_TEST(password_callback_for_key_files)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = t_pki("lab-rsa-enc.key");
	so.cert_file = t_pki("lab-rsa-chain.pem");
	so.password_cb = give_password;
	so.password_payload = "secret";
	gi_signer *sg;
	key_asked = 0;
	ck_assert_msg(gi_signer_load(&sg, &so) == 0, "%s", gi_error_last()->message);
	gi_signer_free(sg);
	ck_assert_int_eq(key_asked, 1);
	ck_assert_ptr_nonnull(strstr(key_prompt, "lab-rsa-enc.key"));
	so.password_payload = "wrong";
	ck_assert_int_eq(gi_signer_load(&sg, &so), GI_EINVALID);
	so.password = "secret";    /* given: not asked */
	key_asked = 0;
	ck_assert_int_eq(gi_signer_load(&sg, &so), 0);
	gi_signer_free(sg);
	so.password = NULL;
	so.key_file = t_pki("lab-rsa.key");   /* not encrypted: not asked */
	ck_assert_int_eq(gi_signer_load(&sg, &so), 0);
	gi_signer_free(sg);
	ck_assert_int_eq(key_asked, 0);
	so.key_file = so.cert_file = NULL;
	so.pkcs12_file = t_pki("lab-rsa.p12");
	so.password_payload = "secret";
	ck_assert_int_eq(gi_signer_load(&sg, &so), 0);
	gi_signer_free(sg);
	ck_assert_int_eq(key_asked, 1);
	ck_assert_ptr_nonnull(strstr(key_prompt, "lab-rsa.p12"));
}
END_TEST

/* gi verify takes an encrypted key's password from $GI_KEY_PASSWORD when
 * there is no --password-file (which wins), and says how to give one when
 * there is neither and standard input is not a terminal. */
START_TEST(cli_password_from_the_environment)
{
	const char *spec = t_src("specs/lai-chau-tea.xml"), *rep = t_src("examples/lai-chau-2026.xml");
	char dir[128], wrong[160];
	snprintf(dir, sizeof dir, "/tmp/gi-pw-%d", (int)getpid());
	snprintf(wrong, sizeof wrong, "%s.wrong", dir);
	FILE *f = fopen(wrong, "w");
	fputs("wrong\n", f);
	fclose(f);
	setenv("GI_KEY_PASSWORD", "secret", 1);
	ck_assert_msg(GI("verify", "-s", spec, "-r", rep, "--sign-key", t_pki("lab-rsa-enc.key"), "--sign-cert",
	                 t_pki("lab-rsa-chain.pem"), "--out", dir) == 1, "%s", err);
	ck_assert_int_eq(records_verify(dir), 0);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", t_pki("lab-rsa-enc.key"), "--sign-cert",
	                    t_pki("lab-rsa-chain.pem"), "--password-file", wrong, "--out", dir), 2);
	ck_assert_int_eq(access(dir, F_OK), -1);
	unsetenv("GI_KEY_PASSWORD");
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", t_pki("lab-rsa-enc.key"), "--sign-cert",
	                    t_pki("lab-rsa-chain.pem"), "--out", dir), 2);
	ck_assert_msg(strstr(err, "lab-rsa-enc.key: the key is encrypted and needs its password") != NULL, "%s", err);
	ck_assert_int_eq(access(dir, F_OK), -1);
	unlink(wrong);
}
END_TEST

static Suite *suite_token(int with_token)
{
	Suite *s = suite_create("token");
	TCase *tc;
	if (with_token) {
		tc = tcase_create("token");
		tcase_add_test(tc, token_keys_sign_verifiable_records);
		tcase_add_test(tc, certificate_and_chain_from_the_token);
		tcase_add_test(tc, pin_and_module_sources);
		tcase_add_test(tc, wrong_or_missing_pin);
		tcase_add_test(tc, uri_errors);
		tcase_add_test(tc, cli_signs_with_a_token);
		suite_add_tcase(s, tc);
	}
	tc = tcase_create("external");
	tcase_add_test(tc, external_function_signs_verifiable_records);
	tcase_add_test(tc, external_function_failures);
	tcase_add_test(tc, password_callback_for_key_files);
	tcase_add_test(tc, cli_password_from_the_environment);
	suite_add_tcase(s, tc);
	return s;
}

/* The external signing tests need no token and always run; without a
 * token the program then reports SKIP (77) for the token tests, unless
 * something failed. */
int main(void)
{
	int made = make_token();
	if (made == 99) {
		remove_token();
		return 99;
	}
	c14n_check_install();   /* every record signed on a token or elsewhere */
	/* and every record verified, by xmlsec too (libgi/record_dsig.c) */
	gi__dsig_differential(1);
	SRunner *sr = srunner_create(suite_token(made == 0));
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	gi_shutdown();
	remove_token();
	return failed ? EXIT_FAILURE : made;
}
