#!/usr/bin/env bash
# e2e.invoice_docs: the documents of `leaseledger invoice` (issue "Contracts, rating,
# reconciliation and the nightly billing batch": "the PDF is a document a finance team
# would send, with seller and buyer, period, every line (stream, class, quantity, unit,
# rate, amount), totals, the invoice it amends if any, and the checkpoint (tree size and
# root) it was rated from ... test it by reading its text back with pdftotext"), and
# `invoice list --format table|csv|json`, `invoice show --format text|json`.
#
# The sample site and the sample contract C1-ANTH (sample/), with three usage records
# in November 2026 and, later, one correction. Amounts worked out by hand below.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"
command -v pdftotext >/dev/null 2>&1 || fail "pdftotext is required (poppler-utils)"

fresh_db docs
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/sample/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$LDG_SRC/sample/contract-anthropic.json"

# C1-ANTH starts 2026-11-10T00: November covers 21 days = 504 of its 720 hours; one window.
# Reserved (take-or-pay, every class):
#   H100  100,000 x 504 = 50,400,000 GPU-h x 1.85 =  93,240,000.00
#   H200   50,000 x 504 = 25,200,000 GPU-h x 2.45 =  61,740,000.00
#   GB200  70,000 x 504 = 35,280,000 GPU-h x 3.90 = 137,592,000.00
# H100 used 50,000,000 GPU-h, under the reservation: no overage.
# Energy: 35,280.5 MWh x PUE 1.25 = 44,100.625 MWh x 62.50 = 2,756,289.0625 -> 2,756,289.06
# Capacity: 300 MW x 504/720 = 210 MW-months x 15,000 = 3,150,000.00
# SLA, H100: 60,480 GPU-h down of 50,400,000: 100 x (1 - 0.0012) = 99.88 % < 99.9: 5 % of
#   93,240,000 = -4,662,000.00 (H200 and GB200: no downtime, no credit)
# Net: 93,240,000 + 61,740,000 + 137,592,000 + 2,756,289.06 + 3,150,000 - 4,662,000
#      = 293,816,289.06
# Tax (the sample's 7 % Tennessee sales tax on gpu_reserved, gpu_overage and
# power_capacity; the SLA credit follows gpu_reserved; energy is left out):
#   taxable 93,240,000 + 61,740,000 + 137,592,000 + 3,150,000 - 4,662,000 = 291,060,000.00
#   tax 291,060,000.00 x 7 / 100 = 20,374,200.00
# Total: 293,816,289.06 + 20,374,200.00 = 314,190,489.06. Issued 2026-12-01T02:00Z, net
# 30: due 2026-12-31.
cat >"$TMP/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,pods-h100,gpu,H100,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,50000000,gpu_hour,u1,
anthropic,colossus-1,hall-A,energy,,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,35280.5,mwh,e1,
anthropic,colossus-1,pods-h100,downtime,H100,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,60480,gpu_hour,d1,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice C1-2026-000001 for contract C1-ANTH (anthropic): total 314190489.06 USD"

# The correction: the hall meter over-read by 100 MWh. Re-rated energy: 35,180.5 x 1.25 =
# 43,975.625 MWh x 62.50 = 2,748,476.5625 -> 2,748,476.56; the difference is -125 MWh and
# 2,748,476.56 - 2,756,289.06 = -7,812.50: credit note C1-2026-000002 amending
# C1-2026-000001.
cat >"$TMP/fix.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,hall-A,energy,,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,-100,mwh,e1-fix,e1
EOF
expect_exit 0 "$LL" ingest -q "$TMP/fix.csv"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-05T02:00:00Z
expect_contains "$OUT" "issued credit note C1-2026-000002 for contract C1-ANTH (anthropic): total -7812.50 USD"
expect_exit 0 "$LL" seal -q

# --- invoice list ---------------------------------------------------------------------------
# the issued columns first, then (issue 9) due, paid, open and status as of --as-of: net
# 30, so the invoice is due 2026-12-31 (open, not overdue, on the 5th) and the credit note
# 2027-01-04; the credit note reduces the invoice it amends (314190489.06 - 7812.50 =
# 314182676.56; energy is untaxed, so the credit note carries no tax)
expect_exit 0 "$LL" invoice list --format csv --as-of 2026-12-05
cat >"$TMP/expected.csv" <<'EOF'
number,kind,tenant,contract,period,amends,currency,total,issued,due,paid,open,status
C1-2026-000001,invoice,anthropic,C1-ANTH,2026-11,,USD,314190489.06,2026-12-01T02:00:00Z,2026-12-31,0.00,314182676.56,open
C1-2026-000002,credit_note,anthropic,C1-ANTH,2026-11,C1-2026-000001,USD,-7812.50,2026-12-05T02:00:00Z,2027-01-04,0.00,0.00,credited
EOF
diff -u "$TMP/expected.csv" "$OUT" >&2 || fail "invoice list --format csv"
expect_exit 0 "$LL" invoice list --format json
[[ $(jq -c '[.[] | [.number, .kind, .amends, .total]]' "$OUT") == \
    '[["C1-2026-000001","invoice",null,"314190489.06"],["C1-2026-000002","credit_note","C1-2026-000001","-7812.50"]]' ]] ||
    fail "invoice list --format json: $(jq -c . "$OUT")"
