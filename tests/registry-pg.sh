#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The registry's tests (the Check suite "registry") again on PostgreSQL:
# starts a throwaway cluster with the server's own initdb and pg_ctl,
# listening only on a Unix socket in a private directory, runs the suite
# with $GI_TEST_PG_URL pointing at it, and removes the cluster. PostgreSQL
# refuses to run as root: as root, the cluster belongs to nobody. Where no
# server can be started the tests are skipped (exit 77) with a SKIP line
# saying why.
set -u
build=${GI_BUILDDIR:?}
skip() { echo "SKIP: registry on PostgreSQL: $*"; exit 77; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] ||
	skip "no PostgreSQL server installed (Debian: apt-get install postgresql)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gi-pg.XXXXXX") || exit 99
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
	command -v setpriv >/dev/null || skip "running as root and setpriv is missing"
	chown nobody:nogroup "$tmp" && chmod 700 "$tmp" || exit 99
	as_owner() { setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- "$@"; }
fi
stop() {
	as_owner "$bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$tmp"
}
trap stop EXIT
as_owner "$bin/initdb" -D "$tmp/data" -A trust -U gi -E UTF8 --no-sync >"$tmp/initdb.log" 2>&1 ||
	{ cat "$tmp/initdb.log"; skip "initdb failed"; }
as_owner "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
	-o "-k $tmp -c listen_addresses= -c fsync=off" start >/dev/null 2>&1 ||
	{ cat "$tmp/server.log" 2>/dev/null; skip "the server did not start"; }
GI_TEST_PG_URL="postgresql:///postgres?host=$tmp&user=gi"
export GI_TEST_PG_URL
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $tmp"
CK_RUN_SUITE=registry "$build/tests/check_gi"
