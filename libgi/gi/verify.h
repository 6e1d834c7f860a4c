/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/verify.h - checking a report's samples against a specification.
 *
 * gi_verify() streams through a report, evaluates every sample against the
 * criteria of its product and against the product's area, and hands each
 * sample's result to a callback. Each criterion is decided by its
 * decision rule (gi_rule in gi/spec.h): simple acceptance,
 * guard bands, the ILAC-G8 non-binary statements, JCGM 106 conformance
 * probability, or the SANTE residue rule.
 *
 * Spec versions: the spec and opts->versions are versions of one spec (same
 * id, different effective dates). Each sample is judged by the latest
 * version whose effective date is on or before its sampling date. A sample
 * sampled before every version took effect is inconclusive (no version was
 * in force; its criteria are shown against the earliest); a sample with no
 * sampling date is incomplete when there are several versions to choose
 * from (its criteria are shown against the latest). With a single version,
 * a sample without a sampling date is judged by it.
 *
 * Verdict of a sample, from its criteria and its origin, the first that applies:
 *   fail              a criterion or the origin fails;
 *   conditional-fail  a criterion is a conditional fail;
 *   incomplete        a mandatory criterion or the origin was not tested;
 *   inconclusive      a result cannot decide its criterion ("< 0.05" against
 *                     a minimum of 0.01; a rule that needs an uncertainty
 *                     none was given for), or the origin names a commune
 *                     that straddles the area and nothing decides it;
 *   conditional-pass  a criterion is a conditional pass;
 *   pass              every criterion and the origin pass.
 */
#ifndef GI_VERIFY_H
#define GI_VERIFY_H

#include "common.h"
#include "error.h"
#include "spec.h"
#include "report.h"
#include "stats.h"

GI_BEGIN_DECL

typedef enum {
	GI_VERDICT_PASS = 0,
	GI_VERDICT_FAIL,
	GI_VERDICT_NOT_TESTED,   /* criterion: no usable result */
	GI_VERDICT_INCONCLUSIVE, /* the result cannot decide the criterion */
	GI_VERDICT_INCOMPLETE,   /* sample or report: something mandatory untested */
	GI_VERDICT_NOT_APPLICABLE, /* origin: the product has no registered area */
	GI_VERDICT_CONDITIONAL_PASS, /* non-binary rule: within the limit by less than the guard band */
	GI_VERDICT_CONDITIONAL_FAIL  /* non-binary rule: outside the limit by less than the guard band */
} gi_verdict;

/** "pass", "fail", "not-tested", "inconclusive", "incomplete",
 *  "not-applicable", "conditional-pass", "conditional-fail". Borrowed, static. */
GI_EXTERN(const char *) gi_verdict_name(gi_verdict verdict);

/** The verdict in words for a person, in the language of the calling
 *  thread's LC_MESSAGES (libgi's text domain "libgi"; libgi never calls
 *  setlocale itself): "conditional pass" in English, "Đạt có điều kiện"
 *  under vi_VN. Borrowed, static; gi_verdict_name stays the machine value.
 *
 *    setlocale(LC_ALL, "");          (the program's choice)
 *    puts(gi_verdict_text(r->verdict));
 */
GI_EXTERN(const char *) gi_verdict_text(gi_verdict verdict);

/** Where a criterion's expanded uncertainty U came from. */
typedef enum {
	GI_U_NONE = 0,  /* nobody stated one */
	GI_U_LAB = 1,   /* the laboratory's, from the report */
	GI_U_SPEC = 2,  /* the criterion's default in the spec */
	GI_U_RULE = 3   /* the decision rule's default (residue: 50 % of the value) */
} gi_uncertainty_source;

