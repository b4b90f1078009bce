#!/usr/bin/env bash
# Red team F4 (issue 14): an evidence bundle must show that nothing was left out. The
# invoice of November is rated with a downtime record worth an SLA credit and a negative
# correction; it commits to what it was rated from (its basis), and its bundle verifies
# as complete. The operator then hands over the bundle without the downtime record, or
# without the correction (the attacker edits the bundle's entries): the verifier names
# the gap in the range the basis covers and the unmet commitment, and never says
# complete. (A bundle whose multi-proof the operator recomputed for the reduced set, and
# an invoice that ignored the record and committed to a set without it, are replayed in
# tests/unit/test_bundle.c: test_bundle_basis_*.)
source "$(dirname "$0")/lib.sh"

LV="$LDG_BIN/leaseledger-verify"
GEN="$LDG_BIN/gen_usage"
[[ -x "$LV" ]] || fail "no executable $LV: build first"
command -v jq >/dev/null || fail "jq is required"

fresh_db redteam_bundle
make_key
VK=$VERIFIER_KEY
expect_exit 0 "$LL" site load "$LDG_SRC/sample/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$LDG_SRC/sample/contract-anthropic.json"
"$GEN" --tenant anthropic --class mix --pod-gpus 1000 --meters 4 --energy-meters 1 \
    --hours 24 --start 2026-11-10T00:00:00Z --seed 14 >"$TMP/day.csv"
expect_exit 0 "$LL" ingest -q "$TMP/day.csv"
# 100,000 reserved H100-hours of downtime (0.2%): availability falls under the SLA target
cat >"$TMP/extra.csv" <<'CSV'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,pod-down,downtime,H100,2026-11-10T03:00:00Z,2026-11-10T05:00:00Z,100000,gpu_hour,redteam/down,
anthropic,colossus-1,hall-redteam,energy,,2026-11-10T05:00:00Z,2026-11-10T06:00:00Z,1.5,mwh,redteam/energy,
anthropic,colossus-1,hall-redteam,energy,,2026-11-10T05:00:00Z,2026-11-10T06:00:00Z,-0.5,mwh,redteam/fix,redteam/energy
CSV
expect_exit 0 "$LL" ingest -q "$TMP/extra.csv"
mkdir -p "$TMP/spool"
expect_exit 0 "$LL" nightly --spool "$TMP/spool" --as-of 2026-12-01T02:00:00Z --quiet
expect_exit 0 "$LL" invoice show C1-2026-000001 --format json
cp "$OUT" "$TMP/inv.json"
jq -e '.data.lines | map(select(.stream == "sla_credit")) | length == 1' "$TMP/inv.json" \
    >/dev/null || fail "the invoice has no SLA credit: $(cat "$TMP/inv.json")"
jq -e '.data.basis | (.count > 0) and (.from >= 0) and (.sha256 | length == 44)' \
    "$TMP/inv.json" >/dev/null || fail "the invoice carries no basis"

# --- the honest bundle is complete ------------------------------------------------------
B="$TMP/b.json"
expect_exit 0 "$LL" audit bundle --invoice C1-2026-000001 --out "$B"
expect_exit 0 "$LV" "$B" --vkey "$VK"
expect_contains "$OUT" "ok: C1-2026-000001: complete: the bundle holds all "
expect_contains "$OUT" "VERIFIED: tenant anthropic, "
expect_contains "$OUT" "; complete: nothing the invoices could be rated from was left out"
# the basis digest, recomputed with stock tools from the bundle's lines
FROM=$(jq -r .data.basis.from "$TMP/inv.json")
SIZE=$(jq -r .data.rated_from.size "$TMP/inv.json")
WANT=$(jq -r .data.basis.sha256 "$TMP/inv.json")
GOT=$(jq -j .entries "$B" | jq -r --argjson f "$FROM" --argjson s "$SIZE" '
    select((.kind == "contract" and .data.contract == "C1-ANTH")
        or (.kind == "usage" and .seq >= $f and .seq < $s
            and .data.site == "colossus-1")) | .seq' |
    openssl dgst -sha256 -binary | base64)
[[ "$GOT" == "$WANT" ]] || fail "basis digest by stock tools $GOT, invoice says $WANT"

# --- the operator leaves a tenant-favourable record out of the bundle -------------------
for ev in redteam/down redteam/fix; do
    jq -c --arg ev "$ev" '.entries |= (split("\n") | map(select(
        (fromjson? // {}) | .data.event_id != $ev)) | join("\n"))' "$B" |
        jq -cjS . >"$TMP/cut.json"
    [[ $(jq -j .entries "$TMP/cut.json" | wc -l) -lt $(jq -j .entries "$B" | wc -l) ]] ||
        fail "the edit removed nothing"
    expect_exit 1 "$LV" "$TMP/cut.json" --vkey "$VK"
    expect_contains "$OUT" "FAIL: C1-2026-000001: the bundle lacks 1 of the "
    expect_contains "$OUT" "FAIL: C1-2026-000001: it commits to "
    expect_not_contains "$OUT" "complete: the bundle holds"
    expect_contains "$OUT" "FAILED: "
done
echo "redteam_bundle: OK"
