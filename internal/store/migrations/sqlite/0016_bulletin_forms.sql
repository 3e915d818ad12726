-- Bulletins edited as text: a template saved from the sentence form keeps
-- the form (JSON, '' when it was written as code), and zones enter a
-- paragraph of their work per period and module that the item includes.
ALTER TABLE bulletin_templates ADD COLUMN form_json TEXT NOT NULL DEFAULT '';

CREATE TABLE bulletin_work_notes (
    id            INTEGER PRIMARY KEY,
    zone_id       INTEGER NOT NULL REFERENCES areas (id),
    module        TEXT NOT NULL,
    from_ym       INTEGER NOT NULL,
    to_ym         INTEGER NOT NULL,
    body          TEXT NOT NULL,
    saved_by      INTEGER REFERENCES users (id),
    saved_by_name TEXT NOT NULL,
    saved_at      TEXT NOT NULL,
    UNIQUE (zone_id, module, from_ym, to_ym)
);

CREATE INDEX bulletins_period ON bulletins (zone_id, from_ym, to_ym, id);
