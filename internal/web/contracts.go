package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
	"github.com/innopark/innopark/internal/zone"
)

// contractRoutes lists the technology-contract registry's pages.
func (w *Web) contractRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.Web, Handler: h}
	}
	return []httpx.Route{
		r("GET", "/contracts", w.contractList),
		r("GET", "/contracts/queue", w.contractQueue),
		r("GET", "/contracts/new", w.contractNew),
		r("POST", "/contracts/new", w.contractCreate),
		r("GET", "/contracts/{id}", w.contractShow),
		r("GET", "/contracts/{id}/edit", w.contractEdit),
		r("POST", "/contracts/{id}/edit", w.contractUpdate),
		r("POST", "/contracts/{id}/events/{event}", w.contractEvent),
		r("GET", "/contracts/{id}/certificate", w.contractCertificate),
		r("POST", "/contracts/{id}/attachments", w.contractUpload),
		r("GET", "/contracts/{id}/attachments/{aid}", w.contractDownload),
		r("POST", "/contracts/{id}/attachments/{aid}/delete", w.contractDetach),
	}
}

// contractNav is the registry's part of the top navigation.
func (w *Web) contractNav() []NavItem {
	return []NavItem{
		{Key: "contract.nav.list", Href: "/contracts", Action: contract.ActionRead},
		{Key: "contract.nav.queue", Href: "/contracts/queue", Action: contract.ActionQueue},
	}
}

// codes are the enumerations forms and filters offer.
type codes struct {
	Statuses       []contract.Status
	Types          []contract.Type
	Subtypes       []contract.LicenceSubtype
	Fields         []contract.Field
	IPTypes        []contract.IPType
	Levels         []contract.ProgrammeLevel
	Natures        []contract.Nature
	DeductionKinds []contract.DeductionKind
	Refusals       []contract.RefusalReason
}

func contractCodes() codes {
	return codes{Statuses: contract.Statuses(), Types: contract.Types(), Subtypes: contract.LicenceSubtypes(),
		Fields: contract.Fields(), IPTypes: contract.IPTypes(), Levels: contract.ProgrammeLevels(),
		Natures: contract.Natures(), DeductionKinds: contract.DeductionKinds(), Refusals: contract.RefusalReasons()}
}

type contractListData struct {
	codes
	Filter    url.Values
	Zones     []zone.Area
	Page      contract.Page
	Nav       listNav // total, page numbers, order
	CanCreate bool
	CanQueue  bool
	CanImport bool
	ExportURL string // the list as filtered, every page, as .xlsx
	ExportCSV string // the same as .csv
}

func (w *Web) contractList(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	q := r.URL.Query()
	f, ferr := listq.Contracts(r.Context(), w.Zones, a, q)
	if ferr != nil && !errs.Is(ferr, errs.Invalid) {
		return ferr
	}
	if f.Limit == 0 {
		f.Limit = pageSize
	}
	f.Count = true
	zones, err := w.Zones.Areas(r.Context(), a, zone.KindZone)
	if err != nil {
		return err
	}
	d := contractListData{codes: contractCodes(), Filter: q, Zones: zones,
		CanCreate: w.Policy.Can(a.Role, contract.EvCreate.Action()), CanQueue: w.Policy.Can(a.Role, contract.ActionQueue),
		CanImport: w.Policy.Can(a.Role, contractio.ActionImport)}
	d.ExportURL, d.ExportCSV = exportURLs(q)
	var page contract.Page
	if ferr == nil {
		page, err = w.Contracts.List(r.Context(), a, f)
	} else {
		err = ferr
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "contract_list", Page{Title: "contract.ui.list.title", Data: d, Errors: fe, Message: msg})
	}
	d.Page = page
	d.Nav = newListNav(q, "/contracts", page.Total, f.Limit, page.Next, contract.SortColumns()...)
	// Within certificate dates the list's own order is by certificate
	// date (contract.Filter.ByCertificate), and so is "back" from a column.
	own := f
	if contract.SortsByColumn(own.Sort) {
		own.Sort = ""
	}
	if own.ByCertificate() {
		d.Nav.OrderKey, d.Nav.RestoreKey = "contract.ui.list.sort_certified", "contract.ui.list.sort_restore_certified"
	}
	return w.render(rw, r, http.StatusOK, "contract_list", Page{Title: "contract.ui.list.title", Data: d})
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

