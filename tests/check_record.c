/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_record.c - signed verification records: signing with every key
 * form, interoperability with the xmlsec1 command, and every attack a
 * relying party must withstand, each rejected with its own reason. The
 * PKI is made by tests/pki.sh with the openssl command. */
#define _GNU_SOURCE
#include <check.h>
#include <ctype.h>
#include <stdarg.h>
#include <time.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <openssl/evp.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <libxml/uri.h>
#include "helpers.h"
#include "record_internal.h"
#include "registry_internal.h"   /* gi__sign_document */
#include "c14n_check.h"
#include "c14n_write.h"   /* the canonical writer; gi__c14n_known_namespace */
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include "suites.h"

static char pki[4096];

static const char *P(const char *name)
{
	return t_pki(name);
}

static void make_pki(void)
{
	snprintf(pki, sizeof pki, "%s", t_pki(NULL));
}

typedef struct {
	const gi_signer *signer;
	gi_record_info info;
	char *xml;
	size_t len;
} signing;

static int local_tsa(unsigned char **resp, size_t *len, const unsigned char *req, size_t req_len, void *payload);

static int sign_first(const gi_sample_result *r, void *payload)
{
	signing *s = payload;
	if (!s->xml) {
		char id[GI_RECORD_ID_SIZE];
		ck_assert_int_eq(gi_record_sign(&s->xml, &s->len, id, s->signer, r, &s->info), 0);
		ck_assert_uint_eq(strlen(id), 33);
	}
	return 0;
}

static const char *issuer_override;   /* gi_record_info.issuer, when set */
static long long time_override;       /* gi_record_info.time, when set */

/* Runs the shipped example through gi_verify with a signer made from so
 * and on_sample as the callback (sign_first keeps the first record);
 * returns gi_verify's status and the record kept, if any. */
static int sign_example_with(gi_signer *sg, gi_sample_cb on_sample, char **xml);

static int sign_example(const gi_signer_options *so, gi_sample_cb on_sample, char **xml)
{
	gi_signer *sg;
	ck_assert_msg(gi_signer_load(&sg, so) == 0, "%s", gi_error_last()->message);
	return sign_example_with(sg, on_sample, xml);
}

/* The same with a signer already loaded, which it frees. */
static int sign_example_with(gi_signer *sg, gi_sample_cb on_sample, char **xml)
{
	gi_spec *spec = t_spec("specs/lai-chau-tea.xml");
	const char *rep = t_src("examples/lai-chau-2026.xml");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_file(&r, rep, NULL), 0);
	char sha[65];
	ck_assert_int_eq(gi_sha256_file(sha, rep), 0);
	signing s = { sg, GI_RECORD_INFO_INIT, NULL, 0 };
	s.info.spec = spec;
	s.info.report_name = "examples/lai-chau-2026.xml";
	s.info.report_sha256 = sha;
	s.info.lab = gi_report_lab(r);
	s.info.issuer = issuer_override;
	s.info.time = time_override;
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = on_sample;
	o.payload = &s;
	int rc = gi_verify(NULL, spec, r, &o);
	if (rc == 0)   /* read to the end: the digest the records state */
		ck_assert_str_eq(gi_report_sha256(r), sha);
	gi_report_free(r);
	gi_spec_free(spec);
	gi_signer_free(sg);
	*xml = s.xml;
	return rc;
}

/* The first sample of the shipped example, signed with the given key. */
static char *signed_record(const char *key, const char *cert, const char *p12, const char *password)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = key ? P(key) : NULL;
	so.cert_file = cert ? P(cert) : NULL;
	so.pkcs12_file = p12 ? P(p12) : NULL;
	so.password = password;
	char *xml;
	ck_assert_int_eq(sign_example(&so, sign_first, &xml), 0);
	return xml;
}

/* The same with allow_unusable_cert: a certificate gi_signer_load refuses
 * (expired, wrong usage, weak), to test what verification makes of it. */
static char *unusable_record(const char *key, const char *cert)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P(key);
	so.cert_file = P(cert);
	so.allow_unusable_cert = 1;
	char *xml;
	ck_assert_int_eq(sign_example(&so, sign_first, &xml), 0);
	return xml;
}

static gi_record_status check_xml(const char *xml, size_t len, int with_crl, char *reason, size_t n)
{
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), with_crl ? P("crl.pem") : NULL), 0);
	gi_record_check *c = NULL;
	int rc = gi_record_verify(&c, xml, len, "record.xml", t);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(rc == 0, c->status == GI_RECORD_VALID);
	gi_record_status st = c->status;
	if (reason)
		snprintf(reason, n, "%s", c->reason);
	gi_record_check_free(c);
	gi_trust_free(t);
	return st;
}

static gi_record_status check_str(const char *xml, int with_crl)
{
	return check_xml(xml, strlen(xml), with_crl, NULL, 0);
}

static void setup(void)
{
	make_pki();
}

/* Keeps the first record; a signing failure stops gi_verify, with its
 * error in place. */
static int sign_first_or_stop(const gi_sample_result *r, void *payload)
{
	signing *s = payload;
	return s->xml ? 0 : gi_record_sign(&s->xml, &s->len, NULL, s->signer, r, &s->info) != 0;
}

/* Signs the first sample of a CSV report given as text; returns
 * gi_verify's status and the record (or NULL). */
static int sign_csv(const char *csv, const char *report_name, const char *issuer, char **xml)
{
	gi_signer *sg;
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P("lab-ec.key");
	so.cert_file = P("lab-ec-chain.pem");
	ck_assert_int_eq(gi_signer_load(&sg, &so), 0);
	gi_spec *spec = t_spec("specs/lai-chau-tea.xml");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_memory(&r, csv, strlen(csv), "odd.csv", NULL), 0);
	signing s = { sg, GI_RECORD_INFO_INIT, NULL, 0 };
	s.info.spec = spec;
	s.info.report_name = report_name;
	s.info.issuer = issuer;
	s.info.report_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
	s.info.lab = gi_report_lab(r);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = sign_first_or_stop;
	o.payload = &s;
	int rc = gi_verify(NULL, spec, r, &o);
	gi_report_free(r);
	gi_spec_free(spec);
	gi_signer_free(sg);
	*xml = s.xml;
	return rc;
}

/* Records are written directly in canonical form (libgi/c14n_write.c):
 * text that C14N escapes (Canonical XML 1.0 §2.3: & < > in text; & < "
 * TAB LF CR in attributes), non-ASCII and 4-byte UTF-8 still hash as
 * libxml2 canonicalises them (tests/c14n_check.c runs on every record
 * signed here), and the record verifies; text XML cannot carry (a control
 * character) is refused with the field named, and no record is made. */
