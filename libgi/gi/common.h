/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/common.h - declaration macros shared by every libgi header.
 *
 * Ownership words used throughout the headers:
 *   new       the object or string returned belongs to the caller, who
 *             releases it with the _free function named on the same line;
 *   borrowed  the pointer stays valid as long as the object it came from
 *             (or until the call named in the comment) and must not be freed.
 */
#ifndef GI_COMMON_H
#define GI_COMMON_H

#include <stddef.h>

/* The version of these headers; configure reads it from here (AC_INIT), so
 * it is written in one place. gi_version() gives the version of the library
 * actually loaded, which may be newer than the headers a program was built
 * with. */
#define GI_VERSION_MAJOR 0
#define GI_VERSION_MINOR 1
#define GI_VERSION_PATCH 0
/* One number that grows with each release, for #if tests. */
#define GI_VERSION_NUMBER (GI_VERSION_MAJOR * 10000 + GI_VERSION_MINOR * 100 + GI_VERSION_PATCH)

#ifdef __cplusplus
# define GI_BEGIN_DECL extern "C" {
# define GI_END_DECL }
#else
# define GI_BEGIN_DECL
# define GI_END_DECL
#endif

#if defined(GI_BUILDING) && defined(__GNUC__)
# define GI_EXTERN(type) extern __attribute__((visibility("default"))) type
#else
# define GI_EXTERN(type) extern type
#endif

GI_BEGIN_DECL

/** Releases a string or buffer the library documented as "new, free with
 *  gi_free". NULL is a no-op. */
GI_EXTERN(void) gi_free(void *ptr);

/** Releases what libgi keeps for the whole process (compiled schemas, the
 *  XML-DSig library's state). Optional; for a host that unloads libgi (a
 *  PHP extension at module shutdown, an interpreter at exit). No libgi
 *  call may follow it. */
GI_EXTERN(void) gi_shutdown(void);

/** The library version as "MAJOR.MINOR.PATCH". Borrowed, static. */
GI_EXTERN(const char *) gi_version(void);

GI_END_DECL

#endif
