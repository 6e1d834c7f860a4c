/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_verify.c - gi verify: a lab report against a specification.
 *
 * Output is written to a temporary file and copied to stdout only when the
 * whole report has been read without error, so bad input never leaves a
 * partial table or JSON document behind - while memory stays flat for
 * reports of any size.
 */
#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include "cli.h"
#include "i18n.h"
#include "pdf.h"
#include "progress.h"
#include "sign_queue.h"

/* gi verify --help, in the language of LC_MESSAGES */
static const char *const verify_usage = N_(
	"Usage: gi verify --spec FILE --report FILE [--json] [--format xml|csv]\n"
	"Check every sample of a laboratory report against a GI specification.\n"
	"\n"
	"  -s, --spec FILE      the product specification (XML, see gi-spec.xsd); repeat\n"
	"                       it for several versions of one spec: each sample is\n"
	"                       judged by the version in force on its sampling date\n"
	"  -r, --report FILE    the lab report: XML (lab-report.xsd) or CSV, one row\n"
	"                       per measurement; '-' reads standard input\n"
	"      --format FMT     xml or csv, when the content does not make it clear\n"
	"      --decimal SEP    the report's decimal separator, ',' or '.'; by default\n"
	"                       the numbers tell, and a value such as 1.500 that could\n"
	"                       be thousands grouping is refused until something does\n"
	"      --json           a JSON document (specs/json-format.md) instead of a table\n"
	"      --html OUT       also write a self-contained HTML report with a picture\n"
	"                       of every decision (written only if the run succeeds)\n"
	"      --pdf OUT        also write the certificate of analysis (PDF, A4), with a\n"
	"                       QR code per signed record (as --html: only on success)\n"
	"      --record-url URL  the QR codes hold URL and the record id (default: the id)\n"
	"      --pdf-each DIR   also write a certificate per sample, SAMPLE.pdf, into DIR,\n"
	"                       a new or empty directory that appears, with a\n"
	"                       SHA256SUMS manifest, only if the whole run succeeds\n"
	"      --sign-key KEY --sign-cert CERT   (PEM; CERT may hold the chain after it)\n"
	"                       KEY may be a key on a token: a PKCS#11 URI such as\n"
	"                       'pkcs11:token=LAB;object=lab-key;type=private'; then\n"
	"                       --sign-cert may be left out to use the token's\n"
	"      --pkcs11-module SO  the token's PKCS#11 module (default: the URI's\n"
	"                       module-path, $GI_PKCS11_MODULE, or p11-kit's proxy)\n"
	"      --pkcs12 FILE    ... or a PKCS#12 file instead\n"
	"      --password-file F  password of an encrypted key or of the PKCS#12 file,\n"
	"                       or the token's PIN; else $GI_KEY_PASSWORD, else it is\n"
	"                       asked on the terminal (never give it as an argument)\n"
	"      --tsa-command CMD  time-stamp every signature (RFC 3161): CMD reads the\n"
	"                       request on stdin and writes the TSA's response, e.g.\n"
	"                       curl -s -H 'Content-Type: application/timestamp-query'\n"
	"                       --data-binary @- https://tsa.example/\n"
	"      --out DIR        sign one verification record per sample, SAMPLE.xml,\n"
	"                       into DIR, a new or empty directory that appears, with\n"
	"                       a SHA256SUMS manifest, only if the whole run succeeds;\n"
	"                       DIR ending in .tar: one new tar file of them instead\n"
	"      --jobs N         sign on N threads (default 1); the records are the same,\n"
	"                       written in the same order\n"
	"      --log DIR --log-key FILE  append every signed record to the\n"
	"                       transparency log in DIR (gi log), one checkpoint for\n"
	"                       the run, signed with the log's signer key FILE\n"
	"      --allow-unusable-cert  sign even with a certificate whose records\n"
	"                       cannot verify (expired, not yet valid, wrong key\n"
	"                       usage, weak key): only to make test records\n"
	"      --rule RULE      decide every criterion with RULE instead of the spec's\n"
	"                       (simple, guarded, non-binary, probability, residue),\n"
	"                       keeping the spec's parameters: a what-if check;\n"
	"                       refused where RULE cannot decide a criterion (residue\n"
	"                       on a minimum or a range)\n"
	"  -h, --help\n"
	"\n"
	"Each criterion of the sample's product is decided by its decision rule\n"
	"(the spec's; simple acceptance if it names none) on the mean of the\n"
	"replicates, in the criterion's unit and basis, with the lab's expanded\n"
	"uncertainty or the spec's default. The origin is checked against the\n"
	"product's area (administrative unit, altitude range).\n"
	"\n"
	"Verdicts: pass, conditional-pass, conditional-fail, fail, not-tested,\n"
	"inconclusive per criterion; a sample passes only if every criterion and\n"
	"its origin pass, and a missing mandatory result makes it incomplete.\n"
	"\n"
	"Exit status: 0 every sample passes (conditional passes included); 1 a\n"
	"sample fails or fails conditionally; 3 a sample is incomplete or\n"
	"inconclusive and none fails; 2 bad usage or bad input (nothing is\n"
	"printed on stdout then).\n");

