#!/usr/bin/env bash
# publish and monitor end to end (ledger/publish.h, ledger/monitor.h; DESIGN.md "The
# published log"). publish writes exactly the tiles of the signed tree, byte-identical to
# the stored ones, with the checkpoint `checkpoint` prints; a second run after appends
# writes only new or grown files and leaves every full tile as it was (same inode, same
# mtime); a third writes nothing; no temporary file is left and a link under DIR is
# refused. The monitor accepts the honest log from zero and then incrementally (a new
# invoice re-rated), and refuses, leaving its state as it was, each of: a flipped byte in
# a tile, in an entry, a truncated entry bundle, a rolled-back tree, a forked root at the
# kept size, a forged checkpoint, an invoice whose lines do not re-rate. The operator who
# lies consistently is played by tlog_forge.py (tiles rebuilt in Python from the edited
# entries) and openssl (the checkpoint re-signed with the operator's own key).
source "$(dirname "$0")/lib.sh"

LV="$LDG_BIN/leaseledger-verify"
FORGE="$LDG_SRC/tests/e2e/tlog_forge.py"
CASES="$LDG_SRC/tests/cases/ledger"
[[ -x "$LV" ]] || fail "no executable $LV: build first"
for tool in python3 openssl perl; do
    command -v "$tool" >/dev/null || fail "$tool is required"
done

fresh_db publish
make_key
KEY_NAME=${VERIFIER_KEY%%+*}
KEY_HEX=${VERIFIER_KEY#*+}
KEY_HEX=${KEY_HEX%%+*}
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
awk -v n=600 -f "$CASES/gen_usage.awk" >"$TMP/u600.csv"
expect_exit 0 "$LL" ingest -q "$TMP/u600.csv"
expect_exit 0 "$LL" seal -q

P="$TMP/log"
A="$P/anthropic"
# --- the first publish ---------------------------------------------------------------------
expect_exit 0 "$LL" publish --out "$P"
expect_contains "$OUT" "published anthropic: tree size 601 (was 0), 4 tiles and 3 entry bundles written"
(cd "$A" && find . \( -type f -o -type l \) | sort) >"$TMP/files"
printf '%s\n' ./checkpoint ./tile/0/000 ./tile/0/001 ./tile/0/002.p/89 ./tile/1/000.p/2 \
    ./tile/entries/000 ./tile/entries/001 ./tile/entries/002.p/89 >"$TMP/want"
diff "$TMP/want" "$TMP/files" || fail "publish wrote other files than the tree of size 601's"
expect_exit 0 "$LL" checkpoint --tenant anthropic
cmp -s "$OUT" "$A/checkpoint" || fail "the published checkpoint is not what 'checkpoint' prints"
# tile_db LEVEL IDX WIDTH: the stored row, in hex
tile_db()
{
    sql -c "SELECT encode(hashes, 'hex') FROM ledger.log_tile JOIN ledger.tenant
            USING (tenant_id) WHERE tenant = 'anthropic' AND level = $1 AND idx = $2
            AND width = $3"
}
hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }
[[ $(hex "$A/tile/0/000") == $(tile_db 0 0 256) ]] || fail "tile/0/000 differs from the store's"
[[ $(hex "$A/tile/0/002.p/89") == $(tile_db 0 2 89) ]] || fail "tile/0/002.p/89 differs"
[[ $(hex "$A/tile/1/000.p/2") == $(tile_db 1 0 2) ]] || fail "tile/1/000.p/2 differs"
# an entry bundle: 256 entries, each a big-endian uint16 length and the canonical bytes
python3 - "$A/tile/entries/000" <<'PY' || fail "entries/000 is not 256 framed entries"
import sys
d = open(sys.argv[1], "rb").read()
n = 0
while d:
    ln = int.from_bytes(d[:2], "big")
    assert len(d) >= 2 + ln
    e, d = d[2:2 + ln], d[2 + ln:]
    assert e.startswith(b'{"data":{') and e.endswith(b'"seq":%d,"tenant":"anthropic","v":1}' % n)
    n += 1
