/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * record.c - signed verification records: building, signing with xmlsec
 * (XML-DSig on OpenSSL), and verification a relying party can trust.
 *
 * Verification does not let the signature choose its own key or scope: the
 * layout is checked first (one ds:Signature, a child of the record root,
 * one Reference with URI="" and only the enveloped transform, exclusive
 * C14N, RSA-SHA256 or ECDSA-SHA256), the public key is taken from the
 * signer certificate in KeyInfo, xmlsec checks digest and signature with
 * only those algorithms enabled, and OpenSSL checks the certificate chain
 * against the caller's trust anchors and CRL at the verification time.
 * Because the one reference is the whole document and the signature sits
 * on the root the caller reads, signed content cannot be moved aside
 * (signature wrapping) without breaking the digest.
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
#include "signer_backends.h"

#define NS "urn:libgi:record:1"
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

static void free_standins(void);

void gi__xmlsec_shutdown(void)
{
	if (xmlsec_ok == 1) {
		free_standins();
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
	xmlSecKeyPtr key;         /* pkey alone, for xmlsec */
	char *key_info;           /* <KeyInfo>: the certificate and its chain */
	size_t key_info_len;
	gi_tsa_cb tsa;
	void *tsa_payload;
	STACK_OF(X509_CRL) *crls; /* for RevocationValues, may be empty */
	char subject[512];
	int ec;
	gi__p11 *p11;             /* the token the key is on, or NULL */
	gi__ext *ext;             /* the caller's signing function, or NULL */
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

/* The key for xmlsec, without certificates. KeyInfo is not covered by the
 * signature (the one reference is the record with the signature element
 * taken out), so instead of xmlsec duplicating and re-encoding the chain
 * for every record, KeyInfo/X509Data (the certificate, then its chain) is
 * serialised here once and spliced into every record (base64 and newlines
 * need no escaping). */
static int make_xmlsec_key(gi_signer *s)
{
	/* a key held elsewhere: its certificate's public key, to check each
	 * new signature with (see "keys held elsewhere") */
	EVP_PKEY *dup = EVP_PKEY_dup(s->p11 || s->ext ? X509_get0_pubkey(s->cert) : s->pkey);
	xmlSecKeyDataPtr data = dup ? xmlSecOpenSSLEvpKeyAdopt(dup) : NULL;
	if (!data) {
		EVP_PKEY_free(dup);
		return gi__oom();
	}
	s->key = xmlSecKeyCreate();
	if (!s->key || xmlSecKeySetValue(s->key, data) < 0) {
		xmlSecKeyDataDestroy(data);
		return gi__oom();
	}
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
	if (!s || !(s->chain = sk_X509_new_null()) || !(s->crls = sk_X509_CRL_new_null())) {
		if (s)
			sk_X509_free(s->chain);
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
		rc = make_xmlsec_key(s);
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
	if (s->key)
		xmlSecKeyDestroy(s->key);
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

/* ---- building a record ---- */

/* The attribute setters count a failed allocation in *bad (a NULL element,
 * from an earlier failed allocation, counts too), so that build() checks
 * once, at the end, that every part of the record is there. */
static void set_num(int *bad, xmlNodePtr n, const char *name, double v)
{
	char buf[40];
	gi__number_format(buf, sizeof buf, v, 17);
	if (!n || !xmlNewProp(n, BAD_CAST name, BAD_CAST buf))
		(*bad)++;
}

static void set_str(int *bad, xmlNodePtr n, const char *name, const char *v)
{
	if (!n || (v && !xmlNewProp(n, BAD_CAST name, BAD_CAST v)))
		(*bad)++;
}

/* libxml2 (2.9) leaves a node without its name, an attribute without its
 * value or a text node without its content when copying the string fails,
 * and still returns the node: a tree is complete when none of those holes
 * is in it. */
static int complete(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE && !n->content)
			return 0;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!n->name || (n->ns && !n->ns->href))
			return 0;
		for (xmlNsPtr ns = n->nsDef; ns; ns = ns->next)
			if (!ns->href)
				return 0;
		for (xmlAttrPtr a = n->properties; a; a = a->next)
			if (!a->name || !a->children || !complete(a->children))
				return 0;
		if (!complete(n->children))
			return 0;
	}
	return 1;
}

/* xmlsec's template functions do not check that their attributes were
 * set either: every algorithm element of the signature names its
 * Algorithm and every Reference its URI. */
static int template_complete(xmlNodePtr n)
{
	static const char *const algo[] = { "CanonicalizationMethod", "SignatureMethod", "Transform", "DigestMethod" };
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (size_t i = 0; i < sizeof algo / sizeof algo[0]; i++)
			if (xmlStrEqual(n->name, BAD_CAST algo[i]) && !xmlHasProp(n, BAD_CAST "Algorithm"))
				return 0;
		if (xmlStrEqual(n->name, BAD_CAST "Reference") && !xmlHasProp(n, BAD_CAST "URI"))
			return 0;
		if (!template_complete(n->children))
			return 0;
	}
	return 1;
}

