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

/** Deprecated: gi_stats_grubbs_critical_value reports errors.
 *  Critical value of Grubbs' two-sided test at significance alpha
 *  (Grubbs 1969): ((n-1)/sqrt(n)) sqrt(t^2 / (n-2+t^2)), t the upper
 *  alpha/(2n) quantile of Student's t with n-2 degrees of freedom.
 *  NAN if n < 3. */
GI_EXTERN(double) gi_stats_grubbs_critical(size_t n, double alpha);

/** Dixon's r10 (Q) statistic for the more extreme end: gap / range, and
 *  the index of the suspect value. @return GI_OK; GI_EUSAGE if n < 3 or
 *  the range is 0 */
GI_EXTERN(int) gi_stats_dixon(double *q, size_t *index, const double *x, size_t n);

/** Deprecated: gi_stats_dixon_critical_value reports errors.
 *  Critical value of Dixon's r10 at 95 % confidence (Rorabacher 1991,
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

/** Deprecated: gi_stats_cochran_c reports errors. Cochran's C = max
 *  variance / sum of the p variances; NAN if their sum is not > 0. */
GI_EXTERN(double) gi_stats_cochran(const double *variances, size_t p);

/** Deprecated: gi_stats_cochran_critical_value reports errors.
 *  Critical value of Cochran's C for p groups of n replicates at alpha:
 *  1 / (1 + (p-1) / F), F the upper alpha/p quantile of F(n-1, (p-1)(n-1)). */
GI_EXTERN(double) gi_stats_cochran_critical(size_t p, size_t n, double alpha);

/*
 * The critical values and Cochran's C as the rest of the API reports
 * failures: an int status, the value in *out (first), the reason in
 * gi_error_last(). The double-returning gi_stats_grubbs_critical,
 * gi_stats_dixon_critical, gi_stats_cochran and gi_stats_cochran_critical
 * above are deprecated: they stay for existing callers and return NAN
 * where these return an error.
 *
 *   double g;
 *   if (gi_stats_grubbs_critical_value(&g, 5, 0.05) == GI_OK)   // 1.7150
 *       ...
 */

/** Grubbs' two-sided critical value (as gi_stats_grubbs_critical).
 *  @return GI_OK; GI_EUSAGE if out is NULL, n < 3 or alpha is not in (0, 1) */
GI_EXTERN(int) gi_stats_grubbs_critical_value(double *out, size_t n, double alpha);

/** Dixon's r10 critical value (as gi_stats_dixon_critical).
 *  @return GI_OK; GI_EUSAGE if out is NULL; GI_EINVALID where no value
 *  is tabulated (n outside 3..10, alpha other than 0.05) */
GI_EXTERN(int) gi_stats_dixon_critical_value(double *out, size_t n, double alpha);

/** Cochran's C = max variance / sum of the p variances, and (index, may
 *  be NULL) the group with the largest variance.
 *  @return GI_OK; GI_EUSAGE if out or variances is NULL or p < 2;
 *  GI_EINVALID if a variance is negative or NaN, or all are 0 */
GI_EXTERN(int) gi_stats_cochran_c(double *out, size_t *index, const double *variances, size_t p);

/** Critical value of Cochran's C (as gi_stats_cochran_critical).
 *  @return GI_OK; GI_EUSAGE if out is NULL, p < 2, n < 2 or alpha is not
 *  in (0, 1) */
GI_EXTERN(int) gi_stats_cochran_critical_value(double *out, size_t p, size_t n, double alpha);

GI_END_DECL

#endif
