/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * xml.c - what every libgi XML reader shares: the compiled schemas and the
 * conversion of libxml2's errors into problems with file and line.
 */
#include "config.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parserInternals.h>
#include "internal.h"
#include "xml_internal.h"

static xmlSchemaPtr schemas[3];
static pthread_once_t schema_once[3] = { PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT };

static void compile(int which)
{
	const char *src = which == GI__SCHEMA_SPEC ? gi__schema_spec
	                : which == GI__SCHEMA_REPORT ? gi__schema_report : gi__schema_record;
	size_t len = which == GI__SCHEMA_SPEC ? gi__schema_spec_len
	           : which == GI__SCHEMA_REPORT ? gi__schema_report_len : gi__schema_record_len;
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
static void compile_record(void) { compile(GI__SCHEMA_RECORD); }

xmlSchemaPtr gi__schema(int which)
{
	xmlInitParser();
	pthread_once(&schema_once[which], which == GI__SCHEMA_SPEC ? compile_spec
	             : which == GI__SCHEMA_REPORT ? compile_report : compile_record);
	return schemas[which];
}

static void on_xml_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = ctx;
	gi__problem_xml(ctxt->_private, GI_EPARSE, err);
}

/* A DOCTYPE is how entity bombs and external entities get in; libgi's
 * documents never need one, so the parser stops at the first. */
static void reject_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;
	gi__problem(ctxt->_private, GI_EPARSE, ctxt->input ? ctxt->input->line : 0,
	            "DOCTYPE declarations are not accepted (they can define entities); remove it");
	xmlStopParser(ctxt);
}

xmlParserCtxtPtr gi__xml_ctxt_new(void)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return NULL;
	ctxt->sax->serror = on_xml_error;
	ctxt->sax->internalSubset = reject_doctype;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	return ctxt;
}

xmlDocPtr gi__xml_parse_with(xmlParserCtxtPtr ctxt, gi__problems *pr, const void *data, size_t len, const char *name)
{
	/* xmlCtxtReadMemory resets the context (its state, not its
	 * dictionary or handlers) before it reads */
	ctxt->_private = pr;
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, GI__XML_OPTIONS);
	if (doc && pr->count) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	ctxt->_private = NULL;
	return doc;
}

xmlDocPtr gi__xml_parse(gi__problems *pr, const void *data, size_t len, const char *name)
{
	xmlParserCtxtPtr ctxt = gi__xml_ctxt_new();
	if (!ctxt)
		return NULL;
	xmlDocPtr doc = gi__xml_parse_with(ctxt, pr, data, len, name);
	xmlFreeParserCtxt(ctxt);
	return doc;
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

/* When libgi is unloaded (an interpreter closing the binding that loaded
 * it), the compiled schemas would otherwise stay allocated with nothing
 * pointing at them. */
void gi__schemas_free(void)
{
	for (int i = 0; i < 3; i++) {
		if (schemas[i]) {
			xmlSchemaFree(schemas[i]);
			schemas[i] = NULL;
		}
	}
}

__attribute__((destructor)) static void free_schemas_at_unload(void)
{
	gi__schemas_free();
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

/* The schema types whose values are numbers, dates or booleans, as
 * libxml2 names them once our namespaces are stripped. */
static const char *const number_types[] = {
	"'xs:decimal'", "'xs:double'", "'xs:integer'", "'xs:positiveInteger'", "'xs:nonNegativeInteger'",
	"'NonNegative'", "'Positive'", "'Probability'",
};

/* A value a person typed that the schema's type refuses: say what it must
 * look like instead of libxml2's "is not a valid value of the atomic type
 * 'xs:decimal'" (msg is "Element 'x', attribute 'y': '7,5' is not a ..."). */
static void explain_value(char *msg, size_t size, const char *value)
{
	char *tail = strstr(msg, "' is not a valid value of the ");
	if (!tail || !value)
		return;
	char type[96] = "";
	const char *q = strrchr(msg, '\'');
	if (q) {
		const char *open = q;
		while (open > msg && open[-1] != '\'')
			open--;
		if (open > msg)
			snprintf(type, sizeof type, "'%.*s", (int)(q - open + 1), open);
	}
	int number = 0;
	for (size_t i = 0; i < sizeof number_types / sizeof number_types[0]; i++)
		number |= strcmp(type, number_types[i]) == 0;
	const char *says = NULL;
	char with_point[96];
	int integer = strstr(type, "nteger'") != NULL;
	int comma = strchr(value, ',') != NULL && strchr(value, '.') == NULL;
	if (number && comma && !integer && strlen(value) < 40) {
		/* "7,5": the decimal comma of a Vietnamese or European locale */
		static const char lead[] = "' is not a number: write decimals with a point, '";
		snprintf(with_point, sizeof with_point, "%s%s'", lead, value);
		for (char *c = with_point + sizeof lead - 1; *c; c++)
			if (*c == ',')
				*c = '.';
		says = with_point;
	}
	else if (number && integer)
		says = "' is not a whole number";
	else if (number)
		says = "' is not a number (a decimal such as 5.34 is expected)";
	else if (strcmp(type, "'xs:date'") == 0)
		says = "' is not a date: write dates as YYYY-MM-DD (ISO 8601), such as 2026-04-10";
	else if (strcmp(type, "'xs:boolean'") == 0)
		says = "' must be true or false";
	if (says)
		snprintf(tail, size - (size_t)(tail - msg), "%s", says);
}

void gi__problem_xml(gi__problems *p, int code, const xmlError *err)
{
	char msg[512];
	if (err->level == XML_ERR_WARNING)
		return;
	snprintf(msg, sizeof msg, "%s", err->message ? err->message : "XML error");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
		msg[--n] = '\0';
	strip_namespaces(msg);
	if (err->domain == XML_FROM_SCHEMASV && err->code == XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1)
		explain_value(msg, sizeof msg, err->str1);
	/* "[facet 'minInclusive'] The value '-1' is less than ..." */
	char *facet = strstr(msg, "[facet '");
	if (facet) {
		char *end = strstr(facet, "'] ");
		if (end) {
			end += 3;
			if (*end == 'T')
				*end = 't';
			memmove(facet, end, strlen(end) + 1);
		}
	}
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
