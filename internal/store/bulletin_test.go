package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/innopark/innopark/internal/bulletin"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/indicator"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

func TestBulletinWorkNotesAndForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := world(t, db)
		s := store.Bulletins{DB: db}
		admin, other := actors(w)["zibo-admin"], actors(w)["yulin-admin"]
		zibo := w.Zones["zibo"]
		p := indicator.Must(indicator.YTD(2023, 11))
		// A published item; the edits after it are listed with it.
		pub, err := s.SaveItems(ctx, admin, zibo, p, []bulletin.Item{{Module: "tech_contract", Key: "yoy", Version: 1,
			Date: civil.MustParse("2023-12-18"), Headline: "发布", Body: "正文"}})
		if err != nil {
			t.Fatal(err)
		}
		if edits, err := s.EditsSince(ctx, admin, zibo, []string{"bulletin_work_note"}, pub[0].ID, 10); err != nil || len(edits) != 0 {
			t.Errorf("edits before any: %+v %v", edits, err)
		}

		// A note, replaced, seen only in its zone and period.
		if _, err := s.PutWork(ctx, admin, bulletin.WorkNote{ZoneID: zibo, Module: "tech_contract", Period: p, Text: "开展一对一指导。"}); err != nil {
			t.Fatal(err)
		}
		n, err := s.PutWork(ctx, admin, bulletin.WorkNote{ZoneID: zibo, Module: "tech_contract", Period: p, Text: "升级出台政策。"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.WorkNotes(ctx, admin, zibo, p)
		if err != nil || len(got) != 1 || got[0].Text != "升级出台政策。" || got[0].ID != n.ID || got[0].SavedByName != admin.Username {
			t.Fatalf("notes %+v %v", got, err)
		}
		if got, _ := s.WorkNotes(ctx, admin, zibo, indicator.Must(indicator.YTD(2023, 10))); len(got) != 0 {
			t.Errorf("another period has %d notes", len(got))
		}
		if got, _ := s.WorkNotes(ctx, other, zibo, p); len(got) != 0 {
			t.Errorf("another zone's admin reads %d notes", len(got))
		}
		var audited int
		if err := db.Read().QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'bulletin_work_note' AND entity_id = ?", n.ID).Scan(&audited); err != nil || audited != 2 {
			t.Errorf("audited %d times (%v), want 2", audited, err)
		}
		edits, err := s.EditsSince(ctx, admin, zibo, []string{"bulletin_work_note"}, pub[0].ID, 10)
		if err != nil || len(edits) != 2 || edits[0].Action != "update" || edits[0].By != admin.Username || edits[1].Count != 1 {
			t.Errorf("edits %+v %v", edits, err)
		}
		if edits, _ := s.EditsSince(ctx, other, zibo, []string{"bulletin_work_note"}, pub[0].ID, 10); len(edits) != 0 {
			t.Errorf("another zone reads the edits: %+v", edits)
		}
		// Empty text removes it.
		if _, err := s.PutWork(ctx, admin, bulletin.WorkNote{ZoneID: zibo, Module: "tech_contract", Period: p}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.WorkNotes(ctx, admin, zibo, p); len(got) != 0 {
			t.Errorf("removed note still there: %+v", got)
		}

		// A template saved from its form keeps the form.
		fm, _ := bulletin.DefaultForm(bulletin.ModuleTechContract, "yoy")
		h, b, err := fm.Compile(bulletin.ModuleTechContract)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutTemplate(ctx, admin, zibo, bulletin.Template{Module: "tech_contract", Key: "yoy", Version: 2, Headline: h, Body: b, Form: &fm}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutTemplate(ctx, admin, zibo, bulletin.Template{Module: "tech_contract", Key: "yoy", Version: 2, Headline: h, Body: b}); !errs.Is(err, errs.Conflict) {
			t.Errorf("same version again: %v", err)
		}
		tpls, err := s.Templates(ctx, admin, zibo)
		if err != nil || len(tpls) != 1 || tpls[0].Form == nil || tpls[0].Form.Body[1] != "「同比」" || tpls[0].Form.Words.Up != "增长" {
			t.Fatalf("templates %+v %v", tpls, err)
		}

		// The latest saved item of each module for exactly the period (the
		// published one above included).
		item := func(module, headline string) bulletin.Item {
			return bulletin.Item{Module: module, Key: "k", Version: 1, Date: civil.MustParse("2023-12-18"), Headline: headline, Body: "正文",
				Facts: bulletin.Facts{N: map[string]int64{"count": 1}}}
		}
		for _, it := range [][]bulletin.Item{{item("a", "一"), item("b", "二")}, {item("a", "三")}} {
			if _, err := s.SaveItems(ctx, admin, zibo, p, it); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.SaveItems(ctx, admin, zibo, indicator.Must(indicator.YTD(2023, 10)), []bulletin.Item{item("a", "四")}); err != nil {
			t.Fatal(err)
		}
		saved, err := s.SavedFor(ctx, admin, zibo, p)
		if err != nil || len(saved) != 3 || saved[0].Item.Headline != "三" || saved[1].Item.Headline != "二" || saved[2].Item.Headline != "发布" || saved[0].Item.Facts.N["count"] != 1 {
			t.Fatalf("saved for the period: %+v %v", saved, err)
		}
		if saved, _ := s.SavedFor(ctx, other, zibo, p); len(saved) != 0 {
			t.Errorf("another zone reads %d saved items", len(saved))
		}
	})
}

// TemplatesIn and WorkNotesIn read several zones at once: each zone gets
// what Templates and WorkNotes give it alone (latest version only), zones
// without any are absent, and the reader's scope still narrows.
func TestBulletinTemplatesAndNotesIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := world(t, db)
		s := store.Bulletins{DB: db}
		as := actors(w)
		zibo, yulin := w.Zones["zibo"], w.Zones["yulin"]
		p := indicator.Must(indicator.YTD(2023, 11))
		put := func(admin string, zone int64, version int, headline string) {
			t.Helper()
			if _, err := s.PutTemplate(ctx, as[admin], zone, bulletin.Template{Module: "tech_contract", Key: "yoy", Version: version,
				Headline: headline, Body: "正文"}); err != nil {
				t.Fatal(err)
			}
		}
		put("zibo-admin", zibo, 2, "淄博二")
		put("zibo-admin", zibo, 3, "淄博三")
		put("yulin-admin", yulin, 2, "榆林二")
		for _, n := range []struct {
			admin string
			zone  int64
			text  string
		}{{"zibo-admin", zibo, "淄博说明"}, {"yulin-admin", yulin, "榆林说明"}} {
			if _, err := s.PutWork(ctx, as[n.admin], bulletin.WorkNote{ZoneID: n.zone, Module: "tech_contract", Period: p, Text: n.text}); err != nil {
				t.Fatal(err)
			}
		}
		national := as["national"]
		ids := []int64{zibo, yulin, w.Zones["qiqihar"]}
		tpls, err := s.TemplatesIn(ctx, national, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(tpls) != 2 || len(tpls[zibo]) != 1 || tpls[zibo][0].Headline != "淄博三" || len(tpls[yulin]) != 1 || tpls[yulin][0].Headline != "榆林二" {
			t.Errorf("templates by zone: %+v", tpls)
		}
		for _, z := range ids {
			one, err := s.Templates(ctx, national, z)
			if err != nil || !reflect.DeepEqual(one, tpls[z]) {
				t.Errorf("zone %d: Templates %+v (%v), TemplatesIn %+v", z, one, err, tpls[z])
			}
		}
		notes, err := s.WorkNotesIn(ctx, national, ids, p)
		if err != nil || len(notes) != 2 || notes[zibo][0].Text != "淄博说明" || notes[yulin][0].Text != "榆林说明" || notes[yulin][0].ZoneID != yulin {
			t.Errorf("notes by zone: %+v %v", notes, err)
		}
		for _, z := range ids {
			one, err := s.WorkNotes(ctx, national, z, p)
			if err != nil || !reflect.DeepEqual(one, notes[z]) {
				t.Errorf("zone %d: WorkNotes %+v (%v), WorkNotesIn %+v", z, one, err, notes[z])
			}
		}
		// A zone's admin reads only their own zone's.
		if got, _ := s.TemplatesIn(ctx, as["zibo-admin"], ids); len(got) != 1 || got[zibo] == nil {
			t.Errorf("zone admin reads templates of %d zones: %+v", len(got), got)
		}
		if got, _ := s.WorkNotesIn(ctx, as["zibo-admin"], ids, p); len(got) != 1 || got[zibo] == nil {
			t.Errorf("zone admin reads notes of %d zones: %+v", len(got), got)
		}
		if got, err := s.TemplatesIn(ctx, national, nil); err != nil || len(got) != 0 {
			t.Errorf("no zones: %+v %v", got, err)
		}
	})
}
