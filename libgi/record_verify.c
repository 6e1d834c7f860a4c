/*
 * record_verify.c - checking a signed record the way a relying party must,
 * naming the first check that fails (see record.c for the reasoning).
 */
#include "config.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <openssl/err.h>
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/ts.h>
#include <libxml/tree.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/base64.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/evp.h>
#include "internal.h"

#define NS "urn:libgi:record:1"
#define DSIG "http://www.w3.org/2000/09/xmldsig#"
#define ALG_EXC_C14N "http://www.w3.org/2001/10/xml-exc-c14n#"
#define ALG_RSA_SHA256 "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
#define ALG_ECDSA_SHA256 "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
#define ALG_SHA256 "http://www.w3.org/2001/04/xmlenc#sha256"
#define ALG_ENVELOPED "http://www.w3.org/2000/09/xmldsig#enveloped-signature"


/* Decoding a certificate (OpenSSL 3's key decoders) and building its chain
 * cost more than checking an ECDSA signature, and a batch of records from
 * one laboratory carries the same two or three certificates. The trust
 * object therefore remembers decoded certificates by the SHA-256 of their
 * DER, and the outcome of a chain check for a minute (the verification
 * time moves on; an expiry or a new CRL is seen within that minute). */
#define CACHE 32
#define GI__RECORD_MAX (4u << 20)
#define CHAIN_TTL 60

typedef struct {
	unsigned char sha[32];
	X509 *x;
	char *b64;                 /* the X509Certificate text it was read from */
	size_t b64_len;
	char *subject, *issuer, *serial;
} cert_slot;

typedef struct {
	unsigned char sha[32];     /* of the leaf's and the others' digests */
	time_t at;
	int ok, err;
	char where[300];           /* the certificate the error is about, and its issuer */
} chain_slot;

struct gi_trust {
	X509_STORE *store;
	int has_crl;
	pthread_mutex_t lock;
	cert_slot certs[CACHE];
	unsigned next_cert;
	chain_slot chains[CACHE];
	unsigned next_chain;
};

static void clear_slot(cert_slot *s);

/* Reads the PEM blocks of a trust-anchor file (want_crl 0) or a CRL file
 * (want_crl 1) into the store. Each block must be of the kind the file is
 * for: a certificate in the CRL file would otherwise become a trust anchor
 * (X509_STORE_load_file takes both from either file), and CRLs travel over
 * plain HTTP. A file without PEM blocks is read as one DER object. */
static int load_objects(X509_STORE *store, const char *path, int want_crl)
{
	const char *what = want_crl ? "CRL" : "trust anchor";
	FILE *f = fopen(path, "rb");
	if (!f)
		return gi__error(GI_EIO, path, 0, "cannot open the %s file: %s", what, strerror(errno));
	BIO *b = BIO_new_fp(f, BIO_CLOSE);
	if (!b) {
		fclose(f);
		return gi__oom();
	}
	int rc = GI_OK, blocks = 0, added = 0;
	for (;;) {
		char *name = NULL, *header = NULL;
		unsigned char *data = NULL;
		long len = 0;
		if (PEM_read_bio(b, &name, &header, &data, &len) != 1) {
			unsigned long e = ERR_peek_last_error();
			if (blocks == 0 || ERR_GET_REASON(e) != PEM_R_NO_START_LINE)
				rc = blocks ? gi__error(GI_EINVALID, path, 0, "PEM block %d cannot be decoded", blocks + 1)
				            : 1;   /* no PEM at all: try DER below */
			ERR_clear_error();
			break;
		}
		blocks++;
		const unsigned char *p = data;
		int ok = 0;
		if (want_crl && strcmp(name, PEM_STRING_X509_CRL) == 0) {
			X509_CRL *c = d2i_X509_CRL(NULL, &p, len);
			ok = c && X509_STORE_add_crl(store, c) == 1;
			X509_CRL_free(c);
		} else if (!want_crl && (strcmp(name, PEM_STRING_X509) == 0 || strcmp(name, PEM_STRING_X509_TRUSTED) == 0)) {
			X509 *x = strcmp(name, PEM_STRING_X509) == 0 ? d2i_X509(NULL, &p, len) : d2i_X509_AUX(NULL, &p, len);
			ok = x && X509_STORE_add_cert(store, x) == 1;
			X509_free(x);
		} else if (want_crl) {
			rc = gi__error(GI_EINVALID, path, 0,
			               "PEM block %d is a %s; a CRL file may hold only X509 CRL blocks (a certificate "
			               "there would be trusted)", blocks, name);
		} else if (strcmp(name, PEM_STRING_X509_CRL) == 0) {
			rc = gi__error(GI_EINVALID, path, 0,
			               "PEM block %d is an X509 CRL; give CRLs in their own file (--crl), not with the "
			               "trust anchors", blocks);
		} else {
			rc = gi__error(GI_EINVALID, path, 0, "PEM block %d is a %s, not a CERTIFICATE", blocks, name);
		}
		if (rc == 0 && !ok)
			rc = gi__error(GI_EINVALID, path, 0, "PEM block %d is not a readable %s", blocks,
			               want_crl ? "CRL" : "certificate");
		added += ok;
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		ERR_clear_error();
		if (rc < 0)
			break;
	}
	if (rc == 1) {   /* DER: one certificate or one CRL */
		rc = GI_OK;
		BIO_reset(b);
		if (want_crl) {
			X509_CRL *c = d2i_X509_CRL_bio(b, NULL);
			added = c && X509_STORE_add_crl(store, c) == 1;
			X509_CRL_free(c);
		} else {
			X509 *x = d2i_X509_bio(b, NULL);
			added = x && X509_STORE_add_cert(store, x) == 1;
			X509_free(x);
		}
		ERR_clear_error();
		if (!added)
			rc = gi__error(GI_EINVALID, path, 0, "no %s could be read (PEM or DER)",
			               want_crl ? "CRL" : "certificate");
	}
	BIO_free(b);
	return rc;
}

