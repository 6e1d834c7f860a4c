/* SPDX-License-Identifier: GPL-3.0-or-later */
/* check_place.c - place names of origin (Unicode forms, case, level words,
 * near misses), communes merged on 1 July 2025 and the communes that
 * straddle a GI's area, and spec versions chosen by sampling date. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include "helpers.h"
#include "suites.h"

static char out[1 << 16], err[1 << 14];
#define GI(...) t_gi(out, sizeof out, err, sizeof err, __VA_ARGS__, (char *)NULL)

typedef struct {
	int rc;
	char error[512];
	long line;
	size_t n;
	gi_verdict verdict[16], origin[16];
	char reason[16][600], origin_reason[16][600], version[16][16];
	gi_summary sum;
} p_run;

static int collect(const gi_sample_result *r, void *payload)
{
	p_run *p = payload;
	ck_assert_uint_lt(p->n, 16);
	p->verdict[p->n] = r->verdict;
	p->origin[p->n] = r->origin_verdict;
	snprintf(p->reason[p->n], sizeof p->reason[0], "%s", r->reason);
	snprintf(p->origin_reason[p->n], sizeof p->origin_reason[0], "%s", r->origin_reason);
	ck_assert_ptr_nonnull(r->spec);
	snprintf(p->version[p->n], sizeof p->version[0], "%s", gi_spec_get_info(r->spec)->version);
	p->n++;
	return 0;
}

static void run(p_run *p, const gi_spec *spec, const gi_spec *const *more, size_t n_more, const char *text)
{
	memset(p, 0, sizeof *p);
	gi_report *r = NULL;
	p->rc = gi_report_open_memory(&r, text, strlen(text), "place-report.csv", NULL);
	if (p->rc == 0) {
		gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
		o.on_sample = collect;
		o.payload = p;
		o.versions = more;
		o.n_versions = n_more;
		p->rc = gi_verify(&p->sum, spec, r, &o);
	}
	if (p->rc != 0) {
		snprintf(p->error, sizeof p->error, "%s", gi_error_last()->message);
		p->line = gi_error_last()->line;
	}
	gi_report_free(r);
}

/* One green-tea sample of the shipped Lai Châu spec, at 1450 m (inside
 * the Shan band 1,200-2,500 m), glutamic acid 6 g/100g (>= 5.34). */
static void lai_chau(p_run *p, const gi_spec *spec, const char *origin, const char *former)
{
	char text[1024];
	snprintf(text, sizeof text,
	         "lab,sample,product,spec,origin,origin_former,altitude,analyte,unit,value\n"
	         "L,S1,green-tea,vn-gi-00146-lai-chau-tea,%s,%s,1450,glutamic-acid,g/100g,6\n",
	         origin, former ? former : "");
	run(p, spec, NULL, 0, text);
}

/* A small spec for Hà Giang's Hoàng Su Phì district (not a shipped spec:
 * only its name matters here). */
