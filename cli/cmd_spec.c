/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_spec.c - gi spec check, gi spec show. */
#include "config.h"
#include <getopt.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static const char spec_usage[] =
	"Usage: gi spec check [--json] FILE...\n"
	"       gi spec show [--json] FILE\n"
	"\n"
	"check  validates each specification against gi-spec.xsd, then against the\n"
	"       rules a schema cannot express (known units, lower limit below upper\n"
	"       limit, unique ids, criteria naming declared analytes), and prints\n"
	"       every problem as FILE:LINE: message. Exit 0 if all are valid, 2 if not.\n"
	"show   prints the GI's identity, areas, products and criteria.\n"
	"\n"
	"  --json   machine-readable output\n"
	"  -h, --help\n";

typedef struct {
	json_t *problems;   /* --json */
	size_t count;
} check_sink;

static void on_problem(const gi_error *p, void *payload)
{
	check_sink *s = payload;
	s->count++;
	if (s->problems) {
		json_t *o = json_object();
		json_object_set_new(o, "line", json_integer(p->line));
		json_object_set_new(o, "message", json_string(p->message));
		json_array_append_new(s->problems, o);
	} else {
		char line[4096];
		gi_error_format(line, sizeof line, p);
		printf("%s\n", shown_line(line));
	}
}

static int spec_check(int json, int n, char **files)
{
	int bad = 0;
	json_t *all = json ? json_array() : NULL;
	for (int i = 0; i < n; i++) {
		check_sink sink = { json ? json_array() : NULL, 0 };
		gi_load_options o = GI_LOAD_OPTIONS_INIT;
		o.on_problem = on_problem;
		o.payload = &sink;
		gi_spec *spec = NULL;
		char *path = NULL;
		int rc = gi_spec_find(&path, files[i]);
		if (rc == 0)
			rc = gi_spec_load_file(&spec, path, &o);
		gi_free(path);
		if (rc < 0 && sink.count == 0) {
			/* failures before any document problem: unreadable file */
			const gi_error *e = gi_error_last();
			gi_error copy = *e;
			on_problem(&copy, &sink);
		}
		if (rc < 0)
			bad = 1;
		if (json) {
			json_t *o2 = json_object();
			json_object_set_new(o2, "file", json_string(files[i]));
			json_object_set_new(o2, "valid", json_boolean(rc == 0));
			if (spec) {
				json_object_set_new(o2, "id", json_string(gi_spec_get_info(spec)->id));
				json_object_set_new(o2, "version", json_string(gi_spec_get_info(spec)->version));
			}
			json_object_set_new(o2, "problems", sink.problems);
			json_array_append_new(all, o2);
		} else if (rc == 0) {
			const gi_spec_info *in = gi_spec_get_info(spec);
			size_t nc = 0;
			for (size_t k = 0; k < gi_spec_product_count(spec); k++)
				nc += gi_spec_product(spec, k)->n_criteria;
			printf("%s: valid (%s version %s, %zu product%s, %zu criteri%s)\n", shown(files[i]), shown(in->id),
			       shown(in->version), gi_spec_product_count(spec), gi_spec_product_count(spec) == 1 ? "" : "s",
			       nc, nc == 1 ? "on" : "a");
		} else {
			printf("%s: invalid, %zu problem%s\n", shown(files[i]), sink.count, sink.count == 1 ? "" : "s");
		}
		gi_spec_free(spec);
	}
	if (json) {
		json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(all);
	}
	return bad ? EXIT_BAD_INPUT : EXIT_PASS;
}

static json_t *opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *spec_json(const gi_spec *spec)
{
	const gi_spec_info *in = gi_spec_get_info(spec);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(in->id));
	json_object_set_new(o, "version", json_string(in->version));
	json_object_set_new(o, "effective", json_string(in->effective));
	json_object_set_new(o, "name", json_string(in->name));
	json_object_set_new(o, "name_lang", json_string(in->name_lang));
	json_object_set_new(o, "name_en", opt_str(in->name_en));
	json_object_set_new(o, "registration", opt_str(in->registration));
	json_object_set_new(o, "decision", opt_str(in->decision));
	json_object_set_new(o, "decision_date", opt_str(in->decision_date));
	json_object_set_new(o, "authority", opt_str(in->authority));
	json_object_set_new(o, "manager", opt_str(in->manager));
	json_object_set_new(o, "source", json_string(in->source));
	json_object_set_new(o, "sha256", json_string(in->sha256));
	json_t *areas = json_array();
	for (size_t i = 0; i < gi_spec_area_count(spec); i++) {
		const gi_area *a = gi_spec_area(spec, i);
		json_t *ao = json_object(), *units = json_array();
		json_object_set_new(ao, "id", json_string(a->id));
		json_object_set_new(ao, "name", opt_str(a->name));
		for (size_t k = 0; k < a->n_units; k++)
			json_array_append_new(units, json_string(a->units[k]));
		json_object_set_new(ao, "units", units);
		if (a->has_altitude) {
			json_object_set_new(ao, "altitude_min", json_real(a->altitude_min));
			json_object_set_new(ao, "altitude_max", json_real(a->altitude_max));
		}
		json_array_append_new(areas, ao);
	}
	json_object_set_new(o, "areas", areas);
	json_t *products = json_array();
	for (size_t i = 0; i < gi_spec_product_count(spec); i++) {
		const gi_product *p = gi_spec_product(spec, i);
		json_t *po = json_object(), *crit = json_array();
		json_object_set_new(po, "id", json_string(p->id));
		json_object_set_new(po, "name", json_string(p->name));
		json_object_set_new(po, "name_en", opt_str(p->name_en));
		json_object_set_new(po, "raw_material", opt_str(p->raw_material));
		json_object_set_new(po, "cultivar", opt_str(p->cultivar));
		json_object_set_new(po, "area", p->area ? json_string(p->area->id) : json_null());
		for (size_t k = 0; k < p->n_criteria; k++) {
			const gi_criterion *c = &p->criteria[k];
			json_t *co = json_object();
			json_object_set_new(co, "id", json_string(c->id));
			json_object_set_new(co, "analyte", opt_str(c->analyte));
			if (!c->analyte) {
				json_object_set_new(co, "numerator", json_string(c->numerator));
				json_object_set_new(co, "denominator", json_string(c->denominator));
			}
			json_object_set_new(co, "unit", opt_str(c->unit));
			json_object_set_new(co, "basis", json_string(gi_basis_name(c->basis)));
			json_object_set_new(co, "limit", json_string(c->limit.text));
			json_object_set_new(co, "method", opt_str(c->method));
			json_object_set_new(co, "mandatory", json_boolean(c->mandatory));
			json_array_append_new(crit, co);
		}
		json_object_set_new(po, "criteria", crit);
		json_array_append_new(products, po);
	}
	json_object_set_new(o, "products", products);
	return o;
}

