/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * signer_pkcs11.c - signing keys on PKCS#11 tokens: USB tokens and smart
 * cards issued to laboratories and councils, HSMs, SoftHSM in the tests.
 *
 * The key is named by an RFC 7512 URI, parsed by p11-kit (the parser
 * GnuTLS and p11-kit's own tools use). The token is driven by libp11,
 * which turns a token key into an EVP_PKEY whose private operation runs
 * on the token (an RSA_METHOD / EC_KEY_METHOD); OpenSSL 3 signs with such
 * a "foreign" key through that method (record.c, "keys held elsewhere",
 * says how a record is signed with it). The pkcs11 engine (libengine-pkcs11-openssl)
 * is a thin layer over the same libp11 code; libgi calls libp11 itself
 * because the engine API is deprecated in OpenSSL 3 and is found through
 * openssl.cnf / ENGINESDIR, because the engine writes its failures to
 * stderr and asks for PINs through OpenSSL's UI on its own, and because
 * directly libgi can say which token refused which PIN, and take the PIN
 * from the caller (gi_signer_options.password / password_cb).
 *
 * A module is loaded once per process and shared by the signers that use
 * it (PKCS#11 allows one C_Initialize per process; unloading it for one
 * signer would log the others out), and unloaded with the last of them.
 */
#include "config.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include <libp11.h>
#include <p11-kit/pkcs11.h>
#include <p11-kit/uri.h>
#include "internal.h"
#include "signer_backends.h"

#ifndef GI_P11_DEFAULT_MODULE
#define GI_P11_DEFAULT_MODULE "p11-kit-proxy.so"
#endif

typedef struct module {
	char *path;
	PKCS11_CTX *ctx;
	PKCS11_SLOT *slots;
	unsigned int nslots;
	unsigned char (*pin_md)[32]; /* per slot: SHA-256 of the PIN it was logged in with */
	int refs;
	struct module *next;
} module;

static pthread_mutex_t modules_lock = PTHREAD_MUTEX_INITIALIZER;
static module *modules;

struct gi__p11 {
	module *m;
};

int gi__p11_is_uri(const char *key)
{
	return key && strncmp(key, "pkcs11:", 7) == 0;
}

/* The URI for messages: without pin-value, which is a secret. */
const char *gi__p11_shown(const char *uri)
{
	static __thread char buf[512];
	size_t n = 0;
	const char *p = uri;
	while (*p && n + 1 < sizeof buf) {
		size_t len = strcspn(p, ";?&");
		int skip = strncmp(p, "pin-value=", 10) == 0;
		if (!skip) {
			if (len > sizeof buf - 1 - n)
				len = sizeof buf - 1 - n;
			memcpy(buf + n, p, len);
			n += len;
		}
		p += len;
		if (*p) {
			if (!skip || (*p == '?' && n + 1 < sizeof buf))
				buf[n++] = *p;
			p++;
		}
	}
	while (n > 0 && (buf[n - 1] == ';' || buf[n - 1] == '&' || buf[n - 1] == '?'))
		n--;
	buf[n] = '\0';
	return buf;
}

/* The reason libp11 or the module gave for the last failure. */
static const char *p11_reason(char *buf, size_t n)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;
	snprintf(buf, n, "%s", r ? r : "the module gave no reason");
	ERR_clear_error();
	return buf;
}

/* The loaded module at path, with its slots enumerated; a new reference. */
static int module_get(module **out, const char *path)
{
	char why[200];
	pthread_mutex_lock(&modules_lock);
	module *m = modules;
	while (m && strcmp(m->path, path) != 0)
		m = m->next;
	if (m) {
		m->refs++;
		pthread_mutex_unlock(&modules_lock);
		*out = m;
		return GI_OK;
	}
	int rc = GI_OK;
	m = calloc(1, sizeof *m);
	if (!m || !(m->path = strdup(path)) || !(m->ctx = PKCS11_CTX_new())) {
		rc = gi__oom();
	} else if (strchr(path, '/') && access(path, R_OK) != 0) {
		/* said here: libp11 would print dlopen's complaint on stderr */
		rc = gi__error(GI_EIO, path, 0, "cannot load the PKCS#11 module: %s", strerror(errno));
	} else if (PKCS11_CTX_load(m->ctx, path) < 0) {
		rc = gi__error(GI_EIO, path, 0, "cannot load the PKCS#11 module: %s", p11_reason(why, sizeof why));
	} else if (PKCS11_enumerate_slots(m->ctx, &m->slots, &m->nslots) < 0) {
		rc = gi__error(GI_EIO, path, 0, "the PKCS#11 module cannot list its slots: %s", p11_reason(why, sizeof why));
		PKCS11_CTX_unload(m->ctx);
	}
	if (rc == 0 && !(m->pin_md = calloc(m->nslots ? m->nslots : 1, sizeof *m->pin_md))) {
		PKCS11_release_all_slots(m->ctx, m->slots, m->nslots);
		PKCS11_CTX_unload(m->ctx);
		rc = gi__oom();
	}
	if (rc < 0) {
		if (m && m->ctx)
			PKCS11_CTX_free(m->ctx);
		if (m)
			free(m->path);
		free(m);
		pthread_mutex_unlock(&modules_lock);
		return rc;
	}
	m->refs = 1;
	m->next = modules;
	modules = m;
	pthread_mutex_unlock(&modules_lock);
	*out = m;
	return GI_OK;
}

