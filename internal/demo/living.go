package demo

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/invest"
	"github.com/innopark/innopark/internal/store"
)

// The demo's page figures are 2023's; a demo loaded later would open every
// dashboard on an empty current period. The living part extends the
// registry and the entered statistics from January 2024 through the month
// of the day the demo is loaded (IDs.Today, the database's clock), with
// illustrative records marked 示例: contract names end in （示例）, entered
// statistics carry the note （示例）. Everything up to 2023 is untouched,
// so the page's figures stay exactly as they are; loaded on or before
// 2023-12 (the tests' fixed clock) it adds nothing.

// IllustrativeMark marks the living part's records.
const IllustrativeMark = "（示例）"

// livingFrom is the first month the living part fills.
func livingFrom() indicator.YM { return indicator.MonthOf(2024, 1) }

// livingMonths lists the months from livingFrom through today's month.
func livingMonths(today civil.Date) []indicator.YM {
	var out []indicator.YM
	for m := livingFrom(); m <= indicator.MonthOfDate(today); m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

// growth is the illustrative year-on-year growth of the living years, in
// per mille over 2023: 8% a year, compounded.
func growth(year int) float64 {
	g := 1.0
	for y := 2024; y <= year; y++ {
		g *= 1.08
	}
	return g
}

// LivingContracts registers each zone's contracts from January 2024 through
// today: 2023's monthly counts grown 8% a year, amounts drawn around the
// zone's median, each contract accepted under the rule set of its
// acceptance date and numbered in certificate order per year.
func LivingContracts(ctx context.Context, tx *store.Tx, ids *IDs) error {
	months := livingMonths(ids.Today)
	if len(months) == 0 {
		return nil
	}
	settings := contract.DefaultSettings()
	users, err := demoActors(ctx, tx, ids)
	if err != nil {
		return err
	}
	for _, plan := range contractPlans() {
		zoneID := ids.Zones[plan.slug]
		var point contract.Point
		if err := tx.QueryRow(ctx, "SELECT id, code FROM registration_points WHERE zone_id = ? ORDER BY id LIMIT 1", zoneID).Scan(&point.ID, &point.Code); err != nil {
			return fmt.Errorf("demo living point %s: %w", plan.slug, err)
		}
		point.RegionCode = plan.point.RegionCode
		seed := plan.seed + 2024
		g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), plan: plan, zoneID: zoneID, point: point,
			registrar: users[plan.slug+"-registrar"], applicant: users[plan.slug+"-ent"], usedNames: map[string]int{},
			checker: contract.Checker{USCC: enterprise.CheckUSCC}}
		for _, s := range plan.sellers {
			sl, err := loadSeller(ctx, tx, ids.Enterprises[s.name])
			if err != nil {
				return fmt.Errorf("demo seller %s: %w", s.name, err)
			}
			sl.fields, sl.weight = s.fields, s.weight
			g.sellers = append(g.sellers, sl)
		}
		base := plan.years[len(plan.years)-1] // 2023's plan
		var items []store.ContractImport
		for _, m := range months {
			n := float64(base.monthly[m.Month()-1]) * growth(m.Year())
			last := 28
			if m == indicator.MonthOfDate(ids.Today) {
				last = min(last, ids.Today.Day)
				n *= monthDone(ids.Today) // the month so far
			}
			for range int(n + 0.5) {
				day := workday(civil.Date{Year: m.Year(), Month: time.Month(m.Month()), Day: 1 + g.r.IntN(last)}, last)
				if day.After(ids.Today) {
					day = ids.Today
				}
				g.rs = contract.RuleSetFor(settings, day)
				amount := g.amountFree()
				if g.rs.ExpertReview {
					amount = min(amount, g.rs.ExpertThresholdFen-contractUnitFen) // no expert step in the demo's histories
				}
				it := g.registered(day, amount)
				c := &it.Contract
				c.Name += IllustrativeMark
				rs := contract.RuleSetFor(settings, c.AcceptedOn)
				c.RuleSet, c.Deadline = rs.ID, rs.DeadlineFor(*c)
				items = append(items, it)
			}
		}
		if err := numberLiving(settings, point, items); err != nil {
			return fmt.Errorf("demo living contracts %s: %w", plan.slug, err)
		}
		for i := range items {
			if err := g.checker.Validate(items[i].Contract, ids.Today); err != nil {
				return fmt.Errorf("demo living contract %q: %w", items[i].Contract.Name, err)
			}
		}
		if _, err := tx.ImportContracts(ctx, access.System, "demo", settings, items); err != nil {
			return fmt.Errorf("demo living contracts %s: %w", plan.slug, err)
		}
	}
	return nil
}

