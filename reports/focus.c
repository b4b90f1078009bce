/*
 * The FOCUS export (focus.h). A row is built as an array of cells in the column
 * order below and written with the shared RFC 4180 writer (reports/table.h), which
 * quotes what needs quoting and refuses text that is not UTF-8.
 *
 * Costs. The invoice line's amount is the billed cost, and there is no discount,
 * amortization or public list price behind it, so BilledCost, EffectiveCost,
 * ContractedCost and ListCost are all the line amount: the rows of a document sum to
 * its total in every cost column. The contract rate is the ContractedUnitPrice;
 * ContractedUnitPrice x PricingQuantity equals ContractedCost up to the one rounding
 * of the line to the minor unit (an energy line's quantity is itself rounded to 6
 * decimals, its amount comes from the exact product). ListUnitPrice is not
 * published, so its column is absent.
 *
 * Pricing columns of Credit and Adjustment rows (SLA credits and true-ups) are null:
 * their line "quantity" is a sum of money and their "rate" a fraction or the amount
 * itself, which FOCUS's non-negative unit price cannot express. The line's own
 * quantity, unit and rate are in x_LineQuantity, x_LineUnit and x_LineRate on every
 * row, so nothing on the invoice is lost.
 */
#include "reports/focus.h"

#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "reports/doc_head.h"
#include "reports/invoice_doc.h"
#include "reports/table.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum {
    COL_BILLED_COST,
    COL_BILLING_ACCOUNT_ID,
    COL_BILLING_ACCOUNT_NAME,
    COL_BILLING_CURRENCY,
    COL_BILLING_PERIOD_END,
    COL_BILLING_PERIOD_START,
    COL_CHARGE_CATEGORY,
    COL_CHARGE_CLASS,
    COL_CHARGE_DESCRIPTION,
    COL_CHARGE_FREQUENCY,
    COL_CHARGE_PERIOD_END,
    COL_CHARGE_PERIOD_START,
    COL_CONSUMED_QUANTITY,
    COL_CONSUMED_UNIT,
    COL_CONTRACTED_COST,
    COL_CONTRACTED_UNIT_PRICE,
    COL_EFFECTIVE_COST,
    COL_HOST_PROVIDER_NAME,
    COL_INVOICE_ID,
    COL_INVOICE_ISSUER_NAME,
    COL_LIST_COST,
    COL_PRICING_CATEGORY,
    COL_PRICING_QUANTITY,
    COL_PRICING_UNIT,
    COL_PROVIDER_NAME,
    COL_PUBLISHER_NAME,
    COL_REGION_ID,
    COL_REGION_NAME,
    COL_SERVICE_CATEGORY,
    COL_SERVICE_NAME,
    COL_SERVICE_PROVIDER_NAME,
    COL_SERVICE_SUBCATEGORY,
    COL_SKU_ID,
    COL_SKU_METER,
    COL_SKU_PRICE_ID,
    COL_SUB_ACCOUNT_ID,
    COL_SUB_ACCOUNT_NAME,
    COL_X_AMENDS,
    COL_X_DOCUMENT_KIND,
    COL_X_GPU_CLASS,
    COL_X_LINE_NUMBER,
    COL_X_LINE_QUANTITY,
    COL_X_LINE_RATE,
    COL_X_LINE_UNIT,
    COL_X_STREAM,
    NCOLS
};

static const char *const columns[NCOLS] = {
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "HostProviderName",
    "InvoiceId",
    "InvoiceIssuerName",
    "ListCost",
    "PricingCategory",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "RegionName",
    "ServiceCategory",
    "ServiceName",
    "ServiceProviderName",
    "ServiceSubcategory",
    "SkuId",
    "SkuMeter",
    "SkuPriceId",
    "SubAccountId",
    "SubAccountName",
    "x_Amends",
    "x_DocumentKind",
    "x_GpuClass",
    "x_LineNumber",
    "x_LineQuantity",
    "x_LineRate",
    "x_LineUnit",
    "x_Stream",
};

/* What a stream is in FOCUS terms. */
typedef struct stream_map {
    const char *category;    /* ChargeCategory */
    const char *frequency;   /* ChargeFrequency */
    const char *service;     /* ServiceName */
    const char *service_cat; /* ServiceCategory */
    const char *subcategory; /* ServiceSubcategory */
    const char *meter;       /* SkuMeter; NULL: no SKU (Credit, Adjustment) */
} stream_map;

