#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gi log and gi verify --log from the command line: the exit statuses
# (0 verified, 1 the log or proof does not verify, 2 bad usage or input),
# the monitor catching a rolled-back checkpoint and a changed entry, and
# signed records appended by gi verify.
set -u
gi=${GI_BIN:?}
src=${GI_SRCDIR:?}
T=$(mktemp -d "${TMPDIR:-/tmp}/gi-log-cli.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
fail=0
expect() {
	want=$1
	shift
	"$@" >out 2>err
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: exit $got, expected $want: $*"
		cat out err
		fail=1
	else
		echo "PASS: exit $got: $*"
	fi
}
expect 0 "$gi" log init log --name tea.example/log --key-out log.key
cp out vkey
expect 2 "$gi" log init log --name tea.example/log --key-out log.key
expect 2 "$gi" log init log2 --name 'bad name' --key-out log2.key
printf one >one
printf two >two
# one entry is "1 entry", in the monitor's line and in a proof's
expect 0 "$gi" log init solo --name tea.example/solo --key-out solo.key
cp out solo.vkey
expect 0 "$gi" log append solo --key solo.key one
expect 0 "$gi" log verify solo --vkey-file solo.vkey
grep -q "^solo: 1 entry; signature" out || { echo "FAIL: one entry: $(cat out)"; fail=1; }
expect 0 "$gi" log prove solo --index 0 --vkey-file solo.vkey --out solo.proof
expect 0 "$gi" log verify --proof solo.proof --entry one --vkey-file solo.vkey
grep -q "entry 0 of a tree of 1 entry," out || { echo "FAIL: proof in a tree of one: $(cat out)"; fail=1; }
expect 0 "$gi" log append log --key log.key one two
expect 0 "$gi" log verify log --vkey-file vkey --state seen
cp log/checkpoint checkpoint.2
printf three >three
expect 0 "$gi" log append log --key log.key three --json
grep -q '"size": 3' out || { echo "FAIL: append --json size"; fail=1; }
expect 0 "$gi" log verify log --vkey-file vkey --state seen
# the log rolled back to an older checkpoint: the monitor that saw 3 entries refuses it
cp log/checkpoint checkpoint.3
cp checkpoint.2 log/checkpoint
expect 1 "$gi" log verify log --vkey-file vkey --state seen
grep -q "shrank" err || { echo "FAIL: no 'shrank' in: $(cat err)"; fail=1; }
cp checkpoint.3 log/checkpoint
# an entry changed under the same tiles
printf '\000\003thr' | dd of=log/tile/entries/000.p/3 bs=1 seek=10 conv=notrunc 2>/dev/null
expect 1 "$gi" log verify log --vkey-file vkey
expect 1 "$gi" log verify log --vkey-file vkey --json
grep -q '"verified": false' out || { echo "FAIL: verify --json"; fail=1; }
# a log grown past a full tile, read at an older checkpoint after its
# partial tile and bundle were deleted (C2SP tlog-tiles allows it once the
# full ones exist): read from the full ones; with those gone too, exit 2
expect 0 "$gi" log init big --name tea.example/big --key-out big.key
cp out big.vkey
n=0
while [ $n -lt 300 ]; do echo "b$n" > "b$n"; n=$((n + 1)); done
expect 0 "$gi" log append big --key big.key b[0-9] b[0-9][0-9] b[0-2][0-9][0-9]
cp big/checkpoint big300
while [ $n -lt 520 ]; do echo "c$n" > "c$n"; n=$((n + 1)); done
expect 0 "$gi" log append big --key big.key c[0-9]*
cp big300 big/checkpoint
rm big/tile/0/001.p/44 big/tile/entries/001.p/44
expect 0 "$gi" log verify big --vkey-file big.vkey
expect 0 "$gi" log prove big --entry b299 --vkey-file big.vkey --out b299.proof
expect 0 "$gi" log verify --proof b299.proof --entry b299 --vkey-file big.vkey
rm big/tile/entries/001
expect 2 "$gi" log verify big --vkey-file big.vkey
grep -q "big/tile/entries/001.p/44: not found, nor the full bundle big/tile/entries/001" err ||
	{ echo "FAIL: bundle gone: $(cat err)"; fail=1; }
# proofs
expect 0 "$gi" log prove log --index 1 --vkey-file vkey --out two.proof
expect 0 "$gi" log verify --proof two.proof --entry two --vkey-file vkey
expect 1 "$gi" log verify --proof two.proof --entry one --vkey-file vkey
expect 1 "$gi" log prove log --entry err --vkey-file vkey
expect 2 "$gi" log prove log --index 7 --vkey-file vkey
expect 2 "$gi" log prove log --index x --vkey-file vkey
expect 0 "$gi" log prove log --consistency 1 --vkey-file vkey --json
expect 2 "$gi" log verify log
expect 2 "$gi" log verify log --vkey not-a-key
expect 2 "$gi" log frobnicate log
# gi verify --log: every signed record is an entry, one checkpoint per run
expect 0 "$gi" keygen --key demo.key --cert demo.pem
expect 0 "$gi" log init rec --name tea.example/records --key-out rec.key
cp out rec.vkey
expect 2 "$gi" verify --spec "$src/specs/lai-chau-tea.xml" --report "$src/examples/lai-chau-2026.xml" \
	--sign-key demo.key --sign-cert demo.pem --out r0 --log rec
expect 1 "$gi" verify --spec "$src/specs/lai-chau-tea.xml" --report "$src/examples/lai-chau-2026.xml" \
	--sign-key demo.key --sign-cert demo.pem --out records --log rec --log-key rec.key
grep -q "Logged: entries 0..5" out || { echo "FAIL: no Logged line"; fail=1; }
# a report of one sample logs one entry, and says so
(head -4 "$src/examples/lai-chau-2026.csv"; grep "LC26-GT-001;" "$src/examples/lai-chau-2026.csv") > one.csv
expect 0 "$gi" verify --spec "$src/specs/lai-chau-tea.xml" --report one.csv \
	--sign-key demo.key --sign-cert demo.pem --out onerec --log rec --log-key rec.key
grep -q "^Logged: entry 6 of the log (checkpoint of 7 entries)" out || { echo "FAIL: one record logged: $(grep Logged out)"; fail=1; }
for r in records/*.xml; do
	expect 0 "$gi" log prove rec --entry "$r" --vkey-file rec.vkey --out p
	expect 0 "$gi" log verify --proof p --entry "$r" --vkey-file rec.vkey
done
expect 0 "$gi" log verify rec --vkey-file rec.vkey
exit $fail
