package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
)

// contractRoutes lists the technology-contract registry's endpoints.
func (a *API) contractRoutes() []httpx.Route {
	r := func(method, pattern string, h httpx.Handler) httpx.Route {
		return httpx.Route{Method: method, Pattern: pattern, Kind: httpx.API, Handler: h}
	}
	return []httpx.Route{
		r("GET", "/api/v1/contracts", a.listContracts),
		r("POST", "/api/v1/contracts", a.createContract),
		r("GET", "/api/v1/contracts/queue", a.contractQueue),
		r("GET", "/api/v1/contracts/{id}", a.getContract),
		r("PATCH", "/api/v1/contracts/{id}", a.patchContract),
		r("GET", "/api/v1/contracts/{id}/history", a.contractHistory),
		r("POST", "/api/v1/contracts/{id}/submit", a.contractEvent(contract.EvSubmit)),
		r("POST", "/api/v1/contracts/{id}/start-review", a.contractEvent(contract.EvStartReview)),
		r("POST", "/api/v1/contracts/{id}/second-review", a.contractEvent(contract.EvSecondReview)),
		r("POST", "/api/v1/contracts/{id}/return", a.contractEvent(contract.EvReturn)),
		r("POST", "/api/v1/contracts/{id}/register", a.contractEvent(contract.EvRegister)),
		r("POST", "/api/v1/contracts/{id}/refuse", a.contractEvent(contract.EvRefuse)),
		r("POST", "/api/v1/contracts/{id}/amend", a.amendContract),
		r("POST", "/api/v1/contracts/{id}/cancel", a.contractEvent(contract.EvCancel)),
		r("GET", "/api/v1/contracts/{id}/benefits", a.contractBenefits),
		r("GET", "/api/v1/contracts/{id}/attachments", a.listAttachments),
		r("POST", "/api/v1/contracts/{id}/attachments", a.uploadAttachment),
		r("GET", "/api/v1/contracts/{id}/attachments/{aid}", a.downloadAttachment),
		r("DELETE", "/api/v1/contracts/{id}/attachments/{aid}", a.deleteAttachment),
		r("GET", "/api/v1/enterprises/{id}/tax-estimate", a.taxEstimate),
		r("GET", "/api/v1/zones/{slug}/registration-point", a.getPoint),
		r("PUT", "/api/v1/zones/{slug}/registration-point", a.putPoint),
	}
}

// partyBody is a party in a request; nil fields stay as they are on PATCH.
type partyBody struct {
	Name    *string `json:"name"`
	USCC    *string `json:"uscc"`
	Nature  *string `json:"nature"`
	Region  *string `json:"region"`
	Country *string `json:"country"`
}

type deductionBody struct {
	Kind      string `json:"kind"`
	AmountFen int64  `json:"amount_fen"`
}

type paymentBody struct {
	On        string `json:"on"`
	AmountFen int64  `json:"amount_fen"`
}

// termsBody is the create and PATCH body: dates are strings here so a bad
// one is a 422 naming the field, not a 400 for the whole body.
type termsBody struct {
	Version           *int             `json:"version"`
	SellerID          *int64           `json:"seller_id"`
	Name              *string          `json:"name"`
	Type              *string          `json:"type"`
	LicenceSubtype    *string          `json:"licence_subtype"`
	SignedOn          *string          `json:"signed_on"`
	ValidFrom         *string          `json:"valid_from"`
	ValidTo           *string          `json:"valid_to"`
	Field             *string          `json:"field"`
	IPType            *string          `json:"ip_type"`
	ProgrammeLevel    *string          `json:"programme_level"`
	Buyer             *partyBody       `json:"buyer"`
	ContractAmountFen *int64           `json:"contract_amount_fen"`
	Deductions        *[]deductionBody `json:"deductions"`
	Payments          *[]paymentBody   `json:"payments"`
}

