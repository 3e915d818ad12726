package invest

import (
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/xlsx"
)

// codeNames lists an enumeration's codes with their Chinese names from the
// catalog (the names the pages show), then other spellings.
func codeNames[T ~string](cat *i18n.Catalog, values []T, key func(T) string, more map[T][]string) []xlsx.CodeName {
	out := make([]xlsx.CodeName, 0, len(values))
	for _, v := range values {
		out = append(out, xlsx.CodeName{Code: string(v), Name: cat.T(i18n.ZH, key(v))})
	}
	for _, v := range values {
		for _, n := range more[v] {
			out = append(out, xlsx.CodeName{Code: string(v), Name: n})
		}
	}
	return out
}

// Spec is the file of an import of kind: the sheet an investment bureau
// keeps, with its usual headings. Amounts are in 万元 as the sheets keep
// them; a heading in 元 or 亿元 is read in its unit, one in another unit is
// refused naming the column.
func (m *Importer) Spec(kind ImportKind) xlsx.Spec {
	return ImportSpec(m.Catalog, kind)
}

// ImportSpec is the Spec of kind.
func ImportSpec(cat *i18n.Catalog, kind ImportKind) xlsx.Spec {
	zoneCol := xlsx.Column{Key: "zone", Header: "所属园区", Aliases: []string{"园区"}, Help: "可空；填写时须是导入的园区"}
	projects := xlsx.Column{Key: "projects", Header: "涉及项目", Aliases: []string{"对接项目", "洽谈项目"},
		Help: "本园区招商项目的名称，多个用顿号分隔"}
	switch kind {
	case ImportTrips:
		return xlsx.Spec{Sheet: kind.Sheet(), Columns: []xlsx.Column{
			{Key: "start_on", Header: "开始日期", Aliases: []string{"出发日期", "外出日期"}, Required: true, Kind: xlsx.Date},
			{Key: "end_on", Header: "结束日期", Aliases: []string{"返回日期"}, Kind: xlsx.Date, Help: "空：当天返回"},
			{Key: "province", Header: "目的地省份", Aliases: []string{"省份", "目的地"}, Required: true, Help: "如 北京、上海、山东"},
			{Key: "city", Header: "目的地城市", Aliases: []string{"城市"}},
			{Key: "leader", Header: "带队领导", Aliases: []string{"带队人", "带队"}, Required: true},
			{Key: "people", Header: "人数", Aliases: []string{"出行人数"}, Required: true, Kind: xlsx.Int},
			{Key: "firms", Header: "洽谈企业", Aliases: []string{"拜访企业", "对接企业"}},
			projects,
			{Key: "notes", Header: "备注", Aliases: []string{"成效", "情况说明"}},
			zoneCol,
		}}
	case ImportVisits:
		return xlsx.Spec{Sheet: kind.Sheet(), Columns: []xlsx.Column{
			{Key: "firm", Header: "来访企业", Aliases: []string{"考察企业", "企业名称"}, Required: true},
			{Key: "start_on", Header: "开始日期", Aliases: []string{"考察日期", "来访日期"}, Required: true, Kind: xlsx.Date},
			{Key: "end_on", Header: "结束日期", Kind: xlsx.Date, Help: "空：当天结束"},
			{Key: "hosts", Header: "接待人员", Aliases: []string{"陪同领导", "接待领导"}},
			projects,
			{Key: "notes", Header: "备注", Aliases: []string{"情况说明"}},
			zoneCol,
		}}
	}
	listing := map[string][]string{"none": {"未上市"}, "neeq": {"新三板"}, "a_share": {"A股", "沪深上市"}, "hk": {"港股"}, "other": {"其他"}}
	listingNames := make([]xlsx.CodeName, 0, len(Listings()))
	for _, l := range Listings() {
		for _, n := range listing[l] {
			listingNames = append(listingNames, xlsx.CodeName{Code: l, Name: n})
		}
	}
	natures := make([]xlsx.CodeName, 0, len(enterprise.Natures))
	for _, n := range enterprise.Natures {
		natures = append(natures, xlsx.CodeName{Code: n, Name: cat.T(i18n.ZH, "enterprise.nature."+n)})
	}
	sections := make([]xlsx.CodeName, 0, len(enterprise.Industries))
	for _, s := range enterprise.Industries {
		sections = append(sections, xlsx.CodeName{Code: s, Name: cat.T(i18n.ZH, "enterprise.industry."+s)})
	}
	return xlsx.Spec{Sheet: kind.Sheet(), Columns: []xlsx.Column{
		{Key: "name", Header: "项目名称", Required: true, Help: "本园区内不能重名"},
		{Key: "investor", Header: "投资方", Aliases: []string{"投资方名称", "投资主体", "投资企业"}, Required: true},
		{Key: "investor_uscc", Header: "投资方统一社会信用代码", Aliases: []string{"投资方信用代码"}, Kind: xlsx.Ident, Help: "已知时填写"},
		{Key: "origin", Header: "来源地", Aliases: []string{"投资方来源地", "项目来源"}, Required: true, Kind: xlsx.Code,
			Codes: codeNames(cat, Origins(), Origin.Key, nil), Help: "省外、省内市外或本市"},
		{Key: "investor_listing", Header: "上市情况", Kind: xlsx.Code, Codes: listingNames, Help: "空：未上市"},
		{Key: "investor_honours", Header: "投资方荣誉", Aliases: []string{"企业荣誉"}, Help: "如 专精特新“小巨人”"},
		{Key: "industry", Header: "产业", Aliases: []string{"所属产业", "产业类别"}, Required: true, Kind: xlsx.Code,
			Codes: codeNames(cat, Industries(), func(s string) string { return IndustryKey(s) }, nil)},
		{Key: "mode", Header: "招商方式", Aliases: []string{"招商模式"}, Required: true, Kind: xlsx.Code,
			Codes: codeNames(cat, Modes(), Mode.Key, map[Mode][]string{ModeIndustry: {"产业"}, ModeVenture: {"创投"}, ModeFund: {"基金"}, ModeBusiness: {"以商"}})},
		{Key: "planned_fen", Header: "计划投资额（万元）", Aliases: []string{"计划投资（万元）", "总投资（万元）", "投资额（万元）"}, Required: true,
			Kind: xlsx.Money, Unit: xlsx.Wan},
		{Key: "park", Header: "目标园区", Aliases: []string{"落地园区", "拟落户园区"}},
		{Key: "owner", Header: "责任人", Aliases: []string{"项目责任人", "负责人"}},
		{Key: "agreement", Header: "协议类型", Aliases: []string{"签约类型"}, Kind: xlsx.Code,
			Codes: codeNames(cat, Agreements(), Agreement.Key, nil), Help: "签约后填写"},
		{Key: "facts", Header: "项目情况", Aliases: []string{"主要情况", "项目简介"}},
		{Key: "stage", Header: "阶段", Aliases: []string{"项目阶段", "进展阶段"}, Required: true, Kind: xlsx.Code,
			Codes: codeNames(cat, AllStages(), Stage.Key, map[Stage][]string{StageSigned: {"已签约"}, StageRegistered: {"已注册"},
				StageStarted: {"已开工"}, StageProduction: {"已投产"}, StageTerminated: {"已终止"}}),
			Help: "线索、洽谈、考察、意向、签约、注册、开工、投产或终止"},
		{Key: "lead_on", Header: "首次接洽日期", Aliases: []string{"线索日期", "接洽日期"}, Kind: xlsx.Date, Help: "空：取所填最早的日期"},
		{Key: "stage_on", Header: "阶段日期", Aliases: []string{"进入阶段日期"}, Kind: xlsx.Date,
			Help: "洽谈、考察、意向、终止必填：进入该阶段（终止）的日期"},
		{Key: "signed_on", Header: "签约日期", Kind: xlsx.Date, Help: "签约及以后阶段必填"},
		{Key: "start_due", Header: "约定开工日期", Aliases: []string{"协议开工日期"}, Kind: xlsx.Date},
		{Key: "registered_on", Header: "注册日期", Aliases: []string{"注册登记日期"}, Kind: xlsx.Date, Help: "注册及以后阶段必填"},
		{Key: "started_on", Header: "开工日期", Kind: xlsx.Date, Help: "开工及以后阶段必填"},
		{Key: "production_on", Header: "投产日期", Kind: xlsx.Date, Help: "投产阶段必填"},
		{Key: "terminated_reason", Header: "终止原因", Help: "终止必填"},
		{Key: "uscc", Header: "注册企业统一社会信用代码", Aliases: []string{"注册企业信用代码", "落地企业统一社会信用代码"}, Kind: xlsx.Ident,
			Help: "注册及以后阶段必填；企业名录中没有的将新建"},
		{Key: "company", Header: "注册企业名称", Aliases: []string{"落地企业名称"}, Help: "企业名录中没有该企业时必填"},
		{Key: "nature", Header: "注册企业类型", Aliases: []string{"企业登记注册类型"}, Kind: xlsx.Code, Codes: natures,
			Help: "企业名录中没有该企业时必填"},
		{Key: "ent_industry", Header: "注册企业行业", Aliases: []string{"国民经济行业门类"}, Kind: xlsx.Code, Codes: sections,
			Help: "GB/T 4754 门类；企业名录中没有该企业时必填"},
		{Key: "registered_fen", Header: "注册资本（万元）", Aliases: []string{"注册资金（万元）"}, Kind: xlsx.Money, Unit: xlsx.Wan},
		{Key: "paid_in_fen", Header: "实缴资本（万元）", Aliases: []string{"实缴资金（万元）", "实到资本（万元）"}, Kind: xlsx.Money, Unit: xlsx.Wan},
		{Key: "arrived_fen", Header: "到位资金（万元）", Aliases: []string{"累计到位资金（万元）"}, Kind: xlsx.Money, Unit: xlsx.Wan,
			Help: "签约后填写"},
		{Key: "arrived_on", Header: "到位日期", Aliases: []string{"资金到位日期"}, Kind: xlsx.Date, Help: "填写到位资金时必填"},
		{Key: "arrival_note", Header: "到位说明", Help: "到位资金超过计划投资额时必填"},
		zoneCol,
	}}
}
