/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/spec.h - GI product specifications.
 *
 * A specification (format: specs/gi-spec.xsd, documented in
 * specs/spec-format.md) states a GI's identity, its areas, its products and,
 * per product, the criteria a lot must meet. Loading validates the document
 * against the schema and then against the rules a schema cannot express
 * (known units, lower limit below upper limit, unique ids, criteria naming
 * declared analytes); a spec that fails any check is never returned.
 *
 * Everything a spec hands out through the getters below is borrowed: it
 * lives as long as the gi_spec.
 */
#ifndef GI_SPEC_H
#define GI_SPEC_H

#include "common.h"
#include "error.h"

GI_BEGIN_DECL

typedef struct gi_spec gi_spec;

/** The basis a mass fraction is expressed on. */
typedef enum {
	GI_BASIS_AS_IS = 0,   /* the sample as received */
	GI_BASIS_DRY_MATTER,  /* referred to the dry matter (moisture removed) */
	GI_BASIS_FAT          /* referred to the fat of the sample */
} gi_basis;

/** "as-is", "dry-matter", "fat". Borrowed, static. */
GI_EXTERN(const char *) gi_basis_name(gi_basis basis);

/** A criterion's limit. One-sided limits set one bound; a range sets both;
 *  a set of allowed values sets n_allowed > 0 and no bound. */
typedef struct gi_limit {
	int has_lower;           /* value must be >= lower (> if lower_strict) */
	int lower_strict;
	double lower;
	const char *lower_text;  /* the bound as written in the spec */
	int has_upper;           /* value must be <= upper (< if upper_strict) */
	int upper_strict;
	double upper;
	const char *upper_text;
	size_t n_allowed;        /* allowed values (text), for qualitative criteria */
	const char *const *allowed;
	const char *text;        /* human form: "≥ 5.34", "> 17", "one of A, B" */
} gi_limit;

/** How a result is judged against a limit, given its uncertainty. */
typedef enum {
	GI_RULE_SIMPLE = 0,  /* ILAC-G8:09/2019 4.2.1: simple acceptance, w = 0 */
	GI_RULE_GUARDED,     /* 4.2.2: binary with guard band w = guard * U */
	GI_RULE_NON_BINARY,  /* 4.2.3: pass / conditional pass / conditional fail / fail */
	GI_RULE_PROBABILITY, /* JCGM 106:2012: pass when the conformance probability >= p_min */
	GI_RULE_RESIDUE      /* SANTE/11312/2021: non-compliant only when y - U > MRL */
} gi_rule_kind;

/** ASTM E29 treatment of a result before it is compared with a limit. */
typedef enum {
	GI_ROUNDING_ABSOLUTE = 0, /* compare the unrounded value */
	GI_ROUNDING_ROUND         /* round to the limit's last place, ties to even */
} gi_rounding;

/** What to do with a replicate flagged as an outlier. */
typedef enum {
	GI_OUTLIERS_FLAG = 0,     /* report it, keep it in the mean */
	GI_OUTLIERS_EXCLUDE       /* report it and leave it out of the mean */
} gi_outlier_policy;

/** The one test that flags an outlying replicate. Running two tests each
 *  at alpha would flag a good replicate more often than alpha. */
typedef enum {
	GI_OUTLIER_TEST_GRUBBS = 0, /* Grubbs, two-sided, n >= 3 (ISO 5725-2:1994 7.3.4) */
	GI_OUTLIER_TEST_DIXON       /* Dixon r10, 3 <= n <= 10 where tabulated */
} gi_outlier_test;

/** A decision rule with its parameters, as the spec states it (or the
 *  defaults: simple, guard 1, p_min 0.95, absolute, alpha 0.05, flag, Grubbs). */
typedef struct gi_rule {
	gi_rule_kind kind;
	double guard;            /* r in w = r * U (guarded, non-binary) */
	double p_min;            /* minimum conformance probability (probability) */
	gi_rounding rounding;
	double alpha;            /* significance level of the outlier test */
	gi_outlier_policy outliers;
	gi_outlier_test outlier_test; /* which test flags an outlier (Grubbs) */
} gi_rule;

/** "simple", "guarded", "non-binary", "probability", "residue". Borrowed, static. */
GI_EXTERN(const char *) gi_rule_name(gi_rule_kind kind);
/** The rule stated for a person, as a certificate says "the decision rule
 *  applied was ...": its name and the clause of ILAC-G8:09/2019 (or JCGM
 *  106, SANTE/11312) that defines it, in the language of LC_MESSAGES (see
 *  gi_verdict_text). Borrowed, static. */
GI_EXTERN(const char *) gi_rule_text(gi_rule_kind kind);
/** Parses a rule name; GI_EUSAGE if unknown. */
GI_EXTERN(int) gi_rule_parse(gi_rule_kind *out, const char *name);

/** A substance or property the spec knows how to measure. */
typedef struct gi_analyte {
	const char *id;
	const char *name;
	int is_moisture;         /* the analyte dry-matter conversion uses */
	long line;
} gi_analyte;

/** One requirement of a product. A derived criterion compares the ratio
 *  numerator/denominator of two measured analytes; then analyte is NULL. */
typedef struct gi_criterion {
	const char *id;
	const char *analyte;     /* measured analyte, or NULL for a ratio */
	const char *numerator;   /* ratio criteria only, else NULL */
	const char *denominator;
	const char *unit;        /* canonical unit of the limit */
	gi_basis basis;
	gi_limit limit;
	const char *method;      /* test method named by the spec, or NULL */
	int mandatory;           /* a missing result makes the sample incomplete */
	long line;
	gi_rule rule;            /* the criterion's rule, or the spec's default */
	int has_default_uncertainty;  /* used when the lab states none */
	int default_uncertainty_relative;
	double default_uncertainty;   /* expanded, in unit, or percent if relative */
	double default_coverage;      /* k */
} gi_criterion;

