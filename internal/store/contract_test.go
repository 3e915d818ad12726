package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/demo"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// registry is a contract service on a database holding the demo's
// foundation and registration points for Zibo and Yulin.
type registry struct {
	t   *testing.T
	db  *store.DB
	ids *demo.IDs
	svc *contract.Service
	now time.Time
	as  map[string]access.Actor
}

func newRegistry(t *testing.T, db *store.DB, now time.Time) *registry {
	t.Helper()
	ids := world(t, db)
	r := &registry{t: t, db: db, ids: ids, now: now}
	// These tests submit as accepted at once (the setting of the points
	// that accept on submit); TestContractAwaitingAcceptance covers the rest.
	settings := contract.DefaultSettings()
	settings.AcceptOnSubmit = true
	r.svc = &contract.Service{Store: store.Contracts{DB: db}, Policy: access.DefaultPolicy(contract.Policy()),
		Workflow: contract.Workflow{Settings: settings, Checker: contract.Checker{USCC: enterprise.CheckUSCC}},
		Now:      func() time.Time { return r.now }}
	user := func(name string, role access.Role, zone string) access.Actor {
		return access.Actor{UserID: ids.Users[name], Username: name, Role: role, ZoneID: ids.Zones[zone]}
	}
	r.as = map[string]access.Actor{
		"national":         user("national", access.National, ""),
		"shandong":         {UserID: ids.Users["national"], Username: "shandong", Role: access.Province, RegionCode: "370000"},
		"shaanxi":          {UserID: ids.Users["national"], Username: "shaanxi", Role: access.Province, RegionCode: "610000"},
		"zibo-city":        {UserID: ids.Users["zibo-city"], Username: "zibo-city", Role: access.City, RegionCode: "370300"},
		"weifang-city":     {UserID: ids.Users["weifang-city"], Username: "weifang-city", Role: access.City, RegionCode: "370700"},
		"zibo-admin":       user("zibo-admin", access.ZoneAdmin, "zibo"),
		"zibo-staff":       user("zibo-staff", access.ZoneStaff, "zibo"),
		"zibo-registrar":   user("zibo-registrar", access.Registrar, "zibo"),
		"yulin-registrar":  user("yulin-registrar", access.Registrar, "yulin"),
		"yulin-admin":      user("yulin-admin", access.ZoneAdmin, "yulin"),
		"weifang-registra": user("weifang-registrar", access.Registrar, "weifang"),
	}
	ent := user("zibo-ent", access.Enterprise, "zibo")
	ent.EnterpriseID = ids.Enterprises["山东亚华电子股份有限公司"]
	r.as["zibo-ent"] = ent
	other := user("zibo-staff", access.Enterprise, "zibo")
	other.Username, other.EnterpriseID = "ruibang", ids.Enterprises["山东瑞邦智能装备股份有限公司"]
	r.as["ruibang"] = other
	yent := user("yulin-ent", access.Enterprise, "yulin")
	yent.EnterpriseID = ids.Enterprises["榆林能源化工技术研究院有限公司"]
	r.as["yulin-ent"] = yent
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		for _, p := range []contract.Point{
			{ZoneID: ids.Zones["zibo"], Code: "02", Name: "淄博高新区技术合同登记点", RegionCode: "370300"},
			{ZoneID: ids.Zones["yulin"], Code: "01", Name: "榆林高新区技术合同登记点", RegionCode: "610800"},
		} {
			if _, err := tx.PutPoint(context.Background(), access.System, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// legacyNow is the page's day: contracts are judged under the 2000/2001 rules.
func legacyNow() time.Time {
	return time.Date(2023, 12, 18, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
}

// terms are valid terms of a development contract with a Qingdao buyer.
func terms(name string) contract.Terms {
	return contract.Terms{Name: name, Type: contract.DevEntrusted, SignedOn: civil.MustParse("2023-11-01"),
		ValidFrom: civil.MustParse("2023-11-01"), ValidTo: civil.MustParse("2024-10-31"), Field: "01",
		Buyer: contract.Party{Name: "青岛海尔智能技术研发有限公司", USCC: enterprise.MakeUSCC("91370212MA7B00001"),
			Nature: "150", Region: "370212"},
		ContractAmountFen: 120_000_000, Deductions: []contract.Deduction{{Kind: contract.DedEquipment, AmountFen: 20_000_000}}}
}

// create drafts a contract with its written contract attached, ready to submit.
func (r *registry) create(who string, seller int64, t contract.Terms) int64 {
	r.t.Helper()
	id := r.createBare(who, seller, t)
	if _, err := r.svc.Attach(context.Background(), r.as[who], id, "合同.pdf", pdf); err != nil {
		r.t.Fatalf("%s attaches the contract of %q: %v", who, t.Name, err)
	}
	return id
}

// createBare drafts a contract without any file.
func (r *registry) createBare(who string, seller int64, t contract.Terms) int64 {
	r.t.Helper()
	id, err := r.svc.Create(context.Background(), r.as[who], seller, t)
	if err != nil {
		r.t.Fatalf("%s creates %q: %v", who, t.Name, err)
	}
	return id
}

func (r *registry) act(who string, id int64, ev contract.Event) (contract.Contract, error) {
	return r.svc.Act(context.Background(), r.as[who], id, 0, ev)
}

func (r *registry) must(who string, id int64, ev contract.Event) contract.Contract {
	r.t.Helper()
	c, err := r.act(who, id, ev)
	if err != nil {
		r.t.Fatalf("%s %s #%d: %v", who, ev.Kind, id, err)
	}
	return c
}

func (r *registry) get(id int64) contract.Record {
	r.t.Helper()
	rec, err := r.svc.Get(context.Background(), access.System, id)
	if err != nil {
		r.t.Fatal(err)
	}
	return rec
}

// registered drafts, submits and registers a contract of the Zibo applicant.
func (r *registry) registered(name string) contract.Contract {
	r.t.Helper()
	return r.registeredTerms(terms(name))
}

func (r *registry) registeredTerms(tm contract.Terms) contract.Contract {
	r.t.Helper()
	id := r.create("zibo-ent", 0, tm)
	r.must("zibo-ent", id, contract.Event{Kind: contract.EvSubmit})
	return r.must("zibo-registrar", id, contract.Event{Kind: contract.EvRegister})
}

func ev(k contract.EventKind, reason string) contract.Event {
	return contract.Event{Kind: k, Reason: reason}
}

// Every legal path through the workflow, end to end through the service
// and the store: statuses, dates, numbers, history and audit.
func TestContractLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		id := r.create("zibo-ent", 0, terms("智能呼叫系统技术开发合同"))
		c := r.get(id)
		if c.Status != contract.Draft || c.SellerID != r.as["zibo-ent"].EnterpriseID || c.Seller.Name != "山东亚华电子股份有限公司" ||
			c.Seller.Region != "370300" || c.TechAmountFen != 100_000_000 || c.Version != 1 {
			t.Fatalf("created: %+v", c.Contract)
		}
		name := "智能呼叫系统（二期）技术开发合同"
		if _, err := r.svc.Edit(ctx, r.as["zibo-ent"], id, 1, contract.TermsPatch{Name: &name}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Edit(ctx, r.as["zibo-ent"], id, 1, contract.TermsPatch{Name: &name}); !errs.Is(err, errs.Conflict) {
			t.Errorf("stale edit: %v", err)
		}
		sub := r.must("zibo-ent", id, ev(contract.EvSubmit, ""))
		if sub.Status != contract.Submitted || sub.RuleSet != contract.Legacy2000 || sub.AcceptedOn != civil.MustParse("2023-12-18") ||
			sub.Deadline != civil.MustParse("2024-01-17") {
			t.Errorf("submitted: %s %s %s %s", sub.Status, sub.RuleSet, sub.AcceptedOn, sub.Deadline)
		}
		r.must("zibo-registrar", id, ev(contract.EvReturn, "请补充买方签章页"))
		if got := r.get(id); got.Status != contract.Returned || got.ReturnReason != "请补充买方签章页" {
			t.Errorf("returned: %s %q", got.Status, got.ReturnReason)
		}
		amount := int64(150_000_000)
		if _, err := r.svc.Edit(ctx, r.as["zibo-ent"], id, 0, contract.TermsPatch{ContractAmountFen: &amount}); err != nil {
			t.Fatal(err)
		}
		r.now = r.now.AddDate(0, 0, 2) // a corrected resubmission restarts the clock
		if sub = r.must("zibo-ent", id, ev(contract.EvSubmit, "")); sub.Deadline != civil.MustParse("2024-01-19") || sub.ReturnReason != "" {
			t.Errorf("resubmitted: deadline %s, reason %q", sub.Deadline, sub.ReturnReason)
		}
		r.must("zibo-registrar", id, ev(contract.EvStartReview, ""))
		tech := int64(110_000_000)
		reg := r.must("zibo-registrar", id, contract.Event{Kind: contract.EvRegister, TechAmountFen: &tech, Field: "03"})
		if reg.Status != contract.Registered || reg.RegNo != "23370302000001" || reg.CertifiedOn != civil.MustParse("2023-12-20") ||
			reg.TechAmountFen != tech || !reg.TechAmountFixed || reg.Field != "03" || reg.RegisteredBy != r.as["zibo-registrar"].UserID || reg.PointID == 0 {
			t.Errorf("registered: %+v", reg)
		}
		if rec := r.get(id); rec.PointName != "淄博高新区技术合同登记点" || rec.RegistrarName != "孙丽" { // the registrar's display name
			t.Errorf("record names: point %q registrar %q", rec.PointName, rec.RegistrarName)
		}
		amount = 160_000_000
		am, err := r.svc.Amend(ctx, r.as["zibo-registrar"], id, 0, contract.TermsPatch{ContractAmountFen: &amount}, nil, "签订补充协议，增加合同金额")
		if err != nil {
			t.Fatal(err)
		}
		if am.Status != contract.Registered || am.Amendments != 1 || am.RegNo != reg.RegNo || am.ContractAmountFen != amount {
			t.Errorf("amended: %+v", am)
		}
		can := r.must("zibo-registrar", id, ev(contract.EvCancel, "双方协议解除合同"))
		if can.Status != contract.Cancelled || can.CancelReason != "双方协议解除合同" {
			t.Errorf("cancelled: %+v", can)
		}
		hp, err := r.svc.History(ctx, r.as["zibo-ent"], id, paging.Request{})
		if err != nil {
			t.Fatal(err)
		}
		h := hp.Items
		slices.Reverse(h) // served newest first; checked in the order taken
		var got []string
		for _, s := range h {
			got = append(got, fmt.Sprintf("%s:%s>%s", s.Event, s.From, s.To))
		}
		want := []string{":>draft", "edit:draft>draft", "submit:draft>submitted", "return:submitted>returned", "edit:returned>returned",
			"submit:returned>submitted", "start_review:submitted>under_review", "register:under_review>registered",
			"amend:registered>registered", "cancel:registered>cancelled"}
		want[0] = "create:>draft"
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("history:\n got %v\nwant %v", got, want)
		}
		if h[3].Reason != "请补充买方签章页" || h[3].ActorName != "zibo-registrar" || h[7].RegNo != reg.RegNo || h[0].ActorName != "zibo-ent" {
			t.Errorf("history details: %+v", h)
		}
		var audits int
		if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'contract' AND entity_id = ?", id).Scan(&audits); err != nil || audits != len(want)+1 { // and the written contract's upload
			t.Errorf("audit records: %d, %v", audits, err)
		}
		v, err := db.VerifyAudit(ctx)
		if err != nil || len(v.Problems) > 0 {
			t.Errorf("audit chain: %v %v", err, v)
		}

		// Registrar on a seller's behalf; refused with a reason code.
		rid := r.create("zibo-registrar", r.ids.Enterprises["山东金晶科技股份有限公司"], terms("镀膜玻璃生产线咨询合同"))
		r.must("zibo-registrar", rid, ev(contract.EvSubmit, ""))
		ref := r.must("zibo-registrar", rid, contract.Event{Kind: contract.EvRefuse, RefusalCode: contract.RefNotTech, Reason: "属于设备采购"})
		if ref.Status != contract.Refused || ref.RefusalCode != contract.RefNotTech || ref.RefusedOn.IsZero() {
			t.Errorf("refused: %+v", ref)
		}
		// A registrar may not enter a contract for another zone's enterprise.
		_, err = r.svc.Create(ctx, r.as["zibo-registrar"], r.ids.Enterprises["榆林兰炭新材料有限公司"], terms("x"))
		if fk := fieldKeys(err); fk["seller_id"] != "contract.err.seller_unknown" {
			t.Errorf("foreign seller: %v", err)
		}
	})
}

