-- Read models of timeline-service, fed from every crm.*.v1 topic by one consumer group (timeline-service), so that
-- the events of one record are applied in their order. Service migrations number from 100; the platform's are below.
-- Every table here can be emptied and rebuilt from the topics (docs/operations: rebuild a read model).

-- Every lead, opportunity, contact and account known to the system: activities and notes may only be about these,
-- and what a reader sees of the record an activity is about (name, owner, state) comes from here.
create table record_replica (
    id                  varchar(64)  primary key,
    kind                varchar(12)  not null,
    name                varchar(300) not null,
    owner_id            varchar(128),
    state               varchar(20),
    version             bigint       not null,
    created_at          timestamptz,
    document            text         not null
);

-- Whose notes and activities show on a record's timeline besides its own: an opportunity shows those of the lead it
-- came from; a contact or an account those of the leads it came from and of the opportunities it is the customer of.
create table record_link (
    record_id           varchar(64)  not null,
    related_id          varchar(64)  not null,
    related_type        varchar(12)  not null,
    primary key (record_id, related_id)
);

-- Activities as lists and notifications see them.
create table activity_view (
    id                  varchar(64)  primary key,
    type                varchar(12)  not null,
    owner_id            varchar(128) not null,
    state               varchar(10)  not null,
    status_reason       varchar(10)  not null,
    subject             varchar(200) not null,
    priority            varchar(6),
    regarding_type      varchar(12)  not null,
    regarding_id        varchar(64)  not null,
    -- when it is due: an appointment's start, otherwise its due date and time
    due_at              timestamptz,
    created_at          timestamptz  not null,
    modified_at         timestamptz  not null,
    version             bigint       not null,
    search_text         text         not null,
    document            text         not null
);
create index activity_view_owner_open on activity_view (owner_id, due_at) where state = 'OPEN';
create index activity_view_open_due on activity_view (due_at) where state = 'OPEN';
create index activity_view_regarding on activity_view (regarding_id, modified_at desc);
create index activity_view_modified on activity_view (modified_at desc);

-- Notes, deleted ones included (so that a redelivered change of a deleted note is recognised as old).
create table note_view (
    id                  varchar(64)  primary key,
    owner_id            varchar(128) not null,
    regarding_type      varchar(12)  not null,
    regarding_id        varchar(64)  not null,
    deleted             boolean      not null,
    created_at          timestamptz  not null,
    modified_at         timestamptz  not null,
    version             bigint       not null,
    search_text         text         not null,
    document            text         not null
);
create index note_view_regarding on note_view (regarding_id, modified_at desc) where not deleted;

-- The timeline: one entry per business event that happened to a record, and one per activity and per note (moved
-- to the top when it changes). occurred_at orders it: the event's time, or the activity's or note's last change.
create table timeline_entry (
    id                  varchar(120) primary key,
    record_type         varchar(12)  not null,
    record_id           varchar(64)  not null,
    kind                varchar(12)  not null,
    event_type          varchar(80),
    occurred_at         timestamptz  not null,
    acting_user         varchar(128),
    summary             varchar(500) not null,
    related_type        varchar(12),
    related_id          varchar(64),
    document            text
);
create index timeline_entry_record on timeline_entry (record_id, occurred_at desc, id desc);
create index timeline_entry_record_kind on timeline_entry (record_id, kind, occurred_at desc, id desc);

-- Notices for a user ("a lead you own was qualified"); their ids are stable across rebuilds.
create table notice (
    id                  varchar(250) primary key,
    recipient_id        varchar(128) not null,
    kind                varchar(30)  not null,
    record_type         varchar(12)  not null,
    record_id           varchar(64)  not null,
    summary             varchar(500) not null,
    occurred_at         timestamptz  not null,
    acting_user         varchar(128)
);
create index notice_recipient on notice (recipient_id, occurred_at desc, id desc);

-- Notices their users dismissed (crm.notification.v1).
create table notice_dismissal (
    notification_id     varchar(250) primary key,
    user_id             varchar(128) not null,
    dismissed_at        timestamptz  not null
);
