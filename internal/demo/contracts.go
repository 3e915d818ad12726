package demo

// The registry's demo: a registration point per zone and two years of
// registered technology contracts, generated from fixed seeds. Yulin's
// figures are the page's: 385 contracts registered in 2023-01..11 worth
// exactly ¥380,160,000 (3.8亿元), +15% on the same months of 2022
// (¥330,560,000). The other zones get plausible smaller volumes, and Yulin
// a few contracts in every other state so each screen has something.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/store"
)

// The page's Yulin figures, as the demo holds them.
const (
	YulinRegistered2023     = 385            // contracts certified 2023-01..2023-11
	YulinAmount2023Fen      = 38_016_000_000 // their contract amount: 3.8016亿元
	YulinAmount2022Fen      = 33_056_000_000 // 2022-01..2022-11: +15.0%
	contractUnitFen         = 10_000         // demo amounts are whole hundreds of yuan
	minContractUnits        = 100            // ¥10,000: the smallest demo contract
	demoRegistrarHour       = 10             // steps are stamped mid-morning, China time
	demoContractsSeedYulin  = 20231218
	demoContractsSeedOthers = 20221218
)

// demoToday is the page's date, the day the demo's data stop.
func demoToday() civil.Date { return civil.Date{Year: 2023, Month: time.December, Day: 18} }

// zoneContracts is one zone's part of the demo.
type zoneContracts struct {
	slug      string
	point     contract.Point // ZoneID filled at load
	sellers   []sellerPlan
	buyers    []buyerSeed
	years     []yearPlan
	medianFen int64 // typical contract amount of the free months
	seed      uint64
}

type sellerPlan struct {
	name   string
	fields []contract.Field
	weight int
}

type buyerSeed struct {
	name, nature, region, prefix string // prefix: the code's first two characters ("" for none)
	weight                       int
}

// yearPlan: contracts registered per month; the months 1..fixedMonths add
// up to exactly fixedFen, the others draw freely. lastDay caps the last
// month (the demo stops on 2023-12-18).
type yearPlan struct {
	year        int
	monthly     [12]int
	fixedMonths int
	fixedFen    int64
	lastDay     int
}

