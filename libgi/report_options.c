/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_options.c - the names of a report's format and decimal
 * separator, read the same way by gi verify and the bindings.
 */
#include "config.h"
#include <string.h>
#include "internal.h"

const char *gi_format_name(gi_format format)
{
	switch (format) {
	case GI_FORMAT_XML: return "xml";
	case GI_FORMAT_CSV: return "csv";
	case GI_FORMAT_AUTO: return "auto";
	default: return "unknown";
	}
}

int gi_report_options_set_format(gi_report_options *opts, const char *name)
{
	if (!opts)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_report_options_set_format: NULL options");
	if (!name || strcmp(name, "auto") == 0)
		opts->format = GI_FORMAT_AUTO;
	else if (strcmp(name, "xml") == 0)
		opts->format = GI_FORMAT_XML;
	else if (strcmp(name, "csv") == 0)
		opts->format = GI_FORMAT_CSV;
	else
		return gi__error(GI_EUSAGE, NULL, 0, "report format must be 'xml', 'csv' or 'auto', not '%.40s'", name);
	return GI_OK;
}

int gi_report_options_set_decimal(gi_report_options *opts, const char *separator)
{
	if (!opts)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_report_options_set_decimal: NULL options");
	if (opts->version < 2)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_report_options version %d has no decimal separator",
		                 opts->version);
	if (!separator || strcmp(separator, "auto") == 0)
		opts->decimal = GI_DECIMAL_AUTO;
	else if (strcmp(separator, ",") == 0 || strcmp(separator, "comma") == 0)
		opts->decimal = GI_DECIMAL_COMMA;
	else if (strcmp(separator, ".") == 0 || strcmp(separator, "point") == 0)
		opts->decimal = GI_DECIMAL_POINT;
	else
		return gi__error(GI_EUSAGE, NULL, 0, "decimal separator must be ',' or '.', not '%.40s'", separator);
	return GI_OK;
}
