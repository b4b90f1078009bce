#!/usr/bin/env bash
# The fault campaign at CI size (tests/fault/campaign.sh ci): kill -9 of ingest and
# nightly at random instants and server restarts mid-run, each followed by a run that
# must complete; every round must end in the clean run's state (log roots, invoices,
# gapless numbers, verify clean). The campaign starts and restarts a PostgreSQL server
# of its own, never the suite's. LDG_FAULT_SIZE overrides the size (e.g. large).
source "$(dirname "$0")/lib.sh"

start=$SECONDS
LDG_CMD_TIMEOUT=${LDG_CMD_TIMEOUT:-600} expect_exit 0 env LDG_BIN="$LDG_BIN" "$LDG_SRC/tests/fault/campaign.sh" "${LDG_FAULT_SIZE:-ci}"
cat "$OUT"
expect_contains "$OUT" "faults survived"
expect_contains "$OUT" "every round equals the clean run"
echo "PASS: $TEST_NAME ($((SECONDS - start)) s)"
