-- rollups_year: each zone's rollups of a dimension value summed over a
-- calendar year, keyed (zone_id, indicator, year, dim), so that a
-- breakdown of a period within one year (a dashboard's 1–10月) reads one
-- key range of the year's values in dimension order instead of every
-- month of each value's history. The sums are kept in the two parts a
-- rollup sum is read in (value / 2^32 and value % 2^32: hi, lo; see
-- sumCols), n counts the month rows behind them, first_ym and last_ym
-- are the first and last of those months: a value whose months all lie
-- within the period asked is its year's sum; any other is summed from
-- rollups. Rows of dim '' (the totals) are not kept. Triggers on rollups
-- keep the table for every writer; the bulk loader sets them aside and
-- fills the table once (store.RollupYearFill).
-- It only adds: a node on the previous binary keeps working, does not read
-- the table, and the triggers keep it for the rows that node writes.

CREATE TABLE rollups_year (
    zone_id   INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    year      INTEGER NOT NULL,
    dim       TEXT NOT NULL,
    hi        INTEGER NOT NULL,
    lo        INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    first_ym  INTEGER NOT NULL,
    last_ym   INTEGER NOT NULL,
    PRIMARY KEY (zone_id, indicator, year, dim)
) WITHOUT ROWID;

CREATE TRIGGER rollups_year_insert AFTER INSERT ON rollups FOR EACH ROW WHEN NEW.dim <> '' BEGIN
    INSERT INTO rollups_year (zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym)
        VALUES (NEW.zone_id, NEW.indicator, NEW.ym / 100, NEW.dim, NEW.value / 4294967296, NEW.value % 4294967296, 1, NEW.ym, NEW.ym)
        ON CONFLICT (zone_id, indicator, year, dim) DO UPDATE SET hi = hi + excluded.hi, lo = lo + excluded.lo, n = n + 1,
            first_ym = min(first_ym, excluded.first_ym), last_ym = max(last_ym, excluded.last_ym);
END;
-- A change of value (every writer's update): the difference.
CREATE TRIGGER rollups_year_update AFTER UPDATE OF value ON rollups FOR EACH ROW
    WHEN NEW.dim <> '' AND NEW.zone_id = OLD.zone_id AND NEW.indicator = OLD.indicator AND NEW.dim = OLD.dim AND NEW.ym = OLD.ym
BEGIN
    UPDATE rollups_year SET hi = hi + (NEW.value / 4294967296 - OLD.value / 4294967296),
        lo = lo + (NEW.value % 4294967296 - OLD.value % 4294967296)
        WHERE zone_id = NEW.zone_id AND indicator = NEW.indicator AND year = NEW.ym / 100 AND dim = NEW.dim;
END;
-- A row that leaves its year's value (deleted, or its key changed):
-- taken away, the value's months bounded again from what is left, and its
-- year row gone with its last month.
CREATE TRIGGER rollups_year_delete AFTER DELETE ON rollups FOR EACH ROW WHEN OLD.dim <> '' BEGIN
    UPDATE rollups_year SET hi = hi - OLD.value / 4294967296, lo = lo - OLD.value % 4294967296, n = n - 1
        WHERE zone_id = OLD.zone_id AND indicator = OLD.indicator AND year = OLD.ym / 100 AND dim = OLD.dim;
    DELETE FROM rollups_year WHERE zone_id = OLD.zone_id AND indicator = OLD.indicator AND year = OLD.ym / 100 AND dim = OLD.dim AND n <= 0;
    UPDATE rollups_year SET (first_ym, last_ym) = (SELECT min(r.ym), max(r.ym) FROM rollups r
            WHERE r.zone_id = OLD.zone_id AND r.indicator = OLD.indicator AND r.dim = OLD.dim
                AND r.ym BETWEEN (OLD.ym / 100) * 100 AND (OLD.ym / 100) * 100 + 99)
        WHERE zone_id = OLD.zone_id AND indicator = OLD.indicator AND year = OLD.ym / 100 AND dim = OLD.dim;
END;
CREATE TRIGGER rollups_year_move AFTER UPDATE OF zone_id, indicator, dim, ym ON rollups FOR EACH ROW
    WHEN NEW.zone_id <> OLD.zone_id OR NEW.indicator <> OLD.indicator OR NEW.dim <> OLD.dim OR NEW.ym <> OLD.ym
BEGIN
    UPDATE rollups_year SET hi = hi - OLD.value / 4294967296, lo = lo - OLD.value % 4294967296, n = n - 1
        WHERE OLD.dim <> '' AND zone_id = OLD.zone_id AND indicator = OLD.indicator AND year = OLD.ym / 100 AND dim = OLD.dim;
    DELETE FROM rollups_year WHERE zone_id = OLD.zone_id AND indicator = OLD.indicator AND year = OLD.ym / 100 AND dim = OLD.dim AND n <= 0;
    UPDATE rollups_year SET (first_ym, last_ym) = (SELECT min(r.ym), max(r.ym) FROM rollups r
            WHERE r.zone_id = OLD.zone_id AND r.indicator = OLD.indicator AND r.dim = OLD.dim
                AND r.ym BETWEEN (OLD.ym / 100) * 100 AND (OLD.ym / 100) * 100 + 99)
        WHERE OLD.dim <> '' AND zone_id = OLD.zone_id AND indicator = OLD.indicator AND year = OLD.ym / 100 AND dim = OLD.dim;
    INSERT INTO rollups_year (zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym)
        SELECT NEW.zone_id, NEW.indicator, NEW.ym / 100, NEW.dim, NEW.value / 4294967296, NEW.value % 4294967296, 1, NEW.ym, NEW.ym
        WHERE NEW.dim <> ''
        ON CONFLICT (zone_id, indicator, year, dim) DO UPDATE SET hi = hi + excluded.hi, lo = lo + excluded.lo, n = n + 1,
            first_ym = min(first_ym, excluded.first_ym), last_ym = max(last_ym, excluded.last_ym);
END;

INSERT INTO rollups_year (zone_id, indicator, year, dim, hi, lo, n, first_ym, last_ym)
    SELECT zone_id, indicator, ym / 100, dim, sum(value / 4294967296), sum(value % 4294967296), count(*), min(ym), max(ym)
    FROM rollups WHERE dim <> '' GROUP BY zone_id, indicator, dim, ym / 100;
