/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tar_read.c - a strict reader of pax tar files (tar_read.h). */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "cli.h"
#include "tar_read.h"


/* An octal header field (digits, then NULs or spaces): -1 if it is not one. */
static long long tar_octal(const unsigned char *f, size_t width)
{
	size_t i = 0;
	unsigned long long v = 0;
	while (i < width && f[i] == ' ')
		i++;
	size_t start = i;
	for (; i < width && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 60)
			return -1;
		v = v * 8 + (unsigned)(f[i] - '0');
	}
	if (i == start)
		return -1;
	for (; i < width; i++)
		if (f[i] != '\0' && f[i] != ' ')
			return -1;
	return (long long)v;
}

/* 0 if the header's checksum (its bytes summed, the field itself as spaces) holds */
static int tar_checksum_ok(const unsigned char *h)
{
	long long want = tar_octal(h + 148, 8);
	unsigned long long sum = 0;
	for (int i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return want >= 0 && (unsigned long long)want == sum;
}

/* 0 if name is a relative path without a ".." component (a leading "./" is dropped) */
static int tar_name_ok(char *name)
{
	while (name[0] == '.' && name[1] == '/')
		memmove(name, name + 2, strlen(name + 2) + 1);
	if (!*name || *name == '/')
		return -1;
	for (const char *p = name; *p; ) {
		size_t k = strcspn(p, "/");
		if (k == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		p += k + (p[k] == '/');
	}
	return 0;
}

/* The "path" record of a pax extended header (records "LEN key=value\n"),
 * as a new string in *path; -1 for a malformed header or one that sets
 * the size (this reader takes sizes from the ustar header only). */
static int tar_pax(const unsigned char *d, size_t len, char **path)
{
	size_t off = 0;
	while (off < len) {
		size_t n = 0, i = off;
		while (i < len && d[i] >= '0' && d[i] <= '9' && n < len)
			n = n * 10 + (size_t)(d[i++] - '0');
		if (i == off || i >= len || d[i] != ' ' || n > len - off || n < i - off + 3 || d[off + n - 1] != '\n')
			return -1;
		const unsigned char *kv = d + i + 1, *end = d + off + n - 1, *eq = memchr(kv, '=', (size_t)(end - kv));
		if (!eq)
			return -1;
		size_t klen = (size_t)(eq - kv), vlen = (size_t)(end - eq - 1);
		if (klen == 4 && memcmp(kv, "size", 4) == 0)
			return -1;
		if (klen == 4 && memcmp(kv, "path", 4) == 0) {
			if (memchr(eq + 1, '\0', vlen))
				return -1;
			free(*path);
			if (!(*path = strndup((const char *)eq + 1, vlen)))
				return -1;
		}
		off += n;
	}
	return 0;
}

/* The ustar name: prefix "/" name, each field up to its first NUL */
static char *tar_ustar_name(const unsigned char *h)
{
	size_t nl = strnlen((const char *)h, 100), pl = strnlen((const char *)h + 345, 155);
	char *s = malloc(pl + nl + 2);
	if (!s)
		return NULL;
	size_t k = 0;
	if (pl) {
		memcpy(s, h + 345, pl);
		s[pl] = '/';
		k = pl + 1;
	}
	memcpy(s + k, h, nl);
	s[k + nl] = '\0';
	return s;
}

static int tar_bad(const tar_archive *a, off_t off, const char *what)
{
	cli_error("record", "%s: not a valid tar file at offset %lld: %s", a->file, (long long)off, what);
	return -1;
}

/* Reads exactly len bytes at off: 0, or -1 (reported) when the file ends
 * before them (it changed since its headers were read) or cannot be read. */
static int tar_pread(const tar_archive *a, void *buf, size_t len, off_t off)
{
	for (size_t got = 0; got < len; ) {
		ssize_t k = pread(a->fd, (char *)buf + got, len - got, off + (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k < 0)
				cli_error("record", "%s: cannot read: %s", a->file, strerror(errno));
			else
				cli_error("record", "%s: the file ended at offset %lld while it was read: it changed meanwhile",
				          a->file, (long long)(off + (off_t)got));
			return -1;
		}
		got += (size_t)k;
	}
	return 0;
}

/* Adds a member (taking name) to the archive's list */
static int tar_add(tar_archive *a, char *name, off_t data, size_t len, off_t at)
{
	if (a->n == a->cap) {
		tar_member *t = realloc(a->m, (a->cap = a->cap ? 2 * a->cap : 64) * sizeof *t);
		if (!t) {
			free(name);
			return tar_bad(a, at, "out of memory");
		}
		a->m = t;
	}
	a->m[a->n++] = (tar_member){ .name = name, .data = data, .len = len };
	return 1;
}

/* One header and its data at *off: 1 a member (a->m[a->n - 1]) or a pax
 * header read into *pax, 0 the end of the archive, -1 malformed (reported). */
static int tar_step(tar_archive *a, off_t *off, char **pax)
{
	off_t at = *off;
	unsigned char h[512];
	if (a->size - at < 512)
		return tar_bad(a, at, a->size == at ? "the archive ends without its end-of-archive blocks" : "truncated header");
	if (tar_pread(a, h, sizeof h, at) < 0)
		return -1;
	size_t z = 0;
	while (z < 512 && !h[z])
		z++;
	if (z == 512)
		return 0;
	if (!tar_checksum_ok(h))
		return tar_bad(a, at, "header checksum does not match");
	if (memcmp(h + 257, "ustar", 6) != 0)
		return tar_bad(a, at, "not a POSIX ustar header");
	long long size = tar_octal(h + 124, 12);
	if (size < 0)
		return tar_bad(a, at, "bad size field");
	unsigned long long room = (unsigned long long)(a->size - at - 512);
	if ((unsigned long long)size > room || ((unsigned long long)size + 511) / 512 * 512 > room)
		return tar_bad(a, at, "truncated: the entry's data goes past the end of the file");
	*off = at + 512 + (off_t)(((unsigned long long)size + 511) / 512 * 512);
	if (h[156] == 'x') {
		if (size > TAR_PAX_MAX)
			return tar_bad(a, at, "pax extended header larger than 1 MiB");
		unsigned char *d = malloc((size_t)size + 1);
		if (!d)
			return tar_bad(a, at, "out of memory");
		int rc = tar_pread(a, d, (size_t)size, at + 512);
		if (rc == 0 && tar_pax(d, (size_t)size, pax) < 0)
			rc = tar_bad(a, at, "malformed pax extended header");
		free(d);
		return rc < 0 ? -1 : 1;
	}
	if (h[156] != '0' && h[156] != '\0')
		return tar_bad(a, at, "not a regular file (only files and pax headers are accepted)");
	char *name = *pax ? *pax : tar_ustar_name(h);
	*pax = NULL;
	if (!name)
		return tar_bad(a, at, "out of memory");
	if (tar_name_ok(name) < 0) {
		cli_error("record", "%s: member '%s' at offset %lld refused: an absolute name or one with a \"..\" component",
		          a->file, shown(name), (long long)at);
		free(name);
		return -1;
	}
	if ((unsigned long long)size > SIZE_MAX)
		return free(name), tar_bad(a, at, "member too large");
	return tar_add(a, name, at + 512, (size_t)size, at);
}

void tar_free(tar_archive *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->m[i].name);
	free(a->m);
	free(a->by_name);
	if (a->fd >= 0)
		close(a->fd);
}

static int member_cmp(const void *x, const void *y)
{
	return strcmp((*(tar_member *const *)x)->name, (*(tar_member *const *)y)->name);
}

/* The member named name[0..k), or NULL */
tar_member *tar_find(const tar_archive *a, const char *name, size_t k)
{
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *m = a->by_name[mid]->name;
		int c = strncmp(m, name, k);
		if (c == 0)
			c = m[k] ? 1 : 0;
		if (c == 0)
			return a->by_name[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Opens the archive and reads every header; -1 (reported) if it cannot be
 * read, is malformed or names a member twice. */
int tar_read(tar_archive *a)
{
	struct stat st;
	if ((a->fd = open(a->file, O_RDONLY | O_CLOEXEC)) < 0 || fstat(a->fd, &st) < 0) {
		cli_error("record", "%s: %s", a->file, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		cli_error("record", "%s: not a regular file", a->file);
		return -1;
	}
	a->size = st.st_size;
	off_t off = 0;
	char *pax = NULL;
	int rc;
	while ((rc = tar_step(a, &off, &pax)) > 0)
		;
	if (rc == 0 && pax)
		rc = tar_bad(a, off, "a pax extended header with no member after it");
	free(pax);
	if (rc < 0 || a->n == 0)
		return rc < 0 ? -1 : tar_bad(a, 0, "the archive holds no files");
	if (!(a->by_name = malloc(a->n * sizeof *a->by_name)))
		return tar_bad(a, 0, "out of memory");
	for (size_t i = 0; i < a->n; i++)
		a->by_name[i] = &a->m[i];
	qsort(a->by_name, a->n, sizeof *a->by_name, member_cmp);
	for (size_t i = 1; i < a->n; i++)
		if (strcmp(a->by_name[i - 1]->name, a->by_name[i]->name) == 0) {
			cli_error("record", "%s: member '%s' appears twice", a->file, shown(a->by_name[i]->name));
			return -1;
		}
	return 0;
}

/* Reads member m (whole into *buf when keep, else through it a chunk at a
 * time) and keeps its SHA-256; 0, or -1 reported. */
int tar_member_read(const tar_archive *a, tar_member *m, int keep, unsigned char **buf, size_t *cap)
{
	size_t want = keep ? m->len : (m->len < TAR_CHUNK ? m->len : TAR_CHUNK);
	if (*cap < want + 1 || !*buf) {
		unsigned char *nb = realloc(*buf, want + 1);
		if (!nb) {
			cli_error("record", "%s: out of memory", a->file);
			return -1;
		}
		*buf = nb;
		*cap = want + 1;
	}
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int rc = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 ? 0 : -1;
	for (size_t done = 0; rc == 0 && done < m->len; ) {
		size_t k = keep ? m->len : (m->len - done < TAR_CHUNK ? m->len - done : TAR_CHUNK);
		rc = tar_pread(a, *buf + (keep ? done : 0), k, m->data + (off_t)done);
		if (rc == 0 && EVP_DigestUpdate(md, *buf + (keep ? done : 0), k) != 1)
			rc = -1;
		done += k;
	}
	unsigned mdlen = 0;
	if (rc == 0 && (EVP_DigestFinal_ex(md, m->md, &mdlen) != 1 || mdlen != 32))
		rc = -1;
	EVP_MD_CTX_free(md);
	if (rc < 0) {
		if (!md || mdlen != 32)
			cli_error("record", "%s: cannot compute SHA-256", a->file);
		return -1;
	}
	m->hashed = 1;
	return 0;
}