func contractPlans() []zoneContracts {
	return []zoneContracts{
		{slug: "yulin", seed: demoContractsSeedYulin, medianFen: 600_000_00,
			point: contract.Point{Code: "01", Name: "榆林高新区技术合同登记点", RegionCode: "610800"},
			sellers: []sellerPlan{
				{"榆林能源化工技术研究院有限公司", []contract.Field{"06", "07", "05"}, 30},
				{"榆林煤化工清洁利用技术有限公司", []contract.Field{"07", "05", "06"}, 20},
				{"陕西榆林数字矿山科技有限公司", []contract.Field{"01", "03"}, 18},
				{"榆林兰炭新材料有限公司", []contract.Field{"05", "06"}, 12},
				{"榆林绿色农业科技服务有限公司", []contract.Field{"09", "11", "04"}, 8},
				{"陕北能源装备智能制造有限公司", []contract.Field{"03", "06"}, 12},
			},
			buyers: []buyerSeed{
				{"陕西煤业化工集团有限责任公司", "110", "610103", "91", 8},
				{"国家能源集团榆林化工有限公司", "110", "610802", "91", 8},
				{"陕西延长石油榆林煤化有限公司", "110", "610881", "91", 6},
				{"陕西北元化工集团股份有限公司", "160", "610881", "91", 6},
				{"中煤陕西榆林能源化工有限公司", "110", "610802", "91", 6},
				{"陕西未来能源化工有限公司", "150", "610802", "91", 5},
				{"神木市电石集团能源发展有限责任公司", "150", "610881", "91", 4},
				{"府谷县京府煤化有限责任公司", "150", "610822", "91", 4},
				{"靖边县能源化工综合利用有限公司", "150", "610824", "91", 3},
				{"榆林市榆阳区热力有限公司", "110", "610802", "91", 3},
				{"鄂尔多斯市能源化工有限公司", "150", "150602", "91", 3},
				{"宁夏宁东能源化工有限公司", "150", "640181", "91", 2},
				{"山西晋北煤化工有限公司", "150", "140213", "91", 2},
				{"西安交通大学", "022", "610113", "12", 3},
				{"西北大学", "022", "610113", "12", 2},
				{"榆林学院", "022", "610802", "12", 3},
				{"中国科学院山西煤炭化学研究所", "021", "140105", "12", 2},
				{"榆林市农业科学研究院", "021", "610802", "12", 2},
				{"定边县荞麦产业农民专业合作社", "190", "610825", "93", 1},
				{"王建军", "400", "610802", "", 1},
			},
			years: []yearPlan{
				{year: 2022, monthly: [12]int{14, 17, 30, 31, 32, 33, 29, 32, 35, 36, 46, 38}, fixedMonths: 11, fixedFen: YulinAmount2022Fen, lastDay: 30},
				{year: 2023, monthly: [12]int{16, 20, 34, 35, 36, 38, 33, 37, 40, 42, 54, 14}, fixedMonths: 11, fixedFen: YulinAmount2023Fen, lastDay: 15},
			}},
		{slug: "weifang", seed: demoContractsSeedOthers + 1, medianFen: 450_000_00,
			point:   contract.Point{Code: "03", Name: "潍坊高新区技术合同登记点", RegionCode: "370700"},
			sellers: []sellerPlan{{"歌尔集团有限公司", []contract.Field{"01", "03"}, 5}, {"潍坊动力装备创新中心有限公司", []contract.Field{"03", "06"}, 3}, {"潍坊新一代信息技术产业有限公司", []contract.Field{"01"}, 3}},
			buyers:  shandongBuyers(),
			years:   []yearPlan{{year: 2022, monthly: [12]int{3, 3, 5, 5, 5, 6, 5, 5, 6, 6, 6, 5}, lastDay: 30}, {year: 2023, monthly: [12]int{4, 4, 6, 6, 7, 7, 6, 7, 7, 7, 8, 3}, lastDay: 15}}},
		{slug: "zibo", seed: demoContractsSeedOthers + 2, medianFen: 380_000_00,
			point: contract.Point{Code: "02", Name: "淄博高新区技术合同登记点", RegionCode: "370300"},
			sellers: []sellerPlan{{"山东亚华电子股份有限公司", []contract.Field{"01", "04"}, 3}, {"山东瑞邦智能装备股份有限公司", []contract.Field{"03"}, 2},
				{"淄博鑫旭电源科技有限公司", []contract.Field{"06"}, 2}, {"山东金晶科技股份有限公司", []contract.Field{"05"}, 2},
				{"山东新华医疗器械股份有限公司", []contract.Field{"04"}, 3}, {"山东新华制药股份有限公司", []contract.Field{"04"}, 2},
				{"鲁泰纺织股份有限公司", []contract.Field{"05", "03"}, 1}, {"山东淄博中南医药包装材料股份有限公司", []contract.Field{"05", "04"}, 1}},
			buyers: shandongBuyers(),
			years:  []yearPlan{{year: 2022, monthly: [12]int{2, 2, 4, 4, 4, 5, 4, 4, 5, 5, 5, 4}, lastDay: 30}, {year: 2023, monthly: [12]int{3, 3, 5, 5, 5, 5, 4, 5, 5, 5, 6, 4}, lastDay: 15}}},
		{slug: "foshan", seed: demoContractsSeedOthers + 3, medianFen: 420_000_00,
			point:   contract.Point{Code: "05", Name: "佛山高新区技术合同登记点", RegionCode: "440600"},
			sellers: []sellerPlan{{"佛山灯塔智能装备有限公司", []contract.Field{"03", "01"}, 3}, {"广东佛高控股公司", []contract.Field{"11"}, 1}},
			buyers:  guangdongBuyers(),
			years:   []yearPlan{{year: 2022, monthly: [12]int{2, 2, 3, 3, 3, 3, 3, 3, 4, 3, 4, 3}, lastDay: 30}, {year: 2023, monthly: [12]int{2, 2, 3, 4, 4, 4, 3, 4, 4, 4, 4, 3}, lastDay: 15}}},
		{slug: "qiqihar", seed: demoContractsSeedOthers + 4, medianFen: 250_000_00,
			point: contract.Point{Code: "02", Name: "齐齐哈尔高新区技术合同登记点", RegionCode: "230200"},
			sellers: []sellerPlan{{"北京青土农业科技有限公司", []contract.Field{"09"}, 3}, {"北京国豆盛为种子科技有限公司", []contract.Field{"09"}, 2},
				{"国豆优福（黑龙江）药膳食品有限公司", []contract.Field{"09", "04"}, 1}},
			buyers: heilongjiangBuyers(),
			years:  []yearPlan{{year: 2022, monthly: [12]int{0, 1, 1, 1, 2, 1, 1, 2, 1, 2, 1, 1}, lastDay: 30}, {year: 2023, monthly: [12]int{1, 1, 1, 2, 2, 1, 2, 2, 2, 1, 2, 1}, lastDay: 15}}},
	}
}

