package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/gen"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// shardParents are two zones (901, 902), each with an enterprise, a
// project, an inspection, a contract and an attachment: the parents of the
// tables step 0027 gave a zone_id. Plain SQL both engines take, valid at
// step 0026 and after.
const shardParents = `
INSERT INTO regions (code, name, name_en, level) VALUES ('370000', 'P', 'P', 'province'), ('370300', 'C', 'C', 'city'),
    ('440000', 'P2', 'P2', 'province'), ('440600', 'C2', 'C2', 'city');
INSERT INTO areas (id, slug, name, name_en, kind, city_code, province_code, created_at) VALUES
    (901, 'za', 'A', 'A', 'zone', '370300', '370000', '2024-01-01T00:00:00Z'),
    (902, 'zb', 'B', 'B', 'zone', '440600', '440000', '2024-01-01T00:00:00Z');
INSERT INTO enterprises (id, uscc, name, zone_id, nature, industry, created_at, updated_at) VALUES
    (911, '91370300MA000000X1', 'EA', 901, 'private', 'software', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    (912, '91440600MA000000X2', 'EB', 902, 'private', 'software', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
INSERT INTO projects (id, zone_id, builder_id, name, category, level, status, cadence, total_fen, plan_version,
    planned_start, planned_finish, recorded_on, created_at, updated_at) VALUES
    (921, 901, 911, 'PA', 'municipal', 'city', 'prep', 'month', 100, 1, '2024-01-01', '2025-01-01', '2024-01-01', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    (922, 902, 912, 'PB', 'municipal', 'city', 'prep', 'month', 100, 1, '2024-01-01', '2025-01-01', '2024-01-01', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
INSERT INTO project_inspections (id, project_id, zone_id, kind, on_date, inspector) VALUES
    (931, 921, 901, 'quality', '2024-02-01', 'I'), (932, 922, 902, 'quality', '2024-02-01', 'I');
INSERT INTO contracts (id, zone_id, seller_id, seller_name, seller_uscc, seller_nature, seller_region, name, type, signed_on,
    valid_from, valid_to, field, ip_type, programme_level, buyer_name, buyer_nature, contract_amount_fen, tech_amount_fen,
    status, dup_key, created_at, updated_at) VALUES
    (941, 901, 911, 'EA', '91370300MA000000X1', 'private', '370300', 'CA', 'development', '2024-01-01', '2024-01-01', '2025-01-01',
     'software', 'none', 'none', 'B', 'private', 100, 100, 'draft', 'ka', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    (942, 902, 912, 'EB', '91440600MA000000X2', 'private', '440600', 'CB', 'development', '2024-01-01', '2024-01-01', '2025-01-01',
     'software', 'none', 'none', 'B', 'private', 100, 100, 'draft', 'kb', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
INSERT INTO attachments (id, owner, owner_id, zone_id, file_name, content_type, size_bytes, sha256, uploader, uploaded_at) VALUES
    (951, 'project', 921, 901, 'a.txt', 'text/plain', 1, 'x', 'u', '2024-01-01T00:00:00Z'),
    (952, 'project', 922, 902, 'b.txt', 'text/plain', 1, 'x', 'u', '2024-01-01T00:00:00Z')`

