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
		# the heading (the id and its verdict badge), then the table's
		# header row, its criterion, the picture (its caption: the value
		# and the verdict) and, below the picture, the origin's row on
		# that page: the picture is not cut across pages
		if grep -Eq "^ *$id +[a-z-]+ *\$" "$tmp/page.txt"; then
			found=$p
			sed -n "/^ *$id /,\$p" "$tmp/page.txt" >"$tmp/rest.txt"
			grep -q "glutamic" "$tmp/rest.txt" ||
				{ echo "FAIL: $id's heading ends page $p without its table"; status=1; }
			[ "$id" = LC26-GT-003 ] || grep -q "g/100g — [a-z-]* (simple)" "$tmp/rest.txt" ||
				{ echo "FAIL: $id's picture is not on page $p with its heading"; status=1; }
			grep -q "^ *origin " "$tmp/rest.txt" ||
				{ echo "FAIL: $id's table is cut after page $p (no origin row below the picture)"; status=1; }
		fi
		p=$((p + 1))
	done
	[ -n "$found" ] || { echo "FAIL: $id's heading not found"; status=1; }
done
# the summary comes first: on page 1, before any sample's table
pdftotext -f 1 -l 1 -layout "$tmp/report.pdf" "$tmp/page1.txt"
grep -q "^ *Summary" "$tmp/page1.txt" || { echo "FAIL: no summary on page 1"; status=1; }
grep -q "Report verdict: *fail" "$tmp/page1.txt" || { echo "FAIL: no report verdict on page 1"; status=1; }
[ $status = 0 ] && echo "PASS: the HTML report prints on A4 ($pages pages), headings with their tables and pictures"
exit $status