func shandongBuyers() []buyerSeed {
	return []buyerSeed{
		{"山东能源集团有限公司", "110", "370102", "91", 4}, {"潍柴动力股份有限公司", "160", "370705", "91", 4},
		{"青岛海尔智能技术研发有限公司", "150", "370212", "91", 3}, {"山东大学", "022", "370102", "12", 3},
		{"淄博市第一医院", "023", "370303", "12", 1}, {"济南二机床集团有限公司", "110", "370104", "91", 2},
		{"浪潮电子信息产业股份有限公司", "160", "370112", "91", 2}, {"中国重型汽车集团有限公司", "110", "370112", "91", 2},
	}
}

func guangdongBuyers() []buyerSeed {
	return []buyerSeed{
		{"美的集团股份有限公司", "160", "440606", "91", 4}, {"华南理工大学", "022", "440106", "12", 2},
		{"佛山市顺德区精工电器有限公司", "170", "440606", "91", 3}, {"广州地铁集团有限公司", "110", "440104", "91", 2},
		{"佛山市南海区城市建设投资有限公司", "110", "440605", "91", 2},
	}
}

func heilongjiangBuyers() []buyerSeed {
	return []buyerSeed{
		{"北大荒农垦集团有限公司", "110", "230102", "91", 3}, {"东北农业大学", "022", "230108", "12", 2},
		{"齐齐哈尔市农业技术推广中心", "024", "230202", "12", 2}, {"黑龙江飞鹤乳业有限公司", "150", "230229", "91", 2},
	}
}

// topics are project subjects per technical field.
func topics(f contract.Field) []string {
	switch f {
	case "01":
		return []string{"智慧矿山综合管控平台", "矿井5G专网", "工业互联网数据中台", "安全生产风险监测预警系统", "能源大数据分析平台", "智能视频识别系统", "声学传感模组"}
	case "03":
		return []string{"综采工作面智能控制", "液压支架电液控制", "煤矿井下巡检机器人", "选煤厂智能化改造", "矿用防爆电机", "数控机床远程运维", "柴油机高压共轨"}
	case "04":
		return []string{"中药材规范化种植", "医疗废物无害化处理", "医用射线防护材料", "原料药连续化生产", "药用包装材料相容性评价"}
	case "05":
		return []string{"兰炭基活性炭制备", "煤焦油深加工", "镁合金轻量化材料", "煤基碳纤维", "高性能聚烯烃", "低辐射镀膜玻璃", "功能性纺织面料"}
	case "06":
		return []string{"兰炭尾气制氢", "光伏电站智能运维", "煤矿余热回收利用", "储能电站能量管理", "风光互补微电网", "燃煤锅炉节能改造", "铅炭电池循环寿命提升"}
	case "07":
		return []string{"煤化工高盐废水零排放", "矿井水资源化利用", "煤矸石综合利用", "烟气脱硫脱硝", "固废危废处置", "矿区生态修复"}
	case "09":
		return []string{"沙地设施农业节水灌溉", "马铃薯脱毒种薯繁育", "小杂粮深加工", "羊肉品质追溯", "盐碱地改良", "大豆高产品种选育", "寒地水稻栽培"}
	case "11":
		return []string{"城市智慧供热", "老旧小区节能改造", "地下管网监测", "市政道路沥青再生"}
	}
	return []string{"综合技术"}
}

// aspects vary a topic the way real contract names do.
func aspects() []string {
	return []string{"", "关键技术", "工艺优化", "示范应用", "系统集成", "升级改造", "试验研究", "方案设计"}
}

// typeWeights: development and services dominate, as in the statistics.
func typeWeights() []struct {
	t contract.Type
	w int
} {
	return []struct {
		t contract.Type
		w int
	}{
		{contract.DevEntrusted, 30}, {contract.DevCoop, 8}, {contract.Svc, 30}, {contract.Consult, 10},
		{contract.TrfPatent, 5}, {contract.TrfSecret, 3}, {contract.LicPatent, 3}, {contract.SvcTraining, 3},
		{contract.SvcBroker, 2}, {contract.TrfOtherIP, 2}, {contract.LicSecret, 2}, {contract.LicOtherIP, 1}, {contract.TrfPatentApp, 1},
	}
}

