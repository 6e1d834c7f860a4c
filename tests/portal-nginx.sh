#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The GI portal in its production shape: nginx in front of php-fpm, the
# registry and the portal's own tables on PostgreSQL, all on 127.0.0.1
# with the config files of examples/portal/deploy/ — driven through the
# same story and security checks as tests/portal.sh. PostgreSQL refuses to
# run as root: as root, its throwaway cluster belongs to nobody. Skipped
# (77), saying why, where nginx, php-fpm, PostgreSQL, PHP's pdo_pgsql,
# Node.js or Chromium is missing.
set -u
srcdir=$(cd "${GI_SRCDIR:-.}" && pwd)
build=$(cd "${GI_BUILDDIR:-.}" && pwd)
skip() { echo "SKIP: portal on nginx + php-fpm + PostgreSQL: $*"; exit 77; }
nginx=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null) || skip "no nginx (Debian: apt-get install nginx-light)"
fpm=$(ls /usr/sbin/php-fpm* 2>/dev/null | sort -V | tail -1)
[ -n "$fpm" ] || skip "no php-fpm (Debian: apt-get install php-fpm)"
pg=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pg" ] && [ -x "$pg/initdb" ] || skip "no PostgreSQL server (Debian: apt-get install postgresql)"
"$fpm" -m 2>/dev/null | grep -qi '^pdo_pgsql$' || skip "php-fpm lacks pdo_pgsql (Debian: apt-get install php-pgsql)"
command -v node >/dev/null || skip "no node"
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)} || skip "no Chromium"
ext=$build/bindings/php/.libs/gi.so
[ -f "$ext" ] || skip "the PHP extension was not built"
nm=$build/tests/portal-node
if [ ! -f "$nm/node_modules/playwright-core/package.json" ]; then
	mkdir -p "$nm" && (cd "$nm" && npm install --no-audit --no-fund --silent playwright-core@1) >/dev/null 2>&1 ||
		{ echo "FAIL: npm install playwright-core failed"; exit 1; }
fi
export LD_LIBRARY_PATH="$build/libgi/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gi-portal-prod.XXXXXX") || exit 99
chmod 755 "$tmp"
mkdir -p "$tmp/pg" "$tmp/run"
as_pg() { "$@"; }
root=
if [ "$(id -u)" -eq 0 ]; then
	root=1
	command -v setpriv >/dev/null || skip "running as root and setpriv is missing"
	chown nobody:nogroup "$tmp/pg" && chmod 700 "$tmp/pg"
	as_pg() { setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- "$@"; }
fi
pids=
stop() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	as_pg "$pg/pg_ctl" -D "$tmp/pg/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$tmp"
}
trap stop EXIT
as_pg "$pg/initdb" -D "$tmp/pg/data" -A trust -U gi -E UTF8 --no-sync >"$tmp/initdb.log" 2>&1 ||
	{ cat "$tmp/initdb.log"; skip "initdb failed"; }
as_pg "$pg/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/server.log" -w -t 60 \
	-o "-k $tmp/pg -c listen_addresses= -c fsync=off" start >/dev/null 2>&1 || skip "PostgreSQL did not start"
"$pg/createdb" -h "$tmp/pg" -U gi portal || { echo "FAIL: createdb"; exit 1; }
"$pg/createdb" -h "$tmp/pg" -U gi registry || { echo "FAIL: createdb"; exit 1; }
GI_PORTAL_ADMIN_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
export GI_PORTAL_ADMIN_PASSWORD
php -d extension="$ext" "$srcdir/examples/portal/setup.php" --data "$tmp/data" --gi "$build/cli/gi" \
	--registry "postgresql:///registry?host=$tmp/pg&user=gi" --portal-dsn "pgsql:host=$tmp/pg;dbname=portal;user=gi" >/dev/null ||
	{ echo "FAIL: setup.php on PostgreSQL"; exit 1; }
port=$(( 20000 + $$ % 20000 ))
fport=$(( port + 1 ))
fill() { sed -e "s|@LISTEN@|127.0.0.1:$port|; s|@ROOT@|$srcdir/examples/portal/public|; s|@FPM@|127.0.0.1:$fport|g" \
	-e "s|@TMP@|$tmp/run|g; s|@DATA@|$tmp/data|" "$1"; }
fill "$srcdir/examples/portal/deploy/php-fpm.conf" > "$tmp/php-fpm.conf"
# libgi's words from the build tree's catalogues (an installed libgi needs nothing)
printf 'env[GI_LOCALEDIR] = %s\n' "$build/po" >> "$tmp/php-fpm.conf"
fill "$srcdir/examples/portal/deploy/nginx.conf" > "$tmp/nginx.conf"
fpmroot=
if [ -n "$root" ]; then
	# as root (a container): both run their workers as root here
	printf 'user = root\ngroup = root\n' >> "$tmp/php-fpm.conf"
	sed -i '1i user root root;' "$tmp/nginx.conf"
	fpmroot=-R
fi
"$fpm" $fpmroot -d extension="$ext" -y "$tmp/php-fpm.conf" >/dev/null 2>&1 &
pids="$pids $!"
"$nginx" -t -q -c "$tmp/nginx.conf" -e "$tmp/run/nginx-error.log" || { echo "FAIL: nginx -t"; exit 1; }
"$nginx" -c "$tmp/nginx.conf" -e "$tmp/run/nginx-error.log" -g 'daemon off;' &
pids="$pids $!"
i=0
until php -r 'exit(@file_get_contents($argv[1]) === false ? 1 : 0);' "http://127.0.0.1:$port/" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "FAIL: nginx + php-fpm did not answer"; cat "$tmp/run/"*.log; exit 1; }
	sleep 0.2
done
out=$build/tests/portal-artefacts/nginx
rm -rf "$out" && mkdir -p "$out"
PLAYWRIGHT_CORE=$nm/node_modules/playwright-core CHROMIUM=$chromium HOME=$tmp \
	timeout 600 node "$srcdir/tests/portal/story.cjs" "http://127.0.0.1:$port" "$out" "$srcdir"
rc=$?
# the portal logged no PHP warning or internal error
if grep -E 'PHP (Warning|Notice|Fatal|Deprecated)|portal: ' "$tmp/run/php-fpm.log"; then
	echo "FAIL: php-fpm logged the above"; rc=1
fi
exit $rc