typedef struct {
	FILE *out;
	html_doc *html;          /* --html, or NULL */
	const gi_signer *signer; /* signing, or NULL */
	gi_record_info info;
	outdir *batch;           /* where records wait until the run succeeds */
	size_t records;
	int json;
	size_t n;
	size_t w_product, w_criterion;  /* column widths, from the spec's ids */
	const char *html_path;
	int reported;            /* a callback failed and said why */
	gi_log *log;             /* --log, or NULL */
	pdf_doc *pdf;            /* --pdf, or NULL */
	progress *progress;      /* of the signing, on a terminal */
	outdir *pdf_each;        /* --pdf-each: a certificate per sample, or NULL */
	const gi_spec *spec;     /* what the certificates state */
	gi_report *report;
	gi_rule_kind rule;
	int override;
	const char *record_url;
	sign_queue *queue;       /* --jobs 2 or more: records signed on threads */
} printer;

static size_t ulen(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void widths_from_spec(printer *p, const gi_spec *spec)
{
	p->w_product = 8;
	p->w_criterion = 9;
	for (size_t i = 0; i < gi_spec_product_count(spec); i++) {
		const gi_product *pr = gi_spec_product(spec, i);
		if (ulen(pr->id) > p->w_product)
			p->w_product = ulen(pr->id);
		for (size_t k = 0; k < pr->n_criteria; k++)
			if (ulen(pr->criteria[k].id) > p->w_criterion)
				p->w_criterion = ulen(pr->criteria[k].id);
	}
}

static const char *value_text(char *buf, size_t n, const gi_criterion_result *r)
{
	char v[32], pm[80];
	const char *unit = r->criterion->unit ? r->criterion->unit : "";
	if (!r->has_value)
		return "—";
	if (r->censored)
		snprintf(buf, n, "< %s %s", num(v, sizeof v, r->value), unit);
	else if (r->has_uncertainty &&
	         gi_format_measurement(pm, sizeof pm, r->value, r->uncertainty, &r->criterion->limit) == GI_OK)
		snprintf(buf, n, "%s %s", pm, unit);   /* U to two significant digits (GUM 7.2.6) */
	else
		snprintf(buf, n, "%s %s", num(v, sizeof v, r->value), unit);
	return buf;
}

static void table_header(const printer *p)
{
	FILE *f = p->out;
	put_cell(f, _("SAMPLE"), 14);
	put_cell(f, _("LOT"), 16);
	put_cell(f, _("PRODUCT"), p->w_product);
	put_cell(f, _("CRITERION"), p->w_criterion);
	put_cell(f, _("VALUE"), 24);
	put_cell(f, _("LIMIT"), 18);
	put_cell(f, _("VERDICT"), 16);
	fputs(_("REASON"), f);
	fputc('\n', f);
}

static void table_row(const printer *p, const char *sample, const char *lot, const char *product,
                      const char *what, const char *value, const char *limit,
                      const char *verdict, const char *reason)
{
	FILE *f = p->out;
	put_cell(f, sample, 14);
	put_cell(f, lot, 16);
	put_cell(f, product, p->w_product);
	put_cell(f, what, p->w_criterion);
	put_cell(f, value, 24);
	put_cell(f, limit, 18);
	if (reason) {
		put_cell(f, verdict, 16);
		put_text(f, reason);
	} else {
		fputs(verdict, f);
	}
	fputc('\n', f);
}

/* --pdf-each: the certificate of one sample, made in memory and added to
 * the batch as SAMPLE.pdf; 0 or -1 after a message. */
static int pdf_one(printer *p, const gi_sample_result *r, const char *rec_id)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		cli_error("verify", _("cannot write the certificate of sample %s"), r->sample->id);
		return -1;
	}
	int rc = -1;
	pdf_doc *d = pdf_begin(f, p->spec, p->report, p->rule, p->override, p->record_url);
	if (d && pdf_sample(d, r, rec_id) < 0) {
		pdf_free(d);
	} else if (d) {
		gi_summary one = { .samples = 1, .verdict = r->verdict };
		switch (r->verdict) {
		case GI_VERDICT_PASS: one.pass = 1; break;
		case GI_VERDICT_FAIL: one.fail = 1; break;
		case GI_VERDICT_CONDITIONAL_PASS: one.conditional_pass = 1; break;
		case GI_VERDICT_CONDITIONAL_FAIL: one.conditional_fail = 1; break;
		case GI_VERDICT_INCOMPLETE: one.incomplete = 1; break;
		default: one.inconclusive = 1; break;
		}
		rc = pdf_end(d, p->report, &one, p->signer ? gi_signer_subject(p->signer) : NULL);
	}
	if (fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		cli_error("verify", _("cannot write the certificate of sample %s"), r->sample->id);
	else
		rc = outdir_add_named(p->pdf_each, r->sample->id, ".pdf", buf, len, NULL);
	free(buf);
	return rc;
}

