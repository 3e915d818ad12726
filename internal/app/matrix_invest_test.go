package app_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/invest"
)

// investCases are the investment module's rows of the matrix.
//
// Who sees what: a zone's admin and staff run its pipeline, trips, visits
// and funds; signing needs the zone leadership's approval (the admin); the
// city, province and nation read (the city takes only the steps the
// settings give it to approve); a registrar reads its zone's; an enterprise
// user sees nothing of the pipeline (403).
func investCases(f *fixture) []routeCase {
	env := f.env
	ctx := context.Background()
	writers := []access.Role{access.ZoneAdmin, access.ZoneStaff}
	readers := all(200).with(403, access.Enterprise)
	otherZone := allowOnly(200, access.National).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff,
		access.Registrar, access.Enterprise)
	otherProject := otherZone.with(403, access.Enterprise)
	admin := access.Actor{UserID: env.IDs.Users["zibo-admin"], Username: "zibo-admin", Role: access.ZoneAdmin, ZoneID: env.IDs.Zones["zibo"]}
	d := civil.MustParse
	// project makes a Zibo project walked to stage at (approvals by the admin).
	project := func(at invest.Stage) int64 {
		p, err := env.App.Invest.CreateProject(ctx, admin, invest.Project{Name: fmt.Sprintf("矩阵测试项目%d", f.next()), Investor: "测试投资方",
			Origin: invest.OriginOutProvince, Industry: "food", Mode: invest.ModeIndustry, PlannedFen: 100_000_000}, d("2023-11-01"))
		if err != nil {
			env.T.Fatal(err)
		}
		for _, s := range invest.Stages()[1:] {
			if !at.Reached(s) {
				break
			}
			if _, _, err := env.App.Invest.Advance(ctx, admin, p.ID, s, d("2023-11-10"), "同意"); err != nil {
				env.T.Fatal(err)
			}
		}
		return p.ID
	}
	shared, signed := project(invest.StageLead), project(invest.StageSigned)
	var qiqihar int64
	if err := env.DB.Read().QueryRow(ctx, "SELECT MIN(id) FROM invest_projects WHERE zone_id = ?", env.IDs.Zones["qiqihar"]).Scan(&qiqihar); err != nil {
		env.T.Fatal(err)
	}
	at := func(stage invest.Stage, suffix string) func(access.Role) string {
		return func(access.Role) string {
			return fmt.Sprintf("/api/v1/investment-projects/%d%s", project(stage), suffix)
		}
	}
	newProject := func(access.Role) any {
		return map[string]any{"name": fmt.Sprintf("矩阵新项目%d", f.next()), "investor": "测试投资方", "origin": "local", "industry": "ict",
			"mode": "industry", "planned_fen": 50_000_000, "on": "2023-12-01"}
	}
	patch := func(access.Role) any {
		var v int
		if err := env.DB.Read().QueryRow(ctx, "SELECT version FROM invest_projects WHERE id = ?", shared).Scan(&v); err != nil {
			env.T.Fatal(err)
		}
		return map[string]any{"version": v, "owner": fmt.Sprintf("负责人%d", f.next())}
	}
	registration := func(access.Role) any {
		return map[string]any{"uscc": demo.USCCFor("370300", 80000+int(f.next())), "name": fmt.Sprintf("矩阵新公司%d（示例）", f.next()),
			"nature": "150", "industry": "C", "on": "2023-12-01", "registered_fen": 3_000_000_000, "paid_in_fen": 1_000_000_000}
	}
	trip := func(access.Role) any {
		return map[string]any{"start_on": "2023-12-04", "end_on": "2023-12-06", "province": "北京", "leader": "主任", "people": 3,
			"project_ids": []int64{shared}}
	}
	visit := func(access.Role) any {
		return map[string]any{"firm": "测试来访企业", "start_on": "2023-12-05", "project_ids": []int64{shared}}
	}
	fund := func(access.Role) any {
		return map[string]any{"name": fmt.Sprintf("测试基金%d", f.next()), "manager": "测试管理人", "kind": "venture", "target_fen": 5_000_000_000,
			"set_up_on": "2023-12-01", "project_ids": []int64{signed}}
	}
	form := func(v url.Values) func(access.Role) any { return func(access.Role) any { return v.Encode() } }
	upload := func(access.Role) any {
		return apptest.Upload{Name: "外出招商.csv", Data: []byte("开始日期,目的地省份,带队领导,人数\r\n"), Fields: map[string]string{"kind": "trips"}}
	}
	// A Zibo trip to read and correct, and one of Qiqihar's.
	zTrip, err := env.App.Invest.CreateTrip(ctx, admin, invest.Trip{StartOn: d("2023-11-20"), EndOn: d("2023-11-22"), Province: "江苏",
		Leader: "主任", People: 2, ProjectIDs: []int64{shared}})
	if err != nil {
		env.T.Fatal(err)
	}
	var qTrip int64
	if err := env.DB.Read().QueryRow(ctx, "SELECT MIN(id) FROM invest_trips WHERE zone_id = ?", env.IDs.Zones["qiqihar"]).Scan(&qTrip); err != nil {
		env.T.Fatal(err)
	}
	tripForm := func(access.Role) any {
		cur, err := env.App.Invest.Trip(ctx, admin, zTrip.ID)
		if err != nil {
			env.T.Fatal(err)
		}
		return url.Values{"stamp": {invest.TripStamp(cur)}, "start_on": {"2023-11-20"}, "end_on": {"2023-11-23"}, "province": {"江苏"},
			"city": {"苏州"}, "leader": {"主任"}, "people": {fmt.Sprint(f.next()%9 + 1)}, "project_ids": {fmt.Sprint(shared)}}.Encode()
	}
	pages := readers.webGet()
	otherPages := otherZone.with(403, access.Enterprise).webGet()
	return []routeCase{
		// Pages.
		{route: "GET /investment", path: p("/investment"), want: all(303).with(403, access.Enterprise).with(200, access.National, access.Province, access.City).webGet()},
		{route: "GET /zones/{slug}/investment", name: "own zone", path: p("/zones/zibo/investment"), want: pages},
		{route: "GET /zones/{slug}/investment", name: "other zone", path: p("/zones/qiqihar/investment"), want: otherPages},
		{route: "GET /zones/{slug}/investment/board", name: "own zone", path: p("/zones/zibo/investment/board"), want: pages},
		{route: "GET /zones/{slug}/investment/board", name: "other zone", path: p("/zones/qiqihar/investment/board"), want: otherPages},
		{route: "GET /zones/{slug}/investment/projects", name: "own zone", path: p("/zones/zibo/investment/projects?stage=lead"), want: pages},
		{route: "GET /zones/{slug}/investment/projects", name: "other zone", path: p("/zones/qiqihar/investment/projects"), want: otherPages},
		{route: "POST /zones/{slug}/investment/projects", name: "own zone", path: p("/zones/zibo/investment/projects"),
			body: form(url.Values{"name": {"页面新项目"}, "investor": {"某投资方"}, "origin": {"local"}, "industry": {"ict"}, "mode": {"industry"},
				"planned_wan": {"1000"}, "on": {"2023-12-01"}}), want: allowOnly(303, writers...)},
		{route: "GET /investment/projects/{id}", name: "own zone", path: p(fmt.Sprintf("/investment/projects/%d", shared)), want: pages},
		{route: "GET /investment/projects/{id}", name: "other zone", path: p(fmt.Sprintf("/investment/projects/%d", qiqihar)), want: otherProject.webGet()},
		{route: "POST /investment/projects/{id}", path: p(fmt.Sprintf("/investment/projects/%d", shared)),
			body: form(url.Values{"action": {"followup"}, "fu_on": {"2023-12-02"}, "fu_notes": {"上门走访"}, "next_on": {"2023-12-30"}}),
			want: allowOnly(303, writers...)},
		{route: "GET /zones/{slug}/investment/activities", name: "own zone", path: p("/zones/zibo/investment/activities"), want: pages},
		{route: "GET /zones/{slug}/investment/activities", name: "other zone", path: p("/zones/qiqihar/investment/activities"), want: otherPages},
		{route: "POST /zones/{slug}/investment/activities", name: "own zone", path: p("/zones/zibo/investment/activities"),
			body: form(url.Values{"action": {"trip"}, "start_on": {"2023-12-04"}, "province": {"上海"}, "leader": {"主任"}, "people": {"2"}}),
			want: allowOnly(303, writers...)},
		{route: "GET /investment/trips/{id}", name: "own zone", path: p(fmt.Sprintf("/investment/trips/%d", zTrip.ID)), want: pages},
		{route: "GET /investment/trips/{id}", name: "other zone", path: p(fmt.Sprintf("/investment/trips/%d", qTrip)), want: otherProject.webGet()},
		{route: "POST /investment/trips/{id}", name: "own zone", path: p(fmt.Sprintf("/investment/trips/%d", zTrip.ID)), body: tripForm,
			want: allowOnly(303, writers...)},
		{route: "POST /investment/trips/{id}", name: "other zone", path: p(fmt.Sprintf("/investment/trips/%d", qTrip)), body: tripForm,
			want: allowOnly(404, writers...)},
		{route: "GET /zones/{slug}/investment/funds", name: "own zone", path: p("/zones/zibo/investment/funds"), want: pages},
		{route: "GET /zones/{slug}/investment/funds", name: "other zone", path: p("/zones/qiqihar/investment/funds"), want: otherPages},
		{route: "POST /zones/{slug}/investment/funds", name: "own zone", path: p("/zones/zibo/investment/funds"),
			body: func(access.Role) any {
				return url.Values{"name": {fmt.Sprintf("页面基金%d", f.next())}, "manager": {"管理人"}, "kind": {"venture"}, "target_wan": {"5000"},
					"set_up_on": {"2023-12-01"}}.Encode()
			}, want: allowOnly(303, writers...)},

		// API.
		{route: "GET /api/v1/investment-projects", name: "own zone", path: p("/api/v1/investment-projects?zone=zibo"), want: readers},
		{route: "GET /api/v1/investment-projects", name: "other zone", path: p("/api/v1/investment-projects?zone=qiqihar"), want: otherZone},
		{route: "POST /api/v1/investment-projects", path: p("/api/v1/investment-projects"), body: newProject, want: allowOnly(201, writers...)},
		{route: "GET /api/v1/investment-projects/{id}", name: "own zone", path: p(fmt.Sprintf("/api/v1/investment-projects/%d", shared)), want: readers},
		{route: "GET /api/v1/investment-projects/{id}", name: "other zone", path: p(fmt.Sprintf("/api/v1/investment-projects/%d", qiqihar)), want: otherProject},
		{route: "PATCH /api/v1/investment-projects/{id}", path: p(fmt.Sprintf("/api/v1/investment-projects/%d", shared)), body: patch,
			want: allowOnly(200, writers...)},
		{route: "POST /api/v1/investment-projects/{id}/advance", name: "a step without approval", path: at(invest.StageLead, "/advance"),
			body: func(access.Role) any { return map[string]any{"to": "talks", "on": "2023-12-01"} },
			// The city takes only the steps it approves.
			want: allowOnly(200, writers...)},
		{route: "POST /api/v1/investment-projects/{id}/advance", name: "signing, approved by the zone's leadership", path: at(invest.StageIntent, "/advance"),
			body: func(access.Role) any {
				return map[string]any{"to": "signed", "on": "2023-12-01", "note": "同意签约"}
			},
			want: allowOnly(200, access.ZoneAdmin)},
		{route: "POST /api/v1/investment-projects/{id}/advance", name: "other zone", path: p(fmt.Sprintf("/api/v1/investment-projects/%d/advance", qiqihar)),
			body: func(access.Role) any {
				return map[string]any{"to": "terminated", "on": "2023-12-01", "note": "矩阵测试"}
			},
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff, access.City)},
		{route: "POST /api/v1/investment-projects/{id}/registration", path: at(invest.StageSigned, "/registration"), body: registration,
			want: allowOnly(200, writers...)},
		{route: "POST /api/v1/investment-projects/{id}/arrivals", path: p(fmt.Sprintf("/api/v1/investment-projects/%d/arrivals", signed)),
			body: func(access.Role) any {
				return map[string]any{"on": "2023-12-01", "amount_fen": 1_000_000, "note": "分期到位"}
			},
			want: allowOnly(201, writers...)},
		{route: "POST /api/v1/investment-projects/{id}/follow-ups", path: p(fmt.Sprintf("/api/v1/investment-projects/%d/follow-ups", shared)),
			body: func(access.Role) any {
				return map[string]any{"on": "2023-12-01", "notes": "电话沟通", "next_on": "2023-12-20"}
			},
			want: allowOnly(201, writers...)},
		{route: "GET /api/v1/zones/{slug}/trips", name: "own zone", path: p("/api/v1/zones/zibo/trips"), want: readers},
		{route: "GET /api/v1/zones/{slug}/trips", name: "other zone", path: p("/api/v1/zones/qiqihar/trips"), want: otherZone},
		{route: "POST /api/v1/zones/{slug}/trips", name: "own zone", path: p("/api/v1/zones/zibo/trips"), body: trip, want: allowOnly(201, writers...)},
		{route: "POST /api/v1/zones/{slug}/trips", name: "other zone", path: p("/api/v1/zones/qiqihar/trips"), body: trip,
			// The zone is looked up first: hidden from all but the nation, who may not write.
			want: allowOnly(201).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise)},
		{route: "GET /api/v1/zones/{slug}/visits", name: "own zone", path: p("/api/v1/zones/zibo/visits"), want: readers},
		{route: "GET /api/v1/zones/{slug}/visits", name: "other zone", path: p("/api/v1/zones/qiqihar/visits"), want: otherZone},
		{route: "POST /api/v1/zones/{slug}/visits", name: "own zone", path: p("/api/v1/zones/zibo/visits"), body: visit, want: allowOnly(201, writers...)},
		{route: "POST /api/v1/zones/{slug}/visits", name: "other zone", path: p("/api/v1/zones/qiqihar/visits"), body: visit,
			want: allowOnly(201).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise)},
		{route: "GET /api/v1/funds", name: "own zone", path: p("/api/v1/funds?zone=zibo"), want: readers},
		{route: "GET /api/v1/funds", name: "other zone", path: p("/api/v1/funds?zone=qiqihar"), want: otherZone},
		{route: "POST /api/v1/funds", path: p("/api/v1/funds"), body: fund, want: allowOnly(201, writers...)},

		// Imports: the zone's own writers; a header-only file is accepted
		// as a job (which then finds nothing to import).
		{route: "POST /api/v1/zones/{slug}/investment-imports", name: "own zone", path: p("/api/v1/zones/zibo/investment-imports"), body: upload,
			want: allowOnly(202, writers...)},
		{route: "POST /api/v1/zones/{slug}/investment-imports", name: "other zone", path: p("/api/v1/zones/qiqihar/investment-imports"), body: upload,
			want: allowOnly(202).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise)},
		{route: "GET /api/v1/investment-imports/template", path: p("/api/v1/investment-imports/template?kind=trips&format=csv"), want: allowOnly(200, writers...)},
		{route: "GET /zones/{slug}/investment/import", name: "own zone", path: p("/zones/zibo/investment/import"), want: allowOnly(200, writers...).webGet()},
		{route: "GET /zones/{slug}/investment/import", name: "other zone", path: p("/zones/qiqihar/investment/import"),
			// Only writers are asked which zone: another zone's are told it is none of theirs.
			want: allowOnly(200).with(404, access.ZoneAdmin, access.ZoneStaff).webGet()},
		{route: "POST /zones/{slug}/investment/import", name: "own zone", path: p("/zones/zibo/investment/import"), body: upload,
			want: allowOnly(303, writers...)},
		{route: "GET /investment/import/template", path: p("/investment/import/template?kind=visits&format=xlsx"), want: allowOnly(200, writers...).webGet()},
	}
}
