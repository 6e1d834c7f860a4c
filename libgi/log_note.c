/* SPDX-License-Identifier: GPL-3.0-or-later */
/* log_note.c - C2SP signed notes with Ed25519 keys (OpenSSL), their key
 * strings, and C2SP tlog-checkpoint bodies. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "internal.h"
#include "log_internal.h"
#include "gi/log.h"

#define SIG_ED25519 0x01

/* key names: non-empty, no spaces or '+', printable ASCII or UTF-8 */
static int name_ok(const char *s, size_t n)
{
	if (n == 0 || n >= sizeof(((gi__note_key *)0)->name))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == '+' || c == 0x7f)
			return 0;
	}
	return 1;
}

static uint32_t key_id(const char *name, const unsigned char pub[32])
{
	unsigned char md[32];
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char t = SIG_ED25519;
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	EVP_DigestUpdate(c, name, strlen(name));
	EVP_DigestUpdate(c, "\n", 1);
	EVP_DigestUpdate(c, &t, 1);
	EVP_DigestUpdate(c, pub, 32);
	EVP_DigestFinal_ex(c, md, NULL);
	EVP_MD_CTX_free(c);
	return (uint32_t)md[0] << 24 | (uint32_t)md[1] << 16 | (uint32_t)md[2] << 8 | md[3];
}

static int hex32(uint32_t *out, const char *s, size_t n)
{
	if (n != 8)
		return -1;
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

/* name+id+base64(0x01 || 32 bytes) into k (key bytes into 'into') */
static int parse_key(gi__note_key *k, const char *s, unsigned char into[32], const char *what)
{
	const char *p1 = strchr(s, '+');
	const char *p2 = p1 ? strchr(p1 + 1, '+') : NULL;
	unsigned char raw[33];
	if (!p1 || !p2 || !name_ok(s, (size_t)(p1 - s)) || hex32(&k->id, p1 + 1, (size_t)(p2 - p1 - 1)) != 0
			|| gi__unbase64(raw, sizeof raw, p2 + 1, strlen(p2 + 1)) != 33 || raw[0] != SIG_ED25519)
		return gi__error(GI_EPARSE, NULL, 0, "malformed %s key: expected %sNAME+ID+BASE64 for an Ed25519 key",
				what, into == k->seed ? "PRIVATE+KEY+" : "");
	memcpy(k->name, s, (size_t)(p1 - s));
	k->name[p1 - s] = '\0';
	memcpy(into, raw + 1, 32);
	return GI_OK;
}

int gi__note_verifier_parse(gi__note_key *k, const char *vkey)
{
	memset(k, 0, sizeof *k);
	int rc = parse_key(k, vkey, k->pub, "verifier");
	if (rc == 0 && key_id(k->name, k->pub) != k->id)
		rc = gi__error(GI_EPARSE, NULL, 0, "verifier key: its id is not the hash of its name and key");
	return rc;
}

int gi__note_signer_parse(gi__note_key *k, const char *skey)
{
	memset(k, 0, sizeof *k);
	static const char prefix[] = "PRIVATE+KEY+";
	if (strncmp(skey, prefix, sizeof prefix - 1) != 0)
		return gi__error(GI_EPARSE, NULL, 0, "malformed signer key: expected PRIVATE+KEY+NAME+ID+BASE64");
	int rc = parse_key(k, skey + sizeof prefix - 1, k->seed, "signer");
	if (rc)
		return rc;
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, k->seed, 32);
	size_t n = 32;
	if (!pk || EVP_PKEY_get_raw_public_key(pk, k->pub, &n) != 1 || n != 32) {
		EVP_PKEY_free(pk);
		return gi__error(GI_ERROR, NULL, 0, "OpenSSL cannot make an Ed25519 key");
	}
	EVP_PKEY_free(pk);
	if (key_id(k->name, k->pub) != k->id)
		return gi__error(GI_EPARSE, NULL, 0, "signer key: its id is not the hash of its name and key");
	k->has_private = 1;
	return GI_OK;
}

