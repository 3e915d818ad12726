package web_test

import (
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
)

// TestLivingBulletinNoEmptyResults: on the living demo, Yulin and Weifang
// run outbound trips every month but sign nothing; their bulletins carry no
// "招商引资结硕果 … 签约项目0个" item, while Qiqihar's 2023 item stays.
func TestLivingBulletinNoEmptyResults(t *testing.T) {
	env := apptest.StartAt(t, "sqlite", livingNow, app.DemoSeeders()...)
	for _, z := range []string{"yulin", "weifang"} {
		r := env.Do(env.Login(z+"-admin"), "GET", "/zones/"+z+"/bulletin?from=2026-01&to=2026-11", nil)
		if r.Status != 200 {
			t.Fatalf("%s bulletin: %d", z, r.Status)
		}
		if body := string(r.Body); strings.Contains(body, "结硕果") || strings.Contains(body, "签约项目0个") {
			t.Errorf("%s: an investment results item without a signed project", z)
		}
	}
	r := env.Do(env.Login("qiqihar-admin"), "GET", "/zones/qiqihar/bulletin?from=2023-01&to=2023-12", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), "结硕果") {
		t.Errorf("qiqihar 2023 bulletin: %d, results item missing", r.Status)
	}
}