func typeTitle(t contract.Type) string {
	return map[contract.Type]string{
		contract.DevEntrusted: "技术开发（委托）合同", contract.DevCoop: "技术开发（合作）合同", contract.TrfPatent: "专利权转让合同",
		contract.TrfPatentApp: "专利申请权转让合同", contract.TrfSecret: "技术秘密转让合同", contract.TrfOtherIP: "软件著作权转让合同",
		contract.LicPatent: "专利实施许可合同", contract.LicSecret: "技术秘密使用许可合同", contract.LicOtherIP: "软件著作权许可合同",
		contract.Consult: "技术咨询合同", contract.Svc: "技术服务合同", contract.SvcTraining: "技术培训合同", contract.SvcBroker: "技术中介合同",
	}[t]
}

// seller is an enterprise as the contracts snapshot it.
type seller struct {
	id     int64
	zoneID int64
	party  contract.Party
	fields []contract.Field
	weight int
}

// gen draws one zone's contracts.
type gen struct {
	r         *rand.Rand
	plan      zoneContracts
	zoneID    int64
	point     contract.Point
	sellers   []seller
	registrar access.Actor
	applicant access.Actor // the zone's enterprise user
	usedNames map[string]int
	rs        contract.RuleSet
	checker   contract.Checker
}

// Contracts is the registry's demo seeder.
func Contracts(ctx context.Context, tx *store.Tx, ids *IDs) error {
	settings := contract.DefaultSettings()
	rs, _ := contract.RuleSetByID(settings, contract.Legacy2000)
	users, err := demoActors(ctx, tx, ids)
	if err != nil {
		return err
	}
	for _, plan := range contractPlans() {
		zoneID := ids.Zones[plan.slug]
		p := plan.point
		p.ZoneID = zoneID
		point, err := tx.PutPoint(ctx, access.System, p)
		if err != nil {
			return fmt.Errorf("demo point %s: %w", plan.slug, err)
		}
		g := &gen{r: rand.New(rand.NewPCG(plan.seed, plan.seed^0x9e3779b97f4a7c15)), plan: plan, zoneID: zoneID, point: point,
			registrar: users[plan.slug+"-registrar"], applicant: users[plan.slug+"-ent"], usedNames: map[string]int{}, rs: rs,
			checker: contract.Checker{USCC: enterprise.CheckUSCC}}
		for _, s := range plan.sellers {
			sl, err := loadSeller(ctx, tx, ids.Enterprises[s.name])
			if err != nil {
				return fmt.Errorf("demo seller %s: %w", s.name, err)
			}
			sl.fields, sl.weight = s.fields, s.weight
			g.sellers = append(g.sellers, sl)
		}
		items, err := g.build()
		if err != nil {
			return fmt.Errorf("demo contracts %s: %w", plan.slug, err)
		}
		if _, err := tx.ImportContracts(ctx, access.System, "demo", settings, items); err != nil {
			return fmt.Errorf("demo contracts %s: %w", plan.slug, err)
		}
	}
	return nil
}

// demoActors are the zone users the demo's history names.
func demoActors(ctx context.Context, tx *store.Tx, ids *IDs) (map[string]access.Actor, error) {
	out := map[string]access.Actor{}
	for _, u := range Users() {
		if u.Role != access.Registrar && u.Role != access.Enterprise {
			continue
		}
		a := access.Actor{UserID: ids.Users[u.Username], Username: u.Username, Role: u.Role, ZoneID: ids.Zones[u.Scope]}
		if u.Role == access.Enterprise {
			if err := tx.QueryRow(ctx, "SELECT COALESCE(enterprise_id, 0) FROM users WHERE id = ?", a.UserID).Scan(&a.EnterpriseID); err != nil {
				return nil, fmt.Errorf("demo user %s: %w", u.Username, err)
			}
		}
		out[u.Username] = a
	}
	return out, nil
}

// loadSeller reads the enterprise inside the demo transaction (a reader
// connection would not see it yet).
func loadSeller(ctx context.Context, tx *store.Tx, id int64) (seller, error) {
	s := seller{id: id}
	err := tx.QueryRow(ctx, `SELECT e.name, e.uscc, e.nature, COALESCE(NULLIF(a.gb_code, ''), a.city_code), e.zone_id
		FROM enterprises e JOIN areas a ON a.id = e.zone_id WHERE e.id = ?`, id).
		Scan(&s.party.Name, &s.party.USCC, &s.party.Nature, &s.party.Region, &s.zoneID)
	s.party.Country = "CN"
	return s, err
}