int gi_trust_load(gi_trust **out, const char *anchors, const char *crl)
{
	if (!out || !anchors)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_trust_load: no trust anchors given");
	*out = NULL;
	gi_trust *t = calloc(1, sizeof *t);
	if (!t || !(t->store = X509_STORE_new())) {
		free(t);
		return gi__oom();
	}
	pthread_mutex_init(&t->lock, NULL);
	int rc = load_objects(t->store, anchors, 0);
	if (rc == 0 && crl) {
		rc = load_objects(t->store, crl, 1);
		t->has_crl = 1;
	}
	if (rc < 0) {
		gi_trust_free(t);
		return rc;
	}
	*out = t;
	return GI_OK;
}

void gi_trust_free(gi_trust *t)
{
	if (!t)
		return;
	for (unsigned i = 0; i < CACHE; i++)
		clear_slot(&t->certs[i]);
	pthread_mutex_destroy(&t->lock);
	X509_STORE_free(t->store);
	free(t);
}

static char *name_text(const X509_NAME *name)
{
	char buf[512];
	gi__x509_name(buf, sizeof buf, name);
	return strdup(buf);
}

static char *serial_text(X509 *x)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL, *r = hex ? strdup(hex) : NULL;
	OPENSSL_free(hex);
	BN_free(bn);
	return r;
}

static void clear_slot(cert_slot *s)
{
	X509_free(s->x);
	free(s->b64);
	free(s->subject);
	free(s->issuer);
	free(s->serial);
	memset(s, 0, sizeof *s);
}

/* A decoded certificate (new reference) for the base64 text of an
 * X509Certificate element, with the SHA-256 of its DER. Records from one
 * signer carry the same text, so the text itself is the first key; the DER
 * digest catches the same certificate written with other line breaks. */
static X509 *decode_cert(gi_trust *t, const char *text, size_t text_len, unsigned char sha[32])
{
	X509 *x = NULL;
	pthread_mutex_lock(&t->lock);
	for (unsigned i = 0; i < CACHE && !x; i++) {
		cert_slot *c = &t->certs[i];
		if (c->x && c->b64_len == text_len && memcmp(c->b64, text, text_len) == 0) {
			x = c->x;
			X509_up_ref(x);
			memcpy(sha, c->sha, 32);
		}
	}
	pthread_mutex_unlock(&t->lock);
	if (x)
		return x;
	xmlSecSize got = 0;
	xmlSecByte *der = malloc(text_len + 1);
	if (!der || xmlSecBase64Decode_ex((const xmlSecByte *)text, der, (xmlSecSize)text_len + 1, &got) < 0 ||
	    got == 0) {
		free(der);
		return NULL;
	}
	EVP_Digest(der, got, sha, NULL, EVP_sha256(), NULL);
	pthread_mutex_lock(&t->lock);
	for (unsigned i = 0; i < CACHE && !x; i++)
		if (t->certs[i].x && memcmp(t->certs[i].sha, sha, 32) == 0) {
			x = t->certs[i].x;
			X509_up_ref(x);
		}
	pthread_mutex_unlock(&t->lock);
	if (x) {
		free(der);
		return x;
	}
	const unsigned char *p = der;
	x = d2i_X509(NULL, &p, (long)got);
	int whole = p == der + got;
	free(der);
	if (!x || !whole) {
		X509_free(x);
		ERR_clear_error();
		return NULL;
	}
	cert_slot fresh = { .x = x, .b64 = malloc(text_len + 1), .b64_len = text_len,
	                    .subject = name_text(X509_get_subject_name(x)),
	                    .issuer = name_text(X509_get_issuer_name(x)), .serial = serial_text(x) };
	memcpy(fresh.sha, sha, 32);
	if (!fresh.b64 || !fresh.subject || !fresh.issuer || !fresh.serial) {
		fresh.x = NULL;     /* the caller's reference */
		clear_slot(&fresh);
		return x;           /* usable, just not remembered */
	}
	memcpy(fresh.b64, text, text_len);
	fresh.b64[text_len] = '\0';
	X509_up_ref(x);
	pthread_mutex_lock(&t->lock);
	cert_slot *slot = &t->certs[t->next_cert++ % CACHE];
	clear_slot(slot);
	*slot = fresh;
	pthread_mutex_unlock(&t->lock);
	return x;
}

