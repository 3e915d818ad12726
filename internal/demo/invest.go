package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/store"
)

// The page's Qiqihar item and what it names: 4 outbound trips to Beijing,
// Shanghai and Shandong, 4 inspection visits, 5 projects signed and 2 in
// intent in 2023; 国豆优福 registered with 7000万元, 信果创投 with 3000万元
// (1000万元 paid in); the guiding fund with 山东舜恒私募基金管理有限公司 at
// 20亿元; the strategic agreement with 中南药包. Everything the page does not
// state (dates, planned amounts, the fifth signed project, the two in intent,
// earlier and later years) is illustrative and marked （示例）.

// ill marks what the page does not state: illustrative demo records.
const ill = "（示例）"

// wan is 1万元 in fen.
const wan = 10_000 * 100

// investProjectSeed is one project of the demo pipeline: its steps as
// "stage@date" (an approval where the settings ask for one), its company
// and capital once registered, and funds arrived.
type investProjectSeed struct {
	zone, name, investor, investorEnt string // investorEnt: the investor as a demo enterprise (for its credit code)
	origin                            invest.Origin
	listing, honours, industry        string
	mode                              invest.Mode
	plannedWan                        int64
	park, owner                       string
	agreement                         invest.Agreement
	facts                             string
	startDue                          string
	steps                             []string
	reason                            string // of 终止
	company                           string // the registered company, a demo enterprise
	registeredOn                      string
	regWan, paidWan                   int64
	arrivals                          []arrivalSeed
	followUp                          *invest.FollowUp
}

type arrivalSeed struct {
	on   string
	wan  int64
	note string
}

