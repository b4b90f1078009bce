#!/usr/bin/env bash
# The fault campaign (issue "Reliability and security"): kill -9 the ingest and the
# nightly batch at random instants, many times, and restart the database server in the
# middle of runs; after every fault the next run must complete, and the final state
# must equal a clean run's: same log roots (`leaseledger checkpoint`), same invoices
# (numbers, kinds, totals), gapless invoice numbers, `verify` clean.
#
# Usage: tests/fault/campaign.sh [--seed N] [--keep] [SIZE]
#
#   SIZE     ci (default: 10 rounds, 24 pods per tenant, about 19,000 records; one to
#            two minutes), large (60 rounds, 96 pods, about 75,000 records), or a
#            number of rounds (24 pods)
#   --seed N seed of the random instants (default: from the clock; printed, so a
#            failing campaign can be run again with the same instants)
#   --keep   keep the work directory (data, logs, spools) for a post-mortem
#
# Needs LDG_BIN, the build directory holding leaseledger and gen_usage (default: build
# in the tree). Starts a PostgreSQL server of its own with scripts/pg in a fresh
# directory (scripts/pgdir fault-PID: var/fault-PID in the tree, or under /var/tmp), never
# the one of scripts/test, because it stops and restarts that server; data, spools and
# logs go to a directory under $TMPDIR (or /tmp); both are removed at exit.
#
# The workload, the same in the clean run and in every round:
#   1. ingest a CSV file of internal-training's November usage;
#   2. nightly --as-of 2026-12-01T02:00:00Z over a spool of two files of anthropic's
#      November usage (NDJSON and CSV): ingest, seal, bill both tenants, seal;
#   3. nightly --as-of 2026-12-02T02:00:00Z over a spool with one late file (a negative
#      and a positive correction): a credit note and a supplementary invoice.
# A round starts from a fresh database (site and contracts loaded) and runs each step
# under fault: the step is started and, at an instant drawn uniformly from 0 to 1.1 x
# its clean duration, either killed with SIGKILL (4 in 5) or the server is stopped
# (immediate shutdown: crash recovery at the restart) and started again (1 in 5); a
# fault that lands after the step finished is not counted. One fault in three is
# followed at once by another on the retry. Then the step runs to the end and must exit
# as it did in the clean run. At the end of the round the state is compared with the
# clean run's. Prints the number of faults survived; exits 0 when every round matched.
set -euo pipefail

# The whole script is one block, read before it runs: editing the file while a long
# campaign runs cannot change what that campaign does.
{
prog=tests/fault/campaign.sh
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)

usage_error()
{
    echo "$prog: $*" >&2
    echo "Try '$prog --help'." >&2
    exit 64
}

size=ci
seed=""
keep=0
while (($#)); do
    case $1 in
    -h | --help)
        sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    --seed)
        if (($# < 2)) || [[ ! "$2" =~ ^[0-9]+$ ]]; then
            usage_error "--seed needs a number"
        fi
        seed=$2
        shift
        ;;
    --keep) keep=1 ;;
    -*) usage_error "unknown option \"$1\"" ;;
    *) size=$1 ;;
    esac
    shift
done
case $size in
ci) rounds=10 meters=24 ;;
large) rounds=60 meters=96 ;;
*)
    [[ "$size" =~ ^[1-9][0-9]*$ ]] || usage_error "SIZE must be ci, large or a number of rounds"
    rounds=$size meters=24
    ;;
esac
seed=${seed:-$(($(date +%s) % 1000000))}
RANDOM=$seed

bin=${LDG_BIN:-$root/build}
LL=$bin/leaseledger
GEN=$bin/gen_usage
[[ -x "$LL" ]] || { echo "$prog: no executable $LL (set LDG_BIN to the build directory)" >&2; exit 1; }
[[ -x "$GEN" ]] || { echo "$prog: no executable $GEN" >&2; exit 1; }

say()
{
    echo "$prog: $*"
}

fail()
{
    echo "FAIL: $prog: $*" >&2
    exit 1
}

