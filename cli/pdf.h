/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pdf.h - the certificate of analysis of gi verify --pdf: one PDF per
 * report, drawn with cairo and laid out with pango (an embedded font with
 * Vietnamese diacritics), in the language of LC_MESSAGES.
 */
#ifndef GI_CLI_PDF_H
#define GI_CLI_PDF_H

#include <stdio.h>
#include <gi/gi.h>

typedef struct pdf_doc pdf_doc;

/* Starts the certificate on f (which stays the caller's): the letterhead
 * from the report's laboratory, the specification, and the decision rule
 * stated as ILAC-G8:09/2019 4.2 asks ("the decision rule applied was
 * ..."). record_url (or NULL) prefixes the record ids the QR codes carry.
 * NULL after a message. */
pdf_doc *pdf_begin(FILE *f, const gi_spec *spec, gi_report *report, gi_rule_kind rule, int override,
                   const char *record_url);
/* Adds a sample's table (its heading is never separated from its rows),
 * with its signed record's id, or NULL when not signed. 0 or -1. */
int pdf_sample(pdf_doc *d, const gi_sample_result *r, const char *record_id);
/* The summary, the signer's identity (NULL: not signed), a QR code per
 * signed record; finishes the PDF on f and frees d. 0 or -1 after a
 * message. */
int pdf_end(pdf_doc *d, gi_report *report, const gi_summary *sum, const char *signer);
/* Frees an unfinished certificate. */
void pdf_free(pdf_doc *d);

#endif
