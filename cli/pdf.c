/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pdf.c - the certificate of analysis (gi verify --pdf).
 *
 * The document a laboratory hands to a GI council: the laboratory's
 * letterhead, the report and specification it concerns, the decision rule
 * stated as ILAC-G8:09/2019 4.2 asks, a table per sample of the results
 * with their expanded uncertainty U, the limits and the verdicts, the
 * signer's identity and, for each signed verification record, a QR code
 * carrying its id (or its address under --record-url) so a reader can open
 * and check it. cairo writes the PDF (embedding the font subset it uses);
 * pango lays out the text, so Vietnamese diacritics are shaped and placed
 * correctly; libqrencode makes the QR codes. Under each criterion's row
 * is the picture of its decision (gi_criterion_result_svg, the one the
 * HTML report shows, rendered by librsvg into the same PDF, its text as
 * text) beside the decision rule applied to that criterion, stated as
 * ILAC-G8:09/2019 4.2 asks. Pages are A4 and written as
 * the samples arrive, so memory stays flat for any number of samples.
 * Verdict badges differ in fill as well as in word (outline, grey, black),
 * so they stay readable when printed in grey.
 */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <librsvg/rsvg.h>
#include <qrencode.h>
#include "cli.h"
#include "i18n.h"
#include "pdf.h"

#define PAGE_W 595.276   /* A4 in points */
#define PAGE_H 841.890
#define MARGIN 42.0
#define BOTTOM (PAGE_H - MARGIN - 24.0)   /* the footer below */
#define FONT "DejaVu Sans"

/* the table's columns: criterion, result ± U, limit, verdict, reason */
static const double col_w[] = { 80, 118, 86, 82, 145.2 };
#define N_COLS 5

/* certificates being drawn (--pdf and --pdf-each at once share pango's
 * font map) */
static int live_docs;

struct pdf_doc {
	FILE *f;
	cairo_surface_t *surface;
	cairo_t *cr;
	double y;
	int page;
	const char *record_url;
	int failed;
};

static cairo_status_t write_to(void *closure, const unsigned char *data, unsigned int len)
{
	FILE *f = closure;
	return fwrite(data, 1, len, f) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Lays out s in width w (wrapped at words) at x, y when draw; its height. */
static double text(pdf_doc *d, double x, double y, double w, const char *s, double size, int bold, int draw)
{
	if (!s || !*s)
		return 0;
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, s, -1);
	int pw, ph;
	pango_layout_get_size(l, &pw, &ph);
	if (draw) {
		cairo_move_to(d->cr, x, y);
		pango_cairo_show_layout(d->cr, l);
	}
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)ph / PANGO_SCALE;
}

static void footer(pdf_doc *d)
{
	char buf[128];
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	snprintf(buf, sizeof buf, _("Page %d"), d->page);
	text(d, MARGIN, PAGE_H - MARGIN - 10, PAGE_W - 2 * MARGIN, buf, 7.5, 0, 1);
	text(d, MARGIN + 60, PAGE_H - MARGIN - 10, PAGE_W - 2 * MARGIN - 60,
	     _("The results relate only to the samples tested."), 7.5, 0, 1);
}

static void new_page(pdf_doc *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN;
}

static void ensure(pdf_doc *d, double h)
{
	if (d->y + h > BOTTOM && d->y > MARGIN)
		new_page(d);
}

static void rule_line(pdf_doc *d, double width)
{
	cairo_set_line_width(d->cr, width);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, PAGE_W - MARGIN, d->y);
	cairo_stroke(d->cr);
}

/* "Label: value" lines, the label in bold. */
static void field(pdf_doc *d, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	double w = PAGE_W - 2 * MARGIN;
	ensure(d, 14);
	double lh = text(d, MARGIN, d->y, 140, label, 9, 1, 1);
	d->y += fmax(fmax(text(d, MARGIN + 150, d->y, w - 150, value, 9, 0, 1), lh), 12) + 2;
}

