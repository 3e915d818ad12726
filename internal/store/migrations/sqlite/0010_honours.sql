-- Enterprise honours (荣誉资质): programmes, the batches (notices) a zone
-- records with its enterprises on them, the titles those batches start and
-- end, and the zone's cultivation of candidates. "Held on a date" is never
-- stored: it is computed from titles, and the honour.held rollups are the
-- changes of that count.
CREATE TABLE honour_programmes (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    level       TEXT NOT NULL,           -- national, province, city
    region_code TEXT NOT NULL DEFAULT '', -- of a province or city programme
    kind        TEXT NOT NULL,
    term_years  INTEGER NOT NULL CHECK (term_years >= 0),
    prior_code  TEXT NOT NULL DEFAULT '',
    prior_years INTEGER NOT NULL DEFAULT 0,
    prior_since TEXT,
    keep_prior  INTEGER NOT NULL DEFAULT 0,
    quota       INTEGER NOT NULL DEFAULT 0,
    since       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE honour_batches (
    id              INTEGER PRIMARY KEY,
    zone_id         INTEGER NOT NULL REFERENCES areas (id),
    title           TEXT NOT NULL,
    number          TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    published_on    TEXT NOT NULL,
    effective_on    TEXT NOT NULL,
    warnings_json   TEXT NOT NULL DEFAULT '[]', -- JSON: findings that did not refuse it
    created_by      INTEGER REFERENCES users (id),
    created_by_name TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX honour_batches_zone ON honour_batches (zone_id, published_on);

CREATE TABLE honour_entries (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES honour_batches (id),
    zone_id         INTEGER NOT NULL REFERENCES areas (id),
    row_no          INTEGER NOT NULL,
    programme_id    INTEGER NOT NULL REFERENCES honour_programmes (id),
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises (id),
    uscc            TEXT NOT NULL,
    enterprise_name TEXT NOT NULL,
    result          TEXT NOT NULL,
    UNIQUE (batch_id, enterprise_id, programme_id)
);
CREATE INDEX honour_entries_enterprise ON honour_entries (enterprise_id);

CREATE TABLE honour_titles (
    id            INTEGER PRIMARY KEY,
    zone_id       INTEGER NOT NULL REFERENCES areas (id),
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    programme_id  INTEGER NOT NULL REFERENCES honour_programmes (id),
    batch_id      INTEGER NOT NULL REFERENCES honour_batches (id),
    start_on      TEXT NOT NULL,
    term_end      TEXT,              -- first day after the term; NULL: no term
    ended_on      TEXT,              -- first day no longer held, when ended early
    end_reason    TEXT NOT NULL DEFAULT '',
    end_batch_id  INTEGER REFERENCES honour_batches (id)
);
CREATE INDEX honour_titles_zone ON honour_titles (zone_id, programme_id, start_on);
CREATE INDEX honour_titles_enterprise ON honour_titles (enterprise_id, programme_id, start_on);

CREATE TABLE honour_candidates (
    id            INTEGER PRIMARY KEY,
    zone_id       INTEGER NOT NULL REFERENCES areas (id),
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    programme_id  INTEGER NOT NULL REFERENCES honour_programmes (id),
    target_year   INTEGER NOT NULL,
    stage         TEXT NOT NULL,
    owner         TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    next_step     TEXT NOT NULL DEFAULT '',
    next_on       TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (zone_id, enterprise_id, programme_id, target_year)
);
CREATE INDEX honour_candidates_next ON honour_candidates (zone_id, next_on);

CREATE TABLE honour_activities (
    id              INTEGER PRIMARY KEY,
    candidate_id    INTEGER NOT NULL REFERENCES honour_candidates (id),
    zone_id         INTEGER NOT NULL REFERENCES areas (id),
    kind            TEXT NOT NULL,
    on_date         TEXT NOT NULL,
    people          TEXT NOT NULL DEFAULT '',
    attendees       INTEGER NOT NULL DEFAULT 0 CHECK (attendees >= 0),
    notes           TEXT NOT NULL DEFAULT '',
    next_step       TEXT NOT NULL DEFAULT '',
    next_on         TEXT,
    created_by      INTEGER REFERENCES users (id),
    created_by_name TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX honour_activities_candidate ON honour_activities (candidate_id, on_date);
