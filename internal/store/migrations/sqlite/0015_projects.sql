-- Files kept with records. The contract attachments of 0003 become the
-- one store every module's files go to: metadata in attachments (owner kind
-- and id, so a record's files list without reading bytes), bytes in
-- attachment_data. Ids are kept, so links to a contract's files still work.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    owner        TEXT NOT NULL,          -- contract, project
    owner_id     INTEGER NOT NULL,
    zone_id      INTEGER NOT NULL REFERENCES areas (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER,
    uploader     TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner, owner_id, id);

CREATE TABLE attachment_data (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments (id),
    data          BLOB NOT NULL
);

INSERT INTO attachments (id, owner, owner_id, zone_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploader, uploaded_at)
    SELECT id, 'contract', contract_id, zone_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploader, uploaded_at
    FROM contract_attachments;
INSERT INTO attachment_data (attachment_id, data) SELECT attachment_id, data FROM contract_attachment_data;
DROP TABLE contract_attachment_data;
DROP TABLE contract_attachments;

-- Construction projects (重点项目): the card, its plans (a re-baselined plan
-- is a new version; the old ones stay), scope items, parties, construction
-- methods, investment reports by month or 旬, milestones, problems,
-- inspections with their findings, and awards. Days ahead or behind, the
-- status and cumulative investment are worked out from these, never typed.
CREATE TABLE projects (
    id             INTEGER PRIMARY KEY,
    zone_id        INTEGER NOT NULL REFERENCES areas (id),
    park_id        INTEGER REFERENCES parks (id),
    builder_id     INTEGER NOT NULL REFERENCES enterprises (id),
    name           TEXT NOT NULL,
    category       TEXT NOT NULL,          -- municipal, industry, public_service, other
    level          TEXT NOT NULL,          -- province, city, district
    status         TEXT NOT NULL,          -- prep, building, completed, opened, suspended (from the dates)
    cadence        TEXT NOT NULL,          -- month, xun: how its investment is reported
    total_fen      INTEGER NOT NULL CHECK (total_fen > 0),
    plan_version   INTEGER NOT NULL,       -- the plan in force (project_plans)
    planned_start  TEXT NOT NULL,
    planned_finish TEXT NOT NULL,
    started_on     TEXT,
    finished_on    TEXT,
    opened_on      TEXT,
    suspended_on   TEXT,
    recorded_on    TEXT NOT NULL,          -- since when the zone counts it
    responsible    TEXT NOT NULL DEFAULT '',
    summary        TEXT NOT NULL DEFAULT '',
    completed_fen  INTEGER NOT NULL DEFAULT 0, -- sum of its reports, kept with them
    progress_pct   INTEGER NOT NULL DEFAULT 0, -- latest stated 形象进度, 0 when none
    version        INTEGER NOT NULL DEFAULT 1,
    created_by     INTEGER REFERENCES users (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (zone_id, name)
);
CREATE INDEX projects_zone ON projects (zone_id, id);
CREATE INDEX projects_zone_status ON projects (zone_id, status, id);
CREATE INDEX projects_builder ON projects (builder_id, id);

CREATE TABLE project_plans (
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    version     INTEGER NOT NULL,
    start_on    TEXT NOT NULL,
    finish_on   TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    set_on      TEXT NOT NULL,
    set_by      TEXT NOT NULL,
    PRIMARY KEY (project_id, version)
);

CREATE TABLE project_items (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects (id),
    row_no         INTEGER NOT NULL,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,          -- road, park, bridge, pipeline, building, other
    length_m       INTEGER NOT NULL DEFAULT 0,
    area_m2        INTEGER NOT NULL DEFAULT 0,
    investment_fen INTEGER NOT NULL DEFAULT 0,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_items_project ON project_items (project_id, row_no);

CREATE TABLE project_parties (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    row_no     INTEGER NOT NULL,
    role       TEXT NOT NULL,              -- contractor, supervisor, designer
    name       TEXT NOT NULL
);
CREATE INDEX project_parties_project ON project_parties (project_id, row_no);

CREATE TABLE project_methods (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    row_no     INTEGER NOT NULL,
    name       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_methods_project ON project_methods (project_id, row_no);

CREATE TABLE project_reports (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects (id),
    zone_id       INTEGER NOT NULL REFERENCES areas (id),
    period        TEXT NOT NULL,           -- YYYY-MM or YYYY-MM-1|2|3 (旬)
    ym            INTEGER NOT NULL,        -- the period's month, YYYYMM
    planned_fen   INTEGER NOT NULL DEFAULT 0 CHECK (planned_fen >= 0),
    completed_fen INTEGER NOT NULL DEFAULT 0 CHECK (completed_fen >= 0),
    progress_pct  INTEGER NOT NULL DEFAULT 0,
    progress_text TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    reported_on   TEXT NOT NULL,
    reporter      TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (project_id, period)
);
CREATE INDEX project_reports_zone ON project_reports (zone_id, ym);

CREATE TABLE project_milestones (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    name       TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    unit       TEXT NOT NULL DEFAULT '',   -- responsible unit
    done_on    TEXT,
    note       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX project_milestones_project ON project_milestones (project_id, due_on);
CREATE INDEX project_milestones_zone ON project_milestones (zone_id, due_on);

CREATE TABLE project_problems (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    zone_id     INTEGER NOT NULL REFERENCES areas (id),
    issue       TEXT NOT NULL,
    raised_on   TEXT NOT NULL,
    owner       TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    resolution  TEXT NOT NULL DEFAULT '',
    resolved_on TEXT,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX project_problems_project ON project_problems (project_id, raised_on);
CREATE INDEX project_problems_zone ON project_problems (zone_id, resolved_on);

CREATE TABLE project_inspections (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    kind       TEXT NOT NULL,              -- quality, safety, progress, civilised
    on_date    TEXT NOT NULL,
    inspector  TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_inspections_project ON project_inspections (project_id, on_date);

CREATE TABLE project_findings (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES project_inspections (id),
    project_id    INTEGER NOT NULL REFERENCES projects (id),
    row_no        INTEGER NOT NULL,
    finding       TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    closed_on     TEXT,
    closure       TEXT NOT NULL DEFAULT '',
    UNIQUE (inspection_id, row_no)
);

CREATE TABLE project_awards (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    zone_id    INTEGER NOT NULL REFERENCES areas (id),
    name       TEXT NOT NULL,
    level      TEXT NOT NULL,              -- national, province, city, industry
    issuer     TEXT NOT NULL,
    year       INTEGER NOT NULL,
    awarded_on TEXT
);
CREATE INDEX project_awards_project ON project_awards (project_id, year);
