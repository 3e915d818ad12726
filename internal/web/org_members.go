package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/enterprise"
	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/org"
)

// An organisation's form (and a chain's) picks its member enterprises one a row, each by
// name or credit code, as the user form picks a user's enterprise: the
// rows offer the zone's enterprises in a datalist (typing filters them in
// the browser), and the server matches what was typed (matchEnterprise),
// so the form works without script. A row may also hold several credit
// codes, one a line (a list pasted from a sheet).

// memberRowsMin is how many member rows a form offers at least; "more"
// adds memberRowsMore blank ones.
const (
	memberRowsMin  = 3
	memberRowsMore = 3
)

// typedMembers reads the member rows typed, blanks dropped, in order.
func typedMembers(r *http.Request) []string {
	var out []string
	for _, v := range r.PostForm["members"] {
		for _, line := range strings.Split(v, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				out = append(out, line)
			}
		}
	}
	return out
}

// resolveMembers turns the rows typed into credit codes; a row that no
// enterprise of the actor's scope answers, or several do, is an error
// beside it (members.N, as the service names a bad member).
func (w *Web) resolveMembers(r *http.Request, typed []string) ([]string, errs.Fields, error) {
	codes := make([]string, 0, len(typed))
	var f errs.Fields
	for i, s := range typed {
		e, bad, err := w.matchEnterprise(r, s)
		if err != nil {
			return nil, nil, err
		}
		if bad != nil {
			f.Add(org.MemberField(i), bad.Key, bad.Args...)
			continue
		}
		codes = append(codes, e.USCC)
	}
	return codes, f, nil
}

// memberRows lays out the rows a form shows: the values typed (joined one
// a line in form["members"]), then blanks up to form["member_rows"] and at
// least memberRowsMin, one blank at least.
func memberRows(form map[string]string) []string {
	var rows []string
	for _, line := range strings.Split(form["members"], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			rows = append(rows, line)
		}
	}
	n, _ := strconv.Atoi(form["member_rows"])
	n = min(max(n, len(rows)+1, memberRowsMin), 200)
	for len(rows) < n {
		rows = append(rows, "")
	}
	return rows
}

// moreMemberRows asks for memberRowsMore more rows than the form showed.
func moreMemberRows(r *http.Request, form map[string]string) {
	n, _ := strconv.Atoi(r.PostFormValue("member_rows"))
	form["member_rows"] = strconv.Itoa(n + memberRowsMore)
}

// memberPicker is a form's member rows as the partial "member_rows" draws
// them: the rows typed, the enterprises the datalist offers and, through
// the template function "members", the page's errors (members.N beside
// row N).
type memberPicker struct {
	ID, List string // the fieldset's id and its datalist's
	Legend   string // the fieldset's legend, a catalog key
	Rows     []string
	Choices  []enterprise.Enterprise
	Errs     map[string]string
}

// Err is the error beside row i (0-based).
func (p memberPicker) Err(i int) string { return p.Errs[org.MemberField(i)] }

// withErrors is the template function "members".
func (p memberPicker) withErrors(errs map[string]string) memberPicker {
	p.Errs = errs
	return p
}

// memberPicker lays out the member rows of form under the fieldset id
// (its datalist is list, its legend the catalog key legend) with the
// enterprises the actor may pick.
func (w *Web) memberPicker(r *http.Request, id, list, legend string, form map[string]string) (memberPicker, error) {
	p := memberPicker{ID: id, List: list, Legend: legend, Rows: memberRows(form)}
	var err error
	p.Choices, err = w.enterpriseChoices(r)
	return p, err
}
