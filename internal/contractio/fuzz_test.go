package contractio

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/i18n"
	"github.com/innopark/innopark/internal/xlsx"
)

// fuzzSeller is the stand-in seller of the fuzzed rows (the store's part).
func fuzzSeller() Seller {
	return Seller{ID: 7, Party: contract.Party{Name: "榆林兰炭新材料有限公司", USCC: enterprise.MakeUSCC("91610800MA3C00004"), Nature: "150", Region: "610800", Country: "CN"}}
}

// seedRows are rows in Spec column order, joined by \x1f.
func seedRows(spec xlsx.Spec) []string {
	good := map[string]string{
		colName: "兰炭尾气综合利用技术开发合同", colType: "委托开发", colSignedOn: "2023-03-01", colValidFrom: "2023-03-01",
		colValidTo: "2024-02-29", colField: "05", colSellerUSCC: fuzzSeller().Party.USCC, colBuyerName: "陕西煤业化工集团有限责任公司",
		colBuyerNature: "国有企业", colBuyerRegion: "610100", colContractAmount: "1,200,000.00", dedColumn(contract.DedEquipment): "200000",
		colRegNo: "23610801900001", colCertifiedOn: "2023/4/10",
	}
	variants := []map[string]string{
		good,
		{colStatus: "已撤销", colCancelledOn: "2023-09-01", colCancelReason: "解除"},
		{colStatus: "refused", colRegNo: "", colCertifiedOn: "", colRefusalCode: "其他原因", colRefusalReason: "设备采购", colRefusedOn: "2023年5月6日"},
		{colType: "LIC_PATENT", colSubtype: "独占许可", colIPType: "专利", colTechAmount: "600000"},
		{colSignedOn: "45000", colContractAmount: "-1", colRegNo: "2.3610801900001E+13", colBuyerRegion: "610100.0"},
		{colName: "=HYPERLINK(\"x\")", colStatus: "草稿", colField: "1", colBuyerCountry: "de"},
		{colAcceptedOn: "2026-03-02", colRegNo: "2026610801000001", colCertifiedOn: "2026-03-05"},
	}
	var out []string
	for _, v := range variants {
		cells := make([]string, len(spec.Columns))
		for i, c := range spec.Columns {
			cells[i] = good[c.Key]
			if x, ok := v[c.Key]; ok {
				cells[i] = x
			}
		}
		out = append(out, strings.Join(cells, "\x1f"))
	}
	return out
}

// FuzzParseContractRow feeds arbitrary cells through the reader, the row
// parser and the builder: nothing may panic, and a row they accept must be
// a contract the registry's own rules accept, in an importable state.
func FuzzParseContractRow(f *testing.F) {
	cat := i18n.MustLoad()
	spec := Spec(cat)
	for _, s := range seedRows(spec) {
		f.Add(s)
	}
	today := civil.Date{Year: 2023, Month: time.December, Day: 18}
	settings := contract.DefaultSettings()
	checker := contract.Checker{USCC: enterprise.CheckUSCC}
	parser := NewParser(cat)
	b := builder{checker: checker, settings: settings, today: today, zoneID: 3, pointID: 4,
		actor: access.Actor{UserID: 1, Username: "fuzz", Role: access.Registrar, ZoneID: 3}, note: "批量导入：fuzz.csv"}
	header := make([]string, len(spec.Columns))
	for i, c := range spec.Columns {
		header[i] = c.Header
	}
	f.Fuzz(func(t *testing.T, s string) {
		cells := strings.Split(strings.ToValidUTF8(s, "?"), "\x1f")
		cells = append(cells, make([]string, max(0, len(header)-len(cells)))...)[:len(header)]
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write(header)
		_ = w.Write(cells)
		w.Flush()
		rd, err := xlsx.NewReader(&buf, spec, xlsx.Options{})
		if err != nil {
			return // a file-level refusal: the reader's own fuzz test covers those
		}
		defer rd.Close()
		for rd.Next() {
			row := rd.Row()
			in := parser.Parse(row)
			built, err := b.build(in, fuzzSeller())
			if err != nil {
				if rerr := row.Reject(err); rerr != nil {
					t.Fatalf("build returned a non-user error: %v", rerr)
				}
			}
			if rd.Problems().IsBad(row.Num) {
				continue
			}
			c := built.Contract
			if verr := checker.Validate(c, today); verr != nil {
				t.Fatalf("accepted a row the registry's rules refuse: %v\n%+v", verr, c)
			}
			switch c.Status {
			case contract.Registered, contract.Cancelled:
				rs, ok := contract.RuleSetByID(settings, c.RuleSet)
				p, perr := rs.ParseRegNo(c.RegNo)
				if !ok || perr != nil || p.Year != c.CertifiedOn.Year || c.CertifiedOn.After(today) || c.AcceptedOn.After(c.CertifiedOn) {
					t.Fatalf("accepted registration facts: %+v", c)
				}
				if c.Status == contract.Cancelled && (c.CancelledOn.Before(c.CertifiedOn) || c.CancelReason == "") {
					t.Fatalf("accepted cancellation: %+v", c)
				}
			case contract.Refused:
				if c.RegNo != "" || !c.RefusalCode.Valid() || c.RefusedOn.IsZero() {
					t.Fatalf("accepted refusal: %+v", c)
				}
			default:
				t.Fatalf("accepted status %q", c.Status)
			}
			if c.TechAmountFen < 0 || c.TechAmountFen > c.ContractAmountFen {
				t.Fatalf("amounts %d of %d", c.TechAmountFen, c.ContractAmountFen)
			}
			_ = contract.RollupRows(c, +1)
			_ = contract.DuplicateKey(c)
		}
	})
}

// TestSeedRowsImportable: the fuzz seeds that should pass do, so the fuzz
// test exercises acceptance and not only refusal.
func TestSeedRowsImportable(t *testing.T) {
	cat := i18n.MustLoad()
	spec := Spec(cat)
	seeds := seedRows(spec)
	parser := NewParser(cat)
	b := builder{checker: contract.Checker{USCC: enterprise.CheckUSCC}, settings: contract.DefaultSettings(),
		today: civil.Date{Year: 2026, Month: time.March, Day: 18}, zoneID: 3, actor: access.Actor{UserID: 1, Role: access.Registrar, ZoneID: 3}}
	want := []bool{true, true, true, true, false, false, true}
	for i, s := range seeds {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		var header []string
		for _, c := range spec.Columns {
			header = append(header, c.Header)
		}
		_ = w.Write(header)
		_ = w.Write(strings.Split(s, "\x1f"))
		w.Flush()
		rd, err := xlsx.NewReader(&buf, spec, xlsx.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for rd.Next() {
			_, err := b.build(parser.Parse(rd.Row()), fuzzSeller())
			if err != nil {
				_ = rd.Row().Reject(err)
			}
		}
		if ok := rd.Problems().Len() == 0; ok != want[i] {
			t.Errorf("seed %d: accepted %v, want %v; problems %v", i, ok, want[i], rd.Problems().Errors())
		}
		rd.Close()
	}
}
