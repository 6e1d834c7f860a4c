/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_report.c - reading lab reports, XML and CSV, and refusing bad ones
 * with the file and line of the problem. */
#define _GNU_SOURCE
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "suites.h"

typedef struct {
	size_t n;
	char id[8][32];
	char product[8][32];
	char origin[8][64];
	double altitude[8];
	size_t n_meas[8];
	double first_value[8];
	size_t n_values[8];
	double U[8];
} digest;

static void read_all(const char *rel, digest *d, gi_report **keep)
{
	memset(d, 0, sizeof *d);
	gi_report *r = NULL;
	ck_assert_msg(gi_report_open_file(&r, t_src(rel), NULL) == 0, "%s", gi_error_last()->message);
	const gi_sample *s;
	int rc;
	while ((rc = gi_report_next(&s, r)) == 0 && s) {
		size_t i = d->n++;
		snprintf(d->id[i], 32, "%s", s->id);
		snprintf(d->product[i], 32, "%s", s->product);
		snprintf(d->origin[i], 64, "%s", s->origin ? s->origin : "");
		d->altitude[i] = s->altitude;
		d->n_meas[i] = s->n_measurements;
		d->first_value[i] = s->measurements[0].n_values ? s->measurements[0].values[0] : -1;
		d->n_values[i] = s->measurements[0].n_values;
		d->U[i] = s->measurements[0].has_uncertainty ? s->measurements[0].uncertainty : -1;
	}
	ck_assert_msg(rc == 0, "%s: %s", rel, gi_error_last()->message);
	*keep = r;
}

/* The shipped XML example reads as written: six samples, replicates,
 * uncertainty (absolute and relative), origin, decimal commas, the lab. */
START_TEST(xml_example)
{
	digest d;
	gi_report *r;
	read_all("examples/lai-chau-2026.xml", &d, &r);
	ck_assert_uint_eq(d.n, 6);
	ck_assert_str_eq(d.id[0], "LC26-GT-001");
	ck_assert_uint_eq(d.n_values[0], 2);
	ck_assert(d.first_value[0] == 5.52);
	ck_assert(d.U[0] == 0.20);
	ck_assert_str_eq(d.origin[0], "Tam Đường");
	ck_assert(d.altitude[0] == 1450);
	/* relative 4 % of 5.21 */
	ck_assert(fabs(d.U[1] - 0.2084) < 1e-12);
	ck_assert(d.first_value[2] == 4240);
	const gi_lab *lab = gi_report_lab(r);
	ck_assert_str_eq(lab->id, "EXAMPLE-LAB");
	ck_assert_str_eq(lab->accreditation, "VILAS 000 (example)");
	ck_assert_ptr_nonnull(strstr(lab->name, "Phòng thử nghiệm"));
	ck_assert_int_eq(gi_report_format(r), GI_FORMAT_XML);
	gi_report_free(r);
}
END_TEST

/* The CSV example is the XML example as a LIMS exports it; both read to
 * the same samples, measurements and values. */
START_TEST(csv_equals_xml)
{
	digest x, c;
	gi_report *rx, *rc;
	read_all("examples/lai-chau-2026.xml", &x, &rx);
	read_all("examples/lai-chau-2026.csv", &c, &rc);
	ck_assert_int_eq(gi_report_format(rc), GI_FORMAT_CSV);
	ck_assert_uint_eq(c.n, x.n);
	for (size_t i = 0; i < x.n; i++) {
		ck_assert_str_eq(c.id[i], x.id[i]);
		ck_assert_str_eq(c.product[i], x.product[i]);
		ck_assert_str_eq(c.origin[i], x.origin[i]);
		ck_assert(c.altitude[i] == x.altitude[i]);
		ck_assert_uint_eq(c.n_meas[i], x.n_meas[i]);
		ck_assert_uint_eq(c.n_values[i], x.n_values[i]);
		ck_assert(c.first_value[i] == x.first_value[i]);
		ck_assert(c.U[i] == x.U[i]);
	}
	ck_assert_str_eq(gi_report_lab(rc)->id, gi_report_lab(rx)->id);
	gi_report_free(rx);
	gi_report_free(rc);
}
END_TEST

/* The report digest is the SHA-256 of its bytes, known once it is read. */
START_TEST(report_digest)
{
	const char *path = t_src("examples/lai-chau-2026.csv");
	char hex[65];
	t_sha256_file(path, hex);
	gi_report *r;
	ck_assert_int_eq(gi_report_open_file(&r, path, NULL), 0);
	ck_assert_ptr_null(gi_report_sha256(r));
	const gi_sample *s;
	while (gi_report_next(&s, r) == 0 && s)
		;
	ck_assert_str_eq(gi_report_sha256(r), hex);
	gi_report_free(r);
}
END_TEST