func investProjects() []investProjectSeed {
	const q = "qiqihar"
	return []investProjectSeed{
		// 2022, for the year before (illustrative).
		{zone: q, name: "寒地黑土大米精深加工项目" + ill, investor: "五常示例米业有限公司" + ill, origin: invest.OriginInProvince, industry: "food",
			mode: invest.ModeIndustry, plannedWan: 32000, park: "食品加工产业园", owner: "招商一局 刘科长", agreement: invest.AgreementInvestment,
			startDue: "2022-10-01", steps: []string{"lead@2022-01-10", "talks@2022-02-15", "inspection@2022-03-20", "intent@2022-04-18", "signed@2022-05-26",
				"registered@2022-07-10", "started@2022-09-16", "production@2023-08-30"},
			company: "齐齐哈尔示例米业有限公司" + ill, registeredOn: "2022-07-10", regWan: 5000, paidWan: 5000,
			arrivals: []arrivalSeed{{"2022-10-20", 12000, ""}, {"2023-06-30", 16000, ""}}},
		{zone: q, name: "智能农机装备制造项目" + ill, investor: "江苏示例农机股份有限公司" + ill, origin: invest.OriginOutProvince, industry: "equipment",
			mode: invest.ModeIndustry, plannedWan: 120000, owner: "招商二局 赵科长", agreement: invest.AgreementInvestment, startDue: "2023-04-01",
			steps:   []string{"lead@2022-03-01", "talks@2022-04-12", "inspection@2022-06-08", "intent@2022-07-15", "signed@2022-09-22", "registered@2022-12-01", "started@2023-05-18"},
			company: "齐齐哈尔示例农机装备有限公司" + ill, registeredOn: "2022-12-01", regWan: 20000, paidWan: 10000,
			arrivals: []arrivalSeed{{"2023-06-15", 30000, ""}}},
		{zone: q, name: "冷链物流园项目" + ill, investor: "大连示例物流集团有限公司" + ill, origin: invest.OriginOutProvince, industry: "services",
			mode: invest.ModeBusiness, plannedWan: 45000, owner: "招商二局 赵科长",
			steps: []string{"lead@2022-05-10", "talks@2022-06-20", "terminated@2022-11-30"}, reason: "投资方调整投资布局，暂缓北方项目（示例）"},

		// 2023: the page's five signed projects, in the page's order, and
		// the fifth (illustrative).
		{zone: q, name: "北京青土农业科技有限公司齐齐哈尔总部项目", investor: "北京青土农业科技有限公司", investorEnt: "北京青土农业科技有限公司",
			origin: invest.OriginOutProvince, industry: "agriculture", mode: invest.ModeIndustry, plannedWan: 10000, owner: "招商一局 刘科长",
			agreement: invest.AgreementInvestment, startDue: "2024-04-01",
			facts: "国内领先的农业科技公司，集农业规划、科技示范推广、智慧农业、文化赋能、数字电商、农业金融、农业教育培训和农业项目申报等业务于一体；" +
				"在高新区设立齐齐哈尔总部，生物有机肥项目正与梅里斯园区对接。计划投资额为示例。",
			steps: []string{"lead@2023-02-20", "talks@2023-03-15", "inspection@2023-04-20", "intent@2023-05-10", "signed@2023-06-01",
				"registered@2023-06-01", "started@2024-04-22"},
			company: "北京青土农业科技有限公司", registeredOn: "2023-06-01", regWan: 1000, paidWan: 1000},
		{zone: q, name: "国豆优福药膳食品项目", investor: "北京国豆盛为种子科技有限公司", investorEnt: "北京国豆盛为种子科技有限公司",
			origin: invest.OriginOutProvince, industry: "food", mode: invest.ModeIndustry, plannedWan: 15000, park: "食品加工产业园", owner: "招商一局 刘科长",
			agreement: invest.AgreementInvestment, startDue: "2023-10-01",
			facts: "注册成立国豆优福（黑龙江）药膳食品有限公司，已入驻食品加工产业园，正与参鸽药业洽谈业务合作，相关粮食仓储收购业务与讷河市中粮集团开展合作。计划投资额为示例。",
			steps: []string{"lead@2023-03-14", "talks@2023-03-16", "inspection@2023-06-15", "intent@2023-06-20", "signed@2023-07-01",
				"registered@2023-07-12", "started@2023-09-26", "production@2025-06-18"},
			company: "国豆优福（黑龙江）药膳食品有限公司", registeredOn: "2023-07-12", regWan: 7000, paidWan: 0,
			arrivals: []arrivalSeed{{"2023-10-15", 5000, ""}, {"2024-05-20", 6000, ""}, {"2025-03-10", 4000, ""}}},
		{zone: q, name: "黑龙江信果创业投资有限公司项目", investor: "北京信直凰铸集团", investorEnt: "北京信直凰铸集团有限公司",
			origin: invest.OriginOutProvince, industry: "finance", mode: invest.ModeVenture, plannedWan: 3000, owner: "招商三局 孙科长",
			agreement: invest.AgreementInvestment,
			facts:     "齐齐哈尔市第一家引入的创投类公司，构建“创投+招商”生态。",
			steps:     []string{"lead@2023-05-08", "talks@2023-05-11", "inspection@2023-08-10", "intent@2023-08-11", "signed@2023-08-14", "registered@2023-08-15"},
			company:   "黑龙江信果创业投资有限公司", registeredOn: "2023-08-15", regWan: 3000, paidWan: 1000,
			arrivals: []arrivalSeed{{"2023-08-30", 1000, ""}}},
		{zone: q, name: "中南药包战略合作项目", investor: "山东淄博中南医药包装材料股份有限公司", investorEnt: "山东淄博中南医药包装材料股份有限公司",
			origin: invest.OriginOutProvince, listing: "neeq", honours: `国家专精特新"小巨人"企业、高新技术企业`, industry: "biomedicine",
			mode: invest.ModeIndustry, plannedWan: 20000, park: "生物医药产业园", owner: "招商三局 孙科长", agreement: invest.AgreementStrategic,
			startDue: "2024-09-01",
			facts: "新三板挂牌企业；与中国科学院合作开发PPC产品9个，拥有药包材注册证10个、国际发明专利4项、国内专利19项，产品出口67个国家；" +
				"拟入驻生物医药产业园。计划投资额为示例。",
			steps: []string{"lead@2023-08-20", "talks@2023-09-05", "inspection@2023-10-12", "intent@2023-10-20", "signed@2023-11-08"}},
		{zone: q, name: "新能源装备配套产业园项目" + ill, investor: "哈尔滨示例电气装备有限公司" + ill, origin: invest.OriginInProvince, industry: "energy",
			mode: invest.ModeIndustry, plannedWan: 35000, owner: "招商二局 赵科长", agreement: invest.AgreementInvestment, startDue: "2024-05-01",
			steps:   []string{"lead@2023-04-03", "talks@2023-05-16", "inspection@2023-07-04", "intent@2023-08-08", "signed@2023-09-20", "registered@2024-02-20", "started@2024-06-12"},
			company: "齐齐哈尔示例电气装备有限公司" + ill, registeredOn: "2024-02-20", regWan: 10000, paidWan: 5000},

		// 2023: the two in intent (illustrative); one signs after the page,
		// the other ends.
		{zone: q, name: "大豆蛋白精深加工项目" + ill, investor: "山东示例大豆科技有限公司" + ill, origin: invest.OriginOutProvince, industry: "food",
			mode: invest.ModeFund, plannedWan: 220000, park: "食品加工产业园", owner: "招商一局 刘科长", startDue: "2024-10-01",
			steps:    []string{"lead@2023-06-12", "talks@2023-07-20", "inspection@2023-09-14", "intent@2023-10-26", "signed@2024-03-28"},
			followUp: &invest.FollowUp{On: civil.MustParse("2023-11-20"), Notes: "与投资方确认协议文本（示例）", NextOn: civil.MustParse("2023-12-10"), Owner: "刘科长"}},
		{zone: q, name: "数字农业服务平台项目" + ill, investor: "上海示例数字科技有限公司" + ill, origin: invest.OriginOutProvince, industry: "ict",
			mode: invest.ModeVenture, plannedWan: 8000, owner: "招商三局 孙科长",
			steps:  []string{"lead@2023-05-10", "talks@2023-05-12", "inspection@2023-07-06", "intent@2023-11-02", "terminated@2024-06-30"},
			reason: "投资方融资未到位（示例）"},
		// Leads in the pipeline at the page's date (illustrative).
		{zone: q, name: "寒区汽车试验场项目" + ill, investor: "长春示例汽车检测有限公司" + ill, origin: invest.OriginOutProvince, industry: "services",
			mode: invest.ModeIndustry, plannedWan: 60000, owner: "招商二局 赵科长",
			steps:    []string{"lead@2023-10-09", "talks@2023-11-15"},
			followUp: &invest.FollowUp{On: civil.MustParse("2023-11-15"), Notes: "赴长春对接，投资方提出用地需求（示例）", NextOn: civil.MustParse("2024-01-15"), Owner: "赵科长"}},

		// After the page, to today (illustrative).
		{zone: q, name: "玉米生物基材料项目" + ill, investor: "吉林示例生物材料有限公司" + ill, origin: invest.OriginOutProvince, industry: "materials",
			mode: invest.ModeFund, plannedWan: 150000, owner: "招商三局 孙科长", agreement: invest.AgreementInvestment, startDue: "2025-08-01",
			steps:   []string{"lead@2024-09-02", "talks@2024-10-15", "inspection@2025-01-10", "intent@2025-02-20", "signed@2025-04-16", "registered@2025-06-10", "started@2025-09-05"},
			company: "齐齐哈尔示例生物基材料有限公司" + ill, registeredOn: "2025-06-10", regWan: 30000, paidWan: 15000},
		{zone: q, name: "低空经济无人机植保项目" + ill, investor: "深圳示例无人机有限公司" + ill, origin: invest.OriginOutProvince, industry: "equipment",
			mode: invest.ModeVenture, plannedWan: 12000, owner: "招商二局 赵科长",
			steps:    []string{"lead@2026-05-11", "talks@2026-07-02", "inspection@2026-09-18", "intent@2026-11-05"},
			followUp: &invest.FollowUp{On: civil.MustParse("2026-11-05"), Notes: "意向书已签，待项目评审（示例）", NextOn: civil.MustParse("2026-12-20"), Owner: "赵科长"}},
	}
}

