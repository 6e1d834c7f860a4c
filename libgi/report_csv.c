/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_csv.c - lab reports as CSV, the shape a LIMS export has: a header
 * row naming the columns, then one row per measurement (one per replicate
 * when there are several). The replicates of one analyte are consecutive
 * rows of that sample.
 *
 * The rows of one sample may be spread over the file (a LIMS export sorted
 * by analyte, or by date): a file or buffer is first read through once,
 * noting where each run of rows of one sample starts (a hash of the id,
 * an offset and a line, 24 bytes a run - nothing when every sample's rows
 * turn out to be consecutive), then each sample is assembled from its runs.
 * A pipe cannot be read twice, so there a sample whose rows resume after
 * another sample's is an error that says how to fix it.
 *
 * Fields follow RFC 4180 quoting. The delimiter is taken from the header:
 * ';' or a tab if it has one, else ','. A ';' file can write decimal commas
 * unquoted ("5,34"), which is how spreadsheets in Viet Nam and much of
 * Europe export them.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "i18n_internal.h"


enum col {
	C_SAMPLE, C_LOT, C_PRODUCT, C_SPEC, C_SAMPLED, C_ANALYSED, C_ORIGIN, C_ALTITUDE,
	C_LATITUDE, C_LONGITUDE, C_ANALYTE, C_UNIT, C_BASIS, C_VALUE, C_TEXT, C_U, C_K,
	C_LOD, C_LOQ, C_METHOD, C_DOF, C_LAB, C_LAB_NAME, C_ACCREDITATION, C_REPORT, C_ISSUED,
	C_ORIGIN_FORMER,
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
	{ "origin_former", C_ORIGIN_FORMER }, { "former_unit", C_ORIGIN_FORMER },
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
                                   C_ALTITUDE, C_LATITUDE, C_LONGITUDE, C_ORIGIN_FORMER };
/* Columns that describe a measurement and so must agree on its replicate rows. */
static const int meas_cols[] = { C_UNIT, C_BASIS, C_U, C_K, C_DOF, C_LOD, C_LOQ, C_METHOD };

typedef struct {
	gi_report *r;
	gi__csv csv;
	int have_rec;                /* a record is read but not yet used */
	int indexed;                 /* samples are gathered through rows */
	gi__rows rows;
	const char **colname;        /* header names, for messages */
	const char **colwhat;        /* "column 'NAME'", made once for the row checks */
	int col[NCOLS];              /* field index per column, -1 if absent */
	size_t ncols;
	size_t samples;
	/* first-row values of the sample and measurement being assembled */
	const char *sample_first[NCOLS];
	long sample_first_line;
	const char *meas_first[NCOLS];
	long meas_first_line;
} csv_state;

static const char *field(csv_state *c, int col)
{
	return gi__csv_field(&c->csv, c->col[col]);
}

/* Reads the next row: as wide as the header, UTF-8 text without control
 * characters in every field. */
static int read_record(csv_state *c)
{
	int rc = gi__csv_read(&c->csv);
	if (rc <= 0)
		return rc;
	int e = gi__csv_check_width(&c->csv, c->ncols);
	if (e < 0)
		return e;
	for (size_t i = 0; i < c->csv.nf; i++) {
		const char *f = c->csv.rec + c->csv.off[i];
		if ((e = gi__report_text(c->r, f, strlen(f), c->csv.rec_line, c->colwhat[i], 0)) < 0)
			return e;
	}
	return 1;
}

