/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * decide_internal.h - applying a decision rule to one estimate, and ASTM
 * E29 rounding. Not exported.
 */
#ifndef GI_DECIDE_INTERNAL_H
#define GI_DECIDE_INTERNAL_H

#include "internal.h"

/* ---- decide.c ---- */
/* The value a rule decides on, with its uncertainty, in the criterion's
 * unit and basis. */
typedef struct gi__estimate {
	double y;
	int has_u;
	double U, k;             /* expanded uncertainty and coverage factor */
	int has_dof;
	double dof;
	/* when y is the mean of replicates reported in decimal and converted
	 * by a power of ten only: those replicates and the power, so ASTM E29
	 * rounding works on the exact decimal mean */
	const double *reps;
	size_t n_reps;
	int reps_shift;
	/* the prefix of gi__decide in the caller's language, or NULL */
	const char *prefix_text;
} gi__estimate;
/* Applies rule to est against c's numeric limit; fills verdict, reason,
 * acceptance limits, pc. prefix (or NULL) goes before the value in the
 * reason ("mean of 2: "). */
int gi__decide(gi__arena *a, const gi_criterion *c, const gi_rule *rule, const gi__estimate *est,
               const char *prefix, gi_criterion_result *out);
/* Conformance probability of y with standard uncertainty u (JCGM 106). */
double gi__conformance(const gi_limit *l, double y, double u, int has_dof, double dof);
/* ASTM E29 rounding of v to the given number of decimals, ties to even,
 * on v's shortest decimal form; 0 or -1. */
int gi__round_e29(double *out, double v, int decimals);
/* ASTM E29 rounding of the exact decimal mean of v[0..n) (each value its
 * shortest decimal) times 10^shift; 0 or -1. */
int gi__round_mean_e29(double *out, const double *v, size_t n, int shift, int decimals);
/* Each of v[0..n) as an integer times a common 10^exp10 (5.52, 5.47 ->
 * 552, 547 and -2), each integer exact (at most 15 digits); 0 or -1. */
int gi__decimal_integers(double *ints, int *exp10, const double *v, size_t n);
/* The double nearest the exact decimal mean of v[0..n) times 10^shift
 * (5.52 and 5.47: the double nearest 5.495, not 5.4949999...); 0 or -1. */
int gi__decimal_mean(double *out, const double *v, size_t n, int shift);
/* The same two with big integers for every size (rounding 1: as
 * gi__round_mean_e29, 0: as gi__decimal_mean); what the fast path must
 * agree with. */
int gi__decimal_mean_bn(double *out, const double *v, size_t n, int shift, int decimals, int rounding);

#endif
