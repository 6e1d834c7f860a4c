#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# README's "Global risk" section shows gi risk commands and what they
# print: each command runs as written and must print exactly that.
set -u
cd "${GI_SRCDIR:?}" || exit 99
gi=${GI_BIN:?}
tmp=${TMPDIR:-/tmp}/gi-readme-risk.$$
mkdir -p "$tmp" || exit 99
# Split the section into cmd.N (a ```sh block) and out.N (the plain
# ``` block after it).
awk -v dir="$tmp" '
	/^## / { in_sec = ($0 == "## Global risk"); next }
	!in_sec { next }
	/^```sh$/ { n++; f = dir "/cmd." n; on = 1; next }
	/^```$/ && on { on = 0; next }
	/^```$/ && !on && !body && n > 0 { body = 1; f = dir "/out." n; printf "" > f; next }
	/^```$/ && body { body = 0; next }
	on || body { print > f }
' README.md
fail=0 count=0
for cmd in "$tmp"/cmd.*; do
	[ -e "$cmd" ] || break
	n=${cmd##*.}
	line=$(cat "$cmd")
	case $line in "gi risk "*) ;; *) echo "FAIL: not a gi risk command: $line"; fail=1; continue;; esac
	[ -f "$tmp/out.$n" ] || { echo "FAIL: no output block after: $line"; fail=1; continue; }
	# shellcheck disable=SC2086 # the README line is split into words as a shell would
	"$gi" ${line#gi } > "$tmp/got.$n" 2>&1 || { echo "FAIL: $line exited $?"; fail=1; }
	if diff -u "$tmp/out.$n" "$tmp/got.$n"; then
		echo "PASS: README: $line"
	else
		echo "FAIL: README shows other output for: $line"; fail=1
	fi
	count=$((count + 1))
done
rm -rf "$tmp"
[ "$count" -ge 2 ] || { echo "FAIL: README's Global risk section shows $count gi risk examples, expected 2"; fail=1; }
exit $fail
