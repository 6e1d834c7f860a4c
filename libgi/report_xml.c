/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_xml.c - XML lab reports through libxml2's streaming reader.
 *
 * The reader validates against lab-report.xsd as it goes and frees each
 * node once it has been passed, so memory stays flat however many samples
 * the report has. Any error, well-formedness or validity, stops reading
 * with the file and line of the first problem.
 */
#include "config.h"
#include <string.h>
#include <libxml/xmlreader.h>
#include "report_internal.h"
#include "i18n_internal.h"

#define NS "urn:libgi:lab-report:1"
#define PROLOG_MAX (1u << 20)

typedef struct {
	xmlTextReaderPtr reader;
	gi_report *r;
	int pending;          /* the reader stands on a <sample> start tag */
	int failed;
	int bad;              /* an attribute failed gi__report_text: its code */
	int err_code;
	long err_line;
	char err[512];
	char *text;           /* text content being collected */
	size_t text_len, text_cap;
	unsigned char *prolog; /* bytes read to check the prolog, replayed to libxml2 */
	size_t prolog_len, prolog_pos;
	gi__xml_scan scan;    /* what libxml2 is given, checked first */
} xml_state;

static void on_error(void *arg, xmlErrorPtr e)
{
	xml_state *x = arg;
	if (e->level == XML_ERR_WARNING || x->failed)
		return;
	gi__problems p = { x->r->name, NULL, NULL, 0, 0, 0, "" };
	int code = e->domain == XML_FROM_SCHEMASV ? GI_EINVALID : GI_EPARSE;
	gi__problem_xml(&p, code, e);
	x->failed = 1;
	x->err_code = code;
	x->err_line = e->line;
	if (e->code == XML_SCHEMAV_CVC_ELT_1)
		snprintf(x->err, sizeof x->err, "%s", "the root element must be <labReport xmlns=\"" NS "\">");
	else if (e->code == XML_ERR_ENTITY_LOOP || e->code == XML_ERR_UNDECLARED_ENTITY ||
	    e->code == XML_WAR_UNDECLARED_ENTITY)
		snprintf(x->err, sizeof x->err, "%s; entity declarations are not accepted", p.first);
	else
		snprintf(x->err, sizeof x->err, "%s", p.first);
}

static int fail(xml_state *x)
{
	return gi__error(x->err_code, x->r->name, x->err_line, "%s", x->err);
}

static long node_line(xml_state *x)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(x->reader);
	return n ? xmlGetLineNo(n) : xmlTextReaderGetParserLineNumber(x->reader);
}

/* One step of the reader; 1 = on a node, 0 = end of input, <0 = error. */
static int step(xml_state *x)
{
	xmlResetLastError();
	int rc = xmlTextReaderRead(x->reader);
	if (!x->failed && rc < 0 && xmlGetLastError())
		on_error(x, xmlGetLastError());  /* errors the schema hook did not pass on */
	if (x->failed)
		return fail(x);
	if (rc < 0)
		return gi__error(GI_EPARSE, x->r->name, xmlTextReaderGetParserLineNumber(x->reader),
		                 N_("the XML cannot be read"));
	if (rc == 1 && xmlTextReaderNodeType(x->reader) == XML_READER_TYPE_DOCUMENT_TYPE)
		return gi__error(GI_EPARSE, x->r->name, node_line(x),
		                 N_("DOCTYPE declarations are not accepted (they can define entities); remove it"));
	return rc;
}

static int name_is(xml_state *x, const char *name)
{
	return xmlStrEqual(xmlTextReaderConstLocalName(x->reader), BAD_CAST name);
}

static int io_read(void *ctx, char *buf, int len)
{
	xml_state *x = ctx;
	if (x->prolog_pos < x->prolog_len) {
		size_t n = x->prolog_len - x->prolog_pos;
		if (n > (size_t)len)
			n = (size_t)len;
		memcpy(buf, x->prolog + x->prolog_pos, n);
		x->prolog_pos += n;
		return (int)n;
	}
	return (int)gi__input_read(&x->r->in, buf, (size_t)len);
}

/* Makes sure at least need bytes of the prolog are buffered; 1 if they
 * are, 0 if the input ends first, < 0 on error. */