static int read_header(csv_state *c)
{
	gi_report *r = c->r;
	int rc = gi__csv_header(&c->csv);
	if (rc < 0)
		return rc;
	for (int k = 0; k < NCOLS; k++)
		c->col[k] = -1;
	c->ncols = c->csv.nf;
	c->colname = gi__arena_alloc(&r->header, c->ncols * sizeof *c->colname);
	c->colwhat = gi__arena_alloc(&r->header, c->ncols * sizeof *c->colwhat);
	if (!c->colname || !c->colwhat)
		return gi__oom();
	for (size_t i = 0; i < c->csv.nf; i++) {
		char *name = c->csv.rec + c->csv.off[i];
		if ((rc = gi__report_text(r, name, strlen(name), c->csv.rec_line, "the header", 0)) < 0)
			return rc;
		for (char *q = name; *q; q++)
			*q = (*q >= 'A' && *q <= 'Z') ? (char)(*q - 'A' + 'a') : (*q == ' ' || *q == '-') ? '_' : *q;
		int found = -1;
		for (size_t k = 0; k < GI_ARRAY_SIZE(column_names); k++)
			if (strcmp(name, column_names[k].name) == 0)
				found = column_names[k].col;
		if (found < 0)
			return gi__error(GI_EINVALID, r->name, c->csv.rec_line,
			                 N_("unknown column '%.40s' (see report-format.md for the column names)"), name);
		if (c->col[found] >= 0)
			return gi__error(GI_EINVALID, r->name, c->csv.rec_line, N_("column '%s' appears twice"), name);
		c->col[found] = (int)i;
		if (!(c->colname[i] = gi__arena_strdup(&r->header, name)) ||
		    !(c->colwhat[i] = gi__arena_printf(&r->header, "column '%.40s'", name)))
			return gi__oom();
	}
	static const struct { int col; const char *name; } required[] = {
		{ C_SAMPLE, "sample" }, { C_PRODUCT, "product" }, { C_SPEC, "spec" },
		{ C_ANALYTE, "analyte" }, { C_VALUE, "value" }, { C_LAB, "lab" },
	};
	for (size_t k = 0; k < GI_ARRAY_SIZE(required); k++)
		if (c->col[required[k].col] < 0)
			return gi__error(GI_EINVALID, r->name, c->csv.rec_line, N_("the header has no '%s' column"),
			                 required[k].name);
	return GI_OK;
}

static int require(csv_state *c, int col, const char *what)
{
	if (!*field(c, col))
		return gi__error(GI_EINVALID, c->r->name, c->csv.rec_line, N_("%s is empty"), what);
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
		return lab->issued ? gi__report_date(r, lab->issued, c->csv.rec_line, "issue date") : GI_OK;
	}
	if (strcmp(lab->id, id) != 0)
		return gi__error(GI_EINVALID, r->name, c->csv.rec_line,
		                 N_("lab '%s' differs from '%s' on the first row: a report comes from one laboratory"),
		                 id, lab->id);
	return GI_OK;
}

static int number_field(csv_state *c, int col, double *out, int *has, const char *what)
{
	const char *f = field(c, col);
	if (!*f)
		return GI_OK;
	int rc = gi__report_number(c->r, out, f, strlen(f), c->csv.rec_line, what);
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
			return gi__error(GI_EINVALID, c->r->name, c->csv.rec_line,
			                 N_("%s: %s '%s' differs from '%s' on line %ld"), what, name, f,
			                 first[cols[i]], first_line);
		}
	}
	return GI_OK;
}

