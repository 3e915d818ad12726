package app_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// The module's import page offers the API's skip_bad: ticked, a file with
// bad rows stores its good ones; a refused upload keeps the box ticked.
func TestOrgImportPageSkipsBadRows(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	zibo := env.Login("zibo-admin")
	file := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "orgimport", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	data := file("online-branches.xlsx")
	const box = `<input type="checkbox" name="skip_bad" id="import-skip-bad"`
	page := string(env.Do(zibo, "GET", "/zones/zibo/party/import", nil).Body)
	if !strings.Contains(page, box+"> 跳过有错误的行，只导入正确的行") {
		t.Fatal("the import page has no unticked skip_bad box")
	}

	// A refused upload (no call for applicants) shows the box still ticked.
	resp := env.Do(zibo, "POST", "/zones/zibo/party/import", apptest.Upload{Name: "online-branches.xlsx", Data: data,
		Fields: map[string]string{"kind": "talent_applicants", "skip_bad": "on"}})
	if resp.Status != 422 || !strings.Contains(string(resp.Body), box+" checked>") {
		t.Fatalf("refused upload: %d, box ticked: %v", resp.Status, strings.Contains(string(resp.Body), box+" checked>"))
	}

	branches := func() int {
		var n int
		if err := env.DB.Read().QueryRow(t.Context(), "SELECT COUNT(*) FROM org_online_branches WHERE zone_id = ?", env.IDs.Zones["zibo"]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	was := branches()
	upload := func(name string, fields map[string]string) map[string]any {
		t.Helper()
		resp := env.Do(zibo, "POST", "/zones/zibo/party/import", apptest.Upload{Name: name, Data: file(name), Fields: fields})
		loc := resp.Header.Get("Location")
		if resp.Status != 303 || !strings.HasPrefix(loc, "/jobs/") {
			t.Fatalf("upload: %d %s", resp.Status, loc)
		}
		var id int64
		fmt.Sscanf(loc, "/jobs/%d", &id)
		return waitJob(t, env, zibo, id)
	}
	// The organisations the file's good branch belongs to.
	if j := upload("organisations.xlsx", map[string]string{"kind": "org_organisations"}); j["status"] != "done" {
		t.Fatalf("organisations: %v", j["status"])
	}
	if j := upload("online-branches.xlsx", map[string]string{"kind": "org_online_branches"}); j["status"] != "failed" || branches() != was {
		t.Fatalf("without the box: %v, %d branches stored", j["status"], branches()-was)
	}
	if j := upload("online-branches.xlsx", map[string]string{"kind": "org_online_branches", "skip_bad": "on"}); j["status"] != "done" || branches() != was+1 {
		t.Fatalf("with the box: %v, %d branches stored, want 1", j["status"], branches()-was)
	}
}
