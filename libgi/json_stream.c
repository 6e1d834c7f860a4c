/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json_stream.c - the JSON form of a sample's result (specs/json-format.md),
 * written straight into a buffer, key by key, instead of built as a tree
 * and dumped: a report of a million samples writes a million of these.
 *
 * The text is the one jansson's json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER)
 * gives for the same tree, with each real in its shortest exact form
 * (gi__json_dumps): strings escaped as jansson escapes them (", \ and
 * the C0 controls; \u00XX in upper case), and what jansson cannot hold
 * left out as it leaves it out - a real that is not finite, a string that
 * is NULL or not UTF-8 drops its member (or array element).
 *
 * Reals: the shortest decimal of at most 15, then 16, then 17 significant
 * digits that reads back as the same double, as gi__number_format(v, 17)
 * finds it with printf and strtod. For 1e-4 <= |v| < 1e15 the decimal is
 * computed exactly with 128-bit integers (v = f * 2^-s, so v * 10^k is
 * f * 10^k / 2^s: rounding it to N digits and checking that the result
 * lies within half an ulp of v are integer operations); anything else
 * goes through gi__number_format.
 */
#include "config.h"
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "json_internal.h"

typedef unsigned __int128 u128;

static u128 pow10_u128(int k)
{
	u128 p = 1;
	while (k-- > 0)
		p *= 10;
	return p;
}

/* v rounded to n significant digits, ties to even (as printf rounds):
 * *q with value *q * 10^-*k; 0 when the numbers would not fit. */
static int round_digits(uint64_t *q, int *k, uint64_t f, int s, int n, int k0)
{
	for (int tries = 0; tries < 3; tries++) {
		if (k0 < 0 || k0 > 22)
			return 0;
		u128 p = (u128)f * pow10_u128(k0);
		u128 whole = p >> s, rem = p - (whole << s), half = (u128)1 << (s - 1);
		u128 lo = pow10_u128(n - 1), hi = lo * 10;
		/* the digits are counted before rounding: log10 may be off by one */
		if (whole >= hi) {
			k0--;
			continue;
		}
		if (whole < lo) {
			k0++;
			continue;
		}
		if (rem > half || (rem == half && (whole & 1)))
			whole++;
		if (whole == hi) {   /* 99...9.5 rounds up to 10^n: one digit fewer */
			whole /= 10;
			k0--;
		}
		*q = (uint64_t)whole;
		*k = k0;
		return 1;
	}
	return 0;
}

/* Whether q * 10^-k reads back as v = f * 2^-s (correctly rounded, ties
 * to even): within half the gap to the neighbouring doubles. */
static int reads_back(uint64_t q, int k, uint64_t f, int s)
{
	u128 a = (u128)q << (s + 1), b = ((u128)f << 1) * pow10_u128(k), t = pow10_u128(k);
	if (a >= b) {
		u128 d = a - b;
		return d < t || (d == t && !(f & 1));
	}
	u128 d = b - a;
	if (f == (uint64_t)1 << 52)   /* the gap below a power of two is half as wide */
		return 2 * d < t || (2 * d == t && !(f & 1));
	return d < t || (d == t && !(f & 1));
}

/* The exact path: 1e-4 <= |v| < 1e15, finite, normal. 0 when it does not
 * apply. */
