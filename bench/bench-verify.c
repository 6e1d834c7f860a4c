/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-verify - verification throughput and peak memory.
 *
 *   bench-verify SPEC REPORT GI_BIN
 *
 * Measures, on one report:
 *   reference  a bare pass over the same bytes in the same process: every
 *              node through libxml2's reader (XML), or every line through
 *              getline (CSV) - the cost of reading, nothing else;
 *   library    gi_verify() with no callback: parse, schema-validate,
 *              evaluate every sample;
 *   gi         `gi verify --json` end to end, output to /dev/null, its
 *              peak RSS taken from wait4().
 * and prints samples per second, the ratio to the reference, and peak RSS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <gi/gi.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static double reference(const char *path, int xml)
{
	double t0 = now();
	if (xml) {
		xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET);
		while (xmlTextReaderRead(r) == 1)
			;
		xmlFreeTextReader(r);
	} else {
		FILE *f = fopen(path, "r");
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, f) > 0)
			;
		free(line);
		fclose(f);
	}
	return now() - t0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench-verify SPEC REPORT GI_BIN\n");
		return 2;
	}
	const char *spec_path = argv[1], *report_path = argv[2], *gi = argv[3];
	gi_spec *spec;
	gi_report *rep;
	if (gi_spec_load_file(&spec, spec_path, NULL) < 0 || gi_report_open_file(&rep, report_path, NULL) < 0) {
		fprintf(stderr, "bench-verify: %s\n", gi_error_last()->message);
		return 2;
	}
	int xml = gi_report_format(rep) == GI_FORMAT_XML;
	double tref = reference(report_path, xml);

	gi_summary sum;
	double t0 = now();
	if (gi_verify(&sum, spec, rep, NULL) < 0) {
		fprintf(stderr, "bench-verify: %s\n", gi_error_last()->message);
		return 2;
	}
	double tlib = now() - t0;
	struct rusage self;
	getrusage(RUSAGE_SELF, &self);
	gi_report_free(rep);
	gi_spec_free(spec);

	t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		int dn = open("/dev/null", O_WRONLY);
		dup2(dn, 1);
		execl(gi, gi, "verify", "--json", "--spec", spec_path, "--report", report_path, (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage child;
	wait4(pid, &status, 0, &child);
	double tcli = now() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 2 || WEXITSTATUS(status) == 127) {
		fprintf(stderr, "bench-verify: %s failed\n", gi);
		return 2;
	}
	double n = (double)sum.samples;
	printf("%-10s %9zu samples (%zu pass, %zu fail, %zu incomplete)\n", xml ? "xml" : "csv", sum.samples,
	       sum.pass, sum.fail, sum.incomplete);
	printf("  reference read-through  %10.0f samples/s\n", n / tref);
	printf("  library gi_verify       %10.0f samples/s   %.2f x reference   peak RSS %6.1f MiB (bench process)\n",
	       n / tlib, tref / tlib, self.ru_maxrss / 1024.0);
	printf("  gi verify --json        %10.0f samples/s   %.2f x reference   peak RSS %6.1f MiB\n",
	       n / tcli, tref / tcli, child.ru_maxrss / 1024.0);
	return 0;
}
