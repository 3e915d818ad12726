-- Dimension keys ("type=DEV_ENTRUSTED", "field=03") are codes: order them by
-- their bytes, as SQLite does, so that a breakdown reads its dimension's
-- keys as one range of the primary key ("type=" ≤ dim < "type>") instead
-- of every key of the indicator. A database created with a linguistic
-- collation would otherwise compare them by language rules.
ALTER TABLE rollups ALTER COLUMN dim TYPE TEXT COLLATE "C";
