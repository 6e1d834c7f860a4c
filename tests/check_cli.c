/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_cli.c - the gi command as a user meets it: help, exit statuses,
 * the table and JSON document, and bad input leaving stdout empty. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include "helpers.h"
#include "suites.h"

static char out[1 << 18], err[1 << 14];

#define GI(...) t_gi(out, sizeof out, err, sizeof err, __VA_ARGS__, (char *)NULL)

START_TEST(help_and_usage)
{
	ck_assert_int_eq(GI("--help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "verify --spec FILE --report FILE"));
	ck_assert_ptr_nonnull(strstr(out, "Exit status"));
	ck_assert_int_eq(GI("verify", "--help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "--json"));
	ck_assert_int_eq(GI("spec", "--help"), 0);
	ck_assert_int_eq(GI("--version"), 0);
	ck_assert_ptr_nonnull(strstr(out, gi_version()));
	{	/* the headers' version macros name the library that was built */
		char v[32];
		snprintf(v, sizeof v, "%d.%d.%d", GI_VERSION_MAJOR, GI_VERSION_MINOR, GI_VERSION_PATCH);
		ck_assert_str_eq(gi_version(), v);
		ck_assert_int_eq(GI_VERSION_NUMBER, GI_VERSION_MAJOR * 10000 + GI_VERSION_MINOR * 100 + GI_VERSION_PATCH);
	}
	/* bad usage: status 2, a hint on stderr, nothing on stdout */
	ck_assert_int_eq(t_gi(out, sizeof out, err, sizeof err, (char *)NULL), 2);
	ck_assert_int_eq(GI("frobnicate"), 2);
	ck_assert_ptr_nonnull(strstr(err, "unknown command"));
	ck_assert_int_eq(GI("verify", "--spec", t_src("specs/lai-chau-tea.xml")), 2);
	ck_assert_ptr_nonnull(strstr(err, "--report"));
	ck_assert_str_eq(out, "");
	/* one message per bad option, in gi's words (getopt's own is off) */
	ck_assert_int_eq(GI("verify", "--bogus"), 2);
	ck_assert_str_eq(err, "gi verify: unknown option '--bogus'\nTry 'gi verify --help'.\n");
	ck_assert_int_eq(GI("verify", "--sign-key=k", "--bogus=3"), 2);
	ck_assert_str_eq(err, "gi verify: unknown option '--bogus'\nTry 'gi verify --help'.\n");
	ck_assert_int_eq(GI("verify", "--spec"), 2);
	ck_assert_str_eq(err, "gi verify: option '--spec' needs a value\nTry 'gi verify --help'.\n");
	ck_assert_int_eq(GI("verify", "-x"), 2);
	ck_assert_str_eq(err, "gi verify: unknown option '-x'\nTry 'gi verify --help'.\n");
	ck_assert_int_eq(GI("spec", "check", "--nope"), 2);
	ck_assert_str_eq(err, "gi spec: unknown option '--nope'\nTry 'gi spec --help'.\n");
	ck_assert_int_eq(GI("record", "verify", "--trust"), 2);
	ck_assert_str_eq(err, "gi record: option '--trust' needs a value\nTry 'gi record --help'.\n");
	ck_assert_int_eq(GI("verify", "-s", "a", "-r", "b", "--format", "pdf"), 2);
	ck_assert_int_eq(GI("spec", "show"), 2);
}
END_TEST

/* --spec takes an installed name as well as a path: the same verdicts
 * from "lai-chau-tea" found in $GI_SPEC_PATH as from the file. */
START_TEST(spec_by_name)
{
	static char want[sizeof out];
	ck_assert_int_eq(GI("verify", "--json", "--spec", t_src("specs/lai-chau-tea.xml"), "--report",
	                    t_src("examples/lai-chau-2026.csv")), 1);
	snprintf(want, sizeof want, "%s", out);
	ck_assert_int_eq(setenv("GI_SPEC_PATH", t_src("specs"), 1), 0);
	ck_assert_int_eq(GI("verify", "--json", "--spec", "lai-chau-tea", "--report", t_src("examples/lai-chau-2026.csv")), 1);
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(GI("spec", "check", "lai-chau-tea", "lam-dong-coffee.xml"), 0);
	ck_assert_int_eq(GI("verify", "--spec", "lai-chau-tee", "--report", t_src("examples/lai-chau-2026.csv")), 2);
	ck_assert_str_eq(out, "");
	ck_assert_ptr_nonnull(strstr(err, "gi: lai-chau-tee: no such file, nor an installed specification; "
	                                  "did you mean 'lai-chau-tea'?"));
	unsetenv("GI_SPEC_PATH");
}
END_TEST

/* The table's columns line up as a terminal shows them: combining marks
 * (Vietnamese typed decomposed, NFD) take no column, East Asian wide
 * characters two. The SAMPLE column is 14 columns and a gap. */
START_TEST(table_columns_by_display_width)
{
	/* "Mẫu" as M, a, U+0302, U+0303, u: 3 columns in 7 bytes; "茶-1": 4 columns */
	static const struct { const char *id; int spaces; } ids[] = {
		{ "Ma\xcc\x82\xcc\x83u", 12 }, { "\xe8\x8c\xb6-1", 11 }, { "LC-1", 11 } };
	char csv[2048] = "lab;sample;lot;product;spec;origin;altitude;analyte;unit;value;U;k\n";
	for (size_t i = 0; i < 3; i++) {
		size_t at = strlen(csv);
		snprintf(csv + at, sizeof csv - at,
		         "L;%s;LOT;green-tea;vn-gi-00146-lai-chau-tea;Tam Đường;1450;glutamic-acid;g/100g;5.6;0.2;2\n"
		         "L;%s;LOT;green-tea;vn-gi-00146-lai-chau-tea;Tam Đường;1450;moisture;%%;4.8;;\n", ids[i].id, ids[i].id);
	}
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", t_tmpfile(csv, ".csv")), 0);
	for (size_t i = 0; i < 3; i++) {
		char want[64];
		snprintf(want, sizeof want, "\n%s%*sLOT ", ids[i].id, ids[i].spaces, "");
		ck_assert_msg(strstr(out, want), "sample %zu misaligned:\n%s", i, out);
	}
}
END_TEST

/* The shipped example: some samples pass, some fail, one is incomplete;
 * status 1 because a sample fails. */
START_TEST(verify_table)
{
	ck_assert_int_eq(GI("verify", "--spec", t_src("specs/lai-chau-tea.xml"), "--report",
	                    t_src("examples/lai-chau-2026.xml")), 1);
	static const char *const ids[] = { "LC26-GT-001", "LC26-GT-002", "LC26-OL-001", "LC26-OL-002",
	                                   "LC26-DP-001", "LC26-GT-003" };
	for (size_t i = 0; i < 6; i++)
		ck_assert_ptr_nonnull(strstr(out, ids[i]));
	ck_assert_ptr_nonnull(strstr(out, "6 samples: 3 pass, 2 fail, 1 incomplete, 0 inconclusive"));
	ck_assert_ptr_nonnull(strstr(out, "Report verdict: FAIL"));
	ck_assert_ptr_nonnull(strstr(out, "below the minimum ≥ 5.34"));
	ck_assert_str_eq(err, "");
	/* the CSV export of the same report gives the same verdicts */
	char xml_out[sizeof out];
	memcpy(xml_out, strstr(out, "SAMPLE"), sizeof xml_out - (size_t)(strstr(out, "SAMPLE") - out));
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", t_src("examples/lai-chau-2026.csv")), 1);
	char *table = strstr(out, "SAMPLE"), *tail = strstr(table, "Report SHA-256");
	*tail = '\0';
	*strstr(xml_out, "Report SHA-256") = '\0';
	ck_assert_str_eq(table, xml_out);
}
END_TEST

/* --json is one JSON document with the documented keys. */
START_TEST(verify_json)
{
	ck_assert_int_eq(GI("verify", "--json", "--spec", t_src("specs/lai-chau-tea.xml"), "--report",
	                    t_src("examples/lai-chau-2026.xml")), 1);
	json_error_t e;
	json_t *j = json_loads(out, 0, &e);
	ck_assert_msg(j != NULL, "line %d: %s", e.line, e.text);
	ck_assert_str_eq(json_string_value(json_object_get(j, "format")), "libgi-verify/1");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "spec"), "id")), "vn-gi-00146-lai-chau-tea");
	ck_assert_uint_eq(json_array_size(json_object_get(j, "samples")), 6);
	json_t *sum = json_object_get(j, "summary");
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "samples")), 6);
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "pass")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "fail")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "incomplete")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(sum, "verdict")), "fail");
	ck_assert_uint_eq(strlen(json_string_value(json_object_get(json_object_get(j, "report"), "sha256"))), 64);
	json_t *s3 = json_array_get(json_object_get(j, "samples"), 3);
	ck_assert_str_eq(json_string_value(json_object_get(s3, "verdict")), "fail");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(s3, "origin"), "verdict")), "fail");
	json_decref(j);
}
END_TEST

