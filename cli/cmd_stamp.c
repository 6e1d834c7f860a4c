/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_stamp.c - gi stamp sign, gi stamp verify: signed QR stamps. */
#include "config.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include "cli.h"

static const char stamp_usage[] =
	"Usage: gi stamp sign --domain HOST [--gtin GTIN] --lot LOT [--serial S]\n"
	"                     --sign-key KEY --sign-cert CERT [--password-file F]\n"
	"                     [--svg OUT.svg] [--png OUT.png]\n"
	"       gi stamp verify --keys COUNCIL.pem [--status LIST.xml --trust CA.pem]\n"
	"                       [(--log DIR | --proof BUNDLE) (--vkey KEY | --vkey-file F)]\n"
	"                       [--now YYYY-MM-DD] [--json] URI\n"
	"       gi stamp sheet --uris FILE [--svg OUT.svg] [--png OUT.png] [--module-mm MM]\n"
	"                      [--width-mm MM] [--scale PX] [--labels]\n"
	"       gi stamp proof --log DIR (--vkey KEY | --vkey-file F) --lot LOT [--out FILE]\n"
	"\n"
	"sign    prints the stamp of a lot (or, with --serial, of one package): a\n"
	"        GS1 Digital Link URI on the portal HOST signed with the council's\n"
	"        key (specs/stamp-format.md); --svg and --png also write its QR code\n"
	"        (0.5 mm modules in the SVG, 8 pixels in the PNG, quiet zone kept).\n"
	"verify  says whether URI is a genuine stamp signed with one of the\n"
	"        council's certificates in COUNCIL.pem, and which lot it names; with\n"
	"        the registry's signed permit status list (--status, its signer\n"
	"        chained to CA.pem), which permit covers the lot, whether it is\n"
	"        valid today and whether the serial was ever issued; with the log\n"
	"        (--log) or a lot proof bundle (--proof), whether the lot's records\n"
	"        are in the log. Exit 0 genuine with nothing amiss, 1 not genuine or\n"
	"        a warning (permit not valid, serial never issued, lot not in the\n"
	"        log), 2 bad usage or evidence that does not verify.\n"
	"sheet   draws the stamps listed in FILE (one URI a line, as `gi registry\n"
	"        stamp issue --out FILE` writes them) as a print sheet: SVG at print\n"
	"        size (0.5 mm modules, 190 mm wide rows), or one PNG (4 pixels a\n"
	"        module); every code keeps its quiet zone.\n"
	"proof   writes the lot proof bundle of LOT: its verification records in the\n"
	"        log, each with an inclusion proof, for gi stamp verify --proof.\n";

static int write_file(const char *path, const void *data, size_t len)
{
	outfile o;
	FILE *f = outfile_open(&o, "stamp", path);
	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		outfile_discard(&o);
		cli_error("stamp", "cannot write %s", path);
		return -1;
	}
	return outfile_publish(&o);
}

static int stamp_sign(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "domain", required_argument, NULL, 'd' }, { "gtin", required_argument, NULL, 'g' },
		{ "lot", required_argument, NULL, 'l' },    { "serial", required_argument, NULL, 's' },
		{ "sign-key", required_argument, NULL, 'k' }, { "sign-cert", required_argument, NULL, 'c' },
		{ "password-file", required_argument, NULL, 'p' }, { "svg", required_argument, NULL, 'S' },
		{ "png", required_argument, NULL, 'P' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	gi_stamp st = GI_STAMP_INIT;
	gi_signer_options so = GI_SIGNER_OPTIONS_INIT;
	const char *pwfile = NULL, *svg_path = NULL, *png_path = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': st.domain = optarg; break;
		case 'g': st.gtin = optarg; break;
		case 'l': st.lot = optarg; break;
		case 's': st.serial = optarg; break;
		case 'k': so.key_file = optarg; break;
		case 'c': so.cert_file = optarg; break;
		case 'p': pwfile = optarg; break;
		case 'S': svg_path = optarg; break;
		case 'P': png_path = optarg; break;
		case 'h': fputs(stamp_usage, stdout); return 0;
		default: return option_error("stamp", c, argv);
		}
	}
	if (optind != argc)
		return usage_error("stamp", "unexpected argument '%s'", argv[optind]);
	if (!st.domain || !st.lot || !so.key_file)
		return usage_error("stamp", "stamp sign needs --domain, --lot and --sign-key (with --sign-cert)");
	char password[1024] = "";
	gi_signer *sg = NULL;
	char *uri = NULL, *svg = NULL;
	unsigned char *png = NULL;
	size_t png_len = 0;
	int rc = EXIT_BAD_INPUT;
	if (cli_password(&so, "stamp", pwfile, password, sizeof password) < 0)
		goto out;
	if (gi_signer_load(&sg, &so) < 0) {
		report_error(so.cert_file ? so.cert_file : so.key_file);
		goto out;
	}
	if (gi_stamp_sign(&uri, sg, &st) < 0 || (svg_path && gi_stamp_qr_svg(&svg, uri, 0.5) < 0) ||
	    (png_path && gi_stamp_qr_png(&png, &png_len, uri, 8) < 0)) {
		report_error(NULL);
		goto out;
	}
	if ((svg_path && write_file(svg_path, svg, strlen(svg)) < 0) || (png_path && write_file(png_path, png, png_len) < 0))
		goto out;
	printf("%s\n", uri);
	rc = 0;
