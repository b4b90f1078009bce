# shellcheck shell=bash
# Sourced by the nightly tests (issue 16) after lib.sh and fresh_db: the tiny hall
# tiny-1 (10 H100, 4 H200, 2 GB200) and two two-day contracts from 2025-03-10, acme's
# (AC-1: 4 H100 at 2.00, overage 3.00) and beta's (BE-1: 1 H200 at 3.00, overage 4.00),
# written to $TMP and loaded.
load_tiny_two_tenants()
{
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
 "gpu": [{"class": "H100", "reserved": 4, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF
    cat >"$TMP/beta.json" <<'EOF'
{"contract": "BE-1", "tenant": "beta", "tenant_name": "Beta Inc",
 "site": "tiny-1", "currency": "USD", "invoice_series": "BE",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H200", "reserved": 1, "rate": "3.000000", "overage_rate": "4.000000"}]}
EOF
    expect_exit 0 "$LL" site load "$TMP/site.json"
    expect_exit 0 "$LL" contract load "$TMP/acme.json"
    expect_exit 0 "$LL" contract load "$TMP/beta.json"
}
