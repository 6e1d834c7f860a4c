/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * c14n_write.c - XML written directly in canonical form (see c14n_write.h).
 *
 * The escaping rules are those of Canonical XML 1.0 §2.3 (Exclusive C14N
 * 1.0 uses the same): in character data & < > and CR become &amp; &lt;
 * &gt; &#xD;; in attribute values & < " TAB LF CR become &amp; &lt;
 * &quot; &#x9; &#xA; &#xD;. Attributes without a namespace are ordered by
 * their local name, compared as code points (UTF-8 bytes compare alike).
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <libxml/globals.h>
#include <libxml/xmlmemory.h>
#include "internal.h"
#include "c14n_write.h"

void gi__cw_init(gi__cw *w)
{
	memset(w, 0, sizeof *w);
}

void gi__cw_free(gi__cw *w)
{
	xmlFree(w->p);
	xmlFree(w->scratch);
	memset(w, 0, sizeof *w);
}

int gi__cw_status(const gi__cw *w)
{
	return w->failed;
}

static int grow(char **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 1024;
	while (c < need)
		c *= 2;
	char *q = xmlRealloc(*p, c);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

void gi__cw_reserve(gi__cw *w, size_t n)
{
	if (!w->failed && grow(&w->p, &w->cap, w->len + n + 1) < 0)
		w->failed = GI_ENOMEM;
}

static inline void put(gi__cw *w, const char *s, size_t n)
{
	if (w->failed)
		return;
	if (w->len + n + 1 > w->cap && grow(&w->p, &w->cap, w->len + n + 1) < 0) {
		w->failed = GI_ENOMEM;
		return;
	}
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

void gi__cw_raw(gi__cw *w, const char *s, size_t n)
{
	put(w, s, n);
}

void gi__cw_str(gi__cw *w, const char *s)
{
	put(w, s, strlen(s));
}

/* XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF], in well-formed UTF-8 (shortest form, no surrogates). */
int gi__xml_text_ok(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	while (s < end) {
		unsigned c = *s;
		if (c >= 0x20 && c < 0x80) {   /* printable ASCII, the common case */
			s++;
			continue;
		}
		if (c < 0x80) {
			if (c < 0x20 && c != 0x9 && c != 0xA && c != 0xD)
				return 0;
			s++;
			continue;
		}
		size_t k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		if (k == 0 || c > 0xF4 || (size_t)(end - s) <= k)
			return 0;
		unsigned cp = c & (0x3F >> k);
		for (size_t i = 1; i <= k; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3F);
		}
		static const unsigned least[4] = { 0, 0x80, 0x800, 0x10000 };
		if (cp < least[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
			return 0;
		s += k + 1;
	}
	return 1;
}

/* s escaped into (*p, *len, *cap): attribute (attr 1) or text rules;
 * runs of bytes that need no escaping are copied whole */
static int escape(char **p, size_t *len, size_t *cap, const char *s, size_t n, int attr)
{
	/* at most 6 bytes ("&quot;") for each byte of s */
	if (grow(p, cap, *len + 6 * n + 1) < 0)
		return -1;
	const char *special = attr ? "&<\"\t\n\r" : "&<>\r";
	char *o = *p + *len;
	const char *end = s + n;
	while (s < end) {
		size_t run = strcspn(s, special);
		if (run > (size_t)(end - s))
			run = (size_t)(end - s);
		memcpy(o, s, run);
		o += run;
		s += run;
		if (s == end)
			break;
		const char *e;
		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\t': e = "&#x9;"; break;
		case '\n': e = "&#xA;"; break;
		default: e = "&#xD;"; break;   /* '\r' */
		}
		size_t k = strlen(e);
		memcpy(o, e, k);
		o += k;
		s++;
	}
	*len = (size_t)(o - *p);
	return 0;
}

static void check_text(gi__cw *w, const char *name, const char *s, size_t n)
{
	if (!w->failed && !gi__xml_text_ok(s, n)) {
		w->failed = GI_EINVALID;
		w->bad_name = name;
	}
}

void gi__cw_text(gi__cw *w, const char *element, const char *s)
{
	size_t n = strlen(s);
	check_text(w, element, s, n);
	if (!w->failed && escape(&w->p, &w->len, &w->cap, s, n, 0) < 0)
		w->failed = GI_ENOMEM;
}

void gi__cw_start(gi__cw *w, const char *name)
{
	w->n_attrs = 0;
	w->scratch_len = 0;
	put(w, "<", 1);
	gi__cw_str(w, name);
}

void gi__cw_ns(gi__cw *w, const char *prefix, const char *uri)
{
	gi__cw_str(w, prefix ? " xmlns:" : " xmlns");
	if (prefix)
		gi__cw_str(w, prefix);
	put(w, "=\"", 2);
	if (!w->failed && escape(&w->p, &w->len, &w->cap, uri, strlen(uri), 1) < 0)
		w->failed = GI_ENOMEM;
	put(w, "\"", 1);
}

void gi__cw_attr(gi__cw *w, const char *name, const char *value)
{
	if (!value || w->failed)
		return;
	if (w->n_attrs == GI__CW_MAX_ATTRS) {   /* a programming error, reported as one */
		w->failed = GI_EINVALID;
		w->bad_name = name;
		return;
	}
	size_t n = strlen(value), at = w->scratch_len;
	check_text(w, name, value, n);
	if (!w->failed && escape(&w->scratch, &w->scratch_len, &w->scratch_cap, value, n, 1) < 0)
		w->failed = GI_ENOMEM;
	if (w->failed)
		return;
	w->attrs[w->n_attrs].name = name;
	w->attrs[w->n_attrs].at = at;
	w->attrs[w->n_attrs].len = w->scratch_len - at;
	w->n_attrs++;
}

void gi__cw_attr_num(gi__cw *w, const char *name, double v)
{
	char buf[40];
	gi__number_format(buf, sizeof buf, v, 17);
	gi__cw_attr(w, name, buf);
}

void gi__cw_close_start(gi__cw *w)
{
	/* insertion sort: an element has a handful of attributes */
	for (size_t i = 1; i < w->n_attrs; i++)
		for (size_t j = i; j > 0 && strcmp(w->attrs[j - 1].name, w->attrs[j].name) > 0; j--) {
			__typeof__(w->attrs[0]) t = w->attrs[j];
			w->attrs[j] = w->attrs[j - 1];
			w->attrs[j - 1] = t;
		}
	for (size_t i = 0; i < w->n_attrs; i++) {
		put(w, " ", 1);
		gi__cw_str(w, w->attrs[i].name);
		put(w, "=\"", 2);
		put(w, w->scratch + w->attrs[i].at, w->attrs[i].len);
		put(w, "\"", 1);
	}
	put(w, ">", 1);
	w->n_attrs = 0;
	w->scratch_len = 0;
}

void gi__cw_end(gi__cw *w, const char *name)
{
	put(w, "</", 2);
	gi__cw_str(w, name);
	put(w, ">", 1);
}

void gi__cw_element(gi__cw *w, const char *name, const char *text)
{
	gi__cw_start(w, name);
	gi__cw_close_start(w);
	if (text) {
		size_t n = strlen(text);
		check_text(w, name, text, n);
		if (!w->failed && escape(&w->p, &w->len, &w->cap, text, n, 0) < 0)
			w->failed = GI_ENOMEM;
	}
	gi__cw_end(w, name);
}
