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
# the help a lab manager reads
env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=vi_VN.UTF-8 "$gi" verify --help >"$tmp/help"
has help "$tmp/help" "Cách dùng: gi verify --spec TỆP --report TỆP"
has help "$tmp/help" "với độ không đảm bảo"
has help "$tmp/help" "Mã thoát: 0 mọi mẫu đạt"
# the decimal point stays a point under vi_VN (LC_NUMERIC is not taken from the locale)
has numbers "$tmp/vi" "5.50 ± 0.20 g/100g"
# the rule-specific reasons: ILAC-G8:09/2019 4.2.3 with a guard band of
# one U: LC26-GT-001's 5.50 g/100g with U = 0.20 is above the minimum 5.34
# but 5.50 - 0.20 = 5.30 is not, so it passes conditionally; LC26-GT-002's
# 5.21 + 0.21 = 5.42 reaches past the minimum, so it fails conditionally
run vi_VN.UTF-8 "$tmp/nb" --rule non-binary
has non-binary "$tmp/nb" "Quy tắc quyết định  không nhị phân cho mọi chỉ tiêu"
has non-binary "$tmp/nb" "trung bình của 2 lần đo: 5.50 ± 0.20 g/100g (k=2) đáp ứng mức tối thiểu 5.34 nhưng cách giới hạn chưa tới một dải bảo vệ 0.20: đạt có điều kiện"
has non-binary "$tmp/nb" "5.21 ± 0.21 g/100g (k=2) thấp hơn mức tối thiểu 5.34 một khoảng nhỏ hơn dải bảo vệ 0.21: không đạt có điều kiện"
has non-binary "$tmp/nb" "không đạt: nguồn gốc"
grep -q "guard band\|mean of\|non-binary for\|: origin" "$tmp/nb" && fail "non-binary: English left in:" "$(cat "$tmp/nb")"
# the library's messages about a bad report
printf 'lab,sample,product,spec,analyte,unit,value\nL,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,x\n' >"$tmp/bad.csv"
env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=vi_VN.UTF-8 "$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" \
	--report "$tmp/bad.csv" >/dev/null 2>"$tmp/bad"
has bad-report "$tmp/bad" "bad.csv:2: value 'x' không phải là số"
# the HTML report: title naming the lab and its report, headings, table
# headers, badges and the summary in Vietnamese; English under C
run vi_VN.UTF-8 "$tmp/h" --html "$tmp/vi.html"
for s in '<html xmlns="http://www.w3.org/1999/xhtml" lang="vi">' \
	'<title>Phòng thử nghiệm ví dụ (example laboratory) — phiếu kết quả EX-2026-0415: đánh giá sự phù hợp</title>' \
	'<h2>Tóm tắt</h2>' '<p class="verdict">Kết luận chung: <span class="badge v-fail">Không đạt</span>' \
	'<p>6 mẫu: 3 đạt, 2 không đạt, 1 chưa đủ kết quả, 0 không kết luận được.</p>' \
	'<th>Chỉ tiêu</th><th>Kết quả ± U</th><th>Mức quy định</th><th>Quy tắc quyết định</th>' \
	'<th>Số phiếu</th><td>EX-2026-0415</td>' '<th>Ngày phát hành</th><td>2026-04-28</td>' \
	'<th>Thời điểm đánh giá</th>' '<td>nguồn gốc</td><td>Phong Thổ, 1420 m</td>' \
	'5.21 g/100g thấp hơn mức tối thiểu ≥ 5.34' 'độ không đảm bảo đo mở rộng U' \
	'<span class="badge v-incomplete">Chưa đủ kết quả</span>' '<title>glutamic-acid: Không đạt</title>'; do
	has html "$tmp/vi.html" "$s"
done
sed 's/<style>.*<\/style>//' "$tmp/vi.html" | grep -q ">Summary<\|>Criterion<\|>Laboratory<\|below the minimum\|>pass<\|>fail<" &&
	fail "html: English left in the Vietnamese report"
run C "$tmp/hc" --html "$tmp/c.html"
for s in '<html xmlns="http://www.w3.org/1999/xhtml" lang="en">' '<h2>Summary</h2>' \
	'<title>Phòng thử nghiệm ví dụ (example laboratory) — report EX-2026-0415: verification</title>' \
	'<span class="badge v-fail">fail</span>' '5.21 g/100g is below the minimum ≥ 5.34'; do
	has html-C "$tmp/c.html" "$s"
