/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * error.c - per-thread details of the last failure.
 *
 * Fixed buffers rather than heap strings: a thread that exits after a
 * failure leaves nothing to free.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "i18n_internal.h"

typedef struct {
	gi_error pub;
	char message[1024];
	char file[1024];
} error_state;

static _Thread_local error_state last;
static _Thread_local unsigned long serial;   /* failures recorded on this thread */

unsigned long gi__error_serial(void)
{
	return serial;
}

int gi__error_v(int code, const char *file, long line, const char *fmt, va_list ap)
{
	/* in the language of LC_MESSAGES when the catalogue has the message
	 * (those marked N_() where they are raised), else as written */
	vsnprintf(last.message, sizeof last.message, gi__tr(fmt), ap);
	serial++;
	last.pub.code = code;
	last.pub.message = last.message;
	last.pub.line = line;
	if (file) {
		snprintf(last.file, sizeof last.file, "%s", file);
		last.pub.file = last.file;
	} else {
		last.pub.file = NULL;
	}
	return code;
}

int gi__error(int code, const char *file, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	gi__error_v(code, file, line, fmt, ap);
	va_end(ap);
	return code;
}

int gi__oom(void)
{
	return gi__error(GI_ENOMEM, NULL, 0, "out of memory");
}

const gi_error *gi_error_last(void)
{
	if (!last.pub.message) {
		last.message[0] = '\0';
		last.pub.message = last.message;
	}
	return &last.pub;
}

void gi_error_clear(void)
{
	last.pub.code = GI_OK;
	last.pub.file = NULL;
	last.pub.line = 0;
	last.message[0] = '\0';
	last.pub.message = last.message;
}

const char *gi_status_name(int code)
{
	switch (code) {
	case GI_OK: return "ok";
	case GI_ERROR: return "internal error";
	case GI_ENOMEM: return "out of memory";
	case GI_EIO: return "input/output error";
	case GI_EPARSE: return "parse error";
	case GI_EINVALID: return "invalid input";
	case GI_EUSAGE: return "invalid argument";
	case GI_EABORTED: return "aborted";
	default: return "unknown status";
	}
}

int gi_error_format(char *buf, size_t size, const gi_error *e)
{
	const char *msg = e && e->message ? e->message : "";
	if (e && e->file && e->line > 0)
		return snprintf(buf, size, "%s:%ld: %s", e->file, e->line, msg);
	if (e && e->file)
		return snprintf(buf, size, "%s: %s", e->file, msg);
	return snprintf(buf, size, "%s", msg);
}