expect_exit 0 "$LL" invoice list --tenant anthropic --period 2026-11
expect_contains "$OUT" "NUMBER"
expect_contains "$OUT" "C1-2026-000002"
[[ $(wc -l <"$OUT") == 3 ]] || fail "invoice list (table) should print a header and 2 rows"
expect_exit 0 "$LL" invoice list --period 2026-10 --format csv
[[ $(wc -l <"$OUT") == 1 ]] || fail "invoice list of a period without invoices should print the header only"
expect_exit 64 "$LL" invoice list --format pdf
expect_contains "$ERR" "list --format must be table, json or csv"
expect_exit 64 "$LL" invoice list --period 2026-13
expect_contains "$ERR" 'invalid period "2026-13"'

# --- invoice show --format json / text ----------------------------------------------------
expect_exit 0 "$LL" invoice show C1-2026-000001 --format json
cp "$OUT" "$TMP/inv1.json"
SIZE=$(jq -r '.data.rated_from.size' "$TMP/inv1.json")
ROOT=$(jq -r '.data.rated_from.root' "$TMP/inv1.json")
# the log: the contract, 3 records
[[ "$SIZE" == 4 ]] || fail "C1-2026-000001 should be rated from the checkpoint of size 4, not $SIZE"
[[ $(sql -c "SELECT encode(root, 'base64') FROM ledger.checkpoint c JOIN ledger.tenant t
             USING (tenant_id) WHERE t.tenant = 'anthropic' AND c.size = $SIZE") == "$ROOT" ]] ||
    fail "rated_from.root is not the root of the checkpoint of size $SIZE"
[[ $(jq -r '[.kind, .data.number, .data.amends // "-", .data.net,
             (.data.tax[] | .name, .percent, .taxable, .amount), .data.total, .data.due,
             .data.purchase_order, (.data.lines | map(.amount) | join(" "))] | join(" ")' \
    "$TMP/inv1.json") == "invoice C1-2026-000001 - 293816289.06 Tennessee sales tax 7.000000 \
291060000.00 20374200.00 314190489.06 2026-12-31 PO-2026-0042 93240000.00 61740000.00 137592000.00 2756289.06 3150000.00 -4662000.00" ]] ||
    fail "C1-2026-000001's JSON is not the hand-worked invoice: $(jq -c .data "$TMP/inv1.json")"
expect_exit 0 "$LL" invoice show C1-2026-000002 --format json
cp "$OUT" "$TMP/cn.json"
CN_SIZE=$(jq -r '.data.rated_from.size' "$TMP/cn.json")
CN_ROOT=$(jq -r '.data.rated_from.root' "$TMP/cn.json")
# the log then: the contract, 3 records, the invoice, the correction
[[ "$CN_SIZE" == 6 ]] || fail "C1-2026-000002 should be rated from the checkpoint of size 6, not $CN_SIZE"
[[ $(jq -r '[.kind, .data.amends, .data.total, (.data.lines[] | .stream, .quantity, .rate, .amount)]
            | join(" ")' "$TMP/cn.json") == \
    "credit_note C1-2026-000001 -7812.50 energy -125.000000 62.500000 -7812.50" ]] ||
    fail "C1-2026-000002's JSON is not the hand-worked credit note: $(jq -c .data "$TMP/cn.json")"
# --out writes the same bytes
expect_exit 0 "$LL" invoice show C1-2026-000002 --format json --out "$TMP/cn-out.json"
cmp -s "$TMP/cn.json" "$TMP/cn-out.json" || fail "invoice show --format json --out wrote other bytes"
# --out never writes through a symbolic link: a planted link must not truncate its target
echo keep >"$TMP/victim"
ln -s "$TMP/victim" "$TMP/link.json"
expect_exit 73 "$LL" invoice show C1-2026-000002 --format json --out "$TMP/link.json"
[[ $(cat "$TMP/victim") == keep ]] || fail "invoice show --out wrote through a symbolic link"

expect_exit 0 "$LL" invoice show C1-2026-000001
cp "$OUT" "$TMP/inv1.txt"
for want in INVOICE C1-2026-000001 "Example Compute Operator LLC" "Anthropic PBC" \
    "November 2026" "93,240,000.00" "61,740,000.00" "137,592,000.00" "2,756,289.06" \
    "3,150,000.00" "-4,662,000.00" "293,816,289.06" "tree size $SIZE, root $ROOT"; do
    expect_contains "$TMP/inv1.txt" "$want"
done
expect_exit 0 "$LL" invoice show C1-2026-000002 --format text
# (issue 16: quantities without trailing zeros)
for want in "CREDIT NOTE" "Amends invoice C1-2026-000001" "-7,812.50" " -125 "; do
    expect_contains "$OUT" "$want"
done

expect_exit 1 "$LL" invoice show C1-2026-000009
expect_contains "$ERR" 'no invoice numbered "C1-2026-000009"'
expect_exit 64 "$LL" invoice show C1-2026-000001 --format pdf
expect_contains "$ERR" "show --format pdf needs --out FILE"
expect_exit 64 "$LL" invoice show C1-2026-000001 --format xml
expect_contains "$ERR" "show --format must be text, json or pdf"
expect_exit 64 "$LL" invoice show
expect_contains "$ERR" "show takes one NUMBER"
expect_exit 64 "$LL" invoice frobnicate
expect_contains "$ERR" 'unknown action "frobnicate"'

# --- the PDFs, read back ----------------------------------------------------------------
# pdf_text NUMBER: writes the PDF, checks it is one, and leaves its text in $TMP/NUMBER.txt
# and, with every blank removed (a long line may wrap anywhere), in $TMP/NUMBER.flat.
pdf_text()
{
    expect_exit 0 "$LL" invoice show "$1" --format pdf --out "$TMP/$1.pdf"
    expect_contains "$OUT" "wrote $TMP/$1.pdf"
    [[ $(head -c 5 "$TMP/$1.pdf") == "%PDF-" ]] || fail "$1.pdf is not a PDF"
    pdftotext "$TMP/$1.pdf" "$TMP/$1.txt" || fail "pdftotext could not read $1.pdf"
    tr -d ' \n\t\f' <"$TMP/$1.txt" >"$TMP/$1.flat"
}
pdf_has()
{
    local flat=${2//[[:space:]]/}
    grep -qF -- "$flat" "$TMP/$1.flat" || {
        _ldg_show "$1.txt" "$TMP/$1.txt"
        fail "$1.pdf does not show \"$2\""
    }
}

pdf_text C1-2026-000001
for want in INVOICE C1-2026-000001 \
    "Example Compute Operator LLC" "1 Example Way, Memphis TN" "00-0000000" \
    "Anthropic PBC" anthropic "November 2026" "10–30 November 2026" C1-ANTH colossus-1 \
    "Reserved GPU capacity" "Energy (PUE applied)" "Power capacity" "SLA credit" \
    H100 H200 GB200 GPU-hour MWh MW-month \
    "50,400,000" "1.85" "93,240,000.00" \
    "25,200,000" "2.45" "61,740,000.00" \
    "35,280,000" "3.90" "137,592,000.00" \
    "44,100.625" "62.50" "2,756,289.06" \
    "210" "15,000.00" "3,150,000.00" \
    "-5%" "-4,662,000.00" "credit 5% of 93,240,000.00 USD reserved charges" \
    "Net (USD)" "293,816,289.06" "Tennessee sales tax 7% of 291,060,000.00" \
    "20,374,200.00" "Total due (USD)" "314,190,489.06" "Due date" "2026-12-31" \
    "Purchase order" "PO-2026-0042" "548 Market St" "San Francisco CA 94104" \
    "Payment instructions" "Bank: Example Bank, N.A." "Routing: 021000021" \
    "Reference: C1-2026-000001 quote the invoice number" \
    "Rated from log checkpoint: tree size $SIZE, root $ROOT"; do
    pdf_has C1-2026-000001 "$want"
done
# issue 16: quantities and rates without trailing zeros, the SLA line as a percentage
if grep -qE '\.[0-9]*000000|-0\.050000' "$TMP/C1-2026-000001.txt"; then
    fail "C1-2026-000001.pdf shows a number with trailing zeros"
fi
if grep -qF "Amends invoice" "$TMP/C1-2026-000001.txt"; then
    fail "the original invoice claims to amend one"
fi

pdf_text C1-2026-000002
for want in "CREDIT NOTE" C1-2026-000002 "Amends invoice C1-2026-000001" \
    "Example Compute Operator LLC" "Anthropic PBC" "November 2026" \
    "Energy (PUE applied)" "-125" "62.50" "-7,812.50" "Total credit (USD)" \
    "Rated from log checkpoint: tree size $CN_SIZE, root $CN_ROOT"; do
    pdf_has C1-2026-000002 "$want"
done

# where no file can be created: an error naming the file, not a crash. (JSON exits 73,
# "cannot create output"; the PDF path currently exits 74, "I/O error": either is
# accepted for the PDF.)
expect_exit 73 "$LL" invoice show C1-2026-000001 --format json --out "$TMP/no/such/dir/x.json"
expect_contains "$ERR" "could not create output"
rc=0
"$LL" invoice show C1-2026-000001 --format pdf --out "$TMP/no/such/dir/x.pdf" >"$OUT" 2>"$ERR" || rc=$?
((rc == 73 || rc == 74)) || fail "a PDF to a missing folder exited $rc"
expect_contains "$ERR" "$TMP/no/such/dir/x.pdf"

echo "PASS: $TEST_NAME"
