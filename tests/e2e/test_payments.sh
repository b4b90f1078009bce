#!/usr/bin/env bash
# Payments in the signed ledger (issue 9; docs/receivables.md "Payments in the ledger"):
# import matches each payment to a tenant (the invoice number its reference names, else
# its payer account, else the CSV's tenant column) and appends it to that tenant's log as
# an entry of kind "payment"; what matches nobody is held as unmatched (a reconcile
# warning) until `payment assign`. Idempotent by (tenant, payment id); a file is stored
# whole or not at all; a currency the tenant is not billed in is refused; verify rebuilds
# every payment entry from its typed row and names one that was altered.
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
PAY="$LDG_SRC/tests/cases/payments"

fresh_db payments
make_key
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
# One invoice to name: C1-2026-000001 (the figures of test_invoice_docs.sh).
cat >"$TMP/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,pods-h100,gpu,H100,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,50000000,gpu_hour,u1,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice C1-2026-000001"
# the log: contract (seq 0), usage (1), invoice (2)

# --- the statement: three payments read (a debit and a pending credit skipped) ---------
# BANK-20261215-0001 "Invoice C1-2026-000001": matched to anthropic by its reference;
# BANK-20261218-0002 "INT-2026-000001" from account 4100-COSTCENTER: no such invoice, no
# contract lists the account: unmatched; BANK-20261222-0004: nothing to match: unmatched.
STMT="$PAY/camt053-v02-statement.xml"
expect_exit 0 "$LL" payment import "$STMT"
expect_contains "$OUT" "3 payments: 1 matched, 2 unmatched, 0 duplicates"
expect_contains "$OUT" "skipped 1 debits, 1 not booked"
[[ $(sql -c "SELECT seq || ' ' || payment_id || ' ' || amount_micros FROM ledger.payment") == \
    "3 BANK-20261215-0001 125000000000" ]] || fail "payment rows: $(sql -c 'TABLE ledger.payment')"

# Import twice: nothing new, every payment a duplicate (also the held ones).
expect_exit 0 "$LL" payment import --input-format camt053 "$STMT"
expect_contains "$OUT" "3 payments: 0 matched, 0 unmatched, 3 duplicates"

expect_exit 0 "$LL" payment list --unmatched --format csv
expect_contains "$OUT" "BANK-20261218-0002,2026-12-18T00:00:00Z,1000.00,USD,INT-2026-000001,4100-COSTCENTER,"
expect_contains "$OUT" "BANK-20261222-0004,2026-12-22T00:00:00Z,777.77,USD,Payment for services December,GB00UNKN00000000009999,"

# The held payments are reconcile warnings of December (no tenant).
expect_exit 0 "$LL" reconcile --period 2026-12 --as-of 2027-01-01T00:00:00Z
expect_contains "$OUT" 'payment_unmatched: payment "BANK-20261218-0002" of 1000.00 USD received 2026-12-18T00:00:00Z matches no tenant'
expect_contains "$OUT" 'payment "BANK-20261222-0004" of 777.77 USD'

# --- assign: the held payment moves into the tenant's log, naming who did it ----------
expect_exit 64 "$LL" payment assign BANK-20261218-0002 --tenant anthropic
expect_exit 1 "$LL" payment assign NO-SUCH --tenant anthropic --by alice
expect_contains "$ERR" 'no payment "NO-SUCH" is held as unmatched'
expect_exit 1 "$LL" payment assign BANK-20261218-0002 --tenant nobody --by alice
expect_contains "$ERR" 'unknown tenant "nobody"'
expect_exit 0 "$LL" payment assign BANK-20261218-0002 --tenant anthropic --by alice
expect_contains "$OUT" 'payment "BANK-20261218-0002" assigned to tenant anthropic'"'"'s log at seq 4'
expect_exit 0 "$LL" payment assign BANK-20261218-0002 --tenant anthropic --by alice
expect_contains "$OUT" "was already in tenant anthropic's log at seq 4"
expect_exit 0 "$LL" payment list --unmatched --format json
expect_not_contains "$OUT" "BANK-20261218-0002"
expect_contains "$OUT" "BANK-20261222-0004"
expect_exit 0 "$LL" payment list --tenant anthropic --format json
expect_contains "$OUT" '"assigned_by": "alice"'
expect_contains "$OUT" '"amount": "125000.00"'
expect_exit 0 "$LL" payment list
expect_contains "$OUT" "BANK-20261222-0004"
# the assigned payment is in a log now: importing the statement again changes nothing
expect_exit 0 "$LL" payment import "$STMT"
expect_contains "$OUT" "3 payments: 0 matched, 0 unmatched, 3 duplicates"

