package app_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// TestBulletinWorkFormsFlagsRevisions drives the bulletin API end to end on
// both engines: a zone's work note printed in its item, the sentence form
// saved by a clerk (code by an administrator only), Zibo's 1%-of-target item
// flagged and not saved, and a published Yulin item showing the revision
// when the city moves its target, its text unchanged.
func TestBulletinWorkFormsFlagsRevisions(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			must := func(r apptest.Response, status int) apptest.Response {
				t.Helper()
				if r.Status != status {
					t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
				}
				return r
			}
			staff, admin := env.Login("yulin-staff"), env.Login("yulin-admin")
			const period = "from=2023-01&to=2023-11"
			type item struct {
				Module, Headline, Text string
				Flags                  []struct{ Key, Fact, Message string }
			}
			var items struct{ Items []item }

			// Work notes.
			const work = "今年以来，榆林高新区开展“一对一”技术合同认定登记指导。"
			must(env.Do(staff, "PUT", "/api/v1/zones/yulin/work-notes/tech_contract", map[string]string{"from": "2023-01", "to": "2023-11", "text": work + "\n"}), 200)
			must(env.Do(staff, "PUT", "/api/v1/zones/yulin/work-notes/tech_contract", map[string]string{"from": "2023-01", "to": "2023-11", "text": strings.Repeat("长", 2001)}), 422)
			must(env.Do(staff, "PUT", "/api/v1/zones/yulin/work-notes/nothing", map[string]string{"from": "2023-01", "to": "2023-11", "text": "x"}), 422)
			var notes struct {
				Items []struct {
					Module, Text string
					SavedBy      string `json:"saved_by"`
				}
			}
			must(env.Do(staff, "GET", "/api/v1/zones/yulin/work-notes?"+period, nil), 200).JSON(t, &notes)
			if len(notes.Items) != 1 || notes.Items[0].Text != work || notes.Items[0].SavedBy != "yulin-staff" {
				t.Errorf("notes %+v", notes)
			}
			must(env.Do(staff, "GET", "/api/v1/zones/yulin/bulletin?"+period, nil), 200).JSON(t, &items)
			if len(items.Items) != 1 || !strings.HasSuffix(items.Items[0].Text, "\n"+work) || len(items.Items[0].Flags) != 0 {
				t.Errorf("Yulin's item %+v", items.Items)
			}

			// The sentence form: a clerk saves it; code is the administrator's.
			form := map[string]any{"version": 1, "form": map[string]any{
				"headlines": []string{"「园区」技术合同成交额「同比」"},
				"body":      []string{"本报讯 「期间」，「园区」技术合同成交额「登记金额」，「同比」。", "", "「工作情况」"},
				"words":     map[string]string{"up": "增加", "down": "减少", "flat": "持平", "over": "超额完成", "no_base": ""}}}
			var tpl struct {
				Version int
				Body    string
				Form    *struct{ Body []string }
			}
			must(env.Do(staff, "PUT", "/api/v1/zones/yulin/bulletin-templates/tech_contract/yoy", form), 200).JSON(t, &tpl)
			if tpl.Version != 2 || tpl.Form == nil || tpl.Form.Body[0] != "本报讯 「期间」，「园区」技术合同成交额「登记金额」，「同比」。" || !strings.Contains(tpl.Body, "yoyWords") {
				t.Errorf("saved form %+v", tpl)
			}
			must(env.Do(staff, "PUT", "/api/v1/zones/yulin/bulletin-templates/tech_contract/yoy", map[string]any{"version": 2, "headline": "{{.Zone}}", "body": "{{.Zone}}"}), 403)
			bad := map[string]any{"form": map[string]any{"headlines": []string{"「园区」"}, "body": []string{"「金额」"},
				"words": map[string]string{"up": "增长", "down": "下降", "flat": "持平", "over": "完成"}}, "from": "2023-01", "to": "2023-11"}
			var pv struct {
				Headline string
				Errors   map[string]string
			}
			must(env.Do(staff, "POST", "/api/v1/zones/yulin/bulletin-templates/tech_contract/yoy/preview", bad), 200).JSON(t, &pv)
			if !strings.Contains(pv.Errors["body.1"], "「金额」") {
				t.Errorf("preview of a bad form %+v", pv)
			}
			must(env.Do(staff, "GET", "/api/v1/zones/yulin/bulletin?"+period, nil), 200).JSON(t, &items)
			want := "本报讯 今年1-11月，榆林高新区技术合同成交额3.8亿元，同比增加15%。\n" + work
			if len(items.Items) != 1 || items.Items[0].Headline != "榆林高新区技术合同成交额同比增加15%" || items.Items[0].Text != want {
				t.Errorf("with the form: %+v", items.Items)
			}
			tpl.Form = nil
			must(env.Do(admin, "PUT", "/api/v1/zones/yulin/bulletin-templates/tech_contract/yoy", map[string]any{"version": 2,
				"headline": "{{.Zone}}技术合同", "body": "本报讯 {{.Zone}}登记{{money .N.amount}}。"}), 200).JSON(t, &tpl)
			if tpl.Form != nil {
				t.Errorf("code saved by the administrator still has a form: %+v", tpl.Form)
			}

			// Zibo's item reads 完成…1%: flagged, and not saved as news.
			zibo := env.Login("zibo-staff")
			must(env.Do(zibo, "GET", "/api/v1/zones/zibo/bulletin?"+period, nil), 200).JSON(t, &items)
			var flagged *item
			for i := range items.Items {
				if items.Items[i].Module == "tech_contract" {
					flagged = &items.Items[i]
				}
			}
			if flagged == nil || len(flagged.Flags) != 1 || flagged.Flags[0].Key != "low_completion" ||
				!strings.Contains(flagged.Flags[0].Message, "技术合同成交额只完成年度目标的0.6%（目标45亿元）") {
				t.Fatalf("Zibo's tech item %+v", flagged)
			}
			var saved struct {
				Items []struct {
					ID     int64
					Module string
				}
			}
			must(env.Do(zibo, "POST", "/api/v1/zones/zibo/bulletins", map[string]string{"from": "2023-01", "to": "2023-11"}), 201).JSON(t, &saved)
			if len(saved.Items) != 1 || saved.Items[0].Module != "honour" {
				t.Errorf("Zibo saved %+v", saved.Items)
			}

			// A published Yulin item; then the city moves the target.
			must(env.Do(staff, "POST", "/api/v1/zones/yulin/bulletins", map[string]string{"from": "2023-01", "to": "2023-11"}), 201).JSON(t, &saved)
			id := saved.Items[0].ID
			var revs struct {
				Items []struct {
					Saved   struct{ ID int64 }
					Changes []struct {
						Fact, Name string
						OldText    string `json:"old_text"`
						NewText    string `json:"new_text"`
					}
					Edits []struct{ By, Entity string }
				}
			}
			must(env.Do(staff, "GET", "/api/v1/zones/yulin/bulletin-revisions?"+period, nil), 200).JSON(t, &revs)
			if len(revs.Items) != 0 {
				t.Errorf("revisions before any change: %+v", revs)
			}
			must(env.Do(env.Login("yulin-city"), "PUT", "/api/v1/targets/yulin/tech_contract.contract_amount/2023", map[string]int64{"value": 40_000_000_000}), 200)
			must(env.Do(staff, "GET", "/api/v1/zones/yulin/bulletin-revisions?"+period, nil), 200).JSON(t, &revs)
			if len(revs.Items) != 1 || revs.Items[0].Saved.ID != id || len(revs.Items[0].Changes) != 1 {
				t.Fatalf("revisions %+v", revs)
			}
			c := revs.Items[0].Changes[0]
			if c.Fact != "target" || c.Name != "年度目标（成交额）" || c.OldText != "3.62亿元" || c.NewText != "4亿元" {
				t.Errorf("change %+v", c)
			}
			if e := revs.Items[0].Edits; len(e) == 0 || e[0].By != "yulin-city" || e[0].Entity != "target" {
				t.Errorf("edits %+v", e)
			}
			// A back-dated import moves the period's count and amount.
			reg := env.Login("yulin-registrar")
			var acc struct {
				JobID int64 `json:"job_id"`
			}
			must(env.Do(reg, "POST", "/api/v1/contracts/import", apptest.Upload{Name: "补录.csv", Data: importCSV(t, env, 0, 2, 0)}), 202).JSON(t, &acc)
			if j := waitJob(t, env, reg, acc.JobID); j["status"] != "done" {
				t.Fatalf("import %v", j)
			}
			must(env.Do(staff, "GET", "/api/v1/zones/yulin/bulletin-revisions?"+period, nil), 200).JSON(t, &revs)
			got := map[string]string{}
			for _, c := range revs.Items[0].Changes {
				got[c.Fact] = c.OldText + " → " + c.NewText
			}
			if got["count"] != "385项 → 387项" || got["amount"] != "3.8016亿元 → 3.8034亿元" || got["target"] != "3.62亿元 → 4亿元" {
				t.Errorf("changes after the import %v", got)
			}
			if e := revs.Items[0].Edits; len(e) < 2 || e[0].By != "yulin-registrar" {
				t.Errorf("edits after the import %+v", e)
			}
			var sv struct{ Text string }
			must(env.Do(staff, "GET", "/api/v1/bulletins/"+strconv.FormatInt(id, 10), nil), 200).JSON(t, &sv)
			// The administrator's code does not place the work note: it is
			// the last paragraph.
			if sv.Text != "本报讯 榆林高新区登记3.8亿元。\n"+work {
				t.Errorf("the published text moved: %q", sv.Text)
			}
		})
	}
}
