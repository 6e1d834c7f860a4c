/* SPDX-License-Identifier: GPL-3.0-or-later */
/* log.c - the log as a static C2SP tlog-tiles directory: checkpoint,
 * tile/<L>/<N>[.p/<W>] hash tiles and tile/entries/<N>[.p/<W>] entry
 * bundles; batched, crash-safe appends; proofs read from the tiles; the
 * monitor's full recomputation. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "log_internal.h"
#include "gi/log.h"

#define TILE 256                 /* hashes in a full tile (tlog-tiles) */
#define TILE_BYTES (TILE * GI__HASH)
#define LEVELS 8                 /* tile levels: 256^8 = 2^64 entries */
/* the largest entry bundle of width w: each entry a 2-byte length and at
 * most GI_LOG_ENTRY_MAX bytes */
#define BUNDLE_MAX(w) ((size_t)(w) * (2 + GI_LOG_ENTRY_MAX))
/* the largest checkpoint read from a web server: a checkpoint body and a
 * few signature lines are a few hundred bytes */
#define CHECKPOINT_MAX 65536

typedef struct tile_cache {
	int valid;
	uint64_t index;
	unsigned width;
	unsigned char data[TILE_BYTES];
} tile_cache;

/* the right edge of the tree: at each tile level, the hashes of its
 * partial tile, and the entries of the partial entry bundle */
typedef struct frontier {
	unsigned w[LEVELS];
	unsigned char h[LEVELS][TILE_BYTES];
	unsigned char *bundle;
	size_t bundle_len, bundle_cap;
} frontier;

typedef struct dirlist {
	char **v;
	size_t n, cap;
} dirlist;

struct gi_log {
	char *dir;
	int dirfd;
	gi__http *http;     /* a log read from a web server, not a directory */
	int writer;
	gi__note_key key;
	gi__hasher h;
	char *checkpoint;
	uint64_t size;
	unsigned char root[GI__HASH];
	frontier front;
	/* the pending batch: entries in bundle form and their leaf hashes */
	unsigned char *pend;
	size_t pend_len, pend_cap;
	unsigned char *pend_hash;
	uint64_t npend;
	size_t pend_hash_cap;
	tile_cache cache[LEVELS];
};

/* ---------------------------------------------------------------- paths */

void gi__log_tile_path(char *buf, size_t n, int level, uint64_t index, unsigned width)
{
	unsigned g[8];
	int ng = 0;
	do {
		g[ng++] = (unsigned)(index % 1000);
		index /= 1000;
	} while (index);
	size_t o = level < 0 ? (size_t)snprintf(buf, n, "tile/entries/") : (size_t)snprintf(buf, n, "tile/%d/", level);
	for (int i = ng - 1; i > 0; i--)
		o += (size_t)snprintf(buf + o, n - o, "x%03u/", g[i]);
	o += (size_t)snprintf(buf + o, n - o, "%03u", g[0]);
	if (width < TILE)
		snprintf(buf + o, n - o, ".p/%u", width);
}

static int grow(unsigned char **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 4096;
	while (c < need)
		c *= 2;
	unsigned char *q = realloc(*p, c);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* reads rel under the log directory (or URL); exactly want bytes unless
 * want is 0 (then up to max from a web server); -1 with errno, -2 when the
 * size is wrong, -3 with the error recorded */
static long read_rel_once(gi_log *log, const char *rel, unsigned char **buf, size_t *cap, size_t want, size_t max)
{
	if (log->http) {
		size_t len;
		if (gi__http_get(log->http, rel, buf, cap, want ? want : max, &len) != 0)
			return -3;
		if (want && len != want)
			return -2;
		return (long)len;
	}
	int fd = openat(log->dirfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || (want && (size_t)st.st_size != want) || st.st_size > 64L << 20) {
		close(fd);
		return -2;
	}
	size_t n = (size_t)st.st_size;
	if (grow(buf, cap, n + 1) != 0) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, *buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = r < 0 ? errno : EIO;
			close(fd);
			errno = e;
			return -1;
		}
		got += (size_t)r;
	}
	close(fd);
	return (long)n;
}

/* read_rel_once's failure r was "no such object" */
static int not_found(const gi_log *log, long r)
{
	return log->http ? r == -3 && gi__http_status(log->http) == 404 : r == -1 && errno == ENOENT;
}

/* As read_rel_once; and a partial tile or bundle (rel ending .p/W) that is
 * not found is read from the full one in its place, whose first W hashes
 * or entries are the partial one's (C2SP tlog-tiles: a log may delete a
 * partial tile once the full tile exists, so a monitor that read an older
 * checkpoint can find it gone). */
