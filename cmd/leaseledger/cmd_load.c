/* leaseledger site load FILE, leaseledger contract load FILE. */
#include "cmd/leaseledger/cmd.h"
#include "ledger/contract.h"
#include "ledger/store/registry.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC_MAX (4u << 20) /* a site or contract document is small; refuse more */

typedef enum doc_kind { DOC_SITE, DOC_CONTRACT } doc_kind;

static void usage(FILE *out, doc_kind kind)
{
    if (kind == DOC_SITE)
        fprintf(
            out,
            "Usage: leaseledger site load [--db CONNINFO] FILE\n\n"
            "Validates the site document FILE (DESIGN.md \"Site\") and stores it. The "
            "first\n"
            "version of a site describes it as built; a changed document is a new "
            "version\n"
            "from now on (capacity never changes retroactively). Unchanged: no-op.\n\n");
    else
        fprintf(
            out,
            "Usage: leaseledger contract load [--db CONNINFO] FILE\n"
            "       leaseledger contract show ID [--tenant T] [--at TIME] [--db "
            "CONNINFO]\n\n"
            "show: the terms of contract ID in force at TIME (default now, or the\n"
            "contract's start when it has not started), amendments and escalation\n"
            "applied, as JSON.\n\n"
            "Validates the contract document FILE (DESIGN.md \"Contract\"; an amendment\n"
            "carries \"amends\" and \"effective\"), appends it to the tenant's log and\n"
            "indexes it. Loading the same document again changes nothing.\n\n");
    fprintf(out, "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
                 "  -v, --verbose  show where errors were raised\n"
                 "  -h, --help     this help\n");
}

static void site_usage(FILE *out)
{
    usage(out, DOC_SITE);
}

static void contract_usage(FILE *out)
{
    usage(out, DOC_CONTRACT);
}

static int parse_doc(json_t **out, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    json_error_t jerr;
    int code = cmd_read_file(&text, &len, path, DOC_MAX);

    *out = NULL;
    if (code != LDG_EXIT_OK)
        return code;
    *out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    free(text);
    if (!*out) {
        /* Jansson quotes the offending bytes ("near '...'"): no control byte may reach
         * the operator's terminal */
        for (char *c = jerr.text; *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f)
                *c = '?';
        return cmd_failf(LDG_EXIT_DATAERR, "\"%s\" line %d column %d: %s", path,
                         jerr.line, jerr.column, jerr.text);
    }
    return LDG_EXIT_OK;
}

static const char *result_word(ldg_load_result r, doc_kind kind)
{
    switch (r) {
    case LDG_LOAD_CREATED:
        return "created";
    case LDG_LOAD_VERSIONED:
        return kind == DOC_SITE ? "new version" : "amendment added";
    case LDG_LOAD_UNCHANGED:
        return "unchanged";
    }
    return "?";
}

static int show_contract(const char *db, const char *id, const char *tenant,
                         const char *at)
{
    ldg_contract *c = NULL;
    json_t *terms = NULL;
    ldg_store *st;
    ldg_error err;
    ldg_time when;
    int32_t tenant_id = 0;
    int code = cmd_time_now_or(&when, at, "contract");

    if (code != LDG_EXIT_OK)
        return code;
    if (!(st = cmd_open_store_as(db, "ldg_reader", &code)))
        return code;
    ldg_error_clear(&err);
    if (ldg_registry_contract_tenant(&tenant_id, st, tenant, id, &err) != LDG_OK ||
        ldg_registry_contract(&c, st, tenant_id, id, &err) != LDG_OK)
        code = cmd_fail(&err);
    if (code == LDG_EXIT_OK) {
        if (!at && when < ldg_contract_starts(c))
            when = ldg_contract_starts(c);
        if (ldg_contract_terms_json(&terms, c, when, &err) != LDG_OK) {
            code = cmd_fail(&err);
        } else {
            json_dumpf(terms, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            putchar('\n');
        }
    }
    json_decref(terms);
    ldg_contract_free(c);
    ldg_store_close(st);
    return code;
}

static int run_load(int argc, char **argv, doc_kind kind)
{
    const char *name = kind == DOC_SITE ? "site" : "contract";
    const char *db = NULL, *tenant = NULL, *at = NULL;
    json_t *doc = NULL;
    ldg_store *st;
    ldg_error err;
    ldg_load_result result = 0;
    int64_t seq = -1;
    int code;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("tenant", tenant),
                             CMD_TEXT("at", at) };

    if ((code =
             cmd_options(argc, argv, name, kind == DOC_SITE ? site_usage : contract_usage,
                         opts, CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if (kind == DOC_CONTRACT && optind < argc && strcmp(argv[optind], "show") == 0) {
        if (optind + 2 != argc)
            return cmd_usage_error(name, "expected \"show ID\"");
        return show_contract(db, argv[optind + 1], tenant, at);
    }
    if (tenant || at)
        return cmd_usage_error(name, "--tenant and --at go with \"contract show\"");
    if (optind >= argc || strcmp(argv[optind], "load") != 0)
        return cmd_usage_error(name, kind == DOC_SITE
                                         ? "expected \"load FILE\""
                                         : "expected \"load FILE\" or \"show ID\"");
    if (optind + 2 != argc)
        return cmd_usage_error(name, "expected exactly one FILE after \"load\"");
    code = parse_doc(&doc, argv[optind + 1]);
    if (code != LDG_EXIT_OK)
        return code;
    st = cmd_open_store(db, &code);
    if (st) {
        ldg_error_clear(&err);
        if (ldg_store_set_role(st, "ldg_writer", &err) != LDG_OK ||
            (kind == DOC_SITE
                 ? ldg_site_load(&result, st, doc, &err)
                 : ldg_contract_store(&result, &seq, st, doc, &err)) != LDG_OK) {
            ldg_error_where(&err, "file \"%s\"", argv[optind + 1]);
            code = cmd_fail(&err);
        } else if (kind == DOC_SITE) {
            printf("site \"%s\": %s\n", json_string_value(json_object_get(doc, "site")),
                   result_word(result, kind));
        } else {
            printf("contract \"%s\" of tenant \"%s\": %s (log seq %lld)\n",
                   json_string_value(json_object_get(doc, "contract")),
                   json_string_value(json_object_get(doc, "tenant"))
                       ? json_string_value(json_object_get(doc, "tenant"))
                       : "?",
                   result_word(result, kind), (long long)seq);
        }
        ldg_store_close(st);
    }
    json_decref(doc);
    return code;
}

int cmd_site(int argc, char **argv)
{
    return run_load(argc, argv, DOC_SITE);
}

int cmd_contract(int argc, char **argv)
{
    return run_load(argc, argv, DOC_CONTRACT);
}
