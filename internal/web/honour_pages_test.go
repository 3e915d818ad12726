package web_test

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/innopark/innopark/internal/apptest"
)

// The holdings and the cultivation board download as workbooks with the
// figures the pages show.
func TestHonourWorkbooks(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	tok := env.Login("zibo-admin")
	resp := env.Do(tok, "GET", "/zones/zibo/honours?on=2023-12-18&format=xlsx", nil)
	if resp.Status != 200 {
		t.Fatalf("holdings workbook: %d %s", resp.Status, resp.Body)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(resp.Body))
	if err != nil {
		t.Fatal(err)
	}
	sheets := wb.GetSheetList()
	if len(sheets) != 2 {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := wb.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[3:] {
		got[r[0]] = r[1]
	}
	if got["国家知识产权示范企业"] != "7" || got["国家知识产权优势企业"] != "5" {
		t.Errorf("holdings sheet %v", rows)
	}
	titles, _ := wb.GetRows(sheets[1])
	if len(titles) != 3+16 {
		t.Errorf("titles sheet has %d rows, want 16 titles under its heading", len(titles))
	}

	resp = env.Do(tok, "GET", "/zones/zibo/cultivation?format=xlsx", nil)
	if resp.Status != 200 {
		t.Fatalf("board workbook: %d", resp.Status)
	}
	if wb, err = excelize.OpenReader(bytes.NewReader(resp.Body)); err != nil {
		t.Fatal(err)
	}
	board, _ := wb.GetRows(wb.GetSheetList()[0])
	overdue := 0
	for _, r := range board[3:] {
		if len(r) == 8 && r[7] == "已逾期" {
			overdue++
		}
	}
	if len(board) != 3+3 || overdue != 1 {
		t.Errorf("board sheet %v", board)
	}
}

// rankingRows reads the rows (name, value, rank) of the table with id.
func rankingRows(t *testing.T, page []byte, id string) [][3]string {
	t.Helper()
	s := string(page)
	i := strings.Index(s, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no table %s", id)
	}
	s = s[i:]
	s = s[:strings.Index(s, "</table>")]
	var out [][3]string
	for _, m := range rankingRow.FindAllStringSubmatch(s, -1) {
		out = append(out, [3]string{m[1], m[2], m[3]})
	}
	return out
}

var rankingRow = regexp.MustCompile(`<tr[^>]*><td[^>]*>(?:<a[^>]*>)?([^<]*)(?:</a>)?</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td></tr>`)

// The city comparison ranks only areas with titles on record ("of M"
// counts them), lists the others as 暂无数据, and shows a zone's reader
// neither the values nor the places of areas it may not see. The national
// view links each zone to its holdings.
func TestHonourCityRanking(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	city := env.Do(env.Login("zibo-city"), "GET", "/cities/370300/honours?on=2023-12-18", nil)
	if city.Status != 200 {
		t.Fatalf("city page: %d", city.Status)
	}
	want := [][3]string{{"淄博高新区", "12", "1"}, {"张店区", "3", "2"}, {"临淄区", "2", "3"}, {"淄川区", "1", "4"}, {"桓台县", "1", "4"},
		{"博山区", "—", "暂无数据"}, {"周村区", "—", "暂无数据"}, {"高青县", "—", "暂无数据"}, {"沂源县", "—", "暂无数据"}}
	if got := rankingRows(t, city.Body, "city-ranking"); !slices.Equal(got, want) {
		t.Errorf("city rows\n%v\nwant\n%v", got, want)
	}

	zone := env.Do(env.Login("zibo-admin"), "GET", "/zones/zibo/honours?on=2023-12-18", nil)
	if zone.Status != 200 {
		t.Fatalf("zone page: %d", zone.Status)
	}
	if !bytes.Contains(zone.Body, []byte("淄博高新区：第1位 / 共5个")) {
		t.Errorf("zone page lacks its place among the 5 areas with titles")
	}
	rows := rankingRows(t, zone.Body, "city-ranking")
	if len(rows) != 9 || rows[0] != [3]string{"淄博高新区", "12", "1"} {
		t.Fatalf("zone's rows %v", rows)
	}
	for _, r := range rows[1:] {
		if r[1] != "—" || r[2] != "—" {
			t.Errorf("a hidden area shows %v", r)
		}
	}
	if names := []string{rows[1][0], rows[2][0], rows[8][0]}; !slices.IsSorted(names) {
		t.Errorf("hidden areas not by name: %v", rows)
	}

	national := env.Do(env.Login("national"), "GET", "/honours/programmes", nil)
	if national.Status != 200 || !bytes.Contains(national.Body, []byte(`<a href="/zones/zibo/honours">淄博高新区</a>`)) {
		t.Errorf("the national view does not link Zibo to its holdings: %d", national.Status)
	}
	if rows := rankingRows(t, national.Body, "zone-holdings"); len(rows) < 2 || rows[0][0] != "淄博高新区" || rows[0][2] != "1" {
		t.Errorf("national rows %v", rows)
	}
}

// The zone's page flags the cultivation board's overdue next steps, linking
// to the board; a reader who sees no candidates sees no flag.
func TestHonourOverdueOnZonePage(t *testing.T) {
	env := apptest.Start(t, "sqlite")
	page := env.Do(env.Login("zibo-staff"), "GET", "/zones/zibo", nil)
	if page.Status != 200 || !bytes.Contains(page.Body, []byte(`<a href="/zones/zibo/cultivation">1个培育对象的下一步已逾期</a>`)) {
		t.Errorf("zone page: %d, no overdue flag", page.Status)
	}
	page = env.Do(env.Login("zibo-ent"), "GET", "/zones/zibo", nil)
	if bytes.Contains(page.Body, []byte(`id="honour-overdue"`)) {
		t.Errorf("an enterprise user sees the zone's overdue candidates")
	}
}
