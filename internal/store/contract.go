package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/attach"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/paging"
)

// Contracts is the contract.Store.
type Contracts struct{ DB *DB }

var _ contract.Store = Contracts{}

// contractCols are the columns scanContract reads, in its order.
const contractCols = `c.id, c.zone_id, c.seller_id, c.seller_name, c.seller_uscc, c.seller_nature, c.seller_region, c.seller_country,
	c.name, c.contract_no, c.type, c.licence_subtype, c.signed_on, c.valid_from, c.valid_to, c.field, c.ip_type, c.programme_level,
	c.buyer_name, c.buyer_uscc, c.buyer_nature, c.buyer_region, c.buyer_country,
	c.contract_amount_fen, c.tech_amount_fen, c.tech_amount_fixed, c.status, c.rule_set, c.accepted_on, c.deadline,
	c.disputed, c.return_reason, c.reg_no, c.certified_on, c.registered_by, c.point_id,
	c.refusal_code, c.refusal_reason, c.refused_on, c.amendments, c.amended_on, c.amend_reason,
	c.cancelled_on, c.cancel_reason, c.version`

const recordSelect = `SELECT ` + contractCols + `, a.name, COALESCE(p.name, ''),
	COALESCE(NULLIF(u.display_name, ''), u.username, ''), c.created_at, c.updated_at
	FROM contracts c JOIN areas a ON a.id = c.zone_id
	LEFT JOIN registration_points p ON p.id = c.point_id
	LEFT JOIN users u ON u.id = c.registered_by`

func contractDest(c *contract.Contract, regNo *sql.NullString) []any {
	return []any{&c.ID, &c.ZoneID, &c.SellerID, &c.Seller.Name, &c.Seller.USCC, &c.Seller.Nature, &c.Seller.Region, &c.Seller.Country,
		&c.Name, &c.ContractNo, &c.Type, &c.LicenceSubtype, &c.SignedOn, &c.ValidFrom, &c.ValidTo, &c.Field, &c.IPType, &c.ProgrammeLevel,
		&c.Buyer.Name, &c.Buyer.USCC, &c.Buyer.Nature, &c.Buyer.Region, &c.Buyer.Country,
		&c.ContractAmountFen, &c.TechAmountFen, &c.TechAmountFixed, &c.Status, &c.RuleSet, &c.AcceptedOn, &c.Deadline,
		&c.Disputed, &c.ReturnReason, regNo, &c.CertifiedOn, scanID{&c.RegisteredBy}, scanID{&c.PointID},
		&c.RefusalCode, &c.RefusalReason, &c.RefusedOn, &c.Amendments, &c.AmendedOn, &c.AmendReason,
		&c.CancelledOn, &c.CancelReason, &c.Version}
}

func scanContract(sc interface{ Scan(...any) error }) (contract.Contract, error) {
	var c contract.Contract
	var regNo sql.NullString
	err := sc.Scan(contractDest(&c, &regNo)...)
	c.RegNo = regNo.String
	return c, err
}

func scanRecord(sc interface{ Scan(...any) error }) (contract.Record, error) {
	var r contract.Record
	var regNo sql.NullString
	dest := append(contractDest(&r.Contract, &regNo), &r.ZoneName, &r.PointName, &r.RegistrarName,
		scanTime{&r.CreatedAt}, scanTime{&r.UpdatedAt})
	err := sc.Scan(dest...)
	r.RegNo = regNo.String
	return r, err
}

// nullText writes "" as NULL, for optional unique codes.
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func notFoundContract(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.NotFoundf("contract.entity")
	}
	return err
}

// getRecord loads a contract the actor may see, with its lines; lock takes
// a row lock on PostgreSQL (SQLite's one writer needs none).
func getRecord(ctx context.Context, q Q, a access.Actor, id int64, lock bool) (contract.Record, error) {
	cond, args := scope(a, "c.zone_id", "c.seller_id")
	query := recordSelect + " WHERE c.id = ? AND " + cond
	if lock && q.Engine() == Postgres {
		query += " FOR UPDATE OF c"
	}
	r, err := scanRecord(q.QueryRow(ctx, query, append([]any{id}, args...)...))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return r, notFoundContract(err)
		}
		return r, fmt.Errorf("get contract %d: %w", id, err)
	}
	if err := loadLines(ctx, q, &r.Contract); err != nil {
		return r, err
	}
	return r, nil
}

func loadLines(ctx context.Context, q Q, c *contract.Contract) error {
	var err error
	c.Deductions, err = queryAll(ctx, q, func(r scanner) (contract.Deduction, error) {
		var d contract.Deduction
		err := r.Scan(&d.Kind, &d.AmountFen)
		return d, err
	}, "SELECT kind, amount_fen FROM contract_deductions WHERE contract_id = ? ORDER BY line", c.ID)
	if err != nil {
		return fmt.Errorf("contract %d deductions: %w", c.ID, err)
	}
	c.Payments, err = queryAll(ctx, q, func(r scanner) (contract.Payment, error) {
		var p contract.Payment
		err := r.Scan(&p.On, &p.AmountFen)
		return p, err
	}, "SELECT paid_on, amount_fen FROM contract_payments WHERE contract_id = ? ORDER BY line", c.ID)
	if err != nil {
		return fmt.Errorf("contract %d payments: %w", c.ID, err)
	}
	return nil
}

// Get returns a contract the actor may see.
func (s Contracts) Get(ctx context.Context, a access.Actor, id int64) (contract.Record, error) {
	return getRecord(ctx, s.DB.Read(), a, id, false)
}

