package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/xlsx"
	"github.com/innopark/innopark/internal/zone"
)

type usersData struct {
	Users []auth.User
	Nav   listNav // total, page numbers, order, xlsx export
	Roles []access.Role
	Zones []zone.Area
	Form  auth.NewUser
	// Enterprise is the enterprise field as typed (a name or a credit
	// code); Choices are the enterprises offered for it.
	Enterprise string
	Choices    []enterprise.Enterprise
	// Where each user belongs, by name: zones by id, regions by code.
	ZoneNames   map[int64]string
	RegionNames map[string]string
	Confirm     *auth.User // the user about to be disabled, asked first
	// Edit is the user whose display name is being changed, EditName the
	// name in its field (as typed, after a refusal).
	Edit     *auth.User
	EditName string
}

// placeOf names where a user belongs: its zone, else its region.
func (d usersData) PlaceOf(u auth.User) string {
	if n, ok := d.ZoneNames[u.ZoneID]; ok && u.ZoneID != 0 {
		return n
	}
	if n, ok := d.RegionNames[u.RegionCode]; ok {
		return n
	}
	if u.ZoneSlug != "" {
		return u.ZoneSlug
	}
	return u.RegionCode
}

func (w *Web) usersPage(rw http.ResponseWriter, r *http.Request, status int, form auth.NewUser, fe map[string]string, msg string) error {
	return w.usersView(rw, r, status, usersData{Form: form}, fe, msg)
}

func (w *Web) usersView(rw http.ResponseWriter, r *http.Request, status int, d usersData, fe map[string]string, msg string) error {
	a := httpx.Actor(r)
	users, err := w.Auth.ListUsers(r.Context(), a, listRequest(r.URL.Query()))
	if err != nil {
		return err
	}
	roles := access.Roles
	if a.Role == access.ZoneAdmin {
		roles = []access.Role{access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise}
	}
	if err := w.userPlaces(r, &d); err != nil {
		return err
	}
	if w.Policy.Can(a.Role, access.EnterpriseRead) {
		ents, err := w.Enterprises.List(r.Context(), a, enterprise.Filter{Limit: 200})
		if err != nil {
			return err
		}
		d.Choices = ents.Items
	}
	d.Users, d.Roles = users.Items, roles
	d.Nav = newListNav(r.URL.Query(), "/users", users.Total, pageSize, users.Next, "username")
	return w.render(rw, r, status, "users", Page{Title: "ui.users.title", Data: d, Errors: fe, Message: msg})
}

// userPlaces fills in the names of the zones and regions users belong to,
// and the zones a new user may be given.
func (w *Web) userPlaces(r *http.Request, d *usersData) error {
	en := w.lang(r) == i18n.EN
	areas, err := w.Zones.Areas(r.Context(), httpx.Actor(r), "")
	if err != nil {
		return err
	}
	d.ZoneNames, d.RegionNames = map[int64]string{}, map[string]string{}
	for _, ar := range areas {
		name := ar.Name
		if en && ar.NameEN != "" {
			name = ar.NameEN
		}
		d.ZoneNames[ar.ID] = name
		if ar.Kind == zone.KindZone {
			d.Zones = append(d.Zones, ar)
		}
		d.RegionNames[ar.CityCode], d.RegionNames[ar.ProvinceCode] = ar.CityName, ar.ProvinceName
		if en {
			d.RegionNames[ar.CityCode], d.RegionNames[ar.ProvinceCode] = ar.CityNameEN, ar.ProvinceEN
		}
	}
	return nil
}

