/* SPDX-License-Identifier: GPL-3.0-or-later */
/* c14n_check.h - the differential check of record signing: the bytes
 * libgi hashed when it signed a record against libxml2's canonicalisation
 * of the record it returned. */
#ifndef GI_TEST_C14N_CHECK_H
#define GI_TEST_C14N_CHECK_H

#include <stddef.h>

/* Installs the check on every record the library signs in this process;
 * a disagreement aborts with both byte strings on stderr. */
void c14n_check_install(void);
/* Records checked so far in this process. */
long c14n_checked(void);
/* xmlsec beside libgi's own signature check (libgi/record_dsig.c) */
void gi__dsig_differential(int on);

#endif
