package contractio_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/xlsx"
)

// history is a varied set of records: every importable status, codes given
// as codes and as names, lines, a registrar's technology amount, a licence.
func (f *fixture) history(prefix string) []row {
	r := func(n int) row {
		x := f.good(n)
		x["合同名称"] = fmt.Sprintf("%s技术合同%02d", prefix, n%100)
		return x
	}
	plain := r(1)
	plain["合同编号"] = "HT-2023-0001"
	byCode := r(2)
	byCode["合同类型"], byCode["技术领域"], byCode["买方性质"] = "DEV_COOP", "05", "150"
	lines := r(3)
	// Whole numbers are fen to the writer; a float is yuan as typed.
	lines["非技术性支出-仪器（元）"], lines["非技术性支出-原材料（元）"] = 50_000, 1_234.57
	fixed := r(4)
	fixed["技术交易额（元）"] = 600_000 // not 成交额 − 支出: the registrar's figure
	licence := r(5)
	licence["合同类型"], licence["许可方式"], licence["知识产权类型"] = "专利实施许可", "独占许可", "专利"
	licence["计划来源"] = "省级计划"
	cancelled := r(6)
	cancelled["登记状态"], cancelled["撤销日期"], cancelled["撤销原因"] = "已撤销", "2023-09-01", "双方协议解除合同"
	refused := r(7)
	refused["登记状态"], refused["未予登记原因"], refused["未予登记说明"], refused["未予登记日期"] = "未予登记", "其他原因", "合同标的为设备采购", "2023-05-06"
	refused["登记编号"], refused["登记日期"] = nil, nil
	foreign := r(8)
	foreign["买方名称"], foreign["买方统一社会信用代码"], foreign["买方性质"], foreign["买方所在地区代码"], foreign["买方国别"] = "Acme GmbH", nil, "外商投资企业", nil, "DE"
	accepted := r(9)
	accepted["受理日期"] = "2023-04-01"
	return []row{plain, byCode, lines, fixed, licence, cancelled, refused, foreign, accepted}
}

// stored reads back the contracts an import made, by name prefix.
func (f *fixture) stored(a access.Actor, prefix string) []contract.Record {
	f.t.Helper()
	ctx := context.Background()
	p, err := f.env.App.Contracts.List(ctx, a, contract.Filter{Q: prefix, Limit: 200})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []contract.Record
	for _, s := range p.Items {
		r, err := f.env.App.Contracts.Get(ctx, a, s.ID)
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestImportStoresWhatTheFileSays: each status as its history, the rollups
// as a recomputation gives them, one audit record naming the file, serial
// counters raised so the next registration follows on, GBK CSV read right.
func TestImportStoresWhatTheFileSays(t *testing.T) {
	t.Parallel()
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			ctx := context.Background()
			audits := f.count("audit_log")
			path := f.write("历史登记.xlsx", xlsx.XLSX, f.history("导入样例"))
			job, out, err := f.run(path, false)
			if err != nil || job.Status != jobs.Done {
				t.Fatalf("job %s %v %v; problems %+v", job.Status, job.Error, err, out.List)
			}
			if out.Imported != 9 || out.LastID-out.FirstID != 8 {
				t.Errorf("outcome %+v", out)
			}
			got := map[string]contract.Record{}
			for _, r := range f.stored(f.actor, "导入样例") {
				got[r.Name[len("导入样例技术合同"):]] = r
			}
			if len(got) != 9 {
				t.Fatalf("%d contracts stored, want 9", len(got))
			}
			check := func(name string, ok bool, what string, v any) {
				t.Helper()
				if !ok {
					t.Errorf("%s: %s: %+v", name, what, v)
				}
			}
			c := got["01"]
			check("01", c.Status == contract.Registered && c.RegNo == "23610801900001" && c.CertifiedOn.String() == "2023-04-10" &&
				c.AcceptedOn == c.CertifiedOn && c.RuleSet == contract.Legacy2000 && c.PointID != 0, "registered", c.Contract)
			check("01", c.TechAmountFen == c.ContractAmountFen-200_000 && !c.TechAmountFixed && len(c.Deductions) == 1, "amounts", c.Contract)
			check("01", c.ContractNo == "HT-2023-0001", "contract number", c.Contract)
			check("02", got["02"].Type == contract.DevCoop && got["02"].Field == "05" && got["02"].Buyer.Nature == "150", "codes", got["02"].Terms)
			check("03", len(got["03"].Deductions) == 3 && got["03"].DeductionsFen() == 373_457, "lines", got["03"].Deductions)
			check("04", got["04"].TechAmountFixed && got["04"].TechAmountFen == 600_000, "fixed amount", got["04"].Contract)
			check("05", got["05"].LicenceSubtype == contract.LicExclusive && got["05"].ProgrammeLevel == contract.ProgProvincial, "licence", got["05"].Terms)
			check("06", got["06"].Status == contract.Cancelled && got["06"].CancelledOn.String() == "2023-09-01" && got["06"].RegNo != "", "cancelled", got["06"].Contract)
			check("07", got["07"].Status == contract.Refused && got["07"].RefusalCode == contract.RefOther && got["07"].RegNo == "", "refused", got["07"].Contract)
			check("08", got["08"].Buyer.Country == "DE" && got["08"].Buyer.Region == "", "foreign buyer", got["08"].Buyer)
			check("09", got["09"].AcceptedOn.String() == "2023-04-01", "accepted", got["09"].Contract)

			hp, err := f.env.App.Contracts.History(ctx, f.actor, got["06"].ID, paging.Request{})
			h := hp.Items // newest first
			if err != nil || len(h) != 2 || h[1].Event != contract.EvRegister || h[0].Event != contract.EvCancel || h[0].Reason != "双方协议解除合同" {
				t.Errorf("cancelled history %+v %v", h, err)
			}
			if f.count("audit_log") != audits+1 {
				t.Errorf("%d audit records for one import", f.count("audit_log")-audits)
			}
			var action, after string
			if err := f.env.DB.Read().QueryRow(ctx, "SELECT action, after_json FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&action, &after); err != nil {
				t.Fatal(err)
			}
			if action != "import" || !strings.Contains(after, job.FileSHA256) || !strings.Contains(after, "历史登记.xlsx") || !strings.Contains(after, `"imported":9`) {
				t.Errorf("audit record %s %s", action, after)
			}
			f.rollupsMatch()

			// The next registration of the year follows the imported serials.
			next := f.registerOne()
			if next != "23610801900010" {
				t.Errorf("next registration number %s, want 23610801900010 (after imported 900009)", next)
			}

			// GBK CSV as Excel on Chinese Windows saves it, with the
			// codes by name: read the same.
			var buf bytes.Buffer
			rows := f.history("国标编码")
			for i := range rows {
				rows[i]["登记编号"] = strings.Replace(fmt.Sprint(rows[i]["登记编号"]), "23610801900", "23610801800", 1)
				if rows[i]["登记编号"] == "<nil>" {
					rows[i]["登记编号"] = nil
				}
			}
			utf8CSV := f.write("gbk.csv", xlsx.CSV, rows)
			raw := readFile(t, utf8CSV)
			gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF")))
			if err != nil {
				t.Fatal(err)
			}
			buf.Write(gbk)
			job, out, err = f.run(f.file("gbk.csv", buf.Bytes()), false)
			if err != nil || job.Status != jobs.Done || out.Imported != 9 {
				t.Fatalf("GBK CSV: %s %v %v %+v", job.Status, job.Error, err, out.List)
			}
			if len(f.stored(f.actor, "国标编码")) != 9 {
				t.Error("GBK CSV: names not read back")
			}
			f.rollupsMatch()
		})
	}
}

