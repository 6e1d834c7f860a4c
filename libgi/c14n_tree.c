/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * c14n_tree.c - the canonical form of a parsed record, for checking its
 * signature: Canonical XML 1.0 of the whole document (the enveloped
 * reference, with the signature's element unlinked) and Exclusive XML
 * Canonicalization 1.0 of one element's subtree (SignedInfo,
 * SignedProperties), written into one buffer.
 *
 * libxml2's canonicaliser gives the same octets but costs about 100
 * instructions per byte, and for a subtree it visits every node of the
 * whole document; on a record that is a fifth of the time a verification
 * takes. This walker handles only what a verification record can contain
 * - elements, attributes, text, processing instructions inside the
 * document element, comments (dropped) - and answers 1 ("not handled")
 * for anything else (a DTD, an entity reference, a processing instruction
 * beside the document element, an InclusiveNamespaces list), which the
 * caller then gives to libxml2. Namespace URIs are checked as libxml2
 * checks them (a relative or unparsable URI is a failure, Canonical XML
 * 1.0 §2.1 / Exclusive C14N §3), on every element of the document, so the
 * two agree on failures too. The test suite computes both for every
 * signature it checks and stops at the first difference.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include "c14n_write.h"
#include "internal.h"
#include "xades.h"

enum { OK = 0, NOT_HANDLED = 1, FAILED = -1, REFUSED = -2 };

/* a namespace rendered by an output ancestor (exclusive mode) */
typedef struct {
	const xmlChar *prefix;   /* NULL: the default namespace */
	const xmlChar *href;     /* "" for xmlns="" */
} rendered;

typedef struct {
	gi__cw *w;
	int exclusive;
	rendered *ns;            /* exclusive: a stack, innermost last */
	size_t n_ns, cap_ns;
} walker;

static const xmlChar *str0(const xmlChar *s)
{
	return s ? s : BAD_CAST "";
}

static int same(const xmlChar *a, const xmlChar *b)
{
	return strcmp((const char *)str0(a), (const char *)str0(b)) == 0;
}

/* The namespaces a record declares, all absolute URIs (each has a
 * scheme, as xmlParseURI reads it: tests/c14n_check.c checks this list
 * against libxml2); an exact match needs no parsing. */
static const char *const known_absolute[] = {
	"urn:libgi:record:1",
	GI__DSIG_NS,
	GI__XADES_NS,
	GI__XADES141_NS,
	"http://www.w3.org/2001/10/xml-exc-c14n#",
};

const char *gi__c14n_known_namespace(size_t i)
{
	return i < GI_ARRAY_SIZE(known_absolute) ? known_absolute[i] : NULL;
}

static int is_known_absolute(const xmlChar *href)
{
	for (size_t i = 0; i < GI_ARRAY_SIZE(known_absolute); i++)
		if (strcmp((const char *)href, known_absolute[i]) == 0)
			return 1;
	return 0;
}

/* libxml2 refuses to canonicalise an element declaring a namespace whose
 * URI it cannot parse or that has no scheme (a relative URI); the same
 * test, over every element of the document. */
static int namespaces_absolute(xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlNsPtr ns = n->nsDef; ns; ns = ns->next) {
			if (!ns->href || !ns->href[0] || is_known_absolute(ns->href))
				continue;
			xmlURIPtr uri = xmlParseURI((const char *)ns->href);
			int absolute = uri && uri->scheme && uri->scheme[0];
			xmlFreeURI(uri);
			if (!absolute)
				return 0;
		}
		if (n->children && !namespaces_absolute(n->children))
			return 0;
	}
	return 1;
}

enum { TEXT, ATTRIBUTE, PI };

/* Canonical XML 1.0 §2.3 (and libxml2): & < > and CR in text; & < " TAB
 * LF CR in attribute values; only CR in a processing instruction */
static void escaped(gi__cw *w, const xmlChar *s, int where)
{
	const xmlChar *run = s;
	for (; *s; s++) {
		const char *e;
		switch (*s) {
		case '&': e = where != PI ? "&amp;" : NULL; break;
		case '<': e = where != PI ? "&lt;" : NULL; break;
		case '>': e = where == TEXT ? "&gt;" : NULL; break;
		case '"': e = where == ATTRIBUTE ? "&quot;" : NULL; break;
		case '\t': e = where == ATTRIBUTE ? "&#x9;" : NULL; break;
		case '\n': e = where == ATTRIBUTE ? "&#xA;" : NULL; break;
		case '\r': e = "&#xD;"; break;
		default: e = NULL; break;
		}
		if (e) {
			gi__cw_raw(w, (const char *)run, (size_t)(s - run));
			gi__cw_str(w, e);
			run = s + 1;
		}
	}
	gi__cw_raw(w, (const char *)run, (size_t)(s - run));
}