// zoneChildren are the tables step 0027 gave a zone_id, each with the
// statement the binary before it inserts a row with (no zone_id: its
// project.go, attachment.go and contract.go), the column naming the
// parent and the parent table. Each statement takes the parent's id, and
// for findings the inspection's too.
var zoneChildren = []struct {
	table, insert, fk, parent string
}{
	{"project_plans", "INSERT INTO project_plans (project_id, version, start_on, finish_on, reason, set_on, set_by) VALUES (?, 1, '2024-01-01', '2025-01-01', '', '2024-01-01', 'u')", "project_id", "projects"},
	{"project_items", "INSERT INTO project_items (project_id, row_no, name, kind, length_m, area_m2, investment_fen, note) VALUES (?, 1, 'i', 'road', 0, 0, 0, '')", "project_id", "projects"},
	{"project_parties", "INSERT INTO project_parties (project_id, row_no, role, name) VALUES (?, 1, 'contractor', 'x')", "project_id", "projects"},
	{"project_methods", "INSERT INTO project_methods (project_id, row_no, name, note) VALUES (?, 1, 'm', '')", "project_id", "projects"},
	{"project_findings", "INSERT INTO project_findings (inspection_id, project_id, row_no, finding, due_on, closed_on, closure) VALUES (?, ?, 1, 'f', '2024-03-01', NULL, '')", "project_id", "projects"},
	{"attachment_data", "INSERT INTO attachment_data (attachment_id, data) VALUES (?, ?)", "attachment_id", "attachments"},
	{"contract_deductions", "INSERT INTO contract_deductions (contract_id, line, kind, amount_fen) VALUES (?, 1, 'other', 1)", "contract_id", "contracts"},
	{"contract_payments", "INSERT INTO contract_payments (contract_id, line, paid_on, amount_fen) VALUES (?, 1, '2024-02-01', 1)", "contract_id", "contracts"},
}

// insertAsPreviousBinary writes one row of each child table per zone, as
// the binary before step 0027 does: without zone_id.
func insertAsPreviousBinary(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for zone := int64(0); zone < 2; zone++ {
		project, inspection, contract, file := 921+zone, 931+zone, 941+zone, 951+zone
		for _, c := range zoneChildren {
			var args []any
			switch c.parent {
			case "projects":
				args = []any{project}
				if c.table == "project_findings" {
					args = []any{inspection, project}
				}
			case "attachments":
				args = []any{file, []byte("bytes")}
			case "contracts":
				args = []any{contract}
			}
			err := db.Transact(ctx, func(tx *store.Tx) error { _, err := tx.Exec(ctx, c.insert, args...); return err })
			if err != nil {
				t.Fatalf("%s as the previous binary writes it: %v", c.table, err)
			}
		}
	}
}

// checkParentZones: every child row holds its parent's zone, two rows each.
func checkParentZones(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for _, c := range zoneChildren {
		var rows, wrong int
		err := db.Read().QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.zone_id = p.zone_id THEN 0 ELSE 1 END), 0) FROM "+
			c.table+" c JOIN "+c.parent+" p ON p.id = c."+c.fk).Scan(&rows, &wrong)
		if err != nil {
			t.Fatalf("%s: %v", c.table, err)
		}
		if rows != 2 || wrong != 0 {
			t.Errorf("%s: %d rows, %d without their %s's zone", c.table, rows, wrong, c.parent)
		}
	}
}

// A node still on the binary before step 0027 inserts child rows without
// zone_id: each gets its parent's zone (a BEFORE INSERT trigger on
// PostgreSQL, where the column is NOT NULL; an AFTER INSERT one on
// SQLite). On PostgreSQL a child naming another zone's parent is refused
// by the foreign keys (parent_id, zone_id).
func TestShardZoneFromParent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Transact(ctx, func(tx *store.Tx) error { _, err := tx.Exec(ctx, shardParents); return err }); err != nil {
			t.Fatal(err)
		}
		insertAsPreviousBinary(t, db)
		checkParentZones(t, db)
		if db.Engine() != store.Postgres {
			return
		}
		for _, q := range []string{
			"INSERT INTO project_items (project_id, row_no, name, kind, zone_id) VALUES (921, 2, 'i', 'road', 902)",
			"INSERT INTO project_findings (inspection_id, project_id, row_no, finding, due_on, zone_id) VALUES (932, 921, 2, 'f', '2024-03-01', 901)",
			"INSERT INTO attachment_data (attachment_id, data, zone_id) VALUES (951, '', 902)",
			"UPDATE projects SET park_id = (SELECT MIN(id) FROM parks WHERE zone_id = 902) WHERE id = 921",
		} {
			err := db.Transact(ctx, func(tx *store.Tx) error {
				if strings.HasPrefix(q, "UPDATE") {
					if _, err := tx.Exec(ctx, "INSERT INTO parks (zone_id, name, created_at) VALUES (902, 'K', '2024-01-01T00:00:00Z')"); err != nil {
						return err
					}
				}
				_, err := tx.Exec(ctx, q)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "foreign key") {
				t.Errorf("%s: %v, want a foreign key violation", q, err)
			}
		}
	})
}

