-- Read models of contacts and accounts, fed from crm.contact.v1 and crm.account.v1.
-- *_key columns hold the normal forms used to find likely duplicates (see dev.crm.platform.domain.Names).
create table contact_view (
    id                  varchar(64)  primary key,
    first_name          varchar(50),
    last_name           varchar(50)  not null,
    email               varchar(100),
    email_key           varchar(100),
    person_key          varchar(120) not null,
    parent_account_id   varchar(64),
    originating_lead_id varchar(64),
    owner_id            varchar(128) not null,
    created_at          timestamptz  not null,
    modified_at         timestamptz  not null,
    version             bigint       not null,
    search_text         text         not null,
    document            text         not null
);
create index contact_view_email_key on contact_view (email_key);
create index contact_view_person_key on contact_view (person_key);
create index contact_view_account on contact_view (parent_account_id);
create index contact_view_modified on contact_view (modified_at desc);

create table account_view (
    id                  varchar(64)  primary key,
    name                varchar(160) not null,
    company_key         varchar(160) not null,
    industry            varchar(100),
    primary_contact_id  varchar(64),
    originating_lead_id varchar(64),
    owner_id            varchar(128) not null,
    created_at          timestamptz  not null,
    modified_at         timestamptz  not null,
    version             bigint       not null,
    search_text         text         not null,
    document            text         not null
);
create index account_view_company_key on account_view (company_key);
create index account_view_modified on account_view (modified_at desc);