const char *gi_record_status_name(gi_record_status s)
{
	static const char *const names[] = { "valid", "malformed", "bad-layout", "bad-digest", "bad-signature",
	                                     "no-certificate", "untrusted", "expired", "not-yet-valid", "revoked",
	                                     "key-usage", "bad-timestamp", "no-crl", "weak-algorithm" };
	return (unsigned)s < GI_ARRAY_SIZE(names) ? names[s] : "unknown";
}

typedef struct {
	gi_record_check pub;
	gi__arena arena;
} check;

void gi_record_check_free(gi_record_check *c)
{
	if (!c)
		return;
	check *k = (check *)c;
	gi__arena_free(&k->arena);
	free(k);
}

static int is(xmlNodePtr n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST ns) &&
	       xmlStrEqual(n->name, BAD_CAST name);
}

static xmlNodePtr first_child(xmlNodePtr p, const char *ns, const char *name)
{
	for (xmlNodePtr n = p ? p->children : NULL; n; n = n->next)
		if (is(n, ns, name))
			return n;
	return NULL;
}

static size_t count_children(xmlNodePtr p, const char *ns, const char *name)
{
	size_t k = 0;
	for (xmlNodePtr n = p ? p->children : NULL; n; n = n->next)
		k += is(n, ns, name);
	return k;
}

static size_t count_signatures(xmlNodePtr n)
{
	size_t k = 0;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		k += is(n, DSIG, "Signature");
		k += count_signatures(n->children);
	}
	return k;
}

static int algorithm_is(xmlNodePtr n, const char *alg)
{
	xmlChar *a = n ? xmlGetProp(n, BAD_CAST "Algorithm") : NULL;
	int ok = a && xmlStrEqual(a, BAD_CAST alg);
	xmlFree(a);
	return ok;
}

static char *keep_prop(check *k, xmlNodePtr n, const char *name)
{
	xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
	char *r = v ? gi__arena_strdup(&k->arena, (char *)v) : NULL;
	xmlFree(v);
	return r;
}

/* Checks what may be signed and how; NULL if the layout is acceptable. */
static const char *layout_problem(xmlNodePtr root, xmlNodePtr *sig_out)
{
	size_t n = count_signatures(root);
	if (n == 0)
		return "the record is not signed (no ds:Signature)";
	if (n > 1)
		return "the record has more than one ds:Signature";
	xmlNodePtr sig = first_child(root, DSIG, "Signature");
	if (!sig)
		return "the signature is not on the record element (it has been moved or wrapped)";
	*sig_out = sig;
	xmlNodePtr si = first_child(sig, DSIG, "SignedInfo");
	if (!si)
		return "the signature has no SignedInfo";
	for (xmlNodePtr c = sig->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, DSIG, "SignedInfo") || is(c, DSIG, "SignatureValue") ||
		    is(c, DSIG, "KeyInfo"))
			continue;
		if (is(c, DSIG, "Object") && count_children(sig, DSIG, "Object") == 1) {
			size_t elems = 0;
			for (xmlNodePtr o = c->children; o; o = o->next)
				elems += o->type == XML_ELEMENT_NODE;
			if (elems == 1 && first_child(c, NS, "timeStamp"))
				continue;
		}
		return "the signature carries content other than SignedInfo, SignatureValue, KeyInfo and one time-stamp";
	}
	if (!algorithm_is(first_child(si, DSIG, "CanonicalizationMethod"), ALG_EXC_C14N))
		return "SignedInfo is not canonicalised with exclusive C14N";
	xmlNodePtr sm = first_child(si, DSIG, "SignatureMethod");
	if (!algorithm_is(sm, ALG_RSA_SHA256) && !algorithm_is(sm, ALG_ECDSA_SHA256))
		return "the signature method is neither RSA-SHA256 nor ECDSA-SHA256";
	if (count_children(si, DSIG, "Reference") != 1)
		return "the signature must have exactly one Reference";
	xmlNodePtr ref = first_child(si, DSIG, "Reference");
	xmlChar *uri = xmlGetProp(ref, BAD_CAST "URI");
	int whole = uri && uri[0] == '\0';
	xmlFree(uri);
	if (!whole)
		return "the Reference must be URI=\"\" (the whole record), not a part of the document";
	xmlNodePtr tr = first_child(ref, DSIG, "Transforms");
	if (!tr || count_children(tr, DSIG, "Transform") != 1 ||
	    !algorithm_is(first_child(tr, DSIG, "Transform"), ALG_ENVELOPED))
		return "the Reference must have the enveloped-signature transform and no other";
	if (!algorithm_is(first_child(ref, DSIG, "DigestMethod"), ALG_SHA256))
		return "the digest method is not SHA-256";
	return NULL;
}

