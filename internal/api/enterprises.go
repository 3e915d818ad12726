package api

import (
	"net/http"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/audit"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/listq"
)

// enterprisePatch reads the changeable fields: dates are strings in the
// body so a bad one is a 422 naming the field, not a 400 for the whole body.
func enterprisePatch(b apitypes.EnterpriseFields, version *int) (enterprise.Patch, error) {
	var f errs.Fields
	p := enterprise.Patch{
		Version: version, Name: b.Name, USCC: b.USCC, ParkID: b.ParkID, Nature: b.Nature, Industry: b.Industry,
		RegCapitalFen: b.RegCapitalFen, PaidCapitalFen: b.PaidCapitalFen, Listing: (*string)(b.Listing),
		ContactName: b.ContactName, ContactPhone: b.ContactPhone, ContactEmail: b.ContactEmail, PledgeSigned: b.PledgeSigned,
		FoundedOn: dateField(&f, "founded_on", b.FoundedOn),
		SettledOn: dateField(&f, "settled_on", b.SettledOn),
		PledgeOn:  dateField(&f, "pledge_on", b.PledgeOn),
	}
	return p, f.Err()
}

func enterpriseOut(e enterprise.Enterprise) apitypes.Enterprise {
	return apitypes.Enterprise{ID: e.ID, USCC: e.USCC, Name: e.Name, ZoneID: e.ZoneID, Zone: e.ZoneSlug, ZoneName: e.ZoneName,
		ParkID: e.ParkID, ParkName: e.ParkName, Nature: e.Nature, Industry: e.Industry, RegCapitalFen: e.RegCapitalFen,
		PaidCapitalFen: e.PaidCapitalFen, FoundedOn: apitypes.Date(e.FoundedOn), Listing: apitypes.Listing(e.Listing),
		ContactName: e.ContactName, ContactPhone: e.ContactPhone, ContactEmail: e.ContactEmail,
		SettledOn: apitypes.Date(e.SettledOn), PledgeSigned: e.PledgeSigned, PledgeOn: apitypes.Date(e.PledgeOn),
		Version: e.Version, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
}

func auditOut(rec audit.Record) apitypes.AuditRecord {
	return apitypes.AuditRecord{Seq: rec.Seq, At: rec.At, ActorID: rec.ActorID, Actor: rec.ActorName, Action: rec.Action,
		Entity: rec.Entity, EntityID: rec.EntityID, ZoneID: rec.ZoneID, Before: rec.Before, After: rec.After,
		PrevHash: rec.PrevHash, Hash: rec.Hash}
}

// requireVersion refuses a change that does not say which version it
// changes: without it a change would silently overwrite one made since.
func requireVersion(v *int) error {
	if v == nil {
		return errs.Fields{"version": errs.M("api.err.version_required")}.Err()
	}
	return nil
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
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, enterpriseOut), page.Next))
}

func (a *API) createEnterprise(w http.ResponseWriter, r *http.Request) error {
	var b apitypes.NewEnterprise
	if err := decodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	// An enterprise joins the caller's zone; a body naming another zone is
	// refused rather than quietly moved.
	if b.Zone != nil && *b.Zone != httpx.GetInfo(r.Context()).User.ZoneSlug {
		var f errs.Fields
		f.Add("zone", "api.err.zone_other")
		return f.Err()
	}
	p, err := enterprisePatch(b.EnterpriseFields, nil)
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
	return located(w, idPath("/api/v1/enterprises/", id, ""), apitypes.Created{ID: id})
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
	return httpx.JSON(w, http.StatusOK, enterpriseOut(e))
}

func (a *API) patchEnterprise(w http.ResponseWriter, r *http.Request) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	var b apitypes.EnterprisePatch
	if err := decodeJSON(w, r, maxBody, &b); err != nil {
		return err
	}
	if b.Zone != nil {
		var f errs.Fields
		f.Add("zone", "api.err.zone_fixed")
		return f.Err()
	}
	if err := requireVersion(b.Version); err != nil {
		return err
	}
	p, err := enterprisePatch(b.EnterpriseFields, b.Version)
	if err != nil {
		return err
	}
	e, err := a.Enterprises.Update(r.Context(), httpx.Actor(r), id, p)
	if err != nil {
		return err
	}
	return httpx.JSON(w, http.StatusOK, enterpriseOut(e))
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
	return httpx.JSON(w, http.StatusOK, apitypes.PageOf(apitypes.Map(page.Items, auditOut), page.Next))
}