static int begin_sample(csv_state *c)
{
	gi_report *r = c->r;
	gi__sample_begin(r, c->csv.rec_line);
	gi_sample *s = &r->sample;
	int rc;
	if ((rc = require(c, C_SAMPLE, "sample")) < 0 || (rc = require(c, C_PRODUCT, "product")) < 0 ||
	    (rc = require(c, C_SPEC, "spec")) < 0 || (rc = require(c, C_LAB, "lab")) < 0)
		return rc;
	if ((rc = keep_firsts(c, sample_cols, GI_ARRAY_SIZE(sample_cols), c->sample_first)) < 0)
		return rc;
	c->sample_first_line = c->csv.rec_line;
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
	s->origin_former = *f[C_ORIGIN_FORMER] ? f[C_ORIGIN_FORMER] : NULL;
	for (const char **d = &s->sampled; d <= &s->analysed; d++)
		if (*d && strlen(*d) != 10)
			return gi__error(GI_EINVALID, r->name, c->csv.rec_line, N_("'%s' is not a date (YYYY-MM-DD)"), *d);
	if ((rc = gi__report_sample_dates(r, c->csv.rec_line)) < 0)
		return rc;
	int lat = 0, lon = 0;
	if ((rc = number_field(c, C_ALTITUDE, &s->altitude, &s->has_altitude, "altitude")) < 0 ||
	    (rc = number_field(c, C_LATITUDE, &s->latitude, &lat, "latitude")) < 0 ||
	    (rc = number_field(c, C_LONGITUDE, &s->longitude, &lon, "longitude")) < 0)
		return rc;
	if (lat != lon)
		return gi__error(GI_EINVALID, r->name, c->csv.rec_line, N_("give both latitude and longitude, or neither"));
	if (lat && (s->latitude < -90 || s->latitude > 90 || s->longitude < -180 || s->longitude > 180))
		return gi__error(GI_EINVALID, r->name, c->csv.rec_line, N_("latitude/longitude out of range"));
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
			return gi__error(GI_EINVALID, r->name, c->csv.rec_line,
			                 N_("a censored result '%s' cannot be one of several replicates"), v);
		v++;
		while (*v == ' ')
			v++;
		if (gi__ascii_casecmp(v, "LOQ") == 0 || gi__ascii_casecmp(v, "LOD") == 0) {
			int loq = gi__ascii_casecmp(v, "LOQ") == 0;
			const char *lim = field(c, loq ? C_LOQ : C_LOD);
			if (!*lim)
				return gi__error(GI_EINVALID, r->name, c->csv.rec_line,
				                 N_("'<%s' needs the %s column to give its value"), v, loq ? "loq" : "lod");
			int rc = gi__report_number(r, &m->censor_limit, lim, strlen(lim), c->csv.rec_line, loq ? "loq" : "lod");
			if (rc < 0)
				return rc;
		} else {
			int rc = gi__report_number(r, &m->censor_limit, v, strlen(v), c->csv.rec_line, "value");
			if (rc < 0)
				return rc;
		}
		m->censored = 1;
		return GI_OK;
	}
	if (!*v && *t) {
		if (m->text || r->n_vals)
			return gi__error(GI_EINVALID, r->name, c->csv.rec_line, N_("a qualitative result cannot have replicates"));
		m->text = gi__report_str(r, t, strlen(t));
		return m->text ? GI_OK : gi__oom();
	}
	if (m->censored || m->text)
		return gi__error(GI_EINVALID, r->name, c->csv.rec_line,
		                 N_("analyte '%s' already has a censored or qualitative result"), m->analyte);
	if (!*v)
		return gi__error(GI_EINVALID, r->name, c->csv.rec_line, N_("value is empty"));
	double x;
	int rc = gi__report_number(r, &x, v, strlen(v), c->csv.rec_line, "value");
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
	gi_measurement *m = gi__measurement_begin(r, c->csv.rec_line);
	if (!m)
		return gi__oom();
	*out = m;
	if ((rc = keep_firsts(c, meas_cols, GI_ARRAY_SIZE(meas_cols), c->meas_first)) < 0)
		return rc;
	c->meas_first_line = c->csv.rec_line;
	m->analyte = gi__report_str(r, field(c, C_ANALYTE), strlen(field(c, C_ANALYTE)));
	if (!m->analyte)
		return gi__oom();
	const char **f = c->meas_first;
	m->method = *f[C_METHOD] ? f[C_METHOD] : NULL;
	if ((rc = gi__report_basis(r, &m->basis, f[C_BASIS], c->csv.rec_line)) < 0)
		return rc;
	const char *u = f[C_U];
	if (*u) {
		size_t n = strlen(u);
		if (u[n - 1] == '%') {
			if ((rc = gi__report_number(r, &m->uncertainty_percent, u, n - 1, c->csv.rec_line, "uncertainty")) < 0)
				return rc;
			m->uncertainty_relative = 1;
		} else if ((rc = gi__report_number(r, &m->uncertainty, u, n, c->csv.rec_line, "uncertainty")) < 0) {
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

/* Reads rows of the current sample, starting with the row in hand, until
 * a row of another sample (kept for later) or the end. *m is the
 * measurement being read, NULL at the start of a run. */
static int read_run(csv_state *c, gi_measurement **mp, int first)
{
	gi_report *r = c->r;
	gi_measurement *m = *mp;
	int rc;
	for (;;) {
		if (!first && ((rc = set_lab(c)) < 0 ||
		               (rc = check_same(c, sample_cols, GI_ARRAY_SIZE(sample_cols), c->sample_first,
		                                c->sample_first_line, r->sample.id)) < 0))
			return rc;
		first = 0;
		if (!m || strcmp(field(c, C_ANALYTE), m->analyte) != 0) {
			if (m && (rc = gi__measurement_end(r, m, c->meas_first[C_UNIT])) < 0)
				return rc;
			m = NULL;
			if ((rc = begin_measurement(c, &m)) < 0)
				return rc;
			*mp = m;
		} else if ((rc = check_same(c, meas_cols, GI_ARRAY_SIZE(meas_cols), c->meas_first,
		                            c->meas_first_line, m->analyte)) < 0) {
			return rc;
		}
		if ((rc = row_value(c, m)) < 0)
			return rc;
		rc = read_record(c);
		if (rc <= 0)
			return rc;
		if (strcmp(field(c, C_SAMPLE), r->sample.id) != 0) {
			c->have_rec = 1;
			return GI_OK;
		}
	}
}

/* A pipe is read once: a sample id met again after other samples means
 * its rows are spread, which only a file can be gathered from. */
static int check_consecutive(csv_state *c)
{
	const char *id = field(c, C_SAMPLE);
	long seen = 0;
	int rc = gi__idset_add(&c->r->ids, gi__id_hash(id, strlen(id)), c->csv.rec_line, &seen);
	if (rc == 1)
		return gi__error(GI_EINVALID, c->r->name, c->csv.rec_line,
		                 N_("sample '%.64s' has rows here and on line %ld, with other samples between: "
		                 "read from a pipe, the rows of a sample must be consecutive - sort the rows "
		                 "by sample id, or give the report as a file"), id, seen);
	return rc;
}

static int csv_next(gi_report *r, int *got)
{
	csv_state *c = r->impl;
	int rc;
	*got = 0;
	gi_measurement *m = NULL;
	if (c->indexed) {
		gi__rows *x = &c->rows;
		if (x->pos >= x->n)
			return GI_OK;
		uint64_t key = x->runs[x->pos].key;
		for (int first = 1; x->pos < x->n && x->runs[x->pos].key == key; x->pos++, first = 0) {
			const gi__row_run *run = &x->runs[x->pos];
			if ((rc = gi__csv_seek(&c->csv, run->off, (long)run->line)) < 0 ||
			    (rc = read_record(c)) < 0)
				return rc;
			if (rc == 0 || (!first && strcmp(field(c, C_SAMPLE), r->sample.id) != 0))
				return gi__error(GI_EIO, r->name, (long)run->line,
				                 N_("the rows found on the first reading are not there on the second: "
				                 "did the file change while it was read?"));
			if (first) {
				if ((rc = set_lab(c)) < 0 || (rc = begin_sample(c)) < 0)
					return rc;
			} else if (m) {
				/* the replicates of an analyte are consecutive rows: the
				 * same analyte again in another run is reported twice */
				if ((rc = gi__measurement_end(r, m, c->meas_first[C_UNIT])) < 0)
					return rc;
				m = NULL;
			}
			if ((rc = read_run(c, &m, first)) < 0)
				return rc;
			c->have_rec = 0;
		}
	} else {
		if (!c->have_rec) {
			rc = read_record(c);
			if (rc < 0)
				return rc;
			if (rc == 0) {
				if (c->samples == 0)
					return gi__error(GI_EINVALID, r->name, c->csv.line, N_("the report has a header but no rows"));
				return GI_OK;
			}
		}
		c->have_rec = 0;
		if (!r->in.seekable && (rc = check_consecutive(c)) < 0)
			return rc;
		if ((rc = set_lab(c)) < 0 || (rc = begin_sample(c)) < 0 || (rc = read_run(c, &m, 1)) < 0)
			return rc;
	}
	if (m && (rc = gi__measurement_end(r, m, c->meas_first[C_UNIT])) < 0)
		return rc;
	c->samples++;
	*got = 1;
	return gi__sample_end(r);
}

static void csv_free(void *impl)
{
	csv_state *c = impl;
	gi__csv_free(&c->csv);
	gi__rows_free(&c->rows);
	free(c);
}

static const gi__report_backend csv_backend = { csv_next, csv_free };

/* The number columns of the current row, for the decimal survey. */
static void survey_row(csv_state *c, gi__decimal_survey *sv)
{
	static const int cols[] = { C_VALUE, C_U, C_K, C_DOF, C_LOD, C_LOQ, C_ALTITUDE, C_LATITUDE, C_LONGITUDE };
	for (size_t i = 0; i < GI_ARRAY_SIZE(cols); i++) {
		const char *f = field(c, cols[i]);
		size_t n = strlen(f);
		if (cols[i] == C_VALUE && *f == '<')
			f++, n--;
		if (cols[i] == C_U && n && f[n - 1] == '%')
			n--;
		if (n)
			gi__decimal_survey_add(sv, f, n, c->csv.rec_line);
	}
}

/*
 * Reads all rows from the current one, calling back at the first row of
 * each run of rows of one sample (with its id hash), and - on the first
 * reading, when sv is set - surveying the numbers.
 */
static int scan_runs(csv_state *c, gi__decimal_survey *sv, int (*on_run)(csv_state *, uint64_t),
                     unsigned long long *first_off, long *first_line)
{
	char *prev = NULL;
	size_t prev_cap = 0;
	int rc;
	*first_line = 0;
	while ((rc = read_record(c)) > 0) {
		const char *id = field(c, C_SAMPLE);
		size_t n = strlen(id);
		if (!*first_line) {
			*first_off = c->csv.rec_off;
			*first_line = c->csv.rec_line;
		}
		if (!prev || strcmp(prev, id) != 0) {
			if ((rc = on_run(c, gi__id_hash(id, n))) < 0)
				break;
			if (n + 1 > prev_cap) {
				char *p = realloc(prev, n + 64);
				if (!p) {
					rc = gi__oom();
					break;
				}
				prev = p;
				prev_cap = n + 64;
			}
			memcpy(prev, id, n + 1);
		}
		if (sv)
			survey_row(c, sv);
	}
	free(prev);
	return rc;
}

static int note_hash(csv_state *c, uint64_t h)
{
	return gi__rows_add_hash(&c->rows, h);
}

static int note_run(csv_state *c, uint64_t h)
{
	return gi__rows_add(&c->rows, h, c->csv.rec_off, c->csv.rec_line);
}

/*
 * The first reading of a seekable report checks every row, settles the
 * decimal separator from all the numbers, and finds out whether the rows
 * of each sample are consecutive (an 8-byte hash a run, freed at once).
 * Only if they are not is the file read a second time to note where each
 * run starts (24 bytes a run, kept while samples are read). Leaves the
 * reader on the first row.
 */
static int index_rows(csv_state *c)
{
	gi_report *r = c->r;
	gi__decimal_survey sv;
	memset(&sv, 0, sizeof sv);
	unsigned long long first_off = 0;
	long first_line = 0;
	int rc = scan_runs(c, &sv, note_hash, &first_off, &first_line);
	if (rc < 0)
		return rc;
	if (!first_line)
		return gi__error(GI_EINVALID, r->name, c->csv.line, N_("the report has a header but no rows"));
	if ((rc = gi__decimal_survey_end(r, &sv)) < 0)
		return rc;
	if (!gi__rows_grouped(&c->rows)) {
		if ((rc = gi__csv_seek(&c->csv, first_off, first_line)) < 0 ||
		    (rc = scan_runs(c, NULL, note_run, &first_off, &first_line)) < 0)
			return rc;
		gi__rows_finish(&c->rows);
		c->indexed = 1;
	}
	return gi__csv_seek(&c->csv, first_off, first_line);
}

int gi__report_open_csv(gi_report *r)
{
	csv_state *c = calloc(1, sizeof *c);
	if (!c)
		return gi__oom();
	c->r = r;
	gi__csv_init(&c->csv, &r->in, r->name);
	r->impl = c;
	r->be = &csv_backend;
	int rc = read_header(c);
	if (rc < 0)
		return rc;
	if (r->in.seekable && (rc = index_rows(c)) < 0)
		return rc;
	/* read the first row now, so the laboratory is known after opening */
	rc = read_record(c);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return gi__error(GI_EINVALID, r->name, c->csv.line, N_("the report has a header but no rows"));
	c->have_rec = 1;
	if ((rc = require(c, C_LAB, "lab")) < 0)
		return rc;
	return set_lab(c);
}
