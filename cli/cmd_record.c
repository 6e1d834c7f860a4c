/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_record.c - gi record verify, gi record restamp, gi record show, gi keygen. */
#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "cli.h"
#include "tar_read.h"

static const char record_usage[] =
	"Usage: gi record verify --trust CA.pem [--crl CRL.pem] [--at TIME] [--jobs N] [--json] FILE...\n"
	"       gi record restamp --trust CA.pem [--crl CRL.pem] --tsa-command CMD FILE...\n"
	"       gi record show [--json] FILE\n"
	"\n"
	"verify  checks each signed verification record: the XML-DSig signature,\n"
	"        its layout (one enveloped signature over the whole record, nothing\n"
	"        else signed, nothing wrapped), the signer's certificate chain to the\n"
	"        trust anchors, its validity now, its key usage, and the CRL. Prints\n"
	"        who signed, when, or exactly which check failed.\n"
	"        With --at TIME (2031-05-01 or 2031-05-01T12:00:00Z, UTC) the\n"
	"        records are checked as of that time instead of now.\n"
	"        A FILE ending in .tar (as gi verify --out X.tar writes it, or\n"
	"        tar --format=pax) is read a member at a time, so its size does not\n"
	"        matter: each .xml member is verified and shown as\n"
	"        X.tar:MEMBER.xml, then every member is checked against its\n"
	"        SHA256SUMS (a member altered, missing or not listed fails).\n"
	"        A malformed archive (a header checksum wrong, truncated, a name\n"
	"        absolute or with \"..\", not a regular file) verifies nothing: 2.\n"
	"        --jobs N verifies on N threads (default 1); the output is the same.\n"
	"        Exit 0 if every record verifies, 1 if one does not, 2 bad usage.\n"
	"restamp adds an XAdES archive time-stamp (RFC 3161, from CMD as for\n"
	"        gi verify --tsa-command) to each time-stamped record that verifies,\n"
	"        so it keeps verifying after the earlier time-stamping authorities'\n"
	"        certificates expire; run it again before the newest one's expires.\n"
	"        Each FILE is replaced whole, or left as it was.\n"
	"show    prints what a record states (without checking its signature).\n";

/* Reads a whole file, with a NUL after its len bytes (so a text file can be
 * scanned as a string); NULL (and an error message) on failure. */
char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cli_error(NULL, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		cli_error(NULL, "%s: is a directory, not a file", path);
		fclose(f);
		return NULL;
	}
	size_t cap = 65536, n = 0, got;
	char *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = cap < (64u << 20) ? realloc(buf, cap *= 2) : NULL;
			if (!nb) {
				cli_error(NULL, "%s: too large", path);
				free(buf);
			}
			buf = nb;
		}
	}
	if (buf && ferror(f)) {
		cli_error(NULL, "%s: cannot read: %s", path, strerror(errno));
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';   /* n < cap: the buffer grows whenever it is full */
	*len = n;
	return buf;
}

/* --at: a date or a UTC date and time, whole digits only. */
static int parse_at(long long *out, const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end) {
		memset(&tm, 0, sizeof tm);
		end = strptime(s, "%Y-%m-%d", &tm);
	}
	if (!end || *end || tm.tm_year < 70)
		return -1;
	*out = (long long)timegm(&tm);
	return 0;
}