START_TEST(canonical_record_text)
{
	long before = c14n_checked();
	/* the report's text (the CSV reader refuses control characters), then
	 * the caller's: report name and issuer label, with TAB, LF and CR */
	const char *csv =
		"lab,lab_name,sample,lot,product,spec,origin,altitude,analyte,unit,value,U\n"
		"L&1,\"Ph\xc3\xb2ng <th\xe1\xbb\xad> \"\"A&B\"\" 'q' \xf0\x9f\x8d\xb5\",\"S<1>&\"\"2\"\"\",\"lot>\"\"a\"\"\","
		"green-tea,vn-gi-00146-lai-chau-tea,Tam \xc4\x90\xc6\xb0\xe1\xbb\x9dng,1450,glutamic-acid,g/100g,5.6,0.2\n";
	char *xml = NULL;
	ck_assert_msg(sign_csv(csv, "odd <&> \"names\"\t\r\n.csv", "Lab\r\n<&>\t\"x\"", &xml) == 0, "%s",
	              gi_error_last()->message);
	ck_assert_ptr_nonnull(xml);
	ck_assert_int_eq(c14n_checked(), before + 1);
	char why[512];
	ck_assert_msg(check_xml(xml, strlen(xml), 0, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	/* the strings come back as they went in */
	gi_record_check *c;
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	ck_assert_int_eq(gi_record_verify(&c, xml, strlen(xml), "odd.xml", t), 0);
	ck_assert_str_eq(c->sample_id, "S<1>&\"2\"");
	ck_assert_str_eq(c->claimed_issuer, "Lab\r\n<&>\t\"x\"");
	gi_record_check_free(c);
	gi_trust_free(t);
	ck_assert_ptr_nonnull(strstr(xml, "lot=\"lot>&quot;a&quot;\""));
	ck_assert_ptr_nonnull(strstr(xml, "file=\"odd &lt;&amp;> &quot;names&quot;&#x9;&#xD;&#xA;.csv\""));
	ck_assert_ptr_nonnull(strstr(xml, "<issuer>Lab&#xD;\n&lt;&amp;&gt;\t\"x\"</issuer>"));
	gi_free(xml);

	/* XML 1.0 §2.2 Char takes DEL and every code point up to U+10FFFF but
	 * the surrogates, U+FFFE and U+FFFF */
	ck_assert_int_eq(sign_csv(csv, "r\x7f\xf4\x8f\xbf\xbf\xee\x80\x80.csv", NULL, &xml), 0);
	ck_assert_int_eq(c14n_checked(), before + 2);
	gi_free(xml);
	/* a control character, or bytes that are not UTF-8 (truncated, a lone
	 * continuation byte, an overlong form, beyond U+10FFFF), a surrogate,
	 * U+FFFE or U+FFFF: no record */
	const char *bad[] = { "report\x01.csv", "report\xc3.csv", "report\x80.csv", "report\xc0\xaf.csv",
	                      "report\xf4\x90\x80\x80.csv", "report\xed\xa0\x80.csv", "report\xed\xbf\xbf.csv",
	                      "report\xef\xbf\xbe.csv", "report\xef\xbf\xbf.csv" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		xml = NULL;
		int rc = sign_csv(csv, bad[i], NULL, &xml);
		ck_assert_ptr_null(xml);
		ck_assert_int_eq(rc, GI_EINVALID);
		ck_assert_msg(strstr(gi_error_last()->message, "file") && strstr(gi_error_last()->message, "S<1>"),
		              "%s", gi_error_last()->message);
	}
	ck_assert_int_eq(c14n_checked(), before + 2);
}
END_TEST

/* Input that is not a record: gi_record_json, which reads a record,
 * says GI_EPARSE for what is not XML and GI_EINVALID for XML that is not a
 * verification record (gi-record.xsd); gi_record_verify and
 * gi_record_restamp, which ask whether it verifies, say GI_EINVALID for
 * both, with the status "malformed" (gi/record.h). Each names the file. */
START_TEST(not_a_record_errors)
{
	static const struct { const char *text; int parse_code; } cases[] = {
		{ "this is not XML", GI_EPARSE },
		{ "<?xml version=\"1.0\"?><a/>", GI_EINVALID },
	};
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *x = cases[i].text;
		char *out = NULL;
		size_t len = 0;
		ck_assert_int_eq(gi_record_json(&out, x, strlen(x), "in.xml"), cases[i].parse_code);
		ck_assert_str_eq(gi_error_last()->file, "in.xml");
		ck_assert_int_eq(gi_record_restamp(&out, &len, x, strlen(x), "in.xml", t, local_tsa, NULL), GI_EINVALID);
		ck_assert_str_eq(gi_error_last()->file, "in.xml");
		ck_assert_ptr_null(out);
		gi_record_check *c = NULL;
		ck_assert_int_eq(gi_record_verify(&c, x, strlen(x), "in.xml", t), GI_EINVALID);
		ck_assert_int_eq(c->status, GI_RECORD_MALFORMED);
		ck_assert_str_eq(gi_error_last()->file, "in.xml");
		gi_record_check_free(c);
	}
	gi_trust_free(t);
}
END_TEST

/* Records signed with RSA-2048, RSA-3072, P-256, an encrypted PEM key and
 * a PKCS#12 file all verify, against the CRL too, and name their signer. */
START_TEST(sign_every_key_form)
{
	static const struct { const char *key, *cert, *p12, *pw; } t[] = {
		{ "lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL },
		{ "lab-rsa3072.key", "lab-rsa3072-chain.pem", NULL, NULL },
		{ "lab-ec.key", "lab-ec-chain.pem", NULL, NULL },
		{ "lab-rsa-enc.key", "lab-rsa-chain.pem", NULL, "secret" },
		{ NULL, NULL, "lab-rsa.p12", "secret" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *xml = signed_record(t[i].key, t[i].cert, t[i].p12, t[i].pw);
		char why[600];
		ck_assert_msg(check_xml(xml, strlen(xml), 1, why, sizeof why) == GI_RECORD_VALID, "case %zu: %s", i, why);
		ck_assert_ptr_nonnull(strstr(why, "CN = lab-"));
		gi_free(xml);
	}
}
END_TEST

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* The xmlsec1 command accepts libgi's records (RSA and ECDSA), with the
 * test root as the only trusted certificate. */
START_TEST(xmlsec1_accepts_libgi_records)
{
	ck_assert_msg(system("command -v xmlsec1 >/dev/null") == 0, "the xmlsec1 command is not installed");
	const char *keys[][2] = { { "lab-rsa.key", "lab-rsa-chain.pem" }, { "lab-ec.key", "lab-ec-chain.pem" } };
	for (int i = 0; i < 2; i++) {
		char *xml = signed_record(keys[i][0], keys[i][1], NULL, NULL);
		char path[] = "/tmp/gi-rec-XXXXXX.xml", cmd[9000];
		int fd = mkstemps(path, 4);
		close(fd);
		write_file(path, xml, strlen(xml));
		snprintf(cmd, sizeof cmd, "xmlsec1 --verify --trusted-pem '%s' --untrusted-pem '%s' '%s' >/dev/null 2>&1",
		         P("root.pem"), P("inter.pem"), path);
		ck_assert_msg(system(cmd) == 0, "xmlsec1 rejected a libgi record (%s)", keys[i][0]);
		/* and rejects it once a digit of the verdict's reason changes */
		char *p = strstr(xml, "<verdict value=\"pass\">");
		ck_assert_ptr_nonnull(p);
		memcpy(p, "<verdict value=\"fail\">", 22);
		write_file(path, xml, strlen(xml));
		ck_assert_msg(system(cmd) != 0, "xmlsec1 accepted a changed record");
		unlink(path);
		gi_free(xml);
	}
}
END_TEST

/* A record signed by the xmlsec1 command from a template verifies in libgi. */
START_TEST(libgi_accepts_xmlsec1_records)
{
	char *xml = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	/* keep the signed content, replace the signature by a template */
	char *sig = strstr(xml, "<Signature");
	ck_assert_ptr_nonnull(sig);
	const char *tmpl =
		"<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo>"
		"<CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>"
		"<SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>"
		"<Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"
		"</Transforms><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue/></Reference>"
		"</SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature></verificationRecord>\n";
	size_t head = (size_t)(sig - xml);
	char *doc = malloc(head + strlen(tmpl) + 1);
	memcpy(doc, xml, head);
	strcpy(doc + head, tmpl);
	char in[] = "/tmp/gi-tmpl-XXXXXX.xml", out[] = "/tmp/gi-xs-XXXXXX.xml", cmd[9000];
	close(mkstemps(in, 4));
	close(mkstemps(out, 4));
	write_file(in, doc, strlen(doc));
	snprintf(cmd, sizeof cmd, "xmlsec1 --sign --privkey-pem '%s,%s,%s' --output '%s' '%s' >/dev/null 2>&1",
	         P("lab-rsa.key"), P("lab-rsa.pem"), P("inter.pem"), out, in);
	ck_assert_msg(system(cmd) == 0, "xmlsec1 --sign failed");
	FILE *f = fopen(out, "rb");
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	ck_assert_int_eq(check_xml(buf, n, 1, NULL, 0), GI_RECORD_VALID);
	unlink(in);
	unlink(out);
	free(doc);
	gi_free(xml);
}
END_TEST

/* Cuts the text between the end of the first `from` and the next `to`
 * (exclusive) and puts `with` there. */
static char *splice(const char *xml, const char *from, const char *to, const char *with)
{
	const char *a = strstr(xml, from);
	ck_assert_ptr_nonnull(a);
	a += strlen(from);
	const char *b = strstr(a, to);
	ck_assert_ptr_nonnull(b);
	char *out = malloc(strlen(xml) + strlen(with) + 1);
	memcpy(out, xml, (size_t)(a - xml));
	strcpy(out + (a - xml), with);
	strcat(out, b);
	return out;
}

/* A XAdES record signed by the xmlsec1 command (told where the
 * SignedProperties Id is) from a template with libgi's layout verifies in
 * libgi: the layout is the standard's, not libgi's private one. */
START_TEST(libgi_accepts_xmlsec1_xades_records)
{
	char *xml = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	/* both DigestValues of SignedInfo, the SignatureValue and KeyInfo emptied */
	char *t1 = splice(xml, "<Reference URI=\"\">", "</Reference>",
	                  "<Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"
	                  "</Transforms><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue/>");
	const char *r2 = strstr(t1, "#SignedProperties\"");
	ck_assert_ptr_nonnull(r2);
	const char *r2_end = strstr(r2, "</Reference>");
	const char *dv = strstr(r2, "<DigestValue>");
	ck_assert(dv && dv < r2_end);
	char *t4 = malloc(strlen(t1) + 1);
	memcpy(t4, t1, (size_t)(dv - t1));
	strcpy(t4 + (dv - t1), "<DigestValue/>");
	strcat(t4, r2_end);
	char *t5 = splice(t4, "<SignatureValue>", "</SignatureValue>", "");
	char *tmpl = splice(t5, "<KeyInfo>", "</KeyInfo>", "<X509Data/>");
	char in[] = "/tmp/gi-xt-XXXXXX.xml", out[] = "/tmp/gi-xo-XXXXXX.xml", cmd[9000];
	close(mkstemps(in, 4));
	close(mkstemps(out, 4));
	write_file(in, tmpl, strlen(tmpl));
	snprintf(cmd, sizeof cmd, "xmlsec1 --sign --id-attr:Id http://uri.etsi.org/01903/v1.3.2#:SignedProperties "
	         "--privkey-pem '%s,%s,%s' --output '%s' '%s' >/dev/null 2>&1", P("lab-rsa.key"), P("lab-rsa.pem"),
	         P("inter.pem"), out, in);
	ck_assert_msg(system(cmd) == 0, "xmlsec1 --sign failed");
	FILE *f = fopen(out, "rb");
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	ck_assert_ptr_null(strstr(buf, "<DigestValue/>"));
	char why[600];
	ck_assert_msg(check_xml(buf, n, 1, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	/* the SignedProperties transform with an InclusiveNamespaces prefix
	 * list (Exclusive XML Canonicalization 1.0 §3), its prefixes apart by
	 * a tab, a newline and spaces, "#default" among them: libgi
	 * canonicalises as xmlsec does (the differential check compares both) */
	static const char exc[] = "<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"></Transform>";
	const char *tr = strstr(tmpl, exc);
	ck_assert_ptr_nonnull(tr);
	size_t head = (size_t)(tr - tmpl);
	static const char listed[] = "<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\">"
		"<ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" "
		"PrefixList=\"xades&#9;#default&#10;  ds\"/></Transform>";
	char *pl = malloc(strlen(tmpl) + sizeof listed);
	memcpy(pl, tmpl, head);
	strcpy(pl + head, listed);
	strcat(pl, tr + sizeof exc - 1);
	write_file(in, pl, strlen(pl));
	ck_assert_msg(system(cmd) == 0, "xmlsec1 --sign failed");
	f = fopen(out, "rb");
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	ck_assert_ptr_nonnull(strstr(buf, "PrefixList="));
	ck_assert_msg(check_xml(buf, n, 1, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	free(pl);
	/* signed the same way, but with a SigningTime other than the time the
	 * record says it was issued: the XAdES property contradicts the record */
	char *other_time = splice(tmpl, "<xades:SigningTime>", "</xades:SigningTime>", "2001-01-01T00:00:00Z");
	write_file(in, other_time, strlen(other_time));
	ck_assert_msg(system(cmd) == 0, "xmlsec1 --sign failed");
	f = fopen(out, "rb");
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	ck_assert_int_eq(check_xml(buf, n, 1, why, sizeof why), GI_RECORD_BAD_LAYOUT);
	ck_assert_msg(strstr(why, "SigningTime differs from the time the record states it was issued"), "%s", why);
	free(other_time);
	unlink(in);
	unlink(out);
	free(tmpl);
	free(t5);
	free(t4);
	free(t1);
	gi_free(xml);
}
END_TEST

/* Records in the format before the XAdES properties - one URI=""
 * reference, and the RFC 3161 token over the SHA-256 of the decoded
 * SignatureValue in <Object><timeStamp xmlns="urn:libgi:record:1"> - still
 * verify at the token's time; they cannot be re-stamped. Made here with
 * the xmlsec1 and openssl commands, as libgi wrote them. */
START_TEST(records_before_xades_still_verify)
{
	char *xml = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	char *sig = strstr(xml, "<Signature");
	const char *tmpl =
		"<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo>"
		"<CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>"
		"<SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>"
		"<Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"
		"</Transforms><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue/></Reference>"
		"</SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature></verificationRecord>\n";
	size_t head = (size_t)(sig - xml);
	char *doc = malloc(head + strlen(tmpl) + 1);
	memcpy(doc, xml, head);
	strcpy(doc + head, tmpl);
	char dir[] = "/tmp/gi-old-XXXXXX", cmd[20000];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char in[4200];
	snprintf(in, sizeof in, "%s/in.xml", dir);
	write_file(in, doc, strlen(doc));
	snprintf(cmd, sizeof cmd,
	         "xmlsec1 --sign --privkey-pem '%s,%s,%s' --output '%s/signed.xml' '%s' >/dev/null 2>&1 && "
	         "tr -d '\\n' < '%s/signed.xml' | sed 's|.*<SignatureValue>\\([^<]*\\)</SignatureValue>.*|\\1|' | "
	         "base64 -d > '%s/sv.bin' && openssl ts -query -data '%s/sv.bin' -sha256 -cert -out '%s/q.tsq' 2>/dev/null && "
	         "(cd '%s' && openssl ts -reply -config ca.cnf -queryfile '%s/q.tsq' -token_out -out '%s/tok.der' 2>/dev/null) && "
	         "tok=$(base64 -w0 '%s/tok.der') && sed \"s|</Signature>|<Object><timeStamp xmlns=\\\"urn:libgi:record:1\\\">$tok</timeStamp></Object></Signature>|\" "
	         "'%s/signed.xml' > '%s/old.xml'",
	         P("lab-rsa.key"), P("lab-rsa.pem"), P("inter.pem"), dir, in, dir, dir, dir, dir, pki, dir, dir, dir, dir, dir);
	ck_assert_msg(system(cmd) == 0, "making the old-format record failed: %s", cmd);
	char old[4200];
	snprintf(old, sizeof old, "%s/old.xml", dir);
	FILE *f = fopen(old, "rb");
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	ck_assert_ptr_nonnull(strstr(buf, "<timeStamp xmlns=\"urn:libgi:record:1\">"));
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), P("crl.pem")), 0);
	gi_record_check *c = NULL;
	ck_assert_msg(gi_record_verify(&c, buf, n, "old.xml", t) == 0, "%s", c ? c->reason : "?");
	ck_assert_ptr_nonnull(c->timestamp);
	ck_assert_str_eq(c->verified_at, c->timestamp);
	gi_record_check_free(c);
	char *out = NULL;
	size_t len;
	ck_assert_int_eq(gi_record_restamp(&out, &len, buf, n, "old.xml", t, local_tsa, NULL), GI_EINVALID);
	ck_assert_ptr_null(out);
	gi_trust_free(t);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	system(cmd);
	free(doc);
	gi_free(xml);
}
END_TEST

/* Changing any letter or digit of the signed content - names, attribute
 * values, text - makes the record fail verification. */
START_TEST(every_byte_of_signed_content)
{
	char *xml = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	ck_assert_int_eq(check_str(xml, 0), GI_RECORD_VALID);
	size_t start = (size_t)(strstr(xml, "<verificationRecord") - xml);
	size_t end = (size_t)(strstr(xml, "<Signature") - xml);
	size_t tried = 0;
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)xml[i];
		if (!isalnum(c))
			continue;
		xml[i] = (char)(isdigit(c) ? (c == '9' ? '0' : c + 1) : c == 'z' ? 'y' : c == 'Z' ? 'Y' : c + 1);
		/* the schema (names, types, enumerations) or the digest of the
		 * enveloped Reference (XML-DSig core validation, W3C
		 * xmldsig-core1 section 3.2.1) catches it, nothing else */
		gi_record_status st = check_str(xml, 0);
		ck_assert_msg(st == GI_RECORD_MALFORMED || st == GI_RECORD_BAD_DIGEST,
		              "changing byte %zu ('%c') gave status %d", i, c, (int)st);
		xml[i] = (char)c;
		tried++;
	}
	ck_assert_uint_gt(tried, 500);
	ck_assert_int_eq(check_str(xml, 0), GI_RECORD_VALID);
	gi_free(xml);
}
END_TEST

static char *replace(const char *xml, const char *from, const char *to)
{
	const char *p = strstr(xml, from);
	ck_assert_msg(p != NULL, "'%s' not in the record", from);
	size_t a = (size_t)(p - xml), n = strlen(xml) - a - strlen(from);
	char *out = malloc(a + strlen(to) + n + 1);
	memcpy(out, xml, a);
	strcpy(out + a, to);
	strcat(out, p + strlen(from));
	return out;
}

/* Attacks on the signature itself, each rejected with its own status. */
START_TEST(signature_attacks)
{
	char *xml = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL), *bad;
	char why[600];
	/* the signature value changed */
	char *sv = strstr(xml, "<SignatureValue>") + 16;
	char saved = *sv;
	*sv = saved == 'A' ? 'B' : 'A';
	ck_assert_int_eq(check_str(xml, 0), GI_RECORD_BAD_SIGNATURE);
	*sv = saved;
	/* the digest value changed: reference validation, which XML-DSig core
	 * validation does before the signature value (W3C xmldsig-core1
	 * section 3.2.1), fails first */
	char *dv = strstr(xml, "<DigestValue>") + 13;
	saved = *dv;
	*dv = saved == 'A' ? 'B' : 'A';
	ck_assert_int_eq(check_str(xml, 0), GI_RECORD_BAD_DIGEST);
	*dv = saved;
	/* a second reference */
	bad = replace(xml, "</Reference>",
	              "</Reference><Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></Transforms>"
	              "<DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue>AAAA</DigestValue></Reference>");
	ck_assert_int_eq(check_xml(bad, strlen(bad), 0, why, sizeof why), GI_RECORD_BAD_LAYOUT);
	ck_assert_ptr_nonnull(strstr(why, "exactly two References"));
	free(bad);
	/* another transform in the reference */
	bad = replace(xml, "</Transforms>", "<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></Transforms>");
	ck_assert_int_eq(check_str(bad, 0), GI_RECORD_BAD_LAYOUT);
	free(bad);
	/* a reference to part of the document */
	bad = replace(xml, "<Reference URI=\"\">", "<Reference URI=\"#x\">");
	ck_assert_int_eq(check_str(bad, 0), GI_RECORD_BAD_LAYOUT);
	free(bad);
	/* the signature removed */
	char *cut = strdup(xml);
	strcpy(strstr(cut, "<Signature"), "</verificationRecord>\n");
	ck_assert_int_eq(check_xml(cut, strlen(cut), 0, why, sizeof why), GI_RECORD_BAD_LAYOUT);
	ck_assert_ptr_nonnull(strstr(why, "not signed"));
	free(cut);
	/* the certificate swapped for another lab's of the same CA */
	char *ec = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	char *c1 = strstr(xml, "<X509Certificate>"), *c2 = strstr(ec, "<X509Certificate>");
	size_t l1 = (size_t)(strstr(c1, "</X509Certificate>") - c1), l2 = (size_t)(strstr(c2, "</X509Certificate>") - c2);
	bad = malloc(strlen(xml) + l2 + 1);
	memcpy(bad, xml, (size_t)(c1 - xml));
	memcpy(bad + (c1 - xml), c2, l2);
	strcpy(bad + (c1 - xml) + l2, c1 + l1);
	ck_assert_int_eq(check_str(bad, 0), GI_RECORD_BAD_SIGNATURE);
	free(bad);
	gi_free(ec);
	gi_free(xml);
}
END_TEST

/* Signature wrapping: the verdict forged on the root while the signed
 * original is moved into a ds:Object of the signature, or the forged
 * record wraps the original. Neither verifies. */
START_TEST(signature_wrapping)
{
	char *xml = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	ck_assert_ptr_nonnull(strstr(xml, "<verdict value=\"pass\">"));
	/* the original signed record, without its XML declaration */
	const char *orig = strstr(xml, "<verificationRecord");
	char *sig = strstr(xml, "<Signature");
	size_t content = (size_t)(sig - orig);
	char *forged = replace(xml, "<verdict value=\"pass\">", "<verdict value=\"fail\">");
	/* 1: original moved into <Object> inside the signature */
	char *obj = malloc(strlen(forged) + strlen(orig) + 64);
	char *fsig = strstr(forged, "</Signature>");
	size_t head = (size_t)(fsig - forged);
	memcpy(obj, forged, head);
	sprintf(obj + head, "<Object>%.*s</verificationRecord></Object>%s", (int)content, orig, fsig);
	/* a second ds:Object is not the record layout */
	ck_assert_int_eq(check_str(obj, 0), GI_RECORD_BAD_LAYOUT);
	free(obj);
	/* 2: a forged record wrapping the signed original */
	char *wrap = malloc(strlen(forged) + strlen(orig) + 64);
	char *close_tag = strstr(forged, "<Signature");
	head = (size_t)(close_tag - forged);
	memcpy(wrap, forged, head);
	sprintf(wrap + head, "%s", orig);
	strcat(wrap, "</verificationRecord>\n");
	/* gi-record.xsd has no verificationRecord inside another */
	ck_assert_int_eq(check_str(wrap, 0), GI_RECORD_MALFORMED);
	free(wrap);
	free(forged);
	gi_free(xml);
}
END_TEST

/* The second Reference (XAdES SignedProperties, by Id) is what wrapping
 * attacks aim at: SignedProperties moved out of the signature's ds:Object,
 * a second element with the same Id, the reference pointed at another
 * element, an extra reference, properties targeting another signature.
 * None verifies. */
START_TEST(xades_reference_wrapping)
{
	char *xml = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL), *bad;
	char why[600];
	ck_assert_int_eq(check_str(xml, 0), GI_RECORD_VALID);
	char *sp = strstr(xml, "<xades:SignedProperties"), *sp_end = strstr(xml, "</xades:SignedProperties>") + 25;
	ck_assert_ptr_nonnull(sp);
	char *id = strstr(sp, "Id=\"") + 4;
	char spid[64];
	snprintf(spid, sizeof spid, "%.*s", (int)(strchr(id, '"') - id), id);
	size_t sp_len = (size_t)(sp_end - sp);
	/* 1: SignedProperties moved out of the ds:Object, before the signature */
	{
		char *copy = malloc(strlen(xml) + 200);
		char *sig = strstr(xml, "<Signature");
		size_t head = (size_t)(sig - xml);
		memcpy(copy, xml, head);
		sprintf(copy + head, "<x xmlns:xades=\"http://uri.etsi.org/01903/v1.3.2#\">%.*s</x>", (int)sp_len, sp);
		size_t k = strlen(copy);
		memcpy(copy + k, sig, (size_t)(sp - sig));
		strcpy(copy + k + (sp - sig), sp_end);
		/* gi-record.xsd allows no foreign element before the signature */
		ck_assert_int_eq(check_str(copy, 0), GI_RECORD_MALFORMED);
		free(copy);
	}
	/* 2: a second ds:Object after the properties */
	bad = replace(xml, "</xades:QualifyingProperties>",
	              "</xades:QualifyingProperties><!-- --></Object><Object>");
	ck_assert_int_eq(check_str(bad, 0), GI_RECORD_BAD_LAYOUT);
	free(bad);
	char decoy[200];
	snprintf(decoy, sizeof decoy, "<KeyInfo Id=\"%s\">", spid);
	/* 3: a decoy with the SignedProperties' Id in the signature */
	bad = replace(xml, "<KeyInfo>", decoy);
	ck_assert_int_eq(check_xml(bad, strlen(bad), 0, why, sizeof why), GI_RECORD_BAD_LAYOUT);
	ck_assert_ptr_nonnull(strstr(why, "Id occurs twice"));
	free(bad);
	/* 4: the reference pointed at another element with an Id */
	bad = replace(xml, "<KeyInfo>", "<KeyInfo Id=\"other\">");
	char *bad2 = replace(bad, spid, "other");
	ck_assert_int_eq(check_xml(bad2, strlen(bad2), 0, why, sizeof why), GI_RECORD_BAD_LAYOUT);
	free(bad2);
	free(bad);
	/* 5: a third reference */
	bad = replace(xml, "</SignedInfo>",
	              "<Reference URI=\"#x\"><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"
	              "<DigestValue>AAAA</DigestValue></Reference></SignedInfo>");
	ck_assert_int_eq(check_xml(bad, strlen(bad), 0, why, sizeof why), GI_RECORD_BAD_LAYOUT);
	ck_assert_ptr_nonnull(strstr(why, "exactly two References"));
	free(bad);
	/* 6: properties targeting another signature */
	bad = replace(xml, "Target=\"#S-", "Target=\"#T-");
	ck_assert_int_eq(check_str(bad, 0), GI_RECORD_BAD_LAYOUT);
	free(bad);
	/* 7: an unknown property among the signed ones */
	bad = replace(xml, "</xades:SignedSignatureProperties>",
	              "<xades:SignerRole/></xades:SignedSignatureProperties>");
	ck_assert_int_eq(check_str(bad, 0), GI_RECORD_BAD_LAYOUT);
	free(bad);
	gi_free(xml);
}
END_TEST

/* Certificates that must not be trusted, each with its reason: a
 * self-signed stranger, expired, not yet valid, revoked (with the CRL),
 * and one whose key usage does not allow signing. */