// numberLiving numbers registered contracts per year and rule set in
// certificate order, in each rule set's layout.
func numberLiving(settings contract.Settings, point contract.Point, items []store.ContractImport) error {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return items[a].Contract.CertifiedOn.Time().Compare(items[b].Contract.CertifiedOn.Time())
	})
	serial := map[string]int{}
	prov, pref, dist := contract.RegionParts(point.RegionCode)
	for _, i := range idx {
		c := &items[i].Contract
		rs, _ := contract.RuleSetByID(settings, c.RuleSet)
		key := fmt.Sprint(c.CertifiedOn.Year, rs.ID)
		serial[key]++
		no, err := rs.FormatRegNo(contract.RegNoParts{Year: c.CertifiedOn.Year, Province: prov, Prefecture: pref, District: dist,
			Point: point.Code, Serial: serial[key]})
		if err != nil {
			return err
		}
		c.RegNo = no
		for h := range items[i].History {
			if items[i].History[h].Event == contract.EvRegister {
				items[i].History[h].RegNo = no
			}
		}
	}
	return nil
}

// LivingIndicators enters each zone's statistics from January 2024: the
// flows month by month through today's month (that one for its days so
// far, so a year-to-date figure compares like with like), 2023's monthly
// average grown 8% a year with
// a seasonal swing; employees and the business-environment score once a
// year, at each finished year's end, so in the current year they are shown
// as of the last one (截至2025年) until the year's figures are entered. Counties' output likewise. Targets
// for each living year are set as in 2023, grown. Every entry's note is
// （示例）.
func LivingIndicators(ctx context.Context, tx *store.Tx, ids *IDs) error {
	months := livingMonths(ids.Today)
	if len(months) == 0 {
		return nil
	}
	current := months[len(months)-1]
	cities := map[string]string{}
	for _, z := range zoneSeeds() {
		cities[z.slug] = z.city
	}
	cityOf := func(slug string) access.Actor {
		u := slug + "-city"
		return access.Actor{UserID: ids.Users[u], Username: u, Role: access.City, RegionCode: cities[slug]}
	}
	adminOf := func(slug string) access.Actor {
		u := slug + "-admin"
		return access.Actor{UserID: ids.Users[u], Username: u, Role: access.ZoneAdmin, ZoneID: ids.Zones[slug]}
	}
	put := func(a access.Actor, zoneID int64, id string, m indicator.YM, v int64) error {
		p := indicator.Must(indicator.Month(m.Year(), m.Month()))
		_, _, err := tx.PutStatistic(ctx, a, indicator.Statistic{ZoneID: zoneID, Indicator: id, Period: p, Value: v, Note: IllustrativeMark})
		if err != nil {
			return fmt.Errorf("demo living statistic %s %s: %w", id, p, err)
		}
		return nil
	}
	// season is a month's share of a year in per mille (the first months
	// slow, the year's end busy), adding up to 12 000 over a year.
	season := [12]int64{800, 760, 980, 1000, 1010, 1030, 980, 1000, 1040, 1030, 1120, 1250}
	monthly := func(ytd11 int64, m indicator.YM) int64 {
		// 2023's 1-11月 figure ÷ 11 is its month; grown and seasoned, in
		// whole 万元; the current month so far.
		v := float64(ytd11) / 11 * growth(m.Year()) * float64(season[m.Month()-1]) / 1000
		if m == current {
			v *= monthDone(ids.Today)
		}
		return int64(v/1_000_000+0.5) * 1_000_000
	}
	for _, s := range statSeeds() {
		a, zoneID := adminOf(s.slug), ids.Zones[s.slug]
		flows := []struct {
			id string
			v  int64
		}{{indicator.StatGrossOutput, s.output[0]}, {indicator.StatHightechRevenue, s.hightech[0]},
			{indicator.StatRevenue, s.revenue[0]}, {indicator.StatRDSpending, s.rdSpending[0]}}
		for _, m := range months {
			for _, f := range flows {
				if err := put(a, zoneID, f.id, m, monthly(f.v*yi, m)); err != nil {
					return err
				}
			}
			if m.Month() == 12 && m != current {
				staff := int64(float64(s.employees[0]) * (1 + 0.03*float64(m.Year()-2023)))
				if err := put(a, zoneID, indicator.StatEmployees, m, staff); err != nil {
					return err
				}
				score := min(s.businessEnv[0]+int64(m.Year()-2023)*35, indicator.MaxScore)
				if err := put(a, zoneID, indicator.StatBusinessEnv, m, score); err != nil {
					return err
				}
			}
		}
		city := cityOf(s.slug)
		for y := 2024; y <= ids.Today.Year; y++ {
			amount := s.amountTarget * yi
			if s.slug == "yulin" {
				amount = YulinAmountTarget2023
			}
			for _, t := range []indicator.Target{
				{ZoneID: zoneID, Indicator: indicator.TechContractAmount, Year: y, Value: roundWan(float64(amount) * growth(y) * 1.05)},
				{ZoneID: zoneID, Indicator: indicator.StatGrossOutput, Year: y, Value: roundWan(float64(s.outputTarget*yi) * growth(y))},
			} {
				if t.Value <= 0 {
					continue
				}
				if err := tx.InsertTarget(ctx, city, t); err != nil {
					return fmt.Errorf("demo living target: %w", err)
				}
			}
		}
	}
	counties := countyOutput()
	for _, slug := range slices.Sorted(maps.Keys(counties)) {
		zoneSlug, _, _ := strings.Cut(slug, "-")
		for _, m := range months {
			if err := put(cityOf(zoneSlug), ids.Zones[slug], indicator.StatGrossOutput, m, monthly(counties[slug][0]*yi, m)); err != nil {
				return err
			}
		}
	}
	return nil
}

