package demo

import (
	"context"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/store"
)

// LighthouseProject is the name of the page's Foshan project.
const LighthouseProject = "创新灯塔社区市政配套工程（北区）"

// projectSeed is one project of the demo with its history.
type projectSeed struct {
	card project.Project
	// Reports run monthly from first to last (YYYY-MM) and add up to
	// share‰ of the total.
	first, last string
	share       int64 // ‰ of the total reported by the last report
	progress    int   // 形象进度 of the last report, percent (0: none stated)
	milestones  []project.Milestone
	problems    []project.Problem
	inspections []project.Inspection
	awards      []project.Award
}

// projectSeeds: the page's 创新灯塔社区 project — builder, 2.6亿元, the two
// roads and the park, started 2021-01-06, planned to finish 2023-01-06,
// finished and opened 2022-09-27, the award, the three construction
// methods — with monthly reports that add up to its total and a few closed
// problems and inspections; then, illustrative, a factory project on plan
// and a road project behind plan (so the dashboard is not a single row),
// and one started after the page, reported up to late 2026.
func projectSeeds(ids *IDs) []projectSeed {
	d := civil.MustParse
	const ill = "（示例）"
	park := ids.Parks["佛山人才创新灯塔产业园"]
	return []projectSeed{{
		card: project.Project{Name: LighthouseProject, ParkID: park, BuilderID: ids.Enterprises["广东佛高控股公司"],
			Category: project.CategoryMunicipal, Level: project.LevelCity, Cadence: project.Monthly, TotalFen: 26_000_000_000,
			Plan:      project.Plan{StartOn: d("2021-01-06"), FinishOn: d("2023-01-06")},
			StartedOn: d("2021-01-06"), FinishedOn: d("2022-09-27"), OpenedOn: d("2022-09-27"), RecordedOn: d("2020-12-15"),
			Responsible: "项目负责人" + ill,
			Summary: "佛山高新区管委会推动建立整套项目管理体系，把精力集中到对质量、安全、进度等项目关键点的监督上；" +
				"项目成立创新灯塔社区项目临时党支部，以岗前培训、安全巡查、案例警示教育等形式树牢全员安全意识。",
			Items: []project.Item{
				{Name: "灯塔路", Kind: project.ItemRoad, Note: "市政路"},
				{Name: "火炬路", Kind: project.ItemRoad, Note: "市政路"},
				{Name: "人才公园", Kind: project.ItemPark},
			},
			Parties: []project.Party{{Role: project.RoleContractor, Name: "施工总承包单位" + ill}, {Role: project.RoleSupervisor, Name: "监理单位" + ill}},
			Methods: []project.Method{
				{Name: "沥青路面井盖刚性加固安装工法"},
				{Name: "道路集成式侧模技术工法"},
				{Name: "水稳基层摊铺采用3D摊铺技术"},
			}},
		first: "2021-01", last: "2022-09", share: 1000, progress: 100,
		milestones: []project.Milestone{
			{Name: "灯塔路路基完成" + ill, DueOn: d("2021-10-31"), Unit: "施工总承包单位" + ill, DoneOn: d("2021-10-20")},
			{Name: "火炬路沥青面层完成" + ill, DueOn: d("2022-08-31"), Unit: "施工总承包单位" + ill, DoneOn: d("2022-08-26")},
			{Name: "人才公园绿化完成" + ill, DueOn: d("2022-11-30"), Unit: "施工总承包单位" + ill, DoneOn: d("2022-09-20")},
			{Name: "完工通车", DueOn: d("2023-01-06"), Unit: "广东佛高控股公司", DoneOn: d("2022-09-27")},
		},
		problems: []project.Problem{
			{Issue: "灯塔路段管线迁改滞后" + ill, RaisedOn: d("2021-03-15"), Owner: "广东佛高控股公司", DueOn: d("2021-04-30"),
				Resolution: "协调管线产权单位完成迁改" + ill, ResolvedOn: d("2021-04-22")},
			{Issue: "雨季土方外运受限" + ill, RaisedOn: d("2021-06-08"), Owner: "施工总承包单位" + ill, DueOn: d("2021-07-15"),
				Resolution: "调整工序，先行施工排水管网" + ill, ResolvedOn: d("2021-07-10")},
		},
		inspections: []project.Inspection{
			{Kind: project.InspectSafety, On: d("2021-05-12"), Inspector: "佛山高新区管委会" + ill, Notes: "岗前培训、安全巡查",
				Findings: []project.Finding{{Text: "基坑临边防护不完整" + ill, DueOn: d("2021-05-15"), ClosedOn: d("2021-05-14"), Closure: "已补设防护栏杆" + ill}}},
			{Kind: project.InspectQuality, On: d("2022-03-08"), Inspector: "佛山高新区管委会" + ill,
				Findings: []project.Finding{{Text: "水稳基层局部压实度不足" + ill, DueOn: d("2022-03-20"), ClosedOn: d("2022-03-18"), Closure: "返工重压并复检合格" + ill}}},
			{Kind: project.InspectCivil, On: d("2022-06-15"), Inspector: "佛山高新区管委会" + ill},
		},
		awards: []project.Award{{Name: "2023年度广东省市政优良样板工程", Level: project.AwardProvince, Issuer: "广东省市政行业协会", Year: 2023}},
	}, {
		card: project.Project{Name: "佛山人才创新灯塔产业园二期标准厂房" + ill, ParkID: park, BuilderID: ids.Enterprises["佛山灯塔智能装备有限公司"],
			Category: project.CategoryIndustry, Level: project.LevelDistrict, Cadence: project.Monthly, TotalFen: 18_000_000_000,
			Plan:      project.Plan{StartOn: d("2022-03-01"), FinishOn: d("2024-06-30")},
			StartedOn: d("2022-03-01"), RecordedOn: d("2022-01-10"), Responsible: "项目负责人" + ill,
			Items: []project.Item{{Name: "标准厂房" + ill, Kind: project.ItemBuilding, AreaM2: 120_000}}},
		first: "2022-03", last: "2023-11", share: 800, progress: 80,
		milestones: []project.Milestone{
			{Name: "主体结构封顶" + ill, DueOn: d("2023-06-30"), Unit: "施工总承包单位" + ill, DoneOn: d("2023-06-18")},
			{Name: "竣工验收" + ill, DueOn: d("2024-06-30"), Unit: "佛山灯塔智能装备有限公司"},
		},
	}, {
		card: project.Project{Name: "创新灯塔社区市政配套工程（南区）" + ill, ParkID: park, BuilderID: ids.Enterprises["广东佛高控股公司"],
			Category: project.CategoryMunicipal, Level: project.LevelCity, Cadence: project.Monthly, TotalFen: 12_000_000_000,
			Plan:      project.Plan{StartOn: d("2022-06-01"), FinishOn: d("2023-10-31")},
			StartedOn: d("2022-07-20"), RecordedOn: d("2022-05-10"), Responsible: "项目负责人" + ill,
			Items: []project.Item{{Name: "南区道路" + ill, Kind: project.ItemRoad}, {Name: "南区管网" + ill, Kind: project.ItemPipeline}}},
		first: "2022-07", last: "2023-11", share: 550, progress: 55,
		milestones: []project.Milestone{
			{Name: "南区道路路基完成" + ill, DueOn: d("2023-05-31"), Unit: "施工总承包单位" + ill, DoneOn: d("2023-08-15")},
			{Name: "南区管网完成" + ill, DueOn: d("2023-09-30"), Unit: "施工总承包单位" + ill},
		},
		problems: []project.Problem{
			{Issue: "征地拆迁未完成，影响南段施工" + ill, RaisedOn: d("2023-03-01"), Owner: "佛山高新区管委会" + ill, DueOn: d("2023-09-30")},
		},
		inspections: []project.Inspection{
			{Kind: project.InspectProgress, On: d("2023-10-10"), Inspector: "佛山高新区管委会" + ill,
				Findings: []project.Finding{{Text: "南段进度滞后于计划" + ill, DueOn: d("2023-12-31")}}},
		},
	}, {
		card: project.Project{Name: "灯塔人才公寓配套工程" + ill, ParkID: park, BuilderID: ids.Enterprises["广东佛高控股公司"],
			Category: project.CategoryPublic, Level: project.LevelDistrict, Cadence: project.Monthly, TotalFen: 9_000_000_000,
			Plan:      project.Plan{StartOn: d("2024-03-01"), FinishOn: d("2027-06-30")},
			StartedOn: d("2024-03-05"), RecordedOn: d("2024-02-01"), Responsible: "项目负责人" + ill,
			Items: []project.Item{{Name: "人才公寓" + ill, Kind: project.ItemBuilding, AreaM2: 60_000}}},
		first: "2024-03", last: "2026-11", share: 780, progress: 80,
	}}
}