/* Exit status 0 when all pass, 3 when one is incomplete and none fails. */
START_TEST(exit_statuses)
{
	const char *spec = t_src("specs/lai-chau-tea.xml");
	const char *pass = t_tmpfile(
		"lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
		"L,S1,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,\"5,40\"\n", ".csv");
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", pass), 0);
	ck_assert_ptr_nonnull(strstr(out, "Report verdict: PASS"));
	const char *incomplete = t_tmpfile(
		"lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
		"L,S1,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,\"5,40\"\n"
		"L,S2,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,,glutamic-acid,g/100g,\"5,40\"\n", ".csv");
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", incomplete), 3);
	ck_assert_ptr_nonnull(strstr(out, "INCOMPLETE"));
	unlink(pass);
	unlink(incomplete);
}
END_TEST

/* Bad input anywhere, even in the last sample, gives status 2, the file
 * and line on stderr, and nothing at all on stdout. */
START_TEST(bad_input_no_partial_output)
{
	const char *spec = t_src("specs/lai-chau-tea.xml");
	const char *late = t_tmpfile(
		"lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
		"L,S1,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,5.4\n"
		"L,S2,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,5.4\n"
		"L,S3,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,5.4x\n", ".csv");
	for (int json = 0; json < 2; json++) {
		int rc = json ? GI("verify", "--json", "-s", spec, "-r", late) : GI("verify", "-s", spec, "-r", late);
		ck_assert_int_eq(rc, 2);
		ck_assert_str_eq(out, "");
		char want[256];
		snprintf(want, sizeof want, "%s:4: value '5.4x' is not a number", late);
		ck_assert_msg(strstr(err, want), "stderr: %s", err);
	}
	unlink(late);
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", "/nonexistent/report.xml"), 2);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/report.xml: cannot open"));
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(GI("verify", "-s", t_src("examples/lai-chau-2026.xml"), "-r", t_src("examples/lai-chau-2026.xml")), 2);
	ck_assert_ptr_nonnull(strstr(err, "lai-chau-2026.xml:"));
	ck_assert_str_eq(out, "");
}
END_TEST

/* The three versions of the EU extra virgin olive oil spec: gi spec check
 * on every shipped spec (the versions included) passes, and gi
 * verify with all three judges each sample by the version in force on its
 * sampling date and cites it: Reg. (EU) 2015/1830 from 2015-10-16, Reg.
 * (EU) 2016/2095 from 2016-12-04, Reg. (EU) 2022/2104 (Annex I, Table A,
 * point 1: fatty acid ethyl esters <= 35 mg/kg) from 2022-11-24. */
START_TEST(evoo_versions_cli)
{
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' spec check specs/*.xml >/dev/null 2>&1", getenv("GI_SRCDIR"),
	         getenv("GI_BIN"));
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(GI("spec", "check", t_src("specs/eu-extra-virgin-olive-oil-2022.xml")), 0);
	ck_assert_msg(strstr(out, "valid (eu-extra-virgin-olive-oil version 2022-2104, 1 product, 8 criteria)"), "%s", out);

	static const char *const rows[][3] = {
		{ "acidity", "%", "0.50" }, { "peroxide-value", "meq O2/kg", "9.0" }, { "k232", "1", "1.90" },
		{ "k270", "1", "0.14" }, { "delta-k", "1", "0.00" }, { "waxes", "mg/kg", "90" },
		{ "ethyl-esters", "mg/kg", "32" }, { "median-defect", "1", "0.0" }, { "fruity-median", "1", "3.2" },
	};
	static const char *const when[][2] = { { "S2016", "2016-05-02" }, { "S2019", "2019-03-11" }, { "S2025", "2025-01-20" } };
	char text[8192] = "lab,sample,product,spec,sampled,analyte,unit,value\n";
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < 9; i++) {
			size_t at = strlen(text);
			snprintf(text + at, sizeof text - at, "L,%s,extra-virgin-olive-oil,eu-extra-virgin-olive-oil,%s,%s,%s,%s\n",
			         when[k][0], when[k][1], rows[i][0], rows[i][1], rows[i][2]);
		}
	char *report = strdup(t_tmpfile(text, ".csv"));
	ck_assert_int_eq(GI("verify", "--json", "-s", t_src("specs/eu-extra-virgin-olive-oil-2022.xml"), "-s",
	                    t_src("specs/eu-extra-virgin-olive-oil.xml"), "-s", t_src("specs/eu-extra-virgin-olive-oil-2016.xml"),
	                    "-r", report),
	                 0);
	json_t *j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	json_t *samples = json_object_get(j, "samples");
	ck_assert_uint_eq(json_array_size(samples), 3);
	static const char *const version[] = { "2015-1830", "2016-2095", "2022-2104" };
	for (size_t k = 0; k < 3; k++) {
		json_t *spec = json_object_get(json_array_get(samples, k), "spec");
		ck_assert_str_eq(json_string_value(json_object_get(spec, "version")), version[k]);
	}
	json_decref(j);
	/* the 2022/2104 version alone: the samples from 2016 and 2019 predate it */
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/eu-extra-virgin-olive-oil-2022.xml"), "-r", report), 3);
	unlink(report);
	free(report);
}
END_TEST

/* gi spec check: every shipped spec is valid; a broken one lists every
 * problem as FILE:LINE and exits 2. */
START_TEST(spec_check)
{
	ck_assert_int_eq(GI("spec", "check", t_src("specs/lai-chau-tea.xml"), t_src("specs/lam-dong-coffee.xml"),
	                    t_src("specs/luc-ngan-orange.xml"), t_src("specs/parmigiano-reggiano.xml"),
	                    t_src("specs/eu-extra-virgin-olive-oil.xml")), 0);
	ck_assert_ptr_nonnull(strstr(out, "lai-chau-tea.xml: valid (vn-gi-00146-lai-chau-tea version 1, 3 products, 3 criteria)"));
	const char *bad = t_tmpfile(t_spec_xml(
		"<criterion id=\"a\" analyte=\"glu\" unit=\"g/lb\"><limit ge=\"1\"/></criterion>\n"
		"<criterion id=\"b\" analyte=\"glu\" unit=\"%\"><limit ge=\"3\" le=\"2\"/></criterion>"), ".xml");
	ck_assert_int_eq(GI("spec", "check", bad), 2);
	char want[256];
	snprintf(want, sizeof want, "%s:10: criterion 'a': unknown unit 'g/lb'", bad);
	ck_assert_msg(strstr(out, want), "%s", out);
	snprintf(want, sizeof want, "%s:11: criterion 'b': lower limit 3 is above upper limit 2", bad);
	ck_assert_msg(strstr(out, want), "%s", out);
	ck_assert_ptr_nonnull(strstr(out, "invalid, 2 problems"));
	ck_assert_int_eq(GI("spec", "check", "--json", bad), 2);
	json_t *j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_eq(json_array_size(json_object_get(json_array_get(j, 0), "problems")), 2);
	json_decref(j);
	unlink(bad);
}
END_TEST