out:
	OPENSSL_cleanse(password, sizeof password);
	gi_free(uri);
	gi_free(svg);
	gi_free(png);
	gi_signer_free(sg);
	return rc;
}

/* a key file's first line (new string), or NULL after a message */
static char *key_line(const char *path)
{
	size_t n;
	char *s = slurp(path, &n);
	if (s)
		s[strcspn(s, "\r\n")] = '\0';
	return s;
}

/* Prints a stamp check as JSON: the fields each evidence checked, no others. */
static void stamp_verify_json(const gi_stamp_check *ck)
{
	json_t *o = json_pack("{s:b, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "genuine", ck->genuine, "reason", ck->reason,
	                      "domain", ck->domain, "gtin", ck->gtin, "lot", ck->lot, "serial", ck->serial,
	                      "signer", ck->signer);
	if (o && ck->permit_valid >= 0) {
		json_object_set_new(o, "permit", ck->permit ? json_string(ck->permit) : json_null());
		json_object_set_new(o, "permit_state", ck->permit_state ? json_string(ck->permit_state) : json_null());
		json_object_set_new(o, "valid_from", ck->valid_from ? json_string(ck->valid_from) : json_null());
		json_object_set_new(o, "valid_until", ck->valid_until ? json_string(ck->valid_until) : json_null());
		json_object_set_new(o, "permit_valid", json_boolean(ck->permit_valid));
		json_object_set_new(o, "status_date", ck->status_date ? json_string(ck->status_date) : json_null());
	}
	if (o && ck->issued >= 0)
		json_object_set_new(o, "issued", json_boolean(ck->issued));
	if (o && ck->in_log >= 0) {
		json_object_set_new(o, "in_log", json_boolean(ck->in_log));
		json_object_set_new(o, "log_records", json_integer((json_int_t)ck->log_records));
		json_object_set_new(o, "log", ck->log_origin ? json_string(ck->log_origin) : json_null());
	}
	if (o && ck->genuine)
		json_object_set_new(o, "warning", ck->warning ? json_string(ck->warning) : json_null());
	char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER) : NULL;
	if (text)
		printf("%s\n", text);
	free(text);
	json_decref(o);
}

/* Prints a stamp check as text: the verdict, then a line for each evidence checked. */
static void stamp_verify_text(const gi_stamp_check *ck)
{
	printf("%s — %s", ck->genuine ? "GENUINE" : "NOT GENUINE", shown_line(ck->reason));
	if (ck->lot)
		printf("; lot %s", shown_line(ck->lot));
	if (ck->serial)
		printf(", package %s", shown_line(ck->serial));
	if (ck->gtin)
		printf(", GTIN %s", ck->gtin);
	printf("\n");
	if (ck->permit_valid >= 0) {
		if (ck->permit)
			printf("permit: %s, %s, valid %s to %s: %s (status list of %s)\n", shown_line(ck->permit),
			       shown_line(ck->permit_state), shown_line(ck->valid_from), shown_line(ck->valid_until),
			       ck->permit_valid ? "VALID" : "NOT VALID", shown_line(ck->status_date));
		else
			printf("permit: none covers lot %s in the status list of %s\n", shown_line(ck->lot),
			       shown_line(ck->status_date));
	}
	if (ck->issued >= 0)
		printf("serial: %s\n", ck->issued ? "issued for this lot" : "NEVER ISSUED: a copied or counterfeit stamp");
	if (ck->in_log >= 0)
		printf("log %s: %zu record%s of the lot proved in it%s\n", shown_line(ck->log_origin), ck->log_records,
		       ck->log_records == 1 ? "" : "s", ck->in_log ? "" : " (NOT IN THE LOG)");
	if (ck->warning)
		printf("WARNING: %s\n", shown_line(ck->warning));
}

