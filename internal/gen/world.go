package gen

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/store/bulk"
	"github.com/innopark/innopark/internal/zone"
)

// Random streams, one per part of the data set.
const (
	streamZones = iota + 1
	streamEnterprises
	streamContracts
	streamPools
	streamTargets
	streamHonours
)

// zoneInfo is what the contract generator needs of a zone.
type zoneInfo struct {
	area      *zone.Area
	point     contract.Point
	weight    float64
	firstEnt  int // index into world.ents
	ents      int
	registrar access.Actor
	cityUser  int64 // the city's user, who sets targets; 0 for none
}

// world is everything but the contracts, and the pools contracts draw from.
type world struct {
	opt      Options
	geo      geography
	zones    []zoneInfo
	ents     []enterprise.Enterprise // ids 1..n
	parties  []contract.Party        // the enterprises as contract parties, by index
	entZone  []int32                 // zone index of each enterprise
	users    []auth.User
	userList []User
	inst     map[string][]contract.Party // public buyers by city code
	outside  map[string][]contract.Party // enterprises outside the zones, by city code
	cities   []string                    // city codes in use, in order
	first    civil.Date                  // the first day of the period
	dig      *digester
	surnames []string
	given    []string
}

func newWorld(opt Options) (*world, error) {
	w := &world{opt: opt, dig: newDigester(), surnames: surnames(), given: givenNames()}
	geo, err := buildGeography(opt.Areas)
	if err != nil {
		return nil, err
	}
	w.geo = geo
	firstMonth := civil.Date{Year: opt.Until.Year, Month: opt.Until.Month, Day: 1}.Time().AddDate(0, -(12*opt.Years - 1), 0)
	w.first = civil.Of(firstMonth)
	if opt.Enterprises < len(geo.zones) {
		return nil, fmt.Errorf("gen: %d enterprises for %d zones: every zone needs at least one", opt.Enterprises, len(geo.zones))
	}
	for _, r := range geo.regions {
		if r.Level == "city" {
			w.cities = append(w.cities, r.Code)
		}
	}
	w.sizeZones()
	if err := w.makeEnterprises(); err != nil {
		return nil, err
	}
	w.makePools()
	w.makeUsers()
	for _, r := range geo.regions {
		w.dig.str(r.Code)
		w.dig.str(r.Name)
		w.dig.str(r.ParentCode)
	}
	for _, a := range geo.areas {
		w.dig.int(a.ID)
		w.dig.str(a.Slug)
		w.dig.str(a.Name)
		w.dig.str(a.Kind)
		w.dig.str(a.Level)
		w.dig.str(a.GBCode)
		w.dig.str(a.CityCode)
	}
	for _, p := range geo.points {
		w.dig.int(p.ID)
		w.dig.int(p.ZoneID)
		w.dig.str(p.Code)
		w.dig.str(p.Name)
	}
	for i := range w.ents {
		e := &w.ents[i]
		w.dig.int(e.ID)
		w.dig.str(e.USCC)
		w.dig.str(e.Name)
		w.dig.int(e.ZoneID)
		w.dig.str(e.Nature)
		w.dig.str(e.Industry)
		w.dig.int(e.RegCapitalFen)
		w.dig.int(e.PaidCapitalFen)
		w.dig.date(e.FoundedOn)
		w.dig.date(e.SettledOn)
		w.dig.str(e.Listing)
		w.dig.bool(e.PledgeSigned)
		w.dig.str(e.ContactName)
		w.dig.str(e.ContactPhone)
	}
	for _, u := range w.users {
		w.dig.int(u.ID)
		w.dig.str(u.Username)
		w.dig.str(string(u.Role))
		w.dig.int(u.ZoneID)
		w.dig.str(u.RegionCode)
	}
	return w, nil
}

// bigCities carry the national weight they do in the registry: Beijing
// alone registers about a tenth of the country's technology contracts.
func bigCities() map[string]float64 {
	return map[string]float64{"110100": 8, "310100": 4, "440300": 4, "440100": 3, "330100": 3, "420100": 3, "610100": 3,
		"510100": 3, "320100": 3, "320500": 2.5, "120100": 2, "500100": 2, "370100": 2, "340100": 2, "430100": 2}
}

func (w *world) sizeZones() {
	r := stream(w.opt.Seed, streamZones)
	big := bigCities()
	w.zones = make([]zoneInfo, len(w.geo.zones))
	for i, ai := range w.geo.zones {
		a := &w.geo.areas[ai]
		z := &w.zones[i]
		z.area, z.point = a, w.geo.points[i]
		if a.Level == zone.LevelNational {
			z.weight = 2.5 * logNormal(r, 1, 0.7)
			if b, ok := big[a.CityCode]; ok {
				z.weight *= b
			}
		} else {
			z.weight = 0.8 * logNormal(r, 1, 0.6)
		}
	}
}

