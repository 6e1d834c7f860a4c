/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stamp.c - signed QR stamps (gi/stamp.h, specs/stamp-format.md).
 *
 * The URI is a GS1 Digital Link (uncompressed, GS1 Digital Link URI Syntax
 * 1.x): https://DOMAIN/01/GTIN-14/10/LOT[/21/SERIAL], or, for a product
 * without a GTIN, https://DOMAIN/lot/LOT[/serial/SERIAL]; then
 * ?k=KEYID&s=SIGNATURE. KEYID is base64url of the first 6 bytes of the
 * SHA-256 of the signing certificate's SubjectPublicKeyInfo; SIGNATURE is
 * base64url (no padding) of the signature over the SHA-256 of every byte
 * of the URI before "&s=" (ECDSA r||s or RSASSA-PKCS1-v1_5). A stamp has
 * one canonical spelling: anything else (another percent-encoding, a
 * 13-digit GTIN, extra parameters) is refused, so a stamp cannot be
 * re-spelt into a second valid one.
 */
#include "config.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <png.h>
#include <qrencode.h>
#include "internal.h"
#include "record_internal.h"
#include "gi/stamp.h"

#define KID_BYTES 6
#define MAX_AI 20   /* AI 10 and AI 21: X..20 (GS1 General Specifications 3.2) */

struct gi_stamp_keys {
	size_t n;
	X509 **certs;
	char (*kid)[16];
	char **subject;
};

typedef struct {
	gi_stamp_check pub;
	gi__arena arena;
} check;

/* vasprintf's string, or NULL */
static char *text_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *text_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

/* ---- the parts of a stamp ---- */

/* GS1 General Specifications §7.9.1: the check digit makes the sum of the
 * digits, weighted 3 and 1 alternately from the right, a multiple of 10.
 * gtin: 8, 12, 13 or 14 digits; out: the 14-digit form. 0 or -1. */
static int gtin14(char out[15], const char *gtin)
{
	size_t n = strlen(gtin);
	if (n != 8 && n != 12 && n != 13 && n != 14)
		return -1;
	memset(out, '0', 14 - n);
	memcpy(out + 14 - n, gtin, n);
	out[14] = '\0';
	int sum = 0;
	for (int i = 0; i < 14; i++) {
		if (out[i] < '0' || out[i] > '9')
			return -1;
		if (i < 13)
			sum += (out[i] - '0') * (i % 2 == 0 ? 3 : 1);
	}
	return (10 - sum % 10) % 10 == out[13] - '0' ? 0 : -1;
}

/* GS1 AI encodable character set 82 (General Specifications Figure 7.11-1) */
static int cset82(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > MAX_AI)
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		         (c && strchr("!\"%&'()*+,-./:;<=>?_", c));
		if (!ok)
			return 0;
	}
	return 1;
}

/* a host name: dot-separated labels of letters, digits and '-' (RFC 1123) */
static int host_ok(const char *h)
{
	size_t n = strlen(h), label = 0;
	if (n == 0 || n > 253)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = h[i];
		if (c == '.') {
			if (label == 0 || h[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '-' && label > 0);
		if (!ok || ++label > 63)
			return 0;
	}
	return label > 0 && h[n - 1] != '-';
}

/* RFC 3986 §2.3: unreserved characters stay, every other byte is %XX
 * (upper-case hex), as GS1 Digital Link asks for AI values. */
static void percent_encode(char *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			*out++ = (char)c;
		} else {
			*out++ = '%';
			*out++ = hex[c >> 4];
			*out++ = hex[c & 15];
		}
	}
	*out = '\0';
}

static void base64url(char *out, const unsigned char *in, size_t n)
{
	char *b = malloc(4 * ((n + 2) / 3) + 1);
	if (!b) {
		*out = '\0';
		return;
	}
	EVP_EncodeBlock((unsigned char *)b, in, (int)n);
	size_t k = 0;
	for (char *p = b; *p && *p != '='; p++)
		out[k++] = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	out[k] = '\0';
	free(b);
}

