package app_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/contractio"
)

// contractCases are the registry's rows of the route × role matrix. The
// contracts are the Zibo applicant's (its enterprise user sees them), one
// of a Zibo neighbour (hidden from that user) and one of Yulin (another
// province: hidden from every Zibo role). Routes that change a contract
// get a fresh one in the needed state for each caller.
func contractCases(f *fixture) []routeCase {
	env := f.env
	yulinReg := env.Login("yulin-registrar")
	yulinSeller := env.IDs.Enterprises["榆林兰炭新材料有限公司"]
	reg := func() string { return f.tokens[access.Registrar] }

	// create drafts a contract through the API as a registrar on the seller's behalf.
	create := func(token string, seller int64) int64 {
		body := newContractBody(fmt.Sprintf("矩阵技术开发合同%d", f.next()))
		body["seller_id"] = seller
		resp := env.Do(token, "POST", "/api/v1/contracts", body)
		var out struct{ ID int64 }
		resp.JSON(env.T, &out)
		if resp.Status != 201 {
			env.T.Fatalf("matrix fixture: create: %d %s", resp.Status, resp.Body)
		}
		return out.ID
	}
	step := func(token string, id int64, ev string, body any) {
		if resp := env.Do(token, "POST", fmt.Sprintf("/api/v1/contracts/%d/%s", id, ev), body); resp.Status != 200 {
			env.T.Fatalf("matrix fixture: %s #%d: %d %s", ev, id, resp.Status, resp.Body)
		}
	}
	attached := func(token string, id int64) int64 {
		resp := env.Do(token, "POST", fmt.Sprintf("/api/v1/contracts/%d/attachments", id), apptest.Upload{Name: "合同.pdf", Data: []byte("%PDF-1.4 matrix")})
		var out struct{ ID int64 }
		resp.JSON(env.T, &out)
		if resp.Status != 201 {
			env.T.Fatalf("matrix fixture: upload: %d %s", resp.Status, resp.Body)
		}
		return out.ID
	}
	// in makes a contract in state of the seller, with the zone's registrar;
	// the written contract is attached, as submitting needs it.
	in := func(state string, token string, seller int64) int64 {
		if state == "awaiting" {
			// An applicant's online submission waits for the point.
			token = f.tokens[access.Enterprise]
		}
		id := create(token, seller)
		attached(token, id)
		if state == "draft" {
			return id
		}
		if state == "awaiting" {
			step(token, id, "submit", nil)
			return id
		}
		step(token, id, "submit", nil)
		if state == "registered" {
			step(token, id, "register", nil)
		}
		return id
	}
	zibo := func(state string) int64 { return in(state, reg(), f.ownEnt) }

	own := zibo("registered")
	neighbour := in("registered", reg(), f.zoneEnt)
	far := in("registered", yulinReg, yulinSeller)
	ownDraft := zibo("draft")
	ownFile := attached(reg(), ownDraft)
	farDraft := in("draft", yulinReg, yulinSeller)
	farFile := attached(yulinReg, farDraft)

	api := func(id int64, suffix string) func(access.Role) string {
		return func(access.Role) string { return fmt.Sprintf("/api/v1/contracts/%d%s", id, suffix) }
	}
	web := func(id int64, suffix string) func(access.Role) string {
		return func(access.Role) string { return fmt.Sprintf("/contracts/%d%s", id, suffix) }
	}
	// fresh gives each caller its own Zibo contract in state.
	fresh := func(state, prefix, suffix string) func(access.Role) string {
		return func(access.Role) string { return fmt.Sprintf("%s/%d%s", prefix, zibo(state), suffix) }
	}
	freshFile := func(prefix, suffix string) func(access.Role) string {
		return func(access.Role) string {
			id := zibo("draft")
			return fmt.Sprintf("%s/%d/attachments/%d%s", prefix, id, attached(reg(), id), suffix)
		}
	}
	body := func(v any) func(access.Role) any { return func(access.Role) any { return v } }
	newBody := func(access.Role) any {
		b := newContractBody(fmt.Sprintf("矩阵新建合同%d", f.next()))
		b["seller_id"] = f.ownEnt
		return b
	}
	newForm := func(access.Role) any {
		return contractForm(fmt.Sprintf("矩阵表单合同%d", f.next()), f.ownEnt).Encode()
	}
	pdf := func(access.Role) any { return apptest.Upload{Name: "扫描件.pdf", Data: []byte("%PDF-1.7 scan")} }

	applicant := []access.Role{access.Registrar, access.Enterprise}
	readOwn := all(200)
	readNeighbour := all(200).with(404, access.Enterprise)
	readFar := allowOnly(200, access.National).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise)
	prepare := allowOnly(200, applicant...)
	prepareFar := allowOnly(200).with(404, applicant...)
	decide := allowOnly(200, access.Registrar)
	decideFar := allowOnly(200).with(404, access.Registrar)
	overseers := []access.Role{access.National, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar}

	return append([]routeCase{
		// API.
		{route: "GET /api/v1/contracts", path: p("/api/v1/contracts?status=registered&from=2023-01-01&to=2023-12-31"), want: all(200)},
		{route: "POST /api/v1/contracts", path: p("/api/v1/contracts"), body: newBody, want: allowOnly(201, applicant...)},
		{route: "GET /api/v1/contracts/queue", path: p("/api/v1/contracts/queue"), want: allowOnly(200, overseers...)},
		{route: "GET /api/v1/contracts/{id}", name: "own", path: api(own, ""), want: readOwn},
		{route: "GET /api/v1/contracts/{id}", name: "neighbour's", path: api(neighbour, ""), want: readNeighbour},
		{route: "GET /api/v1/contracts/{id}", name: "other province", path: api(far, ""), want: readFar},
		{route: "PATCH /api/v1/contracts/{id}", name: "draft", path: fresh("draft", "/api/v1/contracts", ""), body: body(map[string]any{"name": "矩阵改名合同", "version": 1}), want: prepare},
		{route: "PATCH /api/v1/contracts/{id}", name: "registered", path: fresh("registered", "/api/v1/contracts", ""), body: body(map[string]any{"name": "矩阵改名合同", "version": 1}), want: allowOnly(409, applicant...)},
		{route: "PATCH /api/v1/contracts/{id}", name: "other province", path: api(farDraft, ""), body: body(map[string]any{"name": "矩阵改名合同", "version": 1}), want: prepareFar},
		{route: "GET /api/v1/contracts/{id}/history", name: "own", path: api(own, "/history"), want: readOwn},
		{route: "GET /api/v1/contracts/{id}/history", name: "other province", path: api(far, "/history"), want: readFar},
		{route: "POST /api/v1/contracts/{id}/submit", name: "draft", path: fresh("draft", "/api/v1/contracts", "/submit"), want: prepare},
		{route: "POST /api/v1/contracts/{id}/submit", name: "other province", path: api(farDraft, "/submit"), want: prepareFar},
		{route: "POST /api/v1/contracts/{id}/submit", name: "registered", path: api(own, "/submit"), want: allowOnly(409, applicant...)},
		{route: "POST /api/v1/contracts/{id}/accept", name: "awaiting", path: fresh("awaiting", "/api/v1/contracts", "/accept"), want: decide},
		{route: "POST /api/v1/contracts/{id}/accept", name: "submitted", path: fresh("submitted", "/api/v1/contracts", "/accept"), want: allowOnly(409, access.Registrar)},
		{route: "POST /api/v1/contracts/{id}/start-review", path: fresh("submitted", "/api/v1/contracts", "/start-review"), want: decide},
		{route: "POST /api/v1/contracts/{id}/second-review", name: "2000/2001 rules: none", path: fresh("submitted", "/api/v1/contracts", "/second-review"),
			body: body(map[string]any{"disputed": true}), want: allowOnly(409, access.Registrar)},
		{route: "POST /api/v1/contracts/{id}/return", path: fresh("submitted", "/api/v1/contracts", "/return"), body: body(map[string]string{"reason": "补充签章页"}), want: decide},
		{route: "POST /api/v1/contracts/{id}/register", name: "submitted", path: fresh("submitted", "/api/v1/contracts", "/register"), body: body(map[string]any{"field": "03"}), want: decide},
		{route: "POST /api/v1/contracts/{id}/register", name: "draft", path: fresh("draft", "/api/v1/contracts", "/register"), want: allowOnly(409, access.Registrar)},
		{route: "POST /api/v1/contracts/{id}/register", name: "other province", path: api(far, "/register"), want: decideFar},
		{route: "POST /api/v1/contracts/{id}/refuse", path: fresh("submitted", "/api/v1/contracts", "/refuse"), body: body(map[string]string{"reason_code": "not_tech_contract"}), want: decide},
		{route: "POST /api/v1/contracts/{id}/amend", path: fresh("registered", "/api/v1/contracts", "/amend"), body: body(map[string]any{"reason": "补充协议", "contract_amount_fen": 130_000_000}), want: decide},
		{route: "POST /api/v1/contracts/{id}/cancel", name: "registered", path: fresh("registered", "/api/v1/contracts", "/cancel"), body: body(map[string]string{"reason": "解除"}), want: decide},
		{route: "POST /api/v1/contracts/{id}/cancel", name: "other province", path: api(far, "/cancel"), body: body(map[string]string{"reason": "解除"}), want: decideFar},
		{route: "GET /api/v1/contracts/{id}/benefits", name: "own", path: api(own, "/benefits"), want: readOwn},
		{route: "GET /api/v1/contracts/{id}/benefits", name: "neighbour's", path: api(neighbour, "/benefits"), want: readNeighbour},
		{route: "GET /api/v1/contracts/{id}/attachments", name: "own", path: api(ownDraft, "/attachments"), want: readOwn},
		{route: "GET /api/v1/contracts/{id}/attachments", name: "other province", path: api(farDraft, "/attachments"), want: readFar},
		{route: "POST /api/v1/contracts/{id}/attachments", name: "draft", path: fresh("draft", "/api/v1/contracts", "/attachments"), body: pdf, want: allowOnly(201, applicant...)},
		{route: "POST /api/v1/contracts/{id}/attachments", name: "other province", path: api(farDraft, "/attachments"), body: pdf, want: allowOnly(201).with(404, applicant...)},
		{route: "GET /api/v1/contracts/{id}/attachments/{aid}", name: "own", path: api(ownDraft, fmt.Sprintf("/attachments/%d", ownFile)), want: readOwn},
		{route: "GET /api/v1/contracts/{id}/attachments/{aid}", name: "other province", path: api(farDraft, fmt.Sprintf("/attachments/%d", farFile)), want: readFar},
		{route: "DELETE /api/v1/contracts/{id}/attachments/{aid}", name: "draft", path: freshFile("/api/v1/contracts", ""), want: allowOnly(204, applicant...)},
		{route: "DELETE /api/v1/contracts/{id}/attachments/{aid}", name: "other province", path: api(farDraft, fmt.Sprintf("/attachments/%d", farFile)), want: allowOnly(204).with(404, applicant...)},
		{route: "GET /api/v1/enterprises/{id}/tax-estimate", name: "own", path: p(fmt.Sprintf("/api/v1/enterprises/%d/tax-estimate?year=2023", f.ownEnt)), want: readOwn},
		{route: "GET /api/v1/enterprises/{id}/tax-estimate", name: "neighbour", path: p(fmt.Sprintf("/api/v1/enterprises/%d/tax-estimate?year=2023", f.zoneEnt)), want: readNeighbour},
		{route: "GET /api/v1/enterprises/{id}/tax-estimate", name: "other province", path: p(fmt.Sprintf("/api/v1/enterprises/%d/tax-estimate?year=2023", yulinSeller)), want: readFar},
		{route: "GET /api/v1/zones/{slug}/registration-point", name: "own zone", path: p("/api/v1/zones/zibo/registration-point"), want: all(200)},
		{route: "GET /api/v1/zones/{slug}/registration-point", name: "other province", path: p("/api/v1/zones/yulin/registration-point"), want: readFar},
		{route: "PUT /api/v1/zones/{slug}/registration-point", name: "own zone", path: p("/api/v1/zones/zibo/registration-point"),
			body: body(map[string]string{"code": "02", "name": "淄博高新区技术合同登记点", "region_code": "370300"}), want: allowOnly(200, access.National, access.ZoneAdmin)},
		{route: "PUT /api/v1/zones/{slug}/registration-point", name: "other province", path: p("/api/v1/zones/yulin/registration-point"),
			body: body(map[string]string{"code": "01", "name": "榆林高新区技术合同登记点", "region_code": "610800"}), want: allowOnly(200, access.National).with(404, access.ZoneAdmin)},

		// Pages.
		{route: "GET /contracts", path: p("/contracts?q=矩阵&status=registered"), want: all(200).webGet()},
		{route: "GET /contracts/queue", path: p("/contracts/queue"), want: allowOnly(200, overseers...).webGet()},
		{route: "GET /contracts/new", path: p("/contracts/new"), want: allowOnly(200, applicant...).webGet()},
		{route: "POST /contracts/new", path: p("/contracts/new"), body: newForm, want: allowOnly(303, applicant...)},
		{route: "GET /contracts/{id}", name: "own", path: web(own, ""), want: readOwn.webGet()},
		{route: "GET /contracts/{id}", name: "neighbour's", path: web(neighbour, ""), want: readNeighbour.webGet()},
		{route: "GET /contracts/{id}", name: "other province", path: web(far, ""), want: readFar.webGet()},
		{route: "GET /contracts/{id}/edit", name: "draft", path: web(ownDraft, "/edit"), want: allowOnly(200, applicant...).webGet()},
		{route: "GET /contracts/{id}/edit", name: "registered: amend", path: web(own, "/edit"), want: allowOnly(200, access.Registrar).with(409, access.Enterprise).webGet()},
		{route: "GET /contracts/{id}/edit", name: "other province", path: web(farDraft, "/edit"), want: allowOnly(200).with(404, applicant...).webGet()},
		{route: "POST /contracts/{id}/edit", name: "draft", path: fresh("draft", "/contracts", "/edit"), body: newForm, want: allowOnly(303, applicant...)},
		{route: "POST /contracts/{id}/edit", name: "other province", path: web(farDraft, "/edit"), body: newForm, want: allowOnly(303).with(404, applicant...)},
		{route: "POST /contracts/{id}/events/{event}", name: "submit", path: fresh("draft", "/contracts", "/events/submit"), want: allowOnly(303, applicant...)},
		{route: "POST /contracts/{id}/events/{event}", name: "register", path: fresh("submitted", "/contracts", "/events/register"), body: func(access.Role) any { return "tech_amount_fen=900000" }, want: allowOnly(303, access.Registrar)},
		{route: "POST /contracts/{id}/events/{event}", name: "refuse without code", path: fresh("submitted", "/contracts", "/events/refuse"), body: func(access.Role) any { return "reason=x" }, want: allowOnly(422, access.Registrar)},
		{route: "POST /contracts/{id}/events/{event}", name: "cancel a draft", path: fresh("draft", "/contracts", "/events/cancel"), body: func(access.Role) any { return "reason=x" }, want: allowOnly(409, access.Registrar)},
		{route: "POST /contracts/{id}/events/{event}", name: "unknown event", path: web(own, "/events/approve"), want: all(404)},
		{route: "POST /contracts/{id}/events/{event}", name: "other province", path: web(far, "/events/cancel"), body: func(access.Role) any { return "reason=x" }, want: allowOnly(303).with(404, access.Registrar)},
		{route: "GET /contracts/{id}/certificate", name: "registered", path: web(own, "/certificate"), want: readOwn.webGet()},
		{route: "GET /contracts/{id}/certificate", name: "draft", path: web(ownDraft, "/certificate"), want: all(409).webGet()},
		{route: "GET /contracts/{id}/certificate", name: "other province", path: web(far, "/certificate"), want: readFar.webGet()},
		{route: "POST /contracts/{id}/attachments", name: "draft", path: fresh("draft", "/contracts", "/attachments"), body: pdf, want: allowOnly(303, applicant...)},
		{route: "POST /contracts/{id}/attachments", name: "registered", path: web(own, "/attachments"), body: pdf, want: allowOnly(409, applicant...)},
		{route: "GET /contracts/{id}/attachments/{aid}", name: "own", path: web(ownDraft, fmt.Sprintf("/attachments/%d", ownFile)), want: readOwn.webGet()},
		{route: "GET /contracts/{id}/attachments/{aid}", name: "other province", path: web(farDraft, fmt.Sprintf("/attachments/%d", farFile)), want: readFar.webGet()},
		{route: "POST /contracts/{id}/attachments/{aid}/delete", name: "draft", path: freshFile("/contracts", "/delete"), want: allowOnly(303, applicant...)},
	}, importCases(f)...)
}

