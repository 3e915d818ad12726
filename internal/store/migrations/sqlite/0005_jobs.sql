-- Background jobs (internal/jobs) with their progress, so every app node
-- shows the same state, and the files they leave behind (an import's error
-- report), kept in the database in chunks so any node can serve them.
CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,              -- e.g. contract_import
    zone_id         INTEGER REFERENCES areas (id),
    created_by      INTEGER REFERENCES users (id),
    created_by_name TEXT NOT NULL,
    status          TEXT NOT NULL,              -- queued, running, done, failed
    done            INTEGER NOT NULL DEFAULT 0, -- progress: units done of total
    total           INTEGER NOT NULL DEFAULT 0,
    stage           TEXT NOT NULL DEFAULT '',   -- catalog key of the current step
    file_name       TEXT NOT NULL DEFAULT '',   -- the input, as the user named it
    file_sha256     TEXT NOT NULL DEFAULT '',
    params_json     TEXT NOT NULL DEFAULT '{}',
    result_json     TEXT,
    error_json      TEXT,                       -- the failure as a catalog message
    report_name     TEXT NOT NULL DEFAULT '',   -- the file in job_files, if any
    report_type     TEXT NOT NULL DEFAULT '',
    report_size     INTEGER NOT NULL DEFAULT 0,
    node            TEXT NOT NULL DEFAULT '',   -- the app node running it
    created_at      TEXT NOT NULL,
    started_at      TEXT,
    finished_at     TEXT,
    heartbeat_at    TEXT NOT NULL               -- refreshed while the node works on it
);
CREATE INDEX jobs_zone ON jobs (zone_id, id);
CREATE INDEX jobs_open ON jobs (status, heartbeat_at);

CREATE TABLE job_files (
    job_id INTEGER NOT NULL REFERENCES jobs (id),
    part   INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (job_id, part)
) WITHOUT ROWID;

-- Staging of a contract import: the checked rows of a job, written in short
-- transactions while the file is read (so the one SQLite writer is never held
-- for the whole file), then copied into contracts, contract_deductions and
-- contract_events in one transaction — or dropped when the file is refused.
-- The row columns are those of contracts (without id); contract_id is an id
-- reserved beforehand (PostgreSQL) or NULL, meaning MAX(id) + seq at commit
-- (SQLite, whose one writer makes that safe).
CREATE TABLE contract_import_rows (
    job_id              INTEGER NOT NULL,
    seq                 INTEGER NOT NULL,
    row_num             INTEGER NOT NULL,       -- the spreadsheet row
    contract_id         INTEGER,
    zone_id             INTEGER NOT NULL,
    seller_id           INTEGER NOT NULL,
    seller_name         TEXT NOT NULL,
    seller_uscc         TEXT NOT NULL,
    seller_nature       TEXT NOT NULL,
    seller_region       TEXT NOT NULL,
    seller_country      TEXT NOT NULL,
    name                TEXT NOT NULL,
    type                TEXT NOT NULL,
    licence_subtype     TEXT NOT NULL,
    signed_on           TEXT NOT NULL,
    valid_from          TEXT NOT NULL,
    valid_to            TEXT NOT NULL,
    field               TEXT NOT NULL,
    ip_type             TEXT NOT NULL,
    programme_level     TEXT NOT NULL,
    buyer_name          TEXT NOT NULL,
    buyer_uscc          TEXT NOT NULL,
    buyer_nature        TEXT NOT NULL,
    buyer_region        TEXT NOT NULL,
    buyer_country       TEXT NOT NULL,
    contract_amount_fen INTEGER NOT NULL,
    tech_amount_fen     INTEGER NOT NULL,
    tech_amount_fixed   INTEGER NOT NULL,
    status              TEXT NOT NULL,
    rule_set            TEXT NOT NULL,
    accepted_on         TEXT,
    deadline            TEXT,
    disputed            INTEGER NOT NULL,
    return_reason       TEXT NOT NULL,
    reg_no              TEXT,
    certified_on        TEXT,
    registered_by       INTEGER,
    point_id            INTEGER,
    refusal_code        TEXT NOT NULL,
    refusal_reason      TEXT NOT NULL,
    refused_on          TEXT,
    amendments          INTEGER NOT NULL,
    amended_on          TEXT,
    amend_reason        TEXT NOT NULL,
    cancelled_on        TEXT,
    cancel_reason       TEXT NOT NULL,
    dup_key             TEXT NOT NULL,
    version             INTEGER NOT NULL,
    created_by          INTEGER,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
);

CREATE TABLE contract_import_deductions (
    job_id      INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    contract_id INTEGER,
    kind        TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    PRIMARY KEY (job_id, seq, line)
) WITHOUT ROWID;

CREATE TABLE contract_import_events (
    job_id       INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    contract_id  INTEGER,
    zone_id      INTEGER NOT NULL,
    event        TEXT NOT NULL,
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    actor_name   TEXT NOT NULL,
    role         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    refusal_code TEXT NOT NULL,
    reg_no       TEXT NOT NULL,
    PRIMARY KEY (job_id, seq, n)
) WITHOUT ROWID;
