/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * c14n_check.c - libgi writes records directly in canonical form and
 * hashes those bytes (libgi/c14n_write.c). Here, for every record signed
 * in the process, libxml2 canonicalises the record that came out and the
 * result must equal, byte for byte, what was hashed:
 *  - the document without its ds:Signature, Canonical XML 1.0 without
 *    comments (XML-DSig 1.1 §4.4.3.2: the enveloped Reference's node set
 *    converted to octets), and Exclusive C14N 1.0 of it, which must agree;
 *  - xades:SignedProperties and ds:SignedInfo, each alone, Exclusive C14N
 *    1.0 (the second Reference's transform and CanonicalizationMethod).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "record_internal.h"
#include "c14n_check.h"

#define DSIG "http://www.w3.org/2000/09/xmldsig#"
#define XADES "http://uri.etsi.org/01903/v1.3.2#"

/* per thread: records may be signed on several threads at once
 * (gi_record_finish), each hashing its parts on the thread that signs it */
static __thread char *hashed[3];
static __thread size_t hashed_len[3];
static long checked;

long c14n_checked(void)
{
	return __atomic_load_n(&checked, __ATOMIC_SEQ_CST);
}

static void fail(const char *what, const char *want, size_t want_len, const xmlChar *got, int got_len)
{
	fprintf(stderr, "c14n_check: %s differs from libxml2's canonical form\n--- hashed (%zu bytes)\n%.*s\n"
	        "--- libxml2 (%d bytes)\n%.*s\n", what, want_len, (int)want_len, want, got_len, got_len,
	        (const char *)got);
	abort();
}

static xmlNodePtr find(xmlNodePtr n, const char *ns, const char *name)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (n->ns && xmlStrEqual(n->ns->href, BAD_CAST ns) && xmlStrEqual(n->name, BAD_CAST name))
			return n;
		xmlNodePtr in = find(n->children, ns, name);
		if (in)
			return in;
	}
	return NULL;
}

static int inside(xmlNodePtr n, xmlNodePtr top)
{
	for (; n; n = n->parent)
		if (n == top)
			return 1;
	return 0;
}

/* the node set of one element's subtree, as a same-document reference
 * "#id" selects it (XML-DSig 1.1 §4.4.3.3) */
static int subtree(void *top, xmlNodePtr node, xmlNodePtr parent)
{
	if (node && (node->type == XML_NAMESPACE_DECL || node->type == XML_ATTRIBUTE_NODE))
		return inside(parent ? parent : node->parent, top);
	return inside(node ? node : parent, top);
}

static void compare(const char *what, int part, xmlDocPtr doc, xmlNodePtr top, int mode)
{
	xmlChar *got = NULL;
	xmlOutputBufferPtr out = xmlAllocOutputBuffer(NULL);
	if (!out)
		abort();
	int n = top ? xmlC14NExecute(doc, subtree, top, mode, NULL, 0, out) : xmlC14NDocSaveTo(doc, NULL, mode, NULL, 0, out);
	if (n < 0)
		abort();
	int len = (int)xmlOutputBufferGetSize(out);
	got = (xmlChar *)xmlOutputBufferGetContent(out);
	if ((size_t)len != hashed_len[part] || memcmp(got, hashed[part], (size_t)len) != 0)
		fail(what, hashed[part], hashed_len[part], got, len);
	xmlOutputBufferClose(out);
}

static char *plain_strdup(const char *s)
{
	return strdup(s);
}

static void check_record(const char *xml, size_t len);

/* with libxml2's own allocator: a test may be failing its allocations on
 * purpose (tests/check_errors.c), and the check must not meet those */
static void check(const char *xml, size_t len)
{
	xmlFreeFunc f0;
	xmlMallocFunc m0;
	xmlReallocFunc r0;
	xmlStrdupFunc s0;
	if (xmlMemGet(&f0, &m0, &r0, &s0) != 0)
		abort();
	if (f0 == free && m0 == malloc && r0 == realloc) {
		/* libxml2's own already: left alone, as threads may be signing */
		check_record(xml, len);
		return;
	}
	if (xmlMemSetup(free, malloc, realloc, plain_strdup) != 0)
		abort();
	check_record(xml, len);
	xmlMemSetup(f0, m0, r0, s0);
}

static void check_record(const char *xml, size_t len)
{
	for (int i = 0; i < 3; i++)
		if (!hashed[i]) {
			fprintf(stderr, "c14n_check: a record was signed without part %d being hashed\n", i);
			abort();
		}
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "record.xml", NULL, XML_PARSE_NONET);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	xmlNodePtr sig = root ? find(root->children, DSIG, "Signature") : NULL;
	xmlNodePtr si = sig ? find(sig->children, DSIG, "SignedInfo") : NULL;
	xmlNodePtr sp = sig ? find(sig->children, XADES, "SignedProperties") : NULL;
	if (!si || !sp || sig->parent != root) {
		fprintf(stderr, "c14n_check: the signed record has no Signature/SignedInfo/SignedProperties\n");
		abort();
	}
	compare("ds:SignedInfo (exclusive C14N)", 2, doc, si, XML_C14N_EXCLUSIVE_1_0);
	compare("xades:SignedProperties (exclusive C14N)", 1, doc, sp, XML_C14N_EXCLUSIVE_1_0);
	/* the enveloped-signature transform: the record without ds:Signature */
	xmlNodePtr next = sig->next;
	xmlUnlinkNode(sig);
	compare("the record without its signature (C14N 1.0)", 0, doc, NULL, XML_C14N_1_0);
	compare("the record without its signature (exclusive C14N)", 0, doc, NULL, XML_C14N_EXCLUSIVE_1_0);
	if (next)
		xmlAddPrevSibling(next, sig);
	else
		xmlAddChild(root, sig);
	xmlFreeDoc(doc);
	__atomic_add_fetch(&checked, 1, __ATOMIC_SEQ_CST);
}

static void observe(int part, const char *bytes, size_t len, void *payload)
{
	(void)payload;
	if (part == 3) {
		/* a record is XML text: no NUL byte (XML 1.0 2.2, Char) */
		if (memchr(bytes, '\0', len)) {
			fprintf(stderr, "c14n_check: the signed record holds a NUL byte\n");
			abort();
		}
		check(bytes, len);
		for (int i = 0; i < 3; i++) {
			free(hashed[i]);
			hashed[i] = NULL;
		}
		return;
	}
	free(hashed[part]);
	hashed[part] = malloc(len + 1);
	if (!hashed[part])
		abort();
	memcpy(hashed[part], bytes, len);
	hashed_len[part] = len;
}

void c14n_check_install(void)
{
	gi__sign_observe(observe, NULL);
}
