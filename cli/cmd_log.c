/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_log.c - gi log: the transparency log (init, append, checkpoint,
 * prove, verify). */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include "cli.h"

static const char log_usage[] =
	"Usage: gi log init DIR --name NAME --key-out FILE [--json]\n"
	"       gi log append DIR --key FILE [FILE]... [--json]\n"
	"       gi log checkpoint DIR (--vkey KEY | --vkey-file F | --key FILE) [--json]\n"
	"       gi log prove DIR (--index N | --entry FILE) (--vkey KEY | --vkey-file F)\n"
	"                        [--out FILE]\n"
	"       gi log prove DIR --consistency OLDSIZE (--vkey KEY | --vkey-file F) [--json]\n"
	"       gi log verify DIR (--vkey KEY | --vkey-file F) [--state FILE] [--json]\n"
	"       gi log verify URL (--vkey KEY | --vkey-file F) [--state FILE] [--ca FILE]\n"
	"                         [--timeout SECONDS] [--json]\n"
	"       gi log verify --proof FILE --entry FILE (--vkey KEY | --vkey-file F) [--json]\n"
	"The transparency log: an append-only Merkle tree (RFC 9162) stored as a\n"
	"static C2SP tlog-tiles directory, with checkpoints signed by the log's\n"
	"Ed25519 key (C2SP signed note).\n"
	"\n"
	"  init        make an empty log in DIR named NAME (its origin line);\n"
	"              writes the signer key to FILE (keep it secret) and prints\n"
	"              the verifier key NAME+ID+BASE64 to publish\n"
	"  append      append each FILE (or standard input) as one entry, then\n"
	"              sign one checkpoint for the batch\n"
	"  checkpoint  check the signature and print the current checkpoint\n"
	"  prove       print an offline inclusion proof (c2sp.org/tlog-proof)\n"
	"              for entry N or for the entry with FILE's bytes; or a\n"
	"              consistency proof from the tree of OLDSIZE entries\n"
	"  verify      the monitor: check the checkpoint's signature, recompute\n"
	"              every tile from the entries, and prove the log extends the\n"
	"              checkpoint kept in --state FILE (then updated); with\n"
	"              --proof, check an offline proof for the entry's bytes;\n"
	"              a log published at an http:// or https:// URL is fetched\n"
	"              from its web server (checkpoint, tiles and entry bundles)\n"
	"\n"
	"  --vkey KEY, --vkey-file F  the log's verifier key, or a file holding it\n"
	"  --key FILE  the signer key file (gi log init --key-out)\n"
	"  --ca FILE   PEM CA certificates to trust for an https:// URL instead of\n"
	"              the system's\n"
	"  --timeout SECONDS  for a URL: the time allowed for each file fetched\n"
	"              (default 60; connecting: at most 10)\n"
	"  --json      machine-readable output\n"
	"\n"
	"Exit status: 0 verified (or done); 1 the log or proof does not verify;\n"
	"2 bad usage or bad input.\n";

enum { O_NAME = 256, O_KEY_OUT, O_KEY, O_VKEY, O_VKEY_FILE, O_INDEX, O_ENTRY, O_OUT, O_CONSISTENCY,
	O_STATE, O_PROOF, O_JSON, O_CA, O_TIMEOUT };

typedef struct log_args {
	const char *dir, *name, *key_out, *key, *vkey, *vkey_file, *index, *entry, *out, *consistency,
		*state, *proof, *ca, *timeout;
	int json;
	char **files;
	int nfiles;
	char *vkey_buf, *skey_buf;
} log_args;

/* a key file's first line */
static char *read_key(const char *path)
{
	size_t n;
	char *s = slurp(path, &n);
	if (!s)
		return NULL;
	s[strcspn(s, "\r\n")] = '\0';
	return s;
}

