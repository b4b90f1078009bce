/* The subcommands of leaseledger-verify beside bundle checking (main.c dispatches). */
#ifndef LEASELEDGER_VERIFY_CMDS_H
#define LEASELEDGER_VERIFY_CMDS_H

#include <stddef.h>

/* leaseledger-verify monitor DIR --vkey K --state FILE (cmd_monitor.c); argv[0] is
 * "monitor". Returns the exit status. */
int verify_monitor(int argc, char **argv);

/* leaseledger-verify proof FILE --vkey K (cmd_proof.c); argv[0] is "proof". */
int verify_proof(int argc, char **argv);

/* Reads --vkey's text: inline when it holds '+', else the first line of the file it
 * names. On 0 *out is the key (*owned, to free, when read from a file); else the exit
 * status, the reason printed. */
int verify_vkey_text(const char **out, char **owned, const char *arg);

/* Reads a whole file into a malloc'd NUL-terminated buffer, at most max bytes (main.c).
 * 0, or the exit status with the reason printed: 66 unreadable, 65 too large. */
int verify_read_file(char **out, size_t *len, const char *path, size_t max);

#endif
