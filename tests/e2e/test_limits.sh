#!/usr/bin/env bash
# The limits a hostile or broken input cannot exceed (docs/RELIABILITY.md "Limits"),
# each tested at its boundary: exactly at the limit is accepted, one more is refused
# with a message naming the limit (and, for usage, nothing of the refused line logged).
#
#   usage line      LDG_LINE_MAX = 65,536 bytes (without its "\n" or "\r\n")
#   usage field     LDG_FIELD_MAX = 256 bytes
#   site/contract   4 MiB per document (cmd/leaseledger/cmd_load.c), 16 overage tiers
#                   per class and 16 SLA bands (ledger/contract.h), JSON nesting
#                   as Jansson allows (2,048 levels)
#   key file        16 KiB
#   leaseledger-verify: --vkey file 4,096 bytes, kept checkpoint note 64 KiB
# And error messages that quote hostile input carry no control character (an ESC in a
# document never reaches the terminal).
source "$(dirname "$0")/lib.sh"

fresh_db limits
make_key
CASES=$LDG_SRC/tests/cases/ledger
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
cd "$TMP" || exit 1

usage_rows()
{
    sql -c "SELECT count(*) FROM ledger.usage"
}

# ndjson_record EVENT PAD: one valid NDJSON record with PAD spaces before its last '}'.
ndjson_record()
{
    printf '{"tenant":"anthropic","site":"colossus-1","meter":"pod-0001","kind":"gpu","class":"H100","start":"2026-11-10T00:00:00Z","end":"2026-11-10T01:00:00Z","quantity":"1","unit":"gpu_hour","event_id":"%s"%*s}' \
        "$1" "$2" ""
}

# pad_to EVENT N: the record padded to exactly N bytes.
pad_to()
{
    local bare
    bare=$(ndjson_record "$1" 0 | wc -c)
    ndjson_record "$1" $(($2 - bare))
}

# --- usage line: 65,536 bytes accepted, 65,537 refused, also with CRLF ------------------
{
    pad_to limit/line-65536 65536
    printf '\n'
    pad_to limit/line-65536-crlf 65536
    printf '\r\n'
    pad_to limit/line-65537 65537
    printf '\n'
} >lines.ndjson
[[ $(sed -n 1p lines.ndjson | wc -c) == 65537 ]] || fail "the 65,536-byte line is $(sed -n 1p lines.ndjson | wc -c) bytes with its newline"
before=$(usage_rows)
expect_exit 65 "$LL" ingest lines.ndjson
expect_contains "$ERR" "lines.ndjson:3: line is longer than 65536 bytes"
expect_contains "$OUT" "3 records: 2 accepted, 0 duplicates, 1 rejected"
[[ $(usage_rows) == $((before + 2)) ]] || fail "the two lines at the limit were not both logged"

# --- usage field: 256 bytes accepted, 257 refused --------------------------------------
m256=$(printf 'm%.0s' {1..256})
m257=${m256}m
{
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id"
    echo "anthropic,colossus-1,$m256,gpu,H100,2026-11-10T00:00:00Z,2026-11-10T01:00:00Z,1,gpu_hour,limit/field-256"
    echo "anthropic,colossus-1,$m257,gpu,H100,2026-11-10T00:00:00Z,2026-11-10T01:00:00Z,1,gpu_hour,limit/field-257"
} >fields.csv
before=$(usage_rows)
expect_exit 65 "$LL" ingest fields.csv
expect_contains "$ERR" "fields.csv:3: field \"meter\" is longer than 256 bytes"
[[ $(usage_rows) == $((before + 1)) ]] || fail "the 256-byte field was not logged"

# --- documents: 4 MiB accepted, one byte more refused -----------------------------------
doc_to()
{
    local size=$1 bare
    bare=$(wc -c <"$CASES/site-colossus-1.json")
    cat "$CASES/site-colossus-1.json"
    head -c $((size - bare)) /dev/zero | tr '\0' ' '
}
doc_to $((4 << 20)) >site-4mib.json
doc_to $(((4 << 20) + 1)) >site-4mib-1.json
expect_exit 0 "$LL" site load site-4mib.json
expect_contains "$OUT" "unchanged"
expect_exit 65 "$LL" site load site-4mib-1.json
expect_contains "$ERR" "is larger than 4194304 bytes"
expect_exit 65 "$LL" contract load site-4mib-1.json
expect_contains "$ERR" "is larger than 4194304 bytes"

