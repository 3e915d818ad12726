package bulletin

import (
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/indicator"
)

// Modules with default templates.
const (
	ModuleTechContract = "tech_contract"
	ModuleHonour       = "honour"
	ModuleOrgTalent    = "org"
	ModuleInvest       = "invest"
	ModuleProject      = "project"
)

// techContractHeadline leads with the change in amount, the figure the page
// reports, and falls back to the count when there is no base year.
const techContractHeadline = `{{$c := change .N.amount (opt .N "prev_amount") -}}
{{if or $c.NoBase (not .AsOf.IsZero)}}{{.Zone}}{{months .Period}}认定登记技术合同{{count .N.count "项"}}
{{- else}}{{.Zone}}技术合同登记额{{yoy $c 0}}{{end}}`

// techContractBody is the first paragraph of the Yulin item, then the zone's
// own account of its work when given (facts S.work).
const techContractBody = `本报讯 {{when .Period .Date}}，{{.Zone}}共认定登记技术合同{{count .N.count "项"}}，登记金额{{money .N.amount}}，
{{- if .AsOf.IsZero}}{{yoy (change .N.amount (opt .N "prev_amount")) 0 "上年同期无登记"}}{{else}}数据截至{{date .AsOf.String}}{{end}}
{{- with target .City .N.amount (opt .N "target")}}，{{.}}{{end}}。
{{- with completion .N.amount (opt .N "target")}}{{if lt $.Period.To.Month 12}}
{{- if pctAbove . 100}}全年目标任务已提前超额完成。{{else if pctAtLeast . 100}}全年目标任务已提前完成。{{end}}
{{- end}}{{end}}
{{- if has .Rank "amount"}}登记金额{{rank .Rank.amount .City}}。{{end}}
{{if has .S "work"}}{{.S.work}}{{end}}`

const honourHeadline = `{{.S.programme}}再添{{count .N.selected "家"}}`

// honourBody follows the Zibo item: the notice, who was selected, and what
// the zone holds after it, with its rank in the city when known.
const honourBody = `本报讯 近日，{{.S.issuer}}发布《{{.S.notice}}》，{{.Zone}}{{count .N.selected "家"}}企业成功入选。
{{if or (has .L "demo") (has .L "advantage")}}其中，
{{- if has .L "demo"}}{{join .L.demo "、" "和"}}入选{{.S.demo_title}}{{if has .L "advantage"}}；{{end}}{{end}}
{{- if has .L "advantage"}}{{join .L.advantage "、" "和"}}入选{{.S.advantage_title}}{{end}}。{{end}}
至此，{{.Zone}}拥有{{.S.demo_title}}{{count .N.held_demo "家"}}、{{.S.advantage_title}}{{count .N.held_advantage "家"}}
{{- if has .Rank "held"}}，入围数量{{rank .Rank.held .City}}{{end}}。`

const orgTalentHeadline = `组建产业链党委 实施{{cn .N.programmes}}大人才工程`

// orgTalentBody follows the Weifang item: pledges and organisations by
// mode, the national honour, the chains, the talent programmes and the
// online branches, each sentence only when its figures are there.
const orgTalentBody = `本报讯 {{when .Period .Date}}，{{.Zone}}{{count .N.pledged "家"}}企业签约入驻前签订承诺书，
{{- if has .L "modes"}}通过{{join .L.modes "、"}}等方式{{end}}成立党组织{{count .N.orgs "个"}}，覆盖企业{{count .N.covered "家"}}
{{- with share .N.covered .N.should_cover}}，覆盖率{{pct . 1}}{{end}}。
{{- if has .S "honour"}}{{.S.honour_org}}被{{.S.honour_issuer}}授予{{.S.honour}}。{{end}}
{{if gt .N.chains 0}}{{.Zone}}在{{join .L.chains "、"}}{{if gt .N.chains (len .L.chains)}}等{{end}}{{count .N.chains "个"}}{{.S.province}}级以上特色产业链条上组建产业链党委或党建联盟。{{end}}
{{- if has .L "programmes"}}实施{{join .L.programmes "、"}}{{cn .N.programmes}}大工程。{{end}}
{{if gt .N.online 0}}{{if has .L "platforms"}}依托{{join .L.platforms "、"}}等平台，{{end}}建立{{count .N.online "个"}}开放式“网上党支部”。{{end}}`

// investSince opens the Qiqihar item: "今年以来" for a period from January
// of this year, else the period as the other items say it.
const investSince = `{{if and (eq .Period.From.Month 1) (eq .Period.From.Year .Date.Year)}}今年以来{{else}}{{when .Period .Date}}{{end}}`

const investResultsHeadline = `{{.Zone}}招商引资结硕果`