START_TEST(certificate_attacks)
{
	static const struct { const char *key, *cert; gi_record_status want; int crl; } t[] = {
		{ "stranger.key", "stranger.pem", GI_RECORD_UNTRUSTED, 0 },
		{ "expired.key", "expired-chain.pem", GI_RECORD_EXPIRED, 0 },
		{ "future.key", "future-chain.pem", GI_RECORD_NOT_YET_VALID, 0 },
		{ "revoked.key", "revoked-chain.pem", GI_RECORD_REVOKED, 1 },
		{ "badku.key", "badku-chain.pem", GI_RECORD_KEY_USAGE, 0 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *xml = unusable_record(t[i].key, t[i].cert);
		char why[600];
		gi_record_status st = check_xml(xml, strlen(xml), t[i].crl, why, sizeof why);
		ck_assert_msg(st == t[i].want, "%s: %s (%s)", t[i].cert, gi_record_status_name(st), why);
		gi_free(xml);
	}
	/* the revoked certificate is only known to be revoked from the CRL */
	char *xml = signed_record("revoked.key", "revoked-chain.pem", NULL, NULL);
	ck_assert_int_eq(check_str(xml, 0), GI_RECORD_VALID);
	/* without the intermediate in KeyInfo the chain cannot be built */
	gi_free(xml);
	xml = signed_record("lab-ec.key", "lab-ec.pem", NULL, NULL);
	ck_assert_int_eq(check_str(xml, 0), GI_RECORD_UNTRUSTED);
	gi_free(xml);
}
END_TEST

/* Wrong password, missing file, key and certificate that do not belong
 * together: clear errors, no signer. */
START_TEST(signer_errors)
{
	gi_signer *sg = NULL;
	gi_signer_options o = GI_SIGNER_OPTIONS_INIT;
	o.key_file = P("lab-rsa-enc.key");
	o.cert_file = P("lab-rsa.pem");
	o.password = "wrong";
	ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "password"));
	o.password = NULL;
	ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EINVALID);
	o = (gi_signer_options)GI_SIGNER_OPTIONS_INIT;
	o.pkcs12_file = P("lab-rsa.p12");
	o.password = "wrong";
	ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EINVALID);
	ck_assert_ptr_null(sg);
	ck_assert_str_eq(gi_error_last()->file, P("lab-rsa.p12"));
	ck_assert_int_eq(gi_error_last()->line, 0);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "wrong password"));
	o = (gi_signer_options)GI_SIGNER_OPTIONS_INIT;
	o.key_file = P("missing.key");
	o.cert_file = P("lab-rsa.pem");
	ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EIO);
	ck_assert_str_eq(gi_error_last()->file, P("missing.key"));
	o.key_file = P("lab-ec.key");
	ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "does not belong"));
	ck_assert_ptr_null(sg);
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("lab-rsa.key"), NULL), GI_EINVALID);
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), P("trust.pem")), GI_EINVALID);
}
END_TEST

/* An external signing function (gi/record.h, gi_signer_load_external)
 * loads with a certificate file and no key; when it fails, gi_record_sign
 * says "the external signing function failed" and makes no record. */
static int refusing_service(unsigned char *sig, size_t *sig_len, int md_nid, const unsigned char *digest,
                            size_t digest_len, void *payload)
{
	(void)sig, (void)sig_len, (void)md_nid, (void)digest, (void)digest_len, (void)payload;
	return -1;
}

static int sign_fails_with(const gi_sample_result *r, void *payload)
{
	signing *s = payload;
	char *xml = NULL, id[GI_RECORD_ID_SIZE];
	size_t len;
	ck_assert_int_eq(gi_record_sign(&xml, &len, id, s->signer, r, &s->info), GI_ERROR);
	ck_assert_msg(strstr(gi_error_last()->message, "the external signing function failed"), "%s",
	              gi_error_last()->message);
	ck_assert_ptr_null(xml);
	return 1;
}

START_TEST(external_signer_loads_and_fails_truthfully)
{
	gi_signer_external ext = GI_SIGNER_EXTERNAL_INIT;
	ext.sign = refusing_service;
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.cert_file = P("lab-ec-chain.pem");
	gi_signer *sg = NULL;
	ck_assert_msg(gi_signer_load_external(&sg, &so, &ext) == GI_OK, "%s", gi_error_last()->message);
	char *xml = NULL;
	ck_assert_int_eq(sign_example_with(sg, sign_fails_with, &xml), GI_ERROR);
	ck_assert_ptr_null(xml);
	/* a version this library does not know is a usage error */
	gi_signer_options later = GI_SIGNER_OPTIONS_INIT;
	later.version = GI_SIGNER_OPTIONS_VERSION + 1;
	later.cert_file = P("lab-ec-chain.pem");
	ck_assert_int_eq(gi_signer_load_external(&sg, &later, &ext), GI_EUSAGE);
}
END_TEST

/* A council document (a permit) is signed as a record is: the signature
 * goes just before the root element's end tag, gi__document_verify
 * finds it valid against the trust store, and refuses a second copy. */
START_TEST(council_document_signed_before_its_end_tag)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P("lab-rsa.key");
	so.cert_file = P("lab-rsa-chain.pem");
	gi_signer *sg;
	ck_assert_msg(gi_signer_load(&sg, &so) == 0, "%s", gi_error_last()->message);
	const char *text = "<permit xmlns=\"urn:example:permit\" id=\"P-1\"><holder>HTX Chè Tam Đường</holder></permit>";
	xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), "permit.xml", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	char *out = NULL;
	size_t len = 0;
	ck_assert_msg(gi__sign_document(&out, &len, doc, sg, "sig-P-1", 0) == 0, "%s",
	              gi_error_last()->message);
	xmlFreeDoc(doc);
	ck_assert_uint_eq(strlen(out), len);
	ck_assert_msg(strstr(out, "<holder>HTX Chè Tam Đường</holder><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"")
	              != NULL, "%.300s", out);
	const char *end = "</Signature></permit>";
	ck_assert_msg(len > strlen(end) + 1 && strstr(out + len - strlen(end) - 1, end), "%s", out + len - 60);
	doc = xmlReadMemory(out, (int)len, "permit.xml", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	gi_record_check *c = NULL;
	ck_assert_msg(gi__document_verify(&c, doc, t) == 0, "%s", gi_error_last()->message);
	ck_assert_msg(c->status == GI_RECORD_VALID, "%s: %s", gi_record_status_name(c->status), c->reason);
	gi_record_check_free(c);
	xmlFreeDoc(doc);
	/* one document, one signature: a second copy of it is refused by name
	 * (no schema stands in front of a council document) */
	const char *sig = strstr(out, "<Signature"), *sig_end = strstr(out, "</Signature>");
	ck_assert(sig && sig_end);
	sig_end += strlen("</Signature>");
	char *two = malloc(len + (size_t)(sig_end - sig) + 1);
	sprintf(two, "%.*s%.*s%s", (int)(sig_end - out), out, (int)(sig_end - sig), sig, sig_end);
	doc = xmlReadMemory(two, (int)strlen(two), "permit.xml", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	c = NULL;
	gi__document_verify(&c, doc, t);
	ck_assert_ptr_nonnull(c);
	ck_assert_msg(c->status == GI_RECORD_BAD_LAYOUT, "%s: %s", gi_record_status_name(c->status), c->reason);
	ck_assert_msg(strstr(c->reason, "more than one ds:Signature"), "%s", c->reason);
	gi_record_check_free(c);
	xmlFreeDoc(doc);
	free(two);
	gi_trust_free(t);
	gi_free(out);
	gi_signer_free(sg);
}
END_TEST

/* Not a record at all: malformed, DOCTYPE, another document. */
START_TEST(malformed_records)
{
	static const char *const bad[] = {
		"", "<verificationRecord", "<!DOCTYPE x [<!ENTITY a \"b\">]><verificationRecord/>",
		"<giSpec xmlns=\"urn:libgi:gi-spec:1\"/>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_int_eq(check_xml(bad[i], strlen(bad[i]), 0, NULL, 0), GI_RECORD_MALFORMED);
}
END_TEST

/* The record's JSON states what was signed. */
START_TEST(record_json)
{
	char *xml = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL), *js;
	ck_assert_int_eq(gi_record_json(&js, xml, strlen(xml), "r.xml"), 0);
	ck_assert_ptr_nonnull(strstr(js, "\"id\": \"LC26-GT-001\""));
	ck_assert_ptr_nonnull(strstr(js, "\"value\": 5.49"));   /* the mean of 5.52 and 5.47, exact double */
	ck_assert_ptr_nonnull(strstr(js, "\"signed\": true"));
	gi_free(js);
	gi_free(xml);
}
END_TEST

static size_t count(const char *s, const char *what)
{
	size_t k = 0;
	for (const char *p = s; (p = strstr(p, what)); p++)
		k++;
	return k;
}

/* KeyInfo is written once per signer and put in place of the empty element
 * xmlsec signed around: signed text that spells the element (escaped in the
 * record) does not confuse it, the signer's certificate and its chain are
 * there once each, and the same certificates with other line breaks (read
 * by the trust object's cache as new text) still verify. */
START_TEST(key_info_placement)
{
	issuer_override = "Lab <KeyInfo/> </Signature> & co";
	char *xml = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL), *js;
	issuer_override = NULL;
	ck_assert_uint_eq(count(xml, "<KeyInfo>"), 1);
	ck_assert_uint_eq(count(xml, "<X509Certificate>"), 2);
	ck_assert_uint_eq(count(xml, "<KeyInfo/>"), 0);
	ck_assert_ptr_nonnull(strstr(xml, "Lab &lt;KeyInfo/&gt; &lt;/Signature&gt; &amp; co"));
	char why[600];
	ck_assert_msg(check_xml(xml, strlen(xml), 0, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	ck_assert_int_eq(gi_record_json(&js, xml, strlen(xml), "r.xml"), 0);
	ck_assert_ptr_nonnull(strstr(js, "\"issuer\": \"Lab <KeyInfo/> </Signature> & co\""));
	gi_free(js);

	/* one trust object, many records: the second and later come from the
	 * cache and must be judged the same; re-wrapped base64 is new text */
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	char *one_line = strdup(xml);
	char *nl = strchr(strstr(one_line, "<X509Certificate>"), '\n');
	ck_assert_ptr_nonnull(nl);
	memmove(nl, nl + 1, strlen(nl));
	for (int i = 0; i < 3; i++) {
		gi_record_check *c = NULL;
		const char *x = i == 2 ? one_line : xml;
		ck_assert_int_eq(gi_record_verify(&c, x, strlen(x), "r.xml", t), 0);
		ck_assert_int_eq(c->status, GI_RECORD_VALID);
		ck_assert_ptr_nonnull(strstr(c->signer, "CN = lab-"));
		ck_assert_ptr_nonnull(c->serial);
		gi_record_check_free(c);
	}
	gi_trust_free(t);
	free(one_line);
	gi_free(xml);
}
END_TEST

typedef struct {
	gi_trust *trust;
	const char *xml[3];      /* EC, RSA, tampered EC */
	int wrong;
} shared_trust;

static void *verify_many(void *payload)
{
	shared_trust *st = payload;
	static const gi_record_status want[3] = { GI_RECORD_VALID, GI_RECORD_VALID, GI_RECORD_BAD_DIGEST };
	for (int i = 0; i < 12; i++) {
		int w = i % 3;
		gi_record_check *c = NULL;
		gi_record_verify(&c, st->xml[w], strlen(st->xml[w]), "r.xml", st->trust);
		if (!c || c->status != want[w] || !c->signer || !strstr(c->signer, w == 1 ? "lab-rsa" : "lab-ec"))
			__atomic_add_fetch(&st->wrong, 1, __ATOMIC_RELAXED);
		gi_record_check_free(c);
	}
	return NULL;
}

/* One trust object shared by threads (a portal verifying records for many
 * requests): its certificate and chain caches give every thread the
 * answer a fresh object would. */
START_TEST(trust_shared_by_threads)
{
	char *ec = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	char *rsa = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	char *bad = replace(ec, "LC26-GT-001", "LC26-GT-009");
	shared_trust st = { NULL, { ec, rsa, bad }, 0 };
	ck_assert_int_eq(gi_trust_load(&st.trust, P("trust.pem"), NULL), 0);
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, verify_many, &st), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	ck_assert_int_eq(st.wrong, 0);
	gi_trust_free(st.trust);
	free(bad);
	gi_free(rsa);
	gi_free(ec);
}
END_TEST

/* One trust object keeps its parser and schema contexts from record to
 * record (libgi/record_verify.c, reader_take). Whatever came before -
 * a valid record, one libxml2 refuses, a DOCTYPE, one the schema
 * refuses, an attack, a weak key, a certificate that may not sign
 * records (whose key profile and usage the certificate cache keeps) -
 * each record gets the status, reason and error
 * line a fresh trust object gives it, over two rounds (the second with
 * every context warm), and a record with a DOCTYPE is still refused
 * after valid ones. */
START_TEST(reused_parser_changes_nothing)
{
	char *ec = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	char *rsa = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	char *digest = replace(ec, "LC26-GT-001", "LC26-GT-009");
	char *value = strdup(rsa), *sv = strstr(value, "<SignatureValue>") + 16;
	*sv = *sv == 'A' ? 'B' : 'A';
	char *layout = replace(rsa, "<Reference URI=\"\">", "<Reference URI=\"#x\">");
	char *schema = replace(ec, "<verdict value=\"pass\">", "<verdict value=\"pass\" unknown=\"1\">");
	char *doctype = replace(ec, "<verificationRecord", "<!DOCTYPE verificationRecord [<!ENTITY a \"b\">]><verificationRecord");
	char *names = replace(ec, "<verdict ", "<a1/><a2/><a3/><a4/><a5/><a6/><a7/><a8/><verdict ");
	char *cut = strdup(ec);
	cut[strlen(cut) / 2] = '\0';
	char *late = malloc(strlen(ec) + 8);   /* an error on a line past the first */
	strcpy(late, ec);
	strcpy(strstr(late, "</verificationRecord>"), "</verificationRecord><x/>\n");
	char *weak = unusable_record("rsa1024.key", "rsa1024-chain.pem");
	char *usage = unusable_record("eku-ocsp.key", "eku-ocsp-chain.pem");
	const char *corpus[] = { ec, doctype, ec, cut, rsa, schema, digest, late, value, layout, names, ec,
	                         weak, usage, "", "<verificationRecord", rsa, weak, doctype, usage, ec };
	size_t n = sizeof corpus / sizeof corpus[0];
	/* one verification time for both (the reason states it) */
	long long now = (long long)time(NULL);
	gi_trust *shared;
	ck_assert_int_eq(gi_trust_load(&shared, P("trust.pem"), NULL), 0);
	ck_assert_int_eq(gi_trust_set_time(shared, now), 0);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < n; i++) {
			gi_trust *fresh;
			ck_assert_int_eq(gi_trust_load(&fresh, P("trust.pem"), NULL), 0);
			ck_assert_int_eq(gi_trust_set_time(fresh, now), 0);
			gi_record_check *a = NULL, *b = NULL;
			int ra = gi_record_verify(&a, corpus[i], strlen(corpus[i]), "r.xml", shared);
			char ea[600];
			long la = gi_error_last()->line;
			snprintf(ea, sizeof ea, "%s", ra < 0 ? gi_error_last()->message : "");
			int rb = gi_record_verify(&b, corpus[i], strlen(corpus[i]), "r.xml", fresh);
			ck_assert_ptr_nonnull(a);
			ck_assert_ptr_nonnull(b);
			ck_assert_int_eq(ra, rb);
			ck_assert_msg(a->status == b->status, "record %zu: %s, fresh: %s", i, gi_record_status_name(a->status),
			              gi_record_status_name(b->status));
			ck_assert_str_eq(a->reason, b->reason);
			if (ra < 0) {
				ck_assert_str_eq(ea, gi_error_last()->message);
				ck_assert_int_eq(la, gi_error_last()->line);
			}
			gi_record_check_free(a);
			gi_record_check_free(b);
			gi_trust_free(fresh);
		}
	}
	/* what each was, so the corpus keeps testing what it means to */
	static const gi_record_status want[] = { GI_RECORD_VALID, GI_RECORD_MALFORMED, GI_RECORD_VALID,
	                                         GI_RECORD_MALFORMED, GI_RECORD_VALID, GI_RECORD_MALFORMED,
	                                         GI_RECORD_BAD_DIGEST, GI_RECORD_MALFORMED, GI_RECORD_BAD_SIGNATURE,
	                                         GI_RECORD_BAD_LAYOUT, GI_RECORD_MALFORMED, GI_RECORD_VALID,
	                                         GI_RECORD_WEAK_ALGORITHM, GI_RECORD_KEY_USAGE };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		gi_record_check *c = NULL;
		gi_record_verify(&c, corpus[i], strlen(corpus[i]), "r.xml", shared);
		ck_assert_msg(c && c->status == want[i], "record %zu: %s", i, c ? gi_record_status_name(c->status) : "?");
		if (corpus[i] == doctype)
			ck_assert_ptr_nonnull(strstr(c->reason, "DOCTYPE"));
		gi_record_check_free(c);
	}
	gi_trust_free(shared);
	gi_free(usage);
	gi_free(weak);
	free(late);
	free(cut);
	free(names);
	free(doctype);
	free(schema);
	free(layout);
	free(value);
	free(digest);
	gi_free(rsa);
	gi_free(ec);
}
END_TEST

/* Canonicalisation takes some namespace URIs as absolute without
 * parsing them (libgi/c14n_tree.c); libxml2, which refuses to
 * canonicalise a relative namespace URI, finds a scheme in each. */
START_TEST(known_namespaces_are_absolute)
{
	size_t i = 0;
	for (const char *ns; (ns = gi__c14n_known_namespace(i)) != NULL; i++) {
		xmlURIPtr uri = xmlParseURI(ns);
		ck_assert_msg(uri && uri->scheme && uri->scheme[0], "%s", ns);
		xmlFreeURI(uri);
	}
	ck_assert_uint_ge(i, 4);
}
END_TEST

/* An ECDSA signature value goes to OpenSSL as DER written by libgi
 * (gi__ecdsa_der): the same bytes as OpenSSL's own i2d_ECDSA_SIG for r
 * and s with leading zero bytes, high bits set, both zero, both all
 * ones, and random values. */
