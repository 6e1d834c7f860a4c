/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the specification loader, schema and semantic checks. */
#include <gi/gi.h>
#include "fuzz.h"

static void count(const gi_error *p, void *payload)
{
	(*(size_t *)payload)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t problems = 0;
	gi_load_options o = GI_LOAD_OPTIONS_INIT;
	o.on_problem = count;
	o.payload = &problems;
	gi_spec *spec = NULL;
	if (gi_spec_load_memory(&spec, data, size, "fuzz.xml", &o) == 0) {
		/* walk everything a caller can reach */
		for (size_t i = 0; i < gi_spec_product_count(spec); i++) {
			const gi_product *p = gi_spec_product(spec, i);
			for (size_t k = 0; k < p->n_criteria; k++)
				(void)p->criteria[k].limit.text[0];
		}
	}
	gi_spec_free(spec);
	return 0;
}
