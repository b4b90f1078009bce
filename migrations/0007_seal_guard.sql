SET LOCAL ROLE ldg_migrator;

-- What seal last signed, per tenant (SECURITY.md, "the writer role"; DESIGN.md, "Seal").
--
-- Seal extends the tree it signed last time, never "the largest checkpoint row": the
-- writer role can insert checkpoint rows, so a row is only a claim until its signature
-- is checked, and this table says which one seal must find. The writer may read it but
-- not change it; it moves only through ledger.seal_advance, which seal calls in the
-- transaction that inserts the checkpoint (so a crash leaves both or neither), and which
-- accepts nothing but growth to a stored checkpoint of that size and root within the
-- log. The writer can call it too (seal runs as the writer): that can make seal refuse
-- (the checkpoint named then carries no signature seal accepts), never make it sign.
CREATE TABLE ledger.seal_state (
    tenant_id   integer PRIMARY KEY REFERENCES ledger.tenant,
    size        bigint NOT NULL CHECK (size > 0),
    root        bytea NOT NULL CHECK (length(root) = 32),
    sealed_at   timestamptz NOT NULL DEFAULT now()
);

-- Existing logs: the state is what their checkpoints say now (seal checks the
-- signature of that checkpoint before it trusts it).
INSERT INTO ledger.seal_state (tenant_id, size, root)
SELECT DISTINCT ON (tenant_id) tenant_id, size, root
  FROM ledger.checkpoint WHERE size > 0
 ORDER BY tenant_id, size DESC;

CREATE FUNCTION ledger.seal_advance(p_tenant integer, p_old bigint, p_size bigint,
                                    p_root bytea) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    cur bigint;
BEGIN
    SELECT size INTO cur FROM ledger.seal_state WHERE tenant_id = p_tenant FOR UPDATE;
    IF coalesce(cur, 0) <> p_old THEN
        RAISE EXCEPTION 'seal state of tenant id % is at size %, not %', p_tenant,
            coalesce(cur, 0), p_old USING ERRCODE = 'check_violation';
    END IF;
    IF p_size IS NULL OR p_size <= p_old THEN
        RAISE EXCEPTION 'seal state of tenant id % can only grow (% to %)', p_tenant,
            p_old, p_size USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger.log_head
                    WHERE tenant_id = p_tenant AND size >= p_size) THEN
        RAISE EXCEPTION 'seal state of tenant id % cannot pass the end of its log',
            p_tenant USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger.checkpoint
                    WHERE tenant_id = p_tenant AND size = p_size AND root = p_root) THEN
        RAISE EXCEPTION 'no checkpoint of tenant id % at size % with that root', p_tenant,
            p_size USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO ledger.seal_state (tenant_id, size, root) VALUES (p_tenant, p_size, p_root)
        ON CONFLICT (tenant_id) DO UPDATE SET size = excluded.size, root = excluded.root,
                                              sealed_at = now();
END
$$;

-- Nothing but the function changes a row: no DELETE or TRUNCATE even for its owner.
CREATE TRIGGER seal_state_no_delete BEFORE DELETE ON ledger.seal_state
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER seal_state_no_truncate BEFORE TRUNCATE ON ledger.seal_state
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

REVOKE ALL ON FUNCTION ledger.seal_advance(integer, bigint, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger.seal_advance(integer, bigint, bigint, bytea) TO ldg_writer;
REVOKE ALL ON ledger.seal_state FROM PUBLIC;
GRANT SELECT ON ledger.seal_state TO ldg_writer, ldg_reader;
