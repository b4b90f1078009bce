#!/usr/bin/env bash
# GPU classes are data (issue 10): a site declares MI355X and B300, which no build knows,
# with their kW bands; a contract prices them; usage of them is billed end to end, the
# invoice lines come in the documented order (H100, H200, GB200, then by name), reconcile
# checks energy against the site's band, and leaseledger-verify re-rates the invoice from
# its bundle alone. The old "gpus" form keeps loading; a class with no built-in band must
# state one.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"
LV="$LDG_BIN/leaseledger-verify"
CASES="$LDG_SRC/tests/cases/classes"

fresh_db gpu_classes
make_key

# --- site documents ----------------------------------------------------------------------
# the old form still loads (built-in bands); a class without one must state it
expect_exit 0 "$LL" site load "$LDG_SRC/sample/site-colossus-1.json"
jq '.site = "lab-x" | .gpus = {"MI355X": 8}' "$CASES/site-colossus-2.json" >"$TMP/bad.json"
expect_exit 65 "$LL" site load "$TMP/bad.json"
expect_contains "$ERR" 'field "gpus.MI355X": class MI355X has no built-in kW band'
jq '.site = "lab-x" | .gpus = {"MI 355": {"count": 1, "kw_per_gpu": ["1", "2"]}}' \
    "$CASES/site-colossus-2.json" >"$TMP/bad.json"
expect_exit 65 "$LL" site load "$TMP/bad.json"
expect_contains "$ERR" "a GPU class name is 1-32 letters, digits"
jq '.site = "lab-x" | .gpus = {"X1": {"count": 1, "kw_per_gpu": ["2", "1"]}}' \
    "$CASES/site-colossus-2.json" >"$TMP/bad.json"
expect_exit 65 "$LL" site load "$TMP/bad.json"
expect_contains "$ERR" 'field "gpus.X1.kw_per_gpu" must be ["LOW", "HIGH"]'
expect_exit 0 "$LL" site load "$CASES/site-colossus-2.json"
[[ $(sql -c "SELECT string_agg(class || '=' || name, ',' ORDER BY class) FROM ledger.gpu_class") == \
    "1=H100,2=H200,3=GB200,4=MI355X,5=B300" ]] || fail "classes not stored in document order"

# a contract may price only a class some site declares
jq '.contract = "C2-X" | .invoice_series = "C2X" | .gpu[0].class = "MI300"' \
    "$CASES/contract-amd.json" >"$TMP/bad.json"
expect_exit 65 "$LL" contract load "$TMP/bad.json"
expect_contains "$ERR" 'field "gpu[0].class": unknown GPU class "MI300" (no site declares it)'
expect_exit 0 "$LL" contract load "$CASES/contract-amd.json"
expect_exit 0 "$LL" contract show C2-AMD --tenant amd-lab --at 2026-11-15T00:00:00Z
[[ $(jq -r '[.gpu[].class] | join(",")' "$OUT") == "H100,B300,MI355X" ]] ||
    fail "contract show: classes not in the documented order: $(cat "$OUT")"

# --- usage ---------------------------------------------------------------------------------
# MI355X: 7500 GPU-hours over November (10 reserved x 720 h = 7200, so 300 overage);
# energy 9 MWh = 9000 kWh / 7500 GPU-hours = 1.2 kW per GPU, inside the site's [1.0, 1.6]
cat >"$TMP/usage.csv" <<CSV
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
amd-lab,colossus-2,pod-1,gpu,MI355X,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,7500,gpu_hour,pod-1/nov
amd-lab,colossus-2,hall-1,energy,,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,9,mwh,hall-1/nov
amd-lab,colossus-2,pod-2,gpu,MI300,2026-11-01T00:00:00Z,2026-11-01T01:00:00Z,1,gpu_hour,pod-2/x
amd-lab,colossus-2,pod-3,gpu,MI355X,2026-11-01T00:00:00Z,2026-11-01T01:00:00Z,101,gpu_hour,pod-3/x
CSV
expect_exit 65 "$LL" ingest "$TMP/usage.csv"
expect_contains "$OUT" "4 records: 2 accepted, 0 duplicates, 2 rejected"
expect_contains "$ERR" "unknown GPU class \"MI300\": expected H100, H200, GB200, B300 or MI355X"
expect_contains "$ERR" "101.000000 GPU-hours of MI355X in 3600 s is more than site \"colossus-2\" has (100 GPUs)"