func fieldKeys(err error) map[string]string {
	var e *errs.Error
	out := map[string]string{}
	if errors.As(err, &e) {
		for f, m := range e.Fields {
			out[f] = m.Key
		}
	}
	return out
}

// Under the 2026 rules: expert review, its return and a 16-digit number.
func TestContractExpertReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRegistry(t, db, time.Date(2026, 4, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600)))
		disputed := contract.Event{Kind: contract.EvSecondReview, Disputed: true}
		a := r.create("zibo-ent", 0, terms("呼叫系统技术开发合同"))
		if sub := r.must("zibo-ent", a, ev(contract.EvSubmit, "")); sub.RuleSet != contract.MIIT2026 {
			t.Errorf("rule set %s", sub.RuleSet)
		}
		if _, err := r.act("zibo-registrar", a, ev(contract.EvSecondReview, "")); !errs.Is(err, errs.Conflict) {
			t.Errorf("expert review under the threshold, not disputed: %v", err)
		}
		r.must("zibo-registrar", a, ev(contract.EvStartReview, ""))
		r.must("zibo-registrar", a, disputed)
		r.must("zibo-registrar", a, ev(contract.EvReturn, "专家意见：补充技术指标"))
		r.must("zibo-ent", a, ev(contract.EvSubmit, ""))
		r.must("zibo-registrar", a, disputed)
		reg := r.must("zibo-registrar", a, ev(contract.EvRegister, ""))
		if reg.RegNo != "2026370302000001" {
			t.Errorf("2026 number %q", reg.RegNo)
		}
		b := r.create("zibo-ent", 0, terms("另一份技术开发合同"))
		r.must("zibo-ent", b, ev(contract.EvSubmit, ""))
		r.must("zibo-registrar", b, disputed)
		if c := r.must("zibo-registrar", b, contract.Event{Kind: contract.EvRefuse, RefusalCode: contract.RefOther, Reason: "专家认定不具创新性"}); c.Status != contract.Refused {
			t.Errorf("refused after expert review: %s", c.Status)
		}
	})
}

