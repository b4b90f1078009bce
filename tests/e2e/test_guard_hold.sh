#!/usr/bin/env bash
# e2e.guard_hold: a person stops one contract's documents (issue 16 item 1; DESIGN.md
# "Holds"; ledger/store/hold_store.h; migrations/0010_contract_hold.sql). While AC-1 is
# held, nightly issues nothing for it, prints it as held with who, why and the release
# command, and exits 79; bill exits 1 naming it; approving its draft is refused; the
# other contract is billed as usual. Released, the next run bills it. The table records
# who and when; the writer can neither delete a hold nor rewrite its who, when or why,
# nor choose its login; the reader cannot hold.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

fresh_db guard_hold
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"
for t in acme:AC beta:BE; do
    cat >"$TMP/${t%%:*}.json" <<EOF2
{"contract": "${t#*:}-1", "tenant": "${t%%:*}", "tenant_name": "${t%%:*} Inc",
 "site": "lab-1", "currency": "USD", "invoice_series": "${t#*:}",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF2
    expect_exit 0 "$LL" contract load "$TMP/${t%%:*}.json"
done
cat >"$TMP/usage.csv" <<'EOF2'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
acme,lab-1,pod-1,gpu,H100,2025-03-10T00:00:00Z,2025-03-12T00:00:00Z,48,gpu_hour,a1
beta,lab-1,pod-2,gpu,H100,2025-03-10T00:00:00Z,2025-03-12T00:00:00Z,48,gpu_hour,b1
EOF2
expect_exit 0 "$LL" ingest "$TMP/usage.csv"
# AC-1's March waits as a draft (D1) before anyone holds it
expect_exit 0 "$LL" bill --period 2025-03 --tenant acme --hold --as-of 2025-04-01T01:00:00Z

# --- argument errors --------------------------------------------------------------------
expect_exit 64 "$LL" invoice hold --tenant acme --contract AC-1 --by alice
expect_contains "$ERR" "hold needs --reason TEXT"
expect_exit 64 "$LL" invoice hold --tenant acme --by alice --reason x
expect_contains "$ERR" "needs --tenant T and --contract C"
expect_exit 64 "$LL" invoice release --tenant acme --contract AC-1
expect_contains "$ERR" "release needs --by NAME"
expect_exit 0 "$LL" invoice hold --help
expect_contains "$OUT" "Usage: leaseledger invoice hold --tenant T --contract C"
expect_exit 1 "$LL" invoice hold --tenant acme --contract NOPE-1 --by alice --reason x
expect_exit 1 "$LL" invoice release --tenant acme --contract AC-1 --by alice
expect_contains "$ERR" 'contract "AC-1" is not held'

# --- hold ----------------------------------------------------------------------------------
expect_exit 0 "$LL" invoice hold --tenant acme --contract AC-1 --by alice \
    --reason "tenant disputes the March meter readings" --as-of 2025-04-01T06:00:00Z
expect_contains "$OUT" "held contract AC-1 of tenant acme (by alice)"
expect_exit 1 "$LL" invoice hold --tenant acme --contract AC-1 --by bob --reason again
expect_contains "$ERR" 'contract "AC-1" is already held since 2025-04-01T06:00:00Z by alice: tenant disputes the March meter readings'

expect_exit 79 "$LL" nightly --as-of 2025-04-02T02:00:00Z
expect_contains "$OUT" "held contract AC-1 by a person: tenant acme, held by alice since 2025-04-01T06:00:00Z: tenant disputes the March meter readings; release with 'leaseledger invoice release --tenant acme --contract AC-1'"
expect_contains "$OUT" "issued invoice BE-2025-000001"
expect_not_contains "$OUT" "AC-2025"
expect_contains "$OUT" " 1 held,"
expect_exit 1 "$LL" bill --period 2025-03 --as-of 2025-04-02T03:00:00Z
expect_contains "$ERR" 'contract "AC-1" period 2025-03 held by alice since 2025-04-01T06:00:00Z: tenant disputes the March meter readings'
expect_contains "$ERR" "leaseledger invoice release --tenant acme --contract AC-1 --by NAME"
expect_exit 1 "$LL" invoice approve D1 --tenant acme --by carol --as-of 2025-04-02T04:00:00Z
expect_contains "$ERR" 'contract "AC-1" is held by alice: tenant disputes the March meter readings'
[[ $(sql -c "SELECT count(*) FROM ledger.invoice WHERE contract_id = 'AC-1'") == 0 ]] ||
    fail "a held contract got a document"

# --- what the table allows ---------------------------------------------------------------
as()
{
    local login=$1 query=$2 rc=0
    PGUSER=$login sql -c "$query" >"$OUT" 2>"$ERR" || rc=$?
    ((rc != 0)) || fail "$login was allowed: $query"
    expect_contains "$ERR" "$3"
}
as ldg_batch_login "DELETE FROM ledger.contract_hold" "permission denied for table contract_hold"
as ldg_batch_login "TRUNCATE ledger.contract_hold" "permission denied for table contract_hold"
as ldg_batch_login "UPDATE ledger.contract_hold SET reason = 'x'" \
    "permission denied for table contract_hold"
as ldg_batch_login "INSERT INTO ledger.contract_hold (tenant_id, contract_id, held_at,
    held_by, reason, held_login) VALUES (1, 'AC-1', now(), 'x', 'y', 'someone')" \
    "permission denied for table contract_hold"
