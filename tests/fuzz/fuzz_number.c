/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the locale-free number parser. Invariant: whatever it
 * accepts is finite and reads back the same after formatting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gi/gi.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	double v;
	if (gi_number_parse(&v, s) == GI_OK) {
		if (!isfinite(v))
			abort();
		/* 17 significant digits name one double (IEEE 754-2019 5.12.2):
		 * written that way, with a point or with a decimal comma, the value
		 * reads back as the same double. The harness runs in the C locale,
		 * so printf writes a point. */
		char buf[64], *comma;
		double w;
		snprintf(buf, sizeof buf, "%.17g", v);
		if (gi_number_parse(&w, buf) != GI_OK || memcmp(&v, &w, sizeof v) != 0)
			abort();
		if ((comma = strchr(buf, '.')) != NULL) {
			*comma = ',';
			if (gi_number_parse(&w, buf) != GI_OK || memcmp(&v, &w, sizeof v) != 0)
				abort();
		}
	}
	free(s);
	return 0;
}