// insertCols are the columns of a full insert, id first.
const insertCols = `id, zone_id, seller_id, seller_name, seller_uscc, seller_nature, seller_region, seller_country,
	name, contract_no, type, licence_subtype, signed_on, valid_from, valid_to, field, ip_type, programme_level,
	buyer_name, buyer_uscc, buyer_nature, buyer_region, buyer_country,
	contract_amount_fen, tech_amount_fen, tech_amount_fixed, status, rule_set, accepted_on, deadline,
	disputed, return_reason, reg_no, certified_on, registered_by, point_id,
	refusal_code, refusal_reason, refused_on, amendments, amended_on, amend_reason,
	cancelled_on, cancel_reason, dup_key, version, created_by, created_at, updated_at`

var (
	insertColCount     = strings.Count(insertCols, ",") + 1
	contractInsertCols = splitCols(insertCols)
	eventInsertCols    = splitCols(eventCols)
)

func splitCols(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(c))
	}
	return out
}

// ContractColumns are the columns of the contracts table in the order
// AppendContractValues appends their values, id first.
func ContractColumns() []string { return slices.Clone(contractInsertCols) }

// EventColumns are the columns of the contract_events table (without its
// id) in the order EventValues returns their values.
func EventColumns() []string { return slices.Clone(eventInsertCols) }

// insertValues are c's values for insertCols.
func insertValues(c contract.Contract, createdBy int64, created, updated time.Time) []any {
	return AppendContractValues(make([]any, 0, insertColCount), &c, contract.DuplicateKey(c), createdBy, created, updated)
}

// AppendContractValues appends c's values for ContractColumns to dst, with
// its duplicate key as computed by the caller (contract.DuplicateKey), the
// user who created it (0: none) and its two timestamps.
func AppendContractValues(dst []any, c *contract.Contract, dupKey string, createdBy int64, created, updated time.Time) []any {
	return append(dst, c.ID, c.ZoneID, c.SellerID, c.Seller.Name, c.Seller.USCC, string(c.Seller.Nature), c.Seller.Region, c.Seller.Country,
		c.Name, c.ContractNo, string(c.Type), string(c.LicenceSubtype), c.SignedOn, c.ValidFrom, c.ValidTo, string(c.Field), string(c.IPType), string(c.ProgrammeLevel),
		c.Buyer.Name, c.Buyer.USCC, string(c.Buyer.Nature), c.Buyer.Region, c.Buyer.Country,
		c.ContractAmountFen, c.TechAmountFen, c.TechAmountFixed, string(c.Status), string(c.RuleSet), c.AcceptedOn, c.Deadline,
		c.Disputed, c.ReturnReason, nullText(c.RegNo), c.CertifiedOn, nullID(c.RegisteredBy), nullID(c.PointID),
		string(c.RefusalCode), c.RefusalReason, c.RefusedOn, c.Amendments, c.AmendedOn, c.AmendReason,
		c.CancelledOn, c.CancelReason, dupKey, max(c.Version, 1), nullID(createdBy), ts(created), ts(updated))
}

func placeholders(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

// Create stores a new contract (ch.Next) with its lines, first step and
// rollups, and audits it.
func (s Contracts) Create(ctx context.Context, a access.Actor, ch contract.Change) (id int64, err error) {
	c, step := ch.Next, ch.Step
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		t := tx.now()
		c.ID = 0
		// Without the id column: PostgreSQL's identity default applies only
		// when the column is left out, not when it is NULL.
		cols, _ := strings.CutPrefix(insertCols, "id, ")
		values := AppendContractValues(make([]any, 0, insertColCount), &c, ch.DupKey, a.UserID, t, t)
		if err := tx.QueryRow(ctx, "INSERT INTO contracts ("+cols+") VALUES "+placeholders(insertColCount-1)+" RETURNING id",
			values[1:]...).Scan(&id); err != nil {
			if isUnique(err) {
				return errDupRace
			}
			return fmt.Errorf("insert contract: %w", err)
		}
		c.ID, c.Version = id, 1
		if err := writeLines(ctx, tx, c); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, c, step, a.Username); err != nil {
			return err
		}
		if err := tx.AddRollups(ctx, ch.Rollups); err != nil {
			return err
		}
		return tx.Audit(ctx, a, Change{Action: string(step.Event), Entity: "contract", EntityID: id, ZoneID: c.ZoneID, After: c})
	})
	if errors.Is(err, errDupRace) {
		return 0, s.duplicateOf(ctx, 0, ch.DupKey)
	}
	return id, err
}

// errDupRace is a duplicate-key violation the pre-check did not see (a
// concurrent submission); it is turned into the Conflict after rollback.
var errDupRace = errors.New("store: duplicate contract key")

