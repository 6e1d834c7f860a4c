/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * record_dsig.c - checking a record's XML-DSig signature value and
 * reference digests (XML-DSig 1.1 core validation, §3.2) with libxml2's
 * canonicalisation and OpenSSL, for the one signature layout record
 * verification accepts (record_verify.c, layout_problem): one Reference
 * URI="" with the enveloped-signature transform and, with XAdES, one
 * Reference to the signature's own SignedProperties with exclusive C14N;
 * SHA-256; RSA-SHA256 or ECDSA-SHA256 over SignedInfo in exclusive C14N.
 *
 * Everything the layout check has not pinned is checked here as strictly
 * as xmlsec checks it: the order and number of the children of Signature,
 * SignedInfo and Reference, and the transforms' own content. The test
 * suite runs xmlsec beside this code on every record it verifies (the
 * attacks included) and on the fuzz corpus, and fails on any disagreement
 * (gi__dsig_differential).
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <libxml/c14n.h>
#include <libxml/tree.h>
#include "internal.h"
#include "c14n_write.h"
#include "record_internal.h"
#include "xades.h"

#define ALG_EXC_C14N "http://www.w3.org/2001/10/xml-exc-c14n#"
#define ALG_RSA_SHA256 "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
#define ALG_ECDSA_SHA256 "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
#define ALG_SHA256 "http://www.w3.org/2001/04/xmlenc#sha256"
#define ALG_ENVELOPED "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

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