func investTrips() []invest.Trip {
	d := civil.MustParse
	const leader = "高新区管委会主任（示例）"
	return []invest.Trip{
		{StartOn: d("2022-04-11"), EndOn: d("2022-04-14"), Province: "北京", City: "北京", Leader: leader, People: 4, Firms: "江苏示例农机股份有限公司北京分公司（示例）"},
		{StartOn: d("2022-08-22"), EndOn: d("2022-08-25"), Province: "广东", City: "深圳", Leader: leader, People: 3, Firms: "深圳示例电子有限公司（示例）"},
		{StartOn: d("2023-03-13"), EndOn: d("2023-03-16"), Province: "北京", City: "北京", Leader: leader, People: 5,
			Firms: "北京青土农业科技有限公司、北京国豆盛为种子科技有限公司"},
		{StartOn: d("2023-05-08"), EndOn: d("2023-05-11"), Province: "上海", City: "上海", Leader: leader, People: 4,
			Firms: "北京信直凰铸集团上海办事处（示例）、上海示例数字科技有限公司（示例）"},
		{StartOn: d("2023-07-17"), EndOn: d("2023-07-19"), Province: "山东", City: "济南", Leader: leader, People: 4,
			Firms: "山东舜恒私募基金管理有限公司、山东示例大豆科技有限公司（示例）"},
		{StartOn: d("2023-09-04"), EndOn: d("2023-09-06"), Province: "山东", City: "淄博", Leader: leader, People: 3,
			Firms: "山东淄博中南医药包装材料股份有限公司"},
		{StartOn: d("2024-04-08"), EndOn: d("2024-04-11"), Province: "吉林", City: "长春", Leader: leader, People: 4, Firms: "长春示例汽车检测有限公司（示例）"},
		{StartOn: d("2025-01-06"), EndOn: d("2025-01-08"), Province: "吉林", City: "长春", Leader: leader, People: 3, Firms: "吉林示例生物材料有限公司（示例）"},
		{StartOn: d("2026-06-15"), EndOn: d("2026-06-18"), Province: "广东", City: "深圳", Leader: leader, People: 4, Firms: "深圳示例无人机有限公司（示例）"},
	}
}

