-- Sign-in limits per (user, source) with back-off: a key's strikes (how
-- often it was locked) and the end of its lock; the sources each user has
-- signed in from, which stay open when the user's other sources are locked.
-- API tokens get an expiry (existing ones: 90 days from their creation) and
-- a scope: mode 'read' or 'write', and the API areas they may use ('' all).
ALTER TABLE rate_limits ADD COLUMN strikes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rate_limits ADD COLUMN locked_until TIMESTAMPTZ;

CREATE TABLE login_sources (
    user_id   BIGINT NOT NULL REFERENCES users (id),
    source    TEXT NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, source)
);

ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE api_tokens ADD COLUMN mode TEXT NOT NULL DEFAULT 'write';
ALTER TABLE api_tokens ADD COLUMN areas TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET expires_at = created_at + INTERVAL '90 days';
