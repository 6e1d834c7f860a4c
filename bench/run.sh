#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/run.sh - throughput and peak memory of verification for 10k and 1M
# samples, XML and CSV; the Python and PHP bindings against the gi command
# on 100k samples, and PHP on 1M under its default memory_limit; signed
# records. Run from the build tree: make bench.
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

# the bindings stream: Python and PHP against gi verify --json on 100k
# samples, PHP on 1M under memory_limit=128M (GI_PYTHON / GI_PHP: the
# interpreters configure found; empty skips)
big=$out/report-${GI_BENCH_BIG:-1000000}.xml
[ -s "$big" ] || "$top_builddir/bench/gen-report" "${GI_BENCH_BIG:-1000000}" xml > "$big"
mid=$out/report-${GI_BENCH_BINDINGS:-100000}.xml
[ -s "$mid" ] || "$top_builddir/bench/gen-report" "${GI_BENCH_BINDINGS:-100000}" xml > "$mid"
py=${GI_PYTHON:-}
pypath=$out/python
if [ -n "$py" ]; then
	rm -rf "$pypath" && mkdir -p "$pypath/libgi"
	cp "$srcdir/bindings/python/libgi/__init__.py" "$pypath/libgi/"
	cp "$top_builddir"/bindings/python/libgi/.libs/_gi*.so "$pypath/libgi/" || py=
fi
php=${GI_PHP:-}
[ -f "$top_builddir/bindings/php/.libs/gi.so" ] || php=
LD_LIBRARY_PATH="$top_builddir/libgi/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
	"$top_builddir/bench/bench-bindings" "$srcdir/specs/lai-chau-tea.xml" "$mid" "$top_builddir/cli/gi" \
	"$py" "$pypath" "$php" "$top_builddir/bindings/php/.libs/gi.so" "$big"

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
