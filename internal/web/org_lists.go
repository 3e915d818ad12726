package web

import (
	"net/http"
	"strings"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/xlsx"
)

// chainRow is a chain as the page shows it.
type chainRow struct {
	org.Chain
	LevelName, BodyName string
	Covered             bool
}

type orgChainsData struct {
	orgZone
	Today  civil.Date
	Lists  orgLists
	Rows   []chainRow
	Form   map[string]string
	Picker memberPicker // the form's member rows
}

func (w *Web) orgChainsData(r *http.Request, form map[string]string) (orgChainsData, error) {
	lang := w.lang(r)
	oz, err := w.orgZoneOf(r)
	if err != nil {
		return orgChainsData{}, err
	}
	list, err := w.Orgs.Chains(r.Context(), httpx.Actor(r), oz.Area.ID)
	if err != nil {
		return orgChainsData{}, err
	}
	today := civil.Today(w.Now())
	if form == nil {
		form = map[string]string{"level": string(org.Province), "body": string(org.BodyCommittee)}
	}
	d := orgChainsData{orgZone: oz, Today: today, Lists: w.orgLists(lang), Form: form}
	for _, c := range list {
		d.Rows = append(d.Rows, w.chainRow(lang, c, today))
	}
	if d.CanWrite {
		if d.Picker, err = w.memberPicker(r, "chain-members", "chain-enterprises", "org.ui.chain_members_pick", form); err != nil {
			return d, err
		}
	}
	return d, nil
}

func (w *Web) chainRow(lang i18n.Lang, c org.Chain, today civil.Date) chainRow {
	row := chainRow{Chain: c, LevelName: w.Catalog.T(lang, c.Level.Key()), Covered: c.Covered(today)}
	if c.Body != org.BodyNone {
		row.BodyName = w.Catalog.T(lang, bodyKey(c.Body))
	}
	return row
}

func (w *Web) orgChains(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.orgChainsData(r, nil)
	if err != nil {
		return err
	}
	if wantsXLSX(r) {
		t := func(key string, args ...any) string { return w.Catalog.T(w.lang(r), key, args...) }
		tb := xlsx.Table{Title: t("org.ui.chains_title"), Note: d.AreaName,
			Columns: []string{t("org.ui.col_chain"), t("org.ui.col_level"), t("org.ui.col_body"), t("org.ui.col_body_name"), t("org.ui.col_formed"),
				t("org.ui.col_enterprise"), t("org.ui.col_uscc")}}
		for _, c := range d.Rows {
			formed := ""
			if !c.BodyFormedOn.IsZero() {
				formed = c.BodyFormedOn.String()
			}
			if len(c.Members) == 0 {
				tb.Rows = append(tb.Rows, []any{c.Name, c.LevelName, c.BodyName, c.Chain.BodyName, formed, "", ""})
			}
			for _, m := range c.Members {
				tb.Rows = append(tb.Rows, []any{c.Name, c.LevelName, c.BodyName, c.Chain.BodyName, formed, m.Name, m.USCC})
			}
		}
		return writeWorkbook(rw, d.AreaName+"-"+t("org.ui.chains_title")+".xlsx", []xlsx.Table{tb})
	}
	return w.render(rw, r, http.StatusOK, "org_chains", Page{Title: "org.ui.chains_title", Data: d})
}