// investResultsBody is the first paragraph of the Qiqihar item: where the
// zone went, how often, and what it signed and holds in intent.
const investResultsBody = `本报讯 ` + investSince + `，{{.Zone}}
{{- if has .L "destinations"}}{{if gt .N.trips 1}}先后{{end}}赴{{join .L.destinations "、"}}等地开展项目洽谈{{count .N.trips "次"}}，{{end}}
{{- if gt .N.visits 0}}邀请相关企业前来考察{{count .N.visits "次"}}，{{end}}
{{- ""}}达成签约项目{{count .N.signed "个"}}
{{- if gt .N.intent 0}}；意向合作项目{{count .N.intent "个"}}{{end}}。`

const investCapitalHeadline = `{{.Zone}}新引进企业注册资本{{money .N.registered_total}}`

// investCapitalBody names the largest registrations with their capital
// ("注册资金" when nothing is paid in yet, else registered and paid in) and
// the guiding fund's target size.
const investCapitalBody = `本报讯 ` + investSince + `，{{.Zone}}
{{- if has .S "reg1_company"}}引入{{.S.reg1_investor}}在高新区注册成立{{.S.reg1_company}}，
{{- if opt .N "reg1_paid"}}注册资本{{money .N.reg1_registered}}、实缴{{money .N.reg1_paid}}{{else}}注册资金{{money .N.reg1_registered}}{{end}}{{end}}
{{- if has .S "reg2_company"}}；引入{{.S.reg2_investor}}在高新区注册成立{{.S.reg2_company}}，
{{- if opt .N "reg2_paid"}}注册资本{{money .N.reg2_registered}}、实缴{{money .N.reg2_paid}}{{else}}注册资金{{money .N.reg2_registered}}{{end}}{{end}}
{{- if has .S "reg1_company"}}。{{end}}
{{- if has .S "fund_manager"}}与{{.S.fund_manager}}合作设立政府产业引导基金，目标规模{{money .N.fund_target}}。{{end}}`
const projectHeadline = `{{.S.project}}获评{{.S.award}}`

// projectBody follows the Foshan item: the award and who gave it, the
// builder, investment, start and finish against plan, and the scope.
const projectBody = `本报讯 近日，{{.Zone}}{{if has .S "park"}}{{.S.park}}{{end}}建设工作再传喜讯，{{.S.project}}项目获评“{{.S.award}}”。` +
	`此次获奖是{{.S.issuer}}对该工程标准化、规范化、精细化管理的高度认可。` +
	`该项目由{{.S.builder}}负责建设，总投资{{money .N.total}}，于{{date .S.started}}开工建设、{{date .S.finished}}` +
	`{{if has .N "days_ahead"}}提前{{.N.days_ahead}}天{{else if has .N "days_late"}}比计划推迟{{.N.days_late}}天{{else}}按期{{end}}{{.S.finish_words}}。` +
	`{{if or (has .L "roads") (has .L "parks") (has .L "others")}}项目包含` +
	`{{if has .L "roads"}}{{quoted .L.roads}}{{num (len .L.roads) "条"}}市政路{{end}}` +
	`{{if and (has .L "roads") (or (has .L "parks") (has .L "others"))}}和{{end}}` +
	`{{if has .L "parks"}}{{num (len .L.parks) "个"}}{{join .L.parks "、"}}{{end}}` +
	`{{if and (has .L "parks") (has .L "others")}}以及{{end}}` +
	`{{if has .L "others"}}{{join .L.others "、" "和"}}{{end}}。{{end}}`

// DefaultTemplates returns the templates a new installation starts with.
// Staff edit copies; these stay as the reference (and the golden tests).
func DefaultTemplates() []Template {
	return []Template{
		{Module: ModuleTechContract, Key: "yoy", Lang: i18n.ZH, Version: 1,
			Headline: techContractHeadline, Body: techContractBody},
		{Module: ModuleHonour, Key: "holdings", Lang: i18n.ZH, Version: 1,
			Headline: honourHeadline, Body: honourBody},
		{Module: ModuleOrgTalent, Key: "coverage", Lang: i18n.ZH, Version: 1,
			Headline: orgTalentHeadline, Body: orgTalentBody},
		{Module: ModuleInvest, Key: "results", Lang: i18n.ZH, Version: 1,
			Headline: investResultsHeadline, Body: investResultsBody},
		{Module: ModuleInvest, Key: "capital", Lang: i18n.ZH, Version: 1,
			Headline: investCapitalHeadline, Body: investCapitalBody},
		{Module: ModuleProject, Key: "award", Lang: i18n.ZH, Version: 1,
			Headline: projectHeadline, Body: projectBody},
	}
}

// DefaultTemplate returns the default template of module and key.
func DefaultTemplate(module, key string) (Template, bool) {
	for _, t := range DefaultTemplates() {
		if t.Module == module && t.Key == key {
			return t, true
		}
	}
	return Template{}, false
}