START_TEST(ecdsa_der_as_openssl_writes_it)
{
	unsigned char raw[64];
	for (int i = 0; i < 2000; i++) {
		for (int j = 0; j < 64; j++)
			raw[j] = (unsigned char)rand();
		switch (i % 8) {
		case 0: memset(raw, 0, 64); break;
		case 1: memset(raw, 0xff, 64); break;
		case 2: memset(raw, 0, 31); break;                 /* r: one byte */
		case 3: memset(raw + 32, 0, 5); raw[37] |= 0x80; break;
		case 4: raw[0] |= 0x80; raw[32] &= 0x7f; break;
		case 5: raw[0] = 0; raw[1] |= 0x80; break;          /* zero, then a high bit */
		default: break;
		}
		ECDSA_SIG *es = ECDSA_SIG_new();
		BIGNUM *r = BN_bin2bn(raw, 32, NULL), *s = BN_bin2bn(raw + 32, 32, NULL);
		ck_assert_int_eq(ECDSA_SIG_set0(es, r, s), 1);
		unsigned char *want = NULL;
		int n = i2d_ECDSA_SIG(es, &want);
		ck_assert_int_gt(n, 0);
		unsigned char got[GI__ECDSA_DER_MAX];
		size_t len = gi__ecdsa_der(got, raw);
		ck_assert_uint_eq(len, (size_t)n);
		ck_assert_msg(memcmp(got, want, len) == 0, "case %d differs", i);
		OPENSSL_free(want);
		ECDSA_SIG_free(es);
	}
}
END_TEST

/* The claimed-time check compares seconds where it can
 * (gi__time_cmp) instead of calling X509_cmp_time: the two agree for the
 * validity times of the test PKI's certificates (valid, expired, not yet
 * valid) and of hand-made ones (UTCTime, GeneralizedTime, a date before
 * 1950 and after 2049, a fractional second, an offset, garbage), at
 * each time's second, the seconds around it, and times spread from
 * 1900 to 10000. */
START_TEST(claimed_time_compared_as_x509_cmp_time)
{
	ASN1_TIME *times[32];
	size_t n = 0;
	static const char *const certs[] = { "lab-ec.pem", "lab-rsa.pem", "expired.pem", "future.pem", "root.pem" };
	X509 *xs[5] = { NULL };
	for (size_t i = 0; i < 5; i++) {
		FILE *f = fopen(P(certs[i]), "r");
		ck_assert_ptr_nonnull(f);
		xs[i] = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
		ck_assert_ptr_nonnull(xs[i]);
		times[n++] = (ASN1_TIME *)X509_get0_notBefore(xs[i]);
		times[n++] = (ASN1_TIME *)X509_get0_notAfter(xs[i]);
	}
	static const char *const utc[] = { "260101000000Z", "491231235959Z", "500101000000Z", "991231235959Z",
	                                   "2601010000Z", "260101000000+0700", "26010100000aZ" };
	static const char *const gen[] = { "20260101000000Z", "19491231235959Z", "20500101000000Z", "99991231235959Z",
	                                   "18991231235959Z", "20260101000000.5Z", "20260101000000+0700",
	                                   "2026010100000Z", "99991231235960Z" };
	ASN1_TIME *made[16];
	size_t n_made = 0;
	for (size_t i = 0; i < sizeof utc / sizeof utc[0]; i++) {
		made[n_made] = ASN1_UTCTIME_new();
		ASN1_STRING_set(made[n_made], utc[i], (int)strlen(utc[i]));
		times[n++] = made[n_made++];
	}
	for (size_t i = 0; i < sizeof gen / sizeof gen[0]; i++) {
		made[n_made] = ASN1_GENERALIZEDTIME_new();
		ASN1_STRING_set(made[n_made], gen[i], (int)strlen(gen[i]));
		times[n++] = made[n_made++];
	}
	int cached = 0;
	for (size_t i = 0; i < n; i++) {
		time_t sec = 0;
		int have = gi__time_seconds(times[i], &sec) == 0;
		cached += have;
		time_t probe[44];
		size_t np = 0;
		for (int d = -3; d <= 3; d++)
			probe[np++] = sec + d;
		for (long long y = -2208988800LL; y < 253402300800LL + 86400LL * 400; y += 86400LL * 367 * 7 + 12345)
			if (np < 40)
				probe[np++] = (time_t)y;
		probe[np++] = (time_t)-631152001;
		probe[np++] = (time_t)253402300800LL;
		for (size_t j = 0; j < np; j++) {
			time_t when = probe[j];
			ck_assert_msg(gi__time_cmp(times[i], have, sec, when) == X509_cmp_time(times[i], &when),
			              "time %zu at %lld", i, (long long)when);
		}
	}
	ck_assert_int_ge(cached, 12);   /* the certificates' and the well-formed ones */
	for (size_t i = 0; i < n_made; i++)
		ASN1_TIME_free(made[i]);
	for (size_t i = 0; i < 5; i++)
		X509_free(xs[i]);
}
END_TEST

/* The local TSA of the test PKI: `openssl ts -reply` on a request file. */
static int local_tsa(unsigned char **resp, size_t *len, const unsigned char *req, size_t req_len, void *payload)
{
	int rc = t_openssl_ts(resp, len, req, req_len, pki, "");
	if (payload)   /* an answer to another request */
		(*resp)[*len - 1] ^= 1;
	return rc;
}

static char *stamped_record(const char *key, const char *cert, void *tsa_payload)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P(key);
	so.cert_file = P(cert);
	so.tsa = local_tsa;
	so.tsa_payload = tsa_payload;
	char *xml;
	ck_assert_int_eq(sign_example(&so, sign_first, &xml), 0);
	return xml;
}

/* RFC 3161: a record time-stamped by a trusted TSA states the TSA's time
 * and verifies; the xmlsec1 command still accepts it; a token for another
 * signature, or one whose bytes changed, is rejected as bad-timestamp. */
START_TEST(timestamps)
{
	char *xml = stamped_record("lab-ec.key", "lab-ec-chain.pem", NULL);
	ck_assert_ptr_nonnull(xml);
	ck_assert_ptr_nonnull(strstr(xml, "<xades:SignatureTimeStamp>"));
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	gi_record_check *c;
	ck_assert_int_eq(gi_record_verify(&c, xml, strlen(xml), "ts.xml", t), 0);
	ck_assert_ptr_nonnull(c->timestamp);
	ck_assert_ptr_nonnull(strstr(c->tsa, "CN = tsa"));
	ck_assert_str_eq(c->verified_at, c->timestamp);
	gi_record_check_free(c);
	char path[] = "/tmp/gi-ts-XXXXXX.xml", cmd[9000];
	close(mkstemps(path, 4));
	write_file(path, xml, strlen(xml));
	snprintf(cmd, sizeof cmd, "xmlsec1 --verify --trusted-pem '%s' --untrusted-pem '%s' '%s' >/dev/null 2>&1",
	         P("root.pem"), P("inter.pem"), path);
	ck_assert_int_eq(system(cmd), 0);
	unlink(path);
	/* the token moved onto another record's signature */
	char *other = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	char *tok = strstr(xml, "<xades:UnsignedProperties>");
	char *tok_end = strstr(xml, "</xades:UnsignedProperties>") + 27;
	char *at = strstr(other, "</xades:QualifyingProperties>");
	char *moved = malloc(strlen(other) + (size_t)(tok_end - tok) + 1);
	memcpy(moved, other, (size_t)(at - other));
	memcpy(moved + (at - other), tok, (size_t)(tok_end - tok));
	strcpy(moved + (at - other) + (tok_end - tok), at);
	ck_assert_int_eq(gi_record_verify(&c, moved, strlen(moved), "moved.xml", t), GI_EINVALID);
	ck_assert_int_eq(c->status, GI_RECORD_BAD_TIMESTAMP);
	gi_record_check_free(c);
	free(moved);
	gi_free(other);
	/* a changed byte inside the token */
	char *b = strstr(xml, "<xades:EncapsulatedTimeStamp");
	b = strchr(b, '>') + 40;
	*b = *b == 'A' ? 'B' : 'A';
	ck_assert_int_eq(gi_record_verify(&c, xml, strlen(xml), "ts.xml", t), GI_EINVALID);
	ck_assert_int_eq(c->status, GI_RECORD_BAD_TIMESTAMP);
	gi_record_check_free(c);
	gi_free(xml);
	gi_trust_free(t);
}
END_TEST

static int sign_must_fail(const gi_sample_result *r, void *payload)
{
	signing *s = payload;
	char *xml = NULL, id[GI_RECORD_ID_SIZE];
	size_t len;
	ck_assert_int_eq(gi_record_sign(&xml, &len, id, s->signer, r, &s->info), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "time-stamp"));
	ck_assert_ptr_null(xml);
	return 1;
}

/* A TSA answer that is not for this request (here: corrupted) means no
 * record, not a record without its time-stamp; gi_verify hands back the
 * signing failure that stopped it (gi/verify.h, gi_sample_cb). */
START_TEST(timestamp_refused)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P("lab-ec.key");
	so.cert_file = P("lab-ec-chain.pem");
	so.tsa = local_tsa;
	so.tsa_payload = (void *)1;
	char *xml;
	ck_assert_int_eq(sign_example(&so, sign_must_fail, &xml), GI_EINVALID);
	ck_assert_ptr_null(xml);
}
END_TEST

/* Verifies xml against trust.pem (no CRL) at the given time, set with
 * gi_trust_set_time rather than waited for. */
static gi_record_status check_at(const char *xml, long long when)
{
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	ck_assert_int_eq(gi_trust_set_time(t, when), 0);
	gi_record_check *c = NULL;
	gi_record_verify(&c, xml, strlen(xml), "record.xml", t);
	ck_assert_ptr_nonnull(c);
	gi_record_status st = c->status;
	gi_record_check_free(c);
	gi_trust_free(t);
	return st;
}

/* The point of a time-stamp: a record whose signer's certificate has
 * expired since still verifies at the time-stamp's time; without a
 * time-stamp it is rejected as expired. The certificate is valid for an
 * hour; the verification time is set two hours ahead. */
START_TEST(timestamp_outlives_certificate)
{
	long long now = (long long)time(NULL);
	char cmd[9000];
	snprintf(cmd, sizeof cmd,
	         "cd '%s' && rm -f short.* && openssl req -newkey ec:p256.param -nodes -keyout short.key -out short.csr "
	         "-subj '/C=VN/O=Example Laboratory/CN=short-lived' -config ca.cnf 2>/dev/null && "
	         "openssl ca -batch -config ca.cnf -cert inter.pem -keyfile inter.key -in short.csr -out short.pem "
	         "-extensions lab -startdate $(date -u -d '-1 day' +%%Y%%m%%d%%H%%M%%SZ) "
	         "-enddate $(date -u -d '+1 hour' +%%Y%%m%%d%%H%%M%%SZ) -notext 2>/dev/null && "
	         "cat short.pem inter.pem > short-chain.pem", pki);
	ck_assert_int_eq(system(cmd), 0);
	char *stamped = stamped_record("short.key", "short-chain.pem", NULL);
	char *plain = signed_record("short.key", "short-chain.pem", NULL, NULL);
	ck_assert_int_eq(check_str(stamped, 0), GI_RECORD_VALID);
	ck_assert_int_eq(check_str(plain, 0), GI_RECORD_VALID);
	ck_assert_int_eq(check_at(plain, now + 2 * 3600), GI_RECORD_EXPIRED);
	ck_assert_int_eq(check_at(stamped, now + 2 * 3600), GI_RECORD_VALID);
	gi_free(stamped);
	gi_free(plain);
}
END_TEST

/* ---- long-term validation: a private copy of the test PKI per test, so
 * revocations and short-lived certificates do not touch the shared one ---- */

static char lt[4096];

static const char *L(const char *name)
{
	static char ring[8][4200];
	static int k;
	char *p = ring[k++ % 8];
	snprintf(p, 4200, "%s/%s", lt, name);
	return p;
}

static void lt_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void lt_sh(const char *fmt, ...)
{
	char body[6000], cmd[12000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof cmd, "cd '%s' && (%s) >/dev/null 2>&1", lt, body);
	ck_assert_msg(system(cmd) == 0, "failed: %s", body);
}

static void lt_setup(void)
{
	snprintf(lt, sizeof lt, "/tmp/gi-lt-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(lt));
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "cp -r '%s'/. '%s'", pki, lt);
	ck_assert_int_eq(system(cmd), 0);
}

static void lt_teardown(void)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", lt);
	system(cmd);
}

/* A certificate from the intermediate CA, valid from a day ago for the
 * given number of seconds from now; ext is a ca.cnf section. */
static void lt_issue(const char *name, const char *ext, long seconds)
{
	lt_sh("openssl req -newkey ec:p256.param -nodes -keyout %s.key -out %s.csr -subj '/C=VN/O=Example/CN=%s' "
	      "-config ca.cnf && openssl ca -batch -config ca.cnf -cert inter.pem -keyfile inter.key -in %s.csr "
	      "-out %s.pem -extensions %s -startdate $(date -u -d '-1 day' +%%Y%%m%%d%%H%%M%%SZ) "
	      "-enddate $(date -u -d '+%ld seconds' +%%Y%%m%%d%%H%%M%%SZ) -notext && cat %s.pem inter.pem > %s-chain.pem",
	      name, name, name, name, name, ext, seconds, name, name);
}

/* Revokes name with the openssl ca options given (reason, compromise
 * time), dated `offset` seconds from now in the CA's database. */
static void lt_revoke(const char *name, const char *how, long offset)
{
	lt_sh("openssl ca -batch -config ca.cnf -cert inter.pem -keyfile inter.key -revoke %s.pem %s && "
	      "serial=$(openssl x509 -noout -serial -in %s.pem | cut -d= -f2) && "
	      "when=$(date -u -d '%+ld seconds' +%%y%%m%%d%%H%%M%%SZ) && "
	      "awk -F'\t' -v OFS='\t' -v s=\"$serial\" -v w=\"$when\" '$4 == s { sub(/^[0-9]+Z/, w, $3) } { print }' "
	      "index.txt > index.new && mv index.new index.txt",
	      name, how, name, offset);
}

/* A CRL of the intermediate issued `offset` seconds from now, with the
 * root's CRL (every CA of a chain needs one). */
static void lt_crl(const char *out, long offset)
{
	lt_sh("openssl ca -batch -config ca.cnf -cert inter.pem -keyfile inter.key -gencrl -crl_lastupdate "
	      "$(date -u -d '%+ld seconds' +%%Y%%m%%d%%H%%M%%SZ) -crldays 30 -out %s.inter && "
	      "cat %s.inter root-crl.pem > %s", offset, out, out, out);
}

/* `openssl ts -reply` with the TSA certificate named by payload. */
static int lt_tsa(unsigned char **resp, size_t *len, const unsigned char *req, size_t req_len, void *payload)
{
	char args[512];
	snprintf(args, sizeof args, "-signer %s.pem -inkey %s.key -chain inter.pem", (const char *)payload,
	         (const char *)payload);
	return t_openssl_ts(resp, len, req, req_len, lt, args);
}

static char *lt_record(const char *signer, const char *tsa)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	char key[4200], cert[4200];
	snprintf(key, sizeof key, "%s", strchr(signer, '/') ? signer : L(signer));
	snprintf(cert, sizeof cert, "%s", key);
	strcpy(strrchr(cert, '.'), "-chain.pem");
	so.key_file = key;
	so.cert_file = cert;
	so.tsa = tsa ? lt_tsa : NULL;
	so.tsa_payload = (void *)tsa;
	char *xml;
	ck_assert_int_eq(sign_example(&so, sign_first, &xml), 0);
	return xml;
}

/* Verifies at now + offset seconds against the copy's root and, if
 * given, a CRL file of the copy. */
static gi_record_status lt_check(const char *xml, const char *crl, long offset, char *why, size_t n)
{
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, L("trust.pem"), crl ? L(crl) : NULL), 0);
	ck_assert_int_eq(gi_trust_set_time(t, (long long)time(NULL) + offset), 0);
	gi_record_check *c = NULL;
	gi_record_verify(&c, xml, strlen(xml), "lt.xml", t);
	ck_assert_ptr_nonnull(c);
	gi_record_status st = c->status;
	snprintf(why, n, "%s", c->reason);
	gi_record_check_free(c);
	gi_trust_free(t);
	return st;
}

static char *lt_restamp(const char *xml, const char *tsa)
{
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, L("trust.pem"), NULL), 0);
	char *out = NULL;
	size_t len = 0;
	int rc = gi_record_restamp(&out, &len, xml, strlen(xml), "lt.xml", t, lt_tsa, (void *)tsa);
	ck_assert_msg(rc == 0, "%s", gi_error_last()->message);
	ck_assert_uint_eq(strlen(out), len);
	gi_trust_free(t);
	return out;
}

#define DAY 86400L

/* ETSI EN 319 132-1 B-LTA: signer valid 1 day, signature TSA 2 days,
 * first archive TSA 3 days, second archive TSA 10 years. Each archive
 * time-stamp proves when the stamp below it existed, so the record stays
 * valid past every short-lived certificate's expiry as long as the newest
 * archive time-stamp's TSA is valid at the verification time. */
