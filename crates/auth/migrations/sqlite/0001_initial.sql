-- Sessions, the audit trail and the service's own secrets. IF NOT EXISTS: a database made before
-- versioned migrations already holds these tables (see db/migrate.rs).
CREATE TABLE IF NOT EXISTS sessions (
    key_hash   TEXT PRIMARY KEY,
    state      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);

CREATE TABLE IF NOT EXISTS audit (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at        INTEGER NOT NULL,
    agent              TEXT NOT NULL,
    auth_method        TEXT NOT NULL,
    action             TEXT NOT NULL,
    target_user        TEXT,
    target_device      TEXT,
    reason             TEXT,
    outcome            TEXT NOT NULL,
    detail             TEXT,
    request_id         TEXT,
    client_ip          TEXT,
    target_application TEXT
);
CREATE INDEX IF NOT EXISTS audit_by_agent ON audit (agent, id);
CREATE INDEX IF NOT EXISTS audit_by_user ON audit (target_user, id);

CREATE TABLE IF NOT EXISTS secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