pdf_doc *pdf_begin(FILE *f, const gi_spec *spec, gi_report *report, gi_rule_kind rule, int override,
                   const char *record_url)
{
	pdf_doc *d = calloc(1, sizeof *d);
	if (!d) {
		cli_error("verify", "out of memory");
		return NULL;
	}
	live_docs++;
	d->f = f;
	d->record_url = record_url;
	d->surface = cairo_pdf_surface_create_for_stream(write_to, f, PAGE_W, PAGE_H);
	d->cr = cairo_create(d->surface);
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS) {
		cli_error("verify", _("cannot make the PDF: %s"), cairo_status_to_string(cairo_status(d->cr)));
		pdf_free(d);
		return NULL;
	}
	const gi_lab *lab = gi_report_lab(report);
	const gi_spec_info *in = gi_spec_get_info(spec);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, _("Certificate of analysis"));
	if (lab->name || lab->id)
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, lab->name ? lab->name : lab->id);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "libgi " VERSION);
	d->page = 1;
	d->y = MARGIN;
	double w = PAGE_W - 2 * MARGIN;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	/* letterhead: the laboratory as the report names it */
	d->y += text(d, MARGIN, d->y, w, lab->name ? lab->name : lab->id, 15, 1, 1) + 2;
	char line[512];
	snprintf(line, sizeof line, "%s%s%s%s%s", lab->name && lab->id ? _("Laboratory code: ") : "",
	         lab->name && lab->id ? lab->id : "", lab->accreditation ? "    " : "",
	         lab->accreditation ? _("Accreditation: ") : "", lab->accreditation ? lab->accreditation : "");
	d->y += text(d, MARGIN, d->y, w, line, 9, 0, 1) + 6;
	rule_line(d, 1.5);
	d->y += 10;
	d->y += text(d, MARGIN, d->y, w, _("CERTIFICATE OF ANALYSIS AND STATEMENT OF CONFORMITY"), 13, 1, 1) + 8;
	field(d, _("Report no."), lab->report_id);
	field(d, _("Issued"), lab->issued);
	field(d, _("Report file"), report_title(gi_report_name(report)));
	char specline[1024];
	snprintf(specline, sizeof specline, _("%s, version %s (in force from %s)"), in->id, in->version, in->effective);
	field(d, _("Specification"), specline);
	snprintf(specline, sizeof specline, "%s%s%s%s%s", in->name ? in->name : "", in->registration ? " — " : "",
	         in->registration ? _("GI registration no. ") : "", in->registration ? in->registration : "",
	         in->decision ? "" : "");
	field(d, _("Geographical indication"), specline);
	char now[64];
	time_t t = time(NULL);
	struct tm tm;
	strftime(now, sizeof now, "%Y-%m-%d %H:%M UTC", gmtime_r(&t, &tm));
	field(d, _("Verified at"), now);
	d->y += 4;
	/* ILAC-G8:09/2019 4.2: the statement of conformity names the decision rule applied */
	char stated[1024];
	snprintf(stated, sizeof stated,
	         override ? _("The decision rule applied was %s, for every criterion.")
	                  : _("The decision rule applied was %s, unless a criterion of the specification names its own."),
	         gi_rule_text(rule));
	d->y += text(d, MARGIN, d->y, w, stated, 9, 0, 1) + 4;
	d->y += text(d, MARGIN, d->y, w,
	             _("Results are given as value ± U, the expanded measurement uncertainty, with its coverage factor k."),
	             8, 0, 1) + 10;
	return d;
}

/* A verdict as a badge that reads in grey: pass outlined, fail black,
 * anything else grey. */
