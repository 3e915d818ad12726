package xlsx

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/innopark/innopark/internal/errs"
)

type encoding int

const (
	encUTF8 encoding = iota
	encGB18030
)

func (e encoding) String() string {
	if e == encGB18030 {
		return "GB18030"
	}
	return "UTF-8"
}

// sampleSize is how much of a CSV decides its encoding and delimiter.
const sampleSize = 64 << 10

// sniffText decides how a CSV candidate is encoded from its first bytes:
// UTF-8 (with or without BOM) if they are valid UTF-8, else GB18030 (which
// covers GBK and GB2312, what Excel on Chinese Windows writes) if they decode
// without error. UTF-16 and binary content are refused here; a GB18030
// reading whose header names no column is refused later (locate).
func sniffText(sample []byte, atEOF bool) (enc encoding, bom int, err error) {
	switch {
	case bytes.HasPrefix(sample, []byte("\xEF\xBB\xBF")):
		return encUTF8, 3, nil
	case bytes.HasPrefix(sample, []byte("\xFF\xFE")), bytes.HasPrefix(sample, []byte("\xFE\xFF")):
		return 0, 0, fail(ErrEncoding, errs.M("xlsx.enc.utf16"))
	}
	if i := bytes.IndexByte(sample, 0); i >= 0 {
		// Text has no NUL bytes; UTF-16 without a BOM has one in every
		// other byte of ASCII text.
		if nuls := bytes.Count(sample, []byte{0}); nuls*3 > len(sample) {
			return 0, 0, fail(ErrEncoding, errs.M("xlsx.enc.utf16"))
		}
		return 0, 0, notSpreadsheet("xlsx.type.binary")
	}
	if !atEOF {
		// Judge whole lines only: a sample cut inside a character must
		// not look invalid. '\n' is never part of a multi-byte character
		// in UTF-8 or GB18030.
		if i := bytes.LastIndexByte(sample, '\n'); i >= 0 {
			sample = sample[:i+1]
		}
	}
	if utf8.Valid(sample) {
		return encUTF8, 0, nil
	}
	dec, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), sample)
	if err != nil || bytes.ContainsRune(dec, utf8.RuneError) {
		return 0, 0, fail(ErrEncoding, errs.M("xlsx.enc.unknown"))
	}
	return encGB18030, 0, nil
}

// sniffDelimiter picks ',', tab or ';' by which occurs most, outside quotes,
// in the first lines; ',' when none does (a one-column file).
func sniffDelimiter(sample []byte) rune {
	counts := map[byte]int{}
	quoted, lines := false, 0
scan:
	for _, c := range sample {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			if lines++; lines > headerScan {
				break scan
			}
		case c == ',' || c == '\t' || c == ';':
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{'\t', ';'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// countReader counts bytes for progress and refuses a stream over the
// size limit as soon as it passes it.
type countReader struct {
	r   io.Reader
	n   int64
	max int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.max {
		return n, fail(ErrTooLarge, mb(c.max))
	}
	return n, err
}

// errRecordTooBig is recordGuard's signal; csvSource turns it into
// ErrRowTooBig with the row number.
var errRecordTooBig = errors.New("xlsx: csv record over the limit")

// recordGuard bounds the bytes of one CSV record before encoding/csv, which
// has no limit of its own, builds it in memory: a 200 MB single field would
// otherwise cost 200 MB. It follows quotes so a quoted newline does not end
// the record.
type recordGuard struct {
	r      io.Reader
	max, n int
	quoted bool
}

func (g *recordGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for b := p[:n]; len(b) > 0; {
		i := bytes.IndexAny(b, "\"\n")
		if i < 0 {
			g.n += len(b)
			break
		}
		g.n += i + 1
		if b[i] == '"' {
			g.quoted = !g.quoted
		} else if !g.quoted {
			g.n = 0
		}
		b = b[i+1:]
	}
	if g.n > g.max {
		return n, errRecordTooBig
	}
	return n, err
}

// csvSource reads records with encoding/csv and numbers them as a
// spreadsheet would show the file: encoding/csv skips blank lines, which are
// rows in Excel, and a quoted field may span lines.
type csvSource struct {
	cr      *csv.Reader
	enc     encoding
	count   *countReader
	size    int64 // -1 when unknown
	num     int   // row number of the last record
	endLine int   // line on which the last record ended
	maxRow  int
}

func (r *Reader) openCSV(in io.Reader, size int64) error {
	r.format = CSV
	count := &countReader{r: in, max: r.opt.MaxFileSize}
	br := bufio.NewReaderSize(count, sampleSize)
	sample, err := br.Peek(sampleSize)
	atEOF := errors.Is(err, io.EOF)
	if err != nil && !atEOF && !errors.Is(err, bufio.ErrBufferFull) {
		return err // ErrTooLarge from count, or I/O
	}
	if count.n > count.max {
		return fail(ErrTooLarge, mb(count.max))
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(sample, []byte("\xEF\xBB\xBF")))) == 0 {
		return fail(ErrEmpty)
	}
	enc, bom, err := sniffText(sample, atEOF)
	if err != nil {
		return err
	}
	var text io.Reader = br
	delimSample := sample[bom:]
	if enc == encGB18030 {
		text = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		delimSample, _, _ = transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), sample)
	} else if bom > 0 {
		_, _ = br.Discard(bom)
	}
	cr := csv.NewReader(&recordGuard{r: text, max: r.opt.MaxRowBytes})
	cr.Comma = sniffDelimiter(delimSample)
	cr.FieldsPerRecord = -1 // rows of any length; longer than the header is a row problem
	cr.ReuseRecord = true
	r.src = &csvSource{cr: cr, enc: enc, count: count, size: size, maxRow: r.opt.MaxRowBytes}
	return r.locate()
}

func (s *csvSource) next() (int, []string, error) {
	rec, err := s.cr.Read()
	if err != nil {
		var pe *csv.ParseError
		switch {
		case errors.Is(err, io.EOF):
			return s.num, nil, io.EOF
		case errors.Is(err, errRecordTooBig):
			return s.num + 1, nil, fail(ErrRowTooBig, s.num+1, s.maxRow>>10)
		case errs.KindOf(err) != errs.Internal:
			return s.num, nil, err // ErrTooLarge from countReader
		case errors.As(err, &pe):
			row := s.num + max(1, pe.StartLine-s.endLine)
			return row, nil, cause(failKey(ErrCorrupt, "xlsx.err.csv_quotes", row), err)
		}
		return s.num, nil, corrupt(err)
	}
	line, _ := s.cr.FieldPos(0)
	s.num += line - s.endLine
	last, _ := s.cr.FieldPos(len(rec) - 1)
	s.endLine = last + strings.Count(rec[len(rec)-1], "\n")
	for _, f := range rec {
		if s.enc == encUTF8 && !utf8.ValidString(f) || s.enc == encGB18030 && strings.ContainsRune(f, utf8.RuneError) {
			return s.num, nil, failKey(ErrEncoding, "xlsx.err.encoding_row", s.num, s.enc.String())
		}
	}
	return s.num, rec, nil
}

func (s *csvSource) fraction() float64 {
	if s.size <= 0 {
		return -1
	}
	return min(1, float64(s.count.n)/float64(s.size))
}

func (s *csvSource) close() error { return nil }
