SET LOCAL ROLE ldg_migrator;

-- GPU classes are data (issue 10; DESIGN.md "Site", ledger/gpu_class.h). A class is a
-- name a site document declares; ledger.usage.class and ledger.usage_hourly.class hold
-- its number here. 1, 2 and 3 are the built-in H100, H200 and GB200, the numbers every
-- row stored before this migration already has; `site load` adds any other class the
-- first time a site declares it, under the next number.
CREATE TABLE ledger.gpu_class (
    class  smallint PRIMARY KEY CHECK (class BETWEEN 1 AND 32),
    name   text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9._-]{1,32}$')
);
INSERT INTO ledger.gpu_class (class, name) VALUES (1, 'H100'), (2, 'H200'), (3, 'GB200');

-- The classes of each site version: GPUs and the kW-per-GPU band reconcile checks
-- energy against (NULL: the class's built-in band, which is what the versions loaded
-- before this migration meant). site_version's gpus_h100, gpus_h200 and gpus_gb200
-- keep being written for the built-in classes, and are no longer read.
CREATE TABLE ledger.site_class (
    site_id        smallint NOT NULL,
    valid_from     timestamptz NOT NULL,
    class          smallint NOT NULL REFERENCES ledger.gpu_class,
    gpus           bigint NOT NULL CHECK (gpus >= 0),
    kw_low_micros  bigint CHECK (kw_low_micros >= 0),
    kw_high_micros bigint CHECK (kw_high_micros >= kw_low_micros),
    PRIMARY KEY (site_id, valid_from, class),
    FOREIGN KEY (site_id, valid_from) REFERENCES ledger.site_version
);
INSERT INTO ledger.site_class (site_id, valid_from, class, gpus)
SELECT v.site_id, v.valid_from, c.class, c.gpus
  FROM ledger.site_version v
 CROSS JOIN LATERAL (VALUES (1, v.gpus_h100, 'H100'), (2, v.gpus_h200, 'H200'),
                            (3, v.gpus_gb200, 'GB200')) AS c (class, gpus, name)
 WHERE v.doc->'gpus' ? c.name;

GRANT SELECT, INSERT ON ledger.gpu_class, ledger.site_class TO ldg_writer;
GRANT SELECT ON ledger.gpu_class, ledger.site_class TO ldg_reader;

-- Any class the table holds, and kind 4: maintenance (GPU-hours unavailable in a
-- maintenance window the contract allows; issue 10 "SLA as contracts write it").
ALTER TABLE ledger.usage DROP CONSTRAINT usage_class_check;
ALTER TABLE ledger.usage ADD CONSTRAINT usage_class_check CHECK (class BETWEEN 0 AND 32);
ALTER TABLE ledger.usage DROP CONSTRAINT usage_kind_check;
ALTER TABLE ledger.usage ADD CONSTRAINT usage_kind_check CHECK (kind BETWEEN 1 AND 4);

-- The auditors' view names classes from the table (and the new kind).
CREATE OR REPLACE VIEW audit.records WITH (security_barrier) AS
SELECT t.tenant,
       u.seq,
       s.site,
       u.meter,
       u.event_id,
       u.corrects,
       CASE u.kind WHEN 1 THEN 'gpu' WHEN 2 THEN 'energy' WHEN 3 THEN 'downtime'
            WHEN 4 THEN 'maintenance' END AS kind,
       (SELECT g.name FROM ledger.gpu_class g WHERE g.class = u.class) AS class,
       u.start_at,
       u.end_at,
       round(u.qty_micros::numeric / 1000000, 6) AS quantity,
       CASE u.kind WHEN 2 THEN 'mwh' ELSE 'gpu_hour' END AS unit,
       u.qty_micros,
       EXISTS (SELECT 1 FROM ledger.usage c
               WHERE c.tenant_id = u.tenant_id AND c.corrects = u.event_id
                 AND c.seq > u.seq) AS corrected,
       (SELECT encode(substring(lt.hashes FROM (u.seq % 256)::integer * 32 + 1 FOR 32),
                      'base64')
          FROM ledger.log_tile lt
         WHERE lt.tenant_id = u.tenant_id AND lt.level = 0 AND lt.idx = u.seq / 256
           AND lt.width > u.seq % 256
         ORDER BY lt.width DESC LIMIT 1) AS leaf_hash
  FROM ledger.usage u
  JOIN ledger.tenant t ON t.tenant_id = u.tenant_id
  JOIN ledger.site s ON s.site_id = u.site_id
 WHERE t.tenant IN (SELECT CASE a.tenant WHEN '*' THEN t.tenant ELSE a.tenant END
                      FROM ledger.audit_login a WHERE a.login = session_user)
   AND t.tenant = coalesce(nullif(current_setting('leaseledger.tenant', true), ''), t.tenant);
