-- Technology-contract registry (技术合同认定登记): registration points, the
-- contracts with their seller snapshot, deduction and payment lines, the
-- workflow history, attachments (bytes in the database, so every app node
-- sees them) and the serial counters registration numbers are drawn from.
CREATE TABLE registration_points (
    id          INTEGER PRIMARY KEY,
    zone_id     INTEGER NOT NULL UNIQUE REFERENCES areas (id), -- one point per zone
    code        TEXT NOT NULL,          -- the point segment of the number, digits
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL,          -- GB/T 2260, gives province and prefecture
    created_at  TEXT NOT NULL
);

CREATE TABLE contracts (
    id                  INTEGER PRIMARY KEY,
    zone_id             INTEGER NOT NULL REFERENCES areas (id),
    seller_id           INTEGER NOT NULL REFERENCES enterprises (id),
    -- The seller as it stood when the contract was created.
    seller_name         TEXT NOT NULL,
    seller_uscc         TEXT NOT NULL,
    seller_nature       TEXT NOT NULL,
    seller_region       TEXT NOT NULL,
    seller_country      TEXT NOT NULL DEFAULT 'CN',
    name                TEXT NOT NULL,
    type                TEXT NOT NULL,
    licence_subtype     TEXT NOT NULL DEFAULT '',
    signed_on           TEXT NOT NULL,
    valid_from          TEXT NOT NULL,
    valid_to            TEXT NOT NULL,
    field               TEXT NOT NULL,
    ip_type             TEXT NOT NULL,
    programme_level     TEXT NOT NULL,
    buyer_name          TEXT NOT NULL,
    buyer_uscc          TEXT NOT NULL DEFAULT '',
    buyer_nature        TEXT NOT NULL,
    buyer_region        TEXT NOT NULL DEFAULT '',
    buyer_country       TEXT NOT NULL DEFAULT 'CN',
    contract_amount_fen INTEGER NOT NULL CHECK (contract_amount_fen >= 0),
    tech_amount_fen     INTEGER NOT NULL CHECK (tech_amount_fen >= 0),
    tech_amount_fixed   INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL,
    rule_set            TEXT NOT NULL DEFAULT '',
    accepted_on         TEXT,
    deadline            TEXT,
    disputed            INTEGER NOT NULL DEFAULT 0,
    return_reason       TEXT NOT NULL DEFAULT '',
    reg_no              TEXT UNIQUE,
    certified_on        TEXT,
    registered_by       INTEGER REFERENCES users (id),
    point_id            INTEGER REFERENCES registration_points (id),
    refusal_code        TEXT NOT NULL DEFAULT '',
    refusal_reason      TEXT NOT NULL DEFAULT '',
    refused_on          TEXT,
    amendments          INTEGER NOT NULL DEFAULT 0,
    amended_on          TEXT,
    amend_reason        TEXT NOT NULL DEFAULT '',
    cancelled_on        TEXT,
    cancel_reason       TEXT NOT NULL DEFAULT '',
    dup_key             TEXT NOT NULL,  -- contract.DuplicateKey
    version             INTEGER NOT NULL DEFAULT 1,
    created_by          INTEGER REFERENCES users (id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
-- A second submission of one contract is refused: only statuses where
-- contract.HoldsDuplicateKey is true hold the key.
CREATE UNIQUE INDEX contracts_dup ON contracts (dup_key)
    WHERE status IN ('submitted', 'returned', 'under_review', 'second_review', 'registered');
-- The registrar's queue: a zone's pending contracts by deadline.
CREATE INDEX contracts_queue ON contracts (zone_id, status, deadline, id);
-- Keyset lists: newest first per zone, or by certificate date per zone,
-- nationally, by status, type, field and seller.
CREATE INDEX contracts_zone ON contracts (zone_id, id);
CREATE INDEX contracts_zone_cert ON contracts (zone_id, certified_on, id);
CREATE INDEX contracts_cert ON contracts (certified_on, id);
CREATE INDEX contracts_status ON contracts (status, certified_on, id);
CREATE INDEX contracts_type ON contracts (type, certified_on, id);
CREATE INDEX contracts_field ON contracts (field, certified_on, id);
CREATE INDEX contracts_seller ON contracts (seller_id, certified_on, id);

CREATE TABLE contract_deductions (
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    line        INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    PRIMARY KEY (contract_id, line)
) WITHOUT ROWID;

CREATE TABLE contract_payments (
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    line        INTEGER NOT NULL,
    paid_on     TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (contract_id, line)
) WITHOUT ROWID;

-- The workflow history: who did what, when, from which status to which, why.
CREATE TABLE contract_events (
    id           INTEGER PRIMARY KEY,
    contract_id  INTEGER NOT NULL REFERENCES contracts (id),
    zone_id      INTEGER NOT NULL REFERENCES areas (id),
    event        TEXT NOT NULL,
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    actor_name   TEXT NOT NULL,
    role         TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    refusal_code TEXT NOT NULL DEFAULT '',
    reg_no       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contract_events_contract ON contract_events (contract_id, id);

CREATE TABLE contract_attachments (
    id           INTEGER PRIMARY KEY,
    contract_id  INTEGER NOT NULL REFERENCES contracts (id),
    zone_id      INTEGER NOT NULL REFERENCES areas (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER,
    uploader     TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX contract_attachments_contract ON contract_attachments (contract_id, id);

-- File bytes apart from their metadata, so listing attachments never reads them.
CREATE TABLE contract_attachment_data (
    attachment_id INTEGER PRIMARY KEY REFERENCES contract_attachments (id),
    data          BLOB NOT NULL
);

-- Registration serials: one row per counter scope (rule set, year, region,
-- point), incremented in the registering transaction, so a rollback leaves
-- no gap and two app nodes queue on the row.
CREATE TABLE contract_serials (
    scope       TEXT PRIMARY KEY,
    last_serial INTEGER NOT NULL
);
