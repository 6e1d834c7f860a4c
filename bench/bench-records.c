/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-records - records signed and verified per second, against the raw
 * OpenSSL rate for the same key measured in the same run by `openssl
 * speed`.
 *
 *   bench-records [--jobs N] SPEC KEY CERT TRUST [RECORDS]
 *
 * Generates N synthetic Lai Châu samples (2 replicates with uncertainty,
 * moisture), evaluates them, and times gi_record_sign() on each result,
 * then gi_record_verify() on each record (chain and all). With --jobs N the
 * same work runs in N processes at once and the rate is the total over
 * the wall time (and per core: divided by N).
 *
 * References measured in the same run: `openssl speed` for the key type
 * (before and after the records; the mean is used and both are printed, so
 * drift shows); the raw operation with the same key (EVP_PKEY_sign and
 * EVP_PKEY_verify on a SHA-256 digest with a reused context, as `openssl
 * speed` does) timed right after each record, so that a noisy machine moves
 * both sides of that ratio alike; and, with one job, xmlsec itself signing
 * and verifying an empty document (<r/> with an enveloped signature) with
 * the same key: the most any record signed through xmlsec can reach.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <gi/gi.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <libxml/tree.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/crypto.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* The raw operations with the same key, as `openssl speed` times them. */
typedef struct {
	EVP_PKEY_CTX *sign, *verify;
	unsigned char md[32], sig[512];
	size_t sig_len;
} raw_ops;

static int raw_init(raw_ops *o, const char *key_file)
{
	FILE *f = fopen(key_file, "r");
	EVP_PKEY *k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (!k)
		return -1;
	int rsa = EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA;
	o->sign = EVP_PKEY_CTX_new(k, NULL);
	o->verify = EVP_PKEY_CTX_new(k, NULL);
	EVP_PKEY_free(k);
	memset(o->md, 0x5a, sizeof o->md);
	o->sig_len = sizeof o->sig;
	if (!o->sign || !o->verify || EVP_PKEY_sign_init(o->sign) <= 0 || EVP_PKEY_verify_init(o->verify) <= 0 ||
	    (rsa && (EVP_PKEY_CTX_set_rsa_padding(o->sign, RSA_PKCS1_PADDING) <= 0 ||
	             EVP_PKEY_CTX_set_rsa_padding(o->verify, RSA_PKCS1_PADDING) <= 0)) ||
	    EVP_PKEY_CTX_set_signature_md(o->sign, EVP_sha256()) <= 0 ||
	    EVP_PKEY_CTX_set_signature_md(o->verify, EVP_sha256()) <= 0 ||
	    EVP_PKEY_sign(o->sign, o->sig, &o->sig_len, o->md, sizeof o->md) <= 0)
		return -1;
	return 0;
}

static void raw_free(raw_ops *o)
{
	EVP_PKEY_CTX_free(o->sign);
	EVP_PKEY_CTX_free(o->verify);
}

/* one raw signature (or verification); its time */
static double raw_sign(raw_ops *o)
{
	unsigned char sig[512];
	size_t len = sizeof sig;
	double t0 = now();
	if (EVP_PKEY_sign(o->sign, sig, &len, o->md, sizeof o->md) <= 0)
		abort();
	return now() - t0;
}

static double raw_verify(raw_ops *o)
{
	double t0 = now();
	if (EVP_PKEY_verify(o->verify, o->sig, o->sig_len, o->md, sizeof o->md) != 1)
		abort();
	return now() - t0;
}

typedef struct {
	const gi_signer *signer;
	gi_record_info info;
	char **xml;
	size_t *len;
	size_t n;
	double t_sign;
	raw_ops *raw;
	double t_raw;
	double *each_sign, *each_raw;   /* per record, for the medians */
} run;

