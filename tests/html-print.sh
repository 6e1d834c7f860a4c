#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The HTML report printed by Chromium (print to PDF, as a browser's print
# dialog would): A4 pages (210 x 297 mm = 595 x 842 pt, ISO 216), and every
# sample's heading on the same page as the first row of its table.
srcdir=${GI_SRCDIR:-.}
gi=${GI_BIN:-./cli/gi}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) ||
	{ echo "SKIP: no Chromium"; exit 77; }
for t in pdfinfo pdftotext; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not found (Debian: poppler-utils)"; exit 77; }
done
status=0
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" --report "$srcdir/examples/lai-chau-2026.xml" \
	--html "$tmp/report.html" >/dev/null
HOME=$tmp timeout 300 "$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
	--user-data-dir="$tmp/profile" --print-to-pdf="$tmp/report.pdf" "file://$tmp/report.html" >/dev/null 2>&1
[ -s "$tmp/report.pdf" ] || { echo "SKIP: Chromium could not print here"; exit 77; }
size=$(pdfinfo "$tmp/report.pdf" | sed -n 's/^Page size: *//p')
case $size in
59[45]*x\ 84[12]*) ;;
*) echo "FAIL: printed on '$size', not A4"; status=1 ;;
esac
pages=$(pdfinfo "$tmp/report.pdf" | sed -n 's/^Pages: *//p')
for id in LC26-GT-001 LC26-GT-002 LC26-OL-001 LC26-OL-002 LC26-DP-001 LC26-GT-003; do
	found=
	p=1
	while [ "$p" -le "$pages" ]; do
		pdftotext -f $p -l $p -layout "$tmp/report.pdf" "$tmp/page.txt"
		# the heading, then the table's header row and first criterion on that page
		if grep -q "^ *$id " "$tmp/page.txt"; then
			found=$p
			sed -n "/^ *$id /,\$p" "$tmp/page.txt" | grep -q "glutamic" ||
				{ echo "FAIL: $id's heading ends page $p without its table"; status=1; }
		fi
		p=$((p + 1))
	done
	[ -n "$found" ] || { echo "FAIL: $id's heading not found"; status=1; }
done
[ $status = 0 ] && echo "PASS: the HTML report prints on A4 ($pages pages), headings with their tables"
exit $status