func writeLines(ctx context.Context, tx *Tx, c contract.Contract) error {
	if _, err := tx.Exec(ctx, "DELETE FROM contract_deductions WHERE contract_id = ?", c.ID); err != nil {
		return fmt.Errorf("contract %d deductions: %w", c.ID, err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM contract_payments WHERE contract_id = ?", c.ID); err != nil {
		return fmt.Errorf("contract %d payments: %w", c.ID, err)
	}
	for i, d := range c.Deductions {
		if _, err := tx.Exec(ctx, "INSERT INTO contract_deductions (contract_id, line, kind, amount_fen, zone_id) VALUES (?, ?, ?, ?, ?)",
			c.ID, i+1, string(d.Kind), d.AmountFen, c.ZoneID); err != nil {
			return fmt.Errorf("contract %d deduction %d: %w", c.ID, i+1, err)
		}
	}
	for i, p := range c.Payments {
		if _, err := tx.Exec(ctx, "INSERT INTO contract_payments (contract_id, line, paid_on, amount_fen, zone_id) VALUES (?, ?, ?, ?, ?)",
			c.ID, i+1, p.On, p.AmountFen, c.ZoneID); err != nil {
			return fmt.Errorf("contract %d payment %d: %w", c.ID, i+1, err)
		}
	}
	return nil
}

const eventCols = `contract_id, zone_id, event, from_status, to_status, at, actor_id, actor_name, role, reason, refusal_code, reg_no`

// EventValues are the values for EventColumns of step st of c, made by
// actorName.
func EventValues(c contract.Contract, st contract.Step, actorName string) []any {
	return []any{c.ID, c.ZoneID, string(st.Event), string(st.From), string(st.To), ts(st.At.UTC().Truncate(time.Microsecond)),
		nullID(st.ActorID), actorName, string(st.Role), st.Reason, string(st.RefusalCode), st.RegNo}
}

func insertEvent(ctx context.Context, tx *Tx, c contract.Contract, st contract.Step, actorName string) error {
	if _, err := tx.Exec(ctx, "INSERT INTO contract_events ("+eventCols+") VALUES "+placeholders(12), EventValues(c, st, actorName)...); err != nil {
		return fmt.Errorf("contract %d event: %w", c.ID, err)
	}
	return nil
}

// contractTxn gives the workflow the registration point and the serial
// counters inside the changing transaction.
type contractTxn struct{ tx *Tx }

func (t contractTxn) Point(ctx context.Context, zoneID int64) (contract.Point, error) {
	return pointWhere(ctx, t.tx.Q, access.System, zoneID)
}

// Attachments counts the files kept with a contract.
func (t contractTxn) Attachments(ctx context.Context, contractID int64) (int, error) {
	return t.tx.countFiles(ctx, attach.OwnerContract, contractID)
}

// NextSerial increments scope's counter with one upsert: the row lock it
// takes makes a concurrent registration (on any app node) wait for this
// transaction, and a rollback takes the increment back, so serials stay
// unique and gapless.
func (t contractTxn) NextSerial(ctx context.Context, scope string) (int, error) {
	var n int64
	err := t.tx.QueryRow(ctx, `INSERT INTO contract_serials (scope, last_serial) VALUES (?, 1)
		ON CONFLICT (scope) DO UPDATE SET last_serial = contract_serials.last_serial + 1
		RETURNING last_serial`, scope).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("next serial %s: %w", scope, err)
	}
	return int(n), nil
}

