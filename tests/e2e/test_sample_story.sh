#!/usr/bin/env bash
# The sample's second site (issue 10, "The story in the sample") and the generator behind
# it: sample/site-colossus-2.json (GB300 and B300 declared as data, its meter inventory)
# and sample/contract-internal-colossus-2.json (demand with ratchet and PUE, a monthly and
# a one-off charge) load; gen_usage's --classes and --energy-interval 15 write records
# that ingest there with no reject, each hall-hour's four quarter-hours adding up exactly
# to the hourly record of the same seed; the period bills fixed and demand lines.
# sample/site-colossus-1-meters.json stays sample/site-colossus-1.json plus its inventory
# of the meters gen_usage names, so the demo's impossible record (issue 16) meets it.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"
GEN=$LDG_BIN/gen_usage
[[ -x "$GEN" ]] || fail "no executable $GEN: build first"
SAMPLE=$LDG_SRC/sample

fresh_db sample_story
make_key

# --- colossus-1's inventory: the plain document plus the meters gen_usage names --------
[[ $(jq -S 'del(.meters)' "$SAMPLE/site-colossus-1-meters.json") == \
    $(jq -S . "$SAMPLE/site-colossus-1.json") ]] ||
    fail "site-colossus-1-meters.json is not site-colossus-1.json plus its meters"
"$GEN" --meters 220 --energy-meters 4 --hours 1 | tail -n +2 | cut -d, -f3 | sort -u \
    >"$TMP/named"
jq -r '.meters[].id' "$SAMPLE/site-colossus-1-meters.json" | sort >"$TMP/listed"
diff "$TMP/named" "$TMP/listed" >/dev/null || fail "the inventory is not the meters gen_usage names"

# --- colossus-2 and the showback contract ------------------------------------------------
expect_exit 0 "$LL" site load "$SAMPLE/site-colossus-2.json"
expect_exit 0 "$LL" contract load "$SAMPLE/contract-internal-colossus-2.json"

# --- gen_usage: classes as data, quarter-hour energy ------------------------------------
args=(--tenant internal-training --site colossus-2 --classes "GB300:72:1300-1700,B300:48:1100-1400"
    --class mix --meters 120 --pod-gpus 1000 --energy-meters 4 --start 2026-11-10T00:00:00Z
    --hours 6 --downtime-every 89 --seed 4200)
"$GEN" "${args[@]}" >"$TMP/hourly.csv"
"$GEN" "${args[@]}" --energy-interval 15 >"$TMP/quarters.csv"
# micro-MWh per hall-hour, summed from the quarter-hours (integers: no rounding in awk)
micros='function m(q,  p, f) { p = index(q, "."); if (!p) return q * 1000000;
    f = substr(q, p + 1) "000000"; return substr(q, 1, p - 1) * 1000000 + substr(f, 1, 6) }'
awk -F, "$micros"' $4 == "energy" { print $3, substr($6, 1, 13), m($8) }' \
    "$TMP/hourly.csv" | sort >"$TMP/h.sums"
awk -F, "$micros"' $4 == "energy" { s[$3 " " substr($6, 1, 13)] += m($8); n++ }
    END { for (k in s) print k, s[k]; if (n != 6 * 4 * 4) exit 1 }' \
    "$TMP/quarters.csv" | sort >"$TMP/q.sums" || fail "expected 96 quarter-hour records"
diff "$TMP/h.sums" "$TMP/q.sums" || fail "quarter-hours do not add up to the hourly records"
[[ $(grep -c ',gpu,GB300,' "$TMP/quarters.csv") == 432 &&
    $(grep -c ',gpu,B300,' "$TMP/quarters.csv") == 288 ]] || fail "pods not split 72:48"
grep -q '^internal-training,colossus-2,hall-A,energy,,2026-11-10T00:15:00Z,2026-11-10T00:30:00Z,[0-9.]*,mwh,hall-A/2026-11-10T00:15$' \
    "$TMP/quarters.csv" || fail "no quarter-hour record with its own event id"
expect_exit 64 "$GEN" --classes GB300:72 --class H100
expect_contains "$ERR" 'invalid --class "H100": expected GB300 or mix'
expect_exit 64 "$GEN" --classes 'B300:1,b300:2'
expect_contains "$ERR" "B300 and b300 make the same pod names"
expect_exit 64 "$GEN" --energy-interval 30
expect_exit 64 "$GEN" --classes GB300:72:1700-1300

expect_exit 0 "$LL" ingest "$TMP/quarters.csv"
expect_contains "$OUT" "0 rejected"

# --- November: the fixed and demand lines --------------------------------------------------
expect_exit 0 "$LL" bill --period 2026-11 --tenant internal-training --format json
expect_exit 0 "$LL" invoice show INT2-2026-000001 --format json
jq -c '.data.lines[] | select(.stream == "fixed" or .stream == "demand")
    | [.stream, .amount]' "$OUT" >"$TMP/lines"
# cross-connects 2,400.00 x 504/720 h = 1,680.00; installation 50,000.00 once
expect_contains "$TMP/lines" '["fixed","1680.00"]'
expect_contains "$TMP/lines" '["fixed","50000.00"]'
expect_contains "$TMP/lines" '["demand",'
echo "PASS: $TEST_NAME"