/* A signed record into the batch (and the log), named after the sample,
 * as the lab and the council know it; takes xml (sha256: its digest, or
 * NULL). 0, or -1 after a message. */
static int write_record(const char *sample_id, long line, char *xml, size_t len, const char *sha256, void *payload)
{
	printer *p = payload;
	int rc = outdir_add_named(p->batch, sample_id, ".xml", xml, len, sha256);
	if (rc == 0 && p->log && log_hook_append(p->log, sample_id, xml, len) < 0)
		rc = -1;
	gi_free(xml);
	if (rc < 0)
		return -1;
	p->records++;
	progress_tick(p->progress, line);
	return 0;
}

/* The sample's record: signed now, or prepared here and signed by the
 * queue's threads; rec_id receives its id. 0, or -1 after a message. */
static int sign_sample(printer *p, const gi_sample_result *r, char rec_id[GI_RECORD_ID_SIZE])
{
	char *xml;
	size_t len;
	gi_record_draft *draft;
	int rc = p->queue ? gi_record_prepare(&draft, rec_id, p->signer, r, &p->info)
	                  : gi_record_sign(&xml, &len, rec_id, p->signer, r, &p->info);
	if (rc < 0) {
		if (!interrupted())
			cli_error("verify", _("cannot sign the record of sample %s: %s"), r->sample->id,
			          gi_error_last()->message);
		return -1;
	}
	if (p->queue)
		return sign_queue_add(p->queue, draft, r->sample->id, r->sample->line);
	return write_record(r->sample->id, r->sample->line, xml, len, NULL, p);
}

/* The sample's rows of the table. */
static void text_sample(printer *p, const gi_sample_result *r)
{
	const gi_sample *s = r->sample;
	const char *id = s->id, *lot = s->lot ? s->lot : "—", *prod = s->product;
	for (size_t i = 0; i < r->n_criteria; i++) {
		const gi_criterion_result *c = &r->criteria[i];
		char vbuf[96], lbuf[96];
		snprintf(lbuf, sizeof lbuf, "%s %s", c->criterion->limit.text,
		         c->criterion->unit ? c->criterion->unit : "");
		table_row(p, id, lot, prod, c->criterion->id, value_text(vbuf, sizeof vbuf, c), lbuf,
		          verdict_word(c->verdict), c->verdict == GI_VERDICT_PASS ? NULL : c->reason_text);
		id = lot = prod = "";
	}
	if (r->origin_verdict != GI_VERDICT_NOT_APPLICABLE) {
		char obuf[96], abuf[96], lbuf[96] = "";
		snprintf(obuf, sizeof obuf, "%s%s%s", s->origin ? s->origin : "",
		         s->origin && s->has_altitude ? ", " : "",
		         s->has_altitude ? num(abuf, sizeof abuf, s->altitude) : "");
		if (s->has_altitude)
			strncat(obuf, " m", sizeof obuf - strlen(obuf) - 1);
		if (r->product->area)
			snprintf(lbuf, sizeof lbuf, _("area %s"), r->product->area->id);
		table_row(p, id, lot, prod, _("origin"), obuf[0] ? obuf : "—", lbuf,
		          verdict_word(r->origin_verdict),
		          r->origin_verdict == GI_VERDICT_PASS ? NULL : r->origin_reason_text);
		id = lot = prod = "";
	}
	char up[64];
	table_row(p, id, lot, prod, _("→ sample"), "", "", verdict_upper(up, sizeof up, r->verdict), r->reason_text);
	fputc('\n', p->out);
}

static int print_sample(const gi_sample_result *r, void *payload)
{
	printer *p = payload;
	if (interrupted())
		return -1;
	p->reported = 1;
	char rec_id[GI_RECORD_ID_SIZE];
	const char *rid = p->signer ? rec_id : NULL;
	if (p->signer && sign_sample(p, r, rec_id) < 0)
		return -1;
	if (p->html && html_sample(p->html, r, rid) < 0) {
		cli_error("verify", _("cannot write %s: %s"), p->html_path, strerror(errno));
		return -1;
	}
	if (p->pdf && pdf_sample(p->pdf, r, rid) < 0) {
		cli_error("verify", _("cannot write the certificate of sample %s"), r->sample->id);
		return -1;
	}
	if (p->pdf_each && pdf_one(p, r, rid) < 0)
		return -1;
	p->reported = 0;
	if (p->json) {
		char *s;
		if (gi_sample_result_json(&s, r) < 0)
			return -1;
		fprintf(p->out, "%s\n    %s", p->n ? "," : "", s);
		gi_free(s);
	} else {
		text_sample(p, r);
	}
	p->n++;
	return ferror(p->out) ? -1 : 0;
}

static json_t *opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static const char *rule_desc(const gi_spec *spec, const gi_verify_options *vo)
{
	if (vo->override_rule)
		return rule_word(vo->rule_kind);
	return rule_word(gi_spec_get_info(spec)->default_rule.kind);
}