func (b termsBody) patch() (contract.TermsPatch, error) {
	var f errs.Fields
	p := contract.TermsPatch{
		Name:              b.Name,
		SignedOn:          dateField(&f, "signed_on", b.SignedOn),
		ValidFrom:         dateField(&f, "valid_from", b.ValidFrom),
		ValidTo:           dateField(&f, "valid_to", b.ValidTo),
		ContractAmountFen: b.ContractAmountFen,
	}
	if b.Type != nil {
		t := contract.Type(*b.Type)
		p.Type = &t
	}
	if b.LicenceSubtype != nil {
		s := contract.LicenceSubtype(*b.LicenceSubtype)
		p.LicenceSubtype = &s
	}
	if b.Field != nil {
		x := contract.Field(*b.Field)
		p.Field = &x
	}
	if b.IPType != nil {
		x := contract.IPType(*b.IPType)
		p.IPType = &x
	}
	if b.ProgrammeLevel != nil {
		x := contract.ProgrammeLevel(*b.ProgrammeLevel)
		p.ProgrammeLevel = &x
	}
	if b.Buyer != nil {
		p.Buyer = contract.PartyPatch{Name: b.Buyer.Name, USCC: b.Buyer.USCC, Nature: b.Buyer.Nature, Region: b.Buyer.Region, Country: b.Buyer.Country}
	}
	if b.Deductions != nil {
		ds := make([]contract.Deduction, 0, len(*b.Deductions))
		for _, d := range *b.Deductions {
			ds = append(ds, contract.Deduction{Kind: contract.DeductionKind(d.Kind), AmountFen: d.AmountFen})
		}
		p.Deductions = &ds
	}
	if b.Payments != nil {
		ps := make([]contract.Payment, 0, len(*b.Payments))
		for i, x := range *b.Payments {
			on := x.On
			var d civil.Date
			if pd := dateField(&f, "payments["+strconv.Itoa(i)+"].on", &on); pd != nil {
				d = *pd
			}
			ps = append(ps, contract.Payment{On: d, AmountFen: x.AmountFen})
		}
		p.Payments = &ps
	}
	return p, f.Err()
}

func version(v *int) int {
	if v == nil {
		return 0
	}
	return *v
}

// contractOut is a contract as the API returns it: lines as arrays, never null.
func contractOut(r contract.Record) contract.Record {
	if r.Deductions == nil {
		r.Deductions = []contract.Deduction{}
	}
	if r.Payments == nil {
		r.Payments = []contract.Payment{}
	}
	return r
}

func (a *API) createContract(w http.ResponseWriter, r *http.Request) error {
	var b termsBody
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p, err := b.patch()
	if err != nil {
		return err
	}
	var terms contract.Terms
	p.Apply(&terms)
	var seller int64
	if b.SellerID != nil {
		seller = *b.SellerID
	}
	id, err := a.Contracts.Create(r.Context(), httpx.Actor(r), seller, terms)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusCreated, map[string]any{"id": id, "status": contract.Draft})
}

func (a *API) getContract(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := a.Contracts.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, contractOut(rec))
}

// patchContract changes a draft's or returned contract's terms.
func (a *API) patchContract(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b termsBody
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	if b.SellerID != nil {
		var f errs.Fields
		f.Add("seller_id", "contract.err.seller_fixed")
		return f.Err()
	}
	p, err := b.patch()
	if err != nil {
		return err
	}
	actor := httpx.Actor(r)
	if _, err := a.Contracts.Edit(r.Context(), actor, id, version(b.Version), p); err != nil {
		return err
	}
	rec, err := a.Contracts.Get(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, contractOut(rec))
}

// eventBody carries what any event may need; each event reads its part.
type eventBody struct {
	Version        *int   `json:"version"`
	Reason         string `json:"reason"`
	ReasonCode     string `json:"reason_code"`
	TechAmountFen  *int64 `json:"tech_amount_fen"`
	Field          string `json:"field"`
	Type           string `json:"type"`
	LicenceSubtype string `json:"licence_subtype"`
	Disputed       bool   `json:"disputed"`
}

// actionResult is what a transition returns.
type actionResult struct {
	ID       int64           `json:"id"`
	Status   contract.Status `json:"status"`
	Version  int             `json:"version"`
	RegNo    string          `json:"reg_no,omitempty"`
	Deadline civil.Date      `json:"deadline"`
}