static int parse_args(log_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, O_NAME },
		{ "key-out", required_argument, NULL, O_KEY_OUT },
		{ "key", required_argument, NULL, O_KEY },
		{ "vkey", required_argument, NULL, O_VKEY },
		{ "vkey-file", required_argument, NULL, O_VKEY_FILE },
		{ "index", required_argument, NULL, O_INDEX },
		{ "entry", required_argument, NULL, O_ENTRY },
		{ "out", required_argument, NULL, O_OUT },
		{ "consistency", required_argument, NULL, O_CONSISTENCY },
		{ "state", required_argument, NULL, O_STATE },
		{ "proof", required_argument, NULL, O_PROOF },
		{ "json", no_argument, NULL, O_JSON },
		{ "ca", required_argument, NULL, O_CA },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case O_NAME: a->name = optarg; break;
		case O_KEY_OUT: a->key_out = optarg; break;
		case O_KEY: a->key = optarg; break;
		case O_VKEY: a->vkey = optarg; break;
		case O_VKEY_FILE: a->vkey_file = optarg; break;
		case O_INDEX: a->index = optarg; break;
		case O_ENTRY: a->entry = optarg; break;
		case O_OUT: a->out = optarg; break;
		case O_CONSISTENCY: a->consistency = optarg; break;
		case O_STATE: a->state = optarg; break;
		case O_PROOF: a->proof = optarg; break;
		case O_JSON: a->json = 1; break;
		case O_CA: a->ca = optarg; break;
		case O_TIMEOUT: a->timeout = optarg; break;
		case 'h':
			fputs(log_usage, stdout);
			return -1;
		default:
			return option_error("log", c, argv) ? 2 : 2;
		}
	}
	a->files = argv + optind;
	a->nfiles = argc - optind;
	if (a->vkey_file) {
		a->vkey_buf = read_key(a->vkey_file);
		if (!a->vkey_buf)
			return 2;
		a->vkey = a->vkey_buf;
	}
	if (a->key) {
		a->skey_buf = read_key(a->key);
		if (!a->skey_buf)
			return 2;
	}
	return 0;
}

/* a decimal index without sign (no locale) */
static int parse_index(uint64_t *out, const char *s, const char *what)
{
	uint64_t v = 0;
	if (!*s)
		return usage_error("log", "%s '%s' is not a whole number", what, s);
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10)
			return usage_error("log", "%s '%s' is not a whole number", what, s);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	return 0;
}

static void put_json(json_t *d)
{
	json_dumpf(d, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(d);
}

static int open_log(gi_log **log, const log_args *a, int writer)
{
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.signer_key = writer ? a->skey_buf : NULL;
	o.verifier_key = a->vkey;
	o.ca_file = a->ca;
	if (a->timeout) {
		uint64_t t;
		if (parse_index(&t, a->timeout, "--timeout"))
			return EXIT_BAD_INPUT;
		if (t == 0 || t > 86400)
			return usage_error("log", "--timeout %s is not between 1 and 86400 seconds", a->timeout);
		o.timeout = (long)t;
		o.connect_timeout = t < 10 ? (long)t : 10;
	}
	if (!writer && !a->vkey && a->skey_buf)
		o.signer_key = a->skey_buf; /* reading with the signer key: its public half checks */
	if (!o.signer_key && !o.verifier_key)
		return usage_error("log", writer ? "--key FILE is required" : "--vkey KEY or --vkey-file FILE is required");
	int rc = gi_log_open(log, a->dir, &o);
	if (rc == GI_EINVALID) {
		report_error("log");
		return EXIT_FAIL;
	}
	return rc ? report_error("log") : 0;
}

static int log_init(const log_args *a)
{
	if (!a->name || !a->key_out)
		return usage_error("log", "init needs DIR, --name NAME and --key-out FILE");
	char *skey, *vkey;
	if (gi_log_keygen(&skey, &vkey, a->name) != 0)
		return report_error("log");
	int fd = open(a->key_out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		cli_error("log", "%s: cannot create the key file: %s", a->key_out, strerror(errno));
		gi_free(skey);
		gi_free(vkey);
		return EXIT_BAD_INPUT;
	}
	size_t n = strlen(skey);
	int ok = write(fd, skey, n) == (ssize_t)n && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok) {
		cli_error("log", "%s: cannot write the key file: %s", a->key_out, strerror(errno));
		unlink(a->key_out);
		gi_free(skey);
		gi_free(vkey);
		return EXIT_BAD_INPUT;
	}
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.signer_key = skey;
	o.create = 1;
	gi_log *log;
	int rc = gi_log_open(&log, a->dir, &o);
	gi_free(skey);
	if (rc) {
		unlink(a->key_out);
		gi_free(vkey);
		return report_error("log");
	}
	if (a->json) {
		json_t *d = json_object();
		json_object_set_new(d, "origin", json_string(a->name));
		json_object_set_new(d, "verifier_key", json_string(vkey));
		json_object_set_new(d, "size", json_integer(0));
		put_json(d);
	} else {
		printf("%s\n", vkey);
	}
	gi_log_free(log);
	gi_free(vkey);
	return EXIT_PASS;
}