static void module_put(module *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&modules_lock);
	if (--m->refs > 0) {
		pthread_mutex_unlock(&modules_lock);
		return;
	}
	for (module **p = &modules; *p; p = &(*p)->next)
		if (*p == m) {
			*p = m->next;
			break;
		}
	pthread_mutex_unlock(&modules_lock);
	PKCS11_release_all_slots(m->ctx, m->slots, m->nslots);
	PKCS11_CTX_unload(m->ctx);
	PKCS11_CTX_free(m->ctx);
	OPENSSL_cleanse(m->pin_md, m->nslots * sizeof *m->pin_md);
	free(m->pin_md);
	free(m->path);
	free(m);
}

/* Copies s into a blank-padded CK_TOKEN_INFO field, as a module fills it. */
static void pad(unsigned char *field, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	memset(field, ' ', n);
	memcpy(field, s, len < n ? len : n);
}

/* The one token the URI matches. */
static int find_token(PKCS11_SLOT **out, module *m, P11KitUri *uri, const char *shown)
{
	CK_SLOT_ID want = p11_kit_uri_get_slot_id(uri);
	PKCS11_SLOT *found = NULL;
	int matches = 0;
	char seen[256] = "";
	for (unsigned int i = 0; i < m->nslots; i++) {
		PKCS11_SLOT *sl = &m->slots[i];
		PKCS11_TOKEN *t = sl->token;
		if (!t || !t->initialized)
			continue;
		size_t used = strlen(seen);
		snprintf(seen + used, sizeof seen - used, "%s\"%s\"", used ? ", " : "", t->label);
		CK_TOKEN_INFO info;
		memset(&info, 0, sizeof info);
		pad(info.label, sizeof info.label, t->label);
		pad(info.manufacturerID, sizeof info.manufacturerID, t->manufacturer);
		pad(info.model, sizeof info.model, t->model);
		pad(info.serialNumber, sizeof info.serialNumber, t->serialnr);
		if (!p11_kit_uri_match_token_info(uri, &info))
			continue;
		if (want != (CK_SLOT_ID)-1 && PKCS11_get_slotid_from_slot(sl) != want)
			continue;
		if (!found)
			found = sl;
		matches++;
	}
	if (matches == 0)
		return gi__error(GI_EINVALID, shown, 0, "no token of the PKCS#11 module %s matches (tokens present: %s)",
		                 m->path, seen[0] ? seen : "none");
	if (matches > 1)
		return gi__error(GI_EINVALID, shown, 0,
		                 "%d tokens match (%s): name one with token= (or serial=) in the URI", matches, seen);
	*out = found;
	return GI_OK;
}

/* A secret's first line from a file (pin-source). */
static int read_pin_file(char *pin, size_t n, const char *src, const char *shown)
{
	const char *path = strncmp(src, "file:", 5) == 0 ? src + 5 : src;
	if (strncmp(path, "//", 2) == 0)   /* file:///path */
		path += 2;
	FILE *f = fopen(path, "r");
	if (!f)
		return gi__error(GI_EIO, shown, 0, "cannot open the pin-source %s: %s", path, strerror(errno));
	if (!fgets(pin, (int)n, f))
		pin[0] = '\0';
	fclose(f);
	pin[strcspn(pin, "\r\n")] = '\0';
	return GI_OK;
}

/* Logs in to the token: the PIN is the URI's, else the caller's password,
 * else asked of password_cb; a token with its own PIN pad (protected
 * authentication path) asks for it itself. A token stays logged in while
 * signers of its module exist (PKCS#11 logs in a process, not a session),
 * so a later signer's PIN is compared with the one that logged it in:
 * a wrong PIN is refused whether or not the token is logged in. Called
 * with modules_lock held. */
