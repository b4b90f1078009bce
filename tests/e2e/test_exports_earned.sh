#!/usr/bin/env bash
# e2e.exports_earned (issue 16, item 5): `export journal --basis earned` books revenue in
# the service month against Assets:Unbilled:<Tenant> (dated the month's last day) and
# reverses it into the receivable when the document is issued; an amending document
# accrues its difference in the month it amends. Three months, each dialect: every file
# and the three together pass hledger check -s, ledger --pedantic and bean-check; the
# balances are the worked-out ones (exports_months.sh), and over the three months the
# unbilled account comes back to 0 while revenue, receivable and tax equal the issued
# basis's.
source "$(dirname "$0")/lib.sh"

for tool in hledger ledger bean-check bean-query; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/install-deps)"
done

fresh_db exports_earned
make_key
source "$(dirname "$0")/exports_months.sh"

months=(2025-09 2025-10 2025-11)
for d in hledger ledger beancount; do
    for m in "${months[@]}"; do
        expect_exit 0 "$LL" export journal --period "$m" --basis earned --dialect "$d" \
            --out "$TMP/$m.$d"
        expect_contains "$OUT" "basis earned, dated in $m"
    done
    expect_exit 0 "$LL" export journal --period 2025-11 --basis issued --dialect "$d" \
        --out "$TMP/issued-2025-11.$d"
done
expect_exit 0 "$LL" export journal --opens --dialect beancount --out "$TMP/opens.beancount"
expect_contains "$TMP/opens.beancount" "open Assets:Unbilled:Acme"
expect_contains "$TMP/opens.beancount" "open Assets:Unbilled:Beta"
# the accruals are dated on their service month's last day, before any document issued
expect_contains "$TMP/opens.beancount" "2025-09-01 open Assets:Unbilled:Acme"

# September: nothing issued, September's documents accrued on 30 September
J="$TMP/2025-09.hledger"
expect_contains "$J" "2025-09-30 * (AC-2025-000001) Acme Labs | accrual: invoice for 2025-09"
expect_contains "$J" "2025-09-30 * (AC-2025-000002) Acme Labs | accrual: supplementary invoice for 2025-09"
expect_not_contains "$J" "Assets:Receivable:Acme  "
# October: September's documents issued (the accrual reversed), October's accrued
expect_exit 0 hledger -f "$TMP/2025-10.hledger" print code:AC-2025-000001
tr -s ' ' <"$OUT" >"$TMP/txn"
expect_contains "$TMP/txn" "2025-10-01 * (AC-2025-000001) Acme Labs | invoice for 2025-09"
expect_contains "$TMP/txn" " Assets:Receivable:Acme 1168.00 USD"
expect_contains "$TMP/txn" " Assets:Unbilled:Acme -1080.00 USD"
expect_contains "$TMP/txn" " Liabilities:SalesTax:Tennessee-sales-tax -88.00 USD"
expect_not_contains "$TMP/txn" "Revenue:"
expect_contains "$TMP/2025-10.hledger" "2025-10-31 * (AC-2025-000004) Acme Labs | accrual: credit note for 2025-10"
expect_contains "$TMP/2025-10.beancount" '2025-10-31 * "Acme Labs" "accrual: credit note AC-2025-000004 for 2025-10" ^AC-2025-000004 ^AC-2025-000003'