// Illegal transitions are 409, wrong roles 403, other scopes 404.
func TestContractRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRegistry(t, db, legacyNow())
		draft := r.create("zibo-ent", 0, terms("草稿合同"))
		submitted := r.create("zibo-ent", 0, terms("已提交合同"))
		r.must("zibo-ent", submitted, ev(contract.EvSubmit, ""))
		registered := r.registered("已登记合同").ID
		refused := r.create("zibo-ent", 0, terms("未予登记合同"))
		r.must("zibo-ent", refused, ev(contract.EvSubmit, ""))
		r.must("zibo-registrar", refused, contract.Event{Kind: contract.EvRefuse, RefusalCode: contract.RefProof})
		name := "改名"
		tests := []struct {
			name string
			who  string
			id   int64
			ev   contract.Event
			edit bool
			kind errs.Kind
		}{
			{"register a draft", "zibo-registrar", draft, ev(contract.EvRegister, ""), false, errs.Conflict},
			{"cancel a draft", "zibo-registrar", draft, ev(contract.EvCancel, "x"), false, errs.Conflict},
			{"return a draft", "zibo-registrar", draft, ev(contract.EvReturn, "x"), false, errs.Conflict},
			{"submit twice", "zibo-ent", submitted, ev(contract.EvSubmit, ""), false, errs.Conflict},
			{"edit a submitted contract", "zibo-ent", submitted, contract.Event{}, true, errs.Conflict},
			{"return a registered contract", "zibo-registrar", registered, ev(contract.EvReturn, "x"), false, errs.Conflict},
			{"register twice", "zibo-registrar", registered, ev(contract.EvRegister, ""), false, errs.Conflict},
			{"cancel a refused contract", "zibo-registrar", refused, ev(contract.EvCancel, "x"), false, errs.Conflict},
			{"enterprise registers", "zibo-ent", submitted, ev(contract.EvRegister, ""), false, errs.Forbidden},
			{"zone admin submits", "zibo-admin", draft, ev(contract.EvSubmit, ""), false, errs.Forbidden},
			{"national cancels", "national", registered, ev(contract.EvCancel, "x"), false, errs.Forbidden},
			{"other zone's registrar", "yulin-registrar", submitted, ev(contract.EvRegister, ""), false, errs.NotFound},
			{"other enterprise submits", "ruibang", draft, ev(contract.EvSubmit, ""), false, errs.NotFound},
			{"other enterprise edits", "ruibang", draft, contract.Event{}, true, errs.NotFound},
			{"return without a reason", "zibo-registrar", submitted, ev(contract.EvReturn, " "), false, errs.Invalid},
			{"refuse without a code", "zibo-registrar", submitted, ev(contract.EvRefuse, "x"), false, errs.Invalid},
		}
		for _, tt := range tests {
			var err error
			if tt.edit {
				_, err = r.svc.Edit(context.Background(), r.as[tt.who], tt.id, 0, contract.TermsPatch{Name: &name})
			} else {
				_, err = r.act(tt.who, tt.id, tt.ev)
			}
			if !errs.Is(err, tt.kind) {
				t.Errorf("%s: got %v, want %s", tt.name, err, tt.kind)
			}
		}
		if _, err := r.svc.Create(context.Background(), r.as["zibo-ent"], r.ids.Enterprises["山东金晶科技股份有限公司"], terms("替别人建")); !errs.Is(err, errs.Forbidden) {
			t.Errorf("enterprise creates for another seller: %v", err)
		}
		if _, err := r.svc.Create(context.Background(), r.as["national"], 0, terms("国家级")); !errs.Is(err, errs.Forbidden) {
			t.Errorf("national creates: %v", err)
		}
		bad := terms("坏合同")
		bad.ValidTo = civil.MustParse("2023-01-01")
		bad.Buyer.USCC = "91370212MA7B00001X"
		_, err := r.svc.Create(context.Background(), r.as["zibo-ent"], 0, bad)
		if fk := fieldKeys(err); fk["valid_to"] == "" || fk["buyer.uscc"] == "" {
			t.Errorf("bad terms: %v", err)
		}
		// Nothing failed half-way: the refused attempts changed nothing.
		if c := r.get(draft); c.Status != contract.Draft || c.Version != 1 {
			t.Errorf("draft after refusals: %s v%d", c.Status, c.Version)
		}
	})
}

