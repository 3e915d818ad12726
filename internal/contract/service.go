package contract

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/attach"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// Actions of the module beyond the workflow's events (see Policy).
const (
	// ActionQueue is reading a registration point's queue of pending
	// contracts: the registrars, and those who oversee them.
	ActionQueue access.Action = "contract.queue"
	// ActionPoint is setting up a zone's registration point.
	ActionPoint access.Action = "contract.point"
)

// Point is a registration point (技术合同登记点): the agency of a zone that
// registers its contracts. Its region and code are segments of the
// registration numbers it issues.
type Point struct {
	ID         int64  `json:"id"`
	ZoneID     int64  `json:"zone_id"`
	Code       string `json:"code"`        // digits, the point segment of the number
	Name       string `json:"name"`        // e.g. 榆林高新区技术合同登记点
	RegionCode string `json:"region_code"` // GB/T 2260: province and prefecture segments
}

// Validate checks a point's data, naming each bad field.
func (p Point) Validate() error {
	var f errs.Fields
	if p.ZoneID == 0 {
		f.Add("zone_id", "contract.err.required")
	}
	switch {
	case p.Code == "":
		f.Add("code", "contract.err.required")
	case len(p.Code) > 6 || !allDigits(p.Code):
		f.Add("code", "contract.err.point_code")
	}
	text(&f, "name", strings.TrimSpace(p.Name), maxNameRunes, true)
	if !validRegion(p.RegionCode) {
		f.Add("region_code", "contract.err.region_invalid")
	}
	return f.Err()
}

