#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gi verify speaks Vietnamese under a vi_VN locale (po/vi.po) and English
# otherwise; --json keeps the English machine values with the Vietnamese
# words beside them. The example report: LC26-GT-002 has 5.21 g/100g of
# glutamic acid against the green-tea minimum of 5.34 g/100g (GI No.
# 00146, decision 559/QĐ-SHTT), so the report fails.
srcdir=${GI_SRCDIR:-.}
gi=${GI_BIN:-./cli/gi}
locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$' || { echo "SKIP: no vi_VN.UTF-8 locale (.ci/install-deps generates it)"; exit 77; }
[ -n "$GI_LOCALEDIR" ] || { echo "SKIP: GI_LOCALEDIR not set"; exit 77; }
status=0
fail() { echo "FAIL: $*"; status=1; }
has() {  # has NAME FILE TEXT: FILE holds the line fragment TEXT
	grep -qF -- "$3" "$2" || fail "$1: no '$3' in:" "$(head -c 2000 "$2")"
}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
run() {  # run LANG OUT ARGS...: gi verify under LANG, the exit status in OUT.rc
	l=$1; o=$2; shift 2
	env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG="$l" "$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" \
		--report "$srcdir/examples/lai-chau-2026.xml" "$@" >"$o" 2>"$o.err"
	echo $? >"$o.rc"
}
run vi_VN.UTF-8 "$tmp/vi"
[ "$(cat "$tmp/vi.rc")" = 1 ] || fail "vi: exit status $(cat "$tmp/vi.rc"), not 1"
has vi "$tmp/vi" "MẪU            LÔ               SẢN PHẨM"
has vi "$tmp/vi" "CHỈ TIÊU"
has vi "$tmp/vi" "Phòng thử nghiệm    "
has vi "$tmp/vi" "5.21 g/100g thấp hơn mức tối thiểu ≥ 5.34"
has vi "$tmp/vi" "Chưa kiểm nghiệm glutamic-acid: không có kết quả"
has vi "$tmp/vi" "độ cao 1420 m nằm ngoài khoảng 900–1300 m"
has vi "$tmp/vi" "6 mẫu: 3 đạt, 2 không đạt, 1 chưa đủ kết quả, 0 không kết luận được"
has vi "$tmp/vi" "Kết luận chung: KHÔNG ĐẠT"
grep -q "Report verdict\|SAMPLE\|below the minimum" "$tmp/vi" && fail "vi: English left in:" "$(cat "$tmp/vi")"
# English otherwise: the table as it always was
run C "$tmp/c"
has C "$tmp/c" "Report verdict: FAIL"
has C "$tmp/c" "5.21 g/100g is below the minimum ≥ 5.34"
grep -q "Kết luận" "$tmp/c" && fail "C: Vietnamese under the C locale"
# JSON: machine values stay, the words go beside them
run vi_VN.UTF-8 "$tmp/json" --json
has json "$tmp/json" '"verdict":"fail","verdict_text":"Không đạt"'
has json "$tmp/json" '"reason":"5.21 g/100g is below the minimum ≥ 5.34","reason_text":"5.21 g/100g thấp hơn mức tối thiểu ≥ 5.34"'
has json "$tmp/json" '"verdict":"not-tested","verdict_text":"Chưa kiểm nghiệm"'
# errors gi verify prints
env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$gi" verify --spec x.xml >/dev/null 2>"$tmp/usage"
has usage "$tmp/usage" "gi verify: cần cả --spec và --report"
# the decimal point stays a point under vi_VN (LC_NUMERIC is not taken from the locale)
has numbers "$tmp/vi" "5.50 ± 0.20 g/100g"
[ $status = 0 ] && echo "PASS: gi verify in Vietnamese and English"
exit $status
