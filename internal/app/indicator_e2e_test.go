package app_test

import (
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/innopark/innopark/internal/apptest"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// The page's Yulin item, written end to end from the demo data through the
// API: 385项, 3.8亿元, +15% on 2022-01..11, 105% of the target Yulin city set.
func TestYulinBulletinGolden(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			tok := env.Login("yulin-staff")
			resp := env.Do(tok, "GET", "/api/v1/zones/yulin/bulletin?from=2023-01&to=2023-11", nil)
			if resp.Status != http.StatusOK {
				t.Fatalf("%d %s", resp.Status, resp.Body)
			}
			var out struct {
				Items []struct{ Module, Headline, Text string }
			}
			resp.JSON(t, &out)
			if len(out.Items) != 1 || out.Items[0].Module != "tech_contract" {
				t.Fatalf("items %+v", out.Items)
			}
			it := out.Items[0]
			for _, want := range []string{"385项", "3.8亿元", "同比增长15%", "完成榆林市下达目标任务的105%"} {
				if !strings.Contains(it.Text, want) {
					t.Errorf("item lacks %q:\n%s", want, it.Text)
				}
			}
			checkGolden(t, "yulin_bulletin.golden", it.Headline+"\n\n"+it.Text+"\n", engine == "sqlite")

			// The figure behind it, as the API states it.
			resp = env.Do(tok, "GET", "/api/v1/indicators/tech_contract.contract_amount?zone=yulin&from=2023-01&to=2023-11", nil)
			var f struct {
				Value, Previous, Target int64
				YoYPct                  float64 `json:"yoy_pct"`
				CompletionPct           float64 `json:"completion_pct"`
				Rank                    struct {
					Scope        string
					Position, Of int
				}
			}
			resp.JSON(t, &f)
			if f.Value != 38_016_000_000 || f.Previous != 33_056_000_000 || f.Target != 36_200_000_000 ||
				f.YoYPct != 15.0 || f.CompletionPct != 105.0 || f.Rank.Scope != "city" || f.Rank.Position != 1 {
				t.Errorf("figure %+v (%s)", f, resp.Body)
			}
			resp = env.Do(tok, "GET", "/api/v1/indicators/tech_contract.count?zone=yulin&from=2023-01&to=2023-11", nil)
			var c struct{ Value int64 }
			resp.JSON(t, &c)
			if c.Value != 385 {
				t.Errorf("count %d", c.Value)
			}
		})
	}
}