func (w *world) makeEnterprises() error {
	r := stream(w.opt.Seed, streamEnterprises)
	weights := make([]float64, len(w.zones))
	for i, z := range w.zones {
		weights[i] = z.weight
	}
	counts := apportion(w.opt.Enterprises, weights, 1)
	natures := newPicker(enterpriseNatures())
	industries := newPicker(industryWeights())
	chars := brandChars()
	sn, gn := surnames(), givenNames()
	w.ents = make([]enterprise.Enterprise, 0, w.opt.Enterprises)
	w.parties = make([]contract.Party, 0, w.opt.Enterprises)
	w.entZone = make([]int32, 0, w.opt.Enterprises)
	dataStart := w.first
	for zi := range w.zones {
		z := &w.zones[zi]
		z.firstEnt, z.ents = len(w.ents), counts[zi]
		city := w.geo.cityOf[z.area.CityCode]
		short := strings.TrimSuffix(strings.TrimSuffix(city.name, "市"), "回族自治州")
		for j := 0; j < counts[zi]; j++ {
			id := len(w.ents) + 1
			nature, industry := natures.pick(r), industries.pick(r)
			words := industryWords(industry)
			// The brand runs through every pair of characters before a
			// word repeats, so names are unique for the default size.
			k := id - 1
			brand := chars[k%len(chars)] + chars[(k/len(chars))%len(chars)]
			word := words[(k/(len(chars)*len(chars)))%len(words)]
			name := short + brand + word + companySuffix(nature)
			if round := k / (len(chars) * len(chars) * len(words)); round > 0 {
				name = short + brand + word + fmt.Sprintf("%d", round+1) + companySuffix(nature)
			}
			regWan := int64(math.Round(logNormal(r, 1000, 1.2)))
			regWan = min(max(regWan, 10), 5_000_000)
			paidWan := int64(float64(regWan) * (0.3 + 0.7*r.Float64()))
			founded := civil.Date{Year: 1995, Month: time.January, Day: 1}.AddDays(int(math.Pow(r.Float64(), 0.6) * float64(civil.Date{Year: 1995, Month: 1, Day: 1}.DaysUntil(dataStart.AddDays(600)))))
			settled := founded.AddDays(r.IntN(3 * 365))
			if settled.After(w.opt.Until) {
				settled = w.opt.Until
			}
			e := enterprise.Enterprise{
				ID: int64(id), Name: name, ZoneID: z.area.ID, Nature: nature, Industry: industry,
				USCC:          enterprise.MakeUSCC(fmt.Sprintf("91%sMA%07d", z.area.CityCode, id)),
				RegCapitalFen: regWan * 1_000_000, PaidCapitalFen: paidWan * 1_000_000,
				FoundedOn: founded, SettledOn: settled, Listing: "none", Version: 1,
				ContactName:  sn[r.IntN(len(sn))] + gn[r.IntN(len(gn))],
				ContactPhone: fmt.Sprintf("0%s-8%07d", z.area.CityCode[:3], r.IntN(10_000_000)),
			}
			switch p := r.IntN(1000); {
			case p < 30:
				e.Listing = "neeq"
			case p < 60:
				e.Listing = "a_share"
			case p < 65:
				e.Listing = "hk"
			}
			if r.IntN(10) < 3 {
				e.PledgeSigned, e.PledgeOn = true, settled
			}
			on := settled
			if on.Before(dataStart) {
				on = dataStart
			}
			e.CreatedAt = time.Date(on.Year, on.Month, on.Day, 1, 30, 0, 0, time.UTC)
			e.UpdatedAt = e.CreatedAt
			if err := enterprise.Validate(&e, w.opt.Until); err != nil {
				return fmt.Errorf("gen: enterprise %d: %w", id, err)
			}
			w.ents = append(w.ents, e)
			w.parties = append(w.parties, contract.Party{Name: e.Name, USCC: e.USCC, Nature: contract.Nature(e.Nature),
				Region: z.area.CityCode, Country: "CN"})
			w.entZone = append(w.entZone, int32(zi))
		}
	}
	return nil
}

