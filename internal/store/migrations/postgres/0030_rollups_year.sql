-- rollups_year: each zone's rollups of a dimension value summed over a
-- calendar year, keyed (zone_id, indicator, year, dim), so that a
-- breakdown of a period within one year (a dashboard's 1–10月) reads one
-- key range of the year's values in dimension order instead of every
-- month of each value's history. The sums are kept in the two parts a
-- rollup sum is read in (value / 2^32 and value % 2^32: hi, lo; see
-- sumCols), n counts the month rows behind them, first_ym and last_ym
-- are the first and last of those months: a value whose months all lie
-- within the period asked is its year's sum; any other is summed from
-- rollups. Rows of dim '' (the totals) are not kept. Statement triggers
-- on rollups keep the table for every writer (this binary, COPY,
-- migrate-data, a node on the previous binary), adding what changed, so
-- concurrent writers' changes add up; the bulk loader sets them aside
-- and fills the table once (store.RollupYearFill).
-- It only adds: a node on the previous binary keeps working, does not read
-- the table, and the triggers keep it for the rows that node writes.
-- On a large database this step reads the rollups once (2.5 million rows
-- at 5 million contracts: seconds).

CREATE TABLE IF NOT EXISTS rollups_year (
    zone_id   BIGINT NOT NULL,
    indicator TEXT NOT NULL,
    year      INTEGER NOT NULL,
    dim       TEXT NOT NULL,
    hi        BIGINT NOT NULL,
    lo        BIGINT NOT NULL,
    n         INTEGER NOT NULL,
    first_ym  INTEGER NOT NULL,
    last_ym   INTEGER NOT NULL,
    PRIMARY KEY (zone_id, indicator, year, dim)
);

-- Each function adds what its statement changed, grouped by year row and
-- in key order, so that concurrent writers lock year rows in the same
-- order and their changes add up: + for rows written, − for rows gone.
CREATE OR REPLACE FUNCTION rollups_year_insert() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO rollups_year AS y (zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym)
        SELECT zone_id, indicator, ym / 100, dim, sum(value / 4294967296), sum(value % 4294967296), count(*), min(ym), max(ym)
        FROM new_rollups WHERE dim <> '' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (zone_id, indicator, year, dim) DO UPDATE SET hi = y.hi + excluded.hi, lo = y.lo + excluded.lo, n = y.n + excluded.n,
            first_ym = LEAST(y.first_ym, excluded.first_ym), last_ym = GREATEST(y.last_ym, excluded.last_ym);
    RETURN NULL;
END
$f$;
CREATE OR REPLACE FUNCTION rollups_year_update() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO rollups_year AS y (zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym)
        SELECT zone_id, indicator, year, dim, sum(hi), sum(lo), sum(n), COALESCE(min(f), 999999), COALESCE(max(l), 0) FROM (
            SELECT zone_id, indicator, ym / 100 AS year, dim, value / 4294967296 AS hi, value % 4294967296 AS lo, 1 AS n, ym AS f, ym AS l
                FROM new_rollups WHERE dim <> ''
            UNION ALL
            SELECT zone_id, indicator, ym / 100, dim, -(value / 4294967296), -(value % 4294967296), -1, NULL, NULL
                FROM old_rollups WHERE dim <> '') d
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (zone_id, indicator, year, dim) DO UPDATE SET hi = y.hi + excluded.hi, lo = y.lo + excluded.lo, n = y.n + excluded.n,
            first_ym = LEAST(y.first_ym, excluded.first_ym), last_ym = GREATEST(y.last_ym, excluded.last_ym);
    -- The year rows that lost their last month go; the others that lost
    -- a month (a row gone, or moved to another key) are bounded again
    -- from what is left.
    DELETE FROM rollups_year y USING (SELECT DISTINCT zone_id, indicator, ym / 100 AS year, dim FROM (
            SELECT zone_id, indicator, dim, ym FROM old_rollups WHERE dim <> ''
            EXCEPT SELECT zone_id, indicator, dim, ym FROM new_rollups) g) k
        WHERE y.zone_id = k.zone_id AND y.indicator = k.indicator AND y.year = k.year AND y.dim = k.dim AND y.n <= 0;
    UPDATE rollups_year y SET first_ym = b.f, last_ym = b.l FROM (
        SELECT k.zone_id, k.indicator, k.year, k.dim, min(r.ym) AS f, max(r.ym) AS l
        FROM (SELECT DISTINCT zone_id, indicator, ym / 100 AS year, dim FROM (
            SELECT zone_id, indicator, dim, ym FROM old_rollups WHERE dim <> ''
            EXCEPT SELECT zone_id, indicator, dim, ym FROM new_rollups) g) k
        JOIN rollups r ON r.zone_id = k.zone_id AND r.indicator = k.indicator AND r.dim = k.dim AND r.ym BETWEEN k.year * 100 AND k.year * 100 + 99
        GROUP BY 1, 2, 3, 4) b
        WHERE y.zone_id = b.zone_id AND y.indicator = b.indicator AND y.year = b.year AND y.dim = b.dim
            AND (y.first_ym <> b.f OR y.last_ym <> b.l);
    RETURN NULL;
END
$f$;
CREATE OR REPLACE FUNCTION rollups_year_delete() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO rollups_year AS y (zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym)
        SELECT zone_id, indicator, ym / 100, dim, -sum(value / 4294967296), -sum(value % 4294967296), -count(*), 999999, 0
        FROM old_rollups WHERE dim <> '' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (zone_id, indicator, year, dim) DO UPDATE SET hi = y.hi + excluded.hi, lo = y.lo + excluded.lo, n = y.n + excluded.n;
    -- The year rows that lost their last month go; the others that lost
    -- a month (a row gone, or moved to another key) are bounded again
    -- from what is left.
    DELETE FROM rollups_year y USING (SELECT DISTINCT zone_id, indicator, ym / 100 AS year, dim FROM old_rollups WHERE dim <> '') k
        WHERE y.zone_id = k.zone_id AND y.indicator = k.indicator AND y.year = k.year AND y.dim = k.dim AND y.n <= 0;
    UPDATE rollups_year y SET first_ym = b.f, last_ym = b.l FROM (
        SELECT k.zone_id, k.indicator, k.year, k.dim, min(r.ym) AS f, max(r.ym) AS l
        FROM (SELECT DISTINCT zone_id, indicator, ym / 100 AS year, dim FROM old_rollups WHERE dim <> '') k
        JOIN rollups r ON r.zone_id = k.zone_id AND r.indicator = k.indicator AND r.dim = k.dim AND r.ym BETWEEN k.year * 100 AND k.year * 100 + 99
        GROUP BY 1, 2, 3, 4) b
        WHERE y.zone_id = b.zone_id AND y.indicator = b.indicator AND y.year = b.year AND y.dim = b.dim
            AND (y.first_ym <> b.f OR y.last_ym <> b.l);
    RETURN NULL;
END
$f$;

DROP TRIGGER IF EXISTS rollups_year_insert ON rollups;
DROP TRIGGER IF EXISTS rollups_year_update ON rollups;
DROP TRIGGER IF EXISTS rollups_year_delete ON rollups;
CREATE TRIGGER rollups_year_insert AFTER INSERT ON rollups REFERENCING NEW TABLE AS new_rollups
    FOR EACH STATEMENT EXECUTE FUNCTION rollups_year_insert();
CREATE TRIGGER rollups_year_update AFTER UPDATE ON rollups REFERENCING OLD TABLE AS old_rollups NEW TABLE AS new_rollups
    FOR EACH STATEMENT EXECUTE FUNCTION rollups_year_update();
CREATE TRIGGER rollups_year_delete AFTER DELETE ON rollups REFERENCING OLD TABLE AS old_rollups
    FOR EACH STATEMENT EXECUTE FUNCTION rollups_year_delete();

-- The existing rollups, once.
DELETE FROM rollups_year;
INSERT INTO rollups_year (zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym)
    SELECT zone_id, indicator, ym / 100, dim, sum(value / 4294967296), sum(value % 4294967296), count(*), min(ym), max(ym)
    FROM rollups WHERE dim <> '' GROUP BY zone_id, indicator, dim, ym / 100;
