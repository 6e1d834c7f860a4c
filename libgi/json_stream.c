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
 * computed exactly with integers (gi__number_shortest); anything else
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

size_t gi__json_real(char buf[GI__JSON_REAL_SIZE], double v)
{
	if (!isfinite(v))
		return 0;
	if (v == 0) {
		memcpy(buf, "0.0", 4);
		return 3;
	}
	size_t n = gi__number_positional(buf, v);
	if (n) {
		if (!memchr(buf, '.', n)) {
			memcpy(buf + n, ".0", 3);   /* still a real, as jansson writes one */
			n += 2;
		}
		return n;
	}
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

static int grow(jw *w, size_t n)
{
	if (w->oom)
		return -1;
	size_t cap = w->cap ? w->cap : 4096;
	while (w->len + n + 1 > cap)
		cap *= 2;
	char *b = realloc(w->buf, cap);
	if (!b) {
		w->oom = 1;
		return -1;
	}
	w->buf = b;
	w->cap = cap;
	return 0;
}

static inline void put(jw *w, const char *s, size_t n)
{
	if (w->len + n + 1 > w->cap && grow(w, n) < 0)
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

#define PUT(w, lit) put((w), (lit), sizeof(lit) - 1)

/* The length of the UTF-8 sequence at s as jansson accepts it (no
 * overlong forms, no surrogates, nothing beyond U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0], cp;
	size_t n;
	if (c >= 0xC2 && c <= 0xDF)
		n = 1, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 2, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 3, cp = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n + 1;
}

/* Bytes written as they are: printable ASCII but '"' and '\\'. (NUL is
 * not one, so a run stops at the end of the string.) */
#define P4(a) a, a, a, a
#define P16(a) P4(a), P4(a), P4(a), P4(a)
static const unsigned char plain[256] = {
	P16(0), P16(0),                                 /* 0x00-0x1F */
	1, 1, 0, 1, P4(1), P4(1), P4(1),                /* 0x20-0x2F: '"' */
	P16(1),                                         /* 0x30-0x3F */
	P16(1),                                         /* 0x40-0x4F */
	P4(1), P4(1), P4(1), 0, 1, 1, 1,                /* 0x50-0x5F: '\\' */
	P16(1),                                         /* 0x60-0x6F */
	P16(1),                                         /* 0x70-0x7F */
	P16(0), P16(0), P16(0), P16(0), P16(0), P16(0), P16(0), P16(0),
};

/* The string, quoted and escaped; -1 (part of it written) when it is not
 * UTF-8. */
static int put_string(jw *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *run = s;
	PUT(w, "\"");
	for (;;) {
		/* runs of bytes written as they are, four at a time */
		while (plain[s[0]] && plain[s[1]] && plain[s[2]] && plain[s[3]])
			s += 4;
		unsigned c = *s;
		if (plain[c]) {
			s++;
			continue;
		}
		if (c >= 0x80) {
			size_t n = utf8_len(s);
			if (!n)
				return -1;
			s += n;
			continue;
		}
		put(w, (const char *)run, (size_t)(s - run));
		if (!c)
			break;
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
		run = ++s;
	}
	PUT(w, "\"");
	return 0;
}

static inline void sep(jw *w)
{
	if (w->first[w->depth])
		w->first[w->depth] = 0;
	else
		PUT(w, ",");
}

/* A member's name: a literal that needs no escaping, written with its
 * quotes and colon. */
#define KEY(w, k) (sep(w), put((w), "\"" k "\":", sizeof(k) + 2))

static void open_(jw *w, char c)
{
	put(w, &c, 1);
	if (w->depth + 1 < (int)sizeof w->first)
		w->depth++;
	w->first[w->depth] = 1;
}

#define OPEN(w, k, c) (KEY(w, k), open_((w), (c)))
#define OPEN_ELEMENT(w, c) (sep(w), open_((w), (c)))

static void close_(jw *w, char c)
{
	put(w, &c, 1);
	if (w->depth > 0)
		w->depth--;
}

/* Writes a string member (or element); leaves the whole member out, as
 * json_string() failing would, when v is NULL or not UTF-8. */
static void str_at(jw *w, size_t mark, unsigned char first, const char *v)
{
	if (!v || put_string(w, v) < 0) {
		w->len = mark;
		w->first[w->depth] = first;
	}
}

#define STR(w, k, v) do { size_t m_ = (w)->len; unsigned char f_ = (w)->first[(w)->depth]; \
	KEY(w, k); str_at((w), m_, f_, (v)); } while (0)
#define STR_ELEMENT(w, v) do { size_t m_ = (w)->len; unsigned char f_ = (w)->first[(w)->depth]; \
	sep(w); str_at((w), m_, f_, (v)); } while (0)