static size_t format_exact(char *buf, double v)
{
	double mag = fabs(v);
	if (!(mag >= 1e-4 && mag < 1e15))
		return 0;
	int e2;
	double m = frexp(mag, &e2);             /* mag = m * 2^e2, 0.5 <= m < 1 */
	uint64_t f = (uint64_t)ldexp(m, 53);    /* exact: 53 bits */
	int s = 53 - e2;                        /* mag = f * 2^-s */
	if (s < 1 || s > 70)
		return 0;
	int lg = (int)floor(log10(mag));
	uint64_t q = 0;
	int k = 0, n;
	for (n = 15; n <= 17; n++) {
		if (!round_digits(&q, &k, f, s, n, n - 1 - lg))
			return 0;
		if (n == 17 || reads_back(q, k, f, s))
			break;
	}
	while (k > 0 && q % 10 == 0) {
		q /= 10;
		k--;
	}
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)q);
	char *o = buf;
	if (v < 0)
		*o++ = '-';
	if (k <= 0) {
		memcpy(o, digits, (size_t)len);
		o += len;
		for (int i = 0; i < -k; i++)
			*o++ = '0';
		memcpy(o, ".0", 2);   /* still a real, as jansson writes one */
		o += 2;
	} else if (k >= len) {
		*o++ = '0';
		*o++ = '.';
		for (int i = 0; i < k - len; i++)
			*o++ = '0';
		memcpy(o, digits, (size_t)len);
		o += len;
	} else {
		memcpy(o, digits, (size_t)(len - k));
		o += len - k;
		*o++ = '.';
		memcpy(o, digits + len - k, (size_t)k);
		o += k;
	}
	*o = '\0';
	return (size_t)(o - buf);
}

size_t gi__json_real(char buf[GI__JSON_REAL_SIZE], double v)
{
	if (!isfinite(v))
		return 0;
	if (v == 0) {
		memcpy(buf, "0.0", 4);
		return 3;
	}
	size_t n = format_exact(buf, v);
	if (n)
		return n;
	if (fabs(v) < DBL_MIN) {
		/* subnormal: kept as jansson prints it (17 digits) */
		gi__snprintf_c(buf, GI__JSON_REAL_SIZE, "%.17g", v);
	} else {
		gi__number_format(buf, GI__JSON_REAL_SIZE - 2, v, 17);
	}
	if (!strpbrk(buf, ".eE"))
		strcat(buf, ".0");
	return strlen(buf);
}

/* ---- the writer ---- */

typedef struct {
	char *buf;
	size_t len, cap;
	int oom;
	int depth;
	unsigned char first[16];   /* per open object or array: nothing written in it yet */
} jw;