# Nothing from the caller's environment may point us at another server or key.
while read -r var; do
    unset "$var"
done < <(compgen -e | grep -E '^PG[A-Z]+$' | grep -v '^PG_BINDIR$' || true)
unset DATABASE_URL LEASELEDGER_KEY

work=$(mktemp -d "${TMPDIR:-/tmp}/ldg-fault.XXXXXX")
# The server's own directory, where scripts/pgdir says a private server of this tree can
# live (var/, or /var/tmp when run as root from a tree its user cannot reach), named
# after this process so that two campaigns never share one.
pgdir=$("$root/scripts/pgdir" "fault-$$")
[[ ! -e "$pgdir" ]] || { echo "$prog: $pgdir already exists" >&2; exit 1; }
server_up=0
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup()
{
    local rc=$?
    set +e
    jobs -p | xargs -r kill -9 2>/dev/null
    if ((server_up)); then
        "$root/scripts/pg" stop "$pgdir" >/dev/null 2>&1
    fi
    if ((keep || rc != 0)); then
        echo "$prog: work directory kept: $work, server directory: $pgdir" >&2
    else
        rm -rf -- "$work" "$pgdir"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql_bin=$(command -v psql || find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/psql' | sort -V | tail -n 1)
sql()
{
    PGOPTIONS="-c client_min_messages=warning" "$psql_bin" -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# Entries in every log together, to say where a fault landed.
log_entries()
{
    sql -c "SELECT coalesce(sum(size), 0) FROM ledger.log_head" 2>/dev/null || echo "?"
}

say "seed $seed, $rounds rounds, $meters pods per tenant; work directory $work, server in $pgdir"
server_up=1
"$root/scripts/pg" start "$pgdir" >"$work/pg-start.log" 2>&1 || {
    cat "$work/pg-start.log" >&2
    fail "could not start the private server"
}
eval "$("$root/scripts/pg" env "$pgdir")"

postmaster_pid()
{
    head -n 1 "$pgdir/data/postmaster.pid" 2>/dev/null || true
}

# Immediate shutdown (SIGQUIT to the postmaster, as pg_ctl stop -m immediate): every
# session is cut, nothing is checkpointed, the next start replays the WAL.
server_crash()
{
    local pid
    pid=$(postmaster_pid)
    [[ -n "$pid" ]] || fail "no postmaster.pid in $pgdir/data"
    kill -QUIT "$pid"
    local deadline=$((SECONDS + 60))
    while kill -0 "$pid" 2>/dev/null; do
        ((SECONDS < deadline)) || fail "the server did not stop within 60 s of SIGQUIT"
        sleep 0.05
    done
}

server_start()
{
    "$root/scripts/pg" start "$pgdir" >>"$work/pg-start.log" 2>&1 || {
        tail -n 20 "$work/pg-start.log" >&2
        fail "could not restart the server"
    }
}

# --- the data --------------------------------------------------------------------------
data=$work/data
mkdir -p "$data"
"$GEN" --tenant internal-training --meters "$meters" --energy-meters 2 --hours 216 \
    --start 2026-11-01T00:00:00Z --downtime-every 97 --seed 4100 >"$data/internal.csv"
"$GEN" --tenant anthropic --meters "$meters" --energy-meters 2 --hours 240 \
    --start 2026-11-10T00:00:00Z --downtime-every 97 --seed 1 --format ndjson \
    >"$data/anthropic-1.ndjson"
"$GEN" --tenant anthropic --meters "$meters" --energy-meters 2 --hours 264 \
    --start 2026-11-20T00:00:00Z --downtime-every 89 --seed 2 >"$data/anthropic-2.csv"
cat >"$data/late.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
internal-training,colossus-1,hall-A,energy,,2026-11-01T00:00:00Z,2026-11-01T01:00:00Z,-0.5,mwh,late/hall-A/2026-11-01T00/fix,hall-A/2026-11-01T00
anthropic,colossus-1,hall-A,energy,,2026-11-15T00:00:00Z,2026-11-15T01:00:00Z,7.5,mwh,late/hall-A/2026-11-15T00/fix,hall-A/2026-11-15T00
EOF
records=$(($(wc -l <"$data/internal.csv") - 1 + $(wc -l <"$data/anthropic-1.ndjson") +
    $(wc -l <"$data/anthropic-2.csv") - 1 + 2))

(umask 077 && "$LL" keygen --name fault.example/leaseledger --out "$work/key" >/dev/null)
export LEASELEDGER_KEY=$work/key

# The template every round starts from: migrated, site and contracts loaded.
sql -d postgres -c "CREATE DATABASE ldgf_base" >/dev/null
"$LL" migrate --db dbname=ldgf_base >/dev/null
"$LL" site load --db dbname=ldgf_base "$root/sample/site-colossus-1.json" >/dev/null
"$LL" contract load --db dbname=ldgf_base "$root/sample/contract-internal.json" >/dev/null
"$LL" contract load --db dbname=ldgf_base "$root/sample/contract-anthropic.json" >/dev/null

new_round_db()
{
    sql -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
    sql -d postgres -c "CREATE DATABASE $1 TEMPLATE ldgf_base" >/dev/null
    export PGDATABASE=$1
    rm -rf "$work/spool-$1"
    mkdir -p "$work/spool-$1/a" "$work/spool-$1/b"
    cp "$data/anthropic-1.ndjson" "$data/anthropic-2.csv" "$work/spool-$1/a/"
    cp "$data/late.csv" "$work/spool-$1/b/"
}

# The steps, as arrays of arguments to leaseledger; $SPOOL is the round's spool.
step_args()
{
    case $1 in
    1) echo "ingest -q --chunk 500 $data/internal.csv" ;;
    2) echo "nightly -q --spool $SPOOL/a --as-of 2026-12-01T02:00:00Z" ;;
    3) echo "nightly -q --spool $SPOOL/b --as-of 2026-12-02T02:00:00Z" ;;
    esac
}
nsteps=3
step_name=("" "ingest" "nightly 2026-12-01" "nightly 2026-12-02")

