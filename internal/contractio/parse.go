package contractio

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/xlsx"
)

// Input is one row of an import file as read: the terms as stated, and the
// registration facts of the history it records. Reading never fails: a
// value that cannot be read is recorded against its column in the Reader's
// problems and left zero, so every problem of a row is reported at once.
type Input struct {
	Terms      contract.Terms
	SellerName string
	SellerUSCC string
	TechAmount int64
	HasTech    bool // the file states the technology amount
	Status     contract.Status

	RegNo         string
	CertifiedOn   civil.Date
	AcceptedOn    civil.Date
	CancelledOn   civil.Date
	CancelReason  string
	RefusalCode   contract.RefusalReason
	RefusalReason string
	RefusedOn     civil.Date

	// dedCols names the column of each deduction line, in line order, so a
	// problem with deductions[i] is reported in its column.
	dedCols []string
	// unread are the columns the reader refused a cell of.
	unread map[string]bool
	// skip: the row is a contract still in progress, passed over.
	skip bool
}

// Parser reads rows of a Reader of Spec.
type Parser struct {
	// pending are the statuses a record cannot be imported in, by code
	// and by name, so such a row is told why rather than "not a code".
	pending map[string]bool
}

// NewParser returns a Parser naming statuses as cat does.
func NewParser(cat *i18n.Catalog) *Parser {
	p := &Parser{pending: map[string]bool{}}
	for _, st := range contract.Statuses() {
		if !slices.Contains(importableStatuses(), st) {
			p.pending[string(st)] = true
			p.pending[cat.T(i18n.ZH, st.Key())] = true
		}
	}
	return p
}

// Parse reads the current row. A row whose status is a live one (a draft
// or a pending contract, as a full export has them) is passed over with a
// note (row.Skip) and read no further.
func (p *Parser) Parse(row xlsx.Row) Input {
	in := Input{unread: map[string]bool{}}
	if st := row.Get(colStatus); st != "" && (p.pending[st] || p.pending[strings.ToLower(st)]) {
		row.Skip("import.note.in_progress", st)
		in.skip = true
		return in
	}
	// mark notes a column whose cell the reader has already refused
	// (required and empty, or not readable as its kind), so validation
	// does not report the same cell again.
	mark := func(key string, ok, required bool) {
		if !ok && (required || row.Get(key) != "") {
			in.unread[key] = true
		}
	}
	text := func(key string, required bool) string {
		v := row.Text(key)
		mark(key, v != "", required)
		return v
	}
	ident := func(key string, required bool) string {
		v, ok := row.Ident(key)
		mark(key, ok, required)
		return v
	}
	code := func(key string, required bool) string {
		v, ok := row.Code(key)
		mark(key, ok, required)
		return v
	}
	date := func(key string, required bool) civil.Date {
		v, ok := row.Date(key)
		mark(key, ok, required)
		return v
	}
	money := func(key string, required bool) (int64, bool) {
		v, ok := row.Money(key)
		mark(key, ok, required)
		return v, ok
	}
	t := &in.Terms
	t.Name = text(colName, true)
	t.ContractNo = ident(colContractNo, false)
	t.Type = contract.Type(code(colType, true))
	t.LicenceSubtype = contract.LicenceSubtype(code(colSubtype, false))
	t.SignedOn = date(colSignedOn, true)
	t.ValidFrom = date(colValidFrom, true)
	t.ValidTo = date(colValidTo, true)
	t.Field = contract.Field(code(colField, true))
	t.IPType = contract.IPType(code(colIPType, false))
	t.ProgrammeLevel = contract.ProgrammeLevel(code(colProgramme, false))

	in.SellerName = text(colSellerName, false)
	in.SellerUSCC = strings.ToUpper(ident(colSellerUSCC, true))
	t.Buyer.Name = text(colBuyerName, true)
	t.Buyer.USCC = ident(colBuyerUSCC, false)
	t.Buyer.Nature = contract.Nature(code(colBuyerNature, true))
	t.Buyer.Region = ident(colBuyerRegion, false)
	t.Buyer.Country = text(colBuyerCountry, false)

	t.ContractAmountFen, _ = money(colContractAmount, true)
	for _, k := range contract.DeductionKinds() {
		col := dedColumn(k)
		if v, ok := money(col, false); ok && v != 0 {
			t.Deductions = append(t.Deductions, contract.Deduction{Kind: k, AmountFen: v})
			in.dedCols = append(in.dedCols, col)
		}
	}
	in.TechAmount, in.HasTech = money(colTechAmount, false)

	if row.Get(colStatus) == "" {
		in.Status = contract.Registered
	} else {
		in.Status = contract.Status(code(colStatus, false))
	}
	in.RegNo = ident(colRegNo, false)
	in.CertifiedOn = date(colCertifiedOn, false)
	in.AcceptedOn = date(colAcceptedOn, false)
	in.CancelledOn = date(colCancelledOn, false)
	in.CancelReason = text(colCancelReason, false)
	in.RefusalCode = contract.RefusalReason(code(colRefusalCode, false))
	in.RefusalReason = text(colRefusalReason, false)
	in.RefusedOn = date(colRefusedOn, false)
	return in
}

