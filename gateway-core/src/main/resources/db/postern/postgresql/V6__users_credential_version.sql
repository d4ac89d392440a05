-- Postern store, PostgreSQL: the version of each user's upstream credential, moved by every new upstream
-- password or consent, so that sessions logged in with the old one are ended; the users' trigger now
-- watches it instead of the columns that move it.
ALTER TABLE users ADD COLUMN credential_version BIGINT NOT NULL DEFAULT 0;

DROP TRIGGER users_changed ON users;

CREATE TRIGGER users_changed
    AFTER INSERT OR DELETE OR UPDATE OF name, suspended_at, credential_version ON users
    FOR EACH STATEMENT EXECUTE FUNCTION postern_store_changed();
