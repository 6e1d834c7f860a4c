/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_check.c - rules every report field follows, whatever the format:
 * text is UTF-8 without control characters, a report writes its numbers
 * with one decimal separator, dates are calendar dates that are not in the
 * future.
 *
 * Spreadsheets and LIMS exports break these rules without a visible sign:
 * a file saved as Windows-1258 turns every "Đường" into bytes no place name
 * matches; a Vietnamese export writes 1500 as "1.500", which a decimal-point
 * reader takes for 1.5. Each such input is refused with its line, never
 * read as something else.
 */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistr.h>
#include "report_internal.h"
#include "i18n_internal.h"

/* ---- text ---- */

int gi__report_text(gi_report *r, const char *s, size_t len, long line, const char *what, int newlines)
{
	if (!s)
		return GI_OK;
	/* printable ASCII (and tabs), as most fields are: valid UTF-8 with no
	 * control character, so nothing below can refuse it */
	size_t a = 0;
	while (a < len && (((unsigned char)s[a] >= 0x20 && (unsigned char)s[a] < 0x7F) || s[a] == '\t'))
		a++;
	if (a == len)
		return GI_OK;
	const uint8_t *bad = u8_check((const uint8_t *)s, len);
	if (bad)
		return gi__error(GI_EPARSE, r->name, line,
		                 N_("%s: byte 0x%02X is not UTF-8 (a legacy code page such as Windows-1258?); "
		                 "save the file as UTF-8"), what, *bad);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp = 0;
		if ((c < 0x20 && c != '\t' && !(newlines && (c == '\n' || c == '\r'))) || c == 0x7F)
			cp = c;
		else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F)
			cp = (unsigned char)s[i + 1];  /* C1 controls, U+0080..U+009F */
		if (cp)
			return gi__error(GI_EPARSE, r->name, line,
			                 N_("%s contains the control character U+%04X; save the file as UTF-8 text "
			                 "without control characters"), what, cp);
	}
	return GI_OK;
}

/* ---- decimal separator ---- */

static const char *sep_name(char sep)
{
	return sep == ',' ? "decimal comma" : "decimal point";
}

/* "1.500", "12,345": one to three digits (not a leading 0), a separator
 * and exactly three digits - thousands grouping in one convention, a
 * decimal fraction in the other. */
static int grouping_shaped(const gi__number_form *f)
{
	return f->sep && !f->has_exponent && !f->leading_zero && f->int_digits >= 1 && f->int_digits <= 3 &&
	       f->frac_digits == 3;
}

void gi__report_decimal_init(gi_report *r, gi_decimal d)
{
	r->decimal = d;
	r->dec = d == GI_DECIMAL_COMMA ? ',' : d == GI_DECIMAL_POINT ? '.' : 0;
	r->dec_line = 0;
}

int gi__report_decimal(gi_report *r, const gi__number_form *f, const char *text, size_t len, long line,
                       const char *what)
{
	int n = (int)(len > 40 ? 40 : len);
	if (!f->sep)
		return GI_OK;
	if (r->dec == f->sep)
		return GI_OK;
	if (r->dec && r->decimal != GI_DECIMAL_AUTO)
		return gi__error(GI_EINVALID, r->name, line,
		                 N_("%s '%.*s' has a %s, but the report's decimal separator is the %s (as stated)%s"),
		                 what, n, text, sep_name(f->sep), r->dec == ',' ? "comma" : "point",
		                 grouping_shaped(f) ? "; thousands separators are not accepted" : "");
	if (r->dec)
		return gi__error(GI_EINVALID, r->name, line,
		                 N_("%s '%.*s' has a %s, but the report writes numbers with a %s (line %ld: '%s')%s; "
		                 "one report uses one decimal separator - correct the value, or state the "
		                 "separator (gi verify --decimal)"),
		                 what, n, text, sep_name(f->sep), sep_name(r->dec), r->dec_line, r->dec_text,
		                 grouping_shaped(f) ? " - thousands grouping?" : "");
	if (grouping_shaped(f))
		return gi__error(GI_EINVALID, r->name, line,
		                 N_("%s '%.*s' is ambiguous: thousands grouping or a %s? state the decimal "
		                 "separator (gi verify --decimal , or --decimal .), or write the number "
		                 "without grouping"), what, n, text, sep_name(f->sep));
	r->dec = f->sep;
	r->dec_line = line;
	snprintf(r->dec_text, sizeof r->dec_text, "%.*s", n > 24 ? 24 : n, text);
	return GI_OK;
}