/* An element with text content: NULL when any part of it is missing. */
static xmlNodePtr text_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *content)
{
	xmlNodePtr n = xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST content);
	return n && (!content || !*content || n->children) ? n : NULL;
}

static void iso_time(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int record_id(char id[GI_RECORD_ID_SIZE], const gi_record_info *info, const gi_sample *s, const char *when)
{
	gi__sha256 *h = gi__sha256_new();
	char hex[65];
	const char *parts[] = { gi_spec_get_info(info->spec)->sha256, info->report_sha256, s->id, when };
	for (size_t i = 0; h && i < 4; i++) {
		gi__sha256_update(h, parts[i], strlen(parts[i]));
		gi__sha256_update(h, "\n", 1);
	}
	if (!h)
		return gi__oom();
	gi__sha256_final(h, hex);
	gi__sha256_free(h);
	id[0] = 'R';
	memcpy(id + 1, hex, 32);
	id[33] = '\0';
	return GI_OK;
}

static xmlDocPtr build(const gi_signer *sg, const gi_sample_result *r, const gi_record_info *info,
                       const char *id, const char *when)
{
	const gi_spec_info *si = gi_spec_get_info(info->spec);
	const gi_sample *s = r->sample;
	int bad = 0;
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = doc ? xmlNewDocNode(doc, NULL, BAD_CAST "verificationRecord", NULL) : NULL;
	if (!root) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlDocSetRootElement(doc, root);
	xmlNsPtr ns = xmlNewNs(root, BAD_CAST NS, NULL);
	if (!ns) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlSetNs(root, ns);
	set_str(&bad, root, "id", id);
	set_str(&bad, root, "issued", when);
	set_str(&bad, root, "libgi", PACKAGE_VERSION);
	if (!text_child(root, ns, "issuer", info->issuer ? info->issuer : sg->subject))
		bad++;
	xmlNodePtr n = xmlNewChild(root, ns, BAD_CAST "spec", NULL);
	set_str(&bad, n, "id", si->id);
	set_str(&bad, n, "version", si->version);
	set_str(&bad, n, "effective", si->effective);
	set_str(&bad, n, "sha256", si->sha256);
	n = xmlNewChild(root, ns, BAD_CAST "report", NULL);
	set_str(&bad, n, "file", info->report_name);
	set_str(&bad, n, "sha256", info->report_sha256);
	set_str(&bad, n, "lab", info->lab && info->lab->id ? info->lab->id : "");
	if (info->lab) {
		set_str(&bad, n, "labName", info->lab->name);
		set_str(&bad, n, "accreditation", info->lab->accreditation);
		set_str(&bad, n, "reportId", info->lab->report_id);
	}
	n = xmlNewChild(root, ns, BAD_CAST "sample", NULL);
	set_str(&bad, n, "id", s->id);
	set_str(&bad, n, "lot", s->lot);
	set_str(&bad, n, "product", s->product);
	set_str(&bad, n, "sampled", s->sampled);
	set_str(&bad, n, "analysed", s->analysed);
	n = text_child(root, ns, "verdict", r->reason);
	set_str(&bad, n, "value", gi_verdict_name(r->verdict));
	n = text_child(root, ns, "origin", r->origin_reason);
	set_str(&bad, n, "value", gi_verdict_name(r->origin_verdict));
	set_str(&bad, n, "unit", s->origin);
	if (s->has_altitude)
		set_num(&bad, n, "altitude", s->altitude);
	for (size_t i = 0; i < r->n_criteria; i++) {
		const gi_criterion_result *c = &r->criteria[i];
		n = text_child(root, ns, "criterion", c->reason);
		set_str(&bad, n, "id", c->criterion->id);
		set_str(&bad, n, "analyte", c->criterion->analyte);
		set_str(&bad, n, "numerator", c->criterion->numerator);
		set_str(&bad, n, "denominator", c->criterion->denominator);
		set_str(&bad, n, "verdict", gi_verdict_name(c->verdict));
		set_str(&bad, n, "rule", gi_rule_name(c->rule.kind));
		if (c->has_value) {
			set_num(&bad, n, "value", c->value);
			set_str(&bad, n, "censored", c->censored ? "true" : "false");
		}
		set_str(&bad, n, "unit", c->criterion->unit);
		set_str(&bad, n, "basis", gi_basis_name(c->criterion->basis));
		char rep[24];
		snprintf(rep, sizeof rep, "%zu", c->n_replicates);
		set_str(&bad, n, "replicates", rep);
		if (c->has_uncertainty) {
			set_num(&bad, n, "uncertainty", c->uncertainty);
			set_num(&bad, n, "k", c->coverage);
			set_str(&bad, n, "uncertaintySource", gi__uncertainty_source_name(c->uncertainty_source));
		}
		set_str(&bad, n, "limit", c->criterion->limit.text);
		if (c->has_acceptance_lower)
			set_num(&bad, n, "acceptanceLower", c->acceptance_lower);
		if (c->has_acceptance_upper)
			set_num(&bad, n, "acceptanceUpper", c->acceptance_upper);
		if (c->has_probability)
			set_num(&bad, n, "probability", c->probability);
	}
	if (bad || !doc->version || !complete(root)) {   /* an incomplete record is never signed */
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
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

/* XAdES B-B (EN 319 132-1 §5.2): SignedProperties in the signature's own
 * ds:Object, with the signing time and the SHA-256 of the signer's
 * certificate (SigningCertificateV2); the second Reference of SignedInfo
 * names it by Id. */
static xmlNodePtr signed_properties(xmlNodePtr sig, const gi_signer *sg, const char *sig_id, const char *sp_id,
                                    const char *when)
{
	xmlNodePtr obj = xmlSecTmplSignatureAddObject(sig, NULL, NULL, NULL);
	xmlNodePtr qp = obj ? xmlNewChild(obj, NULL, BAD_CAST "QualifyingProperties", NULL) : NULL;
	xmlNsPtr x = qp ? xmlNewNs(qp, BAD_CAST GI__XADES_NS, BAD_CAST "xades") : NULL;
	if (!x || !x->prefix)
		return NULL;
	xmlSetNs(qp, x);
	char target[80];
	snprintf(target, sizeof target, "#%s", sig_id);
	if (!xmlNewProp(qp, BAD_CAST "Target", BAD_CAST target))
		return NULL;
	xmlNodePtr sp = xmlNewChild(qp, x, BAD_CAST "SignedProperties", NULL);
	xmlAttrPtr id = sp ? xmlNewProp(sp, BAD_CAST "Id", BAD_CAST sp_id) : NULL;
	xmlIDPtr known = id ? xmlAddID(NULL, sig->doc, BAD_CAST sp_id, id) : NULL;
	if (!known || !known->value || xmlGetID(sig->doc, BAD_CAST sp_id) != id)
		return NULL;
	xmlNodePtr ssp = xmlNewChild(sp, x, BAD_CAST "SignedSignatureProperties", NULL);
	if (!ssp || !text_child(ssp, x, "SigningTime", when))
		return NULL;
	xmlNodePtr scv = xmlNewChild(ssp, x, BAD_CAST "SigningCertificateV2", NULL);
	xmlNodePtr cert = scv ? xmlNewChild(scv, x, BAD_CAST "Cert", NULL) : NULL;
	xmlNodePtr cd = cert ? xmlNewChild(cert, x, BAD_CAST "CertDigest", NULL) : NULL;
	xmlNodePtr dm = cd ? xmlNewChild(cd, sig->ns, BAD_CAST "DigestMethod", NULL) : NULL;
	if (!dm || !xmlNewProp(dm, BAD_CAST "Algorithm", BAD_CAST GI__ALG_SHA256))
		return NULL;
	unsigned char *der = NULL, md[32];
	int len = i2d_X509(sg->cert, &der);
	int ok = len > 0 && EVP_Digest(der, (size_t)len, md, NULL, EVP_sha256(), NULL) == 1;
	OPENSSL_free(der);
	return ok && base64_child(cd, sig->ns, "DigestValue", md, 32) ? qp : NULL;
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

/* ---- keys held elsewhere ----
 *
 * xmlsec 1.2 built for OpenSSL 3 cannot sign with a key whose private
 * half is on a token or behind a signing function: it takes an RSA key
 * without the private exponent for a public key, and asks an EC key for
 * its group order as a parameter, which OpenSSL 3.0 does not give for such
 * ("foreign") keys. So xmlsec signs with a stand-in key of the same kind,
 * made once per process - building the references and SignedInfo as for
 * any key - and the SignatureValue is then replaced by the real key's
 * signature over SignedInfo's exclusive C14N (XML-DSig 1.1 §3.1.2, §6.4:
 * PKCS#1 v1.5 for RSA, r||s for ECDSA), which check_own_signature then
 * verifies with the certificate, as for every record. */

static xmlSecKeyPtr standins[2];   /* RSA, EC */
static pthread_mutex_t standin_lock = PTHREAD_MUTEX_INITIALIZER;

static xmlSecKeyPtr standin_key(int ec)
{
	pthread_mutex_lock(&standin_lock);
	if (!standins[ec]) {
		EVP_PKEY *k = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
		xmlSecKeyDataPtr data = k ? xmlSecOpenSSLEvpKeyAdopt(k) : NULL;
		xmlSecKeyPtr key = data ? xmlSecKeyCreate() : NULL;
		if (!data)
			EVP_PKEY_free(k);
		if (key && xmlSecKeySetValue(key, data) < 0) {
			xmlSecKeyDestroy(key);
			key = NULL;
		}
		if (data && !key)
			xmlSecKeyDataDestroy(data);
		standins[ec] = key;
	}
	xmlSecKeyPtr key = standins[ec];
	pthread_mutex_unlock(&standin_lock);
	ERR_clear_error();
	return key;
}

static void free_standins(void)
{
	for (int i = 0; i < 2; i++) {
		if (standins[i])
			xmlSecKeyDestroy(standins[i]);
		standins[i] = NULL;
	}
}

static xmlNodePtr dsig_child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr n = parent->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

static int signing_failed(const gi_signer *sg);

/* The real key's signature in place of the stand-in's. */
static int sign_elsewhere(xmlNodePtr sig, const gi_signer *sg)
{
	xmlNodePtr si = dsig_child(sig, "SignedInfo"), sv = dsig_child(sig, "SignatureValue");
	unsigned char md[32], raw[1024];
	size_t len = sizeof raw;
	if (!si || !sv || gi__c14n_sha256(md, si) < 0)
		return gi__oom();
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(sg->pkey, NULL);
	int ok = c && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) == 1 &&
	         EVP_PKEY_sign(c, raw, &len, md, sizeof md) == 1;
	EVP_PKEY_CTX_free(c);
	if (!ok)
		return signing_failed(sg);
	if (sg->ec) {   /* DER ECDSA-Sig-Value to r||s, 32 bytes each for P-256 */
		const unsigned char *p = raw;
		ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)len);
		ok = es && BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32) == 32 &&
		     BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32) == 32;
		ECDSA_SIG_free(es);
		len = 64;
		if (!ok) {
			ERR_clear_error();
			return gi__error(GI_ERROR, NULL, 0, "the ECDSA signature made %s cannot be decoded",
			                 sg->ext ? "by the external signing function" : "on the token");
		}
	}
	xmlChar *b64 = xmlSecBase64Encode(raw, (xmlSecSize)len, 64);
	if (!b64)
		return gi__oom();
	xmlNodeSetContent(sv, NULL);
	xmlNodePtr text = xmlNewText(b64);
	xmlFree(b64);
	if (!text || !xmlAddChild(sv, text)) {
		xmlFreeNode(text);
		return gi__oom();
	}
	return GI_OK;
}

