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

GI_END_DECL

#endif
