/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * library.c - what concerns the library as a whole rather than one
 * module: its version, the free function for what it returns, and the
 * release of its process-wide state at exit.
 */
#include "config.h"
#include <stdlib.h>
#include "internal.h"
#include "record_internal.h"
#include "xml_internal.h"

void gi_free(void *ptr)
{
	free(ptr);
}

const char *gi_version(void)
{
	return PACKAGE_VERSION;
}

/* The process-wide state: xmlsec's crypto initialisation (record.c) and
 * the compiled schemas (xml.c). No libgi call may follow (gi/common.h):
 * xmlsec is initialised once per process. */
void gi_shutdown(void)
{
	gi__xmlsec_shutdown();
	gi__record_shutdown();
	gi__schemas_free();
}
