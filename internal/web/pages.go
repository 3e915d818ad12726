package web

import (
	"net/http"
	"net/url"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/zone"
)

func (w *Web) loginForm(rw http.ResponseWriter, r *http.Request) error {
	if httpx.GetInfo(r.Context()).User.ID != 0 {
		http.Redirect(rw, r, safeBack(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return w.render(rw, r, http.StatusOK, "login", Page{Title: "ui.login.title", Data: map[string]string{"Next": safeBack(r.URL.Query().Get("next"))}})
}

func (w *Web) login(rw http.ResponseWriter, r *http.Request) error {
	username, next := r.PostFormValue("username"), safeBack(r.PostFormValue("next"))
	res, err := w.Auth.Login(r.Context(), username, r.PostFormValue("password"), httpx.GetInfo(r.Context()).Client)
	if err != nil {
		k := errs.KindOf(err)
		if k != errs.Unauthenticated && k != errs.RateLimited {
			return err
		}
		// The form is shown again with the reason, so this page answers
		// for itself: with the adapter's status and headers.
		status := httpx.Status(err)
		httpx.ErrorHeaders(rw, err)
		var e *errs.Error
		asErrs(err, &e)
		return w.render(rw, r, status, "login", Page{Title: "ui.login.title",
			Message: w.Catalog.Msg(httpx.GetInfo(r.Context()).Lang, e.Msg),
			Data:    map[string]string{"Next": next, "Username": username}})
	}
	w.Cookies.SetSession(rw, res.Token, w.Auth.SessionTTL)
	http.Redirect(rw, r, next, http.StatusSeeOther)
	return nil
}

func (w *Web) logout(rw http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		if err := w.Auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	w.Cookies.ClearSession(rw)
	http.Redirect(rw, r, "/login", http.StatusSeeOther)
	return nil
}

type zoneRow struct {
	zone.Area
	Parks   []zone.Park
	CanEdit bool // may add parks
	// Overdue counts the cultivation candidates whose next step is past
	// its date, flagged on the zone's page with a link to the board.
	Overdue     int
	Cultivation string
}

type homeData struct {
	Zones    []zoneRow
	Counties []zone.Area
	CanEdit  bool // may add areas
	Regions  []zone.Region
	Form     zone.Area
}

func (w *Web) home(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if a.Role == access.Enterprise {
		http.Redirect(rw, r, "/enterprises/"+itoa(a.EnterpriseID), http.StatusSeeOther)
		return nil
	}
	return w.homePage(rw, r, http.StatusOK, zone.Area{}, nil, "")
}

func (w *Web) homePage(rw http.ResponseWriter, r *http.Request, status int, form zone.Area, fe map[string]string, msg string) error {
	a := httpx.Actor(r)
	areas, err := w.Zones.Areas(r.Context(), a, "")
	if err != nil {
		return err
	}
	d := homeData{CanEdit: w.Policy.Can(a.Role, access.AreaWrite), Form: form}
	for _, ar := range areas {
		if ar.Kind == zone.KindZone {
			d.Zones = append(d.Zones, zoneRow{Area: ar})
		} else {
			d.Counties = append(d.Counties, ar)
		}
	}
	if d.CanEdit {
		if d.Regions, err = w.Zones.Regions(r.Context(), a); err != nil {
			return err
		}
	}
	return w.render(rw, r, status, "home", Page{Title: "ui.home.title", Data: d, Errors: fe, Message: msg})
}

func (w *Web) areaCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	ar := zone.Area{Slug: r.PostFormValue("slug"), Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en"),
		Kind: r.PostFormValue("kind"), Level: r.PostFormValue("level"), GBCode: r.PostFormValue("gb_code"), CityCode: r.PostFormValue("city_code")}
	if _, err := w.Zones.CreateArea(r.Context(), a, ar); err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		return w.homePage(rw, r, http.StatusUnprocessableEntity, ar, fe, msg)
	}
	http.Redirect(rw, r, "/?flash=saved", http.StatusSeeOther)
	return nil
}

func (w *Web) parkCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	p := zone.Park{Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en")}
	if _, err := w.Zones.CreateParkIn(r.Context(), a, r.PathValue("slug"), p); err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		// A field error comes only once the zone was found.
		z, err := w.Zones.BySlug(r.Context(), a, r.PathValue("slug"))
		if err != nil {
			return err
		}
		return w.zoneView(rw, r, http.StatusUnprocessableEntity, z, fe, msg)
	}
	http.Redirect(rw, r, "/zones/"+url.PathEscape(r.PathValue("slug"))+"?flash=saved", http.StatusSeeOther)
	return nil
}

func (w *Web) zonePage(rw http.ResponseWriter, r *http.Request) error {
	z, err := w.Zones.BySlug(r.Context(), httpx.Actor(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return w.zoneView(rw, r, http.StatusOK, z, nil, "")
}

func (w *Web) zoneView(rw http.ResponseWriter, r *http.Request, status int, z zone.Area, fe map[string]string, msg string) error {
	a := httpx.Actor(r)
	parks, err := w.Zones.Parks(r.Context(), a, z.ID)
	if err != nil {
		return err
	}
	d := zoneRow{Area: z, Parks: parks, CanEdit: w.Policy.Can(a.Role, access.AreaWrite) && z.Kind == zone.KindZone}
	if d.Overdue, err = w.overdueCandidates(r, z); err != nil {
		return err
	}
	d.Cultivation = "/zones/" + z.Slug + "/cultivation"
	return w.render(rw, r, status, "zone", Page{Title: z.Name, Data: d, Errors: fe, Message: msg})
}
