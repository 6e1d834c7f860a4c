/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * svg.c - a picture of one criterion's decision, as ILAC-G8:09/2019 draws
 * it: the measured value with its uncertainty interval, the limit, the
 * acceptance limit the guard band moves it to, and the zones of the rule
 * (pass, conditional pass, conditional fail, fail).
 *
 * The zones are not drawn from formulas of their own: every column of the
 * picture is decided by the same code that decided the result (gi__decide
 * with the result's uncertainty), so the picture cannot disagree with the
 * verdict.
 */
#include "config.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include <string.h>
#include "internal.h"
#include "decide_internal.h"
#include "i18n_internal.h"

#define W 480
#define H 96
#define X0 20
#define X1 (W - 20)
#define BAND_Y 34
#define BAND_H 22

/* A verdict for the picture's reader: its word in the caller's language,
 * or its name ("conditional-pass") when there is no translation. */
static const char *verdict_word(gi_verdict v)
{
	const char *t = gi_verdict_text(v), *name = gi_verdict_name(v);
	char en[32];
	snprintf(en, sizeof en, "%s", name);
	for (char *p = en; *p; p++)
		if (*p == '-')
			*p = ' ';
	return strcmp(t, en) == 0 ? name : t;
}

typedef struct {
	char *s;
	size_t len, cap;
	int oom;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends to b; numbers are formatted in the "C" locale (the caller's
 * locale might write 12,5, which SVG does not read). */
static void put(buf *b, const char *fmt, ...)
{
	if (b->oom)
		return;
	locale_t old = uselocale(gi__c_locale());
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = 1;
			break;
		}
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			break;
		}
		size_t cap = (b->cap + (size_t)n + 1) * 2;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->oom = 1;
			break;
		}
		b->s = s;
		b->cap = cap;
	}
	uselocale(old);
}

static void put_text(buf *b, const char *t)
{
	for (; t && *t; t++) {
		switch (*t) {
		case '<': put(b, "&lt;"); break;
		case '>': put(b, "&gt;"); break;
		case '&': put(b, "&amp;"); break;
		case '"': put(b, "&quot;"); break;
		default: put(b, "%c", *t);
		}
	}
}

static const char *colour(gi_verdict v)
{
	switch (v) {
	case GI_VERDICT_PASS: return "#4caf50";
	case GI_VERDICT_CONDITIONAL_PASS: return "#c5e1a5";
	case GI_VERDICT_CONDITIONAL_FAIL: return "#ffcc80";
	case GI_VERDICT_FAIL: return "#e57373";
	default: return "#e0e0e0";
	}
}

static double px(double v, double lo, double hi)
{
	return X0 + (v - lo) / (hi - lo) * (X1 - X0);
}

/* The stretch of the axis drawn: the limits, acceptance limits, the value
 * and its interval U, with room around them for the outer zones. */
static void view_span(const gi_criterion_result *r, double U, double *lo_out, double *hi_out)
{
	const gi_limit *l = &r->criterion->limit;
	double pts[8];
	int n = 0;
	if (l->has_lower)
		pts[n++] = l->lower;
	if (l->has_upper)
		pts[n++] = l->upper;
	if (r->has_acceptance_lower)
		pts[n++] = r->acceptance_lower;
	if (r->has_acceptance_upper)
		pts[n++] = r->acceptance_upper;
	pts[n++] = r->value;
	pts[n++] = r->value - U;
	pts[n++] = r->value + U;
	double lo = pts[0], hi = pts[0];
	for (int i = 1; i < n; i++) {
		lo = pts[i] < lo ? pts[i] : lo;
		hi = pts[i] > hi ? pts[i] : hi;
	}
	double span = hi - lo;
	if (!(span > 0))
		span = fabs(hi) > 0 ? fabs(hi) * 0.2 : 1;
	/* a non-binary or guarded picture needs room for the outer zones */
	double pad = span * 0.25;
	if (r->rule.kind == GI_RULE_NON_BINARY && r->has_uncertainty)
		pad = pad > r->rule.guard * U * 1.3 ? pad : r->rule.guard * U * 1.3;
	lo -= pad;
	hi += pad;
	if (r->censored)
		lo = lo < 0 ? lo : (lo - pad < 0 ? 0 : lo - pad);

	*lo_out = lo;
	*hi_out = hi;
}

/* The coloured band: each column decided as the result was, by the same
 * rule on a value at that column. */
