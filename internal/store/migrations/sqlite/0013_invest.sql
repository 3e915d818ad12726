-- Investment attraction (招商引资): a zone's pipeline of projects with their
-- stage steps (approvals included), funds arrived and follow-ups; outbound
-- trips and inbound inspection visits with the projects they touched; the
-- guiding funds and venture firms the zone works with and their portfolio.
CREATE TABLE invest_projects (
    id                 INTEGER PRIMARY KEY,
    zone_id            INTEGER NOT NULL REFERENCES areas (id),
    name               TEXT NOT NULL,
    investor           TEXT NOT NULL,
    investor_uscc      TEXT NOT NULL DEFAULT '',
    origin             TEXT NOT NULL,
    investor_listing   TEXT NOT NULL DEFAULT 'none',
    investor_honours   TEXT NOT NULL DEFAULT '',
    industry           TEXT NOT NULL,
    mode               TEXT NOT NULL,
    planned_fen        INTEGER NOT NULL CHECK (planned_fen >= 0),
    park               TEXT NOT NULL DEFAULT '',
    owner              TEXT NOT NULL DEFAULT '',
    agreement          TEXT NOT NULL DEFAULT '',
    facts              TEXT NOT NULL DEFAULT '',
    stage              TEXT NOT NULL,
    stage_on           TEXT NOT NULL,
    start_due          TEXT,              -- agreed start of construction
    terminated_reason  TEXT NOT NULL DEFAULT '',
    enterprise_id      INTEGER REFERENCES enterprises (id), -- the company registered
    registered_on      TEXT,
    registered_fen     INTEGER NOT NULL DEFAULT 0 CHECK (registered_fen >= 0),
    paid_in_fen        INTEGER NOT NULL DEFAULT 0 CHECK (paid_in_fen >= 0 AND paid_in_fen <= registered_fen),
    arrived_fen        INTEGER NOT NULL DEFAULT 0 CHECK (arrived_fen >= 0),
    next_contact_on    TEXT,
    next_contact_owner TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX invest_projects_zone ON invest_projects (zone_id, id);
CREATE INDEX invest_projects_stage ON invest_projects (zone_id, stage, id);

CREATE TABLE invest_steps (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES invest_projects (id),
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    from_stage TEXT NOT NULL DEFAULT '',
    to_stage   TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',  -- the approver's opinion, the reason of 终止
    approval   TEXT NOT NULL DEFAULT '',  -- the level that approved it: zone, city
    by_user    INTEGER REFERENCES users (id),
    by_name    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX invest_steps_project ON invest_steps (project_id, id);

CREATE TABLE invest_arrivals (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES invest_projects (id),
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    on_date    TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    note       TEXT NOT NULL DEFAULT '',
    by_name    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX invest_arrivals_project ON invest_arrivals (project_id, id);

CREATE TABLE invest_followups (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES invest_projects (id),
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    on_date    TEXT NOT NULL,
    notes      TEXT NOT NULL,
    next_on    TEXT,
    owner      TEXT NOT NULL DEFAULT '',
    by_name    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX invest_followups_project ON invest_followups (project_id, on_date);

CREATE TABLE invest_trips (
    id         INTEGER PRIMARY KEY,
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    start_on   TEXT NOT NULL,
    end_on     TEXT NOT NULL,
    province   TEXT NOT NULL,
    city       TEXT NOT NULL DEFAULT '',
    leader     TEXT NOT NULL,
    people     INTEGER NOT NULL CHECK (people > 0),
    firms      TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    by_name    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (end_on >= start_on)
);
CREATE INDEX invest_trips_zone ON invest_trips (zone_id, id);

CREATE TABLE invest_visits (
    id         INTEGER PRIMARY KEY,
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    firm       TEXT NOT NULL,
    start_on   TEXT NOT NULL,
    end_on     TEXT NOT NULL,
    hosts      TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    by_name    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (end_on >= start_on)
);
CREATE INDEX invest_visits_zone ON invest_visits (zone_id, id);

-- The projects a trip (kind 'trip') or visit ('visit') touched.
CREATE TABLE invest_activity_projects (
    kind        TEXT NOT NULL,
    activity_id INTEGER NOT NULL,
    project_id  INTEGER NOT NULL REFERENCES invest_projects (id),
    PRIMARY KEY (kind, activity_id, project_id)
);
CREATE INDEX invest_activity_projects_project ON invest_activity_projects (project_id);

CREATE TABLE invest_funds (
    id            INTEGER PRIMARY KEY,
    zone_id       INTEGER NOT NULL REFERENCES areas (id),
    name          TEXT NOT NULL,
    manager       TEXT NOT NULL,
    manager_uscc  TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL,
    target_fen    INTEGER NOT NULL CHECK (target_fen > 0),
    committed_fen INTEGER NOT NULL DEFAULT 0 CHECK (committed_fen >= 0),
    paid_in_fen   INTEGER NOT NULL DEFAULT 0 CHECK (paid_in_fen >= 0),
    set_up_on     TEXT NOT NULL,
    notes         TEXT NOT NULL DEFAULT '',
    by_name       TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX invest_funds_zone ON invest_funds (zone_id, id);

CREATE TABLE invest_fund_projects (
    fund_id    INTEGER NOT NULL REFERENCES invest_funds (id),
    project_id INTEGER NOT NULL REFERENCES invest_projects (id),
    PRIMARY KEY (fund_id, project_id)
);
CREATE INDEX invest_fund_projects_project ON invest_fund_projects (project_id);
