/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_internal.h - what the XML and CSV report readers share: the byte
 * source (which also computes the report's SHA-256 as it is read) and the
 * assembly of one sample at a time.
 */
#ifndef GI_REPORT_INTERNAL_H
#define GI_REPORT_INTERNAL_H

#include <stdio.h>
#include "internal.h"
#include "xml_internal.h"

typedef struct gi__input {
	FILE *file;                  /* NULL when reading memory */
	int seekable;                /* memory, or a regular file: can be read again */
	long long start;             /* offset of the report in the file */
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	unsigned char peek[64];      /* bytes read ahead to detect the format */
	size_t peek_len, peek_pos;
	gi__sha256 *sha;
	int eof;
	char hex[65];
} gi__input;

/* Reads up to n bytes; 0 at the end (the digest is then final), -1 on error. */
long gi__input_read(gi__input *in, void *buf, size_t n);
/* Reads up to n bytes at offset off of a seekable input, outside the
 * stream (no digest); 0 at the end, -1 on error. */
long gi__input_pread(gi__input *in, void *buf, size_t n, unsigned long long off);

/* ---- sample ids (report_ids.c) ---- */
uint64_t gi__id_hash(const char *s, size_t n);
typedef struct gi__idset {
	uint64_t *keys;              /* hashes; 0 = empty slot */
	uint32_t *lines;             /* line each id was first seen on */
	size_t cap, n;
} gi__idset;
/* Adds an id's hash: 0 if it is new, 1 if it was seen (*seen_line says
 * where), or an error code. */
int gi__idset_add(gi__idset *s, uint64_t h, long line, long *seen_line);
void gi__idset_free(gi__idset *s);

/* Where each run of consecutive rows of one sample starts in a CSV file. */
typedef struct gi__row_run {
	uint64_t key;                /* id hash; after gi__rows_finish, the sample's first offset */
	uint64_t off;                /* byte offset of the run's first row */
	uint32_t line;
	uint32_t spare;
} gi__row_run;
typedef struct gi__rows {
	uint64_t *hash;              /* first reading: the id hash of each run */
	size_t n_hash, cap_hash;
	gi__row_run *runs;           /* when samples are spread: every run */
	size_t n, cap, pos;
	size_t expect;               /* runs the first reading found */
} gi__rows;
/* The first reading notes each run's id hash (8 bytes a run); then
 * gi__rows_grouped says whether every sample is one run (1), freeing them. */
int gi__rows_add_hash(gi__rows *x, uint64_t h);
int gi__rows_grouped(gi__rows *x);
/* When not, a second reading notes every run with gi__rows_add, and
 * gi__rows_finish orders the runs by sample - in the order samples first
 * appear - and by offset within a sample. */
int gi__rows_add(gi__rows *x, uint64_t h, uint64_t off, long line);
void gi__rows_finish(gi__rows *x);
void gi__rows_free(gi__rows *x);

typedef struct gi__report_backend {
	/* Reads the next sample into r->sample; *got = 0 at the end. */
	int (*next)(gi_report *r, int *got);
	void (*free)(void *impl);
} gi__report_backend;

struct gi_report {
	char *name;
	gi_format format;
	gi__input in;
	gi__arena header;            /* lab identity */
	gi_lab lab;
	gi__arena arena;             /* the current sample */
	gi_sample sample;
	gi_measurement *meas;
	size_t n_meas, cap_meas;
	double *vals;                /* replicates of the measurement being read */
	size_t n_vals, cap_vals;
	int ended;
	const gi__report_backend *be;
	void *impl;
	gi_decimal decimal;          /* as the options state it */
	char dec;                    /* the report's decimal separator, 0 while unknown */
	long dec_line;               /* where the numbers showed it (0: stated) */
	char dec_text[32];
	char today[16];              /* the latest date a report may carry */
	gi__idset ids;               /* sample ids seen, when streaming */
};

int gi__report_open_xml(gi_report *r);
int gi__report_open_csv(gi_report *r);

/* Sample assembly, shared by both formats. */
void gi__sample_begin(gi_report *r, long line);
gi_measurement *gi__measurement_begin(gi_report *r, long line);
int gi__measurement_value(gi_report *r, double v);
/* Checks the measurement (unit, uncertainty, duplicates) and fixes its
 * replicate values in the sample's arena. unit_text is as written. */
int gi__measurement_end(gi_report *r, gi_measurement *m, const char *unit_text);
int gi__sample_end(gi_report *r);

/* Parses a number found in the report, or fails with "what 'text' is not a
 * number" at line. */
int gi__report_number(gi_report *r, double *out, const char *text, size_t len, long line, const char *what);
int gi__report_basis(gi_report *r, gi_basis *out, const char *text, long line);

/* ---- input rules (report_check.c) ---- */
/* Refuses invalid UTF-8 and control characters (C0 but tab - and line
 * breaks when newlines is set -, DEL, C1) in a text field. */
int gi__report_text(gi_report *r, const char *s, size_t len, long line, const char *what, int newlines);
void gi__report_decimal_init(gi_report *r, gi_decimal d);
/* Checks a number's decimal separator against the report's, settling it
 * at the first number that shows it unambiguously. */
int gi__report_decimal(gi_report *r, const gi__number_form *f, const char *text, size_t len, long line,
                       const char *what);
/* The first unambiguous use of each separator in a whole file. */
typedef struct gi__decimal_survey {
	long clear_line[2];          /* [0] point, [1] comma */
	char clear_text[2][32];
} gi__decimal_survey;
void gi__decimal_survey_add(gi__decimal_survey *s, const char *text, size_t len, long line);
/* Settles r's separator from the survey, or fails if both are used. */
int gi__decimal_survey_end(gi_report *r, const gi__decimal_survey *s);
void gi__report_set_now(gi_report *r, long long now);
/* A calendar date (YYYY-MM-DD, anything after the 10th character is left
 * to the schema) that is not in the future. NULL is fine. */
int gi__report_date(gi_report *r, const char *d, long line, const char *what);
/* The sample's dates: each as above, analysis not before sampling. */
int gi__report_sample_dates(gi_report *r, long line);
/* Refuses a sample id seen before (XML: every id once). */
int gi__report_unique_id(gi_report *r, const char *id, long line);
/* Copies into the current sample's arena; NULL text gives NULL. */
char *gi__report_str(gi_report *r, const char *text, size_t len);
int gi__report_oom(gi_report *r);

#endif