// Who sees which contract, in Get and List.
func TestContractScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		own := r.create("zibo-ent", 0, terms("亚华合同"))
		neighbour := r.create("zibo-registrar", r.ids.Enterprises["山东瑞邦智能装备股份有限公司"], terms("瑞邦合同"))
		far := r.create("yulin-registrar", r.ids.Enterprises["榆林兰炭新材料有限公司"], terms("兰炭合同"))
		tests := []struct {
			who  string
			sees []int64
		}{
			{"national", []int64{own, neighbour, far}},
			{"shandong", []int64{own, neighbour}},
			{"shaanxi", []int64{far}},
			{"zibo-city", []int64{own, neighbour}},
			{"weifang-city", nil},
			{"zibo-admin", []int64{own, neighbour}},
			{"zibo-staff", []int64{own, neighbour}},
			{"zibo-registrar", []int64{own, neighbour}},
			{"zibo-ent", []int64{own}},
			{"ruibang", []int64{neighbour}},
			{"yulin-admin", []int64{far}},
		}
		for _, tt := range tests {
			a := r.as[tt.who]
			p, err := r.svc.List(ctx, a, contract.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var listed []int64
			for _, m := range p.Items {
				listed = append(listed, m.ID)
			}
			for _, id := range []int64{own, neighbour, far} {
				want := contains(tt.sees, id)
				_, err := r.svc.Get(ctx, a, id)
				if want != (err == nil) || (!want && !errs.Is(err, errs.NotFound)) {
					t.Errorf("%s Get(%d) = %v, want visible %v", tt.who, id, err, want)
				}
				if contains(listed, id) != want {
					t.Errorf("%s List has %d: %v, want %v", tt.who, id, contains(listed, id), want)
				}
				if _, err := r.svc.History(ctx, a, id, paging.Request{}); want != (err == nil) {
					t.Errorf("%s History(%d) = %v", tt.who, id, err)
				}
			}
		}
		if _, err := r.svc.List(ctx, access.Actor{}, contract.Filter{}); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("anonymous list: %v", err)
		}
	})
}

