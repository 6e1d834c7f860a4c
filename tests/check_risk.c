/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_risk.c - global consumer's and producer's risks (JCGM 106:2012
 * 9.5), guard bands for a target risk and process capability indices,
 * against published values and closed forms. Each expected value says
 * where it comes from: PUBLISHED (a paper or handbook, with its rounding)
 * or DERIVED (a closed form worked out independently of libgi's
 * quadrature, or a seeded Monte-Carlo simulation used only as a
 * cross-check). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "helpers.h"
#include "suites.h"

static gi_risk_options two_sided(double tl, double tu, double mean, double sd, double u, double w)
{
	gi_risk_options o = GI_RISK_OPTIONS_INIT;
	o.has_lower = o.has_upper = 1;
	o.lower = tl;
	o.upper = tu;
	o.mean = mean;
	o.sd = sd;
	o.u = u;
	o.guard = w;
	return o;
}

static gi_risk_options lower_only(double tl, double mean, double sd, double u, double w)
{
	gi_risk_options o = two_sided(tl, 0, mean, sd, u, w);
	o.has_upper = 0;
	return o;
}

/* PUBLISHED. Deaver, D. (1993), "How to Maintain Your Confidence (In a
 * World of Declining Test Uncertainty Ratios)", NCSL Workshop and
 * Symposium: normal process and measurement, tolerance +/-2 process
 * standard deviations, process sd / measurement sd = 4 (his "TUR"):
 * false accept 0.8 %, false reject 1.5 % (p. 7); the same tolerance with
 * sd ratio 2 and acceptance limits at 0.91 of the tolerance limits: false
 * accept 0.8 %, false reject 6.6 % (p. 10); tolerance +/-2.5 sd with sd
 * ratio 1: false accept 0.5 % (p. 7). Deaver's probabilities are joint
 * (out of tolerance AND accepted), JCGM 106's R_C and R_P. He prints them
 * to the digits shown, so each must agree to half a unit of the last
 * digit. Sandia's suncal checks its integrals against the same figures
 * (test/test_risk.py). The scale must not matter: +/-8 with sd 4 and 1 is
 * the first case again. */
