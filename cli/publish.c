/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * publish.c - what gi writes into files appears whole or not at all.
 *
 * The signed records of a run are a batch: a reader must never see half
 * of one (a verifier that finds 300 records cannot tell they were meant
 * to be 600). They are written into a private directory beside the
 * destination, flushed to disk with a manifest of their SHA-256 digests,
 * and published with a single rename(2) of that directory, which POSIX
 * makes atomic: the destination appears complete, or not at all. The
 * destination must therefore not exist or be an empty directory; records
 * are never merged into an existing batch.
 *
 * The HTML report is written the same way: beside its destination, then
 * renamed. A destination that is not a regular file (a terminal, a pipe,
 * /dev/full) cannot be renamed over; it is written in place once the run
 * has succeeded.
 *
 * SIGINT, SIGTERM, SIGHUP and SIGPIPE only set a flag while temporary
 * files exist: the run stops at the next record, removes its temporary
 * files and then ends by the same signal, as the shell expects.
 */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli.h"

/* ---- interruption ---- */

static const int caught_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
#define N_SIGNALS (sizeof caught_signals / sizeof caught_signals[0])
static struct sigaction previous[N_SIGNALS];
static volatile sig_atomic_t caught;
static int catching;

static void on_signal(int sig)
{
	if (!caught)
		caught = sig;
}

void interrupt_catch(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;   /* reads and writes go on; the flag is checked between records */
	for (size_t i = 0; i < N_SIGNALS; i++) {
		sigaction(caught_signals[i], NULL, &previous[i]);
		/* a signal the caller ignores (nohup, a shell's background job) stays ignored */
		if (previous[i].sa_handler != SIG_IGN)
			sigaction(caught_signals[i], &sa, NULL);
	}
	catching = 1;
}

int interrupted(void)
{
	return caught;
}

void interrupt_release(void)
{
	if (!catching)
		return;
	for (size_t i = 0; i < N_SIGNALS; i++)
		sigaction(caught_signals[i], &previous[i], NULL);
	catching = 0;
	if (caught) {
		fflush(stderr);
		signal(caught, SIG_DFL);
		raise(caught);
	}
}

/* ---- paths ---- */

/* Splits path (trailing slashes ignored) into a new parent and base name;
 * -1 if it names no entry that could be created ("/", ".", ""). */
static int split_path(const char *path, char **parent, char **base)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	const char *slash = memrchr(path, '/', n);
	const char *b = slash ? slash + 1 : path;
	size_t bn = n - (size_t)(b - path);
	if (bn == 0 || (bn == 1 && b[0] == '.') || (bn == 2 && b[0] == '.' && b[1] == '.'))
		return -1;
	*base = strndup(b, bn);
	*parent = !slash ? strdup(".") : slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
	if (!*base || !*parent) {
		free(*base);
		free(*parent);
		return -1;
	}
	return 0;
}

static mode_t default_mode(mode_t bits)
{
	mode_t mask = umask(0);
	umask(mask);
	return bits & ~mask;
}

static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* ---- a bundle of records: one tar file ----
 *
 * Creating a file per record costs more than signing it on a busy ext4
 * (an inode allocation each); a bundle is one file, written beside its
 * destination, synced once and renamed into place without replacing
 * anything (renameat2 RENAME_NOREPLACE, else link and unlink). Its format
 * is POSIX.1-2001 pax (ustar headers, a pax "path" record for names of
 * more than 100 bytes), which tar(1) on every system reads; the manifest
 * is its last entry. */

static int bundle_ext(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && strcmp(path + n - 4, ".tar") == 0;
}

/* FNV-1a, for the set of names */
static size_t name_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* 1 if name was added, 0 if it was there, -1 out of memory */
static int names_add(outdir *d, const char *name)
{
	if (2 * (d->n_names + 1) > d->names_cap) {
		size_t cap = d->names_cap ? 2 * d->names_cap : 1024;
		char **t = calloc(cap, sizeof *t);
		if (!t)
			return -1;
		for (size_t i = 0; i < d->names_cap; i++)
			if (d->names[i]) {
				size_t j = name_hash(d->names[i]) & (cap - 1);
				while (t[j])
					j = (j + 1) & (cap - 1);
				t[j] = d->names[i];
			}
		free(d->names);
		d->names = t;
		d->names_cap = cap;
	}
	size_t j = name_hash(name) & (d->names_cap - 1);
	for (; d->names[j]; j = (j + 1) & (d->names_cap - 1))
		if (strcmp(d->names[j], name) == 0)
			return 0;
	if (!(d->names[j] = strdup(name)))
		return -1;
	d->n_names++;
	return 1;
}