static void put(jw *w, const char *s, size_t n)
{
	if (w->oom)
		return;
	if (w->len + n + 1 > w->cap) {
		size_t cap = w->cap ? w->cap : 1024;
		while (w->len + n + 1 > cap)
			cap *= 2;
		char *b = realloc(w->buf, cap);
		if (!b) {
			w->oom = 1;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

#define PUT(w, lit) put((w), (lit), sizeof(lit) - 1)

/* Whether s is UTF-8 as jansson accepts it (no overlong forms, no
 * surrogates, nothing beyond U+10FFFF). */
static int utf8_ok(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s;
		if (c < 0x80) {
			s++;
			continue;
		}
		int n;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF)
			n = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3, cp = c & 0x07;
		else
			return 0;
		for (int i = 1; i <= n; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		s += n + 1;
	}
	return 1;
}

static void put_string(jw *w, const char *s)
{
	PUT(w, "\"");
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(w, run, (size_t)(p - run));
		char esc[8];
		switch (c) {
		case '"': PUT(w, "\\\""); break;
		case '\\': PUT(w, "\\\\"); break;
		case '\b': PUT(w, "\\b"); break;
		case '\f': PUT(w, "\\f"); break;
		case '\n': PUT(w, "\\n"); break;
		case '\r': PUT(w, "\\r"); break;
		case '\t': PUT(w, "\\t"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", c);
			put(w, esc, 6);
		}
		run = p + 1;
	}
	put(w, run, strlen(run));
	PUT(w, "\"");
}

static void sep(jw *w)
{
	if (w->first[w->depth])
		w->first[w->depth] = 0;
	else
		PUT(w, ",");
}

static void key(jw *w, const char *k)
{
	sep(w);
	put_string(w, k);
	PUT(w, ":");
}

static void open_(jw *w, const char *k, char c)
{
	if (k)
		key(w, k);
	else
		sep(w);
	put(w, &c, 1);
	if (w->depth + 1 < (int)sizeof w->first)
		w->depth++;
	w->first[w->depth] = 1;
}

static void close_(jw *w, char c)
{
	put(w, &c, 1);
	if (w->depth > 0)
		w->depth--;
}

/* k: the member's name, or NULL for an array element */
static void str(jw *w, const char *k, const char *v)
{
	if (!v || !utf8_ok((const unsigned char *)v))
		return;   /* json_string() would have failed: the member is left out */
	if (k)
		key(w, k);
	else
		sep(w);
	put_string(w, v);
}

static void null_(jw *w, const char *k)
{
	key(w, k);
	PUT(w, "null");
}

static void str_or_null(jw *w, const char *k, const char *v)
{
	if (v)
		str(w, k, v);
	else
		null_(w, k);
}

static void boolean(jw *w, const char *k, int v)
{
	key(w, k);
	if (v)
		PUT(w, "true");
	else
		PUT(w, "false");
}

static void integer(jw *w, const char *k, long long v)
{
	char b[32];
	int n = snprintf(b, sizeof b, "%lld", v);
	key(w, k);
	put(w, b, (size_t)n);
}

static void real(jw *w, const char *k, double v)
{
	char b[GI__JSON_REAL_SIZE];
	size_t n = gi__json_real(b, v);
	if (!n)
		return;   /* json_real() refuses what is not finite: left out */
	if (k)
		key(w, k);
	else
		sep(w);
	put(w, b, n);
}

static void real_or_null(jw *w, const char *k, int has, double v)
{
	if (has)
		real(w, k, v);
	else
		null_(w, k);
}

static void write_limit(jw *w, const gi_limit *l)
{
	open_(w, "limit", '{');
	str(w, "text", l->text);
	if (l->has_lower) {
		real(w, "lower", l->lower);
		boolean(w, "lower_inclusive", !l->lower_strict);
	}
	if (l->has_upper) {
		real(w, "upper", l->upper);
		boolean(w, "upper_inclusive", !l->upper_strict);
	}
	if (l->n_allowed) {
		open_(w, "allowed", '[');
		for (size_t i = 0; i < l->n_allowed; i++)
			str(w, NULL, l->allowed[i]);
		close_(w, ']');
	}
	close_(w, '}');
}

static const char *outlier_test_name(const gi_rule *r)
{
	return r->outlier_test == GI_OUTLIER_TEST_DIXON ? "dixon" : "grubbs";
}

static void write_statistics(jw *w, const gi_criterion_result *r)
{
	open_(w, "statistics", '{');
	integer(w, "n", (long long)r->stats.n);
	real(w, "mean", r->stats.mean);
	real(w, "sd", r->stats.sd);
	real(w, "u_mean", r->stats.u_mean);
	open_(w, "ci95", '[');
	real(w, NULL, r->stats.ci_low);
	real(w, NULL, r->stats.ci_high);
	close_(w, ']');
	if (!isnan(r->grubbs)) {
		open_(w, "grubbs", '{');
		real(w, "G", r->grubbs);
		real(w, "critical", r->grubbs_critical);
		close_(w, '}');
	}
	if (!isnan(r->dixon)) {
		open_(w, "dixon", '{');
		real(w, "Q", r->dixon);
		real(w, "critical", r->dixon_critical);
		close_(w, '}');
	}
	if (r->has_outlier) {
		open_(w, "outlier", '{');
		integer(w, "index", (long long)r->outlier_index);
		real(w, "value", r->outlier_value);
		boolean(w, "excluded", r->outlier_excluded);
		str(w, "test", outlier_test_name(&r->rule));
		close_(w, '}');
	} else {
		null_(w, "outlier");
	}
	/* the replicates left out of n, mean, sd and the interval above */
	open_(w, "excluded", '[');
	if (r->outlier_excluded)
		real(w, NULL, r->outlier_value);
	close_(w, ']');
	close_(w, '}');
}

static void write_criterion(jw *w, const gi_criterion_result *r)
{
	const gi_criterion *c = r->criterion;
	open_(w, NULL, '{');
	str(w, "id", c->id);
	if (c->analyte) {
		str(w, "analyte", c->analyte);
	} else {
		open_(w, "ratio", '{');
		str(w, "numerator", c->numerator);
		str(w, "denominator", c->denominator);
		close_(w, '}');
	}
	real_or_null(w, "value", r->has_value, r->value);
	boolean(w, "censored", r->censored);
	str_or_null(w, "unit", c->unit);
	str(w, "basis", gi_basis_name(c->basis));
	integer(w, "replicates", (long long)r->n_replicates);
	if (r->rounded)
		real(w, "unrounded", r->unrounded);
	if (r->has_uncertainty) {
		open_(w, "uncertainty", '{');
		real(w, "expanded", r->uncertainty);
		real(w, "k", r->coverage);
		str(w, "source", gi__uncertainty_source_name(r->uncertainty_source));
		if (r->has_dof)
			real(w, "dof", r->dof);
		close_(w, '}');
	} else {
		null_(w, "uncertainty");
	}
	if (r->has_stats)
		write_statistics(w, r);
	write_limit(w, &c->limit);
	open_(w, "rule", '{');
	str(w, "name", gi_rule_name(r->rule.kind));
	if (r->rule.kind == GI_RULE_GUARDED || r->rule.kind == GI_RULE_NON_BINARY)
		real(w, "guard", r->rule.guard);
	if (r->rule.kind == GI_RULE_PROBABILITY)
		real(w, "p_min", r->rule.p_min);
	str(w, "rounding", r->rule.rounding == GI_ROUNDING_ROUND ? "rounding" : "absolute");
	str(w, "outlier_test", outlier_test_name(&r->rule));
	close_(w, '}');
	if (r->has_acceptance_lower || r->has_acceptance_upper) {
		open_(w, "acceptance", '{');
		if (r->has_acceptance_lower)
			real(w, "lower", r->acceptance_lower);
		if (r->has_acceptance_upper)
			real(w, "upper", r->acceptance_upper);
		close_(w, '}');
	} else {
		null_(w, "acceptance");
	}
	real_or_null(w, "probability", r->has_probability, r->probability);
	boolean(w, "mandatory", c->mandatory);
	str(w, "verdict", gi_verdict_name(r->verdict));
	str(w, "reason", r->reason);
	close_(w, '}');
}

static void write_sample(jw *w, const gi_sample_result *r)
{
	const gi_sample *s = r->sample;
	open_(w, NULL, '{');
	str(w, "id", s->id);
	str_or_null(w, "lot", s->lot);
	str(w, "product", s->product);
	integer(w, "line", (long long)s->line);
	str(w, "verdict", gi_verdict_name(r->verdict));
	str(w, "reason", r->reason);
	if (r->spec) {
		/* the spec version that judged the sample (several may be given) */
		const gi_spec_info *in = gi_spec_get_info(r->spec);
		open_(w, "spec", '{');
		str(w, "id", in->id);
		str(w, "version", in->version);
		str(w, "effective", in->effective);
		str(w, "sha256", in->sha256);
		close_(w, '}');
	}
	open_(w, "origin", '{');
	str_or_null(w, "unit", s->origin);
	if (s->origin_former)
		str(w, "former_unit", s->origin_former);
	real_or_null(w, "altitude", s->has_altitude, s->altitude);
	str(w, "verdict", gi_verdict_name(r->origin_verdict));
	str(w, "reason", r->origin_reason);
	close_(w, '}');
	open_(w, "criteria", '[');
	for (size_t i = 0; i < r->n_criteria; i++)
		write_criterion(w, &r->criteria[i]);
	close_(w, ']');
	close_(w, '}');
}

int gi_sample_result_json(char **out, const gi_sample_result *result)
{
	if (!out || !result)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_sample_result_json: NULL argument");
	*out = NULL;
	jw w = { NULL, 0, 0, 0, 0, { 1 } };
	write_sample(&w, result);
	if (w.oom) {
		free(w.buf);
		return gi__oom();
	}
	*out = w.buf;   /* malloc'd: gi_free releases it */
	return GI_OK;
}