now_ms()
{
    echo $(($(date +%s%N) / 1000000))
}

# What must be identical between the clean run and every round.
state()
{
    echo "== checkpoints"
    "$LL" checkpoint
    echo "== invoices"
    "$LL" invoice list --format csv
    echo "== log sizes"
    sql -c "SELECT t.tenant, h.size FROM ledger.log_head h JOIN ledger.tenant t USING (tenant_id)
            ORDER BY t.tenant"
    echo "== usage"
    sql -c "SELECT count(*), sum(qty_micros) FROM ledger.usage"
}

# Invoice numbers gapless per series and year: 1..n.
check_gapless()
{
    "$LL" invoice list --format csv | tail -n +2 | cut -d, -f1 |
        awk -F- '{ key = $1 "-" $2; n[key]++; seen[key, $3 + 0] = 1 }
                 END { for (k in n) for (i = 1; i <= n[k]; i++)
                           if (!((k, i) in seen)) { print k "-" i; bad = 1 }
                       exit bad }' ||
        fail "invoice numbers are not gapless"
}

check_verify()
{
    local out
    out=$("$LL" verify -q 2>&1) || fail "verify failed: $out"
    [[ "$out" == *" 0 problems"* ]] || fail "verify: $out"
}

# --- the clean run ---------------------------------------------------------------------
declare -a clean_ms clean_rc
new_round_db ldgf_clean
SPOOL=$work/spool-ldgf_clean
for ((s = 1; s <= nsteps; s++)); do
    t0=$(now_ms)
    rc=0
    # shellcheck disable=SC2046 # the step's arguments are words
    "$LL" $(step_args $s) >"$work/clean-$s.out" 2>&1 || rc=$?
    clean_ms[s]=$(($(now_ms) - t0))
    clean_rc[s]=$rc
    ((rc == 0)) || fail "clean run, step ${step_name[s]}: exit $rc: $(cat "$work/clean-$s.out")"