/* v as width - 1 octal digits and a NUL (values that do not fit are
 * clamped: records and their times are far below the fields' limits) */
static void octal(char *field, size_t width, unsigned long long v)
{
	field[width - 1] = '\0';
	for (size_t i = width - 1; i-- > 0; v >>= 3)
		field[i] = (char)('0' + (v & 7));
}

/* One 512-byte ustar header (POSIX.1-2001, pax format) */
static void tar_header(unsigned char h[512], const char *name, size_t size, char type, unsigned mode, long long mtime)
{
	memset(h, 0, 512);
	size_t n = strlen(name);
	memcpy(h, name, n < 100 ? n : 99);
	octal((char *)h + 100, 8, mode);
	octal((char *)h + 108, 8, 0);
	octal((char *)h + 116, 8, 0);
	octal((char *)h + 124, 12, size);
	octal((char *)h + 136, 12, (unsigned long long)(mtime > 0 ? mtime : 0));
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
}

/* An entry: header (with a pax "path" record first when the name does not
 * fit 100 bytes), data, padding to 512 bytes. */
static int tar_entry(FILE *f, const char *name, const void *data, size_t len, unsigned mode, long long mtime)
{
	static const unsigned char zero[512];
	unsigned char h[512];
	if (strlen(name) >= 100) {
		/* "LEN path=NAME\n", LEN counting its own digits */
		char rec[300];
		size_t body = strlen(" path=\n") + strlen(name), total = body + 1;
		while ((size_t)snprintf(NULL, 0, "%zu", total) + body != total)
			total++;
		int k = snprintf(rec, sizeof rec, "%zu path=%s\n", total, name);
		if (k < 0 || (size_t)k != total)
			return -1;
		tar_header(h, "PaxHeader", total, 'x', 0644, mtime);
		if (fwrite(h, 512, 1, f) != 1 || fwrite(rec, total, 1, f) != 1 ||
		    (total % 512 && fwrite(zero, 512 - total % 512, 1, f) != 1))
			return -1;
	}
	tar_header(h, name, len, '0', mode, mtime);
	if (fwrite(h, 512, 1, f) != 1 || (len && fwrite(data, len, 1, f) != 1) ||
	    (len % 512 && fwrite(zero, 512 - len % 512, 1, f) != 1))
		return -1;
	return 0;
}

static int bundle_begin(outdir *d)
{
	struct stat st;
	if (lstat(d->dir, &st) == 0) {
		cli_error(d->cmd, "%s exists: a run's records are published together as a new file; remove it or give "
		          "another", d->dir);
		return -1;
	}
	if (errno != ENOENT) {
		cli_error(d->cmd, "%s: %s", d->dir, strerror(errno));
		return -1;
	}
	if (asprintf(&d->tmp, "%s.tmp-XXXXXX", d->dir) < 0) {
		d->tmp = NULL;
		cli_error(d->cmd, "out of memory");
		return -1;
	}
	int fd = mkostemp(d->tmp, O_CLOEXEC);
	if (fd < 0 || !(d->bundle = fdopen(fd, "w")) || !(d->manifest = open_memstream(&d->manifest_text, &d->manifest_len))) {
		cli_error(d->cmd, "cannot write %s: %s", d->tmp, strerror(errno));
		if (fd >= 0 && !d->bundle)
			close(fd);
		outdir_discard(d);
		return -1;
	}
	/* records are ~5 KiB: write them in 1 MiB pieces (with no buffer of
	 * its own given, the C library would take the file's 4 KiB block
	 * size whatever size is asked for) */
	d->bundle_buf = malloc(1 << 20);
	if (d->bundle_buf)
		setvbuf(d->bundle, d->bundle_buf, _IOFBF, 1 << 20);
	fchmod(fd, default_mode(0666));
	d->mode = default_mode(0666);
	d->mtime = (long long)time(NULL);
	return 0;
}

static int bundle_add(outdir *d, const char *name, const void *data, size_t len)
{
	int fresh = strcmp(name, OUTDIR_MANIFEST) == 0 ? 0 : names_add(d, name);
	if (fresh == 0)
		return -2;
	if (fresh < 0 || tar_entry(d->bundle, name, data, len, d->mode, d->mtime) < 0) {
		cli_error(d->cmd, "cannot write %s: %s", d->tmp, fresh < 0 ? "out of memory" : strerror(errno));
		return -1;
	}
	return 0;
}

