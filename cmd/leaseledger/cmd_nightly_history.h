/* `leaseledger nightly history`: cmd_nightly (cmd_nightly.c) dispatches to it on
 * argv[1]; argv[0] is "history". Returns an exit code. */
#ifndef LEASELEDGER_CMD_NIGHTLY_HISTORY_H
#define LEASELEDGER_CMD_NIGHTLY_HISTORY_H

int cmd_nightly_history(int argc, char **argv);

#endif