static long read_rel(gi_log *log, const char *rel, unsigned char **buf, size_t *cap, size_t want, size_t max)
{
	long r = read_rel_once(log, rel, buf, cap, want, max);
	const char *p = strstr(rel, ".p/");
	if (r >= 0 || !p || !not_found(log, r))
		return r;
	unsigned w = (unsigned)strtoul(p + 3, NULL, 10);
	int bundle = strncmp(rel, "tile/entries/", 13) == 0;
	char full[256];
	if (w == 0 || w >= TILE || (size_t)(p - rel) >= sizeof full)
		return r;
	memcpy(full, rel, (size_t)(p - rel));
	full[p - rel] = '\0';
	long f = bundle ? read_rel_once(log, full, buf, cap, 0, BUNDLE_MAX(TILE))
	                : read_rel_once(log, full, buf, cap, (size_t)TILE * GI__HASH, 0);
	if (f < 0) {
		if (!not_found(log, f))
			return f;
		errno = ENOENT;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", log->dir, rel);
		gi__error(GI_EIO, path, 0, "not found, nor the full %s %s/%s that may replace it", bundle ? "bundle" : "tile",
		          log->dir, full);
		return -3;
	}
	size_t len = (size_t)w * GI__HASH;
	if (bundle) {
		size_t o = 0;
		for (unsigned k = 0; k < w; k++) {
			if (o + 2 > (size_t)f || o + 2 + ((size_t)(*buf)[o] << 8 | (*buf)[o + 1]) > (size_t)f) {
				char path[4096];
				snprintf(path, sizeof path, "%s/%s", log->dir, full);
				gi__error(GI_EINVALID, path, 0, "holds fewer than the %u entries of the partial bundle %s", w, rel);
				return -3;
			}
			o += 2 + ((size_t)(*buf)[o] << 8 | (*buf)[o + 1]);
		}
		len = o;
	}
	if (want && len != want)
		return -2;
	(*buf)[len] = '\0';
	return (long)len;
}

static int read_error(gi_log *log, const char *rel, long r, size_t want)
{
	if (r == -3)
		return gi_error_last()->code;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", log->dir, rel);
	if (r == -2)
		return gi__error(GI_EINVALID, path, 0, "not %zu bytes long as the checkpoint requires", want);
	return gi__error(errno == ENOMEM ? GI_ENOMEM : GI_EIO, path, 0, "cannot read: %s", strerror(errno));
}

/* a tile of the current tree (cached per level) */
static int load_tile(gi_log *log, unsigned level, uint64_t index, unsigned width, const unsigned char **out)
{
	tile_cache *c = &log->cache[level];
	if (!(c->valid && c->index == index && c->width == width)) {
		char rel[256];
		gi__log_tile_path(rel, sizeof rel, (int)level, index, width);
		unsigned char *buf = NULL;
		size_t cap = 0;
		long r = read_rel(log, rel, &buf, &cap, (size_t)width * GI__HASH, 0);
		if (r < 0) {
			free(buf);
			c->valid = 0;
			return read_error(log, rel, r, (size_t)width * GI__HASH);
		}
		memcpy(c->data, buf, (size_t)width * GI__HASH);
		free(buf);
		c->valid = 1;
		c->index = index;
		c->width = width;
	}
	*out = c->data;
	return 0;
}

/* the width of tile index at tile level for a tree of size entries */
static unsigned tile_width(uint64_t size, unsigned level, uint64_t index)
{
	uint64_t count = level * 8 >= 64 ? 0 : size >> (8 * level);
	return (index + 1) * TILE <= count ? TILE : (unsigned)(count % TILE);
}

/* gi__hash_get over the tiles of the current checkpoint */
static int get_hash(void *ctx, unsigned level, uint64_t index, unsigned char out[GI__HASH])
{
	gi_log *log = ctx;
	unsigned tl = level / 8, r = level % 8;
	uint64_t first = index << r;
	uint64_t t = first / TILE;
	unsigned off = (unsigned)(first % TILE), span = 1u << r;
	unsigned width = tile_width(log->size, tl, t);
	const unsigned char *data;
	if (off + span > width)
		return gi__error(GI_ERROR, NULL, 0, "hash %u/%llu is beyond the tree", level, (unsigned long long)index);
	int rc = load_tile(log, tl, t, width, &data);
	if (rc)
		return rc;
	unsigned char tmp[TILE_BYTES];
	memcpy(tmp, data + (size_t)off * GI__HASH, (size_t)span * GI__HASH);
	gi__log_perfect(&log->h, out, tmp, span);
	return 0;
}

/* ---------------------------------------------------------------- frontier */

static void frontier_root(gi__hasher *h, unsigned char out[GI__HASH], const frontier *f, uint64_t size)
{
	if (size == 0) {
		EVP_DigestInit_ex(h->ctx, h->md, NULL);
		EVP_DigestFinal_ex(h->ctx, out, NULL); /* MTH({}) = SHA-256() */
		return;
	}
	/* the complete subtrees of the tree, left to right, then folded from the right */
	unsigned char parts[LEVELS * 8][GI__HASH];
	int np = 0;
	for (int l = LEVELS - 1; l >= 0; l--) {
		unsigned o = 0;
		for (int b = 7; b >= 0; b--)
			if (f->w[l] & (1u << b)) {
				unsigned char tmp[TILE_BYTES];
				memcpy(tmp, f->h[l] + (size_t)o * GI__HASH, (size_t)GI__HASH << b);
				gi__log_perfect(h, parts[np++], tmp, 1u << b);
				o += 1u << b;
			}
	}
	unsigned char acc[GI__HASH];
	memcpy(acc, parts[np - 1], GI__HASH);
	for (int i = np - 2; i >= 0; i--)
		gi__log_node(h, acc, parts[i], acc);
	memcpy(out, acc, GI__HASH);
}