done
state >"$work/clean.state"
check_gapless
check_verify
if ! grep -q "^INT-2026-000002,credit_note," "$work/clean.state" ||
    ! grep -q "^C1-2026-000002,invoice," "$work/clean.state"; then
    fail "the clean run did not issue the expected credit note and supplementary invoice:
$(cat "$work/clean.state")"
fi
say "clean run: $records records, step durations ${clean_ms[1]} ms, ${clean_ms[2]} ms, ${clean_ms[3]} ms"

# --- the rounds ------------------------------------------------------------------------
kills=0 restarts=0 restarts_after=0 missed=0
start=$SECONDS

# run_with_fault STEP: one attempt of STEP with a fault at a random instant. Returns 0
# when a fault was injected, 1 when the step had already ended (no fault).
run_with_fault()
{
    local s=$1 ms delay pid rc=0 kind
    ms=$((RANDOM * 32768 + RANDOM))
    delay=$((ms % (clean_ms[s] * 11 / 10 + 1)))
    kind="kill"
    ((RANDOM % 5 != 0)) || kind="server"
    # shellcheck disable=SC2046
    "$LL" $(step_args "$s") >"$work/attempt.out" 2>&1 &
    pid=$!
    sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid" || true
        missed=$((missed + 1))
        return 1
    fi
    if [[ $kind == kill ]]; then
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || rc=$?
        if ((rc != 137)); then
            missed=$((missed + 1)) # it ended on its own just before the signal
            return 1
        fi
        kills=$((kills + 1))
        echo "  ${step_name[s]}: killed after $delay ms (logs then held $(log_entries) entries)"
    else
        server_crash
        # The client must notice and end, not hang.
        local deadline=$((SECONDS + 60))
        while kill -0 "$pid" 2>/dev/null; do
            ((SECONDS < deadline)) || {
                kill -9 "$pid"
                fail "${step_name[s]} still running 60 s after the server stopped under it"
            }
            sleep 0.05
        done
        wait "$pid" 2>/dev/null || rc=$?
        server_start
        if ((rc == clean_rc[s])); then
            # it finished just before the server went: a restart between two runs
            restarts_after=$((restarts_after + 1))
            echo "  ${step_name[s]}: server stopped after $delay ms, just after the step" \
                "ended; restarted (logs held $(log_entries) entries)"
        else
            restarts=$((restarts + 1))
            echo "  ${step_name[s]}: server stopped under it after $delay ms (it exited $rc)," \
                "restarted (logs held $(log_entries) entries)"
        fi
    fi
    return 0
}

for ((r = 1; r <= rounds; r++)); do
    db=ldgf_round_$r
    new_round_db "$db"
    SPOOL=$work/spool-$db
    echo "round $r:"
    for ((s = 1; s <= nsteps; s++)); do
        if run_with_fault "$s"; then
            while ((RANDOM % 3 == 0)) && run_with_fault "$s"; do :; done
        fi
        # After the fault(s), the next run completes, as the clean one did.
        rc=0
        # shellcheck disable=SC2046
        timeout -k 5 300 "$LL" $(step_args "$s") >"$work/round-$r-$s.out" 2>&1 || rc=$?
        ((rc == clean_rc[s])) ||
            fail "round $r, step ${step_name[s]}: the run after the fault exited $rc:
$(cat "$work/round-$r-$s.out")"
    done
    state >"$work/round-$r.state"
    diff -u "$work/clean.state" "$work/round-$r.state" >&2 ||
        fail "round $r: the final state differs from the clean run's (seed $seed)"
    check_gapless
    check_verify
    sql -d postgres -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
done

faults=$((kills + restarts + restarts_after))
say "PASS: $faults faults survived ($kills kill -9 of ingest or nightly, $restarts server" \
    "restarts mid-run, $restarts_after just after a run; $missed drawn after the run had" \
    "ended) in $rounds rounds, $((SECONDS - start)) s; every round equals the clean run" \
    "(seed $seed)"
((faults > 0)) || fail "no fault was injected"
exit 0
}
