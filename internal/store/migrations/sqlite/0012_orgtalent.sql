-- Organisation coverage of private enterprises (非公企业党建) and talent
-- programmes (人才工程). Coverage on a day is computed from memberships,
-- never stored; the org.* rollups are spans of its stocks.

-- The zone's survey of an enterprise: employees and full party members.
CREATE TABLE org_profiles (
    enterprise_id INTEGER PRIMARY KEY REFERENCES enterprises (id),
    zone_id       INTEGER NOT NULL REFERENCES areas (id),
    employees     INTEGER NOT NULL CHECK (employees >= 0),
    members       INTEGER NOT NULL CHECK (members >= 0),
    surveyed_on   TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL
);
CREATE INDEX org_profiles_zone ON org_profiles (zone_id, enterprise_id);

CREATE TABLE org_organisations (
    id               INTEGER PRIMARY KEY,
    zone_id          INTEGER NOT NULL REFERENCES areas (id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,           -- committee, general_branch, branch, joint_branch, temporary
    mode             TEXT NOT NULL,           -- single (单建), joint (联建), sent (派建)
    secretary        TEXT NOT NULL DEFAULT '',
    instructor       TEXT NOT NULL DEFAULT '',
    founded_on       TEXT NOT NULL,
    term_years       INTEGER NOT NULL,
    next_election_on TEXT NOT NULL,           -- the latest election (or founding) + term
    dissolved_on     TEXT,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX org_organisations_zone ON org_organisations (zone_id, id);
CREATE INDEX org_organisations_election ON org_organisations (zone_id, next_election_on);

-- Elections held after founding (换届).
CREATE TABLE org_elections (
    id      INTEGER PRIMARY KEY,
    org_id  INTEGER NOT NULL REFERENCES org_organisations (id),
    held_on TEXT NOT NULL,
    UNIQUE (org_id, held_on)
);

-- Which organisation covers an enterprise, from when until when (until_on:
-- the first day no longer covered). One at a time: the partial index.
CREATE TABLE org_members (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES org_organisations (id),
    zone_id       INTEGER NOT NULL REFERENCES areas (id),
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    mode          TEXT NOT NULL,
    from_on       TEXT NOT NULL,
    until_on      TEXT
);
CREATE UNIQUE INDEX org_members_current ON org_members (enterprise_id) WHERE until_on IS NULL;
CREATE INDEX org_members_org ON org_members (org_id, enterprise_id);
CREATE INDEX org_members_zone ON org_members (zone_id, enterprise_id);

CREATE TABLE org_honours (
    id      INTEGER PRIMARY KEY,
    org_id  INTEGER NOT NULL REFERENCES org_organisations (id),
    zone_id INTEGER NOT NULL REFERENCES areas (id),
    name    TEXT NOT NULL,
    level   TEXT NOT NULL,
    issuer  TEXT NOT NULL,
    year    INTEGER NOT NULL
);
CREATE INDEX org_honours_org ON org_honours (org_id);
CREATE INDEX org_honours_zone ON org_honours (zone_id, level);

CREATE TABLE org_chains (
    id             INTEGER PRIMARY KEY,
    zone_id        INTEGER NOT NULL REFERENCES areas (id),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    level          TEXT NOT NULL,             -- national, province, city
    body           TEXT NOT NULL DEFAULT '',  -- committee (产业链党委), alliance (党建联盟), '' none
    body_name      TEXT NOT NULL DEFAULT '',
    body_formed_on TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    UNIQUE (zone_id, code)
);

-- An enterprise belongs to one chain.
CREATE TABLE org_chain_members (
    enterprise_id INTEGER PRIMARY KEY REFERENCES enterprises (id),
    chain_id      INTEGER NOT NULL REFERENCES org_chains (id),
    zone_id       INTEGER NOT NULL REFERENCES areas (id)
);
CREATE INDEX org_chain_members_chain ON org_chain_members (chain_id);

CREATE TABLE org_online_branches (
    id         INTEGER PRIMARY KEY,
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    org_id     INTEGER NOT NULL REFERENCES org_organisations (id),
    name       TEXT NOT NULL,
    platform   TEXT NOT NULL,
    open       INTEGER NOT NULL,
    opened_on  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX org_online_branches_zone ON org_online_branches (zone_id, id);

CREATE TABLE talent_programmes (
    id          INTEGER PRIMARY KEY,
    zone_id     INTEGER NOT NULL REFERENCES areas (id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    category    TEXT NOT NULL,
    category_en TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (zone_id, code)
);

CREATE TABLE talent_tiers (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES talent_programmes (id),
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    max_support_fen INTEGER NOT NULL DEFAULT 0,
    period_years    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (programme_id, code)
);

CREATE TABLE talent_calls (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES talent_programmes (id),
    zone_id      INTEGER NOT NULL REFERENCES areas (id),
    year         INTEGER NOT NULL,
    title        TEXT NOT NULL,
    opens_on     TEXT NOT NULL,
    closes_on    TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX talent_calls_programme ON talent_calls (programme_id, year);

-- Applicants are people: id_number is stored whole and shown masked.
CREATE TABLE talent_applicants (
    id            INTEGER PRIMARY KEY,
    call_id       INTEGER NOT NULL REFERENCES talent_calls (id),
    programme_id  INTEGER NOT NULL REFERENCES talent_programmes (id),
    zone_id       INTEGER NOT NULL REFERENCES areas (id),
    tier_id       INTEGER NOT NULL REFERENCES talent_tiers (id),
    name          TEXT NOT NULL,
    id_number     TEXT NOT NULL,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    chain_id      INTEGER REFERENCES org_chains (id),
    applied_on    TEXT NOT NULL,
    status        TEXT NOT NULL,
    result        TEXT NOT NULL DEFAULT '',
    decided_on    TEXT,
    support_fen   INTEGER NOT NULL DEFAULT 0,
    support_from  TEXT,
    support_until TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX talent_applicants_call ON talent_applicants (call_id, id);
CREATE INDEX talent_applicants_person ON talent_applicants (programme_id, id_number);
CREATE INDEX talent_applicants_enterprise ON talent_applicants (zone_id, enterprise_id);