void gi__decimal_survey_add(gi__decimal_survey *s, const char *text, size_t len, long line)
{
	double v;
	gi__number_form f;
	if ((!memchr(text, '.', len) && !memchr(text, ',', len)) || gi__number_scan_form(&v, &f, text, len) < 0 ||
	    !f.sep)
		return;
	int k = f.sep == ',';
	if (!s->clear_line[k] && !grouping_shaped(&f)) {
		s->clear_line[k] = line;
		snprintf(s->clear_text[k], sizeof s->clear_text[k], "%.*s", (int)(len > 24 ? 24 : len), text);
	}
}

int gi__decimal_survey_end(gi_report *r, const gi__decimal_survey *s)
{
	if (r->decimal != GI_DECIMAL_AUTO)
		return GI_OK;
	if (s->clear_line[0] && s->clear_line[1]) {
		int later = s->clear_line[1] > s->clear_line[0];
		return gi__error(GI_EINVALID, r->name, s->clear_line[later],
		                 N_("the report mixes a decimal point (line %ld: '%s') and a decimal comma "
		                 "(line %ld: '%s'); one report uses one decimal separator"),
		                 s->clear_line[0], s->clear_text[0], s->clear_line[1], s->clear_text[1]);
	}
	/* The one separator written unambiguously settles it; values written
	 * with the other are refused as they are read. */
	for (int k = 0; k < 2; k++)
		if (s->clear_line[k]) {
			r->dec = k ? ',' : '.';
			r->dec_line = s->clear_line[k];
			snprintf(r->dec_text, sizeof r->dec_text, "%s", s->clear_text[k]);
		}
	return GI_OK;
}

/* ---- dates ---- */

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

void gi__report_set_now(gi_report *r, long long now)
{
	/* The date somewhere on Earth at that moment: a date is in the future
	 * only when it is later than the calendar date at UTC+14, so a lab in
	 * any time zone may write its own today. */
	time_t t = (time_t)(now ? now : (long long)time(NULL)) + 14 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(r->today, sizeof r->today, "%Y-%m-%d", &tm);
}

int gi__report_date(gi_report *r, const char *d, long line, const char *what)
{
	if (!d)
		return GI_OK;
	int ok = strlen(d) >= 10 && d[4] == '-' && d[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			ok = 0;
	if (!ok)
		return gi__error(GI_EINVALID, r->name, line, N_("%s '%.20s' is not a date (YYYY-MM-DD)"), what, d);
	int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	int m = (d[5] - '0') * 10 + (d[6] - '0');
	int day = (d[8] - '0') * 10 + (d[9] - '0');
	if (m < 1 || m > 12 || day < 1 || day > days_in_month(y, m))
		return gi__error(GI_EINVALID, r->name, line, N_("%s '%.10s' is not a calendar date%s"), what, d,
		                 m >= 1 && m <= 12 ? (m == 2 ? " (February has 28 days, 29 in a leap year)"
		                                             : " (no such day in that month)")
		                                   : " (no such month)");
	if (strncmp(d, r->today, 10) > 0)
		return gi__error(GI_EINVALID, r->name, line, N_("%s %.10s is in the future (today is %s)"), what, d, r->today);
	return GI_OK;
}

int gi__report_sample_dates(gi_report *r, long line)
{
	const gi_sample *s = &r->sample;
	int rc;
	if ((rc = gi__report_date(r, s->sampled, line, "sampling date")) < 0 ||
	    (rc = gi__report_date(r, s->analysed, line, "analysis date")) < 0)
		return rc;
	if (s->sampled && s->analysed && strncmp(s->analysed, s->sampled, 10) < 0)
		return gi__error(GI_EINVALID, r->name, line, N_("sample %s: analysed %.10s, before it was sampled (%.10s)"),
		                 s->id, s->analysed, s->sampled);
	return GI_OK;
}
