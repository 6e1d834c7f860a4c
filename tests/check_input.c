/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_input.c - reports shaped the way LIMS and spreadsheet exports shape
 * them: rows in any order, legacy encodings, decimal commas, Excel's
 * "sep=" line, impossible dates. Each reads to the right samples or is
 * refused with the file and line of the problem - never read as
 * something else. */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "suites.h"

/* 2026-05-01T00:00:00Z: the "now" of the date tests. */
#define NOW_2026_05_01 1777593600LL

/* Reads a report from memory to its end with the given options; returns
 * the first error code (0 if none) and the number of samples. */
static int read_opts(const char *text, size_t len, const gi_report_options *o, size_t *n)
{
	gi_report *r = NULL;
	int rc = gi_report_open_memory(&r, text, len, "in", o);
	const gi_sample *s = NULL;
	size_t k = 0;
	while (rc == 0 && (rc = gi_report_next(&s, r)) == 0 && s)
		k++;
	gi_report_free(r);
	if (n)
		*n = k;
	return rc;
}

static int read_text(const char *text)
{
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	o.now = NOW_2026_05_01;
	return read_opts(text, strlen(text), &o, NULL);
}

#define expect_error(text, code, line, says) expect_error_at(__LINE__, text, code, line, says)
static void expect_error_at(int at, const char *text, int code, long line, const char *says)
{
	int rc = read_text(text);
	const gi_error *e = gi_error_last();
	ck_assert_msg(rc == code, "line %d: rc %d, want %d (%s)", at, rc, code, e->message);
	ck_assert_msg(e->line == line, "line %d: error on line %ld, want %ld (%s)", at, e->line, line, e->message);
	ck_assert_msg(strstr(e->message, says) != NULL, "line %d: '%s' does not say '%s'", at, e->message, says);
	ck_assert_str_eq(e->file, "in");
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s", path);
	char *buf = malloc(1 << 16);
	size_t n = fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* The 11th ';' field of a line (its analyte), in a static buffer. */
static const char *analyte_of(const char *line)
{
	static char buf[2][64];
	static int k;
	char *b = buf[k++ % 2];
	for (int i = 0; i < 10; i++)
		line = strchr(line, ';') + 1;
	snprintf(b, 64, "%.*s", (int)strcspn(line, ";"), line);
	return b;
}

/* The shipped CSV example with its data rows sorted (stably) by analyte,
 * as a LIMS exports a run of one method: the rows of a sample are no
 * longer consecutive. */
static char *sorted_by_analyte(void)
{
	char *src = slurp(t_src("examples/lai-chau-2026.csv"));
	char *lines[64] = { 0 };
	size_t n = 0;
	for (char *save = NULL, *l = strtok_r(src, "\n", &save); l && n < 64; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	size_t first = 0;
	while (lines[first][0] == '#')
		first++;
	/* insertion sort on the analyte (11th field): stable */
	for (size_t i = first + 2; i < n; i++)
		for (size_t j = i; j > first + 1 && strcmp(analyte_of(lines[j - 1]), analyte_of(lines[j])) > 0; j--) {
			char *t = lines[j];
			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	char *out = malloc(1 << 16);
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, (1 << 16) - len, "%s\n", lines[i]);
	free(src);
	return out;
}

/* A report sorted by analyte gives the same samples and verdicts as the
 * same report sorted by sample: six samples, not eight incomplete ones,
 * read from memory and from a file alike. */
START_TEST(row_order_does_not_matter)
{
	gi_spec *spec = t_spec("specs/lai-chau-tea.xml");
	char *orig = slurp(t_src("examples/lai-chau-2026.csv"));
	char *sorted = sorted_by_analyte();
	ck_assert_str_ne(orig, sorted);
	static t_run a, b;
	t_verify(&a, spec, orig);
	t_verify(&b, spec, sorted);
	ck_assert_msg(a.rc == 0 && b.rc == 0, "%s / %s", a.error, b.error);
	ck_assert_uint_eq(a.n, 6);
	ck_assert_uint_eq(b.n, a.n);
	for (size_t i = 0; i < a.n; i++) {
		ck_assert_str_eq(b.s[i].id, a.s[i].id);
		ck_assert_int_eq(b.s[i].verdict, a.s[i].verdict);
		ck_assert_uint_eq(b.s[i].n, a.s[i].n);
		for (size_t k = 0; k < a.s[i].n; k++)
			ck_assert(b.s[i].value[k] == a.s[i].value[k]);
	}
	ck_assert_int_eq(b.sum.verdict, a.sum.verdict);
	ck_assert_uint_eq(b.sum.incomplete, 1);

	/* the same from a file */
	const char *path = t_tmpfile(sorted, ".csv");
	gi_report *r;
	ck_assert_int_eq(gi_report_open_file(&r, path, NULL), 0);
	const gi_sample *s;
	size_t n = 0;
	while (gi_report_next(&s, r) == 0 && s) {
		ck_assert_str_eq(s->id, a.s[n].id);
		n++;
	}
	ck_assert_uint_eq(n, 6);
	char hex[65];
	t_sha256_file(path, hex);
	ck_assert_str_eq(gi_report_sha256(r), hex);
	gi_report_free(r);
	unlink(path);
	free(orig);
	free(sorted);
	gi_spec_free(spec);
}
END_TEST

/* Many samples whose rows are spread over a file larger than the reader's
 * pages: all of one analyte first, then the other in reverse sample order.
 * Each sample is read once, in the order samples first appear, with both
 * its results. */
START_TEST(many_spread_samples)
{
	size_t n = 20000, cap = n * 2 * 48 + 64, len = 0;
	char *csv = malloc(cap);
	len += (size_t)snprintf(csv, cap, "lab,sample,product,spec,analyte,unit,value\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(csv + len, cap - len, "L,S%zu,p,t,glu,%%,%zu\n", i, i % 1000);
	for (size_t i = n; i-- > 0;)
		len += (size_t)snprintf(csv + len, cap - len, "L,S%zu,p,t,fat,%%,%zu\n", i, (i + 1) % 1000);
	const char *path = t_tmpfile(csv, ".csv");
	for (int from_file = 0; from_file < 2; from_file++) {
		gi_report *r;
		int rc = from_file ? gi_report_open_file(&r, path, NULL)
		                   : gi_report_open_memory(&r, csv, len, "spread.csv", NULL);
		ck_assert_msg(rc == 0, "%s", gi_error_last()->message);
		const gi_sample *s;
		size_t k = 0;
		char id[32];
		while ((rc = gi_report_next(&s, r)) == 0 && s) {
			snprintf(id, sizeof id, "S%zu", k);
			ck_assert_str_eq(s->id, id);
			ck_assert_uint_eq(s->n_measurements, 2);
			ck_assert(s->measurements[0].values[0] == (double)(k % 1000));
			ck_assert(s->measurements[1].values[0] == (double)((k + 1) % 1000));
			ck_assert_int_eq(s->measurements[1].line, (long)(2 * n + 1 - k));
			k++;
		}
		ck_assert_msg(rc == 0, "%s", gi_error_last()->message);
		ck_assert_uint_eq(k, n);
		gi_report_free(r);
	}
	unlink(path);
	free(csv);
}
END_TEST

#define H "lab,sample,lot,product,spec,analyte,unit,value\n"

/* Spread rows of one sample are one sample; what a sample says about
 * itself must agree on all its rows, and an analyte measured in two
 * separate groups of rows is measured twice, not replicated. */
START_TEST(spread_rows)
{
	const char *ok = H "L,S1,A,p,t,glu,%,5\nL,S2,B,p,t,glu,%,6\nL,S1,,p,t,fat,%,7\nL,S2,B,p,t,fat,%,8\n";
	gi_report *r;
	const gi_sample *s;
	ck_assert_int_eq(gi_report_open_memory(&r, ok, strlen(ok), "in", NULL), 0);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert_str_eq(s->id, "S1");
	ck_assert_str_eq(s->lot, "A");
	ck_assert_uint_eq(s->n_measurements, 2);
	ck_assert_str_eq(s->measurements[1].analyte, "fat");
	ck_assert(s->measurements[1].values[0] == 7);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert_str_eq(s->id, "S2");
	ck_assert_uint_eq(s->n_measurements, 2);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert_ptr_null(s);
	gi_report_free(r);

	expect_error(H "L,S1,A,p,t,glu,%,5\nL,S2,B,p,t,glu,%,6\nL,S1,C,p,t,fat,%,7\n", GI_EINVALID, 4,
	             "lot 'C' differs from 'A' on line 2");
	expect_error(H "L,S1,A,p,t,glu,%,5\nL,S2,B,p,t,glu,%,6\nL,S1,A,p,t,glu,%,7\n", GI_EINVALID, 4,
	             "reported twice (also at line 2)");
}
END_TEST

/* Two <sample> elements with one id are refused, naming both lines. */
START_TEST(duplicate_xml_ids)
{
	expect_error("<labReport xmlns=\"urn:libgi:lab-report:1\"><laboratory id=\"L\"><name>L</name></laboratory>\n"
	             "<sample id=\"S1\" product=\"p\" spec=\"t\"><measurement analyte=\"glu\" unit=\"%\"><value>5</value></measurement></sample>\n"
	             "<sample id=\"S2\" product=\"p\" spec=\"t\"><measurement analyte=\"glu\" unit=\"%\"><value>5</value></measurement></sample>\n"
	             "<sample id=\"S1\" product=\"p\" spec=\"t\"><measurement analyte=\"glu\" unit=\"%\"><value>9</value></measurement></sample>\n"
	             "</labReport>\n", GI_EINVALID, 4, "appears twice (also on line 2)");
}
END_TEST

/* A row as wide as the header, or an error that says so - and an
 * unquoted decimal comma in a comma-separated file is named as such
 * rather than shifting the columns. */
START_TEST(row_width)
{
	expect_error(H "L,S1,A,p,t,glu,%,5\nL,S1,A,p,t,fat,%\n", GI_EPARSE, 3, "expected 8 fields as in the header, got 7");
	expect_error(H "L,S1,A,p,t,glu,%,5,\n", GI_EPARSE, 2, "expected 8 fields as in the header, got 9");
	expect_error("lab,sample,product,spec,analyte,unit,value,U,k\nL,S1,p,t,glu,g/100g,5,34,0,2,2\n", GI_EPARSE, 2,
	             "unquoted decimal comma");
}
END_TEST

/* Text is UTF-8: a Windows-1258 export, control characters and UTF-16
 * are refused with a hint; a UTF-8 byte-order mark is fine. */
START_TEST(encodings)
{
	/* "Tam Đường" in Windows-1258: Đ = 0xD0, ư = 0xFD, ơ = 0xD5 */
	expect_error(H "L,S1,A,p,t,glu,%,5\nL,S2,A,p,t,glu,%,5\n" "L,S3,T\xD0\xFD\xD5ng,p,t,glu,%,5\n", GI_EPARSE, 4,
	             "save the file as UTF-8");
	expect_error(H "L,S1,A\x01,p,t,glu,%,5\n", GI_EPARSE, 2, "control character U+0001");
	expect_error(H "L,S1,A\x7F,p,t,glu,%,5\n", GI_EPARSE, 2, "control character U+007F");
	expect_error(H "L,S1,A\xC2\x85,p,t,glu,%,5\n", GI_EPARSE, 2, "control character U+0085");
	expect_error(H "L,S1,\"A\nB\",p,t,glu,%,5\n", GI_EPARSE, 2, "control character U+000A");
	expect_error("<labReport xmlns=\"urn:libgi:lab-report:1\"><laboratory id=\"L\"><name>L</name></laboratory>\n"
	             "<sample id=\"S1\" product=\"p\" spec=\"t\"><origin unit=\"Tam&#x85;\"/><measurement analyte=\"glu\" unit=\"%\"><value>5</value></measurement></sample>\n"
	             "</labReport>\n", GI_EPARSE, 2, "control character U+0085");
	expect_error("<labReport xmlns=\"urn:libgi:lab-report:1\"><laboratory id=\"L\"><name>L&#x7F;</name></laboratory>\n"
	             "<sample id=\"S1\" product=\"p\" spec=\"t\"><measurement analyte=\"glu\" unit=\"%\"><value>5</value></measurement></sample>\n"
	             "</labReport>\n", GI_EPARSE, 1, "control character U+007F");
	static const char le[] = "\xFF\xFEl\0a\0b\0";
	static const char no_bom[] = "l\0a\0b\0,\0";
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	o.format = GI_FORMAT_CSV;
	ck_assert_int_eq(read_opts(le, sizeof le - 1, &o, NULL), GI_EPARSE);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "UTF-16"));
	ck_assert_int_eq(read_opts(no_bom, sizeof no_bom - 1, &o, NULL), GI_EPARSE);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "UTF-16"));
	size_t n;
	const char *bom = "\xEF\xBB\xBF" H "L,S1,A,p,t,glu,%,5\n";
	ck_assert_int_eq(read_opts(bom, strlen(bom), NULL, &n), 0);
	ck_assert_uint_eq(n, 1);
}
END_TEST

