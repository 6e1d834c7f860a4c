/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gen-report - writes a synthetic Lai Châu lab report with N samples to
 * stdout, as XML or CSV, for benchmarks. Values scatter around the
 * registered limits so every verdict path is taken; output is the same
 * for the same arguments.
 *
 *   gen-report 1000000 xml > big.xml
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 88172645463325252ULL;

static double uniform(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (double)(state >> 11) / 9007199254740992.0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[2], "xml") && strcmp(argv[2], "csv"))) {
		fprintf(stderr, "usage: gen-report N xml|csv\n");
		return 2;
	}
	long n = atol(argv[1]);
	int xml = strcmp(argv[2], "xml") == 0;
	static const struct { const char *id; double min; int alt_lo, alt_hi; } prod[] = {
		{ "green-tea", 5.34, 1200, 2500 }, { "oolong", 4.24, 900, 1300 }, { "oriental-beauty", 5.61, 900, 1300 },
	};
	static const char *const units[] = { "Tam Đường", "Sìn Hồ", "Phong Thổ", "Than Uyên", "Tân Uyên",
	                                     "Thành phố Lai Châu" };
	if (xml)
		printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<labReport xmlns=\"urn:libgi:lab-report:1\" id=\"BENCH\">\n"
		       "<laboratory id=\"BENCH-LAB\"><name>Benchmark laboratory</name></laboratory>\n");
	else
		printf("lab,sample,lot,product,spec,origin,altitude,analyte,unit,value,U\n");
	for (long i = 0; i < n; i++) {
		int p = (int)(i % 3);
		double g1 = prod[p].min * (0.95 + 0.12 * uniform()), g2 = g1 * (0.99 + 0.02 * uniform());
		double moist = 4 + 2 * uniform();
		int alt = prod[p].alt_lo - 50 + (int)((prod[p].alt_hi - prod[p].alt_lo + 100) * uniform());
		const char *unit = units[i % 6];
		if (xml) {
			printf("<sample id=\"S%08ld\" lot=\"LOT-%06ld\" product=\"%s\" spec=\"vn-gi-00146-lai-chau-tea\">"
			       "<origin unit=\"%s\" altitude=\"%d\"/>"
			       "<measurement analyte=\"glutamic-acid\" unit=\"g/100g\"><value>%.2f</value><value>%.2f</value>"
			       "<uncertainty expanded=\"0.20\"/></measurement>"
			       "<measurement analyte=\"moisture\" unit=\"%%\"><value>%.1f</value></measurement></sample>\n",
			       i, i / 4, prod[p].id, unit, alt, g1, g2, moist);
		} else {
			printf("BENCH-LAB,S%08ld,LOT-%06ld,%s,vn-gi-00146-lai-chau-tea,%s,%d,glutamic-acid,g/100g,%.2f,0.20\n",
			       i, i / 4, prod[p].id, unit, alt, g1);
			printf("BENCH-LAB,S%08ld,LOT-%06ld,%s,vn-gi-00146-lai-chau-tea,%s,%d,glutamic-acid,g/100g,%.2f,0.20\n",
			       i, i / 4, prod[p].id, unit, alt, g2);
			printf("BENCH-LAB,S%08ld,LOT-%06ld,%s,vn-gi-00146-lai-chau-tea,%s,%d,moisture,%%,%.1f,\n",
			       i, i / 4, prod[p].id, unit, alt, moist);
		}
	}
	if (xml)
		printf("</labReport>\n");
	return ferror(stdout) ? 1 : 0;
}
