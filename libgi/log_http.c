/* SPDX-License-Identifier: GPL-3.0-or-later */
/* log_http.c - reading a tlog-tiles log that a web server publishes: one
 * libcurl handle per log (its connections reused from object to object),
 * http:// and https:// only, certificates checked against the system's
 * store or a given CA file, bounded time and a bounded size per object (a
 * hostile server cannot make the monitor wait or allocate without end),
 * redirects followed by hand so each is checked before it is taken. */
#include "config.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>
#include "internal.h"
#include "log_internal.h"

#define REDIRECTS_MAX 5
#define CONNECT_TIMEOUT_DEFAULT 10 /* seconds */
#define TIMEOUT_DEFAULT 60         /* seconds, per object */

struct gi__http {
	CURL *curl;
	char *base;   /* without a trailing '/' */
	int https;    /* the log was given as https://: never downgraded */
	char errbuf[CURL_ERROR_SIZE];
	/* the response being received */
	unsigned char **buf;
	size_t *cap, len, max;
	int too_big, nomem;
	long status;  /* the last response's HTTP status, 0 if none came */
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int gi__log_is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

static size_t on_data(char *data, size_t size, size_t nmemb, void *ctx)
{
	gi__http *h = ctx;
	size_t n = size * nmemb;
	long status = 0;
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200)
		return n; /* a redirect's or an error's page: not kept, not counted */
	curl_off_t announced = -1;
	curl_easy_getinfo(h->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
	/* the bound is on the bytes as decoded; a compressed body announces
	 * its compressed length, which for data that does not compress (a
	 * tile's hashes) is a little over it: deflate adds 5 bytes a 64 KiB
	 * block and gzip 18, well inside max / 64 + 1024 */
	if (n > h->max - h->len || (announced > 0 && (curl_off_t)(h->max + h->max / 64 + 1024) < announced)) {
		h->too_big = 1;
		return 0; /* aborts the transfer */
	}
	if (h->len + n + 1 > *h->cap) {
		size_t c = *h->cap ? *h->cap : 4096;
		while (c < h->len + n + 1)
			c *= 2;
		if (c > h->max + 1)
			c = h->max + 1;
		unsigned char *q = realloc(*h->buf, c);
		if (!q) {
			h->nomem = 1;
			return 0;
		}
		*h->buf = q;
		*h->cap = c;
	}
	memcpy(*h->buf + h->len, data, n);
	h->len += n;
	return n;
}

int gi__http_open(gi__http **out, const char *base, const char *ca_file, long connect_timeout, long timeout)
{
	*out = NULL;
	size_t n = strlen(base);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)base[i] <= 0x20 || base[i] == 0x7f || base[i] == '?' || base[i] == '#')
			return gi__error(GI_EUSAGE, base, 0, "a log URL has no spaces, control characters, query or fragment");
	while (n > 8 && base[n - 1] == '/')
		n--;
	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK)
		return gi__error(GI_ERROR, NULL, 0, "libcurl cannot start: %s", curl_easy_strerror(curl_init_rc));
	gi__http *h = calloc(1, sizeof *h);
	if (!h || !(h->base = strndup(base, n))) {
		free(h);
		return gi__oom();
	}
	h->https = strncasecmp(base, "https://", 8) == 0;
	h->curl = curl_easy_init();
	if (!h->curl) {
		gi__http_free(h);
		return gi__error(GI_ERROR, NULL, 0, "libcurl cannot make a handle");
	}
	const char *protos = h->https ? "https" : "http,https";
	CURL *c = h->curl;
	int bad = curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protos) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protos) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, connect_timeout > 0 ? connect_timeout : (long)CONNECT_TIMEOUT_DEFAULT) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout > 0 ? timeout : (long)TIMEOUT_DEFAULT) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_USERAGENT, "libgi/" PACKAGE_VERSION) != CURLE_OK
		/* tlog-tiles: entry bundles SHOULD be compressed at the HTTP layer and
		 * clients SHOULD offer gzip and identity; "" offers every encoding
		 * this libcurl decodes, and on_data sees the decoded bytes */
		|| curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data) != CURLE_OK
		|| curl_easy_setopt(c, CURLOPT_WRITEDATA, h) != CURLE_OK
		|| (ca_file && curl_easy_setopt(c, CURLOPT_CAINFO, ca_file) != CURLE_OK);
	if (bad) {
		gi__http_free(h);
		return gi__error(GI_ERROR, NULL, 0, "libcurl refuses an option (built without %s?)", protos);
	}
	*out = h;
	return 0;
}

void gi__http_free(gi__http *h)
{
	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	free(h->base);
	free(h);
}

const char *gi__http_base(const gi__http *h)
{
	return h->base;
}

/* one request; 0 with *status set, or a GI_E* code recorded */
static int request(gi__http *h, const char *url, long *status)
{
	h->len = 0;
	h->too_big = h->nomem = 0;
	h->errbuf[0] = '\0';
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	CURLcode cc = curl_easy_perform(h->curl);
	if (h->nomem)
		return gi__oom();
	if (h->too_big)
		return gi__error(GI_EINVALID, url, 0, "the server sent more than the %zu bytes this object can have", h->max);
	if (cc != CURLE_OK)
		return gi__error(GI_EIO, url, 0, "cannot fetch: %s", h->errbuf[0] ? h->errbuf : curl_easy_strerror(cc));
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, status);
	return 0;
}

int gi__http_get(gi__http *h, const char *rel, unsigned char **buf, size_t *cap, size_t max, size_t *len)
{
	size_t un = strlen(h->base) + strlen(rel) + 2;
	char *url = malloc(un);
	if (!url)
		return gi__oom();
	snprintf(url, un, "%s/%s", h->base, rel);
	h->buf = buf;
	h->cap = cap;
	h->max = max;
	h->status = 0;
	int rc = 0;
	for (int hops = 0;; hops++) {
		long status = 0;
		rc = request(h, url, &status);
		if (rc)
			break;
		h->status = status;
		if (status == 200) {
			if (*cap == 0) { /* an empty body still gets its NUL */
				if (!(*buf = malloc(1))) {
					rc = gi__oom();
					break;
				}
				*cap = 1;
			}
			(*buf)[h->len] = '\0';
			*len = h->len;
			break;
		}
		if (status < 300 || status > 399) {
			rc = gi__error(GI_EIO, url, 0, "the server answered HTTP status %ld", status);
			break;
		}
		char *to = NULL;
		curl_easy_getinfo(h->curl, CURLINFO_REDIRECT_URL, &to);
		if (!to) {
			rc = gi__error(GI_EIO, url, 0, "the server answered HTTP status %ld with no usable Location", status);
			break;
		}
		int ok = h->https ? strncasecmp(to, "https://", 8) == 0 : gi__log_is_url(to);
		if (!ok) {
			rc = gi__error(GI_EIO, url, 0, "refused a redirect (HTTP status %ld) to %.200s: only %s is followed", status,
					to, h->https ? "https://" : "http:// or https://");
			break;
		}
		if (hops == REDIRECTS_MAX) {
			rc = gi__error(GI_EIO, url, 0, "more than %d redirects", REDIRECTS_MAX);
			break;
		}
		char *next = strdup(to);
		if (!next) {
			rc = gi__oom();
			break;
		}
		free(url);
		url = next;
	}
	free(url);
	h->buf = NULL;
	h->cap = NULL;
	return rc;
}

long gi__http_status(const gi__http *h)
{
	return h->status;
}