static int bundle_publish(outdir *d)
{
	static const unsigned char end[1024];
	int err = 0;
	if (fclose(d->manifest) != 0)
		err = errno ? errno : ENOMEM;
	d->manifest = NULL;
	if (!err && (tar_entry(d->bundle, OUTDIR_MANIFEST, d->manifest_text, d->manifest_len, d->mode, d->mtime) < 0 ||
	             fwrite(end, sizeof end, 1, d->bundle) != 1 || fflush(d->bundle) != 0))
		err = errno ? errno : EIO;
	if (!err && fsync(fileno(d->bundle)) != 0)
		err = errno;
	if (fclose(d->bundle) != 0 && !err)
		err = errno;
	d->bundle = NULL;
	if (err) {
		cli_error(d->cmd, "cannot write %s: %s", d->tmp, strerror(err));
		return -1;
	}
	/* into place, never over a file that appeared meanwhile */
	int rc = renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->dir, RENAME_NOREPLACE);
	if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {   /* a file system without it */
		rc = link(d->tmp, d->dir);
		if (rc == 0)
			unlink(d->tmp);
	}
	if (rc != 0) {
		if (errno == EEXIST)
			cli_error(d->cmd, "%s was created by someone else during the run; no record was written", d->dir);
		else
			cli_error(d->cmd, "cannot create %s: %s", d->dir, strerror(errno));
		return -1;
	}
	char *parent = NULL, *base = NULL;
	if (split_path(d->dir, &parent, &base) == 0 && sync_dir(parent) != 0)
		cli_error(d->cmd, "warning: %s is written but its directory %s could not be synced: %s", d->dir, parent,
		          strerror(errno));
	free(parent);
	free(base);
	free(d->tmp);
	d->tmp = NULL;
	return 0;
}

static void bundle_discard(outdir *d)
{
	if (d->manifest)
		fclose(d->manifest);
	d->manifest = NULL;
	if (d->bundle)
		fclose(d->bundle);
	d->bundle = NULL;
	if (d->tmp)
		unlink(d->tmp);
	free(d->tmp);
	d->tmp = NULL;
}

static void bundle_free(outdir *d)
{
	free(d->bundle_buf);   /* the stream that used it is closed */
	d->bundle_buf = NULL;
	for (size_t i = 0; i < d->names_cap; i++)
		free(d->names[i]);
	free(d->names);
	d->names = NULL;
	d->names_cap = d->n_names = 0;
	free(d->manifest_text);
	d->manifest_text = NULL;
}

/* ---- a directory of records ---- */

static int dir_is_empty(const char *path, int *empty)
{
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent *e;
	*empty = 1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			*empty = 0;
			break;
		}
	closedir(d);
	return 0;
}

