#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The GI portal (examples/portal) under php -S on SQLite, driven through
# its whole story and its security checks by headless Chromium
# (tests/portal/story.cjs, playwright-core from npm). Screenshots are kept
# in tests/portal-artefacts/. Skipped (77) only without PHP, Node.js or
# Chromium.
set -u
srcdir=${GI_SRCDIR:-.}
build=${GI_BUILDDIR:-.}
srcdir=$(cd "$srcdir" && pwd)
build=$(cd "$build" && pwd)
skip() { echo "SKIP: portal: $*"; exit 77; }
command -v php >/dev/null || skip "no php"
command -v node >/dev/null || skip "no node (Debian: apt-get install nodejs npm)"
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)} || skip "no Chromium (Debian: apt-get install chromium)"
ext=$build/bindings/php/.libs/gi.so
[ -f "$ext" ] || skip "the PHP extension was not built (configure --with-php)"
php -m | grep -qi '^pdo_sqlite$' || { echo "FAIL: PHP lacks pdo_sqlite (Debian: apt-get install php-sqlite3)"; exit 1; }
# playwright-core: from npm once, into the build tree (never committed)
nm=$build/tests/portal-node
if [ ! -f "$nm/node_modules/playwright-core/package.json" ]; then
	command -v npm >/dev/null || { echo "FAIL: playwright-core is missing and there is no npm"; exit 1; }
	mkdir -p "$nm" && (cd "$nm" && npm install --no-audit --no-fund --silent playwright-core@1) >/dev/null 2>&1 ||
		{ echo "FAIL: npm install playwright-core failed"; exit 1; }
fi
export LD_LIBRARY_PATH="$build/libgi/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# libgi's words (verdicts, rules) in Vietnamese: the build tree's catalogues
GI_LOCALEDIR=$build/po
export GI_LOCALEDIR
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gi-portal.XXXXXX") || exit 99
out=$build/tests/portal-artefacts
rm -rf "$out" && mkdir -p "$out"
GI_PORTAL_ADMIN_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
export GI_PORTAL_ADMIN_PASSWORD
php -d extension="$ext" "$srcdir/examples/portal/setup.php" --data "$tmp/data" --gi "$build/cli/gi" >/dev/null || { echo "FAIL: setup.php"; exit 1; }
port=$(( 20000 + $$ % 20000 ))
GI_PORTAL_DATA=$tmp/data php -d extension="$ext" -d upload_max_filesize=3M -d post_max_size=4M \
	-S "127.0.0.1:$port" -t "$srcdir/examples/portal/public" "$srcdir/examples/portal/public/index.php" >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
until php -r 'exit(@file_get_contents($argv[1]) === false ? 1 : 0);' "http://127.0.0.1:$port/" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "FAIL: php -S did not answer"; cat "$tmp/server.log"; exit 1; }
	sleep 0.1
done
PLAYWRIGHT_CORE=$nm/node_modules/playwright-core CHROMIUM=$chromium HOME=$tmp \
	timeout 600 node "$srcdir/tests/portal/story.cjs" "http://127.0.0.1:$port" "$out" "$srcdir"
rc=$?
# the lot's photos are kept under their SHA-256, never under the uploader's name
photos=$(ls -A "$tmp/data/photos" 2>/dev/null)
if [ "$(printf '%s\n' "$photos" | grep -c -E '^[0-9a-f]{64}\.jpg$')" -eq 2 ] && [ "$(printf '%s\n' "$photos" | wc -l)" -eq 2 ]; then
	echo "ok: the 2 photos are stored named by their SHA-256"
else
	echo "FAIL: the photos directory holds: $photos"; rc=1
fi
for f in $photos; do
	[ "$(sha256sum < "$tmp/data/photos/$f" | cut -c1-64)" = "${f%.jpg}" ] || { echo "FAIL: $f is not named by its SHA-256"; rc=1; }
done
# the stamp scanned from three distant networks is flagged as copied (the
# scans as the portal records them; the browser had one address)
if [ -s "$out/stamp-path.txt" ]; then
	stamp=$(cat "$out/stamp-path.txt")
	php -r '$db = new PDO("sqlite:" . $argv[1]); preg_match("~/serial/([0-9]+)~", $argv[2], $m);
		foreach (["203.0.0.0/16", "14.160.0.0/16", "113.22.0.0/16"] as $net)
			$db->prepare("INSERT INTO scans (serial, net, at) VALUES (?, ?, ?)")->execute([$m[1], $net, time()]);' \
		"$tmp/data/portal.db" "$stamp"
	page=$(php -r 'echo @file_get_contents($argv[1]);' "http://127.0.0.1:$port$stamp&lang=en")
	case $page in
	*'id="copied"'*"scanned from 4 different networks"*) echo "ok: a stamp scanned from 4 networks is flagged as copied" ;;
	*) echo "FAIL: a stamp scanned from 4 networks is not flagged"; rc=1 ;;
	esac
fi
# a stamp signed with the council's key but for a serial the registry never
# issued (a stamp printed off the books) is unknown: its serial lies in no
# range of the council's status list
path=$(php -d extension="$ext" -r 'echo preg_replace("~^https://[^/]+~", "", GI\stamp_sign(
	GI\Signer::load($argv[1] . "/council.key", $argv[1] . "/council.pem"), "gi.laichau.example", "LC-GT-2026-0001-3", null, "999999"));' "$tmp/data")
page=$(php -r 'echo @file_get_contents($argv[1]);' "http://127.0.0.1:$port$path&lang=en")
case $page in
*"This stamp is UNKNOWN"*"serial 999999 was never issued for lot LC-GT-2026-0001-3"*) echo "ok: a genuine stamp of a serial never issued is unknown" ;;
*) echo "FAIL: a genuine stamp of a serial never issued is not flagged"; rc=1 ;;
esac
# nothing but the server's own lines (and PHP's note of the 50 MB body it
# dropped, and of Chromium's speculative connections that sent nothing):
# no PHP warnings, errors or internal errors of the portal
ok='(Accepted|Closing|Closed without sending a request|\[[0-9]+\]: (GET|POST|HEAD) /|Development Server|POST Content-Length of 524[0-9]+ bytes exceeds)'
if grep -v -E "$ok" "$tmp/server.log" | grep -q .; then
	echo "FAIL: the server logged:"; grep -v -E "$ok" "$tmp/server.log" | head -20
	rc=1
fi
exit $rc
