package contractio

import (
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/xlsx"
)

// Sheet is the worksheet an import reads and an export writes. A workbook
// without it is refused naming the sheets it has, so a file meant for
// something else is not read as contracts.
const Sheet = "技术合同"

// Column keys. Most are the field names contract validation reports (see
// contract.Checker.Validate), so a problem it finds lands in its column.
const (
	colName           = "name"
	colContractNo     = "contract_no"
	colType           = "type"
	colSubtype        = "licence_subtype"
	colSignedOn       = "signed_on"
	colValidFrom      = "valid_from"
	colValidTo        = "valid_to"
	colField          = "field"
	colIPType         = "ip_type"
	colProgramme      = "programme_level"
	colSellerName     = "seller.name"
	colSellerUSCC     = "seller.uscc"
	colBuyerName      = "buyer.name"
	colBuyerUSCC      = "buyer.uscc"
	colBuyerNature    = "buyer.nature"
	colBuyerRegion    = "buyer.region"
	colBuyerCountry   = "buyer.country"
	colContractAmount = "contract_amount_fen"
	colTechAmount     = "tech_amount_fen"
	colStatus         = "status"
	colRegNo          = "reg_no"
	colCertifiedOn    = "certified_on"
	colAcceptedOn     = "accepted_on"
	colCancelledOn    = "cancelled_on"
	colCancelReason   = "cancel_reason"
	colRefusalCode    = "refusal_code"
	colRefusalReason  = "refusal_reason"
	colRefusedOn      = "refused_on"
	// The national system's 认定登记机构: read for checking, not stored
	// (imported records are registered at the zone's point).
	colAuthority = "authority"
	// Export only: ignored when a file is imported again.
	colZone    = "zone"
	colRuleSet = "rule_set"
	colID      = "id"
)

// dedColumn is the column of a deduction kind.
func dedColumn(k contract.DeductionKind) string { return "deduction." + string(k) }

// dedHeaders are the headings of the deduction columns, as the form's
// non-technical costs (非技术性支出) section names them, and other spellings.
func dedHeaders(k contract.DeductionKind) (string, []string) {
	switch k {
	case contract.DedEquipment:
		return "非技术性支出-设备（元）", []string{"设备费（元）", "非技术性支出：设备（元）", "核减设备费（元）"}
	case contract.DedInstruments:
		return "非技术性支出-仪器（元）", []string{"仪器费（元）", "非技术性支出：仪器（元）", "核减仪器费（元）"}
	case contract.DedParts:
		return "非技术性支出-零部件（元）", []string{"零部件费（元）", "非技术性支出：零部件（元）", "核减零部件费（元）"}
	case contract.DedRawMaterials:
		return "非技术性支出-原材料（元）", []string{"原材料费（元）", "非技术性支出：原材料（元）", "核减原材料费（元）"}
	}
	return string(k), nil
}

// importableStatuses are the states a historical record may be imported
// in: a registration (the default), one cancelled later, and a refusal.
// Pending states are live work with deadlines, not history; they are
// entered through the form or the API.
func importableStatuses() []contract.Status {
	return []contract.Status{contract.Registered, contract.Cancelled, contract.Refused}
}

// codes lists the values of an enumeration with their Chinese names, from
// the catalog (the same names the pages show), plus other spellings.
func codes[T ~string](cat *i18n.Catalog, values []T, key func(T) string, more map[T][]string) []xlsx.CodeName {
	out := make([]xlsx.CodeName, 0, len(values))
	for _, v := range values {
		out = append(out, xlsx.CodeName{Code: string(v), Name: cat.T(i18n.ZH, key(v))})
	}
	// Other spellings after every primary name: exports write the first
	// name of a code, and the template's drop-down lists these too.
	for _, v := range values {
		for _, n := range more[v] {
			out = append(out, xlsx.CodeName{Code: string(v), Name: n})
		}
	}
	return out
}