// Step 0027 backfills the zone_id it adds from each row's parent: rows
// written at step 0026, as that binary writes them, have their parent's
// zone after the step.
func TestShardKeysBackfill(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, e))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if err := store.MigrateThrough(ctx, db, 26); err != nil {
				t.Fatal(err)
			}
			if err := db.Transact(ctx, func(tx *store.Tx) error { _, err := tx.Exec(ctx, shardParents); return err }); err != nil {
				t.Fatal(err)
			}
			insertAsPreviousBinary(t, db)
			var cols int
			if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&cols); err != nil || cols != 26 {
				t.Fatalf("at step %d (%v), want 26", cols, err)
			}
			applied, err := db.Migrate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(applied) == 0 || applied[0].Name != "shard_keys_projects" {
				t.Fatalf("applied %v, want shard_keys_projects first", applied)
			}
			checkParentZones(t, db)
		})
	}
}

// The binary writes zone_id itself on every path that inserts child rows:
// with the triggers that fill it for older binaries dropped, the services
// (a project created and changed with its lines, plan, inspection findings
// and a file; a contract with deductions and payments) and the bulk loader
// behind gen and the demo leave every child row with its parent's zone (on
// PostgreSQL a missing zone_id breaks NOT NULL).
func TestShardZoneWrittenByBinary(t *testing.T) {
	ctx := context.Background()
	dropTriggers := func(t *testing.T, db *store.DB) {
		t.Helper()
		for _, c := range zoneChildren {
			dropZoneTrigger(t, db, c.table)
		}
	}
	check := func(t *testing.T, db *store.DB, need ...string) {
		t.Helper()
		for _, c := range zoneChildren {
			var rows, wrong int
			err := db.Read().QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.zone_id = p.zone_id THEN 0 ELSE 1 END), 0) FROM "+
				c.table+" c JOIN "+c.parent+" p ON p.id = c."+c.fk).Scan(&rows, &wrong)
			if err != nil {
				t.Fatalf("%s: %v", c.table, err)
			}
			if wrong != 0 || (rows == 0 && slices.Contains(need, c.table)) {
				t.Errorf("%s: %d rows, %d without their %s's zone", c.table, rows, wrong, c.parent)
			}
		}
	}
	t.Run("services", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			dropTriggers(t, db)
			r := newRegistry(t, db, legacyNow())
			tm := terms("分片键合同")
			tm.Payments = []contract.Payment{{On: civil.MustParse("2023-11-20"), AmountFen: 60_000_000}}
			r.createBare("zibo-ent", 0, tm)
			if err := db.Transact(ctx, func(tx *store.Tx) error { return demo.Contracts(ctx, tx, r.ids) }); err != nil {
				t.Fatalf("demo contracts (store.Tx.ImportContracts): %v", err)
			}

			svc := projectService(db, time.Date(2021, 1, 5, 2, 0, 0, 0, time.UTC))
			admin, builder := foshanActors(r.ids)
			card := lighthouseCard(r.ids)
			card.Parties = []project.Party{{Role: project.RoleContractor, Name: "佛山市政建设有限公司"}}
			p, err := svc.Create(ctx, admin, card)
			if err != nil {
				t.Fatal(err)
			}
			d := civil.MustParse
			if _, err := svc.Update(ctx, admin, p.ID, project.Patch{Version: p.Version, PlannedFinish: ptr(d("2023-06-30")), PlanReason: "征地延后",
				Methods: &[]project.Method{{Name: "装配式施工"}}}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.AddInspection(ctx, admin, p.ID, project.Inspection{Kind: project.InspectSafety, On: d("2021-01-04"), Inspector: "区住建局",
				Findings: []project.Finding{{Text: "临边防护缺失", DueOn: d("2021-01-20")}}}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Attach(ctx, builder, p.ID, "灯塔路.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 'j', 'f', 'i', 'f'}); err != nil {
				t.Fatal(err)
			}
			check(t, db, "project_plans", "project_items", "project_parties", "project_methods", "project_findings", "attachment_data",
				"contract_deductions", "contract_payments")
		})
	})
	t.Run("gen", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			dropTriggers(t, db)
			runGen(t, db, gen.Options{Contracts: 3000, Enterprises: 500, Areas: 20, Years: 2, Projects: 30, Seed: 3})
			check(t, db, "project_plans", "contract_deductions", "contract_payments")
		})
	})
	// The loader sets the contract lines' triggers aside (SQLite: while it
	// copies its side file in, as a table with triggers is copied row by
	// row; PostgreSQL: disabled for the load) and puts them back.
	t.Run("gen keeps the triggers", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			runGen(t, db, gen.Options{Contracts: 1000, Enterprises: 300, Areas: 20, Years: 2, Seed: 3})
			q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_zone'"
			if db.Engine() == store.Postgres {
				q = "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O' AND tgname LIKE '%_zone'"
			}
			var n int
			if err := db.Read().QueryRow(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			// Step 0026's tables have zone triggers too (at least these).
			if n < len(zoneChildren) {
				t.Errorf("%d zone triggers in force after a load, want at least %d", n, len(zoneChildren))
			}
			if db.Engine() == store.Postgres {
				var off int
				if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O' AND tgname LIKE '%_zone'").Scan(&off); err != nil || off != 0 {
					t.Errorf("%d zone triggers left disabled after a load (%v)", off, err)
				}
			}
			check(t, db, "contract_deductions", "contract_payments")
			insertAsPreviousBinaryOne(t, db)
		})
	})
}

