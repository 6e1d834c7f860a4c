/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include <openssl/ess.h>
#include <libxml/tree.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/base64.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/crypto.h>
#include <xmlsec/openssl/evp.h>
#include "internal.h"
#include "xml_internal.h"
#include "record_internal.h"
#include "record_past.h"
#include "xades.h"

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
	EVP_PKEY_CTX *verify;      /* for its key, kept between records (NULL while in use) */
	/* gi__key_profile and gi__cert_usage of it, which depend on nothing
	 * else (the key's curve is read through provider parameters) */
	int profile_rc, usage_rc;
	char *profile_why, *usage_why;
	/* notBefore and notAfter in seconds, where gi__time_seconds gives them */
	int have_times;
	time_t not_before, not_after;
} cert_slot;

typedef struct {
	unsigned char sha[32];     /* of the leaf's and the others' digests */
	time_t at;
	int ok, err;
	char where[300];           /* the certificate the error is about, and its issuer */
} chain_slot;

/* A parser context and a schema validation context, kept between records:
 * a fresh parser context builds its dictionary of names anew for every
 * record. Each is used by one thread at a time (taken from the trust
 * object's pool and given back); one that saw a problem is freed instead,
 * and so is one whose dictionary has grown large (names are never taken
 * out of a dictionary). */
#define READERS 8
#define READER_MAX_NAMES 4096

typedef struct {
	xmlParserCtxtPtr parse;
	xmlSchemaValidCtxtPtr valid;
} reader;

struct gi_trust {
	X509_STORE *store;
	int has_crl;
	long long at;              /* verification time; 0: the clock */
	pthread_mutex_t lock;
	cert_slot certs[CACHE];
	unsigned next_cert;
	chain_slot chains[CACHE];
	unsigned next_chain;
	reader readers[READERS];
	unsigned n_readers;
};

static void reader_free(reader *r)
{
	if (r->parse)
		xmlFreeParserCtxt(r->parse);
	if (r->valid)
		xmlSchemaFreeValidCtxt(r->valid);
	r->parse = NULL;
	r->valid = NULL;
}

/* a kept reader, or an empty one (its contexts made when first needed) */
static reader reader_take(gi_trust *t)
{
	reader r = { NULL, NULL };
	pthread_mutex_lock(&t->lock);
	if (t->n_readers)
		r = t->readers[--t->n_readers];
	pthread_mutex_unlock(&t->lock);
	return r;
}

/* keeps r for the next record if it read this one without a problem */
static void reader_give(gi_trust *t, reader *r, int clean)
{
	if (clean && r->parse && r->parse->dict && xmlDictSize(r->parse->dict) > READER_MAX_NAMES)
		clean = 0;
	if (clean && r->parse && r->valid) {
		pthread_mutex_lock(&t->lock);
		if (t->n_readers < READERS) {
			t->readers[t->n_readers++] = *r;
			r->parse = NULL;
			r->valid = NULL;
		}
		pthread_mutex_unlock(&t->lock);
	}
	reader_free(r);
}

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

int gi_trust_set_time(gi_trust *t, long long when)
{
	if (!t || when < 0)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_trust_set_time: no trust object, or a negative time");
	t->at = when;
	return GI_OK;
}

void gi_trust_free(gi_trust *t)
{
	if (!t)
		return;
	for (unsigned i = 0; i < CACHE; i++)
		clear_slot(&t->certs[i]);
	for (unsigned i = 0; i < t->n_readers; i++)
		reader_free(&t->readers[i]);
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
	EVP_PKEY_CTX_free(s->verify);
	free(s->profile_why);
	free(s->usage_why);
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
	char profile[300] = "", usage[300] = "";
	cert_slot fresh = { .x = x, .b64 = malloc(text_len + 1), .b64_len = text_len,
	                    .subject = name_text(X509_get_subject_name(x)),
	                    .issuer = name_text(X509_get_issuer_name(x)), .serial = serial_text(x),
	                    .profile_rc = gi__key_profile(X509_get0_pubkey(x), profile, sizeof profile),
	                    .usage_rc = gi__cert_usage(x, usage, sizeof usage) };
	fresh.have_times = gi__time_seconds(X509_get0_notBefore(x), &fresh.not_before) == 0 &&
	                   gi__time_seconds(X509_get0_notAfter(x), &fresh.not_after) == 0;
	ERR_clear_error();
	fresh.profile_why = strdup(profile);
	fresh.usage_why = strdup(usage);
	memcpy(fresh.sha, sha, 32);
	if (!fresh.b64 || !fresh.subject || !fresh.issuer || !fresh.serial || !fresh.profile_why || !fresh.usage_why) {
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
	int document;   /* a council document (gi__document_verify): it states no issued time */
} check;

void gi_record_check_free(gi_record_check *c)
{
	if (!c)
		return;
	check *k = (check *)c;
	gi__arena_free(&k->arena);
	free(k);
}

/* xmlStrEqual(a, b) for a constant b; the local name first, as it
 * differs sooner than the namespace URI */
static inline int same_str(const xmlChar *a, const char *b)
{
	return a && strcmp((const char *)a, b) == 0;
}

static int is(xmlNodePtr n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && same_str(n->name, name) && same_str(n->ns->href, ns);
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

/* Where the parts of a signature are, once its layout is accepted. */
typedef struct {
	xmlNodePtr sig;
	xmlNodePtr old_ts;         /* urn:libgi:record:1 timeStamp (records before XAdES) */
	xmlNodePtr qp, sp, usp;    /* XAdES QualifyingProperties, SignedProperties,
	                              UnsignedSignatureProperties (or NULL) */
	xmlNodePtr sig_ts;         /* xades:SignatureTimeStamp */
	xmlNodePtr certs, revs;    /* CertificateValues, RevocationValues */
	int n_archive;             /* xadesv141:ArchiveTimeStamp elements */
} layout;

static size_t element_children(xmlNodePtr p)
{
	size_t k = 0;
	for (xmlNodePtr n = p ? p->children : NULL; n; n = n->next)
		k += n->type == XML_ELEMENT_NODE;
	return k;
}

/* Every Id, ID and xml:id value in the document is unique: a reference by
 * Id then names one element, never a decoy placed elsewhere. (The
 * record's own lowercase id attributes are data - a spec, a sample and a
 * criterion may share one - and nothing resolves references to them.) */
static int duplicate_ids(xmlNodePtr n, xmlHashTablePtr seen)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			int xml_id = a->ns && xmlStrEqual(a->ns->href, XML_XML_NAMESPACE) && xmlStrEqual(a->name, BAD_CAST "id");
			if (!xml_id && !xmlStrEqual(a->name, BAD_CAST "Id") && !xmlStrEqual(a->name, BAD_CAST "ID"))
				continue;
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
			int dup = v && xmlHashAddEntry(seen, v, (void *)1) != 0;
			xmlFree(v);
			if (dup)
				return 1;
		}
		if (duplicate_ids(n->children, seen))
			return 1;
	}
	return 0;
}

