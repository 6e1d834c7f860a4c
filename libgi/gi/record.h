/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/record.h - signed verification records.
 *
 * A record (format: specs/gi-record.xsd, documented in
 * specs/record-format.md) states what was checked - the spec (id, version,
 * SHA-256), the lab report (SHA-256), the sample - the evaluation of every
 * criterion as gi_sample_result_json() reports it, the verdict, who issued
 * it and when. It carries an enveloped XML-DSig signature over the whole
 * document (Reference URI="", enveloped transform, exclusive C14N,
 * RSA-SHA256 or ECDSA-SHA256) with the signer's certificate chain in
 * KeyInfo/X509Data, so `xmlsec1 --verify` accepts it.
 */
#ifndef GI_RECORD_H
#define GI_RECORD_H

#include "common.h"
#include "error.h"
#include "spec.h"
#include "report.h"
#include "verify.h"

GI_BEGIN_DECL

/** A private key with its certificate chain, ready to sign records. One
 *  signer may be used by several threads at once: gi_record_sign and
 *  gi_record_finish take a signing context from the signer's own pool (a
 *  key in memory signs on all threads in parallel; a key on a token, or
 *  an external signing function, signs one digest at a time). Loading and
 *  freeing it are not shared: free it after the last thread is done. */
typedef struct gi_signer gi_signer;

/**
 * Asks a time-stamping authority for an RFC 3161 time-stamp: req is a DER
 * TimeStampReq; put a DER TimeStampResp in *resp (allocated with malloc;
 * libgi frees it) and return 0, or return non-zero. An implementation
 * POSTs it to the TSA's URL (Content-Type application/timestamp-query) or
 * runs a command; `gi verify --tsa-command` does the latter.
 */
typedef int (*gi_tsa_cb)(unsigned char **resp, size_t *resp_len, const unsigned char *req, size_t req_len,
                         void *payload);

/**
 * Asks for a secret: the password of an encrypted key or PKCS#12 file, or
 * the PIN of a PKCS#11 token. libgi calls it only when a secret is needed
 * and none was given (gi_signer_options.password, or pin-value/pin-source
 * in the token's URI). prompt is one line naming what is asked for
 * ("PIN of token \"LAB\""). Write the secret, NUL-terminated, into buf
 * (size bytes) and return its length, or return -1 when there is none
 * (libgi then fails with a message saying how to give one). `gi verify`
 * reads it from /dev/tty without echo.
 */
typedef int (*gi_password_cb)(char *buf, size_t size, const char *prompt, void *payload);

typedef struct gi_signer_options {
	int version;
	const char *key_file;     /* PEM private key, optionally encrypted; or a
	                             PKCS#11 URI (RFC 7512) of a key on a token,
	                             "pkcs11:token=LAB;object=lab-key;type=private":
	                             see pkcs11_module. With a URI, cert_file may be
	                             NULL: the certificate with the key's id (or
	                             label) is read from the token, with the
	                             issuers the token holds. */
	const char *cert_file;    /* PEM: the signer's certificate, then its chain */
	const char *pkcs12_file;  /* instead of key_file and cert_file */
	const char *password;     /* of the encrypted key or the PKCS#12 file, or NULL */
	/* version 2: */
	gi_tsa_cb tsa;            /* time-stamp every signature, or NULL */
	void *tsa_payload;
	/* version 3: */
	int allow_unusable_cert;  /* non-zero: sign even with a certificate that
	                             verification refuses (expired, not yet valid,
	                             key usage, weak key or chain) - for making test
	                             records only */
	/* version 4: */
	const char *const *crl_files; /* NULL-terminated list of PEM CRL files (the
	                                 signer's chain's current CRLs), kept in every
	                                 record as XAdES RevocationValues, with the
	                                 chain as CertificateValues; or NULL */
	/* version 5: */
	const char *pkcs11_module; /* the PKCS#11 module (shared object) of the token a
	                              key_file URI names; NULL: the URI's module-path,
	                              else $GI_PKCS11_MODULE, else p11-kit's proxy
	                              module (every module p11-kit is configured with) */
	gi_password_cb password_cb; /* asked for the password or PIN when password is
	                               NULL and one is needed; or NULL */
	void *password_payload;
} gi_signer_options;

