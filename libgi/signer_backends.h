/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * signer_backends.h - private keys that libgi does not hold itself: keys
 * on PKCS#11 tokens (signer_pkcs11.c) and keys behind a caller's signing
 * function (signer_external.c). Both hand record.c an EVP_PKEY whose
 * private operation goes elsewhere (an RSA_METHOD or EC_KEY_METHOD):
 * EVP_PKEY_sign with it signs there. See record.c, "keys held elsewhere",
 * for how such a key signs a record.
 */
#ifndef GI_SIGNER_BACKENDS_H
#define GI_SIGNER_BACKENDS_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include "gi/record.h"

/* ---- signer_pkcs11.c ---- */
typedef struct gi__p11 gi__p11;
/* Non-zero if key names a PKCS#11 object ("pkcs11:" URI). */
int gi__p11_is_uri(const char *key);
/* The URI without its pin-value, for messages (static buffer per thread). */
const char *gi__p11_shown(const char *uri);
/* Opens the token o->key_file names, logs in and finds the key: *pkey (a
 * new reference) signs on the token. Without cert (NULL), only the key;
 * else *cert gets the token's certificate for the key and chain (which
 * must be empty) the issuers the token holds. *out holds the module and
 * session the key needs: free it with gi__p11_free after the key. */
int gi__p11_load(gi__p11 **out, EVP_PKEY **pkey, X509 **cert, STACK_OF(X509) *chain, const gi_signer_options *o);
void gi__p11_free(gi__p11 *p);

/* ---- signer_external.c ---- */
typedef struct gi__ext gi__ext;
/* A key with cert's public key whose signatures come from ext->sign:
 * *pkey (new reference) lives no longer than *out (gi__ext_free). */
int gi__ext_key(gi__ext **out, EVP_PKEY **pkey, X509 *cert, const gi_signer_external *ext);
/* Non-zero once the signing function has failed (and clears that). */
int gi__ext_failed(gi__ext *x);
void gi__ext_free(gi__ext *x);

#endif
