#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every shell command README shows, run as a reader would: from the top of
# a tree, with gi on the PATH, each ```sh block in a fresh directory. A gi
# command may end with a verdict (0 pass, 1 fail, 3 incomplete or
# inconclusive) but not with bad usage or bad input (2); other commands
# (xmlsec1, sha256sum) must succeed. The quick start's build line and
# `make check` are what CI runs; the Global risk section's output is
# compared by readme-risk.sh.
set -u
src=${GI_SRCDIR:?}
build=${GI_BUILDDIR:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gi-readme-cmd.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp" '
	/^## / { sec = $0 }
	/^```sh$/ { n++; f = dir "/block." n; on = 1; printf "" > f; next }
	/^```$/ && on { on = 0; close(f); next }
	on && sec != "## Quick start" { print > f; next }
	on && /^make check$/ { next }
	on && /install-deps/ { next }
	on { print > f }
' "$src/README.md"
export PATH="$build/cli:$PATH"
export GI_SPEC_PATH="$src/specs"   # as if installed: "gi verify --spec lai-chau-tea"
fail=0 count=0
for block in "$tmp"/block.*; do
	[ -s "$block" ] || continue
	case $(head -1 "$block") in
	python3*|php*|pip*|./configure*|autoreconf*|sudo*) continue ;;
	esac
	# a block that signs on a token gets one: a SoftHSM2 token holding the
	# test PKI's lab key (tests/softhsm-token.sh), its PIN from the
	# environment as a script would give it
	if grep -q "pkcs11:" "$block"; then
		sh "$src/tests/pki.sh" "$build/tests/pki" >/dev/null || exit 99
		module=$(sh "$src/tests/softhsm-token.sh" "$tmp/token" "$build/tests/pki") || {
			rc=$?; [ $rc -eq 77 ] && { echo "SKIP: README token example (no softhsm2)"; continue; }; exit $rc; }
		export SOFTHSM2_CONF="$tmp/token/softhsm2.conf" GI_PKCS11_MODULE="$module" GI_KEY_PASSWORD=4321
	fi
	work="$tmp/work.${block##*.}"
	mkdir "$work" && ln -s "$src/specs" "$work/specs" && ln -s "$src/examples" "$work/examples" &&
		ln -s "$build/cli" "$work/cli" || exit 99
	while IFS= read -r line; do
		cmd=${line%%#*}
		[ -n "$(printf '%s' "$cmd" | tr -d ' ')" ] || continue
		# a line ending in a backslash continues on the next
		while case $cmd in *\\) true ;; *) false ;; esac; do
			IFS= read -r more || break
			cmd="${cmd%\\} ${more%%#*}"
		done
		(cd "$work" && sh -c "$cmd") >"$tmp/out" 2>"$tmp/err"
		rc=$?
		case $cmd in
		gi\ *|./cli/gi\ *) ok=$([ $rc -ne 2 ] && [ $rc -lt 4 ] && echo y) ;;
		*) ok=$([ $rc -eq 0 ] && echo y) ;;
		esac
		count=$((count + 1))
		if [ "$ok" = y ]; then
			echo "PASS: README ($rc): $cmd"
		else
			echo "FAIL: README: '$cmd' exited $rc:"; cat "$tmp/err"; fail=1
		fi
	done < "$block"
done
[ "$count" -ge 15 ] || { echo "FAIL: only $count README commands found"; fail=1; }
exit $fail
