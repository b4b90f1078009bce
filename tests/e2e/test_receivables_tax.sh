#!/usr/bin/env bash
# e2e.receivables_tax: the billing terms of issue 9 ("Terms in the documents", "Rules"):
# tax per entry with a stream left out, the tax of a supplementary invoice and of a
# credit note (the tax of the re-rated period minus the tax already issued), reverse
# charge, due dates from net_days, bill_to and purchase order in the JSON, the text and
# the PDF, payment instructions from the site's remit_to, the offline verifier
# recomputing tax, and the load-time refusals.
#
# Expected amounts are worked out by hand in the comments.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"
command -v pdftotext >/dev/null 2>&1 || fail "pdftotext is required (poppler-utils)"

fresh_db rtax
make_key
VK=$VERIFIER_KEY
LV="$LDG_BIN/leaseledger-verify"

cat >"$TMP/site.json" <<'EOF'
{"site": "tax-lab", "name": "Tax test hall, Memphis TN",
 "gpus": {"H100": 1000}, "power_mw": "10",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way, Memphis TN",
              "tax_id": "00-0000000", "country": "US",
              "remit_to": {"bank": "Example Bank, N.A.", "account": "000123456789",
                           "routing": "021000021", "reference": "quote the invoice number"}}}
EOF
expect_exit 0 "$LL" site load "$TMP/site.json"

# A site's remit_to needs routing or iban; its country two capital letters.
jq '.operator.remit_to |= del(.routing)' "$TMP/site.json" >"$TMP/site-bad.json"
expect_exit 65 "$LL" site load "$TMP/site-bad.json"
expect_contains "$ERR" 'needs one of "routing" or "iban"'
jq '.operator.country = "usa"' "$TMP/site.json" >"$TMP/site-bad.json"
expect_exit 65 "$LL" site load "$TMP/site-bad.json"
expect_contains "$ERR" 'operator.country'

# --- the contracts ------------------------------------------------------------------------
# TX-1 (tenant taxco, series TX): 1 H100 at 1.000000, overage 2.010000, energy 50.000000
# per MWh at PUE 1; net 30; 7% sales tax on gpu_reserved and gpu_overage; energy is in
# no entry (left out: not taxed).
cat >"$TMP/tx.json" <<'EOF'
{"contract": "TX-1", "tenant": "taxco", "tenant_name": "Tax Co", "site": "tax-lab",
 "currency": "USD", "invoice_series": "TX",
 "starts": "2027-05-01T00:00:00Z", "ends": "2028-05-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "2.010000"}],
 "energy": {"rate_per_mwh": "50.000000", "pue": "1.000000"},
 "bill_to": {"legal_name": "Tax Co Inc.", "address": ["10 Main St", "Nashville TN 37201"],
             "country": "US", "tax_id": "11-1111111", "payer_accounts": ["000555"]},
 "purchase_order": "PO-77",
 "payment_terms": {"net_days": 30},
 "tax": [{"category": "S", "name": "Tennessee sales tax", "percent": "7.000000",
          "streams": ["gpu_reserved", "gpu_overage"]}]}
EOF
# RC-1 (tenant euco, series RC, EUR): 1 H100 at 1.000000, reverse charge on everything,
# no payment terms (due on the issue date).
cat >"$TMP/rc.json" <<'EOF'
{"contract": "RC-1", "tenant": "euco", "tenant_name": "EU Co GmbH", "site": "tax-lab",
 "currency": "EUR", "invoice_series": "RC",
 "starts": "2027-05-01T00:00:00Z", "ends": "2028-05-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "2.000000"}],
 "bill_to": {"legal_name": "EU Co GmbH", "address": ["Hauptstr. 1", "10115 Berlin"],
             "country": "DE", "tax_id": "DE123456789"},
 "tax": [{"category": "AE", "name": "EU VAT", "percent": "0",
          "exemption_reason": "Reverse charge, Article 196 Directive 2006/112/EC"}]}
EOF

# A stream in two entries is refused at load, naming both; nothing is stored.
jq '.contract = "TX-2" | .invoice_series = "TY" | .tax += [{"category": "S", "name": "City tax",
    "percent": "1.000000", "streams": ["gpu_overage"]}]' "$TMP/tx.json" >"$TMP/tx-bad.json"
expect_exit 65 "$LL" contract load "$TMP/tx-bad.json"
expect_contains "$ERR" 'contract "TX-2": field "tax": stream "gpu_overage" is in tax entries "Tennessee sales tax" and "City tax"'
jq '.contract = "TX-2" | .invoice_series = "TY" | .payment_terms.net_days = 400' "$TMP/tx.json" \
    >"$TMP/tx-bad.json"
expect_exit 65 "$LL" contract load "$TMP/tx-bad.json"
expect_contains "$ERR" 'field "payment_terms.net_days"'
[[ $(sql -c "SELECT count(*) FROM ledger.contract_doc") == 0 ]] || fail "a refused contract was stored"

expect_exit 0 "$LL" contract load "$TMP/tx.json"
expect_exit 0 "$LL" contract load "$TMP/rc.json"

