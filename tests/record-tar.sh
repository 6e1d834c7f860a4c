#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gi record verify FILE.tar verifies each record inside a tar file without
# extracting it: the tar gi verify --out X.tar writes, and one GNU tar
# makes (pax, with a member name longer than the 100 bytes of a ustar
# header); a record altered inside it is NOT VERIFIED; SHA256SUMS must list
# every member with its bytes' SHA-256 and nothing else; a truncated
# archive, a header with a wrong checksum and a member named ../x.xml are
# bad input (2) naming the file.
srcdir=${GI_SRCDIR:-.}
case $srcdir in /*) ;; *) srcdir=$PWD/$srcdir;; esac
gi=${GI_BIN:-./cli/gi}
case $gi in /*) ;; *) gi=$PWD/$gi;; esac   # the test runs in its temporary directory
status=0
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; status=1; }
command -v tar >/dev/null 2>&1 || { echo "SKIP: no tar"; exit 77; }
"$gi" keygen --key "$tmp/k.pem" --cert "$tmp/c.pem" >/dev/null 2>&1 || exit 99
for out in r.tar dir; do
	"$gi" verify --spec "$srcdir/specs/lai-chau-tea.xml" --report "$srcdir/examples/lai-chau-2026.xml" \
		--sign-key "$tmp/k.pem" --sign-cert "$tmp/c.pem" --out "$tmp/$out" >/dev/null 2>&1
	[ -e "$tmp/$out" ] || { echo "ERROR: gi verify wrote no $out"; exit 99; }
done
cd "$tmp" || exit 99
# rv ARCHIVE...: gi record verify, stdout in out, stderr in err, status in rc
rv() { "$gi" record verify --trust c.pem "$@" >out 2>err; rc=$?; }

# the tar gi writes: every .xml member, in the archive's order, VERIFIED
tar -tf r.tar | grep '\.xml$' | sed 's/^/r.tar:/;s/$/: VERIFIED/' >want
n=$(wc -l <want)
[ "$n" -ge 2 ] || { echo "ERROR: r.tar holds $n records"; exit 99; }
rv r.tar
[ $rc = 0 ] || fail "r.tar: status $rc, not 0: $(cat out err)"
sed 's/ —.*//' out | cmp -s - want || fail "r.tar: records listed are not its members in order: $(cat out)"
rv --json r.tar
python3 -c '
import json, sys
a = json.load(open("out"))
names = [l.split(": VERIFIED")[0] for l in open("want")]
assert [o["file"] for o in a] == names, a
assert all(o["valid"] and o["status"] == "valid" and o["signer"] for o in a), a
' || fail "r.tar --json: not one valid record per member"

# --json prints its array a record at a time; with nothing read it is []
rv --json r.tar nothere.tar
[ $rc = 2 ] || fail "--json with a missing archive: status $rc, not 2"
python3 -c '
import json
a = json.load(open("out"))
assert len(a) == int(open("want").read().count("\n")) and all(o["valid"] for o in a), a
' || fail "--json r.tar nothere.tar: not the records of r.tar: $(cat out)"
rv --json nothere.tar
[ "$(cat out)" = "[]" ] || fail "--json with nothing read: not []: $(cat out)"

# GNU tar's pax archive of the records, one under a 120-byte name
(cd dir && cp "$(ls *.xml | head -1)" "$(printf 'L%.0s' $(seq 1 116)).xml" && sha256sum *.xml >SHA256SUMS &&
	tar --format=pax -cf ../g.tar *.xml SHA256SUMS) || exit 99
rv g.tar
[ $rc = 0 ] || fail "g.tar (GNU tar): status $rc, not 0: $(cat out err)"
[ "$(grep -c ': VERIFIED' out)" = "$(ls dir/*.xml | wc -l)" ] || fail "g.tar: not every record VERIFIED: $(cat out)"
grep -q "^g.tar:L\{116\}.xml: VERIFIED" out || fail "g.tar: the long-named member is not verified: $(cat out)"

# a byte of a signature value changed inside the tar
name=$(tar -tf r.tar | head -1)
off=$(grep -obUa 'SignatureValue[^>]*>' r.tar | head -1 | cut -d: -f1)
len=$(grep -obUa 'SignatureValue[^>]*>' r.tar | head -1 | cut -d: -f2- | wc -c)
at=$((off + len - 1 + 4))
cp r.tar bad.tar
orig=$(dd if=bad.tar bs=1 skip=$at count=1 2>/dev/null)
if [ "$orig" = A ]; then new=B; else new=A; fi
printf %s "$new" | dd of=bad.tar bs=1 seek=$at conv=notrunc 2>/dev/null
rv bad.tar
[ $rc = 1 ] || fail "altered record: status $rc, not 1"
grep -q "^bad.tar:$name: NOT VERIFIED" out || fail "altered record $name not reported NOT VERIFIED: $(cat out)"
grep -q "^bad.tar:$name: NOT VERIFIED (manifest)" out || fail "altered $name: SHA256SUMS mismatch not reported: $(cat out)"

# SHA256SUMS without a member, and naming a member the archive lacks
first=$(cd dir && ls *.xml | head -1)
(cd dir && grep -v "  $first\$" SHA256SUMS >S && mv S SHA256SUMS && tar --format=pax -cf ../unlisted.tar *.xml SHA256SUMS) || exit 99
rv unlisted.tar
[ $rc = 1 ] || fail "member not in SHA256SUMS: status $rc, not 1"
grep -q "^unlisted.tar:$first: NOT VERIFIED (manifest) — not listed in SHA256SUMS" out ||
	fail "member not in SHA256SUMS not named: $(cat out)"
