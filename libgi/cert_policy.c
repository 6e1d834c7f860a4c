/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cert_policy.c - which certificates may sign verification records, one
 * policy for the signer (gi_signer_load refuses what a relying party would
 * refuse) and for verification (gi_record_verify).
 *
 * - Keys: RSA of 2048 bits or more, or EC on P-256 - the signature methods
 *   of the record profile (RSA-SHA256, ECDSA-SHA256) with at least 112
 *   bits of security (NIST SP 800-57 Part 1 Rev. 5, Table 2: RSA-2048 and
 *   P-256 give 112 and 128 bits; RSA-1024 gives 80).
 * - The certificates of the chain: keys and signature digests of at least
 *   112 bits of security, which is OpenSSL's security level 2
 *   (SSL_CTX_set_security_level(3): level 2 = 112 bits, "RSA, DSA and DH
 *   keys shorter than 2048 bits and ECC keys shorter than 224 bits are
 *   prohibited", and SHA-1, whose collision resistance is below 112 bits,
 *   is not accepted for signatures). Verification sets it with
 *   X509_VERIFY_PARAM_set_auth_level; the signer checks the same figures
 *   with gi__cert_strength.
 * - Key usage (RFC 5280 section 4.2.1.3): when present, digitalSignature
 *   or nonRepudiation.
 * - Extended key usage (RFC 5280 section 4.2.1.12: "the certificate MUST
 *   only be used for one of the purposes indicated"): when present, one of
 *   id-kp-documentSigning (1.3.6.1.5.5.7.3.36, RFC 9336), id-kp-
 *   emailProtection (1.3.6.1.5.5.7.3.4, the purpose personal and
 *   organisation signing certificates commonly carry), Microsoft's
 *   document signing (1.3.6.1.4.1.311.10.3.12) or anyExtendedKeyUsage
 *   (2.5.29.37.0). A certificate for time-stamping, OCSP signing, TLS or
 *   code signing only is refused. No extension: any purpose (RFC 5280).
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "internal.h"
#include "record_internal.h"

int gi__key_profile(EVP_PKEY *key, char *why, size_t n)
{
	int id = key ? EVP_PKEY_get_base_id(key) : 0;
	if (id == EVP_PKEY_EC) {
		char group[64] = "";
		size_t gl = 0;
		EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &gl);
		if (strcmp(group, "prime256v1") != 0 && strcmp(group, "P-256") != 0) {
			snprintf(why, n, "its EC key is on %s; records are signed with EC P-256 or RSA of 2048 bits or more",
			         group[0] ? group : "an unnamed curve");
			return -1;
		}
		return 0;
	}
	if (id == EVP_PKEY_RSA) {
		int bits = EVP_PKEY_get_bits(key);
		if (bits < 2048) {
			snprintf(why, n, "its RSA key has %d bits; records need RSA of 2048 bits or more, or EC P-256", bits);
			return -1;
		}
		return 0;
	}
	snprintf(why, n, "its key is %s; records are signed with RSA (2048 bits or more) or EC P-256",
	         id ? OBJ_nid2sn(id) : "of an unknown type");
	return -1;
}

int gi__cert_strength(X509 *x, char *why, size_t n)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	int bits = pk ? EVP_PKEY_get_security_bits(pk) : 0;
	if (bits < GI__MIN_SECURITY_BITS) {
		snprintf(why, n, "its key gives %d bits of security, fewer than %d", bits, GI__MIN_SECURITY_BITS);
		return -1;
	}
	/* the issuer's signature on it; a self-signed certificate is a trust
	 * anchor, whose own signature nobody relies on */
	if (X509_get_extension_flags(x) & EXFLAG_SS)
		return 0;
	int md = 0, pkn = 0, secbits = -1;
	uint32_t fl = 0;
	if (!X509_get_signature_info(x, &md, &pkn, &secbits, &fl) || secbits < GI__MIN_SECURITY_BITS) {
		snprintf(why, n, "it is signed with %s, which gives fewer than %d bits of security",
		         md ? OBJ_nid2sn(md) : "an unknown digest", GI__MIN_SECURITY_BITS);
		return -1;
	}
	return 0;
}

/* The extended key usages that allow signing documents (see the top). */
static int eku_allows_signing(const ASN1_OBJECT *o)
{
	static const char *const ok[] = { "1.3.6.1.5.5.7.3.36", "1.3.6.1.5.5.7.3.4", "1.3.6.1.4.1.311.10.3.12",
	                                  "2.5.29.37.0" };
	char txt[80];
	if (OBJ_obj2txt(txt, sizeof txt, o, 1) <= 0)
		return 0;
	for (size_t i = 0; i < GI_ARRAY_SIZE(ok); i++)
		if (strcmp(txt, ok[i]) == 0)
			return 1;
	return 0;
}

int gi__cert_usage(X509 *x, char *why, size_t n)
{
	uint32_t flags = X509_get_extension_flags(x);
	if (flags & EXFLAG_INVALID) {
		snprintf(why, n, "its extensions cannot be decoded");
		return -1;
	}
	if ((flags & EXFLAG_KUSAGE) && !(X509_get_key_usage(x) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
		snprintf(why, n, "its key usage does not allow digital signatures (digitalSignature or nonRepudiation)");
		return -1;
	}
	if (!(flags & EXFLAG_XKUSAGE))
		return 0;
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	int allowed = 0;
	char list[200] = "";
	size_t used = 0;
	for (int i = 0; eku && i < sk_ASN1_OBJECT_num(eku); i++) {
		const ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
		allowed |= eku_allows_signing(o);
		char one[80];
		if (OBJ_obj2txt(one, sizeof one, o, 0) > 0 && used + strlen(one) + 3 < sizeof list)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", one);
	}
	sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
	if (!allowed) {
		snprintf(why, n, "its extended key usage (%s) does not allow signing documents (documentSigning, "
		         "emailProtection or anyExtendedKeyUsage)", used ? list : "unreadable");
		return -1;
	}
	return 0;
}