// tripProjects names the projects each trip touched (by trip start).
func tripProjects() map[string][]string {
	return map[string][]string{
		"2023-03-13": {"北京青土农业科技有限公司齐齐哈尔总部项目", "国豆优福药膳食品项目"},
		"2023-05-08": {"黑龙江信果创业投资有限公司项目", "数字农业服务平台项目" + ill},
		"2023-07-17": {"大豆蛋白精深加工项目" + ill},
		"2023-09-04": {"中南药包战略合作项目"},
		"2022-04-11": {"智能农机装备制造项目" + ill},
	}
}

func investVisits() []invest.Visit {
	d := civil.MustParse
	const hosts = "高新区管委会、招商局（示例）"
	return []invest.Visit{
		{Firm: "五常示例米业有限公司" + ill, StartOn: d("2022-03-20"), EndOn: d("2022-03-21"), Hosts: hosts},
		{Firm: "江苏示例农机股份有限公司" + ill, StartOn: d("2022-06-08"), EndOn: d("2022-06-09"), Hosts: hosts},
		{Firm: "北京青土农业科技有限公司", StartOn: d("2023-04-20"), EndOn: d("2023-04-21"), Hosts: hosts},
		{Firm: "北京国豆盛为种子科技有限公司", StartOn: d("2023-06-15"), EndOn: d("2023-06-16"), Hosts: hosts},
		{Firm: "北京信直凰铸集团", StartOn: d("2023-08-10"), EndOn: d("2023-08-10"), Hosts: hosts},
		{Firm: "山东淄博中南医药包装材料股份有限公司", StartOn: d("2023-10-12"), EndOn: d("2023-10-13"), Hosts: hosts},
		{Firm: "吉林示例生物材料有限公司" + ill, StartOn: d("2025-01-10"), EndOn: d("2025-01-11"), Hosts: hosts},
		{Firm: "深圳示例无人机有限公司" + ill, StartOn: d("2026-09-18"), EndOn: d("2026-09-19"), Hosts: hosts},
	}
}

