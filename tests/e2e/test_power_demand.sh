#!/usr/bin/env bash
# e2e.power_demand: peak-demand power (issue 10, DESIGN.md "demand") end to end: 15-minute
# energy records from two hall meters ingested into ledger.usage_quarter (and the
# migration's back-fill query agreeing with ingest), the demand line on the peak
# quarter-hour across both meters, power above the contracted capacity, the ratchet
# deciding the next month, `audit explain` naming the peak's interval, and the offline
# verifier re-rating the demand line from the bundled records.
#
# Every figure is worked by hand in the comments (E MWh in 15 minutes = E x 4000 kW).
# Lines are shown as: stream class from to quantity unit rate amount.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

fresh_db pdemand
make_key
VK=$VERIFIER_KEY
LV="$LDG_BIN/leaseledger-verify"

cat >"$TMP/site.json" <<'EOF'
{"site": "pw-lab", "name": "Demand test hall",
 "gpus": {"H100": 1000}, "power_mw": "10",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way, Memphis TN",
              "tax_id": "00-0000000"}}
EOF
expect_exit 0 "$LL" site load "$TMP/site.json"

# PD-1: energy 50 per MWh at PUE 1.25; 2 MW contracted at 1000 per MW-month and a
# maximum of 2000 kW, above it 20 per kW-month; demand 11.50 per kW-month, ratchet 80 %
# of the previous 11 periods' peak, PUE not applied to demand.
cat >"$TMP/pd1.json" <<'EOF'
{"contract": "PD-1", "tenant": "powco", "tenant_name": "Pow Co", "site": "pw-lab",
 "currency": "USD", "invoice_series": "PD",
 "starts": "2026-11-01T00:00:00Z", "ends": "2027-11-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 0, "rate": "1", "overage_rate": "1"}],
 "energy": {"rate_per_mwh": "50", "pue": "1.25", "capacity_mw": "2",
            "capacity_rate_per_mw_month": "1000", "overage_rate_per_kw_month": "20",
            "demand": {"rate_per_kw_month": "11.500000",
                       "ratchet": {"percent": "80", "months": 11}, "pue_applies": false}}}
EOF
expect_exit 0 "$LL" contract load "$TMP/pd1.json"
jq '.contract = "PD-2" | .invoice_series = "PE" | .energy.demand.ratchet.months = 0' \
    "$TMP/pd1.json" >"$TMP/bad.json"
expect_exit 65 "$LL" contract load "$TMP/bad.json"
expect_contains "$ERR" 'field "energy.demand.ratchet.months": must be an integer 1..36'

# November: hall-A and hall-B in the quarter-hour 12:00 (0.5 + 0.25 MWh), hall-A alone
# at 12:15 (0.6 MWh), and an hourly record of hall-C (1 MWh: energy, never demand). A
# record of hall-B over [12:35, 12:50) crosses 12:45: F(12:45) = trunc(0.3 x 600 / 900)
# = 0.2 to 12:30, 0.1 to 12:45.
cat >"$TMP/nov.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
powco,pw-lab,hall-A,energy,,2026-11-10T12:00:00Z,2026-11-10T12:15:00Z,500,kwh,A-1200
powco,pw-lab,hall-B,energy,,2026-11-10T12:00:00Z,2026-11-10T12:15:00Z,0.25,mwh,B-1200
powco,pw-lab,hall-A,energy,,2026-11-10T12:15:00Z,2026-11-10T12:30:00Z,0.6,mwh,A-1215
powco,pw-lab,hall-B,energy,,2026-11-10T12:35:00Z,2026-11-10T12:50:00Z,0.3,mwh,B-1235
powco,pw-lab,hall-C,energy,,2026-11-20T00:00:00Z,2026-11-20T01:00:00Z,1,mwh,C-20
EOF
expect_exit 0 "$LL" ingest -q "$TMP/nov.csv"
got=$(sql -c "SELECT string_agg(to_char(quarter AT TIME ZONE 'UTC', 'HH24:MI') || '=' ||
                             qty_micros || '/' || records, ' ' ORDER BY quarter)
           FROM ledger.usage_quarter")
[[ $got == "12:00=750000/2 12:15=600000/1 12:30=200000/1 12:45=100000/1" ]] ||
    fail "15-minute sums after ingest: $got"