expect_exit 0 "$LL" reconcile --period 2026-11 --tenant amd-lab --format json
[[ $(jq '[.[] | select(.kind == "energy")] | length' "$OUT") == 0 ]] ||
    fail "1.2 kW per MI355X is inside the site's band: $(cat "$OUT")"

# --- billing -------------------------------------------------------------------------------
# gpu_reserved H100   1 x 720 h = 720 GPU-hours x 1.00      =    720.00
# gpu_reserved B300   1 x 720 h = 720 GPU-hours x 2.00      =  1,440.00
# gpu_reserved MI355X 10 x 720 h = 7,200 GPU-hours x 3.00   = 21,600.00
# gpu_overage  MI355X 7,500 - 7,200 = 300 GPU-hours x 4.00  =  1,200.00
# energy       9 MWh x PUE 1.000000 x 50.00                 =    450.00
# (power_capacity at 0 MW: a zero line, omitted)
#                                                     total   25,410.00
expect_exit 0 "$LL" bill --period 2026-11 --tenant amd-lab --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice C2-2026-000001 for contract "
expect_contains "$OUT" "total 25410.00 USD"
expect_exit 0 "$LL" invoice show C2-2026-000001 --format json
jq -r '.data.lines[] | [.stream, (.class // "-"), .quantity, .rate, .amount] | join(" ")' \
    "$OUT" >"$TMP/lines"
cat >"$TMP/expected" <<TXT
gpu_reserved H100 720.000000 1.000000 720.00
gpu_reserved B300 720.000000 2.000000 1440.00
gpu_reserved MI355X 7200.000000 3.000000 21600.00
gpu_overage MI355X 300.000000 4.000000 1200.00
energy - 9.000000 50.000000 450.00
TXT
diff -u "$TMP/expected" "$TMP/lines" >&2 || fail "invoice lines differ"

# audit records by a class no build knows, and a name no site declares
expect_exit 0 "$LL" audit records --tenant amd-lab --class MI355X --format csv
expect_contains "$OUT" "pod-1/nov"
expect_not_contains "$OUT" "hall-1/nov"
expect_exit 64 "$LL" audit records --tenant amd-lab --class MI300
expect_contains "$ERR" '--class must be H100, H200, GB200, B300 or MI355X, not "MI300"'

# explain names the class and re-rates to the same figures
expect_exit 0 "$LL" audit explain --invoice C2-2026-000001 --format json
expect_contains "$OUT" '"MI355X"'

# --- the offline verifier knows no MI355X but re-rates it from the bundle ------------------
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
expect_exit 0 "$LL" audit bundle --invoice C2-2026-000001 --out "$TMP/b.json"
expect_exit 0 "$LV" "$TMP/b.json" --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "ok: C2-2026-000001: all 5 lines and the total "
expect_contains "$OUT" "VERIFIED: tenant amd-lab"

# --- energy above the site's band for MI355X ------------------------------------------------
cat >"$TMP/more.csv" <<CSV
tenant,site,meter,kind,class,start,end,quantity,unit,event_id
amd-lab,colossus-2,hall-1,energy,,2026-12-01T00:00:00Z,2026-12-02T00:00:00Z,0.768,mwh,hall-1/dec1
amd-lab,colossus-2,pod-1,gpu,MI355X,2026-12-01T00:00:00Z,2026-12-02T00:00:00Z,240,gpu_hour,pod-1/dec1
CSV
# 0.768 MWh / 240 GPU-hours = 3.2 kW per GPU: above the MI355X band [1.0, 1.6]
expect_exit 0 "$LL" ingest -q "$TMP/more.csv"
expect_exit 0 "$LL" reconcile --period 2026-12 --tenant amd-lab --format json
[[ $(jq -r '[.[] | select(.kind == "energy")][0].numbers
    | [.kw_per_gpu, .band_low_kw, .band_high_kw] | join(" ")' "$OUT") == \
    "3.200000 1.000000 1.600000" ]] || fail "energy band of the site not used: $(cat "$OUT")"