static int login(module *m, PKCS11_SLOT *sl, P11KitUri *uri, const gi_signer_options *o, const char *shown)
{
	PKCS11_TOKEN *t = sl->token;
	int in = 0;
	if (!t->loginRequired)
		return GI_OK;
	char pin[256] = "", why[200];
	const char *use = p11_kit_uri_get_pin_value(uri);
	int rc = GI_OK;
	if (!use && p11_kit_uri_get_pin_source(uri)) {
		rc = read_pin_file(pin, sizeof pin, p11_kit_uri_get_pin_source(uri), shown);
		use = pin;
	}
	if (!use && o->password)
		use = o->password;
	if (rc == 0 && !use && !t->secureLogin) {
		char prompt[128];
		snprintf(prompt, sizeof prompt, "PIN of token \"%s\"", t->label);
		int n = o->version >= 5 && o->password_cb ? o->password_cb(pin, sizeof pin, prompt, o->password_payload) : -1;
		if (n < 0 || (size_t)n >= sizeof pin)
			rc = gi__error(GI_EINVALID, shown, 0,
			               "token \"%s\" needs its PIN: give it with --password-file, GI_KEY_PASSWORD or at the "
			               "prompt (gi_signer_options.password or password_cb)", t->label);
		pin[n >= 0 && (size_t)n < sizeof pin ? (size_t)n : 0] = '\0';
		use = pin;
	}
	unsigned char md[32] = { 0 }, *known = m->pin_md[sl - m->slots];
	static const unsigned char none[32];
	if (rc == 0 && use && EVP_Digest(use, strlen(use), md, NULL, EVP_sha256(), NULL) != 1)
		rc = gi__oom();
	if (rc == 0 && PKCS11_is_logged_in(sl, 0, &in) == 0 && in) {
		if (use && memcmp(known, none, 32) != 0 && CRYPTO_memcmp(md, known, 32) != 0)
			rc = gi__error(GI_EINVALID, shown, 0, "cannot log in to token \"%s\": PIN incorrect", t->label);
	} else {
		if (rc == 0 && PKCS11_open_session(sl, 0) < 0)
			rc = gi__error(GI_EIO, shown, 0, "cannot open a session with token \"%s\": %s", t->label,
			               p11_reason(why, sizeof why));
		if (rc == 0 && PKCS11_login(sl, 0, use) < 0)
			rc = gi__error(GI_EINVALID, shown, 0, "cannot log in to token \"%s\": %s", t->label,
			               p11_reason(why, sizeof why));
		if (rc == 0)
			memcpy(known, md, 32);
	}
	OPENSSL_cleanse(pin, sizeof pin);
	OPENSSL_cleanse(md, sizeof md);
	return rc;
}

/* Whether an object's label and id are those the URI asks for. */
static int object_matches(P11KitUri *uri, const char *label, const unsigned char *id, size_t id_len)
{
	CK_ATTRIBUTE_PTR a = p11_kit_uri_get_attribute(uri, CKA_LABEL);
	if (a && (!label || strlen(label) != a->ulValueLen || memcmp(label, a->pValue, a->ulValueLen) != 0))
		return 0;
	a = p11_kit_uri_get_attribute(uri, CKA_ID);
	if (a && (id_len != a->ulValueLen || (id_len && memcmp(id, a->pValue, id_len) != 0)))
		return 0;
	return 1;
}

static int find_key(PKCS11_KEY **out, PKCS11_TOKEN *t, P11KitUri *uri, const char *shown)
{
	char why[200];
	PKCS11_KEY *keys = NULL, *found = NULL;
	unsigned int n = 0;
	int matches = 0;
	if (PKCS11_enumerate_keys(t, &keys, &n) < 0)
		return gi__error(GI_EIO, shown, 0, "cannot list the keys of token \"%s\": %s", t->label,
		                 p11_reason(why, sizeof why));
	for (unsigned int i = 0; i < n; i++)
		if (keys[i].isPrivate && object_matches(uri, keys[i].label, keys[i].id, keys[i].id_len)) {
			if (!found)
				found = &keys[i];
			matches++;
		}
	if (matches == 0)
		return gi__error(GI_EINVALID, shown, 0, "token \"%s\" holds no private key that matches", t->label);
	if (matches > 1)
		return gi__error(GI_EINVALID, shown, 0,
		                 "%d private keys of token \"%s\" match: name one with object= or id=", matches, t->label);
	*out = found;
	return GI_OK;
}

/* The token's certificate for key - same id, else same label - and the
 * issuers of it the token holds, up to a self-signed one (left out: the
 * relying party has its own trust anchors). */
