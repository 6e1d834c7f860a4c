/* text.c - small text helpers: place names, ASCII case, UTF-8 width, dates. */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

/* Words naming an administrative level, as they precede (Vietnamese,
 * Italian) or follow (English) a place name, lower case. A district-level
 * word is dropped ("huyện Tam Đường" = "Tam Đường"); city and province
 * words are kept as a tag, because Vietnamese cities share their
 * province's name: "thành phố Lai Châu" is not "tỉnh Lai Châu". */
static const struct { const char *word; const char *tag; } level_prefixes[] = {
	{ "thành phố ", "city:" }, { "tp. ", "city:" }, { "tp.", "city:" }, { "tp ", "city:" },
	{ "city of ", "city:" }, { "comune di ", "city:" },
	{ "tỉnh ", "province:" }, { "province of ", "province:" }, { "provincia di ", "province:" },
	{ "huyện ", "" }, { "thị xã ", "town:" }, { "quận ", "" }, { "xã ", "commune:" },
	{ "phường ", "ward:" }, { "thị trấn ", "town:" },
};
static const struct { const char *word; const char *tag; } level_suffixes[] = {
	{ " city", "city:" }, { " province", "province:" }, { " district", "" },
	{ " town", "town:" }, { " commune", "commune:" }, { " ward", "ward:" },
};

void gi__place_key(char *out, size_t n, const char *in)
{
	char tmp[256];
	size_t k = 0;
	int space = 0;
	while (*in == ' ' || *in == '\t')
		in++;
	for (; *in && k + 2 < sizeof tmp; in++) {
		unsigned char c = (unsigned char)*in;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (space)
			tmp[k++] = ' ';
		space = 0;
		tmp[k++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	tmp[k] = '\0';
	const char *name = tmp, *tag = "";
	for (size_t i = 0; i < GI_ARRAY_SIZE(level_prefixes); i++) {
		size_t l = strlen(level_prefixes[i].word);
		if (strncmp(tmp, level_prefixes[i].word, l) == 0 && tmp[l]) {
			name = tmp + l;
			tag = level_prefixes[i].tag;
			break;
		}
	}
	size_t len = strlen(name);
	if (name == tmp) {
		for (size_t i = 0; i < GI_ARRAY_SIZE(level_suffixes); i++) {
			size_t l = strlen(level_suffixes[i].word);
			if (len > l && strcmp(tmp + len - l, level_suffixes[i].word) == 0) {
				tmp[len - l] = '\0';
				tag = level_suffixes[i].tag;
				break;
			}
		}
	}
	snprintf(out, n, "%s%s", tag, name);
}

int gi__same_place(const char *a, const char *b)
{
	char na[300], nb[300];
	gi__place_key(na, sizeof na, a);
	gi__place_key(nb, sizeof nb, b);
	return a[0] && strcmp(na, nb) == 0;
}

int gi__ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
}

size_t gi__utf8_width(const char *s)
{
	size_t w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		/* combining diacritical marks U+0300..U+036F take no column */
		if (*p == 0xCC || (*p == 0xCD && p[1] < 0xB0))
			continue;
		w++;
	}
	return w;
}

int gi__is_date(const char *s)
{
	if (!s || strlen(s) != 10)
		return 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}
