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
#include "log_internal.h"
#include <jansson.h>
#include <time.h>

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
	k->pub.permit_valid = k->pub.issued = k->pub.in_log = -1;
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

/* Writes a QR code's dark modules as SVG path data, one rectangle a
 * horizontal run, offset by the quiet zone. */
static void svg_modules(FILE *f, const QRcode *q, int quiet)
{
	int w = q->width;
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
	svg_modules(f, q, quiet);
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

typedef void (*png_row_fn)(unsigned char *row, size_t y, const void *ctx);

/* An 8-bit greyscale PNG of W x H pixels in memory, row y filled by
 * fill(row, y, ctx) into a buffer of W bytes. */
static int png_gray(unsigned char **out, size_t *len, size_t W, size_t H, png_row_fn fill, const void *ctx)
{
	png_mem m = { NULL, 0, 0, 0 };
	unsigned char *row = malloc(W);
	png_structp png = row ? png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL) : NULL;
	png_infop info = png ? png_create_info_struct(png) : NULL;
	int rc = info ? GI_OK : GI_ENOMEM;
	if (rc == 0 && setjmp(png_jmpbuf(png)))
		rc = GI_ENOMEM;
	if (rc == 0) {
		png_set_write_fn(png, &m, png_write_mem, png_flush_mem);
		png_set_IHDR(png, info, (png_uint_32)W, (png_uint_32)H, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
		             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
		png_write_info(png, info);
		for (size_t y = 0; y < H; y++) {
			fill(row, y, ctx);
			png_write_row(png, row);
		}
		png_write_end(png, NULL);
	}
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	free(row);
	if (rc == 0 && m.failed)
		rc = GI_ENOMEM;
	if (rc < 0) {
		free(m.p);
		return gi__oom();
	}
	*out = m.p;
	*len = m.len;
	return GI_OK;
}

typedef struct {
	const QRcode *q;
	int scale, quiet;
} qr_png;

/* One pixel row of a single code with its quiet zone */
static void qr_png_row(unsigned char *row, size_t y, const void *ctx)
{
	const qr_png *c = ctx;
	int w = c->q->width, side = (w + 2 * c->quiet) * c->scale, my = (int)y / c->scale - c->quiet;
	for (int x = 0; x < side; x++) {
		int mx = x / c->scale - c->quiet;
		int dark = mx >= 0 && my >= 0 && mx < w && my < w && (c->q->data[my * w + mx] & 1);
		row[x] = dark ? 0 : 255;
	}
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
	qr_png c = { q, scale, 4 };
	size_t side = (size_t)(q->width + 2 * c.quiet) * (size_t)scale;
	int rc = png_gray(png_out, len, side, side, qr_png_row, &c);
	QRcode_free(q);
	return rc;
}

/* ---- a sheet of stamps ---- */

/* the part of a stamp URI printed under its code: the serial (or the lot
 * of a lot stamp), the last path segment before '?'; XML-escaped into out */
static void label_of(char *out, size_t n, const char *uri)
{
	const char *q = strchr(uri, '?'), *end = q ? q : uri + strlen(uri), *s = end;
	while (s > uri && s[-1] != '/')
		s--;
	size_t o = 0;
	for (; s < end && o + 7 < n; s++) {
		const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : NULL;
		if (e) {
			memcpy(out + o, e, strlen(e));
			o += strlen(e);
		} else {
			out[o++] = *s;
		}
	}
	out[o] = '\0';
}

/* The codes of a sheet and how they are laid out, shared by its steps. */
typedef struct {
	QRcode **q;
	const char *const *uris;
	size_t n;
	int cell, quiet, scale, labels;   /* cell: modules a cell spans, quiet zone included */
	double mm, width, gap;
} sheet;

/* Encodes every URI and sizes the cell to the widest code with its quiet zone. */
static int sheet_encode(sheet *s)
{
	int rc = GI_OK;
	for (size_t i = 0; i < s->n && rc == 0; i++) {
		if (!s->uris[i] || !(s->q[i] = qr_of(s->uris[i])))
			rc = s->uris[i] ? GI_EINVALID : gi__error(GI_EUSAGE, NULL, 0, "gi_stamp_sheet: stamp %zu is NULL", i + 1);
		else if (s->q[i]->width + 2 * s->quiet > s->cell)
			s->cell = s->q[i]->width + 2 * s->quiet;
	}
	return rc;
}


/* Writes the i-th code of an SVG sheet in its cell, with its label when asked. */
static void sheet_svg_cell(FILE *f, const sheet *s, size_t i, int cols, double side, double label)
{
	char x[40], y[40], m[40], t[40];
	int wq = s->q[i]->width;
	/* a smaller code is centred in its cell; its quiet zone only grows */
	double off = (s->cell - wq - 2 * s->quiet) / 2.0 * s->mm;
	gi__number_format(x, sizeof x, (double)(i % (size_t)cols) * (side + s->gap) + off, 9);
	gi__number_format(y, sizeof y, (double)(i / (size_t)cols) * (side + label + s->gap) + off, 9);
	gi__number_format(m, sizeof m, s->mm, 9);
	fprintf(f, "<g transform=\"translate(%s %s) scale(%s)\" shape-rendering=\"crispEdges\">"
	        "<path fill=\"#000\" d=\"", x, y, m);
	svg_modules(f, s->q[i], s->quiet);
	fputs("\"/></g>\n", f);
	if (s->labels) {
		char text[200];
		label_of(text, sizeof text, s->uris[i]);
		gi__number_format(x, sizeof x, (double)(i % (size_t)cols) * (side + s->gap) + side / 2, 9);
		gi__number_format(t, sizeof t, (double)(i / (size_t)cols) * (side + label + s->gap) + side + 2.5, 9);
		fprintf(f, "<text x=\"%s\" y=\"%s\" font-family=\"monospace\" font-size=\"2.5\" "
		        "text-anchor=\"middle\">%s</text>\n", x, t, text);
	}
}

/* Lays the codes out as an SVG sheet in millimetres, as many a row as fit the width. */
static int sheet_svg(unsigned char **out, size_t *len, const sheet *s)
{
	/* millimetres throughout; a label of 2.5 mm text under each code */
	double side = s->cell * s->mm, label = s->labels ? 4 : 0;
	int cols = (int)((s->width + s->gap) / (side + s->gap));
	if (cols < 1)
		cols = 1;
	size_t rows = (s->n + (size_t)cols - 1) / (size_t)cols;
	double w = cols * side + (cols - 1) * s->gap, h = (double)rows * (side + label) + (double)(rows - 1) * s->gap;
	char *buf = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&buf, &blen);
	if (!f)
		return gi__oom();
	char ws[40], hs[40];
	gi__number_format(ws, sizeof ws, w, 9);
	gi__number_format(hs, sizeof hs, h, 9);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%smm\" height=\"%smm\" viewBox=\"0 0 %s %s\">\n"
	        "<rect width=\"%s\" height=\"%s\" fill=\"#fff\"/>\n", ws, hs, ws, hs, ws, hs);
	for (size_t i = 0; i < s->n; i++)
		sheet_svg_cell(f, s, i, cols, side, label);
	fputs("</svg>\n", f);
	if (fclose(f) != 0 || !buf) {
		free(buf);
		return gi__oom();
	}
	*out = (unsigned char *)buf;
	*len = blen;
	return GI_OK;
}

