/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * output.c - text output helpers for the gi command.
 *
 * Everything gi prints for a person passes through escape() below: sample
 * ids, file names, laboratory names, library and libxml2 messages come
 * from files anyone can write, and a newline or a terminal escape in them
 * must not be able to forge a line ("S1: VERIFIED") or reprogram the
 * terminal. JSON output needs none of this: jansson escapes it.
 */
#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uniwidth.h>
#include "cli.h"

/* The code point of the well-formed UTF-8 sequence at p (*len its length),
 * or -1 when p does not start one (stray continuation byte, truncated,
 * overlong or surrogate sequence, beyond U+10FFFF). */
static long utf8_at(const unsigned char *p, size_t *len)
{
	static const long min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : 0;
	if (n == 0 || (n == 3 && p[0] >= 0xF0))
		return -1;
	long cp = p[0] & (0xFF >> (n + 1));
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = n;
	return cp;
}

/* Invisible characters that change how a line is laid out: the C1
 * controls, the bidirectional embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069; Unicode UAX #9, the "Trojan Source"
 * reordering), the directional marks and the line and paragraph
 * separators. */
static int is_layout_char(long cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * The one escaping rule of gi's human output. Writes the shown form of s
 * to dst (when not NULL) and returns its length: C0 controls as \n, \r,
 * \t or \xHH, DEL as \x7f, the characters of is_layout_char() as \uHHHH,
 * bytes that are not UTF-8 as \xHH; everything else unchanged (a
 * backslash included: --json gives the exact text). With one_line,
 * line breaks and tabs become one space and trailing ones are dropped,
 * for messages that must stay on their line.
 */
static size_t escape(char *dst, const char *s, int one_line)
{
	size_t n = 0, kept = 0;  /* kept: length up to the last character that is not a break */
	char tmp[8];
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t len = 1, k;
		long cp = *p < 0x80 ? *p : utf8_at(p, &len);
		const char *rep = tmp;
		int is_break = one_line && (cp == '\n' || cp == '\r' || cp == '\t');
		if (is_break) {
			while (p[len] == '\n' || p[len] == '\r' || p[len] == '\t')
				len++;
			rep = " ";
			k = 1;
		} else if (cp == '\n' || cp == '\r' || cp == '\t') {
			k = (size_t)snprintf(tmp, sizeof tmp, "\\%c", cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't');
		} else if (cp < 0x20 || cp == 0x7F) {  /* cp < 0: not UTF-8 */
			k = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", *p);
			len = 1;
		} else if (is_layout_char(cp)) {
			k = (size_t)snprintf(tmp, sizeof tmp, "\\u%04lx", (unsigned long)cp);
		} else {
			rep = (const char *)p;
			k = len;
		}
		if (dst)
			memcpy(dst + n, rep, k);
		n += k;
		if (!is_break)
			kept = n;
		p += len;
	}
	if (one_line)
		n = kept;
	if (dst)
		dst[n] = '\0';
	return n;
}

/* Shown strings live in a ring, so a printf can take several of them. */
#define RING 16
static char *ring[RING];
static unsigned ring_next;

static const char *shown_as(const char *s, int one_line)
{
	if (!s)
		return "";
	size_t n = escape(NULL, s, one_line);
	char **slot = &ring[ring_next++ % RING];
	char *b = realloc(*slot, n + 1);
	if (!b) {
		fputs("gi: out of memory\n", stderr);
		exit(EXIT_BAD_INPUT);
	}
	*slot = b;
	escape(b, s, one_line);
	return b;
}

const char *shown(const char *s)
{
	return shown_as(s, 0);
}

const char *shown_line(const char *s)
{
	return shown_as(s, 1);
}

void put_text(FILE *f, const char *s)
{
	fputs(shown(s), f);
}