// Change loads and locks a contract, has fn work out its change, and
// persists that change in the same transaction.
func (s Contracts) Change(ctx context.Context, a access.Actor, id int64, fn contract.ChangeFunc) (contract.Contract, error) {
	var out contract.Contract
	var dupKey string
	err := s.DB.Transact(ctx, func(tx *Tx) error {
		rec, err := getRecord(ctx, tx.Q, a, id, true)
		if err != nil {
			return err
		}
		old := rec.Contract
		ch, err := fn(ctx, old, contractTxn{tx})
		if err != nil {
			return err
		}
		c, step := ch.Next, ch.Step
		if ch.HoldsDupKey {
			if err := checkDuplicate(ctx, tx.Q, old.ID, ch.DupKey); err != nil {
				return err
			}
		}
		dupKey = ch.DupKey
		t := tx.now()
		res, err := tx.Exec(ctx, `UPDATE contracts SET name = ?, contract_no = ?, type = ?, licence_subtype = ?, signed_on = ?, valid_from = ?, valid_to = ?,
			field = ?, ip_type = ?, programme_level = ?, buyer_name = ?, buyer_uscc = ?, buyer_nature = ?, buyer_region = ?, buyer_country = ?,
			contract_amount_fen = ?, tech_amount_fen = ?, tech_amount_fixed = ?, status = ?, rule_set = ?, accepted_on = ?, deadline = ?,
			disputed = ?, return_reason = ?, reg_no = ?, certified_on = ?, registered_by = ?, point_id = ?,
			refusal_code = ?, refusal_reason = ?, refused_on = ?, amendments = ?, amended_on = ?, amend_reason = ?,
			cancelled_on = ?, cancel_reason = ?, dup_key = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`,
			c.Name, c.ContractNo, string(c.Type), string(c.LicenceSubtype), c.SignedOn, c.ValidFrom, c.ValidTo,
			string(c.Field), string(c.IPType), string(c.ProgrammeLevel), c.Buyer.Name, c.Buyer.USCC, string(c.Buyer.Nature), c.Buyer.Region, c.Buyer.Country,
			c.ContractAmountFen, c.TechAmountFen, c.TechAmountFixed, string(c.Status), string(c.RuleSet), c.AcceptedOn, c.Deadline,
			c.Disputed, c.ReturnReason, nullText(c.RegNo), c.CertifiedOn, nullID(c.RegisteredBy), nullID(c.PointID),
			string(c.RefusalCode), c.RefusalReason, c.RefusedOn, c.Amendments, c.AmendedOn, c.AmendReason,
			c.CancelledOn, c.CancelReason, ch.DupKey, ts(t),
			old.ID, old.Version)
		if isUnique(err) {
			return errDupRace
		}
		if err != nil {
			return fmt.Errorf("update contract %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "error.stale")
		}
		c.Version = old.Version + 1
		if ch.Lines {
			if err := writeLines(ctx, tx, c); err != nil {
				return err
			}
		}
		if err := insertEvent(ctx, tx, c, step, a.Username); err != nil {
			return err
		}
		if err := tx.AddRollups(ctx, ch.Rollups); err != nil {
			return err
		}
		out = c
		return tx.Audit(ctx, a, Change{Action: string(step.Event), Entity: "contract", EntityID: id, ZoneID: c.ZoneID, Before: old, After: c})
	})
	if errors.Is(err, errDupRace) {
		return contract.Contract{}, s.duplicateOf(ctx, id, dupKey)
	}
	return out, err
}

// holdingStatuses are the statuses contract.HoldsDuplicateKey is true for,
// as SQL (step 0029's triggers list the same).
func holdingStatuses() string {
	var out []string
	for _, s := range contract.Statuses() {
		if contract.HoldsDuplicateKey(s) {
			out = append(out, "'"+string(s)+"'")
		}
	}
	return "(" + strings.Join(out, ", ") + ")"
}

// ContractKeyFills are the statements that put the national lookup rows of
// the contracts with ids above after — their registration numbers into
// contract_reg_nos, the duplicate keys of those holding theirs into
// contract_dups — in key order, for a writer that set contracts' triggers
// aside while it wrote them (the bulk loader, a large import's commit on
// SQLite). A number or key already held fails them as a unique violation.
func ContractKeyFills(after int64) []string {
	from := strconv.FormatInt(after, 10)
	return []string{
		"INSERT INTO contract_reg_nos (reg_no, contract_id) SELECT reg_no, id FROM contracts WHERE id > " + from +
			" AND reg_no IS NOT NULL ORDER BY reg_no",
		"INSERT INTO contract_dups (dup_key, contract_id) SELECT dup_key, id FROM contracts WHERE id > " + from +
			" AND status IN " + holdingStatuses() + " ORDER BY dup_key",
	}
}

// checkDuplicate refuses a contract's duplicate key (id 0 for a new one)
// when another contract holding the duplicate key has it, naming that one.
func checkDuplicate(ctx context.Context, q Q, id int64, dupKey string) error {
	var firstID int64
	var regNo, name string
	var accepted civil.Date
	err := q.QueryRow(ctx, `SELECT c.id, COALESCE(c.reg_no, ''), c.name, c.accepted_on FROM contract_dups d JOIN contracts c ON c.id = d.contract_id
		WHERE d.dup_key = ? AND d.contract_id <> ?`, dupKey, id).Scan(&firstID, &regNo, &name, &accepted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("duplicate check: %w", err)
	}
	return duplicateError(firstID, regNo, name, accepted)
}

func duplicateError(firstID int64, regNo, name string, accepted civil.Date) error {
	ref := regNo
	if ref == "" {
		ref = "#" + strconv.FormatInt(firstID, 10)
	}
	msg := errs.M("contract.err.duplicate", ref, name, accepted.String())
	return &errs.Error{Kind: errs.Conflict, Msg: msg, Fields: map[string]errs.Msg{"name": msg}}
}

// duplicateOf names the contract a refused duplicate (contract id, 0 for a
// new one, and its key) collided with, read after the failed transaction
// rolled back.
func (s Contracts) duplicateOf(ctx context.Context, id int64, dupKey string) error {
	if err := checkDuplicate(ctx, s.DB.Read(), id, dupKey); err != nil {
		return err
	}
	// The first was cancelled or refused in the meantime: try again.
	return errs.E(errs.Conflict, "error.stale")
}

// summarySelect is the list and queue columns.
const summarySelect = `SELECT c.id, c.zone_id, a.name, c.seller_id, c.seller_name, c.name, c.type, c.field, c.buyer_name,
	c.contract_amount_fen, c.tech_amount_fen, c.status, c.rule_set, COALESCE(c.reg_no, ''), c.signed_on, c.accepted_on,
	c.deadline, c.certified_on
	FROM contracts c JOIN areas a ON a.id = c.zone_id`

func scanSummary(sc interface{ Scan(...any) error }) (contract.Summary, error) {
	var m contract.Summary
	err := sc.Scan(&m.ID, &m.ZoneID, &m.ZoneName, &m.SellerID, &m.SellerName, &m.Name, &m.Type, &m.Field, &m.BuyerName,
		&m.ContractAmountFen, &m.TechAmountFen, &m.Status, &m.RuleSet, &m.RegNo, &m.SignedOn, &m.AcceptedOn,
		&m.Deadline, &m.CertifiedOn)
	return m, err
}

// Cursors carry the mode they were made in, so a cursor of one ordering is
// never read as the other's.
const (
	cursorByID   = "i"
	cursorByCert = "d:"
)

// listWhere is the WHERE clauses of a filtered list without its cursor:
// the actor's scope and the filters. List and the export share it, so an
// export holds exactly what the list pages show.
func listWhere(a access.Actor, f contract.Filter) ([]string, []any) {
	cond, args := scope(a, "c.zone_id", "c.seller_id")
	where := []string{cond}
	add := func(clause string, v ...any) {
		where = append(where, clause)
		args = append(args, v...)
	}
	if f.ZoneID != 0 {
		add("c.zone_id = ?", f.ZoneID)
	}
	if f.SellerID != 0 {
		add("c.seller_id = ?", f.SellerID)
	}
	if f.Status != "" {
		add("c.status = ?", string(f.Status))
	}
	if f.Type != "" {
		add("c.type = ?", string(f.Type))
	}
	if f.Field != "" {
		add("c.field = ?", string(f.Field))
	}
	if !f.From.IsZero() {
		add("c.certified_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("c.certified_on <= ?", f.To)
	}
	if f.Q != "" {
		like := "%" + likeEscape(f.Q) + "%"
		add(`(c.name LIKE ? ESCAPE '\' OR c.buyer_name LIKE ? ESCAPE '\' OR c.seller_name LIKE ? ESCAPE '\' OR c.reg_no LIKE ? ESCAPE '\')`,
			like, like, like, likeEscape(f.Q)+"%")
	}
	return where, args
}

// List returns a page, keyset-paginated: by id (newest first), or with a
// certificate date range by (certified_on, id), newest first; both orders
// are served by an index for every filter (see 0003_contracts.sql).
func (s Contracts) List(ctx context.Context, a access.Actor, f contract.Filter) (contract.Page, error) {
	where, args := listWhere(a, f)
	add := func(clause string, v ...any) {
		where = append(where, clause)
		args = append(args, v...)
	}
	if contract.SortsByColumn(f.Sort) {
		return s.listSorted(ctx, a, f, where, args)
	}
	byCert := f.ByCertificate()
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		bad := errs.E(errs.BadRequest, "error.bad_cursor")
		switch {
		case err != nil:
			return contract.Page{}, bad
		case byCert:
			date, ok := strings.CutPrefix(key, cursorByCert)
			d, err := civil.Parse(date)
			if !ok || err != nil {
				return contract.Page{}, bad
			}
			add("(c.certified_on, c.id) < (?, ?)", d, id)
		default:
			if key != cursorByID {
				return contract.Page{}, bad
			}
			add("c.id < ?", id)
		}
	}
	order := " ORDER BY c.id DESC"
	if byCert {
		order = " ORDER BY c.certified_on DESC, c.id DESC"
	}
	args = append(args, f.Limit+1)
	items, err := queryAll(ctx, s.DB.Read(), scanSummary, summarySelect+" WHERE "+strings.Join(where, " AND ")+order+" LIMIT ?", args...)
	if err != nil {
		return contract.Page{}, fmt.Errorf("list contracts: %w", err)
	}
	p := contract.Page{Items: items}
	if len(p.Items) > f.Limit {
		p.Items = p.Items[:f.Limit]
		last := p.Items[len(p.Items)-1]
		if byCert {
			p.Next = encodeCursor(cursorByCert+last.CertifiedOn.String(), last.ID)
		} else {
			p.Next = encodeCursor(cursorByID, last.ID)
		}
	}
	if p.Items == nil {
		p.Items = []contract.Summary{}
	}
	return p, s.countInto(ctx, a, f, &p)
}

// contractSorts are the columns a list sorts by (contract.Sorts), each
// with an index on (column, id) and (zone_id, column, id), 0023.
var contractSorts = map[string]sortCol{
	"name":   {Col: "c.name", Kind: keyText},
	"amount": {Col: "c.contract_amount_fen", Kind: keyInt},
}

// listSorted is List in the order of a column.
func (s Contracts) listSorted(ctx context.Context, a access.Actor, f contract.Filter, where []string, args []any) (contract.Page, error) {
	o := orderOf(f.Sort, contractSorts)
	cond := strings.Join(where, " AND ")
	if err := o.after(&cond, &args, "c", f.Cursor, "c.id"); err != nil {
		return contract.Page{}, err
	}
	items, err := queryAll(ctx, s.DB.Read(), scanSummary, summarySelect+" WHERE "+cond+o.by("c.id")+" LIMIT ?", append(args, f.Limit+1)...)
	if err != nil {
		return contract.Page{}, fmt.Errorf("list contracts: %w", err)
	}
	pg := pageIn(items, f.Limit, "c", o, func(c contract.Summary, col string) (string, int64) {
		if col == "amount" {
			return strconv.FormatInt(c.ContractAmountFen, 10), c.ID
		}
		return c.Name, c.ID
	})
	p := contract.Page{Items: pg.Items, Next: pg.Next}
	return p, s.countInto(ctx, a, f, &p)
}

// countInto sets p.Total when f asks for it.
func (s Contracts) countInto(ctx context.Context, a access.Actor, f contract.Filter, p *contract.Page) error {
	if !f.Count {
		return nil
	}
	where, args := listWhere(a, f)
	if err := s.DB.Read().QueryRow(ctx, "SELECT COUNT(*) FROM contracts c WHERE "+strings.Join(where, " AND "), args...).Scan(&p.Total); err != nil {
		return fmt.Errorf("count contracts: %w", err)
	}
	return nil
}

// pendingStatuses are the statuses of the queue (contract.Status.Pending).
func pendingStatuses() string {
	var out []string
	for _, s := range contract.Statuses() {
		if s.Pending() {
			out = append(out, "'"+string(s)+"'")
		}
	}
	return "(" + strings.Join(out, ", ") + ")"
}

// Queue lists pending contracts by deadline.
func (s Contracts) Queue(ctx context.Context, a access.Actor, zoneID int64, limit int) ([]contract.Summary, error) {
	cond, args := scope(a, "c.zone_id", "c.seller_id")
	q := summarySelect + " WHERE " + cond + " AND c.status IN " + pendingStatuses()
	if zoneID != 0 {
		q += " AND c.zone_id = ?"
		args = append(args, zoneID)
	}
	q += " ORDER BY c.deadline IS NULL, c.deadline, c.id LIMIT ?" // not yet accepted (no deadline) last
	items, err := queryAll(ctx, s.DB.Read(), scanSummary, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("contract queue: %w", err)
	}
	if items == nil {
		items = []contract.Summary{}
	}
	return items, nil
}

// visible reports NotFound unless the actor may see the contract.
func visible(ctx context.Context, q Q, a access.Actor, id int64) error {
	cond, args := scope(a, "c.zone_id", "c.seller_id")
	var one int
	err := q.QueryRow(ctx, "SELECT 1 FROM contracts c WHERE c.id = ? AND "+cond, append([]any{id}, args...)...).Scan(&one)
	if err != nil {
		return notFoundContract(err)
	}
	return nil
}

// History returns a page of a contract's steps, newest first (index
// contract_events_contract).
func (s Contracts) History(ctx context.Context, a access.Actor, id int64, p paging.Request) (paging.Page[contract.HistoryItem], error) {
	q := s.DB.Read()
	if err := visible(ctx, q, a, id); err != nil {
		return paging.Page[contract.HistoryItem]{}, err
	}
	cond, args := "contract_id = ?", []any{id}
	if err := olderThan(&cond, &args, "c", p.Cursor, "id"); err != nil {
		return paging.Page[contract.HistoryItem]{}, err
	}
	out, err := queryAll(ctx, q, func(r scanner) (contract.HistoryItem, error) {
		var h contract.HistoryItem
		err := r.Scan(&h.ID, &h.Event, &h.From, &h.To, scanTime{&h.At}, &h.ActorID, &h.ActorName, &h.Role,
			&h.Reason, &h.RefusalCode, &h.RegNo)
		return h, err
	}, `SELECT id, event, from_status, to_status, at, COALESCE(actor_id, 0), actor_name, role, reason, refusal_code, reg_no
		FROM contract_events WHERE `+cond+` ORDER BY id DESC LIMIT ?`, append(args, p.Limit+1)...)
	if err != nil {
		return paging.Page[contract.HistoryItem]{}, fmt.Errorf("contract %d history: %w", id, err)
	}
	return pageOf(out, p.Limit, "c", func(h contract.HistoryItem) (string, int64) { return "", h.ID }), nil
}

// Seller returns an enterprise's party snapshot and zone: its name, code and
// nature, and its zone's GB/T 2260 code (the city's when the zone has none).
func (s Contracts) Seller(ctx context.Context, a access.Actor, enterpriseID int64) (contract.Party, int64, error) {
	cond, args := scope(a, "e.zone_id", "e.id")
	var p contract.Party
	var zoneID int64
	err := s.DB.Read().QueryRow(ctx, `SELECT e.name, e.uscc, e.nature, COALESCE(NULLIF(a.gb_code, ''), a.city_code), e.zone_id
		FROM enterprises e JOIN areas a ON a.id = e.zone_id WHERE e.id = ? AND `+cond, append([]any{enterpriseID}, args...)...).
		Scan(&p.Name, &p.USCC, &p.Nature, &p.Region, &zoneID)
	if errors.Is(err, sql.ErrNoRows) {
		return p, 0, errs.NotFoundf("entity.enterprise")
	}
	if err != nil {
		return p, 0, fmt.Errorf("seller %d: %w", enterpriseID, err)
	}
	p.Country = "CN"
	return p, zoneID, nil
}

// SellerYear lists the seller's contracts certified in year (lines not loaded).
func (s Contracts) SellerYear(ctx context.Context, a access.Actor, sellerID int64, year int) ([]contract.Contract, error) {
	cond, args := scope(a, "c.zone_id", "c.seller_id")
	from := civil.Date{Year: year, Month: time.January, Day: 1}
	to := civil.Date{Year: year, Month: time.December, Day: 31}
	out, err := queryAll(ctx, s.DB.Read(), scanContract, "SELECT "+contractCols+" FROM contracts c WHERE c.seller_id = ? AND c.certified_on >= ? AND c.certified_on <= ? AND "+
		cond+" ORDER BY c.certified_on, c.id", append([]any{sellerID, from, to}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("seller %d contracts %d: %w", sellerID, year, err)
	}
	return out, nil
}

// attachmentOf and fileOf convert between a contract's attachment and the
// file store's record.
func attachmentOf(f attach.File) contract.Attachment {
	return contract.Attachment{ID: f.ID, ContractID: f.OwnerID, ZoneID: f.ZoneID, Name: f.Name, ContentType: f.ContentType,
		Size: f.Size, SHA256: f.SHA256, UploadedBy: f.UploadedBy, Uploader: f.Uploader, UploadedAt: f.UploadedAt}
}

func fileOf(t contract.Attachment) attach.File {
	return attach.File{ID: t.ID, Owner: attach.OwnerContract, OwnerID: t.ContractID, ZoneID: t.ZoneID, Name: t.Name,
		ContentType: t.ContentType, Size: t.Size, SHA256: t.SHA256, UploadedBy: t.UploadedBy, Uploader: t.Uploader, UploadedAt: t.UploadedAt}
}

// Attachments lists a visible contract's files, oldest first.
func (s Contracts) Attachments(ctx context.Context, a access.Actor, id int64) ([]contract.Attachment, error) {
	q := s.DB.Read()
	if err := visible(ctx, q, a, id); err != nil {
		return nil, err
	}
	files, err := q.files(ctx, attach.OwnerContract, id)
	if err != nil {
		return nil, err
	}
	out := make([]contract.Attachment, len(files))
	for i, f := range files {
		out[i] = attachmentOf(f)
	}
	return out, nil
}

// Attachment returns one file of a visible contract with its bytes.
func (s Contracts) Attachment(ctx context.Context, a access.Actor, id, attachmentID int64) (contract.Attachment, []byte, error) {
	q := s.DB.Read()
	if err := visible(ctx, q, a, id); err != nil {
		return contract.Attachment{}, nil, err
	}
	f, data, err := q.file(ctx, attach.OwnerContract, id, attachmentID)
	if errors.Is(err, sql.ErrNoRows) {
		return contract.Attachment{}, nil, errs.NotFoundf("contract.entity_attachment")
	}
	if err != nil {
		return contract.Attachment{}, nil, fmt.Errorf("attachment %d: %w", attachmentID, err)
	}
	return attachmentOf(f), data, nil
}

// AddAttachment stores a file of a visible contract when check passes.
func (s Contracts) AddAttachment(ctx context.Context, a access.Actor, id int64, att contract.Attachment, data []byte, check func(contract.Contract, int) error) (attID int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		rec, err := getRecord(ctx, tx.Q, a, id, true)
		if err != nil {
			return err
		}
		n, err := tx.countFiles(ctx, attach.OwnerContract, id)
		if err != nil {
			return err
		}
		if err := check(rec.Contract, n); err != nil {
			return err
		}
		att.ContractID, att.ZoneID = id, rec.ZoneID
		if attID, err = tx.insertFile(ctx, fileOf(att), data); err != nil {
			return err
		}
		att.ID = attID
		return tx.Audit(ctx, a, Change{Action: "attach", Entity: "contract", EntityID: id, ZoneID: rec.ZoneID, After: att})
	})
	return attID, err
}

