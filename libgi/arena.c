/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * arena.c - a bump allocator. Objects built while reading a document (a
 * spec, one sample of a report) own many small strings with one lifetime;
 * an arena frees them in one go and, for samples, reuses the memory.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct gi__arena_block {
	gi__arena_block *next;
	size_t size, used;
	max_align_t data[];
};

#define BLOCK_MIN 8192

void *gi__arena_alloc(gi__arena *a, size_t n)
{
	size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	gi__arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK_MIN ? n : BLOCK_MIN;
		gi__arena_block *nb = malloc(sizeof *nb + size);
		if (!nb)
			return NULL;
		nb->size = size;
		nb->used = 0;
		/* Keep the first block at the tail so reset can keep it. */
		if (b && b->size - b->used >= BLOCK_MIN / 4) {
			nb->next = b->next;
			b->next = nb;
			nb->used = n;
			return nb->data;
		}
		nb->next = b;
		a->head = b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

char *gi__arena_strndup(gi__arena *a, const char *s, size_t n)
{
	char *p = gi__arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *gi__arena_strdup(gi__arena *a, const char *s)
{
	return s ? gi__arena_strndup(a, s, strlen(s)) : NULL;
}

char *gi__arena_printf(gi__arena *a, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = gi__arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	if ((size_t)n < sizeof small) {
		memcpy(p, small, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return p;
}

void gi__arena_reset(gi__arena *a)
{
	gi__arena_block *b = a->head, *keep = NULL;
	while (b) {
		gi__arena_block *next = b->next;
		if (!keep || b->size > keep->size) {
			free(keep);
			keep = b;
		} else {
			free(b);
		}
		b = next;
	}
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->head = keep;
}

void gi__arena_free(gi__arena *a)
{
	gi__arena_block *b = a->head;
	while (b) {
		gi__arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}
