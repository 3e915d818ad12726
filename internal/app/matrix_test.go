package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/store"
)

// The route × role matrix: every route the server mounts, called by every
// role (and by nobody), with the status each must get. A route missing from
// the table fails the test, so a new route cannot ship without deciding who
// may call it. Statuses: 2xx/3xx allowed, 401 not signed in, 403 the role
// may not, 404 the record is outside the caller's scope (hidden).

// fixture holds the signed-in roles and the records the cases aim at.
type fixture struct {
	env    *apptest.Env
	tokens map[access.Role]string
	seq    atomic.Int64
	// Zibo is the callers' zone; Yulin is another province's zone.
	ownEnt   int64 // the zibo enterprise user's own enterprise
	zoneEnt  int64 // another zibo enterprise
	otherEnt int64 // a yulin enterprise
	victim   int64 // a zibo staff user others manage
	// victimToken is an API token of the victim's, nobody else's.
	victimToken int64
	// Per-role helpers.
	staticCSS string
}

// roles: Shandong's province user sees Zibo; the rest are Zibo's.
var matrixUsers = map[access.Role]string{
	access.National:   "national",
	access.Province:   "shandong-province",
	access.City:       "zibo-city",
	access.ZoneAdmin:  "zibo-admin",
	access.ZoneStaff:  "zibo-staff",
	access.Registrar:  "zibo-registrar",
	access.Enterprise: "zibo-ent",
}

// anon is the pseudo-role of a caller who is not signed in.
const anon access.Role = "anonymous"

