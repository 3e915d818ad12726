package demo

import (
	"context"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/talent"
)

// Weifang's organisation coverage and talent programmes: the page's six
// chains of provincial level or above with a chain committee or alliance
// (动力装备 and 新一代信息技术 first), 79 open online branches by the end of
// November 2023, organisations of the three modes over the zone's
// enterprises, 歌尔集团党委's national honour, 潍坊软件园's provincial
// demonstration point and the five talent programmes in the page's order.
// Everything the page does not state is illustrative and marked （示例）;
// records after the page keep the zone living to today.

// livingDay is the day the module's demo records (some after the page)
// are checked against.
func livingDay() civil.Date { return civil.Date{Year: 2026, Month: 12, Day: 1} }

// surveySeed is one Weifang enterprise's survey: employees, full members.
type surveySeed struct {
	name               string
	employees, members int
	on                 string
}

func surveySeeds() []surveySeed {
	return []surveySeed{
		{"歌尔集团有限公司", 8600, 186, "2022-03-01"},
		{"潍坊动力装备创新中心有限公司", 120, 12, "2022-03-01"},
		{"潍坊新一代信息技术产业有限公司", 60, 2, "2022-03-01"},
		{"潍坊示例动力科技有限公司（示例）", 420, 58, "2022-03-01"},
		{"潍坊示例发动机部件有限公司（示例）", 180, 9, "2022-03-01"},
		{"潍坊示例软件有限公司（示例）", 90, 2, "2022-03-01"},
		{"潍坊示例网络科技有限公司（示例）", 45, 1, "2022-03-01"},
		{"潍坊示例数据服务有限公司（示例）", 30, 5, "2022-03-01"},
		{"潍坊示例声学电子有限公司（示例）", 700, 64, "2022-03-01"},
		{"潍坊示例光电有限公司（示例）", 150, 6, "2022-03-01"},
		{"潍坊示例生物医药有限公司（示例）", 260, 15, "2022-03-01"},
		{"潍坊示例新材料有限公司（示例）", 130, 4, "2022-03-01"},
		{"潍坊示例智能制造有限公司（示例）", 200, 8, "2022-03-01"},
		{"潍坊示例物流有限公司（示例）", 80, 1, "2022-03-01"},
		{"潍坊示例检测服务有限公司（示例）", 25, 0, "2022-03-01"},
		{"潍坊示例设计有限公司（示例）", 12, 0, "2022-03-01"},
		{"潍坊示例电商有限公司（示例）", 35, 2, "2022-06-01"},
		{"潍坊示例咨询有限公司（示例）", 8, 0, "2022-10-01"},
		{"潍坊示例仪器有限公司（示例）", 40, 1, "2023-05-01"},
	}
}

type orgSeed struct {
	name       string
	kind       org.Kind
	mode       org.Mode
	secretary  string
	instructor string
	founded    string
	elections  []string
	members    []string
}

