/* SPDX-License-Identifier: GPL-3.0-or-later */
/* record_past.h - internal: certificate chains checked as of a proven
 * time, with CRLs judged by revocation time and reason (record_past.c). */
#ifndef GI_RECORD_PAST_H
#define GI_RECORD_PAST_H

#include <time.h>
#include <openssl/x509.h>
#include "gi/record.h"

/* The CRLs held by store (new references). */
STACK_OF(X509_CRL) *gi__store_crls(X509_STORE *store);

/* cert's chain to store's anchors, validity periods at valid_at, each
 * certificate below the anchor judged against the CRLs its issuer signed
 * as of use_at (tsa: a compromised key invalidates whatever the dates);
 * need_crl: every certificate below the anchor must be covered by a CRL. GI_RECORD_VALID, or the
 * status with the reason in why. */
gi_record_status gi__past_chain(X509_STORE *store, X509 *cert, STACK_OF(X509) *untrusted,
                                STACK_OF(X509_CRL) *crls, time_t valid_at, time_t use_at, int tsa, int need_crl,
                                char *why, size_t n);

#endif
