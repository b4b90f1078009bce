/* leaseledger audit: placeholder until its issue lands (owned by the engineer building it). */
#include <stdio.h>

#include "cmd/leaseledger/cmd.h"

int cmd_audit(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leaseledger: \"audit\" is not available in this build\n");
    return LDG_EXIT_SOFTWARE;
}
