package indicator

// IDs of the default indicators, for code that names them (bulletin facts,
// demo data, the tech-contract rollup writer).
const (
	TechContractCount           = "tech_contract.count"           // 认定登记技术合同 项
	TechContractAmount          = "tech_contract.contract_amount" // 成交额 (登记金额), fen
	TechContractTechAmount      = "tech_contract.tech_amount"     // 技术交易额, fen
	TechContractAmountPerPerson = "tech_contract.amount_per_person"

	StatGrossOutput     = "stat.gross_output"     // 工业总产值
	StatHightechRevenue = "stat.hightech_revenue" // 高新技术产业营业收入
	StatRevenue         = "stat.revenue"          // 企业营业收入 (denominator of R&D intensity)
	StatRDSpending      = "stat.rd_spending"      // 企业研发经费支出
	StatRDIntensity     = "stat.rd_intensity"     // 研发经费支出 ÷ 营业收入
	StatEmployees       = "stat.employees"        // 从业人员
	StatBusinessEnv     = "stat.business_env"     // 营商环境评价

	HonourHeld       = "honour.held"            // 荣誉资质 held at a month's end, by programme
	HonourAwarded    = "honour.awarded"         // titles started (new or recheck passed) in a month
	HonourActivities = "cultivation.activities" // cultivation activities in a month, by kind

	OrgShouldCover       = "org.should_cover"           // enterprises surveyed, so to be covered (应覆盖), at a month's end
	OrgCovered           = "org.covered"                // enterprises an organisation covers at a month's end
	OrgCoverageRate      = "org.coverage_rate"          // covered ÷ should be covered
	OrgOrganisations     = "org.organisations"          // party organisations at a month's end, by kind and mode
	OrgChainsCovered     = "org.chains_covered"         // chains with a chain committee or alliance, by chain level
	OrgOnlineBranch      = "org.online_branches"        // online branches (网上党支部), by platform and open or not
	OrgElectionsDue      = "org.elections_due"          // organisations whose election is due (or overdue)
	TalentApplicants     = "talent.applicants"          // talent applications made in a month
	TalentGranted        = "talent.granted"             // applications granted support in a month
	TalentSupport        = "talent.support"             // support granted in a month, fen
	InvestTrips          = "invest.trips"               // 外出招商 trips started in a month
	InvestVisits         = "invest.visits"              // 邀请考察 visits started in a month
	InvestSigned         = "invest.signed"              // projects signed (签约) in a month
	InvestSignedAmount   = "invest.signed_amount"       // planned investment of the projects signed, fen
	InvestPipeline       = "invest.pipeline"            // projects at each stage at a month's end (stock)
	InvestStarted        = "invest.started"             // projects that started construction (开工)
	InvestCompleted      = "invest.completed"           // projects that went into production (投产)
	InvestStartDue       = "invest.start_due"           // signed projects whose agreed start falls in a month
	InvestRegCapital     = "invest.registered_capital"  // registered capital of the companies registered, fen
	InvestPaidInCapital  = "invest.paid_in_capital"     // their paid-in capital, fen
	InvestFundsArrived   = "invest.funds_arrived"       // 到位资金, fen
	InvestFundTarget     = "invest.fund_target"         // target size of the funds set up, fen
	InvestPerformance    = "invest.performance_rate"    // 履约率: started ÷ due to start
	InvestStartRate      = "invest.start_rate"          // 开工率: started ÷ signed
	InvestCompletionRate = "invest.completion_rate"     // 竣工率: in production ÷ signed
	InvestArrivalRate    = "invest.arrival_rate"        // 资金到位率: arrived ÷ planned investment signed
	ProjectCount         = "project.count"              // 重点项目 held at a month's end, by status, level, category
	ProjectInvestment    = "project.investment"         // investment completed in a month (月报/旬报)
	ProjectPlanned       = "project.investment_planned" // investment planned for a month
	ProjectShare         = "project.investment_rate"    // completed ÷ planned
	ProjectStarted       = "project.started"            // projects started in a month, by timing
	ProjectCompleted     = "project.completed"          // projects finished in a month, by timing and level
	ProjectDaysAhead     = "project.days_ahead"         // days ahead of plan, summed over the projects finished
	ProjectAvgDaysAhead  = "project.avg_days_ahead"     // days ahead ÷ projects finished
	ProjectProblems      = "project.open_problems"      // problems open at a month's end
	ProjectOverdue       = "project.overdue_milestones" // milestones overdue at a month's end
	ProjectAwards        = "project.awards"             // awards, by level
)

