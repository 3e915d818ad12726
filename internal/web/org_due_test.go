package web_test

import (
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// TestOrgElectionOverdue: an organisation whose election date has passed
// reads 换届逾期, not 换届临近 (which is for elections still ahead).
func TestOrgElectionOverdue(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	r := env.Do(env.Login("weifang-admin"), "GET", "/zones/weifang/party/organisations?due=1", nil)
	if r.Status != 200 {
		t.Fatalf("organisations: %d", r.Status)
	}
	body := string(r.Body)
	if !strings.Contains(body, `<span class="tag overdue">换届逾期</span>`) {
		t.Error("no organisation reads 换届逾期, though the demo has elections past their date")
	}
	if strings.Contains(body, `class="tag overdue">换届临近`) {
		t.Error("an election still ahead is marked as overdue")
	}
}