assert n == 256, n
PY
[[ -z $(find "$P" -name '.*') ]] || fail "publish left a temporary file: $(find "$P" -name '.*')"

# --- the monitor, from zero -----------------------------------------------------------------
S="$TMP/state"
expect_exit 0 "$LV" monitor "$A" --vkey "$VERIFIER_KEY" --state "$S"
expect_contains "$OUT" "MONITORED: tree size 0 -> 601, 601 new entries, 0 documents re-rated"
cp "$S" "$TMP/state601"
cp -a "$A" "$TMP/pub601"
(cd "$A" && find tile -type f -printf '%p %i %T@\n' | sort) >"$TMP/before"

# --- appends, an invoice, the second publish: only new or grown files --------------------------
awk -v n=1200 -f "$CASES/gen_usage.awk" >"$TMP/u1200.csv"
expect_exit 0 "$LL" ingest -q "$TMP/u1200.csv"
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" bill --period 2026-11 --tenant anthropic --as-of 2026-12-02T02:00:00Z
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" publish --out "$P" --tenant anthropic
expect_contains "$OUT" "published anthropic: tree size 1202 (was 601), 4 tiles and 3 entry bundles written"
(cd "$A" && find tile -type f -printf '%p %i %T@\n' | sort) >"$TMP/after"
# every file of the first run is there untouched: full tiles, and the old partial ones
# for readers still on the old checkpoint
while read -r line; do
    grep -qxF "$line" "$TMP/after" || fail "the second publish rewrote ${line%% *}"
done <"$TMP/before"
for f in tile/0/002 tile/0/003 tile/0/004.p/178 tile/1/000.p/4 tile/entries/004.p/178; do
    [[ -f "$A/$f" ]] || fail "the second publish did not write $f"
done
expect_exit 0 "$LL" checkpoint --tenant anthropic
cmp -s "$OUT" "$A/checkpoint" || fail "the second checkpoint is not the store's latest"
expect_exit 0 "$LL" publish --out "$P"
expect_contains "$OUT" "tree size 1202 (was 1202), 0 tiles and 0 entry bundles written, 0 bytes"
[[ -z $(find "$P" -name '.*') ]] || fail "publish left a temporary file"

# --- the monitor, incrementally: the new entries and the invoice ------------------------------
expect_exit 0 "$LV" monitor "$A" --vkey "$VERIFIER_KEY" --state "$S"
expect_contains "$OUT" "ok: C1-2026-000001 (seq 1201): "
expect_contains "$OUT" "MONITORED: tree size 601 -> 1202, 601 new entries, 1 document re-rated"
cp "$S" "$TMP/state1202"
expect_exit 0 "$LV" monitor "$A" --vkey "$VERIFIER_KEY" --state "$S" -q
expect_contains "$OUT" "MONITORED: tree size 1202 -> 1202, 0 new entries"

