package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/errs"
)

// ContractImports is the contractio.Store: the staging of imports, their
// commit, and the export of filtered lists.
type ContractImports struct{ DB *DB }

var _ contractio.Store = ContractImports{}

// stageCols are contract_import_rows' columns as Stage writes them: the
// staging keys, then insertCols without the id (contract_id stands for it).
func stageCols() string {
	return "job_id, seq, row_num, contract_id, " + strings.TrimPrefix(insertCols, "id, ")
}

const stageEventCols = `job_id, seq, n, contract_id, zone_id, event, from_status, to_status, at, actor_id, actor_name, role, reason, refusal_code, reg_no`

// Point returns a zone's registration point.
func (s ContractImports) Point(ctx context.Context, zoneID int64) (contract.Point, bool, error) {
	p, err := pointWhere(ctx, s.DB.Read(), access.System, zoneID)
	if errs.Is(err, errs.NotFound) {
		return p, false, nil
	}
	return p, err == nil, err
}

// Seller finds an enterprise of the zone by its code, with the party
// snapshot a contract keeps (as Contracts.Seller gives it).
func (s ContractImports) Seller(ctx context.Context, zoneID int64, uscc string) (contractio.Seller, bool, error) {
	var out contractio.Seller
	p := &out.Party
	err := s.DB.Read().QueryRow(ctx, `SELECT e.id, e.name, e.uscc, e.nature, COALESCE(NULLIF(a.gb_code, ''), a.city_code)
		FROM enterprises e JOIN areas a ON a.id = e.zone_id WHERE e.uscc = ? AND e.zone_id = ?`, uscc, zoneID).
		Scan(&out.ID, &p.Name, &p.USCC, &p.Nature, &p.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return out, false, nil
	}
	if err != nil {
		return out, false, fmt.Errorf("import seller %s: %w", uscc, err)
	}
	p.Country = "CN"
	return out, true, nil
}

