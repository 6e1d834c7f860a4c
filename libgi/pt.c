/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pt.c - scoring a proficiency-testing round (ISO 13528:2015): each lab's
 * result is the mean of its replicates; the assigned value and the
 * standard deviation for proficiency assessment default to Algorithm A's
 * robust mean and standard deviation over those results (ISO 13528 7.7 and
 * 8.6); z = (x - x_pt) / sigma_pt is classified per 9.4.1.
 *
 * The assigned value's standard uncertainty is u(x_pt) = 1.25 s* / sqrt(p)
 * for Algorithm A's x* over p labs (ISO 13528:2022 7.7.3), or the caller's.
 * When u(x_pt) > 0.3 sigma_pt it is not negligible (ISO 13528:2022 9.2.1)
 * and labs are classified by z' = (x - x_pt) / sqrt(sigma_pt^2 + u^2(x_pt))
 * (9.5) instead. With few labs robust statistics are unreliable (ISO
 * 13528:2022 5.4, considerations for small numbers of participants): a
 * round of fewer than GI_PT_FEW_LABS labs scored with Algorithm A says so.
 */
#include "config.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_statistics_double.h>
#include "csv.h"

#define PT_MAX_ROWS 100000

struct gi_pt {
	gi__arena arena;
	gi_pt_lab *labs;
	size_t n_labs;
	double **values;       /* per lab, its replicates */
	gi_robust robust;
	double assigned, sigma, alpha;
	double u_assigned;     /* NAN when unknown */
	int z_prime;           /* labs are classified by z' */
	const char *warning;   /* or NULL */
	const char *analyte, *unit;
};

const char *gi_pt_class_name(gi_pt_class c)
{
	switch (c) {
	case GI_PT_QUESTIONABLE: return "questionable";
	case GI_PT_UNSATISFACTORY: return "unsatisfactory";
	default: return "satisfactory";
	}
}

gi_pt_class gi_pt_classify(double z)
{
	/* the same tolerance as verdicts: |z| = 2.0000000000000004 is 2 */
	double a = fabs(z);
	return gi__compare(a, 2) <= 0 ? GI_PT_SATISFACTORY : gi__compare(a, 3) < 0 ? GI_PT_QUESTIONABLE
	                                                    : GI_PT_UNSATISFACTORY;
}

void gi_pt_free(gi_pt *pt)
{
	if (!pt)
		return;
	for (size_t i = 0; i < pt->n_labs; i++)
		free(pt->values[i]);
	free(pt->values);
	free(pt->labs);
	gi__arena_free(&pt->arena);
	free(pt);
}

/* Adds a result to its lab, creating the lab on first sight. */
static int add(gi_pt *pt, size_t *cap, const char *lab, double v, long line)
{
	size_t i = 0;
	for (; i < pt->n_labs; i++)
		if (strcmp(pt->labs[i].lab, lab) == 0)
			break;
	if (i == pt->n_labs) {
		if (pt->n_labs == *cap) {
			size_t nc = *cap ? 2 * *cap : 16;
			gi_pt_lab *nl = realloc(pt->labs, nc * sizeof *nl);
			if (!nl)
				return gi__oom();
			pt->labs = nl;
			double **nv = realloc(pt->values, nc * sizeof *nv);
			if (!nv)
				return gi__oom();
			pt->values = nv;
			*cap = nc;
		}
		memset(&pt->labs[i], 0, sizeof pt->labs[i]);
		pt->values[i] = NULL;
		pt->labs[i].lab = gi__arena_strdup(&pt->arena, lab);
		pt->labs[i].line = line;
		pt->n_labs++;
		if (!pt->labs[i].lab)
			return gi__oom();
	}
	gi_pt_lab *l = &pt->labs[i];
	double *nv = realloc(pt->values[i], (l->n + 1) * sizeof *nv);
	if (!nv)
		return gi__oom();
	nv[l->n++] = v;
	pt->values[i] = nv;
	return GI_OK;
}