/* What happens to each tile as the frontier moves: written (append) or
 * compared with the file (monitor). */
typedef struct sink {
	gi_log *log;
	int check;
	dirlist dirs;
	uint64_t old_size;  /* tiles of levels this size already fills are not rewritten */
	int flush_each;     /* fsync every file (the checkpoint) rather than the batch at once */
} sink;

static void dirlist_free(dirlist *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
	memset(d, 0, sizeof *d);
}

static int dirlist_add(dirlist *d, const char *rel, size_t len)
{
	for (size_t i = 0; i < d->n; i++)
		if (strlen(d->v[i]) == len && memcmp(d->v[i], rel, len) == 0)
			return 0;
	if (d->n == d->cap) {
		size_t c = d->cap ? 2 * d->cap : 16;
		char **v = realloc(d->v, c * sizeof *v);
		if (!v)
			return gi__oom();
		d->v = v;
		d->cap = c;
	}
	char *s = malloc(len + 1);
	if (!s)
		return gi__oom();
	memcpy(s, rel, len);
	s[len] = '\0';
	d->v[d->n++] = s;
	return 0;
}

static int write_error(gi_log *log, const char *rel)
{
	int e = errno;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", log->dir, rel);
	return gi__error(GI_EIO, path, 0, "cannot write: %s", strerror(e));
}

/* makes the directories above rel, noting each parent to flush */
static int make_parents(sink *s, const char *rel)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", rel);
	for (char *p = strchr(buf, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdirat(s->log->dirfd, buf, 0755) == 0) {
			char *up = strrchr(buf, '/');
			int rc = dirlist_add(&s->dirs, buf, up ? (size_t)(up - buf) : 0);
			if (rc)
				return rc;
		} else if (errno != EEXIST) {
			return write_error(s->log, buf);
		}
		*p = '/';
	}
	return 0;
}

/* rel appears whole or not at all, its bytes on disk before its name */
static int write_rel(sink *s, const char *rel, const void *data, size_t n)
{
	gi_log *log = s->log;
	char tmp[600];
	snprintf(tmp, sizeof tmp, "%s.tmp", rel);
	int rc = make_parents(s, rel);
	if (rc)
		return rc;
	int fd = openat(log->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return write_error(log, tmp);
	const unsigned char *p = data;
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(fd, p + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			rc = write_error(log, tmp);
			close(fd);
			unlinkat(log->dirfd, tmp, 0);
			return rc;
		}
		done += (size_t)w;
	}
	if ((s->flush_each && fsync(fd) != 0) || close(fd) != 0) {
		rc = write_error(log, tmp);
		unlinkat(log->dirfd, tmp, 0);
		return rc;
	}
	if (renameat(log->dirfd, tmp, log->dirfd, rel) != 0)
		return write_error(log, rel);
	const char *slash = strrchr(rel, '/');
	return dirlist_add(&s->dirs, rel, slash ? (size_t)(slash - rel) : 0);
}

/* Makes everything written so far durable: with flush_each, each file
 * was flushed and the directories that name them are; otherwise one
 * syncfs() flushes the batch's files and directories together (hundreds
 * of tiles cost one flush, not hundreds). */
static int sync_dirs(sink *s)
{
	if (!s->flush_each) {
		if (syncfs(s->log->dirfd) != 0)
			return write_error(s->log, ".");
		return 0;
	}
	for (size_t i = 0; i < s->dirs.n; i++) {
		const char *d = s->dirs.v[i][0] ? s->dirs.v[i] : ".";
		int fd = openat(s->log->dirfd, d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) != 0) {
			int rc = write_error(s->log, d);
			if (fd >= 0)
				close(fd);
			return rc;
		}
		close(fd);
	}
	return 0;
}

/* a tile or bundle reached: written, or compared with the file */
static int emit(sink *s, int level, uint64_t index, unsigned width, const unsigned char *data, size_t n)
{
	char rel[256];
	gi__log_tile_path(rel, sizeof rel, level, index, width);
	if (!s->check)
		return write_rel(s, rel, data, n);
	/* a bundle is recomputed from the very bytes gi__log_each_entry just
	 * fetched: over the network, not fetched twice */
	if (level < 0 && s->log->http)
		return 0;
	unsigned char *buf = NULL;
	size_t cap = 0;
	long r = read_rel(s->log, rel, &buf, &cap, level < 0 ? 0 : n, level < 0 ? BUNDLE_MAX(width) : n);
	int rc = 0;
	if (r < 0)
		rc = read_error(s->log, rel, r, n);
	else if ((size_t)r != n || memcmp(buf, data, n) != 0) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", s->log->dir, rel);
		rc = gi__error(GI_EINVALID, path, 0, "differs from the hashes recomputed from the entries");
	}
	free(buf);
	return rc;
}

/* adds one entry (bundle form: 2-byte length and bytes) with its leaf
 * hash to f, which ends at size entries; full tiles go to the sink */
