# shellcheck shell=bash
# Sourced by every end-to-end test: strict mode, the skip rule, a temp dir, a database of
# its own, and small assertions.
#
#   source "$(dirname "$0")/lib.sh"
#   fresh_db basics                 # clone of ldg_template, PGDATABASE exported, dropped at exit
#   make_key                        # LEASELEDGER_KEY=$TMP/key, VERIFIER_KEY=name+id+key
#   expect_exit 0 "$LL" migrate     # stdout in $OUT, stderr in $ERR
#   expect_contains "$OUT" "applied 0 migrations"
#
# Skip rule (STYLE.md 7): without LEASELEDGER_TEST_DB the test exits 77 (ctest: skipped),
# unless LEASELEDGER_TEST_REQUIRE_DB=1 (CI), which makes that a failure. The database is
# whatever libpq's PG* variables name (scripts/test exports them). LDG_BIN (the build
# directory) and LDG_SRC (the source tree) come from CMake. LDG_KEEP_TMP=1 keeps the temp
# dir for a post-mortem.
set -euo pipefail

TEST_NAME=$(basename "$0" .sh)

fail()
{
    echo "FAIL: $TEST_NAME: $*" >&2
    exit 1
}

if [[ -z "${LEASELEDGER_TEST_DB:-}" ]]; then
    if [[ "${LEASELEDGER_TEST_REQUIRE_DB:-}" == 1 ]]; then
        fail "LEASELEDGER_TEST_DB is not set but LEASELEDGER_TEST_REQUIRE_DB=1" \
            "(run scripts/test, which starts a server and sets both)"
    fi
    echo "SKIP: $TEST_NAME: LEASELEDGER_TEST_DB is not set (scripts/test sets it)"
    exit 77
fi

[[ -n "${LDG_BIN:-}" ]] || fail "LDG_BIN is not set (CMake sets it to the build directory)"
[[ -n "${LDG_SRC:-}" ]] || fail "LDG_SRC is not set (CMake sets it to the source tree)"
LL="$LDG_BIN/leaseledger"
[[ -x "$LL" ]] || fail "no executable $LL: build first"

# psql: the one on PATH, else the newest server's.
if command -v psql >/dev/null 2>&1; then
    LDG_PSQL=psql
else
    LDG_PSQL=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/psql' \
        2>/dev/null | sort -V | tail -n 1)
    [[ -n "$LDG_PSQL" ]] || fail "psql not found (install postgresql-client)"
fi

