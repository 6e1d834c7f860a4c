/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * internal.h - declarations shared between libgi's source files.
 * Nothing here is exported; names carry a double underscore.
 */
#ifndef GI_INTERNAL_H
#define GI_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "gi/gi.h"

#define GI_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- error.c ---- */
/* Records the failure for gi_error_last() and returns code. */
int gi__error(int code, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int gi__error_v(int code, const char *file, long line, const char *fmt, va_list ap);
int gi__oom(void);
/* Counts the failures recorded on the calling thread: a caller compares
 * two readings to learn whether a call in between recorded one. */
unsigned long gi__error_serial(void);

/* ---- arena.c: bump allocator for strings whose lifetime is one object ---- */
typedef struct gi__arena_block gi__arena_block;
typedef struct gi__arena {
	gi__arena_block *head;
} gi__arena;

void *gi__arena_alloc(gi__arena *a, size_t n);
char *gi__arena_strndup(gi__arena *a, const char *s, size_t n);
char *gi__arena_strdup(gi__arena *a, const char *s);
char *gi__arena_printf(gi__arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees all but the first block and rewinds it, so a per-sample arena
 * stops allocating once it has grown to the largest sample. */
void gi__arena_reset(gi__arena *a);
void gi__arena_free(gi__arena *a);

/* ---- number.c ---- */
/* Parses text[0..len) as gi_number_parse does, without touching the error
 * state; returns 0 or -1. decimals (may be NULL) receives the number of
 * digits after the decimal separator as written. */
int gi__number_scan(double *out, int *decimals, const char *text, size_t len);
/* How a number was written. */
typedef struct gi__number_form {
	char sep;                /* the decimal separator used, '.' or ',', or 0 */
	int int_digits, frac_digits;
	int has_exponent;
	int leading_zero;        /* the integer part starts with 0 ("0.125") */
} gi__number_form;
/* As gi__number_scan, telling how the number was written: 0, -1 (not a
 * number) or -2 (out of range: overflows, or underflows to 0 or to a
 * subnormal, such as "1e-999"). */
int gi__number_scan_form(double *out, gi__number_form *form, const char *text, size_t len);
/* Shortest decimal form that reads back as v, capped at max_sig
 * significant digits (17 = exact). Locale-free. */
void gi__number_format(char *buf, size_t n, double v, int max_sig);
/* Runs snprintf in the "C" locale of the calling thread. */
int gi__snprintf_c(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The "C" locale object, for uselocale() around printf of numbers. */
#include <locale.h>
locale_t gi__c_locale(void);
/* Compares with a relative tolerance of 1e-9: values that agree to nine
 * significant digits are equal (binary rounding of means and unit
 * conversions must not move a result across a limit). */
int gi__compare(double a, double b);

/* ---- units.c ---- */
typedef enum { GI__FAM_FRACTION, GI__FAM_DIMENSIONLESS, GI__FAM_PEROXIDE, GI__FAM_LENGTH } gi__family;
int gi__unit_lookup(const char **canonical, int *family, int *exp10, const char *spelling);
/* Converts between canonical units of one family; 0 or -1. */
int gi__unit_convert(double *out, double v, const char *from, const char *to);

/* ---- digest.c ---- */
typedef struct gi__sha256 gi__sha256;
gi__sha256 *gi__sha256_new(void);
void gi__sha256_update(gi__sha256 *h, const void *data, size_t n);
/* Writes 64 hex digits and a NUL to hex[65]. */
void gi__sha256_final(gi__sha256 *h, char hex[65]);
void gi__sha256_free(gi__sha256 *h);

/* ---- xml.c ---- */
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
enum { GI__SCHEMA_SPEC, GI__SCHEMA_REPORT, GI__SCHEMA_RECORD };
/* Compiled schema, built once per process and shared read-only. */
xmlSchemaPtr gi__schema(int which);
/* Parser options every libgi document is read with: no network, no entity
 * substitution, no DTD loading, 32-bit line numbers. */
#define GI__XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA)

/* libxml2 prints some messages (encoding failures, "Unimplemented block")
 * through its generic error handler, which writes to stderr. A library
 * must not write to its caller's stderr, so every entry point that runs
 * libxml2 silences that handler on its thread and restores it after; the
 * same errors still reach libgi through the structured handlers. */
typedef struct gi__xml_quiet {
	xmlGenericErrorFunc fn;
	void *ctx;
} gi__xml_quiet;
void gi__xml_quiet_begin(gi__xml_quiet *q);
void gi__xml_quiet_end(const gi__xml_quiet *q);

/* Problem sink used while reading one document: forwards each problem to
 * the caller's callback and keeps the first for gi_error_last(). */
typedef struct gi__problems {
	const char *file;
	gi_problem_cb cb;
	void *payload;
	size_t count;
	int first_code;
	long first_line;
	char first[512];
} gi__problems;
void gi__problem(gi__problems *p, int code, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Parses a whole document with GI__XML_OPTIONS, refusing any DOCTYPE;
 * every problem goes to pr. NULL on failure. */
xmlDocPtr gi__xml_parse(gi__problems *pr, const void *data, size_t len, const char *name);
/* Turns a libxml2 error into a problem (one line, no trailing newline). */
void gi__problem_xml(gi__problems *p, int code, const xmlError *err);
/* Sets gi_error_last() from the problems seen; returns the code. */
int gi__problems_finish(gi__problems *p);

/* ---- text helpers (text.c) ---- */
/* Compares administrative unit names leniently: ASCII case, surrounding and
 * repeated blanks, and a leading or trailing level word ("huyện", "thành
 * phố", "district", "city", ...) do not matter. */
int gi__same_place(const char *a, const char *b);
int gi__ascii_casecmp(const char *a, const char *b);
/* Number of code points, for aligning UTF-8 text in columns. */

/* ---- place names (place.c) ---- */
/* The key two spellings of one unit share: NFC, full case folding, blanks
 * folded, level word dropped or turned into a tag ("city:lai châu",
 * "commune:bình lư"). */
void gi__place_key(char *out, size_t n, const char *name);
/* key without a commune-level tag (commune:, ward:, town:). Borrowed. */
const char *gi__place_bare(const char *key);
/* key without diacritics (NFD, combining marks dropped, đ -> d). */
void gi__place_plain(char *out, size_t n, const char *key);
/* Levenshtein distance in code points (first 128 of each). */
unsigned gi__place_distance(const char *a, const char *b);
size_t gi__place_length(const char *s);

/* The reorganisation a spec carries (<communes>): new communes and the
 * former units each was formed from. */
typedef struct gi__former {
	const char *code, *name, *kind, *district;
	const char *key, *district_key;   /* place keys (bare) */
} gi__former;
typedef struct gi__commune {
	const char *code, *name, *kind, *key;
	size_t n_former;
	gi__former *former;
	long line;
} gi__commune;
typedef struct gi__gazetteer {
	const char *effective;            /* YYYY-MM-DD the new units took effect */
	const char *source;
	size_t n;
	gi__commune *communes;
} gi__gazetteer;
typedef struct gi__place_result {
	gi_verdict verdict;               /* pass, fail or inconclusive */
	const char *reason;
} gi__place_result;
/* Where the sample's origin (and former commune) lies relative to area;
 * GI_EINVALID naming file and the sample's line for a name that is a near
 * miss of a known one ("did you mean ...?") or a former commune that does
 * not belong to the named commune. */
int gi__place_locate(gi__place_result *out, gi__arena *a, const gi_spec *spec, const gi_area *area,
                     const gi_sample *s, const char *file);

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

/* ---- format.c: numbers for people (JCGM 100:2008 7.2.6) ---- */
/* v rounded (ASTM E29, in decimal) to the given decimal place and written
 * positionally; decimals < 0 rounds to tens, hundreds, ... */
void gi__format_fixed(char *buf, size_t n, double v, int decimals);
/* The decimal place that shows U to two significant digits. */
int gi__u_decimals(double U);
/* The decimal place to show y with U: U's, or more where fewer would put
 * y on or across a bound of l (may be NULL) that y is not on or across. */
int gi__value_decimals(double y, double U, const gi_limit *l);
/* y and U written with those decimal places. */
void gi__format_pm(char *vbuf, size_t vn, char *ubuf, size_t un, double y, double U, const gi_limit *l);

/* ---- json.c ---- */
/* "none", "lab", "spec", "rule": the names JSON and records give a
 * gi_uncertainty_source */
const char *gi__uncertainty_source_name(int source);
/* json_dumps, with each real in the shortest form that reads back as the
 * same double (gi__number_format with 17 digits); malloc'd, or NULL. */
struct json_t;
char *gi__json_dumps(const struct json_t *o, size_t flags);

/* ---- record.c ---- */
int gi__xmlsec_ready(void);
void gi__xmlsec_shutdown(void);
void gi__schemas_free(void);
/* SHA-256 of a ds:Signature's decoded SignatureValue; 0 or -1. */
int gi__signature_imprint(xmlNodePtr sig, unsigned char md[32]);
/* An X.509 name on one line ("C = VN, O = ..., CN = ..."), UTF-8. */
struct X509_name_st;
void gi__x509_name(char *out, size_t n, const struct X509_name_st *name);

/* ---- spec.c ---- */
/* Place keys of an area's administrative units, computed at load. */
const char *const *gi__spec_area_keys(const gi_spec *spec, const gi_area *area);
/* Codes of an area's units (an entry is NULL where the unit has none). */
const char *const *gi__spec_area_codes(const gi_spec *spec, const gi_area *area);
/* The spec's commune reorganisation, or NULL when it carries none. */
const gi__gazetteer *gi__spec_communes(const gi_spec *spec);

/* ---- embedded schemas (schemas.c, generated) ---- */
extern const char gi__schema_spec[];
extern const size_t gi__schema_spec_len;
extern const char gi__schema_report[];
extern const size_t gi__schema_report_len;
extern const char gi__schema_record[];
extern const size_t gi__schema_record_len;

/* ---- cert_policy.c: which certificates may sign records ---- */
/* 112 bits: NIST SP 800-57 Part 1 Rev. 5, Table 2 (RSA-2048); OpenSSL's
 * security level 2, which verification sets as the chain's auth level. */
#define GI__MIN_SECURITY_BITS 112
#define GI__AUTH_LEVEL 2
struct evp_pkey_st;
struct x509_st;
/* 0 if key is RSA of 2048 bits or more or EC P-256; else -1 and why. */
int gi__key_profile(struct evp_pkey_st *key, char *why, size_t n);
/* 0 if the certificate's key and the digest its issuer signed it with give
 * GI__MIN_SECURITY_BITS or more (self-signed: the key only); else -1. */
int gi__cert_strength(struct x509_st *x, char *why, size_t n);
/* 0 if the key usage and extended key usage allow signing records. */
int gi__cert_usage(struct x509_st *x, char *why, size_t n);

/* ---- xml_limits.c: refusing documents libxml2 would take too long on ---- */
/* Attributes (namespace declarations included) on one element: libgi's
 * schemas use fewer than 30; libxml2 2.9 checks each attribute of a start
 * tag against all the earlier ones, so cost grows with the square. */
#define GI__XML_MAX_ATTRIBUTES 256
typedef struct gi__xml_scan {
	int state;
	unsigned attrs;        /* on the start tag being read */
	unsigned match;        /* bytes of the current terminator matched */
	unsigned char quote;
	long line;             /* 1-based, of the position reached */
	char err[200];
} gi__xml_scan;
/* Feeds the next bytes of a document (start with a zeroed scan); 0, or -1
 * once a start tag has more than GI__XML_MAX_ATTRIBUTES attributes
 * (s->err says so, s->line where). */
int gi__xml_scan_feed(gi__xml_scan *s, const void *data, size_t len);

#endif