#define GI_SIGNER_OPTIONS_VERSION 5
#define GI_SIGNER_OPTIONS_INIT { GI_SIGNER_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }

/**
 * Loads a signing key and certificate (RSA 2048+ or EC P-256) and checks
 * that they belong together, and that records signed with them can
 * verify (specs/record-format.md, "What verification checks"): the
 * certificate is valid now, its key usage and extended key usage allow
 * signing documents, and no certificate given with it has a key or
 * signature digest below 112 bits of security. allow_unusable_cert
 * (version 3) skips these checks, to make records for testing a verifier.
 *
 * A key_file of the form "pkcs11:..." is a key on a PKCS#11 token (a USB
 * token or smart card, an HSM): libgi loads the module (pkcs11_module),
 * finds the one token that matches the URI's token attributes (token,
 * manufacturer, serial, model, slot-id), logs in with the PIN - the URI's
 * pin-value or pin-source, else password, else password_cb - and finds
 * the one private key that matches object and id. The key never leaves
 * the token: each record's signature is made by it. Tokens stay logged in
 * while a signer of theirs exists.
 *
 *   gi_signer_options o = GI_SIGNER_OPTIONS_INIT;
 *   o.key_file = "pkcs11:token=LAB;object=lab-key;type=private";
 *   o.password_cb = ask_pin;   // or o.password = pin
 *   gi_signer_load(&signer, &o);
 *
 * @param out  new signer, free with gi_signer_free
 * @return GI_OK; GI_EIO (missing file, a PKCS#11 module that cannot be
 *         loaded); GI_EINVALID (wrong password, wrong PIN - the message
 *         names the token -, no secret given where one is needed, no token or
 *         key or several matching the URI, key and certificate do not
 *         match, unsupported key type, a certificate that cannot make
 *         verifiable records: the message names it and says why)
 */
GI_EXTERN(int) gi_signer_load(gi_signer **out, const gi_signer_options *opts);

/**
 * Signs a digest for gi_signer_load_external, wherever the key is (a
 * remote signing service, a key the caller holds): md_nid is the digest's
 * OpenSSL NID (NID_sha256 = 672 for records), digest its bytes. Write the
 * signature into sig (*sig_len bytes of room: the size of the key's
 * largest signature) and set *sig_len to its length: for RSA the
 * RSASSA-PKCS1-v1_5 signature (RFC 8017 8.2; the service builds the
 * DigestInfo), for EC an ECDSA signature either DER-encoded
 * (ECDSA-Sig-Value, RFC 3279 2.2.3) or as r||s (64 bytes for P-256).
 * Return 0, or non-zero when it cannot sign (no record is made then).
 */
typedef int (*gi_sign_cb)(unsigned char *sig, size_t *sig_len, int md_nid, const unsigned char *digest,
                          size_t digest_len, void *payload);

typedef struct gi_signer_external {
	int version;
	gi_sign_cb sign;
	void *payload;            /* passed to sign */
	const char *cert_pem;     /* PEM text: the signer's certificate, then its
	                             chain; or NULL to read gi_signer_options.cert_file */
} gi_signer_external;

#define GI_SIGNER_EXTERNAL_VERSION 1
#define GI_SIGNER_EXTERNAL_INIT { GI_SIGNER_EXTERNAL_VERSION, NULL, NULL, NULL }

/**
 * A signer whose private key stays outside libgi - at a CA's remote
 * signing service, say: every record's signature is asked of ext->sign,
 * with the SHA-256 digest of the record's SignedInfo. The records are the
 * same as those of a key file (XML-DSig RSA-SHA256 or ECDSA-SHA256 by the
 * certificate's key) and verify the same way. The certificate (RSA 2048+
 * or EC P-256) and its chain come from ext->cert_pem or opts->cert_file;
 * opts (may be NULL) gives the rest - tsa, crl_files, allow_unusable_cert
 * - and must not name a key, PKCS#12 file or password. Each new signature
 * is checked against the certificate before a record is returned, so a
 * service that signs with another key yields an error, not a record.
 *
 *   gi_signer_external ext = GI_SIGNER_EXTERNAL_INIT;
 *   ext.sign = remote_sign; ext.payload = &session; ext.cert_pem = chain;
 *   gi_signer_load_external(&signer, NULL, &ext);
 *
 * @param out  new signer, free with gi_signer_free; ext->payload must
 *             live as long as it
 * @return GI_OK; GI_EUSAGE (no callback, a key given in opts, versions);
 *         GI_EIO (cert_file missing); GI_EINVALID (no certificate, an
 *         unsupported key type, a certificate that cannot make
 *         verifiable records). gi_record_sign returns GI_ERROR with "the
 *         external signing function failed" when ext->sign does.
 */
