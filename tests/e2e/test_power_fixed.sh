#!/usr/bin/env bash
# e2e.power_fixed: fixed charges (issue 10, DESIGN.md "fixed") end to end: a contract with
# a monthly charge over the whole term, a monthly charge in part of a month and a one-off
# charge, taxed by an entry without "streams"; an amendment replacing a charge by id;
# `audit explain` naming each charge; the offline verifier re-rating the invoices.
#
# Every figure is worked by hand in the comments. Lines are shown as
#   stream class from to quantity unit rate amount
# with whole-hour instants shortened to YYYY-MM-DDTHH.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

fresh_db pfixed
make_key
VK=$VERIFIER_KEY
LV="$LDG_BIN/leaseledger-verify"

cat >"$TMP/site.json" <<'EOF'
{"site": "fx-lab", "name": "Fixed charge test hall",
 "gpus": {"H100": 1000}, "power_mw": "10",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way, Memphis TN",
              "tax_id": "00-0000000"}}
EOF
expect_exit 0 "$LL" site load "$TMP/site.json"

# FX-1 starts Nov 10: November's covered part is [Nov 10, Dec 1) = 504 of 720 hours.
cat >"$TMP/fx1.json" <<'EOF'
{"contract": "FX-1", "tenant": "fixco", "tenant_name": "Fix Co", "site": "fx-lab",
 "currency": "USD", "invoice_series": "FX",
 "starts": "2026-11-10T00:00:00Z", "ends": "2027-11-10T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "1.000000"}],
 "tax": [{"category": "S", "name": "Sales tax", "percent": "7.000000"}],
 "charges": [
   {"id": "xc-100g", "name": "Cross-connects 4 x 100G", "amount": "2400.00", "every": "month"},
   {"id": "install", "name": "Installation", "amount": "50000.00", "every": "once",
    "at": "2026-11-20T00:00:00Z"},
   {"id": "rack", "name": "Temporary rack", "amount": "1234.57", "every": "month",
    "from": "2026-11-12T06:00:00Z", "until": "2026-11-25T00:00:00Z"}]}
EOF
expect_exit 0 "$LL" contract load "$TMP/fx1.json"

# A charge listed twice, and a one-off without "at", are refused at load.
jq '.contract = "FX-2" | .invoice_series = "FY" | .charges += [.charges[0]]' "$TMP/fx1.json" \
    >"$TMP/bad.json"
expect_exit 65 "$LL" contract load "$TMP/bad.json"
expect_contains "$ERR" 'id "xc-100g" is listed twice'
jq '.contract = "FX-2" | .invoice_series = "FY" | .charges[1] |= del(.at)' "$TMP/fx1.json" \
    >"$TMP/bad.json"
expect_exit 65 "$LL" contract load "$TMP/bad.json"
expect_contains "$ERR" 'field "charges[1]": a one-off charge has "at"'