/* Indexed by ldg_stream. */
static const stream_map streams[LDG_STREAM_COUNT] = {
    { "Purchase", "Recurring", "GPU Compute", "Compute", "Other (Compute)", "GPU Hours" },
    { "Usage", "Usage-Based", "GPU Compute", "Compute", "Other (Compute)", "GPU Hours" },
    { "Usage", "Usage-Based", "Data Center Power", "Other", "Other (Other)", "Energy" },
    { "Purchase", "Recurring", "Data Center Power", "Other", "Other (Other)",
      "Power Capacity" },
    { "Credit", "One-Time", "GPU Compute", "Compute", "Other (Compute)", NULL },
    { "Adjustment", "One-Time", "Capacity Commitment", "Other", "Other (Other)", NULL },
    { "Purchase", "Recurring", "Fixed Charges", "Other", "Other (Other)",
      "Fixed Charge" },
    { "Usage", "Usage-Based", "Data Center Power", "Other", "Other (Other)",
      "Peak Demand" },
    { "Usage", "Usage-Based", "Data Center Power", "Other", "Other (Other)",
      "Power Overage" },
};

/* The facts of a document its rows repeat. All strings borrowed. */
typedef struct rpt_focus_doc {
    ldg_invoice_kind kind;
    const char *number;        /* InvoiceId */
    const char *amends;        /* NULL for an original invoice */
    const char *tenant;        /* BillingAccountId */
    const char *tenant_name;   /* BillingAccountName; NULL or "": null */
    const char *contract;      /* SubAccountId */
    const char *currency;      /* BillingCurrency, a supported currency */
    const char *operator_name; /* provider, publisher, invoice issuer, host */
    const char *site;          /* RegionId */
    const char *site_name;     /* RegionName; NULL or "": the site id */
    ldg_period period;         /* BillingPeriodStart/End */
    ldg_time issued;
} rpt_focus_doc;

/* Writes the header record. LDG_EIO. */
static ldg_code rpt_focus_write_header(FILE *out, ldg_error *err)
{
    return rpt_csv_row(out, columns, NCOLS, err);
}

/* FOCUS Unit Format for an invoice line unit; NULL for a currency unit. */
static const char *focus_unit(const char *unit)
{
    if (strcmp(unit, "gpu_hour") == 0)
        return "GPU-Hours";
    if (strcmp(unit, "mwh") == 0)
        return "MWh";
    if (strcmp(unit, "mw_month") == 0)
        return "MW-Months";
    return NULL;
}

/* Cell storage for one row. */
typedef struct row_buf {
    char cost[LDG_FIXED_BUFLEN], qty[LDG_FIXED_BUFLEN], rate[LDG_FIXED_BUFLEN];
    char bp_start[LDG_TIME_BUFLEN], bp_end[LDG_TIME_BUFLEN];
    char cp_start[LDG_TIME_BUFLEN], cp_end[LDG_TIME_BUFLEN];
    char description[160], sku[64], sku_price[224], line_no[24];
} row_buf;

/*
 * Writes the row of line (its 1-based number line_no in the document) of doc.
 * LDG_EINVAL (unsupported currency, amount not in whole minor units, unknown stream,
 * a text that is not UTF-8, a missing operator, number or tenant), LDG_EIO.
 */
