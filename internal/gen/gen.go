// Package gen makes a deterministic national-scale data set — areas across
// the provinces, enterprises with valid credit codes, millions of technology
// contracts over several years with their registration numbers, history and
// indicator rollups, and (unless asked not to) the enterprises' honours:
// ten programmes' notices over ten years, each area's batches planned by
// honour.Apply, the titles they start and end, and their rollups — and
// writes it into an empty database through the store's bulk loader. The
// same options give the same data (and the same Result.Digest) on either
// engine. It exists for benchmarks and for trying
// the product at the scale of the national registry.
package gen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/bulk"
)

// MetaKey is the meta entry that describes a generated data set.
const MetaKey = "gen_dataset"

// Options say what to generate. Zero values take the defaults.
type Options struct {
	Contracts   int        // contracts over the whole period (0 is allowed: geography and enterprises only)
	Enterprises int        // default 200,000
	Areas       int        // zones and counties, default 300
	Years       int        // length of the period in years, default 5
	Seed        uint64     // default 1
	Until       civil.Date // the last day of the period; default DefaultUntil
	// HonourYears is how many years of honour batches end with the period
	// (0: no honours; the CLI's default is 10).
	HonourYears int
	// Projects is how many key construction projects the zones run, with
	// their monthly investment reports (0: none; the CLI's default is 20,000).
	Projects int
	// InvestProjects is how many investment projects (with their steps,
	// follow-ups, trips and visits) the period holds; 0: none.
	InvestProjects int
	// OrgTalent adds organisation coverage for every enterprise (surveys,
	// organisations of the three modes, chains, online branches) and five
	// talent programmes a zone with Applicants applicants (default
	// 100,000); see planOrgTalent.
	OrgTalent  bool
	Applicants int
	// PasswordHash is the generated users' password hash (one for all).
	PasswordHash string
	// Settings are the registration rule sets' values; default
	// contract.DefaultSettings (the 2026 rules from 2026-03-01).
	Settings contract.Settings
	// Actor is who the one audit record of the load names; default access.System.
	Actor access.Actor
	// Progress receives a progress bar (carriage returns); nil for none.
	Progress io.Writer
	// ValidateAll checks every contract with contract.Checker (tests);
	// otherwise a fixed sample is checked.
	ValidateAll bool
	// KeepIndexes loads with every index in place (slower; to compare).
	KeepIndexes bool
}

// DefaultUntil is the default last day of a data set: fixed, so that a seed
// means the same data whenever it is run.
func DefaultUntil() civil.Date { return civil.Date{Year: 2026, Month: time.October, Day: 31} }

