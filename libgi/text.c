/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.c - small text helpers: place comparison, ASCII case, UTF-8 width. */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "place_internal.h"

int gi__same_place(const char *a, const char *b)
{
	char na[300], nb[300];
	gi__place_key(na, sizeof na, a);
	gi__place_key(nb, sizeof nb, b);
	return a[0] && strcmp(na, nb) == 0;
}

int gi__ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
}

