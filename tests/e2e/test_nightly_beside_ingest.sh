#!/usr/bin/env bash
# Billing beside an ingest: `nightly` is run again and again while an ingest commits small
# chunks of the same tenant's November usage. Every run must succeed. Billing needs the
# usage sealed; sealed in a transaction of its own, the ingest's next chunk landed before
# billing locked the log head, every time, and after two seals the run gave up with
# "tenant ... has usage no checkpoint covers yet" (exit 1; 6 of 10 runs here before).
source "$(dirname "$0")/lib.sh"

GEN=$LDG_BIN/gen_usage
fresh_db nightly_ingest
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/sample/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$LDG_SRC/sample/contract-internal.json"
"$GEN" --tenant internal-training --meters 48 --energy-meters 2 --hours 27 \
    --start 2026-11-01T00:00:00Z --seed 200 --format ndjson >"$TMP/a.ndjson"
expect_exit 0 "$LL" ingest -q "$TMP/a.ndjson"
expect_exit 0 "$LL" nightly --as-of 2026-12-01T02:00:00Z
"$GEN" --tenant internal-training --meters 48 --energy-meters 2 --hours 100 \
    --start 2026-11-02T03:00:00Z --seed 201 --format ndjson >"$TMP/b.ndjson"
"$LL" ingest -q --chunk 20 "$TMP/b.ndjson" >"$TMP/ingest.out" 2>&1 &
ipid=$!
runs=0
while kill -0 "$ipid" 2>/dev/null; do
    runs=$((runs + 1))
    rc=0
    "$LL" nightly --as-of 2026-12-01T02:00:00Z >"$TMP/n.out" 2>"$TMP/n.err" || rc=$?
    ((rc == 0)) || fail "nightly run $runs beside the ingest exited $rc: $(cat "$TMP/n.out" "$TMP/n.err")"
done
wait "$ipid" || fail "the ingest failed: $(cat "$TMP/ingest.out")"
((runs >= 2)) || fail "only $runs nightly run overlapped the ingest"
expect_exit 0 "$LL" nightly --as-of 2026-12-01T02:00:00Z
expect_exit 0 "$LL" verify -q --vkey "$VERIFIER_KEY"
expect_contains "$OUT" " 0 problems"
echo "PASS: $TEST_NAME: $runs nightly runs beside an ingest of 20-record chunks"