/* The signer's certificate and the others from KeyInfo/X509Data. */
static const char *certificates(gi_trust *trust, xmlNodePtr sig, X509 **leaf, STACK_OF(X509) *others,
                                unsigned char chain_key[32], char *buf, size_t buf_n)
{
	unsigned char shas[16][32];
	int n_sha = 0, pos = 0, bad = 0;
	STACK_OF(X509) *all = sk_X509_new_null();
	xmlNodePtr ki = first_child(sig, DSIG, "KeyInfo");
	for (xmlNodePtr xd = ki ? ki->children : NULL; xd && all; xd = xd->next) {
		if (!is(xd, DSIG, "X509Data"))
			continue;
		for (xmlNodePtr c = xd->children; c; c = c->next) {
			if (!is(c, DSIG, "X509Certificate"))
				continue;
			if (++pos > 16) {
				bad = -1;
				continue;
			}
			/* one text node (as parsed), else the concatenated content */
			xmlNodePtr tx = c->children;
			int single = tx && !tx->next && tx->type == XML_TEXT_NODE && tx->content;
			xmlChar *b64 = single ? tx->content : xmlNodeGetContent(c);
			X509 *x = b64 ? decode_cert(trust, (const char *)b64, (size_t)xmlStrlen(b64), shas[n_sha]) : NULL;
			if (x) {
				sk_X509_push(all, x);
				n_sha++;
			} else if (!bad) {
				bad = pos;   /* the first that cannot be read */
			}
			if (!single)
				xmlFree(b64);
		}
	}
	ERR_clear_error();
	const char *why = NULL;
	int n = all ? sk_X509_num(all) : 0;
	EVP_Digest(shas, (size_t)n_sha * 32, chain_key, NULL, EVP_sha256(), NULL);
	if (bad > 0) {
		snprintf(buf, buf_n, "X509Certificate %d of %d in KeyInfo/X509Data is not a base64 DER certificate",
		         bad, pos);
		why = buf;
	} else if (bad < 0) {
		why = "KeyInfo carries more than 16 certificates";
	} else if (n == 0) {
		why = "KeyInfo carries no X509Certificate";
	} else {
		/* the signer's certificate issues none of the others */
		int found = -1;
		for (int i = 0; i < n && !why; i++) {
			int issues = 0;
			for (int j = 0; j < n; j++)
				if (i != j && X509_check_issued(sk_X509_value(all, i), sk_X509_value(all, j)) == X509_V_OK)
					issues = 1;
			if (!issues) {
				if (found >= 0)
					why = "KeyInfo carries several unrelated certificates; the signer's cannot be told";
				found = i;
			}
		}
		if (!why && found < 0)
			why = "the certificates in KeyInfo form a loop";
		for (int i = 0; !why && i < n; i++) {
			X509 *x = sk_X509_value(all, i);
			X509_up_ref(x);
			if (i == found)
				*leaf = x;
			else
				sk_X509_push(others, x);
		}
	}
	sk_X509_pop_free(all, X509_free);
	return why;
}

static int xmlsec_check(xmlNodePtr sig, X509 *leaf, gi_record_status *status)
{
	EVP_PKEY *pub = X509_get_pubkey(leaf);
	xmlSecKeyDataPtr data = pub ? xmlSecOpenSSLEvpKeyAdopt(pub) : NULL;
	xmlSecKeyPtr key = data ? xmlSecKeyCreate() : NULL;
	if (!data)
		EVP_PKEY_free(pub);
	if (!key || xmlSecKeySetValue(key, data) < 0) {
		if (key)
			xmlSecKeyDestroy(key);
		else if (data)
			xmlSecKeyDataDestroy(data);
		*status = GI_RECORD_NO_CERTIFICATE;
		return -1;
	}
	xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(NULL);
	if (!ctx) {
		xmlSecKeyDestroy(key);
		return gi__oom();
	}
	ctx->signKey = key;
	ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
	xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformEnvelopedId);
	xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformSha256Id);
	xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformExclC14NId);
	xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformRsaSha256Id);
	xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformEcdsaSha256Id);
	int rc = xmlSecDSigCtxVerify(ctx, sig);
	if (rc < 0) {
		*status = GI_RECORD_BAD_SIGNATURE;   /* the signature could not even be processed */
	} else if (ctx->status == xmlSecDSigStatusSucceeded) {
		*status = GI_RECORD_VALID;
	} else {
		*status = GI_RECORD_BAD_SIGNATURE;
		xmlSecDSigReferenceCtxPtr r = xmlSecPtrListGetSize(&ctx->signedInfoReferences) == 1
			? xmlSecPtrListGetItem(&ctx->signedInfoReferences, 0) : NULL;
		if (r && r->status != xmlSecDSigStatusSucceeded)
			*status = GI_RECORD_BAD_DIGEST;
	}
	xmlSecDSigCtxDestroy(ctx);
	return 0;
}

/* X509_verify_cert at time now, or its outcome from less than a minute ago
 * for the same certificates. */
