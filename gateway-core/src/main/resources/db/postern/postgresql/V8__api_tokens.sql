-- Postern store, PostgreSQL: bearer tokens of the admin REST API (postern api-tokens create). Only the
-- SHA-256 of each token is kept: a token carries 256 random bits, so no slow hash is needed.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NULL,
    last_used_ip TEXT NULL,
    revoked_at BIGINT NULL
);

CREATE UNIQUE INDEX api_tokens_active_label ON api_tokens(label) WHERE revoked_at IS NULL;