/* Censored results: "<0,05" with a number, "<LOQ" with the loq column,
 * and <lessThan> in XML. */
START_TEST(censored_forms)
{
	const char *csv =
		"lab;sample;product;spec;analyte;unit;value;loq\n"
		"L;S1;p;test;residue;mg/kg;<0,05;\n"
		"L;S2;p;test;residue;mg/kg;< LOQ;0,01\n";
	gi_report *r;
	const gi_sample *s;
	ck_assert_int_eq(gi_report_open_memory(&r, csv, strlen(csv), "c.csv", NULL), 0);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert(s->measurements[0].censored && s->measurements[0].censor_limit == 0.05);
	ck_assert_uint_eq(s->measurements[0].n_values, 0);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert(s->measurements[0].censored && s->measurements[0].censor_limit == 0.01);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert_ptr_null(s);
	gi_report_free(r);

	const char *xml =
		"<labReport xmlns=\"urn:libgi:lab-report:1\"><laboratory id=\"L\"><name>L</name></laboratory>"
		"<sample id=\"S1\" product=\"p\" spec=\"test\"><measurement analyte=\"residue\" unit=\"mg/kg\">"
		"<lessThan limit=\"LOQ\">0,01</lessThan><loq>0,01</loq></measurement></sample></labReport>";
	ck_assert_int_eq(gi_report_open_memory(&r, xml, strlen(xml), "c.xml", NULL), 0);
	ck_assert_int_eq(gi_report_next(&s, r), 0);
	ck_assert(s->measurements[0].censored && s->measurements[0].censor_limit == 0.01);
	ck_assert(s->measurements[0].has_loq && s->measurements[0].loq == 0.01);
	gi_report_free(r);
}
END_TEST

/* Reads a report to the end; returns the first error code (0 if none). */
static int read_through(const char *text, const char *name)
{
	gi_report *r = NULL;
	int rc = gi_report_open_memory(&r, text, strlen(text), name, NULL);
	const gi_sample *s = NULL;
	while (rc == 0 && (rc = gi_report_next(&s, r)) == 0 && s)
		;
	gi_report_free(r);
	return rc;
}

#define XML_HEAD "<?xml version=\"1.0\"?>\n<labReport xmlns=\"urn:libgi:lab-report:1\">\n<laboratory id=\"L\"><name>L</name></laboratory>\n"
#define XML_SAMPLE(m) "<sample id=\"S1\" product=\"p\" spec=\"test\">\n" m "\n</sample>\n"
#define XML_TAIL "</labReport>\n"

/* Every kind of bad report is refused with a code, the name of the input
 * and the line of the problem. */
