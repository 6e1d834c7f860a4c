/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/pt.h - proficiency testing: results of several laboratories on one
 * sample, scored as ISO 13528:2015 describes (the council's interlaboratory
 * comparisons).
 */
#ifndef GI_PT_H
#define GI_PT_H

#include "common.h"
#include "error.h"
#include "stats.h"

GI_BEGIN_DECL

typedef struct gi_pt gi_pt;

/** ISO 13528:2015 9.4.1 classification of a z (or z') score; a score
 *  that agrees with 2 or 3 to nine significant digits is on that bound. */
typedef enum {
	GI_PT_SATISFACTORY = 0,  /* |z| <= 2 */
	GI_PT_QUESTIONABLE,      /* 2 < |z| < 3 */
	GI_PT_UNSATISFACTORY     /* |z| >= 3 */
} gi_pt_class;

/** "satisfactory", "questionable", "unsatisfactory". Borrowed, static. */
GI_EXTERN(const char *) gi_pt_class_name(gi_pt_class c);
GI_EXTERN(gi_pt_class) gi_pt_classify(double z);

/** One laboratory's results and score. Borrowed from the gi_pt. */
typedef struct gi_pt_lab {
	const char *lab;
	size_t n;            /* replicates */
	double mean;         /* the lab's result: mean of its replicates */
	double sd;           /* replicate standard deviation, 0 if n < 2 */
	double z;            /* (mean - assigned) / sigma */
	gi_pt_class grade;   /* from z, or from z' when has_z_prime */
	long line;           /* first row of the lab in the input */
	int has_z_prime;     /* u(x_pt) > 0.3 sigma_pt: the lab is classified by */
	double z_prime;      /* z' = (mean - assigned) / sqrt(sigma^2 + u^2(x_pt)) */
} gi_pt_lab;

/** Below this many labs, scoring with Algorithm A is flagged: ISO
 *  13528:2022 5.4 advises against robust statistics for small rounds. */
#define GI_PT_FEW_LABS 12

typedef struct gi_pt_options {
	int version;
	int has_assigned;    /* assigned value x_pt; default: the robust mean x* */
	double assigned;
	int has_sigma;       /* standard deviation for proficiency assessment;
	                        default: the robust standard deviation s* */
	double sigma;
	double alpha;        /* significance of Cochran's test (0.05) */
	/* version 2: */
	int has_u_assigned;  /* standard uncertainty u(x_pt) of the assigned value; */
	double u_assigned;   /* default 1.25 s* / sqrt(p) for x*, unknown for a given x_pt */
} gi_pt_options;

#define GI_PT_OPTIONS_VERSION 2
#define GI_PT_OPTIONS_INIT { GI_PT_OPTIONS_VERSION, 0, 0, 0, 0, 0.05, 0, 0 }

/**
 * Scores a proficiency round read from CSV: a header with columns "lab"
 * and "value" (optional "analyte" and "unit", which must be the same on
 * every row), one row per result; several rows of a lab are replicates.
 *
 *   gi_pt *pt;
 *   gi_pt_load_file(&pt, "round.csv", NULL);
 *   for (size_t i = 0; i < gi_pt_lab_count(pt); i++) ... gi_pt_get_lab(pt, i)->z ...
 *
 * @param out  new result, free with gi_pt_free
 * @return GI_OK; GI_EIO; GI_EPARSE/GI_EINVALID with file and line;
 *         GI_EINVALID if fewer than 2 labs or s* is 0
 */
GI_EXTERN(int) gi_pt_load_file(gi_pt **out, const char *path, const gi_pt_options *opts);

/** As gi_pt_load_file, from arrays: labs[i] reported values[i]. */
GI_EXTERN(int) gi_pt_evaluate(gi_pt **out, const char *const *labs, const double *values, size_t n,
                              const gi_pt_options *opts);

GI_EXTERN(void) gi_pt_free(gi_pt *pt);

/** Algorithm A over the labs' results. Borrowed. */
GI_EXTERN(const gi_robust *) gi_pt_robust(const gi_pt *pt);
GI_EXTERN(double) gi_pt_assigned(const gi_pt *pt);
GI_EXTERN(double) gi_pt_sigma(const gi_pt *pt);
/** u(x_pt): the caller's, or 1.25 s* / sqrt(p) when x_pt is Algorithm A's
 *  x* (ISO 13528:2022 7.7.3); NAN when x_pt was given without one. */
GI_EXTERN(double) gi_pt_u_assigned(const gi_pt *pt);
/** Non-zero when u(x_pt) > 0.3 sigma_pt (not negligible, ISO 13528:2022
 *  9.2.1), so labs are classified by z' (9.5). */
GI_EXTERN(int) gi_pt_uses_z_prime(const gi_pt *pt);
/** A caution about the round (too few labs for Algorithm A), or NULL.
 *  Borrowed. */
GI_EXTERN(const char *) gi_pt_warning(const gi_pt *pt);
GI_EXTERN(const char *) gi_pt_analyte(const gi_pt *pt);   /* or NULL */
GI_EXTERN(const char *) gi_pt_unit(const gi_pt *pt);      /* or NULL */
GI_EXTERN(size_t) gi_pt_lab_count(const gi_pt *pt);
/** Lab i of the round (0 <= i < gi_pt_lab_count), or NULL. Borrowed.
 *  (gi_pt_lab, as gi_spec_product is named, is this result's type.) */
GI_EXTERN(const gi_pt_lab *) gi_pt_get_lab(const gi_pt *pt, size_t i);

/** Cochran's test on the labs' replicate variances (every lab with the
 *  same n >= 2). @return GI_OK with C, its critical value at the options'
 *  alpha and the lab with the largest variance; GI_EINVALID (with the
 *  reason) when the test does not apply. */
GI_EXTERN(int) gi_pt_cochran(const gi_pt *pt, double *c, double *critical, const char **lab);

GI_END_DECL

#endif
