/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * i18n_internal.h - libgi's messages in the reader's language.
 *
 * libgi's text domain is "libgi"; its catalogues are installed in
 * $(localedir)/LANG/LC_MESSAGES/libgi.mo. The library never calls
 * setlocale(): the program (or the thread, with uselocale) chooses the
 * language through LC_MESSAGES, and libgi follows it. Machine values
 * (verdict names, the reasons written into signed records and the JSON
 * "reason" fields) stay in English; the translations go beside them.
 */
#ifndef GI_I18N_INTERNAL_H
#define GI_I18N_INTERNAL_H

#include "internal.h"

/* Marks a string for the catalogue without translating it here. */
#define N_(s) (s)

/* msgid in the caller's language: dgettext("libgi", msgid) once the
 * domain is bound; msgid itself (the same pointer) when there is no
 * translation. */
const char *gi__tr(const char *msgid) __attribute__((format_arg(1)));

/* The translation of a text printed from fmt: NULL-safe en is returned
 * as it is when fmt has no translation (no second formatting), else fmt's
 * translation formatted with the same arguments. Arguments that are
 * words of their own must be translated by the caller. */
const char *gi__arena_trf(gi__arena *a, const char *en, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