static const char hoang_su_phi[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<giSpec xmlns=\"urn:libgi:gi-spec:1\" id=\"hsp\" version=\"1\" effective=\"2020-01-01\">\n"
	"<identity><name lang=\"vi\">Hoàng Su Phì</name><source>unit tests</source></identity>\n"
	"<analytes><analyte id=\"glu\"/></analytes>\n"
	"<areas><area id=\"a\"><unit>Hoàng Su Phì</unit></area></areas>\n"
	"<products><product id=\"p\" area=\"a\"><name lang=\"en\">P</name>\n"
	"<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion></product></products>\n"
	"</giSpec>\n";

/* Upper case, a district word and the decomposed (NFD) form all name the
 * same unit as the spec's NFC "Hoàng Su Phì" (Unicode NFC and full case
 * folding). */
START_TEST(unicode_forms)
{
	gi_spec *s = t_spec_text(hoang_su_phi);
	ck_assert_ptr_nonnull(s);
	static const char *const names[] = {
		"HOÀNG SU PHÌ", "Huyện Hoàng Su Phì", "Hoa\xcc\x80ng Su Phi\xcc\x80", "HUYỆN  HOÀNG SU PHÌ",
		"Hoàng Su Phì district",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char text[512];
		snprintf(text, sizeof text, "lab,sample,product,spec,origin,analyte,unit,value\nL,S1,p,hsp,%s,glu,g/100g,6\n",
		         names[i]);
		p_run p;
		run(&p, s, NULL, 0, text);
		ck_assert_msg(p.rc == 0, "%s: %s", names[i], p.error);
		ck_assert_msg(p.origin[0] == GI_VERDICT_PASS, "%s: %s", names[i], p.origin_reason[0]);
		ck_assert_int_eq(p.verdict[0], GI_VERDICT_PASS);
	}
	gi_spec_free(s);
}
END_TEST

/* An area registered by communes (as Tân Cương tea's, GI No. 00013, is by
 * communes of Thái Nguyên city): a commune-level word on either side does
 * not matter, but a city is still not its province. */
START_TEST(commune_words)
{
	static const char xml[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<giSpec xmlns=\"urn:libgi:gi-spec:1\" id=\"tc\" version=\"1\" effective=\"2020-01-01\">\n"
		"<identity><name lang=\"vi\">Tân Cương</name><source>unit tests</source></identity>\n"
		"<analytes><analyte id=\"glu\"/></analytes>\n"
		"<areas><area id=\"a\"><unit>Xã Tân Cương</unit><unit>Phúc Xuân</unit></area></areas>\n"
		"<products><product id=\"p\" area=\"a\"><name lang=\"en\">P</name>\n"
		"<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion></product></products>\n"
		"</giSpec>\n";
	gi_spec *s = t_spec_text(xml);
	ck_assert_ptr_nonnull(s);
	static const struct { const char *name; gi_verdict v; } t[] = {
		{ "Tân Cương", GI_VERDICT_PASS }, { "XÃ TÂN CƯƠNG", GI_VERDICT_PASS }, { "Tân Cương commune", GI_VERDICT_PASS },
		{ "Xã Phúc Xuân", GI_VERDICT_PASS }, { "Thành phố Phúc Xuân", GI_VERDICT_FAIL },
		{ "Tỉnh Tân Cương", GI_VERDICT_FAIL },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char text[512];
		snprintf(text, sizeof text, "lab,sample,product,spec,origin,analyte,unit,value\nL,S1,p,tc,%s,glu,g/100g,6\n",
		         t[i].name);
		p_run p;
		run(&p, s, NULL, 0, text);
		ck_assert_msg(p.rc == 0, "%s: %s", t[i].name, p.error);
		ck_assert_msg(p.origin[0] == t[i].v, "%s: %s", t[i].name, p.origin_reason[0]);
	}
	gi_spec_free(s);
}
END_TEST

/* A name that matches a known place only without its diacritics, or with
 * one or two letters wrong, is bad input with a suggestion - never a
 * silent origin fail. Names of real places outside the area still fail. */
START_TEST(did_you_mean)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	static const struct { const char *name, *hint; } bad[] = {
		{ "Tam Duong", "Tam Đường" }, { "TAM DUONG", "Tam Đường" }, { "Tam Đườg", "Tam Đường" },
		{ "Sin Ho", "Sìn Hồ" }, { "Le Loi", "Lê Lợi" }, { "Xã Bình Lưu", "Bình Lư" },
		{ "Than Uyen", "Than Uyên" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		p_run p;
		lai_chau(&p, s, bad[i].name, NULL);
		ck_assert_msg(p.rc == GI_EINVALID, "%s: rc %d", bad[i].name, p.rc);
		char want[128];
		snprintf(want, sizeof want, "did you mean '%s'?", bad[i].hint);
		ck_assert_msg(strstr(p.error, want) && strstr(p.error, bad[i].name), "%s: %s", bad[i].name, p.error);
		ck_assert_int_eq(p.line, 2);
	}
	static const char *const outside[] = { "Mường Tè", "Tỉnh Lai Châu", "Hà Giang", "Huyện Nậm Nhùn" };
	for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
		p_run p;
		lai_chau(&p, s, outside[i], NULL);
		ck_assert_msg(p.rc == 0, "%s: %s", outside[i], p.error);
		ck_assert_msg(p.origin[0] == GI_VERDICT_FAIL, "%s: %s", outside[i], p.origin_reason[0]);
	}
	gi_spec_free(s);
}
END_TEST

/* The CLI reports a near miss as bad input: file, line, suggestion, exit 2,
 * nothing on stdout. */
START_TEST(did_you_mean_cli)
{
	const char *report = t_tmpfile(
		"lab,sample,product,spec,origin,altitude,analyte,unit,value\n"
		"L,S1,green-tea,vn-gi-00146-lai-chau-tea,Tam Đường,1500,glutamic-acid,g/100g,6\n"
		"L,S2,green-tea,vn-gi-00146-lai-chau-tea,Tam Duong,1500,glutamic-acid,g/100g,6\n", ".csv");
	ck_assert_int_eq(GI("verify", "-s", t_src("specs/lai-chau-tea.xml"), "-r", report), 2);
	char want[4200];
	snprintf(want, sizeof want, "%s:3", report);
	ck_assert_msg(strstr(err, want) && strstr(err, "did you mean 'Tam Đường'?"), "%s", err);
	ck_assert_str_eq(out, "");
	unlink(report);
}
END_TEST

/* Communes since 1 July 2025 (Resolution 1670/NQ-UBTVQH15; mapping in
 * specs/data/lai-chau-communes-2025.csv and its README): of Lai Châu's 38
 * new units, 26 lie wholly inside GI 00146's registered districts, 10
 * wholly outside, and Lê Lợi and Pa Tần straddle the area. */
START_TEST(new_communes_of_lai_chau)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	FILE *f = fopen(t_src("specs/data/lai-chau-communes-2025.csv"), "r");
	ck_assert_ptr_nonnull(f);
	char line[512], seen[64][64];
	size_t n_seen = 0, in = 0, outside = 0, straddle = 0;
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	while (fgets(line, sizeof line, f)) {
		char *name = strchr(line, ',') + 1;
		*strchr(name, ',') = '\0';
		size_t k = 0;
		while (k < n_seen && strcmp(seen[k], name) != 0)
			k++;
		if (k < n_seen)
			continue;
		snprintf(seen[n_seen++], sizeof seen[0], "%s", name);
		p_run p;
		lai_chau(&p, s, name, NULL);
		ck_assert_msg(p.rc == 0, "%s: %s", name, p.error);
		in += p.origin[0] == GI_VERDICT_PASS;
		outside += p.origin[0] == GI_VERDICT_FAIL;
		if (p.origin[0] == GI_VERDICT_INCONCLUSIVE) {
			straddle++;
			ck_assert_msg(strcmp(name, "Lê Lợi") == 0 || strcmp(name, "Pa Tần") == 0, "%s", name);
			ck_assert_int_eq(p.verdict[0], GI_VERDICT_INCONCLUSIVE);
			ck_assert_msg(strstr(p.origin_reason[0], "straddles") &&
			              strstr(p.origin_reason[0], "coordinates are not available yet"), "%s", p.origin_reason[0]);
		}
	}
	fclose(f);
	ck_assert_uint_eq(n_seen, 38);
	ck_assert_uint_eq(in, 26);
	ck_assert_uint_eq(outside, 10);
	ck_assert_uint_eq(straddle, 2);
	gi_spec_free(s);
}
END_TEST