static int score(gi_pt *pt, const gi_pt_options *opts, const char *name)
{
	if (pt->n_labs < 2)
		return gi__error(GI_EINVALID, name, 0, "a proficiency round needs results from at least 2 laboratories");
	double *means = malloc(pt->n_labs * sizeof *means);
	if (!means)
		return gi__oom();
	for (size_t i = 0; i < pt->n_labs; i++) {
		gi_pt_lab *l = &pt->labs[i];
		l->mean = gsl_stats_mean(pt->values[i], 1, l->n);
		l->sd = l->n > 1 ? gsl_stats_sd_m(pt->values[i], 1, l->n, l->mean) : 0;
		means[i] = l->mean;
	}
	int rc = gi_stats_algorithm_a(&pt->robust, means, pt->n_labs);
	free(means);
	if (rc < 0)
		return gi__error(rc, name, 0, "%s", gi_error_last()->message);
	pt->assigned = opts && opts->has_assigned ? opts->assigned : pt->robust.mean;
	pt->sigma = opts && opts->has_sigma ? opts->sigma : pt->robust.sd;
	pt->alpha = opts ? opts->alpha : 0.05;
	if (!(pt->sigma > 0))
		return gi__error(GI_EINVALID, name, 0, "the standard deviation for proficiency assessment must be positive");
	pt->u_assigned = opts && opts->version >= 2 && opts->has_u_assigned ? opts->u_assigned
	               : opts && opts->has_assigned ? NAN
	               : 1.25 * pt->robust.sd / sqrt((double)pt->n_labs);
	pt->z_prime = !isnan(pt->u_assigned) && gi__compare(pt->u_assigned, 0.3 * pt->sigma) > 0;
	double zp_den = sqrt(pt->sigma * pt->sigma + (pt->z_prime ? pt->u_assigned * pt->u_assigned : 0));
	for (size_t i = 0; i < pt->n_labs; i++) {
		gi_pt_lab *l = &pt->labs[i];
		l->z = (l->mean - pt->assigned) / pt->sigma;
		l->has_z_prime = pt->z_prime;
		l->z_prime = pt->z_prime ? (l->mean - pt->assigned) / zp_den : NAN;
		l->grade = gi_pt_classify(pt->z_prime ? l->z_prime : l->z);
	}
	int robust = !(opts && opts->has_assigned) || !(opts && opts->has_sigma);
	if (robust && pt->n_labs < GI_PT_FEW_LABS) {
		pt->warning = gi__arena_printf(&pt->arena,
		        "only %zu laboratories (fewer than %d): robust statistics such as Algorithm A are not "
		        "reliable in a small round (ISO 13528:2022 5.4); prefer an assigned value and sigma_pt "
		        "from outside the round", pt->n_labs, GI_PT_FEW_LABS);
		if (!pt->warning)
			return gi__oom();
	}
	return GI_OK;
}

static int check_opts(const gi_pt_options *opts)
{
	if (opts && (opts->version < 1 || opts->version > GI_PT_OPTIONS_VERSION))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_pt_options version %d is not supported", opts->version);
	if (opts && !(opts->alpha > 0 && opts->alpha < 1))
		return gi__error(GI_EUSAGE, NULL, 0, "alpha must be between 0 and 1");
	if (opts && opts->version >= 2 && opts->has_u_assigned && !(opts->u_assigned >= 0))
		return gi__error(GI_EUSAGE, NULL, 0, "the uncertainty of the assigned value must not be negative");
	return GI_OK;
}

int gi_pt_evaluate(gi_pt **out, const char *const *labs, const double *values, size_t n,
                   const gi_pt_options *opts)
{
	if (!out || (!labs && n) || (!values && n))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_pt_evaluate: NULL argument");
	*out = NULL;
	int rc = check_opts(opts);
	if (rc < 0)
		return rc;
	gi_pt *pt = calloc(1, sizeof *pt);
	if (!pt)
		return gi__oom();
	size_t cap = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = !labs[i] || !isfinite(values[i])
			? gi__error(GI_EUSAGE, NULL, 0, "result %zu has no lab or is not finite", i)
			: add(pt, &cap, labs[i], values[i], 0);
	if (rc == 0)
		rc = score(pt, opts, NULL);
	if (rc < 0) {
		gi_pt_free(pt);
		return rc;
	}
	*out = pt;
	return GI_OK;
}

static int same_as_first(gi_pt *pt, const char **first, const char *v, const char *what, gi__csv *c)
{
	if (!*v)
		return GI_OK;
	if (!*first) {
		*first = gi__arena_strdup(&pt->arena, v);
		return *first ? GI_OK : gi__oom();
	}
	if (strcmp(*first, v) != 0)
		return gi__error(GI_EINVALID, c->name, c->rec_line,
		                 "%s '%s' differs from '%s': a round compares one %s", what, v, *first, what);
	return GI_OK;
}