GI_EXTERN(int) gi_signer_load_external(gi_signer **out, const gi_signer_options *opts,
                                       const gi_signer_external *ext);
GI_EXTERN(void) gi_signer_free(gi_signer *signer);
/** The signer certificate's subject, one line ("CN=..., O=..."). Borrowed. */
GI_EXTERN(const char *) gi_signer_subject(const gi_signer *signer);

/** What a record says besides the sample's result. */
typedef struct gi_record_info {
	int version;
	const gi_spec *spec;
	const char *report_name;    /* as given to the reader */
	const char *report_sha256;  /* hex SHA-256 of the report's bytes */
	const gi_lab *lab;
	const char *issuer;         /* who issues the record; NULL: the signer's subject */
	long long time;             /* issue (signing) time, seconds since 1970; 0: now */
} gi_record_info;

#define GI_RECORD_INFO_VERSION 1
#define GI_RECORD_INFO_INIT { GI_RECORD_INFO_VERSION, NULL, NULL, NULL, NULL, NULL, 0 }

/** Size of a record id buffer: "R" and 32 hex digits, NUL. */
#define GI_RECORD_ID_SIZE 34

/**
 * Builds and signs the record of one sample.
 *
 *   char *xml; size_t len; char id[GI_RECORD_ID_SIZE];
 *   gi_record_sign(&xml, &len, id, signer, result, &info);
 *
 * @param out  new buffer (UTF-8 XML), free with gi_free
 * @param id   receives the record id, derived from the spec, report and
 *             sample digests and the issue time
 */
GI_EXTERN(int) gi_record_sign(char **out, size_t *len, char id[GI_RECORD_ID_SIZE], const gi_signer *signer,
                              const gi_sample_result *result, const gi_record_info *info);

/**
 * Signing in two steps, to sign a report's records on several threads.
 * gi_record_sign is gi_record_prepare, then gi_record_finish; the records
 * are the same.
 *
 * gi_record_prepare writes the record of one sample up to its signature
 * and copies what it needs, so the result may be the borrowed one that a
 * gi_verify_options.on_sample callback receives: the draft does not
 * refer to result, info or anything they point to once it returns. It
 * does refer to signer, which must outlive it. The record id (and the
 * issue time: info->time, or now) is fixed here.
 *
 * gi_record_finish hashes the draft, signs it with the signer it was
 * prepared for, time-stamps it and adds the CRLs when the signer asks
 * for them (gi_signer_options.tsa, crl_files), and returns the record.
 * It may run on any thread, and on several threads at once with one
 * signer (each with its own draft): then the signer's tsa callback may be
 * called from several threads at once. A draft is finished once; free it
 * after, whether or not finishing succeeded. Errors (gi_error_last) are
 * those of the thread that called.
 *
 *   gi_record_draft *d; char id[GI_RECORD_ID_SIZE];
 *   gi_record_prepare(&d, id, signer, result, &info);   // in on_sample
 *   gi_record_finish(&xml, &len, signer, d);            // on a worker thread
 *   gi_record_draft_free(d);
 *
 * @param out  gi_record_prepare: new draft, free with gi_record_draft_free
 *             (NULL on failure); gi_record_finish: new buffer (UTF-8
 *             XML), free with gi_free
 * @param id   receives the record id, or NULL
 * @return GI_OK; GI_EUSAGE (a missing argument, as gi_record_sign; a draft
 *         finished again or with another signer); GI_EINVALID (sample
 *         text an XML record cannot carry, a TSA answer that is not a
 *         token for the request); GI_ERROR (the key, token or external
 *         function could not sign); GI_EIO (the TSA gave no answer)
 */