START_TEST(spec_show)
{
	ck_assert_int_eq(GI("spec", "show", t_src("specs/lai-chau-tea.xml")), 0);
	ck_assert_ptr_nonnull(strstr(out, "559/QĐ-SHTT of 2025-08-19"));
	ck_assert_ptr_nonnull(strstr(out, "≥ 5.34 g/100g"));
	ck_assert_ptr_nonnull(strstr(out, "1200–2500 m"));
	ck_assert_int_eq(GI("spec", "show", "--json", t_src("specs/parmigiano-reggiano.xml")), 0);
	json_t *j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	json_t *c = json_array_get(json_object_get(json_array_get(json_object_get(j, "products"), 0), "criteria"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(c, "numerator")), "free-amino-acids");
	json_decref(j);
}
END_TEST

/* --html writes a well-formed page with one picture per criterion that has
 * a value, and leaves nothing behind when the run fails. */
START_TEST(html_report)
{
	char path[] = "/tmp/gi-test-html-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(path));
	char html[256], json_out[sizeof out];
	snprintf(html, sizeof html, "%s/report.html", path);
	ck_assert_int_eq(GI("verify", "--json", "--rule", "non-binary", "--html", html, "-s", t_src("specs/lai-chau-tea.xml"),
	                    "-r", t_src("examples/lai-chau-2026.xml")), 1);
	memcpy(json_out, out, sizeof out);
	/* count the criteria with a numeric value in the same run */
	json_t *j = json_loads(json_out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	size_t want = 0, i, k;
	json_t *smp, *crit;
	json_array_foreach(json_object_get(j, "samples"), i, smp)
		json_array_foreach(json_object_get(smp, "criteria"), k, crit)
			want += !json_is_null(json_object_get(crit, "value"));
	json_decref(j);
	xmlDocPtr doc = xmlReadFile(html, NULL, XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "the HTML report is not well-formed");
	xmlXPathContextPtr xp = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(xp, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
	xmlXPathRegisterNs(xp, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
	xmlXPathObjectPtr svgs = xmlXPathEvalExpression(BAD_CAST "//s:svg", xp);
	xmlXPathObjectPtr rows = xmlXPathEvalExpression(BAD_CAST "//h:tr[@class and starts-with(@class, 'criterion')]", xp);
	ck_assert_int_eq(xmlXPathNodeSetGetLength(svgs->nodesetval), (int)want);
	ck_assert_int_eq(xmlXPathNodeSetGetLength(rows->nodesetval), 6);
	xmlXPathFreeObject(svgs);
	xmlXPathFreeObject(rows);
	xmlXPathFreeContext(xp);
	xmlFreeDoc(doc);
	unlink(html);
	/* bad input: no report, no temporary file */
	const char *bad = t_tmpfile("lab,sample,product,spec,analyte,unit,value\nL,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,x\n", ".csv");
	ck_assert_int_eq(GI("verify", "--html", html, "-s", t_src("specs/lai-chau-tea.xml"), "-r", bad), 2);
	unlink(bad);
	ck_assert_int_eq(rmdir(path), 0);   /* fails if anything was left in it */
}
END_TEST

/* Signing from the command line: one record per sample, each verified by
 * gi record verify; a bad key writes nothing; keygen's demo key works with
 * its own certificate as the trust anchor. */
START_TEST(sign_and_verify_records)
{
	const char *b = getenv("GI_BUILDDIR");
	char pki[4096], cmd[9000], key[4200], chain[4200], trust[4200], dir[] = "/tmp/gi-test-recs-XXXXXX";
	snprintf(pki, sizeof pki, "%s/tests/pki", b);
	snprintf(cmd, sizeof cmd, "sh '%s' '%s'", t_src("tests/pki.sh"), pki);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(key, sizeof key, "%s/lab-rsa.key", pki);
	snprintf(chain, sizeof chain, "%s/lab-rsa-chain.pem", pki);
	snprintf(trust, sizeof trust, "%s/trust.pem", pki);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char out_dir[4200];
	snprintf(out_dir, sizeof out_dir, "%s/records", dir);
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", t_src("examples/lai-chau-2026.xml"),
	                    "--sign-key", key, "--sign-cert", chain, "--out", out_dir), 1);
	ck_assert_ptr_nonnull(strstr(out, "Signed records: 6 written to"));
	snprintf(cmd, sizeof cmd, "ls '%s'/*.xml | wc -l", out_dir);
	FILE *p = popen(cmd, "r");
	int n = 0;
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	ck_assert_int_eq(n, 6);
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' '%s'/*.xml >/dev/null", getenv("GI_BIN"), trust, out_dir);
	ck_assert_int_eq(system(cmd), 0);
	/* a tampered record: status 1, says why */
	snprintf(cmd, sizeof cmd, "f=$(ls '%s'/*.xml | head -1); sed -i 's/lab=\"EXAMPLE-LAB\"/lab=\"OTHER-LAB\"/' \"$f\"; "
	         "'%s' record verify --trust '%s' \"$f\" | grep -q 'NOT VERIFIED (bad-digest)'", out_dir, getenv("GI_BIN"), trust);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' '%s'/*.xml >/dev/null", getenv("GI_BIN"), trust, out_dir);
	ck_assert_int_eq(WEXITSTATUS(system(cmd)), 1);
	/* time-stamped by the test TSA through --tsa-command */
	char tsa_cmd[9000], stamped_dir[4200];
	snprintf(tsa_cmd, sizeof tsa_cmd, "cd '%s' && openssl ts -reply -config ca.cnf -queryfile /dev/stdin -out /dev/stdout", pki);
	snprintf(stamped_dir, sizeof stamped_dir, "%s/stamped", dir);
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", t_src("examples/lai-chau-2026.xml"),
	                    "--sign-key", key, "--sign-cert", chain, "--tsa-command", tsa_cmd, "--out", stamped_dir), 1);
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' '%s'/*.xml | grep -c 'time-stamped' | grep -qx 6",
	         getenv("GI_BIN"), trust, stamped_dir);
	ck_assert_int_eq(system(cmd), 0);
	char no_tsa[4200];
	snprintf(no_tsa, sizeof no_tsa, "%s/no-tsa", dir);
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", t_src("examples/lai-chau-2026.xml"),
	                    "--sign-key", key, "--sign-cert", chain, "--tsa-command", "false", "--out", no_tsa), 2);
	ck_assert_int_eq(access(no_tsa, F_OK), -1);
	/* the error is the authority's silence, not a failure to write */
	ck_assert_msg(strstr(err, "the time-stamping authority gave no answer") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "cannot write output") == NULL && strstr(err, "stopped by the caller") == NULL, "%s",
	              err);
	/* gi record show reads a record */
	snprintf(cmd, sizeof cmd, "'%s' record show \"$(ls '%s'/*.xml | head -1)\" | grep -q '^Verdict'", getenv("GI_BIN"), out_dir);
	ck_assert_int_eq(system(cmd), 0);
	/* a wrong password or a mismatched key: status 2, no record, no directory */
	char pw[4200], enc[4200], none[4200];
	snprintf(pw, sizeof pw, "%s/pw", dir);
	FILE *f = fopen(pw, "w");
	fputs("wrong\n", f);
	fclose(f);
	snprintf(enc, sizeof enc, "%s/lab-rsa-enc.key", pki);
	snprintf(none, sizeof none, "%s/none", dir);
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", t_src("examples/lai-chau-2026.xml"),
	                    "--sign-key", enc, "--sign-cert", chain, "--password-file", pw, "--out", none), 2);
	ck_assert_ptr_nonnull(strstr(err, "password"));
	ck_assert_int_eq(access(none, F_OK), -1);
	snprintf(enc, sizeof enc, "%s/lab-ec.key", pki);
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", t_src("examples/lai-chau-2026.xml"),
	                    "--sign-key", enc, "--sign-cert", chain, "--out", none), 2);
	ck_assert_ptr_nonnull(strstr(err, "does not belong"));
	/* bad input in the report: no record from the samples before it */
	const char *bad = t_tmpfile("lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
	                            "L,S1,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,5.4\n"
	                            "L,S2,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,x\n", ".csv");
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", bad, "--sign-key", key,
	                    "--sign-cert", chain, "--out", none), 2);
	ck_assert_int_eq(access(none, F_OK), -1);
	unlink(bad);
	/* keygen: a demo key and certificate that sign verifiable records */
	char dk[4200], dc[4200], demo_out[4200];
	snprintf(dk, sizeof dk, "%s/demo.key", dir);
	snprintf(dc, sizeof dc, "%s/demo.pem", dir);
	snprintf(demo_out, sizeof demo_out, "%s/demo", dir);
	ck_assert_int_eq(GI("keygen", "--ec", "--key", dk, "--cert", dc), 0);
	ck_assert_int_eq(GI("keygen", "--key", dk, "--cert", dc), 2);   /* never overwrites */
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", t_src("examples/lai-chau-2026.xml"),
	                    "--sign-key", dk, "--sign-cert", dc, "--out", demo_out), 1);
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' '%s'/*.xml >/dev/null", getenv("GI_BIN"), dc, demo_out);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* gi pt: table, JSON, and the exit status of the worst lab. */
START_TEST(pt_command)
{
	ck_assert_int_eq(GI("pt", t_src("examples/pt-glutamic-acid.csv")), 1);
	ck_assert_ptr_nonnull(strstr(out, "LAB-06"));
	ck_assert_ptr_nonnull(strstr(out, "unsatisfactory"));
	ck_assert_ptr_nonnull(strstr(out, "Cochran's C"));
	ck_assert_int_eq(GI("pt", "--json", "--assigned", "5,41", "--sigma", "0,5", t_src("examples/pt-glutamic-acid.csv")), 0);
	json_t *j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert(json_real_value(json_object_get(j, "assigned")) == 5.41);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "labs")), 8);
	json_decref(j);
	ck_assert_int_eq(GI("pt", "--sigma", "abc", t_src("examples/pt-glutamic-acid.csv")), 2);
	ck_assert_int_eq(GI("pt"), 2);
}
END_TEST

