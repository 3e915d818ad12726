package demo

import (
	"context"
	"fmt"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/honour"
	"github.com/innopark/innopark/internal/store"
)

// CNIPA2023Notice is the title of the notice on the page's Zibo item.
const CNIPA2023Notice = "关于确定2023年新一批及通过复核的国家知识产权示范企业和优势企业的通知"

// batchSeed is one notice as an area records it.
type batchSeed struct {
	area, title, number, on string
	entries                 []entrySeed
}

type entrySeed struct {
	name, programme string
	result          honour.Result
}

// honourBatches: the page's 2023 notice for Zibo (7 enterprises: 3
// demonstration, 4 advantage, in the page's order), and earlier notices,
// illustrative and marked so, that leave Zibo 4 demonstration and 1
// advantage titles still valid before it — with one advantage term that
// lapsed and one failed recheck, so "held" is not "ever awarded" — and give
// the other areas of Zibo city smaller holdings.
func honourBatches() []batchSeed {
	const demoP, adv = honour.CodeIPDemo, honour.CodeIPAdvantage
	const ill = "（示例）"
	return []batchSeed{
		{area: "zibo", title: "关于确定2019年度国家知识产权示范企业和优势企业的通知" + ill, on: "2019-12-02", entries: []entrySeed{
			{"山东亚华电子股份有限公司", adv, honour.New},
			{"山东瑞邦智能装备股份有限公司", adv, honour.New},
			{"淄博鑫旭电源科技有限公司", adv, honour.New},
			{"淄博示例新材料有限公司（示例）", adv, honour.New},
		}},
		{area: "zibo-zhangdian", title: "关于确定2019年度国家知识产权示范企业和优势企业的通知" + ill, on: "2019-12-02", entries: []entrySeed{
			{"张店示例科技有限公司（示例）", adv, honour.New},
		}},
		{area: "zibo", title: "关于确定2021年度国家知识产权示范企业和优势企业的通知" + ill, on: "2021-11-26", entries: []entrySeed{
			{"淄博示例精密制造有限公司（示例）", demoP, honour.New},
			{"淄博示例生物医药有限公司（示例）", demoP, honour.New},
			{"淄博示例电子信息有限公司（示例）", demoP, honour.New},
			{"淄博示例节能环保有限公司（示例）", demoP, honour.New},
		}},
		{area: "zibo-linzi", title: "关于确定2021年度国家知识产权示范企业和优势企业的通知" + ill, on: "2021-11-26", entries: []entrySeed{
			{"临淄示例化工有限公司（示例）", demoP, honour.New},
		}},
		// The 2019 cohort's recheck: one fails; the three that will apply for
		// demonstration let their terms lapse on 2022-12-02.
		{area: "zibo", title: "关于确定2022年新一批及通过复核的国家知识产权示范企业和优势企业的通知" + ill, on: "2022-11-25", entries: []entrySeed{
			{"淄博示例新材料有限公司（示例）", adv, honour.RecheckFail},
			{"淄博示例智能装备有限公司（示例）", adv, honour.New},
		}},
		{area: "zibo-zhangdian", title: "关于确定2022年新一批及通过复核的国家知识产权示范企业和优势企业的通知" + ill, on: "2022-11-25", entries: []entrySeed{
			{"张店示例科技有限公司（示例）", adv, honour.RecheckPass},
			{"张店示例材料有限公司（示例）", adv, honour.New},
		}},
		{area: "zibo-zichuan", title: "关于确定2022年新一批及通过复核的国家知识产权示范企业和优势企业的通知" + ill, on: "2022-11-25", entries: []entrySeed{
			{"淄川示例陶瓷有限公司（示例）", adv, honour.New},
		}},
		{area: "zibo", title: CNIPA2023Notice, on: "2023-11-24", entries: []entrySeed{
			{"山东亚华电子股份有限公司", demoP, honour.New},
			{"山东瑞邦智能装备股份有限公司", demoP, honour.New},
			{"淄博鑫旭电源科技有限公司", demoP, honour.New},
			{"山东金晶科技股份有限公司", adv, honour.New},
			{"山东新华医疗器械股份有限公司", adv, honour.New},
			{"山东新华制药股份有限公司", adv, honour.New},
			{"鲁泰纺织股份有限公司", adv, honour.New},
		}},
		{area: "zibo-zhangdian", title: CNIPA2023Notice, on: "2023-11-24", entries: []entrySeed{
			{"张店示例装备有限公司（示例）", demoP, honour.New},
		}},
		{area: "zibo-linzi", title: CNIPA2023Notice, on: "2023-11-24", entries: []entrySeed{
			{"临淄示例新能源有限公司（示例）", adv, honour.New},
		}},
		{area: "zibo-huantai", title: CNIPA2023Notice, on: "2023-11-24", entries: []entrySeed{
			{"桓台示例造纸有限公司（示例）", adv, honour.New},
		}},
		// After the page: the rechecks that keep Zibo's titles in force to
		// this day, so the demo opens on a living zone. Illustrative.
		{area: "zibo", title: "关于确定2024年新一批及通过复核的国家知识产权示范企业和优势企业的通知" + ill, on: "2024-11-22", entries: []entrySeed{
			{"淄博示例精密制造有限公司（示例）", demoP, honour.RecheckPass},
			{"淄博示例生物医药有限公司（示例）", demoP, honour.RecheckPass},
			{"淄博示例电子信息有限公司（示例）", demoP, honour.RecheckPass},
			{"淄博示例节能环保有限公司（示例）", demoP, honour.RecheckPass},
		}},
		{area: "zibo", title: "关于确定2025年新一批及通过复核的国家知识产权示范企业和优势企业的通知" + ill, on: "2025-11-21", entries: []entrySeed{
			{"淄博示例智能装备有限公司（示例）", adv, honour.RecheckPass},
		}},
		{area: "zibo", title: "关于确定2026年新一批及通过复核的国家知识产权示范企业和优势企业的通知" + ill, on: "2026-11-20", entries: []entrySeed{
			{"山东亚华电子股份有限公司", demoP, honour.RecheckPass},
			{"山东瑞邦智能装备股份有限公司", demoP, honour.RecheckPass},
			{"淄博鑫旭电源科技有限公司", demoP, honour.RecheckPass},
			{"山东金晶科技股份有限公司", adv, honour.RecheckPass},
			{"山东新华医疗器械股份有限公司", adv, honour.RecheckPass},
			{"山东新华制药股份有限公司", adv, honour.RecheckPass},
			{"鲁泰纺织股份有限公司", adv, honour.RecheckPass},
		}},
	}
}

