#!/usr/bin/env bash
# e2e.reports: `leaseledger report revenue` and `report utilization` (issue "Revenue-
# stream reports and finance exports"): every grouping ties out to the cent with the
# issued documents, in two currencies and on both bases; hand-worked amounts; RFC 4180
# quoting of tenant names read back by an independent CSV reader; empty periods; bad
# arguments; charts as valid SVG and PNG.
#
# Two tenants on two sites, two currencies, three months of documents:
#   acme (USD, series AC, site tiny-1): invoices for January and February, a
#     supplementary invoice for January (late energy) issued in February, and a credit
#     note for January (an energy correction) issued in March;
#   euro (EUR, series EU, site tiny-2): invoices for January and February, and a credit
#     note for February (a GPU usage correction) issued in March.
# Every amount below is worked out by hand in the comments.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"
command -v python3 >/dev/null 2>&1 || fail "python3 is required (an independent CSV reader)"

fresh_db reports
make_key

# --- sites and contracts ----------------------------------------------------------------
cat >"$TMP/site1.json" <<'EOF'
{"site": "tiny-1", "name": "Tiny hall one",
 "gpus": {"H100": 10, "H200": 4, "GB200": 2}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
cat >"$TMP/site2.json" <<'EOF'
{"site": "tiny-2", "name": "Tiny hall two",
 "gpus": {"H100": 0, "H200": 4, "GB200": 0}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator GmbH", "address": "2 Beispielweg",
              "tax_id": "DE000000000"}}
EOF
# tenant_name with a comma, quotes, a newline and non-ASCII (ü, an em dash, CJK)
ACME_NAME=$'Acme, "Rocket" Labs\nZ\u00fcrich \u2014 \u6771\u4eac'
EURO_NAME='Société Générale, Ltd'
cat >"$TMP/acme.json" <<'EOF'
{"contract": "AC-1", "tenant": "acme",
 "tenant_name": "Acme, \"Rocket\" Labs\nZ\u00fcrich \u2014 \u6771\u4eac",
 "site": "tiny-1", "currency": "USD", "invoice_series": "AC",
 "starts": "2025-01-01T00:00:00Z", "ends": "2025-04-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 2, "rate": "2.000000", "overage_rate": "3.000000"}],
 "energy": {"rate_per_mwh": "50.000000", "pue": "1.200000"},
 "sla": {"target": "99.900000", "credits": [{"below": "99.900000", "percent": "5"}]}}
EOF
cat >"$TMP/euro.json" <<'EOF'
{"contract": "EU-1", "tenant": "euro", "tenant_name": "Société Générale, Ltd",
 "site": "tiny-2", "currency": "EUR", "invoice_series": "EU",
 "starts": "2025-01-01T00:00:00Z", "ends": "2025-04-01T00:00:00Z",
 "gpu": [{"class": "H200", "reserved": 1, "rate": "3.000000", "overage_rate": "4.000000"}]}
EOF
expect_exit 0 "$LL" site load "$TMP/site1.json"
expect_exit 0 "$LL" site load "$TMP/site2.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"
expect_exit 0 "$LL" contract load "$TMP/euro.json"

usage_file()
{
    {
        echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
        cat
    } >"$1"
}

# --- January 2025 (744 h), billed on 1 February -----------------------------------------
# acme: reserved 2 x 744 = 1488 GPU-h x 2.00 = 2976.00; used 1500: overage 12 x 3.00 =
#   36.00; energy 2 MWh x 1.2 = 2.4 MWh x 50 = 120.00; downtime 1.86 GPU-h: availability
#   100 x (1 - 1.86 / 1488) = 99.875% < 99.9: credit 5% x 2976.00 = -148.80.
#   AC-2025-000001 = 2976.00 + 36.00 + 120.00 - 148.80 = 2983.20 USD
# euro: reserved 1 x 744 = 744 x 3.00 = 2232.00; used 700, no overage.
#   EU-2025-000001 = 2232.00 EUR
usage_file "$TMP/jan.csv" <<'EOF'
acme,tiny-1,pod-a,gpu,H100,2025-01-01T00:00:00Z,2025-02-01T00:00:00Z,1500,gpu_hour,a-jan,
acme,tiny-1,hall-A,energy,,2025-01-01T00:00:00Z,2025-02-01T00:00:00Z,2,mwh,e-jan,
acme,tiny-1,pod-a,downtime,H100,2025-01-01T00:00:00Z,2025-02-01T00:00:00Z,1.86,gpu_hour,d-jan,
euro,tiny-2,pod-e,gpu,H200,2025-01-01T00:00:00Z,2025-02-01T00:00:00Z,700,gpu_hour,u-jan,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/jan.csv"
expect_exit 0 "$LL" bill --period 2025-01 --as-of 2025-02-01T02:00:00Z
expect_contains "$OUT" "issued invoice AC-2025-000001 for contract AC-1 (acme): total 2983.20 USD"
expect_contains "$OUT" "issued invoice EU-2025-000001 for contract EU-1 (euro): total 2232.00 EUR"

