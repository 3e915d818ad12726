package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
)

// contractEndpoints lists the technology-contract registry's endpoints.
func (a *API) contractEndpoints() []endpoint {
	const tag = "contracts"
	const conflict, invalid, notFound = http.StatusConflict, http.StatusUnprocessableEntity, http.StatusNotFound
	result := []Resp{ok(apitypes.ContractResult{})}
	ev := func(path, summary string, kind contract.EventKind) endpoint {
		return endpoint{Method: "POST", Pattern: "/api/v1/contracts/{id}/" + path, Handler: a.contractEvent(kind),
			Op: Op{Summary: summary, Tag: tag, Body: apitypes.ContractEvent{}, OK: result, Errors: []int{conflict}}}
	}
	return []endpoint{
		{Method: "GET", Pattern: "/api/v1/contracts", Handler: a.listContracts,
			Op: Op{Summary: "Contracts, filtered, keyset-paginated", Tag: tag, Query: apitypes.ContractQuery{},
				OK: []Resp{ok(apitypes.PageOf[apitypes.ContractSummary](nil, ""))}, Errors: []int{notFound, invalid}}},
		{Method: "POST", Pattern: "/api/v1/contracts", Handler: a.createContract,
			Op: Op{Summary: "Draft a contract (seller: the caller's enterprise, or seller_id for a registrar)", Tag: tag,
				Body: apitypes.NewContract{}, OK: []Resp{created(apitypes.ContractCreated{})}, Errors: []int{notFound, conflict}}},
		{Method: "GET", Pattern: "/api/v1/contracts/queue", Handler: a.contractQueue,
			Op: Op{Summary: "Pending contracts by deadline, then id; overdue ones flagged", Tag: tag, Query: apitypes.ZoneQuery{},
				OK: []Resp{ok(apitypes.ListOf[apitypes.ContractSummary](nil))}, Errors: []int{notFound}}},
		{Method: "GET", Pattern: "/api/v1/contracts/{id}", Handler: a.getContract,
			Op: Op{Summary: "One contract with its lines", Tag: tag, OK: []Resp{ok(apitypes.Contract{})}}},
		{Method: "PATCH", Pattern: "/api/v1/contracts/{id}", Handler: a.patchContract,
			Op: Op{Summary: "Change a draft or returned contract (version required: a change made since it was read is a conflict)", Tag: tag,
				Body: apitypes.ContractPatch{}, OK: []Resp{ok(apitypes.Contract{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/contracts/{id}/history", Handler: a.contractHistory,
			Op: Op{Summary: "Workflow history, newest first, keyset-paginated: who, when, from, to, why", Tag: tag,
				Query: apitypes.PageQuery{}, OK: []Resp{ok(apitypes.PageOf[apitypes.ContractStep](nil, ""))}}},
		ev("submit", "Submit for registration; the written contract must be attached. An applicant's submission awaits acceptance (awaiting) unless the settings accept on submit; a registrar's is accepted at once (starts the deadline)", contract.EvSubmit),
		ev("accept", "Registrar: accept an online submission (受理): the acceptance date starts the deadline and selects the rule set", contract.EvAccept),
		ev("start-review", "Registrar: start reviewing", contract.EvStartReview),
		ev("second-review", "Registrar: send to expert review (2026 rules; disputed or above the threshold)", contract.EvSecondReview),
		ev("return", "Registrar: return for correction {reason}", contract.EvReturn),
		ev("register", "Registrar: register {tech_amount_fen?, field?, type?}; issues the number", contract.EvRegister),
		ev("refuse", "Registrar: refuse {reason_code, reason}", contract.EvRefuse),
		{Method: "POST", Pattern: "/api/v1/contracts/{id}/amend", Handler: a.amendContract,
			Op: Op{Summary: "Registrar: amend a registered contract {version, reason, terms…, tech_amount_fen?}", Tag: tag,
				Body: apitypes.ContractAmend{}, OK: result, Errors: []int{conflict}}},
		ev("cancel", "Registrar: cancel a registration {reason}", contract.EvCancel),
		{Method: "GET", Pattern: "/api/v1/contracts/{id}/benefits", Handler: a.contractBenefits,
			Op: Op{Summary: "Benefit estimates: VAT exemption, income-tax qualification, the seller's tax year", Tag: tag,
				OK: []Resp{ok(apitypes.ContractBenefits{})}}},
		{Method: "GET", Pattern: "/api/v1/contracts/{id}/attachments", Handler: a.listAttachments,
			Op: Op{Summary: "Files of a contract, by id", Tag: tag, OK: []Resp{ok(apitypes.ListOf[apitypes.Attachment](nil))}}},
		{Method: "POST", Pattern: "/api/v1/contracts/{id}/attachments", Handler: a.uploadAttachment,
			Op: Op{Summary: "Upload a file (PDF, JPEG or PNG; at most 10 MiB) while the contract is editable", Tag: tag,
				Form: apitypes.AttachmentForm{}, OK: []Resp{created(apitypes.Attachment{})}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/contracts/{id}/attachments/{aid}", Handler: a.downloadAttachment,
			Op: Op{Summary: "Download a file (ETag and X-Checksum-Sha256 carry its SHA-256)", Tag: tag,
				OK: []Resp{file("application/pdf", "image/jpeg", "image/png")}}},
		{Method: "DELETE", Pattern: "/api/v1/contracts/{id}/attachments/{aid}", Handler: a.deleteAttachment,
			Op: Op{Summary: "Remove a file while the contract is editable", Tag: tag, OK: []Resp{noContent}, Errors: []int{conflict}}},
		{Method: "GET", Pattern: "/api/v1/enterprises/{id}/tax-estimate", Handler: a.taxEstimate,
			Op: Op{Summary: "Income-tax estimate on a seller's technology-transfer income in a tax year", Tag: tag,
				Query: apitypes.TaxQuery{}, OK: []Resp{ok(apitypes.IncomeTaxEstimate{})}, Errors: []int{invalid}}},
		{Method: "GET", Pattern: "/api/v1/zones/{slug}/registration-point", Handler: a.getPoint,
			Op: Op{Summary: "A zone's registration point", Tag: tag, OK: []Resp{ok(apitypes.RegistrationPoint{})}}},
		{Method: "PUT", Pattern: "/api/v1/zones/{slug}/registration-point", Handler: a.putPoint,
			Op: Op{Summary: "Set up a zone's registration point (national, the zone's admin)", Tag: tag,
				Body: apitypes.RegistrationPointBody{}, OK: []Resp{ok(apitypes.RegistrationPoint{})}, Errors: []int{conflict}}},
	}
}

// termsPatch reads the changeable terms.
func termsPatch(b apitypes.ContractTerms) (contract.TermsPatch, error) {
	var f errs.Fields
	p := contract.TermsPatch{
		Name:              b.Name,
		ContractNo:        b.ContractNo,
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

func partyOut(p contract.Party) apitypes.ContractParty {
	return apitypes.ContractParty{Name: p.Name, USCC: p.USCC, Nature: string(p.Nature), Region: p.Region, Country: p.Country}
}

// contractOut is a contract as the API returns it: lines as arrays, never
// null; absent dates null.
func contractOut(r contract.Record) apitypes.Contract {
	c := r.Contract
	out := apitypes.Contract{ID: c.ID, ZoneID: c.ZoneID, ZoneName: r.ZoneName, SellerID: c.SellerID, Seller: partyOut(c.Seller),
		Name: c.Name, ContractNo: c.ContractNo, Type: string(c.Type), LicenceSubtype: string(c.LicenceSubtype), SignedOn: apitypes.Date(c.SignedOn),
		ValidFrom: apitypes.Date(c.ValidFrom), ValidTo: apitypes.Date(c.ValidTo), Field: string(c.Field), IPType: string(c.IPType),
		ProgrammeLevel: string(c.ProgrammeLevel), Buyer: partyOut(c.Buyer), ContractAmountFen: c.ContractAmountFen,
		Deductions: []apitypes.Deduction{}, Payments: []apitypes.Payment{},
		TechAmountFen: c.TechAmountFen, TechAmountFixed: c.TechAmountFixed, Status: apitypes.ContractStatus(c.Status),
		RuleSet: string(c.RuleSet), AcceptedOn: apitypes.Date(c.AcceptedOn), Deadline: apitypes.Date(c.Deadline),
		Disputed: c.Disputed, ReturnReason: c.ReturnReason, RegNo: c.RegNo, CertifiedOn: apitypes.Date(c.CertifiedOn),
		RegisteredBy: c.RegisteredBy, PointID: c.PointID, PointName: r.PointName, RegistrarName: r.RegistrarName,
		RefusalCode: apitypes.RefusalCode(c.RefusalCode), RefusalReason: c.RefusalReason, RefusedOn: apitypes.Date(c.RefusedOn),
		Amendments: c.Amendments, AmendedOn: apitypes.Date(c.AmendedOn), AmendReason: c.AmendReason,
		CancelledOn: apitypes.Date(c.CancelledOn), CancelReason: c.CancelReason, Version: c.Version,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	for _, d := range c.Deductions {
		out.Deductions = append(out.Deductions, apitypes.Deduction{Kind: apitypes.DeductionKind(d.Kind), AmountFen: d.AmountFen})
	}
	for _, p := range c.Payments {
		out.Payments = append(out.Payments, apitypes.Payment{On: p.On, AmountFen: p.AmountFen})
	}
	return out
}

func summaryOut(s contract.Summary) apitypes.ContractSummary {
	return apitypes.ContractSummary{ID: s.ID, ZoneID: s.ZoneID, ZoneName: s.ZoneName, SellerID: s.SellerID, SellerName: s.SellerName,
		Name: s.Name, Type: string(s.Type), Field: string(s.Field), BuyerName: s.BuyerName, ContractAmountFen: s.ContractAmountFen,
		TechAmountFen: s.TechAmountFen, Status: apitypes.ContractStatus(s.Status), RuleSet: string(s.RuleSet), RegNo: s.RegNo,
		SignedOn: apitypes.Date(s.SignedOn), AcceptedOn: apitypes.Date(s.AcceptedOn), Deadline: apitypes.Date(s.Deadline),
		CertifiedOn: apitypes.Date(s.CertifiedOn), Overdue: s.Overdue}
}

func stepOut(h contract.HistoryItem) apitypes.ContractStep {
	return apitypes.ContractStep{ID: h.ID, Event: string(h.Event), From: string(h.From), To: string(h.To), At: h.At, ActorID: h.ActorID,
		ActorName: h.ActorName, Role: apitypes.Role(h.Role), Reason: h.Reason, RefusalCode: apitypes.RefusalCode(h.RefusalCode), RegNo: h.RegNo}
}

func attachmentOut(at contract.Attachment) apitypes.Attachment {
	return apitypes.Attachment{ID: at.ID, ContractID: at.ContractID, ZoneID: at.ZoneID, Name: at.Name, ContentType: at.ContentType,
		Size: at.Size, SHA256: at.SHA256, UploadedBy: at.UploadedBy, Uploader: at.Uploader, UploadedAt: at.UploadedAt}
}

func taxOut(e contract.IncomeTaxEstimate) apitypes.IncomeTaxEstimate {
	out := apitypes.IncomeTaxEstimate{SellerID: e.SellerID, TaxYear: e.TaxYear, IncomeFen: e.IncomeFen, ExemptFen: e.ExemptFen,
		TaxableFen: e.TaxableFen, TaxFen: e.TaxFen, SavingFen: e.SavingFen, RuleKey: e.RuleKey, BasisKey: e.BasisKey,
		Lines: []apitypes.IncomeTaxLine{}}
	for _, l := range e.Lines {
		out.Lines = append(out.Lines, apitypes.IncomeTaxLine{ContractID: l.ContractID, RegNo: l.RegNo, AmountFen: l.AmountFen,
			Qualifies: l.Qualifies, ReasonKey: l.ReasonKey})
	}
	return out
}

func benefitsOut(b contract.Benefits) apitypes.ContractBenefits {
	out := apitypes.ContractBenefits{
		VAT: apitypes.VATEstimate{Eligibility: apitypes.Eligibility(b.VAT.Eligibility), RuleKey: b.VAT.RuleKey,
			NoteKeys: append([]string{}, b.VAT.NoteKeys...)},
		IncomeTaxQualifies: b.IncomeTaxQualifies, IncomeTaxReasonKey: b.IncomeTaxReasonKey, Large: b.Large}
	if b.TaxYear != nil {
		t := taxOut(*b.TaxYear)
		out.TaxYear = &t
	}
	return out
}

func pointOut(p contract.Point) apitypes.RegistrationPoint {
	return apitypes.RegistrationPoint{ID: p.ID, ZoneID: p.ZoneID, Code: p.Code, Name: p.Name, RegionCode: p.RegionCode}
}

func (a *API) createContract(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewContract
	if err := decodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p, err := termsPatch(b.ContractTerms)
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
	return located(w, idPath("/api/v1/contracts/", id, ""), apitypes.ContractCreated{ID: id, Status: apitypes.ContractStatus(contract.Draft)})
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
	var b apitypes.ContractPatch
	if err := decodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p, err := changedTerms(b.SellerID, b.ContractTerms)
	if err != nil {
		return err
	}
	if err := requireVersion(b.Version); err != nil {
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

func resultOf(c contract.Contract) apitypes.ContractResult {
	return apitypes.ContractResult{ID: c.ID, Status: apitypes.ContractStatus(c.Status), Version: c.Version, RegNo: c.RegNo,
		Deadline: apitypes.Date(c.Deadline)}
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
		var b apitypes.ContractEvent
		if err := decodeOptional(w, r, &b); err != nil {
			return err
		}
		ev := contract.Event{Kind: kind, Reason: b.Reason, Disputed: b.Disputed}
		switch kind {
		case contract.EvRefuse:
			if b.ReasonCode != nil {
				ev.RefusalCode = contract.RefusalReason(strings.TrimSpace(string(*b.ReasonCode)))
			}
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

// changedTerms reads the terms of a change, whose seller is fixed.
func changedTerms(sellerID *int64, b apitypes.ContractTerms) (contract.TermsPatch, error) {
	if sellerID != nil {
		var f errs.Fields
		f.Add("seller_id", "contract.err.seller_fixed")
		return contract.TermsPatch{}, f.Err()
	}
	return termsPatch(b)
}

func (a *API) amendContract(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.ContractAmend
	if err := decodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p, err := changedTerms(b.SellerID, b.ContractTerms)
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
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, stepOut), page.Next))
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
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, summaryOut), page.Next))
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
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, summaryOut)))
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
	return httpx.JSON(w, http.StatusOK, benefitsOut(b))
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
	return httpx.JSON(w, http.StatusOK, taxOut(e))
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
	return httpx.JSON(w, http.StatusOK, apitypes.ListOf(apitypes.Map(list, attachmentOut)))
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
	return located(w, idPath("/api/v1/contracts/", id, "/attachments/")+strconv.FormatInt(att.ID, 10), attachmentOut(att))
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
	return httpx.JSON(w, http.StatusOK, pointOut(p))
}

func (a *API) putPoint(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.RegistrationPointBody
	if err := a.Contracts.Policy.Allow(httpx.Actor(r), contract.ActionPoint); err != nil {
		return err
	}
	if err := decodeJSON(w, r, maxBody, &b); err != nil {
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
	return httpx.JSON(w, http.StatusOK, pointOut(p))
}
