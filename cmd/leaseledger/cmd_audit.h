/*
 * `leaseledger audit`: the dispute-audit subcommands.
 *
 * cmd_audit() (cmd_audit.c) dispatches on argv[1]: `bundle` and `consistency` are
 * implemented in cmd_audit.c; `explain` and `records` are implemented in
 * cmd_audit_explain.c. Each function receives argc/argv with argv[0] being the
 * subcommand's own name ("explain", "records"), parses its options with getopt_long
 * (call cmd_getopt_reset() first) and returns an exit code from exitcode.h.
 */
#ifndef LEASELEDGER_CMD_AUDIT_H
#define LEASELEDGER_CMD_AUDIT_H

/* `leaseledger audit explain NUMBER [--line K] [--format text|json]`.
 * argv[0] is "explain". Returns an exit code. */
int cmd_audit_explain(int argc, char **argv);

/* `leaseledger audit records --tenant T [--from T] [--to T] [--meter M] [--kind K]
 * [--format table|csv|ndjson]`. argv[0] is "records". Returns an exit code. */
int cmd_audit_records(int argc, char **argv);

/* `leaseledger audit proof --tenant T --seq N [--size S]` (cmd_audit_proof.c): an
 * entry's C2SP tlog-proof. argv[0] is "proof". Returns an exit code. */
int cmd_audit_proof(int argc, char **argv);

#endif