/* A time-stamp property: exclusive C14N named, one EncapsulatedTimeStamp. */
static int stamp_ok(xmlNodePtr st)
{
	return element_children(st) == 2 && algorithm_is(first_child(st, DSIG, "CanonicalizationMethod"), ALG_EXC_C14N) &&
	       first_child(st, GI__XADES_NS, "EncapsulatedTimeStamp");
}

static int only_children(xmlNodePtr p, const char *ns, const char *name)
{
	return element_children(p) == count_children(p, ns, name);
}

/* The XAdES properties in the signature's one ds:Object: exactly
 * QualifyingProperties Target="#<signature Id>" with SignedProperties
 * (SigningTime, SigningCertificateV2) and optionally UnsignedProperties
 * (SignatureTimeStamp, CertificateValues, RevocationValues,
 * ArchiveTimeStamp ..., in this order). */
static const char *xades_problem(layout *l, xmlNodePtr obj)
{
	xmlNodePtr qp = first_child(obj, GI__XADES_NS, "QualifyingProperties");
	if (!qp || element_children(obj) != 1)
		return "the signature's ds:Object holds something other than one QualifyingProperties";
	xmlChar *target = xmlGetProp(qp, BAD_CAST "Target"), *sig_id = xmlGetProp(l->sig, BAD_CAST "Id");
	int targets = target && sig_id && target[0] == '#' && xmlStrEqual(target + 1, sig_id);
	xmlFree(target);
	xmlFree(sig_id);
	if (!targets)
		return "QualifyingProperties does not target this signature (Target=\"#<signature Id>\")";
	xmlNodePtr sp = first_child(qp, GI__XADES_NS, "SignedProperties"),
	           up = first_child(qp, GI__XADES_NS, "UnsignedProperties");
	if (!sp || count_children(qp, GI__XADES_NS, "SignedProperties") != 1 ||
	    element_children(qp) != 1 + (up != NULL) || (up && count_children(qp, GI__XADES_NS, "UnsignedProperties") != 1))
		return "QualifyingProperties must hold one SignedProperties and at most one UnsignedProperties";
	xmlNodePtr ssp = first_child(sp, GI__XADES_NS, "SignedSignatureProperties");
	if (!ssp || element_children(sp) != 1 || element_children(ssp) != 2 ||
	    !first_child(ssp, GI__XADES_NS, "SigningTime") || !first_child(ssp, GI__XADES_NS, "SigningCertificateV2"))
		return "SignedProperties must hold SigningTime and SigningCertificateV2 and nothing else";
	l->qp = qp;
	l->sp = sp;
	if (!up)
		return NULL;
	xmlNodePtr usp = first_child(up, GI__XADES_NS, "UnsignedSignatureProperties");
	if (!usp || element_children(up) != 1)
		return "UnsignedProperties must hold only UnsignedSignatureProperties";
	l->usp = usp;
	int order = 0;
	for (xmlNodePtr n = usp->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		int at;
		if (is(n, GI__XADES_NS, "SignatureTimeStamp") && stamp_ok(n))
			at = 1, l->sig_ts = n;
		else if (is(n, GI__XADES_NS, "CertificateValues") && only_children(n, GI__XADES_NS, "EncapsulatedX509Certificate"))
			at = 2, l->certs = n;
		else if (is(n, GI__XADES_NS, "RevocationValues") && element_children(n) == 1 &&
		         only_children(first_child(n, GI__XADES_NS, "CRLValues"), GI__XADES_NS, "EncapsulatedCRLValue"))
			at = 3, l->revs = n;
		else if (is(n, GI__XADES141_NS, "ArchiveTimeStamp") && stamp_ok(n))
			at = 4, l->n_archive++;
		else
			return "UnsignedSignatureProperties holds an unknown or malformed property";
		if (at < order || (at == order && at < 4))
			return "UnsignedSignatureProperties are out of order or repeated";
		order = at;
	}
	if (l->n_archive && !l->sig_ts)
		return "an ArchiveTimeStamp without a SignatureTimeStamp";
	return NULL;
}

static const char *reference_problem(xmlNodePtr ref)
{
	if (!algorithm_is(first_child(ref, DSIG, "DigestMethod"), ALG_SHA256))
		return "the digest method is not SHA-256";
	return NULL;
}

/* Checks what may be signed and how; NULL if the layout is acceptable. */
static const char *layout_problem(xmlNodePtr root, layout *l)
{
	size_t n = count_signatures(root);
	if (n == 0)
		return "the record is not signed (no ds:Signature)";
	if (n > 1)
		return "the record has more than one ds:Signature";
	xmlNodePtr sig = first_child(root, DSIG, "Signature");
	if (!sig)
		return "the signature is not on the record element (it has been moved or wrapped)";
	l->sig = sig;
	xmlNodePtr si = first_child(sig, DSIG, "SignedInfo");
	if (!si)
		return "the signature has no SignedInfo";
	xmlHashTablePtr ids = xmlHashCreate(16);
	int dup = !ids || duplicate_ids(root, ids);
	xmlHashFree(ids, NULL);
	if (dup)
		return "an Id occurs twice in the document";
	for (xmlNodePtr c = sig->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, DSIG, "SignedInfo") || is(c, DSIG, "SignatureValue") ||
		    is(c, DSIG, "KeyInfo"))
			continue;
		if (is(c, DSIG, "Object") && count_children(sig, DSIG, "Object") == 1) {
			if (element_children(c) == 1 && first_child(c, NS, "timeStamp")) {
				l->old_ts = first_child(c, NS, "timeStamp");
				continue;
			}
			const char *why = xades_problem(l, c);
			if (why)
				return why;
			continue;
		}
		return "the signature carries content other than SignedInfo, SignatureValue, KeyInfo and one ds:Object";
	}
	if (!algorithm_is(first_child(si, DSIG, "CanonicalizationMethod"), ALG_EXC_C14N))
		return "SignedInfo is not canonicalised with exclusive C14N";
	xmlNodePtr sm = first_child(si, DSIG, "SignatureMethod");
	if (!algorithm_is(sm, ALG_RSA_SHA256) && !algorithm_is(sm, ALG_ECDSA_SHA256))
		return "the signature method is neither RSA-SHA256 nor ECDSA-SHA256";
	size_t want = l->sp ? 2 : 1;
	if (count_children(si, DSIG, "Reference") != want || element_children(si) != 2 + want)
		return l->sp ? "the signature must have exactly two References: the record and its SignedProperties"
		             : "the signature must have exactly one Reference";
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
	const char *why = reference_problem(ref);
	if (why || !l->sp)
		return why;
	/* the second: Type SignedProperties, URI "#" and the Id of the
	 * SignedProperties found above inside this signature's ds:Object */
	xmlNodePtr ref2 = ref->next;
	while (ref2 && ref2->type != XML_ELEMENT_NODE)
		ref2 = ref2->next;
	xmlChar *type = xmlGetProp(ref2, BAD_CAST "Type"), *uri2 = xmlGetProp(ref2, BAD_CAST "URI"),
	        *sp_id = xmlGetProp(l->sp, BAD_CAST "Id");
	int names_sp = type && xmlStrEqual(type, BAD_CAST GI__XADES_SP_TYPE) && uri2 && sp_id && uri2[0] == '#' &&
	               xmlStrEqual(uri2 + 1, sp_id);
	xmlFree(type);
	xmlFree(uri2);
	xmlFree(sp_id);
	if (!is(ref2, DSIG, "Reference") || !names_sp)
		return "the second Reference must name this signature's SignedProperties by its Id";
	tr = first_child(ref2, DSIG, "Transforms");
	if (tr && (element_children(tr) != 1 || !algorithm_is(first_child(tr, DSIG, "Transform"), ALG_EXC_C14N)))
		return "the SignedProperties Reference may only have the exclusive C14N transform";
	return reference_problem(ref2);
}

