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

# the whole signing pipeline of gi verify (read the report, evaluate, sign,
# write the records and publish the batch), one process, against lxml and
# python-xmlsec signing a bare template in the same run (bench/xmlsec-sign.py;
# Debian: python3-lxml python3-xmlsec)
n=${GI_BENCH_PIPELINE:-5000}
f=$out/report-$n.csv
[ -s "$f" ] || "$top_builddir/bench/gen-report" "$n" csv > "$f"
py=${GI_BENCH_PYTHON:-/usr/bin/python3}
# the program itself, not libtool's wrapper script, whose start-up (a
# shell) would count as part of the run
gi_real=$top_builddir/cli/.libs/gi
[ -x "$gi_real" ] || gi_real=$top_builddir/cli/gi
# pipeline KEY DEST JOBS: records/s of gi verify --sign-key into DEST
pipeline() {
	rm -rf "$out/$2"
	t0=$(date +%s.%N)
	# exit status 1 or 3: samples failed or were incomplete (the synthetic
	# report has both); 2 and above 3: the run itself failed
	st=0
	LD_LIBRARY_PATH="$top_builddir/libgi/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
	"$gi_real" verify --spec "$srcdir/specs/lai-chau-tea.xml" --report "$f" --jobs "$3" \
		--sign-key "$pki/$1.key" --sign-cert "$pki/$1-chain.pem" --out "$out/$2" > /dev/null || st=$?
	t1=$(date +%s.%N)
	rm -rf "$out/$2"
	if [ "$st" -eq 2 ] || [ "$st" -gt 3 ]; then
		echo "bench: gi verify --sign-key --jobs $3 failed (exit status $st)" >&2
		exit 1
	fi
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }'
}
for key in lab-ec lab-rsa; do
	[ "$key" = lab-rsa ] && n_py=$((n / 5)) || n_py=$n
	theirs=$("$py" "$srcdir/bench/xmlsec-sign.py" "$pki/$key.key" "$n_py" 2>/dev/null) || theirs=
	for dest in records.tar records; do
		ours=$(pipeline "$key" "$dest" 1)
		if [ -n "$theirs" ]; then
			printf '%s pipeline, --out %-11s gi verify --sign-key %8.0f records/s (%s samples); lxml + python-xmlsec, bare template: %8.0f/s; ratio %.2fx\n' \
				"$key" "$dest" "$ours" "$n" "$theirs" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN { print a / b }')"
		else
			printf '%s pipeline, --out %-11s gi verify --sign-key %8.0f records/s (%s samples); no python3-xmlsec for the reference\n' \
				"$key" "$dest" "$ours" "$n"
		fi
	done
	# 2 cores vs 1: --jobs 2 against --jobs 1 into a tar file, one after
	# the other, twice each (j1 j2 j2 j1) so a change of load hits both
	a1=$(pipeline "$key" records.tar 1)
	a2=$(pipeline "$key" records.tar 2)
	b2=$(pipeline "$key" records.tar 2)
	b1=$(pipeline "$key" records.tar 1)
	printf '%s pipeline, --out records.tar --jobs 1 %8.0f and %.0f records/s, --jobs 2 %8.0f and %.0f records/s: 2 cores vs 1 %.2fx\n' \
		"$key" "$a1" "$b1" "$a2" "$b2" "$(awk -v a="$a1" -v b="$b1" -v c="$a2" -v d="$b2" 'BEGIN { print (c + d) / (a + b) }')"
done

# the transparency log: batched appends (one signed checkpoint per batch of
# 100,000) against raw SHA-256 of the same entries, in one process
rm -rf "$out/log"
"$top_builddir/bench/bench-log" "$out/log" "${GI_BENCH_LOG:-1000000}" 100000 256
rm -rf "$out/log"
