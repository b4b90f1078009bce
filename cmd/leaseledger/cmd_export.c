/* leaseledger export: placeholder until its issue lands (owned by the engineer building it). */
#include <stdio.h>

#include "cmd/leaseledger/cmd.h"

int cmd_export(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leaseledger: \"export\" is not available in this build\n");
    return LDG_EXIT_SOFTWARE;
}
