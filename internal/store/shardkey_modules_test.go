package store_test

import (
	"context"
	"testing"

	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// previousBinaryStep is the last schema step before the honour, investment,
// organisation and talent tables were re-keyed with zone_id.
const previousBinaryStep = 25

// previousBinaryWrites are rows of two zones written as the binary before
// that step writes them: the children org_elections, talent_tiers,
// invest_activity_projects and invest_fund_projects without zone_id, and
// a first survey with ON CONFLICT (enterprise_id).
var previousBinaryWrites = []string{
	`INSERT INTO regions (code, name, name_en, level, parent_code) VALUES ('370000', '山东省', 'Shandong', 'province', NULL)`,
	`INSERT INTO regions (code, name, name_en, level, parent_code) VALUES ('370300', '淄博市', 'Zibo', 'city', '370000')`,
	`INSERT INTO areas (id, slug, name, name_en, kind, city_code, province_code, created_at) VALUES
		(1, 'za', '甲区', 'A', 'zone', '370300', '370000', '2020-01-01T00:00:00Z'),
		(2, 'zb', '乙区', 'B', 'zone', '370300', '370000', '2020-01-01T00:00:00Z')`,
	`INSERT INTO enterprises (id, uscc, name, zone_id, nature, industry, created_at, updated_at) VALUES
		(11, '91370300000000011X', '甲企业', 1, 'private', 'it', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
		(12, '91370300000000012X', '乙企业', 2, 'private', 'it', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`,
	`INSERT INTO org_organisations (id, zone_id, name, kind, mode, founded_on, term_years, next_election_on, created_at, updated_at) VALUES
		(21, 1, '甲支部', 'branch', 'single', '2020-01-01', 3, '2023-01-01', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
		(22, 2, '乙支部', 'branch', 'single', '2020-01-01', 3, '2023-01-01', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`,
	`INSERT INTO org_elections (org_id, held_on) VALUES (21, '2021-01-01')`,
	`INSERT INTO org_elections (org_id, held_on) VALUES (22, '2021-02-01')`,
	`INSERT INTO org_members (org_id, zone_id, enterprise_id, mode, from_on) VALUES (21, 1, 11, 'single', '2020-01-01')`,
	`INSERT INTO org_profiles (enterprise_id, zone_id, employees, members, surveyed_on, version, updated_at)
		VALUES (11, 1, 10, 3, '2020-06-01', 1, '2020-06-01T00:00:00Z') ON CONFLICT (enterprise_id) DO NOTHING`,
	`INSERT INTO org_chains (id, zone_id, code, name, level, created_at) VALUES (81, 1, 'IC', '集成电路', 'city', '2020-01-01T00:00:00Z')`,
	`INSERT INTO org_chain_members (enterprise_id, chain_id, zone_id) VALUES (11, 81, 1)`,
	`INSERT INTO talent_programmes (id, zone_id, code, name, name_en, category, category_en, position, created_at) VALUES
		(31, 1, 'T', '英才', 'Talent', '领军', 'Leaders', 1, '2020-01-01T00:00:00Z'),
		(32, 2, 'T', '英才', 'Talent', '领军', 'Leaders', 1, '2020-01-01T00:00:00Z')`,
	`INSERT INTO talent_tiers (programme_id, code, name, max_support_fen, period_years) VALUES (31, 'A', '甲类', 100, 3)`,
	`INSERT INTO talent_tiers (programme_id, code, name, max_support_fen, period_years) VALUES (32, 'A', '甲类', 100, 3)`,
	`INSERT INTO invest_projects (id, zone_id, name, investor, origin, industry, mode, planned_fen, stage, stage_on, created_at, updated_at) VALUES
		(41, 1, '甲项目', '投资方', 'domestic', 'it', 'new', 100, 'lead', '2020-01-01', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
		(42, 2, '乙项目', '投资方', 'domestic', 'it', 'new', 100, 'lead', '2020-01-01', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`,
	`INSERT INTO invest_funds (id, zone_id, name, manager, kind, target_fen, set_up_on, by_name, created_at) VALUES
		(51, 1, '甲基金', '管理人', 'guide', 100, '2020-01-01', '张三', '2020-01-01T00:00:00Z'),
		(52, 2, '乙基金', '管理人', 'guide', 100, '2020-01-01', '张三', '2020-01-01T00:00:00Z')`,
	`INSERT INTO invest_trips (id, zone_id, start_on, end_on, province, leader, people, by_name, created_at)
		VALUES (61, 1, '2020-02-01', '2020-02-02', '广东省', '李四', 3, '张三', '2020-02-03T00:00:00Z')`,
	`INSERT INTO invest_visits (id, zone_id, firm, start_on, end_on, by_name, created_at)
		VALUES (71, 2, '来访企业', '2020-02-01', '2020-02-02', '张三', '2020-02-03T00:00:00Z')`,
	`INSERT INTO invest_activity_projects (kind, activity_id, project_id) VALUES ('trip', 61, 41)`,
	`INSERT INTO invest_activity_projects (kind, activity_id, project_id) VALUES ('visit', 71, 42)`,
	`INSERT INTO invest_fund_projects (fund_id, project_id) VALUES (51, 41)`,
	`INSERT INTO invest_fund_projects (fund_id, project_id) VALUES (52, 42)`,
}

func execAll(t *testing.T, db *store.DB, stmts []string) {
	t.Helper()
	for _, q := range stmts {
		exec(t, db, q)
	}
}

// childZones checks that every row of the four children carries its
// parent's zone, and that each has rows in both zones.
func childZones(t *testing.T, db *store.DB) {
	t.Helper()
	for _, c := range []struct{ child, parent, fk string }{
		{"org_elections", "org_organisations", "org_id"},
		{"talent_tiers", "talent_programmes", "programme_id"},
		{"invest_activity_projects", "invest_projects", "project_id"},
		{"invest_fund_projects", "invest_funds", "fund_id"},
	} {
		var rows, wrong, zones int
		err := db.Read().QueryRow(context.Background(), `SELECT COUNT(*), COUNT(*) FILTER (WHERE c.zone_id IS NULL OR c.zone_id <> p.zone_id),
			COUNT(DISTINCT c.zone_id) FROM `+c.child+" c JOIN "+c.parent+" p ON p.id = c."+c.fk).Scan(&rows, &wrong, &zones)
		if err != nil {
			t.Fatalf("%s: %v", c.child, err)
		}
		if rows == 0 || wrong != 0 || zones != 2 {
			t.Errorf("%s: %d rows, %d without their parent's zone, in %d zones; want every row with its parent's zone, in 2 zones",
				c.child, rows, wrong, zones)
		}
	}
}

// Rows written before the shard-key step get their parent's zone from it.
func TestShardKeysModulesBackfill(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, engine))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if _, err := db.MigrateUpTo(ctx, previousBinaryStep); err != nil {
				t.Fatal(err)
			}
			execAll(t, db, previousBinaryWrites)
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			childZones(t, db)
		})
	}
}

// A node still on the binary before the shard-key step keeps working after
// it: the children it writes without zone_id get their parent's zone, its
// survey's ON CONFLICT (enterprise_id) still names a unique index, and a
// second current membership is still refused.
func TestShardKeysModulesPreviousBinary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		execAll(t, db, previousBinaryWrites)
		childZones(t, db)
		// The same first survey again (two clerks at once): nothing written.
		exec(t, db, previousBinaryWrites[8])
		var n int
		if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM org_profiles").Scan(&n); err != nil || n != 1 {
			t.Errorf("profiles after a repeated first survey: %d, %v; want 1", n, err)
		}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO org_members (org_id, zone_id, enterprise_id, mode, from_on) VALUES (21, 1, 11, 'single', '2021-01-01')")
			return err
		})
		if err == nil {
			t.Error("a second current membership of an enterprise was stored")
		}
		if db.Engine() != store.Postgres {
			return
		}
		// A child naming another zone's parent is refused by the foreign key.
		err = db.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO talent_tiers (programme_id, zone_id, code, name) VALUES (31, 2, 'B', '乙类')")
			return err
		})
		if err == nil {
			t.Error("a tier of zone 2 under zone 1's programme was stored")
		}
	})
}
