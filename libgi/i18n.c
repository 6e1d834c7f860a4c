/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n.c - binding libgi's text domain and translating its words.
 *
 * The domain is bound once, to the installed catalogues, or to
 * $GI_LOCALEDIR when it is set (the build tree's po/ directory, for the
 * tests). libgi never calls setlocale(): which language is used is the
 * calling program's LC_MESSAGES (global, or per thread with uselocale).
 */
#include "config.h"
#include <libintl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "paths.h"
#include "i18n_internal.h"

static pthread_once_t bound = PTHREAD_ONCE_INIT;

static void bind_domain(void)
{
	const char *dir = getenv("GI_LOCALEDIR");
	bindtextdomain("libgi", dir && *dir ? dir : GI_LOCALEDIR);
	bind_textdomain_codeset("libgi", "UTF-8");
}

const char *gi__tr(const char *msgid)
{
	pthread_once(&bound, bind_domain);
	return dgettext("libgi", msgid);
}

const char *gi__arena_trf(gi__arena *a, const char *en, const char *fmt, ...)
{
	const char *t = gi__tr(fmt);
	if (t == fmt || !en)
		return en;
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, t, ap);
	va_end(ap);
	if (n < 0)
		return en;
	const char *out = gi__arena_strdup(a, s);
	free(s);
	return out ? out : en;
}

const char *gi_verdict_text(gi_verdict v)
{
	switch (v) {
	case GI_VERDICT_PASS: return gi__tr(N_("pass"));
	case GI_VERDICT_FAIL: return gi__tr(N_("fail"));
	case GI_VERDICT_NOT_TESTED: return gi__tr(N_("not tested"));
	case GI_VERDICT_INCONCLUSIVE: return gi__tr(N_("inconclusive"));
	case GI_VERDICT_INCOMPLETE: return gi__tr(N_("incomplete"));
	case GI_VERDICT_NOT_APPLICABLE: return gi__tr(N_("not applicable"));
	case GI_VERDICT_CONDITIONAL_PASS: return gi__tr(N_("conditional pass"));
	case GI_VERDICT_CONDITIONAL_FAIL: return gi__tr(N_("conditional fail"));
	default: return gi__tr(N_("unknown"));
	}
}

const char *gi_rule_text(gi_rule_kind k)
{
	switch (k) {
	case GI_RULE_SIMPLE:
		return gi__tr(N_("simple acceptance (ILAC-G8:09/2019 4.2.1): a result within the limit passes"));
	case GI_RULE_GUARDED:
		return gi__tr(N_("binary statement with a guard band (ILAC-G8:09/2019 4.2.2): a result passes only within the limit by at least the guard band"));
	case GI_RULE_NON_BINARY:
		return gi__tr(N_("non-binary statement with a guard band (ILAC-G8:09/2019 4.2.3): pass, conditional pass, conditional fail or fail"));
	case GI_RULE_PROBABILITY:
		return gi__tr(N_("conformance probability (JCGM 106:2012): a result passes when the probability that the true value meets the limit reaches the required level"));
	case GI_RULE_RESIDUE:
		return gi__tr(N_("residue rule (SANTE/11312/2021): non-compliant beyond reasonable doubt when the result minus U exceeds the MRL"));
	default:
		return gi__tr(N_("unknown"));
	}
}