# Cleanups run at exit, last registered first, whatever the exit status; the status is
# kept. Signals become exits so that the cleanups run for them too.
LDG_CLEANUPS=()
at_exit()
{
    LDG_CLEANUPS+=("$1")
}
_ldg_run_cleanups()
{
    local rc=$? i
    set +e
    for ((i = ${#LDG_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${LDG_CLEANUPS[i]}"
    done
    exit $rc
}
trap _ldg_run_cleanups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ldg-$TEST_NAME.XXXXXX")
# shellcheck disable=SC2016 # expanded at exit, by eval
if [[ "${LDG_KEEP_TMP:-}" == 1 ]]; then
    at_exit 'echo "kept $TMP" >&2'
else
    at_exit 'rm -rf -- "$TMP"'
fi
OUT="$TMP/stdout"
ERR="$TMP/stderr"
: >"$OUT"
: >"$ERR"

# psql against the current PGDATABASE (or -d DB), stopping at the first error, quiet,
# unaligned: sql "select 1" prints 1.
sql()
{
    "$LDG_PSQL" -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# psql on the maintenance database, for CREATE/DROP DATABASE.
sql_admin()
{
    PGOPTIONS="-c client_min_messages=warning" sql -d postgres -c "$1"
}

# A database name from the test name, the given name and the shell's pid: lower case,
# [a-z0-9_], at most 63 bytes (NAMEDATALEN - 1).
_ldg_db_name()
{
    local name="ldg_${TEST_NAME}_${1}_$$"
    name=${name,,}
    name=${name//[^a-z0-9_]/_}
    echo "${name:0:63}"
}

# fresh_db NAME [TEMPLATE]: creates a database of this test's own, a copy of TEMPLATE
# (default ldg_template, made by make_template.sh; template0 gives an empty one), dropped
# first if it exists and again at exit, and exports PGDATABASE (and DB) to it.
fresh_db()
{
    local db template=${2:-ldg_template}
    [[ -n "${1:-}" ]] || fail "fresh_db needs a name"
    db=$(_ldg_db_name "$1")
    sql_admin "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null ||
        fail "could not drop database \"$db\""
    sql_admin "CREATE DATABASE \"$db\" TEMPLATE \"$template\"" >/dev/null ||
        fail "could not create database \"$db\" from template \"$template\"" \
            "(did e2e.template run? ctest runs it first as the fixture \"pg\")"
    at_exit "sql_admin 'DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)' >/dev/null"
    export PGDATABASE=$db
    # shellcheck disable=SC2034 # for the tests that source this file
    DB=$db
}

# Shows a captured file in a failure report, at most 200 lines.
_ldg_show()
{
    local label=$1 file=$2 n
    n=$(wc -l <"$file")
    echo "--- $label ($n lines):" >&2
    head -n 200 "$file" >&2
    ((n <= 200)) || echo "... ($((n - 200)) more lines)" >&2
}

# expect_exit CODE CMD [ARGS...]: runs CMD (stdin inherited) with stdout to $OUT and
# stderr to $ERR; fails, showing both, unless it exits CODE. Executables are limited to
# LDG_CMD_TIMEOUT seconds (default 120).
expect_exit()
{
    local want=$1 rc=0 note=""
    shift
    [[ $# -gt 0 ]] || fail "expect_exit needs a command"
    if [[ $(type -t "$1") == file ]]; then
        timeout -k 5 "${LDG_CMD_TIMEOUT:-120}" "$@" >"$OUT" 2>"$ERR" || rc=$?
    else
        "$@" >"$OUT" 2>"$ERR" || rc=$?
    fi
    if [[ "$rc" != "$want" ]]; then
        ((rc != 124)) || note=" (timed out after ${LDG_CMD_TIMEOUT:-120} s)"
        echo "FAIL: $TEST_NAME: expected exit $want, got $rc$note" >&2
        echo "command: $*" >&2
        _ldg_show stdout "$OUT"
        _ldg_show stderr "$ERR"
        exit 1
    fi
}

# expect_contains FILE TEXT: FILE holds TEXT (a fixed string).
expect_contains()
{
    [[ -f "$1" ]] || fail "expect_contains: no file $1"
    if ! grep -qF -- "$2" "$1"; then
        echo "FAIL: $TEST_NAME: $(basename "$1") lacks \"$2\"" >&2
        _ldg_show "$(basename "$1")" "$1"
        exit 1
    fi
}

# expect_not_contains FILE TEXT: FILE does not hold TEXT.
expect_not_contains()
{
    [[ -f "$1" ]] || fail "expect_not_contains: no file $1"
    if grep -qF -- "$2" "$1"; then
        echo "FAIL: $TEST_NAME: $(basename "$1") holds \"$2\"" >&2
        _ldg_show "$(basename "$1")" "$1"
        exit 1
    fi
}

# expect_empty FILE: FILE is empty.
expect_empty()
{
    if [[ -s "$1" ]]; then
        echo "FAIL: $TEST_NAME: $(basename "$1") is not empty" >&2
        _ldg_show "$(basename "$1")" "$1"
        exit 1
    fi
}

# make_key: a fresh operator key "test-operator" in $TMP/key, exported as LEASELEDGER_KEY;
# VERIFIER_KEY receives the C2SP verifier key keygen prints.
make_key()
{
    expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/key"
    export LEASELEDGER_KEY="$TMP/key"
    VERIFIER_KEY=$(tail -n 1 "$OUT")
    [[ "$VERIFIER_KEY" == test-operator+* ]] ||
        fail "keygen printed \"$VERIFIER_KEY\", not a verifier key for test-operator"
}

# --- private servers (tests of backup, restore and fail over) --------------------------
# A cluster of the test's own under DIR (DIR/data, the socket in DIR/sock, no TCP),
# besides the shared test server. As root the server runs as the system user scripts/pg
# makes ("leaseledger"), which must traverse $TMP.

# The server binaries, as scripts/pg finds them.
pg_bindir()
{
    if [[ -n "${PG_BINDIR:-}" ]]; then
        echo "$PG_BINDIR"
    elif [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
        echo /usr/lib/postgresql/15/bin
    else
        dirname "$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_ctl' \
            2>/dev/null | sort -V | tail -n 1)"
    fi
}

# as_server CMD...: runs CMD as the user the private servers run as.
as_server()
{
    if [[ $(id -u) == 0 ]]; then
        (cd / && runuser -u leaseledger -- "$@")
    else
        (cd / && "$@")
    fi
}

# private_pg_init DIR: initdb a cluster in DIR/data (trust on the socket only).
private_pg_init()
{
    local dir=$1 bindir
    bindir=$(pg_bindir)
    [[ -x "$bindir/initdb" ]] || fail "no PostgreSQL server binaries"
    if [[ $(id -u) == 0 ]]; then
        getent passwd leaseledger >/dev/null || fail "no user leaseledger (scripts/pg makes it)"
        chmod 711 "$TMP"
    fi
    mkdir -p "$dir/data" "$dir/sock"
    [[ $(id -u) != 0 ]] || chown -R leaseledger "$dir"
    chmod 700 "$dir/data"
    as_server "$bindir/initdb" -D "$dir/data" -U leaseledger --auth-local=trust \
        --auth-host=reject -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
        fail "initdb failed: $(cat "$dir/initdb.log")"
    at_exit "as_server '$bindir/pg_ctl' stop -D '$dir/data' -m immediate -s >/dev/null 2>&1"
}

# private_pg_start DIR [SERVER OPTIONS]: starts it on its socket (no TCP).
private_pg_start()
{
    local dir=$1 bindir
    shift
    bindir=$(pg_bindir)
    as_server "$bindir/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 -s \
        -o "-c listen_addresses= -c unix_socket_directories=$dir/sock $*" ||
        fail "could not start the server in $dir: $(tail -n 20 "$dir/server.log")"
}

# private_pg_stop DIR [MODE]: stops it (MODE fast, or immediate: "the server is lost").
private_pg_stop()
{
    as_server "$(pg_bindir)/pg_ctl" stop -D "$1/data" -m "${2:-fast}" -s >/dev/null 2>&1 || true
}