func (w *Web) orgChainCreate(rw http.ResponseWriter, r *http.Request) error {
	oz, err := w.orgWriteZone(r)
	if err != nil {
		return err
	}
	form := postForm(r, "code", "name", "level", "body", "body_name", "body_formed_on", "member_rows")
	typed := typedMembers(r)
	form["members"] = strings.Join(typed, "\n")
	if r.PostFormValue("more") != "" {
		moreMemberRows(r, form)
		d, err := w.orgChainsData(r, form)
		if err != nil {
			return err
		}
		return w.render(rw, r, http.StatusOK, "org_chains", Page{Title: "org.ui.chains_title", Data: d})
	}
	codes, f, err := w.resolveMembers(r, typed)
	if err != nil {
		return err
	}
	c := org.Chain{Code: form["code"], Name: form["name"], Level: org.Level(form["level"]), Body: org.BodyKind(form["body"]),
		BodyName: form["body_name"], BodyFormedOn: formDate(&f, form, "body_formed_on")}
	err = f.Err()
	if err == nil {
		_, err = w.Orgs.CreateChain(r.Context(), httpx.Actor(r), c, codes)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		d, derr := w.orgChainsData(r, form)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "org_chains", Page{Title: "org.ui.chains_title", Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/zones/"+oz.Area.Slug+"/party/chains?flash=saved", http.StatusSeeOther)
	return nil
}

type orgBranchesData struct {
	orgZone
	Lists orgLists
	Rows  []branchRow
	Pager pager
	Orgs  []option
	Form  map[string]string
}

func (w *Web) orgBranchesData(r *http.Request, form map[string]string) (orgBranchesData, error) {
	a := httpx.Actor(r)
	lang := w.lang(r)
	oz, err := w.orgZoneOf(r)
	if err != nil {
		return orgBranchesData{}, err
	}
	page, err := w.Orgs.OnlineBranches(r.Context(), a, oz.Area.ID, pageOf(r, "cursor"))
	if err != nil {
		return orgBranchesData{}, err
	}
	if form == nil {
		form = map[string]string{"platform": string(org.PlatformWeChat), "open": "on"}
	}
	d := orgBranchesData{orgZone: oz, Lists: w.orgLists(lang), Form: form, Pager: pagerOf(r.URL.Query(), r.URL.Path, "cursor", page.Next, "#branches")}
	for _, b := range page.Items {
		d.Rows = append(d.Rows, branchRow{OnlineBranch: b, PlatformName: w.Catalog.T(lang, b.Platform.Key())})
	}
	if oz.CanWrite {
		orgs, err := w.Orgs.Organisations(r.Context(), a, oz.Area.ID, org.Filter{Limit: paging.MaxLimit})
		if err != nil {
			return d, err
		}
		d.Orgs = append(d.Orgs, option{Code: "", Name: w.Catalog.T(lang, "org.ui.pick_org")})
		for _, o := range orgs.Items {
			if o.DissolvedOn.IsZero() {
				d.Orgs = append(d.Orgs, option{Code: itoa(o.ID), Name: o.Name})
			}
		}
	}
	return d, nil
}

func (w *Web) orgBranches(rw http.ResponseWriter, r *http.Request) error {
	if wantsXLSX(r) {
		return w.orgBranchesWorkbook(rw, r)
	}
	d, err := w.orgBranchesData(r, nil)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "org_branches", Page{Title: "org.ui.branches_title", Data: d})
}

func (w *Web) orgBranchesWorkbook(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	lang := w.lang(r)
	t := func(key string, args ...any) string { return w.Catalog.T(lang, key, args...) }
	oz, err := w.orgZoneOf(r)
	if err != nil {
		return err
	}
	tb := xlsx.Table{Title: t("org.ui.branches_title"), Note: oz.AreaName,
		Columns: []string{t("org.ui.col_branch"), t("org.ui.col_org"), t("org.ui.col_platform"), t("org.ui.col_open"), t("org.ui.col_opened")}}
	p := paging.Request{Limit: paging.MaxLimit}
	for {
		page, err := w.Orgs.OnlineBranches(r.Context(), a, oz.Area.ID, p)
		if err != nil {
			return err
		}
		for _, b := range page.Items {
			open := t("ui.no")
			if b.Open {
				open = t("ui.yes")
			}
			tb.Rows = append(tb.Rows, []any{b.Name, b.OrgName, t(b.Platform.Key()), open, b.OpenedOn.String()})
		}
		if page.Next == "" {
			break
		}
		p.Cursor = page.Next
	}
	return writeWorkbook(rw, oz.AreaName+"-"+t("org.ui.branches_title")+".xlsx", []xlsx.Table{tb})
}

func (w *Web) orgBranchCreate(rw http.ResponseWriter, r *http.Request) error {
	oz, err := w.orgWriteZone(r)
	if err != nil {
		return err
	}
	form := postForm(r, "org_id", "name", "platform", "open", "opened_on")
	var f errs.Fields
	b := org.OnlineBranch{Name: form["name"], Platform: org.Platform(form["platform"]), Open: form["open"] == "on",
		OpenedOn: formDate(&f, form, "opened_on")}
	if form["org_id"] != "" {
		b.OrgID = int64(formInt(&f, form, "org_id"))
	}
	err = f.Err()
	if err == nil {
		_, err = w.Orgs.CreateOnlineBranch(r.Context(), httpx.Actor(r), b)
	}
	if err != nil {
		fe, msg, ok := w.fieldErrors(r, err)
		if !ok {
			return err
		}
		d, derr := w.orgBranchesData(r, form)
		if derr != nil {
			return derr
		}
		return w.render(rw, r, http.StatusUnprocessableEntity, "org_branches", Page{Title: "org.ui.branches_title", Data: d, Errors: fe, Message: msg})
	}
	http.Redirect(rw, r, "/zones/"+oz.Area.Slug+"/party/online-branches?flash=saved", http.StatusSeeOther)
	return nil
}