START_TEST(bad_reports)
{
	static const struct { const char *text; int code; long line; const char *says; } cases[] = {
		{ XML_HEAD XML_SAMPLE("<measurement analyte=\"glu\" unit=\"%\"><value>5,3x</value></measurement>") XML_TAIL,
		  GI_EINVALID, 5, "5,3x" },
		{ XML_HEAD XML_SAMPLE("<measurement analyte=\"glu\" unit=\"g/lb\"><value>5</value></measurement>") XML_TAIL,
		  GI_EINVALID, 5, "unknown unit" },
		{ XML_HEAD XML_SAMPLE("<measurement analyte=\"glu\" unit=\"%\"><value>5</value></measurement>\n"
		                      "<measurement analyte=\"glu\" unit=\"%\"><value>6</value></measurement>") XML_TAIL,
		  GI_EINVALID, 6, "twice" },
		{ XML_HEAD XML_SAMPLE("<measurement analyte=\"glu\"><value>5</value></measurement>") XML_TAIL,
		  GI_EINVALID, 5, "needs a unit" },
		{ XML_HEAD XML_SAMPLE("<measurement analyte=\"glu\" unit=\"%\"><value>5</value><uncertainty expanded=\"-1\"/></measurement>") XML_TAIL,
		  GI_EINVALID, 5, "negative" },
		{ XML_HEAD XML_SAMPLE("<measurement analyte=\"glu\" unit=\"%\"><value>5</value>") XML_TAIL,
		  GI_EPARSE, 6, "measurement" },
		{ XML_HEAD "<sample id=\"S1\" product=\"p\" spec=\"test\"/>\n" XML_TAIL, GI_EINVALID, 4, "measurement" },
		{ "<?xml version=\"1.0\"?>\n<report/>", GI_EINVALID, 2, "labReport" },
		{ "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<labReport/>",
		  GI_EPARSE, 2, "DOCTYPE" },
		{ "<!-- a comment\nover lines -->\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n<labReport>&lol2;</labReport>",
		  GI_EPARSE, 3, "DOCTYPE" },
		{ XML_HEAD "<sample id=\"S1\" product=\"p\" spec=\"test\">&nope;</sample>" XML_TAIL, GI_EPARSE, 4, "nope" },
		{ "lab,sample,product,spec,analyte,unit,value\nL,S1,p,test,glu,%,abc\n", GI_EPARSE, 2, "'abc' is not a number" },
		{ "lab,sample,product,spec,analyte,unit,value\nL,S1,p,test,glu,%,\"5,3\n", GI_EPARSE, 2, "not closed" },
		{ "lab,sample,product,spec,analyte,unit,value,colour\nL,S1,p,test,glu,%,5,red\n", GI_EINVALID, 1, "colour" },
		{ "lab,sample,product,spec,analyte,value\n", GI_EINVALID, 2, "no rows" },
		{ "lab,sample,product,spec,unit,value\nL,S1,p,test,%,5\n", GI_EINVALID, 1, "analyte" },
		{ "lab,sample,product,spec,analyte,unit,value\nL,S1,p,test,glu,%,5\nL,S1,q,test,fat,%,5\n",
		  GI_EINVALID, 3, "product 'q' differs" },
		{ "lab,sample,product,spec,analyte,unit,value\nL,S1,p,test,glu,%,5\nM,S2,p,test,glu,%,5\n",
		  GI_EINVALID, 3, "one laboratory" },
		{ "lab,sample,product,spec,analyte,unit,value\nL,S1,p,test,glu,%,5\nL,S1,p,test,glu,mg/kg,5\n",
		  GI_EINVALID, 3, "unit" },
		{ "lab,sample,product,spec,analyte,unit,value\nL,S1,p,test,glu,%,<LOQ\n", GI_EINVALID, 2, "loq column" },
		{ "lab,sample,product,spec,analyte,unit,value\nL,S1,p,test,glu,%,5\nL,S1,p,test,glu,%,<1\n",
		  GI_EINVALID, 3, "censored" },
		{ "", GI_EPARSE, 0, "empty" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = read_through(cases[i].text, "bad-report");
		const gi_error *e = gi_error_last();
		ck_assert_msg(rc == cases[i].code, "case %zu: rc %d (%s)", i, rc, e->message);
		ck_assert_msg(e->line == cases[i].line, "case %zu: line %ld, want %ld (%s)", i, e->line,
		              cases[i].line, e->message);
		ck_assert_msg(strstr(e->message, cases[i].says), "case %zu: '%s'", i, e->message);
		ck_assert_str_eq(e->file, "bad-report");
	}
}
END_TEST

/* A NUL byte or UTF-16 is not a text report; a 2 GB file of zeros is
 * refused at its first line without being read through. */
START_TEST(binary_and_huge)
{
	static const char nul_csv[] = "lab,sample,product,spec,analyte,unit,value\nL,S1,p,test,glu,%,5\0\n";
	gi_report *r = NULL;
	const gi_sample *s;
	int rc = gi_report_open_memory(&r, nul_csv, sizeof nul_csv - 1, "nul.csv", NULL);
	ck_assert_int_eq(rc, GI_EPARSE);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "NUL"));
	static const char utf16[] = "\xFF\xFE<\0l\0";
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	o.format = GI_FORMAT_XML;
	ck_assert_int_eq(gi_report_open_memory(&r, utf16, sizeof utf16 - 1, "u16.xml", &o), GI_EPARSE);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "UTF-16"));

	char path[] = "/tmp/gi-test-big-XXXXXX";
	int fd = mkstemp(path);
	ck_assert(fd >= 0);
	ck_assert_int_eq(ftruncate(fd, 2LL << 30), 0);
	close(fd);
	for (int f = GI_FORMAT_AUTO; f <= GI_FORMAT_CSV; f++) {
		o.format = (gi_format)f;
		rc = gi_report_open_file(&r, path, &o);
		if (rc == 0)
			rc = gi_report_next(&s, r);
		ck_assert_msg(rc == GI_EPARSE, "format %d: %d", f, rc);
		ck_assert_int_le(gi_error_last()->line, 1);
		gi_report_free(r);
		r = NULL;
	}
	unlink(path);
	ck_assert_int_eq(gi_report_open_file(&r, "/nonexistent.csv", NULL), GI_EIO);
}
END_TEST

/* Memory per sample is reused: reading many samples keeps the sample
 * arena and measurement array at the size of the largest sample. (Peak RSS
 * over a million samples is measured by bench/run.sh.) */