static int frontier_push(gi__hasher *h, frontier *f, uint64_t size, const unsigned char *ent, size_t elen,
		const unsigned char leaf[GI__HASH], sink *s)
{
	if (grow(&f->bundle, &f->bundle_cap, f->bundle_len + elen) != 0)
		return gi__oom();
	memcpy(f->bundle + f->bundle_len, ent, elen);
	f->bundle_len += elen;
	uint64_t n = size + 1;
	memcpy(f->h[0] + (size_t)f->w[0]++ * GI__HASH, leaf, GI__HASH);
	if (f->w[0] == TILE) {
		int rc = emit(s, -1, (n >> 8) - 1, TILE, f->bundle, f->bundle_len);
		if (rc)
			return rc;
		f->bundle_len = 0;
	}
	for (unsigned l = 0; l < LEVELS && f->w[l] == TILE; l++) {
		int rc = emit(s, (int)l, (n >> (8 * (l + 1))) - 1, TILE, f->h[l], TILE_BYTES);
		if (rc)
			return rc;
		if (l + 1 < LEVELS)
			gi__log_perfect(h, f->h[l + 1] + (size_t)f->w[l + 1]++ * GI__HASH, f->h[l], TILE);
		f->w[l] = 0;
	}
	return 0;
}

/* the partial tiles and bundle of a tree of size entries */
static int frontier_emit_partial(frontier *f, uint64_t size, sink *s)
{
	for (unsigned l = 0; l < LEVELS; l++)
		if (f->w[l] && (s->check || size >> (8 * l) != s->old_size >> (8 * l))) {
			int rc = emit(s, (int)l, (size >> (8 * l)) / TILE, f->w[l], f->h[l], (size_t)f->w[l] * GI__HASH);
			if (rc)
				return rc;
		}
	if (f->w[0] && (s->check || size != s->old_size))
		return emit(s, -1, size / TILE, f->w[0], f->bundle, f->bundle_len);
	return 0;
}

/* ---------------------------------------------------------------- open */

static int read_checkpoint(gi_log *log)
{
	unsigned char *buf = NULL;
	size_t cap = 0;
	long r = read_rel(log, "checkpoint", &buf, &cap, 0, CHECKPOINT_MAX);
	if (r < 0) {
		free(buf);
		return read_error(log, "checkpoint", r, 0);
	}
	buf[r] = '\0';
	if (memchr(buf, '\0', (size_t)r)) {
		free(buf);
		return gi__error(GI_EPARSE, log->dir, 0, "checkpoint: contains a NUL byte");
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/checkpoint", log->dir);
	int rc = gi__checkpoint_check(&log->key, (const char *)buf, (size_t)r, path, &log->size, log->root);
	if (rc) {
		free(buf);
		return rc;
	}
	free(log->checkpoint);
	log->checkpoint = (char *)buf;
	return 0;
}

/* loads the partial tiles (and, for a writer, the partial bundle) at the
 * tree's right edge and checks that they give the checkpoint's root */
static int load_frontier(gi_log *log)
{
	frontier *f = &log->front;
	for (unsigned l = 0; l < LEVELS; l++) {
		uint64_t count = log->size >> (8 * l);
		f->w[l] = (unsigned)(count % TILE);
		if (f->w[l]) {
			const unsigned char *d;
			int rc = load_tile(log, l, count / TILE, f->w[l], &d);
			if (rc)
				return rc;
			memcpy(f->h[l], d, (size_t)f->w[l] * GI__HASH);
		}
	}
	unsigned char root[GI__HASH];
	frontier_root(&log->h, root, f, log->size);
	if (memcmp(root, log->root, GI__HASH) != 0)
		return gi__error(GI_EINVALID, log->dir, 0, "the tiles at the tree's right edge do not give the checkpoint's root hash");
	f->bundle_len = 0;
	if (log->writer && f->w[0]) {
		char rel[256];
		gi__log_tile_path(rel, sizeof rel, -1, log->size / TILE, f->w[0]);
		long r = read_rel(log, rel, &f->bundle, &f->bundle_cap, 0, BUNDLE_MAX(f->w[0]));
		if (r < 0)
			return read_error(log, rel, r, 0);
		/* the bundle must hold exactly the partial tile's entries */
		size_t o = 0;
		unsigned k = 0;
		for (; o + 2 <= (size_t)r && k < f->w[0]; k++) {
			size_t el = (size_t)f->bundle[o] << 8 | f->bundle[o + 1];
			if (o + 2 + el > (size_t)r)
				break;
			unsigned char leaf[GI__HASH];
			gi__log_leaf(&log->h, leaf, f->bundle + o + 2, el);
			if (memcmp(leaf, f->h[0] + (size_t)k * GI__HASH, GI__HASH) != 0)
				break;
			o += 2 + el;
		}
		if (k != f->w[0] || o != (size_t)r) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", log->dir, rel);
			return gi__error(GI_EINVALID, path, 0, "the entry bundle does not match its level-0 tile");
		}
		f->bundle_len = o;
	}
	return 0;
}

