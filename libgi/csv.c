/*
 * csv.c - CSV records as RFC 4180 writes them: quoted fields may hold the
 * delimiter, quotes ("") and line breaks. The delimiter is chosen from the
 * header: ';' or a tab if the header has one, else ','. Blank lines and
 * lines starting with '#' are skipped; a NUL byte or a record over 1 MiB
 * is an error (the input is not a text table).
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
	free(c->buf);
	free(c->rec);
	free(c->off);
}

static int refill(gi__csv *c)
{
	if (c->in_eof)
		return 0;
	if (!c->buf) {
		c->buf = malloc(65536);
		if (!c->buf)
			return gi__oom();
	}
	long got = gi__input_read(c->in, c->buf, 65536);
	if (got < 0)
		return gi__error(GI_EIO, c->name, c->line, "read error");
	if (got == 0)
		c->in_eof = 1;
	c->buf_len = (size_t)got;
	c->buf_pos = 0;
	return (int)(got > 0);
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

/* Reads one record. Returns 1, 0 at the end, or an error. Blank lines and
 * lines starting with '#' are skipped. */
int gi__csv_read(gi__csv *c)
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
		break;
	}
	int rc, ch;
	for (;;) {
		if ((rc = field_start(c)) < 0)
			return rc;
		ch = getbyte(c);
		if (ch == '"') {
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
					return gi__error(GI_EPARSE, c->name, c->line, "NUL byte: this is not a text file");
				if ((rc = rec_put(c, (char)ch)) < 0)
					return rc;
			}
			if (ch < -1)
				return ch + 100;
			if (ch != c->delim && ch != '\n' && ch != '\r' && ch != -1)
				return gi__error(GI_EPARSE, c->name, c->line,
				                 "unexpected character after a closing quote (field %zu)", c->nf);
		} else {
			while (ch >= 0 && ch != c->delim && ch != '\n') {
				if (ch == 0)
					return gi__error(GI_EPARSE, c->name, c->line, "NUL byte: this is not a text file");
				if (ch != '\r' && (rc = rec_put(c, (char)ch)) < 0)
					return rc;
				ch = getbyte(c);
			}
		}
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

int gi__csv_header(gi__csv *c)
{
	/* UTF-8 byte-order mark, as spreadsheet programs write it */
	int b0 = getbyte(c);
	if (b0 == 0xEF) {
		int b1 = getbyte(c), b2 = getbyte(c);
		if (b1 != 0xBB || b2 != 0xBF)
			return gi__error(GI_EPARSE, c->name, 1, "the file starts with bytes that are not text");
	} else if (b0 >= 0) {
		ungetbyte(c);
	}
	/* The header decides the delimiter: read it with ',' and, if that
	 * gives one field holding ';' or a tab, split that field instead. */
	c->delim = ',';
	int rc = gi__csv_read(c);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gi__error(GI_EPARSE, c->name, 0, "the file is empty");
	if (c->nf == 1 && (strchr(c->rec, ';') || strchr(c->rec, '\t'))) {
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