/** A production area: administrative units and an altitude range. */
typedef struct gi_area {
	const char *id;
	const char *name;
	size_t n_units;
	const char *const *units;   /* administrative units, as registered */
	int has_altitude;
	double altitude_min;        /* metres, inclusive */
	double altitude_max;
	long line;
} gi_area;

typedef struct gi_product {
	const char *id;
	const char *name;           /* in the registration's language */
	const char *name_en;        /* English name, or NULL */
	const char *raw_material;   /* or NULL */
	const char *cultivar;       /* or NULL */
	const gi_area *area;        /* where it must come from, or NULL */
	size_t n_criteria;
	const gi_criterion *criteria;
	long line;
} gi_product;

/** Identity of the specification and of the GI it describes. */
typedef struct gi_spec_info {
	const char *id;             /* stable identifier, e.g. "vn-gi-00146-lai-chau-tea" */
	const char *version;
	const char *effective;      /* date the version takes effect, YYYY-MM-DD */
	const char *name;           /* GI name in the registration's language */
	const char *name_lang;      /* its language tag, e.g. "vi" */
	const char *name_en;        /* English name, or NULL */
	const char *registration;   /* registration number, or NULL */
	const char *decision;       /* granting decision or act, or NULL */
	const char *decision_date;  /* YYYY-MM-DD, or NULL */
	const char *authority;      /* granting authority, or NULL */
	const char *manager;        /* organisation managing the GI, or NULL */
	const char *source;         /* where the spec's content comes from */
	const char *sha256;         /* hex SHA-256 of the document's bytes */
	const char *file;           /* path or name it was loaded from */
	gi_rule default_rule;       /* the rule of criteria that name none */
} gi_spec_info;

/** Options for loading a spec. Initialise with GI_LOAD_OPTIONS_INIT. */
typedef struct gi_load_options {
	int version;
	gi_problem_cb on_problem;   /* called for every problem found, or NULL */
	void *payload;
} gi_load_options;

#define GI_LOAD_OPTIONS_VERSION 1
#define GI_LOAD_OPTIONS_INIT { GI_LOAD_OPTIONS_VERSION, NULL, NULL }

/**
 * Loads and checks a specification file.
 *
 *   gi_spec *spec;
 *   if (gi_spec_load_file(&spec, "specs/lai-chau-tea.xml", NULL) < 0)
 *       fprintf(stderr, "%s\n", gi_error_last()->message);
 *
 * @param out   receives a new spec, free with gi_spec_free; NULL on failure
 * @param path  file to read (at most 16 MiB)
 * @param opts  NULL for defaults; on_problem sees every problem, not only
 *              the first, so a checker can list them all
 * @return GI_OK; GI_EIO (unreadable, too large); GI_EPARSE (not well-formed,
 *         or carries a DOCTYPE); GI_EINVALID (schema or semantic problems;
 *         gi_error_last() holds the first and says how many there were)
 */
GI_EXTERN(int) gi_spec_load_file(gi_spec **out, const char *path, const gi_load_options *opts);

/**
 * Finds a specification by name, as `gi verify --spec lai-chau-tea` does:
 * NAME.xml in each directory of $GI_SPEC_PATH (colon-separated), then in
 * gi_spec_dir(), where the shipped specifications are installed. A name
 * with a '/' or naming an existing file is a path and is returned as is.
 *
 *   char *path;
 *   if (gi_spec_find(&path, "lai-chau-tea") == GI_OK) {
 *       gi_spec_load_file(&spec, path, NULL);
 *       gi_free(path);
 *   }
 *
 * @param path  receives the file to load, free with gi_free; NULL on failure
 * @return GI_OK; GI_EIO (no such file or installed name: the message lists
 *         the directories searched and the names found there); GI_EUSAGE
 */
GI_EXTERN(int) gi_spec_find(char **path, const char *name);

/** The directory the shipped specifications are installed to
 *  ($(datadir)/libgi/specs). Static storage. */
GI_EXTERN(const char *) gi_spec_dir(void);

/** As gi_spec_load_file, from a buffer; name is used in messages. */
GI_EXTERN(int) gi_spec_load_memory(gi_spec **out, const void *data, size_t len,
                                   const char *name, const gi_load_options *opts);

/** Frees a spec and everything borrowed from it. NULL is a no-op. */
GI_EXTERN(void) gi_spec_free(gi_spec *spec);

/** Identity of the spec. Borrowed. */
GI_EXTERN(const gi_spec_info *) gi_spec_get_info(const gi_spec *spec);

GI_EXTERN(size_t) gi_spec_product_count(const gi_spec *spec);
/** The i-th product (document order), or NULL past the end. Borrowed. */
GI_EXTERN(const gi_product *) gi_spec_product(const gi_spec *spec, size_t i);
/** The product with this id, or NULL. Borrowed. */
GI_EXTERN(const gi_product *) gi_spec_find_product(const gi_spec *spec, const char *id);

GI_EXTERN(size_t) gi_spec_area_count(const gi_spec *spec);
GI_EXTERN(const gi_area *) gi_spec_area(const gi_spec *spec, size_t i);

GI_EXTERN(size_t) gi_spec_analyte_count(const gi_spec *spec);
GI_EXTERN(const gi_analyte *) gi_spec_analyte(const gi_spec *spec, size_t i);
/** The analyte with this id, or NULL. Borrowed. */
GI_EXTERN(const gi_analyte *) gi_spec_find_analyte(const gi_spec *spec, const char *id);

GI_END_DECL

#endif
