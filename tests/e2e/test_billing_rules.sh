#!/usr/bin/env bash
# e2e.billing_rules: every billing rule of DESIGN.md ("Billing rules"), end to end:
# contract load, ingest, bill, then the exact lines and total of the issued invoice's
# JSON (`invoice show N --format json`).
#
# Every expected quantity, rate and amount below is worked out by hand in the comments
# next to its case, from the contract and the records; none was produced by the code under
# test. One database, one big site (lab-1: 1,000 GPUs of each class, 100 MW, so no
# capacity finding ever holds a bill) and one tenant per case, each billed on its own.
#
# Notation: h = hours, R = reserved GPU-hours (reserved x h), U = GPU-hours used,
# "->" = the one rounding, to cents, halves away from zero. A line is shown as
#   stream class from to quantity unit rate amount
# with instants shortened to YYYY-MM-DDTHH (they are all whole hours, UTC).
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

fresh_db rules
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"

# load_contract < JSON: contract load of the document on stdin.
load_contract()
{
    cat >"$TMP/contract.json"
    expect_exit 0 "$LL" contract load "$TMP/contract.json"
}

# ingest_csv N < CSV: ingests the records on stdin (header added), all N accepted.
ingest_csv()
{
    {
        echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
        cat
    } >"$TMP/usage.csv"
    expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
    expect_contains "$OUT" "$1 records: $1 accepted, 0 duplicates, 0 rejected"
}

# bill TENANT PERIOD AS_OF NUMBER TOTAL [CURRENCY]: bills one tenant's period and checks
# the one document issued.
bill()
{
    local tenant=$1 period=$2 as_of=$3 number=$4 total=$5 cur=${6:-USD}
    expect_exit 0 "$LL" bill --period "$period" --tenant "$tenant" --as-of "$as_of"
    expect_contains "$OUT" "issued invoice $number for contract "
    expect_contains "$OUT" "($tenant): total $total $cur"
    [[ $(wc -l <"$OUT") == 1 ]] || fail "bill $tenant $period issued more than one document"
}