# --- late January energy, billed on 15 February -----------------------------------------
# acme: +0.5 MWh: 2.5 x 1.2 = 3.0 MWh x 50 = 150.00, 30.00 more than invoiced:
#   supplementary AC-2025-000002 = 30.00 USD (earned January, billed February)
usage_file "$TMP/late.csv" <<'EOF'
acme,tiny-1,hall-B,energy,,2025-01-10T00:00:00Z,2025-01-11T00:00:00Z,0.5,mwh,e-late,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/late.csv"
expect_exit 0 "$LL" bill --period 2025-01 --as-of 2025-02-15T00:00:00Z
expect_contains "$OUT" "issued invoice AC-2025-000002 for contract AC-1 (acme): total 30.00 USD"

# --- February 2025 (672 h), by the nightly batch on 1 March -----------------------------
# acme: reserved 2 x 672 = 1344 x 2.00 = 2688.00; used 1300; energy 1 MWh x 1.2 x 50 =
#   60.00. AC-2025-000003 = 2748.00 USD
# euro: reserved 672 x 3.00 = 2016.00; used 700: overage 28 x 4.00 = 112.00.
#   EU-2025-000002 = 2128.00 EUR
mkdir -p "$TMP/spool"
usage_file "$TMP/spool/feb.csv" <<'EOF'
acme,tiny-1,pod-a,gpu,H100,2025-02-01T00:00:00Z,2025-03-01T00:00:00Z,1300,gpu_hour,a-feb,
acme,tiny-1,hall-A,energy,,2025-02-01T00:00:00Z,2025-03-01T00:00:00Z,1,mwh,e-feb,
euro,tiny-2,pod-e,gpu,H200,2025-02-01T00:00:00Z,2025-03-01T00:00:00Z,700,gpu_hour,u-feb,
EOF
expect_exit 0 "$LL" nightly --spool "$TMP/spool" --as-of 2025-03-01T02:00:00Z --quiet

# --- corrections, by the nightly batch on 20 March: two credit notes across months ------
# acme January energy -1 MWh (corrects e-jan): 1.5 x 1.2 = 1.8 MWh x 50 = 90.00, 60.00
#   less than the 150.00 invoiced: credit note AC-2025-000004 = -60.00 USD
# euro February GPU -10 (corrects u-feb): overage 18 x 4.00 = 72.00, 40.00 less:
#   credit note EU-2025-000003 = -40.00 EUR
usage_file "$TMP/spool/fix.csv" <<'EOF'
acme,tiny-1,hall-A,energy,,2025-01-01T00:00:00Z,2025-02-01T00:00:00Z,-1,mwh,e-jan-fix,e-jan
euro,tiny-2,pod-e,gpu,H200,2025-02-01T00:00:00Z,2025-03-01T00:00:00Z,-10,gpu_hour,u-feb-fix,u-feb
EOF
expect_exit 0 "$LL" nightly --spool "$TMP/spool" --as-of 2025-03-20T00:00:00Z --quiet

# the documents, as `invoice list` has them
expect_exit 0 "$LL" invoice list --format csv
tr -d '\r' <"$OUT" | tail -n +2 | cut -d, -f1,2,5,6,7,8,9 >"$TMP/docs"
cat >"$TMP/docs.expected" <<'EOF'
AC-2025-000001,invoice,2025-01,,USD,2983.20,2025-02-01T02:00:00Z
EU-2025-000001,invoice,2025-01,,EUR,2232.00,2025-02-01T02:00:00Z
AC-2025-000002,invoice,2025-01,AC-2025-000001,USD,30.00,2025-02-15T00:00:00Z
AC-2025-000003,invoice,2025-02,,USD,2748.00,2025-03-01T02:00:00Z
EU-2025-000002,invoice,2025-02,,EUR,2128.00,2025-03-01T02:00:00Z
AC-2025-000004,credit_note,2025-01,AC-2025-000001,USD,-60.00,2025-03-20T00:00:00Z
EU-2025-000003,credit_note,2025-02,EU-2025-000002,EUR,-40.00,2025-03-20T00:00:00Z
EOF
sort "$TMP/docs" >"$TMP/docs.sorted"
sort "$TMP/docs.expected" >"$TMP/docs.expected.sorted"
diff -u "$TMP/docs.expected.sorted" "$TMP/docs.sorted" >&2 ||
    fail "the issued documents are not the seven worked out above"