static void verror(const char *cmd, const char *fmt, va_list ap)
{
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	fprintf(stderr, "gi%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "", msg ? shown_line(msg) : fmt);
	free(msg);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(cmd, fmt, ap);
	va_end(ap);
}

/* The report read from standard input is opened as /dev/stdin; messages
 * and JSON name it as the user gave it ("-"), headings "standard input". */
static const char *alias_from, *alias_to;

void cli_alias_file(const char *opened_as, const char *shown_as_name)
{
	alias_from = opened_as;
	alias_to = shown_as_name;
}

const char *file_label(const char *file)
{
	return file && alias_from && strcmp(file, alias_from) == 0 ? alias_to : file;
}

const char *report_title(const char *file)
{
	return file && alias_from && strcmp(file, alias_from) == 0 ? "standard input" : file;
}

int report_error(const char *context)
{
	gi_error e = *gi_error_last();
	char line[4096];
	e.file = file_label(e.file ? e.file : context);
	gi_error_format(line, sizeof line, &e);
	cli_error(NULL, "%s", line);
	return EXIT_BAD_INPUT;
}

int load_spec(gi_spec **out, const char *name)
{
	char *path = NULL;
	*out = NULL;
	if (gi_spec_find(&path, name) < 0)
		return report_error(NULL);
	int rc = gi_spec_load_file(out, path, NULL);
	if (rc < 0)
		report_error(path);
	gi_free(path);
	return rc < 0 ? EXIT_BAD_INPUT : 0;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(cmd, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'gi %s --help'.\n", cmd);
	return EXIT_BAD_INPUT;
}

int option_error(const char *cmd, int c, char *const *argv)
{
	/* getopt's own messages are off (opterr = 0 in main): one line, ours */
	char name[64];
	const char *arg = optind > 0 ? argv[optind - 1] : NULL;
	if (arg && strncmp(arg, "--", 2) == 0) {
		size_t n = strcspn(arg, "=");
		snprintf(name, sizeof name, "%.*s", (int)(n < 48 ? n : 48), arg);
	} else if (optopt > 0 && optopt < 128) {
		snprintf(name, sizeof name, "-%c", optopt);
	} else {
		snprintf(name, sizeof name, "%.48s", arg ? arg : "?");
	}
	if (c == ':')
		return usage_error(cmd, "option '%s' needs a value", shown_line(name));
	return usage_error(cmd, "unknown option '%s'", shown_line(name));
}

/* Columns a terminal gives s: libunistring's wcwidth for UTF-8, so
 * combining marks (Vietnamese written decomposed) take none and East
 * Asian wide characters two. shown() has escaped anything not UTF-8. */
static size_t width_of(const char *s)
{
	int w = u8_strwidth((const uint8_t *)s, "UTF-8");
	return w > 0 ? (size_t)w : 0;
}

void put_cell(FILE *f, const char *s, size_t width)
{
	s = shown(s);
	size_t w = width_of(s);
	fputs(s, f);
	do
		fputc(' ', f);
	while (++w < width + 1);
}

int copy_out(FILE *tmp)
{
	char buf[65536];
	size_t n;
	if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, tmp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return -1;
	return ferror(tmp) || fflush(stdout) != 0 ? -1 : 0;
}

static int output_lost;

void output_error(int err)
{
	if (!output_lost)
		cli_error(NULL, "cannot write output: %s", strerror(err));
	output_lost = 1;
}

int finish_output(int status)
{
	for (size_t i = 0; i < RING; i++) {
		free(ring[i]);
		ring[i] = NULL;
	}
	/* A full disk or a closed pipe shows only here, when the last buffer
	 * is written: a run whose output was lost must not report success. */
	int err = 0, pending = __fpending(stdout) != 0;
	if (fflush(stdout) != 0)
		err = errno;
	else if (ferror(stdout))
		err = EIO;
	/* EBADF with nothing to write: stdout was closed and never used */
	if (fclose(stdout) != 0 && !err && (pending || errno != EBADF))
		err = errno;
	if (err)
		output_error(err);
	return output_lost ? EXIT_BAD_INPUT : status;
}

const char *num(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.6g", v);
	return buf;
}

/* YYYY-MM-DD as the time_t of noon UTC that day (the "now" a command is
 * asked to judge at), or -1 */
long long cli_parse_day(const char *s)
{
	int y, m, d;
	char end;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	return (long long)timegm(&tm);
}

int parse_jobs(unsigned *jobs, const char *text, unsigned max)
{
	unsigned n = 0;
	const char *c = text;
	for (; *c >= '0' && *c <= '9' && n <= max; c++)
		n = 10 * n + (unsigned)(*c - '0');
	if (c == text || *c || n > max)
		return -1;
	*jobs = n ? n : 1;
	return 0;
}
