#!/usr/bin/env bash
# e2e.receivables (issue 9): statement, report aging, invoice list's due/paid/open/status
# and the journal's payments, from invoices billed here and payments imported from a bank
# CSV (`payment import`).
#
# acme (USD, series AC): 1 H100 reserved at 1.00/GPU-h, no payment terms (due on the
# issue date, as every document issued before the terms land).
#   I1 AC-2025-000001  November 720 h x 1.00 = 720.00, issued 2025-12-01, due 2025-12-01
#   I2 AC-2026-000001  December 744 h x 1.00 = 744.00, issued 2026-01-01, due 2026-01-01
#   P1 2026-01-05  744.00 "Invoice AC-2026-000001": names I2, pays it whole; I1 open 720.00
#   P2 2026-01-10  300.00 no reference: FIFO to I1 (oldest due); I1 open 420.00
#   P3 2026-01-20 1000.00 no reference: 420.00 to I1 (paid), -580.00 credit on account
#   I3 AC-2026-000002  January 744 h x 1.00 = 744.00, issued 2026-02-01: takes the 580.00
#      credit at once, open 164.00
source "$(dirname "$0")/lib.sh"

fresh_db receivables
make_key

cat >"$TMP/site.json" <<'EOF'
{"site": "tiny-1", "name": "Tiny hall", "gpus": {"H100": 10, "H200": 0, "GB200": 0},
 "power_mw": "1", "operator": {"name": "Example Compute Operator LLC",
 "address": "1 Example Way", "tax_id": "00-0000000"}}
EOF
cat >"$TMP/acme.json" <<'EOF'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs",
 "site": "tiny-1", "currency": "USD", "invoice_series": "AC",
 "starts": "2025-11-01T00:00:00Z", "ends": "2026-11-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "2.000000"}]}
EOF
# a month of use in three records (3 log entries a month)
usage()
{
    local m=$1 a=$2 b=$3 c=$4 next=$5
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
    echo "acme,tiny-1,pod-a,gpu,H100,${m}-01T00:00:00Z,${m}-10T00:00:00Z,$a,gpu_hour,$m-a,"
    echo "acme,tiny-1,pod-a,gpu,H100,${m}-10T00:00:00Z,${m}-20T00:00:00Z,$b,gpu_hour,$m-b,"
    echo "acme,tiny-1,pod-a,gpu,H100,${m}-20T00:00:00Z,${next}T00:00:00Z,$c,gpu_hour,$m-c,"
}
usage 2025-11 216 240 264 2025-12-01 >"$TMP/nov.csv"
usage 2025-12 216 240 288 2026-01-01 >"$TMP/dec.csv"
usage 2026-01 216 240 288 2026-02-01 >"$TMP/jan.csv"

expect_exit 0 "$LL" site load "$TMP/site.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"
expect_exit 0 "$LL" ingest -q "$TMP/nov.csv"
expect_exit 0 "$LL" bill --period 2025-11 --as-of 2025-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice AC-2025-000001 for contract AC-1 (acme): total 720.00 USD"
expect_exit 0 "$LL" ingest -q "$TMP/dec.csv"
expect_exit 0 "$LL" bill --period 2025-12 --as-of 2026-01-01T02:00:00Z
expect_contains "$OUT" "issued invoice AC-2026-000001 for contract AC-1 (acme): total 744.00 USD"

# payments after I2 in the log, imported as a bank CSV: P1 matches by the invoice number
# its reference names, P2 and P3 by the tenant column
cat >"$TMP/payments.csv" <<'EOF'
payment_id,tenant,received,amount,currency,reference
P1,acme,2026-01-05,744.00,USD,Invoice AC-2026-000001
P2,acme,2026-01-10,300.00,USD,
P3,acme,2026-01-20,1000.00,USD,
EOF
expect_exit 0 "$LL" payment import "$TMP/payments.csv"
expect_contains "$OUT" "3 payments: 3 matched, 0 unmatched, 0 duplicates"
expect_exit 0 "$LL" ingest -q "$TMP/jan.csv"
expect_exit 0 "$LL" bill --period 2026-01 --as-of 2026-02-01T02:00:00Z
expect_contains "$OUT" "issued invoice AC-2026-000002 for contract AC-1 (acme): total 744.00 USD"

