/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * risk.c - global consumer's and producer's risks (JCGM 106:2012 9.5),
 * the guard band that meets a target consumer's risk, and process
 * capability indices (ISO 22514-2).
 *
 * With a normal process g0 = N(mu, sigma_p^2) and a normal measurement
 * y | eta ~ N(eta, u^2), the inner integral of JCGM 106's double integrals
 * over the measured value is a difference of normal distribution
 * functions, so each risk is a one-dimensional integral over the true
 * value in standard units z = (eta - mu) / sigma_p of phi(z) times the
 * probability of accepting (R_C, z outside tolerance) or rejecting (R_P,
 * z inside). GSL's QAGP integrates each piece with break points at the
 * tolerance and acceptance limits, where the integrand turns sharply when
 * u is small. The normal density beyond 40 standard deviations is below
 * 1e-347, so the infinite ranges are cut there without changing a digit.
 */
#include "config.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_roots.h>
#include "csv.h"

#define Z_CUT 40.0
#define EPS_ABS 1e-14
#define EPS_REL 1e-10
#define LIMIT 1000
#define HISTORY_MAX_ROWS 10000000

/* The problem in standard units of the process: limits as z values. */
typedef struct {
	int lo, hi;          /* which tolerance limits exist */
	double tl, tu;       /* tolerance limits in z */
	double al, au;       /* acceptance limits in z (-inf / +inf when absent) */
	double s;            /* u / sigma_p */
} problem;

/* P(AL <= y <= AU | z) and its complement, each computed from the
 * tail that keeps its digits. */
static double p_accept(const problem *p, double z)
{
	if (!(p->au > p->al))
		return 0;
	double a = (p->al - z) / p->s, b = (p->au - z) / p->s;
	if (a >= 0)
		return gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b);
	if (b <= 0)
		return gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
	return 1 - gsl_cdf_ugaussian_P(a) - gsl_cdf_ugaussian_Q(b);
}

static double p_reject(const problem *p, double z)
{
	if (!(p->au > p->al))
		return 1;
	double a = (p->al - z) / p->s, b = (p->au - z) / p->s;
	return gsl_cdf_ugaussian_P(a) + gsl_cdf_ugaussian_Q(b);
}

static double f_accept(double z, void *v) { return gsl_ran_ugaussian_pdf(z) * p_accept(v, z); }
static double f_reject(double z, void *v) { return gsl_ran_ugaussian_pdf(z) * p_reject(v, z); }

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

/* Integrates f over [a, b] with break points at whichever limits fall
 * inside; adds GSL's error estimate to *err. */
static int piece(double *out, double *err, gsl_function *f, const problem *p, double a, double b,
                 gsl_integration_workspace *w)
{
	*out = 0;
	if (!(b > a))
		return 0;
	/* the acceptance probability turns from 0 to 1 within a few u of an
	 * acceptance limit: give that stretch pieces of its own, or a coarse
	 * first rule can miss it entirely when u is small */
	const double d = 10 * p->s;
	const double cand[] = { p->al, p->au, p->tl, p->tu, p->al - d, p->al + d, p->au - d, p->au + d };
	double inner[GI_ARRAY_SIZE(cand)], pts[GI_ARRAY_SIZE(cand) + 2];
	size_t m = 0, n = 0;
	for (size_t i = 0; i < GI_ARRAY_SIZE(cand); i++)
		if (isfinite(cand[i]) && cand[i] > a && cand[i] < b)
			inner[m++] = cand[i];
	qsort(inner, m, sizeof inner[0], cmp_double);
	/* points that differ only by rounding would make a piece too narrow
	 * to subdivide: keep one of them */
	pts[n++] = a;
	for (size_t i = 0; i < m; i++)
		if (inner[i] > pts[n - 1] + 1e-9 * (1 + fabs(pts[n - 1])) && inner[i] < b - 1e-9 * (1 + fabs(b)))
			pts[n++] = inner[i];
	pts[n++] = b;
	double e = 0;
	int rc = gsl_integration_qagp(f, pts, n, EPS_ABS, EPS_REL, LIMIT, w, out, &e);
	/* rounding stopped the refinement short of 1e-10, still well inside 1e-9 */
	if (rc == GSL_EROUND && e <= 1e-13 + 1e-9 * fabs(*out))
		rc = 0;
	*err += e;
	return rc;
}