/* A record's check as a JSON object, every field present (null when not known). */
static json_t *record_check_json(const char *file, const gi_record_check *chk)
{
	json_t *o = json_object();
	json_object_set_new(o, "file", json_string(file));
	json_object_set_new(o, "status", json_string(gi_record_status_name(chk->status)));
	json_object_set_new(o, "valid", json_boolean(chk->status == GI_RECORD_VALID));
	json_object_set_new(o, "reason", json_string(chk->reason));
	json_object_set_new(o, "record", chk->record_id ? json_string(chk->record_id) : json_null());
	json_object_set_new(o, "sample", chk->sample_id ? json_string(chk->sample_id) : json_null());
	json_object_set_new(o, "verdict", chk->verdict ? json_string(chk->verdict) : json_null());
	json_object_set_new(o, "signer", chk->signer ? json_string(chk->signer) : json_null());
	json_object_set_new(o, "signer_issuer", chk->signer_issuer ? json_string(chk->signer_issuer) : json_null());
	json_object_set_new(o, "serial", chk->serial ? json_string(chk->serial) : json_null());
	json_object_set_new(o, "signed_at", chk->issued ? json_string(chk->issued) : json_null());
	json_object_set_new(o, "verified_at", chk->verified_at ? json_string(chk->verified_at) : json_null());
	json_object_set_new(o, "timestamp", chk->timestamp ? json_string(chk->timestamp) : json_null());
	json_object_set_new(o, "tsa", chk->tsa ? json_string(chk->tsa) : json_null());
	json_object_set_new(o, "claimed_issuer", chk->claimed_issuer ? json_string(chk->claimed_issuer) : json_null());
	return o;
}

/* The --json array, printed an element at a time as each record is
 * verified (so a batch of any size is not held in memory), in the layout
 * json_dumpf gives a whole array with JSON_INDENT(2). */
typedef struct {
	size_t n;
} json_seq;

static void json_seq_add(json_seq *q, json_t *o)
{
	char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!s) {
		cli_error("record", "out of memory");
		return;
	}
	fputs(q->n++ ? ",\n" : "[\n", stdout);
	for (const char *p = s; *p; ) {
		size_t k = strcspn(p, "\n");
		printf("  %.*s", (int)k, p);
		p += k;
		if (*p)
			putchar(*p++);
	}
	free(s);
}

/* ---- records verified in batches, on --jobs threads, reported in order ---- */

enum { VERIFY_JOBS_MAX = 256, VERIFY_BATCH_PER_JOB = 32 };

typedef struct {
	char *where;            /* the file, or "ARCHIVE:MEMBER" */
	unsigned char *xml;
	size_t len;
	gi_record_check *chk;   /* NULL: the record could not be checked */
	char *err_message;      /* then why (gi_error_last's, copied) */
	char *err_file;
	long err_line;
	int err_code, rc;
} verify_job;

typedef struct {
	verify_job *jobs;
	size_t n, cap;
	size_t next;            /* the next job a thread takes */
	pthread_mutex_t lock;
	const gi_trust *trust;
	unsigned threads;
	json_seq *all;          /* --json: the array printed; NULL for text */
	int *bad;
} verify_batch;

static void verify_one(verify_job *j, const gi_trust *trust)
{
	j->rc = gi_record_verify(&j->chk, j->xml, j->len, j->where, trust);
	if (!j->chk) {   /* the thread's own error: copied before it goes */
		const gi_error *e = gi_error_last();
		j->err_code = e->code;
		j->err_line = e->line;
		j->err_message = strdup(e->message);
		j->err_file = e->file ? strdup(e->file) : NULL;
	}
	free(j->xml);
	j->xml = NULL;
}

static void *verify_worker(void *arg)
{
	verify_batch *b = arg;
	for (;;) {
		pthread_mutex_lock(&b->lock);
		size_t i = b->next < b->n ? b->next++ : b->n;
		pthread_mutex_unlock(&b->lock);
		if (i == b->n)
			return NULL;
		verify_one(&b->jobs[i], b->trust);
	}
}

/* Reports one verified record (into the JSON array when asked); raises
 * *bad to 1 for a record that does not verify, 2 for one unread. */
static void verify_report(verify_job *j, json_seq *all, int *bad)
{
	gi_record_check *chk = j->chk;
	if (!chk) {
		gi_error e = { j->err_code, j->err_message ? j->err_message : "out of memory", NULL, j->err_line };
		char line[4096];
		e.file = file_label(j->err_file ? j->err_file : j->where);
		gi_error_format(line, sizeof line, &e);
		cli_error(NULL, "%s", line);
		*bad = 2;
		return;
	}
	if (j->rc != 0 && !*bad)
		*bad = 1;
	if (all) {
		json_seq_add(all, record_check_json(j->where, chk));
	} else if (chk->status == GI_RECORD_VALID) {
		printf("%s: VERIFIED — sample %s, verdict %s; signed by %s (serial %s) at %s%s%s%s\n", shown(j->where),
		       shown(chk->sample_id), shown(chk->verdict), shown(chk->signer), shown(chk->serial),
		       shown(chk->issued), chk->timestamp ? "; time-stamped " : "", shown(chk->timestamp),
		       chk->timestamp ? " by a trusted TSA" : "");
	} else {
		printf("%s: NOT VERIFIED (%s) — %s\n", shown(j->where), gi_record_status_name(chk->status),
		       shown_line(chk->reason));
	}
}

