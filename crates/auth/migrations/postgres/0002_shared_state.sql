-- Login limits counted in the database, so that every replica sees every failure.
CREATE TABLE login_attempts (
    key          TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    attempts     BIGINT NOT NULL
);
CREATE INDEX login_attempts_by_window ON login_attempts (window_start);

-- The audit trail's hash chain: one entry per write (a record begun, a record completed), each
-- hashing its content and the previous entry's hash. Never updated, never deleted.
CREATE TABLE audit_chain (
    seq       BIGINT PRIMARY KEY,
    record_id BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    content   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_chain_by_record ON audit_chain (record_id, seq);