int outdir_begin(outdir *d, const char *cmd, const char *dir)
{
	memset(d, 0, sizeof *d);
	d->cmd = cmd;
	d->dir = dir;
	d->tmp_fd = -1;
	char *parent = NULL, *base = NULL;
	if (split_path(dir, &parent, &base) < 0) {
		cli_error(cmd, "%s: cannot be made a directory of records", dir);
		return -1;
	}
	if (bundle_ext(dir)) {
		free(parent);
		free(base);
		d->is_bundle = 1;
		return bundle_begin(d);
	}
	struct stat st;
	int empty = 0, rc = -1;
	d->mode = default_mode(0777);
	if (lstat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			cli_error(cmd, "%s exists and is not a directory", dir);
			goto done;
		}
		if (dir_is_empty(dir, &empty) < 0) {
			cli_error(cmd, "%s: %s", dir, strerror(errno));
			goto done;
		}
		if (!empty) {
			cli_error(cmd, "%s exists and is not empty: a run's records are published together as a "
			          "new directory; remove it or give another", dir);
			goto done;
		}
		d->mode = st.st_mode & 07777;
	} else if (errno != ENOENT) {
		cli_error(cmd, "%s: %s", dir, strerror(errno));
		goto done;
	}
	if (asprintf(&d->tmp, "%s/.%s.tmp-XXXXXX", parent, base) < 0) {
		d->tmp = NULL;
		cli_error(cmd, "out of memory");
		goto done;
	}
	if (!mkdtemp(d->tmp)) {
		cli_error(cmd, "cannot write in %s: %s", parent, strerror(errno));
		free(d->tmp);
		d->tmp = NULL;
		goto done;
	}
	d->tmp_fd = open(d->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int mfd = d->tmp_fd < 0 ? -1
	        : openat(d->tmp_fd, OUTDIR_MANIFEST, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (mfd < 0 || !(d->manifest = fdopen(mfd, "w"))) {
		cli_error(cmd, "cannot write in %s: %s", d->tmp, strerror(errno));
		if (mfd >= 0)
			close(mfd);
		outdir_discard(d);
		goto done;
	}
	rc = 0;
done:
	free(parent);
	free(base);
	return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t k = write(fd, p, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* A file name from text a report chose (a sample id): letters, digits,
 * '-', '_', '.' and valid UTF-8 beyond ASCII are kept, anything else
 * (a '/', a space, a control character, a broken byte) becomes '_'; no
 * leading '.', at most 120 bytes, never empty. */
static void safe_name(char *out, size_t n, const char *text)
{
	size_t o = 0;
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	while (*s && o + 5 < n && o < 120) {
		unsigned c = *s;
		size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		int ok = k > 1 && c >= 0xc2 && c <= 0xf4;
		for (size_t i = 1; ok && i < k; i++)
			ok = (s[i] & 0xc0) == 0x80;
		if (ok) {
			memcpy(out + o, s, k);
			o += k;
			s += k;
			continue;
		}
		int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		            c == '_' || (c == '.' && o > 0);
		out[o++] = plain ? (char)c : '_';
		s++;
	}
	if (o == 0)
		out[o++] = '_';
	out[o] = '\0';
}

int outdir_add_named(outdir *d, const char *text, const char *ext, const void *data, size_t len, const char *sha256)
{
	char stem[128], name[160];
	safe_name(stem, sizeof stem, text);
	for (unsigned k = 1; k < 1000; k++) {
		if (k == 1)
			snprintf(name, sizeof name, "%s%s", stem, ext);
		else
			snprintf(name, sizeof name, "%s~%u%s", stem, k, ext);
		/* the manifest's own name, and names two ids map to alike
		 * ("A/1" and "A_1", or "a" and "A" on a case-folding file
		 * system), get the next free "~N" */
		if (strcmp(name, OUTDIR_MANIFEST) == 0)
			continue;
		int rc = outdir_add_digested(d, name, data, len, sha256);
		if (rc != -2)
			return rc;
	}
	cli_error(d->cmd, "cannot find a free file name for %s in %s", shown_line(text), d->tmp);
	return -1;
}

int outdir_add(outdir *d, const char *name, const void *data, size_t len)
{
	return outdir_add_digested(d, name, data, len, NULL);
}

int outdir_add_digested(outdir *d, const char *name, const void *data, size_t len, const char *sha256)
{
	if (d->is_bundle) {
		int rc = bundle_add(d, name, data, len);
		if (rc < 0)
			return rc;
		goto listed;
	}
	int fd = openat(d->tmp_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EEXIST)
		return -2;
	int ok = fd >= 0 && write_all(fd, data, len) == 0;
#ifndef __linux__
	ok = ok && fsync(fd) == 0;  /* Linux syncs the whole batch at once (syncfs) */
#endif
	int err = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = 0;
		err = errno;
	}
	if (!ok) {
		cli_error(d->cmd, "cannot write %s/%s: %s", d->tmp, name, strerror(err));
		return -1;
	}
listed:;
	char hex[65];
	if (!sha256) {
		if (gi_sha256_memory(hex, data, len) < 0) {
			cli_error(d->cmd, "cannot compute the SHA-256 of %s", name);
			return -1;
		}
		sha256 = hex;
	}
	/* "HEX  NAME\n", as sha256sum(1) writes it (a write error shows when
	 * the manifest is closed) */
	fwrite(sha256, 64, 1, d->manifest);
	fputs("  ", d->manifest);
	fputs(name, d->manifest);
	putc('\n', d->manifest);
	d->files++;
	return 0;
}

int outdir_publish(outdir *d)
{
	if (d->is_bundle) {
		int rc = bundle_publish(d);
		bundle_free(d);
		return rc;
	}
	int mfd = fileno(d->manifest), err = 0;
	if (fflush(d->manifest) != 0)
		err = errno;
	else if (ferror(d->manifest))
		err = EIO;
#ifdef __linux__
	/* one sync of the file system instead of one per record: fsync(2)
	 * costs a journal commit each (milliseconds) */
	if (!err && syncfs(d->tmp_fd) != 0)
		err = errno;
#endif
	if (!err && fsync(mfd) != 0)
		err = errno;
	if (fclose(d->manifest) != 0 && !err)
		err = errno;
	d->manifest = NULL;
	if (!err && fchmod(d->tmp_fd, d->mode) != 0)
		err = errno;
	if (!err && fsync(d->tmp_fd) != 0)
		err = errno;
	if (err) {
		cli_error(d->cmd, "cannot write %s: %s", d->tmp, strerror(err));
		return -1;
	}
	/* the one step that makes the batch visible: an empty directory is
	 * replaced, anything else refused */
	if (rename(d->tmp, d->dir) != 0) {
		if (errno == ENOTEMPTY || errno == EEXIST)
			cli_error(d->cmd, "%s was filled by someone else during the run; no record was written", d->dir);
		else
			cli_error(d->cmd, "cannot create %s: %s", d->dir, strerror(errno));
		return -1;
	}
	close(d->tmp_fd);
	d->tmp_fd = -1;
	char *parent = NULL, *base = NULL;
	if (split_path(d->dir, &parent, &base) == 0 && sync_dir(parent) != 0)
		cli_error(d->cmd, "warning: %s is written but its directory %s could not be synced: %s", d->dir,
		          parent, strerror(errno));
	free(parent);
	free(base);
	free(d->tmp);
	d->tmp = NULL;
	return 0;
}

void outdir_discard(outdir *d)
{
	if (d->is_bundle) {
		bundle_discard(d);
		bundle_free(d);
		return;
	}
	if (d->manifest)
		fclose(d->manifest);
	d->manifest = NULL;
	if (d->tmp_fd >= 0) {
		int fd = dup(d->tmp_fd);
		DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
		struct dirent *e;
		while (dir && (e = readdir(dir)))
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
				unlinkat(d->tmp_fd, e->d_name, 0);
		if (dir)
			closedir(dir);
		else if (fd >= 0)
			close(fd);
		close(d->tmp_fd);
		d->tmp_fd = -1;
	}
	if (d->tmp)
		rmdir(d->tmp);
	free(d->tmp);
	d->tmp = NULL;
}

/* ---- one file ---- */

FILE *outfile_open(outfile *o, const char *cmd, const char *path)
{
	memset(o, 0, sizeof *o);
	o->cmd = cmd;
	o->path = path;
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			cli_error(cmd, "cannot write %s: %s", path, strerror(EISDIR));
			return NULL;
		}
		/* a device or a pipe: kept aside until the run has succeeded */
		o->in_place = 1;
		if (!(o->f = tmpfile()))
			cli_error(cmd, "cannot make a temporary file for %s: %s", path, strerror(errno));
		return o->f;
	}
	if (asprintf(&o->tmp, "%s.tmp-XXXXXX", path) < 0) {
		o->tmp = NULL;
		cli_error(cmd, "out of memory");
		return NULL;
	}
	int fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd >= 0)
		fchmod(fd, default_mode(0666));
	if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
		cli_error(cmd, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
	}
	return o->f;
}