/* base64url without padding into out (room for 3/4 of n + 3); -1 if not */
static int unbase64url(unsigned char *out, size_t *len, const char *in, size_t n)
{
	char *b = malloc(n + 4);
	if (!b)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = in[i];
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
		if (!ok) {
			free(b);
			return -1;
		}
		b[i] = c == '-' ? '+' : c == '_' ? '/' : c;
	}
	size_t m = n;
	if (m % 4 == 1) {
		free(b);
		return -1;
	}
	while (m % 4)
		b[m++] = '=';
	int k = EVP_DecodeBlock(out, (unsigned char *)b, (int)m);
	free(b);
	if (k < 0)
		return -1;
	*len = (size_t)k - (m - n);   /* EVP_DecodeBlock counts the padding's zero bytes */
	/* one spelling only: re-encoding gives the same text */
	char *again = malloc(4 * ((*len + 2) / 3) + 1);
	int same = again != NULL;
	if (again) {
		base64url(again, out, *len);
		same = strlen(again) == n && memcmp(again, in, n) == 0;
	}
	free(again);
	return same ? 0 : -1;
}

static int key_id(char out[16], const X509 *cert)
{
	unsigned char *der = NULL, md[32];
	int n = i2d_PUBKEY(X509_get0_pubkey(cert), &der);
	int ok = n > 0 && EVP_Digest(der, (size_t)n, md, NULL, EVP_sha256(), NULL) == 1;
	OPENSSL_free(der);
	if (!ok)
		return -1;
	base64url(out, md, KID_BYTES);
	return 0;
}

/* ---- making a stamp ---- */

int gi_stamp_sign(char **uri, const gi_signer *council, const gi_stamp *st)
{
	if (!uri || !council || !st || st->version != GI_STAMP_VERSION || !st->domain || !st->lot)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stamp_sign: NULL argument (domain and lot are required) or version");
	*uri = NULL;
	char g[15];
	if (!host_ok(st->domain))
		return gi__error(GI_EINVALID, NULL, 0, "the portal domain '%s' is not a host name", st->domain);
	if (st->gtin && gtin14(g, st->gtin) < 0)
		return gi__error(GI_EINVALID, NULL, 0, "GTIN %s: not 8, 12, 13 or 14 digits with a valid check digit "
		                 "(GS1 General Specifications 7.9.1)", st->gtin);
	if (!cset82(st->lot))
		return gi__error(GI_EINVALID, NULL, 0, "lot '%s': a GS1 lot (AI 10) is 1 to 20 characters of set 82", st->lot);
	if (st->serial && !cset82(st->serial))
		return gi__error(GI_EINVALID, NULL, 0, "serial '%s': a GS1 serial (AI 21) is 1 to 20 characters of set 82",
		                 st->serial);
	char lot[3 * MAX_AI + 1], serial[3 * MAX_AI + 1] = "", kid[16];
	percent_encode(lot, st->lot);
	if (st->serial)
		percent_encode(serial, st->serial);
	if (key_id(kid, (const X509 *)gi__signer_cert(council)) < 0)
		return gi__oom();
	char *head = st->gtin
		? text_printf("https://%s/01/%s/10/%s%s%s?k=%s", st->domain, g, lot, st->serial ? "/21/" : "", serial, kid)
		: text_printf("https://%s/lot/%s%s%s?k=%s", st->domain, lot, st->serial ? "/serial/" : "", serial, kid);
	if (!head)
		return gi__oom();
	unsigned char md[32], sig[1024];
	size_t sig_len = sizeof sig;
	int rc = EVP_Digest(head, strlen(head), md, NULL, EVP_sha256(), NULL) == 1 ? 0 : gi__oom();
	if (rc == 0)
		rc = gi__signer_sign(sig, &sig_len, council, md);
	if (rc == 0) {
		char *s = malloc(4 * ((sig_len + 2) / 3) + 1);
		*uri = s ? text_printf("%s&s=%s", head, (base64url(s, sig, sig_len), s)) : NULL;
		free(s);
		if (!*uri)
			rc = gi__oom();
	}
	free(head);
	return rc;
}