// Projects seeds Foshan's construction projects through the store's own
// writes (plans, lines, reports, ledgers, rollups and audit records).
func Projects(ctx context.Context, tx *store.Tx, ids *IDs) error {
	sys := access.System
	for _, s := range projectSeeds(ids) {
		p := s.card
		p.ZoneID = ids.Zones["foshan"]
		p.Plan.Version, p.Plan.SetOn, p.Plan.SetBy = 1, p.RecordedOn, "foshan-admin"
		if err := project.Validate(&p, civil.MustParse("2026-12-01")); err != nil {
			return fmt.Errorf("demo project %s: %w", p.Name, err)
		}
		id, err := tx.CreateProject(ctx, sys, p)
		if err != nil {
			return fmt.Errorf("demo project %s: %w", p.Name, err)
		}
		if err := seedReports(ctx, tx, id, s); err != nil {
			return err
		}
		for _, m := range s.milestones {
			m.ProjectID, m.Version = id, 1
			if _, err := tx.AddMilestone(ctx, sys, m); err != nil {
				return fmt.Errorf("demo milestone %s: %w", m.Name, err)
			}
		}
		for _, x := range s.problems {
			x.ProjectID, x.Version = id, 1
			if _, err := tx.AddProblem(ctx, sys, x); err != nil {
				return fmt.Errorf("demo problem %s: %w", x.Issue, err)
			}
		}
		for _, x := range s.inspections {
			x.ProjectID = id
			if err := project.CheckInspection(&x, x.On.AddDays(60)); err != nil {
				return fmt.Errorf("demo inspection %s: %w", x.On, err)
			}
			if _, err := tx.AddInspection(ctx, sys, x); err != nil {
				return fmt.Errorf("demo inspection %s: %w", x.On, err)
			}
		}
		for _, x := range s.awards {
			if _, err := tx.AddAward(ctx, sys, id, func(p project.Project) (project.Award, error) {
				x.ProjectID, x.ZoneID = p.ID, p.ZoneID
				return x, project.CheckAward(p, &x, civil.MustParse("2023-12-18"))
			}); err != nil {
				return fmt.Errorf("demo award %s: %w", x.Name, err)
			}
		}
	}
	return nil
}