type contractQueueData struct {
	Items []contract.Summary
	Zones []zone.Area
	Zone  string
	Today civil.Date
}

func (w *Web) contractQueue(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, contract.ActionQueue); err != nil {
		return err
	}
	zones, err := w.Zones.Areas(r.Context(), a, zone.KindZone)
	if err != nil {
		return err
	}
	slug := r.URL.Query().Get("zone")
	zoneID, err := w.Zones.IDOf(r.Context(), a, slug)
	if err != nil {
		return err
	}
	list, err := w.Contracts.Queue(r.Context(), a, zoneID)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "contract_queue", Page{Title: "contract.ui.queue.title",
		Data: contractQueueData{Items: list, Zones: zones, Zone: slug, Today: civil.Today(w.Now())}})
}

// contractFormData is the draft / edit / amend form. V holds the inputs as
// typed (or as stored), so a refused form comes back as the user left it.
type contractFormData struct {
	codes
	V       map[string]string
	Action  string
	Back    string
	New     bool
	Amend   bool
	Sellers []enterprise.Enterprise
	// The registrar's seller search: the text searched for, and whether
	// more enterprises match than the list shows.
	SellerSearch bool
	SellerQ      string
	MoreSellers  bool
	Seller       string // the seller's name, when fixed
	Payments     []int
}

// paymentRows is how many payment lines the form offers.
const paymentRows = 3

func (w *Web) contractForm(d contractFormData) contractFormData {
	d.codes = contractCodes()
	for i := 0; i < paymentRows; i++ {
		d.Payments = append(d.Payments, i)
	}
	return d
}

// formOf fills the form inputs from a stored contract.
func formOf(c contract.Contract) map[string]string {
	v := map[string]string{
		"version": strconv.Itoa(c.Version), "name": c.Name, "contract_no": c.ContractNo, "type": string(c.Type), "licence_subtype": string(c.LicenceSubtype),
		"signed_on": c.SignedOn.String(), "valid_from": c.ValidFrom.String(), "valid_to": c.ValidTo.String(),
		"field": string(c.Field), "ip_type": string(c.IPType), "programme_level": string(c.ProgrammeLevel),
		"buyer.name": c.Buyer.Name, "buyer.uscc": c.Buyer.USCC, "buyer.nature": string(c.Buyer.Nature),
		"buyer.region": c.Buyer.Region, "buyer.country": c.Buyer.Country,
		"contract_amount_fen": formatYuan(c.ContractAmountFen),
	}
	for _, d := range c.Deductions {
		v["ded."+string(d.Kind)] = formatYuan(d.AmountFen)
	}
	for i, p := range c.Payments {
		if i >= paymentRows {
			break
		}
		v[payKey(i, "on")] = p.On.String()
		v[payKey(i, "amount_fen")] = formatYuan(p.AmountFen)
	}
	if c.TechAmountFixed {
		v["tech_amount_fen"] = formatYuan(c.TechAmountFen)
	}
	return v
}

func payKey(i int, part string) string { return "payments[" + strconv.Itoa(i) + "]." + part }

// formInput is a posted contract form: the terms it states, what it could
// not parse, and how the domain's line indexes map back to its inputs.
type formInput struct {
	V        map[string]string
	Terms    contract.Terms
	Parse    errs.Fields
	dedInput []string // deductions[i] → input name
	payRow   []int    // payments[i] → form row
}

