/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html.c - the self-contained HTML report of `gi verify --html OUT`: one
 * table per sample with every criterion's value, limit, rule, acceptance
 * limit, conformance probability, verdict and explanation, and the
 * picture of each decision (gi_criterion_result_svg). No scripts, no
 * external files: the page can be archived and opened anywhere. It is
 * also well-formed XML (polyglot HTML5), so it can be checked by any XML
 * parser and the pictures extracted from it.
 */
#include "config.h"
#include <string.h>
#include "cli.h"

/* Text as gi shows it on a terminal (control characters escaped: they
 * are not allowed in XML, and bidirectional overrides would reorder the
 * page as they reorder a terminal line), then HTML-escaped. */
void html_text(FILE *f, const char *s)
{
	for (s = shown(s); *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

void html_head(FILE *f, const gi_spec *spec, gi_report *report, const char *rule)
{
	const gi_spec_info *in = gi_spec_get_info(spec);
	const gi_lab *lab = gi_report_lab(report);
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>\n<title>Verification: ", f);
	html_text(f, report_title(gi_report_name(report)));
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:2em;color:#222}\n"
	      "table{border-collapse:collapse;margin:0.5em 0 2em}\n"
	      "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:middle}\n"
	      "th{background:#f3f3f3}\n"
	      ".v-pass{background:#e8f5e9}.v-conditional-pass{background:#f1f8e9}\n"
	      ".v-conditional-fail{background:#fff3e0}.v-fail{background:#ffebee}\n"
	      ".v-not-tested,.v-inconclusive,.v-incomplete{background:#eceff1}\n"
	      "h2{margin-bottom:0.2em}.meta td{border:none;padding:1px 8px 1px 0}\n"
	      ".legend span{display:inline-block;padding:2px 8px;margin-right:6px}\n"
	      /* printed on A4: a sample's heading stays with its table, a row
	       * and its picture are never cut, pictures shrink to the column;
	       * the verdict badges differ by fill, not hue, so they read in grey */
	      "h2 small{padding:1px 6px;border:1px solid #000;font-size:0.7em}\n"
	      "h2 small.v-fail,h2 small.v-conditional-fail{background:#000;color:#fff}\n"
	      "h2 small.v-pass{background:#fff;border-width:2px}\n"
	      "@page{size:A4;margin:14mm}\n"
	      "@media print{body{margin:0;font-size:9pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	      "h1,h2{break-after:avoid-page}h2+p{break-after:avoid-page}table{break-before:avoid-page}"
	      "tr,td.figure,svg{break-inside:avoid}td.figure svg{max-width:60mm;height:auto}"
	      "th,td{padding:2px 4px}}\n"
	      "</style></head><body>\n<h1>Verification of ", f);
	html_text(f, report_title(gi_report_name(report)));
	fputs("</h1>\n<table class=\"meta\">\n<tr><td>Specification</td><td>", f);
	html_text(f, in->id);
	fprintf(f, " version ");
	html_text(f, in->version);
	fputs(" — ", f);
	html_text(f, in->name);
	if (in->registration) {
		fputs(", registration ", f);
		html_text(f, in->registration);
	}
	fputs("</td></tr>\n<tr><td>Laboratory</td><td>", f);
	html_text(f, lab->name ? lab->name : lab->id);
	if (lab->accreditation) {
		fputs(" (", f);
		html_text(f, lab->accreditation);
		fputs(")", f);
	}
	fputs("</td></tr>\n<tr><td>Decision rule</td><td>", f);
	html_text(f, rule);
	fputs("</td></tr>\n</table>\n<p class=\"legend\">Zones: <span style=\"background:#4caf50\">pass</span>"
	      "<span style=\"background:#c5e1a5\">conditional pass</span><span style=\"background:#ffcc80\">"
	      "conditional fail</span><span style=\"background:#e57373\">fail</span>; solid line: the limit; "
	      "dashed: the acceptance limit; dot and bar: the value and its expanded uncertainty.</p>\n", f);
}

void html_sample(FILE *f, const gi_sample_result *r)
{
	const gi_sample *s = r->sample;
	char b1[32];
	fprintf(f, "<section class=\"sample\" id=\"s-");
	html_text(f, s->id);
	fputs("\"><h2>", f);
	html_text(f, s->id);
	fprintf(f, " <small class=\"v-%s\">%s</small></h2>\n<p>", gi_verdict_name(r->verdict), gi_verdict_name(r->verdict));
	if (s->lot) {
		fputs("Lot ", f);
		html_text(f, s->lot);
		fputs(", ", f);
	}
	fputs("product ", f);
	html_text(f, s->product);
	fputs(". ", f);
	html_text(f, r->reason);
	fputs(". Origin: ", f);
	html_text(f, r->origin_reason);
	fputs(".</p>\n<table>\n<tr><th>Criterion</th><th>Value</th><th>Limit</th><th>Rule</th>"
	      "<th>Acceptance</th><th>p<sub>c</sub></th><th>Verdict</th><th>Explanation</th><th>Picture</th></tr>\n", f);
	for (size_t i = 0; i < r->n_criteria; i++) {
		const gi_criterion_result *c = &r->criteria[i];
		const char *unit = c->criterion->unit ? c->criterion->unit : "";
		fprintf(f, "<tr class=\"criterion v-%s\"><td>", gi_verdict_name(c->verdict));
		html_text(f, c->criterion->id);
		fputs("</td><td>", f);
		if (c->has_value) {
			/* U to two significant digits, the value to its place (GUM 7.2.6) */
			char pm[80];
			if (c->has_uncertainty && !c->censored &&
			    gi_format_measurement(pm, sizeof pm, c->value, c->uncertainty, &c->criterion->limit) == GI_OK)
				fputs(pm, f);
			else
				fprintf(f, "%s%s", c->censored ? "&lt; " : "", num(b1, sizeof b1, c->value));
			fputc(' ', f);
			html_text(f, unit);
		} else {
			fputs("—", f);
		}
		fputs("</td><td>", f);
		html_text(f, c->criterion->limit.text);
		fputc(' ', f);
		html_text(f, unit);
		fprintf(f, "</td><td>%s</td><td>", gi_rule_name(c->rule.kind));
		if (c->has_acceptance_lower)
			fprintf(f, "≥ %s ", num(b1, sizeof b1, c->acceptance_lower));
		if (c->has_acceptance_upper)
			fprintf(f, "≤ %s", num(b1, sizeof b1, c->acceptance_upper));
		fputs("</td><td>", f);
		if (c->has_probability)
			fprintf(f, "%.4f", c->probability);
		else if (c->rule.kind == GI_RULE_RESIDUE && c->has_value)
			fputs("— (not used by the residue rule)", f);
		fprintf(f, "</td><td>%s</td><td>", gi_verdict_name(c->verdict));
		html_text(f, c->reason);
		fputs("</td><td class=\"figure\">", f);
		char *svg;
		if (gi_criterion_result_svg(&svg, c) == 0) {
			fputs(svg, f);
			gi_free(svg);
		} else {
			gi_error_clear();
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table></section>\n", f);
}

void html_tail(FILE *f, gi_report *report, const gi_summary *sum)
{
	fprintf(f, "<h2>Summary</h2>\n<p>%zu samples: %zu pass, %zu conditional pass, %zu conditional fail, "
	        "%zu fail, %zu incomplete, %zu inconclusive. Report verdict: <strong>%s</strong>.</p>\n",
	        sum->samples, sum->pass, sum->conditional_pass, sum->conditional_fail, sum->fail, sum->incomplete,
	        sum->inconclusive, gi_verdict_name(sum->verdict));
	fputs("<p>Report SHA-256: <code>", f);
	html_text(f, gi_report_sha256(report) ? gi_report_sha256(report) : "-");
	fprintf(f, "</code>. Made by libgi %s.</p>\n</body></html>\n", gi_version());
}