// seedReports reports s's investment month by month, each on the 3rd of
// the next month (on time), a rising then falling curve whose reports add
// up to exactly share‰ of the total; planned amounts follow the plan's
// straight line.
func seedReports(ctx context.Context, tx *store.Tx, id int64, s projectSeed) error {
	first, err := indicator.ParseYM(s.first)
	if err != nil {
		return err
	}
	last, err := indicator.ParseYM(s.last)
	if err != nil {
		return err
	}
	n := int64(0)
	for m := first; m <= last; m = m.Add(1) {
		n++
	}
	goal := s.card.TotalFen * s.share / 1000
	// Weights 1, 2, … up to the middle and back down: a building site's pace.
	var weights []int64
	var sum int64
	for i := int64(0); i < n; i++ {
		w := min(i+1, n-i) + 2
		weights = append(weights, w)
		sum += w
	}
	planMonths := int64(0)
	for m := indicator.MonthOfDate(s.card.Plan.StartOn); m <= indicator.MonthOfDate(s.card.Plan.FinishOn); m = m.Add(1) {
		planMonths++
	}
	var done int64
	i := 0
	for m := first; m <= last; m = m.Add(1) {
		amount := goal * weights[i] / sum
		if m == last {
			amount = goal - done
		}
		done += amount
		r := project.Report{Period: project.Period{Year: m.Year(), Month: m.First().Month}, CompletedFen: amount,
			PlannedFen: s.card.TotalFen / planMonths, ReportedOn: m.Add(1).First().AddDays(2), Reporter: "foshan-ent"}
		if m == last && s.progress > 0 {
			r.ProgressPct = s.progress
		}
		i++
		_, err := tx.PutReport(ctx, access.System, id, func(p project.Project, stored []project.Report) (project.Report, *project.Report, error) {
			r.ProjectID, r.ZoneID = p.ID, p.ZoneID
			prev, err := project.CheckReport(p, stored, &r, r.ReportedOn)
			r.Version = 1
			return r, prev, err
		})
		if err != nil {
			return fmt.Errorf("demo report %s of %s: %w", m, s.card.Name, err)
		}
	}
	return nil
}

