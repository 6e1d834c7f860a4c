/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xml_internal.h - reading XML documents safely: parser options, problem
 * sinks, the embedded schemas and the limits checked before libxml2 sees a
 * document. Not exported.
 */
#ifndef GI_XML_INTERNAL_H
#define GI_XML_INTERNAL_H

#include "internal.h"

/* ---- xml.c ---- */
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
enum { GI__SCHEMA_SPEC, GI__SCHEMA_REPORT, GI__SCHEMA_RECORD };
/* Compiled schema, built once per process and shared read-only. */
xmlSchemaPtr gi__schema(int which);
/* Frees the compiled schemas (gi_shutdown). */
void gi__schemas_free(void);
/* Parser options every libgi document is read with: no network, no entity
 * substitution, no DTD loading, 32-bit line numbers. */
#define GI__XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA)

/* libxml2 prints some messages (encoding failures, "Unimplemented block")
 * through its generic error handler, which writes to stderr. A library
 * must not write to its caller's stderr, so every entry point that runs
 * libxml2 silences that handler on its thread and restores it after; the
 * same errors still reach libgi through the structured handlers. */
typedef struct gi__xml_quiet {
	xmlGenericErrorFunc fn;
	void *ctx;
} gi__xml_quiet;
void gi__xml_quiet_begin(gi__xml_quiet *q);
void gi__xml_quiet_end(const gi__xml_quiet *q);

/* Problem sink used while reading one document: forwards each problem to
 * the caller's callback and keeps the first for gi_error_last(). */
typedef struct gi__problems {
	const char *file;
	gi_problem_cb cb;
	void *payload;
	size_t count;
	int first_code;
	long first_line;
	char first[512];
} gi__problems;
void gi__problem(gi__problems *p, int code, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Parses a whole document with GI__XML_OPTIONS, refusing any DOCTYPE;
 * every problem goes to pr. NULL on failure. */
xmlDocPtr gi__xml_parse(gi__problems *pr, const void *data, size_t len, const char *name);
/* The same with a parser context kept for many documents of one kind
 * (its dictionary then already holds their names): a context from
 * gi__xml_ctxt_new, used by one thread at a time. After a document with
 * problems, free the context rather than read with it again. */
xmlParserCtxtPtr gi__xml_ctxt_new(void);
xmlDocPtr gi__xml_parse_with(xmlParserCtxtPtr ctxt, gi__problems *pr, const void *data, size_t len,
                             const char *name);
/* Turns a libxml2 error into a problem (one line, no trailing newline). */
void gi__problem_xml(gi__problems *p, int code, const xmlError *err);
/* Sets gi_error_last() from the problems seen; returns the code. */
int gi__problems_finish(gi__problems *p);


/* ---- embedded schemas (schemas.c, generated) ---- */
extern const char gi__schema_spec[];
extern const size_t gi__schema_spec_len;
extern const char gi__schema_report[];
extern const size_t gi__schema_report_len;
extern const char gi__schema_record[];
extern const size_t gi__schema_record_len;


/* ---- xml_limits.c: refusing documents libxml2 would take too long on ---- */
/* Attributes (namespace declarations included) on one element: libgi's
 * schemas use fewer than 30; libxml2 2.9 checks each attribute of a start
 * tag against all the earlier ones, so cost grows with the square. */
#define GI__XML_MAX_ATTRIBUTES 256
typedef struct gi__xml_scan {
	int state;
	unsigned attrs;        /* on the start tag being read */
	unsigned match;        /* bytes of the current terminator matched */
	unsigned char quote;
	long line;             /* 1-based, of the position reached */
	char err[200];
} gi__xml_scan;
/* Feeds the next bytes of a document (start with a zeroed scan); 0, or -1
 * once a start tag has more than GI__XML_MAX_ATTRIBUTES attributes
 * (s->err says so, s->line where). */
int gi__xml_scan_feed(gi__xml_scan *s, const void *data, size_t len);

#endif
