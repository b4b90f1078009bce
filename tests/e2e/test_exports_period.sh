#!/usr/bin/env bash
# e2e.exports_period (issue 16, item 4): one meaning of --period per kind of output,
# said in every --help. A journal holds the transactions dated in the month (documents
# on their issue date); FOCUS and the revenue report select by service month. An empty
# result says where that month's documents are (stderr, exit 0). Dates take the same
# forms everywhere: YYYY-MM, YYYY-MM-DD, RFC 3339.
source "$(dirname "$0")/lib.sh"

fresh_db exports_period
make_key
source "$(dirname "$0")/exports_months.sh"

# --- every --help says which ----------------------------------------------------------------
expect_exit 0 "$LL" export --help
expect_contains "$OUT" "SERVICE MONTH is P"
expect_contains "$OUT" "transactions DATED in P"
expect_contains "$OUT" "--basis B"
expect_contains "$OUT" "--dialect D"
expect_exit 0 "$LL" report --help
expect_contains "$OUT" "only the documents of SERVICE MONTH P"
expect_contains "$OUT" "--tenant T"

# --- the same data, two meanings ------------------------------------------------------------
# journal 2025-11: the documents issued in November (October's), none of September's
expect_exit 0 "$LL" export journal --period 2025-11 --out "$TMP/nov.journal"
expect_contains "$OUT" "wrote 3 transactions (hledger, basis issued, dated in 2025-11)"
expect_empty "$ERR"
for n in AC-2025-000003 AC-2025-000004 BE-2025-000002; do
    expect_contains "$TMP/nov.journal" "($n)"
done
expect_not_contains "$TMP/nov.journal" "(AC-2025-000001)"
# FOCUS 2025-10: the documents for service month October, issued in November
expect_exit 0 "$LL" export focus --period 2025-10 --out "$TMP/oct.csv"
expect_empty "$ERR"
for n in AC-2025-000003 AC-2025-000004 BE-2025-000002; do
    expect_contains "$TMP/oct.csv" ",$n,"
done
expect_not_contains "$TMP/oct.csv" "AC-2025-000002"
# revenue --period 2025-10: the same documents as FOCUS, whatever the basis
expect_exit 0 "$LL" report revenue --period 2025-10 --by tenant,document --format csv
expect_contains "$OUT" $'acme,Acme Labs,invoice,,1244.00\r'
expect_contains "$OUT" $'acme,Acme Labs,credit_note,,-100.00\r'
expect_contains "$OUT" $'beta,Beta GmbH,invoice,1488.00,\r'
expect_exit 0 "$LL" report revenue --period 2025-10 --by month --format csv
expect_contains "$OUT" $'2025-11,1488.00,1144.00\r'    # billed: the month of issue
expect_exit 0 "$LL" report revenue --period 2025-10 --basis earned --by month --format csv
expect_contains "$OUT" $'2025-10,1488.00,1144.00\r'
# the FOCUS rows and the revenue report agree to the cent (net: FOCUS adds tax rows)
focus_net=$(awk -F, 'NR > 1 && $7 != "Tax" && $2 == "acme" { s += $1 * 100 } END { printf "%.2f", s / 100 }' "$TMP/oct.csv")
[[ "$focus_net" == "1144.00" ]] || fail "FOCUS October net for acme is $focus_net, want 1144.00"

# --- report revenue --tenant ----------------------------------------------------------------
expect_exit 0 "$LL" report revenue --period 2025-09 --tenant acme --by tenant,stream --format csv
expect_contains "$OUT" $'acme,Acme Labs,gpu_overage,180.00\r'
expect_contains "$OUT" $'acme,Acme Labs,energy,200.00\r'
expect_not_contains "$OUT" "beta"
expect_exit 0 "$LL" report revenue --tenant beta --by month --format json
[[ $(jq -c '[.rows[] | [.month, .amount_EUR]]' "$OUT") == '[["2025-10","1440.00"],["2025-11","1488.00"]]' ]] ||
    fail "revenue --tenant beta by month: $(jq -c '.rows' "$OUT")"
expect_exit 1 "$LL" report revenue --tenant nobody
expect_contains "$ERR" 'unknown tenant "nobody"'
expect_exit 64 "$LL" report revenue --period 2025-10 --from 2025-09
expect_contains "$ERR" "give it or --from/--to, not both"
expect_exit 64 "$LL" report revenue --period 2025-1
expect_contains "$ERR" "--period: invalid period"
expect_exit 64 "$LL" report utilization --tenant acme
expect_contains "$ERR" "--tenant is an option of 'report revenue'"
# report revenue and utilization take table, json and csv
for f in table json csv; do
    expect_exit 0 "$LL" report revenue --period 2025-09 --format "$f"
    expect_exit 0 "$LL" report utilization --period 2025-09 --format "$f"
done