/* the next element sibling (from n itself), or NULL */
static xmlNodePtr element(xmlNodePtr n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static int algorithm_is(xmlNodePtr n, const char *alg)
{
	xmlChar *a = n ? xmlGetProp(n, BAD_CAST "Algorithm") : NULL;
	int ok = a && xmlStrEqual(a, BAD_CAST alg);
	xmlFree(a);
	return ok;
}

/* ---- canonical bytes into a digest (and kept, when asked) ---- */

typedef struct {
	EVP_MD_CTX *md;
	unsigned char **keep;     /* the bytes, appended (NULL: not kept) */
	size_t *keep_len, keep_cap;
	int failed;
} sink;

static int sink_write(void *ctx, const char *buf, int len)
{
	sink *s = ctx;
	if (EVP_DigestUpdate(s->md, buf, (size_t)len) != 1) {
		s->failed = 1;
		return -1;
	}
	if (s->keep) {
		if (*s->keep_len + (size_t)len > s->keep_cap) {
			size_t cap = s->keep_cap ? s->keep_cap : 4096;
			while (cap < *s->keep_len + (size_t)len)
				cap *= 2;
			unsigned char *p = realloc(*s->keep, cap);
			if (!p) {
				s->failed = 1;
				return -1;
			}
			*s->keep = p;
			s->keep_cap = cap;
		}
		memcpy(*s->keep + *s->keep_len, buf, (size_t)len);
		*s->keep_len += (size_t)len;
	}
	return len;
}

static int inside(xmlNodePtr n, xmlNodePtr top)
{
	for (; n; n = n->parent)
		if (n == top)
			return 1;
	return 0;
}

/* The node set of one element (a same-document reference "#id", or the
 * SignedInfo): the element, its descendants, their attributes and
 * namespace nodes. */
static int subtree(void *top, xmlNodePtr node, xmlNodePtr parent)
{
	if (node && (node->type == XML_NAMESPACE_DECL || node->type == XML_ATTRIBUTE_NODE))
		return inside(parent ? parent : node->parent, top);
	return inside(node ? node : parent, top);
}

/* SHA-256 of the canonical form of top's subtree (top NULL: the whole
 * document), in mode, with the given InclusiveNamespaces prefixes;
 * 0 or -1. */
static int c14n_sha256(unsigned char md[32], xmlDocPtr doc, xmlNodePtr top, int mode, xmlChar **prefixes,
                       unsigned char **keep, size_t *keep_len)
{
	/* appending to kept bytes: the room known is their length */
	sink s = { EVP_MD_CTX_new(), keep, keep_len, keep && *keep ? *keep_len : 0, 0 };
	int ok = s.md && EVP_DigestInit_ex(s.md, gi__sha256_md(), NULL) == 1;
	xmlOutputBufferPtr out = ok ? xmlOutputBufferCreateIO(sink_write, NULL, &s, NULL) : NULL;
	if (out) {
		int n = top ? xmlC14NExecute(doc, subtree, top, mode, prefixes, 0, out)
		            : xmlC14NDocSaveTo(doc, NULL, mode, prefixes, 0, out);
		int closed = xmlOutputBufferClose(out);
		ok = n >= 0 && closed >= 0 && !s.failed;
	} else {
		ok = 0;
	}
	ok = ok && EVP_DigestFinal_ex(s.md, md, NULL) == 1;
	EVP_MD_CTX_free(s.md);
	return ok ? 0 : -1;
}

static int keep_bytes(unsigned char **keep, size_t *keep_len, const char *p, size_t n)
{
	unsigned char *grown = realloc(*keep, *keep_len + n + 1);
	if (!grown)
		return -1;
	memcpy(grown + *keep_len, p, n);
	*keep = grown;
	*keep_len += n;
	return 0;
}

/* The same digest, from libgi's own walk of the tree (c14n_tree.c) where
 * it handles the document, else from libxml2's canonicaliser, which
 * costs about five times as much on a record. With the test suite's
 * differential check on, libxml2's digest is computed too and must be the
 * same, or both must refuse the document. */
static int canonical_sha256(unsigned char md[32], xmlDocPtr doc, xmlNodePtr top, int mode, xmlChar **prefixes,
                            unsigned char **keep, size_t *keep_len)
{
	if ((prefixes && prefixes[0]) || (mode != XML_C14N_1_0 && mode != XML_C14N_EXCLUSIVE_1_0))
		return c14n_sha256(md, doc, top, mode, prefixes, keep, keep_len);
	gi__cw w;
	gi__cw_init(&w);
	int walked = gi__c14n_tree(&w, doc, top, mode == XML_C14N_EXCLUSIVE_1_0);
	if (walked == 1) {
		gi__cw_free(&w);
		return c14n_sha256(md, doc, top, mode, prefixes, keep, keep_len);
	}
	int rc = walked == 0 && EVP_Digest(w.p, w.len, md, NULL, gi__sha256_md(), NULL) == 1 ? 0 : -1;
	if (rc == 0 && keep && keep_bytes(keep, keep_len, w.p, w.len) < 0)
		rc = -1;
	gi__cw_free(&w);
	if (gi__dsig_differential_on() && walked != -1) {
		unsigned char theirs[32];
		int their_rc = c14n_sha256(theirs, doc, top, mode, NULL, NULL, NULL);
		if (their_rc != rc || (rc == 0 && memcmp(theirs, md, 32) != 0)) {
			fprintf(stderr, "libgi: differential check: libxml2 canonicalises the %s differently\n",
			        top ? (const char *)top->name : "document");
			abort();
		}
	}
	return rc;
}

/* ---- the parts of the signature ---- */

/* The InclusiveNamespaces PrefixList of an exclusive C14N method or
 * transform (Exclusive XML Canonicalization 1.0 §3), as libxml2 takes
 * it; *list stays NULL when there is none. 0, or -1 when the element
 * holds anything else. */
static int prefix_list(xmlNodePtr method, xmlChar ***list, xmlChar **text)
{
	*list = NULL;
	*text = NULL;
	xmlNodePtr c = element(method->children);
	if (!c)
		return 0;
	if (!is(c, ALG_EXC_C14N, "InclusiveNamespaces") || element(c->next))
		return -1;
	*text = xmlGetProp(c, BAD_CAST "PrefixList");
	if (!*text)
		return -1;
	size_t n = 1;
	for (xmlChar *p = *text; *p; p++)
		n += *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
	*list = calloc(n + 1, sizeof **list);
	if (!*list)
		return -1;
	size_t k = 0;
	for (xmlChar *p = *text; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			*p++ = '\0';
		if (*p)
			(*list)[k++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
	}
	return 0;
}

static void prefix_list_free(xmlChar **list, xmlChar *text)
{
	free(list);
	xmlFree(text);
}

/* base64 (RFC 2045: line breaks and spaces between characters are
 * ignored) into out, which has room for 3 bytes per 4 characters plus 3;
 * 0 or -1. */
static int base64_decode(unsigned char *out, size_t *len, const char *text, size_t n)
{
	EVP_ENCODE_CTX *c = EVP_ENCODE_CTX_new();
	int a = 0, b = 0;
	int ok = c && n <= 0x3fffffff;
	if (ok) {
		EVP_DecodeInit(c);
		ok = EVP_DecodeUpdate(c, out, &a, (const unsigned char *)text, (int)n) >= 0 &&
		     EVP_DecodeFinal(c, out + a, &b) == 1;
	}
	EVP_ENCODE_CTX_free(c);
	*len = ok ? (size_t)(a + b) : 0;
	return ok ? 0 : -1;
}

/* A base64 element's decoded content (malloc'd), or NULL. */
static unsigned char *base64_of(xmlNodePtr n, size_t *len)
{
	xmlChar *text = n ? xmlNodeGetContent(n) : NULL;
	if (!text)
		return NULL;
	size_t cap = (size_t)xmlStrlen(text);
	unsigned char *out = malloc(cap / 4 * 3 + 3);
	int ok = out && base64_decode(out, len, (const char *)text, cap) == 0;
	xmlFree(text);
	if (!ok) {
		free(out);
		return NULL;
	}
	return out;
}

/* One Reference: [Transforms] DigestMethod DigestValue and nothing else
 * (XML-DSig 1.1 §4.4.3); the digest of its data (the record without the
 * signature for the first, the SignedProperties for the second) against
 * DigestValue. 1 if it matches, 0 if not, -1 when the reference cannot
 * be processed. */
static int reference_ok(xmlNodePtr ref, int first, xmlNodePtr sig, xmlNodePtr sp, unsigned char **keep, size_t *keep_len)
{
	xmlNodePtr n = element(ref->children), tr = NULL;
	if (is(n, GI__DSIG_NS, "Transforms")) {
		tr = n;
		n = element(n->next);
	}
	xmlNodePtr dm = n, dv = dm ? element(dm->next) : NULL;
	if (!is(dm, GI__DSIG_NS, "DigestMethod") || !algorithm_is(dm, ALG_SHA256) || !is(dv, GI__DSIG_NS, "DigestValue") ||
	    element(dv->next) || element(dm->children))
		return -1;
	/* the transforms: the first reference exactly the enveloped one, the
	 * second none or exclusive C14N */
	xmlNodePtr t = tr ? element(tr->children) : NULL;
	if (tr && (!t || !is(t, GI__DSIG_NS, "Transform") || element(t->next)))
		return -1;
	xmlChar **prefixes = NULL, *text = NULL;
	int mode;
	if (first) {
		if (!t || !algorithm_is(t, ALG_ENVELOPED) || element(t->children))
			return -1;
		mode = XML_C14N_1_0;   /* the node set to octets (§4.4.3.2) */
	} else if (t) {
		if (!algorithm_is(t, ALG_EXC_C14N) || prefix_list(t, &prefixes, &text) < 0) {
			prefix_list_free(prefixes, text);
			return -1;
		}
		mode = XML_C14N_EXCLUSIVE_1_0;
	} else {
		mode = XML_C14N_1_0;
	}
	unsigned char md[32];
	int rc;
	if (first) {
		/* the enveloped-signature transform: the document without this
		 * signature's element (and without comments, for URI="") */
		xmlNodePtr parent = sig->parent, next = sig->next;
		xmlUnlinkNode(sig);
		rc = canonical_sha256(md, sig->doc ? sig->doc : parent->doc, NULL, mode, NULL, keep, keep_len);
		if (next)
			xmlAddPrevSibling(next, sig);
		else
			xmlAddChild(parent, sig);
	} else {
		rc = canonical_sha256(md, sp->doc, sp, mode, prefixes, keep, keep_len);
	}
	prefix_list_free(prefixes, text);
	if (rc < 0)
		return -1;
	size_t len = 0;
	unsigned char *want = base64_of(dv, &len);
	if (!want)
		return -1;
	int same = len == 32 && CRYPTO_memcmp(want, md, 32) == 0;
	free(want);
	return same;
}

/* One DER INTEGER (X.690 §8.3): the big-endian bytes without leading
 * zeros (one zero for the value 0), after a zero byte when the first
 * has its high bit set, as a two's complement number must. */
static size_t der_integer(unsigned char *out, const unsigned char *v, size_t n)
{
	while (n > 1 && v[0] == 0) {
		v++;
		n--;
	}
	size_t pad = v[0] & 0x80 ? 1 : 0;
	out[0] = 0x02;
	out[1] = (unsigned char)(n + pad);
	out[2] = 0;
	memcpy(out + 2 + pad, v, n);
	return 2 + pad + n;
}

size_t gi__ecdsa_der(unsigned char out[GI__ECDSA_DER_MAX], const unsigned char raw[64])
{
	/* ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279
	 * §2.2.3); at most 2 + 2 * 35 = 72 bytes, a short-form length */
	size_t n = der_integer(out + 2, raw, 32);
	n += der_integer(out + 2 + n, raw + 32, 32);
	out[0] = 0x30;
	out[1] = (unsigned char)n;
	return n + 2;
}

/* ctx: a verification context for pub made here if *ctx is NULL and
 * left there for the next signature by the same key (EVP_PKEY_verify
 * does not change it), as `openssl speed` reuses one. */
static int signature_ok(EVP_PKEY *pub, EVP_PKEY_CTX **ctx, const unsigned char *raw, size_t len,
                        const unsigned char md[32])
{
	unsigned char der[GI__ECDSA_DER_MAX];
	const unsigned char *sig = raw;
	size_t sig_len = len;
	int ok = 0;
	if (EVP_PKEY_get_base_id(pub) == EVP_PKEY_EC) {
		/* P-256 (the key profile allows no other curve): r and s, 32 bytes each */
		if (len != 64)
			goto out;
		sig_len = gi__ecdsa_der(der, raw);
		sig = der;
	}
	if (!*ctx) {
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pub, NULL);
		if (c && EVP_PKEY_verify_init(c) == 1 && EVP_PKEY_CTX_set_signature_md(c, gi__sha256_md()) == 1)
			*ctx = c;
		else
			EVP_PKEY_CTX_free(c);
	}
	ok = *ctx && EVP_PKEY_verify(*ctx, sig, sig_len, md, 32) == 1;
out:
	ERR_clear_error();
	return ok;
}

int gi__signature_ok(EVP_PKEY *pub, const unsigned char *raw, size_t len, const unsigned char md[32])
{
	EVP_PKEY_CTX *c = NULL;
	int ok = signature_ok(pub, &c, raw, len, md);
	EVP_PKEY_CTX_free(c);
	return ok;
}

/* The SignatureValue over md with pub: 1 valid, 0 not. */
static int value_ok(xmlNodePtr sv, EVP_PKEY *pub, EVP_PKEY_CTX **ctx, const unsigned char md[32])
{
	size_t len = 0;
	unsigned char *raw = base64_of(sv, &len);
	EVP_PKEY_CTX *own = NULL;
	int ok = raw && signature_ok(pub, ctx ? ctx : &own, raw, len, md);
	EVP_PKEY_CTX_free(own);
	free(raw);
	return ok;
}

int gi__dsig_check(xmlNodePtr sig, xmlNodePtr sp, EVP_PKEY *pub, EVP_PKEY_CTX **ctx, gi_record_status *status,
                   unsigned char **refs, size_t *refs_len)
{
	*status = GI_RECORD_BAD_SIGNATURE;
	if (refs) {
		*refs = NULL;
		*refs_len = 0;
	}
	/* Signature: SignedInfo, SignatureValue, [KeyInfo], Object* */
	xmlNodePtr si = element(sig->children), sv = si ? element(si->next) : NULL;
	if (!is(si, GI__DSIG_NS, "SignedInfo") || !is(sv, GI__DSIG_NS, "SignatureValue") || element(sv->children))
		return 0;
	xmlNodePtr n = element(sv->next);
	if (is(n, GI__DSIG_NS, "KeyInfo"))
		n = element(n->next);
	for (; n; n = element(n->next))
		if (!is(n, GI__DSIG_NS, "Object"))
			return 0;
	/* SignedInfo: CanonicalizationMethod, SignatureMethod, Reference+ */
	xmlNodePtr cm = element(si->children), sm = cm ? element(cm->next) : NULL;
	if (!is(cm, GI__DSIG_NS, "CanonicalizationMethod") || !algorithm_is(cm, ALG_EXC_C14N) ||
	    !is(sm, GI__DSIG_NS, "SignatureMethod") || element(sm->children))
		return 0;
	int ec = algorithm_is(sm, ALG_ECDSA_SHA256);
	if (!ec && !algorithm_is(sm, ALG_RSA_SHA256))
		return 0;
	/* the method's key type is the certificate's */
	if (EVP_PKEY_get_base_id(pub) != (ec ? EVP_PKEY_EC : EVP_PKEY_RSA))
		return 0;
	xmlNodePtr ref1 = element(sm->next), ref2 = ref1 ? element(ref1->next) : NULL;
	if (!is(ref1, GI__DSIG_NS, "Reference") || (sp ? !is(ref2, GI__DSIG_NS, "Reference") || element(ref2->next) : ref2 != NULL))
		return 0;
	/* the references; with refs, their data is kept in order (the start of
	 * an ArchiveTimeStamp's input) */
	int good = reference_ok(ref1, 1, sig, NULL, refs, refs_len);
	if (good == 1 && sp)
		good = reference_ok(ref2, 0, sig, sp, refs, refs_len);
	if (good < 0)   /* a reference that cannot be processed */
		return 0;
	if (good == 0) {
		*status = GI_RECORD_BAD_DIGEST;
		return 0;
	}
	/* SignedInfo, canonicalised as its CanonicalizationMethod says */
	xmlChar **prefixes = NULL, *text = NULL;
	unsigned char md[32];
	int rc = prefix_list(cm, &prefixes, &text) == 0 ? canonical_sha256(md, si->doc, si, XML_C14N_EXCLUSIVE_1_0,
	                                                                  prefixes, NULL, NULL)
	                                                 : -1;
	prefix_list_free(prefixes, text);
	if (rc == 0 && value_ok(sv, pub, ctx, md))
		*status = GI_RECORD_VALID;
	return 0;
}
