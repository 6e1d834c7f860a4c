/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tar_read.h - a strict reader of POSIX.1-2001 (pax) tar files, as
 * gi verify --out X.tar writes them or tar --format=pax makes them, for
 * gi record verify.
 *
 * The archive is read twice, a member at a time, so its size does not
 * matter: tar_read reads and checks every header first (its checksum, its
 * size against the file's, its type: a regular file or a pax extended
 * header, nothing else; its name: not absolute, no ".." component, not
 * twice), so a malformed archive is refused before any member is used;
 * then tar_member_read reads each member and keeps its SHA-256. A file
 * that changes between the two readings is reported as unreadable.
 */
#ifndef GI_CLI_TAR_READ_H
#define GI_CLI_TAR_READ_H

#include <stddef.h>
#include <sys/types.h>

enum {
	TAR_PAX_MAX = 1 << 20,          /* a pax extended header's size */
	TAR_RECORD_MAX = 64 << 20,      /* an .xml member read for verification */
	TAR_CHUNK = 1 << 20             /* other members are hashed by this much */
};

typedef struct {
	char *name;
	off_t data;                     /* where its bytes start */
	size_t len;
	unsigned char md[32];           /* their SHA-256, once read */
	int hashed;
} tar_member;

typedef struct {
	const char *file;
	int fd;
	off_t size;
	tar_member *m;
	tar_member **by_name;           /* m sorted by name */
	size_t n, cap;
} tar_archive;

/* Opens a->file (set with fd -1 by the caller) and reads every header;
 * -1 (reported, naming the file and the offset) if it cannot be read, is
 * malformed or names a member twice. */
int tar_read(tar_archive *a);
/* Closes the file and frees the member list */
void tar_free(tar_archive *a);
/* The member named name[0..k), or NULL */
tar_member *tar_find(const tar_archive *a, const char *name, size_t k);
/* Reads member m (whole into *buf, grown as for realloc and followed by a
 * NUL, when keep; else through it a piece at a time) and keeps its
 * SHA-256 in m->md; 0, or -1 reported. */
int tar_member_read(const tar_archive *a, tar_member *m, int keep, unsigned char **buf, size_t *cap);

#endif