static int dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT;
	struct dirent *e;
	int empty = 1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

static int write_checkpoint(gi_log *log, sink *s, uint64_t size, const unsigned char root[GI__HASH], char **note_out)
{
	char *body = gi__checkpoint_body(log->key.name, size, root);
	char *note = body ? gi__note_sign(&log->key, body) : NULL;
	free(body);
	if (!note)
		return GI_ERROR;
	s->flush_each = 1;
	int rc = write_rel(s, "checkpoint", note, strlen(note));
	if (rc == 0)
		rc = sync_dirs(s);
	if (rc) {
		free(note);
		return rc;
	}
	*note_out = note;
	return 0;
}

static int create_log(gi_log *log)
{
	if (!dir_is_empty(log->dir))
		return gi__error(GI_EUSAGE, log->dir, 0, "a new log needs an empty or absent directory");
	if (mkdir(log->dir, 0755) != 0 && errno != EEXIST)
		return gi__error(GI_EIO, log->dir, 0, "cannot make the directory: %s", strerror(errno));
	return 0;
}

GI_EXTERN(int) gi_log_open(gi_log **out, const char *dir, const gi_log_options *opts)
{
	if (!out || !dir || !opts || opts->version < 1 || (!opts->signer_key && !opts->verifier_key))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_open: needs a directory and a signer or verifier key");
	*out = NULL;
	gi_log *log = calloc(1, sizeof *log);
	if (!log)
		return gi__oom();
	log->dirfd = -1;
	int rc = gi__hasher_init(&log->h);
	if (rc) {
		free(log);
		return rc;
	}
	log->dir = strdup(dir);
	if (!log->dir) {
		rc = gi__oom();
		goto fail;
	}
	if (opts->signer_key) {
		rc = gi__note_signer_parse(&log->key, opts->signer_key);
		if (rc)
			goto fail;
		log->writer = 1;
		if (opts->verifier_key) {
			gi__note_key v;
			rc = gi__note_verifier_parse(&v, opts->verifier_key);
			if (rc == 0 && (strcmp(v.name, log->key.name) != 0 || memcmp(v.pub, log->key.pub, 32) != 0))
				rc = gi__error(GI_EUSAGE, NULL, 0, "the verifier key is not the signer key's public half");
			if (rc)
				goto fail;
		}
	} else {
		rc = gi__note_verifier_parse(&log->key, opts->verifier_key);
		if (rc)
			goto fail;
	}
	const char *sep = strstr(dir, "://");
	if (sep && !gi__log_is_url(dir) && strspn(dir, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == (size_t)(sep - dir)) {
		rc = gi__error(GI_EUSAGE, dir, 0, "a log is a directory or an http:// or https:// URL, no other scheme");
		goto fail;
	}
	if (gi__log_is_url(dir)) {
		if (log->writer || opts->create) {
			rc = gi__error(GI_EUSAGE, dir, 0, "a log at a URL is read-only: open it with its verifier key");
			goto fail;
		}
		const char *ca = opts->version >= 2 ? opts->ca_file : NULL;
		long ct = opts->version >= 2 ? opts->connect_timeout : 0, tt = opts->version >= 2 ? opts->timeout : 0;
		rc = gi__http_open(&log->http, dir, ca, ct, tt);
		if (rc)
			goto fail;
		free(log->dir);
		log->dir = strdup(gi__http_base(log->http)); /* error messages name base/rel */
		if (!log->dir) {
			rc = gi__oom();
			goto fail;
		}
		rc = read_checkpoint(log);
		if (rc == 0)
			rc = load_frontier(log);
		if (rc)
			goto fail;
		*out = log;
		return 0;
	}
	if (opts->create) {
		if (!log->writer) {
			rc = gi__error(GI_EUSAGE, NULL, 0, "a new log needs its signer key");
			goto fail;
		}
		rc = create_log(log);
		if (rc)
			goto fail;
	}
	log->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (log->dirfd < 0) {
		rc = gi__error(GI_EIO, dir, 0, "cannot open the log directory: %s", strerror(errno));
		goto fail;
	}
	/* one writer at a time; the lock goes with the process if it dies */
	if (log->writer && flock(log->dirfd, LOCK_EX) != 0) {
		rc = gi__error(GI_EIO, dir, 0, "cannot lock the log directory: %s", strerror(errno));
		goto fail;
	}
	if (opts->create) {
		unsigned char root[GI__HASH];
		frontier_root(&log->h, root, &log->front, 0); /* MTH of the empty tree */
		sink s = { log, 0, { 0 }, 0, 1 };
		rc = write_checkpoint(log, &s, 0, root, &log->checkpoint);
		dirlist_free(&s.dirs);
		if (rc)
			goto fail;
	}
	rc = read_checkpoint(log);
	if (rc == 0)
		rc = load_frontier(log);
	if (rc)
		goto fail;
	*out = log;
	return 0;
fail:
	gi_log_free(log);
	return rc;
}

GI_EXTERN(void) gi_log_free(gi_log *log)
{
	if (!log)
		return;
	if (log->dirfd >= 0)
		close(log->dirfd); /* drops the lock */
	gi__http_free(log->http);
	gi__hasher_done(&log->h);
	OPENSSL_cleanse(&log->key, sizeof log->key);
	free(log->dir);
	free(log->checkpoint);
	free(log->front.bundle);
	free(log->pend);
	free(log->pend_hash);
	free(log);
}

GI_EXTERN(uint64_t) gi_log_size(const gi_log *log)
{
	return log ? log->size : 0;
}

GI_EXTERN(const char *) gi_log_checkpoint(const gi_log *log)
{
	return log ? log->checkpoint : NULL;
}

/* ---------------------------------------------------------------- append */

GI_EXTERN(int) gi_log_append(gi_log *log, const void *entry, size_t len, uint64_t *index_out)
{
	if (!log || (!entry && len))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_append: NULL argument");
	if (!log->writer)
		return gi__error(GI_EUSAGE, log->dir, 0, "the log was opened without its signer key");
	if (len > GI_LOG_ENTRY_MAX)
		return gi__error(GI_EUSAGE, NULL, 0, "an entry of %zu bytes is longer than a log entry can be (%d bytes)",
				len, GI_LOG_ENTRY_MAX);
	if (grow(&log->pend, &log->pend_cap, log->pend_len + 2 + len) != 0
			|| grow(&log->pend_hash, &log->pend_hash_cap, (size_t)(log->npend + 1) * GI__HASH) != 0)
		return gi__oom();
	unsigned char *p = log->pend + log->pend_len;
	p[0] = (unsigned char)(len >> 8);
	p[1] = (unsigned char)len;
	if (len)
		memcpy(p + 2, entry, len);
	log->pend_len += 2 + len;
	gi__log_leaf(&log->h, log->pend_hash + (size_t)log->npend * GI__HASH, entry, len);
	if (index_out)
		*index_out = log->size + log->npend;
	log->npend++;
	return 0;
}

GI_EXTERN(int) gi_log_commit(gi_log *log)
{
	if (!log)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_commit: NULL log");
	if (!log->writer)
		return gi__error(GI_EUSAGE, log->dir, 0, "the log was opened without its signer key");
	if (log->npend == 0)
		return 0;
	/* work on a copy of the right edge: a failure leaves the log as it was */
	frontier *f = malloc(sizeof *f);
	if (!f)
		return gi__oom();
	memcpy(f, &log->front, sizeof *f);
	f->bundle = NULL;
	f->bundle_cap = 0;
	if (grow(&f->bundle, &f->bundle_cap, log->front.bundle_len + 1) != 0) {
		free(f);
		return gi__oom();
	}
	if (log->front.bundle_len)
		memcpy(f->bundle, log->front.bundle, log->front.bundle_len);
	sink s = { log, 0, { 0 }, log->size, 0 };
	uint64_t size = log->size;
	size_t o = 0;
	int rc = 0;
	for (uint64_t i = 0; i < log->npend && rc == 0; i++, size++) {
		size_t el = 2 + ((size_t)log->pend[o] << 8 | log->pend[o + 1]);
		rc = frontier_push(&log->h, f, size, log->pend + o, el, log->pend_hash + i * GI__HASH, &s);
		o += el;
	}
	if (rc == 0)
		rc = frontier_emit_partial(f, size, &s);
	/* every tile and bundle is on disk before the checkpoint names them */
	if (rc == 0)
		rc = sync_dirs(&s);
	unsigned char root[GI__HASH];
	char *note = NULL;
	if (rc == 0) {
		frontier_root(&log->h, root, f, size);
		dirlist_free(&s.dirs);
		rc = write_checkpoint(log, &s, size, root, &note);
	}
	dirlist_free(&s.dirs);
	if (rc) {
		free(f->bundle);
		free(f);
		return rc;
	}
	free(log->front.bundle);
	memcpy(&log->front, f, sizeof *f);
	free(f);
	free(log->checkpoint);
	log->checkpoint = note;
	log->size = size;
	memcpy(log->root, root, GI__HASH);
	log->pend_len = 0;
	log->npend = 0;
	memset(log->cache, 0, sizeof log->cache);
	return 0;
}

/* ---------------------------------------------------------------- proofs */

GI_EXTERN(int) gi_log_find(gi_log *log, uint64_t *index_out, const void *entry, size_t len)
{
	if (!log || !index_out || (!entry && len))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_find: NULL argument");
	unsigned char leaf[GI__HASH];
	gi__log_leaf(&log->h, leaf, entry, len);
	for (uint64_t t = 0; t * TILE < log->size; t++) {
		unsigned w = tile_width(log->size, 0, t);
		const unsigned char *d;
		int rc = load_tile(log, 0, t, w, &d);
		if (rc)
			return rc;
		for (unsigned i = 0; i < w; i++)
			if (memcmp(d + (size_t)i * GI__HASH, leaf, GI__HASH) == 0) {
				*index_out = t * TILE + i;
				return 0;
			}
	}
	return gi__error(GI_EINVALID, log->dir, 0, "the log has no such entry");
}

GI_EXTERN(int) gi_log_consistency_prove(gi_log *log, unsigned char **out, size_t *count, uint64_t old_size)
{
	if (!log || !out || !count)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_consistency_prove: NULL argument");
	*out = NULL;
	*count = 0;
	unsigned char *p = malloc(GI__PROOF_MAX * GI__HASH);
	if (!p)
		return gi__oom();
	int rc = gi__log_consistency(&log->h, p, count, get_hash, log, old_size, log->size);
	if (rc || *count == 0) {
		free(p);
		*count = 0;
		return rc;
	}
	*out = p;
	return 0;
}

GI_EXTERN(int) gi_log_prove(gi_log *log, char **out, uint64_t index)
{
	if (!log || !out)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_prove: NULL argument");
	*out = NULL;
	unsigned char proof[GI__PROOF_MAX * GI__HASH];
	size_t count;
	int rc = gi__log_inclusion(&log->h, proof, &count, get_hash, log, index, log->size);
	if (rc)
		return rc;
	size_t n = 64 + count * 46 + strlen(log->checkpoint);
	char *s = malloc(n);
	if (!s)
		return gi__oom();
	size_t o = (size_t)snprintf(s, n, "c2sp.org/tlog-proof@v1\nindex %llu\n", (unsigned long long)index);
	for (size_t i = 0; i < count; i++) {
		char *b = gi__base64(proof + i * GI__HASH, GI__HASH);
		if (!b) {
			free(s);
			return gi__oom();
		}
		o += (size_t)snprintf(s + o, n - o, "%s\n", b);
		free(b);
	}
	snprintf(s + o, n - o, "\n%s", log->checkpoint);
	*out = s;
	return 0;
}

GI_EXTERN(int) gi_log_proof_verify(uint64_t *index_out, uint64_t *size_out, const char *proof,
		const char *verifier_key, const void *entry, size_t len)
{
	if (!proof || !verifier_key || (!entry && len))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_proof_verify: NULL argument");
	gi__note_key k;
	int rc = gi__note_verifier_parse(&k, verifier_key);
	if (rc)
		return rc;
	const char *p = proof;
	long line = 1;
	static const char head[] = "c2sp.org/tlog-proof@v1\n";
	if (strncmp(p, head, sizeof head - 1) != 0)
		return gi__error(GI_EPARSE, NULL, 1, "tlog-proof: does not start with c2sp.org/tlog-proof@v1");
	p += sizeof head - 1;
	line++;
	if (strncmp(p, "extra ", 6) == 0) { /* unauthenticated; not used here */
		p = strchr(p, '\n');
		if (!p)
			return gi__error(GI_EPARSE, NULL, line, "tlog-proof: unfinished line");
		p++;
		line++;
	}
	const char *e = strchr(p, '\n');
	uint64_t index = 0;
	if (strncmp(p, "index ", 6) != 0 || !e)
		return gi__error(GI_EPARSE, NULL, line, "tlog-proof: expected \"index N\"");
	index = 0;
	size_t dn = (size_t)(e - p - 6);
	if (dn == 0 || dn > 19 || (dn > 1 && p[6] == '0'))
		return gi__error(GI_EPARSE, NULL, line, "tlog-proof: the index is not a decimal number");
	for (size_t i = 0; i < dn; i++) {
		char c = p[6 + i];
		if (c < '0' || c > '9')
			return gi__error(GI_EPARSE, NULL, line, "tlog-proof: the index is not a decimal number");
		index = index * 10 + (uint64_t)(c - '0');
	}
	p = e + 1;
	line++;
	unsigned char hashes[GI__PROOF_MAX * GI__HASH];
	size_t count = 0;
	while (*p && *p != '\n') {
		e = strchr(p, '\n');
		if (!e || count == GI__PROOF_MAX
				|| gi__unbase64(hashes + count * GI__HASH, GI__HASH, p, (size_t)(e - p)) != GI__HASH)
			return gi__error(GI_EPARSE, NULL, line, "tlog-proof: a proof line is not a base64 SHA-256 hash");
		count++;
		p = e + 1;
		line++;
	}
	if (*p != '\n')
		return gi__error(GI_EPARSE, NULL, line, "tlog-proof: no blank line before the checkpoint");
	p++;
	uint64_t size;
	unsigned char root[GI__HASH];
	rc = gi__checkpoint_check(&k, p, strlen(p), NULL, &size, root);
	if (rc)
		return rc;
	gi__hasher h;
	rc = gi__hasher_init(&h);
	if (rc)
		return rc;
	unsigned char leaf[GI__HASH];
	gi__log_leaf(&h, leaf, entry, len);
	gi__hasher_done(&h);
	rc = gi_log_inclusion_verify(index, size, leaf, hashes, count, root);
	if (rc)
		return rc;
	if (index_out)
		*index_out = index;
	if (size_out)
		*size_out = size;
	return 0;
}

/* ---------------------------------------------------------------- monitor */

typedef struct {
	gi_log *log;
	frontier *f;
	sink s;
} recomputing;

static int push_entry(void *ctx, uint64_t index, const unsigned char *entry, size_t len)
{
	recomputing *r = ctx;
	unsigned char leaf[GI__HASH];
	gi__log_leaf(&r->log->h, leaf, entry, len);
	/* the entry as its bundle holds it: after its two-byte length */
	return frontier_push(&r->log->h, r->f, index, entry - 2, 2 + len, leaf, &r->s);
}

/* every bundle hashed again, every tile and the root compared */
static int recompute(gi_log *log)
{
	frontier *f = calloc(1, sizeof *f);
	if (!f)
		return gi__oom();
	recomputing r = { log, f, { log, 1, { 0 }, 0, 0 } };
	int rc = gi__log_each_entry(log, push_entry, &r);
	if (rc == 0)
		rc = frontier_emit_partial(f, log->size, &r.s);
	if (rc == 0) {
		unsigned char root[GI__HASH];
		frontier_root(&log->h, root, f, log->size);
		if (memcmp(root, log->root, GI__HASH) != 0)
			rc = gi__error(GI_EINVALID, log->dir, 0, "the entries do not give the checkpoint's root hash");
	}
	free(f->bundle);
	free(f);
	dirlist_free(&r.s.dirs);
	return rc;
}

GI_EXTERN(int) gi_log_monitor(gi_log *log, const char *state_file)
{
	if (!log)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_monitor: NULL log");
	int rc = recompute(log);
	if (rc || !state_file)
		return rc;
	FILE *fp = fopen(state_file, "rb");
	if (fp) {
		char buf[8192];
		size_t n = fread(buf, 1, sizeof buf - 1, fp);
		int err = ferror(fp);
		fclose(fp);
		if (err)
			return gi__error(GI_EIO, state_file, 0, "cannot read: %s", strerror(errno));
		buf[n] = '\0';
		uint64_t old_size;
		unsigned char old_root[GI__HASH];
		rc = gi__checkpoint_check(&log->key, buf, n, state_file, &old_size, old_root);
		if (rc)
			return rc;
		if (old_size > log->size)
			return gi__error(GI_EINVALID, log->dir, 0,
					"the log shrank: it had %llu entries, its checkpoint now says %llu",
					(unsigned long long)old_size, (unsigned long long)log->size);
		unsigned char *proof = NULL;
		size_t count = 0;
		rc = gi_log_consistency_prove(log, &proof, &count, old_size);
		if (rc == 0)
			rc = gi_log_consistency_verify(old_size, log->size, old_root, log->root, proof, count);
		free(proof);
		if (rc)
			return gi__error(GI_EINVALID, log->dir, 0,
					"the log is not consistent with the checkpoint of %llu entries seen before (%s): it rewrote or forked its history",
					(unsigned long long)old_size, state_file);
	} else if (errno != ENOENT) {
		return gi__error(GI_EIO, state_file, 0, "cannot read: %s", strerror(errno));
	}
	/* remember the checkpoint for the next run, whole or not at all */
	size_t pn = strlen(state_file) + 8;
	char *tmp = malloc(pn);
	if (!tmp)
		return gi__oom();
	snprintf(tmp, pn, "%s.tmp", state_file);
	fp = fopen(tmp, "wb");
	int ok = fp && fwrite(log->checkpoint, 1, strlen(log->checkpoint), fp) == strlen(log->checkpoint)
		&& fflush(fp) == 0 && fsync(fileno(fp)) == 0;
	if (fp && fclose(fp) != 0)
		ok = 0;
	if (!ok || rename(tmp, state_file) != 0) {
		rc = gi__error(GI_EIO, state_file, 0, "cannot write: %s", strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

int gi__log_each_entry(gi_log *log, int (*cb)(void *ctx, uint64_t index, const unsigned char *entry, size_t len),
		void *ctx)
{
	unsigned char *buf = NULL;
	size_t cap = 0;
	int rc = 0;
	uint64_t index = 0;
	for (uint64_t t = 0; t * TILE < log->size && rc == 0; t++) {
		unsigned w = tile_width(log->size, 0, t);
		char rel[256];
		gi__log_tile_path(rel, sizeof rel, -1, t, w);
		long r = read_rel(log, rel, &buf, &cap, 0, BUNDLE_MAX(w));
		if (r < 0) {
			rc = read_error(log, rel, r, 0);
			break;
		}
		size_t o = 0;
		for (unsigned i = 0; i < w && rc == 0; i++) {
			size_t el = o + 2 <= (size_t)r ? ((size_t)buf[o] << 8 | buf[o + 1]) : SIZE_MAX;
			if (el == SIZE_MAX || o + 2 + el > (size_t)r) {
				char path[4096];
				snprintf(path, sizeof path, "%s/%s", log->dir, rel);
				rc = gi__error(GI_EINVALID, path, 0, "holds fewer than %u entries", w);
				break;
			}
			rc = cb(ctx, index++, buf + o + 2, el);
			o += 2 + el;
		}
		if (rc == 0 && o != (size_t)r) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", log->dir, rel);
			rc = gi__error(GI_EINVALID, path, 0, "holds more than %u entries", w);
		}
	}
	free(buf);
	return rc;
}

void gi__log_discard(gi_log *log)
{
	if (!log)
		return;
	log->npend = 0;
	log->pend_len = 0;
}
