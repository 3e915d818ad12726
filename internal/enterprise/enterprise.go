// Package enterprise keeps a zone's enterprises: identity by unified social
// credit code, ownership nature, industry, capital, listing, contact, and the
// settling-in pledge. It holds the rules; storage is behind Store.
package enterprise

import (
	"context"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Enterprise is one company in a zone. Money is integer fen (分).
type Enterprise struct {
	ID             int64      `json:"id"`
	USCC           string     `json:"uscc"`
	Name           string     `json:"name"`
	ZoneID         int64      `json:"zone_id"`
	ZoneSlug       string     `json:"zone"`
	ZoneName       string     `json:"zone_name"`
	ParkID         int64      `json:"park_id,omitempty"`
	ParkName       string     `json:"park_name,omitempty"`
	Nature         string     `json:"nature"`
	Industry       string     `json:"industry"`
	RegCapitalFen  int64      `json:"reg_capital_fen"`
	PaidCapitalFen int64      `json:"paid_capital_fen"`
	FoundedOn      civil.Date `json:"founded_on"`
	Listing        string     `json:"listing"`
	ContactName    string     `json:"contact_name"`
	ContactPhone   string     `json:"contact_phone"`
	ContactEmail   string     `json:"contact_email"`
	SettledOn      civil.Date `json:"settled_on"`
	PledgeSigned   bool       `json:"pledge_signed"`
	PledgeOn       civil.Date `json:"pledge_on"`
	Version        int        `json:"version"`
	CityCode       string     `json:"-"`
	ProvinceCode   string     `json:"-"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// Place returns where the enterprise lives, for scope checks.
func (e Enterprise) Place() access.Place {
	return access.Place{ZoneID: e.ZoneID, CityCode: e.CityCode, ProvinceCode: e.ProvinceCode, EnterpriseID: e.ID}
}

// Natures: registration types of domestic and foreign-invested enterprises,
// the codes technology-contract registration uses for parties (110–300).
var Natures = []string{"110", "120", "130", "140", "150", "160", "170", "190", "200", "300"}

// Industries: GB/T 4754-2017 sections.
var Industries = []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"}

// Listings: where the enterprise's shares trade.
var Listings = []string{"none", "neeq", "a_share", "hk", "other"}

func in(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Filter narrows a list. Cursor is opaque, from a previous page.
type Filter struct {
	Q        string // name fragment or code prefix
	ZoneID   int64
	ParkID   int64
	Nature   string
	Industry string
	Listing  string
	Cursor   string
	Limit    int
	// Sort is the order: "" by name, SortNewest the newest record first,
	// or a column ("name", "reg_capital"; "-reg_capital" descending).
	Sort string
}

// SortNewest orders a list newest record first.
const SortNewest = "newest"

// Page is one page of a list.
type Page struct {
	Items []Enterprise `json:"items"`
	Next  string       `json:"next,omitempty"`
}

// Store is what the service needs from storage. Every method is scoped to
// the actor; a row outside the scope is NotFound.
type Store interface {
	List(ctx context.Context, a access.Actor, f Filter) (Page, error)
	// Count counts the enterprises the filter lists (its cursor aside).
	Count(ctx context.Context, a access.Actor, f Filter) (int, error)
	Get(ctx context.Context, a access.Actor, id int64) (Enterprise, error)
	Create(ctx context.Context, a access.Actor, e Enterprise) (int64, error)
	// Update writes e if its stored version is still e.Version.
	Update(ctx context.Context, a access.Actor, e Enterprise) error
	ParkInZone(ctx context.Context, parkID, zoneID int64) (bool, error)
	// History lists a page of the enterprise's audit records, newest first;
	// p.Limit is a page size.
	History(ctx context.Context, a access.Actor, id int64, p paging.Request) (paging.Page[audit.Record], error)
}

// Service applies the rules.
type Service struct {
	Store  Store
	Policy *access.Policy
	Now    func() time.Time
}

// MaxMoneyFen bounds capital figures (one trillion yuan) so sums stay in int64.
const MaxMoneyFen = 100_000_000_000_000

var (
	phoneRe = regexp.MustCompile(`^[0-9+\-() ]{5,30}$`)
)

// Validate checks e and normalises it in place.
func Validate(e *Enterprise, today civil.Date) error {
	var f errs.Fields
	e.USCC = NormalizeUSCC(e.USCC)
	e.Name = strings.TrimSpace(e.Name)
	if m := USCCProblem(e.USCC); m != nil {
		f.Add("uscc", m.Key, m.Args...)
	}
	switch n := utf8.RuneCountInString(e.Name); {
	case n == 0:
		f.Add("name", "error.required")
	case n > 200:
		f.Add("name", "error.too_long", 200)
	}
	if e.ZoneID == 0 {
		f.Add("zone", "error.required")
	}
	if !in(Natures, e.Nature) {
		f.Add("nature", "error.not_in_list")
	}
	if !in(Industries, e.Industry) {
		f.Add("industry", "error.not_in_list")
	}
	if e.Listing == "" {
		e.Listing = "none"
	}
	if !in(Listings, e.Listing) {
		f.Add("listing", "error.not_in_list")
	}
	if e.RegCapitalFen < 0 || e.RegCapitalFen > MaxMoneyFen {
		f.Add("reg_capital_fen", "error.out_of_range")
	}
	if e.PaidCapitalFen < 0 || e.PaidCapitalFen > MaxMoneyFen {
		f.Add("paid_capital_fen", "error.out_of_range")
	} else if e.PaidCapitalFen > e.RegCapitalFen {
		f.Add("paid_capital_fen", "enterprise.err.paid_over_registered")
	}
	if !e.FoundedOn.IsZero() && e.FoundedOn.After(today) {
		f.Add("founded_on", "error.date_future")
	}
	if !e.SettledOn.IsZero() && e.SettledOn.After(today) {
		f.Add("settled_on", "error.date_future")
	}
	if !e.SettledOn.IsZero() && !e.FoundedOn.IsZero() && e.SettledOn.Before(e.FoundedOn) {
		f.Add("settled_on", "enterprise.err.settled_before_founded")
	}
	if e.PledgeSigned && e.PledgeOn.IsZero() {
		f.Add("pledge_on", "enterprise.err.pledge_date")
	}
	if !e.PledgeSigned {
		e.PledgeOn = civil.Date{}
	}
	e.ContactName = strings.TrimSpace(e.ContactName)
	e.ContactPhone = strings.TrimSpace(e.ContactPhone)
	e.ContactEmail = strings.TrimSpace(e.ContactEmail)
	if utf8.RuneCountInString(e.ContactName) > 50 {
		f.Add("contact_name", "error.too_long", 50)
	}
	if e.ContactPhone != "" && !phoneRe.MatchString(e.ContactPhone) {
		f.Add("contact_phone", "enterprise.err.phone")
	}
	if e.ContactEmail != "" {
		if a, err := mail.ParseAddress(e.ContactEmail); err != nil || a.Address != e.ContactEmail {
			f.Add("contact_email", "enterprise.err.email")
		}
	}
	return f.Err()
}

func (s *Service) today() civil.Date { return civil.Today(s.Now()) }

// List returns a page of enterprises the actor may see.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (Page, error) {
	if err := s.Policy.Allow(a, access.EnterpriseRead); err != nil {
		return Page{}, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	f.Q = strings.TrimSpace(f.Q)
	return s.Store.List(ctx, a, f)
}

// Count counts the enterprises f lists, for a list's total.
func (s *Service) Count(ctx context.Context, a access.Actor, f Filter) (int, error) {
	if err := s.Policy.Allow(a, access.EnterpriseRead); err != nil {
		return 0, err
	}
	f.Q, f.Cursor = strings.TrimSpace(f.Q), ""
	return s.Store.Count(ctx, a, f)
}

// Get returns one enterprise the actor may see.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Enterprise, error) {
	if err := s.Policy.Allow(a, access.EnterpriseRead); err != nil {
		return Enterprise{}, err
	}
	return s.Store.Get(ctx, a, id)
}

// Create adds an enterprise to the actor's zone.
func (s *Service) Create(ctx context.Context, a access.Actor, e Enterprise) (int64, error) {
	if err := s.Policy.Allow(a, access.EnterpriseCreate); err != nil {
		return 0, err
	}
	if a.Role.ZoneBound() {
		e.ZoneID = a.ZoneID
	}
	if err := Validate(&e, s.today()); err != nil {
		return 0, err
	}
	if err := s.checkPark(ctx, e); err != nil {
		return 0, err
	}
	return s.Store.Create(ctx, a, e)
}

// Patch is a partial update; nil fields stay as they are.
type Patch struct {
	Version        *int        `json:"version"`
	Name           *string     `json:"name"`
	USCC           *string     `json:"uscc"`
	ParkID         *int64      `json:"park_id"`
	Nature         *string     `json:"nature"`
	Industry       *string     `json:"industry"`
	RegCapitalFen  *int64      `json:"reg_capital_fen"`
	PaidCapitalFen *int64      `json:"paid_capital_fen"`
	FoundedOn      *civil.Date `json:"founded_on"`
	Listing        *string     `json:"listing"`
	ContactName    *string     `json:"contact_name"`
	ContactPhone   *string     `json:"contact_phone"`
	ContactEmail   *string     `json:"contact_email"`
	SettledOn      *civil.Date `json:"settled_on"`
	PledgeSigned   *bool       `json:"pledge_signed"`
	PledgeOn       *civil.Date `json:"pledge_on"`
}

// enterpriseEditable lists what an enterprise's own user may change: its
// contact details. Identity, zone and capital are the zone's to keep.
func (p Patch) onlyContact() bool {
	return p.Name == nil && p.USCC == nil && p.ParkID == nil && p.Nature == nil && p.Industry == nil &&
		p.RegCapitalFen == nil && p.PaidCapitalFen == nil && p.FoundedOn == nil && p.Listing == nil &&
		p.SettledOn == nil && p.PledgeSigned == nil && p.PledgeOn == nil
}

// Update applies a patch. A stale version is a Conflict, so two clerks
// editing at once never overwrite each other silently.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, p Patch) (Enterprise, error) {
	if err := s.Policy.Allow(a, access.EnterpriseUpdate); err != nil {
		return Enterprise{}, err
	}
	e, err := s.Store.Get(ctx, a, id)
	if err != nil {
		return Enterprise{}, err
	}
	if a.Role == access.Enterprise && !p.onlyContact() {
		return Enterprise{}, errs.E(errs.Forbidden, "enterprise.err.contact_only")
	}
	if p.Version != nil && *p.Version != e.Version {
		return Enterprise{}, errs.E(errs.Conflict, "error.stale")
	}
	p.Apply(&e)
	if err := Validate(&e, s.today()); err != nil {
		return Enterprise{}, err
	}
	if err := s.checkPark(ctx, e); err != nil {
		return Enterprise{}, err
	}
	if err := s.Store.Update(ctx, a, e); err != nil {
		return Enterprise{}, err
	}
	return s.Store.Get(ctx, a, id)
}

func (s *Service) checkPark(ctx context.Context, e Enterprise) error {
	if e.ParkID == 0 {
		return nil
	}
	ok, err := s.Store.ParkInZone(ctx, e.ParkID, e.ZoneID)
	if err != nil {
		return err
	}
	if !ok {
		var f errs.Fields
		f.Add("park_id", "enterprise.err.park")
		return f.Err()
	}
	return nil
}

// History returns a page of the enterprise's change history, newest first.
func (s *Service) History(ctx context.Context, a access.Actor, id int64, p paging.Request) (paging.Page[audit.Record], error) {
	if err := s.Policy.Allow(a, access.AuditRead); err != nil {
		return paging.Page[audit.Record]{}, err
	}
	p.Limit = p.Size()
	return s.Store.History(ctx, a, id, p)
}

// DuplicateError is the Conflict for a code already registered.
func DuplicateError(code string) error {
	return &errs.Error{Kind: errs.Conflict, Msg: errs.M("enterprise.err.uscc_taken", code),
		Fields: map[string]errs.Msg{"uscc": errs.M("enterprise.err.uscc_taken", code)}}
}

// Apply copies the fields p sets onto e.
func (p Patch) Apply(e *Enterprise) {
	str := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	str(&e.USCC, p.USCC)
	str(&e.Name, p.Name)
	str(&e.Nature, p.Nature)
	str(&e.Industry, p.Industry)
	str(&e.Listing, p.Listing)
	str(&e.ContactName, p.ContactName)
	str(&e.ContactPhone, p.ContactPhone)
	str(&e.ContactEmail, p.ContactEmail)
	if p.ParkID != nil {
		e.ParkID = *p.ParkID
	}
	if p.RegCapitalFen != nil {
		e.RegCapitalFen = *p.RegCapitalFen
	}
	if p.PaidCapitalFen != nil {
		e.PaidCapitalFen = *p.PaidCapitalFen
	}
	if p.FoundedOn != nil {
		e.FoundedOn = *p.FoundedOn
	}
	if p.SettledOn != nil {
		e.SettledOn = *p.SettledOn
	}
	if p.PledgeSigned != nil {
		e.PledgeSigned = *p.PledgeSigned
	}
	if p.PledgeOn != nil {
		e.PledgeOn = *p.PledgeOn
	}
}
