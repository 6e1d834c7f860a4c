/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/stats.h - statistics a laboratory and a council need: replicate
 * summaries, outlier tests, and the robust statistics of proficiency
 * testing (ISO 13528). Computed with GSL's numerically stable routines.
 */
#ifndef GI_STATS_H
#define GI_STATS_H

#include "common.h"
#include "error.h"

GI_BEGIN_DECL

/** Summary of replicate results. */
typedef struct gi_stats {
	size_t n;
	double mean;
	double sd;           /* sample standard deviation (n - 1), 0 if n < 2 */
	double u_mean;       /* standard uncertainty of the mean, sd / sqrt(n) */
	double ci_low;       /* two-sided t confidence interval of the mean, */
	double ci_high;      /* mean -/+ t(1 - (1-c)/2, n-1) u_mean; = mean if n < 2 */
	double confidence;   /* c, e.g. 0.95 */
} gi_stats;

/**
 * Mean, standard deviation and t confidence interval of n values.
 * @return GI_OK; GI_EUSAGE if n == 0 or confidence is not in (0, 1)
 */
GI_EXTERN(int) gi_stats_describe(gi_stats *out, const double *x, size_t n, double confidence);

/** Grubbs' two-sided statistic G = max|x_i - mean| / s and the index of
 *  that value. @return GI_OK; GI_EUSAGE if n < 3 or s == 0 */
GI_EXTERN(int) gi_stats_grubbs(double *g, size_t *index, const double *x, size_t n);

/** Critical value of Grubbs' two-sided test at significance alpha
 *  (Grubbs 1969): ((n-1)/sqrt(n)) sqrt(t^2 / (n-2+t^2)), t the upper
 *  alpha/(2n) quantile of Student's t with n-2 degrees of freedom.
 *  NAN if n < 3. */
GI_EXTERN(double) gi_stats_grubbs_critical(size_t n, double alpha);

/** Dixon's r10 (Q) statistic for the more extreme end: gap / range, and
 *  the index of the suspect value. @return GI_OK; GI_EUSAGE if n < 3 or
 *  the range is 0 */
GI_EXTERN(int) gi_stats_dixon(double *q, size_t *index, const double *x, size_t n);

/** Critical value of Dixon's r10 at 95 % confidence (Rorabacher 1991,
 *  Anal. Chem. 63:139, table of r10), for 3 <= n <= 10 and alpha = 0.05;
 *  NAN otherwise. */
GI_EXTERN(double) gi_stats_dixon_critical(size_t n, double alpha);

/** ISO 13528 Algorithm A robust mean and standard deviation. */
typedef struct gi_robust {
	double mean;         /* x* */
	double sd;           /* s* */
	int iterations;
} gi_robust;

/**
 * ISO 13528:2015 annex C.3 Algorithm A: x* = median, s* = 1.483 median|x -
 * x*|, then repeatedly clip at x* -/+ 1.5 s*, x* = mean, s* = 1.134 sd of
 * the clipped values, until neither changes in the sixth significant figure
 * (stricter than the standard's third).
 * @return GI_OK; GI_EUSAGE if n < 2; GI_EINVALID if s* is 0 (more than half
 *         the values equal)
 */
GI_EXTERN(int) gi_stats_algorithm_a(gi_robust *out, const double *x, size_t n);

/** Cochran's C = max variance / sum of the p variances. */
GI_EXTERN(double) gi_stats_cochran(const double *variances, size_t p);

/** Critical value of Cochran's C for p groups of n replicates at alpha:
 *  1 / (1 + (p-1) / F), F the upper alpha/p quantile of F(n-1, (p-1)(n-1)). */
GI_EXTERN(double) gi_stats_cochran_critical(size_t p, size_t n, double alpha);

GI_END_DECL

#endif