usage_file()
{
    {
        echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
        cat
    } >"$1"
}

# check_terms NUMBER EXPECTED: net tax-entries total due bill_to.legal_name po, one line.
check_terms()
{
    expect_exit 0 "$LL" invoice show "$1" --format json
    local got
    got=$(jq -r '.data | [.net, ([.tax[] | "\(.category):\(.percent):\(.taxable):\(.amount)"]
                 | join(",")), .total, .due, (.bill_to.legal_name // "-"),
                 (.purchase_order // "-"), (.approved_by // "-")] | join(" ")' "$OUT")
    [[ "$got" == "$2" ]] || fail "$1: got \"$got\", want \"$2\""
}

# =========================================================================================
# The originals. May 2027 = 744 h.
#
# TX-1: 800 GPU-h and 10 MWh. reserved 744 x 1.00 = 744.00; overage 56 x 2.01 = 112.56;
#   energy 10 x 50 = 500.00; net 1356.56. Taxable (energy left out) 744.00 + 112.56 =
#   856.56; tax 856.56 x 7 / 100 = 59.9592 -> 59.96; total 1356.56 + 59.96 = 1416.52.
#   Issued 2027-06-01T02:00Z, net 30: due 2027-07-01.
# RC-1: reserved 744.00 EUR; reverse charge: taxable 744.00, tax 0.00; total 744.00; due
#   on the issue date, 2027-06-01.
# =========================================================================================
usage_file "$TMP/may.csv" <<'EOF'
taxco,tax-lab,pod-1,gpu,H100,2027-05-01T00:00:00Z,2027-06-01T00:00:00Z,800,gpu_hour,g1,
taxco,tax-lab,hall-A,energy,,2027-05-01T00:00:00Z,2027-06-01T00:00:00Z,10,mwh,e1,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/may.csv"
expect_exit 0 "$LL" bill --period 2027-05 --as-of 2027-06-01T02:00:00Z
expect_contains "$OUT" "issued invoice TX-2027-000001 for contract TX-1 (taxco): total 1416.52 USD"
expect_contains "$OUT" "issued invoice RC-2027-000001 for contract RC-1 (euco): total 744.00 EUR"
check_terms TX-2027-000001 "1356.56 S:7.000000:856.56:59.96 1416.52 2027-07-01 Tax Co Inc. PO-77 -"
check_terms RC-2027-000001 "744.00 AE:0.000000:744.00:0.00 744.00 2027-06-01 EU Co GmbH - -"
# exactly DESIGN.md's members (the log stores them JCS-sorted)
expect_exit 0 "$LL" invoice show TX-2027-000001 --format json
[[ $(jq -r '.data | keys | join(",")' "$OUT") == \
    "amends,approved_by,basis,bill_to,contract,currency,due,issued,lines,net,number,period,purchase_order,rated_from,tax,total" ]] ||
    fail "TX-2027-000001's members are not DESIGN.md's: $(jq -c '.data | keys' "$OUT")"
# the invoice table's total_micros is the total including tax
[[ $(sql -c "SELECT total_micros FROM ledger.invoice WHERE number = 'TX-2027-000001'") == 1416520000 ]] ||
    fail "ledger.invoice.total_micros is not the total including tax"

# =========================================================================================
# A supplementary invoice's tax. 0.04 GPU-h more: overage 56.04 x 2.01 = 112.6404 ->
# 112.64, +0.08. Tax = tax(taxable issued + 0.08) - tax issued = tax(856.64) - 59.96 =
# 59.9648 -> 59.96, minus 59.96 = 0.00 (its own 0.08 x 7% = 0.0056 would round to 0.01:
# the rule keeps the period's documents adding up to the tax of its final figures).
# =========================================================================================
usage_file "$TMP/sup.csv" <<'EOF'
taxco,tax-lab,pod-2,gpu,H100,2027-05-20T00:00:00Z,2027-05-21T00:00:00Z,0.04,gpu_hour,g2,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/sup.csv"
expect_exit 0 "$LL" bill --period 2027-05 --tenant taxco --as-of 2027-06-02T02:00:00Z
expect_contains "$OUT" "issued supplementary invoice TX-2027-000002 for contract TX-1 (taxco): total 0.08 USD"
check_terms TX-2027-000002 "0.08 S:7.000000:0.08:0.00 0.08 2027-07-02 Tax Co Inc. PO-77 -"

# =========================================================================================
# A credit note's tax. g1 corrected by -10 GPU-h: overage 46.04 x 2.01 = 92.5404 -> 92.54,
# -20.10. Tax = tax(856.56 + 0.08 - 20.10) - (59.96 + 0.00) = tax(836.54) - 59.96 =
# 58.5578 -> 58.56, minus 59.96 = -1.40 (its own -20.10 x 7% = -1.407 would be -1.41).
# Total -20.10 - 1.40 = -21.50. The period's tax: 59.96 + 0.00 - 1.40 = 58.56 = tax of
# its final taxable 836.54.
# =========================================================================================
usage_file "$TMP/cn.csv" <<'EOF'
taxco,tax-lab,pod-1,gpu,H100,2027-05-01T00:00:00Z,2027-06-01T00:00:00Z,-10,gpu_hour,g1-fix,g1
EOF
expect_exit 0 "$LL" ingest -q "$TMP/cn.csv"
expect_exit 0 "$LL" bill --period 2027-05 --tenant taxco --as-of 2027-06-03T02:00:00Z
expect_contains "$OUT" "issued credit note TX-2027-000003 for contract TX-1 (taxco): total -21.50 USD"
check_terms TX-2027-000003 "-20.10 S:7.000000:-20.10:-1.40 -21.50 2027-07-03 Tax Co Inc. PO-77 -"
[[ $(sql -c "SELECT sum(total_micros) FROM ledger.invoice WHERE number LIKE 'TX-%'") == 1395100000 ]] ||
    fail "the documents of May do not add up to 1356.56 + 0.08 - 20.10 + 58.56 = 1395.10"

# =========================================================================================
# The documents: text and PDF.
# =========================================================================================
# text_has NUMBER TEXT...: the text document shows each TEXT, blanks aside (columns pad)
text_has()
{
    local number=$1 want
    shift
    expect_exit 0 "$LL" invoice show "$number"
    tr -d ' \n\t' <"$OUT" >"$TMP/flat"
    for want in "$@"; do
        grep -qF -- "${want//[[:space:]]/}" "$TMP/flat" || {
            _ldg_show "$number" "$OUT"
            fail "the text of $number does not show \"$want\""
        }
    done
}
text_has TX-2027-000001 "Due date 2027-07-01" "Purchase order PO-77" "Tax Co Inc." \
    "10 Main St" "Nashville TN 37201" "Tax ID: 11-1111111" "Net (USD) 1,356.56" \
    "Tennessee sales tax 7% of 856.56 59.96" "Total due (USD) 1,416.52" \
    "Payment instructions" "Bank: Example Bank, N.A." "Routing: 021000021" \
    "Reference: TX-2027-000001 quote the invoice number"
text_has RC-2027-000001 "EU VAT 0% of 744.00 0.00" \
    "Reverse charge (EU VAT): the buyer accounts for the tax. Buyer tax ID: DE123456789." \
    "EU VAT (AE): Reverse charge, Article 196 Directive 2006/112/EC" "Hauptstr. 1" \
    "Due date 2027-06-01"
expect_exit 0 "$LL" invoice show TX-2027-000003 --format pdf --out "$TMP/cn.pdf"
pdftotext "$TMP/cn.pdf" "$TMP/cn.txt" || fail "pdftotext could not read cn.pdf"
tr -d ' \n\t\f' <"$TMP/cn.txt" >"$TMP/cn.flat"
for want in "CREDIT NOTE" "Due date" "2027-07-03" "PO-77" "Tax Co Inc." "Nashville TN 37201" \
    "Net (USD)" "-20.10" "Tennessee sales tax 7% of -20.10" "-1.40" "Total credit (USD)" \
    "-21.50" "Payment instructions" "Account: 000123456789"; do
    grep -qF -- "${want//[[:space:]]/}" "$TMP/cn.flat" || {
        _ldg_show cn.txt "$TMP/cn.txt"
        fail "the credit note's PDF does not show \"$want\""
    }
done
expect_exit 0 "$LL" invoice show RC-2027-000001 --format pdf --out "$TMP/rc.pdf"
pdftotext "$TMP/rc.pdf" - | tr -d ' \n\t\f' >"$TMP/rc.flat"
grep -qF "Reversecharge(EUVAT)" "$TMP/rc.flat" || fail "the reverse charge PDF does not say so"
grep -qF "DE123456789" "$TMP/rc.flat" || fail "the reverse charge PDF lacks the buyer's tax id"

# =========================================================================================
# The offline verifier recomputes the tax, and refuses a wrong one.
# =========================================================================================
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" audit bundle --invoice TX-2027-000003 --out "$TMP/b.json"
expect_exit 0 "$LV" "$TMP/b.json" --vkey "$VK"
expect_contains "$OUT" "ok: TX-2027-000001: the tax 59.96 USD equals the contract's 1 tax entry"
expect_contains "$OUT" "ok: TX-2027-000002: the tax 0.00 USD equals the contract's 1 tax entry"
expect_contains "$OUT" "ok: TX-2027-000003: the tax -1.40 USD equals the contract's 1 tax entry"
# -1.40 made -1.41 (the per-document rounding) with the total to match
jq -cjS '.entries |= (split("\"amount\":\"-1.40\"") | join("\"amount\":\"-1.41\"")
         | split("\"total\":\"-21.50\"") | join("\"total\":\"-21.51\""))' "$TMP/b.json" >"$TMP/bad.json"
cmp -s "$TMP/b.json" "$TMP/bad.json" && fail "the alteration changed nothing"
expect_exit 1 "$LV" "$TMP/bad.json" --vkey "$VK"
expect_contains "$OUT" "FAIL: TX-2027-000003: the tax does not match the contract's 1 tax entry recomputed over the 2 documents before it"

echo "e2e.receivables_tax: ok"
