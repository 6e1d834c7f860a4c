/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spec_find.c - finding a specification by name among the installed ones.
 *
 * A council or lab names its product's specification ("lai-chau-tea")
 * rather than a path into someone's source tree. The name is looked up as
 * NAME.xml in each directory of $GI_SPEC_PATH (colon-separated, as PATH),
 * then in the directory the shipped specifications are installed to
 * ($(datadir)/libgi/specs). A path to an existing file is taken as it is.
 */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "internal.h"
#include "place_internal.h"
#include "paths.h"   /* GI_SPECDIR, from configure's directories (built) */

const char *gi_spec_dir(void)
{
	return GI_SPECDIR;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int has_xml_suffix(const char *s)
{
	size_t n = strlen(s);
	return n > 4 && strcmp(s + n - 4, ".xml") == 0;
}

/* Calls fn(dir, len, arg) for each search directory, in order, until it
 * returns non-zero; returns that value. */
static int each_dir(int (*fn)(const char *dir, size_t len, void *arg), void *arg)
{
	const char *env = getenv("GI_SPEC_PATH");
	for (const char *p = env; p && *p;) {
		size_t n = strcspn(p, ":");
		if (n) {
			int rc = fn(p, n, arg);
			if (rc)
				return rc;
		}
		p += n + (p[n] == ':');
	}
	return fn(GI_SPECDIR, strlen(GI_SPECDIR), arg);
}

typedef struct {
	const char *name;
	char *found;
	int oom;
} lookup;

static int try_dir(const char *dir, size_t len, void *arg)
{
	lookup *l = arg;
	const char *suffix = has_xml_suffix(l->name) ? "" : ".xml";
	size_t need = len + 1 + strlen(l->name) + strlen(suffix) + 1;
	char *path = malloc(need);
	if (!path) {
		l->oom = 1;
		return 1;
	}
	snprintf(path, need, "%.*s/%s%s", (int)len, dir, l->name, suffix);
	if (is_file(path)) {
		l->found = path;
		return 1;
	}
	free(path);
	return 0;
}

typedef struct {
	char **names;        /* NAME of each NAME.xml found, sorted at the end */
	size_t n, cap;
	char dirs[400];      /* where they were looked for */
	int oom;
} listing;

/* The names one directory offers, for the message when a name is not found. */
static int list_dir(const char *dir, size_t len, void *arg)
{
	listing *l = arg;
	char path[4096];
	snprintf(path, sizeof path, "%.*s", (int)len, dir);
	size_t dl = strlen(l->dirs);
	snprintf(l->dirs + dl, sizeof l->dirs - dl, "%s%s", dl ? ", " : "", path);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)) && l->n < 64) {
		if (e->d_name[0] == '.' || !has_xml_suffix(e->d_name))
			continue;
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 8;
			char **more = realloc(l->names, cap * sizeof *more);
			if (!more) {
				l->oom = 1;
				break;
			}
			l->names = more;
			l->cap = cap;
		}
		if (!(l->names[l->n] = strndup(e->d_name, strlen(e->d_name) - 4))) {
			l->oom = 1;
			break;
		}
		l->n++;
	}
	closedir(d);
	return l->oom;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The error for a name found nowhere: where it was looked for, what is
 * there, and the nearest name when it is a likely typo. */
static int not_found(const char *name)
{
	listing l = { NULL, 0, 0, "", 0 };
	each_dir(list_dir, &l);
	if (l.oom) {
		for (size_t i = 0; i < l.n; i++)
			free(l.names[i]);
		free(l.names);
		return gi__oom();
	}
	qsort(l.names, l.n, sizeof *l.names, by_name);
	char have[400] = "", near[80] = "";
	unsigned best = 3;
	char stem[128];
	snprintf(stem, sizeof stem, "%.*s", (int)(has_xml_suffix(name) ? strlen(name) - 4 : strlen(name)), name);
	for (size_t i = 0; i < l.n; i++) {
		size_t at = strlen(have);
		if (i == 0 || strcmp(l.names[i], l.names[i - 1]) != 0) {
			if (at + strlen(l.names[i]) + 8 < sizeof have)
				snprintf(have + at, sizeof have - at, "%s%s", at ? ", " : "", l.names[i]);
			else if (!strstr(have, ", ..."))
				snprintf(have + at, sizeof have - at, ", ...");
			unsigned d = gi__place_distance(stem, l.names[i]);
			if (d < best) {
				best = d;
				snprintf(near, sizeof near, "%.60s", l.names[i]);
			}
		}
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.names[i]);
	free(l.names);
	if (near[0])
		return gi__error(GI_EIO, name, 0, "no such file, nor an installed specification; did you mean '%s'? (%s)",
		                 near, have);
	return gi__error(GI_EIO, name, 0, "no such file, nor %s.xml in %s (%s%s)", stem, l.dirs,
	                 have[0] ? "there: " : "no specifications there", have);
}

int gi_spec_find(char **path, const char *name)
{
	if (!path)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_spec_find: path is NULL");
	*path = NULL;
	if (!name || !*name)
		return gi__error(GI_EUSAGE, NULL, 0, "no specification named");
	if (strchr(name, '/') || is_file(name)) {
		/* a path: as it is, so that the loader names it in its messages */
		if (!(*path = strdup(name)))
			return gi__oom();
		return GI_OK;
	}
	lookup l = { name, NULL, 0 };
	each_dir(try_dir, &l);
	if (l.oom)
		return gi__oom();
	if (l.found) {
		*path = l.found;
		return GI_OK;
	}
	return not_found(name);
}
