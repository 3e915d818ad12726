package contractio_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/contractio"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/jobs"
	"github.com/innopark/innopark/internal/xlsx"
)

// The import benchmark: a generated file of IMPORT_BENCH_ROWS rows (100,000
// by default; never committed) imported into the demo on
// IMPORT_BENCH_ENGINE (sqlite by default), next to excelize's bare
// streaming read of the same file in the same run:
//
//	go test -run XXX -bench Import -benchtime 1x ./internal/contractio/
//	IMPORT_BENCH_ROWS=1000000 IMPORT_BENCH_FILE=/tmp/1m.xlsx go test -run XXX -bench Import -benchtime 1x -timeout 1h ./internal/contractio/
//
// IMPORT_BENCH_FILE keeps the generated file (for `innopark import` under
// /usr/bin/time, to see the peak memory of a CLI import); a name ending in
// .csv makes it a CSV (UTF-8 with BOM, as exports write it).
func BenchmarkImport(b *testing.B) {
	n := 100_000
	if s := os.Getenv("IMPORT_BENCH_ROWS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	engine := "sqlite"
	if e := os.Getenv("IMPORT_BENCH_ENGINE"); e != "" {
		engine = e
	}
	fx := newFixture(b, engine)
	path := os.Getenv("IMPORT_BENCH_FILE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "import.xlsx")
	}
	format := xlsx.XLSX
	if filepath.Ext(path) == ".csv" {
		format = xlsx.CSV
	}
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		genImportFile(b, fx, path, format, n)
		b.Logf("generated %d rows in %s", n, time.Since(start).Round(time.Millisecond))
	}
	fi, _ := os.Stat(path)
	b.Logf("file: %.1f MB", float64(fi.Size())/(1<<20))

	var bare time.Duration
	var imported time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		start := time.Now()
		if format == xlsx.XLSX {
			rows := bareRead(b, path)
			bare += time.Since(start)
			if rows != n+1 {
				b.Fatalf("bare read %d rows, want %d", rows, n+1)
			}
		}
		if i > 0 {
			// A second run would only find duplicates: start afresh.
			fx = newFixture(b, engine)
		}
		b.StartTimer()
		start = time.Now()
		req := contractio.Request{ZoneID: fx.zoneID, Path: path, FileName: "bench.xlsx", Lang: i18n.ZH}
		job, out, err := fx.env.App.Imports.Run(context.Background(), fx.actor, req, nil)
		imported += time.Since(start)
		if err != nil || job.Status != jobs.Done || out.Imported != n {
			b.Fatalf("import: %s %v %v, imported %d; %+v", job.Status, job.Error, err, out.Imported, out.List[:min(3, len(out.List))])
		}
	}
	rate := float64(n*b.N) / imported.Seconds()
	bareRate := float64(n*b.N) / bare.Seconds()
	b.ReportMetric(rate, "rows/s")
	if format == xlsx.XLSX {
		b.ReportMetric(bareRate, "bare-rows/s")
		b.ReportMetric(rate/bareRate, "ratio")
	}
}

// genImportFile writes n valid, distinct registrations of Yulin's sellers,
// varied as a registry's are, with the import's headers, streaming.
func genImportFile(b *testing.B, f *fixture, path string, format xlsx.Format, n int) {
	b.Helper()
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	spec := contractio.Spec(f.env.App.Catalog).Written()
	w, err := xlsx.NewWriter(out, format, spec)
	if err != nil {
		b.Fatal(err)
	}
	types := []contract.Type{contract.DevEntrusted, contract.DevCoop, contract.TrfSecret, contract.Consult, contract.Svc, contract.SvcTraining}
	natures := []contract.Nature{"110", "150", "160", "170", "021", "022"}
	idx := map[string]int{}
	for i, c := range spec.Columns {
		idx[c.Key] = i
	}
	vals := make([]any, len(spec.Columns))
	for i := 0; i < n; i++ {
		clear(vals)
		signed := civil.Date{Year: 2023, Month: time.Month(1 + i%10), Day: 1 + i%28}
		cert := signed.AddDays(10 + i%20)
		amount := int64(10_000_00 + (i*7919)%500_000_00) // ¥10,000 – ¥510,000
		set := func(key string, v any) { vals[idx[key]] = v }
		set("name", fmt.Sprintf("第%d号兰炭清洁利用关键技术合同", i))
		set("type", string(types[i%len(types)]))
		set("signed_on", signed)
		set("valid_from", signed)
		set("valid_to", signed.AddDays(365))
		set("field", fmt.Sprintf("%02d", 1+i%11))
		set("seller.uscc", f.sellers[i%len(f.sellers)])
		set("buyer.name", fmt.Sprintf("陕西省买方单位%d有限公司", i%50_000))
		set("buyer.nature", string(natures[i%len(natures)]))
		set("buyer.region", "610100")
		set("contract_amount_fen", amount)
		if i%4 == 0 {
			set("deduction.equipment", amount/10)
		}
		// Serials are six digits: past 800,000 rows another point's.
		set("reg_no", fmt.Sprintf("236108%02d%06d", 1+i/800_000, 100_000+i%800_000))
		set("certified_on", cert)
		if err := w.Write(vals...); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// bareRead is excelize's streaming iterator alone with raw values (what the
// import's reader asks for), as internal/xlsx's BenchmarkBareExcelizeRows
// ".../raw" measures it.
func bareRead(b *testing.B, path string) int {
	b.Helper()
	x, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	rows, err := x.Rows(contractio.Sheet)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if _, err := rows.Columns(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return n
}