# check_invoice NUMBER < EXPECTED: the invoice's JSON, one line for the document and
# one per invoice line, must be exactly EXPECTED.
check_invoice()
{
    cat >"$TMP/expected"
    expect_exit 0 "$LL" invoice show "$1" --format json
    jq -r '.data as $d
        | "\(.kind) \($d.number) \($d.contract) \($d.period) \($d.currency) amends=\($d.amends // "-") total=\($d.total)",
          ($d.lines[] | [.stream, (.class // "-"), (.from | sub(":00:00Z$"; "")),
                         (.to | sub(":00:00Z$"; "")), .quantity, .unit, .rate, .amount]
                      | join(" "))' "$OUT" >"$TMP/got" || fail "invoice $1: JSON unreadable"
    if ! diff -u "$TMP/expected" "$TMP/got" >"$TMP/diff"; then
        cat "$TMP/diff" >&2
        fail "invoice $1 differs from the hand-worked lines (- expected, + got)"
    fi
}

# =========================================================================================
# 1. A contract starting mid-month, and months of 30, 31 and 28 days.
#
# Three tenants, same terms: 1 H100 reserved at 1.000000 (overage 2.000000), 1 MW of
# capacity at 1000.000000 per MW-month (energy rate 50, PUE 1, no energy metered), no
# usage at all: take-or-pay. Each starts so that its first month covers 21 days = 504 h.
#   gpu_reserved   = 1 x 504 h x 1.00                                     = 504.00
#   power_capacity = 1 MW x 504 / hours(P) MW-months x 1000
#     m30: Nov 2026, 30 d = 720 h: 504/720 = 0.7        -> 0.700000 MW-month,  700.00
#     m31: Jan 2027, 31 d = 744 h: 504/744 = 0.677419354... -> 0.677419,
#          amount from the exact fraction: 1000 x 504/744 = 677.419354... -> 677.42
#     m28: Feb 2027, 28 d = 672 h: 504/672 = 0.75       -> 0.750000,           750.00
#   totals: m30 1204.00, m31 1181.42, m28 1254.00.
# Then full months: m30 in Dec 2026 (744 h): 744.00 + 1.000000 x 1000 = 1744.00, issued
# in 2027 so numbered M30-2027-000001; m31 in Feb 2027 (672 h): 672.00 + 1000.00 =
# 1672.00.
# =========================================================================================
for spec in m30:2026-11-10 m31:2027-01-11 m28:2027-02-08; do
    t=${spec%%:*} start=${spec#*:}
    load_contract <<EOF
{"contract": "${t^^}", "tenant": "$t", "tenant_name": "Month $t Inc", "site": "lab-1",
 "currency": "USD", "invoice_series": "${t^^}",
 "starts": "${start}T00:00:00Z", "ends": "2028-03-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "2.000000"}],
 "energy": {"rate_per_mwh": "50.000000", "pue": "1.000000",
            "capacity_mw": "1", "capacity_rate_per_mw_month": "1000.000000"}}
EOF
done

bill m30 2026-11 2026-12-01T02:00:00Z M30-2026-000001 1204.00
check_invoice M30-2026-000001 <<'EOF'
invoice M30-2026-000001 M30 2026-11 USD amends=- total=1204.00
gpu_reserved H100 2026-11-10T00 2026-12-01T00 504.000000 gpu_hour 1.000000 504.00
power_capacity - 2026-11-10T00 2026-12-01T00 0.700000 mw_month 1000.000000 700.00
EOF
bill m30 2026-12 2027-01-01T02:00:00Z M30-2027-000001 1744.00
check_invoice M30-2027-000001 <<'EOF'
invoice M30-2027-000001 M30 2026-12 USD amends=- total=1744.00
gpu_reserved H100 2026-12-01T00 2027-01-01T00 744.000000 gpu_hour 1.000000 744.00
power_capacity - 2026-12-01T00 2027-01-01T00 1.000000 mw_month 1000.000000 1000.00
EOF
bill m31 2027-01 2027-02-01T02:00:00Z M31-2027-000001 1181.42
check_invoice M31-2027-000001 <<'EOF'
invoice M31-2027-000001 M31 2027-01 USD amends=- total=1181.42
gpu_reserved H100 2027-01-11T00 2027-02-01T00 504.000000 gpu_hour 1.000000 504.00
power_capacity - 2027-01-11T00 2027-02-01T00 0.677419 mw_month 1000.000000 677.42
EOF
bill m31 2027-02 2027-03-01T02:00:00Z M31-2027-000002 1672.00
check_invoice M31-2027-000002 <<'EOF'
invoice M31-2027-000002 M31 2027-02 USD amends=- total=1672.00
gpu_reserved H100 2027-02-01T00 2027-03-01T00 672.000000 gpu_hour 1.000000 672.00
power_capacity - 2027-02-01T00 2027-03-01T00 1.000000 mw_month 1000.000000 1000.00
EOF
bill m28 2027-02 2027-03-01T02:00:00Z M28-2027-000001 1254.00
check_invoice M28-2027-000001 <<'EOF'
invoice M28-2027-000001 M28 2027-02 USD amends=- total=1254.00
gpu_reserved H100 2027-02-08T00 2027-03-01T00 504.000000 gpu_hour 1.000000 504.00
power_capacity - 2027-02-08T00 2027-03-01T00 0.750000 mw_month 1000.000000 750.00
EOF
# the period before the contract starts is not billed: asked for that tenant, a refusal
expect_exit 1 "$LL" bill --period 2027-01 --tenant m28 --as-of 2027-03-01T02:00:00Z
expect_contains "$ERR" "no contract covers period 2027-01 for tenant m28"

# =========================================================================================
# 2. An amendment changing reserved counts and rates mid-month.
#
# AMD-1 from 2027-03-01: 2 H100 at 2.000000, overage 3.000000. Amended from
# 2027-03-11T00: 4 H100 at 1.500000, overage 2.500000. March 2027 = 744 h, cut at the
# amendment: w1 = [03-01, 03-11) = 240 h, w2 = [03-11, 04-01) = 504 h.
# Usage (one meter, two adjacent records): 500 GPU-h in w1, 2026 GPU-h in w2.
#   w1: R = 2 x 240 = 480, x 2.00 = 960.00; overage 500 - 480 = 20 x 3.00 =  60.00
#   w2: R = 4 x 504 = 2016, x 1.50 = 3024.00; overage 2026 - 2016 = 10 x 2.50 = 25.00
#   total 960 + 3024 + 60 + 25 = 4069.00
# The log: contract, amendment, 2 records = size 4, sealed before rating.
# =========================================================================================
load_contract <<'EOF'
{"contract": "AMD-1", "tenant": "amd", "tenant_name": "Amended Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "AMD",
 "starts": "2027-03-01T00:00:00Z", "ends": "2028-03-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 2, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF
load_contract <<'EOF'
{"contract": "AMD-1", "tenant": "amd", "amends": "AMD-1", "effective": "2027-03-11T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 4, "rate": "1.500000", "overage_rate": "2.500000"}]}
EOF
ingest_csv 2 <<'EOF'
amd,lab-1,pod-a,gpu,H100,2027-03-01T00:00:00Z,2027-03-11T00:00:00Z,500,gpu_hour,amd-1,
amd,lab-1,pod-a,gpu,H100,2027-03-11T00:00:00Z,2027-04-01T00:00:00Z,2026,gpu_hour,amd-2,
EOF
bill amd 2027-03 2027-04-01T02:00:00Z AMD-2027-000001 4069.00
check_invoice AMD-2027-000001 <<'EOF'
invoice AMD-2027-000001 AMD-1 2027-03 USD amends=- total=4069.00
gpu_reserved H100 2027-03-01T00 2027-03-11T00 480.000000 gpu_hour 2.000000 960.00
gpu_reserved H100 2027-03-11T00 2027-04-01T00 2016.000000 gpu_hour 1.500000 3024.00
gpu_overage H100 2027-03-01T00 2027-03-11T00 20.000000 gpu_hour 3.000000 60.00
gpu_overage H100 2027-03-11T00 2027-04-01T00 10.000000 gpu_hour 2.500000 25.00
EOF
expect_exit 0 "$LL" invoice show AMD-2027-000001 --format json
[[ $(jq '.data.rated_from.size' "$OUT") == 4 ]] ||
    fail "AMD-2027-000001 should be rated from the checkpoint of size 4 (2 contract docs, 2 records)"

# =========================================================================================
# 3. An escalation instant inside a period.
#
# ESC-1 starts 2026-01-16T00 with 3 % every 12 months: the first escalation instant is
# 2027-01-16T00. 1 H100 at 1.234567, overage 2.000000, energy 50.000000 per MWh at PUE
# 1.000000. January 2027 = 744 h: w1 = [01-01, 01-16) = 360 h at the base rates,
# w2 = [01-16, 02-01) = 384 h at the escalated ones, each round6(rate x 1.03):
#   1.234567 x 1.03 = 1.27160401 -> 1.271604; 2.00 x 1.03 = 2.060000; 50 x 1.03 = 51.500000
# Usage: 400 H100 GPU-h in [01-16T00, 01-17T00) (all in w2); 4 MWh over
# [01-15T00, 01-17T00), 48 h crossing the instant: split 24/48 = 2 MWh to each window.
#   w1 reserved 360 x 1.234567 = 444.44412    -> 444.44
#   w2 reserved 384 x 1.271604 = 488.295936   -> 488.30
#   w2 overage (400 - 384) = 16 x 2.06        =  32.96
#   w1 energy 2 x 1.0 x 50                     = 100.00
#   w2 energy 2 x 1.0 x 51.5                   = 103.00
#   total 444.44 + 488.30 + 32.96 + 100.00 + 103.00 = 1168.70
# =========================================================================================
load_contract <<'EOF'
{"contract": "ESC-1", "tenant": "esc", "tenant_name": "Escalated Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "ESC",
 "starts": "2026-01-16T00:00:00Z", "ends": "2028-01-16T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.234567", "overage_rate": "2.000000"}],
 "energy": {"rate_per_mwh": "50.000000", "pue": "1.000000"},
 "escalator": {"percent": "3.000000", "every_months": 12}}
EOF
ingest_csv 2 <<'EOF'
esc,lab-1,pod-e,gpu,H100,2027-01-16T00:00:00Z,2027-01-17T00:00:00Z,400,gpu_hour,esc-1,
esc,lab-1,hall-E,energy,,2027-01-15T00:00:00Z,2027-01-17T00:00:00Z,4,mwh,esc-2,
EOF
bill esc 2027-01 2027-02-01T02:00:00Z ESC-2027-000001 1168.70
check_invoice ESC-2027-000001 <<'EOF'
invoice ESC-2027-000001 ESC-1 2027-01 USD amends=- total=1168.70
gpu_reserved H100 2027-01-01T00 2027-01-16T00 360.000000 gpu_hour 1.234567 444.44
gpu_reserved H100 2027-01-16T00 2027-02-01T00 384.000000 gpu_hour 1.271604 488.30
gpu_overage H100 2027-01-16T00 2027-02-01T00 16.000000 gpu_hour 2.060000 32.96
energy - 2027-01-01T00 2027-01-16T00 2.000000 mwh 50.000000 100.00
energy - 2027-01-16T00 2027-02-01T00 2.000000 mwh 51.500000 103.00
EOF

# =========================================================================================
# 4. Overage with graduated tiers across two windows.
#
# TIER-1 from 2027-04-01: 1 H100 at 1.000000; tiers: first 10 GPU-h at 3.00, up to 30 at
# 2.00, beyond the bounded last tier the overage rate 9.00. Amended from 2027-04-16T00:
# tiers 10 at 4.00, then (unbounded) 1.50; overage rate 8.00. April 2027 = 720 h:
# w1 = [04-01, 04-16) = 360 h, w2 = [04-16, 05-01) = 360 h; R = 360 in each.
# Usage: 395 GPU-h in w1 (overage 35), 380 in w2 (overage 20). Tiers count the class's
# cumulative overage in the period, each window priced with its own table:
#   w1 covers [0, 35):  [0, 10) at 3.00 = 30.00; [10, 30) at 2.00 = 40.00;
#                       [30, 35) beyond the last tier at 9.00 = 45.00
#   w2 covers [35, 55): w2's first tier [0, 10) is used up already; [35, 55) falls in
#                       its unbounded tier at 1.50: 20 x 1.50 = 30.00
#                       (restarting the tiers per window would give 10 x 4 + 10 x 1.5)
#   reserved 360 x 1.00 = 360.00 per window
#   total 360 + 360 + 30 + 40 + 45 + 30 = 865.00
# =========================================================================================
load_contract <<'EOF'
{"contract": "TIER-1", "tenant": "tier", "tenant_name": "Tiered Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "TIER",
 "starts": "2027-04-01T00:00:00Z", "ends": "2028-04-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "9.000000",
          "overage_tiers": [{"up_to": "10", "rate": "3.000000"},
                            {"up_to": "30", "rate": "2.000000"}]}]}