# --- JSON nesting: Jansson's 2,048 levels, then a clean refusal -----------------------
perl -e 'print "{\"site\":", "[" x 100000, "]" x 100000, "}"' >deep.json
expect_exit 65 "$LL" site load deep.json
expect_contains "$ERR" "maximum parsing depth"
expect_exit 65 "$LL" contract load deep.json
perl -e 'print "[" x 30000, "]" x 30000, "\n"' >deep.ndjson
before=$(usage_rows)
expect_exit 65 "$LL" ingest --input-format ndjson deep.ndjson
expect_contains "$ERR" "deep.ndjson:1: not a JSON object"
[[ $(usage_rows) == "$before" ]] || fail "a refused line was logged"

# --- contract: 16 overage tiers and 16 SLA bands, not 17 --------------------------------
# tiers(N): N tiers, up_to 1000, 2000, ... and a last one without up_to;
# bands(N): below 99, 98, ... descending.
# shellcheck disable=SC2016 # jq's own $n and \(...), not the shell's
tiers='[range(1; $n) | {"up_to": "\(. * 1000)", "rate": "2.000000"}] + [{"rate": "1.500000"}]'
# shellcheck disable=SC2016
bands='[range(0; $n) | {"below": "\(99 - .)", "percent": "1"}]'
limit_contract()
{
    jq --argjson n "$1" --arg id "$2" \
        ".contract = \$id | .invoice_series = \$id | .gpu[0].overage_tiers = ($tiers) | .sla.credits = ($bands)" \
        "$CASES/contract-C1-ANTH.json"
}
limit_contract 16 LIM16 >tiers-16.json
limit_contract 17 LIM17 >tiers-17.json
jq '.gpu[0].overage_tiers = .gpu[0].overage_tiers[:16]' tiers-17.json >bands-17.json
expect_exit 0 "$LL" contract load tiers-16.json
expect_exit 65 "$LL" contract load tiers-17.json
expect_contains "$ERR" 'field "gpu[0].overage_tiers": more than 16 tiers'
expect_exit 65 "$LL" contract load bands-17.json
expect_contains "$ERR" 'field "sla.credits": more than 16 bands'

# --- control characters in what an error quotes ----------------------------------------
jq '. + {"evil\u001b[2J": 1}' "$CASES/contract-C1-ANTH.json" >esc-contract.json
expect_exit 65 "$LL" contract load esc-contract.json
expect_contains "$ERR" "unknown field"
! grep -q $'\x1b' "$ERR" || fail "an ESC from the document reached the terminal"
# a raw ESC where a member name should be: Jansson's message quotes it
printf '{"tenant":"anthropic",\x1b[2J\x07}\n' >esc.ndjson
expect_exit 65 "$LL" ingest esc.ndjson
expect_contains "$ERR" "esc.ndjson:1: not a JSON object"
! grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$ERR" || fail "a control character from the file reached the terminal"

# --- key file: 16 KiB ------------------------------------------------------------------
{
    cat "$LEASELEDGER_KEY"
    head -c $((16384 + 1 - $(wc -c <"$LEASELEDGER_KEY"))) /dev/zero | tr '\0' '\n'
} >big.key
chmod 600 big.key
expect_exit 78 "$LL" seal --key big.key
expect_contains "$ERR" "is too large"
{
    cat "$LEASELEDGER_KEY"
    head -c $((16384 - $(wc -c <"$LEASELEDGER_KEY"))) /dev/zero | tr '\0' '\n'
} >fits.key
chmod 600 fits.key
expect_exit 0 "$LL" seal --key fits.key

# --- leaseledger-verify: --vkey file 4,096 bytes, kept note 64 KiB ----------------------
LV=$LDG_BIN/leaseledger-verify
if [[ -x "$LV" ]]; then
    expect_exit 0 "$LL" audit bundle --tenant anthropic --from 2026-11-10T00:00:00Z \
        --to 2026-11-11T00:00:00Z --out bundle.json
    { echo "$VERIFIER_KEY"; head -c $((4096 - ${#VERIFIER_KEY} - 1)) /dev/zero | tr '\0' '\n'; } >vkey-4096
    { echo "$VERIFIER_KEY"; head -c $((4097 - ${#VERIFIER_KEY} - 1)) /dev/zero | tr '\0' '\n'; } >vkey-4097
    expect_exit 0 "$LV" -q --vkey vkey-4096 bundle.json
    expect_exit 65 "$LV" -q --vkey vkey-4097 bundle.json
    expect_contains "$ERR" "larger than 4096 bytes"
    "$LL" checkpoint --tenant anthropic >kept.note
    head -c $((65536 + 1)) /dev/zero | tr '\0' 'a' >big.note
    expect_exit 65 "$LV" -q --vkey "$VERIFIER_KEY" --old-checkpoint big.note bundle.json
    expect_contains "$ERR" "larger than 65536 bytes"
fi

echo "PASS: $TEST_NAME"
