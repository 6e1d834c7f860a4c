/* SPDX-License-Identifier: GPL-3.0-or-later */
/* common.c - what several fuzz targets share. */
#include <stdio.h>
#include <stdlib.h>
#include <gi/gi.h>
#include "fuzz.h"

/* The spec the report targets evaluate against (found via GI_SRCDIR). */
gi_spec *fuzz_load_spec(void)
{
	const char *src = getenv("GI_SRCDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/specs/lai-chau-tea.xml", src ? src : ".");
	gi_spec *spec = NULL;
	if (gi_spec_load_file(&spec, path, NULL) != 0) {
		fprintf(stderr, "replay: cannot load %s: %s\n", path, gi_error_last()->message);
		exit(99);
	}
	return spec;
}

