// Package projectio imports a zone's key-project ledger (重点项目台账) and
// the projects' monthly or 旬 investment reports from .xlsx or .csv, as
// modules of the generic import runner (internal/imports): every row is
// checked by the rules the forms and the API use (internal/project), every
// problem of every row is reported at once, and a file with a bad row stores
// nothing unless bad rows are to be skipped.
package projectio

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/innopark/innopark/internal/civil"

	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/project"
	"github.com/innopark/innopark/internal/xlsx"
)

// Job kinds.
const (
	KindProjects = "project_import"        // the project list
	KindReports  = "project_report_import" // investment reports
)

// Sheets the files are read from (an xlsx without them is refused, naming
// the sheets it has; a CSV has one).
const (
	SheetProjects = "重点项目"
	SheetReports  = "投资进度"
)

// Column keys: the field names project validation reports, so a problem it
// finds lands in its column.
const (
	colName          = "name"
	colBuilder       = "builder"
	colBuilderUSCC   = "builder_uscc"
	colPark          = "park_id"
	colCategory      = "category"
	colLevel         = "level"
	colCadence       = "cadence"
	colTotal         = "total_fen"
	colPlannedStart  = "planned_start"
	colPlannedFinish = "planned_finish"
	colStartedOn     = "started_on"
	colFinishedOn    = "finished_on"
	colResponsible   = "responsible"
	colSummary       = "summary"

	colPeriod       = "period"
	colXun          = "xun"
	colPlanned      = "planned_fen"
	colCompleted    = "completed_fen"
	colCumulative   = "cumulative_fen"
	colProgressPct  = "progress_pct"
	colProgressText = "progress_text"
	colNote         = "note"
	colReportedOn   = "reported_on"
)

