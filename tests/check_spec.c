/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_spec.c - loading specifications: the shipped ones exactly as
 * registered, and every kind of problem reported with its line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "suites.h"

static const gi_criterion *crit(const gi_spec *s, const char *product, size_t i)
{
	const gi_product *p = gi_spec_find_product(s, product);
	ck_assert_msg(p != NULL, "no product %s", product);
	ck_assert_uint_lt(i, p->n_criteria);
	return &p->criteria[i];
}

/* Lai Châu tea, GI No. 00146 (decision 559/QĐ-SHTT, 19 Aug 2025; Lai Châu
 * S&T newsletter 2025): glutamic acid >= 5.34 / 4.24 / 5.61 g/100g for green
 * tea / oolong / Oriental Beauty; Shan 1,200-2,500 m; Kim Tuyên 900-1,300 m;
 * Lai Châu city and five districts. */
START_TEST(lai_chau_as_registered)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	const gi_spec_info *in = gi_spec_get_info(s);
	ck_assert_str_eq(in->registration, "00146");
	ck_assert_str_eq(in->decision, "559/QĐ-SHTT");
	ck_assert_str_eq(in->decision_date, "2025-08-19");
	ck_assert_str_eq(in->name, "Lai Châu");
	ck_assert_uint_eq(gi_spec_product_count(s), 3);
	static const struct { const char *p; double min; double alt_lo, alt_hi; } want[] = {
		{ "green-tea", 5.34, 1200, 2500 }, { "oolong", 4.24, 900, 1300 }, { "oriental-beauty", 5.61, 900, 1300 },
	};
	for (size_t i = 0; i < 3; i++) {
		const gi_criterion *c = crit(s, want[i].p, 0);
		ck_assert_str_eq(c->analyte, "glutamic-acid");
		ck_assert_str_eq(c->unit, "g/100g");
		ck_assert(c->limit.has_lower && !c->limit.lower_strict && !c->limit.has_upper);
		ck_assert(c->limit.lower == want[i].min);
		ck_assert(c->mandatory);
		const gi_area *a = gi_spec_find_product(s, want[i].p)->area;
		ck_assert(a->has_altitude && a->altitude_min == want[i].alt_lo && a->altitude_max == want[i].alt_hi);
		ck_assert_uint_eq(a->n_units, 6);
	}
	gi_spec_free(s);
}
END_TEST

/* The other shipped specs carry the published limits and their shapes:
 * strict versus inclusive, ratio, dry matter, fat basis, unitless. */
START_TEST(other_specs_as_published)
{
	gi_spec *s = t_spec("specs/lam-dong-coffee.xml");
	ck_assert(crit(s, "arabica", 0)->limit.lower == 1.57);
	ck_assert(crit(s, "robusta", 0)->limit.lower == 2.64);
	ck_assert(crit(s, "robusta", 1)->limit.lower == 17 && crit(s, "robusta", 1)->limit.lower_strict);
	ck_assert(gi_spec_find_product(s, "robusta")->area->altitude_min == 700);
	gi_spec_free(s);

	s = t_spec("specs/luc-ngan-orange.xml");
	ck_assert(crit(s, "cs1", 0)->limit.lower == 9.7);
	ck_assert(crit(s, "duong-canh", 0)->limit.lower == 9.01);
	ck_assert(crit(s, "v2", 0)->limit.lower == 9.1);
	ck_assert_str_eq(gi_spec_get_info(s)->decision, "252/QĐ-SHTT");
	gi_spec_free(s);

	s = t_spec("specs/parmigiano-reggiano.xml");
	const gi_criterion *fat = crit(s, "parmigiano-reggiano", 0), *faa = crit(s, "parmigiano-reggiano", 1),
	                   *cpfa = crit(s, "parmigiano-reggiano", 2);
	ck_assert(fat->basis == GI_BASIS_DRY_MATTER && fat->limit.lower == 32 && !fat->limit.lower_strict);
	ck_assert(faa->analyte == NULL && faa->limit.lower == 15 && faa->limit.lower_strict);
	ck_assert_str_eq(faa->numerator, "free-amino-acids");
	ck_assert_str_eq(faa->denominator, "total-protein");
	ck_assert(cpfa->basis == GI_BASIS_FAT && cpfa->limit.upper == 22 && cpfa->limit.upper_strict);
	ck_assert_str_eq(cpfa->unit, "mg/100g");
	gi_spec_free(s);

	/* the EU extra virgin olive oil versions: evoo_versions_as_published */
}
END_TEST