// DeleteAttachment removes a file of a visible contract when check passes.
func (s Contracts) DeleteAttachment(ctx context.Context, a access.Actor, id, attachmentID int64, check func(contract.Contract) error) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		rec, err := getRecord(ctx, tx.Q, a, id, true)
		if err != nil {
			return err
		}
		f, err := tx.fileMeta(ctx, attach.OwnerContract, id, attachmentID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("contract.entity_attachment")
		}
		if err != nil {
			return fmt.Errorf("attachment %d: %w", attachmentID, err)
		}
		if err := check(rec.Contract); err != nil {
			return err
		}
		if err := tx.deleteFile(ctx, attachmentID); err != nil {
			return err
		}
		return tx.Audit(ctx, a, Change{Action: "detach", Entity: "contract", EntityID: id, ZoneID: rec.ZoneID, Before: attachmentOf(f)})
	})
}

func pointWhere(ctx context.Context, q Q, a access.Actor, zoneID int64) (contract.Point, error) {
	cond, args := areaScope(a, "p.zone_id")
	var p contract.Point
	err := q.QueryRow(ctx, "SELECT p.id, p.zone_id, p.code, p.name, p.region_code FROM registration_points p WHERE p.zone_id = ? AND "+cond,
		append([]any{zoneID}, args...)...).Scan(&p.ID, &p.ZoneID, &p.Code, &p.Name, &p.RegionCode)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.NotFoundf("contract.entity_point")
	}
	if err != nil {
		return p, fmt.Errorf("registration point of zone %d: %w", zoneID, err)
	}
	return p, nil
}