START_TEST(archive_timestamps_outlive_every_certificate)
{
	lt_issue("lt-signer", "lab", DAY);
	lt_issue("lt-tsa1", "tsa_ext", 2 * DAY);
	lt_issue("lt-tsa2", "tsa_ext", 3 * DAY);
	lt_issue("lt-tsa3", "tsa_ext", 3650 * DAY);
	char why[1000];
	char *b_t = lt_record("lt-signer.key", "lt-tsa1");
	ck_assert_msg(lt_check(b_t, NULL, 0, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	/* the signature time-stamp keeps the record past the signer's expiry... */
	ck_assert_msg(lt_check(b_t, NULL, DAY + 3600, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	/* ...but not past its own TSA's */
	ck_assert_int_eq(lt_check(b_t, NULL, 5 * DAY, why, sizeof why), GI_RECORD_BAD_TIMESTAMP);
	ck_assert_msg(strstr(why, "expired"), "%s", why);
	char *lta1 = lt_restamp(b_t, "lt-tsa2");
	ck_assert_ptr_nonnull(strstr(lta1, "<xadesv141:ArchiveTimeStamp xmlns:xadesv141=\"http://uri.etsi.org/01903/v1.4.1#\">"));
	ck_assert_msg(lt_check(lta1, NULL, 2 * DAY + 3600, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	ck_assert_int_eq(lt_check(lta1, NULL, 5 * DAY, why, sizeof why), GI_RECORD_BAD_TIMESTAMP);
	char *lta2 = lt_restamp(lta1, "lt-tsa3");
	ck_assert_msg(lt_check(lta2, NULL, 5 * DAY, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	ck_assert_msg(lt_check(lta2, "crl.pem", 5 * DAY, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	ck_assert_ptr_nonnull(strstr(why, "2 archive time-stamps"));
	/* past the newest archive TSA's expiry, nothing proves the times; the
	 * reason names that stamp, the second */
	ck_assert_int_eq(lt_check(lta2, NULL, 3651 * DAY, why, sizeof why), GI_RECORD_BAD_TIMESTAMP);
	ck_assert_msg(strstr(why, "archive time-stamp 2"), "%s", why);
	/* an archive time-stamp covers the signed content and what precedes it */
	char *bad = replace(lta2, "<verdict value=\"pass\">", "<verdict value=\"fail\">");
	ck_assert_int_eq(lt_check(bad, NULL, 0, why, sizeof why), GI_RECORD_BAD_DIGEST);
	free(bad);
	char *st = strstr(lta2, "<xades:SignatureTimeStamp>");
	char *tok = strstr(st, "<xades:EncapsulatedTimeStamp>") + 29 + 40;
	char saved = *tok;
	*tok = saved == 'A' ? 'B' : 'A';
	ck_assert_int_eq(lt_check(lta2, NULL, 5 * DAY, why, sizeof why), GI_RECORD_BAD_TIMESTAMP);
	*tok = saved;
	/* a record without a signature time-stamp cannot be re-stamped */
	char *plain = lt_record("lt-signer.key", NULL);
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, L("trust.pem"), NULL), 0);
	char *out = NULL;
	size_t len;
	ck_assert_int_eq(gi_record_restamp(&out, &len, plain, strlen(plain), "p.xml", t, lt_tsa, "lt-tsa3"), GI_EINVALID);
	ck_assert_ptr_null(out);
	gi_trust_free(t);
	gi_free(plain);
	gi_free(lta2);
	gi_free(lta1);
	gi_free(b_t);
}
END_TEST

/* RFC 3161 time-stamps from a revoked TSA: revoked before the stamp
 * (any reason), or for keyCompromise at any time, the stamp proves
 * nothing; revoked later for another reason (superseded), it stands. */
START_TEST(revoked_tsa)
{
	lt_issue("tsa-early", "tsa_ext", 3650 * DAY);
	lt_issue("tsa-compromised", "tsa_ext", 3650 * DAY);
	lt_issue("tsa-superseded", "tsa_ext", 3650 * DAY);
	lt_revoke("tsa-early", "-crl_reason superseded", -3600);
	char *early = lt_record("lab-ec.key", "tsa-early");
	char *comp = lt_record("lab-ec.key", "tsa-compromised");
	char *sup = lt_record("lab-ec.key", "tsa-superseded");
	lt_revoke("tsa-compromised", "-crl_reason keyCompromise", 3600);
	lt_revoke("tsa-superseded", "-crl_reason superseded", 3600);
	lt_crl("later.pem", 5400);
	char why[1000];
	ck_assert_int_eq(lt_check(early, "later.pem", 7200, why, sizeof why), GI_RECORD_BAD_TIMESTAMP);
	ck_assert_msg(strstr(why, "revoked"), "%s", why);
	ck_assert_int_eq(lt_check(comp, "later.pem", 7200, why, sizeof why), GI_RECORD_BAD_TIMESTAMP);
	ck_assert_msg(strstr(why, "keyCompromise"), "%s", why);
	ck_assert_msg(lt_check(sup, "later.pem", 7200, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	gi_free(early);
	gi_free(comp);
	gi_free(sup);
}
END_TEST

/* Past validation (ETSI EN 319 102-1 §5.6.2): a time-stamped record is
 * checked as of the stamp's time with a CRL issued after it. A signer
 * revoked after the stamp stays valid unless the reason is keyCompromise
 * with an invalidityDate before the stamp; one revoked before is revoked. */
START_TEST(past_validation_with_later_crl)
{
	lt_issue("sig-ok", "lab", 3650 * DAY);
	lt_issue("sig-superseded", "lab", 3650 * DAY);
	lt_issue("sig-compromised-late", "lab", 3650 * DAY);
	lt_issue("sig-compromised-early", "lab", 3650 * DAY);
	lt_issue("sig-revoked-before", "lab", 3650 * DAY);
	lt_revoke("sig-revoked-before", "-crl_reason affiliationChanged", -3600);
	char *ok = lt_record("sig-ok.key", "tsa");
	char *sup = lt_record("sig-superseded.key", "tsa");
	char *late = lt_record("sig-compromised-late.key", "tsa");
	char *early = lt_record("sig-compromised-early.key", "tsa");
	char *before = lt_record("sig-revoked-before.key", "tsa");
	lt_revoke("sig-superseded", "-crl_reason superseded", 3600);
	lt_revoke("sig-compromised-late", "-crl_reason keyCompromise", 3600);
	char inv[64];
	time_t t0 = time(NULL) - 2 * 3600;
	strftime(inv, sizeof inv, "-crl_compromise %Y%m%d%H%M%SZ", gmtime(&t0));
	lt_revoke("sig-compromised-early", inv, 3600);
	lt_crl("later.pem", 5400);
	char why[1000];
	ck_assert_msg(lt_check(ok, "later.pem", 7200, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	ck_assert_msg(lt_check(sup, "later.pem", 7200, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	ck_assert_msg(lt_check(late, "later.pem", 7200, why, sizeof why) == GI_RECORD_VALID, "%s", why);
	ck_assert_int_eq(lt_check(early, "later.pem", 7200, why, sizeof why), GI_RECORD_REVOKED);
	ck_assert_msg(strstr(why, "keyCompromise"), "%s", why);
	ck_assert_int_eq(lt_check(before, "later.pem", 7200, why, sizeof why), GI_RECORD_REVOKED);
	gi_free(ok);
	gi_free(sup);
	gi_free(late);
	gi_free(early);
	gi_free(before);
}
END_TEST

/* ---- trust policy ---- */

/* Verifies xml against the trust anchors and CRL file given (paths in the
 * PKI, crl may be NULL); the status, and the reason in why. */
static gi_record_status check_with(const char *xml, const char *anchors, const char *crl, char *why, size_t n)
{
	gi_trust *t;
	ck_assert_msg(gi_trust_load(&t, P(anchors), crl ? P(crl) : NULL) == 0, "%s", gi_error_last()->message);
	gi_record_check *c = NULL;
	int rc = gi_record_verify(&c, xml, strlen(xml), "record.xml", t);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(rc == 0, c->status == GI_RECORD_VALID);
	gi_record_status st = c->status;
	snprintf(why, n, "%s", c->reason);
	gi_record_check_free(c);
	gi_trust_free(t);
	return st;
}

/* Concatenates PKI files into a new one in the PKI directory. */
static void cat_files(const char *out, const char *a, const char *b, const char *c)
{
	char cmd[20000];
	snprintf(cmd, sizeof cmd, "cat '%s' '%s' %s%s%s > '%s'", P(a), P(b), c ? "'" : "", c ? P(c) : "", c ? "'" : "",
	         P(out));
	ck_assert_int_eq(system(cmd), 0);
}

/* CRLs travel over plain HTTP, so the CRL file may hold CRLs only: a
 * certificate appended to it (an attacker's root) would otherwise become a
 * trust anchor, and the attacker's records would verify. A CRL in the
 * trust-anchor file is refused rather than silently ignored. */
START_TEST(crl_file_holds_only_crls)
{
	char why[600];
	char *forged = signed_record("attacker-lab.key", "attacker-lab-chain.pem", NULL, NULL);
	cat_files("poisoned-crl.pem", "crl.pem", "attacker-root.pem", "attacker-crl.pem");
	gi_trust *t = NULL;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), P("poisoned-crl.pem")), GI_EINVALID);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(gi_error_last()->file, P("poisoned-crl.pem"));
	ck_assert_msg(strstr(gi_error_last()->message, "PEM block 4 is a CERTIFICATE"), "%s", gi_error_last()->message);
	/* the attacker's CRL alone (a CRL of an untrusted issuer) trusts nothing */
	cat_files("attacker-crls.pem", "crl.pem", "attacker-crl.pem", NULL);
	ck_assert_int_eq(check_with(forged, "trust.pem", "attacker-crls.pem", why, sizeof why), GI_RECORD_UNTRUSTED);
	/* an empty CRL in the intermediate's name, signed by another key, does
	 * not hide the real CRL's revocation, nor replace it: OpenSSL takes the
	 * first CRL with the issuer's name and checks its signature */
	char *revoked = signed_record("revoked.key", "revoked-chain.pem", NULL, NULL);
	char *good = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	cat_files("impostor-first.pem", "impostor-crl.pem", "crl.pem", NULL);
	/* X509_V_ERR_CRL_SIGNATURE_FAILURE: the chain cannot be trusted */
	ck_assert_int_eq(check_with(revoked, "trust.pem", "impostor-first.pem", why, sizeof why), GI_RECORD_UNTRUSTED);
	ck_assert_msg(strstr(why, "CRL signature failure"), "%s", why);
	cat_files("impostor-only.pem", "impostor-crl.pem", "root-crl.pem", NULL);
	ck_assert_int_eq(check_with(revoked, "trust.pem", "impostor-only.pem", why, sizeof why), GI_RECORD_UNTRUSTED);
	ck_assert_int_eq(check_with(good, "trust.pem", "impostor-only.pem", why, sizeof why), GI_RECORD_UNTRUSTED);
	/* a CRL among the trust anchors */
	cat_files("root-and-crl.pem", "root.pem", "root-crl.pem", NULL);
	ck_assert_int_eq(gi_trust_load(&t, P("root-and-crl.pem"), NULL), GI_EINVALID);
	ck_assert_msg(strstr(gi_error_last()->message, "PEM block 2 is an X509 CRL"), "%s", gi_error_last()->message);
	/* a private key is neither */
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), P("lab-rsa.key")), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "PRIVATE KEY"));
	/* one DER CRL is read as such */
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "openssl crl -in '%s' -outform DER -out '%s'", P("inter-crl.pem"), P("inter-crl.der"));
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), P("inter-crl.der")), 0);
	gi_trust_free(t);
	gi_free(good);
	gi_free(revoked);
	gi_free(forged);
}
END_TEST

/* With CRLs, every certificate of the chain is checked against its
 * issuer's CRL (RFC 5280 section 6.3): a laboratory under an intermediate
 * the root revoked is revoked, and a CA whose CRL is missing is named. */
START_TEST(revoked_intermediate)
{
	char why[600];
	char *xml = signed_record("lab-revinter.key", "lab-revinter-chain.pem", NULL, NULL);
	ck_assert_int_eq(check_with(xml, "trust.pem", NULL, why, sizeof why), GI_RECORD_VALID);
	ck_assert_int_eq(check_with(xml, "trust.pem", "crl.pem", why, sizeof why), GI_RECORD_REVOKED);
	ck_assert_msg(strstr(why, "libgi revoked intermediate"), "%s", why);
	gi_free(xml);
	/* the intermediate's CRL without the root's */
	xml = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	ck_assert_int_eq(check_with(xml, "trust.pem", "crl.pem", why, sizeof why), GI_RECORD_VALID);
	ck_assert_int_eq(check_with(xml, "trust.pem", "inter-crl.pem", why, sizeof why), GI_RECORD_NO_CRL);
	ck_assert_msg(strstr(why, "no CRL for issuer") && strstr(why, "libgi test root"), "%s", why);
	ck_assert_str_eq(gi_record_status_name(GI_RECORD_NO_CRL), "no-crl");
	gi_free(xml);
}
END_TEST

/* RFC 5280 section 4.2.1.12: a certificate with an extended key usage may
 * be used only for the purposes listed. Time-stamping, OCSP-signing and
 * TLS certificates from the trusted CA do not sign records; document
 * signing (RFC 9336), e-mail protection and anyExtendedKeyUsage do. */
START_TEST(extended_key_usage)
{
	static const struct { const char *key, *cert; gi_record_status want; } t[] = {
		{ "tsa.key", "tsa-chain.pem", GI_RECORD_KEY_USAGE },
		{ "eku-ocsp.key", "eku-ocsp-chain.pem", GI_RECORD_KEY_USAGE },
		{ "eku-server.key", "eku-server-chain.pem", GI_RECORD_KEY_USAGE },
		{ "eku-doc.key", "eku-doc-chain.pem", GI_RECORD_VALID },
		{ "eku-email.key", "eku-email-chain.pem", GI_RECORD_VALID },
		{ "eku-any.key", "eku-any-chain.pem", GI_RECORD_VALID },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *xml = unusable_record(t[i].key, t[i].cert), why[600];
		gi_record_status st = check_with(xml, "trust.pem", "crl.pem", why, sizeof why);
		ck_assert_msg(st == t[i].want, "%s: %s (%s)", t[i].cert, gi_record_status_name(st), why);
		if (st == GI_RECORD_KEY_USAGE)
			ck_assert_msg(strstr(why, "extended key usage"), "%s", why);
		gi_free(xml);
	}
}
END_TEST

/* One policy for signing and verifying: 112 bits of security (NIST SP
 * 800-57 Part 1 Rev. 5, Table 2; OpenSSL security level 2). An RSA-1024
 * signer, a leaf signed with SHA-1 and an intermediate signed with SHA-1
 * are refused as weak-algorithm. */
START_TEST(weak_algorithms)
{
	static const char *const t[][2] = {
		{ "rsa1024.key", "rsa1024-chain.pem" },
		{ "sha1.key", "sha1-chain.pem" },
		{ "lab-sha1inter.key", "lab-sha1inter-chain.pem" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *xml = unusable_record(t[i][0], t[i][1]), why[600];
		gi_record_status st = check_with(xml, "trust.pem", NULL, why, sizeof why);
		ck_assert_msg(st == GI_RECORD_WEAK_ALGORITHM, "%s: %s (%s)", t[i][1], gi_record_status_name(st), why);
		gi_free(xml);
	}
	ck_assert_str_eq(gi_record_status_name(GI_RECORD_WEAK_ALGORITHM), "weak-algorithm");
}
END_TEST

/* gi_signer_load refuses a certificate whose records could never verify,
 * naming it and why, unless allow_unusable_cert is set; so does `gi
 * verify --sign-cert`, unless --allow-unusable-cert is given. */
START_TEST(signer_refuses_unusable_certificates)
{
	static const struct { const char *key, *cert, *cn, *why; } t[] = {
		{ "expired.key", "expired-chain.pem", "CN = expired", "has expired" },
		{ "future.key", "future-chain.pem", "CN = future", "not valid yet" },
		{ "badku.key", "badku-chain.pem", "CN = badku", "key usage" },
		{ "tsa.key", "tsa-chain.pem", "CN = tsa", "extended key usage" },
		{ "eku-ocsp.key", "eku-ocsp-chain.pem", "CN = eku-ocsp", "extended key usage" },
		{ "rsa1024.key", "rsa1024-chain.pem", "CN = rsa1024", "1024 bits" },
		{ "sha1.key", "sha1-chain.pem", "CN = sha1", "SHA1" },
		{ "lab-sha1inter.key", "lab-sha1inter-chain.pem", "CN = libgi SHA-1 intermediate", "SHA1" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		gi_signer *sg = NULL;
		gi_signer_options o = GI_SIGNER_OPTIONS_INIT;
		o.key_file = P(t[i].key);
		o.cert_file = P(t[i].cert);
		ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EINVALID);
		ck_assert_ptr_null(sg);
		const char *m = gi_error_last()->message;
		ck_assert_msg(strstr(m, t[i].cn) && strstr(m, t[i].why), "%s: %s", t[i].cert, m);
		o.allow_unusable_cert = 1;
		ck_assert_int_eq(gi_signer_load(&sg, &o), 0);
		gi_signer_free(sg);
		/* a caller built for version 2 of the options gets the checks */
		o.version = 2;
		ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EINVALID);
	}
	char out[4096], err[4096], dir[] = "/tmp/gi-unusable-XXXXXX", recs[4200];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(recs, sizeof recs, "%s/records", dir);
	const char *spec = t_src("specs/lai-chau-tea.xml"), *rep = t_src("examples/lai-chau-2026.xml");
	ck_assert_int_eq(t_gi(out, sizeof out, err, sizeof err, "verify", "-s", spec, "-r", rep, "--sign-key",
	                      P("expired.key"), "--sign-cert", P("expired-chain.pem"), "--out", recs, NULL), 2);
	ck_assert_msg(strstr(err, "CN = expired") && strstr(err, "has expired"), "%s", err);
	ck_assert_int_ne(access(recs, F_OK), 0);
	ck_assert_int_eq(t_gi(out, sizeof out, err, sizeof err, "verify", "-s", spec, "-r", rep, "--sign-key",
	                      P("expired.key"), "--sign-cert", P("expired-chain.pem"), "--allow-unusable-cert", "--out",
	                      recs, NULL), 1);
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "ls '%s'/*.xml >/dev/null && rm -rf '%s'", recs, dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* Clear messages: a missing trust file says so with the system's reason;
 * garbage in place of the signer's certificate is named by its position,
 * not blamed on the intermediate that follows it. */
START_TEST(trust_and_certificate_messages)
{
	gi_trust *t = NULL;
	ck_assert_int_eq(gi_trust_load(&t, P("missing.pem"), NULL), GI_EIO);
	ck_assert_str_eq(gi_error_last()->file, P("missing.pem"));
	ck_assert_msg(strstr(gi_error_last()->message, "No such file or directory"), "%s", gi_error_last()->message);
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), P("missing-crl.pem")), GI_EIO);
	ck_assert_str_eq(gi_error_last()->file, P("missing-crl.pem"));
	char *xml = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL), why[600];
	char *p = strstr(xml, "<X509Certificate>") + 17;
	memcpy(p, "!!!!", 4);
	ck_assert_int_eq(check_with(xml, "trust.pem", NULL, why, sizeof why), GI_RECORD_NO_CERTIFICATE);
	ck_assert_msg(strstr(why, "X509Certificate 1 of 2"), "%s", why);
	gi_free(xml);
}
END_TEST

