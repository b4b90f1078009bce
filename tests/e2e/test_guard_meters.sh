#!/usr/bin/env bash
# e2e.guard_meters: a site's meter inventory (issue 16 item 1; DESIGN.md "Site";
# ledger/site_meters.h). Load refuses a bad inventory naming the field; a changed
# inventory is a new site version; with an inventory, a record from a meter not in it,
# or of what its meter does not measure, is rejected at ingest with file, line and
# meter; without one, every meter is accepted as before.
source "$(dirname "$0")/lib.sh"

fresh_db guard_meters
make_key

site()
{
    cat <<EOF2
{"site": "$1", "name": "Tiny hall",
 "gpus": {"H100": 10, "H200": 4}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}$2}
EOF2
}

# --- refusals name the field; nothing is stored -----------------------------------------
bad()
{
    site inv-1 ", \"meters\": $1" >"$TMP/bad.json"
    expect_exit 65 "$LL" site load "$TMP/bad.json"
    expect_contains "$ERR" "$2"
}
bad '[{"id": "pod-1", "class": "GB200", "gpus": 1}]' \
    'field "meters[0].class": "GB200" is not a class'
bad '[{"id": "pod-1", "class": "H200", "gpus": 5}]' \
    'field "meters[0].gpus" must be an integer from 1 to the site'"'"'s 4 H200 GPUs'
bad '[{"id": "pod-1", "class": "H200", "gpus": 2}, {"id": "pod-1", "class": "H200", "gpus": 2}]' \
    'field "meters[1].id": meter "pod-1" is listed twice'
bad '[{"id": "hall-A", "class": "", "gpus": 3}]' \
    'field "meters[0].gpus" must be 0 for an energy meter'
bad '[{"id": "pod-1", "class": "H200", "gpus": 3}, {"id": "pod-2", "class": "H200", "gpus": 2}]' \
    'its H200 meters hold more than the 4 GPUs the site has'
bad '"pods"' 'field "meters" must be an array'
[[ $(sql -c "SELECT count(*) FROM ledger.site_version") == 0 ]] ||
    fail "a refused site document was stored"

# --- a site with an inventory (its first version: in force from the beginning) ---------
INV='[{"id": "pod-1", "class": "H200", "gpus": 2}, {"id": "pod-2", "class": "H100", "gpus": 10},
      {"id": "hall-A", "class": "", "gpus": 0}]'
site inv-1 ", \"meters\": $INV" >"$TMP/inv.json"
expect_exit 0 "$LL" site load "$TMP/inv.json"
site plain-1 "" >"$TMP/plain.json"
expect_exit 0 "$LL" site load "$TMP/plain.json"

for t in acme:inv-1 beta:plain-1; do
    cat >"$TMP/${t%%:*}.json" <<EOF2
{"contract": "K-${t%%:*}", "tenant": "${t%%:*}", "tenant_name": "${t%%:*} Inc",
 "site": "${t#*:}", "currency": "USD", "invoice_series": "${t%%:*}",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H200", "reserved": 2, "rate": "3.000000", "overage_rate": "4.000000"}]}
EOF2
    expect_exit 0 "$LL" contract load "$TMP/${t%%:*}.json"
done

cat >"$TMP/usage.csv" <<'EOF2'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
acme,inv-1,pod-1,gpu,H200,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,2,gpu_hour,a1
acme,inv-1,pod-9,gpu,H200,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,1,gpu_hour,a2
acme,inv-1,pod-1,gpu,H100,2025-03-10T01:00:00Z,2025-03-10T02:00:00Z,1,gpu_hour,a3
acme,inv-1,hall-A,energy,,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,0.001,mwh,a4
acme,inv-1,pod-1,energy,,2025-03-10T01:00:00Z,2025-03-10T02:00:00Z,0.001,mwh,a5
acme,inv-1,hall-A,downtime,H200,2025-03-10T02:00:00Z,2025-03-10T03:00:00Z,1,gpu_hour,a6
beta,plain-1,pod-9,gpu,H200,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,1,gpu_hour,b1
EOF2
expect_exit 65 "$LL" ingest "$TMP/usage.csv"
expect_contains "$ERR" 'usage.csv:3: meter "pod-9" is not in the inventory of site "inv-1"'
expect_contains "$ERR" \
    'usage.csv:4: meter "pod-1" is a H200 GPU meter in the inventory of site "inv-1": it cannot report H100 GPU-hours'
expect_contains "$ERR" \
    'usage.csv:6: meter "pod-1" is a H200 GPU meter in the inventory of site "inv-1": it cannot report energy'
expect_contains "$ERR" \
    'usage.csv:7: meter "hall-A" is an energy meter in the inventory of site "inv-1": it cannot report H200 GPU-hours'
# accepted: a1 and a4 (in the inventory), b1 (a site without one: as before)
[[ $(sql -c "SELECT string_agg(event_id, ' ' ORDER BY event_id) FROM ledger.usage") == \
    "a1 a4 b1" ]] || fail "accepted: $(sql -c "SELECT string_agg(event_id, ' ') FROM ledger.usage")"

# --- a changed inventory is a new site version; the same document again changes nothing --
expect_exit 0 "$LL" site load "$TMP/inv.json"
[[ $(sql -c "SELECT count(*) FROM ledger.site_version v JOIN ledger.site s USING (site_id)
             WHERE s.site = 'inv-1'") == 1 ]] || fail "an unchanged inventory made a version"
INV2='[{"id": "pod-1", "class": "H200", "gpus": 2}, {"id": "pod-2", "class": "H100", "gpus": 10},
       {"id": "pod-9", "class": "H200", "gpus": 2}, {"id": "hall-A", "class": "", "gpus": 0}]'
site inv-1 ", \"meters\": $INV2" >"$TMP/inv2.json"
expect_exit 0 "$LL" site load "$TMP/inv2.json"
[[ $(sql -c "SELECT count(*) FROM ledger.site_version v JOIN ledger.site s USING (site_id)
             WHERE s.site = 'inv-1'") == 2 ]] || fail "a changed inventory made no new version"
# the new inventory applies from its version on, never before: pod-9 in March stays unknown
echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id
acme,inv-1,pod-9,gpu,H200,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,1,gpu_hour,a2" >"$TMP/again.csv"
expect_exit 65 "$LL" ingest "$TMP/again.csv"
expect_contains "$ERR" 'again.csv:2: meter "pod-9" is not in the inventory of site "inv-1"'

# --- nightly: the reason reaches rejected/NAME.reasons ----------------------------------
mkdir -m 0750 "$TMP/spool"
cp "$TMP/again.csv" "$TMP/spool/late.csv"
rc=0
"$LL" nightly --spool "$TMP/spool" --as-of 2025-03-10T12:00:00Z >"$OUT" 2>"$ERR" || rc=$?
[[ $rc == 0 ]] || { cat "$OUT" "$ERR" >&2; fail "nightly exit $rc"; }
expect_contains "$TMP/spool/rejected/late.csv.reasons" \
    'meter "pod-9" is not in the inventory of site "inv-1"'

echo "ok: $TEST_NAME"
