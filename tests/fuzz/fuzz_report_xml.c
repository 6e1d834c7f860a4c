/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the XML report reader and the evaluation of what it reads,
 * against the Lai Châu spec. */
#include <stdio.h>
#include <stdlib.h>
#include <gi/gi.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static gi_spec *spec;
	if (!spec)
		spec = fuzz_load_spec();
	gi_report_options ro = GI_REPORT_OPTIONS_INIT;
	ro.format = GI_FORMAT_XML;
	gi_report *r = NULL;
	if (gi_report_open_memory(&r, data, size, "fuzz.xml", &ro) == 0) {
		gi_summary sum;
		gi_verify(&sum, spec, r, NULL);
	}
	gi_report_free(r);
	return 0;
}
