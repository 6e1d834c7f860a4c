/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * record.c - signers and signed verification records: XML-DSig with
 * XAdES B-B properties (B-T and B-LT with a time-stamping authority or
 * CRLs), written directly in canonical form and signed with OpenSSL (see
 * "writing a record"). Verification is in record_verify.c.
 */
#include "config.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/ts.h>
#include <openssl/rand.h>
#include <libxml/c14n.h>
#include <libxml/tree.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/base64.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/openssl/x509.h>
#include "internal.h"
#include "json_internal.h"
#include "record_internal.h"
#include "registry_internal.h"
#include "xades.h"
#include "c14n_write.h"
#include "signer_backends.h"

#define NS "urn:libgi:record:1"
#define GI__SIGNER_POOL 8
#define DSIG_NS "http://www.w3.org/2000/09/xmldsig#"

/* ---- xmlsec set-up, once per process ---- */

static int xmlsec_ok = -1;
static pthread_once_t xmlsec_once = PTHREAD_ONCE_INIT;

static void quiet_xmlsec(const char *file, int line, const char *func, const char *obj, const char *subj,
                         int reason, const char *msg)
{
	/* xmlsec's default callback prints to stderr; libgi reports failures
	 * itself, with the check that failed */
}

static void init_xmlsec(void)
{
	xmlInitParser();
	xmlsec_ok = xmlSecInit() == 0 && xmlSecCheckVersion() == 1 && xmlSecCryptoAppInit(NULL) == 0 &&
	            xmlSecCryptoInit() == 0;
	xmlSecErrorsSetCallback(quiet_xmlsec);
}

void gi__xmlsec_shutdown(void)
{
	if (xmlsec_ok == 1) {
		xmlSecCryptoShutdown();
		xmlSecCryptoAppShutdown();
		xmlSecShutdown();
		xmlsec_ok = 0;
	}
}

int gi__xmlsec_ready(void)
{
	pthread_once(&xmlsec_once, init_xmlsec);
	return xmlsec_ok == 1 ? GI_OK : gi__error(GI_ERROR, NULL, 0, "the xmlsec library cannot be initialised");
}

/* ---- signer ---- */

struct gi_signer {
	EVP_PKEY *pkey;
	X509 *cert;
	STACK_OF(X509) *chain;    /* issuers to include, may be empty */
	char *key_info;           /* <KeyInfo>: the certificate and its chain */
	char cert_digest[45];     /* base64 SHA-256 of the certificate (SigningCertificateV2) */
	size_t key_info_len;
	gi_tsa_cb tsa;
	void *tsa_payload;
	STACK_OF(X509_CRL) *crls; /* for RevocationValues, may be empty */
	char subject[512];
	int ec;
	gi__p11 *p11;             /* the token the key is on, or NULL */
	gi__ext *ext;             /* the caller's signing function, or NULL */
	/* signing contexts set up for pkey, reused: the one part of a signer
	 * that signing changes, under its lock */
	pthread_mutex_t pool_lock;
	EVP_PKEY_CTX *pool[GI__SIGNER_POOL];
	int n_pool;
};

typedef struct {
	const gi_signer_options *o;
	int none;                 /* the key is encrypted and no password came */
} pw_ask;

static int password_cb(char *buf, int size, int rwflag, void *u)
{
	pw_ask *a = u;
	const gi_signer_options *o = a->o;
	const char *pw = o->password;
	if (!pw) {
		/* asked only when the key is encrypted */
		char prompt[512];
		snprintf(prompt, sizeof prompt, "password of the key %s", o->key_file);
		int n = o->version >= 5 && o->password_cb && size > 0
		      ? o->password_cb(buf, (size_t)size, prompt, o->password_payload) : -1;
		a->none = n < 0 || n >= size;
		return a->none ? -1 : n;
	}
	int n = (int)strlen(pw);
	if (n > size)
		n = size;
	memcpy(buf, pw, (size_t)n);
	return n;
}

static void openssl_reason(char *buf, size_t n)
{
	unsigned long e = ERR_peek_last_error();
	if (e)
		ERR_error_string_n(e, buf, n);
	else
		snprintf(buf, n, "no detail");
	ERR_clear_error();
}

