/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/report.h - laboratory reports, read as a stream.
 *
 * A report (XML: specs/lab-report.xsd; CSV: one row per measurement, see
 * specs/report-format.md) carries the laboratory's identity and samples with
 * their measurements. Reports are read one sample at a time, so memory does
 * not grow with the number of samples: gi_report_next() hands out a sample
 * that stays valid only until the next call.
 */
#ifndef GI_REPORT_H
#define GI_REPORT_H

#include "common.h"
#include "error.h"
#include "spec.h"

GI_BEGIN_DECL

typedef struct gi_report gi_report;

typedef enum {
	GI_FORMAT_AUTO = 0,  /* XML if the first non-blank byte is '<', else CSV */
	GI_FORMAT_XML,
	GI_FORMAT_CSV
} gi_format;

/** The laboratory that issued the report. */
typedef struct gi_lab {
	const char *id;
	const char *name;
	const char *accreditation;  /* e.g. "VILAS 1234", or NULL */
	const char *report_id;      /* the lab's own report number, or NULL */
	const char *issued;         /* YYYY-MM-DD, or NULL */
} gi_lab;

/** One measured analyte of a sample. */
typedef struct gi_measurement {
	const char *analyte;
	const char *unit;           /* canonical spelling */
	gi_basis basis;
	size_t n_values;            /* replicate results; 0 when censored */
	const double *values;
	const char *text;           /* qualitative result ("absent"), or NULL */
	int censored;               /* the result is "< censor_limit" */
	double censor_limit;
	int has_uncertainty;
	double uncertainty;         /* expanded uncertainty U, in unit (absolute) */
	int uncertainty_relative;   /* U was given as a percentage of the result */
	double uncertainty_percent; /* that percentage, when relative */
	double coverage;            /* coverage factor k (2 if not stated) */
	int has_dof;
	double dof;                 /* effective degrees of freedom of u, if stated */
	int has_lod;
	double lod;
	int has_loq;
	double loq;
	const char *method;         /* or NULL */
	long line;
} gi_measurement;

/** One sample of a report. Borrowed from the report until the next
 *  gi_report_next() or gi_report_free(). */
typedef struct gi_sample {
	const char *id;
	const char *lot;            /* lot code, or NULL */
	const char *product;        /* product id in the spec */
	const char *spec;           /* spec id the lab tested against */
	const char *sampled;        /* YYYY-MM-DD, or NULL */
	const char *analysed;       /* YYYY-MM-DD, or NULL */
	const char *origin;         /* administrative unit of origin, or NULL */
	int has_altitude;
	double altitude;            /* metres */
	int has_position;
	double latitude, longitude; /* WGS 84 degrees */
	size_t n_measurements;
	const gi_measurement *measurements;
	long line;
	const char *origin_former;  /* the unit before a merger (former commune), or NULL */
} gi_sample;

/** The decimal separator of a report's numbers. One report uses one. */
typedef enum {
	GI_DECIMAL_AUTO = 0,  /* from the numbers: the separator they use; a value
	                         that could be thousands grouping ("1.500") before
	                         any number settles it is refused */
	GI_DECIMAL_POINT,     /* "5.34"; "5,34" is refused */
	GI_DECIMAL_COMMA      /* "5,34"; "5.34" and "1.500" are refused */
} gi_decimal;

/**
 * How to read a report. Version 1 has format only; version 2 adds decimal
 * and now. Fields are only ever added at the end.
 */
typedef struct gi_report_options {
	int version;
	gi_format format;
	/* version 2: */
	gi_decimal decimal;
	/* The time dates are checked against (no sampling, analysis or issue
	 * date may be later), in seconds since 1970-01-01 UTC; 0 means the
	 * real clock. */
	long long now;
} gi_report_options;

#define GI_REPORT_OPTIONS_VERSION 2
#define GI_REPORT_OPTIONS_INIT { GI_REPORT_OPTIONS_VERSION, GI_FORMAT_AUTO, GI_DECIMAL_AUTO, 0 }