/* The files stamp verify reads, and what it loaded from them (freed by stamp_verify_free). */
typedef struct {
	const char *keys_path, *status_path, *trust_path, *vkey, *vkey_file, *proof_path;
	gi_stamp_keys *keys;
	gi_trust *trust;
	char *status, *proof, *vkey_buf;
} stamp_evidence;

/* Loads the council's keys and each evidence asked for into io; reports and
 * returns -1 on the first that fails. */
static int stamp_verify_load(stamp_evidence *ev, gi_stamp_inspect_options *io)
{
	if (gi_stamp_keys_load(&ev->keys, ev->keys_path) < 0) {
		report_error(ev->keys_path);
		return -1;
	}
	if (ev->status_path) {
		if (!(ev->status = slurp(ev->status_path, &io->status_len)))
			return -1;
		io->status_list = ev->status;
		if (gi_trust_load(&ev->trust, ev->trust_path, NULL) < 0) {
			report_error(ev->trust_path);
			return -1;
		}
		io->trust = ev->trust;
	}
	if (ev->proof_path) {
		size_t n;
		if (!(ev->proof = slurp(ev->proof_path, &n)))
			return -1;
		io->log_proof = ev->proof;
	}
	if (ev->vkey_file && !(ev->vkey_buf = key_line(ev->vkey_file)))
		return -1;
	io->log_key = ev->vkey_buf ? ev->vkey_buf : ev->vkey;
	return 0;
}

/* Frees what stamp_verify_load loaded. */
static void stamp_verify_free(stamp_evidence *ev)
{
	gi_stamp_keys_free(ev->keys);
	gi_trust_free(ev->trust);
	free(ev->status);
	free(ev->proof);
	free(ev->vkey_buf);
}

/* Reports why a stamp could not be checked, naming the evidence's file
 * where the library names only "status list" or "lot proof". */
static void stamp_verify_error(const stamp_evidence *ev, const gi_stamp_inspect_options *io)
{
	gi_error e = *gi_error_last();
	if (e.file && strcmp(e.file, "status list") == 0)
		e.file = ev->status_path;
	else if (e.file && strcmp(e.file, "lot proof") == 0)
		e.file = ev->proof_path ? ev->proof_path : io->log_dir;
	char line[4096];
	gi_error_format(line, sizeof line, &e);
	cli_error(NULL, "%s", line);
}

