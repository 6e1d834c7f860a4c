/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gi - geographic-indication quality verification from the command line.
 * One subcommand per job; see gi(1) and `gi COMMAND --help`.
 */
#include "config.h"
#include <getopt.h>
#include <string.h>
#include "cli.h"
#include "i18n.h"

static const char usage[] =
	"Usage: gi COMMAND [OPTION]... [FILE]...\n"
	"Check laboratory results for geographic-indication (GI) products against\n"
	"the product's machine-readable specification.\n"
	"\n"
	"Commands:\n"
	"  spec check FILE...      validate specifications (schema and semantic rules)\n"
	"  spec show FILE          describe a specification\n"
	"  verify --spec FILE --report FILE\n"
	"                          verdict per criterion, sample and report\n"
	"      [--sign-key K --sign-cert C | --sign-key pkcs11:URI | --pkcs12 P] --out DIR\n"
	"                          ... and write one signed record per sample\n"
	"  record verify --trust CA FILE...\n"
	"                          check signed records (signature, chain, CRL)\n"
	"  record show FILE        what a record states\n"
	"  keygen --key K --cert C make a demonstration key and certificate\n"
	"  pt FILE                 score a proficiency-testing round (ISO 13528)\n"
	"  risk --lower TL --mean M --sd S --u U\n"
	"                          global consumer's and producer's risks (JCGM 106)\n"
	"  stamp sign|verify       signed QR stamps for lots and packages\n"
	"  registry ACTION --db DB --spec SPEC ...\n"
	"                          the council's registry: members, plots, lots,\n"
	"                          logbook, records, inspections, permits, violations\n"
	"  log init|append|checkpoint|prove|verify DIR\n"
	"                          the transparency log (gi log --help)\n"
	"\n"
	"Options:\n"
	"  -h, --help              show this help (or a command's: gi verify --help)\n"
	"  -V, --version           show the version\n"
	"\n"
	"Exit status: 0 every sample passes; 1 a sample fails; 2 bad usage or bad\n"
	"input; 3 a sample is incomplete or inconclusive and none fails.\n"
	"\n"
	"Formats: specs/spec-format.md, specs/report-format.md, specs/json-format.md\n"
	"(installed under share/doc/libgi). Manual: man gi.\n";

static int run(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_BAD_INPUT;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("gi (libgi) %s\n", gi_version());
		return 0;
	}
	if (strcmp(cmd, "spec") == 0)
		return cmd_spec(argc - 1, argv + 1);
	if (strcmp(cmd, "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	if (strcmp(cmd, "record") == 0)
		return cmd_record(argc - 1, argv + 1);
	if (strcmp(cmd, "keygen") == 0)
		return cmd_keygen(argc - 1, argv + 1);
	if (strcmp(cmd, "pt") == 0)
		return cmd_pt(argc - 1, argv + 1);
	if (strcmp(cmd, "risk") == 0)
		return cmd_risk(argc - 1, argv + 1);
	if (strcmp(cmd, "stamp") == 0)
		return cmd_stamp(argc - 1, argv + 1);
	if (strcmp(cmd, "registry") == 0)
		return cmd_registry(argc - 1, argv + 1);
	if (strcmp(cmd, "log") == 0)
		return cmd_log(argc - 1, argv + 1);
	cli_error(NULL, "unknown command '%s'", cmd);
	fputc('\n', stderr);
	fputs(usage, stderr);
	return EXIT_BAD_INPUT;
}

int main(int argc, char **argv)
{
	opterr = 0; /* option_error() says it once, in gi's words */
	cli_i18n_init();
	return finish_output(run(argc, argv));
}