/* Excel's "sep=;" first line declares the separator (and is line 1). */
START_TEST(excel_sep_line)
{
	const char *semi = "\xEF\xBB\xBFsep=;\r\nlab;sample;product;spec;analyte;unit;value\r\nL;S1;p;t;glu;g/100g;5,34\r\n";
	gi_report *r;
	const gi_sample *s;
	ck_assert_int_eq(gi_report_open_memory(&r, semi, strlen(semi), "in", NULL), 0);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert(s->measurements[0].values[0] == 5.34);
	ck_assert_int_eq(s->line, 3);
	gi_report_free(r);
	/* with sep=, a ';' in the header is part of a column name */
	const char *comma = "sep=,\nlab,sample,product,spec,analyte,unit,value\nL,S1,p,t,glu,g/100g,\"5,34\"\n";
	ck_assert_int_eq(gi_report_open_memory(&r, comma, strlen(comma), "in", NULL), 0);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert(s->measurements[0].values[0] == 5.34);
	gi_report_free(r);
	const char *tab = "sep=\t\nlab\tsample\tproduct\tspec\tanalyte\tunit\tvalue\nL\tS1\tp\tt\tglu\tg/100g\t5.5\n";
	ck_assert_int_eq(gi_report_open_memory(&r, tab, strlen(tab), "in", NULL), 0);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert(s->measurements[0].values[0] == 5.5);
	gi_report_free(r);
	expect_error("sep=|\nlab|sample\n", GI_EPARSE, 1, "separator");
}
END_TEST