static int log_append(const log_args *a)
{
	if (!a->skey_buf)
		return usage_error("log", "append needs --key FILE");
	gi_log *log;
	int rc = open_log(&log, a, 1);
	if (rc)
		return rc;
	int n = a->nfiles ? a->nfiles : 1;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		const char *f = a->nfiles ? a->files[i] : "/dev/stdin";
		size_t len;
		char *data = slurp(f, &len);
		uint64_t idx;
		if (!data) {
			gi_log_free(log);
			json_decref(arr);
			return EXIT_BAD_INPUT;
		}
		rc = gi_log_append(log, data, len, &idx);
		free(data);
		if (rc) {
			cli_error("log", "%s: %s", file_label(f), gi_error_last()->message);
			gi_log_free(log);
			json_decref(arr);
			return EXIT_BAD_INPUT;
		}
		json_t *e = json_object();
		json_object_set_new(e, "file", json_string(a->nfiles ? f : "-"));
		json_object_set_new(e, "index", json_integer((json_int_t)idx));
		json_array_append_new(arr, e);
	}
	if (gi_log_commit(log) != 0) {
		json_decref(arr);
		gi_log_free(log);
		return report_error("log");
	}
	if (a->json) {
		json_t *d = json_object();
		json_object_set_new(d, "entries", arr);
		json_object_set_new(d, "size", json_integer((json_int_t)gi_log_size(log)));
		json_object_set_new(d, "checkpoint", json_string(gi_log_checkpoint(log)));
		put_json(d);
	} else {
		size_t i;
		json_t *e;
		json_array_foreach(arr, i, e)
			printf("%s\t%" PRIu64 "\n", json_string_value(json_object_get(e, "file")),
					(uint64_t)json_integer_value(json_object_get(e, "index")));
		json_decref(arr);
	}
	gi_log_free(log);
	return EXIT_PASS;
}

static int log_checkpoint(const log_args *a)
{
	gi_log *log;
	int rc = open_log(&log, a, 0);
	if (rc)
		return rc;
	if (a->json) {
		json_t *d = json_object();
		json_object_set_new(d, "size", json_integer((json_int_t)gi_log_size(log)));
		json_object_set_new(d, "checkpoint", json_string(gi_log_checkpoint(log)));
		put_json(d);
	} else {
		fputs(gi_log_checkpoint(log), stdout);
	}
	gi_log_free(log);
	return EXIT_PASS;
}