// Point returns a visible zone's registration point.
func (s Contracts) Point(ctx context.Context, a access.Actor, zoneID int64) (contract.Point, error) {
	return pointWhere(ctx, s.DB.Read(), a, zoneID)
}

// PutPoint sets a visible zone's registration point and audits it.
func (s Contracts) PutPoint(ctx context.Context, a access.Actor, p contract.Point) (out contract.Point, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		out, err = tx.PutPoint(ctx, a, p)
		return err
	})
	return out, err
}

// PutPoint sets a visible zone's registration point within tx (operator and
// demo use), and audits it.
func (tx *Tx) PutPoint(ctx context.Context, a access.Actor, p contract.Point) (contract.Point, error) {
	cond, args := areaScope(a, "a.id")
	var kind string
	err := tx.QueryRow(ctx, "SELECT a.kind FROM areas a WHERE a.id = ? AND "+cond, append([]any{p.ZoneID}, args...)...).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.NotFoundf("entity.area")
	}
	if err != nil {
		return p, fmt.Errorf("point zone %d: %w", p.ZoneID, err)
	}
	before, err := pointWhere(ctx, tx.Q, access.System, p.ZoneID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return p, err
	}
	err = tx.QueryRow(ctx, `INSERT INTO registration_points (zone_id, code, name, region_code, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (zone_id) DO UPDATE SET code = excluded.code, name = excluded.name, region_code = excluded.region_code
		RETURNING id`, p.ZoneID, p.Code, p.Name, p.RegionCode, ts(tx.now())).Scan(&p.ID)
	if err != nil {
		return p, fmt.Errorf("put registration point: %w", err)
	}
	action := "update"
	var prev any = before
	if before.ID == 0 {
		action, prev = "create", nil
	}
	return p, tx.Audit(ctx, a, Change{Action: action, Entity: "registration_point", EntityID: p.ID, ZoneID: p.ZoneID, Before: prev, After: p})
}

