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
#include <string.h>
#include "internal.h"
#include "xml_internal.h"

enum { TEXT, LT, BANG, SKIP, NAME, TAG, ATTR, VALUE, FAILED };

/* the terminator of the construct being skipped */
static const char *const terms[] = { ">", "-->", "]]>", "?>" };

/* newlines in p[0, n) */
static long newlines(const unsigned char *p, size_t n)
{
	long count = 0;
	const unsigned char *end = p + n;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		count++;
		p++;
	}
	return count;
}

/* The state lives in locals while a chunk is read, and text and attribute
 * values (most of a document's bytes) are skipped with memchr; lines are
 * counted once per chunk, or up to the failing byte. */
int gi__xml_scan_feed(gi__xml_scan *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	int state = s->state;
	unsigned attrs = s->attrs, match = s->match;
	unsigned char quote = s->quote;
	if (s->line == 0)
		s->line = 1;
	if (state == FAILED)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		switch (state) {
		case TEXT: {
			const unsigned char *lt = memchr(p + i, '<', len - i);
			if (!lt) {
				i = len;
				continue;
			}
			i = (size_t)(lt - p);
			state = LT;
			break;
		}
		case LT:
			if (c == '!') {
				state = BANG;
			} else if (c == '?' || c == '/') {
				state = SKIP;
				quote = c == '?' ? 3 : 0;
				match = 0;
			} else {
				state = NAME;
				attrs = 0;
			}
			break;
		case BANG:
			state = SKIP;
			quote = c == '-' ? 1 : c == '[' ? 2 : 0;
			match = 0;
			break;
		case SKIP: {
			const char *t = terms[quote];
			if (c == (unsigned char)t[match]) {
				if (t[++match] == '\0')
					state = TEXT;
			} else if (!(match == 2 && t[0] == t[1] && c == (unsigned char)t[0])) {
				match = c == (unsigned char)t[0];   /* "--->", "]]]>" stay matched */
			}
			break;
		}
		case NAME:
		case TAG:
			if (c == '>') {
				state = TEXT;
			} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/') {
				state = TAG;
			} else if (state == TAG) {
				if (++attrs > GI__XML_MAX_ATTRIBUTES) {
					snprintf(s->err, sizeof s->err,
					         "an element has more than %d attributes; no libgi document needs that many",
					         GI__XML_MAX_ATTRIBUTES);
					s->line += newlines(p, i);
					s->state = FAILED;
					return -1;
				}
				state = c == '"' || c == '\'' ? VALUE : ATTR;
				quote = c;
			}
			break;
		case ATTR:
			if (c == '"' || c == '\'') {
				state = VALUE;
				quote = c;
			} else if (c == '>') {
				state = TEXT;
			}
			break;
		case VALUE: {
			const unsigned char *q = memchr(p + i, quote, len - i);
			if (!q) {
				i = len;
				continue;
			}
			i = (size_t)(q - p);
			state = TAG;
			break;
		}
		}
	}
	s->line += newlines(p, len);
	s->state = state;
	s->attrs = attrs;
	s->match = match;
	s->quote = quote;
	return 0;
}
