#!/usr/bin/env bash
# e2e.docs_check: documents a person can check by hand (issue 16, item 7). An original,
# then late records and the supplementary invoice and credit note they cause; the text
# document and the PDF (read back with pdftotext) show, per line of an amending
# document, the re-rated amount, what was issued before and the difference, adding up
# exactly; why the document exists (the late records, counted) with the `audit explain`
# command; the SLA line's availability, band and base; energy's metered MWh and PUE;
# quantities without trailing zeros; periods in words; per-stream subtotals.
#
# The sample site and contract C1-ANTH (sample/). Amounts worked out by hand below.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"
command -v pdftotext >/dev/null 2>&1 || fail "pdftotext is required (poppler-utils)"

fresh_db docs_check
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/sample/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$LDG_SRC/sample/contract-anthropic.json"

# The original (as in test_invoice_docs.sh, with 49,000,000 H100 GPU-h used, so that use and
# downtime stay within the site's GPUs once the late downtime comes): C1-ANTH covers 10-30
# November 2026, 504 h.
#   reserved H100 50,400,000 GPU-h x 1.85 = 93,240,000.00 (H200 61,740,000.00, GB200
#   137,592,000.00); energy 35,280.5 MWh x PUE 1.25 = 44,100.625 MWh x 62.50 =
#   2,756,289.0625 -> 2,756,289.06; SLA H100: 60,480 of 50,400,000 down, availability
#   99.88 % (exact) < 99.9: 5 % of 93,240,000.00 = -4,662,000.00.
cat >"$TMP/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,pods-h100,gpu,H100,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,49000000,gpu_hour,u1,
anthropic,colossus-1,hall-A,energy,,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,35280.5,mwh,e1,
anthropic,colossus-1,pods-h100,downtime,H100,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,60480,gpu_hour,d1,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice C1-2026-000001"

# Two late records. e2 comes from hall-A again, over the same hours: an overlap, a block
# finding that holds the period until it is acknowledged (it is then billed: the
# documents count the acknowledgement among their reasons). d2 from another meter.
#   e2: 37.500064 MWh more, chosen so that the amounts do not multiply out: re-rated
#       35,318.000064 x 1.25 x 62.50 = 2,759,218.755 -> 2,759,218.76; issued before
#       2,756,289.06; difference 2,929.70, while 46.87508 MWh x 62.50 = 2,929.6925
#       would round to 2,929.69.
#   d2: 500,000 H100 GPU-h more down: 560,480 of 50,400,000, availability
#       100 x 49,839,520 / 50,400,000 = 98.8879365...% (98.887936 truncated), under
#       99.0: the 10 % band. The 5 % line's key vanishes (+4,662,000.00 on the
#       supplementary invoice, "no credit at 5%") and a 10 % line appears:
#       -10 % of 93,240,000.00 = -9,324,000.00 on a credit note.
cat >"$TMP/late.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,hall-A,energy,,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,37.500064,mwh,e2,
anthropic,colossus-1,pods-h100-b,downtime,H100,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,500000,gpu_hour,d2,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/late.csv"
expect_exit 1 "$LL" bill --period 2026-11 --as-of 2026-12-05T02:00:00Z
expect_contains "$ERR" 'contract "C1-ANTH" period 2026-11 held'
expect_exit 1 "$LL" reconcile --period 2026-11 --format json
FINDING=$(jq -r '[.[] | select(.kind == "overlap")][0].id' "$OUT")
expect_exit 0 "$LL" reconcile ack "$FINDING" --reason "hall-A resent the month" --period 2026-11
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-05T02:00:00Z
expect_contains "$OUT" "issued supplementary invoice C1-2026-000002"
expect_contains "$OUT" "issued credit note C1-2026-000003"

# The stored documents are what they were: the JSON entry has its usual members only.
expect_exit 0 "$LL" invoice show C1-2026-000002 --format json
[[ $(jq -r '.data | keys_unsorted | join(",")' "$OUT") == \
    "number,contract,period,currency,issued,amends,lines,net,tax,total,due,bill_to,purchase_order,approved_by,rated_from,basis" ]] ||
    [[ $(jq -r '.data | keys | join(",")' "$OUT") == \
        "amends,approved_by,basis,bill_to,contract,currency,due,issued,lines,net,number,period,purchase_order,rated_from,tax,total" ]] ||
    fail "the supplementary invoice's JSON has other members: $(jq -c '.data | keys' "$OUT")"
[[ $(jq -r '[.data.lines[] | .stream + " " + .quantity + " " + .amount] | join("; ")' "$OUT") == \
    "energy 46.875080 2929.70; sla_credit -93240000.000000 4662000.00" ]] ||
    fail "the supplementary invoice is not the hand-worked one: $(jq -c .data.lines "$OUT")"