START_TEST(deaver_published)
{
	gi_risk r;
	gi_risk_options o = two_sided(-2, 2, 0, 1, 0.25, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert_msg(fabs(r.consumer - 0.008) < 0.0005, "R_C %.6f", r.consumer);
	ck_assert_msg(fabs(r.producer - 0.015) < 0.0005, "R_P %.6f", r.producer);
	double rc = r.consumer, rp = r.producer;
	o = two_sided(-8, 8, 0, 4, 1, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert(fabs(r.consumer - rc) < 1e-12 && fabs(r.producer - rp) < 1e-12);
	o = two_sided(-2, 2, 0, 1, 0.5, 2 - 2 * 0.91);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert_msg(fabs(r.consumer - 0.008) < 0.0005, "R_C %.6f", r.consumer);
	ck_assert_msg(fabs(r.producer - 0.066) < 0.0005, "R_P %.6f", r.producer);
	ck_assert(fabs(r.accept_lower + 1.82) < 1e-12 && fabs(r.accept_upper - 1.82) < 1e-12);
	o = two_sided(-2.5, 2.5, 0, 1, 1, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert_msg(fabs(r.consumer - 0.005) < 0.0005, "R_C %.6f", r.consumer);
}
END_TEST

/* DERIVED, closed form. With a single lower limit at the process mean and
 * no guard band, R_C = P(eta < mu, y >= mu) for the bivariate normal pair
 * (eta, y) whose correlation is rho = sigma_p / sqrt(sigma_p^2 + u^2);
 * Sheppard's (1899) orthant probability gives
 *   R_C = R_P = 1/4 - asin(rho) / (2 pi).
 * The same holds mirrored for an upper limit. libgi integrates
 * numerically and must agree to 1e-12. */
START_TEST(sheppard_closed_form)
{
	const double us[] = { 0.01, 0.1, 0.5, 1, 3, 10 };
	for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
		double sd = 0.35, u = us[i] * sd, rho = sd / hypot(sd, u);
		double want = 0.25 - asin(rho) / (2 * M_PI);
		gi_risk r;
		gi_risk_options o = lower_only(5.34, 5.34, sd, u, 0);
		ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
		ck_assert_msg(fabs(r.consumer - want) < 1e-12, "u/sd %g: R_C %.15g, want %.15g", us[i], r.consumer, want);
		ck_assert_msg(fabs(r.producer - want) < 1e-12, "u/sd %g: R_P %.15g", us[i], r.producer);
		/* the stated accuracy: relative 1e-10, absolute 1e-14 per piece */
		ck_assert(r.abserr <= 1e-10 * (r.consumer + r.producer) + 3e-14);
		ck_assert(fabs(r.nonconforming - 0.5) < 1e-15);
		o.has_lower = 0;
		o.has_upper = 1;
		o.upper = 5.34;
		ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
		ck_assert(fabs(r.consumer - want) < 1e-12 && fabs(r.producer - want) < 1e-12);
	}
}
END_TEST

/* DERIVED, limits. Without measurement uncertainty no decision is wrong:
 * u = 0 gives R_C = R_P = 0 exactly. As u -> 0 with A = T and one limit
 * at t standard deviations from the mean, both risks approach
 * phi(t) * (u / sigma_p) * integral_0^inf Q(x) dx = phi(t) phi(0) u / sigma_p,
 * the first term of their expansion; at u / sigma_p = 3e-9 the next term
 * is smaller by a further factor of about 1e-8. This is the case a coarse
 * quadrature gets wrong (it sees zero everywhere). */
START_TEST(small_u_limit)
{
	gi_risk r;
	gi_risk_options o = lower_only(5.34, 6.1, 0.35, 0, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert(r.consumer == 0 && r.producer == 0);
	ck_assert(fabs(r.nonconforming - gsl_cdf_ugaussian_P((5.34 - 6.1) / 0.35)) < 1e-16);
	o.u = 1e-9;
	double t = (5.34 - 6.1) / 0.35, want = gsl_ran_ugaussian_pdf(t) * gsl_ran_ugaussian_pdf(0) * 1e-9 / 0.35;
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert_msg(fabs(r.consumer / want - 1) < 1e-6, "R_C %.10g want %.10g", r.consumer, want);
	ck_assert_msg(fabs(r.producer / want - 1) < 1e-6, "R_P %.10g want %.10g", r.producer, want);
}
END_TEST

/* DERIVED, symmetry. A two-sided tolerance centred on the process mean
 * with a symmetric guard band has equal risks on both sides, so a
 * two-sided R_C is twice the one-sided R_C of either half when the other
 * limit is too far away to matter; moving the process and every limit by
 * the same amount changes nothing. */
START_TEST(symmetry)
{
	gi_risk two, low, up, moved;
	gi_risk_options o = two_sided(-2, 2, 0, 1, 0.5, 0.3);
	ck_assert_int_eq(gi_risk_global(&two, &o), GI_OK);
	o = lower_only(-2, 0, 1, 0.5, 0.3);
	ck_assert_int_eq(gi_risk_global(&low, &o), GI_OK);
	o.has_lower = 0;
	o.has_upper = 1;
	o.upper = 2;
	ck_assert_int_eq(gi_risk_global(&up, &o), GI_OK);
	ck_assert(fabs(low.consumer - up.consumer) < 1e-13);
	/* the far half's acceptance leak is below 1e-12 */
	ck_assert_msg(fabs(two.consumer - 2 * low.consumer) < 1e-12, "%.15g vs %.15g", two.consumer, low.consumer);
	o = two_sided(1000 - 2, 1000 + 2, 1000, 1, 0.5, 0.3);
	ck_assert_int_eq(gi_risk_global(&moved, &o), GI_OK);
	ck_assert(fabs(moved.consumer - two.consumer) < 1e-10 && fabs(moved.producer - two.producer) < 1e-10);
}
END_TEST

/* DERIVED, closed form. Whatever the limits, the measured value alone is
 * normal, y ~ N(mu, sigma_p^2 + u^2), so the fraction accepted is a
 * difference of two normal distribution functions; it is also
 * R_C + (1 - p0 - R_P). Hence R_C - R_P = P(y in A) - (1 - p0) exactly.
 * The cases include break points that coincide (tolerance 20 u wide with
 * no guard band puts AL + 10 u on AU - 10 u), one-sided limits, guarded
 * rejection and a process far off centre. */
START_TEST(marginal_identity)
{
	static const struct { int lo, hi; double tl, tu, mu, sd, u, w; } c[] = {
		{ 1, 1, -1, 1, 0, 1, 0.1, 0 },
		{ 1, 1, -1, 1, 0.3, 0.5, 0.05, 0.05 },
		{ 1, 1, 5.2, 7.0, 6.3, 0.45, 0.2, -0.1 },
		{ 1, 0, 5.34, 0, 6.1, 0.35, 0.1, 0.2 },
		{ 0, 1, 0, 0.8, 0.3, 0.2, 0.05, 0.1 },
		{ 1, 1, 8, 20, 19, 2, 1, 0.5 },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		gi_risk_options o = two_sided(c[i].tl, c[i].tu, c[i].mu, c[i].sd, c[i].u, c[i].w);
		o.has_lower = c[i].lo;
		o.has_upper = c[i].hi;
		gi_risk r;
		ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
		double sy = hypot(c[i].sd, c[i].u);
		double pu = c[i].hi ? gsl_cdf_ugaussian_P((c[i].tu - c[i].w - c[i].mu) / sy) : 1;
		double pl = c[i].lo ? gsl_cdf_ugaussian_P((c[i].tl + c[i].w - c[i].mu) / sy) : 0;
		double accepted = pu - pl;
		ck_assert_msg(fabs((r.consumer - r.producer) - (accepted - (1 - r.nonconforming))) < 1e-12,
		              "case %zu: R_C %.15g R_P %.15g accepted %.15g p0 %.15g", i, r.consumer, r.producer,
		              accepted, r.nonconforming);
	}
}
END_TEST

/* DERIVED, closed form, over many shapes: 300 cases drawn with a fixed
 * seed, u / sigma_p from 1e-4 to 1e3, one- and two-sided limits anywhere
 * from 4 standard deviations inside to 6 outside the process, guard bands
 * either way. Every case must be computed (no convergence failure) and
 * satisfy the marginal identity above to 1e-11. */
START_TEST(marginal_identity_sweep)
{
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(g, 9162);
	for (int i = 0; i < 300; i++) {
		int kind = (int)gsl_rng_uniform_int(g, 3);   /* 0 lower, 1 upper, 2 both */
		double sd = pow(10, gsl_rng_uniform(g) * 2 - 1), u = sd * pow(10, gsl_rng_uniform(g) * 7 - 4);
		double mu = gsl_rng_uniform(g) * 20 - 10;
		double tl = mu + sd * (gsl_rng_uniform(g) * 10 - 6), tu = tl + sd * gsl_rng_uniform(g) * 10 + 1e-3;
		double w = (gsl_rng_uniform(g) - 0.4) * (tu - tl) * 0.5;
		gi_risk_options o = two_sided(tl, tu, mu, sd, u, w);
		o.has_lower = kind != 1;
		o.has_upper = kind != 0;
		gi_risk r;
		int rc = gi_risk_global(&r, &o);
		ck_assert_msg(rc == GI_OK, "case %d (kind %d tl %g tu %g mu %g sd %g u %g w %g): %s", i, kind, tl, tu, mu, sd,
		              u, w, gi_error_last()->message);
		double sy = hypot(sd, u);
		double pu = o.has_upper ? gsl_cdf_ugaussian_P((tu - w - mu) / sy) : 1;
		double pl = o.has_lower ? gsl_cdf_ugaussian_P((tl + w - mu) / sy) : 0;
		ck_assert_msg(fabs((r.consumer - r.producer) - ((pu - pl) - (1 - r.nonconforming))) < 1e-11,
		              "case %d: R_C %.15g R_P %.15g", i, r.consumer, r.producer);
		ck_assert(r.consumer >= 0 && r.producer >= 0 && r.consumer <= r.nonconforming + 1e-15);
	}
	gsl_rng_free(g);
}
END_TEST

/* DERIVED, independent simulation. 400 000 lots of a process that is off
 * centre, with an asymmetric tolerance and a guard band, drawn with GSL's
 * MT19937 from seed 106; their true values and measured values are
 * classified directly. The integrals must lie within 4 binomial standard
 * errors of the simulated proportions: a cross-check of the set-up (which
 * region is which), not the expectation itself. */
START_TEST(monte_carlo_cross_check)
{
	const double tl = 5.2, tu = 7.0, mu = 6.3, sd = 0.45, u = 0.2, w = 0.05;
	gi_risk r;
	gi_risk_options o = two_sided(tl, tu, mu, sd, u, w);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(g, 106);
	const long n = 400000;
	long fa = 0, fr = 0;
	for (long i = 0; i < n; i++) {
		double eta = mu + gsl_ran_gaussian_ziggurat(g, sd), y = eta + gsl_ran_gaussian_ziggurat(g, u);
		int in_t = eta >= tl && eta <= tu, in_a = y >= tl + w && y <= tu - w;
		fa += !in_t && in_a;
		fr += in_t && !in_a;
	}
	gsl_rng_free(g);
	double pa = (double)fa / n, pr = (double)fr / n;
	ck_assert_msg(fabs(r.consumer - pa) < 4 * sqrt(pa * (1 - pa) / n), "R_C %.5f, simulated %.5f", r.consumer, pa);
	ck_assert_msg(fabs(r.producer - pr) < 4 * sqrt(pr * (1 - pr) / n), "R_P %.5f, simulated %.5f", r.producer, pr);
	ck_assert(r.consumer > 0.01 && r.producer > 0.05);   /* the case is not trivial */
}
END_TEST

/* PUBLISHED. Eurachem/CITAC Guide "Use of uncertainty information in
 * compliance assessment" (2nd ed. 2021), Annex A "Determining the size of
 * the guard band and acceptance limit": for 95 % one-sided confidence of
 * correct acceptance at a limit the guard band is g = k u with
 * k = 1.645. That is the
 * global-risk guard band of a "process" whose every lot has a true value
 * just outside the limit (sigma_p = 0): the consumer's risk is then the
 * specific risk Q((w + delta) / u), and a target of 5 % gives w = 1.645 u
 * (the 0.95 normal quantile, 1.6449). DERIVED: for target 1 % the same
 * argument gives the 0.99 quantile, 2.3263 u. */
START_TEST(guard_band_specific_limit)
{
	gi_risk r;
	gi_risk_options o = lower_only(5.34, 5.34 - 1e-12, 0, 0.1, 0);
	ck_assert_int_eq(gi_risk_guard_band(&r, 0.05, &o), GI_OK);
	ck_assert_msg(fabs(r.guard / 0.1 - 1.645) < 0.0005, "w/u = %.6f", r.guard / 0.1);
	ck_assert(fabs(r.accept_lower - (5.34 + r.guard)) < 1e-15);
	ck_assert(fabs(r.consumer - 0.05) < 1e-9);
	ck_assert_int_eq(gi_risk_guard_band(&r, 0.01, &o), GI_OK);
	ck_assert_msg(fabs(r.guard / 0.1 - gsl_cdf_ugaussian_Qinv(0.01)) < 1e-8, "w/u = %.10f", r.guard / 0.1);
}
END_TEST

/* DERIVED, consistency. The guard band found for a target meets it (R_C
 * recomputed with that w equals the target to 1e-11); a tighter target
 * needs a wider guard band and costs producer's risk; a target at or
 * above the fraction out of tolerance is refused, since accepting
 * everything already meets it (here p0 = 2 Q(2) = 4.55 %, closed form).
 * The set-up (process sd 4, measurement sd 2, tolerance +/-8, targets 1 %
 * and 10 %) is that of suncal's test_findguardband. */
START_TEST(guard_band_for_target)
{
	gi_risk r1, r2, chk;
	gi_risk_options o = two_sided(-8, 8, 0, 4, 2, 0);
	ck_assert_int_eq(gi_risk_guard_band(&r1, 0.01, &o), GI_OK);
	ck_assert_msg(fabs(r1.consumer - 0.01) < 1e-11, "R_C %.15g", r1.consumer);
	o.guard = r1.guard;
	ck_assert_int_eq(gi_risk_global(&chk, &o), GI_OK);
	ck_assert(fabs(chk.consumer - 0.01) < 1e-11 && fabs(chk.producer - r1.producer) < 1e-13);
	ck_assert_int_eq(gi_risk_guard_band(&r2, 0.001, &o), GI_OK);
	ck_assert(r2.guard > r1.guard && r2.producer > r1.producer);
	ck_assert_int_eq(gi_risk_guard_band(&r2, 0.1, &o), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "4.55"));
	/* a loose target on a tight process: relaxed acceptance, w < 0 */
	o = lower_only(5.34, 6.1, 0.35, 0.1, 0);
	gi_risk base;
	ck_assert_int_eq(gi_risk_global(&base, &o), GI_OK);
	ck_assert_int_eq(gi_risk_guard_band(&r1, 2 * base.consumer, &o), GI_OK);
	ck_assert(r1.guard < 0 && r1.producer < base.producer);
	ck_assert_int_eq(gi_risk_guard_band(&r1, 0, &o), GI_EUSAGE);
	ck_assert_int_eq(gi_risk_guard_band(&r1, 1, &o), GI_EUSAGE);
}
END_TEST

/* DERIVED, consistency over many shapes: for 100 seeded cases the guard
 * band found for a target (a tenth of the fraction out of tolerance)
 * reproduces it when evaluated, to 1e-9 relative. */
START_TEST(guard_band_sweep)
{
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(g, 22514);
	for (int i = 0; i < 100; i++) {
		int kind = (int)gsl_rng_uniform_int(g, 3);
		double sd = pow(10, gsl_rng_uniform(g) * 2 - 1), u = sd * pow(10, gsl_rng_uniform(g) * 3 - 2);
		double mu = gsl_rng_uniform(g) * 20 - 10;
		double tl = mu - sd * (gsl_rng_uniform(g) * 3.5 + 0.2), tu = mu + sd * (gsl_rng_uniform(g) * 3.5 + 0.2);
		gi_risk_options o = two_sided(tl, tu, mu, sd, u, 0);
		o.has_lower = kind != 1;
		o.has_upper = kind != 0;
		gi_risk base, r, chk;
		ck_assert_int_eq(gi_risk_global(&base, &o), GI_OK);
		double target = base.nonconforming / 10;
		int rc = gi_risk_guard_band(&r, target, &o);
		ck_assert_msg(rc == GI_OK, "case %d: %s", i, gi_error_last()->message);
		o.guard = r.guard;
		ck_assert_int_eq(gi_risk_global(&chk, &o), GI_OK);
		ck_assert_msg(fabs(chk.consumer / target - 1) < 1e-9, "case %d: R_C %.12g target %.12g", i, chk.consumer,
		              target);
	}
	gsl_rng_free(g);
}
END_TEST

/* PUBLISHED. NIST/SEMATECH e-Handbook of Statistical Methods, 6.1.6
 * "What is Process Capability?": USL = 20, LSL = 8, mean 16, sd 2 give
 * Cp = 1.0, Cpu = 0.6667, Cpl = 1.3333, Cpk = 0.6667 (four decimals); its
 * table gives 0.27 % out of specification for a centred process with
 * Cp = 1.00. JCGM 106:2012 7.6: Cm = (TU - TL) / (4 u). */
START_TEST(capability_nist)
{
	gi_risk r;
	gi_risk_options o = two_sided(8, 20, 16, 2, 0.5, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert(fabs(r.cp - 1.0) < 5e-5);
	ck_assert(fabs(r.cpu - 0.6667) < 5e-5);
	ck_assert(fabs(r.cpl - 1.3333) < 5e-5);
	ck_assert(fabs(r.cpk - 0.6667) < 5e-5);
	ck_assert(fabs(r.cm - 6.0) < 1e-12);
	o.mean = 14;
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert_msg(fabs(r.nonconforming - 0.0027) < 0.00005, "p0 %.6f", r.nonconforming);
	ck_assert(r.cp == r.cpk);
	/* one-sided: only the index of that side */
	o = lower_only(8, 16, 2, 0.5, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert(isnan(r.cp) && isnan(r.cpu) && isnan(r.cm));
	ck_assert(fabs(r.cpk - 1.3333) < 5e-5 && r.cpk == r.cpl);
}
END_TEST

/* A history of results: mean and s of a CSV column (decimal commas with
 * ';' as delimiter), by hand: 6,0 6,2 6,4 6,6 have mean 6.3 and
 * s = sqrt(0.2/3). Measured values spread by the measurement too, so the
 * true values' sd used in the integrals is sqrt(s^2 - u^2), while Cp and
 * Cpk use s (ISO 22514-2 works on the observed values). */
START_TEST(history_file)
{
	const char *f = t_tmpfile("lot;glutamic-acid;note\nA;6,0;x\nB;6,2;\nC;;missing\nD;6,4;\nE;6,6;\n", ".csv");
	gi_stats h;
	ck_assert_int_eq(gi_risk_history_file(&h, f, "Glutamic-Acid"), GI_OK);
	ck_assert_uint_eq(h.n, 4);
	ck_assert(fabs(h.mean - 6.3) < 1e-12);
	ck_assert(fabs(h.sd - sqrt(0.2 / 3)) < 1e-12);
	gi_risk_options o = lower_only(5.34, h.mean, h.sd, 0.1, 0);
	o.sd_includes_u = 1;
	gi_risk r;
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert(fabs(r.process_sd - sqrt(0.2 / 3 - 0.01)) < 1e-12);
	ck_assert(fabs(r.cpl - (6.3 - 5.34) / (3 * sqrt(0.2 / 3))) < 1e-12);
	/* results spread no more than the measurement explains */
	o.u = 0.3;
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_EUSAGE);
	/* bad histories: named file and line */
	f = t_tmpfile("value\n6.1\n6.2x\n", ".csv");
	ck_assert_int_eq(gi_risk_history_file(&h, f, NULL), GI_EPARSE);
	ck_assert_int_eq(gi_error_last()->line, 3);
	ck_assert_str_eq(gi_error_last()->file, f);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "6.2x"));
	f = t_tmpfile("lot,result\nA,6.1\n", ".csv");
	ck_assert_int_eq(gi_risk_history_file(&h, f, NULL), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "value"));
	f = t_tmpfile("result\n6.1\n", ".csv");
	ck_assert_int_eq(gi_risk_history_file(&h, f, NULL), GI_EINVALID);
	f = t_tmpfile("result\n6.1\n6.5\n", ".csv");
	ck_assert_int_eq(gi_risk_history_file(&h, f, NULL), GI_OK);   /* the one column */
	ck_assert(fabs(h.mean - 6.3) < 1e-12);
	ck_assert_int_eq(gi_risk_history_file(&h, "/nonexistent/h.csv", NULL), GI_EIO);
}
END_TEST