static int stamp_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "keys", required_argument, NULL, 'k' }, { "json", no_argument, NULL, 'j' },
		{ "status", required_argument, NULL, 's' }, { "trust", required_argument, NULL, 't' },
		{ "log", required_argument, NULL, 'l' }, { "proof", required_argument, NULL, 'p' },
		{ "vkey", required_argument, NULL, 'v' }, { "vkey-file", required_argument, NULL, 'V' },
		{ "now", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	stamp_evidence ev = { NULL };
	const char *now = NULL;
	gi_stamp_inspect_options io = GI_STAMP_INSPECT_OPTIONS_INIT;
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': ev.keys_path = optarg; break;
		case 'j': json = 1; break;
		case 's': ev.status_path = optarg; break;
		case 't': ev.trust_path = optarg; break;
		case 'l': io.log_dir = optarg; break;
		case 'p': ev.proof_path = optarg; break;
		case 'v': ev.vkey = optarg; break;
		case 'V': ev.vkey_file = optarg; break;
		case 'n': now = optarg; break;
		case 'h': fputs(stamp_usage, stdout); return 0;
		default: return option_error("stamp", c, argv);
		}
	}
	if (!ev.keys_path || optind != argc - 1)
		return usage_error("stamp", "stamp verify needs --keys COUNCIL.pem and one URI");
	if (ev.status_path && !ev.trust_path)
		return usage_error("stamp", "--status needs --trust CA.pem (the anchors its signer chains to)");
	if ((io.log_dir || ev.proof_path) && !ev.vkey == !ev.vkey_file)
		return usage_error("stamp", "--log and --proof need the log's key: --vkey KEY or --vkey-file F");
	if (io.log_dir && ev.proof_path)
		return usage_error("stamp", "--log and --proof are alternatives");
	if (now && (io.now = cli_parse_day(now)) < 0)
		return usage_error("stamp", "--now %s is not a date (YYYY-MM-DD)", now);
	gi_stamp_check *ck = NULL;
	int rc = EXIT_BAD_INPUT;
	if (stamp_verify_load(&ev, &io) == 0) {
		int r = gi_stamp_inspect(&ck, argv[optind], ev.keys, &io);
		if (!ck) {
			stamp_verify_error(&ev, &io);
		} else {
			if (json)
				stamp_verify_json(ck);
			else
				stamp_verify_text(ck);
			rc = r == 0 && !ck->warning ? 0 : 1;
		}
	}
	gi_stamp_check_free(ck);
	stamp_verify_free(&ev);
	return rc;
}

/* Splits text into its URIs, one a line, blank lines skipped; *out points
 * into text. Reports the first line that is not a stamp URI and returns -1. */
static int stamp_sheet_uris(const char ***out, size_t *count, char *text, const char *uris_path)
{
	size_t n = 0, cap = 0;
	const char **uris = NULL;
	long line = 0;
	for (char *p = text, *next; p && *p; p = next) {
		line++;
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		p[strcspn(p, "\r")] = '\0';
		if (!*p)
			continue;
		if (strncmp(p, "https://", 8) != 0 || strlen(p) != strcspn(p, " \t")) {
			cli_error("stamp", "%s:%ld: not a stamp URI (one https:// URI a line)", uris_path, line);
			free(uris);
			return -1;
		}
		if (n == cap) {
			const char **u = realloc(uris, (cap = cap ? 2 * cap : 64) * sizeof *u);
			if (!u) {
				cli_error("stamp", "out of memory");
				free(uris);
				return -1;
			}
			uris = u;
		}
		uris[n++] = p;
	}
	if (n == 0) {
		cli_error("stamp", "%s: no stamp URI in the file", uris_path);
		free(uris);
		return -1;
	}
	*out = uris;
	*count = n;
	return 0;
}

/* Draws the sheets asked for and writes them; returns the exit status. */
static int stamp_sheet_write(const char **uris, size_t n, const gi_stamp_sheet_options *so, const char *uris_path,
                             const char *svg_path, const char *png_path)
{
	unsigned char *svg = NULL, *png = NULL;
	size_t svg_len = 0, png_len = 0;
	int rc = EXIT_BAD_INPUT;
	gi_stamp_sheet_options po = *so;
	po.format = GI_STAMP_SHEET_PNG;
	if ((svg_path && gi_stamp_sheet(&svg, &svg_len, uris, n, so) < 0) ||
	    (png_path && gi_stamp_sheet(&png, &png_len, uris, n, &po) < 0)) {
		report_error(uris_path);
	} else if ((!svg_path || write_file(svg_path, svg, svg_len) == 0) &&
	           (!png_path || write_file(png_path, png, png_len) == 0)) {
		printf("%zu stamps\n", n);
		rc = 0;
	}
	gi_free(svg);
	gi_free(png);
	return rc;
}

