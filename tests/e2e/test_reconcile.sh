#!/usr/bin/env bash
# e2e.reconcile: `leaseledger reconcile` and `reconcile ack` (DESIGN.md "Reconciliation").
#
# A hand-made site, two tenants and a dozen usage records trigger every kind of finding
# once; the expected numbers are worked out below by hand. Then: exit statuses, stable
# ids, argument errors, acknowledgements (idempotent, logged, releasing the block for
# billing), a correction that removes an overlap, and seal + verify over the acks.
source "$(dirname "$0")/lib.sh"

fresh_db reconcile
make_key

# --- the case ---------------------------------------------------------------------------
# Site tiny-1: 10 H100, 4 H200, 2 GB200, 1 MW.
# acme, contract AC-1, 2025-03-10T00 .. 2025-03-12T00 (48 h): H100 reserved 4 at 2.00
#   (overage 3.00), H200 reserved 4 at 3.00, energy, SLA 5% below 99.9%.
# beta, contract BE-1, same 48 h: H200 reserved 1.
cat >"$TMP/site.json" <<'EOF'
{"site": "tiny-1", "name": "Tiny test hall",
 "gpus": {"H100": 10, "H200": 4, "GB200": 2}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
cat >"$TMP/acme.json" <<'EOF'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs",
 "site": "tiny-1", "currency": "USD", "invoice_series": "AC",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 4, "rate": "2.000000", "overage_rate": "3.000000"},
         {"class": "H200", "reserved": 4, "rate": "3.000000", "overage_rate": "4.000000"}],
 "energy": {"rate_per_mwh": "60.000000", "pue": "1.200000",
            "capacity_mw": "1", "capacity_rate_per_mw_month": "1000.000000"},
 "sla": {"target": "99.900000", "credits": [{"below": "99.900000", "percent": "5"}]}}