# The migration's back-fill of records stored before it gives the same sums.
sed -n '/^SELECT tenant_id, q, site_id/,/^GROUP BY/p' "$LDG_SRC/migrations/0014_demand.sql" |
    sed 's/;$//' >"$TMP/backfill.sql"
got=$(sql -c "SELECT string_agg(to_char(q AT TIME ZONE 'UTC', 'HH24:MI') || '=' || s || '/' || n,
                             ' ' ORDER BY q)
           FROM ($(sed 's/sum(piece)::bigint/sum(piece)::bigint AS s/; s/count(\*)::int/count(*)::int AS n/' \
                   "$TMP/backfill.sql")) b")
[[ $got == "12:00=750000/2 12:15=600000/1 12:30=200000/1 12:45=100000/1" ]] ||
    fail "the migration's back-fill gives other sums: $got"

check_invoice()
{
    cat >"$TMP/expected"
    expect_exit 0 "$LL" invoice show "$1" --format json
    jq -r '.data as $d | "\($d.number) total=\($d.total)",
          ($d.lines[] | [.stream, (.class // "-"), (.from | sub(":00:00Z$"; "")),
                         (.to | sub(":00:00Z$"; "")), .quantity, .unit, .rate, .amount]
                      | join(" "))' "$OUT" >"$TMP/got" || fail "invoice $1: JSON unreadable"
    if ! diff -u "$TMP/expected" "$TMP/got" >"$TMP/diff"; then
        cat "$TMP/diff" >&2
        fail "invoice $1 differs from the hand-worked lines (- expected, + got)"
    fi
}

# November (720 h, all covered):
#   energy 0.5 + 0.25 + 0.6 + 0.3 + 1 = 2.65 MWh x 1.25 = 3.3125 MWh x 50 = 165.625
#     -> 165.63
#   power_capacity 2 MW x 720 / 720 = 2.000000 mw_month x 1000 = 2000.00
#   demand: peak quarter-hour 12:00, 0.75 MWh (both meters) = 3000 kW; no earlier
#     period: 3000.000000 kw_month x 11.50 = 34500.00
#   power_overage: 3000 kW - 2000 kW contracted = 1000.000000 kw_month x 20 = 20000.00
#   total 165.63 + 2000 + 34500 + 20000 = 56665.63
expect_exit 0 "$LL" bill --period 2026-11 --tenant powco --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice PD-2026-000001 for contract PD-1 (powco): total 56665.63 USD"
check_invoice PD-2026-000001 <<'EOF'
PD-2026-000001 total=56665.63
energy - 2026-11-01T00 2026-12-01T00 3.312500 mwh 50.000000 165.63
power_capacity - 2026-11-01T00 2026-12-01T00 2.000000 mw_month 1000.000000 2000.00
demand - 2026-11-01T00 2026-12-01T00 3000.000000 kw_month 11.500000 34500.00
power_overage - 2026-11-01T00 2026-12-01T00 1000.000000 kw_month 20.000000 20000.00
EOF
expect_exit 0 "$LL" audit explain --invoice PD-2026-000001 --line 3
expect_contains "$OUT" "metered peak: the quarter-hour 2026-11-10T12:00:00Z .. 2026-11-10T12:15:00Z, 0.750000 MWh"
expect_contains "$OUT" "the same as the invoice"
expect_exit 0 "$LL" audit explain --invoice PD-2026-000001 --line 4
expect_contains "$OUT" "above the contracted 2000.000000 kW (capacity_mw × 1000) by 1000.000000 kW"

# The offline verifier re-rates the demand and overage lines from the bundled records.
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" audit bundle --invoice PD-2026-000001 --out "$TMP/nov.json"
expect_exit 0 "$LV" "$TMP/nov.json" --vkey "$VK"

# December (744 h): one quarter-hour of 0.5 MWh = 2000 kW. The ratchet: 80 % of
# November's 3000 kW = 2400 kW > 2000 kW decides: 2400.000000 kw_month x 11.50 =
# 27600.00. 2000 kW is not above the 2000 kW contracted: no power_overage.
#   energy 0.5 x 1.25 = 0.625 MWh x 50 = 31.25; power_capacity 2000.00
#   total 31.25 + 2000 + 27600 = 29631.25
printf '%s\n' "tenant,site,meter,kind,class,start,end,quantity,unit,event_id" \
    "powco,pw-lab,hall-A,energy,,2026-12-05T08:00:00Z,2026-12-05T08:15:00Z,0.5,mwh,A-D05" \
    >"$TMP/dec.csv"
expect_exit 0 "$LL" ingest -q "$TMP/dec.csv"
expect_exit 0 "$LL" bill --period 2026-12 --tenant powco --as-of 2027-01-01T02:00:00Z
expect_contains "$OUT" "issued invoice PD-2027-000001 for contract PD-1 (powco): total 29631.25 USD"
check_invoice PD-2027-000001 <<'EOF'
PD-2027-000001 total=29631.25
energy - 2026-12-01T00 2027-01-01T00 0.625000 mwh 50.000000 31.25
power_capacity - 2026-12-01T00 2027-01-01T00 2.000000 mw_month 1000.000000 2000.00
demand - 2026-12-01T00 2027-01-01T00 2400.000000 kw_month 11.500000 27600.00
EOF
expect_exit 0 "$LL" audit explain --invoice PD-2027-000001 --line 3
expect_contains "$OUT" "ratchet: 80.000000 % × the previous 11 periods' peak 3000.000000 kW (quarter-hour from 2026-11-10T12:00:00Z); it exceeds the metered peak and decides"

# Reconcile: November has 30 x 96 = 2880 quarter-hours, 4 with 15-minute data (12:00,
# 12:15, 12:30, 12:45 on Nov 10): 2876 missing, the first Nov 1 00:00; hall-C's hourly
# 1 MWh does not count toward demand (demand_data, warn). The 3000 kW peak is above the
# 2000 kW contracted (power_overage, info, over the peak quarter-hour).
expect_exit 0 "$LL" reconcile --period 2026-11 --tenant powco --format json
jq -e '[.[] | select(.kind == "demand_data")] | length == 1 and
       (.[0] | .severity == "warn" and .numbers.missing == 2876 and
        .numbers.quarter_hours == 2880 and .numbers.first_missing == "2026-11-01T00:00:00Z"
        and .numbers.longer_records_mwh == "1.000000")' "$OUT" >/dev/null ||
    fail "reconcile: no demand_data warning with the missing quarter-hours: $(cat "$OUT")"
jq -e '[.[] | select(.kind == "power_overage")] | length == 1 and
       (.[0] | .severity == "info" and .numbers.peak_kw == "3000.000000" and
        .numbers.capacity_kw == "2000.000000" and .from == "2026-11-10T12:00:00Z" and
        .to == "2026-11-10T12:15:00Z")' "$OUT" >/dev/null ||
    fail "reconcile: no power_overage finding: $(cat "$OUT")"

# The offline verifier re-rates December's ratchet from the bundle, which carries
# November's 15-minute energy records (the ratchet's earlier period).
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" audit bundle --invoice PD-2027-000001 --out "$TMP/dec.json"
expect_exit 0 "$LV" "$TMP/dec.json" --vkey "$VK"

# `leaseledger verify` rebuilds the 15-minute sums from the log and names one changed.
expect_exit 0 "$LL" verify -q
expect_contains "$OUT" ", 0 problems"
# Migration 0014's back-fill, run over every record stored so far (as on a database
# migrated from before it), writes exactly the sums verify rebuilds from the log.
sql -c "DELETE FROM ledger.usage_quarter"
sed -n '/^INSERT INTO ledger.usage_quarter/,/^GROUP BY/p' "$LDG_SRC/migrations/0014_demand.sql" \
    >"$TMP/fill.sql"
sql -f "$TMP/fill.sql"
[[ $(sql -c "SELECT count(*) FROM ledger.usage_quarter") == 5 ]] ||
    fail "the back-fill wrote $(sql -c "SELECT count(*) FROM ledger.usage_quarter") sums, not 5"
expect_exit 0 "$LL" verify -q
expect_contains "$OUT" ", 0 problems"
sql -c "SET ROLE ldg_writer; UPDATE ledger.usage_quarter SET qty_micros = qty_micros + 1
        WHERE quarter = '2026-11-10T12:15:00Z'"
expect_exit 1 "$LL" verify -q
expect_contains "$OUT" "15-minute energy sum at 2026-11-10T12:15:00Z (site 1) holds 600001 micro-MWh of 1 records; the log's records sum to 600000 of 1"
sql -c "SET ROLE ldg_writer; UPDATE ledger.usage_quarter SET qty_micros = qty_micros - 1
        WHERE quarter = '2026-11-10T12:15:00Z'"
expect_exit 0 "$LL" verify -q

# A correction after November was invoiced: hall-B's 12:00 record goes to 0. November's
# quarter-hours become 12:00 = 0.5 MWh (2000 kW) and 12:15 = 0.6 MWh (2400 kW): the peak
# moves to 12:15. Re-rated: demand 2400 x 11.50 = 27600.00 (was 34500.00); overage
# 400 kW x 20 = 8000.00 (was 20000.00); energy 2.4 MWh x 1.25 x 50 = 150.00 (was 165.63).
# Every difference is negative: one credit note of -15.63 - 6900.00 - 12000.00 =
# -18915.63, its lines by key (the demand line's: -600.000000 kW-months).
printf '%s\n' "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects" \
    "powco,pw-lab,hall-B,energy,,2026-11-10T12:00:00Z,2026-11-10T12:15:00Z,-0.25,mwh,B-1200-fix,B-1200" \
    >"$TMP/fix.csv"
expect_exit 0 "$LL" ingest -q "$TMP/fix.csv"
expect_exit 0 "$LL" bill --period 2026-11 --tenant powco --as-of 2027-01-02T02:00:00Z
expect_contains "$OUT" "issued credit note PD-2027-000002 for contract PD-1 (powco): total -18915.63 USD"
check_invoice PD-2027-000002 <<'EOF'
PD-2027-000002 total=-18915.63
energy - 2026-11-01T00 2026-12-01T00 -0.312500 mwh 50.000000 -15.63
demand - 2026-11-01T00 2026-12-01T00 -600.000000 kw_month 11.500000 -6900.00
power_overage - 2026-11-01T00 2026-12-01T00 -600.000000 kw_month 20.000000 -12000.00
EOF
expect_exit 0 "$LL" audit explain --invoice PD-2027-000002 --line 2
expect_contains "$OUT" "metered peak: the quarter-hour 2026-11-10T12:15:00Z .. 2026-11-10T12:30:00Z, 0.600000 MWh"
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" audit bundle --invoice PD-2027-000002 --out "$TMP/fix.json"
expect_exit 0 "$LV" "$TMP/fix.json" --vkey "$VK"

# Hourly data alone: PD-H (tenant hourco, same terms) meters one hour of 2 MWh. Energy
# 2 x 1.25 x 50 = 125.00 and power_capacity 2000.00 are billed; there is no demand line
# (hourly data never makes demand), and reconcile warns: all 2880 quarter-hours missing.
jq '.contract = "PD-H" | .tenant = "hourco" | .tenant_name = "Hour Co" | .invoice_series = "PH"' \
    "$TMP/pd1.json" >"$TMP/pdh.json"
expect_exit 0 "$LL" contract load "$TMP/pdh.json"
printf '%s\n' "tenant,site,meter,kind,class,start,end,quantity,unit,event_id" \
    "hourco,pw-lab,hall-H,energy,,2026-11-10T12:00:00Z,2026-11-10T13:00:00Z,2,mwh,H-1" \
    >"$TMP/hour.csv"
expect_exit 0 "$LL" ingest -q "$TMP/hour.csv"
expect_exit 0 "$LL" bill --period 2026-11 --tenant hourco --as-of 2027-01-02T03:00:00Z
expect_contains "$OUT" "issued invoice PH-2027-000001 for contract PD-H (hourco): total 2125.00 USD"
expect_exit 0 "$LL" reconcile --period 2026-11 --tenant hourco --format json
jq -e '[.[] | select(.kind == "demand_data")] | length == 1 and
       (.[0].numbers | .missing == 2880 and .longer_records_mwh == "2.000000")' "$OUT" \
    >/dev/null || fail "reconcile: hourly data alone gives no demand_data warning: $(cat "$OUT")"
expect_contains "$OUT" "no demand line"