# --- refused, and nothing of the file stored --------------------------------------------
# A different payment under a used id (the same bank reference, another amount), after
# a good new payment in the same file: the file is refused whole.
cat >"$TMP/conflict.csv" <<'EOF'
payment_id,tenant,received,amount,currency,reference
P-NEW,anthropic,2026-12-28,10.00,USD,
BANK-20261215-0001,anthropic,2026-12-15,125000.01,USD,Invoice C1-2026-000001
EOF
expect_exit 1 "$LL" payment import "$TMP/conflict.csv"
expect_contains "$ERR" 'payment id "BANK-20261215-0001" is logged for tenant "anthropic" (seq 3) with another amount'
expect_contains "$ERR" "conflict.csv: line 3"
expect_contains "$ERR" "nothing of"
# A currency none of the tenant's contracts bills in (no FX).
cat >"$TMP/eur.csv" <<'EOF'
payment_id,tenant,received,amount,currency,reference
P-NEW,anthropic,2026-12-28,10.00,USD,
P-EUR,anthropic,2026-12-28,10.00,EUR,
EOF
expect_exit 65 "$LL" payment import "$TMP/eur.csv"
expect_contains "$ERR" 'payment "P-EUR" in EUR refused: no contract of tenant "anthropic" bills in EUR'
expect_contains "$ERR" "eur.csv: line 3"
# A file the parser refuses (the hostile cases are test_payment_parse's).
expect_exit 65 "$LL" payment import "$PAY/hostile-camt-xxe.xml"
expect_exit 66 "$LL" payment import "$TMP/no-such-file.csv"
[[ $(sql -c "SELECT count(*) FROM ledger.payment WHERE payment_id = 'P-NEW'") == 0 ]] ||
    fail "a refused file left a payment behind"
# The CSV's tenant column matches when nothing else does; a payment received in the
# future is accepted (it counts from its date).
cat >"$TMP/later.csv" <<'EOF'
payment_id,tenant,received,amount,currency,reference
P-LATER,anthropic,2031-01-15,10.00,USD,on account
EOF
expect_exit 0 "$LL" payment import "$TMP/later.csv"
expect_contains "$OUT" "1 payments: 1 matched, 0 unmatched, 0 duplicates"

# --- the log: sealed and verified, payment leaves rebuilt from their rows ----------------
expect_exit 0 "$LL" seal
expect_contains "$OUT" "sealed anthropic: 2 -> 6 entries"
expect_exit 0 "$LL" verify -q
expect_contains "$OUT" "OK: 1 tenant, 6 entries"

# --- least privilege ---------------------------------------------------------------------
for t in ledger.payment ledger.payment_unmatched; do
    rc=0
    PGUSER=ldg_report_login sql -c "INSERT INTO $t SELECT * FROM $t LIMIT 1" >"$OUT" 2>"$ERR" || rc=$?
    ((rc != 0)) || fail "the reader inserted into $t"
    expect_contains "$ERR" "permission denied for table ${t#ledger.}"
    rc=0
    PGUSER=ldg_batch_login sql -c "UPDATE $t SET reference = ''" >"$OUT" 2>"$ERR" || rc=$?
    ((rc != 0)) || fail "the writer updated $t"
    expect_contains "$ERR" "permission denied for table ${t#ledger.}"
done
rc=0
sql -c "DELETE FROM ledger.payment" >"$OUT" 2>"$ERR" || rc=$?
((rc != 0)) || fail "the owner deleted payments"
expect_contains "$ERR" 'ledger table "payment" is append-only'
PGUSER=ldg_report_login expect_exit 0 "$LL" payment list --tenant anthropic
expect_contains "$OUT" "BANK-20261215-0001"

# --- nightly takes SPOOL/payments/ (by content) before it seals ----------------------------
# a.csv: N-1 names C1-2026-000001 (matched), N-2 nothing (held); b.csv is refused whole (a
# currency anthropic is not billed in) and set aside; the batch seals the new entry.
SPOOL="$TMP/spool"
mkdir -p "$SPOOL/payments"
printf '%s\n' "payment_id,tenant,received,amount,currency,reference" \
    "N-1,,2026-12-29,50.00,USD,C1-2026-000001 part" "N-2,,2026-12-29,60.00,USD,who knows" \
    >"$SPOOL/payments/a.csv"
printf '%s\n' "payment_id,tenant,received,amount,currency,reference" \
    "N-3,anthropic,2026-12-29,1.00,EUR," >"$SPOOL/payments/b.csv"
expect_exit 80 "$LL" nightly --spool "$SPOOL" --as-of 2026-12-30T00:00:00Z
expect_contains "$OUT" "payments 1 matched, 1 unmatched"
[[ -f "$SPOOL/payments/done/a.csv" && -f "$SPOOL/payments/failed/b.csv" ]] ||
    fail "spool: $(find "$SPOOL" | sort)"
expect_contains "$SPOOL/payments/failed/b.csv.error" 'no contract of tenant "anthropic" bills in EUR'
expect_exit 0 "$LL" verify -q
expect_contains "$OUT" "OK: 1 tenant, 7 entries"

# --- a tampered payment row is named by verify -------------------------------------------
sql -c "ALTER TABLE ledger.payment DISABLE TRIGGER payment_append_only;
        UPDATE ledger.payment SET amount_micros = 1000000000 WHERE seq = 3;
        ALTER TABLE ledger.payment ENABLE TRIGGER payment_append_only" >/dev/null
expect_exit 1 "$LL" verify -q
expect_contains "$OUT" "FAILED: 1 tenant"
expect_contains "$OUT" "FAIL tenant anthropic seq 3: entry does not match the leaf hash"
sql -c "ALTER TABLE ledger.payment DISABLE TRIGGER payment_append_only;
        UPDATE ledger.payment SET amount_micros = 1 WHERE seq = 3;
        ALTER TABLE ledger.payment ENABLE TRIGGER payment_append_only" >/dev/null
expect_exit 1 "$LL" verify -q
expect_contains "$OUT" "payment row cannot be rebuilt"
