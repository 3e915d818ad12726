package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetStats is what one pass over a worksheet's XML tells before excelize
// reads it: the formulas (read as their saved values; refused when a cell
// has none), how many rows hold a value (an early row limit and a progress
// total), the last row number (so a sheet whose XML breaks off — excelize's
// iterator stops silently on a decode error — is caught as corrupt instead
// of importing half the rows) and the number cells too long for a
// spreadsheet to have kept every digit.
type sheetStats struct {
	lastRow   int      // number of the last <row> element
	valueRows int      // rows with at least one non-empty <v> or <t>
	formulas  int      // <f> elements
	refs      []string // cell references of the first formulas
	bare      int      // formula cells without a saved value
	bareRefs  []string // cell references of the first of those
	// longNums are the number cells of 16 or more integer digits, each as
	// row<<20 | column (1-based), in sheet order: a spreadsheet keeps 15
	// significant digits, so what such a cell holds is not what was typed.
	longNums []uint64
}

// maxFormulaRefs is how many formula cells the refusal names.
const maxFormulaRefs = 10

// scanSheet reads worksheet XML as bytes, not tokens. Text and attribute
// values cannot contain a raw '<', so every '<' starts markup; looking at
// element names only (any namespace prefix) finds each <f> the way
// encoding/xml would, at a fraction of the cost of decoding — the pass adds
// a few per cent to the import, not a second parse. It errs on the safe
// side: "<f" inside a processing instruction counts as a formula.
func scanSheet(r io.Reader) (sheetStats, error) {
	var (
		st     sheetStats
		br     = bufio.NewReaderSize(r, 64<<10)
		cell   []byte // the latest <c …> start tag, for the formula's reference
		col    int    // cells seen in the current row, when <c> has no r=
		hasVal bool
		name   [16]byte
		// The current cell: it has a formula (fRef names it), it has a
		// saved value.
		cellF, cellV bool
		fRef         string
	)
	endCell := func() {
		if cellF && !cellV {
			st.bare++
			if len(st.bareRefs) < maxFormulaRefs {
				st.bareRefs = append(st.bareRefs, fRef)
			}
		}
		cellF, cellV = false, false
	}
	endRow := func() {
		endCell()
		if hasVal {
			st.valueRows++
		}
		hasVal = false
	}
	for {
		if err := skipTo(br, '<'); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return st, corruptSheet(err) // a zip checksum error, say
		}
		first, err := br.ReadByte()
		if err != nil {
			return st, corruptSheet(err)
		}
		switch first {
		case '!':
			if err := skipSpecial(br); err != nil {
				return st, err
			}
			continue
		case '?':
			if err := checkPI(br); err != nil {
				return st, err
			}
			continue
		}
		closing := first == '/'
		if closing {
			if first, err = br.ReadByte(); err != nil {
				return st, corruptSheet(err)
			}
		}
		// Read the element name, keeping only the part after the last ':'
		// (a prefix can be any length; names of interest are short).
		n, long, c := 0, false, first
		for {
			if !nameByte(c) {
				break
			}
			if c == ':' {
				n, long = 0, false
			} else if n < len(name) {
				name[n] = c
				n++
			} else {
				long = true
			}
			if c, err = br.ReadByte(); err != nil {
				return st, corruptSheet(err)
			}
		}
		local := name[:n]
		if long {
			local = nil
		}
		// c is the byte after the name; read the rest of the start tag
		// only when its attributes or its end matter. selfClosing is true
		// for <v/> and <v …/>.
		rest := func() (tag []byte, selfClosing bool, err error) {
			switch c {
			case '>':
				return nil, false, nil
			case '/':
				_, err = readTag(br)
				return nil, true, err
			}
			tag, err = readTag(br)
			return tag, bytes.HasSuffix(tag, []byte("/>")), err
		}
		switch {
		case closing:
			switch string(local) {
			case "sheetData":
				endRow()
				return st, nil
			case "c":
				endCell()
			}
		case string(local) == "row":
			endRow()
			tag, _, err := rest()
			if err != nil {
				return st, corruptSheet(err)
			}
			if v, ok := attr(tag, "r"); ok {
				if n, err := strconv.Atoi(string(v)); err == nil {
					st.lastRow = n
				} else {
					st.lastRow++
				}
			} else {
				st.lastRow++
			}
			col = 0
		case string(local) == "c":
			endCell()
			tag, _, err := rest()
			if err != nil {
				return st, corruptSheet(err)
			}
			cell = append(cell[:0], tag...)
			col++
		case string(local) == "f":
			st.formulas++
			cellF = true
			fRef = cellRef(cell, col, st.lastRow)
			if len(st.refs) < maxFormulaRefs {
				st.refs = append(st.refs, fRef)
			}
		case string(local) == "v" || string(local) == "t":
			_, selfClosing, err := rest()
			if err != nil {
				return st, corruptSheet(err)
			}
			if !selfClosing {
				if next, err := br.Peek(1); err == nil && next[0] != '<' {
					hasVal = true
					if local[0] == 'v' {
						cellV = true
						st.noteLongNumber(br, cell, col)
					}
				}
			}
		}
	}
	endRow()
	return st, nil
}

