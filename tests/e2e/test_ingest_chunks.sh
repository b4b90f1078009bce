#!/usr/bin/env bash
# Ingest reads and parses the next chunk on a second thread while it stores the current
# one (ledger/store/ingest.c, "Parsing ahead"). Whatever the chunk size, so however many
# times the two threads hand a batch back and forth, one mixed file (good records,
# in-file duplicates and conflicts, malformed records, unknown tenant and site, blank
# lines, a line too long to hold) must give the same stored rows, leaves (the widest
# level-0 row of each tile: smaller chunks also leave the narrower rows each chunk
# wrote) and rollups, the same summary, the same rejects file and the same rejected
# lines; run again, it must add nothing (exactly once).
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
cd "$TMP" || fail "cd $TMP"

# One file from the fixtures' data lines (they share one header), with blank lines and a
# 70,000-byte line in the middle.
mixed=mixed.csv
head -n 1 "$CASES/usage-good.csv" >"$mixed"
for f in usage-good.csv usage-duplicates.csv usage-bad-record.csv; do
    tail -n +2 "$CASES/$f" >>"$mixed"
done
printf '\n   \n' >>"$mixed"
{
    printf 'anthropic,colossus-1,pod-0001,gpu,H100,2026-11-10T00:00:00Z,2026-11-10T01:00:00Z,1,gpu_hour,'
    head -c 70000 /dev/zero | tr '\0' x
    echo
} >>"$mixed"
for f in usage-bad-time.csv usage-bad-quantity.csv; do
    tail -n +2 "$CASES/$f" >>"$mixed"
done
lines=$(wc -l <"$mixed")
((lines > 40)) || fail "the mixed file has only $lines lines"

state()
{
    sql -c "SELECT md5(string_agg(u::text, ',' ORDER BY u.tenant_id, u.seq)) FROM
                (SELECT tenant_id, seq, start_at, end_at, qty_micros, site_id, kind, class,
                        meter, event_id, corrects FROM ledger.usage) u" \
        -c "SELECT md5(string_agg(t::text, ',' ORDER BY t.tenant_id, t.level, t.idx))
                FROM (SELECT DISTINCT ON (tenant_id, level, idx) tenant_id, level, idx,
                      width, hashes FROM ledger.log_tile
                      ORDER BY tenant_id, level, idx, width DESC) t" \
        -c "SELECT md5(string_agg(h::text, ',' ORDER BY h.tenant_id, h.hour, h.site_id,
                h.kind, h.class)) FROM ledger.usage_hourly h" \
        -c "SELECT string_agg(tenant_id || ':' || size, ',' ORDER BY tenant_id)
                FROM ledger.log_head"
}

# ingest_with CHUNK: a fresh database, the mixed file ingested with --chunk CHUNK;
# leaves $TMP/out-CHUNK (summary), err-CHUNK (rejected lines, "FILE:LINE:" only: the
# wording of a conflict says whether its first use was in the same chunk), rejects-CHUNK
# and state-CHUNK.
ingest_with()
{
    local c=$1
    fresh_db "chunks_$c"
    expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
    expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
    expect_exit 65 "$LL" ingest -q --chunk "$c" --rejects "rejects-$c.csv" "$mixed"
    cp "$OUT" "out-$c"
    grep -o "^$mixed:[0-9]*:" "$ERR" >"err-$c" || true
    state >"state-$c"
}

for c in 1000 1 2 3 7; do
    ingest_with "$c"
done
expect_contains out-1000 "$mixed: "
[[ -s err-1000 && -s rejects-1000.csv ]] || fail "no rejected line in the mixed file"
[[ $(awk 'length > 70000' rejects-1000.csv | wc -l) == 1 ]] ||
    fail "the over-long line is not in the rejects file"
for c in 1 2 3 7; do
    for f in out err state; do
        cmp -s "$f-1000" "$f-$c" ||
            fail "--chunk $c: $f differs from --chunk 1000: $(diff "$f-1000" "$f-$c")"
    done
    cmp -s rejects-1000.csv "rejects-$c.csv" ||
        fail "--chunk $c: the rejects file differs from --chunk 1000's"
done

# Exactly once: the same file again (small chunks) adds no row, and counts the records
# stored before as duplicates.
expect_exit 65 "$LL" ingest -q --chunk 2 "$mixed"
state >state-again
cmp -s state-7 state-again || fail "ingesting the file again changed the log"
accepted=$(sed -n "s/.* \([0-9]*\) accepted.*/\1/p" out-7)
expect_contains "$OUT" " 0 accepted, $((accepted + $(sed -n "s/.* \([0-9]*\) duplicates.*/\1/p" out-7))) duplicates"
echo "ok"