/* R_C, R_P and their error when sigma_p > 0 and u > 0. */
static int integrate(double *rc_out, double *rp_out, double *err, const problem *p)
{
	gsl_integration_workspace *w = gsl_integration_workspace_alloc(LIMIT);
	if (!w)
		return gi__oom();
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	gsl_function fa = { f_accept, (void *)p }, fr = { f_reject, (void *)p };
	double lo = p->lo ? fmax(p->tl, -Z_CUT) : -Z_CUT, hi = p->hi ? fmin(p->tu, Z_CUT) : Z_CUT;
	double c1 = 0, c2 = 0, r = 0;
	*err = 0;
	int st = 0;
	if (p->lo)
		st |= piece(&c1, err, &fa, p, -Z_CUT, fmin(p->tl, Z_CUT), w);
	if (p->hi)
		st |= piece(&c2, err, &fa, p, fmax(p->tu, -Z_CUT), Z_CUT, w);
	st |= piece(&r, err, &fr, p, lo, hi, w);
	gsl_set_error_handler(old);
	gsl_integration_workspace_free(w);
	if (st)
		return gi__error(GI_ERROR, NULL, 0, "the risk integrals did not converge to 1e-10 (GSL status %d)", st);
	*rc_out = c1 + c2;
	*rp_out = r;
	return GI_OK;
}

/* The degenerate cases in closed form: no measurement error (an item is
 * accepted exactly when its true value is inside A) or no process spread
 * (every item has the true value mu). */
static void closed_form(double *rc, double *rp, const problem *p, double mu_z_sd0)
{
	if (p->s == 0) {
		/* P(z < TL and AL <= z <= AU) + P(z > TU and ...) and R_P alike */
		double pa_lo = 0, pa_hi = 0, pr = 0;
		if (p->lo) {
			double b = fmin(p->tl, p->au);
			pa_lo = b > p->al ? gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(p->al) : 0;
		}
		if (p->hi) {
			double a = fmax(p->tu, p->al);
			pa_hi = p->au > a ? gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(p->au) : 0;
		}
		double tl = p->lo ? p->tl : -INFINITY, tu = p->hi ? p->tu : INFINITY;
		/* in tolerance and outside A: [tl, tu] minus [al, au] */
		double in_t = gsl_cdf_ugaussian_P(tu) - gsl_cdf_ugaussian_P(tl);
		double a = fmax(tl, p->al), b = fmin(tu, p->au);
		double in_both = b > a ? gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a) : 0;
		pr = in_t - in_both;
		*rc = pa_lo + pa_hi;
		*rp = pr < 0 ? 0 : pr;
		return;
	}
	/* sigma_p = 0: mu_z_sd0 is the true value in units of u, limits too */
	double z = mu_z_sd0;
	int in_t = (!p->lo || z >= p->tl) && (!p->hi || z <= p->tu);
	double pa = p->au > p->al ? (gsl_cdf_ugaussian_P(p->au - z) - gsl_cdf_ugaussian_P(p->al - z)) : 0;
	*rc = in_t ? 0 : pa;
	*rp = in_t ? 1 - pa : 0;
}

static int check(const gi_risk_options *o, const char *fn)
{
	if (!o)
		return gi__error(GI_EUSAGE, NULL, 0, "%s: NULL argument", fn);
	if (o->version < 1 || o->version > GI_RISK_OPTIONS_VERSION)
		return gi__error(GI_EUSAGE, NULL, 0, "%s: unknown options version %d", fn, o->version);
	if (!o->has_lower && !o->has_upper)
		return gi__error(GI_EUSAGE, NULL, 0, "give a lower or an upper tolerance limit (or both)");
	if ((o->has_lower && !isfinite(o->lower)) || (o->has_upper && !isfinite(o->upper)) || !isfinite(o->mean) ||
	    !isfinite(o->guard))
		return gi__error(GI_EUSAGE, NULL, 0, "the limits, the mean and the guard band must be finite numbers");
	if (o->has_lower && o->has_upper && !(o->lower < o->upper))
		return gi__error(GI_EUSAGE, NULL, 0, "the lower tolerance limit %g is not below the upper %g", o->lower,
		                 o->upper);
	if (!(o->sd >= 0) || !isfinite(o->sd))
		return gi__error(GI_EUSAGE, NULL, 0, "the process standard deviation must be a finite number >= 0");
	if (!(o->u >= 0) || !isfinite(o->u))
		return gi__error(GI_EUSAGE, NULL, 0, "the measurement uncertainty u must be a finite number >= 0");
	if (o->sd_includes_u && o->u > 0 && !(o->sd > o->u))
		return gi__error(GI_EUSAGE, NULL, 0,
		                 "the results spread less (s = %g) than the measurement uncertainty u = %g explains: "
		                 "the process spread cannot be separated from the measurement's", o->sd, o->u);
	return GI_OK;
}

static double true_sd(const gi_risk_options *o)
{
	return o->sd_includes_u ? sqrt((o->sd - o->u) * (o->sd + o->u)) : o->sd;
}

