#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gi log verify URL: the monitor reading a log that nginx serves on
# 127.0.0.1, over HTTP and over HTTPS with a server certificate issued by
# the test PKI (tests/pki.sh). A good log verifies and later extends the
# checkpoint the monitor kept; a changed tile, a changed entry, a
# rolled-back or forked checkpoint, a wrong key, a 404, an oversized
# object (also one streamed without Content-Length), a server that never
# answers, an untrusted certificate and redirects to file:// or from https
# down to http are each refused with a message naming the URL, and a
# non-zero status (1: the log does not verify; 2: it cannot be read).
# Skipped (77) without nginx or openssl.
set -u
gi=${GI_BIN:?}
src=$(cd "${GI_SRCDIR:?}" && pwd)
build=$(cd "${GI_BUILDDIR:-.}" && pwd)
skip() { echo "SKIP: log over HTTP(S): $*"; exit 77; }
nginx=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null) || skip "no nginx (Debian: apt-get install nginx-light)"
command -v openssl >/dev/null || skip "no openssl"
sh "$src/tests/pki.sh" "$build/tests/pki" >/dev/null || { echo "FAIL: tests/pki.sh"; exit 99; }
pki=$build/tests/pki
T=$(mktemp -d "${TMPDIR:-/tmp}/gi-log-http.XXXXXX") || exit 99
chmod 755 "$T"
pid= rpid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$rpid" ] && kill "$rpid" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 99
# the monitor must reach 127.0.0.1 itself, not through a proxy
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
fail=0
expect() { # status substring-of-stderr-or-empty command...
	want=$1 msg=$2
	shift 2
	"$@" >out 2>err
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: exit $got, expected $want: $*"
		cat out err
		fail=1
	elif [ -n "$msg" ] && ! grep -qF -- "$msg" err; then
		echo "FAIL: stderr lacks \"$msg\": $*"
		cat err
		fail=1
	else
		echo "PASS: exit $got: $* $(head -c 300 err)"
	fi
}

# ---- the logs: 300 entries (a full tile and a partial one), then 302;
# a fork of 302 other entries signed with the same key
"$gi" log init log --name tea.example/log --key-out log.key > vkey || exit 99
"$gi" log init other --name tea.example/log --key-out other.key > other.vkey || exit 99
cp -r log forked
i=0
while [ $i -lt 302 ]; do echo "record $i" > "e$i"; echo "forged $i" > "x$i"; i=$((i + 1)); done
"$gi" log append log --key log.key e[0-9] e[0-9][0-9] e[0-2][0-9][0-9] > /dev/null 2>&1 || exit 99
mkdir www
cp -r log www/good
cp -r log www/old300
cp -r log www/badtile
cp -r log www/badentry
cp -r log www/bigtile
cp -r log www/bigcp
"$gi" log append log --key log.key e300 e301 > /dev/null || exit 99
cp -r log www/good302
"$gi" log append forked --key log.key x* > /dev/null || exit 99
cp -r forked www/fork302
# the log grown to 520 entries, served with its 302-entry checkpoint and
# without the partial tile and bundle 001.p/46 that a log may delete once
# the full 001 exists: the monitor reads those from the full ones; gone
# too, neither can be read
cp -r log grown
while [ $i -lt 520 ]; do echo "record $i" > "late$i"; i=$((i + 1)); done
"$gi" log append grown --key log.key late* > /dev/null || exit 99
[ -f grown/tile/0/001 ] && [ -f grown/tile/entries/001 ] || { echo "ERROR: no full tile 001 at 520 entries"; exit 99; }
cp log/checkpoint grown/checkpoint
rm grown/tile/0/001.p/46 grown/tile/entries/001.p/46
cp -r grown www/pruned
cp -r grown www/gone
rm www/gone/tile/0/001
# a changed hash in the full level-0 tile (one byte)
printf 'X' | dd of=www/badtile/tile/0/000 bs=1 seek=100 conv=notrunc 2>/dev/null
# a changed entry in the full bundle, same length ("record 7" -> "record 8")
sed -i 's/record 7$/record 8/' www/badentry/tile/entries/000 2>/dev/null
cmp -s log/tile/entries/000 www/badentry/tile/entries/000 && { echo "FAIL: the bundle was not changed"; exit 99; }
# a partial tile longer than its width, a checkpoint of 100 KB
head -c 64 /dev/zero >> www/bigtile/tile/0/001.p/44
head -c 100000 /dev/zero | tr '\0' 'a' >> www/bigcp/checkpoint