func contains(list []int64, id int64) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

// A second submission of one contract is a Conflict naming the first,
// until the first is refused or cancelled.
func TestContractDuplicate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRegistry(t, db, legacyNow())
		first := r.create("zibo-ent", 0, terms("《智能呼叫系统技术开发合同》"))
		second := r.create("zibo-ent", 0, terms("智能呼叫系统 技术开发合同"))
		r.must("zibo-ent", first, ev(contract.EvSubmit, ""))
		_, err := r.act("zibo-ent", second, ev(contract.EvSubmit, ""))
		var e *errs.Error
		if !errors.As(err, &e) || e.Kind != errs.Conflict || e.Msg.Key != "contract.err.duplicate" || e.Msg.Args[0] != fmt.Sprintf("#%d", first) {
			t.Fatalf("duplicate submission: %v", err)
		}
		reg := r.must("zibo-registrar", first, ev(contract.EvRegister, ""))
		_, err = r.act("zibo-ent", second, ev(contract.EvSubmit, ""))
		if !errors.As(err, &e) || e.Msg.Args[0] != reg.RegNo {
			t.Fatalf("duplicate of a registered one names its number: %v", err)
		}
		// A different amount is a different contract.
		other := terms("智能呼叫系统技术开发合同")
		other.ContractAmountFen++
		third := r.create("zibo-ent", 0, other)
		r.must("zibo-ent", third, ev(contract.EvSubmit, ""))
		// Once the first is cancelled the same contract may be applied for again.
		r.must("zibo-registrar", first, ev(contract.EvCancel, "撤销后重新申请"))
		r.must("zibo-ent", second, ev(contract.EvSubmit, ""))
	})
}

// Rollups stay exactly what RollupRows makes of the registered contracts
// after registering, amending and cancelling.
func TestContractRollupsExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		var ids []int64
		for i, typ := range []contract.Type{contract.DevEntrusted, contract.Svc, contract.TrfPatent, contract.Consult} {
			tm := terms(fmt.Sprintf("第%d份合同", i+1))
			tm.Type = typ
			tm.ContractAmountFen = int64(i+1) * 5_000_000_00
			if typ.Category() != contract.CatDevelopment && typ.Category() != contract.CatService {
				tm.Deductions = nil
			}
			ids = append(ids, r.registeredTerms(tm).ID)
		}
		r.now = r.now.AddDate(0, 1, 0) // amend and cancel in the next month: the certificate month keeps the rows
		amount := int64(12_345_678_00)
		field := contract.Field("07")
		if _, err := r.svc.Amend(ctx, r.as["zibo-registrar"], ids[0], 0, contract.TermsPatch{ContractAmountFen: &amount, Field: &field}, nil, "补充协议"); err != nil {
			t.Fatal(err)
		}
		tech := int64(1_000_00)
		if _, err := r.svc.Amend(ctx, r.as["zibo-registrar"], ids[1], 0, contract.TermsPatch{}, &tech, "核定技术交易额"); err != nil {
			t.Fatal(err)
		}
		r.must("zibo-registrar", ids[2], ev(contract.EvCancel, "撤销"))
		want := map[string]int64{}
		for _, id := range ids {
			c := r.get(id)
			for _, row := range contract.RollupRows(c.Contract, 1) {
				want[row.Indicator+"|"+string(row.Dim)+"|"+row.Month.String()] += row.Value
			}
		}
		rows, err := db.Read().Query(ctx, "SELECT indicator, dim, ym, value FROM rollups WHERE zone_id = ? AND value <> 0", r.ids.Zones["zibo"])
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]int64{}
		for rows.Next() {
			var id, dim string
			var ym int
			var v int64
			if err := rows.Scan(&id, &dim, &ym, &v); err != nil {
				t.Fatal(err)
			}
			got[fmt.Sprintf("%s|%s|%04d-%02d", id, dim, ym/100, ym%100)] = v
		}
		if len(got) != len(want) {
			t.Errorf("%d rollup rows, want %d", len(got), len(want))
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("rollup %s = %d, want %d", k, got[k], v)
			}
		}
		if got["tech_contract.count||2023-12"] != 3 || got["tech_contract.contract_amount||2023-12"] != amount+10_000_000_00+20_000_000_00 {
			t.Errorf("totals: count %d amount %d", got["tech_contract.count||2023-12"], got["tech_contract.contract_amount||2023-12"])
		}
	})
}