typedef struct {
	const char *analyte, *unit, *le, *gt; /* one bound, as printed */
} evoo_limit;

static void evoo_pin(const char *file, const char *version, const char *effective, const char *decided,
                     const evoo_limit *want, size_t n)
{
	gi_spec *s = t_spec(file);
	const gi_spec_info *in = gi_spec_get_info(s);
	ck_assert_str_eq(in->id, "eu-extra-virgin-olive-oil");
	ck_assert_str_eq(in->version, version);
	ck_assert_str_eq(in->effective, effective);
	ck_assert_str_eq(in->decision_date, decided);
	const gi_product *p = gi_spec_find_product(s, "extra-virgin-olive-oil");
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->n_criteria, n);
	for (size_t i = 0; i < n; i++) {
		const gi_criterion *c = &p->criteria[i];
		ck_assert_str_eq(c->analyte, want[i].analyte);
		ck_assert_str_eq(c->unit, want[i].unit);
		ck_assert(c->mandatory);
		if (want[i].le) {
			ck_assert_msg(c->limit.has_upper && !c->limit.upper_strict && !c->limit.has_lower, "%s", file);
			ck_assert_str_eq(c->limit.upper_text, want[i].le);
		} else {
			ck_assert_msg(c->limit.has_lower && c->limit.lower_strict && !c->limit.has_upper, "%s", file);
			ck_assert_str_eq(c->limit.lower_text, want[i].gt);
		}
	}
	gi_spec_free(s);
}

/* EU extra virgin olive oil, one spec id in three versions, each limit with
 * the decimals its regulation prints:
 * - Reg. (EU) 2015/1830 (OJ L 266, 13.10.2015), Annex = Annex I to Reg.
 *   (EEC) No 2568/91, row 1: acidity <= 0,8 %; peroxide <= 20 mEq O2/kg;
 *   waxes C42+C44+C46 <= 150 mg/kg; K232 <= 2,50; K268/K270 <= 0,22;
 *   Delta-K <= 0,01; Md = 0; Mf > 0; FAEEs <= 35 mg/kg for the 2014-2016
 *   crop years (<= 30 only "after 2016 crop years"). In force 16.10.2015.
 * - Reg. (EU) 2016/2095 (OJ L 326, 1.12.2016), Annex, quality
 *   characteristics, row 1: the same quality limits, FAEEs <= 35 mg/kg for
 *   every crop. Art. 2: in force on the third day, 4.12.2016.
 * - Reg. (EU) 2022/2104, consolidated text 02022R2104-20240610, Annex I,
 *   Table A, point 1: acidity <= 0,80; peroxide <= 20,0; K232 <= 2,50;
 *   K268/K270 <= 0,22; Delta-K <= 0,01; Md = 0,0; Mf > 0,0; FAEEs <= 35.
 *   Applies from 24.11.2022 (2568/91 and its amendments valid to 23.11.2022). */
START_TEST(evoo_versions_as_published)
{
	static const evoo_limit v2015[] = {
		{ "acidity", "%", "0.8", NULL }, { "peroxide-value", "meq O2/kg", "20", NULL },
		{ "k232", "1", "2.50", NULL }, { "k270", "1", "0.22", NULL }, { "delta-k", "1", "0.01", NULL },
		{ "waxes", "mg/kg", "150", NULL }, { "ethyl-esters", "mg/kg", "35", NULL },
		{ "median-defect", "1", "0", NULL }, { "fruity-median", "1", NULL, "0" },
	};
	evoo_pin("specs/eu-extra-virgin-olive-oil.xml", "2015-1830", "2015-10-16", "2015-07-08", v2015, 9);
	static const evoo_limit v2016[] = {
		{ "acidity", "%", "0.8", NULL }, { "peroxide-value", "meq O2/kg", "20", NULL },
		{ "k232", "1", "2.50", NULL }, { "k270", "1", "0.22", NULL }, { "delta-k", "1", "0.01", NULL },
		{ "ethyl-esters", "mg/kg", "35", NULL },
		{ "median-defect", "1", "0", NULL }, { "fruity-median", "1", NULL, "0" },
	};
	evoo_pin("specs/eu-extra-virgin-olive-oil-2016.xml", "2016-2095", "2016-12-04", "2016-09-26", v2016, 8);
	static const evoo_limit v2022[] = {
		{ "acidity", "%", "0.80", NULL }, { "peroxide-value", "meq O2/kg", "20.0", NULL },
		{ "k232", "1", "2.50", NULL }, { "k270", "1", "0.22", NULL }, { "delta-k", "1", "0.01", NULL },
		{ "ethyl-esters", "mg/kg", "35", NULL },
		{ "median-defect", "1", "0.0", NULL }, { "fruity-median", "1", NULL, "0.0" },
	};
	evoo_pin("specs/eu-extra-virgin-olive-oil-2022.xml", "2022-2104", "2022-11-24", "2022-07-29", v2022, 8);
}
END_TEST

