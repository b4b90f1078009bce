#!/usr/bin/env bash
# e2e.difftest: the randomized differential test of issue 17 (point 4) on 100 fixed seeds.
# Each seed is a random site with 1-3 tenants, contracts, amendments and two rounds of
# usage (tests/reference/gen.py); the real binary loads, ingests, seals, bills and shows
# every invoice, and tests/reference/difftest.py compares each document line by line
# (stream, class, from, to, quantity, unit, rate, amount; totals) with the independent
# reference calculator tests/reference/rate.py, written from DESIGN.md and billing.md.
# All 100 seeds share this test's database (each has its own site and tenants).
# More seeds by hand: scripts/difftest N [--from SEED].
source "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || fail "python3 is required"

fresh_db difftest
make_key
LDG_CMD_TIMEOUT=600 expect_exit 0 python3 "$LDG_SRC/tests/reference/difftest.py" \
    --ll "$LL" --seeds 100 --from 1 --batch 100 --cross-term --quiet
expect_contains "$OUT" "difftest: 100 seeds (1..100), no difference"
cat "$OUT"
echo "PASS: $TEST_NAME"