# --- an empty result says where the month's documents are (exit 0) ---------------------------
expect_exit 0 "$LL" export journal --period 2025-10 --out "$TMP/oct.journal"
expect_empty "$ERR"
expect_exit 0 "$LL" export journal --period 2025-09 --out "$TMP/sep.journal"
expect_contains "$OUT" "wrote 0 transactions"
expect_contains "$ERR" "no transactions dated 2025-09; 3 documents for service month 2025-09 were issued in 2025-10 (try --period 2025-10)"
expect_exit 0 "$LL" export journal --period 2025-09
expect_contains "$ERR" "(try --period 2025-10)"
expect_exit 0 "$LL" export focus --period 2025-11
expect_contains "$ERR" "no documents for service month 2025-11; 3 documents issued in 2025-11 are for service month 2025-10 (try --period 2025-10)"
expect_exit 0 "$LL" report revenue --period 2025-11
expect_contains "$ERR" "no documents for service month 2025-11; 3 documents issued in 2025-11 are for service month 2025-10 (try --period 2025-10)"
expect_exit 0 "$LL" report revenue --period 2025-11 --tenant beta
expect_contains "$ERR" 'no documents for service month 2025-11 for tenant "beta"; 1 invoice issued in 2025-11 is for service month 2025-10 (try --period 2025-10)'
expect_exit 0 "$LL" export focus --period 2025-08
expect_contains "$ERR" "no documents for service month 2025-08, and no document was issued in 2025-08"
expect_exit 0 "$LL" export journal --period 2025-08
expect_contains "$ERR" "no transactions dated 2025-08, and no document is for service month 2025-08"

# --- --dialect, and the old --format with a warning ------------------------------------------
expect_exit 0 "$LL" export journal --period 2025-11 --dialect ledger --out "$TMP/a.ledger"
expect_empty "$ERR"
expect_exit 0 "$LL" export journal --period 2025-11 --format ledger --out "$TMP/b.ledger"
expect_contains "$ERR" "export journal --format is deprecated: use --dialect ledger"
[[ $(grep -c . "$ERR") == 1 ]] || fail "the deprecation warning is not one line"
cmp -s "$TMP/a.ledger" "$TMP/b.ledger" || fail "--format ledger and --dialect ledger differ"
expect_exit 64 "$LL" export journal --period 2025-11 --dialect gnucash
expect_contains "$ERR" '--dialect: invalid journal format "gnucash"'
expect_exit 64 "$LL" export journal --period 2025-11 --dialect ledger --format ledger
expect_contains "$ERR" "give --dialect only"
expect_exit 64 "$LL" export focus --period 2025-10 --dialect ledger
expect_contains "$ERR" "--dialect applies to the journal export only"
expect_exit 64 "$LL" export focus --period 2025-10 --basis earned
expect_contains "$ERR" "--basis applies to the journal export only"
expect_exit 64 "$LL" export journal --period 2025-10 --basis accrual
expect_contains "$ERR" 'invalid basis "accrual": expected issued or earned'
expect_exit 0 "$LL" export journal --opens --dialect beancount --out "$TMP/opens.beancount"
expect_contains "$TMP/opens.beancount" "open Assets:Unbilled:Acme"

# --- date forms: YYYY-MM, YYYY-MM-DD, RFC 3339 (with Z or an offset) ---------------------------
# export --as-of: a month or day means its end, so the month itself is not in the future
for asof in 2025-11 2025-11-30 2025-11-30T23:59:59Z 2025-12-01T00:59:59+01:00; do
    expect_exit 0 "$LL" export journal --period 2025-11 --as-of "$asof"
done
for asof in 2025-10 2025-10-31 2025-10-31T23:59:59Z 2025-11-01T00:59:59+01:00; do
    expect_exit 64 "$LL" export journal --period 2025-11 --as-of "$asof"
    expect_contains "$ERR" "period 2025-11 is in the future"
done
expect_exit 64 "$LL" export focus --period 2025-11 --as-of yesterday
expect_contains "$ERR" '--as-of: invalid date "yesterday": expected YYYY-MM, YYYY-MM-DD or an RFC 3339 instant'
# report revenue --from/--to: a day or an instant names its month
expect_exit 0 "$LL" report revenue --by month --format csv --from 2025-11 --to 2025-11
cp "$OUT" "$TMP/rev-month"
for range in "2025-11-15 2025-11-30" "2025-11-01T00:00:00Z 2025-11-30T12:00:00Z" \
    "2025-11-01T03:00:00+02:00 2025-12-01T00:30:00+01:00"; do
    read -r from to <<<"$range"
    expect_exit 0 "$LL" report revenue --by month --format csv --from "$from" --to "$to"
    cmp -s "$OUT" "$TMP/rev-month" || fail "revenue --from $from --to $to differs from 2025-11"
done
expect_exit 64 "$LL" report revenue --from 2025-11-31
expect_contains "$ERR" "--from: "
# report aging --as-of: a month means its last day
expect_exit 0 "$LL" report aging --as-of 2025-11-30 --format csv
cp "$OUT" "$TMP/aging-day"
for asof in 2025-11 2025-11-30T12:00:00Z 2025-11-30T13:00:00+01:00; do
    expect_exit 0 "$LL" report aging --as-of "$asof" --format csv
    cmp -s "$OUT" "$TMP/aging-day" || fail "aging --as-of $asof differs from 2025-11-30"
done
expect_exit 0 "$LL" report aging --as-of 2025-11 --tenant beta --format csv
expect_not_contains "$OUT" "acme"
expect_contains "$OUT" "beta"

echo "PASS: $TEST_NAME"
