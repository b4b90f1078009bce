/* Countersigned checkpoints, the operator's side (cmd_cosign.c). */
#ifndef LEASELEDGER_CMD_COSIGN_H
#define LEASELEDGER_CMD_COSIGN_H

#include "cmd/leaseledger/cmd.h"

/* `key witness add --tenant T VKEY`: argv[0..argc) after "witness". Exit code. */
int cmd_key_witness(const char *db, const char *tenant, int argc, char **argv, int quiet);

/* `checkpoint cosign --tenant T [--size N] FILE`: argv[0..argc) after "cosign". */
int cmd_checkpoint_cosign(const char *db, const char *tenant, const char *size_text,
                          int argc, char **argv, int quiet);

#endif