typedef struct {
	const sheet *s;
	int cols, cs, g;
	size_t W;
} sheet_png_ctx;

/* Fills one pixel row y of a PNG sheet: white, black where a dark module falls. */
static void sheet_png_row(unsigned char *row, size_t y, const void *ctx)
{
	const sheet_png_ctx *p = ctx;
	const sheet *s = p->s;
	int cols = p->cols, cs = p->cs, g = p->g;
	memset(row, 255, p->W);
	size_t r = y / (size_t)(cs + g), yin = y % (size_t)(cs + g);
	for (int c = 0; yin < (size_t)cs && c < cols; c++) {
		size_t i = r * (size_t)cols + (size_t)c;
		if (i >= s->n)
			break;
		int wq = s->q[i]->width, off = (s->cell - wq - 2 * s->quiet) / 2 * s->scale;
		int my = ((int)yin - off) / s->scale - s->quiet;
		if ((int)yin < off || my < 0 || my >= wq)
			continue;
		for (int xin = 0; xin < cs; xin++) {
			int mx = (xin - off) / s->scale - s->quiet;
			if (xin >= off && mx >= 0 && mx < wq && (s->q[i]->data[my * wq + mx] & 1))
				row[(size_t)c * (size_t)(cs + g) + (size_t)xin] = 0;
		}
	}
}

