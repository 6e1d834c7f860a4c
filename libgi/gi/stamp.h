/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/stamp.h - signed QR stamps for GI packages.
 *
 * A stamp is a GS1 Digital Link URI on the council's portal domain - the
 * product's GTIN (AI 01) when it has one, the lot (AI 10) and, for a
 * stamp per package, a serial (AI 21) - with a compact signature by the
 * council's key over the URI, so that an inspector's app can tell a
 * genuine stamp from a copied or altered one offline, and the portal can
 * look the lot up online. The format is specs/stamp-format.md:
 *
 *   https://gi.example.vn/01/08931234567897/10/LC-GT-2026-0001/21/000123?k=..&s=..
 *
 * Stamps are rendered as QR codes (ISO/IEC 18004 = TCVN 7322) with
 * libqrencode, as SVG or PNG, with the four-module quiet zone.
 */
#ifndef GI_STAMP_H
#define GI_STAMP_H

#include "common.h"
#include "record.h"
#include "log.h"

GI_BEGIN_DECL

/** What a stamp names. Version 1; fields are only ever added at the end. */
typedef struct gi_stamp {
	int version;
	const char *domain;   /* the portal's host name, e.g. "gi.laichau.gov.vn" */
	const char *gtin;     /* GTIN-8, -12, -13 or -14 with its check digit, or NULL */
	const char *lot;      /* the lot code: 1 to 20 characters of GS1's set 82 */
	const char *serial;   /* a package's serial (same set), or NULL for a lot stamp */
} gi_stamp;

#define GI_STAMP_VERSION 1
#define GI_STAMP_INIT { GI_STAMP_VERSION, NULL, NULL, NULL, NULL }

/**
 * Makes a stamp's URI signed with the council's key (P-256 gives the
 * shortest stamp: 64 bytes of signature).
 *
 * @param uri  new string, free with gi_free
 * @return GI_OK; GI_EINVALID (a GTIN whose check digit is wrong, a lot or
 *         serial outside GS1's character set 82 or longer than 20, a
 *         domain that is not a host name); GI_EUSAGE; signing errors
 */
GI_EXTERN(int) gi_stamp_sign(char **uri, const gi_signer *council, const gi_stamp *stamp);

/** The council's certificates a stamp may be signed with. */
typedef struct gi_stamp_keys gi_stamp_keys;

/**
 * Loads the council's stamp-signing certificates (PEM, one or more).
 * @return GI_OK; GI_EIO; GI_EINVALID (no certificate in the file)
 */
GI_EXTERN(int) gi_stamp_keys_load(gi_stamp_keys **out, const char *pem_file);
GI_EXTERN(void) gi_stamp_keys_free(gi_stamp_keys *keys);

/** What a stamp says, and whether it is genuine. */
typedef struct gi_stamp_check {
	int genuine;          /* the signature verifies with one of the keys */
	const char *reason;   /* why not, or "signed by ..." */
	const char *domain, *gtin, *lot, *serial; /* as the URI states them (gtin as 14 digits) */
	const char *signer;   /* the certificate's subject, when genuine */
	/* What gi_stamp_inspect found out besides (gi_stamp_verify leaves the
	 * numbers -1, unknown, and the texts NULL). */
	const char *permit;       /* the permit the lot's stamps were issued under ("P1"), or NULL */
	const char *permit_state; /* its state in the status list: granted, suspended, withdrawn, expired */
	const char *valid_from, *valid_until;  /* its validity, YYYY-MM-DD */
	int permit_valid;     /* 1: granted and within its dates today; 0: not (or no permit covers the
	                         lot); -1: no status list given */
	const char *status_date; /* the date the status list was signed for */
	int issued;           /* 1: the serial was issued for this lot; 0: never issued (a copied or
	                         counterfeit stamp, or one beyond the permit's quantity); -1: unknown
	                         (no status list, or a lot stamp without serial) */
	int in_log;           /* 1: records of the lot are proved in the log; 0: none is; -1: not checked */
	size_t log_records;   /* how many of the lot's records were proved in the log */
	const char *log_origin; /* the log's name, when checked */
	const char *warning;  /* why a genuine stamp should not be trusted (permit not valid, serial
	                         not issued, lot not in the log), or NULL */
} gi_stamp_check;

/**
 * Reads and checks a stamp's URI.
 *
 * @param out  new result, free with gi_stamp_check_free; filled in whether
 *             or not the stamp is genuine (the parts are NULL when the URI
 *             is not a stamp)
 * @return GI_OK when genuine; GI_EINVALID when not (out says why); GI_EUSAGE
 */
GI_EXTERN(int) gi_stamp_verify(gi_stamp_check **out, const char *uri, const gi_stamp_keys *keys);
GI_EXTERN(void) gi_stamp_check_free(gi_stamp_check *check);

/** What gi_stamp_inspect checks besides the signature. Initialise with
 *  GI_STAMP_INSPECT_OPTIONS_INIT; fields are only ever added at the end. */
typedef struct gi_stamp_inspect_options {
	int version;
	const char *status_list;   /* the registry's signed permit status list (XML, as
	                              "permit.status-list" returns it), or NULL */
	size_t status_len;
	const gi_trust *trust;     /* the anchors the status list's signer must chain to;
	                              required with status_list */
	const char *log_dir;       /* a log directory to find the lot's records in, or NULL */
	const char *log_proof;     /* or a lot proof bundle (gi_stamp_lot_proof's text) */
	const char *log_key;       /* the log's verifier key (name+id+base64); required with
	                              log_dir or log_proof */
	long long now;             /* seconds since 1970 for "today"; 0: the clock */
} gi_stamp_inspect_options;

