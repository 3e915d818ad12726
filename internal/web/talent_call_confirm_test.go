package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// Editing a call, the clerk is asked to confirm closing its window only
// about a change that will be taken: dates out of order are refused first,
// without the question; dates in order are asked about, then saved.
func TestTalentCallEditValidatesBeforeConfirm(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	staff := env.Login("weifang-staff")
	// The demo's 2025 call (2025-03-01 to 2025-05-31) is open on the
	// test clock's 2023-12-18: not yet closed.
	var id, version int
	if err := env.DB.Read().QueryRow(t.Context(), "SELECT id, version FROM talent_calls WHERE opens_on = ? AND closes_on = ?", "2025-03-01", "2025-05-31").Scan(&id, &version); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/talent/calls/%d/edit", id)
	post := func(opens, closes string, confirm bool) apptest.Response {
		f := url.Values{"title": {"2025年人才计划（示例）"}, "year": {"2025"}, "opens_on": {opens}, "closes_on": {closes},
			"quota": {"0"}, "version": {fmt.Sprint(version)}}
		if confirm {
			f.Set("confirm", "1")
		}
		return env.Do(staff, "POST", path, f.Encode())
	}
	// Closing it before it opens: refused at once, no question asked.
	r := post("2025-03-01", "2023-12-01", false)
	if body := string(r.Body); r.Status != 422 || strings.Contains(body, `id="confirm-question"`) || !strings.Contains(body, "2025-03-01") {
		t.Errorf("dates out of order: HTTP %d, asked to confirm %v", r.Status, strings.Contains(body, `id="confirm-question"`))
	}
	// Opening it earlier and closing it yesterday, in order: asked first,
	// then saved.
	r = post("2023-12-01", "2023-12-17", false)
	if r.Status != 200 || !strings.Contains(string(r.Body), `id="confirm-question"`) {
		t.Fatalf("closing the window: HTTP %d, not asked to confirm: %s", r.Status, errText(r.Body))
	}
	r = post("2023-12-01", "2023-12-17", true)
	if r.Status != 303 {
		t.Fatalf("confirmed: HTTP %d %.300s", r.Status, r.Body)
	}
	var closes string
	if err := env.DB.Read().QueryRow(t.Context(), "SELECT closes_on FROM talent_calls WHERE id = ?", id).Scan(&closes); err != nil || !strings.HasPrefix(closes, "2023-12-17") {
		t.Errorf("closes_on %q, %v", closes, err)
	}
}

// errText is a page's error messages, for a failure's report.
func errText(b []byte) string {
	var out []string
	for _, m := range regexp.MustCompile(`<span class="err"[^>]*>([^<]*)<`).FindAllSubmatch(b, -1) {
		out = append(out, string(m[1]))
	}
	return strings.Join(out, "; ")
}