static ldg_code rpt_focus_write_row(FILE *out, const rpt_focus_doc *doc,
                                    const ldg_line *line, int64_t line_no, ldg_error *err)
{
    const char *cells[NCOLS] = { 0 };
    row_buf b;
    const stream_map *m;
    const char *cls, *unit, *label, *stream;
    int digits, priced;
    int64_t scale = 1;

    if (!doc->number || !*doc->number || !doc->tenant || !*doc->tenant ||
        !doc->contract || !doc->operator_name || !*doc->operator_name || !doc->site)
        return ldg_error_set(
            err, LDG_EINVAL,
            "a FOCUS row needs an invoice number, tenant, contract, operator "
            "and site");
    if ((int)line->stream < 0 || (int)line->stream >= LDG_STREAM_COUNT)
        return ldg_error_set(err, LDG_EINVAL,
                             "invoice %s: line %" PRId64 " has no known stream",
                             doc->number, line_no);
    digits = doc->currency ? ldg_contract_currency_digits(doc->currency) : -1;
    if (digits < 0)
        return ldg_error_set(err, LDG_EINVAL, "unsupported currency \"%s\"",
                             doc->currency ? doc->currency : "");
    for (int i = digits; i < 6; i++)
        scale *= 10;
    if (line->amount_micros % scale != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "invoice %s: line %" PRId64
                             " amount is not in whole minor units",
                             doc->number, line_no);

    m = &streams[line->stream];
    stream = ldg_rate_stream_name(line->stream);
    cls = ldg_contract_class_name(line->cls); /* NULL for LDG_GPU_NONE */
    unit = focus_unit(line->unit);
    label = rpt_invoice_stream_label(line->stream);
    /* Usage and Purchase rows are unit-priced; Credit and Adjustment rows are not */
    priced = m->meter != NULL && unit != NULL;

    ldg_fixed_format(b.cost, line->amount_micros, digits);
    ldg_fixed_format(b.qty, line->qty_micros, 6);
    ldg_fixed_format(b.rate, line->rate_micros, 6);
    ldg_time_format(b.bp_start, doc->period.start);
    ldg_time_format(b.bp_end, doc->period.end);
    ldg_time_format(b.cp_start, line->from);
    ldg_time_format(b.cp_end, line->to);
    snprintf(b.description, sizeof(b.description), "%s%s%s", label ? label : stream,
             cls ? " " : "", cls ? cls : "");
    snprintf(b.sku, sizeof(b.sku), "%s%s%s", stream, cls ? "/" : "", cls ? cls : "");
    snprintf(b.sku_price, sizeof(b.sku_price), "%s/%s/%s", doc->contract, b.sku, b.rate);
    snprintf(b.line_no, sizeof(b.line_no), "%" PRId64, line_no);

    cells[COL_BILLED_COST] = b.cost;
    cells[COL_BILLING_ACCOUNT_ID] = doc->tenant;
    cells[COL_BILLING_ACCOUNT_NAME] =
        doc->tenant_name && *doc->tenant_name ? doc->tenant_name : NULL;
    cells[COL_BILLING_CURRENCY] = doc->currency;
    cells[COL_BILLING_PERIOD_END] = b.bp_end;
    cells[COL_BILLING_PERIOD_START] = b.bp_start;
    cells[COL_CHARGE_CATEGORY] = m->category;
    /* an amending document corrects a billing period already invoiced */
    cells[COL_CHARGE_CLASS] = doc->amends ? "Correction" : NULL;
    cells[COL_CHARGE_DESCRIPTION] = b.description;
    cells[COL_CHARGE_FREQUENCY] = m->frequency;
    cells[COL_CHARGE_PERIOD_END] = b.cp_end;
    cells[COL_CHARGE_PERIOD_START] = b.cp_start;
    if (strcmp(m->category, "Usage") == 0 && unit) {
        cells[COL_CONSUMED_QUANTITY] = b.qty;
        cells[COL_CONSUMED_UNIT] = unit;
    }
    cells[COL_CONTRACTED_COST] = b.cost;
    cells[COL_CONTRACTED_UNIT_PRICE] = priced ? b.rate : NULL;
    cells[COL_EFFECTIVE_COST] = b.cost;
    cells[COL_HOST_PROVIDER_NAME] = doc->operator_name;
    cells[COL_INVOICE_ID] = doc->number;
    cells[COL_INVOICE_ISSUER_NAME] = doc->operator_name;
    cells[COL_LIST_COST] = b.cost;
    cells[COL_PRICING_CATEGORY] = priced ? "Standard" : NULL;
    cells[COL_PRICING_QUANTITY] = priced ? b.qty : NULL;
    cells[COL_PRICING_UNIT] = priced ? unit : NULL;
    cells[COL_PROVIDER_NAME] = doc->operator_name;
    cells[COL_PUBLISHER_NAME] = doc->operator_name;
    cells[COL_REGION_ID] = doc->site;
    cells[COL_REGION_NAME] =
        doc->site_name && *doc->site_name ? doc->site_name : doc->site;
    cells[COL_SERVICE_CATEGORY] = m->service_cat;
    cells[COL_SERVICE_NAME] = m->service;
    cells[COL_SERVICE_PROVIDER_NAME] = doc->operator_name;
    cells[COL_SERVICE_SUBCATEGORY] = m->subcategory;
    cells[COL_SKU_ID] = priced ? b.sku : NULL;
    cells[COL_SKU_METER] = priced ? m->meter : NULL;
    cells[COL_SKU_PRICE_ID] = priced ? b.sku_price : NULL;
    cells[COL_SUB_ACCOUNT_ID] = doc->contract;
    cells[COL_SUB_ACCOUNT_NAME] = doc->contract;
    cells[COL_X_AMENDS] = doc->amends;
    cells[COL_X_DOCUMENT_KIND] = doc->kind == LDG_INVOICE_KIND_CREDIT_NOTE ? "credit_note"
                                 : doc->amends ? "supplementary_invoice"
                                               : "invoice";
    cells[COL_X_GPU_CLASS] = cls;
    cells[COL_X_LINE_NUMBER] = b.line_no;
    cells[COL_X_LINE_QUANTITY] = b.qty;
    cells[COL_X_LINE_RATE] = b.rate;
    cells[COL_X_LINE_UNIT] = line->unit;
    cells[COL_X_STREAM] = stream;
    return rpt_csv_row(out, cells, NCOLS, err);
}