func codes[T ~string](cat *i18n.Catalog, values []T, key func(T) string, more map[T][]string) []xlsx.CodeName {
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

// ProjectSpec is the project list: the columns a 重点项目 ledger has.
// Amounts are in 万元 unless the heading names 元 or 亿元.
func ProjectSpec(cat *i18n.Catalog) xlsx.Spec {
	return xlsx.Spec{Sheet: SheetProjects, Columns: []xlsx.Column{
		{Key: colName, Header: "项目名称", Aliases: []string{"项目", "重点项目名称"}, Required: true, Help: "同一园区内项目名称不重复"},
		{Key: colBuilder, Header: "建设单位", Aliases: []string{"业主单位", "建设单位名称", "项目业主"}, Required: true,
			Help: "企业名录中的企业名称；同名企业有多家时填写统一社会信用代码"},
		{Key: colBuilderUSCC, Header: "建设单位统一社会信用代码", Aliases: []string{"统一社会信用代码", "建设单位信用代码"}, Kind: xlsx.Ident,
			Help: "填写时以此为准"},
		{Key: colPark, Header: "所属园区", Aliases: []string{"园区"}, Help: "园区名称；空：不属于某一园区"},
		{Key: colCategory, Header: "项目类别", Aliases: []string{"类别", "项目类型"}, Required: true, Kind: xlsx.Code,
			Codes: codes(cat, project.Categories(), project.Category.Key, map[project.Category][]string{
				project.CategoryMunicipal: {"市政工程", "市政类"}, project.CategoryIndustry: {"产业项目", "产业类"},
				project.CategoryPublic: {"公共服务类", "社会事业"}})},
		{Key: colLevel, Header: "项目级别", Aliases: []string{"级别", "重点项目级别"}, Required: true, Kind: xlsx.Code,
			Codes: codes(cat, project.Levels(), project.Level.Key, map[project.Level][]string{
				project.LevelProvince: {"省级", "省重点项目"}, project.LevelCity: {"市级", "市重点项目"}, project.LevelDistrict: {"区级", "区重点项目"}})},
		{Key: colCadence, Header: "填报周期", Aliases: []string{"报送周期"}, Kind: xlsx.Code,
			Codes: codes(cat, project.Cadences(), project.Cadence.Key, map[project.Cadence][]string{
				project.Monthly: {"月报", "按月"}, project.TenDay: {"旬报", "按旬"}}), Help: "空：按月填报"},
		{Key: colTotal, Header: "总投资（万元）", Aliases: []string{"总投资", "项目总投资（万元）", "计划总投资（万元）"}, Required: true,
			Kind: xlsx.Money, Unit: xlsx.Wan},
		{Key: colPlannedStart, Header: "计划开工", Aliases: []string{"计划开工日期", "计划开工时间"}, Required: true, Kind: xlsx.Date},
		{Key: colPlannedFinish, Header: "计划竣工", Aliases: []string{"计划竣工日期", "计划完工", "计划竣工时间"}, Required: true, Kind: xlsx.Date},
		{Key: colStartedOn, Header: "实际开工", Aliases: []string{"实际开工日期", "开工日期"}, Kind: xlsx.Date, Help: "空：尚未开工"},
		{Key: colFinishedOn, Header: "实际竣工", Aliases: []string{"实际竣工日期", "实际完工", "完工日期"}, Kind: xlsx.Date, Help: "空：尚未完工"},
		{Key: colResponsible, Header: "责任人", Aliases: []string{"项目负责人", "联系人"}},
		{Key: colSummary, Header: "建设内容", Aliases: []string{"建设内容及规模", "建设规模"}},
		{Key: "monthly", Header: "本月完成投资（万元）", Kind: xlsx.Money, Unit: xlsx.Wan, Ignore: true, Help: "投资进度请用投资进度导入"},
		{Key: "cumulative", Header: "累计完成投资（万元）", Kind: xlsx.Money, Unit: xlsx.Wan, Ignore: true, Help: "投资进度请用投资进度导入"},
		{Key: "image", Header: "形象进度", Ignore: true, Help: "投资进度请用投资进度导入"},
	}}
}

// ReportSpec is the investment reports: one row a project and period.
func ReportSpec(cat *i18n.Catalog) xlsx.Spec {
	return xlsx.Spec{Sheet: SheetReports, Columns: []xlsx.Column{
		{Key: colName, Header: "项目名称", Aliases: []string{"项目", "重点项目名称"}, Required: true, Help: "已登记的项目名称"},
		{Key: colPeriod, Header: "填报月份", Aliases: []string{"月份", "报告期", "填报期", "年月", "期间"}, Required: true,
			Help: "如 2023-03 或 2023年3月；旬报如 2023-03-1（上旬）、2023-03-2（中旬）、2023-03-3（下旬），或另填“旬”列"},
		{Key: colXun, Header: "旬", Aliases: []string{"填报旬"}, Kind: xlsx.Code, Codes: []xlsx.CodeName{
			{Code: "1", Name: "上旬"}, {Code: "2", Name: "中旬"}, {Code: "3", Name: "下旬"}}, Help: "仅按旬填报的项目填写"},
		{Key: colPlanned, Header: "本月计划投资（万元）", Aliases: []string{"计划投资（万元）", "本期计划投资（万元）", "本月计划投资"},
			Kind: xlsx.Money, Unit: xlsx.Wan},
		{Key: colCompleted, Header: "本月完成投资（万元）", Aliases: []string{"完成投资（万元）", "本期完成投资（万元）", "本月完成投资"},
			Kind: xlsx.Money, Unit: xlsx.Wan, Help: "空：由累计完成投资减去此前各期推算"},
		{Key: colCumulative, Header: "累计完成投资（万元）", Aliases: []string{"累计完成投资", "开工累计完成投资（万元）"}, Kind: xlsx.Money, Unit: xlsx.Wan,
			Help: "填写时须与此前各期之和加本期一致"},
		{Key: colProgressPct, Header: "形象进度（%）", Aliases: []string{"形象进度百分比", "完成比例（%）"}, Kind: xlsx.Int},
		{Key: colProgressText, Header: "形象进度", Aliases: []string{"形象进度描述", "工程形象进度"}},
		{Key: colNote, Header: "备注", Aliases: []string{"说明"}, Help: "累计完成投资超过总投资时须说明"},
		{Key: colReportedOn, Header: "填报日期", Aliases: []string{"报送日期", "上报日期"}, Kind: xlsx.Date,
			Help: "补录历史月报时填写当时的报送日期（据此判断是否逾期）；空：按导入当日计"},
	}}
}

// parsePeriod reads a report's period as clerks write it: 2023-03, 2023-3,
// 2023/03, 2023年3月, 202303, a date in the month (a date cell), and for a
// 旬 2023-03-2, 2023年3月中旬 or the 旬 column.
func parsePeriod(s, xun string) (project.Period, bool) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '年' || r == '/' || r == '.' || r == '－' || r == '—':
			return '-'
		case r == '月' || unicode.IsSpace(r):
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	for i, name := range []string{"上旬", "中旬", "下旬"} {
		if strings.HasSuffix(s, name) {
			s = strings.TrimSuffix(s, name)
			if xun != "" && xun != strconv.Itoa(i+1) {
				return project.Period{}, false
			}
			xun = strconv.Itoa(i + 1)
		}
	}
	s = strings.TrimSuffix(s, "-")
	// A date cell (Excel turns a typed 2023-03 into one) arrives as its
	// serial day number: its month.
	if n, err := strconv.Atoi(s); err == nil && len(s) == 5 && n >= 20000 {
		d := civil.Date{Year: 1899, Month: time.December, Day: 30}.AddDays(n)
		s = d.String()
	}
	if len(s) == 6 && !strings.Contains(s, "-") {
		s = s[:4] + "-" + s[4:]
	}
	parts := strings.Split(s, "-")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) != 4 {
		return project.Period{}, false
	}
	if len(parts[1]) == 1 {
		parts[1] = "0" + parts[1]
	}
	if len(parts) == 3 {
		if len(parts[2]) == 2 { // a date: its month
			if d, err := strconv.Atoi(parts[2]); err != nil || d < 1 || d > 31 {
				return project.Period{}, false
			}
		} else {
			if xun != "" && xun != parts[2] {
				return project.Period{}, false
			}
			xun = parts[2]
		}
	}
	text := parts[0] + "-" + parts[1]
	if xun != "" {
		text += "-" + xun
	}
	p, err := project.ParsePeriod(text)
	return p, err == nil
}