static char *key_string(const char *prefix, const char *name, uint32_t id, const unsigned char key[32])
{
	unsigned char raw[33];
	raw[0] = SIG_ED25519;
	memcpy(raw + 1, key, 32);
	char *b = gi__base64(raw, sizeof raw);
	if (!b)
		return NULL;
	size_t n = strlen(prefix) + strlen(name) + strlen(b) + 12;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s+%08x+%s", prefix, name, (unsigned)id, b);
	free(b);
	return s;
}

GI_EXTERN(int) gi_log_keygen(char **signer_out, char **verifier_out, const char *name)
{
	if (!signer_out || !verifier_out || !name)
		return gi__error(GI_EUSAGE, NULL, 0, "gi_log_keygen: NULL argument");
	*signer_out = *verifier_out = NULL;
	if (!name_ok(name, strlen(name)))
		return gi__error(GI_EUSAGE, NULL, 0, "a log's name must be non-empty, under 256 bytes, without spaces or '+'");
	gi__note_key k;
	memset(&k, 0, sizeof k);
	if (RAND_bytes(k.seed, 32) != 1)
		return gi__error(GI_ERROR, NULL, 0, "OpenSSL has no random bytes");
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, k.seed, 32);
	size_t n = 32;
	if (!pk || EVP_PKEY_get_raw_public_key(pk, k.pub, &n) != 1) {
		EVP_PKEY_free(pk);
		return gi__error(GI_ERROR, NULL, 0, "OpenSSL cannot make an Ed25519 key");
	}
	EVP_PKEY_free(pk);
	uint32_t id = key_id(name, k.pub);
	*signer_out = key_string("PRIVATE+KEY+", name, id, k.seed);
	*verifier_out = key_string("", name, id, k.pub);
	OPENSSL_cleanse(&k, sizeof k);
	if (!*signer_out || !*verifier_out) {
		free(*signer_out);
		free(*verifier_out);
		*signer_out = *verifier_out = NULL;
		return gi__oom();
	}
	return GI_OK;
}

char *gi__note_sign(const gi__note_key *k, const char *text)
{
	size_t tn = strlen(text);
	unsigned char sig[4 + 64];
	size_t sn = 64;
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, k->seed, 32);
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = pk && c && EVP_DigestSignInit(c, NULL, NULL, NULL, pk) == 1
		&& EVP_DigestSign(c, sig + 4, &sn, (const unsigned char *)text, tn) == 1 && sn == 64;
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(pk);
	if (!ok) {
		gi__error(GI_ERROR, NULL, 0, "OpenSSL cannot sign with the Ed25519 key");
		return NULL;
	}
	sig[0] = (unsigned char)(k->id >> 24);
	sig[1] = (unsigned char)(k->id >> 16);
	sig[2] = (unsigned char)(k->id >> 8);
	sig[3] = (unsigned char)k->id;
	char *b = gi__base64(sig, sizeof sig);
	size_t n = tn + strlen(k->name) + (b ? strlen(b) : 0) + 16;
	char *out = b ? malloc(n) : NULL;
	if (out)
		snprintf(out, n, "%s\n\xe2\x80\x94 %s %s\n", text, k->name, b);
	else
		gi__oom();
	free(b);
	return out;
}

static int verify_sig(const gi__note_key *k, const char *text, size_t tn, const unsigned char *sig)
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, k->pub, 32);
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok = pk && c && EVP_DigestVerifyInit(c, NULL, NULL, NULL, pk) == 1
		&& EVP_DigestVerify(c, sig, 64, (const unsigned char *)text, tn) == 1;
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(pk);
	return ok;
}

/* decimal without sign or leading zeros, below 2^63 (parsed by hand: no locale) */
static int parse_u64(uint64_t *out, const char *s, size_t n)
{
	if (n == 0 || n > 19 || (n > 1 && s[0] == '0'))
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > INT64_MAX)
		return -1;
	*out = v;
	return 0;
}