func orgSeeds() []orgSeed {
	return []orgSeed{
		{"歌尔集团党委", org.KindCommittee, org.ModeSingle, "书记（示例）", "", "2008-07-01", []string{"2011-07-01", "2016-06-28", "2021-06-25"},
			[]string{"歌尔集团有限公司"}},
		{"潍坊软件园党委", org.KindCommittee, org.ModeJoint, "书记（示例）", "", "2017-06-30", []string{"2020-06-29", "2023-06-28"},
			[]string{"潍坊新一代信息技术产业有限公司", "潍坊示例软件有限公司（示例）", "潍坊示例网络科技有限公司（示例）",
				"潍坊示例数据服务有限公司（示例）", "潍坊示例电商有限公司（示例）"}},
		{"潍坊动力装备创新中心有限公司党支部", org.KindBranch, org.ModeSingle, "书记（示例）", "", "2019-03-15", []string{"2022-03-10"},
			[]string{"潍坊动力装备创新中心有限公司"}},
		{"潍坊示例动力科技有限公司党总支（示例）", org.KindGeneralBranch, org.ModeSingle, "书记（示例）", "", "2016-05-01", []string{"2019-05-05", "2022-05-06"},
			[]string{"潍坊示例动力科技有限公司（示例）"}},
		{"潍坊示例发动机部件有限公司党支部（示例）", org.KindBranch, org.ModeSingle, "书记（示例）", "", "2018-09-01", []string{"2021-09-03"},
			[]string{"潍坊示例发动机部件有限公司（示例）"}},
		// A branch for 64 members: the 应建未建 list says it needs a general branch.
		{"潍坊示例声学电子有限公司党支部（示例）", org.KindBranch, org.ModeSingle, "书记（示例）", "", "2014-04-01", []string{"2017-04-01", "2020-12-01"},
			[]string{"潍坊示例声学电子有限公司（示例）"}},
		{"潍坊示例生物医药有限公司党支部（示例）", org.KindBranch, org.ModeSingle, "书记（示例）", "", "2020-11-20", nil,
			[]string{"潍坊示例生物医药有限公司（示例）"}},
		{"潍坊示例智能制造有限公司党支部（示例）", org.KindBranch, org.ModeSingle, "书记（示例）", "", "2021-01-10", []string{"2023-12-08"},
			[]string{"潍坊示例智能制造有限公司（示例）"}},
		// Six members between two firms: the 光电 firm could have its own.
		{"新材料光电联合党支部（示例）", org.KindJointBranch, org.ModeJoint, "书记（示例）", "", "2020-07-01", []string{"2023-06-30"},
			[]string{"潍坊示例光电有限公司（示例）", "潍坊示例新材料有限公司（示例）"}},
		{"物流仪器联合党支部（示例）", org.KindJointBranch, org.ModeJoint, "书记（示例）", "", "2021-08-01", nil,
			[]string{"潍坊示例物流有限公司（示例）", "潍坊示例仪器有限公司（示例）"}},
		{"检测设计企业党建工作指导站（示例）", org.KindBranch, org.ModeSent, "", "党建指导员（示例）", "2022-04-01", nil,
			[]string{"潍坊示例检测服务有限公司（示例）", "潍坊示例设计有限公司（示例）"}},
	}
}

type chainSeed struct {
	code, name string
	level      org.Level
	body       org.BodyKind
	bodyName   string
	formed     string
	members    []string
}

// chainSeeds: the page's six chains of provincial level or above (the two
// it names first), and a city-level one with an alliance, which the count
// leaves out.
func chainSeeds() []chainSeed {
	return []chainSeed{
		{"power_equipment", "动力装备", org.Province, org.BodyCommittee, "动力装备产业链党委", "2023-03-28",
			[]string{"潍坊动力装备创新中心有限公司", "潍坊示例动力科技有限公司（示例）", "潍坊示例发动机部件有限公司（示例）"}},
		{"next_gen_it", "新一代信息技术", org.Province, org.BodyCommittee, "新一代信息技术产业链党委", "2023-04-18",
			[]string{"潍坊新一代信息技术产业有限公司", "潍坊示例软件有限公司（示例）", "潍坊示例网络科技有限公司（示例）", "潍坊示例数据服务有限公司（示例）"}},
		{"acoustics", "声学光电" + ill, org.National, org.BodyCommittee, "声学光电产业链党委" + ill, "2023-05-20",
			[]string{"歌尔集团有限公司", "潍坊示例声学电子有限公司（示例）", "潍坊示例光电有限公司（示例）"}},
		{"biomedicine", "生物医药" + ill, org.Province, org.BodyAlliance, "生物医药产业链党建联盟" + ill, "2023-06-16",
			[]string{"潍坊示例生物医药有限公司（示例）"}},
		{"new_materials", "新材料" + ill, org.Province, org.BodyAlliance, "新材料产业链党建联盟" + ill, "2023-07-07",
			[]string{"潍坊示例新材料有限公司（示例）"}},
		{"smart_manufacturing", "智能制造" + ill, org.Province, org.BodyCommittee, "智能制造产业链党委" + ill, "2023-08-25",
			[]string{"潍坊示例智能制造有限公司（示例）", "潍坊示例仪器有限公司（示例）"}},
		{"logistics", "现代物流" + ill, org.City, org.BodyAlliance, "现代物流产业链党建联盟" + ill, "2023-09-12",
			[]string{"潍坊示例物流有限公司（示例）"}},
	}
}

// OnlineBranchesBy2023 is the page's count of open online branches.
const OnlineBranchesBy2023 = 79

type talentSeed struct {
	code, name, nameEN, category, categoryEN string
	tiers                                    []talent.Tier
}

