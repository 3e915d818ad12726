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
	ModuleProject      = "project"
)

// techContractHeadline leads with the change in amount, the figure the page
// reports, and falls back to the count when there is no base year.
const techContractHeadline = `{{$c := change .N.amount (opt .N "prev_amount") -}}
{{if $c.NoBase}}{{.Zone}}{{months .Period}}认定登记技术合同{{count .N.count "项"}}
{{- else}}{{.Zone}}技术合同登记额{{yoy $c 0}}{{end}}`

// techContractBody is the first paragraph of the Yulin item, then the zone's
// own account of its work when given (facts S.work).
const techContractBody = `本报讯 {{when .Period .Date}}，{{.Zone}}共认定登记技术合同{{count .N.count "项"}}，登记金额{{money .N.amount}}，
{{- yoy (change .N.amount (opt .N "prev_amount")) 0 "上年同期无登记"}}
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
	}
	return Facts{}, false
}