/* The record's issuer element is a name the signer chose: verification
 * reports it as the claimed issuer, apart from the certificate's subject,
 * and says when the two differ. */
START_TEST(claimed_issuer)
{
	issuer_override = "CN = Ministry of Agriculture";
	char *xml = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	issuer_override = NULL;
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	gi_record_check *c;
	ck_assert_int_eq(gi_record_verify(&c, xml, strlen(xml), "r.xml", t), 0);
	ck_assert_str_eq(c->claimed_issuer, "CN = Ministry of Agriculture");
	ck_assert_ptr_nonnull(strstr(c->signer, "CN = lab-ec"));
	ck_assert_msg(strstr(c->reason, "claims to be issued by CN = Ministry of Agriculture"), "%s", c->reason);
	gi_record_check_free(c);
	gi_free(xml);
	/* by default the issuer is the signer's subject, and nothing is said */
	xml = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	ck_assert_int_eq(gi_record_verify(&c, xml, strlen(xml), "r.xml", t), 0);
	ck_assert_str_eq(c->claimed_issuer, c->signer);
	ck_assert_ptr_null(strstr(c->reason, "claims"));
	gi_record_check_free(c);
	gi_free(xml);
	gi_trust_free(t);
}
END_TEST

/* libxml2 2.9 checks each attribute of a start tag against all earlier
 * ones: a 430 KB record with 40,000 attributes took seconds to refuse.
 * Such input is refused before parsing, records and reports alike. */
START_TEST(too_many_attributes)
{
	char *xml = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	char *at = strstr(xml, "<criterion ") + 11;
	size_t head = (size_t)(at - xml), n = 40000;
	char *big = malloc(strlen(xml) + n * 12 + 1), *w = big;
	memcpy(w, xml, head);
	w += head;
	for (size_t i = 0; i < n; i++)
		w += sprintf(w, "a%zu=\"1\" ", i);
	strcpy(w, at);
	ck_assert_uint_gt(strlen(big), 400000);
	char why[600];
	ck_assert_int_eq(check_with(big, "trust.pem", NULL, why, sizeof why), GI_RECORD_MALFORMED);
	ck_assert_msg(strstr(why, "more than 256 attributes"), "%s", why);
	/* 256 attributes, with quoted '>' and '<', comments and CDATA around,
	 * are the schema's business (an unknown attribute), not the scan's */
	w = big + head;
	w += sprintf(w, "x=\"a>b\" y='<c' ");
	for (size_t i = 0; i < 200; i++)   /* and the criterion's own */
		w += sprintf(w, "a%zu=\"1\" ", i);
	strcpy(w, at);
	ck_assert_int_eq(check_with(big, "trust.pem", NULL, why, sizeof why), GI_RECORD_MALFORMED);
	ck_assert_msg(!strstr(why, "attributes;"), "%s", why);
	free(big);
	/* larger than any record */
	size_t huge = (5u << 20);
	big = malloc(huge + 1);
	memset(big, ' ', huge);
	memcpy(big, xml, strlen(xml));
	big[huge] = '\0';
	ck_assert_int_eq(check_with(big, "trust.pem", NULL, why, sizeof why), GI_RECORD_MALFORMED);
	ck_assert_msg(strstr(why, "larger than 4 MiB"), "%s", why);
	free(big);
	gi_free(xml);
	/* a lab report: 200,000 attributes on its root (2.3 MB) */
	const char *head_r = "<?xml version=\"1.0\"?>\n<labReport xmlns=\"urn:libgi:lab-report:1\"\n ";
	n = 200000;
	char *rep = malloc(strlen(head_r) + n * 12 + 64);
	w = rep + sprintf(rep, "%s", head_r);
	for (size_t i = 0; i < n; i++)
		w += sprintf(w, "a%zu=\"1\" ", i);
	strcpy(w, "><lab id=\"x\"/></labReport>\n");
	ck_assert_uint_gt(strlen(rep), 2000000);
	gi_report *r = NULL;
	ck_assert_int_eq(gi_report_open_memory(&r, rep, strlen(rep), "big.xml", NULL), GI_EPARSE);
	ck_assert_msg(strstr(gi_error_last()->message, "more than 256 attributes"), "%s", gi_error_last()->message);
	ck_assert_int_eq(gi_error_last()->line, 3);   /* the attributes start on line 3 */
	free(rep);
}
END_TEST

/* XAdES B-LT: CRLs given when signing travel in the record
 * (RevocationValues, with the chain as CertificateValues) and are used by
 * verification without --crl: a signer revoked before the stamp is
 * revoked on the record's own evidence. A file without a CRL is refused
 * when the signer is loaded. */
START_TEST(revocation_values_travel_with_the_record)
{
	lt_issue("blt-ok", "lab", 3650 * DAY);
	lt_issue("blt-revoked", "lab", 3650 * DAY);
	lt_revoke("blt-revoked", "-crl_reason superseded", -3600);
	lt_crl("now.pem", -60);
	const char *crls[] = { L("now.pem"), NULL };
	char why[1000];
	const char *who[] = { "blt-ok", "blt-revoked" };
	for (int i = 0; i < 2; i++) {
		gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
		char key[4200], cert[4200];
		snprintf(key, sizeof key, "%s/%s.key", lt, who[i]);
		snprintf(cert, sizeof cert, "%s/%s-chain.pem", lt, who[i]);
		so.key_file = key;
		so.cert_file = cert;
		so.tsa = lt_tsa;
		so.tsa_payload = (void *)"tsa";
		so.crl_files = crls;
		so.allow_unusable_cert = 1;
		char *xml;
		ck_assert_int_eq(sign_example(&so, sign_first, &xml), 0);
		ck_assert_ptr_nonnull(strstr(xml, "<xades:CertificateValues><xades:EncapsulatedX509Certificate>"));
		ck_assert_ptr_nonnull(strstr(xml, "<xades:RevocationValues><xades:CRLValues><xades:EncapsulatedCRLValue>"));
		gi_record_status st = lt_check(xml, NULL, 60, why, sizeof why);
		ck_assert_msg(st == (i ? GI_RECORD_REVOKED : GI_RECORD_VALID), "%s: %s", who[i], why);
		if (i == 0) {
			/* RevocationValues holds CRLValues only (no OCSP responses) */
			char *bad = replace(xml, "</xades:CRLValues>", "</xades:CRLValues><xades:OCSPValues/>");
			ck_assert_int_eq(lt_check(bad, NULL, 60, why, sizeof why), GI_RECORD_BAD_LAYOUT);
			ck_assert_msg(strstr(why, "unknown or malformed property"), "%s", why);
			free(bad);
		}
		gi_free(xml);
	}
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	const char *none[] = { L("trust.pem"), NULL };
	so.key_file = L("blt-ok.key");
	so.cert_file = L("blt-ok-chain.pem");
	so.crl_files = none;
	gi_signer *sg = NULL;
	ck_assert_int_eq(gi_signer_load(&sg, &so), GI_EINVALID);
	ck_assert_ptr_null(sg);
}
END_TEST

/* The command line: gi record restamp adds an archive time-stamp in
 * place; gi record verify --at checks as of another time (exit 0 valid,
 * 1 not, 2 for an unreadable --at). xmlsec1 accepts the re-stamped
 * record, with or without being told where the SignedProperties Id is. */
START_TEST(restamp_and_at_from_the_command_line)
{
	const char *gi = getenv("GI_BIN");
	ck_assert_ptr_nonnull(gi);
	lt_issue("lt-signer", "lab", DAY);
	lt_issue("lt-tsa1", "tsa_ext", 2 * DAY);
	lt_issue("lt-tsa3", "tsa_ext", 3650 * DAY);
	char *xml = lt_record("lt-signer.key", "lt-tsa1");
	char path[4200];
	snprintf(path, sizeof path, "%s", L("r.xml"));
	write_file(path, xml, strlen(xml));
	char later[32], cmd[12000];
	time_t t = time(NULL) + 5 * DAY;
	strftime(later, sizeof later, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' '%s' >/dev/null", gi, L("trust.pem"), path);
	ck_assert_int_eq(WEXITSTATUS(system(cmd)), 0);
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' --at %s '%s' | grep -q 'NOT VERIFIED (bad-timestamp)'",
	         gi, L("trust.pem"), later, path);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' --at 2031-13-01 '%s' >/dev/null 2>&1", gi,
	         L("trust.pem"), path);
	ck_assert_int_eq(WEXITSTATUS(system(cmd)), 2);
	snprintf(cmd, sizeof cmd, "'%s' record restamp --trust '%s' --tsa-command \"cd '%s' && openssl ts -reply "
	         "-config ca.cnf -signer lt-tsa3.pem -inkey lt-tsa3.key -chain inter.pem -queryfile /dev/stdin "
	         "-out /dev/stdout\" '%s' >/dev/null", gi, L("trust.pem"), lt, path);
	ck_assert_int_eq(WEXITSTATUS(system(cmd)), 0);
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' --at %s '%s' >/dev/null", gi, L("trust.pem"), later,
	         path);
	ck_assert_int_eq(WEXITSTATUS(system(cmd)), 0);
	/* a record that does not verify is left as it was */
	char *bad = replace(xml, "<verdict value=\"pass\">", "<verdict value=\"fail\">");
	write_file(L("bad.xml"), bad, strlen(bad));
	snprintf(cmd, sizeof cmd, "'%s' record restamp --trust '%s' --tsa-command false '%s' 2>/dev/null; "
	         "test $? -eq 2 && cmp -s '%s' '%s'", gi, L("trust.pem"), L("bad.xml"), L("bad.xml"), L("bad.xml"));
	ck_assert_int_eq(system(cmd), 0);
	free(bad);
	/* xmlsec1 finds the SignedProperties by its Id itself, or when told */
	snprintf(cmd, sizeof cmd, "xmlsec1 --verify --trusted-pem '%s' --untrusted-pem '%s' '%s' >/dev/null 2>&1",
	         L("root.pem"), L("inter.pem"), path);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "xmlsec1 --verify --id-attr:Id http://uri.etsi.org/01903/v1.3.2#:SignedProperties "
	         "--trusted-pem '%s' --untrusted-pem '%s' '%s' >/dev/null 2>&1", L("root.pem"), L("inter.pem"), path);
	ck_assert_int_eq(system(cmd), 0);
	gi_free(xml);
}
END_TEST

/* Drafts of every sample of one run, prepared in the sample callback, with
 * each record also signed there in one step for comparison. */
typedef struct {
	const gi_signer *signer;
	gi_record_info info;
	gi_record_draft *drafts[16];
	char ids[16][GI_RECORD_ID_SIZE];
	char *one_step[16];
	size_t one_step_len[16];
	char *xml[16];
	size_t len[16];
	size_t n;
} drafts;

static int prepare_each(const gi_sample_result *r, void *payload)
{
	drafts *d = payload;
	char id[GI_RECORD_ID_SIZE];
	ck_assert_uint_lt(d->n, 16);
	ck_assert_int_eq(gi_record_prepare(&d->drafts[d->n], d->ids[d->n], d->signer, r, &d->info), 0);
	ck_assert_int_eq(gi_record_sign(&d->one_step[d->n], &d->one_step_len[d->n], id, d->signer, r, &d->info), 0);
	ck_assert_str_eq(id, d->ids[d->n]);
	d->n++;
	return 0;
}

typedef struct {
	drafts *d;
	size_t first;   /* this thread finishes drafts first, first + 2, ... */
	int failures;
} finisher;

static void *finish_every_other(void *arg)
{
	finisher *f = arg;
	for (size_t i = f->first; i < f->d->n; i += 2)
		if (gi_record_finish(&f->d->xml[i], &f->d->len[i], f->d->signer, f->d->drafts[i]) != 0)
			f->failures++;
	return NULL;
}

/* gi/record.h: a draft holds everything its record needs once the sample
 * callback has returned (the results are gone when the drafts are
 * finished), gi_record_finish may run on two threads at once with one
 * signer, and the two steps give gi_record_sign's record: byte for byte
 * with RSA (PKCS#1 v1.5 is deterministic, RFC 8017 8.2) at the same issue
 * time, and a record that verifies with ECDSA. A draft is finished once,
 * and only with the signer it was prepared for. */
static pthread_mutex_t tsa_lock = PTHREAD_MUTEX_INITIALIZER;
static int tsa_calls;

/* The test TSA (openssl ts, whose serial file is not for two at once)
 * one request at a time, though libgi calls it from two threads. */
static int shared_tsa(unsigned char **resp, size_t *len, const unsigned char *req, size_t req_len, void *payload)
{
	pthread_mutex_lock(&tsa_lock);
	int rc = local_tsa(resp, len, req, req_len, payload);
	tsa_calls++;
	pthread_mutex_unlock(&tsa_lock);
	return rc;
}

static void two_threads(const char *key, const char *cert, int deterministic, gi_tsa_cb tsa)
{
	gi_signer *sg, *other;
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P(key);
	so.cert_file = P(cert);
	so.tsa = tsa;
	ck_assert_int_eq(gi_signer_load(&sg, &so), 0);
	so.tsa = NULL;
	so.key_file = P("lab-rsa.key");
	so.cert_file = P("lab-rsa-chain.pem");
	ck_assert_int_eq(gi_signer_load(&other, &so), 0);
	gi_spec *spec = t_spec("specs/lai-chau-tea.xml");
	const char *rep = t_src("examples/lai-chau-2026.xml");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_file(&r, rep, NULL), 0);
	char sha[65];
	ck_assert_int_eq(gi_sha256_file(sha, rep), 0);
	drafts *d = calloc(1, sizeof *d);
	d->signer = sg;
	d->info = (gi_record_info)GI_RECORD_INFO_INIT;
	d->info.spec = spec;
	d->info.report_name = "examples/lai-chau-2026.xml";
	d->info.report_sha256 = sha;
	d->info.time = (long long)time(NULL);   /* the same issue time for both */
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = prepare_each;
	o.payload = d;
	ck_assert_int_eq(gi_verify(NULL, spec, r, &o), 0);
	gi_report_free(r);   /* the results the drafts were made from are gone */
	ck_assert_uint_ge(d->n, 4);
	char *x = NULL;
	size_t xl = 0;
	ck_assert_int_eq(gi_record_finish(&x, &xl, other, d->drafts[0]), GI_EUSAGE);
	finisher f[2] = { { d, 0, 0 }, { d, 1, 0 } };
	pthread_t t[2];
	for (int k = 0; k < 2; k++)
		ck_assert_int_eq(pthread_create(&t[k], NULL, finish_every_other, &f[k]), 0);
	for (int k = 0; k < 2; k++)
		ck_assert_int_eq(pthread_join(t[k], NULL), 0);
	ck_assert_int_eq(f[0].failures + f[1].failures, 0);
	ck_assert_int_eq(gi_record_finish(&x, &xl, sg, d->drafts[1]), GI_EUSAGE);
	ck_assert_ptr_null(x);
	gi_trust *trust;
	ck_assert_int_eq(gi_trust_load(&trust, P("trust.pem"), NULL), 0);
	for (size_t i = 0; i < d->n; i++) {
		gi_record_check *c = NULL;
		ck_assert_uint_eq(d->len[i], strlen(d->xml[i]));
		ck_assert_msg(gi_record_verify(&c, d->xml[i], d->len[i], "r.xml", trust) == 0, "%s", c->reason);
		ck_assert_str_eq(c->record_id, d->ids[i]);
		ck_assert_int_eq(c->timestamp != NULL, tsa != NULL);
		gi_record_check_free(c);
		if (deterministic) {
			ck_assert_uint_eq(d->len[i], d->one_step_len[i]);
			ck_assert_int_eq(memcmp(d->xml[i], d->one_step[i], d->len[i]), 0);
		}
		gi_record_draft_free(d->drafts[i]);
		gi_free(d->xml[i]);
		gi_free(d->one_step[i]);
	}
	gi_record_draft_free(NULL);
	gi_trust_free(trust);
	free(d);
	gi_spec_free(spec);
	gi_signer_free(other);
	gi_signer_free(sg);
}

START_TEST(two_step_signing_on_two_threads)
{
	two_threads("lab-rsa.key", "lab-rsa-chain.pem", 1, NULL);
	two_threads("lab-ec.key", "lab-ec-chain.pem", 0, NULL);
	/* time-stamped: gi_record_finish asks the TSA on both threads */
	int before = tsa_calls;
	two_threads("lab-ec.key", "lab-ec-chain.pem", 0, shared_tsa);
	ck_assert_int_ge(tsa_calls - before, 2 * 6);   /* each record twice: one-step and two-step */
}
END_TEST