/** The evaluation of one criterion for one sample. */
typedef struct gi_criterion_result {
	const gi_criterion *criterion; /* borrowed from the spec */
	gi_verdict verdict;
	int has_value;
	double value;            /* value compared with the limit, in criterion->unit
	                            and on criterion->basis (mean of replicates) */
	int censored;            /* value is an upper bound: the result was "< value" */
	size_t n_replicates;
	int has_uncertainty;
	double uncertainty;      /* expanded uncertainty U of value, same unit */
	double coverage;         /* its coverage factor k */
	const char *reason;      /* one line a chemist can read */
	gi_rule rule;            /* the rule applied (the spec's, or the caller's override) */
	int has_acceptance_lower;   /* acceptance limits actually used: the limit, */
	double acceptance_lower;    /* moved by the guard band or the probability */
	int has_acceptance_upper;   /* quantile; absent when the rule does not */
	double acceptance_upper;    /* decide on a value (censored, qualitative) */
	int has_probability;
	double probability;      /* conformance probability pc (JCGM 106), when u is known */
	int uncertainty_source;  /* whose U: a gi_uncertainty_source */
	int has_dof;
	double dof;              /* degrees of freedom used for pc (else normal) */
	int rounded;             /* value was rounded (ASTM E29 rounding method) ... */
	double unrounded;        /* ... from this */
	int has_stats;           /* two or more replicates: */
	gi_stats stats;          /* their mean, s, u of the mean, 95 % t interval, in unit */
	int has_outlier;         /* a replicate flagged by Grubbs (n >= 3) or Dixon r10 */
	size_t outlier_index;    /* its position among the replicates */
	double outlier_value;    /* in unit */
	int outlier_excluded;    /* left out of value (the rule's outlier policy) */
	double grubbs, grubbs_critical;  /* NAN when not computed */
	double dixon, dixon_critical;    /* NAN when not computed */
	const char *reason_text; /* reason in the language of LC_MESSAGES when the
	                            result was made (gi_verdict_text); reason
	                            itself when it has no translation */
} gi_criterion_result;

/** The evaluation of one sample. Borrowed for the duration of the callback. */
typedef struct gi_sample_result {
	const gi_sample *sample;      /* borrowed from the report */
	const gi_product *product;    /* borrowed from the spec */
	gi_verdict verdict;
	const char *reason;
	gi_verdict origin_verdict;    /* pass, fail, not-tested; not-applicable when the
	                                 product has no area */
	const char *origin_reason;
	size_t n_criteria;
	const gi_criterion_result *criteria; /* one per criterion of the product, spec order */
	const gi_spec *spec;          /* the spec version that judged the sample (borrowed):
	                                 the one in force on its sampling date */
	const char *reason_text;      /* reason and origin_reason in the language of */
	const char *origin_reason_text; /* LC_MESSAGES (see gi_criterion_result) */
} gi_sample_result;

/** Called once per sample, in report order. Return non-zero to stop.
 *  When a libgi call made by the callback failed (gi_record_sign, say,
 *  because the time-stamping authority did not answer) and the callback
 *  returns non-zero because of it, gi_verify returns that failure's code
 *  and gi_error_last() still describes it: the callback reports its reason
 *  by leaving the failure in place and returning non-zero. A callback that
 *  stops for a reason of its own (no libgi call failed during it) makes
 *  gi_verify return GI_EABORTED, "verification stopped by the caller". */
typedef int (*gi_sample_cb)(const gi_sample_result *result, void *payload);

/** Options for gi_verify. Initialise with GI_VERIFY_OPTIONS_INIT. */
typedef struct gi_verify_options {
	int version;
	gi_sample_cb on_sample;  /* or NULL to count verdicts only */
	void *payload;
	/* version 2: */
	int override_rule;       /* non-zero: decide every criterion with rule_kind, */
	gi_rule_kind rule_kind;  /* keeping the spec's parameters (what-if checks) */
	/* version 3: */
	const gi_spec *const *versions; /* other versions of the same spec (same id, */
	size_t n_versions;              /* different effective dates), borrowed; or NULL */
} gi_verify_options;

#define GI_VERIFY_OPTIONS_VERSION 3
#define GI_VERIFY_OPTIONS_INIT { GI_VERIFY_OPTIONS_VERSION, NULL, NULL, 0, GI_RULE_SIMPLE, NULL, 0 }

/** Counts over a report and its overall verdict. */
typedef struct gi_summary {
	size_t samples;
	size_t pass, fail, incomplete, inconclusive;
	gi_verdict verdict;      /* fail > conditional fail > incomplete > inconclusive
	                            > conditional pass > pass */
	size_t conditional_pass, conditional_fail;
} gi_summary;

