#!/usr/bin/env bash
# e2e.billing_edges: rating at the edges of a contract (issue 17 points 1 and 2, DESIGN.md
# "Billing rules" and "Reconciliation"), and the correction-overflow replay (issue 14 F7).
#
#   1. A record crossing the contract's start is accepted; the part inside the term is
#      billed by the split rule, the part before it is an outside_term (info) finding; a
#      record wholly outside every contract is still rejected. The evidence bundle of the
#      invoice verifies offline, with the crossing record in it.
#   2. A record crossing from one contract of a tenant into the next: each bills its part.
#   3. Downtime of a class in hours where the class has no terms (before the amendment
#      that gives it a reservation) is ignored by rating: a downtime_no_terms (warn)
#      finding per record, and a line in `audit explain`.
#   4. F7: a correction whose sum with the record it corrects overflows int64 is a clear
#      reject, not a sanitizer abort.
#
# Every figure is worked out by hand in the comments, from the contracts and the records.
# The split rule: the part of a record [s, e) of quantity q before x is
# F(x) = trunc(q x (x - s) / (e - s)).
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"
LV="$LDG_BIN/leaseledger-verify"

fresh_db edges
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"

load_contract()
{
    cat >"$TMP/contract.json"
    expect_exit 0 "$LL" contract load "$TMP/contract.json"
}

# usage_csv FILE < CSV: the records on stdin with the header.
usage_csv()
{
    {
        echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
        cat
    } >"$1"
}