// The API's indicator endpoints end to end: values hidden outside the
// caller's scope, a target changing completion, statistics entered and
// removed, a template edit guarded against lost updates, previews with
// their problems.
func TestIndicatorAPI(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	staff, city, admin := env.Login("zibo-staff"), env.Login("zibo-city"), env.Login("zibo-admin")
	must := func(r apptest.Response, status int) apptest.Response {
		t.Helper()
		if r.Status != status {
			t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
		}
		return r
	}

	var rk struct {
		Of    int
		Rank  struct{ Position, Of int }
		Items []struct {
			Area     string
			Position int
			Value    *float64
		}
	}
	must(env.Do(staff, "GET", "/api/v1/indicators/tech_contract.contract_amount/ranking?scope=national&area=zibo&from=2023-01&to=2023-11", nil), 200).JSON(t, &rk)
	if rk.Of != 5 || len(rk.Items) != 5 || rk.Rank.Of != 5 {
		t.Fatalf("ranking %+v", rk)
	}
	for _, it := range rk.Items {
		if (it.Value != nil) != (it.Area == "zibo") {
			t.Errorf("zibo staff sees %s's value: %v", it.Area, it.Value)
		}
	}

	type figure struct {
		Value         int64
		Target        *int64
		CompletionPct *float64 `json:"completion_pct"`
	}
	var f figure
	url := "/api/v1/indicators/tech_contract.contract_amount?zone=zibo&from=2023-01&to=2023-11"
	must(env.Do(staff, "GET", url, nil), 200).JSON(t, &f)
	must(env.Do(staff, "PUT", "/api/v1/targets/zibo/tech_contract.contract_amount/2023", map[string]int64{"value": 100}), 403)
	must(env.Do(city, "PUT", "/api/v1/targets/zibo/tech_contract.contract_amount/2023", map[string]int64{"value": 2 * f.Value}), 200)
	must(env.Do(staff, "GET", url, nil), 200).JSON(t, &f)
	if f.Target == nil || *f.Target != 2*f.Value || f.CompletionPct == nil || *f.CompletionPct != 50.0 {
		t.Errorf("after the target: %+v", f)
	}

	// In the city, areas without registrations are listed after the ranked
	// ones with position 0, and "of" counts the ranked areas only.
	var cr struct {
		Of    int
		Items []struct {
			Area     string
			Position int
			HasData  *bool `json:"has_data"`
		}
	}
	must(env.Do(city, "GET", "/api/v1/indicators/tech_contract.contract_amount/ranking?scope=city&area=zibo&from=2023-01&to=2023-11", nil), 200).JSON(t, &cr)
	ranked := 0
	for i, it := range cr.Items {
		if it.Position > 0 {
			ranked++
			if i >= cr.Of {
				t.Errorf("ranked %s after an unranked area", it.Area)
			}
		} else if it.HasData == nil || *it.HasData {
			t.Errorf("unranked %s has data: %+v", it.Area, it)
		}
	}
	if ranked != cr.Of || cr.Of == 0 || cr.Of == len(cr.Items) {
		t.Errorf("city ranking: of %d, %d ranked of %d", cr.Of, ranked, len(cr.Items))
	}

	// Ranges per indicator: a score of 980000.00分 is refused naming the
	// field; an outlier needs a reason, which comes back stored.
	bad := must(env.Do(admin, "POST", "/api/v1/zones/zibo/statistics", map[string]any{"indicator": "stat.business_env", "from": "2023-12", "to": "2023-12", "value": 98_000_000}), 422)
	if !strings.Contains(string(bad.Body), "营商环境评价") || !strings.Contains(string(bad.Body), "100.00") {
		t.Errorf("range error %s", bad.Body)
	}
	must(env.Do(admin, "POST", "/api/v1/zones/zibo/statistics", map[string]any{"indicator": "stat.business_env", "from": "2023-12", "to": "2023-12", "value": 3_000}), 422)
	var noted struct {
		ID   int64
		Note string
	}
	must(env.Do(admin, "POST", "/api/v1/zones/zibo/statistics", map[string]any{"indicator": "stat.business_env", "from": "2023-12", "to": "2023-12", "value": 3_000, "note": "评价口径调整"}), 201).JSON(t, &noted)
	if noted.Note != "评价口径调整" {
		t.Errorf("note %+v", noted)
	}
	must(env.Do(admin, "DELETE", "/api/v1/statistics/"+strconv.FormatInt(noted.ID, 10), nil), 204)

	var st struct{ ID int64 }
	must(env.Do(admin, "POST", "/api/v1/zones/zibo/statistics", map[string]any{"indicator": "stat.gross_output", "from": "2023-12", "to": "2023-12", "value": 5}), 201).JSON(t, &st)
	must(env.Do(admin, "POST", "/api/v1/zones/zibo/statistics", map[string]any{"indicator": "stat.gross_output", "from": "2023-10", "to": "2023-12", "value": 5}), 409)
	must(env.Do(admin, "DELETE", "/api/v1/statistics/"+strconv.FormatInt(st.ID, 10), nil), 204)

	tpl := map[string]any{"headline": "{{.Zone}}新闻", "body": "本报讯 {{.Zone}}。", "version": 1}
	must(env.Do(admin, "PUT", "/api/v1/zones/zibo/bulletin-templates/tech_contract/yoy", tpl), 200)
	must(env.Do(admin, "PUT", "/api/v1/zones/zibo/bulletin-templates/tech_contract/yoy", tpl), 409) // still editing version 1
	var bl struct{ Items []struct{ Headline string } }
	must(env.Do(staff, "GET", "/api/v1/zones/zibo/bulletin?from=2023-01&to=2023-11", nil), 200).JSON(t, &bl)
	if len(bl.Items) != 2 || bl.Items[0].Headline != "淄博高新区新闻" { // then the honour item
		t.Errorf("bulletin with the zone's template: %+v", bl)
	}
	var pv struct {
		Headline string
		Errors   map[string]string
	}
	must(env.Do(staff, "POST", "/api/v1/zones/zibo/bulletin-templates/tech_contract/yoy/preview",
		map[string]any{"headline": "{{.Zone}}", "body": "{{.N.nothing}}", "from": "2023-01", "to": "2023-11"}), 200).JSON(t, &pv)
	if pv.Headline != "淄博高新区" || pv.Errors["body"] == "" {
		t.Errorf("preview %+v", pv)
	}

	var d struct {
		Figures    []map[string]any
		Trends     []struct{ Months []string }
		Breakdowns []struct{ Dimension string }
		Ranks      []struct{ Placings []map[string]any }
	}
	must(env.Do(staff, "GET", "/api/v1/zones/zibo/dashboard?from=2023-01&to=2023-11", nil), 200).JSON(t, &d)
	if len(d.Figures) != 8 || len(d.Trends) != 2 || len(d.Trends[0].Months) != 11 || len(d.Breakdowns) != 3 || len(d.Ranks[0].Placings) != 3 {
		t.Errorf("dashboard %+v", d)
	}
	// A period the zone has no data for ranks it nowhere: its rank lines
	// have no placings (not a 500).
	var empty struct {
		Ranks []struct{ Placings []map[string]any }
	}
	must(env.Do(staff, "GET", "/api/v1/zones/zibo/dashboard?from=2021-01&to=2021-03", nil), 200).JSON(t, &empty)
	if len(empty.Ranks) == 0 {
		t.Error("dashboard without data: no rank lines")
	}
	for _, r := range empty.Ranks {
		if len(r.Placings) != 0 {
			t.Errorf("dashboard without data: placings %v", r.Placings)
		}
	}
	// A county has no national rank: its dashboard leaves that scope out.
	var c struct {
		Ranks []struct{ Placings []struct{ Scope string } }
	}
	must(env.Do(env.Login("national"), "GET", "/api/v1/zones/yulin-shenmu/dashboard?from=2023-01&to=2023-11", nil), 200).JSON(t, &c)
	for _, rl := range c.Ranks {
		for _, p := range rl.Placings {
			if p.Scope == "national" {
				t.Errorf("a county ranked nationally: %+v", c.Ranks)
			}
		}
	}
}

