/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c - JSON with exact reals (gi__json_dumps) and the summary of a
 * verification. Built with jansson; keys are written in a fixed order so
 * the output is stable from one release to the next. A sample's result,
 * written a million times for a big report, is streamed by json_stream.c.
 */
#include "config.h"
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <jansson.h>
#include "internal.h"
#include "json_internal.h"

const char *gi__uncertainty_source_name(int source)
{
	static const char *const name[] = { "none", "lab", "spec", "rule" };
	return source >= GI_U_NONE && source <= GI_U_RULE ? name[source] : "none";
}

/* Copies a JSON text, writing each real number in the shortest form that
 * reads back as the same double (0.025, not 0.024999999999999998 or
 * 0.0250000000000000). jansson writes every real with one precision, so
 * the text is dumped with 17 digits (exact) and each real shortened here;
 * strings are copied untouched. */
static char *shorten_reals(const char *in)
{
	size_t len = strlen(in);
	char *out = malloc(2 * len + 64);   /* positional forms can be longer */
	if (!out)
		return NULL;
	size_t k = 0;
	int in_str = 0;
	for (size_t i = 0; i < len;) {
		char c = in[i];
		if (in_str) {
			out[k++] = c;
			if (c == '\\' && i + 1 < len)
				out[k++] = in[++i];
			else if (c == '"')
				in_str = 0;
			i++;
			continue;
		}
		if (c == '"') {
			in_str = 1;
			out[k++] = in[i++];
			continue;
		}
		if (c != '-' && !(c >= '0' && c <= '9')) {
			out[k++] = in[i++];
			continue;
		}
		size_t j = i;
		int real = 0;
		while (j < len && strchr("0123456789+-.eE", in[j])) {
			real |= in[j] == '.' || in[j] == 'e' || in[j] == 'E';
			j++;
		}
		double v;
		char num[64];
		if (real && j - i < sizeof num && gi__number_scan(&v, NULL, in + i, j - i) == 0) {
			gi__number_format(num, sizeof num - 2, v, 17);
			if (!strpbrk(num, ".eE"))
				strcat(num, ".0");   /* still a real, as jansson writes one */
			size_t n = strlen(num);
			if (n > 2 * (j - i) + 32) {   /* never: a shortest form is not that long */
				free(out);
				return NULL;
			}
			memcpy(out + k, num, n);
			k += n;
		} else {
			memcpy(out + k, in + i, j - i);
			k += j - i;
		}
		i = j;
	}
	out[k] = '\0';
	return out;
}

char *gi__json_dumps(const json_t *o, size_t flags)
{
	char *exact = json_dumps(o, flags | JSON_REAL_PRECISION(17));
	if (!exact)
		return NULL;
	char *s = shorten_reals(exact);
	free(exact);
	return s;
}

int gi_summary_json(char **out, const gi_summary *sum)
{
	if (!out || !sum)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_summary_json: NULL argument");
	*out = NULL;
	json_t *s = json_object();
	if (!s)
		return gi__oom();
	int bad = json_object_set_new(s, "samples", json_integer((json_int_t)sum->samples)) |
	          json_object_set_new(s, "pass", json_integer((json_int_t)sum->pass)) |
	          json_object_set_new(s, "fail", json_integer((json_int_t)sum->fail)) |
	          json_object_set_new(s, "incomplete", json_integer((json_int_t)sum->incomplete)) |
	          json_object_set_new(s, "inconclusive", json_integer((json_int_t)sum->inconclusive)) |
	          json_object_set_new(s, "conditional_pass", json_integer((json_int_t)sum->conditional_pass)) |
	          json_object_set_new(s, "conditional_fail", json_integer((json_int_t)sum->conditional_fail)) |
	          json_object_set_new(s, "verdict", json_string(gi_verdict_name(sum->verdict))) |
	          json_object_set_new(s, "verdict_text", json_string(gi_verdict_text(sum->verdict)));
	char *text = bad ? NULL : json_dumps(s, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(s);
	if (!text)
		return gi__oom();
	*out = text;
	return GI_OK;
}
