/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * signer_external.c - signing keys held outside libgi: the private
 * operation of an RSA or EC key is handed to the caller's gi_sign_cb
 * (gi_signer_load_external), e.g. a CA's remote signing service.
 *
 * The key is the certificate's public key with an RSA_METHOD or
 * EC_KEY_METHOD whose sign function calls the callback with the digest
 * and its algorithm. OpenSSL 3 treats a key with such a method as a
 * "foreign" legacy key and EVP_PKEY_sign signs with it through that
 * method (RSA_sign, ECDSA_sign), as it does with libp11's token keys.
 * These method APIs are deprecated in
 * OpenSSL 3 in favour of writing a provider, which would be far more code
 * for one operation; they remain supported throughout the 3.x series.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "config.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include "internal.h"
#include "signer_backends.h"

struct gi__ext {
	RSA_METHOD *rsa_meth;
	EC_KEY_METHOD *ec_meth;
	gi_sign_cb sign;
	void *payload;
	int failed;
};

static int rsa_index = -1, ec_index = -1;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void make_indexes(void)
{
	rsa_index = RSA_get_ex_new_index(0, NULL, NULL, NULL, NULL);
	ec_index = EC_KEY_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

/* Asks the callback; 0 with the signature in sig (at most *len bytes). */
static int ask(gi__ext *x, unsigned char *sig, size_t *len, int md_nid, const unsigned char *dgst, size_t dlen)
{
	size_t cap = *len;
	if (!x || x->sign(sig, len, md_nid, dgst, dlen, x->payload) != 0 || *len == 0 || *len > cap) {
		if (x)
			x->failed = 1;
		return -1;
	}
	return 0;
}

static int rsa_sign(int type, const unsigned char *m, unsigned int m_len, unsigned char *sigret,
                    unsigned int *siglen, const RSA *rsa)
{
	gi__ext *x = RSA_get_ex_data(rsa, rsa_index);
	size_t cap = (size_t)RSA_size(rsa), len = cap;
	if (ask(x, sigret, &len, type, m, m_len) < 0)
		return 0;
	/* the signature is an integer of the modulus' size (RFC 8017 8.2.1
	 * step 2c, I2OSP): a service that drops leading zero bytes is padded */
	memmove(sigret + (cap - len), sigret, len);
	memset(sigret, 0, cap - len);
	*siglen = (unsigned int)cap;
	return 1;
}

/* The callback's ECDSA signature, DER or r||s, as an ECDSA_SIG. */
static ECDSA_SIG *ec_ask(gi__ext *x, int md_nid, const unsigned char *dgst, int dlen, const EC_KEY *ec)
{
	size_t cap = (size_t)ECDSA_size(ec) + 16, len = cap;
	unsigned char *buf = malloc(cap);
	ECDSA_SIG *s = NULL;
	if (buf && ask(x, buf, &len, md_nid, dgst, (size_t)dlen) == 0) {
		const unsigned char *p = buf;
		s = d2i_ECDSA_SIG(NULL, &p, (long)len);
		if (s && p != buf + len) {
			ECDSA_SIG_free(s);
			s = NULL;
		}
		int half = (EC_GROUP_order_bits(EC_KEY_get0_group(ec)) + 7) / 8;
		if (!s && len == (size_t)(2 * half)) {
			BIGNUM *r = BN_bin2bn(buf, half, NULL), *ss = BN_bin2bn(buf + half, half, NULL);
			s = r && ss ? ECDSA_SIG_new() : NULL;
			if (!s || !ECDSA_SIG_set0(s, r, ss)) {
				BN_free(r);
				BN_free(ss);
				ECDSA_SIG_free(s);
				s = NULL;
			}
		}
		if (!s)
			x->failed = 1;
	}
	ERR_clear_error();
	free(buf);
	return s;
}

static int md_of_length(int dlen)
{
	return dlen == 32 ? NID_sha256 : dlen == 48 ? NID_sha384 : dlen == 64 ? NID_sha512 : NID_undef;
}

static int ec_sign(int type, const unsigned char *dgst, int dlen, unsigned char *sig, unsigned int *siglen,
                   const BIGNUM *kinv, const BIGNUM *r, EC_KEY *ec)
{
	/* the digest's algorithm from its length: OpenSSL passes SHA-1's NID
	 * as type when the caller did not name the digest */
	ECDSA_SIG *s = ec_ask(EC_KEY_get_ex_data(ec, ec_index), md_of_length(dlen), dgst, dlen, ec);
	unsigned char *p = sig;
	int len = s ? i2d_ECDSA_SIG(s, &p) : 0;
	ECDSA_SIG_free(s);
	if (len <= 0 || len > ECDSA_size(ec))
		return 0;
	*siglen = (unsigned int)len;
	return 1;
}

static ECDSA_SIG *ec_sign_sig(const unsigned char *dgst, int dlen, const BIGNUM *kinv, const BIGNUM *r, EC_KEY *ec)
{
	return ec_ask(EC_KEY_get_ex_data(ec, ec_index), md_of_length(dlen), dgst, dlen, ec);
}

static int rsa_key(gi__ext *x, EVP_PKEY *pkey, const EVP_PKEY *pub)
{
	const RSA *src = EVP_PKEY_get0_RSA(pub);
	RSA *rsa = src ? RSAPublicKey_dup(src) : NULL;
	x->rsa_meth = RSA_meth_dup(RSA_PKCS1_OpenSSL());
	/* the method is set before the key goes into the EVP_PKEY, which is
	 * when OpenSSL notes it as foreign */
	if (!rsa || !x->rsa_meth || !RSA_meth_set1_name(x->rsa_meth, "libgi external signer") ||
	    !RSA_meth_set_sign(x->rsa_meth, rsa_sign) || !RSA_set_method(rsa, x->rsa_meth) ||
	    !RSA_set_ex_data(rsa, rsa_index, x) || !EVP_PKEY_assign_RSA(pkey, rsa)) {
		RSA_free(rsa);
		return -1;
	}
	return 0;
}

static int ec_key(gi__ext *x, EVP_PKEY *pkey, const EVP_PKEY *pub)
{
	const EC_KEY *src = EVP_PKEY_get0_EC_KEY(pub);
	EC_KEY *ec = src ? EC_KEY_dup(src) : NULL;
	x->ec_meth = EC_KEY_METHOD_new(EC_KEY_OpenSSL());
	if (!ec || !x->ec_meth) {
		EC_KEY_free(ec);
		return -1;
	}
	int (*sign_setup)(EC_KEY *, BN_CTX *, BIGNUM **, BIGNUM **) = NULL;
	EC_KEY_METHOD_get_sign(x->ec_meth, NULL, &sign_setup, NULL);
	EC_KEY_METHOD_set_sign(x->ec_meth, ec_sign, sign_setup, ec_sign_sig);
	if (!EC_KEY_set_method(ec, x->ec_meth) || !EC_KEY_set_ex_data(ec, ec_index, x) ||
	    !EVP_PKEY_assign_EC_KEY(pkey, ec)) {
		EC_KEY_free(ec);
		return -1;
	}
	return 0;
}

int gi__ext_key(gi__ext **out, EVP_PKEY **pkey, X509 *cert, const gi_signer_external *ext)
{
	*out = NULL;
	*pkey = NULL;
	pthread_once(&index_once, make_indexes);
	EVP_PKEY *pub = X509_get0_pubkey(cert);
	int id = pub ? EVP_PKEY_get_base_id(pub) : 0;
	if (id != EVP_PKEY_RSA && id != EVP_PKEY_EC) {
		ERR_clear_error();
		return gi__error(GI_EINVALID, NULL, 0, "the certificate's key must be RSA (2048 bits or more) or EC P-256");
	}
	if (rsa_index < 0 || ec_index < 0)
		return gi__oom();
	gi__ext *x = calloc(1, sizeof *x);
	EVP_PKEY *k = x ? EVP_PKEY_new() : NULL;
	if (!k || (id == EVP_PKEY_RSA ? rsa_key(x, k, pub) : ec_key(x, k, pub)) < 0) {
		EVP_PKEY_free(k);
		gi__ext_free(x);
		ERR_clear_error();
		return gi__oom();
	}
	x->sign = ext->sign;
	x->payload = ext->payload;
	*out = x;
	*pkey = k;
	return GI_OK;
}

int gi__ext_failed(gi__ext *x)
{
	int f = x && x->failed;
	if (x)
		x->failed = 0;
	return f;
}

void gi__ext_free(gi__ext *x)
{
	if (!x)
		return;
	RSA_meth_free(x->rsa_meth);
	if (x->ec_meth)   /* OpenSSL 3.0's EC_KEY_METHOD_free does not take NULL */
		EC_KEY_METHOD_free(x->ec_meth);
	free(x);
}
