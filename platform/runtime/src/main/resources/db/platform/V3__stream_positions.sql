-- Where each read model stands in each record's stream: the version it applied, and the later versions it holds back
-- because one before them has not arrived (dead-lettered, or re-driven out of order). Nothing is marked handled unless
-- it was applied or deliberately parked.
create table crm_stream_position (
    consumer_group varchar(100) not null,
    subject        varchar(100) not null,
    version        bigint       not null,
    parked         integer      not null default 0,
    primary key (consumer_group, subject)
);

create table crm_parked_event (
    consumer_group varchar(100) not null,
    subject        varchar(100) not null,
    version        bigint       not null,
    event_id       varchar(255) not null,
    event_type     varchar(255) not null,
    occurred_at    timestamptz  not null,
    acting_user    varchar(255),
    acting_role    varchar(50),
    correlation_id varchar(255),
    topic          varchar(255) not null,
    partition_no   integer      not null,
    record_offset  bigint       not null,
    -- null for an event of a type the read model does not use: it only moves the position on
    payload        bytea,
    parked_at      timestamptz  not null default now(),
    primary key (consumer_group, subject, version)
);

-- Events stamped before this moment may belong to records whose earlier events were handled before positions were
-- kept: the first one seen of such a record is taken as where it stands. Every later event is strictly in order.
create table crm_stream_sequencing (
    since          timestamptz  not null
);
insert into crm_stream_sequencing (since) values (now());
