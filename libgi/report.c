/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.c - opening lab reports and assembling samples.
 *
 * The format-specific readers (report_xml.c, report_csv.c) call the
 * gi__sample_* and gi__measurement_* functions below, so that the rules a
 * sample must follow are written once: known unit, no analyte measured
 * twice, uncertainty that makes sense.
 */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "report_internal.h"
#include "i18n_internal.h"

/* ---- byte source ---- */

static long raw_read(gi__input *in, void *buf, size_t n)
{
	if (in->file) {
		size_t got = fread(buf, 1, n, in->file);
		if (got == 0 && ferror(in->file))
			return -1;
		return (long)got;
	}
	size_t left = in->mem_len - in->mem_pos;
	if (n > left)
		n = left;
	memcpy(buf, in->mem + in->mem_pos, n);
	in->mem_pos += n;
	return (long)n;
}

long gi__input_pread(gi__input *in, void *buf, size_t n, unsigned long long off)
{
	if (!in->file) {
		if (off >= in->mem_len)
			return 0;
		if (n > in->mem_len - off)
			n = (size_t)(in->mem_len - off);
		memcpy(buf, in->mem + off, n);
		return (long)n;
	}
	ssize_t got;
	do
		got = pread(fileno(in->file), buf, n, (off_t)(in->start + (long long)off));
	while (got < 0 && errno == EINTR);
	return (long)got;
}

long gi__input_read(gi__input *in, void *buf, size_t n)
{
	if (in->peek_pos < in->peek_len) {
		size_t k = in->peek_len - in->peek_pos;
		if (k > n)
			k = n;
		memcpy(buf, in->peek + in->peek_pos, k);
		in->peek_pos += k;
		return (long)k;
	}
	if (in->eof)
		return 0;
	if (n > (1u << 30))
		n = 1u << 30;
	long got = raw_read(in, buf, n);
	if (got > 0) {
		gi__sha256_update(in->sha, buf, (size_t)got);
	} else if (got == 0) {
		in->eof = 1;
		gi__sha256_final(in->sha, in->hex);
	}
	return got;
}

/* Fills the peek buffer and returns the format its bytes suggest. */
static gi_format sniff(gi__input *in)
{
	long got = raw_read(in, in->peek, sizeof in->peek);
	if (got <= 0)
		return GI_FORMAT_CSV;  /* empty: the CSV reader says so clearly */
	in->peek_len = (size_t)got;
	gi__sha256_update(in->sha, in->peek, in->peek_len);
	size_t i = 0;
	if (in->peek_len >= 3 && in->peek[0] == 0xEF && in->peek[1] == 0xBB && in->peek[2] == 0xBF)
		i = 3;
	while (i < in->peek_len && (in->peek[i] == ' ' || in->peek[i] == '\t' ||
	                            in->peek[i] == '\r' || in->peek[i] == '\n'))
		i++;
	return i < in->peek_len && in->peek[i] == '<' ? GI_FORMAT_XML : GI_FORMAT_CSV;
}

/* ---- opening ---- */

static int open_common(gi_report **out, gi_report *r, const char *name, const gi_report_options *opts)
{
	gi_format fmt = opts ? opts->format : GI_FORMAT_AUTO;
	gi__report_decimal_init(r, opts && opts->version >= 2 ? opts->decimal : GI_DECIMAL_AUTO);
	gi__report_set_now(r, opts && opts->version >= 2 ? opts->now : 0);
	r->name = strdup(name);
	r->in.sha = gi__sha256_new();
	if (!r->name || !r->in.sha) {
		gi_report_free(r);
		return gi__oom();
	}
	gi_format seen = sniff(&r->in);
	r->format = fmt == GI_FORMAT_AUTO ? seen : fmt;
	gi__xml_quiet q;
	gi__xml_quiet_begin(&q);
	int rc = r->format == GI_FORMAT_XML ? gi__report_open_xml(r) : gi__report_open_csv(r);
	gi__xml_quiet_end(&q);
	if (rc < 0) {
		gi_report_free(r);
		return rc;
	}
	*out = r;
	return GI_OK;
}

static int check_opts(const gi_report_options *opts)
{
	if (opts && (opts->version < 1 || opts->version > GI_REPORT_OPTIONS_VERSION))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_report_options version %d is not supported", opts->version);
	if (opts && (opts->format < GI_FORMAT_AUTO || opts->format > GI_FORMAT_CSV))
		return gi__error(GI_EUSAGE, NULL, 0, "unknown report format %d", (int)opts->format);
	if (opts && opts->version >= 2 && (opts->decimal < GI_DECIMAL_AUTO || opts->decimal > GI_DECIMAL_COMMA))
		return gi__error(GI_EUSAGE, NULL, 0, "unknown decimal separator %d", (int)opts->decimal);
	if (opts && opts->version >= 2 && opts->now < 0)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_report_options: now must not be negative");
	return GI_OK;
}