/**
 * Verifies every remaining sample of a report against a spec.
 *
 *   gi_summary sum;
 *   gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
 *   o.on_sample = print_sample;
 *   if (gi_verify(&sum, spec, report, &o) < 0) ... gi_error_last() ...
 *
 * A sample that names another spec id, a product the spec lacks, an origin
 * that is a near miss of a place the spec knows ("did you mean ...?"), an analyte
 * the spec does not declare or a unit that cannot convert to the
 * criterion's is bad input: verification stops with GI_EINVALID naming the
 * file and line. Samples already passed to the callback stay passed; a
 * caller that must not publish partial results buffers them until success.
 *
 * A rule override that cannot decide a criterion of the spec (the residue
 * rule on a minimum or a range) is refused before any sample is read.
 *
 * @param out     receives the counts (may be NULL)
 * @return GI_OK; GI_EPARSE/GI_EINVALID (bad report; versions with another
 *         id or the same effective date); GI_EABORTED (the callback stopped
 *         it); the code of a libgi failure inside the callback that made
 *         it stop, with its details kept (see gi_sample_cb);
 *         GI_EUSAGE (bad options, or an override that does not apply,
 *         naming the criterion)
 */
GI_EXTERN(int) gi_verify(gi_summary *out, const gi_spec *spec, gi_report *report,
                         const gi_verify_options *opts);

/** A verification in progress, read one sample at a time (gi_verifier_next). */
typedef struct gi_verifier gi_verifier;

/**
 * Starts verifying a report against a spec, for a caller that pulls the
 * samples' results one at a time instead of taking them in a callback
 * (the bindings' iterators): gi_verify() is this loop. Only one sample's
 * result is held at any time, so memory stays flat however long the
 * report. opts->on_sample and opts->payload are not used; the other
 * options are gi_verify's.
 *
 *   gi_verifier *v;
 *   const gi_sample_result *r;
 *   if (gi_verifier_new(&v, spec, report, NULL) < 0) ... gi_error_last() ...
 *   while ((rc = gi_verifier_next(&r, v)) == GI_OK && r) ... use r ...
 *   gi_verifier_free(v);
 *
 * The verifier borrows spec, report and opts->versions: they must outlive it.
 * @param out  receives a new verifier, free with gi_verifier_free
 * @return GI_OK; GI_EUSAGE (NULL argument, bad options, an override that
 *         does not apply); GI_EINVALID (versions with another id or the
 *         same effective date); GI_ENOMEM
 */
GI_EXTERN(int) gi_verifier_new(gi_verifier **out, const gi_spec *spec, gi_report *report,
                               const gi_verify_options *opts);

/**
 * Reads and evaluates the next sample of the report.
 * @param out  receives the sample's result, borrowed from the verifier
 *             until the next call of gi_verifier_next or gi_verifier_free;
 *             NULL at the end of the report
 * @return GI_OK (also at the end); GI_EPARSE/GI_EINVALID for a bad sample,
 *         naming file and line, as gi_verify; after such a failure the
 *         verification is over and a further call returns GI_EUSAGE
 */
GI_EXTERN(int) gi_verifier_next(const gi_sample_result **out, gi_verifier *v);

/**
 * The counts over the samples read so far and their overall verdict;
 * after the last sample, the report's (what gi_verify gives).
 * @return GI_OK; GI_EUSAGE for a NULL argument
 */
GI_EXTERN(int) gi_verifier_summary(gi_summary *out, const gi_verifier *v);

/** Frees a verifier and the last result it lent; NULL is a no-op. */
GI_EXTERN(void) gi_verifier_free(gi_verifier *v);

/**
 * The result of one sample as a JSON object, in the format the `gi verify
 * --json` document uses for each element of "samples" (specs/json-format.md).
 * @param out  new string, free with gi_free
 */
GI_EXTERN(int) gi_sample_result_json(char **out, const gi_sample_result *result);

/**
 * The counts of a verification as JSON, one line: the "summary" object of
 * the `gi verify --json` document (specs/json-format.md) - samples, pass,
 * fail, incomplete, inconclusive, conditional_pass, conditional_fail and
 * the report's verdict. The bindings' summaries are this object.
 * @param out  new string, free with gi_free
 */
GI_EXTERN(int) gi_summary_json(char **out, const gi_summary *sum);

/**
 * A picture of one criterion's decision as a self-contained SVG element:
 * the value with its uncertainty interval (or an arrow for "< c"), the
 * limit, the acceptance limit, and the zones of the rule coloured by the
 * verdict a value there would get (pass, conditional pass, conditional
 * fail, fail), as ILAC-G8:09/2019 draws them.
 * @param out  new string, free with gi_free
 * @return GI_OK; GI_EINVALID when the criterion has no numeric value
 *         (not tested, qualitative)
 */
GI_EXTERN(int) gi_criterion_result_svg(char **out, const gi_criterion_result *result);

GI_END_DECL

#endif
