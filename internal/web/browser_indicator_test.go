package web_test

import (
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/browsertest"
)

// TestBrowserTargetCompletion: Yulin city opens the zone dashboard, sets a
// new 2023 target on the registered amount, and sees the completion follow
// on the targets page and on the dashboard — in a real Chromium, with the
// page's CSP in force (no script is needed, and no console error appears).
func TestBrowserTargetCompletion(t *testing.T) {
	browsertest.Require(t)
	env := apptest.Start(t, "sqlite")
	b := browsertest.Start(t, env.Server.URL)

	const (
		dashboard  = "/zones/yulin/dashboard?from=2023-01&to=2023-11"
		completion = "#tile-tech_contract-contract_amount .completion"
		form       = "#target-form-tech_contract-contract_amount"
	)
	b.Login("yulin-city", apptest.Password)
	if st := b.Open(dashboard); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	if got := b.Text(completion); got != "完成105.0%" {
		t.Fatalf("completion before = %q, want 完成105.0%%", got)
	}
	if got := b.Text("#tile-tech_contract-contract_amount .tile-value"); got != "3.8亿元" {
		t.Errorf("amount = %q", got)
	}

	// To the targets page, and set 3.8016亿元 (38016万元): exactly the
	// amount registered in 1-11月.
	if st := b.Click("#targets-link"); st != 200 {
		t.Fatalf("targets page: HTTP %d", st)
	}
	if got := b.Text("#target-tech_contract-contract_amount .target-value"); got != "3.62亿元" {
		t.Errorf("target before = %q", got)
	}
	b.Fill(form+` input[name="value"]`, "38016")
	if st := b.Click(form + ` button[value="set"]`); st != 200 {
		t.Fatalf("set target: HTTP %d", st)
	}
	b.WaitText("#done", "已保存")
	if got := b.Text("#target-tech_contract-contract_amount .target-value"); got != "3.8亿元" {
		t.Errorf("target after = %q", got)
	}

	// The dashboard's completion follows.
	if st := b.Open(dashboard); st != 200 {
		t.Fatalf("dashboard: HTTP %d", st)
	}
	if got := b.Text(completion); got != "完成100.0%" {
		t.Errorf("completion after = %q, want 完成100.0%%", got)
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %s", strings.Join(errs, "; "))
	}
}
