#!/usr/bin/env bash
# e2e.guard_findings: the batch must not bill the impossible (issue 16 item 1;
# DESIGN.md "Reconciliation"). The demo's case in small: a pod of 2 GPUs metered 1.9
# GPU-hours an hour, and a late record then says it was fully down that day. Usage +
# downtime of one meter above its inventory GPUs is a block finding (meter_overload):
# the next nightly holds the contract (exit 79, the finding printed) instead of issuing
# a credit note for the SLA credit; acknowledged, the credit note is issued. Downtime of
# a class above the site's GPUs in an hour (two meters at a site without inventory) is
# a block finding too (downtime_capacity) and holds the invoice.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

fresh_db guard_findings
make_key

cat >"$TMP/inv.json" <<'EOF2'
{"site": "inv-1", "name": "Tiny hall", "gpus": {"H100": 10, "H200": 4}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"},
 "meters": [{"id": "pod-1", "class": "H200", "gpus": 2}, {"id": "pod-2", "class": "H200", "gpus": 2}]}
EOF2
sed -e 's/"inv-1"/"plain-1"/' -e '/"meters"/d' -e 's/"00-0000000"},/"00-0000000"}}/' \
    "$TMP/inv.json" >"$TMP/plain.json"
expect_exit 0 "$LL" site load "$TMP/inv.json"
expect_exit 0 "$LL" site load "$TMP/plain.json"
# acme at inv-1: H200 reserved 2 at 3.00, SLA 5% below 99.9%; beta at plain-1: H100 10
cat >"$TMP/acme.json" <<'EOF2'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs", "site": "inv-1",
 "currency": "USD", "invoice_series": "AC",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H200", "reserved": 2, "rate": "3.000000", "overage_rate": "4.000000"}],
 "sla": {"target": "99.900000", "credits": [{"below": "99.900000", "percent": "5"}]}}