/* Lays the codes out as a greyscale PNG sheet at most 2,000 pixels wide. */
static int sheet_png(unsigned char **out, size_t *len, const sheet *s)
{
	/* as many codes a row as fit 2,000 pixels; gap pixels of white between
	 * cells beside their quiet zones */
	int cs = s->cell * s->scale, g = (int)(s->gap / s->mm * s->scale + 0.5);
	int cols = (2000 + g) / (cs + g);
	if (cols < 1)
		cols = 1;
	if ((size_t)cols > s->n)
		cols = (int)s->n;
	size_t rows = (s->n + (size_t)cols - 1) / (size_t)cols;
	size_t W = (size_t)cols * (size_t)cs + (size_t)(cols - 1) * (size_t)g;
	size_t H = rows * (size_t)cs + (rows - 1) * (size_t)g;
	if (H > 100000)
		return gi__error(GI_EINVALID, NULL, 0, "a PNG sheet of %zu stamps would be %zu pixels high; make "
		                 "several sheets", s->n, H);
	sheet_png_ctx c = { s, cols, cs, g, W };
	return png_gray(out, len, W, H, sheet_png_row, &c);
}

int gi_stamp_sheet(unsigned char **out, size_t *len, const char *const *uris, size_t n,
                   const gi_stamp_sheet_options *opts)
{
	gi_stamp_sheet_options o = GI_STAMP_SHEET_OPTIONS_INIT;
	if (opts)
		o = *opts;
	if (!out || !len || (!uris && n) || n == 0 || o.version != GI_STAMP_SHEET_OPTIONS_VERSION ||
	    (o.format != GI_STAMP_SHEET_SVG && o.format != GI_STAMP_SHEET_PNG) || o.module_mm < 0 || o.width_mm < 0 ||
	    o.gap_mm < 0 || o.scale < 0 || o.scale > 64)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stamp_sheet: NULL argument, no stamps, or bad options");
	*out = NULL;
	*len = 0;
	sheet s = { .uris = uris, .n = n, .quiet = 4, .labels = o.labels, .cell = 0,
	            .mm = o.module_mm > 0 ? o.module_mm : 0.5, .width = o.width_mm > 0 ? o.width_mm : 190,
	            .gap = o.gap_mm > 0 ? o.gap_mm : 3, .scale = o.scale ? o.scale : 4 };
	s.q = calloc(n, sizeof *s.q);
	if (!s.q)
		return gi__oom();
	int rc = sheet_encode(&s);
	if (rc == 0)
		rc = o.format == GI_STAMP_SHEET_SVG ? sheet_svg(out, len, &s) : sheet_png(out, len, &s);
	for (size_t i = 0; i < n; i++)
		if (s.q[i])
			QRcode_free(s.q[i]);
	free(s.q);
	return rc;
}

/* ---- the permit, the serial and the log (gi_stamp_inspect) ---- */

#define PERMIT_NS "urn:libgi:permit:1"

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST PERMIT_NS) &&
	       xmlStrEqual(n->name, BAD_CAST name);
}