/* xmlsec does not notice every allocation that fails inside libxml2 (a
 * node left out of a node set changes what a digest covers): the new
 * signature is checked with the signer's own key before it goes out. */
static int check_own_signature(xmlNodePtr sig, const gi_signer *sg)
{
	xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(NULL);
	if (!ctx)
		return gi__oom();
	ctx->signKey = sg->key;
	int ok = xmlSecDSigCtxVerify(ctx, sig) == 0 && ctx->status == xmlSecDSigStatusSucceeded;
	ctx->signKey = NULL;
	xmlSecDSigCtxDestroy(ctx);
	if (!ok && (sg->ext || sg->p11))
		return gi__error(GI_ERROR, NULL, 0, "the signature made %s does not verify with the certificate of %s "
		                 "(another key signed?)", sg->ext ? "by the external signing function" : "on the token",
		                 sg->subject);
	return ok ? GI_OK : gi__error(GI_ENOMEM, NULL, 0, "out of memory: the new signature does not verify");
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

static int sign_doc(xmlDocPtr doc, const gi_signer *sg, const char *rid, const char *when)
{
	char sig_id[48], sp_id[48], sp_uri[50];
	snprintf(sig_id, sizeof sig_id, "S-%s", rid);
	snprintf(sp_id, sizeof sp_id, "SP-%s", rid);
	snprintf(sp_uri, sizeof sp_uri, "#%s", sp_id);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr sig = xmlSecTmplSignatureCreate(doc, xmlSecTransformExclC14NId,
	                                           sg->ec ? xmlSecTransformEcdsaSha256Id : xmlSecTransformRsaSha256Id,
	                                           BAD_CAST sig_id);
	if (sig && !xmlHasProp(sig, BAD_CAST "Id")) {   /* xmlsec does not check setting it */
		xmlFreeNode(sig);
		sig = NULL;
	}
	if (!sig)
		return gi__oom();
	if (!xmlAddChild(root, sig)) {
		xmlFreeNode(sig);
		return gi__oom();
	}
	xmlNodePtr ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, NULL, BAD_CAST "", NULL);
	if (!ref || !xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId))
		return gi__oom();
	ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, NULL, BAD_CAST sp_uri,
	                                      BAD_CAST GI__XADES_SP_TYPE);
	if (!ref || !xmlHasProp(ref, BAD_CAST "Type") || !xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId))
		return gi__oom();
	/* KeyInfo/X509Data (the signer's certificate, then its chain) is left
	 * empty here and filled in when the record is serialised; ds:Object
	 * comes after KeyInfo in a Signature */
	xmlNodePtr qp = xmlSecTmplSignatureEnsureKeyInfo(sig, NULL) ? signed_properties(sig, sg, sig_id, sp_id, when)
	                                                             : NULL;
	if (!qp)
		return gi__oom();
	if (!complete(sig) || !template_complete(sig))
		return gi__oom();
	xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(NULL);
	if (!ctx)
		return gi__oom();
	/* borrowed, not duplicated: taken back before the context is destroyed */
	int elsewhere = sg->p11 || sg->ext;
	ctx->signKey = elsewhere ? standin_key(sg->ec) : sg->key;
	int rc = ctx->signKey && xmlSecDSigCtxSign(ctx, sig) == 0 ? GI_OK : signing_failed(sg);
	ctx->signKey = NULL;
	xmlSecDSigCtxDestroy(ctx);
	if (rc == 0 && elsewhere)
		rc = sign_elsewhere(sig, sg);
	if (rc == 0)
		rc = check_own_signature(sig, sg);
	return rc < 0 ? rc : unsigned_properties(sig, qp, sg);
}

