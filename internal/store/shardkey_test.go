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
	"audit_log":          "global: one hash chain for the whole database (seq is its order); stays on the coordinator, appended under one lock",
	"bulletin_templates": "national templates have no zone; a reference table",
	"enterprises":        "global: a credit code (uscc) is unique nationally and an enterprise can move between zones; a reference table, or keyed (zone_id, id) with the uscc check moved to the application",
	"job_files":          "a job's files, with jobs",
	"jobs":               "node work, zone optional (national exports); a reference table or the coordinator's",
	"users":              "global: national, provincial and city users have no zone, and a username is unique nationally; a Citus reference table",
}

// previousBinaryUniques are unique indexes without zone_id kept on
// PostgreSQL for one release only, because the binary before the step that
// re-keyed the table names them (ON CONFLICT), each with why; the table
// keeps the rule otherwise. The step after the next release drops them,
// and then they leave this list (the test fails while one is listed but
// gone). docs/operations.md, "National scale".
var previousBinaryUniques = map[string][]keptUnique{
	"org_profiles": {{[]string{"enterprise_id"}, "the previous binary saves a first survey with ON CONFLICT (enterprise_id); a profile's zone is its enterprise's, so this index and the key (enterprise_id, zone_id) refuse the same rows"}},
	"contracts": {
		{[]string{"reg_no"}, "the previous binary's import looks numbers up by reg_no, which would scan contracts without this index; contract_reg_nos refuses the same rows"},
		{[]string{"dup_key"}, "contracts_dup: the previous binary's duplicate check reads contracts by dup_key, which would scan contracts without this index; contract_dups refuses the same rows"},
	},
}

// keptUnique is a unique index previousBinaryUniques keeps: its columns
// and why.
type keptUnique struct {
	cols []string
	why  string
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

// sqliteZoneTwin: SQLite cannot change a table's primary key or drop a
// UNIQUE constraint without rebuilding the table, and never distributes:
// there, a unique index of the same columns plus zone_id stands for the key
// PostgreSQL re-keyed (for id INTEGER PRIMARY KEY, the rowid, a unique
// index (id, zone_id)).
func sqliteZoneTwin(db *store.DB, k *tableKeys, cols []string) bool {
	if db.Engine() != store.SQLite || len(cols) == 0 {
		return false
	}
	for _, u := range k.uniques {
		if len(u) == len(cols)+1 && slices.Contains(u, "zone_id") && !slices.ContainsFunc(cols, func(c string) bool { return !slices.Contains(u, c) }) {
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
			case !slices.Contains(k.pk, "zone_id") && !sqliteZoneTwin(db, k, k.pk):
				why = append(why, fmt.Sprintf("primary key (%s) without zone_id", strings.Join(k.pk, ", ")))
			}
			kept := previousBinaryUniques[name]
			found := make([]bool, len(kept))
			for _, u := range k.uniques {
				i := slices.IndexFunc(kept, func(x keptUnique) bool { return slices.Equal(u, x.cols) })
				switch {
				case slices.Contains(u, "zone_id") || sqliteZoneTwin(db, k, u):
				case i >= 0 && db.Engine() == store.Postgres:
					found[i] = true
				default:
					why = append(why, fmt.Sprintf("unique (%s) without zone_id", strings.Join(u, ", ")))
				}
			}
			for i, x := range kept {
				if !found[i] && db.Engine() == store.Postgres {
					t.Errorf("previousBinaryUniques lists %s (%s), which it no longer has: remove it from the list", name, strings.Join(x.cols, ", "))
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
