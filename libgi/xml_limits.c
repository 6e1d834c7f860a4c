/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xml_limits.c - a pass over the bytes of a document before libxml2 builds
 * anything from them, refusing what libxml2 2.9 would take quadratic time
 * on: a start tag with tens of thousands of attributes (each is checked
 * against all earlier ones for duplicates), which makes a 430 KB record
 * take seconds to refuse. The pass is linear and keeps no buffer, so the
 * streaming report reader feeds it chunk by chunk.
 *
 * It only needs to tell where start tags are: comments, CDATA sections,
 * processing instructions, end tags and declarations are skipped to their
 * terminator, and quoted attribute values may hold '>' and '<'. Anything
 * malformed is left for libxml2 to name.
 */
#include "config.h"
#include <stdio.h>
#include "internal.h"
#include "xml_internal.h"

enum { TEXT, LT, BANG, SKIP, NAME, TAG, ATTR, VALUE, FAILED };

/* the terminator of the construct being skipped */
static const char *const terms[] = { ">", "-->", "]]>", "?>" };

int gi__xml_scan_feed(gi__xml_scan *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	if (s->line == 0)
		s->line = 1;
	if (s->state == FAILED)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if (c == '\n')
			s->line++;
		switch (s->state) {
		case TEXT:
			if (c == '<')
				s->state = LT;
			break;
		case LT:
			if (c == '!') {
				s->state = BANG;
			} else if (c == '?' || c == '/') {
				s->state = SKIP;
				s->quote = c == '?' ? 3 : 0;
				s->match = 0;
			} else {
				s->state = NAME;
				s->attrs = 0;
			}
			break;
		case BANG:
			s->state = SKIP;
			s->quote = c == '-' ? 1 : c == '[' ? 2 : 0;
			s->match = 0;
			break;
		case SKIP: {
			const char *t = terms[s->quote];
			if (c == (unsigned char)t[s->match]) {
				if (t[++s->match] == '\0')
					s->state = TEXT;
			} else if (!(s->match == 2 && t[0] == t[1] && c == (unsigned char)t[0])) {
				s->match = c == (unsigned char)t[0];   /* "--->", "]]]>" stay matched */
			}
			break;
		}
		case NAME:
		case TAG:
			if (c == '>') {
				s->state = TEXT;
			} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/') {
				s->state = TAG;
			} else if (s->state == TAG) {
				if (++s->attrs > GI__XML_MAX_ATTRIBUTES) {
					snprintf(s->err, sizeof s->err,
					         "an element has more than %d attributes; no libgi document needs that many",
					         GI__XML_MAX_ATTRIBUTES);
					s->state = FAILED;
					return -1;
				}
				s->state = c == '"' || c == '\'' ? VALUE : ATTR;
				s->quote = c;
			}
			break;
		case ATTR:
			if (c == '"' || c == '\'') {
				s->state = VALUE;
				s->quote = c;
			} else if (c == '>') {
				s->state = TEXT;
			}
			break;
		case VALUE:
			if (c == s->quote)
				s->state = TAG;
			break;
		}
	}
	return 0;
}
