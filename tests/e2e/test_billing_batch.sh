#!/usr/bin/env bash
# e2e.billing_batch: billing many contracts in batches (ledger/store/billing.c,
# ldg_bill_batch: several tenants' periods in one transaction, each phase's reads sent
# together; DESIGN.md "Billing in batches") gives what billing each tenant alone gives:
# the same invoices, numbers, lines, log entries, tiles, drafts and outcomes, byte for
# byte. Two copies of one database: A bills every contract at once, B one tenant at a
# time (`bill --tenant`: batches of one). 40 tenants (round 1 in batches of 16, with
# `--batch 16`, and on a third copy C at the default size, 128: a batch of 5, then one
# of 36 from t05's second contract on; round 2 at the default), one of
# them with two contracts (a batch holds one period per tenant), and among them: a
# contract a person holds, one whose documents need approval, one held by a blocking
# finding (two overlapping records of one meter), one with no usage; then a second
# round in which late usage makes two periods amend (each billed alone, in the middle of
# a batch) and a hold is released. Also: the usage runs ingest writes (migration 0016)
# cover every usage entry once, and a run that lies is refused by billing and named by
# verify.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

N=40
AS_OF=2026-12-01T02:00:00Z
fresh_db batch
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"

# contract NAME TENANT [EXTRA JSON MEMBERS]
contract()
{
    cat >"$TMP/$1.json" <<EOF2
{"contract": "$1", "tenant": "$2", "tenant_name": "Tenant $2", "site": "lab-1",
 "currency": "USD", "invoice_series": "S$1", "starts": "2026-11-01T00:00:00Z",
 "ends": "2027-11-01T00:00:00Z"${3:-},
 "gpu": [{"class": "H100", "reserved": 2, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF2
    expect_exit 0 "$LL" contract load "$TMP/$1.json"
}

# records TENANT FROM_HOUR TO_HOUR [PREFIX]: hourly H100 records of meter pod-1 on
# 2026-11-10, 3 GPU-h each.
records()
{
    local h
    for ((h = $2; h < $3; h++)); do
        printf '%s,lab-1,pod-1,gpu,H100,2026-11-10T%02d:00:00Z,2026-11-10T%02d:00:00Z,3,gpu_hour,%s%s-%d,\n' \
            "$1" "$h" $((h + 1)) "${4:-e}" "$1" "$h"
    done
}

for ((i = 1; i <= N; i++)); do
    t=$(printf 't%02d' "$i")
    case $i in
    12) contract "C$i" "$t" ', "approval": "required"' ;;
    *) contract "C$i" "$t" ;;
    esac
done
contract C5b t05 # a second contract of t05: its period goes to the next batch
{
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
    for ((i = 1; i <= N; i++)); do
        ((i == 33)) && continue # no usage: rated at the reservation alone
        records "$(printf 't%02d' "$i")" 0 $((4 + i % 5))
    done
    # t20: a record overlapping another of its meter (a blocking overlap finding)
    echo "t20,lab-1,pod-1,gpu,H100,2026-11-10T00:30:00Z,2026-11-10T01:30:00Z,3,gpu_hour,ov-1,"
} >"$TMP/usage.csv"
expect_exit 0 "$LL" ingest "$TMP/usage.csv"
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" invoice hold --tenant t07 --contract C7 --by alice --reason "disputed"

# every usage entry lies in exactly one run, and each run says the truth of its entries
runs_check()
{
    local bad
    bad=$(sql -c "SELECT count(*) FROM ledger.usage u WHERE (SELECT count(*) FROM
                  ledger.usage_run r WHERE r.tenant_id = u.tenant_id AND u.seq BETWEEN
                  r.seq_lo AND r.seq_hi AND coalesce(r.site_id, u.site_id) = u.site_id
                  AND u.start_at BETWEEN r.start_min AND r.start_max AND u.end_at
                  BETWEEN r.end_min AND r.end_max) <> 1")
    [[ "$bad" == 0 ]] || fail "$1: $bad usage entries are not in exactly one true run"
    bad=$(sql -c "SELECT count(*) FROM ledger.usage_run r WHERE r.seq_hi - r.seq_lo + 1
                  <> (SELECT count(*) FROM ledger.usage u WHERE u.tenant_id = r.tenant_id
                  AND u.seq BETWEEN r.seq_lo AND r.seq_hi)")
    [[ "$bad" == 0 ]] || fail "$1: $bad runs name seqs that are not usage entries"
}
runs_check "after ingest"

A=$DB
fresh_db batch_alone "$A"
B=$DB
fresh_db batch_lie "$A"
L=$DB
fresh_db batch_default "$A"
C=$DB
export PGDATABASE=$A

# state DB: every stored result of billing, in a stable order
state()
{
    PGDATABASE=$1 sql -c "
      SELECT 'inv', i.number, i.seq, i.kind, i.contract_id, i.period, i.amends, i.total_micros,
             encode(i.rated_root, 'hex'), i.doc::text FROM ledger.invoice i ORDER BY 2;
      SELECT 'line', l.number, l.line_no, l.stream, l.class, l.qty_micros, l.amount_micros
             FROM ledger.invoice_line l ORDER BY 2, 3;
      SELECT 'doc', t.tenant, d.seq, d.kind, md5(d.body::text) FROM ledger.log_doc d
             JOIN ledger.tenant t USING (tenant_id) ORDER BY 2, 3;
      SELECT 'tile', t.tenant, l.level, l.idx, l.width, md5(l.hashes) FROM ledger.log_tile l
             JOIN ledger.tenant t USING (tenant_id) ORDER BY 2, 3, 4, 5;
      SELECT 'head', t.tenant, h.size FROM ledger.log_head h JOIN ledger.tenant t
             USING (tenant_id) ORDER BY 2;
      SELECT 'counter', c.series, c.year, c.last FROM ledger.invoice_counter c ORDER BY 2;
      SELECT 'draft', d.contract_id, d.period, d.kind, d.state, d.doc::text
             FROM ledger.invoice_draft d ORDER BY 2, 3, 4;"
}

# bill_both ROUND [OPTION...]: A bills every contract at once (with the options), B one
# tenant at a time; the outcomes (each contract's lines of output) and the stored state
# must be the same.
bill_both()
{
    local rc_a=0 rc_b i t round=$1
    shift
    PGDATABASE=$A "$LL" bill --period 2026-11 --as-of "$AS_OF" "$@" >"$TMP/a.out" \
        2>"$TMP/a.err" || rc_a=$?
    : >"$TMP/b.out"
    : >"$TMP/b.err"
    for ((i = 1; i <= N; i++)); do
        t=$(printf 't%02d' "$i")
        rc_b=0
        PGDATABASE=$B "$LL" bill --period 2026-11 --tenant "$t" --as-of "$AS_OF" \
            >>"$TMP/b.out" 2>>"$TMP/b.err" || rc_b=$?
        ((rc_b <= 1)) || fail "$round: billing $t alone exited with $rc_b: $(cat "$TMP/b.err")"
    done
    ((rc_a == 1)) || fail "$round: billing every contract exited with $rc_a, not 1 (some held)"
    sort "$TMP/a.out" >"$TMP/a.sorted"
    sort "$TMP/b.out" >"$TMP/b.sorted"
    diff -u "$TMP/b.sorted" "$TMP/a.sorted" >&2 ||
        fail "$round: what billing at once printed differs from billing each tenant alone"
    grep -v '^HINT' "$TMP/a.err" | sort >"$TMP/a.esorted"
    grep -v '^HINT' "$TMP/b.err" | sort >"$TMP/b.esorted"
    diff -u "$TMP/b.esorted" "$TMP/a.esorted" >&2 ||
        fail "$round: the warnings differ between billing at once and each tenant alone"
    state "$A" >"$TMP/a.state"
    state "$B" >"$TMP/b.state"
    diff -u "$TMP/b.state" "$TMP/a.state" >&2 ||
        fail "$round: the stored documents differ between billing at once and alone"
}

# the dry runs agree too, and write nothing
expect_exit 1 "$LL" bill --period 2026-11 --as-of "$AS_OF" --dry-run --format json
jq -S . "$OUT" >"$TMP/dry.a"
[[ $(jq length "$TMP/dry.a") -ge $((N - 2)) ]] || fail "the dry run drafted $(jq length "$TMP/dry.a") documents"
[[ $(sql -c "SELECT count(*) FROM ledger.invoice") == 0 ]] || fail "a dry run wrote invoices"

expect_exit 64 "$LL" bill --period 2026-11 --as-of "$AS_OF" --batch 129
expect_contains "$ERR" "--batch must be 1..128"

bill_both "round 1" --batch 16
# the default size (a batch of 5, then one of 36, most of them issued) gives the same
rc_c=0
PGDATABASE=$C "$LL" bill --period 2026-11 --as-of "$AS_OF" >"$TMP/c.out" 2>"$TMP/c.err" ||
    rc_c=$?
((rc_c == 1)) || fail "round 1: billing at the default size exited with $rc_c, not 1"
sort "$TMP/c.out" | diff -u "$TMP/a.sorted" - >&2 ||
    fail "round 1: billing at the default size printed other outcomes than in batches of 16"
state "$C" | diff -u "$TMP/a.state" - >&2 ||
    fail "round 1: billing at the default size stored other documents than in batches of 16"
grep -q 'issued invoice SC1-2026-000001 for contract C1 (t01)' "$TMP/a.out" ||
    fail "round 1: C1 was not invoiced"
grep -q 'drafted: contract C12 (t12)' "$TMP/a.out" || fail "round 1: C12 was not drafted"
grep -q 'contract "C20" period 2026-11 held: unacknowledged blocking' "$TMP/a.err" ||
    fail "round 1: C20 was not held by its overlap"
grep -q 'contract "C7" period 2026-11 held by alice' "$TMP/a.err" ||
    fail "round 1: C7 was not held by alice"
grep -q 'issued invoice SC5b-2026-000001 for contract C5b (t05)' "$TMP/a.out" ||
    fail "round 1: t05's second contract was not invoiced"
[[ $(PGDATABASE=$A sql -c "SELECT count(*) FROM ledger.invoice") == $((N - 2)) ]] ||
    fail "round 1: not $((N - 2)) invoices (40 contracts + C5b, less C7, C12, C20)"

# round 2: late usage for t03 and t25, above their reservations (each period amends:
# billed alone, mid-batch);
# alice releases C7; the same on both copies
{
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
    echo "t03,lab-1,pod-1,gpu,H100,2026-11-10T20:00:00Z,2026-11-10T22:00:00Z,2000,gpu_hour,late-t03,"
    echo "t25,lab-1,pod-1,gpu,H100,2026-11-10T22:00:00Z,2026-11-10T23:00:00Z,1000,gpu_hour,late-t25,"
} >"$TMP/late.csv"
for db in "$A" "$B"; do
    PGDATABASE=$db expect_exit 0 "$LL" ingest "$TMP/late.csv"
    PGDATABASE=$db expect_exit 0 "$LL" seal -q
    PGDATABASE=$db expect_exit 0 "$LL" invoice release --tenant t07 --contract C7 --by alice
done
bill_both "round 2"
grep -q 'issued supplementary invoice SC3-2026-000002 for contract C3 (t03)' "$TMP/a.out" ||
    fail "round 2: C3's late usage was not invoiced as a supplementary invoice"
grep -q 'issued invoice SC7-2026-000001 for contract C7 (t07)' "$TMP/a.out" ||
    fail "round 2: C7 was not invoiced once released"
grep -q 'unchanged: contract C1 (t01)' "$TMP/a.out" || fail "round 2: C1 was not left unchanged"
PGDATABASE=$A runs_check "after the late usage"

# the invoices' evidence verifies (the basis found through the runs is complete)
PGDATABASE=$A expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "0 problems"
PGDATABASE=$A expect_exit 0 "$LL" seal -q
PGDATABASE=$A expect_exit 0 "$LL" audit bundle --invoice SC3-2026-000002 --out "$TMP/c3.bundle"
expect_exit 0 "$LDG_BIN/leaseledger-verify" "$TMP/c3.bundle" --vkey "$VERIFIER_KEY"

# a run that claims a document's seq as usage makes billing refuse, not guess: seq 0 of
# t09's log is its contract
PGDATABASE=$L sql -c "INSERT INTO ledger.usage_run SELECT tenant_id, 0, 0, 1,
    '2026-11-10Z', '2026-11-10Z', '2026-11-10T01:00Z', '2026-11-10T01:00Z'
    FROM ledger.tenant WHERE tenant = 't09'" >/dev/null
PGDATABASE=$L expect_exit 70 "$LL" bill --period 2026-11 --tenant t09 --as-of "$AS_OF"
expect_contains "$ERR" "basis: seq 0 is a document and, by ledger.usage_run, a usage entry"
[[ $(PGDATABASE=$L sql -c "SELECT count(*) FROM ledger.invoice") == 0 ]] ||
    fail "billing with a lying run wrote an invoice"
# and verify names it, beside a run whose bounds lie about its entries
PGDATABASE=$L sql -c "ALTER TABLE ledger.usage_run DISABLE TRIGGER usage_run_append_only;
    UPDATE ledger.usage_run SET end_min = end_min + interval '1 hour'
    WHERE tenant_id = (SELECT tenant_id FROM ledger.tenant WHERE tenant = 't11');
    ALTER TABLE ledger.usage_run ENABLE TRIGGER usage_run_append_only" >/dev/null
PGDATABASE=$L expect_exit 1 "$LL" verify --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "tenant t09 seq 0: usage run 0..0 names 1 seqs, but 0 of them are usage entries"
expect_contains "$OUT" "tenant t11 seq 1: usage entry lies outside the bounds of its usage run"
echo "PASS: $TEST_NAME"
