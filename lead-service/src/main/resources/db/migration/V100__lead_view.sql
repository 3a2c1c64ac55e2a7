-- Read model of leads, fed from crm.lead.v1. Service migrations number from 100; the platform's are below.
create table lead_view (
    id              varchar(64)   primary key,
    topic           varchar(300)  not null,
    first_name      varchar(50),
    last_name       varchar(50)   not null,
    company_name    varchar(100),
    email           varchar(100),
    state           varchar(20)   not null,
    status_reason   varchar(30)   not null,
    owner_id        varchar(128)  not null,
    rating          varchar(10),
    lead_source     varchar(30),
    estimated_value numeric(19, 4),
    created_at      timestamptz   not null,
    modified_at     timestamptz   not null,
    version         bigint        not null,
    search_text     text          not null,
    document        text          not null
);
create index lead_view_owner_state on lead_view (owner_id, state, modified_at desc);
create index lead_view_state on lead_view (state, modified_at desc);
create index lead_view_created on lead_view (created_at desc);
