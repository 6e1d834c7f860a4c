/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * digest_internal.h - SHA-256 of byte streams (digest.c). Not exported;
 * names carry a double underscore. internal.h includes it.
 */
#ifndef GI_DIGEST_INTERNAL_H
#define GI_DIGEST_INTERNAL_H

#include <stddef.h>

/* ---- digest.c ---- */
typedef struct gi__sha256 gi__sha256;
gi__sha256 *gi__sha256_new(void);
void gi__sha256_update(gi__sha256 *h, const void *data, size_t n);
/* Writes 64 hex digits and a NUL to hex[65]. */
void gi__sha256_final(gi__sha256 *h, char hex[65]);
void gi__sha256_free(gi__sha256 *h);

#endif