// Dimensions of technology-contract rollups; the values are the codes of
// package contract (type codes, category, field "01"–"11", nature codes, …).
const (
	DimType           = "type"
	DimCategory       = "category"
	DimField          = "field"
	DimSellerNature   = "seller_nature"
	DimBuyerNature    = "buyer_nature"
	DimIPType         = "ip_type"
	DimProgrammeLevel = "programme_level"
	DimSize           = "size"             // "large" (≥ ¥10,000,000) or "other"
	DimProgramme      = "programme"        // honour programme code
	DimResult         = "result"           // honour batch result
	DimActivityKind   = "kind"             // cultivation activity kind
	DimHonourKind     = "honour_kind"      // honour programme kind (ip, qualification, …)
	DimChain          = "chain"            // industry chain code (one per enterprise)
	DimPark           = "park"             // park id
	DimOrgMode        = "org_mode"         // single, joint, sent
	DimOrgKind        = "org_kind"         // committee, general_branch, …
	DimChainLevel     = "chain_level"      // national, province, city
	DimPlatform       = "platform"         // online branch platform
	DimBranchAccess   = "branch_access"    // open or closed online branch
	DimTalentProgram  = "talent_programme" // talent programme code
	DimTalentTier     = "talent_tier"      // programme code/tier code
	DimEnterprise     = "enterprise"       // enterprise id
	DimInvestStage    = "invest_stage"     // pipeline stage
	DimInvestOrigin   = "invest_origin"    // investor's origin: out_province, in_province, local
	DimInvestMode     = "invest_mode"      // 产业招商, 创投招商, 基金招商, …
	DimInvestIndustry = "invest_industry"  // the bureau's industries
	DimSizeBand       = "size_band"        // planned investment: lt3, 3_10, 10_20, ge20 (亿元)
	DimFundKind       = "fund_kind"        // guiding, venture, private

	DimProjectStatus   = "project_status"   // project status (prep, building, …)
	DimProjectLevel    = "project_level"    // key project of province, city or district
	DimProjectCategory = "project_category" // municipal, industry, …
	DimTiming          = "timing"           // ahead, on_time, behind (of plan)
	DimAwardLevel      = "award_level"      // national, province, city, industry
)

// firstYear is where the default definitions start: the earliest data the
// platform keeps (2023 on the newspaper page, with 2022 as its base).
const firstYear = 2000

// wanYi is 1万亿元 in fen.
const wanYi = 100_000_000_000_000

// ranged sets the plausible range of an entered indicator: values outside
// [min, max] are refused, values outside [softMin, softMax] need a reason.
// The zones' figures: the largest national zones report some 1-2万亿元 of
// output a year (a single entry of 5万亿元 is a slip of the keyboard),
// R&D spending of a few hundred 亿元, a few hundred thousand employees;
// the business-environment evaluation is scored out of 100, and a zone
// below 50 is rare enough to be explained.
func ranged(d Definition, lo, hi, softLo, softHi int64) Definition {
	d.Range = Range{Min: lo, Max: hi, SoftMin: softLo, SoftMax: softHi}
	return d
}