# --- what the monitor must refuse ---------------------------------------------------------------
T="$TMP/bad"
# flip_byte FILE POS: xor the byte at POS with 0x01, in place
flip_byte()
{
    perl -e 'open(my $f, "+<", $ARGV[0]) or die; binmode $f; seek($f, $ARGV[1], 0);
             read($f, my $c, 1); seek($f, $ARGV[1], 0); print $f chr(ord($c) ^ 1);' "$1" "$2"
}
fresh_copy()
{
    rm -rf "$T"
    cp -a "$A" "$T"
}
# forge ARGS...: tlog_forge.py on $T, and its checkpoint signed with the operator's key
forge()
{
    python3 "$FORGE" "$T" "$@" >"$TMP/body" || fail "tlog_forge.py $*"
    openssl pkeyutl -sign -rawin -inkey "$LEASELEDGER_KEY" -in "$TMP/body" -out "$TMP/sig" ||
        fail "openssl could not sign with the operator's key"
    {
        cat "$TMP/body"
        printf '\n\xe2\x80\x94 %s %s\n' "$KEY_NAME" \
            "$({ perl -e 'print pack("H*", shift)' "$KEY_HEX"; cat "$TMP/sig"; } | base64 -w0)"
    } >"$T/checkpoint"
}
# refused KEPT TEXT...: the monitor, from the state KEPT, exits 1 printing every TEXT,
# and leaves the state as it was
refused()
{
    local kept=$1
    shift
    cp "$kept" "$TMP/s"
    expect_exit 1 "$LV" monitor "$T" --vkey "$VERIFIER_KEY" --state "$TMP/s"
    for text in "$@"; do
        expect_contains "$OUT" "$text"
    done
    expect_contains "$OUT" "; the state is unchanged"
    cmp -s "$kept" "$TMP/s" || fail "a refused run changed the state"
}
# the honest copy passes, and the forger rebuilds the very same files
fresh_copy
forge
diff -r "$A" "$T" >/dev/null || fail "tlog_forge.py does not rebuild the published log as is"
cp "$TMP/state601" "$TMP/s"
expect_exit 0 "$LV" monitor "$T" --vkey "$VERIFIER_KEY" --state "$TMP/s"

fresh_copy
flip_byte "$T/tile/0/003" 4000
refused "$TMP/state601" "FAIL: entry seq 893 does not hash to its leaf"
fresh_copy
flip_byte "$T/tile/1/000.p/4" 70
refused "$TMP/state601" "FAIL: "
fresh_copy
flip_byte "$T/tile/entries/003" 500
refused "$TMP/state601" "FAIL: entry seq " "does not hash to its leaf"
fresh_copy
truncate -s -7 "$T/tile/entries/004.p/178"
refused "$TMP/state601" 'FAIL: entry bundle "tile/entries/004.p/178" is truncated'
# rolled back: the tree of 601 shown to a tenant who kept 1202
rm -rf "$T"
cp -a "$TMP/pub601" "$T"
refused "$TMP/state1202" "is shorter than the kept one" "FORK: " "--- kept (tree size 1202)" \
    "--- published (tree size 601)"
# a fork at the kept size: one usage record rewritten, the tree re-signed
fresh_copy
forge 5 '"quantity":"1' '"quantity":"2'
refused "$TMP/state1202" "has another root than the kept one of the same size 1202: a fork" \
    "FORK: " "--- kept (tree size 1202)" "--- published (tree size 1202)"
# the same forged tree against a tenant who kept 601: no proof of consistency
refused "$TMP/state601" "do not prove the kept tree of size 601 a prefix" "FORK: "
# publish refuses to add to a directory that holds another history of the tenant
mkdir -p "$TMP/otherhist"
cp -a "$T" "$TMP/otherhist/anthropic"
expect_exit 1 "$LL" publish --out "$TMP/otherhist"
expect_contains "$ERR" 'the directory holds another history of tenant "anthropic"'
cmp -s "$T/checkpoint" "$TMP/otherhist/anthropic/checkpoint" || fail "a refused publish wrote"
# a forged checkpoint: a byte of the signed text changed
fresh_copy
flip_byte "$T/checkpoint" $(($(head -n 2 "$T/checkpoint" | wc -c) + 3))
refused "$TMP/state601" "FAIL: " "forged, or not the operator's"
# an invoice whose lines do not re-rate, consistently signed by the operator
fresh_copy
forge 1201 '"quantity":"50400000.000000"' '"quantity":"50400001.000000"'
refused "$TMP/state601" "FAIL: C1-2026-000001 line 1 (gpu_reserved H100" \
    "does not match re-rating: quantity 50400001.000000"