void gi__x509_name(char *out, size_t n, const X509_NAME *name)
{
	BIO *b = BIO_new(BIO_s_mem());
	out[0] = '\0';
	if (!b)
		return;
	X509_NAME_print_ex(b, name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
	int len = BIO_read(b, out, (int)n - 1);
	out[len > 0 ? len : 0] = '\0';
	BIO_free(b);
}

/* The signer's certificate, then its chain, from PEM text. */
static int read_certs(gi_signer *s, BIO *in, const char *where)
{
	s->cert = PEM_read_bio_X509(in, NULL, NULL, NULL);
	X509 *c;
	while (s->cert && (c = PEM_read_bio_X509(in, NULL, NULL, NULL)))
		if (!sk_X509_push(s->chain, c)) {
			X509_free(c);
			ERR_clear_error();
			return gi__oom();
		}
	ERR_clear_error();
	if (!s->cert)
		return gi__error(GI_EINVALID, where, 0, "no PEM certificate in the %s", where ? "file" : "text given");
	return GI_OK;
}

static int load_cert_file(gi_signer *s, const char *path)
{
	BIO *in = BIO_new_file(path, "rb");
	if (!in) {
		int err = errno;
		ERR_clear_error();
		return gi__error(GI_EIO, path, 0, "cannot open the certificate: %s", strerror(err));
	}
	int rc = read_certs(s, in, path);
	BIO_free(in);
	return rc;
}

static int load_pem_files(gi_signer *s, const gi_signer_options *o)
{
	char why[256];
	FILE *f = fopen(o->key_file, "rb");
	if (!f)
		return gi__error(GI_EIO, o->key_file, 0, "cannot open the key: %s", strerror(errno));
	pw_ask ask = { o, 0 };
	s->pkey = PEM_read_PrivateKey(f, NULL, password_cb, &ask);
	fclose(f);
	if (!s->pkey && ask.none) {
		ERR_clear_error();
		return gi__error(GI_EINVALID, o->key_file, 0, "the key is encrypted and needs its password: give it with "
		                 "--password-file, GI_KEY_PASSWORD or at the prompt (gi_signer_options.password or password_cb)");
	}
	if (!s->pkey) {
		openssl_reason(why, sizeof why);
		return gi__error(GI_EINVALID, o->key_file, 0,
		                 "cannot read the private key (wrong password, or not a PEM key): %s", why);
	}
	return load_cert_file(s, o->cert_file);
}

/* A key on a PKCS#11 token; the certificate from cert_file or the token. */
static int load_token(gi_signer *s, const gi_signer_options *o)
{
	int rc = gi__p11_load(&s->p11, &s->pkey, o->cert_file ? NULL : &s->cert, s->chain, o);
	return rc == 0 && o->cert_file ? load_cert_file(s, o->cert_file) : rc;
}

static int load_pkcs12(gi_signer *s, const gi_signer_options *o)
{
	char why[256];
	FILE *f = fopen(o->pkcs12_file, "rb");
	if (!f)
		return gi__error(GI_EIO, o->pkcs12_file, 0, "cannot open: %s", strerror(errno));
	PKCS12 *p12 = d2i_PKCS12_fp(f, NULL);
	fclose(f);
	if (!p12)
		return gi__error(GI_EINVALID, o->pkcs12_file, 0, "not a PKCS#12 file");
	STACK_OF(X509) *ca = NULL;
	char asked[1024] = "";
	const char *pw = o->password ? o->password : "";
	if (!o->password && o->version >= 5 && o->password_cb && !PKCS12_verify_mac(p12, "", 0) &&
	    !PKCS12_verify_mac(p12, NULL, 0)) {
		char prompt[512];
		snprintf(prompt, sizeof prompt, "password of %s", o->pkcs12_file);
		int n = o->password_cb(asked, sizeof asked, prompt, o->password_payload);
		asked[n >= 0 && (size_t)n < sizeof asked ? (size_t)n : 0] = '\0';
		pw = asked;
	}
	int ok = PKCS12_parse(p12, pw, &s->pkey, &s->cert, &ca);
	OPENSSL_cleanse(asked, sizeof asked);
	PKCS12_free(p12);
	if (!ok) {
		openssl_reason(why, sizeof why);
		return gi__error(GI_EINVALID, o->pkcs12_file, 0, "cannot open the PKCS#12 file (wrong password?): %s", why);
	}
	for (int i = 0; ca && i < sk_X509_num(ca); i++)
		sk_X509_push(s->chain, sk_X509_value(ca, i));
	sk_X509_free(ca);
	if (!s->pkey || !s->cert)
		return gi__error(GI_EINVALID, o->pkcs12_file, 0, "the PKCS#12 file lacks a key or a certificate");
	return GI_OK;
}

/* KeyInfo is not covered by the signature (the record's references are
 * the record without its signature and the signed properties), so
 * KeyInfo/X509Data (the certificate, then its chain) is serialised here
 * once and copied into every record (base64 and newlines need no
 * escaping); the certificate's digest for SigningCertificateV2 too. */
static int make_key_info(gi_signer *s)
{
	unsigned char *cder = NULL, md[32];
	int clen = i2d_X509(s->cert, &cder);
	int dig = clen > 0 && EVP_Digest(cder, (size_t)clen, md, NULL, EVP_sha256(), NULL) == 1;
	OPENSSL_free(cder);
	if (!dig)
		return gi__oom();
	EVP_EncodeBlock((unsigned char *)s->cert_digest, md, 32);
	char *text = NULL;
	size_t text_len = 0;
	FILE *f = open_memstream(&text, &text_len);
	if (!f)
		return gi__oom();
	int ok = fputs("<KeyInfo><X509Data>", f) >= 0;
	for (int i = 0; ok && i < 1 + sk_X509_num(s->chain); i++) {
		X509 *c = i == 0 ? s->cert : sk_X509_value(s->chain, i - 1);
		unsigned char *der = NULL;
		int len = i2d_X509(c, &der);
		xmlChar *b64 = len > 0 ? xmlSecBase64Encode(der, (xmlSecSize)len, 64) : NULL;
		OPENSSL_free(der);
		ok = b64 && fprintf(f, "<X509Certificate>%s</X509Certificate>", (const char *)b64) > 0;
		xmlFree(b64);
	}
	ok = ok && fputs("</X509Data></KeyInfo>", f) >= 0;
	if (fclose(f) != 0 || !ok) {
		free(text);
		return gi__oom();
	}
	s->key_info = text;
	s->key_info_len = text_len;
	return GI_OK;
}

/* The CRLs of a PEM file (at least one), appended to crls. */
static int load_crls(STACK_OF(X509_CRL) *crls, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return gi__error(GI_EIO, path, 0, "cannot open the CRL file: %s", strerror(errno));
	X509_CRL *c;
	int n = 0;
	while ((c = PEM_read_X509_CRL(f, NULL, NULL, NULL)) && sk_X509_CRL_push(crls, c))
		n++;
	ERR_clear_error();
	fclose(f);
	return n ? GI_OK : gi__error(GI_EINVALID, path, 0, "no PEM CRL in the file");
}

/* Refuses a certificate whose records could never verify: the policy of
 * verification (cert_policy.c) applied when signing, and the validity
 * period now. */
static int check_usable(gi_signer *s, const char *where)
{
	char name[512], why[300];
	gi__x509_name(name, sizeof name, X509_get_subject_name(s->cert));
	if (gi__key_profile(s->pkey, why, sizeof why) < 0)
		return gi__error(GI_EINVALID, where, 0, "the certificate of %s cannot sign records: %s", name, why);
	if (X509_cmp_current_time(X509_get0_notBefore(s->cert)) >= 0)
		return gi__error(GI_EINVALID, where, 0, "the certificate of %s is not valid yet", name);
	if (X509_cmp_current_time(X509_get0_notAfter(s->cert)) <= 0)
		return gi__error(GI_EINVALID, where, 0, "the certificate of %s has expired", name);
	if (gi__cert_usage(s->cert, why, sizeof why) < 0)
		return gi__error(GI_EINVALID, where, 0, "the certificate of %s cannot sign records: %s", name, why);
	for (int i = 0; i < 1 + sk_X509_num(s->chain); i++) {
		X509 *c = i == 0 ? s->cert : sk_X509_value(s->chain, i - 1);
		if (gi__cert_strength(c, why, sizeof why) < 0) {
			gi__x509_name(name, sizeof name, X509_get_subject_name(c));
			return gi__error(GI_EINVALID, where, 0, "the certificate of %s (%s of the file) is too weak: %s",
			                 name, i == 0 ? "the signer's" : "a chain certificate", why);
		}
	}
	return GI_OK;
}

static gi_signer *signer_new(void)
{
	gi_signer *s = calloc(1, sizeof *s);
	if (s)
		pthread_mutex_init(&s->pool_lock, NULL);
	if (!s || !(s->chain = sk_X509_new_null()) || !(s->crls = sk_X509_CRL_new_null())) {
		if (s) {
			sk_X509_free(s->chain);
			pthread_mutex_destroy(&s->pool_lock);
		}
		free(s);
		return NULL;
	}
	return s;
}

/* The checks and set-up common to every kind of key, once s has its key
 * and certificate; frees s on failure. */
static int signer_finish(gi_signer **out, gi_signer *s, const gi_signer_options *o, const char *where, int rc)
{
	if (rc == 0 && X509_check_private_key(s->cert, s->pkey) != 1) {
		ERR_clear_error();
		rc = gi__error(GI_EINVALID, where, 0, "the private key does not belong to the certificate");
	}
	if (rc == 0) {
		int id = EVP_PKEY_get_base_id(s->pkey);
		s->ec = id == EVP_PKEY_EC;
		if (id != EVP_PKEY_EC && id != EVP_PKEY_RSA)
			rc = gi__error(GI_EINVALID, where, 0, "the key must be RSA (2048 bits or more) or EC P-256");
	}
	if (rc == 0 && !(o->version >= 3 && o->allow_unusable_cert))
		rc = check_usable(s, where);
	if (rc == 0)
		rc = make_key_info(s);
	for (size_t i = 0; rc == 0 && o->version >= 4 && o->crl_files && o->crl_files[i]; i++)
		rc = load_crls(s->crls, o->crl_files[i]);
	if (rc < 0) {
		gi_signer_free(s);
		return rc;
	}
	gi__x509_name(s->subject, sizeof s->subject, X509_get_subject_name(s->cert));
	if (o->version >= 2) {
		s->tsa = o->tsa;
		s->tsa_payload = o->tsa_payload;
	}
	*out = s;
	return GI_OK;
}

int gi_signer_load(gi_signer **out, const gi_signer_options *o)
{
	if (!out || !o || o->version < 1 || o->version > GI_SIGNER_OPTIONS_VERSION)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_signer_load: NULL argument or options version");
	*out = NULL;
	int token = !o->pkcs12_file && gi__p11_is_uri(o->key_file);
	if (!o->pkcs12_file && (!o->key_file || (!o->cert_file && !token)))
		return gi__error(GI_EUSAGE, NULL, 0, "give a key and a certificate, or a PKCS#12 file");
	int rc = gi__xmlsec_ready();
	if (rc < 0)
		return rc;
	gi_signer *s = signer_new();
	if (!s)
		return gi__oom();
	rc = o->pkcs12_file ? load_pkcs12(s, o) : token ? load_token(s, o) : load_pem_files(s, o);
	const char *where = o->pkcs12_file ? o->pkcs12_file : o->cert_file ? o->cert_file : gi__p11_shown(o->key_file);
	return signer_finish(out, s, o, where, rc);
}

int gi_signer_load_external(gi_signer **out, const gi_signer_options *opts, const gi_signer_external *ext)
{
	gi_signer_options none = GI_SIGNER_OPTIONS_INIT;
	const gi_signer_options *o = opts ? opts : &none;
	if (!out || !ext || ext->version != GI_SIGNER_EXTERNAL_VERSION || !ext->sign || o->version < 1 ||
	    o->version > GI_SIGNER_OPTIONS_VERSION)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_signer_load_external: NULL argument, no sign function or version");
	*out = NULL;
	if (o->key_file || o->pkcs12_file || o->password)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_signer_load_external: the key is the sign function's; "
		                                     "give no key, PKCS#12 file or password");
	if (!ext->cert_pem == !o->cert_file)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_signer_load_external: give the certificate as cert_pem or cert_file");
	int rc = gi__xmlsec_ready();
	if (rc < 0)
		return rc;
	gi_signer *s = signer_new();
	if (!s)
		return gi__oom();
	if (ext->cert_pem) {
		BIO *in = BIO_new_mem_buf(ext->cert_pem, -1);
		rc = in ? read_certs(s, in, NULL) : gi__oom();
		BIO_free(in);
	} else {
		rc = load_cert_file(s, o->cert_file);
	}
	if (rc == 0)
		rc = gi__ext_key(&s->ext, &s->pkey, s->cert, ext);
	return signer_finish(out, s, o, o->cert_file, rc);
}