func (g *gen) pickSeller() seller {
	total := 0
	for _, s := range g.sellers {
		total += s.weight
	}
	n := g.r.IntN(total)
	for _, s := range g.sellers {
		if n < s.weight {
			return s
		}
		n -= s.weight
	}
	return g.sellers[0]
}

func (g *gen) pickBuyer() contract.Party {
	total := 0
	for _, b := range g.plan.buyers {
		total += b.weight
	}
	n := g.r.IntN(total)
	for i, b := range g.plan.buyers {
		if n < b.weight {
			p := contract.Party{Name: b.name, Nature: contract.Nature(b.nature), Region: b.region, Country: "CN"}
			if b.prefix != "" {
				p.USCC = enterprise.MakeUSCC(fmt.Sprintf("%s%sMA7B%05d", b.prefix, b.region, i+1))
			}
			return p
		}
		n -= b.weight
	}
	return contract.Party{}
}

func (g *gen) pickType() contract.Type {
	total := 0
	for _, x := range typeWeights() {
		total += x.w
	}
	n := g.r.IntN(total)
	for _, x := range typeWeights() {
		if n < x.w {
			return x.t
		}
		n -= x.w
	}
	return contract.DevEntrusted
}

// workday moves a weekend day to a weekday of the same month, never past
// lastDay: Saturday to Friday, Sunday to Monday (at the edges the other way).
func workday(d civil.Date, lastDay int) civil.Date {
	switch d.Time().Weekday() {
	case time.Saturday:
		if d.Day > 1 {
			return d.AddDays(-1)
		}
		return d.AddDays(2)
	case time.Sunday:
		if d.Day < lastDay {
			return d.AddDays(1)
		}
		return d.AddDays(-2)
	}
	return d
}

// at is mid-morning China time on d, for history steps.
func at(d civil.Date, minute int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, demoRegistrarHour, minute%60, 0, 0, time.FixedZone("CST", 8*3600)).UTC()
}

// amountsFixed splits totalFen into n amounts, whole hundreds of yuan, each
// at least minContractUnits, spread like real contracts (log-normal), and
// adding up exactly.
func (g *gen) amountsFixed(n int, totalFen int64) []int64 {
	units := totalFen / contractUnitFen
	w := make([]float64, n)
	var sum float64
	for i := range w {
		w[i] = math.Exp(1.0 * g.r.NormFloat64())
		sum += w[i]
	}
	spare := units - int64(n)*minContractUnits
	out := make([]int64, n)
	var got int64
	for i := range w {
		out[i] = minContractUnits + int64(math.Floor(w[i]/sum*float64(spare)))
		got += out[i]
	}
	for i := 0; got < units; i = (i + 1) % n {
		out[i]++
		got++
	}
	for i := range out {
		out[i] *= contractUnitFen
	}
	return out
}

// amountFree draws one amount around the plan's median.
func (g *gen) amountFree() int64 {
	units := int64(math.Round(float64(g.plan.medianFen/contractUnitFen) * math.Exp(0.9*g.r.NormFloat64())))
	return max(units, minContractUnits) * contractUnitFen
}

