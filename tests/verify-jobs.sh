#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gi verify --jobs N signs on N threads and writes what --jobs 1 writes:
# the same record files, in the same SHA256SUMS and tar order, each
# verifying (gi record verify, and xmlsec1 on some); RSA records
# (RSASSA-PKCS1-v1_5 is deterministic, RFC 8017 8.2) byte for byte
# wherever the issue time, which is part of the record, is the same second.
# A time-stamp command that fails under --jobs 2 stops the run with its
# message and leaves nothing behind; nonsense for N is refused.
srcdir=${GI_SRCDIR:-.}
gi=${GI_BIN:-./cli/gi}
status=0
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; status=1; }
"$gi" keygen --key "$tmp/rsa.key" --cert "$tmp/rsa.pem" >/dev/null 2>&1 || exit 99
"$gi" keygen --ec --key "$tmp/ec.key" --cert "$tmp/ec.pem" >/dev/null 2>&1 || exit 99
# 240 samples: the example's six, forty times under other sample ids
csv="$srcdir/examples/lai-chau-2026.csv"
{ sed -n 4p "$csv"; for k in $(seq 1 40); do sed -n '5,$p' "$csv" | sed "s/;\(LC26-[A-Z]*-[0-9]*\);/;\1-$k;/"; done; } >"$tmp/big.csv"
[ "$(cut -d';' -f3 "$tmp/big.csv" | sort -u | wc -l)" = 241 ] || { echo "ERROR: test report not made"; exit 99; }

# sign KEY JOBS OUT [more options]: 0 when the run got to its verdict
sign() {
	key=$1 jobs=$2 out=$3
	shift 3
	"$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" --report "$tmp/big.csv" --sign-key "$tmp/$key.key" \
		--sign-cert "$tmp/$key.pem" --jobs "$jobs" --out "$out" "$@" >"$tmp/stdout" 2>"$tmp/err"
	rc=$?
	[ $rc = 0 ] || [ $rc = 1 ] || [ $rc = 3 ]
}

