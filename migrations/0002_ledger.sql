-- The signed ledger: tenants, sites, the per-tenant append-only logs, their tiles and
-- checkpoints, and the hourly rollups kept in the same transaction as the records.
--
-- Keys start with the tenant (tenant_id) everywhere, so the big tables can be
-- distributed by tenant (Citus) without schema changes; sites and keys are small
-- reference tables. Usage is stored once with typed columns; the canonical bytes of a
-- usage entry are rebuilt from them (ledger/entry.c), so no JSON copy is stored.

CREATE SCHEMA ledger;

-- Reference tables -------------------------------------------------------------------

CREATE TABLE ledger.tenant (
    tenant_id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL UNIQUE CHECK (tenant ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger.site (
    site_id     smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site        text NOT NULL UNIQUE CHECK (site ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$')
);

-- One row per loaded version of a site document; capacity never changes
-- retroactively: a version applies from valid_from on.
CREATE TABLE ledger.site_version (
    site_id        smallint NOT NULL REFERENCES ledger.site,
    valid_from     timestamptz NOT NULL,
    doc            jsonb NOT NULL,
    doc_sha256     bytea NOT NULL,
    power_micros   bigint NOT NULL CHECK (power_micros >= 0),
    gpus_h100      bigint NOT NULL DEFAULT 0,
    gpus_h200      bigint NOT NULL DEFAULT 0,
    gpus_gb200     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, valid_from)
);

-- Signing keys whose checkpoints verify. Rotations are log entries (kind "key").
CREATE TABLE ledger.signing_key (
    key_name    text NOT NULL,
    key_id      bigint NOT NULL,
    public_key  bytea NOT NULL CHECK (length(public_key) = 32),
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key_name, key_id)
);

-- The logs ---------------------------------------------------------------------------

-- Size of each tenant's log. The row is locked (FOR UPDATE) by every append, which
-- serialises appends per tenant without a cluster-wide sequence.
CREATE TABLE ledger.log_head (
    tenant_id   integer PRIMARY KEY REFERENCES ledger.tenant,
    size        bigint NOT NULL DEFAULT 0 CHECK (size >= 0)
);

-- Usage entries (kind "usage"). kind: 1 gpu, 2 energy, 3 downtime. class: 0 none,
-- 1 H100, 2 H200, 3 GB200. qty_micros in micro-GPU-hours or micro-MWh (energy given in
-- kWh is converted on ingest). Column order packs the fixed-width fields.
CREATE TABLE ledger.usage (
    seq         bigint NOT NULL,
    start_at    timestamptz NOT NULL,
    end_at      timestamptz NOT NULL,
    qty_micros  bigint NOT NULL,
    tenant_id   integer NOT NULL,
    site_id     smallint NOT NULL,
    kind        smallint NOT NULL CHECK (kind BETWEEN 1 AND 3),
    class       smallint NOT NULL CHECK (class BETWEEN 0 AND 3),
    meter       text NOT NULL,
    event_id    text NOT NULL,
    corrects    text,
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, event_id),
    CHECK (end_at > start_at)
);

-- Every other entry (contract, invoice, credit_note, key, ack) is stored as its
-- canonical bytes; typed side tables index them.
CREATE TABLE ledger.log_doc (
    tenant_id   integer NOT NULL,
    seq         bigint NOT NULL,
    kind        text NOT NULL,
    body        bytea NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

-- C2SP tlog-tiles (height 8). A partial tile is a row of its own width; a wider tile
-- for the same index supersedes it for reading, narrower rows stay (insert-only) and
-- must remain prefixes of the wider ones, which verify checks.
CREATE TABLE ledger.log_tile (
    tenant_id   integer NOT NULL,
    level       smallint NOT NULL CHECK (level BETWEEN 0 AND 7),
    idx         bigint NOT NULL CHECK (idx >= 0),
    width       smallint NOT NULL CHECK (width BETWEEN 1 AND 256),
    hashes      bytea NOT NULL CHECK (length(hashes) = 32 * width),
    PRIMARY KEY (tenant_id, level, idx, width)
);

CREATE TABLE ledger.checkpoint (
    tenant_id   integer NOT NULL,
    size        bigint NOT NULL CHECK (size >= 0),
    root        bytea NOT NULL CHECK (length(root) = 32),
    note        text NOT NULL,
    key_name    text NOT NULL,
    key_id      bigint NOT NULL,
    signed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, size)
);

-- Derived state ----------------------------------------------------------------------

-- Hourly sums of usage per tenant, site, kind and class, written in the transaction that
-- appends the records (a record crossing an hour is split by ldg_rate_split).
CREATE TABLE ledger.usage_hourly (
    tenant_id   integer NOT NULL,
    hour        timestamptz NOT NULL,
    site_id     smallint NOT NULL,
    kind        smallint NOT NULL,
    class       smallint NOT NULL,
    qty_micros  bigint NOT NULL,
    records     integer NOT NULL,
    PRIMARY KEY (tenant_id, hour, site_id, kind, class)
);

-- Contract documents as loaded (base contracts and amendments), pointing at their log
-- entry. The document is also in log_doc as canonical bytes.
CREATE TABLE ledger.contract_doc (
    tenant_id   integer NOT NULL,
    seq         bigint NOT NULL,
    contract_id text NOT NULL,
    amends      text,
    effective   timestamptz,
    starts      timestamptz NOT NULL,
    ends        timestamptz NOT NULL,
    site_id     smallint NOT NULL,
    currency    text NOT NULL,
    series      text NOT NULL,
    doc         jsonb NOT NULL,
    doc_sha256  bytea NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, doc_sha256)
);
CREATE UNIQUE INDEX contract_doc_base ON ledger.contract_doc (tenant_id, contract_id)
    WHERE amends IS NULL;

-- Files taken by ingest (by content hash), so a spool file is ingested once.
CREATE TABLE ledger.ingest_file (
    file_sha256 bytea PRIMARY KEY,
    name        text NOT NULL,
    taken_at    timestamptz NOT NULL DEFAULT now(),
    accepted    bigint NOT NULL,
    duplicates  bigint NOT NULL,
    rejected    bigint NOT NULL
);

-- Immutability ---------------------------------------------------------------------

CREATE FUNCTION ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger table "%" is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['usage', 'log_doc', 'log_tile', 'checkpoint', 'contract_doc',
                             'site_version', 'signing_key']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON ledger.%I '
                       'FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change()',
                       t || '_append_only', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON ledger.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()',
                       t || '_no_truncate', t);
    END LOOP;
END
$$;

-- Privileges -----------------------------------------------------------------------

REVOKE ALL ON ALL TABLES IN SCHEMA ledger FROM PUBLIC;
GRANT USAGE ON SCHEMA ledger TO ldg_writer, ldg_reader;
GRANT SELECT, INSERT ON ledger.usage, ledger.log_doc, ledger.log_tile, ledger.checkpoint,
    ledger.contract_doc, ledger.site_version, ledger.signing_key TO ldg_writer;
GRANT SELECT, INSERT, UPDATE ON ledger.log_head, ledger.usage_hourly, ledger.tenant,
    ledger.site, ledger.ingest_file TO ldg_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA ledger TO ldg_reader;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA ledger TO ldg_writer;