/* The signer's certificate and the others from KeyInfo/X509Data. */
static const char *certificates(gi_trust *trust, xmlNodePtr sig, X509 **leaf, unsigned char leaf_sha[32],
                                STACK_OF(X509) *others, unsigned char chain_key[32], char *buf, size_t buf_n)
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
			if (i == found) {
				*leaf = x;
				memcpy(leaf_sha, shas[i], 32);   /* shas[i] is the digest of all[i] */
			} else
				sk_X509_push(others, x);
		}
	}
	sk_X509_pop_free(all, X509_free);
	return why;
}

/* The references' data after their transforms, concatenated (the start
 * of an ArchiveTimeStamp's input); malloc'd. */
static unsigned char *reference_data(xmlSecDSigCtxPtr ctx, size_t *len)
{
	size_t total = 0, n = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
	for (size_t i = 0; i < n; i++) {
		xmlSecBufferPtr b = xmlSecDSigReferenceCtxGetPreDigestBuffer(xmlSecPtrListGetItem(&ctx->signedInfoReferences, i));
		total += b ? xmlSecBufferGetSize(b) : 0;
	}
	unsigned char *out = malloc(total + 1), *p = out;
	for (size_t i = 0; out && i < n; i++) {
		xmlSecBufferPtr b = xmlSecDSigReferenceCtxGetPreDigestBuffer(xmlSecPtrListGetItem(&ctx->signedInfoReferences, i));
		if (b && xmlSecBufferGetSize(b)) {
			memcpy(p, xmlSecBufferGetData(b), xmlSecBufferGetSize(b));
			p += xmlSecBufferGetSize(b);
		}
	}
	*len = total;
	return out;
}

static int xmlsec_check(const layout *l, X509 *leaf, gi_record_status *status, unsigned char **refs, size_t *refs_len)
{
	xmlNodePtr sig = l->sig;
	if (l->sp) {
		/* the one Id a reference may name, registered on the element the
		 * layout check found; ids are unique in the document */
		xmlAttrPtr id = xmlHasProp(l->sp, BAD_CAST "Id");
		xmlChar *v = id ? xmlNodeGetContent((xmlNodePtr)id) : NULL;
		xmlAttrPtr known = v ? xmlGetID(sig->doc, v) : NULL;
		if (v && !known)
			xmlAddID(NULL, sig->doc, v, id);
		known = v ? xmlGetID(sig->doc, v) : NULL;
		xmlFree(v);
		if (!known || known != id) {
			*status = GI_RECORD_BAD_SIGNATURE;
			return 0;
		}
	}
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
	ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty | (l->sp ? xmlSecTransformUriTypeSameDocument : 0);
	if (refs)
		ctx->flags |= XMLSEC_DSIG_FLAGS_STORE_SIGNEDINFO_REFERENCES;
	xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformEnvelopedId);
	xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformSha256Id);
	if (l->sp)
		xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformExclC14NId);
	xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformExclC14NId);
	xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformRsaSha256Id);
	xmlSecDSigCtxEnableSignatureTransform(ctx, xmlSecTransformEcdsaSha256Id);
	int rc = xmlSecDSigCtxVerify(ctx, sig);
	if (rc < 0) {
		*status = GI_RECORD_BAD_SIGNATURE;   /* the signature could not even be processed */
	} else if (ctx->status == xmlSecDSigStatusSucceeded) {
		*status = GI_RECORD_VALID;
		if (refs && !(*refs = reference_data(ctx, refs_len)))
			rc = gi__oom();
	} else {
		*status = GI_RECORD_BAD_SIGNATURE;
		xmlSecSize nr = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
		for (xmlSecSize i = 0; i < nr; i++) {
			xmlSecDSigReferenceCtxPtr r = xmlSecPtrListGetItem(&ctx->signedInfoReferences, i);
			if (r && r->status != xmlSecDSigStatusSucceeded)
				*status = GI_RECORD_BAD_DIGEST;
		}
	}
	xmlSecDSigCtxDestroy(ctx);
	return rc < 0 && *status == GI_RECORD_VALID ? rc : 0;
}

/* The test suite's differential check of record_dsig.c: xmlsec verifies
 * every signature too, and a different outcome - valid for one and not
 * for the other, or other reference data - stops the process. */
static int differential;

void gi__dsig_differential(int on)
{
	differential = on;
}

int gi__dsig_differential_on(void)
{
	return differential;
}

