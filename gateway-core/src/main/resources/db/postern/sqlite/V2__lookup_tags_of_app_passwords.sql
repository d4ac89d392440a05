-- Postern store, SQLite: the lookup tag that finds an app password without hashing every candidate.
ALTER TABLE app_passwords ADD COLUMN lookup_tag TEXT NULL;

CREATE UNIQUE INDEX app_passwords_user_tag ON app_passwords(user, lookup_tag) WHERE lookup_tag IS NOT NULL;