static void draw_zones(buf *b, const gi_criterion_result *r, double lo, double hi)
{
	const gi_criterion *c = r->criterion;
	gi__arena scratch = { NULL };
	gi__estimate est = { 0, r->has_uncertainty && r->uncertainty_source != GI_U_RULE, r->uncertainty,
	                     r->coverage > 0 ? r->coverage : 2, r->has_dof, r->dof, NULL, 0, 0, NULL };
	gi_rule rule = r->rule;
	rule.rounding = GI_ROUNDING_ABSOLUTE;  /* zones of the rule, before rounding */
	gi_verdict run = GI_VERDICT_NOT_TESTED;
	int run_start = X0;
	for (int x = X0; x <= X1; x++) {
		gi_verdict v = GI_VERDICT_NOT_TESTED;
		if (x < X1) {
			gi_criterion_result t;
			memset(&t, 0, sizeof t);
			est.y = lo + (x + 0.5 - X0) / (X1 - X0) * (hi - lo);
			if (gi__decide(&scratch, c, &rule, &est, NULL, &t) == 0)
				v = t.verdict;
			gi__arena_reset(&scratch);
		}
		if (x == X0) {
			run = v;
		} else if (v != run || x == X1) {
			put(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>",
			    run_start, BAND_Y, x - run_start, BAND_H, colour(run), verdict_word(run));
			run = v;
			run_start = x;
		}
	}
	gi__arena_free(&scratch);

}

/* The limits (solid) and the acceptance limits (dashed), labelled. */
static void draw_limits(buf *b, const gi_criterion_result *r, double lo, double hi)
{
	const gi_limit *l = &r->criterion->limit;
	char t1[40];
	for (int lower = 1; lower >= 0; lower--) {
		if (!(lower ? l->has_lower : l->has_upper))
			continue;
		double v = lower ? l->lower : l->upper;
		double x = px(v, lo, hi);
		put(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\"/>", x,
		    BAND_Y - 8, x, BAND_Y + BAND_H + 4);
		put(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s ", x, BAND_Y - 11,
		    lower ? (l->lower_strict ? "&gt;" : "≥") : (l->upper_strict ? "&lt;" : "≤"));
		put_text(b, lower ? l->lower_text : l->upper_text);
		put(b, "</text>");
		int has_acc = lower ? r->has_acceptance_lower : r->has_acceptance_upper;
		double acc = lower ? r->acceptance_lower : r->acceptance_upper;
		if (has_acc && gi__compare(acc, v) != 0) {
			double xa = px(acc, lo, hi);
			gi__number_format(t1, sizeof t1, acc, 4);
			put(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>",
			    xa, BAND_Y, xa, BAND_Y + BAND_H + 16);
			put(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s %s</text>", xa,
			    BAND_Y + BAND_H + 27, gi__tr(N_("acceptance")), t1);
		}
	}
}

/* The value with its uncertainty interval (or an arrow for "< c"), and the
 * caption: value ± U, unit, verdict and rule. */
static void draw_value(buf *b, const gi_criterion_result *r, double U, double lo, double hi)
{
	const gi_criterion *c = r->criterion;
	const gi_limit *l = &c->limit;
	char t1[40];
	double xv = px(r->value, lo, hi), yv = BAND_Y + BAND_H / 2.0;
	if (r->censored) {
		put(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#1a237e\" stroke-width=\"2\"/>",
		    xv, yv, X0 + 4, yv);
		put(b, "<path d=\"M%d %.1f l8 -5 v10 z\" fill=\"#1a237e\"/>", X0, yv);
	} else if (U > 0) {
		double xa = px(r->value - U, lo, hi), xb = px(r->value + U, lo, hi);
		put(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a237e\" stroke-width=\"2\"/>",
		    xa, yv, xb, yv);
		put(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a237e\" stroke-width=\"2\"/>",
		    xa, yv - 6, xa, yv + 6);
		put(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a237e\" stroke-width=\"2\"/>",
		    xb, yv - 6, xb, yv + 6);
	}
	put(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#1a237e\"/>", xv, yv);
	char t2[64] = "";
	if (U > 0 && !r->censored) {
		/* U to two significant digits, the value to its place (GUM 7.2.6) */
		gi__format_pm(t1, sizeof t1, t2, sizeof t2, r->value, U, l);
	} else {
		gi__number_format(t1, sizeof t1, r->value, 6);
	}
	put(b, "<text x=\"%d\" y=\"12\">%s%s%s%s ", X0, r->censored ? "&lt; " : "", t1, t2[0] ? " ± " : "", t2);
	put_text(b, c->unit ? c->unit : "");
	put(b, " — %s (%s)</text></svg>", verdict_word(r->verdict), gi_rule_name(r->rule.kind));
}

int gi_criterion_result_svg(char **out, const gi_criterion_result *r)
{
	if (!out || !r)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_criterion_result_svg: NULL argument");
	*out = NULL;
	const gi_criterion *c = r->criterion;
	if (!r->has_value || c->limit.n_allowed)
		return gi__error(GI_EINVALID, NULL, 0, "criterion '%s' has no value to draw", c->id);
	double U = r->has_uncertainty && !r->censored ? r->uncertainty : 0, lo, hi;
	view_span(r, U, &lo, &hi);
	buf b = { 0 };
	put(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	        "font-family=\"sans-serif\" font-size=\"11\" role=\"img\">", W, H, W, H);
	put(&b, "<title>");
	put_text(&b, c->id);
	put(&b, ": %s</title>", verdict_word(r->verdict));
	draw_zones(&b, r, lo, hi);
	draw_limits(&b, r, lo, hi);
	draw_value(&b, r, U, lo, hi);
	if (b.oom) {
		free(b.s);
		return gi__oom();
	}
	*out = b.s;
	return GI_OK;
}