// contractForm is a complete, valid draft form of the seller.
func contractForm(name string, seller int64) url.Values {
	return url.Values{"name": {name}, "type": {"SVC"}, "field": {"01"}, "signed_on": {"2023-11-01"}, "valid_from": {"2023-11-01"},
		"valid_to": {"2024-10-31"}, "programme_level": {"none"}, "buyer.name": {"青岛海尔智能技术研发有限公司"}, "buyer.uscc": {buyerUSCC},
		"buyer.nature": {"150"}, "buyer.region": {"370212"}, "buyer.country": {"CN"}, "contract_amount_fen": {"800000"},
		"seller_id": {fmt.Sprint(seller)}}
}

// importCases are the rows of the registry's import, export and jobs. The
// jobs read are a Zibo import (the registrar's) and a Yulin one, both
// refused files with an error report; uploads are header-only files, which
// fail at once without touching the registry.
func importCases(f *fixture) []routeCase {
	env := f.env
	cat := env.App.Catalog
	var heads []string
	for _, c := range contractio.Spec(cat).Columns {
		heads = append(heads, c.Header)
	}
	header := strings.Join(heads, ",") + "\r\n"
	badRow := header + "矩阵导入合同\r\n" // every other required cell empty
	job := func(user, slug string) int64 {
		path := filepath.Join(env.T.TempDir(), "bad.csv")
		if err := os.WriteFile(path, []byte(badRow), 0o600); err != nil {
			env.T.Fatal(err)
		}
		a := access.Actor{UserID: env.IDs.Users[user], Username: user, Role: access.Registrar, ZoneID: env.IDs.Zones[slug]}
		j, _, err := env.App.Imports.Run(context.Background(), a, contractio.Request{Path: path, FileName: "bad.csv"}, nil)
		if err != nil || j.Report == nil {
			env.T.Fatalf("matrix fixture: import job: %v %+v", err, j)
		}
		return j.ID
	}
	own, far := job("zibo-registrar", "zibo"), job("yulin-registrar", "yulin")
	upload := func(access.Role) any {
		return apptest.Upload{Name: "空表.csv", Data: []byte(header), Fields: map[string]string{"zone": "zibo"}}
	}
	jobPath := func(prefix string, id int64, suffix string) func(access.Role) string {
		return func(access.Role) string { return fmt.Sprintf("%s/%d%s", prefix, id, suffix) }
	}
	importers := []access.Role{access.National, access.ZoneAdmin, access.Registrar}
	readJob := all(200).with(404, access.Enterprise)
	readFarJob := allowOnly(200, access.National).with(404, access.Province, access.City, access.ZoneAdmin, access.ZoneStaff, access.Registrar, access.Enterprise)
	return []routeCase{
		{route: "POST /api/v1/contracts/import", path: p("/api/v1/contracts/import"), body: upload, want: allowOnly(202, importers...)},
		{route: "GET /api/v1/contracts/import/template", path: p("/api/v1/contracts/import/template?format=xlsx"), want: allowOnly(200, importers...)},
		{route: "GET /api/v1/contracts/export", path: p("/api/v1/contracts/export?format=csv&status=registered"), want: all(200)},
		{route: "GET /api/v1/contracts/export", name: "other province", path: p("/api/v1/contracts/export?zone=yulin"), want: readFarJob},
		{route: "GET /api/v1/jobs", path: p("/api/v1/jobs?kind=contract_import"), want: all(200)},
		{route: "GET /api/v1/jobs/{id}", name: "own zone", path: jobPath("/api/v1/jobs", own, ""), want: readJob},
		{route: "GET /api/v1/jobs/{id}", name: "other province", path: jobPath("/api/v1/jobs", far, ""), want: readFarJob},
		{route: "GET /api/v1/jobs/{id}/report", name: "own zone", path: jobPath("/api/v1/jobs", own, "/report"), want: readJob},
		{route: "GET /api/v1/jobs/{id}/report", name: "other province", path: jobPath("/api/v1/jobs", far, "/report"), want: readFarJob},

		{route: "GET /contracts/import", path: p("/contracts/import"), want: allowOnly(200, importers...).webGet()},
		{route: "POST /contracts/import", path: p("/contracts/import"), body: upload, want: allowOnly(303, importers...)},
		{route: "GET /contracts/import/template", path: p("/contracts/import/template?format=csv"), want: allowOnly(200, importers...).webGet()},
		{route: "GET /contracts/export", path: p("/contracts/export?format=csv&q=矩阵"), want: all(200).webGet()},
		{route: "GET /jobs/{id}", name: "own zone", path: jobPath("/jobs", own, ""), want: readJob.webGet()},
		{route: "GET /jobs/{id}", name: "other province", path: jobPath("/jobs", far, ""), want: readFarJob.webGet()},
		{route: "GET /jobs/{id}/report", name: "own zone", path: jobPath("/jobs", own, "/report"), want: readJob.webGet()},
		{route: "GET /jobs/{id}/report", name: "other province", path: jobPath("/jobs", far, "/report"), want: readFarJob.webGet()},
	}
}
