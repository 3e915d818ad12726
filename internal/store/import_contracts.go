package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/errs"
)

// ContractImports is the contractio.Store: the staging of imports, their
// commit, and the export of filtered lists.
type ContractImports struct {
	DB *DB
	// RebuildFrom is the fewest rows an import must bring for its commit
	// to rebuild the registry's indexes rather than update them (SQLite;
	// see commitSide). Zero means importRebuildMin.
	RebuildFrom int
}

var _ contractio.Store = ContractImports{}

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

// Stored finds stored contracts holding the duplicate keys or the
// registration numbers, one query each.
func (s ContractImports) Stored(ctx context.Context, dupKeys, regNos []string) (map[string]contractio.StoredRef, map[string]contractio.StoredRef, error) {
	byKey := map[string]contractio.StoredRef{}
	byNo := map[string]contractio.StoredRef{}
	find := func(query string, keys []string, into map[string]contractio.StoredRef) error {
		for start := 0; start < len(keys); start += importChunk {
			part := keys[start:min(start+importChunk, len(keys))]
			args := make([]any, 0, len(part)+1)
			if s.DB.engine == Postgres {
				// An unnamed statement, planned for these values each time: a
				// cached generic plan made while the registry was small (an
				// import into an empty one fills it, uncommitted, as it goes)
				// would scan the table for every batch.
				args = append(args, pgx.QueryExecModeExec)
			}
			for _, k := range part {
				args = append(args, k)
			}
			err := queryEach(ctx, s.DB.Read(), func(sc scanner) error {
				var k string
				var r contractio.StoredRef
				if err := sc.Scan(&k, &r.ID, &r.ZoneID, &r.RegNo, &r.Name); err != nil {
					return err
				}
				if _, seen := into[k]; !seen {
					into[k] = r
				}
				return nil
			}, fmt.Sprintf(query, placeholders(len(part))), args...)
			if err != nil {
				return err
			}
		}
		return nil
	}
	// Through the national lookup tables (step 0029), which hold exactly
	// the keys of the contracts holding them and every number.
	if err := find("SELECT d.dup_key, c.id, c.zone_id, COALESCE(c.reg_no, ''), c.name FROM contract_dups d JOIN contracts c ON c.id = d.contract_id"+
		" WHERE d.dup_key IN %s ORDER BY c.id", dupKeys, byKey); err != nil {
		return nil, nil, fmt.Errorf("import duplicates: %w", err)
	}
	if err := find("SELECT r.reg_no, c.id, c.zone_id, c.reg_no, c.name FROM contract_reg_nos r JOIN contracts c ON c.id = r.contract_id"+
		" WHERE r.reg_no IN %s", regNos, byNo); err != nil {
		return nil, nil, fmt.Errorf("import registration numbers: %w", err)
	}
	return byKey, byNo, nil
}

// exportPage is how many contracts one export query reads.
const exportPage = 1000

// Export calls fn with every contract of the filtered list the actor may
// see, in the list's order (a column's when f.Sort names one, as List),
// page by page along the same keyset the list uses (so each query is served
// by the list's indexes), with deduction lines.
func (s ContractImports) Export(ctx context.Context, a access.Actor, f contract.Filter, fn func(contract.Record) error) error {
	byColumn := contract.SortsByColumn(f.Sort)
	col := orderOf(f.Sort, contractSorts)
	byCert := !byColumn && f.ByCertificate()
	order := " ORDER BY c.id DESC"
	switch {
	case byColumn:
		order = col.by("c.id")
	case byCert:
		order = " ORDER BY c.certified_on DESC, c.id DESC"
	}
	var lastID int64
	var lastCert civil.Date
	var cursor string // byColumn: past the last row written
	page := make([]contract.Record, 0, exportPage)
	for {
		where, args := listWhere(a, f)
		switch {
		case byColumn:
			cond := strings.Join(where, " AND ")
			if err := col.after(&cond, &args, "c", cursor, "c.id"); err != nil {
				return err
			}
			where = []string{cond}
		case lastID == 0:
		case byCert:
			where = append(where, "(c.certified_on, c.id) < (?, ?)")
			args = append(args, lastCert, lastID)
		default:
			where = append(where, "c.id < ?")
			args = append(args, lastID)
		}
		// Into the one page buffer, reused page after page.
		page = page[:0]
		err := queryEach(ctx, s.DB.Read(), func(sc scanner) error {
			r, err := scanRecord(sc)
			if err != nil {
				return err
			}
			page = append(page, r)
			return nil
		}, recordSelect+" WHERE "+strings.Join(where, " AND ")+order+" LIMIT ?", append(args, exportPage)...)
		if err != nil {
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
		last := page[len(page)-1]
		lastID, lastCert = last.ID, last.CertifiedOn
		key := last.Name
		if col.Name == "amount" {
			key = strconv.FormatInt(last.ContractAmountFen, 10)
		}
		cursor = col.cursorAfter("c", key, last.ID)
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
	err := queryEach(ctx, s.DB.Read(), func(sc scanner) error {
		var id int64
		var d contract.Deduction
		if err := sc.Scan(&id, &d.Kind, &d.AmountFen); err != nil {
			return err
		}
		i := at[id]
		page[i].Deductions = append(page[i].Deductions, d)
		return nil
	}, "SELECT contract_id, kind, amount_fen FROM contract_deductions WHERE contract_id IN "+
		placeholders(len(page))+" ORDER BY contract_id, line", args...)
	if err != nil {
		return fmt.Errorf("export deductions: %w", err)
	}
	return nil
}
