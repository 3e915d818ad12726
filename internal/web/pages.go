package web

import (
	"net/http"
	"net/url"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/httpx"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
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
	Links       zoneLinks
	Work        *zoneWork // the zone's to-dos and headline figures (home page)
}

// zoneLinks are the pages of a zone the reader may open, "" where not.
type zoneLinks struct {
	Dashboard, Targets, Statistics, Bulletin, Contracts, Queue, Investment, Enterprises string
}

// zoneWork is what a zone's row of the home page says needs doing, with
// counts, and the year's headline figures.
type zoneWork struct {
	OverdueReviews  int      // contracts past their review deadline
	PendingReviews  int      // contracts waiting for the registration point
	DueFollowUps    int      // investment projects whose next contact is due
	MissingStats    []string // statistics not entered for the year so far
	TargetsNotSet   int      // targetable indicators without a target this year
	TargetsSet      int
	Headlines       []headline
	HasTodo         bool
	StatsPeriod     string
	ContractsQueued bool // the queue could be read
}

type headline struct{ Name, Value, Completion string }

// homeZoneLimit bounds the zones whose work the home page works out; a
// reader of more zones goes on from the dashboards.
const homeZoneLimit = 12

type homeData struct {
	Zones    []zoneRow
	Counties []zone.Area
	CanEdit  bool // may add areas
	Regions  []zone.Region
	Form     zone.Area
	Year     int
	More     int // zones beyond homeZoneLimit, listed without their work
	Todo     todoTotals
	Cities   []cityLink
}

// todoTotals add the zones' to-dos up for the top of the home page.
type todoTotals struct {
	OverdueReviews, PendingReviews, DueFollowUps, MissingStats, TargetsNotSet int
}

type cityLink struct{ Name, Href string }

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
	d := homeData{CanEdit: w.Policy.Can(a.Role, access.AreaWrite), Form: form, Year: w.Indicators.Today().Year}
	lang := w.lang(r)
	cities := map[string]bool{}
	for _, ar := range areas {
		if ar.Kind != zone.KindZone {
			d.Counties = append(d.Counties, ar)
			continue
		}
		row := zoneRow{Area: ar, Links: w.zoneLinksFor(a, ar)}
		if len(d.Zones) < homeZoneLimit {
			work, err := w.zoneWorkOf(r, a, ar, d.Year)
			if err != nil {
				return err
			}
			row.Work = &work
			d.Todo.OverdueReviews += work.OverdueReviews
			d.Todo.PendingReviews += work.PendingReviews
			d.Todo.DueFollowUps += work.DueFollowUps
			d.Todo.MissingStats += len(work.MissingStats)
			d.Todo.TargetsNotSet += work.TargetsNotSet
		} else {
			d.More++
		}
		if w.Policy.Can(a.Role, indicator.ActionRead) && (a.Role == access.National || a.Role == access.Province || a.Role == access.City) && !cities[ar.CityCode] {
			cities[ar.CityCode] = true
			name := ar.CityName
			if lang == i18n.EN {
				name = ar.CityNameEN
			}
			d.Cities = append(d.Cities, cityLink{Name: name, Href: "/cities/" + url.PathEscape(ar.CityCode) + "/dashboard"})
		}
		d.Zones = append(d.Zones, row)
	}
	if d.CanEdit {
		if d.Regions, err = w.Zones.Regions(r.Context(), a); err != nil {
			return err
		}
	}
	return w.render(rw, r, status, "home", Page{Title: "ui.home.overview", Data: d, Errors: fe, Message: msg})
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
	d := zoneRow{Area: z, Parks: parks, CanEdit: w.Policy.Can(a.Role, access.AreaWrite) && z.Kind == zone.KindZone, Links: w.zoneLinksFor(a, z)}
	if d.Overdue, err = w.overdueCandidates(r, z); err != nil {
		return err
	}
	d.Cultivation = "/zones/" + z.Slug + "/cultivation"
	return w.render(rw, r, status, "zone", Page{Title: z.Name, Data: d, Errors: fe, Message: msg})
}

// zoneLinksFor lists the pages of zone z that actor a may open.
func (w *Web) zoneLinksFor(a access.Actor, z zone.Area) zoneLinks {
	can := func(act access.Action) bool { return w.Policy.Can(a.Role, act) }
	base := "/zones/" + url.PathEscape(z.Slug)
	var l zoneLinks
	if can(indicator.ActionRead) {
		l.Dashboard, l.Targets, l.Bulletin = base+"/dashboard", base+"/targets", base+"/bulletin"
	}
	if can(indicator.ActionStatEnter) {
		l.Statistics = base + "/statistics"
	}
	if can(access.EnterpriseRead) {
		l.Enterprises = "/enterprises?zone=" + url.QueryEscape(z.Slug)
	}
	if can(contract.ActionRead) && a.Role != access.Enterprise {
		l.Contracts = "/contracts?zone=" + url.QueryEscape(z.Slug)
	}
	if can(contract.ActionQueue) {
		l.Queue = "/contracts/queue"
	}
	if can(invest.ActionRead) && a.Role != access.Enterprise {
		l.Investment = base + "/investment"
	}
	return l
}

// zoneWorkOf works out a zone's to-dos for the home page: contracts waiting
// (overdue first), follow-ups due, statistics not entered for the year so
// far, targets not set; and the year's headline figures.
func (w *Web) zoneWorkOf(r *http.Request, a access.Actor, z zone.Area, year int) (zoneWork, error) {
	ctx := r.Context()
	lang := w.lang(r)
	today := w.Indicators.Today()
	var wk zoneWork
	if w.Policy.Can(a.Role, contract.ActionQueue) {
		q, err := w.Contracts.Queue(ctx, a, z.ID)
		if err != nil {
			return wk, err
		}
		wk.ContractsQueued, wk.PendingReviews = true, len(q)
		for _, c := range q {
			if c.Overdue {
				wk.OverdueReviews++
			}
		}
	}
	if w.Policy.Can(a.Role, invest.ActionRead) && a.Role != access.Enterprise {
		board, err := w.Invest.Board(ctx, a, z.ID)
		if err != nil {
			return wk, err
		}
		for _, p := range board {
			if !p.NextContactOn.IsZero() && !today.Before(p.NextContactOn) {
				wk.DueFollowUps++
			}
		}
	}
	if w.Policy.Can(a.Role, indicator.ActionRead) {
		_, lines, err := w.Indicators.TargetLines(ctx, a, z.Slug, year)
		if err != nil {
			return wk, err
		}
		for _, l := range lines {
			if l.Target == nil {
				wk.TargetsNotSet++
			} else {
				wk.TargetsSet++
			}
			if l.Def.Source == indicator.SourceStat && !l.Has {
				wk.MissingStats = append(wk.MissingStats, w.Catalog.T(lang, l.Def.NameKey))
			}
			if l.Def.ID == indicator.TechContractAmount || l.Def.ID == indicator.StatGrossOutput {
				h := headline{Name: w.Catalog.T(lang, l.Def.NameKey), Value: w.orDash(lang, l.Def, l.Value, l.Has)}
				if l.Completion != nil {
					h.Completion = pctText(*l.Completion)
				}
				wk.Headlines = append(wk.Headlines, h)
			}
			wk.StatsPeriod = l.Period.Label(lang)
		}
	}
	wk.HasTodo = wk.OverdueReviews > 0 || wk.PendingReviews > 0 || wk.DueFollowUps > 0 || len(wk.MissingStats) > 0 || wk.TargetsNotSet > 0
	return wk, nil
}