/* ---- keys ---- */

void gi_stamp_keys_free(gi_stamp_keys *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++) {
		X509_free(k->certs[i]);
		free(k->subject[i]);
	}
	free(k->certs);
	free(k->kid);
	free(k->subject);
	free(k);
}

int gi_stamp_keys_load(gi_stamp_keys **out, const char *pem_file)
{
	if (!out || !pem_file)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stamp_keys_load: NULL argument");
	*out = NULL;
	FILE *f = fopen(pem_file, "rb");
	if (!f)
		return gi__error(GI_EIO, pem_file, 0, "cannot open: %s", strerror(errno));
	gi_stamp_keys *k = calloc(1, sizeof *k);
	X509 *x;
	int rc = k ? GI_OK : gi__oom();
	while (rc == 0 && (x = PEM_read_X509(f, NULL, NULL, NULL))) {
		X509 **c = realloc(k->certs, (k->n + 1) * sizeof *c);
		char (*kid)[16] = c ? realloc(k->kid, (k->n + 1) * sizeof *kid) : NULL;
		char **sub = kid ? realloc(k->subject, (k->n + 1) * sizeof *sub) : NULL;
		if (c)
			k->certs = c;
		if (kid)
			k->kid = kid;
		if (sub)
			k->subject = sub;
		char name[512];
		gi__x509_name(name, sizeof name, X509_get_subject_name(x));
		if (!sub || key_id(k->kid[k->n], x) < 0 || !(k->subject[k->n] = strdup(name))) {
			X509_free(x);
			rc = gi__oom();
			break;
		}
		k->certs[k->n++] = x;
	}
	ERR_clear_error();
	fclose(f);
	if (rc == 0 && k->n == 0)
		rc = gi__error(GI_EINVALID, pem_file, 0, "no PEM certificate in the file");
	if (rc < 0) {
		gi_stamp_keys_free(k);
		return rc;
	}
	*out = k;
	return GI_OK;
}

/* ---- checking a stamp ---- */

void gi_stamp_check_free(gi_stamp_check *c)
{
	if (!c)
		return;
	check *k = (check *)c;
	gi__arena_free(&k->arena);
	free(k);
}

static int refuse(check *k, const char *why)
{
	k->pub.genuine = 0;
	k->pub.reason = gi__arena_strdup(&k->arena, why);
	return gi__error(GI_EINVALID, NULL, 0, "not a genuine stamp: %s", why);
}

/* the next path segment of *p (up to '/', '?' or the end), NUL-terminated in out */
static int segment(char *out, size_t n, const char **p)
{
	size_t k = strcspn(*p, "/?");
	if (k == 0 || k >= n)
		return -1;
	memcpy(out, *p, k);
	out[k] = '\0';
	*p += k;
	return 0;
}

/* a percent-encoded AI value: decoded, of set 82, and spelt canonically */
static char *ai_value(check *k, const char *enc)
{
	char dec[MAX_AI * 3 + 1], again[MAX_AI * 3 + 1];
	size_t o = 0;
	for (const char *s = enc; *s; s++) {
		if (o >= MAX_AI)
			return NULL;
		if (*s == '%') {
			unsigned v;
			if (sscanf(s + 1, "%2x", &v) != 1 || !s[1] || !s[2])
				return NULL;
			dec[o++] = (char)v;
			s += 2;
		} else {
			dec[o++] = *s;
		}
	}
	dec[o] = '\0';
	if (!cset82(dec))
		return NULL;
	percent_encode(again, dec);
	return strcmp(again, enc) == 0 ? gi__arena_strdup(&k->arena, dec) : NULL;
}