# =========================================================================================
# Hand-worked reports, exactly (CSV: CRLF line ends, per RFC 4180).
# =========================================================================================
# crlf_records FILE: every record ends in CRLF (an LF without CR is allowed only inside a
# quoted field), and so does the file
crlf_records()
{
    python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
quoted = False
for i, c in enumerate(data):
    if c == 0x22:
        quoted = not quoted
    elif c == 0x0A and not quoted and data[i - 1] != 0x0D:
        sys.exit(1)
sys.exit(0 if data.endswith(b"\r\n") else 1)
PY
}

# expect_csv ARGS... <<< EXPECTED: `report ARGS --format csv` prints EXPECTED (written
# here with LF line ends; the output must have CRLF ones)
expect_csv()
{
    cat >"$TMP/want.csv"
    expect_exit 0 "$LL" report "$@" --format csv
    crlf_records "$OUT" || fail "report $* --format csv: a record does not end in CRLF"
    tr -d '\r' <"$OUT" >"$TMP/got.csv"
    if ! diff -u "$TMP/want.csv" "$TMP/got.csv" >"$TMP/diff"; then
        cat "$TMP/diff" >&2
        fail "report $* --format csv differs from the hand-worked report (- expected, + got)"
    fi
}

# by stream: USD gpu_reserved 2976 + 2688 = 5664.00; overage 36.00; energy 120 + 30 + 60
# - 60 = 150.00; sla_credit -148.80 (sum 5701.20). EUR gpu_reserved 2232 + 2016 =
# 4248.00; overage 112 - 40 = 72.00 (sum 4320.00). Currency columns sorted by code.
expect_csv revenue --by stream <<'EOF'
stream,amount_EUR,amount_USD
gpu_reserved,4248.00,5664.00
gpu_overage,72.00,36.00
energy,,150.00
sla_credit,,-148.80
EOF
expect_csv revenue --by document <<'EOF'
document,amount_EUR,amount_USD
invoice,4360.00,5731.20
supplementary_invoice,,30.00
credit_note,-40.00,-60.00
EOF
# billed: February holds January's invoices and the supplementary invoice; March holds
# February's invoices and both credit notes.
expect_csv revenue --by month <<'EOF'
month,amount_EUR,amount_USD
2025-02,2232.00,3013.20
2025-03,2088.00,2688.00
EOF
# earned: the March credit note for January lowers January (2983.20 + 30 - 60)
expect_csv revenue --by month --basis earned <<'EOF'
month,amount_EUR,amount_USD
2025-01,2232.00,2953.20
2025-02,2088.00,2748.00
EOF
expect_csv revenue --by site,month --basis earned <<'EOF'
site,month,amount_EUR,amount_USD
tiny-1,2025-01,,2953.20
tiny-1,2025-02,,2748.00
tiny-2,2025-01,2232.00,
tiny-2,2025-02,2088.00,
EOF
# the default grouping: month, stream, document. March energy nets to 0.00 (60.00
# invoiced, -60.00 credited) and still shows, being a sum of lines, not an absence.
expect_csv revenue --basis billed <<'EOF'
month,stream,document,amount_EUR,amount_USD
2025-02,gpu_reserved,invoice,2232.00,2976.00
2025-02,gpu_overage,invoice,,36.00
2025-02,energy,invoice,,120.00
2025-02,energy,supplementary_invoice,,30.00
2025-02,sla_credit,invoice,,-148.80
2025-03,gpu_reserved,invoice,2016.00,2688.00
2025-03,gpu_overage,invoice,112.00,
2025-03,gpu_overage,credit_note,-40.00,
2025-03,energy,invoice,,60.00
2025-03,energy,credit_note,,-60.00
EOF
expect_csv revenue --by stream,month --basis earned --from 2025-01 --to 2025-01 <<'EOF'
stream,month,amount_EUR,amount_USD
gpu_reserved,2025-01,2232.00,2976.00
gpu_overage,2025-01,,36.00
energy,2025-01,,90.00
sla_credit,2025-01,,-148.80
EOF
# --from alone, billed: only March
expect_csv revenue --by tenant --from 2025-03 <<'EOF'
tenant,tenant_name,amount_EUR,amount_USD
acme,"Acme, ""Rocket"" Labs
Zürich — 東京",,2688.00
euro,"Société Générale, Ltd",2088.00,
EOF