// Stored finds stored contracts holding the duplicate keys (the partial
// unique index's statuses) or the registration numbers, one query each.
func (s ContractImports) Stored(ctx context.Context, dupKeys, regNos []string) (map[string]contractio.StoredRef, map[string]contractio.StoredRef, error) {
	byKey := map[string]contractio.StoredRef{}
	byNo := map[string]contractio.StoredRef{}
	find := func(query string, keys []string, into map[string]contractio.StoredRef) error {
		for start := 0; start < len(keys); start += importChunk {
			part := keys[start:min(start+importChunk, len(keys))]
			args := make([]any, len(part))
			for i, k := range part {
				args[i] = k
			}
			rows, err := s.DB.Read().Query(ctx, fmt.Sprintf(query, placeholders(len(part))), args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k string
				var r contractio.StoredRef
				if err := rows.Scan(&k, &r.ID, &r.ZoneID, &r.RegNo, &r.Name); err != nil {
					rows.Close()
					return err
				}
				if _, seen := into[k]; !seen {
					into[k] = r
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	// The status list repeats the partial index's, so it serves the query.
	if err := find("SELECT dup_key, id, zone_id, COALESCE(reg_no, ''), name FROM contracts WHERE dup_key IN %s AND status IN "+
		holdingStatuses()+" ORDER BY id", dupKeys, byKey); err != nil {
		return nil, nil, fmt.Errorf("import duplicates: %w", err)
	}
	if err := find("SELECT reg_no, id, zone_id, reg_no, name FROM contracts WHERE reg_no IN %s", regNos, byNo); err != nil {
		return nil, nil, fmt.Errorf("import registration numbers: %w", err)
	}
	return byKey, byNo, nil
}

// Stage writes checked rows in one short transaction. On PostgreSQL their
// contract ids are drawn from the identity sequence now (several nodes may
// be inserting); on SQLite they are assigned at commit.
func (s ContractImports) Stage(ctx context.Context, jobID int64, a access.Actor, items []contractio.Staged) error {
	if len(items) == 0 {
		return nil
	}
	return s.DB.Transact(ctx, func(tx *Tx) error {
		ids := make([]int64, len(items))
		if tx.Engine() == Postgres {
			reserved, err := tx.reserveContractIDs(ctx, len(items))
			if err != nil {
				return err
			}
			copy(ids, reserved)
		}
		t := now()
		rows := make([][]any, 0, len(items))
		var ded, ev [][]any
		for i, it := range items {
			c := it.Contract
			c.ID = ids[i]
			head := []any{jobID, it.Seq, it.Row, nullID(ids[i])}
			rows = append(rows, append(head, insertValues(c, a.UserID, t, t)[1:]...))
			for j, d := range c.Deductions {
				ded = append(ded, []any{jobID, it.Seq, j + 1, nullID(ids[i]), string(d.Kind), d.AmountFen})
			}
			for j, st := range it.History {
				ev = append(ev, append([]any{jobID, it.Seq, j + 1, nullID(ids[i])}, eventValues(c, st, a.Username)[1:]...))
			}
		}
		for _, b := range []struct {
			head string
			rows [][]any
		}{
			{"INSERT INTO contract_import_rows (" + stageCols() + ") VALUES ", rows},
			{"INSERT INTO contract_import_deductions (job_id, seq, line, contract_id, kind, amount_fen) VALUES ", ded},
			{"INSERT INTO contract_import_events (" + stageEventCols + ") VALUES ", ev},
		} {
			if err := tx.insertRows(ctx, b.head, b.rows); err != nil {
				return fmt.Errorf("stage import %d: %w", jobID, err)
			}
		}
		return nil
	})
}

// Drop removes a job's staged rows.
func (s ContractImports) Drop(ctx context.Context, jobID int64) error {
	return s.DB.Transact(ctx, func(tx *Tx) error { return dropStaging(ctx, tx, jobID) })
}

func dropStaging(ctx context.Context, tx *Tx, jobID int64) error {
	for _, t := range []string{"contract_import_rows", "contract_import_deductions", "contract_import_events"} {
		if _, err := tx.Exec(ctx, "DELETE FROM "+t+" WHERE job_id = ?", jobID); err != nil {
			return fmt.Errorf("drop import %d staging: %w", jobID, err)
		}
	}
	return nil
}

// Commit moves a job's staged rows into the registry in one transaction:
// set-based copies (INSERT … SELECT) of the contracts, their deduction lines
// and history, then the rollups summed while the file was read, the serial
// counters raised to the highest imported serial of each scope (so new
// registrations follow on), one audit record for the import, and the
// staging dropped. A contract stored meanwhile that the file duplicates
// fails it all (the unique indexes decide), as does staging that is not
// what the import wrote.
func (s ContractImports) Commit(ctx context.Context, a access.Actor, c contractio.Commit) (first, last int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM contract_import_rows WHERE job_id = ?", c.JobID).Scan(&n); err != nil {
			return fmt.Errorf("import %d: count staging: %w", c.JobID, err)
		}
		if n != c.Rows {
			return fmt.Errorf("import %d: %d rows staged, %d expected", c.JobID, n, c.Rows)
		}
		// SQLite: ids after the highest, safe while this transaction holds
		// the one writer. PostgreSQL: reserved when staged.
		var base int64
		if tx.Engine() == SQLite {
			if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM contracts").Scan(&base); err != nil {
				return fmt.Errorf("import %d: ids: %w", c.JobID, err)
			}
		}
		const id = "COALESCE(contract_id, ? + seq)"
		cols := strings.TrimPrefix(insertCols, "id, ")
		if _, err := tx.Exec(ctx, "INSERT INTO contracts ("+insertCols+") SELECT "+id+", "+cols+
			" FROM contract_import_rows WHERE job_id = ? ORDER BY seq", base, c.JobID); err != nil {
			if isUnique(err) {
				return errs.E(errs.Conflict, "import.err.conflict_meanwhile").Wrap(err)
			}
			return fmt.Errorf("import %d: contracts: %w", c.JobID, err)
		}
		if err := tx.QueryRow(ctx, "SELECT MIN("+id+"), MAX("+id+") FROM contract_import_rows WHERE job_id = ?",
			base, base, c.JobID).Scan(&first, &last); err != nil {
			return fmt.Errorf("import %d: ids: %w", c.JobID, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO contract_deductions (contract_id, line, kind, amount_fen) SELECT "+id+
			", line, kind, amount_fen FROM contract_import_deductions WHERE job_id = ?", base, c.JobID); err != nil {
			return fmt.Errorf("import %d: deductions: %w", c.JobID, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO contract_events ("+eventCols+") SELECT "+id+
			", zone_id, event, from_status, to_status, at, actor_id, actor_name, role, reason, refusal_code, reg_no"+
			" FROM contract_import_events WHERE job_id = ? ORDER BY seq, n", base, c.JobID); err != nil {
			return fmt.Errorf("import %d: history: %w", c.JobID, err)
		}
		if err := tx.AddRollups(ctx, c.Rollups); err != nil {
			return err
		}
		for sc, n := range c.Serials {
			if _, err := tx.Exec(ctx, `INSERT INTO contract_serials (scope, last_serial) VALUES (?, ?)
				ON CONFLICT (scope) DO UPDATE SET last_serial = CASE WHEN excluded.last_serial > contract_serials.last_serial
				THEN excluded.last_serial ELSE contract_serials.last_serial END`, sc, n); err != nil {
				return fmt.Errorf("import %d: serial %s: %w", c.JobID, sc, err)
			}
		}
		after := map[string]any{"first_id": first, "last_id": last}
		for k, v := range c.Audit {
			after[k] = v
		}
		// Last: on PostgreSQL the audit append takes the chain's lock,
		// which other nodes' writes wait on until this commits.
		if err := tx.Audit(ctx, a, Change{Action: "import", Entity: "contract_import", EntityID: c.JobID, ZoneID: c.ZoneID, After: after}); err != nil {
			return err
		}
		return dropStaging(ctx, tx, c.JobID)
	})
	return first, last, err
}

// exportPage is how many contracts one export query reads.
const exportPage = 1000

// Export calls fn with every contract of the filtered list the actor may
// see, in the list's order, page by page along the same keyset the list
// uses (so each query is served by the list's indexes), with deduction lines.
func (s ContractImports) Export(ctx context.Context, a access.Actor, f contract.Filter, fn func(contract.Record) error) error {
	byCert := f.ByCertificate()
	order := " ORDER BY c.id DESC"
	if byCert {
		order = " ORDER BY c.certified_on DESC, c.id DESC"
	}
	var lastID int64
	var lastCert civil.Date
	page := make([]contract.Record, 0, exportPage)
	for {
		where, args := listWhere(a, f)
		if lastID != 0 {
			if byCert {
				where = append(where, "(c.certified_on, c.id) < (?, ?)")
				args = append(args, lastCert, lastID)
			} else {
				where = append(where, "c.id < ?")
				args = append(args, lastID)
			}
		}
		rows, err := s.DB.Read().Query(ctx, recordSelect+" WHERE "+strings.Join(where, " AND ")+order+" LIMIT ?", append(args, exportPage)...)
		if err != nil {
			return fmt.Errorf("export contracts: %w", err)
		}
		page = page[:0]
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("export contracts: %w", err)
			}
			page = append(page, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("export contracts: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		if err := s.deductions(ctx, page); err != nil {
			return err
		}
		for _, r := range page {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(page) < exportPage {
			return nil
		}
		lastID, lastCert = page[len(page)-1].ID, page[len(page)-1].CertifiedOn
	}
}

// deductions loads the deduction lines of a page of contracts in one query.
func (s ContractImports) deductions(ctx context.Context, page []contract.Record) error {
	at := make(map[int64]int, len(page))
	args := make([]any, len(page))
	for i, r := range page {
		at[r.ID] = i
		args[i] = r.ID
	}
	rows, err := s.DB.Read().Query(ctx, "SELECT contract_id, kind, amount_fen FROM contract_deductions WHERE contract_id IN "+
		placeholders(len(page))+" ORDER BY contract_id, line", args...)
	if err != nil {
		return fmt.Errorf("export deductions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var d contract.Deduction
		if err := rows.Scan(&id, &d.Kind, &d.AmountFen); err != nil {
			return fmt.Errorf("export deductions: %w", err)
		}
		i := at[id]
		page[i].Deductions = append(page[i].Deductions, d)
	}
	return rows.Err()
}
