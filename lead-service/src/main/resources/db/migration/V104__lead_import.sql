-- Lead imports: the leads an import made carry its id; reverting one deletes its untouched leads (kept in lead_view,
-- flagged, so that a redelivered event still finds its version).
alter table lead_view add column import_id varchar(64);
alter table lead_view add column deleted boolean not null default false;
create index lead_view_import on lead_view (import_id) where import_id is not null;
-- duplicate checks of an import: by e-mail, or by last name (then first name and company)
create index lead_view_email_lower on lead_view (lower(email)) where email is not null;
create index lead_view_last_name_lower on lead_view (lower(last_name));

-- One row per import: what was asked, where it stands, its counts. Written by the importing worker in the
-- transaction of each batch of leads, so that the counts match what the event store holds.
create table lead_import (
    id               varchar(64)   primary key,
    requested_by     varchar(128)  not null,
    owner_id         varchar(128)  not null,
    idempotency_key  varchar(200),
    file_name        varchar(300),
    format           varchar(10)   not null,
    duplicate_policy varchar(10)   not null,
    lead_source      varchar(30),
    state            varchar(20)   not null,
    instance_id      varchar(200)  not null,
    file_size        bigint        not null,
    -- share of the file read, 0 to 1
    progress         real          not null default 0,
    rows_read        integer       not null default 0,
    rows_created     integer       not null default 0,
    rows_skipped     integer       not null default 0,
    rows_invalid     integer       not null default 0,
    leads_reverted   integer       not null default 0,
    leads_kept       integer       not null default 0,
    failure          text,
    created_at       timestamptz   not null,
    finished_at      timestamptz,
    reverted_at      timestamptz
);
create unique index lead_import_idempotency on lead_import (requested_by, idempotency_key)
    where idempotency_key is not null;
create index lead_import_requested on lead_import (requested_by, created_at desc);

-- Per-row outcomes other than "created": INVALID (field and reason), DUPLICATE (the lead it matched), and after a
-- revert KEPT (a lead that had changed since, with the reason).
create table lead_import_issue (
    import_id  varchar(64)   not null references lead_import (id),
    seq        integer       not null,
    row_number integer,
    kind       varchar(10)   not null,
    field      varchar(100),
    reason     text          not null,
    lead_id    varchar(64),
    primary key (import_id, seq)
);

-- The leads an import made, in order, with the keys its duplicate checks compare (lower-case e-mail; first name,
-- last name and company): later rows of the same file are checked against them before lead_view shows them.
create table lead_import_lead (
    import_id  varchar(64)   not null references lead_import (id),
    seq        integer       not null,
    lead_id    varchar(64)   not null,
    email_key  varchar(100),
    name_key   varchar(210),
    primary key (import_id, seq)
);
create index lead_import_lead_email on lead_import_lead (import_id, email_key) where email_key is not null;
create index lead_import_lead_name on lead_import_lead (import_id, name_key) where name_key is not null;
