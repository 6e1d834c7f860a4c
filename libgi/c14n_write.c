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

/* The length of the UTF-8 sequence at s (before end) if it is one XML 1.0
 * character beyond ASCII (shortest form, no surrogates, no U+FFFE/FFFF),
 * else 0; XML 1.0 §2.2 Char beyond ASCII. */
static size_t utf8_char(const unsigned char *s, const unsigned char *end)
{
	unsigned c = *s;
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
	return k + 1;
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
			if (c != 0x9 && c != 0xA && c != 0xD)
				return 0;
			s++;
			continue;
		}
		size_t k = utf8_char(s, end);
		if (!k)
			return 0;
		s += k;
	}
	return 1;
}

/* What each byte is in text (text_class) and in attribute values
 * (attr_class): 0 written as it is, 1 escaped (§2.3 above), 2 a control
 * character XML 1.0 cannot carry, 3 the start of a UTF-8 sequence (or a
 * byte that cannot start one), checked by utf8_char. */
static const unsigned char text_class[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};
static const unsigned char attr_class[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

/* s checked and escaped into (*p, *len, *cap) in one pass: attribute
 * (attr 1) or text rules. 0; -1 out of memory; -2 s is not UTF-8 made of
 * XML 1.0 characters (then *len is unchanged). */
static int escape(char **p, size_t *len, size_t *cap, const char *str, size_t n, int attr)
{
	/* at most 6 bytes ("&quot;") for each byte of s */
	if (grow(p, cap, *len + 6 * n + 1) < 0)
		return -1;
	const unsigned char *cls = attr ? attr_class : text_class;
	char *o = *p + *len;
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	while (s < end) {
		const unsigned char *run = s;
		while (s < end && cls[*s] == 0)
			s++;
		memcpy(o, run, (size_t)(s - run));
		o += s - run;
		if (s == end)
			break;
		if (cls[*s] == 3) {
			size_t k = utf8_char(s, end);
			if (!k)
				return -2;
			memcpy(o, s, k);
			o += k;
			s += k;
			continue;
		}
		if (cls[*s] == 2)   /* a control character XML 1.0 cannot carry */
			return -2;
		const char *e;
		size_t k;
		switch (*s) {
		case '&': e = "&amp;"; k = 5; break;
		case '<': e = "&lt;"; k = 4; break;
		case '>': e = "&gt;"; k = 4; break;
		case '"': e = "&quot;"; k = 6; break;
		case '\t': e = "&#x9;"; k = 5; break;
		case '\n': e = "&#xA;"; k = 5; break;
		default: e = "&#xD;"; k = 5; break;   /* '\r' */
		}
		memcpy(o, e, k);
		o += k;
		s++;
	}
	*len = (size_t)(o - *p);
	return 0;
}

/* s escaped into the text (scratch 0) or the attribute values (1); a
 * failure is kept, naming name */
static void put_escaped(gi__cw *w, int scratch, const char *name, const char *s, size_t n, int attr)
{
	if (w->failed)
		return;
	int rc = scratch ? escape(&w->scratch, &w->scratch_len, &w->scratch_cap, s, n, attr)
	                 : escape(&w->p, &w->len, &w->cap, s, n, attr);
	if (rc == -2) {
		w->failed = GI_EINVALID;
		w->bad_name = name;
	} else if (rc < 0) {
		w->failed = GI_ENOMEM;
	}
}

void gi__cw_text(gi__cw *w, const char *element, const char *s)
{
	put_escaped(w, 0, element, s, strlen(s), 0);
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
	put_escaped(w, 0, "xmlns", uri, strlen(uri), 1);
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
	size_t at = w->scratch_len;
	put_escaped(w, 1, name, value, strlen(value), 1);
	if (w->failed)
		return;
	w->attrs[w->n_attrs].name = name;
	w->attrs[w->n_attrs].name_len = strlen(name);
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
	/* insertion sort: an element has a handful of attributes, most often
	 * given in order already (one comparison each, mostly of first bytes) */
	for (size_t i = 1; i < w->n_attrs; i++)
		for (size_t j = i; j > 0; j--) {
			const unsigned char *a = (const unsigned char *)w->attrs[j - 1].name;
			const unsigned char *b = (const unsigned char *)w->attrs[j].name;
			if (a[0] < b[0] || (a[0] == b[0] && strcmp((const char *)a, (const char *)b) <= 0))
				break;
			__typeof__(w->attrs[0]) t = w->attrs[j];
			w->attrs[j] = w->attrs[j - 1];
			w->attrs[j - 1] = t;
		}
	/* ' name="value"' for each, and '>', in one piece */
	size_t need = 1;
	for (size_t i = 0; i < w->n_attrs; i++)
		need += w->attrs[i].name_len + w->attrs[i].len + 4;
	if (!w->failed && w->len + need + 1 > w->cap && grow(&w->p, &w->cap, w->len + need + 1) < 0)
		w->failed = GI_ENOMEM;
	if (!w->failed) {
		char *o = w->p + w->len;
		for (size_t i = 0; i < w->n_attrs; i++) {
			*o++ = ' ';
			memcpy(o, w->attrs[i].name, w->attrs[i].name_len);
			o += w->attrs[i].name_len;
			*o++ = '=';
			*o++ = '"';
			memcpy(o, w->scratch + w->attrs[i].at, w->attrs[i].len);
			o += w->attrs[i].len;
			*o++ = '"';
		}
		*o++ = '>';
		w->len = (size_t)(o - w->p);
	}
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
	if (text)
		put_escaped(w, 0, name, text, strlen(text), 0);
	gi__cw_end(w, name);
}
