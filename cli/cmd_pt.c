/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_pt.c - gi pt: score a proficiency-testing round (ISO 13528). */
#include "config.h"
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static const char pt_usage[] =
	"Usage: gi pt [--assigned X] [--sigma S] [--json] FILE\n"
	"Score the laboratories of a proficiency-testing round (ISO 13528:2015).\n"
	"\n"
	"FILE is CSV with columns lab and value (optionally analyte and unit), one\n"
	"row per result; several rows of a lab are its replicates, and the lab's\n"
	"result is their mean.\n"
	"\n"
	"  --assigned X   the assigned value x_pt (default: the robust mean x* of\n"
	"                 Algorithm A over the labs' results)\n"
	"  --sigma S      the standard deviation for proficiency assessment\n"
	"                 (default: the robust standard deviation s*)\n"
	"  --json         machine-readable output\n"
	"\n"
	"z = (x - x_pt) / sigma_pt: |z| <= 2 satisfactory, 2 < |z| < 3\n"
	"questionable, |z| >= 3 unsatisfactory. When the standard uncertainty of\n"
	"the assigned value, u(x_pt) = 1.25 s* / sqrt(p) for x*, exceeds\n"
	"0.3 sigma_pt (ISO 13528:2022 9.2.1), labs are classified by\n"
	"z' = (x - x_pt) / sqrt(sigma_pt^2 + u(x_pt)^2) instead (9.5). A round of\n"
	"fewer than 12 labs scored with Algorithm A is flagged (ISO 13528:2022\n"
	"5.4). Cochran's test (5 %) flags a lab\n"
	"whose replicate variance is out of line when every lab sent the same\n"
	"number of replicates.\n"
	"\n"
	"Exit status: 0 every lab satisfactory; 1 a lab unsatisfactory; 3 a lab\n"
	"questionable and none unsatisfactory; 2 bad usage or bad input.\n";

static int number_opt(const char *name, const char *text, double *out)
{
	if (gi_number_parse(out, text) < 0)
		return usage_error("pt", "%s '%s' is not a number", name, text);
	return 0;
}

/* The shortest text of v that reads back as v (gi_number_parse), 15 to 17
 * significant digits; the command runs in the "C" locale. */
static void shortest(char *buf, size_t n, double v)
{
	for (int p = 15; p <= 17; p++) {
		double back;
		snprintf(buf, n, "%.*g", p, v);
		if (gi_number_parse(&back, buf) == GI_OK && back == v)
			break;
	}
	if (!strpbrk(buf, ".eEni"))
		strncat(buf, ".0", n - strlen(buf) - 1);   /* still a real, as jansson writes one */
}

/* Prints d with each real in the shortest form that reads back exactly
 * (0.025, not 0.024999999999999998): dumped exactly with 17 digits, each
 * real outside a string shortened. */
