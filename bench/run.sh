#!/bin/sh
# bench/run.sh - throughput and peak memory of verification for 10k and 1M
# samples, XML and CSV. Run from the build tree: make bench.
# Reports are generated into bench/out/ (about 600 MB for 1M samples of XML).
set -eu
top_builddir=$(pwd)
srcdir=$(cd "$(dirname "$0")/.." && pwd)
out=$top_builddir/bench/out
mkdir -p "$out"
sizes=${GI_BENCH_SIZES:-"10000 1000000"}
for n in $sizes; do
	for fmt in xml csv; do
		f=$out/report-$n.$fmt
		[ -s "$f" ] || "$top_builddir/bench/gen-report" "$n" "$fmt" > "$f"
		"$top_builddir/bench/bench-verify" "$srcdir/specs/lai-chau-tea.xml" "$f" "$top_builddir/cli/gi"
	done
done
