// Package demo loads the demo data set: the five zones of the newspaper page
// with their geography, parks, enterprises and users, in one transaction,
// deterministically. Later modules add their records through Seeders so the
// demo stays one place.
package demo

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/auth"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/zone"
)

// Marker is the meta key that says the database holds the demo.
const Marker = "demo_dataset"

// Version of the demo data set; bump when its content changes.
const Version = "2"

// ErrOtherData means the database holds data that is not the demo.
var ErrOtherData = errors.New("demo: the database already holds other data; use an empty database for --demo")

// Seeder adds one module's demo records inside the demo transaction. It
// receives the ids created so far.
type Seeder func(ctx context.Context, tx *store.Tx, ids *IDs) error

// IDs are the demo's record ids by natural key.
type IDs struct {
	Zones       map[string]int64  // by slug (zones and counties)
	Parks       map[string]int64  // by name
	Enterprises map[string]int64  // by name
	USCC        map[string]string // enterprises' credit codes, by name
	Users       map[string]int64  // by username
	// Today is the day the demo is loaded on, by the database's clock:
	// seeders that keep the zones living extend their records through its
	// month (living.go), deterministically from it.
	Today civil.Date
}

// User is a demo login.
type User struct {
	Username    string
	DisplayName string // what pages and certificates show, not the login
	Role        access.Role
	Scope       string
}

// Result says what Load did.
type Result struct {
	Loaded bool // false when the demo was already there
	Users  []User
	IDs    *IDs // the ids created; nil when the demo was already there
}

// Load puts the demo into an empty database, does nothing on one that holds
// it already, and refuses one that holds anything else.
func Load(ctx context.Context, db *store.DB, passwordHash string, seeders ...Seeder) (Result, error) {
	clock := db.Now
	if clock == nil {
		clock = time.Now
	}
	return LoadOn(ctx, db, passwordHash, civil.Today(clock()), seeders...)
}

// LoadOn is Load as on the day today: the living part of the demo ends in
// its month (tests load it on their fixed date).
func LoadOn(ctx context.Context, db *store.DB, passwordHash string, today civil.Date, seeders ...Seeder) (Result, error) {
	res := Result{Users: Users()}
	mark, err := db.Meta(ctx, Marker)
	if err != nil {
		return res, err
	}
	if mark != "" {
		return res, nil
	}
	empty, err := db.Empty(ctx)
	if err != nil {
		return res, err
	}
	if !empty {
		return res, ErrOtherData
	}
	ids := &IDs{Zones: map[string]int64{}, Parks: map[string]int64{}, Enterprises: map[string]int64{}, USCC: map[string]string{}, Users: map[string]int64{},
		Today: today}
	err = db.Transact(ctx, func(tx *store.Tx) error {
		if err := foundation(ctx, tx, ids, passwordHash); err != nil {
			return err
		}
		for _, s := range seeders {
			if err := s(ctx, tx, ids); err != nil {
				return err
			}
		}
		return tx.SetMeta(ctx, Marker, Version)
	})
	if err != nil {
		return res, fmt.Errorf("demo: %w", err)
	}
	res.Loaded, res.IDs = true, ids
	return res, nil
}

// Swap returns seeders with old replaced by repl, for tests that load the
// demo with one module's variant (a seeder is a func: compared by address).
func Swap(seeders []Seeder, old, repl Seeder) []Seeder {
	out := make([]Seeder, len(seeders))
	for i, s := range seeders {
		if reflect.ValueOf(s).Pointer() == reflect.ValueOf(old).Pointer() {
			s = repl
		}
		out[i] = s
	}
	return out
}

// Users lists the demo logins.
func Users() []User {
	out := []User{{Username: "national", DisplayName: "王建国", Role: access.National, Scope: "全国"}}
	cities := map[string]string{}
	for _, r := range regionSeeds() {
		cities[r.code] = r.name
	}
	// Illustrative people, one set per zone, so that a certificate reads
	// 登记员：刘静 rather than a login name.
	people := [][4]string{
		{"张伟", "李娜", "刘静", "陈刚"}, {"王磊", "赵敏", "孙丽", "周强"}, {"吴军", "郑洁", "冯雪", "何斌"},
		{"高峰", "林芳", "马骏", "罗琳"}, {"梁勇", "宋佳", "谢涛", "韩梅"},
	}
	for i, z := range zoneSeeds() {
		p := people[i%len(people)]
		out = append(out,
			User{Username: z.slug + "-city", DisplayName: cities[z.city] + "科技局", Role: access.City, Scope: z.city},
			User{Username: z.slug + "-admin", DisplayName: p[0], Role: access.ZoneAdmin, Scope: z.slug},
			User{Username: z.slug + "-staff", DisplayName: p[1], Role: access.ZoneStaff, Scope: z.slug},
			User{Username: z.slug + "-registrar", DisplayName: p[2], Role: access.Registrar, Scope: z.slug},
			User{Username: z.slug + "-ent", DisplayName: p[3], Role: access.Enterprise, Scope: z.slug},
		)
	}
	return out
}

