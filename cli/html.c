/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * html.c - the self-contained HTML report of `gi verify --html OUT`.
 *
 * The page opens with what a reader files it by: a title naming the
 * laboratory and its report, the report's number and dates, the
 * specification and its version, the decision rule, the time of the
 * verification, then the summary (the report's verdict and one row per
 * sample with its verdict and signed record's id). One table per sample
 * follows with every criterion's value, limit, rule, acceptance limit,
 * conformance probability, verdict and explanation, the picture of each
 * decision (gi_criterion_result_svg) and the origin as a row of its own.
 *
 * Samples arrive one by one and the summary is known only at the end, so
 * the summary rows and the sample sections are kept in temporary files
 * and the page is put together by html_end. Words are in the language of
 * LC_MESSAGES. No scripts, no external files: the page can be archived
 * and opened anywhere. It is also well-formed XML (polyglot HTML5), so it
 * can be checked by any XML parser and the pictures extracted from it.
 */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "i18n.h"

struct html_doc {
	FILE *out;     /* the page (the caller's) */
	FILE *rows;    /* the summary's rows, one per sample */
	FILE *body;    /* the samples' sections */
};

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

/* A verdict badge: the word, and a fill that reads in grey-scale print
 * (pass outlined in white, fail black, the rest grey; see the style). */
static void badge(FILE *f, gi_verdict v)
{
	fprintf(f, "<span class=\"badge v-%s\">", gi_verdict_name(v));
	html_text(f, verdict_word(v));
	fputs("</span>", f);
}

html_doc *html_begin(FILE *f)
{
	html_doc *h = calloc(1, sizeof *h);
	if (!h || !(h->rows = tmpfile()) || !(h->body = tmpfile())) {
		cli_error("verify", _("cannot make a temporary file: %s"), strerror(errno));
		html_free(h);
		return NULL;
	}
	h->out = f;
	return h;
}

/* A row of the head's table, when value is given. */
static void meta(FILE *f, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	fputs("<tr><th>", f);
	html_text(f, label);
	fputs("</th><td>", f);
	html_text(f, value);
	fputs("</td></tr>\n", f);
}

static const char style[] =
	"body{font-family:'DejaVu Sans',sans-serif;margin:2em;color:#000}\n"
	"table{border-collapse:collapse;margin:0.5em 0 1.5em}\n"
	"th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:middle}\n"
	"th{background:#eee}\n"
	"table.meta th,table.meta td{border:none;padding:1px 10px 1px 0;background:none}\n"
	"table.meta th{font-weight:bold;white-space:nowrap}\n"
	/* the verdict badges differ by fill and border, not by hue alone,
	 * so they read in grey-scale print */
	".badge{display:inline-block;padding:1px 6px;border:1px solid #000;font-weight:bold;white-space:nowrap}\n"
	".badge.v-pass{background:#fff;border-width:2px}\n"
	".badge.v-conditional-pass{background:#fff;border-style:dashed;border-width:2px}\n"
	".badge.v-conditional-fail{background:#666;color:#fff}\n"
	".badge.v-fail{background:#000;color:#fff}\n"
	".badge.v-not-tested,.badge.v-inconclusive,.badge.v-incomplete,.badge.v-not-applicable{background:#ccc}\n"
	".verdict .badge{font-size:1.4em;padding:2px 10px}\n"
	"h2{margin-bottom:0.2em}\n"
	".legend span{display:inline-block;padding:2px 8px;margin-right:6px;border:1px solid #000}\n"
	"table.sample,section.summary table{width:100%}code{overflow-wrap:anywhere;word-break:break-all}\n"
	"td.figure svg{max-width:100%;height:auto}\n"
	"@page{size:A4;margin:14mm}\n"
	/* printed on A4: a sample's heading stays with its table, a row and
	 * its picture are never cut, pictures shrink to the column */
	"@media print{body{margin:0;font-size:9pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"h1,h2{break-after:avoid-page}h2+p{break-after:avoid-page}table{break-before:avoid-page}"
	"section.sample{break-inside:avoid-page}"
	"tr,td.figure,svg{break-inside:avoid}tr.criterion{break-after:avoid-page}"
	"td.figure svg{width:120mm;max-width:100%;height:auto}"
	"th,td{padding:2px 4px}}\n";

/* Writes the sample's row of the summary table, linking to its section. */
static void html_summary_row(FILE *f, const gi_sample_result *r, const char *record_id)
{
	const gi_sample *s = r->sample;
	fputs("<tr class=\"sample\"><td><a href=\"#s-", f);
	html_text(f, s->id);
	fputs("\">", f);
	html_text(f, s->id);
	fputs("</a></td><td>", f);
	html_text(f, s->lot ? s->lot : "—");
	fputs("</td><td>", f);
	html_text(f, s->product);
	fputs("</td><td>", f);
	badge(f, r->verdict);
	fputs("</td><td>", f);
	html_text(f, r->reason_text ? r->reason_text : r->reason);
	fputs("</td><td><code>", f);
	html_text(f, record_id ? record_id : "—");
	fputs("</code></td></tr>\n", f);
}

/* Opens the sample's section: its heading, the paragraph saying what was
 * judged and by what, and the criteria table's header. */
static void html_sample_head(FILE *f, const gi_sample_result *r, const char *record_id)
{
	const gi_sample *s = r->sample;
	fprintf(f, "<section class=\"sample\" id=\"s-");
	html_text(f, s->id);
	fputs("\"><h2>", f);
	html_text(f, s->id);
	fputc(' ', f);
	badge(f, r->verdict);
	fputs("</h2>\n<p>", f);
	if (s->lot) {
		fprintf(f, "%s ", _("Lot"));
		html_text(f, s->lot);
		fputs(", ", f);
	}
	fprintf(f, "%s ", _("product"));
	html_text(f, s->product);
	if (s->sampled) {
		fprintf(f, "; %s ", _("sampled"));
		html_text(f, s->sampled);
	}
	if (s->analysed) {
		fprintf(f, "; %s ", _("analysed"));
		html_text(f, s->analysed);
	}
	if (r->spec) {
		const gi_spec_info *in = gi_spec_get_info(r->spec);
		char judged[512];
		snprintf(judged, sizeof judged, _("judged by %s version %s"), in->id, in->version);
		fputs("; ", f);
		html_text(f, judged);
	}
	fprintf(f, ". %s: ", _("Verdict"));
	html_text(f, r->reason_text ? r->reason_text : r->reason);
	fputs(".", f);
	if (record_id) {
		fprintf(f, " %s: <code>", _("Signed verification record"));
		html_text(f, record_id);
		fputs("</code>.", f);
	}
	fprintf(f, "</p>\n<table class=\"sample\">\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	        "<th>p<sub>c</sub></th><th>%s</th><th>%s</th></tr>\n",
	        _("Criterion"), _("Result ± U"), _("Limit"), _("Decision rule"), _("Acceptance limit"),
	        _("Verdict"), _("Explanation"));
}

/* Writes one criterion's row, then its picture in a row of its own. */
static void html_criterion_row(FILE *f, const gi_criterion_result *c)
{
	char b1[32];
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
	fputs("</td><td title=\"", f);
	html_text(f, gi_rule_text(c->rule.kind));
	fputs("\">", f);
	html_text(f, rule_word(c->rule.kind));
	fputs("</td><td>", f);
	if (c->has_acceptance_lower)
		fprintf(f, "≥ %s ", num(b1, sizeof b1, c->acceptance_lower));
	if (c->has_acceptance_upper)
		fprintf(f, "≤ %s", num(b1, sizeof b1, c->acceptance_upper));
	fputs("</td><td>", f);
	if (c->has_probability)
		fprintf(f, "%.4f", c->probability);
	else if (c->rule.kind == GI_RULE_RESIDUE && c->has_value)
		fprintf(f, "— (%s)", _("not used by the residue rule"));
	fputs("</td><td>", f);
	badge(f, c->verdict);
	fputs("</td><td>", f);
	html_text(f, c->reason_text ? c->reason_text : c->reason);
	fputs("</td></tr>\n", f);
	/* the picture under its row, as wide as the table allows */
	char *svg;
	if (gi_criterion_result_svg(&svg, c) == 0) {
		fprintf(f, "<tr class=\"picture\"><td></td><td colspan=\"7\" class=\"figure\">%s</td></tr>\n", svg);
		gi_free(svg);
	} else {
		gi_error_clear();
	}
}

/* Writes the origin's row: where the sample comes from against the product's area. */
static void html_origin_row(FILE *f, const gi_sample_result *r)
{
	const gi_sample *s = r->sample;
	char b1[32];
	fprintf(f, "<tr class=\"origin v-%s\"><td>%s</td><td>", gi_verdict_name(r->origin_verdict), _("origin"));
	html_text(f, s->origin ? s->origin : (s->has_altitude ? "" : "—"));
	if (s->has_altitude)
		fprintf(f, "%s%s m", s->origin ? ", " : "", num(b1, sizeof b1, s->altitude));
	fputs("</td><td>", f);
	if (r->product->area)
		html_text(f, r->product->area->name ? r->product->area->name : r->product->area->id);
	fputs("</td><td></td><td></td><td></td><td>", f);
	badge(f, r->origin_verdict);
	fputs("</td><td>", f);
	html_text(f, r->origin_reason_text ? r->origin_reason_text : r->origin_reason);
	fputs("</td></tr>\n", f);
}

int html_sample(html_doc *h, const gi_sample_result *r, const char *record_id)
{
	FILE *f = h->body;
	html_summary_row(h->rows, r, record_id);
	html_sample_head(f, r, record_id);
	for (size_t i = 0; i < r->n_criteria; i++)
		html_criterion_row(f, &r->criteria[i]);
	if (r->origin_verdict != GI_VERDICT_NOT_APPLICABLE)
		html_origin_row(f, r);
	fputs("</table></section>\n", f);
	return ferror(f) || ferror(h->rows) ? -1 : 0;
}

/* Appends what was kept in tmp to f; 0 or -1. */
static int append(FILE *f, FILE *tmp)
{
	char buf[65536];
	size_t n;
	if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, tmp)) > 0)
		if (fwrite(buf, 1, n, f) != n)
			return -1;
	return ferror(tmp) ? -1 : 0;
}

