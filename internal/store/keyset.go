package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/innopark/innopark/internal/civil"

	"github.com/innopark/innopark/internal/errs"
	"github.com/innopark/innopark/internal/paging"
)

// The lists of users, tokens, jobs, saved bulletins, statistics and
// histories share one cursor: encodeCursor of "tag:key" and the id of the
// last row served, where the tag names the list (so a cursor of one list is
// never read as another's) and the key is the row's sort key before its id
// ("" for lists ordered by id alone). Each list reads size+1 rows past the
// cursor; the extra row only says that a next page exists.

// afterCursor reads the cursor of the list tagged tag; ok is false on the
// first page. A cursor that is not the list's is a BadRequest.
func afterCursor(tag, cursor string) (key string, id int64, ok bool, err error) {
	if cursor == "" {
		return "", 0, false, nil
	}
	k, id, derr := decodeCursor(cursor)
	key, mine := strings.CutPrefix(k, tag+":")
	if derr != nil || !mine || id <= 0 {
		return "", 0, false, errs.E(errs.BadRequest, "error.bad_cursor")
	}
	return key, id, true, nil
}

// olderThan narrows a list served newest first by col (an id or sequence)
// to the rows after the cursor of the list tagged tag, adding to cond and
// args; on the first page it adds nothing.
func olderThan(cond *string, args *[]any, tag, cursor, col string) error {
	_, id, after, err := afterCursor(tag, cursor)
	if after {
		*cond += " AND " + col + " < ?"
		*args = append(*args, id)
	}
	return err
}

// pageOf makes a page of rows read with LIMIT size+1: at most size items,
// and when there were more, the cursor after the last one kept. last gives
// a row's sort key and id.
func pageOf[T any](rows []T, size int, tag string, last func(T) (string, int64)) paging.Page[T] {
	if rows == nil {
		rows = []T{}
	}
	p := paging.Page[T]{Items: rows}
	if len(rows) > size {
		p.Items = rows[:size]
		key, id := last(p.Items[size-1])
		p.Next = encodeCursor(tag+":"+key, id)
	}
	return p
}

// Sortable lists. A list offers some columns to sort by (sortCol, each
// served by an index on its leading filters, the column and the id); a
// page is read in a listOrder: by the column, then the id, both ascending
// or both descending, past the cursor with a row comparison. The default
// order is by id descending — the newest first. The cursor's tag names the
// order as well as the list, so a cursor of another order is refused.

// keyKind says how a sort column's value is written in a cursor.
type keyKind int

const (
	keyText keyKind = iota
	keyInt
	keyDate
)

// sortCol is a column a list can be sorted by; the column is NOT NULL.
type sortCol struct {
	Col  string
	Kind keyKind
}

// listOrder is the order a page is read in.
type listOrder struct {
	Name string // the column's name in paging.Request.Sort; "" by id
	sortCol
	Desc bool
}

// orderOf picks the order sort names among cols ("name" ascending,
// "-name" descending); anything else is the default, by id descending.
func orderOf(sort string, cols map[string]sortCol) listOrder {
	name, desc := strings.CutPrefix(sort, "-")
	c, ok := cols[name]
	if !ok || name == "" {
		return listOrder{Desc: true}
	}
	return listOrder{Name: name, sortCol: c, Desc: desc}
}

// tag is the cursor tag of the list tagged list read in this order; the
// default order keeps the list's own tag.
func (o listOrder) tag(list string) string {
	switch {
	case o.Name == "":
		return list
	case o.Desc:
		return list + "-" + o.Name
	}
	return list + "+" + o.Name
}

// after narrows cond to the rows past cursor in this order, adding to cond
// and args; on the first page it adds nothing.
func (o listOrder) after(cond *string, args *[]any, list, cursor, idCol string) error {
	key, id, ok, err := afterCursor(o.tag(list), cursor)
	if err != nil || !ok {
		return err
	}
	op := " > "
	if o.Desc {
		op = " < "
	}
	if o.Name == "" {
		*cond += " AND " + idCol + op + "?"
		*args = append(*args, id)
		return nil
	}
	var v any = key
	switch o.Kind {
	case keyInt:
		v, err = strconv.ParseInt(key, 10, 64)
	case keyDate:
		v, err = civil.Parse(key)
	}
	if err != nil {
		return errs.E(errs.BadRequest, "error.bad_cursor")
	}
	*cond += " AND (" + o.Col + ", " + idCol + ")" + op + "(?, ?)"
	*args = append(*args, v, id)
	return nil
}

// by is the ORDER BY clause of this order.
func (o listOrder) by(idCol string) string {
	dir := ""
	if o.Desc {
		dir = " DESC"
	}
	if o.Name == "" {
		return " ORDER BY " + idCol + dir
	}
	return " ORDER BY " + o.Col + dir + ", " + idCol + dir
}

// pageIn cuts a page read in order o with LIMIT size+1 (pageOf); key gives
// a row's value of the sort column named, as text, and its id.
func pageIn[T any](rows []T, size int, list string, o listOrder, key func(x T, col string) (string, int64)) paging.Page[T] {
	return pageOf(rows, size, o.tag(list), func(x T) (string, int64) {
		k, id := key(x, o.Name)
		if o.Name == "" {
			k = ""
		}
		return k, id
	})
}

// cursorAfter is the cursor past the row whose sort key is key and id is
// id, in order o of the list tagged list.
func (o listOrder) cursorAfter(list, key string, id int64) string {
	if o.Name == "" {
		key = ""
	}
	return encodeCursor(o.tag(list)+":"+key, id)
}

// countIf counts, when want, the rows of query (a SELECT COUNT(*) with a
// list's conditions, not its cursor): a page's Total.
func countIf(ctx context.Context, q Q, want bool, what, query string, args ...any) (int, error) {
	if !want {
		return 0, nil
	}
	var n int
	if err := q.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", what, err)
	}
	return n, nil
}