func newFixture(t *testing.T, engine string) *fixture {
	env := apptest.Start(t, engine)
	ctx := context.Background()
	hash, _ := apptest.Config(env.Now).Argon2.Hash(apptest.Password)
	err := env.DB.Transact(ctx, func(tx *store.Tx) error {
		for _, u := range []auth.User{
			{Username: "shandong-province", Role: access.Province, RegionCode: "370000", PasswordHash: hash, Lang: "zh-CN"},
			{Username: "zibo-victim", Role: access.ZoneStaff, ZoneID: env.IDs.Zones["zibo"], PasswordHash: hash, Lang: "zh-CN"},
		} {
			id, err := tx.InsertUser(ctx, access.System, u)
			if err != nil {
				return err
			}
			env.IDs.Users[u.Username] = id
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{env: env, tokens: map[access.Role]string{},
		ownEnt:   env.IDs.Enterprises["山东亚华电子股份有限公司"],
		zoneEnt:  env.IDs.Enterprises["山东瑞邦智能装备股份有限公司"],
		otherEnt: env.IDs.Enterprises["榆林能源化工技术研究院有限公司"],
		victim:   env.IDs.Users["zibo-victim"],
	}
	for role, u := range matrixUsers {
		f.tokens[role] = env.Login(u)
	}
	resp := env.Do(env.Login("zibo-victim"), "POST", "/api/v1/tokens", map[string]string{"name": "victim"})
	var tok struct{ ID int64 }
	resp.JSON(t, &tok)
	f.victimToken = tok.ID
	return f
}

func (f *fixture) next() int64 { return f.seq.Add(1) }

// entPatch is a PATCH body for an enterprise with its current version, read
// when the case runs (each allowed caller changes it in turn).
func (f *fixture) entPatch(id int64, contact string) func(access.Role) any {
	return func(access.Role) any {
		var e struct{ Version int }
		f.env.Do(f.tokens[access.National], "GET", fmt.Sprintf("/api/v1/enterprises/%d", id), nil).JSON(f.env.T, &e)
		return map[string]any{"contact_name": contact, "version": e.Version}
	}
}

// want maps each caller to the status it must get.
type want map[access.Role]int

// allowOnly: the listed roles get ok, every other signed-in role forbidden.
func allowOnly(ok int, roles ...access.Role) want {
	w := want{anon: 401}
	for _, r := range access.Roles {
		w[r] = 403
	}
	for _, r := range roles {
		w[r] = ok
	}
	return w
}

// all: every signed-in role gets ok.
func all(ok int) want { return allowOnly(ok, access.Roles...) }

// with overrides some roles.
func (w want) with(status int, roles ...access.Role) want {
	out := want{}
	for k, v := range w {
		out[k] = v
	}
	for _, r := range roles {
		out[r] = status
	}
	return out
}

// webAnon: pages redirect an anonymous GET to sign-in.
func (w want) webGet() want { return w.with(303, anon) }

type routeCase struct {
	route string // "METHOD pattern" as mounted
	name  string // variant, e.g. "own zone"
	path  func(role access.Role) string
	body  func(role access.Role) any
	want  want
	after func(role access.Role) // restores state (e.g. signs in again)
}

func p(s string) func(access.Role) string { return func(access.Role) string { return s } }

func foundationCases(f *fixture) []routeCase {
	ent := func(id int64, suffix string) func(access.Role) string {
		return func(access.Role) string { return fmt.Sprintf("/api/v1/enterprises/%d%s", id, suffix) }
	}
	page := func(id int64, suffix string) func(access.Role) string {
		return func(access.Role) string { return fmt.Sprintf("/enterprises/%d%s", id, suffix) }
	}
	newEnt := func(access.Role) any {
		return map[string]any{"uscc": demo.USCCFor("370300", 50000+int(f.next())), "name": fmt.Sprintf("矩阵测试企业%d", f.next()), "nature": "150", "industry": "C"}
	}
	newEntForm := func(access.Role) any {
		return fmt.Sprintf("name=%%E7%%9F%%A9%%E9%%98%%B5%d&uscc=%s&nature=150&industry=C&listing=none", f.next(), demo.USCCFor("370300", 60000+int(f.next())))
	}
	relogin := func(role access.Role) {
		if role != anon {
			f.tokens[role] = f.env.Login(matrixUsers[role])
		}
	}
	ownToken := func(role access.Role) string {
		if role == anon {
			return "/api/v1/tokens/1"
		}
		resp := f.env.Do(f.tokens[role], "POST", "/api/v1/tokens", map[string]string{"name": "matrix"})
		var out struct{ ID int64 }
		resp.JSON(f.env.T, &out)
		return fmt.Sprintf("/api/v1/tokens/%d", out.ID)
	}
	ownUser := func(role access.Role) string {
		if role == anon {
			return "/api/v1/users/1"
		}
		var me struct{ User struct{ ID int64 } }
		f.env.Do(f.tokens[role], "GET", "/api/v1/me", nil).JSON(f.env.T, &me)
		return fmt.Sprintf("/api/v1/users/%d", me.User.ID)
	}
	ownTokenPage := func(role access.Role) string {
		return strings.Replace(ownToken(role), "/api/v1/tokens/", "/account/tokens/", 1) + "/revoke"
	}
	scopedRead := all(200).with(404, access.Enterprise) // zibo, not the enterprise's own
	otherRead := allowOnly(200, access.National).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise)
	zoneWrite := allowOnly(200, access.ZoneAdmin, access.ZoneStaff).with(404, access.Enterprise)
	return []routeCase{
		{route: "GET /api/v1/openapi.json", path: p("/api/v1/openapi.json"), want: all(200).with(200, anon)},
		{route: "POST /api/v1/session", path: p("/api/v1/session"),
			body: func(role access.Role) any {
				u := matrixUsers[role]
				if role == anon {
					u = "nobody"
				}
				return map[string]string{"username": u, "password": apptest.Password}
			}, want: all(201).with(401, anon)},
		{route: "DELETE /api/v1/session", path: p("/api/v1/session"), want: all(204), after: relogin},
		{route: "GET /api/v1/me", path: p("/api/v1/me"), want: all(200)},
		{route: "GET /api/v1/zones", path: p("/api/v1/zones"), want: all(200)},
		{route: "GET /api/v1/areas", path: p("/api/v1/areas"), want: all(200)},
		{route: "POST /api/v1/areas", path: p("/api/v1/areas"),
			body: func(access.Role) any {
				return map[string]any{"slug": fmt.Sprintf("zibo-new-%d", f.next()), "name": "新区", "kind": "county", "city_code": "370300"}
			}, want: allowOnly(201, access.National, access.Province)},
		{route: "GET /api/v1/zones/{slug}/parks", name: "own zone", path: p("/api/v1/zones/zibo/parks"), want: all(200)},
		{route: "GET /api/v1/zones/{slug}/parks", name: "other zone", path: p("/api/v1/zones/yulin/parks"), want: otherRead},
		{route: "POST /api/v1/zones/{slug}/parks", name: "own zone", path: p("/api/v1/zones/zibo/parks"),
			body: func(access.Role) any { return map[string]any{"name": fmt.Sprintf("矩阵园%d", f.next())} },
			want: allowOnly(201, access.National, access.Province)},
		{route: "POST /api/v1/zones/{slug}/parks", name: "other province", path: p("/api/v1/zones/yulin/parks"),
			body: func(access.Role) any { return map[string]any{"name": fmt.Sprintf("矩阵园%d", f.next())} },
			want: allowOnly(201, access.National).with(404, access.Province)},
		{route: "GET /api/v1/enterprises", path: p("/api/v1/enterprises"), want: all(200)},
		{route: "POST /api/v1/enterprises", path: p("/api/v1/enterprises"), body: newEnt, want: allowOnly(201, access.ZoneAdmin, access.ZoneStaff)},
		{route: "GET /api/v1/enterprises/{id}", name: "own", path: ent(f.ownEnt, ""), want: all(200)},
		{route: "GET /api/v1/enterprises/{id}", name: "same zone", path: ent(f.zoneEnt, ""), want: scopedRead},
		{route: "GET /api/v1/enterprises/{id}", name: "other zone", path: ent(f.otherEnt, ""), want: otherRead},
		{route: "PATCH /api/v1/enterprises/{id}", name: "own", path: ent(f.ownEnt, ""), body: f.entPatch(f.ownEnt, "王经理"),
			want: allowOnly(200, access.ZoneAdmin, access.ZoneStaff, access.Enterprise)},
		{route: "PATCH /api/v1/enterprises/{id}", name: "same zone", path: ent(f.zoneEnt, ""), body: f.entPatch(f.zoneEnt, "李经理"),
			want: zoneWrite},
		{route: "PATCH /api/v1/enterprises/{id}", name: "other zone", path: ent(f.otherEnt, ""), body: f.entPatch(f.otherEnt, "赵经理"),
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff, access.Enterprise)},
		{route: "GET /api/v1/enterprises/{id}/history", name: "same zone", path: ent(f.zoneEnt, "/history"), want: scopedRead},
		{route: "GET /api/v1/enterprises/{id}/history", name: "other zone", path: ent(f.otherEnt, "/history"), want: otherRead},
		{route: "GET /api/v1/users", path: p("/api/v1/users"), want: allowOnly(200, access.National, access.ZoneAdmin)},
		{route: "POST /api/v1/users", path: p("/api/v1/users"),
			body: func(access.Role) any {
				return map[string]any{"username": fmt.Sprintf("m-user-%d", f.next()), "password": "long-enough-pw", "role": "zone_staff", "zone_id": f.env.IDs.Zones["zibo"]}
			}, want: allowOnly(201, access.National, access.ZoneAdmin)},
		{route: "POST /api/v1/users/{id}/password", path: func(access.Role) string { return fmt.Sprintf("/api/v1/users/%d/password", f.victim) },
			body: func(access.Role) any { return map[string]string{"password": "another-long-pw"} }, want: allowOnly(204, access.National, access.ZoneAdmin)},
		{route: "PATCH /api/v1/users/{id}", name: "a managed user", path: func(access.Role) string { return fmt.Sprintf("/api/v1/users/%d", f.victim) },
			body: func(access.Role) any { return map[string]string{"display_name": "赵五"} }, want: allowOnly(204, access.National, access.ZoneAdmin)},
		{route: "PATCH /api/v1/users/{id}", name: "own", path: ownUser,
			body: func(access.Role) any { return map[string]string{"display_name": "李四"} }, want: all(204)},
		{route: "POST /api/v1/users/{id}/disable", path: func(access.Role) string { return fmt.Sprintf("/api/v1/users/%d/disable", f.victim) },
			want: allowOnly(204, access.National, access.ZoneAdmin)},
		{route: "POST /api/v1/users/{id}/enable", path: func(access.Role) string { return fmt.Sprintf("/api/v1/users/%d/enable", f.victim) },
			want: allowOnly(204, access.National, access.ZoneAdmin)},
		{route: "GET /api/v1/tokens", path: p("/api/v1/tokens"), want: all(200)},
		{route: "POST /api/v1/tokens", path: p("/api/v1/tokens"), body: func(access.Role) any { return map[string]string{"name": "ci"} }, want: all(201)},
		{route: "DELETE /api/v1/tokens/{id}", name: "own", path: ownToken, want: all(204)},
		{route: "DELETE /api/v1/tokens/{id}", name: "someone else's", path: func(access.Role) string { return fmt.Sprintf("/api/v1/tokens/%d", f.victimToken) }, want: all(404)},

		// Pages.
		{route: "GET /static/{file}", path: p(f.staticCSS), want: all(200).with(200, anon)},
		{route: "GET /login", path: p("/login"), want: all(303).with(200, anon)},
		{route: "POST /login", path: p("/login"), body: func(role access.Role) any {
			return "username=" + matrixUsers[role] + "&password=" + apptest.Password
		}, want: all(303).with(403, anon)}, // anonymous without the CSRF cookie is refused
		{route: "GET /lang/{lang}", path: p("/lang/en?back=/enterprises"), want: all(303).with(303, anon)},
		{route: "POST /logout", path: p("/logout"), want: all(303), after: relogin},
		{route: "GET /{$}", path: p("/"), want: all(200).with(303, access.Enterprise).webGet()},
		{route: "GET /zones/{slug}", name: "own zone", path: p("/zones/zibo"), want: all(200).webGet()},
		{route: "GET /zones/{slug}", name: "other zone", path: p("/zones/yulin"), want: otherRead.webGet()},
		{route: "POST /areas", path: p("/areas"), body: func(access.Role) any {
			return fmt.Sprintf("slug=web-area-%d&name=%%E6%%96%%B0%%E5%%8C%%BA&kind=county&city_code=370300", f.next())
		}, want: allowOnly(303, access.National, access.Province)},
		{route: "POST /zones/{slug}/parks", name: "own zone", path: p("/zones/zibo/parks"), body: func(access.Role) any {
			return fmt.Sprintf("name=web-park-%d", f.next())
		}, want: allowOnly(303, access.National, access.Province)},
		{route: "POST /zones/{slug}/parks", name: "other province", path: p("/zones/yulin/parks"), body: func(access.Role) any {
			return fmt.Sprintf("name=web-park-%d", f.next())
		}, want: allowOnly(303, access.National).with(404, access.Province)},
		{route: "GET /enterprises", path: p("/enterprises?q=山东"), want: all(200).with(303, access.Enterprise).webGet()},
		{route: "GET /enterprises/new", path: p("/enterprises/new"), want: allowOnly(200, access.ZoneAdmin, access.ZoneStaff).webGet()},
		{route: "POST /enterprises/new", path: p("/enterprises/new"), body: newEntForm, want: allowOnly(303, access.ZoneAdmin, access.ZoneStaff)},
		{route: "GET /enterprises/{id}", name: "own", path: page(f.ownEnt, ""), want: all(200).webGet()},
		{route: "GET /enterprises/{id}", name: "same zone", path: page(f.zoneEnt, ""), want: scopedRead.webGet()},
		{route: "GET /enterprises/{id}", name: "other zone", path: page(f.otherEnt, ""), want: otherRead.webGet()},
		{route: "GET /enterprises/{id}/edit", name: "own", path: page(f.ownEnt, "/edit"), want: allowOnly(200, access.ZoneAdmin, access.ZoneStaff, access.Enterprise).webGet()},
		{route: "GET /enterprises/{id}/edit", name: "other zone", path: page(f.otherEnt, "/edit"), want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff, access.Enterprise).webGet()},
		{route: "POST /enterprises/{id}/edit", name: "own", path: page(f.ownEnt, "/edit"), body: func(access.Role) any {
			return editForm("山东亚华电子股份有限公司", demo.USCCFor("370300", 1))
		},
			want: allowOnly(303, access.ZoneAdmin, access.ZoneStaff, access.Enterprise)},
		{route: "POST /enterprises/{id}/edit", name: "other zone", path: page(f.otherEnt, "/edit"), body: func(access.Role) any {
			return editForm("榆林能源化工技术研究院有限公司", demo.USCCFor("610800", 1))
		},
			want: allowOnly(303).with(404, access.ZoneAdmin, access.ZoneStaff, access.Enterprise)},
		{route: "GET /enterprises/{id}/history", name: "same zone", path: page(f.zoneEnt, "/history"), want: scopedRead.webGet()},
		{route: "GET /enterprises/{id}/history", name: "other zone", path: page(f.otherEnt, "/history"), want: otherRead.webGet()},
		{route: "GET /users", path: p("/users"), want: allowOnly(200, access.National, access.ZoneAdmin).webGet()},
		{route: "POST /users", path: p("/users"), body: func(access.Role) any {
			return fmt.Sprintf("username=w-user-%d&password=long-enough-pw&role=zone_staff&zone_id=%d", f.next(), f.env.IDs.Zones["zibo"])
		}, want: allowOnly(303, access.National, access.ZoneAdmin)},
		{route: "POST /users/{id}/disable", name: "asks first", path: func(access.Role) string { return fmt.Sprintf("/users/%d/disable", f.victim) }, want: allowOnly(200, access.National, access.ZoneAdmin)},
		{route: "POST /users/{id}/disable", name: "confirmed", path: func(access.Role) string { return fmt.Sprintf("/users/%d/disable", f.victim) },
			body: func(access.Role) any { return "confirm=1" }, want: allowOnly(303, access.National, access.ZoneAdmin)},
		{route: "POST /users/{id}/enable", path: func(access.Role) string { return fmt.Sprintf("/users/%d/enable", f.victim) }, want: allowOnly(303, access.National, access.ZoneAdmin)},
		{route: "GET /users/{id}/name", path: func(access.Role) string { return fmt.Sprintf("/users/%d/name", f.victim) }, want: allowOnly(200, access.National, access.ZoneAdmin).webGet()},
		{route: "POST /users/{id}/name", path: func(access.Role) string { return fmt.Sprintf("/users/%d/name", f.victim) },
			body: func(access.Role) any { return "display_name=%E8%B5%B5%E4%BA%94" }, want: allowOnly(303, access.National, access.ZoneAdmin)},
		{route: "POST /account/name", path: p("/account/name"), body: func(access.Role) any { return "display_name=%E6%9D%8E%E5%9B%9B" }, want: all(303)},
		{route: "GET /account", path: p("/account"), want: all(200).webGet()},
		{route: "GET /search", path: p("/search?q=%E9%87%91%E6%99%B6"), want: all(200).webGet()},
		{route: "POST /account/password", name: "wrong current password", path: p("/account/password"), body: func(access.Role) any { return "current=wrong&password=new-long-password" }, want: all(422)},
		{route: "POST /account/tokens", path: p("/account/tokens"), body: func(access.Role) any { return "name=web" }, want: all(200)},
		{route: "POST /account/tokens/{id}/revoke", name: "own", path: ownTokenPage, want: all(303)},
	}
}

