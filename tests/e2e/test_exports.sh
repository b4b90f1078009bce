#!/usr/bin/env bash
# e2e.exports: `export focus` and `export journal` (issue "Revenue-stream reports and
# finance exports"), checked by the real tools: hledger, ledger and bean-check must
# accept the journals, and their balance per account must equal the invoices' lines
# summed in SQL and the totals worked out by hand below; the FOCUS CSV is loaded back
# with PostgreSQL's RFC 4180 reader and tied out per InvoiceId.
#
# Two tenants, two sites, two currencies, two invoice series. March 2025 is billed on
# 1 April; late usage and a correction produce supplementary invoices and credit notes
# on 15 April, and one more supplementary invoice on 2 May.
source "$(dirname "$0")/lib.sh"

for tool in hledger ledger; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/install-deps)"
done

fresh_db exports
make_key

# --- the case ---------------------------------------------------------------------------
# March 2025 = 744 hours.
# acme (USD, series AC) at tiny-1: H100 reserved 4 at 2.00, overage 3.00; energy 60.00/MWh
# at PUE 1.2, 1 MW at 1000.00/MW-month; SLA 5% below 99.9%.
#   gpu_reserved   4 x 744 = 2976 GPU-h x 2.00                       = 5952.00
#   gpu_overage    3000 used - 2976 = 24 x 3.00                      =   72.00
#   energy         2.5 MWh x 1.2 = 3.000000 MWh x 60.00               =  180.00
#   power_capacity 1 MW x 744/744 = 1.000000 MW-month x 1000.00       = 1000.00
#   sla_credit     downtime 10 of 2976: 99.66% < 99.9: -5% x 5952.00  = -297.60
#   invoice AC-2025-000001 (1 April)                                  = 6906.40
# beta (EUR, series BE) at eu-1: H200 reserved 2 at 3.10, overage 4.00; minimum 6000.00.
#   gpu_reserved   2 x 744 = 1488 GPU-h x 3.10                        = 4612.80
#   true-up        6000.00 - 4612.80                                  = 1387.20
#   invoice BE-2025-000001 (1 April)                                  = 6000.00
# Late, billed 15 April:
#   acme +20 GPU-h (pod-b): overage 44 x 3.00 = 132.00, +60.00 (supplementary invoice);
#   acme energy corrected by -0.5 MWh: 2.4 MWh x 60.00 = 144.00, -36.00 (credit note);
#   beta +600 GPU-h: overage 112 x 4.00 = 448.00; true-up 6000.00 - 5060.80 = 939.20:
#   supplementary +448.00 +939.20 = 1387.20, credit note reverses the old true-up -1387.20.
# Late, billed 2 May: acme +10 GPU-h (pod-c): overage 54 x 3.00 = 162.00, +30.00.
cat >"$TMP/site-us.json" <<'EOF'
{"site": "tiny-1", "name": "Tiny hall, Memphis TN",
 "gpus": {"H100": 10, "H200": 4, "GB200": 2}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
cat >"$TMP/site-eu.json" <<'EOF'
{"site": "eu-1", "name": "Frankfurt Halle 1",
 "gpus": {"H100": 0, "H200": 8, "GB200": 0}, "power_mw": "1",
 "operator": {"name": "Beispiel Rechenzentrum GmbH", "address": "Beispielweg 1, Frankfurt",
              "tax_id": "DE000000000"}}
EOF
cat >"$TMP/acme.json" <<'EOF'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme \"Labs\", Inc.",
 "site": "tiny-1", "currency": "USD", "invoice_series": "AC",
 "starts": "2025-03-01T00:00:00Z", "ends": "2026-03-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 4, "rate": "2.000000", "overage_rate": "3.000000"}],
 "energy": {"rate_per_mwh": "60.000000", "pue": "1.200000",
            "capacity_mw": "1", "capacity_rate_per_mw_month": "1000.000000"},
 "sla": {"target": "99.900000", "credits": [{"below": "99.900000", "percent": "5"}]}}
EOF
cat >"$TMP/beta.json" <<'EOF'
{"contract": "BE-1", "tenant": "beta", "tenant_name": "Beta Größe GmbH",
 "site": "eu-1", "currency": "EUR", "invoice_series": "BE",
 "starts": "2025-03-01T00:00:00Z", "ends": "2026-03-01T00:00:00Z",
 "gpu": [{"class": "H200", "reserved": 2, "rate": "3.100000", "overage_rate": "4.000000"}],
 "minimum_monthly": "6000.00"}