#define NUL(w, k) (KEY(w, k), PUT((w), "null"))

#define STR_OR_NULL(w, k, v) do { if (v) STR(w, k, v); else NUL(w, k); } while (0)

#define BOOL(w, k, v) do { KEY(w, k); if (v) PUT((w), "true"); else PUT((w), "false"); } while (0)

static void put_integer(jw *w, long long v)
{
	char b[32];
	int n = snprintf(b, sizeof b, "%lld", v);
	put(w, b, (size_t)n);
}

#define INT(w, k, v) (KEY(w, k), put_integer((w), (long long)(v)))

/* A real member (or element); left out, as json_real() refuses it, when
 * v is not finite. */
static int real_text(char *b, size_t *n, double v)
{
	*n = gi__json_real(b, v);
	return *n != 0;
}

#define REAL(w, k, v) do { char b_[GI__JSON_REAL_SIZE]; size_t n_; \
	if (real_text(b_, &n_, (v))) { KEY(w, k); put((w), b_, n_); } } while (0)
#define REAL_ELEMENT(w, v) do { char b_[GI__JSON_REAL_SIZE]; size_t n_; \
	if (real_text(b_, &n_, (v))) { sep(w); put((w), b_, n_); } } while (0)
#define REAL_OR_NULL(w, k, has, v) do { if (has) REAL(w, k, v); else NUL(w, k); } while (0)

