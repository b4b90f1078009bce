#!/usr/bin/env bash
# e2e.restore_drill: the restore drill of docs/OPERATIONS.md, run as written there, on a
# private server: a base backup (pg_basebackup), two nightly runs (the second bills
# January), a tenant keeps the latest checkpoint, the server is lost and the backup
# restored. `verify --checkpoint` flags the rollback; `replay --archive SPOOL` re-runs
# the archived runs with their instants; then the kept checkpoint verifies again and the
# log's checkpoint note, the invoice and its number are byte for byte what they were.
source "$(dirname "$0")/lib.sh"

P="$TMP/pg"
private_pg_init "$P"
private_pg_start "$P" -c fsync=off -c wal_level=replica
export PGHOST="$P/sock" PGPORT=5432 PGUSER=leaseledger PGDATABASE=drill
unset PGSERVICE DATABASE_URL
"$LDG_PSQL" -X -q -d postgres -c "CREATE DATABASE drill" || fail "could not create drill"
expect_exit 0 "$LL" migrate
make_key

cat >"$TMP/site.json" <<'JSON'
{"site": "s1", "name": "Site", "gpus": {"H100": 8}, "power_mw": "1",
 "operator": {"name": "Example Operator", "address": "1 Way", "tax_id": "00-1"}}
JSON
cat >"$TMP/acme.json" <<'JSON'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs",
 "site": "s1", "currency": "USD", "invoice_series": "AC",
 "starts": "2026-01-01T00:00:00Z", "ends": "2027-01-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 4, "rate": "2.000000", "overage_rate": "3.000000"}]}
JSON
expect_exit 0 "$LL" site load "$TMP/site.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"

# --- 1. the base backup --------------------------------------------------------------
pg_basebackup -D "$TMP/backup" -X stream -c fast >"$TMP/basebackup.log" 2>&1 ||
    fail "pg_basebackup failed: $(cat "$TMP/basebackup.log")"

# --- 2. two nightly runs --------------------------------------------------------------
SPOOL="$TMP/spool"
mkdir -m 750 "$SPOOL"
header='tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects'
{
    echo "$header"
    echo "acme,s1,pod-1,gpu,H100,2026-01-02T00:00:00Z,2026-01-03T00:00:00Z,96,gpu_hour,a1,"
} >"$SPOOL/usage-2026-01-14.csv"
expect_exit 0 "$LL" nightly -q --spool "$SPOOL" --as-of 2026-01-15T02:00:00Z
{
    echo "$header"
    echo "acme,s1,pod-1,gpu,H100,2026-01-20T00:00:00Z,2026-01-21T00:00:00Z,120,gpu_hour,a2,"
} >"$SPOOL/usage-2026-01-31.csv"
expect_exit 0 "$LL" nightly -q --spool "$SPOOL" --as-of 2026-02-01T02:00:00Z
expect_contains "$OUT" "1 invoices issued"
"$LL" checkpoint --tenant acme >"$TMP/kept.note" # what the tenant keeps
expect_exit 0 "$LL" invoice show AC-2026-000001 --format json
cp "$OUT" "$TMP/invoice-before.json"
[[ $(grep -c '^run ' "$SPOOL/done/ARCHIVE") == 2 && $(grep -c '^file ' "$SPOOL/done/ARCHIVE") == 2 ]] ||
    fail "the manifest does not hold two runs of one file each: $(cat "$SPOOL/done/ARCHIVE")"

# --- 3. lose the server, restore the backup ----------------------------------------------
private_pg_stop "$P" immediate
rm -rf "$P/data"
cp -a "$TMP/backup" "$P/data"
[[ $(id -u) != 0 ]] || chown -R leaseledger "$P/data"
chmod 700 "$P/data"
private_pg_start "$P" -c fsync=off

# --- 4. verify --checkpoint flags the rollback ------------------------------------------
expect_exit 1 "$LL" verify --vkey "$VERIFIER_KEY" --checkpoint "$TMP/kept.note"
expect_contains "$OUT" "FAIL tenant acme: rolled back: kept checkpoint $TMP/kept.note has size"

# --- 5. replay repairs it ---------------------------------------------------------------
expect_exit 0 "$LL" replay --archive "$SPOOL"
expect_contains "$OUT" "replayed run 1 of 2 (as of 2026-01-15T02:00:00Z): 1 files"
expect_contains "$OUT" "replayed run 2 of 2 (as of 2026-02-01T02:00:00Z): 1 files"
expect_contains "$OUT" "replay: 2 runs replayed"

# --- 6. every kept checkpoint verifies; the same bytes ------------------------------------
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY" --checkpoint "$TMP/kept.note"
expect_contains "$OUT" "1 of 1 kept checkpoints extended, 0 problems"
"$LL" checkpoint --tenant acme | cmp -s - "$TMP/kept.note" ||
    fail "the replayed log's checkpoint differs from the one kept"
expect_exit 0 "$LL" invoice show AC-2026-000001 --format json
cmp -s "$OUT" "$TMP/invoice-before.json" || fail "the replayed invoice differs"

# replay is idempotent: a second one takes nothing and bills nothing
expect_exit 0 "$LL" replay --archive "$SPOOL"
expect_contains "$OUT" "replayed run 2 of 2 (as of 2026-02-01T02:00:00Z): 1 files, 0 records accepted, 0 checkpoints, 0 invoices issued"
"$LL" checkpoint --tenant acme | cmp -s - "$TMP/kept.note" || fail "a second replay changed the log"

# a manifest line that is not one is an error naming the line
cp -a "$SPOOL" "$TMP/bad-spool"
echo "bogus line" >>"$TMP/bad-spool/done/ARCHIVE"
expect_exit 65 "$LL" replay --archive "$TMP/bad-spool"
expect_contains "$ERR" "done/ARCHIVE:5"

echo "ok: $TEST_NAME"
