/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stats.c - replicate statistics, outlier tests, ISO 13528 Algorithm A,
 * Cochran's test. GSL does the arithmetic (its mean and variance use
 * stable recurrences, which the NIST StRD NumAcc datasets check) and the
 * distribution quantiles.
 */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "internal.h"

/* Student-t quantiles are iterative in GSL and a verification asks for
 * the same few (n - 1 degrees of freedom, one confidence) for every
 * sample: remember the last ones, per thread. */
typedef struct {
	double p, dof, q;
} memo;

static double t_upper(double p, double dof)
{
	static _Thread_local memo cache[16];
	static _Thread_local unsigned next;
	for (unsigned i = 0; i < GI_ARRAY_SIZE(cache); i++)
		if (cache[i].p == p && cache[i].dof == dof && cache[i].dof > 0)
			return cache[i].q;
	double q = gsl_cdf_tdist_Qinv(p, dof);
	cache[next % GI_ARRAY_SIZE(cache)] = (memo){ p, dof, q };
	next++;
	return q;
}

int gi_stats_describe(gi_stats *out, const double *x, size_t n, double confidence)
{
	if (!out || !x || n == 0 || !(confidence > 0 && confidence < 1))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stats_describe: need n >= 1 and 0 < confidence < 1");
	memset(out, 0, sizeof *out);
	out->n = n;
	out->confidence = confidence;
	out->mean = gsl_stats_mean(x, 1, n);
	out->ci_low = out->ci_high = out->mean;
	if (n >= 2) {
		out->sd = gsl_stats_sd_m(x, 1, n, out->mean);
		out->u_mean = out->sd / sqrt((double)n);
		double t = t_upper((1 - confidence) / 2, (double)(n - 1));
		out->ci_low = out->mean - t * out->u_mean;
		out->ci_high = out->mean + t * out->u_mean;
	}
	return GI_OK;
}

int gi_stats_grubbs(double *g, size_t *index, const double *x, size_t n)
{
	if (!g || !x || n < 3)
		return gi__error(GI_EUSAGE, NULL, 0, "Grubbs' test needs at least 3 values");
	double mean = gsl_stats_mean(x, 1, n), sd = gsl_stats_sd_m(x, 1, n, mean);
	if (!(sd > 0))
		return gi__error(GI_EUSAGE, NULL, 0, "Grubbs' test needs values that differ");
	size_t k = 0;
	for (size_t i = 1; i < n; i++)
		if (fabs(x[i] - mean) > fabs(x[k] - mean))
			k = i;
	*g = fabs(x[k] - mean) / sd;
	if (index)
		*index = k;
	return GI_OK;
}

double gi_stats_grubbs_critical(size_t n, double alpha)
{
	if (n < 3 || !(alpha > 0 && alpha < 1))
		return NAN;
	double nn = (double)n;
	double t = t_upper(alpha / (2 * nn), nn - 2);
	return (nn - 1) / sqrt(nn) * sqrt(t * t / (nn - 2 + t * t));
}

int gi_stats_dixon(double *q, size_t *index, const double *x, size_t n)
{
	if (!q || !x || n < 3)
		return gi__error(GI_EUSAGE, NULL, 0, "Dixon's test needs at least 3 values");
	size_t *order = malloc(n * sizeof *order);
	if (!order)
		return gi__oom();
	gsl_sort_index(order, x, 1, n);
	double lo = x[order[0]], lo2 = x[order[1]], hi = x[order[n - 1]], hi2 = x[order[n - 2]];
	size_t ilo = order[0], ihi = order[n - 1];
	free(order);
	double range = hi - lo;
	if (!(range > 0))
		return gi__error(GI_EUSAGE, NULL, 0, "Dixon's test needs values that differ");
	double qlo = (lo2 - lo) / range, qhi = (hi - hi2) / range;
	*q = qlo > qhi ? qlo : qhi;
	if (index)
		*index = qlo > qhi ? ilo : ihi;
	return GI_OK;
}

double gi_stats_dixon_critical(size_t n, double alpha)
{
	/* Rorabacher (1991), Anal. Chem. 63:139-146, table of r10 at 95 %
	 * confidence, n = 3..10 */
	static const double q95[] = { 0.970, 0.829, 0.710, 0.625, 0.568, 0.526, 0.493, 0.466 };
	if (n < 3 || n > 10 || fabs(alpha - 0.05) > 1e-12)
		return NAN;
	return q95[n - 3];
}

/* Relative change below this counts as "no change" in Algorithm A. */
#define ALGA_TOL 1e-6

