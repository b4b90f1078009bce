// Command tlogcheck checks a tenant's log as `leaseledger publish` wrote it, with an
// implementation of C2SP signed notes and tlog tiles that is not leaseledger's: Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog (Debian golang-golang-x-mod-dev).
//
//	tlogcheck DIR/<tenant> VKEY
//
// It opens DIR/<tenant>/checkpoint with VKEY (the C2SP verifier key keygen printed),
// authenticates every hash tile against the signed root with tlog.TileHashReader, compares
// each tile file with the tile tlog computes, and hashes every entry of every entry bundle
// to its leaf. tlog names tiles with their height (tile/8/L/N, tile/8/data/N); C2SP
// tlog-tiles fixes the height at 8 and leaves it out (tile/L/N, tile/entries/N), which
// c2spPath converts.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

func c2spPath(t tlog.Tile) string {
	p := strings.TrimPrefix(t.Path(), "tile/8/")
	if strings.HasPrefix(p, "data/") {
		p = "entries/" + strings.TrimPrefix(p, "data/")
	}
	return "tile/" + p
}

type dirReader struct{ dir string }

func (r dirReader) Height() int { return height }

func (r dirReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(filepath.Join(r.dir, c2spPath(t)))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (r dirReader) SaveTiles([]tlog.Tile, [][]byte) {}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlogcheck: "+format+"\n", args...)
	os.Exit(1)
}

// checkpoint opens the signed note with vkey and reads origin, size and root.
func checkpoint(dir, vkey string) (string, tlog.Tree) {
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		fail("%v", err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		fail("checkpoint: %v", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		fail("checkpoint text has fewer than 3 lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 1 {
		fail("checkpoint size %q", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		fail("checkpoint root %q", lines[2])
	}
	var h tlog.Hash
	copy(h[:], root)
	return lines[0], tlog.Tree{N: size, Hash: h}
}

// entries hashes every entry of level-0 tile t's bundle to its authenticated leaf.
func entries(dir string, t tlog.Tile, hr tlog.HashReader) int {
	data, err := os.ReadFile(filepath.Join(dir, c2spPath(tlog.Tile{H: height, L: -1, N: t.N, W: t.W})))
	if err != nil {
		fail("%v", err)
	}
	idx := make([]int64, t.W)
	for i := range idx {
		idx[i] = tlog.StoredHashIndex(0, t.N<<height+int64(i))
	}
	leaves, err := hr.ReadHashes(idx)
	if err != nil {
		fail("leaves of tile %s: %v", c2spPath(t), err)
	}
	for i := 0; i < t.W; i++ {
		if len(data) < 2 || len(data) < 2+int(binary.BigEndian.Uint16(data)) {
			fail("entry bundle of %s is truncated at entry %d", c2spPath(t), i)
		}
		n := int(binary.BigEndian.Uint16(data))
		if tlog.RecordHash(data[2:2+n]) != leaves[i] {
			fail("entry %d does not hash to its leaf", t.N<<height+int64(i))
		}
		data = data[2+n:]
	}
	if len(data) != 0 {
		fail("entry bundle of %s has %d bytes after its %d entries", c2spPath(t), len(data), t.W)
	}
	return t.W
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: tlogcheck DIR VKEY")
	}
	dir := os.Args[1]
	origin, tree := checkpoint(dir, os.Args[2])
	hr := tlog.TileHashReader(tree, dirReader{dir})
	if th, err := tlog.TreeHash(tree.N, hr); err != nil || th != tree.Hash {
		fail("tree hash: %v", err)
	}
	tiles, n := 0, 0
	for _, t := range tlog.NewTiles(height, 0, tree.N) {
		if t.W < 1<<height && int64(t.W) != (tree.N>>(height*t.L))%(1<<height) {
			continue // tlog lists every width a partial tile had; C2SP serves the last
		}
		want, err := tlog.ReadTileData(t, hr)
		if err != nil {
			fail("tile %s: %v", c2spPath(t), err)
		}
		got, err := os.ReadFile(filepath.Join(dir, c2spPath(t)))
		if err != nil || !bytes.Equal(got, want) {
			fail("tile %s differs from the authenticated tile (%v)", c2spPath(t), err)
		}
		tiles++
		if t.L == 0 {
			n += entries(dir, t, hr)
		}
	}
	if int64(n) != tree.N {
		fail("%d entries in the bundles, the checkpoint says %d", n, tree.N)
	}
	fmt.Printf("ok: %s: tree size %d, %d tiles and %d entries verified with sumdb/tlog and note\n",
		origin, tree.N, tiles, n)
}
