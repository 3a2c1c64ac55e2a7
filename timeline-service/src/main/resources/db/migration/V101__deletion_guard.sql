-- What the deleted-records reaction heard, kept in the transaction of each reaction: the records it knows (deleted or
-- not: the row is what a deletion and an activity's creation about one record both lock), and the activities about
-- each record. An activity created while its record was being deleted is canceled once both are known.
create table deletion_guard (
    record_id  varchar(64) primary key,
    deleted    boolean     not null
);

create table deletion_guard_activity (
    activity_id varchar(64) primary key,
    record_id   varchar(64) not null
);
create index deletion_guard_activity_record on deletion_guard_activity (record_id);
