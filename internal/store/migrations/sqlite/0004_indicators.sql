-- Indicators: annual targets cities and provinces set for zones, statistics
-- entered by hand (flows and stocks the platform does not derive), bulletin
-- templates as edited per zone (every version kept, so a saved item names
-- the wording it used) and saved bulletin items with the facts they state.
CREATE TABLE targets (
    id          INTEGER PRIMARY KEY,
    zone_id     INTEGER NOT NULL REFERENCES areas (id),
    indicator   TEXT NOT NULL,
    year        INTEGER NOT NULL,
    value       INTEGER NOT NULL CHECK (value > 0),  -- in the indicator's unit (fen, items, …)
    set_by      INTEGER REFERENCES users (id),
    set_by_name TEXT NOT NULL,
    set_at      TEXT NOT NULL,
    UNIQUE (zone_id, indicator, year)
);

-- One entry per area, indicator and period. A flow's value goes into the
-- rollups at its last month; a stock is entered for one month (from = to).
-- Flows of one area and indicator never overlap (the store refuses it), so
-- the last month is unique too.
CREATE TABLE stat_entries (
    id              INTEGER PRIMARY KEY,
    zone_id         INTEGER NOT NULL REFERENCES areas (id),
    indicator       TEXT NOT NULL,
    from_ym         INTEGER NOT NULL,  -- yyyymm
    to_ym           INTEGER NOT NULL,
    value           INTEGER NOT NULL CHECK (value >= 0),
    entered_by      INTEGER REFERENCES users (id),
    entered_by_name TEXT NOT NULL,
    entered_at      TEXT NOT NULL,
    CHECK (from_ym <= to_ym),
    UNIQUE (zone_id, indicator, to_ym)
);

CREATE TABLE bulletin_templates (
    id            INTEGER PRIMARY KEY,
    zone_id       INTEGER NOT NULL REFERENCES areas (id),
    module        TEXT NOT NULL,
    key           TEXT NOT NULL,
    lang          TEXT NOT NULL,
    version       INTEGER NOT NULL,  -- the defaults are version 1; each edit adds the next
    headline      TEXT NOT NULL,
    body          TEXT NOT NULL,
    saved_by      INTEGER REFERENCES users (id),
    saved_by_name TEXT NOT NULL,
    saved_at      TEXT NOT NULL,
    UNIQUE (zone_id, module, key, lang, version)
);

CREATE TABLE bulletins (
    id               INTEGER PRIMARY KEY,
    zone_id          INTEGER NOT NULL REFERENCES areas (id),
    period           TEXT NOT NULL,     -- indicator.Period text: 2023-01..2023-11
    from_ym          INTEGER NOT NULL,
    to_ym            INTEGER NOT NULL,
    module           TEXT NOT NULL,
    key              TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    issued_on        TEXT NOT NULL,     -- the item's date ("今年" is relative to it)
    headline         TEXT NOT NULL,
    body             TEXT NOT NULL,
    facts_json       TEXT NOT NULL,     -- bulletin.Facts as written from
    saved_by         INTEGER REFERENCES users (id),
    saved_by_name    TEXT NOT NULL,
    saved_at         TEXT NOT NULL
);
CREATE INDEX bulletins_zone ON bulletins (zone_id, id);