/* Verifies the records queued (on the batch's threads, this one among
 * them), reports them in the order they were queued, and empties it. */
static void verify_run(verify_batch *b)
{
	pthread_t t[VERIFY_JOBS_MAX];
	unsigned started = 0;
	b->next = 0;
	for (unsigned k = 1; k < b->threads && k < b->n; k++, started++)
		if (pthread_create(&t[started], NULL, verify_worker, b) != 0)
			break;   /* fewer threads: the work is still all done below */
	verify_worker(b);
	for (unsigned k = 0; k < started; k++)
		pthread_join(t[k], NULL);
	for (size_t i = 0; i < b->n; i++) {
		verify_report(&b->jobs[i], b->all, b->bad);
		gi_record_check_free(b->jobs[i].chk);
		free(b->jobs[i].where);
		free(b->jobs[i].err_message);
		free(b->jobs[i].err_file);
	}
	b->n = 0;
}

/* Queues a record (taking where and xml), verifying the batch once it
 * is full; -1 out of memory (reported). */
static int verify_add(verify_batch *b, char *where, unsigned char *xml, size_t len)
{
	if (b->n == b->cap) {
		size_t cap = (size_t)b->threads * VERIFY_BATCH_PER_JOB;
		verify_job *j = b->jobs ? b->jobs : calloc(cap, sizeof *j);
		if (!j) {
			free(where);
			free(xml);
			cli_error("record", "out of memory");
			*b->bad = 2;
			return -1;
		}
		b->jobs = j;
		b->cap = cap;
	}
	b->jobs[b->n++] = (verify_job){ .where = where, .xml = xml, .len = len };
	if (b->n == b->cap || b->threads == 1)
		verify_run(b);
	return 0;
}

/* Verifies one record file as the batch's records are */
static void record_verify_file(const char *file, verify_batch *b)
{
	size_t len;
	char *xml = slurp(file, &len), *where = xml ? strdup(file) : NULL;
	if (!where) {
		if (xml)
			cli_error("record", "out of memory");
		free(xml);
		*b->bad = 2;
		return;
	}
	verify_add(b, where, (unsigned char *)xml, len);
}

/* ---- records in a tar file (tar_read.h reads it) ---- */

/* A member the manifest check fails, reported as a record that does not verify */
static void manifest_fail(const char *where, const char *reason, int json, json_seq *all, int *bad)
{
	if (!*bad)
		*bad = 1;
	if (json) {
		gi_record_check c;
		memset(&c, 0, sizeof c);
		c.status = GI_RECORD_MALFORMED;
		c.reason = reason;
		json_t *o = record_check_json(where, &c);
		json_object_set_new(o, "status", json_string("manifest"));
		json_seq_add(all, o);
	} else {
		printf("%s: NOT VERIFIED (manifest) — %s\n", shown(where), shown_line(reason));
	}
}

/* "ARCHIVE:MEMBER" */
static char *member_path(const char *archive, const char *member)
{
	char *s;
	return asprintf(&s, "%s:%s", archive, member) < 0 ? NULL : s;
}

/* Checks one SHA256SUMS line ("HEX  NAME" or "HEX *NAME") against the
 * members' digests, marking the one it names seen. */