static int stamp_sheet(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "uris", required_argument, NULL, 'u' }, { "svg", required_argument, NULL, 'S' },
		{ "png", required_argument, NULL, 'P' }, { "module-mm", required_argument, NULL, 'm' },
		{ "width-mm", required_argument, NULL, 'w' }, { "scale", required_argument, NULL, 's' },
		{ "labels", no_argument, NULL, 'l' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	const char *uris_path = NULL, *svg_path = NULL, *png_path = NULL;
	gi_stamp_sheet_options so = GI_STAMP_SHEET_OPTIONS_INIT;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'u': uris_path = optarg; break;
		case 'S': svg_path = optarg; break;
		case 'P': png_path = optarg; break;
		case 'm':
		case 'w': {
			double v;
			if (gi_number_parse(&v, optarg) < 0 || !(v > 0) || v > 10000)
				return usage_error("stamp", "--%s %s is not a positive number of millimetres",
				                   c == 'm' ? "module-mm" : "width-mm", optarg);
			*(c == 'm' ? &so.module_mm : &so.width_mm) = v;
			break;
		}
		case 's': {
			size_t n = strspn(optarg, "0123456789");
			if (n == 0 || n > 2 || optarg[n] || atoi(optarg) < 1 || atoi(optarg) > 64)
				return usage_error("stamp", "--scale %s is not a number of pixels from 1 to 64", optarg);
			so.scale = atoi(optarg);
			break;
		}
		case 'l': so.labels = 1; break;
		case 'h': fputs(stamp_usage, stdout); return 0;
		default: return option_error("stamp", c, argv);
		}
	}
	if (optind != argc)
		return usage_error("stamp", "unexpected argument '%s'", argv[optind]);
	if (!uris_path || (!svg_path && !png_path))
		return usage_error("stamp", "stamp sheet needs --uris FILE and --svg or --png");
	size_t len, n;
	const char **uris = NULL;
	char *text = slurp(uris_path, &len);
	if (!text)
		return EXIT_BAD_INPUT;
	int rc = EXIT_BAD_INPUT;
	if (stamp_sheet_uris(&uris, &n, text, uris_path) == 0)
		rc = stamp_sheet_write(uris, n, &so, uris_path, svg_path, png_path);
	free(uris);
	free(text);
	return rc;
}

static int stamp_proof(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "log", required_argument, NULL, 'l' }, { "vkey", required_argument, NULL, 'v' },
		{ "vkey-file", required_argument, NULL, 'V' }, { "lot", required_argument, NULL, 'L' },
		{ "out", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	const char *dir = NULL, *vkey = NULL, *vkey_file = NULL, *lot = NULL, *out_path = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': dir = optarg; break;
		case 'v': vkey = optarg; break;
		case 'V': vkey_file = optarg; break;
		case 'L': lot = optarg; break;
		case 'o': out_path = optarg; break;
		case 'h': fputs(stamp_usage, stdout); return 0;
		default: return option_error("stamp", c, argv);
		}
	}
	if (optind != argc)
		return usage_error("stamp", "unexpected argument '%s'", argv[optind]);
	if (!dir || !lot || !vkey == !vkey_file)
		return usage_error("stamp", "stamp proof needs --log DIR, --lot LOT and --vkey KEY or --vkey-file F");
	char *key = vkey_file ? key_line(vkey_file) : NULL, *bundle = NULL;
	if (vkey_file && !key)
		return EXIT_BAD_INPUT;
	gi_log_options lo = GI_LOG_OPTIONS_INIT;
	lo.verifier_key = key ? key : vkey;
	gi_log *log = NULL;
	int rc = EXIT_BAD_INPUT;
	if (gi_log_open(&log, dir, &lo) < 0 || gi_stamp_lot_proof(&bundle, log, lot) < 0) {
		report_error(dir);
	} else if (out_path) {
		rc = write_file(out_path, bundle, strlen(bundle)) == 0 ? 0 : EXIT_BAD_INPUT;
	} else {
		printf("%s\n", bundle);
		rc = 0;
	}
	gi_free(bundle);
	gi_log_free(log);
	free(key);
	return rc;
}

int cmd_stamp(int argc, char **argv)
{
	if (argc < 2) {
		fputs(stamp_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(stamp_usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "sign") == 0)
		return stamp_sign(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return stamp_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "sheet") == 0)
		return stamp_sheet(argc - 1, argv + 1);
	if (strcmp(argv[1], "proof") == 0)
		return stamp_proof(argc - 1, argv + 1);
	return usage_error("stamp", "unknown subcommand '%s' (sign, verify, sheet or proof)", argv[1]);
}
