#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every string the sources in po/POTFILES mark for translation has a
# translation in each po/LANG.po that msgfmt --check accepts (format
# strings that take the same arguments), none fuzzy or untranslated.
srcdir=${GI_SRCDIR:-.}
for t in "${XGETTEXT:-xgettext}" "${MSGCMP:-msgcmp}" "${MSGFMT:-msgfmt}"; do
	command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t not found (Debian: gettext)"; exit 77; }
done
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$srcdir" || exit 99
"${XGETTEXT:-xgettext}" --from-code=UTF-8 -k_ -kN_ -kgi__tr -o "$tmp/libgi.pot" -f po/POTFILES || exit 1
status=0
for po in po/*.po; do
	if ! "${MSGCMP:-msgcmp}" "$po" "$tmp/libgi.pot"; then
		echo "FAIL: $po lacks strings the sources mark (above)"; status=1
	fi
	stats=$(LC_ALL=C "${MSGFMT:-msgfmt}" --check --statistics -o /dev/null "$po" 2>&1) || { echo "$stats"; status=1; }
	case $stats in
	*untranslated*|*fuzzy*) echo "FAIL: $po: $stats"; status=1 ;;
	*) echo "PASS: $po: $stats" ;;
	esac
done
exit $status
