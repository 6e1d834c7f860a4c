/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/risk.h - global conformance risks (JCGM 106:2012 clause 9) and
 * process capability (ISO 22514-2).
 *
 * A verdict on one sample carries a specific risk; a council that accepts
 * lots from a producer year after year wants the global risks of its
 * decision rule: of all the lots the process makes, the probability that a
 * lot is out of tolerance and accepted (the consumer's risk R_C, a false
 * acceptance) and that a lot is in tolerance and rejected (the producer's
 * risk R_P, a false rejection). Both follow from the distribution of the
 * process (normal, mean mu, standard deviation sigma_p of the true values),
 * the standard measurement uncertainty u_m, the tolerance limits and the
 * acceptance limits (JCGM 106:2012 9.5.2):
 *
 *   R_C = integral over eta outside [TL, TU] of g0(eta) P(y in A | eta) d eta
 *   R_P = integral over eta inside  [TL, TU] of g0(eta) P(y not in A | eta) d eta
 *
 * with g0 = N(mu, sigma_p^2) and y | eta ~ N(eta, u_m^2). libgi evaluates
 * the one-dimensional integrals with GSL's adaptive Gauss-Kronrod
 * quadrature (QAGP, break points at the limits) to a relative error of
 * 1e-10 (an absolute 1e-14 for risks too small for that to matter) and
 * reports GSL's error estimate.
 */
#ifndef GI_RISK_H
#define GI_RISK_H

#include "common.h"
#include "error.h"
#include "stats.h"

GI_BEGIN_DECL

/** What the process and the measurement are, and where the limits lie. */
typedef struct gi_risk_options {
	int version;
	int has_lower;       /* lower tolerance limit TL (a minimum) */
	double lower;
	int has_upper;       /* upper tolerance limit TU (a maximum) */
	double upper;
	double mean;         /* process mean mu */
	double sd;           /* process standard deviation sigma (>= 0) */
	double u;            /* standard measurement uncertainty u_m (>= 0) */
	double guard;        /* guard band w: acceptance limits AL = TL + w,
	                        AU = TU - w (w > 0 guarded acceptance, w < 0
	                        guarded rejection, 0 simple acceptance) */
	int sd_includes_u;   /* sd is the spread of measured values (a history
	                        of results), which includes the measurement's:
	                        the true values' is sqrt(sd^2 - u^2) */
} gi_risk_options;

#define GI_RISK_OPTIONS_VERSION 1
#define GI_RISK_OPTIONS_INIT { GI_RISK_OPTIONS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Global risks of one criterion and the process's capability. Indices
 *  that do not apply (Cp and Cm of a one-sided limit, Cpu without an upper
 *  limit, anything divided by a zero sd or u) are NAN. */
typedef struct gi_risk {
	double consumer;      /* R_C: out of tolerance and accepted */
	double producer;      /* R_P: in tolerance and rejected */
	double abserr;        /* error bound of R_C and of R_P (GSL's estimate) */
	double nonconforming; /* p0: probability a true value is out of tolerance */
	double guard;         /* w used */
	double accept_lower;  /* AL = TL + w, or NAN without a lower limit */
	double accept_upper;  /* AU = TU - w, or NAN without an upper limit */
	double process_sd;    /* sigma_p of the true values used in the integrals */
	double cp;            /* (TU - TL) / (6 sd) */
	double cpk;           /* min(Cpu, Cpl) of those that apply */
	double cpu;           /* (TU - mean) / (3 sd) */
	double cpl;           /* (mean - TL) / (3 sd) */
	double cm;            /* measurement capability (TU - TL) / (4 u), JCGM 106 7.6 */
} gi_risk;

/**
 * Global consumer's and producer's risks (JCGM 106:2012 9.5) of accepting
 * a lot when its measured value lies within the acceptance limits, with
 * the capability indices of the process (ISO 22514-2: Cp, Cpk, Cpu, Cpl,
 * computed with the options' sd).
 *
 *   gi_risk_options o = GI_RISK_OPTIONS_INIT;
 *   o.has_lower = 1; o.lower = 5.34; o.mean = 6.1; o.sd = 0.35; o.u = 0.1;
 *   gi_risk r;
 *   if (gi_risk_global(&r, &o) == GI_OK)  ... r.consumer, r.producer, r.cpk ...
 *
 * @param out   receives the risks (caller's storage)
 * @return GI_OK; GI_EUSAGE if out or opts is NULL, the version unknown, no
 *         limit is given, TL >= TU, sd or u negative or not finite, the
 *         acceptance interval empty, or sd_includes_u with sd <= u
 */
GI_EXTERN(int) gi_risk_global(gi_risk *out, const gi_risk_options *opts);

/**
 * The guard band w whose acceptance limits give a global consumer's risk
 * R_C equal to target_pfa (Brent's method, to a relative 1e-10 in w), and
 * the producer's risk that comes with it. opts->guard is ignored. A
 * negative w means the acceptance limits may lie outside the tolerance
 * limits and still meet the target.
 *
 *   gi_risk r;
 *   if (gi_risk_guard_band(&r, 0.001, &o) == GI_OK)  ... r.guard, r.accept_lower, r.producer ...
 *
 * @param out   receives the guard band and the risks with it
 * @return GI_OK; GI_EUSAGE as gi_risk_global, or target_pfa not in (0, 1);
 *         GI_EINVALID if target_pfa is at or above the fraction
 *         nonconforming p0 (accepting everything already meets it) or
 *         u and sd are both 0
 */
GI_EXTERN(int) gi_risk_guard_band(gi_risk *out, double target_pfa, const gi_risk_options *opts);

/**
 * Mean and standard deviation of a history of results: a CSV file with a
 * header row and a column of numbers (either decimal separator; blank
 * cells are skipped). Feed them to gi_risk_options (mean, sd, with
 * sd_includes_u set: measured values spread by the measurement too).
 *
 *   gi_stats h;
 *   if (gi_risk_history_file(&h, "history.csv", "glutamic-acid") == GI_OK) ... h.mean, h.sd, h.n ...
 *
 * @param out     receives n, mean, sd and the 95 % t interval of the mean
 * @param column  the column's name (ASCII case ignored); NULL for "value",
 *                or the only column of a one-column file
 * @return GI_OK; GI_EUSAGE if an argument is NULL; GI_EIO; GI_EPARSE
 *         (file, line) for a cell that is not a number; GI_EINVALID
 *         (file, line) if the column is missing or fewer than 2 values
 */
GI_EXTERN(int) gi_risk_history_file(gi_stats *out, const char *path, const char *column);

GI_END_DECL

#endif