static void qname(gi__cw *w, const xmlNs *ns, const xmlChar *name)
{
	if (ns && ns->prefix) {
		gi__cw_str(w, (const char *)ns->prefix);
		gi__cw_raw(w, ":", 1);
	}
	gi__cw_str(w, (const char *)name);
}

/* namespace declarations and attributes, each sorted as C14N sorts them */
static int cmp_ns(const void *a, const void *b)
{
	const rendered *x = a, *y = b;
	return strcmp((const char *)str0(x->prefix), (const char *)str0(y->prefix));
}

static int cmp_attr(const void *a, const void *b)
{
	xmlAttrPtr x = *(xmlAttrPtr const *)a, y = *(xmlAttrPtr const *)b;
	int c = strcmp((const char *)str0(x->ns ? x->ns->href : NULL), (const char *)str0(y->ns ? y->ns->href : NULL));
	return c ? c : strcmp((const char *)x->name, (const char *)y->name);
}

/* more on one element is left to libxml2 (a record has a handful); the
 * arrays live on the stack, one frame per level of nesting */
#define MAX_NAMESPACES 16
#define MAX_ATTRIBUTES 32

/* the binding of prefix the nearest output ancestor rendered ("" none) */
static const xmlChar *in_output(const walker *k, const xmlChar *prefix)
{
	for (size_t i = k->n_ns; i-- > 0;)
		if (same(k->ns[i].prefix, prefix))
			return str0(k->ns[i].href);
	return BAD_CAST "";
}

static int push(walker *k, const xmlChar *prefix, const xmlChar *href)
{
	if (k->n_ns == k->cap_ns) {
		size_t cap = k->cap_ns ? 2 * k->cap_ns : 16;
		rendered *p = realloc(k->ns, cap * sizeof *p);
		if (!p)
			return FAILED;
		k->ns = p;
		k->cap_ns = cap;
	}
	k->ns[k->n_ns++] = (rendered){ prefix, href };
	return OK;
}

/* Exclusive C14N: the prefixes e visibly utilizes (its own, its
 * attributes'; never xml), where the nearest output ancestor rendered
 * another binding. Inclusive, of a whole document: e's own declarations
 * that differ from what is in scope at its parent. */
static int namespaces(walker *k, xmlNodePtr e, rendered *out, size_t *n)
{
	*n = 0;
	if (k->exclusive) {
		/* the element's namespace (NULL: no default), then its
		 * prefixed attributes' (an unprefixed attribute uses none) */
		xmlAttrPtr a = e->properties;
		for (int first = 1; first || a; first = 0) {
			const xmlNs *used;
			if (first) {
				used = e->ns;
			} else {
				used = a->ns;
				a = a->next;
				if (!used)
					continue;
			}
			const xmlChar *prefix = used ? used->prefix : NULL;
			const xmlChar *href = used ? str0(used->href) : BAD_CAST "";
			if (prefix && xmlStrEqual(prefix, BAD_CAST "xml"))
				continue;
			int dup = 0;
			for (size_t j = 0; j < *n && !dup; j++)
				dup = same(out[j].prefix, prefix);
			if (dup || same(in_output(k, prefix), href))
				continue;
			if (*n == MAX_NAMESPACES)
				return NOT_HANDLED;
			out[(*n)++] = (rendered){ prefix, href };
		}
	} else {
		for (xmlNsPtr ns = e->nsDef; ns; ns = ns->next) {
			if (ns->prefix && xmlStrEqual(ns->prefix, BAD_CAST "xml"))
				return NOT_HANDLED;
			xmlNsPtr above = e->parent && e->parent->type == XML_ELEMENT_NODE
			                         ? xmlSearchNs(e->doc, e->parent, ns->prefix)
			                         : NULL;
			if (same(above ? above->href : NULL, ns->href))
				continue;
			if (*n == MAX_NAMESPACES)
				return NOT_HANDLED;
			out[(*n)++] = (rendered){ ns->prefix, str0(ns->href) };
		}
	}
	qsort(out, *n, sizeof *out, cmp_ns);
	return OK;
}