// terms draws a contract's terms, signed a few weeks before certified.
func (g *gen) terms(s seller, certified civil.Date, amountFen int64) contract.Terms {
	t := contract.Terms{Type: g.pickType(), Field: s.fields[g.r.IntN(len(s.fields))], Buyer: g.pickBuyer(),
		ContractAmountFen: amountFen, ProgrammeLevel: contract.ProgNone}
	topic := topics(t.Field)[g.r.IntN(len(topics(t.Field)))]
	name := topic + aspects()[g.r.IntN(len(aspects()))] + typeTitle(t.Type)
	if n := g.usedNames[name]; n > 0 {
		g.usedNames[name] = n + 1
		name = fmt.Sprintf("%s（第%d期）", name, n+1)
	} else {
		g.usedNames[name] = 1
	}
	t.Name = name
	t.SignedOn = certified.AddDays(-(12 + g.r.IntN(40)))
	t.ValidFrom = t.SignedOn
	years := 1 + g.r.IntN(3)
	if t.Type.IsLicence() && g.r.IntN(2) == 0 {
		years = 5
	}
	t.ValidTo = civil.Of(t.ValidFrom.Time().AddDate(years, 0, -1))
	switch t.Type {
	case contract.LicPatent:
		t.LicenceSubtype = []contract.LicenceSubtype{contract.LicOrdinary, contract.LicExclusive, contract.LicSole}[g.r.IntN(3)]
	case contract.TrfOtherIP, contract.LicOtherIP:
		t.IPType = contract.IPSoftware
	case contract.DevEntrusted, contract.DevCoop:
		if g.r.IntN(4) == 0 {
			t.IPType = contract.IPPatent
		}
	}
	switch p := g.r.IntN(100); {
	case p < 2:
		t.ProgrammeLevel = contract.ProgNational
	case p < 10:
		t.ProgrammeLevel = contract.ProgProvincial
	case p < 15:
		t.ProgrammeLevel = contract.ProgLocal
	}
	cat := t.Type.Category()
	if (cat == contract.CatDevelopment || cat == contract.CatService) && g.r.IntN(4) == 0 {
		share := int64(5 + g.r.IntN(16)) // 5–20% of the amount, in whole hundreds of yuan
		ded := amountFen / contractUnitFen * share / 100 * contractUnitFen
		if ded > 0 {
			kind := []contract.DeductionKind{contract.DedEquipment, contract.DedInstruments, contract.DedParts, contract.DedRawMaterials}[g.r.IntN(4)]
			t.Deductions = []contract.Deduction{{Kind: kind, AmountFen: ded}}
		}
	}
	if g.r.IntN(10) < 6 {
		paid := amountFen / contractUnitFen * int64(30+g.r.IntN(71)) / 100 * contractUnitFen
		if paid > 0 {
			t.Payments = []contract.Payment{{On: t.SignedOn.AddDays(3 + g.r.IntN(8)), AmountFen: paid}}
		}
	}
	return t
}

// draft is a contract as its seller drafted it, before any step.
func (g *gen) draft(s seller, terms contract.Terms) contract.Contract {
	c := contract.Contract{ZoneID: g.zoneID, SellerID: s.id, Seller: s.party, Terms: terms, Version: 1}
	contract.Normalize(&c)
	return c
}

// creator is who entered a contract: the seller's own user for the zone's
// applicant enterprise, else the registrar on the seller's behalf.
func (g *gen) creator(c contract.Contract) access.Actor {
	if c.SellerID == g.applicant.EnterpriseID {
		return g.applicant
	}
	return g.registrar
}

func step(ev contract.EventKind, from, to contract.Status, a access.Actor, on civil.Date, minute int) contract.HistoryItem {
	return contract.HistoryItem{Step: contract.Step{Event: ev, From: from, To: to, At: at(on, minute), ActorID: a.UserID, Role: a.Role},
		ActorName: a.Username}
}

// accept puts c in the queue on day: rule set, acceptance date, deadline.
func (g *gen) accept(c *contract.Contract, day civil.Date) {
	c.Status, c.RuleSet, c.AcceptedOn = contract.Submitted, g.rs.ID, day
	c.Deadline = g.rs.DeadlineFor(*c)
}

// registered is one registered contract with its history; the number is
// given later, in certificate order.
func (g *gen) registered(certified civil.Date, amountFen int64) store.ContractImport {
	s := g.pickSeller()
	c := g.draft(s, g.terms(s, certified, amountFen))
	created := c.SignedOn.AddDays(1)
	accepted := certified.AddDays(-(1 + g.r.IntN(10)))
	if accepted.Before(created) {
		accepted = created
	}
	g.accept(&c, accepted)
	c.Status, c.CertifiedOn, c.RegisteredBy, c.PointID = contract.Registered, certified, g.registrar.UserID, g.point.ID
	who := g.creator(c)
	return store.ContractImport{Contract: c, CreatedBy: who.UserID, CreatedAt: at(created, 0), History: []contract.HistoryItem{
		step(contract.EvCreate, contract.New, contract.Draft, who, created, 0),
		step(contract.EvSubmit, contract.Draft, contract.Submitted, who, accepted, 5),
		step(contract.EvRegister, contract.Submitted, contract.Registered, g.registrar, certified, 20),
	}}
}

