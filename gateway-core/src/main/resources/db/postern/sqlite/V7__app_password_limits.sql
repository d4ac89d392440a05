-- Postern store, SQLite: limits an app password carries beyond its scopes (senders, source networks,
-- messages a day), the messages each one sent per UTC day, and the networks each one was used from.
ALTER TABLE app_passwords ADD COLUMN send_as TEXT NULL;
ALTER TABLE app_passwords ADD COLUMN allow_from TEXT NULL;
ALTER TABLE app_passwords ADD COLUMN max_messages_per_day INTEGER NULL;

CREATE TABLE send_counts (
    app_password_id TEXT NOT NULL REFERENCES app_passwords(id) ON DELETE CASCADE,
    day INTEGER NOT NULL,
    messages INTEGER NOT NULL,
    PRIMARY KEY (app_password_id, day)
);

CREATE TABLE app_password_sources (
    app_password_id TEXT NOT NULL REFERENCES app_passwords(id) ON DELETE CASCADE,
    network TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL,
    PRIMARY KEY (app_password_id, network)
);
