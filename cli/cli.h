/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.h - the gi command's subcommands and shared output helpers. */
#ifndef GI_CLI_H
#define GI_CLI_H

#include <stdio.h>
#include <sys/types.h>
#include <gi/gi.h>

/* Exit statuses (documented in gi(1)). */
enum {
	EXIT_PASS = 0,
	EXIT_FAIL = 1,
	EXIT_BAD_INPUT = 2,
	EXIT_INCONCLUSIVE = 3
};

int cmd_spec(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_pt(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_risk(int argc, char **argv);
int cmd_stamp(int argc, char **argv);
int cmd_registry(int argc, char **argv);
int cmd_log(int argc, char **argv);
/* cmd_log.c, for gi verify --log: opens the log in dir as its writer with
 * the signer key in key_file; appends one record (named for messages);
 * commits the run's records under one checkpoint, saying so on out (or
 * not, NULL). Each returns 0, or -1 after a message. */
int log_hook_open(gi_log **log, const char *dir, const char *key_file);
int log_hook_append(gi_log *log, const char *name, const void *data, size_t len);
int log_hook_commit(gi_log *log, FILE *out);
/* Reads a whole file (at most 64 MiB); NULL with a message on failure. */
char *slurp(const char *path, size_t *len);
/* gi_tsa_cb running a shell command (payload): request on stdin, response
 * on stdout (cmd_verify.c). */
int run_tsa(unsigned char **resp, size_t *resp_len, const unsigned char *req, size_t req_len, void *payload);

/* password.c: sets so->password from the file (--password-file), else
 * from $GI_KEY_PASSWORD, else so->password_cb to ask on the terminal (when
 * standard input is one, and only if the key or token needs it). buf (n
 * bytes) holds a password read from the file. 0, or -1 after a message. */
int cli_password(gi_signer_options *so, const char *cmd, const char *file, char *buf, size_t n);

/* Prints gi_error_last() as "gi: FILE:LINE: message" and returns EXIT_BAD_INPUT. */
int report_error(const char *context);
/* Loads a spec named by path or installed name (gi_spec_find); 0, or
 * EXIT_BAD_INPUT after report_error(). */
int load_spec(gi_spec **out, const char *name);
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The usage error for getopt_long's '?' (unknown option) or ':' (option
 * without its value; optstrings start with ':'), naming the option. */
int option_error(const char *cmd, int c, char *const *argv);
/* Prints "gi CMD: message" (cmd may be NULL) on stderr as one line:
 * line breaks become spaces, other control characters are escaped. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Text from files, the command line or a library, safe to print for a
 * person: control characters as \n, \t, \x1b, DEL as \x7f, C1 controls
 * and bidirectional overrides as \u0085, \u202e, bytes that are not UTF-8
 * as \xHH. Valid until 16 further calls; NULL gives "". */
const char *shown(const char *s);
/* The same on one line: line breaks and tabs become a space. */
const char *shown_line(const char *s);
/* fputs(shown(s), f) */
void put_text(FILE *f, const char *s);
/* Messages naming the file opened_as name it shown_as instead (the report
 * read from standard input is opened as /dev/stdin). */
void cli_alias_file(const char *opened_as, const char *shown_as);
/* file, or its alias (in messages and JSON) */
const char *file_label(const char *file);
/* --jobs N: decimal digits only (no sign, no locale), 0..max, 0 meaning
 * 1, into *jobs; -1 (nothing said) for anything else */
int parse_jobs(unsigned *jobs, const char *text, unsigned max);
/* file, or "standard input" for the aliased one (in headings) */
const char *report_title(const char *file);

/* Writes shown(s) padded with spaces to width columns (UTF-8 aware), plus a gap. */
void put_cell(FILE *f, const char *s, size_t width);
/* Copies a finished temporary output file to stdout; 0 or -1 (errno set). */
int copy_out(FILE *tmp);
/* Says "cannot write output: REASON" (once per run); the exit status
 * becomes EXIT_BAD_INPUT. */
void output_error(int err);
/* YYYY-MM-DD as noon UTC of that day, or -1 */
long long cli_parse_day(const char *s);
/* Frees the output helpers' memory and closes stdout: EXIT_BAD_INPUT with
 * "cannot write output: REASON" when anything written to it was lost,
 * else status. */
int finish_output(int status);
/* "5.34", "0.001": %g with up to 6 significant digits. */
const char *num(char *buf, size_t n, double v);

/* publish.c: files that appear whole or not at all */
#define OUTDIR_MANIFEST "SHA256SUMS"
typedef struct outdir {
	const char *cmd, *dir;
	char *tmp;          /* the private directory (or bundle file) beside dir, or NULL */
	int tmp_fd;
	FILE *manifest;     /* OUTDIR_MANIFEST: "SHA-256  NAME" per file, as sha256sum(1) writes */
	size_t files;
	mode_t mode;        /* of the published directory */
	/* a bundle: dir ends in ".tar", and the batch is one POSIX tar file */
	int is_bundle;
	FILE *bundle;
	char *bundle_buf;           /* its stdio buffer */
	char *manifest_text;        /* the manifest, kept in memory for the bundle's last entry */
	size_t manifest_len;
	char **names;               /* the entries' names: a hash set (open addressing) */
	size_t names_cap, n_names;
	long long mtime;
} outdir;
/* Starts a batch that will become directory dir, which must not exist or
 * be empty - or, when dir ends in ".tar", the one tar file dir (POSIX
 * pax/ustar), which must not exist; 0, or -1 after a message naming cmd. */
int outdir_begin(outdir *d, const char *cmd, const char *dir);
/* Writes one file of the batch; 0, -2 if name is taken (no message), or
 * -1 after a message. */
int outdir_add(outdir *d, const char *name, const void *data, size_t len);
/* The same, with data's SHA-256 (64 lowercase hex digits) computed by the
 * caller already, or NULL: computed here. */
int outdir_add_digested(outdir *d, const char *name, const void *data, size_t len, const char *sha256);
/* Writes one file named after text (a sample id), made safe as a file
 * name, plus ext; a name already taken gets "~2", "~3", ... before ext;
 * sha256 as for outdir_add_digested. 0 or -1 after a message. */
int outdir_add_named(outdir *d, const char *text, const char *ext, const void *data, size_t len, const char *sha256);
/* Syncs the batch to disk and renames it into place; 0 or -1 after a
 * message (then outdir_discard). */
int outdir_publish(outdir *d);
/* Removes an unpublished batch; safe to call after outdir_publish. */
void outdir_discard(outdir *d);

typedef struct outfile {
	const char *cmd, *path;
	char *tmp;          /* written beside path, or NULL */
	FILE *f;
	int in_place;       /* path is a device or pipe: copied there at the end */
} outfile;
/* The stream to write path's new content to, or NULL after a message. */
FILE *outfile_open(outfile *o, const char *cmd, const char *path);
/* Puts the finished content in place; 0 or -1 after a message naming the
 * path and the reason. The stream is closed either way. */
int outfile_publish(outfile *o);
void outfile_discard(outfile *o);

/* SIGINT, SIGTERM, SIGHUP and SIGPIPE only set a flag until
 * interrupt_release(), which restores their handlers and, if one came,
 * ends the process by it. */
void interrupt_catch(void);
/* The signal that came, or 0. */
int interrupted(void);
void interrupt_release(void);

/* html.c: the HTML report of gi verify --html */
void html_text(FILE *f, const char *s);
typedef struct html_doc html_doc;
/* Starts the page that html_end writes on f (which stays the caller's);
 * NULL after a message. */
html_doc *html_begin(FILE *f);
/* Adds a sample: its row of the summary (with its signed record's id, or
 * NULL when not signed) and its table. 0, or -1 on a write error. */
int html_sample(html_doc *h, const gi_sample_result *r, const char *record_id);
/* Writes the page: title, head, summary, then the samples; 0 or -1 on a
 * write error. Does not free h. */
int html_end(html_doc *h, const gi_spec *spec, gi_report *report, gi_rule_kind rule, int override,
             const gi_summary *sum, const char *signer);
void html_free(html_doc *h);

#endif
