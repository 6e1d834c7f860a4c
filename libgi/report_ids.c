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

int gi__rows_add(gi__rows *x, uint64_t h, uint64_t off, long line)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 4096;
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
	return GI_OK;
}

static int by_key_then_offset(const void *a, const void *b)
{
	const gi__row_run *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

int gi__rows_finish(gi__rows *x)
{
	qsort(x->runs, x->n, sizeof *x->runs, by_key_then_offset);
	int grouped = 1;
	for (size_t i = 1; i < x->n && grouped; i++)
		grouped = x->runs[i].key != x->runs[i - 1].key;
	if (grouped) {
		free(x->runs);
		x->runs = NULL;
		x->n = x->cap = 0;
		return 1;
	}
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
	qsort(x->runs, x->n, sizeof *x->runs, by_key_then_offset);
	/* give back what doubling left unused */
	gi__row_run *n = realloc(x->runs, x->n * sizeof *n);
	if (n) {
		x->runs = n;
		x->cap = x->n;
	}
	x->pos = 0;
	return 0;
}

void gi__rows_free(gi__rows *x)
{
	free(x->runs);
	memset(x, 0, sizeof *x);
}