# =========================================================================================
# Tie-out: in every grouping and on both bases, each currency's column adds up to the
# documents' totals; per month and per tenant the rows equal the documents of that
# month (issue month or period) or tenant. Integer cents in bash, no floating point.
# =========================================================================================
cents()
{
    local s=$1 neg=""
    [[ $s == -* ]] && neg=- && s=${s#-}
    [[ $s =~ ^[0-9]+\.[0-9]{2}$ ]] || fail "\"$1\" is not an amount with 2 decimals"
    s=${s/./}
    echo "$neg$((10#$s))"
}

# doc_sum CURRENCY [FIELD VALUE]: cents of the documents in CURRENCY (whose FIELD, a
# column of $TMP/docs: 3 period, 7 issued, 8 tenant, holds VALUE as a prefix)
expect_exit 0 "$LL" invoice list --format csv
tr -d '\r' <"$OUT" | tail -n +2 | awk -F, '{print $1","$2","$5","$6","$7","$8","$9","$3}' \
    >"$TMP/docs"
doc_sum()
{
    local cur=$1 field=${2:-} value=${3:-} total=0 line f
    while IFS= read -r line; do
        IFS=, read -r -a f <<<"$line"
        [[ ${f[4]} == "$cur" ]] || continue
        [[ -z $field || ${f[field - 1]} == "$value"* ]] || continue
        total=$((total + $(cents "${f[5]}")))
    done <"$TMP/docs"
    echo "$total"
}
[[ $(doc_sum USD) == 570120 ]] || fail "USD documents add up to $(doc_sum USD), not 570120"
[[ $(doc_sum EUR) == 432000 ]] || fail "EUR documents add up to $(doc_sum EUR), not 432000"

# col_sum FILE.json COLUMN [KEYCOL VALUE]: cents of COLUMN over the rows (where KEYCOL =
# VALUE); null cells are no lines
col_sum()
{
    local total=0 v
    while IFS= read -r v; do
        total=$((total + $(cents "$v")))
    done < <(if [[ -n ${3:-} ]]; then
        jq -r --arg c "$2" --arg k "$3" --arg v "$4" \
            '.rows[] | select(.[$k] == $v) | .[$c] // empty' "$1"
    else
        jq -r --arg c "$2" '.rows[] | .[$c] // empty' "$1"
    fi)
    echo "$total"
}

groupings=(month tenant site stream document month,tenant tenant,stream,month
    document,site,stream,tenant,month site,document)
for basis in billed earned; do
    for by in "${groupings[@]}"; do
        expect_exit 0 "$LL" report revenue --by "$by" --basis "$basis" --format json
        cp "$OUT" "$TMP/r.json"
        for cur in USD EUR; do
            got=$(col_sum "$TMP/r.json" "amount_$cur")
            want=$(doc_sum "$cur")
            [[ $got == "$want" ]] ||
                fail "--by $by --basis $basis: $cur column adds up to $got cents, documents to $want"
        done
        # no two rows share their grouping values
        dups=$(jq -r --arg by "$by" '($by | split(",")) as $k | .rows[] | [.[$k[]]] | tojson' \
            "$TMP/r.json" | sort | uniq -d)
        [[ -z $dups ]] || fail "--by $by --basis $basis: repeated groups: $dups"
    done
    # per month: the documents issued in (billed) or billing (earned) that month
    expect_exit 0 "$LL" report revenue --by month --basis "$basis" --format json
    cp "$OUT" "$TMP/m.json"
    for m in 2025-01 2025-02 2025-03; do
        field=7
        [[ $basis == earned ]] && field=3
        for cur in USD EUR; do
            got=$(col_sum "$TMP/m.json" "amount_$cur" month "$m")
            want=$(doc_sum "$cur" "$field" "$m")
            [[ $got == "$want" ]] ||
                fail "--by month --basis $basis: $m $cur is $got cents, its documents $want"
        done
    done
done
# per tenant
expect_exit 0 "$LL" report revenue --by tenant --format json
cp "$OUT" "$TMP/t.json"
for t in acme euro; do
    for cur in USD EUR; do
        got=$(col_sum "$TMP/t.json" "amount_$cur" tenant "$t")
        want=$(doc_sum "$cur" 8 "$t")
        [[ $got == "$want" ]] || fail "--by tenant: $t $cur is $got cents, its documents $want"
    done
done
# JSON: tenant names as given, amounts as strings, an absent currency as null
[[ $(jq -r '.rows[] | select(.tenant == "acme") | .tenant_name' "$TMP/t.json") == "$ACME_NAME" ]] ||
    fail "JSON tenant_name of acme is not the contract's"
[[ $(jq -r '.rows[] | select(.tenant == "euro") | [.amount_EUR, (.amount_USD | type)] | join(" ")' \
    "$TMP/t.json") == "4320.00 null" ]] || fail "JSON amounts of euro are not \"4320.00\" and null"
[[ $(jq -c '.columns' "$TMP/t.json") == '["tenant","tenant_name","amount_EUR","amount_USD"]' ]] ||
    fail "JSON columns are $(jq -c '.columns' "$TMP/t.json")"

# =========================================================================================
# CSV read back by Python's csv module (an independent RFC 4180 reader): the names
# survive commas, quotes, newlines and non-ASCII byte for byte.
# =========================================================================================
expect_exit 0 "$LL" report revenue --by tenant,stream --format csv
ACME_NAME="$ACME_NAME" EURO_NAME="$EURO_NAME" python3 - "$OUT" <<'PY' ||
import csv, os, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, strict=True))
assert rows[0] == ["tenant", "tenant_name", "stream", "amount_EUR", "amount_USD"], rows[0]
names = {r[0]: r[1] for r in rows[1:]}
assert names["acme"] == os.environ["ACME_NAME"], repr(names["acme"])
assert names["euro"] == os.environ["EURO_NAME"], repr(names["euro"])
assert all(len(r) == 5 for r in rows), rows
usd = sum(int(r[4].replace(".", "")) for r in rows[1:] if r[4])
eur = sum(int(r[3].replace(".", "")) for r in rows[1:] if r[3])
assert (usd, eur) == (570120, 432000), (usd, eur)
PY
    fail "the CSV did not read back with the tenant names and amounts"