func readContractForm(r *http.Request) (formInput, error) {
	in := formInput{V: map[string]string{}}
	// A session's form was parsed for its CSRF field already; a bearer
	// token's was not.
	if err := r.ParseForm(); err != nil {
		return in, errs.E(errs.BadRequest, "error.bad_form").Wrap(err)
	}
	for k, vs := range r.PostForm {
		if len(vs) > 0 && k != "csrf" {
			in.V[k] = strings.TrimSpace(vs[0])
		}
	}
	v := in.V
	date := func(name string) civil.Date {
		if v[name] == "" {
			return civil.Date{}
		}
		d, err := civil.Parse(v[name])
		if err != nil {
			in.Parse.Add(name, "error.bad_date")
		}
		return d
	}
	money := func(name string) int64 {
		n, ok := parseYuan(v[name])
		if !ok {
			in.Parse.Add(name, "error.bad_money")
		}
		return n
	}
	t := contract.Terms{
		Name: v["name"], ContractNo: v["contract_no"], Type: contract.Type(v["type"]), LicenceSubtype: contract.LicenceSubtype(v["licence_subtype"]),
		SignedOn: date("signed_on"), ValidFrom: date("valid_from"), ValidTo: date("valid_to"),
		Field: contract.Field(v["field"]), IPType: contract.IPType(v["ip_type"]), ProgrammeLevel: contract.ProgrammeLevel(v["programme_level"]),
		Buyer: contract.Party{Name: v["buyer.name"], USCC: v["buyer.uscc"], Nature: contract.Nature(v["buyer.nature"]),
			Region: v["buyer.region"], Country: v["buyer.country"]},
		ContractAmountFen: money("contract_amount_fen"),
	}
	for _, k := range contract.DeductionKinds() {
		name := "ded." + string(k)
		if v[name] == "" {
			continue
		}
		t.Deductions = append(t.Deductions, contract.Deduction{Kind: k, AmountFen: money(name)})
		in.dedInput = append(in.dedInput, name)
	}
	for i := 0; i < paymentRows; i++ {
		if v[payKey(i, "on")] == "" && v[payKey(i, "amount_fen")] == "" {
			continue
		}
		t.Payments = append(t.Payments, contract.Payment{On: date(payKey(i, "on")), AmountFen: money(payKey(i, "amount_fen"))})
		in.payRow = append(in.payRow, i)
	}
	in.Terms = t
	return in, nil
}

var lineField = regexp.MustCompile(`^(deductions|payments)\[(\d+)\]\.(.+)$`)

// inputName maps a domain field name to the form input it concerns.
func (in formInput) inputName(field string) string {
	m := lineField.FindStringSubmatch(field)
	if m == nil {
		return field
	}
	i, _ := strconv.Atoi(m[2])
	switch {
	case m[1] == "deductions" && i < len(in.dedInput):
		return in.dedInput[i]
	case m[1] == "payments" && i < len(in.payRow):
		return payKey(in.payRow[i], m[3])
	}
	return field
}

// errorsFor turns a domain error plus the form's own problems into
// per-input messages; ok is false for errors a form cannot show.
func (w *Web) errorsFor(r *http.Request, in formInput, err error) (map[string]string, string, bool) {
	fe, msg, ok := w.formErrors(r, in.Parse, err)
	if !ok {
		return nil, "", false
	}
	out := map[string]string{}
	for k, m := range fe {
		out[in.inputName(k)] = m
	}
	return out, msg, true
}

func patchOf(t contract.Terms) contract.TermsPatch {
	return contract.TermsPatch{Name: &t.Name, Type: &t.Type, LicenceSubtype: &t.LicenceSubtype, SignedOn: &t.SignedOn,
		ValidFrom: &t.ValidFrom, ValidTo: &t.ValidTo, Field: &t.Field, IPType: &t.IPType, ProgrammeLevel: &t.ProgrammeLevel,
		Buyer: contract.PartyPatch{Name: &t.Buyer.Name, USCC: &t.Buyer.USCC, Nature: (*string)(&t.Buyer.Nature),
			Region: &t.Buyer.Region, Country: &t.Buyer.Country},
		ContractAmountFen: &t.ContractAmountFen, Deductions: &t.Deductions, Payments: &t.Payments}
}

// maxSellerOptions bounds the registrar's seller list; a zone with more
// enterprises is searched by name or code (seller_q) to narrow it.
const maxSellerOptions = 200

// sellers lists the enterprises a registrar may enter contracts for: those
// matching the search q (all when empty), at most maxSellerOptions, and the
// one already chosen (chosen, an id) even when the search leaves it out.
// more reports that further enterprises match.
func (w *Web) sellers(r *http.Request, a access.Actor, q, chosen string) (list []enterprise.Enterprise, more bool, err error) {
	if a.Role != access.Registrar {
		return nil, false, nil
	}
	p, err := w.Enterprises.List(r.Context(), a, enterprise.Filter{ZoneID: a.ZoneID, Q: strings.TrimSpace(q), Limit: maxSellerOptions})
	if err != nil {
		return nil, false, err
	}
	list = p.Items
	if id, perr := strconv.ParseInt(chosen, 10, 64); perr == nil && id > 0 &&
		!slices.ContainsFunc(list, func(e enterprise.Enterprise) bool { return e.ID == id }) {
		// Not found or not the registrar's: the form then simply lacks it,
		// and Create refuses the id with the reason.
		if e, gerr := w.Enterprises.Get(r.Context(), a, id); gerr == nil {
			list = append([]enterprise.Enterprise{e}, list...)
		}
	}
	return list, p.Next != "", nil
}

