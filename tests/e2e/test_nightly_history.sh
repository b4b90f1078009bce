#!/usr/bin/env bash
# e2e.nightly_history: issue 16 item 2, `nightly history [--limit N] [--format
# table|json|csv]` lists the runs, the files each took and what became of their records,
# newest run first, from ledger.ingest_file (a row per file taken; files taken less than
# 30 minutes apart are one run).
source "$(dirname "$0")/lib.sh"

fresh_db nightly_history
make_key

cat >"$TMP/site.json" <<'EOF'
{"site": "tiny-1", "name": "Tiny test hall",
 "gpus": {"H100": 10, "H200": 4, "GB200": 2}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
cat >"$TMP/acme.json" <<'EOF'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs",
 "site": "tiny-1", "currency": "USD", "invoice_series": "AC",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 4, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF
expect_exit 0 "$LL" site load "$TMP/site.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"
AS_OF=2025-04-01T02:00:00Z
HEADER=tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects

expect_exit 0 "$LL" nightly history
expect_contains "$OUT" "no spool file taken yet"

# the first night: two files, one with a rejected record
SPOOL="$TMP/spool"
mkdir "$SPOOL"
printf '%s\n%s\n%s\n' "$HEADER" \
    "acme,tiny-1,pod-a,gpu,H100,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,2,gpu_hour,a1," \
    "acme,tiny-1,pod-a,gpu,H100,2025-03-10T01:00:00Z,2025-03-10T02:00:00Z,x,gpu_hour,a2," \
    >"$SPOOL/night1-a.csv"
printf '%s\n%s\n' "$HEADER" \
    "acme,tiny-1,pod-b,gpu,H100,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,2,gpu_hour,b1," \
    >"$SPOOL/night1-b.csv"
expect_exit 0 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
# ... which was a day ago (the superuser moves it back: the writer may not)
sql -c "UPDATE ledger.ingest_file SET taken_at = taken_at - interval '1 day'"

# the next night: one file, the same record again (a duplicate)
printf '%s\n%s\n' "$HEADER" \
    "acme,tiny-1,pod-b,gpu,H100,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,2,gpu_hour,b1," \
    "acme,tiny-1,pod-c,gpu,H100,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,2,gpu_hour,c1," \
    >"$SPOOL/night2.csv"
expect_exit 0 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"

expect_exit 0 "$LL" nightly history
expect_contains "$OUT" "run 2, "
expect_contains "$OUT" "run 1, "
expect_contains "$OUT" ": 1 file taken"
expect_contains "$OUT" ": 2 files taken"
[[ $(grep -n '^run 2' "$OUT" | cut -d: -f1) -lt $(grep -n '^run 1' "$OUT" | cut -d: -f1) ]] ||
    fail "the newest run is not first: $(cat "$OUT")"
grep -Eq '^  [0-9T:Z-]+ +1 +0 +1  [0-9a-f]{16} night1-a.csv$' "$OUT" ||
    fail "night1-a.csv's outcome is not shown: $(cat "$OUT")"
grep -Eq '^  [0-9T:Z-]+ +1 +1 +0  [0-9a-f]{16} night2.csv$' "$OUT" ||
    fail "night2.csv's outcome is not shown: $(cat "$OUT")"

expect_exit 0 "$LL" nightly history --limit 1 --format csv
expect_contains "$OUT" "run,taken,file,sha256,accepted,duplicates,rejected"
[[ $(wc -l <"$OUT") == 2 ]] || fail "--limit 1 shows more than the last run: $(cat "$OUT")"
SHA=$(sha256sum "$SPOOL/done/night2.csv" | cut -d' ' -f1)
grep -Eq "^2,[0-9T:Z-]+,night2.csv,$SHA,1,1,0$" "$OUT" || fail "csv row: $(cat "$OUT")"

expect_exit 0 "$LL" nightly history --format json
[[ $(jq length "$OUT") == 3 ]] || fail "json: $(cat "$OUT")"
[[ $(jq -r '[.[] | select(.run == 1) | .file] | sort | join(" ")' "$OUT") == \
    "night1-a.csv night1-b.csv" ]] || fail "json runs: $(cat "$OUT")"
[[ $(jq -r '.[0].file' "$OUT") == night2.csv ]] || fail "json order: $(cat "$OUT")"

expect_exit 64 "$LL" nightly history --limit 0
expect_exit 64 "$LL" nightly history --format pdf
expect_exit 0 "$LL" nightly history --help
expect_contains "$OUT" "Usage: leaseledger nightly history"
echo "ok: $TEST_NAME"
