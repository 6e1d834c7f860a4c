/*
 * report_csv.c - lab reports as CSV, the shape a LIMS export has: a header
 * row naming the columns, then one row per measurement (one per replicate
 * when there are several). Rows of one sample are consecutive; the
 * replicates of one analyte are consecutive rows of that sample.
 *
 * Fields follow RFC 4180 quoting. The delimiter is taken from the header:
 * ';' or a tab if it has one, else ','. A ';' file can write decimal commas
 * unquoted ("5,34"), which is how spreadsheets in Viet Nam and much of
 * Europe export them.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

#define RECORD_MAX (1u << 20)

enum col {
	C_SAMPLE, C_LOT, C_PRODUCT, C_SPEC, C_SAMPLED, C_ANALYSED, C_ORIGIN, C_ALTITUDE,
	C_LATITUDE, C_LONGITUDE, C_ANALYTE, C_UNIT, C_BASIS, C_VALUE, C_TEXT, C_U, C_K,
	C_LOD, C_LOQ, C_METHOD, C_DOF, C_LAB, C_LAB_NAME, C_ACCREDITATION, C_REPORT, C_ISSUED,
	NCOLS
};

static const struct { const char *name; int col; } column_names[] = {
	{ "sample", C_SAMPLE }, { "sample_id", C_SAMPLE },
	{ "lot", C_LOT }, { "lot_code", C_LOT },
	{ "product", C_PRODUCT },
	{ "spec", C_SPEC }, { "spec_id", C_SPEC },
	{ "sampled", C_SAMPLED }, { "sampling_date", C_SAMPLED },
	{ "analysed", C_ANALYSED }, { "analyzed", C_ANALYSED }, { "analysis_date", C_ANALYSED },
	{ "origin", C_ORIGIN }, { "origin_unit", C_ORIGIN },
	{ "altitude", C_ALTITUDE }, { "latitude", C_LATITUDE }, { "longitude", C_LONGITUDE },
	{ "analyte", C_ANALYTE }, { "unit", C_UNIT }, { "basis", C_BASIS },
	{ "value", C_VALUE }, { "result", C_VALUE }, { "text", C_TEXT },
	{ "u", C_U }, { "uncertainty", C_U }, { "expanded_uncertainty", C_U },
	{ "k", C_K }, { "dof", C_DOF }, { "lod", C_LOD }, { "loq", C_LOQ }, { "method", C_METHOD },
	{ "lab", C_LAB }, { "lab_id", C_LAB }, { "lab_name", C_LAB_NAME },
	{ "accreditation", C_ACCREDITATION }, { "report", C_REPORT }, { "report_id", C_REPORT },
	{ "issued", C_ISSUED },
};

/* Columns that describe the sample and so must agree on all its rows. */
static const int sample_cols[] = { C_LOT, C_PRODUCT, C_SPEC, C_SAMPLED, C_ANALYSED, C_ORIGIN,
                                   C_ALTITUDE, C_LATITUDE, C_LONGITUDE };
/* Columns that describe a measurement and so must agree on its replicate rows. */
static const int meas_cols[] = { C_UNIT, C_BASIS, C_U, C_K, C_DOF, C_LOD, C_LOQ, C_METHOD };

typedef struct {
	gi_report *r;
	char delim;
	unsigned char *buf;
	size_t buf_len, buf_pos;
	int in_eof;
	long line;                   /* physical line at buf_pos */
	char *rec;                   /* current record: fields separated by NUL */
	size_t rec_len, rec_cap;
	size_t *off;                 /* field start offsets in rec */
	size_t nf, cap_f;
	long rec_line;
	int have_rec;                /* a record is read but not yet used */
	int col[NCOLS];              /* field index per column, -1 if absent */
	size_t ncols;
	size_t samples;
	/* first-row values of the sample and measurement being assembled */
	const char *sample_first[NCOLS];
	long sample_first_line;
	const char *meas_first[NCOLS];
	long meas_first_line;
} csv_state;

