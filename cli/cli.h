/* cli.h - the gi command's subcommands and shared output helpers. */
#ifndef GI_CLI_H
#define GI_CLI_H

#include <stdio.h>
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
/* Reads a whole file (at most 64 MiB); NULL with a message on failure. */
char *slurp(const char *path, size_t *len);
/* gi_tsa_cb running a shell command (payload): request on stdin, response
 * on stdout (cmd_verify.c). */
int run_tsa(unsigned char **resp, size_t *resp_len, const unsigned char *req, size_t req_len, void *payload);

/* Prints gi_error_last() as "gi: FILE:LINE: message" and returns EXIT_BAD_INPUT. */
int report_error(const char *context);
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes s padded with spaces to width columns (UTF-8 aware), plus a gap. */
void put_cell(FILE *f, const char *s, size_t width);
/* Copies a finished temporary output file to stdout; 0 or -1. */
int copy_out(FILE *tmp);
/* "5.34", "0.001": %g with up to 6 significant digits. */
const char *num(char *buf, size_t n, double v);

/* html.c: the HTML report of gi verify --html */
void html_text(FILE *f, const char *s);
void html_head(FILE *f, const gi_spec *spec, gi_report *report, const char *rule);
void html_sample(FILE *f, const gi_sample_result *r);
void html_tail(FILE *f, gi_report *report, const gi_summary *sum);

#endif