static int chain_check(gi_trust *t, const unsigned char key[32], X509 *leaf, STACK_OF(X509) *others, time_t now,
                       int use_cache, int *ok, int *err, char where[300])
{
	pthread_mutex_lock(&t->lock);
	for (unsigned i = 0; use_cache && i < CACHE; i++) {
		chain_slot *c = &t->chains[i];
		if (c->at && memcmp(c->sha, key, 32) == 0 && now >= c->at && now - c->at < CHAIN_TTL) {
			*ok = c->ok;
			*err = c->err;
			memcpy(where, c->where, sizeof c->where);
			pthread_mutex_unlock(&t->lock);
			return 0;
		}
	}
	pthread_mutex_unlock(&t->lock);
	X509_STORE_CTX *sc = X509_STORE_CTX_new();
	if (!sc || !X509_STORE_CTX_init(sc, t->store, leaf, others)) {
		X509_STORE_CTX_free(sc);
		return -1;
	}
	X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(sc);
	X509_VERIFY_PARAM_set_time(param, now);
	/* keys and signature digests of the whole chain: 112 bits, the
	 * signer's policy too (cert_policy.c) */
	X509_VERIFY_PARAM_set_auth_level(param, GI__AUTH_LEVEL);
	/* with CRLs, every certificate of the chain is checked against the
	 * CRL of its issuer, and a CA without one is an error */
	if (t->has_crl)
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
	*ok = X509_verify_cert(sc) == 1;
	*err = X509_STORE_CTX_get_error(sc);
	where[0] = '\0';
	X509 *at = *ok ? NULL : X509_STORE_CTX_get_current_cert(sc);
	if (at) {
		char sub[140], iss[140];
		gi__x509_name(sub, sizeof sub, X509_get_subject_name(at));
		gi__x509_name(iss, sizeof iss, X509_get_issuer_name(at));
		snprintf(where, 300, "%s|%s", sub, iss);
	}
	X509_STORE_CTX_free(sc);
	ERR_clear_error();
	if (!use_cache)
		return 0;
	pthread_mutex_lock(&t->lock);
	chain_slot *c = &t->chains[t->next_chain++ % CACHE];
	memcpy(c->sha, key, 32);
	c->at = now;
	c->ok = *ok;
	c->err = *err;
	memcpy(c->where, where, sizeof c->where);
	pthread_mutex_unlock(&t->lock);
	return 0;
}

static gi_record_status chain_status(int err)
{
	switch (err) {
	case X509_V_OK: return GI_RECORD_VALID;
	case X509_V_ERR_CERT_HAS_EXPIRED: return GI_RECORD_EXPIRED;
	case X509_V_ERR_CERT_NOT_YET_VALID: return GI_RECORD_NOT_YET_VALID;
	case X509_V_ERR_CERT_REVOKED: return GI_RECORD_REVOKED;
	case X509_V_ERR_UNABLE_TO_GET_CRL: return GI_RECORD_NO_CRL;
	case X509_V_ERR_EE_KEY_TOO_SMALL:
	case X509_V_ERR_CA_KEY_TOO_SMALL:
	case X509_V_ERR_CA_MD_TOO_WEAK: return GI_RECORD_WEAK_ALGORITHM;
	default: return GI_RECORD_UNTRUSTED;
	}
}

static time_t parse_iso(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return (time_t)-1;
	return timegm(&tm);
}

static int finish(check *k, gi_record_check **out, gi_record_status st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Verifies an RFC 3161 token over the signature value against the trust
 * anchors; on success *when is the token's time. */
static int check_timestamp(check *k, gi_trust *t, xmlNodePtr sig, xmlNodePtr ts, time_t *when, char *why, size_t n)
{
	unsigned char md[32];
	xmlChar *b64 = ts ? xmlNodeGetContent(ts) : NULL;
	if (!b64 || gi__signature_imprint(sig, md) < 0) {
		xmlFree(b64);
		snprintf(why, n, "the time-stamp or the signature value cannot be read");
		return -1;
	}
	xmlSecSize cap = (xmlSecSize)xmlStrlen(b64), got = 0;
	unsigned char *der = malloc(cap + 1);
	PKCS7 *tok = NULL;
	if (der && xmlSecBase64Decode_ex(b64, der, cap, &got) == 0) {
		const unsigned char *p = der;
		tok = d2i_PKCS7(NULL, &p, (long)got);
	}
	free(der);
	xmlFree(b64);
	if (!tok) {
		ERR_clear_error();
		snprintf(why, n, "the time-stamp is not an RFC 3161 token");
		return -1;
	}
	int rc = -1;
	TS_VERIFY_CTX *vc = TS_VERIFY_CTX_new();
	unsigned char *imp = OPENSSL_malloc(32);
	TS_TST_INFO *info = NULL;
	if (!vc || !imp) {
		OPENSSL_free(imp);
		snprintf(why, n, "out of memory");
		goto out;
	}
	memcpy(imp, md, 32);
	X509_STORE_up_ref(t->store);      /* the context frees its store */
	TS_VERIFY_CTX_set_store(vc, t->store);
	TS_VERIFY_CTX_set_imprint(vc, imp, 32);
	TS_VERIFY_CTX_set_flags(vc, TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_IMPRINT);
	if (TS_RESP_verify_token(vc, tok) != 1) {
		char e[200];
		ERR_error_string_n(ERR_peek_last_error(), e, sizeof e);
		snprintf(why, n, "the time-stamp does not verify for this signature: %s", e);
		goto out;
	}
	info = PKCS7_to_TS_TST_INFO(tok);
	struct tm tm;
	if (!info || !ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &tm)) {
		snprintf(why, n, "the time-stamp has no readable time");
		goto out;
	}
	*when = timegm(&tm);
	char buf[32];
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	k->pub.timestamp = gi__arena_strdup(&k->arena, buf);
	STACK_OF(X509) *signers = PKCS7_get0_signers(tok, NULL, 0);
	if (signers && sk_X509_num(signers) > 0) {
		char name[512];
		gi__x509_name(name, sizeof name, X509_get_subject_name(sk_X509_value(signers, 0)));
		k->pub.tsa = gi__arena_strdup(&k->arena, name);
	}
	sk_X509_free(signers);
	/* the record cannot have been signed after it was time-stamped */
	time_t claimed = parse_iso(k->pub.issued);
	if (claimed == (time_t)-1 || claimed > *when + 300) {
		snprintf(why, n, "the record says it was signed at %s, after its time-stamp (%s)",
		         k->pub.issued ? k->pub.issued : "?", buf);
		goto out;
	}
	rc = 0;
out:
	TS_TST_INFO_free(info);
	TS_VERIFY_CTX_free(vc);
	PKCS7_free(tok);
	ERR_clear_error();
	return rc;
}

