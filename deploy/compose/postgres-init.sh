#!/bin/sh
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d): a role and a database per
# service, the role owning its database. Passwords come from the container's environment (CRM_<DB>_PASSWORD).
set -eu

for db in crm_lead crm_contact_account crm_opportunity crm_timeline; do
  var="$(echo "$db" | tr '[:lower:]' '[:upper:]')_PASSWORD"
  password="$(printenv "$var" || true)"
  [ -n "$password" ] || { echo "postgres-init: $var is not set" >&2; exit 1; }
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v role="$db" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
SQL
done