/* A sample may name a former district, a former commune or a new commune,
 * with its level word; the former commune (origin_former / formerUnit)
 * decides a straddling commune, and must be one it was formed from. */
START_TEST(former_communes)
{
	gi_spec *s = t_spec("specs/lai-chau-tea.xml");
	static const struct { const char *origin, *former; gi_verdict v; } t[] = {
		{ "Xã Bình Lư", NULL, GI_VERDICT_PASS },
		{ "Phường Đoàn Kết", NULL, GI_VERDICT_PASS },
		{ "Sin Suối Hồ", NULL, GI_VERDICT_PASS },        /* former Phong Thổ and Tam Đường communes */
		{ "Hua Bum", NULL, GI_VERDICT_FAIL },            /* former Mường Tè and Nậm Nhùn communes */
		{ "Chăn Nưa", NULL, GI_VERDICT_PASS },           /* former Sìn Hồ commune, now in Lê Lợi */
		{ "Xã Nậm Pì", NULL, GI_VERDICT_FAIL },          /* former Nậm Nhùn commune, now in Lê Lợi */
		{ "Trung Chải", NULL, GI_VERDICT_FAIL },         /* former Nậm Nhùn commune, now in Pa Tần */
		{ "Lê Lợi", "Chăn Nưa", GI_VERDICT_PASS },
		{ "Lê Lợi", "Pú Đao", GI_VERDICT_FAIL },
		{ "Xã Pa Tần", "Xã Pa Tần", GI_VERDICT_PASS },   /* former Pa Tần was in Sìn Hồ */
		{ "Pa Tần", "Nậm Ban", GI_VERDICT_FAIL },
		{ "Huyện Sìn Hồ", NULL, GI_VERDICT_PASS },
		{ "Thành phố Lai Châu", NULL, GI_VERDICT_PASS },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		p_run p;
		lai_chau(&p, s, t[i].origin, t[i].former);
		ck_assert_msg(p.rc == 0, "%s/%s: %s", t[i].origin, t[i].former, p.error);
		ck_assert_msg(p.origin[0] == t[i].v, "%s/%s: %s", t[i].origin, t[i].former, p.origin_reason[0]);
	}
	p_run p;
	/* Phường Đoàn Kết took former Quyết Tiến's code, 03388 */
	lai_chau(&p, s, "Phường Đoàn Kết", NULL);
	ck_assert_msg(strstr(p.origin_reason[0], "03388"), "%s", p.origin_reason[0]);
	lai_chau(&p, s, "Lê Lợi", "Bình Lư");
	ck_assert_int_eq(p.rc, GI_EINVALID);
	ck_assert_msg(strstr(p.error, "Bình Lư") && strstr(p.error, "Chăn Nưa"), "%s", p.error);
	ck_assert_int_eq(p.line, 2);
	/* the XML report's origin/@formerUnit */
	const char *xml =
		"<labReport xmlns=\"urn:libgi:lab-report:1\" id=\"R1\"><laboratory id=\"L\"><name>L</name></laboratory>"
		"<sample id=\"S1\" product=\"green-tea\" spec=\"vn-gi-00146-lai-chau-tea\">"
		"<origin unit=\"Lê Lợi\" formerUnit=\"Chăn Nưa\" altitude=\"1450\"/>"
		"<measurement analyte=\"glutamic-acid\" unit=\"g/100g\"><value>6</value></measurement>"
		"</sample></labReport>";
	run(&p, s, NULL, 0, xml);
	ck_assert_msg(p.rc == 0, "%s", p.error);
	ck_assert_int_eq(p.origin[0], GI_VERDICT_PASS);
	gi_spec_free(s);
}
END_TEST

