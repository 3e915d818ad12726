package web_test

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

var (
	hrefRe = regexp.MustCompile(`href="([^"]*)"`)
	formRe = regexp.MustCompile(`<form [^>]*id="([^"]*)"[^>]*>`)
)

// A user who may only read the pipeline (city, national, a zone's contract
// registrar) is offered nothing it may not do on the investment pages: no
// import tab, no form to add a project, activity or fund, no registration
// or arrival form, and every link on the pages opens. The zone's staff,
// who run the pipeline, are offered all of it (so the test would see a
// missing rule).
func TestInvestPagesOfferOnlyAllowedActions(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	writeForms := []string{"project-form", "activity-form", "fund-form", "registration-form", "arrival-form", "followup-form", "import-form"}
	for _, c := range []struct {
		user    string
		writes  bool
		advance bool // the project page's step form (a city approves steps)
	}{
		{"qiqihar-city", false, true},
		{"national", false, false},
		{"qiqihar-registrar", false, false},
		{"qiqihar-staff", true, true},
	} {
		t.Run(c.user, func(t *testing.T) {
			tok := env.Login(c.user)
			get := func(path string) string {
				t.Helper()
				r := env.Do(tok, "GET", path, nil)
				if r.Status != 200 {
					t.Fatalf("%s: %d", path, r.Status)
				}
				return string(r.Body)
			}
			pages := []string{"/zones/qiqihar/investment", "/zones/qiqihar/investment/board", "/zones/qiqihar/investment/projects",
				"/zones/qiqihar/investment/activities", "/zones/qiqihar/investment/funds"}
			list := get(pages[2])
			m := regexp.MustCompile(`href="(/investment/projects/\d+)"`).FindStringSubmatch(list)
			if m == nil {
				t.Fatal("no project on the list")
			}
			pages = append(pages, m[1])
			if c.writes {
				pages = append(pages, "/zones/qiqihar/investment/import")
			}
			links := map[string]string{} // link → page it is on
			var forms []string
			for _, p := range pages {
				body := get(p)
				for _, h := range hrefRe.FindAllStringSubmatch(body, -1) {
					l := html.UnescapeString(h[1])
					if strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "/static/") {
						links[l] = p
					}
				}
				for _, f := range formRe.FindAllStringSubmatch(body, -1) {
					forms = append(forms, f[1])
				}
				if has := strings.Contains(body, `href="/zones/qiqihar/investment/import"`); has != c.writes {
					t.Errorf("%s: import tab shown %v, want %v", p, has, c.writes)
				}
			}
			for _, f := range writeForms {
				if f == "import-form" && !c.writes {
					continue // its page is not theirs to open
				}
				if has := slices.Contains(forms, f); has != c.writes {
					t.Errorf("form %s offered %v, want %v", f, has, c.writes)
				}
			}
			if has := slices.Contains(forms, "advance-form"); has != c.advance {
				t.Errorf("advance form offered %v, want %v", has, c.advance)
			}
			// Every link the pages show opens for the user.
			for l, p := range links {
				if r := env.Do(tok, "GET", l, nil); r.Status >= 400 {
					t.Errorf("%s links to %s: %d", p, l, r.Status)
				}
			}
			if len(links) < 10 {
				t.Errorf("only %d links found", len(links))
			}
		})
	}
}

// The dashboard compares rates with the year before in percentage points
// and counts and amounts in percent; its funnel counts the projects that
// reached each stage, never more at a later stage than at an earlier one.
func TestInvestDashboardYoYAndFunnel(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	r := env.Do(env.Login("qiqihar-city"), "GET", "/zones/qiqihar/investment", nil)
	if r.Status != 200 {
		t.Fatalf("dashboard: %d", r.Status)
	}
	body := string(r.Body)
	cell := regexp.MustCompile(`(?s)<tr id="fig-(invest-[a-z_-]+)">.*?data-label="[^"]*" class="num">([^<]*)</td></tr>`)
	yoy := map[string]string{}
	for _, m := range cell.FindAllStringSubmatch(body, -1) {
		yoy[m[1]] = m[2]
	}
	if len(yoy) != 12 {
		t.Fatalf("%d figure rows: %v", len(yoy), yoy)
	}
	points := 0
	for id, v := range yoy {
		isRate := strings.HasSuffix(id, "_rate")
		switch {
		case isRate && strings.Contains(v, "%"):
			t.Errorf("%s: YoY %q in percent, want percentage points", id, v)
		case isRate && strings.HasSuffix(v, "个百分点"):
			points++
		case !isRate && strings.Contains(v, "百分点"):
			t.Errorf("%s: YoY %q in points", id, v)
		}
	}
	if points == 0 {
		t.Errorf("no rate compared in points: %v", yoy)
	}
	row := regexp.MustCompile(`<tr><td data-label="[^"]*">[^<]*</td><td data-label="[^"]*" class="num">(\d+)</td>`)
	prev := -1
	n := 0
	for _, m := range row.FindAllStringSubmatch(body[strings.Index(body, `id="funnel-table"`):], -1) {
		v := 0
		for _, c := range m[1] {
			v = v*10 + int(c-'0')
		}
		if prev >= 0 && v > prev {
			t.Errorf("funnel grows at step %d: %d after %d", n, v, prev)
		}
		prev = v
		n++
	}
	if n != 8 || !strings.Contains(body, `<svg class="chart funnel"`) || strings.Count(body, `<polygon class="stage"`) < 2 {
		t.Errorf("funnel: %d table rows, drawing present %v", n, strings.Contains(body, `class="chart funnel"`))
	}
}