// TalentProgrammeSeeds are Weifang's five programmes in the page's order.
func talentSeeds() []talentSeed {
	tiers := func(maxA, maxB int64, years int) []talent.Tier {
		return []talent.Tier{{Code: "a", Name: "A类" + ill, MaxSupportFen: maxA, PeriodYears: years},
			{Code: "b", Name: "B类" + ill, MaxSupportFen: maxB, PeriodYears: years}}
	}
	const wan = 1_000_000 // fen in 万元
	return []talentSeed{
		{"jinyuan_linghang", "金鸢领航", "Golden Kite: Leading the Way", "顶尖人才", "Top talent", tiers(500*wan, 300*wan, 5)},
		{"yinyuan_yueteng", "银鸢跃腾", "Silver Kite: Soaring", "领军人才", "Leading talent", tiers(200*wan, 100*wan, 3)},
		{"qingyuan_chufei", "青鸢初飞", "Young Kite: First Flight", "青年人才", "Young talent", tiers(50*wan, 30*wan, 3)},
		{"guiyuan_heming", "归鸢合鸣", "Returning Kite: In Chorus", "海外人才", "Overseas talent", tiers(200*wan, 100*wan, 3)},
		{"lanyuan_jiangxin", "蓝鸢匠心", "Blue Kite: Craftsmanship", "技能人才", "Skilled talent", tiers(20*wan, 10*wan, 2)},
	}
}

type applicantSeed struct {
	programme, tier, name, birth, employer string
	year                                   int
	status                                 talent.Status
	supportWan                             int64
}

func applicantSeeds() []applicantSeed {
	return []applicantSeed{
		{"jinyuan_linghang", "a", "王某" + ill, "19700312", "歌尔集团有限公司", 2023, talent.Granted, 500},
		{"jinyuan_linghang", "b", "刘某" + ill, "19750806", "潍坊示例动力科技有限公司（示例）", 2023, talent.Rejected, 0},
		{"yinyuan_yueteng", "a", "陈某" + ill, "19800215", "潍坊动力装备创新中心有限公司", 2023, talent.Granted, 200},
		{"yinyuan_yueteng", "b", "杨某" + ill, "19820921", "潍坊示例声学电子有限公司（示例）", 2023, talent.Granted, 100},
		{"yinyuan_yueteng", "b", "赵某" + ill, "19790430", "潍坊示例生物医药有限公司（示例）", 2023, talent.Reviewing, 0},
		{"qingyuan_chufei", "a", "黄某" + ill, "19920517", "潍坊新一代信息技术产业有限公司", 2023, talent.Granted, 50},
		{"qingyuan_chufei", "b", "周某" + ill, "19950128", "潍坊示例软件有限公司（示例）", 2023, talent.Granted, 30},
		{"qingyuan_chufei", "b", "吴某" + ill, "19961103", "潍坊示例网络科技有限公司（示例）", 2023, talent.Applied, 0},
		{"guiyuan_heming", "a", "徐某" + ill, "19830709", "歌尔集团有限公司", 2023, talent.Granted, 200},
		{"guiyuan_heming", "b", "孙某" + ill, "19870314", "潍坊示例光电有限公司（示例）", 2023, talent.Rejected, 0},
		{"lanyuan_jiangxin", "a", "马某" + ill, "19850822", "潍坊示例发动机部件有限公司（示例）", 2023, talent.Granted, 20},
		{"lanyuan_jiangxin", "b", "朱某" + ill, "19900605", "潍坊示例智能制造有限公司（示例）", 2023, talent.Granted, 10},
		// After the page: the next calls keep the programmes living.
		{"qingyuan_chufei", "a", "胡某" + ill, "19970219", "潍坊示例数据服务有限公司（示例）", 2025, talent.Granted, 50},
		{"lanyuan_jiangxin", "b", "郭某" + ill, "19930911", "潍坊示例仪器有限公司（示例）", 2026, talent.Applied, 0},
	}
}

