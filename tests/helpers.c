/* SPDX-License-Identifier: GPL-3.0-or-later */
/* helpers.c - shared test fixtures (see helpers.h). */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "helpers.h"

const char *t_src(const char *rel)
{
	static char ring[8][4096];
	static int k;
	const char *src = getenv("GI_SRCDIR");
	char *p = ring[k++ % 8];
	snprintf(p, 4096, "%s/%s", src ? src : ".", rel);
	return p;
}

gi_spec *t_spec(const char *rel)
{
	gi_spec *s = NULL;
	int rc = gi_spec_load_file(&s, t_src(rel), NULL);
	ck_assert_msg(rc == 0, "%s: %s (line %ld)", rel, gi_error_last()->message, gi_error_last()->line);
	return s;
}

char *t_spec_xml(const char *criteria)
{
	static char buf[16384];
	snprintf(buf, sizeof buf,
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<giSpec xmlns=\"urn:libgi:gi-spec:1\" id=\"test\" version=\"1\" effective=\"2025-01-01\">\n"
	         "<identity><name lang=\"vi\">Thử</name><name lang=\"en\">Test</name><source>unit tests</source></identity>\n"
	         "<analytes>\n"
	         "<analyte id=\"glu\"/><analyte id=\"moisture\" role=\"moisture\"/><analyte id=\"fat\"/>\n"
	         "<analyte id=\"protein\"/><analyte id=\"faa\"/><analyte id=\"residue\"/><analyte id=\"colour\"/>\n"
	         "</analytes>\n"
	         "<areas><area id=\"hills\" name=\"hills\"><unit>Huyện Tam Đường</unit><unit>Thành phố Lai Châu</unit>"
	         "<altitude min=\"1200\" max=\"2500\"/></area></areas>\n"
	         "<products><product id=\"p\" area=\"hills\"><name lang=\"en\">P</name>\n%s\n</product></products>\n"
	         "</giSpec>\n", criteria);
	return buf;
}

gi_spec *t_spec_text(const char *xml)
{
	gi_spec *s = NULL;
	if (gi_spec_load_memory(&s, xml, strlen(xml), "test-spec.xml", NULL) != 0)
		return NULL;
	return s;
}

static void copy_str(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int collect(const gi_sample_result *r, void *payload)
{
	t_run *run = payload;
	ck_assert_uint_lt(run->n, T_MAX_SAMPLES);
	t_sample *t = &run->s[run->n++];
	copy_str(t->id, sizeof t->id, r->sample->id);
	copy_str(t->reason, sizeof t->reason, r->reason);
	copy_str(t->origin_reason, sizeof t->origin_reason, r->origin_reason);
	t->verdict = r->verdict;
	t->origin = r->origin_verdict;
	t->n = r->n_criteria;
	for (size_t i = 0; i < r->n_criteria && i < T_MAX_CRIT; i++) {
		const gi_criterion_result *c = &r->criteria[i];
		t->crit[i] = c->verdict;
		t->has_value[i] = c->has_value;
		t->value[i] = c->value;
		t->censored[i] = c->censored;
		t->U[i] = c->has_uncertainty ? c->uncertainty : -1;
		copy_str(t->why[i], sizeof t->why[i], c->reason);
	}
	char *js;
	ck_assert_int_eq(gi_sample_result_json(&js, r), 0);
	copy_str(t->json, sizeof t->json, js);
	gi_free(js);
	return 0;
}

static void run_report(t_run *out, const gi_spec *spec, const char *text)
{
	memset(out, 0, sizeof *out);
	gi_report *r = NULL;
	out->rc = gi_report_open_memory(&r, text, strlen(text), "test-report", NULL);
	if (out->rc == 0) {
		gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
		o.on_sample = collect;
		o.payload = out;
		out->rc = gi_verify(&out->sum, spec, r, &o);
	}
	if (out->rc != 0) {
		copy_str(out->error, sizeof out->error, gi_error_last()->message);
		out->error_line = gi_error_last()->line;
	}
	gi_report_free(r);
}

void t_verify(t_run *out, const gi_spec *spec, const char *report)
{
	run_report(out, spec, report);
}

const char t_csv_header[] =
	"lab,sample,product,spec,origin,altitude,analyte,unit,basis,value,U,k,loq,text,dof\n";

/* Fields of one CSV line, quotes respected. */
static size_t csv_width(const char *line, size_t len)
{
	size_t n = 1;
	int quoted = 0;
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (line[i] == ',' && !quoted)
			n++;
	}
	return n;
}