static gi_spec *versioned(const char *version, const char *effective, const char *min)
{
	char xml[2048];
	snprintf(xml, sizeof xml,
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<giSpec xmlns=\"urn:libgi:gi-spec:1\" id=\"vt\" version=\"%s\" effective=\"%s\">\n"
	         "<identity><name lang=\"en\">Versioned</name><source>unit tests</source></identity>\n"
	         "<analytes><analyte id=\"glu\"/></analytes>\n"
	         "<products><product id=\"p\"><name lang=\"en\">P</name>\n"
	         "<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"%s\"/></criterion></product></products>\n"
	         "</giSpec>\n", version, effective, min);
	gi_spec *s = t_spec_text(xml);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* Each sample is judged by the latest version in force on its sampling
 * date: version 1 (>= 5, from 2024-01-01) and version 2 (>= 6, from
 * 2025-07-01). 5.5 passes version 1 and fails version 2. A sample from
 * before version 1 is never passed; without a date it cannot be placed. */
START_TEST(versions_by_date)
{
	gi_spec *v1 = versioned("1", "2024-01-01", "5"), *v2 = versioned("2", "2025-07-01", "6");
	const char *text =
		"lab,sample,product,spec,sampled,analyte,unit,value\n"
		"L,A,p,vt,2025-06-30,glu,g/100g,5.5\n"
		"L,B,p,vt,2025-07-01,glu,g/100g,5.5\n"
		"L,C,p,vt,2025-08-01,glu,g/100g,6.5\n"
		"L,D,p,vt,2023-12-31,glu,g/100g,6.5\n"
		"L,E,p,vt,,glu,g/100g,6.5\n";
	const gi_spec *more[] = { v1 };
	p_run p;
	run(&p, v2, more, 1, text);
	ck_assert_msg(p.rc == 0, "%s", p.error);
	ck_assert_uint_eq(p.n, 5);
	ck_assert_int_eq(p.verdict[0], GI_VERDICT_PASS);
	ck_assert_str_eq(p.version[0], "1");
	ck_assert_int_eq(p.verdict[1], GI_VERDICT_FAIL);
	ck_assert_str_eq(p.version[1], "2");
	ck_assert_int_eq(p.verdict[2], GI_VERDICT_PASS);
	ck_assert_str_eq(p.version[2], "2");
	ck_assert_int_eq(p.verdict[3], GI_VERDICT_INCONCLUSIVE);
	ck_assert_msg(strstr(p.reason[3], "no version of the specification was in force"), "%s", p.reason[3]);
	ck_assert_int_eq(p.verdict[4], GI_VERDICT_INCOMPLETE);
	ck_assert_msg(strstr(p.reason[4], "sampling date not reported"), "%s", p.reason[4]);
	/* the order the versions are given in does not matter */
	const gi_spec *more2[] = { v2 };
	run(&p, v1, more2, 1, text);
	ck_assert_int_eq(p.verdict[0], GI_VERDICT_PASS);
	ck_assert_int_eq(p.verdict[1], GI_VERDICT_FAIL);
	/* one version only: a sample from before it took effect does not pass */
	run(&p, v2, NULL, 0, text);
	ck_assert_int_eq(p.verdict[0], GI_VERDICT_INCONCLUSIVE);
	ck_assert_int_eq(p.verdict[2], GI_VERDICT_PASS);
	/* versions of another spec, or two on the same day, are refused */
	gi_spec *other = versioned("1", "2024-01-01", "5");
	const gi_spec *same[] = { other };
	run(&p, v1, same, 1, text);
	ck_assert_int_eq(p.rc, GI_EINVALID);
	ck_assert_msg(strstr(p.error, "same day"), "%s", p.error);
	gi_spec_free(other);
	gi_spec_free(v1);
	gi_spec_free(v2);
}
END_TEST

/* Three versions in any order (README, Spec versions): each sample is
 * judged by the latest version in force on its sampling date - version 1
 * (>= 5, from 2024-01-01), 2 (>= 6, from 2025-07-01), 3 (>= 7, from
 * 2026-01-01); a NULL among the versions is a usage error. */
START_TEST(three_versions_any_order)
{
	gi_spec *v1 = versioned("1", "2024-01-01", "5"), *v2 = versioned("2", "2025-07-01", "6"),
	        *v3 = versioned("3", "2026-01-01", "7");
	const char *text =
		"lab,sample,product,spec,sampled,analyte,unit,value\n"
		"L,A,p,vt,2025-06-30,glu,g/100g,5.5\n"
		"L,B,p,vt,2025-07-01,glu,g/100g,6.5\n"
		"L,C,p,vt,2026-01-01,glu,g/100g,6.5\n"
		"L,D,p,vt,2023-12-31,glu,g/100g,6.5\n";
	const gi_spec *all[] = { v1, v2, v3 };
	static const int order[][3] = { { 0, 1, 2 }, { 2, 0, 1 }, { 2, 1, 0 }, { 1, 2, 0 }, { 0, 2, 1 }, { 1, 0, 2 } };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const gi_spec *more[] = { all[order[i][1]], all[order[i][2]] };
		p_run p;
		run(&p, all[order[i][0]], more, 2, text);
		ck_assert_msg(p.rc == 0, "%s", p.error);
		ck_assert_uint_eq(p.n, 4);
		ck_assert_str_eq(p.version[0], "1");
		ck_assert_int_eq(p.verdict[0], GI_VERDICT_PASS);
		ck_assert_str_eq(p.version[1], "2");
		ck_assert_int_eq(p.verdict[1], GI_VERDICT_PASS);
		ck_assert_str_eq(p.version[2], "3");
		ck_assert_int_eq(p.verdict[2], GI_VERDICT_FAIL);
		ck_assert_int_eq(p.verdict[3], GI_VERDICT_INCONCLUSIVE);
	}
	const gi_spec *with_null[] = { v2, NULL };
	p_run p;
	run(&p, v1, with_null, 2, text);
	ck_assert_int_eq(p.rc, GI_EUSAGE);
	ck_assert_msg(strstr(p.error, "versions[1] is NULL"), "%s", p.error);
	gi_spec_free(v1);
	gi_spec_free(v2);
	gi_spec_free(v3);
}
END_TEST