// OrgTalent seeds Weifang's surveys, chains, organisations, online
// branches, honours and talent programmes.
func OrgTalent(ctx context.Context, tx *store.Tx, ids *IDs) error {
	sys := access.System
	zoneID := ids.Zones["weifang"]
	ent := func(name string) (org.Member, error) {
		id, ok := ids.Enterprises[name]
		if !ok {
			return org.Member{}, fmt.Errorf("demo org: no enterprise %s", name)
		}
		return org.Member{EnterpriseID: id, USCC: ids.USCC[name], Name: name}, nil
	}
	members := func(names []string) ([]org.Member, error) {
		var out []org.Member
		for _, n := range names {
			m, err := ent(n)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
		return out, nil
	}
	for _, s := range surveySeeds() {
		m, err := ent(s.name)
		if err != nil {
			return err
		}
		p := org.Profile{EnterpriseID: m.EnterpriseID, ZoneID: zoneID, Employees: s.employees, Members: s.members, SurveyedOn: civil.MustParse(s.on)}
		if err := org.ValidateProfile(&p, livingDay()); err != nil {
			return fmt.Errorf("demo survey %s: %w", s.name, err)
		}
		if _, err := tx.SaveProfile(ctx, sys, p); err != nil {
			return fmt.Errorf("demo survey %s: %w", s.name, err)
		}
	}
	taken := map[string]bool{}
	chainOf := map[string]org.Chain{} // by member enterprise's name
	for _, cs := range chainSeeds() {
		c := org.Chain{ZoneID: zoneID, Code: cs.code, Name: cs.name, Level: cs.level, Body: cs.body, BodyName: cs.bodyName,
			BodyFormedOn: civil.MustParse(cs.formed)}
		var err error
		if c.Members, err = members(cs.members); err != nil {
			return err
		}
		if err := org.ValidateChain(&c, taken, livingDay()); err != nil {
			return fmt.Errorf("demo chain %s: %w", cs.name, err)
		}
		taken[c.Code] = true
		id, err := tx.CreateChain(ctx, sys, c)
		if err != nil {
			return fmt.Errorf("demo chain %s: %w", cs.name, err)
		}
		for _, n := range cs.members {
			chainOf[n] = org.Chain{ID: id, Code: c.Code}
		}
	}
	st := org.DefaultSettings()
	orgIDs := map[string]int64{}
	var order []int64
	for _, os := range orgSeeds() {
		o := org.Organisation{ZoneID: zoneID, Name: os.name, Kind: os.kind, Mode: os.mode, Secretary: os.secretary, Instructor: os.instructor,
			FoundedOn: civil.MustParse(os.founded), TermYears: 3}
		for _, e := range os.elections {
			o.Elections = append(o.Elections, civil.MustParse(e))
		}
		var err error
		if o.Members, err = members(os.members); err != nil {
			return err
		}
		if err := org.Validate(&o, st, livingDay()); err != nil {
			return fmt.Errorf("demo organisation %s: %w", os.name, err)
		}
		id, err := tx.CreateOrganisation(ctx, sys, o, st)
		if err != nil {
			return fmt.Errorf("demo organisation %s: %w", os.name, err)
		}
		orgIDs[os.name] = id
		order = append(order, id)
	}
	for _, h := range []org.Honour{
		{OrgID: orgIDs["歌尔集团党委"], Name: "全国先进基层党组织", Level: org.National, Issuer: "党中央", Year: 2021},
		{OrgID: orgIDs["潍坊软件园党委"], Name: "山东省首批“两新组织党建工作示范点”", Level: org.Province, Issuer: "中共山东省委组织部" + ill, Year: 2023},
	} {
		if _, err := tx.AddOrgHonour(ctx, sys, h); err != nil {
			return fmt.Errorf("demo honour %s: %w", h.Name, err)
		}
	}
	if err := seedOnlineBranches(ctx, tx, zoneID, order); err != nil {
		return err
	}
	return seedTalent(ctx, tx, ids, zoneID, chainOf)
}

// seedOnlineBranches opens 79 open branches by November 2023 (the
// enterprises' OA and WeChat groups, a few on DingTalk), five closed ones,
// and six more after the page.
func seedOnlineBranches(ctx context.Context, tx *store.Tx, zoneID int64, orgs []int64) error {
	platforms := []org.Platform{org.PlatformWeChat, org.PlatformOA, org.PlatformWeChat, org.PlatformOA, org.PlatformDingTalk}
	start := civil.MustParse("2019-07-01")
	add := func(i int, open bool, on civil.Date) error {
		b := org.OnlineBranch{ZoneID: zoneID, OrgID: orgs[i%len(orgs)], Name: fmt.Sprintf("网上党支部%02d%s", i+1, ill),
			Platform: platforms[i%len(platforms)], Open: open, OpenedOn: on}
		if err := org.ValidateOnlineBranch(&b, livingDay()); err != nil {
			return fmt.Errorf("demo online branch %d: %w", i+1, err)
		}
		if _, err := tx.CreateOnlineBranch(ctx, access.System, b); err != nil {
			return fmt.Errorf("demo online branch %d: %w", i+1, err)
		}
		return nil
	}
	n := 0
	for ; n < OnlineBranchesBy2023; n++ { // every 20 days from July 2019: the last on 2023-11-xx
		if err := add(n, true, start.AddDays(n*20)); err != nil {
			return err
		}
	}
	for i := 0; i < 5; i++ {
		if err := add(n, false, start.AddDays(30+i*200)); err != nil {
			return err
		}
		n++
	}
	for i := 0; i < 6; i++ {
		if err := add(n, true, civil.MustParse("2024-03-01").AddDays(i*150)); err != nil {
			return err
		}
		n++
	}
	return nil
}

// seedTalent records the five programmes, their calls and applicants;
// chains gives each employer's chain.
func seedTalent(ctx context.Context, tx *store.Tx, ids *IDs, zoneID int64, chains map[string]org.Chain) error {
	sys := access.System
	progs := map[string]talent.Programme{}
	calls := map[string]talent.Call{}
	taken := map[string]bool{}
	for i, ts := range talentSeeds() {
		p := talent.Programme{ZoneID: zoneID, Code: ts.code, Name: ts.name, NameEN: ts.nameEN, Category: ts.category, CategoryEN: ts.categoryEN,
			Position: i + 1, Tiers: ts.tiers}
		if err := talent.ValidateProgramme(&p, taken); err != nil {
			return fmt.Errorf("demo talent programme %s: %w", ts.name, err)
		}
		taken[p.Code] = true
		if p, err := tx.CreateTalentProgramme(ctx, sys, p); err != nil {
			return fmt.Errorf("demo talent programme %s: %w", ts.name, err)
		} else {
			progs[ts.code] = p
		}
	}
	call := func(code string, year int) (talent.Call, error) {
		key := fmt.Sprint(code, year)
		if c, ok := calls[key]; ok {
			return c, nil
		}
		p := progs[code]
		c := talent.Call{ProgrammeID: p.ID, ZoneID: zoneID, Year: year, Title: fmt.Sprintf("%d年度“%s”%s工程申报", year, p.Name, p.Category) + ill,
			OpensOn: civil.Date{Year: year, Month: 3, Day: 1}, ClosesOn: civil.Date{Year: year, Month: 5, Day: 31}}
		if err := talent.ValidateCall(&c); err != nil {
			return c, err
		}
		id, err := tx.CreateTalentCall(ctx, sys, c)
		c.ID = id
		calls[key] = c
		return c, err
	}
	for i, as := range applicantSeeds() {
		p := progs[as.programme]
		c, err := call(as.programme, as.year)
		if err != nil {
			return fmt.Errorf("demo talent call %s %d: %w", as.programme, as.year, err)
		}
		tier, _ := p.TierByCode(as.tier)
		empID := ids.Enterprises[as.employer]
		ch := chains[as.employer]
		x := talent.Applicant{CallID: c.ID, ProgrammeID: p.ID, ZoneID: zoneID, TierID: tier.ID, Name: as.name,
			IDNumber: talent.MakeID("370705" + as.birth + fmt.Sprintf("%03d", 100+i)), EnterpriseID: empID, EnterpriseName: as.employer,
			ChainID: ch.ID, ChainCode: ch.Code, AppliedOn: c.OpensOn.AddDays(10 + i), Status: talent.Applied}
		if err := talent.ValidateApplicant(&x, c, livingDay(), true); err != nil {
			return fmt.Errorf("demo applicant %s: %w", as.name, err)
		}
		if as.status != talent.Applied {
			r := talent.Review{Status: as.status, DecidedOn: civil.Date{Year: as.year, Month: 9, Day: 15}, SupportFen: as.supportWan * 1_000_000}
			if x, err = talent.ApplyReview(x, tier, r, livingDay()); err != nil {
				return fmt.Errorf("demo applicant %s: %w", as.name, err)
			}
		}
		k := talent.Keys{Programme: p.Code, Tier: tier.Code, Chain: ch.Code}
		if _, err := tx.CreateApplicant(ctx, sys, x, k, func(others []talent.Applicant) error {
			return talent.Conflict(x, others, func(int64) string { return "" })
		}); err != nil {
			return fmt.Errorf("demo applicant %s: %w", as.name, err)
		}
	}
	return nil
}