START_TEST(many_samples_stream)
{
	size_t n = 20000, cap = n * 80 + 100, len = 0;
	char *csv = malloc(cap);
	len += (size_t)snprintf(csv, cap, "lab,sample,product,spec,analyte,unit,value\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(csv + len, cap - len, "L,S%zu,p,test,glu,%%,5.%zu\n", i, i % 100);
	gi_report *r;
	ck_assert_int_eq(gi_report_open_memory(&r, csv, len, "many.csv", NULL), 0);
	const gi_sample *s;
	size_t k = 0;
	const gi_measurement *first = NULL;
	while (gi_report_next(&s, r) == 0 && s) {
		if (!first)
			first = s->measurements;
		ck_assert_ptr_eq(s->measurements, first);  /* the same array, reused */
		k++;
	}
	ck_assert_uint_eq(k, n);
	gi_report_free(r);
	free(csv);
}
END_TEST

/* gi verify --format/--decimal and the bindings name a report's format
 * and decimal separator with the same words (specs/report-format.md: XML
 * or CSV; a point or a comma): a name sets the option, a wrong one is a
 * usage error that names it and leaves the options as they were. */
START_TEST(format_and_decimal_by_name)
{
	gi_report_options o = GI_REPORT_OPTIONS_INIT;
	ck_assert_int_eq(gi_report_options_set_format(&o, "csv"), GI_OK);
	ck_assert_int_eq(o.format, GI_FORMAT_CSV);
	ck_assert_int_eq(gi_report_options_set_format(&o, "xml"), GI_OK);
	ck_assert_int_eq(o.format, GI_FORMAT_XML);
	ck_assert_int_eq(gi_report_options_set_format(&o, "pdf"), GI_EUSAGE);
	ck_assert_int_eq(o.format, GI_FORMAT_XML);
	ck_assert_str_eq(gi_error_last()->message, "report format must be 'xml', 'csv' or 'auto', not 'pdf'");
	ck_assert_int_eq(gi_report_options_set_format(&o, NULL), GI_OK);
	ck_assert_int_eq(o.format, GI_FORMAT_AUTO);
	ck_assert_int_eq(gi_report_options_set_format(&o, "XML"), GI_EUSAGE);
	static const struct { const char *name; gi_decimal d; } dec[] = {
		{ ",", GI_DECIMAL_COMMA }, { "comma", GI_DECIMAL_COMMA }, { ".", GI_DECIMAL_POINT },
		{ "point", GI_DECIMAL_POINT }, { "auto", GI_DECIMAL_AUTO }, { NULL, GI_DECIMAL_AUTO },
	};
	for (size_t i = 0; i < sizeof dec / sizeof dec[0]; i++) {
		o.decimal = dec[i].d == GI_DECIMAL_COMMA ? GI_DECIMAL_POINT : GI_DECIMAL_COMMA;
		ck_assert_int_eq(gi_report_options_set_decimal(&o, dec[i].name), GI_OK);
		ck_assert_int_eq(o.decimal, dec[i].d);
	}
	ck_assert_int_eq(gi_report_options_set_decimal(&o, ";"), GI_EUSAGE);
	ck_assert_int_eq(o.decimal, GI_DECIMAL_AUTO);
	ck_assert_str_eq(gi_error_last()->message, "decimal separator must be ',' or '.', not ';'");
	gi_report_options v1 = { 1, GI_FORMAT_AUTO, GI_DECIMAL_AUTO, 0 };
	ck_assert_int_eq(gi_report_options_set_decimal(&v1, ","), GI_EUSAGE);
	ck_assert_int_eq(v1.decimal, GI_DECIMAL_AUTO);
	ck_assert_int_eq(gi_report_options_set_format(NULL, "csv"), GI_EUSAGE);
	ck_assert_int_eq(gi_report_options_set_decimal(NULL, ","), GI_EUSAGE);
	ck_assert_str_eq(gi_format_name(GI_FORMAT_XML), "xml");
	ck_assert_str_eq(gi_format_name(GI_FORMAT_CSV), "csv");
	ck_assert_str_eq(gi_format_name(GI_FORMAT_AUTO), "auto");
	ck_assert_str_eq(gi_format_name((gi_format)7), "unknown");
	/* a name read back is the format a report is read in */
	gi_report *r;
	ck_assert_int_eq(gi_report_options_set_format(&o, "csv"), GI_OK);
	ck_assert_int_eq(gi_report_open_file(&r, t_src("examples/lai-chau-2026.csv"), &o), GI_OK);
	ck_assert_str_eq(gi_format_name(gi_report_format(r)), "csv");
	gi_report_free(r);
}
END_TEST

Suite *suite_report(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("read");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, xml_example);
	tcase_add_test(tc, format_and_decimal_by_name);
	tcase_add_test(tc, csv_equals_xml);
	tcase_add_test(tc, report_digest);
	tcase_add_test(tc, censored_forms);
	tcase_add_test(tc, bad_reports);
	tcase_add_test(tc, binary_and_huge);
	tcase_add_test(tc, many_samples_stream);
	suite_add_tcase(s, tc);
	return s;
}