#define GI_STAMP_INSPECT_OPTIONS_VERSION 1
#define GI_STAMP_INSPECT_OPTIONS_INIT { GI_STAMP_INSPECT_OPTIONS_VERSION, NULL, 0, NULL, NULL, NULL, NULL, 0 }

/**
 * The whole check an inspector's app or the portal makes of a stamp, in
 * one call: gi_stamp_verify's, then - with a status list - which permit
 * the lot's stamps were issued under, whether it is granted and within its
 * dates today, and whether the stamp's serial was ever issued for the lot;
 * and - with a log directory or a lot proof bundle - whether the lot's
 * verification records are in the log, each proved by an inclusion proof
 * to a checkpoint signed with log_key. Works offline with files.
 *
 *   gi_stamp_inspect_options o = GI_STAMP_INSPECT_OPTIONS_INIT;
 *   o.status_list = xml; o.status_len = len; o.trust = council_ca;
 *   o.log_proof = bundle; o.log_key = "tea.example/log+1a2b3c4d+AQ...";
 *   if (gi_stamp_inspect(&c, uri, keys, &o) == GI_OK && !c->warning) ... trust it
 *
 * The status list must verify (XML-DSig, chain to trust) and be signed
 * with one of the council's stamp certificates in keys; every proof of a
 * bundle must verify.
 *
 * @param out  new result, free with gi_stamp_check_free; NULL when the
 *             evidence (status list, log, bundle) is refused
 * @return GI_OK: the stamp is genuine (out says whether its permit, serial
 *         and log records check out: warning is NULL when all given
 *         evidence does); GI_EINVALID with *out set: not genuine; GI_EINVALID
 *         or GI_EPARSE with *out NULL: the status list or a log proof does
 *         not verify, or is malformed (gi_error_last() says which);
 *         GI_EIO (the log cannot be read); GI_EUSAGE
 */
GI_EXTERN(int) gi_stamp_inspect(gi_stamp_check **out, const char *uri, const gi_stamp_keys *keys,
                                const gi_stamp_inspect_options *opts);

/**
 * A lot proof bundle: every verification record of lot that log holds,
 * with an inclusion proof (C2SP tlog-proof) of each, as one JSON text an
 * inspector can carry offline (specs/stamp-format.md). A record belongs to
 * the lot when its sample's lot is the lot's code, with or without the
 * registry's check character.
 *
 * @param out  new text, free with gi_free (entries is empty when the log
 *             holds no record of the lot)
 * @return GI_OK; GI_EIO; GI_EINVALID (an entry bundle is damaged); GI_EUSAGE
 */
GI_EXTERN(int) gi_stamp_lot_proof(char **out, gi_log *log, const char *lot);

/**
 * The QR code of text (error correction level M, UTF-8 byte mode) as an SVG
 * document, each module a square of module_mm millimetres, with the
 * four-module quiet zone of ISO/IEC 18004 §7.3.7.
 *
 * @param svg  new string, free with gi_free
 */
GI_EXTERN(int) gi_stamp_qr_svg(char **svg, const char *text, double module_mm);

/**
 * The same as a PNG image (8-bit grey), each module scale pixels.
 *
 * @param png  new buffer of *len bytes, free with gi_free
 */
GI_EXTERN(int) gi_stamp_qr_png(unsigned char **png, size_t *len, const char *text, int scale);

/** What gi_stamp_sheet draws. Initialise with GI_STAMP_SHEET_OPTIONS_INIT;
 *  fields are only ever added at the end. */
typedef struct gi_stamp_sheet_options {
	int version;
	int format;          /* GI_STAMP_SHEET_SVG or GI_STAMP_SHEET_PNG */
	double module_mm;    /* SVG: millimetres a module; 0: 0.5 */
	double width_mm;     /* SVG: the printable width the rows fill; 0: 190 (A4 less margins) */
	double gap_mm;       /* white between two codes' quiet zones; 0: 3 */
	int scale;           /* PNG: pixels a module (1-64); 0: 4 */
	int labels;          /* SVG: nonzero prints each stamp's serial (or lot) under its code */
} gi_stamp_sheet_options;

#define GI_STAMP_SHEET_SVG 0
#define GI_STAMP_SHEET_PNG 1
#define GI_STAMP_SHEET_OPTIONS_VERSION 1
#define GI_STAMP_SHEET_OPTIONS_INIT { GI_STAMP_SHEET_OPTIONS_VERSION, GI_STAMP_SHEET_SVG, 0, 0, 0, 0, 0 }

/**
 * A print sheet of stamps: the QR code of each URI (as gi_stamp_qr_svg
 * draws it, each with its four-module quiet zone, all in cells the size of
 * the widest) in rows, at print size (SVG in millimetres) or as one grey
 * PNG image (rows up to 2,000 pixels wide). The URIs are what
 * "stamp.issue" of the registry returned (gi/registry.h): a sheet only
 * draws them.
 *
 * @param out   new buffer of *len bytes (SVG text or PNG), free with gi_free
 * @param opts  NULL: the defaults
 * @return GI_OK; GI_EINVALID (a URI too long for a QR code, a PNG higher
 *         than 100,000 pixels); GI_EUSAGE (no stamps, bad options)
 */
GI_EXTERN(int) gi_stamp_sheet(unsigned char **out, size_t *len, const char *const *uris, size_t n,
                              const gi_stamp_sheet_options *opts);

GI_END_DECL

#endif
