-- Postern store, PostgreSQL: the users' recent activity, one row per login decided for a known user
-- (accepted or refused), kept for store.activity-retention. Read by the admin API and the portal.
-- Writing it notifies nobody: it decides no login and ends no session.
CREATE TABLE login_activity (
    "user" TEXT NOT NULL,
    at BIGINT NOT NULL,
    protocol TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NULL,
    app_password_id TEXT NULL
);

CREATE INDEX login_activity_user_at ON login_activity("user", at);

CREATE INDEX login_activity_at ON login_activity(at);
