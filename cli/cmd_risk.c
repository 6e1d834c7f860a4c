/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_risk.c - gi risk: global consumer's and producer's risks of a
 * decision rule (JCGM 106:2012 9.5) and the process's capability. */
#include "config.h"
#include <getopt.h>
#include <math.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static const char risk_usage[] =
	"Usage: gi risk (--lower TL | --upper TU | --lower TL --upper TU) --u U\n"
	"               (--mean M --sd S | --history FILE [--column NAME])\n"
	"               [--guard W | --target-pfa P] [--json]\n"
	"Global risks of accepting lots from a process (JCGM 106:2012 9.5): the\n"
	"probability that a lot is out of tolerance and accepted (consumer's risk\n"
	"R_C, false acceptance) and in tolerance and rejected (producer's risk R_P,\n"
	"false rejection), with the process capability indices (ISO 22514-2).\n"
	"\n"
	"  --lower TL, --upper TU  tolerance limits (a minimum, a maximum, or both)\n"
	"  --u U                   standard measurement uncertainty u_m (not U = k u)\n"
	"  --mean M, --sd S        the process: mean and standard deviation of the\n"
	"                          true values (normal)\n"
	"  --history FILE          estimate the process from past results: a CSV\n"
	"                          file with a header and a column 'value' (or the\n"
	"                          one column, or --column NAME); the true values'\n"
	"                          sd is sqrt(s^2 - u^2), Cp and Cpk use s\n"
	"  --guard W               guard band: accept at TL + W and TU - W (default 0,\n"
	"                          simple acceptance; negative relaxes the limits)\n"
	"  --target-pfa P          find the guard band whose R_C is P (e.g. 0.001)\n"
	"  --json                  machine-readable output\n"
	"\n"
	"Numbers may use a decimal comma. Exit status: 0 computed; 2 bad usage or\n"
	"bad input.\n";

static int number_opt(const char *name, const char *text, double *out)
{
	if (gi_number_parse(out, text) < 0)
		return usage_error("risk", "%s '%s' is not a number", name, text);
	return 0;
}

static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static void print_json(const gi_risk *r, const gi_risk_options *o, const gi_stats *h, const char *history,
                       double target)
{
	json_t *d = json_object(), *p = json_object(), *t = json_object(), *a = json_object(), *c = json_object();
	json_object_set_new(d, "format", json_string("libgi-risk/1"));
	json_object_set_new(p, "mean", json_real(o->mean));
	json_object_set_new(p, "sd", json_real(o->sd));
	json_object_set_new(p, "true_sd", json_real(r->process_sd));
	if (history) {
		json_object_set_new(p, "history", json_string(history));
		json_object_set_new(p, "n", json_integer((json_int_t)h->n));
	}
	json_object_set_new(d, "process", p);
	json_object_set_new(d, "u", json_real(o->u));
	json_object_set_new(t, "lower", o->has_lower ? json_real(o->lower) : json_null());
	json_object_set_new(t, "upper", o->has_upper ? json_real(o->upper) : json_null());
	json_object_set_new(d, "tolerance", t);
	json_object_set_new(a, "guard", json_real(r->guard));
	json_object_set_new(a, "lower", jnum(r->accept_lower));
	json_object_set_new(a, "upper", jnum(r->accept_upper));
	if (target > 0)
		json_object_set_new(a, "target_pfa", json_real(target));
	json_object_set_new(d, "acceptance", a);
	json_object_set_new(d, "consumer_risk", json_real(r->consumer));
	json_object_set_new(d, "producer_risk", json_real(r->producer));
	json_object_set_new(d, "error_bound", json_real(r->abserr));
	json_object_set_new(d, "nonconforming", json_real(r->nonconforming));
	json_object_set_new(c, "cp", jnum(r->cp));
	json_object_set_new(c, "cpk", jnum(r->cpk));
	json_object_set_new(c, "cpu", jnum(r->cpu));
	json_object_set_new(c, "cpl", jnum(r->cpl));
	json_object_set_new(c, "cm", jnum(r->cm));
	json_object_set_new(d, "capability", c);
	json_dumpf(d, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	putchar('\n');
	json_decref(d);
}

static const char *pct(char *buf, size_t n, double p)
{
	if (p == 0)
		snprintf(buf, n, "0 %%");
	else
		snprintf(buf, n, "%.4g %%", 100 * p);
	return buf;
}

static const char *idx(char *buf, size_t n, double v)
{
	if (isfinite(v))
		snprintf(buf, n, "%.4g", v);
	else
		snprintf(buf, n, "—");
	return buf;
}

static void print_text(const gi_risk *r, const gi_risk_options *o, const gi_stats *h, const char *history,
                       double target)
{
	char b1[32], b2[32], b3[32], b4[32];
	if (history)
		printf("Process             %zu results in %s: mean %s, s %s; true values sd %s = sqrt(s^2 - u^2)\n",
		       h->n, history, num(b1, sizeof b1, o->mean), num(b2, sizeof b2, o->sd),
		       num(b3, sizeof b3, r->process_sd));
	else
		printf("Process             normal, mean %s, sd %s\n", num(b1, sizeof b1, o->mean),
		       num(b2, sizeof b2, o->sd));
	printf("Tolerance           ");
	if (o->has_lower && o->has_upper)
		printf("%s to %s\n", num(b1, sizeof b1, o->lower), num(b2, sizeof b2, o->upper));
	else if (o->has_lower)
		printf(">= %s\n", num(b1, sizeof b1, o->lower));
	else
		printf("<= %s\n", num(b1, sizeof b1, o->upper));
	printf("Measurement         u = %s\n", num(b1, sizeof b1, o->u));
	printf("Acceptance          ");
	if (o->has_lower && o->has_upper)
		printf("%s to %s", num(b1, sizeof b1, r->accept_lower), num(b2, sizeof b2, r->accept_upper));
	else if (o->has_lower)
		printf(">= %s", num(b1, sizeof b1, r->accept_lower));
	else
		printf("<= %s", num(b1, sizeof b1, r->accept_upper));
	printf(" (guard band w = %s%s%s)\n", num(b2, sizeof b2, r->guard), target > 0 ? ", for R_C = " : "",
	       target > 0 ? num(b3, sizeof b3, target) : "");
	printf("Capability          Cp %s, Cpk %s (Cpl %s, Cpu %s), Cm %s\n", idx(b1, sizeof b1, r->cp),
	       idx(b2, sizeof b2, r->cpk), idx(b3, sizeof b3, r->cpl), idx(b4, sizeof b4, r->cpu),
	       idx(b1, sizeof b1, r->cm));
	printf("Out of tolerance    %s of the process (p0)\n", pct(b1, sizeof b1, r->nonconforming));
	printf("Consumer's risk     R_C = %s (false acceptance)\n", pct(b1, sizeof b1, r->consumer));
	printf("Producer's risk     R_P = %s (false rejection)\n", pct(b1, sizeof b1, r->producer));
	/* the quadrature's error bound, rounded up to a power of ten */
	double e = r->abserr > 1e-12 ? pow(10, ceil(log10(r->abserr))) : 1e-12;
	printf("                    JCGM 106:2012 9.5; quadrature error below %.0e\n", e);
}

typedef struct {
	gi_risk_options o;
	int json, has_mean, has_sd, has_u, has_guard, has_target;
	double target;
	const char *history, *column;
} risk_args;

/* A numeric option: its name, where its value goes, the flag it sets. */
static int risk_number(risk_args *a, int c, const char *arg)
{
	const struct { int c; const char *name; double *v; int *flag; } t[] = {
		{ 'l', "--lower", &a->o.lower, &a->o.has_lower }, { 'U', "--upper", &a->o.upper, &a->o.has_upper },
		{ 'm', "--mean", &a->o.mean, &a->has_mean }, { 's', "--sd", &a->o.sd, &a->has_sd },
		{ 'u', "--u", &a->o.u, &a->has_u }, { 'g', "--guard", &a->o.guard, &a->has_guard },
		{ 't', "--target-pfa", &a->target, &a->has_target },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].c == c) {
			if (number_opt(t[i].name, arg, t[i].v))
				return EXIT_BAD_INPUT;
			*t[i].flag = 1;
			return 0;
		}
	return -1;
}