func resultOf(c contract.Contract) actionResult {
	return actionResult{ID: c.ID, Status: c.Status, Version: c.Version, RegNo: c.RegNo, Deadline: c.Deadline}
}

// decodeOptional reads a JSON body that may be absent.
func decodeOptional(w http.ResponseWriter, r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	if err := httpx.DecodeJSON(w, r, maxBody, v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

func (a *API) contractEvent(kind contract.EventKind) httpx.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := PathID(r, "id")
		if err != nil {
			return err
		}
		var b eventBody
		if err := decodeOptional(w, r, &b); err != nil {
			return err
		}
		ev := contract.Event{Kind: kind, Reason: b.Reason, Disputed: b.Disputed}
		switch kind {
		case contract.EvRefuse:
			ev.RefusalCode = contract.RefusalReason(strings.TrimSpace(b.ReasonCode))
		case contract.EvRegister:
			ev.TechAmountFen = b.TechAmountFen
			ev.Field = contract.Field(strings.TrimSpace(b.Field))
			ev.Type = contract.Type(strings.ToUpper(strings.TrimSpace(b.Type)))
			ev.LicenceSubtype = contract.LicenceSubtype(strings.TrimSpace(b.LicenceSubtype))
			if err := checkClassification(ev); err != nil {
				return err
			}
		}
		c, err := a.Contracts.Act(r.Context(), httpx.Actor(r), id, version(b.Version), ev)
		if err != nil {
			return err
		}
		return httpx.JSON(w, http.StatusOK, resultOf(c))
	}
}

// checkClassification names a registrar's unknown codes as fields of the
// register body (the contract's own checks name them as contract fields).
func checkClassification(ev contract.Event) error {
	var f errs.Fields
	if ev.Field != "" && !ev.Field.Valid() {
		f.Add("field", "contract.err.unknown_code", string(ev.Field))
	}
	if ev.Type != "" && !ev.Type.Valid() {
		f.Add("type", "contract.err.unknown_code", string(ev.Type))
	}
	return f.Err()
}

// amendBody is the terms to change (partial), the reason, and perhaps a
// fixed technology amount.
type amendBody struct {
	termsBody
	Reason        string `json:"reason"`
	TechAmountFen *int64 `json:"tech_amount_fen"`
}

func (a *API) amendContract(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b amendBody
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	if b.SellerID != nil {
		var f errs.Fields
		f.Add("seller_id", "contract.err.seller_fixed")
		return f.Err()
	}
	p, err := b.patch()
	if err != nil {
		return err
	}
	c, err := a.Contracts.Amend(r.Context(), httpx.Actor(r), id, version(b.Version), p, b.TechAmountFen, b.Reason)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, resultOf(c))
}

func (a *API) contractHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Contracts.History(r.Context(), httpx.Actor(r), id, p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, page)
}

func (a *API) listContracts(w http.ResponseWriter, r *http.Request) error {
	f, err := listq.Contracts(r.Context(), a.Zones, httpx.Actor(r), r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Contracts.List(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, page)
}

func (a *API) contractQueue(w http.ResponseWriter, r *http.Request) error {
	zoneID, err := a.Zones.IDOf(r.Context(), httpx.Actor(r), r.URL.Query().Get("zone"))
	if err != nil {
		return err
	}
	list, err := a.Contracts.Queue(r.Context(), httpx.Actor(r), zoneID)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, items[contract.Summary]{Items: list})
}

func (a *API) contractBenefits(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	b, err := a.Contracts.Benefits(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, b)
}

func (a *API) taxEstimate(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil {
		var f errs.Fields
		f.Add("year", "error.bad_number")
		return f.Err()
	}
	e, err := a.Contracts.TaxEstimate(r.Context(), httpx.Actor(r), id, year)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, e)
}

func (a *API) listAttachments(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	list, err := a.Contracts.Attachments(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, items[contract.Attachment]{Items: list})
}