/* The digest is the SHA-256 of the file's bytes, computed independently. */
START_TEST(digest_of_bytes)
{
	char hex[65];
	t_sha256_file(t_src("specs/lai-chau-tea.xml"), hex);
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	ck_assert_str_eq(gi_spec_get_info(s)->sha256, hex);
	gi_spec_free(s);
}
END_TEST

typedef struct {
	int n;
	long line[16];
	char msg[16][512];
} problems;

static void collect(const gi_error *p, void *payload)
{
	problems *ps = payload;
	if (ps->n < 16) {
		ps->line[ps->n] = p->line;
		snprintf(ps->msg[ps->n], sizeof ps->msg[0], "%s", p->message);
	}
	ps->n++;
}

static int load_problems(const char *xml, problems *ps)
{
	memset(ps, 0, sizeof *ps);
	gi_load_options o = GI_LOAD_OPTIONS_INIT;
	o.on_problem = collect;
	o.payload = ps;
	gi_spec *s = NULL;
	int rc = gi_spec_load_memory(&s, xml, strlen(xml), "bad.xml", &o);
	ck_assert_msg((rc == 0) == (s != NULL), "spec returned with an error, or none without");
	gi_spec_free(s);
	return rc;
}

static long line_of(const char *xml, const char *needle)
{
	const char *p = strstr(xml, needle);
	ck_assert_msg(p != NULL, "needle %s", needle);
	long line = 1;
	for (const char *q = xml; q < p; q++)
		line += *q == '\n';
	return line;
}

/* Each semantic rule the schema cannot express is reported once, on the
 * line of the element that breaks it, and the spec is refused. */
START_TEST(semantic_problems)
{
	static const struct { const char *criteria; const char *needle; const char *says; } cases[] = {
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"g/lb\">\n<limit ge=\"1\"/></criterion>", "<criterion", "unknown unit" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\">\n<limit ge=\"5\" le=\"4\"/></criterion>", "<limit", "above upper" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\">\n<limit gt=\"5\" lt=\"5\"/></criterion>", "<limit", "no value" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\"><limit ge=\"1\"/></criterion>\n"
		  "<criterion id=\"a\" analyte=\"fat\" unit=\"%\"><limit ge=\"1\"/></criterion>", "\n<criterion id=\"a\" analyte=\"fat\"", "used twice" },
		{ "<criterion id=\"a\" analyte=\"caffeine\" unit=\"%\">\n<limit ge=\"1\"/></criterion>", "<criterion", "not declared" },
		{ "<criterion id=\"a\" unit=\"%\">\n<ratio numerator=\"faa\" denominator=\"nitrogen\"/><limit gt=\"15\"/></criterion>", "<ratio", "nitrogen" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\">\n<limit ge=\"1\" gt=\"2\"/></criterion>", "<limit", "both ge and gt" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\">\n<limit/></criterion>", "<limit", "no bound" },
		{ "<criterion id=\"a\" analyte=\"glu\">\n<limit ge=\"1\"/></criterion>", "<criterion", "no unit" },
		{ "<criterion id=\"a\" unit=\"%\">\n<limit ge=\"1\"/></criterion>", "<criterion", "no analyte" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"meq O2/kg\" basis=\"dry-matter\">\n<limit ge=\"1\"/></criterion>", "<criterion", "mass fractions" },
		{ "<criterion id=\"a\" analyte=\"moisture\" unit=\"%\" basis=\"dry-matter\">\n<limit le=\"9\"/></criterion>", "<criterion", "moisture cannot" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *xml = t_spec_xml(cases[i].criteria);
		problems ps;
		ck_assert_int_eq(load_problems(xml, &ps), GI_EINVALID);
		ck_assert_msg(ps.n == 1, "case %zu: %d problems (first: %s)", i, ps.n, ps.msg[0]);
		ck_assert_msg(strstr(ps.msg[0], cases[i].says), "case %zu: '%s'", i, ps.msg[0]);
		long want = line_of(xml, cases[i].needle) + (cases[i].needle[0] == '\n');
		ck_assert_msg(ps.line[0] == want, "case %zu: line %ld, want %ld", i, ps.line[0], want);
		ck_assert_int_eq(gi_error_last()->line, want);
		ck_assert_str_eq(gi_error_last()->file, "bad.xml");
	}
}
END_TEST