/* The serialised record with the signer's KeyInfo in place of the empty
 * <KeyInfo/> left by sign_doc. Character data and attribute values are
 * escaped by the serialiser, so the one literal "<KeyInfo/>" is that
 * element (the Signature, in the XML-DSig default namespace, is the last
 * child of the record); it is searched for from the end. */
static int serialise(char **out, size_t *len, xmlDocPtr doc, const gi_signer *sg)
{
	static const char empty[] = "<KeyInfo/>";
	xmlChar *mem = NULL;
	int n = 0;
	xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
	if (!mem)
		return gi__oom();
	const char *at = NULL;
	for (int i = n - (int)sizeof empty + 1; i >= 0 && !at; i--)
		if (mem[i] == '<' && memcmp(mem + i, empty, sizeof empty - 1) == 0)
			at = (const char *)mem + i;
	char *copy = at ? malloc((size_t)n + sg->key_info_len + 1) : NULL;
	if (!copy) {
		xmlFree(mem);
		return at ? gi__oom() : gi__error(GI_ERROR, NULL, 0, "the signed record has no KeyInfo element");
	}
	size_t head = (size_t)(at - (const char *)mem), tail = (size_t)n - head - (sizeof empty - 1);
	memcpy(copy, mem, head);
	memcpy(copy + head, sg->key_info, sg->key_info_len);
	memcpy(copy + head + sg->key_info_len, at + sizeof empty - 1, tail);
	*len = head + sg->key_info_len + tail;
	copy[*len] = '\0';
	*out = copy;
	xmlFree(mem);
	return GI_OK;
}