// livingProject is how one of the page's unfinished projects goes on after
// its last seeded report: monthly reports of the rest of its total, evenly,
// through the month it finishes (on finishOn).
type livingProject struct {
	name     string
	finishOn civil.Date
}

// livingProjects: the factory finishes two months behind its plan, the
// southern roads, held up by land clearance, a year and a half behind.
func livingProjects() []livingProject {
	return []livingProject{
		{name: "佛山人才创新灯塔产业园二期标准厂房" + IllustrativeMark, finishOn: civil.MustParse("2024-08-28")},
		{name: "创新灯塔社区市政配套工程（南区）" + IllustrativeMark, finishOn: civil.MustParse("2025-05-26")},
	}
}

// LivingProjects goes on with the Foshan projects the page's seed leaves
// unfinished in November 2023: a report a month from December 2023, each
// on the 3rd of the next month and only if that day is not after today,
// noted （示例）, adding up to the project's total by its finishing month;
// the project is marked finished once that month's report is in. Loaded on
// or before 2024-01-02 (the tests' fixed clock) it adds nothing, so 2023's
// project facts stay exact.
func LivingProjects(ctx context.Context, tx *store.Tx, ids *IDs) error {
	for _, lp := range livingProjects() {
		var id int64
		if err := tx.QueryRow(ctx, "SELECT id FROM projects WHERE zone_id = ? AND name = ?", ids.Zones["foshan"], lp.name).Scan(&id); err != nil {
			return fmt.Errorf("demo living project %s: %w", lp.name, err)
		}
		if err := livingReports(ctx, tx, id, lp, ids.Today); err != nil {
			return fmt.Errorf("demo living project %s: %w", lp.name, err)
		}
	}
	return nil
}

// livingReports adds lp's reports after its last stored one, then finishes
// it when the finishing month's report is in.
func livingReports(ctx context.Context, tx *store.Tx, id int64, lp livingProject, today civil.Date) error {
	var total, done, lastYM int64
	if err := tx.QueryRow(ctx, `SELECT p.total_fen, COALESCE(SUM(r.completed_fen), 0), COALESCE(MAX(r.ym), 0)
		FROM projects p LEFT JOIN project_reports r ON r.project_id = p.id WHERE p.id = ? GROUP BY p.id, p.total_fen`, id).
		Scan(&total, &done, &lastYM); err != nil {
		return fmt.Errorf("reports so far: %w", err)
	}
	last := indicator.YM(lastYM)
	end := indicator.MonthOfDate(lp.finishOn)
	left := int64(0)
	for m := last.Add(1); m <= end; m = m.Add(1) {
		left++
	}
	finished := false
	for m, i := last.Add(1), int64(0); m <= end; m, i = m.Add(1), i+1 {
		reportedOn := m.Add(1).First().AddDays(2)
		if reportedOn.After(today) {
			break
		}
		amount := (total - done) / (left - i)
		r := project.Report{Period: project.Period{Year: m.Year(), Month: m.First().Month}, CompletedFen: amount,
			ReportedOn: reportedOn, Reporter: "foshan-ent", Note: IllustrativeMark}
		if m == end {
			r.ProgressPct = 100
			finished = true
		}
		if _, err := tx.PutReport(ctx, access.System, id, func(p project.Project, stored []project.Report) (project.Report, *project.Report, error) {
			r.ProjectID, r.ZoneID = p.ID, p.ZoneID
			if m <= indicator.MonthOfDate(p.Plan.FinishOn) {
				planMonths := int64(0)
				for pm := indicator.MonthOfDate(p.Plan.StartOn); pm <= indicator.MonthOfDate(p.Plan.FinishOn); pm = pm.Add(1) {
					planMonths++
				}
				r.PlannedFen = p.TotalFen / planMonths
			}
			prev, err := project.CheckReport(p, stored, &r, r.ReportedOn)
			r.Version = 1
			return r, prev, err
		}); err != nil {
			return fmt.Errorf("report %s: %w", m, err)
		}
		done += amount
	}
	if !finished {
		return nil
	}
	_, err := tx.UpdateProject(ctx, access.System, id, func(p project.Project, _ []project.Report) (project.Project, error) {
		p.FinishedOn = lp.finishOn
		return p, project.Validate(&p, today)
	})
	return err
}