# --- C2SP tlog-proof: printed, checked, and refused when anything in it changes --------------
expect_exit 0 "$LL" audit proof --tenant anthropic --seq 1201
cp "$OUT" "$TMP/inv.tlog-proof"
[[ $(head -n 1 "$TMP/inv.tlog-proof") == c2sp.org/tlog-proof@v1 ]] || fail "no tlog-proof header"
[[ $(sed -n 3p "$TMP/inv.tlog-proof") == "index 1201" ]] || fail "no index line"
tail -n 5 "$TMP/inv.tlog-proof" | cmp -s - "$A/checkpoint" || fail "the proof's note is not the checkpoint"
expect_exit 0 "$LV" proof "$TMP/inv.tlog-proof" --vkey "$VERIFIER_KEY"
expect_contains "$OUT" 'VERIFIED: entry seq 1201 (invoice) is in the log "test-operator/anthropic" of tree size 1202'
# against an older checkpoint, which the tenant may have kept
expect_exit 0 "$LL" audit proof --tenant anthropic --seq 7 --size 601
cp "$OUT" "$TMP/u7.tlog-proof"
expect_exit 0 "$LV" proof "$TMP/u7.tlog-proof" --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "VERIFIED: entry seq 7 (usage) is in the log"
expect_contains "$OUT" "of tree size 601"
# another index, a changed proof hash, a changed entry, another key: each refused
sed 's/^index 7$/index 8/' "$TMP/u7.tlog-proof" >"$TMP/bad.tlog-proof"
expect_exit 1 "$LV" proof "$TMP/bad.tlog-proof" --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "FAILED: the entry is not proven in the signed log"
cp "$TMP/u7.tlog-proof" "$TMP/bad.tlog-proof"
flip_byte "$TMP/bad.tlog-proof" $(($(head -n 3 "$TMP/u7.tlog-proof" | wc -c) + 5))
expect_exit 1 "$LV" proof "$TMP/bad.tlog-proof" --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "FAIL: "
extra=$(sed -n 2p "$TMP/u7.tlog-proof" | cut -d' ' -f2 | base64 -d | sed 's/"quantity":"1/"quantity":"2/' | base64 -w0)
sed "2s|.*|extra $extra|" "$TMP/u7.tlog-proof" >"$TMP/bad.tlog-proof"
expect_exit 1 "$LV" proof "$TMP/bad.tlog-proof" --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "does not match the root"
expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/other.key"
expect_exit 1 "$LV" proof "$TMP/u7.tlog-proof" --vkey "$(tail -n 1 "$OUT")"
expect_exit 1 "$LL" audit proof --tenant anthropic --seq 7 --size 600
expect_contains "$ERR" 'no checkpoint of tree size 600'
expect_exit 65 "$LL" audit proof --tenant anthropic --seq 1202
expect_exit 64 "$LL" audit proof --tenant anthropic

# --- usage errors and refusals -------------------------------------------------------------------
expect_exit 64 "$LV" monitor "$A" --vkey "$VERIFIER_KEY"
expect_exit 78 "$LV" monitor "$A" --vkey "nope+00000000+AAAA" --state "$TMP/s2"
expect_exit 65 "$LV" monitor "$A" --vkey "$VERIFIER_KEY" --state "$TMP/u600.csv"
expect_exit 0 "$LV" monitor --help
expect_contains "$OUT" "Usage: leaseledger-verify monitor DIR --vkey VKEY --state FILE"
expect_exit 0 "$LL" publish --help
expect_exit 64 "$LL" publish
expect_exit 1 "$LL" publish --out "$P" --tenant nobody
expect_contains "$ERR" 'unknown tenant "nobody"'
# a symbolic link under DIR is refused, and what it points at is left alone
mkdir -p "$TMP/evil/anthropic" "$TMP/elsewhere"
ln -s "$TMP/elsewhere" "$TMP/evil/anthropic/tile"
expect_exit 74 "$LL" publish --out "$TMP/evil"
expect_contains "$ERR" "symbolic link"
ln -s "$TMP/elsewhere" "$TMP/evil2"
expect_exit 73 "$LL" publish --out "$TMP/evil2"
[[ -z $(ls -A "$TMP/elsewhere") ]] || fail "publish wrote through a symbolic link"

echo "PASS: $TEST_NAME"