/*
 * The row of one tax entry of doc (issue 9): ChargeCategory Tax, the tax amount in
 * every cost column, the billing period as the charge period, the entry's name,
 * category and percent in the description; no SKU, pricing or line columns (the
 * tax is on the document, not on a line). Zero-rated and exempt entries have their
 * row too, as they have their line on the document.
 */
static ldg_code rpt_focus_write_tax_row(FILE *out, const rpt_focus_doc *doc,
                                        const json_t *tax, ldg_error *err)
{
    const char *cells[NCOLS] = { 0 };
    const char *name = json_string_value(json_object_get(tax, "name"));
    const char *cat = json_string_value(json_object_get(tax, "category"));
    const char *pct = json_string_value(json_object_get(tax, "percent"));
    const char *amount = json_string_value(json_object_get(tax, "amount"));
    char bp_start[LDG_TIME_BUFLEN], bp_end[LDG_TIME_BUFLEN], description[320];
    int n;

    if (!name || !cat || !pct || !amount)
        return ldg_error_set(err, LDG_EINVAL,
                             "invoice %s: a tax entry lacks name, category, percent or "
                             "amount",
                             doc->number);
    n = snprintf(description, sizeof(description), "%s (%s, %s%%)", name, cat, pct);
    if (n < 0 || (size_t)n >= sizeof(description))
        return ldg_error_set(err, LDG_EINVAL, "invoice %s: tax entry name is too long",
                             doc->number);
    ldg_time_format(bp_start, doc->period.start);
    ldg_time_format(bp_end, doc->period.end);
    cells[COL_BILLED_COST] = cells[COL_CONTRACTED_COST] = cells[COL_EFFECTIVE_COST] =
        cells[COL_LIST_COST] = amount;
    cells[COL_BILLING_ACCOUNT_ID] = doc->tenant;
    cells[COL_BILLING_ACCOUNT_NAME] =
        doc->tenant_name && *doc->tenant_name ? doc->tenant_name : NULL;
    cells[COL_BILLING_CURRENCY] = doc->currency;
    cells[COL_BILLING_PERIOD_END] = cells[COL_CHARGE_PERIOD_END] = bp_end;
    cells[COL_BILLING_PERIOD_START] = cells[COL_CHARGE_PERIOD_START] = bp_start;
    cells[COL_CHARGE_CATEGORY] = "Tax";
    cells[COL_CHARGE_CLASS] = doc->amends ? "Correction" : NULL;
    cells[COL_CHARGE_DESCRIPTION] = description;
    cells[COL_CHARGE_FREQUENCY] = "Recurring";
    cells[COL_HOST_PROVIDER_NAME] = cells[COL_INVOICE_ISSUER_NAME] =
        cells[COL_PROVIDER_NAME] = cells[COL_PUBLISHER_NAME] =
            cells[COL_SERVICE_PROVIDER_NAME] = doc->operator_name;
    cells[COL_INVOICE_ID] = doc->number;
    cells[COL_REGION_ID] = doc->site;
    cells[COL_REGION_NAME] =
        doc->site_name && *doc->site_name ? doc->site_name : doc->site;
    cells[COL_SERVICE_CATEGORY] = "Other";
    cells[COL_SERVICE_NAME] = "Sales Tax";
    cells[COL_SERVICE_SUBCATEGORY] = "Other (Other)";
    cells[COL_SUB_ACCOUNT_ID] = cells[COL_SUB_ACCOUNT_NAME] = doc->contract;
    cells[COL_X_AMENDS] = doc->amends;
    cells[COL_X_DOCUMENT_KIND] = doc->kind == LDG_INVOICE_KIND_CREDIT_NOTE ? "credit_note"
                                 : doc->amends ? "supplementary_invoice"
                                               : "invoice";
    return rpt_csv_row(out, cells, NCOLS, err);
}

