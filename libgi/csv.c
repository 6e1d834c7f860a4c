/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv.c - CSV records as RFC 4180 writes them: quoted fields may hold the
 * delimiter, quotes ("") and line breaks. The delimiter is chosen from the
 * header: ';' or a tab if the header has one, else ','; or by a first
 * line "sep=;" (or "sep=," or "sep=<tab>"), which Excel writes and reads.
 * Blank lines and lines starting with '#' are skipped; a NUL byte or a
 * record over 1 MiB is an error (the input is not a text table), and
 * UTF-16 is named as such.
 *
 * Records are read in order, or - once gi__csv_seek has been called - at
 * offsets, through a small cache of pages.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "csv.h"

#define RECORD_MAX (1u << 20)

void gi__csv_init(gi__csv *c, gi__input *in, const char *name)
{
	memset(c, 0, sizeof *c);
	c->in = in;
	c->name = name;
	c->line = 1;
	c->delim = ',';
}

void gi__csv_free(gi__csv *c)
{
	free(c->seq);
	for (int i = 0; i < GI__CSV_PAGES; i++)
		free(c->pages[i].data);
	free(c->rec);
	free(c->off);
}

/* The page holding input offset off, from the cache or read now. */
static int load_page(gi__csv *c, unsigned long long off, gi__csv_page **out)
{
	unsigned long long at = off - off % GI__CSV_PAGE;
	gi__csv_page *victim = &c->pages[0];
	for (int i = 0; i < GI__CSV_PAGES; i++) {
		gi__csv_page *p = &c->pages[i];
		if (p->valid && p->off == at) {
			p->used = ++c->tick;
			*out = p;
			return GI_OK;
		}
		if (!p->valid ? victim->valid : victim->valid && p->used < victim->used)
			victim = p;
	}
	if (!victim->data && !(victim->data = malloc(GI__CSV_PAGE)))
		return gi__oom();
	size_t len = 0;
	while (len < GI__CSV_PAGE) {
		long got = gi__input_pread(c->in, victim->data + len, GI__CSV_PAGE - len, at + len);
		if (got < 0) {
			victim->valid = 0;
			return gi__error(GI_EIO, c->name, c->line, "read error");
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	victim->off = at;
	victim->len = len;
	victim->valid = 1;
	victim->used = ++c->tick;
	*out = victim;
	return GI_OK;
}

static int refill(gi__csv *c)
{
	if (c->random) {
		unsigned long long next = c->base + c->buf_len;
		gi__csv_page *p;
		int rc = load_page(c, next, &p);
		if (rc < 0)
			return rc;
		if (p->off + p->len <= next)
			return 0;
		c->buf = p->data;
		c->base = p->off;
		c->buf_len = p->len;
		c->buf_pos = (size_t)(next - p->off);
		return 1;
	}
	if (c->in_eof)
		return 0;
	if (!c->seq) {
		c->seq = malloc(65536);
		if (!c->seq)
			return gi__oom();
	}
	c->buf = c->seq;
	long got = gi__input_read(c->in, c->seq, 65536);
	if (got < 0)
		return gi__error(GI_EIO, c->name, c->line, "read error");
	if (got == 0)
		c->in_eof = 1;
	c->base += c->buf_len;
	c->buf_len = (size_t)got;
	c->buf_pos = 0;
	return (int)(got > 0);
}

int gi__csv_seek(gi__csv *c, unsigned long long off, long line)
{
	gi__csv_page *p;
	int rc = load_page(c, off, &p);
	if (rc < 0)
		return rc;
	c->random = 1;
	c->buf = p->data;
	c->base = p->off;
	c->buf_len = p->len;
	c->buf_pos = off - p->off > p->len ? p->len : (size_t)(off - p->off);
	c->line = line;
	c->in_eof = 0;
	return GI_OK;
}

static int rec_put(gi__csv *c, char ch)
{
	if (c->rec_len + 1 >= c->rec_cap) {
		if (c->rec_cap >= RECORD_MAX)
			return gi__error(GI_EPARSE, c->name, c->rec_line,
			                 "a row is longer than %u bytes; is this a CSV file?", RECORD_MAX);
		size_t cap = c->rec_cap ? 2 * c->rec_cap : 1024;
		char *n = realloc(c->rec, cap);
		if (!n)
			return gi__oom();
		c->rec = n;
		c->rec_cap = cap;
	}
	c->rec[c->rec_len++] = ch;
	return GI_OK;
}

static int field_start(gi__csv *c)
{
	if (c->nf == c->cap_f) {
		size_t cap = c->cap_f ? 2 * c->cap_f : 32;
		size_t *n = realloc(c->off, cap * sizeof *n);
		if (!n)
			return gi__oom();
		c->off = n;
		c->cap_f = cap;
	}
	c->off[c->nf++] = c->rec_len;
	return GI_OK;
}

/* Next byte, or -1 at the end, or < -1 (an error code - 100) on failure. */
static int getbyte(gi__csv *c)
{
	if (c->buf_pos == c->buf_len) {
		int rc = refill(c);
		if (rc < 0)
			return rc - 100;
		if (rc == 0)
			return -1;
	}
	return c->buf[c->buf_pos++];
}

static void ungetbyte(gi__csv *c)
{
	c->buf_pos--;
}

/* Skips blank lines and lines starting with '#' up to the next record.
 * Returns 1 when one starts, 0 at the end, or an error. */
static int next_record(gi__csv *c)
{
	for (;;) {
		c->rec_len = 0;
		c->nf = 0;
		c->rec_line = c->line;
		int ch = getbyte(c);
		if (ch < -1)
			return ch + 100;
		if (ch == -1)
			return 0;
		if (ch == '\n') {
			c->line++;
			continue;
		}
		if (ch == '\r')
			continue;
		if (ch == '#' ) {
			while ((ch = getbyte(c)) >= 0 && ch != '\n')
				;
			if (ch < -1)
				return ch + 100;
			c->line++;
			continue;
		}
		ungetbyte(c);
		c->rec_off = c->base + c->buf_pos;
		return 1;
	}
}

static int nul_byte(gi__csv *c)
{
	return gi__error(GI_EPARSE, c->name, c->line, "NUL byte: this is not a UTF-8 text file (UTF-16? save it as UTF-8)");
}

/* A quoted field, after its opening quote ("" stands for a quote). *after
 * receives the byte after the closing quote, which must end the field. */
static int read_quoted(gi__csv *c, int *after)
{
	int rc, ch;
	for (;;) {
		ch = getbyte(c);
		if (ch < -1)
			return ch + 100;
		if (ch == -1)
			return gi__error(GI_EPARSE, c->name, c->rec_line, "a quoted field is not closed");
		if (ch == '"') {
			ch = getbyte(c);
			if (ch != '"')
				break;
		}
		if (ch == '\n')
			c->line++;
		if (ch == 0)
			return nul_byte(c);
		if ((rc = rec_put(c, (char)ch)) < 0)
			return rc;
	}
	*after = ch;
	if (ch < -1)
		return ch + 100;
	if (ch != c->delim && ch != '\n' && ch != '\r' && ch != -1)
		return gi__error(GI_EPARSE, c->name, c->line,
		                 "unexpected character after a closing quote (field %zu)", c->nf);
	return 0;
}

/* An unquoted field from its first byte *ch up to the delimiter or the
 * end of the line, which *ch then holds; carriage returns are left out. */
static int read_plain(gi__csv *c, int *ch)
{
	int rc;
	unsigned char delim = (unsigned char)c->delim;
	while (*ch >= 0 && *ch != c->delim && *ch != '\n') {
		if (*ch == 0)
			return nul_byte(c);
		if (*ch != '\r' && (rc = rec_put(c, (char)*ch)) < 0)
			return rc;
		/* the bytes that follow in the buffer up to the next one the loop
		 * above looks at (delimiter, line end, CR, NUL), copied at once
		 * as rec_put would copy them one by one */
		size_t p = c->buf_pos, e = p;
		while (e < c->buf_len && c->buf[e] != delim && c->buf[e] != '\n' && c->buf[e] != '\r' && c->buf[e] != 0)
			e++;
		while (p < e) {
			if (c->rec_len + 1 >= c->rec_cap) {
				if ((rc = rec_put(c, (char)c->buf[p])) < 0)
					return rc;
				p++;
				continue;
			}
			size_t k = c->rec_cap - 1 - c->rec_len;
			if (k > e - p)
				k = e - p;
			memcpy(c->rec + c->rec_len, c->buf + p, k);
			c->rec_len += k;
			p += k;
		}
		c->buf_pos = e;
		*ch = getbyte(c);
	}
	return 0;
}

/* Reads one record. Returns 1, 0 at the end, or an error. Blank lines and
 * lines starting with '#' are skipped. */
int gi__csv_read(gi__csv *c)
{
	int rc = next_record(c);
	if (rc <= 0)
		return rc;
	for (;;) {
		if ((rc = field_start(c)) < 0)
			return rc;
		int ch = getbyte(c);
		rc = ch == '"' ? read_quoted(c, &ch) : read_plain(c, &ch);
		if (rc < 0)
			return rc;
		if (ch < -1)
			return ch + 100;
		if ((rc = rec_put(c, '\0')) < 0)
			return rc;
		if (ch == '\r')
			ch = getbyte(c);
		if (ch == '\n') {
			c->line++;
			return 1;
		}
		if (ch == -1)
			return 1;
		if (ch < -1)
			return ch + 100;
		if (ch != c->delim)
			return gi__error(GI_EPARSE, c->name, c->line, "unexpected character after a quoted field");
	}
}

const char *gi__csv_field(gi__csv *c, int i)
{
	if (i < 0 || (size_t)i >= c->nf)
		return "";
	char *s = c->rec + c->off[i];
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Excel's separator declaration, "sep=;" alone on the first line: 1 if
 * it was there (and is consumed), 0 if not, or an error. */
static int sep_line(gi__csv *c)
{
	if (c->buf_pos == c->buf_len) {
		int rc = refill(c);
		if (rc <= 0)
			return rc;
	}
	const unsigned char *p = c->buf + c->buf_pos;
	size_t n = c->buf_len - c->buf_pos;
	if (n < 5 || (memcmp(p, "sep=", 4) != 0 && memcmp(p, "SEP=", 4) != 0))
		return 0;
	size_t end = 5;
	while (end < n && p[end] == '\r')
		end++;
	if (end < n && p[end] != '\n')
		return 0;  /* more on the line: not a declaration (a column named "sep=...") */
	if (p[4] != ',' && p[4] != ';' && p[4] != '\t')
		return gi__error(GI_EPARSE, c->name, 1, "sep=%c: the separator must be ',', ';' or a tab", p[4]);
	c->delim = (char)p[4];
	c->buf_pos += end < n ? end + 1 : end;
	c->line++;
	c->sep_line = 1;
	return 1;
}

int gi__csv_header(gi__csv *c)
{
	if (c->buf_pos == c->buf_len) {
		int rc = refill(c);
		if (rc < 0)
			return rc;
	}
	/* the first bytes are in the buffer: the format's first read hands
	 * out the 64 bytes it looked at */
	const unsigned char *p = c->buf + c->buf_pos;
	size_t n = c->buf_len - c->buf_pos;
	int utf16 = (n >= 1 && p[0] == 0) ||
	            (n >= 2 && (p[1] == 0 || (p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)));
	if (utf16)
		return gi__error(GI_EPARSE, c->name, 1, "the report is UTF-16; write it as UTF-8");
	if (n >= 1 && p[0] == 0xEF) {
		/* UTF-8 byte-order mark, as spreadsheet programs write it */
		if (n < 3 || p[1] != 0xBB || p[2] != 0xBF)
			return gi__error(GI_EPARSE, c->name, 1, "the file starts with bytes that are not UTF-8 text; "
			                 "save it as UTF-8");
		c->buf_pos += 3;
	}
	/* The header decides the delimiter, unless a "sep=" line did: read it
	 * with ',' and, if that gives one field holding ';' or a tab, split
	 * that field instead. */
	c->delim = ',';
	int rc = sep_line(c);
	if (rc < 0)
		return rc;
	rc = gi__csv_read(c);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gi__error(GI_EPARSE, c->name, 0, "the file is empty");
	if (!c->sep_line && c->nf == 1 && (strchr(c->rec, ';') || strchr(c->rec, '\t'))) {
		c->delim = strchr(c->rec, ';') ? ';' : '\t';
		size_t len = c->rec_len;
		c->nf = 1;
		for (size_t i = 0; i < len; i++) {
			if (c->rec[i] == c->delim) {
				c->rec[i] = '\0';
				if ((rc = field_start(c)) < 0)
					return rc;
				c->off[c->nf - 1] = i + 1;
			}
		}
	}
	return GI_OK;
}

static int all_digits(const char *s, int sign)
{
	if (sign && (*s == '-' || *s == '+'))
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int gi__csv_check_width(gi__csv *c, size_t n)
{
	if (c->nf == n)
		return GI_OK;
	if (c->nf > n && c->delim == ',') {
		for (size_t i = 0; i + 1 < c->nf; i++) {
			const char *a = gi__csv_field(c, (int)i), *b = gi__csv_field(c, (int)i + 1);
			if (all_digits(a, 1) && b[0] >= '0' && b[0] <= '9')
				return gi__error(GI_EPARSE, c->name, c->rec_line,
				                 "expected %zu fields as in the header, got %zu: an unquoted decimal comma "
				                 "('%.20s,%.20s')? quote such numbers or separate the fields with ';'",
				                 n, c->nf, a, b);
		}
	}
	return gi__error(GI_EPARSE, c->name, c->rec_line, "expected %zu fields as in the header, got %zu", n, c->nf);
}