EOF
load_contract <<'EOF'
{"contract": "TIER-1", "tenant": "tier", "amends": "TIER-1", "effective": "2027-04-16T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "8.000000",
          "overage_tiers": [{"up_to": "10", "rate": "4.000000"}, {"rate": "1.500000"}]}]}
EOF
ingest_csv 2 <<'EOF'
tier,lab-1,pod-t,gpu,H100,2027-04-01T00:00:00Z,2027-04-16T00:00:00Z,395,gpu_hour,tier-1,
tier,lab-1,pod-t,gpu,H100,2027-04-16T00:00:00Z,2027-05-01T00:00:00Z,380,gpu_hour,tier-2,
EOF
bill tier 2027-04 2027-05-01T02:00:00Z TIER-2027-000001 865.00
check_invoice TIER-2027-000001 <<'EOF'
invoice TIER-2027-000001 TIER-1 2027-04 USD amends=- total=865.00
gpu_reserved H100 2027-04-01T00 2027-04-16T00 360.000000 gpu_hour 1.000000 360.00
gpu_reserved H100 2027-04-16T00 2027-05-01T00 360.000000 gpu_hour 1.000000 360.00
gpu_overage H100 2027-04-01T00 2027-04-16T00 10.000000 gpu_hour 3.000000 30.00
gpu_overage H100 2027-04-01T00 2027-04-16T00 20.000000 gpu_hour 2.000000 40.00
gpu_overage H100 2027-04-01T00 2027-04-16T00 5.000000 gpu_hour 9.000000 45.00
gpu_overage H100 2027-04-16T00 2027-05-01T00 20.000000 gpu_hour 1.500000 30.00
EOF

