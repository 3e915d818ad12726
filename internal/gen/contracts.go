package gen

import (
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/bulk"
)

// batchSize is how many contracts go to the store at once: large enough to
// amortise a transaction, small enough to keep generating and writing
// overlapped (the generator fills one batch while the store writes another).
const batchSize = 8192

// Shares of the generated states, in thousandths.
const (
	refusedPerMille   = 30 // of decided contracts
	amendedPerMille   = 15 // of registered ones
	cancelledPerMille = 6
	pendingPercent    = 45 // of those accepted in the last three weeks
	pendingDays       = 21
	minUnits          = 100        // ¥10,000, in hundreds of yuan
	maxUnits          = 20_000_000 // ¥2,000,000,000
	unitFen           = 10_000     // amounts are whole hundreds of yuan
)

type serialKey struct {
	zone int
	year int
	rs   contract.RuleSetID
}

// contractGen draws the contracts day by day, in certificate order, so that
// registration serials are issued as a point issues them.
type contractGen struct {
	w        *world
	r        *rand.Rand
	zonePick picker[int]
	types    picker[contract.Type]
	fields   picker[contract.Field]
	topics   map[contract.Field][]string
	aspects  []string
	serial   map[serialKey]int
	dup      map[uint64]struct{}
	agg      *rollupAgg
	checker  contract.Checker
	cst      *time.Location
	nextID   int64

	count, registered, lines, events int
}

func newContractGen(w *world) *contractGen {
	g := &contractGen{w: w, r: stream(w.opt.Seed, streamContracts), types: newPicker(typeWeights()), fields: newPicker(fieldWeights()),
		topics: map[contract.Field][]string{}, aspects: aspects(), serial: map[serialKey]int{}, dup: map[uint64]struct{}{},
		checker: contract.Checker{USCC: enterprise.CheckUSCC}, cst: time.FixedZone("CST", 8*3600)}
	var zw []weighted[int]
	ids := make([]int64, len(w.zones))
	for i, z := range w.zones {
		// Integer weights in thousandths keep the picker exact and fast.
		zw = append(zw, weighted[int]{i, max(1, int(z.weight*1000))})
		ids[i] = z.area.ID
	}
	g.zonePick = newPicker(zw)
	for _, f := range contract.Fields() {
		g.topics[f] = topics(f)
	}
	first := indicator.MonthOfDate(w.first)
	g.agg = newRollupAgg(ids, first, 12*w.opt.Years)
	return g
}

// seasonality: registrations are thin around the Spring Festival and pile
// up before the year's accounts close in December.
func seasonality() [12]float64 {
	return [12]float64{0.6, 0.5, 0.9, 0.95, 1.0, 1.1, 0.95, 0.95, 1.05, 0.9, 1.2, 1.6}
}

// plan returns each day of the period with the contracts decided that day:
// N spread over the months (growing 15% a year, seasonal), then over each
// month's working days.
func (g *contractGen) plan() ([]civil.Date, []int) {
	months := 12 * g.w.opt.Years
	season := seasonality()
	weights := make([]float64, months)
	for mi := range weights {
		m := civil.Of(g.w.first.Time().AddDate(0, mi, 0))
		weights[mi] = math.Pow(1.15, float64(mi)/12) * season[m.Month-1]
	}
	perMonth := apportion(g.w.opt.Contracts, weights, 0)
	var days []civil.Date
	var counts []int
	for mi, n := range perMonth {
		m := civil.Of(g.w.first.Time().AddDate(0, mi, 0))
		var wd []civil.Date
		for d := m; d.Month == m.Month && !d.After(g.w.opt.Until); d = d.AddDays(1) {
			if x := d.Time().Weekday(); x != time.Saturday && x != time.Sunday {
				wd = append(wd, d)
			}
		}
		dw := make([]float64, len(wd))
		for i := range dw {
			dw[i] = 0.8 + 0.4*g.r.Float64()
		}
		for i, k := range apportion(n, dw, 0) {
			days = append(days, wd[i])
			counts = append(counts, k)
		}
	}
	return days, counts
}