/* Everything but the risks: limits, p0, capability indices. */
static void describe(gi_risk *r, const gi_risk_options *o, double w)
{
	double sp = true_sd(o);
	memset(r, 0, sizeof *r);
	r->guard = w;
	r->process_sd = sp;
	r->accept_lower = o->has_lower ? o->lower + w : NAN;
	r->accept_upper = o->has_upper ? o->upper - w : NAN;
	double sd = o->sd;
	r->cp = o->has_lower && o->has_upper && sd > 0 ? (o->upper - o->lower) / (6 * sd) : NAN;
	r->cpu = o->has_upper && sd > 0 ? (o->upper - o->mean) / (3 * sd) : NAN;
	r->cpl = o->has_lower && sd > 0 ? (o->mean - o->lower) / (3 * sd) : NAN;
	r->cpk = isnan(r->cpu) ? r->cpl : isnan(r->cpl) ? r->cpu : fmin(r->cpu, r->cpl);
	r->cm = o->has_lower && o->has_upper && o->u > 0 ? (o->upper - o->lower) / (4 * o->u) : NAN;
	if (sp > 0) {
		double p = 0;
		if (o->has_lower)
			p += gsl_cdf_ugaussian_P((o->lower - o->mean) / sp);
		if (o->has_upper)
			p += gsl_cdf_ugaussian_Q((o->upper - o->mean) / sp);
		r->nonconforming = p;
	} else {
		r->nonconforming = (o->has_lower && o->mean < o->lower) || (o->has_upper && o->mean > o->upper) ? 1 : 0;
	}
}

/* R_C and R_P for guard band w; r already described. */
static int risks(gi_risk *r, const gi_risk_options *o, double w)
{
	double sp = true_sd(o);
	/* scale: sigma_p when the process spreads, otherwise u */
	double scale = sp > 0 ? sp : o->u;
	problem p = { o->has_lower, o->has_upper, 0, 0, -INFINITY, INFINITY, 0 };
	if (scale == 0) {
		/* a point process measured without error */
		int in_t = (!o->has_lower || o->mean >= o->lower) && (!o->has_upper || o->mean <= o->upper);
		int in_a = (!o->has_lower || o->mean >= o->lower + w) && (!o->has_upper || o->mean <= o->upper - w);
		r->consumer = !in_t && in_a;
		r->producer = in_t && !in_a;
		r->abserr = 0;
		return GI_OK;
	}
	if (o->has_lower) {
		p.tl = (o->lower - o->mean) / scale;
		p.al = (o->lower + w - o->mean) / scale;
	}
	if (o->has_upper) {
		p.tu = (o->upper - o->mean) / scale;
		p.au = (o->upper - w - o->mean) / scale;
	}
	if (sp == 0) {
		p.s = 1;
		closed_form(&r->consumer, &r->producer, &p, 0);
		r->abserr = 0;
		return GI_OK;
	}
	p.s = o->u / sp;
	if (p.s == 0) {
		closed_form(&r->consumer, &r->producer, &p, 0);
		r->abserr = 0;
		return GI_OK;
	}
	return integrate(&r->consumer, &r->producer, &r->abserr, &p);
}

int gi_risk_global(gi_risk *out, const gi_risk_options *opts)
{
	if (!out)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_risk_global: NULL argument");
	int rc = check(opts, "gi_risk_global");
	if (rc < 0)
		return rc;
	if (opts->has_lower && opts->has_upper && !(opts->upper - opts->guard >= opts->lower + opts->guard))
		return gi__error(GI_EUSAGE, NULL, 0,
		                 "a guard band of %g leaves no acceptance interval between %g and %g (at most half "
		                 "the tolerance interval, %g)", opts->guard, opts->lower, opts->upper,
		                 (opts->upper - opts->lower) / 2);
	gi_risk r;
	describe(&r, opts, opts->guard);
	if ((rc = risks(&r, opts, opts->guard)) < 0)
		return rc;
	*out = r;
	return GI_OK;
}

typedef struct {
	const gi_risk_options *o;
	double target;
	int failed;
} solve_ctx;

static double excess(double w, void *v)
{
	solve_ctx *c = v;
	gi_risk r = { 0 };
	if (risks(&r, c->o, w) < 0)
		c->failed = 1;
	return r.consumer - c->target;
}