/* A spec loaded under the given file name. */
static gi_spec *named_version(const char *file, const char *id, const char *version, const char *effective)
{
	char xml[2048];
	snprintf(xml, sizeof xml,
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<giSpec xmlns=\"urn:libgi:gi-spec:1\" id=\"%s\" version=\"%s\" effective=\"%s\">\n"
	         "<identity><name lang=\"en\">Versioned</name><source>unit tests</source></identity>\n"
	         "<analytes><analyte id=\"glu\"/></analytes>\n"
	         "<products><product id=\"p\"><name lang=\"en\">P</name>\n"
	         "<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"5\"/></criterion></product></products>\n"
	         "</giSpec>\n", id, version, effective);
	gi_spec *s = NULL;
	ck_assert_int_eq(gi_spec_load_memory(&s, xml, strlen(xml), file, NULL), 0);
	return s;
}

/* Versions that cannot be told apart are refused, and the error names the
 * file that is wrong and the one it clashes with: a spec of another id,
 * and two versions taking effect on the same day. */
START_TEST(versions_refusals_name_their_files)
{
	gi_spec *v1 = named_version("v1.xml", "vt", "1", "2024-01-01");
	gi_spec *other = named_version("other.xml", "xx", "1", "2025-01-01");
	gi_spec *twin = named_version("v1b.xml", "vt", "1b", "2024-01-01");
	const char *text = "lab,sample,product,spec,sampled,analyte,unit,value\nL,A,p,vt,2024-06-30,glu,g/100g,5.5\n";
	p_run p;
	const gi_spec *more[] = { other };
	run(&p, v1, more, 1, text);
	ck_assert_int_eq(p.rc, GI_EINVALID);
	ck_assert_str_eq(p.error, "spec 'xx' is not a version of 'vt' (v1.xml): versions must share an id");
	ck_assert_str_eq(gi_error_last()->file, "other.xml");
	const gi_spec *same[] = { twin };
	run(&p, v1, same, 1, text);
	ck_assert_int_eq(p.rc, GI_EINVALID);
	ck_assert_str_eq(p.error, "versions 1 (v1.xml) and 1b (v1b.xml) of 'vt' take effect on the same day, 2024-01-01");
	ck_assert_str_eq(gi_error_last()->file, "v1b.xml");
	gi_spec_free(v1);
	gi_spec_free(other);
	gi_spec_free(twin);
}
END_TEST

