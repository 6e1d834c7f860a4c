/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * password.c - the password of a signing key, or the PIN of its token,
 * never from the command line (where ps and shell history show it):
 * --password-file, else $GI_KEY_PASSWORD, else asked on the terminal.
 */
#include "config.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "cli.h"

/* The first line of path (without its line break). */
static int read_password(const char *cmd, const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		cli_error(cmd, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!fgets(buf, (int)n, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* gi_password_cb: only when standard input is a terminal, the secret is
 * read from the controlling terminal (/dev/tty) with echo off, by
 * OpenSSL's UI, which turns echo back on whatever happens, a signal
 * included. Ctrl-C at the prompt stops gi as it would elsewhere. */
static int ask_terminal(char *buf, size_t size, const char *prompt, void *payload)
{
	if (!isatty(STDIN_FILENO) || size < 2)
		return -1;
	char line[600];
	snprintf(line, sizeof line, "%s: ", shown_line(prompt));
	int rc = EVP_read_pw_string_min(buf, 0, size > 1024 ? 1023 : (int)size - 1, line, 0);
	if (rc == -2)
		raise(SIGINT);
	if (rc != 0) {
		OPENSSL_cleanse(buf, size);
		return -1;
	}
	return (int)strlen(buf);
}

int cli_password(gi_signer_options *so, const char *cmd, const char *file, char *buf, size_t n)
{
	const char *env = getenv("GI_KEY_PASSWORD");
	if (file) {
		if (read_password(cmd, file, buf, n) < 0)
			return -1;
		so->password = buf;
	} else if (env) {
		so->password = env;
	} else {
		so->password = NULL;
		so->password_cb = ask_terminal;
	}
	return 0;
}
