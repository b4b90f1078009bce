#!/usr/bin/env bash
# e2e.guard_threshold: amending documents above an approval threshold wait for a person
# (issue 16 item 1; ledger/amend_threshold.h; DESIGN.md "Receivables", "Approval
# thresholds"). A contract's "amend_approval" and the run's --hold-amend-above /
# --hold-amend-percent store a supplementary invoice or credit note above them as a
# draft (the receivables issue's drafts: approve and reject as usual), printed as held
# with its amount and the limit, exit 79; below them, or without any, it is issued.
#
# Each contract: H100 reserved 1 at 2.00 for 48 hours (96.00), overage 3.00; 48 GPU-h
# metered, so the originals are 96.00. 60 GPU-h more come late (from another meter, so
# nothing overlaps): overage 180.00, so a supplementary invoice of 180.00 (187.5% of
# 96.00).
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

fresh_db guard_threshold
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"
contract()
{
    cat <<EOF2
{"contract": "$1-1", "tenant": "$2", "tenant_name": "$2 Inc",
 "site": "lab-1", "currency": "USD", "invoice_series": "$1",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "2.000000", "overage_rate": "3.000000"}]$3}
EOF2
}
# a bad threshold is refused at load, naming the field
contract AC acme ', "amend_approval": {"amount_above": "-1"}' >"$TMP/bad.json"
expect_exit 65 "$LL" contract load "$TMP/bad.json"
expect_contains "$ERR" 'field "amend_approval.amount_above" must be a non-negative decimal'
contract AC acme ', "amend_approval": {}' >"$TMP/bad.json"
expect_exit 65 "$LL" contract load "$TMP/bad.json"
expect_contains "$ERR" 'field "amend_approval" needs "amount_above" or "percent_above"'

contract AC acme ', "amend_approval": {"amount_above": "100.00"}' >"$TMP/acme.json"
contract BE beta '' >"$TMP/beta.json"
contract CE gamma '' >"$TMP/gamma.json"
for t in acme beta gamma; do
    expect_exit 0 "$LL" contract load "$TMP/$t.json"
done
usage()
{
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id"
    for t in acme beta gamma; do
        echo "$t,lab-1,pod-$t-$4,gpu,H100,$1,$2,$3,gpu_hour,$t-$4"
    done
}
usage 2025-03-10T00:00:00Z 2025-03-12T00:00:00Z 48 u1 >"$TMP/usage.csv"
expect_exit 0 "$LL" ingest "$TMP/usage.csv"
expect_exit 0 "$LL" bill --period 2025-03 --as-of 2025-04-01T01:00:00Z
expect_contains "$OUT" "issued invoice AC-2025-000001 for contract AC-1 (acme): total 96.00 USD"

# --- late usage: 180.00 more for each -----------------------------------------------------
mkdir -m 0750 "$TMP/spool"
usage 2025-03-11T00:00:00Z 2025-03-11T01:00:00Z 60 late1 >"$TMP/spool/late1.csv"
# batch: above 200% holds nothing here (187.5%); the contract's 100.00 holds AC-1's
expect_exit 79 "$LL" nightly --spool "$TMP/spool" --as-of 2025-04-02T02:00:00Z \
    --hold-amend-percent 200
expect_contains "$OUT" "held supplementary invoice of 180.00 USD for contract AC-1 (acme) period 2025-03: above the contract's amend_approval.amount_above 100.00; stored as a draft"
expect_contains "$OUT" "BE-2025-000002 to beta"
expect_contains "$OUT" "CE-2025-000002 to gamma"
expect_contains "$OUT" " 1 held,"
[[ $(sql -c "SELECT count(*) FROM ledger.invoice WHERE contract_id = 'AC-1'") == 1 ]] ||
    fail "AC-1's supplementary invoice was issued above its threshold"
expect_exit 0 "$LL" invoice drafts --tenant acme --format json
jq -e 'length == 1 and .[0].state == "pending" and .[0].kind == "invoice"
       and .[0].amends == "AC-2025-000001" and .[0].total == "180.00"' "$OUT" >/dev/null ||
    fail "draft: $(cat "$OUT")"

