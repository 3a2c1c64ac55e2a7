-- Idempotent consumers: the CloudEvents id of every handled record, written in the transaction of its effect.
create table crm_inbox (
    consumer_group varchar(100) not null,
    event_id       varchar(255) not null,
    event_type     varchar(255),
    topic          varchar(255) not null,
    partition_no   integer      not null,
    record_offset  bigint       not null,
    handled_at     timestamptz  not null default now(),
    primary key (consumer_group, event_id)
);