int gi_stamp_verify(gi_stamp_check **out, const char *uri, const gi_stamp_keys *keys)
{
	if (!out || !uri || !keys)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stamp_verify: NULL argument");
	*out = NULL;
	check *k = calloc(1, sizeof *k);
	if (!k)
		return gi__oom();
	*out = &k->pub;
	if (strncmp(uri, "https://", 8) != 0)
		return refuse(k, "a stamp is an https:// URI");
	const char *p = uri + 8;
	char host[254], a[16], b[MAX_AI * 3 + 1], c[16], d[MAX_AI * 3 + 1], e[16], f[MAX_AI * 3 + 1];
	if (segment(host, sizeof host, &p) < 0 || !host_ok(host) || *p != '/')
		return refuse(k, "no portal host name");
	p++;
	k->pub.domain = gi__arena_strdup(&k->arena, host);
	if (segment(a, sizeof a, &p) < 0 || *p != '/')
		return refuse(k, "the path names no GTIN or lot");
	p++;
	if (strcmp(a, "01") == 0) {
		char g[15];
		if (segment(b, sizeof b, &p) < 0 || strlen(b) != 14 || gtin14(g, b) < 0)
			return refuse(k, "the GTIN (AI 01) is not 14 digits with a valid check digit");
		k->pub.gtin = gi__arena_strdup(&k->arena, g);
		if (*p != '/' || (p++, segment(c, sizeof c, &p) < 0) || strcmp(c, "10") != 0 || *p != '/')
			return refuse(k, "the GTIN is not followed by a lot (AI 10)");
		p++;
	} else if (strcmp(a, "lot") != 0) {
		return refuse(k, "the path names no GTIN (01) or lot");
	}
	if (segment(d, sizeof d, &p) < 0 || !(k->pub.lot = ai_value(k, d)))
		return refuse(k, "the lot is not 1 to 20 characters of GS1 set 82, percent-encoded as RFC 3986 asks");
	if (*p == '/') {
		p++;
		const char *serial_key = k->pub.gtin ? "21" : "serial";
		if (segment(e, sizeof e, &p) < 0 || strcmp(e, serial_key) != 0 || *p != '/' || (p++, segment(f, sizeof f, &p)) < 0 ||
		    !(k->pub.serial = ai_value(k, f)))
			return refuse(k, "the part after the lot is not a serial (AI 21) of GS1 set 82");
	}
	/* ?k=KEYID&s=SIGNATURE and nothing else */
	const char *amp = strstr(p, "&s=");
	if (strncmp(p, "?k=", 3) != 0 || !amp || (size_t)(amp - p) != 3 + 8)
		return refuse(k, "no key id and signature (?k=...&s=...)");
	char kid[16];
	memcpy(kid, p + 3, 8);
	kid[8] = '\0';
	const char *sig_text = amp + 3;
	size_t sig_n = strlen(sig_text);
	unsigned char sig[1024], md[32];
	size_t sig_len = 0;
	if (sig_n == 0 || sig_n > 1300 || unbase64url(sig, &sig_len, sig_text, sig_n) < 0)
		return refuse(k, "the signature is not base64url");
	if (EVP_Digest(uri, (size_t)(amp - uri), md, NULL, EVP_sha256(), NULL) != 1) {
		gi_stamp_check_free(&k->pub);
		*out = NULL;
		return gi__oom();
	}
	for (size_t i = 0; i < keys->n; i++) {
		if (strcmp(keys->kid[i], kid) != 0)
			continue;
		if (gi__signature_ok(X509_get0_pubkey(keys->certs[i]), sig, sig_len, md)) {
			k->pub.genuine = 1;
			k->pub.signer = gi__arena_strdup(&k->arena, keys->subject[i]);
			k->pub.reason = gi__arena_printf(&k->arena, "signed by %s", keys->subject[i]);
			return GI_OK;
		}
		return refuse(k, "the signature does not verify: the stamp was altered or forged");
	}
	return refuse(k, "signed with a key that is not one of the council's");
}