void t_verify_csv(t_run *out, const gi_spec *spec, const char *rows)
{
	/* Rows may leave out trailing empty fields (the tests' rows predate
	 * the last header columns); a report row has as many fields as the
	 * header, so they are added here. */
	size_t width = csv_width(t_csv_header, strlen(t_csv_header) - 1);
	size_t cap = strlen(t_csv_header) + strlen(rows) * 2 + 64 * width + 1, len = 0;
	char *text = malloc(cap);
	len += (size_t)snprintf(text, cap, "%s", t_csv_header);
	for (const char *p = rows; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		ck_assert(len + n + width + 2 < cap);
		memcpy(text + len, p, n);
		len += n;
		for (size_t w = csv_width(p, n); n && w < width; w++)
			text[len++] = ',';
		if (nl)
			text[len++] = '\n';
		p += n + (nl != NULL);
	}
	text[len] = '\0';
	run_report(out, spec, text);
	free(text);
}

static void drain(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;
	char sink[4096];
	while ((n = read(fd, len + 1 < cap ? buf + len : sink,
	                 len + 1 < cap ? cap - 1 - len : sizeof sink)) > 0)
		if (len + 1 < cap)
			len += (size_t)n;
	buf[len] = '\0';
}

int t_gi(char *out, size_t out_cap, char *err, size_t err_cap, ...)
{
	const char *bin = getenv("GI_BIN");
	ck_assert_msg(bin != NULL, "GI_BIN is not set (run through make check)");
	char *argv[32];
	int argc = 0;
	argv[argc++] = (char *)bin;
	va_list ap;
	va_start(ap, err_cap);
	char *a;
	while ((a = va_arg(ap, char *)) != NULL && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	/* stdout and stderr go to files: no pipe can fill up and block */
	char po[] = "/tmp/gi-test-out-XXXXXX", pe[] = "/tmp/gi-test-err-XXXXXX";
	int fo = mkstemp(po), fe = mkstemp(pe);
	ck_assert(fo >= 0 && fe >= 0);
	pid_t pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		dup2(fo, 1);
		dup2(fe, 2);
		int dn = open("/dev/null", O_RDONLY);
		dup2(dn, 0);
		execv(bin, argv);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	lseek(fo, 0, SEEK_SET);
	lseek(fe, 0, SEEK_SET);
	drain(fo, out, out_cap);
	drain(fe, err, err_cap);
	close(fo);
	close(fe);
	unlink(po);
	unlink(pe);
	ck_assert_msg(WIFEXITED(status), "gi did not exit normally");
	return WEXITSTATUS(status);
}

const char *t_tmpfile_bytes(const void *data, size_t n, const char *suffix)
{
	static char ring[4][64];
	static int k;
	char *p = ring[k++ % 4];
	snprintf(p, 64, "/tmp/gi-test-XXXXXX%s", suffix);
	int fd = mkstemps(p, (int)strlen(suffix));
	ck_assert(fd >= 0);
	ck_assert(write(fd, data, n) == (ssize_t)n);
	close(fd);
	return p;
}

const char *t_tmpfile(const char *text, const char *suffix)
{
	return t_tmpfile_bytes(text, strlen(text), suffix);
}

void t_sha256_file(const char *path, char hex[65])
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s", path);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	unsigned char buf[4096], md[32];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		EVP_DigestUpdate(ctx, buf, n);
	fclose(f);
	EVP_DigestFinal_ex(ctx, md, NULL);
	EVP_MD_CTX_free(ctx);
	for (int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
}

const char *t_pki(const char *name)
{
	static char dir[4096], ring[16][4200];
	static int made, k;
	if (!made) {
		const char *b = getenv("GI_BUILDDIR");
		char cmd[9000];
		snprintf(dir, sizeof dir, "%s/tests/pki", b ? b : ".");
		snprintf(cmd, sizeof cmd, "sh '%s' '%s'", t_src("tests/pki.sh"), dir);
		ck_assert_msg(system(cmd) == 0, "tests/pki.sh failed (is the openssl command installed?)");
		made = 1;
	}
	if (!name)
		return dir;
	char *p = ring[k++ % 16];
	snprintf(p, sizeof ring[0], "%s/%s", dir, name);
	return p;
}

int t_openssl_ts(unsigned char **resp, size_t *len, const unsigned char *req, size_t req_len,
                 const char *dir, const char *args)
{
	char q[] = "/tmp/gi-tsq-XXXXXX", r[] = "/tmp/gi-tsr-XXXXXX", cmd[9000];
	int fq = mkstemp(q), fr = mkstemp(r);
	ck_assert(fq >= 0 && fr >= 0);
	ck_assert(write(fq, req, req_len) == (ssize_t)req_len);
	close(fq);
	close(fr);
	snprintf(cmd, sizeof cmd, "cd '%s' && openssl ts -reply -config ca.cnf %s -queryfile '%s' -out '%s' 2>/dev/null",
	         dir, args, q, r);
	int rc = system(cmd);
	FILE *f = fopen(r, "rb");
	ck_assert_ptr_nonnull(f);
	*resp = malloc(1 << 16);
	*len = fread(*resp, 1, 1 << 16, f);
	fclose(f);
	unlink(q);
	unlink(r);
	return rc;
}

uint64_t t_xorshift64(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}