void gi_signer_free(gi_signer *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n_pool; i++)
		EVP_PKEY_CTX_free(s->pool[i]);
	pthread_mutex_destroy(&s->pool_lock);
	free(s->key_info);
	EVP_PKEY_free(s->pkey);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	sk_X509_CRL_pop_free(s->crls, X509_CRL_free);
	gi__p11_free(s->p11);   /* after every reference to the key */
	gi__ext_free(s->ext);
	free(s);
}

const char *gi_signer_subject(const gi_signer *s)
{
	return s ? s->subject : NULL;
}

static xmlNodePtr text_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *content)
{
	xmlNodePtr n = xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST content);
	return n && (!content || !*content || n->children) ? n : NULL;
}

static void iso_time(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) && tm.tm_year + 1900 >= 1000 && tm.tm_year + 1900 <= 9999) {
		/* what strftime writes below, without its locale machinery */
		int f[6] = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec };
		char *o = out;
		for (int i = 0; i < 6; i++) {
			int v = f[i];
			if (i == 0) {
				*o++ = (char)('0' + v / 1000);
				*o++ = (char)('0' + v / 100 % 10);
			}
			*o++ = (char)('0' + v / 10 % 10);
			*o++ = (char)('0' + v % 10);
			*o++ = "--T::Z"[i];
		}
		*o = '\0';
		return;
	}
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int record_id(char id[GI_RECORD_ID_SIZE], EVP_MD_CTX *h, const gi_record_info *info, const gi_sample *s,
                     const char *when)
{
	static const char digits[] = "0123456789abcdef";
	const char *parts[] = { gi_spec_get_info(info->spec)->sha256, info->report_sha256, s->id, when };
	unsigned char md[32];
	/* the parts, each followed by a newline, hashed in one piece when they
	 * fit (they almost always do: two digests, an id and a time) */
	char buf[512];
	size_t n = 0;
	int ok = EVP_DigestInit_ex(h, gi__sha256_md(), NULL) == 1;
	for (size_t i = 0; ok && i < 4; i++) {
		size_t k = strlen(parts[i]);
		if (n + k + 1 > sizeof buf) {
			ok = EVP_DigestUpdate(h, buf, n) == 1;
			n = 0;
		}
		if (ok && k + 1 > sizeof buf) {
			ok = EVP_DigestUpdate(h, parts[i], k) == 1 && EVP_DigestUpdate(h, "\n", 1) == 1;
			continue;
		}
		memcpy(buf + n, parts[i], k);
		buf[n + k] = '\n';
		n += k + 1;
	}
	if (!ok || EVP_DigestUpdate(h, buf, n) != 1 || EVP_DigestFinal_ex(h, md, NULL) != 1)
		return gi__oom();
	id[0] = 'R';
	for (size_t i = 0; i < 16; i++) {
		id[1 + 2 * i] = digits[md[i] >> 4];
		id[2 + 2 * i] = digits[md[i] & 15];
	}
	id[33] = '\0';
	return GI_OK;
}

/* The bytes an RFC 3161 token over this signature must imprint: the
 * SHA-256 of the decoded SignatureValue. */
int gi__signature_imprint(xmlNodePtr sig, unsigned char md[32])
{
	xmlNodePtr sv = NULL;
	for (xmlNodePtr n = sig->children; n && !sv; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "SignatureValue"))
			sv = n;
	xmlChar *b64 = sv ? xmlNodeGetContent(sv) : NULL;
	if (!b64)
		return -1;
	xmlSecSize cap = (xmlSecSize)xmlStrlen(b64), got = 0;
	xmlSecByte *raw = malloc(cap + 1);
	int rc = raw && xmlSecBase64Decode_ex(b64, raw, cap, &got) == 0 && got > 0 &&
	         EVP_Digest(raw, got, md, NULL, EVP_sha256(), NULL) == 1 ? 0 : -1;
	free(raw);
	xmlFree(b64);
	return rc;
}

/* Asks the TSA for a token over the SHA-256 imprint md; on success *tok
 * is the DER token (OPENSSL_free) and *tok_len its length. The answer must
 * be granted, for this imprint and nonce, and carry a TSA signature that
 * verifies with the certificate it names. */
int gi__tsa_stamp(gi_tsa_cb cb, void *payload, const unsigned char md[32], unsigned char **tok, int *tok_len)
{
	unsigned char nonce_bytes[8];
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *imp = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	ASN1_INTEGER *nonce = NULL;
	unsigned char *der = NULL, *resp = NULL;
	size_t resp_len = 0;
	TS_RESP *tr = NULL;
	TS_VERIFY_CTX *vc = NULL;
	int rc = GI_ENOMEM, len; /* until a step says otherwise: reported at out */
	*tok = NULL;
	if (!req || !imp || !alg || RAND_bytes(nonce_bytes, sizeof nonce_bytes) != 1)
		goto out;
	X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	BIGNUM *bn = BN_bin2bn(nonce_bytes, sizeof nonce_bytes, NULL);
	nonce = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	BN_free(bn);
	if (!nonce || !TS_MSG_IMPRINT_set_algo(imp, alg) || !TS_MSG_IMPRINT_set_msg(imp, (unsigned char *)md, 32) ||
	    !TS_REQ_set_version(req, 1) || !TS_REQ_set_msg_imprint(req, imp) || !TS_REQ_set_nonce(req, nonce) ||
	    !TS_REQ_set_cert_req(req, 1) || (len = i2d_TS_REQ(req, &der)) <= 0)
		goto out;
	if (cb(&resp, &resp_len, der, (size_t)len, payload) != 0 || !resp) {
		rc = gi__error(GI_EIO, NULL, 0, "the time-stamping authority gave no answer");
		goto out;
	}
	const unsigned char *p = resp;
	tr = d2i_TS_RESP(NULL, &p, (long)resp_len);
	if (!tr) {
		rc = gi__error(GI_EINVALID, NULL, 0, "the time-stamping authority's answer is not an RFC 3161 response");
		goto out;
	}
	/* granted, for this imprint and nonce (the TSA's signature and chain
	 * are checked by whoever verifies the record) */
	vc = TS_REQ_to_TS_VERIFY_CTX(req, NULL);
	if (!vc)
		goto out;
	TS_VERIFY_CTX_set_flags(vc, TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
	if (TS_RESP_verify_response(vc, tr) != 1) {
		char why[256];
		ERR_error_string_n(ERR_peek_last_error(), why, sizeof why);
		ERR_clear_error();
		rc = gi__error(GI_EINVALID, NULL, 0, "the time-stamp does not answer the request: %s", why);
		goto out;
	}
	/* the token's own signature, with the TSA certificate it carries (its
	 * chain is the relying party's business): a damaged answer is refused
	 * now rather than found out by whoever verifies the record */
	if (PKCS7_verify(TS_RESP_get_token(tr), NULL, NULL, NULL, NULL, PKCS7_NOVERIFY) != 1) {
		ERR_clear_error();
		rc = gi__error(GI_EINVALID, NULL, 0, "the time-stamp's signature does not verify");
		goto out;
	}
	*tok_len = i2d_PKCS7(TS_RESP_get_token(tr), tok);
	rc = *tok_len > 0 ? GI_OK : GI_ENOMEM;
out:
	if (rc == GI_ENOMEM)
		gi__oom();
	TS_VERIFY_CTX_free(vc);
	TS_RESP_free(tr);
	free(resp);
	OPENSSL_free(der);
	ASN1_INTEGER_free(nonce);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(imp);
	TS_REQ_free(req);
	ERR_clear_error();
	return rc;
}

static xmlNodePtr base64_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const unsigned char *der, int len)
{
	xmlChar *b64 = len > 0 ? xmlSecBase64Encode(der, (xmlSecSize)len, 64) : NULL;
	xmlNodePtr n = b64 ? text_child(parent, ns, name, (const char *)b64) : NULL;
	xmlFree(b64);
	return n;
}