expect_contains "$OUT" '"Acme, ""Rocket"" Labs'

# the people's table: thousands separators, a total row per currency, one line per row
expect_exit 0 "$LL" report revenue --by tenant
expect_contains "$OUT" "amount_EUR  amount_USD"
expect_contains "$OUT" 'Acme, "Rocket" Labs Zürich — 東京'
expect_contains "$OUT" "5,701.20"
[[ $(grep -c '' "$OUT") == 5 ]] || fail "the table is not header, rule, 2 tenants and a total"
[[ $(tail -n 1 "$OUT" | tr -s ' ') == "total 4,320.00 5,701.20" ]] ||
    fail "the total row is \"$(tail -n 1 "$OUT")\""

# =========================================================================================
# Empty selections: the headers, exit 0.
# =========================================================================================
expect_exit 0 "$LL" report revenue --from 2030-01 --to 2030-12 --format csv
[[ $(cat "$OUT") == $'month,stream,document\r' ]] || fail "empty CSV is \"$(cat "$OUT")\""
expect_exit 0 "$LL" report revenue --from 2030-01 --format json --by tenant
[[ $(cat "$OUT") == '{"columns":["tenant","tenant_name"],"rows":[]}' ]] ||
    fail "empty JSON is $(cat "$OUT")"
expect_exit 0 "$LL" report revenue --to 2024-12
expect_contains "$OUT" "month  stream  document"
[[ $(grep -c '' "$OUT") == 2 ]] || fail "empty table is not a header and a rule"