static int finish(check *k, gi_record_check **out, gi_record_status st, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	k->pub.status = st;
	k->pub.reason = gi__arena_strdup(&k->arena, msg);
	*out = &k->pub;
	if (st == GI_RECORD_VALID)
		return GI_OK;
	return gi__error(GI_EINVALID, NULL, 0, "%s: %s", gi_record_status_name(st), msg);
}

/* Who signed: from the certificate cache when the leaf is there. */
static void describe_cert(check *k, gi_trust *t, X509 *leaf)
{
	pthread_mutex_lock(&t->lock);
	for (unsigned i = 0; i < CACHE && !k->pub.signer; i++) {
		cert_slot *c = &t->certs[i];
		if (c->x == leaf) {
			k->pub.signer = gi__arena_strdup(&k->arena, c->subject);
			k->pub.signer_issuer = gi__arena_strdup(&k->arena, c->issuer);
			k->pub.serial = gi__arena_strdup(&k->arena, c->serial);
		}
	}
	pthread_mutex_unlock(&t->lock);
	if (k->pub.signer)
		return;
	char *sub = name_text(X509_get_subject_name(leaf)), *iss = name_text(X509_get_issuer_name(leaf)),
	     *ser = serial_text(leaf);
	k->pub.signer = sub ? gi__arena_strdup(&k->arena, sub) : NULL;
	k->pub.signer_issuer = iss ? gi__arena_strdup(&k->arena, iss) : NULL;
	k->pub.serial = ser ? gi__arena_strdup(&k->arena, ser) : NULL;
	free(sub);
	free(iss);
	free(ser);
}

