#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gen-arginfo.sh PHP GEN_STUB PHP_PARSER_DIR STUB OUT
# Writes OUT (gi_arginfo.h) from STUB (gi.stub.php) with PHP's own
# build/gen_stub.php (php-dev). gen_stub.php looks for nikic/php-parser in
# PHP-Parser-<version>/ beside itself and downloads it when absent; here it
# runs from a copy in a temporary directory where that name leads to
# PHP_PARSER_DIR (Debian's php-parser: /usr/share/php/PhpParser), so
# nothing is downloaded and PHP's directory is not written to.
# Exit 77 when PHP, gen_stub.php or php-parser is missing.
php=$1 gen_stub=$2 parser=$3 stub=$4 out=$5
if [ -z "$php" ] || [ ! -f "$gen_stub" ] || [ ! -f "$parser/Parser.php" ]; then
	echo "gen-arginfo.sh: needs php, PHP's build/gen_stub.php (Debian: php-dev) and php-parser (Debian: php-parser)" >&2
	exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n 's/^ *\$version = "\([0-9.]*\)";.*/\1/p' "$gen_stub" | head -1)
[ -n "$version" ] || { echo "gen-arginfo.sh: no PHP-Parser version in $gen_stub" >&2; exit 99; }
mkdir -p "$tmp/PHP-Parser-$version/lib" &&
ln -s "$parser" "$tmp/PHP-Parser-$version/lib/PhpParser" &&
cp "$gen_stub" "$tmp/gen_stub.php" &&
cp "$stub" "$tmp/gi.stub.php" || exit 99
"$php" -n -d extension=tokenizer.so "$tmp/gen_stub.php" -f "$tmp/gi.stub.php" >/dev/null 2>"$tmp/err" ||
	"$php" "$tmp/gen_stub.php" -f "$tmp/gi.stub.php" >/dev/null 2>"$tmp/err" ||
	{ echo "gen-arginfo.sh: gen_stub.php failed:" >&2; cat "$tmp/err" >&2; exit 1; }
cp "$tmp/gi_arginfo.h" "$out"