static int on_sample(const gi_sample_result *r, void *payload)
{
	run *ru = payload;
	char id[GI_RECORD_ID_SIZE];
	char *xml;
	size_t len;
	double t0 = now();
	if (gi_record_sign(&xml, &len, id, ru->signer, r, &ru->info) < 0)
		return 1;
	double t_rec = now() - t0;
	ru->t_sign += t_rec;
	/* kept for the verification pass outside the timed part, and the
	 * record freed as gi verify frees each one once written: the next
	 * record reuses its memory instead of faulting in new pages */
	ru->xml[ru->n] = malloc(len + 1);
	if (!ru->xml[ru->n])
		return 1;
	memcpy(ru->xml[ru->n], xml, len + 1);
	ru->len[ru->n] = len;
	gi_free(xml);
	double t_raw = raw_sign(ru->raw);
	ru->t_raw += t_raw;
	ru->each_sign[ru->n] = t_rec;
	ru->each_raw[ru->n] = t_raw;
	ru->n++;
	return 0;
}

static char *make_report(size_t n, size_t *len)
{
	size_t cap = n * 600 + 200, k = 0;
	char *s = malloc(cap);
	k += (size_t)snprintf(s, cap, "lab,sample,lot,product,spec,origin,altitude,analyte,unit,value,U\n");
	for (size_t i = 0; i < n; i++) {
		double g = 5.2 + (double)(i % 40) / 100;
		k += (size_t)snprintf(s + k, cap - k,
		        "BENCH,S%06zu,LOT%05zu,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,glutamic-acid,g/100g,%.2f,0.20\n"
		        "BENCH,S%06zu,LOT%05zu,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,glutamic-acid,g/100g,%.2f,0.20\n"
		        "BENCH,S%06zu,LOT%05zu,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1450,moisture,%%,4.8,\n",
		        i, i / 4, g, i, i / 4, g + 0.03, i, i / 4);
	}
	*len = k;
	return s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Signs and verifies n records; returns the two pure times, and those of
 * as many raw operations interleaved with them in t_raw[2]; and in
 * med[2] the median time of one record and of one raw signature, which a
 * busy machine's preemptions, landing on a few operations either side,
 * hardly move. */
static int work(const char *spec_path, const char *key, const char *cert, const char *trust_path, size_t n,
                double *t_sign, double *t_verify, double t_raw[2], double med[2])
{
	raw_ops raw;
	if (raw_init(&raw, key) < 0) {
		fprintf(stderr, "bench-records: OpenSSL cannot sign with %s\n", key);
		return -1;
	}
	gi_spec *spec;
	gi_signer *sg;
	gi_trust *trust;
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = key;
	so.cert_file = cert;
	if (gi_spec_load_file(&spec, spec_path, NULL) < 0 || gi_signer_load(&sg, &so) < 0 ||
	    gi_trust_load(&trust, trust_path, NULL) < 0) {
		fprintf(stderr, "bench-records: %s\n", gi_error_last()->message);
		return -1;
	}
	size_t len;
	char *text = make_report(n, &len);
	gi_report *rep;
	gi_report_open_memory(&rep, text, len, "bench.csv", NULL);
	run ru = { sg, GI_RECORD_INFO_INIT, calloc(n, sizeof(char *)), calloc(n, sizeof(size_t)), 0, 0, &raw, 0,
	           calloc(n, sizeof(double)), calloc(n, sizeof(double)) };
	ru.info.spec = spec;
	ru.info.report_name = "bench.csv";
	ru.info.report_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
	ru.info.lab = gi_report_lab(rep);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = on_sample;
	o.payload = &ru;
	if (gi_verify(NULL, spec, rep, &o) < 0 || ru.n != n) {
		fprintf(stderr, "bench-records: %s\n", gi_error_last()->message);
		return -1;
	}
	*t_verify = 0;
	t_raw[1] = 0;
	for (size_t i = 0; i < n; i++) {
		gi_record_check *c;
		double t0 = now();
		if (gi_record_verify(&c, ru.xml[i], ru.len[i], "bench", trust) != 0) {
			fprintf(stderr, "bench-records: record %zu does not verify: %s\n", i, c ? c->reason : "?");
			return -1;
		}
		gi_record_check_free(c);
		*t_verify += now() - t0;
		t_raw[1] += raw_verify(&raw);
	}
	*t_sign = ru.t_sign;
	t_raw[0] = ru.t_raw;
	med[0] = median(ru.each_sign, n);
	med[1] = median(ru.each_raw, n);
	free(ru.each_sign);
	free(ru.each_raw);
	raw_free(&raw);
	for (size_t i = 0; i < n; i++)
		free(ru.xml[i]);
	free(ru.xml);
	free(ru.len);
	gi_report_free(rep);
	free(text);
	gi_trust_free(trust);
	gi_signer_free(sg);
	gi_spec_free(spec);
	return 0;
}

/* Raw sign and verify rates from `openssl speed -mr` for the key type. */
static int openssl_speed(int ec, double *sign, double *verify)
{
	FILE *p = popen(ec ? "openssl speed -seconds 3 -mr ecdsap256 2>/dev/null"
	                   : "openssl speed -seconds 3 -mr rsa2048 2>/dev/null", "r");
	char line[256];
	int ok = 0;
	while (p && fgets(line, sizeof line, p)) {
		unsigned a, b;
		double s, v;
		if (sscanf(line, ec ? "+F4:%u:%u:%lf:%lf" : "+F2:%u:%u:%lf:%lf", &a, &b, &s, &v) == 4) {
			*sign = s;
			*verify = v;
			ok = 1;
		}
	}
	if (p)
		pclose(p);
	return ok ? 0 : -1;
}

/* xmlsec signing and verifying <r/> with an enveloped signature, n times
 * each, with the key loaded once (libgi has initialised xmlsec). */
static int xmlsec_floor(const char *key_file, int ec, size_t n, double *sign, double *verify)
{
	xmlSecKeyPtr key = xmlSecCryptoAppKeyLoad(key_file, xmlSecKeyDataFormatPem, NULL, NULL, NULL);
	if (!key)
		return -1;
	double ts = 0, tv = 0;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
		xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "r", NULL);
		xmlDocSetRootElement(doc, root);
		xmlNodePtr sig = xmlSecTmplSignatureCreate(doc, xmlSecTransformExclC14NId,
		                                           ec ? xmlSecTransformEcdsaSha256Id : xmlSecTransformRsaSha256Id, NULL);
		xmlAddChild(root, sig);
		xmlNodePtr ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, NULL, BAD_CAST "", NULL);
		xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId);
		double t0 = now();
		xmlSecDSigCtxPtr ctx = xmlSecDSigCtxCreate(NULL);
		ctx->signKey = key;
		rc = xmlSecDSigCtxSign(ctx, sig);
		ctx->signKey = NULL;
		xmlSecDSigCtxDestroy(ctx);
		double t1 = now();
		ctx = xmlSecDSigCtxCreate(NULL);
		ctx->signKey = key;
		if (rc == 0 && (xmlSecDSigCtxVerify(ctx, sig) < 0 || ctx->status != xmlSecDSigStatusSucceeded))
			rc = -1;
		ctx->signKey = NULL;
		xmlSecDSigCtxDestroy(ctx);
		tv += now() - t1;
		ts += t1 - t0;
		xmlFreeDoc(doc);
	}
	xmlSecKeyDestroy(key);
	*sign = n / ts;
	*verify = n / tv;
	return rc;
}