# Balances, "account,currency,amount" (nonzero), per file and tool.
hledger_bal()
{
    expect_exit 0 hledger -f "$1" bal --flat -N --layout=bare -O csv
    tail -n +2 "$OUT" | tr -d '"' | awk -F, '$3 != "0" { print $1 "," $2 "," $3 }' | LC_ALL=C sort
}
ledger_bal()
{
    local cur
    for cur in EUR USD; do
        expect_exit 0 ledger -f "$1" bal --flat --no-total --empty -l "commodity == \"$cur\"" \
            --balance-format "%(account),$cur,%(quantity(display_total))\n"
        cat "$OUT"
    done | awk -F, '{ n = $3; if (n !~ /\./) n = n ".00"; else if (n ~ /\.[0-9]$/) n = n "0";
                      if (n != "0.00") print $1 "," $2 "," n }' | LC_ALL=C sort
}
bean_bal()
{
    printf 'include "%s"\n' "$TMP/opens.beancount" "$@" >"$TMP/main.beancount"
    expect_exit 0 bean-check "$TMP/main.beancount"
    expect_empty "$OUT"
    expect_exit 0 bean-query -f csv "$TMP/main.beancount" \
        "SELECT account, currency, sum(number) AS n GROUP BY account, currency"
    tail -n +2 "$OUT" | tr -d ' \r' | awk -F, '$3 != "0.00" { print }' | LC_ALL=C sort
}
# every file, every tool: strict checks pass and the three tools agree
check_month()
{
    local name=$1 want=$2
    shift 2
    expect_exit 0 hledger -f "$TMP/$name.hledger" check -s
    expect_exit 0 ledger -f "$TMP/$name.ledger" --pedantic bal
    expect_empty "$ERR"
    hledger_bal "$TMP/$name.hledger" >"$TMP/$name.hl"
    ledger_bal "$TMP/$name.ledger" >"$TMP/$name.le"
    bean_bal "$TMP/$name.beancount" >"$TMP/$name.bc"
    LC_ALL=C sort <<<"$want" >"$TMP/$name.want"
    for t in hl le bc; do
        diff -u "$TMP/$name.want" "$TMP/$name.$t" >&2 || fail "$name: $t balances differ"
    done
}
check_month 2025-09 'Assets:Unbilled:Acme,USD,1100.00
Assets:Unbilled:Beta,EUR,1440.00
Revenue:Energy,USD,-200.00
Revenue:GpuOverage,USD,-180.00
Revenue:GpuReserved,EUR,-1440.00
Revenue:GpuReserved,USD,-720.00'
# October: September's 1100.00 reversed, October's 1244.00 - 100.00 accrued
check_month 2025-10 'Assets:Receivable:Acme,USD,1190.00
Assets:Receivable:Beta,EUR,1440.00
Assets:Unbilled:Acme,USD,44.00
Assets:Unbilled:Beta,EUR,48.00
Liabilities:SalesTax:Tennessee-sales-tax,USD,-90.00
Revenue:Energy,USD,-400.00
Revenue:GpuReserved,EUR,-1488.00
Revenue:GpuReserved,USD,-744.00'
# November: October's documents issued, nothing left to accrue
check_month 2025-11 'Assets:Receivable:Acme,USD,1218.40
Assets:Receivable:Beta,EUR,1488.00
Assets:Unbilled:Acme,USD,-1144.00
Assets:Unbilled:Beta,EUR,-1488.00
Liabilities:SalesTax:Tennessee-sales-tax,USD,-74.40'

# The three months together, in each tool: the unbilled accounts come back to 0, and
# revenue, receivables and tax are the issued basis's over the same documents.
printf 'include %s\ninclude %s\ninclude %s\n' "$TMP/2025-09.hledger" "$TMP/2025-10.hledger" \
    "$TMP/2025-11.hledger" >"$TMP/all.journal"
printf 'include %s\ninclude %s\ninclude %s\n' "$TMP/2025-09.ledger" "$TMP/2025-10.ledger" \
    "$TMP/2025-11.ledger" >"$TMP/all.ledger"
expect_exit 0 hledger -f "$TMP/all.journal" check -s
expect_exit 0 ledger -f "$TMP/all.ledger" --pedantic bal
expect_empty "$ERR"
all_want='Assets:Receivable:Acme,USD,2408.40
Assets:Receivable:Beta,EUR,2928.00
Liabilities:SalesTax:Tennessee-sales-tax,USD,-164.40
Revenue:Energy,USD,-600.00
Revenue:GpuOverage,USD,-180.00
Revenue:GpuReserved,EUR,-2928.00
Revenue:GpuReserved,USD,-1464.00'
LC_ALL=C sort <<<"$all_want" >"$TMP/all.want"
hledger_bal "$TMP/all.journal" >"$TMP/all.hl"
ledger_bal "$TMP/all.ledger" >"$TMP/all.le"
bean_bal "$TMP/2025-09.beancount" "$TMP/2025-10.beancount" "$TMP/2025-11.beancount" >"$TMP/all.bc"
for t in hl le bc; do
    diff -u "$TMP/all.want" "$TMP/all.$t" >&2 || fail "three months: $t balances differ"
done
# the issued basis over October and November books the same totals
for m in 2025-10 2025-11; do
    expect_exit 0 "$LL" export journal --period "$m" --out "$TMP/issued-$m.journal"
done
printf 'include %s\ninclude %s\n' "$TMP/issued-2025-10.journal" "$TMP/issued-2025-11.journal" >"$TMP/issued.journal"
hledger_bal "$TMP/issued.journal" >"$TMP/issued.hl"
diff -u "$TMP/all.want" "$TMP/issued.hl" >&2 || fail "the issued basis's totals differ from the earned basis's"
# the issued basis is as it was: no unbilled account anywhere
expect_not_contains "$TMP/issued-2025-11.hledger" "Unbilled"
expect_not_contains "$TMP/issued-2025-11.ledger" "Unbilled"

echo "PASS: $TEST_NAME"