func (w *Web) contractNew(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, contract.EvCreate.Action()); err != nil {
		return err
	}
	v := map[string]string{"buyer.country": "CN", "programme_level": string(contract.ProgNone)}
	if s := r.URL.Query().Get("seller"); s != "" {
		v["seller_id"] = s
	}
	sq := r.URL.Query().Get("seller_q")
	sellers, more, err := w.sellers(r, a, sq, v["seller_id"])
	if err != nil {
		return err
	}
	d := w.contractForm(contractFormData{V: v, Action: "/contracts/new", Back: "/contracts", New: true, Sellers: sellers,
		SellerQ: sq, MoreSellers: more, SellerSearch: a.Role == access.Registrar})
	return w.render(rw, r, http.StatusOK, "contract_form", Page{Title: "contract.ui.new", Data: d})
}

func (w *Web) contractCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, contract.EvCreate.Action()); err != nil {
		return err
	}
	in, err := readContractForm(r)
	if err != nil {
		return err
	}
	var seller int64
	if s := in.V["seller_id"]; s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			in.Parse.Add("seller_id", "error.bad_id")
		}
		seller = n
	}
	if len(in.Parse) == 0 {
		var id int64
		id, err = w.Contracts.Create(r.Context(), a, seller, in.Terms)
		if err == nil {
			http.Redirect(rw, r, "/contracts/"+itoa(id)+"?flash=saved", http.StatusSeeOther)
			return nil
		}
	} else {
		err = w.Contracts.CheckTerms(in.Terms)
	}
	fe, msg, ok := w.errorsFor(r, in, err)
	if !ok {
		return err
	}
	sellers, more, serr := w.sellers(r, a, "", in.V["seller_id"])
	if serr != nil {
		return serr
	}
	d := w.contractForm(contractFormData{V: in.V, Action: "/contracts/new", Back: "/contracts", New: true, Sellers: sellers,
		MoreSellers: more, SellerSearch: a.Role == access.Registrar})
	return w.render(rw, r, http.StatusUnprocessableEntity, "contract_form", Page{Title: "contract.ui.new", Data: d, Errors: fe, Message: msg})
}

// editMode is what the edit page does to a contract in its status: edit
// a draft or returned one, amend a registered one.
func (w *Web) editMode(c contract.Contract, a access.Actor) (amend bool, err error) {
	for _, ev := range w.Contracts.Allowed(c, a) {
		switch ev {
		case contract.EvEdit:
			return false, nil
		case contract.EvAmend:
			return true, nil
		}
	}
	if !w.Policy.Can(a.Role, contract.EvEdit.Action()) && !w.Policy.Can(a.Role, contract.EvAmend.Action()) {
		return false, errs.E(errs.Forbidden, "error.forbidden")
	}
	return false, errs.E(errs.Conflict, "contract.err.illegal_transition", errs.M(contract.EvEdit.Key()), errs.M(c.Status.Key()))
}

func (w *Web) contractEdit(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r)
	if !w.Policy.Can(a.Role, contract.EvEdit.Action()) && !w.Policy.Can(a.Role, contract.EvAmend.Action()) {
		return w.Policy.Allow(a, contract.EvEdit.Action())
	}
	rec, err := w.Contracts.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	amend, err := w.editMode(rec.Contract, a)
	if err != nil {
		return err
	}
	d := w.contractForm(contractFormData{V: formOf(rec.Contract), Action: "/contracts/" + itoa(id) + "/edit",
		Back: "/contracts/" + itoa(id), Amend: amend, Seller: rec.Seller.Name})
	return w.render(rw, r, http.StatusOK, "contract_form", Page{Title: rec.Name, Data: d})
}

