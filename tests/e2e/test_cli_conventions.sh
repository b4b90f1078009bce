#!/usr/bin/env bash
# e2e.cli_conventions: docs/cli.md, checked on every subcommand the programs list.
# Walks `leaseledger --help`, then each command's --help and the actions its usage names
# (`invoice list`, `report aging`, ...), and checks the conventions: --help everywhere
# (exit 0, usage on stdout, nothing on stderr), one meaning per option (--format is an
# output format; input formats and dialects have their own options), every listing
# command takes --format table|json|csv, --quiet has one meaning, --period says which
# month it selects by, one name for the supplementary invoice; then that the renamed
# spellings still work with a deprecation warning, and that each --format value a help
# names is accepted.
source "$(dirname "$0")/lib.sh"

LV="$LDG_BIN/leaseledger-verify"

# The listing commands (docs/cli.md "Listing commands"): rows for a program to read.
LISTINGS=("invoice list" "invoice drafts" "payment list" "reconcile" "audit records"
    "verify" "report revenue" "report utilization" "report aging" "nightly history")

# --- discover every command and action ------------------------------------------------

expect_exit 0 "$LL" --help
mapfile -t COMMANDS < <(sed -n '/^Commands:/,/^$/p' "$OUT" | sed -nE 's/^  ([a-z]+) .*/\1/p')
((${#COMMANDS[@]} >= 15)) || fail "leaseledger --help lists only ${#COMMANDS[@]} commands"

WALK=()
for cmd in "${COMMANDS[@]}"; do
    WALK+=("$cmd")
    expect_exit 0 "$LL" "$cmd" --help
    # actions: "leaseledger CMD ACTION" in the usage lines, ACTION a lower-case word
    while read -r action; do
        [[ -n "$action" ]] && WALK+=("$cmd $action")
    done < <(grep -oE "leaseledger $cmd [a-z][a-z-]+" "$OUT" | awk '{print $3}' | sort -u)
    # `audit` lists its actions as a table of commands
    if [[ "$cmd" == audit ]]; then
        while read -r action; do
            WALK+=("audit $action")
        done < <(sed -nE 's/^  ([a-z]+)  .*/\1/p' "$OUT")
    fi
done
mapfile -t WALK < <(printf '%s\n' "${WALK[@]}" | sort -u)
for want in "${LISTINGS[@]}"; do
    printf '%s\n' "${WALK[@]}" | grep -qxF "$want" || fail "no subcommand \"$want\" found"
done

# --- each subcommand's --help -------------------------------------------------------------

is_listing()
{
    printf '%s\n' "${LISTINGS[@]}" | grep -qxF "$1"
}

# The text of option $2's description in help file $1: its line and the continuation
# lines (indented deeper, not starting with "-").
option_text()
{
    awk -v opt="$2" '
        $1 == opt || index($0, ", " opt " ") || index($0, ", " opt "\n") { on = 1; print; next }
        on && /^ +[^ -]/ && !/^  [a-z-]+ / { print; next }
        { on = 0 }' "$1"
}

for sub in "${WALK[@]}"; do
    read -ra words <<<"$sub"
    expect_exit 0 "$LL" "${words[@]}" --help
    expect_empty "$ERR"
    expect_contains "$OUT" "Usage: leaseledger ${words[0]}"
    expect_contains "$OUT" "-h, --help"
    help="$TMP/help.txt"
    cp "$OUT" "$help"

    # --format is an output format only
    fmt=$(option_text "$help" --format)
    for input in ndjson camt053 hledger beancount; do
        [[ "$fmt" != *"$input"* ]] || [[ "$input" == ndjson && "$sub" == "audit records" ]] ||
            fail "$sub --help: --format names the input format or dialect \"$input\"" \
                "(docs/cli.md: --input-format, --dialect)"
    done
    if is_listing "$sub"; then
        for f in table json csv; do
            [[ "$fmt" == *"$f"* ]] || fail "$sub is a listing command but its --format" \
                "does not offer \"$f\": $fmt"
        done
    fi

    # --quiet has one meaning
    if grep -q -- "--quiet" "$help"; then
        grep -- "--quiet" "$help" | grep -q "only errors and the result" ||
            fail "$sub --help: --quiet is not \"only errors and the result\""
    fi

    # --period says which month it selects by
    if grep -qE -- "^ +--period" "$help"; then
        option_text "$help" --period | grep -qiE "service month|dated|issue date" ||
            fail "$sub --help: --period does not say whether it is the service month" \
                "or the transaction date"
    fi

    # one name for the supplementary invoice
    ! grep -qiE "amended invoice|amending invoice" "$help" ||
        fail "$sub --help: the supplementary invoice is called something else"

    # an unknown option is a usage error naming the command's help
    expect_exit 64 "$LL" "${words[@]}" --no-such-option
    expect_contains "$ERR" "Try 'leaseledger ${words[0]}"
    expect_empty "$OUT"
done

# The verifier too.
expect_exit 0 "$LV" --help
expect_contains "$OUT" "-h, --help"
grep -- "--quiet" "$OUT" | grep -q "only errors and the result" ||
    fail "leaseledger-verify --help: --quiet is not \"only errors and the result\""
expect_exit 0 "$LV" --version
expect_exit 0 "$LL" --version

# --- the renamed spellings still work, with a warning -------------------------------------

fresh_db cli_conventions
make_key
cat >"$TMP/site.json" <<'EOF'
{"site": "s1", "name": "Site", "gpus": {"H100": 8}, "power_mw": "1",
 "operator": {"name": "Example Operator", "address": "1 Way", "tax_id": "00-1"}}
EOF
cat >"$TMP/acme.json" <<'EOF'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs",
 "site": "s1", "currency": "USD", "invoice_series": "AC",
 "starts": "2026-01-01T00:00:00Z", "ends": "2027-01-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 8, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF
expect_exit 0 "$LL" site load "$TMP/site.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"
printf 'tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects\n' >"$TMP/u.csv"
printf 'acme,s1,pod-1,gpu,H100,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,8,gpu_hour,e1,\n' \
    >>"$TMP/u.csv"
expect_exit 0 "$LL" ingest --input-format csv "$TMP/u.csv"
expect_empty "$ERR"
expect_exit 0 "$LL" ingest --format csv "$TMP/u.csv"
expect_contains "$ERR" "--format is deprecated here; use --input-format"
expect_contains "$OUT" "1 duplicates"
expect_exit 64 "$LL" ingest --input-format xml "$TMP/u.csv"
expect_contains "$ERR" "--input-format must be csv or ndjson"

# --- every --format value a listing's help names is accepted ------------------------------

expect_exit 0 "$LL" seal
for f in table json csv; do
    expect_exit 0 "$LL" verify --format "$f"
    expect_exit 0 "$LL" reconcile --period 2026-01 --as-of 2026-02-01T00:00:00Z --format "$f"
    expect_exit 0 "$LL" audit records --tenant acme --format "$f"
    expect_exit 0 "$LL" payment list --format "$f"
    expect_exit 0 "$LL" invoice list --format "$f"
done
expect_exit 0 "$LL" verify --format csv
[[ "$(head -n 1 "$OUT")" == "tenant,seq,problem" ]] || fail "verify --format csv: no header"
expect_exit 0 "$LL" reconcile --period 2026-01 --as-of 2026-02-01T00:00:00Z --format csv
[[ "$(head -n 1 "$OUT")" == id,kind,severity,* ]] || fail "reconcile --format csv: no header"
expect_exit 0 "$LL" audit records --tenant acme --format json
[[ $(jq -r '.[0].event_id' "$OUT") == e1 ]] || fail "audit records --format json: $(cat "$OUT")"
expect_exit 0 "$LL" checkpoint --tenant acme --format json
[[ $(jq -r '.[0].size' "$OUT") == 2 ]] || fail "checkpoint --format json: $(cat "$OUT")"
expect_exit 0 "$LL" checkpoint --tenant acme
jq -j '.[0].note' <<<"$(cd "$TMP" && "$LL" checkpoint --tenant acme --format json)" |
    cmp -s - "$OUT" || fail "checkpoint --format json's note differs from the text note"

echo "ok: $TEST_NAME (${#WALK[@]} subcommands walked)"
