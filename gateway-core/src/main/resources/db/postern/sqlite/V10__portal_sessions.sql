-- Postern store, SQLite: the portal's sign-ins under way and signed-in sessions, shared by every gateway
-- of the store. Only the SHA-256 of each cookie's id is kept, so a copy of the store opens no session.
CREATE TABLE portal_sign_ins (
    id_hash TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    purpose TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE portal_sessions (
    id_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    auth_time INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

CREATE INDEX portal_sessions_user ON portal_sessions(user_name);