/* Every line of every document of service period $1, with what its row repeats. */
static const char export_sql[] = RPT_DOC_HEAD_SELECT
    ", sv.doc -> 'operator' ->> 'name', s.site, sv.doc ->> 'name',"
    " floor(extract(epoch FROM i.issued_at))::bigint, l.line_no, l.stream, l.class,"
    " floor(extract(epoch FROM l.from_at))::bigint, floor(extract(epoch FROM "
    "l.to_at))::bigint,"
    " l.qty_micros, l.unit, l.rate_micros, l.amount_micros,"
    " coalesce(i.doc->'tax', '[]')::text"
    " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
    " JOIN ledger.invoice_line l ON l.tenant_id = i.tenant_id AND l.number = i.number"
    " JOIN ledger.contract_doc b ON b.tenant_id = i.tenant_id"
    "  AND b.contract_id = i.contract_id AND b.amends IS NULL"
    " JOIN ledger.site s ON s.site_id = b.site_id"
    " LEFT JOIN LATERAL (SELECT v.doc FROM ledger.site_version v WHERE v.site_id = "
    "b.site_id"
    "  AND v.valid_from <= i.issued_at ORDER BY v.valid_from DESC LIMIT 1) sv ON true"
    " WHERE i.period = $1"
    " ORDER BY t.tenant, i.contract_id, i.issued_at, i.seq, l.line_no";

enum {
    C_OPERATOR = RPT_DOC_HEAD_COLS,
    C_SITE,
    C_SITE_NAME,
    C_ISSUED,
    C_LINE_NO,
    C_STREAM,
    C_CLASS,
    C_FROM,
    C_TO,
    C_QTY,
    C_UNIT,
    C_RATE,
    C_AMOUNT,
    C_TAX, /* the document's "tax" array (issue 9), "[]" before */
};

/* The tax rows of the document of row r (its last line's row); *n receives how many. */
static ldg_code export_taxes(FILE *out, const rpt_focus_doc *doc, const PGresult *res,
                             int r, size_t *n, ldg_error *err)
{
    json_t *taxes, *t;
    size_t k;
    ldg_code rc = LDG_OK;

    *n = 0;
    if (strcmp(PQgetvalue(res, r, C_TAX), "[]") == 0)
        return LDG_OK; /* a document issued before issue 9, or without tax */
    if (!(taxes = json_loads(PQgetvalue(res, r, C_TAX), 0, NULL)) ||
        !json_is_array(taxes)) {
        json_decref(taxes);
        return ldg_error_set(err, LDG_EINVAL, "invoice %s: its \"tax\" is not an array",
                             doc->number);
    }
    json_array_foreach(taxes, k, t)
    {
        if ((rc = rpt_focus_write_tax_row(out, doc, t, err)) != LDG_OK)
            break;
        (*n)++;
    }
    json_decref(taxes);
    return rc;
}

/* Whether row r is the last row of its document. */
static int last_of_doc(const PGresult *res, int r)
{
    return r + 1 == PQntuples(res) ||
           strcmp(PQgetvalue(res, r + 1, RPT_DOC_NUMBER),
                  PQgetvalue(res, r, RPT_DOC_NUMBER)) != 0 ||
           strcmp(PQgetvalue(res, r + 1, RPT_DOC_TENANT),
                  PQgetvalue(res, r, RPT_DOC_TENANT)) != 0;
}