int gi_report_open_file(gi_report **out, const char *path, const gi_report_options *opts)
{
	if (!out || !path)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_report_open_file: NULL argument");
	*out = NULL;
	int rc = check_opts(opts);
	if (rc < 0)
		return rc;
	FILE *f = fopen(path, "rb");
	if (!f)
		return gi__error(GI_EIO, path, 0, N_("cannot open: %s"), strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
		fclose(f);
		return gi__error(GI_EIO, path, 0, N_("not a file"));
	}
	gi_report *r = calloc(1, sizeof *r);
	if (!r) {
		fclose(f);
		return gi__oom();
	}
	r->in.file = f;
	if (S_ISREG(st.st_mode)) {
		off_t at = ftello(f);
		r->in.seekable = at >= 0;
		r->in.start = at >= 0 ? (long long)at : 0;
	}
	return open_common(out, r, path, opts);
}

int gi_report_open_memory(gi_report **out, const void *data, size_t len, const char *name,
                          const gi_report_options *opts)
{
	if (!out || (!data && len))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_report_open_memory: NULL argument");
	*out = NULL;
	int rc = check_opts(opts);
	if (rc < 0)
		return rc;
	gi_report *r = calloc(1, sizeof *r);
	if (!r)
		return gi__oom();
	r->in.mem = data;
	r->in.mem_len = len;
	r->in.seekable = 1;
	return open_common(out, r, name ? name : "(memory)", opts);
}

void gi_report_free(gi_report *r)
{
	if (!r)
		return;
	if (r->be && r->impl)
		r->be->free(r->impl);
	if (r->in.file)
		fclose(r->in.file);
	gi__sha256_free(r->in.sha);
	gi__arena_free(&r->header);
	gi__arena_free(&r->arena);
	gi__idset_free(&r->ids);
	free(r->meas);
	free(r->vals);
	free(r->name);
	free(r);
}

int gi_report_next(const gi_sample **out, gi_report *r)
{
	if (!out || !r)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_report_next: NULL argument");
	*out = NULL;
	if (r->ended)
		return GI_OK;
	int got = 0;
	gi__xml_quiet q;
	gi__xml_quiet_begin(&q);
	int rc = r->be->next(r, &got);
	gi__xml_quiet_end(&q);
	if (rc < 0) {
		r->ended = 1;
		return rc;
	}
	if (!got) {
		r->ended = 1;
		return GI_OK;
	}
	*out = &r->sample;
	return GI_OK;
}

const gi_lab *gi_report_lab(const gi_report *r)
{
	return r ? &r->lab : NULL;
}

const char *gi_report_name(const gi_report *r)
{
	return r ? r->name : NULL;
}

gi_format gi_report_format(const gi_report *r)
{
	return r ? r->format : GI_FORMAT_AUTO;
}

const char *gi_report_sha256(const gi_report *r)
{
	return r && r->ended && r->in.eof ? r->in.hex : NULL;
}

/* ---- sample assembly ---- */

int gi__report_oom(gi_report *r)
{
	return gi__oom();
}

char *gi__report_str(gi_report *r, const char *text, size_t len)
{
	return text ? gi__arena_strndup(&r->arena, text, len) : NULL;
}

int gi__report_number(gi_report *r, double *out, const char *text, size_t len, long line, const char *what)
{
	gi__number_form form;
	int n = (int)(len > 60 ? 60 : len);
	int rc = gi__number_scan_form(out, &form, text, len);
	if (rc == -2)
		return gi__error(GI_EINVALID, r->name, line,
		                 N_("%s '%.*s' is out of range (too large, or too small to tell from 0)"), what, n, text);
	if (rc < 0) {
		int point = memchr(text, '.', len) != NULL, comma = memchr(text, ',', len) != NULL;
		return gi__error(GI_EPARSE, r->name, line, N_("%s '%.*s' is not a number%s"), what, n, text,
		                 point && comma ? " (thousands separators are not accepted)" : "");
	}
	return gi__report_decimal(r, &form, text, len, line, what);
}

int gi__report_unique_id(gi_report *r, const char *id, long line)
{
	long seen = 0;
	int rc = gi__idset_add(&r->ids, gi__id_hash(id, strlen(id)), line, &seen);
	if (rc == 1)
		return gi__error(GI_EINVALID, r->name, line,
		                 N_("sample id '%.64s' appears twice (also on line %ld); each sample is reported once"),
		                 id, seen);
	return rc;
}

int gi__report_basis(gi_report *r, gi_basis *out, const char *text, long line)
{
	if (!text || !*text || strcmp(text, "as-is") == 0)
		*out = GI_BASIS_AS_IS;
	else if (strcmp(text, "dry-matter") == 0)
		*out = GI_BASIS_DRY_MATTER;
	else if (strcmp(text, "fat") == 0)
		*out = GI_BASIS_FAT;
	else
		return gi__error(GI_EINVALID, r->name, line,
		                 N_("basis '%.40s' is not one of as-is, dry-matter, fat"), text);
	return GI_OK;
}

void gi__sample_begin(gi_report *r, long line)
{
	gi__arena_reset(&r->arena);
	memset(&r->sample, 0, sizeof r->sample);
	r->sample.line = line;
	r->n_meas = 0;
}