static void manifest_line(const tar_archive *a, const char *line, size_t k, char *seen, int json, json_seq *all, int *bad)
{
	char *why = NULL, *where = NULL;
	size_t h = 0;
	while (h < 64 && h < k && strchr("0123456789abcdefABCDEF", line[h]))
		h++;
	if (h != 64 || k < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) {
		if (asprintf(&why, "SHA256SUMS: a line that is not \"SHA-256  NAME\": %.*s", (int)(k > 80 ? 80 : k), line) < 0)
			why = NULL;
		where = member_path(a->file, "SHA256SUMS");
	} else {
		tar_member *m = tar_find(a, line + 66, k - 66);
		if (m) {
			seen[m - a->m] = 1;
			char hex[65];
			for (unsigned j = 0; j < 32; j++)
				snprintf(hex + 2 * j, 3, "%02x", m->md[j]);
			if (m->hashed && strncasecmp(hex, line, 64) == 0)
				return;
			where = member_path(a->file, m->name);
			why = strdup("its SHA-256 does not match the one SHA256SUMS lists: it was altered");
		} else {
			if (asprintf(&why, "SHA256SUMS lists %.*s, which the archive does not hold", (int)(k - 66), line + 66) < 0)
				why = NULL;
			where = member_path(a->file, "SHA256SUMS");
		}
	}
	manifest_fail(where ? where : a->file, why ? why : "out of memory", json, all, bad);
	free(why);
	free(where);
}

/* Checks SHA256SUMS (its bytes in sums) against every other member's digest */
static void manifest_check(const tar_archive *a, const char *sums, size_t sums_len, int json, json_seq *all, int *bad)
{
	const tar_member *sm = tar_find(a, "SHA256SUMS", 10);
	if (!sm || !sums) {
		char *where = member_path(a->file, "SHA256SUMS");
		manifest_fail(where ? where : a->file, "the archive holds no SHA256SUMS, so it cannot be shown complete",
		              json, all, bad);
		free(where);
		return;
	}
	char *seen = calloc(a->n, 1);
	if (!seen) {
		manifest_fail(a->file, "out of memory", json, all, bad);
		return;
	}
	seen[sm - a->m] = 1;
	const char *p = sums, *end = p + sums_len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (k)
			manifest_line(a, p, k, seen, json, all, bad);
		p += k + 1;
	}
	for (size_t i = 0; i < a->n; i++)
		if (!seen[i]) {
			char *where = member_path(a->file, a->m[i].name);
			manifest_fail(where ? where : a->file, "not listed in SHA256SUMS", json, all, bad);
			free(where);
		}
	free(seen);
}

static int is_xml_member(const char *name)
{
	size_t n = strlen(name);
	return n >= 4 && strcmp(name + n - 4, ".xml") == 0;
}

/* Verifies every .xml member of a tar file as record_verify_file does a
 * file, then its SHA256SUMS; a malformed archive verifies nothing (*bad = 2). */
static void record_verify_tar(const char *file, verify_batch *b)
{
	tar_archive a = { .file = file, .fd = -1 };
	unsigned char *chunk = NULL;
	size_t chunk_cap = 0;
	char *sums = NULL;
	size_t sums_len = 0;
	if (tar_read(&a) < 0)
		goto unreadable;
	for (size_t i = 0; i < a.n; i++) {
		tar_member *m = &a.m[i];
		int xml = is_xml_member(m->name), manifest = strcmp(m->name, "SHA256SUMS") == 0;
		if ((xml || manifest) && m->len > TAR_RECORD_MAX) {
			char *where = member_path(file, m->name);
			cli_error("record", "%s: larger than %d MiB, not read", where ? where : file, TAR_RECORD_MAX >> 20);
			free(where);
			goto unreadable;
		}
		if (!xml) {
			if (tar_member_read(&a, m, manifest, &chunk, &chunk_cap) < 0)
				goto unreadable;
			if (manifest) {
				if (!(sums = malloc(m->len + 1)))
					goto unreadable;
				memcpy(sums, chunk, m->len);
				sums_len = m->len;
			}
			continue;
		}
		unsigned char *rec = NULL;
		size_t rec_cap = 0;
		char *where = NULL;
		if (tar_member_read(&a, m, 1, &rec, &rec_cap) < 0 || !(where = member_path(file, m->name))) {
			if (rec && !where)
				cli_error("record", "out of memory");
			free(rec);
			goto unreadable;
		}
		if (verify_add(b, where, rec, m->len) < 0)
			goto unreadable;
	}
	verify_run(b);   /* the records first, then what the manifest finds */
	manifest_check(&a, sums, sums_len, b->all != NULL, b->all, b->bad);
	goto done;
unreadable:
	verify_run(b);   /* those read before are still reported */
	*b->bad = 2;
done:
	free(sums);
	free(chunk);
	tar_free(&a);
}

