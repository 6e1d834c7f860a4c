/*
 * report_internal.h - what the XML and CSV report readers share: the byte
 * source (which also computes the report's SHA-256 as it is read) and the
 * assembly of one sample at a time.
 */
#ifndef GI_REPORT_INTERNAL_H
#define GI_REPORT_INTERNAL_H

#include <stdio.h>
#include "internal.h"

typedef struct gi__input {
	FILE *file;                  /* NULL when reading memory */
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
/* Copies into the current sample's arena; NULL text gives NULL. */
char *gi__report_str(gi_report *r, const char *text, size_t len);
int gi__report_oom(gi_report *r);

#endif
