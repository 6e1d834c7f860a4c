/* output.c - text output helpers for the gi command. */
#include "config.h"
#include <stdarg.h>
#include <string.h>
#include "cli.h"

int report_error(const char *context)
{
	const gi_error *e = gi_error_last();
	if (e->file && e->line > 0)
		fprintf(stderr, "gi: %s:%ld: %s\n", e->file, e->line, e->message);
	else if (e->file)
		fprintf(stderr, "gi: %s: %s\n", e->file, e->message);
	else if (context)
		fprintf(stderr, "gi: %s: %s\n", context, e->message);
	else
		fprintf(stderr, "gi: %s\n", e->message);
	return EXIT_BAD_INPUT;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "gi %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'gi %s --help'.\n", cmd);
	return EXIT_BAD_INPUT;
}

static size_t width_of(const char *s)
{
	size_t w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		if (*p == 0xCC || (*p == 0xCD && p[1] < 0xB0))
			continue;  /* combining marks */
		w++;
	}
	return w;
}

void put_cell(FILE *f, const char *s, size_t width)
{
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

const char *num(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.6g", v);
	return buf;
}