// registerOne drafts, submits and registers a contract of a Yulin seller
// through the service and returns its number.
func (f *fixture) registerOne() string {
	f.t.Helper()
	ctx := context.Background()
	svc := f.env.App.Contracts
	terms := contract.Terms{Name: "登记号接续测试合同", Type: contract.Svc, SignedOn: dateOf("2023-12-01"), ValidFrom: dateOf("2023-12-01"),
		ValidTo: dateOf("2024-11-30"), Field: "01", Buyer: contract.Party{Name: "西安某科技有限公司", Nature: "150", Region: "610100"},
		ContractAmountFen: 10_000_000}
	id, err := svc.Create(ctx, f.actor, f.env.IDs.Enterprises["榆林兰炭新材料有限公司"], terms)
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := svc.Attach(ctx, f.actor, id, "合同.pdf", []byte("%PDF-1.4 written contract")); err != nil {
		f.t.Fatal(err)
	}
	if _, err := svc.Act(ctx, f.actor, id, 0, contract.Event{Kind: contract.EvSubmit}); err != nil {
		f.t.Fatal(err)
	}
	c, err := svc.Act(ctx, f.actor, id, 0, contract.Event{Kind: contract.EvRegister})
	if err != nil {
		f.t.Fatal(err)
	}
	return c.RegNo
}

