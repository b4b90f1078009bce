/*
 * Subcommands of `leaseledger` and the helpers they share: option parsing conventions,
 * error printing, exit codes, the database connection and the signing key.
 */
#ifndef LEASELEDGER_CMD_H
#define LEASELEDGER_CMD_H

#include "cmd/leaseledger/exitcode.h"
#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

int cmd_migrate(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_site(int argc, char **argv);
int cmd_contract(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_checkpoint(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_bill(int argc, char **argv);
int cmd_invoice(int argc, char **argv);
int cmd_payment(int argc, char **argv);
int cmd_nightly(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_reconcile(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_statement(int argc, char **argv);

/* Set by --verbose in any subcommand: errors show the code location. */
extern int cmd_verbose;

/* Resets getopt for a subcommand's own parsing (glibc: optind = 0). */
void cmd_getopt_reset(void);

/* "leaseledger NAME: message" + "Try 'leaseledger NAME --help'." on stderr; 64. */
int cmd_usage_error(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* What cmd_option returns for --verbose: parsing goes on. */
#define CMD_GO_ON (-1)

/*
 * The options every subcommand shares, for the default branch of its getopt switch:
 * -v/--verbose sets cmd_verbose and returns CMD_GO_ON; -h/--help prints usage to stdout
 * and returns 0; anything else is an unknown option of command name (usage error, 64).
 */
int cmd_option(int c, char **argv, const char *name, void (*usage)(FILE *out));

/* One option of a subcommand for cmd_options: --name (and -letter when letter is not 0)
 * whose argument goes to *text (the last one given wins), or, text NULL, a flag that
 * sets *flag to 1. */
typedef struct cmd_opt {
    const char *name;
    char letter;
    const char **text;
    int *flag;
} cmd_opt;

#define CMD_TEXT(name, var)     \
    {                           \
        (name), 0, &(var), NULL \
    }
#define CMD_FLAG(name, letter, var)    \
    {                                  \
        (name), (letter), NULL, &(var) \
    }
#define CMD_MAX_OPTS    16
#define CMD_NOPTS(opts) (sizeof(opts) / sizeof((opts)[0]))

/*
 * Parses the options of subcommand name with getopt_long: those of opts (n of them, at
 * most CMD_MAX_OPTS) and the ones every subcommand has (cmd_option). Leaves optind at
 * the first operand (operands are permuted to the end, as getopt_long does). Returns
 * CMD_GO_ON, or the exit code: 0 after --help, 64 after an unknown option.
 */
int cmd_options(int argc, char **argv, const char *name, void (*usage)(FILE *out),
                const cmd_opt *opts, size_t n);

/* Prints err (message, DETAIL, HINT, WHERE, and the location with --verbose). */
void cmd_print_error(const ldg_error *err);

/* Maps an error to an exit code (SQLSTATE classes 08, 28, 42501 considered). */
int cmd_exit_code(const ldg_error *err);

/* Prints err and returns its exit code. */
int cmd_fail(const ldg_error *err);

/*
 * The one line for what a command finds wrong itself (no ldg_error to print):
 * "leaseledger: <message>" on stderr. cmd_failf returns code; cmd_warn is for notices
 * that do not end the command.
 */
int cmd_failf(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cmd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Opens the database from --db (may be NULL), DATABASE_URL or PG*. Exits with
 * LDG_EXIT_CONFIG when none is configured. Returns NULL after printing on failure
 * and sets *code.
 */
ldg_store *cmd_open_store(const char *db, int *code);

/* As cmd_open_store, then SET ROLE role ("ldg_reader", "ldg_writer"): the least the
 * command needs. */
ldg_store *cmd_open_store_as(const char *db, const char *role, int *code);

/* A thread that proves new entries ahead of the seal, on a connection of its own
 * (ledger/store/seal_ahead.h); sa is NULL when it could not start (best effort: the
 * seal then reads everything). */
typedef struct cmd_seal_ahead {
    ldg_store *st;
    struct ldg_seal_ahead *sa;
} cmd_seal_ahead;

void cmd_seal_ahead_start(cmd_seal_ahead *ca, const char *db);

/* An ldg_seal_cb: "sealed T: OLD -> NEW entries", unless *(int *)quiet. */
void cmd_print_sealed(void *quiet, const char *tenant, int64_t old_size,
                      int64_t new_size);
void cmd_seal_ahead_stop(cmd_seal_ahead *ca);

/* Loads the signing key from --key (may be NULL) or LEASELEDGER_KEY. NULL after
 * printing on failure, *code = LDG_EXIT_CONFIG. */
ldg_signer *cmd_load_key(const char *path, int *code);

/* Whether stderr is a terminal (progress display). */
int cmd_progress_wanted(void);

/* Output formats for --format. */
typedef enum cmd_format {
    CMD_FMT_TABLE,
    CMD_FMT_JSON,
    CMD_FMT_CSV,
    CMD_FMT_TEXT,
    CMD_FMT_PDF
} cmd_format;
/* Parses a --format value among the allowed ones ("table,json,csv"); -1 if not. */
int cmd_parse_format(const char *value, const char *allowed);

/*
 * The value of an option that was renamed (docs/cli.md: one meaning per option): the new
 * spelling's value when given, else the old one's, with a one-line deprecation warning
 * naming command cmd; NULL when neither was given.
 */
const char *cmd_renamed_option(const char *cmd, const char *new_name,
                               const char *new_value, const char *old_name,
                               const char *old_value);

/* *out = the instant text names (RFC 3339 UTC), or now when text is NULL. Returns 0,
 * or prints a usage error for command cmd and returns 64. */
int cmd_time_now_or(ldg_time *out, const char *text, const char *cmd);

/* *out = the UTC day (receivable.h) text names: "YYYY-MM-DD" or an RFC 3339 UTC instant;
 * the day of now when text is NULL. Returns 0, or prints a usage error naming option
 * for command cmd and returns 64. (cmd_statement.c) */
int cmd_day_arg(int64_t *out, const char *text, const char *cmd, const char *option);

/* Reads a whole file (or stdin for "-") into a NUL-terminated buffer (free()).
 * Returns 0, or prints and returns an exit code. Limit: max bytes. */
int cmd_read_file(char **out, size_t *len, const char *path, size_t max);

/* Opens path for writing a command's output (--out): created 0644 or truncated, never
 * through a symbolic link and only if it is a regular file (else NULL, errno ELOOP or
 * EINVAL). */
FILE *cmd_create_output(const char *path);

#define CMD_COMMON_OPTIONS                \
    { "help", no_argument, NULL, 'h' },   \
    {                                     \
        "verbose", no_argument, NULL, 'v' \
    }

/* What a person calls a document of log kind kind ("invoice", "credit_note") with data:
 * "invoice", "supplementary invoice" (an invoice that amends another) or "credit note"
 * (docs/cli.md, one name for each thing). */
const char *cmd_doc_kind_text(const char *kind, const json_t *data);

/*
 * Writes len bytes to path atomically: a temporary file in the same folder, written,
 * flushed to disk and renamed over path, so a reader sees the old content or the new,
 * never a part. Mode 0644 less the umask. Returns 0, or prints and returns
 * LDG_EXIT_CANTCREAT / LDG_EXIT_IOERR (the temporary file removed).
 */
int cmd_write_atomic(const char *path, const char *data, size_t len);

/* Writes one CSV field as every export does (reports/table.h rpt_csv_field: quoting, and
 * a leading quote on a field a spreadsheet would run as a formula). */
void cmd_csv_field(FILE *out, const char *s);

#endif