int gi_pt_load_file(gi_pt **out, const char *path, const gi_pt_options *opts)
{
	if (!out || !path)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_pt_load_file: NULL argument");
	*out = NULL;
	int rc = check_opts(opts);
	if (rc < 0)
		return rc;
	gi__input in = { 0 };
	in.file = fopen(path, "rb");
	if (!in.file)
		return gi__error(GI_EIO, path, 0, "cannot open: %s", strerror(errno));
	in.sha = gi__sha256_new();
	gi_pt *pt = calloc(1, sizeof *pt);
	gi__csv c;
	gi__csv_init(&c, &in, path);
	if (!in.sha || !pt) {
		rc = gi__oom();
		goto done;
	}
	if ((rc = gi__csv_header(&c)) < 0)
		goto done;
	int col_lab = -1, col_value = -1, col_analyte = -1, col_unit = -1;
	for (size_t i = 0; i < c.nf; i++) {
		const char *h = gi__csv_field(&c, (int)i);
		int *slot = gi__ascii_casecmp(h, "lab") == 0 ? &col_lab : gi__ascii_casecmp(h, "value") == 0 ? &col_value
		          : gi__ascii_casecmp(h, "analyte") == 0 ? &col_analyte : gi__ascii_casecmp(h, "unit") == 0 ? &col_unit
		          : NULL;
		if (!slot) {
			rc = gi__error(GI_EINVALID, path, c.rec_line, "unknown column '%.40s' (lab, value, analyte, unit)", h);
			goto done;
		}
		*slot = (int)i;
	}
	if (col_lab < 0 || col_value < 0) {
		rc = gi__error(GI_EINVALID, path, c.rec_line, "the header needs the columns lab and value");
		goto done;
	}
	size_t cap = 0, rows = 0;
	while ((rc = gi__csv_read(&c)) == 1) {
		if (++rows > PT_MAX_ROWS) {
			rc = gi__error(GI_EINVALID, path, c.rec_line, "more than %d results in one round", PT_MAX_ROWS);
			goto done;
		}
		const char *lab = gi__csv_field(&c, col_lab), *vs = gi__csv_field(&c, col_value);
		double v;
		if (!*lab) {
			rc = gi__error(GI_EINVALID, path, c.rec_line, "lab is empty");
			goto done;
		}
		if (gi__number_scan(&v, NULL, vs, strlen(vs)) < 0) {
			rc = gi__error(GI_EPARSE, path, c.rec_line, "value '%.40s' is not a number", vs);
			goto done;
		}
		if ((rc = same_as_first(pt, &pt->analyte, gi__csv_field(&c, col_analyte), "analyte", &c)) < 0 ||
		    (rc = same_as_first(pt, &pt->unit, gi__csv_field(&c, col_unit), "unit", &c)) < 0 ||
		    (rc = add(pt, &cap, lab, v, c.rec_line)) < 0)
			goto done;
	}
	if (rc == 0)
		rc = score(pt, opts, path);
done:
	gi__csv_free(&c);
	fclose(in.file);
	gi__sha256_free(in.sha);
	if (rc < 0) {
		gi_pt_free(pt);
		return rc;
	}
	*out = pt;
	return GI_OK;
}

const gi_robust *gi_pt_robust(const gi_pt *pt) { return pt ? &pt->robust : NULL; }
double gi_pt_assigned(const gi_pt *pt) { return pt ? pt->assigned : NAN; }
double gi_pt_sigma(const gi_pt *pt) { return pt ? pt->sigma : NAN; }
double gi_pt_u_assigned(const gi_pt *pt) { return pt ? pt->u_assigned : NAN; }
int gi_pt_uses_z_prime(const gi_pt *pt) { return pt ? pt->z_prime : 0; }
const char *gi_pt_warning(const gi_pt *pt) { return pt ? pt->warning : NULL; }
const char *gi_pt_analyte(const gi_pt *pt) { return pt ? pt->analyte : NULL; }
const char *gi_pt_unit(const gi_pt *pt) { return pt ? pt->unit : NULL; }
size_t gi_pt_lab_count(const gi_pt *pt) { return pt ? pt->n_labs : 0; }

const gi_pt_lab *gi_pt_get_lab(const gi_pt *pt, size_t i)
{
	return pt && i < pt->n_labs ? &pt->labs[i] : NULL;
}

int gi_pt_cochran(const gi_pt *pt, double *c, double *critical, const char **lab)
{
	if (!pt || !c)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_pt_cochran: NULL argument");
	size_t n = pt->labs[0].n;
	for (size_t i = 0; i < pt->n_labs; i++)
		if (pt->labs[i].n != n)
			return gi__error(GI_EINVALID, NULL, 0,
			                 "Cochran's test needs the same number of replicates from every lab");
	if (n < 2)
		return gi__error(GI_EINVALID, NULL, 0, "Cochran's test needs replicates (n >= 2)");
	double *v = malloc(pt->n_labs * sizeof *v);
	if (!v)
		return gi__oom();
	size_t worst = 0;
	for (size_t i = 0; i < pt->n_labs; i++) {
		v[i] = pt->labs[i].sd * pt->labs[i].sd;
		if (v[i] > v[worst])
			worst = i;
	}
	*c = gi_stats_cochran(v, pt->n_labs);
	free(v);
	if (critical)
		*critical = gi_stats_cochran_critical(pt->n_labs, n, pt->alpha);
	if (lab)
		*lab = pt->labs[worst].lab;
	return isnan(*c) ? gi__error(GI_EINVALID, NULL, 0, "every lab's replicates are identical") : GI_OK;
}
