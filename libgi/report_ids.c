/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_ids.c - what a report reader remembers about sample ids, in
 * memory that stays small for a million samples: a 64-bit hash and a line
 * number per sample (never the id itself).
 *
 * The id set answers "has this sample id been seen, and on which line?"
 * while streaming (XML, CSV from a pipe). The row index lists where each
 * run of consecutive rows of one sample starts in a CSV file, so that the
 * rows of a sample can be gathered from anywhere in the file.
 *
 * Two different ids share a 64-bit hash with probability about n^2 / 2^65
 * (3e-8 for a million samples); the CSV reader compares the ids of rows it
 * gathers, so a collision there is reported rather than merging samples.
 */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "report_internal.h"

uint64_t gi__id_hash(const char *s, size_t n)
{
	/* FNV-1a, then the MurmurHash3 finaliser so that every input bit
	 * reaches the low bits a power-of-two table indexes with */
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h ? h : 1;  /* 0 marks an empty slot */
}

static uint32_t line32(long line)
{
	return line < 0 ? 0 : (unsigned long)line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

static int idset_grow(gi__idset *s)
{
	size_t cap = s->cap ? 2 * s->cap : 1024;
	uint64_t *keys = calloc(cap, sizeof *keys);
	uint32_t *lines = malloc(cap * sizeof *lines);
	if (!keys || !lines) {
		free(keys);
		free(lines);
		return gi__oom();
	}
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->keys[i])
			continue;
		size_t j = s->keys[i] & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = s->keys[i];
		lines[j] = s->lines[i];
	}
	free(s->keys);
	free(s->lines);
	s->keys = keys;
	s->lines = lines;
	s->cap = cap;
	return GI_OK;
}

int gi__idset_add(gi__idset *s, uint64_t h, long line, long *seen_line)
{
	if (4 * (s->n + 1) > 3 * s->cap) {
		int rc = idset_grow(s);
		if (rc < 0)
			return rc;
	}
	size_t j = h & (s->cap - 1);
	while (s->keys[j]) {
		if (s->keys[j] == h) {
			*seen_line = (long)s->lines[j];
			return 1;
		}
		j = (j + 1) & (s->cap - 1);
	}
	s->keys[j] = h;
	s->lines[j] = line32(line);
	s->n++;
	return 0;
}

void gi__idset_free(gi__idset *s)
{
	free(s->keys);
	free(s->lines);
	memset(s, 0, sizeof *s);
}

/* ---- row index ---- */

/*
 * In-place quicksort (median of three, insertion sort for short ranges,
 * recursion on the smaller side): qsort() may allocate a copy of the whole
 * array to merge-sort it, doubling the index's memory for a moment.
 */
#define DEFINE_SORT(name, type, less)                                                  \
	static void name(type *a, size_t n)                                            \
	{                                                                              \
		while (n > 16) {                                                       \
			size_t mid = n / 2, last = n - 1;                              \
			type t;                                                        \
			if (less(a[mid], a[0])) { t = a[mid]; a[mid] = a[0]; a[0] = t; }   \
			if (less(a[last], a[0])) { t = a[last]; a[last] = a[0]; a[0] = t; } \
			if (less(a[last], a[mid])) { t = a[last]; a[last] = a[mid]; a[mid] = t; } \
			type pivot = a[mid];                                           \
			size_t i = 0, j = last;                                        \
			for (;;) {                                                     \
				while (less(a[i], pivot))                              \
					i++;                                           \
				while (less(pivot, a[j]))                              \
					j--;                                           \
				if (i >= j)                                            \
					break;                                         \
				t = a[i]; a[i] = a[j]; a[j] = t;                       \
				i++;                                                   \
				j--;                                                   \
			}                                                              \
			size_t left = j + 1;                                           \
			if (left < n - left) {                                         \
				name(a, left);                                         \
				a += left;                                             \
				n -= left;                                             \
			} else {                                                       \
				name(a + left, n - left);                              \
				n = left;                                              \
			}                                                              \
		}                                                                      \
		for (size_t i = 1; i < n; i++) {                                       \
			type t = a[i];                                                 \
			size_t j = i;                                                  \
			for (; j > 0 && less(t, a[j - 1]); j--)                        \
				a[j] = a[j - 1];                                       \
			a[j] = t;                                                      \
		}                                                                      \
	}

#define U64_LESS(x, y) ((x) < (y))
#define RUN_LESS(x, y) ((x).key < (y).key || ((x).key == (y).key && (x).off < (y).off))
DEFINE_SORT(sort_u64, uint64_t, U64_LESS)
DEFINE_SORT(sort_runs, gi__row_run, RUN_LESS)

int gi__rows_add_hash(gi__rows *x, uint64_t h)
{
	if (x->n_hash == x->cap_hash) {
		size_t cap = x->cap_hash ? 2 * x->cap_hash : 4096;
		uint64_t *n = realloc(x->hash, cap * sizeof *n);
		if (!n)
			return gi__oom();
		x->hash = n;
		x->cap_hash = cap;
	}
	x->hash[x->n_hash++] = h;
	return GI_OK;
}

int gi__rows_grouped(gi__rows *x)
{
	sort_u64(x->hash, x->n_hash);
	int grouped = 1;
	for (size_t i = 1; i < x->n_hash && grouped; i++)
		grouped = x->hash[i] != x->hash[i - 1];
	/* the second reading notes as many runs: allocate them at once, so
	 * that the index never exists twice while an array doubles */
	x->expect = x->n_hash;
	free(x->hash);
	x->hash = NULL;
	x->n_hash = x->cap_hash = 0;
	return grouped;
}

int gi__rows_add(gi__rows *x, uint64_t h, uint64_t off, long line)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : x->expect ? x->expect : 4096;
		gi__row_run *n = realloc(x->runs, cap * sizeof *n);
		if (!n)
			return gi__oom();
		x->runs = n;
		x->cap = cap;
	}
	gi__row_run *r = &x->runs[x->n++];
	r->key = h;
	r->off = off;
	r->line = line32(line);
	r->spare = 0;
	return GI_OK;
}

void gi__rows_finish(gi__rows *x)
{
	sort_runs(x->runs, x->n);
	/* Key each run by where its sample's first run starts: sorted again,
	 * samples come in the order they first appear, their runs in file
	 * order. */
	for (size_t i = 0; i < x->n;) {
		size_t j = i;
		uint64_t h = x->runs[i].key, first = x->runs[i].off;
		while (j < x->n && x->runs[j].key == h)
			x->runs[j++].key = first;
		i = j;
	}
	sort_runs(x->runs, x->n);
	/* give back what doubling left unused */
	gi__row_run *n = x->n ? realloc(x->runs, x->n * sizeof *n) : NULL;
	if (n) {
		x->runs = n;
		x->cap = x->n;
	}
	x->pos = 0;
}

void gi__rows_free(gi__rows *x)
{
	free(x->runs);
	free(x->hash);
	memset(x, 0, sizeof *x);
}