(cd dir && sha256sum *.xml >SHA256SUMS && tar --format=pax -cf ../lacking.tar $(ls *.xml | sed 1d) SHA256SUMS) || exit 99
rv lacking.tar
[ $rc = 1 ] || fail "SHA256SUMS naming a missing member: status $rc, not 1"
grep -q "^lacking.tar:SHA256SUMS: NOT VERIFIED (manifest) — SHA256SUMS lists $first, which the archive does not hold" out ||
	fail "member missing from the archive not named: $(cat out)"

# --jobs N verifies on N threads: the same lines, in the same order, for
# good, altered and incomplete archives and for single files, text and
# JSON (one verification time, so "verified at" is the same); a bad N is
# refused
for args in "r.tar" "bad.tar unlisted.tar" "lacking.tar dir/$first r.tar"; do
	for fmt in "" --json; do
		"$gi" record verify --trust c.pem --at 2030-01-01 $fmt $args >one 2>&1
		want=$?
		for j in 2 3 40; do
			"$gi" record verify --trust c.pem --at 2030-01-01 --jobs $j $fmt $args >many 2>&1
			got=$?
			[ $got = $want ] && cmp -s one many || fail "--jobs $j $fmt $args: status $got (not $want) or other output: $(diff one many | head -5)"
		done
	done
done
for j in -1 x 257 ""; do
	rv --jobs "$j" r.tar
	[ $rc = 2 ] && grep -q -- "--jobs must be a number" err || fail "--jobs '$j': status $rc, $(cat err)"
done

# an archive larger than any buffer the reader keeps: a 70 MiB member
# beside the records, listed in SHA256SUMS, is hashed a piece at a time;
# changing one byte of it near its end fails the manifest
(cd dir && truncate -s 70M big.bin && sha256sum *.xml big.bin >SHA256SUMS &&
	tar --format=pax -cf ../big.tar *.xml big.bin SHA256SUMS) || exit 99
rv big.tar
[ $rc = 0 ] || fail "a 70 MiB archive: status $rc, not 0: $(cat out err)"
[ "$(grep -c ': VERIFIED' out)" = "$(ls dir/*.xml | wc -l)" ] || fail "big.tar: not every record VERIFIED: $(cat out err)"
boff=$(python3 -c 'import tarfile; print(tarfile.open("big.tar").getmember("big.bin").offset_data + 70 * 1048576 - 10)') || exit 99
printf Q | dd of=big.tar bs=1 seek=$boff conv=notrunc 2>/dev/null
rv big.tar
[ $rc = 1 ] || fail "a 70 MiB member altered near its end: status $rc, not 1: $(cat out err)"
grep -q "^big.tar:big.bin: NOT VERIFIED (manifest)" out || fail "altered 70 MiB member not named: $(cat out)"
rm -f dir/big.bin big.tar
# a member twice (Python's tarfile writes both as regular files; GNU tar
# would make the second a hard link, refused as not a regular file)
(cd dir && sha256sum *.xml >SHA256SUMS && python3 -c '
import sys, tarfile
with tarfile.open("../dup.tar", "w", format=tarfile.PAX_FORMAT) as t:
    for n in sys.argv[1:]:
        t.add(n)' "$first" *.xml SHA256SUMS) || exit 99
rv dup.tar
[ $rc = 2 ] || fail "a member twice: status $rc, not 2"
[ -s out ] && fail "a member twice: records verified anyway: $(cat out)"
grep -q "dup.tar: member '$first' appears twice" err || fail "a member twice: message: $(cat err)"

# malformed archives: nothing verified, status 2, the file and offset named
head -c 3000 r.tar >trunc.tar
rv trunc.tar
[ $rc = 2 ] || fail "truncated tar: status $rc, not 2"
[ -s out ] && fail "truncated tar: records verified anyway: $(cat out)"
grep -q "trunc.tar: not a valid tar file at offset [0-9]*: truncated" err || fail "truncated tar: message: $(cat err)"
head -c 1536 r.tar >short.tar   # ends at a header's edge, no end blocks
rv short.tar
[ $rc = 2 ] || fail "tar ending without its end blocks: status $rc, not 2"
cp r.tar sum.tar
printf Z | dd of=sum.tar bs=1 seek=2 conv=notrunc 2>/dev/null
rv sum.tar
[ $rc = 2 ] || fail "bad header checksum: status $rc, not 2"
grep -q "sum.tar: not a valid tar file at offset 0: header checksum" err || fail "bad checksum: message: $(cat err)"
mkdir -p sub && cp "dir/$first" x.xml && (cd sub && tar --format=pax -P -cf ../evil.tar ../x.xml) || exit 99
rv evil.tar
[ $rc = 2 ] || fail "member ../x.xml: status $rc, not 2"
grep -q "evil.tar: member '../x.xml' at offset [0-9]* refused" err || fail "member ../x.xml: message: $(cat err)"
tar --format=pax -cf dirent.tar dir
rv dirent.tar
[ $rc = 2 ] || fail "a directory member: status $rc, not 2"
grep -q "dirent.tar: .*not a regular file" err || fail "a directory member: message: $(cat err)"
exit $status