static void json_head(FILE *f, const gi_spec *spec, const gi_verify_options *vo)
{
	const gi_spec_info *in = gi_spec_get_info(spec);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(in->id));
	json_object_set_new(o, "version", json_string(in->version));
	json_object_set_new(o, "effective", json_string(in->effective));
	json_object_set_new(o, "sha256", json_string(in->sha256));
	json_object_set_new(o, "file", json_string(in->file));
	char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	fprintf(f, "{\n  \"format\": \"libgi-verify/1\",\n  \"libgi\": \"%s\",\n  \"decision_rule\": {\"default\": \"%s\", \"override\": %s},\n  \"spec\": %s,\n  \"samples\": [",
	        gi_version(), gi_rule_name(gi_spec_get_info(spec)->default_rule.kind),
	        vo->override_rule ? "true" : "false", s);
	free(s);
	json_decref(o);
}

static void json_tail(FILE *f, gi_report *report, const gi_summary *sum)
{
	const gi_lab *lab = gi_report_lab(report);
	json_t *r = json_object(), *l = json_object();
	json_object_set_new(r, "file", json_string(file_label(gi_report_name(report))));
	json_object_set_new(r, "format", json_string(gi_format_name(gi_report_format(report))));
	json_object_set_new(r, "sha256", opt_str(gi_report_sha256(report)));
	json_object_set_new(l, "id", opt_str(lab->id));
	json_object_set_new(l, "name", opt_str(lab->name));
	json_object_set_new(l, "accreditation", opt_str(lab->accreditation));
	json_object_set_new(r, "lab", l);
	json_object_set_new(r, "report_id", opt_str(lab->report_id));
	json_object_set_new(r, "issued", opt_str(lab->issued));
	char *rs = json_dumps(r, JSON_PRESERVE_ORDER | JSON_COMPACT), *ss = NULL;
	if (rs && gi_summary_json(&ss, sum) == GI_OK)
		fprintf(f, "\n  ],\n  \"report\": %s,\n  \"summary\": %s\n}\n", rs, ss);
	else
		output_error(ENOMEM);
	free(rs);
	gi_free(ss);
	json_decref(r);
}

static void text_head(const printer *p, const gi_spec *spec, gi_report *report, const gi_verify_options *vo)
{
	FILE *f = p->out;
	const gi_spec_info *in = gi_spec_get_info(spec);
	const gi_lab *lab = gi_report_lab(report);
	fprintf(f, _("Specification  %s version %s (effective %s)\n"), shown(in->id), shown(in->version),
	        shown(in->effective));
	/* the name under the id, as wide as the label is in this language */
	int indent = 0;
	for (const char *c = _("Specification  %s version %s (effective %s)\n"); *c && !(c[0] == '%' && c[1] == 's'); c++)
		indent += ((unsigned char)*c & 0xC0) != 0x80;
	fprintf(f, "%*s%s%s%s%s%s\n", indent, "", shown(in->name), in->name_en ? " / " : "", shown(in->name_en),
	        in->registration ? _(", registration ") : "", shown(in->registration));
	fprintf(f, _("Report         %s\n"), shown(report_title(gi_report_name(report))));
	fprintf(f, _("Laboratory     %s%s%s%s%s\n"), shown(lab->name ? lab->name : lab->id), lab->name ? " (" : "",
	        lab->name ? shown(lab->id) : "", lab->name ? ")" : "", "");
	if (lab->accreditation)
		fprintf(f, _("Accreditation  %s\n"), shown(lab->accreditation));
	if (vo->override_rule)
		fprintf(f, _("Decision rule  %s for every criterion (--rule; the specification's rules are not used)\n\n"),
		        rule_desc(spec, vo));
	else
		fprintf(f, _("Decision rule  %s unless a criterion names its own (--json gives each criterion's rule)\n\n"),
		        rule_desc(spec, vo));
	table_header(p);
}

static void text_tail(FILE *f, gi_report *report, const gi_summary *sum)
{
	fprintf(f, sum->samples == 1 ? _("%zu sample: %zu pass, %zu fail, %zu incomplete, %zu inconclusive")
	        : _("%zu samples: %zu pass, %zu fail, %zu incomplete, %zu inconclusive"), sum->samples,
	        sum->pass, sum->fail, sum->incomplete, sum->inconclusive);
	if (sum->conditional_pass || sum->conditional_fail)
		fprintf(f, _(", %zu conditional pass, %zu conditional fail"), sum->conditional_pass, sum->conditional_fail);
	fputc('\n', f);
	char up[64];
	fprintf(f, _("Report verdict: %s"), verdict_upper(up, sizeof up, sum->verdict));
	fprintf(f, _("\nReport SHA-256: %s\n"), gi_report_sha256(report) ? shown(gi_report_sha256(report)) : "-");
}

/* --tsa-command: the request goes to the command's standard input, the
 * response is read from its standard output (e.g. curl posting to a TSA,
 * or `openssl ts -reply` for a local one). */