/* ---- output and file writing ---- */

/* Starts gi with argv (after the program name, NULL-terminated), standard
 * input from in (NULL: /dev/null), standard output and error to the files
 * out and err. */
static pid_t spawn_gi(const char *in, const char *outp, const char *errp, const char *const *args)
{
	const char *argv[40] = { getenv("GI_BIN") };
	size_t n = 1;
	for (; args[n - 1] && n < 39; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	pid_t pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		int fi = open(in ? in : "/dev/null", O_RDONLY);
		int fo = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fi < 0 || fo < 0 || fe < 0)
			_exit(126);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static void read_text(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
}

/* Runs gi to completion as spawn_gi does, standard output and error read
 * back into out and err; the exit status (-1 if gi did not exit). */
static int run_gi(const char *in, const char *outp, const char *const *args)
{
	char errp[] = "/tmp/gi-test-err-XXXXXX", capture[] = "/tmp/gi-test-out-XXXXXX";
	close(mkstemp(errp));
	if (!outp) {
		close(mkstemp(capture));
		outp = capture;
	}
	int st;
	waitpid(spawn_gi(in, outp, errp, args), &st, 0);
	out[0] = '\0';
	if (outp == capture)
		read_text(capture, out, sizeof out);
	read_text(errp, err, sizeof err);
	unlink(errp);
	unlink(capture);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The entries of a directory other than . and .., or -1 if it cannot be read. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Files named *.xml in dir and its subdirectories, depth levels deep. */
static int count_xml(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (len > 4 && strcmp(e->d_name + len - 4, ".xml") == 0) {
			n++;
		} else if (depth > 0) {
			char sub[4200];
			snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
			n += count_xml(sub, depth - 1);
		}
	}
	closedir(d);
	return n;
}

static const char *pki_file(const char *name)
{
	return t_pki(name);
}

static char *make_tmpdir(char *buf)
{
	strcpy(buf, "/tmp/gi-test-cli-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(buf));
	return buf;
}

static void remove_tree(const char *dir)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Text from a report reaches the terminal with every control character,
 * C1 control and bidirectional override escaped: a sample id with a
 * newline cannot forge a line of the table or of gi record verify, an
 * ESC cannot reach the terminal, U+202E cannot reorder a line. Reports
 * refuse control characters outright; what is valid text (U+202E) is
 * escaped, and a record altered to carry control characters is shown
 * escaped by gi record verify and gi record show. */
START_TEST(untrusted_text_is_escaped)
{
	const char *spec = t_src("specs/lai-chau-tea.xml");
	const char *bad = t_tmpfile(
		"lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
		"L,\"S1\nx.xml: VERIFIED — sample S9, verdict pass\",green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,5.4\n", ".csv");
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", bad), 2);
	ck_assert_str_eq(out, "");
	ck_assert_ptr_nonnull(strstr(err, "control character"));
	unlink(bad);
	const char *csv = t_tmpfile(
		"lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
		"L,S2\xe2\x80\xae\xe2\x81\xa6x,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,5.4\n"
		"L,S3,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,5.4\n", ".csv");
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", csv), 0);
	ck_assert_msg(strstr(out, "S2\\u202e\\u2066x") != NULL, "%s", out);
	ck_assert_ptr_null(strstr(out, "\xe2\x80\xae"));
	/* the escaped id is measured as shown: the next row's cells start
	 * where the header's do */
	const char *row = strstr(out, "\nS3 ") + 1, *hdr = strstr(out, "SAMPLE");
	ck_assert_int_eq((int)(strstr(row, "—") - row), (int)(strstr(hdr, "LOT") - hdr));

	/* the HTML page stays well-formed XML */
	char dir[64], recs[128], html[128], cmd[8400];
	make_tmpdir(dir);
	snprintf(html, sizeof html, "%s/report.html", dir);
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", csv, "--html", html), 0);
	xmlDocPtr doc = xmlReadFile(html, NULL, XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "the HTML report is not well-formed");
	xmlFreeDoc(doc);

	/* a record whose sample id carries a line break and a C1 control
	 * (character references), validly signed by other software (here
	 * xmlsec1), is shown on one line */
	snprintf(recs, sizeof recs, "%s/records", dir);
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", csv, "--sign-key", pki_file("lab-rsa.key"),
	                    "--sign-cert", pki_file("lab-rsa-chain.pem"), "--out", recs), 0);
	snprintf(cmd, sizeof cmd,
	         "cd '%s' && for f in *.xml; do sed 's/<sample id=\"S3\"/<sample id=\"S1\\&#10;x.xml: VERIFIED — sample S9\\&#133;\"/' \"$f\" > \"../u-$f\"; "
	         "xmlsec1 --sign --privkey-pem '%s,%s' --output \"../t-$f\" \"../u-$f\" 2>/dev/null || exit 1; done",
	         recs, pki_file("lab-rsa.key"), pki_file("lab-rsa.pem"));
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "'%s' record verify --trust '%s' '%s'/t-*.xml > '%s/verify.txt'", getenv("GI_BIN"),
	         pki_file("trust.pem"), dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "%s/verify.txt", dir);
	read_text(cmd, out, sizeof out);
	ck_assert_uint_eq(count_lines(out), 2);
	ck_assert_msg(strstr(out, "sample S1\\nx.xml: VERIFIED — sample S9\\u0085") != NULL, "%s", out);
	ck_assert_ptr_null(strstr(out, "\xc2\x85"));
	ck_assert_ptr_nonnull(strstr(out, "sample S2\\u202e\\u2066x"));
	snprintf(cmd, sizeof cmd, "for f in '%s'/t-*.xml; do '%s' record show \"$f\"; done > '%s/show.txt'", dir,
	         getenv("GI_BIN"), dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "%s/show.txt", dir);
	read_text(cmd, out, sizeof out);
	ck_assert_msg(strstr(out, "Sample     S1\\nx.xml: VERIFIED — sample S9\\u0085, lot") != NULL, "%s", out);
	ck_assert_ptr_nonnull(strstr(out, "Sample     S2\\u202e\\u2066x, lot"));
	ck_assert_ptr_null(strstr(out, "\xe2\x80\xae"));
	remove_tree(dir);
	unlink(csv);

	/* from a specification: gi spec show */
	char *xml = strdup(t_spec_xml("<criterion id=\"c\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"1\"/></criterion>"));
	char *src = strstr(xml, "unit tests");
	ck_assert_ptr_nonnull(src);
	char text[16384];
	snprintf(text, sizeof text, "%.*sx&#x202E;&#x85;y%s", (int)(src - xml), xml, src + strlen("unit tests"));
	free(xml);
	const char *sp = t_tmpfile(text, ".xml");
	ck_assert_int_eq(GI("spec", "show", sp), 0);
	ck_assert_msg(strstr(out, "  source        x\\u202e\\u0085y\n") != NULL, "%s", out);
	unlink(sp);
}
END_TEST