#define HS "lab;sample;product;spec;analyte;unit;value;U\n"

/* One report, one decimal separator. In a decimal-comma report "1.500"
 * (Vietnamese for 1500) is not read as 1.5; a report that mixes both is
 * refused; the separator can be stated. */
START_TEST(decimal_separator)
{
	/* the Vietnamese export: decimal commas, and 1500 mg/kg written 1.500 */
	const char *vn = HS "L;S1;p;t;glu;g/100g;5,34;0,20\nL;S1;p;t;waxes;mg/kg;1.500;\n";
	expect_error(vn, GI_EINVALID, 3, "decimal comma (line 2: '5,34')");
	/* the same when a "1.500" comes first: the whole file decides */
	expect_error(HS "L;S1;p;t;waxes;mg/kg;1.500;\nL;S1;p;t;glu;g/100g;5,34;0,20\n", GI_EINVALID, 2,
	             "decimal comma (line 3: '5,34')");
	/* nothing settles it: ambiguous */
	expect_error(HS "L;S1;p;t;waxes;mg/kg;1.500;\n", GI_EINVALID, 2, "ambiguous");
	/* both used unambiguously */
	expect_error(HS "L;S1;p;t;glu;g/100g;5.34;\nL;S2;p;t;glu;g/100g;5,21;\n", GI_EINVALID, 3, "mixes");
	/* thousands grouping with both separators is not a number */
	expect_error(HS "L;S1;p;t;glu;mg/kg;1.234,5;\n", GI_EPARSE, 2, "thousands");

	/* stated: "1.500" is 1.5 under a decimal point, refused under a comma */
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	const char *dotted = HS "L;S1;p;t;waxes;mg/kg;1.500;\n";
	o.decimal = GI_DECIMAL_POINT;
	gi_report *r;
	const gi_sample *s;
	ck_assert_int_eq(gi_report_open_memory(&r, dotted, strlen(dotted), "in", &o), 0);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert(s->measurements[0].values[0] == 1.5);
	gi_report_free(r);
	o.decimal = GI_DECIMAL_COMMA;
	ck_assert_int_eq(read_opts(dotted, strlen(dotted), &o, NULL), GI_EINVALID);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "thousands separators are not accepted"));
	ck_assert_int_eq(read_opts(vn, strlen(vn), &o, NULL), GI_EINVALID);
	ck_assert_int_eq(gi_error_last()->line, 3);
	o.decimal = GI_DECIMAL_POINT;
	ck_assert_int_eq(read_opts(vn, strlen(vn), &o, NULL), GI_EINVALID);
	ck_assert_int_eq(gi_error_last()->line, 2);
	o.decimal = (gi_decimal)7;
	ck_assert_int_eq(read_opts(vn, strlen(vn), &o, NULL), GI_EUSAGE);
	/* an unambiguous value settles it for the rest: 1.500 is then 1.5 */
	const char *settled = HS "L;S1;p;t;glu;g/100g;5.34;0.25\nL;S2;p;t;waxes;mg/kg;1.500;\n";
	size_t n;
	ck_assert_int_eq(read_opts(settled, strlen(settled), NULL, &n), 0);
	ck_assert_uint_eq(n, 2);
	/* a version-1 options struct still works (and reads as before) */
	gi_report_options v1 = { 1, GI_FORMAT_CSV, (gi_decimal)99, -5 };
	ck_assert_int_eq(read_opts(settled, strlen(settled), &v1, &n), 0);
	/* XML writes decimal commas too: the same rule */
	expect_error("<labReport xmlns=\"urn:libgi:lab-report:1\"><laboratory id=\"L\"><name>L</name></laboratory>\n"
	             "<sample id=\"S1\" product=\"p\" spec=\"t\"><measurement analyte=\"glu\" unit=\"%\"><value>5,52</value></measurement>\n"
	             "<measurement analyte=\"waxes\" unit=\"mg/kg\"><value>1.500</value></measurement></sample>\n"
	             "</labReport>\n", GI_EINVALID, 3, "decimal comma (line 2: '5,52')");
}
END_TEST