func visitProjects() map[string][]string {
	return map[string][]string{
		"2023-04-20": {"北京青土农业科技有限公司齐齐哈尔总部项目"},
		"2023-06-15": {"国豆优福药膳食品项目"},
		"2023-08-10": {"黑龙江信果创业投资有限公司项目"},
		"2023-10-12": {"中南药包战略合作项目"},
	}
}

// GuidingFundName is the demo's name for the page's guiding fund (the page
// does not name it).
const GuidingFundName = "齐齐哈尔高新区产业引导基金" + ill

func investFunds(ids *IDs) []invest.Fund {
	d := civil.MustParse
	return []invest.Fund{
		{Name: GuidingFundName, Manager: "山东舜恒私募基金管理有限公司", ManagerUSCC: ids.USCC["山东舜恒私募基金管理有限公司"], Kind: invest.FundGuiding,
			TargetFen: 200_000 * wan, SetUpOn: d("2023-10-20"), Notes: "政府产业引导基金，齐齐哈尔市首支；认缴、实缴规模未披露。"},
		{Name: "黑龙江信果创业投资有限公司", Manager: "北京信直凰铸集团", ManagerUSCC: ids.USCC["北京信直凰铸集团有限公司"], Kind: invest.FundVenture,
			TargetFen: 3000 * wan, CommittedFen: 3000 * wan, PaidInFen: 1000 * wan, SetUpOn: d("2023-08-15"), Notes: "齐齐哈尔市第一家引入的创投类公司。"},
	}
}

// Invest seeds Qiqihar's pipeline, trips, visits and funds.
func Invest(ctx context.Context, tx *store.Tx, ids *IDs) error {
	sys := access.System
	settings := invest.DefaultSettings()
	byName := map[string]int64{}
	for _, ps := range investProjects() {
		st, err := ps.state(ids, settings)
		if err != nil {
			return err
		}
		id, err := tx.InsertProject(ctx, sys, st)
		if err != nil {
			return fmt.Errorf("demo project %s: %w", ps.name, err)
		}
		byName[ps.name] = id
		if ps.followUp != nil {
			x := *ps.followUp
			x.ProjectID = id
			if _, err := tx.InsertFollowUp(ctx, sys, x); err != nil {
				return fmt.Errorf("demo follow-up %s: %w", ps.name, err)
			}
		}
	}
	projectIDs := func(names []string) ([]int64, error) {
		var out []int64
		for _, n := range names {
			id, ok := byName[n]
			if !ok {
				return nil, fmt.Errorf("demo: no project %s", n)
			}
			out = append(out, id)
		}
		return out, nil
	}
	for _, t := range investTrips() {
		t.ZoneID = ids.Zones["qiqihar"]
		var err error
		if t.ProjectIDs, err = projectIDs(tripProjects()[t.StartOn.String()]); err != nil {
			return err
		}
		if _, err := tx.InsertTrip(ctx, sys, t); err != nil {
			return fmt.Errorf("demo trip %s: %w", t.StartOn, err)
		}
	}
	for _, v := range investVisits() {
		v.ZoneID = ids.Zones["qiqihar"]
		var err error
		if v.ProjectIDs, err = projectIDs(visitProjects()[v.StartOn.String()]); err != nil {
			return err
		}
		if _, err := tx.InsertVisit(ctx, sys, v); err != nil {
			return fmt.Errorf("demo visit %s: %w", v.StartOn, err)
		}
	}
	// The city's 2023 signing target for the zone (illustrative).
	target := indicator.Target{ZoneID: ids.Zones["qiqihar"], Indicator: indicator.InvestSigned, Year: 2023, Value: 6}
	city := access.Actor{UserID: ids.Users["qiqihar-city"], Username: "qiqihar-city", Role: access.City, RegionCode: "230200"}
	if err := tx.InsertTarget(ctx, city, target); err != nil {
		return fmt.Errorf("demo signing target: %w", err)
	}
	for _, x := range investFunds(ids) {
		x.ZoneID = ids.Zones["qiqihar"]
		if x.Kind == invest.FundVenture {
			x.ProjectIDs = []int64{byName["黑龙江信果创业投资有限公司项目"]}
		}
		if _, err := tx.InsertFund(ctx, sys, x); err != nil {
			return fmt.Errorf("demo fund %s: %w", x.Name, err)
		}
	}
	return nil
}