static int record_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 't' },
		{ "crl", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "at", required_argument, NULL, 'a' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *anchors = NULL, *crl = NULL;
	long long at = 0;
	unsigned jobs = 1;
	int json = 0, c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': anchors = optarg; break;
		case 'c': crl = optarg; break;
		case 'j': json = 1; break;
		case 'J':
			if (parse_jobs(&jobs, optarg, VERIFY_JOBS_MAX) < 0)
				return usage_error("record", "--jobs must be a number of threads from 0 to %d, not '%s'",
				                   VERIFY_JOBS_MAX, optarg);
			break;
		case 'a':
			if (parse_at(&at, optarg) < 0)
				return usage_error("record", "--at '%s': give a UTC time as 2031-05-01 or 2031-05-01T12:00:00Z", optarg);
			break;
		case 'h': fputs(record_usage, stdout); return EXIT_PASS;
		default: return option_error("record", c, argv);
		}
	}
	if (!anchors)
		return usage_error("record", "verify needs --trust CA.pem (the certificates you trust)");
	if (optind >= argc)
		return usage_error("record", "verify needs at least one FILE");
	gi_trust *trust;
	if (gi_trust_load(&trust, anchors, crl) < 0)
		return report_error(anchors);
	if (at)
		gi_trust_set_time(trust, at);
	int bad = 0;
	json_seq seq = { 0 };
	verify_batch b = { .trust = trust, .threads = jobs, .all = json ? &seq : NULL, .bad = &bad };
	pthread_mutex_init(&b.lock, NULL);
	for (int i = optind; i < argc; i++)
		if (strlen(argv[i]) > 4 && strcmp(argv[i] + strlen(argv[i]) - 4, ".tar") == 0)
			record_verify_tar(argv[i], &b);
		else
			record_verify_file(argv[i], &b);
	verify_run(&b);
	pthread_mutex_destroy(&b.lock);
	free(b.jobs);
	if (json) {
		fputs(seq.n ? "\n]\n" : "[]\n", stdout);
	}
	gi_trust_free(trust);
	return bad == 2 ? EXIT_BAD_INPUT : bad ? EXIT_FAIL : EXIT_PASS;
}

/* Writes data to path through a temporary file renamed into place. */
static int replace_file(const char *path, const char *data, size_t len)
{
	char *tmp = NULL;
	if (asprintf(&tmp, "%s.restamp-XXXXXX", path) < 0)
		return -1;
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	int ok = f && fwrite(data, 1, len, f) == len;
	if (f)
		ok = fclose(f) == 0 && ok;
	else if (fd >= 0)
		close(fd);
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		fprintf(stderr, "gi: %s: cannot write: %s (left as it was)\n", path, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
	}
	free(tmp);
	return ok ? 0 : -1;
}

static int record_restamp(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 't' },
		{ "crl", required_argument, NULL, 'c' },
		{ "tsa-command", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *anchors = NULL, *crl = NULL, *tsa = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': anchors = optarg; break;
		case 'c': crl = optarg; break;
		case 'T': tsa = optarg; break;
		case 'h': fputs(record_usage, stdout); return EXIT_PASS;
		default: return option_error("record", c, argv);
		}
	}
	if (!anchors || !tsa)
		return usage_error("record", "restamp needs --trust CA.pem and --tsa-command CMD");
	if (optind >= argc)
		return usage_error("record", "restamp needs at least one FILE");
	gi_trust *trust;
	if (gi_trust_load(&trust, anchors, crl) < 0)
		return report_error(anchors);
	int bad = 0;
	for (int i = optind; i < argc; i++) {
		size_t len, out_len;
		char *xml = slurp(argv[i], &len), *out = NULL;
		if (!xml) {
			bad = 1;
			continue;
		}
		int rc = gi_record_restamp(&out, &out_len, xml, len, argv[i], trust, run_tsa, (void *)tsa);
		free(xml);
		if (rc < 0) {
			report_error(argv[i]);
			bad = 1;
		} else if (replace_file(argv[i], out, out_len) < 0) {
			bad = 1;
		} else {
			printf("%s: archive time-stamp added\n", argv[i]);
		}
		gi_free(out);
	}
	gi_trust_free(trust);
	return bad ? EXIT_BAD_INPUT : EXIT_PASS;
}