static int element(walker *k, xmlNodePtr e);

static int children(walker *k, xmlNodePtr n)
{
	for (; n; n = n->next) {
		int rc = OK;
		switch (n->type) {
		case XML_ELEMENT_NODE:
			rc = element(k, n);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content)
				escaped(k->w, n->content, TEXT);
			break;
		case XML_COMMENT_NODE:
			break;
		case XML_PI_NODE:
			gi__cw_raw(k->w, "<?", 2);
			gi__cw_str(k->w, (const char *)n->name);
			if (n->content && n->content[0]) {
				gi__cw_raw(k->w, " ", 1);
				escaped(k->w, n->content, PI);
			}
			gi__cw_raw(k->w, "?>", 2);
			break;
		default:
			return NOT_HANDLED;
		}
		if (rc != OK)
			return rc;
	}
	return OK;
}

static int element(walker *k, xmlNodePtr e)
{
	rendered ns[MAX_NAMESPACES];
	size_t n_ns;
	int rc = namespaces(k, e, ns, &n_ns);
	if (rc != OK)
		return rc;
	xmlAttrPtr attrs[MAX_ATTRIBUTES];
	size_t n_attrs = 0;
	for (xmlAttrPtr a = e->properties; a; a = a->next) {
		if (n_attrs == MAX_ATTRIBUTES)
			return NOT_HANDLED;
		/* a value is one text node unless it held entity references */
		if (a->children && (a->children->type != XML_TEXT_NODE || a->children->next))
			return NOT_HANDLED;
		attrs[n_attrs++] = a;
	}
	qsort(attrs, n_attrs, sizeof *attrs, cmp_attr);

	/* libxml2 writes a namespace URI as it is, quoted, where C14N would
	 * escape it like an attribute value; a URI with a character either
	 * would change is left to libxml2, so the digest stays the one every
	 * other verifier computes */
	for (size_t i = 0; i < n_ns; i++)
		if (strpbrk((const char *)ns[i].href, "&<>\"'\t\n\r"))
			return NOT_HANDLED;

	gi__cw *w = k->w;
	gi__cw_raw(w, "<", 1);
	qname(w, e->ns, e->name);
	size_t depth = k->n_ns;
	for (size_t i = 0; i < n_ns; i++) {
		gi__cw_str(w, ns[i].prefix ? " xmlns:" : " xmlns");
		if (ns[i].prefix)
			gi__cw_str(w, (const char *)ns[i].prefix);
		gi__cw_raw(w, "=\"", 2);
		gi__cw_str(w, (const char *)ns[i].href);
		gi__cw_raw(w, "\"", 1);
		if (k->exclusive && push(k, ns[i].prefix, ns[i].href) < 0)
			return FAILED;
	}
	for (size_t i = 0; i < n_attrs; i++) {
		gi__cw_raw(w, " ", 1);
		qname(w, attrs[i]->ns, attrs[i]->name);
		gi__cw_raw(w, "=\"", 2);
		if (attrs[i]->children && attrs[i]->children->content)
			escaped(w, attrs[i]->children->content, ATTRIBUTE);
		gi__cw_raw(w, "\"", 1);
	}
	gi__cw_raw(w, ">", 1);
	rc = children(k, e->children);
	gi__cw_raw(w, "</", 2);
	qname(w, e->ns, e->name);
	gi__cw_raw(w, ">", 1);
	k->n_ns = depth;
	return rc;
}

int gi__c14n_tree(gi__cw *w, xmlDocPtr doc, xmlNodePtr top, int exclusive)
{
	if (doc->intSubset || doc->extSubset)
		return NOT_HANDLED;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root)
		return NOT_HANDLED;
	/* the document element alone (comments beside it are dropped) */
	for (xmlNodePtr n = doc->children; n; n = n->next)
		if (n != root && n->type != XML_COMMENT_NODE)
			return NOT_HANDLED;
	/* inclusive C14N is only done for a whole document: a subtree would
	 * inherit its ancestors' namespaces and xml: attributes */
	if (top && !exclusive)
		return NOT_HANDLED;
	if (!namespaces_absolute(root))
		return REFUSED;
	walker k = { w, exclusive, NULL, 0, 0 };
	int rc = element(&k, top ? top : root);
	free(k.ns);
	if (rc == OK && gi__cw_status(w) != 0)
		rc = FAILED;
	return rc;
}