static int log_prove(const log_args *a)
{
	if (!a->consistency && !!a->index == !!a->entry)
		return usage_error("log", "prove needs --index N or --entry FILE (or --consistency OLDSIZE)");
	uint64_t idx = 0;
	if (a->index && parse_index(&idx, a->index, "--index"))
		return EXIT_BAD_INPUT;
	uint64_t old = 0;
	if (a->consistency && parse_index(&old, a->consistency, "--consistency"))
		return EXIT_BAD_INPUT;
	gi_log *log;
	int rc = open_log(&log, a, 0);
	if (rc)
		return rc;
	if (a->consistency) {
		unsigned char *proof;
		size_t count;
		if (gi_log_consistency_prove(log, &proof, &count, old) != 0) {
			gi_log_free(log);
			return report_error("log");
		}
		json_t *arr = json_array();
		for (size_t i = 0; i < count; i++) {
			char hex[65];
			for (int k = 0; k < 32; k++)
				snprintf(hex + 2 * k, 3, "%02x", proof[i * 32 + k]);
			json_array_append_new(arr, json_string(hex));
		}
		gi_free(proof);
		if (a->json) {
			json_t *d = json_object();
			json_object_set_new(d, "old_size", json_integer((json_int_t)old));
			json_object_set_new(d, "size", json_integer((json_int_t)gi_log_size(log)));
			json_object_set_new(d, "proof", arr);
			put_json(d);
		} else {
			size_t i;
			json_t *h;
			json_array_foreach(arr, i, h)
				printf("%s\n", json_string_value(h));
			json_decref(arr);
		}
		gi_log_free(log);
		return EXIT_PASS;
	}
	if (a->entry) {
		size_t len;
		char *data = slurp(a->entry, &len);
		if (!data) {
			gi_log_free(log);
			return EXIT_BAD_INPUT;
		}
		rc = gi_log_find(log, &idx, data, len);
		free(data);
		if (rc) {
			cli_error("log", "%s: %s", a->entry, gi_error_last()->message);
			gi_log_free(log);
			return rc == GI_EINVALID ? EXIT_FAIL : EXIT_BAD_INPUT;
		}
	}
	char *proof;
	if (gi_log_prove(log, &proof, idx) != 0) {
		gi_log_free(log);
		return report_error("log");
	}
	gi_log_free(log);
	FILE *f = stdout;
	if (a->out && !(f = fopen(a->out, "w"))) {
		cli_error("log", "%s: cannot write: %s", a->out, strerror(errno));
		gi_free(proof);
		return EXIT_BAD_INPUT;
	}
	fputs(proof, f);
	gi_free(proof);
	if (f != stdout && fclose(f) != 0) {
		cli_error("log", "%s: cannot write: %s", a->out, strerror(errno));
		return EXIT_BAD_INPUT;
	}
	return EXIT_PASS;
}

static int log_verify_proof(const log_args *a)
{
	if (!a->entry || !a->vkey)
		return usage_error("log", "verify --proof needs --entry FILE and --vkey KEY (or --vkey-file)");
	size_t plen, elen;
	char *proof = slurp(a->proof, &plen);
	char *entry = proof ? slurp(a->entry, &elen) : NULL;
	if (!proof || !entry) {
		free(proof);
		return EXIT_BAD_INPUT;
	}
	uint64_t idx = 0, size = 0;
	int rc = gi_log_proof_verify(&idx, &size, proof, a->vkey, entry, elen);
	free(proof);
	free(entry);
	if (rc && rc != GI_EINVALID) {
		const gi_error *e = gi_error_last();
		cli_error("log", "%s:%ld: %s", a->proof, e->line, e->message);
		return EXIT_BAD_INPUT;
	}
	if (a->json) {
		json_t *d = json_object();
		json_object_set_new(d, "verified", json_boolean(rc == 0));
		if (rc == 0) {
			json_object_set_new(d, "index", json_integer((json_int_t)idx));
			json_object_set_new(d, "size", json_integer((json_int_t)size));
		} else {
			json_object_set_new(d, "reason", json_string(gi_error_last()->message));
		}
		put_json(d);
	} else if (rc == 0) {
		printf("%s: entry %" PRIu64 " of a tree of %" PRIu64 " %s, signed by the log\n", a->entry, idx, size,
		       size == 1 ? "entry" : "entries");
	} else {
		cli_error("log", "%s: %s", a->proof, gi_error_last()->message);
	}
	return rc == 0 ? EXIT_PASS : EXIT_FAIL;
}

