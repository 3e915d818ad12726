package app_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/demo"
)

// listDir holds the annex lists other programs wrote (see its README.md).
const listDir = "../honour/testdata/lists"

type importJob struct {
	Status  string
	Message string
	Result  struct {
		Rows       int
		Imported   int
		PassedOver int         `json:"passed_over"`
		BadRows    int         `json:"bad_rows"`
		BatchID    int64       `json:"batch_id"`
		List       []importRow `json:"problem_list"`
		Notes      []importRow
	}
}

type importRow struct {
	Row     int
	Column  string
	Message struct{ Key string }
}

func uploadList(t *testing.T, env *apptest.Env, token, file string, extra ...string) importJob {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(listDir, file))
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{
		"title": "《" + demo.CNIPA2023Notice + "》", "number": "国知办函运字〔2023〕1071号", "issuer": "国家知识产权局", "published_on": "2023-11-24"}
	for i := 0; i+1 < len(extra); i += 2 {
		fields[extra[i]] = extra[i+1]
	}
	r := env.Do(token, "POST", "/api/v1/honour-batches/import", apptest.Upload{Name: file, Data: data, Fields: fields})
	if r.Status != 202 {
		t.Fatalf("%s: upload %d %s", file, r.Status, r.Body)
	}
	var acc struct {
		JobID int64 `json:"job_id"`
	}
	r.JSON(t, &acc)
	raw := waitJob(t, env, token, acc.JobID)
	b, _ := json.Marshal(raw)
	var j importJob
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	return j
}

type entryOut struct {
	Row       int
	Programme string
	USCC      string
	Result    string
}