static int refill(csv_state *c)
{
	if (c->in_eof)
		return 0;
	if (!c->buf) {
		c->buf = malloc(65536);
		if (!c->buf)
			return gi__oom();
	}
	long got = gi__input_read(&c->r->in, c->buf, 65536);
	if (got < 0)
		return gi__error(GI_EIO, c->r->name, c->line, "read error");
	if (got == 0)
		c->in_eof = 1;
	c->buf_len = (size_t)got;
	c->buf_pos = 0;
	return (int)(got > 0);
}

static int rec_put(csv_state *c, char ch)
{
	if (c->rec_len + 1 >= c->rec_cap) {
		if (c->rec_cap >= RECORD_MAX)
			return gi__error(GI_EPARSE, c->r->name, c->rec_line,
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

static int field_start(csv_state *c)
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
static int getbyte(csv_state *c)
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

static void ungetbyte(csv_state *c)
{
	c->buf_pos--;
}

/* Reads one record. Returns 1, 0 at the end, or an error. Blank lines and
 * lines starting with '#' are skipped. */
static int read_record(csv_state *c)
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
					return gi__error(GI_EPARSE, c->r->name, c->rec_line, "a quoted field is not closed");
				if (ch == '"') {
					ch = getbyte(c);
					if (ch != '"')
						break;
				}
				if (ch == '\n')
					c->line++;
				if (ch == 0)
					return gi__error(GI_EPARSE, c->r->name, c->line, "NUL byte: this is not a text file");
				if ((rc = rec_put(c, (char)ch)) < 0)
					return rc;
			}
			if (ch < -1)
				return ch + 100;
			if (ch != c->delim && ch != '\n' && ch != '\r' && ch != -1)
				return gi__error(GI_EPARSE, c->r->name, c->line,
				                 "unexpected character after a closing quote (field %zu)", c->nf);
		} else {
			while (ch >= 0 && ch != c->delim && ch != '\n') {
				if (ch == 0)
					return gi__error(GI_EPARSE, c->r->name, c->line, "NUL byte: this is not a text file");
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
			return gi__error(GI_EPARSE, c->r->name, c->line, "unexpected character after a quoted field");
	}
}

/* The field of column col in the current record, trimmed, or "" if the
 * column is absent. Trimming writes into the record buffer. */
static const char *field(csv_state *c, int col)
{
	int i = c->col[col];
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

static int read_header(csv_state *c)
{
	gi_report *r = c->r;
	/* UTF-8 byte-order mark, as spreadsheet programs write it */
	int b0 = getbyte(c);
	if (b0 == 0xEF) {
		int b1 = getbyte(c), b2 = getbyte(c);
		if (b1 != 0xBB || b2 != 0xBF)
			return gi__error(GI_EPARSE, r->name, 1, "the file starts with bytes that are not text");
	} else if (b0 >= 0) {
		ungetbyte(c);
	}
	/* The header decides the delimiter: read it with ',' and, if that
	 * gives one field holding ';' or a tab, split that field instead. */
	c->delim = ',';
	int rc = read_record(c);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gi__error(GI_EPARSE, r->name, 0, "the file is empty");
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
	for (int k = 0; k < NCOLS; k++)
		c->col[k] = -1;
	c->ncols = c->nf;
	for (size_t i = 0; i < c->nf; i++) {
		char *name = c->rec + c->off[i];
		for (char *q = name; *q; q++)
			*q = (*q >= 'A' && *q <= 'Z') ? (char)(*q - 'A' + 'a') : (*q == ' ' || *q == '-') ? '_' : *q;
		int found = -1;
		for (size_t k = 0; k < GI_ARRAY_SIZE(column_names); k++)
			if (strcmp(name, column_names[k].name) == 0)
				found = column_names[k].col;
		if (found < 0)
			return gi__error(GI_EINVALID, r->name, c->rec_line,
			                 "unknown column '%.40s' (see report-format.md for the column names)", name);
		if (c->col[found] >= 0)
			return gi__error(GI_EINVALID, r->name, c->rec_line, "column '%s' appears twice", name);
		c->col[found] = (int)i;
	}
	static const struct { int col; const char *name; } required[] = {
		{ C_SAMPLE, "sample" }, { C_PRODUCT, "product" }, { C_SPEC, "spec" },
		{ C_ANALYTE, "analyte" }, { C_VALUE, "value" }, { C_LAB, "lab" },
	};
	for (size_t k = 0; k < GI_ARRAY_SIZE(required); k++)
		if (c->col[required[k].col] < 0)
			return gi__error(GI_EINVALID, r->name, c->rec_line, "the header has no '%s' column",
			                 required[k].name);
	return GI_OK;
}

static int require(csv_state *c, int col, const char *what)
{
	if (!*field(c, col))
		return gi__error(GI_EINVALID, c->r->name, c->rec_line, "%s is empty", what);
	return GI_OK;
}

static int set_lab(csv_state *c)
{
	gi_report *r = c->r;
	gi_lab *lab = &r->lab;
	const char *id = field(c, C_LAB);
	if (!lab->id) {
		lab->id = gi__arena_strdup(&r->header, id);
		lab->name = *field(c, C_LAB_NAME) ? gi__arena_strdup(&r->header, field(c, C_LAB_NAME)) : NULL;
		lab->accreditation = *field(c, C_ACCREDITATION) ? gi__arena_strdup(&r->header, field(c, C_ACCREDITATION)) : NULL;
		lab->report_id = *field(c, C_REPORT) ? gi__arena_strdup(&r->header, field(c, C_REPORT)) : NULL;
		lab->issued = *field(c, C_ISSUED) ? gi__arena_strdup(&r->header, field(c, C_ISSUED)) : NULL;
		if (!lab->id)
			return gi__oom();
		return GI_OK;
	}
	if (strcmp(lab->id, id) != 0)
		return gi__error(GI_EINVALID, r->name, c->rec_line,
		                 "lab '%s' differs from '%s' on the first row: a report comes from one laboratory",
		                 id, lab->id);
	return GI_OK;
}

static int number_field(csv_state *c, int col, double *out, int *has, const char *what)
{
	const char *f = field(c, col);
	if (!*f)
		return GI_OK;
	int rc = gi__report_number(c->r, out, f, strlen(f), c->rec_line, what);
	if (rc == 0 && has)
		*has = 1;
	return rc;
}

static int keep_firsts(csv_state *c, const int *cols, size_t n, const char **first)
{
	for (size_t i = 0; i < n; i++) {
		const char *f = field(c, cols[i]);
		first[cols[i]] = gi__report_str(c->r, f, strlen(f));
		if (!first[cols[i]])
			return gi__oom();
	}
	return GI_OK;
}

static int check_same(csv_state *c, const int *cols, size_t n, const char **first, long first_line,
                      const char *what)
{
	for (size_t i = 0; i < n; i++) {
		const char *f = field(c, cols[i]);
		if (*f && strcmp(f, first[cols[i]]) != 0) {
			const char *name = "?";
			for (size_t k = 0; k < GI_ARRAY_SIZE(column_names); k++)
				if (column_names[k].col == cols[i]) {
					name = column_names[k].name;
					break;
				}
			return gi__error(GI_EINVALID, c->r->name, c->rec_line,
			                 "%s: %s '%s' differs from '%s' on line %ld", what, name, f,
			                 first[cols[i]], first_line);
		}
	}
	return GI_OK;
}

static int begin_sample(csv_state *c)
{
	gi_report *r = c->r;
	gi__sample_begin(r, c->rec_line);
	gi_sample *s = &r->sample;
	int rc;
	if ((rc = require(c, C_SAMPLE, "sample")) < 0 || (rc = require(c, C_PRODUCT, "product")) < 0 ||
	    (rc = require(c, C_SPEC, "spec")) < 0 || (rc = require(c, C_LAB, "lab")) < 0)
		return rc;
	if ((rc = keep_firsts(c, sample_cols, GI_ARRAY_SIZE(sample_cols), c->sample_first)) < 0)
		return rc;
	c->sample_first_line = c->rec_line;
	const char **f = c->sample_first;
	s->id = gi__report_str(r, field(c, C_SAMPLE), strlen(field(c, C_SAMPLE)));
	if (!s->id)
		return gi__oom();
	s->lot = *f[C_LOT] ? f[C_LOT] : NULL;
	s->product = f[C_PRODUCT];
	s->spec = f[C_SPEC];
	s->sampled = *f[C_SAMPLED] ? f[C_SAMPLED] : NULL;
	s->analysed = *f[C_ANALYSED] ? f[C_ANALYSED] : NULL;
	s->origin = *f[C_ORIGIN] ? f[C_ORIGIN] : NULL;
	for (const char **d = &s->sampled; d <= &s->analysed; d++)
		if (*d && !gi__is_date(*d))
			return gi__error(GI_EINVALID, r->name, c->rec_line, "'%s' is not a date (YYYY-MM-DD)", *d);
	int lat = 0, lon = 0;
	if ((rc = number_field(c, C_ALTITUDE, &s->altitude, &s->has_altitude, "altitude")) < 0 ||
	    (rc = number_field(c, C_LATITUDE, &s->latitude, &lat, "latitude")) < 0 ||
	    (rc = number_field(c, C_LONGITUDE, &s->longitude, &lon, "longitude")) < 0)
		return rc;
	if (lat != lon)
		return gi__error(GI_EINVALID, r->name, c->rec_line, "give both latitude and longitude, or neither");
	if (lat && (s->latitude < -90 || s->latitude > 90 || s->longitude < -180 || s->longitude > 180))
		return gi__error(GI_EINVALID, r->name, c->rec_line, "latitude/longitude out of range");
	s->has_position = lat;
	return GI_OK;
}

/* Reads the value column of the current row into measurement m. */
static int row_value(csv_state *c, gi_measurement *m)
{
	gi_report *r = c->r;
	const char *v = field(c, C_VALUE);
	const char *t = field(c, C_TEXT);
	if (*v == '<') {
		if (m->censored || r->n_vals)
			return gi__error(GI_EINVALID, r->name, c->rec_line,
			                 "a censored result '%s' cannot be one of several replicates", v);
		v++;
		while (*v == ' ')
			v++;
		if (gi__ascii_casecmp(v, "LOQ") == 0 || gi__ascii_casecmp(v, "LOD") == 0) {
			int loq = gi__ascii_casecmp(v, "LOQ") == 0;
			const char *lim = field(c, loq ? C_LOQ : C_LOD);
			if (!*lim)
				return gi__error(GI_EINVALID, r->name, c->rec_line,
				                 "'<%s' needs the %s column to give its value", v, loq ? "loq" : "lod");
			int rc = gi__report_number(r, &m->censor_limit, lim, strlen(lim), c->rec_line, loq ? "loq" : "lod");
			if (rc < 0)
				return rc;
		} else {
			int rc = gi__report_number(r, &m->censor_limit, v, strlen(v), c->rec_line, "value");
			if (rc < 0)
				return rc;
		}
		m->censored = 1;
		return GI_OK;
	}
	if (!*v && *t) {
		if (m->text || r->n_vals)
			return gi__error(GI_EINVALID, r->name, c->rec_line, "a qualitative result cannot have replicates");
		m->text = gi__report_str(r, t, strlen(t));
		return m->text ? GI_OK : gi__oom();
	}
	if (m->censored || m->text)
		return gi__error(GI_EINVALID, r->name, c->rec_line,
		                 "analyte '%s' already has a censored or qualitative result", m->analyte);
	if (!*v)
		return gi__error(GI_EINVALID, r->name, c->rec_line, "value is empty");
	double x;
	int rc = gi__report_number(r, &x, v, strlen(v), c->rec_line, "value");
	if (rc < 0)
		return rc;
	return gi__measurement_value(r, x);
}

static int begin_measurement(csv_state *c, gi_measurement **out)
{
	gi_report *r = c->r;
	int rc;
	if ((rc = require(c, C_ANALYTE, "analyte")) < 0)
		return rc;
	gi_measurement *m = gi__measurement_begin(r, c->rec_line);
	if (!m)
		return gi__oom();
	*out = m;
	if ((rc = keep_firsts(c, meas_cols, GI_ARRAY_SIZE(meas_cols), c->meas_first)) < 0)
		return rc;
	c->meas_first_line = c->rec_line;
	m->analyte = gi__report_str(r, field(c, C_ANALYTE), strlen(field(c, C_ANALYTE)));
	if (!m->analyte)
		return gi__oom();
	const char **f = c->meas_first;
	m->method = *f[C_METHOD] ? f[C_METHOD] : NULL;
	if ((rc = gi__report_basis(r, &m->basis, f[C_BASIS], c->rec_line)) < 0)
		return rc;
	const char *u = f[C_U];
	if (*u) {
		size_t n = strlen(u);
		if (u[n - 1] == '%') {
			if ((rc = gi__report_number(r, &m->uncertainty_percent, u, n - 1, c->rec_line, "uncertainty")) < 0)
				return rc;
			m->uncertainty_relative = 1;
		} else if ((rc = gi__report_number(r, &m->uncertainty, u, n, c->rec_line, "uncertainty")) < 0) {
			return rc;
		}
		m->has_uncertainty = 1;
	}
	if ((rc = number_field(c, C_K, &m->coverage, NULL, "k")) < 0 ||
	    (rc = number_field(c, C_DOF, &m->dof, &m->has_dof, "dof")) < 0 ||
	    (rc = number_field(c, C_LOD, &m->lod, &m->has_lod, "lod")) < 0 ||
	    (rc = number_field(c, C_LOQ, &m->loq, &m->has_loq, "loq")) < 0)
		return rc;
	return GI_OK;
}

static int csv_next(gi_report *r, int *got)
{
	csv_state *c = r->impl;
	int rc;
	*got = 0;
	if (!c->have_rec) {
		rc = read_record(c);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			if (c->samples == 0)
				return gi__error(GI_EINVALID, r->name, c->line, "the report has a header but no rows");
			return GI_OK;
		}
	}
	c->have_rec = 0;
	if ((rc = set_lab(c)) < 0 || (rc = begin_sample(c)) < 0)
		return rc;
	gi_measurement *m = NULL;
	for (;;) {
		if (!m || strcmp(field(c, C_ANALYTE), m->analyte) != 0) {
			if (m && (rc = gi__measurement_end(r, m, c->meas_first[C_UNIT])) < 0)
				return rc;
			if ((rc = begin_measurement(c, &m)) < 0)
				return rc;
		} else if ((rc = check_same(c, meas_cols, GI_ARRAY_SIZE(meas_cols), c->meas_first,
		                            c->meas_first_line, m->analyte)) < 0) {
			return rc;
		}
		if ((rc = row_value(c, m)) < 0)
			return rc;
		rc = read_record(c);
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
		if (strcmp(field(c, C_SAMPLE), r->sample.id) != 0) {
			c->have_rec = 1;
			break;
		}
		if ((rc = set_lab(c)) < 0 ||
		    (rc = check_same(c, sample_cols, GI_ARRAY_SIZE(sample_cols), c->sample_first,
		                     c->sample_first_line, r->sample.id)) < 0)
			return rc;
	}
	if ((rc = gi__measurement_end(r, m, c->meas_first[C_UNIT])) < 0)
		return rc;
	c->samples++;
	*got = 1;
	return gi__sample_end(r);
}

static void csv_free(void *impl)
{
	csv_state *c = impl;
	free(c->buf);
	free(c->rec);
	free(c->off);
	free(c);
}

static const gi__report_backend csv_backend = { csv_next, csv_free };

int gi__report_open_csv(gi_report *r)
{
	csv_state *c = calloc(1, sizeof *c);
	if (!c)
		return gi__oom();
	c->r = r;
	c->line = 1;
	r->impl = c;
	r->be = &csv_backend;
	int rc = read_header(c);
	if (rc < 0)
		return rc;
	/* read the first row now, so the laboratory is known after opening */
	rc = read_record(c);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gi__error(GI_EINVALID, r->name, c->line, "the report has a header but no rows");
	c->have_rec = 1;
	if ((rc = require(c, C_LAB, "lab")) < 0)
		return rc;
	return set_lab(c);
}
