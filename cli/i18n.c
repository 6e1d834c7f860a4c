/* SPDX-License-Identifier: GPL-3.0-or-later */
/* i18n.c - locale and text domain of the gi command; verdict words. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include "i18n.h"

void cli_i18n_init(void)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	const char *dir = getenv("GI_LOCALEDIR");
	bindtextdomain("libgi", dir && *dir ? dir : GI_LOCALEDIR);
	bind_textdomain_codeset("libgi", "UTF-8");
}

/* The same msgids as gi_verdict_text's. */
static const char *const english[] = {
	[GI_VERDICT_PASS] = N_("pass"),
	[GI_VERDICT_FAIL] = N_("fail"),
	[GI_VERDICT_NOT_TESTED] = N_("not tested"),
	[GI_VERDICT_INCONCLUSIVE] = N_("inconclusive"),
	[GI_VERDICT_INCOMPLETE] = N_("incomplete"),
	[GI_VERDICT_NOT_APPLICABLE] = N_("not applicable"),
	[GI_VERDICT_CONDITIONAL_PASS] = N_("conditional pass"),
	[GI_VERDICT_CONDITIONAL_FAIL] = N_("conditional fail"),
};

const char *verdict_word(gi_verdict v)
{
	if ((unsigned)v >= sizeof english / sizeof english[0] || !english[v])
		return gi_verdict_name(v);
	const char *t = _(english[v]);
	return t == english[v] ? gi_verdict_name(v) : t;
}

const char *verdict_upper(char *buf, size_t n, gi_verdict v)
{
	const char *w = verdict_word(v);
	size_t len = n - 1;
	uint8_t *up = u8_toupper((const uint8_t *)w, strlen(w), NULL, NULL, (uint8_t *)buf, &len);
	if (!up || len >= n) {
		if (up && up != (uint8_t *)buf)
			free(up);
		snprintf(buf, n, "%s", w);
		return buf;
	}
	buf[len] = '\0';
	return buf;
}

/* The rule names of gi_rule_name, for the catalogue. */
static const char *const rule_names[] = {
	[GI_RULE_SIMPLE] = N_("simple"),
	[GI_RULE_GUARDED] = N_("guarded"),
	[GI_RULE_NON_BINARY] = N_("non-binary"),
	[GI_RULE_PROBABILITY] = N_("probability"),
	[GI_RULE_RESIDUE] = N_("residue"),
};

const char *rule_word(gi_rule_kind k)
{
	if ((unsigned)k >= sizeof rule_names / sizeof rule_names[0] || !rule_names[k])
		return gi_rule_name(k);
	return _(rule_names[k]);
}
