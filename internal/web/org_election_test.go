package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// An organisation with no election since its founding shows no last
// election (a dash, not its founding date) beside 成立以来尚未换届.
func TestOrgPageNoElectionYet(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	var id int64
	var founded string
	if err := env.DB.Read().QueryRow(t.Context(), "SELECT id, founded_on FROM org_organisations o WHERE NOT EXISTS (SELECT 1 FROM org_elections e WHERE e.org_id = o.id) ORDER BY id LIMIT 1").Scan(&id, &founded); err != nil {
		t.Fatalf("an organisation never elected: %v", err)
	}
	r := env.Do(env.Login("weifang-admin"), "GET", fmt.Sprintf("/party/organisations/%d", id), nil)
	if r.Status != 200 {
		t.Fatalf("page: %d", r.Status)
	}
	body := string(r.Body)
	if !strings.Contains(body, "成立以来尚未换届") {
		t.Fatal("the page does not say there was no election")
	}
	if !strings.Contains(body, `<dd id="last-election">—</dd>`) {
		i := strings.Index(body, "上次换届日期")
		t.Errorf("last election shown as %q, want — (founded %s)", body[i:min(len(body), i+80)], founded)
	}
}