/* Problems across the document are all reported, in order; the summary
 * error says how many there were. */
START_TEST(every_problem_reported)
{
	char xml[20000];
	snprintf(xml, sizeof xml, "%s", t_spec_xml(
		"<criterion id=\"a\" analyte=\"glu\" unit=\"g/lb\"><limit ge=\"1\"/></criterion>\n"
		"<criterion id=\"b\" analyte=\"nope\" unit=\"%\"><limit ge=\"1\"/></criterion>\n"
		"<criterion id=\"c\" analyte=\"glu\" unit=\"%\"><limit ge=\"3\" le=\"2\"/></criterion>"));
	/* and a duplicate analyte id */
	char *p = strstr(xml, "<analyte id=\"fat\"/>");
	memcpy(p, "<analyte id=\"glu\"/>", strlen("<analyte id=\"glu\"/>"));
	problems ps;
	ck_assert_int_eq(load_problems(xml, &ps), GI_EINVALID);
	ck_assert_int_eq(ps.n, 4);
	ck_assert_ptr_nonnull(strstr(ps.msg[0], "declared twice"));
	ck_assert_ptr_nonnull(strstr(ps.msg[1], "g/lb"));
	ck_assert_ptr_nonnull(strstr(ps.msg[2], "nope"));
	ck_assert_ptr_nonnull(strstr(ps.msg[3], "above upper"));
	ck_assert(ps.line[0] < ps.line[1] && ps.line[1] < ps.line[2] && ps.line[2] < ps.line[3]);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "3 more problems"));
}
END_TEST

/* Schema violations are reported with their line, as are broken XML,
 * DOCTYPEs (entity bombs, external entities), empty and oversized input. */