static int prolog_fill(xml_state *x, size_t need)
{
	while (x->prolog_len < need) {
		if (x->prolog_len >= PROLOG_MAX)
			return gi__error(GI_EPARSE, x->r->name, 0,
			                 N_("no root element in the first %u bytes"), PROLOG_MAX);
		unsigned char *p = realloc(x->prolog, PROLOG_MAX);
		if (!p)
			return gi__oom();
		x->prolog = p;
		long got = gi__input_read(&x->r->in, p + x->prolog_len, PROLOG_MAX - x->prolog_len);
		if (got < 0)
			return gi__error(GI_EIO, x->r->name, 0, N_("read error"));
		if (got == 0)
			return 0;
		x->prolog_len += (size_t)got;
	}
	return 1;
}

static int prolog_at(xml_state *x, size_t pos, const char *s)
{
	size_t n = strlen(s);
	return prolog_fill(x, pos + n) == 1 && memcmp(x->prolog + pos, s, n) == 0;
}

/*
 * Reads the prolog (XML declaration, comments, processing instructions)
 * up to the root element and rejects a DOCTYPE before libxml2 sees it: a
 * DOCTYPE is how entity expansion bombs and external entities get in, and
 * lab reports never need one. Only UTF-8 (or ASCII) reports are accepted,
 * so the check sees the bytes as they are.
 */
static int check_prolog(xml_state *x)
{
	size_t pos = 0;
	long line = 1;
	int rc = prolog_fill(x, 4);
	if (rc < 0)
		return rc;
	if (x->prolog_len >= 2 && ((x->prolog[0] == 0xFE && x->prolog[1] == 0xFF) ||
	                           (x->prolog[0] == 0xFF && x->prolog[1] == 0xFE) || x->prolog[1] == 0))
		return gi__error(GI_EPARSE, x->r->name, 1, N_("the report is UTF-16; write it as UTF-8"));
	if (prolog_at(x, 0, "\xEF\xBB\xBF"))
		pos = 3;
	for (;;) {
		if ((rc = prolog_fill(x, pos + 1)) <= 0)
			return rc;
		unsigned char c = x->prolog[pos];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			line += c == '\n';
			pos++;
			continue;
		}
		const char *end = prolog_at(x, pos, "<?") ? "?>" : prolog_at(x, pos, "<!--") ? "-->" : NULL;
		if (!end) {
			if (prolog_at(x, pos, "<!DOCTYPE"))
				return gi__error(GI_EPARSE, x->r->name, line,
				                 N_("DOCTYPE declarations are not accepted (they can define entities); remove it"));
			return GI_OK;  /* the root element, or something libxml2 will name */
		}
		pos += 2;
		size_t el = strlen(end);
		while (!prolog_at(x, pos, end)) {
			if ((rc = prolog_fill(x, pos + el)) <= 0)
				return rc;
			line += x->prolog[pos] == '\n';
			pos++;
		}
		pos += el;
	}
}

/* io_read, with the bytes checked before libxml2 parses them */
static int scanned_read(void *ctx, char *buf, int len)
{
	xml_state *x = ctx;
	int n = io_read(ctx, buf, len);
	if (n > 0 && gi__xml_scan_feed(&x->scan, buf, (size_t)n) < 0) {
		if (!x->failed) {
			x->failed = 1;
			x->err_code = GI_EPARSE;
			x->err_line = x->scan.line;
			snprintf(x->err, sizeof x->err, "%s", x->scan.err);
		}
		return -1;
	}
	return n;
}

static int io_close(void *ctx)
{
	return 0;
}

/* Collects the text content of the current element up to its end tag. */
static int read_text(xml_state *x)
{
	x->text_len = 0;
	if (xmlTextReaderIsEmptyElement(x->reader))
		goto done;
	for (;;) {
		int rc = step(x);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return gi__error(GI_EPARSE, x->r->name, 0, N_("unexpected end of document"));
		int t = xmlTextReaderNodeType(x->reader);
		if (t == XML_READER_TYPE_END_ELEMENT)
			break;
		if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
		    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || t == XML_READER_TYPE_WHITESPACE) {
			const char *v = (const char *)xmlTextReaderConstValue(x->reader);
			size_t n = strlen(v);
			if (x->text_len + n + 1 > x->text_cap) {
				size_t cap = (x->text_len + n + 1) * 2;
				char *t2 = realloc(x->text, cap);
				if (!t2)
					return gi__oom();
				x->text = t2;
				x->text_cap = cap;
			}
			memcpy(x->text + x->text_len, v, n);
			x->text_len += n;
		}
	}
