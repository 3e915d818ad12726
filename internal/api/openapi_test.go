package api

import (
	"slices"
	"testing"

	"github.com/innopark/innopark/internal/api/apitypes"
	"github.com/innopark/innopark/internal/api/schema"
	"github.com/innopark/innopark/internal/listq"
)

// The documented list parameters are the ones listq reads.
func TestQueryParamsMatchListq(t *testing.T) {
	for _, tc := range []struct {
		query any
		read  []string
	}{
		{apitypes.ContractQuery{}, listq.ContractParams},
		{apitypes.EnterpriseQuery{}, listq.EnterpriseParams},
	} {
		doc, read := schema.QueryNames(tc.query), slices.Clone(tc.read)
		slices.Sort(doc)
		slices.Sort(read)
		if !slices.Equal(doc, read) {
			t.Errorf("%T documents %v, listq reads %v", tc.query, doc, read)
		}
	}
}