EOF2
cat >"$TMP/beta.json" <<'EOF2'
{"contract": "BE-1", "tenant": "beta", "tenant_name": "Beta Inc", "site": "plain-1",
 "currency": "USD", "invoice_series": "BE",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 10, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF2
expect_exit 0 "$LL" contract load "$TMP/acme.json"
expect_exit 0 "$LL" contract load "$TMP/beta.json"

# 1.9 GPU-hours an hour on pod-1 for the 48 hours: 91.2 GPU-h; March invoiced
cat >"$TMP/usage.csv" <<'EOF2'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
acme,inv-1,pod-1,gpu,H200,2025-03-10T00:00:00Z,2025-03-11T00:00:00Z,45.6,gpu_hour,u1
acme,inv-1,pod-1,gpu,H200,2025-03-11T00:00:00Z,2025-03-12T00:00:00Z,45.6,gpu_hour,u2
beta,plain-1,pod-a,gpu,H100,2025-03-10T00:00:00Z,2025-03-12T00:00:00Z,400,gpu_hour,b1
EOF2
expect_exit 0 "$LL" ingest "$TMP/usage.csv"
expect_exit 0 "$LL" reconcile --period 2025-03 --tenant acme --as-of 2025-04-01T00:00:00Z
expect_exit 0 "$LL" bill --period 2025-03 --tenant acme --as-of 2025-04-01T02:00:00Z
expect_contains "$OUT" "issued invoice AC-2025-000001"

# --- the late record: pod-1 fully down on the 10th (2 GPUs x 24 h) ----------------------
# each hour of the 10th: 1.9 used + 2 down = 3.9 GPU-h through a meter of 2 GPUs
mkdir -m 0750 "$TMP/spool"
cat >"$TMP/spool/late.csv" <<'EOF2'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
acme,inv-1,pod-1,downtime,H200,2025-03-10T00:00:00Z,2025-03-11T00:00:00Z,48,gpu_hour,d1
EOF2
expect_exit 0 "$LL" reconcile --period 2025-03 --tenant acme --as-of 2025-04-02T00:00:00Z \
    --format json
[[ $(jq '[.[] | select(.kind == "meter_overload")] | length' "$OUT") == 0 ]] ||
    fail "a finding before the late record"
expect_exit 79 "$LL" nightly --spool "$TMP/spool" --as-of 2025-04-02T02:00:00Z
expect_contains "$OUT" "held contract AC-1 period 2025-03"
expect_contains "$OUT" "meter_overload"
expect_contains "$OUT" "pod-1"
expect_not_contains "$OUT" "AC-2025-000002"
[[ $(sql -c "SELECT count(*) FROM ledger.invoice WHERE kind = 'credit_note'") == 0 ]] ||
    fail "a credit note was issued for an impossible period"

expect_exit 1 "$LL" reconcile --period 2025-03 --tenant acme --as-of 2025-04-02T00:00:00Z \
    --format json
jq -e '[.[] | select(.kind == "meter_overload")] | length == 24' "$OUT" >/dev/null ||
    fail "expected 24 meter_overload findings: $(jq -c '[.[] | .kind]' "$OUT")"
jq -e '[.[] | select(.kind == "meter_overload")][0] | .severity == "block"
       and .tenant == "acme" and .meter == "pod-1" and .class == "H200"
       and .contract == "AC-1" and .from == "2025-03-10T00:00:00Z"
       and .numbers.used_gpu_hours == "1.900000"
       and .numbers.downtime_gpu_hours == "2.000000"
       and .numbers.load_gpu_hours == "3.900000" and .numbers.meter_gpus == "2"
       and .numbers.excess_gpu_hours == "1.900000"' "$OUT" >/dev/null ||
    fail "meter_overload finding: $(jq -c '[.[] | select(.kind == "meter_overload")][0]' "$OUT")"
expect_exit 1 "$LL" reconcile --period 2025-03 --tenant acme --as-of 2025-04-02T00:00:00Z
expect_contains "$OUT" "meter of 2 H200 GPUs: 3.900000 GPU-h in the hour (used 1.900000, down 2.000000), excess 1.900000"

# acknowledged (every hour), the period is billed again: the credit note is issued
for id in $(jq -r '.[] | select(.kind == "meter_overload") | .id' \
    <("$LL" reconcile --period 2025-03 --tenant acme --format json --as-of 2025-04-02T00:00:00Z || true)); do
    expect_exit 0 "$LL" reconcile ack "$id" --reason "pod-1 was down; meter double-counted"
done
expect_exit 0 "$LL" bill --period 2025-03 --tenant acme --as-of 2025-04-02T03:00:00Z
expect_contains "$OUT" "AC-2025-000002"
[[ $(sql -c "SELECT kind FROM ledger.invoice WHERE number = 'AC-2025-000002'") == credit_note ]] ||
    fail "AC-2025-000002 is not a credit note"

# --- downtime above the site's GPUs of a class: two meters of 6 in one hour > 10 H100 ----
cat >"$TMP/down.csv" <<'EOF2'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
beta,plain-1,pod-a,downtime,H100,2025-03-10T05:00:00Z,2025-03-10T06:00:00Z,6,gpu_hour,bd1
beta,plain-1,pod-b,downtime,H100,2025-03-10T05:00:00Z,2025-03-10T06:00:00Z,6,gpu_hour,bd2
EOF2
expect_exit 0 "$LL" ingest "$TMP/down.csv"
expect_exit 1 "$LL" reconcile --period 2025-03 --tenant beta --as-of 2025-04-02T00:00:00Z \
    --format json
jq -e '[.[] | select(.kind == "downtime_capacity")] | length == 1' "$OUT" >/dev/null ||
    fail "expected one downtime_capacity finding: $(jq -c '[.[] | .kind]' "$OUT")"
# pod-a delivered 400/48 + 6 down in hour 05 with no inventory at plain-1: no meter check
jq -e '[.[] | select(.kind == "meter_overload")] | length == 0' "$OUT" >/dev/null ||
    fail "a meter_overload finding at a site without an inventory"
jq -e '.[] | select(.kind == "downtime_capacity") | .severity == "block"
       and .class == "H100" and .usage == "downtime" and .from == "2025-03-10T05:00:00Z"
       and .numbers.downtime_gpu_hours == "12.000000" and .numbers.capacity_gpus == "10"
       and .numbers.excess_gpu_hours == "2.000000"' "$OUT" >/dev/null ||
    fail "downtime_capacity finding: $(jq -c '.[] | select(.kind == "downtime_capacity")' "$OUT")"
expect_exit 1 "$LL" bill --period 2025-03 --tenant beta --as-of 2025-04-02T04:00:00Z
expect_contains "$ERR" 'contract "BE-1" period 2025-03 held'
# (BE-1's original was issued by the nightly run above, before the downtime arrived)
[[ $(sql -c "SELECT count(*) FROM ledger.invoice WHERE contract_id = 'BE-1'") == 1 ]] ||
    fail "BE-1 was amended over a block finding"

echo "ok: $TEST_NAME"