enum { TSA_COMMAND_FAILED = -2 };
static int tsa_exec(unsigned char **resp, size_t *resp_len, const unsigned char *req, size_t req_len,
                    const char *cmd)
{
	char in[] = "/tmp/gi-tsq-XXXXXX", outp[] = "/tmp/gi-tsr-XXXXXX";
	int fi = mkstemp(in), fo = mkstemp(outp), rc = -1;
	if (fi < 0 || fo < 0 || write(fi, req, req_len) != (ssize_t)req_len)
		goto done;
	close(fi);
	fi = -1;
	char *line = NULL;
	if (asprintf(&line, "(%s) < '%s' > '%s' 2>/dev/null", cmd, in, outp) < 0)
		goto done;
	int st = system(line);
	free(line);
	/* system() ignores SIGINT while the command runs; Ctrl-C stopped the
	 * command, so it stops gi too */
	if (st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT)
		raise(SIGINT);
	if (st != 0 && interrupted())
		goto done;
	if (st != 0) {
		rc = TSA_COMMAND_FAILED;
		goto done;
	}
	size_t cap = 65536, n = 0;
	unsigned char *buf = malloc(cap);
	ssize_t got;
	lseek(fo, 0, SEEK_SET);
	while (buf && (got = read(fo, buf + n, cap - n)) > 0) {
		n += (size_t)got;
		if (n == cap) {
			unsigned char *nb = realloc(buf, cap *= 2);
			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	if (buf && n) {
		*resp = buf;
		*resp_len = n;
		rc = 0;
	} else {
		free(buf);
	}
done:
	if (fi >= 0)
		close(fi);
	if (fo >= 0)
		close(fo);
	unlink(in);
	unlink(outp);
	return rc;
}

int run_tsa(unsigned char **resp, size_t *resp_len, const unsigned char *req, size_t req_len, void *payload)
{
	int rc = tsa_exec(resp, resp_len, req, req_len, payload);
	if (rc == TSA_COMMAND_FAILED)
		cli_error("verify", _("the time-stamp command failed: %s"), (const char *)payload);
	return rc;
}

/* gi verify's: with --jobs, several threads may see the command fail
 * before the run stops; it is said once. */
static int verify_tsa(unsigned char **resp, size_t *resp_len, const unsigned char *req, size_t req_len,
                      void *payload)
{
	static int said;
	int rc = tsa_exec(resp, resp_len, req, req_len, payload);
	if (rc == TSA_COMMAND_FAILED && !__atomic_exchange_n(&said, 1, __ATOMIC_SEQ_CST))
		cli_error("verify", _("the time-stamp command failed: %s"), (const char *)payload);
	return rc;
}

enum { MAX_SPECS = 32 };

/* What the command line asks for. */
typedef struct verify_args {
	const char *spec_paths[MAX_SPECS];
	size_t n_specs;
	const char *report_path, *html_path, *out_dir, *pwfile, *pdf_path, *record_url, *pdf_each;
	gi_signer_options so;
	gi_verify_options vo;
	gi_report_options ropts;
	int json, signing;
	unsigned jobs;           /* signing threads */
	const char *log_dir, *log_key;
} verify_args;

static const struct option verify_options[] = {
	{ "spec", required_argument, NULL, 's' },
	{ "report", required_argument, NULL, 'r' },
	{ "format", required_argument, NULL, 'f' },
	{ "decimal", required_argument, NULL, 'D' },
	{ "json", no_argument, NULL, 'j' },
	{ "rule", required_argument, NULL, 'R' },
	{ "html", required_argument, NULL, 'H' },
	{ "pdf", required_argument, NULL, 'X' },
	{ "record-url", required_argument, NULL, 'Y' },
	{ "pdf-each", required_argument, NULL, 'E' },
	{ "sign-key", required_argument, NULL, 'K' },
	{ "sign-cert", required_argument, NULL, 'C' },
	{ "pkcs12", required_argument, NULL, 'P' },
	{ "password-file", required_argument, NULL, 'W' },
	{ "pkcs11-module", required_argument, NULL, 'M' },
	{ "out", required_argument, NULL, 'O' },
	{ "jobs", required_argument, NULL, 'J' },
	{ "tsa-command", required_argument, NULL, 'T' },
	{ "allow-unusable-cert", no_argument, NULL, 'U' },
	{ "log", required_argument, NULL, 'L' },
	{ "log-key", required_argument, NULL, 'k' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Reads the command line into a: RUN, or the exit status to end with
 * (--help shown, or bad usage said). */
enum { RUN = -1, MAX_JOBS = 256 };

/* --jobs N */
static int parse_jobs_arg(verify_args *a, const char *text)
{
	if (parse_jobs(&a->jobs, text, MAX_JOBS) < 0)
		return usage_error("verify", _("--jobs must be a number of signing threads from 0 to %d, not '%s'"),
		                   MAX_JOBS, text);
	return RUN;
}

/* One option whose value is kept as given. */
static int take_value(verify_args *a, int c)
{
	switch (c) {
	case 'r': a->report_path = optarg; break;
	case 'j': a->json = 1; break;
	case 'H': a->html_path = optarg; break;
	case 'X': a->pdf_path = optarg; break;
	case 'Y': a->record_url = optarg; break;
	case 'E': a->pdf_each = optarg; break;
	case 'K': a->so.key_file = optarg; break;
	case 'C': a->so.cert_file = optarg; break;
	case 'P': a->so.pkcs12_file = optarg; break;
	case 'W': a->pwfile = optarg; break;
	case 'M': a->so.pkcs11_module = optarg; break;
	case 'O': a->out_dir = optarg; break;
	case 'U': a->so.allow_unusable_cert = 1; break;
	case 'L': a->log_dir = optarg; break;
	case 'k': a->log_key = optarg; break;
	case 'T':
		a->so.tsa = verify_tsa;
		a->so.tsa_payload = optarg;
		break;
	default: return 0;
	}
	return 1;
}

/* One option: RUN, or the exit status. */
static int take_option(verify_args *a, int c, char **argv)
{
	if (take_value(a, c))
		return RUN;
	switch (c) {
	case 's':
		if (a->n_specs == MAX_SPECS)
			return usage_error("verify", _("at most %d --spec versions"), MAX_SPECS);
		a->spec_paths[a->n_specs++] = optarg;
		return RUN;
	case 'f':
		if (gi_report_options_set_format(&a->ropts, optarg) < 0)
			return usage_error("verify", _("--format must be xml or csv, not '%s'"), optarg);
		return RUN;
	case 'D':
		if (gi_report_options_set_decimal(&a->ropts, optarg) < 0)
			return usage_error("verify", _("--decimal must be ',' or '.', not '%s'"), optarg);
		return RUN;
	case 'J': return parse_jobs_arg(a, optarg);
	case 'R':
		if (gi_rule_parse(&a->vo.rule_kind, optarg) < 0)
			return usage_error("verify", "%s", gi_error_last()->message);
		a->vo.override_rule = 1;
		return RUN;
	case 'h':
		/* longer than stdio's buffer: a write error shows here, with its errno */
		if (fputs(_(verify_usage), stdout) == EOF)
			output_error(errno);
		return EXIT_PASS;
	default: return option_error("verify", c, argv);
	}
}

/* The options that go together: RUN, or the exit status. */
static int check_args(verify_args *a)
{
	if (!a->n_specs || !a->report_path)
		return usage_error("verify", "%s", _("both --spec and --report are required"));
	const gi_signer_options *o = &a->so;
	a->signing = o->key_file || o->cert_file || o->pkcs12_file;
	if (a->signing && !a->out_dir)
		return usage_error("verify", "%s", _("signing needs --out DIR for the records"));
	if (a->out_dir && !a->signing)
		return usage_error("verify", "%s", _("--out needs a key: --sign-key and --sign-cert, or --pkcs12"));
	if (a->signing && !o->pkcs12_file && !(o->key_file && (o->cert_file || strncmp(o->key_file, "pkcs11:", 7) == 0)))
		return usage_error("verify", "%s", _("give both --sign-key and --sign-cert"));
	if (!!a->log_dir != !!a->log_key || (a->log_dir && !a->signing))
		return usage_error("verify", "--log DIR needs --log-key FILE and a signing key");
	if (a->signing && strcmp(a->report_path, "-") == 0)
		return usage_error("verify", "%s", _("a signed record names the report's digest: give a file, not '-'"));
	return RUN;
}

static int parse_args(verify_args *a, int argc, char **argv)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	gi_verify_options vo = GI_VERIFY_OPTIONS_INIT;
	gi_report_options ropts = GI_REPORT_OPTIONS_INIT;
	a->so = so;
	a->vo = vo;
	a->ropts = ropts;
	a->jobs = 1;
	int c, status;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":s:r:h", verify_options, NULL)) != -1)
		if ((status = take_option(a, c, argv)) != RUN)
			return status;
	if (optind < argc)
		return usage_error("verify", _("unexpected argument '%s'"), argv[optind]);
	return check_args(a);
}

