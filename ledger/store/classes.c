/* GPU classes in the store (classes.h). */
#include "ledger/store/classes.h"

#include "ledger/entry.h"
#include "ledger/gpu_class.h"

#include <stdio.h>
#include <stdlib.h>

ldg_code ldg_store__load_classes(ldg_store *st, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc;

    /* the catalog, by oid: naming a table in a schema the login may not use would fail */
    rc = ldg_store_exec(
        &res, st,
        "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
        " ON n.oid = c.relnamespace WHERE n.nspname = 'ledger'"
        " AND c.relname = 'gpu_class' AND has_schema_privilege(n.oid, 'USAGE')"
        " AND has_table_privilege(c.oid, 'SELECT')",
        0, NULL, err);
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return LDG_OK;
    }
    PQclear(res);
    rc = ldg_store_exec(&res, st,
                        "SELECT class, name FROM ledger.gpu_class ORDER BY class", 0,
                        NULL, err);
    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++)
        rc = ldg_gpu_class_register((int)ldg_store_int64(res, i, 0),
                                    PQgetvalue(res, i, 1), err);
    PQclear(res);
    return rc;
}

ldg_code ldg_store_classes_add(ldg_store *st, const ldg_site_classes *sc, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < sc->n; i++) {
        char num[24];
        const char *params[2] = { ldg_store_i64(num, ldg_class_of_gpu(sc->c[i].cls)),
                                  sc->c[i].name };
        PGresult *res = NULL;

        rc = ldg_store_exec(&res, st,
                            "WITH ins AS (INSERT INTO ledger.gpu_class (class, name)"
                            " SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM"
                            " ledger.gpu_class WHERE name = $2) ON CONFLICT DO NOTHING"
                            " RETURNING class)"
                            " SELECT class FROM ins UNION ALL"
                            " SELECT class FROM ledger.gpu_class WHERE name = $2",
                            2, params, err);
        if (rc == LDG_OK && (PQntuples(res) == 0 || ldg_store_int64(res, 0, 0) !=
                                                        ldg_class_of_gpu(sc->c[i].cls)))
            rc =
                ldg_error_set(err, LDG_ECONFLICT,
                              "GPU class \"%s\" could not be stored as number %s (another"
                              " command added a class meanwhile): run the command again",
                              sc->c[i].name, num);
        PQclear(res);
    }
    return rc;
}
