-- Postern store, SQLite: the version of each user's upstream credential, moved by every new upstream password or
-- consent, so that sessions logged in with the old one are ended.
ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0;