/* The signer, the report's digest the records name, and the batch they
 * go to; 0 or -1 after a message. */
static int start_signing(verify_args *a, gi_signer **signer, char report_sha[65], outdir *batch)
{
	char password[1024] = "";
	int rc = -1;
	if (cli_password(&a->so, "verify", a->pwfile, password, sizeof password) < 0)
		goto out;
	if (gi_signer_load(signer, &a->so) < 0) {
		if (!interrupted())   /* Ctrl-C at the PIN prompt: said by the caller */
			report_error(a->so.pkcs12_file ? a->so.pkcs12_file : a->so.key_file);
		goto out;
	}
	if (gi_sha256_file(report_sha, a->report_path) < 0) {
		report_error(a->report_path);
		goto out;
	}
	rc = outdir_begin(batch, "verify", a->out_dir);
out:
	OPENSSL_cleanse(password, sizeof password);
	a->so.password = NULL;
	return rc;
}

/* Loads every --spec: the latest version heads the output (*latest), the
 * others go to gi_verify; 0 or -1 after a message. */
static int load_specs(verify_args *a, gi_spec **specs, gi_spec **latest, const gi_spec **others)
{
	for (size_t i = 0; i < a->n_specs; i++) {
		if (load_spec(&specs[i], a->spec_paths[i]) != 0)
			return -1;
		if (!*latest || strcmp(gi_spec_get_info(specs[i])->effective, gi_spec_get_info(*latest)->effective) > 0)
			*latest = specs[i];
	}
	for (size_t i = 0; i < a->n_specs; i++)
		if (specs[i] != *latest)
			others[a->vo.n_versions++] = specs[i];
	a->vo.versions = others;
	return 0;
}