/* Messages on stderr stay on one line whatever the file name or the
 * library's message holds: line breaks become spaces, escapes are shown. */
START_TEST(messages_are_one_line)
{
	ck_assert_int_eq(GI("verify", "-s", "/nonexistent/a\nb\x1b[2J.xml", "-r", "x"), 2);
	ck_assert_msg(count_lines(err) == 1, "%s", err);
	ck_assert_ptr_nonnull(strstr(err, "gi: /nonexistent/a b\\x1b[2J.xml: "));
	ck_assert_int_eq(GI("frobnicate\x1b]0;title\x07"), 2);
	ck_assert_ptr_nonnull(strstr(err, "gi: unknown command 'frobnicate\\x1b]0;title\\x07'\n"));
	/* a library message quoting text with a line break (a unit written as
	 * a character reference), on stdout for gi spec check */
	const char *bad = t_tmpfile(t_spec_xml("<criterion id=\"a\" analyte=\"glu\" unit=\"g&#10;lb\"><limit ge=\"1\"/></criterion>"), ".xml");
	ck_assert_int_eq(GI("spec", "check", bad), 2);
	ck_assert_msg(strstr(out, "criterion 'a': unknown unit 'g lb'\n") != NULL, "%s", out);
	ck_assert_uint_eq(count_lines(out), 2);
	ck_assert_int_eq(GI("verify", "-s", bad, "-r", t_src("examples/lai-chau-2026.xml")), 2);
	ck_assert_msg(strstr(err, "unknown unit 'g lb'") != NULL && count_lines(err) == 1, "%s", err);
	unlink(bad);
}
END_TEST

/* Output lost on a full disk is an error: every command exits 2 and says
 * why, instead of 0 or 1 with nothing written. */
START_TEST(stdout_write_errors)
{
	char dir[64], key[128], cert[128];
	make_tmpdir(dir);
	snprintf(key, sizeof key, "%s/k.pem", dir);
	snprintf(cert, sizeof cert, "%s/c.pem", dir);
	const char *spec = t_src("specs/lai-chau-tea.xml"), *rep = t_src("examples/lai-chau-2026.xml");
	const char *pt = t_src("examples/pt-glutamic-acid.csv");
	ck_assert_int_eq(GI("keygen", "--ec", "--key", key, "--cert", cert), 0);
	char recs[128], rec[4200];
	snprintf(recs, sizeof recs, "%s/records", dir);
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", key, "--sign-cert", cert, "--out", recs), 1);
	DIR *d = opendir(recs);
	struct dirent *e;
	while ((e = readdir(d)) && !strstr(e->d_name, ".xml"))
		;
	ck_assert_ptr_nonnull(e);
	snprintf(rec, sizeof rec, "%s/%s", recs, e->d_name);
	closedir(d);
	const char *const cmds[][10] = {
		{ "--help" }, { "--version" }, { "verify", "--help" },
		{ "spec", "check", spec }, { "spec", "show", spec }, { "spec", "show", "--json", spec },
		{ "verify", "-s", spec, "-r", rep }, { "verify", "--json", "-s", spec, "-r", rep },
		{ "record", "verify", "--trust", cert, rec }, { "record", "verify", "--json", "--trust", cert, rec },
		{ "record", "show", rec }, { "record", "show", "--json", rec },
		{ "pt", pt }, { "pt", "--json", pt },
	};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		ck_assert_msg(run_gi(NULL, "/dev/full", cmds[i]) == 2, "gi %s %s: exit status", cmds[i][0], cmds[i][1]);
		ck_assert_msg(strcmp(err, "gi: cannot write output: No space left on device\n") == 0,
		              "gi %s %s: %s", cmds[i][0], cmds[i][1], err);
	}
	/* keygen's files are written, but what it says about them is lost */
	char key2[128], cert2[128];
	snprintf(key2, sizeof key2, "%s/k2.pem", dir);
	snprintf(cert2, sizeof cert2, "%s/c2.pem", dir);
	const char *const kg[] = { "keygen", "--ec", "--key", key2, "--cert", cert2, NULL };
	ck_assert_int_eq(run_gi(NULL, "/dev/full", kg), 2);
	ck_assert_ptr_nonnull(strstr(err, "gi: cannot write output: No space left on device\n"));
	ck_assert_int_eq(access(cert2, R_OK), 0);
	remove_tree(dir);
}
END_TEST

/* gi record verify on a directory says so, with status 2 (bad input). */
START_TEST(record_verify_directory)
{
	char dir[64];
	make_tmpdir(dir);
	ck_assert_int_eq(GI("record", "verify", "--trust", pki_file("trust.pem"), dir), 2);
	ck_assert_msg(strstr(err, ": is a directory") != NULL, "%s", err);
	ck_assert_ptr_null(strstr(err, "empty"));
	ck_assert_int_eq(GI("record", "show", dir), 2);
	ck_assert_ptr_nonnull(strstr(err, ": is a directory"));
	remove_tree(dir);
}
END_TEST

/* A report read from standard input ('-') is named "-" in messages and
 * JSON and "standard input" in the table's heading, never /dev/stdin. */
START_TEST(stdin_report_name)
{
	const char *spec = t_src("specs/lai-chau-tea.xml");
	const char *bad = t_tmpfile("lab,sample,product,spec,analyte,unit,value\nL,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4x\n", ".csv");
	const char *const a1[] = { "verify", "-s", spec, "-r", "-", NULL };
	ck_assert_int_eq(run_gi(bad, NULL, a1), 2);
	ck_assert_msg(strstr(err, "gi: -:2: value '5.4x' is not a number") != NULL, "%s", err);
	unlink(bad);
	const char *rep = t_src("examples/lai-chau-2026.xml");
	ck_assert_int_eq(run_gi(rep, NULL, a1), 1);
	ck_assert_ptr_nonnull(strstr(out, "Report         standard input\n"));
	ck_assert_ptr_null(strstr(out, "/dev/stdin"));
	const char *const a2[] = { "verify", "--json", "-s", spec, "-r", "-", NULL };
	ck_assert_int_eq(run_gi(rep, NULL, a2), 1);
	json_t *j = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "report"), "file")), "-");
	json_decref(j);
}
END_TEST

/* --html on a path that cannot take the page names the path and the
 * reason; a device is written in place, never replaced by a file. */
