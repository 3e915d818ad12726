-- The rollups' primary key also holds value (INCLUDE), so that every read
-- of one zone's rows — a dashboard's prefetch, a figure, a breakdown, a
-- ranking's latest stock per zone — is an index-only range scan of that
-- key. Without it a prepared statement's generic plan (which PostgreSQL
-- switches to after five executions) preferred the covering
-- rollups_ranking index, whose zone_id comes after the month, and read
-- every zone's rows of the indicator in the months asked: 1–2 ms instead
-- of 0.05 ms for the largest zone at 5 million contracts.
-- contract: swaps rollups_pkey for one over the same columns that also includes value. A node on the previous binary keeps working while and after it runs: its upserts name ON CONFLICT (zone_id, indicator, dim, ym), which the new key answers, and nothing names the index itself.
-- On a large database build the index beforehand without blocking writes
-- (docs/operations.md, Upgrades): CREATE UNIQUE INDEX CONCURRENTLY
-- rollups_cover ON rollups (zone_id, indicator, dim, ym) INCLUDE (value);
-- the step then only swaps the keys.
CREATE UNIQUE INDEX IF NOT EXISTS rollups_cover ON rollups (zone_id, indicator, dim, ym) INCLUDE (value);
ALTER TABLE rollups DROP CONSTRAINT rollups_pkey, ADD CONSTRAINT rollups_pkey PRIMARY KEY USING INDEX rollups_cover;