static int verify_doc(check *k, gi_record_check **out, xmlDocPtr doc, const gi_trust *trust)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	k->pub.record_id = keep_prop(k, root, "id");
	k->pub.issued = keep_prop(k, root, "issued");
	k->pub.sample_id = keep_prop(k, first_child(root, NS, "sample"), "id");
	k->pub.verdict = keep_prop(k, first_child(root, NS, "verdict"), "value");
	xmlChar *named = xmlNodeGetContent(first_child(root, NS, "issuer"));
	k->pub.claimed_issuer = named ? gi__arena_strdup(&k->arena, (char *)named) : NULL;
	xmlFree(named);
	xmlNodePtr sig = NULL;
	const char *why = layout_problem(root, &sig);
	if (why)
		return finish(k, out, GI_RECORD_BAD_LAYOUT, "%s", why);
	X509 *leaf = NULL;
	STACK_OF(X509) *others = sk_X509_new_null();
	if (!others)
		return gi__oom();
	unsigned char chain_key[32];
	char cert_why[200];
	why = certificates((gi_trust *)trust, sig, &leaf, others, chain_key, cert_why, sizeof cert_why);
	int rc;
	if (why) {
		rc = finish(k, out, GI_RECORD_NO_CERTIFICATE, "%s", why);
		goto done;
	}
	describe_cert(k, (gi_trust *)trust, leaf);
	gi_record_status st = GI_RECORD_BAD_SIGNATURE;
	if (xmlsec_check(sig, leaf, &st) < 0 && st != GI_RECORD_NO_CERTIFICATE) {
		rc = gi__oom();
		goto done;
	}
	if (st == GI_RECORD_NO_CERTIFICATE) {
		rc = finish(k, out, st, "the signer certificate's public key cannot be used");
		goto done;
	}
	if (st == GI_RECORD_BAD_DIGEST) {
		rc = finish(k, out, st, "the signed content has changed since it was signed (digest mismatch)");
		goto done;
	}
	if (st == GI_RECORD_BAD_SIGNATURE) {
		rc = finish(k, out, st, "the signature value does not verify with the key of %s", k->pub.signer);
		goto done;
	}
	/* the signer's key, by the profile signing uses (cert_policy.c) */
	char weak[300];
	if (gi__key_profile(X509_get0_pubkey(leaf), weak, sizeof weak) < 0) {
		rc = finish(k, out, GI_RECORD_WEAK_ALGORITHM, "the certificate of %s: %s", k->pub.signer, weak);
		goto done;
	}
	/* the certificate, at the time of verification: now, or the time of a
	 * time-stamp over this signature that verifies */
	time_t now = time(NULL);
	xmlNodePtr obj = first_child(sig, DSIG, "Object");
	if (obj) {
		char why_ts[300];
		if (check_timestamp(k, (gi_trust *)trust, sig, first_child(obj, NS, "timeStamp"), &now, why_ts,
		                    sizeof why_ts) < 0) {
			rc = finish(k, out, GI_RECORD_BAD_TIMESTAMP, "%s", why_ts);
			goto done;
		}
	}
	char when[32];
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	k->pub.verified_at = gi__arena_strdup(&k->arena, when);
	int ok, err;
	char where[300];
	if (chain_check((gi_trust *)trust, chain_key, leaf, others, now, !obj, &ok, &err, where) < 0) {
		rc = gi__oom();
		goto done;
	}
	if (!ok) {
		st = chain_status(err);
		char *bar = strchr(where, '|');
		const char *about = where[0] ? where : k->pub.signer, *issuer = bar ? bar + 1 : "?";
		if (bar)
			*bar = '\0';
		if (st == GI_RECORD_NO_CRL)
			rc = finish(k, out, st, "no CRL for issuer %s (of the certificate of %s in the chain of %s); "
			            "give the CRL of every CA of the chain", issuer, about, k->pub.signer);
		else if (strcmp(about, k->pub.signer ? k->pub.signer : "") != 0)
			rc = finish(k, out, st, "certificate of %s (in the chain of %s): %s (checked at %s)", about,
			            k->pub.signer, X509_verify_cert_error_string(err), when);
		else
			rc = finish(k, out, st, "certificate of %s: %s (checked at %s)", k->pub.signer,
			            X509_verify_cert_error_string(err), when);
		goto done;
	}
	/* the time the record claims must lie within the certificate's validity */
	time_t claimed = parse_iso(k->pub.issued);
	if (claimed == (time_t)-1 || X509_cmp_time(X509_get0_notBefore(leaf), &claimed) > 0) {
		rc = finish(k, out, GI_RECORD_NOT_YET_VALID, "the record says it was signed at %s, before the certificate of %s was valid",
		            k->pub.issued ? k->pub.issued : "?", k->pub.signer);
		goto done;
	}
	if (X509_cmp_time(X509_get0_notAfter(leaf), &claimed) < 0) {
		rc = finish(k, out, GI_RECORD_EXPIRED, "the record says it was signed at %s, after the certificate of %s expired",
		            k->pub.issued, k->pub.signer);
		goto done;
	}
	char pol[300];
	if (gi__cert_usage(leaf, pol, sizeof pol) < 0) {
		rc = finish(k, out, GI_RECORD_KEY_USAGE, "the certificate of %s may not sign records: %s", k->pub.signer, pol);
		goto done;
	}
	rc = finish(k, out, GI_RECORD_VALID, "signature valid; signed by %s at %s; certificate chain verified at %s%s%s%s",
	            k->pub.signer, k->pub.issued, when, obj ? " (time-stamped by " : "", obj ? k->pub.tsa : "",
	            obj ? ")" : "");
	if (trust->has_crl && rc == 0)
		k->pub.reason = gi__arena_printf(&k->arena, "%s, against the CRL", k->pub.reason);
	/* the issuer element is a label the signer chose (gi_record_info.issuer):
	 * the signer is the certificate's subject, and a different label is
	 * reported as a claim */
	if (rc == 0 && k->pub.claimed_issuer && k->pub.signer && strcmp(k->pub.claimed_issuer, k->pub.signer) != 0)
		k->pub.reason = gi__arena_printf(&k->arena, "%s; the record claims to be issued by %s, which is not the "
		                                 "signing certificate's subject", k->pub.reason, k->pub.claimed_issuer);
done:
	X509_free(leaf);
	sk_X509_pop_free(others, X509_free);
	return rc;
}

static void on_schema_error(void *ctx, xmlErrorPtr err)
{
	gi__problem_xml(ctx, GI_EINVALID, err);
}

