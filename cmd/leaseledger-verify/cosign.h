/* leaseledger-verify cosign (cosign.c). */
#ifndef LEASELEDGER_VERIFY_COSIGN_H
#define LEASELEDGER_VERIFY_COSIGN_H

/* The subcommand, argv[0] being "cosign". Returns the exit code. */
int lv_cosign(int argc, char **argv);

#endif