// roundWan rounds an amount in fen to whole 万元.
func roundWan(fen float64) int64 { return int64(fen/1_000_000+0.5) * 1_000_000 }

// monthDone is the part of today's month that has passed, today included.
func monthDone(today civil.Date) float64 {
	days := indicator.MonthOfDate(today).Last().Day
	return float64(today.Day) / float64(days)
}

// LivingInvest adds one illustrative outbound trip (外出招商) a month from
// January 2024 through today's month for each zone, in months the invest
// seeder's own trips leave empty: the trips and their rollups go on, so the
// investment dashboard's activity figures are never an empty current year.
// Additive: the invest seeder's records are untouched.
func LivingInvest(ctx context.Context, tx *store.Tx, ids *IDs) error {
	taken := map[indicator.YM]bool{}
	for _, t := range investTrips() {
		taken[indicator.MonthOfDate(t.StartOn)] = true
	}
	cities := []struct{ province, city string }{{"北京", "北京"}, {"上海", "上海"}, {"广东", "深圳"}, {"江苏", "苏州"}, {"浙江", "杭州"}, {"山东", "青岛"}}
	for zi, slug := range []string{"qiqihar", "yulin", "zibo", "weifang", "foshan"} {
		zoneID, ok := ids.Zones[slug]
		if !ok {
			return fmt.Errorf("demo: no zone %s", slug)
		}
		for i, m := range livingMonths(ids.Today) {
			if slug == "qiqihar" && taken[m] {
				continue
			}
			start := workday(civil.Date{Year: m.Year(), Month: time.Month(m.Month()), Day: 8 + zi}, 28)
			if start.After(ids.Today) {
				continue
			}
			c := cities[(i+zi)%len(cities)]
			t := invest.Trip{ZoneID: zoneID, StartOn: start, EndOn: start.AddDays(2), Province: c.province, City: c.city,
				Leader: "高新区招商局（示例）", People: 3 + (i+zi)%3, Firms: c.city + "示例科技有限公司" + IllustrativeMark, Notes: IllustrativeMark}
			if _, err := tx.InsertTrip(ctx, access.System, t); err != nil {
				return fmt.Errorf("demo living trip %s %s: %w", slug, start, err)
			}
		}
	}
	return nil
}