/* Parses and validates a record; NULL with the problem in pr. */
static xmlDocPtr read_record(gi__problems *pr, const void *xml, size_t len, const char *name)
{
	xmlSchemaPtr schema = gi__schema(GI__SCHEMA_RECORD);
	if (!schema) {
		gi__problem(pr, GI_ERROR, 0, "the embedded record schema does not compile");
		return NULL;
	}
	/* a record is a few kilobytes (one element per criterion); far larger
	 * input, or an element with very many attributes, is refused before
	 * libxml2 spends time on it */
	if (len == 0 || len > GI__RECORD_MAX) {
		gi__problem(pr, GI_EPARSE, 0, len ? "the record is larger than 4 MiB" : "the file is empty");
		return NULL;
	}
	gi__xml_scan scan = { 0 };
	if (gi__xml_scan_feed(&scan, xml, len) < 0) {
		gi__problem(pr, GI_EPARSE, scan.line, "%s", scan.err);
		return NULL;
	}
	xmlDocPtr doc = gi__xml_parse(pr, xml, len, name);
	if (!doc)
		return NULL;
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema);
	if (!v) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlSchemaSetValidStructuredErrors(v, on_schema_error, pr);
	int bad = xmlSchemaValidateDoc(v, doc);
	xmlSchemaFreeValidCtxt(v);
	if (bad) {
		if (!pr->count)
			gi__problem(pr, GI_EINVALID, 0, "not a verification record (gi-record.xsd)");
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

int gi_record_verify(gi_record_check **out, const void *xml, size_t len, const char *name, const gi_trust *trust)
{
	if (!out || (!xml && len) || !trust)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_verify: NULL argument");
	*out = NULL;
	int rc = gi__xmlsec_ready();
	if (rc < 0)
		return rc;
	check *k = calloc(1, sizeof *k);
	if (!k)
		return gi__oom();
	if (!name)
		name = "(memory)";
	gi__xml_quiet q;
	gi__xml_quiet_begin(&q);
	gi__problems pr = { name, NULL, NULL, 0, 0, 0, "" };
	xmlDocPtr doc = read_record(&pr, xml, len, name);
	if (!doc) {
		rc = finish(k, out, GI_RECORD_MALFORMED, "%s%s%ld: %s", name, pr.first_line ? ":" : "",
		            pr.first_line, pr.first);
		if (!pr.first_line)
			k->pub.reason = gi__arena_printf(&k->arena, "%s: %s", name, pr.first);
	} else {
		rc = verify_doc(k, out, doc, trust);
		xmlFreeDoc(doc);
	}
	gi__xml_quiet_end(&q);
	if (!*out) {
		gi_record_check_free(&k->pub);
		return rc;
	}
	if (rc < 0)
		gi__error(rc, name, pr.first_line, "%s: %s", gi_record_status_name(k->pub.status), k->pub.reason);
	return rc;
}

/* ---- the signed content as JSON ---- */

static int numeric_attr(const char *name)
{
	static const char *const nums[] = { "value", "uncertainty", "k", "acceptanceLower", "acceptanceUpper",
	                                    "probability", "altitude", "replicates" };
	for (size_t i = 0; i < GI_ARRAY_SIZE(nums); i++)
		if (strcmp(name, nums[i]) == 0)
			return 1;
	return 0;
}

static json_t *element_json(xmlNodePtr n, int with_text)
{
	json_t *o = json_object();
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		double d;
		const char *nm = (const char *)a->name;
		if (strcmp(nm, "censored") == 0)
			json_object_set_new(o, nm, json_boolean(v && strcmp((char *)v, "true") == 0));
		else if (numeric_attr(nm) && v && gi__number_scan(&d, NULL, (char *)v, strlen((char *)v)) == 0)
			json_object_set_new(o, nm, json_real(d));
		else
			json_object_set_new(o, nm, json_string(v ? (char *)v : ""));
		xmlFree(v);
	}
	if (with_text) {
		xmlChar *t = xmlNodeGetContent(n);
		json_object_set_new(o, "reason", json_string(t ? (char *)t : ""));
		xmlFree(t);
	}
	return o;
}

int gi_record_json(char **out, const void *xml, size_t len, const char *name)
{
	if (!out || (!xml && len))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_json: NULL argument");
	*out = NULL;
	if (!name)
		name = "(memory)";
	gi__xml_quiet q;
	gi__xml_quiet_begin(&q);
	gi__problems pr = { name, NULL, NULL, 0, 0, 0, "" };
	xmlDocPtr doc = read_record(&pr, xml, len, name);
	gi__xml_quiet_end(&q);
	if (!doc)
		return gi__problems_finish(&pr);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	json_t *o = element_json(root, 0), *crit = json_array();
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !n->ns || !xmlStrEqual(n->ns->href, BAD_CAST NS))
			continue;
		const char *nm = (const char *)n->name;
		if (strcmp(nm, "issuer") == 0) {
			xmlChar *t = xmlNodeGetContent(n);
			json_object_set_new(o, "issuer", json_string(t ? (char *)t : ""));
			xmlFree(t);
		} else if (strcmp(nm, "criterion") == 0) {
			json_array_append_new(crit, element_json(n, 1));
		} else {
			int text = strcmp(nm, "verdict") == 0 || strcmp(nm, "origin") == 0;
			json_object_set_new(o, nm, element_json(n, text));
		}
	}
	json_object_set_new(o, "criteria", crit);
	json_object_set_new(o, "signed", json_boolean(count_signatures(root) > 0));
	xmlFreeDoc(doc);
	char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	json_decref(o);
	if (!s)
		return gi__oom();
	*out = s;
	return GI_OK;
}