int gi__checkpoint_check(const gi__note_key *k, const char *note, size_t len, const char *file,
		uint64_t *size, unsigned char root[GI__HASH])
{
	/* signed-note: the text ends at the last blank line */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)note[i] < 0x20 && note[i] != '\n')
			return gi__error(GI_EPARSE, file, 0, "signed note: control character at byte %zu", i);
	if (len == 0 || note[len - 1] != '\n')
		return gi__error(GI_EPARSE, file, 0, "signed note: does not end with a newline");
	size_t sep = 0;
	int found = 0;
	for (size_t i = len - 1; i > 0; i--)
		if (note[i] == '\n' && note[i - 1] == '\n') {
			sep = i;
			found = 1;
			break;
		}
	if (!found)
		return gi__error(GI_EPARSE, file, 0, "signed note: no blank line before the signatures");
	size_t tn = sep; /* text includes its final newline */
	int known = 0, verified = 0;
	long line = 1;
	for (size_t i = 0; i < tn; i++)
		line += note[i] == '\n';
	for (size_t p = sep + 1; p < len; line++) {
		const char *l = note + p;
		const char *e = memchr(l, '\n', len - p);
		size_t ln = (size_t)(e - l);
		p += ln + 1;
		static const char dash[] = "\xe2\x80\x94 ";
		const char *sp;
		if (ln < 4 || memcmp(l, dash, 4) != 0 || !(sp = memchr(l + 4, ' ', ln - 4)))
			return gi__error(GI_EPARSE, file, line, "signed note: a signature line is \"\xe2\x80\x94 NAME BASE64\"");
		size_t nn = (size_t)(sp - (l + 4)), bn = (size_t)(l + ln - sp - 1);
		if (nn != strlen(k->name) || memcmp(l + 4, k->name, nn) != 0)
			continue; /* another key's signature (a witness's cosignature): ignored */
		/* any signature type's length (signed-note allows some kB) */
		unsigned char *sig = malloc(bn / 4 * 3 + 1);
		long sn = sig ? gi__unbase64(sig, bn / 4 * 3 + 1, sp + 1, bn) : -1;
		if (sn < 4) {
			free(sig);
			return gi__error(GI_EPARSE, file, line, "signed note: malformed signature");
		}
		uint32_t id = (uint32_t)sig[0] << 24 | (uint32_t)sig[1] << 16 | (uint32_t)sig[2] << 8 | sig[3];
		if (id != k->id) {
			free(sig);
			continue; /* the same name, another key: ignored */
		}
		known = 1;
		int ok = sn == 68 && verify_sig(k, note, tn, sig + 4);
		free(sig);
		if (!ok)
			return gi__error(GI_EINVALID, file, line, "checkpoint: the signature by %s does not verify", k->name);
		verified = 1;
	}
	if (!known || !verified)
		return gi__error(GI_EINVALID, file, 0, "checkpoint: not signed by the log's key %s", k->name);
	/* tlog-checkpoint: origin, size, base64 root hash, optional extension lines */
	const char *l1 = note, *e1 = memchr(l1, '\n', tn);
	const char *l2 = e1 ? e1 + 1 : NULL, *e2 = l2 ? memchr(l2, '\n', tn - (size_t)(l2 - note)) : NULL;
	const char *l3 = e2 ? e2 + 1 : NULL, *e3 = l3 ? memchr(l3, '\n', tn - (size_t)(l3 - note)) : NULL;
	if (!e3)
		return gi__error(GI_EPARSE, file, 0, "checkpoint: fewer than three lines (origin, size, root hash)");
	if ((size_t)(e1 - l1) != strlen(k->name) || memcmp(l1, k->name, (size_t)(e1 - l1)) != 0)
		return gi__error(GI_EINVALID, file, 1, "checkpoint: origin is not the log's name %s", k->name);
	if (parse_u64(size, l2, (size_t)(e2 - l2)) != 0)
		return gi__error(GI_EPARSE, file, 2, "checkpoint: the tree size is not a decimal number");
	if (gi__unbase64(root, GI__HASH, l3, (size_t)(e3 - l3)) != GI__HASH)
		return gi__error(GI_EPARSE, file, 3, "checkpoint: the root hash is not 32 bytes in base64");
	return GI_OK;
}

char *gi__checkpoint_body(const char *origin, uint64_t size, const unsigned char root[GI__HASH])
{
	char *b = gi__base64(root, GI__HASH);
	size_t n = strlen(origin) + 80;
	char *s = b ? malloc(n) : NULL;
	if (s)
		snprintf(s, n, "%s\n%llu\n%s\n", origin, (unsigned long long)size, b);
	else
		gi__oom();
	free(b);
	return s;
}
