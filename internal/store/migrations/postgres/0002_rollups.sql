-- Indicator rollups: zone × indicator × dimension key × month. Updated in the
-- same transaction as the records they count, so dashboards never scan raw
-- records; "innopark rollup rebuild" recomputes them.
CREATE TABLE rollups (
    zone_id   BIGINT NOT NULL REFERENCES areas (id),
    indicator TEXT NOT NULL,
    dim       TEXT NOT NULL,
    ym        INTEGER NOT NULL,
    value     BIGINT NOT NULL,
    PRIMARY KEY (zone_id, indicator, dim, ym)
);
CREATE INDEX rollups_ranking ON rollups (indicator, dim, ym, zone_id, value);