/* Reads the options; -1 to go on, else the exit status. */
static int risk_parse(risk_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "lower", required_argument, NULL, 'l' },
		{ "upper", required_argument, NULL, 'U' },
		{ "mean", required_argument, NULL, 'm' },
		{ "sd", required_argument, NULL, 's' },
		{ "u", required_argument, NULL, 'u' },
		{ "guard", required_argument, NULL, 'g' },
		{ "target-pfa", required_argument, NULL, 't' },
		{ "history", required_argument, NULL, 'H' },
		{ "column", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if ((rc = risk_number(a, c, optarg)) >= 0) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'H': a->history = optarg; break;
		case 'c': a->column = optarg; break;
		case 'j': a->json = 1; break;
		case 'h': fputs(risk_usage, stdout); return EXIT_PASS;
		default: return option_error("risk", c, argv);
		}
	}
	if (optind < argc)
		return usage_error("risk", "unexpected argument '%s'", argv[optind]);
	return -1;
}

/* The combinations of options that make one question; -1 when they do. */
static int risk_check(const risk_args *a)
{
	if (!a->o.has_lower && !a->o.has_upper)
		return usage_error("risk", "give a tolerance limit: --lower, --upper or both");
	if (!a->has_u)
		return usage_error("risk", "give the standard measurement uncertainty --u");
	if (a->history && (a->has_mean || a->has_sd))
		return usage_error("risk", "give the process either by --mean and --sd or by --history, not both");
	if (!a->history && !(a->has_mean && a->has_sd))
		return usage_error("risk", "give the process: --mean and --sd, or --history FILE");
	if (a->column && !a->history)
		return usage_error("risk", "--column needs --history");
	if (a->has_guard && a->has_target)
		return usage_error("risk", "give --guard or --target-pfa, not both");
	return -1;
}

int cmd_risk(int argc, char **argv)
{
	risk_args a = { .o = GI_RISK_OPTIONS_INIT };
	int rc = risk_parse(&a, argc, argv);
	if (rc >= 0 || (rc = risk_check(&a)) >= 0)
		return rc;
	gi_stats h = { 0 };
	if (a.history) {
		if (gi_risk_history_file(&h, a.history, a.column) < 0)
			return report_error(a.history);
		a.o.mean = h.mean;
		a.o.sd = h.sd;
		a.o.sd_includes_u = 1;
	}
	gi_risk r;
	rc = a.has_target ? gi_risk_guard_band(&r, a.target, &a.o) : gi_risk_global(&r, &a.o);
	if (rc < 0) {
		fprintf(stderr, "gi risk: %s\n", gi_error_last()->message);
		return EXIT_BAD_INPUT;
	}
	if (a.json)
		print_json(&r, &a.o, &h, a.history, a.has_target ? a.target : 0);
	else
		print_text(&r, &a.o, &h, a.history, a.has_target ? a.target : 0);
	return EXIT_PASS;
}
