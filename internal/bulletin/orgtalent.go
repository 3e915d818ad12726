package bulletin

import (
	"context"
	"slices"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/talent"
	"github.com/innopark/innopark/internal/zone"
)

// Orgs is what the coverage item reads of the organisation module
// (org.Service implements it).
type Orgs interface {
	Figures(ctx context.Context, a access.Actor, zoneID int64, on civil.Date) (org.Figures, error)
	Chains(ctx context.Context, a access.Actor, zoneID int64) ([]org.Chain, error)
	Organisations(ctx context.Context, a access.Actor, zoneID int64, f org.Filter) (paging.Page[org.Organisation], error)
}

// Talents is what it reads of the talent module (talent.Service).
type Talents interface {
	Programmes(ctx context.Context, a access.Actor, zoneID int64) ([]talent.Programme, error)
}

// chainsNamed is how many chains the item names before "等".
const chainsNamed = 2

// platformWords names the platforms as news text does.
var platformWords = map[org.Platform]string{org.PlatformOA: "企业OA", org.PlatformWeChat: "微信", org.PlatformDingTalk: "钉钉", org.PlatformOther: "其他"}

// OrgTalentContributor writes the item of the page's Weifang story at the
// end of the period: pledges and organisations by mode, the national
// honour of the zone's organisations, the chains of provincial level or
// above with a committee or alliance, the talent programmes in the zone's
// order and the open online branches with their main platforms.
func OrgTalentContributor(o Orgs, t Talents) Contributor {
	return Contributor{Module: ModuleOrgTalent, Key: "coverage", Facts: func(ctx context.Context, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, bool, error) {
		return orgTalentFacts(ctx, o, t, f, a, area, p)
	}}
}

func orgTalentFacts(ctx context.Context, o Orgs, t Talents, f Figures, a access.Actor, area zone.Area, p indicator.Period) (Facts, bool, error) {
	end := p.To.Last()
	fig, err := o.Figures(ctx, a, area.ID, end)
	if err != nil {
		return Facts{}, false, err
	}
	facts := Facts{Zone: area.Name, City: area.CityName, Period: p, Date: f.Today(), N: map[string]int64{}, L: map[string][]string{},
		S: map[string]string{"province": area.ProvinceName}}
	orgs := 0
	for _, n := range fig.Orgs {
		orgs += n
	}
	if orgs == 0 && fig.ChainsProv == 0 && fig.OnlineOpen == 0 {
		return Facts{}, false, nil
	}
	facts.N["pledged"], facts.N["orgs"] = int64(fig.Pledged), int64(orgs)
	facts.N["covered"], facts.N["should_cover"] = int64(fig.Covered), int64(fig.ShouldCover)
	for _, m := range org.Modes() {
		if fig.OrgsByMode[m] > 0 {
			facts.L["modes"] = append(facts.L["modes"], map[org.Mode]string{org.ModeSingle: "单建", org.ModeJoint: "联建", org.ModeSent: "派建"}[m])
		}
	}
	facts.N["chains"] = 0
	chains, err := o.Chains(ctx, a, area.ID)
	if err != nil {
		return Facts{}, false, err
	}
	for _, c := range chains {
		if c.Covered(end) && c.Level.ProvinceOrAbove() {
			facts.N["chains"]++
			if len(facts.L["chains"]) < chainsNamed {
				facts.L["chains"] = append(facts.L["chains"], c.Name)
			}
		}
	}
	progs, err := t.Programmes(ctx, a, area.ID)
	if err != nil {
		return Facts{}, false, err
	}
	for _, pr := range progs {
		facts.L["programmes"] = append(facts.L["programmes"], pr.Category+"“"+pr.Name+"”")
	}
	facts.N["programmes"] = int64(len(progs))
	facts.N["online"] = int64(fig.OnlineOpen)
	platforms := slices.Clone(org.Platforms())
	slices.SortStableFunc(platforms, func(x, y org.Platform) int { return fig.Platforms[string(y)] - fig.Platforms[string(x)] })
	for _, pl := range platforms[:2] {
		if fig.Platforms[string(pl)] > 0 && pl != org.PlatformOther {
			facts.L["platforms"] = append(facts.L["platforms"], platformWords[pl])
		}
	}
	name, issuer, honour, err := nationalHonour(ctx, o, a, area.ID, end.Year)
	if err != nil {
		return Facts{}, false, err
	}
	if name != "" {
		facts.S["honour_org"], facts.S["honour_issuer"], facts.S["honour"] = name, issuer, honour
	}
	return facts, true, nil
}

// nationalHonour finds the latest national honour, up to year, of the
// area's organisations.
func nationalHonour(ctx context.Context, o Orgs, a access.Actor, zoneID int64, year int) (orgName, issuer, name string, err error) {
	best := 0
	f := org.Filter{Limit: paging.MaxLimit}
	for {
		page, err := o.Organisations(ctx, a, zoneID, f)
		if err != nil {
			return "", "", "", err
		}
		for _, x := range page.Items {
			for _, h := range x.Honours {
				if h.Level == org.National && h.Year <= year && h.Year > best {
					best, orgName, issuer, name = h.Year, x.Name, h.Issuer, h.Name
				}
			}
		}
		if page.Next == "" {
			return strings.TrimSpace(orgName), issuer, name, nil
		}
		f.Cursor = page.Next
	}
}
