/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replay.c - runs a fuzz target over files: those named on the command
 * line, or else every file of the target's seed corpus (CORPUS). This is
 * how make check makes sure an input that once crashed a parser never
 * crashes it again.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gi/gi.h>
#include "fuzz.h"

/* The library must never write to its caller's stderr: each input runs
 * with stderr sent to a scratch file that must stay empty. */
static int quiet_fd = -1;

static int run_one(const unsigned char *buf, size_t len, const char *path)
{
	fflush(stderr);
	int saved = dup(2);
	ftruncate(quiet_fd, 0);
	lseek(quiet_fd, 0, SEEK_SET);
	dup2(quiet_fd, 2);
	LLVMFuzzerTestOneInput(buf, len);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	off_t written = lseek(quiet_fd, 0, SEEK_END);
	if (written > 0) {
		char msg[256] = "";
		pread(quiet_fd, msg, sizeof msg - 1, 0);
		fprintf(stderr, "replay: %s: the library wrote to stderr: %s\n", path, msg);
		return -1;
	}
	return 0;
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 1 << 16, len = 0, n;
	unsigned char *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			unsigned char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
			}
			buf = nb;
		}
	}
	fclose(f);
	if (!buf)
		return -1;
	int rc = run_one(buf, len, path);
	free(buf);
	return rc;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	int files = 0, bad = 0;
	FILE *scratch = tmpfile();
	if (!scratch) {
		perror("replay: tmpfile");
		return 99;
	}
	quiet_fd = fileno(scratch);
	if (argc > 1) {
		for (int i = 1; i < argc; i++, files++)
			bad |= run_file(argv[i]) < 0;
	} else {
		struct dirent **list;
		int n = scandir(CORPUS, &list, NULL, by_name);
		if (n < 0) {
			perror(CORPUS);
			return 99;
		}
		for (int i = 0; i < n; i++) {
			if (list[i]->d_name[0] != '.') {
				char path[4096];
				snprintf(path, sizeof path, "%s/%s", CORPUS, list[i]->d_name);
				bad |= run_file(path) < 0;
				files++;
			}
			free(list[i]);
		}
		free(list);
	}
	if (files == 0) {
		fprintf(stderr, "replay: no input files\n");
		return 99;
	}
	fclose(scratch);
	printf("replayed %d input%s\n", files, files == 1 ? "" : "s");
	return bad ? 1 : 0;
}