/* Mass fractions cannot be negative (-200 mg/kg would pass any maximum);
 * dimensionless differences such as ΔK can. Values that overflow or
 * underflow a double are refused, not read as infinity or 0. */
START_TEST(negative_and_out_of_range)
{
	expect_error(H "L,S1,A,p,t,waxes,mg/kg,-200\n", GI_EINVALID, 2, "a mass fraction cannot be negative");
	expect_error(H "L,S1,A,p,t,peroxide,meq O2/kg,-1\n", GI_EINVALID, 2, "cannot be negative");
	expect_error(H "L,S1,A,p,t,waxes,mg/kg,1e-999\n", GI_EINVALID, 2, "out of range");
	expect_error(H "L,S1,A,p,t,waxes,mg/kg,1e999\n", GI_EINVALID, 2, "out of range");
	expect_error("lab,sample,product,spec,analyte,unit,value,lod\nL,S1,p,t,waxes,mg/kg,5,-1\n", GI_EINVALID, 2,
	             "LOD and LOQ cannot be negative");
	expect_error("lab,sample,product,spec,analyte,unit,value,U\nL,S1,p,t,waxes,mg/kg,5,1e-400\n", GI_EINVALID, 2,
	             "out of range");
	size_t n;
	const char *dk = H "L,S1,A,p,t,delta-k,1,-0.004\n";
	ck_assert_int_eq(read_opts(dk, strlen(dk), NULL, &n), 0);
	ck_assert_uint_eq(n, 1);
	double v;
	ck_assert_int_eq(gi_number_parse(&v, "1e-999"), GI_EPARSE);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "out of range"));
	ck_assert_int_eq(gi_number_parse(&v, "0e-999"), GI_OK);
	ck_assert(v == 0);
}
END_TEST