func (w *Web) contractUpdate(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r)
	if !w.Policy.Can(a.Role, contract.EvEdit.Action()) && !w.Policy.Can(a.Role, contract.EvAmend.Action()) {
		return w.Policy.Allow(a, contract.EvEdit.Action())
	}
	rec, err := w.Contracts.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	amend, err := w.editMode(rec.Contract, a)
	if err != nil {
		return err
	}
	in, err := readContractForm(r)
	if err != nil {
		return err
	}
	ver, _ := strconv.Atoi(in.V["version"])
	var tech *int64
	if s := in.V["tech_amount_fen"]; amend && s != "" {
		n, ok := parseYuan(s)
		if !ok {
			in.Parse.Add("tech_amount_fen", "error.bad_money")
		}
		tech = &n
	}
	if len(in.Parse) == 0 {
		if amend {
			_, err = w.Contracts.Amend(r.Context(), a, id, ver, patchOf(in.Terms), tech, in.V["reason"])
		} else {
			_, err = w.Contracts.Edit(r.Context(), a, id, ver, patchOf(in.Terms))
		}
		if err == nil {
			http.Redirect(rw, r, "/contracts/"+itoa(id)+"?flash=saved", http.StatusSeeOther)
			return nil
		}
	} else {
		err = w.Contracts.CheckTerms(in.Terms)
	}
	fe, msg, ok := w.errorsFor(r, in, err)
	if !ok {
		return err
	}
	d := w.contractForm(contractFormData{V: in.V, Action: "/contracts/" + itoa(id) + "/edit",
		Back: "/contracts/" + itoa(id), Amend: amend, Seller: rec.Seller.Name})
	return w.render(rw, r, http.StatusUnprocessableEntity, "contract_form", Page{Title: rec.Name, Data: d, Errors: fe, Message: msg})
}

// contractShowData is the contract page: its facts, what the actor may do
// with it, its files, its history and its benefit estimates.
type contractShowData struct {
	codes
	R            contract.Record
	Can          map[string]bool // by event name
	CanEdit      bool
	CanAmend     bool
	CanAttach    bool
	Overdue      bool
	DeductedFen  int64
	PaidFen      int64
	History      []contract.HistoryItem
	HistoryPager pager
	Attachments  []contract.Attachment
	Benefits     contract.Benefits
	Form         map[string]string // the action form as posted, on error
	Open         string            // the action form that failed
	MaxFileMiB   int
}

func (w *Web) showData(r *http.Request, a access.Actor, id int64) (contractShowData, error) {
	ctx := r.Context()
	rec, err := w.Contracts.Get(ctx, a, id)
	if err != nil {
		return contractShowData{}, err
	}
	d := contractShowData{codes: contractCodes(), R: rec, Can: map[string]bool{}, Form: map[string]string{},
		Overdue: contract.OverdueAt(rec.Contract, civil.Today(w.Now())), DeductedFen: rec.DeductionsFen(), PaidFen: rec.PaidFen(),
		CanAttach: w.Contracts.CanAttach(rec.Contract, a), MaxFileMiB: contract.MaxAttachmentBytes >> 20}
	for _, ev := range w.Contracts.Allowed(rec.Contract, a) {
		d.Can[string(ev)] = true
	}
	d.CanEdit, d.CanAmend = d.Can[string(contract.EvEdit)], d.Can[string(contract.EvAmend)]
	hist, err := w.Contracts.History(ctx, a, id, pageOf(r, "history"))
	if err != nil {
		return d, err
	}
	d.History, d.HistoryPager = hist.Items, pagerOf(r.URL.Query(), "/contracts/"+itoa(id), "history", hist.Next, "#contract-history")
	if d.Attachments, err = w.Contracts.Attachments(ctx, a, id); err != nil {
		return d, err
	}
	if d.Benefits, err = w.Contracts.Benefits(ctx, a, id); err != nil {
		return d, err
	}
	return d, nil
}

func (w *Web) contractShow(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := w.showData(r, httpx.Actor(r), id)
	if err != nil {
		return err
	}
	who := make([]string, 0, len(d.History))
	for _, h := range d.History {
		who = append(who, h.ActorName)
	}
	people, err := w.Auth.DisplayNames(r.Context(), who)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "contract_show", Page{Title: d.R.Name, Data: d, People: people})
}

// pageEvents are the events the contract page posts to /events/{event}.
func pageEvent(s string) (contract.EventKind, bool) {
	switch k := contract.EventKind(s); k {
	case contract.EvSubmit, contract.EvAccept, contract.EvStartReview, contract.EvSecondReview, contract.EvReturn,
		contract.EvRegister, contract.EvRefuse, contract.EvCancel:
		return k, true
	}
	return "", false
}

