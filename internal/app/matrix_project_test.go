package app_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/project"
)

// projectCases are the construction projects module's rows of the matrix.
//
// Who sees what: every role reads the projects of its scope; a zone's admin
// and staff run its projects; the builder's enterprise user sees its own
// projects only and reports their investment and photos; the city,
// province and nation read. Two Zibo projects are made for the callers:
// one built by the enterprise user's own enterprise, one by another.
func projectCases(f *fixture) []routeCase {
	env := f.env
	ctx := context.Background()
	writers := []access.Role{access.ZoneAdmin, access.ZoneStaff}
	reporters := []access.Role{access.ZoneAdmin, access.ZoneStaff, access.Enterprise}
	otherZone := allowOnly(200, access.National).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff,
		access.Registrar, access.Enterprise)
	admin := access.Actor{UserID: env.IDs.Users["zibo-admin"], Username: "zibo-admin", Role: access.ZoneAdmin, ZoneID: env.IDs.Zones["zibo"]}
	svc := env.App.Projects
	d := civil.MustParse
	mk := func(name, builder string, finished civil.Date) int64 {
		p, err := svc.Create(ctx, admin, project.Project{Name: name, BuilderUSCC: env.IDs.USCC[builder], Category: project.CategoryIndustry,
			Level: project.LevelDistrict, TotalFen: 1_000_000_000, Plan: project.Plan{StartOn: d("2023-01-01"), FinishOn: d("2024-06-30")},
			StartedOn: d("2023-01-05"), FinishedOn: finished})
		if err != nil {
			env.T.Fatal(err)
		}
		return p.ID
	}
	own := mk("矩阵测试项目（自建）", "山东亚华电子股份有限公司", d("2023-11-30"))
	other := mk("矩阵测试项目（他建）", "山东瑞邦智能装备股份有限公司", civil.Date{})
	var foshan int64
	if err := env.DB.Read().QueryRow(ctx, "SELECT id FROM projects WHERE name = ?", demo.LighthouseProject).Scan(&foshan); err != nil {
		env.T.Fatal(err)
	}
	m, err := svc.AddMilestone(ctx, admin, own, project.Milestone{Name: "节点", DueOn: d("2023-06-30")})
	if err != nil {
		env.T.Fatal(err)
	}
	pr, err := svc.AddProblem(ctx, admin, own, project.Problem{Issue: "问题", RaisedOn: d("2023-03-01"), Owner: "甲", DueOn: d("2023-04-01")})
	if err != nil {
		env.T.Fatal(err)
	}
	in, err := svc.AddInspection(ctx, admin, own, project.Inspection{Kind: project.InspectQuality, On: d("2023-05-01"), Inspector: "乙",
		Findings: []project.Finding{{Text: "发现", DueOn: d("2023-05-10")}}})
	if err != nil {
		env.T.Fatal(err)
	}
	jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 'x'}
	fl, err := svc.Attach(ctx, admin, own, "现场.jpg", jpeg)
	if err != nil {
		env.T.Fatal(err)
	}

	path := func(id int64, suffix string) func(access.Role) string {
		return p(fmt.Sprintf("/api/v1/projects/%d%s", id, suffix))
	}
	version := func(url string) int {
		var v struct{ Version int }
		env.Do(f.tokens[access.National], "GET", url, nil).JSON(env.T, &v)
		return v.Version
	}
	// Each reporting role reports a month of its own.
	months := map[access.Role]string{access.ZoneAdmin: "2023-02", access.ZoneStaff: "2023-03", access.Enterprise: "2023-04"}
	reportPath := func(id int64) func(access.Role) string {
		return func(r access.Role) string {
			m, ok := months[r]
			if !ok {
				m = "2023-05"
			}
			return fmt.Sprintf("/api/v1/projects/%d/progress/%s", id, m)
		}
	}
	newProject := func(access.Role) any {
		return map[string]any{"name": fmt.Sprintf("矩阵新项目%d", f.next()), "builder_uscc": env.IDs.USCC["山东亚华电子股份有限公司"],
			"category": "municipal", "level": "city", "total_fen": 500_000_000, "planned_start": "2024-01-01", "planned_finish": "2025-01-01"}
	}
	patchProject := func(access.Role) any {
		return map[string]any{"version": version(fmt.Sprintf("/api/v1/projects/%d", own)), "responsible": fmt.Sprintf("负责人%d", f.next())}
	}
	// A file for each caller to delete.
	fileToDelete := func(access.Role) string {
		x, err := svc.Attach(ctx, admin, own, "待删.pdf", []byte("%PDF-1.4"))
		if err != nil {
			env.T.Fatal(err)
		}
		return fmt.Sprintf("/api/v1/projects/%d/files/%d", own, x.ID)
	}
	body := func(v map[string]any) func(access.Role) any { return func(access.Role) any { return v } }
	// An upload for the imports' rows: accepted as a job whatever it holds.
	csvUpload := func(access.Role) any {
		return apptest.Upload{Name: "进度.csv", Data: []byte("项目名称,填报月份,本月完成投资（万元）\r\n矩阵测试项目（自建）,2023-10,1\r\n")}
	}
	webPath := func(id int64, suffix string) func(access.Role) string {
		return p(fmt.Sprintf("/projects/%d%s", id, suffix))
	}
	form := func(v func() url.Values) func(access.Role) any { return func(access.Role) any { return v().Encode() } }
	webMonths := map[access.Role]string{access.ZoneAdmin: "2023-06", access.ZoneStaff: "2023-07", access.Enterprise: "2023-08"}
	return []routeCase{
		// Pages.
		{route: "GET /projects", path: p("/projects"), want: all(200).webGet()},
		{route: "GET /projects/new", path: p("/projects/new"), want: allowOnly(200, writers...).webGet()},
		{route: "POST /projects/new", path: p("/projects/new"), body: form(func() url.Values {
			return url.Values{"name": {fmt.Sprintf("页面新项目%d", f.next())}, "builder": {env.IDs.USCC["山东亚华电子股份有限公司"]}, "category": {"municipal"},
				"level": {"city"}, "cadence": {"month"}, "total": {"5000"}, "planned_start": {"2024-01-01"}, "planned_finish": {"2025-01-01"}}
		}), want: allowOnly(303, writers...)},
		{route: "GET /projects/{id}", name: "own", path: webPath(own, ""), want: all(200).webGet()},
		{route: "GET /projects/{id}", name: "another builder's", path: webPath(other, ""), want: all(200).with(404, access.Enterprise).webGet()},
		{route: "GET /projects/{id}", name: "other zone", path: webPath(foshan, ""), want: otherZone.webGet()},
		{route: "POST /projects/{id}", path: webPath(own, ""), body: form(func() url.Values {
			return url.Values{"action": {"milestone"}, "m_name": {fmt.Sprintf("页面节点%d", f.next())}, "m_due": {"2023-10-31"}}
		}), want: allowOnly(303, writers...)},
		{route: "GET /projects/{id}/progress", path: webPath(own, "/progress"), want: allowOnly(200, reporters...).webGet()},
		{route: "POST /projects/{id}/progress", path: webPath(own, "/progress"), body: func(r access.Role) any {
			m, ok := webMonths[r]
			if !ok {
				m = "2023-09"
			}
			return url.Values{"period": {m}, "planned": {"10"}, "completed": {"12.5"}}.Encode()
		}, want: allowOnly(303, reporters...)},
		{route: "POST /projects/{id}/files", path: webPath(own, "/files"),
			body: func(access.Role) any { return apptest.Upload{Name: "现场.jpg", Data: jpeg} }, want: allowOnly(303, reporters...)},
		{route: "GET /projects/{id}/files/{fid}", path: webPath(own, fmt.Sprintf("/files/%d", fl.ID)), want: all(200).webGet()},
		{route: "GET /projects/import", path: p("/projects/import"), want: allowOnly(200, reporters...).webGet()},
		{route: "POST /projects/import", name: "project list", path: p("/projects/import?kind=project_import"), body: csvUpload, want: allowOnly(303, writers...)},
		{route: "POST /projects/import", name: "reports", path: p("/projects/import?kind=project_report_import"), body: csvUpload, want: allowOnly(303, reporters...)},
		{route: "GET /projects/import/template", path: p("/projects/import/template?kind=project_report_import&format=csv"),
			want: allowOnly(200, reporters...).webGet()},
		{route: "GET /zones/{slug}/projects", name: "own zone", path: p("/zones/zibo/projects?from=2023-01&to=2023-11"),
			want: all(200).with(403, access.Enterprise).webGet()},
		{route: "GET /zones/{slug}/projects", name: "other zone", path: p("/zones/foshan/projects"), want: otherZone.webGet()},

		// API.
		{route: "GET /api/v1/projects", name: "own zone", path: p("/api/v1/projects?zone=zibo"), want: all(200)},
		{route: "GET /api/v1/projects", name: "other zone", path: p("/api/v1/projects?zone=foshan"), want: otherZone},
		{route: "POST /api/v1/projects", path: p("/api/v1/projects"), body: newProject, want: allowOnly(201, writers...)},
		{route: "GET /api/v1/projects/{id}", name: "own", path: path(own, ""), want: all(200)},
		{route: "GET /api/v1/projects/{id}", name: "another builder's", path: path(other, ""), want: all(200).with(404, access.Enterprise)},
		{route: "GET /api/v1/projects/{id}", name: "other zone", path: path(foshan, ""), want: otherZone},
		{route: "PATCH /api/v1/projects/{id}", path: path(own, ""), body: patchProject, want: allowOnly(200, writers...)},
		{route: "GET /api/v1/projects/{id}/progress", name: "own", path: path(own, "/progress"), want: all(200)},
		{route: "GET /api/v1/projects/{id}/progress", name: "another builder's", path: path(other, "/progress"), want: all(200).with(404, access.Enterprise)},
		{route: "PUT /api/v1/projects/{id}/progress/{period}", name: "own", path: reportPath(own),
			body: body(map[string]any{"planned_fen": 100, "completed_fen": 100}), want: allowOnly(200, reporters...)},
		{route: "PUT /api/v1/projects/{id}/progress/{period}", name: "another builder's", path: reportPath(other),
			body: body(map[string]any{"completed_fen": 100}), want: allowOnly(200, writers...).with(404, access.Enterprise)},
		{route: "PUT /api/v1/projects/{id}/progress/{period}", name: "other zone", path: reportPath(foshan),
			body: body(map[string]any{"completed_fen": 100}), want: allowOnly(200).with(404, reporters...)},
		{route: "GET /api/v1/projects/{id}/milestones", path: path(own, "/milestones"), want: all(200)},
		{route: "POST /api/v1/projects/{id}/milestones", path: path(own, "/milestones"),
			body: body(map[string]any{"name": "新节点", "due_on": "2023-12-31"}), want: allowOnly(201, writers...)},
		{route: "PATCH /api/v1/projects/{id}/milestones/{mid}", path: path(own, fmt.Sprintf("/milestones/%d", m.ID)),
			body: func(access.Role) any {
				var list struct{ Items []struct{ ID, Version int64 } }
				env.Do(f.tokens[access.National], "GET", fmt.Sprintf("/api/v1/projects/%d/milestones", own), nil).JSON(env.T, &list)
				for _, x := range list.Items {
					if x.ID == m.ID {
						return map[string]any{"version": x.Version, "unit": fmt.Sprintf("单位%d", f.next())}
					}
				}
				return nil
			}, want: allowOnly(200, writers...)},
		{route: "GET /api/v1/projects/{id}/problems", path: path(own, "/problems"), want: all(200)},
		{route: "POST /api/v1/projects/{id}/problems", path: path(own, "/problems"),
			body: body(map[string]any{"issue": "新问题", "raised_on": "2023-12-01", "owner": "甲", "due_on": "2023-12-31"}), want: allowOnly(201, writers...)},
		{route: "PATCH /api/v1/projects/{id}/problems/{pid}", path: path(own, fmt.Sprintf("/problems/%d", pr.ID)),
			body: func(access.Role) any {
				var list struct{ Items []struct{ ID, Version int64 } }
				env.Do(f.tokens[access.National], "GET", fmt.Sprintf("/api/v1/projects/%d/problems", own), nil).JSON(env.T, &list)
				for _, x := range list.Items {
					if x.ID == pr.ID {
						return map[string]any{"version": x.Version, "owner": fmt.Sprintf("责任人%d", f.next())}
					}
				}
				return nil
			}, want: allowOnly(200, writers...)},
		{route: "GET /api/v1/projects/{id}/inspections", path: path(own, "/inspections"), want: all(200)},
		{route: "POST /api/v1/projects/{id}/inspections", path: path(own, "/inspections"),
			body: body(map[string]any{"kind": "safety", "on": "2023-12-01", "inspector": "丙"}), want: allowOnly(201, writers...)},
		{route: "PATCH /api/v1/projects/{id}/inspections/{iid}/findings/{row}", path: path(own, fmt.Sprintf("/inspections/%d/findings/1", in.ID)),
			body: body(map[string]any{"closed_on": "2023-05-09", "closure": "已整改"}), want: allowOnly(200, writers...)},
		{route: "GET /api/v1/projects/{id}/awards", path: path(own, "/awards"), want: all(200)},
		{route: "POST /api/v1/projects/{id}/awards", path: path(own, "/awards"),
			body: body(map[string]any{"name": "优良工程", "level": "city", "issuer": "市住建局", "year": 2023}), want: allowOnly(201, writers...)},
		{route: "GET /api/v1/projects/{id}/files", path: path(own, "/files"), want: all(200)},
		{route: "POST /api/v1/projects/{id}/files", path: path(own, "/files"),
			body: func(access.Role) any { return apptest.Upload{Name: "照片.jpg", Data: jpeg} }, want: allowOnly(201, reporters...)},
		{route: "GET /api/v1/projects/{id}/files/{fid}", path: path(own, fmt.Sprintf("/files/%d", fl.ID)), want: all(200)},
		{route: "GET /api/v1/projects/{id}/files/{fid}", name: "another builder's", path: path(other, fmt.Sprintf("/files/%d", fl.ID)),
			want: all(404)}, // the file is not that project's
		{route: "DELETE /api/v1/projects/{id}/files/{fid}", path: fileToDelete, want: allowOnly(204, writers...)},
		{route: "POST /api/v1/projects/import", path: p("/api/v1/projects/import"), body: csvUpload, want: allowOnly(202, writers...)},
		{route: "POST /api/v1/projects/progress/import", path: p("/api/v1/projects/progress/import"), body: csvUpload, want: allowOnly(202, reporters...)},
		{route: "GET /api/v1/projects/import/template", path: p("/api/v1/projects/import/template?format=csv"), want: allowOnly(200, writers...)},
		{route: "GET /api/v1/projects/progress/import/template", path: p("/api/v1/projects/progress/import/template?format=xlsx"),
			want: allowOnly(200, reporters...)},
		{route: "GET /api/v1/zones/{slug}/projects/dashboard", name: "own zone", path: p("/api/v1/zones/zibo/projects/dashboard?from=2023-01&to=2023-11"),
			want: all(200).with(403, access.Enterprise)},
		{route: "GET /api/v1/zones/{slug}/projects/dashboard", name: "other zone", path: p("/api/v1/zones/foshan/projects/dashboard"), want: otherZone},
	}
}