/* fflush, then fclose, and the first error of either (errno) */
static int close_checked(FILE *f)
{
	int err = 0;
	if (fflush(f) != 0)
		err = errno;
	else if (ferror(f))
		err = EIO;
	if (fclose(f) != 0 && !err)
		err = errno;
	errno = err;
	return err ? -1 : 0;
}

int outfile_publish(outfile *o)
{
	FILE *f = o->f;
	o->f = NULL;
	if (o->in_place) {
		FILE *dev = fopen(o->path, "w");
		if (!dev) {
			cli_error(o->cmd, "cannot write %s: %s", o->path, strerror(errno));
			fclose(f);
			return -1;
		}
		char buf[65536];
		size_t n;
		int err = fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0 ? errno : 0;
		while (!err && (n = fread(buf, 1, sizeof buf, f)) > 0)
			if (fwrite(buf, 1, n, dev) != n)
				err = errno;
		if (!err && ferror(f))
			err = EIO;
		fclose(f);
		if (close_checked(dev) != 0 && !err)
			err = errno;
		if (err) {
			cli_error(o->cmd, "cannot write %s: %s", o->path, strerror(err));
			return -1;
		}
		return 0;
	}
	int err = 0;
	if (fflush(f) != 0)
		err = errno;
	else if (ferror(f))
		err = EIO;
	if (!err && fsync(fileno(f)) != 0)
		err = errno;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (!err && rename(o->tmp, o->path) != 0)
		err = errno;
	if (err) {
		cli_error(o->cmd, "cannot write %s: %s", o->path, strerror(err));
		unlink(o->tmp);
	}
	free(o->tmp);
	o->tmp = NULL;
	return err ? -1 : 0;
}

void outfile_discard(outfile *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
}