# =========================================================================================
# 5. SLA bands, and availability exactly at a band.
#
# Eight tenants with the same 100-hour contract, [2027-06-01T00, 2027-06-05T04): 10 H100
# at 1.234567; credits 5 % below 99.9, 10 % below 99.0, 25 % below 95.0. R = 10 x 100 =
# 1000 GPU-h; the credit base S = 1000 x 1.234567 = 1234.567 USD; reserved 1234.567 ->
# 1234.57. Availability = 100 x (1 - D / 1000), D the downtime GPU-h (clamped to R); the
# band is the lowest whose `below` it is strictly under:
#   tenant  D         availability   band   credit = -percent/100 x 1234.567      total
#   sla-a   0         100            none                                        1234.57
#   sla-b   1         99.9 exactly   none (not under 99.9)                       1234.57
#   sla-c   1.000001  99.8999999     5 %    -61.72835  -> -61.73                 1172.84
#   sla-d   10        99.0 exactly   5 %    (not under 99.0) -61.73              1172.84
#   sla-e   10.5      98.95          10 %   -123.4567  -> -123.46                1111.11
#   sla-f   50        95.0 exactly   10 %   (not under 95.0) -123.46             1111.11
#   sla-g   60        94.0           25 %   -308.64175 -> -308.64                 925.93
#   sla-h   1500      clamped to 1000: 0 %, 25 %  -308.64                         925.93
# The credit line: quantity S = 1234.567000 in the currency, rate -percent/100.
# =========================================================================================
for t in a b c d e f g h; do
    load_contract <<EOF
{"contract": "SLA-${t^^}", "tenant": "sla-$t", "tenant_name": "SLA $t Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "SLA${t^^}",
 "starts": "2027-06-01T00:00:00Z", "ends": "2027-06-05T04:00:00Z",
 "gpu": [{"class": "H100", "reserved": 10, "rate": "1.234567", "overage_rate": "2.000000"}],
 "sla": {"target": "99.900000",
         "credits": [{"below": "99.9", "percent": "5"}, {"below": "99.0", "percent": "10"},
                     {"below": "95.0", "percent": "25"}]}}