static void badge(pdf_doc *d, double x, double y, double w, gi_verdict v, int strong)
{
	const char *word = gi_verdict_text(v);
	double h = text(d, 0, 0, w - 6, word, strong ? 8.5 : 8, 1, 0) + 3;
	int dark = v == GI_VERDICT_FAIL || v == GI_VERDICT_CONDITIONAL_FAIL;
	int grey = !dark && v != GI_VERDICT_PASS;
	cairo_rectangle(d->cr, x, y, w - 4, h);
	if (dark)
		cairo_set_source_rgb(d->cr, 0, 0, 0);
	else if (grey)
		cairo_set_source_rgb(d->cr, 0.78, 0.78, 0.78);
	else
		cairo_set_source_rgb(d->cr, 1, 1, 1);
	cairo_fill_preserve(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	cairo_set_line_width(d->cr, strong ? 1.5 : 0.8);
	cairo_stroke(d->cr);
	if (dark)
		cairo_set_source_rgb(d->cr, 1, 1, 1);
	text(d, x + 3, y + 1.5, w - 6, word, strong ? 8.5 : 8, 1, 1);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
}

typedef struct row {
	const char *cell[N_COLS];
	gi_verdict verdict;
	int strong;
	const char *svg;         /* the picture of the decision, or NULL */
	const char *rule;        /* the decision rule applied, or NULL */
} row;

/* the picture of a decision: gi_criterion_result_svg's 480 x 96 */
#define PIC_W 270.0
#define PIC_H (PIC_W * 96.0 / 480.0)
#define PIC_X (MARGIN + 80.0)
#define RULE_X (PIC_X + PIC_W + 8.0)
#define RULE_W (PAGE_W - MARGIN - RULE_X)

static double cells_height(pdf_doc *d, const row *r)
{
	double h = 0;
	for (int i = 0; i < N_COLS; i++)
		if (i != 3)
			h = fmax(h, text(d, 0, 0, col_w[i] - 6, r->cell[i], 8, r->strong, 0));
	return fmax(h, text(d, 0, 0, col_w[3] - 6, gi_verdict_text(r->verdict), 8.5, 1, 0) + 3) + 5;
}

/* The picture and the rule under the cells: their height, or 0. */
static double figure_height(pdf_doc *d, const row *r)
{
	if (!r->svg && !r->rule)
		return 0;
	return fmax(r->svg ? PIC_H : 0, text(d, 0, 0, RULE_W, r->rule, 7, 0, 0)) + 4;
}

static double row_height(pdf_doc *d, const row *r)
{
	return cells_height(d, r) + figure_height(d, r);
}

/* Draws an SVG document into the box x, y, w, h (librsvg keeps its
 * aspect ratio); 0 or -1. */
static int draw_svg(pdf_doc *d, const char *svg, double x, double y, double w, double h)
{
	GError *err = NULL;
	RsvgHandle *hd = rsvg_handle_new_from_data((const guint8 *)svg, strlen(svg), &err);
	if (!hd) {
		if (err)
			g_error_free(err);
		return -1;
	}
	RsvgRectangle box = { x, y, w, h };
	cairo_save(d->cr);
	gboolean ok = rsvg_handle_render_document(hd, d->cr, &box, &err);
	cairo_restore(d->cr);
	if (err)
		g_error_free(err);
	g_object_unref(hd);
	return ok ? 0 : -1;
}

static void draw_row(pdf_doc *d, const row *r)
{
	double x = MARGIN, h = cells_height(d, r);
	for (int i = 0; i < N_COLS; i++) {
		if (i == 3)
			badge(d, x, d->y + 2, col_w[i], r->verdict, r->strong);
		else
			text(d, x + 2, d->y + 2.5, col_w[i] - 6, r->cell[i], 8, r->strong, 1);
		x += col_w[i];
	}
	d->y += h;
	double fh = figure_height(d, r);
	if (fh > 0) {
		if (r->svg && draw_svg(d, r->svg, PIC_X, d->y, PIC_W, PIC_H) < 0)
			d->failed = 1;
		cairo_set_source_rgb(d->cr, 0, 0, 0);
		text(d, RULE_X, d->y + 2, RULE_W, r->rule, 7, 0, 1);
		d->y += fh;
	}
	cairo_set_line_width(d->cr, 0.3);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, PAGE_W - MARGIN, d->y);
	cairo_stroke(d->cr);
}