# =========================================================================================
# Bad arguments: 64 with a clear message.
# =========================================================================================
expect_exit 0 "$LL" report --help
expect_contains "$OUT" "Usage: leaseledger report revenue"
expect_contains "$OUT" "       leaseledger report utilization [--period YYYY-MM]"
expect_empty "$ERR"
expect_exit 64 "$LL" report
expect_contains "$ERR" 'expected "revenue", "utilization" or "aging"'
expect_contains "$ERR" "Try 'leaseledger report --help'."
expect_exit 64 "$LL" report profit
expect_contains "$ERR" 'unknown report "profit": expected revenue, utilization or aging'
expect_exit 64 "$LL" report revenue stray
expect_contains "$ERR" 'unexpected argument "stray"'
expect_exit 64 "$LL" report revenue --by stream,customer
expect_contains "$ERR" '--by: unknown grouping "customer": expected month, tenant, site, stream or document'
expect_exit 64 "$LL" report revenue --by month,month
expect_contains "$ERR" 'grouping "month" given twice'
expect_exit 64 "$LL" report revenue --by month,,stream
expect_contains "$ERR" "empty grouping name"
expect_exit 64 "$LL" report revenue --by ""
expect_contains "$ERR" "no grouping given"
expect_exit 64 "$LL" report revenue --from 2025-13
expect_contains "$ERR" 'invalid period "2025-13"'
expect_exit 64 "$LL" report revenue --to March
expect_contains "$ERR" '--to: invalid date "March"'
expect_exit 64 "$LL" report revenue --from 2025-03 --to 2025-01
expect_contains "$ERR" "month range is empty: from 2025-03 is after to 2025-01"
expect_exit 64 "$LL" report revenue --basis cash
expect_contains "$ERR" 'unknown basis "cash": expected billed or earned'
expect_exit 64 "$LL" report revenue --format xml
expect_contains "$ERR" 'unknown format "xml": expected table, csv or json'
expect_exit 64 "$LL" report revenue --chart "$TMP/rev.pdf"
expect_contains "$ERR" "must end in .svg or .png"
[[ ! -e "$TMP/rev.pdf" ]] || fail "a refused chart left a file"
# issue 16: revenue takes --period (a service month), but not with --from/--to
expect_exit 64 "$LL" report revenue --period 2025-01 --to 2025-02
expect_contains "$ERR" "--period is one service month: give it or --from/--to, not both"
expect_exit 64 "$LL" report utilization --by month
expect_contains "$ERR" "--by is an option of 'report revenue'"
expect_exit 64 "$LL" report utilization --period 2025-1
expect_contains "$ERR" 'invalid period "2025-1"'
expect_exit 1 "$LL" report utilization --period 2025-01 --site nowhere
expect_contains "$ERR" 'unknown site "nowhere"'
expect_empty "$OUT"

# =========================================================================================
# Utilization, January (744 h) and February (672 h).
# =========================================================================================
# tiny-1 January: capacity H100 10 x 744 = 7440, H200 4 x 744 = 2976, GB200 2 x 744 =
#   1488; H100 reserved 1488 (20.00%), used 1500 (2016.13 -> 20.16%), downtime 1.86
#   (1.86 x 10000 / 7440 = 2.5 hundredths: half away from zero -> 0.03%), idle 0.
#   all: 11904; reserved 1488 (12.50%), used 1500 (12.60%), downtime 1.5625 -> 0.02%.
#   energy metered 2 + 0.5 - 1 = 1.5 MWh; billed 2.4 + 0.6 - 1.2 = 1.8 MWh (PUE 1.2).
# tiny-2 January: H200 capacity 2976, reserved 744 (25.00%), used 700 (23.52%), idle 44
#   (147.85 -> 1.48%).
expect_csv utilization --period 2025-01 <<'EOF'
site,class,capacity_gpu_h,reserved_gpu_h,reserved_pct,used_gpu_h,used_pct,downtime_gpu_h,downtime_pct,idle_gpu_h,idle_pct,energy_metered_mwh,energy_billed_mwh
tiny-1,H100,7440.000000,1488.000000,20.00,1500.000000,20.16,1.860000,0.03,0.000000,0.00,,
tiny-1,H200,2976.000000,0.000000,0.00,0.000000,0.00,0.000000,0.00,0.000000,0.00,,
tiny-1,GB200,1488.000000,0.000000,0.00,0.000000,0.00,0.000000,0.00,0.000000,0.00,,
tiny-1,all,11904.000000,1488.000000,12.50,1500.000000,12.60,1.860000,0.02,0.000000,0.00,1.500000,1.800000
tiny-2,H200,2976.000000,744.000000,25.00,700.000000,23.52,0.000000,0.00,44.000000,1.48,,
tiny-2,all,2976.000000,744.000000,25.00,700.000000,23.52,0.000000,0.00,44.000000,1.48,0.000000,0.000000
EOF
# tiny-1 February: H100 capacity 6720, reserved 1344 (20.00%), used 1300 (19.35%), idle
#   44 (65.48 -> 0.65%); all 10752: reserved 12.50%, used 1209.08 -> 12.09%, idle 0.41%.
# tiny-2 February: H200 2688, reserved 672 (25.00%), used 700 - 10 = 690 (25.67%).
expect_csv utilization --period 2025-02 --site tiny-2 <<'EOF'
site,class,capacity_gpu_h,reserved_gpu_h,reserved_pct,used_gpu_h,used_pct,downtime_gpu_h,downtime_pct,idle_gpu_h,idle_pct,energy_metered_mwh,energy_billed_mwh
tiny-2,H200,2688.000000,672.000000,25.00,690.000000,25.67,0.000000,0.00,0.000000,0.00,,
tiny-2,all,2688.000000,672.000000,25.00,690.000000,25.67,0.000000,0.00,0.000000,0.00,0.000000,0.000000
EOF
expect_exit 0 "$LL" report utilization --period 2025-02 --site tiny-1 --format json
[[ $(jq -r '.rows[] | select(.class == "H100") | [.used_pct, .idle_gpu_h, .idle_pct] | join(" ")' \
    "$OUT") == "19.35 44.000000 0.65" ]] || fail "February H100 utilization is wrong: $(cat "$OUT")"