for key in rsa ec; do
	for j in 1 2 4; do
		sign $key $j "$tmp/$key-$j" || fail "$key --jobs $j: $(cat "$tmp/err")"
		sign $key $j "$tmp/$key-$j.tar" || fail "$key --jobs $j into a tar file: $(cat "$tmp/err")"
		grep -q "Signed records: 240 written" "$tmp/stdout" || fail "$key --jobs $j: $(cat "$tmp/stdout" | tail -2)"
	done
	# SHA256SUMS, computed by the writing thread (--jobs 1) or by the
	# signing threads (--jobs 2 and 4), lists each record's true digest,
	# in a directory and inside the tar file
	for j in 1 2 4; do
		(cd "$tmp/$key-$j" && sha256sum -c --quiet SHA256SUMS) || fail "$key --jobs $j: SHA256SUMS does not match"
		mkdir "$tmp/x-$key-$j" && tar -xf "$tmp/$key-$j.tar" -C "$tmp/x-$key-$j" &&
			(cd "$tmp/x-$key-$j" && sha256sum -c --quiet SHA256SUMS) ||
			fail "$key --jobs $j: SHA256SUMS in the tar file does not match"
	done
	for j in 2 4; do
		[ "$(ls "$tmp/$key-$j")" = "$(ls "$tmp/$key-1")" ] || fail "$key --jobs $j: not the same record files"
		cut -c67- "$tmp/$key-1/SHA256SUMS" >"$tmp/order1"
		cut -c67- "$tmp/$key-$j/SHA256SUMS" | cmp -s - "$tmp/order1" ||
			fail "$key --jobs $j: SHA256SUMS not in the order of --jobs 1"
		tar -tf "$tmp/$key-$j.tar" >"$tmp/tarorder"
		tar -tf "$tmp/$key-1.tar" | cmp -s - "$tmp/tarorder" || fail "$key --jobs $j: tar members in another order"
		"$gi" record verify --trust "$tmp/$key.pem" "$tmp/$key-$j"/*.xml >"$tmp/verified" 2>&1 ||
			fail "$key --jobs $j: a record does not verify: $(grep -v VERIFIED "$tmp/verified" | head -3)"
		[ "$(grep -c ': VERIFIED' "$tmp/verified")" = 240 ] || fail "$key --jobs $j: not 240 records verified"
	done
	if command -v xmlsec1 >/dev/null 2>&1; then
		for f in LC26-GT-001-1 LC26-OL-002-20 LC26-DP-001-40; do
			xmlsec1 --verify --trusted-pem "$tmp/$key.pem" "$tmp/$key-4/$f.xml" >/dev/null 2>&1 ||
				fail "xmlsec1 does not accept $key-4/$f.xml"
		done
	else
		echo "SKIP: xmlsec1 not installed (Debian: xmlsec1); the records were checked by gi record verify"
	fi
done

# RSA: the same bytes. The issue time is part of a record, so both runs
# read one fixed time: time() of a preloaded shim (the compiler the build
# used makes it); the time is now, when the test certificate is valid.
cc=${CC:-cc}
cat >"$tmp/fixtime.c" <<'SHIM'
#include <stdlib.h>
#include <time.h>
time_t time(time_t *t)
{
	time_t now = (time_t)strtoll(getenv("GI_TEST_TIME"), NULL, 10);
	if (t)
		*t = now;
	return now;
}
SHIM
if "$cc" -shared -fPIC -o "$tmp/fixtime.so" "$tmp/fixtime.c" 2>/dev/null; then
	now=$(date +%s)
	for j in 1 4; do
		GI_TEST_TIME=$now LD_PRELOAD="$tmp/fixtime.so" sign rsa $j "$tmp/fixed-$j" || fail "fixed time, --jobs $j: $(cat "$tmp/err")"
	done
	[ "$(grep -l "issued=\"$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)\"" "$tmp/fixed-4"/*.xml | wc -l)" = 240 ] ||
		fail "the fixed time did not reach the records"
	diff -r "$tmp/fixed-1" "$tmp/fixed-4" >/dev/null || fail "RSA records of --jobs 4 differ from --jobs 1"
else
	echo "SKIP: no C compiler ($cc) for the fixed-time shim: RSA bytes not compared"
fi

# a failing time-stamp command: its message, status 2, no output at all
for out in "$tmp/tsa" "$tmp/tsa.tar"; do
	if sign ec 2 "$out" --tsa-command false; then
		fail "a failing --tsa-command did not stop the run"
	fi
	[ $rc = 2 ] || fail "--tsa-command false: exit status $rc, not 2"
	grep -q "the time-stamp command failed: false" "$tmp/err" || fail "--tsa-command false: $(cat "$tmp/err")"
	grep -q "cannot sign the record of sample .*: the time-stamping authority gave no answer" "$tmp/err" ||
		fail "--tsa-command false: $(cat "$tmp/err")"
	[ "$(grep -c 'time-stamp command failed' "$tmp/err")" = 1 ] || fail "the command's failure is not said once"
	[ -e "$out" ] && fail "--tsa-command false left $out"
	[ -s "$tmp/stdout" ] && fail "--tsa-command false printed on stdout"
done
ls -a "$tmp" | grep -q '^\.gi-\|^\.tsa' && fail "temporary files left: $(ls -a "$tmp")"

# nonsense for N is refused, in one line; 0 means 1
for n in -1 x 2x "" 257 99999999999999999999 " 2" 1.5; do
	if sign ec "$n" "$tmp/bad"; then fail "--jobs '$n' accepted"; fi
	[ $rc = 2 ] && [ "$(wc -l <"$tmp/err")" -le 2 ] && grep -q "^gi verify: --jobs must be" "$tmp/err" ||
		fail "--jobs '$n': status $rc, $(cat "$tmp/err")"
	[ -e "$tmp/bad" ] && fail "--jobs '$n' left output"
done
sign ec 0 "$tmp/zero" || fail "--jobs 0: $(cat "$tmp/err")"
[ "$(ls "$tmp/zero" | wc -l)" = 241 ] || fail "--jobs 0 did not write 240 records and SHA256SUMS"

[ $status = 0 ] && echo "PASS: --jobs 2 and 4 write what --jobs 1 writes"
exit $status