func (a *API) uploadAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	// Refuse a role that may never attach before reading its upload.
	if err := a.Contracts.Policy.Allow(httpx.Actor(r), contract.EvEdit.Action()); err != nil {
		return err
	}
	name, data, err := httpx.ReadUpload(w, r, "file", contract.MaxAttachmentBytes)
	if err != nil {
		return err
	}
	att, err := a.Contracts.Attach(r.Context(), httpx.Actor(r), id, name, data)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusCreated, att)
}

func (a *API) downloadAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := PathID(r, "aid")
	if err != nil {
		return err
	}
	att, data, err := a.Contracts.Attachment(r.Context(), httpx.Actor(r), id, aid)
	if err != nil {
		return err
	}
	httpx.ServeFile(w, att.Name, att.ContentType, att.SHA256, data)
	return nil
}

func (a *API) deleteAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := PathID(r, "aid")
	if err != nil {
		return err
	}
	if err := a.Contracts.Detach(r.Context(), httpx.Actor(r), id, aid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) getPoint(w http.ResponseWriter, r *http.Request) error {
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	p, err := a.Contracts.Point(r.Context(), httpx.Actor(r), z.ID)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, p)
}

func (a *API) putPoint(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Code       string `json:"code"`
		Name       string `json:"name"`
		RegionCode string `json:"region_code"`
	}
	if err := a.Contracts.Policy.Allow(httpx.Actor(r), contract.ActionPoint); err != nil {
		return err
	}
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	z, err := a.zoneBySlug(r)
	if err != nil {
		return err
	}
	p, err := a.Contracts.PutPoint(r.Context(), httpx.Actor(r), contract.Point{ZoneID: z.ID, Code: b.Code, Name: b.Name, RegionCode: b.RegionCode})
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, p)
}

