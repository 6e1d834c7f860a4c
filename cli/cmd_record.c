/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_record.c - gi record verify, gi record restamp, gi record show, gi keygen. */
#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
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

static const char record_usage[] =
	"Usage: gi record verify --trust CA.pem [--crl CRL.pem] [--at TIME] [--json] FILE...\n"
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

/* Verifies one record file and reports it (into all when json is asked);
 * raises *bad to 1 for a record that does not verify, 2 for one unread. */
static void record_verify_file(const char *file, const gi_trust *trust, int json, json_t *all, int *bad)
{
	size_t len;
	char *xml = slurp(file, &len);
	if (!xml) {
		*bad = 2;
		return;
	}
	gi_record_check *chk = NULL;
	int rc = gi_record_verify(&chk, xml, len, file, trust);
	free(xml);
	if (!chk) {
		report_error(file);
		*bad = 2;
		return;
	}
	if (rc != 0 && !*bad)
		*bad = 1;
	if (json) {
		json_array_append_new(all, record_check_json(file, chk));
	} else if (chk->status == GI_RECORD_VALID) {
		printf("%s: VERIFIED — sample %s, verdict %s; signed by %s (serial %s) at %s%s%s%s\n", shown(file),
		       shown(chk->sample_id), shown(chk->verdict), shown(chk->signer), shown(chk->serial),
		       shown(chk->issued), chk->timestamp ? "; time-stamped " : "", shown(chk->timestamp),
		       chk->timestamp ? " by a trusted TSA" : "");
	} else {
		printf("%s: NOT VERIFIED (%s) — %s\n", shown(file), gi_record_status_name(chk->status),
		       shown_line(chk->reason));
	}
	gi_record_check_free(chk);
}

static int record_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 't' },
		{ "crl", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *anchors = NULL, *crl = NULL;
	long long at = 0;
	int json = 0, c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': anchors = optarg; break;
		case 'c': crl = optarg; break;
		case 'j': json = 1; break;
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
	json_t *all = json ? json_array() : NULL;
	for (int i = optind; i < argc; i++)
		record_verify_file(argv[i], trust, json, all, &bad);
	if (json) {
		json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(all);
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