/* XAdES B-T and B-LT: after signing, SignatureTimeStamp over the exclusive
 * C14N of ds:SignatureValue (EN 319 132-1 §5.3), then the chain as
 * CertificateValues and the CRLs given as RevocationValues (§5.5.1, 5.5.2). */
static int unsigned_properties(xmlNodePtr sig, xmlNodePtr qp, const gi_signer *sg)
{
	if (!sg->tsa && sk_X509_CRL_num(sg->crls) == 0)
		return GI_OK;
	xmlNsPtr x = qp->ns;
	xmlNodePtr up = xmlNewChild(qp, x, BAD_CAST "UnsignedProperties", NULL);
	xmlNodePtr usp = up ? xmlNewChild(up, x, BAD_CAST "UnsignedSignatureProperties", NULL) : NULL;
	if (!usp)
		return gi__oom();
	if (sg->tsa) {
		xmlNodePtr sv = NULL;
		for (xmlNodePtr n = sig->children; n && !sv; n = n->next)
			if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "SignatureValue"))
				sv = n;
		unsigned char md[32], *tok = NULL;
		int tlen = 0;
		if (!sv || gi__c14n_sha256(md, sv) < 0)
			return gi__error(GI_ERROR, NULL, 0, "no signature value to time-stamp");
		int rc = gi__tsa_stamp(sg->tsa, sg->tsa_payload, md, &tok, &tlen);
		if (rc < 0)
			return rc;
		xmlNodePtr st = xmlNewChild(usp, x, BAD_CAST "SignatureTimeStamp", NULL);
		xmlNodePtr cm = st ? xmlNewChild(st, sig->ns, BAD_CAST "CanonicalizationMethod", NULL) : NULL;
		if (cm && !xmlNewProp(cm, BAD_CAST "Algorithm", BAD_CAST GI__ALG_EXC_C14N))
			cm = NULL;
		xmlNodePtr et = cm ? base64_child(st, x, "EncapsulatedTimeStamp", tok, tlen) : NULL;
		OPENSSL_free(tok);
		if (!et)
			return gi__oom();
	}
	if (sk_X509_CRL_num(sg->crls) > 0) {
		xmlNodePtr cv = xmlNewChild(usp, x, BAD_CAST "CertificateValues", NULL);
		for (int i = 0; cv && i < sk_X509_num(sg->chain); i++) {
			unsigned char *der = NULL;
			int len = i2d_X509(sk_X509_value(sg->chain, i), &der);
			if (!base64_child(cv, x, "EncapsulatedX509Certificate", der, len))
				cv = NULL;
			OPENSSL_free(der);
		}
		xmlNodePtr rv = cv ? xmlNewChild(usp, x, BAD_CAST "RevocationValues", NULL) : NULL;
		xmlNodePtr crlv = rv ? xmlNewChild(rv, x, BAD_CAST "CRLValues", NULL) : NULL;
		for (int i = 0; crlv && i < sk_X509_CRL_num(sg->crls); i++) {
			unsigned char *der = NULL;
			int len = i2d_X509_CRL(sk_X509_CRL_value(sg->crls, i), &der);
			if (!base64_child(crlv, x, "EncapsulatedCRLValue", der, len))
				crlv = NULL;
			OPENSSL_free(der);
		}
		if (!crlv)
			return gi__oom();
	}
	return GI_OK;
}

static xmlNodePtr dsig_child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr n = parent->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

/* Why xmlsec could not sign: the external function or the token refused,
 * or something inside xmlsec failed. */
static int signing_failed(const gi_signer *sg)
{
	char why[256];
	if (gi__ext_failed(sg->ext)) {
		ERR_clear_error();
		return gi__error(GI_ERROR, NULL, 0, "the external signing function failed: no record was made");
	}
	if (sg->ext) {
		openssl_reason(why, sizeof why);
		return gi__error(GI_ERROR, NULL, 0, "cannot sign with the external signing function: %s", why);
	}
	if (sg->p11) {
		openssl_reason(why, sizeof why);
		return gi__error(GI_ERROR, NULL, 0, "the token could not sign (removed, or logged out?): %s", why);
	}
	return gi__error(GI_ERROR, NULL, 0, "XML-DSig signing failed");
}

/* ---- writing a record ----
 *
 * libgi writes every byte of a record, so it writes the record in its
 * canonical form (c14n_write.h) and hashes those bytes as they are: the
 * record without its signature as the enveloped Reference's data (Canonical
 * XML 1.0 of the document minus ds:Signature - the record declares its one
 * namespace on the root and has no comments, so this is also its exclusive
 * C14N), the SignedProperties and the SignedInfo as exclusive C14N renders
 * them on their own (with the namespace declarations their ancestors
 * made). tests/check_c14n.c checks each of these byte strings against
 * libxml2's canonicalisation of the record that was written, and
 * xmlsec1 --verify checks whole records. */

static gi__sign_observer observer;
static void *observer_payload;

void gi__sign_observe(gi__sign_observer cb, void *payload)
{
	observer = cb;
	observer_payload = payload;
}

static void observe(int part, const char *a, size_t a_len, const char *b, size_t b_len)
{
	if (!observer)
		return;
	char *all = malloc(a_len + b_len + 1);
	if (!all)
		return;
	memcpy(all, a, a_len);
	memcpy(all + a_len, b, b_len);
	all[a_len + b_len] = '\0';
	observer(part, all, a_len + b_len, observer_payload);
	free(all);
}

/* One criterion's result: what was compared with what, how, and why. */
static void write_criterion(gi__cw *w, const gi_criterion_result *c)
{
	gi__cw_start(w, "criterion");
	gi__cw_attr(w, "id", c->criterion->id);
	gi__cw_attr(w, "analyte", c->criterion->analyte);
	gi__cw_attr(w, "numerator", c->criterion->numerator);
	gi__cw_attr(w, "denominator", c->criterion->denominator);
	gi__cw_attr(w, "verdict", gi_verdict_name(c->verdict));
	gi__cw_attr(w, "rule", gi_rule_name(c->rule.kind));
	if (c->has_value) {
		gi__cw_attr_num(w, "value", c->value);
		gi__cw_attr(w, "censored", c->censored ? "true" : "false");
	}
	gi__cw_attr(w, "unit", c->criterion->unit);
	gi__cw_attr(w, "basis", gi_basis_name(c->criterion->basis));
	char rep[24];
	snprintf(rep, sizeof rep, "%zu", c->n_replicates);
	gi__cw_attr(w, "replicates", rep);
	if (c->has_uncertainty) {
		gi__cw_attr_num(w, "uncertainty", c->uncertainty);
		gi__cw_attr_num(w, "k", c->coverage);
		gi__cw_attr(w, "uncertaintySource", gi__uncertainty_source_name(c->uncertainty_source));
	}
	gi__cw_attr(w, "limit", c->criterion->limit.text);
	if (c->has_acceptance_lower)
		gi__cw_attr_num(w, "acceptanceLower", c->acceptance_lower);
	if (c->has_acceptance_upper)
		gi__cw_attr_num(w, "acceptanceUpper", c->acceptance_upper);
	if (c->has_probability)
		gi__cw_attr_num(w, "probability", c->probability);
	gi__cw_close_start(w);
	if (c->reason)
		gi__cw_text(w, "criterion", c->reason);
	gi__cw_end(w, "criterion");
}