gi_measurement *gi__measurement_begin(gi_report *r, long line)
{
	if (r->n_meas == r->cap_meas) {
		size_t cap = r->cap_meas ? 2 * r->cap_meas : 16;
		gi_measurement *m = realloc(r->meas, cap * sizeof *m);
		if (!m)
			return NULL;
		r->meas = m;
		r->cap_meas = cap;
	}
	gi_measurement *m = &r->meas[r->n_meas++];
	memset(m, 0, sizeof *m);
	m->line = line;
	m->coverage = 2.0;
	r->n_vals = 0;
	return m;
}

int gi__measurement_value(gi_report *r, double v)
{
	if (r->n_vals == r->cap_vals) {
		size_t cap = r->cap_vals ? 2 * r->cap_vals : 16;
		double *nv = realloc(r->vals, cap * sizeof *nv);
		if (!nv)
			return gi__oom();
		r->vals = nv;
		r->cap_vals = cap;
	}
	r->vals[r->n_vals++] = v;
	return GI_OK;
}

int gi__measurement_end(gi_report *r, gi_measurement *m, const char *unit_text)
{
	const char *sid = r->sample.id ? r->sample.id : "?";
	for (gi_measurement *o = r->meas; o < m; o++)
		if (strcmp(o->analyte, m->analyte) == 0)
			return gi__error(GI_EINVALID, r->name, m->line,
			                 N_("sample %s: analyte '%s' is reported twice (also at line %ld)"),
			                 sid, m->analyte, o->line);
	int qualitative = r->n_vals == 0 && !m->censored;
	int family = -1;
	if (unit_text && *unit_text) {
		if (gi__unit_lookup(&m->unit, &family, NULL, unit_text) < 0)
			return gi__error(GI_EINVALID, r->name, m->line, N_("sample %s, %s: unknown unit '%.40s'"),
			                 sid, m->analyte, unit_text);
	} else if (!qualitative) {
		return gi__error(GI_EINVALID, r->name, m->line, N_("sample %s, %s: a numeric result needs a unit"),
		                 sid, m->analyte);
	}
	if (!(m->coverage > 0))
		return gi__error(GI_EINVALID, r->name, m->line, N_("sample %s, %s: coverage factor k must be positive"),
		                 sid, m->analyte);
	if (m->has_uncertainty) {
		double u = m->uncertainty_relative ? m->uncertainty_percent : m->uncertainty;
		if (u < 0)
			return gi__error(GI_EINVALID, r->name, m->line, N_("sample %s, %s: uncertainty is negative"),
			                 sid, m->analyte);
		if (m->uncertainty_relative) {
			if (r->n_vals == 0)
				return gi__error(GI_EINVALID, r->name, m->line,
				                 N_("sample %s, %s: a relative uncertainty needs a measured value"),
				                 sid, m->analyte);
			double mean = 0;
			for (size_t i = 0; i < r->n_vals; i++)
				mean += r->vals[i];
			mean /= (double)r->n_vals;
			m->uncertainty = (mean < 0 ? -mean : mean) * m->uncertainty_percent / 100.0;
		}
	}
	if (m->has_dof && !(m->dof >= 1))
		return gi__error(GI_EINVALID, r->name, m->line, N_("sample %s, %s: degrees of freedom must be at least 1"),
		                 sid, m->analyte);
	/* Only differences such as ΔK (dimensionless) can be negative; a mass
	 * fraction, a peroxide value or a length below zero is a sign or
	 * export error, and would pass any maximum. */
	if (family >= 0 && family != GI__FAM_DIMENSIONLESS) {
		for (size_t i = 0; i < r->n_vals; i++) {
			if (r->vals[i] < 0) {
				char v[40];
				gi__number_format(v, sizeof v, r->vals[i], 15);
				return gi__error(GI_EINVALID, r->name, m->line,
				                 N_("sample %s, %s: %s cannot be negative (%s %s); report a result below the "
				                 "limit of detection as '<LOD'"),
				                 sid, m->analyte, family == GI__FAM_FRACTION ? "a mass fraction" : "this quantity",
				                 v, m->unit);
			}
		}
	}
	if ((m->has_lod && m->lod < 0) || (m->has_loq && m->loq < 0))
		return gi__error(GI_EINVALID, r->name, m->line, N_("sample %s, %s: LOD and LOQ cannot be negative"),
		                 sid, m->analyte);
	if (m->censored && !(m->censor_limit > 0))
		return gi__error(GI_EINVALID, r->name, m->line, N_("sample %s, %s: a censored result '< x' needs x > 0"),
		                 sid, m->analyte);
	if (r->n_vals) {
		double *v = gi__arena_alloc(&r->arena, r->n_vals * sizeof *v);
		if (!v)
			return gi__oom();
		memcpy(v, r->vals, r->n_vals * sizeof *v);
		m->values = v;
		m->n_values = r->n_vals;
	}
	return GI_OK;
}

int gi__sample_end(gi_report *r)
{
	r->sample.measurements = r->meas;
	r->sample.n_measurements = r->n_meas;
	return GI_OK;
}
