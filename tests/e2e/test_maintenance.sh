#!/usr/bin/env bash
# Maintenance (issue 10 "SLA as contracts write it"): usage kind `maintenance` is GPU-hours
# unavailable in a maintenance window the contract allows. It is left out of the SLA's
# downtime, counted as unavailable in the utilization report, and beyond
# sla.maintenance_hours_per_month x the class's reserved GPUs it is a block finding that
# holds the period's invoice until acknowledged.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

fresh_db maintenance
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"
cat >"$TMP/contract.json" <<'JSON'
{"contract": "MNT-1", "tenant": "mnt", "tenant_name": "Maintenance Test Co",
 "site": "lab-1", "currency": "USD", "invoice_series": "MNT",
 "starts": "2026-11-01T00:00:00Z", "ends": "2027-11-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 10, "rate": "1.000000", "overage_rate": "1.000000"}],
 "sla": {"target": "99", "credits": [{"below": "99", "percent": "10"}],
         "maintenance_hours_per_month": 4}}
JSON
expect_exit 0 "$LL" contract load "$TMP/contract.json"

# November (720 h): R = 10 x 720 = 7,200 GPU-h reserved at 1.00 = 7,200.00.
# 7,000 used (no overage); 36 down: availability 100 x (1 - 36 / 7,200) = 99.5, not under
# 99: no credit. 40 in maintenance, the allowance exactly (4 h x 10 GPUs = 40 GPU-h).
# Were maintenance downtime, 76 / 7,200 would give 98.94...: a 10 % credit of -720.00.
cat >"$TMP/nov.csv" <<'CSV'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
mnt,lab-1,pod-1,gpu,H100,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,7000,gpu_hour,nov/gpu
mnt,lab-1,pod-1,downtime,H100,2026-11-05T00:00:00Z,2026-11-05T06:00:00Z,36,gpu_hour,nov/down
mnt,lab-1,pod-1,maintenance,H100,2026-11-12T00:00:00Z,2026-11-12T04:00:00Z,40,gpu_hour,nov/mnt
CSV
expect_exit 0 "$LL" ingest "$TMP/nov.csv"
expect_contains "$OUT" "3 records: 3 accepted, 0 duplicates, 0 rejected"
expect_exit 0 "$LL" reconcile --period 2026-11 --tenant mnt --format json
[[ $(jq '[.[] | select(.kind == "maintenance" or .kind == "sla")] | length' "$OUT") == 0 ]] ||
    fail "40 GPU-h is within the allowance and 36 down earns no credit: $(cat "$OUT")"

# utilization: unavailable = downtime 36 + maintenance 40 = 76 GPU-h
expect_exit 0 "$LL" report utilization --period 2026-11 --format json
[[ $(jq -r '.rows[] | select(.class == "H100") | .downtime_gpu_h' "$OUT") == "76.000000" ]] ||
    fail "maintenance not counted as unavailable: $(cat "$OUT")"

expect_exit 0 "$LL" bill --period 2026-11 --tenant mnt --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice MNT-2026-000001 for contract "
expect_contains "$OUT" "total 7200.00 USD"
expect_exit 0 "$LL" invoice show MNT-2026-000001 --format json
[[ $(jq -r '[.data.lines[].stream] | join(",")' "$OUT") == "gpu_reserved" ]] ||
    fail "maintenance must not earn an SLA credit: $(cat "$OUT")"

# December (744 h): 41 GPU-h of maintenance, 1 beyond the 40 allowed: block, invoice held;
# acknowledged, it bills R = 10 x 744 = 7,440 GPU-h x 1.00 = 7,440.00 (7,000 used)
cat >"$TMP/dec.csv" <<'CSV'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
mnt,lab-1,pod-1,gpu,H100,2026-12-01T00:00:00Z,2027-01-01T00:00:00Z,7000,gpu_hour,dec/gpu
mnt,lab-1,pod-1,maintenance,H100,2026-12-10T00:00:00Z,2026-12-10T05:00:00Z,41,gpu_hour,dec/mnt
CSV
expect_exit 0 "$LL" ingest -q "$TMP/dec.csv"
expect_exit 1 "$LL" reconcile --period 2026-12 --tenant mnt --format json
jq -c '[.[] | select(.kind == "maintenance")][0]' "$OUT" >"$TMP/f.json"
[[ $(jq -r '[.severity, .class, .numbers.maintenance_gpu_hours, .numbers.allowed_gpu_hours,
             .numbers.hours_per_month, .numbers.reserved_gpus] | join(" ")' "$TMP/f.json") == \
    "block H100 41.000000 40.000000 4 10" ]] || fail "maintenance finding: $(cat "$OUT")"
ID=$(jq -r .id "$TMP/f.json")
expect_exit 1 "$LL" bill --period 2026-12 --tenant mnt --as-of 2027-01-01T02:00:00Z
expect_contains "$ERR" "held"
expect_exit 0 "$LL" reconcile ack "$ID" --reason "window extended by agreement"
expect_exit 0 "$LL" bill --period 2026-12 --tenant mnt --as-of 2027-01-01T02:00:00Z
expect_contains "$OUT" "issued invoice MNT-2027-000001"
expect_contains "$OUT" "total 7440.00 USD"

# the bundle holds the maintenance records (they are in the basis); the verifier re-rates
# without them
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
expect_exit 0 "$LL" audit bundle --invoice MNT-2026-000001 --out "$TMP/b.json"
expect_contains "$TMP/b.json" '\"kind\":\"maintenance\"'
expect_exit 0 "$LDG_BIN/leaseledger-verify" "$TMP/b.json" --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "ok: MNT-2026-000001: all 1 line and the total 7200.00 USD equal the re-rating of contract MNT-1 (seq 0) over 2 usage records"
