/*
 * Exit codes of the leaseledger programs (after sysexits; never renumbered).
 * Documented in `leaseledger --help` and docs/cli.md.
 */
#ifndef LEASELEDGER_EXITCODE_H
#define LEASELEDGER_EXITCODE_H

enum {
    LDG_EXIT_OK = 0,
    LDG_EXIT_REFUSED = 1,      /* a rule refused; verify found tampering; rejects */
    LDG_EXIT_USAGE = 64,       /* bad option or argument */
    LDG_EXIT_DATAERR = 65,     /* invalid input */
    LDG_EXIT_NOINPUT = 66,     /* input file missing or unreadable */
    LDG_EXIT_UNAVAILABLE = 69, /* database unreachable */
    LDG_EXIT_SOFTWARE = 70,    /* internal error */
    LDG_EXIT_CANTCREAT = 73,   /* cannot create output */
    LDG_EXIT_IOERR = 74,
    LDG_EXIT_TEMPFAIL = 75, /* serialization failure: run again */
    LDG_EXIT_NOPERM = 77,   /* permission denied by the database */
    LDG_EXIT_CONFIG = 78,   /* no database configured, or unusable key */
    /* nightly only, above sysexits' range: the run finished but needs a person */
    LDG_EXIT_NIGHTLY_HELD = 79,  /* invoices held by blocking findings */
    LDG_EXIT_NIGHTLY_FILES = 80, /* spool files failed or were left for the next run */
    LDG_EXIT_NIGHTLY_BOTH = 81,  /* both */
};

#endif
