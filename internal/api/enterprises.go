package api

import (
	"net/http"

	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
)

// enterpriseBody is the create/patch body: dates are strings here so a bad
// one is a 422 naming the field, not a 400 for the whole body.
type enterpriseBody struct {
	Version        *int    `json:"version"`
	USCC           *string `json:"uscc"`
	Name           *string `json:"name"`
	Zone           *string `json:"zone"`
	ParkID         *int64  `json:"park_id"`
	Nature         *string `json:"nature"`
	Industry       *string `json:"industry"`
	RegCapitalFen  *int64  `json:"reg_capital_fen"`
	PaidCapitalFen *int64  `json:"paid_capital_fen"`
	FoundedOn      *string `json:"founded_on"`
	Listing        *string `json:"listing"`
	ContactName    *string `json:"contact_name"`
	ContactPhone   *string `json:"contact_phone"`
	ContactEmail   *string `json:"contact_email"`
	SettledOn      *string `json:"settled_on"`
	PledgeSigned   *bool   `json:"pledge_signed"`
	PledgeOn       *string `json:"pledge_on"`
}

func (b enterpriseBody) patch() (enterprise.Patch, error) {
	var f errs.Fields
	p := enterprise.Patch{
		Version: b.Version, Name: b.Name, USCC: b.USCC, ParkID: b.ParkID, Nature: b.Nature, Industry: b.Industry,
		RegCapitalFen: b.RegCapitalFen, PaidCapitalFen: b.PaidCapitalFen, Listing: b.Listing,
		ContactName: b.ContactName, ContactPhone: b.ContactPhone, ContactEmail: b.ContactEmail, PledgeSigned: b.PledgeSigned,
		FoundedOn: dateField(&f, "founded_on", b.FoundedOn),
		SettledOn: dateField(&f, "settled_on", b.SettledOn),
		PledgeOn:  dateField(&f, "pledge_on", b.PledgeOn),
	}
	return p, f.Err()
}

func (a *API) listEnterprises(w http.ResponseWriter, r *http.Request) error {
	f, err := listq.Enterprises(r.Context(), a.Zones, httpx.Actor(r), r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Enterprises.List(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	if page.Items == nil {
		page.Items = []enterprise.Enterprise{}
	}
	return httpx.JSON(w, http.StatusOK, page)
}

func (a *API) createEnterprise(w http.ResponseWriter, r *http.Request) error {
	var b enterpriseBody
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	p, err := b.patch()
	if err != nil {
		return err
	}
	var e enterprise.Enterprise
	e.Listing = "none"
	p.Apply(&e)
	id, err := a.Enterprises.Create(r.Context(), httpx.Actor(r), e)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusCreated, map[string]int64{"id": id})
}

func (a *API) getEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	e, err := a.Enterprises.Get(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, e)
}

func (a *API) patchEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b enterpriseBody
	if err := httpx.DecodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	if b.Zone != nil {
		var f errs.Fields
		f.Add("zone", "api.err.zone_fixed")
		return f.Err()
	}
	p, err := b.patch()
	if err != nil {
		return err
	}
	e, err := a.Enterprises.Update(r.Context(), httpx.Actor(r), id, p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, e)
}

func (a *API) enterpriseHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := listq.Page(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := a.Enterprises.History(r.Context(), httpx.Actor(r), id, p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, page)
}