EOF
done
ingest_csv 7 <<'EOF'
sla-b,lab-1,pod-s,downtime,H100,2027-06-01T00:00:00Z,2027-06-05T04:00:00Z,1,gpu_hour,d,
sla-c,lab-1,pod-s,downtime,H100,2027-06-01T00:00:00Z,2027-06-05T04:00:00Z,1.000001,gpu_hour,d,
sla-d,lab-1,pod-s,downtime,H100,2027-06-01T00:00:00Z,2027-06-05T04:00:00Z,10,gpu_hour,d,
sla-e,lab-1,pod-s,downtime,H100,2027-06-01T00:00:00Z,2027-06-05T04:00:00Z,10.5,gpu_hour,d,
sla-f,lab-1,pod-s,downtime,H100,2027-06-01T00:00:00Z,2027-06-05T04:00:00Z,50,gpu_hour,d,
sla-g,lab-1,pod-s,downtime,H100,2027-06-01T00:00:00Z,2027-06-05T04:00:00Z,60,gpu_hour,d,
sla-h,lab-1,pod-s,downtime,H100,2027-06-01T00:00:00Z,2027-06-05T04:00:00Z,1500,gpu_hour,d,
EOF
sla_case()
{
    local t=$1 total=$2 credit_rate=${3:-} credit=${4:-} number
    number="SLA${t^^}-2027-000001"
    bill "sla-$t" 2027-06 2027-07-01T02:00:00Z "$number" "$total"
    {
        echo "invoice $number SLA-${t^^} 2027-06 USD amends=- total=$total"
        echo "gpu_reserved H100 2027-06-01T00 2027-06-05T04 1000.000000 gpu_hour 1.234567 1234.57"
        [[ -z "$credit" ]] ||
            echo "sla_credit H100 2027-06-01T00 2027-06-05T04 1234.567000 USD $credit_rate $credit"
    } | check_invoice "$number"
}
sla_case a 1234.57
sla_case b 1234.57
sla_case c 1172.84 -0.050000 -61.73
sla_case d 1172.84 -0.050000 -61.73
sla_case e 1111.11 -0.100000 -123.46
sla_case f 1111.11 -0.100000 -123.46
sla_case g 925.93 -0.250000 -308.64
sla_case h 925.93 -0.250000 -308.64