/* The record's own elements, up to (not including) the end tag of the root. */
static void write_body(gi__cw *w, const gi_signer *sg, const gi_sample_result *r, const gi_record_info *info,
                       const char *id, const char *when)
{
	const gi_spec_info *si = gi_spec_get_info(info->spec);
	const gi_sample *s = r->sample;
	gi__cw_start(w, "verificationRecord");
	gi__cw_ns(w, NULL, NS);
	gi__cw_attr(w, "id", id);
	gi__cw_attr(w, "issued", when);
	gi__cw_attr(w, "libgi", PACKAGE_VERSION);
	gi__cw_close_start(w);
	gi__cw_element(w, "issuer", info->issuer ? info->issuer : sg->subject);
	gi__cw_start(w, "spec");
	gi__cw_attr(w, "effective", si->effective);
	gi__cw_attr(w, "id", si->id);
	gi__cw_attr(w, "sha256", si->sha256);
	gi__cw_attr(w, "version", si->version);
	gi__cw_close_start(w);
	gi__cw_end(w, "spec");
	gi__cw_start(w, "report");
	gi__cw_attr(w, "file", info->report_name);
	gi__cw_attr(w, "lab", info->lab && info->lab->id ? info->lab->id : "");
	gi__cw_attr(w, "sha256", info->report_sha256);
	if (info->lab) {
		gi__cw_attr(w, "labName", info->lab->name);
		gi__cw_attr(w, "accreditation", info->lab->accreditation);
		gi__cw_attr(w, "reportId", info->lab->report_id);
	}
	gi__cw_close_start(w);
	gi__cw_end(w, "report");
	gi__cw_start(w, "sample");
	gi__cw_attr(w, "analysed", s->analysed);
	gi__cw_attr(w, "id", s->id);
	gi__cw_attr(w, "lot", s->lot);
	gi__cw_attr(w, "product", s->product);
	gi__cw_attr(w, "sampled", s->sampled);
	gi__cw_close_start(w);
	gi__cw_end(w, "sample");
	gi__cw_start(w, "verdict");
	gi__cw_attr(w, "value", gi_verdict_name(r->verdict));
	gi__cw_close_start(w);
	if (r->reason)
		gi__cw_text(w, "verdict", r->reason);
	gi__cw_end(w, "verdict");
	gi__cw_start(w, "origin");
	gi__cw_attr(w, "unit", s->origin);
	gi__cw_attr(w, "value", gi_verdict_name(r->origin_verdict));
	if (s->has_altitude)
		gi__cw_attr_num(w, "altitude", s->altitude);
	gi__cw_close_start(w);
	if (r->origin_reason)
		gi__cw_text(w, "origin", r->origin_reason);
	gi__cw_end(w, "origin");
	for (size_t i = 0; i < r->n_criteria; i++)
		write_criterion(w, &r->criteria[i]);
}

#define ALG_ENVELOPED "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
#define ALG_ECDSA "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
#define ALG_RSA "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"

/* XAdES B-B (EN 319 132-1 §5.2): SignedProperties in the signature's own
 * ds:Object, with the signing time and the SHA-256 of the signer's
 * certificate (SigningCertificateV2); the second Reference of SignedInfo
 * names it by Id. canon: as exclusive C14N renders it alone (xmlns:xades on
 * it, the XML-DSig namespace on each ds: element); else as it stands inside
 * the record's Signature. */
static void write_signed_properties(gi__cw *w, int canon, const gi_signer *sg, const char *sp_id, const char *when)
{
	gi__cw_start(w, "xades:SignedProperties");
	if (canon)
		gi__cw_ns(w, "xades", GI__XADES_NS);
	gi__cw_attr(w, "Id", sp_id);
	gi__cw_close_start(w);
	gi__cw_str(w, "<xades:SignedSignatureProperties>");
	gi__cw_element(w, "xades:SigningTime", when);
	gi__cw_str(w, "<xades:SigningCertificateV2><xades:Cert><xades:CertDigest>");
	gi__cw_str(w, canon ? "<DigestMethod xmlns=\"" DSIG_NS "\" Algorithm=\"" GI__ALG_SHA256 "\"></DigestMethod>"
	                      "<DigestValue xmlns=\"" DSIG_NS "\">"
	                    : "<DigestMethod Algorithm=\"" GI__ALG_SHA256 "\"></DigestMethod><DigestValue>");
	gi__cw_str(w, sg->cert_digest);
	gi__cw_str(w, "</DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificateV2>"
	              "</xades:SignedSignatureProperties></xades:SignedProperties>");
}

/* SignedInfo: exclusive C14N, the record (enveloped) and the signed
 * properties, SHA-256; in its canonical form, with the namespace
 * declaration exclusive C14N puts on it (SI_XMLNS, after SI_START). */
#define SI_START "<SignedInfo"
#define SI_XMLNS " xmlns=\"" DSIG_NS "\""
/* SignedInfo up to the record's digest: the same for every signature made
 * with one kind of key (see si_digest) */
#define SI_HEAD(alg)                                                                                      \
	SI_START SI_XMLNS ">\n<CanonicalizationMethod Algorithm=\"" GI__ALG_EXC_C14N "\"></CanonicalizationMethod>\n" \
	"<SignatureMethod Algorithm=\"" alg "\"></SignatureMethod>\n<Reference URI=\"\">\n<Transforms>\n"           \
	"<Transform Algorithm=\"" ALG_ENVELOPED "\"></Transform>\n</Transforms>\n"                                  \
	"<DigestMethod Algorithm=\"" GI__ALG_SHA256 "\"></DigestMethod>\n<DigestValue>"
static const char si_head_rsa[] = SI_HEAD(ALG_RSA), si_head_ec[] = SI_HEAD(ALG_ECDSA);

static void write_signed_info(gi__cw *w, const gi_signer *sg, const char *body_b64, const char *sp_uri,
                              const char *sp_b64)
{
	if (sg->ec)
		gi__cw_raw(w, si_head_ec, sizeof si_head_ec - 1);
	else
		gi__cw_raw(w, si_head_rsa, sizeof si_head_rsa - 1);
	gi__cw_str(w, body_b64);
	gi__cw_str(w, "</DigestValue>\n</Reference>\n");
	gi__cw_start(w, "Reference");
	gi__cw_attr(w, "Type", GI__XADES_SP_TYPE);
	gi__cw_attr(w, "URI", sp_uri);
	gi__cw_close_start(w);
	gi__cw_str(w, "\n<Transforms>\n<Transform Algorithm=\"" GI__ALG_EXC_C14N "\"></Transform>\n</Transforms>\n"
	              "<DigestMethod Algorithm=\"" GI__ALG_SHA256 "\"></DigestMethod>\n<DigestValue>");
	gi__cw_str(w, sp_b64);
	gi__cw_str(w, "</DigestValue>\n</Reference>\n</SignedInfo>");
}

/* SHA-256 fetched from the provider once, not looked up for every digest */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;
/* The SHA-256 state after each SignedInfo head (RSA, ECDSA), taken once:
 * a SignedInfo that starts with its head hashes only the rest. */
static EVP_MD_CTX *si_state[2];

static void fetch_sha256(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA2-256", NULL);
}

void gi__record_shutdown(void)
{
	EVP_MD_CTX_free(si_state[0]);
	EVP_MD_CTX_free(si_state[1]);
	si_state[0] = si_state[1] = NULL;
	EVP_MD_free(sha256_md);
	sha256_md = NULL;
}

/* The SHA-256 of a then b, with a context the caller keeps for the record. */
const EVP_MD *gi__sha256_md(void)
{
	pthread_once(&sha256_once, fetch_sha256);
	return sha256_md ? sha256_md : EVP_sha256();
}