// A registration that fails after drawing its serial leaves no gap.
func TestContractSerialsGapless(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRegistry(t, db, legacyNow())
		a := r.create("zibo-ent", 0, terms("甲合同"))
		b := r.create("zibo-ent", 0, terms("乙合同"))
		r.must("zibo-ent", a, ev(contract.EvSubmit, ""))
		r.must("zibo-ent", b, ev(contract.EvSubmit, ""))
		tooMuch := int64(999_999_999_99)
		if _, err := r.act("zibo-registrar", a, contract.Event{Kind: contract.EvRegister, TechAmountFen: &tooMuch}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("tech amount above contract amount: %v", err)
		}
		if got := r.must("zibo-registrar", b, ev(contract.EvRegister, "")).RegNo; got != "23370302000001" {
			t.Errorf("after a failed registration: %s", got)
		}
		if got := r.must("zibo-registrar", a, ev(contract.EvRegister, "")).RegNo; got != "23370302000002" {
			t.Errorf("second: %s", got)
		}
		// Yulin's point counts on its own.
		y := r.create("yulin-ent", 0, terms("榆林合同"))
		r.must("yulin-ent", y, ev(contract.EvSubmit, ""))
		if got := r.must("yulin-registrar", y, ev(contract.EvRegister, "")).RegNo; got != "23610801000001" {
			t.Errorf("yulin: %s", got)
		}
		// A zone without a point cannot register.
		w := r.create("weifang-registra", r.ids.Enterprises["歌尔集团有限公司"], terms("潍坊合同"))
		r.must("weifang-registra", w, ev(contract.EvSubmit, ""))
		if _, err := r.act("weifang-registra", w, ev(contract.EvRegister, "")); !errs.Is(err, errs.Conflict) {
			t.Errorf("no point: %v", err)
		}
	})
}

var (
	pdf  = append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 1000)...)
	png  = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 100)...)
	jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{1}, 100)...)
)