static int log_verify(const log_args *a)
{
	if (a->proof)
		return log_verify_proof(a);
	gi_log *log;
	int rc = open_log(&log, a, 0);
	if (rc)
		return rc;
	/* with no checkpoint kept yet, this run has nothing to be consistent
	 * with: it only starts the state file */
	int had_state = a->state && access(a->state, F_OK) == 0;
	rc = gi_log_monitor(log, a->state);
	if (rc && rc != GI_EINVALID) {
		gi_log_free(log);
		return report_error("log");
	}
	if (a->json) {
		json_t *d = json_object();
		json_object_set_new(d, "verified", json_boolean(rc == 0));
		json_object_set_new(d, "size", json_integer((json_int_t)gi_log_size(log)));
		if (rc) {
			char buf[1024];
			gi_error_format(buf, sizeof buf, gi_error_last());
			json_object_set_new(d, "reason", json_string(buf));
		}
		put_json(d);
	} else if (rc == 0) {
		printf("%s: %" PRIu64 " %s; signature, tiles and root verified%s\n", a->dir, gi_log_size(log),
		       gi_log_size(log) == 1 ? "entry" : "entries",
		       !a->state ? ""
		       : had_state ? "; consistent with the checkpoint kept in the state file"
		                   : "; checkpoint kept in the state file for the next run");
	} else {
		report_error("log");
	}
	gi_log_free(log);
	return rc == 0 ? EXIT_PASS : EXIT_FAIL;
}

int cmd_log(int argc, char **argv)
{
	if (argc < 2) {
		fputs(log_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		fputs(log_usage, stdout);
		return EXIT_PASS;
	}
	log_args a;
	memset(&a, 0, sizeof a);
	int rc = parse_args(&a, argc - 1, argv + 1);
	if (rc) {
		free(a.vkey_buf);
		free(a.skey_buf);
		return rc < 0 ? EXIT_PASS : EXIT_BAD_INPUT;
	}
	int need_dir = !(strcmp(sub, "verify") == 0 && a.proof);
	if (need_dir) {
		if (a.nfiles < 1) {
			rc = usage_error("log", "%s needs the log directory DIR", sub);
			goto done;
		}
		a.dir = a.files[0];
		a.files++;
		a.nfiles--;
	}
	if (strcmp(sub, "append") != 0 && a.nfiles > 0) {
		rc = usage_error("log", "unexpected argument '%s'", a.files[0]);
		goto done;
	}
	if (strcmp(sub, "init") == 0)
		rc = log_init(&a);
	else if (strcmp(sub, "append") == 0)
		rc = log_append(&a);
	else if (strcmp(sub, "checkpoint") == 0)
		rc = log_checkpoint(&a);
	else if (strcmp(sub, "prove") == 0)
		rc = log_prove(&a);
	else if (strcmp(sub, "verify") == 0)
		rc = log_verify(&a);
	else
		rc = usage_error("log", "unknown command 'log %s'", sub);
done:
	free(a.vkey_buf);
	free(a.skey_buf);
	return rc;
}

/* ---------------------------------------------------------------- gi verify --log */

int log_hook_open(gi_log **log, const char *dir, const char *key_file)
{
	char *skey = read_key(key_file);
	if (!skey)
		return -1;
	gi_log_options o = GI_LOG_OPTIONS_INIT;
	o.signer_key = skey;
	int rc = gi_log_open(log, dir, &o);
	OPENSSL_cleanse(skey, strlen(skey));
	free(skey);
	if (rc) {
		report_error("verify");
		return -1;
	}
	return 0;
}

int log_hook_append(gi_log *log, const char *name, const void *data, size_t len)
{
	if (gi_log_append(log, data, len, NULL) != 0) {
		cli_error("verify", "cannot log the record of sample %s: %s", name, gi_error_last()->message);
		return -1;
	}
	return 0;
}

int log_hook_commit(gi_log *log, FILE *out)
{
	uint64_t before = gi_log_size(log);
	if (gi_log_commit(log) != 0) {
		cli_error("verify", "the records were written but not logged: %s", gi_error_last()->message);
		return -1;
	}
	if (out && gi_log_size(log) == before)
		fprintf(out, "Logged: no record\n");
	else if (out && gi_log_size(log) - before == 1)
		fprintf(out, "Logged: entry %" PRIu64 " of the log (checkpoint of %" PRIu64 " %s)\n", before,
		        gi_log_size(log), gi_log_size(log) == 1 ? "entry" : "entries");
	else if (out)
		fprintf(out, "Logged: entries %" PRIu64 "..%" PRIu64 " of the log (checkpoint of %" PRIu64 " entries)\n",
		        before, gi_log_size(log) - 1, gi_log_size(log));
	return 0;
}