START_TEST(structural_problems)
{
	problems ps;
	const char *xml = t_spec_xml("<criterion id=\"a\" analyte=\"glu\" unit=\"%\">\n<limit ge=\"five\"/></criterion>");
	ck_assert_int_eq(load_problems(xml, &ps), GI_EINVALID);
	ck_assert_int_eq(ps.line[0], line_of(xml, "<limit"));
	ck_assert_ptr_nonnull(strstr(ps.msg[0], "five"));

	ck_assert_int_eq(load_problems("<giSpec xmlns=\"urn:libgi:gi-spec:1\">\n<identity>\n</giSpec>", &ps), GI_EPARSE);
	ck_assert_int_eq(ps.line[0], 3);

	const char *bomb =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE giSpec [\n<!ENTITY a \"aaaaaaaaaa\">\n"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n"
		"<giSpec xmlns=\"urn:libgi:gi-spec:1\">&c;</giSpec>";
	ck_assert_int_eq(load_problems(bomb, &ps), GI_EPARSE);
	ck_assert_int_eq(ps.n, 1);
	ck_assert_ptr_nonnull(strstr(ps.msg[0], "DOCTYPE"));
	ck_assert_int_eq(ps.line[0], 2);

	const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE giSpec [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	                  "<giSpec xmlns=\"urn:libgi:gi-spec:1\">&x;</giSpec>";
	ck_assert_int_eq(load_problems(xxe, &ps), GI_EPARSE);
	ck_assert_ptr_nonnull(strstr(ps.msg[0], "DOCTYPE"));

	ck_assert_int_eq(load_problems("", &ps), GI_EPARSE);
	ck_assert_ptr_nonnull(strstr(ps.msg[0], "empty"));

	size_t big = (16u << 20) + 1;
	char *huge = malloc(big + 1);
	memset(huge, ' ', big);
	huge[big] = '\0';
	ck_assert_int_eq(load_problems(huge, &ps), GI_EIO);
	ck_assert_ptr_nonnull(strstr(ps.msg[0], "larger"));
	free(huge);

	gi_spec *s = (gi_spec *)1;
	ck_assert_int_eq(gi_spec_load_file(&s, "/nonexistent/spec.xml", NULL), GI_EIO);
	ck_assert_ptr_null(s);
	ck_assert_str_eq(gi_error_last()->file, "/nonexistent/spec.xml");
	ck_assert_int_eq(gi_spec_load_file(&s, "/", NULL), GI_EIO);
}
END_TEST

/* Values the schema refuses are explained in a chemist's terms, not
 * libxml2's ("is not a valid value of the atomic type 'xs:decimal'"), and
 * a root element without the spec namespace says what to write. */
START_TEST(schema_problems_in_words)
{
	static const struct { const char *criteria; const char *says; } cases[] = {
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\">\n<limit ge=\"7,5\"/></criterion>",
		  "Element 'limit', attribute 'ge': '7,5' is not a number: write decimals with a point, '7.5'" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\">\n<limit ge=\"five\"/></criterion>",
		  "Element 'limit', attribute 'ge': 'five' is not a number (a decimal such as 5.34 is expected)" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\"><limit ge=\"1\"/>\n<defaultUncertainty expanded=\"0,2\"/></criterion>",
		  "Element 'defaultUncertainty', attribute 'expanded': '0,2' is not a number: write decimals with a point, '0.2'" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\"><limit ge=\"1\"/>\n<defaultUncertainty expanded=\"-0.2\"/></criterion>",
		  "Element 'defaultUncertainty', attribute 'expanded': the value '-0.2' is less than the minimum value allowed ('0')" },
		{ "<criterion id=\"a\" analyte=\"glu\" unit=\"%\"><limit ge=\"1\"/>\n<defaultUncertainty expanded=\"0.2\" k=\"0\"/></criterion>",
		  "Element 'defaultUncertainty', attribute 'k': the value '0' must be greater than '0'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *xml = t_spec_xml(cases[i].criteria);
		problems ps;
		ck_assert_int_eq(load_problems(xml, &ps), GI_EINVALID);
		ck_assert_str_eq(ps.msg[0], cases[i].says);
		ck_assert_int_eq(ps.line[0], line_of(xml, strchr(cases[i].criteria, '\n')) + 1);
	}
	static const struct { const char *from, *to, *says; } roots[] = {
		{ " xmlns=\"urn:libgi:gi-spec:1\"", "",
		  "<giSpec> has no namespace: write <giSpec xmlns=\"urn:libgi:gi-spec:1\">" },
		{ "urn:libgi:gi-spec:1", "urn:libgi:gi-spec:2",
		  "<giSpec> is in the namespace 'urn:libgi:gi-spec:2': write <giSpec xmlns=\"urn:libgi:gi-spec:1\">" },
		{ "<giSpec", "<labReport", "the root element is <labReport>, not a specification's <giSpec xmlns=\"urn:libgi:gi-spec:1\">" },
	};
	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		char xml[20000];
		const char *good = t_spec_xml("<criterion id=\"a\" analyte=\"glu\" unit=\"%\"><limit ge=\"1\"/></criterion>");
		const char *at = strstr(good, roots[i].from);
		ck_assert_ptr_nonnull(at);
		const char *close = strstr(good, "</giSpec>");
		int tail_fix = strcmp(roots[i].from, "<giSpec") == 0;
		snprintf(xml, sizeof xml, "%.*s%s%.*s%s", (int)(at - good), good, roots[i].to,
		         (int)((tail_fix ? close : good + strlen(good)) - (at + strlen(roots[i].from))),
		         at + strlen(roots[i].from), tail_fix ? "</labReport>\n" : "");
		problems ps;
		ck_assert_int_eq(load_problems(xml, &ps), GI_EINVALID);
		ck_assert_int_eq(ps.n, 1);
		ck_assert_str_eq(ps.msg[0], roots[i].says);
	}
}
END_TEST

/* A spec is found by name in $GI_SPEC_PATH, in order, then in the
 * installed directory; a path is a path; a miss names where it looked and
 * the nearest name. */
START_TEST(find_by_name)
{
	char a[] = "/tmp/gi-specs-a-XXXXXX", b[] = "/tmp/gi-specs-b-XXXXXX", f[4200];
	ck_assert_ptr_nonnull(mkdtemp(a));
	ck_assert_ptr_nonnull(mkdtemp(b));
	const char *names[][2] = { { a, "tea" }, { b, "tea" }, { b, "coffee" } };
	for (size_t i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s/%s.xml", names[i][0], names[i][1]);
		FILE *fp = fopen(f, "w");
		ck_assert_ptr_nonnull(fp);
		fputs(t_spec_xml("<criterion id=\"a\" analyte=\"glu\" unit=\"%\"><limit ge=\"1\"/></criterion>"), fp);
		fclose(fp);
	}
	char env[200];
	snprintf(env, sizeof env, "%s::%s", a, b);
	ck_assert_int_eq(setenv("GI_SPEC_PATH", env, 1), 0);
	char *path = NULL;
	ck_assert_int_eq(gi_spec_find(&path, "tea"), GI_OK);
	snprintf(f, sizeof f, "%s/tea.xml", a);   /* the first directory wins */
	ck_assert_str_eq(path, f);
	gi_free(path);
	ck_assert_int_eq(gi_spec_find(&path, "tea.xml"), GI_OK);
	ck_assert_str_eq(path, f);
	gi_free(path);
	ck_assert_int_eq(gi_spec_find(&path, "coffee"), GI_OK);
	snprintf(f, sizeof f, "%s/coffee.xml", b);
	ck_assert_str_eq(path, f);
	gi_spec *spec = NULL;
	ck_assert_int_eq(gi_spec_load_file(&spec, path, NULL), GI_OK);
	gi_spec_free(spec);
	gi_free(path);
	/* a path is not searched for, even when it does not exist */
	ck_assert_int_eq(gi_spec_find(&path, "./tea"), GI_OK);
	ck_assert_str_eq(path, "./tea");
	gi_free(path);
	/* a near miss names the nearest; a far one where it looked and what is there */
	path = (char *)1;
	ck_assert_int_eq(gi_spec_find(&path, "coffe"), GI_EIO);
	ck_assert_ptr_null(path);
	ck_assert_str_eq(gi_error_last()->file, "coffe");
	const char *near = "no such file, nor an installed specification; did you mean 'coffee'? (coffee, ";
	ck_assert_msg(strncmp(gi_error_last()->message, near, strlen(near)) == 0, "%s", gi_error_last()->message);
	ck_assert_ptr_null(strstr(gi_error_last()->message, "tea, tea")); /* each name once */
	ck_assert_int_eq(gi_spec_find(&path, "zzzzzz"), GI_EIO);
	char want[1200];  /* what gi_spec_dir() holds depends on what is installed */
	snprintf(want, sizeof want, "no such file, nor zzzzzz.xml in %s, %s, %s (there: ", a, b, gi_spec_dir());
	ck_assert_msg(strncmp(gi_error_last()->message, want, strlen(want)) == 0, "%s", gi_error_last()->message);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "coffee, "));
	ck_assert_int_eq(gi_spec_find(&path, ""), GI_EUSAGE);
	unsetenv("GI_SPEC_PATH");
	for (size_t i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s/%s.xml", names[i][0], names[i][1]);
		unlink(f);
	}
	rmdir(a);
	rmdir(b);
}
END_TEST