// The dashboard's figures read like the other pages': both value columns in
// their unit, grouped in thousands; a figure with no value has no change,
// and a figure equal to last year's is 与上年持平, not a dash.
func TestInvestDashboardFigureCells(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	r := env.Do(env.Login("qiqihar-staff"), "GET", "/zones/qiqihar/investment", nil)
	if r.Status != 200 {
		t.Fatalf("dashboard: %d", r.Status)
	}
	body := string(r.Body)
	row := regexp.MustCompile(`<tr id="fig-(invest-[a-z_-]+)"><td[^>]*>[^<]*</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td></tr>`)
	ungrouped := regexp.MustCompile(`\d{4}`)
	rows := row.FindAllStringSubmatch(body, -1)
	if len(rows) != 12 {
		t.Fatalf("%d figure rows", len(rows))
	}
	money, equal := 0, 0
	for _, m := range rows {
		id, cur, prev, yoy := m[1], m[2], m[3], m[4]
		for _, v := range []string{cur, prev} {
			if ungrouped.MatchString(v) {
				t.Errorf("%s: %q not grouped in thousands", id, v)
			}
		}
		if strings.HasSuffix(id, "_amount") || strings.HasSuffix(id, "_capital") || strings.HasSuffix(id, "funds_arrived") {
			for _, v := range []string{cur, prev} {
				if v != "—" && !strings.HasSuffix(v, " 万元") {
					t.Errorf("%s: %q has no unit", id, v)
				}
			}
			if cur != "—" {
				money++
			}
		}
		if cur == "—" && yoy != "—" {
			t.Errorf("%s: no value but a change %q", id, yoy)
		}
		if cur != "—" && cur == prev {
			equal++
			if yoy != "与上年持平" {
				t.Errorf("%s: %q vs %q: change %q, want 与上年持平", id, cur, prev, yoy)
			}
		}
	}
	if money == 0 || equal == 0 {
		t.Errorf("the data shows %d amounts and %d equal figures; the test checks nothing: %q", money, equal, rows)
	}
}

// The board says it scrolls, labels each card's date with what it is, and
// counts the terminated projects (no column of their own) with a link to
// them, so its columns and that count add up to the list's total.
func TestInvestBoardHintDatesAndTerminated(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("qiqihar-staff")
	r := env.Do(tok, "GET", "/zones/qiqihar/investment/board", nil)
	if r.Status != 200 {
		t.Fatalf("board: %d", r.Status)
	}
	body := string(r.Body)
	if !strings.Contains(body, `id="board-hint"`) || !strings.Contains(body, "左右滑动查看全部阶段") {
		t.Error("no hint that the board scrolls")
	}
	cards := strings.Count(body, `<article class="card`)
	dated := regexp.MustCompile(`<p class="small stage-on">(线索|洽谈|考察|意向|签约|注册|开工|投产)于 \d{4}-\d{2}-\d{2}</p>`).FindAllString(body, -1)
	if cards == 0 || len(dated) != cards {
		t.Errorf("%d cards, %d with a labelled date", cards, len(dated))
	}
	total := 0
	for _, m := range regexp.MustCompile(`<h2>[^<]* <span class="muted">(\d+)</span></h2>`).FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[1])
		total += n
	}
	m := regexp.MustCompile(`<a id="terminated" href="([^"]*)">另有(\d+)个项目已终止`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no count of terminated projects")
	}
	n, _ := strconv.Atoi(m[2])
	total += n
	list := env.Do(tok, "GET", "/zones/qiqihar/investment/projects", nil)
	lm := regexp.MustCompile(`共(\d+)条`).FindStringSubmatch(string(list.Body))
	if lm == nil || lm[1] != strconv.Itoa(total) {
		t.Errorf("board adds up to %d, list says %v", total, lm)
	}
	term := env.Do(tok, "GET", html.UnescapeString(m[1]), nil)
	if tm := regexp.MustCompile(`共(\d+)条`).FindStringSubmatch(string(term.Body)); term.Status != 200 || tm == nil || tm[1] != m[2] {
		t.Errorf("terminated link %s: %d, %v", m[1], term.Status, tm)
	}
}
