#!/usr/bin/env bash
# e2e.billing_amend: what happens to a period after its invoice (DESIGN.md "Billing
# rules": an issued invoice never changes; the difference is a supplementary invoice or
# a credit note naming it), idempotence, gapless numbers, --dry-run, and the bad inputs
# of `bill` and `contract load` (issue "Contracts, rating, reconciliation and the nightly
# billing batch", "Bad input").
#
# Expected amounts are worked out by hand in the comments.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

fresh_db amend
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"

# Everything that a write would change: log sizes, checkpoints, invoices, lines,
# counters, contract documents.
footprint()
{
    sql -c "SELECT 'logs', coalesce(sum(size), 0) FROM ledger.log_head
            UNION ALL SELECT 'checkpoints', count(*) FROM ledger.checkpoint
            UNION ALL SELECT 'invoices', count(*) FROM ledger.invoice
            UNION ALL SELECT 'lines', count(*) FROM ledger.invoice_line
            UNION ALL SELECT 'counters', coalesce(sum(last), 0) FROM ledger.invoice_counter
            UNION ALL SELECT 'contracts', count(*) FROM ledger.contract_doc
            UNION ALL SELECT 'tenants', count(*) FROM ledger.tenant"
}

# check_doc NUMBER < EXPECTED: the document's JSON, one line for the document and one
# per invoice line (stream class from to quantity unit rate amount), exactly.
check_doc()
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
        fail "document $1 differs from the hand-worked lines (- expected, + got)"
    fi
}

usage_file()
{
    {
        echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
        cat
    } >"$1"
}

# --- the contracts ------------------------------------------------------------------------
# LATE-1 (tenant late, series LT) from 2027-05-01: 1 H100 at 1.000000, overage 2.000000,
# energy 50.000000 per MWh at PUE 1. OT-1 (tenant other, series OT): 2 H100 at 1.000000.
cat >"$TMP/late.json" <<'EOF'
{"contract": "LATE-1", "tenant": "late", "tenant_name": "Late Meters Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "LT",
 "starts": "2027-05-01T00:00:00Z", "ends": "2028-05-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "2.000000"}],
 "energy": {"rate_per_mwh": "50.000000", "pue": "1.000000"}}
