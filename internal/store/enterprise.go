package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Enterprises is the enterprise.Store.
type Enterprises struct{ DB *DB }

const entSelect = `SELECT e.id, e.uscc, e.name, e.zone_id, a.slug, a.name, COALESCE(e.park_id, 0), COALESCE(p.name, ''),
	e.nature, e.industry, e.reg_capital_fen, e.paid_capital_fen, e.founded_on, e.listing,
	e.contact_name, e.contact_phone, e.contact_email, e.settled_on, e.pledge_signed, e.pledge_on,
	e.version, a.city_code, a.province_code, e.created_at, e.updated_at
	FROM enterprises e JOIN areas a ON a.id = e.zone_id LEFT JOIN parks p ON p.id = e.park_id`

func scanEnterprise(sc interface{ Scan(...any) error }) (enterprise.Enterprise, error) {
	var e enterprise.Enterprise
	err := sc.Scan(&e.ID, &e.USCC, &e.Name, &e.ZoneID, &e.ZoneSlug, &e.ZoneName, &e.ParkID, &e.ParkName,
		&e.Nature, &e.Industry, &e.RegCapitalFen, &e.PaidCapitalFen, &e.FoundedOn, &e.Listing,
		&e.ContactName, &e.ContactPhone, &e.ContactEmail, &e.SettledOn, &e.PledgeSigned, &e.PledgeOn,
		&e.Version, &e.CityCode, &e.ProvinceCode, scanTime{&e.CreatedAt}, scanTime{&e.UpdatedAt})
	return e, err
}