// makePools makes the buyers that are not the zones' enterprises: public
// bodies and outside companies of every city.
func (w *world) makePools() {
	r := stream(w.opt.Seed, streamPools)
	w.inst, w.outside = map[string][]contract.Party{}, map[string][]contract.Party{}
	chars := brandChars()
	outsideNatures := newPicker([]weighted[string]{{"110", 20}, {"150", 45}, {"160", 20}, {"170", 15}})
	n := 0
	for _, code := range w.cities {
		city := w.geo.cityOf[code]
		short := strings.TrimSuffix(strings.TrimSuffix(city.name, "市"), "回族自治州")
		for _, k := range institutionKinds() {
			n++
			w.inst[code] = append(w.inst[code], contract.Party{Name: fmt.Sprintf(k.pattern, short), Nature: contract.Nature(k.nature),
				USCC: enterprise.MakeUSCC(fmt.Sprintf("%s%sPB%07d", k.prefix, code, n)), Region: code, Country: "CN"})
		}
		for j := 0; j < 40; j++ {
			n++
			nat := outsideNatures.pick(r)
			name := short + chars[r.IntN(len(chars))] + chars[r.IntN(len(chars))] + []string{"实业", "控股", "能源", "建设", "制造"}[j%5] + companySuffix(nat)
			w.outside[code] = append(w.outside[code], contract.Party{Name: name, Nature: contract.Nature(nat),
				USCC: enterprise.MakeUSCC(fmt.Sprintf("91%sMB%07d", code, n)), Region: code, Country: "CN"})
		}
	}
}

// makeUsers makes the national user, a city user and a zone admin for the
// first few national zones (the biggest cities), and a registrar for every
// zone (the registrar the zone's contracts name).
func (w *world) makeUsers() {
	t := time.Date(w.first.Year, w.first.Month, w.first.Day, 1, 0, 0, 0, time.UTC)
	add := func(u auth.User, scope string) int64 {
		u.ID, u.PasswordHash, u.Lang, u.CreatedAt = int64(len(w.users)+1), w.opt.PasswordHash, "zh-CN", t
		w.users = append(w.users, u)
		w.userList = append(w.userList, User{Username: u.Username, Role: u.Role, Scope: scope})
		return u.ID
	}
	add(auth.User{Username: "national", DisplayName: "国家火炬中心", Role: access.National}, "全国")
	cityUser := map[string]int64{}
	admins := 0
	for i := range w.zones {
		z := &w.zones[i]
		if z.area.Level != zone.LevelNational || admins == 5 {
			continue
		}
		admins++
		city := w.geo.cityOf[z.area.CityCode]
		if _, ok := cityUser[city.code]; !ok {
			cityUser[city.code] = add(auth.User{Username: city.slug + "-city", DisplayName: city.name + "科学技术局", Role: access.City,
				RegionCode: city.code}, city.code)
		}
		add(auth.User{Username: z.area.Slug + "-admin", DisplayName: z.area.Name + "管委会", Role: access.ZoneAdmin, ZoneID: z.area.ID}, z.area.Slug)
	}
	for i := range w.zones {
		z := &w.zones[i]
		name := z.area.Slug + "-registrar"
		id := add(auth.User{Username: name, DisplayName: z.point.Name + "登记员", Role: access.Registrar, ZoneID: z.area.ID}, z.area.Slug)
		z.registrar = access.Actor{UserID: id, Username: name, Role: access.Registrar, ZoneID: z.area.ID}
		z.cityUser = cityUser[z.area.CityCode]
	}
}

func (w *world) writeSetting(ctx context.Context, ld *bulk.Loader, at time.Time) error {
	if err := ld.Regions(ctx, w.geo.regions); err != nil {
		return err
	}
	if err := ld.Areas(ctx, w.geo.areas, at); err != nil {
		return err
	}
	if err := ld.Points(ctx, w.geo.points, at); err != nil {
		return err
	}
	if err := ld.Enterprises(ctx, w.ents); err != nil {
		return err
	}
	return ld.Users(ctx, w.users)
}

// pickBuyer draws the other party of a contract of seller (enterprise
// index): mostly another enterprise of the zones, then public bodies (often
// of the seller's city), outside companies and individuals.
func (w *world) pickBuyer(r *rand.Rand, seller int, city string) contract.Party {
	switch p := r.IntN(100); {
	case p < 62:
		for {
			if b := r.IntN(len(w.parties)); b != seller {
				return w.parties[b]
			}
		}
	case p < 82:
		c := city
		if r.IntN(10) >= 6 {
			c = w.cities[r.IntN(len(w.cities))]
		}
		pool := w.inst[c]
		return pool[r.IntN(len(pool))]
	case p < 94:
		pool := w.outside[w.cities[r.IntN(len(w.cities))]]
		return pool[r.IntN(len(pool))]
	}
	return contract.Party{Name: w.surnames[r.IntN(len(w.surnames))] + w.given[r.IntN(len(w.given))], Nature: contract.NatIndividual, Region: city, Country: "CN"}
}