done
# gi registry: the registry's refusals in the officer's language. Member 1
# applies for a green-tea permit; the board may grant it only after a passed
# initial inspection (specs/registry-format.md), so granting it now is
# refused, in Vietnamese under vi_VN and in English under C.
reg() {  # reg LANG OUT ACTION...: gi registry under LANG, stderr in OUT, status in OUT.rc
	l=$1; o=$2; shift 2
	env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG="$l" "$gi" registry "$@" --db "$tmp/reg.db" \
		--spec "$srcdir/specs/lai-chau-tea.xml" >"$o.out" 2>"$o"
	echo $? >"$o.rc"
}
refused() {  # refused NAME OUT TEXT: the action failed (status 2) and said TEXT
	[ "$(cat "$2.rc")" = 2 ] || fail "$1: exit status $(cat "$2.rc"), not 2"
	has "$1" "$2" "$3"
}
reg C "$tmp/r-m" member add --kind household --name "Lò Văn A" --tax-id 0101234567
reg C "$tmp/r-p" plot add --member 1 --unit "Tam Đường" --altitude 1450 --area-ha 0.8 --latitude 22.35 --longitude 103.6
reg C "$tmp/r-a" permit apply --member 1 --product green-tea --plot 1 --quantity-kg 1000
for f in r-m r-p r-a; do [ "$(cat "$tmp/$f.rc")" = 0 ] || fail "$f: $(cat "$tmp/$f")"; done
if command -v openssl >/dev/null 2>&1 &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/council.key" \
		-out "$tmp/council.pem" -days 30 -subj "/CN=council" 2>/dev/null; then
	for l in vi_VN.UTF-8 C; do
		reg $l "$tmp/r-g-$l" permit grant --permit 1 --sign-key "$tmp/council.key" --sign-cert "$tmp/council.pem" \
			--out "$tmp/permit-1.xml"
	done
	refused "registry vi" "$tmp/r-g-vi_VN.UTF-8" "thành viên 1 chưa có lần kiểm tra ban đầu nào đạt"
	refused "registry C" "$tmp/r-g-C" "member 1 has no passed initial inspection"
	[ -e "$tmp/permit-1.xml" ] && fail "registry: a refused grant wrote its permit"
else
	echo "# openssl missing: permit grant not tried"
fi
# without the council's key, and a lot code with the wrong check character
# (LC-GT-2026-0001-3 is the right one, tests/check_registry.c)
reg vi_VN.UTF-8 "$tmp/r-k-vi" permit grant --permit 1
refused "registry vi" "$tmp/r-k-vi" "cấp giấy phép cần khóa ký của hội đồng"
reg C "$tmp/r-k-c" permit grant --permit 1
refused "registry C" "$tmp/r-k-c" "granting a permit needs the council's signing key"
chk() {  # chk LANG OUT CODE: gi registry lot check (no registry needed)
	env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG="$1" "$gi" registry lot check "$3" >"$2.out" 2>"$2"
	echo $? >"$2.rc"
}
chk vi_VN.UTF-8 "$tmp/r-l-vi" LC-GT-2026-0001-4
refused "registry vi" "$tmp/r-l-vi" "mã lô 'LC-GT-2026-0001-4': ký tự kiểm tra phải là 3, không phải 4 (gõ nhầm?)"
chk C "$tmp/r-l-c" LC-GT-2026-0001-4
refused "registry C" "$tmp/r-l-c" "lot code 'LC-GT-2026-0001-4': the check character is 3, not 4 (mistyped?)"
# a plot too low for the shan area: the area's own reason, in Vietnamese
reg vi_VN.UTF-8 "$tmp/r-o-vi" plot add --member 1 --unit "Tam Đường" --altitude 300 --area-ha 0.8 --latitude 22.35 --longitude 103.6
refused "registry vi" "$tmp/r-o-vi" "thửa nằm ngoài mọi vùng của các sản phẩm mang chỉ dẫn địa lý"
grep -q "member 1 has\|is not registered\|signing key\|check character\|lies outside" "$tmp"/r-*-vi* &&
	fail "registry: English left in the Vietnamese refusals:" "$(cat "$tmp"/r-*-vi*)"
[ $status = 0 ] && echo "PASS: gi verify and gi registry in Vietnamese and English"
exit $status