static int token_certs(X509 **cert, STACK_OF(X509) *chain, PKCS11_TOKEN *t, PKCS11_KEY *key, const char *shown)
{
	char why[200];
	PKCS11_CERT *certs = NULL;
	unsigned int n = 0;
	if (PKCS11_enumerate_certs(t, &certs, &n) < 0)
		return gi__error(GI_EIO, shown, 0, "cannot list the certificates of token \"%s\": %s", t->label,
		                 p11_reason(why, sizeof why));
	PKCS11_CERT *mine = NULL;
	for (unsigned int i = 0; i < n && !mine; i++)
		if (key->id_len && certs[i].id_len == key->id_len && memcmp(certs[i].id, key->id, key->id_len) == 0)
			mine = &certs[i];
	for (unsigned int i = 0; i < n && !mine; i++)
		if (!key->id_len && key->label && certs[i].label && strcmp(certs[i].label, key->label) == 0)
			mine = &certs[i];
	if (!mine || !mine->x509)
		return gi__error(GI_EINVALID, shown, 0,
		                 "token \"%s\" holds no certificate for the key: give the certificate file (--sign-cert)",
		                 t->label);
	if (!(*cert = X509_dup(mine->x509)))
		return gi__oom();
	X509 *at = mine->x509;
	for (int depth = 0; depth < 8 && X509_check_issued(at, at) != X509_V_OK; depth++) {
		X509 *up = NULL;
		for (unsigned int i = 0; i < n && !up; i++)
			if (certs[i].x509 && X509_check_issued(certs[i].x509, at) == X509_V_OK)
				up = certs[i].x509;
		if (!up || X509_check_issued(up, up) == X509_V_OK)
			break;
		X509 *copy = X509_dup(up);
		if (!copy || !sk_X509_push(chain, copy)) {
			X509_free(copy);
			return gi__oom();
		}
		at = up;
	}
	ERR_clear_error();
	return GI_OK;
}

int gi__p11_load(gi__p11 **out, EVP_PKEY **pkey, X509 **cert, STACK_OF(X509) *chain, const gi_signer_options *o)
{
	*out = NULL;
	*pkey = NULL;
	const char *shown = gi__p11_shown(o->key_file);
	P11KitUri *uri = p11_kit_uri_new();
	if (!uri)
		return gi__oom();
	int prc = p11_kit_uri_parse(o->key_file, P11_KIT_URI_FOR_ANY, uri), rc = GI_OK;
	CK_ATTRIBUTE_PTR cls = prc == P11_KIT_URI_OK ? p11_kit_uri_get_attribute(uri, CKA_CLASS) : NULL;
	if (prc != P11_KIT_URI_OK) {
		rc = gi__error(GI_EINVALID, shown, 0, "not a PKCS#11 URI (RFC 7512): %s", p11_kit_uri_message(prc));
	} else if (cls && (cls->ulValueLen != sizeof(CK_OBJECT_CLASS) ||
	                   *(CK_OBJECT_CLASS *)cls->pValue != CKO_PRIVATE_KEY)) {
		rc = gi__error(GI_EINVALID, shown, 0, "the URI names another object than a private key: use type=private");
	}
	const char *path = o->version >= 5 && o->pkcs11_module ? o->pkcs11_module : NULL;
	if (!path)
		path = p11_kit_uri_get_module_path(uri);
	if (!path)
		path = getenv("GI_PKCS11_MODULE");
	if (!path || !*path)
		path = GI_P11_DEFAULT_MODULE;
	gi__p11 *p = rc == 0 ? calloc(1, sizeof *p) : NULL;
	if (rc == 0 && !p)
		rc = gi__oom();
	if (rc == 0)
		rc = module_get(&p->m, path);
	PKCS11_SLOT *sl = NULL;
	PKCS11_KEY *key = NULL;
	if (rc == 0)
		rc = find_token(&sl, p->m, uri, shown);
	if (rc == 0) {
		pthread_mutex_lock(&modules_lock);
		rc = login(p->m, sl, uri, o, shown);
		pthread_mutex_unlock(&modules_lock);
	}
	if (rc == 0)
		rc = find_key(&key, sl->token, uri, shown);
	if (rc == 0 && !(*pkey = PKCS11_get_private_key(key))) {
		char why[200];
		rc = gi__error(GI_EINVALID, shown, 0, "cannot use the key of token \"%s\": %s", sl->token->label,
		               p11_reason(why, sizeof why));
	}
	if (rc == 0 && cert)
		rc = token_certs(cert, chain, sl->token, key, shown);
	p11_kit_uri_free(uri);
	if (rc < 0) {
		EVP_PKEY_free(*pkey);
		*pkey = NULL;
		gi__p11_free(p);
		ERR_clear_error();
		return rc;
	}
	*out = p;
	return GI_OK;
}

void gi__p11_free(gi__p11 *p)
{
	if (!p)
		return;
	module_put(p->m);
	free(p);
}
