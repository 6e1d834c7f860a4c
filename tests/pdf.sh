#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gi verify --pdf: the certificate of analysis of the example report,
# signed, under vi_VN. Read back with poppler (pdftotext, pdftoppm) and
# zbar (zbarimg): the Vietnamese words and the values are in its text, the
# first page renders to a PNG that is not blank, and the QR code of the
# first sample decodes to the --record-url address of its signed record.
# Values: LC26-GT-001 is 5.50 ± 0.20 g/100g (mean of 5.52 and 5.47), and
# LC26-GT-002 5.21 ± 0.21 g/100g against the green-tea minimum of 5.34 g/100g
# (GI No. 00146, decision 559/QĐ-SHTT).
srcdir=${GI_SRCDIR:-.}
gi=${GI_BIN:-./cli/gi}
for t in pdftotext pdftoppm zbarimg python3; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not found (Debian: poppler-utils zbar-tools)"; exit 77; }
done
locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$' || { echo "SKIP: no vi_VN.UTF-8 locale (.ci/install-deps generates it)"; exit 77; }
[ -n "$GI_LOCALEDIR" ] || { echo "SKIP: GI_LOCALEDIR not set"; exit 77; }
status=0
fail() { echo "FAIL: $*"; status=1; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$gi" keygen --key "$tmp/lab.key" --cert "$tmp/lab.pem" >/dev/null 2>&1 || { echo "FAIL: gi keygen"; exit 1; }
url=https://portal.example/records/
vi() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=vi_VN.UTF-8 "$@"; }
vi "$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" --report "$srcdir/examples/lai-chau-2026.xml" \
	--sign-key "$tmp/lab.key" --sign-cert "$tmp/lab.pem" --out "$tmp/records" \
	--pdf "$tmp/coa.pdf" --record-url "$url" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || fail "gi verify --pdf: exit status $rc, not 1 (a sample fails)" "$(cat "$tmp/err")"
[ -s "$tmp/coa.pdf" ] || { echo "FAIL: no PDF written"; exit 1; }
# the text, with line breaks (wrapped cells) as spaces: in reading order
# (a cell's lines together) and in layout order (a label beside its value)
{ pdftotext -enc UTF-8 "$tmp/coa.pdf" -; pdftotext -layout -enc UTF-8 "$tmp/coa.pdf" -; } | tr '\n' ' ' | tr -s ' ' >"$tmp/text"
for s in "PHIẾU KẾT QUẢ THỬ NGHIỆM VÀ CÔNG BỐ SỰ PHÙ HỢP" "Phòng thử nghiệm ví dụ" "Công nhận: VILAS 000" \
	"Số phiếu EX-2026-0415" "Ngày phát hành 2026-04-28" "Lai Châu" \
	"Quy tắc quyết định được áp dụng: chấp nhận đơn giản (ILAC-G8:09/2019, mục 4.2.1)" \
	"độ không đảm bảo đo mở rộng" \
	"Mẫu LC26-GT-001 — lô LC-GT-2026-0001" "5.50 ± 0.20 g/100g (k = 2)" "≥ 5.34 g/100g" \
	"5.21 ± 0.21 g/100g" "5.21 g/100g thấp hơn mức tối thiểu ≥ 5.34" "Không đạt" "Chưa kiểm nghiệm" "Đạt" \
	"độ cao 1420 m nằm ngoài khoảng 900–1300 m" \
	"6 mẫu: 3 đạt, 2 không đạt, 1 chưa đủ kết quả, 0 không kết luận được" "Kết luận chung" \
	"Người ký C = VN, O = Demonstration laboratory, CN = libgi demo signer" \
	"Kết quả thử nghiệm chỉ có giá trị đối với mẫu thử." "Trang 1"; do
	grep -qF -- "$s" "$tmp/text" || fail "pdftotext: no '$s'"
