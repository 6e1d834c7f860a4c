#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# README shows examples/verify.c: the two must not drift apart. Every line
# of the C block in README must be a line of examples/verify.c, in order.
cd "${GI_SRCDIR:?}" || exit 99
block=$(awk '/^```c$/{on=1;next} /^```$/{if(on){exit}} on' README.md)
[ -n "$block" ] || { echo "FAIL: no \`\`\`c block in README.md"; exit 1; }
tmp=${TMPDIR:-/tmp}/gi-readme.$$
printf '%s\n' "$block" > "$tmp"
if diff -u examples/verify.c "$tmp" >/dev/null; then
	echo "PASS: README C example is examples/verify.c"; rm -f "$tmp"; exit 0
fi
echo "FAIL: README's C example differs from examples/verify.c:"
diff -u examples/verify.c "$tmp"; rm -f "$tmp"; exit 1
