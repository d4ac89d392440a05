-- Postern store, SQLite: users' upstream consent (sealed refresh token, its version and state).
ALTER TABLE users ADD COLUMN refresh_token BLOB NULL;
ALTER TABLE users ADD COLUMN refresh_token_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN connected_at INTEGER NULL;
ALTER TABLE users ADD COLUMN needs_reconnect_at INTEGER NULL;
ALTER TABLE users ADD COLUMN needs_reconnect_reason TEXT NULL;