// Files: accepted by content, limited in size and count, kept with their
// checksum, frozen for the applicant once submitted.
func TestContractAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		ent, reg := r.as["zibo-ent"], r.as["zibo-registrar"]
		id := r.createBare("zibo-ent", 0, terms("带附件的合同"))
		if _, err := r.act("zibo-ent", id, ev(contract.EvSubmit, "")); !errs.Is(err, errs.Invalid) {
			t.Errorf("submitting without the written contract: %v, want Invalid", err)
		}
		for name, data := range map[string][]byte{"合同.pdf": pdf, "签章页.png": png, "证书.jpg": jpeg} {
			att, err := r.svc.Attach(ctx, ent, id, `C:\scans\`+name, data)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			sum := sha256.Sum256(data)
			if att.Name != name || att.SHA256 != hex.EncodeToString(sum[:]) || att.Size != int64(len(data)) {
				t.Errorf("%s stored as %+v", name, att)
			}
			got, body, err := r.svc.Attachment(ctx, reg, id, att.ID)
			if err != nil || !bytes.Equal(body, data) || got.ContentType == "" {
				t.Errorf("%s read back: %v", name, err)
			}
		}
		for name, data := range map[string][]byte{"gif": []byte("GIF89a...."), "html": []byte("<html>%PDF-"), "empty": nil} {
			if _, err := r.svc.Attach(ctx, ent, id, name+".pdf", data); !errs.Is(err, errs.Invalid) {
				t.Errorf("%s: %v", name, err)
			}
		}
		big := append([]byte("%PDF-"), make([]byte, contract.MaxAttachmentBytes)...)
		if _, err := r.svc.Attach(ctx, ent, id, "big.pdf", big); !errs.Is(err, errs.TooLarge) {
			t.Errorf("too large: %v", err)
		}
		if _, err := r.svc.Attach(ctx, r.as["ruibang"], id, "x.pdf", pdf); !errs.Is(err, errs.NotFound) {
			t.Errorf("other enterprise: %v", err)
		}
		if _, err := r.svc.Attach(ctx, r.as["zibo-admin"], id, "x.pdf", pdf); !errs.Is(err, errs.Forbidden) {
			t.Errorf("zone admin: %v", err)
		}
		list, err := r.svc.Attachments(ctx, r.as["zibo-city"], id)
		if err != nil || len(list) != 3 {
			t.Fatalf("list: %d %v", len(list), err)
		}
		if _, _, err := r.svc.Attachment(ctx, r.as["yulin-admin"], id, list[0].ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("other zone downloads: %v", err)
		}
		if err := r.svc.Detach(ctx, ent, id, list[2].ID); err != nil {
			t.Fatal(err)
		}
		r.must("zibo-ent", id, ev(contract.EvSubmit, ""))
		if _, err := r.svc.Attach(ctx, ent, id, "late.pdf", pdf); !errs.Is(err, errs.Conflict) {
			t.Errorf("applicant after submitting: %v", err)
		}
		if err := r.svc.Detach(ctx, ent, id, list[0].ID); !errs.Is(err, errs.Conflict) {
			t.Errorf("applicant removes after submitting: %v", err)
		}
		if _, err := r.svc.Attach(ctx, reg, id, "审查意见.pdf", pdf); err != nil {
			t.Errorf("registrar while pending: %v", err)
		}
		for i := 3; i < contract.MaxAttachments; i++ {
			if _, err := r.svc.Attach(ctx, reg, id, fmt.Sprintf("%d.pdf", i), pdf); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := r.svc.Attach(ctx, reg, id, "one-too-many.pdf", pdf); !errs.Is(err, errs.Conflict) {
			t.Errorf("too many: %v", err)
		}
	})
}

// Lists page by keyset without gaps or repeats, in both orders.
func TestContractListPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		var all []int64
		for i := 0; i < 7; i++ {
			r.now = legacyNow().AddDate(0, 0, -(i%3)*5) // several contracts per certificate day
			tm := terms(fmt.Sprintf("分页合同%d", i))
			tm.SignedOn, tm.ValidFrom = civil.MustParse("2023-10-01"), civil.MustParse("2023-10-01")
			if i%2 == 0 {
				tm.Type = contract.Svc
			}
			id := r.create("zibo-ent", 0, tm)
			r.must("zibo-ent", id, ev(contract.EvSubmit, ""))
			r.must("zibo-registrar", id, ev(contract.EvRegister, ""))
			all = append(all, id)
		}
		draft := r.create("zibo-ent", 0, terms("未提交"))
		collect := func(f contract.Filter) []contract.Summary {
			var out []contract.Summary
			for {
				p, err := r.svc.List(ctx, r.as["zibo-registrar"], f)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, p.Items...)
				if p.Next == "" {
					return out
				}
				f.Cursor = p.Next
			}
		}
		byID := collect(contract.Filter{Limit: 3})
		if len(byID) != 8 || byID[0].ID != draft {
			t.Errorf("by id: %d items, first %d", len(byID), byID[0].ID)
		}
		for i := 1; i < len(byID); i++ {
			if byID[i].ID >= byID[i-1].ID {
				t.Errorf("by id out of order at %d", i)
			}
		}
		byCert := collect(contract.Filter{From: civil.MustParse("2023-12-01"), To: civil.MustParse("2023-12-31"), Limit: 2})
		if len(byCert) != 7 {
			t.Errorf("by certificate: %d items", len(byCert))
		}
		for i := 1; i < len(byCert); i++ {
			a, b := byCert[i-1], byCert[i]
			if b.CertifiedOn.After(a.CertifiedOn) || (b.CertifiedOn == a.CertifiedOn && b.ID >= a.ID) {
				t.Errorf("by certificate out of order at %d: %s/%d after %s/%d", i, b.CertifiedOn, b.ID, a.CertifiedOn, a.ID)
			}
		}
		if svc := collect(contract.Filter{Type: contract.Svc, Status: contract.Registered, Limit: 1}); len(svc) != 4 {
			t.Errorf("services: %d", len(svc))
		}
		if q := collect(contract.Filter{Q: "分页合同3"}); len(q) != 1 {
			t.Errorf("search: %d", len(q))
		}
		if q := collect(contract.Filter{Q: "233703"}); len(q) != 7 {
			t.Errorf("number prefix: %d", len(q))
		}
		if _, err := r.svc.List(ctx, r.as["zibo-registrar"], contract.Filter{Cursor: "!!"}); !errs.Is(err, errs.BadRequest) {
			t.Errorf("bad cursor: %v", err)
		}
		p, _ := r.svc.List(ctx, r.as["zibo-registrar"], contract.Filter{Limit: 1})
		if _, err := r.svc.List(ctx, r.as["zibo-registrar"], contract.Filter{Cursor: p.Next, From: civil.MustParse("2023-01-01")}); !errs.Is(err, errs.BadRequest) {
			t.Errorf("cursor of the other order: %v", err)
		}
		if _, err := r.svc.List(ctx, r.as["zibo-registrar"], contract.Filter{Status: "approved"}); fieldKeys(err)["status"] == "" {
			t.Errorf("bad status: %v", err)
		}
		_ = all
	})
}

// The queue: pending contracts by deadline, overdue ones flagged; the tax
// estimate adds up a seller's transfers of the year.
func TestContractQueueAndTax(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow().AddDate(0, -2, 0))
		early := terms("早受理")
		early.SignedOn, early.ValidFrom = civil.MustParse("2023-09-01"), civil.MustParse("2023-09-01")
		late := r.create("zibo-ent", 0, early)
		r.must("zibo-ent", late, ev(contract.EvSubmit, ""))
		r.now = legacyNow()
		fresh := r.create("zibo-ent", 0, terms("新受理"))
		r.must("zibo-ent", fresh, ev(contract.EvSubmit, ""))
		q, err := r.svc.Queue(ctx, r.as["zibo-registrar"], 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(q) != 2 || q[0].ID != late || !q[0].Overdue || q[1].Overdue {
			t.Errorf("queue: %+v", q)
		}
		if _, err := r.svc.Queue(ctx, r.as["zibo-ent"], 0); !errs.Is(err, errs.Forbidden) {
			t.Errorf("enterprise queue: %v", err)
		}
		if q, _ := r.svc.Queue(ctx, r.as["yulin-admin"], 0); len(q) != 0 {
			t.Errorf("yulin sees zibo's queue: %d", len(q))
		}

		for i, amount := range []int64{4_000_000_00, 2_000_000_00} {
			tm := terms(fmt.Sprintf("专利转让%d", i))
			tm.Type, tm.Deductions, tm.ContractAmountFen = contract.TrfPatent, nil, amount
			id := r.create("zibo-ent", 0, tm)
			r.must("zibo-ent", id, ev(contract.EvSubmit, ""))
			r.must("zibo-registrar", id, ev(contract.EvRegister, ""))
		}
		e, err := r.svc.TaxEstimate(ctx, r.as["zibo-ent"], r.as["zibo-ent"].EnterpriseID, 2023)
		if err != nil {
			t.Fatal(err)
		}
		if e.IncomeFen != 6_000_000_00 || e.TaxFen != 125_000_00 || len(e.Lines) != 2 {
			t.Errorf("tax estimate: %+v", e)
		}
		if _, err := r.svc.TaxEstimate(ctx, r.as["ruibang"], r.as["zibo-ent"].EnterpriseID, 2023); !errs.Is(err, errs.NotFound) {
			t.Errorf("another enterprise's estimate: %v", err)
		}
		b, err := r.svc.Benefits(ctx, r.as["zibo-ent"], fresh)
		if err != nil || b.TaxYear != nil || b.VAT.Eligibility != contract.Eligible {
			t.Errorf("benefits of a pending development contract: %+v %v", b, err)
		}
	})
}

// Registration points: set by the zone's admin or nationally, validated.
func TestRegistrationPoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := newRegistry(t, db, legacyNow())
		wf := r.ids.Zones["weifang"]
		p := contract.Point{ZoneID: wf, Code: "03", Name: "潍坊高新区技术合同登记点", RegionCode: "370700"}
		if _, err := r.svc.PutPoint(ctx, r.as["zibo-admin"], p); !errs.Is(err, errs.NotFound) {
			t.Errorf("other zone's admin: %v", err)
		}
		if _, err := r.svc.PutPoint(ctx, r.as["zibo-registrar"], p); !errs.Is(err, errs.Forbidden) {
			t.Errorf("registrar: %v", err)
		}
		bad := p
		bad.Code, bad.RegionCode = "A1", "99"
		if fk := fieldKeys(func() error { _, err := r.svc.PutPoint(ctx, r.as["national"], bad); return err }()); fk["code"] == "" || fk["region_code"] == "" {
			t.Errorf("bad point: %v", fk)
		}
		got, err := r.svc.PutPoint(ctx, r.as["national"], p)
		if err != nil || got.ID == 0 {
			t.Fatal(err)
		}
		p.Name = "潍坊高新区科技创新局技术合同登记点"
		if again, err := r.svc.PutPoint(ctx, r.as["national"], p); err != nil || again.ID != got.ID {
			t.Errorf("update: %+v %v", again, err)
		}
		if read, err := r.svc.Point(ctx, r.as["weifang-city"], wf); err != nil || read.Name != p.Name {
			t.Errorf("read: %+v %v", read, err)
		}
	})
}

// TestContractAwaitingAcceptance: by default an applicant's online
// submission reads 待受理 (awaiting), with no acceptance date, rule set or
// deadline, until the point accepts it; the acceptance date starts the
// deadline and selects the rule set. A registrar's submission at the point
// is accepted at once; a submission needs the written contract.
func TestContractAwaitingAcceptance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRegistry(t, db, legacyNow())
		r.svc.Workflow.Settings.AcceptOnSubmit = false
		bare := r.createBare("zibo-ent", 0, terms("口头约定的合同"))
		if _, err := r.act("zibo-ent", bare, ev(contract.EvSubmit, "")); !errs.Is(err, errs.Invalid) {
			t.Fatalf("submitting an oral contract: %v, want Invalid", err)
		} else if e := (*errs.Error)(nil); !errors.As(err, &e) || e.Fields["attachments"].Key != "contract.err.written_contract_required" {
			t.Errorf("the refusal names %v, want the attachments field", err)
		}

		id := r.create("zibo-ent", 0, terms("网上提交的合同"))
		c := r.must("zibo-ent", id, ev(contract.EvSubmit, ""))
		if c.Status != contract.Awaiting || !c.AcceptedOn.IsZero() || c.RuleSet != "" || !c.Deadline.IsZero() {
			t.Fatalf("online submission: %s accepted %s rule set %q deadline %s", c.Status, c.AcceptedOn, c.RuleSet, c.Deadline)
		}
		if _, err := r.act("zibo-registrar", id, ev(contract.EvRegister, "")); !errs.Is(err, errs.Conflict) {
			t.Errorf("registering before acceptance: %v, want Conflict", err)
		}
		if _, err := r.act("zibo-ent", id, ev(contract.EvAccept, "")); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the applicant accepts: %v, want Forbidden", err)
		}
		// Accepted three months later, in 2026: the new rules, a deadline from then.
		r.now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
		c = r.must("zibo-registrar", id, ev(contract.EvAccept, ""))
		if c.Status != contract.Submitted || c.AcceptedOn != civil.MustParse("2026-03-02") || c.RuleSet == "" || !c.Deadline.After(c.AcceptedOn) {
			t.Fatalf("accepted: %s on %s rule set %q deadline %s", c.Status, c.AcceptedOn, c.RuleSet, c.Deadline)
		}
		legacy := r.must("zibo-registrar", r.create("zibo-registrar", r.ids.Enterprises["山东亚华电子股份有限公司"], terms("窗口受理的合同")), ev(contract.EvSubmit, ""))
		if legacy.Status != contract.Submitted || legacy.AcceptedOn != civil.MustParse("2026-03-02") {
			t.Errorf("registrar's submission: %s accepted %s, want accepted at once", legacy.Status, legacy.AcceptedOn)
		}
		if c.RuleSet != legacy.RuleSet {
			t.Errorf("rule sets differ: %q and %q", c.RuleSet, legacy.RuleSet)
		}
	})
}
