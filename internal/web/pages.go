package web

import (
	"net/http"
	"strings"

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
	res, err := w.Auth.Login(r.Context(), username, r.PostFormValue("password"), clientAddr(r))
	if err != nil {
		k := errs.KindOf(err)
		if k != errs.Unauthenticated && k != errs.RateLimited {
			return err
		}
		status := http.StatusUnauthorized
		if k == errs.RateLimited {
			status = http.StatusTooManyRequests
		}
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

func clientAddr(r *http.Request) string {
	addr := r.RemoteAddr
	if i := strings.LastIndexByte(addr, ':'); i > 0 {
		addr = addr[:i]
	}
	return strings.Trim(addr, "[]")
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
	Parks []zone.Park
}

func (w *Web) home(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if a.Role == access.Enterprise {
		http.Redirect(rw, r, "/enterprises/"+itoa(a.EnterpriseID), http.StatusSeeOther)
		return nil
	}
	areas, err := w.ZoneStore.ListAreas(r.Context(), a, zone.KindZone)
	if err != nil {
		return err
	}
	rows := make([]zoneRow, 0, len(areas))
	for _, ar := range areas {
		rows = append(rows, zoneRow{Area: ar})
	}
	return w.render(rw, r, http.StatusOK, "home", Page{Title: "ui.home.title", Data: rows})
}

func (w *Web) zonePage(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	z, err := w.ZoneStore.AreaBySlug(r.Context(), a, r.PathValue("slug"))
	if err != nil {
		return err
	}
	parks, err := w.ZoneStore.ListParks(r.Context(), a, z.ID)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "zone", Page{Title: z.Name, Data: zoneRow{Area: z, Parks: parks}})
}