EOF
cat >"$TMP/other.json" <<'EOF'
{"contract": "OT-1", "tenant": "other", "tenant_name": "Other Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "OT",
 "starts": "2027-05-01T00:00:00Z", "ends": "2028-05-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 2, "rate": "1.000000", "overage_rate": "2.000000"}]}
EOF
expect_exit 0 "$LL" contract load "$TMP/late.json"
expect_exit 0 "$LL" contract load "$TMP/other.json"

# May 2027 = 31 d = 744 h. LATE-1's usage: 800 GPU-h and 10 MWh over the month.
#   reserved 1 x 744 x 1.00 = 744.00; overage 800 - 744 = 56 x 2.00 = 112.00;
#   energy 10 x 1 x 50 = 500.00; total 1356.00
# OT-1: reserved 2 x 744 x 1.00 = 1488.00, no usage.
usage_file "$TMP/may.csv" <<'EOF'
late,lab-1,pod-1,gpu,H100,2027-05-01T00:00:00Z,2027-06-01T00:00:00Z,800,gpu_hour,g1,
late,lab-1,hall-A,energy,,2027-05-01T00:00:00Z,2027-06-01T00:00:00Z,10,mwh,e1,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/may.csv"
expect_exit 0 "$LL" seal -q

# =========================================================================================
# --dry-run prints the drafts and writes nothing.
# =========================================================================================
footprint >"$TMP/before"
expect_exit 0 "$LL" bill --period 2027-05 --as-of 2027-06-01T02:00:00Z --dry-run
expect_contains "$OUT" "draft invoice LT-2027-000001 for contract LATE-1 (late): total 1356.00 USD"
expect_contains "$OUT" "draft invoice OT-2027-000001 for contract OT-1 (other): total 1488.00 USD"
expect_exit 0 "$LL" bill --period 2027-05 --tenant late --as-of 2027-06-01T02:00:00Z \
    --dry-run --format json
[[ $(jq -r '.[0].draft, .[0].kind, .[0].data.number, .[0].data.total' "$OUT" | tr '\n' ' ') == \
    "true invoice LT-2027-000001 1356.00 " ]] || fail "the JSON dry run is not the draft"
footprint >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" ||
    fail "bill --dry-run wrote something: $(diff "$TMP/before" "$TMP/after" | tr '\n' ' ')"
expect_exit 0 "$LL" invoice list --format csv
[[ $(wc -l <"$OUT") == 1 ]] || fail "a dry run left an invoice"

# =========================================================================================
# The originals, then idempotence.
# =========================================================================================
expect_exit 0 "$LL" bill --period 2027-05 --as-of 2027-06-01T02:00:00Z
expect_contains "$OUT" "issued invoice LT-2027-000001 for contract LATE-1 (late): total 1356.00 USD"
expect_contains "$OUT" "issued invoice OT-2027-000001 for contract OT-1 (other): total 1488.00 USD"
check_doc LT-2027-000001 <<'EOF'
invoice LT-2027-000001 LATE-1 2027-05 USD amends=- total=1356.00
gpu_reserved H100 2027-05-01T00 2027-06-01T00 744.000000 gpu_hour 1.000000 744.00
gpu_overage H100 2027-05-01T00 2027-06-01T00 56.000000 gpu_hour 2.000000 112.00
energy - 2027-05-01T00 2027-06-01T00 10.000000 mwh 50.000000 500.00
EOF
check_doc OT-2027-000001 <<'EOF'
invoice OT-2027-000001 OT-1 2027-05 USD amends=- total=1488.00
gpu_reserved H100 2027-05-01T00 2027-06-01T00 1488.000000 gpu_hour 1.000000 1488.00
EOF

# bill again, later, and nightly without a spool: nothing changes (sealed first: the
# invoices are log entries that the first seal after them covers)
expect_exit 0 "$LL" seal -q
footprint >"$TMP/before"
expect_exit 0 "$LL" invoice list --format csv
cp "$OUT" "$TMP/list-before"
expect_exit 0 "$LL" bill --period 2027-05 --as-of 2027-06-01T05:00:00Z
expect_contains "$OUT" "unchanged: contract LATE-1 (late) period 2027-05 is invoiced and has no new usage"
expect_contains "$OUT" "unchanged: contract OT-1 (other) period 2027-05 is invoiced and has no new usage"
expect_not_contains "$OUT" "issued"
expect_exit 0 "$LL" nightly --as-of 2027-06-01T05:00:00Z
expect_contains "$OUT" "documents: 0 invoices issued, 0 supplementary invoices or credit notes, 2 periods unchanged, 0 held"
expect_exit 0 "$LL" invoice list --format csv
cmp -s "$OUT" "$TMP/list-before" || fail "re-running bill changed the invoice list"
footprint >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" ||
    fail "re-running bill wrote something: $(diff "$TMP/before" "$TMP/after" | tr '\n' ' ')"

# =========================================================================================
# Late usage: a supplementary invoice for exactly the difference.
#
# 10 more GPU-h of May arrive on 2 June (another meter). Re-rated: overage 810 - 744 = 66
# x 2.00 = 132.00, 20.00 more than invoiced; every other line is unchanged. The
# supplementary invoice LT-2027-000002 amends LT-2027-000001 with one line: +10 GPU-h,
# +20.00. OT-1 is unchanged.
# =========================================================================================
mkdir -p "$TMP/spool"
usage_file "$TMP/spool/late-1.csv" <<'EOF'
late,lab-1,pod-2,gpu,H100,2027-05-20T00:00:00Z,2027-05-21T00:00:00Z,10,gpu_hour,g2,
EOF
expect_exit 0 "$LL" nightly --spool "$TMP/spool" --as-of 2027-06-02T02:00:00Z
expect_contains "$OUT" "issued supplementary invoice LT-2027-000002 to late (contract LATE-1, period 2027-05): 20.00 USD"
expect_contains "$OUT" "documents: 0 invoices issued, 1 supplementary invoices or credit notes, 1 periods unchanged, 0 held"
check_doc LT-2027-000002 <<'EOF'
invoice LT-2027-000002 LATE-1 2027-05 USD amends=LT-2027-000001 total=20.00
gpu_overage H100 2027-05-01T00 2027-06-01T00 10.000000 gpu_hour 2.000000 20.00
EOF

# =========================================================================================
# A correction lowering usage: a credit note with negative lines.
#
# e1 (10 MWh) is corrected by -2 MWh. Re-rated energy: 8 x 50 = 400.00, 100.00 less.
# Credit note LT-2027-000003 amends LT-2027-000001: -2 MWh, -100.00.
# =========================================================================================
usage_file "$TMP/spool/late-2.csv" <<'EOF'
late,lab-1,hall-A,energy,,2027-05-01T00:00:00Z,2027-06-01T00:00:00Z,-2,mwh,e1-fix,e1
EOF
expect_exit 0 "$LL" nightly --spool "$TMP/spool" --as-of 2027-06-03T02:00:00Z
expect_contains "$OUT" "issued credit note LT-2027-000003 to late (contract LATE-1, period 2027-05): -100.00 USD"
check_doc LT-2027-000003 <<'EOF'
credit_note LT-2027-000003 LATE-1 2027-05 USD amends=LT-2027-000001 total=-100.00
energy - 2027-05-01T00 2027-06-01T00 -2.000000 mwh 50.000000 -100.00
EOF

# =========================================================================================
# Both at once: one stream up, another down.
#
# 5 more GPU-h (overage 71 x 2.00 = 142.00: +10.00) and energy corrected by -1 MWh more
# (7 x 50 = 350.00: -50.00), billed by `bill` this time: a supplementary invoice
# (+5 GPU-h, +10.00) and a credit note (-1 MWh, -50.00), both amending the original.
# What was issued for May now adds up to the re-rated period:
# 1356.00 + 20.00 - 100.00 + 10.00 - 50.00 = 1236.00 = 744.00 + 142.00 + 350.00.
# =========================================================================================
usage_file "$TMP/both.csv" <<'EOF'
late,lab-1,pod-3,gpu,H100,2027-05-25T00:00:00Z,2027-05-26T00:00:00Z,5,gpu_hour,g3,
late,lab-1,hall-A,energy,,2027-05-01T00:00:00Z,2027-06-01T00:00:00Z,-1,mwh,e1-fix2,e1
EOF
expect_exit 0 "$LL" ingest -q "$TMP/both.csv"
expect_exit 0 "$LL" bill --period 2027-05 --tenant late --as-of 2027-06-04T02:00:00Z
expect_contains "$OUT" "issued supplementary invoice LT-2027-000004 for contract LATE-1 (late): total 10.00 USD"
expect_contains "$OUT" "issued credit note LT-2027-000005 for contract LATE-1 (late): total -50.00 USD"
check_doc LT-2027-000004 <<'EOF'
invoice LT-2027-000004 LATE-1 2027-05 USD amends=LT-2027-000001 total=10.00
gpu_overage H100 2027-05-01T00 2027-06-01T00 5.000000 gpu_hour 2.000000 10.00
EOF
check_doc LT-2027-000005 <<'EOF'
credit_note LT-2027-000005 LATE-1 2027-05 USD amends=LT-2027-000001 total=-50.00
energy - 2027-05-01T00 2027-06-01T00 -1.000000 mwh 50.000000 -50.00
EOF
[[ $(sql -c "SELECT sum(i.total_micros) FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)
             WHERE t.tenant = 'late' AND i.period = '2027-05'") == 1236000000 ]] ||
    fail "the documents of May do not add up to the re-rated 1236.00"
# a dry run now drafts the same re-rating: nothing new
expect_exit 0 "$LL" bill --period 2027-05 --tenant late --as-of 2027-06-04T03:00:00Z --dry-run
expect_contains "$OUT" "unchanged: contract LATE-1 (late) period 2027-05"

# re-running changes nothing, by bill or by nightly
expect_exit 0 "$LL" seal -q
footprint >"$TMP/before"
expect_exit 0 "$LL" invoice list --format csv
cp "$OUT" "$TMP/list-before"
expect_exit 0 "$LL" nightly --spool "$TMP/spool" --as-of 2027-06-04T02:00:00Z
expect_contains "$OUT" "files 0 taken, 0 failed, 0 already taken"
expect_contains "$OUT" "documents: 0 invoices issued, 0 supplementary invoices or credit notes, 2 periods unchanged, 0 held"
expect_exit 0 "$LL" bill --period 2027-05 --as-of 2027-06-04T02:00:00Z
expect_not_contains "$OUT" "issued"
expect_exit 0 "$LL" invoice list --format csv
cmp -s "$OUT" "$TMP/list-before" || fail "re-running changed the invoice list"
footprint >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" ||
    fail "re-running wrote something: $(diff "$TMP/before" "$TMP/after" | tr '\n' ' ')"

# =========================================================================================
# Numbers: gapless per series and year. The first invoice issued in 2028 starts the LT
# series again at 000001: December 2027 (744 h, take-or-pay): 744.00.
# =========================================================================================
expect_exit 0 "$LL" bill --period 2027-12 --tenant late --as-of 2028-01-01T02:00:00Z
expect_contains "$OUT" "issued invoice LT-2028-000001 for contract LATE-1 (late): total 744.00 USD"
expect_exit 0 "$LL" invoice list --format csv
cut -d, -f1 "$OUT" | tail -n +2 | sort >"$TMP/numbers"
printf '%s\n' LT-2027-000001 LT-2027-000002 LT-2027-000003 LT-2027-000004 LT-2027-000005 \
    LT-2028-000001 OT-2027-000001 >"$TMP/expected-numbers"
diff -u "$TMP/expected-numbers" "$TMP/numbers" >&2 || fail "invoice numbers are not gapless"
[[ $(sql -c "SELECT string_agg(series || ' ' || year || ' ' || last, ', ' ORDER BY series, year)
             FROM ledger.invoice_counter") == "LT 2027 5, LT 2028 1, OT 2027 1" ]] ||
    fail "the counters do not match the numbers issued"
expect_exit 0 "$LL" invoice list --format json
[[ $(jq -r '[.[] | select(.amends == "LT-2027-000001") | .number] | join(" ")' "$OUT") == \
    "LT-2027-000002 LT-2027-000003 LT-2027-000004 LT-2027-000005" ]] ||
    fail "the supplementary invoices and credit notes do not all name LT-2027-000001"

# =========================================================================================
# Bad input to bill.
# =========================================================================================
footprint >"$TMP/before"
expect_exit 64 "$LL" bill --period 2026-13
expect_contains "$ERR" 'invalid period "2026-13": month 13 is out of range 01..12'
expect_exit 64 "$LL" bill --period 2026-1
expect_contains "$ERR" 'invalid period "2026-1": expected YYYY-MM'
expect_exit 64 "$LL" bill --period nov
expect_contains "$ERR" 'invalid period "nov": expected YYYY-MM'
expect_exit 64 "$LL" bill
expect_contains "$ERR" "--period YYYY-MM is required"
expect_exit 64 "$LL" bill --period 2027-05 --as-of yesterday
expect_contains "$ERR" "--as-of"
expect_exit 64 "$LL" bill --period 2027-05 --format xml
expect_contains "$ERR" "--format must be text or json"
expect_exit 64 "$LL" bill --period 2027-05 stray
expect_contains "$ERR" 'unexpected argument "stray"'
# a period that has not ended: the month itself, and one far ahead
expect_exit 65 "$LL" bill --period 2027-06 --as-of 2027-06-30T23:59:59Z
expect_contains "$ERR" "period 2027-06 has not ended yet: it cannot be billed"
expect_exit 65 "$LL" bill --period 2999-01
expect_contains "$ERR" "period 2999-01 has not ended yet"
expect_exit 1 "$LL" bill --period 2027-05 --tenant nobody --as-of 2027-06-04T02:00:00Z
expect_contains "$ERR" 'tenant "nobody" has no contract'
expect_exit 64 "$LL" nightly --as-of 2027-13-01T00:00:00Z
expect_contains "$ERR" "--as-of"
footprint >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || fail "a refused bill wrote something"

# =========================================================================================
# Contract documents that contradict themselves: refused with the field named, nothing
# stored (no document, no log entry, no tenant).
# =========================================================================================
cat >"$TMP/good.json" <<'EOF'
{"contract": "BAD-1", "tenant": "bad", "tenant_name": "Bad Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "BAD",
 "starts": "2027-01-01T00:00:00Z", "ends": "2028-01-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "2.000000",
          "overage_tiers": [{"up_to": "100", "rate": "1.800000"}, {"rate": "1.500000"}]}],
 "sla": {"target": "99.9", "credits": [{"below": "99.9", "percent": "5"},
                                       {"below": "99.0", "percent": "10"}]}}
EOF
# refused CODE MESSAGE JQ-EDIT: the good document edited by JQ-EDIT is refused with
# exit CODE and MESSAGE, and nothing is stored.
refused()
{
    local code=$1 msg=$2 edit=$3
    jq "$edit" "$TMP/good.json" >"$TMP/bad.json" || fail "jq edit \"$edit\" failed"
    footprint >"$TMP/before"
    expect_exit "$code" "$LL" contract load "$TMP/bad.json"
    expect_contains "$ERR" "$msg"
    footprint >"$TMP/after"
    cmp -s "$TMP/before" "$TMP/after" || fail "a refused contract ($edit) stored something"
}
refused 65 'contract "BAD-1": field "ends": ends before starts' '.ends = "2026-12-01T00:00:00Z"'
refused 65 'contract "BAD-1": field "ends": ends before starts' '.ends = .starts'
refused 65 'contract "BAD-1": field "gpu[0].rate": negative rate' '.gpu[0].rate = "-1.000000"'
refused 65 'contract "BAD-1": field "gpu[0].overage_tiers[0].rate": negative rate' \
    '.gpu[0].overage_tiers[0].rate = "-0.01"'
refused 65 'contract "BAD-1": field "gpu[0].class": unknown GPU class "A100"' '.gpu[0].class = "A100"'
refused 65 'contract "BAD-1": field "gpu[0].overage_tiers[1].up_to": tiers not ascending' \
    '.gpu[0].overage_tiers = [{"up_to": "100", "rate": "2"}, {"up_to": "50", "rate": "1"}, {"rate": "1"}]'
refused 65 'contract "BAD-1": field "gpu[0].overage_tiers[1].up_to": tiers not ascending' \
    '.gpu[0].overage_tiers = [{"up_to": "100", "rate": "2"}, {"up_to": "100", "rate": "1"}]'
refused 65 'contract "BAD-1": field "sla.credits[1].below": bands not descending' \
    '.sla.credits = [{"below": "99.0", "percent": "5"}, {"below": "99.9", "percent": "10"}]'
refused 65 'contract "BAD-1": field "currency"' '.currency = "XYZ"'

# amendments: before the contract starts, for an unknown contract
expect_exit 0 "$LL" contract load "$TMP/good.json"
refused 65 'contract "BAD-1": field "effective": 2026-12-01T00:00:00Z is before the contract starts (2027-01-01T00:00:00Z)' \
    '{contract, tenant, amends: "BAD-1", effective: "2026-12-01T00:00:00Z", gpu}'
refused 65 'contract "NOPE": field "amends": no contract "NOPE" of this tenant to amend' \
    '{contract: "NOPE", tenant, amends: "NOPE", effective: "2027-02-01T00:00:00Z", gpu}'
refused 65 'contract "NOPE": field "amends": no such contract to amend' \
    '{contract: "NOPE", amends: "NOPE", effective: "2027-02-01T00:00:00Z", gpu}'
# a second contract of the tenant in another currency under the same invoice series
refused 65 'contract "BAD-2": field "currency": invoice series "BAD" is already in USD (contract "BAD-1")' \
    '.contract = "BAD-2" | .currency = "EUR"'
# the same series in the same currency is fine, and so is another series in EUR
jq '.contract = "BAD-3"' "$TMP/good.json" >"$TMP/bad3.json"
expect_exit 0 "$LL" contract load "$TMP/bad3.json"
jq '.contract = "BAD-4" | .currency = "EUR" | .invoice_series = "BADEUR"' "$TMP/good.json" >"$TMP/bad4.json"
expect_exit 0 "$LL" contract load "$TMP/bad4.json"

expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "0 problems"

echo "PASS: $TEST_NAME"