done:
	if (!x->text) {
		x->text = malloc(16);
		if (!x->text)
			return gi__oom();
		x->text_cap = 16;
	}
	x->text[x->text_len] = '\0';
	return GI_OK;
}

/* "attribute 'NAME'", as snprintf would write it into what[64], without
 * printf's cost: it is made for every attribute of every sample. */
static void attr_what(char what[64], const char *name)
{
	static const char pre[] = "attribute '";
	size_t p = sizeof pre - 1, n = strlen(name);
	if (n > 64 - 1 - p)
		n = 64 - 1 - p;
	memcpy(what, pre, p);
	memcpy(what + p, name, n);
	if (p + n < 63)
		what[p + n++] = '\'';
	what[p + n] = '\0';
}

/* Attribute value of the current element, copied into the sample arena.
 * A value with control characters (XML forbids most C0 characters, but
 * not DEL, C1 or a line break written as &#10;) sets x->bad. */
static char *attr(xml_state *x, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(x->reader, BAD_CAST name);
	if (!v)
		return NULL;
	size_t n = strlen((char *)v);
	char what[64];
	attr_what(what, name);
	int rc = x->bad ? 0 : gi__report_text(x->r, (char *)v, n, node_line(x), what, 0);
	if (rc < 0)
		x->bad = rc;
	char *s = gi__report_str(x->r, (char *)v, n);
	xmlFree(v);
	return s;
}

static int number_attr(xml_state *x, const char *name, double *out, int *has, long line)
{
	char *v = attr(x, name);
	if (x->bad)
		return x->bad;
	if (!v)
		return GI_OK;
	int rc = gi__report_number(x->r, out, v, strlen(v), line, name);
	if (rc == 0 && has)
		*has = 1;
	return rc;
}

static int read_measurement(xml_state *x)
{
	gi_report *r = x->r;
	long line = node_line(x);
	gi_measurement *m = gi__measurement_begin(r, line);
	if (!m)
		return gi__oom();
	m->analyte = attr(x, "analyte");
	m->method = attr(x, "method");
	char *unit = attr(x, "unit");
	char *basis = attr(x, "basis");
	if (x->bad)
		return x->bad;
	int rc = gi__report_basis(r, &m->basis, basis, line);
	if (rc < 0)
		return rc;
	if (!m->analyte)
		return gi__error(GI_EINVALID, r->name, line, N_("measurement without analyte"));
	int depth = xmlTextReaderDepth(x->reader);
	int empty = xmlTextReaderIsEmptyElement(x->reader);
	while (!empty) {
		rc = step(x);
		if (rc <= 0)
			return rc < 0 ? rc : gi__error(GI_EPARSE, r->name, 0, N_("unexpected end of document"));
		int t = xmlTextReaderNodeType(x->reader);
		if (t == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->reader) == depth)
			break;
		if (t != XML_READER_TYPE_ELEMENT)
			continue;
		long l = node_line(x);
		double v;
		if (x->bad)
			return x->bad;
		if (name_is(x, "value")) {
			if ((rc = read_text(x)) < 0 ||
			    (rc = gi__report_number(r, &v, x->text, x->text_len, l, "value")) < 0 ||
			    (rc = gi__measurement_value(r, v)) < 0)
				return rc;
		} else if (name_is(x, "lessThan")) {
			if ((rc = read_text(x)) < 0 ||
			    (rc = gi__report_number(r, &m->censor_limit, x->text, x->text_len, l, "lessThan")) < 0)
				return rc;
			m->censored = 1;
		} else if (name_is(x, "text")) {
			if ((rc = read_text(x)) < 0 ||
			    (rc = gi__report_text(r, x->text, x->text_len, l, "<text>", 1)) < 0)
				return rc;
			char *txt = gi__report_str(r, x->text, x->text_len);
			if (!txt)
				return gi__oom();
			m->text = txt;
		} else if (name_is(x, "uncertainty")) {
			if ((rc = number_attr(x, "expanded", &m->uncertainty, &m->has_uncertainty, l)) < 0)
				return rc;
			int rel = 0;
			if ((rc = number_attr(x, "relative", &m->uncertainty_percent, &rel, l)) < 0)
				return rc;
			if (rel && m->has_uncertainty)
				return gi__error(GI_EINVALID, r->name, l, N_("give the uncertainty as expanded or relative, not both"));
			if (rel)
				m->has_uncertainty = m->uncertainty_relative = 1;
			if ((rc = number_attr(x, "k", &m->coverage, NULL, l)) < 0 ||
			    (rc = number_attr(x, "dof", &m->dof, &m->has_dof, l)) < 0)
				return rc;
		} else if (name_is(x, "lod")) {
			if ((rc = read_text(x)) < 0 ||
			    (rc = gi__report_number(r, &m->lod, x->text, x->text_len, l, "lod")) < 0)
				return rc;
			m->has_lod = 1;
		} else if (name_is(x, "loq")) {
			if ((rc = read_text(x)) < 0 ||
			    (rc = gi__report_number(r, &m->loq, x->text, x->text_len, l, "loq")) < 0)
				return rc;
			m->has_loq = 1;
		}
	}
	return gi__measurement_end(r, m, unit);
}