// The page's Zibo item, written by the product from the demo's batches,
// titles and rollups: the notice, 7家, the names in the page's order, 7 and
// 5 held and first place in Zibo city.
func TestZiboBulletinGolden(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			got := bulletinItem(t, env, "zibo-staff", "/api/v1/zones/zibo/bulletin?from=2023-01&to=2023-11", "honour")
			checkGolden(t, "zibo_bulletin.golden", got, engine == "sqlite")
		})
	}
}

// The page's Weifang item, written from the demo's surveys, organisations,
// chains, programmes and online branches: 6 chains of provincial level or
// above led by 动力装备 and 新一代信息技术, the five programmes in the page's
// order and 79 open online branches.
func TestWeifangBulletinGolden(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			got := bulletinItem(t, env, "weifang-staff", "/api/v1/zones/weifang/bulletin?from=2023-01&to=2023-11", "org")
			for _, s := range []string{"在动力装备、新一代信息技术等6个山东省级以上特色产业链条上组建产业链党委或党建联盟",
				"实施顶尖人才“金鸢领航”、领军人才“银鸢跃腾”、青年人才“青鸢初飞”、海外人才“归鸢合鸣”、技能人才“蓝鸢匠心”五大工程",
				"建立79个开放式“网上党支部”", "歌尔集团党委被党中央授予全国先进基层党组织"} {
				if !strings.Contains(got, s) {
					t.Errorf("the item lacks the page's %q:\n%s", s, got)
				}
			}
			checkGolden(t, "weifang_bulletin.golden", got, engine == "sqlite")
		})
	}
}

// The page's Qiqihar item, written by the product from the demo's trips,
// visits, projects, registrations and funds: 北京、上海、山东, 4 trips, 4
// visits, 5 signed, 2 in intent; 7000万元, 3000万元 and 1000万元, 20亿元.
func TestQiqiharBulletinGolden(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			resp := env.Do(env.Login("qiqihar-staff"), "GET", "/api/v1/zones/qiqihar/bulletin?from=2023-01&to=2023-11", nil)
			if resp.Status != http.StatusOK {
				t.Fatalf("%d %s", resp.Status, resp.Body)
			}
			var out struct {
				Items []struct{ Module, Key, Headline, Text string }
			}
			resp.JSON(t, &out)
			got := map[string]string{}
			for _, it := range out.Items {
				if it.Module == "invest" {
					got[it.Key] = it.Headline + "\n\n" + it.Text + "\n"
				}
			}
			if got["results"] == "" || got["capital"] == "" {
				t.Fatalf("no investment items: %+v", out.Items)
			}
			checkGolden(t, "qiqihar_bulletin.golden", got["results"]+"\n"+got["capital"], engine == "sqlite")
		})
	}
}

// bulletinItem is the headline and text of module's item of the bulletin
// at path, as user reads it.
func bulletinItem(t *testing.T, env *apptest.Env, user, path, module string) string {
	t.Helper()
	resp := env.Do(env.Login(user), "GET", path, nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("%d %s", resp.Status, resp.Body)
	}
	var out struct {
		Items []struct{ Module, Headline, Text string }
	}
	resp.JSON(t, &out)
	for _, it := range out.Items {
		if it.Module == module {
			return it.Headline + "\n\n" + it.Text + "\n"
		}
	}
	t.Fatalf("no %s item: %+v", module, out.Items)
	return ""
}

// checkGolden compares got with testdata/name; go test -update rewrites the
// file from the run that may (one engine, so both compare the same text).
func checkGolden(t *testing.T, name, got string, mayUpdate bool) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden && mayUpdate {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// The page's Foshan item, written by the product from the demo's project,
// its reports, dates and award: the award and its issuer, the builder,
// 2.6亿元 summed from the reports' total, the dates in Chinese and 101 days
// ahead computed from the plan.
func TestFoshanBulletinGolden(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			env := apptest.Start(t, engine)
			got := bulletinItem(t, env, "foshan-staff", "/api/v1/zones/foshan/bulletin?from=2023-01&to=2023-11", "project")
			checkGolden(t, "foshan_bulletin.golden", got, engine == "sqlite")
		})
	}
}