// editForm is a complete, valid enterprise form.
func editForm(name, uscc string) string {
	v := url.Values{"name": {name}, "uscc": {uscc}, "nature": {"160"}, "industry": {"C"}, "listing": {"none"}, "contact_name": {"张"},
		"reg_capital_fen": {"1000000"}, "paid_capital_fen": {"1000000"}}
	return v.Encode()
}

// allCases joins the foundation's cases and the modules'.
func allCases(f *fixture) []routeCase {
	var out []routeCase
	for _, set := range [][]routeCase{foundationCases(f), contractCases(f), indicatorCases(f), honourCases(f), orgTalentCases(f), investCases(f), projectCases(f)} {
		out = append(out, set...)
	}
	return out
}

func TestRouteRoleMatrix(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			for _, rt := range f.env.App.Server.Routes() {
				if strings.HasPrefix(rt.Pattern, "/static/") {
					for name, h := range staticAssets(f) {
						_ = name
						f.staticCSS = h
					}
				}
			}
			cases := allCases(f)
			covered := map[string]bool{}
			for _, c := range cases {
				covered[c.route] = true
			}
			var missing []string
			for _, rt := range f.env.App.Server.Routes() {
				if k := rt.Method + " " + rt.Pattern; !covered[k] {
					missing = append(missing, k)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Fatalf("routes without a row in the role matrix:\n  %s", strings.Join(missing, "\n  "))
			}
			mounted := map[string]bool{}
			for _, rt := range f.env.App.Server.Routes() {
				mounted[rt.Method+" "+rt.Pattern] = true
			}
			for _, c := range cases {
				if !mounted[c.route] {
					t.Errorf("matrix row for %q, which is not mounted", c.route)
				}
				method, _, _ := strings.Cut(c.route, " ")
				for _, role := range append([]access.Role{anon}, access.Roles...) {
					wantStatus, ok := c.want[role]
					if !ok {
						t.Errorf("%s %s: no expectation for %s", c.route, c.name, role)
						continue
					}
					path := c.path(role)
					var body any
					if c.body != nil {
						body = c.body(role)
					}
					resp := f.env.Do(f.tokens[role], method, path, body)
					if resp.Status != wantStatus {
						t.Errorf("%s [%s] as %s: %s %s = %d, want %d; body: %.300s", c.route, c.name, role, method, path, resp.Status, wantStatus, resp.Body)
					}
					if c.after != nil {
						c.after(role)
					}
				}
			}
		})
	}
}

// staticAssets finds the hashed stylesheet URL from the sign-in page.
func staticAssets(f *fixture) map[string]string {
	resp := f.env.Do("", "GET", "/login", nil)
	i := strings.Index(string(resp.Body), "/static/app.")
	if i < 0 {
		f.env.T.Fatalf("no stylesheet link on the sign-in page")
	}
	j := strings.IndexByte(string(resp.Body[i:]), '"')
	return map[string]string{"app.css": string(resp.Body[i : i+j])}
}

var _ = http.StatusOK