// run generates and writes every contract: one goroutine draws each batch
// and, when the loader writes lines apart (SQLite's side file), writes its
// lines and history; this one writes its contract rows (and otherwise the
// lines after them); three batch buffers pass between the two. (Two
// goroutines for two cores: with the lines written on a third, the
// contract writer — the longest step — got two thirds of a core.)
func (g *contractGen) run(ctx context.Context, ld *bulk.Loader, bar *progress) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan []store.ContractImport, 2)
	free := make(chan []store.ContractImport, 3)
	for range 3 {
		free <- make([]store.ContractImport, 0, batchSize)
	}
	errc := make(chan error, 1)
	go func() {
		defer close(full)
		errc <- g.generate(ctx, ld, free, full)
	}()
	apart := ld.LinesApart()
	var werr error
	for b := range full {
		if werr == nil {
			write := ld.ContractRecords // the lines were written where the batch was drawn
			if !apart {
				write = ld.Contracts
			}
			if werr = write(ctx, b); werr != nil {
				cancel()
			}
			bar.add(len(b))
		}
		free <- b[:0]
	}
	if gerr := <-errc; gerr != nil && werr == nil {
		return gerr
	}
	return werr
}

func (g *contractGen) generate(ctx context.Context, ld *bulk.Loader, free <-chan []store.ContractImport, full chan<- []store.ContractImport) error {
	days, counts := g.plan()
	var batch []store.ContractImport
	take := func() error {
		select {
		case batch = <-free:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	apart := ld.LinesApart()
	send := func() error {
		if apart {
			if err := ld.ContractLines(ctx, batch); err != nil {
				return err
			}
		}
		select {
		case full <- batch:
			batch = nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := take(); err != nil {
		return err
	}
	for di, day := range days {
		for range counts[di] {
			n := len(batch)
			batch = batch[:n+1]
			it := &batch[n]
			// Reuse the slices of the item this buffer held last time.
			hist, ded, pay := it.History[:0], it.Contract.Deductions[:0], it.Contract.Payments[:0]
			*it = store.ContractImport{History: hist}
			it.Contract.Deductions, it.Contract.Payments = ded, pay
			if err := g.one(it, day); err != nil {
				return err
			}
			if len(batch) == cap(batch) {
				if err := send(); err != nil {
					return err
				}
				if err := take(); err != nil {
					return err
				}
			}
		}
	}
	if len(batch) > 0 {
		return send()
	}
	return nil
}

func (g *contractGen) at(d civil.Date, hour, minute int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, g.cst).UTC()
}

func (g *contractGen) step(ev contract.EventKind, from, to contract.Status, a access.Actor, name string, at time.Time) contract.HistoryItem {
	return contract.HistoryItem{Step: contract.Step{Event: ev, From: from, To: to, At: at, ActorID: a.UserID, Role: a.Role}, ActorName: name}
}

// one draws the contract decided (or, still pending, accepted) on day.
func (g *contractGen) one(it *store.ContractImport, day civil.Date) error {
	r, w := g.r, g.w
	until := w.opt.Until
	zi := g.zonePick.pick(r)
	z := &w.zones[zi]
	// A few enterprises of a zone sell most of its technology.
	si := z.firstEnt + int(float64(z.ents)*math.Pow(r.Float64(), 2.2))
	g.nextID++
	c := &it.Contract
	c.ID, c.ZoneID, c.SellerID, c.Seller, c.Version = g.nextID, z.area.ID, int64(si+1), w.parties[si], 1
	c.Type, c.Field = g.types.pick(r), g.fields.pick(r)
	ts := g.topics[c.Field]
	c.Name = ts[r.IntN(len(ts))] + g.aspects[r.IntN(len(g.aspects))] + typeTitle(c.Type)
	c.Buyer = w.pickBuyer(r, si, z.area.CityCode)
	units := int64(math.Round(logNormal(r, 5000, 1.8)))
	units = min(max(units, minUnits), maxUnits)
	c.ContractAmountFen = units * unitFen
	switch c.Type {
	case contract.LicPatent:
		c.LicenceSubtype = []contract.LicenceSubtype{contract.LicOrdinary, contract.LicExclusive, contract.LicSole}[r.IntN(3)]
	case contract.TrfOtherIP, contract.LicOtherIP:
		c.IPType = []contract.IPType{contract.IPSoftware, contract.IPSoftware, contract.IPSoftware, contract.IPICLayout,
			contract.IPPlantVariety, contract.IPBiomedicalVariety}[r.IntN(6)]
	case contract.DevEntrusted, contract.DevCoop:
		if r.IntN(4) == 0 {
			c.IPType = contract.IPPatent
		}
	}
	switch p := r.IntN(100); {
	case p < 2:
		c.ProgrammeLevel = contract.ProgNational
	case p < 5:
		c.ProgrammeLevel = contract.ProgMinisterial
	case p < 13:
		c.ProgrammeLevel = contract.ProgProvincial
	case p < 18:
		c.ProgrammeLevel = contract.ProgLocal
	}
	if cat := c.Type.Category(); (cat == contract.CatDevelopment || cat == contract.CatService) && r.IntN(4) == 0 {
		kinds := contract.DeductionKinds()
		for k := range 1 + r.IntN(100)/90 { // one line, sometimes two
			share := int64(5 + r.IntN(10)) // 5–14% of the amount each
			if d := units * share / 100 * unitFen; d > 0 {
				c.Deductions = append(c.Deductions, contract.Deduction{Kind: kinds[(k+r.IntN(4))%4], AmountFen: d})
			}
		}
	}

	// Dates: decided on day, accepted a few days before, signed weeks before.
	decided := day
	accepted := day.AddDays(-(1 + r.IntN(8)))
	pending := day.DaysUntil(until) < pendingDays && r.IntN(100) < pendingPercent
	if pending {
		accepted = day
	}
	c.SignedOn = accepted.AddDays(-(3 + r.IntN(50)))
	c.ValidFrom = c.SignedOn
	years := 1 + r.IntN(3)
	if c.Type.IsLicence() && r.IntN(2) == 0 {
		years = 5
	}
	c.ValidTo = civil.Of(c.ValidFrom.Time().AddDate(years, 0, -1))
	created := c.SignedOn.AddDays(r.IntN(3))
	if p := r.IntN(100); p < 60 {
		paid := units * int64(30+r.IntN(71)) / 100 * unitFen
		if on := c.SignedOn.AddDays(3 + r.IntN(8)); paid > 0 && !on.After(until) {
			c.Payments = append(c.Payments, contract.Payment{On: on, AmountFen: paid})
			if p < 15 {
				if on2 := on.AddDays(60 + r.IntN(140)); !on2.After(until) && units*unitFen > paid {
					c.Payments = append(c.Payments, contract.Payment{On: on2, AmountFen: (units*unitFen - paid + unitFen - 1) / unitFen * unitFen})
				}
			}
		}
	}
	contract.Normalize(c)

	// Who entered it: the registrar on the seller's behalf, or the
	// enterprise online (no user account of its own in this data set).
	applicant, applicantName := access.Actor{Role: access.Enterprise}, c.Seller.Name
	if r.IntN(10) < 4 {
		applicant, applicantName = z.registrar, z.registrar.Username
		it.CreatedBy = z.registrar.UserID
	}
	reg, regName := z.registrar, z.registrar.Username
	it.CreatedAt = g.at(created, 9, r.IntN(60))
	h := append(it.History, g.step(contract.EvCreate, contract.New, contract.Draft, applicant, applicantName, it.CreatedAt))

	status := contract.Registered
	switch {
	case pending:
		status = []contract.Status{contract.Draft, contract.Submitted, contract.Submitted, contract.Submitted,
			contract.UnderReview, contract.UnderReview, contract.Returned}[r.IntN(7)]
	case r.IntN(1000) < refusedPerMille:
		status = contract.Refused
	}
	if status != contract.Draft {
		rs := contract.RuleSetFor(w.opt.Settings, accepted)
		c.RuleSet, c.AcceptedOn = rs.ID, accepted
		c.Deadline = rs.DeadlineFor(*c)
		h = append(h, g.step(contract.EvSubmit, contract.Draft, contract.Submitted, applicant, applicantName, g.at(accepted, 10, r.IntN(60))))
		from := contract.Submitted
		if rs.NeedsExpertReview(*c) {
			// The 2026 rules send large contracts to the experts first.
			on := accepted.AddDays(1)
			if on.After(decided) {
				on = decided
			}
			h = append(h, g.step(contract.EvSecondReview, from, contract.SecondReview, reg, regName, g.at(on, 11, r.IntN(60))))
			from = contract.SecondReview
			if status == contract.UnderReview || status == contract.Submitted {
				status = contract.SecondReview
			}
		}
		switch status {
		case contract.UnderReview:
			h = append(h, g.step(contract.EvStartReview, from, contract.UnderReview, reg, regName, g.at(decided, 14, r.IntN(60))))
		case contract.Returned:
			st := g.step(contract.EvReturn, from, contract.Returned, reg, regName, g.at(decided, 15, r.IntN(60)))
			c.ReturnReason = "合同未加盖买方公章，请补充完整的签章页后重新提交。"
			st.Reason = c.ReturnReason
			h = append(h, st)
		case contract.Refused:
			code := contract.RefusalReasons()[r.IntN(len(contract.RefusalReasons()))]
			texts := refusalTexts()
			c.RefusalCode, c.RefusalReason, c.RefusedOn = code, texts[r.IntN(len(texts))], decided
			st := g.step(contract.EvRefuse, from, contract.Refused, reg, regName, g.at(decided, 15, r.IntN(60)))
			st.RefusalCode, st.Reason = code, c.RefusalReason
			h = append(h, st)
		case contract.Registered:
			if err := g.register(c, zi, rs, decided); err != nil {
				return err
			}
			st := g.step(contract.EvRegister, from, contract.Registered, reg, regName, g.at(decided, 16, r.IntN(60)))
			st.RegNo = c.RegNo
			h = append(h, st)
			if on := decided.AddDays(10 + r.IntN(90)); r.IntN(1000) < amendedPerMille && !on.After(until) {
				c.Amendments, c.AmendedOn, c.AmendReason = 1, on, "买方名称变更，依申请更正合同登记信息。"
				st := g.step(contract.EvAmend, contract.Registered, contract.Registered, reg, regName, g.at(on, 10, r.IntN(60)))
				st.Reason = c.AmendReason
				h = append(h, st)
			}
			if on := decided.AddDays(20 + r.IntN(280)); r.IntN(1000) < cancelledPerMille && !on.After(until) {
				status = contract.Cancelled
				c.CancelledOn, c.CancelReason = on, "双方已协议解除合同，申请人申请撤销登记。"
				st := g.step(contract.EvCancel, contract.Registered, contract.Cancelled, reg, regName, g.at(on, 11, r.IntN(60)))
				st.Reason = c.CancelReason
				h = append(h, st)
			}
		}
	}
	c.Status = status
	it.History = h
	if contract.HoldsDuplicateKey(c.Status) {
		g.unique(c)
	}
	if w.opt.ValidateAll || g.count%509 == 0 {
		if err := g.checker.Validate(*c, until); err != nil {
			return fmt.Errorf("gen: contract %d: %w", c.ID, err)
		}
	}
	if contract.Counted(*c) {
		g.registered++
		if g.registered%1009 == 1 {
			if err := g.agg.check(c.ZoneID, c); err != nil {
				return err
			}
		}
		g.agg.add(zi, c)
	}
	g.count++
	g.lines += len(c.Deductions) + len(c.Payments)
	g.events += len(h)
	w.dig.contract(c, it.CreatedBy, it.CreatedAt, h)
	return nil
}

// register issues c's number: the next serial of its point, year and rule
// set, in certificate order as the point issues them.
func (g *contractGen) register(c *contract.Contract, zi int, rs contract.RuleSet, on civil.Date) error {
	z := &g.w.zones[zi]
	k := serialKey{zi, on.Year, rs.ID}
	g.serial[k]++
	prov, pref, dist := contract.RegionParts(z.point.RegionCode)
	no, err := rs.FormatRegNo(contract.RegNoParts{Year: on.Year, Province: prov, Prefecture: pref, District: dist,
		Point: z.point.Code, Serial: g.serial[k]})
	if err != nil {
		return fmt.Errorf("gen: %s's registration number %d of %d: %w (too many contracts for one point and year?)",
			z.area.Slug, g.serial[k], on.Year, err)
	}
	c.Status, c.CertifiedOn, c.RegNo, c.RegisteredBy, c.PointID = contract.Registered, on, no, z.registrar.UserID, z.point.ID
	return nil
}

// unique keeps the duplicate key unique among the contracts that hold it
// (the store's partial unique index): a contract that happens to repeat
// another's seller, buyer, name, date and amount becomes its next phase.
// It compares a 64-bit fingerprint of those fields rather than
// contract.DuplicateKey, which the loader computes anyway and which would
// cost the generator a SHA-256 per contract: the generated names and codes
// are already in the normal form DuplicateKey compares, so equal keys mean
// equal fields. (A fingerprint collision only renames a contract; a miss is
// impossible, and the unique index built at the end would catch it.)
func (g *contractGen) unique(c *contract.Contract) {
	base := c.Name
	for n := 2; ; n++ {
		buyer := c.Buyer.USCC
		if buyer == "" {
			buyer = "name:" + c.Buyer.Name
		}
		fp := fnv64(fnv64(fnv64(fnv64(fnvOffset, strconv.FormatInt(c.SellerID, 10)), buyer), c.Name),
			c.SignedOn.String()+"|"+strconv.FormatInt(c.ContractAmountFen, 10))
		if _, ok := g.dup[fp]; !ok {
			g.dup[fp] = struct{}{}
			return
		}
		c.Name = fmt.Sprintf("%s（第%d期）", base, n)
	}
}

const fnvOffset uint64 = 14695981039346656037

// fnv64 continues an FNV-1a hash over s and a separator.
func fnv64(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return (h ^ 0x1f) * 1099511628211
}

// serialScopes are the counters to store: each scope's last serial.
func (g *contractGen) serialScopes() (map[string]int, error) {
	out := map[string]int{}
	for k, n := range g.serial {
		z := &g.w.zones[k.zone]
		rs, _ := contract.RuleSetByID(g.w.opt.Settings, k.rs)
		prov, pref, dist := contract.RegionParts(z.point.RegionCode)
		sc, err := rs.SerialScope(contract.RegNoParts{Year: k.year, Province: prov, Prefecture: pref, District: dist, Point: z.point.Code})
		if err != nil {
			return nil, err
		}
		out[sc] = n
	}
	for _, sc := range slices.Sorted(maps.Keys(out)) {
		g.w.dig.str(sc)
		g.w.dig.int(int64(out[sc]))
	}
	return out, nil
}

// targets are the annual targets cities set for their zones for the last
// two years of the period: the year before's registered amount and count
// plus 5–20%, in whole 万元 and items.
func (g *contractGen) targets() []indicator.Target {
	r := stream(g.w.opt.Seed, streamTargets)
	var out []indicator.Target
	firstIdx := g.w.first.Year*12 + int(g.w.first.Month) - 1
	last := g.w.opt.Until.Year
	for zi := range g.w.zones {
		z := &g.w.zones[zi]
		city := g.w.geo.cityOf[z.area.CityCode]
		for year := last - 1; year <= last; year++ {
			prev := (year-1)*12 - firstIdx // month index of January of the year before
			if prev < 0 {
				continue // the year before is not in the period
			}
			for m, id := range []string{indicator.TechContractCount, indicator.TechContractAmount} {
				v := g.agg.total(zi, m, prev, prev+12)
				if v == 0 {
					continue
				}
				t := float64(v) * (1.05 + 0.15*r.Float64())
				if m == 1 {
					t = math.Round(t/1_000_000) * 1_000_000 // 万元
				}
				out = append(out, indicator.Target{ZoneID: z.area.ID, Indicator: id, Year: year, Value: max(int64(t), 1),
					SetBy: z.cityUser, SetByName: city.name + "科学技术局", SetAt: g.at(civil.Date{Year: year, Month: time.January, Day: 15}, 10, 0)})
			}
		}
	}
	for _, t := range out {
		g.w.dig.int(t.ZoneID)
		g.w.dig.str(t.Indicator)
		g.w.dig.int(int64(t.Year))
		g.w.dig.int(t.Value)
	}
	return out
}
