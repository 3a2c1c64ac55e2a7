-- Read models of opportunity-service, fed from Kafka. Service migrations number from 100; the platform's are below.

-- Opportunities as lists and searches see them (crm.opportunity.v1).
create table opportunity_view (
    id                   varchar(64)   primary key,
    name                 varchar(300)  not null,
    state                varchar(10)   not null,
    status_reason        varchar(20)   not null,
    stage                varchar(10)   not null,
    owner_id             varchar(128)  not null,
    account_id           varchar(64),
    contact_id           varchar(64),
    originating_lead_id  varchar(64),
    forecast_category    varchar(20)   not null,
    probability          integer       not null,
    estimated_revenue    numeric(19, 4),
    revenue_currency     varchar(3),
    estimated_close_date date,
    -- the actual close date of a closed opportunity, the estimated one of an open one
    close_date           date,
    created_at           timestamptz   not null,
    modified_at          timestamptz   not null,
    version              bigint        not null,
    search_text          text          not null,
    document             text          not null
);
create index opportunity_view_owner_state on opportunity_view (owner_id, state, modified_at desc);
create index opportunity_view_state on opportunity_view (state, modified_at desc);
create index opportunity_view_account on opportunity_view (account_id);
create index opportunity_view_contact on opportunity_view (contact_id);
create index opportunity_view_lead on opportunity_view (originating_lead_id);

-- What the pipeline report needs of each opportunity, as intervals of time: a row holds from valid_from (the time
-- of the event that set it) until valid_to (the time of the next change; null: still in force). The pipeline as of
-- an instant T is the rows with valid_from <= T < valid_to, so later changes never alter an earlier answer.
create table pipeline_fact (
    opportunity_id       varchar(64)   not null,
    version              bigint        not null,
    valid_from           timestamptz   not null,
    valid_to             timestamptz,
    state                varchar(10)   not null,
    stage                varchar(10)   not null,
    owner_id             varchar(128)  not null,
    probability          integer       not null,
    forecast_category    varchar(20)   not null,
    estimated_revenue    numeric(19, 4),
    revenue_currency     varchar(3),
    estimated_close_date date,
    actual_revenue       numeric(19, 4),
    actual_currency      varchar(3),
    close_date           date,
    primary key (opportunity_id, version)
);
create index pipeline_fact_current on pipeline_fact (opportunity_id) where valid_to is null;
create index pipeline_fact_valid_from on pipeline_fact (valid_from);

-- Contact and account ids known to the system (crm.contact.v1, crm.account.v1): a customer or stakeholder that is
-- not here is refused.
create table customer_replica (
    id         varchar(64)  primary key,
    kind       varchar(10)  not null,
    name       varchar(200) not null,
    version    bigint       not null,
    created_at timestamptz,
    document   text         not null
);