static void draw_qr(pdf_doc *d, const char *data, double x, double y, double size)
{
	QRcode *q = QRcode_encodeString(data, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q) {
		d->failed = 1;
		return;
	}
	int n = q->width, quiet = 4;
	double m = size / (n + 2 * quiet);
	cairo_set_source_rgb(d->cr, 1, 1, 1);
	cairo_rectangle(d->cr, x, y, size, size);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int r = 0; r < n; r++)
		for (int c = 0; c < n; c++)
			if (q->data[r * n + c] & 1)
				cairo_rectangle(d->cr, x + (c + quiet) * m, y + (r + quiet) * m, m, m);
	cairo_fill(d->cr);
	QRcode_free(q);
}

#define QR_SIZE 66.0

/* The column titles on a grey band. */
static void draw_titles(pdf_doc *d, const char *const *titles, double th)
{
	cairo_set_source_rgb(d->cr, 0.88, 0.88, 0.88);
	cairo_rectangle(d->cr, MARGIN, d->y, PAGE_W - 2 * MARGIN, th + 5);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	double x = MARGIN;
	for (int i = 0; i < N_COLS; i++) {
		text(d, x + 2, d->y + 2.5, col_w[i] - 6, titles[i], 8, 1, 1);
		x += col_w[i];
	}
	d->y += th + 5;
}

/* Fills one criterion's row: the result, the limit, the rule applied and
 * its picture, written into val (160 bytes), lim (160) and rl (768). */
static void pdf_criterion_row(row *out, const gi_criterion_result *c, char *val, char *lim, char *rl, char **svg)
{
	const char *unit = c->criterion->unit ? c->criterion->unit : "";
	char v[32], pm[96];
	if (!c->has_value)
		snprintf(val, 160, "—");
	else if (c->censored)
		snprintf(val, 160, "< %s %s", num(v, sizeof v, c->value), unit);
	else if (c->has_uncertainty &&
	         gi_format_measurement(pm, sizeof pm, c->value, c->uncertainty, &c->criterion->limit) == GI_OK)
		snprintf(val, 160, "%s %s (k = %s)", pm, unit, num(v, sizeof v, c->coverage));
	else
		snprintf(val, 160, "%s %s", num(v, sizeof v, c->value), unit);
	snprintf(lim, 160, "%s %s", c->criterion->limit.text, unit);
	/* ILAC-G8:09/2019 4.2: the rule applied to this criterion, with
	 * its guard band or required probability */
	char par[160] = "";
	if (c->rule.kind == GI_RULE_GUARDED || c->rule.kind == GI_RULE_NON_BINARY)
		snprintf(par, sizeof par, _("; guard band w = %s × U"), num(v, sizeof v, c->rule.guard));
	else if (c->rule.kind == GI_RULE_PROBABILITY)
		snprintf(par, sizeof par, _("; required conformance probability %s"), num(v, sizeof v, c->rule.p_min));
	snprintf(rl, 768, _("Decision rule applied: %s%s."), gi_rule_text(c->rule.kind), par);
	if (gi_criterion_result_svg(svg, c) < 0) {
		*svg = NULL;   /* no value, or a categorical limit: no picture */
		gi_error_clear();
	}
	*out = (row){ { c->criterion->id, val, lim, NULL, c->reason_text ? c->reason_text : c->reason },
	              c->verdict, 0, *svg, rl };
}

/* Fills the origin's row: where the sample comes from, written into val
 * (160 bytes), against the product's area, into lim (160). */
static void pdf_origin_row(row *out, const gi_sample_result *r, char *val, char *lim)
{
	const gi_sample *s = r->sample;
	char a[32];
	snprintf(val, 160, "%s%s%s%s", s->origin ? s->origin : "", s->origin && s->has_altitude ? ", " : "",
	         s->has_altitude ? num(a, sizeof a, s->altitude) : "", s->has_altitude ? " m" : "");
	if (r->product->area)
		snprintf(lim, 160, "%s", r->product->area->name ? r->product->area->name : r->product->area->id);
	*out = (row){ { _("origin"), val, lim, NULL, r->origin_reason_text ? r->origin_reason_text : r->origin_reason },
	              r->origin_verdict, 0, NULL, NULL };
}

