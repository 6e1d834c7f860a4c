/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi/error.h - status codes and the details of the last failure.
 *
 * Every fallible libgi call returns an int: 0 (GI_OK) on success or one of
 * the negative codes below. The details - a message, and the input file and
 * line when the failure is about an input document - are kept per thread
 * and read with gi_error_last() until the next failing call on that thread.
 */
#ifndef GI_ERROR_H
#define GI_ERROR_H

#include "common.h"

GI_BEGIN_DECL

typedef enum {
	GI_OK       =  0,
	GI_ERROR    = -1, /* internal failure that no input explains */
	GI_ENOMEM   = -2, /* out of memory */
	GI_EIO      = -3, /* a file cannot be opened, read or written */
	GI_EPARSE   = -4, /* input is not well-formed XML/CSV, or a value is malformed */
	GI_EINVALID = -5, /* input is well-formed but breaks its schema or a semantic rule */
	GI_EUSAGE   = -6, /* the caller passed an invalid argument */
	GI_EABORTED = -7  /* a callback asked the operation to stop */
} gi_status;

/** Details of a failure, or of one problem found in an input document. */
typedef struct gi_error {
	int code;            /* one of gi_status */
	const char *message; /* one line, no trailing newline; never NULL */
	const char *file;    /* input document it is about, or NULL */
	long line;           /* 1-based line in that file, 0 when unknown */
} gi_error;

/** Called once per problem found while checking an input document, in
 *  document order. The problem is borrowed for the duration of the call. */
typedef void (*gi_problem_cb)(const gi_error *problem, void *payload);

/** The last failure on the calling thread. Borrowed: valid until the next
 *  libgi call on this thread. Never NULL; code is GI_OK if nothing failed. */
GI_EXTERN(const gi_error *) gi_error_last(void);

/** Forgets the last failure on the calling thread. */
GI_EXTERN(void) gi_error_clear(void);

/**
 * Writes a failure as one line, the form compilers use and editors jump
 * to: "FILE:LINE: message", "FILE: message" without a line, or the message
 * alone without a file. Truncated to fit size bytes (NUL included), as
 * snprintf.
 * @return the length of the whole line, as snprintf
 */
GI_EXTERN(int) gi_error_format(char *buf, size_t size, const gi_error *e);

/** A short constant name for a status code ("parse error"). Borrowed, static. */
GI_EXTERN(const char *) gi_status_name(int code);

GI_END_DECL

#endif