static int open_report(gi_report **report, const verify_args *a)
{
	int rc;
	if (strcmp(a->report_path, "-") == 0) {
		cli_alias_file("/dev/stdin", "-");
		rc = gi_report_open_file(report, "/dev/stdin", &a->ropts);
	} else {
		rc = gi_report_open_file(report, a->report_path, &a->ropts);
	}
	if (rc < 0)
		report_error(a->report_path);
	return rc;
}

/* Says why gi_verify stopped, unless it was said already. */
static void verify_failed(const verify_args *a, const printer *p)
{
	if (interrupted() || p->reported)
		return;
	if (gi_error_last()->code == GI_EABORTED)
		cli_error("verify", "%s", _("cannot write output to a temporary file"));
	else if (gi_error_last()->code == GI_EUSAGE)
		usage_error("verify", "--rule %s: %s", gi_rule_name(a->vo.rule_kind), gi_error_last()->message);
	else
		report_error(a->report_path);
}

static int exit_status(gi_verdict v)
{
	return v == GI_VERDICT_PASS || v == GI_VERDICT_CONDITIONAL_PASS ? EXIT_PASS
	     : v == GI_VERDICT_FAIL || v == GI_VERDICT_CONDITIONAL_FAIL ? EXIT_FAIL
	     : EXIT_INCONCLUSIVE;
}

/* Everything one run holds, freed by close_run. */
typedef struct verify_run {
	verify_args a;
	gi_spec *spec, *specs[MAX_SPECS];  /* spec: the latest version */
	const gi_spec *others[MAX_SPECS];
	gi_report *report;
	gi_signer *signer;
	gi_log *log;
	FILE *tmp;
	html_doc *html;
	outdir batch, each;
	outfile html_out, pdf_out;
	pdf_doc *pdf;
	progress prog;
	char report_sha[65];
	printer p;
	gi_summary sum;
} verify_run;

static gi_rule_kind run_rule(const verify_run *v)
{
	return v->a.vo.override_rule ? v->a.vo.rule_kind : gi_spec_get_info(v->spec)->default_rule.kind;
}

/* The HTML and PDF reports and the directory of certificates; 0 or -1. */
static int open_documents(verify_run *v)
{
	FILE *f;
	if (v->a.html_path &&
	    (!(f = outfile_open(&v->html_out, "verify", v->a.html_path)) || !(v->html = html_begin(f))))
		return -1;
	if (v->a.pdf_path) {
		if (!(f = outfile_open(&v->pdf_out, "verify", v->a.pdf_path)))
			return -1;
		v->pdf = pdf_begin(f, v->spec, v->report, run_rule(v), v->a.vo.override_rule, v->a.record_url);
		if (!v->pdf)
			return -1;
	}
	if (v->a.pdf_each && outdir_begin(&v->each, "verify", v->a.pdf_each) < 0)
		return -1;
	return 0;
}

/* The printer the verification calls back, with the signing queue for
 * --jobs; 0 or -1 after a message. */
static int start_printer(verify_run *v)
{
	printer *p = &v->p;
	*p = (printer){ .out = v->tmp, .html = v->html, .signer = v->signer, .info = GI_RECORD_INFO_INIT,
	                .batch = &v->batch, .json = v->a.json, .html_path = v->a.html_path, .log = v->log,
	                .pdf = v->pdf, .progress = &v->prog, .pdf_each = v->a.pdf_each ? &v->each : NULL,
	                .spec = v->spec, .report = v->report, .rule = run_rule(v),
	                .override = v->a.vo.override_rule, .record_url = v->a.record_url };
	p->info.spec = v->spec;
	p->info.report_name = v->a.report_path;
	p->info.report_sha256 = v->report_sha;
	p->info.lab = gi_report_lab(v->report);
	widths_from_spec(p, v->spec);
	if (v->signer && v->a.jobs > 1)
		return sign_queue_start(&p->queue, v->signer, v->a.jobs, write_record, p);
	return 0;
}