// build draws the zone's contracts and numbers the registered ones.
func (g *gen) build() ([]store.ContractImport, error) {
	var items []store.ContractImport
	for _, y := range g.plan.years {
		var fixed []int64
		if y.fixedMonths > 0 {
			n := 0
			for m := 0; m < y.fixedMonths; m++ {
				n += y.monthly[m]
			}
			fixed = g.amountsFixed(n, y.fixedFen)
		}
		for m := 0; m < 12; m++ {
			last := 28
			if m == 11 {
				last = y.lastDay
			}
			for i := 0; i < y.monthly[m]; i++ {
				day := workday(civil.Date{Year: y.year, Month: time.Month(m + 1), Day: 1 + g.r.IntN(last)}, last)
				amount := g.amountFree()
				if m < y.fixedMonths {
					amount, fixed = fixed[0], fixed[1:]
				}
				items = append(items, g.registered(day, amount))
			}
		}
	}
	if g.plan.slug == "yulin" {
		amendedDemo(items, g.registrar)
		items = append(items, g.yulinStates()...)
	} else {
		items = append(items, g.fewPending()...)
	}
	if err := g.number(items); err != nil {
		return nil, err
	}
	today := demoToday()
	for i := range items {
		if err := g.checker.Validate(items[i].Contract, today); err != nil {
			return nil, fmt.Errorf("contract %q: %w", items[i].Contract.Name, err)
		}
	}
	return items, nil
}

// number gives registered (and later cancelled) contracts their numbers:
// serials 1, 2, … per year in certificate order, as the point issued them.
func (g *gen) number(items []store.ContractImport) error {
	var idx []int
	for i, it := range items {
		if !it.Contract.CertifiedOn.IsZero() {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return items[a].Contract.CertifiedOn.Time().Compare(items[b].Contract.CertifiedOn.Time())
	})
	serial := map[int]int{}
	prov, pref, dist := contract.RegionParts(g.point.RegionCode)
	for _, i := range idx {
		c := &items[i].Contract
		serial[c.CertifiedOn.Year]++
		no, err := g.rs.FormatRegNo(contract.RegNoParts{Year: c.CertifiedOn.Year, Province: prov, Prefecture: pref, District: dist,
			Point: g.point.Code, Serial: serial[c.CertifiedOn.Year]})
		if err != nil {
			return err
		}
		c.RegNo = no
		for h := range items[i].History {
			if items[i].History[h].Event == contract.EvRegister {
				items[i].History[h].RegNo = no
			}
		}
	}
	return nil
}

// sellerNamed is the zone's seller of that name (for the states the
// applicant's own screens should show).
func (g *gen) sellerNamed(name string) seller {
	for _, s := range g.sellers {
		if s.party.Name == name {
			return s
		}
	}
	return g.sellers[0]
}

// pending is a contract accepted on day and still in the queue.
func (g *gen) pending(s seller, accepted civil.Date) store.ContractImport {
	c := g.draft(s, g.terms(s, accepted, g.amountFree()))
	created := accepted.AddDays(-2)
	if created.Before(c.SignedOn) {
		created = c.SignedOn
	}
	g.accept(&c, accepted)
	who := g.creator(c)
	return store.ContractImport{Contract: c, CreatedBy: who.UserID, CreatedAt: at(created, 0), History: []contract.HistoryItem{
		step(contract.EvCreate, contract.New, contract.Draft, who, created, 0),
		step(contract.EvSubmit, contract.Draft, contract.Submitted, who, accepted, 5),
	}}
}

// drafted is a contract its seller is still writing.
func (g *gen) drafted(s seller, created civil.Date) store.ContractImport {
	c := g.draft(s, g.terms(s, created, g.amountFree()))
	c.Status = contract.Draft
	who := g.creator(c)
	return store.ContractImport{Contract: c, CreatedBy: who.UserID, CreatedAt: at(created, 0), History: []contract.HistoryItem{
		step(contract.EvCreate, contract.New, contract.Draft, who, created, 0),
	}}
}

func d(s string) civil.Date { return civil.MustParse(s) }

