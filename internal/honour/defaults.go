package honour

import "github.com/innopark/innopark/internal/civil"

// Codes of the programmes every installation starts with.
const (
	CodeIPDemo      = "cnipa_ip_demo"      // 国家知识产权示范企业
	CodeIPAdvantage = "cnipa_ip_advantage" // 国家知识产权优势企业
	CodeHighTech    = "high_tech"          // 高新技术企业
	CodeLittleGiant = "srdi_little_giant"  // 专精特新"小巨人"企业
	CodeSRDI        = "srdi_sme"           // 专精特新中小企业
	CodeTechSME     = "tech_sme"           // 科技型中小企业
	CodeGazelle     = "gazelle"            // 瞪羚企业
	CodeRDInstitute = "rd_institution"     // 省级以上研发机构
)

// DefaultProgrammes are the programmes seeded at the first start. Terms are
// those of the programmes' current rules; operators change them per
// programme (a setting, not code).
func DefaultProgrammes() []Programme {
	d := civil.MustParse
	return []Programme{
		{Code: CodeIPDemo, Name: "国家知识产权示范企业", NameEN: "National IP Demonstration Enterprise", Issuer: "国家知识产权局",
			Level: National, Kind: KindIP, TermYears: 3, Prior: CodeIPAdvantage, PriorYears: 3, PriorSince: d("2022-01-01"), Since: d("2013-01-01")},
		{Code: CodeIPAdvantage, Name: "国家知识产权优势企业", NameEN: "National IP Advantage Enterprise", Issuer: "国家知识产权局",
			Level: National, Kind: KindIP, TermYears: 3, Since: d("2013-01-01")},
		{Code: CodeHighTech, Name: "高新技术企业", NameEN: "High-tech Enterprise", Issuer: "科技部、财政部、国家税务总局",
			Level: National, Kind: KindQualification, TermYears: 3, Since: d("2008-01-01")},
		{Code: CodeLittleGiant, Name: `专精特新"小巨人"企业`, NameEN: `Specialised "Little Giant" Enterprise`, Issuer: "工业和信息化部",
			Level: National, Kind: KindQualification, TermYears: 3, Prior: CodeSRDI, KeepPrior: true, Since: d("2019-01-01")},
		{Code: CodeSRDI, Name: "专精特新中小企业", NameEN: "Specialised SME", Issuer: "省工业和信息化厅",
			Level: Province, Kind: KindQualification, TermYears: 3, Since: d("2013-01-01")},
		{Code: CodeTechSME, Name: "科技型中小企业", NameEN: "Technology-based SME", Issuer: "科技部",
			Level: National, Kind: KindQualification, TermYears: 1, Since: d("2017-01-01")},
		{Code: CodeGazelle, Name: "瞪羚企业", NameEN: "Gazelle Enterprise", Issuer: "省科学技术厅",
			Level: Province, Kind: KindQualification, TermYears: 3, Since: d("2016-01-01")},
		{Code: CodeRDInstitute, Name: "省级以上研发机构", NameEN: "Provincial or National R&D Institution", Issuer: "省科学技术厅",
			Level: Province, Kind: KindRDInstitution, Since: d("2000-01-01")},
	}
}