static int read_sample(xml_state *x)
{
	gi_report *r = x->r;
	long line = node_line(x);
	gi__sample_begin(r, line);
	gi_sample *s = &r->sample;
	s->id = attr(x, "id");
	s->lot = attr(x, "lot");
	s->product = attr(x, "product");
	s->spec = attr(x, "spec");
	s->sampled = attr(x, "sampled");
	s->analysed = attr(x, "analysed");
	if (x->bad)
		return x->bad;
	if (!s->id || !s->product || !s->spec)
		return gi__error(GI_EINVALID, r->name, line, N_("sample needs id, product and spec"));
	int rc = gi__report_unique_id(r, s->id, line);
	if (rc < 0 || (rc = gi__report_sample_dates(r, line)) < 0)
		return rc;
	int depth = xmlTextReaderDepth(x->reader);
	int empty = xmlTextReaderIsEmptyElement(x->reader);
	while (!empty) {
		rc = step(x);
		if (rc <= 0)
			return rc < 0 ? rc : gi__error(GI_EPARSE, r->name, 0, N_("unexpected end of document"));
		int t = xmlTextReaderNodeType(x->reader);
		if (t == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->reader) == depth)
			break;
		if (t != XML_READER_TYPE_ELEMENT)
			continue;
		if (name_is(x, "origin")) {
			long l = node_line(x);
			s->origin = attr(x, "unit");
			s->origin_former = attr(x, "formerUnit");
			if (x->bad)
				return x->bad;
			int lat = 0, lon = 0;
			if ((rc = number_attr(x, "altitude", &s->altitude, &s->has_altitude, l)) < 0 ||
			    (rc = number_attr(x, "latitude", &s->latitude, &lat, l)) < 0 ||
			    (rc = number_attr(x, "longitude", &s->longitude, &lon, l)) < 0)
				return rc;
			if (lat != lon)
				return gi__error(GI_EINVALID, r->name, l, N_("give both latitude and longitude, or neither"));
			if (lat && (s->latitude < -90 || s->latitude > 90 || s->longitude < -180 || s->longitude > 180))
				return gi__error(GI_EINVALID, r->name, l, N_("latitude/longitude out of range"));
			s->has_position = lat;
		} else if (name_is(x, "measurement")) {
			if ((rc = read_measurement(x)) < 0)
				return rc;
		}
	}
	if (r->n_meas == 0)
		return gi__error(GI_EINVALID, r->name, line, N_("sample %s has no measurement"), s->id);
	return gi__sample_end(r);
}

