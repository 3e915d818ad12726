package store_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// shardExceptions are the zone-owned tables that do not (yet) carry
// zone_id in their primary key and every unique constraint, or that hang
// off a zone-owned table without a zone_id of their own, each with why.
// docs/operations.md ("National scale") explains the rule and what these
// need before a Citus deployment distributes by zone. The list only
// shrinks: a table that now keeps the rule must leave it, and a new table
// must keep the rule.
var shardExceptions = map[string]string{
	"audit_log":                "global: one hash chain for the whole database (seq is its order); stays on the coordinator, appended under one lock",
	"bulletin_templates":       "national templates have no zone; a reference table",
	"contracts":                "its uniques are national, not per zone: reg_no, because the number's layout is a setting that need not hold the point segment, points' codes are not unique across zones (registration_points.code), and an import keeps the file's numbers, checked for layout and year but not for the zone's point; dup_key (seller, buyer, name, date, amount), because the duplicate check spans zones (import_contracts reads it across zones); both move to a national lookup table before its key becomes (id, zone_id)",
	"enterprises":              "global: a credit code (uscc) is unique nationally and an enterprise can move between zones; a reference table, or keyed (zone_id, id) with the uscc check moved to the application",
	"honour_batches":           "keyed by id alone, and other tables' foreign keys point at its id: re-keyed (id, zone_id) together with its children, whose foreign keys become (zone_id, parent_id)",
	"honour_entries":           "unique (batch_id, enterprise_id, programme_id) without zone_id: the unique becomes (zone_id, batch_id, …) and the key (id, zone_id) in one contract step, with honour_batches",
	"invest_activity_projects": "a child row reached through its parent, without a zone_id of its own: needs the column (added nullable, filled by the new binary and backfilled from the parent) before its key can hold zone_id",
	"invest_fund_projects":     "a child row reached through its parent, without a zone_id of its own: needs the column (added nullable, filled by the new binary and backfilled from the parent) before its key can hold zone_id",
	"invest_funds":             "keyed by id alone, and other tables' foreign keys point at its id: re-keyed (id, zone_id) together with its children, whose foreign keys become (zone_id, parent_id)",
	"invest_projects":          "keyed by id alone, and other tables' foreign keys point at its id: re-keyed (id, zone_id) together with its children, whose foreign keys become (zone_id, parent_id)",
	"job_files":                "a job's files, with jobs",
	"jobs":                     "node work, zone optional (national exports); a reference table or the coordinator's",
	"org_chain_members":        "keyed by enterprise_id (the key refuses an enterprise a second chain) with a foreign key to org_chains(id): re-keyed (enterprise_id, zone_id) together with org_chains",
	"org_chains":               "keyed by id alone, and other tables' foreign keys point at its id: re-keyed (id, zone_id) together with its children, whose foreign keys become (zone_id, parent_id); its unique (zone_id, code) keeps the rule already",
	"org_elections":            "a child row reached through its parent, without a zone_id of its own: needs the column (added nullable, filled by the new binary and backfilled from the parent) before its key can hold zone_id",
	"org_members":              "unique current membership per enterprise (enterprise_id WHERE until_on IS NULL) without zone_id: becomes (zone_id, enterprise_id) with the key, in a contract step",
	"org_organisations":        "keyed by id alone, and other tables' foreign keys point at its id: re-keyed (id, zone_id) together with its children, whose foreign keys become (zone_id, parent_id)",
	"org_profiles":             "keyed by enterprise_id, which its insert names (ON CONFLICT (enterprise_id)): the key becomes (enterprise_id, zone_id) in one contract step with a binary that names the new key",
	"talent_programmes":        "keyed by id alone, and other tables' foreign keys point at its id: re-keyed (id, zone_id) together with its children, whose foreign keys become (zone_id, parent_id)",
	"talent_tiers":             "a child row reached through its parent, without a zone_id of its own: needs the column (added nullable, filled by the new binary and backfilled from the parent) before its key can hold zone_id",
	"users":                    "global: national, provincial and city users have no zone, and a username is unique nationally; a Citus reference table",
}

// schemaKeys is, per table, its columns, its primary key, its unique
// indexes' columns, and the tables its foreign keys point at.
type tableKeys struct {
	cols    []string
	pk      []string
	uniques [][]string
	parents []string
}

