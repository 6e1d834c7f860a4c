/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_stamp.c - gi stamp sign, gi stamp verify: signed QR stamps. */
#include "config.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include "cli.h"

static const char stamp_usage[] =
	"Usage: gi stamp sign --domain HOST [--gtin GTIN] --lot LOT [--serial S]\n"
	"                     --sign-key KEY --sign-cert CERT [--password-file F]\n"
	"                     [--svg OUT.svg] [--png OUT.png]\n"
	"       gi stamp verify --keys COUNCIL.pem [--json] URI\n"
	"\n"
	"sign    prints the stamp of a lot (or, with --serial, of one package): a\n"
	"        GS1 Digital Link URI on the portal HOST signed with the council's\n"
	"        key (specs/stamp-format.md); --svg and --png also write its QR code\n"
	"        (0.5 mm modules in the SVG, 8 pixels in the PNG, quiet zone kept).\n"
	"verify  says whether URI is a genuine stamp signed with one of the\n"
	"        council's certificates in COUNCIL.pem, and which lot it names.\n"
	"        Exit 0 genuine, 1 not genuine, 2 bad usage.\n";

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

static int stamp_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "keys", required_argument, NULL, 'k' }, { "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	const char *keys_path = NULL;
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': keys_path = optarg; break;
		case 'j': json = 1; break;
		case 'h': fputs(stamp_usage, stdout); return 0;
		default: return option_error("stamp", c, argv);
		}
	}
	if (!keys_path || optind != argc - 1)
		return usage_error("stamp", "stamp verify needs --keys COUNCIL.pem and one URI");
	gi_stamp_keys *keys;
	if (gi_stamp_keys_load(&keys, keys_path) < 0) {
		report_error(keys_path);
		return EXIT_BAD_INPUT;
	}
	gi_stamp_check *ck = NULL;
	int rc = gi_stamp_verify(&ck, argv[optind], keys);
	if (!ck) {
		report_error(NULL);
		gi_stamp_keys_free(keys);
		return EXIT_BAD_INPUT;
	}
	if (json) {
		json_t *o = json_pack("{s:b, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "genuine", ck->genuine, "reason", ck->reason,
		                      "domain", ck->domain, "gtin", ck->gtin, "lot", ck->lot, "serial", ck->serial,
		                      "signer", ck->signer);
		char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;
		if (text)
			printf("%s\n", text);
		free(text);
		json_decref(o);
	} else {
		printf("%s — %s", ck->genuine ? "GENUINE" : "NOT GENUINE", shown_line(ck->reason));
		if (ck->lot)
			printf("; lot %s", shown_line(ck->lot));
		if (ck->serial)
			printf(", package %s", shown_line(ck->serial));
		if (ck->gtin)
			printf(", GTIN %s", ck->gtin);
		printf("\n");
	}
	gi_stamp_check_free(ck);
	gi_stamp_keys_free(keys);
	return rc == 0 ? 0 : 1;
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
	return usage_error("stamp", "unknown subcommand '%s' (sign or verify)", argv[1]);
}