int gi_record_sign(char **out, size_t *len, char id[GI_RECORD_ID_SIZE], const gi_signer *sg,
                   const gi_sample_result *r, const gi_record_info *info)
{
	if (!out || !len || !sg || !r || !info || !info->spec || !info->report_sha256 || !info->report_name ||
	    info->version != GI_RECORD_INFO_VERSION)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_sign: missing argument (spec, report name and digest are required)");
	*out = NULL;
	*len = 0;
	/* the record cites the spec version that judged the sample */
	gi_record_info in = *info;
	if (r->spec)
		in.spec = r->spec;
	info = &in;
	if (strlen(info->report_sha256) != 64)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_sign: report_sha256 must be 64 hex digits");
	int rc = gi__xmlsec_ready();
	if (rc < 0)
		return rc;
	char when[32], rid[GI_RECORD_ID_SIZE];
	iso_time(when, info->time ? info->time : (long long)time(NULL));
	rc = record_id(rid, info, r->sample, when);
	if (rc < 0)
		return rc;
	xmlDocPtr doc = build(sg, r, info, rid, when);
	if (!doc)
		return gi__oom();
	rc = sign_doc(doc, sg, rid, when);
	if (rc == 0 && !complete(xmlDocGetRootElement(doc)))
		rc = gi__oom();
	if (rc == 0)
		rc = serialise(out, len, doc, sg);
	if (rc == 0 && id)
		memcpy(id, rid, GI_RECORD_ID_SIZE);
	xmlFreeDoc(doc);
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
	gi__sha256 *h = gi__sha256_new();
	if (!h)
		return gi__oom();
	gi__sha256_update(h, data, len);
	gi__sha256_final(h, hex);
	gi__sha256_free(h);
	return GI_OK;
}

/* A council document (a permit, the permit status list) signed as a
 * record is: the same enveloped signature, XAdES properties and KeyInfo,
 * so the same verifiers (xmlsec1, XAdES validators) accept it. */
int gi__sign_document(char **out, size_t *len, xmlDocPtr doc, const gi_signer *sg, const char *id, long long t)
{
	*out = NULL;
	*len = 0;
	int rc = gi__xmlsec_ready();
	if (rc < 0)
		return rc;
	char when[32];
	iso_time(when, t ? t : (long long)time(NULL));
	rc = sign_doc(doc, sg, id, when);
	if (rc == 0 && !complete(xmlDocGetRootElement(doc)))
		rc = gi__oom();
	return rc < 0 ? rc : serialise(out, len, doc, sg);
}