# ---- a server certificate for 127.0.0.1 from the test PKI's intermediate
cat > srv.cnf <<'CNF'
[ srv ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
CNF
openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=127.0.0.1" 2>/dev/null &&
	openssl x509 -req -in srv.csr -CA "$pki/inter.pem" -CAkey "$pki/inter.key" -CAcreateserial -CAserial srv.srl \
		-out srv.pem -days 30 -extfile srv.cnf -extensions srv 2>/dev/null || { echo "FAIL: server certificate"; exit 99; }
cat srv.pem "$pki/inter.pem" > srv-chain.pem

# ---- nginx on two free ports: HTTP and HTTPS
port=$(( 20000 + $$ % 20000 ))
sport=$(( port + 1 ))
mkdir run
{
	[ "$(id -u)" -eq 0 ] && echo 'user root root;'
	cat <<CONF
worker_processes 1;
pid $T/run/nginx.pid;
error_log $T/run/error.log warn;
events { worker_connections 64; }
http {
	access_log off;
	log_format gz '\$uri \$gzip_ratio';
	client_body_temp_path $T/run/body;
	proxy_temp_path $T/run/proxy;
	fastcgi_temp_path $T/run/fastcgi;
	uwsgi_temp_path $T/run/uwsgi;
	scgi_temp_path $T/run/scgi;
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:$port;
		root $T/www;
		location /tofile/ { return 302 file:///etc/passwd; }
		location /loop/ { return 302 http://127.0.0.1:$port/loop/x; }
		location /moved/ { rewrite ^/moved/(.*)\$ http://127.0.0.1:$port/good/\$1 redirect; }
		location /gz/ {
			alias $T/www/good/;
			gzip on;
			gzip_types application/octet-stream;
			gzip_min_length 1;
			access_log $T/run/gz.log gz;
		}
	}
	server {
		listen 127.0.0.1:$sport ssl;
		ssl_certificate $T/srv-chain.pem;
		ssl_certificate_key $T/srv.key;
		root $T/www;
		location /down/ { rewrite ^/down/(.*)\$ http://127.0.0.1:$port/good/\$1 redirect; }
	}
}
CONF
} > nginx.conf
"$nginx" -t -q -c "$T/nginx.conf" -e "$T/run/error.log" 2>err || { cat err; skip "nginx -t refuses the configuration"; }
"$nginx" -c "$T/nginx.conf" -e "$T/run/error.log" -g 'daemon off;' &
pid=$!
i=0
until "$gi" log checkpoint "http://127.0.0.1:$port/good" --vkey-file vkey >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -lt 50 ] || { echo "FAIL: nginx did not answer"; cat run/error.log; exit 1; }
	sleep 0.2
done
H=http://127.0.0.1:$port
S=https://127.0.0.1:$sport
ca=$pki/root.pem

# a good log verifies over both; the monitor keeps its checkpoint and the
# grown log is proved to extend it
"$gi" log verify "$H/good" --vkey-file vkey --state st1 >out 2>err; echo "$?" > rc
[ "$(cat rc)" = 0 ] && grep -q "300 entries" out && echo "PASS: HTTP: $(cat out)" || { echo "FAIL: HTTP good log"; cat out err; fail=1; }
# a first run has no checkpoint to be consistent with: it only keeps one
grep -q "kept in the state file for the next run" out && ! grep -q "consistent with" out ||
	{ echo "FAIL: a first run claimed consistency"; cat out; fail=1; }
expect 0 "" "$gi" log verify "$S/good" --vkey-file vkey --ca "$ca" --state st2 --json
grep -q '"verified": true' out || { echo "FAIL: --json"; cat out; fail=1; }
expect 0 "" "$gi" log verify "$H/good302" --vkey-file vkey --state st1
grep -q "consistent with the checkpoint" out || { echo "FAIL: no consistency said"; cat out; fail=1; }
expect 0 "" "$gi" log verify "$S/good302/" --vkey-file vkey --ca "$ca" --state st2 --timeout 20
expect 0 "" "$gi" log verify "$H/moved" --vkey-file vkey
expect 0 "" "$gi" log verify "$H/pruned" --vkey-file vkey --state st1
expect 0 "" "$gi" log verify "$S/pruned" --vkey-file vkey --ca "$ca"
expect 0 "" "$gi" log prove "$H/pruned" --entry e301 --vkey-file vkey --out p301p
expect 2 "$H/gone/tile/0/001.p/46: not found, nor the full tile $H/gone/tile/0/001" \
	"$gi" log verify "$H/gone" --vkey-file vkey
# a server that compresses (gzip, as tlog-tiles recommends for bundles):
# the monitor offers it, and checks the bytes as decoded
expect 0 "" "$gi" log verify "$H/gz" --vkey-file vkey
grep -q '^/gz/tile/entries/000 [0-9]' run/gz.log || { echo "FAIL: the bundle was not sent compressed: $(cat run/gz.log)"; fail=1; }
# proofs over the network too
expect 0 "" "$gi" log prove "$S/good302" --entry e301 --vkey-file vkey --ca "$ca" --out p301
expect 0 "" "$gi" log verify --proof p301 --entry e301 --vkey-file vkey

# tampering and rollback: exit 1, the object named
expect 1 "$H/badtile/tile/0/000: differs" "$gi" log verify "$H/badtile" --vkey-file vkey
expect 1 "$S/badentry" "$gi" log verify "$S/badentry" --vkey-file vkey --ca "$ca"
expect 1 "shrank" "$gi" log verify "$H/old300" --vkey-file vkey --state st1
cp st1 st1.before
expect 1 "rewrote or forked" "$gi" log verify "$H/fork302" --vkey-file vkey --state st1
cmp -s st1 st1.before || { echo "FAIL: a refused log replaced the monitor's state"; fail=1; }
expect 1 "" "$gi" log verify "$H/good" --vkey-file other.vkey
expect 1 "$H/bigtile/tile/0/001.p/44" "$gi" log verify "$H/bigtile" --vkey-file vkey
expect 1 "more than the 65536 bytes" "$gi" log verify "$H/bigcp" --vkey-file vkey
# cannot read: exit 2, the URL and the reason named
expect 2 "$H/none/checkpoint: the server answered HTTP status 404" "$gi" log verify "$H/none" --vkey-file vkey
expect 2 "file:///etc/passwd" "$gi" log verify "$H/tofile" --vkey-file vkey
expect 2 "more than 5 redirects" "$gi" log verify "$H/loop" --vkey-file vkey
expect 2 "only https://" "$gi" log verify "$S/down" --vkey-file vkey --ca "$ca"
expect 2 "$S/good/checkpoint: cannot fetch" "$gi" log verify "$S/good" --vkey-file vkey
expect 2 "$S/good/checkpoint: cannot fetch" "$gi" log verify "$S/good" --vkey-file vkey --ca "$pki/stranger.pem"
expect 2 "no other scheme" "$gi" log verify "file://$T/log" --vkey-file vkey
expect 2 "read-only" "$gi" log append "$H/good" --key log.key e0
expect 2 "--timeout" "$gi" log verify "$H/good" --vkey-file vkey --timeout 0
# a server that streams without Content-Length, or never answers: the
# bound and the timeout stop the monitor (python3's socket server)
if command -v python3 >/dev/null; then
	cat > rogue.py <<'PY'
import socket, sys, threading, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
def serve(c):
    req = c.recv(4096)
    if b" /stream/" in req:
        c.sendall(b"HTTP/1.0 200 OK\r\n\r\n")
        try:
            for _ in range(2000):          # 64 MB, far beyond any object's bound
                c.sendall(b"a" * 32768)
        except OSError:
            pass
    else:
        time.sleep(30)                     # never answers
    c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
	python3 rogue.py > rogue.port &
	rpid=$!
	i=0
	while [ ! -s rogue.port ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	R=http://127.0.0.1:$(cat rogue.port)
	expect 1 "$R/stream/checkpoint: the server sent more than the 65536 bytes" "$gi" log verify "$R/stream" --vkey-file vkey
	expect 2 "$R/slow/checkpoint: cannot fetch: Operation timed out" "$gi" log verify "$R/slow" --vkey-file vkey --timeout 2
fi

# memory: a verified log over HTTPS and a refused one, under valgrind
if command -v valgrind >/dev/null && [ -x "$build/libtool" ]; then
	vg() { "$build/libtool" --mode=execute valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 "$@"; }
	expect 0 "" vg "$gi" log verify "$S/good302" --vkey-file vkey --ca "$ca" --state st3
	expect 1 "differs" vg "$gi" log verify "$S/badtile" --vkey-file vkey --ca "$ca"
	expect 2 "file:///etc/passwd" vg "$gi" log verify "$H/tofile" --vkey-file vkey
	[ -n "$rpid" ] && expect 1 "more than the 65536 bytes" vg "$gi" log verify "$R/stream" --vkey-file vkey
fi
exit $fail