# --- the run's limit in percent of the original: 30.00 is 31.25% of 96.00 -------------
usage 2025-03-11T01:00:00Z 2025-03-11T02:00:00Z 10 late2 >"$TMP/spool/late2.csv"
# AC-1 has usage newer than its pending draft: re-rated (210.00), above its 100.00 again;
# BE-1 and CE-1: 30.00 > 25% of 96.00 = 24.00
expect_exit 79 "$LL" nightly --spool "$TMP/spool" --as-of 2025-04-03T02:00:00Z \
    --hold-amend-percent 25 --hold-amend-above 1000
expect_contains "$OUT" "held supplementary invoice of 210.00 USD for contract AC-1 (acme)"
expect_contains "$OUT" "held supplementary invoice of 30.00 USD for contract BE-1 (beta) period 2025-03: above --hold-amend-percent 25.000000% of the original's total"
expect_contains "$OUT" "held supplementary invoice of 30.00 USD for contract CE-1 (gamma)"
expect_contains "$OUT" " 3 held,"
# a pending draft without new usage: awaiting, not drafted again (and not held: nightly
# counts it as awaiting approval)
expect_exit 0 "$LL" nightly --as-of 2025-04-03T03:00:00Z --hold-amend-percent 25
expect_contains "$OUT" "3 awaiting approval"

# --- a person decides: the drafts of the receivables issue --------------------------------
approve_pending()
{
    local draft
    expect_exit 0 "$LL" invoice drafts --tenant "$1" --format json
    draft=$(jq -r '.[] | select(.state == "pending") | .draft' "$OUT")
    expect_exit 0 "$LL" invoice approve "$draft" --tenant "$1" --by alice \
        --as-of 2025-04-04T01:00:00Z
}
approve_pending beta
expect_contains "$OUT" "issued BE-2025-000003"
approve_pending gamma
expect_contains "$OUT" "issued CE-2025-000003"
expect_exit 0 "$LL" invoice drafts --tenant acme --format json
draft=$(jq -r '.[] | select(.state == "pending") | .draft' "$OUT")
expect_exit 0 "$LL" invoice reject "$draft" --tenant acme --by alice \
    --reason "check the late meter file first"
[[ $(sql -c "SELECT count(*) FROM ledger.invoice WHERE contract_id = 'AC-1'") == 1 ]] ||
    fail "a rejected draft was issued"

# --- exactly at a limit is not above it: 24.00 is 25% of 96.00 (CE-1: 8 GPU-h) -----------
echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id
gamma,lab-1,pod-gamma-late3,gpu,H100,2025-03-11T02:00:00Z,2025-03-11T03:00:00Z,8,gpu_hour,gamma-late3" \
    >"$TMP/spool/late3.csv"
expect_exit 0 "$LL" nightly --spool "$TMP/spool" --as-of 2025-04-04T02:00:00Z \
    --hold-amend-percent 25 --hold-amend-above 24.00
expect_contains "$OUT" "CE-2025-000004 to gamma (contract CE-1, period 2025-03): 24.00 USD"

# --- bill takes the same options ----------------------------------------------------------
expect_exit 64 "$LL" bill --period 2025-03 --hold-amend-above lots
expect_contains "$ERR" "--hold-amend-above must be a non-negative decimal"
echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id
gamma,lab-1,pod-gamma-late3,gpu,H100,2025-03-11T02:00:00Z,2025-03-11T03:00:00Z,-1,gpu_hour,gamma-fix,gamma-late3" \
    >"$TMP/fix.csv"
sed -i '1s/$/,corrects/' "$TMP/fix.csv"
expect_exit 0 "$LL" ingest "$TMP/fix.csv"
# -3.00 (a credit note) is above 0.50 either sign
expect_exit 1 "$LL" bill --period 2025-03 --tenant gamma --hold-amend-above 0.50 \
    --as-of 2025-04-05T02:00:00Z
expect_contains "$OUT" "held credit note of -3.00 USD for contract CE-1 (gamma) period 2025-03: above --hold-amend-above 0.50"
expect_exit 0 "$LL" bill --help
expect_contains "$OUT" "--hold-amend-percent P"
expect_exit 0 "$LL" nightly --help
expect_contains "$OUT" "--hold-amend-above AMOUNT"

echo "ok: $TEST_NAME"