# --- aging at the bucket edges -------------------------------------------------------------
aging()
{
    expect_exit 0 "$LL" report aging --as-of "$1" --format json
    jq -r '.rows[] | [.tenant, .currency, .current, .d1_30, .d31_60, .d61_90, .d91_plus,
                      .credit, .total] | join(" ")' "$OUT"
}
# 2025-12-31: I1 30 days past due -> d1_30
[[ $(aging 2025-12-31) == "acme USD 0.00 720.00 0.00 0.00 0.00 0.00 720.00" ]] ||
    fail "aging 2025-12-31: $(aging 2025-12-31)"
# 2026-01-01: I1 31 days -> d31_60; I2 due today -> current
[[ $(aging 2026-01-01) == "acme USD 744.00 0.00 720.00 0.00 0.00 0.00 1464.00" ]] ||
    fail "aging 2026-01-01: $(aging 2026-01-01)"
# 2026-01-05: P1 named I2; I1 still 720.00, 35 days
[[ $(aging 2026-01-05) == "acme USD 0.00 0.00 720.00 0.00 0.00 0.00 720.00" ]] ||
    fail "aging 2026-01-05: $(aging 2026-01-05)"
# 2026-01-31: all paid, 580.00 on account
[[ $(aging 2026-01-31) == "acme USD 0.00 0.00 0.00 0.00 0.00 -580.00 -580.00" ]] ||
    fail "aging 2026-01-31: $(aging 2026-01-31)"
# 2026-02-28: I3 744.00 - 580.00 = 164.00, due 2026-02-01: 27 days -> d1_30
[[ $(aging 2026-02-28) == "acme USD 0.00 164.00 0.00 0.00 0.00 0.00 164.00" ]] ||
    fail "aging 2026-02-28: $(aging 2026-02-28)"
# the nightly summary's overdue total is the aging's past-due buckets (here I3's 164.00)
expect_exit 0 "$LL" nightly --as-of 2026-02-28T03:00:00Z
expect_contains "$OUT" "nightly: overdue USD 164.00"
expect_exit 0 "$LL" report aging --as-of 2026-01-01T08:00:00Z --format csv
expect_contains "$OUT" "tenant,currency,current,d1_30,d31_60,d61_90,d91_plus,credit,total"
expect_contains "$OUT" "acme,USD,744.00,0.00,720.00,0.00,0.00,0.00,1464.00"
expect_exit 0 "$LL" report aging --as-of 2026-01-01
expect_contains "$OUT" "d91_plus"
expect_exit 64 "$LL" report aging --as-of 2026-02-30
expect_exit 64 "$LL" report aging --period 2026-01
expect_contains "$ERR" "aging takes --as-of, --tenant and --format only"

# --- statement --------------------------------------------------------------------------
# January: opening 720.00 (I1); I2 +744.00, P1 -744.00, P2 -300.00, P3 -1000.00;
# closing 720.00 + 744.00 - 2044.00 = -580.00
expect_exit 0 "$LL" statement --tenant acme --from 2026-01-01 --to 2026-01-31 --format json
cp "$OUT" "$TMP/jan.json"
[[ $(jq -c '[.tenant, .from, .to, .balances]' "$TMP/jan.json") == \
    '["acme","2026-01-01","2026-01-31",[{"currency":"USD","opening":"720.00","closing":"-580.00"}]]' ]] ||
    fail "statement balances: $(jq -c . "$TMP/jan.json")"
[[ $(jq -r '[.items[] | .kind + " " + .id + " " + .amount + " " + .open] | join(", ")' "$TMP/jan.json") == \
    "invoice AC-2026-000001 744.00 0.00, payment P1 -744.00 0.00, payment P2 -300.00 0.00, payment P3 -1000.00 -580.00" ]] ||
    fail "statement items: $(jq -c .items "$TMP/jan.json")"
[[ $(jq -r '.items[] | select(.id == "P3") | [.allocations[] | .to + " " + .amount] | join(", ")' "$TMP/jan.json") == \
    "AC-2025-000001 420.00" ]] || fail "P3's allocations: $(jq -c .items "$TMP/jan.json")"
