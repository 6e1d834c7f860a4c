/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n.h - the gi command's words in the reader's language.
 *
 * gi's messages share libgi's text domain and catalogue ("libgi",
 * po/LANG.po): main() sets the locale from the environment (LC_NUMERIC
 * stays "C": numbers are written and read the same under every locale)
 * and binds the domain.
 */
#ifndef GI_CLI_I18N_H
#define GI_CLI_I18N_H

#include <libintl.h>
#include <gi/gi.h>

#define _(s) dgettext("libgi", s)
#define N_(s) (s)

/* setlocale from the environment except LC_NUMERIC; binds the domain to
 * $GI_LOCALEDIR or the installed catalogues. */
void cli_i18n_init(void);
/* A verdict word for a person: the translation of gi_verdict_text's
 * English, or gi_verdict_name ("conditional-pass") when gi speaks English,
 * as its tables always have. */
const char *verdict_word(gi_verdict v);
/* The same in capitals ("CONDITIONAL-PASS", "KHÔNG ĐẠT"), in buf. */
const char *verdict_upper(char *buf, size_t n, gi_verdict v);
/* A decision rule's short name for a person: gi_rule_name's ("non-binary")
 * in English, its translation otherwise. */
const char *rule_word(gi_rule_kind k);

#endif