typedef struct gi_record_draft gi_record_draft;
GI_EXTERN(int) gi_record_prepare(gi_record_draft **out, char id[GI_RECORD_ID_SIZE], const gi_signer *signer,
                                 const gi_sample_result *result, const gi_record_info *info);
GI_EXTERN(int) gi_record_finish(char **out, size_t *len, const gi_signer *signer, gi_record_draft *draft);
GI_EXTERN(void) gi_record_draft_free(gi_record_draft *draft);

/** Hex SHA-256 of a file's bytes (the report digest a record names). */
GI_EXTERN(int) gi_sha256_file(char hex[65], const char *path);
/** The same for a report held in memory (gi_report_open_memory's bytes). */
GI_EXTERN(int) gi_sha256_memory(char hex[65], const void *data, size_t len);

/** Trust anchors (and optionally a CRL) for verifying records. It may be
 *  shared by threads; it remembers decoded certificates, and the outcome
 *  of a chain check for up to a minute, so a batch from one laboratory
 *  does not decode and chain the same certificates for every record. */
typedef struct gi_trust gi_trust;

/**
 * @param anchors  file with one or more trusted CA certificates: PEM
 *                 (CERTIFICATE or TRUSTED CERTIFICATE blocks only; a CRL
 *                 there is refused - give it as crl) or one DER certificate
 * @param crl      file with the CRLs of the CAs, or NULL: PEM (X509 CRL
 *                 blocks only; a certificate there is refused, as it would
 *                 become trusted) or one DER CRL. With CRLs, every
 *                 certificate of a chain is checked against its issuer's
 *                 CRL, and a CA without one fails (GI_RECORD_NO_CRL).
 * @param out      new trust object, free with gi_trust_free
 * @return GI_OK; GI_EIO (a file cannot be opened: the message has the
 *         system's reason); GI_EINVALID (a block of the wrong kind or that
 *         cannot be decoded, named by its position, or nothing readable)
 */
GI_EXTERN(int) gi_trust_load(gi_trust **out, const char *anchors, const char *crl);
GI_EXTERN(void) gi_trust_free(gi_trust *trust);

/**
 * Sets the verification time: records are checked as of this moment
 * instead of the clock's (`gi record verify --at`), e.g. to see whether a
 * record will still verify once its certificates have expired. Set it
 * before the trust object is shared by threads.
 * @param when  seconds since 1970 (UTC); 0: the clock again
 * @return GI_OK; GI_EUSAGE (NULL trust, negative time)
 */
GI_EXTERN(int) gi_trust_set_time(gi_trust *trust, long long when);

/** Why a record is, or is not, verified. */
typedef enum {
	GI_RECORD_VALID = 0,
	GI_RECORD_MALFORMED,        /* not a well-formed record (XML, schema, DOCTYPE) */
	GI_RECORD_BAD_LAYOUT,       /* signature layout: not one enveloped signature on the
	                               root with one Reference URI="" and only the enveloped
	                               transform, or algorithms other than the allowed ones */
	GI_RECORD_BAD_DIGEST,       /* the signed content was changed */
	GI_RECORD_BAD_SIGNATURE,    /* the signature value does not verify with the certificate */
	GI_RECORD_NO_CERTIFICATE,   /* KeyInfo has no usable signer certificate */
	GI_RECORD_UNTRUSTED,        /* the certificate does not chain to a trust anchor */
	GI_RECORD_EXPIRED,          /* not valid at the verification time: expired */
	GI_RECORD_NOT_YET_VALID,    /* not valid at the verification time: not yet valid */
	GI_RECORD_REVOKED,          /* on the CRL */
	GI_RECORD_KEY_USAGE,        /* the certificate may not sign (key usage, or an extended
	                               key usage without document signing) */
	GI_RECORD_BAD_TIMESTAMP,    /* the time-stamp token does not verify or does not
	                               cover this signature */
	GI_RECORD_NO_CRL,           /* CRLs were given, but none for a CA of the chain */
	GI_RECORD_WEAK_ALGORITHM    /* a key or signature digest of the chain is below the
	                               policy (RSA < 2048 bits, EC other than P-256 for the
	                               signer, SHA-1; specs/record-format.md) */
} gi_record_status;