// state builds the project's stored state by walking its steps through the
// rules, so the demo never holds a step the product would refuse.
func (ps investProjectSeed) state(ids *IDs, s invest.Settings) (invest.State, error) {
	d := civil.MustParse
	p := invest.Project{ZoneID: ids.Zones[ps.zone], Name: ps.name, Investor: ps.investor, InvestorUSCC: ids.USCC[ps.investorEnt],
		Origin: ps.origin, InvestorListing: ps.listing, InvestorHonours: ps.honours, Industry: ps.industry, Mode: ps.mode,
		PlannedFen: ps.plannedWan * wan, Park: ps.park, Owner: ps.owner, Agreement: ps.agreement, Facts: ps.facts}
	if ps.startDue != "" {
		p.StartDue = d(ps.startDue)
	}
	if err := invest.ValidateProject(&p); err != nil {
		return invest.State{}, fmt.Errorf("demo project %s: %w", ps.name, err)
	}
	st := invest.State{}
	today := d("2026-12-31")
	for i, s0 := range ps.steps {
		stage, on, _ := strings.Cut(s0, "@")
		to := invest.Stage(stage)
		if i == 0 {
			p.Stage, p.StageOn = to, d(on)
			st.Steps = append(st.Steps, invest.Step{To: to, On: d(on), ByName: "qiqihar-staff"})
			continue
		}
		if to == invest.StageRegistered {
			p.EnterpriseID, p.RegisteredOn = ids.Enterprises[ps.company], d(ps.registeredOn)
			p.RegisteredFen, p.PaidInFen = ps.regWan*wan, ps.paidWan*wan
		}
		note, role, by := "", access.ZoneStaff, "qiqihar-staff"
		if s.Approval(to) != invest.LevelNone {
			note, role, by = "同意签约，按程序推进（示例）", access.ZoneAdmin, "qiqihar-admin"
		}
		if to == invest.StageTerminated {
			note = ps.reason
		}
		step, err := invest.Transition(p, to, d(on), note, role, s, today)
		if err != nil {
			return st, fmt.Errorf("demo project %s: step to %s: %w", ps.name, to, err)
		}
		step.ByName = by
		p = invest.Apply(p, step)
		st.Steps = append(st.Steps, step)
	}
	for _, a := range ps.arrivals {
		x := invest.Arrival{On: d(a.on), AmountFen: a.wan * wan, Note: a.note}
		if err := invest.ValidateArrival(p, &x, today); err != nil {
			return st, fmt.Errorf("demo project %s: arrival %s: %w", ps.name, a.on, err)
		}
		p.ArrivedFen += x.AmountFen
		st.Arrivals = append(st.Arrivals, x)
	}
	st.Project = p
	return st, nil
}