// Spec is the import file: the registration form's fields with the headings
// printed on it. Codes are accepted as the stable code or the Chinese name.
func Spec(cat *i18n.Catalog) xlsx.Spec {
	typeNames := map[contract.Type][]string{
		contract.DevEntrusted: {"技术开发（委托）", "委托开发合同"},
		contract.DevCoop:      {"技术开发（合作）", "合作开发合同"},
		contract.TrfPatent:    {"技术转让（专利权）"},
		contract.TrfSecret:    {"技术转让（技术秘密）"},
		contract.LicPatent:    {"技术许可（专利实施）"},
		contract.Consult:      {"技术咨询合同"},
		contract.Svc:          {"技术服务合同"},
	}
	cols := []xlsx.Column{
		{Key: colName, Header: "合同名称", Aliases: []string{"项目名称", "技术合同名称"}, Required: true,
			Help: "合同文本上的名称"},
		{Key: colContractNo, Header: "合同编号", Aliases: []string{"合同号", "当事人合同编号"}, Kind: xlsx.Ident,
			Help: "双方在合同文本上的编号，没有则空；不是登记编号"},
		{Key: colType, Header: "合同类型", Aliases: []string{"合同类别", "技术合同类别"}, Required: true, Kind: xlsx.Code,
			Codes: codes(cat, contract.Types(), contract.Type.Key, typeNames), Help: "按《民法典》技术合同章的分类"},
		{Key: colSubtype, Header: "许可方式", Aliases: []string{"专利实施许可方式"}, Kind: xlsx.Code,
			Codes: codes(cat, contract.LicenceSubtypes(), contract.LicenceSubtype.Key, nil), Help: "仅专利实施许可填写：独占、排他或普通"},
		{Key: colSignedOn, Header: "签订日期", Aliases: []string{"合同签订日期"}, Required: true, Kind: xlsx.Date},
		{Key: colValidFrom, Header: "有效期起", Aliases: []string{"合同有效期起", "有效期开始"}, Required: true, Kind: xlsx.Date},
		{Key: colValidTo, Header: "有效期止", Aliases: []string{"合同有效期止", "有效期结束"}, Required: true, Kind: xlsx.Date},
		{Key: colField, Header: "技术领域", Aliases: []string{"所属技术领域"}, Required: true, Kind: xlsx.Code,
			Codes: codes(cat, contract.Fields(), contract.Field.Key, nil), Help: "代码 01–11 或名称"},
		{Key: colIPType, Header: "知识产权类型", Aliases: []string{"涉及知识产权"}, Kind: xlsx.Code,
			Codes: codes(cat, contract.IPTypes(), contract.IPType.Key, nil), Help: "空：按合同类型推定（专利类为专利，技术秘密类为技术秘密，其余为未涉及）"},
		{Key: colProgramme, Header: "计划来源", Aliases: []string{"项目级别", "计划级别"}, Kind: xlsx.Code,
			Codes: codes(cat, contract.ProgrammeLevels(), contract.ProgrammeLevel.Key, nil), Help: "空：非计划项目"},
		{Key: colSellerName, Header: "卖方名称", Aliases: []string{"卖方", "卖方单位名称", "登记单位"},
			Help: "空：用企业名录中的名称"},
		{Key: colSellerUSCC, Header: "卖方统一社会信用代码", Aliases: []string{"卖方信用代码", "卖方社会信用代码"}, Required: true,
			Kind: xlsx.Ident, Help: "须是本园区企业名录中的企业；不在名录中的请先添加企业"},
		{Key: colBuyerName, Header: "买方名称", Aliases: []string{"买方", "买方单位名称"}, Required: true},
		{Key: colBuyerUSCC, Header: "买方统一社会信用代码", Aliases: []string{"买方信用代码", "买方社会信用代码"},
			Kind: xlsx.Ident, Help: "个人、境外买方可空"},
		{Key: colBuyerNature, Header: "买方性质", Aliases: []string{"买方单位性质"}, Required: true, Kind: xlsx.Code,
			Codes: codes(cat, contract.Natures(), contract.Nature.Key, nil), Help: "三位代码或名称"},
		{Key: colBuyerRegion, Header: "买方所在地区代码", Aliases: []string{"买方所在地区划代码", "买方地区代码", "买方所在地"},
			Kind: xlsx.Ident, Help: "GB/T 2260 六位行政区划代码；境内买方必填"},
		{Key: colBuyerCountry, Header: "买方国别", Aliases: []string{"买方国家"}, Help: "两位字母代码，空为 CN"},
		{Key: colContractAmount, Header: "成交额（元）", Aliases: []string{"合同成交额（元）", "合同金额（元）", "成交金额（元）"}, Required: true, Kind: xlsx.Money},
	}
	for _, k := range contract.DeductionKinds() {
		h, aliases := dedHeaders(k)
		cols = append(cols, xlsx.Column{Key: dedColumn(k), Header: h, Aliases: aliases, Kind: xlsx.Money,
			Help: "核减的非技术性费用，无则空"})
	}
	cols = append(cols,
		xlsx.Column{Key: colTechAmount, Header: "技术交易额（元）", Aliases: []string{"技术交易金额（元）"}, Kind: xlsx.Money,
			Help: "空：成交额减非技术性支出；与之不同时按登记机构核定的金额记录"},
		xlsx.Column{Key: colStatus, Header: "登记状态", Aliases: []string{"状态"}, Kind: xlsx.Code,
			Codes: codes(cat, importableStatuses(), contract.Status.Key, nil), Help: "空：已登记。只能导入已登记、已撤销、未予登记的记录"},
		xlsx.Column{Key: colRegNo, Header: "登记编号", Aliases: []string{"合同登记编号", "登记号", "技术合同登记号"}, Kind: xlsx.Ident,
			Help: "已登记、已撤销必填；位数按受理日期适用的规则（2026-03-01 前为 14 位，之后为 16 位）"},
		xlsx.Column{Key: colCertifiedOn, Header: "登记日期", Aliases: []string{"认定登记日期", "登记证明日期"}, Kind: xlsx.Date,
			Help: "登记证明的日期；已登记、已撤销必填"},
		xlsx.Column{Key: colAcceptedOn, Header: "受理日期", Kind: xlsx.Date, Help: "空：同登记日期（未予登记的为未予登记日期）；决定适用的规则"},
		xlsx.Column{Key: colCancelledOn, Header: "撤销日期", Aliases: []string{"撤销登记日期"}, Kind: xlsx.Date, Help: "已撤销必填"},
		xlsx.Column{Key: colCancelReason, Header: "撤销原因", Aliases: []string{"撤销理由"}, Help: "已撤销必填"},
		xlsx.Column{Key: colRefusalCode, Header: "未予登记原因", Aliases: []string{"不予登记原因"}, Kind: xlsx.Code,
			Codes: codes(cat, contract.RefusalReasons(), contract.RefusalReason.Key, nil), Help: "未予登记必填"},
		xlsx.Column{Key: colRefusalReason, Header: "未予登记说明", Aliases: []string{"不予登记理由", "未予登记理由"}, Help: "原因为“其他原因”时必填"},
		xlsx.Column{Key: colRefusedOn, Header: "未予登记日期", Aliases: []string{"不予登记日期"}, Kind: xlsx.Date, Help: "未予登记必填"},
		xlsx.Column{Key: colAuthority, Header: "认定登记机构", Aliases: []string{"登记机构", "技术合同认定登记机构"}, Ignore: true,
			Help: "仅供核对：导入的记录登记在本园区的登记点"},
	)
	return xlsx.Spec{Sheet: Sheet, Columns: cols}
}

// ExportSpec is Spec with a few facts an export adds for reading; an import
// of the export ignores them (they are not the form's).
func ExportSpec(cat *i18n.Catalog) xlsx.Spec {
	s := Spec(cat).Written()
	s.Columns = append(s.Columns,
		xlsx.Column{Key: colZone, Header: "园区"},
		xlsx.Column{Key: colRuleSet, Header: "适用规则", Kind: xlsx.Code,
			Codes: codes(cat, contract.RuleSetIDs(), contract.RuleSetID.Key, nil)},
		xlsx.Column{Key: colID, Header: "系统编号", Kind: xlsx.Int},
	)
	return s
}