# adds_up FILE: every "Re-rated A minus issued before B = D" in FILE (blanks optional:
# FILE may be a PDF's text without them) has A - B = D, in cents, exactly; prints how
# many it checked.
cents()
{
    local v=${1//[,.]/}
    if [[ $v == -* ]]; then echo $((-10#${v#-})); else echo $((10#$v)); fi
}
adds_up()
{
    local n=0 a b d
    local num='(-?[0-9,]+\.[0-9]{2})'
    local re="Re-rated ?$num ?minus ?issued ?before ?$num ?= ?$num"
    while read -r a b d; do
        (($(cents "$a") - $(cents "$b") == $(cents "$d"))) ||
            fail "$1: re-rated $a minus issued before $b is not $d"
        n=$((n + 1))
    done < <(grep -oE "$re" "$1" | sed -E "s/$re/\\1 \\2 \\3/")
    echo "$n"
}

# --- the text documents ------------------------------------------------------------------
expect_exit 0 "$LL" invoice show C1-2026-000001
cp "$OUT" "$TMP/inv1.txt"
for want in "Service period  10–30 November 2026" \
    "Reserved GPU capacity  H100   10–30 November 2026" \
    "50,400,000  GPU-hour" "1.85" \
    "Metered 35,280.5 MWh × PUE 1.25 = 44,100.625 MWh" "44,100.625  MWh" \
    "Availability 99.88% (60,480 of 50,400,000 reserved GPU-hours down) is below 99.9%: credit 5% of 93,240,000.00 USD reserved charges" \
    "-5%" "Subtotal Reserved GPU capacity  292,572,000.00" "Subtotal SLA credit" \
    "Dates are UTC; a period includes the last day it names."; do
    expect_contains "$TMP/inv1.txt" "$want"
done
expect_not_contains "$TMP/inv1.txt" "50,400,000.000000"
expect_not_contains "$TMP/inv1.txt" "-0.050000"
expect_not_contains "$TMP/inv1.txt" "Why this"

expect_exit 0 "$LL" invoice show C1-2026-000002
cp "$OUT" "$TMP/sup.txt"
for want in "SUPPLEMENTARY INVOICE" "Amends invoice C1-2026-000001" \
    "Why this supplementary invoice" \
    "2 late usage records for November 2026 were logged after C1-2026-000001 was rated" \
    "1 finding of November 2026 was acknowledged before it was issued." \
    "leaseledger audit explain C1-2026-000002" \
    "Re-rated 2,759,218.76 minus issued before 2,756,289.06 = 2,929.70 (quantity 44,147.50008 - 44,100.625 = 46.87508 MWh)" \
    "Metered 35,318.000064 MWh × PUE 1.25 = 44,147.50008 MWh" \
    "Re-rated 0.00 minus issued before -4,662,000.00 = 4,662,000.00" \
    "No credit at 5% as re-rated"; do
    expect_contains "$TMP/sup.txt" "$want"
done
[[ $(adds_up "$TMP/sup.txt") == 2 ]] || fail "the supplementary invoice should show 2 lines that add up"
expect_not_contains "$TMP/sup.txt" "amended"

expect_exit 0 "$LL" invoice show C1-2026-000003
cp "$OUT" "$TMP/cn.txt"
for want in "CREDIT NOTE" "Why this credit note" \
    "2 late usage records for November 2026 were logged after C1-2026-000001 was rated" \
    "1 finding of November 2026 was acknowledged before it was issued." \
    "leaseledger audit explain C1-2026-000003" \
    "Availability 98.887936…% (560,480 of 50,400,000 reserved GPU-hours down) is below 99%: credit 10% of 93,240,000.00 USD reserved charges" \
    "-10%" "Re-rated -9,324,000.00 minus issued before 0.00 = -9,324,000.00"; do
    expect_contains "$TMP/cn.txt" "$want"
done
[[ $(adds_up "$TMP/cn.txt") == 1 ]] || fail "the credit note should show 1 line that adds up"

# --- the PDFs, read back ------------------------------------------------------------------
# pdftotext -layout keeps what is on one line of the page together; a sentence may wrap
# anywhere, so the checks compare with every blank removed.
pdf_flat()
{
    expect_exit 0 "$LL" invoice show "$1" --format pdf --out "$TMP/$1.pdf"
    pdftotext -layout "$TMP/$1.pdf" "$TMP/$1.pdf.txt" || fail "pdftotext could not read $1.pdf"
    tr -d ' \n\t\f' <"$TMP/$1.pdf.txt" >"$TMP/$1.flat"
}
pdf_has()
{
    grep -qF -- "${2//[[:space:]]/}" "$TMP/$1.flat" || {
        _ldg_show "$1.pdf.txt" "$TMP/$1.pdf.txt"
        fail "$1.pdf does not show \"$2\""
    }
}
pdf_flat C1-2026-000001
for want in "10–30 November 2026" "Metered 35,280.5 MWh × PUE 1.25 = 44,100.625 MWh" \
    "Availability 99.88% (60,480 of 50,400,000 reserved GPU-hours down) is below 99.9%: credit 5% of 93,240,000.00 USD reserved charges" \
    "Subtotal Reserved GPU capacity 292,572,000.00"; do
    pdf_has C1-2026-000001 "$want"
done
pdf_flat C1-2026-000002
for want in "Why this supplementary invoice" "leaseledger audit explain C1-2026-000002" \
    "Re-rated 2,759,218.76 minus issued before 2,756,289.06 = 2,929.70" \
    "Re-rated 0.00 minus issued before -4,662,000.00 = 4,662,000.00"; do
    pdf_has C1-2026-000002 "$want"
done
[[ $(adds_up "$TMP/C1-2026-000002.flat") == 2 ]] || fail "the PDF should show 2 lines that add up"
pdf_flat C1-2026-000003
pdf_has C1-2026-000003 "is below 99%: credit 10% of 93,240,000.00 USD reserved charges"
[[ $(adds_up "$TMP/C1-2026-000003.flat") == 1 ]] || fail "the credit note's PDF should show 1 line that adds up"

echo "PASS: $TEST_NAME"