// Seller is an enterprise of the importing zone: its id and the party
// snapshot a contract keeps.
type Seller struct {
	ID    int64
	Party contract.Party
}

// Built is one checked row ready to stage: the contract in its final
// state, the steps of its history, and the rollup and serial it adds.
type Built struct {
	Contract contract.Contract
	History  []contract.Step
	Serial   string // the counter scope of its registration number, "" for none
	SerialN  int
}

// builder turns Inputs into contracts under the registry's rules.
type builder struct {
	checker  contract.Checker
	settings contract.Settings
	today    civil.Date
	zoneID   int64
	pointID  int64
	actor    access.Actor
	note     string // the reason of the imported registration step
}

// chinaZone is the registry's civil time zone: history steps of imported
// records are stamped at the start of their day there.
func chinaZone() *time.Location { return time.FixedZone("CST", 8*3600) }

func dayStart(d civil.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, chinaZone()).UTC()
}

// build checks in against the rules of the form and API (contract.Normalize
// and the Checker's Validate) and those of a registration record, and
// returns the contract. Problems come back as one Invalid error whose fields
// are column keys (deduction lines renamed to their columns).
func (b builder) build(in Input, seller Seller) (Built, error) {
	c := contract.Contract{ZoneID: b.zoneID, SellerID: seller.ID, Seller: seller.Party, Terms: in.Terms}
	if in.SellerName != "" && !xlsx.SameName(in.SellerName, seller.Party.Name) {
		// The contract keeps the seller's name as it signed; the
		// enterprise may have been renamed since. The same name typed
		// with other brackets or widths is the enterprise's.
		c.Seller.Name = in.SellerName
	}
	if in.HasTech {
		c.TechAmountFen = in.TechAmount
		// A technology amount other than the computed one is the
		// registrar's fixed figure, as the form records it.
		c.TechAmountFixed = in.TechAmount != in.Terms.ContractAmountFen-in.Terms.DeductionsFen()
	}
	var f errs.Fields
	var out Built
	switch in.Status {
	case contract.Registered, contract.Cancelled:
		b.registration(&f, &c, in, &out)
	case contract.Refused:
		b.refusal(&f, &c, in, &out)
	}
	contract.Normalize(&c)
	if err := b.checker.Validate(c, b.today); err != nil {
		e, ok := err.(*errs.Error)
		if !ok {
			return out, err
		}
		for field, m := range e.Fields {
			if col := in.column(field); !in.unread[col] {
				f.Add(col, m.Key, m.Args...)
			}
		}
	}
	if err := f.Err(); err != nil {
		return out, err
	}
	out.Contract = c
	return out, nil
}

// column maps a validation field to the import column it concerns.
func (in Input) column(field string) string {
	if field == "deductions" && len(in.dedCols) > 0 {
		return in.dedCols[0]
	}
	if rest, ok := strings.CutPrefix(field, "deductions["); ok {
		if i, err := strconv.Atoi(rest[:max(0, strings.IndexByte(rest, ']'))]); err == nil && i < len(in.dedCols) {
			return in.dedCols[i]
		}
	}
	return field
}

func (b builder) registration(f *errs.Fields, c *contract.Contract, in Input, out *Built) {
	c.Status = in.Status
	switch {
	case in.CertifiedOn.IsZero():
		f.Add(colCertifiedOn, "import.err.required_for", errs.M(in.Status.Key()))
	case in.CertifiedOn.After(b.today):
		f.Add(colCertifiedOn, "contract.err.future_date")
	case !in.Terms.SignedOn.IsZero() && in.CertifiedOn.Before(in.Terms.SignedOn):
		f.Add(colCertifiedOn, "import.err.before_signed")
	}
	accepted := in.AcceptedOn
	if accepted.IsZero() {
		accepted = in.CertifiedOn
	}
	b.accepted(f, accepted, in.CertifiedOn, in.Terms.SignedOn)
	c.AcceptedOn, c.CertifiedOn, c.PointID = accepted, in.CertifiedOn, b.pointID
	rs := contract.RuleSetFor(b.settings, accepted)
	c.RuleSet = rs.ID
	switch p, err := rs.ParseRegNo(in.RegNo); {
	case in.RegNo == "":
		f.Add(colRegNo, "import.err.required_for", errs.M(in.Status.Key()))
	case err != nil:
		f.Add(colRegNo, "import.err.reg_no_layout", in.RegNo, errs.M(rs.Key()), rs.RegNoLayout.Len())
	case !in.CertifiedOn.IsZero() && p.Year != in.CertifiedOn.Year:
		f.Add(colRegNo, "import.err.reg_no_year", in.RegNo, in.CertifiedOn.Year)
	default:
		c.RegNo = in.RegNo
		if scope, err := rs.SerialScope(p); err == nil {
			out.Serial, out.SerialN = scope, p.Serial
		}
	}
	c.Deadline = rs.Deadline(accepted, false)
	out.History = append(out.History, contract.Step{Event: contract.EvRegister, From: contract.New, To: contract.Registered,
		At: dayStart(in.CertifiedOn), ActorID: b.actor.UserID, Role: b.actor.Role, Reason: b.note, RegNo: in.RegNo})
	b.notFor(f, in, colRefusalCode, in.RefusalCode != "")
	b.notFor(f, in, colRefusedOn, !in.RefusedOn.IsZero())
	b.notFor(f, in, colRefusalReason, in.RefusalReason != "")
	if in.Status != contract.Cancelled {
		b.notFor(f, in, colCancelledOn, !in.CancelledOn.IsZero())
		b.notFor(f, in, colCancelReason, in.CancelReason != "")
		return
	}
	switch {
	case in.CancelledOn.IsZero():
		f.Add(colCancelledOn, "import.err.required_for", errs.M(in.Status.Key()))
	case in.CancelledOn.After(b.today):
		f.Add(colCancelledOn, "contract.err.future_date")
	case !in.CertifiedOn.IsZero() && in.CancelledOn.Before(in.CertifiedOn):
		f.Add(colCancelledOn, "import.err.before_certified")
	}
	reason := strings.TrimSpace(in.CancelReason)
	b.reason(f, colCancelReason, reason, true, in.Status)
	c.CancelledOn, c.CancelReason = in.CancelledOn, reason
	out.History = append(out.History, contract.Step{Event: contract.EvCancel, From: contract.Registered, To: contract.Cancelled,
		At: dayStart(in.CancelledOn), ActorID: b.actor.UserID, Role: b.actor.Role, Reason: reason})
}

