package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
	"github.com/innopark/innopark/internal/talent"
)

// The page's Weifang figures come out of the demo's records: 6 chains of
// provincial level or above with a committee or alliance (动力装备 and
// 新一代信息技术 first), 79 open online branches, the five programmes in the
// page's order, and the two honours; the rollups say the same.
func TestDemoWeifangOrgTalent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Load(ctx, db, testHash, demo.OrgTalent)
		if err != nil {
			t.Fatal(err)
		}
		ids := res.IDs
		zone := ids.Zones["weifang"]
		pageDay := time.Date(2023, 12, 18, 9, 0, 0, 0, time.UTC)
		pol := access.DefaultPolicy(org.Policy(), talent.Policy())
		orgs := &org.Service{Store: store.Orgs{DB: db}, Policy: pol, Now: func() time.Time { return pageDay }, Settings: org.DefaultSettings()}
		admin := access.Actor{UserID: 1, Username: "a", Role: access.ZoneAdmin, ZoneID: zone}
		f, err := orgs.Figures(ctx, admin, zone, civil.MustParse("2023-11-30"))
		if err != nil {
			t.Fatal(err)
		}
		if f.ChainsProv != 6 || f.OnlineOpen != demo.OnlineBranchesBy2023 {
			t.Errorf("on 2023-11-30: %d chains of provincial level or above covered, %d open online branches; want 6 and 79", f.ChainsProv, f.OnlineOpen)
		}
		for _, m := range org.Modes() {
			if f.ByMode[m] == 0 {
				t.Errorf("no enterprise covered by mode %s", m)
			}
		}
		if f.Covered >= f.ShouldCover || f.Covered == 0 {
			t.Errorf("covered %d of %d: the demo should show a gap", f.Covered, f.ShouldCover)
		}
		chains, err := orgs.Chains(ctx, admin, zone)
		if err != nil || len(chains) < 2 || chains[0].Name != "动力装备" || chains[1].Name != "新一代信息技术" {
			t.Fatalf("chains %v %v", chains, err)
		}
		src := store.Indicators{DB: db}.Reader(zone)
		for _, c := range []struct {
			id   string
			dim  indicator.DimKey
			want int64
		}{
			{indicator.OrgOnlineBranch, indicator.Dim(indicator.DimBranchAccess, "open"), demo.OnlineBranchesBy2023},
			{indicator.OrgChainsCovered, indicator.Dim(indicator.DimChainLevel, "province"), 5},
			{indicator.OrgChainsCovered, indicator.Dim(indicator.DimChainLevel, "national"), 1},
			{indicator.OrgCovered, indicator.Total, int64(f.Covered)},
			{indicator.OrgShouldCover, indicator.Total, int64(f.ShouldCover)},
		} {
			if v, _, err := src.At(ctx, c.id, c.dim, indicator.MonthOf(2023, 11)); err != nil || v != c.want {
				t.Errorf("%s %s at 2023-11: %d (%v), want %d", c.id, c.dim, v, err, c.want)
			}
		}
		gaps, err := orgs.Gaps(ctx, admin, zone, pagingFirst())
		if err != nil || len(gaps.Items) == 0 {
			t.Errorf("gaps %v %v", gaps.Items, err)
		}
		page, err := orgs.Organisations(ctx, admin, zone, org.Filter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		honours := map[string]string{}
		for _, o := range page.Items {
			for _, h := range o.Honours {
				honours[o.Name] = h.Name
			}
		}
		if honours["歌尔集团党委"] != "全国先进基层党组织" || honours["潍坊软件园党委"] == "" {
			t.Errorf("honours %v", honours)
		}
		ts := &talent.Service{Store: store.Talents{DB: db}, Policy: pol, Now: func() time.Time { return pageDay }}
		progs, err := ts.Programmes(ctx, admin, zone)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range progs {
			got = append(got, p.Category+"“"+p.Name+"”")
		}
		want := []string{"顶尖人才“金鸢领航”", "领军人才“银鸢跃腾”", "青年人才“青鸢初飞”", "海外人才“归鸢合鸣”", "技能人才“蓝鸢匠心”"}
		if len(got) != 5 {
			t.Fatalf("programmes %v", got)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("programme %d: %s, want %s", i+1, got[i], want[i])
			}
		}
	})
}