[[ $(jq -r '.rows[] | select(.class == "all") | [.used_pct, .idle_pct, .energy_metered_mwh,
    .energy_billed_mwh, (.energy_billed_mwh | type)] | join(" ")' "$OUT") == \
    "12.09 0.41 1.000000 1.200000 string" ]] || fail "February site totals are wrong: $(cat "$OUT")"
[[ $(jq -r '.rows[] | select(.class == "H100") | .energy_metered_mwh | type' "$OUT") == null ]] ||
    fail "a class row carries energy"
# reserved ties out with the invoices' gpu_reserved quantities (documents of the period)
want=$(sql -c "SELECT sum(l.qty_micros) FROM ledger.invoice i JOIN ledger.invoice_line l
               USING (tenant_id, number) WHERE i.period = '2025-01' AND l.stream = 'gpu_reserved'")
expect_exit 0 "$LL" report utilization --period 2025-01 --format json
got=$(jq -r '[.rows[] | select(.class == "all") | .reserved_gpu_h | sub("\\."; "") | tonumber]
             | add' "$OUT")
[[ $got == "$want" ]] || fail "reserved GPU-h $got micro, invoices say $want"
# a month without usage or invoices: capacity only
expect_exit 0 "$LL" report utilization --period 2030-01 --site tiny-2 --format csv
expect_contains "$OUT" "tiny-2,H200,2976.000000,0.000000,0.00,0.000000,0.00,0.000000,0.00,0.000000,0.00,,"
# the people's table aligns and separates thousands
expect_exit 0 "$LL" report utilization --period 2025-01
expect_contains "$OUT" "11,904.000000"
[[ $(grep -c '' "$OUT") == 8 ]] || fail "utilization table is not a header, a rule and 6 rows"

# =========================================================================================
# Charts: SVG (xmllint when present, else the root element) and PNG (signature, file).
# =========================================================================================
check_svg()
{
    [[ -s $1 ]] || fail "chart $1 is missing or empty"
    if command -v xmllint >/dev/null 2>&1; then
        xmllint --noout "$1" 2>"$TMP/xmllint" || fail "chart $1 is not well-formed XML: $(cat "$TMP/xmllint")"
    fi
    grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$1" || fail "chart $1 has no svg root"
}
check_png()
{
    [[ -s $1 ]] || fail "chart $1 is missing or empty"
    [[ $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
        fail "chart $1 does not start with the PNG signature"
    if command -v file >/dev/null 2>&1; then
        file "$1" | grep -q 'PNG image data, 960 x 600' || fail "file says: $(file "$1")"
    fi
}

# one chart per currency: EUR (first by code) at the name given, USD beside it
expect_exit 0 "$LL" report revenue --chart "$TMP/rev.svg" --format csv
expect_contains "$ERR" "wrote chart $TMP/rev.svg (EUR)"
expect_contains "$ERR" "wrote chart $TMP/rev-USD.svg (USD)"
check_svg "$TMP/rev.svg"
check_svg "$TMP/rev-USD.svg"
expect_contains "$OUT" "month,stream,document" # the report still goes to stdout
expect_exit 0 "$LL" report revenue --basis earned --from 2025-01 --to 2025-03 --chart "$TMP/rev.png"
check_png "$TMP/rev.png"
check_png "$TMP/rev-USD.png"
# no revenue: one chart saying so
expect_exit 0 "$LL" report revenue --from 2030-01 --chart "$TMP/none.svg"
expect_contains "$ERR" "wrote chart $TMP/none.svg (no data)"
check_svg "$TMP/none.svg"
expect_exit 0 "$LL" report utilization --period 2025-01 --chart "$TMP/util.svg"
check_svg "$TMP/util.svg"
expect_exit 0 "$LL" report utilization --period 2025-01 --site tiny-1 --chart "$TMP/util.PNG"
check_png "$TMP/util.PNG"
# a chart that cannot be written: 73, and the report was printed first
expect_exit 73 "$LL" report utilization --period 2025-01 --chart "$TMP/no/such/dir/u.png"
expect_contains "$ERR" "could not"
expect_contains "$OUT" "tiny-1"

# =========================================================================================
# --with-tax: net (amount_CUR, as without it), the documents' tax and net + tax. Every
# document above was issued before tax existed (no "tax" in its JSON): tax 0.00. Then one
# taxed invoice of acme, written as the tax-writing branch will (docs/receivables.md;
# inserted directly, as the superuser): April 2025, one energy line of 100.00 USD, tax
# entries S 7 % on 100.00 = 7.00 and Z 0 % = 0.00: tax 7.00, total 107.00.
expect_csv revenue --with-tax --by month <<'EOF'
month,amount_EUR,tax_EUR,total_EUR,amount_USD,tax_USD,total_USD
2025-02,2232.00,0.00,2232.00,3013.20,0.00,3013.20
2025-03,2088.00,0.00,2088.00,2688.00,0.00,2688.00
EOF
sql -c "INSERT INTO ledger.invoice (tenant_id, number, seq, kind, contract_id, period,
          currency, total_micros, issued_at, rated_size, rated_root, doc)
        SELECT tenant_id, 'AC-2025-000900', 900, 'invoice', 'AC-1', '2025-04', 'USD',
               107000000, '2025-04-15T00:00:00Z', 0, '\x00',
               '{\"net\": \"100.00\", \"tax\": [
                  {\"category\": \"S\", \"name\": \"Sales tax\", \"percent\": \"7.000000\",
                   \"taxable\": \"100.00\", \"amount\": \"7.00\"},
                  {\"category\": \"Z\", \"name\": \"Zero-rated\", \"percent\": \"0.000000\",
                   \"taxable\": \"0.00\", \"amount\": \"0.00\"}],
                 \"total\": \"107.00\"}'
          FROM ledger.tenant WHERE tenant = 'acme'" >/dev/null
sql -c "INSERT INTO ledger.invoice_line (tenant_id, number, line_no, stream, class, from_at,
          to_at, qty_micros, unit, rate_micros, amount_micros)
        SELECT tenant_id, 'AC-2025-000900', 1, 'energy', NULL, '2025-04-01T00:00:00Z',
               '2025-05-01T00:00:00Z', 1000000, 'MWh', 100000000, 100000000
          FROM ledger.tenant WHERE tenant = 'acme'" >/dev/null
# The default grouping with --with-tax is month,document (no stream: below). February:
# USD invoices 3013.20 - 30.00 supplementary; March invoices EUR 2016 + 112 = 2128.00,
# USD 2688 + 60 = 2748.00; the credit notes -40.00 and -60.00; April the taxed invoice.
expect_csv revenue --with-tax <<'EOF'
month,document,amount_EUR,tax_EUR,total_EUR,amount_USD,tax_USD,total_USD
2025-02,invoice,2232.00,0.00,2232.00,2983.20,0.00,2983.20
2025-02,supplementary_invoice,,,,30.00,0.00,30.00
2025-03,invoice,2128.00,0.00,2128.00,2748.00,0.00,2748.00
2025-03,credit_note,-40.00,0.00,-40.00,-60.00,0.00,-60.00
2025-04,invoice,,,,100.00,7.00,107.00
EOF
# without --with-tax nothing changes: April is net only
expect_csv revenue --by tenant --from 2025-04 <<'EOF'
tenant,tenant_name,amount_USD
acme,"Acme, ""Rocket"" Labs
Zürich — 東京",100.00
EOF
# the table for people: a total row per column (net 100.00 + 2688.00 + 3013.20)
expect_exit 0 "$LL" report revenue --with-tax --by tenant --basis earned
expect_contains "$OUT" "tax_USD"
expect_contains "$OUT" "5,801.20"
expect_contains "$OUT" "5,808.20"
# tax is per document and tax entry, never per line: no stream grouping
expect_exit 64 "$LL" report revenue --with-tax --by month,stream
expect_contains "$ERR" "--with-tax cannot be grouped by stream"
expect_exit 64 "$LL" report utilization --with-tax
expect_contains "$ERR" "--with-tax is an option of 'report revenue'"
expect_exit 64 "$LL" report aging --with-tax

echo "ok: $TEST_NAME"
