package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/innopark/innopark/internal/access"
	"github.com/innopark/innopark/internal/contract"
	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/httpx"
)

// searchLimit is how many hits of each kind the search page shows; the
// lists behind "all" show the rest.
const searchLimit = 20

type searchData struct {
	Q                              string
	Enterprises                    []enterprise.Enterprise
	Contracts                      []contract.Summary
	CanEnterprises                 bool
	CanContracts                   bool
	MoreEnterprises, MoreContracts string
}

// search is the header's search box: enterprises by name or credit code,
// contracts by name, party or registration number, as far as the reader
// may read each.
func (w *Web) search(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r)
	d := searchData{Q: strings.TrimSpace(r.URL.Query().Get("q")),
		CanEnterprises: w.Policy.Can(a.Role, access.EnterpriseRead) && a.Role != access.Enterprise,
		CanContracts:   w.Policy.Can(a.Role, contract.ActionRead)}
	if d.Q != "" && d.CanEnterprises {
		page, err := w.Enterprises.List(r.Context(), a, enterprise.Filter{Q: d.Q, Limit: searchLimit})
		if err != nil {
			return err
		}
		d.Enterprises = page.Items
		if page.Next != "" {
			d.MoreEnterprises = "/enterprises?" + url.Values{"q": {d.Q}}.Encode()
		}
	}
	if d.Q != "" && d.CanContracts {
		page, err := w.Contracts.List(r.Context(), a, contract.Filter{Q: d.Q, Limit: searchLimit, Sort: contract.SortNewest})
		if err != nil {
			return err
		}
		d.Contracts = page.Items
		if page.Next != "" {
			d.MoreContracts = "/contracts?" + url.Values{"q": {d.Q}}.Encode()
		}
	}
	return w.render(rw, r, http.StatusOK, "search", Page{Title: "ui.search.title", Data: d})
}