#define HD "lab,sample,product,spec,sampled,analysed,analyte,unit,value\n"

/* Dates are calendar dates (Gregorian leap years), analysis does not come
 * before sampling, and nothing is dated after "now". */
START_TEST(dates)
{
	expect_error(HD "L,S1,p,t,2026-02-30,,glu,%,5\n", GI_EINVALID, 2, "not a calendar date");
	expect_error(HD "L,S1,p,t,2025-02-29,,glu,%,5\n", GI_EINVALID, 2, "not a calendar date");
	expect_error(HD "L,S1,p,t,1900-02-29,,glu,%,5\n", GI_EINVALID, 2, "not a calendar date");
	expect_error(HD "L,S1,p,t,2026-04-31,,glu,%,5\n", GI_EINVALID, 2, "not a calendar date");
	expect_error(HD "L,S1,p,t,2026-04-10,2026-04-09,glu,%,5\n", GI_EINVALID, 2, "before it was sampled");
	expect_error(HD "L,S1,p,t,2026-04-10,2026-05-03,glu,%,5\n", GI_EINVALID, 2, "in the future");
	expect_error("lab,sample,product,spec,issued,analyte,unit,value\nL,S1,p,t,2026-13-01,glu,%,5\n", GI_EINVALID, 2,
	             "not a calendar date");
	size_t n;
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	o.now = NOW_2026_05_01;
	const char *ok = HD "L,S1,p,t,2024-02-29,2024-03-01,glu,%,5\nL,S2,p,t,2000-02-29,2026-05-01,glu,%,5\n";
	ck_assert_int_eq(read_opts(ok, strlen(ok), &o, &n), 0);
	ck_assert_uint_eq(n, 2);
	expect_error("<labReport xmlns=\"urn:libgi:lab-report:1\"><laboratory id=\"L\"><name>L</name></laboratory>\n"
	             "<sample id=\"S1\" product=\"p\" spec=\"t\" sampled=\"2026-02-30\"><measurement analyte=\"glu\" unit=\"%\"><value>5</value></measurement></sample>\n"
	             "</labReport>\n", GI_EINVALID, 2, "");
	expect_error("<labReport xmlns=\"urn:libgi:lab-report:1\" issued=\"2027-01-01\"><laboratory id=\"L\"><name>L</name></laboratory>\n"
	             "<sample id=\"S1\" product=\"p\" spec=\"t\"><measurement analyte=\"glu\" unit=\"%\"><value>5</value></measurement></sample>\n"
	             "</labReport>\n", GI_EINVALID, 1, "in the future");
}
END_TEST

Suite *suite_input(void)
{
	Suite *s = suite_create("input");
	TCase *tc = tcase_create("input");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, row_order_does_not_matter);
	tcase_add_test(tc, spread_rows);
	tcase_add_test(tc, many_spread_samples);
	tcase_add_test(tc, duplicate_xml_ids);
	tcase_add_test(tc, row_width);
	tcase_add_test(tc, encodings);
	tcase_add_test(tc, excel_sep_line);
	tcase_add_test(tc, decimal_separator);
	tcase_add_test(tc, negative_and_out_of_range);
	tcase_add_test(tc, dates);
	suite_add_tcase(s, tc);
	return s;
}
