-- Indicator rollups: zone × indicator × dimension key × month. Updated in the
-- same transaction as the records they count, so dashboards never scan raw
-- records; "innopark rollup rebuild" recomputes them.
CREATE TABLE rollups (
    zone_id   INTEGER NOT NULL REFERENCES areas (id),
    indicator TEXT NOT NULL,
    dim       TEXT NOT NULL,
    ym        INTEGER NOT NULL,     -- yyyymm
    value     INTEGER NOT NULL,
    PRIMARY KEY (zone_id, indicator, dim, ym)
) WITHOUT ROWID;
-- Rankings read one indicator for every zone over a range of months.
CREATE INDEX rollups_ranking ON rollups (indicator, dim, ym, zone_id, value);
