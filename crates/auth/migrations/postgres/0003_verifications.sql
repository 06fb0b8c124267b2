-- Callers being verified by a push to their device, shared by every replica so that the Token
-- Server is asked once per interval however many agents watch. Kept a day after they expire.
CREATE TABLE verifications (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    device_name   TEXT NOT NULL,
    message       TEXT NOT NULL,
    started_by    TEXT NOT NULL,
    started_ms    BIGINT NOT NULL,
    expires_ms    BIGINT NOT NULL,
    audit_id      BIGINT NOT NULL,
    state         TEXT NOT NULL,
    polled_ms     BIGINT NOT NULL,
    check_failing BIGINT NOT NULL
);
CREATE INDEX verifications_by_expiry ON verifications (expires_ms);
