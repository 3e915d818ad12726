package app_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/innopark/innopark/internal/access"
)

// indicatorCases are the indicators', targets' and bulletins' rows of the matrix.
//
// Who sees what: every role but the enterprise reads figures, dashboards
// and bulletins of the areas in its scope (403 for enterprises, 404 for an
// area outside the scope); rankings show every area's position, values only
// inside the scope (checked in the store and service tests). Targets are
// set by city and province users for zones of their region only;
// statistics are entered by a zone's admin and staff and by the city and
// province; bulletins are saved and templates edited by a zone's admin and
// staff.
func indicatorCases(f *fixture) []routeCase {
	env := f.env
	ctx := context.Background()
	period := "from=2023-01&to=2023-11"
	readers := all(200).with(403, access.Enterprise)
	otherRead := allowOnly(200, access.National).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar)
	setters := []access.Role{access.Province, access.City}
	enterers := []access.Role{access.Province, access.City, access.ZoneAdmin, access.ZoneStaff}
	writers := []access.Role{access.ZoneAdmin, access.ZoneStaff}

	// Records the rows aim at: a saved bulletin of Zibo and of Yulin, and an
	// entered statistic of Yulin.
	saved := func(user, slug string) int64 {
		resp := env.Do(env.Login(user), "POST", "/api/v1/zones/"+slug+"/bulletins", map[string]string{"from": "2023-01", "to": "2023-11"})
		var out struct{ Items []struct{ ID int64 } }
		resp.JSON(env.T, &out)
		if len(out.Items) == 0 {
			env.T.Fatalf("no bulletin saved for %s: %d %s", slug, resp.Status, resp.Body)
		}
		return out.Items[0].ID
	}
	ziboSaved, yulinSaved := saved("zibo-admin", "zibo"), saved("yulin-admin", "yulin")
	var yulinStat int64
	if err := env.DB.Read().QueryRow(ctx, "SELECT MIN(id) FROM stat_entries WHERE zone_id = ?", env.IDs.Zones["yulin"]).Scan(&yulinStat); err != nil {
		env.T.Fatal(err)
	}
	// A fresh Zibo entry (a stock, each in a month of its own) for each
	// deletion attempt, and a target to remove.
	freshStat := func(prefix string) func(access.Role) string {
		return func(access.Role) string {
			// Months of 2000-2019: long before the demo's figures, never in the future.
			n := f.next() % 240
			month := fmt.Sprintf("%d-%02d", 2000+n/12, 1+n%12)
			resp := env.Do(f.tokens[access.ZoneAdmin], "POST", "/api/v1/zones/zibo/statistics", map[string]any{
				"indicator": "stat.employees", "from": month, "to": month, "value": 100})
			var out struct{ ID int64 }
			resp.JSON(env.T, &out)
			if out.ID == 0 {
				env.T.Fatalf("statistic: %d %s", resp.Status, resp.Body)
			}
			if prefix == "web" {
				return fmt.Sprintf("/zones/zibo/statistics/%d/delete", out.ID)
			}
			return fmt.Sprintf("/api/v1/statistics/%d", out.ID)
		}
	}
	targetPath := "/api/v1/targets/zibo/tech_contract.tech_amount/2023"
	withTarget := func(access.Role) string {
		env.Do(f.tokens[access.City], "PUT", targetPath, map[string]int64{"value": 2_000_000_000})
		return targetPath
	}
	tplBody := func(access.Role) any {
		return map[string]any{"headline": "{{.Zone}}技术合同{{count .N.count \"项\"}}", "body": "本报讯 {{.Zone}}登记{{money .N.amount}}。"}
	}
	tplForm := func(action string) func(access.Role) any {
		return func(access.Role) any {
			return url.Values{"action": {action}, "version": {"0"}, "from": {"2023-01"}, "to": {"2023-11"},
				"headline": {"{{.Zone}}技术合同"}, "body": {"本报讯 {{.Zone}}登记{{money .N.amount}}。"}}.Encode()
		}
	}
	tplFormBody := func(access.Role) any {
		return map[string]any{"form": map[string]any{"headlines": []string{"「园区」技术合同「合同数」"}, "body": []string{"本报讯 「园区」登记「登记金额」。"},
			"words": map[string]string{"up": "增长", "down": "下降", "flat": "持平", "over": "完成", "no_base": ""}}}
	}
	sentenceForm := func(access.Role) any {
		return url.Values{"action": {"form_preview"}, "version": {"0"}, "from": {"2023-01"}, "to": {"2023-11"},
			"headline_alt": {"「园区」技术合同"}, "body": {"本报讯 「园区」登记「登记金额」。"},
			"up": {"增长"}, "down": {"下降"}, "flat": {"持平"}, "over": {"完成"}}.Encode()
	}
	workBody := func(access.Role) any {
		return map[string]string{"from": "2023-01", "to": "2023-11", "text": "组织企业申报国家知识产权优势示范企业。"}
	}
	return []routeCase{
		{route: "GET /api/v1/indicators", path: p("/api/v1/indicators"), want: readers},
		{route: "GET /api/v1/indicators/{id}", name: "own zone", path: p("/api/v1/indicators/tech_contract.contract_amount?zone=zibo&" + period), want: readers},
		{route: "GET /api/v1/indicators/{id}", name: "other zone", path: p("/api/v1/indicators/tech_contract.contract_amount?zone=yulin&" + period), want: otherRead},
		{route: "GET /api/v1/indicators/{id}/ranking", name: "own city", path: p("/api/v1/indicators/tech_contract.contract_amount/ranking?scope=city&area=zibo&" + period), want: readers},
		{route: "GET /api/v1/indicators/{id}/ranking", name: "national", path: p("/api/v1/indicators/tech_contract.contract_amount/ranking?scope=national&" + period), want: readers},
		{route: "GET /api/v1/indicators/{id}/ranking", name: "other city", path: p("/api/v1/indicators/tech_contract.contract_amount/ranking?scope=city&area=yulin&" + period), want: otherRead},
		{route: "GET /api/v1/zones/{slug}/dashboard", name: "own zone", path: p("/api/v1/zones/zibo/dashboard?" + period), want: readers},
		{route: "GET /api/v1/zones/{slug}/dashboard", name: "other zone", path: p("/api/v1/zones/yulin/dashboard?" + period), want: otherRead},
		{route: "GET /api/v1/zones/{slug}/targets", name: "own zone", path: p("/api/v1/zones/zibo/targets?year=2023"), want: readers},
		{route: "GET /api/v1/zones/{slug}/targets", name: "other zone", path: p("/api/v1/zones/yulin/targets?year=2023"), want: otherRead},
		{route: "PUT /api/v1/targets/{zone}/{indicator}/{year}", name: "own zone", path: p("/api/v1/targets/zibo/stat.gross_output/2023"),
			body: func(access.Role) any { return map[string]int64{"value": 160_000_000_000_00} }, want: allowOnly(200, setters...)},
		{route: "PUT /api/v1/targets/{zone}/{indicator}/{year}", name: "other province", path: p("/api/v1/targets/yulin/stat.gross_output/2023"),
			body: func(access.Role) any { return map[string]int64{"value": 100_00} }, want: allowOnly(200).with(404, setters...)},
		{route: "DELETE /api/v1/targets/{zone}/{indicator}/{year}", name: "own zone", path: withTarget, want: allowOnly(204, setters...)},
		{route: "DELETE /api/v1/targets/{zone}/{indicator}/{year}", name: "other province", path: p("/api/v1/targets/yulin/tech_contract.contract_amount/2023"),
			want: allowOnly(204).with(404, setters...)},
		{route: "GET /api/v1/zones/{slug}/statistics", name: "own zone", path: p("/api/v1/zones/zibo/statistics?year=2023"), want: readers},
		{route: "GET /api/v1/zones/{slug}/statistics", name: "other zone", path: p("/api/v1/zones/yulin/statistics?year=2023"), want: otherRead},
		{route: "POST /api/v1/zones/{slug}/statistics", name: "own zone, same period", path: p("/api/v1/zones/zibo/statistics"),
			body: func(access.Role) any {
				return map[string]any{"indicator": "stat.gross_output", "from": "2023-01", "to": "2023-11", "value": 1450 * 10_000_000_000}
			}, want: allowOnly(200, enterers...)},
		{route: "POST /api/v1/zones/{slug}/statistics", name: "other zone", path: p("/api/v1/zones/yulin/statistics"),
			body: func(access.Role) any {
				return map[string]any{"indicator": "stat.gross_output", "from": "2023-01", "to": "2023-11", "value": 1}
			}, want: allowOnly(200).with(404, enterers...)},
		{route: "DELETE /api/v1/statistics/{id}", name: "own zone", path: freshStat("api"), want: allowOnly(204, enterers...)},
		{route: "DELETE /api/v1/statistics/{id}", name: "other zone", path: p(fmt.Sprintf("/api/v1/statistics/%d", yulinStat)), want: allowOnly(204).with(404, enterers...)},
		{route: "GET /api/v1/zones/{slug}/bulletin", name: "own zone", path: p("/api/v1/zones/zibo/bulletin?" + period), want: readers},
		{route: "GET /api/v1/zones/{slug}/bulletin", name: "other zone", path: p("/api/v1/zones/yulin/bulletin?" + period), want: otherRead},
		{route: "GET /api/v1/zones/{slug}/bulletin-templates", name: "own zone", path: p("/api/v1/zones/zibo/bulletin-templates"), want: readers},
		{route: "PUT /api/v1/zones/{slug}/bulletin-templates/{module}/{key}", name: "own zone", path: p("/api/v1/zones/zibo/bulletin-templates/tech_contract/yoy"),
			body: tplBody, want: allowOnly(200, access.ZoneAdmin)},
		{route: "PUT /api/v1/zones/{slug}/bulletin-templates/{module}/{key}", name: "own zone form", path: p("/api/v1/zones/zibo/bulletin-templates/tech_contract/yoy"),
			body: tplFormBody, want: allowOnly(200, writers...)},
		{route: "PUT /api/v1/zones/{slug}/bulletin-templates/{module}/{key}", name: "other zone", path: p("/api/v1/zones/yulin/bulletin-templates/tech_contract/yoy"),
			body: tplFormBody, want: allowOnly(200).with(404, writers...)},
		{route: "POST /api/v1/zones/{slug}/bulletin-templates/{module}/{key}/preview", name: "own zone", path: p("/api/v1/zones/zibo/bulletin-templates/tech_contract/yoy/preview"),
			body: func(access.Role) any {
				return map[string]any{"headline": "{{.Zone}}", "body": "{{.Zone}}{{money .N.amount}}", "from": "2023-01", "to": "2023-11"}
			},
			want: readers},
		{route: "GET /api/v1/zones/{slug}/bulletins", name: "own zone", path: p("/api/v1/zones/zibo/bulletins"), want: readers},
		{route: "GET /api/v1/zones/{slug}/work-notes", name: "own zone", path: p("/api/v1/zones/zibo/work-notes?" + period), want: readers},
		{route: "GET /api/v1/zones/{slug}/work-notes", name: "other zone", path: p("/api/v1/zones/yulin/work-notes?" + period), want: otherRead},
		{route: "PUT /api/v1/zones/{slug}/work-notes/{module}", name: "own zone", path: p("/api/v1/zones/zibo/work-notes/honour"),
			body: workBody, want: allowOnly(200, writers...)},
		{route: "PUT /api/v1/zones/{slug}/work-notes/{module}", name: "other zone", path: p("/api/v1/zones/yulin/work-notes/honour"),
			body: workBody, want: allowOnly(200).with(404, writers...)},
		{route: "GET /api/v1/zones/{slug}/bulletin-revisions", name: "own zone", path: p("/api/v1/zones/zibo/bulletin-revisions?" + period), want: readers},
		{route: "GET /api/v1/zones/{slug}/bulletin-revisions", name: "other zone", path: p("/api/v1/zones/yulin/bulletin-revisions?" + period), want: otherRead},
		{route: "POST /api/v1/zones/{slug}/bulletins", name: "own zone", path: p("/api/v1/zones/zibo/bulletins"),
			body: func(access.Role) any { return map[string]string{"from": "2023-01", "to": "2023-11"} }, want: allowOnly(201, writers...)},
		{route: "GET /api/v1/bulletins/{id}", name: "own zone", path: p(fmt.Sprintf("/api/v1/bulletins/%d", ziboSaved)), want: readers},
		{route: "GET /api/v1/bulletins/{id}", name: "other zone", path: p(fmt.Sprintf("/api/v1/bulletins/%d", yulinSaved)), want: otherRead},

		// Pages.
		{route: "GET /dashboard", path: p("/dashboard"), want: all(303).with(403, access.Enterprise).webGet()},
		{route: "GET /zones/{slug}/dashboard", name: "own zone", path: p("/zones/zibo/dashboard?" + period), want: readers.webGet()},
		{route: "GET /zones/{slug}/dashboard", name: "own zone xlsx", path: p("/zones/zibo/dashboard?format=xlsx&chart=ranks&" + period), want: readers.webGet()},
		{route: "GET /zones/{slug}/dashboard", name: "other zone", path: p("/zones/yulin/dashboard?" + period), want: otherRead.webGet()},
		{route: "GET /zones/{slug}/screen", name: "own zone", path: p("/zones/zibo/screen?" + period), want: readers.webGet()},
		{route: "GET /zones/{slug}/screen", name: "other zone", path: p("/zones/yulin/screen?" + period), want: otherRead.webGet()},
		{route: "GET /cities/{code}/dashboard", name: "own city", path: p("/cities/370300/dashboard?" + period), want: readers.webGet()},
		{route: "GET /cities/{code}/dashboard", name: "other city", path: p("/cities/610800/dashboard?" + period), want: otherRead.webGet()},
		{route: "GET /dashboard/national", path: p("/dashboard/national"), want: readers.webGet()},
		{route: "GET /zones/{slug}/targets", name: "own zone", path: p("/zones/zibo/targets?year=2023"), want: readers.webGet()},
		{route: "GET /zones/{slug}/targets", name: "other zone", path: p("/zones/yulin/targets?year=2023"), want: otherRead.webGet()},
		{route: "POST /zones/{slug}/targets", name: "own zone", path: p("/zones/zibo/targets"),
			body: func(access.Role) any { return "year=2023&indicator=stat.gross_output&value=16000000&action=set" }, want: allowOnly(303, setters...)},
		{route: "POST /zones/{slug}/targets", name: "other province", path: p("/zones/yulin/targets"),
			body: func(access.Role) any { return "year=2023&indicator=stat.gross_output&value=1&action=set" }, want: allowOnly(303).with(404, setters...)},
		{route: "GET /zones/{slug}/statistics", name: "own zone", path: p("/zones/zibo/statistics?year=2023"), want: readers.webGet()},
		{route: "POST /zones/{slug}/statistics", name: "own zone", path: p("/zones/zibo/statistics"),
			body: func(access.Role) any { return "indicator=stat.gross_output&from=2023-01&to=2023-11&value=14500000" }, want: allowOnly(303, enterers...)},
		{route: "POST /zones/{slug}/statistics/{id}/delete", name: "own zone, asks first", path: freshStat("web"), want: allowOnly(200, enterers...)},
		{route: "POST /zones/{slug}/statistics/{id}/delete", name: "own zone", path: freshStat("web"), body: func(access.Role) any { return "confirm=1" }, want: allowOnly(303, enterers...)},
		{route: "GET /zones/{slug}/bulletin", name: "own zone", path: p("/zones/zibo/bulletin?" + period), want: readers.webGet()},
		{route: "GET /zones/{slug}/bulletin", name: "other zone", path: p("/zones/yulin/bulletin?" + period), want: otherRead.webGet()},
		{route: "POST /zones/{slug}/bulletin", name: "own zone", path: p("/zones/zibo/bulletin"),
			body: func(access.Role) any { return "from=2023-01&to=2023-11" }, want: allowOnly(303, writers...)},
		{route: "GET /zones/{slug}/bulletin-templates/{module}/{key}", name: "own zone", path: p("/zones/zibo/bulletin-templates/tech_contract/yoy?" + period), want: readers.webGet()},
		{route: "POST /zones/{slug}/bulletin-templates/{module}/{key}", name: "preview", path: p("/zones/zibo/bulletin-templates/tech_contract/yoy"),
			body: tplForm("preview"), want: allowOnly(200, access.ZoneAdmin)},
		{route: "POST /zones/{slug}/bulletin-templates/{module}/{key}", name: "form preview", path: p("/zones/zibo/bulletin-templates/tech_contract/yoy"),
			body: sentenceForm, want: allowOnly(200, writers...)},
		{route: "POST /zones/{slug}/bulletin/work", name: "own zone", path: p("/zones/zibo/bulletin/work"),
			body: func(access.Role) any {
				return "module=honour&from=2023-01&to=2023-11&text=" + url.QueryEscape("组织企业申报。")
			}, want: allowOnly(303, writers...)},
		{route: "POST /zones/{slug}/bulletin/work", name: "other zone", path: p("/zones/yulin/bulletin/work"),
			body: func(access.Role) any { return "module=honour&from=2023-01&to=2023-11&text=x" }, want: allowOnly(303).with(404, writers...)},
		{route: "GET /zones/{slug}/bulletin/download", name: "own zone", path: p("/zones/zibo/bulletin/download?format=docx&" + period), want: readers.webGet()},
		{route: "GET /zones/{slug}/bulletin/download", name: "other zone", path: p("/zones/yulin/bulletin/download?format=docx&" + period), want: otherRead.webGet()},
		{route: "GET /bulletins/page/download", path: p("/bulletins/page/download?format=docx&" + period), want: readers.webGet()},
		{route: "GET /bulletins/page", path: p("/bulletins/page?" + period), want: readers.webGet()},
		{route: "GET /bulletins/{id}", name: "own zone", path: p(fmt.Sprintf("/bulletins/%d", ziboSaved)), want: readers.webGet()},
		{route: "GET /bulletins/{id}", name: "other zone", path: p(fmt.Sprintf("/bulletins/%d", yulinSaved)), want: otherRead.webGet()},
	}
}
