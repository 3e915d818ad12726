package app_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/honour"
)

// honourCases are the honours module's rows of the matrix.
//
// Who sees what: every role reads programmes; national, province and city
// users add programmes of their level. A zone's admin and staff record its
// batches and run its cultivation board; the city, province and nation read
// them; an enterprise user sees its own titles and its own cultivation
// record only (a batch, which lists several enterprises, is the zone's).
func honourCases(f *fixture) []routeCase {
	env := f.env
	ctx := context.Background()
	writers := []access.Role{access.ZoneAdmin, access.ZoneStaff}
	zoneRoles := []access.Role{access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise}
	otherZone := allowOnly(200, access.National).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff,
		access.Registrar, access.Enterprise)
	one := func(q string, args ...any) int64 {
		var id int64
		if err := env.DB.Read().QueryRow(ctx, q, args...).Scan(&id); err != nil {
			env.T.Fatal(err)
		}
		return id
	}
	ziboBatch := one("SELECT MAX(id) FROM honour_batches WHERE zone_id = ?", env.IDs.Zones["zibo"])
	linziBatch := one("SELECT MAX(id) FROM honour_batches WHERE zone_id = ?", env.IDs.Zones["zibo-linzi"])
	candidate := one("SELECT MIN(id) FROM honour_candidates WHERE zone_id = ?", env.IDs.Zones["zibo"])
	lapsed := env.IDs.USCC["淄博示例新材料有限公司（示例）"]

	newProgramme := func(role access.Role) any {
		level := string(honour.National)
		if role == access.Province {
			level = string(honour.Province)
		}
		n := f.next()
		return map[string]any{"code": fmt.Sprintf("matrix_%d", n), "name": fmt.Sprintf("矩阵测试荣誉%d", n), "issuer": "测试机关",
			"level": level, "kind": honour.KindQualification, "term_years": 3, "since": "2010-01-01"}
	}
	// A recheck that fails a title already lapsed changes nothing, so every
	// allowed caller may record one.
	newBatch := func(access.Role) any {
		return map[string]any{"title": fmt.Sprintf("矩阵测试通知%d", f.next()), "issuer": "国家知识产权局", "published_on": "2023-12-01",
			"entries": []map[string]any{{"programme": honour.CodeIPAdvantage, "uscc": lapsed, "result": "recheck_fail"}}}
	}
	newCandidate := func(access.Role) any {
		n := f.next()
		codes := []string{honour.CodeHighTech, honour.CodeTechSME, honour.CodeGazelle, honour.CodeSRDI, honour.CodeLittleGiant}
		return map[string]any{"enterprise_id": f.zoneEnt, "programme": codes[n%int64(len(codes))], "target_year": 2022 + n/int64(len(codes))%7}
	}
	patchCandidate := func(access.Role) any {
		var c struct{ Version int }
		if err := env.DB.Read().QueryRow(ctx, "SELECT version FROM honour_candidates WHERE id = ?", candidate).Scan(&c.Version); err != nil {
			env.T.Fatal(err)
		}
		return map[string]any{"version": c.Version, "notes": fmt.Sprintf("第%d次更新", f.next())}
	}
	newActivity := func(access.Role) any {
		return map[string]any{"kind": "coaching", "on": "2023-12-01", "attendees": 3, "next_step": "回访", "next_on": "2024-01-05"}
	}
	form := func(v url.Values) func(access.Role) any { return func(access.Role) any { return v.Encode() } }
	programmeForm := func(access.Role) any {
		n := f.next()
		return url.Values{"code": {fmt.Sprintf("matrix_web_%d", n)}, "name": {fmt.Sprintf("矩阵页面荣誉%d", n)}, "issuer": {"测试机关"},
			"kind": {honour.KindQualification}, "term_years": {"3"}, "since": {"2010-01-01"}}.Encode()
	}
	batchForm := func(access.Role) any {
		return url.Values{"title": {fmt.Sprintf("页面测试通知%d", f.next())}, "issuer": {"国家知识产权局"}, "published_on": {"2023-12-02"},
			"uscc1": {lapsed}, "programme1": {honour.CodeIPAdvantage}, "result1": {"recheck_fail"}}.Encode()
	}
	candidateForm := func(access.Role) any {
		n := f.next()
		codes := []string{honour.CodeHighTech, honour.CodeTechSME, honour.CodeGazelle, honour.CodeSRDI, honour.CodeLittleGiant}
		return url.Values{"uscc": {env.IDs.USCC["鲁泰纺织股份有限公司"]}, "programme": {codes[n%int64(len(codes))]},
			"target_year": {fmt.Sprint(2022 + n/int64(len(codes))%7)}, "stage": {"survey"}}.Encode()
	}
	// A fresh batch of Zibo's for each withdrawal: the newest, so no later
	// batch builds on it.
	freshBatch := func(prefix, suffix string) func(access.Role) string {
		return func(access.Role) string {
			b, _, err := env.App.Honours.RecordBatch(ctx, access.Actor{UserID: 0, Username: "matrix", Role: access.ZoneAdmin, ZoneID: env.IDs.Zones["zibo"]},
				honour.Batch{Title: fmt.Sprintf("撤回测试通知%d", f.next()), Issuer: "国家知识产权局", PublishedOn: civil.MustParse("2023-12-03"),
					Entries: []honour.Entry{{ProgrammeCode: honour.CodeIPAdvantage, USCC: lapsed, Result: honour.RecheckFail}}})
			if err != nil {
				env.T.Fatal(err)
			}
			return fmt.Sprintf("%s%d%s", prefix, b.ID, suffix)
		}
	}
	// A list without rows: the upload is accepted, its job refuses the file.
	listUpload := func(access.Role) any {
		return apptest.Upload{Name: "名单.csv", Data: []byte("序号,企业名称,统一社会信用代码,所在地区,类别\n"),
			Fields: map[string]string{"title": fmt.Sprintf("名单测试通知%d", f.next()), "issuer": "国家知识产权局", "published_on": "2023-12-04"}}
	}
	return []routeCase{
		// Pages.
		{route: "POST /zones/{slug}/honours/batches/import", name: "own zone", path: p("/zones/zibo/honours/batches/import"), body: listUpload,
			want: allowOnly(303, writers...)},
		{route: "GET /honours/batches/{id}/withdraw", name: "own zone", path: p(fmt.Sprintf("/honours/batches/%d/withdraw", ziboBatch)),
			want: allowOnly(200, writers...).webGet()},
		{route: "POST /honours/batches/{id}/withdraw", name: "own zone", path: freshBatch("/honours/batches/", "/withdraw"),
			want: allowOnly(303, writers...)},
		{route: "GET /honours", path: p("/honours"), want: all(303).webGet()},
		{route: "GET /honours/programmes", path: p("/honours/programmes"), want: all(200).webGet()},
		{route: "POST /honours/programmes", path: p("/honours/programmes"), body: programmeForm,
			want: allowOnly(303, access.National, access.Province, access.City)},
		{route: "GET /zones/{slug}/honours", name: "own zone", path: p("/zones/zibo/honours?on=2023-12-18"),
			// The page compares areas (indicator figures): not for an enterprise, which sees its own titles on its page.
			want: all(200).with(403, access.Enterprise).webGet()},
		{route: "GET /zones/{slug}/honours", name: "other zone", path: p("/zones/yulin/honours"), want: otherZone.webGet()},
		{route: "GET /zones/{slug}/honours/batches", name: "own zone", path: p("/zones/zibo/honours/batches"), want: all(200).webGet()},
		{route: "POST /zones/{slug}/honours/batches", name: "own zone", path: p("/zones/zibo/honours/batches"), body: batchForm, want: allowOnly(303, writers...)},
		{route: "GET /honours/batches/{id}", name: "own zone", path: p(fmt.Sprintf("/honours/batches/%d", ziboBatch)), want: all(200).with(404, access.Enterprise).webGet()},
		{route: "GET /zones/{slug}/cultivation", name: "own zone", path: p("/zones/zibo/cultivation"), want: all(200).webGet()},
		{route: "POST /zones/{slug}/cultivation", name: "own zone", path: p("/zones/zibo/cultivation"), body: candidateForm, want: allowOnly(303, writers...)},
		{route: "GET /cultivation/{id}", path: p(fmt.Sprintf("/cultivation/%d", candidate)), want: all(200).with(404, access.Enterprise).webGet()},
		{route: "POST /cultivation/{id}", path: p(fmt.Sprintf("/cultivation/%d", candidate)),
			body: form(url.Values{"action": {"activity"}, "kind": {"coaching"}, "on": {"2023-12-01"}, "attendees": {"2"}}), want: allowOnly(303, writers...)},
		{route: "GET /cities/{code}/honours", name: "own city", path: p("/cities/370300/honours?on=2023-12-18"), want: all(200).with(403, access.Enterprise).webGet()},
		{route: "GET /cities/{code}/honours", name: "other city", path: p("/cities/610800/honours"), want: otherZone.webGet()},

		// API.
		{route: "GET /api/v1/honour-programmes", path: p("/api/v1/honour-programmes"), want: all(200)},
		{route: "POST /api/v1/honour-programmes", path: p("/api/v1/honour-programmes"), body: newProgramme,
			want: allowOnly(201, access.National, access.Province, access.City)},
		{route: "GET /api/v1/honour-batches", name: "own zone", path: p("/api/v1/honour-batches?zone=zibo"), want: all(200)},
		{route: "GET /api/v1/honour-batches", name: "other zone", path: p("/api/v1/honour-batches?zone=yulin"), want: otherZone},
		{route: "POST /api/v1/honour-batches", path: p("/api/v1/honour-batches"), body: newBatch, want: allowOnly(201, writers...)},
		{route: "POST /api/v1/honour-batches/import", path: p("/api/v1/honour-batches/import"), body: listUpload, want: allowOnly(202, writers...)},
		{route: "DELETE /api/v1/honour-batches/{id}", name: "own zone", path: freshBatch("/api/v1/honour-batches/", ""), want: allowOnly(204, writers...)},
		{route: "GET /api/v1/honour-batches/{id}", name: "own zone", path: p(fmt.Sprintf("/api/v1/honour-batches/%d", ziboBatch)),
			want: all(200).with(404, access.Enterprise)},
		{route: "GET /api/v1/honour-batches/{id}", name: "other area of the city", path: p(fmt.Sprintf("/api/v1/honour-batches/%d", linziBatch)),
			want: all(200).with(404, zoneRoles...)},
		{route: "GET /api/v1/zones/{slug}/honours", name: "own zone", path: p("/api/v1/zones/zibo/honours?on=2023-12-18"), want: all(200)},
		{route: "GET /api/v1/zones/{slug}/honours", name: "other zone", path: p("/api/v1/zones/yulin/honours"), want: otherZone},
		{route: "GET /api/v1/enterprises/{id}/honours", name: "own enterprise", path: p(fmt.Sprintf("/api/v1/enterprises/%d/honours", f.ownEnt)), want: all(200)},
		{route: "GET /api/v1/enterprises/{id}/honours", name: "zone's enterprise", path: p(fmt.Sprintf("/api/v1/enterprises/%d/honours", f.zoneEnt)),
			want: all(200).with(404, access.Enterprise)},
		{route: "GET /api/v1/enterprises/{id}/honours", name: "other zone", path: p(fmt.Sprintf("/api/v1/enterprises/%d/honours", f.otherEnt)), want: otherZone},
		{route: "GET /api/v1/zones/{slug}/cultivation", name: "own zone", path: p("/api/v1/zones/zibo/cultivation"), want: all(200)},
		{route: "GET /api/v1/zones/{slug}/cultivation", name: "other zone", path: p("/api/v1/zones/yulin/cultivation"), want: otherZone},
		{route: "POST /api/v1/zones/{slug}/cultivation", name: "own zone", path: p("/api/v1/zones/zibo/cultivation"), body: newCandidate,
			want: allowOnly(201, writers...)},
		{route: "POST /api/v1/zones/{slug}/cultivation", name: "other zone", path: p("/api/v1/zones/yulin/cultivation"), body: newCandidate,
			// The zone is looked up first: hidden from all but the nation, who may not write.
			want: allowOnly(201).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise)},
		{route: "PATCH /api/v1/cultivation/{id}", path: p(fmt.Sprintf("/api/v1/cultivation/%d", candidate)), body: patchCandidate,
			want: allowOnly(200, writers...)},
		{route: "GET /api/v1/cultivation/{id}/activities", path: p(fmt.Sprintf("/api/v1/cultivation/%d/activities", candidate)),
			want: all(200).with(404, access.Enterprise)},
		{route: "POST /api/v1/cultivation/{id}/activities", path: p(fmt.Sprintf("/api/v1/cultivation/%d/activities", candidate)), body: newActivity,
			want: allowOnly(201, writers...)},
	}
}
