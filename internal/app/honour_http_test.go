package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/demo"
)

type holdingsOut struct {
	Items []struct {
		Programme string
		Held      int
	}
}

func ipHeld(t *testing.T, env *apptest.Env, token, on string) (demoN, adv int) {
	t.Helper()
	var out holdingsOut
	r := env.Do(token, "GET", "/api/v1/zones/zibo/honours?on="+on, nil)
	if r.Status != 200 {
		t.Fatalf("holdings: %d %s", r.Status, r.Body)
	}
	r.JSON(t, &out)
	for _, h := range out.Items {
		switch h.Programme {
		case "cnipa_ip_demo":
			demoN = h.Held
		case "cnipa_ip_advantage":
			adv = h.Held
		}
	}
	return demoN, adv
}

// A zone's clerk records CNIPA's 2023 notice through the API; the holdings
// move from 4/1 to 7/5. Bad notices are refused whole, every bad entry named.
func TestHonourBatchAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			seeders := demo.Swap(app.DemoSeeders(), demo.Honours, demo.HonoursBefore2023Notice)
			env := apptest.StartWith(t, engine, seeders...)
			admin := env.Login("zibo-admin")
			if d, a := ipHeld(t, env, admin, "2023-12-18"); d != 4 || a != 1 {
				t.Fatalf("before the notice: %d/%d, want 4/1", d, a)
			}
			usccOf := func(name string) string { return env.IDs.USCC[name] }
			count := func() int {
				var n int
				if err := env.DB.Read().QueryRow(t.Context(), "SELECT COUNT(*) FROM honour_batches").Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			before := count()

			// Every bad entry at once, nothing stored.
			bad := map[string]any{"title": "《测试通知》", "issuer": "国家知识产权局", "published_on": "2023-11-24", "entries": []map[string]any{
				{"programme": "cnipa_ip_demo", "uscc": "91370300MA3C99999X", "result": "new"},                 // not a code of the register
				{"programme": "cnipa_ip_advantage", "uscc": usccOf("榆林能源化工技术研究院有限公司"), "result": "new"},       // another zone's
				{"programme": "cnipa_ip_advantage", "uscc": usccOf("山东金晶科技股份有限公司"), "result": "recheck_pass"}, // never held
				{"programme": "cnipa_ip_demo", "uscc": usccOf("淄博示例精密制造有限公司（示例）"), "result": "new"},           // holds it already
				{"programme": "no_such", "uscc": usccOf("鲁泰纺织股份有限公司"), "result": "new"},
			}}
			r := env.Do(admin, "POST", "/api/v1/honour-batches", bad)
			var e struct {
				Error struct {
					Code   string
					Fields map[string]string
				}
			}
			r.JSON(t, &e)
			if r.Status != 422 {
				t.Fatalf("bad batch: %d %s", r.Status, r.Body)
			}
			// One answer names them all: the credit codes and the checks against
			// the titles held.
			for _, f := range []string{"entries.1.uscc", "entries.2.uscc", "entries.3.result", "entries.4.result", "entries.5.programme"} {
				if e.Error.Fields[f] == "" {
					t.Errorf("no message for %s: %v", f, e.Error.Fields)
				}
			}
			if n := count(); n != before {
				t.Errorf("a refused batch stored something: %d batches, was %d", n, before)
			}
			// The state checks run once the codes resolve.
			bad["entries"] = bad["entries"].([]map[string]any)[2:4]
			r = env.Do(admin, "POST", "/api/v1/honour-batches", bad)
			r.JSON(t, &e)
			if r.Status != 422 || e.Error.Fields["entries.1.result"] == "" || e.Error.Fields["entries.2.result"] == "" {
				t.Errorf("recheck never held / overlap: %d %s", r.Status, r.Body)
			}
			// A duplicate entry and a notice before its programme existed.
			dup := map[string]any{"title": "测试", "issuer": "国家知识产权局", "published_on": "2012-01-01", "entries": []map[string]any{
				{"programme": "cnipa_ip_advantage", "uscc": usccOf("鲁泰纺织股份有限公司"), "result": "new"},
				{"programme": "cnipa_ip_advantage", "uscc": usccOf("鲁泰纺织股份有限公司"), "result": "new"},
			}}
			r = env.Do(admin, "POST", "/api/v1/honour-batches", dup)
			r.JSON(t, &e)
			if r.Status != 422 || e.Error.Fields["published_on"] == "" {
				t.Errorf("before the programme: %d %s", r.Status, r.Body)
			}
			dup["published_on"] = "2023-11-24"
			r = env.Do(admin, "POST", "/api/v1/honour-batches", dup)
			r.JSON(t, &e)
			if r.Status != 422 || e.Error.Fields["entries.2.uscc"] == "" {
				t.Errorf("duplicate: %d %s", r.Status, r.Body)
			}

			// A mistyped check character is named as such, not as a stranger.
			code := usccOf("鲁泰纺织股份有限公司")
			next := "0"
			if code[len(code)-1] == '0' {
				next = "1"
			}
			typo := map[string]any{"title": "测试", "issuer": "国家知识产权局", "published_on": "2023-11-24", "entries": []map[string]any{
				{"programme": "cnipa_ip_advantage", "uscc": code[:len(code)-1] + next, "result": "new"}}}
			r = env.Do(admin, "POST", "/api/v1/honour-batches", typo)
			r.JSON(t, &e)
			if r.Status != 422 || !strings.Contains(e.Error.Fields["entries.1.uscc"], "校验") {
				t.Errorf("a mistyped check character: %d %s", r.Status, r.Body)
			}

			// The page's notice, in the page's order.
			var entries []map[string]any
			for i, n := range []string{"山东亚华电子股份有限公司", "山东瑞邦智能装备股份有限公司", "淄博鑫旭电源科技有限公司",
				"山东金晶科技股份有限公司", "山东新华医疗器械股份有限公司", "山东新华制药股份有限公司", "鲁泰纺织股份有限公司"} {
				prog := "cnipa_ip_advantage"
				if i < 3 {
					prog = "cnipa_ip_demo"
				}
				entries = append(entries, map[string]any{"programme": prog, "uscc": usccOf(n), "result": "new"})
			}
			r = env.Do(admin, "POST", "/api/v1/honour-batches", map[string]any{"title": "《" + demo.CNIPA2023Notice + "》",
				"issuer": "国家知识产权局", "published_on": "2023-11-24", "entries": entries})
			if r.Status != 201 {
				t.Fatalf("the 2023 notice: %d %s", r.Status, r.Body)
			}
			var res struct {
				Batch struct {
					ID    int64
					Title string
				}
				Started  int
				Warnings []struct{ Row int }
			}
			r.JSON(t, &res)
			if res.Started != 7 || res.Batch.Title != demo.CNIPA2023Notice || len(res.Warnings) != 0 {
				t.Errorf("result %+v", res)
			}
			if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/honour-batches/%d", res.Batch.ID) {
				t.Errorf("Location %q", loc)
			}
			if d, a := ipHeld(t, env, admin, "2023-12-18"); d != 7 || a != 5 {
				t.Errorf("after the notice: %d/%d, want 7/5", d, a)
			}
			if d, a := ipHeld(t, env, env.Login("zibo-city"), "2023-11-23"); d != 4 || a != 1 {
				t.Errorf("the day before, as the city sees it: %d/%d, want 4/1", d, a)
			}
			// Another zone's admin does not see Zibo's notice.
			if r := env.Do(env.Login("yulin-admin"), "GET", fmt.Sprintf("/api/v1/honour-batches/%d", res.Batch.ID), nil); r.Status != 404 {
				t.Errorf("yulin admin reads zibo's batch: %d", r.Status)
			}
			if r := env.Do(admin, "GET", "/api/v1/zones/zibo/honours?on=2023-13-01", nil); r.Status != 422 {
				t.Errorf("bad date: %d", r.Status)
			}
		})
	}
}

