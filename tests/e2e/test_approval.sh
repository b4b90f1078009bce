#!/usr/bin/env bash
# e2e.approval: documents that wait for a person (issue 9 "Approval"; docs/receivables.md
# "Approval"; ledger/store/draft_store.h). A contract with "approval": "required", or a
# run with --hold, stores a numberless, unsigned draft; `invoice drafts` lists it;
# approve issues it (a number, "approved_by") and reject logs the decision; an approval
# after new usage is refused with the differences and the next batch re-rates the draft;
# the reader cannot decide; verify checks every decision against its log entry.
#
# Expected amounts are worked out by hand in the comments.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

fresh_db approval
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"

usage_file()
{
    {
        echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id"
        cat
    } >"$1"
}

# numbers taken, invoice and credit note entries in the logs, decision entries
footprint()
{
    sql -c "SELECT (SELECT coalesce(sum(last), 0) FROM ledger.invoice_counter) || ' '
                || (SELECT count(*) FROM ledger.log_doc
                    WHERE kind IN ('invoice', 'credit_note')) || ' '
                || (SELECT count(*) FROM ledger.log_doc WHERE kind = 'draft_decision')"
}

# drafts_of TENANT: "ID STATE TOTAL" per draft of TENANT, one line each
drafts_of()
{
    expect_exit 0 "$LL" invoice drafts --tenant "$1" --format json
    jq -r '.[] | "\(.draft) \(.state) \(.total)"' "$OUT"
}

