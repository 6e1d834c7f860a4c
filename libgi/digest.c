/* SPDX-License-Identifier: GPL-3.0-or-later */
/* digest.c - SHA-256 of documents, through OpenSSL's EVP interface. */
#include "config.h"
#include <stdlib.h>
#include <openssl/evp.h>
#include "internal.h"

struct gi__sha256 {
	EVP_MD_CTX *ctx;
};

gi__sha256 *gi__sha256_new(void)
{
	gi__sha256 *h = malloc(sizeof *h);
	if (!h)
		return NULL;
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(h->ctx);
		free(h);
		return NULL;
	}
	return h;
}

void gi__sha256_update(gi__sha256 *h, const void *data, size_t n)
{
	EVP_DigestUpdate(h->ctx, data, n);
}

void gi__sha256_final(gi__sha256 *h, char hex[65])
{
	unsigned char md[32];
	unsigned int len = 0;
	static const char digits[] = "0123456789abcdef";
	EVP_DigestFinal_ex(h->ctx, md, &len);
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

void gi__sha256_free(gi__sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}