// Cultivation: activities are things done (never in the future), their next
// step becomes the candidate's, and a passed next step is flagged overdue.
func TestCultivationAPI(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	admin := env.Login("zibo-admin")
	var list struct {
		Items []struct {
			ID        int64
			NextOn    *string `json:"next_on"`
			Overdue   bool
			Programme string
			Version   int
		}
	}
	env.Do(admin, "GET", "/api/v1/zones/zibo/cultivation", nil).JSON(t, &list)
	if len(list.Items) != 3 {
		t.Fatalf("demo candidates: %+v", list)
	}
	overdue := 0
	for _, c := range list.Items {
		if c.Overdue {
			overdue++
		}
	}
	if overdue != 1 { // 中南医药's next step was due on 2023-12-10
		t.Errorf("overdue candidates %d, want 1", overdue)
	}
	id := list.Items[0].ID
	path := fmt.Sprintf("/api/v1/cultivation/%d/activities", id)
	if r := env.Do(admin, "POST", path, map[string]any{"kind": "coaching", "on": "2023-12-19"}); r.Status != 422 {
		t.Errorf("activity tomorrow: %d %s", r.Status, r.Body)
	}
	if r := env.Do(admin, "POST", path, map[string]any{"kind": "coaching", "on": "2023-12-15", "next_step": "回访"}); r.Status != 422 {
		t.Errorf("next step without a date: %d %s", r.Status, r.Body)
	}
	if r := env.Do(admin, "POST", path, map[string]any{"kind": "coaching", "on": "2023-12-15", "attendees": 4,
		"next_step": "提交材料", "next_on": "2024-01-20"}); r.Status != 201 {
		t.Fatalf("activity: %d %s", r.Status, r.Body)
	}
	env.Do(admin, "GET", "/api/v1/zones/zibo/cultivation", nil).JSON(t, &list)
	for _, c := range list.Items {
		if c.ID == id && (c.NextOn == nil || *c.NextOn != "2024-01-20" || c.Overdue) {
			t.Errorf("candidate after the activity: %+v", c)
		}
	}
	// PATCH needs the version read.
	if r := env.Do(admin, "PATCH", fmt.Sprintf("/api/v1/cultivation/%d", id), map[string]any{"stage": "applied"}); r.Status != 422 {
		t.Errorf("patch without version: %d %s", r.Status, r.Body)
	}
	if r := env.Do(admin, "PATCH", fmt.Sprintf("/api/v1/cultivation/%d", id), map[string]any{"stage": "applied", "version": 99}); r.Status != 409 {
		t.Errorf("stale patch: %d %s", r.Status, r.Body)
	}
	// Two programmes of one name would read as one in every list.
	dupName := map[string]any{"code": "dup_adv", "name": "国家知识产权优势企业", "issuer": "国家知识产权局", "level": "national",
		"kind": "ip", "term_years": 3, "since": "2013-01-01"}
	if r := env.Do(env.Login("national"), "POST", "/api/v1/honour-programmes", dupName); r.Status != 422 || !strings.Contains(string(r.Body), "name") {
		t.Errorf("a second programme of one name: %d %s", r.Status, r.Body)
	}
	// A notice naming a candidate for its programme moves it to 认定.
	r := env.Do(admin, "POST", "/api/v1/honour-batches", map[string]any{"title": "测试通知", "issuer": "国家知识产权局", "published_on": "2023-12-15",
		"entries": []map[string]any{{"programme": "cnipa_ip_advantage", "uscc": env.IDs.USCC["山东淄博中南医药包装材料股份有限公司"], "result": "new"}}})
	if r.Status != 201 {
		t.Fatalf("batch: %d %s", r.Status, r.Body)
	}
	var board struct {
		Items []struct {
			EnterpriseName string `json:"enterprise_name"`
			Stage          string
			Overdue        bool
		}
	}
	env.Do(admin, "GET", "/api/v1/zones/zibo/cultivation", nil).JSON(t, &board)
	for _, c := range board.Items {
		if c.EnterpriseName == "山东淄博中南医药包装材料股份有限公司" && (c.Stage != "awarded" || c.Overdue) {
			t.Errorf("candidate after its award: %+v", c)
		}
	}
	// The enterprise user sees its own record only: 亚华 has none.
	var mine struct{ Items []any }
	env.Do(env.Login("zibo-ent"), "GET", "/api/v1/zones/zibo/cultivation", nil).JSON(t, &mine)
	if len(mine.Items) != 0 {
		t.Errorf("enterprise user sees %d candidates", len(mine.Items))
	}
}
