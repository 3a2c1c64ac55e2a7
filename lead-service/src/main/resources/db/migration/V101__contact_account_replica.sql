-- Local replica of contacts and accounts (from crm.contact.v1 and crm.account.v1), for duplicate detection at
-- qualification and for filling a lead's empty fields from the records it is qualified into.
create table contact_replica (
    id                varchar(64)  primary key,
    email_key         varchar(100),
    person_key        varchar(120) not null,
    parent_account_id varchar(64),
    version           bigint       not null,
    document          text         not null
);
create index contact_replica_email_key on contact_replica (email_key);
create index contact_replica_person_key on contact_replica (person_key);

create table account_replica (
    id          varchar(64)  primary key,
    company_key varchar(160) not null,
    version     bigint       not null,
    document    text         not null
);
create index account_replica_company_key on account_replica (company_key);