/**
 * Sets opts->format from its name, as gi verify --format and the bindings
 * take it: "xml", "csv", or "auto" (or NULL) for GI_FORMAT_AUTO.
 *
 *   gi_report_options o = GI_REPORT_OPTIONS_INIT;
 *   if (gi_report_options_set_format(&o, "csv") < 0)
 *       fprintf(stderr, "%s\n", gi_error_last()->message);
 *
 * @return GI_OK; GI_EUSAGE for another name (gi_error_last() names it) or
 *         NULL opts, which are then left as they were
 */
GI_EXTERN(int) gi_report_options_set_format(gi_report_options *opts, const char *name);

/**
 * Sets opts->decimal from the separator: "," (or "comma") for
 * GI_DECIMAL_COMMA, "." (or "point") for GI_DECIMAL_POINT, "auto" (or
 * NULL) for GI_DECIMAL_AUTO.
 * @return GI_OK; GI_EUSAGE for another separator, NULL opts or options of
 *         version 1 (which have no decimal field), left as they were
 */
GI_EXTERN(int) gi_report_options_set_decimal(gi_report_options *opts, const char *separator);

/** "xml", "csv" or "auto" (the names gi_report_options_set_format
 *  takes); "unknown" for any other value. Static. */
GI_EXTERN(const char *) gi_format_name(gi_format format);

/**
 * Opens a report file and reads up to its first sample (the lab identity
 * is then available). XML is validated against the schema as it streams.
 *
 * A CSV file (or buffer) is first read through once to find the rows of
 * each sample, so that a sample's rows need not be consecutive (a report
 * sorted by analyte reads the same as one sorted by sample); that pass also
 * settles the decimal separator. Standard input or a pipe cannot be read
 * twice: there the rows of a sample must be consecutive, and a sample
 * whose rows resume after another sample's is an error.
 *
 * Every text field must be UTF-8 without control characters; dates must
 * be calendar dates, not later than opts->now, with analysis on or after
 * sampling; mass fractions cannot be negative.
 *
 *   gi_report *r;  const gi_sample *s;
 *   gi_report_open_file(&r, "examples/lai-chau-2026.xml", NULL);
 *   while (gi_report_next(&s, r) == GI_OK && s) puts(s->id);
 *   gi_report_free(r);
 *
 * @param out  receives a new report, free with gi_report_free
 * @param opts NULL for the defaults (GI_REPORT_OPTIONS_INIT); version 1 and 2
 *             are accepted
 * @return GI_OK; GI_EIO; GI_EPARSE; GI_EINVALID (details in gi_error_last());
 *         GI_EUSAGE for bad options
 */
GI_EXTERN(int) gi_report_open_file(gi_report **out, const char *path, const gi_report_options *opts);

/** As gi_report_open_file, from a buffer the caller keeps alive until
 *  gi_report_free; name is used in messages. */
GI_EXTERN(int) gi_report_open_memory(gi_report **out, const void *data, size_t len,
                                     const char *name, const gi_report_options *opts);

/** Frees the report. NULL is a no-op. */
GI_EXTERN(void) gi_report_free(gi_report *report);

/**
 * Reads the next sample. At the end, *out is NULL and GI_OK is returned.
 * @param out  borrowed sample, valid until the next call
 * @return GI_OK; GI_EPARSE or GI_EINVALID with file and line of the problem
 */
GI_EXTERN(int) gi_report_next(const gi_sample **out, gi_report *report);

/** The issuing laboratory. Borrowed. */
GI_EXTERN(const gi_lab *) gi_report_lab(const gi_report *report);

/** The name the report was opened with (path or given name). Borrowed. */
GI_EXTERN(const char *) gi_report_name(const gi_report *report);

/** The format being read (never GI_FORMAT_AUTO). */
GI_EXTERN(gi_format) gi_report_format(const gi_report *report);

/** Hex SHA-256 of the report's bytes once the whole report has been read,
 *  NULL before. Borrowed. */
GI_EXTERN(const char *) gi_report_sha256(const gi_report *report);

GI_END_DECL

#endif