func (w *Web) contractEvent(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	kind, ok := pageEvent(r.PathValue("event"))
	if !ok {
		return errs.NotFoundf("entity.page")
	}
	a := httpx.Actor(r)
	form := map[string]string{}
	for _, k := range []string{"version", "reason", "reason_code", "tech_amount_fen", "field", "type", "disputed"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var parse errs.Fields
	ev := contract.Event{Kind: kind, Reason: form["reason"], RefusalCode: contract.RefusalReason(form["reason_code"]),
		Disputed: form["disputed"] == "on"}
	if kind == contract.EvRegister {
		ev.Field, ev.Type = contract.Field(form["field"]), contract.Type(form["type"])
		if s := form["tech_amount_fen"]; s != "" {
			n, ok := parseYuan(s)
			if !ok {
				parse.Add("tech_amount_fen", "error.bad_money")
			}
			ev.TechAmountFen = &n
		}
	}
	ver, _ := strconv.Atoi(form["version"])
	if len(parse) == 0 {
		_, err = w.Contracts.Act(r.Context(), a, id, ver, ev)
		if err == nil {
			http.Redirect(rw, r, "/contracts/"+itoa(id)+"?flash=saved", http.StatusSeeOther)
			return nil
		}
	}
	fe, msg, ok := w.formErrors(r, parse, err)
	if !ok {
		return err
	}
	d, derr := w.showData(r, a, id)
	if derr != nil {
		return derr
	}
	d.Form, d.Open = form, string(kind)
	status := http.StatusUnprocessableEntity
	if errs.Is(err, errs.Conflict) {
		status = http.StatusConflict
	}
	return w.render(rw, r, status, "contract_show", Page{Title: d.R.Name, Data: d, Errors: fe, Message: msg})
}

type certificateData struct {
	R contract.Record
}

func (w *Web) contractCertificate(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := w.Contracts.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	if rec.Status != contract.Registered {
		return errs.E(errs.Conflict, "contract.err.no_certificate", errs.M(rec.Status.Key()))
	}
	return w.render(rw, r, http.StatusOK, "contract_certificate", Page{Title: "contract.ui.certificate.title", Data: certificateData{R: rec}})
}

func (w *Web) contractUpload(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r)
	if err := w.Policy.Allow(a, contract.EvEdit.Action()); err != nil {
		return err
	}
	name, data, err := httpx.ReadUpload(rw, r, "file", contract.MaxAttachmentBytes)
	if err == nil {
		_, err = w.Contracts.Attach(r.Context(), a, id, name, data)
	}
	if err == nil {
		http.Redirect(rw, r, "/contracts/"+itoa(id)+"?flash=saved#attachments", http.StatusSeeOther)
		return nil
	}
	k := errs.KindOf(err)
	if k != errs.Invalid && k != errs.Conflict && k != errs.TooLarge {
		return err
	}
	d, derr := w.showData(r, a, id)
	if derr != nil {
		return derr
	}
	lang := httpx.GetInfo(r.Context()).Lang
	fe := map[string]string{}
	var e *errs.Error
	msg := ""
	if asErrs(err, &e) {
		msg = w.Catalog.Msg(lang, e.Msg)
		for f, m := range e.Fields {
			fe[f] = w.Catalog.Msg(lang, m)
		}
	}
	if _, ok := fe["file"]; !ok {
		fe["file"] = msg
	}
	d.Open = "attach"
	return w.render(rw, r, httpx.Status(err), "contract_show", Page{Title: d.R.Name, Data: d, Errors: fe, Message: msg})
}

func (w *Web) contractDownload(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil || aid <= 0 {
		return errs.NotFoundf("entity.page")
	}
	att, data, err := w.Contracts.Attachment(r.Context(), httpx.Actor(r), id, aid)
	if err != nil {
		return err
	}
	httpx.ServeFile(rw, att.Name, att.ContentType, att.SHA256, data)
	return nil
}

func (w *Web) contractDetach(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil || aid <= 0 {
		return errs.NotFoundf("entity.page")
	}
	if err := w.Contracts.Detach(r.Context(), httpx.Actor(r), id, aid); err != nil {
		return err
	}
	http.Redirect(rw, r, "/contracts/"+itoa(id)+"?flash=saved#attachments", http.StatusSeeOther)
	return nil
}