// yulinStates are Yulin's contracts in every other state, several of them
// the applicant user's own: drafts, submitted ones (two past the deadline),
// one under review, returned, refused, cancelled, and amended registrations.
func (g *gen) yulinStates() []store.ContractImport {
	own := g.sellerNamed("榆林能源化工技术研究院有限公司")
	var out []store.ContractImport
	for i, day := range []string{"2023-12-11", "2023-12-14", "2023-12-15"} {
		s := g.pickSeller()
		if i == 0 {
			s = own
		}
		out = append(out, g.drafted(s, d(day)))
	}
	for i, day := range []string{"2023-11-08", "2023-11-27", "2023-12-08", "2023-12-14"} {
		s := g.pickSeller()
		if i == 1 {
			s = own
		}
		out = append(out, g.pending(s, d(day)))
	}
	review := g.pending(g.pickSeller(), d("2023-11-13"))
	review.Contract.Status = contract.UnderReview
	review.History = append(review.History, step(contract.EvStartReview, contract.Submitted, contract.UnderReview, g.registrar, d("2023-11-15"), 10))
	out = append(out, review)

	for i, x := range []struct{ accepted, returned, reason string }{
		{"2023-11-28", "2023-12-04", "合同未加盖买方公章，请补充完整的签章页后重新提交。"},
		{"2023-12-06", "2023-12-11", "核减的设备费用缺少采购清单，请补充后重新提交。"},
	} {
		s := g.pickSeller()
		if i == 0 {
			s = own
		}
		it := g.pending(s, d(x.accepted))
		it.Contract.Status, it.Contract.ReturnReason = contract.Returned, x.reason
		ret := step(contract.EvReturn, contract.Submitted, contract.Returned, g.registrar, d(x.returned), 30)
		ret.Reason = x.reason
		it.History = append(it.History, ret)
		out = append(out, it)
	}

	for i, x := range []struct {
		accepted, refused string
		code              contract.RefusalReason
		reason            string
	}{
		{"2023-10-16", "2023-10-30", contract.RefNotTech, "合同标的为成套设备采购及安装，不属于技术合同。"},
		{"2023-11-01", "2023-11-20", contract.RefTitleMismatch, "合同名称为技术开发，实际内容为常规检测服务。"},
	} {
		s := g.pickSeller()
		if i == 0 {
			s = own
		}
		it := g.pending(s, d(x.accepted))
		c := &it.Contract
		c.Status, c.RefusalCode, c.RefusalReason, c.RefusedOn = contract.Refused, x.code, x.reason, d(x.refused)
		ref := step(contract.EvRefuse, contract.Submitted, contract.Refused, g.registrar, d(x.refused), 40)
		ref.RefusalCode, ref.Reason = x.code, x.reason
		it.History = append(it.History, ref)
		out = append(out, it)
	}

	for _, x := range []struct{ certified, cancelled, reason string }{
		{"2023-03-15", "2023-07-10", "双方已协议解除合同，申请人申请撤销登记。"},
		{"2023-06-20", "2023-09-05", "经复查，合同存在重复登记，予以撤销。"},
	} {
		it := g.registered(d(x.certified), g.amountFree())
		c := &it.Contract
		c.Status, c.CancelledOn, c.CancelReason = contract.Cancelled, d(x.cancelled), x.reason
		can := step(contract.EvCancel, contract.Registered, contract.Cancelled, g.registrar, d(x.cancelled), 50)
		can.Reason = x.reason
		it.History = append(it.History, can)
		out = append(out, it)
	}
	// Last (so nothing drawn before changes): the applicant's online
	// submission of yesterday, waiting for the point to accept it (待受理).
	out = append(out, g.awaiting(g.sellerNamed("榆林能源化工技术研究院有限公司"), d("2023-12-17")))
	return out
}

// awaiting is a contract its applicant submitted online on day, not yet
// accepted: no acceptance date, rule set or deadline.
func (g *gen) awaiting(s seller, submitted civil.Date) store.ContractImport {
	it := g.pending(s, submitted)
	c := &it.Contract
	c.Status, c.AcceptedOn, c.RuleSet, c.Deadline = contract.Awaiting, civil.Date{}, "", civil.Date{}
	it.History[len(it.History)-1].To = contract.Awaiting
	return it
}

// amendedDemo marks two of Yulin's 2023 registrations as amended (they
// stay registered and counted): the buyer's name and the payments were
// corrected. Kept apart so the figures never depend on it.
func amendedDemo(items []store.ContractImport, registrar access.Actor) {
	n := 0
	for i := range items {
		c := &items[i].Contract
		if c.Status != contract.Registered || c.CertifiedOn.Year != 2023 || c.CertifiedOn.Month > time.September || c.CertifiedOn.Day%7 != 3 {
			continue
		}
		on := c.CertifiedOn.AddDays(21)
		reason := "买方名称变更，依申请更正合同登记信息。"
		c.Amendments, c.AmendedOn, c.AmendReason = 1, on, reason
		am := step(contract.EvAmend, contract.Registered, contract.Registered, registrar, on, 55)
		am.Reason = reason
		items[i].History = append(items[i].History, am)
		if n++; n == 2 {
			return
		}
	}
}

// fewPending gives the other zones one contract in the queue and one draft.
func (g *gen) fewPending() []store.ContractImport {
	return []store.ContractImport{g.pending(g.pickSeller(), d("2023-12-01")), g.drafted(g.pickSeller(), d("2023-12-13"))}
}