// TestExportRoundTrip: what an export writes, an import reads back to the
// same contracts, in both formats — a name beginning with "=" included —
// and a contract still in progress in the export is passed over with a
// note, not a reason to refuse the file. Between the two the exported
// records are deleted outright, so the import is not refused as their
// duplicate.
func TestExportRoundTrip(t *testing.T) {
	t.Parallel()
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			f := newFixture(t, engine)
			rows := f.history("往返")
			rows[1]["合同名称"] = "=往返技术合同02" // stored as text, as the API stores it
			job, out, err := f.run(f.write("src.csv", xlsx.CSV, rows), false)
			if err != nil || job.Status != jobs.Done {
				t.Fatalf("%s %v %v %+v", job.Status, job.Error, err, out.List)
			}
			draft := contract.Terms{Name: "往返技术合同草稿", Type: contract.Svc, SignedOn: dateOf("2023-12-01"), ValidFrom: dateOf("2023-12-01"),
				ValidTo: dateOf("2024-11-30"), Field: "01", Buyer: contract.Party{Name: "西安某科技有限公司", Nature: "150", Region: "610100"},
				ContractAmountFen: 10_000_000}
			if _, err := f.env.App.Contracts.Create(context.Background(), f.actor, f.env.IDs.Enterprises["榆林兰炭新材料有限公司"], draft); err != nil {
				t.Fatal(err)
			}
			want := f.stored(f.actor, "往返")
			if len(want) != 10 {
				t.Fatalf("%d contracts to export, want 10", len(want))
			}
			for _, format := range []xlsx.Format{xlsx.XLSX, xlsx.CSV} {
				var buf bytes.Buffer
				n, err := f.env.App.Imports.Export(context.Background(), f.actor, contract.Filter{Q: "往返"}, format, &buf)
				if err != nil || n != len(want) {
					t.Fatalf("%s export: %d rows, %v", format, n, err)
				}
				if format == xlsx.CSV && !bytes.Contains(buf.Bytes(), []byte("'=往返技术合同02,")) {
					t.Errorf("the CSV export does not neutralise a name beginning with =")
				}
				f.forget(out.FirstID, out.LastID)
				job, out, err = f.run(f.file("export"+format.Ext(), buf.Bytes()), false)
				if err != nil || job.Status != jobs.Done {
					t.Fatalf("%s re-import: %s %v %v %+v", format, job.Status, job.Error, err, out.List)
				}
				if len(out.Ignored) != 3 {
					t.Errorf("%s: ignored columns %v, want the export's three extras", format, out.Ignored)
				}
				if out.Imported != 9 || out.PassedOver != 1 || len(out.Notes) != 1 || out.Notes[0].Message.Key != "import.note.in_progress" {
					t.Errorf("%s: imported %d, passed over %d, notes %+v; want 9 and the draft", format, out.Imported, out.PassedOver, out.Notes)
				}
				got := f.stored(f.actor, "往返")
				ignore := cmpopts.IgnoreFields(contract.Record{}, "CreatedAt", "UpdatedAt")
				ignoreC := cmpopts.IgnoreFields(contract.Contract{}, "ID", "Version")
				byName := cmpopts.SortSlices(func(a, b contract.Record) bool { return a.Name < b.Name })
				if diff := cmp.Diff(want, got, ignore, ignoreC, byName, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s round trip (-exported +re-imported):\n%s", format, diff)
				}
			}
		})
	}
}

// forget deletes contracts first..last and what hangs off them, as if they
// had never been stored (rollups are left as they are).
func (f *fixture) forget(first, last int64) {
	f.t.Helper()
	err := f.env.DB.Transact(context.Background(), func(tx *store.Tx) error {
		for _, q := range []string{"DELETE FROM contract_events WHERE contract_id BETWEEN ? AND ?",
			"DELETE FROM contract_deductions WHERE contract_id BETWEEN ? AND ?", "DELETE FROM contracts WHERE id BETWEEN ? AND ?"} {
			if _, err := tx.Exec(context.Background(), q, first, last); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

// TestExportScope: an export holds exactly what the list shows the caller:
// an enterprise user its own contracts only.
func TestExportScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	ctx := context.Background()
	ent := f.env.IDs.Enterprises["榆林兰炭新材料有限公司"]
	own := access.Actor{UserID: f.env.IDs.Users["yulin-ent"], Username: "yulin-ent", Role: access.Enterprise, ZoneID: f.zoneID, EnterpriseID: ent}
	for _, a := range []access.Actor{own, f.actor} {
		var listed int
		cursor := ""
		for {
			p, err := f.env.App.Contracts.List(ctx, a, contract.Filter{Cursor: cursor, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			listed += len(p.Items)
			if cursor = p.Next; cursor == "" {
				break
			}
		}
		var buf bytes.Buffer
		n, err := f.env.App.Imports.Export(ctx, a, contract.Filter{}, xlsx.CSV, &buf)
		if err != nil {
			t.Fatal(err)
		}
		if n != listed || n == 0 {
			t.Errorf("%s exported %d contracts, the list shows %d", a.Role, n, listed)
		}
		if a.Role == access.Enterprise && strings.Contains(buf.String(), "榆林能源化工技术研究院有限公司,") {
			t.Error("an enterprise's export holds another seller's contract")
		}
	}
}

// TestImportResultJSON: a job's result survives JSON with its messages.
func TestImportResultJSON(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite")
	r := f.good(1)
	r["签订日期"] = "昨天"
	job, _, err := f.run(f.write("bad.csv", xlsx.CSV, []row{r}), false)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		ProblemList []struct {
			Row     int
			Column  string
			Message jobs.Message
		} `json:"problem_list"`
	}
	if err := json.Unmarshal(job.Result, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.ProblemList) != 1 || out.ProblemList[0].Column != "签订日期" || out.ProblemList[0].Message.Key != xlsx.KeyBadDate ||
		fmt.Sprint(out.ProblemList[0].Message.Args) != "[昨天]" {
		t.Errorf("problems %+v", out.ProblemList)
	}
	if filepath.Ext(job.Report.Name) != ".csv" || !strings.Contains(job.Report.Name, xlsx.ErrorColumn) {
		t.Errorf("report %+v", job.Report)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func dateOf(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}
