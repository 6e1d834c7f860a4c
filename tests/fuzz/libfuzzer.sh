#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the fuzz targets as libFuzzer binaries with clang and sanitizers,
# from the source tree (no installed libgi needed), and runs each for a
# while. Usage: tests/fuzz/libfuzzer.sh [SECONDS]   (default 60 each;
# GI_FUZZ_TARGETS="sign record" runs only those)
# Crashes found are written to tests/fuzz/crash-*; add each to the target's
# corpus directory so make check replays it from then on.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
out=${TMPDIR:-/tmp}/gi-fuzz
mkdir -p "$out"
[ -f "$top/libgi/schemas.c" ] || { echo "run make first (libgi/schemas.c is generated)"; exit 1; }
# the libraries configure found: the optional ones only where installed
pkgs="xmlsec1-openssl libxml-2.0 libcrypto gsl jansson libp11 p11-kit-1 libqrencode libpng"
for opt in sqlite3 libpq; do
	pkg-config --exists "$opt" && pkgs="$pkgs $opt"
done
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -DGI_BUILDING -I$top/libgi -I$top -I$top/tests -I$top/tests/fuzz $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lunistring -lpthread -lm"
for t in ${GI_FUZZ_TARGETS:-spec report_xml report_csv number record sign}; do
	clang $cflags -o "$out/fuzz_$t" "$top/tests/fuzz/fuzz_$t.c" "$top/tests/fuzz/common.c" "$top/tests/c14n_check.c" \
		"$top"/libgi/*.c $libs
	mkdir -p "$out/corpus_$t"
	GI_SRCDIR=$top "$out/fuzz_$t" -max_total_time="$secs" -artifact_prefix="$top/tests/fuzz/crash-$t-" \
		"$out/corpus_$t" "$top/tests/fuzz/corpus/$t"
done