as ldg_report_login "INSERT INTO ledger.contract_hold (tenant_id, contract_id, held_at,
    held_by, reason) VALUES (1, 'BE-1', now(), 'x', 'y')" \
    "permission denied for table contract_hold"
PGUSER=ldg_report_login expect_exit 77 "$LL" invoice hold --tenant beta --contract BE-1 \
    --by mallory --reason x
[[ $(sql -c "SELECT held_login FROM ledger.contract_hold") == "$(sql -c "SELECT session_user")" ]] ||
    fail "held_login is not the holding login"

# --- release -------------------------------------------------------------------------------
PGUSER=ldg_batch_login expect_exit 0 "$LL" invoice release --tenant acme --contract AC-1 \
    --by bob --as-of 2025-04-02T05:00:00Z
expect_contains "$OUT" "released contract AC-1 of tenant acme (by bob; held by alice since 2025-04-01T06:00:00Z"
[[ $(sql -c "SELECT held_by || ' ' || released_by || ' ' || released_login
             || ' ' || to_char(released_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI')
             FROM ledger.contract_hold") == "alice bob ldg_batch_login 2025-04-02T05:00" ]] ||
    fail "release not recorded: $(sql -c "SELECT * FROM ledger.contract_hold")"
# a released hold never changes, even for the table's owner
rc=0
sql -c "UPDATE ledger.contract_hold SET released_by = 'eve'" >"$OUT" 2>"$ERR" || rc=$?
((rc != 0)) || fail "a released hold was changed"
expect_contains "$ERR" "was released: it cannot change"
expect_exit 1 "$LL" invoice release --tenant acme --contract AC-1 --by bob

expect_exit 0 "$LL" invoice approve D1 --tenant acme --by carol --as-of 2025-04-02T06:00:00Z
expect_contains "$OUT" "issued AC-2025-000001"
expect_exit 0 "$LL" nightly --as-of 2025-04-02T07:00:00Z
expect_not_contains "$OUT" "held contract"

# held again and released again: one row per hold, kept
expect_exit 0 "$LL" invoice hold --tenant acme --contract AC-1 --by alice --reason second
expect_exit 0 "$LL" invoice release --tenant acme --contract AC-1 --by alice
[[ $(sql -c "SELECT count(*) FROM ledger.contract_hold") == 2 ]] || fail "holds not kept"

echo "ok: $TEST_NAME"