// SampleFacts returns the facts of the newspaper page (2023-12-18) for module,
// for previews in the template editor. Each call returns fresh maps.
//
// Yulin's amounts are chosen to give the page's figures: 3.8016亿元 reads
// 3.8亿元; against 3.3056亿元 a year earlier that is +15.0%; against a target
// of 3.62亿元 it is 105.0%.
func SampleFacts(module string) (Facts, bool) {
	date := civil.MustParse("2023-12-18")
	switch module {
	case ModuleTechContract:
		return Facts{
			Zone: "榆林高新区", City: "榆林市", Date: date,
			Period: indicator.Must(indicator.YTD(2023, 11)),
			N: map[string]int64{
				"count":       385,
				"amount":      38_016_000_000, // fen
				"prev_amount": 33_056_000_000,
				"target":      36_200_000_000,
			},
			S: map[string]string{
				"work": "今年以来，榆林高新区科技创新局升级出台《榆林高新区支持科技创新若干措施(修订)》等政策，" +
					"组织工作人员赴企业宣讲技术合同登记优惠政策，开展“一对一”技术合同认定登记指导，" +
					"对技术合同进行分类汇总梳理，对符合条件的技术合同进行登记演示，充分调动企业申报技术合同认定登记的积极性和主动性。",
			},
		}, true
	case ModuleProject:
		return Facts{
			Zone: "佛山高新区", City: "佛山市", Date: date,
			Period: indicator.Must(indicator.Year(2023)),
			N:      map[string]int64{"total": 26_000_000_000, "days_ahead": 101},
			S: map[string]string{
				"project": "创新灯塔社区市政配套工程（北区）", "park": "佛山人才创新灯塔产业园",
				"award": "2023年度广东省市政优良样板工程", "issuer": "广东省市政行业协会", "builder": "广东佛高控股公司",
				"started": "2021-01-06", "finished": "2022-09-27", "finish_words": "完工通车",
			},
			L: map[string][]string{"roads": {"灯塔路", "火炬路"}, "parks": {"人才公园"}},
		}, true
	case ModuleHonour:
		return Facts{
			Zone: "淄博高新区", City: "淄博市", Date: date,
			Period: indicator.Must(indicator.Year(2023)),
			N:      map[string]int64{"selected": 7, "held_demo": 7, "held_advantage": 5},
			S: map[string]string{
				"programme":       "知识产权优势示范企业",
				"issuer":          "国家知识产权局",
				"notice":          "关于确定2023年新一批及通过复核的国家知识产权示范企业和优势企业的通知",
				"demo_title":      "国家知识产权示范企业",
				"advantage_title": "国家知识产权优势企业",
			},
			L: map[string][]string{
				"demo": {"山东亚华电子股份有限公司", "山东瑞邦智能装备股份有限公司", "淄博鑫旭电源科技有限公司"},
				"advantage": {"山东金晶科技股份有限公司", "山东新华医疗器械股份有限公司",
					"山东新华制药股份有限公司", "鲁泰纺织股份有限公司"},
			},
			Rank: map[string]indicator.Rank{"held": {Position: 1, Of: 10}},
		}, true
	case ModuleOrgTalent:
		return Facts{
			Zone: "潍坊高新区", City: "潍坊市", Date: date,
			Period: indicator.Must(indicator.YTD(2023, 11)),
			N:      map[string]int64{"pledged": 19, "orgs": 11, "covered": 18, "should_cover": 19, "chains": 6, "programmes": 5, "online": 79},
			S:      map[string]string{"province": "山东省", "honour_org": "歌尔集团党委", "honour_issuer": "党中央", "honour": "全国先进基层党组织"},
			L: map[string][]string{
				"modes":  {"单建", "联建", "派建"},
				"chains": {"动力装备", "新一代信息技术"},
				"programmes": {"顶尖人才“金鸢领航”", "领军人才“银鸢跃腾”", "青年人才“青鸢初飞”",
					"海外人才“归鸢合鸣”", "技能人才“蓝鸢匠心”"},
				"platforms": {"企业OA", "微信"},
			},
		}, true
	case ModuleInvest:
		return Facts{
			Zone: "齐齐哈尔高新区", City: "齐齐哈尔市", Date: date,
			Period: indicator.Must(indicator.YTD(2023, 11)),
			N: map[string]int64{"trips": 4, "visits": 4, "signed": 5, "intent": 2, "registrations": 3,
				"registered_total": 110_000_000_00, "reg1_registered": 70_000_000_00, "reg1_paid": 0,
				"reg2_registered": 30_000_000_00, "reg2_paid": 10_000_000_00, "fund_target": 2_000_000_000_00},
			S: map[string]string{"reg1_investor": "北京国豆盛为种子科技有限公司", "reg1_company": "国豆优福（黑龙江）药膳食品有限公司",
				"reg2_investor": "北京信直凰铸集团", "reg2_company": "黑龙江信果创业投资有限公司", "fund_manager": "山东舜恒私募基金管理有限公司"},
			L: map[string][]string{"destinations": {"北京", "上海", "山东"}},
		}, true
	}
	return Facts{}, false
}