# check_invoice NUMBER < EXPECTED: the document line and one line per invoice line.
check_invoice()
{
    cat >"$TMP/expected"
    expect_exit 0 "$LL" invoice show "$1" --format json
    jq -r '.data as $d
        | "\($d.number) net=\($d.net) tax=\([$d.tax[].amount] | join(",")) total=\($d.total)",
          ($d.lines[] | [.stream, (.class // "-"), (.from | sub(":00:00Z$"; "")),
                         (.to | sub(":00:00Z$"; "")), .quantity, .unit, .rate, .amount]
                      | join(" "))' "$OUT" >"$TMP/got" || fail "invoice $1: JSON unreadable"
    if ! diff -u "$TMP/expected" "$TMP/got" >"$TMP/diff"; then
        cat "$TMP/diff" >&2
        fail "invoice $1 differs from the hand-worked lines (- expected, + got)"
    fi
}

# November, no usage:
#   gpu_reserved 1 x 504 h x 1.00                                   =      504.00
#   fixed xc-100g: 2400.00 x 504 / 720 = 1680.00, quantity 0.700000 month
#   fixed install: once, in the window [Nov 10, Dec 1) holding Nov 20 =  50000.00
#   fixed rack: [Nov 12 06:00, Nov 25) = 18 + 12 x 24 = 306 h; 306 / 720 = 0.425000 month;
#     1234.57 x 306 / 720 = 524.69225 -> 524.69
#   order: span start, span end, month before once: xc-100g, install, rack
#   net 504.00 + 1680.00 + 50000.00 + 524.69 = 52708.69
#   tax (the entry names no streams: every listable one, fixed included)
#     52708.69 x 7 / 100 = 3689.6083 -> 3689.61; total 56398.30
expect_exit 0 "$LL" bill --period 2026-11 --tenant fixco --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice FX-2026-000001 for contract FX-1 (fixco): total 56398.30 USD"
check_invoice FX-2026-000001 <<'EOF'
FX-2026-000001 net=52708.69 tax=3689.61 total=56398.30
gpu_reserved H100 2026-11-10T00 2026-12-01T00 504.000000 gpu_hour 1.000000 504.00
fixed - 2026-11-10T00 2026-12-01T00 0.700000 month 2400.000000 1680.00
fixed - 2026-11-10T00 2026-12-01T00 1.000000 once 50000.000000 50000.00
fixed - 2026-11-12T06 2026-11-25T00 0.425000 month 1234.570000 524.69
EOF

# audit explain names each charge, the document that stated it and the product.
expect_exit 0 "$LL" audit explain --invoice FX-2026-000001 --line 3
expect_contains "$OUT" 'charge "install" (Installation): 50000.000000 USD once at 2026-11-20T00:00:00Z'
expect_contains "$OUT" "the same as the invoice"
expect_exit 0 "$LL" audit explain --invoice FX-2026-000001 --line 4 --format json
jq -e '.lines[0].charges[0] | .id == "rack" and .hours == 306 and .set_by.role == "contract"' \
    "$OUT" >/dev/null || fail "explain json lacks the rack charge's 306 hours"

# An amendment effective Dec 16 replaces xc-100g by 3000.00 a month.
cat >"$TMP/fx1-a1.json" <<'EOF'
{"contract": "FX-1", "amends": "FX-1", "effective": "2026-12-16T00:00:00Z",
 "charges": [{"id": "xc-100g", "name": "Cross-connects 5 x 100G", "amount": "3000.00",
              "every": "month"}]}
EOF
expect_exit 0 "$LL" contract load "$TMP/fx1-a1.json"

# December (744 h): W1 [Dec 1, Dec 16) 360 h, W2 [Dec 16, Jan 1) 384 h.
#   gpu_reserved 360.00 and 384.00
#   fixed W1: 2400 x 360 / 744 = 1161.290322... -> 1161.29, quantity 0.483871
#   fixed W2: 3000 x 384 / 744 = 1548.387096... -> 1548.39, quantity 0.516129
#   net 360 + 384 + 1161.29 + 1548.39 = 3453.68; tax 241.7576 -> 241.76; total 3695.44
expect_exit 0 "$LL" bill --period 2026-12 --tenant fixco --as-of 2027-01-01T02:00:00Z
expect_contains "$OUT" "issued invoice FX-2027-000001 for contract FX-1 (fixco): total 3695.44 USD"
check_invoice FX-2027-000001 <<'EOF'
FX-2027-000001 net=3453.68 tax=241.76 total=3695.44
gpu_reserved H100 2026-12-01T00 2026-12-16T00 360.000000 gpu_hour 1.000000 360.00
gpu_reserved H100 2026-12-16T00 2027-01-01T00 384.000000 gpu_hour 1.000000 384.00
fixed - 2026-12-01T00 2026-12-16T00 0.483871 month 2400.000000 1161.29
fixed - 2026-12-16T00 2027-01-01T00 0.516129 month 3000.000000 1548.39
EOF
expect_exit 0 "$LL" audit explain --invoice FX-2027-000001 --line 4
expect_contains "$OUT" 'charge "xc-100g" (Cross-connects 5 x 100G): 3000.000000 USD every month'
expect_contains "$OUT" "(amendment)"

# The offline verifier re-rates both documents from their bundles, tax included.
expect_exit 0 "$LL" seal -q
for n in FX-2026-000001 FX-2027-000001; do
    expect_exit 0 "$LL" audit bundle --invoice "$n" --out "$TMP/$n.json"
    expect_exit 0 "$LV" "$TMP/$n.json" --vkey "$VK"
    expect_contains "$OUT" "ok: $n: the tax"
done
