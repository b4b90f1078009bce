# shellcheck shell=bash
# Sourced by test_exports_*.sh (issue 16) after lib.sh: two tenants billed for three
# service months, each month's documents issued in the next month, so that "dated in"
# (journal) and "service month" (FOCUS, revenue) differ on every document.
#
# acme (USD, series AC, 10% sales tax on the GPU streams, energy untaxed) at tiny-1:
#   1 H100 reserved at 1.00, overage 2.00; energy 50.00/MWh at PUE 1.
#   2025-09 (720 h): 800 GPU-h, 4 MWh: reserved 720.00, overage 80 x 2 = 160.00, energy
#     200.00: net 1080.00, tax 88.00, total 1168.00            AC-2025-000001, 2025-10-01
#   late, billed 2025-10-15: +10 GPU-h for 2025-09: overage 90 x 2 = 180.00, +20.00,
#     tax +2.00: supplementary invoice total 22.00             AC-2025-000002, 2025-10-15
#   2025-10 (744 h): 744 GPU-h, 10 MWh: reserved 744.00, energy 500.00: net 1244.00,
#     tax 74.40, total 1318.40                                 AC-2025-000003, 2025-11-01
#   correction, billed 2025-11-15: energy 10 -> 8 MWh for 2025-10: -100.00 (untaxed):
#     credit note total -100.00                                AC-2025-000004, 2025-11-15
# beta (EUR, series BE, no tax) at tiny-1: 1 H100 reserved at 2.00.
#   2025-09: 720 x 2 = 1440.00                                 BE-2025-000001, 2025-10-01
#   2025-10: 744 x 2 = 1488.00                                 BE-2025-000002, 2025-11-01
# No document is dated in 2025-09 and none is for service month 2025-11.
cat >"$TMP/site.json" <<'EOF'
{"site": "tiny-1", "name": "Tiny hall, Memphis TN",
 "gpus": {"H100": 10, "H200": 0, "GB200": 0}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000", "country": "US"}}
EOF
cat >"$TMP/acme.json" <<'EOF'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs", "site": "tiny-1",
 "currency": "USD", "invoice_series": "AC",
 "starts": "2025-09-01T00:00:00Z", "ends": "2026-09-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.000000", "overage_rate": "2.000000"}],
 "energy": {"rate_per_mwh": "50.000000", "pue": "1.000000"},
 "bill_to": {"legal_name": "Acme Labs Inc.", "address": ["10 Main St", "Nashville TN"],
             "country": "US", "tax_id": "11-1111111"},
 "tax": [{"category": "S", "name": "Tennessee sales tax", "percent": "10.000000",
          "streams": ["gpu_reserved", "gpu_overage"]}]}
EOF
cat >"$TMP/beta.json" <<'EOF'
{"contract": "BE-1", "tenant": "beta", "tenant_name": "Beta GmbH", "site": "tiny-1",
 "currency": "EUR", "invoice_series": "BE",
 "starts": "2025-09-01T00:00:00Z", "ends": "2026-09-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF
exports_usage()
{
    {
        echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
        cat
    } >"$1"
}
exports_usage "$TMP/sep.csv" <<'EOF'
acme,tiny-1,pod-a,gpu,H100,2025-09-01T00:00:00Z,2025-10-01T00:00:00Z,800,gpu_hour,a-sep,
acme,tiny-1,hall-a,energy,,2025-09-01T00:00:00Z,2025-10-01T00:00:00Z,4,mwh,e-sep,
EOF
exports_usage "$TMP/sep-late.csv" <<'EOF'
acme,tiny-1,pod-b,gpu,H100,2025-09-15T00:00:00Z,2025-09-16T00:00:00Z,10,gpu_hour,a-sep-late,
EOF
exports_usage "$TMP/oct.csv" <<'EOF'
acme,tiny-1,pod-a,gpu,H100,2025-10-01T00:00:00Z,2025-11-01T00:00:00Z,744,gpu_hour,a-oct,
acme,tiny-1,hall-a,energy,,2025-10-01T00:00:00Z,2025-11-01T00:00:00Z,10,mwh,e-oct,
EOF
exports_usage "$TMP/oct-fix.csv" <<'EOF'
acme,tiny-1,hall-a,energy,,2025-10-01T00:00:00Z,2025-11-01T00:00:00Z,-2,mwh,e-oct-fix,e-oct
EOF

expect_exit 0 "$LL" site load "$TMP/site.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"
expect_exit 0 "$LL" contract load "$TMP/beta.json"
expect_exit 0 "$LL" ingest -q "$TMP/sep.csv"
expect_exit 0 "$LL" bill --period 2025-09 --as-of 2025-10-01T02:00:00Z
expect_exit 0 "$LL" ingest -q "$TMP/sep-late.csv"
expect_exit 0 "$LL" bill --period 2025-09 --as-of 2025-10-15T00:00:00Z
expect_exit 0 "$LL" ingest -q "$TMP/oct.csv"
expect_exit 0 "$LL" bill --period 2025-10 --as-of 2025-11-01T02:00:00Z
expect_exit 0 "$LL" ingest -q "$TMP/oct-fix.csv"
expect_exit 0 "$LL" bill --period 2025-10 --as-of 2025-11-15T00:00:00Z

sql -c "SELECT i.number || ' ' || i.kind || ' ' || i.period || ' '
               || to_char(i.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' '
               || (i.total_micros / 1000000.0)::numeric(20, 2)
        FROM ledger.invoice i ORDER BY i.number" >"$TMP/docs"
cat >"$TMP/docs.want" <<'EOF'
AC-2025-000001 invoice 2025-09 2025-10-01 1168.00
AC-2025-000002 invoice 2025-09 2025-10-15 22.00
AC-2025-000003 invoice 2025-10 2025-11-01 1318.40
AC-2025-000004 credit_note 2025-10 2025-11-15 -100.00
BE-2025-000001 invoice 2025-09 2025-10-01 1440.00
BE-2025-000002 invoice 2025-10 2025-11-01 1488.00
EOF
diff -u "$TMP/docs.want" "$TMP/docs" >&2 || fail "the billed documents are not the worked-out ones"