// contractDocs documents them.
func contractDocs() Docs {
	arr := func(s map[string]any) map[string]any { return map[string]any{"type": "array", "items": s} }
	code := func(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
	party := obj(map[string]any{"name": tStr, "uscc": code("unified social credit code; empty when the party has none"),
		"nature": code("three-digit nature code (010 … 400)"), "region": code("GB/T 2260 six digits"), "country": code("ISO 3166-1 alpha-2; default CN")})
	deduction := obj(map[string]any{"kind": code("equipment | instruments | parts | raw_materials"), "amount_fen": tFen}, "kind", "amount_fen")
	payment := obj(map[string]any{"on": tDate, "amount_fen": tFen}, "on", "amount_fen")
	terms := map[string]any{
		"name": tStr, "type": code("DEV_ENTRUSTED, DEV_COOP, TRF_PATENT, TRF_PATENT_APP, TRF_SECRET, TRF_OTHER_IP, LIC_PATENT, LIC_SECRET, LIC_OTHER_IP, CONSULT, SVC, SVC_TRAINING, SVC_BROKER"),
		"licence_subtype": code("exclusive | sole | ordinary (LIC_PATENT)"), "signed_on": tDate, "valid_from": tDate, "valid_to": tDate,
		"field": code(`technical field "01"–"11"`), "ip_type": tStr, "programme_level": code("national | ministerial | provincial | local | none"),
		"buyer": ref("ContractParty"), "contract_amount_fen": tFen, "deductions": arr(ref("ContractDeduction")), "payments": arr(ref("ContractPayment")),
	}
	body := map[string]any{"version": tInt, "seller_id": map[string]any{"type": "integer", "description": "registrar only: the seller enterprise (default: the caller's enterprise)"}}
	for k, v := range terms {
		body[k] = v
	}
	amend := map[string]any{"reason": tStr, "tech_amount_fen": tFen}
	for k, v := range body {
		if k != "seller_id" {
			amend[k] = v
		}
	}
	full := map[string]any{
		"id": tInt, "zone_id": tInt, "zone_name": tStr, "seller_id": tInt, "seller": ref("ContractParty"),
		"tech_amount_fen": tFen, "tech_amount_fixed": tBool, "status": tStr, "rule_set": tStr, "accepted_on": tDate, "deadline": tDate,
		"disputed": tBool, "return_reason": tStr, "reg_no": tStr, "certified_on": tDate, "registered_by": tInt, "point_id": tInt,
		"point_name": tStr, "registrar_name": tStr, "refusal_code": tStr, "refusal_reason": tStr, "refused_on": tDate,
		"amendments": tInt, "amended_on": tDate, "amend_reason": tStr, "cancelled_on": tDate, "cancel_reason": tStr, "version": tInt,
		"created_at": tStr, "updated_at": tStr,
	}
	for k, v := range terms {
		full[k] = v
	}
	summary := obj(map[string]any{"id": tInt, "zone_id": tInt, "zone_name": tStr, "seller_id": tInt, "seller_name": tStr, "name": tStr,
		"type": tStr, "field": tStr, "buyer_name": tStr, "contract_amount_fen": tFen, "tech_amount_fen": tFen, "status": tStr,
		"rule_set": tStr, "reg_no": tStr, "signed_on": tDate, "accepted_on": tDate, "deadline": tDate, "certified_on": tDate, "overdue": tBool})
	attachment := obj(map[string]any{"id": tInt, "contract_id": tInt, "zone_id": tInt, "name": tStr, "content_type": tStr, "size": tInt,
		"sha256": tStr, "uploaded_by": tInt, "uploader": tStr, "uploaded_at": tStr})
	step := obj(map[string]any{"id": tInt, "event": tStr, "from": tStr, "to": tStr, "at": tStr, "actor_id": tInt, "actor_name": tStr, "role": tStr,
		"reason": tStr, "refusal_code": tStr, "reg_no": tStr})
	taxLine := obj(map[string]any{"contract_id": tInt, "reg_no": tStr, "amount_fen": tFen, "qualifies": tBool, "reason_key": tStr})
	tax := obj(map[string]any{"seller_id": tInt, "tax_year": tInt, "income_fen": tFen, "exempt_fen": tFen, "taxable_fen": tFen,
		"tax_fen": tFen, "saving_fen": tFen, "rule_key": tStr, "basis_key": tStr, "lines": arr(taxLine)})
	point := obj(map[string]any{"id": tInt, "zone_id": tInt, "code": code("digits: the point segment of registration numbers"), "name": tStr,
		"region_code": code("GB/T 2260 six digits: province and prefecture segments")})
	schemas := map[string]any{
		"ContractParty":     party,
		"ContractDeduction": deduction,
		"ContractPayment":   payment,
		"ContractBody":      obj(body),
		"ContractAmend":     obj(amend, "reason"),
		"Contract":          obj(full),
		"ContractCreated":   obj(map[string]any{"id": tInt, "status": tStr}, "id", "status"),
		"ContractSummary":   summary,
		"ContractPage":      obj(map[string]any{"items": arr(ref("ContractSummary")), "next": tStr}, "items"),
		"ContractQueue":     obj(map[string]any{"items": arr(ref("ContractSummary"))}, "items"),
		"ContractEvent": obj(map[string]any{"version": tInt, "reason": tStr, "reason_code": code("refusal reason code (refuse)"),
			"tech_amount_fen": tFen, "field": tStr, "type": tStr, "licence_subtype": tStr, "disputed": tBool}),
		"ContractResult":  obj(map[string]any{"id": tInt, "status": tStr, "version": tInt, "reg_no": tStr, "deadline": tDate}, "id", "status"),
		"ContractHistory": obj(map[string]any{"items": arr(step), "next": tStr}, "items"),
		"ContractBenefits": obj(map[string]any{"vat": obj(map[string]any{"eligibility": tStr, "rule_key": tStr, "note_keys": arr(tStr)}),
			"income_tax_qualifies": tBool, "income_tax_reason_key": tStr, "large": tBool, "tax_year": ref("IncomeTaxEstimate")}),
		"IncomeTaxEstimate":  tax,
		"Attachment":         attachment,
		"AttachmentList":     obj(map[string]any{"items": arr(ref("Attachment"))}, "items"),
		"RegistrationPoint":  point,
		"RegistrationPointB": obj(map[string]any{"code": tStr, "name": tStr, "region_code": tStr}, "code", "name", "region_code"),
	}
	const tag = "contracts"
	ev := func(summary string) Op {
		return Op{Summary: summary, Tag: tag, Request: "ContractEvent", Response: "ContractResult"}
	}
	return Docs{
		"GET /api/v1/contracts": {Summary: "Contracts, filtered, keyset-paginated (newest first; with from/to by certificate date)", Tag: tag,
			Response: "ContractPage", Query: []string{"zone", "seller", "status", "type", "field", "from", "to", "q", "cursor", "limit"}, Schemas: schemas},
		"POST /api/v1/contracts":                          {Summary: "Draft a contract (seller: the caller's enterprise, or seller_id for a registrar)", Tag: tag, Request: "ContractBody", Response: "ContractCreated", Status: 201},
		"GET /api/v1/contracts/queue":                     {Summary: "Pending contracts by deadline, overdue ones flagged", Tag: tag, Response: "ContractQueue", Query: []string{"zone"}},
		"GET /api/v1/contracts/{id}":                      {Summary: "One contract with its lines", Tag: tag, Response: "Contract"},
		"PATCH /api/v1/contracts/{id}":                    {Summary: "Change a draft or returned contract (send version to guard against lost updates)", Tag: tag, Request: "ContractBody", Response: "Contract"},
		"GET /api/v1/contracts/{id}/history":              {Summary: "Workflow history, newest first, keyset-paginated: who, when, from, to, why", Tag: tag, Response: "ContractHistory", Query: listq.PageParams},
		"POST /api/v1/contracts/{id}/submit":              ev("Submit for registration (starts the deadline)"),
		"POST /api/v1/contracts/{id}/start-review":        ev("Registrar: start reviewing"),
		"POST /api/v1/contracts/{id}/second-review":       ev("Registrar: send to expert review (2026 rules; disputed or above the threshold)"),
		"POST /api/v1/contracts/{id}/return":              ev("Registrar: return for correction {reason}"),
		"POST /api/v1/contracts/{id}/register":            ev("Registrar: register {tech_amount_fen?, field?, type?}; issues the number"),
		"POST /api/v1/contracts/{id}/refuse":              ev("Registrar: refuse {reason_code, reason}"),
		"POST /api/v1/contracts/{id}/amend":               {Summary: "Registrar: amend a registered contract {reason, terms…, tech_amount_fen?}", Tag: tag, Request: "ContractAmend", Response: "ContractResult"},
		"POST /api/v1/contracts/{id}/cancel":              ev("Registrar: cancel a registration {reason}"),
		"GET /api/v1/contracts/{id}/benefits":             {Summary: "Benefit estimates: VAT exemption, income-tax qualification, the seller's tax year", Tag: tag, Response: "ContractBenefits"},
		"GET /api/v1/contracts/{id}/attachments":          {Summary: "Files of a contract", Tag: tag, Response: "AttachmentList"},
		"POST /api/v1/contracts/{id}/attachments":         {Summary: "Upload a file (multipart field \"file\"; PDF, JPEG or PNG; at most 10 MiB)", Tag: tag, Response: "Attachment", Status: 201},
		"GET /api/v1/contracts/{id}/attachments/{aid}":    {Summary: "Download a file (X-Checksum-Sha256 carries its checksum)", Tag: tag},
		"DELETE /api/v1/contracts/{id}/attachments/{aid}": {Summary: "Remove a file while the contract is editable", Tag: tag, Status: 204},
		"GET /api/v1/enterprises/{id}/tax-estimate":       {Summary: "Income-tax estimate on a seller's technology-transfer income in a tax year", Tag: tag, Response: "IncomeTaxEstimate", Query: []string{"year"}},
		"GET /api/v1/zones/{slug}/registration-point":     {Summary: "A zone's registration point", Tag: tag, Response: "RegistrationPoint"},
		"PUT /api/v1/zones/{slug}/registration-point":     {Summary: "Set up a zone's registration point (national, the zone's admin)", Tag: tag, Request: "RegistrationPointB", Response: "RegistrationPoint"},
	}
}