# February: opening -580.00; I3 +744.00 (580.00 of it from P3's credit); closing 164.00
expect_exit 0 "$LL" statement --tenant acme --to 2026-02-28 --format json
[[ $(jq -c '[.from, .balances[0].opening, .balances[0].closing, (.items | length),
             [.items[0].allocations[] | .from + " " + .amount]]' "$OUT") == \
    '["2026-02-01","-580.00","164.00",1,["P3 580.00"]]' ]] ||
    fail "February statement: $(jq -c . "$OUT")"
expect_exit 0 "$LL" statement --tenant acme --from 2026-01-01 --to 2026-01-31
expect_contains "$OUT" "Statement of account: acme, 1–31 January 2026" # issue 16: in words
expect_contains "$OUT" "Opening balance"
expect_contains "$OUT" "-580.00"
expect_exit 0 "$LL" statement --tenant acme --to 2026-01-31 --format pdf --out "$TMP/st.pdf"
[[ $(head -c 5 "$TMP/st.pdf") == "%PDF-" ]] || fail "statement pdf is not a PDF"
expect_exit 1 "$LL" statement --tenant nobody
expect_contains "$ERR" 'no tenant "nobody"'
expect_exit 64 "$LL" statement --tenant acme --from 2026-02-01 --to 2026-01-01
expect_exit 64 "$LL" statement --tenant acme --format pdf

# --- invoice list -------------------------------------------------------------------------
expect_exit 0 "$LL" invoice list --format csv --as-of 2026-01-15
cat >"$TMP/list.want" <<'EOF'
number,kind,tenant,contract,period,amends,currency,total,issued,due,paid,open,status
AC-2025-000001,invoice,acme,AC-1,2025-11,,USD,720.00,2025-12-01T02:00:00Z,2025-12-01,300.00,420.00,overdue
AC-2026-000001,invoice,acme,AC-1,2025-12,,USD,744.00,2026-01-01T02:00:00Z,2026-01-01,744.00,0.00,paid
AC-2026-000002,invoice,acme,AC-1,2026-01,,USD,744.00,2026-02-01T02:00:00Z,2026-02-01,,,
EOF
diff -u "$TMP/list.want" "$OUT" >&2 || fail "invoice list --as-of 2026-01-15"
expect_exit 0 "$LL" invoice list --format json --as-of 2026-02-01
[[ $(jq -c '[.[] | [.number, .paid, .open, .status]]' "$OUT") == \
    '[["AC-2025-000001","720.00","0.00","paid"],["AC-2026-000001","744.00","0.00","paid"],["AC-2026-000002","580.00","164.00","open"]]' ]] ||
    fail "invoice list json: $(jq -c . "$OUT")"

# --- journals: balanced, accepted, receivable = aging total at each month end -------------
bal=0
# beancount period files open no account (issue 16): the opens file does, once
expect_exit 0 "$LL" export journal --opens --format beancount --out "$TMP/opens.bean"
printf 'include "%s"\n' "$TMP/opens.bean" >"$TMP/all.bean"
for p in 2025-12 2026-01 2026-02; do
    expect_exit 0 "$LL" export journal --period $p --format hledger --out "$TMP/$p.journal"
    expect_exit 0 hledger -f "$TMP/$p.journal" check -s
    expect_exit 0 "$LL" export journal --period $p --format ledger --out "$TMP/$p.ledger"
    expect_exit 0 ledger -f "$TMP/$p.ledger" --pedantic bal
    if command -v bean-check >/dev/null; then
        expect_exit 0 "$LL" export journal --period $p --format beancount --out "$TMP/$p.bean"
        printf 'include "%s"\n' "$TMP/$p.bean" >>"$TMP/all.bean"
        expect_exit 0 bean-check "$TMP/all.bean"
    fi
    expect_exit 0 hledger -f "$TMP/$p.journal" bal -N --layout=bare -O csv acct:Receivable
    v=$(tail -n +2 "$OUT" | tr -d '"' | awk -F, '{ print $3 }')
    v=${v:-0}
    bal=$(echo "$bal + $v" | bc)
    last=$(date -d "$p-01 +1 month -1 day" +%F)
    want=$(aging "$last" | awk '{ print $9 }')
    [[ $(printf '%.2f' "$bal") == "$want" ]] ||
        fail "receivable after $p is $bal in the journals, aging total at $last is $want"
done
expect_exit 0 hledger -f "$TMP/2026-01.journal" bal -N --layout=bare -O csv acct:Bank
expect_contains "$OUT" "2044.00"
grep -q "Assets:Bank:USD" "$TMP/2026-01.journal" || fail "no bank account in January's journal"

# --- a document with tax (issue 9's data: net, tax, total, due) ----------------------------
# The terms that issue such documents are another part of issue 9; this one is written
# straight into the store to check the views read it. Period 2026-02, issued 2026-03-01,
# due 2026-03-31 (net 30): gpu_reserved 100.00; "Tennessee sales tax" S 7 % of 100.00 =
# 7.00; "Export" E 0 % = 0.00; total 107.00.
sql -c "INSERT INTO ledger.invoice (tenant_id, number, seq, kind, contract_id, period,
          amends, currency, total_micros, issued_at, rated_size, rated_root, doc)
        SELECT tenant_id, 'AC-2026-000099', (SELECT max(seq) FROM ledger.invoice) + 100,
          'invoice', 'AC-1', '2026-02', NULL, 'USD', 107000000, '2026-03-01T02:00:00Z', 1,
          '\\x00', jsonb_build_object('total', '107.00', 'net', '100.00', 'due', '2026-03-31',
          'tax', jsonb_build_array(
            jsonb_build_object('category', 'S', 'name', 'Tennessee sales tax',
              'percent', '7.000000', 'taxable', '100.00', 'amount', '7.00'),
            jsonb_build_object('category', 'E', 'name', 'Export',
              'percent', '0.000000', 'taxable', '0.00', 'amount', '0.00')))
        FROM ledger.tenant WHERE tenant = 'acme';
        INSERT INTO ledger.invoice_line (tenant_id, number, line_no, stream, class, from_at,
          to_at, qty_micros, unit, rate_micros, amount_micros)
        SELECT tenant_id, 'AC-2026-000099', 1, 'gpu_reserved', 'H100', '2026-02-01T00:00:00Z',
          '2026-03-01T00:00:00Z', 100000000, 'gpu_hour', 1000000, 100000000
        FROM ledger.tenant WHERE tenant = 'acme'" >/dev/null
# aging 2026-03-01: I3 164.00 is 28 days past due (d1_30); the new one is due 2026-03-31
# (current) for its total with tax, 107.00; total 271.00
[[ $(aging 2026-03-01) == "acme USD 107.00 164.00 0.00 0.00 0.00 0.00 271.00" ]] ||
    fail "aging 2026-03-01 with a taxed document: $(aging 2026-03-01)"
# journal: receivable 107.00 = revenue 100.00 + tax 7.00; the exempt entry posts nothing
expect_exit 0 "$LL" export journal --period 2026-03 --format hledger --out "$TMP/mar.journal"
expect_exit 0 hledger -f "$TMP/mar.journal" check -s
expect_exit 0 hledger -f "$TMP/mar.journal" bal --flat -N --layout=bare -O csv
tail -n +2 "$OUT" | tr -d '"' | LC_ALL=C sort >"$TMP/mar.bal"
cat >"$TMP/mar.want" <<'EOF'
Assets:Receivable:Acme,USD,107.00
Liabilities:SalesTax:Tennessee-sales-tax,USD,-7.00
Revenue:GpuReserved,USD,-100.00
EOF
diff -u "$TMP/mar.want" "$TMP/mar.bal" >&2 || fail "March journal balances"
expect_exit 0 "$LL" export journal --period 2026-03 --format ledger --out "$TMP/mar.ledger"
expect_exit 0 ledger -f "$TMP/mar.ledger" --pedantic bal
expect_contains "$OUT" "Liabilities:SalesTax:Tennessee-sales-tax"
if command -v bean-check >/dev/null; then
    expect_exit 0 "$LL" export journal --period 2026-03 --format beancount --out "$TMP/mar.bean"
    expect_exit 0 "$LL" export journal --opens --format beancount --out "$TMP/opens.bean"
    printf 'include "%s"\ninclude "%s"\n' "$TMP/opens.bean" "$TMP/mar.bean" >"$TMP/mar.main.bean"
    expect_exit 0 bean-check "$TMP/mar.main.bean"
    grep -q "Liabilities:SalesTax:Tennessee-sales-tax  *-7.00 USD" "$TMP/mar.bean" ||
        fail "beancount names the tax account differently"
fi
# FOCUS: the line, then one Tax row per entry; BilledCost adds up to the total 107.00
expect_exit 0 "$LL" export focus --period 2026-02 --out "$TMP/feb.csv"
[[ $(awk -F, 'NR > 1 && /AC-2026-000099/ { print $7 ":" $1 }' "$TMP/feb.csv" | paste -sd' ') == \
    "Purchase:100.00 Tax:7.00 Tax:0.00" ]] ||
    fail "FOCUS tax rows: $(grep AC-2026-000099 "$TMP/feb.csv")"
grep -q 'Tennessee sales tax (S, 7.000000%)' "$TMP/feb.csv" || fail "FOCUS tax description"