EOF
cat >"$TMP/beta.json" <<'EOF'
{"contract": "BE-1", "tenant": "beta", "tenant_name": "Beta Inc",
 "site": "tiny-1", "currency": "USD", "invoice_series": "BE",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H200", "reserved": 1, "rate": "3.000000", "overage_rate": "4.000000"}]}
EOF
# Log seqs: each tenant's contract is seq 0, then its records in file order (acme: a1 = 1,
# a-dup = 2, ... e3 = 11; beta: b1 = 1).
#  a1 + a-dup   overlap 12:00-13:00 (block)
#  c1 + c1-fix  a correction: not an overlap; c1 nets 100
#  z1 + z1-void net zero: z1 overlaps c1 but does not count
#  h1 + b1      H200 in hour 05: acme 90/48 = 1.875 + beta 3 = 4.875 > 4 GPUs (block x2)
#  hall-A       silent 10:00-14:00 on the 10th: gap of 4 h (warn)
#  pod-b        reports 1 hour of 48: gap of 47 h (warn)
#  energy       10th: 0.1 MWh / (105 H100 + 45 H200 GPU-h) = 0.667 kW, inside 0.35..1.66
#               11th: 0.5 MWh / (100 H100 + 45 H200) = 3.448276 kW, above
#               high = (100 x 1.6 + 45 x 1.8) / 145 = 1.662069 (warn)
#  overage      H100 used 100 + 5 + 120 - 20 + 5 - 5 = 205, reserved 4 x 48 = 192: 13
#  idle         acme H200 90 < 192 / 2; beta H200 3 < 48 / 2, 3 / 48 = 6.25%
#  sla          H100 downtime 1 of 192: 100 x 191 / 192 = 99.479167% < 99.9: 5% of
#               192 x 2.00 = 19.20 credit
cat >"$TMP/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
acme,tiny-1,pod-a,gpu,H100,2025-03-10T00:00:00Z,2025-03-11T00:00:00Z,100,gpu_hour,a1,
acme,tiny-1,pod-a,gpu,H100,2025-03-10T12:00:00Z,2025-03-10T13:00:00Z,5,gpu_hour,a-dup,
acme,tiny-1,pod-a,gpu,H100,2025-03-11T00:00:00Z,2025-03-12T00:00:00Z,120,gpu_hour,c1,
acme,tiny-1,pod-a,gpu,H100,2025-03-11T00:00:00Z,2025-03-12T00:00:00Z,-20,gpu_hour,c1-fix,c1
acme,tiny-1,pod-a,gpu,H100,2025-03-11T05:00:00Z,2025-03-11T06:00:00Z,5,gpu_hour,z1,
acme,tiny-1,pod-a,gpu,H100,2025-03-11T05:00:00Z,2025-03-11T06:00:00Z,-5,gpu_hour,z1-void,z1
acme,tiny-1,pod-a,downtime,H100,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,1,gpu_hour,down1,
acme,tiny-1,pod-h200,gpu,H200,2025-03-10T00:00:00Z,2025-03-12T00:00:00Z,90,gpu_hour,h1,
acme,tiny-1,hall-A,energy,,2025-03-10T00:00:00Z,2025-03-10T10:00:00Z,0.04,mwh,e1,
acme,tiny-1,hall-A,energy,,2025-03-10T14:00:00Z,2025-03-11T00:00:00Z,0.06,mwh,e2,
acme,tiny-1,hall-A,energy,,2025-03-11T00:00:00Z,2025-03-12T00:00:00Z,500,kwh,e3,
beta,tiny-1,pod-b,gpu,H200,2025-03-10T05:00:00Z,2025-03-10T06:00:00Z,3,gpu_hour,b1,
EOF

expect_exit 0 "$LL" site load "$TMP/site.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"
expect_exit 0 "$LL" contract load "$TMP/beta.json"
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
expect_contains "$OUT" "12 records: 12 accepted, 0 duplicates, 0 rejected"

P=2025-03

# --- help and argument errors -------------------------------------------------------------
expect_exit 0 "$LL" reconcile --help
expect_contains "$OUT" "Usage: leaseledger reconcile --period YYYY-MM"
expect_contains "$OUT" "Exit status"
expect_empty "$ERR"
expect_exit 0 "$LL" reconcile ack --help
expect_contains "$OUT" "Usage: leaseledger reconcile ack FINDING --reason TEXT"
expect_empty "$ERR"

expect_exit 64 "$LL" reconcile
expect_contains "$ERR" "--period YYYY-MM is required"
expect_contains "$ERR" "Try 'leaseledger reconcile --help'."
expect_exit 64 "$LL" reconcile --period 2025-13
expect_contains "$ERR" 'invalid period "2025-13": month 13 is out of range 01..12'
expect_exit 64 "$LL" reconcile --period March
expect_contains "$ERR" 'invalid period "March": expected YYYY-MM'
expect_exit 64 "$LL" reconcile --period 2999-01
expect_contains "$ERR" "period 2999-01 is in the future"
expect_exit 64 "$LL" reconcile --period "$P" --format xml
expect_contains "$ERR" "--format must be table, json or csv"
expect_exit 64 "$LL" reconcile --period "$P" stray
expect_contains "$ERR" 'unexpected argument "stray"'
expect_exit 64 "$LL" reconcile --no-such-option
expect_contains "$ERR" "Try 'leaseledger reconcile --help'."
expect_exit 1 "$LL" reconcile --period "$P" --tenant nobody
expect_contains "$ERR" 'unknown tenant "nobody"'
expect_empty "$OUT"

# --- the findings ---------------------------------------------------------------------------
expect_exit 1 "$LL" reconcile --period "$P"
cp "$OUT" "$TMP/first.txt"
[[ $(wc -l <"$OUT") == 11 ]] || fail "expected a header and 10 findings, got $(wc -l <"$OUT") lines"
expect_contains "$OUT" 'overlap: gpu record "a1" (seq 1, 100.000000) overlaps "a-dup" (seq 2, 5.000000)'
expect_contains "$OUT" "capacity: H200 4.875000 GPU-h in the hour above the site's 4 GPUs (excess 0.875000); this tenant 1.875000"
expect_contains "$OUT" "capacity: H200 4.875000 GPU-h in the hour above the site's 4 GPUs (excess 0.875000); this tenant 3.000000"
expect_contains "$OUT" "gap: energy meter silent 4 of 48 hours, first 2025-03-10T10:00:00Z, last 2025-03-10T13:00:00Z"
expect_contains "$OUT" "gap: gpu meter silent 47 of 48 hours, first 2025-03-10T00:00:00Z, last 2025-03-11T23:00:00Z"
expect_contains "$OUT" "energy: 3.448276 kW per GPU (0.500000 MWh / 145.000000 GPU-h) above band 0.350000..1.662069"
expect_contains "$OUT" "overage: H100 used 205.000000 GPU-h, reserved 192.000000, overage 13.000000"
expect_contains "$OUT" "idle: H200 used 90.000000 GPU-h of 192.000000 reserved (46.875000%)"
expect_contains "$OUT" "idle: H200 used 3.000000 GPU-h of 48.000000 reserved (6.250000%)"
expect_contains "$OUT" "sla: H100 availability 99.479167% (downtime 1.000000 of 192.000000 GPU-h): credit 5.000000% = -19.20 USD"
# --- idle counts only the hours that have elapsed ----------------------------------------------
# As of 2025-03-11T00:30Z the period is open and 24 of the contracts' 48 hours have ended
# (the hour 00:00-01:00 of the 11th has not). acme H200: reserved 4 x 24 = 96, used h1's
# 90 / 48 = 1.875 an hour x 24 = 45 < 48: idle, 45 / 96 = 46.875%. acme H100: used a1 100
# + a-dup 5 = 105 of 96: not idle. beta H200: reserved 1 x 24 = 24, used 3 < 12: 12.5%.
# Before the fix the reservation of all 48 hours counted (192 and 48).
expect_exit 1 "$LL" reconcile --period "$P" --as-of 2025-03-11T00:30:00Z
expect_contains "$OUT" "idle: H200 used 45.000000 GPU-h of 96.000000 reserved so far (46.875000%)"
expect_contains "$OUT" "idle: H200 used 3.000000 GPU-h of 24.000000 reserved so far (12.500000%)"
[[ $(grep -c "idle:" "$OUT") == 2 ]] || fail "expected 2 idle findings as of the 11th: $(cat "$OUT")"
expect_exit 1 "$LL" reconcile --period "$P" --as-of 2025-03-11T00:30:00Z --tenant beta --format json
[[ $(jq -c '[.[] | select(.kind == "idle") | .numbers.reserved_gpu_hours, .numbers.so_far]' "$OUT") == '["24.000000",true]' ]] ||
    fail "idle as of the 11th in json: $(cat "$OUT")"
# On the 10th at 05:59 only hours 00-04 have ended: beta reserved 5, used 0 (b1 is hour 05).
expect_exit 1 "$LL" reconcile --period "$P" --as-of 2025-03-10T05:59:59Z --tenant beta
expect_contains "$OUT" "idle: H200 used 0.000000 GPU-h of 5.000000 reserved so far (0.000000%)"
# closed (as of the period's end, or later): every hour, and no "so far"
expect_exit 1 "$LL" reconcile --period "$P" --as-of 2025-04-01T00:00:00Z
expect_contains "$OUT" "idle: H200 used 90.000000 GPU-h of 192.000000 reserved (46.875000%)"
expect_not_contains "$OUT" "so far"
expect_exit 1 "$LL" reconcile --period "$P"
# not findings: the correction, the zero-net record, the plausible day
expect_not_contains "$OUT" '"c1-fix"'
expect_not_contains "$OUT" '"z1"'
expect_not_contains "$OUT" "2025-03-10T00:00:00Z  2025-03-11T00:00:00Z  energy:"
# severity order: block, then warn, then info
[[ $(awk 'NR > 1 { print $1 }' "$OUT" | tr '\n' ' ') == "block block block warn warn warn info info info info " ]] ||
    fail "findings are not ordered block, warn, info: $(awk 'NR > 1 { print $1 }' "$OUT" | tr '\n' ' ')"

# id_of TENANT KIND [TEXT]: the id of the (first) finding of that tenant and kind in $OUT
id_of()
{
    awk -v t="$1" -v k="$2:" -v x="${3:-}" \
        'NR > 1 && $3 == t && index($0, "  " k) && index($0, x) { print $2; exit }' "$OUT"
}
OVERLAP=$(id_of acme overlap)
CAP_ACME=$(id_of acme capacity)
CAP_BETA=$(id_of beta capacity)
GAP_ACME=$(id_of acme gap)
# The overlap's id is SHA-256 over its canonical fields (reconcile.h), worked out with
# printf '%s' '{"class":"H100","contract":"AC-1","events":["a-dup","a1"],
#   "from":"2025-03-10T12:00:00Z","kind":"overlap","meter":"pod-a","period":"2025-03",
#   "site":"tiny-1","tenant":"acme","to":"2025-03-10T13:00:00Z","usage":"gpu"}' | sha256sum
[[ "$OVERLAP" == 12b206a36d64c175 ]] || fail "overlap id is \"$OVERLAP\", expected 12b206a36d64c175"
[[ "$CAP_ACME" == bda9066e177e1430 ]] || fail "acme capacity id is \"$CAP_ACME\", expected bda9066e177e1430"
[[ "$CAP_BETA" =~ ^[0-9a-f]{16}$ && "$CAP_BETA" != "$CAP_ACME" ]] ||
    fail "beta's capacity finding needs an id of its own, got \"$CAP_BETA\""
[[ $(awk 'NR > 1 { print $2 }' "$OUT" | sort -u | wc -l) == 10 ]] || fail "finding ids are not distinct"

# the same records give the same ids and the same report
expect_exit 1 "$LL" reconcile --period "$P"
cmp -s "$OUT" "$TMP/first.txt" || fail "a second run printed something else"

# one tenant only
expect_exit 1 "$LL" reconcile --period "$P" --tenant beta
[[ $(wc -l <"$OUT") == 4 ]] || fail "beta should have 3 findings"
expect_not_contains "$OUT" "acme"
# a period without data: nothing, exit 0
expect_exit 0 "$LL" reconcile --period 2025-02
expect_contains "$OUT" "no findings"

# JSON: an array of the same findings, decimals as strings
expect_exit 1 "$LL" reconcile --period "$P" --format json
[[ $(grep -c '"kind": ' "$OUT") == 10 ]] || fail "JSON does not hold 10 findings"
expect_contains "$OUT" "\"id\": \"$OVERLAP\""
expect_contains "$OUT" '"event_id": "a-dup"'
expect_contains "$OUT" '"overage_gpu_hours": "13.000000"'
expect_contains "$OUT" '"credit_amount": "-19.20"'
expect_contains "$OUT" '"kw_per_gpu": "3.448276"'
expect_contains "$OUT" '"silent_hours": "47"'
expect_not_contains "$OUT" '"acknowledged": true'
head -c 1 "$OUT" | grep -q '\[' || fail "JSON output is not an array"

# --- billing is held by the block findings ------------------------------------------------
expect_exit 0 "$LL" seal -q
expect_exit 1 "$LL" bill --period "$P" --tenant acme --dry-run
expect_contains "$ERR" 'contract "AC-1" period 2025-03 held'

# --- acknowledgements ----------------------------------------------------------------------
log_size()
{
    sql -c "SELECT h.size FROM ledger.log_head h JOIN ledger.tenant t USING (tenant_id)
            WHERE t.tenant = '$1'"
}
[[ $(log_size acme) == 12 ]] || fail "acme's log should hold 12 entries before any ack"

expect_exit 64 "$LL" reconcile ack
expect_contains "$ERR" "expected the FINDING id"
expect_contains "$ERR" "Try 'leaseledger reconcile ack --help'."
expect_exit 64 "$LL" reconcile ack XYZ --reason r
expect_contains "$ERR" 'invalid finding id "XYZ"'
expect_exit 64 "$LL" reconcile ack "$OVERLAP"
expect_contains "$ERR" "--reason TEXT is required"
expect_exit 64 "$LL" reconcile ack "$OVERLAP" --reason ""
expect_contains "$ERR" "--reason TEXT is required"
expect_exit 64 "$LL" reconcile ack "$OVERLAP" --reason r --period 2999-01
expect_contains "$ERR" "period 2999-01 is in the future"
expect_exit 64 "$LL" reconcile ack "$OVERLAP" extra --reason r
expect_contains "$ERR" 'unexpected argument "extra"'
expect_exit 1 "$LL" reconcile ack 0123456789abcdef --reason "no such thing" --period "$P"
expect_contains "$ERR" 'no finding "0123456789abcdef" in period 2025-03'
expect_exit 1 "$LL" reconcile ack "$OVERLAP" --reason r --tenant nobody
expect_contains "$ERR" 'unknown tenant "nobody"'
expect_exit 1 "$LL" reconcile ack "$OVERLAP" --reason r --period 2025-04
expect_contains "$ERR" "no finding \"$OVERLAP\" in period 2025-04"
[[ $(log_size acme) == 12 ]] || fail "a refused ack wrote to the log"
[[ $(sql -c "SELECT count(*) FROM ledger.finding_ack") == 0 ]] || fail "a refused ack was recorded"

expect_exit 0 "$LL" reconcile ack "$OVERLAP" --reason "meter firmware resent hour 12" --period "$P"
expect_contains "$OUT" "finding $OVERLAP (block overlap, tenant acme, period 2025-03) acknowledged (log seq 12)"
# twice: nothing new
expect_exit 0 "$LL" reconcile ack "$OVERLAP" --reason "again" --period "$P"
expect_contains "$OUT" "was already acknowledged (log seq 12)"
[[ $(log_size acme) == 13 ]] || fail "acme's log should hold 13 entries after one ack"
[[ $(sql -c "SELECT reason FROM ledger.finding_ack WHERE finding_id = '$OVERLAP'") == "meter firmware resent hour 12" ]] ||
    fail "finding_ack does not hold the first reason"

# acme still blocked by its capacity finding
expect_exit 1 "$LL" reconcile --period "$P" --tenant acme
expect_contains "$OUT" "overlaps \"a-dup\" (seq 2, 5.000000) [acknowledged]"
# acknowledged without --period: found by searching back from now
expect_exit 0 "$LL" reconcile ack "$CAP_ACME" --reason "beta's meter clock was an hour off"
expect_contains "$OUT" "finding $CAP_ACME (block capacity, tenant acme, period 2025-03) acknowledged (log seq 13)"
expect_exit 0 "$LL" reconcile --period "$P" --tenant acme
[[ $(grep -c '\[acknowledged\]$' "$OUT") == 2 ]] || fail "acme should show 2 acknowledged findings"
expect_exit 0 "$LL" reconcile --period "$P" --tenant acme --format json
[[ $(grep -c '"acknowledged": true' "$OUT") == 2 ]] || fail "JSON should mark 2 findings acknowledged"
# a warning can be acknowledged too (it never held anything)
expect_exit 0 "$LL" reconcile ack "$GAP_ACME" --reason "hall meter rebooted" --tenant acme --period "$P"
expect_contains "$OUT" "(warn gap, tenant acme, period 2025-03) acknowledged (log seq 14)"

# beta still holds the whole period; its own ack releases it
expect_exit 1 "$LL" reconcile --period "$P"
expect_exit 0 "$LL" reconcile ack "$CAP_BETA" --reason "clock skew" --tenant beta --period "$P"
expect_contains "$OUT" "(block capacity, tenant beta, period 2025-03) acknowledged (log seq 2)"
expect_exit 0 "$LL" reconcile --period "$P"

# billing is no longer held
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" bill --period "$P" --tenant acme --dry-run
expect_not_contains "$ERR" "held"

# --- the acks are log entries, and the logs verify --------------------------------------------
ack_body=$(sql -c "SELECT convert_from(d.body, 'UTF8') FROM ledger.log_doc d
                   JOIN ledger.tenant t USING (tenant_id)
                   WHERE t.tenant = 'acme' AND d.seq = 12 AND d.kind = 'ack'")
[[ "$ack_body" == "{\"data\":{\"finding\":\"$OVERLAP\",\"kind\":\"overlap\",\"period\":\"2025-03\",\"reason\":\"meter firmware resent hour 12\",\"severity\":\"block\"},\"kind\":\"ack\",\"seq\":12,\"tenant\":\"acme\",\"v\":1}" ]] ||
    fail "acme seq 12 is not the ack entry: $ack_body"
[[ $(sql -c "SELECT count(*) FROM ledger.log_doc WHERE kind = 'ack'") == 4 ]] ||
    fail "expected 4 ack entries in the logs"
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "0 problems"

# --- a correction removes an overlap ----------------------------------------------------------
cat >"$TMP/fix.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
acme,tiny-1,pod-a,gpu,H100,2025-03-10T12:00:00Z,2025-03-10T13:00:00Z,-5,gpu_hour,a-dup-void,a-dup
EOF
expect_exit 0 "$LL" ingest -q "$TMP/fix.csv"
expect_exit 0 "$LL" reconcile --period "$P" --tenant acme
expect_not_contains "$OUT" "overlap:"
# and the overage shrinks by the 5 GPU-hours removed: 200 - 192 = 8
expect_contains "$OUT" "overage: H100 used 200.000000 GPU-h, reserved 192.000000, overage 8.000000"
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "0 problems"

echo "PASS: $TEST_NAME"