// ContractImport is a contract in its final state with its history, as an
// import of past registrations or the demo brings it.
type ContractImport struct {
	Contract  contract.Contract
	History   []contract.HistoryItem // oldest first; may be empty
	CreatedBy int64                  // user id, 0 for none
	CreatedAt time.Time              // zero: the transaction time
}

// importChunk bounds the rows of one multi-row INSERT: under SQLite's and
// PostgreSQL's limits on bound parameters (32,766 and 65,535).
const importChunk = 500

// ImportContracts inserts contracts in bulk within tx: the contracts with
// explicit ids (reserved first), their lines and history in multi-row
// statements, their rollups in one merged pass, the serial counters raised
// to the highest imported serial of each scope (so new registrations follow
// on), and one audit record for the whole batch under action. The caller
// validates; a duplicate of a holding contract fails the whole batch.
func (tx *Tx) ImportContracts(ctx context.Context, a access.Actor, action string, settings contract.Settings, items []ContractImport) ([]int64, error) {
	if len(items) == 0 {
		return nil, nil
	}
	ids, err := tx.reserveContractIDs(ctx, len(items))
	if err != nil {
		return nil, err
	}
	t := tx.now()
	var rollups []indicator.Row
	serials := map[string]int{}
	zones := map[int64]bool{}
	var ded, pay, ev [][]any
	for i := range items {
		it := &items[i]
		c := &it.Contract
		c.ID = ids[i]
		if c.Version == 0 {
			c.Version = 1
		}
		zones[c.ZoneID] = true
		for j, d := range c.Deductions {
			ded = append(ded, []any{c.ID, j + 1, string(d.Kind), d.AmountFen, c.ZoneID})
		}
		for j, p := range c.Payments {
			pay = append(pay, []any{c.ID, j + 1, p.On, p.AmountFen, c.ZoneID})
		}
		for _, h := range it.History {
			ev = append(ev, EventValues(*c, h.Step, h.ActorName))
		}
		rollups = append(rollups, contract.RollupRows(*c, +1)...)
		if c.RegNo != "" {
			rsID, parts, err := contract.ParseRegNo(settings, c.RegNo)
			if err != nil {
				return nil, fmt.Errorf("import contract %d: reg no %q: %w", i+1, c.RegNo, err)
			}
			rs, _ := contract.RuleSetByID(settings, rsID)
			sc, err := rs.SerialScope(parts)
			if err != nil {
				return nil, fmt.Errorf("import contract %d: reg no %q: %w", i+1, c.RegNo, err)
			}
			serials[sc] = max(serials[sc], parts.Serial)
		}
	}
	for start := 0; start < len(items); start += importChunk {
		end := min(start+importChunk, len(items))
		var b strings.Builder
		args := make([]any, 0, (end-start)*insertColCount)
		b.WriteString("INSERT INTO contracts (" + insertCols + ") VALUES ")
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString(placeholders(insertColCount))
			created := items[i].CreatedAt
			if created.IsZero() {
				created = t
			}
			args = append(args, insertValues(items[i].Contract, items[i].CreatedBy, created, t)...)
		}
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			if isUnique(err) {
				return nil, errs.E(errs.Conflict, "contract.err.import_duplicate").Wrap(err)
			}
			return nil, fmt.Errorf("import contracts: %w", err)
		}
	}
	for _, batch := range []struct {
		head string
		rows [][]any
	}{
		{"INSERT INTO contract_deductions (contract_id, line, kind, amount_fen, zone_id) VALUES ", ded},
		{"INSERT INTO contract_payments (contract_id, line, paid_on, amount_fen, zone_id) VALUES ", pay},
		{"INSERT INTO contract_events (" + eventCols + ") VALUES ", ev},
	} {
		if err := tx.insertRows(ctx, batch.head, batch.rows); err != nil {
			return nil, err
		}
	}
	if err := tx.AddRollups(ctx, rollups); err != nil {
		return nil, err
	}
	for sc, n := range serials {
		if _, err := tx.Exec(ctx, `INSERT INTO contract_serials (scope, last_serial) VALUES (?, ?)
			ON CONFLICT (scope) DO UPDATE SET last_serial = CASE WHEN excluded.last_serial > contract_serials.last_serial
			THEN excluded.last_serial ELSE contract_serials.last_serial END`, sc, n); err != nil {
			return nil, fmt.Errorf("import serial %s: %w", sc, err)
		}
	}
	var zoneID int64
	if len(zones) == 1 {
		zoneID = items[0].Contract.ZoneID
	}
	summary := map[string]any{"count": len(items), "first_id": ids[0], "last_id": ids[len(ids)-1]}
	if err := tx.Audit(ctx, a, Change{Action: action, Entity: "contract_batch", EntityID: ids[0], ZoneID: zoneID, After: summary}); err != nil {
		return nil, err
	}
	return ids, nil
}