int html_end(html_doc *h, const gi_spec *spec, gi_report *report, gi_rule_kind rule, int override,
             const gi_summary *sum, const char *signer)
{
	FILE *f = h->out;
	const gi_spec_info *in = gi_spec_get_info(spec);
	const gi_lab *lab = gi_report_lab(report);
	const char *lab_name = lab->name ? lab->name : lab->id ? lab->id : "";
	char title[1024], line[1024];
	/* the title names the laboratory and its report, not the file */
	if (lab->report_id)
		snprintf(title, sizeof title, _("%s — report %s: verification"), lab_name, lab->report_id);
	else
		snprintf(title, sizeof title, _("%s — %s: verification"), lab_name, report_title(gi_report_name(report)));
	/* TRANSLATORS: the language tag of the HTML report (BCP 47): your language's */
	fprintf(f, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"%s\"><head><meta charset=\"utf-8\"/>\n<title>",
	        _("en"));
	html_text(f, title);
	fprintf(f, "</title>\n<style>\n%s</style></head><body>\n<h1>", style);
	html_text(f, title);
	fputs("</h1>\n<table class=\"meta\">\n", f);
	if (lab->name && lab->id)
		snprintf(line, sizeof line, "%s (%s)", lab->name, lab->id);
	else
		snprintf(line, sizeof line, "%s", lab_name);
	meta(f, _("Laboratory"), line);
	meta(f, _("Accreditation"), lab->accreditation);
	meta(f, _("Report no."), lab->report_id);
	meta(f, _("Issued"), lab->issued);
	meta(f, _("Report file"), report_title(gi_report_name(report)));
	snprintf(line, sizeof line, _("%s, version %s (in force from %s)"), in->id, in->version, in->effective);
	meta(f, _("Specification"), line);
	snprintf(line, sizeof line, "%s%s%s%s%s", in->name ? in->name : "", in->name_en ? " / " : "",
	         in->name_en ? in->name_en : "", in->registration ? _(", registration ") : "",
	         in->registration ? in->registration : "");
	meta(f, _("Geographical indication"), line);
	snprintf(line, sizeof line,
	         override ? _("The decision rule applied was %s, for every criterion.")
	                  : _("The decision rule applied was %s, unless a criterion of the specification names its own."),
	         gi_rule_text(rule));
	meta(f, _("Decision rule"), line);
	char now[64];
	time_t t = time(NULL);
	struct tm tm;
	strftime(now, sizeof now, "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&t, &tm));
	meta(f, _("Verified at"), now);
	meta(f, _("Signed by"), signer);
	meta(f, _("Report SHA-256"), gi_report_sha256(report) ? gi_report_sha256(report) : "-");
	snprintf(line, sizeof line, "libgi %s", gi_version());
	meta(f, _("Made by"), line);
	/* the summary first */
	fprintf(f, "</table>\n<section class=\"summary\"><h2>%s</h2>\n<p class=\"verdict\">%s: ", _("Summary"),
	        _("Report verdict"));
	badge(f, sum->verdict);
	fputs("</p>\n<p>", f);
	snprintf(line, sizeof line, sum->samples == 1 ? _("%zu sample: %zu pass, %zu fail, %zu incomplete, %zu inconclusive")
	         : _("%zu samples: %zu pass, %zu fail, %zu incomplete, %zu inconclusive"), sum->samples,
	         sum->pass, sum->fail, sum->incomplete, sum->inconclusive);
	html_text(f, line);
	if (sum->conditional_pass || sum->conditional_fail) {
		snprintf(line, sizeof line, _(", %zu conditional pass, %zu conditional fail"), sum->conditional_pass,
		         sum->conditional_fail);
		html_text(f, line);
	}
	fprintf(f, ".</p>\n<table>\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
	        _("Sample"), _("Lot"), _("Product"), _("Verdict"), _("Explanation"), _("Signed verification record"));
	if (append(f, h->rows) < 0)
		return -1;
	fprintf(f, "</table>\n<p class=\"legend\">%s: <span style=\"background:#4caf50\">%s</span>"
	        "<span style=\"background:#c5e1a5\">%s</span><span style=\"background:#ffcc80\">%s</span>"
	        "<span style=\"background:#e57373\">%s</span>; %s</p></section>\n",
	        _("Zones of the pictures"), verdict_word(GI_VERDICT_PASS), verdict_word(GI_VERDICT_CONDITIONAL_PASS),
	        verdict_word(GI_VERDICT_CONDITIONAL_FAIL), verdict_word(GI_VERDICT_FAIL),
	        _("solid line: the limit; dashed: the acceptance limit; dot and bar: the value and its expanded uncertainty U."));
	if (append(f, h->body) < 0)
		return -1;
	fputs("</body></html>\n", f);
	return ferror(f) ? -1 : 0;
}

void html_free(html_doc *h)
{
	if (!h)
		return;
	if (h->rows)
		fclose(h->rows);
	if (h->body)
		fclose(h->body);
	free(h);
}