/* A rule given for the whole run (gi_verify_options.override_rule) must
 * suit every version: the residue rule decides maximum residue levels only
 * (SANTE/11312/2021: non-compliant only when y - U exceeds the MRL), so
 * it is refused when any version - not only the earliest - has a minimum,
 * whichever order they are given in. */
START_TEST(versions_override_checked_for_each)
{
	const char *fmt =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<giSpec xmlns=\"urn:libgi:gi-spec:1\" id=\"vt\" version=\"%s\" effective=\"%s\">\n"
		"<identity><name lang=\"en\">Versioned</name><source>unit tests</source></identity>\n"
		"<analytes><analyte id=\"glu\"/></analytes>\n"
		"<products><product id=\"p\"><name lang=\"en\">P</name>\n"
		"<criterion id=\"%s\" analyte=\"glu\" unit=\"mg/kg\"><limit %s/></criterion></product></products>\n"
		"</giSpec>\n";
	char a[2048], b[2048];
	snprintf(a, sizeof a, fmt, "1", "2024-01-01", "mrl", "le=\"0.05\"");
	snprintf(b, sizeof b, fmt, "2", "2025-07-01", "minimum", "ge=\"6\"");
	gi_spec *v1 = t_spec_text(a), *v2 = t_spec_text(b);
	ck_assert_ptr_nonnull(v1);
	ck_assert_ptr_nonnull(v2);
	const char *text = "lab,sample,product,spec,sampled,analyte,unit,value\nL,A,p,vt,2024-06-30,glu,mg/kg,0.01\n";
	for (int order = 0; order < 2; order++) {
		const gi_spec *more[] = { order ? v1 : v2 };
		gi_report *r = NULL;
		ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "r.csv", NULL), 0);
		gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
		o.override_rule = 1;
		o.rule_kind = GI_RULE_RESIDUE;
		o.versions = more;
		o.n_versions = 1;
		ck_assert_int_eq(gi_verify(NULL, order ? v2 : v1, r, &o), GI_EUSAGE);
		ck_assert_msg(strstr(gi_error_last()->message, "criterion 'minimum'"), "%s", gi_error_last()->message);
		gi_report_free(r);
	}
	/* the earliest version alone takes the rule */
	p_run p;
	gi_report *r = NULL;
	ck_assert_int_eq(gi_report_open_memory(&r, text, strlen(text), "r.csv", NULL), 0);
	gi_verify_options o = GI_VERIFY_OPTIONS_INIT;
	o.override_rule = 1;
	o.rule_kind = GI_RULE_RESIDUE;
	o.on_sample = collect;
	memset(&p, 0, sizeof p);
	o.payload = &p;
	ck_assert_int_eq(gi_verify(NULL, v1, r, &o), 0);
	ck_assert_int_eq(p.verdict[0], GI_VERDICT_PASS);
	gi_report_free(r);
	gi_spec_free(v1);
	gi_spec_free(v2);
}
END_TEST