// usersExport writes the users the list shows, every page, in its order,
// as a workbook (bounded as every list's export, maxExportRows).
func (w *Web) usersExport(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	users, err := exportAll(listRequest(r.URL.Query()), func(p paging.Request) (paging.Page[auth.User], error) {
		return w.Auth.ListUsers(r.Context(), a, p)
	})
	if err != nil {
		return err
	}
	var d usersData
	if err := w.userPlaces(r, &d); err != nil {
		return err
	}
	sheet := xlsx.Table{Title: t("ui.users.title"), Columns: []string{t("ui.login.username"), t("field.display_name"), t("field.role"),
		t("field.zone"), t("field.status"), t("field.created_at")}}
	for _, u := range users {
		status := t("ui.users.active")
		if u.Disabled {
			status = t("ui.users.disabled")
		}
		sheet.Rows = append(sheet.Rows, []any{u.Username, u.DisplayName, t("role." + string(u.Role)), d.PlaceOf(u), status,
			u.CreatedAt.In(chinaTime()).Format("2006-01-02 15:04")})
	}
	return writeWorkbook(rw, t("ui.users.title")+"-"+w.Now().In(chinaTime()).Format("20060102")+".xlsx", []xlsx.Table{sheet})
}

// pickEnterprise finds the enterprise a clerk named by its credit code or
// its name (whole, or a fragment only one enterprise has).
func (w *Web) pickEnterprise(r *http.Request, typed string) (enterprise.Enterprise, error) {
	e, bad, err := w.matchEnterprise(r, typed)
	if err == nil && bad != nil {
		err = errs.Fields{"enterprise_id": *bad}.Err()
	}
	return e, err
}

// matchEnterprise finds the one enterprise of the actor's scope typed by
// credit code or name (whole, or a fragment only one enterprise has); bad
// says why none was picked.
func (w *Web) matchEnterprise(r *http.Request, typed string) (enterprise.Enterprise, *errs.Msg, error) {
	typed = strings.TrimSpace(typed)
	bad := func(key string) *errs.Msg {
		m := errs.M(key, typed)
		return &m
	}
	list, err := w.Enterprises.List(r.Context(), httpx.Actor(r), enterprise.Filter{Q: typed, Limit: 20})
	if err != nil {
		return enterprise.Enterprise{}, nil, err
	}
	for _, e := range list.Items {
		if strings.EqualFold(e.USCC, typed) || e.Name == typed {
			return e, nil, nil
		}
	}
	switch len(list.Items) {
	case 0:
		return enterprise.Enterprise{}, bad("ui.users.err.no_enterprise"), nil
	case 1:
		return list.Items[0], nil, nil
	}
	return enterprise.Enterprise{}, bad("ui.users.err.many_enterprises"), nil
}

func (w *Web) userList(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Policy.Allow(httpx.Actor(r), access.UserManage); err != nil {
		return err
	}
	if wantsXLSX(r) {
		return w.usersExport(rw, r)
	}
	return w.usersPage(rw, r, http.StatusOK, auth.NewUser{}, nil, "")
}

func (w *Web) userCreate(rw http.ResponseWriter, r *http.Request) error {
	n := auth.NewUser{Username: r.PostFormValue("username"), DisplayName: r.PostFormValue("display_name"),
		Password: r.PostFormValue("password"), Role: access.Role(r.PostFormValue("role")), RegionCode: r.PostFormValue("region_code")}
	if err := w.Policy.Allow(httpx.Actor(r), access.UserManage); err != nil {
		return err
	}
	n.ZoneID, _ = strconv.ParseInt(r.PostFormValue("zone_id"), 10, 64)
	typed := r.PostFormValue("enterprise")
	var err error
	if n.Role == access.Enterprise && strings.TrimSpace(typed) != "" {
		var e enterprise.Enterprise
		if e, err = w.pickEnterprise(r, typed); err == nil {
			n.EnterpriseID = e.ID
			if n.ZoneID == 0 {
				n.ZoneID = e.ZoneID
			}
		}
	}
	if err == nil {
		if _, err = w.Auth.AddUser(r.Context(), httpx.Actor(r), n); err == nil {
			http.Redirect(rw, r, "/users?flash=saved", http.StatusSeeOther)
			return nil
		}
	}
	fe, msg, ok := w.fieldErrors(r, err)
	if !ok {
		return err
	}
	n.Password = ""
	return w.usersView(rw, r, http.StatusUnprocessableEntity, usersData{Form: n, Enterprise: typed}, fe, msg)
}

