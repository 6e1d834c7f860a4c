/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xades.c - the XAdES (ETSI EN 319 132-1) parts of a record's signature
 * that signing, verifying and re-stamping share: exclusive C14N of a
 * subtree into a digest, and the input of an ArchiveTimeStamp.
 */
#include "config.h"
#include <string.h>
#include <openssl/evp.h>
#include <libxml/c14n.h>
#include <libxml/tree.h>
#include "internal.h"
#include "xades.h"

typedef struct {
	xmlNodePtr top;
} subtree;

static int under(xmlNodePtr n, xmlNodePtr top)
{
	for (; n; n = n->parent)
		if (n == top)
			return 1;
	return 0;
}

/* The node set of one element: the element, its descendants, their
 * attributes and namespace nodes (exclusive C14N then renders only the
 * namespaces the subtree uses). */
static int visible(void *payload, xmlNodePtr node, xmlNodePtr parent)
{
	subtree *s = payload;
	if (node && node->type == XML_NAMESPACE_DECL)
		return under(parent, s->top);
	if (node && node->type == XML_ATTRIBUTE_NODE)
		return under(node->parent, s->top);
	return under(node ? node : parent, s->top);
}

static int digest_write(void *ctx, const char *buf, int len)
{
	return EVP_DigestUpdate(ctx, buf, (size_t)len) == 1 ? len : -1;
}

int gi__c14n_digest(EVP_MD_CTX *md, xmlNodePtr node)
{
	if (!node || !node->doc)
		return -1;
	xmlOutputBufferPtr out = xmlOutputBufferCreateIO(digest_write, NULL, md, NULL);
	if (!out)
		return -1;
	subtree s = { node };
	int n = xmlC14NExecute(node->doc, visible, &s, XML_C14N_EXCLUSIVE_1_0, NULL, 0, out);
	int rc = xmlOutputBufferClose(out);
	return n < 0 || rc < 0 ? -1 : 0;
}

int gi__c14n_sha256(unsigned char md[32], xmlNodePtr node)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 && gi__c14n_digest(c, node) == 0 &&
	         EVP_DigestFinal_ex(c, md, NULL) == 1;
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

static xmlNodePtr child(xmlNodePtr p, const char *ns, const char *name)
{
	for (xmlNodePtr n = p ? p->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST ns) &&
		    xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

/* EN 319 132-1 §5.5.2 (ArchiveTimeStamp, XAdES 1.4.1 processing): the
 * referenced data as each Reference's transforms produced it, in order;
 * then ds:SignedInfo, ds:SignatureValue and ds:KeyInfo; then each unsigned
 * signature property before this archive time-stamp, in document order;
 * each element canonicalised with exclusive C14N. (The signature has no
 * other ds:Object to add.) */
int gi__archive_imprint(unsigned char md[32], const unsigned char *refs, size_t refs_len, xmlNodePtr sig,
                        xmlNodePtr usp, xmlNodePtr stop)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 && EVP_DigestUpdate(c, refs, refs_len) == 1;
	static const char *const parts[] = { "SignedInfo", "SignatureValue", "KeyInfo" };
	for (size_t i = 0; ok && i < 3; i++) {
		xmlNodePtr n = child(sig, GI__DSIG_NS, parts[i]);
		if (n)
			ok = gi__c14n_digest(c, n) == 0;
		else
			ok = i == 2;
	}
	for (xmlNodePtr n = usp ? usp->children : NULL; ok && n && n != stop; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			ok = gi__c14n_digest(c, n) == 0;
	ok = ok && EVP_DigestFinal_ex(c, md, NULL) == 1;
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}