# --- the contracts ------------------------------------------------------------------------
# APR-1 (tenant appr, series AP) asks for approval: 1 H100 at 1.000000, overage 2.000000.
# OT-1 (tenant other, series OT) does not: 2 H100 at 1.000000.
cat >"$TMP/appr.json" <<'EOF'
{"contract": "APR-1", "tenant": "appr", "tenant_name": "Approving Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "AP", "approval": "required",
 "starts": "2027-05-01T00:00:00Z", "ends": "2028-05-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "2.000000"}]}
EOF
cat >"$TMP/other.json" <<'EOF'
{"contract": "OT-1", "tenant": "other", "tenant_name": "Other Co", "site": "lab-1",
 "currency": "USD", "invoice_series": "OT",
 "starts": "2027-05-01T00:00:00Z", "ends": "2028-05-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 2, "rate": "1.000000", "overage_rate": "2.000000"}]}
EOF
expect_exit 0 "$LL" contract load "$TMP/appr.json"
expect_exit 0 "$LL" contract load "$TMP/other.json"
# the field is "required" or "none", nothing else
sed 's/"approval": "required"/"approval": "yes"/; s/APR-1/APR-2/' "$TMP/appr.json" >"$TMP/bad.json"
expect_exit 65 "$LL" contract load "$TMP/bad.json"
expect_contains "$ERR" 'field "approval": must be "required" or "none"'

# May 2027 = 31 d = 744 h. APR-1 uses 800 GPU-h:
#   gpu_reserved 1 x 744 x 1.00 = 744.00; gpu_overage (800 - 744) x 2.00 = 112.00;
#   total 856.00.  OT-1: gpu_reserved 2 x 744 x 1.00 = 1488.00.
usage_file "$TMP/may.csv" <<'EOF'
appr,lab-1,pod-1,gpu,H100,2027-05-01T00:00:00Z,2027-06-01T00:00:00Z,800,gpu_hour,g-may
EOF
expect_exit 0 "$LL" ingest -q "$TMP/may.csv"

# =========================================================================================
# nightly --hold: every document becomes a draft, with or without the contract's flag.
# No number is taken and nothing is appended to a log (drafts are not entries).
# =========================================================================================
expect_exit 0 "$LL" nightly --hold --as-of 2027-06-01T02:00:00Z
expect_contains "$OUT" "drafted contract APR-1 period 2027-05: waits for approval"
expect_contains "$OUT" "drafted contract OT-1 period 2027-05: waits for approval"
expect_contains "$OUT" "documents: 0 invoices issued, 0 supplementary invoices or credit notes, 0 periods unchanged, 0 held, 2 drafted, 0 awaiting approval"
[[ $(footprint) == "0 0 0" ]] || fail "a draft took a number or wrote an entry: $(footprint)"
[[ $(drafts_of appr) == "D1 pending 856.00" ]] || fail "appr's drafts: $(drafts_of appr)"
[[ $(drafts_of other) == "D1 pending 1488.00" ]] || fail "other's drafts: $(drafts_of other)"
# the draft is the document as it would be issued, less number and issue instant
expect_exit 0 "$LL" invoice drafts --tenant appr --format json
[[ $(jq -r '.[0].doc | [has("number"), has("issued"), .contract, .period,
        (.lines | map(.stream + "=" + .amount) | join(","))] | join(" ")' "$OUT") == \
    "false false APR-1 2027-05 gpu_reserved=744.00,gpu_overage=112.00" ]] ||
    fail "the stored draft is not the rated document: $(jq -c '.[0].doc' "$OUT")"
expect_exit 0 "$LL" invoice drafts
expect_contains "$OUT" "DRAFT"
expect_contains "$OUT" "APR-1"
expect_exit 0 "$LL" invoice drafts --format csv
[[ $(head -n 1 "$OUT") == "draft,tenant,contract,period,kind,amends,currency,total,state,created,rated_size,decided_by,decided_at,note,number" ]] ||
    fail "drafts CSV header: $(head -n 1 "$OUT")"

# a pending draft blocks its period: the next run without --hold issues nothing around it
expect_exit 0 "$LL" nightly --as-of 2027-06-01T05:00:00Z
expect_contains "$OUT" "documents: 0 invoices issued, 0 supplementary invoices or credit notes, 0 periods unchanged, 0 held, 0 drafted, 2 awaiting approval"
[[ $(footprint) == "0 0 0" ]] || fail "a run issued around a pending draft: $(footprint)"

# =========================================================================================
# Approve: the id is per tenant, so D1 needs the tenant here; the reader cannot decide.
# =========================================================================================
expect_exit 65 "$LL" invoice approve D1 --by "Alice Finance"
expect_contains "$ERR" "draft D1 exists for several tenants: give --tenant"
expect_exit 64 "$LL" invoice approve D1 --tenant appr
expect_contains "$ERR" "approve needs --by NAME"
expect_exit 65 "$LL" invoice approve X1 --tenant appr --by "Alice Finance"
PGUSER=ldg_report_login expect_exit 0 "$LL" invoice drafts --tenant appr
PGUSER=ldg_report_login expect_exit 77 "$LL" invoice approve D1 --tenant appr --by Eve
PGUSER=ldg_report_login expect_exit 77 "$LL" invoice reject D1 --tenant appr --by Eve \
    --reason "not mine to decide"
[[ $(drafts_of appr) == "D1 pending 856.00" ]] || fail "the reader changed a draft"

expect_exit 0 "$LL" invoice approve D1 --tenant appr --by "Alice Finance" \
    --note "checked against the PO" --as-of 2027-06-02T09:00:00Z
expect_contains "$OUT" "approved D1: issued AP-2027-000001 (approved by Alice Finance)"
expect_exit 0 "$LL" invoice show AP-2027-000001 --format json
[[ $(jq -r '.data | [.number, .issued, .approved_by, .total] | join(" ")' "$OUT") == \
    "AP-2027-000001 2027-06-02T09:00:00Z Alice Finance 856.00" ]] ||
    fail "the approved invoice: $(jq -c .data "$OUT")"
[[ $(drafts_of appr) == "D1 approved 856.00" ]] || fail "appr's drafts: $(drafts_of appr)"
expect_exit 0 "$LL" invoice drafts --tenant appr --format json
[[ $(jq -r '.[0] | [.decided_by, .note, .number] | join("|")' "$OUT") == \
    "Alice Finance|checked against the PO|AP-2027-000001" ]] || fail "D1's decision: $(jq -c '.[0]' "$OUT")"
# the decision is an entry of the tenant's log
[[ $(sql -c "SELECT convert_from(body, 'UTF8')::jsonb -> 'data' ->> 'decision'
                || ' ' || (convert_from(body, 'UTF8')::jsonb -> 'data' ->> 'number')
             FROM ledger.log_doc WHERE kind = 'draft_decision'") == "approved AP-2027-000001" ]] ||
    fail "no approved draft_decision entry"
# decided once
expect_exit 1 "$LL" invoice approve D1 --tenant appr --by "Alice Finance"
expect_contains "$ERR" "draft D1 is approved, not pending"
expect_exit 0 "$LL" invoice approve D1 --tenant other --by "Alice Finance" \
    --as-of 2027-06-02T09:00:00Z
expect_contains "$OUT" "approved D1: issued OT-2027-000001"
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"

# =========================================================================================
# June: the contract's flag alone drafts APR-1; OT-1 is issued as usual.
# June 2027 = 30 d = 720 h. APR-1 uses 700 GPU-h: gpu_reserved 720 x 1.00 = 720.00, no
# overage (700 < 720); total 720.00.
# =========================================================================================
usage_file "$TMP/june.csv" <<'EOF'
appr,lab-1,pod-1,gpu,H100,2027-06-01T00:00:00Z,2027-07-01T00:00:00Z,700,gpu_hour,g-june
EOF
expect_exit 0 "$LL" ingest -q "$TMP/june.csv"
expect_exit 0 "$LL" nightly --as-of 2027-07-01T02:00:00Z
expect_contains "$OUT" "drafted contract APR-1 period 2027-06"
expect_contains "$OUT" "issued invoice OT-2027-000002 to other (contract OT-1, period 2027-06)"
[[ $(drafts_of appr) == $'D1 approved 856.00\nD2 pending 720.00' ]] ||
    fail "appr's drafts: $(drafts_of appr)"

# 200 GPU-h more arrive for June after D2 was rated: 900 GPU-h in all.
#   gpu_reserved unchanged 720.00; gpu_overage (900 - 720) = 180 x 2.00 = 360.00 (new);
#   total 720.00 -> 1080.00. The approval is refused and shows exactly that.
usage_file "$TMP/late.csv" <<'EOF'
appr,lab-1,pod-2,gpu,H100,2027-06-10T00:00:00Z,2027-06-20T00:00:00Z,200,gpu_hour,g-june-late
EOF
expect_exit 0 "$LL" ingest -q "$TMP/late.csv"
before=$(footprint)
expect_exit 1 "$LL" invoice approve D2 --tenant appr --by "Alice Finance" \
    --as-of 2027-07-02T09:00:00Z
expect_contains "$ERR" "draft D2 is stale: its period gained usage after it was rated"
expect_contains "$ERR" "new gpu_overage H100 [2027-06-01T00:00:00Z, 2027-07-01T00:00:00Z) gpu_hour at 2.000000: quantity 180.000000, amount 360.00"
expect_contains "$ERR" "total: 720.00 -> 1080.00"
expect_not_contains "$ERR" "gpu_reserved"
[[ $(footprint) == "$before" ]] || fail "a refused approval wrote something"
[[ $(drafts_of appr | tail -n 1) == "D2 pending 720.00" ]] || fail "D2 changed"

# the next batch re-rates the period: D2 is replaced by D3 with the new figures
expect_exit 0 "$LL" nightly --as-of 2027-07-02T02:00:00Z
expect_contains "$OUT" "drafted contract APR-1 period 2027-06"
[[ $(drafts_of appr) == $'D1 approved 856.00\nD2 replaced 720.00\nD3 pending 1080.00' ]] ||
    fail "appr's drafts after re-rating: $(drafts_of appr)"
expect_exit 1 "$LL" invoice approve D2 --tenant appr --by "Alice Finance"
expect_contains "$ERR" "draft D2 is replaced, not pending"
expect_exit 0 "$LL" invoice approve D3 --tenant appr --by "Alice Finance" \
    --as-of 2027-07-02T10:00:00Z
expect_contains "$OUT" "approved D3: issued AP-2027-000002"
expect_exit 0 "$LL" invoice show AP-2027-000002 --format json
[[ $(jq -r '.data | [.total, .approved_by] | join(" ")' "$OUT") == "1080.00 Alice Finance" ]] ||
    fail "AP-2027-000002: $(jq -c .data "$OUT")"

# =========================================================================================
# Reject: July 2027 = 31 d = 744 h, no usage: gpu_reserved 744 x 1.00 = 744.00.
# The rejection is logged; the period is not drafted again until its usage moves.
# =========================================================================================
expect_exit 0 "$LL" nightly --as-of 2027-08-01T02:00:00Z
[[ $(drafts_of appr | tail -n 1) == "D4 pending 744.00" ]] || fail "appr's drafts: $(drafts_of appr)"
expect_exit 64 "$LL" invoice reject D4 --tenant appr --by "Bob Controller"
expect_contains "$ERR" "reject needs --reason TEXT"
expect_exit 0 "$LL" invoice reject D4 --tenant appr --by "Bob Controller" \
    --reason "meter pod-1 was off in July" --as-of 2027-08-01T09:00:00Z
expect_contains "$OUT" "rejected D4 (by Bob Controller)"
[[ $(sql -c "SELECT d ->> 'draft', d ->> 'decision', d ->> 'by', d ->> 'note', d ->> 'total',
                    coalesce(d ->> 'number', 'null')
             FROM (SELECT convert_from(body, 'UTF8')::jsonb -> 'data' AS d
                   FROM ledger.log_doc WHERE kind = 'draft_decision') e
             WHERE d ->> 'decision' = 'rejected'") == \
    "D4|rejected|Bob Controller|meter pod-1 was off in July|744.00|null" ]] ||
    fail "the rejection entry: $(sql -c "SELECT convert_from(body, 'UTF8') FROM ledger.log_doc WHERE kind = 'draft_decision'")"
expect_exit 0 "$LL" nightly --as-of 2027-08-01T05:00:00Z
expect_contains "$OUT" "0 drafted, 1 awaiting approval"
[[ $(drafts_of appr | tail -n 1) == "D4 rejected 744.00" ]] || fail "July was drafted again"
[[ $(sql -c "SELECT count(*) FROM ledger.invoice WHERE contract_id = 'APR-1'") == 2 ]] ||
    fail "a rejected draft was issued"

# Every decision is checked against its entry; a row edited behind the log is found.
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
sql -c "ALTER TABLE ledger.invoice_draft DISABLE TRIGGER invoice_draft_guard;
        UPDATE ledger.invoice_draft SET decided_by = 'Mallory' WHERE draft_no = 4
          AND tenant_id = (SELECT tenant_id FROM ledger.tenant WHERE tenant = 'appr');
        ALTER TABLE ledger.invoice_draft ENABLE TRIGGER invoice_draft_guard;" >/dev/null
expect_exit 1 "$LL" verify --vkey "$VERIFIER_KEY"
grep -qF "draft decision D4 differs from its log entry" "$OUT" "$ERR" ||
    fail "verify did not name the edited decision: $(cat "$OUT" "$ERR")"
# decided rows never change through the writer
PGUSER=ldg_batch_login sql -c "SET ROLE ldg_writer;
    UPDATE ledger.invoice_draft SET state = 'pending'" >"$OUT" 2>"$ERR" &&
    fail "the writer re-opened a decided draft"
grep -qF "cannot change" "$ERR" || fail "unexpected refusal: $(cat "$ERR")"
echo "PASS: $TEST_NAME"