// candidateSeed is one enterprise on Zibo's cultivation board, with its
// activities (all before the page's date).
type candidateSeed struct {
	name, programme string
	year            int
	stage           honour.Stage
	owner           string
	activities      []honour.Activity
}

func cultivationSeeds() []candidateSeed {
	d := civil.MustParse
	return []candidateSeed{
		{name: "山东淄博中南医药包装材料股份有限公司", programme: honour.CodeIPAdvantage, year: 2024, stage: honour.StageCoaching, owner: "知识产权科 王科长",
			activities: []honour.Activity{
				{Kind: honour.ActBriefing, On: d("2023-03-15"), People: "区科技局、区市场监管局", Attendees: 46, Notes: "国家知识产权优势企业申报政策宣讲会（示例）"},
				{Kind: honour.ActCoaching, On: d("2023-10-20"), People: "知识产权服务机构专家2人", Attendees: 5,
					Notes: "逐项对照评审要点查找短板（示例）", NextStep: "补齐专利管理制度文件", NextOn: d("2023-12-10")},
			}},
		{name: "淄博示例智能装备有限公司（示例）", programme: honour.CodeIPDemo, year: 2026, stage: honour.StageSurvey, owner: "知识产权科 李干事",
			activities: []honour.Activity{
				{Kind: honour.ActTraining, On: d("2023-06-08"), People: "区科技局", Attendees: 32, Notes: "企业知识产权管理规范业务培训（示例）",
					NextStep: "摸清专利储备与运营情况", NextOn: d("2024-03-31")},
			}},
		{name: "淄博示例新材料有限公司（示例）", programme: honour.CodeIPAdvantage, year: 2024, stage: honour.StageApplied, owner: "知识产权科 王科长",
			activities: []honour.Activity{
				{Kind: honour.ActPush, On: d("2023-09-12"), People: "区科技局、园区服务中心", Attendees: 8, Notes: "复核未通过企业专题推进会（示例）",
					NextStep: "提交申报材料", NextOn: d("2024-01-15")},
			}},
	}
}

// Honours seeds the programmes, the areas' notices with their titles, and
// Zibo's cultivation board.
func Honours(ctx context.Context, tx *store.Tx, ids *IDs) error {
	return seedHonours(ctx, tx, ids, true)
}

// HonoursBefore2023Notice is Honours without CNIPA's 2023 notice for Zibo
// (and the later ones), for tests that enter it as a clerk would.
func HonoursBefore2023Notice(ctx context.Context, tx *store.Tx, ids *IDs) error {
	return seedHonours(ctx, tx, ids, false)
}

func seedHonours(ctx context.Context, tx *store.Tx, ids *IDs, with2023 bool) error {
	sys := access.System
	progs, err := tx.EnsureProgrammes(ctx, honour.DefaultProgrammes())
	if err != nil {
		return err
	}
	byID := make(map[int64]honour.Programme, len(progs))
	for _, p := range progs {
		byID[p.ID] = p
	}
	for _, bs := range honourBatches() {
		if !with2023 && bs.area == "zibo" && bs.on >= "2023-11-24" {
			continue
		}
		b := honour.Batch{ZoneID: ids.Zones[bs.area], Title: bs.title, Number: bs.number, Issuer: "国家知识产权局", PublishedOn: civil.MustParse(bs.on)}
		for _, e := range bs.entries {
			entID, ok := ids.Enterprises[e.name]
			if !ok {
				return fmt.Errorf("demo honours: no enterprise %s", e.name)
			}
			b.Entries = append(b.Entries, honour.Entry{ProgrammeID: progs[e.programme].ID, ProgrammeCode: e.programme,
				EnterpriseID: entID, EnterpriseName: e.name, USCC: ids.USCC[e.name], Result: e.result})
		}
		honour.Normalize(&b)
		if _, _, err := tx.RecordBatch(ctx, sys, b, func(held []honour.Title) (honour.Plan, error) {
			return honour.Apply(b, byID, held)
		}); err != nil {
			return fmt.Errorf("demo honours: %s %s: %w", bs.area, bs.title, err)
		}
	}
	for _, cs := range cultivationSeeds() {
		c := honour.Candidate{ZoneID: ids.Zones["zibo"], EnterpriseID: ids.Enterprises[cs.name], ProgrammeID: progs[cs.programme].ID,
			TargetYear: cs.year, Stage: cs.stage, Owner: cs.owner}
		id, err := tx.InsertCandidate(ctx, sys, c)
		if err != nil {
			return fmt.Errorf("demo candidate %s: %w", cs.name, err)
		}
		for _, x := range cs.activities {
			x.CandidateID, x.ZoneID = id, c.ZoneID
			if _, err := tx.InsertActivity(ctx, sys, x); err != nil {
				return fmt.Errorf("demo activity %s: %w", cs.name, err)
			}
		}
	}
	return nil
}