/* A sample's heading lines, their width and the height they take. */
typedef struct {
	char head[512], dates[256], rec[256];
	double w, hh;
} sample_head;

/* Writes the heading lines of a sample and measures them (the QR code of
 * its record beside them, when signed). */
static void pdf_head_measure(pdf_doc *d, sample_head *sh, const gi_sample *s, const char *record_id)
{
	snprintf(sh->head, sizeof sh->head, _("Sample %s — lot %s — product %s"), s->id, s->lot ? s->lot : "—",
	         s->product);
	sh->w = PAGE_W - 2 * MARGIN - (record_id ? QR_SIZE + 8 : 0);
	sh->hh = text(d, 0, 0, sh->w, sh->head, 10, 1, 0) + 4;
	sh->dates[0] = '\0';
	if (s->sampled || s->analysed)
		snprintf(sh->dates, sizeof sh->dates, "%s%s%s%s", s->sampled ? _("sampled ") : "",
		         s->sampled ? s->sampled : "", s->analysed ? (s->sampled ? _(", analysed ") : _("analysed ")) : "",
		         s->analysed ? s->analysed : "");
	sh->hh += text(d, 0, 0, sh->w, sh->dates, 8, 0, 0) + 2;
	sh->rec[0] = '\0';
	if (record_id)
		snprintf(sh->rec, sizeof sh->rec, _("Signed verification record %s"), record_id);
	sh->hh += text(d, 0, 0, sh->w, sh->rec, 8, 0, 0);
	if (record_id)
		sh->hh = fmax(sh->hh, QR_SIZE + 2);
}

/* Draws the heading lines at the current position, and the record's QR
 * code at their right; leaves the position under them. */
static void pdf_head_draw(pdf_doc *d, const sample_head *sh, const char *record_id)
{
	double top = d->y;
	d->y += text(d, MARGIN, d->y, sh->w, sh->head, 10, 1, 1) + 4;
	d->y += text(d, MARGIN, d->y, sh->w, sh->dates, 8, 0, 1) + 2;
	d->y += text(d, MARGIN, d->y, sh->w, sh->rec, 8, 0, 1);
	if (record_id) {
		char *data = NULL;
		if (asprintf(&data, "%s%s", d->record_url ? d->record_url : "", record_id) < 0) {
			d->failed = 1;
		} else {
			draw_qr(d, data, PAGE_W - MARGIN - QR_SIZE, top, QR_SIZE);
			free(data);
		}
	}
	d->y = top + sh->hh + 2;
}

/* Lays out a sample: its heading, the column titles and the rows kept on
 * one page; a table longer than a page goes on with its column titles. */
static void pdf_sample_layout(pdf_doc *d, const gi_sample *s, const char *record_id, const row *rows, size_t k)
{
	sample_head sh;
	pdf_head_measure(d, &sh, s, record_id);
	static const char *titles[N_COLS];
	titles[0] = _("Criterion");
	titles[1] = _("Result ± U");
	titles[2] = _("Limit");
	titles[3] = _("Verdict");
	titles[4] = _("Reason");
	double th = 0;
	for (int i = 0; i < N_COLS; i++)
		th = fmax(th, text(d, 0, 0, col_w[i] - 6, titles[i], 8, 1, 0));
	double total = sh.hh + th + 8;
	for (size_t i = 0; i < k; i++)
		total += row_height(d, &rows[i]);
	ensure(d, total + 10);
	pdf_head_draw(d, &sh, record_id);
	draw_titles(d, titles, th);
	for (size_t i = 0; i < k; i++) {
		if (d->y + row_height(d, &rows[i]) > BOTTOM) {
			new_page(d);
			draw_titles(d, titles, th);
		}
		draw_row(d, &rows[i]);
	}
	d->y += 12;
}