static void write_limit(jw *w, const gi_limit *l)
{
	OPEN(w, "limit", '{');
	STR(w, "text", l->text);
	if (l->has_lower) {
		REAL(w, "lower", l->lower);
		BOOL(w, "lower_inclusive", !l->lower_strict);
	}
	if (l->has_upper) {
		REAL(w, "upper", l->upper);
		BOOL(w, "upper_inclusive", !l->upper_strict);
	}
	if (l->n_allowed) {
		OPEN(w, "allowed", '[');
		for (size_t i = 0; i < l->n_allowed; i++)
			STR_ELEMENT(w, l->allowed[i]);
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
	OPEN(w, "statistics", '{');
	INT(w, "n", (long long)r->stats.n);
	REAL(w, "mean", r->stats.mean);
	REAL(w, "sd", r->stats.sd);
	REAL(w, "u_mean", r->stats.u_mean);
	OPEN(w, "ci95", '[');
	REAL_ELEMENT(w, r->stats.ci_low);
	REAL_ELEMENT(w, r->stats.ci_high);
	close_(w, ']');
	if (!isnan(r->grubbs)) {
		OPEN(w, "grubbs", '{');
		REAL(w, "G", r->grubbs);
		REAL(w, "critical", r->grubbs_critical);
		close_(w, '}');
	}
	if (!isnan(r->dixon)) {
		OPEN(w, "dixon", '{');
		REAL(w, "Q", r->dixon);
		REAL(w, "critical", r->dixon_critical);
		close_(w, '}');
	}
	if (r->has_outlier) {
		OPEN(w, "outlier", '{');
		INT(w, "index", (long long)r->outlier_index);
		REAL(w, "value", r->outlier_value);
		BOOL(w, "excluded", r->outlier_excluded);
		STR(w, "test", outlier_test_name(&r->rule));
		close_(w, '}');
	} else {
		NUL(w, "outlier");
	}
	/* the replicates left out of n, mean, sd and the interval above */
	OPEN(w, "excluded", '[');
	if (r->outlier_excluded)
		REAL_ELEMENT(w, r->outlier_value);
	close_(w, ']');
	close_(w, '}');
}

static void write_criterion(jw *w, const gi_criterion_result *r)
{
	const gi_criterion *c = r->criterion;
	OPEN_ELEMENT(w, '{');
	STR(w, "id", c->id);
	if (c->analyte) {
		STR(w, "analyte", c->analyte);
	} else {
		OPEN(w, "ratio", '{');
		STR(w, "numerator", c->numerator);
		STR(w, "denominator", c->denominator);
		close_(w, '}');
	}
	REAL_OR_NULL(w, "value", r->has_value, r->value);
	BOOL(w, "censored", r->censored);
	STR_OR_NULL(w, "unit", c->unit);
	STR(w, "basis", gi_basis_name(c->basis));
	INT(w, "replicates", (long long)r->n_replicates);
	if (r->rounded)
		REAL(w, "unrounded", r->unrounded);
	if (r->has_uncertainty) {
		OPEN(w, "uncertainty", '{');
		REAL(w, "expanded", r->uncertainty);
		REAL(w, "k", r->coverage);
		STR(w, "source", gi__uncertainty_source_name(r->uncertainty_source));
		if (r->has_dof)
			REAL(w, "dof", r->dof);
		close_(w, '}');
	} else {
		NUL(w, "uncertainty");
	}
	if (r->has_stats)
		write_statistics(w, r);
	write_limit(w, &c->limit);
	OPEN(w, "rule", '{');
	STR(w, "name", gi_rule_name(r->rule.kind));
	if (r->rule.kind == GI_RULE_GUARDED || r->rule.kind == GI_RULE_NON_BINARY)
		REAL(w, "guard", r->rule.guard);
	if (r->rule.kind == GI_RULE_PROBABILITY)
		REAL(w, "p_min", r->rule.p_min);
	STR(w, "rounding", r->rule.rounding == GI_ROUNDING_ROUND ? "rounding" : "absolute");
	STR(w, "outlier_test", outlier_test_name(&r->rule));
	close_(w, '}');
	if (r->has_acceptance_lower || r->has_acceptance_upper) {
		OPEN(w, "acceptance", '{');
		if (r->has_acceptance_lower)
			REAL(w, "lower", r->acceptance_lower);
		if (r->has_acceptance_upper)
			REAL(w, "upper", r->acceptance_upper);
		close_(w, '}');
	} else {
		NUL(w, "acceptance");
	}
	REAL_OR_NULL(w, "probability", r->has_probability, r->probability);
	BOOL(w, "mandatory", c->mandatory);
	STR(w, "verdict", gi_verdict_name(r->verdict));
	STR(w, "verdict_text", gi_verdict_text(r->verdict));
	STR(w, "reason", r->reason);
	STR(w, "reason_text", r->reason_text ? r->reason_text : r->reason);
	close_(w, '}');
}

static void write_sample(jw *w, const gi_sample_result *r)
{
	const gi_sample *s = r->sample;
	OPEN_ELEMENT(w, '{');
	STR(w, "id", s->id);
	STR_OR_NULL(w, "lot", s->lot);
	STR(w, "product", s->product);
	INT(w, "line", (long long)s->line);
	STR(w, "verdict", gi_verdict_name(r->verdict));
	STR(w, "verdict_text", gi_verdict_text(r->verdict));
	STR(w, "reason", r->reason);
	STR(w, "reason_text", r->reason_text ? r->reason_text : r->reason);
	if (r->spec) {
		/* the spec version that judged the sample (several may be given) */
		const gi_spec_info *in = gi_spec_get_info(r->spec);
		OPEN(w, "spec", '{');
		STR(w, "id", in->id);
		STR(w, "version", in->version);
		STR(w, "effective", in->effective);
		STR(w, "sha256", in->sha256);
		close_(w, '}');
	}
	OPEN(w, "origin", '{');
	STR_OR_NULL(w, "unit", s->origin);
	if (s->origin_former)
		STR(w, "former_unit", s->origin_former);
	REAL_OR_NULL(w, "altitude", s->has_altitude, s->altitude);
	STR(w, "verdict", gi_verdict_name(r->origin_verdict));
	STR(w, "verdict_text", gi_verdict_text(r->origin_verdict));
	STR(w, "reason", r->origin_reason);
	STR(w, "reason_text", r->origin_reason_text ? r->origin_reason_text : r->origin_reason);
	close_(w, '}');
	OPEN(w, "criteria", '[');
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
	put(&w, "", 1);   /* the terminating NUL */
	if (w.oom) {
		free(w.buf);
		return gi__oom();
	}
	*out = w.buf;   /* malloc'd: gi_free releases it */
	return GI_OK;
}