/* Bad arguments are refused with GI_EUSAGE and a message, never a NAN. */
START_TEST(bad_arguments)
{
	gi_risk r;
	gi_risk_options o = GI_RISK_OPTIONS_INIT;
	o.sd = 1;
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_EUSAGE);   /* no limit */
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "limit"));
	o = two_sided(2, 1, 0, 1, 0.1, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_EUSAGE);   /* TL >= TU */
	o = two_sided(-1, 1, 0, 1, -0.1, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_EUSAGE);   /* u < 0 */
	o = two_sided(-1, 1, 0, NAN, 0.1, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_EUSAGE);
	o = two_sided(-1, 1, 0, 1, 0.1, 1.2);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_EUSAGE);   /* no acceptance interval left */
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "guard band"));
	o.guard = 1;                                           /* A is one point: nothing accepted */
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert(r.consumer == 0 && fabs(r.producer - (1 - r.nonconforming)) < 1e-12);
	o.version = 99;
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_EUSAGE);
	ck_assert_int_eq(gi_risk_global(NULL, &o), GI_EUSAGE);
	ck_assert_int_eq(gi_risk_global(&r, NULL), GI_EUSAGE);
	ck_assert_int_eq(gi_risk_history_file(NULL, "x", NULL), GI_EUSAGE);
}
END_TEST

