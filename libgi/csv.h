/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv.h - the CSV record reader shared by lab reports and PT data. */
#ifndef GI_CSV_H
#define GI_CSV_H

#include "report_internal.h"

#define GI__CSV_PAGE (16u << 10)
#define GI__CSV_PAGES 16

/* A piece of the input read at an offset, once rows are read out of order. */
typedef struct gi__csv_page {
	unsigned char *data;
	unsigned long long off;
	size_t len;
	unsigned long used;          /* for least-recently-used replacement */
	int valid;
} gi__csv_page;

typedef struct gi__csv {
	gi__input *in;
	const char *name;            /* for messages */
	char delim;
	int sep_line;                /* the file began with Excel's "sep=X" line */
	unsigned char *buf;          /* the bytes being read: seq, or a page */
	size_t buf_len, buf_pos;
	unsigned long long base;     /* input offset of buf[0] */
	unsigned char *seq;          /* buffer of the sequential reader */
	int random;                  /* reading pages since gi__csv_seek */
	gi__csv_page pages[GI__CSV_PAGES];
	unsigned long tick;
	int in_eof;
	long line;                   /* physical line at buf_pos */
	unsigned long long rec_off;  /* input offset where the current record starts */
	char *rec;                   /* current record: fields separated by NUL */
	size_t rec_len, rec_cap;
	size_t *off;                 /* field start offsets in rec */
	size_t nf, cap_f;
	long rec_line;               /* line where the current record starts */
} gi__csv;

void gi__csv_init(gi__csv *c, gi__input *in, const char *name);
void gi__csv_free(gi__csv *c);
/* Skips a byte-order mark, reads the header record and picks the
 * delimiter; GI_EPARSE if the input is empty. */
int gi__csv_header(gi__csv *c);
/* Reads the next record: 1, 0 at the end, or an error code. */
int gi__csv_read(gi__csv *c);
/* Field i of the current record, blanks trimmed, or "" if absent. */
const char *gi__csv_field(gi__csv *c, int i);
/* Continues reading at input offset off, which is on line `line`; the
 * input must be seekable. Reads go through a small page cache, so that
 * a few interleaved sequences of rows are each read about once. */
int gi__csv_seek(gi__csv *c, unsigned long long off, long line);
/* Fails unless the current record has n fields, with a hint when an
 * unquoted decimal comma seems to have split a number. */
int gi__csv_check_width(gi__csv *c, size_t n);

#endif