static ldg_code export_row(FILE *out, const PGresult *res, int r, ldg_period period,
                           size_t *n_tax, ldg_error *err)
{
    rpt_focus_doc doc = { 0 };
    ldg_line line = { 0 };
    const char *unit = PQgetvalue(res, r, C_UNIT);
    ldg_code rc;

    doc.number = PQgetvalue(res, r, RPT_DOC_NUMBER);
    if ((rc = ldg_invoice_kind_parse(&doc.kind, PQgetvalue(res, r, RPT_DOC_KIND), err)) !=
            LDG_OK ||
        (rc = ldg_rate_stream_parse(&line.stream, PQgetvalue(res, r, C_STREAM), err)) !=
            LDG_OK)
        return rc;
    line.cls = LDG_GPU_NONE;
    if (!PQgetisnull(res, r, C_CLASS) &&
        (rc = ldg_contract_class_parse(&line.cls, PQgetvalue(res, r, C_CLASS), err)) !=
            LDG_OK)
        return rc;
    if (PQgetisnull(res, r, C_OPERATOR))
        return ldg_error_set(err, LDG_EINVAL, "the site of invoice %s names no operator",
                             doc.number);
    if (strlen(unit) >= sizeof(line.unit))
        return ldg_error_set(err, LDG_EINVAL, "invoice %s: unit \"%s\" is too long",
                             doc.number, unit);
    memcpy(line.unit, unit, strlen(unit) + 1);
    doc.amends =
        PQgetisnull(res, r, RPT_DOC_AMENDS) ? NULL : PQgetvalue(res, r, RPT_DOC_AMENDS);
    doc.tenant = PQgetvalue(res, r, RPT_DOC_TENANT);
    doc.tenant_name = PQgetvalue(res, r, RPT_DOC_TENANT_NAME);
    doc.contract = PQgetvalue(res, r, RPT_DOC_CONTRACT);
    doc.currency = PQgetvalue(res, r, RPT_DOC_CURRENCY);
    doc.operator_name = PQgetvalue(res, r, C_OPERATOR);
    doc.site = PQgetvalue(res, r, C_SITE);
    doc.site_name = PQgetvalue(res, r, C_SITE_NAME);
    doc.period = period;
    doc.issued = ldg_store_int64(res, r, C_ISSUED);
    line.from = ldg_store_int64(res, r, C_FROM);
    line.to = ldg_store_int64(res, r, C_TO);
    line.qty_micros = ldg_store_int64(res, r, C_QTY);
    line.rate_micros = ldg_store_int64(res, r, C_RATE);
    line.amount_micros = ldg_store_int64(res, r, C_AMOUNT);
    if ((rc = rpt_focus_write_row(out, &doc, &line, ldg_store_int64(res, r, C_LINE_NO),
                                  err)) != LDG_OK)
        return rc;
    *n_tax = 0;
    return last_of_doc(res, r) ? export_taxes(out, &doc, res, r, n_tax, err) : LDG_OK;
}

ldg_code rpt_focus_export(FILE *out, ldg_store *st, ldg_period period, size_t *n_rows,
                          ldg_error *err)
{
    char p[8];
    const char *params[1] = { ldg_period_format(p, period) };
    PGresult *res = NULL;
    ldg_code rc;
    size_t taxes = 0, n_tax = 0;
    int rows;

    if (n_rows)
        *n_rows = 0;
    if ((rc = ldg_store_exec(&res, st, export_sql, 1, params, err)) != LDG_OK)
        return rc;
    rows = PQntuples(res);
    rc = rpt_focus_write_header(out, err);
    for (int r = 0; rc == LDG_OK && r < rows; r++) {
        rc = export_row(out, res, r, period, &n_tax, err);
        taxes += n_tax;
        if (rc != LDG_OK)
            ldg_error_where(err, "invoice %s of tenant \"%s\", line %s",
                            PQgetvalue(res, r, RPT_DOC_NUMBER),
                            PQgetvalue(res, r, RPT_DOC_TENANT),
                            PQgetvalue(res, r, C_LINE_NO));
    }
    if (rc == LDG_OK && fflush(out) != 0)
        rc = ldg_error_set(err, LDG_EIO, "could not write the FOCUS file");
    if (rc == LDG_OK && n_rows)
        *n_rows = (size_t)rows + taxes;
    PQclear(res);
    return rc;
}
