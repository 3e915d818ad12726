package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/innopark/innopark/internal/app"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/store"
)

// demoDB makes a SQLite database with the demo; without the modules'
// seeders it has the zones and enterprises but no contracts.
func demoDB(t *testing.T, withContracts bool) string {
	t.Helper()
	url := "sqlite:" + filepath.Join(t.TempDir(), "innopark.db")
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.Argon2{MemoryKiB: 64, Time: 1, Threads: 1}.Hash("pw-for-tests")
	if err != nil {
		t.Fatal(err)
	}
	var seeders []demo.Seeder
	if withContracts {
		seeders = app.DemoSeeders()
	}
	if _, err := demo.Load(ctx, db, hash, seeders...); err != nil {
		t.Fatal(err)
	}
	return url
}

func runIO(args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

// TestCLIExportImport: an export of Yulin's registered contracts imports
// into a database that lacks them, with progress on stderr; imported again
// it is refused, every row listed, nothing stored, exit non-zero.
func TestCLIExportImport(t *testing.T) {
	t.Setenv("LANG", "zh_CN.UTF-8")
	src, dst := demoDB(t, true), demoDB(t, false)
	dir := t.TempDir()
	for _, format := range []string{"xlsx", "csv"} {
		file := filepath.Join(dir, "yulin."+format)
		stdout, stderr, err := runIO("export", "contracts", "--format", format, "--zone", "yulin", "--status", "registered",
			"--from", "2023-01-01", "--to", "2023-11-30", "--db", src, "--out", file)
		if err != nil {
			t.Fatalf("export %s: %v %s", format, err, stderr)
		}
		if stdout != "" || !strings.Contains(stderr, "exported 385 contracts") {
			t.Errorf("export %s: stdout %q stderr %q, want Yulin's 385 of 2023-01..11", format, stdout, stderr)
		}
	}
	// To standard output as well.
	stdout, _, err := runIO("export", "contracts", "--format", "csv", "--zone", "yulin", "--db", src)
	if err != nil || !strings.HasPrefix(stdout, "\xEF\xBB\xBF合同名称,") {
		t.Fatalf("export to stdout: %v %.60q", err, stdout)
	}

	stdout, stderr, err := runIO("import", "contracts", filepath.Join(dir, "yulin.xlsx"), "--zone", "yulin", "--db", dst)
	if err != nil {
		t.Fatalf("import: %v\n%s\n%s", err, stdout, stderr)
	}
	if !strings.Contains(stdout, "已导入 385 份合同") {
		t.Errorf("import stdout %q", stdout)
	}
	for _, want := range []string{"正在读取并校验数据行", "100%", "正在保存"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("progress on stderr lacks %q:\n%s", want, stderr)
		}
	}
	if n := strings.Count(stderr, "%  "); n < 1 || n > 11 {
		t.Errorf("%d progress lines, want one per 10%%:\n%s", n, stderr)
	}

	// The same file again: every row a duplicate of a stored one.
	report := filepath.Join(dir, "report.xlsx")
	stdout, _, err = runIO("import", "contracts", filepath.Join(dir, "yulin.csv"), "--zone", "yulin", "--db", dst, "--report", report)
	if err == nil || !strings.Contains(err.Error(), "385 行数据有错误") {
		t.Fatalf("re-import: %v, want a refusal of 385 rows", err)
	}
	if n := strings.Count(stdout, "该合同已登记在册"); n != 385 {
		t.Errorf("%d duplicate rows listed, want 385:\n%.300s", n, stdout)
	}
	if fi, err := os.Stat(report); err != nil || fi.Size() == 0 {
		t.Errorf("no error report written: %v", err)
	}
	out, _, err := runIO("export", "contracts", "--format", "csv", "--zone", "yulin", "--db", dst)
	if err != nil || strings.Count(out, "\r\n") != 386 {
		t.Errorf("after the refused import: %d lines, %v; want the header and 385", strings.Count(out, "\r\n"), err)
	}
}

func TestCLIImportUsage(t *testing.T) {
	db := demoDB(t, false)
	path := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(path, []byte("合同名称\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"import"},
		{"import", "contracts", "--zone", "yulin", "--db", db},
		{"import", "contracts", path, "--db", db},
		{"export", "contracts", "--format", "pdf", "--db", db},
		{"export", "contracts", "--from", "yesterday", "--db", db},
	} {
		_, _, err := runIO(args...)
		var ue usageError
		if !errorsAs(err, &ue) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	_, _, err := runIO("import", "contracts", path, "--zone", "nowhere", "--db", db)
	if err == nil || !strings.Contains(err.Error(), "未找到") {
		t.Errorf("unknown zone: %v", err)
	}
	_, _, err = runIO("import", "contracts", path, "--zone", "yulin", "--db", db, "--lang", "en")
	if err == nil || !strings.Contains(err.Error(), "columns") {
		t.Errorf("missing columns: %v", err)
	}
}

// TestCLIImportSheetAndNotes: --sheet names the worksheet; what was read in
// a way worth knowing (units, the sheet) is said on stderr.
func TestCLIImportSheetAndNotes(t *testing.T) {
	t.Setenv("LANG", "zh_CN.UTF-8")
	db := demoDB(t, false)
	file := filepath.Join("..", "..", "internal", "imports", "testdata", "corpus", "contracts", "openpyxl-wan.xlsx")
	_, stderr, err := runIO("import", "contracts", file, "--zone", "yulin", "--sheet", "第二页", "--db", db)
	if err == nil || !strings.Contains(err.Error()+stderr, "“Sheet”") {
		t.Errorf("a sheet the file lacks: %v %s", err, stderr)
	}
	stdout, stderr, err := runIO("import", "contracts", file, "--zone", "yulin", "--sheet", "Sheet", "--db", db)
	if err != nil {
		t.Fatalf("import: %v\n%s\n%s", err, stdout, stderr)
	}
	if !strings.Contains(stdout, "已导入 3 份合同") || !strings.Contains(stderr, "列“成交额（万元）”按万元读取") {
		t.Errorf("stdout %q stderr %q", stdout, stderr)
	}
}
