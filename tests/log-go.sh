#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The log checked by an implementation not written here: Go's
# golang.org/x/mod/sumdb/note and sumdb/tlog (Debian golang-go and
# golang-golang-x-mod-dev), built offline from /usr/share/gocode. It
# verifies gi's signed checkpoint with the verifier key gi printed,
# recomputes the tree hash from the tiles, checks every entry bundle, a
# tlog-proof gi produced and a consistency proof to an older checkpoint.
# SKIP (77) when Go or the package is missing.
set -eu
GOSRC=/usr/share/gocode
if ! command -v go >/dev/null 2>&1; then
	echo "SKIP: go is not installed (Debian: golang-go)"
	exit 77
fi
if [ ! -d "$GOSRC/src/golang.org/x/mod/sumdb/tlog" ]; then
	echo "SKIP: golang.org/x/mod is not installed (Debian: golang-golang-x-mod-dev)"
	exit 77
fi
GI=${GI_BIN:-cli/gi}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
GO111MODULE=off GOPATH=$GOSRC GOCACHE=$T/cache GOFLAGS= \
	go build -o "$T/verify" "$GI_SRCDIR/tests/log-go/verify.go"

cd "$T"
"$GI" log init log --name tea.example/log --key-out log.key >vkey
mkdir e
# 1000 entries in three batches: three full level-0 tiles, a partial one
# of width 232 and a level-1 partial tile of width 3
i=0
while [ $i -lt 1000 ]; do
	printf 'entry %d\n' $i >e/$i
	i=$((i + 1))
done
ls e | sort -n | sed -n '1,300p' | sed 's|^|e/|' | xargs "$GI" log append log --key log.key >/dev/null
cp log/checkpoint old-checkpoint
ls e | sort -n | sed -n '301,700p' | sed 's|^|e/|' | xargs "$GI" log append log --key log.key >/dev/null
ls e | sort -n | sed -n '701,1000p' | sed 's|^|e/|' | xargs "$GI" log append log --key log.key >/dev/null
test -f log/tile/0/002 && test -f log/tile/0/003.p/232 && test -f log/tile/1/000.p/3
"$GI" log prove log --entry e/517 --vkey-file vkey --out 517.proof
"$T/verify" log "$(cat vkey)" 517.proof e/517 old-checkpoint

fails() {
	if "$T/verify" "$@" >out 2>&1; then
		echo "FAIL: Go's verifier accepted: $*"
		exit 1
	fi
}
# the check can fail: another entry's bytes, another key, a changed tile
fails log "$(cat vkey)" 517.proof e/518
"$GI" log init other --name tea.example/log --key-out other.key >other-vkey
fails log "$(cat other-vkey)"
printf '\001' | dd of=log/tile/0/001 bs=1 seek=40 conv=notrunc 2>/dev/null
fails log "$(cat vkey)"
echo "PASS: Go's sumdb note and tlog verify the log"
