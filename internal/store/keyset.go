package store

import (
	"strings"

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
