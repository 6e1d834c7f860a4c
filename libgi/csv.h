/* csv.h - the CSV record reader shared by lab reports and PT data. */
#ifndef GI_CSV_H
#define GI_CSV_H

#include "report_internal.h"

typedef struct gi__csv {
	gi__input *in;
	const char *name;            /* for messages */
	char delim;
	unsigned char *buf;
	size_t buf_len, buf_pos;
	int in_eof;
	long line;                   /* physical line at buf_pos */
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

#endif