# =========================================================================================
# 6. A minimum monthly commitment true-up.
#
# MIN-1 from 2027-06-16T00: 1 H100 at 2.000000, overage 3.000000, minimum 3000.00 a month,
# 10 % credit below 99.9 %. June 2027 = 720 h; covered [06-16, 07-01) = 360 h.
#   reserved 360 x 2.00 = 720.00; usage 400 GPU-h: overage 40 x 3.00 = 120.00
#   downtime 1 of R = 360: 100 x 359/360 = 99.72 % < 99.9: credit -10 % x 720 = -72.00
#   minimum owed for the part: 3000 x 360/720 = 1500.00; billed (reserved + overage +
#   energy + capacity; the SLA credit does not count) 840.00: true-up 660.00, a line of
#   quantity 1 at rate 660.000000
#   total 720 + 120 - 72 + 660 = 1428.00
# July 2027 (744 h, whole, no usage): reserved 744 x 2 = 1488.00; minimum 3000 x 744/744
#   = 3000.00: true-up 1512.00; total 3000.00.
# =========================================================================================
load_contract <<'EOF'
{"contract": "MIN-1", "tenant": "min", "tenant_name": "Minimum Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "MIN",
 "starts": "2027-06-16T00:00:00Z", "ends": "2028-06-16T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "2.000000", "overage_rate": "3.000000"}],
 "sla": {"target": "99.9", "credits": [{"below": "99.9", "percent": "10"}]},
 "minimum_monthly": "3000.00"}
EOF
ingest_csv 2 <<'EOF'
min,lab-1,pod-m,gpu,H100,2027-06-16T00:00:00Z,2027-07-01T00:00:00Z,400,gpu_hour,min-1,
min,lab-1,pod-m,downtime,H100,2027-06-16T00:00:00Z,2027-06-16T01:00:00Z,1,gpu_hour,min-2,
EOF
bill min 2027-06 2027-07-01T02:00:00Z MIN-2027-000001 1428.00
check_invoice MIN-2027-000001 <<'EOF'
invoice MIN-2027-000001 MIN-1 2027-06 USD amends=- total=1428.00
gpu_reserved H100 2027-06-16T00 2027-07-01T00 360.000000 gpu_hour 2.000000 720.00
gpu_overage H100 2027-06-16T00 2027-07-01T00 40.000000 gpu_hour 3.000000 120.00
sla_credit H100 2027-06-16T00 2027-07-01T00 720.000000 USD -0.100000 -72.00
commitment_true_up - 2027-06-16T00 2027-07-01T00 1.000000 USD 660.000000 660.00
EOF
bill min 2027-07 2027-08-01T02:00:00Z MIN-2027-000002 3000.00
check_invoice MIN-2027-000002 <<'EOF'
invoice MIN-2027-000002 MIN-1 2027-07 USD amends=- total=3000.00
gpu_reserved H100 2027-07-01T00 2027-08-01T00 744.000000 gpu_hour 2.000000 1488.00
commitment_true_up - 2027-07-01T00 2027-08-01T00 1.000000 USD 1512.000000 1512.00
EOF

