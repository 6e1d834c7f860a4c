/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * record_past.c - a certificate chain checked as of a proven time (past
 * validation, ETSI EN 319 102-1 §5.6.2.x), with CRLs issued at any time.
 *
 * OpenSSL's CRL check applies the verification time to the CRL as well,
 * so a CRL issued after a time-stamp is "not yet valid" at the stamp's
 * time, although it is the freshest evidence there is. Here the chain is
 * built and its validity periods checked by X509_verify_cert at the
 * proven time without OpenSSL's CRL checks (with the same key and digest
 * strength as the current-time check); then every certificate of the
 * chain below the trust anchor is looked up in the CRLs its issuer signed
 * (with CRLs given, each must be covered, as in the current-time check)
 * (each CRL's signature checked with the issuer's key from the chain), and
 * an entry is judged against the time of use:
 *
 * - revoked at or before the time of use: revoked, whatever the reason;
 * - revoked later with reason keyCompromise, cACompromise or aACompromise
 *   (RFC 5280 §5.3.1): revoked when the invalidityDate (§5.3.2) lies at or
 *   before the time of use; for a time-stamping authority always, since
 *   whoever holds a compromised TSA key can date a token at will;
 * - revoked later for any other reason (superseded, cessationOfOperation,
 *   affiliationChanged, ...): the certificate was good when it was used;
 * - removeFromCRL entries are ignored.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "internal.h"
#include "record_internal.h"
#include "record_past.h"

STACK_OF(X509_CRL) *gi__store_crls(X509_STORE *store)
{
	STACK_OF(X509_CRL) *out = sk_X509_CRL_new_null();
	if (!out || !X509_STORE_lock(store))
		return out;
	STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
	for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
		X509_CRL *c = X509_OBJECT_get0_X509_CRL(sk_X509_OBJECT_value(objs, i));
		if (c && X509_CRL_up_ref(c) && !sk_X509_CRL_push(out, c))
			X509_CRL_free(c);
	}
	X509_STORE_unlock(store);
	return out;
}

static time_t asn1_time(const ASN1_TIME *t)
{
	struct tm tm;
	return t && ASN1_TIME_to_tm(t, &tm) ? timegm(&tm) : (time_t)-1;
}

static void iso(char out[32], time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *reason_name(long r)
{
	static const char *const names[] = { "unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
	                                     "superseded", "cessationOfOperation", "certificateHold", "(7)",
	                                     "removeFromCRL", "privilegeWithdrawn", "aACompromise" };
	return r >= 0 && r <= 10 ? names[r] : "unknown";
}

/* 1 revoked (why filled), 0 not, for one entry judged at use_at. */
static int judge_entry(X509_REVOKED *rev, time_t use_at, int tsa, const char *who, char *why, size_t n)
{
	ASN1_ENUMERATED *e = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
	long reason = e ? ASN1_ENUMERATED_get(e) : 0;
	ASN1_ENUMERATED_free(e);
	if (reason == 8)
		return 0;
	ASN1_GENERALIZEDTIME *inv = X509_REVOKED_get_ext_d2i(rev, NID_invalidity_date, NULL, NULL);
	time_t revoked = asn1_time(X509_REVOKED_get0_revocationDate(rev)), invalid = inv ? asn1_time(inv) : (time_t)-1;
	ASN1_GENERALIZEDTIME_free(inv);
	int compromise = reason == 1 || reason == 2 || reason == 10;
	char r[32], u[32];
	iso(r, revoked);
	iso(u, use_at);
	if (revoked == (time_t)-1 || revoked <= use_at) {
		snprintf(why, n, "%s was revoked at %s (%s), before its use at %s", who, r, reason_name(reason), u);
		return 1;
	}
	if (compromise && tsa) {
		snprintf(why, n, "%s was revoked at %s for %s: none of its time-stamps can be trusted", who, r,
		         reason_name(reason));
		return 1;
	}
	if (compromise && invalid != (time_t)-1 && invalid <= use_at) {
		char i[32];
		iso(i, invalid);
		snprintf(why, n, "%s was revoked at %s for %s, invalid since %s, before its use at %s", who, r,
		         reason_name(reason), i, u);
		return 1;
	}
	return 0;
}

gi_record_status gi__past_chain(X509_STORE *store, X509 *cert, STACK_OF(X509) *untrusted,
                                STACK_OF(X509_CRL) *crls, time_t valid_at, time_t use_at, int tsa, int need_crl,
                                char *why, size_t n)
{
	X509_STORE_CTX *sc = X509_STORE_CTX_new();
	if (!sc || !X509_STORE_CTX_init(sc, store, cert, untrusted)) {
		X509_STORE_CTX_free(sc);
		snprintf(why, n, "out of memory");
		return GI_RECORD_UNTRUSTED;
	}
	X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(sc);
	X509_VERIFY_PARAM_set_time(param, valid_at);
	X509_VERIFY_PARAM_set_auth_level(param, GI__AUTH_LEVEL);
	X509_VERIFY_PARAM_clear_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
	char at[32];
	iso(at, valid_at);
	gi_record_status st = GI_RECORD_VALID;
	if (X509_verify_cert(sc) != 1) {
		int err = X509_STORE_CTX_get_error(sc);
		st = err == X509_V_ERR_CERT_HAS_EXPIRED ? GI_RECORD_EXPIRED
		   : err == X509_V_ERR_CERT_NOT_YET_VALID ? GI_RECORD_NOT_YET_VALID
		   : err == X509_V_ERR_EE_KEY_TOO_SMALL || err == X509_V_ERR_CA_KEY_TOO_SMALL ||
		     err == X509_V_ERR_CA_MD_TOO_WEAK ? GI_RECORD_WEAK_ALGORITHM : GI_RECORD_UNTRUSTED;
		snprintf(why, n, "%s (checked at %s)", X509_verify_cert_error_string(err), at);
		X509_STORE_CTX_free(sc);
		ERR_clear_error();
		return st;
	}
	STACK_OF(X509) *chain = X509_STORE_CTX_get1_chain(sc);
	X509_STORE_CTX_free(sc);
	for (int i = 0; st == GI_RECORD_VALID && chain && i + 1 < sk_X509_num(chain); i++) {
		X509 *c = sk_X509_value(chain, i), *issuer = sk_X509_value(chain, i + 1);
		char who[600], name[512];
		gi__x509_name(name, sizeof name, X509_get_subject_name(c));
		snprintf(who, sizeof who, "the certificate of %s", name);
		int covered = 0;
		for (int j = 0; j < sk_X509_CRL_num(crls) && st == GI_RECORD_VALID; j++) {
			X509_CRL *crl = sk_X509_CRL_value(crls, j);
			if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0 ||
			    X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1)
				continue;
			covered = 1;
			X509_REVOKED *rev = NULL;
			if (X509_CRL_get0_by_cert(crl, &rev, c) == 1 && rev &&
			    judge_entry(rev, use_at, tsa, who, why, n))
				st = GI_RECORD_REVOKED;
		}
		if (st == GI_RECORD_VALID && !covered && need_crl) {
			char iss[300];
			gi__x509_name(iss, sizeof iss, X509_get_subject_name(issuer));
			snprintf(why, n, "no CRL for issuer %s (of %s); give the CRL of every CA of the chain", iss, who);
			st = GI_RECORD_NO_CRL;
		}
	}
	sk_X509_pop_free(chain, X509_free);
	ERR_clear_error();
	return st;
}
