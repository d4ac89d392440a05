-- Postern store, PostgreSQL: limits an app password carries beyond its scopes (senders, source
-- networks, messages a day), the messages each one sent per UTC day (shared by every gateway), and
-- the networks each one was used from. Neither count nor source notifies the gateways: they decide
-- no login and end no session.
ALTER TABLE app_passwords ADD COLUMN send_as TEXT NULL;
ALTER TABLE app_passwords ADD COLUMN allow_from TEXT NULL;
ALTER TABLE app_passwords ADD COLUMN max_messages_per_day INTEGER NULL;

CREATE TABLE send_counts (
    app_password_id TEXT NOT NULL REFERENCES app_passwords(id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    messages BIGINT NOT NULL,
    PRIMARY KEY (app_password_id, day)
);

CREATE TABLE app_password_sources (
    app_password_id TEXT NOT NULL REFERENCES app_passwords(id) ON DELETE CASCADE,
    network TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    PRIMARY KEY (app_password_id, network)
);