/* Records of one run, each signed in the sample callback. */
typedef struct {
	const gi_signer *signer;
	gi_record_info info;
	char ids[16][GI_RECORD_ID_SIZE];
	size_t n;
} id_batch;

static int sign_each(const gi_sample_result *r, void *payload)
{
	id_batch *b = payload;
	char *xml = NULL;
	size_t len;
	ck_assert_uint_lt(b->n, 16);
	ck_assert_int_eq(gi_record_sign(&xml, &len, b->ids[b->n], b->signer, r, &b->info), 0);
	ck_assert_uint_eq(len, strlen(xml));   /* gi/record.h: len is the record's length */
	/* the id as specs/record-format.md derives it, computed here: the
	 * SHA-256 of the spec digest, report digest, sample id and issue
	 * time (the record's issued attribute), each ending in a newline */
	const char *at = strstr(xml, " issued=\"");
	ck_assert_ptr_nonnull(at);
	char text[512], want[GI_RECORD_ID_SIZE], hex[65];
	snprintf(text, sizeof text, "%s\n%s\n%s\n%.*s\n", gi_spec_get_info(r->spec)->sha256, b->info.report_sha256,
	         r->sample->id, (int)strcspn(at + 9, "\""), at + 9);
	ck_assert_int_eq(gi_sha256_memory(hex, text, strlen(text)), 0);
	snprintf(want, sizeof want, "R%.32s", hex);
	ck_assert_str_eq(b->ids[b->n], want);
	/* the issue time as strftime writes it in UTC (ISO 8601) */
	time_t tt = (time_t)b->info.time;
	struct tm tm;
	char iso[64];
	ck_assert_ptr_nonnull(gmtime_r(&tt, &tm));
	ck_assert_uint_gt(strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm), 0);
	ck_assert_int_eq(strncmp(at + 9, iso, strlen(iso)), 0);
	ck_assert_int_eq(at[9 + strlen(iso)], '"');
	gi_free(xml);
	b->n++;
	return 0;
}

/* The ids of the records of every sample of the shipped example, issued
 * at the given time. */
static void example_ids(id_batch *b, long long when, int with_lab)
{
	gi_signer *sg;
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P("lab-ec.key");
	so.cert_file = P("lab-ec-chain.pem");
	ck_assert_int_eq(gi_signer_load(&sg, &so), 0);
	gi_spec *spec = t_spec("specs/lai-chau-tea.xml");
	const char *rep = t_src("examples/lai-chau-2026.xml");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_file(&r, rep, NULL), 0);
	char sha[65];
	ck_assert_int_eq(gi_sha256_file(sha, rep), 0);
	memset(b, 0, sizeof *b);
	b->signer = sg;
	b->info = (gi_record_info)GI_RECORD_INFO_INIT;
	b->info.spec = spec;
	b->info.report_name = "examples/lai-chau-2026.xml";
	b->info.report_sha256 = sha;
	b->info.lab = with_lab ? gi_report_lab(r) : NULL;
	b->info.time = when;
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.on_sample = sign_each;
	o.payload = b;
	ck_assert_int_eq(gi_verify(NULL, spec, r, &o), 0);
	gi_report_free(r);
	gi_spec_free(spec);
	gi_signer_free(sg);
}

/* specs/record-format.md: a record id is "R" and 32 hex digits of the
 * SHA-256 of the spec digest, report digest, sample id and issue time -
 * so the same inputs give the same id (with or without the laboratory,
 * which is optional), and another sample or another issue time another
 * id. */
START_TEST(record_ids)
{
	static id_batch a, again, later;
	example_ids(&a, 1767225600, 1);        /* 2026-01-01T00:00:00Z */
	example_ids(&again, 1767225600, 0);
	example_ids(&later, 1767225601, 1);
	ck_assert_uint_eq(a.n, 6);             /* the six samples of the example */
	ck_assert_uint_eq(again.n, a.n);
	ck_assert_uint_eq(later.n, a.n);
	for (size_t i = 0; i < a.n; i++) {
		ck_assert_uint_eq(strlen(a.ids[i]), 33);
		ck_assert_int_eq(a.ids[i][0], 'R');
		ck_assert_uint_eq(strspn(a.ids[i] + 1, "0123456789abcdef"), 32);
		ck_assert_str_eq(again.ids[i], a.ids[i]);
		ck_assert_str_ne(later.ids[i], a.ids[i]);
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(a.ids[j], a.ids[i]);
	}
}
END_TEST


/* The issue time a record carries is its time in UTC as ISO 8601 writes
 * it (strftime's %Y-%m-%dT%H:%M:%SZ, checked in sign_each), at the edges
 * of the four-digit years, a leap day, before 1970 and after 9999. */
START_TEST(record_issue_times)
{
	static const long long times[] = { 1, -1, 951782400, 4102444799LL, 253402300799LL, 253402300800LL,
	                                   -30610224000LL };
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		static id_batch b;
		example_ids(&b, times[i], 1);
		ck_assert_uint_eq(b.n, 6);
	}
}
END_TEST

/* A verified record says what it carries: its id (the root's id
 * attribute), and who signed it - the subject and the issuer of the
 * signer's certificate made by tests/pki.sh - the same on a second
 * verification with the same trust store, whose certificate cache then
 * holds the signer. */
START_TEST(verified_record_names_id_and_signer)
{
	char *xml = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	const char *at = strstr(xml, " id=\"R");
	ck_assert_ptr_nonnull(at);
	char id[GI_RECORD_ID_SIZE];
	snprintf(id, sizeof id, "%.33s", at + 5);
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	for (int round = 0; round < 2; round++) {
		gi_record_check *c = NULL;
		ck_assert_int_eq(gi_record_verify(&c, xml, strlen(xml), "record.xml", t), 0);
		ck_assert_int_eq(c->status, GI_RECORD_VALID);
		ck_assert_ptr_nonnull(c->record_id);
		ck_assert_str_eq(c->record_id, id);
		ck_assert_ptr_nonnull(c->signer);
		ck_assert_msg(strstr(c->signer, "CN = lab-rsa"), "%s", c->signer);
		ck_assert_ptr_nonnull(c->signer_issuer);
		ck_assert_msg(strstr(c->signer_issuer, "CN = libgi test intermediate"), "round %d: %s", round,
		              c->signer_issuer);
		gi_record_check_free(c);
	}
	gi_trust_free(t);
	gi_free(xml);
}
END_TEST

/* A too weak certificate is named with its place in the file: the
 * signer's own (signed with SHA-1 by the intermediate), or a chain
 * certificate (the intermediate the root signed with SHA-1). SHA-1 is
 * disallowed for digital signature generation (NIST SP 800-131A Rev. 2,
 * section 9). */
START_TEST(weak_certificate_named_by_place)
{
	static const struct { const char *key, *cert, *place; } t[] = {
		{ "sha1.key", "sha1-chain.pem", "(the signer's of the file)" },
		{ "lab-sha1inter.key", "lab-sha1inter-chain.pem", "(a chain certificate of the file)" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		gi_signer *sg = NULL;
		gi_signer_options o = GI_SIGNER_OPTIONS_INIT;
		o.key_file = P(t[i].key);
		o.cert_file = P(t[i].cert);
		ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EINVALID);
		const char *m = gi_error_last()->message;
		ck_assert_msg(strstr(m, t[i].place) && strstr(m, "too weak"), "%s: %s", t[i].cert, m);
	}
}
END_TEST

/* Trust anchors and CRLs may be one DER object instead of PEM (RFC 5280
 * certificates and CRLs are DER; PEM is RFC 7468's text form of it); a
 * PEM block that does not decode is refused, naming its number, not
 * skipped; a missing anchors argument is a usage error. */
START_TEST(trust_files_der_and_broken_pem)
{
	char cmd[20000], why[600];
	snprintf(cmd, sizeof cmd,
	         "openssl x509 -in '%s' -outform DER -out '%s' && openssl crl -in '%s' -outform DER -out '%s' && "
	         "{ cat '%s'; printf -- '-----BEGIN CERTIFICATE-----\\n!!!!\\n-----END CERTIFICATE-----\\n'; } > '%s'",
	         P("root.pem"), P("root.der"), P("crl.pem"), P("crl.der"), P("root.pem"), P("broken.pem"));
	ck_assert_int_eq(system(cmd), 0);
	char *good = signed_record("lab-rsa.key", "lab-rsa-chain.pem", NULL, NULL);
	char *revoked = signed_record("revoked.key", "revoked-chain.pem", NULL, NULL);
	ck_assert_int_eq(check_with(good, "root.der", NULL, why, sizeof why), GI_RECORD_VALID);
	ck_assert_int_eq(check_with(revoked, "root.der", "crl.der", why, sizeof why), GI_RECORD_REVOKED);
	gi_trust *t = NULL;
	ck_assert_int_eq(gi_trust_load(&t, P("broken.pem"), NULL), GI_EINVALID);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(gi_error_last()->file, P("broken.pem"));
	ck_assert_msg(strstr(gi_error_last()->message, "PEM block 2 cannot be decoded"), "%s", gi_error_last()->message);
	/* a CERTIFICATE block that decodes to something else */
	snprintf(cmd, sizeof cmd, "printf -- '-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n' > '%s'",
	         P("not-a-cert.pem"));
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(gi_trust_load(&t, P("not-a-cert.pem"), NULL), GI_EINVALID);
	ck_assert_int_eq(gi_error_last()->line, 0);
	ck_assert_msg(strstr(gi_error_last()->message, "PEM block 1 is not a readable certificate"), "%s",
	              gi_error_last()->message);
	ck_assert_int_eq(gi_trust_load(&t, NULL, NULL), GI_EUSAGE);
	ck_assert_int_eq(gi_trust_load(NULL, P("root.pem"), NULL), GI_EUSAGE);
	gi_free(good);
	gi_free(revoked);
}
END_TEST

/* gi_record_sign refuses a call without what the record must name (spec,
 * report name and digest: gi/record.h) or with another info version,
 * and leaves nothing behind. */
static int sign_refusing(const gi_sample_result *r, void *payload)
{
	signing *s = payload;
	char id[GI_RECORD_ID_SIZE];
	for (int k = 0; k < 5; k++) {
		gi_record_info in = s->info;
		char *xml = NULL;
		size_t len = 1;
		if (k == 0)
			in.spec = NULL;
		else if (k == 1)
			in.report_name = NULL;
		else if (k == 2)
			in.report_sha256 = NULL;
		else if (k == 3)
			in.version = 0;
		ck_assert_int_eq(gi_record_sign(&xml, &len, id, k == 4 ? NULL : s->signer, r, &in), GI_EUSAGE);
		ck_assert_ptr_null(gi_error_last()->file);
	}
	return 0;
}

START_TEST(sign_refuses_missing_arguments)
{
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	so.key_file = P("lab-ec.key");
	so.cert_file = P("lab-ec-chain.pem");
	char *xml = NULL;
	ck_assert_int_eq(sign_example(&so, sign_refusing, &xml), 0);
	ck_assert_ptr_null(xml);
}
END_TEST

/* specs/record-format.md: a token may not state a time more than 5
 * minutes after the time it is checked at. Checked 301 s before the
 * token's time it is refused, saying so; 300 s before, not for that
 * reason (it verifies, or - when the test PKI is less than 5 minutes old -
 * its authority's certificate is not yet valid then); a token that does
 * not open is refused naming the signature time-stamp. */
START_TEST(timestamp_five_minutes_ahead)
{
	char *xml = stamped_record("lab-ec.key", "lab-ec-chain.pem", NULL);
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	gi_record_check *c;
	ck_assert_int_eq(gi_record_verify(&c, xml, strlen(xml), "ts.xml", t), 0);
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	ck_assert_int_eq(sscanf(c->timestamp, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	                        &tm.tm_min, &tm.tm_sec), 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	long long gen = (long long)timegm(&tm);
	gi_record_check_free(c);
	ck_assert_int_eq(gi_trust_set_time(t, gen - 300), 0);
	if (gi_record_verify(&c, xml, strlen(xml), "ts.xml", t) != 0) {
		ck_assert_int_eq(c->status, GI_RECORD_BAD_TIMESTAMP);
		ck_assert_msg(strstr(c->reason, "time-stamp's authority") && !strstr(c->reason, "after the time it is checked at"),
		              "%s", c->reason);
	}
	gi_record_check_free(c);
	ck_assert_int_eq(gi_trust_set_time(t, gen - 301), 0);
	ck_assert_int_eq(gi_record_verify(&c, xml, strlen(xml), "ts.xml", t), GI_EINVALID);
	ck_assert_int_eq(c->status, GI_RECORD_BAD_TIMESTAMP);
	ck_assert_msg(strstr(c->reason, "the signature time-stamp states ") && strstr(c->reason, "after the time it is checked at"),
	              "%s", c->reason);
	gi_record_check_free(c);
	char *tok = strstr(xml, "<xades:EncapsulatedTimeStamp>") + 29 + 40;
	*tok = *tok == 'A' ? 'B' : 'A';
	ck_assert_int_eq(gi_trust_set_time(t, gen), 0);
	ck_assert_int_eq(gi_record_verify(&c, xml, strlen(xml), "ts.xml", t), GI_EINVALID);
	ck_assert_int_eq(c->status, GI_RECORD_BAD_TIMESTAMP);
	ck_assert_msg(strncmp(c->reason, "the signature time-stamp: ", 26) == 0, "%s", c->reason);
	gi_record_check_free(c);
	gi_trust_free(t);
	gi_free(xml);
}
END_TEST

/* specs/record-format.md: a record larger than 4 MiB is refused before
 * it is parsed; one of exactly 4 MiB is parsed (and here found not to be
 * a record). */
START_TEST(record_size_limit)
{
	size_t max = (size_t)4 << 20;
	char *buf = malloc(max + 2);
	memset(buf, ' ', max + 1);
	memcpy(buf, "<a/>", 4);
	buf[max + 1] = '\0';
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	gi_record_check *c = NULL;
	ck_assert_int_eq(gi_record_verify(&c, buf, max, "big.xml", t), GI_EINVALID);
	ck_assert_int_eq(c->status, GI_RECORD_MALFORMED);
	ck_assert_msg(!strstr(c->reason, "larger than 4 MiB"), "%s", c->reason);
	gi_record_check_free(c);
	ck_assert_int_eq(gi_record_verify(&c, buf, max + 1, "big.xml", t), GI_EINVALID);
	ck_assert_int_eq(c->status, GI_RECORD_MALFORMED);
	ck_assert_msg(strstr(c->reason, "larger than 4 MiB"), "%s", c->reason);
	gi_record_check_free(c);
	gi_trust_free(t);
	free(buf);
}
END_TEST

static int refusing_tsa(unsigned char **resp, size_t *len, const unsigned char *req, size_t req_len, void *payload)
{
	return -1;
}

/* gi_record_restamp: when the time-stamping authority fails, nothing is
 * returned and the error names the record. */
START_TEST(restamp_failure_names_the_record)
{
	char *xml = stamped_record("lab-ec.key", "lab-ec-chain.pem", NULL);
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	char *out = NULL;
	size_t len = 7;
	int rc = gi_record_restamp(&out, &len, xml, strlen(xml), "r.xml", t, refusing_tsa, NULL);
	ck_assert_int_lt(rc, 0);
	ck_assert_int_ne(rc, GI_EUSAGE);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(len, 0);
	ck_assert_ptr_nonnull(gi_error_last()->file);
	ck_assert_str_eq(gi_error_last()->file, "r.xml");
	/* arguments it cannot do without */
	ck_assert_int_eq(gi_record_restamp(NULL, &len, xml, strlen(xml), "r.xml", t, refusing_tsa, NULL), GI_EUSAGE);
	ck_assert_int_eq(gi_record_restamp(&out, NULL, xml, strlen(xml), "r.xml", t, refusing_tsa, NULL), GI_EUSAGE);
	ck_assert_int_eq(gi_record_restamp(&out, &len, NULL, 5, "r.xml", t, refusing_tsa, NULL), GI_EUSAGE);
	ck_assert_int_eq(gi_record_restamp(&out, &len, xml, strlen(xml), "r.xml", NULL, refusing_tsa, NULL), GI_EUSAGE);
	ck_assert_int_eq(gi_record_restamp(&out, &len, xml, strlen(xml), "r.xml", t, NULL, NULL), GI_EUSAGE);
	gi_trust_free(t);
	gi_free(xml);
}
END_TEST

/* specs/record-format.md: the time a record says it was issued must lie
 * within its signer certificate's validity - a record dated 2001 (before
 * the test PKI's certificates) is not-yet-valid, one dated 2096 (after
 * them) expired, even though the chain verifies now. */
START_TEST(issued_outside_certificate_validity)
{
	char why[600];
	time_override = 1000000000;   /* 2001-09-09T01:46:40Z */
	char *early = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	time_override = 4000000000LL; /* 2096-10-02T07:06:40Z */
	char *late = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	time_override = 0;
	ck_assert_int_eq(check_xml(early, strlen(early), 0, why, sizeof why), GI_RECORD_NOT_YET_VALID);
	ck_assert_msg(strstr(why, "says it was signed at 2001-09-09T01:46:40Z, before the certificate"), "%s", why);
	ck_assert_int_eq(check_xml(late, strlen(late), 0, why, sizeof why), GI_RECORD_EXPIRED);
	ck_assert_msg(strstr(why, "says it was signed at 2096-10-02T07:06:40Z, after the certificate"), "%s", why);
	gi_free(early);
	gi_free(late);
}
END_TEST

/* gi_signer_options only grows at the end (gi/record.h, version field):
 * a version 1 struct (key and certificate) loads, and the fields of later
 * versions are not read from it; a version that does not exist yet, no
 * key without a certificate, and a CRL file without a CRL are refused,
 * the last naming the file (no line: it is not a text document). */
START_TEST(signer_options_versions)
{
	const char *no_crl[] = { P("trust.pem"), NULL };
	gi_signer *sg = NULL;
	gi_signer_options o = GI_SIGNER_OPTIONS_INIT;
	o.key_file = P("lab-ec.key");
	o.cert_file = P("lab-ec-chain.pem");
	o.crl_files = no_crl;
	o.version = 1;
	ck_assert_msg(gi_signer_load(&sg, &o) == GI_OK, "%s", gi_error_last()->message);
	gi_signer_free(sg);
	o.version = 3;
	ck_assert_msg(gi_signer_load(&sg, &o) == GI_OK, "%s", gi_error_last()->message);
	gi_signer_free(sg);
	o.version = 4;
	sg = NULL;
	ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EINVALID);
	ck_assert_ptr_null(sg);
	ck_assert_str_eq(gi_error_last()->file, P("trust.pem"));
	ck_assert_int_eq(gi_error_last()->line, 0);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "no PEM CRL"));
	o.crl_files = NULL;
	o.version = 0;
	ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EUSAGE);
	o.version = GI_SIGNER_OPTIONS_VERSION + 1;
	ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EUSAGE);
	ck_assert_int_eq(gi_signer_load(&sg, NULL), GI_EUSAGE);
	o.version = GI_SIGNER_OPTIONS_VERSION;
	o.cert_file = NULL;
	ck_assert_int_eq(gi_signer_load(&sg, &o), GI_EUSAGE);
	ck_assert_ptr_null(gi_error_last()->file);
	ck_assert_int_eq(gi_error_last()->line, 0);
}
END_TEST

