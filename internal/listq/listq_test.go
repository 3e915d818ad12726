package listq

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/civil"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
)

// zones knows one zone, "yulin" (id 4).
type zones struct{}

func (zones) IDOf(_ context.Context, _ access.Actor, slug string) (int64, error) {
	switch slug {
	case "":
		return 0, nil
	case "yulin":
		return 4, nil
	}
	return 0, errs.E(errs.NotFound, "error.not_found")
}

func TestContracts(t *testing.T) {
	q := url.Values{"zone": {" yulin "}, "status": {"registered "}, "type": {"development"}, "field": {" it"},
		"q": {"  光伏 "}, "from": {"2023-01-01"}, "to": {" 2023-12-31"}, "seller": {"17"}, "cursor": {"abc"}, "limit": {"20"}}
	got, err := Contracts(context.Background(), zones{}, access.Actor{}, q)
	if err != nil {
		t.Fatal(err)
	}
	want := contract.Filter{ZoneID: 4, Status: "registered", Type: "development", Field: "it", Q: "光伏",
		From: civil.MustParse("2023-01-01"), To: civil.MustParse("2023-12-31"), SellerID: 17, Cursor: "abc", Limit: 20}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("filter (-want +got):\n%s", diff)
	}
}

func TestContractsBadValues(t *testing.T) {
	q := url.Values{"from": {"2023-13-01"}, "seller": {"x"}, "limit": {"201"}, "zone": {"nowhere"}}
	_, err := Contracts(context.Background(), zones{}, access.Actor{}, q)
	fields := fieldsOf(err)
	for _, name := range []string{"from", "seller", "limit"} {
		if !fields.Has(name) {
			t.Errorf("no field error for %s: %v", name, err)
		}
	}
	// With the fields right, an unknown zone is not found.
	_, err = Contracts(context.Background(), zones{}, access.Actor{}, url.Values{"zone": {"nowhere"}})
	if !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown zone: %v, want not found", err)
	}
}

func TestEnterprises(t *testing.T) {
	q := url.Values{"zone": {"yulin"}, "q": {" 能源 "}, "nature": {"private"}, "industry": {"energy"}, "listing": {"none"}, "limit": {"5"}}
	got, err := Enterprises(context.Background(), zones{}, access.Actor{}, q)
	if err != nil {
		t.Fatal(err)
	}
	want := enterprise.Filter{ZoneID: 4, Q: "能源", Nature: "private", Industry: "energy", Listing: "none", Limit: 5}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("filter (-want +got):\n%s", diff)
	}
	if _, err := Enterprises(context.Background(), zones{}, access.Actor{}, url.Values{"limit": {"0"}}); !fieldsOf(err).Has("limit") {
		t.Errorf("limit 0: %v, want a field error", err)
	}
}

func fieldsOf(err error) errs.Fields {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