static int xml_next(gi_report *r, int *got)
{
	xml_state *x = r->impl;
	*got = 0;
	while (!x->pending) {
		int rc = step(x);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return GI_OK;  /* end of input: the digest is final */
		if (xmlTextReaderNodeType(x->reader) == XML_READER_TYPE_ELEMENT && name_is(x, "sample"))
			x->pending = 1;
	}
	x->pending = 0;
	int rc = read_sample(x);
	if (rc < 0)
		return rc;
	*got = 1;
	return GI_OK;
}

static void xml_free(void *impl)
{
	xml_state *x = impl;
	if (x->reader)
		xmlFreeTextReader(x->reader);
	free(x->text);
	free(x->prolog);
	free(x);
}

static const gi__report_backend xml_backend = { xml_next, xml_free };

static char *header_attr(xml_state *x, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(x->reader, BAD_CAST name);
	if (!v)
		return NULL;
	char what[64];
	snprintf(what, sizeof what, "attribute '%s'", name);
	int rc = x->bad ? 0 : gi__report_text(x->r, (char *)v, strlen((char *)v), node_line(x), what, 0);
	if (rc < 0)
		x->bad = rc;
	char *s = gi__arena_strdup(&x->r->header, (char *)v);
	xmlFree(v);
	return s;
}

/* Reads the root and the laboratory, stopping on the first <sample>. */
static int read_header(xml_state *x)
{
	gi_report *r = x->r;
	int rc;
	do {
		rc = step(x);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return gi__error(GI_EPARSE, r->name, 0, N_("the document has no root element"));
	} while (xmlTextReaderNodeType(x->reader) != XML_READER_TYPE_ELEMENT);
	if (!name_is(x, "labReport") ||
	    !xmlStrEqual(xmlTextReaderConstNamespaceUri(x->reader), BAD_CAST NS))
		return gi__error(GI_EINVALID, r->name, node_line(x),
		                 N_("root element is <%s>; a lab report is <labReport xmlns=\"%s\">"),
		                 (const char *)xmlTextReaderConstLocalName(x->reader), NS);
	r->lab.report_id = header_attr(x, "id");
	r->lab.issued = header_attr(x, "issued");
	if (x->bad)
		return x->bad;
	if ((rc = gi__report_date(r, r->lab.issued, node_line(x), "issue date")) < 0)
		return rc;
	for (;;) {
		rc = step(x);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return gi__error(GI_EPARSE, r->name, 0, N_("unexpected end of document"));
		if (xmlTextReaderNodeType(x->reader) != XML_READER_TYPE_ELEMENT)
			continue;
		if (name_is(x, "sample")) {
			x->pending = 1;
			return GI_OK;
		}
		if (name_is(x, "laboratory")) {
			r->lab.id = header_attr(x, "id");
			r->lab.accreditation = header_attr(x, "accreditation");
			if (x->bad)
				return x->bad;
		} else if (name_is(x, "name") && xmlTextReaderDepth(x->reader) == 2) {
			long l = node_line(x);
			if ((rc = read_text(x)) < 0 || (rc = gi__report_text(r, x->text, x->text_len, l, "<name>", 1)) < 0)
				return rc;
			r->lab.name = gi__arena_strdup(&r->header, x->text);
		}
	}
}

int gi__report_open_xml(gi_report *r)
{
	xmlSchemaPtr schema = gi__schema(GI__SCHEMA_REPORT);
	if (!schema)
		return gi__error(GI_ERROR, NULL, 0, "the embedded lab-report schema does not compile");
	xml_state *x = calloc(1, sizeof *x);
	if (!x)
		return gi__oom();
	x->r = r;
	r->impl = x;
	r->be = &xml_backend;
	int rc = check_prolog(x);
	if (rc < 0)
		return rc;
	x->reader = xmlReaderForIO(scanned_read, io_close, x, r->name, NULL, GI__XML_OPTIONS);
	if (!x->reader)
		return gi__oom();
	xmlTextReaderSetStructuredErrorHandler(x->reader, on_error, x);
	if (xmlTextReaderSetSchema(x->reader, schema) != 0)
		return gi__error(GI_ERROR, NULL, 0, "cannot attach the lab-report schema");
	return read_header(x);
}