// noteLongNumber records the cell if it is a number cell (no t=, or t="n")
// whose value, next in br, has 16 or more integer digits.
func (st *sheetStats) noteLongNumber(br *bufio.Reader, cell []byte, col int) {
	p, _ := br.Peek(40)
	if k := bytes.IndexByte(p, '<'); k >= 0 {
		p = p[:k]
	}
	// Short values without an exponent are the common case: no parsing.
	if len(p) < 16 && bytes.IndexAny(p, "Ee") < 0 {
		return
	}
	f, err := strconv.ParseFloat(string(bytes.TrimSpace(p)), 64)
	if err != nil || (f < 1e15 && f > -1e15) {
		return
	}
	if t, ok := attr(cell, "t"); ok && string(t) != "n" {
		return // text, shared string, formula string, error, boolean
	}
	if v, ok := attr(cell, "r"); ok {
		if c, _, err := excelize.CellNameToCoordinates(string(v)); err == nil {
			col = c
		}
	}
	st.longNums = append(st.longNums, uint64(st.lastRow)<<20|uint64(max(col, 1)))
}

// checkPI refuses an <?xml …?> declaration, after its "<?", that names an
// encoding other than UTF-8. encoding/xml (so excelize) switches to the
// declared encoding wherever the declaration appears, and in UTF-16 a
// formula is no longer the bytes "<f" this scan looks for. Excel only writes
// UTF-8. Other processing instructions are skipped like text.
func checkPI(br *bufio.Reader) error {
	p, _ := br.Peek(4)
	if len(p) < 4 || string(p[:3]) != "xml" || nameByte(p[3]) {
		return nil
	}
	var data []byte
	for {
		chunk, err := br.ReadSlice('>')
		if err != nil && err != bufio.ErrBufferFull {
			return corruptSheet(err)
		}
		if data = append(data, chunk...); len(data) > 64<<10 {
			return corrupt(errors.New("XML declaration too long"))
		}
		if err == nil && bytes.HasSuffix(data, []byte("?>")) {
			break
		}
	}
	if enc := procInst("encoding", string(data)); enc != "" && !strings.EqualFold(enc, "utf-8") && !strings.EqualFold(enc, "utf8") {
		return corrupt(fmt.Errorf("worksheet XML in %q", enc))
	}
	return nil
}

// procInst reads a parameter of a processing instruction exactly as
// encoding/xml does (first "param=" followed by a quote), so the check sees
// the encoding the decoder will use.
func procInst(param, s string) string {
	param += "="
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || len(param)+k >= len(sub) {
			return ""
		}
		i += len(param) + k + 1
		if c := sub[len(param)+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// skipTo consumes input up to and including the next b.
func skipTo(br *bufio.Reader, b byte) error {
	for {
		_, err := br.ReadSlice(b)
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

// readTag returns the rest of a start tag through its '>' (at most one
// buffer of it: attributes beyond 64 KiB are not needed).
func readTag(br *bufio.Reader) ([]byte, error) {
	tag, err := br.ReadSlice('>')
	if err == bufio.ErrBufferFull {
		head := append([]byte(nil), tag...)
		return head, skipTo(br, '>')
	}
	return tag, err
}

// skipSpecial skips a comment or CDATA section (whose text may contain '<')
// or a declaration, after its "<!".
func skipSpecial(br *bufio.Reader) error {
	end := ">"
	if p, _ := br.Peek(7); bytes.HasPrefix(p, []byte("[CDATA[")) {
		end = "]]>"
	} else if bytes.HasPrefix(p, []byte("--")) {
		end = "-->"
		_, _ = br.Discard(2)
	}
	var tail []byte
	for {
		chunk, err := br.ReadSlice('>')
		if err != nil && err != bufio.ErrBufferFull {
			return corruptSheet(err)
		}
		tail = append(tail, chunk...)
		if len(tail) > 3 {
			tail = tail[len(tail)-3:]
		}
		if err == nil && bytes.HasSuffix(tail, []byte(end)) {
			return nil
		}
	}
}

// attr finds name="value" (or '…') in the bytes of a start tag.
func attr(tag []byte, name string) ([]byte, bool) {
	for i := 0; i < len(tag); {
		j := bytes.Index(tag[i:], []byte(name+"="))
		if j < 0 {
			return nil, false
		}
		j += i
		k := j + len(name) + 1
		if (j == 0 || isSpace(tag[j-1])) && k < len(tag) && (tag[k] == '"' || tag[k] == '\'') {
			if e := bytes.IndexByte(tag[k+1:], tag[k]); e >= 0 {
				return tag[k+1 : k+1+e], true
			}
			return nil, false
		}
		i = k
	}
	return nil, false
}

// nameByte reports whether b can be part of an XML name, as encoding/xml
// reads names: the name ends at the first byte that cannot.
func nameByte(b byte) bool {
	return b >= 0x80 || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' ||
		b == '_' || b == ':' || b == '.' || b == '-'
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// cellRef names the cell of a formula: its r attribute, else computed from
// its position.
func cellRef(cell []byte, col, row int) string {
	if v, ok := attr(cell, "r"); ok && len(v) > 0 && len(v) < 16 {
		return string(v)
	}
	if ref, err := excelize.CoordinatesToCellName(max(col, 1), max(row, 1)); err == nil {
		return ref
	}
	return "?"
}

func corruptSheet(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return corrupt(err)
}
