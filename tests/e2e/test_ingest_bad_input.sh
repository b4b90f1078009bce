#!/usr/bin/env bash
# Hostile and malformed usage files (issue "The signed ledger", Bad input; DESIGN.md
# "Usage records" validation). Every rejected record is named as FILE:LINE: reason on
# stderr; the exit status is 65 when anything was rejected or the file cannot be read as
# usage at all; the records that pass are appended whole and nothing else is: each case
# counts the usage rows and the log size before and after. The fixtures are in
# tests/cases/ledger/usage-*; the binary ones (NUL, invalid UTF-8, a 10 MB line) are made
# here.
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
HEADER=tenant,site,meter,kind,class,start,end,quantity,unit,event_id
HOUR0=2026-11-10T00:00:00Z,2026-11-10T01:00:00Z

fresh_db bad_input
make_key
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
cd "$TMP" || fail "cd $TMP" # file names in messages are as given on the command line
for f in "$CASES"/usage-*; do
    cp "$f" .
done

counts()
{
    sql -c "SELECT (SELECT count(*) FROM ledger.usage) || ' ' ||
                   (SELECT coalesce(sum(size), 0) FROM ledger.log_head)"
}

# ingest_case EXIT ACCEPTED DUPLICATES REJECTED ARGS...: runs ingest; the exit status
# is EXIT, the summary (when the file was readable) says so, and exactly ACCEPTED usage
# rows and log entries were added.
ingest_case()
{
    local want=$1 acc=$2 dup=$3 rej=$4 before after
    shift 4
    before=$(counts)
    expect_exit "$want" "$LL" ingest -q "$@"
    after=$(counts)
    if ((acc + dup + rej > 0)); then
        expect_contains "$OUT" "$((acc + dup + rej)) records: $acc accepted, $dup duplicates, $rej rejected"
    fi
    [[ "$after" == "$((${before% *} + acc)) $((${before#* } + acc))" ]] ||
        fail "ingest $*: usage rows and log size went from $before to $after, expected +$acc"
}

# --- files that cannot be read as usage: 65, nothing written --------------------------
: >empty.csv
ingest_case 65 0 0 0 empty.csv
expect_contains "$ERR" "leaseledger: empty file: no header and no records"
expect_contains "$ERR" "empty.csv"

printf '\n\n' >blank.csv
ingest_case 65 0 0 0 blank.csv
expect_contains "$ERR" "no header line: the file holds only blank lines"

tail -n +2 usage-good.csv >no-header.csv
ingest_case 65 0 0 0 no-header.csv
expect_contains "$ERR" 'header has unknown column "anthropic"'
expect_contains "$ERR" "no-header.csv: line 1"

{
    echo "$HEADER,color"
    echo "anthropic,colossus-1,pod-0001,gpu,H100,$HOUR0,5,gpu_hour,unknown-col/1,red"
} >unknown-column.csv
ingest_case 65 0 0 0 unknown-column.csv
expect_contains "$ERR" 'header has unknown column "color"'
expect_contains "$ERR" "unknown-column.csv: line 1"

{
    echo "${HEADER/,unit/}"
    echo "anthropic,colossus-1,pod-0001,gpu,H100,$HOUR0,5,missing-col/1"
} >missing-column.csv
ingest_case 65 0 0 0 missing-column.csv
expect_contains "$ERR" 'header lacks column "unit"'
expect_contains "$ERR" "missing-column.csv: line 1"

echo "$HEADER,event_id" >twice-column.csv
ingest_case 65 0 0 0 twice-column.csv
expect_contains "$ERR" 'header names column "event_id" twice'

printf 'tenant,site,meter,kind,class,start,end,quantity,unit,event_\xffid\n' >bad-utf8-header.csv
ingest_case 65 0 0 0 bad-utf8-header.csv
expect_contains "$ERR" "header holds a NUL, control character or invalid UTF-8"
expect_contains "$ERR" "bad-utf8-header.csv: line 1"

head -c 65536 /dev/urandom >random.bin
ingest_case 65 0 0 0 random.bin

ingest_case 65 0 0 0 --input-format csv usage-bad.ndjson
expect_contains "$ERR" "usage-bad.ndjson: line 1"

