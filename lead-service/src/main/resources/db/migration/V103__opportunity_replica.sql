-- Local replica of the opportunities made from leads (from crm.opportunity.v1): a lead whose opportunity is open
-- cannot be disqualified.
create table opportunity_replica (
    id                  varchar(64) primary key,
    originating_lead_id varchar(64),
    state               varchar(10) not null,
    version             bigint      not null,
    created_at          timestamptz,
    document            text        not null
);
create index opportunity_replica_lead on opportunity_replica (originating_lead_id);