func (w *Web) userDisable(disabled bool) httpx.Handler {
	return func(rw http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if disabled && r.PostFormValue("confirm") != "1" {
			// Disabling signs someone out of their work: ask first, with a
			// form of its own, so the question needs no script.
			u, err := w.Auth.GetUser(r.Context(), httpx.Actor(r), id)
			if err != nil {
				return err
			}
			return w.usersView(rw, r, http.StatusOK, usersData{Confirm: &u}, nil, "")
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
	Nav      listNav // total and page numbers (the newest first)
	NewToken string
	// Name is the display name field's value when it was refused.
	Name      string
	NameTyped bool
}

func (w *Web) accountPage(rw http.ResponseWriter, r *http.Request, status int, d accountData, fe map[string]string, msg string) error {
	toks, err := w.Auth.ListTokens(r.Context(), httpx.Actor(r), listRequest(r.URL.Query()))
	if err != nil {
		return err
	}
	d.Tokens, d.Nav = toks.Items, newListNav(r.URL.Query(), "/account", toks.Total, pageSize, toks.Next)
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

// makers is page data that names the users who made its records (import
// jobs, investment steps); render looks their display names up into
// Page.People for the template func person.
type makers interface{ makers() []string }

// jobMakers lists who started the jobs.
func jobMakers(list []jobs.Job) []string {
	out := make([]string, 0, len(list))
	for _, j := range list {
		out = append(out, j.CreatedByName)
	}
	return out
}

// person shows who made a record by their display name, with the username
// in a tooltip (and as the text when they have no display name).
func person(people map[string]string, username string) template.HTML {
	u := template.HTMLEscapeString(username)
	if n, ok := people[username]; ok && n != "" {
		return template.HTML(`<span class="person" title="` + u + `">` + template.HTMLEscapeString(n) + `</span>`)
	}
	return template.HTML(`<span class="person">` + u + `</span>`)
}

// personText is person as plain text: the display name, else the username.
func personText(people map[string]string, username string) string {
	if n, ok := people[username]; ok && n != "" {
		return n
	}
	return username
}

func (w *Web) userName(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := w.Policy.Allow(httpx.Actor(r), access.UserManage); err != nil {
		return err
	}
	u, err := w.Auth.GetUser(r.Context(), httpx.Actor(r), id)
	if err != nil {
		return err
	}
	return w.usersView(rw, r, http.StatusOK, usersData{Edit: &u, EditName: u.DisplayName}, nil, "")
}

// userNameSave sets the display name of an account the actor manages.
func (w *Web) userNameSave(rw http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := w.Policy.Allow(httpx.Actor(r), access.UserManage); err != nil {
		return err
	}
	name := r.PostFormValue("display_name")
	err = w.Auth.SetDisplayName(r.Context(), httpx.Actor(r), id, name)
	if err == nil {
		http.Redirect(rw, r, "/users?flash=saved", http.StatusSeeOther)
		return nil
	}
	fe, msg, ok := w.fieldErrors(r, err)
	if !ok {
		return err
	}
	u, gerr := w.Auth.GetUser(r.Context(), httpx.Actor(r), id)
	if gerr != nil {
		return gerr
	}
	return w.usersView(rw, r, http.StatusUnprocessableEntity, usersData{Edit: &u, EditName: name}, fe, msg)
}

// accountName sets the signed-in user's own display name.
func (w *Web) accountName(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	if err := w.Auth.SetDisplayName(r.Context(), a, a.UserID, r.PostFormValue("display_name")); err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		return w.accountPage(rw, r, http.StatusUnprocessableEntity, accountData{Name: r.PostFormValue("display_name"), NameTyped: true}, fe, msg)
	}
	http.Redirect(rw, r, "/account?flash=saved", http.StatusSeeOther)
	return nil
}

func (d importPageData) makers() []string { return jobMakers(d.Jobs) }

func (d investImportData) makers() []string { return jobMakers(d.Jobs) }

func (d jobPageData) makers() []string { return []string{d.Job.CreatedByName} }

func (d projectImportData) makers() []string {
	var out []string
	for _, f := range d.Forms {
		out = append(out, jobMakers(f.Jobs)...)
	}
	return out
}

func (d investProjectData) makers() []string {
	out := make([]string, 0, len(d.Steps))
	for _, s := range d.Steps {
		out = append(out, s.ByName)
	}
	return out
}
