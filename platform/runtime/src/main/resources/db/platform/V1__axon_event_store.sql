-- Axon's JDBC event store on PostgreSQL. Payloads are bytea (never oid large objects) and the global index a
-- bigserial (never a pooled Hibernate sequence): both are known Axon-on-PostgreSQL traps.
-- Unquoted names: PostgreSQL folds them to lower case, exactly as Axon's unquoted SQL does.
create table domainevententry (
    globalIndex         bigserial    primary key,
    aggregateIdentifier varchar(255) not null,
    sequenceNumber      bigint       not null,
    type                varchar(255),
    eventIdentifier     varchar(255) not null unique,
    metaData            bytea,
    payload             bytea        not null,
    payloadRevision     varchar(255),
    payloadType         varchar(255) not null,
    timeStamp           varchar(255) not null,
    -- concurrent writers of one aggregate collide here; Axon turns that into a ConcurrencyException
    constraint domainevententry_aggregate_sequence unique (aggregateIdentifier, sequenceNumber)
);

create table snapshotevententry (
    aggregateIdentifier varchar(255) not null,
    sequenceNumber      bigint       not null,
    type                varchar(255) not null,
    eventIdentifier     varchar(255) not null unique,
    metaData            bytea,
    payload             bytea        not null,
    payloadRevision     varchar(255),
    payloadType         varchar(255) not null,
    timeStamp           varchar(255) not null,
    primary key (aggregateIdentifier, sequenceNumber)
);

-- positions of the tracking processors (the Kafka relay), updated in the same transaction as their work
create table tokenentry (
    processorName varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokenType     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    primary key (processorName, segment)
);
