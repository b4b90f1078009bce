--
-- PostgreSQL database dump
--

\restrict UVQWLv3LzkMjNIaxJiZ9RwxRxg9BPBBJHPvHJXX1W6AWTXuKrLfphQJaiUaGMsg

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: audit; Type: SCHEMA; Schema: -; Owner: ldg_migrator
--

CREATE SCHEMA audit;


ALTER SCHEMA audit OWNER TO ldg_migrator;

--
-- Name: ledger; Type: SCHEMA; Schema: -; Owner: ldg_migrator
--

CREATE SCHEMA ledger;


ALTER SCHEMA ledger OWNER TO ldg_migrator;

--
-- Name: audit_login_grant(name, text); Type: FUNCTION; Schema: ledger; Owner: ldg_migrator
--

CREATE FUNCTION ledger.audit_login_grant(p_login name, p_tenant text) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    r pg_roles%ROWTYPE;
    existed boolean;
    other text;
BEGIN
    IF p_login IS NULL OR p_login !~ '^[a-z_][a-z0-9_]{0,62}$' OR p_login ~ '^pg_'
       OR p_login IN ('ldg_migrator', 'ldg_writer', 'ldg_reader', 'ldg_auditor',
                    'ldg_migrate_login', 'ldg_batch_login', 'ldg_report_login') THEN
        RAISE EXCEPTION 'cannot make "%" an audit login: use a new lower-case name'
            ' ([a-z_][a-z0-9_]*, not pg_*, not a leaseledger role)', p_login
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_tenant IS NULL OR (p_tenant <> '*' AND NOT EXISTS
            (SELECT 1 FROM ledger.tenant t WHERE t.tenant = p_tenant)) THEN
        RAISE EXCEPTION 'unknown tenant "%"', p_tenant USING ERRCODE = 'no_data_found';
    END IF;
    SELECT * INTO r FROM pg_roles WHERE rolname = p_login;
    existed := FOUND;
    IF existed THEN
        SELECT string_agg(g.rolname, ', ') INTO other
          FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
         WHERE m.member = r.oid AND g.rolname <> 'ldg_auditor';
        IF r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication
           OR r.rolbypassrls OR NOT r.rolcanlogin OR other IS NOT NULL
           OR EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.roleid = r.oid) THEN
            RAISE EXCEPTION 'role "%" exists and is not an audit login', p_login
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'An audit login can log in, has no other attribute, and is a'
                               ' member of ldg_auditor and of no other role.';
        END IF;
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'
                       ' NOREPLICATION NOBYPASSRLS', p_login);
    END IF;
    IF NOT pg_has_role(p_login, 'ldg_auditor', 'MEMBER') THEN
        EXECUTE format('GRANT ldg_auditor TO %I', p_login);
    END IF;
    INSERT INTO ledger.audit_login AS a (login, tenant) VALUES (p_login, p_tenant)
        ON CONFLICT ON CONSTRAINT audit_login_pkey
        DO UPDATE SET tenant = EXCLUDED.tenant, granted_at = now();
    RETURN CASE WHEN existed THEN 'mapped' ELSE 'created' END;
END
$_$;


ALTER FUNCTION ledger.audit_login_grant(p_login name, p_tenant text) OWNER TO ldg_migrator;

--
-- Name: invoice_draft_guard(); Type: FUNCTION; Schema: ledger; Owner: ldg_migrator
--

CREATE FUNCTION ledger.invoice_draft_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF OLD.state <> 'pending' THEN
        RAISE EXCEPTION 'draft D% of tenant % is %: it cannot change', OLD.draft_no,
            OLD.tenant_id, OLD.state USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.tenant_id, NEW.draft_no, NEW.contract_id, NEW.period, NEW.kind, NEW.amends,
        NEW.currency, NEW.total_micros, NEW.doc, NEW.rated_size, NEW.rated_root,
        NEW.created_at) IS DISTINCT FROM
       (OLD.tenant_id, OLD.draft_no, OLD.contract_id, OLD.period, OLD.kind, OLD.amends,
        OLD.currency, OLD.total_micros, OLD.doc, OLD.rated_size, OLD.rated_root,
        OLD.created_at) THEN
        RAISE EXCEPTION 'a draft''s document never changes (draft D%)', OLD.draft_no
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION ledger.invoice_draft_guard() OWNER TO ldg_migrator;

--
-- Name: refuse_change(); Type: FUNCTION; Schema: ledger; Owner: ldg_migrator
--

CREATE FUNCTION ledger.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'ledger table "%" is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;


ALTER FUNCTION ledger.refuse_change() OWNER TO ldg_migrator;

--
-- Name: seal_advance(integer, bigint, bigint, bytea); Type: FUNCTION; Schema: ledger; Owner: ldg_migrator
--

CREATE FUNCTION ledger.seal_advance(p_tenant integer, p_old bigint, p_size bigint, p_root bytea) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


