#!/usr/bin/env python3
"""The operator who lies consistently, for tests/e2e/test_publish.sh.

    tlog_forge.py DIR [SEQ OLD NEW]

Replaces the first OLD by NEW in entry SEQ of the published log DIR (DIR/<tenant>, the
layout of ledger/publish.h), rewrites that entry bundle and every tile of the tree from
the entries (RFC 9162 hashes, C2SP tlog-tiles paths), and prints the checkpoint text
(origin, size, root) of the result, for the test to sign with the operator's key. Only
the files of the checkpoint's tree are rewritten. Written from DESIGN.md and the specs,
not from the C code.
"""
import base64
import hashlib
import os
import sys


def sha(b):
    return hashlib.sha256(b).digest()


def tile_path(level, n, w):
    s = str(n)
    s = "0" * ((3 - len(s) % 3) % 3) + s
    parts = [s[i:i + 3] for i in range(0, len(s), 3)]
    p = "/".join(["x" + x for x in parts[:-1]] + [parts[-1]])
    return f"tile/{level}/{p}" + (f".p/{w}" if w < 256 else "")


def mth(leaves):
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return sha(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))


def main():
    d = sys.argv[1]
    origin, size = open(os.path.join(d, "checkpoint"), "rb").read().split(b"\n")[:2]
    size = int(size)
    entries = []
    for n in range((size + 255) // 256):
        w = min(256, size - 256 * n)
        data = open(os.path.join(d, tile_path("entries", n, w)), "rb").read()
        for _ in range(w):
            ln = int.from_bytes(data[:2], "big")
            entries.append(data[2:2 + ln])
            data = data[2 + ln:]
    if len(sys.argv) == 5:
        seq, old, new = int(sys.argv[2]), sys.argv[3].encode(), sys.argv[4].encode()
        assert old in entries[seq], f"{old!r} is not in entry {seq}"
        entries[seq] = entries[seq].replace(old, new, 1)
    level = [sha(b"\x00" + e) for e in entries]
    for n in range((size + 255) // 256):
        chunk = entries[256 * n:256 * n + 256]
        with open(os.path.join(d, tile_path("entries", n, len(chunk))), "wb") as f:
            f.write(b"".join(len(e).to_bytes(2, "big") + e for e in chunk))
    lv = 0
    while level:
        for n in range((len(level) + 255) // 256):
            chunk = level[256 * n:256 * n + 256]
            path = os.path.join(d, tile_path(lv, n, len(chunk)))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(b"".join(chunk))
        level = [mth(level[256 * i:256 * i + 256]) for i in range(len(level) // 256)]
        lv += 1
    root = mth([sha(b"\x00" + e) for e in entries])
    sys.stdout.write(f"{origin.decode()}\n{size}\n{base64.b64encode(root).decode()}\n")


main()
