package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
)

// yi is 1亿元 in fen.
const yi = 10_000_000_000

// YulinAmountTarget2023 is the 2023 target Yulin city set for Yulin zone on
// registered technology-contract amount: 3.62亿元, so that the 3.8016亿元
// registered in 1-11月 is 105% of it, as the page says.
const YulinAmountTarget2023 int64 = 36_200_000_000

// statSeed is one zone's entered statistics: 2023 1-11月, 2022 1-11月 and
// 2022年12月 for flows (so both 1-11月 and whole years add up), in 亿元;
// stocks held at the end of 2022-11, 2022-12 and 2023-11.
type statSeed struct {
	slug                       string
	output, hightech, revenue  [3]int64 // 亿元: 2023-01..11, 2022-01..11, 2022-12
	rdSpending                 [3]int64 // 亿元
	employees                  [3]int64 // persons: 2023-11, 2022-11, 2022-12
	businessEnv                [2]int64 // hundredths of a point: 2023-11, 2022-12
	amountTarget, outputTarget int64    // 2023 targets in 亿元 (amount target of Yulin: see above)
}

// The zones' figures the platform does not derive. The page states none of
// them; they are plausible orders of magnitude so the ratio indicators
// (R&D intensity, contract amount per person) and the six single lists of
// the national evaluation have values.
func statSeeds() []statSeed {
	return []statSeed{
		{slug: "weifang", output: [3]int64{1820, 1700, 170}, hightech: [3]int64{1100, 1000, 95}, revenue: [3]int64{2300, 2150, 210},
			rdSpending: [3]int64{69, 62, 7}, employees: [3]int64{186_000, 178_000, 179_000}, businessEnv: [2]int64{8850, 8720},
			amountTarget: 60, outputTarget: 2000},
		{slug: "zibo", output: [3]int64{1450, 1380, 135}, hightech: [3]int64{900, 840, 80}, revenue: [3]int64{1800, 1700, 170},
			rdSpending: [3]int64{52, 47, 5}, employees: [3]int64{98_000, 95_000, 95_500}, businessEnv: [2]int64{8630, 8510},
			amountTarget: 45, outputTarget: 1600},
		{slug: "foshan", output: [3]int64{2600, 2480, 240}, hightech: [3]int64{1700, 1600, 150}, revenue: [3]int64{3100, 2950, 290},
			rdSpending: [3]int64{95, 88, 9}, employees: [3]int64{265_000, 255_000, 256_000}, businessEnv: [2]int64{9010, 8900},
			amountTarget: 80, outputTarget: 2800},
		{slug: "yulin", output: [3]int64{1050, 980, 95}, hightech: [3]int64{420, 390, 38}, revenue: [3]int64{1300, 1200, 120},
			rdSpending: [3]int64{18, 15, 2}, employees: [3]int64{52_000, 49_000, 49_500}, businessEnv: [2]int64{8420, 8350},
			outputTarget: 1150},
		{slug: "qiqihar", output: [3]int64{380, 360, 35}, hightech: [3]int64{160, 150, 15}, revenue: [3]int64{450, 430, 42},
			rdSpending: [3]int64{9, 8, 1}, employees: [3]int64{36_000, 35_000, 35_200}, businessEnv: [2]int64{8200, 8060},
			amountTarget: 5, outputTarget: 420},
	}
}

// countyOutput is a county's gross industrial output, 2023 1-11月 and 2022
// 1-11月 in 亿元, entered by its city so the city view sets zones beside
// counties on it.
func countyOutput() map[string][2]int64 {
	return map[string][2]int64{
		"zibo-zhangdian": {1320, 1260}, "zibo-linzi": {1580, 1500}, "zibo-huantai": {980, 950},
		"weifang-shouguang": {1650, 1600}, "weifang-zhucheng": {1200, 1150},
		"foshan-nanhai": {9800, 9500}, "foshan-shunde": {10500, 10100},
		"yulin-shenmu": {3600, 3300}, "yulin-fugu": {1900, 1750},
		"qiqihar-fulaerji": {420, 400},
	}
}

// Indicators seeds targets and entered statistics, written as the services
// write them (audited, rollups in the same transaction). It runs after the
// contract seeder, whose registrations give the technology-contract figures.
func Indicators(ctx context.Context, tx *store.Tx, ids *IDs) error {
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
	ytd23 := indicator.Must(indicator.YTD(2023, 11))
	ytd22 := indicator.Must(indicator.YTD(2022, 11))
	dec22 := indicator.Must(indicator.Month(2022, 12))
	nov23, nov22 := indicator.Must(indicator.Month(2023, 11)), indicator.Must(indicator.Month(2022, 11))
	put := func(a access.Actor, zoneID int64, id string, p indicator.Period, v int64) error {
		_, _, err := tx.PutStatistic(ctx, a, indicator.Statistic{ZoneID: zoneID, Indicator: id, Period: p, Value: v})
		if err != nil {
			return fmt.Errorf("demo statistic %s %s: %w", id, p, err)
		}
		return nil
	}
	for _, s := range statSeeds() {
		a, zoneID := adminOf(s.slug), ids.Zones[s.slug]
		flows := []struct {
			id string
			v  [3]int64
		}{{indicator.StatGrossOutput, s.output}, {indicator.StatHightechRevenue, s.hightech},
			{indicator.StatRevenue, s.revenue}, {indicator.StatRDSpending, s.rdSpending}}
		for _, f := range flows {
			for i, p := range []indicator.Period{ytd23, ytd22, dec22} {
				if err := put(a, zoneID, f.id, p, f.v[i]*yi); err != nil {
					return err
				}
			}
		}
		for i, p := range []indicator.Period{nov23, nov22, dec22} {
			if err := put(a, zoneID, indicator.StatEmployees, p, s.employees[i]); err != nil {
				return err
			}
		}
		for i, p := range []indicator.Period{nov23, dec22} {
			if err := put(a, zoneID, indicator.StatBusinessEnv, p, s.businessEnv[i]); err != nil {
				return err
			}
		}
		city := cityOf(s.slug)
		amount := s.amountTarget * yi
		if s.slug == "yulin" {
			amount = YulinAmountTarget2023
		}
		for _, t := range []indicator.Target{
			{ZoneID: zoneID, Indicator: indicator.TechContractAmount, Year: 2023, Value: amount},
			{ZoneID: zoneID, Indicator: indicator.StatGrossOutput, Year: 2023, Value: s.outputTarget * yi},
		} {
			if err := tx.InsertTarget(ctx, city, t); err != nil {
				return fmt.Errorf("demo target: %w", err)
			}
		}
	}
	counties := countyOutput()
	for _, slug := range slices.Sorted(maps.Keys(counties)) {
		v := counties[slug]
		zoneID, ok := ids.Zones[slug]
		if !ok {
			return fmt.Errorf("demo: no county %s", slug)
		}
		zoneSlug, _, _ := strings.Cut(slug, "-")
		city := cityOf(zoneSlug)
		if err := put(city, zoneID, indicator.StatGrossOutput, ytd23, v[0]*yi); err != nil {
			return err
		}
		if err := put(city, zoneID, indicator.StatGrossOutput, ytd22, v[1]*yi); err != nil {
			return err
		}
	}
	return nil
}