ALTER FUNCTION ledger.seal_advance(p_tenant integer, p_old bigint, p_size bigint, p_root bytea) OWNER TO ldg_migrator;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: audit_login; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.audit_login (
    login name NOT NULL,
    tenant text NOT NULL,
    granted_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_login_tenant_check CHECK (((tenant = '*'::text) OR (tenant ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'::text)))
);


ALTER TABLE ledger.audit_login OWNER TO ldg_migrator;

--
-- Name: checkpoint; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.checkpoint (
    tenant_id integer NOT NULL,
    size bigint NOT NULL,
    root bytea NOT NULL,
    note text NOT NULL,
    key_name text NOT NULL,
    key_id bigint NOT NULL,
    signed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT checkpoint_root_check CHECK ((length(root) = 32)),
    CONSTRAINT checkpoint_size_check CHECK ((size >= 0))
);


ALTER TABLE ledger.checkpoint OWNER TO ldg_migrator;

--
-- Name: tenant; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.tenant (
    tenant_id integer NOT NULL,
    tenant text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_id_positive CHECK ((tenant_id > 0)),
    CONSTRAINT tenant_tenant_check CHECK ((tenant ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'::text))
);


ALTER TABLE ledger.tenant OWNER TO ldg_migrator;

--
-- Name: checkpoints; Type: VIEW; Schema: audit; Owner: ldg_migrator
--

CREATE VIEW audit.checkpoints WITH (security_barrier='true') AS
 SELECT t.tenant,
    c.size,
    encode(c.root, 'base64'::text) AS root,
    c.note,
    c.key_name,
    c.key_id,
    c.signed_at
   FROM (ledger.checkpoint c
     JOIN ledger.tenant t ON ((t.tenant_id = c.tenant_id)))
  WHERE ((t.tenant IN ( SELECT
                CASE a.tenant
                    WHEN '*'::text THEN t.tenant
                    ELSE a.tenant
                END AS tenant
           FROM ledger.audit_login a
          WHERE (a.login = SESSION_USER))) AND (t.tenant = COALESCE(NULLIF(current_setting('leaseledger.tenant'::text, true), ''::text), t.tenant)));


ALTER TABLE audit.checkpoints OWNER TO ldg_migrator;

--
-- Name: invoice; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.invoice (
    tenant_id integer NOT NULL,
    number text NOT NULL,
    seq bigint NOT NULL,
    kind text NOT NULL,
    contract_id text NOT NULL,
    period text NOT NULL,
    amends text,
    currency text NOT NULL,
    total_micros bigint NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    rated_size bigint NOT NULL,
    rated_root bytea NOT NULL,
    doc jsonb NOT NULL,
    CONSTRAINT invoice_kind_check CHECK ((kind = ANY (ARRAY['invoice'::text, 'credit_note'::text]))),
    CONSTRAINT invoice_period_check CHECK ((period ~ '^[0-9]{4}-[0-9]{2}$'::text))
);


ALTER TABLE ledger.invoice OWNER TO ldg_migrator;

--
-- Name: invoice_line; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.invoice_line (
    tenant_id integer NOT NULL,
    number text NOT NULL,
    line_no integer NOT NULL,
    stream text NOT NULL,
    class text,
    from_at timestamp with time zone NOT NULL,
    to_at timestamp with time zone NOT NULL,
    qty_micros bigint NOT NULL,
    unit text NOT NULL,
    rate_micros bigint NOT NULL,
    amount_micros bigint NOT NULL
);


ALTER TABLE ledger.invoice_line OWNER TO ldg_migrator;

--
-- Name: invoice_lines; Type: VIEW; Schema: audit; Owner: ldg_migrator
--

CREATE VIEW audit.invoice_lines WITH (security_barrier='true') AS
 SELECT t.tenant,
    l.number,
    l.line_no,
    l.stream,
    l.class,
    l.from_at,
    l.to_at,
    round(((l.qty_micros)::numeric / (1000000)::numeric), 6) AS quantity,
    l.unit,
    round(((l.rate_micros)::numeric / (1000000)::numeric), 6) AS rate,
    round(((l.amount_micros)::numeric / (1000000)::numeric),
        CASE i.currency
            WHEN 'JPY'::text THEN 0
            ELSE 2
        END) AS amount,
    l.qty_micros,
    l.rate_micros,
    l.amount_micros
   FROM ((ledger.invoice_line l
     JOIN ledger.invoice i ON (((i.tenant_id = l.tenant_id) AND (i.number = l.number))))
     JOIN ledger.tenant t ON ((t.tenant_id = l.tenant_id)))
  WHERE ((t.tenant IN ( SELECT
                CASE a.tenant
                    WHEN '*'::text THEN t.tenant
                    ELSE a.tenant
                END AS tenant
           FROM ledger.audit_login a
          WHERE (a.login = SESSION_USER))) AND (t.tenant = COALESCE(NULLIF(current_setting('leaseledger.tenant'::text, true), ''::text), t.tenant)));


ALTER TABLE audit.invoice_lines OWNER TO ldg_migrator;

--
-- Name: invoices; Type: VIEW; Schema: audit; Owner: ldg_migrator
--

CREATE VIEW audit.invoices WITH (security_barrier='true') AS
 SELECT t.tenant,
    i.number,
    i.kind,
    i.contract_id AS contract,
    i.period,
    i.amends,
    i.currency,
    round(((i.total_micros)::numeric / (1000000)::numeric),
        CASE i.currency
            WHEN 'JPY'::text THEN 0
            ELSE 2
        END) AS total,
    i.total_micros,
    i.issued_at,
    i.seq,
    i.rated_size,
    encode(i.rated_root, 'base64'::text) AS rated_root,
    i.doc AS document
   FROM (ledger.invoice i
     JOIN ledger.tenant t ON ((t.tenant_id = i.tenant_id)))
  WHERE ((t.tenant IN ( SELECT
                CASE a.tenant
                    WHEN '*'::text THEN t.tenant
                    ELSE a.tenant
                END AS tenant
           FROM ledger.audit_login a
          WHERE (a.login = SESSION_USER))) AND (t.tenant = COALESCE(NULLIF(current_setting('leaseledger.tenant'::text, true), ''::text), t.tenant)));


ALTER TABLE audit.invoices OWNER TO ldg_migrator;

--
-- Name: log_tile; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.log_tile (
    tenant_id integer NOT NULL,
    level smallint NOT NULL,
    idx bigint NOT NULL,
    width smallint NOT NULL,
    hashes bytea NOT NULL,
    CONSTRAINT log_tile_check CHECK ((length(hashes) = (32 * width))),
    CONSTRAINT log_tile_idx_check CHECK ((idx >= 0)),
    CONSTRAINT log_tile_level_check CHECK (((level >= 0) AND (level <= 7))),
    CONSTRAINT log_tile_width_check CHECK (((width >= 1) AND (width <= 256)))
);


ALTER TABLE ledger.log_tile OWNER TO ldg_migrator;

--
-- Name: site; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.site (
    site_id smallint NOT NULL,
    site text NOT NULL,
    CONSTRAINT site_id_positive CHECK ((site_id > 0)),
    CONSTRAINT site_site_check CHECK ((site ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'::text))
);


ALTER TABLE ledger.site OWNER TO ldg_migrator;

--
-- Name: usage; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.usage (
    seq bigint NOT NULL,
    start_at timestamp with time zone NOT NULL,
    end_at timestamp with time zone NOT NULL,
    qty_micros bigint NOT NULL,
    tenant_id integer NOT NULL,
    site_id smallint NOT NULL,
    kind smallint NOT NULL,
    class smallint NOT NULL,
    meter text NOT NULL,
    event_id text NOT NULL,
    corrects text,
    CONSTRAINT usage_check CHECK ((end_at > start_at)),
    CONSTRAINT usage_class_check CHECK (((class >= 0) AND (class <= 3))),
    CONSTRAINT usage_kind_check CHECK (((kind >= 1) AND (kind <= 3))),
    CONSTRAINT usage_site_id_positive CHECK ((site_id > 0))
);


ALTER TABLE ledger.usage OWNER TO ldg_migrator;

--
-- Name: records; Type: VIEW; Schema: audit; Owner: ldg_migrator
--

CREATE VIEW audit.records WITH (security_barrier='true') AS
 SELECT t.tenant,
    u.seq,
    s.site,
    u.meter,
    u.event_id,
    u.corrects,
        CASE u.kind
            WHEN 1 THEN 'gpu'::text
            WHEN 2 THEN 'energy'::text
            WHEN 3 THEN 'downtime'::text
            ELSE NULL::text
        END AS kind,
        CASE u.class
            WHEN 1 THEN 'H100'::text
            WHEN 2 THEN 'H200'::text
            WHEN 3 THEN 'GB200'::text
            ELSE NULL::text
        END AS class,
    u.start_at,
    u.end_at,
    round(((u.qty_micros)::numeric / (1000000)::numeric), 6) AS quantity,
        CASE u.kind
            WHEN 2 THEN 'mwh'::text
            ELSE 'gpu_hour'::text
        END AS unit,
    u.qty_micros,
    (EXISTS ( SELECT 1
           FROM ledger.usage c
          WHERE ((c.tenant_id = u.tenant_id) AND (c.corrects = u.event_id) AND (c.seq > u.seq)))) AS corrected,
    ( SELECT encode(SUBSTRING(lt.hashes FROM ((((u.seq % (256)::bigint))::integer * 32) + 1) FOR 32), 'base64'::text) AS encode
           FROM ledger.log_tile lt
          WHERE ((lt.tenant_id = u.tenant_id) AND (lt.level = 0) AND (lt.idx = (u.seq / 256)) AND (lt.width > (u.seq % (256)::bigint)))
          ORDER BY lt.width DESC
         LIMIT 1) AS leaf_hash
   FROM ((ledger.usage u
     JOIN ledger.tenant t ON ((t.tenant_id = u.tenant_id)))
     JOIN ledger.site s ON ((s.site_id = u.site_id)))
  WHERE ((t.tenant IN ( SELECT
                CASE a.tenant
                    WHEN '*'::text THEN t.tenant
                    ELSE a.tenant
                END AS tenant
           FROM ledger.audit_login a
          WHERE (a.login = SESSION_USER))) AND (t.tenant = COALESCE(NULLIF(current_setting('leaseledger.tenant'::text, true), ''::text), t.tenant)));


ALTER TABLE audit.records OWNER TO ldg_migrator;

--
-- Name: contract_doc; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.contract_doc (
    tenant_id integer NOT NULL,
    seq bigint NOT NULL,
    contract_id text NOT NULL,
    amends text,
    effective timestamp with time zone,
    starts timestamp with time zone NOT NULL,
    ends timestamp with time zone NOT NULL,
    site_id smallint NOT NULL,
    currency text NOT NULL,
    series text NOT NULL,
    doc jsonb NOT NULL,
    doc_sha256 bytea NOT NULL,
    CONSTRAINT contract_doc_site_id_positive CHECK ((site_id > 0))
);


ALTER TABLE ledger.contract_doc OWNER TO ldg_migrator;

--
-- Name: finding_ack; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.finding_ack (
    tenant_id integer NOT NULL,
    finding_id text NOT NULL,
    seq bigint NOT NULL,
    reason text NOT NULL,
    acked_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT finding_ack_reason_check CHECK ((length(reason) > 0))
);


ALTER TABLE ledger.finding_ack OWNER TO ldg_migrator;

--
-- Name: ingest_file; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.ingest_file (
    file_sha256 bytea NOT NULL,
    name text NOT NULL,
    taken_at timestamp with time zone DEFAULT now() NOT NULL,
    accepted bigint NOT NULL,
    duplicates bigint NOT NULL,
    rejected bigint NOT NULL
);


ALTER TABLE ledger.ingest_file OWNER TO ldg_migrator;

--
-- Name: invoice_counter; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.invoice_counter (
    tenant_id integer NOT NULL,
    series text NOT NULL,
    year integer NOT NULL,
    last integer NOT NULL,
    CONSTRAINT invoice_counter_last_check CHECK ((last >= 0))
);


ALTER TABLE ledger.invoice_counter OWNER TO ldg_migrator;

--
-- Name: invoice_draft; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.invoice_draft (
    tenant_id integer NOT NULL,
    draft_no bigint NOT NULL,
    contract_id text NOT NULL,
    period text NOT NULL,
    kind text NOT NULL,
    amends text,
    currency text NOT NULL,
    total_micros bigint NOT NULL,
    doc jsonb NOT NULL,
    rated_size bigint NOT NULL,
    rated_root bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    state text DEFAULT 'pending'::text NOT NULL,
    decided_by text,
    decided_at timestamp with time zone,
    note text,
    number text,
    decision_seq bigint,
    CONSTRAINT invoice_draft_check CHECK (((state = 'pending'::text) = (decided_at IS NULL))),
    CONSTRAINT invoice_draft_check1 CHECK (((state = ANY (ARRAY['approved'::text, 'rejected'::text])) = (decided_by IS NOT NULL))),
    CONSTRAINT invoice_draft_check2 CHECK (((state = ANY (ARRAY['approved'::text, 'rejected'::text])) = (decision_seq IS NOT NULL))),
    CONSTRAINT invoice_draft_check3 CHECK (((state = 'approved'::text) = (number IS NOT NULL))),
    CONSTRAINT invoice_draft_check4 CHECK (((state <> 'rejected'::text) OR (length(note) > 0))),
    CONSTRAINT invoice_draft_draft_no_check CHECK ((draft_no > 0)),
    CONSTRAINT invoice_draft_kind_check CHECK ((kind = ANY (ARRAY['invoice'::text, 'credit_note'::text]))),
    CONSTRAINT invoice_draft_period_check CHECK ((period ~ '^[0-9]{4}-[0-9]{2}$'::text)),
    CONSTRAINT invoice_draft_rated_root_check CHECK ((length(rated_root) = 32)),
    CONSTRAINT invoice_draft_rated_size_check CHECK ((rated_size >= 0)),
    CONSTRAINT invoice_draft_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text, 'replaced'::text])))
);


ALTER TABLE ledger.invoice_draft OWNER TO ldg_migrator;

--
-- Name: log_doc; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.log_doc (
    tenant_id integer NOT NULL,
    seq bigint NOT NULL,
    kind text NOT NULL,
    body bytea NOT NULL
);


ALTER TABLE ledger.log_doc OWNER TO ldg_migrator;

--
-- Name: log_head; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.log_head (
    tenant_id integer NOT NULL,
    size bigint DEFAULT 0 NOT NULL,
    CONSTRAINT log_head_size_check CHECK ((size >= 0))
);


ALTER TABLE ledger.log_head OWNER TO ldg_migrator;

--
-- Name: payment; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.payment (
    tenant_id integer NOT NULL,
    seq bigint NOT NULL,
    payment_id text NOT NULL,
    received_at timestamp with time zone NOT NULL,
    amount_micros bigint NOT NULL,
    currency text NOT NULL,
    reference text NOT NULL,
    payer text NOT NULL,
    assigned_by text,
    CONSTRAINT payment_amount_micros_check CHECK ((amount_micros > 0)),
    CONSTRAINT payment_assigned_by_check CHECK (((length(assigned_by) >= 1) AND (length(assigned_by) <= 256))),
    CONSTRAINT payment_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT payment_payer_check CHECK ((length(payer) <= 256)),
    CONSTRAINT payment_payment_id_check CHECK (((length(payment_id) >= 1) AND (length(payment_id) <= 256))),
    CONSTRAINT payment_reference_check CHECK ((length(reference) <= 2048)),
    CONSTRAINT payment_seq_check CHECK ((seq >= 0))
);


ALTER TABLE ledger.payment OWNER TO ldg_migrator;

--
-- Name: payment_unmatched; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.payment_unmatched (
    payment_id text NOT NULL,
    received_at timestamp with time zone NOT NULL,
    amount_micros bigint NOT NULL,
    currency text NOT NULL,
    reference text NOT NULL,
    payer text NOT NULL,
    tenant_hint text NOT NULL,
    source text NOT NULL,
    imported_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payment_unmatched_amount_micros_check CHECK ((amount_micros > 0)),
    CONSTRAINT payment_unmatched_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT payment_unmatched_payer_check CHECK ((length(payer) <= 256)),
    CONSTRAINT payment_unmatched_payment_id_check CHECK (((length(payment_id) >= 1) AND (length(payment_id) <= 256))),
    CONSTRAINT payment_unmatched_reference_check CHECK ((length(reference) <= 2048)),
    CONSTRAINT payment_unmatched_tenant_hint_check CHECK ((length(tenant_hint) <= 256))
);


ALTER TABLE ledger.payment_unmatched OWNER TO ldg_migrator;

--
-- Name: payment_pending; Type: VIEW; Schema: ledger; Owner: ldg_migrator
--

CREATE VIEW ledger.payment_pending AS
 SELECT u.payment_id,
    u.received_at,
    u.amount_micros,
    u.currency,
    u.reference,
    u.payer,
    u.tenant_hint,
    u.source,
    u.imported_at
   FROM ledger.payment_unmatched u
  WHERE (NOT (EXISTS ( SELECT 1
           FROM ledger.payment p
          WHERE ((p.payment_id = u.payment_id) AND (p.received_at = u.received_at) AND (p.amount_micros = u.amount_micros) AND (p.currency = u.currency)))));


ALTER TABLE ledger.payment_pending OWNER TO ldg_migrator;

--
-- Name: seal_state; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.seal_state (
    tenant_id integer NOT NULL,
    size bigint NOT NULL,
    root bytea NOT NULL,
    sealed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT seal_state_root_check CHECK ((length(root) = 32)),
    CONSTRAINT seal_state_size_check CHECK ((size > 0))
);


ALTER TABLE ledger.seal_state OWNER TO ldg_migrator;

--
-- Name: signing_key; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.signing_key (
    key_name text NOT NULL,
    key_id bigint NOT NULL,
    public_key bytea NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT signing_key_public_key_check CHECK ((length(public_key) = 32))
);


ALTER TABLE ledger.signing_key OWNER TO ldg_migrator;

--
-- Name: site_site_id_seq; Type: SEQUENCE; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ledger.site ALTER COLUMN site_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME ledger.site_site_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: site_version; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.site_version (
    site_id smallint NOT NULL,
    valid_from timestamp with time zone NOT NULL,
    doc jsonb NOT NULL,
    doc_sha256 bytea NOT NULL,
    power_micros bigint NOT NULL,
    gpus_h100 bigint DEFAULT 0 NOT NULL,
    gpus_h200 bigint DEFAULT 0 NOT NULL,
    gpus_gb200 bigint DEFAULT 0 NOT NULL,
    CONSTRAINT site_version_power_micros_check CHECK ((power_micros >= 0)),
    CONSTRAINT site_version_site_id_positive CHECK ((site_id > 0))
);


ALTER TABLE ledger.site_version OWNER TO ldg_migrator;

--
-- Name: tenant_tenant_id_seq; Type: SEQUENCE; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ledger.tenant ALTER COLUMN tenant_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME ledger.tenant_tenant_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: usage_hourly; Type: TABLE; Schema: ledger; Owner: ldg_migrator
--

CREATE TABLE ledger.usage_hourly (
    tenant_id integer NOT NULL,
    hour timestamp with time zone NOT NULL,
    site_id smallint NOT NULL,
    kind smallint NOT NULL,
    class smallint NOT NULL,
    qty_micros bigint NOT NULL,
    records integer NOT NULL,
    CONSTRAINT usage_hourly_site_id_positive CHECK ((site_id > 0))
);


ALTER TABLE ledger.usage_hourly OWNER TO ldg_migrator;

--
-- Name: ldg_migration; Type: TABLE; Schema: public; Owner: ldg_migrator
--

CREATE TABLE public.ldg_migration (
    version integer NOT NULL,
    name text NOT NULL,
    sha256 text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.ldg_migration OWNER TO ldg_migrator;

--
-- Data for Name: audit_login; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.audit_login (login, tenant, granted_at) FROM stdin;
\.


--
-- Data for Name: checkpoint; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.checkpoint (tenant_id, size, root, note, key_name, key_id, signed_at) FROM stdin;
1	56	\\xe6cdd0a27bebac3b0a9b09c139698bfff0bcf6389dd3fb3ed6c3e73073673d18	prev-operator/internal-training\n56\n5s3QonvrrDsKmwnBOWmL//C89jid0/s+1sPnMHNnPRg=\n\n— prev-operator Doi74A5nTYeQQLbGrUDAkNrofbJzHkeZAentUIg9J5oh9ufemEPTKk/sWevzGRtQmSPBFw5+XYcrA6/uybLTy0YjvAE=\n	prev-operator	243842016	2026-12-05 00:16:35.369642+00
2	229	\\x49b20780c3d715a25789c83767db90b629cd42b1b4fce83e1e2dd533c10a66c6	prev-operator/anthropic\n229\nSbIHgMPXFaJXicg3Z9uQtinNQrG0/Og+Hi3VM8EKZsY=\n\n— prev-operator Doi74AGQcecdVDzwY+tusgGGIsritNMYYNqXA0SuMn0MoGiX5E5tSlEu2FX0Jkt8hsw6cHdc9s59O/NnRKyHO/q0WQA=\n	prev-operator	243842016	2026-12-05 00:16:35.380802+00
1	57	\\x2dbe142c47853496051d259917dd73d87f005712adb3e99155ad1870a85def12	prev-operator/internal-training\n57\nLb4ULEeFNJYFHSWZF91z2H8AVxKts+mRVa0YcKhd7xI=\n\n— prev-operator Doi74NanXMB7f/R4GqOTL5maNHAUAylyzmkZIbrI7ZKL7NLaK4Y/XrXNv5PJF/7wm6lr5VPQFtR8WkAlcFW7UOHYPQ0=\n	prev-operator	243842016	2026-12-05 00:16:35.405223+00
2	230	\\xabf370460c2e9162958efaddbd6deee773d8d81b2f14e58c7d181a4320d3e2be	prev-operator/anthropic\n230\nq/NwRgwukWKVjvrdvW3u53PY2BsvFOWMfRgaQyDT4r4=\n\n— prev-operator Doi74B/X/NTMX7W8Pp7MdTbf9B/+xjdEDmXRfYEf3gAAG4k9U2rvuQMW8Y/YG3CkAZ8PPVr92XPnifBd5usubK2Jvg0=\n	prev-operator	243842016	2026-12-05 00:16:35.408778+00
2	231	\\x9418f280a64543571d538741cabcdb593f165138e36b41441f9faf8ba036e4b9	prev-operator/anthropic\n231\nlBjygKZFQ1cdU4dByrzbWT8WUTjja0FEH5+vi6A25Lk=\n\n— prev-operator Doi74DZqkx1ZQLF8zQJort1KKuIskxnCTpLBU7aglVC3PsrHOR9NhpPR2rQMQ6iBC/w46EN9BeBy1U2BECoy/2silAA=\n	prev-operator	243842016	2026-12-05 00:16:35.468644+00
2	233	\\x25a5dcdd9812b251361040fe90124883d095a81247f8645044fdde736fb8923b	prev-operator/anthropic\n233\nJaXc3ZgSslE2EED+kBJIg9CVqBJH+GRQRP3ec2+4kjs=\n\n— prev-operator Doi74IIMJNDk5+RXfZR3epzBIXwo9l+anJM3TkpUYvIWi/C2hXlNSusWvk8+mxDZ9m4tk8niLFsqZH6zFhAWKgkjiAo=\n	prev-operator	243842016	2026-12-05 00:16:35.52907+00
2	235	\\xeafbb71c36f9cab7be658eddabce68bccb5bd5b7a7d50fb29f86a64d548fda5d	prev-operator/anthropic\n235\n6vu3HDb5yre+ZY7dq85ovMtb1ben1Q+yn4amTVSP2l0=\n\n— prev-operator Doi74Jt+BMHQCrbXrzMjvHKRhdsKwWrMiKQX0EOlkA7nwHDSrDse9LPprBOSlG4zvifYz47gA4YpdoCvJXif4fb4jwU=\n	prev-operator	243842016	2026-12-05 00:16:35.590711+00
\.


--
-- Data for Name: contract_doc; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.contract_doc (tenant_id, seq, contract_id, amends, effective, starts, ends, site_id, currency, series, doc, doc_sha256) FROM stdin;
1	0	C1-INT	\N	\N	2026-11-01 00:00:00+00	2026-11-10 00:00:00+00	1	USD	INT	{"gpu": [{"rate": "1.200000", "class": "H100", "reserved": 100000, "overage_rate": "1.200000"}, {"rate": "1.600000", "class": "H200", "reserved": 50000, "overage_rate": "1.600000"}, {"rate": "2.500000", "class": "GB200", "reserved": 70000, "overage_rate": "2.500000"}], "sla": {"target": "99.000000", "credits": [{"below": "99.000000", "percent": "2"}]}, "ends": "2026-11-10T00:00:00Z", "site": "colossus-1", "energy": {"pue": "1.250000", "rate_per_mwh": "62.500000"}, "starts": "2026-11-01T00:00:00Z", "tenant": "internal-training", "bill_to": {"address": ["1 Example Way", "Memphis TN 38101"], "country": "US", "legal_name": "Internal Training (cost center 4100)"}, "contract": "C1-INT", "currency": "USD", "tenant_name": "Internal Training (cost center 4100)", "payment_terms": {"net_days": 30}, "invoice_series": "INT", "minimum_monthly": "0.00"}	\\x6cbffb0098e9eff9ac333de48fc6b709ddf4602e837f236b9fa0c93f72bdf768
2	0	C1-ANTH	\N	\N	2026-11-10 00:00:00+00	2029-11-10 00:00:00+00	1	USD	C1	{"gpu": [{"rate": "1.850000", "class": "H100", "reserved": 100000, "overage_rate": "2.400000", "overage_tiers": [{"rate": "2.400000", "up_to": "500000"}, {"rate": "2.100000"}]}, {"rate": "2.450000", "class": "H200", "reserved": 50000, "overage_rate": "3.180000", "overage_tiers": [{"rate": "3.180000", "up_to": "250000"}, {"rate": "2.780000"}]}, {"rate": "3.900000", "class": "GB200", "reserved": 70000, "overage_rate": "5.070000", "overage_tiers": [{"rate": "5.070000", "up_to": "350000"}, {"rate": "4.430000"}]}], "sla": {"target": "99.900000", "credits": [{"below": "99.900000", "percent": "5"}, {"below": "99.000000", "percent": "10"}]}, "tax": [{"name": "Tennessee sales tax", "percent": "7.000000", "streams": ["gpu_reserved", "gpu_overage", "power_capacity"], "category": "S"}], "ends": "2029-11-10T00:00:00Z", "site": "colossus-1", "energy": {"pue": "1.250000", "capacity_mw": "300", "rate_per_mwh": "62.500000", "capacity_rate_per_mw_month": "15000.000000"}, "starts": "2026-11-10T00:00:00Z", "tenant": "anthropic", "bill_to": {"email": "ap@example.com", "tax_id": "00-0000001", "address": ["548 Market St", "San Francisco CA 94104"], "country": "US", "legal_name": "Anthropic PBC", "payer_accounts": ["000987654321"]}, "contract": "C1-ANTH", "currency": "USD", "escalator": {"percent": "3.000000", "every_months": 12}, "tenant_name": "Anthropic PBC", "payment_terms": {"net_days": 30}, "invoice_series": "C1", "purchase_order": "PO-2026-0042", "minimum_monthly": "0.00"}	\\x7e138088f519cf26c681258d14a2e1626fb8ad3b53409ae80508cf59369888f6
\.


--
-- Data for Name: finding_ack; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.finding_ack (tenant_id, finding_id, seq, reason, acked_at) FROM stdin;
\.


--
-- Data for Name: ingest_file; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.ingest_file (file_sha256, name, taken_at, accepted, duplicates, rejected) FROM stdin;
\.


--
-- Data for Name: invoice; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.invoice (tenant_id, number, seq, kind, contract_id, period, amends, currency, total_micros, issued_at, rated_size, rated_root, doc) FROM stdin;
1	INT-2026-000001	56	invoice	C1-INT	2026-11	\N	USD	81003339030000	2026-12-01 02:00:00+00	56	\\xe6cdd0a27bebac3b0a9b09c139698bfff0bcf6389dd3fb3ed6c3e73073673d18	{"due": "2026-12-31", "net": "81003339.03", "tax": [], "basis": {"from": 1, "count": 56, "sha256": "5PW1uEVqk4smImrNO/wpZg4InTZH6u5VyxQHM1ZMbII="}, "lines": [{"to": "2026-11-10T00:00:00Z", "from": "2026-11-01T00:00:00Z", "rate": "1.200000", "unit": "gpu_hour", "class": "H100", "amount": "25920000.00", "stream": "gpu_reserved", "quantity": "21600000.000000"}, {"to": "2026-11-10T00:00:00Z", "from": "2026-11-01T00:00:00Z", "rate": "1.600000", "unit": "gpu_hour", "class": "H200", "amount": "17280000.00", "stream": "gpu_reserved", "quantity": "10800000.000000"}, {"to": "2026-11-10T00:00:00Z", "from": "2026-11-01T00:00:00Z", "rate": "2.500000", "unit": "gpu_hour", "class": "GB200", "amount": "37800000.00", "stream": "gpu_reserved", "quantity": "15120000.000000"}, {"to": "2026-11-10T00:00:00Z", "from": "2026-11-01T00:00:00Z", "rate": "62.500000", "unit": "mwh", "class": null, "amount": "3339.03", "stream": "energy", "quantity": "53.424419"}], "total": "81003339.03", "amends": null, "issued": "2026-12-01T02:00:00Z", "number": "INT-2026-000001", "period": "2026-11", "bill_to": {"address": ["1 Example Way", "Memphis TN 38101"], "country": "US", "legal_name": "Internal Training (cost center 4100)"}, "contract": "C1-INT", "currency": "USD", "rated_from": {"root": "5s3QonvrrDsKmwnBOWmL//C89jid0/s+1sPnMHNnPRg=", "size": 56}, "approved_by": null, "purchase_order": null}
2	C1-2026-000001	229	invoice	C1-ANTH	2026-11	\N	USD	316435261130000	2026-12-01 02:00:00+00	229	\\x49b20780c3d715a25789c83767db90b629cd42b1b4fce83e1e2dd533c10a66c6	{"due": "2026-12-31", "net": "295734721.13", "tax": [{"name": "Tennessee sales tax", "amount": "20700540.00", "percent": "7.000000", "taxable": "295722000.00", "category": "S"}], "basis": {"from": 1, "count": 229, "sha256": "YHiFIHzgoYXDqoBm1ieiNO/fzsCiib+KHQBiBzdY6OA="}, "lines": [{"to": "2026-12-01T00:00:00Z", "from": "2026-11-10T00:00:00Z", "rate": "1.850000", "unit": "gpu_hour", "class": "H100", "amount": "93240000.00", "stream": "gpu_reserved", "quantity": "50400000.000000"}, {"to": "2026-12-01T00:00:00Z", "from": "2026-11-10T00:00:00Z", "rate": "2.450000", "unit": "gpu_hour", "class": "H200", "amount": "61740000.00", "stream": "gpu_reserved", "quantity": "25200000.000000"}, {"to": "2026-12-01T00:00:00Z", "from": "2026-11-10T00:00:00Z", "rate": "3.900000", "unit": "gpu_hour", "class": "GB200", "amount": "137592000.00", "stream": "gpu_reserved", "quantity": "35280000.000000"}, {"to": "2026-12-01T00:00:00Z", "from": "2026-11-10T00:00:00Z", "rate": "62.500000", "unit": "mwh", "class": null, "amount": "12721.13", "stream": "energy", "quantity": "203.538006"}, {"to": "2026-12-01T00:00:00Z", "from": "2026-11-10T00:00:00Z", "rate": "15000.000000", "unit": "mw_month", "class": null, "amount": "3150000.00", "stream": "power_capacity", "quantity": "210.000000"}], "total": "316435261.13", "amends": null, "issued": "2026-12-01T02:00:00Z", "number": "C1-2026-000001", "period": "2026-11", "bill_to": {"email": "ap@example.com", "tax_id": "00-0000001", "address": ["548 Market St", "San Francisco CA 94104"], "country": "US", "legal_name": "Anthropic PBC", "payer_accounts": ["000987654321"]}, "contract": "C1-ANTH", "currency": "USD", "rated_from": {"root": "SbIHgMPXFaJXicg3Z9uQtinNQrG0/Og+Hi3VM8EKZsY=", "size": 229}, "approved_by": null, "purchase_order": "PO-2026-0042"}
2	C1-2026-000002	231	invoice	C1-ANTH	2026-11	C1-2026-000001	USD	156250000	2026-12-06 02:00:00+00	231	\\x9418f280a64543571d538741cabcdb593f165138e36b41441f9faf8ba036e4b9	{"due": "2027-01-05", "net": "156.25", "tax": [{"name": "Tennessee sales tax", "amount": "0.00", "percent": "7.000000", "taxable": "0.00", "category": "S"}], "basis": {"from": 1, "count": 231, "sha256": "UohRhg+CSnew2xQ+B+ApO/zUIqTD3pdtjKvLdZJ6/GY="}, "lines": [{"to": "2026-12-01T00:00:00Z", "from": "2026-11-10T00:00:00Z", "rate": "62.500000", "unit": "mwh", "class": null, "amount": "156.25", "stream": "energy", "quantity": "2.500000"}], "total": "156.25", "amends": "C1-2026-000001", "issued": "2026-12-06T02:00:00Z", "number": "C1-2026-000002", "period": "2026-11", "bill_to": {"email": "ap@example.com", "tax_id": "00-0000001", "address": ["548 Market St", "San Francisco CA 94104"], "country": "US", "legal_name": "Anthropic PBC", "payer_accounts": ["000987654321"]}, "contract": "C1-ANTH", "currency": "USD", "rated_from": {"root": "lBjygKZFQ1cdU4dByrzbWT8WUTjja0FEH5+vi6A25Lk=", "size": 231}, "approved_by": null, "purchase_order": "PO-2026-0042"}
2	C1-2026-000003	233	credit_note	C1-ANTH	2026-11	C1-2026-000001	USD	-78130000	2026-12-06 03:00:00+00	233	\\x25a5dcdd9812b251361040fe90124883d095a81247f8645044fdde736fb8923b	{"due": "2027-01-05", "net": "-78.13", "tax": [{"name": "Tennessee sales tax", "amount": "0.00", "percent": "7.000000", "taxable": "0.00", "category": "S"}], "basis": {"from": 1, "count": 233, "sha256": "ggrZqkfddjiHEcVEHaWAiV6vya8Wfaen7+BlXh1ynWk="}, "lines": [{"to": "2026-12-01T00:00:00Z", "from": "2026-11-10T00:00:00Z", "rate": "62.500000", "unit": "mwh", "class": null, "amount": "-78.13", "stream": "energy", "quantity": "-1.250000"}], "total": "-78.13", "amends": "C1-2026-000001", "issued": "2026-12-06T03:00:00Z", "number": "C1-2026-000003", "period": "2026-11", "bill_to": {"email": "ap@example.com", "tax_id": "00-0000001", "address": ["548 Market St", "San Francisco CA 94104"], "country": "US", "legal_name": "Anthropic PBC", "payer_accounts": ["000987654321"]}, "contract": "C1-ANTH", "currency": "USD", "rated_from": {"root": "JaXc3ZgSslE2EED+kBJIg9CVqBJH+GRQRP3ec2+4kjs=", "size": 233}, "approved_by": null, "purchase_order": "PO-2026-0042"}
\.


--
-- Data for Name: invoice_counter; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.invoice_counter (tenant_id, series, year, last) FROM stdin;
1	INT	2026	1
2	C1	2026	3
\.


--
-- Data for Name: invoice_draft; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.invoice_draft (tenant_id, draft_no, contract_id, period, kind, amends, currency, total_micros, doc, rated_size, rated_root, created_at, state, decided_by, decided_at, note, number, decision_seq) FROM stdin;
\.


--
-- Data for Name: invoice_line; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.invoice_line (tenant_id, number, line_no, stream, class, from_at, to_at, qty_micros, unit, rate_micros, amount_micros) FROM stdin;
1	INT-2026-000001	1	gpu_reserved	H100	2026-11-01 00:00:00+00	2026-11-10 00:00:00+00	21600000000000	gpu_hour	1200000	25920000000000
1	INT-2026-000001	2	gpu_reserved	H200	2026-11-01 00:00:00+00	2026-11-10 00:00:00+00	10800000000000	gpu_hour	1600000	17280000000000
1	INT-2026-000001	3	gpu_reserved	GB200	2026-11-01 00:00:00+00	2026-11-10 00:00:00+00	15120000000000	gpu_hour	2500000	37800000000000
1	INT-2026-000001	4	energy	\N	2026-11-01 00:00:00+00	2026-11-10 00:00:00+00	53424419	mwh	62500000	3339030000
2	C1-2026-000001	1	gpu_reserved	H100	2026-11-10 00:00:00+00	2026-12-01 00:00:00+00	50400000000000	gpu_hour	1850000	93240000000000
2	C1-2026-000001	2	gpu_reserved	H200	2026-11-10 00:00:00+00	2026-12-01 00:00:00+00	25200000000000	gpu_hour	2450000	61740000000000
2	C1-2026-000001	3	gpu_reserved	GB200	2026-11-10 00:00:00+00	2026-12-01 00:00:00+00	35280000000000	gpu_hour	3900000	137592000000000
2	C1-2026-000001	4	energy	\N	2026-11-10 00:00:00+00	2026-12-01 00:00:00+00	203538006	mwh	62500000	12721130000
2	C1-2026-000001	5	power_capacity	\N	2026-11-10 00:00:00+00	2026-12-01 00:00:00+00	210000000	mw_month	15000000000	3150000000000
2	C1-2026-000002	1	energy	\N	2026-11-10 00:00:00+00	2026-12-01 00:00:00+00	2500000	mwh	62500000	156250000
2	C1-2026-000003	1	energy	\N	2026-11-10 00:00:00+00	2026-12-01 00:00:00+00	-1250000	mwh	62500000	-78130000
\.


--
-- Data for Name: log_doc; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.log_doc (tenant_id, seq, kind, body) FROM stdin;
1	0	contract	\\x7b2264617461223a7b2262696c6c5f746f223a7b2261646472657373223a5b2231204578616d706c6520576179222c224d656d7068697320544e203338313031225d2c22636f756e747279223a225553222c226c6567616c5f6e616d65223a22496e7465726e616c20547261696e696e672028636f73742063656e746572203431303029227d2c22636f6e7472616374223a2243312d494e54222c2263757272656e6379223a22555344222c22656e6473223a22323032362d31312d31305430303a30303a30305a222c22656e65726779223a7b22707565223a22312e323530303030222c22726174655f7065725f6d7768223a2236322e353030303030227d2c22677075223a5b7b22636c617373223a2248313030222c226f7665726167655f72617465223a22312e323030303030222c2272617465223a22312e323030303030222c227265736572766564223a3130303030307d2c7b22636c617373223a2248323030222c226f7665726167655f72617465223a22312e363030303030222c2272617465223a22312e363030303030222c227265736572766564223a35303030307d2c7b22636c617373223a224742323030222c226f7665726167655f72617465223a22322e353030303030222c2272617465223a22322e353030303030222c227265736572766564223a37303030307d5d2c22696e766f6963655f736572696573223a22494e54222c226d696e696d756d5f6d6f6e74686c79223a22302e3030222c227061796d656e745f7465726d73223a7b226e65745f64617973223a33307d2c2273697465223a22636f6c6f737375732d31222c22736c61223a7b2263726564697473223a5b7b2262656c6f77223a2239392e303030303030222c2270657263656e74223a2232227d5d2c22746172676574223a2239392e303030303030227d2c22737461727473223a22323032362d31312d30315430303a30303a30305a222c2274656e616e74223a22696e7465726e616c2d747261696e696e67222c2274656e616e745f6e616d65223a22496e7465726e616c20547261696e696e672028636f73742063656e746572203431303029227d2c226b696e64223a22636f6e7472616374222c22736571223a302c2274656e616e74223a22696e7465726e616c2d747261696e696e67222c2276223a317d
2	0	contract	\\x7b2264617461223a7b2262696c6c5f746f223a7b2261646472657373223a5b22353438204d61726b6574205374222c2253616e204672616e636973636f204341203934313034225d2c22636f756e747279223a225553222c22656d61696c223a226170406578616d706c652e636f6d222c226c6567616c5f6e616d65223a22416e7468726f70696320504243222c2270617965725f6163636f756e7473223a5b22303030393837363534333231225d2c227461785f6964223a2230302d30303030303031227d2c22636f6e7472616374223a2243312d414e5448222c2263757272656e6379223a22555344222c22656e6473223a22323032392d31312d31305430303a30303a30305a222c22656e65726779223a7b2263617061636974795f6d77223a22333030222c2263617061636974795f726174655f7065725f6d775f6d6f6e7468223a2231353030302e303030303030222c22707565223a22312e323530303030222c22726174655f7065725f6d7768223a2236322e353030303030227d2c22657363616c61746f72223a7b2265766572795f6d6f6e746873223a31322c2270657263656e74223a22332e303030303030227d2c22677075223a5b7b22636c617373223a2248313030222c226f7665726167655f72617465223a22322e343030303030222c226f7665726167655f7469657273223a5b7b2272617465223a22322e343030303030222c2275705f746f223a22353030303030227d2c7b2272617465223a22322e313030303030227d5d2c2272617465223a22312e383530303030222c227265736572766564223a3130303030307d2c7b22636c617373223a2248323030222c226f7665726167655f72617465223a22332e313830303030222c226f7665726167655f7469657273223a5b7b2272617465223a22332e313830303030222c2275705f746f223a22323530303030227d2c7b2272617465223a22322e373830303030227d5d2c2272617465223a22322e343530303030222c227265736572766564223a35303030307d2c7b22636c617373223a224742323030222c226f7665726167655f72617465223a22352e303730303030222c226f7665726167655f7469657273223a5b7b2272617465223a22352e303730303030222c2275705f746f223a22333530303030227d2c7b2272617465223a22342e343330303030227d5d2c2272617465223a22332e393030303030222c227265736572766564223a37303030307d5d2c22696e766f6963655f736572696573223a224331222c226d696e696d756d5f6d6f6e74686c79223a22302e3030222c227061796d656e745f7465726d73223a7b226e65745f64617973223a33307d2c2270757263686173655f6f72646572223a22504f2d323032362d30303432222c2273697465223a22636f6c6f737375732d31222c22736c61223a7b2263726564697473223a5b7b2262656c6f77223a2239392e393030303030222c2270657263656e74223a2235227d2c7b2262656c6f77223a2239392e303030303030222c2270657263656e74223a223130227d5d2c22746172676574223a2239392e393030303030227d2c22737461727473223a22323032362d31312d31305430303a30303a30305a222c22746178223a5b7b2263617465676f7279223a2253222c226e616d65223a2254656e6e65737365652073616c657320746178222c2270657263656e74223a22372e303030303030222c2273747265616d73223a5b226770755f7265736572766564222c226770755f6f766572616765222c22706f7765725f6361706163697479225d7d5d2c2274656e616e74223a22616e7468726f706963222c2274656e616e745f6e616d65223a22416e7468726f70696320504243227d2c226b696e64223a22636f6e7472616374222c22736571223a302c2274656e616e74223a22616e7468726f706963222c2276223a317d
1	56	invoice	\\x7b2264617461223a7b22616d656e6473223a6e756c6c2c22617070726f7665645f6279223a6e756c6c2c226261736973223a7b22636f756e74223a35362c2266726f6d223a312c22736861323536223a2235505731754556716b34736d496d724e4f2f77705a6734496e545a4836753556797851484d315a4d6249493d227d2c2262696c6c5f746f223a7b2261646472657373223a5b2231204578616d706c6520576179222c224d656d7068697320544e203338313031225d2c22636f756e747279223a225553222c226c6567616c5f6e616d65223a22496e7465726e616c20547261696e696e672028636f73742063656e746572203431303029227d2c22636f6e7472616374223a2243312d494e54222c2263757272656e6379223a22555344222c22647565223a22323032362d31322d3331222c22697373756564223a22323032362d31322d30315430323a30303a30305a222c226c696e6573223a5b7b22616d6f756e74223a2232353932303030302e3030222c22636c617373223a2248313030222c2266726f6d223a22323032362d31312d30315430303a30303a30305a222c227175616e74697479223a2232313630303030302e303030303030222c2272617465223a22312e323030303030222c2273747265616d223a226770755f7265736572766564222c22746f223a22323032362d31312d31305430303a30303a30305a222c22756e6974223a226770755f686f7572227d2c7b22616d6f756e74223a2231373238303030302e3030222c22636c617373223a2248323030222c2266726f6d223a22323032362d31312d30315430303a30303a30305a222c227175616e74697479223a2231303830303030302e303030303030222c2272617465223a22312e363030303030222c2273747265616d223a226770755f7265736572766564222c22746f223a22323032362d31312d31305430303a30303a30305a222c22756e6974223a226770755f686f7572227d2c7b22616d6f756e74223a2233373830303030302e3030222c22636c617373223a224742323030222c2266726f6d223a22323032362d31312d30315430303a30303a30305a222c227175616e74697479223a2231353132303030302e303030303030222c2272617465223a22322e353030303030222c2273747265616d223a226770755f7265736572766564222c22746f223a22323032362d31312d31305430303a30303a30305a222c22756e6974223a226770755f686f7572227d2c7b22616d6f756e74223a22333333392e3033222c22636c617373223a6e756c6c2c2266726f6d223a22323032362d31312d30315430303a30303a30305a222c227175616e74697479223a2235332e343234343139222c2272617465223a2236322e353030303030222c2273747265616d223a22656e65726779222c22746f223a22323032362d31312d31305430303a30303a30305a222c22756e6974223a226d7768227d5d2c226e6574223a2238313030333333392e3033222c226e756d626572223a22494e542d323032362d303030303031222c22706572696f64223a22323032362d3131222c2270757263686173655f6f72646572223a6e756c6c2c2272617465645f66726f6d223a7b22726f6f74223a22357333516f6e76727244734b6d776e424f576d4c2f2f4338396a6964302f732b3173506e4d484e6e5052673d222c2273697a65223a35367d2c22746178223a5b5d2c22746f74616c223a2238313030333333392e3033227d2c226b696e64223a22696e766f696365222c22736571223a35362c2274656e616e74223a22696e7465726e616c2d747261696e696e67222c2276223a317d
2	229	invoice	\\x7b2264617461223a7b22616d656e6473223a6e756c6c2c22617070726f7665645f6279223a6e756c6c2c226261736973223a7b22636f756e74223a3232392c2266726f6d223a312c22736861323536223a225948694649487a676f595844716f426d316965694e4f2f667a73436969622b4b48514269427a6459364f413d227d2c2262696c6c5f746f223a7b2261646472657373223a5b22353438204d61726b6574205374222c2253616e204672616e636973636f204341203934313034225d2c22636f756e747279223a225553222c22656d61696c223a226170406578616d706c652e636f6d222c226c6567616c5f6e616d65223a22416e7468726f70696320504243222c2270617965725f6163636f756e7473223a5b22303030393837363534333231225d2c227461785f6964223a2230302d30303030303031227d2c22636f6e7472616374223a2243312d414e5448222c2263757272656e6379223a22555344222c22647565223a22323032362d31322d3331222c22697373756564223a22323032362d31322d30315430323a30303a30305a222c226c696e6573223a5b7b22616d6f756e74223a2239333234303030302e3030222c22636c617373223a2248313030222c2266726f6d223a22323032362d31312d31305430303a30303a30305a222c227175616e74697479223a2235303430303030302e303030303030222c2272617465223a22312e383530303030222c2273747265616d223a226770755f7265736572766564222c22746f223a22323032362d31322d30315430303a30303a30305a222c22756e6974223a226770755f686f7572227d2c7b22616d6f756e74223a2236313734303030302e3030222c22636c617373223a2248323030222c2266726f6d223a22323032362d31312d31305430303a30303a30305a222c227175616e74697479223a2232353230303030302e303030303030222c2272617465223a22322e343530303030222c2273747265616d223a226770755f7265736572766564222c22746f223a22323032362d31322d30315430303a30303a30305a222c22756e6974223a226770755f686f7572227d2c7b22616d6f756e74223a223133373539323030302e3030222c22636c617373223a224742323030222c2266726f6d223a22323032362d31312d31305430303a30303a30305a222c227175616e74697479223a2233353238303030302e303030303030222c2272617465223a22332e393030303030222c2273747265616d223a226770755f7265736572766564222c22746f223a22323032362d31322d30315430303a30303a30305a222c22756e6974223a226770755f686f7572227d2c7b22616d6f756e74223a2231323732312e3133222c22636c617373223a6e756c6c2c2266726f6d223a22323032362d31312d31305430303a30303a30305a222c227175616e74697479223a223230332e353338303036222c2272617465223a2236322e353030303030222c2273747265616d223a22656e65726779222c22746f223a22323032362d31322d30315430303a30303a30305a222c22756e6974223a226d7768227d2c7b22616d6f756e74223a22333135303030302e3030222c22636c617373223a6e756c6c2c2266726f6d223a22323032362d31312d31305430303a30303a30305a222c227175616e74697479223a223231302e303030303030222c2272617465223a2231353030302e303030303030222c2273747265616d223a22706f7765725f6361706163697479222c22746f223a22323032362d31322d30315430303a30303a30305a222c22756e6974223a226d775f6d6f6e7468227d5d2c226e6574223a223239353733343732312e3133222c226e756d626572223a2243312d323032362d303030303031222c22706572696f64223a22323032362d3131222c2270757263686173655f6f72646572223a22504f2d323032362d30303432222c2272617465645f66726f6d223a7b22726f6f74223a2253624948674d505846614a58696367335a39755174696e4e517247302f4f672b486933564d38454b5a73593d222c2273697a65223a3232397d2c22746178223a5b7b22616d6f756e74223a2232303730303534302e3030222c2263617465676f7279223a2253222c226e616d65223a2254656e6e65737365652073616c657320746178222c2270657263656e74223a22372e303030303030222c2274617861626c65223a223239353732323030302e3030227d5d2c22746f74616c223a223331363433353236312e3133227d2c226b696e64223a22696e766f696365222c22736571223a3232392c2274656e616e74223a22616e7468726f706963222c2276223a317d
2	231	invoice	\\x7b2264617461223a7b22616d656e6473223a2243312d323032362d303030303031222c22617070726f7665645f6279223a6e756c6c2c226261736973223a7b22636f756e74223a3233312c2266726f6d223a312c22736861323536223a22556f685268672b43536e65773278512b422b41704f2f7a5549715444337064746a4b764c645a4a362f47593d227d2c2262696c6c5f746f223a7b2261646472657373223a5b22353438204d61726b6574205374222c2253616e204672616e636973636f204341203934313034225d2c22636f756e747279223a225553222c22656d61696c223a226170406578616d706c652e636f6d222c226c6567616c5f6e616d65223a22416e7468726f70696320504243222c2270617965725f6163636f756e7473223a5b22303030393837363534333231225d2c227461785f6964223a2230302d30303030303031227d2c22636f6e7472616374223a2243312d414e5448222c2263757272656e6379223a22555344222c22647565223a22323032372d30312d3035222c22697373756564223a22323032362d31322d30365430323a30303a30305a222c226c696e6573223a5b7b22616d6f756e74223a223135362e3235222c22636c617373223a6e756c6c2c2266726f6d223a22323032362d31312d31305430303a30303a30305a222c227175616e74697479223a22322e353030303030222c2272617465223a2236322e353030303030222c2273747265616d223a22656e65726779222c22746f223a22323032362d31322d30315430303a30303a30305a222c22756e6974223a226d7768227d5d2c226e6574223a223135362e3235222c226e756d626572223a2243312d323032362d303030303032222c22706572696f64223a22323032362d3131222c2270757263686173655f6f72646572223a22504f2d323032362d30303432222c2272617465645f66726f6d223a7b22726f6f74223a226c426a79674b5a46513163645534644279727a625754385755546a6a6130464548352b7669364132354c6b3d222c2273697a65223a3233317d2c22746178223a5b7b22616d6f756e74223a22302e3030222c2263617465676f7279223a2253222c226e616d65223a2254656e6e65737365652073616c657320746178222c2270657263656e74223a22372e303030303030222c2274617861626c65223a22302e3030227d5d2c22746f74616c223a223135362e3235227d2c226b696e64223a22696e766f696365222c22736571223a3233312c2274656e616e74223a22616e7468726f706963222c2276223a317d
2	233	credit_note	\\x7b2264617461223a7b22616d656e6473223a2243312d323032362d303030303031222c22617070726f7665645f6279223a6e756c6c2c226261736973223a7b22636f756e74223a3233332c2266726f6d223a312c22736861323536223a226767725a716b6664646a6948456356454861574169563676796138576661656e372b426c586831796e576b3d227d2c2262696c6c5f746f223a7b2261646472657373223a5b22353438204d61726b6574205374222c2253616e204672616e636973636f204341203934313034225d2c22636f756e747279223a225553222c22656d61696c223a226170406578616d706c652e636f6d222c226c6567616c5f6e616d65223a22416e7468726f70696320504243222c2270617965725f6163636f756e7473223a5b22303030393837363534333231225d2c227461785f6964223a2230302d30303030303031227d2c22636f6e7472616374223a2243312d414e5448222c2263757272656e6379223a22555344222c22647565223a22323032372d30312d3035222c22697373756564223a22323032362d31322d30365430333a30303a30305a222c226c696e6573223a5b7b22616d6f756e74223a222d37382e3133222c22636c617373223a6e756c6c2c2266726f6d223a22323032362d31312d31305430303a30303a30305a222c227175616e74697479223a222d312e323530303030222c2272617465223a2236322e353030303030222c2273747265616d223a22656e65726779222c22746f223a22323032362d31322d30315430303a30303a30305a222c22756e6974223a226d7768227d5d2c226e6574223a222d37382e3133222c226e756d626572223a2243312d323032362d303030303033222c22706572696f64223a22323032362d3131222c2270757263686173655f6f72646572223a22504f2d323032362d30303432222c2272617465645f66726f6d223a7b22726f6f74223a224a615863335a6753736c45324545442b6b424a496739435671424a482b4752515250336563322b346b6a733d222c2273697a65223a3233337d2c22746178223a5b7b22616d6f756e74223a22302e3030222c2263617465676f7279223a2253222c226e616d65223a2254656e6e65737365652073616c657320746178222c2270657263656e74223a22372e303030303030222c2274617861626c65223a22302e3030227d5d2c22746f74616c223a222d37382e3133227d2c226b696e64223a226372656469745f6e6f7465222c22736571223a3233332c2274656e616e74223a22616e7468726f706963222c2276223a317d
\.


--
-- Data for Name: log_head; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.log_head (tenant_id, size) FROM stdin;
1	57
2	235
\.


--
-- Data for Name: log_tile; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.log_tile (tenant_id, level, idx, width, hashes) FROM stdin;
1	0	0	1	\\x6ab91bc107672482abf156fcbad94200562a6fbfa533df55cd44995f577ec93c
2	0	0	1	\\xa9a442d7914f18561aa7d253efb26a4cee8e2bd28c55853523218c87b94cc79b
1	0	0	56	\\x6ab91bc107672482abf156fcbad94200562a6fbfa533df55cd44995f577ec93c4bd37d61fea3763854a7b9dbd63b1dafeea2312c5cf266aa831dfba8d42498a69dac8696b9430a0da332e62a4f1184b980b9635121f050ca321cb18ef077b298b59cbe182aebe300faa5fcf960589dfeb197da32cd05618050704b998e70e7f7d5e6b070afa4f6121f35eab19ba27256fa33e9e1bd3817a1f47677799aa348d60817a7603cf8d7d36ee57dfefc201b9d4395b356931351e6c3c9d6afeb6a670e9e72e81dfe32df9582753b650867cd01d85ea7ed0286eafb9028b4ae5cc34d6d2a0b4ae938b8382fc2e8e423a9869fecae173e86e0c261efcf05e5468cf812d2d9ad62daaca63e5b509e37741bbded7669ff11a214fe7a4423d77aa2075d3d800060218a28cdb41d301db995fd3d50d4a7c67da8cd93b17da48b85dec81f54e2b663e7cb54180ec791cc26e4d12ab639889832274cc97bfb0e6f8ac827e9f6c6abdec0b62292b867938c5ab9e4cb60820d9222410a956881951b2c666030b789b93ca2f04664bdce4f42672f0b51a5b3ad9cf571eb210ddc1162bf78ddf52fb8a28ec6044dfb86d0db2f1d2f5acc56c8e1ebb215e019ba33c853f03f2854af757fdd88434a4e20d9f877c169313be8a97c5f12e8173f620b5c384cf28c5a5842187060c4efef9484b11b99cca38908ec5d9352daeec1b0165fdb73e66bf8c1aa0f50dbe222f3cdce70874d340c83fec92df6aef78f7bcdedf98bc16c70f90fdd16f750eaf9e34bc0f62db2075fc7dbcd2bf55732be132adb0aef7e82ceb021fdfee4753b1fe3046a342de5df73496cb37b6347f0c582baac2582f42e9cc81ab148708f0e5e1e181577cf750cff6c2552ce536a17ac87261622085bcd674fae4683e6c768e7831a8d05cbf9f1d45f6ceb9b98bc9c83cf7e0eece5fcdbac712667f66b09c1bc8ea88fa51a72579a77685115bf06451b3c27e812e572ef15ef87816f965394aeff9bb72b8962ca12ebdbd61aea9ce94953dff97f3b07fadb14c63f763b9c98040e05e5c9f4e01171aa553462eba88842158dd0de97f7587b40f8d8a3dc89f4e94d9ac8d95c4776d08ef63986fd8d409f22a835b6a02af6bdee2017d26bc2b430ea9e94ce697702b86e65bea73ed65c0b6e28b2cb1820cea15118150fba528c4087fcb14820f3d151d6ad33879562f5f126a8d2e7b8e709bcdbdb2bdcfa3c19773e9fc065223795b78bcadd86e76a865f32d3bf5aa19cb565bc353563e2e1d7fefd28d9b557518d9ba1d4d8768567ef3b6d302e3bb16f4bbc50a78dabff64966d1ae36b3ea892ef2af8f21f048048d28576b2841a1e24caf5095bc95bb2d5e49e27c36be6a65e90a08d58559d8e472207a66ea98e66a8b5beeba03a6d3e42b23a0887a7f76cb6841069df9cd910fa8f537ddd4694683292e05541f76fe9cde2e5104bbcc907f34e459cfc7dd5bb3ef41c7481896a69bae46f1a45ab507846eb76ff23c8f0d36abe31971360d4dd9befa231503e12a69ce56b0f49def0ba47fd3873ce38f10552a5e56907c77992723bd1d71a065813e1563da07b3088d2fd2ae28276be2cf49693c415ca26dc4acff508b18c24fc5efdf2307483e0c4fc9a496ea58e578c825126a88af86b761fd117d19aaa8f2f536ef88caf1d43fb9a024896664165dbf3066681fcbd9f5e8f0a309c50fffffb1287067cf8132463d51f68e916992b12188e18bf3138cd07cdf6fb92351c5e29a43cb5638f041ddbde66a3da6bbfe23afccbc8983a70af5771f0056844f0913e3742bffdbf4a7fef24f1878e992bd336e12d3d75f02c19dbdf280cf11dc2652d0963f369b1613c8236c10cbd994a00585bb151a57a464e8d007c107a51c46b2b60afe129175ba9e922fcbd3ffe150c0b51f98a7e7668891a3eb96da557da9c4016d25f952a65212b4b0f8ea8fcd69a644d8a1294f5ae0f932eac260a6c268b73f75a154f30da3abb5b5bf73d442df0cf887e896a19ca57f7af402b6616909d58b76763ddeb2276cee735d15419b808351a51d691e80585fa02cbae00385009f856995b62214c674e5f372694799705f5ecaac92904ee5378b008772591d40b5e4b53aad85470c51e4b63e235cbc000f5de88b028563d3cd4ffe07e3a50b5aa8fb64876bae64d5600c9e9e5029d5a6aeb38d07badc2b2954d34ed5627680b9bbc51d5d62f9854ff7a088aa8bf86b1f1f03408d9e2964609395c67efe4363a67933cb75ae055e729249f4af86c32742516bcccebf0d29e34ae3b9f04a6612503d7c0a4871252a0ec8530c84f1129630dfd901d93ae75e8e62b538fcaf80508378754f272f75703a486dc60eb6b42cd3bdf8c27df1dcb139a71be5377cf22f4d5919dc0f5c23f0677a411cd33d71be4f3e91e8d270d14d91d91fdb6d0c6a210842afcf5c8bcc8e34724c7175614c324cde436a00d8d06dbe40d846935df7a1fee71a6929154ab840ef9b10d2a1d5db3427056f983c52f13bb21c4b0647fbe3b887dba7259757cfd3e
2	0	0	229	\\xa9a442d7914f18561aa7d253efb26a4cee8e2bd28c55853523218c87b94cc79b87c3ddcc5e78def8f5e52d344d90d127b62c56f759e676cbb9e0ceaa6eb82951482054398222e1686a914637fbb60b2fe45a7c86d96c856815bd46331cd2593b74efa57ecf99052243536b10d3275542f6a7a9708874422ad02d3c30e2fb0748285ce94d6272bff240884697f03c85a38fc805c65c494183db9a67852ad02b4e99890a45b84cbc2da10426950cc4af3ecc825a68ebf7c52f52458ffc95b8b7837ceff89e76b6f080b8ad4950f5925b9a3c8a0b4f3a398e5c22dca1a274c014ac59ba85a3e237406099cd3e127bcff9be03fd0af6fe431fb4a6ff723689127a28ab81e8e82e811f7134985f04d08fe4eb6496041ef643351eb7c5df361542ba2e49b6c7d381a333a559a9cf392ca1bff987c934c51842acdce0f2e2af51edc831748f57510991760dff15821170ba703a2d4d0aaf9d4b1aa22bae9d0e69873afdcdc1f5c6ff45c8ffc7ac393784c3240c3897d78ca6c613d125ecc6b373b35a63d0813e5a4b67c37f17ae22c228e27b96d129320823abebec307cc2bfae92c34adf8748d9e7e0a35b040cbc657ee39da8719b61585ee1e1cba76c6bb8fc89ed352ab129cad32fc2186ed1ddb6acc65043e1193775d2775637067dcad6ddc5df5786586a52858e7dbe19a5f8bbdf0c4d7ae28d18f5737df43952aeb8070484001b3c4a1b22338cff4a2acde1e91923ca2c7e8e90acc974a2cb5a44d812bad8fd76e946749bb997235a2994a83fc9d3762beab318c6f23152268def71c240a1536782e082e734ae32f4568f60e779218340c5c8774359f5a7000fcf600497e5674bb951d0c5de6b5df1b1bc7f2ba7f56f41b1f24420fe864d0ad1782748c17528efc4d54d7437555c467daaf48c9738315eb3cc3ba51c9ac330d459d5d0928285667cdcdae6d7e84624b0a7ba1fafd0a9079221e22469811ede8d84d3dae8b3ba656cc77bb9e96a98424c7c59ee733520b2c530e24d68b231088ef808063b4aaf602e65e7dc6237459da85a4608331b05c99e2124f13fc45a412fb3b22d54989556408460fbfd54ad8d7ea7f477515930dfa839cc344df1fb55eaf19b2dccac5eee22d9b28beb2358d95489eb487b4c76be0ae462e8456ea80608696c3bba8927a6599e59e884472050e630ee2d63ebab44403b30df1439cd28f7041caf5702b0aa4cd780491bf2c76ae45715218a2d56579405cb4df34cd1468e3640a30a1fc94fb985d48e9626df1b630157df3a70f61f925a770321b93f5c974c5d8d5e0335a3209346a87438523101dc501f7ae0ee4ec7d1c1801717a016484ca8a5fb6c82c4ad75dee94a4fc49999b8ff1b2aad3424cfcd1f633c2256ecc70e795ef26a40b1f2226154f0dfb610aa5b837b000ea993b686f6cab52502fa75d147dc2edd06de11fcae21f2ee700083b084a8e1a460201709d541f01e52fe851813c8b56084dab60d99e946011427fba0813ff344ae854b5459a806c320950b130f8004f17027d76813b3290297523dfe2d8b2f743ad9e1b38e89c24e078ed9707eca3e7a0e17941e46fc44b94b02e33bb1ac58acac7ef04da63769f548a801c238e57b90958b3f83928ea24c5ba65141329449293eded007205995ee55091bf6e4fe9de60b0da842bf6e5d159759ae762c4dcfd54d7d49b879607818ca074fe21992018ed857bce858cbeca66c784a27c470ef190fef1dcfa80aba84e82de389ce071fc48f6ee56b465c37dfc88e291b0c8cef023741b6766f41d9798ab0746f96a0ced58b78452687a673bd9dd80c41adb06e3bf493da7d9c6fc9763f4b7c149c0e443c72e961a126da7f6203f70f34834b3eb75a629c2e455971c14c530cb3c8020d20bce4cfad62e01b7c4dbc63a721d575f5605d8d64dec0d101dec75e2160e368cce3d4456e5e7d4680f82ca09bcd49dfc08d63cc1df5cc1bc12a0137abab6e595673ccff47a8fd45ec61da44c4a8b35345f2a3d12fb46320756dd1d1193ba90884b3f76114f1f084f1f8829ebe25c705dace38c59141e4060b2b61f9c4e0df050ddb30a45d03dd54822671705c40072b8c9004faf64730274e34907df80163ba126ee5af36097cbe12b2a710717915b6f8b6086e7ec639ca431fcc68679bd7ef0ac578c14a47da3cb0aac8750164f3de55a7149afb6dac25d614be78224b4c06fb2d62e7eb2bcdae3f316ea41ed4df1a94e4983b30876c9cb1a9f3091b9d44f4ef8f717930d309a43d0417a060a4bd4519de4aeeadb1cab00b7d12ad7c2180651843d185fc5b4f6c16891cb3792ed80e5d511d2792b500596dcc455be2919aba18806cf363b12a5024601df1e84121b65927fc8aff21eb125a79634731aa8418a510c781f868bbd187bbf842294cfffbeec08c36b3708db6aa1899c366214e390c6a62bf7c38abaa2b175f46355abdbfd23fa7622d25bceed8cbd1c57c415f7d1f76d812032564b66e7c8921485111ba1294b303d210e9cab20ad562b3a1b8a0f609d70046b6f67cb5484281ba58f87433a0fdef1c2610ba9f39574035ea582a0d570e27ec5232df1179b1e0e8b40d031d9a75affd44af15ba159ab5c7d0fe2ad8c72b8b57ce8932802f260f36574d55379061eff300d37b38650b243d806d30b15a292f5cb44f3aecb853e74aff570bf47531b168674f44de254e98227d91759bf948e21839b9670f997015c7a17cf1a1577ab6379a6184df0e6cc044cec90cbe60f5344eceb2717575583d804ca7f8bea35546240ade4a3f31186a4b307ca7145dfcc477f1c341b06000c484c7d41ad19d3065ec88b29dc4d8574ceb56779fa2221bb07199288f617c07483c20cb03ab57e69cc051a96e269b748545b631f443e91755c09552f73adac1aef698c11f9f5d58ebe3b1a83c7d7eb5a81742e5634ccc627b6ca3749da63cc8c99cdc7bd6875223d5ed98ea2f412fda4aadcd6c6d54ee9d608feecab0166dddc5fe4a19a19dcaa99fd6aeeed1dbac8e82c3d9c778adaca1bfd25cfca559a772eb4c8e1dd34b5a7fef89078315e5fc678853bedf6042c78d71f7903ef5b1a678b80d68fbdae6e9ab51b942c5ef85a2300c0f95bf7f6ba214fcbbc480e59b16a151ac2f3eefe0e89f23142ead18e2f0e717498e97f8ed8b356dedcf61be15dd5a89fc18d2c52472d6d861c497e9201526e48062c6e5358343e5448cbfdd5edc4d1ec47f2d8b2ff418e0d84021f2f2bcd2e32d56da46efa9ef1610b170f571e1756061b2b2cdcc1da4ac75f23d18f7818fde0c4ee33c8027ce31cf4c753d6e2e87b525f0610804946559cf2fa38a080c6a62ec59f2b6c7a3fe2e5bee050c88cc9aa656211271279b883899d194f471990d9e2867720d7fac56eb6630e15126f0ce2223ba34e973b226f5447ec5a55ae4b058c59bbecd84701d507445ab2ef6a54cd328447863c6a90ad993425312f6a127d52c09824ebfd26e088bcdcea9ef82de28a505ebc111c0d80af13a732602ca6d1caf05644b7918fd9d0b64ca2311257fd95974d47c5d08a4bfbad85faee91ccf149746132a8181ed0d6f07c4f224e6c82e1c55ccc101b13a2c98d8fbded1c5d7a4cfc22111611d1cbcce0f9d2975db55e3ba0f2c6296cb1193b0feecf26ee2ac073c697558cb1d2213bc066c81a8b3a9cdf4adbff149546b8fd96b954ddd3ef657b849cb5bca37f3ec266b233c5807ca5985302fdedeb86fc7f0df3a81103b1bb415feb045f3cf0e2c3d2587cd21dc01b8f9ec638af65afddf0e916f226af435dc3f74467be55a5fba9b8f8676b81edf72e9b1e82a5bd997da9c5ed257b45724623ab4df33d402392c7afb754ea5aac7f46fa0ebc7c7f643e707f2de99a1625d3190c5c0cc0f6991b696abb1af6184c6209a7a62f2a0d6b43b888cf2cc5c2f5e38250e37964b3b552f2326a73fff4b8de2061c7a431d3d14fd23b193f9c58162b3a47a7e35d7a1f8c90c4a5a7f44b3af15155ddf1cd7b68cece0c7caa9b731594d5665f5f0acfdf4bcdcc42042df127fefe75aff424e92cea7821fc986b591568e4c32d01a6b571ce339ce78707159abfb6fe3dc02f29ecd862151a10e47d64bd42987cbaae4a521df414f2f87a05630c711acd2a70e15c35fb27a36d72589a14257112a2e23a82374445a2bbe9dcb7de006a7db61104d4fe1b412e31e209c7d226eab4f5b19bb9115e70fc8e4f88d709f2052bc6b8141458326d05dde304b17c05e1397879f70518fe0e9b628e7b204b1faca4ee25f1ec401e6a24b8ee825e0e13dee8abc3c90dea323dffdec7dcadbb6b4ece2d5f7bcbfab98cd0ecfe52c2862e0e5c3e6d4143034e4d51f049da34b8a1db1936ac3ecd814a68c9700a580477ae4ee5d4bf3b7e6d4962ffc3db364afb88732983c7af50db38eeb0d590c759502a188f913612b2d10f88cadca000103d80ea8d0080d91d90b6dbcd83ac00626a7b5922fc79b8280e973adf576022f04da8a29d2cb2cb828a6b67f536a7c4c67e06bc91c4675a14c3a0cc84e4ca638c297a7cecbeb0f244ca891246200f1f4b4d71c8cad0dfc134bc6c2a489cb4c22882a096a4f61aac1275dc57c6056257a3bb106e68f74569c1b5aedfbdaaf5e9f1948a4eb88319386df43ca103fccabdf647c8e8ac763abdc4adfed795d5dc2db4f1943e31bdffc7dad601d21d9af6da61498592493f080ec0e3eb0689e11d8708cf1f6b77585228c4882ec07b0159b36fa37082f1378415631a3673dca7843a494e3f76b05b84626df8e84aa205fb6383ed80c3b8b5b7b944739aac1fb2ddd36df03f322e162ae1cf49579fe98c51bc945f2ce877d43cbcd3baf89a241e4daa5d6d67ba60f17a0ca4639ccb2aca586aec5acda091db68152cd974af055db22bee04e78d21df789cd59c31788dcd84903e8c1161974828cb4e6ba5e1566c47d36353761cde0f300839c3e92becddcabdd5a99223cd2e4f5a9994485586a9c9d798f9b8cddad8054da1acff6288f440b86f092e3b65ccd092aceffb7ec7e64ec46bef0ffa42fcd10da8c0b9acb8d9f036c3ba561f32b4ac27c1f7874f17aa1a06560dd6ed2b2afc7b2467ca7d662a9079ed069e79206ba972e708f02b81b28c4d7d51e86ec8b7b4275c918ac4d67c2d5b6a12712e946509c7d4486ba5ef28fa6ee31429c7307de71c5b388440aa3da1285d989dc3f178c2c4000ebb751baca2ba9de3189937c5cc8055cac78d9fdb629068add84013e09756684abdb786ebe68482f445abed33b7e7858aebbc8289ac12b6712a7e73fd2d10655647da7b1317d51a76e75f3be924b10736b0a4f5909eaf23d0c58bcce1a2b7a8c3f19d59e29e7a86d01d8569ac7982c8b9567f28ae753313f1a04312d82bf0d777aa155f7495def826776ab47db3a06aeec1914241585c4d96f231c9afee2c29b8d041956d9ed752cbe9f6fb68a3a2c662ac14d3bc934fdbae5b3a101daf7d6f5654b6c2c7d6d4ee00c7e01c18f0a6c6077dffd35f355f58474afc7ec75bc2e9fcf4e1581170fbb7a3c587cd360c2def9a295031c7e5e0e553f4edfe4365e7fbb3ea18dfd3aa3bd0bdb0b2bc29f1d5e4067a730bbaaa7122e02411c4e5c027e2f00a40d925d309b9445091d6420b82cf66b7012f2c0d688ce43c8e1125a1088912331cb9dbbdc95ba3f8cfccb2a6ec2d4c2333149e7892de7ac4071318070038c55ef5557f56f768a4d532958bc9cd4a1ad9aaa102fe6d1197597915e5c1b7ed00a4f8e13f4d8fefbf1c129ec01dbc2edfb11ac0c370f4be04d0cc2462f344b1bc1284edd63f486732cb664c13c0b39ac3e02529684cecb3896227c2b4bb601e79a33d00fa6fb1d9456090301e132e0dde3984548e2ec57bc4227672451aa1b9695646eff389cbe2550ad89e670a986480a11c9c065eb7740ffb0d8ddbbd0184b72f0007e557a1fc3453b9c8212298378ee77cea7826387f65c803e308e5602b9a60ea80a85c5dd410756966332f3ac513ba3f4f91bbb3af6e49c581a8edf801f6ff0ebb72f2413696a4c0773f319d31962aff33d97c60c53a34c4c0c1cf3ac080fc1d20cfb6fcb3b7d9f412b0b9bff0c9bbc7c18fcce08a9790e3bfe7bb294f844fe93b3d6ec3ec662a5ef493355650b2e19f8b4c268865a004875b801db8f7e7bc03099ea43665d487cc121a8f9d240d47c8905cbe071c4aacfd1c0d3eefec2ca83d591159b0a3900a2bca95864e22233fe42d133ff0f5ac4c13d93eae69e51d6b91b6c21de30414341e1fe30440354854d47b78870ca21114021fde036663d5354857f8508fb3278885ee851a83f46b2b38030e806b2fd436439a13641b54af72ab4b18c3bebb2b63fef86074762edc7d1e19f3b1dd77d9b75b9ee784ee1f52d397411b280b13d0af3f9b517b4b837d99cc31aff4b7fedda1e6bf4b39399778b89dbc245e4880741183b1299a21c62bb2fa0851cdf10d79bb35749fc386175da7f8eb185205c6fa9fffccfd26b34c18bc790fb20c4c4f61c8ce955236c974cee25af452ba22e247a2503e3053b3a51c0a64d2d33df4fe394b53041ba456d82cdbd82554701940978081bd6dedc1aa9805702fc1f683b2fbb768dc83d39aaec66cd1ac18bdbc850db23c8e4b957dac6ab7f106aceb5405de7bf629e1728f95afa8cf626f9471f5ccc4765e1e69943e61e22abf940f4d8f4eb1e12fb4ff22a595e983c11a179f5ff4e0d3d3942ae1207dfa8027f18aaf14e620ea974f25fa88bc1bccf6642abd2253df2c46ae34e5895d0a0df4e86b7159aefc90b79dc0625361e732b7d8927266e6f33d40ea0765a57a8dfed179f018e42dddd11973a384f424fb2a9cd0d208a3da5a4700e850f9fd5a136fcc445ec151f73cea19c093e00cba1bbd4c98b870594c1cc4533a796bbf0a8d056a9053378530901503b8e471351fe629697ba8e5d93650aa7fb9195d85a673fc7822274c198a2d41a3e31e99b3fcbc8334896809c511c3239ac10a62954255c555725a518d540b704f7e7a5484e0ad3f34cbf914e5dceeb9a5e5531e52b4c753c6d13311928cb9178a4aef6a0e223e3e7fa0bcccb663d382d5bc4a6aa9e9ec44fef44eaf270ad297d1c441eb51b06bd48f7ee660de9f98c122b97eb78f0aa1f736587597a9951dbf68794c08ea711f767179770d096f973944a5b337613c38999746397c2f3c5823c59a9899a03c0804dd0825052debfb186026dd6d4d6fbd1734ea4d43058e99436e32084288a8cd0e5fb87eb2cbcad28908cddb8e145932472adaa8114ebe7f808748e68383bbf169924c4822ce6b9ac051db6d41e5d239e6574921cd432f10dfbf0df1eb3640a39ae79991e62815ecfe9de3860ab6cc43a4841f91c4e8f348f8a3a385d6111541a43e2f063d372d8385661dc51c18337b092369722266bd62e24e80b3458f55958d40e535e4966e43880900e6fc4f8afd7571f1ba3e61740d814b31d356fc830a973253fc7dd391bad2a35f1d53213fadee282a1d4425ee2b6e77f89240732b7e783c6a6508f4363e428a56e2c8e5f32ce95f86caeb08ef62bcf909dba061b5924ab66358e663378dbd352fb984daf1ade7824e50a8daac6159e2bd60ec13bf7d0e43f991646f12e65bf93bc8d33fe0d2d8a149257b7d237561b607e7f67d46da659705126ee8665e8d4ad360a659cd0e6c5853219844ef7c3cfd49a52524ebf2d327ea491b187fd9a59126076eac2a8922bcdb627273c15aedea93ed892fe44a5bb51b21b8478be6f34228bc6486fdb8e7ed5e4740a9bfb290461c1552bf1d9e9ae7213026d578eeb6fd4f09d9c4e7b34efa36089bcebc7a71e0eb0bbcdf829390a5073d1bcab5825782610706f8172542119bd337ec8a100eb08a5e9a09e3675f65518b870940324f4b60dd6002a36d1d823c58c061db50060de3adb9892286a5b47dc73dc63af9e18568d835b27ff0dc8f8f5a14bc6758d9aa02e7e5206bcca0e763352738d02251b5b61c564c6b968bc819921d321a75d2a284299820a37488b4e983fd481e7366769b4733ddfcdd58ca9103c896667d9ecfb8331621b1e7fa9256d9f1634200910a3ad6211621b2a42aab6dcc269cd66c5ce6478e646b8006981c8ece13a9d74b95ef3f48978b529a1b077ce0f9884648fe86154299c61e104cd0985541f4af00a5b7dc6c9c4c6d354047087ab24d1e5513506920831b076d404f7e025b20bc578f420d12df9375ef2df321e4f48f0fe460234b4c21ac2930f73202ec1b2cd49ab75308cdce6755fb22c6b55e336291bdac17923188301f32e7235401650e941cb21ab22b6942c7c6d28625cba48b484e53938cc3a287a58ce188e12b3627b64ef46410f367371aaffa4e97f24fa6d9a3e451b823b5fcaab13602a48c3e2d84947965aa643b16e58ae70c05c34acaf7b27fd64ab5fcbf05508c8859f455143755b7a160a02eb13de3d5bf56ef2a734751695407d766c5bad554720bdeef2731aca5d66c003a5ddc00fbfa592d2ed204a35134e5334b16d21c3529c916352acdde5bbcc7d61a44e7ea9fc75d02b426f7ed533131df7d7fffa05ff3f973a0f9bbfc1cfba23c59af669c4ae0fc5283639bbcb3e5a7049eac3999fbb208c0356d96559e54a4fa524afbb5394dc8cd3306ca92348d1e13bddd132aa3d9d5b49fb80f960ba1a6e454e0dc9542f0c7761d4ee59046c8797031cd5ac4447f73bf5f9bf705f9793843a6afd77fda1c155c3b52bbbf38f288304d27017d6270f1e621954052d98789b4642e59679290532cbd72e262b65bab420c797ddab130c31f9f3f3797da277bdecd24c8dce190cf5638b500b1a6332b9b3beeddb89478c0de8729ee86f97be3138e14b73bad68708bf8270021b69f7726137b7a7b780eb077ed2866ce669895660218f4528ecc62fb94baf9bac022a65a4a4cbf996b207d153086dc45f348db663795e0ffe9f430147c091d96164f28a6bddc3c9e7a1f5c126ea6d43d60f7e914c289e547655db9bade1523431f31e030b1b4ce6b339bd18ba795fc09d8e60f89414a1410bed16079c00d5c92687f64b1ac4bf0c06d5f7a5b6079d4e59ec57b8ca469f941f0f99af23890fb9aaa46fa4bccfa579327d165ec3a6ce1a0d1d5934f8798550569b9a7f6c715a60da35fb970d19532e21bc92c35f1a9d88af9f99f52fa4a176b486bd7075b5e6c73e932b4519b82b537a47cfe4feb8e64916ca56ae9f5ef1cdd60d324287b3c25574762b6219cb799af65c0eba1d7b35c9e811e7d36460aa64cc2ed7bf032347b4350f32a4c28195dec3984bb87f02cb535a9d11f8f5ad660e820526d878f3828e8a32f35b5a585b7c40eb797d19dd00985b99108297e5f9f9395bdd83283929319ddd7283add1114b4a6d2e48bc7e7289cbddab9f1f8e32453de723d502185afd5353e2476322ce1ada452934d237cf0800246cf9f7cb7c3126cfbcf0ebad2c99dc55672caa36087c7d50047ab3bed72c66438f4e8b4a39fa97c4952572cd7d730f4d9644abdbbf9201b432916df6936fd9f0d95a31613e22b6554b8aeb22f9266c1c07768bd7f027559049286358ea48dc1ce0a4e4532e62dd7a9fcb2f151a54330d064d1a67bd1f07c3eaf31dae61ed68abbef1593567ce0cdcf4c1716d239fb0d091d770ee12be9e3f10565dfee6f9b0abbf62fba9ff198efefdbe585bfbe24c345b4e49966d1d4a5e36e7f9a8eb3144616a21e4c4d1eae21142ad2c8ff0add3d542a703cd0d3ee420b92a4e0e678f531627e8e32505911194bbfbf79d2ff554c518752abdb9eb4f3b85c6f5f4b9ddb1cce88721dcc0de54b415d422c25222efffee50e55930c6bc288d0970d39e25e2c3a8ab7fe6edd84d4b2ab1b16acda0646af4deff67efc4f03cd3b3f2df596b90559b98e633c5ec3761000088d89028c0e22a77f0cafd27242be1b6a1322505e977c1d958c37d1dad8334e94760841a04776afec29b9b5c8c7d5e2dd9f72bf15d02edc84ee83cbe28068cf6671832db5727fff5de84bd6d6c3abb292b03b01248ec59c6ca8423a776e3d3626986f49d83e748e0cd142634e64a02b64c5fbc681bb246572c114a5d08c93b19d716c5500f0571aa0fd3bdbce66c7b9e439bcfd994828abbad9a3eb12bad83781b22e120a017e1e59b4a05286ab1e0179adb53a45b66a632c6deb1773de7d1eeab2319e884213a8a55c5a9230a17aa87c52a88f1f61df439f261963a75f1056e9e703199a5da1be0bc4358f69a3d5bc3e7383360b1ae490d2e0a814d654cb4e0bb5ff2b23616f84c230f6e434623c0871ea2b5122c8a00def5aef3e06d21f939c083cfc0a186ec909139972c41cd295c42331ba9c3e7f86942480657f164700183b366e8905d9339458d
1	0	0	57	\\x6ab91bc107672482abf156fcbad94200562a6fbfa533df55cd44995f577ec93c4bd37d61fea3763854a7b9dbd63b1dafeea2312c5cf266aa831dfba8d42498a69dac8696b9430a0da332e62a4f1184b980b9635121f050ca321cb18ef077b298b59cbe182aebe300faa5fcf960589dfeb197da32cd05618050704b998e70e7f7d5e6b070afa4f6121f35eab19ba27256fa33e9e1bd3817a1f47677799aa348d60817a7603cf8d7d36ee57dfefc201b9d4395b356931351e6c3c9d6afeb6a670e9e72e81dfe32df9582753b650867cd01d85ea7ed0286eafb9028b4ae5cc34d6d2a0b4ae938b8382fc2e8e423a9869fecae173e86e0c261efcf05e5468cf812d2d9ad62daaca63e5b509e37741bbded7669ff11a214fe7a4423d77aa2075d3d800060218a28cdb41d301db995fd3d50d4a7c67da8cd93b17da48b85dec81f54e2b663e7cb54180ec791cc26e4d12ab639889832274cc97bfb0e6f8ac827e9f6c6abdec0b62292b867938c5ab9e4cb60820d9222410a956881951b2c666030b789b93ca2f04664bdce4f42672f0b51a5b3ad9cf571eb210ddc1162bf78ddf52fb8a28ec6044dfb86d0db2f1d2f5acc56c8e1ebb215e019ba33c853f03f2854af757fdd88434a4e20d9f877c169313be8a97c5f12e8173f620b5c384cf28c5a5842187060c4efef9484b11b99cca38908ec5d9352daeec1b0165fdb73e66bf8c1aa0f50dbe222f3cdce70874d340c83fec92df6aef78f7bcdedf98bc16c70f90fdd16f750eaf9e34bc0f62db2075fc7dbcd2bf55732be132adb0aef7e82ceb021fdfee4753b1fe3046a342de5df73496cb37b6347f0c582baac2582f42e9cc81ab148708f0e5e1e181577cf750cff6c2552ce536a17ac87261622085bcd674fae4683e6c768e7831a8d05cbf9f1d45f6ceb9b98bc9c83cf7e0eece5fcdbac712667f66b09c1bc8ea88fa51a72579a77685115bf06451b3c27e812e572ef15ef87816f965394aeff9bb72b8962ca12ebdbd61aea9ce94953dff97f3b07fadb14c63f763b9c98040e05e5c9f4e01171aa553462eba88842158dd0de97f7587b40f8d8a3dc89f4e94d9ac8d95c4776d08ef63986fd8d409f22a835b6a02af6bdee2017d26bc2b430ea9e94ce697702b86e65bea73ed65c0b6e28b2cb1820cea15118150fba528c4087fcb14820f3d151d6ad33879562f5f126a8d2e7b8e709bcdbdb2bdcfa3c19773e9fc065223795b78bcadd86e76a865f32d3bf5aa19cb565bc353563e2e1d7fefd28d9b557518d9ba1d4d8768567ef3b6d302e3bb16f4bbc50a78dabff64966d1ae36b3ea892ef2af8f21f048048d28576b2841a1e24caf5095bc95bb2d5e49e27c36be6a65e90a08d58559d8e472207a66ea98e66a8b5beeba03a6d3e42b23a0887a7f76cb6841069df9cd910fa8f537ddd4694683292e05541f76fe9cde2e5104bbcc907f34e459cfc7dd5bb3ef41c7481896a69bae46f1a45ab507846eb76ff23c8f0d36abe31971360d4dd9befa231503e12a69ce56b0f49def0ba47fd3873ce38f10552a5e56907c77992723bd1d71a065813e1563da07b3088d2fd2ae28276be2cf49693c415ca26dc4acff508b18c24fc5efdf2307483e0c4fc9a496ea58e578c825126a88af86b761fd117d19aaa8f2f536ef88caf1d43fb9a024896664165dbf3066681fcbd9f5e8f0a309c50fffffb1287067cf8132463d51f68e916992b12188e18bf3138cd07cdf6fb92351c5e29a43cb5638f041ddbde66a3da6bbfe23afccbc8983a70af5771f0056844f0913e3742bffdbf4a7fef24f1878e992bd336e12d3d75f02c19dbdf280cf11dc2652d0963f369b1613c8236c10cbd994a00585bb151a57a464e8d007c107a51c46b2b60afe129175ba9e922fcbd3ffe150c0b51f98a7e7668891a3eb96da557da9c4016d25f952a65212b4b0f8ea8fcd69a644d8a1294f5ae0f932eac260a6c268b73f75a154f30da3abb5b5bf73d442df0cf887e896a19ca57f7af402b6616909d58b76763ddeb2276cee735d15419b808351a51d691e80585fa02cbae00385009f856995b62214c674e5f372694799705f5ecaac92904ee5378b008772591d40b5e4b53aad85470c51e4b63e235cbc000f5de88b028563d3cd4ffe07e3a50b5aa8fb64876bae64d5600c9e9e5029d5a6aeb38d07badc2b2954d34ed5627680b9bbc51d5d62f9854ff7a088aa8bf86b1f1f03408d9e2964609395c67efe4363a67933cb75ae055e729249f4af86c32742516bcccebf0d29e34ae3b9f04a6612503d7c0a4871252a0ec8530c84f1129630dfd901d93ae75e8e62b538fcaf80508378754f272f75703a486dc60eb6b42cd3bdf8c27df1dcb139a71be5377cf22f4d5919dc0f5c23f0677a411cd33d71be4f3e91e8d270d14d91d91fdb6d0c6a210842afcf5c8bcc8e34724c7175614c324cde436a00d8d06dbe40d846935df7a1fee71a6929154ab840ef9b10d2a1d5db3427056f983c52f13bb21c4b0647fbe3b887dba7259757cfd3e916f69852741158e29751694650f418fc13adf95b98de133cac601db06d82413
2	0	0	230	\\xa9a442d7914f18561aa7d253efb26a4cee8e2bd28c55853523218c87b94cc79b87c3ddcc5e78def8f5e52d344d90d127b62c56f759e676cbb9e0ceaa6eb82951482054398222e1686a914637fbb60b2fe45a7c86d96c856815bd46331cd2593b74efa57ecf99052243536b10d3275542f6a7a9708874422ad02d3c30e2fb0748285ce94d6272bff240884697f03c85a38fc805c65c494183db9a67852ad02b4e99890a45b84cbc2da10426950cc4af3ecc825a68ebf7c52f52458ffc95b8b7837ceff89e76b6f080b8ad4950f5925b9a3c8a0b4f3a398e5c22dca1a274c014ac59ba85a3e237406099cd3e127bcff9be03fd0af6fe431fb4a6ff723689127a28ab81e8e82e811f7134985f04d08fe4eb6496041ef643351eb7c5df361542ba2e49b6c7d381a333a559a9cf392ca1bff987c934c51842acdce0f2e2af51edc831748f57510991760dff15821170ba703a2d4d0aaf9d4b1aa22bae9d0e69873afdcdc1f5c6ff45c8ffc7ac393784c3240c3897d78ca6c613d125ecc6b373b35a63d0813e5a4b67c37f17ae22c228e27b96d129320823abebec307cc2bfae92c34adf8748d9e7e0a35b040cbc657ee39da8719b61585ee1e1cba76c6bb8fc89ed352ab129cad32fc2186ed1ddb6acc65043e1193775d2775637067dcad6ddc5df5786586a52858e7dbe19a5f8bbdf0c4d7ae28d18f5737df43952aeb8070484001b3c4a1b22338cff4a2acde1e91923ca2c7e8e90acc974a2cb5a44d812bad8fd76e946749bb997235a2994a83fc9d3762beab318c6f23152268def71c240a1536782e082e734ae32f4568f60e779218340c5c8774359f5a7000fcf600497e5674bb951d0c5de6b5df1b1bc7f2ba7f56f41b1f24420fe864d0ad1782748c17528efc4d54d7437555c467daaf48c9738315eb3cc3ba51c9ac330d459d5d0928285667cdcdae6d7e84624b0a7ba1fafd0a9079221e22469811ede8d84d3dae8b3ba656cc77bb9e96a98424c7c59ee733520b2c530e24d68b231088ef808063b4aaf602e65e7dc6237459da85a4608331b05c99e2124f13fc45a412fb3b22d54989556408460fbfd54ad8d7ea7f477515930dfa839cc344df1fb55eaf19b2dccac5eee22d9b28beb2358d95489eb487b4c76be0ae462e8456ea80608696c3bba8927a6599e59e884472050e630ee2d63ebab44403b30df1439cd28f7041caf5702b0aa4cd780491bf2c76ae45715218a2d56579405cb4df34cd1468e3640a30a1fc94fb985d48e9626df1b630157df3a70f61f925a770321b93f5c974c5d8d5e0335a3209346a87438523101dc501f7ae0ee4ec7d1c1801717a016484ca8a5fb6c82c4ad75dee94a4fc49999b8ff1b2aad3424cfcd1f633c2256ecc70e795ef26a40b1f2226154f0dfb610aa5b837b000ea993b686f6cab52502fa75d147dc2edd06de11fcae21f2ee700083b084a8e1a460201709d541f01e52fe851813c8b56084dab60d99e946011427fba0813ff344ae854b5459a806c320950b130f8004f17027d76813b3290297523dfe2d8b2f743ad9e1b38e89c24e078ed9707eca3e7a0e17941e46fc44b94b02e33bb1ac58acac7ef04da63769f548a801c238e57b90958b3f83928ea24c5ba65141329449293eded007205995ee55091bf6e4fe9de60b0da842bf6e5d159759ae762c4dcfd54d7d49b879607818ca074fe21992018ed857bce858cbeca66c784a27c470ef190fef1dcfa80aba84e82de389ce071fc48f6ee56b465c37dfc88e291b0c8cef023741b6766f41d9798ab0746f96a0ced58b78452687a673bd9dd80c41adb06e3bf493da7d9c6fc9763f4b7c149c0e443c72e961a126da7f6203f70f34834b3eb75a629c2e455971c14c530cb3c8020d20bce4cfad62e01b7c4dbc63a721d575f5605d8d64dec0d101dec75e2160e368cce3d4456e5e7d4680f82ca09bcd49dfc08d63cc1df5cc1bc12a0137abab6e595673ccff47a8fd45ec61da44c4a8b35345f2a3d12fb46320756dd1d1193ba90884b3f76114f1f084f1f8829ebe25c705dace38c59141e4060b2b61f9c4e0df050ddb30a45d03dd54822671705c40072b8c9004faf64730274e34907df80163ba126ee5af36097cbe12b2a710717915b6f8b6086e7ec639ca431fcc68679bd7ef0ac578c14a47da3cb0aac8750164f3de55a7149afb6dac25d614be78224b4c06fb2d62e7eb2bcdae3f316ea41ed4df1a94e4983b30876c9cb1a9f3091b9d44f4ef8f717930d309a43d0417a060a4bd4519de4aeeadb1cab00b7d12ad7c2180651843d185fc5b4f6c16891cb3792ed80e5d511d2792b500596dcc455be2919aba18806cf363b12a5024601df1e84121b65927fc8aff21eb125a79634731aa8418a510c781f868bbd187bbf842294cfffbeec08c36b3708db6aa1899c366214e390c6a62bf7c38abaa2b175f46355abdbfd23fa7622d25bceed8cbd1c57c415f7d1f76d812032564b66e7c8921485111ba1294b303d210e9cab20ad562b3a1b8a0f609d70046b6f67cb5484281ba58f87433a0fdef1c2610ba9f39574035ea582a0d570e27ec5232df1179b1e0e8b40d031d9a75affd44af15ba159ab5c7d0fe2ad8c72b8b57ce8932802f260f36574d55379061eff300d37b38650b243d806d30b15a292f5cb44f3aecb853e74aff570bf47531b168674f44de254e98227d91759bf948e21839b9670f997015c7a17cf1a1577ab6379a6184df0e6cc044cec90cbe60f5344eceb2717575583d804ca7f8bea35546240ade4a3f31186a4b307ca7145dfcc477f1c341b06000c484c7d41ad19d3065ec88b29dc4d8574ceb56779fa2221bb07199288f617c07483c20cb03ab57e69cc051a96e269b748545b631f443e91755c09552f73adac1aef698c11f9f5d58ebe3b1a83c7d7eb5a81742e5634ccc627b6ca3749da63cc8c99cdc7bd6875223d5ed98ea2f412fda4aadcd6c6d54ee9d608feecab0166dddc5fe4a19a19dcaa99fd6aeeed1dbac8e82c3d9c778adaca1bfd25cfca559a772eb4c8e1dd34b5a7fef89078315e5fc678853bedf6042c78d71f7903ef5b1a678b80d68fbdae6e9ab51b942c5ef85a2300c0f95bf7f6ba214fcbbc480e59b16a151ac2f3eefe0e89f23142ead18e2f0e717498e97f8ed8b356dedcf61be15dd5a89fc18d2c52472d6d861c497e9201526e48062c6e5358343e5448cbfdd5edc4d1ec47f2d8b2ff418e0d84021f2f2bcd2e32d56da46efa9ef1610b170f571e1756061b2b2cdcc1da4ac75f23d18f7818fde0c4ee33c8027ce31cf4c753d6e2e87b525f0610804946559cf2fa38a080c6a62ec59f2b6c7a3fe2e5bee050c88cc9aa656211271279b883899d194f471990d9e2867720d7fac56eb6630e15126f0ce2223ba34e973b226f5447ec5a55ae4b058c59bbecd84701d507445ab2ef6a54cd328447863c6a90ad993425312f6a127d52c09824ebfd26e088bcdcea9ef82de28a505ebc111c0d80af13a732602ca6d1caf05644b7918fd9d0b64ca2311257fd95974d47c5d08a4bfbad85faee91ccf149746132a8181ed0d6f07c4f224e6c82e1c55ccc101b13a2c98d8fbded1c5d7a4cfc22111611d1cbcce0f9d2975db55e3ba0f2c6296cb1193b0feecf26ee2ac073c697558cb1d2213bc066c81a8b3a9cdf4adbff149546b8fd96b954ddd3ef657b849cb5bca37f3ec266b233c5807ca5985302fdedeb86fc7f0df3a81103b1bb415feb045f3cf0e2c3d2587cd21dc01b8f9ec638af65afddf0e916f226af435dc3f74467be55a5fba9b8f8676b81edf72e9b1e82a5bd997da9c5ed257b45724623ab4df33d402392c7afb754ea5aac7f46fa0ebc7c7f643e707f2de99a1625d3190c5c0cc0f6991b696abb1af6184c6209a7a62f2a0d6b43b888cf2cc5c2f5e38250e37964b3b552f2326a73fff4b8de2061c7a431d3d14fd23b193f9c58162b3a47a7e35d7a1f8c90c4a5a7f44b3af15155ddf1cd7b68cece0c7caa9b731594d5665f5f0acfdf4bcdcc42042df127fefe75aff424e92cea7821fc986b591568e4c32d01a6b571ce339ce78707159abfb6fe3dc02f29ecd862151a10e47d64bd42987cbaae4a521df414f2f87a05630c711acd2a70e15c35fb27a36d72589a14257112a2e23a82374445a2bbe9dcb7de006a7db61104d4fe1b412e31e209c7d226eab4f5b19bb9115e70fc8e4f88d709f2052bc6b8141458326d05dde304b17c05e1397879f70518fe0e9b628e7b204b1faca4ee25f1ec401e6a24b8ee825e0e13dee8abc3c90dea323dffdec7dcadbb6b4ece2d5f7bcbfab98cd0ecfe52c2862e0e5c3e6d4143034e4d51f049da34b8a1db1936ac3ecd814a68c9700a580477ae4ee5d4bf3b7e6d4962ffc3db364afb88732983c7af50db38eeb0d590c759502a188f913612b2d10f88cadca000103d80ea8d0080d91d90b6dbcd83ac00626a7b5922fc79b8280e973adf576022f04da8a29d2cb2cb828a6b67f536a7c4c67e06bc91c4675a14c3a0cc84e4ca638c297a7cecbeb0f244ca891246200f1f4b4d71c8cad0dfc134bc6c2a489cb4c22882a096a4f61aac1275dc57c6056257a3bb106e68f74569c1b5aedfbdaaf5e9f1948a4eb88319386df43ca103fccabdf647c8e8ac763abdc4adfed795d5dc2db4f1943e31bdffc7dad601d21d9af6da61498592493f080ec0e3eb0689e11d8708cf1f6b77585228c4882ec07b0159b36fa37082f1378415631a3673dca7843a494e3f76b05b84626df8e84aa205fb6383ed80c3b8b5b7b944739aac1fb2ddd36df03f322e162ae1cf49579fe98c51bc945f2ce877d43cbcd3baf89a241e4daa5d6d67ba60f17a0ca4639ccb2aca586aec5acda091db68152cd974af055db22bee04e78d21df789cd59c31788dcd84903e8c1161974828cb4e6ba5e1566c47d36353761cde0f300839c3e92becddcabdd5a99223cd2e4f5a9994485586a9c9d798f9b8cddad8054da1acff6288f440b86f092e3b65ccd092aceffb7ec7e64ec46bef0ffa42fcd10da8c0b9acb8d9f036c3ba561f32b4ac27c1f7874f17aa1a06560dd6ed2b2afc7b2467ca7d662a9079ed069e79206ba972e708f02b81b28c4d7d51e86ec8b7b4275c918ac4d67c2d5b6a12712e946509c7d4486ba5ef28fa6ee31429c7307de71c5b388440aa3da1285d989dc3f178c2c4000ebb751baca2ba9de3189937c5cc8055cac78d9fdb629068add84013e09756684abdb786ebe68482f445abed33b7e7858aebbc8289ac12b6712a7e73fd2d10655647da7b1317d51a76e75f3be924b10736b0a4f5909eaf23d0c58bcce1a2b7a8c3f19d59e29e7a86d01d8569ac7982c8b9567f28ae753313f1a04312d82bf0d777aa155f7495def826776ab47db3a06aeec1914241585c4d96f231c9afee2c29b8d041956d9ed752cbe9f6fb68a3a2c662ac14d3bc934fdbae5b3a101daf7d6f5654b6c2c7d6d4ee00c7e01c18f0a6c6077dffd35f355f58474afc7ec75bc2e9fcf4e1581170fbb7a3c587cd360c2def9a295031c7e5e0e553f4edfe4365e7fbb3ea18dfd3aa3bd0bdb0b2bc29f1d5e4067a730bbaaa7122e02411c4e5c027e2f00a40d925d309b9445091d6420b82cf66b7012f2c0d688ce43c8e1125a1088912331cb9dbbdc95ba3f8cfccb2a6ec2d4c2333149e7892de7ac4071318070038c55ef5557f56f768a4d532958bc9cd4a1ad9aaa102fe6d1197597915e5c1b7ed00a4f8e13f4d8fefbf1c129ec01dbc2edfb11ac0c370f4be04d0cc2462f344b1bc1284edd63f486732cb664c13c0b39ac3e02529684cecb3896227c2b4bb601e79a33d00fa6fb1d9456090301e132e0dde3984548e2ec57bc4227672451aa1b9695646eff389cbe2550ad89e670a986480a11c9c065eb7740ffb0d8ddbbd0184b72f0007e557a1fc3453b9c8212298378ee77cea7826387f65c803e308e5602b9a60ea80a85c5dd410756966332f3ac513ba3f4f91bbb3af6e49c581a8edf801f6ff0ebb72f2413696a4c0773f319d31962aff33d97c60c53a34c4c0c1cf3ac080fc1d20cfb6fcb3b7d9f412b0b9bff0c9bbc7c18fcce08a9790e3bfe7bb294f844fe93b3d6ec3ec662a5ef493355650b2e19f8b4c268865a004875b801db8f7e7bc03099ea43665d487cc121a8f9d240d47c8905cbe071c4aacfd1c0d3eefec2ca83d591159b0a3900a2bca95864e22233fe42d133ff0f5ac4c13d93eae69e51d6b91b6c21de30414341e1fe30440354854d47b78870ca21114021fde036663d5354857f8508fb3278885ee851a83f46b2b38030e806b2fd436439a13641b54af72ab4b18c3bebb2b63fef86074762edc7d1e19f3b1dd77d9b75b9ee784ee1f52d397411b280b13d0af3f9b517b4b837d99cc31aff4b7fedda1e6bf4b39399778b89dbc245e4880741183b1299a21c62bb2fa0851cdf10d79bb35749fc386175da7f8eb185205c6fa9fffccfd26b34c18bc790fb20c4c4f61c8ce955236c974cee25af452ba22e247a2503e3053b3a51c0a64d2d33df4fe394b53041ba456d82cdbd82554701940978081bd6dedc1aa9805702fc1f683b2fbb768dc83d39aaec66cd1ac18bdbc850db23c8e4b957dac6ab7f106aceb5405de7bf629e1728f95afa8cf626f9471f5ccc4765e1e69943e61e22abf940f4d8f4eb1e12fb4ff22a595e983c11a179f5ff4e0d3d3942ae1207dfa8027f18aaf14e620ea974f25fa88bc1bccf6642abd2253df2c46ae34e5895d0a0df4e86b7159aefc90b79dc0625361e732b7d8927266e6f33d40ea0765a57a8dfed179f018e42dddd11973a384f424fb2a9cd0d208a3da5a4700e850f9fd5a136fcc445ec151f73cea19c093e00cba1bbd4c98b870594c1cc4533a796bbf0a8d056a9053378530901503b8e471351fe629697ba8e5d93650aa7fb9195d85a673fc7822274c198a2d41a3e31e99b3fcbc8334896809c511c3239ac10a62954255c555725a518d540b704f7e7a5484e0ad3f34cbf914e5dceeb9a5e5531e52b4c753c6d13311928cb9178a4aef6a0e223e3e7fa0bcccb663d382d5bc4a6aa9e9ec44fef44eaf270ad297d1c441eb51b06bd48f7ee660de9f98c122b97eb78f0aa1f736587597a9951dbf68794c08ea711f767179770d096f973944a5b337613c38999746397c2f3c5823c59a9899a03c0804dd0825052debfb186026dd6d4d6fbd1734ea4d43058e99436e32084288a8cd0e5fb87eb2cbcad28908cddb8e145932472adaa8114ebe7f808748e68383bbf169924c4822ce6b9ac051db6d41e5d239e6574921cd432f10dfbf0df1eb3640a39ae79991e62815ecfe9de3860ab6cc43a4841f91c4e8f348f8a3a385d6111541a43e2f063d372d8385661dc51c18337b092369722266bd62e24e80b3458f55958d40e535e4966e43880900e6fc4f8afd7571f1ba3e61740d814b31d356fc830a973253fc7dd391bad2a35f1d53213fadee282a1d4425ee2b6e77f89240732b7e783c6a6508f4363e428a56e2c8e5f32ce95f86caeb08ef62bcf909dba061b5924ab66358e663378dbd352fb984daf1ade7824e50a8daac6159e2bd60ec13bf7d0e43f991646f12e65bf93bc8d33fe0d2d8a149257b7d237561b607e7f67d46da659705126ee8665e8d4ad360a659cd0e6c5853219844ef7c3cfd49a52524ebf2d327ea491b187fd9a59126076eac2a8922bcdb627273c15aedea93ed892fe44a5bb51b21b8478be6f34228bc6486fdb8e7ed5e4740a9bfb290461c1552bf1d9e9ae7213026d578eeb6fd4f09d9c4e7b34efa36089bcebc7a71e0eb0bbcdf829390a5073d1bcab5825782610706f8172542119bd337ec8a100eb08a5e9a09e3675f65518b870940324f4b60dd6002a36d1d823c58c061db50060de3adb9892286a5b47dc73dc63af9e18568d835b27ff0dc8f8f5a14bc6758d9aa02e7e5206bcca0e763352738d02251b5b61c564c6b968bc819921d321a75d2a284299820a37488b4e983fd481e7366769b4733ddfcdd58ca9103c896667d9ecfb8331621b1e7fa9256d9f1634200910a3ad6211621b2a42aab6dcc269cd66c5ce6478e646b8006981c8ece13a9d74b95ef3f48978b529a1b077ce0f9884648fe86154299c61e104cd0985541f4af00a5b7dc6c9c4c6d354047087ab24d1e5513506920831b076d404f7e025b20bc578f420d12df9375ef2df321e4f48f0fe460234b4c21ac2930f73202ec1b2cd49ab75308cdce6755fb22c6b55e336291bdac17923188301f32e7235401650e941cb21ab22b6942c7c6d28625cba48b484e53938cc3a287a58ce188e12b3627b64ef46410f367371aaffa4e97f24fa6d9a3e451b823b5fcaab13602a48c3e2d84947965aa643b16e58ae70c05c34acaf7b27fd64ab5fcbf05508c8859f455143755b7a160a02eb13de3d5bf56ef2a734751695407d766c5bad554720bdeef2731aca5d66c003a5ddc00fbfa592d2ed204a35134e5334b16d21c3529c916352acdde5bbcc7d61a44e7ea9fc75d02b426f7ed533131df7d7fffa05ff3f973a0f9bbfc1cfba23c59af669c4ae0fc5283639bbcb3e5a7049eac3999fbb208c0356d96559e54a4fa524afbb5394dc8cd3306ca92348d1e13bddd132aa3d9d5b49fb80f960ba1a6e454e0dc9542f0c7761d4ee59046c8797031cd5ac4447f73bf5f9bf705f9793843a6afd77fda1c155c3b52bbbf38f288304d27017d6270f1e621954052d98789b4642e59679290532cbd72e262b65bab420c797ddab130c31f9f3f3797da277bdecd24c8dce190cf5638b500b1a6332b9b3beeddb89478c0de8729ee86f97be3138e14b73bad68708bf8270021b69f7726137b7a7b780eb077ed2866ce669895660218f4528ecc62fb94baf9bac022a65a4a4cbf996b207d153086dc45f348db663795e0ffe9f430147c091d96164f28a6bddc3c9e7a1f5c126ea6d43d60f7e914c289e547655db9bade1523431f31e030b1b4ce6b339bd18ba795fc09d8e60f89414a1410bed16079c00d5c92687f64b1ac4bf0c06d5f7a5b6079d4e59ec57b8ca469f941f0f99af23890fb9aaa46fa4bccfa579327d165ec3a6ce1a0d1d5934f8798550569b9a7f6c715a60da35fb970d19532e21bc92c35f1a9d88af9f99f52fa4a176b486bd7075b5e6c73e932b4519b82b537a47cfe4feb8e64916ca56ae9f5ef1cdd60d324287b3c25574762b6219cb799af65c0eba1d7b35c9e811e7d36460aa64cc2ed7bf032347b4350f32a4c28195dec3984bb87f02cb535a9d11f8f5ad660e820526d878f3828e8a32f35b5a585b7c40eb797d19dd00985b99108297e5f9f9395bdd83283929319ddd7283add1114b4a6d2e48bc7e7289cbddab9f1f8e32453de723d502185afd5353e2476322ce1ada452934d237cf0800246cf9f7cb7c3126cfbcf0ebad2c99dc55672caa36087c7d50047ab3bed72c66438f4e8b4a39fa97c4952572cd7d730f4d9644abdbbf9201b432916df6936fd9f0d95a31613e22b6554b8aeb22f9266c1c07768bd7f027559049286358ea48dc1ce0a4e4532e62dd7a9fcb2f151a54330d064d1a67bd1f07c3eaf31dae61ed68abbef1593567ce0cdcf4c1716d239fb0d091d770ee12be9e3f10565dfee6f9b0abbf62fba9ff198efefdbe585bfbe24c345b4e49966d1d4a5e36e7f9a8eb3144616a21e4c4d1eae21142ad2c8ff0add3d542a703cd0d3ee420b92a4e0e678f531627e8e32505911194bbfbf79d2ff554c518752abdb9eb4f3b85c6f5f4b9ddb1cce88721dcc0de54b415d422c25222efffee50e55930c6bc288d0970d39e25e2c3a8ab7fe6edd84d4b2ab1b16acda0646af4deff67efc4f03cd3b3f2df596b90559b98e633c5ec3761000088d89028c0e22a77f0cafd27242be1b6a1322505e977c1d958c37d1dad8334e94760841a04776afec29b9b5c8c7d5e2dd9f72bf15d02edc84ee83cbe28068cf6671832db5727fff5de84bd6d6c3abb292b03b01248ec59c6ca8423a776e3d3626986f49d83e748e0cd142634e64a02b64c5fbc681bb246572c114a5d08c93b19d716c5500f0571aa0fd3bdbce66c7b9e439bcfd994828abbad9a3eb12bad83781b22e120a017e1e59b4a05286ab1e0179adb53a45b66a632c6deb1773de7d1eeab2319e884213a8a55c5a9230a17aa87c52a88f1f61df439f261963a75f1056e9e703199a5da1be0bc4358f69a3d5bc3e7383360b1ae490d2e0a814d654cb4e0bb5ff2b23616f84c230f6e434623c0871ea2b5122c8a00def5aef3e06d21f939c083cfc0a186ec909139972c41cd295c42331ba9c3e7f86942480657f164700183b366e8905d9339458d6f768a3786fcd021083ade012a9b850b3ea8a2f30e0702ad541bad20a08e4b0d
2	0	0	231	\\xa9a442d7914f18561aa7d253efb26a4cee8e2bd28c55853523218c87b94cc79b87c3ddcc5e78def8f5e52d344d90d127b62c56f759e676cbb9e0ceaa6eb82951482054398222e1686a914637fbb60b2fe45a7c86d96c856815bd46331cd2593b74efa57ecf99052243536b10d3275542f6a7a9708874422ad02d3c30e2fb0748285ce94d6272bff240884697f03c85a38fc805c65c494183db9a67852ad02b4e99890a45b84cbc2da10426950cc4af3ecc825a68ebf7c52f52458ffc95b8b7837ceff89e76b6f080b8ad4950f5925b9a3c8a0b4f3a398e5c22dca1a274c014ac59ba85a3e237406099cd3e127bcff9be03fd0af6fe431fb4a6ff723689127a28ab81e8e82e811f7134985f04d08fe4eb6496041ef643351eb7c5df361542ba2e49b6c7d381a333a559a9cf392ca1bff987c934c51842acdce0f2e2af51edc831748f57510991760dff15821170ba703a2d4d0aaf9d4b1aa22bae9d0e69873afdcdc1f5c6ff45c8ffc7ac393784c3240c3897d78ca6c613d125ecc6b373b35a63d0813e5a4b67c37f17ae22c228e27b96d129320823abebec307cc2bfae92c34adf8748d9e7e0a35b040cbc657ee39da8719b61585ee1e1cba76c6bb8fc89ed352ab129cad32fc2186ed1ddb6acc65043e1193775d2775637067dcad6ddc5df5786586a52858e7dbe19a5f8bbdf0c4d7ae28d18f5737df43952aeb8070484001b3c4a1b22338cff4a2acde1e91923ca2c7e8e90acc974a2cb5a44d812bad8fd76e946749bb997235a2994a83fc9d3762beab318c6f23152268def71c240a1536782e082e734ae32f4568f60e779218340c5c8774359f5a7000fcf600497e5674bb951d0c5de6b5df1b1bc7f2ba7f56f41b1f24420fe864d0ad1782748c17528efc4d54d7437555c467daaf48c9738315eb3cc3ba51c9ac330d459d5d0928285667cdcdae6d7e84624b0a7ba1fafd0a9079221e22469811ede8d84d3dae8b3ba656cc77bb9e96a98424c7c59ee733520b2c530e24d68b231088ef808063b4aaf602e65e7dc6237459da85a4608331b05c99e2124f13fc45a412fb3b22d54989556408460fbfd54ad8d7ea7f477515930dfa839cc344df1fb55eaf19b2dccac5eee22d9b28beb2358d95489eb487b4c76be0ae462e8456ea80608696c3bba8927a6599e59e884472050e630ee2d63ebab44403b30df1439cd28f7041caf5702b0aa4cd780491bf2c76ae45715218a2d56579405cb4df34cd1468e3640a30a1fc94fb985d48e9626df1b630157df3a70f61f925a770321b93f5c974c5d8d5e0335a3209346a87438523101dc501f7ae0ee4ec7d1c1801717a016484ca8a5fb6c82c4ad75dee94a4fc49999b8ff1b2aad3424cfcd1f633c2256ecc70e795ef26a40b1f2226154f0dfb610aa5b837b000ea993b686f6cab52502fa75d147dc2edd06de11fcae21f2ee700083b084a8e1a460201709d541f01e52fe851813c8b56084dab60d99e946011427fba0813ff344ae854b5459a806c320950b130f8004f17027d76813b3290297523dfe2d8b2f743ad9e1b38e89c24e078ed9707eca3e7a0e17941e46fc44b94b02e33bb1ac58acac7ef04da63769f548a801c238e57b90958b3f83928ea24c5ba65141329449293eded007205995ee55091bf6e4fe9de60b0da842bf6e5d159759ae762c4dcfd54d7d49b879607818ca074fe21992018ed857bce858cbeca66c784a27c470ef190fef1dcfa80aba84e82de389ce071fc48f6ee56b465c37dfc88e291b0c8cef023741b6766f41d9798ab0746f96a0ced58b78452687a673bd9dd80c41adb06e3bf493da7d9c6fc9763f4b7c149c0e443c72e961a126da7f6203f70f34834b3eb75a629c2e455971c14c530cb3c8020d20bce4cfad62e01b7c4dbc63a721d575f5605d8d64dec0d101dec75e2160e368cce3d4456e5e7d4680f82ca09bcd49dfc08d63cc1df5cc1bc12a0137abab6e595673ccff47a8fd45ec61da44c4a8b35345f2a3d12fb46320756dd1d1193ba90884b3f76114f1f084f1f8829ebe25c705dace38c59141e4060b2b61f9c4e0df050ddb30a45d03dd54822671705c40072b8c9004faf64730274e34907df80163ba126ee5af36097cbe12b2a710717915b6f8b6086e7ec639ca431fcc68679bd7ef0ac578c14a47da3cb0aac8750164f3de55a7149afb6dac25d614be78224b4c06fb2d62e7eb2bcdae3f316ea41ed4df1a94e4983b30876c9cb1a9f3091b9d44f4ef8f717930d309a43d0417a060a4bd4519de4aeeadb1cab00b7d12ad7c2180651843d185fc5b4f6c16891cb3792ed80e5d511d2792b500596dcc455be2919aba18806cf363b12a5024601df1e84121b65927fc8aff21eb125a79634731aa8418a510c781f868bbd187bbf842294cfffbeec08c36b3708db6aa1899c366214e390c6a62bf7c38abaa2b175f46355abdbfd23fa7622d25bceed8cbd1c57c415f7d1f76d812032564b66e7c8921485111ba1294b303d210e9cab20ad562b3a1b8a0f609d70046b6f67cb5484281ba58f87433a0fdef1c2610ba9f39574035ea582a0d570e27ec5232df1179b1e0e8b40d031d9a75affd44af15ba159ab5c7d0fe2ad8c72b8b57ce8932802f260f36574d55379061eff300d37b38650b243d806d30b15a292f5cb44f3aecb853e74aff570bf47531b168674f44de254e98227d91759bf948e21839b9670f997015c7a17cf1a1577ab6379a6184df0e6cc044cec90cbe60f5344eceb2717575583d804ca7f8bea35546240ade4a3f31186a4b307ca7145dfcc477f1c341b06000c484c7d41ad19d3065ec88b29dc4d8574ceb56779fa2221bb07199288f617c07483c20cb03ab57e69cc051a96e269b748545b631f443e91755c09552f73adac1aef698c11f9f5d58ebe3b1a83c7d7eb5a81742e5634ccc627b6ca3749da63cc8c99cdc7bd6875223d5ed98ea2f412fda4aadcd6c6d54ee9d608feecab0166dddc5fe4a19a19dcaa99fd6aeeed1dbac8e82c3d9c778adaca1bfd25cfca559a772eb4c8e1dd34b5a7fef89078315e5fc678853bedf6042c78d71f7903ef5b1a678b80d68fbdae6e9ab51b942c5ef85a2300c0f95bf7f6ba214fcbbc480e59b16a151ac2f3eefe0e89f23142ead18e2f0e717498e97f8ed8b356dedcf61be15dd5a89fc18d2c52472d6d861c497e9201526e48062c6e5358343e5448cbfdd5edc4d1ec47f2d8b2ff418e0d84021f2f2bcd2e32d56da46efa9ef1610b170f571e1756061b2b2cdcc1da4ac75f23d18f7818fde0c4ee33c8027ce31cf4c753d6e2e87b525f0610804946559cf2fa38a080c6a62ec59f2b6c7a3fe2e5bee050c88cc9aa656211271279b883899d194f471990d9e2867720d7fac56eb6630e15126f0ce2223ba34e973b226f5447ec5a55ae4b058c59bbecd84701d507445ab2ef6a54cd328447863c6a90ad993425312f6a127d52c09824ebfd26e088bcdcea9ef82de28a505ebc111c0d80af13a732602ca6d1caf05644b7918fd9d0b64ca2311257fd95974d47c5d08a4bfbad85faee91ccf149746132a8181ed0d6f07c4f224e6c82e1c55ccc101b13a2c98d8fbded1c5d7a4cfc22111611d1cbcce0f9d2975db55e3ba0f2c6296cb1193b0feecf26ee2ac073c697558cb1d2213bc066c81a8b3a9cdf4adbff149546b8fd96b954ddd3ef657b849cb5bca37f3ec266b233c5807ca5985302fdedeb86fc7f0df3a81103b1bb415feb045f3cf0e2c3d2587cd21dc01b8f9ec638af65afddf0e916f226af435dc3f74467be55a5fba9b8f8676b81edf72e9b1e82a5bd997da9c5ed257b45724623ab4df33d402392c7afb754ea5aac7f46fa0ebc7c7f643e707f2de99a1625d3190c5c0cc0f6991b696abb1af6184c6209a7a62f2a0d6b43b888cf2cc5c2f5e38250e37964b3b552f2326a73fff4b8de2061c7a431d3d14fd23b193f9c58162b3a47a7e35d7a1f8c90c4a5a7f44b3af15155ddf1cd7b68cece0c7caa9b731594d5665f5f0acfdf4bcdcc42042df127fefe75aff424e92cea7821fc986b591568e4c32d01a6b571ce339ce78707159abfb6fe3dc02f29ecd862151a10e47d64bd42987cbaae4a521df414f2f87a05630c711acd2a70e15c35fb27a36d72589a14257112a2e23a82374445a2bbe9dcb7de006a7db61104d4fe1b412e31e209c7d226eab4f5b19bb9115e70fc8e4f88d709f2052bc6b8141458326d05dde304b17c05e1397879f70518fe0e9b628e7b204b1faca4ee25f1ec401e6a24b8ee825e0e13dee8abc3c90dea323dffdec7dcadbb6b4ece2d5f7bcbfab98cd0ecfe52c2862e0e5c3e6d4143034e4d51f049da34b8a1db1936ac3ecd814a68c9700a580477ae4ee5d4bf3b7e6d4962ffc3db364afb88732983c7af50db38eeb0d590c759502a188f913612b2d10f88cadca000103d80ea8d0080d91d90b6dbcd83ac00626a7b5922fc79b8280e973adf576022f04da8a29d2cb2cb828a6b67f536a7c4c67e06bc91c4675a14c3a0cc84e4ca638c297a7cecbeb0f244ca891246200f1f4b4d71c8cad0dfc134bc6c2a489cb4c22882a096a4f61aac1275dc57c6056257a3bb106e68f74569c1b5aedfbdaaf5e9f1948a4eb88319386df43ca103fccabdf647c8e8ac763abdc4adfed795d5dc2db4f1943e31bdffc7dad601d21d9af6da61498592493f080ec0e3eb0689e11d8708cf1f6b77585228c4882ec07b0159b36fa37082f1378415631a3673dca7843a494e3f76b05b84626df8e84aa205fb6383ed80c3b8b5b7b944739aac1fb2ddd36df03f322e162ae1cf49579fe98c51bc945f2ce877d43cbcd3baf89a241e4daa5d6d67ba60f17a0ca4639ccb2aca586aec5acda091db68152cd974af055db22bee04e78d21df789cd59c31788dcd84903e8c1161974828cb4e6ba5e1566c47d36353761cde0f300839c3e92becddcabdd5a99223cd2e4f5a9994485586a9c9d798f9b8cddad8054da1acff6288f440b86f092e3b65ccd092aceffb7ec7e64ec46bef0ffa42fcd10da8c0b9acb8d9f036c3ba561f32b4ac27c1f7874f17aa1a06560dd6ed2b2afc7b2467ca7d662a9079ed069e79206ba972e708f02b81b28c4d7d51e86ec8b7b4275c918ac4d67c2d5b6a12712e946509c7d4486ba5ef28fa6ee31429c7307de71c5b388440aa3da1285d989dc3f178c2c4000ebb751baca2ba9de3189937c5cc8055cac78d9fdb629068add84013e09756684abdb786ebe68482f445abed33b7e7858aebbc8289ac12b6712a7e73fd2d10655647da7b1317d51a76e75f3be924b10736b0a4f5909eaf23d0c58bcce1a2b7a8c3f19d59e29e7a86d01d8569ac7982c8b9567f28ae753313f1a04312d82bf0d777aa155f7495def826776ab47db3a06aeec1914241585c4d96f231c9afee2c29b8d041956d9ed752cbe9f6fb68a3a2c662ac14d3bc934fdbae5b3a101daf7d6f5654b6c2c7d6d4ee00c7e01c18f0a6c6077dffd35f355f58474afc7ec75bc2e9fcf4e1581170fbb7a3c587cd360c2def9a295031c7e5e0e553f4edfe4365e7fbb3ea18dfd3aa3bd0bdb0b2bc29f1d5e4067a730bbaaa7122e02411c4e5c027e2f00a40d925d309b9445091d6420b82cf66b7012f2c0d688ce43c8e1125a1088912331cb9dbbdc95ba3f8cfccb2a6ec2d4c2333149e7892de7ac4071318070038c55ef5557f56f768a4d532958bc9cd4a1ad9aaa102fe6d1197597915e5c1b7ed00a4f8e13f4d8fefbf1c129ec01dbc2edfb11ac0c370f4be04d0cc2462f344b1bc1284edd63f486732cb664c13c0b39ac3e02529684cecb3896227c2b4bb601e79a33d00fa6fb1d9456090301e132e0dde3984548e2ec57bc4227672451aa1b9695646eff389cbe2550ad89e670a986480a11c9c065eb7740ffb0d8ddbbd0184b72f0007e557a1fc3453b9c8212298378ee77cea7826387f65c803e308e5602b9a60ea80a85c5dd410756966332f3ac513ba3f4f91bbb3af6e49c581a8edf801f6ff0ebb72f2413696a4c0773f319d31962aff33d97c60c53a34c4c0c1cf3ac080fc1d20cfb6fcb3b7d9f412b0b9bff0c9bbc7c18fcce08a9790e3bfe7bb294f844fe93b3d6ec3ec662a5ef493355650b2e19f8b4c268865a004875b801db8f7e7bc03099ea43665d487cc121a8f9d240d47c8905cbe071c4aacfd1c0d3eefec2ca83d591159b0a3900a2bca95864e22233fe42d133ff0f5ac4c13d93eae69e51d6b91b6c21de30414341e1fe30440354854d47b78870ca21114021fde036663d5354857f8508fb3278885ee851a83f46b2b38030e806b2fd436439a13641b54af72ab4b18c3bebb2b63fef86074762edc7d1e19f3b1dd77d9b75b9ee784ee1f52d397411b280b13d0af3f9b517b4b837d99cc31aff4b7fedda1e6bf4b39399778b89dbc245e4880741183b1299a21c62bb2fa0851cdf10d79bb35749fc386175da7f8eb185205c6fa9fffccfd26b34c18bc790fb20c4c4f61c8ce955236c974cee25af452ba22e247a2503e3053b3a51c0a64d2d33df4fe394b53041ba456d82cdbd82554701940978081bd6dedc1aa9805702fc1f683b2fbb768dc83d39aaec66cd1ac18bdbc850db23c8e4b957dac6ab7f106aceb5405de7bf629e1728f95afa8cf626f9471f5ccc4765e1e69943e61e22abf940f4d8f4eb1e12fb4ff22a595e983c11a179f5ff4e0d3d3942ae1207dfa8027f18aaf14e620ea974f25fa88bc1bccf6642abd2253df2c46ae34e5895d0a0df4e86b7159aefc90b79dc0625361e732b7d8927266e6f33d40ea0765a57a8dfed179f018e42dddd11973a384f424fb2a9cd0d208a3da5a4700e850f9fd5a136fcc445ec151f73cea19c093e00cba1bbd4c98b870594c1cc4533a796bbf0a8d056a9053378530901503b8e471351fe629697ba8e5d93650aa7fb9195d85a673fc7822274c198a2d41a3e31e99b3fcbc8334896809c511c3239ac10a62954255c555725a518d540b704f7e7a5484e0ad3f34cbf914e5dceeb9a5e5531e52b4c753c6d13311928cb9178a4aef6a0e223e3e7fa0bcccb663d382d5bc4a6aa9e9ec44fef44eaf270ad297d1c441eb51b06bd48f7ee660de9f98c122b97eb78f0aa1f736587597a9951dbf68794c08ea711f767179770d096f973944a5b337613c38999746397c2f3c5823c59a9899a03c0804dd0825052debfb186026dd6d4d6fbd1734ea4d43058e99436e32084288a8cd0e5fb87eb2cbcad28908cddb8e145932472adaa8114ebe7f808748e68383bbf169924c4822ce6b9ac051db6d41e5d239e6574921cd432f10dfbf0df1eb3640a39ae79991e62815ecfe9de3860ab6cc43a4841f91c4e8f348f8a3a385d6111541a43e2f063d372d8385661dc51c18337b092369722266bd62e24e80b3458f55958d40e535e4966e43880900e6fc4f8afd7571f1ba3e61740d814b31d356fc830a973253fc7dd391bad2a35f1d53213fadee282a1d4425ee2b6e77f89240732b7e783c6a6508f4363e428a56e2c8e5f32ce95f86caeb08ef62bcf909dba061b5924ab66358e663378dbd352fb984daf1ade7824e50a8daac6159e2bd60ec13bf7d0e43f991646f12e65bf93bc8d33fe0d2d8a149257b7d237561b607e7f67d46da659705126ee8665e8d4ad360a659cd0e6c5853219844ef7c3cfd49a52524ebf2d327ea491b187fd9a59126076eac2a8922bcdb627273c15aedea93ed892fe44a5bb51b21b8478be6f34228bc6486fdb8e7ed5e4740a9bfb290461c1552bf1d9e9ae7213026d578eeb6fd4f09d9c4e7b34efa36089bcebc7a71e0eb0bbcdf829390a5073d1bcab5825782610706f8172542119bd337ec8a100eb08a5e9a09e3675f65518b870940324f4b60dd6002a36d1d823c58c061db50060de3adb9892286a5b47dc73dc63af9e18568d835b27ff0dc8f8f5a14bc6758d9aa02e7e5206bcca0e763352738d02251b5b61c564c6b968bc819921d321a75d2a284299820a37488b4e983fd481e7366769b4733ddfcdd58ca9103c896667d9ecfb8331621b1e7fa9256d9f1634200910a3ad6211621b2a42aab6dcc269cd66c5ce6478e646b8006981c8ece13a9d74b95ef3f48978b529a1b077ce0f9884648fe86154299c61e104cd0985541f4af00a5b7dc6c9c4c6d354047087ab24d1e5513506920831b076d404f7e025b20bc578f420d12df9375ef2df321e4f48f0fe460234b4c21ac2930f73202ec1b2cd49ab75308cdce6755fb22c6b55e336291bdac17923188301f32e7235401650e941cb21ab22b6942c7c6d28625cba48b484e53938cc3a287a58ce188e12b3627b64ef46410f367371aaffa4e97f24fa6d9a3e451b823b5fcaab13602a48c3e2d84947965aa643b16e58ae70c05c34acaf7b27fd64ab5fcbf05508c8859f455143755b7a160a02eb13de3d5bf56ef2a734751695407d766c5bad554720bdeef2731aca5d66c003a5ddc00fbfa592d2ed204a35134e5334b16d21c3529c916352acdde5bbcc7d61a44e7ea9fc75d02b426f7ed533131df7d7fffa05ff3f973a0f9bbfc1cfba23c59af669c4ae0fc5283639bbcb3e5a7049eac3999fbb208c0356d96559e54a4fa524afbb5394dc8cd3306ca92348d1e13bddd132aa3d9d5b49fb80f960ba1a6e454e0dc9542f0c7761d4ee59046c8797031cd5ac4447f73bf5f9bf705f9793843a6afd77fda1c155c3b52bbbf38f288304d27017d6270f1e621954052d98789b4642e59679290532cbd72e262b65bab420c797ddab130c31f9f3f3797da277bdecd24c8dce190cf5638b500b1a6332b9b3beeddb89478c0de8729ee86f97be3138e14b73bad68708bf8270021b69f7726137b7a7b780eb077ed2866ce669895660218f4528ecc62fb94baf9bac022a65a4a4cbf996b207d153086dc45f348db663795e0ffe9f430147c091d96164f28a6bddc3c9e7a1f5c126ea6d43d60f7e914c289e547655db9bade1523431f31e030b1b4ce6b339bd18ba795fc09d8e60f89414a1410bed16079c00d5c92687f64b1ac4bf0c06d5f7a5b6079d4e59ec57b8ca469f941f0f99af23890fb9aaa46fa4bccfa579327d165ec3a6ce1a0d1d5934f8798550569b9a7f6c715a60da35fb970d19532e21bc92c35f1a9d88af9f99f52fa4a176b486bd7075b5e6c73e932b4519b82b537a47cfe4feb8e64916ca56ae9f5ef1cdd60d324287b3c25574762b6219cb799af65c0eba1d7b35c9e811e7d36460aa64cc2ed7bf032347b4350f32a4c28195dec3984bb87f02cb535a9d11f8f5ad660e820526d878f3828e8a32f35b5a585b7c40eb797d19dd00985b99108297e5f9f9395bdd83283929319ddd7283add1114b4a6d2e48bc7e7289cbddab9f1f8e32453de723d502185afd5353e2476322ce1ada452934d237cf0800246cf9f7cb7c3126cfbcf0ebad2c99dc55672caa36087c7d50047ab3bed72c66438f4e8b4a39fa97c4952572cd7d730f4d9644abdbbf9201b432916df6936fd9f0d95a31613e22b6554b8aeb22f9266c1c07768bd7f027559049286358ea48dc1ce0a4e4532e62dd7a9fcb2f151a54330d064d1a67bd1f07c3eaf31dae61ed68abbef1593567ce0cdcf4c1716d239fb0d091d770ee12be9e3f10565dfee6f9b0abbf62fba9ff198efefdbe585bfbe24c345b4e49966d1d4a5e36e7f9a8eb3144616a21e4c4d1eae21142ad2c8ff0add3d542a703cd0d3ee420b92a4e0e678f531627e8e32505911194bbfbf79d2ff554c518752abdb9eb4f3b85c6f5f4b9ddb1cce88721dcc0de54b415d422c25222efffee50e55930c6bc288d0970d39e25e2c3a8ab7fe6edd84d4b2ab1b16acda0646af4deff67efc4f03cd3b3f2df596b90559b98e633c5ec3761000088d89028c0e22a77f0cafd27242be1b6a1322505e977c1d958c37d1dad8334e94760841a04776afec29b9b5c8c7d5e2dd9f72bf15d02edc84ee83cbe28068cf6671832db5727fff5de84bd6d6c3abb292b03b01248ec59c6ca8423a776e3d3626986f49d83e748e0cd142634e64a02b64c5fbc681bb246572c114a5d08c93b19d716c5500f0571aa0fd3bdbce66c7b9e439bcfd994828abbad9a3eb12bad83781b22e120a017e1e59b4a05286ab1e0179adb53a45b66a632c6deb1773de7d1eeab2319e884213a8a55c5a9230a17aa87c52a88f1f61df439f261963a75f1056e9e703199a5da1be0bc4358f69a3d5bc3e7383360b1ae490d2e0a814d654cb4e0bb5ff2b23616f84c230f6e434623c0871ea2b5122c8a00def5aef3e06d21f939c083cfc0a186ec909139972c41cd295c42331ba9c3e7f86942480657f164700183b366e8905d9339458d6f768a3786fcd021083ade012a9b850b3ea8a2f30e0702ad541bad20a08e4b0d23202e8b6930e968a26275fb8f64f7463efef7eed484d9feead4c22d7da6211f
2	0	0	232	\\xa9a442d7914f18561aa7d253efb26a4cee8e2bd28c55853523218c87b94cc79b87c3ddcc5e78def8f5e52d344d90d127b62c56f759e676cbb9e0ceaa6eb82951482054398222e1686a914637fbb60b2fe45a7c86d96c856815bd46331cd2593b74efa57ecf99052243536b10d3275542f6a7a9708874422ad02d3c30e2fb0748285ce94d6272bff240884697f03c85a38fc805c65c494183db9a67852ad02b4e99890a45b84cbc2da10426950cc4af3ecc825a68ebf7c52f52458ffc95b8b7837ceff89e76b6f080b8ad4950f5925b9a3c8a0b4f3a398e5c22dca1a274c014ac59ba85a3e237406099cd3e127bcff9be03fd0af6fe431fb4a6ff723689127a28ab81e8e82e811f7134985f04d08fe4eb6496041ef643351eb7c5df361542ba2e49b6c7d381a333a559a9cf392ca1bff987c934c51842acdce0f2e2af51edc831748f57510991760dff15821170ba703a2d4d0aaf9d4b1aa22bae9d0e69873afdcdc1f5c6ff45c8ffc7ac393784c3240c3897d78ca6c613d125ecc6b373b35a63d0813e5a4b67c37f17ae22c228e27b96d129320823abebec307cc2bfae92c34adf8748d9e7e0a35b040cbc657ee39da8719b61585ee1e1cba76c6bb8fc89ed352ab129cad32fc2186ed1ddb6acc65043e1193775d2775637067dcad6ddc5df5786586a52858e7dbe19a5f8bbdf0c4d7ae28d18f5737df43952aeb8070484001b3c4a1b22338cff4a2acde1e91923ca2c7e8e90acc974a2cb5a44d812bad8fd76e946749bb997235a2994a83fc9d3762beab318c6f23152268def71c240a1536782e082e734ae32f4568f60e779218340c5c8774359f5a7000fcf600497e5674bb951d0c5de6b5df1b1bc7f2ba7f56f41b1f24420fe864d0ad1782748c17528efc4d54d7437555c467daaf48c9738315eb3cc3ba51c9ac330d459d5d0928285667cdcdae6d7e84624b0a7ba1fafd0a9079221e22469811ede8d84d3dae8b3ba656cc77bb9e96a98424c7c59ee733520b2c530e24d68b231088ef808063b4aaf602e65e7dc6237459da85a4608331b05c99e2124f13fc45a412fb3b22d54989556408460fbfd54ad8d7ea7f477515930dfa839cc344df1fb55eaf19b2dccac5eee22d9b28beb2358d95489eb487b4c76be0ae462e8456ea80608696c3bba8927a6599e59e884472050e630ee2d63ebab44403b30df1439cd28f7041caf5702b0aa4cd780491bf2c76ae45715218a2d56579405cb4df34cd1468e3640a30a1fc94fb985d48e9626df1b630157df3a70f61f925a770321b93f5c974c5d8d5e0335a3209346a87438523101dc501f7ae0ee4ec7d1c1801717a016484ca8a5fb6c82c4ad75dee94a4fc49999b8ff1b2aad3424cfcd1f633c2256ecc70e795ef26a40b1f2226154f0dfb610aa5b837b000ea993b686f6cab52502fa75d147dc2edd06de11fcae21f2ee700083b084a8e1a460201709d541f01e52fe851813c8b56084dab60d99e946011427fba0813ff344ae854b5459a806c320950b130f8004f17027d76813b3290297523dfe2d8b2f743ad9e1b38e89c24e078ed9707eca3e7a0e17941e46fc44b94b02e33bb1ac58acac7ef04da63769f548a801c238e57b90958b3f83928ea24c5ba65141329449293eded007205995ee55091bf6e4fe9de60b0da842bf6e5d159759ae762c4dcfd54d7d49b879607818ca074fe21992018ed857bce858cbeca66c784a27c470ef190fef1dcfa80aba84e82de389ce071fc48f6ee56b465c37dfc88e291b0c8cef023741b6766f41d9798ab0746f96a0ced58b78452687a673bd9dd80c41adb06e3bf493da7d9c6fc9763f4b7c149c0e443c72e961a126da7f6203f70f34834b3eb75a629c2e455971c14c530cb3c8020d20bce4cfad62e01b7c4dbc63a721d575f5605d8d64dec0d101dec75e2160e368cce3d4456e5e7d4680f82ca09bcd49dfc08d63cc1df5cc1bc12a0137abab6e595673ccff47a8fd45ec61da44c4a8b35345f2a3d12fb46320756dd1d1193ba90884b3f76114f1f084f1f8829ebe25c705dace38c59141e4060b2b61f9c4e0df050ddb30a45d03dd54822671705c40072b8c9004faf64730274e34907df80163ba126ee5af36097cbe12b2a710717915b6f8b6086e7ec639ca431fcc68679bd7ef0ac578c14a47da3cb0aac8750164f3de55a7149afb6dac25d614be78224b4c06fb2d62e7eb2bcdae3f316ea41ed4df1a94e4983b30876c9cb1a9f3091b9d44f4ef8f717930d309a43d0417a060a4bd4519de4aeeadb1cab00b7d12ad7c2180651843d185fc5b4f6c16891cb3792ed80e5d511d2792b500596dcc455be2919aba18806cf363b12a5024601df1e84121b65927fc8aff21eb125a79634731aa8418a510c781f868bbd187bbf842294cfffbeec08c36b3708db6aa1899c366214e390c6a62bf7c38abaa2b175f46355abdbfd23fa7622d25bceed8cbd1c57c415f7d1f76d812032564b66e7c8921485111ba1294b303d210e9cab20ad562b3a1b8a0f609d70046b6f67cb5484281ba58f87433a0fdef1c2610ba9f39574035ea582a0d570e27ec5232df1179b1e0e8b40d031d9a75affd44af15ba159ab5c7d0fe2ad8c72b8b57ce8932802f260f36574d55379061eff300d37b38650b243d806d30b15a292f5cb44f3aecb853e74aff570bf47531b168674f44de254e98227d91759bf948e21839b9670f997015c7a17cf1a1577ab6379a6184df0e6cc044cec90cbe60f5344eceb2717575583d804ca7f8bea35546240ade4a3f31186a4b307ca7145dfcc477f1c341b06000c484c7d41ad19d3065ec88b29dc4d8574ceb56779fa2221bb07199288f617c07483c20cb03ab57e69cc051a96e269b748545b631f443e91755c09552f73adac1aef698c11f9f5d58ebe3b1a83c7d7eb5a81742e5634ccc627b6ca3749da63cc8c99cdc7bd6875223d5ed98ea2f412fda4aadcd6c6d54ee9d608feecab0166dddc5fe4a19a19dcaa99fd6aeeed1dbac8e82c3d9c778adaca1bfd25cfca559a772eb4c8e1dd34b5a7fef89078315e5fc678853bedf6042c78d71f7903ef5b1a678b80d68fbdae6e9ab51b942c5ef85a2300c0f95bf7f6ba214fcbbc480e59b16a151ac2f3eefe0e89f23142ead18e2f0e717498e97f8ed8b356dedcf61be15dd5a89fc18d2c52472d6d861c497e9201526e48062c6e5358343e5448cbfdd5edc4d1ec47f2d8b2ff418e0d84021f2f2bcd2e32d56da46efa9ef1610b170f571e1756061b2b2cdcc1da4ac75f23d18f7818fde0c4ee33c8027ce31cf4c753d6e2e87b525f0610804946559cf2fa38a080c6a62ec59f2b6c7a3fe2e5bee050c88cc9aa656211271279b883899d194f471990d9e2867720d7fac56eb6630e15126f0ce2223ba34e973b226f5447ec5a55ae4b058c59bbecd84701d507445ab2ef6a54cd328447863c6a90ad993425312f6a127d52c09824ebfd26e088bcdcea9ef82de28a505ebc111c0d80af13a732602ca6d1caf05644b7918fd9d0b64ca2311257fd95974d47c5d08a4bfbad85faee91ccf149746132a8181ed0d6f07c4f224e6c82e1c55ccc101b13a2c98d8fbded1c5d7a4cfc22111611d1cbcce0f9d2975db55e3ba0f2c6296cb1193b0feecf26ee2ac073c697558cb1d2213bc066c81a8b3a9cdf4adbff149546b8fd96b954ddd3ef657b849cb5bca37f3ec266b233c5807ca5985302fdedeb86fc7f0df3a81103b1bb415feb045f3cf0e2c3d2587cd21dc01b8f9ec638af65afddf0e916f226af435dc3f74467be55a5fba9b8f8676b81edf72e9b1e82a5bd997da9c5ed257b45724623ab4df33d402392c7afb754ea5aac7f46fa0ebc7c7f643e707f2de99a1625d3190c5c0cc0f6991b696abb1af6184c6209a7a62f2a0d6b43b888cf2cc5c2f5e38250e37964b3b552f2326a73fff4b8de2061c7a431d3d14fd23b193f9c58162b3a47a7e35d7a1f8c90c4a5a7f44b3af15155ddf1cd7b68cece0c7caa9b731594d5665f5f0acfdf4bcdcc42042df127fefe75aff424e92cea7821fc986b591568e4c32d01a6b571ce339ce78707159abfb6fe3dc02f29ecd862151a10e47d64bd42987cbaae4a521df414f2f87a05630c711acd2a70e15c35fb27a36d72589a14257112a2e23a82374445a2bbe9dcb7de006a7db61104d4fe1b412e31e209c7d226eab4f5b19bb9115e70fc8e4f88d709f2052bc6b8141458326d05dde304b17c05e1397879f70518fe0e9b628e7b204b1faca4ee25f1ec401e6a24b8ee825e0e13dee8abc3c90dea323dffdec7dcadbb6b4ece2d5f7bcbfab98cd0ecfe52c2862e0e5c3e6d4143034e4d51f049da34b8a1db1936ac3ecd814a68c9700a580477ae4ee5d4bf3b7e6d4962ffc3db364afb88732983c7af50db38eeb0d590c759502a188f913612b2d10f88cadca000103d80ea8d0080d91d90b6dbcd83ac00626a7b5922fc79b8280e973adf576022f04da8a29d2cb2cb828a6b67f536a7c4c67e06bc91c4675a14c3a0cc84e4ca638c297a7cecbeb0f244ca891246200f1f4b4d71c8cad0dfc134bc6c2a489cb4c22882a096a4f61aac1275dc57c6056257a3bb106e68f74569c1b5aedfbdaaf5e9f1948a4eb88319386df43ca103fccabdf647c8e8ac763abdc4adfed795d5dc2db4f1943e31bdffc7dad601d21d9af6da61498592493f080ec0e3eb0689e11d8708cf1f6b77585228c4882ec07b0159b36fa37082f1378415631a3673dca7843a494e3f76b05b84626df8e84aa205fb6383ed80c3b8b5b7b944739aac1fb2ddd36df03f322e162ae1cf49579fe98c51bc945f2ce877d43cbcd3baf89a241e4daa5d6d67ba60f17a0ca4639ccb2aca586aec5acda091db68152cd974af055db22bee04e78d21df789cd59c31788dcd84903e8c1161974828cb4e6ba5e1566c47d36353761cde0f300839c3e92becddcabdd5a99223cd2e4f5a9994485586a9c9d798f9b8cddad8054da1acff6288f440b86f092e3b65ccd092aceffb7ec7e64ec46bef0ffa42fcd10da8c0b9acb8d9f036c3ba561f32b4ac27c1f7874f17aa1a06560dd6ed2b2afc7b2467ca7d662a9079ed069e79206ba972e708f02b81b28c4d7d51e86ec8b7b4275c918ac4d67c2d5b6a12712e946509c7d4486ba5ef28fa6ee31429c7307de71c5b388440aa3da1285d989dc3f178c2c4000ebb751baca2ba9de3189937c5cc8055cac78d9fdb629068add84013e09756684abdb786ebe68482f445abed33b7e7858aebbc8289ac12b6712a7e73fd2d10655647da7b1317d51a76e75f3be924b10736b0a4f5909eaf23d0c58bcce1a2b7a8c3f19d59e29e7a86d01d8569ac7982c8b9567f28ae753313f1a04312d82bf0d777aa155f7495def826776ab47db3a06aeec1914241585c4d96f231c9afee2c29b8d041956d9ed752cbe9f6fb68a3a2c662ac14d3bc934fdbae5b3a101daf7d6f5654b6c2c7d6d4ee00c7e01c18f0a6c6077dffd35f355f58474afc7ec75bc2e9fcf4e1581170fbb7a3c587cd360c2def9a295031c7e5e0e553f4edfe4365e7fbb3ea18dfd3aa3bd0bdb0b2bc29f1d5e4067a730bbaaa7122e02411c4e5c027e2f00a40d925d309b9445091d6420b82cf66b7012f2c0d688ce43c8e1125a1088912331cb9dbbdc95ba3f8cfccb2a6ec2d4c2333149e7892de7ac4071318070038c55ef5557f56f768a4d532958bc9cd4a1ad9aaa102fe6d1197597915e5c1b7ed00a4f8e13f4d8fefbf1c129ec01dbc2edfb11ac0c370f4be04d0cc2462f344b1bc1284edd63f486732cb664c13c0b39ac3e02529684cecb3896227c2b4bb601e79a33d00fa6fb1d9456090301e132e0dde3984548e2ec57bc4227672451aa1b9695646eff389cbe2550ad89e670a986480a11c9c065eb7740ffb0d8ddbbd0184b72f0007e557a1fc3453b9c8212298378ee77cea7826387f65c803e308e5602b9a60ea80a85c5dd410756966332f3ac513ba3f4f91bbb3af6e49c581a8edf801f6ff0ebb72f2413696a4c0773f319d31962aff33d97c60c53a34c4c0c1cf3ac080fc1d20cfb6fcb3b7d9f412b0b9bff0c9bbc7c18fcce08a9790e3bfe7bb294f844fe93b3d6ec3ec662a5ef493355650b2e19f8b4c268865a004875b801db8f7e7bc03099ea43665d487cc121a8f9d240d47c8905cbe071c4aacfd1c0d3eefec2ca83d591159b0a3900a2bca95864e22233fe42d133ff0f5ac4c13d93eae69e51d6b91b6c21de30414341e1fe30440354854d47b78870ca21114021fde036663d5354857f8508fb3278885ee851a83f46b2b38030e806b2fd436439a13641b54af72ab4b18c3bebb2b63fef86074762edc7d1e19f3b1dd77d9b75b9ee784ee1f52d397411b280b13d0af3f9b517b4b837d99cc31aff4b7fedda1e6bf4b39399778b89dbc245e4880741183b1299a21c62bb2fa0851cdf10d79bb35749fc386175da7f8eb185205c6fa9fffccfd26b34c18bc790fb20c4c4f61c8ce955236c974cee25af452ba22e247a2503e3053b3a51c0a64d2d33df4fe394b53041ba456d82cdbd82554701940978081bd6dedc1aa9805702fc1f683b2fbb768dc83d39aaec66cd1ac18bdbc850db23c8e4b957dac6ab7f106aceb5405de7bf629e1728f95afa8cf626f9471f5ccc4765e1e69943e61e22abf940f4d8f4eb1e12fb4ff22a595e983c11a179f5ff4e0d3d3942ae1207dfa8027f18aaf14e620ea974f25fa88bc1bccf6642abd2253df2c46ae34e5895d0a0df4e86b7159aefc90b79dc0625361e732b7d8927266e6f33d40ea0765a57a8dfed179f018e42dddd11973a384f424fb2a9cd0d208a3da5a4700e850f9fd5a136fcc445ec151f73cea19c093e00cba1bbd4c98b870594c1cc4533a796bbf0a8d056a9053378530901503b8e471351fe629697ba8e5d93650aa7fb9195d85a673fc7822274c198a2d41a3e31e99b3fcbc8334896809c511c3239ac10a62954255c555725a518d540b704f7e7a5484e0ad3f34cbf914e5dceeb9a5e5531e52b4c753c6d13311928cb9178a4aef6a0e223e3e7fa0bcccb663d382d5bc4a6aa9e9ec44fef44eaf270ad297d1c441eb51b06bd48f7ee660de9f98c122b97eb78f0aa1f736587597a9951dbf68794c08ea711f767179770d096f973944a5b337613c38999746397c2f3c5823c59a9899a03c0804dd0825052debfb186026dd6d4d6fbd1734ea4d43058e99436e32084288a8cd0e5fb87eb2cbcad28908cddb8e145932472adaa8114ebe7f808748e68383bbf169924c4822ce6b9ac051db6d41e5d239e6574921cd432f10dfbf0df1eb3640a39ae79991e62815ecfe9de3860ab6cc43a4841f91c4e8f348f8a3a385d6111541a43e2f063d372d8385661dc51c18337b092369722266bd62e24e80b3458f55958d40e535e4966e43880900e6fc4f8afd7571f1ba3e61740d814b31d356fc830a973253fc7dd391bad2a35f1d53213fadee282a1d4425ee2b6e77f89240732b7e783c6a6508f4363e428a56e2c8e5f32ce95f86caeb08ef62bcf909dba061b5924ab66358e663378dbd352fb984daf1ade7824e50a8daac6159e2bd60ec13bf7d0e43f991646f12e65bf93bc8d33fe0d2d8a149257b7d237561b607e7f67d46da659705126ee8665e8d4ad360a659cd0e6c5853219844ef7c3cfd49a52524ebf2d327ea491b187fd9a59126076eac2a8922bcdb627273c15aedea93ed892fe44a5bb51b21b8478be6f34228bc6486fdb8e7ed5e4740a9bfb290461c1552bf1d9e9ae7213026d578eeb6fd4f09d9c4e7b34efa36089bcebc7a71e0eb0bbcdf829390a5073d1bcab5825782610706f8172542119bd337ec8a100eb08a5e9a09e3675f65518b870940324f4b60dd6002a36d1d823c58c061db50060de3adb9892286a5b47dc73dc63af9e18568d835b27ff0dc8f8f5a14bc6758d9aa02e7e5206bcca0e763352738d02251b5b61c564c6b968bc819921d321a75d2a284299820a37488b4e983fd481e7366769b4733ddfcdd58ca9103c896667d9ecfb8331621b1e7fa9256d9f1634200910a3ad6211621b2a42aab6dcc269cd66c5ce6478e646b8006981c8ece13a9d74b95ef3f48978b529a1b077ce0f9884648fe86154299c61e104cd0985541f4af00a5b7dc6c9c4c6d354047087ab24d1e5513506920831b076d404f7e025b20bc578f420d12df9375ef2df321e4f48f0fe460234b4c21ac2930f73202ec1b2cd49ab75308cdce6755fb22c6b55e336291bdac17923188301f32e7235401650e941cb21ab22b6942c7c6d28625cba48b484e53938cc3a287a58ce188e12b3627b64ef46410f367371aaffa4e97f24fa6d9a3e451b823b5fcaab13602a48c3e2d84947965aa643b16e58ae70c05c34acaf7b27fd64ab5fcbf05508c8859f455143755b7a160a02eb13de3d5bf56ef2a734751695407d766c5bad554720bdeef2731aca5d66c003a5ddc00fbfa592d2ed204a35134e5334b16d21c3529c916352acdde5bbcc7d61a44e7ea9fc75d02b426f7ed533131df7d7fffa05ff3f973a0f9bbfc1cfba23c59af669c4ae0fc5283639bbcb3e5a7049eac3999fbb208c0356d96559e54a4fa524afbb5394dc8cd3306ca92348d1e13bddd132aa3d9d5b49fb80f960ba1a6e454e0dc9542f0c7761d4ee59046c8797031cd5ac4447f73bf5f9bf705f9793843a6afd77fda1c155c3b52bbbf38f288304d27017d6270f1e621954052d98789b4642e59679290532cbd72e262b65bab420c797ddab130c31f9f3f3797da277bdecd24c8dce190cf5638b500b1a6332b9b3beeddb89478c0de8729ee86f97be3138e14b73bad68708bf8270021b69f7726137b7a7b780eb077ed2866ce669895660218f4528ecc62fb94baf9bac022a65a4a4cbf996b207d153086dc45f348db663795e0ffe9f430147c091d96164f28a6bddc3c9e7a1f5c126ea6d43d60f7e914c289e547655db9bade1523431f31e030b1b4ce6b339bd18ba795fc09d8e60f89414a1410bed16079c00d5c92687f64b1ac4bf0c06d5f7a5b6079d4e59ec57b8ca469f941f0f99af23890fb9aaa46fa4bccfa579327d165ec3a6ce1a0d1d5934f8798550569b9a7f6c715a60da35fb970d19532e21bc92c35f1a9d88af9f99f52fa4a176b486bd7075b5e6c73e932b4519b82b537a47cfe4feb8e64916ca56ae9f5ef1cdd60d324287b3c25574762b6219cb799af65c0eba1d7b35c9e811e7d36460aa64cc2ed7bf032347b4350f32a4c28195dec3984bb87f02cb535a9d11f8f5ad660e820526d878f3828e8a32f35b5a585b7c40eb797d19dd00985b99108297e5f9f9395bdd83283929319ddd7283add1114b4a6d2e48bc7e7289cbddab9f1f8e32453de723d502185afd5353e2476322ce1ada452934d237cf0800246cf9f7cb7c3126cfbcf0ebad2c99dc55672caa36087c7d50047ab3bed72c66438f4e8b4a39fa97c4952572cd7d730f4d9644abdbbf9201b432916df6936fd9f0d95a31613e22b6554b8aeb22f9266c1c07768bd7f027559049286358ea48dc1ce0a4e4532e62dd7a9fcb2f151a54330d064d1a67bd1f07c3eaf31dae61ed68abbef1593567ce0cdcf4c1716d239fb0d091d770ee12be9e3f10565dfee6f9b0abbf62fba9ff198efefdbe585bfbe24c345b4e49966d1d4a5e36e7f9a8eb3144616a21e4c4d1eae21142ad2c8ff0add3d542a703cd0d3ee420b92a4e0e678f531627e8e32505911194bbfbf79d2ff554c518752abdb9eb4f3b85c6f5f4b9ddb1cce88721dcc0de54b415d422c25222efffee50e55930c6bc288d0970d39e25e2c3a8ab7fe6edd84d4b2ab1b16acda0646af4deff67efc4f03cd3b3f2df596b90559b98e633c5ec3761000088d89028c0e22a77f0cafd27242be1b6a1322505e977c1d958c37d1dad8334e94760841a04776afec29b9b5c8c7d5e2dd9f72bf15d02edc84ee83cbe28068cf6671832db5727fff5de84bd6d6c3abb292b03b01248ec59c6ca8423a776e3d3626986f49d83e748e0cd142634e64a02b64c5fbc681bb246572c114a5d08c93b19d716c5500f0571aa0fd3bdbce66c7b9e439bcfd994828abbad9a3eb12bad83781b22e120a017e1e59b4a05286ab1e0179adb53a45b66a632c6deb1773de7d1eeab2319e884213a8a55c5a9230a17aa87c52a88f1f61df439f261963a75f1056e9e703199a5da1be0bc4358f69a3d5bc3e7383360b1ae490d2e0a814d654cb4e0bb5ff2b23616f84c230f6e434623c0871ea2b5122c8a00def5aef3e06d21f939c083cfc0a186ec909139972c41cd295c42331ba9c3e7f86942480657f164700183b366e8905d9339458d6f768a3786fcd021083ade012a9b850b3ea8a2f30e0702ad541bad20a08e4b0d23202e8b6930e968a26275fb8f64f7463efef7eed484d9feead4c22d7da6211fabaf99eef21705790ebb92606ff3023ba1738a3c75db791b6eba306e7cae8fc6
2	0	0	233	\\xa9a442d7914f18561aa7d253efb26a4cee8e2bd28c55853523218c87b94cc79b87c3ddcc5e78def8f5e52d344d90d127b62c56f759e676cbb9e0ceaa6eb82951482054398222e1686a914637fbb60b2fe45a7c86d96c856815bd46331cd2593b74efa57ecf99052243536b10d3275542f6a7a9708874422ad02d3c30e2fb0748285ce94d6272bff240884697f03c85a38fc805c65c494183db9a67852ad02b4e99890a45b84cbc2da10426950cc4af3ecc825a68ebf7c52f52458ffc95b8b7837ceff89e76b6f080b8ad4950f5925b9a3c8a0b4f3a398e5c22dca1a274c014ac59ba85a3e237406099cd3e127bcff9be03fd0af6fe431fb4a6ff723689127a28ab81e8e82e811f7134985f04d08fe4eb6496041ef643351eb7c5df361542ba2e49b6c7d381a333a559a9cf392ca1bff987c934c51842acdce0f2e2af51edc831748f57510991760dff15821170ba703a2d4d0aaf9d4b1aa22bae9d0e69873afdcdc1f5c6ff45c8ffc7ac393784c3240c3897d78ca6c613d125ecc6b373b35a63d0813e5a4b67c37f17ae22c228e27b96d129320823abebec307cc2bfae92c34adf8748d9e7e0a35b040cbc657ee39da8719b61585ee1e1cba76c6bb8fc89ed352ab129cad32fc2186ed1ddb6acc65043e1193775d2775637067dcad6ddc5df5786586a52858e7dbe19a5f8bbdf0c4d7ae28d18f5737df43952aeb8070484001b3c4a1b22338cff4a2acde1e91923ca2c7e8e90acc974a2cb5a44d812bad8fd76e946749bb997235a2994a83fc9d3762beab318c6f23152268def71c240a1536782e082e734ae32f4568f60e779218340c5c8774359f5a7000fcf600497e5674bb951d0c5de6b5df1b1bc7f2ba7f56f41b1f24420fe864d0ad1782748c17528efc4d54d7437555c467daaf48c9738315eb3cc3ba51c9ac330d459d5d0928285667cdcdae6d7e84624b0a7ba1fafd0a9079221e22469811ede8d84d3dae8b3ba656cc77bb9e96a98424c7c59ee733520b2c530e24d68b231088ef808063b4aaf602e65e7dc6237459da85a4608331b05c99e2124f13fc45a412fb3b22d54989556408460fbfd54ad8d7ea7f477515930dfa839cc344df1fb55eaf19b2dccac5eee22d9b28beb2358d95489eb487b4c76be0ae462e8456ea80608696c3bba8927a6599e59e884472050e630ee2d63ebab44403b30df1439cd28f7041caf5702b0aa4cd780491bf2c76ae45715218a2d56579405cb4df34cd1468e3640a30a1fc94fb985d48e9626df1b630157df3a70f61f925a770321b93f5c974c5d8d5e0335a3209346a87438523101dc501f7ae0ee4ec7d1c1801717a016484ca8a5fb6c82c4ad75dee94a4fc49999b8ff1b2aad3424cfcd1f633c2256ecc70e795ef26a40b1f2226154f0dfb610aa5b837b000ea993b686f6cab52502fa75d147dc2edd06de11fcae21f2ee700083b084a8e1a460201709d541f01e52fe851813c8b56084dab60d99e946011427fba0813ff344ae854b5459a806c320950b130f8004f17027d76813b3290297523dfe2d8b2f743ad9e1b38e89c24e078ed9707eca3e7a0e17941e46fc44b94b02e33bb1ac58acac7ef04da63769f548a801c238e57b90958b3f83928ea24c5ba65141329449293eded007205995ee55091bf6e4fe9de60b0da842bf6e5d159759ae762c4dcfd54d7d49b879607818ca074fe21992018ed857bce858cbeca66c784a27c470ef190fef1dcfa80aba84e82de389ce071fc48f6ee56b465c37dfc88e291b0c8cef023741b6766f41d9798ab0746f96a0ced58b78452687a673bd9dd80c41adb06e3bf493da7d9c6fc9763f4b7c149c0e443c72e961a126da7f6203f70f34834b3eb75a629c2e455971c14c530cb3c8020d20bce4cfad62e01b7c4dbc63a721d575f5605d8d64dec0d101dec75e2160e368cce3d4456e5e7d4680f82ca09bcd49dfc08d63cc1df5cc1bc12a0137abab6e595673ccff47a8fd45ec61da44c4a8b35345f2a3d12fb46320756dd1d1193ba90884b3f76114f1f084f1f8829ebe25c705dace38c59141e4060b2b61f9c4e0df050ddb30a45d03dd54822671705c40072b8c9004faf64730274e34907df80163ba126ee5af36097cbe12b2a710717915b6f8b6086e7ec639ca431fcc68679bd7ef0ac578c14a47da3cb0aac8750164f3de55a7149afb6dac25d614be78224b4c06fb2d62e7eb2bcdae3f316ea41ed4df1a94e4983b30876c9cb1a9f3091b9d44f4ef8f717930d309a43d0417a060a4bd4519de4aeeadb1cab00b7d12ad7c2180651843d185fc5b4f6c16891cb3792ed80e5d511d2792b500596dcc455be2919aba18806cf363b12a5024601df1e84121b65927fc8aff21eb125a79634731aa8418a510c781f868bbd187bbf842294cfffbeec08c36b3708db6aa1899c366214e390c6a62bf7c38abaa2b175f46355abdbfd23fa7622d25bceed8cbd1c57c415f7d1f76d812032564b66e7c8921485111ba1294b303d210e9cab20ad562b3a1b8a0f609d70046b6f67cb5484281ba58f87433a0fdef1c2610ba9f39574035ea582a0d570e27ec5232df1179b1e0e8b40d031d9a75affd44af15ba159ab5c7d0fe2ad8c72b8b57ce8932802f260f36574d55379061eff300d37b38650b243d806d30b15a292f5cb44f3aecb853e74aff570bf47531b168674f44de254e98227d91759bf948e21839b9670f997015c7a17cf1a1577ab6379a6184df0e6cc044cec90cbe60f5344eceb2717575583d804ca7f8bea35546240ade4a3f31186a4b307ca7145dfcc477f1c341b06000c484c7d41ad19d3065ec88b29dc4d8574ceb56779fa2221bb07199288f617c07483c20cb03ab57e69cc051a96e269b748545b631f443e91755c09552f73adac1aef698c11f9f5d58ebe3b1a83c7d7eb5a81742e5634ccc627b6ca3749da63cc8c99cdc7bd6875223d5ed98ea2f412fda4aadcd6c6d54ee9d608feecab0166dddc5fe4a19a19dcaa99fd6aeeed1dbac8e82c3d9c778adaca1bfd25cfca559a772eb4c8e1dd34b5a7fef89078315e5fc678853bedf6042c78d71f7903ef5b1a678b80d68fbdae6e9ab51b942c5ef85a2300c0f95bf7f6ba214fcbbc480e59b16a151ac2f3eefe0e89f23142ead18e2f0e717498e97f8ed8b356dedcf61be15dd5a89fc18d2c52472d6d861c497e9201526e48062c6e5358343e5448cbfdd5edc4d1ec47f2d8b2ff418e0d84021f2f2bcd2e32d56da46efa9ef1610b170f571e1756061b2b2cdcc1da4ac75f23d18f7818fde0c4ee33c8027ce31cf4c753d6e2e87b525f0610804946559cf2fa38a080c6a62ec59f2b6c7a3fe2e5bee050c88cc9aa656211271279b883899d194f471990d9e2867720d7fac56eb6630e15126f0ce2223ba34e973b226f5447ec5a55ae4b058c59bbecd84701d507445ab2ef6a54cd328447863c6a90ad993425312f6a127d52c09824ebfd26e088bcdcea9ef82de28a505ebc111c0d80af13a732602ca6d1caf05644b7918fd9d0b64ca2311257fd95974d47c5d08a4bfbad85faee91ccf149746132a8181ed0d6f07c4f224e6c82e1c55ccc101b13a2c98d8fbded1c5d7a4cfc22111611d1cbcce0f9d2975db55e3ba0f2c6296cb1193b0feecf26ee2ac073c697558cb1d2213bc066c81a8b3a9cdf4adbff149546b8fd96b954ddd3ef657b849cb5bca37f3ec266b233c5807ca5985302fdedeb86fc7f0df3a81103b1bb415feb045f3cf0e2c3d2587cd21dc01b8f9ec638af65afddf0e916f226af435dc3f74467be55a5fba9b8f8676b81edf72e9b1e82a5bd997da9c5ed257b45724623ab4df33d402392c7afb754ea5aac7f46fa0ebc7c7f643e707f2de99a1625d3190c5c0cc0f6991b696abb1af6184c6209a7a62f2a0d6b43b888cf2cc5c2f5e38250e37964b3b552f2326a73fff4b8de2061c7a431d3d14fd23b193f9c58162b3a47a7e35d7a1f8c90c4a5a7f44b3af15155ddf1cd7b68cece0c7caa9b731594d5665f5f0acfdf4bcdcc42042df127fefe75aff424e92cea7821fc986b591568e4c32d01a6b571ce339ce78707159abfb6fe3dc02f29ecd862151a10e47d64bd42987cbaae4a521df414f2f87a05630c711acd2a70e15c35fb27a36d72589a14257112a2e23a82374445a2bbe9dcb7de006a7db61104d4fe1b412e31e209c7d226eab4f5b19bb9115e70fc8e4f88d709f2052bc6b8141458326d05dde304b17c05e1397879f70518fe0e9b628e7b204b1faca4ee25f1ec401e6a24b8ee825e0e13dee8abc3c90dea323dffdec7dcadbb6b4ece2d5f7bcbfab98cd0ecfe52c2862e0e5c3e6d4143034e4d51f049da34b8a1db1936ac3ecd814a68c9700a580477ae4ee5d4bf3b7e6d4962ffc3db364afb88732983c7af50db38eeb0d590c759502a188f913612b2d10f88cadca000103d80ea8d0080d91d90b6dbcd83ac00626a7b5922fc79b8280e973adf576022f04da8a29d2cb2cb828a6b67f536a7c4c67e06bc91c4675a14c3a0cc84e4ca638c297a7cecbeb0f244ca891246200f1f4b4d71c8cad0dfc134bc6c2a489cb4c22882a096a4f61aac1275dc57c6056257a3bb106e68f74569c1b5aedfbdaaf5e9f1948a4eb88319386df43ca103fccabdf647c8e8ac763abdc4adfed795d5dc2db4f1943e31bdffc7dad601d21d9af6da61498592493f080ec0e3eb0689e11d8708cf1f6b77585228c4882ec07b0159b36fa37082f1378415631a3673dca7843a494e3f76b05b84626df8e84aa205fb6383ed80c3b8b5b7b944739aac1fb2ddd36df03f322e162ae1cf49579fe98c51bc945f2ce877d43cbcd3baf89a241e4daa5d6d67ba60f17a0ca4639ccb2aca586aec5acda091db68152cd974af055db22bee04e78d21df789cd59c31788dcd84903e8c1161974828cb4e6ba5e1566c47d36353761cde0f300839c3e92becddcabdd5a99223cd2e4f5a9994485586a9c9d798f9b8cddad8054da1acff6288f440b86f092e3b65ccd092aceffb7ec7e64ec46bef0ffa42fcd10da8c0b9acb8d9f036c3ba561f32b4ac27c1f7874f17aa1a06560dd6ed2b2afc7b2467ca7d662a9079ed069e79206ba972e708f02b81b28c4d7d51e86ec8b7b4275c918ac4d67c2d5b6a12712e946509c7d4486ba5ef28fa6ee31429c7307de71c5b388440aa3da1285d989dc3f178c2c4000ebb751baca2ba9de3189937c5cc8055cac78d9fdb629068add84013e09756684abdb786ebe68482f445abed33b7e7858aebbc8289ac12b6712a7e73fd2d10655647da7b1317d51a76e75f3be924b10736b0a4f5909eaf23d0c58bcce1a2b7a8c3f19d59e29e7a86d01d8569ac7982c8b9567f28ae753313f1a04312d82bf0d777aa155f7495def826776ab47db3a06aeec1914241585c4d96f231c9afee2c29b8d041956d9ed752cbe9f6fb68a3a2c662ac14d3bc934fdbae5b3a101daf7d6f5654b6c2c7d6d4ee00c7e01c18f0a6c6077dffd35f355f58474afc7ec75bc2e9fcf4e1581170fbb7a3c587cd360c2def9a295031c7e5e0e553f4edfe4365e7fbb3ea18dfd3aa3bd0bdb0b2bc29f1d5e4067a730bbaaa7122e02411c4e5c027e2f00a40d925d309b9445091d6420b82cf66b7012f2c0d688ce43c8e1125a1088912331cb9dbbdc95ba3f8cfccb2a6ec2d4c2333149e7892de7ac4071318070038c55ef5557f56f768a4d532958bc9cd4a1ad9aaa102fe6d1197597915e5c1b7ed00a4f8e13f4d8fefbf1c129ec01dbc2edfb11ac0c370f4be04d0cc2462f344b1bc1284edd63f486732cb664c13c0b39ac3e02529684cecb3896227c2b4bb601e79a33d00fa6fb1d9456090301e132e0dde3984548e2ec57bc4227672451aa1b9695646eff389cbe2550ad89e670a986480a11c9c065eb7740ffb0d8ddbbd0184b72f0007e557a1fc3453b9c8212298378ee77cea7826387f65c803e308e5602b9a60ea80a85c5dd410756966332f3ac513ba3f4f91bbb3af6e49c581a8edf801f6ff0ebb72f2413696a4c0773f319d31962aff33d97c60c53a34c4c0c1cf3ac080fc1d20cfb6fcb3b7d9f412b0b9bff0c9bbc7c18fcce08a9790e3bfe7bb294f844fe93b3d6ec3ec662a5ef493355650b2e19f8b4c268865a004875b801db8f7e7bc03099ea43665d487cc121a8f9d240d47c8905cbe071c4aacfd1c0d3eefec2ca83d591159b0a3900a2bca95864e22233fe42d133ff0f5ac4c13d93eae69e51d6b91b6c21de30414341e1fe30440354854d47b78870ca21114021fde036663d5354857f8508fb3278885ee851a83f46b2b38030e806b2fd436439a13641b54af72ab4b18c3bebb2b63fef86074762edc7d1e19f3b1dd77d9b75b9ee784ee1f52d397411b280b13d0af3f9b517b4b837d99cc31aff4b7fedda1e6bf4b39399778b89dbc245e4880741183b1299a21c62bb2fa0851cdf10d79bb35749fc386175da7f8eb185205c6fa9fffccfd26b34c18bc790fb20c4c4f61c8ce955236c974cee25af452ba22e247a2503e3053b3a51c0a64d2d33df4fe394b53041ba456d82cdbd82554701940978081bd6dedc1aa9805702fc1f683b2fbb768dc83d39aaec66cd1ac18bdbc850db23c8e4b957dac6ab7f106aceb5405de7bf629e1728f95afa8cf626f9471f5ccc4765e1e69943e61e22abf940f4d8f4eb1e12fb4ff22a595e983c11a179f5ff4e0d3d3942ae1207dfa8027f18aaf14e620ea974f25fa88bc1bccf6642abd2253df2c46ae34e5895d0a0df4e86b7159aefc90b79dc0625361e732b7d8927266e6f33d40ea0765a57a8dfed179f018e42dddd11973a384f424fb2a9cd0d208a3da5a4700e850f9fd5a136fcc445ec151f73cea19c093e00cba1bbd4c98b870594c1cc4533a796bbf0a8d056a9053378530901503b8e471351fe629697ba8e5d93650aa7fb9195d85a673fc7822274c198a2d41a3e31e99b3fcbc8334896809c511c3239ac10a62954255c555725a518d540b704f7e7a5484e0ad3f34cbf914e5dceeb9a5e5531e52b4c753c6d13311928cb9178a4aef6a0e223e3e7fa0bcccb663d382d5bc4a6aa9e9ec44fef44eaf270ad297d1c441eb51b06bd48f7ee660de9f98c122b97eb78f0aa1f736587597a9951dbf68794c08ea711f767179770d096f973944a5b337613c38999746397c2f3c5823c59a9899a03c0804dd0825052debfb186026dd6d4d6fbd1734ea4d43058e99436e32084288a8cd0e5fb87eb2cbcad28908cddb8e145932472adaa8114ebe7f808748e68383bbf169924c4822ce6b9ac051db6d41e5d239e6574921cd432f10dfbf0df1eb3640a39ae79991e62815ecfe9de3860ab6cc43a4841f91c4e8f348f8a3a385d6111541a43e2f063d372d8385661dc51c18337b092369722266bd62e24e80b3458f55958d40e535e4966e43880900e6fc4f8afd7571f1ba3e61740d814b31d356fc830a973253fc7dd391bad2a35f1d53213fadee282a1d4425ee2b6e77f89240732b7e783c6a6508f4363e428a56e2c8e5f32ce95f86caeb08ef62bcf909dba061b5924ab66358e663378dbd352fb984daf1ade7824e50a8daac6159e2bd60ec13bf7d0e43f991646f12e65bf93bc8d33fe0d2d8a149257b7d237561b607e7f67d46da659705126ee8665e8d4ad360a659cd0e6c5853219844ef7c3cfd49a52524ebf2d327ea491b187fd9a59126076eac2a8922bcdb627273c15aedea93ed892fe44a5bb51b21b8478be6f34228bc6486fdb8e7ed5e4740a9bfb290461c1552bf1d9e9ae7213026d578eeb6fd4f09d9c4e7b34efa36089bcebc7a71e0eb0bbcdf829390a5073d1bcab5825782610706f8172542119bd337ec8a100eb08a5e9a09e3675f65518b870940324f4b60dd6002a36d1d823c58c061db50060de3adb9892286a5b47dc73dc63af9e18568d835b27ff0dc8f8f5a14bc6758d9aa02e7e5206bcca0e763352738d02251b5b61c564c6b968bc819921d321a75d2a284299820a37488b4e983fd481e7366769b4733ddfcdd58ca9103c896667d9ecfb8331621b1e7fa9256d9f1634200910a3ad6211621b2a42aab6dcc269cd66c5ce6478e646b8006981c8ece13a9d74b95ef3f48978b529a1b077ce0f9884648fe86154299c61e104cd0985541f4af00a5b7dc6c9c4c6d354047087ab24d1e5513506920831b076d404f7e025b20bc578f420d12df9375ef2df321e4f48f0fe460234b4c21ac2930f73202ec1b2cd49ab75308cdce6755fb22c6b55e336291bdac17923188301f32e7235401650e941cb21ab22b6942c7c6d28625cba48b484e53938cc3a287a58ce188e12b3627b64ef46410f367371aaffa4e97f24fa6d9a3e451b823b5fcaab13602a48c3e2d84947965aa643b16e58ae70c05c34acaf7b27fd64ab5fcbf05508c8859f455143755b7a160a02eb13de3d5bf56ef2a734751695407d766c5bad554720bdeef2731aca5d66c003a5ddc00fbfa592d2ed204a35134e5334b16d21c3529c916352acdde5bbcc7d61a44e7ea9fc75d02b426f7ed533131df7d7fffa05ff3f973a0f9bbfc1cfba23c59af669c4ae0fc5283639bbcb3e5a7049eac3999fbb208c0356d96559e54a4fa524afbb5394dc8cd3306ca92348d1e13bddd132aa3d9d5b49fb80f960ba1a6e454e0dc9542f0c7761d4ee59046c8797031cd5ac4447f73bf5f9bf705f9793843a6afd77fda1c155c3b52bbbf38f288304d27017d6270f1e621954052d98789b4642e59679290532cbd72e262b65bab420c797ddab130c31f9f3f3797da277bdecd24c8dce190cf5638b500b1a6332b9b3beeddb89478c0de8729ee86f97be3138e14b73bad68708bf8270021b69f7726137b7a7b780eb077ed2866ce669895660218f4528ecc62fb94baf9bac022a65a4a4cbf996b207d153086dc45f348db663795e0ffe9f430147c091d96164f28a6bddc3c9e7a1f5c126ea6d43d60f7e914c289e547655db9bade1523431f31e030b1b4ce6b339bd18ba795fc09d8e60f89414a1410bed16079c00d5c92687f64b1ac4bf0c06d5f7a5b6079d4e59ec57b8ca469f941f0f99af23890fb9aaa46fa4bccfa579327d165ec3a6ce1a0d1d5934f8798550569b9a7f6c715a60da35fb970d19532e21bc92c35f1a9d88af9f99f52fa4a176b486bd7075b5e6c73e932b4519b82b537a47cfe4feb8e64916ca56ae9f5ef1cdd60d324287b3c25574762b6219cb799af65c0eba1d7b35c9e811e7d36460aa64cc2ed7bf032347b4350f32a4c28195dec3984bb87f02cb535a9d11f8f5ad660e820526d878f3828e8a32f35b5a585b7c40eb797d19dd00985b99108297e5f9f9395bdd83283929319ddd7283add1114b4a6d2e48bc7e7289cbddab9f1f8e32453de723d502185afd5353e2476322ce1ada452934d237cf0800246cf9f7cb7c3126cfbcf0ebad2c99dc55672caa36087c7d50047ab3bed72c66438f4e8b4a39fa97c4952572cd7d730f4d9644abdbbf9201b432916df6936fd9f0d95a31613e22b6554b8aeb22f9266c1c07768bd7f027559049286358ea48dc1ce0a4e4532e62dd7a9fcb2f151a54330d064d1a67bd1f07c3eaf31dae61ed68abbef1593567ce0cdcf4c1716d239fb0d091d770ee12be9e3f10565dfee6f9b0abbf62fba9ff198efefdbe585bfbe24c345b4e49966d1d4a5e36e7f9a8eb3144616a21e4c4d1eae21142ad2c8ff0add3d542a703cd0d3ee420b92a4e0e678f531627e8e32505911194bbfbf79d2ff554c518752abdb9eb4f3b85c6f5f4b9ddb1cce88721dcc0de54b415d422c25222efffee50e55930c6bc288d0970d39e25e2c3a8ab7fe6edd84d4b2ab1b16acda0646af4deff67efc4f03cd3b3f2df596b90559b98e633c5ec3761000088d89028c0e22a77f0cafd27242be1b6a1322505e977c1d958c37d1dad8334e94760841a04776afec29b9b5c8c7d5e2dd9f72bf15d02edc84ee83cbe28068cf6671832db5727fff5de84bd6d6c3abb292b03b01248ec59c6ca8423a776e3d3626986f49d83e748e0cd142634e64a02b64c5fbc681bb246572c114a5d08c93b19d716c5500f0571aa0fd3bdbce66c7b9e439bcfd994828abbad9a3eb12bad83781b22e120a017e1e59b4a05286ab1e0179adb53a45b66a632c6deb1773de7d1eeab2319e884213a8a55c5a9230a17aa87c52a88f1f61df439f261963a75f1056e9e703199a5da1be0bc4358f69a3d5bc3e7383360b1ae490d2e0a814d654cb4e0bb5ff2b23616f84c230f6e434623c0871ea2b5122c8a00def5aef3e06d21f939c083cfc0a186ec909139972c41cd295c42331ba9c3e7f86942480657f164700183b366e8905d9339458d6f768a3786fcd021083ade012a9b850b3ea8a2f30e0702ad541bad20a08e4b0d23202e8b6930e968a26275fb8f64f7463efef7eed484d9feead4c22d7da6211fabaf99eef21705790ebb92606ff3023ba1738a3c75db791b6eba306e7cae8fc646907ba56edbe6a1ce4da3c48473b3575dd09a4e7cecd9d1f60a922ff8b89e81
2	0	0	234	\\xa9a442d7914f18561aa7d253efb26a4cee8e2bd28c55853523218c87b94cc79b87c3ddcc5e78def8f5e52d344d90d127b62c56f759e676cbb9e0ceaa6eb82951482054398222e1686a914637fbb60b2fe45a7c86d96c856815bd46331cd2593b74efa57ecf99052243536b10d3275542f6a7a9708874422ad02d3c30e2fb0748285ce94d6272bff240884697f03c85a38fc805c65c494183db9a67852ad02b4e99890a45b84cbc2da10426950cc4af3ecc825a68ebf7c52f52458ffc95b8b7837ceff89e76b6f080b8ad4950f5925b9a3c8a0b4f3a398e5c22dca1a274c014ac59ba85a3e237406099cd3e127bcff9be03fd0af6fe431fb4a6ff723689127a28ab81e8e82e811f7134985f04d08fe4eb6496041ef643351eb7c5df361542ba2e49b6c7d381a333a559a9cf392ca1bff987c934c51842acdce0f2e2af51edc831748f57510991760dff15821170ba703a2d4d0aaf9d4b1aa22bae9d0e69873afdcdc1f5c6ff45c8ffc7ac393784c3240c3897d78ca6c613d125ecc6b373b35a63d0813e5a4b67c37f17ae22c228e27b96d129320823abebec307cc2bfae92c34adf8748d9e7e0a35b040cbc657ee39da8719b61585ee1e1cba76c6bb8fc89ed352ab129cad32fc2186ed1ddb6acc65043e1193775d2775637067dcad6ddc5df5786586a52858e7dbe19a5f8bbdf0c4d7ae28d18f5737df43952aeb8070484001b3c4a1b22338cff4a2acde1e91923ca2c7e8e90acc974a2cb5a44d812bad8fd76e946749bb997235a2994a83fc9d3762beab318c6f23152268def71c240a1536782e082e734ae32f4568f60e779218340c5c8774359f5a7000fcf600497e5674bb951d0c5de6b5df1b1bc7f2ba7f56f41b1f24420fe864d0ad1782748c17528efc4d54d7437555c467daaf48c9738315eb3cc3ba51c9ac330d459d5d0928285667cdcdae6d7e84624b0a7ba1fafd0a9079221e22469811ede8d84d3dae8b3ba656cc77bb9e96a98424c7c59ee733520b2c530e24d68b231088ef808063b4aaf602e65e7dc6237459da85a4608331b05c99e2124f13fc45a412fb3b22d54989556408460fbfd54ad8d7ea7f477515930dfa839cc344df1fb55eaf19b2dccac5eee22d9b28beb2358d95489eb487b4c76be0ae462e8456ea80608696c3bba8927a6599e59e884472050e630ee2d63ebab44403b30df1439cd28f7041caf5702b0aa4cd780491bf2c76ae45715218a2d56579405cb4df34cd1468e3640a30a1fc94fb985d48e9626df1b630157df3a70f61f925a770321b93f5c974c5d8d5e0335a3209346a87438523101dc501f7ae0ee4ec7d1c1801717a016484ca8a5fb6c82c4ad75dee94a4fc49999b8ff1b2aad3424cfcd1f633c2256ecc70e795ef26a40b1f2226154f0dfb610aa5b837b000ea993b686f6cab52502fa75d147dc2edd06de11fcae21f2ee700083b084a8e1a460201709d541f01e52fe851813c8b56084dab60d99e946011427fba0813ff344ae854b5459a806c320950b130f8004f17027d76813b3290297523dfe2d8b2f743ad9e1b38e89c24e078ed9707eca3e7a0e17941e46fc44b94b02e33bb1ac58acac7ef04da63769f548a801c238e57b90958b3f83928ea24c5ba65141329449293eded007205995ee55091bf6e4fe9de60b0da842bf6e5d159759ae762c4dcfd54d7d49b879607818ca074fe21992018ed857bce858cbeca66c784a27c470ef190fef1dcfa80aba84e82de389ce071fc48f6ee56b465c37dfc88e291b0c8cef023741b6766f41d9798ab0746f96a0ced58b78452687a673bd9dd80c41adb06e3bf493da7d9c6fc9763f4b7c149c0e443c72e961a126da7f6203f70f34834b3eb75a629c2e455971c14c530cb3c8020d20bce4cfad62e01b7c4dbc63a721d575f5605d8d64dec0d101dec75e2160e368cce3d4456e5e7d4680f82ca09bcd49dfc08d63cc1df5cc1bc12a0137abab6e595673ccff47a8fd45ec61da44c4a8b35345f2a3d12fb46320756dd1d1193ba90884b3f76114f1f084f1f8829ebe25c705dace38c59141e4060b2b61f9c4e0df050ddb30a45d03dd54822671705c40072b8c9004faf64730274e34907df80163ba126ee5af36097cbe12b2a710717915b6f8b6086e7ec639ca431fcc68679bd7ef0ac578c14a47da3cb0aac8750164f3de55a7149afb6dac25d614be78224b4c06fb2d62e7eb2bcdae3f316ea41ed4df1a94e4983b30876c9cb1a9f3091b9d44f4ef8f717930d309a43d0417a060a4bd4519de4aeeadb1cab00b7d12ad7c2180651843d185fc5b4f6c16891cb3792ed80e5d511d2792b500596dcc455be2919aba18806cf363b12a5024601df1e84121b65927fc8aff21eb125a79634731aa8418a510c781f868bbd187bbf842294cfffbeec08c36b3708db6aa1899c366214e390c6a62bf7c38abaa2b175f46355abdbfd23fa7622d25bceed8cbd1c57c415f7d1f76d812032564b66e7c8921485111ba1294b303d210e9cab20ad562b3a1b8a0f609d70046b6f67cb5484281ba58f87433a0fdef1c2610ba9f39574035ea582a0d570e27ec5232df1179b1e0e8b40d031d9a75affd44af15ba159ab5c7d0fe2ad8c72b8b57ce8932802f260f36574d55379061eff300d37b38650b243d806d30b15a292f5cb44f3aecb853e74aff570bf47531b168674f44de254e98227d91759bf948e21839b9670f997015c7a17cf1a1577ab6379a6184df0e6cc044cec90cbe60f5344eceb2717575583d804ca7f8bea35546240ade4a3f31186a4b307ca7145dfcc477f1c341b06000c484c7d41ad19d3065ec88b29dc4d8574ceb56779fa2221bb07199288f617c07483c20cb03ab57e69cc051a96e269b748545b631f443e91755c09552f73adac1aef698c11f9f5d58ebe3b1a83c7d7eb5a81742e5634ccc627b6ca3749da63cc8c99cdc7bd6875223d5ed98ea2f412fda4aadcd6c6d54ee9d608feecab0166dddc5fe4a19a19dcaa99fd6aeeed1dbac8e82c3d9c778adaca1bfd25cfca559a772eb4c8e1dd34b5a7fef89078315e5fc678853bedf6042c78d71f7903ef5b1a678b80d68fbdae6e9ab51b942c5ef85a2300c0f95bf7f6ba214fcbbc480e59b16a151ac2f3eefe0e89f23142ead18e2f0e717498e97f8ed8b356dedcf61be15dd5a89fc18d2c52472d6d861c497e9201526e48062c6e5358343e5448cbfdd5edc4d1ec47f2d8b2ff418e0d84021f2f2bcd2e32d56da46efa9ef1610b170f571e1756061b2b2cdcc1da4ac75f23d18f7818fde0c4ee33c8027ce31cf4c753d6e2e87b525f0610804946559cf2fa38a080c6a62ec59f2b6c7a3fe2e5bee050c88cc9aa656211271279b883899d194f471990d9e2867720d7fac56eb6630e15126f0ce2223ba34e973b226f5447ec5a55ae4b058c59bbecd84701d507445ab2ef6a54cd328447863c6a90ad993425312f6a127d52c09824ebfd26e088bcdcea9ef82de28a505ebc111c0d80af13a732602ca6d1caf05644b7918fd9d0b64ca2311257fd95974d47c5d08a4bfbad85faee91ccf149746132a8181ed0d6f07c4f224e6c82e1c55ccc101b13a2c98d8fbded1c5d7a4cfc22111611d1cbcce0f9d2975db55e3ba0f2c6296cb1193b0feecf26ee2ac073c697558cb1d2213bc066c81a8b3a9cdf4adbff149546b8fd96b954ddd3ef657b849cb5bca37f3ec266b233c5807ca5985302fdedeb86fc7f0df3a81103b1bb415feb045f3cf0e2c3d2587cd21dc01b8f9ec638af65afddf0e916f226af435dc3f74467be55a5fba9b8f8676b81edf72e9b1e82a5bd997da9c5ed257b45724623ab4df33d402392c7afb754ea5aac7f46fa0ebc7c7f643e707f2de99a1625d3190c5c0cc0f6991b696abb1af6184c6209a7a62f2a0d6b43b888cf2cc5c2f5e38250e37964b3b552f2326a73fff4b8de2061c7a431d3d14fd23b193f9c58162b3a47a7e35d7a1f8c90c4a5a7f44b3af15155ddf1cd7b68cece0c7caa9b731594d5665f5f0acfdf4bcdcc42042df127fefe75aff424e92cea7821fc986b591568e4c32d01a6b571ce339ce78707159abfb6fe3dc02f29ecd862151a10e47d64bd42987cbaae4a521df414f2f87a05630c711acd2a70e15c35fb27a36d72589a14257112a2e23a82374445a2bbe9dcb7de006a7db61104d4fe1b412e31e209c7d226eab4f5b19bb9115e70fc8e4f88d709f2052bc6b8141458326d05dde304b17c05e1397879f70518fe0e9b628e7b204b1faca4ee25f1ec401e6a24b8ee825e0e13dee8abc3c90dea323dffdec7dcadbb6b4ece2d5f7bcbfab98cd0ecfe52c2862e0e5c3e6d4143034e4d51f049da34b8a1db1936ac3ecd814a68c9700a580477ae4ee5d4bf3b7e6d4962ffc3db364afb88732983c7af50db38eeb0d590c759502a188f913612b2d10f88cadca000103d80ea8d0080d91d90b6dbcd83ac00626a7b5922fc79b8280e973adf576022f04da8a29d2cb2cb828a6b67f536a7c4c67e06bc91c4675a14c3a0cc84e4ca638c297a7cecbeb0f244ca891246200f1f4b4d71c8cad0dfc134bc6c2a489cb4c22882a096a4f61aac1275dc57c6056257a3bb106e68f74569c1b5aedfbdaaf5e9f1948a4eb88319386df43ca103fccabdf647c8e8ac763abdc4adfed795d5dc2db4f1943e31bdffc7dad601d21d9af6da61498592493f080ec0e3eb0689e11d8708cf1f6b77585228c4882ec07b0159b36fa37082f1378415631a3673dca7843a494e3f76b05b84626df8e84aa205fb6383ed80c3b8b5b7b944739aac1fb2ddd36df03f322e162ae1cf49579fe98c51bc945f2ce877d43cbcd3baf89a241e4daa5d6d67ba60f17a0ca4639ccb2aca586aec5acda091db68152cd974af055db22bee04e78d21df789cd59c31788dcd84903e8c1161974828cb4e6ba5e1566c47d36353761cde0f300839c3e92becddcabdd5a99223cd2e4f5a9994485586a9c9d798f9b8cddad8054da1acff6288f440b86f092e3b65ccd092aceffb7ec7e64ec46bef0ffa42fcd10da8c0b9acb8d9f036c3ba561f32b4ac27c1f7874f17aa1a06560dd6ed2b2afc7b2467ca7d662a9079ed069e79206ba972e708f02b81b28c4d7d51e86ec8b7b4275c918ac4d67c2d5b6a12712e946509c7d4486ba5ef28fa6ee31429c7307de71c5b388440aa3da1285d989dc3f178c2c4000ebb751baca2ba9de3189937c5cc8055cac78d9fdb629068add84013e09756684abdb786ebe68482f445abed33b7e7858aebbc8289ac12b6712a7e73fd2d10655647da7b1317d51a76e75f3be924b10736b0a4f5909eaf23d0c58bcce1a2b7a8c3f19d59e29e7a86d01d8569ac7982c8b9567f28ae753313f1a04312d82bf0d777aa155f7495def826776ab47db3a06aeec1914241585c4d96f231c9afee2c29b8d041956d9ed752cbe9f6fb68a3a2c662ac14d3bc934fdbae5b3a101daf7d6f5654b6c2c7d6d4ee00c7e01c18f0a6c6077dffd35f355f58474afc7ec75bc2e9fcf4e1581170fbb7a3c587cd360c2def9a295031c7e5e0e553f4edfe4365e7fbb3ea18dfd3aa3bd0bdb0b2bc29f1d5e4067a730bbaaa7122e02411c4e5c027e2f00a40d925d309b9445091d6420b82cf66b7012f2c0d688ce43c8e1125a1088912331cb9dbbdc95ba3f8cfccb2a6ec2d4c2333149e7892de7ac4071318070038c55ef5557f56f768a4d532958bc9cd4a1ad9aaa102fe6d1197597915e5c1b7ed00a4f8e13f4d8fefbf1c129ec01dbc2edfb11ac0c370f4be04d0cc2462f344b1bc1284edd63f486732cb664c13c0b39ac3e02529684cecb3896227c2b4bb601e79a33d00fa6fb1d9456090301e132e0dde3984548e2ec57bc4227672451aa1b9695646eff389cbe2550ad89e670a986480a11c9c065eb7740ffb0d8ddbbd0184b72f0007e557a1fc3453b9c8212298378ee77cea7826387f65c803e308e5602b9a60ea80a85c5dd410756966332f3ac513ba3f4f91bbb3af6e49c581a8edf801f6ff0ebb72f2413696a4c0773f319d31962aff33d97c60c53a34c4c0c1cf3ac080fc1d20cfb6fcb3b7d9f412b0b9bff0c9bbc7c18fcce08a9790e3bfe7bb294f844fe93b3d6ec3ec662a5ef493355650b2e19f8b4c268865a004875b801db8f7e7bc03099ea43665d487cc121a8f9d240d47c8905cbe071c4aacfd1c0d3eefec2ca83d591159b0a3900a2bca95864e22233fe42d133ff0f5ac4c13d93eae69e51d6b91b6c21de30414341e1fe30440354854d47b78870ca21114021fde036663d5354857f8508fb3278885ee851a83f46b2b38030e806b2fd436439a13641b54af72ab4b18c3bebb2b63fef86074762edc7d1e19f3b1dd77d9b75b9ee784ee1f52d397411b280b13d0af3f9b517b4b837d99cc31aff4b7fedda1e6bf4b39399778b89dbc245e4880741183b1299a21c62bb2fa0851cdf10d79bb35749fc386175da7f8eb185205c6fa9fffccfd26b34c18bc790fb20c4c4f61c8ce955236c974cee25af452ba22e247a2503e3053b3a51c0a64d2d33df4fe394b53041ba456d82cdbd82554701940978081bd6dedc1aa9805702fc1f683b2fbb768dc83d39aaec66cd1ac18bdbc850db23c8e4b957dac6ab7f106aceb5405de7bf629e1728f95afa8cf626f9471f5ccc4765e1e69943e61e22abf940f4d8f4eb1e12fb4ff22a595e983c11a179f5ff4e0d3d3942ae1207dfa8027f18aaf14e620ea974f25fa88bc1bccf6642abd2253df2c46ae34e5895d0a0df4e86b7159aefc90b79dc0625361e732b7d8927266e6f33d40ea0765a57a8dfed179f018e42dddd11973a384f424fb2a9cd0d208a3da5a4700e850f9fd5a136fcc445ec151f73cea19c093e00cba1bbd4c98b870594c1cc4533a796bbf0a8d056a9053378530901503b8e471351fe629697ba8e5d93650aa7fb9195d85a673fc7822274c198a2d41a3e31e99b3fcbc8334896809c511c3239ac10a62954255c555725a518d540b704f7e7a5484e0ad3f34cbf914e5dceeb9a5e5531e52b4c753c6d13311928cb9178a4aef6a0e223e3e7fa0bcccb663d382d5bc4a6aa9e9ec44fef44eaf270ad297d1c441eb51b06bd48f7ee660de9f98c122b97eb78f0aa1f736587597a9951dbf68794c08ea711f767179770d096f973944a5b337613c38999746397c2f3c5823c59a9899a03c0804dd0825052debfb186026dd6d4d6fbd1734ea4d43058e99436e32084288a8cd0e5fb87eb2cbcad28908cddb8e145932472adaa8114ebe7f808748e68383bbf169924c4822ce6b9ac051db6d41e5d239e6574921cd432f10dfbf0df1eb3640a39ae79991e62815ecfe9de3860ab6cc43a4841f91c4e8f348f8a3a385d6111541a43e2f063d372d8385661dc51c18337b092369722266bd62e24e80b3458f55958d40e535e4966e43880900e6fc4f8afd7571f1ba3e61740d814b31d356fc830a973253fc7dd391bad2a35f1d53213fadee282a1d4425ee2b6e77f89240732b7e783c6a6508f4363e428a56e2c8e5f32ce95f86caeb08ef62bcf909dba061b5924ab66358e663378dbd352fb984daf1ade7824e50a8daac6159e2bd60ec13bf7d0e43f991646f12e65bf93bc8d33fe0d2d8a149257b7d237561b607e7f67d46da659705126ee8665e8d4ad360a659cd0e6c5853219844ef7c3cfd49a52524ebf2d327ea491b187fd9a59126076eac2a8922bcdb627273c15aedea93ed892fe44a5bb51b21b8478be6f34228bc6486fdb8e7ed5e4740a9bfb290461c1552bf1d9e9ae7213026d578eeb6fd4f09d9c4e7b34efa36089bcebc7a71e0eb0bbcdf829390a5073d1bcab5825782610706f8172542119bd337ec8a100eb08a5e9a09e3675f65518b870940324f4b60dd6002a36d1d823c58c061db50060de3adb9892286a5b47dc73dc63af9e18568d835b27ff0dc8f8f5a14bc6758d9aa02e7e5206bcca0e763352738d02251b5b61c564c6b968bc819921d321a75d2a284299820a37488b4e983fd481e7366769b4733ddfcdd58ca9103c896667d9ecfb8331621b1e7fa9256d9f1634200910a3ad6211621b2a42aab6dcc269cd66c5ce6478e646b8006981c8ece13a9d74b95ef3f48978b529a1b077ce0f9884648fe86154299c61e104cd0985541f4af00a5b7dc6c9c4c6d354047087ab24d1e5513506920831b076d404f7e025b20bc578f420d12df9375ef2df321e4f48f0fe460234b4c21ac2930f73202ec1b2cd49ab75308cdce6755fb22c6b55e336291bdac17923188301f32e7235401650e941cb21ab22b6942c7c6d28625cba48b484e53938cc3a287a58ce188e12b3627b64ef46410f367371aaffa4e97f24fa6d9a3e451b823b5fcaab13602a48c3e2d84947965aa643b16e58ae70c05c34acaf7b27fd64ab5fcbf05508c8859f455143755b7a160a02eb13de3d5bf56ef2a734751695407d766c5bad554720bdeef2731aca5d66c003a5ddc00fbfa592d2ed204a35134e5334b16d21c3529c916352acdde5bbcc7d61a44e7ea9fc75d02b426f7ed533131df7d7fffa05ff3f973a0f9bbfc1cfba23c59af669c4ae0fc5283639bbcb3e5a7049eac3999fbb208c0356d96559e54a4fa524afbb5394dc8cd3306ca92348d1e13bddd132aa3d9d5b49fb80f960ba1a6e454e0dc9542f0c7761d4ee59046c8797031cd5ac4447f73bf5f9bf705f9793843a6afd77fda1c155c3b52bbbf38f288304d27017d6270f1e621954052d98789b4642e59679290532cbd72e262b65bab420c797ddab130c31f9f3f3797da277bdecd24c8dce190cf5638b500b1a6332b9b3beeddb89478c0de8729ee86f97be3138e14b73bad68708bf8270021b69f7726137b7a7b780eb077ed2866ce669895660218f4528ecc62fb94baf9bac022a65a4a4cbf996b207d153086dc45f348db663795e0ffe9f430147c091d96164f28a6bddc3c9e7a1f5c126ea6d43d60f7e914c289e547655db9bade1523431f31e030b1b4ce6b339bd18ba795fc09d8e60f89414a1410bed16079c00d5c92687f64b1ac4bf0c06d5f7a5b6079d4e59ec57b8ca469f941f0f99af23890fb9aaa46fa4bccfa579327d165ec3a6ce1a0d1d5934f8798550569b9a7f6c715a60da35fb970d19532e21bc92c35f1a9d88af9f99f52fa4a176b486bd7075b5e6c73e932b4519b82b537a47cfe4feb8e64916ca56ae9f5ef1cdd60d324287b3c25574762b6219cb799af65c0eba1d7b35c9e811e7d36460aa64cc2ed7bf032347b4350f32a4c28195dec3984bb87f02cb535a9d11f8f5ad660e820526d878f3828e8a32f35b5a585b7c40eb797d19dd00985b99108297e5f9f9395bdd83283929319ddd7283add1114b4a6d2e48bc7e7289cbddab9f1f8e32453de723d502185afd5353e2476322ce1ada452934d237cf0800246cf9f7cb7c3126cfbcf0ebad2c99dc55672caa36087c7d50047ab3bed72c66438f4e8b4a39fa97c4952572cd7d730f4d9644abdbbf9201b432916df6936fd9f0d95a31613e22b6554b8aeb22f9266c1c07768bd7f027559049286358ea48dc1ce0a4e4532e62dd7a9fcb2f151a54330d064d1a67bd1f07c3eaf31dae61ed68abbef1593567ce0cdcf4c1716d239fb0d091d770ee12be9e3f10565dfee6f9b0abbf62fba9ff198efefdbe585bfbe24c345b4e49966d1d4a5e36e7f9a8eb3144616a21e4c4d1eae21142ad2c8ff0add3d542a703cd0d3ee420b92a4e0e678f531627e8e32505911194bbfbf79d2ff554c518752abdb9eb4f3b85c6f5f4b9ddb1cce88721dcc0de54b415d422c25222efffee50e55930c6bc288d0970d39e25e2c3a8ab7fe6edd84d4b2ab1b16acda0646af4deff67efc4f03cd3b3f2df596b90559b98e633c5ec3761000088d89028c0e22a77f0cafd27242be1b6a1322505e977c1d958c37d1dad8334e94760841a04776afec29b9b5c8c7d5e2dd9f72bf15d02edc84ee83cbe28068cf6671832db5727fff5de84bd6d6c3abb292b03b01248ec59c6ca8423a776e3d3626986f49d83e748e0cd142634e64a02b64c5fbc681bb246572c114a5d08c93b19d716c5500f0571aa0fd3bdbce66c7b9e439bcfd994828abbad9a3eb12bad83781b22e120a017e1e59b4a05286ab1e0179adb53a45b66a632c6deb1773de7d1eeab2319e884213a8a55c5a9230a17aa87c52a88f1f61df439f261963a75f1056e9e703199a5da1be0bc4358f69a3d5bc3e7383360b1ae490d2e0a814d654cb4e0bb5ff2b23616f84c230f6e434623c0871ea2b5122c8a00def5aef3e06d21f939c083cfc0a186ec909139972c41cd295c42331ba9c3e7f86942480657f164700183b366e8905d9339458d6f768a3786fcd021083ade012a9b850b3ea8a2f30e0702ad541bad20a08e4b0d23202e8b6930e968a26275fb8f64f7463efef7eed484d9feead4c22d7da6211fabaf99eef21705790ebb92606ff3023ba1738a3c75db791b6eba306e7cae8fc646907ba56edbe6a1ce4da3c48473b3575dd09a4e7cecd9d1f60a922ff8b89e81a34e1867f19bd8293c405c6072176af0e56b0bdf610ad9afcb5c4d903a2bd455
2	0	0	235	\\xa9a442d7914f18561aa7d253efb26a4cee8e2bd28c55853523218c87b94cc79b87c3ddcc5e78def8f5e52d344d90d127b62c56f759e676cbb9e0ceaa6eb82951482054398222e1686a914637fbb60b2fe45a7c86d96c856815bd46331cd2593b74efa57ecf99052243536b10d3275542f6a7a9708874422ad02d3c30e2fb0748285ce94d6272bff240884697f03c85a38fc805c65c494183db9a67852ad02b4e99890a45b84cbc2da10426950cc4af3ecc825a68ebf7c52f52458ffc95b8b7837ceff89e76b6f080b8ad4950f5925b9a3c8a0b4f3a398e5c22dca1a274c014ac59ba85a3e237406099cd3e127bcff9be03fd0af6fe431fb4a6ff723689127a28ab81e8e82e811f7134985f04d08fe4eb6496041ef643351eb7c5df361542ba2e49b6c7d381a333a559a9cf392ca1bff987c934c51842acdce0f2e2af51edc831748f57510991760dff15821170ba703a2d4d0aaf9d4b1aa22bae9d0e69873afdcdc1f5c6ff45c8ffc7ac393784c3240c3897d78ca6c613d125ecc6b373b35a63d0813e5a4b67c37f17ae22c228e27b96d129320823abebec307cc2bfae92c34adf8748d9e7e0a35b040cbc657ee39da8719b61585ee1e1cba76c6bb8fc89ed352ab129cad32fc2186ed1ddb6acc65043e1193775d2775637067dcad6ddc5df5786586a52858e7dbe19a5f8bbdf0c4d7ae28d18f5737df43952aeb8070484001b3c4a1b22338cff4a2acde1e91923ca2c7e8e90acc974a2cb5a44d812bad8fd76e946749bb997235a2994a83fc9d3762beab318c6f23152268def71c240a1536782e082e734ae32f4568f60e779218340c5c8774359f5a7000fcf600497e5674bb951d0c5de6b5df1b1bc7f2ba7f56f41b1f24420fe864d0ad1782748c17528efc4d54d7437555c467daaf48c9738315eb3cc3ba51c9ac330d459d5d0928285667cdcdae6d7e84624b0a7ba1fafd0a9079221e22469811ede8d84d3dae8b3ba656cc77bb9e96a98424c7c59ee733520b2c530e24d68b231088ef808063b4aaf602e65e7dc6237459da85a4608331b05c99e2124f13fc45a412fb3b22d54989556408460fbfd54ad8d7ea7f477515930dfa839cc344df1fb55eaf19b2dccac5eee22d9b28beb2358d95489eb487b4c76be0ae462e8456ea80608696c3bba8927a6599e59e884472050e630ee2d63ebab44403b30df1439cd28f7041caf5702b0aa4cd780491bf2c76ae45715218a2d56579405cb4df34cd1468e3640a30a1fc94fb985d48e9626df1b630157df3a70f61f925a770321b93f5c974c5d8d5e0335a3209346a87438523101dc501f7ae0ee4ec7d1c1801717a016484ca8a5fb6c82c4ad75dee94a4fc49999b8ff1b2aad3424cfcd1f633c2256ecc70e795ef26a40b1f2226154f0dfb610aa5b837b000ea993b686f6cab52502fa75d147dc2edd06de11fcae21f2ee700083b084a8e1a460201709d541f01e52fe851813c8b56084dab60d99e946011427fba0813ff344ae854b5459a806c320950b130f8004f17027d76813b3290297523dfe2d8b2f743ad9e1b38e89c24e078ed9707eca3e7a0e17941e46fc44b94b02e33bb1ac58acac7ef04da63769f548a801c238e57b90958b3f83928ea24c5ba65141329449293eded007205995ee55091bf6e4fe9de60b0da842bf6e5d159759ae762c4dcfd54d7d49b879607818ca074fe21992018ed857bce858cbeca66c784a27c470ef190fef1dcfa80aba84e82de389ce071fc48f6ee56b465c37dfc88e291b0c8cef023741b6766f41d9798ab0746f96a0ced58b78452687a673bd9dd80c41adb06e3bf493da7d9c6fc9763f4b7c149c0e443c72e961a126da7f6203f70f34834b3eb75a629c2e455971c14c530cb3c8020d20bce4cfad62e01b7c4dbc63a721d575f5605d8d64dec0d101dec75e2160e368cce3d4456e5e7d4680f82ca09bcd49dfc08d63cc1df5cc1bc12a0137abab6e595673ccff47a8fd45ec61da44c4a8b35345f2a3d12fb46320756dd1d1193ba90884b3f76114f1f084f1f8829ebe25c705dace38c59141e4060b2b61f9c4e0df050ddb30a45d03dd54822671705c40072b8c9004faf64730274e34907df80163ba126ee5af36097cbe12b2a710717915b6f8b6086e7ec639ca431fcc68679bd7ef0ac578c14a47da3cb0aac8750164f3de55a7149afb6dac25d614be78224b4c06fb2d62e7eb2bcdae3f316ea41ed4df1a94e4983b30876c9cb1a9f3091b9d44f4ef8f717930d309a43d0417a060a4bd4519de4aeeadb1cab00b7d12ad7c2180651843d185fc5b4f6c16891cb3792ed80e5d511d2792b500596dcc455be2919aba18806cf363b12a5024601df1e84121b65927fc8aff21eb125a79634731aa8418a510c781f868bbd187bbf842294cfffbeec08c36b3708db6aa1899c366214e390c6a62bf7c38abaa2b175f46355abdbfd23fa7622d25bceed8cbd1c57c415f7d1f76d812032564b66e7c8921485111ba1294b303d210e9cab20ad562b3a1b8a0f609d70046b6f67cb5484281ba58f87433a0fdef1c2610ba9f39574035ea582a0d570e27ec5232df1179b1e0e8b40d031d9a75affd44af15ba159ab5c7d0fe2ad8c72b8b57ce8932802f260f36574d55379061eff300d37b38650b243d806d30b15a292f5cb44f3aecb853e74aff570bf47531b168674f44de254e98227d91759bf948e21839b9670f997015c7a17cf1a1577ab6379a6184df0e6cc044cec90cbe60f5344eceb2717575583d804ca7f8bea35546240ade4a3f31186a4b307ca7145dfcc477f1c341b06000c484c7d41ad19d3065ec88b29dc4d8574ceb56779fa2221bb07199288f617c07483c20cb03ab57e69cc051a96e269b748545b631f443e91755c09552f73adac1aef698c11f9f5d58ebe3b1a83c7d7eb5a81742e5634ccc627b6ca3749da63cc8c99cdc7bd6875223d5ed98ea2f412fda4aadcd6c6d54ee9d608feecab0166dddc5fe4a19a19dcaa99fd6aeeed1dbac8e82c3d9c778adaca1bfd25cfca559a772eb4c8e1dd34b5a7fef89078315e5fc678853bedf6042c78d71f7903ef5b1a678b80d68fbdae6e9ab51b942c5ef85a2300c0f95bf7f6ba214fcbbc480e59b16a151ac2f3eefe0e89f23142ead18e2f0e717498e97f8ed8b356dedcf61be15dd5a89fc18d2c52472d6d861c497e9201526e48062c6e5358343e5448cbfdd5edc4d1ec47f2d8b2ff418e0d84021f2f2bcd2e32d56da46efa9ef1610b170f571e1756061b2b2cdcc1da4ac75f23d18f7818fde0c4ee33c8027ce31cf4c753d6e2e87b525f0610804946559cf2fa38a080c6a62ec59f2b6c7a3fe2e5bee050c88cc9aa656211271279b883899d194f471990d9e2867720d7fac56eb6630e15126f0ce2223ba34e973b226f5447ec5a55ae4b058c59bbecd84701d507445ab2ef6a54cd328447863c6a90ad993425312f6a127d52c09824ebfd26e088bcdcea9ef82de28a505ebc111c0d80af13a732602ca6d1caf05644b7918fd9d0b64ca2311257fd95974d47c5d08a4bfbad85faee91ccf149746132a8181ed0d6f07c4f224e6c82e1c55ccc101b13a2c98d8fbded1c5d7a4cfc22111611d1cbcce0f9d2975db55e3ba0f2c6296cb1193b0feecf26ee2ac073c697558cb1d2213bc066c81a8b3a9cdf4adbff149546b8fd96b954ddd3ef657b849cb5bca37f3ec266b233c5807ca5985302fdedeb86fc7f0df3a81103b1bb415feb045f3cf0e2c3d2587cd21dc01b8f9ec638af65afddf0e916f226af435dc3f74467be55a5fba9b8f8676b81edf72e9b1e82a5bd997da9c5ed257b45724623ab4df33d402392c7afb754ea5aac7f46fa0ebc7c7f643e707f2de99a1625d3190c5c0cc0f6991b696abb1af6184c6209a7a62f2a0d6b43b888cf2cc5c2f5e38250e37964b3b552f2326a73fff4b8de2061c7a431d3d14fd23b193f9c58162b3a47a7e35d7a1f8c90c4a5a7f44b3af15155ddf1cd7b68cece0c7caa9b731594d5665f5f0acfdf4bcdcc42042df127fefe75aff424e92cea7821fc986b591568e4c32d01a6b571ce339ce78707159abfb6fe3dc02f29ecd862151a10e47d64bd42987cbaae4a521df414f2f87a05630c711acd2a70e15c35fb27a36d72589a14257112a2e23a82374445a2bbe9dcb7de006a7db61104d4fe1b412e31e209c7d226eab4f5b19bb9115e70fc8e4f88d709f2052bc6b8141458326d05dde304b17c05e1397879f70518fe0e9b628e7b204b1faca4ee25f1ec401e6a24b8ee825e0e13dee8abc3c90dea323dffdec7dcadbb6b4ece2d5f7bcbfab98cd0ecfe52c2862e0e5c3e6d4143034e4d51f049da34b8a1db1936ac3ecd814a68c9700a580477ae4ee5d4bf3b7e6d4962ffc3db364afb88732983c7af50db38eeb0d590c759502a188f913612b2d10f88cadca000103d80ea8d0080d91d90b6dbcd83ac00626a7b5922fc79b8280e973adf576022f04da8a29d2cb2cb828a6b67f536a7c4c67e06bc91c4675a14c3a0cc84e4ca638c297a7cecbeb0f244ca891246200f1f4b4d71c8cad0dfc134bc6c2a489cb4c22882a096a4f61aac1275dc57c6056257a3bb106e68f74569c1b5aedfbdaaf5e9f1948a4eb88319386df43ca103fccabdf647c8e8ac763abdc4adfed795d5dc2db4f1943e31bdffc7dad601d21d9af6da61498592493f080ec0e3eb0689e11d8708cf1f6b77585228c4882ec07b0159b36fa37082f1378415631a3673dca7843a494e3f76b05b84626df8e84aa205fb6383ed80c3b8b5b7b944739aac1fb2ddd36df03f322e162ae1cf49579fe98c51bc945f2ce877d43cbcd3baf89a241e4daa5d6d67ba60f17a0ca4639ccb2aca586aec5acda091db68152cd974af055db22bee04e78d21df789cd59c31788dcd84903e8c1161974828cb4e6ba5e1566c47d36353761cde0f300839c3e92becddcabdd5a99223cd2e4f5a9994485586a9c9d798f9b8cddad8054da1acff6288f440b86f092e3b65ccd092aceffb7ec7e64ec46bef0ffa42fcd10da8c0b9acb8d9f036c3ba561f32b4ac27c1f7874f17aa1a06560dd6ed2b2afc7b2467ca7d662a9079ed069e79206ba972e708f02b81b28c4d7d51e86ec8b7b4275c918ac4d67c2d5b6a12712e946509c7d4486ba5ef28fa6ee31429c7307de71c5b388440aa3da1285d989dc3f178c2c4000ebb751baca2ba9de3189937c5cc8055cac78d9fdb629068add84013e09756684abdb786ebe68482f445abed33b7e7858aebbc8289ac12b6712a7e73fd2d10655647da7b1317d51a76e75f3be924b10736b0a4f5909eaf23d0c58bcce1a2b7a8c3f19d59e29e7a86d01d8569ac7982c8b9567f28ae753313f1a04312d82bf0d777aa155f7495def826776ab47db3a06aeec1914241585c4d96f231c9afee2c29b8d041956d9ed752cbe9f6fb68a3a2c662ac14d3bc934fdbae5b3a101daf7d6f5654b6c2c7d6d4ee00c7e01c18f0a6c6077dffd35f355f58474afc7ec75bc2e9fcf4e1581170fbb7a3c587cd360c2def9a295031c7e5e0e553f4edfe4365e7fbb3ea18dfd3aa3bd0bdb0b2bc29f1d5e4067a730bbaaa7122e02411c4e5c027e2f00a40d925d309b9445091d6420b82cf66b7012f2c0d688ce43c8e1125a1088912331cb9dbbdc95ba3f8cfccb2a6ec2d4c2333149e7892de7ac4071318070038c55ef5557f56f768a4d532958bc9cd4a1ad9aaa102fe6d1197597915e5c1b7ed00a4f8e13f4d8fefbf1c129ec01dbc2edfb11ac0c370f4be04d0cc2462f344b1bc1284edd63f486732cb664c13c0b39ac3e02529684cecb3896227c2b4bb601e79a33d00fa6fb1d9456090301e132e0dde3984548e2ec57bc4227672451aa1b9695646eff389cbe2550ad89e670a986480a11c9c065eb7740ffb0d8ddbbd0184b72f0007e557a1fc3453b9c8212298378ee77cea7826387f65c803e308e5602b9a60ea80a85c5dd410756966332f3ac513ba3f4f91bbb3af6e49c581a8edf801f6ff0ebb72f2413696a4c0773f319d31962aff33d97c60c53a34c4c0c1cf3ac080fc1d20cfb6fcb3b7d9f412b0b9bff0c9bbc7c18fcce08a9790e3bfe7bb294f844fe93b3d6ec3ec662a5ef493355650b2e19f8b4c268865a004875b801db8f7e7bc03099ea43665d487cc121a8f9d240d47c8905cbe071c4aacfd1c0d3eefec2ca83d591159b0a3900a2bca95864e22233fe42d133ff0f5ac4c13d93eae69e51d6b91b6c21de30414341e1fe30440354854d47b78870ca21114021fde036663d5354857f8508fb3278885ee851a83f46b2b38030e806b2fd436439a13641b54af72ab4b18c3bebb2b63fef86074762edc7d1e19f3b1dd77d9b75b9ee784ee1f52d397411b280b13d0af3f9b517b4b837d99cc31aff4b7fedda1e6bf4b39399778b89dbc245e4880741183b1299a21c62bb2fa0851cdf10d79bb35749fc386175da7f8eb185205c6fa9fffccfd26b34c18bc790fb20c4c4f61c8ce955236c974cee25af452ba22e247a2503e3053b3a51c0a64d2d33df4fe394b53041ba456d82cdbd82554701940978081bd6dedc1aa9805702fc1f683b2fbb768dc83d39aaec66cd1ac18bdbc850db23c8e4b957dac6ab7f106aceb5405de7bf629e1728f95afa8cf626f9471f5ccc4765e1e69943e61e22abf940f4d8f4eb1e12fb4ff22a595e983c11a179f5ff4e0d3d3942ae1207dfa8027f18aaf14e620ea974f25fa88bc1bccf6642abd2253df2c46ae34e5895d0a0df4e86b7159aefc90b79dc0625361e732b7d8927266e6f33d40ea0765a57a8dfed179f018e42dddd11973a384f424fb2a9cd0d208a3da5a4700e850f9fd5a136fcc445ec151f73cea19c093e00cba1bbd4c98b870594c1cc4533a796bbf0a8d056a9053378530901503b8e471351fe629697ba8e5d93650aa7fb9195d85a673fc7822274c198a2d41a3e31e99b3fcbc8334896809c511c3239ac10a62954255c555725a518d540b704f7e7a5484e0ad3f34cbf914e5dceeb9a5e5531e52b4c753c6d13311928cb9178a4aef6a0e223e3e7fa0bcccb663d382d5bc4a6aa9e9ec44fef44eaf270ad297d1c441eb51b06bd48f7ee660de9f98c122b97eb78f0aa1f736587597a9951dbf68794c08ea711f767179770d096f973944a5b337613c38999746397c2f3c5823c59a9899a03c0804dd0825052debfb186026dd6d4d6fbd1734ea4d43058e99436e32084288a8cd0e5fb87eb2cbcad28908cddb8e145932472adaa8114ebe7f808748e68383bbf169924c4822ce6b9ac051db6d41e5d239e6574921cd432f10dfbf0df1eb3640a39ae79991e62815ecfe9de3860ab6cc43a4841f91c4e8f348f8a3a385d6111541a43e2f063d372d8385661dc51c18337b092369722266bd62e24e80b3458f55958d40e535e4966e43880900e6fc4f8afd7571f1ba3e61740d814b31d356fc830a973253fc7dd391bad2a35f1d53213fadee282a1d4425ee2b6e77f89240732b7e783c6a6508f4363e428a56e2c8e5f32ce95f86caeb08ef62bcf909dba061b5924ab66358e663378dbd352fb984daf1ade7824e50a8daac6159e2bd60ec13bf7d0e43f991646f12e65bf93bc8d33fe0d2d8a149257b7d237561b607e7f67d46da659705126ee8665e8d4ad360a659cd0e6c5853219844ef7c3cfd49a52524ebf2d327ea491b187fd9a59126076eac2a8922bcdb627273c15aedea93ed892fe44a5bb51b21b8478be6f34228bc6486fdb8e7ed5e4740a9bfb290461c1552bf1d9e9ae7213026d578eeb6fd4f09d9c4e7b34efa36089bcebc7a71e0eb0bbcdf829390a5073d1bcab5825782610706f8172542119bd337ec8a100eb08a5e9a09e3675f65518b870940324f4b60dd6002a36d1d823c58c061db50060de3adb9892286a5b47dc73dc63af9e18568d835b27ff0dc8f8f5a14bc6758d9aa02e7e5206bcca0e763352738d02251b5b61c564c6b968bc819921d321a75d2a284299820a37488b4e983fd481e7366769b4733ddfcdd58ca9103c896667d9ecfb8331621b1e7fa9256d9f1634200910a3ad6211621b2a42aab6dcc269cd66c5ce6478e646b8006981c8ece13a9d74b95ef3f48978b529a1b077ce0f9884648fe86154299c61e104cd0985541f4af00a5b7dc6c9c4c6d354047087ab24d1e5513506920831b076d404f7e025b20bc578f420d12df9375ef2df321e4f48f0fe460234b4c21ac2930f73202ec1b2cd49ab75308cdce6755fb22c6b55e336291bdac17923188301f32e7235401650e941cb21ab22b6942c7c6d28625cba48b484e53938cc3a287a58ce188e12b3627b64ef46410f367371aaffa4e97f24fa6d9a3e451b823b5fcaab13602a48c3e2d84947965aa643b16e58ae70c05c34acaf7b27fd64ab5fcbf05508c8859f455143755b7a160a02eb13de3d5bf56ef2a734751695407d766c5bad554720bdeef2731aca5d66c003a5ddc00fbfa592d2ed204a35134e5334b16d21c3529c916352acdde5bbcc7d61a44e7ea9fc75d02b426f7ed533131df7d7fffa05ff3f973a0f9bbfc1cfba23c59af669c4ae0fc5283639bbcb3e5a7049eac3999fbb208c0356d96559e54a4fa524afbb5394dc8cd3306ca92348d1e13bddd132aa3d9d5b49fb80f960ba1a6e454e0dc9542f0c7761d4ee59046c8797031cd5ac4447f73bf5f9bf705f9793843a6afd77fda1c155c3b52bbbf38f288304d27017d6270f1e621954052d98789b4642e59679290532cbd72e262b65bab420c797ddab130c31f9f3f3797da277bdecd24c8dce190cf5638b500b1a6332b9b3beeddb89478c0de8729ee86f97be3138e14b73bad68708bf8270021b69f7726137b7a7b780eb077ed2866ce669895660218f4528ecc62fb94baf9bac022a65a4a4cbf996b207d153086dc45f348db663795e0ffe9f430147c091d96164f28a6bddc3c9e7a1f5c126ea6d43d60f7e914c289e547655db9bade1523431f31e030b1b4ce6b339bd18ba795fc09d8e60f89414a1410bed16079c00d5c92687f64b1ac4bf0c06d5f7a5b6079d4e59ec57b8ca469f941f0f99af23890fb9aaa46fa4bccfa579327d165ec3a6ce1a0d1d5934f8798550569b9a7f6c715a60da35fb970d19532e21bc92c35f1a9d88af9f99f52fa4a176b486bd7075b5e6c73e932b4519b82b537a47cfe4feb8e64916ca56ae9f5ef1cdd60d324287b3c25574762b6219cb799af65c0eba1d7b35c9e811e7d36460aa64cc2ed7bf032347b4350f32a4c28195dec3984bb87f02cb535a9d11f8f5ad660e820526d878f3828e8a32f35b5a585b7c40eb797d19dd00985b99108297e5f9f9395bdd83283929319ddd7283add1114b4a6d2e48bc7e7289cbddab9f1f8e32453de723d502185afd5353e2476322ce1ada452934d237cf0800246cf9f7cb7c3126cfbcf0ebad2c99dc55672caa36087c7d50047ab3bed72c66438f4e8b4a39fa97c4952572cd7d730f4d9644abdbbf9201b432916df6936fd9f0d95a31613e22b6554b8aeb22f9266c1c07768bd7f027559049286358ea48dc1ce0a4e4532e62dd7a9fcb2f151a54330d064d1a67bd1f07c3eaf31dae61ed68abbef1593567ce0cdcf4c1716d239fb0d091d770ee12be9e3f10565dfee6f9b0abbf62fba9ff198efefdbe585bfbe24c345b4e49966d1d4a5e36e7f9a8eb3144616a21e4c4d1eae21142ad2c8ff0add3d542a703cd0d3ee420b92a4e0e678f531627e8e32505911194bbfbf79d2ff554c518752abdb9eb4f3b85c6f5f4b9ddb1cce88721dcc0de54b415d422c25222efffee50e55930c6bc288d0970d39e25e2c3a8ab7fe6edd84d4b2ab1b16acda0646af4deff67efc4f03cd3b3f2df596b90559b98e633c5ec3761000088d89028c0e22a77f0cafd27242be1b6a1322505e977c1d958c37d1dad8334e94760841a04776afec29b9b5c8c7d5e2dd9f72bf15d02edc84ee83cbe28068cf6671832db5727fff5de84bd6d6c3abb292b03b01248ec59c6ca8423a776e3d3626986f49d83e748e0cd142634e64a02b64c5fbc681bb246572c114a5d08c93b19d716c5500f0571aa0fd3bdbce66c7b9e439bcfd994828abbad9a3eb12bad83781b22e120a017e1e59b4a05286ab1e0179adb53a45b66a632c6deb1773de7d1eeab2319e884213a8a55c5a9230a17aa87c52a88f1f61df439f261963a75f1056e9e703199a5da1be0bc4358f69a3d5bc3e7383360b1ae490d2e0a814d654cb4e0bb5ff2b23616f84c230f6e434623c0871ea2b5122c8a00def5aef3e06d21f939c083cfc0a186ec909139972c41cd295c42331ba9c3e7f86942480657f164700183b366e8905d9339458d6f768a3786fcd021083ade012a9b850b3ea8a2f30e0702ad541bad20a08e4b0d23202e8b6930e968a26275fb8f64f7463efef7eed484d9feead4c22d7da6211fabaf99eef21705790ebb92606ff3023ba1738a3c75db791b6eba306e7cae8fc646907ba56edbe6a1ce4da3c48473b3575dd09a4e7cecd9d1f60a922ff8b89e81a34e1867f19bd8293c405c6072176af0e56b0bdf610ad9afcb5c4d903a2bd455156cf5608c616873c579e9e0bfec42f8c97aa2c118f7bfccae4762e4a98d5347
\.


--
-- Data for Name: payment; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.payment (tenant_id, seq, payment_id, received_at, amount_micros, currency, reference, payer, assigned_by) FROM stdin;
2	234	PREV-0001	2026-12-15 00:00:00+00	1000000000000	USD	Invoice C1-2026-000001		\N
\.


--
-- Data for Name: payment_unmatched; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.payment_unmatched (payment_id, received_at, amount_micros, currency, reference, payer, tenant_hint, source, imported_at) FROM stdin;
\.


--
-- Data for Name: seal_state; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.seal_state (tenant_id, size, root, sealed_at) FROM stdin;
1	57	\\x2dbe142c47853496051d259917dd73d87f005712adb3e99155ad1870a85def12	2026-12-05 00:16:35.405223+00
2	235	\\xeafbb71c36f9cab7be658eddabce68bccb5bd5b7a7d50fb29f86a64d548fda5d	2026-12-05 00:16:35.590711+00
\.


--
-- Data for Name: signing_key; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.signing_key (key_name, key_id, public_key, added_at) FROM stdin;
prev-operator	243842016	\\x10625c6f264eafdad1667f16177b6147f8c7e985098ec5d63d9b7c4389cdfae2	2026-12-05 00:16:35.365703+00
\.


--
-- Data for Name: site; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.site (site_id, site) FROM stdin;
1	colossus-1
\.


--
-- Data for Name: site_version; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.site_version (site_id, valid_from, doc, doc_sha256, power_micros, gpus_h100, gpus_h200, gpus_gb200) FROM stdin;
1	-infinity	{"gpus": {"H100": 100000, "H200": 50000, "GB200": 70000}, "name": "Colossus 1, Memphis TN", "site": "colossus-1", "operator": {"name": "Example Compute Operator LLC", "tax_id": "00-0000000", "address": "1 Example Way, Memphis TN", "country": "US", "remit_to": {"bank": "Example Bank, N.A.", "account": "000123456789", "routing": "021000021", "reference": "quote the invoice number"}}, "power_mw": "300"}	\\x6803e997ae5f63c17ee4228940e75d4429afdc7ab7acb7f60937ad63cd1c1584	300000000	100000	50000	70000
\.


--
-- Data for Name: tenant; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.tenant (tenant_id, tenant, created_at) FROM stdin;
1	internal-training	2026-12-05 00:16:35.242814+00
2	anthropic	2026-12-05 00:16:35.270501+00
\.


--
-- Data for Name: usage; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.usage (seq, start_at, end_at, qty_micros, tenant_id, site_id, kind, class, meter, event_id, corrects) FROM stdin;
1	2026-11-02 00:00:00+00	2026-11-02 01:00:00+00	981000000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T00	\N
2	2026-11-02 00:00:00+00	2026-11-02 01:00:00+00	996000000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T00	\N
3	2026-11-02 00:00:00+00	2026-11-02 01:00:00+00	4000000	1	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-02T00	\N
4	2026-11-02 00:00:00+00	2026-11-02 01:00:00+00	965000000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T00	\N
5	2026-11-02 00:00:00+00	2026-11-02 01:00:00+00	3727727	1	1	2	0	hall-A	hall-A/2026-11-02T00	\N
6	2026-11-02 01:00:00+00	2026-11-02 02:00:00+00	978000000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T01	\N
7	2026-11-02 01:00:00+00	2026-11-02 02:00:00+00	923853375	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T01	\N
8	2026-11-02 01:00:00+00	2026-11-02 02:00:00+00	969000000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T01	\N
9	2026-11-02 01:00:00+00	2026-11-02 02:00:00+00	3547923	1	1	2	0	hall-A	hall-A/2026-11-02T01	\N
10	2026-11-02 02:00:00+00	2026-11-02 03:00:00+00	955000000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T02	\N
11	2026-11-02 02:00:00+00	2026-11-02 03:00:00+00	21000000	1	1	3	1	pod-h100-0001	pod-h100-0001/down/2026-11-02T02	\N
12	2026-11-02 02:00:00+00	2026-11-02 03:00:00+00	984000000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T02	\N
13	2026-11-02 02:00:00+00	2026-11-02 03:00:00+00	993075226	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T02	\N
14	2026-11-02 02:00:00+00	2026-11-02 03:00:00+00	3775698	1	1	2	0	hall-A	hall-A/2026-11-02T02	\N
15	2026-11-02 03:00:00+00	2026-11-02 04:00:00+00	990399000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T03	\N
16	2026-11-02 03:00:00+00	2026-11-02 04:00:00+00	992114000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T03	\N
17	2026-11-02 03:00:00+00	2026-11-02 04:00:00+00	895000000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T03	\N
18	2026-11-02 03:00:00+00	2026-11-02 04:00:00+00	93000000	1	1	3	3	pod-gb200-0002	pod-gb200-0002/down/2026-11-02T03	\N
19	2026-11-02 03:00:00+00	2026-11-02 04:00:00+00	3634794	1	1	2	0	hall-A	hall-A/2026-11-02T03	\N
20	2026-11-02 04:00:00+00	2026-11-02 05:00:00+00	934000000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T04	\N
21	2026-11-02 04:00:00+00	2026-11-02 05:00:00+00	950000000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T04	\N
22	2026-11-02 04:00:00+00	2026-11-02 05:00:00+00	974000000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T04	\N
23	2026-11-02 04:00:00+00	2026-11-02 05:00:00+00	3537880	1	1	2	0	hall-A	hall-A/2026-11-02T04	\N
24	2026-11-02 05:00:00+00	2026-11-02 06:00:00+00	995400000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T05	\N
25	2026-11-02 05:00:00+00	2026-11-02 06:00:00+00	893094161	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T05	\N
26	2026-11-02 05:00:00+00	2026-11-02 06:00:00+00	46000000	1	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-02T05	\N
27	2026-11-02 05:00:00+00	2026-11-02 06:00:00+00	985000000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T05	\N
28	2026-11-02 05:00:00+00	2026-11-02 06:00:00+00	3577378	1	1	2	0	hall-A	hall-A/2026-11-02T05	\N
29	2026-11-02 06:00:00+00	2026-11-02 07:00:00+00	965026995	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T06	\N
30	2026-11-02 06:00:00+00	2026-11-02 07:00:00+00	996000000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T06	\N
31	2026-11-02 06:00:00+00	2026-11-02 07:00:00+00	962900000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T06	\N
32	2026-11-02 06:00:00+00	2026-11-02 07:00:00+00	3796922	1	1	2	0	hall-A	hall-A/2026-11-02T06	\N
33	2026-11-02 07:00:00+00	2026-11-02 08:00:00+00	943534301	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T07	\N
34	2026-11-02 07:00:00+00	2026-11-02 08:00:00+00	6000000	1	1	3	1	pod-h100-0001	pod-h100-0001/down/2026-11-02T07	\N
35	2026-11-02 07:00:00+00	2026-11-02 08:00:00+00	963000000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T07	\N
36	2026-11-02 07:00:00+00	2026-11-02 08:00:00+00	936000000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T07	\N
37	2026-11-02 07:00:00+00	2026-11-02 08:00:00+00	3308902	1	1	2	0	hall-A	hall-A/2026-11-02T07	\N
38	2026-11-02 08:00:00+00	2026-11-02 09:00:00+00	920400000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T08	\N
39	2026-11-02 08:00:00+00	2026-11-02 09:00:00+00	951000000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T08	\N
40	2026-11-02 08:00:00+00	2026-11-02 09:00:00+00	831200000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T08	\N
41	2026-11-02 08:00:00+00	2026-11-02 09:00:00+00	99000000	1	1	3	3	pod-gb200-0002	pod-gb200-0002/down/2026-11-02T08	\N
42	2026-11-02 08:00:00+00	2026-11-02 09:00:00+00	3246946	1	1	2	0	hall-A	hall-A/2026-11-02T08	\N
43	2026-11-02 09:00:00+00	2026-11-02 10:00:00+00	904498000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T09	\N
44	2026-11-02 09:00:00+00	2026-11-02 10:00:00+00	931000000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T09	\N
45	2026-11-02 09:00:00+00	2026-11-02 10:00:00+00	920000000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T09	\N
46	2026-11-02 09:00:00+00	2026-11-02 10:00:00+00	3446529	1	1	2	0	hall-A	hall-A/2026-11-02T09	\N
47	2026-11-02 10:00:00+00	2026-11-02 11:00:00+00	956000000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T10	\N
48	2026-11-02 10:00:00+00	2026-11-02 11:00:00+00	932000000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T10	\N
49	2026-11-02 10:00:00+00	2026-11-02 11:00:00+00	36000000	1	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-02T10	\N
50	2026-11-02 10:00:00+00	2026-11-02 11:00:00+00	979000000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T10	\N
51	2026-11-02 10:00:00+00	2026-11-02 11:00:00+00	3618433	1	1	2	0	hall-A	hall-A/2026-11-02T10	\N
52	2026-11-02 11:00:00+00	2026-11-02 12:00:00+00	964000000	1	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-02T11	\N
53	2026-11-02 11:00:00+00	2026-11-02 12:00:00+00	982361000	1	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-02T11	\N
54	2026-11-02 11:00:00+00	2026-11-02 12:00:00+00	993000000	1	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-02T11	\N
55	2026-11-02 11:00:00+00	2026-11-02 12:00:00+00	3520403	1	1	2	0	hall-A	hall-A/2026-11-02T11	\N
1	2026-11-20 00:00:00+00	2026-11-20 01:00:00+00	900800000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T00	\N
2	2026-11-20 00:00:00+00	2026-11-20 01:00:00+00	985000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T00	\N
3	2026-11-20 00:00:00+00	2026-11-20 01:00:00+00	956000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T00	\N
4	2026-11-20 00:00:00+00	2026-11-20 01:00:00+00	852000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T00	\N
5	2026-11-20 00:00:00+00	2026-11-20 01:00:00+00	85000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T00	\N
6	2026-11-20 00:00:00+00	2026-11-20 01:00:00+00	992000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T00	\N
7	2026-11-20 00:00:00+00	2026-11-20 01:00:00+00	999488947	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T00	\N
8	2026-11-20 00:00:00+00	2026-11-20 01:00:00+00	3131219	2	1	2	0	hall-A	hall-A/2026-11-20T00	\N
9	2026-11-20 00:00:00+00	2026-11-20 01:00:00+00	3784066	2	1	2	0	hall-B	hall-B/2026-11-20T00	\N
10	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	976800000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T01	\N
11	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	908000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T01	\N
12	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	88000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T01	\N
13	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	980000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T01	\N
14	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	941341249	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T01	\N
15	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	981023000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T01	\N
16	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	907400000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T01	\N
17	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	90000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T01	\N
18	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	3210726	2	1	2	0	hall-A	hall-A/2026-11-20T01	\N
19	2026-11-20 01:00:00+00	2026-11-20 02:00:00+00	3818362	2	1	2	0	hall-B	hall-B/2026-11-20T01	\N
20	2026-11-20 02:00:00+00	2026-11-20 03:00:00+00	984032758	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T02	\N
21	2026-11-20 02:00:00+00	2026-11-20 03:00:00+00	959000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T02	\N
22	2026-11-20 02:00:00+00	2026-11-20 03:00:00+00	907955000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T02	\N
23	2026-11-20 02:00:00+00	2026-11-20 03:00:00+00	854080000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T02	\N
24	2026-11-20 02:00:00+00	2026-11-20 03:00:00+00	62000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T02	\N
25	2026-11-20 02:00:00+00	2026-11-20 03:00:00+00	918676307	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T02	\N
26	2026-11-20 02:00:00+00	2026-11-20 03:00:00+00	934000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T02	\N
27	2026-11-20 02:00:00+00	2026-11-20 03:00:00+00	3206885	2	1	2	0	hall-A	hall-A/2026-11-20T02	\N
28	2026-11-20 02:00:00+00	2026-11-20 03:00:00+00	3671814	2	1	2	0	hall-B	hall-B/2026-11-20T02	\N
29	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	958000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T03	\N
30	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	864331101	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T03	\N
31	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	94000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T03	\N
32	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	921000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T03	\N
33	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	933934000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T03	\N
34	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	978200000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T03	\N
35	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	826000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T03	\N
36	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	83000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T03	\N
37	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	3034799	2	1	2	0	hall-A	hall-A/2026-11-20T03	\N
38	2026-11-20 03:00:00+00	2026-11-20 04:00:00+00	3609731	2	1	2	0	hall-B	hall-B/2026-11-20T03	\N
39	2026-11-20 04:00:00+00	2026-11-20 05:00:00+00	944000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T04	\N
40	2026-11-20 04:00:00+00	2026-11-20 05:00:00+00	923580000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T04	\N
41	2026-11-20 04:00:00+00	2026-11-20 05:00:00+00	940710000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T04	\N
42	2026-11-20 04:00:00+00	2026-11-20 05:00:00+00	898463122	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T04	\N
43	2026-11-20 04:00:00+00	2026-11-20 05:00:00+00	32000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T04	\N
44	2026-11-20 04:00:00+00	2026-11-20 05:00:00+00	928760000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T04	\N
45	2026-11-20 04:00:00+00	2026-11-20 05:00:00+00	945000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T04	\N
46	2026-11-20 04:00:00+00	2026-11-20 05:00:00+00	3096115	2	1	2	0	hall-A	hall-A/2026-11-20T04	\N
47	2026-11-20 04:00:00+00	2026-11-20 05:00:00+00	3509805	2	1	2	0	hall-B	hall-B/2026-11-20T04	\N
48	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	982000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T05	\N
49	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	886000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T05	\N
50	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	61000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T05	\N
51	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	988280000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T05	\N
52	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	977000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T05	\N
53	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	962796000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T05	\N
54	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	892000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T05	\N
55	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	72000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T05	\N
56	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	3076986	2	1	2	0	hall-A	hall-A/2026-11-20T05	\N
57	2026-11-20 05:00:00+00	2026-11-20 06:00:00+00	3536261	2	1	2	0	hall-B	hall-B/2026-11-20T05	\N
58	2026-11-20 06:00:00+00	2026-11-20 07:00:00+00	979000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T06	\N
59	2026-11-20 06:00:00+00	2026-11-20 07:00:00+00	954000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T06	\N
60	2026-11-20 06:00:00+00	2026-11-20 07:00:00+00	910710000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T06	\N
61	2026-11-20 06:00:00+00	2026-11-20 07:00:00+00	940000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T06	\N
62	2026-11-20 06:00:00+00	2026-11-20 07:00:00+00	29000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T06	\N
63	2026-11-20 06:00:00+00	2026-11-20 07:00:00+00	945300000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T06	\N
64	2026-11-20 06:00:00+00	2026-11-20 07:00:00+00	992000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T06	\N
65	2026-11-20 06:00:00+00	2026-11-20 07:00:00+00	3035141	2	1	2	0	hall-A	hall-A/2026-11-20T06	\N
66	2026-11-20 06:00:00+00	2026-11-20 07:00:00+00	3852188	2	1	2	0	hall-B	hall-B/2026-11-20T06	\N
67	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	971265000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T07	\N
68	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	891700000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T07	\N
69	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	95000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T07	\N
70	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	933663341	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T07	\N
71	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	960000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T07	\N
72	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	952000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T07	\N
73	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	923903000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T07	\N
74	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	12000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T07	\N
75	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	3236355	2	1	2	0	hall-A	hall-A/2026-11-20T07	\N
76	2026-11-20 07:00:00+00	2026-11-20 08:00:00+00	3692592	2	1	2	0	hall-B	hall-B/2026-11-20T07	\N
77	2026-11-20 08:00:00+00	2026-11-20 09:00:00+00	999000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T08	\N
78	2026-11-20 08:00:00+00	2026-11-20 09:00:00+00	954510347	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T08	\N
79	2026-11-20 08:00:00+00	2026-11-20 09:00:00+00	944190000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T08	\N
80	2026-11-20 08:00:00+00	2026-11-20 09:00:00+00	834784733	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T08	\N
81	2026-11-20 08:00:00+00	2026-11-20 09:00:00+00	82000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T08	\N
82	2026-11-20 08:00:00+00	2026-11-20 09:00:00+00	915000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T08	\N
83	2026-11-20 08:00:00+00	2026-11-20 09:00:00+00	988184000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T08	\N
84	2026-11-20 08:00:00+00	2026-11-20 09:00:00+00	3432488	2	1	2	0	hall-A	hall-A/2026-11-20T08	\N
85	2026-11-20 08:00:00+00	2026-11-20 09:00:00+00	3547530	2	1	2	0	hall-B	hall-B/2026-11-20T08	\N
86	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	929800000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T09	\N
87	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	832340000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T09	\N
88	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	96000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T09	\N
89	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	915000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T09	\N
90	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	908000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T09	\N
91	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	951000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T09	\N
92	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	860000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T09	\N
93	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	97000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T09	\N
94	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	2933182	2	1	2	0	hall-A	hall-A/2026-11-20T09	\N
95	2026-11-20 09:00:00+00	2026-11-20 10:00:00+00	3493545	2	1	2	0	hall-B	hall-B/2026-11-20T09	\N
96	2026-11-20 10:00:00+00	2026-11-20 11:00:00+00	928000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T10	\N
97	2026-11-20 10:00:00+00	2026-11-20 11:00:00+00	907000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T10	\N
98	2026-11-20 10:00:00+00	2026-11-20 11:00:00+00	938000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T10	\N
99	2026-11-20 10:00:00+00	2026-11-20 11:00:00+00	901700000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T10	\N
100	2026-11-20 10:00:00+00	2026-11-20 11:00:00+00	61000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T10	\N
101	2026-11-20 10:00:00+00	2026-11-20 11:00:00+00	953527000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T10	\N
102	2026-11-20 10:00:00+00	2026-11-20 11:00:00+00	994000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T10	\N
103	2026-11-20 10:00:00+00	2026-11-20 11:00:00+00	3101363	2	1	2	0	hall-A	hall-A/2026-11-20T10	\N
104	2026-11-20 10:00:00+00	2026-11-20 11:00:00+00	3574502	2	1	2	0	hall-B	hall-B/2026-11-20T10	\N
105	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	998000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T11	\N
106	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	871770000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T11	\N
107	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	99000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T11	\N
108	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	987000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T11	\N
109	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	911000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T11	\N
110	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	987000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T11	\N
111	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	949741000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T11	\N
112	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	45000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T11	\N
113	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	3135738	2	1	2	0	hall-A	hall-A/2026-11-20T11	\N
114	2026-11-20 11:00:00+00	2026-11-20 12:00:00+00	3696003	2	1	2	0	hall-B	hall-B/2026-11-20T11	\N
115	2026-11-20 12:00:00+00	2026-11-20 13:00:00+00	918000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T12	\N
116	2026-11-20 12:00:00+00	2026-11-20 13:00:00+00	946120000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T12	\N
117	2026-11-20 12:00:00+00	2026-11-20 13:00:00+00	916000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T12	\N
118	2026-11-20 12:00:00+00	2026-11-20 13:00:00+00	840000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T12	\N
119	2026-11-20 12:00:00+00	2026-11-20 13:00:00+00	100000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T12	\N
120	2026-11-20 12:00:00+00	2026-11-20 13:00:00+00	981270000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T12	\N
121	2026-11-20 12:00:00+00	2026-11-20 13:00:00+00	911460000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T12	\N
122	2026-11-20 12:00:00+00	2026-11-20 13:00:00+00	3249342	2	1	2	0	hall-A	hall-A/2026-11-20T12	\N
123	2026-11-20 12:00:00+00	2026-11-20 13:00:00+00	3486368	2	1	2	0	hall-B	hall-B/2026-11-20T12	\N
124	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	968000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T13	\N
125	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	891503721	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T13	\N
126	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	63000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T13	\N
127	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	928024000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T13	\N
128	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	993600000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T13	\N
129	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	993500000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T13	\N
130	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	902000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T13	\N
131	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	29000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T13	\N
132	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	3166016	2	1	2	0	hall-A	hall-A/2026-11-20T13	\N
133	2026-11-20 13:00:00+00	2026-11-20 14:00:00+00	3646970	2	1	2	0	hall-B	hall-B/2026-11-20T13	\N
134	2026-11-20 14:00:00+00	2026-11-20 15:00:00+00	981800000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T14	\N
135	2026-11-20 14:00:00+00	2026-11-20 15:00:00+00	972000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T14	\N
136	2026-11-20 14:00:00+00	2026-11-20 15:00:00+00	951000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T14	\N
137	2026-11-20 14:00:00+00	2026-11-20 15:00:00+00	935700000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T14	\N
138	2026-11-20 14:00:00+00	2026-11-20 15:00:00+00	58000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T14	\N
139	2026-11-20 14:00:00+00	2026-11-20 15:00:00+00	940000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T14	\N
140	2026-11-20 14:00:00+00	2026-11-20 15:00:00+00	926500000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T14	\N
141	2026-11-20 14:00:00+00	2026-11-20 15:00:00+00	3279866	2	1	2	0	hall-A	hall-A/2026-11-20T14	\N
142	2026-11-20 14:00:00+00	2026-11-20 15:00:00+00	3619173	2	1	2	0	hall-B	hall-B/2026-11-20T14	\N
143	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	932830000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T15	\N
144	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	852510000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T15	\N
145	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	81000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T15	\N
146	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	994000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T15	\N
147	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	940100000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T15	\N
148	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	907941000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T15	\N
149	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	863706568	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T15	\N
150	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	63000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T15	\N
151	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	3006639	2	1	2	0	hall-A	hall-A/2026-11-20T15	\N
152	2026-11-20 15:00:00+00	2026-11-20 16:00:00+00	3421214	2	1	2	0	hall-B	hall-B/2026-11-20T15	\N
153	2026-11-20 16:00:00+00	2026-11-20 17:00:00+00	925560000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T16	\N
154	2026-11-20 16:00:00+00	2026-11-20 17:00:00+00	911000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T16	\N
155	2026-11-20 16:00:00+00	2026-11-20 17:00:00+00	927000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T16	\N
156	2026-11-20 16:00:00+00	2026-11-20 17:00:00+00	869040000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T16	\N
157	2026-11-20 16:00:00+00	2026-11-20 17:00:00+00	55000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T16	\N
158	2026-11-20 16:00:00+00	2026-11-20 17:00:00+00	913000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T16	\N
159	2026-11-20 16:00:00+00	2026-11-20 17:00:00+00	906000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T16	\N
160	2026-11-20 16:00:00+00	2026-11-20 17:00:00+00	3152250	2	1	2	0	hall-A	hall-A/2026-11-20T16	\N
161	2026-11-20 16:00:00+00	2026-11-20 17:00:00+00	3587756	2	1	2	0	hall-B	hall-B/2026-11-20T16	\N
162	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	974000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T17	\N
163	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	826000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T17	\N
164	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	91000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T17	\N
165	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	901000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T17	\N
166	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	919000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T17	\N
167	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	991807000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T17	\N
168	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	942000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T17	\N
169	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	37000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T17	\N
170	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	2972389	2	1	2	0	hall-A	hall-A/2026-11-20T17	\N
171	2026-11-20 17:00:00+00	2026-11-20 18:00:00+00	3848707	2	1	2	0	hall-B	hall-B/2026-11-20T17	\N
172	2026-11-20 18:00:00+00	2026-11-20 19:00:00+00	917228000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T18	\N
173	2026-11-20 18:00:00+00	2026-11-20 19:00:00+00	993000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T18	\N
174	2026-11-20 18:00:00+00	2026-11-20 19:00:00+00	928825129	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T18	\N
175	2026-11-20 18:00:00+00	2026-11-20 19:00:00+00	950404000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T18	\N
176	2026-11-20 18:00:00+00	2026-11-20 19:00:00+00	24000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T18	\N
177	2026-11-20 18:00:00+00	2026-11-20 19:00:00+00	978000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T18	\N
178	2026-11-20 18:00:00+00	2026-11-20 19:00:00+00	937982000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T18	\N
179	2026-11-20 18:00:00+00	2026-11-20 19:00:00+00	3178047	2	1	2	0	hall-A	hall-A/2026-11-20T18	\N
180	2026-11-20 18:00:00+00	2026-11-20 19:00:00+00	3897973	2	1	2	0	hall-B	hall-B/2026-11-20T18	\N
181	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	962000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T19	\N
182	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	925600000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T19	\N
183	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	21000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T19	\N
184	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	935800000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T19	\N
185	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	944000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T19	\N
186	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	939000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T19	\N
187	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	905953000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T19	\N
188	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	11000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T19	\N
189	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	3200029	2	1	2	0	hall-A	hall-A/2026-11-20T19	\N
190	2026-11-20 19:00:00+00	2026-11-20 20:00:00+00	3558812	2	1	2	0	hall-B	hall-B/2026-11-20T19	\N
191	2026-11-20 20:00:00+00	2026-11-20 21:00:00+00	956000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T20	\N
192	2026-11-20 20:00:00+00	2026-11-20 21:00:00+00	973462092	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T20	\N
193	2026-11-20 20:00:00+00	2026-11-20 21:00:00+00	945000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T20	\N
194	2026-11-20 20:00:00+00	2026-11-20 21:00:00+00	839436253	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T20	\N
195	2026-11-20 20:00:00+00	2026-11-20 21:00:00+00	96000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T20	\N
196	2026-11-20 20:00:00+00	2026-11-20 21:00:00+00	932398000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T20	\N
197	2026-11-20 20:00:00+00	2026-11-20 21:00:00+00	963000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T20	\N
198	2026-11-20 20:00:00+00	2026-11-20 21:00:00+00	3171421	2	1	2	0	hall-A	hall-A/2026-11-20T20	\N
199	2026-11-20 20:00:00+00	2026-11-20 21:00:00+00	3536647	2	1	2	0	hall-B	hall-B/2026-11-20T20	\N
200	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	977948816	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T21	\N
201	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	888800000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T21	\N
202	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	77000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T21	\N
203	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	943700000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T21	\N
204	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	992047423	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T21	\N
205	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	950000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T21	\N
206	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	933420345	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T21	\N
207	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	24000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T21	\N
208	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	3228012	2	1	2	0	hall-A	hall-A/2026-11-20T21	\N
209	2026-11-20 21:00:00+00	2026-11-20 22:00:00+00	3873830	2	1	2	0	hall-B	hall-B/2026-11-20T21	\N
210	2026-11-20 22:00:00+00	2026-11-20 23:00:00+00	936000000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T22	\N
211	2026-11-20 22:00:00+00	2026-11-20 23:00:00+00	991000000	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T22	\N
212	2026-11-20 22:00:00+00	2026-11-20 23:00:00+00	903000000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T22	\N
213	2026-11-20 22:00:00+00	2026-11-20 23:00:00+00	908000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T22	\N
214	2026-11-20 22:00:00+00	2026-11-20 23:00:00+00	23000000	2	1	3	3	pod-gb200-0001	pod-gb200-0001/down/2026-11-20T22	\N
215	2026-11-20 22:00:00+00	2026-11-20 23:00:00+00	956000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T22	\N
216	2026-11-20 22:00:00+00	2026-11-20 23:00:00+00	921054554	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T22	\N
217	2026-11-20 22:00:00+00	2026-11-20 23:00:00+00	3050290	2	1	2	0	hall-A	hall-A/2026-11-20T22	\N
218	2026-11-20 22:00:00+00	2026-11-20 23:00:00+00	3678477	2	1	2	0	hall-B	hall-B/2026-11-20T22	\N
219	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	907420000	2	1	1	1	pod-h100-0001	pod-h100-0001/2026-11-20T23	\N
220	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	867127038	2	1	1	1	pod-h100-0002	pod-h100-0002/2026-11-20T23	\N
221	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	37000000	2	1	3	1	pod-h100-0002	pod-h100-0002/down/2026-11-20T23	\N
222	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	989700000	2	1	1	2	pod-h200-0001	pod-h200-0001/2026-11-20T23	\N
223	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	910000000	2	1	1	3	pod-gb200-0001	pod-gb200-0001/2026-11-20T23	\N
224	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	968000000	2	1	1	3	pod-gb200-0002	pod-gb200-0002/2026-11-20T23	\N
225	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	893000000	2	1	1	3	pod-gb200-0003	pod-gb200-0003/2026-11-20T23	\N
226	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	45000000	2	1	3	3	pod-gb200-0003	pod-gb200-0003/down/2026-11-20T23	\N
227	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	3143830	2	1	2	0	hall-A	hall-A/2026-11-20T23	\N
228	2026-11-20 23:00:00+00	2026-11-21 00:00:00+00	3458951	2	1	2	0	hall-B	hall-B/2026-11-20T23	\N
230	2026-11-25 00:00:00+00	2026-11-25 01:00:00+00	2000000	2	1	2	0	hall-late	late/1	\N
232	2026-11-25 00:00:00+00	2026-11-25 01:00:00+00	-1000000	2	1	2	0	hall-late	late/1-fix	late/1
\.


--
-- Data for Name: usage_hourly; Type: TABLE DATA; Schema: ledger; Owner: ldg_migrator
--

COPY ledger.usage_hourly (tenant_id, hour, site_id, kind, class, qty_micros, records) FROM stdin;
1	2026-11-02 03:00:00+00	1	2	0	3634794	1
1	2026-11-02 01:00:00+00	1	2	0	3547923	1
1	2026-11-02 08:00:00+00	1	1	3	1782200000	2
1	2026-11-02 06:00:00+00	1	1	3	1958900000	2
1	2026-11-02 08:00:00+00	1	2	0	3246946	1
1	2026-11-02 09:00:00+00	1	1	3	1851000000	2
1	2026-11-02 10:00:00+00	1	1	1	956000000	1
1	2026-11-02 04:00:00+00	1	2	0	3537880	1
1	2026-11-02 09:00:00+00	1	1	1	904498000	1
1	2026-11-02 08:00:00+00	1	3	3	99000000	1
1	2026-11-02 09:00:00+00	1	2	0	3446529	1
1	2026-11-02 11:00:00+00	1	1	3	1975361000	2
1	2026-11-02 10:00:00+00	1	1	3	1911000000	2
1	2026-11-02 02:00:00+00	1	1	1	955000000	1
1	2026-11-02 10:00:00+00	1	2	0	3618433	1
1	2026-11-02 04:00:00+00	1	1	1	934000000	1
1	2026-11-02 07:00:00+00	1	3	1	6000000	1
1	2026-11-02 11:00:00+00	1	1	1	964000000	1
1	2026-11-02 00:00:00+00	1	1	1	981000000	1
1	2026-11-02 03:00:00+00	1	3	3	93000000	1
1	2026-11-02 02:00:00+00	1	1	3	1977075226	2
1	2026-11-02 11:00:00+00	1	2	0	3520403	1
1	2026-11-02 02:00:00+00	1	2	0	3775698	1
1	2026-11-02 04:00:00+00	1	1	3	1924000000	2
1	2026-11-02 10:00:00+00	1	3	3	36000000	1
1	2026-11-02 05:00:00+00	1	3	3	46000000	1
1	2026-11-02 00:00:00+00	1	1	3	1961000000	2
1	2026-11-02 06:00:00+00	1	2	0	3796922	1
1	2026-11-02 00:00:00+00	1	2	0	3727727	1
1	2026-11-02 07:00:00+00	1	1	3	1899000000	2
1	2026-11-02 05:00:00+00	1	1	3	1878094161	2
1	2026-11-02 03:00:00+00	1	1	3	1887114000	2
1	2026-11-02 01:00:00+00	1	1	3	1892853375	2
1	2026-11-02 07:00:00+00	1	2	0	3308902	1
1	2026-11-02 08:00:00+00	1	1	1	920400000	1
1	2026-11-02 05:00:00+00	1	2	0	3577378	1
1	2026-11-02 07:00:00+00	1	1	1	943534301	1
1	2026-11-02 06:00:00+00	1	1	1	965026995	1
1	2026-11-02 05:00:00+00	1	1	1	995400000	1
1	2026-11-02 00:00:00+00	1	3	3	4000000	1
1	2026-11-02 03:00:00+00	1	1	1	990399000	1
1	2026-11-02 02:00:00+00	1	3	1	21000000	1
1	2026-11-02 01:00:00+00	1	1	1	978000000	1
2	2026-11-20 11:00:00+00	1	3	3	45000000	1
2	2026-11-20 23:00:00+00	1	1	3	2771000000	3
2	2026-11-20 03:00:00+00	1	1	3	2738134000	3
2	2026-11-20 02:00:00+00	1	1	2	907955000	1
2	2026-11-20 08:00:00+00	1	1	1	1953510347	2
2	2026-11-20 06:00:00+00	1	3	3	29000000	1
2	2026-11-20 14:00:00+00	1	1	3	2802200000	3
2	2026-11-20 19:00:00+00	1	3	3	11000000	1
2	2026-11-20 09:00:00+00	1	3	1	96000000	1
2	2026-11-20 12:00:00+00	1	1	1	1864120000	2
2	2026-11-20 22:00:00+00	1	1	1	1927000000	2
2	2026-11-20 16:00:00+00	1	1	2	927000000	1
2	2026-11-20 03:00:00+00	1	2	0	6644530	2
2	2026-11-20 13:00:00+00	1	3	3	29000000	1
2	2026-11-20 23:00:00+00	1	2	0	6602781	2
2	2026-11-20 11:00:00+00	1	1	3	2847741000	3
2	2026-11-20 21:00:00+00	1	1	2	943700000	1
2	2026-11-20 00:00:00+00	1	1	3	2843488947	3
2	2026-11-20 16:00:00+00	1	2	0	6740006	2
2	2026-11-20 04:00:00+00	1	1	2	940710000	1
2	2026-11-20 23:00:00+00	1	1	1	1774547038	2
2	2026-11-20 18:00:00+00	1	1	2	928825129	1
2	2026-11-20 14:00:00+00	1	3	3	58000000	1
2	2026-11-20 10:00:00+00	1	1	2	938000000	1
2	2026-11-20 19:00:00+00	1	1	3	2788953000	3
2	2026-11-20 15:00:00+00	1	1	2	994000000	1
2	2026-11-20 08:00:00+00	1	1	3	2737968733	3
2	2026-11-20 11:00:00+00	1	2	0	6831741	2
2	2026-11-20 09:00:00+00	1	3	3	97000000	1
2	2026-11-20 20:00:00+00	1	1	2	945000000	1
2	2026-11-20 13:00:00+00	1	1	3	2889100000	3
2	2026-11-20 12:00:00+00	1	1	3	2732730000	3
2	2026-11-20 22:00:00+00	1	1	3	2785054554	3
2	2026-11-20 18:00:00+00	1	2	0	7076020	2
2	2026-11-20 10:00:00+00	1	2	0	6675865	2
2	2026-11-20 11:00:00+00	1	1	1	1869770000	2
2	2026-11-20 20:00:00+00	1	2	0	6708068	2
2	2026-11-20 21:00:00+00	1	3	1	77000000	1
2	2026-11-20 19:00:00+00	1	2	0	6758841	2
2	2026-11-20 00:00:00+00	1	1	1	1885800000	2
2	2026-11-20 17:00:00+00	1	1	2	901000000	1
2	2026-11-20 03:00:00+00	1	3	3	83000000	1
2	2026-11-20 13:00:00+00	1	2	0	6812986	2
2	2026-11-20 08:00:00+00	1	3	3	82000000	1
2	2026-11-20 06:00:00+00	1	1	3	2877300000	3
2	2026-11-20 19:00:00+00	1	1	1	1887600000	2
2	2026-11-20 09:00:00+00	1	1	3	2719000000	3
2	2026-11-20 02:00:00+00	1	3	3	62000000	1
2	2026-11-20 12:00:00+00	1	3	3	100000000	1
2	2026-11-20 00:00:00+00	1	2	0	6915285	2
2	2026-11-20 15:00:00+00	1	3	1	81000000	1
2	2026-11-20 22:00:00+00	1	3	3	23000000	1
2	2026-11-20 05:00:00+00	1	1	1	1868000000	2
2	2026-11-20 16:00:00+00	1	1	1	1836560000	2
2	2026-11-20 13:00:00+00	1	1	1	1859503721	2
2	2026-11-20 07:00:00+00	1	1	1	1862965000	2
2	2026-11-20 01:00:00+00	1	1	1	1884800000	2
2	2026-11-20 21:00:00+00	1	3	3	24000000	1
2	2026-11-20 09:00:00+00	1	2	0	6426727	2
2	2026-11-20 18:00:00+00	1	1	1	1910228000	2
2	2026-11-20 04:00:00+00	1	3	3	32000000	1
2	2026-11-20 10:00:00+00	1	1	1	1835000000	2
2	2026-11-20 17:00:00+00	1	3	1	91000000	1
2	2026-11-20 03:00:00+00	1	1	2	921000000	1
2	2026-11-20 03:00:00+00	1	3	1	94000000	1
2	2026-11-20 06:00:00+00	1	1	1	1933000000	2
2	2026-11-20 09:00:00+00	1	1	1	1762140000	2
2	2026-11-20 20:00:00+00	1	1	1	1929462092	2
2	2026-11-20 15:00:00+00	1	3	3	63000000	1
2	2026-11-20 05:00:00+00	1	1	3	2831796000	3
2	2026-11-20 16:00:00+00	1	1	3	2688040000	3
2	2026-11-20 07:00:00+00	1	1	3	2835903000	3
2	2026-11-20 06:00:00+00	1	2	0	6887329	2
2	2026-11-20 01:00:00+00	1	1	3	2829764249	3
2	2026-11-20 21:00:00+00	1	1	3	2875467768	3
2	2026-11-20 00:00:00+00	1	1	2	956000000	1
2	2026-11-20 05:00:00+00	1	2	0	6613247	2
2	2026-11-20 23:00:00+00	1	1	2	989700000	1
2	2026-11-20 07:00:00+00	1	2	0	6928947	2
2	2026-11-20 18:00:00+00	1	1	3	2866386000	3
2	2026-11-20 01:00:00+00	1	2	0	7029088	2
2	2026-11-20 10:00:00+00	1	1	3	2849227000	3
2	2026-11-20 17:00:00+00	1	3	3	37000000	1
2	2026-11-20 15:00:00+00	1	1	3	2711747568	3
2	2026-11-20 02:00:00+00	1	1	3	2706756307	3
2	2026-11-20 14:00:00+00	1	1	2	951000000	1
2	2026-11-20 16:00:00+00	1	3	3	55000000	1
2	2026-11-20 20:00:00+00	1	1	3	2734834253	3
2	2026-11-20 21:00:00+00	1	2	0	7101842	2
2	2026-11-20 11:00:00+00	1	1	2	987000000	1
2	2026-11-20 14:00:00+00	1	2	0	6899039	2
2	2026-11-20 21:00:00+00	1	1	1	1866748816	2
2	2026-11-20 15:00:00+00	1	2	0	6427853	2
2	2026-11-20 18:00:00+00	1	3	3	24000000	1
2	2026-11-20 04:00:00+00	1	1	3	2772223122	3
2	2026-11-20 10:00:00+00	1	3	3	61000000	1
2	2026-11-20 17:00:00+00	1	1	3	2852807000	3
2	2026-11-20 23:00:00+00	1	3	1	37000000	1
2	2026-11-20 06:00:00+00	1	1	2	910710000	1
2	2026-11-20 19:00:00+00	1	1	2	935800000	1
2	2026-11-20 20:00:00+00	1	3	3	96000000	1
2	2026-11-20 15:00:00+00	1	1	1	1785340000	2
2	2026-11-20 02:00:00+00	1	1	1	1943032758	2
2	2026-11-20 08:00:00+00	1	1	2	944190000	1
2	2026-11-20 05:00:00+00	1	3	3	72000000	1
2	2026-11-20 13:00:00+00	1	1	2	928024000	1
2	2026-11-20 12:00:00+00	1	1	2	916000000	1
2	2026-11-20 22:00:00+00	1	1	2	903000000	1
2	2026-11-20 07:00:00+00	1	3	3	12000000	1
2	2026-11-20 01:00:00+00	1	3	3	90000000	1
2	2026-11-20 17:00:00+00	1	2	0	6821096	2
2	2026-11-20 02:00:00+00	1	2	0	6878699	2
2	2026-11-20 08:00:00+00	1	2	0	6980018	2
2	2026-11-20 11:00:00+00	1	3	1	99000000	1
2	2026-11-20 12:00:00+00	1	2	0	6735710	2
2	2026-11-20 00:00:00+00	1	3	3	85000000	1
2	2026-11-20 22:00:00+00	1	2	0	6728767	2
2	2026-11-20 04:00:00+00	1	1	1	1867580000	2
2	2026-11-20 17:00:00+00	1	1	1	1800000000	2
2	2026-11-20 03:00:00+00	1	1	1	1822331101	2
2	2026-11-20 23:00:00+00	1	3	3	45000000	1
2	2026-11-20 14:00:00+00	1	1	1	1953800000	2
2	2026-11-20 09:00:00+00	1	1	2	915000000	1
2	2026-11-20 19:00:00+00	1	3	1	21000000	1
2	2026-11-20 05:00:00+00	1	1	2	988280000	1
2	2026-11-20 04:00:00+00	1	2	0	6605920	2
2	2026-11-20 05:00:00+00	1	3	1	61000000	1
2	2026-11-20 13:00:00+00	1	3	1	63000000	1
2	2026-11-20 07:00:00+00	1	1	2	933663341	1
2	2026-11-20 07:00:00+00	1	3	1	95000000	1
2	2026-11-20 01:00:00+00	1	1	2	980000000	1
2	2026-11-20 01:00:00+00	1	3	1	88000000	1
2	2026-11-25 00:00:00+00	1	2	0	1000000	2
\.


--
-- Data for Name: ldg_migration; Type: TABLE DATA; Schema: public; Owner: ldg_migrator
--

COPY public.ldg_migration (version, name, sha256, applied_at) FROM stdin;
1	0001_roles.sql	c1b3e4954596bf5c5441a69882417a2f4467a458ba00d3d343cb165c0b291f34	2026-12-05 00:16:34.909947+00
2	0002_ledger.sql	e2f7b999df3c9391c893162d4936ead39d667715c36282ed225ed338a3377ad6	2026-12-05 00:16:34.912909+00
3	0003_billing.sql	d2b3642a332a46650091d647b2f26fda39c4b16602779c9cd59b8f486ef7d781	2026-12-05 00:16:35.033141+00
4	0004_audit.sql	f195099a46b393d7575c6958c88a15dcfe39f40741c51dba3da7395c240de259	2026-12-05 00:16:35.079423+00
5	0005_security.sql	da577cbbde62dec34422a01ec07fda07ea49df55b5b16c690f82ae7090fcce30	2026-12-05 00:16:35.083523+00
6	0006_hardening.sql	b37f8c188ede764854dcef630b365f02076d85285014cb5b4d6b7d291287f407	2026-12-05 00:16:35.097021+00
7	0007_seal_guard.sql	7ebe576f0276d913cda08983c72916f51b45c83aa579857a961ba0b75256b332	2026-12-05 00:16:35.110251+00
8	0008_payments.sql	5fa628888b17dc4dfa14c5b697f65bb70891a2bb756371ead3fff19a2ef2edcd	2026-12-05 00:16:35.11515+00
9	0009_drafts.sql	50f56ac4161e3b665af700057ea821949fc01a34662650d656cfc4ed4b44b644	2026-12-05 00:16:35.149047+00
\.


--
-- Name: site_site_id_seq; Type: SEQUENCE SET; Schema: ledger; Owner: ldg_migrator
--

SELECT pg_catalog.setval('ledger.site_site_id_seq', 1, true);


--
-- Name: tenant_tenant_id_seq; Type: SEQUENCE SET; Schema: ledger; Owner: ldg_migrator
--

SELECT pg_catalog.setval('ledger.tenant_tenant_id_seq', 2, true);


--
-- Name: audit_login audit_login_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.audit_login
    ADD CONSTRAINT audit_login_pkey PRIMARY KEY (login);


--
-- Name: checkpoint checkpoint_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.checkpoint
    ADD CONSTRAINT checkpoint_pkey PRIMARY KEY (tenant_id, size);


--
-- Name: contract_doc contract_doc_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.contract_doc
    ADD CONSTRAINT contract_doc_pkey PRIMARY KEY (tenant_id, seq);


--
-- Name: contract_doc contract_doc_tenant_id_doc_sha256_key; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.contract_doc
    ADD CONSTRAINT contract_doc_tenant_id_doc_sha256_key UNIQUE (tenant_id, doc_sha256);


--
-- Name: finding_ack finding_ack_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.finding_ack
    ADD CONSTRAINT finding_ack_pkey PRIMARY KEY (tenant_id, finding_id);


--
-- Name: ingest_file ingest_file_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.ingest_file
    ADD CONSTRAINT ingest_file_pkey PRIMARY KEY (file_sha256);


--
-- Name: invoice_counter invoice_counter_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.invoice_counter
    ADD CONSTRAINT invoice_counter_pkey PRIMARY KEY (tenant_id, series, year);


--
-- Name: invoice_draft invoice_draft_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.invoice_draft
    ADD CONSTRAINT invoice_draft_pkey PRIMARY KEY (tenant_id, draft_no);


--
-- Name: invoice_line invoice_line_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.invoice_line
    ADD CONSTRAINT invoice_line_pkey PRIMARY KEY (tenant_id, number, line_no);


--
-- Name: invoice invoice_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.invoice
    ADD CONSTRAINT invoice_pkey PRIMARY KEY (tenant_id, number);


--
-- Name: invoice invoice_tenant_id_seq_key; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.invoice
    ADD CONSTRAINT invoice_tenant_id_seq_key UNIQUE (tenant_id, seq);


--
-- Name: log_doc log_doc_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.log_doc
    ADD CONSTRAINT log_doc_pkey PRIMARY KEY (tenant_id, seq);


--
-- Name: log_head log_head_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.log_head
    ADD CONSTRAINT log_head_pkey PRIMARY KEY (tenant_id);


--
-- Name: log_tile log_tile_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.log_tile
    ADD CONSTRAINT log_tile_pkey PRIMARY KEY (tenant_id, level, idx, width);


--
-- Name: payment payment_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.payment
    ADD CONSTRAINT payment_pkey PRIMARY KEY (tenant_id, seq);


--
-- Name: payment payment_tenant_id_payment_id_key; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.payment
    ADD CONSTRAINT payment_tenant_id_payment_id_key UNIQUE (tenant_id, payment_id);


--
-- Name: payment_unmatched payment_unmatched_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.payment_unmatched
    ADD CONSTRAINT payment_unmatched_pkey PRIMARY KEY (payment_id);


--
-- Name: seal_state seal_state_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.seal_state
    ADD CONSTRAINT seal_state_pkey PRIMARY KEY (tenant_id);


--
-- Name: signing_key signing_key_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.signing_key
    ADD CONSTRAINT signing_key_pkey PRIMARY KEY (key_name, key_id);


--
-- Name: site site_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.site
    ADD CONSTRAINT site_pkey PRIMARY KEY (site_id);


--
-- Name: site site_site_key; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.site
    ADD CONSTRAINT site_site_key UNIQUE (site);


--
-- Name: site_version site_version_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.site_version
    ADD CONSTRAINT site_version_pkey PRIMARY KEY (site_id, valid_from);


--
-- Name: tenant tenant_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.tenant
    ADD CONSTRAINT tenant_pkey PRIMARY KEY (tenant_id);


--
-- Name: tenant tenant_tenant_key; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.tenant
    ADD CONSTRAINT tenant_tenant_key UNIQUE (tenant);


--
-- Name: usage_hourly usage_hourly_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.usage_hourly
    ADD CONSTRAINT usage_hourly_pkey PRIMARY KEY (tenant_id, hour, site_id, kind, class);


--
-- Name: usage usage_pkey; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.usage
    ADD CONSTRAINT usage_pkey PRIMARY KEY (tenant_id, seq);


--
-- Name: usage usage_tenant_id_event_id_key; Type: CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.usage
    ADD CONSTRAINT usage_tenant_id_event_id_key UNIQUE (tenant_id, event_id);


--
-- Name: ldg_migration ldg_migration_pkey; Type: CONSTRAINT; Schema: public; Owner: ldg_migrator
--

ALTER TABLE ONLY public.ldg_migration
    ADD CONSTRAINT ldg_migration_pkey PRIMARY KEY (version);


--
-- Name: contract_doc_base; Type: INDEX; Schema: ledger; Owner: ldg_migrator
--

CREATE UNIQUE INDEX contract_doc_base ON ledger.contract_doc USING btree (tenant_id, contract_id) WHERE (amends IS NULL);


--
-- Name: invoice_by_period; Type: INDEX; Schema: ledger; Owner: ldg_migrator
--

CREATE INDEX invoice_by_period ON ledger.invoice USING btree (tenant_id, period);


--
-- Name: invoice_draft_period; Type: INDEX; Schema: ledger; Owner: ldg_migrator
--

CREATE INDEX invoice_draft_period ON ledger.invoice_draft USING btree (tenant_id, contract_id, period);


--
-- Name: invoice_one_original; Type: INDEX; Schema: ledger; Owner: ldg_migrator
--

CREATE UNIQUE INDEX invoice_one_original ON ledger.invoice USING btree (tenant_id, contract_id, period) WHERE (amends IS NULL);


--
-- Name: log_doc_key; Type: INDEX; Schema: ledger; Owner: ldg_migrator
--

CREATE INDEX log_doc_key ON ledger.log_doc USING btree (tenant_id, seq) WHERE (kind = 'key'::text);


--
-- Name: payment_by_id; Type: INDEX; Schema: ledger; Owner: ldg_migrator
--

CREATE INDEX payment_by_id ON ledger.payment USING btree (payment_id);


--
-- Name: usage_corrections; Type: INDEX; Schema: ledger; Owner: ldg_migrator
--

CREATE INDEX usage_corrections ON ledger.usage USING btree (tenant_id, corrects) WHERE (corrects IS NOT NULL);


--
-- Name: checkpoint checkpoint_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER checkpoint_append_only BEFORE DELETE OR UPDATE ON ledger.checkpoint FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: checkpoint checkpoint_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON ledger.checkpoint FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: contract_doc contract_doc_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER contract_doc_append_only BEFORE DELETE OR UPDATE ON ledger.contract_doc FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: contract_doc contract_doc_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER contract_doc_no_truncate BEFORE TRUNCATE ON ledger.contract_doc FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: finding_ack finding_ack_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER finding_ack_append_only BEFORE DELETE OR UPDATE ON ledger.finding_ack FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: finding_ack finding_ack_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER finding_ack_no_truncate BEFORE TRUNCATE ON ledger.finding_ack FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: invoice invoice_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER invoice_append_only BEFORE DELETE OR UPDATE ON ledger.invoice FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: invoice_draft invoice_draft_guard; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER invoice_draft_guard BEFORE UPDATE ON ledger.invoice_draft FOR EACH ROW EXECUTE FUNCTION ledger.invoice_draft_guard();


--
-- Name: invoice_draft invoice_draft_no_delete; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER invoice_draft_no_delete BEFORE DELETE ON ledger.invoice_draft FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: invoice_draft invoice_draft_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER invoice_draft_no_truncate BEFORE TRUNCATE ON ledger.invoice_draft FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: invoice_line invoice_line_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER invoice_line_append_only BEFORE DELETE OR UPDATE ON ledger.invoice_line FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: invoice_line invoice_line_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER invoice_line_no_truncate BEFORE TRUNCATE ON ledger.invoice_line FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: invoice invoice_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER invoice_no_truncate BEFORE TRUNCATE ON ledger.invoice FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: log_doc log_doc_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER log_doc_append_only BEFORE DELETE OR UPDATE ON ledger.log_doc FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: log_doc log_doc_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER log_doc_no_truncate BEFORE TRUNCATE ON ledger.log_doc FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: log_tile log_tile_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER log_tile_append_only BEFORE DELETE OR UPDATE ON ledger.log_tile FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: log_tile log_tile_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER log_tile_no_truncate BEFORE TRUNCATE ON ledger.log_tile FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: payment payment_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER payment_append_only BEFORE DELETE OR UPDATE ON ledger.payment FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: payment payment_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER payment_no_truncate BEFORE TRUNCATE ON ledger.payment FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: payment_unmatched payment_unmatched_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER payment_unmatched_append_only BEFORE DELETE OR UPDATE ON ledger.payment_unmatched FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: payment_unmatched payment_unmatched_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER payment_unmatched_no_truncate BEFORE TRUNCATE ON ledger.payment_unmatched FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: seal_state seal_state_no_delete; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER seal_state_no_delete BEFORE DELETE ON ledger.seal_state FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: seal_state seal_state_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER seal_state_no_truncate BEFORE TRUNCATE ON ledger.seal_state FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: signing_key signing_key_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER signing_key_append_only BEFORE DELETE OR UPDATE ON ledger.signing_key FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: signing_key signing_key_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER signing_key_no_truncate BEFORE TRUNCATE ON ledger.signing_key FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: site site_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER site_append_only BEFORE DELETE OR UPDATE ON ledger.site FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: site site_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER site_no_truncate BEFORE TRUNCATE ON ledger.site FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: site_version site_version_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER site_version_append_only BEFORE DELETE OR UPDATE ON ledger.site_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: site_version site_version_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER site_version_no_truncate BEFORE TRUNCATE ON ledger.site_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: tenant tenant_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER tenant_append_only BEFORE DELETE OR UPDATE ON ledger.tenant FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: tenant tenant_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER tenant_no_truncate BEFORE TRUNCATE ON ledger.tenant FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: usage usage_append_only; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER usage_append_only BEFORE DELETE OR UPDATE ON ledger.usage FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: usage usage_no_truncate; Type: TRIGGER; Schema: ledger; Owner: ldg_migrator
--

CREATE TRIGGER usage_no_truncate BEFORE TRUNCATE ON ledger.usage FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: log_head log_head_tenant_id_fkey; Type: FK CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.log_head
    ADD CONSTRAINT log_head_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES ledger.tenant(tenant_id);


--
-- Name: payment payment_tenant_id_fkey; Type: FK CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.payment
    ADD CONSTRAINT payment_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES ledger.tenant(tenant_id);


--
-- Name: seal_state seal_state_tenant_id_fkey; Type: FK CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.seal_state
    ADD CONSTRAINT seal_state_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES ledger.tenant(tenant_id);


--
-- Name: site_version site_version_site_id_fkey; Type: FK CONSTRAINT; Schema: ledger; Owner: ldg_migrator
--

ALTER TABLE ONLY ledger.site_version
    ADD CONSTRAINT site_version_site_id_fkey FOREIGN KEY (site_id) REFERENCES ledger.site(site_id);


--
-- Name: SCHEMA audit; Type: ACL; Schema: -; Owner: ldg_migrator
--

GRANT USAGE ON SCHEMA audit TO ldg_auditor;
GRANT USAGE ON SCHEMA audit TO ldg_reader;


--
-- Name: SCHEMA ledger; Type: ACL; Schema: -; Owner: ldg_migrator
--

GRANT USAGE ON SCHEMA ledger TO ldg_writer;
GRANT USAGE ON SCHEMA ledger TO ldg_reader;


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: pg_database_owner
--

GRANT CREATE ON SCHEMA public TO ldg_migrator;


--
-- Name: FUNCTION audit_login_grant(p_login name, p_tenant text); Type: ACL; Schema: ledger; Owner: ldg_migrator
--

REVOKE ALL ON FUNCTION ledger.audit_login_grant(p_login name, p_tenant text) FROM PUBLIC;


--
-- Name: FUNCTION seal_advance(p_tenant integer, p_old bigint, p_size bigint, p_root bytea); Type: ACL; Schema: ledger; Owner: ldg_migrator
--

REVOKE ALL ON FUNCTION ledger.seal_advance(p_tenant integer, p_old bigint, p_size bigint, p_root bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.seal_advance(p_tenant integer, p_old bigint, p_size bigint, p_root bytea) TO ldg_writer;


--
-- Name: FUNCTION pg_advisory_lock(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_lock(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_lock(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_lock(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_lock(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_lock(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_lock(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_lock(integer, integer) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_lock_shared(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_lock_shared(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_lock_shared(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_lock_shared(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_lock_shared(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_lock_shared(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_lock_shared(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_lock_shared(integer, integer) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_unlock(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_unlock(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_unlock(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_unlock(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock(integer, integer) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_unlock_all(); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_unlock_all() FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock_all() TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock_all() TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_unlock_shared(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_unlock_shared(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock_shared(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock_shared(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_unlock_shared(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_unlock_shared(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock_shared(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_unlock_shared(integer, integer) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_xact_lock(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_xact_lock(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock(integer, integer) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_xact_lock_shared(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_advisory_xact_lock_shared(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(integer, integer) TO ldg_migrator;


--
-- Name: FUNCTION pg_try_advisory_lock(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_try_advisory_lock(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_lock(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_lock(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_try_advisory_lock(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_try_advisory_lock(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_lock(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_lock(integer, integer) TO ldg_migrator;


--
-- Name: FUNCTION pg_try_advisory_lock_shared(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_try_advisory_lock_shared(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(integer, integer) TO ldg_migrator;


--
-- Name: FUNCTION pg_try_advisory_xact_lock(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_try_advisory_xact_lock(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(integer, integer) TO ldg_migrator;


--
-- Name: FUNCTION pg_try_advisory_xact_lock_shared(bigint); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(bigint) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(bigint) TO ldg_migrator;


--
-- Name: FUNCTION pg_try_advisory_xact_lock_shared(integer, integer); Type: ACL; Schema: pg_catalog; Owner: leaseledger
--

REVOKE ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(integer, integer) FROM PUBLIC;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(integer, integer) TO ldg_writer;
GRANT ALL ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(integer, integer) TO ldg_migrator;


--
-- Name: TABLE audit_login; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT ON TABLE ledger.audit_login TO ldg_reader;


--
-- Name: TABLE checkpoint; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.checkpoint TO ldg_writer;
GRANT SELECT ON TABLE ledger.checkpoint TO ldg_reader;


--
-- Name: TABLE tenant; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT ON TABLE ledger.tenant TO ldg_writer;
GRANT SELECT ON TABLE ledger.tenant TO ldg_reader;


--
-- Name: COLUMN tenant.tenant; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT INSERT(tenant) ON TABLE ledger.tenant TO ldg_writer;


--
-- Name: TABLE checkpoints; Type: ACL; Schema: audit; Owner: ldg_migrator
--

GRANT SELECT ON TABLE audit.checkpoints TO ldg_auditor;
GRANT SELECT ON TABLE audit.checkpoints TO ldg_reader;


--
-- Name: TABLE invoice; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.invoice TO ldg_writer;
GRANT SELECT ON TABLE ledger.invoice TO ldg_reader;


--
-- Name: TABLE invoice_line; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.invoice_line TO ldg_writer;
GRANT SELECT ON TABLE ledger.invoice_line TO ldg_reader;


--
-- Name: TABLE invoice_lines; Type: ACL; Schema: audit; Owner: ldg_migrator
--

GRANT SELECT ON TABLE audit.invoice_lines TO ldg_auditor;
GRANT SELECT ON TABLE audit.invoice_lines TO ldg_reader;


--
-- Name: TABLE invoices; Type: ACL; Schema: audit; Owner: ldg_migrator
--

GRANT SELECT ON TABLE audit.invoices TO ldg_auditor;
GRANT SELECT ON TABLE audit.invoices TO ldg_reader;


--
-- Name: TABLE log_tile; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.log_tile TO ldg_writer;
GRANT SELECT ON TABLE ledger.log_tile TO ldg_reader;


--
-- Name: TABLE site; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT ON TABLE ledger.site TO ldg_writer;
GRANT SELECT ON TABLE ledger.site TO ldg_reader;


--
-- Name: COLUMN site.site; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT INSERT(site) ON TABLE ledger.site TO ldg_writer;


--
-- Name: TABLE usage; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.usage TO ldg_writer;
GRANT SELECT ON TABLE ledger.usage TO ldg_reader;


--
-- Name: TABLE records; Type: ACL; Schema: audit; Owner: ldg_migrator
--

GRANT SELECT ON TABLE audit.records TO ldg_auditor;
GRANT SELECT ON TABLE audit.records TO ldg_reader;


--
-- Name: TABLE contract_doc; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.contract_doc TO ldg_writer;
GRANT SELECT ON TABLE ledger.contract_doc TO ldg_reader;


--
-- Name: TABLE finding_ack; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.finding_ack TO ldg_writer;
GRANT SELECT ON TABLE ledger.finding_ack TO ldg_reader;


--
-- Name: TABLE ingest_file; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.ingest_file TO ldg_writer;
GRANT SELECT ON TABLE ledger.ingest_file TO ldg_reader;


--
-- Name: TABLE invoice_counter; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.invoice_counter TO ldg_writer;
GRANT SELECT ON TABLE ledger.invoice_counter TO ldg_reader;


--
-- Name: COLUMN invoice_counter.last; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(last) ON TABLE ledger.invoice_counter TO ldg_writer;


--
-- Name: TABLE invoice_draft; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT ON TABLE ledger.invoice_draft TO ldg_reader;
GRANT SELECT,INSERT ON TABLE ledger.invoice_draft TO ldg_writer;


--
-- Name: COLUMN invoice_draft.state; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(state) ON TABLE ledger.invoice_draft TO ldg_writer;


--
-- Name: COLUMN invoice_draft.decided_by; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(decided_by) ON TABLE ledger.invoice_draft TO ldg_writer;


--
-- Name: COLUMN invoice_draft.decided_at; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(decided_at) ON TABLE ledger.invoice_draft TO ldg_writer;


--
-- Name: COLUMN invoice_draft.note; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(note) ON TABLE ledger.invoice_draft TO ldg_writer;


--
-- Name: COLUMN invoice_draft.number; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(number) ON TABLE ledger.invoice_draft TO ldg_writer;


--
-- Name: COLUMN invoice_draft.decision_seq; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(decision_seq) ON TABLE ledger.invoice_draft TO ldg_writer;


--
-- Name: TABLE log_doc; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.log_doc TO ldg_writer;
GRANT SELECT ON TABLE ledger.log_doc TO ldg_reader;


--
-- Name: TABLE log_head; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.log_head TO ldg_writer;
GRANT SELECT ON TABLE ledger.log_head TO ldg_reader;


--
-- Name: COLUMN log_head.size; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(size) ON TABLE ledger.log_head TO ldg_writer;


--
-- Name: TABLE payment; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT ON TABLE ledger.payment TO ldg_reader;
GRANT SELECT,INSERT ON TABLE ledger.payment TO ldg_writer;


--
-- Name: TABLE payment_unmatched; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT ON TABLE ledger.payment_unmatched TO ldg_reader;
GRANT SELECT,INSERT ON TABLE ledger.payment_unmatched TO ldg_writer;


--
-- Name: TABLE payment_pending; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT ON TABLE ledger.payment_pending TO ldg_reader;
GRANT SELECT ON TABLE ledger.payment_pending TO ldg_writer;


--
-- Name: TABLE seal_state; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT ON TABLE ledger.seal_state TO ldg_reader;
GRANT SELECT ON TABLE ledger.seal_state TO ldg_writer;


--
-- Name: TABLE signing_key; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.signing_key TO ldg_writer;
GRANT SELECT ON TABLE ledger.signing_key TO ldg_reader;


--
-- Name: TABLE site_version; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.site_version TO ldg_writer;
GRANT SELECT ON TABLE ledger.site_version TO ldg_reader;


--
-- Name: TABLE usage_hourly; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT SELECT,INSERT ON TABLE ledger.usage_hourly TO ldg_writer;
GRANT SELECT ON TABLE ledger.usage_hourly TO ldg_reader;


--
-- Name: COLUMN usage_hourly.qty_micros; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(qty_micros) ON TABLE ledger.usage_hourly TO ldg_writer;


--
-- Name: COLUMN usage_hourly.records; Type: ACL; Schema: ledger; Owner: ldg_migrator
--

GRANT UPDATE(records) ON TABLE ledger.usage_hourly TO ldg_writer;


--
-- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: ledger; Owner: ldg_migrator
--

ALTER DEFAULT PRIVILEGES FOR ROLE ldg_migrator IN SCHEMA ledger GRANT SELECT ON TABLES  TO ldg_reader;


--
-- PostgreSQL database dump complete
--

\unrestrict UVQWLv3LzkMjNIaxJiZ9RwxRxg9BPBBJHPvHJXX1W6AWTXuKrLfphQJaiUaGMsg

