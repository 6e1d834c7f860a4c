// SPDX-License-Identifier: GPL-3.0-or-later
//
// verify.go - checks a libgi log with an implementation not written for
// libgi: Go's golang.org/x/mod/sumdb/note (C2SP signed notes) and
// golang.org/x/mod/sumdb/tlog (RFC 6962 tree hashes, tiles, proofs), as
// Debian packages them (golang-golang-x-mod-dev).
//
// usage: verify DIR VERIFIER-KEY [PROOF-FILE ENTRY-FILE] [OLD-CHECKPOINT]
//
// It verifies DIR/checkpoint's signature with the verifier key, reads the
// tree's root hash from the tiles under DIR/tile (tlog.TileHashReader
// checks each tile it reads against the checkpoint), compares every entry
// of the entry bundles with its level-0 hash, checks the tlog-proof in
// PROOF-FILE for the bytes of ENTRY-FILE, and proves with tlog.ProveTree
// that the tree extends OLD-CHECKPOINT. Exit 0 when all hold.
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "verify.go: "+format+"\n", args...)
	os.Exit(1)
}

// checkpoint opens a signed checkpoint note and parses its body.
func checkpoint(msg []byte, v note.Verifier) (tlog.Tree, string) {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		fail("checkpoint: %v", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		fail("checkpoint: fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		fail("checkpoint root hash: %v", err)
	}
	var h tlog.Hash
	copy(h[:], raw)
	return tlog.Tree{N: size, Hash: h}, lines[0]
}

// tiles reads C2SP tlog-tiles paths: Go names them tile/8/L/N, tlog-tiles
// tile/L/N (and tile/entries/N for Go's tile/8/data/N).
type tiles struct{ dir string }

func (t tiles) Height() int { return 8 }

func (t tiles) path(tl tlog.Tile) string {
	p := strings.TrimPrefix(tl.Path(), "tile/8/")
	p = strings.Replace(p, "data/", "entries/", 1)
	return filepath.Join(t.dir, "tile", p)
}

func (t tiles) ReadTiles(ts []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(ts))
	for i, tl := range ts {
		b, err := os.ReadFile(t.path(tl))
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (t tiles) SaveTiles([]tlog.Tile, [][]byte) {}

func main() {
	if len(os.Args) < 3 {
		fail("usage: verify DIR VERIFIER-KEY [PROOF-FILE ENTRY-FILE] [OLD-CHECKPOINT]")
	}
	dir := os.Args[1]
	v, err := note.NewVerifier(os.Args[2])
	if err != nil {
		fail("verifier key: %v", err)
	}
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		fail("%v", err)
	}
	tree, origin := checkpoint(msg, v)
	if origin != v.Name() {
		fail("checkpoint origin %q is not the key's name %q", origin, v.Name())
	}
	tr := tiles{dir}
	thr := tlog.TileHashReader(tree, tr)
	root, err := tlog.TreeHash(tree.N, thr)
	if err != nil {
		fail("tree hash from the tiles: %v", err)
	}
	if root != tree.Hash {
		fail("tree hash from the tiles %v is not the checkpoint's %v", root, tree.Hash)
	}

	// every entry bundle against the level-0 hashes
	for start := int64(0); start < tree.N; start += 256 {
		w := tree.N - start
		if w > 256 {
			w = 256
		}
		tl := tlog.Tile{H: 8, L: -1, N: start / 256, W: int(w)}
		b, err := os.ReadFile(tr.path(tl))
		if err != nil {
			fail("%v", err)
		}
		idx := make([]int64, w)
		for i := range idx {
			idx[i] = tlog.StoredHashIndex(0, start+int64(i))
		}
		hs, err := thr.ReadHashes(idx)
		if err != nil {
			fail("level-0 hashes: %v", err)
		}
		for i := int64(0); i < w; i++ {
			if len(b) < 2 || len(b) < 2+int(b[0])<<8|int(b[1]) {
				fail("%s: entry %d cut short", tr.path(tl), start+i)
			}
			n := int(b[0])<<8 | int(b[1])
			if tlog.RecordHash(b[2:2+n]) != hs[i] {
				fail("%s: entry %d does not hash to its level-0 hash", tr.path(tl), start+i)
			}
			b = b[2+n:]
		}
		if len(b) != 0 {
			fail("%s: bytes after the last entry", tr.path(tl))
		}
	}
	fmt.Printf("checkpoint signed by %s, %d entries, tiles and bundles give root %v\n", v.Name(), tree.N, tree.Hash)

	if len(os.Args) >= 5 {
		pf, err := os.ReadFile(os.Args[3])
		if err != nil {
			fail("%v", err)
		}
		entry, err := os.ReadFile(os.Args[4])
		if err != nil {
			fail("%v", err)
		}
		// c2sp.org/tlog-proof@v1: header, index, proof hashes, blank line, checkpoint
		parts := bytes.SplitN(pf, []byte("\n\n"), 2)
		if len(parts) != 2 {
			fail("tlog-proof: no blank line")
		}
		lines := strings.Split(string(parts[0]), "\n")
		if lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "index ") {
			fail("tlog-proof: bad header")
		}
		index, err := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
		if err != nil {
			fail("tlog-proof index: %v", err)
		}
		var p tlog.RecordProof
		for _, l := range lines[2:] {
			raw, err := base64.StdEncoding.DecodeString(l)
			if err != nil || len(raw) != tlog.HashSize {
				fail("tlog-proof hash: %v", err)
			}
			var h tlog.Hash
			copy(h[:], raw)
			p = append(p, h)
		}
		pt, _ := checkpoint(parts[1], v)
		if err := tlog.CheckRecord(p, pt.N, pt.Hash, index, tlog.RecordHash(entry)); err != nil {
			fail("tlog-proof: %v", err)
		}
		fmt.Printf("tlog-proof: entry %d is in the tree of %d entries\n", index, pt.N)
	}
	if len(os.Args) == 6 || len(os.Args) == 4 {
		old, err := os.ReadFile(os.Args[len(os.Args)-1])
		if err != nil {
			fail("%v", err)
		}
		ot, _ := checkpoint(old, v)
		p, err := tlog.ProveTree(tree.N, ot.N, thr)
		if err != nil {
			fail("consistency proof: %v", err)
		}
		if err := tlog.CheckTree(p, tree.N, tree.Hash, ot.N, ot.Hash); err != nil {
			fail("consistency: %v", err)
		}
		fmt.Printf("the tree of %d entries extends the checkpoint of %d entries\n", tree.N, ot.N)
	}
}