func (b builder) refusal(f *errs.Fields, c *contract.Contract, in Input, out *Built) {
	c.Status = contract.Refused
	switch {
	case in.RefusedOn.IsZero():
		f.Add(colRefusedOn, "import.err.required_for", errs.M(in.Status.Key()))
	case in.RefusedOn.After(b.today):
		f.Add(colRefusedOn, "contract.err.future_date")
	case !in.Terms.SignedOn.IsZero() && in.RefusedOn.Before(in.Terms.SignedOn):
		f.Add(colRefusedOn, "import.err.before_signed")
	}
	accepted := in.AcceptedOn
	if accepted.IsZero() {
		accepted = in.RefusedOn
	}
	b.accepted(f, accepted, in.RefusedOn, in.Terms.SignedOn)
	rs := contract.RuleSetFor(b.settings, accepted)
	c.AcceptedOn, c.RuleSet, c.Deadline = accepted, rs.ID, rs.Deadline(accepted, false)
	switch {
	case in.RefusalCode == "":
		f.Add(colRefusalCode, "import.err.required_for", errs.M(in.Status.Key()))
	case !in.RefusalCode.Valid():
		f.Add(colRefusalCode, "contract.err.unknown_code", string(in.RefusalCode))
	}
	reason := strings.TrimSpace(in.RefusalReason)
	b.reason(f, colRefusalReason, reason, in.RefusalCode.NeedsText(), in.Status)
	c.RefusalCode, c.RefusalReason, c.RefusedOn = in.RefusalCode, reason, in.RefusedOn
	for _, x := range []struct {
		col string
		set bool
	}{{colRegNo, in.RegNo != ""}, {colCertifiedOn, !in.CertifiedOn.IsZero()}, {colCancelledOn, !in.CancelledOn.IsZero()}, {colCancelReason, in.CancelReason != ""}} {
		b.notFor(f, in, x.col, x.set)
	}
	out.History = append(out.History, contract.Step{Event: contract.EvRefuse, From: contract.New, To: contract.Refused,
		At: dayStart(in.RefusedOn), ActorID: b.actor.UserID, Role: b.actor.Role, Reason: reason, RefusalCode: in.RefusalCode})
}

// accepted checks the acceptance date: after signing, not after the decision.
func (b builder) accepted(f *errs.Fields, accepted, decided, signed civil.Date) {
	switch {
	case accepted.IsZero():
	case accepted.After(b.today):
		f.Add(colAcceptedOn, "contract.err.future_date")
	case !decided.IsZero() && accepted.After(decided):
		f.Add(colAcceptedOn, "import.err.accepted_after_decision")
	case !signed.IsZero() && accepted.Before(signed):
		f.Add(colAcceptedOn, "import.err.before_signed")
	}
}

// notFor refuses a value that does not belong to the row's status, rather
// than dropping it silently.
func (b builder) notFor(f *errs.Fields, in Input, col string, set bool) {
	if set {
		f.Add(col, "import.err.not_for_status", errs.M(in.Status.Key()))
	}
}

func (b builder) reason(f *errs.Fields, col, s string, required bool, st contract.Status) {
	switch {
	case s == "" && required:
		f.Add(col, "import.err.required_for", errs.M(st.Key()))
	case len([]rune(s)) > maxReasonRunes:
		f.Add(col, "contract.err.too_long", maxReasonRunes)
	}
}

// maxReasonRunes is the form's limit on a free-text reason.
const maxReasonRunes = 2000