// dropZoneTrigger drops the trigger that fills table's zone_id for
// binaries that leave it out, so that a test sees whether the binary
// writes it itself.
func dropZoneTrigger(t *testing.T, db *store.DB, table string) {
	t.Helper()
	ctx := context.Background()
	q := "DROP TRIGGER " + table + "_zone"
	if db.Engine() == store.Postgres {
		q += " ON " + table
	}
	if err := db.Transact(ctx, func(tx *store.Tx) error { _, err := tx.Exec(ctx, q); return err }); err != nil {
		t.Fatal(err)
	}
}

// insertAsPreviousBinaryOne writes a deduction and a payment of the first
// contract as the binary before step 0027 does, and checks they took its
// zone.
func insertAsPreviousBinaryOne(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	var id, zone int64
	if err := db.Read().QueryRow(ctx, "SELECT id, zone_id FROM contracts ORDER BY id LIMIT 1").Scan(&id, &zone); err != nil {
		t.Fatal(err)
	}
	for _, c := range zoneChildren {
		if c.parent != "contracts" {
			continue
		}
		err := db.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, strings.Replace(c.insert, "(?, 1,", "(?, 99,", 1), id)
			return err
		})
		if err != nil {
			t.Fatalf("%s as the previous binary writes it: %v", c.table, err)
		}
		var got int64
		if err := db.Read().QueryRow(ctx, "SELECT zone_id FROM "+c.table+" WHERE contract_id = ? AND line = 99", id).Scan(&got); err != nil || got != zone {
			t.Errorf("%s after a load: zone %d (%v), want %d", c.table, got, err, zone)
		}
	}
}