func (o *Options) defaults() error {
	if o.Enterprises == 0 {
		o.Enterprises = 200_000
	}
	if o.Areas == 0 {
		o.Areas = 300
	}
	if o.Years == 0 {
		o.Years = 5
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Until.IsZero() {
		o.Until = DefaultUntil()
	}
	if o.Settings.RegNoLayout == nil {
		o.Settings = contract.DefaultSettings()
	}
	if o.Actor.Username == "" {
		o.Actor = access.System
	}
	switch {
	case o.Contracts < 0:
		return errors.New("gen: --contracts must not be negative")
	case o.Years < 1 || o.Years > 20:
		return errors.New("gen: --years must be 1–20")
	case o.Projects < 0:
		return errors.New("gen: --projects must not be negative")
	case o.Applicants < 0:
		return errors.New("gen: --applicants must not be negative")
	case o.HonourYears < 0 || o.HonourYears > 20:
		return errors.New("gen: --honour-years must be 0–20")
	case o.Until.Year < 2005:
		return errors.New("gen: the period must end after 2005")
	}
	return o.Settings.Validate()
}

// User is a generated login.
type User struct {
	Username string
	Role     access.Role
	Scope    string
}

// Result says what was generated and how long it took.
type Result struct {
	Digest      string `json:"digest"` // SHA-256 over every generated record
	Regions     int    `json:"regions"`
	Areas       int    `json:"areas"`
	Zones       int    `json:"zones"`
	Enterprises int    `json:"enterprises"`
	Contracts   int    `json:"contracts"`
	Registered  int    `json:"registered"` // counted in the indicators
	Lines       int    `json:"lines"`      // deduction and payment lines
	Events      int    `json:"events"`
	Rollups     int    `json:"rollups"` // in all, the honours' included
	Rows        int64  `json:"rows"`    // every row written, in all tables
	From        string `json:"from"`
	Until       string `json:"until"`
	Users       []User `json:"-"`

	// The honours (zero without them).
	HonourProgrammes int `json:"honour_programmes"`
	HonourBatches    int `json:"honour_batches"`
	HonourEntries    int `json:"honour_entries"`
	HonourTitles     int `json:"honour_titles"`
	HonourHeld       int `json:"honour_held"`    // titles held on the last day
	HonourRollups    int `json:"honour_rollups"` // honour.held and honour.awarded rows

	// The construction projects (zero without them).
	Projects         int `json:"projects"`
	ProjectsFinished int `json:"projects_finished"`
	ProjectReports   int `json:"project_reports"`
	ProjectRollups   int `json:"project_rollups"`

	Invest InvestResult `json:"invest"` // the investment pipeline (zero without it)

	OrgTalent OrgTalentResult `json:"org_talent"` // organisations and talent (zero without them)

	Total        time.Duration `json:"-"` // the whole run
	Load         time.Duration `json:"-"` // generating and writing the contracts
	Honours      time.Duration `json:"-"` // generating and writing the honours
	ProjectsTime time.Duration `json:"-"` // generating and writing the projects
	Indexes      time.Duration `json:"-"` // re-creating indexes and constraints
	Analyze      time.Duration `json:"-"` // planner statistics
	Setup        time.Duration `json:"-"` // geography, enterprises, users
}

// Run generates the data set into db, which must be migrated and empty.
func Run(ctx context.Context, db *store.DB, opt Options) (Result, error) {
	start := time.Now()
	var res Result
	if err := opt.defaults(); err != nil {
		return res, err
	}
	w, err := newWorld(opt)
	if err != nil {
		return res, err
	}
	ld, err := bulk.NewLoader(ctx, db, bulk.Options{KeepIndexes: opt.KeepIndexes})
	if err != nil {
		return res, err
	}
	defer ld.Close()
	at := time.Date(opt.Until.Year, opt.Until.Month, opt.Until.Day, 12, 0, 0, 0, time.UTC)
	if err := w.writeSetting(ctx, ld, at); err != nil {
		return res, err
	}
	res.Setup = time.Since(start)

	t0 := time.Now()
	bar := newProgress(opt.Progress, "contracts", opt.Contracts)
	cg := newContractGen(w)
	if err := cg.run(ctx, ld, bar); err != nil {
		return res, err
	}
	bar.done()
	rows := cg.agg.rows()
	w.dig.rows(rows)
	if err := ld.Rollups(ctx, rows); err != nil {
		return res, err
	}
	serials, err := cg.serialScopes()
	if err != nil {
		return res, err
	}
	if err := ld.Serials(ctx, serials); err != nil {
		return res, err
	}
	targets := cg.targets()
	if err := ld.Targets(ctx, targets); err != nil {
		return res, err
	}
	res.Load = time.Since(t0)
	if opt.HonourYears > 0 {
		t1 := time.Now()
		hr, err := writeHonours(ctx, w, ld, at)
		if err != nil {
			return res, err
		}
		res.HonourProgrammes, res.HonourBatches, res.HonourEntries, res.HonourTitles = hr.programmes, hr.batches, hr.entries, hr.titles
		res.HonourHeld, res.HonourRollups = hr.heldAtEnd, hr.rollups
		res.Honours = time.Since(t1)
	}

	if opt.Projects > 0 {
		t2 := time.Now()
		pr, err := writeProjects(ctx, w, ld, opt.Projects, at)
		if err != nil {
			return res, err
		}
		res.Projects, res.ProjectsFinished, res.ProjectReports, res.ProjectRollups = pr.projects, pr.finished, pr.reports, pr.rollups
		res.ProjectsTime = time.Since(t2)
	}
	if opt.InvestProjects > 0 {
		if res.Invest, err = writeInvest(ctx, w, ld, opt.InvestProjects, at); err != nil {
			return res, err
		}
	}
	if opt.OrgTalent {
		apps := opt.Applicants
		if apps == 0 {
			apps = 100_000
		}
		if res.OrgTalent, err = writeOrgTalent(ctx, w, ld, apps, at); err != nil {
			return res, err
		}
	}
	res.Digest = w.dig.sum()
	res.Regions, res.Areas, res.Zones, res.Enterprises = len(w.geo.regions), len(w.geo.areas), len(w.geo.zones), len(w.ents)
	res.Contracts, res.Registered, res.Lines, res.Events, res.Rollups = cg.count, cg.registered, cg.lines, cg.events, len(rows)+res.HonourRollups+res.ProjectRollups+res.Invest.Rollups+res.OrgTalent.Rollups
	res.From, res.Until = w.first.String(), opt.Until.String()
	res.Users = w.userList
	if opt.Progress != nil {
		fmt.Fprintf(opt.Progress, "indexes, constraints and statistics …\n")
	}
	summary := map[string]any{"seed": opt.Seed, "contracts": res.Contracts, "enterprises": res.Enterprises, "areas": res.Areas,
		"years": opt.Years, "from": res.From, "until": res.Until, "digest": res.Digest}
	if opt.HonourYears > 0 {
		summary["honour_years"], summary["honour_titles"] = opt.HonourYears, res.HonourTitles
	}
	if opt.Projects > 0 {
		summary["projects"], summary["project_reports"] = res.Projects, res.ProjectReports
	}
	if opt.OrgTalent {
		ot := res.OrgTalent
		summary["org_enterprises"], summary["organisations"], summary["talent_applicants"] = ot.Enterprises, ot.Organisations, ot.Applicants
	}
	fin, err := ld.Finish(ctx, func(ctx context.Context, tx *store.Tx) error {
		b, err := json.Marshal(summary)
		if err != nil {
			return err
		}
		if err := tx.SetMeta(ctx, MetaKey, string(b)); err != nil {
			return err
		}
		// One audit record for the whole load instead of one per record.
		return tx.Audit(ctx, opt.Actor, store.Change{Action: "gen", Entity: "dataset", After: summary})
	})
	if err != nil {
		return res, err
	}
	res.Indexes, res.Analyze = fin.Indexes, fin.Analyze
	res.Rows = ld.Rows()
	res.Total = time.Since(start)
	return res, nil
}