int pdf_sample(pdf_doc *d, const gi_sample_result *r, const char *record_id)
{
	size_t n = r->n_criteria + 2;
	row *rows = calloc(n, sizeof *rows);
	char (*val)[160] = calloc(n, sizeof *val), (*lim)[160] = calloc(n, sizeof *lim), (*rl)[768] = calloc(n, sizeof *rl);
	char **svgs = calloc(n, sizeof *svgs);
	if (!rows || !val || !lim || !rl || !svgs) {
		free(rows);
		free(val);
		free(lim);
		free(rl);
		free(svgs);
		cli_error("verify", "out of memory");
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < r->n_criteria; i++, k++)
		pdf_criterion_row(&rows[k], &r->criteria[i], val[k], lim[k], rl[k], &svgs[k]);
	if (r->origin_verdict != GI_VERDICT_NOT_APPLICABLE) {
		pdf_origin_row(&rows[k], r, val[k], lim[k]);
		k++;
	}
	rows[k++] = (row){ { _("Sample verdict"), "", "", NULL, r->reason_text ? r->reason_text : r->reason },
	                   r->verdict, 1, NULL, NULL };
	pdf_sample_layout(d, r->sample, record_id, rows, k);
	for (size_t i = 0; i < n; i++)
		gi_free(svgs[i]);
	free(svgs);
	free(rows);
	free(val);
	free(lim);
	free(rl);
	return d->failed ? -1 : 0;
}

int pdf_end(pdf_doc *d, gi_report *report, const gi_summary *sum, const char *signer)
{
	double w = PAGE_W - 2 * MARGIN;
	char line[512];
	ensure(d, 120);
	rule_line(d, 1.0);
	d->y += 8;
	d->y += text(d, MARGIN, d->y, w, _("Conclusion"), 11, 1, 1) + 4;
	snprintf(line, sizeof line, _("%zu samples: %zu pass, %zu fail, %zu incomplete, %zu inconclusive"),
	         sum->samples, sum->pass, sum->fail, sum->incomplete, sum->inconclusive);
	if (sum->conditional_pass || sum->conditional_fail) {
		size_t len = strlen(line);
		snprintf(line + len, sizeof line - len, _(", %zu conditional pass, %zu conditional fail"),
		         sum->conditional_pass, sum->conditional_fail);
	}
	d->y += text(d, MARGIN, d->y, w, line, 9, 0, 1) + 4;
	text(d, MARGIN, d->y, 150, _("Report verdict"), 10, 1, 1);
	double bh = text(d, 0, 0, 140, gi_verdict_text(sum->verdict), 8.5, 1, 0) + 3;
	badge(d, MARGIN + 150, d->y, 140, sum->verdict, 1);
	d->y += bh + 8;
	field(d, _("Report SHA-256"), gi_report_sha256(report));
	if (signer) {
		field(d, _("Signed by"), signer);
		d->y += text(d, MARGIN, d->y, w,
		             _("Each sample's verdict is signed as an XML-DSig verification record; scan its QR code to open the record and check the signature."),
		             8, 0, 1) + 4;
	} else {
		d->y += text(d, MARGIN, d->y, w, _("The verdicts of this certificate are not signed."), 8, 0, 1) + 4;
	}
	footer(d);
	cairo_show_page(d->cr);
	cairo_destroy(d->cr);
	d->cr = NULL;
	cairo_surface_finish(d->surface);
	int bad = cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS || d->failed;
	if (bad)
		cli_error("verify", _("cannot make the PDF: %s"), cairo_status_to_string(cairo_surface_status(d->surface)));
	pdf_free(d);
	return bad ? -1 : 0;
}

/* pango's default font map lives until released: released with the
 * certificate. cairo's and fontconfig's caches are not (FcFini and
 * cairo_debug_reset_static_data abort while the other still holds them);
 * tests/pdf-valgrind.supp names them. */
static void release_fonts(void)
{
	if (--live_docs > 0)
		return;   /* another certificate is still being drawn */
	pango_cairo_font_map_set_default(NULL);
}

void pdf_free(pdf_doc *d)
{
	if (!d)
		return;
	if (d->cr)
		cairo_destroy(d->cr);
	if (d->surface) {
		cairo_surface_finish(d->surface);
		cairo_surface_destroy(d->surface);
	}
	free(d);
	release_fonts();
}