# =========================================================================================
# 7. A usage record crossing a window boundary, split exactly.
#
# SPL-1 from 2027-08-01: H100 and H200 reserved 0 (all use is overage) at overage
# 1000.000000, amended from 2027-08-11T00 to overage 2000.000000. August 2027:
# w1 = [08-01, 08-11), w2 = [08-11, 09-01). The part of a record [s, e) of quantity q
# before x is F = trunc(q x (x - s) / (e - s)), toward zero; the rest goes to the later
# piece, so the pieces add up to q exactly.
#   H100, x1: 10.000001 GPU-h over [08-10T23:00, 08-11T02:00), 3 h, cut 1 h in:
#       F = trunc(10.000001 / 3) = trunc(3.33333366) = 3.333333; later 6.666668
#       w1 3.333333 x 1000 = 3333.333  -> 3333.33
#       w2 6.666668 x 2000 = 13333.336 -> 13333.34
#   H200, y1: 6 GPU-h over [08-10T23:30, 08-11T00:30), cut at the half: 3 and 3;
#       y1-fix, its correction by -2.000001 over the same interval:
#       F = trunc(-1.0000005) = -1.000000 (toward zero); later -1.000001
#       w1 3 - 1.000000 = 2.000000 x 1000 = 2000.00
#       w2 3 - 1.000001 = 1.999999 x 2000 = 3999.998 -> 4000.00
#   total 3333.33 + 13333.34 + 2000.00 + 4000.00 = 22666.67
# =========================================================================================
load_contract <<'EOF'
{"contract": "SPL-1", "tenant": "split", "tenant_name": "Split Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "SPL",
 "starts": "2027-08-01T00:00:00Z", "ends": "2028-08-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 0, "rate": "1.000000", "overage_rate": "1000.000000"},
         {"class": "H200", "reserved": 0, "rate": "1.000000", "overage_rate": "1000.000000"}]}
EOF
load_contract <<'EOF'
{"contract": "SPL-1", "tenant": "split", "amends": "SPL-1", "effective": "2027-08-11T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 0, "rate": "1.000000", "overage_rate": "2000.000000"},
         {"class": "H200", "reserved": 0, "rate": "1.000000", "overage_rate": "2000.000000"}]}
EOF
ingest_csv 3 <<'EOF'
split,lab-1,pod-x,gpu,H100,2027-08-10T23:00:00Z,2027-08-11T02:00:00Z,10.000001,gpu_hour,x1,
split,lab-1,pod-y,gpu,H200,2027-08-10T23:30:00Z,2027-08-11T00:30:00Z,6,gpu_hour,y1,
split,lab-1,pod-y,gpu,H200,2027-08-10T23:30:00Z,2027-08-11T00:30:00Z,-2.000001,gpu_hour,y1-fix,y1
EOF
bill split 2027-08 2027-09-01T02:00:00Z SPL-2027-000001 22666.67
check_invoice SPL-2027-000001 <<'EOF'
invoice SPL-2027-000001 SPL-1 2027-08 USD amends=- total=22666.67
gpu_overage H100 2027-08-01T00 2027-08-11T00 3.333333 gpu_hour 1000.000000 3333.33
gpu_overage H100 2027-08-11T00 2027-09-01T00 6.666668 gpu_hour 2000.000000 13333.34
gpu_overage H200 2027-08-01T00 2027-08-11T00 2.000000 gpu_hour 1000.000000 2000.00
gpu_overage H200 2027-08-11T00 2027-09-01T00 1.999999 gpu_hour 2000.000000 4000.00
EOF

# =========================================================================================
# 8. Amounts at the rounding boundary (x.xx5: halves away from zero).
#
# RND-1, a 10-hour contract [2027-07-01T00, 2027-07-01T10): 1 H100 at 0.100500 (overage
# 2.010000), 1 H200 at 0.100000 (overage 2.009998), energy 10.050000 per MWh at PUE 1,
# 0.5 % credit below 99.9 %. Usage: 10.5 GPU-h of each class, 0.1 MWh, 1 H200 GPU-h down.
#   H100 reserved 10 x 0.1005      = 1.005     -> 1.01 (half, up)
#   H200 reserved 10 x 0.1         = 1.000     -> 1.00
#   H100 overage 0.5 x 2.01        = 1.005     -> 1.01
#   H200 overage 0.5 x 2.009998    = 1.004999  -> 1.00 (just under half)
#   energy 0.1 x 1 x 10.05         = 1.005     -> 1.01
#   H200 SLA: 100 x 9/10 = 90 % < 99.9: -0.5 % x 1.000000 = -0.005 -> -0.01 (half, away
#   from zero); H100 had no downtime: no line
#   total 1.01 + 1.00 + 1.01 + 1.00 + 1.01 - 0.01 = 5.02
# RNDJ-1 in JPY (no minor unit), one hour: 1 H100 at 100.500000 -> 101; 1 H200 at
#   100.499999 -> 100; total 201.
# =========================================================================================
load_contract <<'EOF'
{"contract": "RND-1", "tenant": "rnd", "tenant_name": "Rounding Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "RND",
 "starts": "2027-07-01T00:00:00Z", "ends": "2027-07-01T10:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "0.100500", "overage_rate": "2.010000"},
         {"class": "H200", "reserved": 1, "rate": "0.100000", "overage_rate": "2.009998"}],
 "energy": {"rate_per_mwh": "10.050000", "pue": "1.000000"},
 "sla": {"target": "99.9", "credits": [{"below": "99.9", "percent": "0.5"}]}}
