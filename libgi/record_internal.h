/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * record_internal.h - signing and checking records: xmlsec set-up, names,
 * and which certificates may sign. Not exported.
 */
#ifndef GI_RECORD_INTERNAL_H
#define GI_RECORD_INTERNAL_H

#include "xml_internal.h"

/* ---- record.c ---- */
int gi__xmlsec_ready(void);
void gi__xmlsec_shutdown(void);
/* SHA-256, fetched from OpenSSL's provider once per process. */
struct evp_md_st;
const struct evp_md_st *gi__sha256_md(void);
/* Frees what signing fetched once (the SHA-256 implementation). */
void gi__record_shutdown(void);
/* SHA-256 of a ds:Signature's decoded SignatureValue; 0 or -1. */
int gi__signature_imprint(xmlNodePtr sig, unsigned char md[32]);
/* For the differential tests of the canonical writer: when set, signing
 * passes each byte string it hashes - part 0 the record without its
 * signature, 1 the SignedProperties, 2 the SignedInfo - and then, part 3,
 * the record it returns. Not thread-safe; tests only. */
typedef void (*gi__sign_observer)(int part, const char *bytes, size_t len, void *payload);
void gi__sign_observe(gi__sign_observer cb, void *payload);
/* ---- record_verify.c ---- */
/* Verifies a document the council signed as records are signed
 * (gi__sign_document: a permit, the permit status list): the signature's
 * layout, value and the signer's chain to trust, as gi_record_verify does
 * but without the record schema. out as gi_record_verify's. */
int gi__document_verify(gi_record_check **out, xmlDocPtr doc, const gi_trust *trust);
/* ---- record_dsig.c ---- */
/* The signature value and reference digests of sig, whose layout
 * record_verify.c accepted (sp: its SignedProperties, or NULL), with the
 * signer's public key: *status GI_RECORD_VALID, GI_RECORD_BAD_DIGEST or
 * GI_RECORD_BAD_SIGNATURE. With refs, the references' canonical data,
 * concatenated (malloc'd, even on failure). 0, or GI_ENOMEM. */
struct evp_pkey_st;
struct evp_pkey_ctx_st;
/* ctx (or NULL): a verification context for pub kept between
 * signatures by the same key; made when *ctx is NULL, the caller's to
 * free, used by one thread at a time. */
int gi__dsig_check(xmlNodePtr sig, xmlNodePtr sp, struct evp_pkey_st *pub, struct evp_pkey_ctx_st **ctx,
                   gi_record_status *status, unsigned char **refs, size_t *refs_len);
/* A signature as XML-DSig 1.1 §6.4 carries it (RSASSA-PKCS1-v1_5, or
 * ECDSA r||s for P-256) over a SHA-256 digest, with pub: 1 valid, 0 not. */
int gi__signature_ok(struct evp_pkey_st *pub, const unsigned char *sig, size_t len, const unsigned char md[32]);
/* An XML-DSig ECDSA P-256 signature value (r||s, 32 bytes each) as the
 * DER ECDSA-Sig-Value OpenSSL verifies; its length. */
#define GI__ECDSA_DER_MAX 72
size_t gi__ecdsa_der(unsigned char out[GI__ECDSA_DER_MAX], const unsigned char raw[64]);
/* record_verify.c: a certificate time t in seconds, when comparing
 * seconds gives X509_cmp_time's answer for every time from 1950 to 9999
 * (t in the strict form X509_cmp_time accepts, and in that range); 0 or
 * -1. gi__time_cmp: X509_cmp_time(t, &when), from those seconds when
 * have is set and when is in that range. */
struct asn1_string_st;
int gi__time_seconds(const struct asn1_string_st *t, time_t *out);
int gi__time_cmp(const struct asn1_string_st *t, int have, time_t seconds, time_t when);
/* For the test suite: xmlsec checks every signature beside
 * gi__dsig_check and the process aborts when they disagree. */
void gi__dsig_differential(int on);
int gi__dsig_differential_on(void);
/* The signer's signature over a SHA-256 digest, as XML-DSig 1.1 §6.4
 * carries it: RSASSA-PKCS1-v1_5, or ECDSA r||s (64 bytes for P-256). sig
 * has room for *sig_len bytes; 0 or an error code. */
typedef struct gi_signer gi_signer;
int gi__signer_sign(unsigned char *sig, size_t *sig_len, const gi_signer *sg, const unsigned char md[32]);
/* The signer's certificate (borrowed). */
const struct x509_st *gi__signer_cert(const gi_signer *sg);
/* An X.509 name on one line ("C = VN, O = ..., CN = ..."), UTF-8. */
struct X509_name_st;
void gi__x509_name(char *out, size_t n, const struct X509_name_st *name);


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

#endif
