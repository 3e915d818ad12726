package contractio_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/apptest"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
)

// fixture is the demo with Yulin's registrar importing.
type fixture struct {
	t       testing.TB
	env     *apptest.Env
	actor   access.Actor
	zoneID  int64
	sellers []string // USCCs of Yulin enterprises
	dir     string
}

func newFixture(t testing.TB, engine string) *fixture {
	t.Helper()
	env := apptest.Start(t, engine)
	f := &fixture{t: t, env: env, zoneID: env.IDs.Zones["yulin"], dir: t.TempDir()}
	f.actor = access.Actor{UserID: env.IDs.Users["yulin-registrar"], Username: "yulin-registrar", Role: access.Registrar, ZoneID: f.zoneID}
	for _, name := range []string{"榆林能源化工技术研究院有限公司", "榆林兰炭新材料有限公司", "陕西榆林数字矿山科技有限公司"} {
		var uscc string
		if err := env.DB.Read().QueryRow(context.Background(), "SELECT uscc FROM enterprises WHERE id = ?", env.IDs.Enterprises[name]).Scan(&uscc); err != nil {
			t.Fatal(err)
		}
		f.sellers = append(f.sellers, uscc)
	}
	return f
}

// row is one import row by column header; good returns a valid registered
// contract of row n (distinct names, numbers and serials). Whole numbers in
// money columns are fen, as the xlsx writer takes them; strings and floats
// are written as they are (yuan).
type row map[string]any

func (f *fixture) good(n int) row {
	return row{
		"合同名称": fmt.Sprintf("兰炭尾气综合利用技术开发合同%04d", n), "合同类型": "委托开发", "签订日期": "2023-03-01",
		"有效期起": "2023-03-01", "有效期止": "2024-02-29", "技术领域": "新材料及其应用",
		"卖方统一社会信用代码": f.sellers[n%len(f.sellers)], "买方名称": fmt.Sprintf("陕西煤业化工集团有限责任公司%d", n),
		"买方性质": "国有企业", "买方所在地区代码": "610100", "成交额（元）": 1_200_000 + n,
		"非技术性支出-设备（元）": 200_000, "登记编号": fmt.Sprintf("2361080190%04d", n), "登记日期": "2023-04-10",
	}
}

// headers are the import's column headings in spec order.
func (f *fixture) headers() []string {
	var out []string
	for _, c := range contractio.Spec(f.env.App.Catalog).Written().Columns {
		out = append(out, c.Header)
	}
	return out
}

// write makes a file of rows in format with the import's headers.
func (f *fixture) write(name string, format xlsx.Format, rows []row) string {
	f.t.Helper()
	spec := contractio.Spec(f.env.App.Catalog).Written()
	var buf bytes.Buffer
	w, err := xlsx.NewWriter(&buf, format, spec)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range rows {
		vals := make([]any, len(spec.Columns))
		for i, c := range spec.Columns {
			vals[i] = r[c.Header]
		}
		if err := w.Write(vals...); err != nil {
			f.t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		f.t.Fatal(err)
	}
	return f.file(name, buf.Bytes())
}

func (f *fixture) file(name string, data []byte) string {
	f.t.Helper()
	p := filepath.Join(f.dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		f.t.Fatal(err)
	}
	return p
}

// run imports path in the foreground as the fixture's actor.
func (f *fixture) run(path string, skipBad bool) (jobs.Job, contractio.Outcome, error) {
	f.t.Helper()
	req := contractio.Request{ZoneID: f.zoneID, Path: path, FileName: filepath.Base(path), SkipBad: skipBad, Lang: "zh-CN"}
	return f.env.App.Imports.Run(context.Background(), f.actor, req, nil)
}

// count is the number of rows of a table (for "nothing stored").
func (f *fixture) count(table string) int {
	f.t.Helper()
	var n int
	if err := f.env.DB.Read().QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}