static int sha256(EVP_MD_CTX *c, unsigned char md[32], const void *a, size_t a_len, const void *b, size_t b_len)
{
	const EVP_MD *alg = gi__sha256_md();
	return c && EVP_DigestInit_ex(c, alg, NULL) == 1 && EVP_DigestUpdate(c, a, a_len) == 1 &&
	       (!b_len || EVP_DigestUpdate(c, b, b_len) == 1) && EVP_DigestFinal_ex(c, md, NULL) == 1 ? 0 : -1;
}

static pthread_once_t si_once = PTHREAD_ONCE_INIT;

static void si_states(void)
{
	const char *head[2] = { si_head_rsa, si_head_ec };
	for (int i = 0; i < 2; i++) {
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		if (c && EVP_DigestInit_ex(c, gi__sha256_md(), NULL) == 1 && EVP_DigestUpdate(c, head[i], strlen(head[i])) == 1)
			si_state[i] = c;
		else
			EVP_MD_CTX_free(c);
	}
}

/* The SHA-256 of the canonical SignedInfo si (len bytes), the same as
 * sha256() gives: from the kept state when si starts with the head. */
static int si_digest(EVP_MD_CTX *h, unsigned char md[32], const char *si, size_t len, int ec)
{
	const char *head = ec ? si_head_ec : si_head_rsa;
	size_t k = ec ? sizeof si_head_ec - 1 : sizeof si_head_rsa - 1;
	pthread_once(&si_once, si_states);
	EVP_MD_CTX *state = si_state[ec ? 1 : 0];
	if (state && len >= k && memcmp(si, head, k) == 0 && EVP_MD_CTX_copy_ex(h, state) == 1 &&
	    EVP_DigestUpdate(h, si + k, len - k) == 1 && EVP_DigestFinal_ex(h, md, NULL) == 1)
		return 0;
	return sha256(h, md, si, len, NULL, 0);
}

static void b64_digest(char out[45], const unsigned char md[32])
{
	EVP_EncodeBlock((unsigned char *)out, md, 32);
}

/* ---- the signature value ----
 *
 * SignedInfo's SHA-256 signed with the signer's key: RSASSA-PKCS1-v1_5 or
 * ECDSA (XML-DSig 1.1 §6.4.1, 6.4.3: r||s, 32 bytes each for P-256). A key
 * in memory signs with a context taken from the signer's pool (set up
 * once, not per record). A key on a token or behind the caller's function
 * is used as it is, and its signature is checked with the certificate's
 * public key before it goes out: another key answering would otherwise
 * make records that never verify. */

static EVP_PKEY_CTX *ctx_new(const gi_signer *sg)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(sg->pkey, NULL);
	/* RSA: PKCS#1 v1.5, the default padding */
	if (c && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) == 1)
		return c;
	EVP_PKEY_CTX_free(c);
	return NULL;
}

static EVP_PKEY_CTX *ctx_take(gi_signer *sg)
{
	EVP_PKEY_CTX *c = NULL;
	if (sg->p11 || sg->ext)
		return ctx_new(sg);
	pthread_mutex_lock(&sg->pool_lock);
	if (sg->n_pool)
		c = sg->pool[--sg->n_pool];
	pthread_mutex_unlock(&sg->pool_lock);
	return c ? c : ctx_new(sg);
}

static void ctx_give(gi_signer *sg, EVP_PKEY_CTX *c)
{
	if (!c)
		return;
	if (!sg->p11 && !sg->ext) {
		pthread_mutex_lock(&sg->pool_lock);
		if (sg->n_pool < GI__SIGNER_POOL) {
			sg->pool[sg->n_pool++] = c;
			c = NULL;
		}
		pthread_mutex_unlock(&sg->pool_lock);
	}
	EVP_PKEY_CTX_free(c);
}

static int signing_failed(const gi_signer *sg);

/* One DER INTEGER (X.690 §8.3: minimal, non-negative here) at *p, as 32
 * big-endian bytes in out; advances *p. */
static int der_integer(unsigned char out[32], const unsigned char **p, const unsigned char *end)
{
	const unsigned char *q = *p;
	if (end - q < 3 || q[0] != 0x02 || q[1] == 0 || q[1] > 33 || q[1] > end - q - 2)
		return -1;
	size_t n = q[1];
	q += 2;
	if (q[0] & 0x80)                        /* negative */
		return -1;
	if (n > 1 && q[0] == 0 && !(q[1] & 0x80))   /* not minimal */
		return -1;
	if (n == 33) {                          /* a leading zero before a high bit */
		if (q[0] != 0)
			return -1;
		q++;
		n--;
	}
	memset(out, 0, 32 - n);
	memcpy(out + 32 - n, q, n);
	*p = q + n;
	return 0;
}

/* ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3),
 * DER, for P-256, to r||s (XML-DSig 1.1 §6.4.3). */
static int ecdsa_der_to_rs(unsigned char rs[64], const unsigned char *der, size_t len)
{
	const unsigned char *p = der, *end = der + len;
	if (len < 8 || len > 72 || p[0] != 0x30 || p[1] != len - 2)
		return -1;
	p += 2;
	return der_integer(rs, &p, end) == 0 && der_integer(rs + 32, &p, end) == 0 && p == end ? 0 : -1;
}

int gi__signer_sign(unsigned char *sig, size_t *sig_len, const gi_signer *sg, const unsigned char md[32])
{
	unsigned char raw[1024];
	size_t len = sizeof raw;
	gi_signer *pool = (gi_signer *)sg;   /* the pool is the signer's only mutable part */
	EVP_PKEY_CTX *c = ctx_take(pool);
	/* a token or the caller's function signs one digest at a time, even
	 * when records are finished on several threads (gi_record_finish) */
	int one_at_a_time = sg->p11 || sg->ext;
	if (one_at_a_time)
		pthread_mutex_lock(&pool->pool_lock);
	int ok = c && EVP_PKEY_sign(c, raw, &len, md, 32) == 1;
	int rc = ok ? GI_OK : signing_failed(sg);   /* reads what the function or token said */
	if (one_at_a_time)
		pthread_mutex_unlock(&pool->pool_lock);
	ctx_give(pool, ok ? c : NULL);
	if (!ok) {
		if (c)
			EVP_PKEY_CTX_free(c);
		return rc;
	}
	if (sg->p11 || sg->ext) {
		EVP_PKEY_CTX *v = EVP_PKEY_CTX_new(X509_get0_pubkey(sg->cert), NULL);
		int good = v && EVP_PKEY_verify_init(v) == 1 && EVP_PKEY_CTX_set_signature_md(v, EVP_sha256()) == 1 && EVP_PKEY_verify(v, raw, len, md, 32) == 1;
		EVP_PKEY_CTX_free(v);
		ERR_clear_error();
		if (!good)
			return gi__error(GI_ERROR, NULL, 0, "the signature made %s does not verify with the certificate of %s "
			                 "(another key signed?)", sg->ext ? "by the external signing function" : "on the token",
			                 sg->subject);
	}
	if (sg->ec) {   /* DER ECDSA-Sig-Value to r||s */
		if (*sig_len < 64 || ecdsa_der_to_rs(sig, raw, len) < 0) {
			ERR_clear_error();
			return gi__error(GI_ERROR, NULL, 0, "the ECDSA signature made %s cannot be decoded",
			                 sg->ext ? "by the external signing function" : sg->p11 ? "on the token" : "by OpenSSL");
		}
		*sig_len = 64;
		return GI_OK;
	}
	if (len > *sig_len)
		return gi__error(GI_ERROR, NULL, 0, "the signature is longer than libgi expects (%zu bytes)", len);
	memcpy(sig, raw, len);
	*sig_len = len;
	return GI_OK;
}

const struct x509_st *gi__signer_cert(const gi_signer *sg)
{
	return sg->cert;
}