EOF
cat >"$TMP/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
acme,tiny-1,pod-a,gpu,H100,2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,3000,gpu_hour,a-gpu,
acme,tiny-1,pod-a,downtime,H100,2025-03-01T00:00:00Z,2025-03-01T10:00:00Z,10,gpu_hour,a-down,
acme,tiny-1,hall-a,energy,,2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,2.5,mwh,a-energy,
beta,eu-1,pod-x,gpu,H200,2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,1000,gpu_hour,b-gpu,
EOF
cat >"$TMP/late-april.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
acme,tiny-1,pod-b,gpu,H100,2025-03-15T00:00:00Z,2025-03-16T00:00:00Z,20,gpu_hour,a-late,
acme,tiny-1,hall-a,energy,,2025-03-01T00:00:00Z,2025-04-01T00:00:00Z,-0.5,mwh,a-energy-fix,a-energy
beta,eu-1,pod-y,gpu,H200,2025-03-10T00:00:00Z,2025-03-20T00:00:00Z,600,gpu_hour,b-late,
EOF
cat >"$TMP/late-may.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
acme,tiny-1,pod-c,gpu,H100,2025-03-20T00:00:00Z,2025-03-21T00:00:00Z,10,gpu_hour,a-later,
EOF

expect_exit 0 "$LL" site load "$TMP/site-us.json"
expect_exit 0 "$LL" site load "$TMP/site-eu.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"
expect_exit 0 "$LL" contract load "$TMP/beta.json"
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
expect_contains "$OUT" "4 records: 4 accepted"
expect_exit 0 "$LL" bill --period 2025-03 --as-of 2025-04-01T02:00:00Z
expect_contains "$OUT" "AC-2025-000001"
expect_contains "$OUT" "total 6906.40 USD"
expect_contains "$OUT" "BE-2025-000001"
expect_contains "$OUT" "total 6000.00 EUR"
expect_exit 0 "$LL" ingest -q "$TMP/late-april.csv"
expect_contains "$OUT" "3 records: 3 accepted"
expect_exit 0 "$LL" bill --period 2025-03 --as-of 2025-04-15T00:00:00Z
expect_exit 0 "$LL" ingest -q "$TMP/late-may.csv"
expect_exit 0 "$LL" bill --period 2025-03 --as-of 2025-05-02T00:00:00Z