// DefaultDefinitions returns the indicators the platform starts with. Other
// modules append theirs and build a catalog with NewCatalog.
func DefaultDefinitions() []Definition {
	investDims := []string{DimInvestOrigin, DimInvestMode, DimInvestIndustry, DimSizeBand}
	contractDims := []string{DimType, DimCategory, DimField, DimSellerNature, DimBuyerNature,
		DimIPType, DimProgrammeLevel, DimSize}
	def := func(id string, unit Unit, source string, agg Agg, dims []string) Definition {
		return Definition{ID: id, NameKey: "indicator.name." + id, Unit: unit, Source: source,
			Agg: agg, Dimensions: dims, Version: 1, ValidFrom: firstYear}
	}
	ratio := func(id string, unit Unit, num, den string) Definition {
		d := def(id, unit, "derived", AggRatio, nil)
		d.Numerator, d.Denominator = num, den
		return d
	}
	talentDims := []string{DimTalentProgram, DimTalentTier, DimChain, DimEnterprise}
	coverage := ratio(OrgCoverageRate, UnitRatio, OrgCovered, OrgShouldCover)
	coverage.Dimensions = []string{DimChain, DimPark}
	return []Definition{
		def(TechContractCount, UnitItems, "tech_contract", AggSum, contractDims),
		def(TechContractAmount, UnitFen, "tech_contract", AggSum, contractDims),
		def(TechContractTechAmount, UnitFen, "tech_contract", AggSum, contractDims),
		// Entered statistics: flows are entered per period and stored at the
		// period's last month, so a sum is right for periods made of whole
		// entry periods; stocks are held at the date they are reported for.
		ranged(def(StatGrossOutput, UnitFen, "stat", AggSum, nil), 0, 5*wanYi, 0, 2*wanYi),
		ranged(def(StatHightechRevenue, UnitFen, "stat", AggSum, nil), 0, 5*wanYi, 0, wanYi),
		ranged(def(StatRevenue, UnitFen, "stat", AggSum, nil), 0, 5*wanYi, 0, 2*wanYi),
		ranged(def(StatRDSpending, UnitFen, "stat", AggSum, nil), 0, wanYi/2, 0, wanYi/20),
		ranged(def(StatEmployees, UnitPersons, "stat", AggHeldOn, nil), 0, 5_000_000, 100, 1_000_000),
		ranged(def(StatBusinessEnv, UnitScore, "stat", AggHeldOn, nil), 0, MaxScore, 5_000, MaxScore),
		def(HonourHeld, UnitEnterprises, "honour", AggHeldOn, []string{DimProgramme, DimHonourKind}),
		def(HonourAwarded, UnitEnterprises, "honour", AggSum, []string{DimProgramme, DimResult}),
		def(HonourActivities, UnitTimes, "honour", AggSum, []string{DimActivityKind}),
		def(OrgShouldCover, UnitEnterprises, "org", AggHeldOn, []string{DimChain, DimPark}),
		def(OrgCovered, UnitEnterprises, "org", AggHeldOn, []string{DimChain, DimPark, DimOrgMode}),
		def(OrgOrganisations, UnitPieces, "org", AggHeldOn, []string{DimOrgKind, DimOrgMode}),
		def(OrgChainsCovered, UnitPieces, "org", AggHeldOn, []string{DimChainLevel}),
		def(OrgOnlineBranch, UnitPieces, "org", AggHeldOn, []string{DimPlatform, DimBranchAccess}),
		def(OrgElectionsDue, UnitPieces, "org", AggHeldOn, []string{DimOrgKind}),
		def(TalentApplicants, UnitPersons, "talent", AggSum, talentDims),
		def(TalentGranted, UnitPersons, "talent", AggSum, talentDims),
		def(TalentSupport, UnitFen, "talent", AggSum, talentDims),
		def(InvestTrips, UnitTimes, "invest", AggSum, nil),
		def(InvestVisits, UnitTimes, "invest", AggSum, nil),
		def(InvestSigned, UnitPieces, "invest", AggSum, investDims),
		def(InvestSignedAmount, UnitFen, "invest", AggSum, investDims),
		def(InvestPipeline, UnitPieces, "invest", AggHeldOn, []string{DimInvestStage}),
		def(InvestStarted, UnitPieces, "invest", AggSum, nil),
		def(InvestCompleted, UnitPieces, "invest", AggSum, nil),
		def(InvestStartDue, UnitPieces, "invest", AggSum, nil),
		def(InvestRegCapital, UnitFen, "invest", AggSum, []string{DimInvestOrigin, DimInvestMode}),
		def(InvestPaidInCapital, UnitFen, "invest", AggSum, []string{DimInvestOrigin, DimInvestMode}),
		def(InvestFundsArrived, UnitFen, "invest", AggSum, []string{DimInvestOrigin, DimInvestMode, DimInvestIndustry}),
		def(InvestFundTarget, UnitFen, "invest", AggSum, []string{DimFundKind}),
		ratio(InvestPerformance, UnitRatio, InvestStarted, InvestStartDue),
		ratio(InvestStartRate, UnitRatio, InvestStarted, InvestSigned),
		ratio(InvestCompletionRate, UnitRatio, InvestCompleted, InvestSigned),
		ratio(InvestArrivalRate, UnitRatio, InvestFundsArrived, InvestSignedAmount),
		def(ProjectCount, UnitPieces, "project", AggHeldOn, []string{DimProjectStatus, DimProjectLevel, DimProjectCategory}),
		def(ProjectInvestment, UnitFen, "project", AggSum, []string{DimProjectLevel, DimProjectCategory}),
		def(ProjectPlanned, UnitFen, "project", AggSum, []string{DimProjectLevel, DimProjectCategory}),
		def(ProjectStarted, UnitPieces, "project", AggSum, []string{DimTiming}),
		def(ProjectCompleted, UnitPieces, "project", AggSum, []string{DimTiming, DimProjectLevel}),
		def(ProjectDaysAhead, UnitDays, "project", AggSum, nil),
		def(ProjectProblems, UnitItems, "project", AggHeldOn, nil),
		def(ProjectOverdue, UnitItems, "project", AggHeldOn, nil),
		def(ProjectAwards, UnitItems, "project", AggSum, []string{DimAwardLevel}),
		ratio(StatRDIntensity, UnitRatio, StatRDSpending, StatRevenue),
		ratio(ProjectShare, UnitRatio, ProjectInvestment, ProjectPlanned),
		ratio(ProjectAvgDaysAhead, UnitDays, ProjectDaysAhead, ProjectCompleted),
		ratio(TechContractAmountPerPerson, UnitFenPerPerson, TechContractAmount, StatEmployees),
		coverage,
	}
}

// DefaultCatalog returns a catalog of DefaultDefinitions. The defaults are
// code, so an invalid one is a programming error caught by the tests.
func DefaultCatalog() *Catalog {
	c, err := NewCatalog(DefaultDefinitions()...)
	if err != nil {
		panic(err)
	}
	return c
}