# lines NUMBER: the invoice's lines, one per line, instants shortened to the hour.
lines()
{
    expect_exit 0 "$LL" invoice show "$1" --format json
    jq -r '.data as $d | "total=\($d.total)",
        ($d.lines[] | [.stream, (.class // "-"), (.from | sub(":00:00Z$"; "")),
                       (.to | sub(":00:00Z$"; "")), .quantity, .unit, .rate, .amount]
                    | join(" "))' "$OUT" >"$TMP/got"
}

# same FILE: $TMP/got equals FILE's contents (stdin).
same()
{
    cat >"$TMP/want"
    if ! diff -u "$TMP/want" "$TMP/got" >&2; then
        fail "$1 differs from the hand-worked figures (- expected, + got)"
    fi
}

# =========================================================================================
# 1. Across the contract's start.
#
# EDGE-1 starts 2026-11-10T00:00Z; H100 reserved 0 (nothing take-or-pay), overage 2.00.
#   e-cross 2026-11-09T23:00 .. 2026-11-10T01:00, 2000 GPU-h (1000 GPUs for 2 h, the
#     site's 1000 H100: physically possible): accepted.
#     F(2026-11-10T00:00) = trunc(2000 x 3600 / 7200) = 1000 before the term, not billed;
#     1000 inside: gpu_overage 1000 x 2.00 = 2000.00, window [Nov 10, Dec 1).
#   e-out   2026-11-09T21:00 .. 22:00, 10 GPU-h: wholly before the term: rejected.
# =========================================================================================
load_contract <<'EOF'
{"contract": "EDGE-1", "tenant": "edge", "tenant_name": "Edge Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "EDGE",
 "starts": "2026-11-10T00:00:00Z", "ends": "2027-11-10T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 0, "rate": "1.000000", "overage_rate": "2.000000"}]}
EOF
usage_csv "$TMP/edge.csv" <<'EOF'
edge,lab-1,pod-a,gpu,H100,2026-11-09T23:00:00Z,2026-11-10T01:00:00Z,2000,gpu_hour,e-cross,
edge,lab-1,pod-a,gpu,H100,2026-11-09T21:00:00Z,2026-11-09T22:00:00Z,10,gpu_hour,e-out,
EOF
expect_exit 65 "$LL" ingest "$TMP/edge.csv"
expect_contains "$OUT" "2 records: 1 accepted, 0 duplicates, 1 rejected"
expect_contains "$ERR" "edge.csv:3: record 2026-11-09T21:00:00Z..2026-11-09T22:00:00Z at site \"lab-1\" lies outside every contract of tenant \"edge\""
expect_not_contains "$ERR" "edge.csv:2:"
# the rollups hold the record's pieces per hour, inside the term or not: 1000 + 1000
[[ $(sql -c "SELECT string_agg(to_char(hour AT TIME ZONE 'UTC', 'DD\"T\"HH24') || '=' || qty_micros,
             ' ' ORDER BY hour) FROM ledger.usage_hourly h JOIN ledger.tenant t USING (tenant_id)
             WHERE t.tenant = 'edge'") == "09T23=1000000000 10T00=1000000000" ]] ||
    fail "edge's hourly rollups are not 1000 + 1000"

expect_exit 0 "$LL" bill --period 2026-11 --tenant edge --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice EDGE-2026-000001 for contract EDGE-1 (edge): total 2000.00 USD"
lines EDGE-2026-000001
same EDGE-2026-000001 <<'EOF'
total=2000.00
gpu_overage H100 2026-11-10T00 2026-12-01T00 1000.000000 gpu_hour 2.000000 2000.00
EOF

# the outside part is an info finding: tenant, meter, hours, quantity
expect_exit 0 "$LL" reconcile --period 2026-11 --tenant edge --as-of 2026-12-01T02:00:00Z \
    --format json
jq -r '.[] | select(.kind == "outside_term") | [.severity, .tenant, .contract, .meter,
        .class, .usage, .from, .to, .numbers.outside_quantity, .numbers.record_quantity,
        .records[0].event_id] | join(" ")' "$OUT" >"$TMP/got"
same "edge's outside_term finding" <<'EOF'
info edge EDGE-1 pod-a H100 gpu 2026-11-09T23:00:00Z 2026-11-10T00:00:00Z 1000.000000 2000.000000 e-cross
EOF
expect_exit 0 "$LL" reconcile --period 2026-11 --tenant edge --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "outside_term: H100 gpu record \"e-cross\" (seq 1, 2026-11-09T23:00:00Z..2026-11-10T01:00:00Z, 2000.000000): 1000.000000 GPU-h outside every contract term, not billed"

# audit explain counts the crossing record by its piece inside the window
expect_exit 0 "$LL" audit explain --invoice EDGE-2026-000001
expect_contains "$OUT" "used: 1000.000000 gpu_hour, the sum of 1 gpu record of class H100 (0 corrections, 1 split at the window's edges)"
expect_not_contains "$OUT" "NOT the invoice"

# the invoice's evidence bundle carries the crossing record and verifies offline
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" audit bundle --invoice EDGE-2026-000001 --out "$TMP/edge-bundle.json"
expect_exit 0 "$LV" "$TMP/edge-bundle.json" --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "ok: EDGE-2026-000001: all 1 line and the total 2000.00 USD equal the re-rating"
expect_contains "$OUT" "over 1 usage records below seq"
expect_contains "$OUT" "VERIFIED: tenant edge, "

# =========================================================================================
# 2. From one contract of a tenant into the next.
#
# HOP-A [2026-11-01, 2026-11-20) at 2.00 and HOP-B [2026-11-20, 2027-11-20) at 3.00 per
# overage GPU-hour, nothing reserved.
#   h-cross 2026-11-19T23:00 .. 2026-11-20T01:00, 2000 GPU-h:
#     HOP-A bills F(Nov 20) = 1000 x 2.00 = 2000.00, window [Nov 1, Nov 20);
#     HOP-B bills 2000 - 1000 = 1000 x 3.00 = 3000.00, window [Nov 20, Dec 1).
#   Nothing lies outside both terms: no outside_term finding.
# =========================================================================================
load_contract <<'EOF'
{"contract": "HOP-A", "tenant": "hop", "tenant_name": "Hop Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "HOPA",
 "starts": "2026-11-01T00:00:00Z", "ends": "2026-11-20T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 0, "rate": "1.000000", "overage_rate": "2.000000"}]}
EOF
load_contract <<'EOF'
{"contract": "HOP-B", "tenant": "hop", "tenant_name": "Hop Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "HOPB",
 "starts": "2026-11-20T00:00:00Z", "ends": "2027-11-20T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 0, "rate": "1.000000", "overage_rate": "3.000000"}]}
EOF
usage_csv "$TMP/hop.csv" <<'EOF'
hop,lab-1,pod-h,gpu,H100,2026-11-19T23:00:00Z,2026-11-20T01:00:00Z,2000,gpu_hour,h-cross,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/hop.csv"
expect_contains "$OUT" "1 records: 1 accepted, 0 duplicates, 0 rejected"
expect_exit 0 "$LL" bill --period 2026-11 --tenant hop --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice HOPA-2026-000001 for contract HOP-A (hop): total 2000.00 USD"
expect_contains "$OUT" "issued invoice HOPB-2026-000001 for contract HOP-B (hop): total 3000.00 USD"
lines HOPA-2026-000001
same HOPA-2026-000001 <<'EOF'
total=2000.00
gpu_overage H100 2026-11-01T00 2026-11-20T00 1000.000000 gpu_hour 2.000000 2000.00
EOF
lines HOPB-2026-000001
same HOPB-2026-000001 <<'EOF'
total=3000.00
gpu_overage H100 2026-11-20T00 2026-12-01T00 1000.000000 gpu_hour 3.000000 3000.00
EOF
expect_exit 0 "$LL" reconcile --period 2026-11 --tenant hop --as-of 2026-12-01T02:00:00Z \
    --format json
[[ $(jq '[.[] | select(.kind == "outside_term")] | length' "$OUT") == 0 ]] ||
    fail "a record covered by two contracts gave an outside_term finding"

# =========================================================================================
# 3. Downtime where the class has no terms.
#
# DN-1 [2026-11-01, 2027-11-01): 1 H100 at 1.00; SLA 5 % below 99.9. An amendment
# effective 2026-11-16 adds 10 H200 at 2.00. Windows W1 [Nov 1, Nov 16) and W2 [Nov 16,
# Dec 1), 360 h each.
#   d-before  H200 downtime 2026-11-10T00:00 .. 01:00, 5 GPU-h: all in W1, where H200 has
#             no terms: ignored (5).
#   d-cross   H200 downtime 2026-11-15T23:00 .. 2026-11-16T01:00, 8 GPU-h:
#             F(Nov 16) = trunc(8 x 3600 / 7200) = 4 in W1 (ignored), 4 in W2 (counted).
# Invoice:
#   gpu_reserved H100 W1 1 x 360 = 360 x 1.00 = 360.00; W2 the same, 360.00
#   gpu_reserved H200 W2 10 x 360 = 3600 x 2.00 = 7200.00
#   sla_credit H200: availability 100 x (1 - 4 / 3600) = 99.888...% < 99.9: 5 % of the
#     credit base 7200.00 = -360.00 (rate -0.05); H100 had no downtime: no line.
#   total 360 + 360 + 7200 - 360 = 7560.00
# Findings: downtime_no_terms (warn) for d-before (5.000000 ignored, 2026-11-10T00 ..
# 01) and d-cross (4.000000 ignored, 2026-11-15T23 .. 2026-11-16T00).
# Explain: W1 holds 5 + 4 = 9 GPU-h of H200 downtime from 2 records: one summary line.
# =========================================================================================
load_contract <<'EOF'
{"contract": "DN-1", "tenant": "dn", "tenant_name": "Down Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "DN",
 "starts": "2026-11-01T00:00:00Z", "ends": "2027-11-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "2.000000"}],
 "sla": {"target": "99.9", "credits": [{"below": "99.9", "percent": "5"}]}}
EOF
load_contract <<'EOF'
{"contract": "DN-1", "tenant": "dn", "amends": "DN-1", "effective": "2026-11-16T00:00:00Z",
 "gpu": [{"class": "H200", "reserved": 10, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF
usage_csv "$TMP/dn.csv" <<'EOF'
dn,lab-1,pod-d,downtime,H200,2026-11-10T00:00:00Z,2026-11-10T01:00:00Z,5,gpu_hour,d-before,
dn,lab-1,pod-d,downtime,H200,2026-11-15T23:00:00Z,2026-11-16T01:00:00Z,8,gpu_hour,d-cross,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/dn.csv"
expect_contains "$OUT" "2 records: 2 accepted, 0 duplicates, 0 rejected"
expect_exit 0 "$LL" bill --period 2026-11 --tenant dn --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice DN-2026-000001 for contract DN-1 (dn): total 7560.00 USD"
lines DN-2026-000001
same DN-2026-000001 <<'EOF'
total=7560.00
gpu_reserved H100 2026-11-01T00 2026-11-16T00 360.000000 gpu_hour 1.000000 360.00
gpu_reserved H100 2026-11-16T00 2026-12-01T00 360.000000 gpu_hour 1.000000 360.00
gpu_reserved H200 2026-11-16T00 2026-12-01T00 3600.000000 gpu_hour 2.000000 7200.00
sla_credit H200 2026-11-01T00 2026-12-01T00 7200.000000 USD -0.050000 -360.00
EOF
expect_exit 0 "$LL" reconcile --period 2026-11 --tenant dn --as-of 2026-12-01T02:00:00Z \
    --format json
jq -r '.[] | select(.kind == "downtime_no_terms") | [.severity, .contract, .meter, .class,
        .records[0].event_id, (.records[0].seq | tostring), .from, .to,
        .numbers.ignored_quantity, .numbers.record_quantity] | join(" ")' "$OUT" >"$TMP/got"
same "dn's downtime_no_terms findings" <<'EOF'
warn DN-1 pod-d H200 d-before 2 2026-11-10T00:00:00Z 2026-11-10T01:00:00Z 5.000000 5.000000
warn DN-1 pod-d H200 d-cross 3 2026-11-15T23:00:00Z 2026-11-16T00:00:00Z 4.000000 8.000000
EOF
expect_exit 0 "$LL" audit explain --invoice DN-2026-000001
expect_contains "$OUT" "Downtime ignored: 9.000000 gpu_hour of H200 downtime in 2026-11-01T00:00:00Z .. 2026-11-16T00:00:00Z (2 records, seq 2..3), where the contract has no H200 terms"
expect_contains "$OUT" "availability: 100 × (1 − downtime 4.000000 / reserved 3600.000000)"
expect_not_contains "$OUT" "NOT the invoice"
expect_exit 0 "$LL" audit explain --invoice DN-2026-000001 --format json
[[ $(jq -r '.ignored_downtime[0] | [.class, .quantity, .records] | join(" ")' "$OUT") == \
    "H200 9.000000 2" ]] || fail "explain JSON lacks ignored_downtime: $(cat "$OUT")"

# =========================================================================================
# 4. F7: a correction that would overflow the int64 sum with the record it corrects.
#
# Site huge: 10^13 H100, so 5 x 10^12 GPU-hours in one hour is physically possible.
# b-1 is 5 x 10^12 GPU-h = 5 x 10^18 micro-GPU-hours (int64 holds 9.22 x 10^18); the
# correction +5 x 10^12 would make 10^19: rejected with a reason, b-1 stays accepted.
# =========================================================================================
cat >"$TMP/site-huge.json" <<'EOF'
{"site": "huge", "name": "Huge test hall", "gpus": {"H100": 10000000000000}, "power_mw": "100",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
expect_exit 0 "$LL" site load "$TMP/site-huge.json"
load_contract <<'EOF'
{"contract": "BIG-1", "tenant": "big", "tenant_name": "Big Co", "site": "huge",
 "currency": "USD", "invoice_series": "BIG",
 "starts": "2026-11-01T00:00:00Z", "ends": "2027-11-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 0, "rate": "1.000000", "overage_rate": "0.000001"}]}
EOF
usage_csv "$TMP/big.csv" <<'EOF'
big,huge,pod-b,gpu,H100,2026-11-02T00:00:00Z,2026-11-02T01:00:00Z,5000000000000,gpu_hour,b-1,
big,huge,pod-b,gpu,H100,2026-11-02T00:00:00Z,2026-11-02T01:00:00Z,5000000000000,gpu_hour,b-1-fix,b-1
EOF
expect_exit 65 "$LL" ingest "$TMP/big.csv"
expect_contains "$OUT" "2 records: 1 accepted, 0 duplicates, 1 rejected"
expect_contains "$ERR" "big.csv:3: correction would take \"b-1\" out of range"
[[ $(sql -c "SELECT string_agg(event_id, ' ') FROM ledger.usage u JOIN ledger.tenant t
             USING (tenant_id) WHERE t.tenant = 'big'") == "b-1" ]] ||
    fail "the overflowing correction was stored"

# the log, tiles and rollups still verify with the crossing and split records in them
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" verify -q
echo "ok: $TEST_NAME"