// Record is a stored contract with the names a page shows beside its ids.
type Record struct {
	Contract
	ZoneName      string    `json:"zone_name"`
	PointName     string    `json:"point_name,omitempty"`
	RegistrarName string    `json:"registrar_name,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Summary is a contract as lists and the queue show it.
type Summary struct {
	ID                int64      `json:"id"`
	ZoneID            int64      `json:"zone_id"`
	ZoneName          string     `json:"zone_name"`
	SellerID          int64      `json:"seller_id"`
	SellerName        string     `json:"seller_name"`
	Name              string     `json:"name"`
	Type              Type       `json:"type"`
	Field             Field      `json:"field"`
	BuyerName         string     `json:"buyer_name"`
	ContractAmountFen int64      `json:"contract_amount_fen"`
	TechAmountFen     int64      `json:"tech_amount_fen"`
	Status            Status     `json:"status"`
	RuleSet           RuleSetID  `json:"rule_set,omitempty"`
	RegNo             string     `json:"reg_no,omitempty"`
	SignedOn          civil.Date `json:"signed_on"`
	AcceptedOn        civil.Date `json:"accepted_on"`
	Deadline          civil.Date `json:"deadline"`
	CertifiedOn       civil.Date `json:"certified_on"`
	Overdue           bool       `json:"overdue"`
}

// Filter narrows a list. With From or To the list holds contracts whose
// certificate is dated in that range, newest certificate first; without,
// every contract, newest record first. Cursor is opaque, from a Page.
type Filter struct {
	ZoneID   int64
	SellerID int64
	Status   Status
	Type     Type
	Field    Field
	From, To civil.Date // certificate dates, both included
	Q        string     // name, party name or registration-number prefix
	Cursor   string
	Limit    int
	// Sort chooses the order: SortNewest or SortCertified; "" is the
	// default, by certificate date when From or To is set; or a column of
	// Sorts, ascending, or descending with a leading minus ("-amount").
	Sort string
	// Count asks for the list's total (Page.Total).
	Count bool
}

// Sorts are the columns a list sorts by: the contract's name and its
// contract amount.
var Sorts = []string{"name", "amount"}

// SortColumns are Sorts as a list page offers them: the name ascending
// first, the amount descending (the largest first).
func SortColumns() []string { return []string{"name", "-amount"} }

// SortsByColumn reports whether sort names a column of Sorts.
func SortsByColumn(sort string) bool {
	return slices.Contains(Sorts, strings.TrimPrefix(sort, "-"))
}

// Orders of a list.
const (
	SortNewest    = "newest"    // newest record first
	SortCertified = "certified" // newest certificate first (needs From or To)
)

// ByCertificate reports whether the list is ordered by certificate date.
func (f Filter) ByCertificate() bool {
	if f.Sort != "" {
		return f.Sort == SortCertified
	}
	return !f.From.IsZero() || !f.To.IsZero()
}

// Page is one page of a list.
type Page struct {
	Items []Summary `json:"items"`
	Next  string    `json:"next,omitempty"`
	Total int       `json:"-"` // the whole list's, when Filter.Count asked
}

// HistoryItem is one step of a contract's workflow history.
type HistoryItem struct {
	ID int64 `json:"id"` // the step's record, in the order steps were taken
	Step
	ActorName string `json:"actor_name"`
}

// Attachment is a file kept with a contract (the signed contract, proofs).
type Attachment struct {
	ID          int64     `json:"id"`
	ContractID  int64     `json:"contract_id"`
	ZoneID      int64     `json:"zone_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  int64     `json:"uploaded_by,omitempty"`
	Uploader    string    `json:"uploader"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// Attachment limits: files pass attach.New (PDF, JPEG or PNG, at most
// attach.MaxBytes); a contract keeps at most MaxAttachments.
const (
	MaxAttachmentBytes = attach.MaxBytes
	MaxAttachments     = 20
)

// CleanFileName keeps the base name of what a browser sent (attach.CleanName).
func CleanFileName(name string) string { return attach.CleanName(name) }

// Txn is what a change needs from the store inside the transaction that
// makes it: registering reads the zone's point and draws the next serial
// there, so a failed registration rolls its serial back.
type Txn interface {
	// Point is the registration point of a zone; NotFound when it has none.
	Point(ctx context.Context, zoneID int64) (Point, error)
	// Attachments counts the files kept with a contract.
	Attachments(ctx context.Context, contractID int64) (int, error)
	// NextSerial increments the counter of scope and returns its new value,
	// holding the counter until the transaction ends.
	NextSerial(ctx context.Context, scope string) (int, error)
}

// ChangeFunc works out the change of the stored contract c, which the
// store has loaded and locked, inside the transaction tx that persists it.
type ChangeFunc func(ctx context.Context, c Contract, tx Txn) (Change, error)

// Store is what the service needs from storage. Every method is narrowed to
// the actor's scope: a contract outside it is NotFound.
type Store interface {
	Get(ctx context.Context, a access.Actor, id int64) (Record, error)
	List(ctx context.Context, a access.Actor, f Filter) (Page, error)
	// Queue lists pending contracts by deadline, then id.
	Queue(ctx context.Context, a access.Actor, zoneID int64, limit int) ([]Summary, error)
	// History lists a page of a contract's steps, newest first; p.Limit is
	// a page size.
	History(ctx context.Context, a access.Actor, id int64, p paging.Request) (paging.Page[HistoryItem], error)
	// Seller is the enterprise id's party snapshot and zone.
	Seller(ctx context.Context, a access.Actor, enterpriseID int64) (Party, int64, error)
	// Create stores a new contract (ch.Next) with its first step.
	Create(ctx context.Context, a access.Actor, ch Change) (int64, error)
	// Change loads the contract (locked against concurrent changes), runs
	// fn on it, and stores the Change fn returns — the contract, its lines
	// when they changed, its step, the rollup difference and the audit
	// record — in one transaction; any error rolls it all back. A contract
	// that then duplicates another in a status that holds the duplicate key
	// is a Conflict naming the first.
	Change(ctx context.Context, a access.Actor, id int64, fn ChangeFunc) (Contract, error)
	// SellerYear lists the seller's contracts certified in year.
	SellerYear(ctx context.Context, a access.Actor, sellerID int64, year int) ([]Contract, error)
	Attachments(ctx context.Context, a access.Actor, id int64) ([]Attachment, error)
	Attachment(ctx context.Context, a access.Actor, id, attachmentID int64) (Attachment, []byte, error)
	// AddAttachment stores a file if check passes on the contract as it
	// is in the same transaction.
	AddAttachment(ctx context.Context, a access.Actor, id int64, att Attachment, data []byte, check func(Contract, int) error) (int64, error)
	DeleteAttachment(ctx context.Context, a access.Actor, id, attachmentID int64, check func(Contract) error) error
	// Point is a visible zone's registration point; NotFound when none.
	Point(ctx context.Context, a access.Actor, zoneID int64) (Point, error)
	// PutPoint sets a visible zone's registration point.
	PutPoint(ctx context.Context, a access.Actor, p Point) (Point, error)
}

// Service applies the registry's rules on behalf of actors.
type Service struct {
	Store    Store
	Policy   *access.Policy
	Workflow Workflow
	Now      func() time.Time
}

func (s *Service) now() time.Time    { return s.Now() }
func (s *Service) today() civil.Date { return civil.Today(s.Now()) }

// TermsPatch is a partial change of a contract's terms; nil keeps a field.
type TermsPatch struct {
	Name              *string
	ContractNo        *string
	Type              *Type
	LicenceSubtype    *LicenceSubtype
	SignedOn          *civil.Date
	ValidFrom         *civil.Date
	ValidTo           *civil.Date
	Field             *Field
	IPType            *IPType
	ProgrammeLevel    *ProgrammeLevel
	Buyer             PartyPatch
	ContractAmountFen *int64
	Deductions        *[]Deduction
	Payments          *[]Payment
}

// PartyPatch is a partial change of a party; nil keeps a field.
type PartyPatch struct {
	Name, USCC, Nature, Region, Country *string
}

// Empty reports whether p changes nothing.
func (p TermsPatch) Empty() bool { return p == (TermsPatch{}) }

// Apply copies the fields p sets onto t.
func (p TermsPatch) Apply(t *Terms) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&t.Name, p.Name)
	set(&t.ContractNo, p.ContractNo)
	if p.Type != nil {
		t.Type = *p.Type
	}
	if p.LicenceSubtype != nil {
		t.LicenceSubtype = *p.LicenceSubtype
	}
	for _, d := range []struct {
		dst *civil.Date
		v   *civil.Date
	}{{&t.SignedOn, p.SignedOn}, {&t.ValidFrom, p.ValidFrom}, {&t.ValidTo, p.ValidTo}} {
		if d.v != nil {
			*d.dst = *d.v
		}
	}
	if p.Field != nil {
		t.Field = *p.Field
	}
	if p.IPType != nil {
		t.IPType = *p.IPType
	}
	if p.ProgrammeLevel != nil {
		t.ProgrammeLevel = *p.ProgrammeLevel
	}
	set(&t.Buyer.Name, p.Buyer.Name)
	set(&t.Buyer.USCC, p.Buyer.USCC)
	if p.Buyer.Nature != nil {
		t.Buyer.Nature = Nature(*p.Buyer.Nature)
	}
	set(&t.Buyer.Region, p.Buyer.Region)
	set(&t.Buyer.Country, p.Buyer.Country)
	if p.ContractAmountFen != nil {
		t.ContractAmountFen = *p.ContractAmountFen
	}
	if p.Deductions != nil {
		t.Deductions = append([]Deduction(nil), (*p.Deductions)...)
	}
	if p.Payments != nil {
		t.Payments = append([]Payment(nil), (*p.Payments)...)
	}
}

// Create drafts a new contract. An enterprise user drafts for its own
// enterprise (sellerID 0 or its own); a registrar enters one on behalf of
// a seller of its zone (sellerID required).
func (s *Service) Create(ctx context.Context, a access.Actor, sellerID int64, terms Terms) (int64, error) {
	if err := s.Policy.Allow(a, EvCreate.Action()); err != nil {
		return 0, err
	}
	if a.Role == access.Enterprise {
		if sellerID != 0 && sellerID != a.EnterpriseID {
			return 0, errs.E(errs.Forbidden, "contract.err.not_own", errs.M(EvCreate.Key()))
		}
		sellerID = a.EnterpriseID
	}
	var f errs.Fields
	if sellerID == 0 {
		f.Add("seller_id", "contract.err.required")
		return 0, f.Err()
	}
	seller, zoneID, err := s.Store.Seller(ctx, a, sellerID)
	switch {
	case errs.Is(err, errs.NotFound) && a.Role == access.Registrar:
		f.Add("seller_id", "contract.err.seller_unknown")
		return 0, f.Err()
	case err != nil:
		return 0, err
	}
	c := Contract{ZoneID: zoneID, SellerID: sellerID, Seller: seller, Terms: terms}
	step, err := s.Workflow.Transition(&c, Event{Kind: EvCreate}, a, s.now())
	if err != nil {
		return 0, err
	}
	return s.Store.Create(ctx, a, NewChange(Contract{}, c, step))
}

// CheckTerms reports every problem of the terms alone, as Validate names
// them: for a form that could not be submitted as a whole (an unreadable
// amount), so the user still sees all that is wrong at once.
func (s *Service) CheckTerms(t Terms) error {
	c := Contract{Terms: t}
	Normalize(&c)
	err := s.Workflow.Checker.Validate(c, s.today())
	e, ok := err.(*errs.Error)
	if !ok {
		return err
	}
	var f errs.Fields
	for field, m := range e.Fields {
		if field == "zone_id" || field == "seller_id" || strings.HasPrefix(field, "seller.") {
			continue
		}
		f.Add(field, m.Key, m.Args...)
	}
	return f.Err()
}

// Get returns a contract the actor may see.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Record, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Record{}, err
	}
	return s.Store.Get(ctx, a, id)
}

// History returns a page of a contract's workflow steps, newest first.
func (s *Service) History(ctx context.Context, a access.Actor, id int64, p paging.Request) (paging.Page[HistoryItem], error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return paging.Page[HistoryItem]{}, err
	}
	p.Limit = p.Size()
	return s.Store.History(ctx, a, id, p)
}

// List returns a page of the contracts the actor may see.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (Page, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Page{}, err
	}
	var fe errs.Fields
	if f.Status != "" && !f.Status.Valid() {
		fe.Add("status", "contract.err.unknown_code", string(f.Status))
	}
	if f.Type != "" && !f.Type.Valid() {
		fe.Add("type", "contract.err.unknown_code", string(f.Type))
	}
	if f.Field != "" && !f.Field.Valid() {
		fe.Add("field", "contract.err.unknown_code", string(f.Field))
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		fe.Add("to", "contract.err.range_reversed")
	}
	if err := fe.Err(); err != nil {
		return Page{}, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	f.Q = strings.TrimSpace(f.Q)
	p, err := s.Store.List(ctx, a, f)
	if err != nil {
		return Page{}, err
	}
	s.markOverdue(p.Items)
	return p, nil
}

// QueueLimit is the most pending contracts the queue shows at once.
const QueueLimit = 500

// Queue lists the pending contracts of the actor's scope (one zone when
// zoneID is set), the nearest deadline first, overdue ones marked.
func (s *Service) Queue(ctx context.Context, a access.Actor, zoneID int64) ([]Summary, error) {
	if err := s.Policy.Allow(a, ActionQueue); err != nil {
		return nil, err
	}
	items, err := s.Store.Queue(ctx, a, zoneID, QueueLimit)
	if err != nil {
		return nil, err
	}
	s.markOverdue(items)
	return items, nil
}

func (s *Service) markOverdue(items []Summary) {
	today := s.today()
	for i := range items {
		c := Contract{Status: items[i].Status, Deadline: items[i].Deadline}
		items[i].Overdue = OverdueAt(c, today)
	}
}

// Edit changes the terms of a draft or returned contract. version, when
// not 0, must be the stored one (a stale form is a Conflict).
func (s *Service) Edit(ctx context.Context, a access.Actor, id int64, version int, p TermsPatch) (Contract, error) {
	if err := s.Policy.Allow(a, EvEdit.Action()); err != nil {
		return Contract{}, err
	}
	return s.change(ctx, a, id, func(ctx context.Context, c *Contract, _ Txn) (Step, error) {
		if err := checkVersion(*c, version); err != nil {
			return Step{}, err
		}
		terms := c.Terms
		p.Apply(&terms)
		return s.Workflow.Transition(c, Event{Kind: EvEdit, Terms: &terms}, a, s.now())
	})
}

// Amend changes a registered contract's terms and perhaps its technology
// amount, with a reason; the number and certificate stay.
func (s *Service) Amend(ctx context.Context, a access.Actor, id int64, version int, p TermsPatch, techAmountFen *int64, reason string) (Contract, error) {
	if err := s.Policy.Allow(a, EvAmend.Action()); err != nil {
		return Contract{}, err
	}
	return s.change(ctx, a, id, func(ctx context.Context, c *Contract, _ Txn) (Step, error) {
		if err := checkVersion(*c, version); err != nil {
			return Step{}, err
		}
		ev := Event{Kind: EvAmend, Reason: reason, TechAmountFen: techAmountFen}
		if !p.Empty() {
			terms := c.Terms
			p.Apply(&terms)
			ev.Terms = &terms
		}
		return s.Workflow.Transition(c, ev, a, s.now())
	})
}

// Act applies a workflow event other than create, edit and amend (which
// carry terms): submit, start_review, second_review, return, register,
// refuse, cancel. Registering draws the number from the zone's point.
func (s *Service) Act(ctx context.Context, a access.Actor, id int64, version int, ev Event) (Contract, error) {
	switch ev.Kind {
	case EvCreate, EvEdit, EvAmend:
		return Contract{}, errs.E(errs.BadRequest, "contract.err.unknown_event", string(ev.Kind))
	}
	if err := s.Policy.Allow(a, ev.Kind.Action()); err != nil {
		if errs.Is(err, errs.Forbidden) {
			return Contract{}, errs.E(errs.Forbidden, "contract.err.forbidden", errs.M(ev.Kind.Key()))
		}
		return Contract{}, err
	}
	ev.RegNo, ev.Terms = "", nil
	return s.change(ctx, a, id, func(ctx context.Context, c *Contract, tx Txn) (Step, error) {
		if err := checkVersion(*c, version); err != nil {
			return Step{}, err
		}
		if ev.Kind == EvSubmit && c.Status.Editable() {
			// Oral contracts are not registered: the written contract
			// comes with the submission.
			n, err := tx.Attachments(ctx, c.ID)
			if err != nil {
				return Step{}, err
			}
			if n == 0 {
				return Step{}, errs.Fields{"attachments": errs.M("contract.err.written_contract_required")}.Err()
			}
		}
		if ev.Kind != EvRegister {
			return s.Workflow.Transition(c, ev, a, s.now())
		}
		// Only draw a number for a contract that can be registered, so an
		// illegal attempt does not even lock the counter.
		if !c.Status.Pending() || c.Status == Awaiting {
			return s.Workflow.Transition(c, ev, a, s.now())
		}
		point, regNo, err := s.drawRegNo(ctx, *c, tx)
		if err != nil {
			return Step{}, err
		}
		ev.RegNo = regNo
		step, err := s.Workflow.Transition(c, ev, a, s.now())
		if err != nil {
			return Step{}, err
		}
		c.PointID = point.ID
		return step, nil
	})
}

// change has the store load and lock the contract and persist the Change
// that step makes of a copy of it.
func (s *Service) change(ctx context.Context, a access.Actor, id int64, step func(ctx context.Context, c *Contract, tx Txn) (Step, error)) (Contract, error) {
	return s.Store.Change(ctx, a, id, func(ctx context.Context, old Contract, tx Txn) (Change, error) {
		next := old.Clone()
		st, err := step(ctx, &next, tx)
		if err != nil {
			return Change{}, err
		}
		return NewChange(old, next, st), nil
	})
}

// drawRegNo makes the registration number of c: this year, the zone's
// point, the next serial of the rule set's counter scope.
func (s *Service) drawRegNo(ctx context.Context, c Contract, tx Txn) (Point, string, error) {
	rs, ok := RuleSetByID(s.Workflow.Settings, c.RuleSet)
	if !ok {
		return Point{}, "", errs.E(errs.Conflict, "contract.err.no_rule_set")
	}
	point, err := tx.Point(ctx, c.ZoneID)
	if errs.Is(err, errs.NotFound) {
		return Point{}, "", errs.E(errs.Conflict, "contract.err.no_point")
	}
	if err != nil {
		return Point{}, "", err
	}
	prov, pref, dist := RegionParts(point.RegionCode)
	parts := RegNoParts{Year: s.today().Year, Province: prov, Prefecture: pref, District: dist, Point: point.Code}
	scope, err := rs.SerialScope(parts)
	if err != nil {
		return Point{}, "", errs.E(errs.Conflict, "contract.err.point_layout").Wrap(err)
	}
	n, err := tx.NextSerial(ctx, scope)
	if err != nil {
		return Point{}, "", err
	}
	parts.Serial = n
	regNo, err := rs.FormatRegNo(parts)
	if err != nil {
		// The serial outgrew its segment: the year's numbers are used up.
		return Point{}, "", errs.E(errs.Conflict, "contract.err.serials_exhausted").Wrap(err)
	}
	return point, regNo, nil
}

func checkVersion(c Contract, version int) error {
	if version != 0 && version != c.Version {
		return errs.E(errs.Conflict, "error.stale")
	}
	return nil
}

// Allowed lists the events the actor may make on c now (for buttons).
func (s *Service) Allowed(c Contract, a access.Actor) []EventKind {
	return s.Workflow.Allowed(c, a)
}

// CanAttach reports whether the actor may add or remove files of c now:
// the applicant's side while the contract is theirs to edit, a registrar
// also while it is under review.
func (s *Service) CanAttach(c Contract, a access.Actor) bool {
	return s.attachable(c, a) == nil
}

func (s *Service) attachable(c Contract, a access.Actor) error {
	if err := s.Policy.Allow(a, EvEdit.Action()); err != nil {
		return err
	}
	if c.Status.Editable() || (a.Role == access.Registrar && c.Status.Pending()) {
		return nil
	}
	return errs.E(errs.Conflict, "contract.err.attachments_frozen", errs.M(c.Status.Key()))
}

// Attach stores a file with a contract: PDF, JPEG or PNG by content, at most
// attach.MaxBytes, at most MaxAttachments per contract; its SHA-256 is
// kept so a copy can be checked against it.
func (s *Service) Attach(ctx context.Context, a access.Actor, id int64, name string, data []byte) (Attachment, error) {
	if err := s.Policy.Allow(a, EvEdit.Action()); err != nil {
		return Attachment{}, err
	}
	file, err := attach.New(a, name, data, s.now())
	if err != nil {
		return Attachment{}, err
	}
	att := Attachment{ContractID: id, Name: file.Name, ContentType: file.ContentType, Size: file.Size,
		SHA256: file.SHA256, UploadedBy: file.UploadedBy, Uploader: file.Uploader, UploadedAt: file.UploadedAt}
	attID, err := s.Store.AddAttachment(ctx, a, id, att, data, func(c Contract, count int) error {
		att.ZoneID = c.ZoneID // the store writes the contract's zone; the answer says it too
		if err := s.attachable(c, a); err != nil {
			return err
		}
		if count >= MaxAttachments {
			return errs.E(errs.Conflict, "contract.err.too_many_files", MaxAttachments)
		}
		return nil
	})
	if err != nil {
		return Attachment{}, err
	}
	att.ID = attID
	return att, nil
}

// Attachments lists a contract's files.
func (s *Service) Attachments(ctx context.Context, a access.Actor, id int64) ([]Attachment, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return nil, err
	}
	return s.Store.Attachments(ctx, a, id)
}

// Attachment returns one file of a contract with its bytes.
func (s *Service) Attachment(ctx context.Context, a access.Actor, id, attachmentID int64) (Attachment, []byte, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Attachment{}, nil, err
	}
	return s.Store.Attachment(ctx, a, id, attachmentID)
}

// Detach removes a file while the actor may still change the contract's files.
func (s *Service) Detach(ctx context.Context, a access.Actor, id, attachmentID int64) error {
	if err := s.Policy.Allow(a, EvEdit.Action()); err != nil {
		return err
	}
	return s.Store.DeleteAttachment(ctx, a, id, attachmentID, func(c Contract) error { return s.attachable(c, a) })
}

// Benefits are a contract's benefit estimates and, once it has a
// certificate, its seller's income-tax estimate for that tax year.
type Benefits struct {
	ContractBenefits
	TaxYear *IncomeTaxEstimate `json:"tax_year,omitempty"`
}

// Benefits estimates what a contract may qualify for.
func (s *Service) Benefits(ctx context.Context, a access.Actor, id int64) (Benefits, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return Benefits{}, err
	}
	b := Benefits{ContractBenefits: BenefitsOf(r.Contract)}
	if !r.CertifiedOn.IsZero() {
		est, err := s.TaxEstimate(ctx, a, r.SellerID, r.CertifiedOn.Year)
		if err != nil {
			return Benefits{}, err
		}
		b.TaxYear = &est
	}
	return b, nil
}

// TaxEstimate estimates a seller's enterprise income tax on technology
// transfer income in a tax year, from the contracts certified that year.
func (s *Service) TaxEstimate(ctx context.Context, a access.Actor, sellerID int64, year int) (IncomeTaxEstimate, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return IncomeTaxEstimate{}, err
	}
	if year < 2000 || year > 9999 {
		var f errs.Fields
		f.Add("year", "contract.err.out_of_range", 2000, 9999)
		return IncomeTaxEstimate{}, f.Err()
	}
	if _, _, err := s.Store.Seller(ctx, a, sellerID); err != nil {
		return IncomeTaxEstimate{}, err
	}
	list, err := s.Store.SellerYear(ctx, a, sellerID, year)
	if err != nil {
		return IncomeTaxEstimate{}, err
	}
	e := EstimateIncomeTax(sellerID, year, list)
	if e.Lines == nil {
		e.Lines = []IncomeTaxLine{}
	}
	return e, nil
}

// Point returns a zone's registration point.
func (s *Service) Point(ctx context.Context, a access.Actor, zoneID int64) (Point, error) {
	if err := s.Policy.Allow(a, ActionRead); err != nil {
		return Point{}, err
	}
	return s.Store.Point(ctx, a, zoneID)
}

// PutPoint sets up or changes a zone's registration point. Numbers already
// issued keep the old segments; new ones use the new.
func (s *Service) PutPoint(ctx context.Context, a access.Actor, p Point) (Point, error) {
	if err := s.Policy.Allow(a, ActionPoint); err != nil {
		return Point{}, err
	}
	p.Name = strings.TrimSpace(p.Name)
	p.Code = strings.TrimSpace(p.Code)
	p.RegionCode = strings.TrimSpace(p.RegionCode)
	if err := p.Validate(); err != nil {
		return Point{}, err
	}
	return s.Store.PutPoint(ctx, a, p)
}