static void compare_with_xmlsec(const layout *l, X509 *leaf, gi_record_status st, const unsigned char *refs,
                                size_t refs_len)
{
	gi_record_status theirs = GI_RECORD_BAD_SIGNATURE;
	unsigned char *their_refs = NULL;
	size_t their_len = 0;
	if (gi__xmlsec_ready() < 0 || xmlsec_check(l, leaf, &theirs, refs ? &their_refs : NULL, &their_len) < 0) {
		fprintf(stderr, "libgi: differential check: xmlsec could not check the signature\n");
		abort();
	}
	int agree = (st == GI_RECORD_VALID) == (theirs == GI_RECORD_VALID);
	if (agree && st == GI_RECORD_VALID && refs)
		agree = their_refs && their_len == refs_len && memcmp(their_refs, refs, refs_len) == 0;
	free(their_refs);
	if (!agree) {
		fprintf(stderr, "libgi: differential check: libgi says %s, xmlsec says %s\n", gi_record_status_name(st),
		        gi_record_status_name(theirs));
		abort();
	}
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

static void iso_text(char out[32], time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static unsigned char *base64_content(xmlNodePtr n, size_t *len)
{
	xmlChar *b64 = n ? xmlNodeGetContent(n) : NULL;
	xmlSecSize cap = b64 ? (xmlSecSize)xmlStrlen(b64) : 0, got = 0;
	unsigned char *der = b64 ? malloc(cap + 1) : NULL;
	if (der && xmlSecBase64Decode_ex(b64, der, cap, &got) != 0) {
		free(der);
		der = NULL;
	}
	xmlFree(b64);
	*len = got;
	return der;
}

/* RFC 3161 §2.4.1 / RFC 5816: the token's signed attributes name the
 * TSA certificate (ESS signing-certificate, v1 or v2); 1 if they name x. */
static int ess_names(PKCS7 *tok, X509 *x)
{
	STACK_OF(PKCS7_SIGNER_INFO) *sis = PKCS7_get_signer_info(tok);
	PKCS7_SIGNER_INFO *si = sis && sk_PKCS7_SIGNER_INFO_num(sis) == 1 ? sk_PKCS7_SIGNER_INFO_value(sis, 0) : NULL;
	ASN1_TYPE *a1 = si ? PKCS7_get_signed_attribute(si, NID_id_smime_aa_signingCertificate) : NULL;
	ASN1_TYPE *a2 = si ? PKCS7_get_signed_attribute(si, NID_id_smime_aa_signingCertificateV2) : NULL;
	ESS_SIGNING_CERT *ss = NULL;
	ESS_SIGNING_CERT_V2 *ss2 = NULL;
	const unsigned char *p;
	if (a1 && a1->type == V_ASN1_SEQUENCE) {
		p = a1->value.sequence->data;
		ss = d2i_ESS_SIGNING_CERT(NULL, &p, a1->value.sequence->length);
	}
	if (a2 && a2->type == V_ASN1_SEQUENCE) {
		p = a2->value.sequence->data;
		ss2 = d2i_ESS_SIGNING_CERT_V2(NULL, &p, a2->value.sequence->length);
	}
	STACK_OF(X509) *chain = sk_X509_new_null();
	int ok = chain && (ss || ss2) && sk_X509_push(chain, x) && OSSL_ESS_check_signing_certs(ss, ss2, chain, 1) > 0;
	sk_X509_free(chain);
	ESS_SIGNING_CERT_free(ss);
	ESS_SIGNING_CERT_V2_free(ss2);
	return ok;
}

/* An RFC 3161 token (the base64 content of node) over imprint md: its
 * version, imprint, the TSA's signature with the certificate it names, and
 * that certificate's extended key usage (RFC 3161 §2.3: timeStamping
 * only, critical). Gives the token's time and the TSA certificate (new
 * reference), and adds the token's certificates to pool. Its signed
 * attributes must name that certificate (ESS signing certificate). The TSA's chain
 * is the caller's to check, as of the right time. */
static int open_token(xmlNodePtr node, const unsigned char md[32], STACK_OF(X509) *pool, time_t *gen, X509 **tsa,
                      char *why, size_t n)
{
	size_t len;
	unsigned char *der = base64_content(node, &len);
	const unsigned char *p = der;
	PKCS7 *tok = der ? d2i_PKCS7(NULL, &p, (long)len) : NULL;
	free(der);
	*tsa = NULL;
	if (!tok || !PKCS7_type_is_signed(tok)) {
		PKCS7_free(tok);
		ERR_clear_error();
		snprintf(why, n, "not an RFC 3161 token");
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
	TS_VERIFY_CTX_set_imprint(vc, imp, 32);
	TS_VERIFY_CTX_set_flags(vc, TS_VFY_VERSION | TS_VFY_IMPRINT);
	if (TS_RESP_verify_token(vc, tok) != 1) {
		snprintf(why, n, "it does not cover this signature (imprint)");
		goto out;
	}
	STACK_OF(X509) *carried = tok->d.sign->cert;
	for (int i = 0; carried && i < sk_X509_num(carried); i++)
		if (X509_up_ref(sk_X509_value(carried, i)) && !sk_X509_push(pool, sk_X509_value(carried, i)))
			X509_free(sk_X509_value(carried, i));
	if (PKCS7_verify(tok, pool, NULL, NULL, NULL, PKCS7_NOVERIFY) != 1) {
		snprintf(why, n, "the time-stamping authority's signature does not verify");
		goto out;
	}
	STACK_OF(X509) *signers = PKCS7_get0_signers(tok, pool, 0);
	X509 *x = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : NULL;
	sk_X509_free(signers);
	int eku = x ? X509_get_ext_by_NID(x, NID_ext_key_usage, -1) : -1;
	if (!x || eku < 0 || !X509_EXTENSION_get_critical(X509_get_ext(x, eku)) ||
	    X509_get_extended_key_usage(x) != XKU_TIMESTAMP) {
		snprintf(why, n, "the signer is not a time-stamping authority (critical extended key usage timeStamping)");
		goto out;
	}
	if (!ess_names(tok, x)) {
		snprintf(why, n, "its signed attributes do not name the certificate it was verified with (ESS)");
		goto out;
	}
	info = PKCS7_to_TS_TST_INFO(tok);
	struct tm tm;
	if (!info || !ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &tm)) {
		snprintf(why, n, "it has no readable time");
		goto out;
	}
	*gen = timegm(&tm);
	X509_up_ref(x);
	*tsa = x;
	rc = 0;
out:
	TS_TST_INFO_free(info);
	TS_VERIFY_CTX_free(vc);
	PKCS7_free(tok);
	ERR_clear_error();
	return rc;
}

/* What the time-stamps and the chains are checked with. */
typedef struct {
	gi_trust *trust;
	STACK_OF(X509) *pool;      /* untrusted: KeyInfo, CertificateValues, tokens */
	STACK_OF(X509_CRL) *crls;  /* the trust object's and RevocationValues */
	int embedded_crls;
} evidence;

/* A time-stamp over md: the token, then its TSA's chain with validity at
 * valid_at (the verification time, or the time the next archive
 * time-stamp proves) and revocation judged at the token's time. */
static int check_stamp(check *k, evidence *ev, xmlNodePtr node, const unsigned char md[32], time_t valid_at,
                       time_t *gen, const char *what, char *why, size_t n)
{
	X509 *tsa = NULL;
	char detail[400];
	if (open_token(node, md, ev->pool, gen, &tsa, detail, sizeof detail) < 0) {
		snprintf(why, n, "the %s: %s", what, detail);
		return -1;
	}
	/* a token from the future is refused for what it says, before its
	 * authority's chain is looked at */
	if (*gen > valid_at + 300) {
		char g[32], v[32];
		iso_text(g, *gen);
		iso_text(v, valid_at);
		snprintf(why, n, "the %s states %s, after the time it is checked at (%s)", what, g, v);
		X509_free(tsa);
		return -1;
	}
	char name[300];
	gi__x509_name(name, sizeof name, X509_get_subject_name(tsa));
	gi_record_status st = gi__past_chain(ev->trust->store, tsa, ev->pool, ev->crls, valid_at, *gen, 1,
	                                     ev->trust->has_crl, detail, sizeof detail);
	X509_free(tsa);
	if (st != GI_RECORD_VALID) {
		snprintf(why, n, "the %s's authority (%s): %s", what, name, detail);
		return -1;
	}
	k->pub.tsa = gi__arena_strdup(&k->arena, name);
	return 0;
}

/* The certificates of CertificateValues and the CRLs of RevocationValues
 * join the evidence. */
static void embedded_evidence(evidence *ev, const layout *l)
{
	for (xmlNodePtr c = l->certs ? l->certs->children : NULL; c; c = c->next) {
		size_t len;
		unsigned char *der = c->type == XML_ELEMENT_NODE ? base64_content(c, &len) : NULL;
		const unsigned char *p = der;
		X509 *x = der ? d2i_X509(NULL, &p, (long)len) : NULL;
		if (x && !sk_X509_push(ev->pool, x))
			X509_free(x);
		free(der);
	}
	xmlNodePtr cv = l->revs ? first_child(l->revs, GI__XADES_NS, "CRLValues") : NULL;
	for (xmlNodePtr c = cv ? cv->children : NULL; c; c = c->next) {
		size_t len;
		unsigned char *der = c->type == XML_ELEMENT_NODE ? base64_content(c, &len) : NULL;
		const unsigned char *p = der;
		X509_CRL *x = der ? d2i_X509_CRL(NULL, &p, (long)len) : NULL;
		if (x && sk_X509_CRL_push(ev->crls, x))
			ev->embedded_crls = 1;
		else
			X509_CRL_free(x);
		free(der);
	}
	ERR_clear_error();
}

/* SigningTime is the time the record states; SigningCertificateV2 names
 * the certificate whose key verified the signature. */
static int signed_properties_problem(check *k, const layout *l, const unsigned char leaf_sha[32], gi_record_status *st,
                                     char *why, size_t n)
{
	xmlNodePtr ssp = first_child(l->sp, GI__XADES_NS, "SignedSignatureProperties");
	xmlChar *when = xmlNodeGetContent(first_child(ssp, GI__XADES_NS, "SigningTime"));
	if (k->document && when && !k->pub.issued)   /* the document's time is its SigningTime */
		k->pub.issued = gi__arena_strdup(&k->arena, (char *)when);
	int same = when && k->pub.issued && strcmp((char *)when, k->pub.issued) == 0;
	xmlFree(when);
	if (!same) {
		*st = GI_RECORD_BAD_LAYOUT;
		snprintf(why, n, "SigningTime differs from the time the record states it was issued");
		return -1;
	}
	xmlNodePtr cd = first_child(first_child(first_child(ssp, GI__XADES_NS, "SigningCertificateV2"), GI__XADES_NS, "Cert"),
	                            GI__XADES_NS, "CertDigest");
	size_t len = 0;
	unsigned char *dv = base64_content(first_child(cd, DSIG, "DigestValue"), &len);
	int ok = dv && len == 32 && algorithm_is(first_child(cd, DSIG, "DigestMethod"), ALG_SHA256) &&
	         memcmp(leaf_sha, dv, 32) == 0;
	free(dv);
	if (!ok) {
		*st = GI_RECORD_NO_CERTIFICATE;
		snprintf(why, n, "SigningCertificateV2 does not name the certificate in KeyInfo (SHA-256)");
		return -1;
	}
	return 0;
}

/* Re-stamping: what to ask, and whether it was done. */
typedef struct {
	gi_tsa_cb cb;
	void *payload;
	int done;
} restamp;

/* Walks the time-stamps from the newest archive time-stamp down to the
 * signature time-stamp, each proving the time the one below is checked
 * at; *proven is the signature time-stamp's time. */
static int check_stamps(check *k, evidence *ev, const layout *l, const unsigned char *refs, size_t refs_len,
                        time_t *proven, char *why, size_t n)
{
	xmlNodePtr stamps[64];
	int na = 0;
	for (xmlNodePtr c = l->usp ? l->usp->children : NULL; c && na < 64; c = c->next)
		if (is(c, GI__XADES141_NS, "ArchiveTimeStamp"))
			stamps[na++] = c;
	if (na < l->n_archive) {
		snprintf(why, n, "more than 64 archive time-stamps");
		return -1;
	}
	unsigned char md[32];
	time_t gen;
	for (int i = na - 1; i >= 0; i--) {
		char what[48];
		snprintf(what, sizeof what, "archive time-stamp %d", i + 1);
		if (gi__archive_imprint(md, refs, refs_len, l->sig, l->usp, stamps[i]) < 0) {
			snprintf(why, n, "out of memory");
			return -1;
		}
		if (check_stamp(k, ev, first_child(stamps[i], GI__XADES_NS, "EncapsulatedTimeStamp"), md, *proven, &gen,
		                what, why, n) < 0)
			return -1;
		*proven = gen;
	}
	xmlNodePtr tok;
	if (l->sig_ts) {
		tok = first_child(l->sig_ts, GI__XADES_NS, "EncapsulatedTimeStamp");
		if (gi__c14n_sha256(md, first_child(l->sig, DSIG, "SignatureValue")) < 0) {
			snprintf(why, n, "the signature value cannot be read");
			return -1;
		}
	} else {
		tok = l->old_ts;
		if (gi__signature_imprint(l->sig, md) < 0) {
			snprintf(why, n, "the signature value cannot be read");
			return -1;
		}
	}
	if (check_stamp(k, ev, tok, md, *proven, &gen, "signature time-stamp", why, n) < 0)
		return -1;
	*proven = gen;
	char buf[32];
	iso_text(buf, gen);
	k->pub.timestamp = gi__arena_strdup(&k->arena, buf);
	/* the record cannot have been signed after it was time-stamped */
	time_t claimed = parse_iso(k->pub.issued);
	if (claimed == (time_t)-1 || claimed > gen + 300) {
		snprintf(why, n, "the record says it was signed at %s, after its time-stamp (%s)",
		         k->pub.issued ? k->pub.issued : "?", buf);
		return -1;
	}
	return 0;
}

/* Adds an ArchiveTimeStamp over the signature and everything after it. */
static int add_archive_stamp(const layout *l, const unsigned char *refs, size_t refs_len, restamp *rs)
{
	unsigned char md[32], *tok = NULL;
	int tlen = 0;
	if (gi__archive_imprint(md, refs, refs_len, l->sig, l->usp, NULL) < 0)
		return gi__oom();
	int rc = gi__tsa_stamp(rs->cb, rs->payload, md, &tok, &tlen);
	if (rc < 0)
		return rc;
	xmlChar *b64 = xmlSecBase64Encode(tok, (xmlSecSize)tlen, 64);
	OPENSSL_free(tok);
	xmlNodePtr ats = b64 ? xmlNewChild(l->usp, NULL, BAD_CAST "ArchiveTimeStamp", NULL) : NULL;
	xmlNsPtr ns = ats ? xmlNewNs(ats, BAD_CAST GI__XADES141_NS, BAD_CAST "xadesv141") : NULL;
	xmlNodePtr cm = ns ? xmlNewChild(ats, l->sig->ns, BAD_CAST "CanonicalizationMethod", NULL) : NULL;
	if (cm) {
		xmlSetNs(ats, ns);
		xmlNewProp(cm, BAD_CAST "Algorithm", BAD_CAST ALG_EXC_C14N);
		cm = xmlNewTextChild(ats, l->usp->ns, BAD_CAST "EncapsulatedTimeStamp", b64);
	}
	xmlFree(b64);
	if (!cm)
		return gi__oom();
	rs->done = 1;
	return GI_OK;
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

/* What the record says of itself (id, issue time, sample, verdict, issuer
 * label), kept for the result whatever the verification finds. */
static void keep_claims(check *k, xmlNodePtr root)
{
	k->pub.record_id = keep_prop(k, root, "id");
	k->pub.issued = keep_prop(k, root, "issued");
	k->pub.sample_id = keep_prop(k, first_child(root, NS, "sample"), "id");
	k->pub.verdict = keep_prop(k, first_child(root, NS, "verdict"), "value");
	xmlChar *named = xmlNodeGetContent(first_child(root, NS, "issuer"));
	k->pub.claimed_issuer = named ? gi__arena_strdup(&k->arena, (char *)named) : NULL;
	xmlFree(named);
}

/* X509_cmp_time compares with a time it first writes as an ASN1_TIME,
 * which costs more than the rest of the claimed-time check; for times
 * between 1950 and 9999 (which it can write) the comparison of seconds
 * gives its answer, once the certificate's time has the strict form it
 * accepts (X509_cmp_time itself is asked, once) and is in that range. */
#define TIME_LOW ((time_t)-631152000)       /* 1950-01-01T00:00:00Z */
#define TIME_HIGH ((time_t)253402300799)    /* 9999-12-31T23:59:59Z */

int gi__time_seconds(const ASN1_TIME *t, time_t *out)
{
	struct tm tm;
	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return -1;
	time_t s = timegm(&tm);
	if (s < TIME_LOW || s > TIME_HIGH || X509_cmp_time(t, &s) != -1)
		return -1;
	*out = s;
	return 0;
}

int gi__time_cmp(const ASN1_TIME *t, int have, time_t seconds, time_t when)
{
	if (have && when >= TIME_LOW && when <= TIME_HIGH)
		return seconds <= when ? -1 : 1;
	return X509_cmp_time(t, &when);
}

/* the leaf's validity times, as the certificate cache has them */
static int leaf_times(gi_trust *t, X509 *leaf, time_t *nb, time_t *na)
{
	int have = 0;
	pthread_mutex_lock(&t->lock);
	for (unsigned i = 0; i < CACHE && !have; i++)
		if (t->certs[i].x == leaf && t->certs[i].have_times) {
			*nb = t->certs[i].not_before;
			*na = t->certs[i].not_after;
			have = 1;
		}
	pthread_mutex_unlock(&t->lock);
	return have;
}

/* The verification context kept with a cached certificate, taken out
 * of its slot while one thread uses it (NULL: none yet, or in use). */
static EVP_PKEY_CTX *verify_ctx_take(gi_trust *t, X509 *leaf)
{
	EVP_PKEY_CTX *ctx = NULL;
	pthread_mutex_lock(&t->lock);
	for (unsigned i = 0; i < CACHE && !ctx; i++)
		if (t->certs[i].x == leaf) {
			ctx = t->certs[i].verify;
			t->certs[i].verify = NULL;
		}
	pthread_mutex_unlock(&t->lock);
	return ctx;
}

/* ...and given back, if the certificate is still cached and has none */
static void verify_ctx_give(gi_trust *t, X509 *leaf, EVP_PKEY_CTX *ctx)
{
	pthread_mutex_lock(&t->lock);
	for (unsigned i = 0; i < CACHE && ctx; i++)
		if (t->certs[i].x == leaf && !t->certs[i].verify) {
			t->certs[i].verify = ctx;
			ctx = NULL;
		}
	pthread_mutex_unlock(&t->lock);
	EVP_PKEY_CTX_free(ctx);
}

/* gi__key_profile (usage 0) or gi__cert_usage (usage 1) of the leaf:
 * as the certificate cache has it, else computed. */
static int leaf_policy(gi_trust *t, X509 *leaf, int usage, char *why, size_t n)
{
	int rc = 1;
	pthread_mutex_lock(&t->lock);
	for (unsigned i = 0; i < CACHE && rc == 1; i++) {
		cert_slot *c = &t->certs[i];
		if (c->x == leaf) {
			rc = usage ? c->usage_rc : c->profile_rc;
			snprintf(why, n, "%s", usage ? c->usage_why : c->profile_why);
		}
	}
	pthread_mutex_unlock(&t->lock);
	if (rc != 1)
		return rc;
	rc = usage ? gi__cert_usage(leaf, why, n) : gi__key_profile(X509_get0_pubkey(leaf), why, n);
	ERR_clear_error();
	return rc;
}

/* The steps of verify_doc below return 0 to go on, or 1 when the
 * verification is decided, with its status code in *rc. */

/* The signature value and the reference digests, with the leaf's key;
 * with want_refs, the references' canonical data in *refs. */
static int check_signature_value(check *k, gi_record_check **out, gi_trust *trust, const layout *l, X509 *leaf,
                                 int want_refs, unsigned char **refs, size_t *refs_len, int *rc)
{
	gi_record_status st = GI_RECORD_BAD_SIGNATURE;
	EVP_PKEY *pub = X509_get0_pubkey(leaf);
	EVP_PKEY_CTX *ctx = verify_ctx_take(trust, leaf);
	int failed = pub && gi__dsig_check(l->sig, l->sp, pub, &ctx, &st, want_refs ? refs : NULL, refs_len) < 0;
	verify_ctx_give(trust, leaf, ctx);
	if (!pub) {
		st = GI_RECORD_NO_CERTIFICATE;
	} else if (failed) {
		*rc = gi__oom();
		return 1;
	}
	if (differential && st != GI_RECORD_NO_CERTIFICATE)
		compare_with_xmlsec(l, leaf, st, want_refs ? *refs : NULL, *refs_len);
	if (st == GI_RECORD_NO_CERTIFICATE)
		*rc = finish(k, out, st, "the signer certificate's public key cannot be used");
	else if (st == GI_RECORD_BAD_DIGEST)
		*rc = finish(k, out, st, "the signed content has changed since it was signed (digest mismatch)");
	else if (st == GI_RECORD_BAD_SIGNATURE)
		*rc = finish(k, out, st, "the signature value does not verify with the key of %s", k->pub.signer);
	else
		return 0;
	return 1;
}

/* The signer's chain at now: through the evidence the record carries
 * (time-stamped, or with embedded CRLs), or against the trust store. */
static int check_chain_at(check *k, gi_record_check **out, const gi_trust *trust, evidence *ev, X509 *leaf,
                          const unsigned char chain_key[32], int by_evidence, time_t now, const char *when, int *rc)
{
	char why_buf[800];
	if (by_evidence) {
		gi_record_status st = gi__past_chain(trust->store, leaf, ev->pool, ev->crls, now, now, 0, trust->has_crl,
		                                     why_buf, sizeof why_buf);
		if (st == GI_RECORD_VALID)
			return 0;
		*rc = finish(k, out, st, "certificate of %s: %s", k->pub.signer, why_buf);
		return 1;
	}
	int ok, err;
	char where[300];
	if (chain_check((gi_trust *)trust, chain_key, leaf, ev->pool, now, 1, &ok, &err, where) < 0) {
		*rc = gi__oom();
		return 1;
	}
	if (ok)
		return 0;
	gi_record_status st = chain_status(err);
	char *bar = strchr(where, '|');
	const char *about = where[0] ? where : k->pub.signer, *issuer = bar ? bar + 1 : "?";
	if (bar)
		*bar = '\0';
	if (st == GI_RECORD_NO_CRL)
		*rc = finish(k, out, st, "no CRL for issuer %s (of the certificate of %s in the chain of %s); "
		             "give the CRL of every CA of the chain", issuer, about, k->pub.signer);
	else if (strcmp(about, k->pub.signer ? k->pub.signer : "") != 0)
		*rc = finish(k, out, st, "certificate of %s (in the chain of %s): %s (checked at %s)", about,
		             k->pub.signer, X509_verify_cert_error_string(err), when);
	else
		*rc = finish(k, out, st, "certificate of %s: %s (checked at %s)", k->pub.signer,
		             X509_verify_cert_error_string(err), when);
	return 1;
}

/* The time the record claims lies within the certificate's validity, and
 * the certificate may sign records. */
static int check_claimed_time_and_usage(check *k, gi_record_check **out, gi_trust *trust, X509 *leaf, int *rc)
{
	time_t claimed = parse_iso(k->pub.issued), nb = 0, na = 0;
	int have = leaf_times(trust, leaf, &nb, &na);
	if (claimed == (time_t)-1 || gi__time_cmp(X509_get0_notBefore(leaf), have, nb, claimed) > 0) {
		*rc = finish(k, out, GI_RECORD_NOT_YET_VALID, "the record says it was signed at %s, before the certificate of %s was valid",
		             k->pub.issued ? k->pub.issued : "?", k->pub.signer);
		return 1;
	}
	if (gi__time_cmp(X509_get0_notAfter(leaf), have, na, claimed) < 0) {
		*rc = finish(k, out, GI_RECORD_EXPIRED, "the record says it was signed at %s, after the certificate of %s expired",
		             k->pub.issued, k->pub.signer);
		return 1;
	}
	char pol[300];
	if (leaf_policy(trust, leaf, 1, pol, sizeof pol) < 0) {
		*rc = finish(k, out, GI_RECORD_KEY_USAGE, "the certificate of %s may not sign records: %s", k->pub.signer, pol);
		return 1;
	}
	return 0;
}

/* A valid record: the reason says how it was checked; with rs, the record
 * gets an archive time-stamp. */
static int valid(check *k, gi_record_check **out, const gi_trust *trust, const layout *l, int stamped,
                 const char *when, const unsigned char *refs, size_t refs_len, restamp *rs)
{
	int rc = finish(k, out, GI_RECORD_VALID, "signature valid; signed by %s at %s; certificate chain verified at %s%s%s%s",
	                k->pub.signer, k->pub.issued, when, stamped ? " (time-stamped by " : "", stamped ? k->pub.tsa : "",
	                stamped ? ")" : "");
	if (trust->has_crl && rc == 0)
		k->pub.reason = gi__arena_printf(&k->arena, "%s, against the CRL", k->pub.reason);
	if (rc == 0 && l->n_archive)
		k->pub.reason = gi__arena_printf(&k->arena, "%s; %d archive time-stamp%s", k->pub.reason, l->n_archive,
		                                 l->n_archive > 1 ? "s" : "");
	if (rc == 0 && rs) {
		if (!l->sig_ts)
			rc = gi__error(GI_EINVALID, NULL, 0, "the record has no XAdES SignatureTimeStamp to preserve (sign it "
			               "with a time-stamping authority first)");
		else
			rc = add_archive_stamp(l, refs, refs_len, rs);
	}
	/* the issuer element is a label the signer chose (gi_record_info.issuer):
	 * the signer is the certificate's subject, and a different label is
	 * reported as a claim */
	if (rc == 0 && k->pub.claimed_issuer && k->pub.signer && strcmp(k->pub.claimed_issuer, k->pub.signer) != 0)
		k->pub.reason = gi__arena_printf(&k->arena, "%s; the record claims to be issued by %s, which is not the "
		                                 "signing certificate's subject", k->pub.reason, k->pub.claimed_issuer);
	return rc;
}

/* Verifies a parsed record (or council document): layout, certificates,
 * signature value, key profile, signed properties, time-stamps, chain,
 * claimed time and key usage, in that order; the first that fails
 * decides. */
static int verify_doc(check *k, gi_record_check **out, xmlDocPtr doc, const gi_trust *trust, restamp *rs)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	keep_claims(k, root);
	layout l;
	memset(&l, 0, sizeof l);
	const char *why = layout_problem(root, &l);
	if (why)
		return finish(k, out, GI_RECORD_BAD_LAYOUT, "%s", why);
	X509 *leaf = NULL;
	evidence ev = { (gi_trust *)trust, sk_X509_new_null(), NULL, 0 };
	unsigned char *refs = NULL;
	size_t refs_len = 0;
	if (!ev.pool)
		return gi__oom();
	unsigned char chain_key[32], leaf_sha[32];
	char cert_why[200], why_buf[800];
	int rc = 0;
	why = certificates((gi_trust *)trust, l.sig, &leaf, leaf_sha, ev.pool, chain_key, cert_why, sizeof cert_why);
	if (why) {
		rc = finish(k, out, GI_RECORD_NO_CERTIFICATE, "%s", why);
		goto done;
	}
	describe_cert(k, (gi_trust *)trust, leaf);
	if (check_signature_value(k, out, (gi_trust *)trust, &l, leaf, l.n_archive > 0 || (rs && l.usp), &refs, &refs_len, &rc))
		goto done;
	/* the signer's key, by the profile signing uses (cert_policy.c) */
	char weak[300];
	if (leaf_policy((gi_trust *)trust, leaf, 0, weak, sizeof weak) < 0) {
		rc = finish(k, out, GI_RECORD_WEAK_ALGORITHM, "the certificate of %s: %s", k->pub.signer, weak);
		goto done;
	}
	gi_record_status st = GI_RECORD_VALID;   /* as the signature value left it */
	if (l.sp && signed_properties_problem(k, &l, leaf_sha, &st, why_buf, sizeof why_buf) < 0) {
		rc = finish(k, out, st, "%s", why_buf);
		goto done;
	}
	/* the time the certificates are checked at: the verification time, or
	 * the time the time-stamps prove (see specs/record-format.md) */
	time_t now = trust->at ? (time_t)trust->at : time(NULL);
	int stamped = l.old_ts || l.sig_ts;
	ev.crls = gi__store_crls(trust->store);
	if (!ev.crls) {
		rc = gi__oom();
		goto done;
	}
	embedded_evidence(&ev, &l);
	if (stamped && check_stamps(k, &ev, &l, refs, refs_len, &now, why_buf, sizeof why_buf) < 0) {
		rc = finish(k, out, GI_RECORD_BAD_TIMESTAMP, "%s", why_buf);
		goto done;
	}
	char when[32];
	iso_text(when, now);
	k->pub.verified_at = gi__arena_strdup(&k->arena, when);
	if (check_chain_at(k, out, trust, &ev, leaf, chain_key, stamped || ev.embedded_crls, now, when, &rc) ||
	    check_claimed_time_and_usage(k, out, (gi_trust *)trust, leaf, &rc))
		goto done;
	rc = valid(k, out, trust, &l, stamped, when, refs, refs_len, rs);
done:
	free(refs);
	X509_free(leaf);
	sk_X509_pop_free(ev.pool, X509_free);
	sk_X509_CRL_pop_free(ev.crls, X509_CRL_free);
	return rc;
}

static void on_schema_error(void *ctx, xmlErrorPtr err)
{
	gi__problem_xml(ctx, GI_EINVALID, err);
}

/* Parses and validates a record; NULL with the problem in pr. With r,
 * the parser and validation contexts are r's (made there when it has
 * none); without, fresh ones. */
static xmlDocPtr read_record(gi__problems *pr, const void *xml, size_t len, const char *name, reader *r)
{
	/* a kept validation context holds the compiled schema already */
	xmlSchemaPtr schema = r && r->valid ? NULL : gi__schema(GI__SCHEMA_RECORD);
	if (!schema && !(r && r->valid)) {
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
	reader fresh = { NULL, NULL };
	if (!r)
		r = &fresh;
	if (!r->parse)
		r->parse = gi__xml_ctxt_new();
	if (!r->valid)
		r->valid = xmlSchemaNewValidCtxt(schema);
	xmlDocPtr doc = r->parse && r->valid ? gi__xml_parse_with(r->parse, pr, xml, len, name) : NULL;
	if (doc) {
		xmlSchemaSetValidStructuredErrors(r->valid, on_schema_error, pr);
		int bad = xmlSchemaValidateDoc(r->valid, doc);
		xmlSchemaSetValidStructuredErrors(r->valid, NULL, NULL);
		if (bad) {
			if (!pr->count)
				gi__problem(pr, GI_EINVALID, 0, "not a verification record (gi-record.xsd)");
			xmlFreeDoc(doc);
			doc = NULL;
		}
	}
	reader_free(&fresh);
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
	/* the reader goes back once the document (whose names are in its
	 * dictionary) is freed */
	reader r = reader_take((gi_trust *)trust);
	xmlDocPtr doc = read_record(&pr, xml, len, name, &r);
	int clean = doc != NULL && pr.count == 0;
	if (!doc) {
		rc = finish(k, out, GI_RECORD_MALFORMED, "%s%s%ld: %s", name, pr.first_line ? ":" : "",
		            pr.first_line, pr.first);
		if (!pr.first_line)
			k->pub.reason = gi__arena_printf(&k->arena, "%s: %s", name, pr.first);
	} else {
		rc = verify_doc(k, out, doc, trust, NULL);
		xmlFreeDoc(doc);
	}
	reader_give((gi_trust *)trust, &r, clean);
	gi__xml_quiet_end(&q);
	if (!*out) {
		gi_record_check_free(&k->pub);
		return rc;
	}
	if (rc < 0)
		gi__error(rc, name, pr.first_line, "%s: %s", gi_record_status_name(k->pub.status), k->pub.reason);
	return rc;
}

int gi_record_restamp(char **out, size_t *out_len, const void *xml, size_t len, const char *name,
                      const gi_trust *trust, gi_tsa_cb tsa, void *tsa_payload)
{
	if (!out || !out_len || (!xml && len) || !trust || !tsa)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_record_restamp: NULL argument");
	*out = NULL;
	*out_len = 0;
	int rc = gi__xmlsec_ready();
	if (rc < 0)
		return rc;
	if (!name)
		name = "(memory)";
	check *k = calloc(1, sizeof *k);
	if (!k)
		return gi__oom();
	gi__xml_quiet q;
	gi__xml_quiet_begin(&q);
	gi__problems pr = { name, NULL, NULL, 0, 0, 0, "" };
	reader r = reader_take((gi_trust *)trust);
	xmlDocPtr doc = read_record(&pr, xml, len, name, &r);
	int clean = doc != NULL && pr.count == 0;
	gi_record_check *c = NULL;
	restamp rs = { tsa, tsa_payload, 0 };
	if (!doc) {
		rc = gi__error(GI_EINVALID, name, pr.first_line, "%s", pr.first);
	} else {
		rc = verify_doc(k, &c, doc, trust, &rs);
		if (c && c->status != GI_RECORD_VALID)
			rc = gi__error(GI_EINVALID, name, 0, "only a record that verifies can be re-stamped; this one is %s: %s",
			               gi_record_status_name(c->status), c->reason);
		else if (rc < 0) {
			char msg[600];
			snprintf(msg, sizeof msg, "%s", gi_error_last()->message);
			rc = gi__error(rc, name, 0, "%s", msg);
		}
	}
	gi__xml_quiet_end(&q);
	if (rc == 0 && rs.done) {
		xmlChar *mem = NULL;
		int n = 0;
		xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
		char *copy = mem ? malloc((size_t)n + 1) : NULL;
		if (copy) {
			memcpy(copy, mem, (size_t)n);
			copy[n] = '\0';
			*out = copy;
			*out_len = (size_t)n;
		} else {
			rc = gi__oom();
		}
		xmlFree(mem);
	}
	xmlFreeDoc(doc);
	reader_give((gi_trust *)trust, &r, clean);
	gi_record_check_free(&k->pub);
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
	xmlDocPtr doc = read_record(&pr, xml, len, name, NULL);
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

int gi__document_verify(gi_record_check **out, xmlDocPtr doc, const gi_trust *trust)
{
	if (!out || !doc || !trust)
		return gi__error(GI_EUSAGE, NULL, 0, "gi__document_verify: NULL argument");
	*out = NULL;
	int rc = gi__xmlsec_ready();
	if (rc < 0)
		return rc;
	check *k = calloc(1, sizeof *k);
	if (!k)
		return gi__oom();
	k->document = 1;
	gi__xml_quiet q;
	gi__xml_quiet_begin(&q);
	rc = verify_doc(k, out, doc, trust, NULL);
	gi__xml_quiet_end(&q);
	if (!*out)
		gi_record_check_free(&k->pub);
	return rc;
}