func schemaKeys(t *testing.T, db *store.DB) map[string]*tableKeys {
	t.Helper()
	ctx := context.Background()
	out := map[string]*tableKeys{}
	tables, err := db.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	strs := func(q string, args ...any) []string {
		rows, err := db.Read().Query(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var s []string
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			s = append(s, v)
		}
		return s
	}
	for _, name := range tables {
		k := &tableKeys{}
		out[name] = k
		if db.Engine() == store.SQLite {
			k.cols = strs("SELECT name FROM pragma_table_info(?) ORDER BY cid", name)
			k.pk = strs("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", name)
			for _, ix := range strs("SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1 AND origin <> 'pk'", name) {
				k.uniques = append(k.uniques, strs("SELECT name FROM pragma_index_info(?) ORDER BY seqno", ix))
			}
			k.parents = strs(`SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, name)
			continue
		}
		k.cols = strs("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", name)
		k.pk = strs(`SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
			WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY a.attnum`, name)
		for _, ix := range strs(`SELECT i.indexrelid::regclass::text FROM pg_index i WHERE i.indrelid = ?::regclass AND i.indisunique AND NOT i.indisprimary`, name) {
			k.uniques = append(k.uniques, strs(`SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
				WHERE i.indexrelid = ?::regclass`, ix))
		}
		k.parents = strs(`SELECT DISTINCT cl.relname FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.confrelid
			WHERE c.conrelid = ?::regclass AND c.contype = 'f'`, name)
	}
	return out
}

// sqliteZoned: SQLite cannot change a table's primary key or drop a unique
// declared with the table without rebuilding it, and never distributes; a
// unique index with the same columns followed by zone_id stands there for
// PostgreSQL's key or unique holding zone_id (for a table keyed by its
// rowid, id INTEGER PRIMARY KEY, the index (id, zone_id)).
func sqliteZoned(db *store.DB, k *tableKeys, cols []string) bool {
	if db.Engine() != store.SQLite || len(cols) == 0 {
		return false
	}
	want := append(slices.Clone(cols), "zone_id")
	for _, u := range k.uniques {
		if slices.Equal(u, want) {
			return true
		}
	}
	return false
}

// TestShardKeyRule: every zone-owned table — one with a zone_id column, or
// one whose foreign key points at such a table — has zone_id in its
// primary key and in each unique constraint, so that the schema distributes
// by zone (Citus) unchanged; or it is a listed exception. Both engines'
// schemas are walked.
func TestShardKeyRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		keys := schemaKeys(t, db)
		owned := map[string]bool{}
		for name, k := range keys {
			if slices.Contains(k.cols, "zone_id") {
				owned[name] = true
			}
		}
		// Children of zone-owned tables, to any depth.
		for changed := true; changed; {
			changed = false
			for name, k := range keys {
				for _, p := range k.parents {
					if owned[p] && !owned[name] && p != "areas" && p != "users" {
						owned[name], changed = true, true
					}
				}
			}
		}
		var broken []string
		for name := range owned {
			k := keys[name]
			var why []string
			switch {
			case !slices.Contains(k.cols, "zone_id"):
				why = append(why, "no zone_id column")
			case !slices.Contains(k.pk, "zone_id") && !sqliteZoned(db, k, k.pk):
				why = append(why, fmt.Sprintf("primary key (%s) without zone_id", strings.Join(k.pk, ", ")))
			}
			for _, u := range k.uniques {
				if !slices.Contains(u, "zone_id") && !sqliteZoned(db, k, u) {
					why = append(why, fmt.Sprintf("unique (%s) without zone_id", strings.Join(u, ", ")))
				}
			}
			_, excepted := shardExceptions[name]
			switch {
			case len(why) > 0 && !excepted:
				broken = append(broken, name+": "+strings.Join(why, "; "))
			case len(why) == 0 && excepted:
				t.Errorf("%s keeps the rule now: remove it from shardExceptions", name)
			}
		}
		sort.Strings(broken)
		for _, b := range broken {
			t.Errorf("zone-owned table %s", b)
		}
		for name := range shardExceptions {
			if _, ok := keys[name]; !ok {
				t.Errorf("shardExceptions lists %s, which is no table", name)
			}
		}
	})
}
