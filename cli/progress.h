/* SPDX-License-Identifier: GPL-3.0-or-later */
/* progress.h - a signing run's progress on a terminal (stderr only when it is one). */
#ifndef GI_CLI_PROGRESS_H
#define GI_CLI_PROGRESS_H

#include <stddef.h>

typedef struct progress {
	int on, shown;
	size_t count;
	long lines;          /* of the report, for the part done and the time left */
	double start, last;
} progress;

/* Shows progress from now on if enabled and stderr is a terminal. */
void progress_start(progress *p, const char *report_path, int enabled);
/* One more record, of the sample read up to line of the report. */
void progress_tick(progress *p, long line);
/* Erases the progress line. */
void progress_end(progress *p);

#endif
