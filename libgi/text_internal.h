/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text_internal.h - lenient comparison of names (text.c). Not exported;
 * names carry a double underscore. internal.h includes it.
 */
#ifndef GI_TEXT_INTERNAL_H
#define GI_TEXT_INTERNAL_H

/* ---- text helpers (text.c) ---- */
/* Compares administrative unit names leniently: ASCII case, surrounding and
 * repeated blanks, and a leading or trailing level word ("huyện", "thành
 * phố", "district", "city", ...) do not matter. */
int gi__same_place(const char *a, const char *b);
int gi__ascii_casecmp(const char *a, const char *b);

#endif
