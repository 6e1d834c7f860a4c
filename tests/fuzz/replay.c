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
#include <gi/gi.h>
#include "fuzz.h"

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
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	int files = 0, bad = 0;
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
	printf("replayed %d input%s\n", files, files == 1 ? "" : "s");
	return bad ? 1 : 0;
}