func batchEntries(t *testing.T, env *apptest.Env, token string, id int64) []entryOut {
	t.Helper()
	var b struct{ Entries []entryOut }
	r := env.Do(token, "GET", "/api/v1/honour-batches/"+itoa(id), nil)
	if r.Status != 200 {
		t.Fatalf("batch %d: %d %s", id, r.Status, r.Body)
	}
	r.JSON(t, &b)
	return b.Entries
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestHonourListImport: Zibo's clerk records CNIPA's 2023 notice from its
// annex list, as openpyxl, LibreOffice and Excel (GBK CSV) write it: the
// zone's seven rows become the batch, the other areas' rows are passed over
// with a note, and the holdings move from 4/1 to 7/5 — the same batch as
// entered row by row (withdrawn, then entered through the API). A list with
// bad rows is refused whole, naming every bad row, unless the clerk chooses
// skip_bad: then its good rows are recorded and the bad ones listed.
func TestHonourListImport(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			seeders := demo.Swap(app.DemoSeeders(), demo.Honours, demo.HonoursBefore2023Notice)
			env := apptest.StartWith(t, engine, seeders...)
			admin := env.Login("zibo-admin")
			want := []entryOut{
				{21, "cnipa_ip_demo", "91370300MA3C00001U", "new"}, {22, "cnipa_ip_demo", "91370300MA3C00002Y", "new"},
				{23, "cnipa_ip_demo", "91370300MA3C000032", "new"}, {57, "cnipa_ip_advantage", "91370300MA3C000045", "new"},
				{58, "cnipa_ip_advantage", "91370300MA3C000058", "new"}, {59, "cnipa_ip_advantage", "91370300MA3C00006B", "new"},
				{60, "cnipa_ip_advantage", "91370300MA3C00007E", "new"},
			}

			// Refused whole, every bad row named; another zone's row is a note.
			j := uploadList(t, env, admin, "zibo-2023-bad.csv")
			var got []string
			for _, p := range j.Result.List {
				got = append(got, itoa(int64(p.Row))+" "+p.Column+" "+p.Message.Key)
			}
			wantBad := []string{"3 统一社会信用代码 honour.err.unknown_enterprise", "4 统一社会信用代码 enterprise.err.uscc_check",
				"6 结果 honour.err.never_held", "7 序号 honour.import.err.seq_taken", "8 类别 xlsx.row.bad_code"}
			slices.Sort(got)
			if j.Status != "failed" || !slices.Equal(got, wantBad) {
				t.Errorf("bad list: %s, problems\n%v\nwant\n%v", j.Status, got, wantBad)
			}
			if len(j.Result.Notes) != 1 || j.Result.Notes[0].Row != 5 || j.Result.Notes[0].Message.Key != "honour.import.note.other_zone" {
				t.Errorf("notes %+v", j.Result.Notes)
			}
			if d, a := ipHeld(t, env, admin, "2023-12-18"); d != 4 || a != 1 {
				t.Fatalf("after a refused list: %d/%d, want 4/1", d, a)
			}
			// Chosen by the clerk: the good row recorded, the bad ones listed
			// and left out (the state check of row 6 too, not only the codes).
			j = uploadList(t, env, admin, "zibo-2023-bad.csv", "skip_bad", "true")
			got = got[:0]
			for _, p := range j.Result.List {
				got = append(got, itoa(int64(p.Row))+" "+p.Column+" "+p.Message.Key)
			}
			slices.Sort(got)
			if j.Status != "done" || j.Result.Imported != 1 || j.Result.BadRows != 5 || !slices.Equal(got, wantBad) {
				t.Fatalf("skip_bad: %s %s imported %d bad %d, problems %v", j.Status, j.Message, j.Result.Imported, j.Result.BadRows, got)
			}
			if e := batchEntries(t, env, admin, j.Result.BatchID); len(e) != 1 || e[0].USCC != "91370300MA3C00001U" {
				t.Errorf("skip_bad entries %v", e)
			}
			if d, a := ipHeld(t, env, admin, "2023-12-18"); d != 5 || a != 1 {
				t.Errorf("skip_bad: holdings %d/%d, want 5/1", d, a)
			}
			if r := env.Do(admin, "DELETE", "/api/v1/honour-batches/"+itoa(j.Result.BatchID), nil); r.Status != 204 {
				t.Fatalf("withdraw: %d %s", r.Status, r.Body)
			}

			for _, file := range []string{"zibo-2023-openpyxl.xlsx", "zibo-2023-libreoffice.xlsx", "zibo-2023-gbk.csv"} {
				j := uploadList(t, env, admin, file)
				if j.Status != "done" || j.Result.Imported != 7 || j.Result.PassedOver != 4 || j.Result.BatchID == 0 {
					t.Fatalf("%s: %s %s %+v", file, j.Status, j.Message, j.Result)
				}
				var passed []int
				for _, n := range j.Result.Notes {
					if n.Message.Key == "honour.import.note.other_area" {
						passed = append(passed, n.Row)
					}
				}
				if len(passed) != 4 {
					t.Errorf("%s: other areas' rows %v, notes %+v", file, passed, j.Result.Notes)
				}
				if got := batchEntries(t, env, admin, j.Result.BatchID); !slices.Equal(got, want) {
					t.Errorf("%s: entries\n%v\nwant\n%v", file, got, want)
				}
				if d, a := ipHeld(t, env, admin, "2023-12-18"); d != 7 || a != 5 {
					t.Errorf("%s: holdings %d/%d, want 7/5", file, d, a)
				}
				// Withdrawn: back to before the notice, for the next file.
				if r := env.Do(admin, "DELETE", "/api/v1/honour-batches/"+itoa(j.Result.BatchID), nil); r.Status != 204 {
					t.Fatalf("withdraw: %d %s", r.Status, r.Body)
				}
				if d, a := ipHeld(t, env, admin, "2023-12-18"); d != 4 || a != 1 {
					t.Fatalf("%s withdrawn: %d/%d, want 4/1", file, d, a)
				}
			}

			// Row by row through the API: the same batch.
			var entries []map[string]any
			for _, e := range want {
				entries = append(entries, map[string]any{"row": e.Row, "programme": e.Programme, "uscc": e.USCC, "result": e.Result})
			}
			r := env.Do(admin, "POST", "/api/v1/honour-batches", map[string]any{"title": "《" + demo.CNIPA2023Notice + "》",
				"issuer": "国家知识产权局", "published_on": "2023-11-24", "entries": entries})
			if r.Status != 201 {
				t.Fatalf("row by row: %d %s", r.Status, r.Body)
			}
			var b struct{ Batch struct{ ID int64 } }
			r.JSON(t, &b)
			if got := batchEntries(t, env, admin, b.Batch.ID); !slices.Equal(got, want) {
				t.Errorf("row by row: %v", got)
			}
			if d, a := ipHeld(t, env, admin, "2023-12-18"); d != 7 || a != 5 {
				t.Errorf("row by row: holdings %d/%d, want 7/5", d, a)
			}
			// A later batch builds on it: the 2023 notice cannot be withdrawn now.
			later := env.Do(admin, "POST", "/api/v1/honour-batches", map[string]any{"title": "后续通知", "issuer": "国家知识产权局",
				"published_on": "2024-01-10", "entries": []map[string]any{{"programme": "cnipa_ip_advantage", "uscc": want[6].USCC, "result": "revoked"}}})
			if later.Status != 201 {
				t.Fatalf("later batch: %d %s", later.Status, later.Body)
			}
			if r := env.Do(admin, "DELETE", "/api/v1/honour-batches/"+itoa(b.Batch.ID), nil); r.Status != 409 {
				t.Errorf("withdrawing a batch a later one builds on: %d %s", r.Status, r.Body)
			}
			// A file of the wrong shape: refused whole, naming the missing column.
			r = env.Do(admin, "POST", "/api/v1/honour-batches/import", apptest.Upload{Name: "名单.csv", Data: []byte("序号,企业名称\n1,鲁泰纺织股份有限公司\n"),
				Fields: map[string]string{"title": "测试", "issuer": "国家知识产权局", "published_on": "2023-12-01"}})
			var acc struct {
				JobID int64 `json:"job_id"`
			}
			r.JSON(t, &acc)
			if j := waitJob(t, env, admin, acc.JobID); j["status"] != "failed" || !strings.Contains(fmt.Sprint(j["message"]), "统一社会信用代码") {
				t.Errorf("wrong shape: %v %v", j["status"], j["message"])
			}
			// The head is checked before a job starts, every field at once.
			r = env.Do(admin, "POST", "/api/v1/honour-batches/import", apptest.Upload{Name: "名单.csv", Data: []byte("序号,企业名称,统一社会信用代码\n"),
				Fields: map[string]string{"issuer": "国家知识产权局", "published_on": "2023-13-01"}})
			var e struct {
				Error struct{ Fields map[string]string }
			}
			r.JSON(t, &e)
			if r.Status != 422 || e.Error.Fields["published_on"] == "" || e.Error.Fields["title"] == "" {
				t.Errorf("bad head: %d %s", r.Status, r.Body)
			}
		})
	}
}
