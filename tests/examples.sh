#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every example: the C program, and the gi commands README shows, on
# the shipped files, checking what each must print.
set -u
cd "${GI_SRCDIR:?}" || exit 99
gi=${GI_BIN:?}
fail=0
check() { # name expected-status command...
	name=$1 want=$2; shift 2
	out=$("$@" 2>&1); got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $name exited $got, expected $want"; echo "$out"; fail=1
	else
		echo "PASS: $name"
	fi
	LAST=$out
}
check "examples/verify (C)" 0 "$GI_BUILDDIR/examples/verify"
case $LAST in *"6 samples: 3 pass, 2 fail, 1 incomplete -> fail"*) ;; *) echo "FAIL: C example output: $LAST"; fail=1;; esac
check "README quick start" 1 "$gi" verify --spec specs/lai-chau-tea.xml --report examples/lai-chau-2026.xml
check "README CSV report" 1 "$gi" verify --spec specs/lai-chau-tea.xml --report examples/lai-chau-2026.csv
check "README decimal comma" 1 "$gi" verify --decimal , --spec specs/lai-chau-tea.xml --report examples/lai-chau-2026.csv
check "README dry matter and ratio" 1 "$gi" verify --spec specs/parmigiano-reggiano.xml --report examples/parmigiano-2026.csv
case $LAST in *"41.1594 %"*"converted from as-is to dry-matter basis with moisture 33.5 %"*) ;; *) echo "FAIL: parmigiano output"; fail=1;; esac
check "README spec check" 0 "$gi" spec check specs/lai-chau-tea.xml specs/lam-dong-coffee.xml specs/luc-ngan-orange.xml specs/parmigiano-reggiano.xml specs/eu-extra-virgin-olive-oil.xml specs/eu-extra-virgin-olive-oil-2016.xml specs/eu-extra-virgin-olive-oil-2022.xml
check "README spec show" 0 "$gi" spec show specs/lai-chau-tea.xml
check "README conditional verdicts" 1 "$gi" verify --rule non-binary --spec specs/lai-chau-tea.xml --report examples/lai-chau-2026.xml
case $LAST in *"conditional-pass"*"meets the minimum 5.34 by less than the guard band 0.20: conditional pass"*"conditional-fail"*) ;; *) echo "FAIL: non-binary output"; fail=1;; esac
html=${TMPDIR:-/tmp}/gi-example-$$.html
check "README html report" 1 "$gi" verify --rule probability --html "$html" --spec specs/lai-chau-tea.xml --report examples/lai-chau-2026.xml
[ -s "$html" ] || { echo "FAIL: no HTML report"; fail=1; }
rm -f "$html"
check "README pt" 1 "$gi" pt examples/pt-glutamic-acid.csv
work=${TMPDIR:-/tmp}/gi-example-sign-$$
mkdir -p "$work"
check "README keygen" 0 "$gi" keygen --key "$work/demo.key" --cert "$work/demo.pem"
check "README signing" 1 "$gi" verify --spec specs/lai-chau-tea.xml --report examples/lai-chau-2026.xml --sign-key "$work/demo.key" --sign-cert "$work/demo.pem" --out "$work/records"
check "README record verify" 0 sh -c "'$gi' record verify --trust '$work/demo.pem' '$work'/records/*.xml"
rec=$(ls "$work"/records/*.xml | head -1)
check "README record show" 0 "$gi" record show "$rec"
check "README xmlsec1 --verify" 0 sh -c "xmlsec1 --verify --trusted-pem '$work/demo.pem' '$work'/records/*.xml"
check "README SHA256SUMS" 0 sh -c "cd '$work/records' && sha256sum -c SHA256SUMS"
rm -rf "$work"
check "README json" 1 "$gi" verify --json --spec specs/lai-chau-tea.xml --report examples/lai-chau-2026.xml
exit $fail
