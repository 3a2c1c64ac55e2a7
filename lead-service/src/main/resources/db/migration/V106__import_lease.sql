-- Imports survive their instance. The instance running an import (or its revert) renews a lease on it; once the lease
-- lapses, any instance takes the import over and resumes it from its last committed batch. The uploaded file is kept
-- here until the import ends (a pod's own disk dies with it), with what is needed to open it again (sheet, mapping) and
-- to act as the requester. Rows created one by one carry their row number, so that a resumed import skips them.
alter table lead_import add column lease_until timestamptz;
alter table lead_import add column requested_by_manager boolean not null default false;
alter table lead_import add column sheet varchar(200);
alter table lead_import add column column_mapping text;
-- a revert's progress: the import's leads up to this seq were handled (reverted or kept) in committed pages
alter table lead_import add column revert_through_seq integer not null default -1;
alter table lead_import_lead add column row_number integer;

create table lead_import_file (
    import_id varchar(64) primary key references lead_import (id) on delete cascade,
    content   bytea       not null
);

create index lead_import_lease on lead_import (lease_until) where state in ('RUNNING', 'REVERTING');
