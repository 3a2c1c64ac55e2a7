-- Each duplicate key of the leads (lower-case e-mail, 'e:...'; first name, last name and company, 'n:...') and the
-- first lead that had it, written in the transaction of the lead's events: SKIP imports claim their rows' keys here
-- with insert-on-conflict, so that two imports at once never create the same person twice.
create table lead_duplicate_key (
    key     text        primary key,
    lead_id varchar(64) not null
);
create index lead_duplicate_key_lead on lead_duplicate_key (lead_id);

-- the leads that exist already, oldest first (the first to have a key keeps it)
insert into lead_duplicate_key (key, lead_id)
select key, id from (
    select 'e:' || lower(btrim(email)) as key, id, created_at from lead_view
     where deleted = false and email is not null and btrim(email) <> ''
    union all
    select 'n:' || lower(btrim(coalesce(first_name, ''))) || '|' || lower(btrim(last_name)) || '|'
               || lower(btrim(company_name)), id, created_at from lead_view
     where deleted = false and company_name is not null and btrim(company_name) <> '' and last_name is not null
) keys order by created_at
on conflict (key) do nothing;