static char *prop(check *k, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *r = v ? gi__arena_strdup(&k->arena, (char *)v) : NULL;
	xmlFree(v);
	return r;
}

/* A serial as the registry writes it (gi__stamp_serial: six or more
 * digits, no leading zero beyond six); -1 if not. */
static long long serial_number(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 6 || n > 18 || strspn(s, "0123456789") != n || (n > 6 && s[0] == '0'))
		return -1;
	return atoll(s);
}

/* the status list's signer is one of the council's stamp certificates */
static int council_signed(const gi_stamp_keys *keys, const gi_record_check *rc)
{
	for (size_t i = 0; rc->signer && rc->serial && i < keys->n; i++) {
		BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(keys->certs[i]), NULL);
		char *hex = bn ? BN_bn2hex(bn) : NULL;
		int same = hex && strcmp(hex, rc->serial) == 0 && strcmp(keys->subject[i], rc->signer) == 0;
		OPENSSL_free(hex);
		BN_free(bn);
		if (same)
			return 1;
	}
	return 0;
}

static void today_of(char out[11], long long now)
{
	time_t t = now ? (time_t)now : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int status_check(check *k, const gi_stamp_keys *keys, const gi_stamp_inspect_options *o)
{
	gi__problems pr = { "status list", NULL, NULL, 0, 0, 0, "" };
	gi__xml_quiet q;
	gi__xml_quiet_begin(&q);
	xmlDocPtr doc = gi__xml_parse(&pr, o->status_list, o->status_len, "status list");
	gi__xml_quiet_end(&q);
	if (!doc)
		return gi__error(GI_EPARSE, "status list", pr.first_line, "%s", pr.first);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	gi_record_check *rc = NULL;
	int r;
	if (!is_el(root, "permitStatusList")) {
		r = gi__error(GI_EINVALID, "status list", 0, "not a permit status list (%s permitStatusList)", PERMIT_NS);
	} else if ((r = gi__document_verify(&rc, doc, o->trust)) < 0) {
		char why[600];
		snprintf(why, sizeof why, "%s", rc ? rc->reason : gi_error_last()->message);
		r = gi__error(GI_EINVALID, "status list", 0, "the status list's signature does not verify: %s", why);
	} else if (!council_signed(keys, rc)) {
		r = gi__error(GI_EINVALID, "status list", 0, "the status list is signed by %s, which is not one of the "
		              "council's stamp certificates", rc->signer ? rc->signer : "an unknown signer");
	}
	gi_record_check_free(rc);
	if (r < 0) {
		xmlFreeDoc(doc);
		return r;
	}
	gi_stamp_check *c = &k->pub;
	c->status_date = prop(k, root, "date");
	long long serial = c->serial ? serial_number(c->serial) : -1;
	int lot_seen = 0;
	if (c->serial)
		c->issued = 0;
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (!is_el(n, "issued"))
			continue;
		xmlChar *lot = xmlGetProp(n, BAD_CAST "lot");
		int mine = lot && strcmp((char *)lot, c->lot) == 0;
		xmlFree(lot);
		if (!mine)
			continue;
		char *pid = prop(k, n, "permit");
		if (!lot_seen || (serial >= 0 && c->issued != 1)) {
			c->permit = pid;
			lot_seen = 1;
		}
		long long first = serial_number(prop(k, n, "first")), last = serial_number(prop(k, n, "last"));
		if (serial >= 0 && first >= 0 && serial >= first && serial <= last) {
			c->issued = 1;
			c->permit = pid;
		}
	}
	char today[11];
	today_of(today, o->now);
	c->permit_valid = 0;
	for (xmlNodePtr n = root->children; c->permit && n; n = n->next) {
		if (!is_el(n, "permit"))
			continue;
		xmlChar *id = xmlGetProp(n, BAD_CAST "id");
		int it = id && strcmp((char *)id, c->permit) == 0;
		xmlFree(id);
		if (!it)
			continue;
		c->permit_state = prop(k, n, "state");
		c->valid_from = prop(k, n, "validFrom");
		c->valid_until = prop(k, n, "validUntil");
		c->permit_valid = c->permit_state && strcmp(c->permit_state, "granted") == 0 && c->valid_from &&
		                  c->valid_until && strcmp(c->valid_from, today) <= 0 && strcmp(today, c->valid_until) <= 0;
	}
	xmlFreeDoc(doc);
	return GI_OK;
}