done
[ $status = 0 ] || head -c 3000 "$tmp/text"
# the first page as a picture: produced, A4 at 100 dpi, and not blank
pdftoppm -r 100 -png -f 1 -l 1 "$tmp/coa.pdf" "$tmp/page" || fail "pdftoppm"
pdftoppm -r 100 -gray -f 1 -l 1 "$tmp/coa.pdf" "$tmp/grey" || fail "pdftoppm -gray"
python3 - "$tmp"/grey*.pgm <<'PY' || status=1
import sys
data = open(sys.argv[1], "rb").read()
fields, pos = [], 0
while len(fields) < 4:                      # P5 width height maxval, then the pixels
    while data[pos:pos + 1].isspace():
        pos += 1
    end = pos
    while not data[end:end + 1].isspace():
        end += 1
    fields.append(data[pos:end])
    pos = end
w, h = int(fields[1]), int(fields[2])
px = data[pos + 1:pos + 1 + w * h]
dark = sum(1 for b in px if b < 128) / float(w * h)
# A4 at 100 dpi is 827 x 1169 pixels
if (w, h) != (827, 1170) and (w, h) != (827, 1169):
    print("FAIL: page 1 is %dx%d pixels, not A4 at 100 dpi" % (w, h)); sys.exit(1)
if not 0.02 < dark < 0.5:
    print("FAIL: page 1 has %.3f dark pixels: blank or black" % dark); sys.exit(1)
print("page 1: %dx%d, %.1f %% dark" % (w, h, 100 * dark))
PY
[ -s "$tmp/page-1.png" ] || ls "$tmp"/page*.png >/dev/null 2>&1 || fail "no PNG of page 1"
# the QR code of the first sample: the address of its signed record
id=$(grep -o 'R[0-9a-f]\{32\}' "$tmp/records/LC26-GT-001.xml" | head -1)
[ -n "$id" ] || fail "no record id in LC26-GT-001.xml"
pdftoppm -r 150 -png -f 1 -l 1 "$tmp/coa.pdf" "$tmp/qr"
qr=$(zbarimg -q --raw "$tmp"/qr*.png 2>/dev/null)
[ "$qr" = "$url$id" ] || fail "QR code decodes to '$qr', not '$url$id'"
# the pictures of the decisions: each criterion's row has the picture the
# HTML report shows (its caption is text: the value ± U and the verdict)
# and the decision rule applied to it (ILAC-G8:09/2019 4.2); one
# criterion (glutamic acid) per sample, six samples, five with a value
n=$(grep -o "Quy tắc quyết định được áp dụng: chấp nhận đơn giản (ILAC-G8:09/2019, mục 4.2.1): kết quả nằm trong giới hạn thì đạt\." "$tmp/text" | wc -l)
[ "$n" -ge 6 ] || fail "the rule applied is stated for $n criteria, not 6 (in reading and layout order: 12)"
for s in "5.50 ± 0.20 g/100g — Đạt (simple)" "5.21 ± 0.21 g/100g — Không đạt (simple)"; do
	grep -qF -- "$s" "$tmp/text" || fail "no picture with the caption '$s'"
done
# ... drawn: page 1 in colour has the picture's pass zone (#4caf50) and
# fail zone (#e57373), which nothing else on the certificate uses
python3 - "$tmp"/page-1.png <<'PY' || status=1
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, colour = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and colour == 2, "not 8-bit RGB"
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride = zlib.decompress(idat), 3 * w
prev, rows, i = bytearray(stride), [], 0
while i < len(raw):                         # undo the PNG row filters
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    for x in range(stride):
        a = line[x - 3] if x >= 3 else 0
        b, c = prev[x], prev[x - 3] if x >= 3 else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line; i += 1 + stride
def near(px, rgb):
    return all(abs(px[k] - rgb[k]) <= 12 for k in range(3))
green = red = 0
for line in rows:
    for x in range(0, stride, 3):
        px = line[x:x + 3]
        green += near(px, (0x4c, 0xaf, 0x50))
        red += near(px, (0xe5, 0x73, 0x73))
if green < 200 or red < 50:
    print("FAIL: page 1 shows no picture of a decision (%d pass-green, %d fail-red pixels)" % (green, red)); sys.exit(1)
