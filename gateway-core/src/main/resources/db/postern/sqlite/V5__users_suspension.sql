-- Postern store, SQLite: users' suspension.
ALTER TABLE users ADD COLUMN suspended_at INTEGER NULL;
