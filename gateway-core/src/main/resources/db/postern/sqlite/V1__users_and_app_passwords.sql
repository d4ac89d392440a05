-- Postern store, SQLite: users and app passwords.
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    upstream_password BLOB NULL
);

CREATE TABLE app_passwords (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    label TEXT NOT NULL,
    scopes TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NULL,
    last_used_at INTEGER NULL,
    last_used_ip TEXT NULL,
    revoked_at INTEGER NULL
);

CREATE UNIQUE INDEX app_passwords_active_label ON app_passwords(user, label) WHERE revoked_at IS NULL;

CREATE INDEX app_passwords_user ON app_passwords(user);
