#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
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

# signed records: the test PKI, RSA-2048 and P-256, one core and all
sh "$srcdir/tests/pki.sh" "$top_builddir/tests/pki"
pki=$top_builddir/tests/pki
jobs=${GI_BENCH_JOBS:-$(nproc)}
for key in lab-rsa lab-ec; do
	for j in 1 $jobs; do
		"$top_builddir/bench/bench-records" --jobs "$j" "$srcdir/specs/lai-chau-tea.xml" "$pki/$key.key" \
			"$pki/$key-chain.pem" "$pki/trust.pem" "${GI_BENCH_RECORDS:-2000}"
	done
done
