#!/usr/bin/env bash
# e2e.failover: fail over to a synchronous standby in the middle of a nightly run
# (issue 15, "Fail over"; docs/OPERATIONS.md). A primary with a streaming standby
# (pg_basebackup -R, synchronous_standby_names), the batch's sessions committing with
# synchronous_commit = remote_apply (ldg_store_set_role): a checkpoint is signed only over
# entries the standby has applied. Round 0 runs the batch cleanly. Each later round kills
# the primary's every process with SIGKILL at another point of the run (30 % and 75 % of
# the clean run's duration, then right after the tenant read the run's first checkpoint)
# while a "tenant" keeps every checkpoint it can read from the
# primary, promotes the standby and runs the batch there again. Then: every kept
# checkpoint is extended by the promoted server's log (verify --checkpoint), every
# record is there once, and the invoices are the clean run's: the same numbers (gapless),
# kinds, periods and totals. (Their bytes may differ in one place: the log size a
# document says it was rated from, when the kill fell between two documents of a run.)
source "$(dirname "$0")/lib.sh"

make_key
unset PGSERVICE DATABASE_URL
export PGUSER=leaseledger PGPORT=5432 PGDATABASE=fo

cat >"$TMP/site.json" <<'JSON'
{"site": "s1", "name": "Site", "gpus": {"H100": 400}, "power_mw": "1",
 "operator": {"name": "Example Operator", "address": "1 Way", "tax_id": "00-1"}}
JSON
for t in acme beta; do
    cat >"$TMP/$t.json" <<JSON
{"contract": "${t^^}-1", "tenant": "$t", "tenant_name": "$t",
 "site": "s1", "currency": "USD", "invoice_series": "${t^^}",
 "starts": "2026-10-01T00:00:00Z", "ends": "2027-10-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 150, "rate": "2.000000", "overage_rate": "3.000000"}]}
JSON
done
# October and November, 20 pods of 8 GPUs per tenant, one record per pod-hour: 58,560
# records in four files (a tenant and a month each).
SRC="$TMP/files"
mkdir "$SRC"
for t in acme beta; do
    for m in 10 11; do
        days=$([[ $m == 10 ]] && echo 31 || echo 30)
        awk -v t="$t" -v m="$m" -v days="$days" 'BEGIN {
            print "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
            for (d = 1; d <= days; d++) for (h = 0; h < 24; h++) for (p = 1; p <= 20; p++) {
                s = sprintf("2026-%s-%02dT%02d:00:00Z", m, d, h)
                e = (h == 23) ? (d == days ? sprintf("2026-%02d-01T00:00:00Z", m + 1) \
                    : sprintf("2026-%s-%02dT00:00:00Z", m, d + 1)) \
                    : sprintf("2026-%s-%02dT%02d:00:00Z", m, d, h + 1)
                printf "%s,s1,pod-%02d,gpu,H100,%s,%s,8,gpu_hour,%s-%s-%02d-%02d-%02d,\n", \
                    t, p, s, e, t, m, d, h, p
            }
        }' >"$SRC/$t-2026-$m.csv"
    done