// likeEscape escapes LIKE wildcards in user input (ESCAPE '\').
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func encodeCursor(name string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(name + "\x00" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (string, int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", 0, err
	}
	name, idS, ok := strings.Cut(string(b), "\x00")
	if !ok {
		return "", 0, errors.New("no separator")
	}
	id, err := strconv.ParseInt(idS, 10, 64)
	return name, id, err
}

// enterpriseSorts are the columns an enterprise list sorts by (indexes
// enterprises_name, enterprises_zone_name, and 0023's capital ones).
var enterpriseSorts = map[string]sortCol{
	"name":        {Col: "e.name", Kind: keyText},
	"reg_capital": {Col: "e.reg_capital_fen", Kind: keyInt},
}

// List returns a page of enterprises in the filter's order: by name then id
// when it names none, the newest first (SortNewest), or a column of
// enterpriseSorts (keyset pagination).
func (s Enterprises) List(ctx context.Context, a access.Actor, f enterprise.Filter) (enterprise.Page, error) {
	where, args := entWhere(a, f)
	cond := strings.Join(where, " AND ")
	o := orderOf(f.Sort, enterpriseSorts)
	if f.Sort == "" {
		o = orderOf("name", enterpriseSorts)
	}
	if err := o.after(&cond, &args, "ent", f.Cursor, "e.id"); err != nil {
		return enterprise.Page{}, err
	}
	args = append(args, f.Limit+1)
	items, err := queryAll(ctx, s.DB.Read(), scanEnterprise, entSelect+" WHERE "+cond+o.by("e.id")+" LIMIT ?", args...)
	if err != nil {
		return enterprise.Page{}, fmt.Errorf("list enterprises: %w", err)
	}
	p := pageIn(items, f.Limit, "ent", o, func(e enterprise.Enterprise, col string) (string, int64) {
		if col == "reg_capital" {
			return strconv.FormatInt(e.RegCapitalFen, 10), e.ID
		}
		return e.Name, e.ID
	})
	return enterprise.Page{Items: p.Items, Next: p.Next}, nil
}

// Count counts the enterprises a filter lists, its cursor aside.
func (s Enterprises) Count(ctx context.Context, a access.Actor, f enterprise.Filter) (int, error) {
	where, args := entWhere(a, f)
	var n int
	if err := s.DB.Read().QueryRow(ctx, "SELECT COUNT(*) FROM enterprises e WHERE "+strings.Join(where, " AND "), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count enterprises: %w", err)
	}
	return n, nil
}

// entWhere is the condition of a list of enterprises: the actor's scope and
// the filter's fields (not its cursor).
func entWhere(a access.Actor, f enterprise.Filter) ([]string, []any) {
	cond, args := scope(a, "e.zone_id", "e.id")
	where := []string{cond}
	if f.Q != "" {
		code := enterprise.NormalizeUSCC(f.Q)
		where = append(where, `(e.name LIKE ? ESCAPE '\' OR e.uscc LIKE ? ESCAPE '\')`)
		args = append(args, "%"+likeEscape(f.Q)+"%", likeEscape(code)+"%")
	}
	if f.ZoneID != 0 {
		where = append(where, "e.zone_id = ?")
		args = append(args, f.ZoneID)
	}
	if f.ParkID != 0 {
		where = append(where, "e.park_id = ?")
		args = append(args, f.ParkID)
	}
	for _, kv := range []struct{ col, v string }{{"e.nature", f.Nature}, {"e.industry", f.Industry}, {"e.listing", f.Listing}} {
		if kv.v != "" {
			where = append(where, kv.col+" = ?")
			args = append(args, kv.v)
		}
	}
	return where, args
}

// Get returns one enterprise the actor may see.
func (s Enterprises) Get(ctx context.Context, a access.Actor, id int64) (enterprise.Enterprise, error) {
	return getEnterprise(ctx, s.DB.Read(), a, id)
}

func getEnterprise(ctx context.Context, q Q, a access.Actor, id int64) (enterprise.Enterprise, error) {
	cond, args := scope(a, "e.zone_id", "e.id")
	e, err := scanEnterprise(q.QueryRow(ctx, entSelect+" WHERE e.id = ? AND "+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return e, errs.NotFoundf("entity.enterprise")
	}
	if err != nil {
		return e, fmt.Errorf("get enterprise %d: %w", id, err)
	}
	return e, nil
}

// Create inserts an enterprise and audits it.
func (s Enterprises) Create(ctx context.Context, a access.Actor, e enterprise.Enterprise) (id int64, err error) {
	err = s.DB.Transact(ctx, func(tx *Tx) error {
		id, err = tx.InsertEnterprise(ctx, a, e)
		return err
	})
	return id, err
}

// InsertEnterprise inserts within tx and audits it.
func (tx *Tx) InsertEnterprise(ctx context.Context, a access.Actor, e enterprise.Enterprise) (int64, error) {
	t := tx.now()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO enterprises (uscc, name, zone_id, park_id, nature, industry, reg_capital_fen, paid_capital_fen,
		founded_on, listing, contact_name, contact_phone, contact_email, settled_on, pledge_signed, pledge_on, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		e.USCC, e.Name, e.ZoneID, nullID(e.ParkID), e.Nature, e.Industry, e.RegCapitalFen, e.PaidCapitalFen,
		e.FoundedOn, e.Listing, e.ContactName, e.ContactPhone, e.ContactEmail, e.SettledOn, e.PledgeSigned, e.PledgeOn,
		ts(t), ts(t)).Scan(&id)
	if isUnique(err) {
		return 0, enterprise.DuplicateError(e.USCC)
	}
	if err != nil {
		return 0, fmt.Errorf("insert enterprise: %w", err)
	}
	after, err := getEnterprise(ctx, tx.Q, access.System, id)
	if err != nil {
		return 0, err
	}
	return id, tx.Audit(ctx, a, Change{Action: "create", Entity: "enterprise", EntityID: id, ZoneID: e.ZoneID, After: after})
}

// Update writes e when its version still matches, and audits before/after.
func (s Enterprises) Update(ctx context.Context, a access.Actor, e enterprise.Enterprise) error {
	return s.DB.Transact(ctx, func(tx *Tx) error {
		before, err := getEnterprise(ctx, tx.Q, a, e.ID)
		if err != nil {
			return err
		}
		if before.Version != e.Version {
			return errs.E(errs.Conflict, "error.stale")
		}
		res, err := tx.Exec(ctx, `UPDATE enterprises SET uscc = ?, name = ?, park_id = ?, nature = ?, industry = ?,
			reg_capital_fen = ?, paid_capital_fen = ?, founded_on = ?, listing = ?, contact_name = ?, contact_phone = ?,
			contact_email = ?, settled_on = ?, pledge_signed = ?, pledge_on = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`,
			e.USCC, e.Name, nullID(e.ParkID), e.Nature, e.Industry, e.RegCapitalFen, e.PaidCapitalFen, e.FoundedOn,
			e.Listing, e.ContactName, e.ContactPhone, e.ContactEmail, e.SettledOn, e.PledgeSigned, e.PledgeOn, ts(tx.now()),
			e.ID, e.Version)
		if isUnique(err) {
			return enterprise.DuplicateError(e.USCC)
		}
		if err != nil {
			return fmt.Errorf("update enterprise %d: %w", e.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(errs.Conflict, "error.stale")
		}
		after, err := getEnterprise(ctx, tx.Q, access.System, e.ID)
		if err != nil {
			return err
		}
		if before.Name != after.Name {
			// Other zones' items name it too (a project's builder).
			tx.markFigures()
		}
		return tx.Audit(ctx, a, Change{Action: "update", Entity: "enterprise", EntityID: e.ID, ZoneID: e.ZoneID, Before: before, After: after})
	})
}

// ParkInZone reports whether the park belongs to the zone.
func (s Enterprises) ParkInZone(ctx context.Context, parkID, zoneID int64) (bool, error) {
	var n int
	err := s.DB.Read().QueryRow(ctx, "SELECT COUNT(*) FROM parks WHERE id = ? AND zone_id = ?", parkID, zoneID).Scan(&n)
	return n == 1, err
}

// History returns a page of the audit records of an enterprise the actor
// may see, newest first.
func (s Enterprises) History(ctx context.Context, a access.Actor, id int64, p paging.Request) (paging.Page[audit.Record], error) {
	if _, err := s.Get(ctx, a, id); err != nil {
		return paging.Page[audit.Record]{}, err
	}
	return s.DB.history(ctx, "enterprise", id, p)
}

// enterprisesByUSCC finds enterprises by credit code in every zone (the
// modules tell an unknown code from another zone's), making each found one
// into a T.
func enterprisesByUSCC[T any](ctx context.Context, q Q, codes []string, mk func(id, zone int64, name string) T) (map[string]T, error) {
	out := map[string]T{}
	for start := 0; start < len(codes); start += 500 {
		part := codes[start:min(start+500, len(codes))]
		args := make([]any, len(part))
		for i, c := range part {
			args[i] = c
		}
		err := queryEach(ctx, q, func(r scanner) error {
			var code, name string
			var id, zone int64
			if err := r.Scan(&code, &id, &zone, &name); err != nil {
				return err
			}
			out[code] = mk(id, zone, name)
			return nil
		}, "SELECT uscc, id, zone_id, name FROM enterprises WHERE uscc IN "+placeholders(len(part)), args...)
		if err != nil {
			return nil, fmt.Errorf("enterprises by credit code: %w", err)
		}
	}
	return out, nil
}

// idChunks calls fn with ids in chunks of at most 500, as query arguments
// for an IN list.
func idChunks(ids []int64, fn func(args []any) error) error {
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if err := fn(args); err != nil {
			return err
		}
	}
	return nil
}