static int print_json(json_t *d)
{
	char *s = json_dumps(d, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	if (!s)
		return -1;
	int in_str = 0;
	for (const char *p = s; *p;) {
		if (in_str || *p == '"' || (*p != '-' && !(*p >= '0' && *p <= '9'))) {
			if (in_str && *p == '\\' && p[1])
				putchar(*p++);
			else if (*p == '"')
				in_str = !in_str;
			putchar(*p++);
			continue;
		}
		size_t n = strspn(p, "0123456789+-.eE");
		char tok[64], out[64];
		double v;
		int real = 0;
		for (size_t i = 0; i < n; i++)
			real |= p[i] == '.' || p[i] == 'e' || p[i] == 'E';
		if (real && n < sizeof tok) {
			memcpy(tok, p, n);
			tok[n] = '\0';
			if (gi_number_parse(&v, tok) == GI_OK) {
				shortest(out, sizeof out, v);
				fputs(out, stdout);
			} else {
				fputs(tok, stdout);
			}
		} else {
			fwrite(p, 1, n, stdout);
		}
		p += n;
	}
	free(s);
	return 0;
}

/* A score to two decimals; the class comes from the score itself, so a
 * score shown as 2.00 is on the bound whatever its last binary digit. */
static const char *score_text(char *buf, size_t n, double z)
{
	snprintf(buf, n, "%.2f", fabs(z) < 0.005 ? 0.0 : z);
	return buf;
}

/* Cochran's test of the replicate variances, or why it does not apply. */
typedef struct cochran {
	int applies;
	double c, critical;
	const char *lab, *why;
} cochran;

static cochran cochran_of(const gi_pt *pt)
{
	cochran co = { 0, NAN, NAN, NULL, NULL };
	co.applies = gi_pt_cochran(pt, &co.c, &co.critical, &co.lab) == 0;
	if (!co.applies)
		co.why = gi_error_last()->message;
	return co;
}

/* The libgi-pt/1 JSON document (specs/json-format.md). */
static void pt_json(const gi_pt *pt, const char *file)
{
	const gi_robust *rb = gi_pt_robust(pt);
	cochran ch = cochran_of(pt);
	json_t *d = json_object(), *labs = json_array();
	json_object_set_new(d, "format", json_string("libgi-pt/1"));
	json_object_set_new(d, "file", json_string(file));
	json_object_set_new(d, "analyte", gi_pt_analyte(pt) ? json_string(gi_pt_analyte(pt)) : json_null());
	json_object_set_new(d, "unit", gi_pt_unit(pt) ? json_string(gi_pt_unit(pt)) : json_null());
	json_object_set_new(d, "robust_mean", json_real(rb->mean));
	json_object_set_new(d, "robust_sd", json_real(rb->sd));
	json_object_set_new(d, "iterations", json_integer(rb->iterations));
	json_object_set_new(d, "assigned", json_real(gi_pt_assigned(pt)));
	json_object_set_new(d, "sigma_pt", json_real(gi_pt_sigma(pt)));
	double ua = gi_pt_u_assigned(pt);
	json_object_set_new(d, "u_assigned", isnan(ua) ? json_null() : json_real(ua));
	json_object_set_new(d, "score", json_string(gi_pt_uses_z_prime(pt) ? "z_prime" : "z"));
	json_t *warn = json_array();
	if (gi_pt_warning(pt))
		json_array_append_new(warn, json_string(gi_pt_warning(pt)));
	json_object_set_new(d, "warnings", warn);
	for (size_t i = 0; i < gi_pt_lab_count(pt); i++) {
		const gi_pt_lab *l = gi_pt_get_lab(pt, i);
		json_t *lo = json_object();
		json_object_set_new(lo, "lab", json_string(l->lab));
		json_object_set_new(lo, "n", json_integer((json_int_t)l->n));
		json_object_set_new(lo, "mean", json_real(l->mean));
		json_object_set_new(lo, "sd", json_real(l->sd));
		json_object_set_new(lo, "z", json_real(l->z));
		json_object_set_new(lo, "z_prime", l->has_z_prime ? json_real(l->z_prime) : json_null());
		json_object_set_new(lo, "class", json_string(gi_pt_class_name(l->grade)));
		json_array_append_new(labs, lo);
	}
	json_object_set_new(d, "labs", labs);
	json_t *co = json_object();
	if (ch.applies) {
		json_object_set_new(co, "C", json_real(ch.c));
		json_object_set_new(co, "critical", json_real(ch.critical));
		json_object_set_new(co, "lab", json_string(ch.lab));
		json_object_set_new(co, "outlier", json_boolean(ch.c > ch.critical));
	} else {
		json_object_set_new(co, "not_applicable", json_string(ch.why));
	}
	json_object_set_new(d, "cochran", co);
	print_json(d);
	putchar('\n');
	json_decref(d);
}

/* The round as a table, for a person. */
static void pt_text(const gi_pt *pt, const char *file)
{
	const gi_robust *rb = gi_pt_robust(pt);
	cochran ch = cochran_of(pt);
	char b1[32], b2[32], b3[32], b4[32];
	printf("Proficiency round  %s%s%s%s%s\n", shown(file), gi_pt_analyte(pt) ? ", " : "",
	       shown(gi_pt_analyte(pt)), gi_pt_unit(pt) ? " in " : "", shown(gi_pt_unit(pt)));
	printf("Algorithm A        x* = %s, s* = %s (%d iterations; ISO 13528:2015 C.3)\n",
	       num(b1, sizeof b1, rb->mean), num(b2, sizeof b2, rb->sd), rb->iterations);
	double ua = gi_pt_u_assigned(pt);
	int zp = gi_pt_uses_z_prime(pt);
	printf("Scored against     x_pt = %s, sigma_pt = %s", num(b3, sizeof b3, gi_pt_assigned(pt)),
	       num(b4, sizeof b4, gi_pt_sigma(pt)));
	if (!isnan(ua))
		printf(", u(x_pt) = %s", num(b1, sizeof b1, ua));
	putchar('\n');
	if (zp)
		printf("                   u(x_pt) > 0.3 sigma_pt is not negligible (ISO 13528:2022 9.2.1):\n"
		       "                   labs are classified by z' = (x - x_pt) / sqrt(sigma_pt^2 + u(x_pt)^2) (9.5)\n");
	if (gi_pt_warning(pt))
		printf("Caution            %s\n", gi_pt_warning(pt));
	putchar('\n');
	printf("%-20s %3s %12s %12s %8s", "LAB", "N", "RESULT", "SD", "Z");
	if (zp)
		printf(" %8s", "Z'");
	printf("  %s\n", "CLASS");
	for (size_t i = 0; i < gi_pt_lab_count(pt); i++) {
		const gi_pt_lab *l = gi_pt_get_lab(pt, i);
		char z[32], z2[32];
		score_text(z, sizeof z, l->z);
		printf("%-20s %3zu %12s %12s %8s", shown(l->lab), l->n, num(b1, sizeof b1, l->mean),
		       l->n > 1 ? num(b2, sizeof b2, l->sd) : "—", z);
		if (zp)
			printf(" %8s", score_text(z2, sizeof z2, l->z_prime));
		printf("  %s\n", gi_pt_class_name(l->grade));
	}
	if (ch.applies)
		printf("\nCochran's C = %.4f, 5 %% critical %.4f: %s%s%s\n", ch.c, ch.critical,
		       ch.c > ch.critical ? "the replicate variance of " : "no lab's replicate variance is out of line",
		       ch.c > ch.critical ? shown(ch.lab) : "", ch.c > ch.critical ? " is out of line" : "");
	else
		printf("\nCochran's test not applied: %s\n", shown_line(ch.why));
}

int cmd_pt(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "assigned", required_argument, NULL, 'a' },
		{ "sigma", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	gi_pt_options o = GI_PT_OPTIONS_INIT;
	int json = 0, c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (number_opt("--assigned", optarg, &o.assigned))
				return EXIT_BAD_INPUT;
			o.has_assigned = 1;
			break;
		case 's':
			if (number_opt("--sigma", optarg, &o.sigma))
				return EXIT_BAD_INPUT;
			o.has_sigma = 1;
			break;
		case 'j': json = 1; break;
		case 'h': fputs(pt_usage, stdout); return EXIT_PASS;
		default: return option_error("pt", c, argv);
		}
	}
	if (argc - optind != 1)
		return usage_error("pt", "give exactly one FILE");
	const char *file = argv[optind];
	gi_pt *pt;
	if (gi_pt_load_file(&pt, file, &o) < 0)
		return report_error(file);
	if (json)
		pt_json(pt, file);
	else
		pt_text(pt, file);
	int worst = 0;
	for (size_t i = 0; i < gi_pt_lab_count(pt); i++)
		if ((int)gi_pt_get_lab(pt, i)->grade > worst)
			worst = (int)gi_pt_get_lab(pt, i)->grade;
	gi_pt_free(pt);
	return worst == GI_PT_UNSATISFACTORY ? EXIT_FAIL : worst == GI_PT_QUESTIONABLE ? EXIT_INCONCLUSIVE : EXIT_PASS;
}