done
RECORDS=$(($(cat "$SRC"/*.csv | wc -l) - 4))
AS_OF=2026-12-01T02:00:00Z

# pair R: a primary in $TMP/R/p with a synchronous standby in $TMP/R/s, the database
# "fo" migrated and loaded, the standby streaming in sync.
pair()
{
    local r=$TMP/$1
    private_pg_init "$r/p"
    private_pg_start "$r/p" -c fsync=off -c wal_level=replica -c max_wal_senders=4
    PGHOST="$r/p/sock" "$LDG_PSQL" -X -q -d postgres -c "CREATE DATABASE fo" ||
        fail "could not create fo"
    (
        export PGHOST="$r/p/sock"
        "$LL" migrate >/dev/null && "$LL" site load "$TMP/site.json" >/dev/null &&
            "$LL" contract load "$TMP/acme.json" >/dev/null &&
            "$LL" contract load "$TMP/beta.json" >/dev/null
    ) || fail "could not load the primary"
    mkdir -p "$r/s/sock"
    [[ $(id -u) != 0 ]] || chown -R leaseledger "$r/s"
    as_server pg_basebackup -D "$r/s/data" -R -X stream -c fast \
        -d "host=$r/p/sock port=5432 user=leaseledger application_name=standby1" \
        >"$r/basebackup.log" 2>&1 || fail "pg_basebackup: $(cat "$r/basebackup.log")"
    at_exit "as_server '$(pg_bindir)/pg_ctl' stop -D '$r/s/data' -m immediate -s >/dev/null 2>&1"
    private_pg_start "$r/s" -c fsync=off -c hot_standby=on
    # synchronous only now: with no standby connected every commit would wait for one
    PGHOST="$r/p/sock" "$LDG_PSQL" -X -q -d postgres \
        -c "ALTER SYSTEM SET synchronous_standby_names = 'standby1'" \
        -c "SELECT pg_reload_conf()" >/dev/null || fail "could not make the standby synchronous"
    for ((i = 0; i < 100; i++)); do
        [[ $(PGHOST="$r/p/sock" "$LDG_PSQL" -X -A -t -d postgres -c \
            "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'") \
            == sync ]] && return 0
        sleep 0.1
    done
    fail "the standby of $1 did not become synchronous: $(tail -n 5 "$r/s/server.log")"
}

# spool R: a fresh spool holding the four files
spool()
{
    mkdir -m 750 "$TMP/$1/spool"
    cp "$SRC"/*.csv "$TMP/$1/spool/"
}

# state R HOST: what must be equal between rounds: the invoices (numbers, kinds,
# tenants, contracts, periods, totals) and each line's amount
state()
{
    local out=$TMP/$1/state
    mkdir -p "$out"
    (
        export PGHOST=$2
        "$LL" invoice list --format csv | cut -d, -f1-8 >"$out/invoices.csv"
        for n in $(tail -n +2 "$out/invoices.csv" | cut -d, -f1); do
            "$LL" invoice show "$n" --format json | jq -ce '.data.lines | select(length > 0)' \
                >"$out/$n.lines" || fail "invoice $n has no lines"
        done
    )
}

# --- round 0: the clean run ---------------------------------------------------------------
pair r0
spool r0
start=$(date +%s%N)
PGHOST="$TMP/r0/p/sock" expect_exit 0 "$LL" nightly -q --spool "$TMP/r0/spool" --as-of "$AS_OF"
clean_ms=$((($(date +%s%N) - start) / 1000000))
expect_contains "$OUT" "4 invoices issued"
state r0 "$TMP/r0/p/sock"
echo "clean run: $clean_ms ms"

# --- rounds 1-3: kill the primary at 30 % and 75 % of the clean run, then right after
# the first checkpoint of the run that the tenant read ----------------------------------
round=0
for pct in 30 75 signed; do
    round=$((round + 1))
    r=r$round
    pair "$r"
    spool "$r"
    P="$TMP/$r/p" S="$TMP/$r/s" K="$TMP/$r/kept"
    mkdir "$K"
    # the tenant: every checkpoint it can read from the primary, kept
    (
        i=0
        while :; do
            # whole notes only: written aside, renamed once complete
            PGHOST="$P/sock" "$LL" checkpoint --tenant acme >"$TMP/$r/note" 2>/dev/null &&
                [[ -s "$TMP/$r/note" ]] && mv "$TMP/$r/note" "$K/acme.$i"
            i=$((i + 1))
            sleep 0.05
        done
    ) &
    watcher=$!
    PGHOST="$P/sock" "$LL" nightly -q --spool "$TMP/$r/spool" --as-of "$AS_OF" \
        >"$TMP/$r/run1.out" 2>&1 &
    batch=$!
    if [[ $pct == signed ]]; then
        # the last round: as soon as the tenant holds a checkpoint of this run, so that
        # the promise is tested whatever the machine's speed
        for ((i = 0; i < 600; i++)); do
            compgen -G "$K/acme.*" >/dev/null && break
            sleep 0.01
        done
        compgen -G "$K/acme.*" >/dev/null || fail "round $round: no checkpoint was ever read"
    else
        sleep "$(awk -v ms="$clean_ms" -v p="$pct" 'BEGIN { printf "%.3f", ms * p / 100000 }')"
    fi
    pm=$(head -n 1 "$P/data/postmaster.pid")
    pkill -9 -P "$pm" || true
    kill -9 "$pm" || true
    wait "$batch" || true
    kill "$watcher" 2>/dev/null || true
    wait "$watcher" 2>/dev/null || true
    when="$pct %"
    [[ $pct != signed ]] || when="the first checkpoint the tenant read"
    echo "round $round: primary killed at $when ($(ls "$K" | wc -l) checkpoints kept)"
    as_server "$(pg_bindir)/pg_ctl" promote -D "$S/data" -w -s >/dev/null ||
        fail "round $round: promote failed"
    export PGHOST="$S/sock"
    expect_exit 0 "$LL" nightly -q --spool "$TMP/$r/spool" --as-of "$AS_OF"
    # every checkpoint the tenant read from the lost primary is extended
    kept=("$K"/*)
    if [[ -e "${kept[0]}" ]]; then
        args=()
        for f in "${kept[@]}"; do args+=(--checkpoint "$f"); done
        expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY" "${args[@]}"
        expect_contains "$OUT" "${#kept[@]} of ${#kept[@]} kept checkpoints extended, 0 problems"
    else
        expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
    fi
    # every record once; gapless numbers; the clean run's bytes
    [[ $(sql -c "SELECT count(*) FROM ledger.usage") == "$RECORDS" ]] ||
        fail "round $round: $(sql -c "SELECT count(*) FROM ledger.usage") records, not $RECORDS"
    state "$r" "$S/sock"
    diff -r "$TMP/r0/state" "$TMP/$r/state" >"$TMP/$r/diff" ||
        fail "round $round differs from the clean run: $(head -n 20 "$TMP/$r/diff")"
    unset PGHOST
done

echo "ok: $TEST_NAME (3 fail-overs; clean run $clean_ms ms)"