/** "valid", "malformed", "bad-layout", ... Borrowed, static. */
GI_EXTERN(const char *) gi_record_status_name(gi_record_status status);

/** The outcome of verifying one record. */
typedef struct gi_record_check {
	gi_record_status status;
	const char *reason;        /* one line: what failed, or "signature valid, ..." */
	const char *record_id;     /* from the signed content, or NULL */
	const char *sample_id;
	const char *verdict;
	const char *issued;        /* signing time the record states (ISO 8601 UTC) */
	const char *signer;        /* signer certificate subject, or NULL */
	const char *signer_issuer; /* its issuer */
	const char *serial;        /* its serial number, hex */
	const char *verified_at;   /* the time the certificate was checked at */
	const char *timestamp;     /* the time-stamp's time, or NULL without one */
	const char *tsa;           /* the time-stamping authority, or NULL */
	const char *claimed_issuer; /* the record's issuer element: a name the signer
	                               chose (gi_record_info.issuer), not checked
	                               against the certificate; signer is who signed */
} gi_record_check;

/**
 * Verifies a record: the XML-DSig signature, its layout (one enveloped
 * signature over the whole record and its own XAdES SignedProperties,
 * nothing else signed, nothing wrapped), the signer's chain to the trust
 * anchors, its validity, its key usage and extended key usage, the
 * strength of every key and signature of the chain, and, when CRLs were
 * given, every certificate of the chain against its issuer's CRL (the
 * trust object's CRLs and those the record carries). The certificate is
 * checked at the verification time (now, or gi_trust_set_time()'s), or -
 * when the record carries RFC 3161 time-stamps over its signature that
 * verify against the same trust anchors - at the time they prove (past
 * validation: a later revocation counts only for key compromise dated
 * before it), so a time-stamped record stays verifiable after the signer's
 * certificate expires, and a re-stamped one (gi_record_restamp) after the
 * TSAs' expire. See specs/record-format.md.
 *
 * @param out   new result, free with gi_record_check_free; filled in
 *              whether or not the record verifies
 * @return GI_OK only if the record verifies; GI_EINVALID (out->status
 *         and gi_error_last() say which check failed); GI_EIO, GI_EUSAGE
 */
GI_EXTERN(int) gi_record_verify(gi_record_check **out, const void *xml, size_t len, const char *name,
                                const gi_trust *trust);
GI_EXTERN(void) gi_record_check_free(gi_record_check *check);

/**
 * Adds an XAdES ArchiveTimeStamp (ETSI EN 319 132-1 §5.5.2, B-LTA) to a
 * record that verifies and carries a SignatureTimeStamp: a time-stamp over
 * the signed data, the signature, its KeyInfo and every unsigned property
 * before it, so the record keeps verifying after the earlier time-stamping
 * authorities' certificates expire, as long as the newest archive
 * time-stamp's authority is valid (re-stamp again before it expires).
 *
 *   char *out; size_t n;
 *   gi_record_restamp(&out, &n, xml, len, "r.xml", trust, my_tsa, NULL);
 *
 * @param out  new buffer (UTF-8 XML, the whole record), free with gi_free
 * @return GI_OK; GI_EINVALID (not a record - not XML, or not
 *         gi-record.xsd - or the record does not verify, has no XAdES
 *         SignatureTimeStamp, or the TSA's answer is not a valid token for
 *         the request); GI_EIO (the TSA gave no answer); GI_EUSAGE
 */
GI_EXTERN(int) gi_record_restamp(char **out, size_t *out_len, const void *xml, size_t len, const char *name,
                                 const gi_trust *trust, gi_tsa_cb tsa, void *tsa_payload);

/** The signed content of a record as JSON (without checking the
 *  signature: see gi_record_verify). new string, free with gi_free.
 *  GI_EPARSE: not XML; GI_EINVALID: not a record (gi-record.xsd). */
GI_EXTERN(int) gi_record_json(char **out, const void *xml, size_t len, const char *name);

GI_END_DECL

#endif
