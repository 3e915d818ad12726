-- Foundation: regions, areas (zones and counties), parks, enterprises, users,
-- sessions, API tokens, rate limits, audit log, meta.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,            -- GB/T 2260, 6 digits
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'city')),
    parent_code TEXT REFERENCES regions (code)
);

CREATE TABLE areas (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('zone', 'county')),
    level         TEXT NOT NULL DEFAULT '',  -- national / provincial for zones
    gb_code       TEXT NOT NULL DEFAULT '',  -- GB/T 2260 where the area has one
    city_code     TEXT NOT NULL REFERENCES regions (code),
    province_code TEXT NOT NULL REFERENCES regions (code),
    created_at    TEXT NOT NULL
);
CREATE INDEX areas_city ON areas (city_code);
CREATE INDEX areas_province ON areas (province_code);

CREATE TABLE parks (
    id         INTEGER PRIMARY KEY,
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (zone_id, name)
);

CREATE TABLE enterprises (
    id               INTEGER PRIMARY KEY,
    uscc             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    zone_id          INTEGER NOT NULL REFERENCES areas (id),
    park_id          INTEGER REFERENCES parks (id),
    nature           TEXT NOT NULL,
    industry         TEXT NOT NULL,
    reg_capital_fen  INTEGER NOT NULL DEFAULT 0,
    paid_capital_fen INTEGER NOT NULL DEFAULT 0,
    founded_on       TEXT,
    listing          TEXT NOT NULL DEFAULT 'none',
    contact_name     TEXT NOT NULL DEFAULT '',
    contact_phone    TEXT NOT NULL DEFAULT '',
    contact_email    TEXT NOT NULL DEFAULT '',
    settled_on       TEXT,
    pledge_signed    INTEGER NOT NULL DEFAULT 0,
    pledge_on        TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX enterprises_zone_name ON enterprises (zone_id, name, id);
CREATE INDEX enterprises_name ON enterprises (name, id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    region_code   TEXT NOT NULL DEFAULT '',
    zone_id       INTEGER REFERENCES areas (id),
    enterprise_id INTEGER REFERENCES enterprises (id),
    lang          TEXT NOT NULL DEFAULT 'zh-CN',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX users_zone ON users (zone_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    count        INTEGER NOT NULL
);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,        -- gapless, assigned under the audit lock
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    zone_id     INTEGER,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id, seq);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
