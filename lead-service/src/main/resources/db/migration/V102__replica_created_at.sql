-- Likely duplicates are listed oldest first everywhere; the replica keeps when each record was created.
alter table contact_replica add column created_at timestamptz;
alter table account_replica add column created_at timestamptz;
