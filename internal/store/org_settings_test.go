package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/paging"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// The thresholds are the operator's setting: the same records give another
// 应建未建 list under other thresholds.
func TestOrgGapsFollowSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		admin := actors(ids)["zibo-admin"]
		svc := orgService(db, time.Date(2023, 12, 18, 9, 0, 0, 0, time.UTC))
		codes := zoneEnterprises(t, db, ids, "zibo")
		// A has 4 members, B one, C five and its own branch; A and B share
		// a joint branch.
		survey := map[string]int{codes[0]: 4, codes[1]: 1, codes[2]: 5}
		for code, members := range survey {
			id := ids.Enterprises[nameOf(t, db, code)]
			p, err := svc.Profile(ctx, admin, id)
			if err != nil {
				t.Fatal(err)
			}
			p.Employees, p.Members, p.SurveyedOn = 50, members, civil.MustParse("2023-01-10")
			if _, err := svc.SaveProfile(ctx, admin, p); err != nil {
				t.Fatal(err)
			}
		}
		joint := org.Organisation{Name: "甲乙联合党支部", Kind: org.KindJointBranch, Mode: org.ModeJoint, Secretary: "王", FoundedOn: civil.MustParse("2023-02-01")}
		if _, err := svc.CreateOrganisation(ctx, admin, org.NewOrganisation{Organisation: joint, MemberCodes: codes[:2]}); err != nil {
			t.Fatal(err)
		}
		own := org.Organisation{Name: "丙党支部", Kind: org.KindBranch, Mode: org.ModeSingle, Secretary: "李", FoundedOn: civil.MustParse("2023-02-01")}
		if _, err := svc.CreateOrganisation(ctx, admin, org.NewOrganisation{Organisation: own, MemberCodes: codes[2:3]}); err != nil {
			t.Fatal(err)
		}
		gaps := func(s org.Settings) []string {
			svc.Settings = s
			page, err := svc.Gaps(ctx, admin, ids.Zones["zibo"], paging.Request{Limit: paging.MaxLimit})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, g := range page.Items {
				out = append(out, g.EnterpriseName+":"+string(g.Reason))
			}
			slices.Sort(out)
			return out
		}
		a, b, c := nameOf(t, db, codes[0]), nameOf(t, db, codes[1]), nameOf(t, db, codes[2])
		def := org.DefaultSettings()
		if got := gaps(def); !slices.Equal(got, []string{a + ":own"}) {
			t.Errorf("defaults (own branch from 3): %v", got)
		}
		higher := def
		higher.OwnBranchMin = 5
		if got := gaps(higher); len(got) != 0 {
			t.Errorf("own branch from 5: %v, want none", got)
		}
		lower := def
		lower.OwnBranchMin, lower.BranchCommitteeMin, lower.GeneralBranchMin = 1, 2, 5
		want := []string{a + ":own", b + ":own", c + ":upgrade"}
		slices.Sort(want)
		if got := gaps(lower); !slices.Equal(got, want) {
			t.Errorf("own branch from 1, general branch from 5: %v, want %v", got, want)
		}
	})
}
