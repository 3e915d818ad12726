package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/zone"
)

type usersData struct {
	Users []auth.User
	Pager pager
	Roles []access.Role
	Zones []zone.Area
	Form  auth.NewUser
}

func (w *Web) usersPage(rw http.ResponseWriter, r *http.Request, status int, form auth.NewUser, fe map[string]string, msg string) error {
	a := httpx.Actor(r)
	users, err := w.Auth.ListUsers(r.Context(), a, pageOf(r, "cursor"))
	if err != nil {
		return err
	}
	roles := access.Roles
	if a.Role == access.ZoneAdmin {
		roles = []access.Role{access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise}
	}
	zones, err := w.Zones.Areas(r.Context(), a, zone.KindZone)
	if err != nil {
		return err
	}
	return w.render(rw, r, status, "users", Page{Title: "ui.users.title", Data: usersData{Users: users.Items, Pager: pagerOf(r.URL.Query(), "/users", "cursor", users.Next, "#user-list"), Roles: roles, Zones: zones, Form: form}, Errors: fe, Message: msg})
}

func (w *Web) userList(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Policy.Allow(httpx.Actor(r), access.UserManage); err != nil {
		return err
	}
	return w.usersPage(rw, r, http.StatusOK, auth.NewUser{}, nil, "")
}

func (w *Web) userCreate(rw http.ResponseWriter, r *http.Request) error {
	n := auth.NewUser{Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"),
		Password: r.PostFormValue("password"), Role: access.Role(r.PostFormValue("role")), RegionCode: r.PostFormValue("region_code")}
	n.ZoneID, _ = strconv.ParseInt(r.PostFormValue("zone_id"), 10, 64)
	n.EnterpriseID, _ = strconv.ParseInt(r.PostFormValue("enterprise_id"), 10, 64)
	_, err := w.Auth.AddUser(r.Context(), httpx.Actor(r), n)
	if err == nil {
		http.Redirect(rw, r, "/users?flash=saved", http.StatusSeeOther)
		return nil
	}
	fe, msg, ok := w.fieldErrors(r, err)
	if !ok {
		return err
	}
	n.Password = ""
	return w.usersPage(rw, r, http.StatusUnprocessableEntity, n, fe, msg)
}

func (w *Web) userDisable(disabled bool) httpx.Handler {
	return func(rw http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if err := w.Auth.SetDisabled(r.Context(), httpx.Actor(r), id, disabled); err != nil {
			return err
		}
		http.Redirect(rw, r, "/users?flash=saved", http.StatusSeeOther)
		return nil
	}
}

type accountData struct {
	Tokens   []auth.Token
	Pager    pager
	NewToken string
}

func (w *Web) accountPage(rw http.ResponseWriter, r *http.Request, status int, d accountData, fe map[string]string, msg string) error {
	toks, err := w.Auth.ListTokens(r.Context(), httpx.Actor(r), pageOf(r, "cursor"))
	if err != nil {
		return err
	}
	d.Tokens, d.Pager = toks.Items, pagerOf(r.URL.Query(), "/account", "cursor", toks.Next, "#token-list")
	return w.render(rw, r, status, "account", Page{Title: "ui.account.title", Data: d, Errors: fe, Message: msg})
}

func (w *Web) account(rw http.ResponseWriter, r *http.Request) error {
	return w.accountPage(rw, r, http.StatusOK, accountData{}, nil, "")
}

func (w *Web) accountPassword(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	info := httpx.GetInfo(r.Context())
	if _, err := w.Auth.Verify(r.Context(), a.Username, r.PostFormValue("current"), info.Client); err != nil {
		return w.accountPage(rw, r, http.StatusUnprocessableEntity, accountData{},
			map[string]string{"current": w.Catalog.T(info.Lang, "auth.err.bad_credentials")}, w.Catalog.T(info.Lang, "error.invalid"))
	}
	if err := w.Auth.SetPassword(r.Context(), a, a.UserID, r.PostFormValue("password"), false); err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		return w.accountPage(rw, r, http.StatusUnprocessableEntity, accountData{}, fe, msg)
	}
	// Changing the password ended every session, this one included.
	http.Redirect(rw, r, "/login?flash=password", http.StatusSeeOther)
	return nil
}

func (w *Web) tokenCreate(rw http.ResponseWriter, r *http.Request) error {
	n := auth.NewToken{Name: r.PostFormValue("name"), Scope: auth.TokenScope{ReadOnly: r.PostFormValue("read_only") == "1"}}
	if d := r.PostFormValue("days"); d != "" {
		var err error
		if n.Days, err = strconv.Atoi(d); err != nil {
			return w.accountPage(rw, r, http.StatusUnprocessableEntity, accountData{},
				map[string]string{"days": w.Catalog.T(httpx.GetInfo(r.Context()).Lang, "error.bad_number")}, "")
		}
	}
	_, secret, err := w.Auth.CreateToken(r.Context(), httpx.Actor(r), n)
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		return w.accountPage(rw, r, http.StatusUnprocessableEntity, accountData{}, fe, msg)
	}
	return w.accountPage(rw, r, http.StatusOK, accountData{NewToken: secret}, nil, "")
}

func (w *Web) tokenRevoke(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := w.Auth.RevokeToken(r.Context(), httpx.Actor(r), id); err != nil {
		return err
	}
	http.Redirect(rw, r, "/account?flash=revoked", http.StatusSeeOther)
	return nil
}

// diff lists the fields whose values differ between two JSON snapshots.
func diff(before, after json.RawMessage, show func(field, value string) string) []fieldChange {
	b, a := decodeSnapshot(before), decodeSnapshot(after)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []fieldChange
	for k := range keys {
		switch k {
		// Bookkeeping and ids that repeat a named field (zone_name, park_name).
		case "version", "updated_at", "created_at", "id", "zone_id", "zone", "park_id":
			continue
		}
		bv, av := fmt.Sprint(b[k]), fmt.Sprint(a[k])
		if b[k] == nil {
			bv = ""
		}
		if a[k] == nil {
			av = ""
		}
		if bv != av {
			out = append(out, fieldChange{Field: k, Before: show(k, bv), After: show(k, av)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// decodeSnapshot reads an audit snapshot keeping numbers as written, so a
// capital of 142874000000 fen is not shown as 1.42874e+11.
func decodeSnapshot(raw json.RawMessage) map[string]any {
	var m map[string]any
	if len(raw) == 0 {
		return m
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	_ = dec.Decode(&m)
	return m
}