/* The base64 SignatureValue over md (NUL-terminated in out). */
static int signature_value(char *out, size_t out_size, const gi_signer *sg, const unsigned char md[32])
{
	unsigned char sig[1024];
	size_t len = sizeof sig;
	int rc = gi__signer_sign(sig, &len, sg, md);
	if (rc < 0)
		return rc;
	if (4 * ((len + 2) / 3) + 1 > out_size)
		return gi__error(GI_ERROR, NULL, 0, "the signature is longer than libgi expects (%zu bytes)", len);
	EVP_EncodeBlock((unsigned char *)out, sig, (int)len);
	return GI_OK;
}

/* The signature, as the last child of the record: SignedInfo over the
 * record written so far (from body_at) and the signed properties. */
static int write_failed(const gi__cw *w, const char *what);

/* a then b into out (n bytes; cut short as snprintf would) */
static void concat(char *out, size_t n, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la + lb >= n) {
		snprintf(out, n, "%s%s", a, b);
		return;
	}
	memcpy(out, a, la);
	memcpy(out + la, b, lb + 1);
}

/* The ds:Signature over a document whose canonical form hashes to body_md
 * (rid: the document's id, giving the signature's and the signed
 * properties' Ids; what: the document, in errors; h: a digest context to
 * use). The canonical SignedProperties is written after the document only
 * to be hashed, then dropped; SignedInfo is written once, canonical,
 * hashed, and then loses the namespace declaration it inherits where it
 * stands in the Signature. */
static int write_signature(gi__cw *w, EVP_MD_CTX *h, const unsigned char body_md[32], const gi_signer *sg,
                           const char *what, const char *rid, const char *when)
{
	char sig_id[48], target[50], sp_id[48], sp_uri[50], body_b64[45], sp_b64[45], value[1400];
	unsigned char md[32];
	concat(sig_id, sizeof sig_id, "S-", rid);
	concat(target, sizeof target, "#", sig_id);
	concat(sp_id, sizeof sp_id, "SP-", rid);
	concat(sp_uri, sizeof sp_uri, "#", sp_id);
	if (gi__cw_status(w))
		return write_failed(w, what);
	b64_digest(body_b64, body_md);
	size_t at = w->len;
	write_signed_properties(w, 1, sg, sp_id, when);
	if (gi__cw_status(w))
		return write_failed(w, what);
	if (sha256(h, md, w->p + at, w->len - at, NULL, 0) < 0)
		return gi__oom();
	observe(1, w->p + at, w->len - at, "", 0);
	w->len = at;
	b64_digest(sp_b64, md);
	gi__cw_start(w, "Signature");
	gi__cw_ns(w, NULL, DSIG_NS);
	gi__cw_attr(w, "Id", sig_id);
	gi__cw_close_start(w);
	gi__cw_str(w, "\n");
	size_t si = w->len;
	write_signed_info(w, sg, body_b64, sp_uri, sp_b64);
	if (gi__cw_status(w))
		return write_failed(w, what);
	if (si_digest(h, md, w->p + si, w->len - si, sg->ec) < 0)
		return gi__oom();
	observe(2, w->p + si, w->len - si, "", 0);
	int rc = signature_value(value, sizeof value, sg, md);
	if (rc < 0)
		return rc;
	/* <SignedInfo xmlns="..."> to <SignedInfo> */
	size_t from = si + sizeof SI_START - 1, cut = sizeof SI_XMLNS - 1;
	memmove(w->p + from, w->p + from + cut, w->len - from - cut);
	w->len -= cut;
	gi__cw_str(w, "\n<SignatureValue>");
	gi__cw_str(w, value);
	gi__cw_str(w, "</SignatureValue>\n");
	gi__cw_raw(w, sg->key_info, sg->key_info_len);
	gi__cw_str(w, "\n<Object>");
	gi__cw_start(w, "xades:QualifyingProperties");
	gi__cw_ns(w, "xades", GI__XADES_NS);
	gi__cw_attr(w, "Target", target);
	gi__cw_close_start(w);
	write_signed_properties(w, 0, sg, sp_id, when);
	gi__cw_str(w, "</xades:QualifyingProperties></Object>\n</Signature>");
	return gi__cw_status(w) ? write_failed(w, what) : 0;
}

/* A record's signature: the record written so far (from body_at) with its
 * end tag is what the enveloped reference hashes. */
static int write_record_signature(gi__cw *w, EVP_MD_CTX *h, size_t body_at, const gi_signer *sg, const char *what,
                                  const char *rid, const char *when)
{
#define END_ROOT "</verificationRecord>"
	static const char end_root[] = END_ROOT;
	unsigned char md[32];
	if (gi__cw_status(w))
		return write_failed(w, what);
	if (sha256(h, md, w->p + body_at, w->len - body_at, end_root, sizeof end_root - 1) < 0)
		return gi__oom();
	observe(0, w->p + body_at, w->len - body_at, end_root, sizeof end_root - 1);
	int rc = write_signature(w, h, md, sg, what, rid, when);
	if (rc < 0)
		return rc;
	gi__cw_raw(w, END_ROOT "\n", sizeof END_ROOT);
	return gi__cw_status(w) ? write_failed(w, what) : 0;
}

/* XAdES B-T and B-LT: the unsigned properties go into the signed record,
 * read back as a tree (they are outside what the signature covers). */
static int add_unsigned(char **out, size_t *len, const char *xml, size_t xml_len, const gi_signer *sg)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)xml_len, NULL, NULL, XML_PARSE_NONET);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	xmlNodePtr sig = root ? xmlGetLastChild(root) : NULL;
	xmlNodePtr obj = sig ? dsig_child(sig, "Object") : NULL;
	xmlNodePtr qp = obj ? xmlFirstElementChild(obj) : NULL;
	if (!qp) {
		xmlFreeDoc(doc);
		return gi__oom();
	}
	int rc = unsigned_properties(sig, qp, sg);
	xmlChar *mem = NULL;
	int n = 0;
	if (rc == 0) {
		xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
		*out = mem ? malloc((size_t)n + 1) : NULL;
		if (*out) {
			memcpy(*out, mem, (size_t)n + 1);
			*len = (size_t)n;
		} else {
			rc = gi__oom();
		}
	}
	xmlFree(mem);
	xmlFreeDoc(doc);
	return rc;
}

/* libxml2 allocates with the C library's malloc (unless the application
 * set other functions with xmlMemSetup): then a buffer written with
 * xmlRealloc can be handed to the caller, who frees it with gi_free. */
static int plain_allocator(void)
{
	xmlFreeFunc f;
	xmlMallocFunc m;
	xmlReallocFunc r;
	xmlStrdupFunc d;
	return xmlMemGet(&f, &m, &r, &d) == 0 && f == free && m == malloc && r == realloc;
}

/* The record's text cannot be written: which field, and why. */
static int write_failed(const gi__cw *w, const char *what)
{
	if (gi__cw_status(w) == GI_EINVALID)
		return gi__error(GI_EINVALID, NULL, 0, "sample %s: the %s holds characters an XML record cannot carry "
		                 "(not UTF-8, or a control character)", what, w->bad_name ? w->bad_name : "text");
	return gi__oom();
}

/* A record written up to its signature (gi_record_prepare): the XML
 * declaration and the record's own elements in their canonical form. */
struct gi_record_draft {
	gi__cw w;
	const gi_signer *signer;    /* whose subject and KeyInfo the record names */
	char rid[GI_RECORD_ID_SIZE];
	char when[32];
	char *what;                 /* the sample's id, for messages */
	int spent;                  /* gi_record_finish took the buffer */
	EVP_MD_CTX *h;              /* for the record's id and its digests */
};

static const char xml_decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