START_TEST(html_write_errors)
{
	char dir[64], link[128], html[128];
	make_tmpdir(dir);
	snprintf(link, sizeof link, "%s/full.html", dir);
	ck_assert_int_eq(symlink("/dev/full", link), 0);
	const char *spec = t_src("specs/lai-chau-tea.xml"), *rep = t_src("examples/lai-chau-2026.xml");
	ck_assert_int_eq(GI("verify", "--html", link, "-s", spec, "-r", rep), 2);
	char want[256];
	snprintf(want, sizeof want, "gi verify: cannot write %s: No space left on device\n", link);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	ck_assert_str_eq(out, "");
	struct stat st;
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(stat("/dev/full", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_int_eq(count_entries(dir), 1);
	/* a directory that does not exist, a directory as the page */
	snprintf(html, sizeof html, "%s/nowhere/report.html", dir);
	ck_assert_int_eq(GI("verify", "--html", html, "-s", spec, "-r", rep), 2);
	snprintf(want, sizeof want, "gi verify: cannot write %s: No such file or directory\n", html);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	ck_assert_int_eq(GI("verify", "--html", dir, "-s", spec, "-r", rep), 2);
	snprintf(want, sizeof want, "gi verify: cannot write %s: Is a directory\n", dir);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	/* a device that takes the page (through a link: a device itself
	 * must never be the target of a test that could replace it) */
	snprintf(link, sizeof link, "%s/null.html", dir);
	ck_assert_int_eq(symlink("/dev/null", link), 0);
	ck_assert_int_eq(GI("verify", "--html", link, "-s", spec, "-r", rep), 1);
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(count_entries(dir), 2);
	remove_tree(dir);
}
END_TEST

/* The records of a run appear together, with a manifest of their
 * SHA-256 digests, in a directory that did not exist or was empty; an
 * existing batch is never added to; a failure half way publishes
 * nothing and leaves nothing behind. */
/* Records are named after their samples ("LC26-GT-001.xml"), whatever
 * the ids hold: a '/' or "../" cannot leave the batch, a leading '.'
 * cannot hide a record, ids that map to one name
 * get "~2", and every record is in SHA256SUMS under the name it has. */
START_TEST(records_named_after_samples)
{
	static const char *const ids[] = { "LC26-GT-001", "../escape", "A/1", "A_1", "SHA256SUMS", ".hidden",
	                                   "Mẫu 1", "a*b?" };
	static const char *const names[] = { "LC26-GT-001.xml", "_._escape.xml", "A_1.xml", "A_1~2.xml",
	                                     "SHA256SUMS.xml", "_hidden.xml", "Mẫu_1.xml", "a_b_.xml" };
	char csv[4096] = "lab;sample;lot;product;spec;origin;altitude;analyte;unit;value;U;k\n";
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		size_t at = strlen(csv);
		snprintf(csv + at, sizeof csv - at,
		         "L;\"%s\";LOT-%zu;green-tea;vn-gi-00146-lai-chau-tea;Tam Đường;1450;glutamic-acid;g/100g;5.6;0.2;2\n"
		         "L;\"%s\";LOT-%zu;green-tea;vn-gi-00146-lai-chau-tea;Tam Đường;1450;moisture;%%;4.8;;\n",
		         ids[i], i, ids[i], i);
	}
	char dir[64], recs[128], path[4200];
	make_tmpdir(dir);
	snprintf(recs, sizeof recs, "%s/records", dir);
	const char *key = pki_file("lab-rsa.key"), *chain = pki_file("lab-rsa-chain.pem");
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", t_tmpfile(csv, ".csv"), "--sign-key",
	                    key, "--sign-cert", chain, "--out", recs), 0);
	ck_assert_int_eq(count_entries(recs), 9);
	ck_assert_int_eq(count_entries(dir), 1);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", recs, names[i]);
		ck_assert_msg(access(path, R_OK) == 0, "no %s", names[i]);
		/* the record in the file is the sample's */
		ck_assert_int_eq(GI("record", "show", "--json", path), 0);
		json_t *j = json_loads(out, 0, NULL);
		ck_assert_ptr_nonnull(j);
		ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "sample"), "id")), ids[i]);
		json_decref(j);
	}
	snprintf(path, sizeof path, "%s/SHA256SUMS", recs);
	char sums[4096];
	read_text(path, sums, sizeof sums);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char line[300];
		snprintf(line, sizeof line, "  %s\n", names[i]);
		ck_assert_msg(strstr(sums, line), "SHA256SUMS lacks %s", names[i]);
	}
	remove_tree(dir);
}
END_TEST

/* --out NAME.tar: the batch as one POSIX tar file (pax format) that tar(1)
 * reads - every record under its sample's name, SHA256SUMS last, whose
 * digests sha256sum(1) confirms, names longer than ustar's 100 bytes
 * whole (pax "path" record), colliding names "~2" - published by one
 * rename that never replaces an existing file; a run that fails half way
 * leaves no file. */
START_TEST(records_published_as_one_tar_file)
{
	char long_id[151];
	memset(long_id, 'L', 150);
	long_id[150] = '\0';
	const char *ids[] = { "LC26-GT-001", "A/1", "A_1", long_id };
	char csv[4096] = "lab;sample;lot;product;spec;origin;altitude;analyte;unit;value;U;k\n";
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		size_t at = strlen(csv);
		snprintf(csv + at, sizeof csv - at,
		         "L;\"%s\";LOT-%zu;green-tea;vn-gi-00146-lai-chau-tea;Tam Đường;1450;glutamic-acid;g/100g;5.6;0.2;2\n"
		         "L;\"%s\";LOT-%zu;green-tea;vn-gi-00146-lai-chau-tea;Tam Đường;1450;moisture;%%;4.8;;\n",
		         ids[i], i, ids[i], i);
	}
	char dir[64], bundle[128], cmd[9000], path[8600];
	make_tmpdir(dir);
	snprintf(bundle, sizeof bundle, "%s/records.tar", dir);
	const char *spec = t_src("specs/lai-chau-tea.xml");
	const char *key = pki_file("lab-rsa.key"), *chain = pki_file("lab-rsa-chain.pem");
	const char *rep = t_tmpfile(csv, ".csv");
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", key, "--sign-cert", chain, "--out", bundle), 0);
	ck_assert_int_eq(count_entries(dir), 1);   /* no temporary file left beside it */
	/* tar(1) lists the entries in the order written, the manifest last */
	snprintf(cmd, sizeof cmd, "tar -tf '%s'", bundle);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	char line[400], listed[8][400];
	int n = 0;
	while (n < 8 && fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = '\0';
		snprintf(listed[n++], sizeof listed[0], "%s", line);
	}
	ck_assert_int_eq(pclose(p), 0);
	char long_name[200];
	snprintf(long_name, sizeof long_name, "%.120s.xml", long_id);   /* names keep 120 bytes of an id */
	const char *want[] = { "LC26-GT-001.xml", "A_1.xml", "A_1~2.xml", long_name, "SHA256SUMS" };
	ck_assert_int_eq(n, 5);
	for (int i = 0; i < 5; i++)
		ck_assert_str_eq(listed[i], want[i]);
	/* extracted: the manifest holds, and each record is its sample's */
	char x[4200];
	snprintf(x, sizeof x, "%s/x", dir);
	ck_assert_int_eq(mkdir(x, 0700), 0);
	snprintf(cmd, sizeof cmd, "tar -xf '%s' -C '%s' && cd '%s' && sha256sum -c --quiet SHA256SUMS", bundle, x, x);
	ck_assert_int_eq(system(cmd), 0);
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", x, want[i]);
		ck_assert_int_eq(GI("record", "show", "--json", path), 0);
		json_t *j = json_loads(out, 0, NULL);
		ck_assert_ptr_nonnull(j);
		ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "sample"), "id")), ids[i]);
		json_decref(j);
		ck_assert_int_eq(GI("record", "verify", "--trust", pki_file("trust.pem"), path), 0);
	}
	/* an existing file is never replaced */
	char before[65], after[65];
	t_sha256_file(bundle, before);
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", key, "--sign-cert", chain, "--out", bundle), 2);
	ck_assert_msg(strstr(err, "exists") != NULL, "%s", err);
	t_sha256_file(bundle, after);
	ck_assert_str_eq(before, after);
	/* the time-stamping authority fails at the second record: no file */
	char bundle2[128], side[64], tsa[9000];
	make_tmpdir(side);
	snprintf(bundle2, sizeof bundle2, "%s/second.tar", dir);
	snprintf(tsa, sizeof tsa, "n=$(cat '%s/n' 2>/dev/null || echo 0); echo $((n + 1)) > '%s/n'; [ $n -lt 1 ] && "
	         "cd '%s/tests/pki' && openssl ts -reply -config ca.cnf -queryfile /dev/stdin -out /dev/stdout",
	         side, side, getenv("GI_BUILDDIR"));
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", key, "--sign-cert", chain, "--tsa-command", tsa,
	                    "--out", bundle2), 2);
	ck_assert_int_eq(access(bundle2, F_OK), -1);
	ck_assert_int_eq(count_entries(dir), 2);   /* records.tar and x */
	remove_tree(side);
	remove_tree(dir);
}
END_TEST

