#!/usr/bin/env bash
# Old databases migrate (issue 10): tests/data/prev-3074f33.sql is a ledger made by the
# previous release (main at 3074f33, tests/data/make_prev_db.sh): two tenants, 292 log
# entries, an invoice each for November 2026, a supplementary invoice and a credit note
# amending anthropic's, a payment. Restored, migrated (0012: GPU classes as data, the
# maintenance kind), it must verify whole under the key it was signed with, re-rate every
# document to what was issued (bill finds nothing to change; every invoice's bundle
# re-rates offline in leaseledger-verify), and read its site's capacity from the migrated
# classes. Nothing is built at test time.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"
LV="$LDG_BIN/leaseledger-verify"
PREV_VKEY="prev-operator+0e88bbe0+ARBiXG8mTq/a0WZ/Fhd7YUf4x+mFCY7F1j2bfEOJzfri"

fresh_db prev_release template0
sql -f "$LDG_SRC/tests/data/prev-3074f33.sql" >/dev/null || fail "the dump did not restore"
# each document as stored before the migration, to compare after it
for n in C1-2026-000001 C1-2026-000002 C1-2026-000003 INT-2026-000001; do
    expect_exit 0 "$LL" invoice show "$n" --format json
    cp "$OUT" "$TMP/before-$n"
done
expect_exit 0 "$LL" migrate
expect_contains "$OUT" "applied 1 migration"

expect_exit 0 "$LL" verify --vkey "$PREV_VKEY"
expect_contains "$OUT" "OK: 2 tenants, 292 entries"
[[ $(sql -c "SELECT string_agg(class || '=' || name, ',' ORDER BY class) FROM ledger.gpu_class") == \
    "1=H100,2=H200,3=GB200" ]] || fail "built-in classes not seeded"
[[ $(sql -c "SELECT string_agg(class || ':' || gpus || ':' || coalesce(kw_low_micros::text, '-'), ','
             ORDER BY class) FROM ledger.site_class") == "1:100000:-,2:50000:-,3:70000:-" ]] ||
    fail "site classes not migrated from the stored version"

# re-rating every period gives what was issued: nothing to bill
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-07T02:00:00Z --dry-run
expect_contains "$OUT" "unchanged: contract C1-INT (internal-training) period 2026-11"
expect_contains "$OUT" "unchanged: contract C1-ANTH (anthropic) period 2026-11"
expect_not_contains "$OUT" "issued"

# every document re-rates offline from its bundle, with the key it was signed with
expect_exit 0 "$LL" invoice list --format csv
tail -n +2 "$OUT" | cut -d, -f1 >"$TMP/numbers"
[[ $(wc -l <"$TMP/numbers") == 4 ]] || fail "expected 4 documents: $(cat "$OUT")"
while read -r n; do
    expect_exit 0 "$LL" audit bundle --invoice "$n" --out "$TMP/$n.json"
    expect_exit 0 "$LV" "$TMP/$n.json" --vkey "$PREV_VKEY"
    expect_contains "$OUT" "ok: $n: all "
    expect_contains "$OUT" "VERIFIED: tenant "
    expect_exit 0 "$LL" audit explain --invoice "$n" --format json
done <"$TMP/numbers"

# the documents' bytes do not change
for n in C1-2026-000001 C1-2026-000002 C1-2026-000003 INT-2026-000001; do
    expect_exit 0 "$LL" invoice show "$n" --format json
    cmp -s "$OUT" "$TMP/before-$n" || fail "invoice show $n changed across the migration"
done

# capacity from the migrated classes: colossus-1 has 100,000 H100 x 720 h in November
expect_exit 0 "$LL" report utilization --period 2026-11 --format json
[[ $(jq -r '.rows[] | select(.class == "H100" and .site == "colossus-1") | .capacity_gpu_h' "$OUT") == \
    "72000000.000000" ]] || fail "utilization capacity: $(cat "$OUT")"
expect_exit 0 "$LL" reconcile --period 2026-11 --format json
