package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/org"
	"github.com/innopark/innopark/internal/store"
	"github.com/innopark/innopark/internal/store/storetest"
)

// The store keeps no member change for a dissolved organisation: asked to
// write one (past the service's check), it refuses it on the members
// field and stores nothing, rather than dropping the members.
func TestOrgStoreRefusesMembersOfDissolved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := world(t, db)
		admin := actors(ids)["zibo-admin"]
		zone := ids.Zones["zibo"]
		free, err := queryCodes(db, `SELECT e.uscc FROM enterprises e WHERE e.zone_id = ?
			AND NOT EXISTS (SELECT 1 FROM org_members m WHERE m.enterprise_id = e.id) ORDER BY e.id LIMIT 2`, zone)
		if err != nil || len(free) < 2 {
			t.Fatalf("free enterprises: %v %v", free, err)
		}
		svc := orgService(db, civil.MustParse("2023-12-18").Time().Add(10*time.Hour))
		o, err := svc.CreateOrganisation(ctx, admin, org.NewOrganisation{Organisation: org.Organisation{Name: "撤销党支部",
			Kind: org.KindBranch, Mode: org.ModeSingle, Secretary: "书记", FoundedOn: civil.MustParse("2020-03-01"), TermYears: 3,
			DissolvedOn: civil.MustParse("2023-06-30")}, MemberCodes: free[:1]})
		if err != nil {
			t.Fatal(err)
		}
		refs, err := store.Orgs{DB: db}.EnterprisesByUSCC(ctx, free[1:])
		if err != nil {
			t.Fatal(err)
		}
		next := o
		next.Members = []org.Member{{EnterpriseID: refs[free[1]].ID, USCC: free[1]}}
		err = store.Orgs{DB: db}.UpdateOrganisation(ctx, admin, o, next, civil.MustParse("2023-12-18"), svc.Settings)
		var e *errs.Error
		if !errors.As(err, &e) || e.Fields["members"].Key != "org.err.members_dissolved" {
			t.Fatalf("a member written to a dissolved organisation: %v", err)
		}
		got, err := svc.Organisation(ctx, admin, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != o.Version || len(got.Members) != 0 || len(got.History) != 1 {
			t.Errorf("after the refusal: version %d (was %d), members %v, history %v", got.Version, o.Version, got.Members, got.History)
		}
	})
}