/* Everything the run reads and writes, ready; 0 or -1 after a message. */
static int open_run(verify_run *v)
{
	verify_args *a = &v->a;
	if (a->signing || a->html_path || a->pdf_path || a->pdf_each)
		interrupt_catch();  /* temporary files are removed if the run is stopped */
	if (a->signing && start_signing(a, &v->signer, v->report_sha, &v->batch) < 0)
		return -1;
	if (load_specs(a, v->specs, &v->spec, v->others) < 0 || open_report(&v->report, a) < 0)
		return -1;
	v->tmp = tmpfile();
	if (!v->tmp) {
		cli_error("verify", _("cannot make a temporary file: %s"), strerror(errno));
		return -1;
	}
	if (open_documents(v) < 0)
		return -1;
	if (a->log_dir && log_hook_open(&v->log, a->log_dir, a->log_key) < 0)
		return -1;
	return start_printer(v);
}

/* Every sample, verified and printed, its record signed; 0 or -1. */
static int verify_all(verify_run *v)
{
	verify_args *a = &v->a;
	progress_start(&v->prog, a->report_path, a->signing);
	if (a->json)
		json_head(v->tmp, v->spec, &a->vo);
	else
		text_head(&v->p, v->spec, v->report, &a->vo);
	a->vo.on_sample = print_sample;
	a->vo.payload = &v->p;
	int verified = gi_verify(&v->sum, v->spec, v->report, &a->vo);
	if (verified >= 0 && v->p.queue && sign_queue_flush(v->p.queue) < 0) {
		v->p.reported = 1;
		verified = -1;
	}
	if (verified < 0) {
		/* no thread writes a record or a progress line any more */
		sign_queue_free(v->p.queue);
		v->p.queue = NULL;
	}
	progress_end(&v->prog);
	if (verified < 0) {
		verify_failed(a, &v->p);
		return -1;
	}
	if (a->json)
		json_tail(v->tmp, v->report, &v->sum);
	else
		text_tail(v->tmp, v->report, &v->sum);
	if (v->signer && gi_report_sha256(v->report) && strcmp(gi_report_sha256(v->report), v->report_sha) != 0) {
		cli_error("verify", _("%s changed while it was being read; no record written"), a->report_path);
		return -1;
	}
	return interrupted() ? -1 : 0;
}

/* The last point where a signal stops the run. The HTML report goes
 * first: if it cannot be written, no record is published. 0 or -1. */
static int publish_all(verify_run *v)
{
	const char *signed_by = v->signer ? gi_signer_subject(v->signer) : NULL;
	if (v->html) {
		int rc = html_end(v->html, v->spec, v->report, run_rule(v), v->a.vo.override_rule, &v->sum, signed_by);
		if (rc < 0)
			cli_error("verify", _("cannot write %s: %s"), v->a.html_path, strerror(errno));
		html_free(v->html);
		v->html = NULL;
		if (rc < 0 || outfile_publish(&v->html_out) < 0)
			return -1;
	}
	if (v->pdf) {
		int rc = pdf_end(v->pdf, v->report, &v->sum, signed_by);
		v->pdf = NULL;
		if (rc < 0 || outfile_publish(&v->pdf_out) < 0)
			return -1;
	}
	if (v->a.pdf_each && outdir_publish(&v->each) < 0)
		return -1;
	if (v->signer) {
		if (outdir_publish(&v->batch) < 0)
			return -1;
		if (!v->a.json)
			fprintf(v->tmp, _("Signed records: %zu written to %s (signer: %s)\n"), v->p.records,
			        shown(v->a.out_dir), shown(signed_by));
		if (v->log && log_hook_commit(v->log, v->a.json ? NULL : v->tmp) < 0)
			return -1;
	}
	return 0;
}

static void close_run(verify_run *v)
{
	sign_queue_free(v->p.queue);   /* its threads sign with the signer */
	gi_log_free(v->log);
	outdir_discard(&v->batch);
	html_free(v->html);
	outfile_discard(&v->html_out);
	pdf_free(v->pdf);
	outfile_discard(&v->pdf_out);
	outdir_discard(&v->each);
	gi_signer_free(v->signer);
	if (v->tmp)
		fclose(v->tmp);
	gi_report_free(v->report);
	for (size_t i = 0; i < v->a.n_specs; i++)
		gi_spec_free(v->specs[i]);
	if (interrupted())
		cli_error("verify", _("interrupted (%s): nothing was written"), strsignal(interrupted()));
	interrupt_release();
}

int cmd_verify(int argc, char **argv)
{
	static verify_run zero;
	verify_run *v = malloc(sizeof *v);
	if (!v) {
		output_error(ENOMEM);
		return EXIT_BAD_INPUT;
	}
	*v = zero;
	v->batch.tmp_fd = v->each.tmp_fd = -1;
	int status = parse_args(&v->a, argc, argv);
	if (status != RUN) {
		free(v);
		return status;
	}
	status = EXIT_BAD_INPUT;
	if (open_run(v) == 0 && verify_all(v) == 0 && publish_all(v) == 0) {
		interrupt_release();  /* all is in place: a signal now ends gi as usual */
		if (copy_out(v->tmp) < 0)
			output_error(errno);
		else
			status = exit_status(v->sum.verdict);
	}
	close_run(v);
	free(v);
	return status;
}
