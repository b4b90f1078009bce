/* leaseledger audit explain / records: placeholder, owned by the audit-explain engineer. */
#include <stdio.h>

#include "cmd/leaseledger/cmd.h"
#include "cmd/leaseledger/cmd_audit.h"

int cmd_audit_explain(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leaseledger: \"audit explain\" is not available in this build\n");
    return LDG_EXIT_SOFTWARE;
}

int cmd_audit_records(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leaseledger: \"audit records\" is not available in this build\n");
    return LDG_EXIT_SOFTWARE;
}
