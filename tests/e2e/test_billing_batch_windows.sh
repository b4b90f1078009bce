#!/usr/bin/env bash
# e2e.billing_batch_windows: a batch reads the hourly rollups of all its periods in one
# statement (ledger/store/billing.c, rating_read: every row of its tenants at their
# sites in the hours any of them covers) and gives each period only the rows of its own
# site and covered part. Two contracts per tenant (one after the other in time, or one
# per site), so that a batch holds a period whose tenant has usage outside it (before
# its start, at the other site) that the statement reads for the batch: billing every
# contract (batches of two) gives what billing each tenant alone gives (batches of one,
# whose statement reads one period's part only), byte for byte, and each invoice counts
# only its contract's usage.
source "$(dirname "$0")/lib.sh"

AS_OF=2026-12-01T02:00:00Z
fresh_db windows
A=$PGDATABASE
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"
sed 's/"lab-1"/"lab-2"/' "$LDG_SRC/tests/cases/billing/site-lab-1.json" >"$TMP/site2.json"
expect_exit 0 "$LL" site load "$TMP/site2.json"

# contract NAME TENANT SITE STARTS ENDS
contract()
{
    cat >"$TMP/$1.json" <<EOF
{"contract": "$1", "tenant": "$2", "tenant_name": "Tenant $2", "site": "$3",
 "currency": "USD", "invoice_series": "S$1", "starts": "$4", "ends": "$5",
 "gpu": [{"class": "H100", "reserved": 0, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF
    expect_exit 0 "$LL" contract load "$TMP/$1.json"
}
# contracts are listed by tenant and contract: the batches are [CA1], [CA2 CB1] (lab-1
# and lab-2: CB1 at lab-2 beside tb's usage at lab-1, CA2 from the 15th beside ta's
# usage of the 10th) and [CB2 CC] (CB2 at lab-1 beside tb's usage at lab-2)
contract CA1 ta lab-1 2026-11-01T00:00:00Z 2026-11-15T00:00:00Z
contract CA2 ta lab-1 2026-11-15T00:00:00Z 2027-11-01T00:00:00Z
contract CB1 tb lab-2 2026-11-01T00:00:00Z 2027-11-01T00:00:00Z
contract CB2 tb lab-1 2026-11-01T00:00:00Z 2027-11-01T00:00:00Z
contract CC tc lab-2 2026-11-01T00:00:00Z 2027-11-01T00:00:00Z

# use TENANT SITE DAY QTY: 24 hourly H100 records of QTY GPU-h on November DAY
use()
{
    local h
    for ((h = 0; h < 24; h++)); do
        printf '%s,%s,pod-1,gpu,H100,2026-11-%02dT%02d:00:00Z,2026-11-%02dT%02d:59:59Z,%s,gpu_hour,%s-%s-%d-%d,\n' \
            "$1" "$2" "$3" "$h" "$3" "$h" "$4" "$1" "$2" "$3" "$h"
    done
}
{
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
    use ta lab-1 10 50
    use ta lab-1 20 7
    use tb lab-1 5 9
    use tb lab-2 5 50
    use tc lab-2 6 5
} >"$TMP/usage.csv"
expect_exit 0 "$LL" ingest "$TMP/usage.csv"
expect_exit 0 "$LL" seal -q
fresh_db windows_alone "$A"
B=$PGDATABASE

# what billing stores and prints, in an order of its own
state()
{
    PGDATABASE=$1 sql -c "
      SELECT 'inv', i.number, i.seq, i.total_micros, i.doc::text FROM ledger.invoice i ORDER BY 2;
      SELECT 'line', l.number, l.line_no, l.stream, l.qty_micros, l.amount_micros
             FROM ledger.invoice_line l ORDER BY 2, 3;
      SELECT 'doc', t.tenant, d.seq, md5(d.body::text) FROM ledger.log_doc d
             JOIN ledger.tenant t USING (tenant_id) ORDER BY 2, 3;
      SELECT 'tile', t.tenant, l.level, l.idx, l.width, md5(l.hashes) FROM ledger.log_tile l
             JOIN ledger.tenant t USING (tenant_id) ORDER BY 2, 3, 4, 5;"
}

PGDATABASE=$A expect_exit 0 "$LL" bill --period 2026-11 --as-of "$AS_OF"
sort "$OUT" >"$TMP/a.out"
: >"$TMP/b.out"
for t in ta tb tc; do
    PGDATABASE=$B expect_exit 0 "$LL" bill --period 2026-11 --tenant "$t" --as-of "$AS_OF"
    cat "$OUT" >>"$TMP/b.out"
done
sort -o "$TMP/b.out" "$TMP/b.out"
diff -u "$TMP/b.out" "$TMP/a.out" >&2 || fail "billing at once printed what billing alone did not"
[[ $(wc -l <"$TMP/a.out") == 5 ]] || fail "not five invoices: $(cat "$TMP/a.out")"
state "$A" >"$TMP/a.state"
state "$B" >"$TMP/b.state"
diff -u "$TMP/b.state" "$TMP/a.state" >&2 || fail "the stored documents differ"

# the GPU-hours each invoice counts: only its contract's part and site
used()
{
    PGDATABASE=$A sql -c "SELECT sum(l.qty_micros) FROM ledger.invoice_line l
                          JOIN ledger.invoice i USING (tenant_id, number)
                          WHERE i.contract_id = '$1' AND l.stream = 'gpu_overage'"
}
# nothing reserved: 24 hours of 50 (CA1), 7 (CA2), 50 (CB1), 9 (CB2) and 5 (CC) GPU-h
for want in CA1:1200 CA2:168 CB1:1200 CB2:216 CC:120; do
    got=$(used "${want%%:*}")
    [[ "$got" == "${want#*:}000000" ]] ||
        fail "${want%%:*}'s overage is $got micro-GPU-h, not ${want#*:} GPU-h"
done
echo "PASS: $TEST_NAME"
