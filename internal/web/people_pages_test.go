package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// TestPagesSignByDisplayName (issue 14): the "by" columns of import pages,
// job pages and investment steps show who by display name, the login only
// in the tooltip (span.person[title]), as the contract history does.
func TestPagesSignByDisplayName(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	reg := env.Login("yulin-registrar") // 马骏
	up := env.Do(reg, "POST", "/api/v1/contracts/import", apptest.Upload{Name: "补录.csv", Data: []byte("合同名称\n")})
	if up.Status != 202 {
		t.Fatalf("import: %d %.300s", up.Status, up.Body)
	}
	var acc struct {
		JobID int64 `json:"job_id"`
	}
	up.JSON(t, &acc)
	jobURL := fmt.Sprintf("/jobs/%d", acc.JobID)
	inv := env.Do(env.Login("qiqihar-admin"), "GET", "/zones/qiqihar/investment/projects", nil)
	step := regexp.MustCompile(`href="(/investment/projects/[0-9]+)"`).FindSubmatch(inv.Body)
	if step == nil {
		t.Fatalf("no investment project on the list: %.500s", inv.Body)
	}
	for _, c := range []struct{ tok, path, login, name string }{
		{reg, "/contracts/import", "yulin-registrar", "马骏"},
		{reg, jobURL, "yulin-registrar", "马骏"},
		{env.Login("qiqihar-admin"), string(step[1]), "qiqihar-staff", "宋佳"},
	} {
		r := env.Do(c.tok, "GET", c.path, nil)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d", c.path, r.Status)
		}
		body := string(r.Body)
		if want := `<span class="person" title="` + c.login + `">` + c.name + `</span>`; !strings.Contains(body, want) {
			t.Errorf("%s: no %s in %s", c.path, want, regexp.MustCompile(`<span class="person"[^<]*</span>`).FindAllString(body, 5))
		}
		if n := strings.Count(body, c.login) - strings.Count(body, `title="`+c.login+`"`); n != 0 {
			t.Errorf("%s: the login %s shown %d times outside its tooltip", c.path, c.login, n)
		}
	}
}