int gi_stats_algorithm_a(gi_robust *out, const double *x, size_t n)
{
	if (!out || !x || n < 2)
		return gi__error(GI_EUSAGE, NULL, 0, "Algorithm A needs at least 2 values");
	double *w = malloc(2 * n * sizeof *w);
	if (!w)
		return gi__oom();
	double *c = w + n;
	memcpy(w, x, n * sizeof *w);
	gsl_sort(w, 1, n);
	double xs = gsl_stats_median_from_sorted_data(w, 1, n);
	for (size_t i = 0; i < n; i++)
		w[i] = fabs(x[i] - xs);
	gsl_sort(w, 1, n);
	double ss = 1.483 * gsl_stats_median_from_sorted_data(w, 1, n);
	if (!(ss > 0)) {
		free(w);
		return gi__error(GI_EINVALID, NULL, 0, "Algorithm A: more than half of the values are equal (s* = 0)");
	}
	int it = 0;
	for (; it < 1000; it++) {
		double d = 1.5 * ss;
		for (size_t i = 0; i < n; i++)
			c[i] = x[i] < xs - d ? xs - d : x[i] > xs + d ? xs + d : x[i];
		double nx = gsl_stats_mean(c, 1, n);
		double ns = 1.134 * gsl_stats_sd_m(c, 1, n, nx);
		int same = fabs(nx - xs) <= ALGA_TOL * fabs(nx) && fabs(ns - ss) <= ALGA_TOL * ns;
		xs = nx;
		ss = ns;
		if (same)
			break;
	}
	free(w);
	out->mean = xs;
	out->sd = ss;
	out->iterations = it + 1;
	return GI_OK;
}

double gi_stats_cochran(const double *v, size_t p)
{
	double sum = 0, max = 0;
	for (size_t i = 0; v && i < p; i++) {
		sum += v[i];
		if (v[i] > max)
			max = v[i];
	}
	return sum > 0 ? max / sum : NAN;
}

double gi_stats_cochran_critical(size_t p, size_t n, double alpha)
{
	if (p < 2 || n < 2 || !(alpha > 0 && alpha < 1))
		return NAN;
	double f = gsl_cdf_fdist_Qinv(alpha / (double)p, (double)(n - 1), (double)((p - 1) * (n - 1)));
	return 1.0 / (1.0 + ((double)p - 1) / f);
}

/* ---- the same with a status and gi_error_last(), as the rest of the API ---- */

int gi_stats_grubbs_critical_value(double *out, size_t n, double alpha)
{
	if (!out)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stats_grubbs_critical_value: NULL argument");
	*out = NAN;
	if (n < 3 || !(alpha > 0 && alpha < 1))
		return gi__error(GI_EUSAGE, NULL, 0, "Grubbs' critical value needs n >= 3 and 0 < alpha < 1 (n = %zu, "
		                 "alpha = %g)", n, alpha);
	*out = gi_stats_grubbs_critical(n, alpha);
	return GI_OK;
}

int gi_stats_dixon_critical_value(double *out, size_t n, double alpha)
{
	if (!out)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stats_dixon_critical_value: NULL argument");
	*out = gi_stats_dixon_critical(n, alpha);
	if (isnan(*out))
		return gi__error(GI_EINVALID, NULL, 0, "Dixon's r10 is tabulated for 3 <= n <= 10 at alpha = 0.05 only "
		                 "(n = %zu, alpha = %g)", n, alpha);
	return GI_OK;
}

int gi_stats_cochran_c(double *out, size_t *index, const double *variances, size_t p)
{
	if (!out || !variances || p < 2)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stats_cochran_c: NULL argument or fewer than 2 variances");
	size_t worst = 0;
	for (size_t i = 0; i < p; i++) {
		if (!(variances[i] >= 0))
			return gi__error(GI_EINVALID, NULL, 0, "Cochran's C: variance %zu is negative or not a number", i + 1);
		if (variances[i] > variances[worst])
			worst = i;
	}
	*out = gi_stats_cochran(variances, p);
	if (isnan(*out))
		return gi__error(GI_EINVALID, NULL, 0, "Cochran's C: every variance is 0");
	if (index)
		*index = worst;
	return GI_OK;
}

int gi_stats_cochran_critical_value(double *out, size_t p, size_t n, double alpha)
{
	if (!out)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stats_cochran_critical_value: NULL argument");
	*out = NAN;
	if (p < 2 || n < 2 || !(alpha > 0 && alpha < 1))
		return gi__error(GI_EUSAGE, NULL, 0, "Cochran's critical value needs p >= 2 groups of n >= 2 and "
		                 "0 < alpha < 1 (p = %zu, n = %zu, alpha = %g)", p, n, alpha);
	*out = gi_stats_cochran_critical(p, n, alpha);
	return GI_OK;
}