// insertRows runs head followed by the rows' placeholders, in chunks.
func (tx *Tx) insertRows(ctx context.Context, head string, rows [][]any) error {
	return tx.insertRowsThen(ctx, head, rows, "")
}

// insertRowsThen is insertRows with a tail (an ON CONFLICT clause).
func (tx *Tx) insertRowsThen(ctx context.Context, head string, rows [][]any, tail string) error {
	for start := 0; start < len(rows); start += importChunk {
		end := min(start+importChunk, len(rows))
		var b strings.Builder
		b.WriteString(head)
		var args []any
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString(placeholders(len(rows[i])))
			args = append(args, rows[i]...)
		}
		b.WriteString(tail)
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("bulk insert: %w", err)
		}
	}
	return nil
}

// pgContractIDs takes n ids from the contracts' identity sequence.
func pgContractIDs(ctx context.Context, q Q, n int) ([]int64, error) {
	ids, err := queryAll(ctx, q, scanInt64, "SELECT nextval(pg_get_serial_sequence('contracts', 'id')) FROM generate_series(1, ?)", n)
	if err != nil {
		return nil, fmt.Errorf("reserve contract ids: %w", err)
	}
	return ids, nil
}

// reserveContractIDs takes n ids for explicit inserts: from the identity
// sequence on PostgreSQL (safe beside other nodes), after the highest id on
// SQLite (whose one writer holds the database for this transaction).
func (tx *Tx) reserveContractIDs(ctx context.Context, n int) ([]int64, error) {
	if tx.Engine() == Postgres {
		return pgContractIDs(ctx, tx.Q, n)
	}
	var last int64
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM contracts").Scan(&last); err != nil {
		return nil, fmt.Errorf("reserve contract ids: %w", err)
	}
	ids := make([]int64, 0, n)
	for i := 1; i <= n; i++ {
		ids = append(ids, last+int64(i))
	}
	return ids, nil
}