static int record_show(int argc, char **argv)
{
	int json = argc > 2 && strcmp(argv[1], "--json") == 0;
	const char *file = argv[argc - 1];
	if (argc != 2 + json)
		return usage_error("record", "show needs exactly one FILE");
	size_t len;
	char *xml = slurp(file, &len);
	if (!xml)
		return EXIT_BAD_INPUT;
	char *js;
	int rc = gi_record_json(&js, xml, len, file);
	free(xml);
	if (rc < 0)
		return report_error(file);
	if (json) {
		puts(js);
		gi_free(js);
		return EXIT_PASS;
	}
	json_t *o = json_loads(js, 0, NULL);
	gi_free(js);
	json_t *spec = json_object_get(o, "spec"), *rep = json_object_get(o, "report"),
	       *smp = json_object_get(o, "sample"), *ver = json_object_get(o, "verdict");
#define S(obj, key) (json_string_value(json_object_get(obj, key)) ? shown(json_string_value(json_object_get(obj, key))) : "—")
	printf("Record     %s (libgi %s)\n", S(o, "id"), S(o, "libgi"));
	printf("Issued     %s, claimed issuer %s (not checked; gi record verify names the signer)\n", S(o, "issued"),
	       S(o, "issuer"));
	printf("Spec       %s version %s, sha256 %s\n", S(spec, "id"), S(spec, "version"), S(spec, "sha256"));
	printf("Report     %s, sha256 %s, lab %s\n", S(rep, "file"), S(rep, "sha256"), S(rep, "lab"));
	printf("Sample     %s, lot %s, product %s\n", S(smp, "id"), S(smp, "lot"), S(smp, "product"));
	printf("Verdict    %s — %s\n", S(ver, "value"), S(ver, "reason"));
	json_t *origin = json_object_get(o, "origin");
	printf("Origin     %s — %s\n", S(origin, "value"), S(origin, "reason"));
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(o, "criteria"), i, c)
		printf("Criterion  %s: %s (%s) — %s\n", S(c, "id"), S(c, "verdict"), S(c, "rule"), S(c, "reason"));
	printf("Signature  %s (gi record verify --trust CA.pem checks it)\n",
	       json_is_true(json_object_get(o, "signed")) ? "present" : "absent");
#undef S
	json_decref(o);
	return EXIT_PASS;
}

int cmd_record(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(record_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_BAD_INPUT : EXIT_PASS;
	}
	if (strcmp(argv[1], "verify") == 0)
		return record_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return record_show(argc - 1, argv + 1);
	if (strcmp(argv[1], "restamp") == 0)
		return record_restamp(argc - 1, argv + 1);
	return usage_error("record", "unknown subcommand '%s' (verify, restamp or show)", argv[1]);
}

/* ---- gi keygen ---- */

static const char keygen_usage[] =
	"Usage: gi keygen [--ec] [--subject DN] --key KEY.pem --cert CERT.pem\n"
	"Make a demonstration signing key (RSA-2048, or EC P-256 with --ec) and a\n"
	"self-signed certificate valid for one year, so the quick start can sign\n"
	"records. A laboratory signs with the certificate its CA issued instead.\n"
	"The key is written unencrypted, readable by its owner only.\n";

/* "/C=VN/O=.../CN=..." into name; 0 when a part is not KEY=VALUE or
 * OpenSSL does not know the key. */