/* specs/record-format.md: every criterion of a record names its basis. */
START_TEST(record_criteria_name_their_basis)
{
	char *xml = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	size_t crit = 0, basis = 0;
	for (const char *p = xml; (p = strstr(p, "<criterion ")); p++) {
		crit++;
		const char *end = strchr(p, '>');
		const char *b = strstr(p, " basis=\"");
		basis += b && b < end;
	}
	ck_assert_uint_gt(crit, 0);
	ck_assert_uint_eq(basis, crit);
	gi_free(xml);
}
END_TEST

/* A certificate is one DER object (RFC 5280 4.1): bytes after it make
 * the X509Certificate unreadable, and the record has no usable signer
 * certificate. */
START_TEST(certificate_with_trailing_bytes)
{
	char *xml = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL);
	char *a = strstr(xml, "<X509Certificate>") + 17, *b = strstr(a, "</X509Certificate>");
	char *text = malloc((size_t)(b - a) + 1);
	size_t n = 0;
	for (const char *p = a; p < b; p++)
		if (*p != '\n' && *p != '\r')
			text[n++] = *p;
	text[n] = '\0';
	unsigned char *der = malloc(n + 3);
	int len = EVP_DecodeBlock(der, (const unsigned char *)text, (int)n);
	ck_assert_int_gt(len, 0);
	len -= (n > 0 && text[n - 1] == '=') + (n > 1 && text[n - 2] == '=');   /* padding decodes as zeros */
	memset(der + len, 0, 3);
	char *enc = malloc(4 * ((size_t)len + 3) / 3 + 8);
	EVP_EncodeBlock((unsigned char *)enc, der, len + 3);
	char *bad = malloc(strlen(xml) + strlen(enc) + 1);
	memcpy(bad, xml, (size_t)(a - xml));
	strcpy(bad + (a - xml), enc);
	strcat(bad, b);
	char why[600];
	ck_assert_int_eq(check_xml(bad, strlen(bad), 0, why, sizeof why), GI_RECORD_NO_CERTIFICATE);
	ck_assert_msg(strstr(why, "X509Certificate 1 of 2 in KeyInfo/X509Data is not a base64 DER certificate"), "%s", why);
	free(bad);
	free(enc);
	free(der);
	free(text);
	gi_free(xml);
}
END_TEST

/* gi/record.h: gi_trust_set_time takes seconds since 1970 (0: the clock
 * again); a negative time or no trust object is a usage error. */
START_TEST(trust_time_refusals)
{
	gi_trust *t;
	ck_assert_int_eq(gi_trust_load(&t, P("trust.pem"), NULL), 0);
	ck_assert_int_eq(gi_trust_set_time(t, -1), GI_EUSAGE);
	ck_assert_int_eq(gi_trust_set_time(NULL, 0), GI_EUSAGE);
	ck_assert_int_eq(gi_trust_set_time(t, 0), GI_OK);
	gi_trust_free(t);
}
END_TEST

static void app_xml_errors(void *ctx, const char *msg, ...)
{
	(*(int *)ctx)++;
}

/* libgi quiets libxml2's generic error handler while it reads a record,
 * and gives the application's back afterwards, whatever the outcome. */
START_TEST(xml_error_handler_restored)
{
	int calls = 0;
	xmlSetGenericErrorFunc(&calls, app_xml_errors);
	char *xml = signed_record("lab-ec.key", "lab-ec-chain.pem", NULL, NULL), *json = NULL;
	ck_assert_int_eq(gi_record_json(&json, xml, strlen(xml), "r.xml"), 0);
	ck_assert_ptr_eq(xmlGenericErrorContext, &calls);
	gi_free(json);
	ck_assert_int_ne(gi_record_json(&json, "<a>", 3, "bad.xml"), 0);
	ck_assert_ptr_eq(xmlGenericErrorContext, &calls);
	ck_assert_str_eq(check_xml(xml, strlen(xml), 0, NULL, 0) == GI_RECORD_VALID ? "valid" : "not", "valid");
	ck_assert_ptr_eq(xmlGenericErrorContext, &calls);
	xmlSetGenericErrorFunc(NULL, NULL);
	gi_free(xml);
}
END_TEST

/* UnsignedSignatureProperties may hold only the properties libgi reads
 * (specs/record-format.md: SignatureTimeStamp, CertificateValues of
 * certificates, RevocationValues, ArchiveTimeStamp); another XAdES
 * property, or CertificateValues holding something else, is refused. */
START_TEST(unknown_unsigned_properties)
{
	char *xml = stamped_record("lab-ec.key", "lab-ec-chain.pem", NULL), why[600];
	ck_assert_int_eq(check_xml(xml, strlen(xml), 0, why, sizeof why), GI_RECORD_VALID);
	static const char *const extra[] = {
		"</xades:SignatureTimeStamp><xades:CompleteCertificateRefs/>",
		"</xades:SignatureTimeStamp><xades:CertificateValues><xades:OtherCertificate/></xades:CertificateValues>",
	};
	for (size_t i = 0; i < 2; i++) {
		char *bad = replace(xml, "</xades:SignatureTimeStamp>", extra[i]);
		ck_assert_int_eq(check_xml(bad, strlen(bad), 0, why, sizeof why), GI_RECORD_BAD_LAYOUT);
		ck_assert_msg(strstr(why, "unknown or malformed property"), "%s", why);
		free(bad);
	}
	/* each property at most once, in the order of XAdES (ETSI EN 319 132-1
	 * 5.1, UnsignedSignatureProperties): the time-stamp written twice */
	const char *st = strstr(xml, "<xades:SignatureTimeStamp>");
	const char *st_end = strstr(xml, "</xades:SignatureTimeStamp>");
	ck_assert(st && st_end);
	st_end += strlen("</xades:SignatureTimeStamp>");
	char *twice = malloc(strlen(xml) + (size_t)(st_end - st) + 1);
	sprintf(twice, "%.*s%.*s%s", (int)(st_end - xml), xml, (int)(st_end - st), st, st_end);
	ck_assert_int_eq(check_xml(twice, strlen(twice), 0, why, sizeof why), GI_RECORD_BAD_LAYOUT);
	ck_assert_msg(strstr(why, "out of order or repeated"), "%s", why);
	free(twice);
	gi_free(xml);
}
END_TEST


/* ---- the canonical writer's one-pass check and escape ----
 * A reference written the long way from the specifications: XML 1.0 §2.2
 * Char over strict UTF-8 (RFC 3629 §3: no overlong forms, no surrogates,
 * nothing above U+10FFFF), and Canonical XML 1.0 §2.3's escapes. */
static int ref_xml_chars(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i], cp;
		size_t k;
		if (c < 0x80) {
			cp = c;
			k = 1;
		} else if (c >= 0xC2 && c <= 0xDF) {
			cp = c & 0x1F;
			k = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			cp = c & 0x0F;
			k = 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			cp = c & 0x07;
			k = 4;
		} else {
			return 0;
		}
		if (i + k > n)
			return 0;
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000))
			return 0;
		if (!(cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
		      (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF)))
			return 0;
		i += k;
	}
	return 1;
}

static void ref_escape(char *out, const char *s, int attr)
{
	for (; *s; s++) {
		const char *e = NULL;
		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = attr ? NULL : "&gt;"; break;
		case '"': e = attr ? "&quot;" : NULL; break;
		case '\t': e = attr ? "&#x9;" : NULL; break;
		case '\n': e = attr ? "&#xA;" : NULL; break;
		case '\r': e = "&#xD;"; break;
		}
		if (e) {
			strcpy(out, e);
			out += strlen(e);
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* Invariant: for any text, the writer (c14n_write.c) refuses exactly what
 * is not XML 1.0 characters in UTF-8, names the attribute or element that
 * held it, and otherwise writes exactly the reference escapes; libxml2
 * reads back the very text, and its Canonical XML 1.0 of what it read is
 * byte for byte what the writer wrote. 20,000 strings of pieces chosen to
 * hit every escape, every UTF-8 length and every way UTF-8 goes wrong. */
START_TEST(canonical_writer_against_reference)
{
	static const char *const pieces[] = {
		"a", "Z", "0", "-", " ", ":", "?", "~", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\x01", "\x1f", "\x7f",
		"\xc3\xa9", "\xc6\xb0", "\xe2\x82\xac", "\xe1\xbb\x87", "\xf0\x9f\x98\x80", "\xef\xbf\xbd",
		"\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xef\xbf\xbe", "\xef\xbf\xbf", "\x80", "\xbf",
		"\xe2\x82", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8", "\xff", "\xc3",
	};
	size_t n_pieces = sizeof pieces / sizeof pieces[0];
	unsigned seed = 20261124;
	int accepted = 0, refused = 0;
	for (int iter = 0; iter < 20000; iter++) {
		char v[128] = "", t[128] = "";
		for (int which = 0; which < 2; which++) {
			char *dst = which ? t : v;
			seed = seed * 1103515245u + 12345u;
			int k = (int)(seed >> 16) % 9;
			for (int i = 0; i < k; i++) {
				seed = seed * 1103515245u + 12345u;
				/* mostly well-formed pieces, so that both sides are often valid */
				size_t pick = (seed >> 16) % (iter % 4 ? 25 : n_pieces);
				strcat(dst, pieces[pick]);
			}
		}
		gi__cw w;
		gi__cw_init(&w);
		gi__cw_start(&w, "e");
		gi__cw_attr(&w, "z", "1");
		gi__cw_attr(&w, "a", v);
		gi__cw_close_start(&w);
		gi__cw_text(&w, "e", t);
		gi__cw_end(&w, "e");
		int v_ok = ref_xml_chars((const unsigned char *)v, strlen(v));
		int t_ok = ref_xml_chars((const unsigned char *)t, strlen(t));
		if (!v_ok || !t_ok) {
			ck_assert_msg(gi__cw_status(&w) == GI_EINVALID, "not refused: [%s] [%s]", v, t);
			ck_assert_str_eq(w.bad_name, !v_ok ? "a" : "e");
			ck_assert_int_eq(gi__xml_text_ok(v, strlen(v)), v_ok);
			ck_assert_int_eq(gi__xml_text_ok(t, strlen(t)), t_ok);
			gi__cw_free(&w);
			refused++;
			continue;
		}
		ck_assert_int_eq(gi__cw_status(&w), 0);
		char ev[6 * 128 + 1], et[6 * 128 + 1], want[2048];
		ref_escape(ev, v, 1);
		ref_escape(et, t, 0);
		snprintf(want, sizeof want, "<e a=\"%s\" z=\"1\">%s</e>", ev, et);
		ck_assert_int_eq(w.len, strlen(want));
		ck_assert(memcmp(w.p, want, w.len) == 0);
		xmlDocPtr doc = xmlReadMemory(w.p, (int)w.len, NULL, "UTF-8", XML_PARSE_NONET);
		ck_assert_msg(doc != NULL, "libxml2 cannot read %s", want);
		xmlNodePtr root = xmlDocGetRootElement(doc);
		xmlChar *av = xmlGetProp(root, BAD_CAST "a"), *tv = xmlNodeGetContent(root);
		ck_assert_str_eq((const char *)av, v);
		ck_assert_str_eq((const char *)tv, t);
		xmlChar *canon = NULL;
		int n = xmlC14NDocDumpMemory(doc, NULL, XML_C14N_1_0, NULL, 0, &canon);
		ck_assert_int_eq(n, (int)w.len);
		ck_assert(memcmp(canon, w.p, w.len) == 0);
		xmlFree(canon);
		xmlFree(av);
		xmlFree(tv);
		xmlFreeDoc(doc);
		gi__cw_free(&w);
		accepted++;
	}
	/* both sides were exercised */
	ck_assert_int_gt(accepted, 5000);
	ck_assert_int_gt(refused, 1000);
}
END_TEST

Suite *suite_record(void)
{
	Suite *s = suite_create("record");
	/* alone, so valgrind's thread checkers can run it by its name */
	TCase *two = tcase_create("two-step");
	tcase_add_unchecked_fixture(two, setup, NULL);
	tcase_set_timeout(two, 300);
	tcase_add_test(two, two_step_signing_on_two_threads);
	suite_add_tcase(s, two);
	TCase *tc = tcase_create("sign");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, sign_every_key_form);
	tcase_add_test(tc, canonical_record_text);
	tcase_add_test(tc, canonical_writer_against_reference);
	tcase_add_test(tc, record_issue_times);
	tcase_add_test(tc, not_a_record_errors);
	tcase_add_test(tc, xmlsec1_accepts_libgi_records);
	tcase_add_test(tc, libgi_accepts_xmlsec1_records);
	tcase_add_test(tc, every_byte_of_signed_content);
	tcase_add_test(tc, signature_attacks);
	tcase_add_test(tc, signature_wrapping);
	tcase_add_test(tc, xades_reference_wrapping);
	tcase_add_test(tc, certificate_attacks);
	tcase_add_test(tc, signer_errors);
	tcase_add_test(tc, external_signer_loads_and_fails_truthfully);
	tcase_add_test(tc, council_document_signed_before_its_end_tag);
	tcase_add_test(tc, malformed_records);
	tcase_add_test(tc, record_json);
	tcase_add_test(tc, key_info_placement);
	tcase_add_test(tc, trust_shared_by_threads);
	tcase_add_test(tc, reused_parser_changes_nothing);
	tcase_add_test(tc, known_namespaces_are_absolute);
	tcase_add_test(tc, ecdsa_der_as_openssl_writes_it);
	tcase_add_test(tc, claimed_time_compared_as_x509_cmp_time);
	tcase_add_test(tc, timestamps);
	tcase_add_test(tc, timestamp_outlives_certificate);
	tcase_add_test(tc, timestamp_refused);
	tcase_add_test(tc, records_before_xades_still_verify);
	tcase_add_test(tc, libgi_accepts_xmlsec1_xades_records);
	tcase_add_test(tc, crl_file_holds_only_crls);
	tcase_add_test(tc, revoked_intermediate);
	tcase_add_test(tc, extended_key_usage);
	tcase_add_test(tc, weak_algorithms);
	tcase_add_test(tc, signer_refuses_unusable_certificates);
	tcase_add_test(tc, trust_and_certificate_messages);
	tcase_add_test(tc, claimed_issuer);
	tcase_add_test(tc, too_many_attributes);
	tcase_add_test(tc, record_ids);
	tcase_add_test(tc, verified_record_names_id_and_signer);
	tcase_add_test(tc, weak_certificate_named_by_place);
	tcase_add_test(tc, trust_files_der_and_broken_pem);
	tcase_add_test(tc, sign_refuses_missing_arguments);
	tcase_add_test(tc, timestamp_five_minutes_ahead);
	tcase_add_test(tc, record_size_limit);
	tcase_add_test(tc, restamp_failure_names_the_record);
	tcase_add_test(tc, signer_options_versions);
	tcase_add_test(tc, record_criteria_name_their_basis);
	tcase_add_test(tc, certificate_with_trailing_bytes);
	tcase_add_test(tc, trust_time_refusals);
	tcase_add_test(tc, issued_outside_certificate_validity);
	tcase_add_test(tc, xml_error_handler_restored);
	tcase_add_test(tc, unknown_unsigned_properties);
	suite_add_tcase(s, tc);
	tc = tcase_create("longterm");
	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_add_checked_fixture(tc, lt_setup, lt_teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, archive_timestamps_outlive_every_certificate);
	tcase_add_test(tc, revoked_tsa);
	tcase_add_test(tc, past_validation_with_later_crl);
	tcase_add_test(tc, restamp_and_at_from_the_command_line);
	tcase_add_test(tc, revocation_values_travel_with_the_record);
	suite_add_tcase(s, tc);
	return s;
}
