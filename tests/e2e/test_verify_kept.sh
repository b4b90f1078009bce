#!/usr/bin/env bash
# e2e.verify_kept: `verify --checkpoint FILE` (issue 15, "Back up, restore, replay"). A
# checkpoint a tenant kept must be extended by the database's log: after a restore to an
# earlier point the log is shorter (rolled back), and after new appends there it has
# another root at the kept size (a fork); both are problems naming the kept checkpoint
# and the database's latest, exit 1. A copy of the database taken after the first
# checkpoint stands in for the restored backup.
source "$(dirname "$0")/lib.sh"

fresh_db live
LIVE=$DB
make_key
cat >"$TMP/site.json" <<'JSON'
{"site": "s1", "name": "Site", "gpus": {"H100": 8}, "power_mw": "1",
 "operator": {"name": "Example Operator", "address": "1 Way", "tax_id": "00-1"}}
JSON
cat >"$TMP/acme.json" <<'JSON'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs",
 "site": "s1", "currency": "USD", "invoice_series": "AC",
 "starts": "2026-01-01T00:00:00Z", "ends": "2027-01-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 8, "rate": "2.000000", "overage_rate": "3.000000"}]}
JSON
usage()
{
    # usage FILE EVENT_ID HOUR: one record of 8 GPU-hours in that hour of 1 January
    printf 'tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects\n' >"$1"
    printf 'acme,s1,pod-1,gpu,H100,2026-01-01T%02d:00:00Z,2026-01-01T%02d:00:00Z,8,gpu_hour,%s,\n' \
        "$3" $(($3 + 1)) "$2" >>"$1"
}
expect_exit 0 "$LL" site load "$TMP/site.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"
usage "$TMP/u1.csv" e1 0
expect_exit 0 "$LL" ingest "$TMP/u1.csv"
expect_exit 0 "$LL" seal
"$LL" checkpoint --tenant acme >"$TMP/k1.note"

# the "backup": a copy of the database as it is now (size 2)
BACKUP=$(_ldg_db_name backup)
sql_admin "CREATE DATABASE \"$BACKUP\" TEMPLATE \"$LIVE\"" >/dev/null
at_exit "sql_admin 'DROP DATABASE IF EXISTS \"$BACKUP\" WITH (FORCE)' >/dev/null"

usage "$TMP/u2.csv" e2 1
expect_exit 0 "$LL" ingest "$TMP/u2.csv"
usage "$TMP/u3.csv" e3 2
expect_exit 0 "$LL" ingest "$TMP/u3.csv"
expect_exit 0 "$LL" seal
"$LL" checkpoint --tenant acme >"$TMP/k2.note"
grep -qx 4 <(sed -n 2p "$TMP/k2.note") || fail "expected the second checkpoint at size 4"

# the live database extends both
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY" --checkpoint "$TMP/k1.note" \
    --checkpoint "$TMP/k2.note"
expect_contains "$OUT" "2 of 2 kept checkpoints extended, 0 problems"

# "restored": the backup is shorter than k2 -> rolled back, naming both checkpoints
export PGDATABASE=$BACKUP
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY" --checkpoint "$TMP/k1.note"
expect_exit 1 "$LL" verify --vkey "$VERIFIER_KEY" --checkpoint "$TMP/k2.note"
expect_contains "$OUT" "FAIL tenant acme: rolled back: kept checkpoint $TMP/k2.note has size 4"
expect_contains "$OUT" "the database's log has 2 entries (its latest checkpoint: size 2, root $(sed -n 3p "$TMP/k1.note"))"
expect_contains "$OUT" "FAILED"
expect_exit 1 "$LL" verify --vkey "$VERIFIER_KEY" --checkpoint "$TMP/k2.note" --format json
[[ $(jq -r '.findings[0].problem' "$OUT") == "rolled back: "* ]] || fail "json: $(cat "$OUT")"

# new appends on the restored database reach size 4 with other records: a fork
usage "$TMP/x2.csv" x2 5
expect_exit 0 "$LL" ingest "$TMP/x2.csv"
usage "$TMP/x3.csv" x3 6
expect_exit 0 "$LL" ingest "$TMP/x3.csv"
expect_exit 0 "$LL" seal
expect_exit 1 "$LL" verify --vkey "$VERIFIER_KEY" --checkpoint "$TMP/k2.note"
expect_contains "$OUT" "FAIL tenant acme: fork: kept checkpoint $TMP/k2.note has root $(sed -n 3p "$TMP/k2.note") at size 4, the database's log has root"
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY" --checkpoint "$TMP/k1.note"

# a note no trusted key signed proves nothing: a problem, not a pass
sed 's/^\(— [^ ]* \).*/\1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==/' \
    "$TMP/k1.note" >"$TMP/forged.note"
expect_exit 1 "$LL" verify --vkey "$VERIFIER_KEY" --checkpoint "$TMP/forged.note"
expect_contains "$OUT" "kept checkpoint $TMP/forged.note:"
# a file that is not there is an input error
expect_exit 66 "$LL" verify --checkpoint "$TMP/none.note"

echo "ok: $TEST_NAME"