// USCCFor makes the demo's credit code for the n-th enterprise registered in
// a division: 91 (market regulator, enterprise) + division + MA3C + serial.
func USCCFor(division string, n int) string {
	return enterprise.MakeUSCC(fmt.Sprintf("91%sMA3C%05d", division, n))
}

func foundation(ctx context.Context, tx *store.Tx, ids *IDs, hash string) error {
	sys := access.System
	for _, r := range regionSeeds() {
		if err := tx.PutRegion(ctx, zone.Region{Code: r.code, Name: r.name, NameEN: r.nameEN, Level: r.level, ParentCode: r.parent}); err != nil {
			return err
		}
	}
	province := map[string]string{}
	for _, r := range regionSeeds() {
		if r.level == "city" {
			province[r.code] = r.parent
		}
	}
	firstEnt := map[string]string{}
	for _, z := range zoneSeeds() {
		id, err := tx.InsertArea(ctx, sys, zone.Area{Slug: z.slug, Name: z.name, NameEN: z.nameEN, Kind: zone.KindZone,
			Level: zone.LevelNational, CityCode: z.city, ProvinceCode: province[z.city]})
		if err != nil {
			return err
		}
		ids.Zones[z.slug] = id
		for _, c := range z.counties {
			cid, err := tx.InsertArea(ctx, sys, zone.Area{Slug: c.slug, Name: c.name, NameEN: c.nameEN, Kind: zone.KindCounty,
				GBCode: c.gb, CityCode: z.city, ProvinceCode: province[z.city]})
			if err != nil {
				return err
			}
			ids.Zones[c.slug] = cid
		}
		for _, p := range z.parks {
			pid, err := tx.InsertPark(ctx, sys, zone.Park{ZoneID: id, Name: p})
			if err != nil {
				return err
			}
			ids.Parks[p] = pid
		}
	}
	// The registration division of an area's enterprises: the city's for a
	// zone, the county's own for a county.
	cityOf := map[string]string{}
	for _, z := range zoneSeeds() {
		cityOf[z.slug] = z.city
		for _, c := range z.counties {
			cityOf[c.slug] = c.gb
		}
	}
	serial := map[string]int{}
	for _, e := range enterpriseSeeds() {
		serial[e.zone]++
		listing := e.listing
		if listing == "" {
			listing = "none"
		}
		ent := enterprise.Enterprise{
			USCC: USCCFor(cityOf[e.zone], serial[e.zone]), Name: e.name, ZoneID: ids.Zones[e.zone], ParkID: ids.Parks[e.park],
			Nature: e.nature, Industry: e.industry, Listing: listing,
			RegCapitalFen: e.regWan * 1_000_000, PaidCapitalFen: e.paidWan * 1_000_000,
			FoundedOn: civil.MustParse(e.founded), SettledOn: civil.MustParse(e.settled), PledgeSigned: e.pledge,
		}
		if e.pledge {
			ent.PledgeOn = ent.SettledOn
		}
		if err := enterprise.Validate(&ent, civil.MustParse("2026-01-01")); err != nil {
			return fmt.Errorf("enterprise %s: %w", e.name, err)
		}
		id, err := tx.InsertEnterprise(ctx, sys, ent)
		if err != nil {
			return fmt.Errorf("enterprise %s: %w", e.name, err)
		}
		ids.Enterprises[e.name] = id
		ids.USCC[e.name] = ent.USCC
		if _, ok := firstEnt[e.zone]; !ok {
			firstEnt[e.zone] = e.name
		}
	}
	for _, u := range Users() {
		au := auth.User{Username: u.Username, DisplayName: u.DisplayName, PasswordHash: hash, Role: u.Role, Lang: "zh-CN"}
		switch {
		case u.Role == access.City:
			au.RegionCode = u.Scope
		case u.Role.ZoneBound():
			au.ZoneID = ids.Zones[u.Scope]
			if u.Role == access.Enterprise {
				au.EnterpriseID = ids.Enterprises[firstEnt[u.Scope]]
			}
		}
		id, err := tx.InsertUser(ctx, sys, au)
		if err != nil {
			return err
		}
		ids.Users[u.Username] = id
	}
	return nil
}