/* 1 for an EC key, 0 for RSA, -1 when the file holds no private key:
 * read from the key itself, whatever its file is called. */
static int key_is_ec(const char *key_file)
{
	FILE *f = fopen(key_file, "r");
	EVP_PKEY *k = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	int ec = k ? EVP_PKEY_get_base_id(k) == EVP_PKEY_EC : -1;
	EVP_PKEY_free(k);
	return ec;
}

int main(int argc, char **argv)
{
	int jobs = 1;
	if (argc > 2 && strcmp(argv[1], "--jobs") == 0) {
		jobs = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc < 5 || jobs < 1 || jobs > 64) {
		fprintf(stderr, "usage: bench-records [--jobs N] SPEC KEY CERT TRUST [RECORDS]\n");
		return 2;
	}
	size_t n = argc > 5 ? (size_t)atol(argv[5]) : 2000;
	int ec = key_is_ec(argv[2]);
	if (ec < 0) {
		fprintf(stderr, "bench-records: %s is not a PEM private key\n", argv[2]);
		return 2;
	}
	double rs0, rv0, rs1, rv1;
	if (openssl_speed(ec, &rs0, &rv0) < 0) {
		fprintf(stderr, "bench-records: openssl speed gave no figures\n");
		return 2;
	}
	double ts, tv, fs = 0, fv = 0, raw[2], med[2] = { 0, 0 };
	if (jobs <= 1) {
		if (work(argv[1], argv[2], argv[3], argv[4], n, &ts, &tv, raw, med) < 0)
			return 2;
		if (xmlsec_floor(argv[2], ec, n, &fs, &fv) < 0) {
			fprintf(stderr, "bench-records: xmlsec cannot sign an empty document with %s\n", argv[2]);
			return 2;
		}
	} else {
		int fds[64][2];
		for (int j = 0; j < jobs && j < 64; j++) {
			if (pipe(fds[j]) < 0)
				return 2;
			if (fork() == 0) {
				double a = 0, b = 0, c[2] = { 0, 0 }, m[2] = { 0, 0 };
				int rc = work(argv[1], argv[2], argv[3], argv[4], n, &a, &b, c, m);
				double r[6] = { a, b, c[0], c[1], m[0], m[1] };
				ssize_t w = write(fds[j][1], r, sizeof r);
				_exit(rc < 0 || w != (ssize_t)sizeof r ? 1 : 0);
			}
		}
		ts = tv = raw[0] = raw[1] = 0;
		for (int j = 0; j < jobs && j < 64; j++) {
			double r[6] = { 0, 0, 0, 0, 0, 0 };
			if (read(fds[j][0], r, sizeof r) != (ssize_t)sizeof r)
				return 2;
			med[0] += r[4] / jobs;   /* the mean of the jobs' medians */
			med[1] += r[5] / jobs;
			ts = r[0] > ts ? r[0] : ts;
			tv = r[1] > tv ? r[1] : tv;
			raw[0] += r[2] / jobs;    /* the mean time per job */
			raw[1] += r[3] / jobs;
		}
		while (wait(NULL) > 0)
			;
		n *= (size_t)jobs;
	}
	if (openssl_speed(ec, &rs1, &rv1) < 0) {
		fprintf(stderr, "bench-records: openssl speed gave no figures\n");
		return 2;
	}
	double rs = (rs0 + rs1) / 2, rv = (rv0 + rv1) / 2;
	printf("%s, %zu records, %d job%s\n", ec ? "ECDSA P-256" : "RSA-2048", n, jobs, jobs == 1 ? "" : "s");
	printf("  openssl speed (1 core): sign %9.0f/s   verify %9.0f/s   (before %.0f/%.0f, after %.0f/%.0f)\n", rs, rv,
	       rs0, rv0, rs1, rv1);
	if (fs > 0) {
		printf("  xmlsec, empty document: sign %9.0f/s = %5.1f %%  verify %9.0f/s = %5.1f %% of raw\n", fs,
		       100 * fs / rs, fv, 100 * fv / rv);
	}
	/* per core: the total over the jobs, against one core's raw rate */
	printf("  gi_record_sign:         %9.0f records/s  = %5.1f %% of openssl speed per core, %5.1f %% of the "
	       "interleaved raw signing\n", n / ts, 100 * n / ts / rs / jobs, 100 * raw[0] / ts);
	printf("  gi_record_sign, median record %.1f us against median raw signature %.1f us: %5.1f %%\n",
	       med[0] * 1e6, med[1] * 1e6, 100 * med[1] / med[0]);
	printf("  gi_record_verify:       %9.0f records/s  = %5.1f %% of openssl speed per core, %5.1f %% of the "
	       "interleaved raw verification\n", n / tv, 100 * n / tv / rv / jobs, 100 * raw[1] / tv);
	return 0;
}