/* ---- QR codes ---- */

static QRcode *qr_of(const char *text)
{
	QRcode *q = text ? QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) : NULL;
	if (!q)
		gi__error(GI_EINVALID, NULL, 0, "the text does not fit a QR code");
	return q;
}

int gi_stamp_qr_svg(char **svg, const char *text, double module_mm)
{
	if (!svg || !text || !(module_mm > 0))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stamp_qr_svg: NULL argument or module size");
	*svg = NULL;
	QRcode *q = qr_of(text);
	if (!q)
		return GI_EINVALID;
	int quiet = 4, w = q->width, all = w + 2 * quiet;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		QRcode_free(q);
		return gi__oom();
	}
	char mm[40];
	gi__number_format(mm, sizeof mm, all * module_mm, 6);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%smm\" height=\"%smm\" viewBox=\"0 0 %d %d\" "
	        "shape-rendering=\"crispEdges\">\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
	        mm, mm, all, all, all, all);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w;) {
			if (!(q->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			fprintf(f, "M%d %dh%dv1h-%dz", x + quiet, y + quiet, run, run);
			x += run;
		}
	fputs("\"/>\n</svg>\n", f);
	QRcode_free(q);
	if (fclose(f) != 0 || !buf) {
		free(buf);
		return gi__oom();
	}
	*svg = buf;
	return GI_OK;
}

typedef struct {
	unsigned char *p;
	size_t len, cap;
	int failed;
} png_mem;

static void png_write_mem(png_structp png, png_bytep data, png_size_t n)
{
	png_mem *m = png_get_io_ptr(png);
	if (m->failed)
		return;
	if (m->len + n > m->cap) {
		size_t cap = m->cap ? m->cap : 4096;
		while (cap < m->len + n)
			cap *= 2;
		unsigned char *q = realloc(m->p, cap);
		if (!q) {
			m->failed = 1;
			return;
		}
		m->p = q;
		m->cap = cap;
	}
	memcpy(m->p + m->len, data, n);
	m->len += n;
}

static void png_flush_mem(png_structp png)
{
	(void)png;
}

int gi_stamp_qr_png(unsigned char **png_out, size_t *len, const char *text, int scale)
{
	if (!png_out || !len || !text || scale < 1 || scale > 64)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stamp_qr_png: NULL argument or scale outside 1-64");
	*png_out = NULL;
	*len = 0;
	QRcode *q = qr_of(text);
	if (!q)
		return GI_EINVALID;
	int quiet = 4, w = q->width, side = (w + 2 * quiet) * scale;
	png_mem m = { NULL, 0, 0, 0 };
	unsigned char *row = malloc((size_t)side);
	png_structp png = row ? png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL) : NULL;
	png_infop info = png ? png_create_info_struct(png) : NULL;
	int rc = info ? GI_OK : GI_ENOMEM;
	if (rc == 0 && setjmp(png_jmpbuf(png)))
		rc = GI_ENOMEM;
	if (rc == 0) {
		png_set_write_fn(png, &m, png_write_mem, png_flush_mem);
		png_set_IHDR(png, info, (png_uint_32)side, (png_uint_32)side, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
		             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
		png_write_info(png, info);
		for (int y = 0; y < side; y++) {
			int my = y / scale - quiet;
			for (int x = 0; x < side; x++) {
				int mx = x / scale - quiet;
				int dark = mx >= 0 && my >= 0 && mx < w && my < w && (q->data[my * w + mx] & 1);
				row[x] = dark ? 0 : 255;
			}
			png_write_row(png, row);
		}
		png_write_end(png, NULL);
	}
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	free(row);
	QRcode_free(q);
	if (rc == 0 && m.failed)
		rc = GI_ENOMEM;
	if (rc < 0) {
		free(m.p);
		return gi__oom();
	}
	*png_out = m.p;
	*len = m.len;
	return GI_OK;
}
