/*
 * xml.c - what every libgi XML reader shares: the compiled schemas and the
 * conversion of libxml2's errors into problems with file and line.
 */
#include "config.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

static xmlSchemaPtr schemas[2];
static pthread_once_t schema_once[2] = { PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT };

static void compile(int which)
{
	const char *src = which == GI__SCHEMA_SPEC ? gi__schema_spec : gi__schema_report;
	size_t len = which == GI__SCHEMA_SPEC ? gi__schema_spec_len : gi__schema_report_len;
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(src, (int)len);
	if (!pc)
		return;
	/* The embedded schemas are part of the library and known to compile;
	 * keep libxml2 quiet rather than printing to the caller's stderr. */
	xmlSchemaSetParserErrors(pc, NULL, NULL, NULL);
	schemas[which] = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
}

static void compile_spec(void) { compile(GI__SCHEMA_SPEC); }
static void compile_report(void) { compile(GI__SCHEMA_REPORT); }

xmlSchemaPtr gi__schema(int which)
{
	xmlInitParser();
	pthread_once(&schema_once[which], which == GI__SCHEMA_SPEC ? compile_spec : compile_report);
	return schemas[which];
}

static void silent(void *ctx, const char *msg, ...)
{
}

void gi__xml_quiet_begin(gi__xml_quiet *q)
{
	q->fn = xmlGenericError;
	q->ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, silent);
}

void gi__xml_quiet_end(const gi__xml_quiet *q)
{
	xmlSetGenericErrorFunc(q->ctx, q->fn);
}

void gi__problem(gi__problems *p, int code, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (p->count++ == 0) {
		p->first_code = code;
		p->first_line = line;
		snprintf(p->first, sizeof p->first, "%s", msg);
	}
	if (p->cb) {
		gi_error e = { code, msg, p->file, line };
		p->cb(&e, p->payload);
	}
}

/* libxml2 names elements "{namespace}local"; our namespaces are implied. */
static void strip_namespaces(char *s)
{
	char *o = s;
	while (*s) {
		if (*s == '{' && strncmp(s, "{urn:libgi:", 11) == 0) {
			char *close = strchr(s, '}');
			if (close) {
				s = close + 1;
				continue;
			}
		}
		*o++ = *s++;
	}
	*o = '\0';
}

void gi__problem_xml(gi__problems *p, int code, const xmlError *err)
{
	char msg[512];
	if (err->level == XML_ERR_WARNING)
		return;
	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "XML error");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	strip_namespaces(msg);
	gi__problem(p, code, err->line, "%s", msg);
}

int gi__problems_finish(gi__problems *p)
{
	if (p->count == 0)
		return GI_OK;
	if (p->count == 1)
		return gi__error(p->first_code, p->file, p->first_line, "%s", p->first);
	return gi__error(p->first_code, p->file, p->first_line, "%s (and %zu more problem%s)",
	                 p->first, p->count - 1, p->count == 2 ? "" : "s");
}