# The documents, as issued: numbers are assigned by billing, so look them up by amount.
docs()
{
    sql -c "SELECT i.number || ' ' || i.kind || ' ' || coalesce(i.amends, '-') || ' '
                   || to_char(i.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' '
                   || (i.total_micros / 1000000.0)::numeric(20, 2)
            FROM ledger.invoice i ORDER BY i.number"
}
docs >"$TMP/docs"
cat >"$TMP/docs.want" <<'EOF'
AC-2025-000001 invoice - 2025-04-01 6906.40
AC-2025-000002 invoice AC-2025-000001 2025-04-15 60.00
AC-2025-000003 credit_note AC-2025-000001 2025-04-15 -36.00
AC-2025-000004 invoice AC-2025-000001 2025-05-02 30.00
BE-2025-000001 invoice - 2025-04-01 6000.00
BE-2025-000002 invoice BE-2025-000001 2025-04-15 1387.20
BE-2025-000003 credit_note BE-2025-000001 2025-04-15 -1387.20
EOF
diff -u "$TMP/docs.want" "$TMP/docs" >&2 || fail "the billed documents are not the worked-out ones"

# --- arguments ----------------------------------------------------------------------------
expect_exit 0 "$LL" export --help
expect_contains "$OUT" "Usage: leaseledger export focus --period YYYY-MM"
expect_contains "$OUT" "Exit status"
expect_empty "$ERR"
expect_exit 64 "$LL" export
expect_contains "$ERR" 'expected "focus" or "journal"'
expect_contains "$ERR" "Try 'leaseledger export --help'."
expect_exit 64 "$LL" export csv --period 2025-03
expect_contains "$ERR" 'unknown export "csv": expected focus or journal'
expect_exit 64 "$LL" export focus
expect_contains "$ERR" "--period YYYY-MM is required"
expect_exit 64 "$LL" export focus --period 2025-13
expect_contains "$ERR" 'month 13 is out of range 01..12'
expect_exit 64 "$LL" export journal --period March
expect_contains "$ERR" 'invalid period "March": expected YYYY-MM'
expect_exit 64 "$LL" export journal --period 2999-01
expect_contains "$ERR" "period 2999-01 is in the future"
expect_exit 64 "$LL" export journal --period 2025-04 --format gnucash
expect_contains "$ERR" 'invalid journal format "gnucash": expected hledger, ledger or beancount'
expect_exit 64 "$LL" export focus --period 2025-03 --format hledger
expect_contains "$ERR" "--format applies to the journal export only"
expect_exit 64 "$LL" export focus --period 2025-03 stray
expect_contains "$ERR" 'unexpected argument "stray"'
expect_exit 64 "$LL" export focus --period 2025-03 --no-such-option
expect_exit 73 "$LL" export focus --period 2025-03 --out "$TMP/no/such/dir/focus.csv"
expect_contains "$ERR" "could not create"
[[ ! -e "$TMP/no" ]] || fail "a failed export created something"

# --- FOCUS --------------------------------------------------------------------------------
HEADER='BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,ConsumedQuantity,ConsumedUnit,ContractedCost,ContractedUnitPrice,EffectiveCost,HostProviderName,InvoiceId,InvoiceIssuerName,ListCost,PricingCategory,PricingQuantity,PricingUnit,ProviderName,PublisherName,RegionId,RegionName,ServiceCategory,ServiceName,ServiceProviderName,ServiceSubcategory,SkuId,SkuMeter,SkuPriceId,SubAccountId,SubAccountName,x_Amends,x_DocumentKind,x_GpuClass,x_LineNumber,x_LineQuantity,x_LineRate,x_LineUnit,x_Stream'

expect_exit 0 "$LL" export focus --period 2025-03 --out "$TMP/focus.csv"
expect_contains "$OUT" "wrote 13 rows (FOCUS 1.3, service period 2025-03) to $TMP/focus.csv"
F="$TMP/focus.csv"
# stdout gives the same bytes
expect_exit 0 "$LL" export focus --period 2025-03
cmp -s "$OUT" "$F" || fail "export focus to stdout differs from --out"

# header: stable order, every Mandatory column of docs/focus-columns.csv
[[ "$(head -n 1 "$F" | tr -d '\r')" == "$HEADER" ]] ||
    fail "FOCUS header changed: $(head -n 1 "$F")"
mandatory=$(awk -F, 'NR > 1 && $2 ~ /^Mandatory/ { print $1 }' "$LDG_SRC/docs/focus-columns.csv")
[[ $(wc -w <<<"$mandatory") -ge 23 ]] || fail "docs/focus-columns.csv lists too few Mandatory columns"
for col in $mandatory; do
    [[ ",$HEADER," == *",$col,"* ]] || fail "Mandatory FOCUS column $col is missing"
done
# RFC 4180: CRLF after every record, 14 records; quotes doubled inside a quoted field
[[ $(grep -c $'\r$' "$F") == 14 && $(wc -l <"$F") == 14 ]] ||
    fail "FOCUS file should be 14 CRLF-terminated records"
expect_contains "$F" ',acme,"Acme ""Labs"", Inc.",USD,'
expect_contains "$F" ',beta,Beta Größe GmbH,EUR,'

# Load it back with PostgreSQL's CSV reader (empty unquoted fields become NULL).
cols=$(head -n 1 "$F" | tr -d '\r' | sed 's/[A-Za-z_]*/"&" text/g')
sql -c "CREATE TABLE public.focus ($cols)"
sql -c "\\copy public.focus FROM '$F' WITH (FORMAT csv, HEADER true)"
[[ $(sql -c "SELECT count(*) FROM public.focus") == 13 ]] || fail "FOCUS rows did not load"

# every invoice line of the period is a row, and BilledCost per InvoiceId is the total
q()
{
    sql -c "$1"
}
[[ $(q "SELECT count(*) FROM ledger.invoice_line l JOIN ledger.invoice i USING (tenant_id, number)
        WHERE i.period = '2025-03'") == 13 ]] || fail "expected 13 invoice lines in 2025-03"
bad=$(q "SELECT i.number || ': ' || coalesce(f.s::text, 'no rows') || ' vs ' || i.total_micros
         FROM ledger.invoice i LEFT JOIN (SELECT \"InvoiceId\", sum(\"BilledCost\"::numeric) AS s
           FROM public.focus GROUP BY 1) f ON f.\"InvoiceId\" = i.number
         WHERE i.period = '2025-03' AND f.s IS DISTINCT FROM i.total_micros / 1000000.0")
[[ -z "$bad" ]] || fail "BilledCost per InvoiceId differs from the invoice total: $bad"
[[ $(q "SELECT string_agg(\"InvoiceId\" || '=' || s, ' ' ORDER BY \"InvoiceId\") FROM
        (SELECT \"InvoiceId\", sum(\"BilledCost\"::numeric) AS s FROM public.focus GROUP BY 1) x") == \
    "AC-2025-000001=6906.40 AC-2025-000002=60.00 AC-2025-000003=-36.00 AC-2025-000004=30.00 BE-2025-000001=6000.00 BE-2025-000002=1387.20 BE-2025-000003=-1387.20" ]] ||
    fail "BilledCost per InvoiceId is not the worked-out totals"
# each row is its invoice line: number, stream and amount
bad=$(q "SELECT count(*) FROM public.focus f JOIN ledger.invoice_line l
           ON l.number = f.\"InvoiceId\" AND l.line_no = f.\"x_LineNumber\"::int
         WHERE l.stream = f.\"x_Stream\" AND l.amount_micros = f.\"BilledCost\"::numeric * 1000000
           AND l.qty_micros = f.\"x_LineQuantity\"::numeric * 1000000
           AND l.rate_micros = f.\"x_LineRate\"::numeric * 1000000
           AND f.\"ChargePeriodStart\" = to_char(l.from_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
           AND f.\"ChargePeriodEnd\" = to_char(l.to_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
[[ "$bad" == 13 ]] || fail "only $bad of 13 FOCUS rows match their invoice line"

# Mandatory non-nullable columns are never null; typed values have their formats
for col in BilledCost BillingAccountId BillingCurrency BillingPeriodEnd BillingPeriodStart \
    ChargeCategory ChargePeriodEnd ChargePeriodStart ContractedCost EffectiveCost \
    InvoiceIssuerName ListCost ProviderName PublisherName ServiceCategory ServiceName \
    ServiceProviderName HostProviderName InvoiceId BillingAccountName ChargeDescription; do
    [[ $(q "SELECT count(*) FROM public.focus WHERE \"$col\" IS NULL") == 0 ]] ||
        fail "FOCUS column $col has nulls"
done
for col in BilledCost ContractedCost EffectiveCost ListCost; do
    [[ $(q "SELECT count(*) FROM public.focus WHERE \"$col\" !~ '^-?[0-9]+\\.[0-9]{2}\$'
              OR \"$col\" <> \"BilledCost\"") == 0 ]] || fail "FOCUS $col is not the 2-decimal line amount"
done
for col in BillingPeriodStart BillingPeriodEnd ChargePeriodStart ChargePeriodEnd; do
    [[ $(q "SELECT count(*) FROM public.focus
            WHERE \"$col\" !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\$'") == 0 ]] ||
        fail "FOCUS $col is not ISO 8601 UTC"
done
[[ $(q "SELECT DISTINCT \"BillingPeriodStart\" || ' ' || \"BillingPeriodEnd\" FROM public.focus") == \
    "2025-03-01T00:00:00Z 2025-04-01T00:00:00Z" ]] || fail "BillingPeriod is not March 2025"
[[ $(q "SELECT count(*) FROM public.focus WHERE (\"PricingQuantity\" IS NULL) <> (\"PricingUnit\" IS NULL)
        OR (\"PricingQuantity\" IS NOT NULL AND \"PricingQuantity\" !~ '^-?[0-9]+\\.[0-9]{6}\$')") == 0 ]] ||
    fail "PricingQuantity/PricingUnit are inconsistent"
# stream -> category, frequency, service; currency and parties per tenant
got=$(q "SELECT DISTINCT \"x_Stream\" || ' ' || \"ChargeCategory\" || ' ' || \"ChargeFrequency\" || ' '
                || \"ServiceCategory\" || ' ' || coalesce(\"PricingUnit\", '-') || ' '
                || coalesce(\"ConsumedUnit\", '-') || ' ' || coalesce(\"SkuId\", '-')
         FROM public.focus ORDER BY 1")
want='commitment_true_up Adjustment One-Time Other - - -
energy Usage Usage-Based Other MWh MWh energy
gpu_overage Usage Usage-Based Compute GPU-Hours GPU-Hours gpu_overage/H100
gpu_overage Usage Usage-Based Compute GPU-Hours GPU-Hours gpu_overage/H200
gpu_reserved Purchase Recurring Compute GPU-Hours - gpu_reserved/H100
gpu_reserved Purchase Recurring Compute GPU-Hours - gpu_reserved/H200
power_capacity Purchase Recurring Other MW-Months - power_capacity
sla_credit Credit One-Time Compute - - -'
[[ "$got" == "$want" ]] || fail "stream mapping differs:"$'\n'"$got"
got=$(q "SELECT DISTINCT \"BillingAccountId\" || '|' || \"BillingAccountName\" || '|' || \"BillingCurrency\"
                || '|' || \"InvoiceIssuerName\" || '|' || \"ProviderName\" || '|' || \"RegionId\"
                || '|' || \"RegionName\" || '|' || \"SubAccountId\" FROM public.focus ORDER BY 1")
want='acme|Acme "Labs", Inc.|USD|Example Compute Operator LLC|Example Compute Operator LLC|tiny-1|Tiny hall, Memphis TN|AC-1
beta|Beta Größe GmbH|EUR|Beispiel Rechenzentrum GmbH|Beispiel Rechenzentrum GmbH|eu-1|Frankfurt Halle 1|BE-1'
[[ "$got" == "$want" ]] || fail "parties differ:"$'\n'"$got"
# corrections: exactly the rows of amending documents
[[ $(q "SELECT count(*) FROM public.focus WHERE (\"ChargeClass\" = 'Correction') <> (\"x_Amends\" IS NOT NULL)
        OR (\"ChargeClass\" IS NOT NULL AND \"ChargeClass\" <> 'Correction')") == 0 ]] ||
    fail "ChargeClass is not Correction exactly on amending documents"
[[ $(q "SELECT count(*) FROM public.focus WHERE \"ChargeClass\" = 'Correction'") == 6 ]] ||
    fail "expected 6 correction rows"
[[ $(q "SELECT \"BilledCost\" || ' ' || \"PricingQuantity\" || ' ' || \"ContractedUnitPrice\" FROM public.focus
        WHERE \"InvoiceId\" = 'AC-2025-000003'") == "-36.00 -0.600000 60.000000" ]] ||
    fail "the energy credit note row is not -0.6 MWh at 60.00"
[[ $(q "SELECT \"BilledCost\" || ' ' || coalesce(\"PricingQuantity\", 'null') || ' ' || \"x_LineQuantity\"
               || ' ' || \"x_LineRate\" || ' ' || \"x_LineUnit\"
        FROM public.focus WHERE \"x_Stream\" = 'sla_credit'") == \
    "-297.60 null 5952.000000 -0.050000 USD" ]] || fail "the SLA credit row is not -5% of 5952.00"

# an empty period: the header alone
expect_exit 0 "$LL" export focus --period 2025-02
[[ "$(tr -d '\r' <"$OUT")" == "$HEADER" ]] || fail "an empty period should give the header alone"

# --- journals -----------------------------------------------------------------------------
# Expected balances of the documents issued in a month, from SQL over the invoice lines:
# "account,commodity,amount" per line, sorted; the receivable's tenant component is
# capitalised, the same in every format (issue 16; the fixture's ids are one word).
expected_balances()
{
    local from=$1 to=$2
    q "WITH d AS (SELECT * FROM ledger.invoice
                  WHERE issued_at >= '$from'::timestamptz AND issued_at < '$to'::timestamptz),
            l AS (SELECT d.tenant_id, d.currency, x.stream, x.amount_micros
                  FROM d JOIN ledger.invoice_line x USING (tenant_id, number))
       SELECT account || ',' || currency || ',' || (m / 1000000.0)::numeric(20, 2) FROM (
         SELECT 'Assets:Receivable:' || initcap(t.tenant) AS account, l.currency, sum(l.amount_micros) AS m
           FROM l JOIN ledger.tenant t USING (tenant_id) GROUP BY 1, 2
         UNION ALL
         SELECT 'Revenue:' || CASE l.stream WHEN 'gpu_reserved' THEN 'GpuReserved'
                  WHEN 'gpu_overage' THEN 'GpuOverage' WHEN 'energy' THEN 'Energy'
                  WHEN 'power_capacity' THEN 'PowerCapacity' WHEN 'sla_credit' THEN 'SlaCredit'
                  WHEN 'commitment_true_up' THEN 'CommitmentTrueUp' END,
                l.currency, -sum(l.amount_micros) FROM l GROUP BY 1, 2) b
       WHERE m <> 0 ORDER BY 1" | LC_ALL=C sort
}
expected_balances 2025-04-01 2025-05-01 >"$TMP/april.want"
# and by hand (see the top of this file)
LC_ALL=C sort >"$TMP/april.hand" <<'EOF'
Assets:Receivable:Acme,USD,6930.40
Assets:Receivable:Beta,EUR,6000.00
Revenue:CommitmentTrueUp,EUR,-939.20
Revenue:Energy,USD,-144.00
Revenue:GpuOverage,EUR,-448.00
Revenue:GpuOverage,USD,-132.00
Revenue:GpuReserved,EUR,-4612.80
Revenue:GpuReserved,USD,-5952.00
Revenue:PowerCapacity,USD,-1000.00
Revenue:SlaCredit,USD,297.60
EOF
diff -u "$TMP/april.hand" "$TMP/april.want" >&2 || fail "SQL totals differ from the worked-out ones"

# hledger: strict check, then the balance per account and commodity
expect_exit 0 "$LL" export journal --period 2025-04 --format hledger --out "$TMP/april.journal"
expect_contains "$OUT" "wrote 6 transactions (hledger, basis issued, dated in 2025-04)"
J="$TMP/april.journal"
expect_exit 0 hledger -f "$J" check -s
expect_exit 0 hledger -f "$J" bal --flat -N --layout=bare -O csv
tail -n +2 "$OUT" | tr -d '"' | awk -F, '$3 != "0" { print $1 "," $2 "," $3 }' | LC_ALL=C sort >"$TMP/april.hledger"
diff -u "$TMP/april.want" "$TMP/april.hledger" >&2 || fail "hledger's balances differ from the invoices"
# the default format is hledger; stdout and --out give the same bytes
expect_exit 0 "$LL" export journal --period 2025-04
cmp -s "$OUT" "$J" || fail "export journal to stdout differs from --out"
# the transaction code, the metadata, the date of issue, every transaction balanced
expect_exit 0 hledger -f "$J" print code:AC-2025-000003
expect_contains "$OUT" "2025-04-15 * (AC-2025-000003) Acme \"Labs\", Inc. | credit note for 2025-03"
expect_contains "$OUT" "; amends: AC-2025-000001"
expect_contains "$OUT" "; kind: credit_note"
expect_contains "$OUT" "; period: 2025-03"
expect_contains "$OUT" "; contract: AC-1"
expect_contains "$OUT" "; rated_from: "
expect_exit 0 hledger -f "$J" reg tag:amends=BE-2025-000001 cur:EUR acct:Receivable
[[ $(wc -l <"$OUT") == 2 ]] || fail "beta should have two amending documents in April"
expect_exit 0 hledger -f "$J" bal -N tag:tenant=acme acct:Receivable -O csv
expect_contains "$OUT" '"Assets:Receivable:Acme","6930.40 USD"'

# ledger: pedantic (every account, commodity and tag declared), then balances per currency
expect_exit 0 "$LL" export journal --period 2025-04 --format ledger --out "$TMP/april.ledger"
L="$TMP/april.ledger"
expect_exit 0 ledger -f "$L" --pedantic bal
expect_empty "$ERR"
: >"$TMP/april.ledger-bal"
for cur in EUR USD; do
    expect_exit 0 ledger -f "$L" bal --flat --no-total --empty -l "commodity == \"$cur\"" \
        --balance-format "%(account),$cur,%(quantity(display_total))\n"
    cat "$OUT" >>"$TMP/april.ledger-bal"
done
# ledger prints quantities without trailing zeros: compare as exact decimals
norm()
{
    awk -F, '{ n = $3; if (n !~ /\./) n = n ".00"; else if (n ~ /\.[0-9]$/) n = n "0";
               if (n != "0.00") print $1 "," $2 "," n }' | LC_ALL=C sort
}
norm <"$TMP/april.ledger-bal" >"$TMP/april.ledger-norm"
diff -u "$TMP/april.want" "$TMP/april.ledger-norm" >&2 || fail "ledger's balances differ from the invoices"
expect_exit 0 ledger -f "$L" reg --limit 'tag("tenant") == "beta"' -l 'account =~ /Receivable/'
[[ $(wc -l <"$OUT") == 3 ]] || fail "ledger should show beta's three April documents"
# hledger reads the ledger flavour too, with the same result
expect_exit 0 hledger -f "$L" bal --flat -N --layout=bare -O csv
tail -n +2 "$OUT" | tr -d '"' | awk -F, '$3 != "0" { print $1 "," $2 "," $3 }' | LC_ALL=C sort >"$TMP/april.hl2"
diff -u "$TMP/april.want" "$TMP/april.hl2" >&2 || fail "hledger on the ledger file differs"

# beancount: the period file opens nothing (issue 16): bean-check it beside the opens
# file, then bean-query's balances
expect_exit 0 "$LL" export journal --period 2025-04 --format beancount --out "$TMP/april.beancount"
B="$TMP/april.beancount"
expect_contains "$B" 'option "name_income" "Revenue"'
expect_not_contains "$B" ' open '
expect_exit 0 "$LL" export journal --opens --format beancount --out "$TMP/opens.beancount"
expect_contains "$OUT" "open directives (beancount)"
expect_contains "$TMP/opens.beancount" 'open Assets:Receivable:Acme'
printf 'include "%s"\ninclude "%s"\n' "$TMP/opens.beancount" "$B" >"$TMP/april.main.beancount"
expect_contains "$B" '2025-04-15 * "Acme \"Labs\", Inc." "credit note AC-2025-000003 for 2025-03" ^AC-2025-000003 ^AC-2025-000001'
expect_contains "$B" '  tenant: "acme"'
if command -v bean-check >/dev/null; then
    expect_exit 0 bean-check "$TMP/april.main.beancount"
    expect_empty "$OUT"
    expect_exit 0 bean-query -f csv "$TMP/april.main.beancount" \
        "SELECT account, currency, sum(number) AS n GROUP BY account, currency"
    tail -n +2 "$OUT" | tr -d ' \r' | awk -F, '$3 != "0.00" { print }' | LC_ALL=C sort >"$TMP/april.bean"
    diff -u "$TMP/april.want" "$TMP/april.bean" >&2 || fail "beancount's balances differ from the invoices"
else
    echo "NOTE: $TEST_NAME: bean-check not installed; beancount output checked by shape only" >&2
    # every transaction: a date line, metadata, then postings that sum to zero per
    # currency (in minor units, integer arithmetic)
    # (no regex intervals: Debian's mawk lacks them)
    got=$(awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] \* / { check(); n++; next }
         /^  [A-Z][A-Za-z0-9:-]+ +-?[0-9]+\.[0-9][0-9] [A-Z][A-Z][A-Z]$/ {
             split($2, p, "."); v = p[1] * 100 + (substr($2, 1, 1) == "-" ? -p[2] : p[2]);
             sum[$3] += v; np++; next }
         function check(c) { for (c in sum) { if (sum[c] != 0) bad++; delete sum[c] } }
         END { check(); print n " " np " " bad + 0 }' "$B")
    [[ "$got" == "6 18 0" ]] || fail "beancount transactions/postings/unbalanced: $got, want 6 18 0"
fi

# May: only the document issued in May; March: nothing issued, declarations alone
expect_exit 0 "$LL" export journal --period 2025-05 --out "$TMP/may.journal"
expect_contains "$OUT" "wrote 1 transaction (hledger"
expected_balances 2025-05-01 2025-06-01 >"$TMP/may.want"
expect_exit 0 hledger -f "$TMP/may.journal" bal --flat -N --layout=bare -O csv
tail -n +2 "$OUT" | tr -d '"' | awk -F, '$3 != "0" { print $1 "," $2 "," $3 }' | LC_ALL=C sort >"$TMP/may.hledger"
diff -u "$TMP/may.want" "$TMP/may.hledger" >&2 || fail "May's balances differ"
expect_contains "$TMP/may.hledger" "Revenue:GpuOverage,USD,-30.00"
for fmt in hledger ledger beancount; do
    expect_exit 0 "$LL" export journal --period 2025-03 --format "$fmt" --out "$TMP/march.$fmt"
    expect_contains "$OUT" "wrote 0 transactions"
done
expect_exit 0 hledger -f "$TMP/march.hledger" check -s
expect_exit 0 hledger -f "$TMP/march.hledger" bal -N
expect_empty "$OUT"
expect_exit 0 ledger -f "$TMP/march.ledger" --pedantic bal
if command -v bean-check >/dev/null; then
    printf 'include "%s"\ninclude "%s"\n' "$TMP/opens.beancount" "$TMP/march.beancount" >"$TMP/march.main.beancount"
    expect_exit 0 bean-check "$TMP/march.main.beancount"
fi

# three months in each tool (issue 16): one main file includes the months; beancount's
# also includes the opens file once (a second open of an account is an error)
expect_exit 0 "$LL" export journal --period 2025-05 --format ledger --out "$TMP/may.ledger"
expect_exit 0 "$LL" export journal --period 2025-05 --format beancount --out "$TMP/may.beancount"
printf 'include %s\ninclude %s\ninclude %s\n' "$TMP/march.hledger" "$J" "$TMP/may.journal" >"$TMP/q.journal"
expect_exit 0 hledger -f "$TMP/q.journal" check -s
expect_exit 0 hledger -f "$TMP/q.journal" bal -N Revenue:GpuOverage cur:USD -O csv
expect_contains "$OUT" '"Revenue:GpuOverage","-162.00 USD"'
printf 'include %s\ninclude %s\ninclude %s\n' "$TMP/march.ledger" "$L" "$TMP/may.ledger" >"$TMP/q.ledger"
expect_exit 0 ledger -f "$TMP/q.ledger" --pedantic bal Revenue:GpuOverage -l 'commodity == "USD"'
expect_contains "$OUT" "-162.00 USD"
printf 'include "%s"\ninclude "%s"\ninclude "%s"\ninclude "%s"\n' "$TMP/opens.beancount" \
    "$TMP/march.beancount" "$B" "$TMP/may.beancount" >"$TMP/q.beancount"
if command -v bean-check >/dev/null; then
    expect_exit 0 bean-check "$TMP/q.beancount"
    expect_empty "$OUT"
    expect_exit 0 bean-query -f csv "$TMP/q.beancount" \
        "SELECT sum(number) AS n WHERE account = 'Revenue:GpuOverage' AND currency = 'USD'"
    expect_contains "$OUT" "-162.00"
fi
# --opens stands alone: beancount only, no --period
expect_exit 64 "$LL" export journal --opens --format hledger
expect_contains "$ERR" "--opens goes with journal --dialect beancount and without --period"
expect_exit 64 "$LL" export journal --opens --format beancount --period 2025-04

# months concatenate: April + May in one file (repeated declarations are allowed)
cat "$J" "$TMP/may.journal" >"$TMP/both.journal"
expect_exit 0 hledger -f "$TMP/both.journal" check -s
expect_exit 0 hledger -f "$TMP/both.journal" bal -N Revenue:GpuOverage cur:USD -O csv
expect_contains "$OUT" '"Revenue:GpuOverage","-162.00 USD"'

# --- bad data: a tenant pair that no account name can tell apart -------------------------
cat >"$TMP/gamma.json" <<'EOF'
{"contract": "GA-1", "tenant": "gamma.x", "tenant_name": "Gamma",
 "site": "tiny-1", "currency": "USD", "invoice_series": "GA",
 "starts": "2025-03-01T00:00:00Z", "ends": "2026-03-01T00:00:00Z",
 "gpu": [{"class": "GB200", "reserved": 1, "rate": "5.000000", "overage_rate": "6.000000"}]}
EOF
sed -e 's/"GA-1"/"GB-1"/' -e 's/"gamma.x"/"Gamma_x"/' -e 's/"GA"/"GB"/' "$TMP/gamma.json" >"$TMP/gamma2.json"
expect_exit 0 "$LL" contract load "$TMP/gamma.json"
expect_exit 0 "$LL" contract load "$TMP/gamma2.json"
expect_exit 0 "$LL" bill --period 2025-03 --as-of 2025-04-20T00:00:00Z
expect_exit 1 "$LL" export journal --period 2025-04 --format beancount --out "$TMP/clash.beancount"
expect_contains "$ERR" 'tenants "Gamma_x" and "gamma.x" would share the beancount account "Assets:Receivable:Gamma-x"'
expect_contains "$ERR" "HINT:"
[[ ! -e "$TMP/clash.beancount" ]] || fail "a failed export left a file"
[[ -z $(find "$TMP" -name 'clash.beancount.*') ]] || fail "a failed export left its temporary file"
# the previous file is kept when an export fails
cp "$B" "$TMP/keep.beancount"
expect_exit 1 "$LL" export journal --period 2025-04 --format beancount --out "$TMP/keep.beancount"
cmp -s "$B" "$TMP/keep.beancount" || fail "a failed export replaced the existing file"
# the names are the same in every format (issue 16): hledger and ledger refuse alike
expect_exit 1 "$LL" export journal --period 2025-04 --format ledger --out "$TMP/clash.ledger"
expect_contains "$ERR" 'tenants "Gamma_x" and "gamma.x" would share the ledger account "Assets:Receivable:Gamma-x"'

echo "PASS: $TEST_NAME"