static int parse_subject(X509_NAME *name, const char *subject)
{
	int ok = 1;
	char *dn = strdup(subject), *save = NULL;
	if (!dn)
		return 0;
	for (char *part = strtok_r(dn, "/", &save); ok && part; part = strtok_r(NULL, "/", &save)) {
		char *eq = strchr(part, '=');
		if (!eq || !X509_NAME_add_entry_by_txt(name, (*eq = '\0', part), MBSTRING_UTF8,
		                                        (unsigned char *)eq + 1, -1, -1, 0))
			ok = 0;
	}
	free(dn);
	return ok;
}

/* A self-signed CA certificate for pkey, valid for a year from now, with a
 * random positive serial from OpenSSL's generator; 0 on any failure. */
static int self_sign(X509 *x, X509_NAME *name, EVP_PKEY *pkey)
{
	unsigned char serial[16] = { 0 };
	int ok = RAND_bytes(serial, sizeof serial) == 1;
	serial[0] &= 0x7f;   /* a positive INTEGER (RFC 5280 4.1.2.2) */
	BIGNUM *bn = ok ? BN_bin2bn(serial, sizeof serial, NULL) : NULL;
	ok = ok && bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	X509_set_version(x, 2);
	X509_set_subject_name(x, name);
	X509_set_issuer_name(x, name);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 365L * 24 * 3600);
	X509_set_pubkey(x, pkey);
	X509V3_CTX v3;
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	static const char *const exts[][2] = {
		{ "basicConstraints", "critical,CA:TRUE" },
		{ "keyUsage", "critical,digitalSignature,nonRepudiation,keyCertSign" },
		{ "subjectKeyIdentifier", "hash" },
	};
	for (size_t i = 0; ok && i < sizeof exts / sizeof exts[0]; i++) {
		X509_EXTENSION *e = X509V3_EXT_conf(NULL, &v3, exts[i][0], exts[i][1]);
		ok = e && X509_add_ext(x, e, -1);
		X509_EXTENSION_free(e);
	}
	return ok && X509_sign(x, pkey, EVP_sha256()) > 0;
}

/* Writes the key (mode 0600) and the certificate to new files; on failure
 * neither is left behind. */
static int write_pair(const char *keyf, const char *certf, EVP_PKEY *pkey, X509 *x)
{
	mode_t old = umask(077);
	FILE *kf = fopen(keyf, "wx");
	umask(old);
	FILE *cf = kf ? fopen(certf, "wx") : NULL;
	int ok = kf && cf && PEM_write_PrivateKey(kf, pkey, NULL, NULL, 0, NULL, NULL) && PEM_write_X509(cf, x);
	if (!kf || !cf)
		cli_error("keygen", "cannot create %s: %s (existing files are not overwritten)",
		          kf ? certf : keyf, strerror(errno));
	if (kf && fclose(kf) != 0)
		ok = 0;
	if (cf && fclose(cf) != 0)
		ok = 0;
	if (!ok && kf) {
		remove(keyf);
		if (cf)
			remove(certf);
	}
	return ok;
}

int cmd_keygen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "ec", no_argument, NULL, 'e' },
		{ "subject", required_argument, NULL, 's' },
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *subject = "/C=VN/O=Demonstration laboratory/CN=libgi demo signer", *keyf = NULL, *certf = NULL;
	int ec = 0, c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': ec = 1; break;
		case 's': subject = optarg; break;
		case 'k': keyf = optarg; break;
		case 'c': certf = optarg; break;
		case 'h': fputs(keygen_usage, stdout); return EXIT_PASS;
		default: return option_error("keygen", c, argv);
		}
	}
	if (!keyf || !certf || optind != argc)
		return usage_error("keygen", "give --key and --cert");
	EVP_PKEY *pkey = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	int ok = pkey && x && name && parse_subject(name, subject);
	if (!ok)
		cli_error("keygen", "cannot make the key or read the subject '%s'", subject);
	else
		ok = self_sign(x, name, pkey) && write_pair(keyf, certf, pkey, x);
	EVP_PKEY_free(pkey);
	X509_free(x);
	X509_NAME_free(name);
	if (!ok)
		return EXIT_BAD_INPUT;
	printf("Wrote %s (%s private key) and %s (self-signed certificate, 1 year).\n", shown(keyf),
	       ec ? "EC P-256" : "RSA-2048", shown(certf));
	return EXIT_PASS;
}
