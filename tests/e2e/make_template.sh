#!/usr/bin/env bash
# e2e.template, the fixture "pg" every other e2e test requires: builds the database
# ldg_template from migrations/ (leaseledger migrate) and marks it a template, so that
# each test clones its own database from it (CREATE DATABASE ... TEMPLATE ldg_template)
# and `ctest -j` is safe. Skipped (77) without LEASELEDGER_TEST_DB, like every e2e test.
source "$(dirname "$0")/lib.sh"

# A template cannot be dropped; clear the flag first. Connections are refused to it
# (ALLOW_CONNECTIONS false), so a stray session can never block a clone.
if [[ $(sql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'ldg_template'") == 1 ]]; then
    sql_admin "ALTER DATABASE ldg_template IS_TEMPLATE false ALLOW_CONNECTIONS true" >/dev/null
    sql_admin "DROP DATABASE ldg_template WITH (FORCE)" >/dev/null
fi
sql_admin "CREATE DATABASE ldg_template TEMPLATE template0" >/dev/null

expect_exit 0 "$LL" migrate --db dbname=ldg_template
nfiles=$(find "$LDG_SRC/migrations" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]_*.sql' | wc -l)
((nfiles > 0)) || fail "no migrations in $LDG_SRC/migrations"
if ((nfiles == 1)); then
    expect_contains "$OUT" "applied 1 migration"
else
    expect_contains "$OUT" "applied $nfiles migrations"
fi

# TEMPORARY (receivables branch): ledger.payment until migration 0008 is merged.
sql -d ldg_template -f "$LDG_SRC/tests/e2e/fixtures/payment_0008_stand_in.sql" >/dev/null

sql_admin "ALTER DATABASE ldg_template IS_TEMPLATE true ALLOW_CONNECTIONS false" >/dev/null
echo "ldg_template: $nfiles migrations applied"
