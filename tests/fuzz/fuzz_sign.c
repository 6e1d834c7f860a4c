/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target: signing records over arbitrary sample contents. The input
 * is split at newlines into: the issuer label and report name (caller
 * strings, any bytes), then sample id, lot, laboratory name and origin,
 * which go through a CSV report. Each record signed is checked against
 * libxml2's canonicalisation of it (tests/c14n_check.c) and verified, with
 * xmlsec checking the signature beside libgi (gi__dsig_differential); a
 * refusal to sign must be GI_EINVALID (text XML cannot carry).
 *
 * Key: tests/fuzz/signer.key, a self-signed P-256 test certificate
 * (signer.pem, valid for 100 years) that is also the trust anchor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gi/gi.h>
#include "fuzz.h"
#include "c14n_check.h"

typedef struct {
	gi_signer *signer;
	gi_trust *trust;
	gi_record_info info;
	int signed_one;
} job;

static int sign(const gi_sample_result *r, void *payload)
{
	job *j = payload;
	char *xml = NULL;
	size_t len = 0;
	int rc = gi_record_sign(&xml, &len, NULL, j->signer, r, &j->info);
	if (rc != 0) {
		if (rc != GI_EINVALID || xml) {
			fprintf(stderr, "fuzz_sign: signing failed with %d: %s\n", rc, gi_error_last()->message);
			abort();
		}
		return 0;
	}
	gi_record_check *c = NULL;
	rc = gi_record_verify(&c, xml, len, "fuzz.xml", j->trust);
	if (rc != 0 || !c || c->status != GI_RECORD_VALID) {
		fprintf(stderr, "fuzz_sign: a record just signed does not verify: %s\n", c ? c->reason : "?");
		abort();
	}
	gi_record_check_free(c);
	gi_free(xml);
	j->signed_one = 1;
	return 0;
}

/* s as one CSV field (quoted; CSV's own quote doubled) */
static void field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputs("\",", f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static gi_spec *spec;
	static job j;
	if (!spec) {
		c14n_check_install();
		gi__dsig_differential(1);
		spec = fuzz_load_spec();
		const char *src = getenv("GI_SRCDIR");
		char key[4096], cert[4096];
		snprintf(key, sizeof key, "%s/tests/fuzz/signer.key", src ? src : ".");
		snprintf(cert, sizeof cert, "%s/tests/fuzz/signer.pem", src ? src : ".");
		gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
		so.key_file = key;
		so.cert_file = cert;
		if (gi_signer_load(&j.signer, &so) != 0 || gi_trust_load(&j.trust, cert, NULL) != 0) {
			fprintf(stderr, "fuzz_sign: %s\n", gi_error_last()->message);
			abort();
		}
	}
	/* six strings, NUL-terminated, from the input's lines */
	char *copy = malloc(size + 1), *part[6] = { "", "", "", "", "", "" };
	memcpy(copy, data, size);
	copy[size] = '\0';
	char *p = copy;
	for (int i = 0; i < 6 && p; i++) {
		part[i] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	char *csv = NULL;
	size_t csv_len = 0;
	FILE *f = open_memstream(&csv, &csv_len);
	fputs("lab,lab_name,sample,lot,product,spec,origin,altitude,analyte,unit,value,U\nL1,", f);
	field(f, part[4]);
	field(f, part[2]);
	field(f, part[3]);
	fputs("green-tea,vn-gi-00146-lai-chau-tea,", f);
	field(f, part[5]);
	fputs("1450,glutamic-acid,g/100g,5.6,0.2\n", f);
	fclose(f);
	gi_report *rep = NULL;
	if (gi_report_open_memory(&rep, csv, csv_len, "fuzz.csv", NULL) == 0) {
		j.info = (gi_record_info)GI_RECORD_INFO_INIT;
		j.info.spec = spec;
		j.info.issuer = part[0][0] ? part[0] : NULL;
		j.info.report_name = part[1];
		j.info.report_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
		j.info.lab = gi_report_lab(rep);
		gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
		o.on_sample = sign;
		o.payload = &j;
		gi_verify(NULL, spec, rep, &o);   /* the report may be refused; a sample read is signed */
		gi_report_free(rep);
	}
	free(csv);
	free(copy);
	if (getenv("FUZZ_SIGN_COUNT"))
		fprintf(stdout, "records checked: %ld\n", c14n_checked());
	return 0;
}
