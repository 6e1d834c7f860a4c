/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress.c - progress of a long signing run on a terminal.
 *
 * When standard error is a terminal, gi verify --out shows on one line
 * how many records it has signed, the rate, how far through the report it
 * is (the sample's line against the report's lines) and the time that
 * leaves; redrawn at most four times a second and erased at the end. Not
 * a terminal (a pipe, a file, a CI log): nothing is written.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "i18n.h"
#include "progress.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Lines of the file at path (0 if it cannot be read): the progress
 * through a report is its sample's line against this. */
static long count_lines(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char buf[65536];
	size_t n;
	long lines = 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))) != NULL; p++)
			lines++;
	fclose(f);
	return lines;
}

void progress_start(progress *p, const char *report_path, int enabled)
{
	memset(p, 0, sizeof *p);
	p->on = enabled && isatty(STDERR_FILENO);
	if (!p->on)
		return;
	p->lines = count_lines(report_path);
	p->start = now();
}

void progress_tick(progress *p, long line)
{
	if (!p->on)
		return;
	p->count++;
	double t = now();
	if (p->count > 1 && t - p->last < 0.25)
		return;
	p->last = t;
	double elapsed = t - p->start, rate = elapsed > 0 ? p->count / elapsed : 0;
	char left[64] = "";
	if (p->lines > 0 && line > 0 && line <= p->lines && elapsed > 0) {
		double done = (double)line / (double)p->lines;
		snprintf(left, sizeof left, _(", %.0f %% of the report, about %.0f s left"), 100 * done,
		         done > 0 ? elapsed * (1 - done) / done : 0);
	}
	fputc('\r', stderr);
	fprintf(stderr, _("signing: %zu records, %.0f a second%s"), p->count, rate, left);
	fputs("\033[K", stderr);
	fflush(stderr);
	p->shown = 1;
}

void progress_end(progress *p)
{
	if (p->on && p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->on = 0;
}