START_TEST(records_published_whole)
{
	char dir[64], recs[128], cmd[9000];
	make_tmpdir(dir);
	snprintf(recs, sizeof recs, "%s/records", dir);
	const char *spec = t_src("specs/lai-chau-tea.xml"), *rep = t_src("examples/lai-chau-2026.xml");
	const char *key = pki_file("lab-rsa.key"), *chain = pki_file("lab-rsa-chain.pem");
	ck_assert_int_eq(mkdir(recs, 0750), 0);   /* empty: replaced, its mode kept */
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", key, "--sign-cert", chain, "--out", recs), 1);
	ck_assert_int_eq(count_entries(recs), 7);
	ck_assert_int_eq(count_entries(dir), 1);
	struct stat st;
	ck_assert_int_eq(stat(recs, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0750);
	/* the manifest is what sha256sum(1) writes, and names every record */
	char path[4200], line[256];
	snprintf(path, sizeof path, "%s/SHA256SUMS", recs);
	FILE *m = fopen(path, "r");
	ck_assert_ptr_nonnull(m);
	int n = 0;
	while (fgets(line, sizeof line, m)) {
		char hex[65], name[200], rec[4400];
		ck_assert_int_eq(sscanf(line, "%64s  %199s", hex, name), 2);
		snprintf(rec, sizeof rec, "%s/%s", recs, name);
		char want[65];
		t_sha256_file(rec, want);
		ck_assert_str_eq(hex, want);
		n++;
	}
	fclose(m);
	ck_assert_int_eq(n, 6);
	/* a second run into the same directory: refused, nothing added */
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", key, "--sign-cert", chain, "--out", recs), 2);
	ck_assert_msg(strstr(err, "exists and is not empty") != NULL, "%s", err);
	ck_assert_int_eq(count_entries(recs), 7);
	ck_assert_int_eq(count_entries(dir), 1);
	/* the time-stamping authority fails at the fourth record: the three
	 * signed before it are not published, no directory is created */
	char side[64], tsa[9000], recs2[128];
	make_tmpdir(side);
	snprintf(recs2, sizeof recs2, "%s/records2", dir);
	snprintf(tsa, sizeof tsa, "n=$(cat '%s/n' 2>/dev/null || echo 0); echo $((n + 1)) > '%s/n'; [ $n -lt 3 ] && "
	         "cd '%s/tests/pki' && openssl ts -reply -config ca.cnf -queryfile /dev/stdin -out /dev/stdout",
	         side, side, getenv("GI_BUILDDIR"));
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", rep, "--sign-key", key, "--sign-cert", chain, "--tsa-command", tsa,
	                    "--out", recs2), 2);
	snprintf(path, sizeof path, "%s/n", side);
	read_text(path, line, sizeof line);
	ck_assert_str_eq(line, "4\n");
	ck_assert_int_eq(access(recs2, F_OK), -1);
	ck_assert_int_eq(count_entries(dir), 1);
	ck_assert_str_eq(out, "");
	remove_tree(side);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* Stopped by a signal while records are being signed, gi removes every
 * temporary record and HTML file and ends by that signal: nothing is
 * left in the directory and no record directory appears. */
START_TEST(interrupted_run_leaves_nothing)
{
	static const int sigs[] = { SIGTERM, SIGINT };
	/* a report long enough to be still signing when the signal comes */
	char csv[] = "/tmp/gi-test-big-XXXXXX.csv";
	int fd = mkstemps(csv, 4);
	ck_assert(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("lab,sample,product,spec,origin,altitude,analyte,unit,value\n", f);
	for (int i = 0; i < 20000; i++)
		fprintf(f, "L,S%05d,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,5.4\n", i);
	ck_assert_int_eq(fclose(f), 0);
	for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
		char dir[64], recs[128], html[128], outp[128], errp[128], io[64];
		make_tmpdir(dir);
		make_tmpdir(io);
		snprintf(recs, sizeof recs, "%s/records", dir);
		snprintf(html, sizeof html, "%s/report.html", dir);
		snprintf(outp, sizeof outp, "%s/out", io);
		snprintf(errp, sizeof errp, "%s/err", io);
		const char *const args[] = { "verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", csv, "--html", html,
		                             "--sign-key", pki_file("lab-ec.key"), "--sign-cert",
		                             pki_file("lab-ec-chain.pem"), "--out", recs, NULL };
		pid_t pid = spawn_gi(NULL, outp, errp, args);
		/* wait until signed records are being written, wherever they wait */
		int seen = 0;
		for (int t = 0; t < 3000 && !seen; t++) {
			seen = count_xml(dir, 2) >= 2;
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
		kill(pid, sigs[k]);
		int st;
		waitpid(pid, &st, 0);
		ck_assert_msg(seen, "no record appeared");
		ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == sigs[k], "gi did not end by signal %d", sigs[k]);
		ck_assert_int_eq(count_entries(dir), 0);
		read_text(outp, out, sizeof out);
		read_text(errp, err, sizeof err);
		ck_assert_str_eq(out, "");
		ck_assert_msg(strstr(err, "interrupted") && strstr(err, "nothing was written"), "%s", err);
		ck_assert_int_eq(rmdir(dir), 0);
		remove_tree(io);
	}
	unlink(csv);
}
END_TEST