/* gi verify --spec v1 --spec v2: the JSON document and each signed record
 * cite the version that judged the sample. */
START_TEST(versions_cli)
{
	const char *fmt =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<giSpec xmlns=\"urn:libgi:gi-spec:1\" id=\"vt\" version=\"%s\" effective=\"%s\">\n"
		"<identity><name lang=\"en\">Versioned</name><source>unit tests</source></identity>\n"
		"<analytes><analyte id=\"glu\"/></analytes>\n"
		"<products><product id=\"p\"><name lang=\"en\">P</name>\n"
		"<criterion id=\"g\" analyte=\"glu\" unit=\"g/100g\"><limit ge=\"%s\"/></criterion></product></products>\n"
		"</giSpec>\n";
	char a[1024], b[1024];
	snprintf(a, sizeof a, fmt, "1", "2024-01-01", "5");
	snprintf(b, sizeof b, fmt, "2", "2025-07-01", "6");
	char *p1 = strdup(t_tmpfile(a, ".xml")), *p2 = strdup(t_tmpfile(b, ".xml"));
	const char *report = t_tmpfile(
		"lab,sample,product,spec,sampled,analyte,unit,value\n"
		"L,A,p,vt,2025-06-30,glu,g/100g,5.5\n"
		"L,B,p,vt,2025-07-02,glu,g/100g,6.5\n", ".csv");
	ck_assert_int_eq(GI("verify", "--json", "-s", p2, "-s", p1, "-r", report), 0);
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	ck_assert_msg(j != NULL, "%s", je.text);
	json_t *samples = json_object_get(j, "samples");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_array_get(samples, 0), "spec"), "version")), "1");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_array_get(samples, 1), "spec"), "version")), "2");
	json_decref(j);
	/* with version 2 alone, sample A predates it */
	ck_assert_int_eq(GI("verify", "-s", p2, "-r", report), 3);
	/* each signed record names the version that judged its sample */
	char pki[4096], cmd[9000], key[4200], chain[4200], dir[] = "/tmp/gi-test-vrec-XXXXXX";
	snprintf(pki, sizeof pki, "%s/tests/pki", getenv("GI_BUILDDIR"));
	snprintf(cmd, sizeof cmd, "sh '%s' '%s'", t_src("tests/pki.sh"), pki);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(key, sizeof key, "%s/lab-rsa.key", pki);
	snprintf(chain, sizeof chain, "%s/lab-rsa-chain.pem", pki);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char recs[4200];
	snprintf(recs, sizeof recs, "%s/records", dir);
	ck_assert_int_eq(GI("verify", "-s", p1, "-s", p2, "-r", report, "--sign-key", key, "--sign-cert", chain,
	                    "--out", recs), 0);
	for (int v = 1; v <= 2; v++) {
		/* attributes in any order (records are written in canonical form: sorted) */
		snprintf(cmd, sizeof cmd, "grep -l -E '<spec [^>]*version=\"%d\"' '%s'/*.xml | xargs grep -l -E '<spec [^>]*id=\"vt\"' | wc -l",
		         v, recs);
		FILE *f = popen(cmd, "r");
		int n = 0;
		ck_assert_int_eq(fscanf(f, "%d", &n), 1);
		pclose(f);
		ck_assert_msg(n == 1, "version %d cited by %d records", v, n);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	unlink(p1);
	unlink(p2);
	unlink(report);
	free(p1);
	free(p2);
}
END_TEST

Suite *suite_place(void)
{
	Suite *s = suite_create("place");
	TCase *tc = tcase_create("place");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, unicode_forms);
	tcase_add_test(tc, commune_words);
	tcase_add_test(tc, did_you_mean);
	tcase_add_test(tc, did_you_mean_cli);
	tcase_add_test(tc, new_communes_of_lai_chau);
	tcase_add_test(tc, former_communes);
	tcase_add_test(tc, versions_by_date);
	tcase_add_test(tc, versions_cli);
	tcase_add_test(tc, versions_override_checked_for_each);
	tcase_add_test(tc, versions_refusals_name_their_files);
	tcase_add_test(tc, three_versions_any_order);
	suite_add_tcase(s, tc);
	return s;
}