EOF
load_contract <<'EOF'
{"contract": "RNDJ-1", "tenant": "rndj", "tenant_name": "Yen KK", "site": "lab-1",
 "currency": "JPY", "invoice_series": "RNDJ",
 "starts": "2027-07-01T00:00:00Z", "ends": "2027-07-01T01:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "100.500000", "overage_rate": "200"},
         {"class": "H200", "reserved": 1, "rate": "100.499999", "overage_rate": "200"}]}
EOF
ingest_csv 4 <<'EOF'
rnd,lab-1,pod-r1,gpu,H100,2027-07-01T00:00:00Z,2027-07-01T10:00:00Z,10.5,gpu_hour,r1,
rnd,lab-1,pod-r2,gpu,H200,2027-07-01T00:00:00Z,2027-07-01T10:00:00Z,10.5,gpu_hour,r2,
rnd,lab-1,hall-R,energy,,2027-07-01T00:00:00Z,2027-07-01T10:00:00Z,0.1,mwh,r3,
rnd,lab-1,pod-r2,downtime,H200,2027-07-01T00:00:00Z,2027-07-01T01:00:00Z,1,gpu_hour,r4,
EOF
bill rnd 2027-07 2027-08-01T02:00:00Z RND-2027-000001 5.02
check_invoice RND-2027-000001 <<'EOF'
invoice RND-2027-000001 RND-1 2027-07 USD amends=- total=5.02
gpu_reserved H100 2027-07-01T00 2027-07-01T10 10.000000 gpu_hour 0.100500 1.01
gpu_reserved H200 2027-07-01T00 2027-07-01T10 10.000000 gpu_hour 0.100000 1.00
gpu_overage H100 2027-07-01T00 2027-07-01T10 0.500000 gpu_hour 2.010000 1.01
gpu_overage H200 2027-07-01T00 2027-07-01T10 0.500000 gpu_hour 2.009998 1.00
energy - 2027-07-01T00 2027-07-01T10 0.100000 mwh 10.050000 1.01
sla_credit H200 2027-07-01T00 2027-07-01T10 1.000000 USD -0.005000 -0.01
EOF
bill rndj 2027-07 2027-08-01T02:00:00Z RNDJ-2027-000001 201 JPY
check_invoice RNDJ-2027-000001 <<'EOF'
invoice RNDJ-2027-000001 RNDJ-1 2027-07 JPY amends=- total=201
gpu_reserved H100 2027-07-01T00 2027-07-01T01 1.000000 gpu_hour 100.500000 101
gpu_reserved H200 2027-07-01T00 2027-07-01T01 1.000000 gpu_hour 100.499999 100
EOF

# =========================================================================================
# Every document above is in the logs, and the logs verify.
# =========================================================================================
[[ $(sql -c "SELECT count(*) FROM ledger.invoice") == 21 ]] ||
    fail "expected 21 invoices, found $(sql -c "SELECT count(*) FROM ledger.invoice")"
[[ $(sql -c "SELECT count(*) FROM ledger.invoice i JOIN ledger.log_doc d
             ON d.tenant_id = i.tenant_id AND d.seq = i.seq AND d.kind = i.kind") == 21 ]] ||
    fail "not every invoice is its tenant's log entry"
# the total of each invoice is the sum of its stored lines
[[ $(sql -c "SELECT count(*) FROM ledger.invoice i
             WHERE i.total_micros <> (SELECT sum(amount_micros) FROM ledger.invoice_line l
                                      WHERE l.tenant_id = i.tenant_id AND l.number = i.number)") == 0 ]] ||
    fail "an invoice total is not the sum of its lines"
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "0 problems"

echo "PASS: $TEST_NAME"