/* whether entry is a verification record of lot */
static int record_of_lot(const unsigned char *entry, size_t len, const char *lot)
{
	size_t n = strlen(lot), base = n > 2 && lot[n - 2] == '-' ? n - 2 : n;
	if (len == 0 || entry[0] != '<' || !memmem(entry, len, lot, base))
		return 0;
	char *json = NULL;
	if (gi_record_json(&json, entry, len, "entry") < 0) {
		gi_error_clear();
		return 0;
	}
	json_t *j = json_loads(json, 0, NULL);
	gi_free(json);
	const char *cited = json_string_value(json_object_get(json_object_get(j, "sample"), "lot"));
	int yes = gi__lot_code_matches(lot, cited);
	json_decref(j);
	return yes;
}

typedef struct {
	gi_log *log;
	const char *lot;
	json_t *entries;
	int rc;
} proof_scan;

static int scan_entry(void *ctx, uint64_t index, const unsigned char *entry, size_t len)
{
	proof_scan *s = ctx;
	if (!record_of_lot(entry, len, s->lot))
		return 0;
	char *proof = NULL, *b64 = gi__base64(entry, len);
	int rc = b64 ? gi_log_prove(s->log, &proof, index) : gi__oom();
	if (rc == 0)
		rc = json_array_append_new(s->entries, json_pack("{s:I, s:s, s:s}", "index", (json_int_t)index, "entry", b64,
		                                                 "proof", proof)) == 0 ? 0 : gi__oom();
	free(b64);
	gi_free(proof);
	return rc;
}