/* A 2 GB file is refused from its size alone, before any byte is read. */
START_TEST(two_gigabytes)
{
	char path[] = "/tmp/gi-test-big-XXXXXX";
	int fd = mkstemp(path);
	ck_assert(fd >= 0);
	ck_assert_int_eq(ftruncate(fd, 2LL << 30), 0);
	close(fd);
	gi_spec *s = NULL;
	ck_assert_int_eq(gi_spec_load_file(&s, path, NULL), GI_EIO);
	ck_assert_ptr_nonnull(strstr(gi_error_last()->message, "2147483648 bytes"));
	unlink(path);
}
END_TEST

Suite *suite_spec(void)
{
	Suite *s = suite_create("spec");
	TCase *tc = tcase_create("load");
	tcase_add_test(tc, lai_chau_as_registered);
	tcase_add_test(tc, other_specs_as_published);
	tcase_add_test(tc, evoo_versions_as_published);
	tcase_add_test(tc, digest_of_bytes);
	tcase_add_test(tc, semantic_problems);
	tcase_add_test(tc, every_problem_reported);
	tcase_add_test(tc, structural_problems);
	tcase_add_test(tc, schema_problems_in_words);
	tcase_add_test(tc, find_by_name);
	tcase_add_test(tc, two_gigabytes);
	suite_add_tcase(s, tc);
	return s;
}