int gi_record_prepare(gi_record_draft **out, char id[GI_RECORD_ID_SIZE], const gi_signer *sg,
                      const gi_sample_result *r, const gi_record_info *info)
{
	if (out)
		*out = NULL;
	if (!out || !sg || !r || !info || !info->spec || !info->report_sha256 || !info->report_name ||
	    info->version != GI_RECORD_INFO_VERSION)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_sign / gi_record_prepare: missing argument (spec, report name and digest are required)");
	/* the record cites the spec version that judged the sample */
	gi_record_info in = *info;
	if (r->spec)
		in.spec = r->spec;
	info = &in;
	if (strlen(info->report_sha256) != 64)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_sign / gi_record_prepare: report_sha256 must be 64 hex digits");
	gi_record_draft *d = calloc(1, sizeof *d);
	if (!d || !(d->what = strdup(r->sample->id ? r->sample->id : "?")) || !(d->h = EVP_MD_CTX_new())) {
		if (d)
			free(d->what);
		free(d);
		return gi__oom();
	}
	d->signer = sg;
	iso_time(d->when, info->time ? info->time : (long long)time(NULL));
	int rc = record_id(d->rid, d->h, info, r->sample, d->when);
	gi__cw_init(&d->w);
	if (rc < 0) {
		gi_record_draft_free(d);
		return rc;
	}
	/* the record's size, roughly: the certificates, 3 KiB of signature and
	 * properties, 1 KiB a criterion */
	gi__cw_reserve(&d->w, sg->key_info_len + 4096 + 1024 * r->n_criteria);
	gi__cw_raw(&d->w, xml_decl, sizeof xml_decl - 1);
	write_body(&d->w, sg, r, info, d->rid, d->when);
	if (gi__cw_status(&d->w)) {
		rc = write_failed(&d->w, d->what);
		gi_record_draft_free(d);
		return rc;
	}
	if (id)
		memcpy(id, d->rid, GI_RECORD_ID_SIZE);
	*out = d;
	return GI_OK;
}

void gi_record_draft_free(gi_record_draft *d)
{
	if (!d)
		return;
	gi__cw_free(&d->w);
	EVP_MD_CTX_free(d->h);
	free(d->what);
	free(d);
}

/* The signed record in *out, from the writer w holds it in. */
static int hand_over(char **out, size_t *len, gi__cw *w, const gi_signer *sg)
{
	if (sg->tsa || sk_X509_CRL_num(sg->crls) > 0)
		return add_unsigned(out, len, w->p, w->len, sg);
	if (plain_allocator()) {
		/* the writer's buffer is the record (gi_free frees it) */
		w->p[w->len] = '\0';
		*out = w->p;
		*len = w->len;
		w->p = NULL;
		return GI_OK;
	}
	*out = malloc(w->len + 1);
	if (!*out)
		return gi__oom();
	memcpy(*out, w->p, w->len);
	(*out)[w->len] = '\0';
	*len = w->len;
	return GI_OK;
}

int gi_record_finish(char **out, size_t *len, const gi_signer *sg, gi_record_draft *d)
{
	if (!out || !len || !sg || !d)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_finish: missing argument");
	*out = NULL;
	*len = 0;
	if (d->signer != sg)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_finish: the draft was prepared for another signer");
	if (d->spent)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_finish: the draft was signed already");
	d->spent = 1;
	int rc = write_record_signature(&d->w, d->h, sizeof xml_decl - 1, sg, d->what, d->rid, d->when);
	if (rc == 0)
		rc = hand_over(out, len, &d->w, sg);
	gi__cw_free(&d->w);
	if (rc == 0)
		observe(3, *out, *len, "", 0);
	return rc;
}

/* One code path: the draft, then its signature. */
int gi_record_sign(char **out, size_t *len, char id[GI_RECORD_ID_SIZE], const gi_signer *sg,
                   const gi_sample_result *r, const gi_record_info *info)
{
	if (!out || !len)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_sign: missing argument (spec, report name and digest are required)");
	*out = NULL;
	*len = 0;
	gi_record_draft *d;
	char rid[GI_RECORD_ID_SIZE];
	int rc = gi_record_prepare(&d, rid, sg, r, info);
	if (rc == 0)
		rc = gi_record_finish(out, len, sg, d);
	gi_record_draft_free(d);
	if (rc == 0 && id)
		memcpy(id, rid, GI_RECORD_ID_SIZE);
	return rc;
}

int gi_sha256_file(char hex[65], const char *path)
{
	if (!hex || !path)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_sha256_file: NULL argument");
	FILE *f = fopen(path, "rb");
	if (!f)
		return gi__error(GI_EIO, path, 0, "cannot open: %s", strerror(errno));
	gi__sha256 *h = gi__sha256_new();
	unsigned char buf[65536];
	size_t n;
	while (h && (n = fread(buf, 1, sizeof buf, f)) > 0)
		gi__sha256_update(h, buf, n);
	int err = ferror(f);
	fclose(f);
	if (!h)
		return gi__oom();
	gi__sha256_final(h, hex);
	gi__sha256_free(h);
	return err ? gi__error(GI_EIO, path, 0, "read error") : GI_OK;
}

int gi_sha256_memory(char hex[65], const void *data, size_t len)
{
	if (!hex || (!data && len))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_sha256_memory: NULL argument");
	/* one call, with SHA-256 fetched once (gi verify lists every record it
	 * writes with this digest) */
	static const char digits[] = "0123456789abcdef";
	unsigned char md[32];
	if (EVP_Digest(data, len, md, NULL, gi__sha256_md(), NULL) != 1)
		return gi__oom();
	for (size_t i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
	return GI_OK;
}

/* A council document (a permit, the permit status list) signed as a
 * record is: the same enveloped signature, XAdES properties and KeyInfo,
 * so the same verifiers (xmlsec1, XAdES validators) accept it. The
 * document is a tree the caller built: libxml2 canonicalises it for the
 * enveloped reference (Canonical XML 1.0 without comments, as XML-DSig
 * 1.1 §4.4.3.2 converts the reference's node set), and the signature is
 * written before the root element's end tag of its serialisation. */
int gi__sign_document(char **out, size_t *len, xmlDocPtr doc, const gi_signer *sg, const char *id, long long t)
{
	*out = NULL;
	*len = 0;
	char when[32];
	iso_time(when, t ? t : (long long)time(NULL));
	xmlChar *canon = NULL, *mem = NULL;
	int n_canon = xmlC14NDocDumpMemory(doc, NULL, XML_C14N_1_0, NULL, 0, &canon), n = 0;
	unsigned char md[32];
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	int rc = n_canon > 0 && sha256(h, md, canon, (size_t)n_canon, NULL, 0) == 0 ? 0 : gi__oom();
	EVP_MD_CTX_free(h);
	if (rc == 0)
		observe(0, (const char *)canon, (size_t)n_canon, "", 0);
	xmlFree(canon);
	/* An empty root element (a status list with no permit yet) would be
	 * serialised as <root/>, with no end tag to put the signature before:
	 * an empty text child makes it <root></root>, the same canonical form. */
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (rc == 0 && root && !root->children && !xmlAddChild(root, xmlNewDocText(doc, BAD_CAST "")))
		rc = gi__oom();
	if (rc == 0) {
		xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
		if (!mem)
			rc = gi__oom();
	}
	/* the root element's end tag: the last "</" of the serialisation */
	int at = n - 1;
	while (rc == 0 && at > 0 && !(mem[at] == '<' && mem[at + 1] == '/'))
		at--;
	if (rc == 0 && at <= 0)
		rc = gi__error(GI_ERROR, NULL, 0, "the document to sign has an empty root element");
	gi__cw w;
	gi__cw_init(&w);
	if (rc == 0) {
		gi__cw_reserve(&w, (size_t)n + sg->key_info_len + 4096);
		gi__cw_raw(&w, (const char *)mem, (size_t)at);
		h = EVP_MD_CTX_new();
		rc = h ? write_signature(&w, h, md, sg, id, id, when) : gi__oom();
		EVP_MD_CTX_free(h);
	}
	if (rc == 0) {
		gi__cw_raw(&w, (const char *)mem + at, (size_t)(n - at));
		if (gi__cw_status(&w))
			rc = gi__oom();
	}
	xmlFree(mem);
	if (rc == 0) {
		*out = malloc(w.len + 1);
		if (*out) {
			memcpy(*out, w.p, w.len);
			(*out)[w.len] = '\0';
			*len = w.len;
			observe(3, *out, *len, "", 0);
		} else {
			rc = gi__oom();
		}
	}
	gi__cw_free(&w);
	return rc;
}