int gi_stamp_lot_proof(char **out, gi_log *log, const char *lot)
{
	if (!out || !log || !lot || !*lot)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stamp_lot_proof: NULL argument");
	*out = NULL;
	proof_scan s = { log, lot, json_array(), 0 };
	if (!s.entries)
		return gi__oom();
	int rc = gi__log_each_entry(log, scan_entry, &s);
	if (rc == 0) {
		json_t *b = json_pack("{s:s, s:s, s:o}", "format", "urn:libgi:lot-proof:1", "lot", lot, "entries", s.entries);
		s.entries = NULL;
		*out = b ? json_dumps(b, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
		json_decref(b);
		if (!*out)
			rc = gi__oom();
	}
	json_decref(s.entries);
	return rc;
}

/* every proof of a lot proof bundle verifies with key; counts the lot's records */
static int bundle_check(check *k, const char *bundle, const char *key)
{
	json_error_t err;
	json_t *b = json_loads(bundle, 0, &err);
	json_t *entries = json_object_get(b, "entries");
	const char *fmt = json_string_value(json_object_get(b, "format"));
	if (!b || !json_is_array(entries) || !fmt || strcmp(fmt, "urn:libgi:lot-proof:1") != 0) {
		json_decref(b);
		return gi__error(GI_EPARSE, "lot proof", b ? 0 : err.line, "not a lot proof bundle (urn:libgi:lot-proof:1)%s%s",
		                 b ? "" : ": ", b ? "" : err.text);
	}
	gi__note_key nk;
	int rc = gi__note_verifier_parse(&nk, key);
	size_t found = 0;
	for (size_t i = 0; rc == 0 && i < json_array_size(entries); i++) {
		json_t *e = json_array_get(entries, i);
		const char *b64 = json_string_value(json_object_get(e, "entry")),
		           *proof = json_string_value(json_object_get(e, "proof"));
		size_t n = b64 ? strlen(b64) : 0;
		unsigned char *entry = n ? malloc(n) : NULL;
		long len = entry ? gi__unbase64(entry, n, b64, n) : -1;
		if (!proof || len < 0) {
			rc = gi__error(GI_EPARSE, "lot proof", 0, "entry %zu has no base64 entry or no proof", i + 1);
		} else if ((rc = gi_log_proof_verify(NULL, NULL, proof, key, entry, (size_t)len)) < 0) {
			char why[600];
			snprintf(why, sizeof why, "%s", gi_error_last()->message);
			rc = gi__error(rc, "lot proof", 0, "entry %zu: the inclusion proof does not verify: %s", i + 1, why);
		} else if (record_of_lot(entry, (size_t)len, k->pub.lot)) {
			found++;
		}
		free(entry);
	}
	json_decref(b);
	if (rc < 0)
		return rc;
	k->pub.log_records = found;
	k->pub.in_log = found > 0;
	k->pub.log_origin = gi__arena_strdup(&k->arena, nk.name);
	return GI_OK;
}

int gi_stamp_inspect(gi_stamp_check **out, const char *uri, const gi_stamp_keys *keys,
                     const gi_stamp_inspect_options *opts)
{
	gi_stamp_inspect_options o = GI_STAMP_INSPECT_OPTIONS_INIT;
	if (opts)
		o = *opts;
	if (out)
		*out = NULL;
	if (!out || !uri || !keys || o.version != GI_STAMP_INSPECT_OPTIONS_VERSION || (o.status_list && !o.trust) ||
	    ((o.log_dir || o.log_proof) && !o.log_key) || (o.log_dir && o.log_proof))
		return gi__error(GI_EUSAGE, NULL, 0, "gi_stamp_inspect: NULL argument, options version, a status list "
		                 "without trust anchors, a log without its key, or both a log and a proof bundle");
	int rc = gi_stamp_verify(out, uri, keys);
	if (rc < 0 || !*out)
		return rc;
	check *k = (check *)*out;
	if (o.status_list)
		rc = status_check(k, keys, &o);
	if (rc == 0 && (o.log_dir || o.log_proof)) {
		char *bundle = NULL;
		if (o.log_dir) {
			gi_log_options lo = GI_LOG_OPTIONS_INIT;
			lo.verifier_key = o.log_key;
			gi_log *log = NULL;
			if ((rc = gi_log_open(&log, o.log_dir, &lo)) == 0)
				rc = gi_stamp_lot_proof(&bundle, log, k->pub.lot);
			gi_log_free(log);
		}
		if (rc == 0)
			rc = bundle_check(k, bundle ? bundle : o.log_proof, o.log_key);
		gi_free(bundle);
	}
	if (rc < 0) {
		gi_stamp_check_free(*out);
		*out = NULL;
		return rc;
	}
	gi_stamp_check *c = *out;
	char w[600] = "";
	size_t n = 0;
	if (c->permit_valid == 0)
		n += (size_t)snprintf(w + n, sizeof w - n, "%s", !c->permit
		                      ? "no permit covers this lot in the status list (no stamps were issued for it)"
		                      : "the permit is not valid today");
	if (c->permit_valid == 0 && c->permit && c->permit_state)
		n += (size_t)snprintf(w + n, sizeof w - n, " (%s %s, valid %s to %s)", c->permit, c->permit_state,
		                      c->valid_from ? c->valid_from : "?", c->valid_until ? c->valid_until : "?");
	if (c->issued == 0 && n < sizeof w)
		n += (size_t)snprintf(w + n, sizeof w - n, "%sserial %s was never issued for lot %s: a copied or "
		                      "counterfeit stamp", n ? "; " : "", c->serial, c->lot);
	if (c->in_log == 0 && n < sizeof w)
		n += (size_t)snprintf(w + n, sizeof w - n, "%sno verification record of lot %s is in the log", n ? "; " : "",
		                      c->lot);
	if (n)
		c->warning = gi__arena_strdup(&k->arena, w);
	return GI_OK;
}
