#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A signing run shows its progress on stderr when that is a terminal (here
# a pseudo-terminal made by script(1)), erasing the line at the end, and
# writes nothing on stderr when it is not one.
srcdir=${GI_SRCDIR:-.}
gi=${GI_BIN:-./cli/gi}
command -v script >/dev/null 2>&1 || { echo "SKIP: script(1) not found (Debian: bsdutils)"; exit 77; }
status=0
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$gi" keygen --key "$tmp/k.pem" --cert "$tmp/c.pem" >/dev/null 2>&1 || exit 99
args="verify --spec '$srcdir/specs/lai-chau-tea.xml' --report '$srcdir/examples/lai-chau-2026.xml' --sign-key '$tmp/k.pem' --sign-cert '$tmp/c.pem'"
script -qec "env LANG=C '$gi' $args --out '$tmp/r1' >/dev/null" "$tmp/tty" >/dev/null 2>&1
printf '\r\033[K' >"$tmp/erase"
grep -q 'signing: 1 records, [0-9]* a second, [0-9]* % of the report, about [0-9]* s left' "$tmp/tty" ||
	{ echo "FAIL: no progress on a terminal:"; cat -v "$tmp/tty"; status=1; }
grep -qF "$(cat "$tmp/erase")" "$tmp/tty" || { echo "FAIL: the progress line is not erased"; status=1; }
[ -s "$tmp/r1/SHA256SUMS" ] || { echo "FAIL: records not written under a terminal"; status=1; }
# the same when the records are signed on two threads (--jobs 2)
script -qec "env LANG=C '$gi' $args --jobs 2 --out '$tmp/r3' >/dev/null" "$tmp/tty2" >/dev/null 2>&1
grep -q 'signing: [0-9]* records, [0-9]* a second' "$tmp/tty2" && grep -qF "$(cat "$tmp/erase")" "$tmp/tty2" ||
	{ echo "FAIL: no progress, or not erased, with --jobs 2:"; cat -v "$tmp/tty2"; status=1; }
[ -s "$tmp/r3/SHA256SUMS" ] || { echo "FAIL: records not written with --jobs 2 under a terminal"; status=1; }
sh -c "'$gi' $args --out '$tmp/r2'" >/dev/null 2>"$tmp/err"
[ -s "$tmp/err" ] && { echo "FAIL: stderr not a terminal, yet:"; cat -v "$tmp/err"; status=1; }
[ $status = 0 ] && echo "PASS: progress on a terminal only"
exit $status