static void show_text(const gi_spec *spec)
{
	const gi_spec_info *in = gi_spec_get_info(spec);
	char b1[32], b2[32];
	printf("%s", shown(in->name));
	if (in->name_en && strcmp(in->name_en, in->name) != 0)
		printf(" (%s)", shown(in->name_en));
	printf("\n  spec          %s, version %s, effective %s\n", shown(in->id), shown(in->version),
	       shown(in->effective));
	if (in->registration)
		printf("  registration  %s\n", shown(in->registration));
	if (in->decision)
		printf("  decision      %s%s%s\n", shown(in->decision), in->decision_date ? " of " : "",
		       shown(in->decision_date));
	if (in->authority)
		printf("  granted by    %s\n", shown(in->authority));
	if (in->manager)
		printf("  managed by    %s\n", shown(in->manager));
	printf("  source        %s\n", shown(in->source));
	printf("  sha256        %s\n", shown(in->sha256));
	for (size_t i = 0; i < gi_spec_area_count(spec); i++) {
		const gi_area *a = gi_spec_area(spec, i);
		printf("\nArea %s%s%s%s\n", shown(a->id), a->name ? " (" : "", shown(a->name), a->name ? ")" : "");
		if (a->n_units) {
			printf("  units         ");
			for (size_t k = 0; k < a->n_units; k++)
				printf("%s%s", k ? ", " : "", shown(a->units[k]));
			putchar('\n');
		}
		if (a->has_altitude)
			printf("  altitude      %s–%s m\n", num(b1, sizeof b1, a->altitude_min),
			       num(b2, sizeof b2, a->altitude_max));
	}
	for (size_t i = 0; i < gi_spec_product_count(spec); i++) {
		const gi_product *p = gi_spec_product(spec, i);
		printf("\nProduct %s: %s", shown(p->id), shown(p->name));
		if (p->name_en)
			printf(" (%s)", shown(p->name_en));
		putchar('\n');
		if (p->raw_material)
			printf("  raw material  %s\n", shown(p->raw_material));
		if (p->cultivar)
			printf("  cultivar      %s\n", shown(p->cultivar));
		printf("  area          %s\n", p->area ? shown(p->area->id) : "(none registered)");
		for (size_t k = 0; k < p->n_criteria; k++) {
			const gi_criterion *c = &p->criteria[k];
			char what[160];
			if (c->analyte)
				snprintf(what, sizeof what, "%s", c->analyte);
			else
				snprintf(what, sizeof what, "%s / %s", c->numerator, c->denominator);
			printf("  criterion     %-22s %s %s%s%s%s\n", shown(what), shown(c->limit.text), shown(c->unit),
			       c->basis != GI_BASIS_AS_IS ? ", " : "",
			       c->basis != GI_BASIS_AS_IS ? gi_basis_name(c->basis) : "",
			       c->mandatory ? "" : " (optional)");
			if (c->method)
				printf("                %-22s method: %s\n", "", shown(c->method));
		}
	}
}

static int spec_show(int json, const char *file)
{
	gi_spec *spec;
	if (load_spec(&spec, file) != 0)
		return EXIT_BAD_INPUT;
	if (json) {
		json_t *o = spec_json(spec);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		putchar('\n');
		json_decref(o);
	} else {
		show_text(spec);
	}
	gi_spec_free(spec);
	return EXIT_PASS;
}

int cmd_spec(int argc, char **argv)
{
	if (argc < 2) {
		fputs(spec_usage, stderr);
		return EXIT_BAD_INPUT;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		fputs(spec_usage, stdout);
		return EXIT_PASS;
	}
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int json = 0, c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'h': fputs(spec_usage, stdout); return EXIT_PASS;
		default: return option_error("spec", c, argv + 1);
		}
	}
	int n = argc - 1 - optind;
	char **files = argv + 1 + optind;
	if (strcmp(sub, "check") == 0) {
		if (n < 1)
			return usage_error("spec", "check needs at least one FILE");
		return spec_check(json, n, files);
	}
	if (strcmp(sub, "show") == 0) {
		if (n != 1)
			return usage_error("spec", "show needs exactly one FILE");
		return spec_show(json, files[0]);
	}
	return usage_error("spec", "unknown subcommand '%s' (check or show)", sub);
}
