package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/talent"
)

// orgTalentCases are the organisation-coverage and talent modules' rows.
//
// Who sees what: a zone's admin and staff keep its records; every role
// reads organisations, chains and online branches of its scope (an
// enterprise user: the organisation covering it, its own survey); coverage
// and gaps are a zone's figures, not an enterprise's. Talent programmes and
// calls carry no person and every scope reads them; applicants are people:
// the zone's admin and staff and the employer's user only — no city,
// province or national user, whatever the zone (no person-level talent data
// above the zone).
func orgTalentCases(f *fixture) []routeCase {
	env := f.env
	ctx := context.Background()
	admin := f.tokens[access.ZoneAdmin]
	writers := []access.Role{access.ZoneAdmin, access.ZoneStaff}
	otherZone := allowOnly(200, access.National).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff,
		access.Registrar, access.Enterprise)
	// Weifang is Shandong's, not Zibo city's: the province sees it.
	weifang := allowOnly(200, access.National, access.Province).with(404, access.City, access.ZoneAdmin, access.ZoneStaff,
		access.Registrar, access.Enterprise)
	one := func(q string, args ...any) int64 {
		var id int64
		if err := env.DB.Read().QueryRow(ctx, q, args...).Scan(&id); err != nil {
			env.T.Fatal(err)
		}
		return id
	}
	post := func(path string, body any) int64 {
		resp := env.Do(admin, "POST", path, body)
		if resp.Status != http.StatusCreated {
			env.T.Fatalf("%s: %d %s", path, resp.Status, resp.Body)
		}
		var out struct{ ID int64 }
		resp.JSON(env.T, &out)
		return out.ID
	}
	own, zoneEnt := env.IDs.USCC["山东亚华电子股份有限公司"], env.IDs.USCC["山东瑞邦智能装备股份有限公司"]
	// Zibo's records: a joint branch covering the enterprise user's own
	// enterprise, one covering two others, a chain, a programme with a call
	// and an applicant employed by the enterprise user's enterprise.
	ownOrg := post("/api/v1/zones/zibo/organisations", map[string]any{"name": "亚华瑞邦联合党支部", "kind": "joint_branch", "mode": "joint",
		"secretary": "王", "founded_on": "2021-05-01", "members": []string{own, zoneEnt}})
	zoneOrg := post("/api/v1/zones/zibo/organisations", map[string]any{"name": "鑫旭金晶联合党支部", "kind": "joint_branch", "mode": "joint",
		"secretary": "李", "founded_on": "2021-05-01",
		"members": []string{env.IDs.USCC["淄博鑫旭电源科技有限公司"], env.IDs.USCC["山东金晶科技股份有限公司"]}})
	chain := post("/api/v1/zones/zibo/chains", map[string]any{"code": "matrix_chain", "name": "矩阵产业链", "level": "city"})
	programme := post("/api/v1/zones/zibo/talent-programmes", map[string]any{"code": "matrix", "name": "矩阵人才", "category": "青年人才",
		"tiers": []map[string]any{{"code": "a", "name": "A类"}}})
	call := post(fmt.Sprintf("/api/v1/talent-programmes/%d/calls", programme), map[string]any{"year": 2023, "title": "矩阵申报",
		"opens_on": "2023-01-01", "closes_on": "2023-12-31"})
	applicant := post(fmt.Sprintf("/api/v1/talent-calls/%d/applicants", call), map[string]any{"name": "矩阵申报人",
		"id_number": talent.MakeID("37030319900101001"), "tier": "a", "enterprise": own, "applied_on": "2023-06-01"})
	wfOrg := one("SELECT MIN(id) FROM org_organisations WHERE zone_id = ?", env.IDs.Zones["weifang"])
	wfProgramme := one("SELECT MIN(id) FROM talent_programmes WHERE zone_id = ?", env.IDs.Zones["weifang"])
	wfCall := one("SELECT MIN(id) FROM talent_calls WHERE zone_id = ?", env.IDs.Zones["weifang"])
	wfApplicant := one("SELECT MIN(id) FROM talent_applicants WHERE zone_id = ?", env.IDs.Zones["weifang"])

	version := func(table string, id int64) int {
		var v int
		if err := env.DB.Read().QueryRow(ctx, "SELECT version FROM "+table+" WHERE id = ?", id).Scan(&v); err != nil {
			env.T.Fatal(err)
		}
		return v
	}
	// freshEnterprise adds an enterprise of Zibo nobody covers yet.
	freshEnterprise := func() string {
		n := int(f.next())
		e := enterprise.Enterprise{USCC: demo.USCCFor("370300", 70000+n), Name: fmt.Sprintf("矩阵党建企业%d", n), ZoneID: env.IDs.Zones["zibo"],
			Nature: "170", Industry: "C", Listing: "none"}
		err := env.DB.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.InsertEnterprise(ctx, access.System, e)
			return err
		})
		if err != nil {
			env.T.Fatal(err)
		}
		return e.USCC
	}
	newOrg := func(access.Role) any {
		return map[string]any{"name": fmt.Sprintf("矩阵党支部%d", f.next()), "kind": "branch", "mode": "single", "secretary": "张",
			"founded_on": "2022-01-01", "members": []string{freshEnterprise()}}
	}
	patchOrg := func(access.Role) any {
		return map[string]any{"version": version("org_organisations", zoneOrg), "secretary": fmt.Sprintf("书记%d", f.next())}
	}
	newChain := func(access.Role) any {
		return map[string]any{"code": fmt.Sprintf("matrix_%d", f.next()), "name": "矩阵链", "level": "province",
			"body": "alliance", "body_name": "矩阵联盟", "body_formed_on": "2023-01-01"}
	}
	patchChain := func(access.Role) any {
		return map[string]any{"version": version("org_chains", chain), "name": fmt.Sprintf("矩阵产业链%d", f.next())}
	}
	newBranch := func(access.Role) any {
		return map[string]any{"org_id": zoneOrg, "name": fmt.Sprintf("网上党支部%d", f.next()), "platform": "wechat", "open": true, "opened_on": "2023-01-01"}
	}
	profile := func(access.Role) any {
		var v int
		_ = env.DB.Read().QueryRow(ctx, "SELECT version FROM org_profiles WHERE enterprise_id = ?", f.zoneEnt).Scan(&v)
		return map[string]any{"version": v, "employees": 100, "members": int(f.next() % 50)}
	}
	newProgramme := func(access.Role) any {
		return map[string]any{"code": fmt.Sprintf("matrix_%d", f.next()), "name": "矩阵工程", "category": "技能人才",
			"tiers": []map[string]any{{"code": "a", "name": "A类"}}}
	}
	newCall := func(access.Role) any {
		return map[string]any{"year": 2023, "title": fmt.Sprintf("矩阵申报%d", f.next()), "opens_on": "2023-01-01", "closes_on": "2023-12-31"}
	}
	newApplicant := func(access.Role) any {
		return map[string]any{"name": "申报人", "id_number": talent.MakeID(fmt.Sprintf("370303198001%02d%03d", 1+f.next()%28, f.next()%1000)),
			"tier": "a", "enterprise": zoneEnt, "applied_on": civil.MustParse("2023-06-02").String()}
	}
	review := func(access.Role) any {
		return map[string]any{"version": version("talent_applicants", applicant), "status": "reviewing", "result": fmt.Sprintf("评审%d", f.next())}
	}
	patchCall := func(access.Role) any {
		return map[string]any{"version": version("talent_calls", call), "title": fmt.Sprintf("矩阵申报%d", f.next())}
	}
	callForm := func(access.Role) any {
		return url.Values{"title": {fmt.Sprintf("矩阵页面申报%d", f.next())}, "year": {"2023"}, "opens_on": {"2023-01-01"},
			"closes_on": {"2023-12-31"}, "quota": {"5"}}.Encode()
	}
	callEditForm := func(access.Role) any {
		return url.Values{"title": {fmt.Sprintf("矩阵申报%d", f.next())}, "year": {"2023"}, "opens_on": {"2023-01-01"},
			"closes_on": {"2023-12-31"}, "quota": {"0"}, "version": {fmt.Sprint(version("talent_calls", call))}}.Encode()
	}
	programmeForm := func(access.Role) any {
		return url.Values{"code": {fmt.Sprintf("matrix_page_%d", f.next())}, "name": {"矩阵页面工程"}, "category": {"青年人才"},
			"tiers.1.code": {"a"}, "tiers.1.name": {"A类"}, "tiers.1.max_wan": {"50"}, "tiers.1.period_years": {"3"}}.Encode()
	}
	programmeEditForm := func(access.Role) any {
		x, err := env.App.Talents.Programme(ctx, access.Actor{UserID: env.IDs.Users["zibo-admin"], Username: "zibo-admin", Role: access.ZoneAdmin, ZoneID: env.IDs.Zones["zibo"]}, programme)
		if err != nil {
			env.T.Fatal(err)
		}
		v := url.Values{"stamp": {talent.ProgrammeStamp(x)}, "name": {fmt.Sprintf("矩阵人才%d", f.next())}, "category": {x.Category}}
		for i, t := range x.Tiers {
			v.Set(fmt.Sprintf("tiers.%d.code", i+1), t.Code)
			v.Set(fmt.Sprintf("tiers.%d.name", i+1), t.Name)
		}
		return v.Encode()
	}
	reviewForm := func(access.Role) any {
		return url.Values{"status": {"reviewing"}, "result": {fmt.Sprintf("页面评审%d", f.next())},
			"version": {fmt.Sprint(version("talent_applicants", applicant))}}.Encode()
	}
	orgForm := func(access.Role) any {
		return url.Values{"name": {fmt.Sprintf("矩阵页面党支部%d", f.next())}, "kind": {"branch"}, "mode": {"single"}, "secretary": {"张"},
			"founded_on": {"2022-01-01"}, "term_years": {"3"}, "members": {freshEnterprise()}}.Encode()
	}
	honourForm := func(access.Role) any {
		return url.Values{"action": {"honour"}, "honour_name": {fmt.Sprintf("先进基层党组织%d", f.next())}, "honour_level": {"zone"},
			"honour_issuer": {"园区党工委"}, "honour_year": {"2022"}}.Encode()
	}
	chainForm := func(access.Role) any {
		return url.Values{"code": {fmt.Sprintf("matrix_web_%d", f.next())}, "name": {"矩阵页面链"}, "level": {"city"}, "body": {""}}.Encode()
	}
	branchForm := func(access.Role) any {
		return url.Values{"org_id": {fmt.Sprint(zoneOrg)}, "name": {fmt.Sprintf("页面网上党支部%d", f.next())}, "platform": {"oa"}, "open": {"on"},
			"opened_on": {"2023-02-01"}}.Encode()
	}
	applicantForm := func(access.Role) any {
		return url.Values{"name": {"页面申报人"}, "id_number": {talent.MakeID(fmt.Sprintf("370303198102%02d%03d", 1+f.next()%28, f.next()%1000))},
			"tier": {"a"}, "enterprise": {zoneEnt}, "applied_on": {"2023-06-03"}}.Encode()
	}
	// The matrix checks who may start an import; what the file holds is
	// TestOrgTalentImports's business.
	branchFile, err := os.ReadFile(filepath.Join("testdata", "orgimport", "online-branches.xlsx"))
	if err != nil {
		env.T.Fatal(err)
	}
	branchUpload := func(access.Role) any {
		return apptest.Upload{Name: "网上党支部.xlsx", Data: branchFile, Fields: map[string]string{"kind": "org_online_branches"}}
	}
	persons := allowOnly(200, access.ZoneAdmin, access.ZoneStaff, access.Enterprise)
	coverage := all(200).with(403, access.Enterprise)
	return []routeCase{
		{route: "GET /api/v1/zones/{slug}/organisations", name: "own zone", path: p("/api/v1/zones/zibo/organisations"), want: all(200)},
		{route: "GET /api/v1/zones/{slug}/organisations", name: "other zone", path: p("/api/v1/zones/yulin/organisations"), want: otherZone},
		{route: "POST /api/v1/zones/{slug}/organisations", name: "own zone", path: p("/api/v1/zones/zibo/organisations"), body: newOrg, want: allowOnly(201, writers...)},
		{route: "POST /api/v1/zones/{slug}/organisations", name: "other zone", path: p("/api/v1/zones/weifang/organisations"), body: newOrg,
			want: allowOnly(201).with(404, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise)},
		{route: "GET /api/v1/organisations/{id}", name: "covering the enterprise user's", path: p(fmt.Sprintf("/api/v1/organisations/%d", ownOrg)), want: all(200)},
		{route: "GET /api/v1/organisations/{id}", name: "the zone's", path: p(fmt.Sprintf("/api/v1/organisations/%d", zoneOrg)), want: all(200).with(404, access.Enterprise)},
		{route: "GET /api/v1/organisations/{id}", name: "other zone", path: p(fmt.Sprintf("/api/v1/organisations/%d", wfOrg)), want: weifang},
		{route: "PATCH /api/v1/organisations/{id}", name: "own zone", path: p(fmt.Sprintf("/api/v1/organisations/%d", zoneOrg)), body: patchOrg, want: allowOnly(200, writers...)},
		{route: "PATCH /api/v1/organisations/{id}", name: "other zone", path: p(fmt.Sprintf("/api/v1/organisations/%d", wfOrg)), body: patchOrg,
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff)},
		{route: "POST /api/v1/organisations/{id}/honours", path: p(fmt.Sprintf("/api/v1/organisations/%d/honours", zoneOrg)),
			body: func(access.Role) any {
				return map[string]any{"name": "先进基层党组织", "level": "zone", "issuer": "园区党工委", "year": 2022}
			},
			want: allowOnly(201, writers...)},
		{route: "GET /api/v1/zones/{slug}/chains", name: "own zone", path: p("/api/v1/zones/zibo/chains"), want: all(200)},
		{route: "GET /api/v1/zones/{slug}/chains", name: "other zone", path: p("/api/v1/zones/yulin/chains"), want: otherZone},
		{route: "POST /api/v1/zones/{slug}/chains", name: "own zone", path: p("/api/v1/zones/zibo/chains"), body: newChain, want: allowOnly(201, writers...)},
		{route: "PATCH /api/v1/chains/{id}", path: p(fmt.Sprintf("/api/v1/chains/%d", chain)), body: patchChain, want: allowOnly(200, writers...)},
		{route: "GET /api/v1/zones/{slug}/online-branches", name: "own zone", path: p("/api/v1/zones/zibo/online-branches"), want: all(200)},
		{route: "GET /api/v1/zones/{slug}/online-branches", name: "other zone", path: p("/api/v1/zones/yulin/online-branches"), want: otherZone},
		{route: "POST /api/v1/zones/{slug}/online-branches", name: "own zone", path: p("/api/v1/zones/zibo/online-branches"), body: newBranch, want: allowOnly(201, writers...)},
		{route: "GET /api/v1/zones/{slug}/coverage", name: "own zone", path: p("/api/v1/zones/zibo/coverage?on=2023-12-18"), want: coverage},
		{route: "GET /api/v1/zones/{slug}/coverage", name: "other zone", path: p("/api/v1/zones/yulin/coverage"), want: otherZone},
		{route: "GET /api/v1/zones/{slug}/coverage/gaps", name: "own zone", path: p("/api/v1/zones/zibo/coverage/gaps"), want: coverage},
		{route: "GET /api/v1/zones/{slug}/coverage/gaps", name: "other zone", path: p("/api/v1/zones/weifang/coverage/gaps"), want: weifang},
		{route: "GET /api/v1/enterprises/{id}/party", name: "own enterprise", path: p(fmt.Sprintf("/api/v1/enterprises/%d/party", f.ownEnt)), want: all(200)},
		{route: "GET /api/v1/enterprises/{id}/party", name: "zone's enterprise", path: p(fmt.Sprintf("/api/v1/enterprises/%d/party", f.zoneEnt)),
			want: all(200).with(404, access.Enterprise)},
		{route: "GET /api/v1/enterprises/{id}/party", name: "other zone", path: p(fmt.Sprintf("/api/v1/enterprises/%d/party", f.otherEnt)), want: otherZone},
		{route: "PUT /api/v1/enterprises/{id}/party", name: "zone's enterprise", path: p(fmt.Sprintf("/api/v1/enterprises/%d/party", f.zoneEnt)), body: profile,
			want: allowOnly(200, writers...)},

		{route: "GET /api/v1/zones/{slug}/talent-programmes", name: "own zone", path: p("/api/v1/zones/zibo/talent-programmes"), want: all(200)},
		{route: "GET /api/v1/zones/{slug}/talent-programmes", name: "other zone", path: p("/api/v1/zones/weifang/talent-programmes"), want: weifang},
		{route: "POST /api/v1/zones/{slug}/talent-programmes", name: "own zone", path: p("/api/v1/zones/zibo/talent-programmes"), body: newProgramme,
			want: allowOnly(201, writers...)},
		{route: "GET /api/v1/talent-programmes/{id}/calls", name: "own zone", path: p(fmt.Sprintf("/api/v1/talent-programmes/%d/calls", programme)), want: all(200)},
		{route: "GET /api/v1/talent-programmes/{id}/calls", name: "other zone", path: p(fmt.Sprintf("/api/v1/talent-programmes/%d/calls", wfProgramme)), want: weifang},
		{route: "POST /api/v1/talent-programmes/{id}/calls", name: "own zone", path: p(fmt.Sprintf("/api/v1/talent-programmes/%d/calls", programme)), body: newCall,
			want: allowOnly(201, writers...)},
		// No person-level talent data above the zone: applicants are
		// refused to the city, the province and the nation, even where they
		// see the zone's figures.
		{route: "GET /api/v1/talent-calls/{id}/applicants", name: "own zone", path: p(fmt.Sprintf("/api/v1/talent-calls/%d/applicants", call)), want: persons},
		{route: "GET /api/v1/talent-calls/{id}/applicants", name: "other zone", path: p(fmt.Sprintf("/api/v1/talent-calls/%d/applicants", wfCall)),
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff, access.Enterprise)},
		{route: "POST /api/v1/talent-calls/{id}/applicants", name: "own zone", path: p(fmt.Sprintf("/api/v1/talent-calls/%d/applicants", call)), body: newApplicant,
			want: allowOnly(201, writers...)},
		{route: "PATCH /api/v1/talent-applicants/{id}", path: p(fmt.Sprintf("/api/v1/talent-applicants/%d", applicant)), body: review, want: allowOnly(200, writers...)},
		{route: "PATCH /api/v1/talent-calls/{id}", name: "own zone", path: p(fmt.Sprintf("/api/v1/talent-calls/%d", call)), body: patchCall, want: allowOnly(200, writers...)},
		{route: "PATCH /api/v1/talent-calls/{id}", name: "other zone", path: p(fmt.Sprintf("/api/v1/talent-calls/%d", wfCall)), body: patchCall,
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff)},

		// Pages: the same rules. The dashboard and the coverage board are a
		// zone's figures (no enterprise user); a call's page lists people,
		// so no reader above the zone.
		// A zone's users go to their zone's pages; a city, province or
		// national user reads the zones of its scope side by side.
		{route: "GET /party", path: p("/party"), want: all(303).with(200, access.National, access.Province, access.City).webGet()},
		{route: "GET /zones/{slug}/party", name: "own zone", path: p("/zones/zibo/party?on=2023-12-18"), want: coverage.webGet()},
		{route: "GET /zones/{slug}/party", name: "other zone", path: p("/zones/yulin/party"), want: otherZone.with(403, access.Enterprise).webGet()},
		{route: "GET /zones/{slug}/party/coverage", name: "own zone", path: p("/zones/zibo/party/coverage"), want: coverage.webGet()},
		{route: "GET /zones/{slug}/party/coverage", name: "other zone", path: p("/zones/weifang/party/coverage"), want: weifang.with(403, access.Enterprise).webGet()},
		{route: "GET /zones/{slug}/party/organisations", name: "own zone", path: p("/zones/zibo/party/organisations?due=1"), want: all(200).webGet()},
		{route: "GET /zones/{slug}/party/organisations", name: "other zone", path: p("/zones/yulin/party/organisations"), want: otherZone.webGet()},
		{route: "POST /zones/{slug}/party/organisations", name: "own zone", path: p("/zones/zibo/party/organisations"), body: orgForm, want: allowOnly(303, writers...)},
		{route: "GET /party/organisations/{id}", name: "covering the enterprise user's", path: p(fmt.Sprintf("/party/organisations/%d", ownOrg)), want: all(200).webGet()},
		{route: "GET /party/organisations/{id}", name: "the zone's", path: p(fmt.Sprintf("/party/organisations/%d", zoneOrg)), want: all(200).with(404, access.Enterprise).webGet()},
		{route: "GET /party/organisations/{id}", name: "other zone", path: p(fmt.Sprintf("/party/organisations/%d", wfOrg)), want: weifang.webGet()},
		{route: "POST /party/organisations/{id}", name: "own zone", path: p(fmt.Sprintf("/party/organisations/%d", zoneOrg)), body: honourForm, want: allowOnly(303, writers...)},
		{route: "POST /party/organisations/{id}", name: "other zone", path: p(fmt.Sprintf("/party/organisations/%d", wfOrg)), body: honourForm,
			want: allowOnly(303).with(404, access.ZoneAdmin, access.ZoneStaff)},
		{route: "GET /zones/{slug}/party/chains", name: "own zone", path: p("/zones/zibo/party/chains"), want: all(200).webGet()},
		{route: "GET /zones/{slug}/party/chains", name: "other zone", path: p("/zones/yulin/party/chains"), want: otherZone.webGet()},
		{route: "POST /zones/{slug}/party/chains", name: "own zone", path: p("/zones/zibo/party/chains"), body: chainForm, want: allowOnly(303, writers...)},
		{route: "GET /zones/{slug}/party/online-branches", name: "own zone", path: p("/zones/zibo/party/online-branches"), want: all(200).webGet()},
		{route: "GET /zones/{slug}/party/online-branches", name: "other zone", path: p("/zones/yulin/party/online-branches"), want: otherZone.webGet()},
		{route: "POST /zones/{slug}/party/online-branches", name: "own zone", path: p("/zones/zibo/party/online-branches"), body: branchForm, want: allowOnly(303, writers...)},
		{route: "GET /zones/{slug}/talent", name: "own zone", path: p("/zones/zibo/talent"), want: all(200).webGet()},
		{route: "GET /zones/{slug}/talent", name: "other zone", path: p("/zones/weifang/talent"), want: weifang.webGet()},
		{route: "GET /talent/calls/{id}", name: "own zone", path: p(fmt.Sprintf("/talent/calls/%d", call)), want: persons.webGet()},
		{route: "GET /talent/calls/{id}", name: "other zone", path: p(fmt.Sprintf("/talent/calls/%d", wfCall)),
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff, access.Enterprise).webGet()},
		{route: "POST /talent/calls/{id}", name: "own zone", path: p(fmt.Sprintf("/talent/calls/%d", call)), body: applicantForm, want: allowOnly(303, writers...)},
		// The talent office's forms: its own zone's calls and applicants;
		// an applicant's page is a person's, so no reader above the zone.
		{route: "GET /talent/programmes/{id}/calls/new", name: "own zone", path: p(fmt.Sprintf("/talent/programmes/%d/calls/new", programme)),
			want: allowOnly(200, writers...).webGet()},
		{route: "GET /talent/programmes/{id}/calls/new", name: "other zone", path: p(fmt.Sprintf("/talent/programmes/%d/calls/new", wfProgramme)),
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff).webGet()},
		{route: "POST /talent/programmes/{id}/calls", name: "own zone", path: p(fmt.Sprintf("/talent/programmes/%d/calls", programme)), body: callForm,
			want: allowOnly(303, writers...)},
		{route: "POST /talent/programmes/{id}/calls", name: "other zone", path: p(fmt.Sprintf("/talent/programmes/%d/calls", wfProgramme)), body: callForm,
			want: allowOnly(303).with(404, access.ZoneAdmin, access.ZoneStaff)},
		// Programmes: the zone's talent office (talent.ActionWrite) sets
		// up its own zone's; no reader above the zone writes them.
		{route: "GET /zones/{slug}/talent/programmes/new", name: "own zone", path: p("/zones/zibo/talent/programmes/new"),
			want: allowOnly(200, writers...).webGet()},
		{route: "GET /zones/{slug}/talent/programmes/new", name: "other zone", path: p("/zones/weifang/talent/programmes/new"),
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff).webGet()},
		{route: "POST /zones/{slug}/talent/programmes", name: "own zone", path: p("/zones/zibo/talent/programmes"), body: programmeForm,
			want: allowOnly(303, writers...)},
		{route: "POST /zones/{slug}/talent/programmes", name: "other zone", path: p("/zones/weifang/talent/programmes"), body: programmeForm,
			want: allowOnly(303).with(404, access.ZoneAdmin, access.ZoneStaff)},
		{route: "GET /talent/programmes/{id}/edit", name: "own zone", path: p(fmt.Sprintf("/talent/programmes/%d/edit", programme)),
			want: allowOnly(200, writers...).webGet()},
		{route: "GET /talent/programmes/{id}/edit", name: "other zone", path: p(fmt.Sprintf("/talent/programmes/%d/edit", wfProgramme)),
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff).webGet()},
		{route: "POST /talent/programmes/{id}/edit", name: "own zone", path: p(fmt.Sprintf("/talent/programmes/%d/edit", programme)), body: programmeEditForm,
			want: allowOnly(303, writers...)},
		{route: "POST /talent/programmes/{id}/edit", name: "other zone", path: p(fmt.Sprintf("/talent/programmes/%d/edit", wfProgramme)), body: programmeEditForm,
			want: allowOnly(303).with(404, access.ZoneAdmin, access.ZoneStaff)},
		{route: "GET /talent/calls/{id}/edit", name: "own zone", path: p(fmt.Sprintf("/talent/calls/%d/edit", call)), want: allowOnly(200, writers...).webGet()},
		{route: "GET /talent/calls/{id}/edit", name: "other zone", path: p(fmt.Sprintf("/talent/calls/%d/edit", wfCall)),
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff).webGet()},
		{route: "POST /talent/calls/{id}/edit", name: "own zone", path: p(fmt.Sprintf("/talent/calls/%d/edit", call)), body: callEditForm,
			want: allowOnly(303, writers...)},
		{route: "POST /talent/calls/{id}/edit", name: "other zone", path: p(fmt.Sprintf("/talent/calls/%d/edit", wfCall)), body: callEditForm,
			want: allowOnly(303).with(404, access.ZoneAdmin, access.ZoneStaff)},
		{route: "GET /talent/applicants/{id}", name: "own zone", path: p(fmt.Sprintf("/talent/applicants/%d", applicant)), want: persons.webGet()},
		{route: "GET /talent/applicants/{id}", name: "other zone", path: p(fmt.Sprintf("/talent/applicants/%d", wfApplicant)),
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff, access.Enterprise).webGet()},
		{route: "POST /talent/applicants/{id}", name: "own zone", path: p(fmt.Sprintf("/talent/applicants/%d", applicant)), body: reviewForm,
			want: allowOnly(303, writers...)},
		{route: "POST /talent/applicants/{id}", name: "other zone", path: p(fmt.Sprintf("/talent/applicants/%d", wfApplicant)), body: reviewForm,
			want: allowOnly(303).with(404, access.ZoneAdmin, access.ZoneStaff)},

		// Imports: the zone's admin and staff, into their own zone. A file
		// with one online branch of the zone's organisation.
		{route: "POST /api/v1/zones/{slug}/party-imports", name: "own zone", path: p("/api/v1/zones/zibo/party-imports"), body: branchUpload, want: allowOnly(202, writers...)},
		{route: "POST /api/v1/zones/{slug}/party-imports", name: "other zone", path: p("/api/v1/zones/weifang/party-imports"), body: branchUpload,
			want: allowOnly(202).with(404, access.ZoneAdmin, access.ZoneStaff)},
		{route: "GET /api/v1/party-imports/template", path: p("/api/v1/party-imports/template?kind=org_organisations"), want: all(200)},
		{route: "GET /zones/{slug}/party/import", name: "own zone", path: p("/zones/zibo/party/import"), want: allowOnly(200, writers...).webGet()},
		{route: "GET /zones/{slug}/party/import", name: "other zone", path: p("/zones/weifang/party/import"),
			want: allowOnly(403).with(404, access.ZoneAdmin, access.ZoneStaff).webGet()},
		{route: "POST /zones/{slug}/party/import", name: "own zone", path: p("/zones/zibo/party/import"), body: branchUpload, want: allowOnly(303, writers...)},
		{route: "GET /party/import/template", path: p("/party/import/template?kind=talent_applicants"), want: allowOnly(200, writers...).webGet()},
	}
}
