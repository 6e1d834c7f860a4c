/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: verification of signed records (parser, schema, signature
 * layout, certificate extraction, time-stamp decoding) and their JSON
 * form. Trust anchor: tests/fuzz/trust.pem, the root certificate of the
 * test PKI that signed the seed records. */
#include <stdio.h>
#include <stdlib.h>
#include <gi/gi.h>
#include "fuzz.h"

void gi__dsig_differential(int on);   /* libgi/record_internal.h */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static gi_trust *trust;
	if (!trust) {
		gi__dsig_differential(1);   /* xmlsec checks every signature too */
		const char *src = getenv("GI_SRCDIR");
		char path[4096];
		snprintf(path, sizeof path, "%s/tests/fuzz/trust.pem", src ? src : ".");
		if (gi_trust_load(&trust, path, NULL) != 0) {
			fprintf(stderr, "fuzz_record: cannot load %s\n", path);
			abort();
		}
	}
	gi_record_check *c = NULL;
	gi_record_verify(&c, data, size, "fuzz.xml", trust);
	gi_record_check_free(c);
	char *js = NULL;
	if (gi_record_json(&js, data, size, "fuzz.xml") == 0)
		gi_free(js);
	return 0;
}
