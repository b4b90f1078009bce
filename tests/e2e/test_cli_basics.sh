#!/usr/bin/env bash
# e2e.cli_basics: the command line's contract (STYLE.md 6): --help and --version, each
# subcommand's --help, usage errors (exit 64 with a "Try" line), and `migrate`: applies
# every file once, is idempotent, and names an applied file that changed.
source "$(dirname "$0")/lib.sh"

SUBCOMMANDS=(migrate keygen site contract ingest seal verify checkpoint reconcile bill invoice nightly)

# --help and --version ----------------------------------------------------------------

expect_exit 0 "$LL" --help
expect_contains "$OUT" "Usage: leaseledger"
for sub in "${SUBCOMMANDS[@]}"; do
    grep -qE "^  $sub " "$OUT" || fail "leaseledger --help does not list \"$sub\""
done
expect_empty "$ERR"

expect_exit 0 "$LL" -h
expect_contains "$OUT" "Usage: leaseledger"

version=$(sed -nE 's/^project\(leaseledger VERSION ([0-9.]+).*/\1/p' "$LDG_SRC/CMakeLists.txt")
[[ -n "$version" ]] || fail "no project version in $LDG_SRC/CMakeLists.txt"
expect_exit 0 "$LL" --version
[[ "$(cat "$OUT")" == "leaseledger $version" ]] ||
    fail "--version printed \"$(cat "$OUT")\", expected \"leaseledger $version\""
expect_empty "$ERR"

for sub in "${SUBCOMMANDS[@]}"; do
    expect_exit 0 "$LL" "$sub" --help
    expect_contains "$OUT" "Usage: leaseledger $sub"
    expect_empty "$ERR"
    expect_exit 0 "$LL" "$sub" -h
    expect_contains "$OUT" "Usage: leaseledger $sub"
done

# Usage errors: exit 64, nothing on stdout, a "Try" line on stderr --------------------

expect_exit 64 "$LL"
expect_contains "$ERR" "Usage: leaseledger"
expect_empty "$OUT"

expect_exit 64 "$LL" frobnicate
expect_contains "$ERR" "unknown command \"frobnicate\""
expect_contains "$ERR" "Try 'leaseledger --help'."
expect_empty "$OUT"

expect_exit 64 "$LL" --no-such-option
expect_contains "$ERR" "Try 'leaseledger --help'."

for sub in "${SUBCOMMANDS[@]}"; do
    expect_exit 64 "$LL" "$sub" --no-such-option
    expect_contains "$ERR" "--no-such-option"
    expect_contains "$ERR" "Try 'leaseledger $sub --help'."
    expect_empty "$OUT"
    expect_exit 64 "$LL" "$sub" -Z
    expect_contains "$ERR" "Try 'leaseledger $sub --help'."
done

# An option that needs a value, given none, is a usage error too.
expect_exit 64 "$LL" migrate --db
expect_contains "$ERR" "Try 'leaseledger migrate --help'."

# migrate: each file once, then nothing --------------------------------------------------

nfiles=$(find "$LDG_SRC/migrations" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]_*.sql' | wc -l)
((nfiles >= 2)) || fail "expected at least 2 migrations in $LDG_SRC/migrations, found $nfiles"

fresh_db migrate template0 # empty: migrate does all the work
# before it, a command that needs the schema says what to do rather than only what failed
expect_exit 69 "$LL" bill --period 2026-11 --as-of 2026-12-01T00:00:00Z
expect_contains "$ERR" "does not exist"
expect_contains "$ERR" "HINT: the database may lack a migration this leaseledger needs: run 'leaseledger migrate'"
expect_exit 0 "$LL" migrate
expect_contains "$OUT" "applied $nfiles migrations"
[[ $(sql -c "SELECT count(*) FROM public.ldg_migration") == "$nfiles" ]] ||
    fail "ldg_migration does not hold $nfiles rows after the first migrate"
expect_exit 0 "$LL" migrate
expect_contains "$OUT" "applied 0 migrations"
[[ $(sql -c "SELECT count(*) FROM public.ldg_migration") == "$nfiles" ]] ||
    fail "the second migrate changed ldg_migration"
expect_exit 0 "$LL" migrate --check
expect_contains "$OUT" "all migrations applied"

# A clone of the template is already up to date.
fresh_db clone
expect_exit 0 "$LL" migrate
expect_contains "$OUT" "applied 0 migrations"

# migrate: an applied file that changed is refused, by name -------------------------------

cp -R "$LDG_SRC/migrations" "$TMP/migrations"
export LEASELEDGER_MIGRATIONS="$TMP/migrations"
fresh_db changed template0
expect_exit 0 "$LL" migrate
expect_contains "$OUT" "applied $nfiles migrations"

changed=$(find "$TMP/migrations" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]_*.sql' |
    sort | head -n 1)
changed=$(basename "$changed")
printf '\n-- an edit after the fact\n' >>"$TMP/migrations/$changed"
expect_exit 1 "$LL" migrate
expect_contains "$ERR" "$changed"
expect_empty "$OUT"
expect_exit 1 "$LL" migrate --check
expect_contains "$ERR" "$changed"
[[ $(sql -c "SELECT count(*) FROM public.ldg_migration") == "$nfiles" ]] ||
    fail "a refused migrate changed ldg_migration"

# --dir wins over LEASELEDGER_MIGRATIONS: the untouched tree is still fine.
expect_exit 0 "$LL" migrate --dir "$LDG_SRC/migrations"
expect_contains "$OUT" "applied 0 migrations"
unset LEASELEDGER_MIGRATIONS

echo "ok: $TEST_NAME"
