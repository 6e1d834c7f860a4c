/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * c14n_write.h - writing XML directly in its canonical form (Canonical
 * XML 1.0 / Exclusive XML Canonicalization 1.0, W3C), for documents whose
 * every byte libgi writes itself: the bytes written are the bytes a
 * canonicaliser would produce from them, so they can be hashed as they
 * are written, without parsing or canonicalising a tree.
 *
 * What the writer guarantees: attribute values and character data are
 * escaped as C14N escapes them (§2.3 of Canonical XML 1.0), attributes
 * are written sorted by name, elements always have a start and an end tag.
 * What the caller guarantees: element and attribute names are plain
 * (unprefixed attributes, no xml: attributes), namespace declarations are
 * given before the attributes, in C14N order (default first, then by
 * prefix) and only where C14N renders them.
 *
 * Buffers grow with libxml2's allocator (xmlMalloc), like the trees they
 * replace. Every failure - memory, or text that XML cannot carry (not
 * UTF-8, or a character outside XML 1.0's Char production) - is sticky:
 * the writer records the first and ignores what follows, and the caller
 * checks once, at the end, with gi__cw_status().
 */
#ifndef GI_C14N_WRITE_H
#define GI_C14N_WRITE_H

#include <stddef.h>

#define GI__CW_MAX_ATTRS 32

typedef struct {
	char *p;                  /* xmlMalloc'd; not NUL-terminated until gi__cw_take */
	size_t len, cap;
	int failed;               /* 0, GI_ENOMEM or GI_EINVALID */
	const char *bad_name;     /* the attribute or element whose text is not XML */
	/* the start tag being written: its attributes, sorted when it closes */
	size_t n_attrs;
	struct {
		const char *name;
		size_t name_len;
		size_t at, len;   /* the escaped value in scratch */
	} attrs[GI__CW_MAX_ATTRS];
	char *scratch;
	size_t scratch_len, scratch_cap;
} gi__cw;

void gi__cw_init(gi__cw *w);
void gi__cw_free(gi__cw *w);
/* room for n more bytes, so that writing them does not reallocate */
void gi__cw_reserve(gi__cw *w, size_t n);
/* GI_OK, or the first failure (the caller words the error) */
int gi__cw_status(const gi__cw *w);

/* bytes written as they are (markup the caller knows to be canonical) */
void gi__cw_raw(gi__cw *w, const char *s, size_t n);
void gi__cw_str(gi__cw *w, const char *s);
/* character data, escaped (&amp; &lt; &gt; &#xD;) */
void gi__cw_text(gi__cw *w, const char *element, const char *s);
/* "<name": then namespace declarations, attributes, and gi__cw_close_start */
void gi__cw_start(gi__cw *w, const char *name);
void gi__cw_ns(gi__cw *w, const char *prefix, const char *uri);
/* an attribute; NULL value: none (as an absent optional attribute) */
void gi__cw_attr(gi__cw *w, const char *name, const char *value);
/* a number as libgi writes numbers (shortest exact form, '.' decimal) */
void gi__cw_attr_num(gi__cw *w, const char *name, double v);
/* the attributes, sorted, and ">" */
void gi__cw_close_start(gi__cw *w);
void gi__cw_end(gi__cw *w, const char *name);
/* <name>text</name>, no attributes */
void gi__cw_element(gi__cw *w, const char *name, const char *text);

/* 1 if s is UTF-8 made only of XML 1.0 characters */
int gi__xml_text_ok(const char *s, size_t n);

/* c14n_tree.c: the canonical form of a parsed document into w - Canonical
 * XML 1.0 of the whole document (top NULL, exclusive 0) or Exclusive C14N
 * 1.0 without an InclusiveNamespaces list of top's subtree or of the
 * whole document. 0 written; 1 not handled here (a DTD, an entity
 * reference, a processing instruction beside the document element, an
 * inclusive subtree, very many attributes or namespaces): canonicalise
 * with libxml2 instead; -2 a namespace URI C14N refuses (relative or not
 * a URI), as libxml2 refuses it; -1 out of memory. */
struct _xmlDoc;
struct _xmlNode;
int gi__c14n_tree(gi__cw *w, struct _xmlDoc *doc, struct _xmlNode *top, int exclusive);
/* The namespace URIs gi__c14n_tree takes as absolute without parsing
 * them, one by one (i from 0; NULL after the last), for the tests. */
const char *gi__c14n_known_namespace(size_t i);
#endif