/* The manual page exists and documents every command and exit status. */
START_TEST(man_page)
{
	FILE *f = fopen(t_src("doc/gi.1"), "r");
	ck_assert_ptr_nonnull(f);
	static char man[1 << 16];
	man[fread(man, 1, sizeof man - 1, f)] = '\0';
	fclose(f);
	ck_assert_ptr_nonnull(strstr(man, ".TH GI 1"));
	ck_assert_ptr_nonnull(strstr(man, "spec check"));
	ck_assert_ptr_nonnull(strstr(man, "spec show"));
	ck_assert_ptr_nonnull(strstr(man, "verify"));
	ck_assert_ptr_nonnull(strstr(man, "EXIT STATUS"));
	ck_assert_ptr_nonnull(strstr(man, ".B gi pt"));
	ck_assert_ptr_nonnull(strstr(man, "\\-\\-rule"));
	ck_assert_ptr_nonnull(strstr(man, "\\-\\-html"));
	ck_assert_ptr_nonnull(strstr(man, "\\-\\-decimal"));
	/* the SYNOPSIS shows every command, and the page every option a
	 * command's --help lists */
	const char *syn = strstr(man, ".SH SYNOPSIS"), *desc = strstr(man, ".SH DESCRIPTION");
	ck_assert(syn && desc && syn < desc);
	static const char *const cmds[] = { "spec check", "spec show", "verify", "record verify", "record restamp",
	                                    "record show", "keygen", "pt", "risk", "stamp sign", "stamp verify", "stamp sheet",
	                                    "stamp proof", "log" };
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		char b[64];
		snprintf(b, sizeof b, ".B gi %s\n", cmds[i]);
		const char *at = strstr(syn, b);
		ck_assert_msg(at && at < desc, "SYNOPSIS lacks %s", cmds[i]);
	}
	static const char *const helps[] = { "spec", "verify", "record", "keygen", "pt", "risk", "stamp", "log" };
	for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
		ck_assert_int_eq(GI(helps[i], "--help"), 0);
		for (const char *o = strstr(out, "--"); o; o = strstr(o + 2, "--")) {
			char opt[64] = "\\-\\-";
			size_t n = strspn(o + 2, "abcdefghijklmnopqrstuvwxyz-");
			if (n == 0 || n > 40)
				continue;
			/* options of gi: in a Usage line or heading an option's line
			 * (not those of the curl example in verify's text) */
			const char *bol = o;
			while (bol > out && bol[-1] != '\n')
				bol--;
			int usage = strncmp(bol, "Usage:", 6) == 0 || strncmp(bol, "       gi ", 10) == 0;
			const char *lead = bol + strspn(bol, " ");
			if (lead[0] == '-' && lead[1] != '-' && lead[2] == ',')
				lead += 3 + strspn(lead + 3, " ");
			if (!usage && (lead != o || o - bol > 8)) /* deeper: description text */
				continue;
			for (size_t k = 0, at = 4; k < n; k++) {
				if (o[2 + k] == '-')
					opt[at++] = '\\';
				opt[at++] = o[2 + k];
				opt[at] = '\0';
			}
			ck_assert_msg(strstr(man, opt), "gi(1) lacks --%.*s of gi %s", (int)n, o + 2, helps[i]);
		}
	}
	ck_assert_ptr_nonnull(strstr(strstr(man, ".SH SEE ALSO"), "record-format.md"));
	ck_assert_ptr_nonnull(strstr(man, "GI_SPEC_PATH"));
}
END_TEST

/* Runs `cat FILE | gi verify --spec SPEC --report -`, capturing stdout
 * and stderr; returns the exit status. */
static int gi_from_pipe(const char *file, const char *spec)
{
	char po[] = "/tmp/gi-test-out-XXXXXX", pe[] = "/tmp/gi-test-err-XXXXXX", cmd[2048];
	int fo = mkstemp(po), fe = mkstemp(pe);
	ck_assert(fo >= 0 && fe >= 0);
	snprintf(cmd, sizeof cmd, "cat '%s' | '%s' verify --spec '%s' --report - >'%s' 2>'%s'", file,
	         getenv("GI_BIN"), spec, po, pe);
	int st = system(cmd);
	out[read(fo, out, sizeof out - 1) > 0 ? lseek(fo, 0, SEEK_CUR) : 0] = '\0';
	err[read(fe, err, sizeof err - 1) > 0 ? lseek(fe, 0, SEEK_CUR) : 0] = '\0';
	close(fo);
	close(fe);
	unlink(po);
	unlink(pe);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The example CSV with its rows sorted by analyte: from a file, the same
 * six samples and verdicts; from a pipe, which cannot be read twice,
 * status 2 naming both lines of the spread sample and nothing on stdout. */
START_TEST(verify_rows_in_any_order)
{
	FILE *f = fopen(t_src("examples/lai-chau-2026.csv"), "r");
	ck_assert_ptr_nonnull(f);
	static char head[4096], glu[4096], rest[4096], line[1024];
	while (fgets(line, sizeof line, f))
		strcat(line[0] == '#' || strncmp(line, "lab;", 4) == 0 ? head
		       : strstr(line, ";glutamic-acid;") ? glu : rest, line);
	fclose(f);
	static char sorted[12288];
	snprintf(sorted, sizeof sorted, "%s%s%s", head, glu, rest);
	const char *path = t_tmpfile(sorted, ".csv");
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", path), 1);
	ck_assert_ptr_nonnull(strstr(out, "6 samples: 3 pass, 2 fail, 1 incomplete, 0 inconclusive"));
	ck_assert_int_eq(gi_from_pipe(path, t_src("specs/lai-chau-tea.xml")), 2);
	ck_assert_str_eq(out, "");
	ck_assert_msg(strstr(err, ":11: sample 'LC26-GT-001' has rows here and on line 5") &&
	              strstr(err, "sort the rows by sample id"), "%s", err);
	unlink(path);
}
END_TEST

/* --decimal states the separator: the example (decimal commas) reads the
 * same with --decimal , and is refused at its first comma with
 * --decimal . ; a Windows-1258 file is refused with a hint to save it as
 * UTF-8. Bad input leaves stdout empty and exits 2. */
START_TEST(verify_decimal_and_encoding)
{
	const char *spec = t_src("specs/lai-chau-tea.xml"), *csv = t_src("examples/lai-chau-2026.csv");
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", csv, "--decimal", ","), 1);
	ck_assert_ptr_nonnull(strstr(out, "6 samples: 3 pass, 2 fail, 1 incomplete"));
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", csv, "--decimal", "."), 2);
	ck_assert_str_eq(out, "");
	ck_assert_msg(strstr(err, "lai-chau-2026.csv:5: ") && strstr(err, "decimal comma"), "%s", err);
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", csv, "--decimal", "x"), 2);
	ck_assert_ptr_nonnull(strstr(err, "--decimal"));
	const char *cp1258 = t_tmpfile("lab;sample;product;spec;origin;analyte;unit;value\n"
	                               "L;S1;green-tea;vn-gi-00146-lai-chau-tea;T\xD0\xFD\xD5ng;glutamic-acid;g/100g;5,5\n",
	                               ".csv");
	ck_assert_int_eq(GI("verify", "-s", spec, "-r", cp1258), 2);
	ck_assert_str_eq(out, "");
	ck_assert_msg(strstr(err, ".csv:2: ") && strstr(err, "save the file as UTF-8"), "%s", err);
	unlink(cp1258);
}
END_TEST

Suite *suite_cli(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("gi");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, help_and_usage);
	tcase_add_test(tc, verify_table);
	tcase_add_test(tc, table_columns_by_display_width);
	tcase_add_test(tc, spec_by_name);
	tcase_add_test(tc, verify_json);
	tcase_add_test(tc, exit_statuses);
	tcase_add_test(tc, bad_input_no_partial_output);
	tcase_add_test(tc, spec_check);
	tcase_add_test(tc, evoo_versions_cli);
	tcase_add_test(tc, spec_show);
	tcase_add_test(tc, html_report);
	tcase_add_test(tc, pt_command);
	tcase_add_test(tc, sign_and_verify_records);
	tcase_add_test(tc, man_page);
	tcase_add_test(tc, verify_rows_in_any_order);
	tcase_add_test(tc, verify_decimal_and_encoding);
	suite_add_tcase(s, tc);
	TCase *tw = tcase_create("output");
	tcase_set_timeout(tw, 120);
	tcase_add_test(tw, untrusted_text_is_escaped);
	tcase_add_test(tw, messages_are_one_line);
	tcase_add_test(tw, stdout_write_errors);
	tcase_add_test(tw, record_verify_directory);
	tcase_add_test(tw, stdin_report_name);
	tcase_add_test(tw, html_write_errors);
	tcase_add_test(tw, records_published_whole);
	tcase_add_test(tw, records_published_as_one_tar_file);
	tcase_add_test(tw, records_named_after_samples);
	tcase_add_test(tw, interrupted_run_leaves_nothing);
	suite_add_tcase(s, tw);
	return s;
}
