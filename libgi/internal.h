/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * internal.h - the primitives every part of libgi uses (errors, arenas)
 * and the headers of the small modules nearly every file needs: numbers,
 * units, digests, text comparison, numbers for people, each in its own
 * header included below. A larger module's internals are in its own
 * header (xml_internal.h, place_internal.h, decide_internal.h,
 * record_internal.h, ...), included where used. Nothing here is
 * exported; names carry a double underscore.
 */
#ifndef GI_INTERNAL_H
#define GI_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "gi/gi.h"

#define GI_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- registry.c: lot codes ---- */
/* Whether a lot code cited by a laboratory's record names the registered
 * lot code: the same, or the registered code without its "-C" check
 * character (laboratories may leave it out). The one rule the registry's
 * record import and the stamp's log lookup both use. */
int gi__lot_code_matches(const char *registered, const char *cited);

/* ---- error.c ---- */
/* Records the failure for gi_error_last() and returns code. */
int gi__error(int code, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int gi__error_v(int code, const char *file, long line, const char *fmt, va_list ap);
int gi__oom(void);
/* Counts the failures recorded on the calling thread: a caller compares
 * two readings to learn whether a call in between recorded one. */
unsigned long gi__error_serial(void);

/* ---- arena.c: bump allocator for strings whose lifetime is one object ---- */
typedef struct gi__arena_block gi__arena_block;
typedef struct gi__arena {
	gi__arena_block *head;
} gi__arena;

void *gi__arena_alloc(gi__arena *a, size_t n);
char *gi__arena_strndup(gi__arena *a, const char *s, size_t n);
char *gi__arena_strdup(gi__arena *a, const char *s);
char *gi__arena_printf(gi__arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees all but the first block and rewinds it, so a per-sample arena
 * stops allocating once it has grown to the largest sample. */
void gi__arena_reset(gi__arena *a);
void gi__arena_free(gi__arena *a);

/* ---- the small modules ---- */
#include "number_internal.h"
#include "units_internal.h"
#include "digest_internal.h"
#include "text_internal.h"
#include "format_internal.h"

#endif