int gi_risk_guard_band(gi_risk *out, double target_pfa, const gi_risk_options *opts)
{
	if (!out)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_risk_guard_band: NULL argument");
	int rc = check(opts, "gi_risk_guard_band");
	if (rc < 0)
		return rc;
	if (!(target_pfa > 0 && target_pfa < 1))
		return gi__error(GI_EUSAGE, NULL, 0, "the target consumer's risk must lie between 0 and 1, not %g",
		                 target_pfa);
	double sp = true_sd(opts);
	if (sp == 0 && opts->u == 0)
		return gi__error(GI_EINVALID, NULL, 0, "with no process spread and no measurement uncertainty no guard band "
		                 "changes the consumer's risk");
	gi_risk r;
	describe(&r, opts, 0);
	if (!(target_pfa < r.nonconforming))
		return gi__error(GI_EINVALID, NULL, 0,
		                 "the target consumer's risk %g is not below the fraction of the process out of "
		                 "tolerance (%.3g %%): any acceptance limit meets it", target_pfa, 100 * r.nonconforming);
	solve_ctx c = { opts, target_pfa, 0 };
	/* R_C falls as w grows. Bracket the root: w_hi where R_C < target
	 * (the acceptance interval empty for two-sided limits), w_lo where
	 * R_C > target, widening by doubling. */
	double step = sp + opts->u, hi, lo = -step;
	if (opts->has_lower && opts->has_upper) {
		hi = (opts->upper - opts->lower) / 2;
	} else {
		hi = step;
		for (int i = 0; excess(hi, &c) >= 0 && i < 200; i++)
			hi = 2 * hi + fabs(opts->mean - (opts->has_lower ? opts->lower : opts->upper));
	}
	for (int i = 0; excess(lo, &c) <= 0 && i < 200; i++)
		lo *= 2;
	double flo = excess(lo, &c), fhi = excess(hi, &c);
	if (c.failed)
		return gi_error_last()->code;
	if (!(flo > 0 && fhi < 0))
		return gi__error(GI_EINVALID, NULL, 0, "no guard band gives a consumer's risk of %g", target_pfa);
	gsl_function f = { excess, &c };
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	if (!s)
		return gi__oom();
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	gsl_root_fsolver_set(s, &f, lo, hi);
	int st = GSL_CONTINUE;
	for (int i = 0; i < 200 && st == GSL_CONTINUE; i++) {
		if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
			break;
		st = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
		                            1e-15 * (step + fabs(hi)), 1e-10);
	}
	double w = gsl_root_fsolver_root(s);
	gsl_root_fsolver_free(s);
	gsl_set_error_handler(old);
	if (c.failed)
		return gi_error_last()->code;
	if (st != GSL_SUCCESS)
		return gi__error(GI_ERROR, NULL, 0, "the guard band search did not converge");
	describe(&r, opts, w);
	if ((rc = risks(&r, opts, w)) < 0)
		return rc;
	*out = r;
	return GI_OK;
}

int gi_risk_history_file(gi_stats *out, const char *path, const char *column)
{
	if (!out || !path)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_risk_history_file: NULL argument");
	gi__input in = { 0 };
	in.file = fopen(path, "rb");
	if (!in.file)
		return gi__error(GI_EIO, path, 0, "cannot open: %s", strerror(errno));
	in.sha = gi__sha256_new();
	gi__csv c;
	gi__csv_init(&c, &in, path);
	double *x = NULL;
	size_t n = 0, cap = 0;
	int rc, col = -1;
	if (!in.sha) {
		rc = gi__oom();
		goto done;
	}
	if ((rc = gi__csv_header(&c)) < 0)
		goto done;
	for (size_t i = 0; i < c.nf; i++)
		if (gi__ascii_casecmp(gi__csv_field(&c, (int)i), column ? column : "value") == 0)
			col = (int)i;
	if (col < 0 && !column && c.nf == 1)
		col = 0;
	if (col < 0) {
		rc = gi__error(GI_EINVALID, path, c.rec_line, "no column '%.60s' in the header",
		               column ? column : "value");
		goto done;
	}
	while ((rc = gi__csv_read(&c)) == 1) {
		const char *s = gi__csv_field(&c, col);
		if (!*s)
			continue;
		double v;
		if (gi__number_scan(&v, NULL, s, strlen(s)) < 0) {
			rc = gi__error(GI_EPARSE, path, c.rec_line, "'%.40s' in column %d is not a number", s, col + 1);
			goto done;
		}
		if (n == cap) {
			if (cap >= HISTORY_MAX_ROWS) {
				rc = gi__error(GI_EINVALID, path, c.rec_line, "more than %d results", HISTORY_MAX_ROWS);
				goto done;
			}
			size_t nc = cap ? 2 * cap : 256;
			double *nx = realloc(x, nc * sizeof *nx);
			if (!nx) {
				rc = gi__oom();
				goto done;
			}
			x = nx;
			cap = nc;
		}
		x[n++] = v;
	}
	if (rc < 0)
		goto done;
	if (n < 2) {
		rc = gi__error(GI_EINVALID, path, 0, "%zu result%s in the history: at least 2 are needed", n,
		               n == 1 ? "" : "s");
		goto done;
	}
	rc = gi_stats_describe(out, x, n, 0.95);
done:
	free(x);
	gi__csv_free(&c);
	fclose(in.file);
	gi__sha256_free(in.sha);
	return rc < 0 ? rc : GI_OK;
}