static char out[1 << 14], err[1 << 12];
#define GI(...) t_gi(out, sizeof out, err, sizeof err, __VA_ARGS__, (char *)NULL)

/* gi risk: the figures of the library in text and JSON, a guard band for
 * a target, a history file, and exit 2 with a message for bad input. */
START_TEST(cli_risk)
{
	ck_assert_int_eq(GI("risk", "--lower", "5,34", "--mean", "6.1", "--sd", "0.35", "--u", "0.1"), 0);
	ck_assert_ptr_nonnull(strstr(out, "R_C = 0.3005 %"));
	ck_assert_ptr_nonnull(strstr(out, "R_P = 0.646 %"));
	ck_assert_ptr_nonnull(strstr(out, "Cpk 0.7238"));
	ck_assert_int_eq(GI("risk", "--json", "--lower", "-2", "--upper", "2", "--mean", "0", "--sd", "1", "--u", "0.25"), 0);
	json_error_t je;
	json_t *d = json_loads(out, 0, &je);
	ck_assert_ptr_nonnull(d);
	gi_risk r;
	gi_risk_options o = two_sided(-2, 2, 0, 1, 0.25, 0);
	ck_assert_int_eq(gi_risk_global(&r, &o), GI_OK);
	ck_assert(fabs(json_real_value(json_object_get(d, "consumer_risk")) - r.consumer) < 1e-15);
	ck_assert(fabs(json_real_value(json_object_get(d, "producer_risk")) - r.producer) < 1e-15);
	ck_assert_str_eq(json_string_value(json_object_get(d, "format")), "libgi-risk/1");
	json_decref(d);
	ck_assert_int_eq(GI("risk", "--json", "--lower", "-8", "--upper", "8", "--mean", "0", "--sd", "4", "--u", "2",
	                    "--target-pfa", "0.01"), 0);
	d = json_loads(out, 0, &je);
	ck_assert_ptr_nonnull(d);
	ck_assert(fabs(json_real_value(json_object_get(d, "consumer_risk")) - 0.01) < 1e-11);
	json_decref(d);
	const char *f = t_tmpfile("value\n6.0\n6.2\n6.4\n6.6\n", ".csv");
	ck_assert_int_eq(GI("risk", "--lower", "5.34", "--u", "0.1", "--history", f), 0);
	ck_assert_ptr_nonnull(strstr(out, "4 results in"));
	/* bad usage and bad input: status 2, message, nothing on stdout */
	ck_assert_int_eq(GI("risk", "--lower", "5.34", "--mean", "6.1", "--sd", "0.35"), 2);
	ck_assert_ptr_nonnull(strstr(err, "--u"));
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(GI("risk", "--lower", "5.34", "--mean", "6.1", "--sd", "abc", "--u", "0.1"), 2);
	ck_assert_ptr_nonnull(strstr(err, "'abc' is not a number"));
	ck_assert_int_eq(GI("risk", "--lower", "5.34", "--mean", "6.1", "--sd", "0.35", "--u", "0.1", "--guard", "0.1",
	                    "--target-pfa", "0.01"), 2);
	ck_assert_int_eq(GI("risk", "--lower", "5.34", "--upper", "5", "--mean", "6.1", "--sd", "0.35", "--u", "0.1"), 2);
	ck_assert_ptr_nonnull(strstr(err, "not below"));
	f = t_tmpfile("value\n6.0\nsix\n", ".csv");
	ck_assert_int_eq(GI("risk", "--lower", "5.34", "--u", "0.1", "--history", f), 2);
	ck_assert_ptr_nonnull(strstr(err, ":3: "));
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(GI("risk", "--help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "--target-pfa"));
}
END_TEST

Suite *suite_risk(void)
{
	Suite *s = suite_create("risk");
	TCase *tc = tcase_create("risk");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, deaver_published);
	tcase_add_test(tc, sheppard_closed_form);
	tcase_add_test(tc, small_u_limit);
	tcase_add_test(tc, symmetry);
	tcase_add_test(tc, marginal_identity);
	tcase_add_test(tc, marginal_identity_sweep);
	tcase_add_test(tc, monte_carlo_cross_check);
	tcase_add_test(tc, guard_band_specific_limit);
	tcase_add_test(tc, guard_band_for_target);
	tcase_add_test(tc, guard_band_sweep);
	tcase_add_test(tc, capability_nist);
	tcase_add_test(tc, history_file);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, cli_risk);
	suite_add_tcase(s, tc);
	return s;
}