print("page 1: picture drawn (%d pass-green, %d fail-red pixels)" % (green, red))
PY
# a guard band is stated with the rule (ILAC-G8:09/2019 4.2.3, w = 1 U)
vi "$gi" verify --rule non-binary --spec "$srcdir/specs/lai-chau-tea.xml" --report "$srcdir/examples/lai-chau-2026.xml" \
	--pdf "$tmp/nb.pdf" >/dev/null 2>&1
pdftotext -enc UTF-8 "$tmp/nb.pdf" - | tr '\n' ' ' | tr -s ' ' >"$tmp/nb"
grep -qF "đạt có điều kiện, không đạt có điều kiện hoặc không đạt; dải bảo vệ w = 1 × U." "$tmp/nb" ||
	fail "non-binary: no rule with its guard band in:" "$(head -c 2000 "$tmp/nb")"
# --pdf-each: a certificate per sample, SAMPLE.pdf, with a manifest; each
# holds its own sample only, and its own conclusion (LC26-GT-002 fails)
vi "$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" --report "$srcdir/examples/lai-chau-2026.xml" \
	--pdf-each "$tmp/each" >/dev/null 2>&1
for id in LC26-GT-001 LC26-GT-002 LC26-OL-001 LC26-OL-002 LC26-DP-001 LC26-GT-003; do
	[ -s "$tmp/each/$id.pdf" ] || fail "--pdf-each: no $id.pdf"
done
(cd "$tmp/each" && sha256sum -c --quiet SHA256SUMS) || fail "--pdf-each: SHA256SUMS does not match"
pdftotext -enc UTF-8 "$tmp/each/LC26-GT-002.pdf" - | tr '\n' ' ' | tr -s ' ' >"$tmp/one"
for s in "Mẫu LC26-GT-002 — lô LC-GT-2026-0002" "5.21 ± 0.21 g/100g (k = 2)" "5.21 g/100g thấp hơn mức tối thiểu ≥ 5.34" \
	"1 mẫu: 0 đạt, 1 không đạt, 0 chưa đủ kết quả, 0 không kết luận được" "5.21 ± 0.21 g/100g — Không đạt"; do
	grep -qF -- "$s" "$tmp/one" || fail "LC26-GT-002.pdf: no '$s' in:" "$(head -c 1500 "$tmp/one")"
done
grep -q "LC26-GT-001\|LC26-OL-001" "$tmp/one" && fail "LC26-GT-002.pdf names other samples"
# English under C; no PDF at all when the run fails
env -u LC_ALL -u LANGUAGE LANG=C "$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" \
	--report "$srcdir/examples/lai-chau-2026.xml" --pdf "$tmp/en.pdf" >/dev/null 2>&1
{ pdftotext -enc UTF-8 "$tmp/en.pdf" -; pdftotext -layout -enc UTF-8 "$tmp/en.pdf" -; } | tr '\n' ' ' | tr -s ' ' >"$tmp/en"
for s in "CERTIFICATE OF ANALYSIS AND STATEMENT OF CONFORMITY" "The decision rule applied was simple acceptance" \
	"5.21 g/100g is below the minimum ≥ 5.34" "The verdicts of this certificate are not signed."; do
	grep -qF -- "$s" "$tmp/en" || fail "English PDF: no '$s'"
done
printf 'lab,sample,product,spec,analyte,unit,value\nL,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,x\n' >"$tmp/bad.csv"
"$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" --report "$tmp/bad.csv" --pdf "$tmp/bad.pdf" >/dev/null 2>&1
rc=$?
[ $rc = 2 ] || fail "bad report: exit status $rc, not 2"
[ -e "$tmp/bad.pdf" ] && fail "a PDF was written for a bad report"
ls "$tmp" | grep -q 'bad.pdf' && fail "a temporary PDF was left behind"
"$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" --report "$tmp/bad.csv" --pdf-each "$tmp/bad-each" >/dev/null 2>&1
[ -e "$tmp/bad-each" ] && fail "--pdf-each: a directory was made for a bad report"
ls -a "$tmp" | grep -q 'bad-each' && fail "--pdf-each: a temporary directory was left behind"
[ $status = 0 ] && echo "PASS: certificate of analysis (text, page 1 picture, QR code)"
exit $status
