-- PostgreSQL gives rollups.dim byte order here; SQLite's default BINARY
-- collation already is, so a breakdown's key range needs no change.
SELECT 1;