ingest_case 66 0 0 0 no-such-file.csv
expect_contains "$ERR" 'could not open "no-such-file.csv": No such file or directory'

ingest_case 73 0 0 0 --rejects no-such-dir/rejects.csv usage-good.csv
expect_contains "$ERR" 'could not create "no-such-dir/rejects.csv"'

ingest_case 64 0 0 0 usage-good.csv usage-good.csv
expect_contains "$ERR" "expected exactly one FILE"

# A header alone is an empty batch, not an error.
echo "$HEADER" >header-only.csv
expect_exit 0 "$LL" ingest -q header-only.csv
expect_contains "$OUT" "header-only.csv: 0 records: 0 accepted, 0 duplicates, 0 rejected"

# --- good files: the baseline, another column order, a correction ---------------------
ingest_case 0 4 0 0 usage-good.csv
expect_empty "$ERR"
ingest_case 0 2 0 0 usage-reordered.csv
[[ $(sql -c "SELECT qty_micros, corrects FROM ledger.usage
             WHERE event_id = 'reord/pod-0003/2026-11-10T00/fix'") == \
    "-12250000|reord/pod-0003/2026-11-10T00" ]] || fail "the correction was not stored as given"
[[ $(sql -c "SELECT qty_micros FROM ledger.usage WHERE event_id = 'good/hall-B/2026-11-10T00'") == 9800500 ]] ||
    fail "9800.5 kwh is not stored as 9.8005 MWh"
# Running a file again: every record a duplicate, exit 0.
ingest_case 0 0 4 0 usage-good.csv
ingest_case 0 0 4 0 - <usage-good.csv
expect_contains "$OUT" "<stdin>: 4 records: 0 accepted, 4 duplicates, 0 rejected"

# --- rejected records: FILE:LINE: reason, 65, the rest appended -----------------------
ingest_case 65 3 0 11 --rejects rejects-quantity.csv usage-bad-quantity.csv
q=usage-bad-quantity.csv
expect_contains "$ERR" "$q:2: invalid number \"1e9\": exponent not allowed"
expect_contains "$ERR" "$q:3: invalid number \"NaN\": not a finite decimal number"
expect_contains "$ERR" "$q:4: invalid number \"--5\": more than one sign"
expect_contains "$ERR" "$q:5: invalid number \"12.3456789\": more than 6 decimals"
expect_not_contains "$ERR" "$q:6:"
expect_contains "$ERR" "$q:7: negative quantity \"-5\" is allowed only in a correction"
expect_contains "$ERR" "$q:8: field \"quantity\" is empty"
expect_contains "$ERR" "$q:9: invalid number \"+5\": leading '+' not allowed"
expect_contains "$ERR" "$q:10: invalid number \"0x10\": hexadecimal not allowed"
expect_contains "$ERR" "$q:11: number \"99999999999999\" out of range"
expect_contains "$ERR" "$q:12: 100000.000001 GPU-hours of H100 in 3600 s is more than site \"colossus-1\" has (100000 GPUs)"
expect_not_contains "$ERR" "$q:13:"
expect_contains "$ERR" "$q:14: 600.000001 MWh in 7200 s is more than site \"colossus-1\" can draw at 300.000000 MW"
expect_not_contains "$ERR" "$q:15:"
expect_contains "$OUT" "rejected, malformed quantity: 7"
expect_contains "$OUT" "rejected, physically impossible: 2"
expect_contains "$OUT" "rejected, negative quantity: 1"
[[ $(sql -c "SELECT string_agg(event_id || '=' || qty_micros, ' ' ORDER BY seq) FROM ledger.usage
             WHERE event_id LIKE 'qty/%'") == \
    "qty/6-decimals=12345678 qty/whole-site=100000000000 qty/energy-whole-site=600000000" ]] ||
    fail "the accepted quantities are not the three valid ones"
# --rejects: the header, then exactly the rejected lines, byte for byte
{
    sed -n 1p $q
    sed -n '2,5p;7,12p;14p' $q
} >want-rejects.csv
cmp want-rejects.csv rejects-quantity.csv || fail "rejects-quantity.csv is not the rejected lines"

ingest_case 65 1 0 7 --rejects rejects-time.csv usage-bad-time.csv
t=usage-bad-time.csv
expect_contains "$ERR" "$t:2: field \"start\": timestamp \"2026-11-10T00:00:00+01:00\" has an offset: only UTC (Z) is accepted"
expect_contains "$ERR" "$t:3: field \"end\": timestamp \"2026-11-10T01:00:00\" has no time zone: only UTC (Z) is accepted"
expect_contains "$ERR" "$t:4: field \"start\": invalid timestamp \"2026-11-10 00:00:00Z\""
expect_contains "$ERR" "$t:5: field \"start\": invalid timestamp \"2026-11-31T00:00:00Z\": day 31 is out of range 01..30 for 2026-11"
expect_contains "$ERR" "$t:6: end 2026-11-10T01:00:00Z is not after start 2026-11-10T02:00:00Z"
expect_contains "$ERR" "$t:7: end 2026-11-10T02:00:00Z is not after start 2026-11-10T02:00:00Z"
expect_contains "$ERR" "$t:8: record 2026-11-09T23:00:00Z..2026-11-10T00:00:00Z at site \"colossus-1\" lies outside every contract of tenant \"anthropic\""
expect_not_contains "$ERR" "$t:9:"
sed -n '1,8p' $t | cmp - rejects-time.csv || fail "rejects-time.csv is not the rejected lines"

ingest_case 65 1 0 10 --rejects rejects-record.csv usage-bad-record.csv
r=usage-bad-record.csv
expect_contains "$ERR" "$r:2: unknown tenant \"openai\": no contract names it"
expect_contains "$ERR" "$r:3: unknown site \"colossus-2\""
expect_contains "$ERR" "$r:4: unknown GPU class \"A100\": expected H100, H200 or GB200"
expect_contains "$ERR" "$r:5: gpu records need a GPU class"
expect_contains "$ERR" "$r:6: energy records carry no GPU class (got \"H100\")"
expect_contains "$ERR" "$r:7: unknown kind \"cpu\": expected gpu, energy, downtime or maintenance"
expect_contains "$ERR" "$r:8: unit \"mwh\" does not fit kind gpu"
expect_contains "$ERR" "$r:9: 50000.000001 GPU-hours of H200 in 3600 s is more than site \"colossus-1\" has (50000 GPUs)"
expect_contains "$ERR" "$r:10: expected 10 fields as in the header, found more than 10"
expect_contains "$ERR" "$r:11: expected 10 fields as in the header, found 9"
expect_not_contains "$ERR" "$r:12:"
expect_contains "$OUT" "rejected, unknown tenant: 1"
expect_contains "$OUT" "rejected, unknown or misplaced class: 3"
expect_contains "$OUT" "rejected, malformed line: 2"
sed -n '1,11p' $r | cmp - rejects-record.csv || fail "rejects-record.csv is not the rejected lines"

# NUL bytes and invalid UTF-8 inside a line: that line is rejected, the next accepted.
{
    echo "$HEADER"
    printf 'anthropic,colossus-1,pod-0015,gpu,H100,%s,10\0000,gpu_hour,nul/1\n' "$HOUR0"
    printf 'anthropic,colossus-1,pod-0015,gpu,H100,%s,10,gpu_hour,utf8/\xff\xfe\n' "$HOUR0"
    printf 'anthropic,colossus-1,pod-0015,gpu,H100,%s,10,gpu_hour,utf8/\xc3\n' "$HOUR0"
    printf 'anthropic,colossus-1,pod-0015,gpu,H100,%s,10,gpu_hour,after-binary\n' "$HOUR0"
} >binary.csv
ingest_case 65 1 0 3 --rejects rejects-binary.csv binary.csv
for n in 2 3 4; do
    expect_contains "$ERR" "binary.csv:$n: line holds a NUL, control character or invalid UTF-8"
done
expect_contains "$OUT" "rejected, invalid encoding: 3"
sed -n '1,4p' binary.csv | cmp - rejects-binary.csv || fail "rejects-binary.csv is not the rejected lines"
[[ $(sql -c "SELECT count(*) FROM ledger.usage WHERE event_id = 'after-binary'") == 1 ]] ||
    fail "the line after the binary ones was not stored"

# A 10 MB line, then a valid one: the long line is rejected, the valid one accepted,
# memory stays bounded (the sanitizer build would catch an overflow).
{
    echo "$HEADER"
    printf 'anthropic,colossus-1,pod-0016,gpu,H100,%s,10,gpu_hour,' "$HOUR0"
    head -c 10485760 /dev/zero | tr '\0' x
    echo
    echo "anthropic,colossus-1,pod-0016,gpu,H100,$HOUR0,10,gpu_hour,after-long-line"
} >long-line.csv
ingest_case 65 1 0 1 long-line.csv
expect_contains "$ERR" "long-line.csv:2: line is longer than"
expect_contains "$OUT" "rejected, line too long: 1"
[[ $(sql -c "SELECT count(*) FROM ledger.usage WHERE event_id = 'after-long-line'") == 1 ]] ||
    fail "the line after the 10 MB one was not stored"

# --- duplicates and conflicts ---------------------------------------------------------
# line 2 new; 3 the same again (duplicate); 4 the same event_id, another quantity
# (conflict with line 2); 5 an event_id already logged by usage-good.csv with another
# quantity (conflict); 6 exactly the logged record (a duplicate, whatever line 5 was).
ingest_case 65 1 2 2 usage-duplicates.csv
d=usage-duplicates.csv
expect_contains "$ERR" "$d:4: event_id \"dup/1\" is used by a different record at line 2"
expect_contains "$ERR" "$d:5: event_id \"good/pod-0001/2026-11-10T00\" is already used by a different record"
expect_not_contains "$ERR" "$d:6:"
expect_contains "$OUT" "rejected, event_id conflict: 2"
[[ $(sql -c "SELECT qty_micros FROM ledger.usage WHERE event_id = 'good/pod-0001/2026-11-10T00'") == 1000000000 ]] ||
    fail "a conflicting record replaced the logged one"
# The same file with one record per chunk ends the same way.
ingest_case 65 0 3 2 --chunk 1 usage-duplicates.csv

# --- NDJSON ---------------------------------------------------------------------------
ingest_case 65 1 1 10 --rejects rejects.ndjson usage-bad.ndjson
n=usage-bad.ndjson
expect_contains "$ERR" "$n:2: field \"quantity\" must be a string (numbers travel as decimal strings)"
expect_contains "$ERR" "$n:3: invalid number \"1e9\": exponent not allowed"
expect_contains "$ERR" "$n:4: unknown key \"color\""
expect_contains "$ERR" "$n:5: field \"start\": timestamp \"2026-11-10T04:00:00+01:00\" has an offset: only UTC (Z) is accepted"
expect_contains "$ERR" "$n:6: end 2026-11-10T05:00:00Z is not after start 2026-11-10T06:00:00Z"
expect_contains "$ERR" "$n:7: unknown tenant \"nobody\": no contract names it"
expect_contains "$ERR" "$n:8: not a JSON object"
expect_contains "$ERR" "$n:9: not a JSON object"
expect_not_contains "$ERR" "$n:10:"
expect_not_contains "$ERR" "$n:11:"
expect_contains "$ERR" "$n:12: event_id \"nd/ok\" is used by a different record at line 1"
expect_contains "$ERR" "$n:13: not a JSON object: duplicate object key"
# NDJSON rejects carry no header
sed -n '2,9p;12,13p' $n | cmp - rejects.ndjson || fail "rejects.ndjson is not the rejected lines"
{
    printf '{"tenant":"anthropic","site":"colossus-1","meter":"pod-0017","kind":"gpu","class":"H100","start":"2026-11-10T00:00:00Z","end":"2026-11-10T01:00:00Z","quantity":"1","unit":"gpu_hour","event_id":"nd/nul\\u0000"}\n'
    printf '{"tenant":"anthropic","site":"colossus-1","meter":"pod-0017","kind":"gpu","class":"H100","start":"2026-11-10T00:00:00Z","end":"2026-11-10T01:00:00Z","quantity":"1","unit":"gpu_hour","event_id":"nd/\xff"}\n'
    printf '{"tenant":"anthropic","site":"colossus-1","meter":"pod-0017","kind":"gpu","class":"H100","start":"2026-11-10T00:00:00Z","end":"2026-11-10T01:00:00Z","quantity":"1","unit":"gpu_hour","event_id":"nd/raw-nul\0"}\n'
    printf '{"tenant":"anthropic","site":"colossus-1","meter":"pod-0017","kind":"gpu","class":"H100","start":"2026-11-10T00:00:00Z","end":"2026-11-10T01:00:00Z","quantity":"1","unit":"gpu_hour","event_id":"'
    head -c 10485760 /dev/zero | tr '\0' y
    printf '"}\n'
    printf '{"tenant":"anthropic","site":"colossus-1","meter":"pod-0017","kind":"gpu","class":"H100","start":"2026-11-10T00:00:00Z","end":"2026-11-10T01:00:00Z","quantity":"12.3456789","unit":"gpu_hour","event_id":"nd/7-decimals"}\n'
    printf '{"tenant":"anthropic","site":"colossus-1","meter":"pod-0017","kind":"gpu","class":"H100","start":"2026-11-10T00:00:00Z","end":"2026-11-10T01:00:00","quantity":"1","unit":"gpu_hour","event_id":"nd/no-zone"}\n'
    printf '{"tenant":"anthropic","site":"colossus-1","meter":"pod-0017","kind":"gpu","class":"A100","start":"2026-11-10T00:00:00Z","end":"2026-11-10T01:00:00Z","quantity":"1","unit":"gpu_hour","event_id":"nd/a100"}\n'
    printf '{"tenant":"anthropic","site":"colossus-1","meter":"pod-0017","kind":"gpu","class":"H100","start":"2026-11-10T00:00:00Z","end":"2026-11-10T01:00:00Z","quantity":"1","unit":"gpu_hour","event_id":"nd/after-binary"}\n'
} >binary.ndjson
ingest_case 65 1 0 7 --input-format ndjson binary.ndjson
expect_contains "$ERR" "binary.ndjson:1: not a JSON object"
expect_contains "$ERR" "binary.ndjson:2: line holds a NUL, control character or invalid UTF-8"
expect_contains "$ERR" "binary.ndjson:3: line holds a NUL, control character or invalid UTF-8"
expect_contains "$ERR" "binary.ndjson:4: line is longer than"
expect_contains "$ERR" "binary.ndjson:5: invalid number \"12.3456789\": more than 6 decimals"
expect_contains "$ERR" "binary.ndjson:6: field \"end\": timestamp \"2026-11-10T01:00:00\" has no time zone"
expect_contains "$ERR" "binary.ndjson:7: unknown GPU class \"A100\""
[[ $(sql -c "SELECT count(*) FROM ledger.usage WHERE event_id = 'nd/after-binary'") == 1 ]] ||
    fail "the NDJSON line after the bad ones was not stored"

# --- standard input -------------------------------------------------------------------
ingest_case 65 0 1 7 --rejects rejects-stdin.csv - <usage-bad-time.csv
expect_contains "$OUT" "<stdin>: 8 records: 0 accepted, 1 duplicates, 7 rejected"
cmp rejects-time.csv rejects-stdin.csv || fail "rejects-stdin.csv differs from rejects-time.csv"
expect_contains "$ERR" "<stdin>:2: field \"start\": timestamp \"2026-11-10T00:00:00+01:00\" has an offset"
ingest_case 0 0 1 0 - <<<"$(sed -n '1p;9p' usage-bad-time.csv)"

# --- every rejected line is in the rejects file, the 10 MB one too ---------------------
ingest_case 65 0 1 1 --rejects rejects-long.csv long-line.csv
cmp <(head -n 2 long-line.csv) rejects-long.csv ||
    fail "rejects-long.csv does not hold the rejected 10 MB line (it has $(wc -l <rejects-long.csv) lines, $(wc -c <rejects-long.csv) bytes)"

# --- what was accepted is whole and consistent ----------------------------------------
[[ $(sql -c "SELECT (SELECT sum(qty_micros) FROM ledger.usage) =
                    (SELECT sum(qty_micros) FROM ledger.usage_hourly)") == t ]] ||
    fail "the hourly rollups do not add up to the usage records"
expect_exit 0 "$LL" seal
expect_exit 0 "$LL" verify -q
expect_contains "$OUT" "OK: 1 tenant"

echo "PASS: $TEST_NAME"
