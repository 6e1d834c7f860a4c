/* check_cli.c - the gi command as a user meets it: help, exit statuses,
 * the table and JSON document, and bad input leaving stdout empty. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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
	ck_assert_int_eq(GI("verify", "--bogus"), 2);
	ck_assert_int_eq(GI("verify", "-s", "a", "-r", "b", "--format", "pdf"), 2);
	ck_assert_int_eq(GI("spec", "show"), 2);
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
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", no_tsa);
	ck_assert_int_eq(system(cmd), 0);
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
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", none);
	ck_assert_int_eq(system(cmd), 0);
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
}
END_TEST

Suite *suite_cli(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("gi");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, help_and_usage);
	tcase_add_test(tc, verify_table);
	tcase_add_test(tc, verify_json);
	tcase_add_test(tc, exit_statuses);
	tcase_add_test(tc, bad_input_no_partial_output);
	tcase_add_test(tc, spec_check);
	tcase_add_test(tc, spec_show);
	tcase_add_test(tc, html_report);
	tcase_add_test(tc, pt_command);
	tcase_add_test(tc, sign_and_verify_records);
	tcase_add_test(tc, man_page);
	suite_add_tcase(s, tc);
	return s;
}
