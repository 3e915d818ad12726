package app_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/apptest"
)

// What the API promises beyond its schemas: absent dates are null, creates
// say where the new resource is, a change names the version it changes,
// unknown query parameters are refused, and a preview needs its template.
func TestAPIContract(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	ent, admin, staff := env.Login("zibo-ent"), env.Login("zibo-admin"), env.Login("zibo-staff")
	var b errBody

	// A new draft: 201 with Location, and its absent dates null.
	resp := env.Do(ent, "POST", "/api/v1/contracts", newContractBody("接口约定合同"))
	var created struct{ ID int64 }
	resp.JSON(t, &created)
	path := fmt.Sprintf("/api/v1/contracts/%d", created.ID)
	if resp.Status != 201 || resp.Header.Get("Location") != path {
		t.Fatalf("create: %d Location %q", resp.Status, resp.Header.Get("Location"))
	}
	var c map[string]any
	env.Do(ent, "GET", path, nil).JSON(t, &c)
	for _, f := range []string{"accepted_on", "amended_on", "cancelled_on", "certified_on", "refused_on"} {
		if v, ok := c[f]; !ok || v != nil {
			t.Errorf("draft's %s = %#v, want null", f, v)
		}
	}
	// PATCH without version: 422 naming it, nothing changed.
	resp = env.Do(ent, "PATCH", path, map[string]any{"name": "无版本"})
	resp.JSON(t, &b)
	if resp.Status != 422 || b.Error.Fields["version"] == "" {
		t.Errorf("contract patch without version: %d %s", resp.Status, resp.Body)
	}
	id := env.IDs.Enterprises["山东金晶科技股份有限公司"]
	resp = env.Do(admin, "PATCH", fmt.Sprintf("/api/v1/enterprises/%d", id), map[string]any{"contact_name": "无版本"})
	b = errBody{}
	resp.JSON(t, &b)
	if resp.Status != 422 || b.Error.Fields["version"] == "" {
		t.Errorf("enterprise patch without version: %d %s", resp.Status, resp.Body)
	}
	var e map[string]any
	env.Do(admin, "GET", fmt.Sprintf("/api/v1/enterprises/%d", id), nil).JSON(t, &e)
	if e["contact_name"] == "无版本" {
		t.Error("a PATCH without version changed the enterprise")
	}
	if v, ok := e["pledge_on"]; !ok || (v != nil && v == "") {
		t.Errorf("pledge_on = %#v, want a date or null", v)
	}

	// An attachment's answer names its contract's zone and where it is.
	st, body := upload(t, env, ent, path+"/attachments", "合同.pdf", []byte("%PDF-1.4 x"))
	var att struct {
		ID     int64
		ZoneID int64 `json:"zone_id"`
	}
	if err := json.Unmarshal(body, &att); err != nil || st != 201 || att.ZoneID != env.IDs.Zones["zibo"] {
		t.Errorf("upload: %d %s", st, body)
	}

	// An unknown query parameter is a 400 naming it; documented ones pass.
	resp = env.Do(staff, "GET", "/api/v1/enterprises?limt=5", nil)
	b = errBody{}
	resp.JSON(t, &b)
	if resp.Status != 400 || !strings.Contains(b.Error.Message, "limt") || b.Error.Fields["limt"] == "" {
		t.Errorf("unknown parameter: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(staff, "GET", "/api/v1/zones?x=1", nil); resp.Status != 400 {
		t.Errorf("parameter on a list without any: %d", resp.Status)
	}
	if resp = env.Do(staff, "GET", "/api/v1/contracts?limit=5&sort=newest", nil); resp.Status != 200 {
		t.Errorf("documented parameters: %d %s", resp.Status, resp.Body)
	}
	// sort=certified orders by certificate date within a range.
	resp = env.Do(staff, "GET", "/api/v1/contracts?sort=certified", nil)
	b = errBody{}
	resp.JSON(t, &b)
	if resp.Status != 422 || b.Error.Fields["sort"] == "" {
		t.Errorf("sort=certified without a range: %d %s", resp.Status, resp.Body)
	}
	var page struct {
		Items []struct {
			ID          int64
			CertifiedOn *string `json:"certified_on"`
		}
	}
	env.Do(staff, "GET", "/api/v1/contracts?sort=newest&from=2023-01-01&limit=200", nil).JSON(t, &page)
	for i := 1; i < len(page.Items); i++ {
		if page.Items[i].ID > page.Items[i-1].ID {
			t.Fatalf("sort=newest: id %d after %d", page.Items[i].ID, page.Items[i-1].ID)
		}
	}

	// A preview without its headline is refused; a template's own problem
	// comes back with the preview.
	pv := "/api/v1/zones/zibo/bulletin-templates/tech_contract/yoy/preview"
	resp = env.Do(staff, "POST", pv, map[string]any{"body": "{{.Zone}}"})
	b = errBody{}
	resp.JSON(t, &b)
	if resp.Status != 422 || b.Error.Fields["headline"] == "" {
		t.Errorf("preview without headline: %d %s", resp.Status, resp.Body)
	}
	if resp = env.Do(staff, "POST", pv, map[string]any{"headline": "{{.Zone}}", "body": "{{.N.nothing}}"}); resp.Status != 200 {
		t.Errorf("preview with a template problem: %d %s", resp.Status, resp.Body)
	}

	// A repeated statistic answers 200, the first 201 with Location.
	stat := map[string]any{"indicator": "stat.gross_output", "from": "2023-12", "to": "2023-12", "value": 7}
	resp = env.Do(admin, "POST", "/api/v1/zones/zibo/statistics", stat)
	if resp.Status != 201 || !strings.HasPrefix(resp.Header.Get("Location"), "/api/v1/statistics/") {
		t.Errorf("statistic: %d Location %q", resp.Status, resp.Header.Get("Location"))
	}
	if resp = env.Do(admin, "POST", "/api/v1/zones/zibo/statistics", stat); resp.Status != 200 {
		t.Errorf("repeated statistic: %d %s", resp.Status, resp.Body)
	}
}
