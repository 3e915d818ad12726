package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/innopark/innopark/internal/errs"
)

// Format is a spreadsheet file format.
type Format int

const (
	XLSX Format = iota + 1
	CSV
)

func (f Format) String() string {
	switch f {
	case XLSX:
		return "xlsx"
	case CSV:
		return "csv"
	}
	return "unknown"
}

// Ext is the file name extension, with the dot.
func (f Format) Ext() string { return "." + f.String() }

// ContentType is the media type to serve the format with.
func (f Format) ContentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// ParseFormat maps "xlsx"/"csv" (any case, optional dot) to a Format, for
// ?format= parameters and CLI flags; anything else is 0.
func ParseFormat(s string) Format {
	switch strings.ToLower(strings.TrimPrefix(s, ".")) {
	case "xlsx":
		return XLSX
	case "csv":
		return CSV
	}
	return 0
}

// binaryKind names files people upload by mistake, by their signature, so
// the refusal can say what the file is; "" for anything else. The file name
// extension is never trusted.
func binaryKind(head []byte) string {
	has := func(p string) bool { return bytes.HasPrefix(head, []byte(p)) }
	switch {
	case has("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"): // OLE2: .xls, or an encrypted .xlsx
		return "xlsx.type.xls"
	case has("%PDF"):
		return "xlsx.type.pdf"
	case has("\x89PNG"), has("\xFF\xD8\xFF"), has("GIF8"):
		return "xlsx.type.image"
	case has("\x1F\x8B"), has("Rar!"), has("7z\xBC\xAF\x27\x1C"):
		return "xlsx.type.archive"
	case has("PK\x05\x06"), has("PK\x07\x08"): // an empty or a spanned zip
		return "xlsx.type.zip"
	}
	return ""
}

// sniff decides the format from the first bytes: a zip is an xlsx candidate,
// a known binary signature is refused, anything else is a CSV candidate whose
// content decides (see sniffText).
func sniff(head []byte) (Format, error) {
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return XLSX, nil
	}
	if k := binaryKind(head); k != "" {
		return 0, notSpreadsheet(k)
	}
	return CSV, nil
}

func notSpreadsheet(kind string) error {
	return fail(ErrNotSpreadsheet, errs.M(kind))
}

// zipFloor is the entry size below which the ratio is not checked: small
// XML parts (styles, an empty sheet) compress far better than data and are
// harmless at their size.
const zipFloor = 1 << 20

// memPartsLimit bounds the parts excelize inflates into memory: everything
// but worksheets and the shared strings, which it streams through temporary
// files once they pass xmlMemLimit. Styles, themes and drawings of a real
// workbook stay far below this; a 3 GB "image" must not reach io.ReadAll.
const memPartsLimit = 64 << 20

// spilled reports whether excelize streams a part from a temporary file
// when it is large (see excelize's ReadZipReader).
func spilled(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, `\`, "/"))
	return strings.HasPrefix(n, "xl/worksheets/sheet") || sharedStrings(name)
}

// sharedStrings reports whether name is the shared-strings part excelize
// reads (it reads only that path).
func sharedStrings(name string) bool {
	return strings.ToLower(strings.ReplaceAll(name, `\`, "/")) == "xl/sharedstrings.xml"
}

// checkSharedStrings counts the strings of the shared-strings part (one
// pass over its bytes, stopping at the limit) and refuses a file with more
// than Options.MaxSharedStrings: the count a file declares may lie.
func checkSharedStrings(zr *zip.Reader, o Options) error {
	for _, f := range zr.File {
		if !sharedStrings(f.Name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return corrupt(err)
		}
		n, err := countItems(rc, o.MaxSharedStrings)
		rc.Close()
		if err != nil {
			return corrupt(err)
		}
		if n > o.MaxSharedStrings {
			return failKey(ErrTooLarge, "xlsx.err.shared_strings_count", o.MaxSharedStrings)
		}
	}
	return nil
}

// countItems counts <si> start tags (with any namespace prefix) in r, up
// to limit+1, in one fixed buffer.
func countItems(r io.Reader, limit int) (int, error) {
	const keep = 5 // bytes carried to the next read: a tag may be cut
	buf := make([]byte, 64<<10)
	have, n := 0, 0
	for {
		k, err := io.ReadFull(r, buf[have:])
		chunk := buf[:have+k]
		last := err != nil
		end := len(chunk)
		if !last {
			end = len(chunk) - keep
		}
		for i := 0; i < end; {
			j := bytes.Index(chunk[i:], []byte("si"))
			if j < 0 {
				break
			}
			at := i + j
			if at >= end || at+2 >= len(chunk) {
				break
			}
			if at > 0 && (chunk[at-1] == '<' || chunk[at-1] == ':' && tagStart(chunk[:at-1])) {
				switch chunk[at+2] {
				case '>', ' ', '\t', '\r', '\n', '/':
					if n++; n > limit {
						return n, nil
					}
				}
			}
			i = at + 1
		}
		if last {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return n, nil
			}
			return n, err
		}
		// The last bytes, and the one before them for a '<', start the
		// next read.
		have = copy(buf, chunk[end-1:])
	}
}

// tagStart reports whether b ends in "<prefix" (the prefix before a ':').
func tagStart(b []byte) bool {
	for i := len(b) - 1; i >= 0; i-- {
		switch c := b[i]; {
		case c == '<':
			return i < len(b)-1
		case !nameByte(c) || c == ':':
			return false
		}
	}
	return false
}

// checkZip refuses an archive whose central directory promises too much:
// more entries, more total bytes, more bytes held in memory or a higher
// compression ratio than allowed. archive/zip refuses to read past an
// entry's declared size, so neither excelize nor the formula scan can be
// made to inflate more than this.
func checkZip(zr *zip.Reader, o Options) error {
	if len(zr.File) > o.MaxZipEntries {
		return failKey(ErrZipBomb, "xlsx.err.zip_entries", len(zr.File), o.MaxZipEntries)
	}
	var total, packed, inMemory uint64
	for _, f := range zr.File {
		u, c := f.UncompressedSize64, f.CompressedSize64
		total += u
		packed += c
		if total > uint64(o.MaxUnzipSize) || total < u {
			return failKey(ErrZipBomb, "xlsx.err.zip_bomb", mb(o.MaxUnzipSize))
		}
		if sharedStrings(f.Name) && u > uint64(o.MaxSharedBytes) {
			return failKey(ErrTooLarge, "xlsx.err.shared_strings_size", mb(int64(min(u, 1<<62))), mb(o.MaxSharedBytes))
		}
		if !spilled(f.Name) {
			if inMemory += u; inMemory > memPartsLimit {
				return failKey(ErrZipBomb, "xlsx.err.zip_part", f.Name, memPartsLimit>>20)
			}
		}
		if u > zipFloor && u/max(c, 1) > uint64(o.MaxRatio) {
			return failKey(ErrZipBomb, "xlsx.err.zip_ratio", u/max(c, 1), o.MaxRatio)
		}
	}
	if total > zipFloor && total/max(packed, 1) > uint64(o.MaxRatio) {
		return failKey(ErrZipBomb, "xlsx.err.zip_ratio", total/max(packed, 1), o.MaxRatio)
	}
	return nil
}

// mb rounds a byte count up to whole MiB for messages.
func mb(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// workbook is what the package needs from xl/workbook.xml and its rels.
type workbook struct {
	sheets   []string          // sheet names in workbook order
	paths    map[string]string // sheet name → worksheet part
	date1904 bool
}

// partLimit bounds the small XML parts read here (rels, workbook) so a
// crafted part cannot make them large.
const partLimit = 32 << 20

type relsXML struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type workbookXML struct {
	Pr struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Name string `xml:"name,attr"`
		// r:id; encoding/xml matches an attr tag by local name in any
		// namespace, which covers transitional and strict files alike.
		ID string `xml:"id,attr"`
	} `xml:"sheets>sheet"`
}

// readWorkbook finds the sheets of a workbook the way Excel does: the root
// rels name the workbook part, the workbook names the sheets and their
// relationship ids, the workbook rels give each sheet's part.
func readWorkbook(zr *zip.Reader) (workbook, error) {
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))] = f
	}
	part := func(name string, v any) (bool, error) {
		f, ok := files[strings.ToLower(strings.TrimPrefix(name, "/"))]
		if !ok {
			return false, nil
		}
		rc, err := f.Open()
		if err != nil {
			return true, err
		}
		defer rc.Close()
		return true, xml.NewDecoder(io.LimitReader(rc, partLimit)).Decode(v)
	}

	wbPath := "xl/workbook.xml"
	var root relsXML
	if _, err := part("_rels/.rels", &root); err != nil {
		return workbook{}, err
	}
	for _, r := range root.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wbPath = strings.TrimPrefix(r.Target, "/")
		}
	}
	var wb workbookXML
	ok, err := part(wbPath, &wb)
	if err != nil {
		return workbook{}, err
	}
	if !ok {
		// A zip without a workbook: an OpenDocument spreadsheet, a .docx,
		// a .pptx, a plain archive.
		if f, ok := files["mimetype"]; ok && f.UncompressedSize64 < 256 {
			var mime [128]byte
			if rc, err := f.Open(); err == nil {
				n, _ := io.ReadFull(rc, mime[:])
				rc.Close()
				if strings.HasPrefix(string(mime[:n]), "application/vnd.oasis.opendocument.spreadsheet") {
					return workbook{}, notSpreadsheet("xlsx.type.ods")
				}
			}
		}
		return workbook{}, notSpreadsheet("xlsx.type.zip")
	}
	var rels relsXML
	dir := path.Dir(wbPath)
	if _, err := part(path.Join(dir, "_rels", path.Base(wbPath)+".rels"), &rels); err != nil {
		return workbook{}, err
	}
	targets := make(map[string]string, len(rels.Rels))
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		targets[r.ID] = t
	}
	out := workbook{paths: map[string]string{}, date1904: wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"}
	for _, s := range wb.Sheets {
		out.sheets = append(out.sheets, s.Name)
		if t, ok := targets[s.ID]; ok {
			if f, ok := files[strings.ToLower(t)]; ok {
				out.paths[s.Name] = f.Name
			}
		}
	}
	return out, nil
}

// pickSheet returns the sheet to read: the one the user chose; else the
// spec's; else the only one (a CSV that Excel or LibreOffice saved as a
// workbook has one sheet named after the file), not counting a template's
// help sheet; else the first when the spec names none. A workbook with
// several sheets and none of the expected name is refused, naming its
// sheets so the user can choose one.
func (wb workbook) pickSheet(want, chosen string) (string, error) {
	if len(wb.sheets) == 0 {
		return "", fail(ErrEmpty)
	}
	found := make([]string, len(wb.sheets))
	for i, s := range wb.sheets {
		found[i] = "“" + s + "”"
	}
	if chosen != "" {
		if _, ok := wb.paths[chosen]; ok {
			return chosen, nil
		}
		return "", fail(ErrNoSheet, chosen, joinList(found))
	}
	if _, ok := wb.paths[want]; ok && want != "" {
		return want, nil
	}
	var data []string
	for _, s := range wb.sheets {
		if _, ok := wb.paths[s]; ok && s != HelpSheet {
			data = append(data, s)
		}
	}
	switch {
	case len(data) == 1:
		return data[0], nil
	case want == "" && len(data) > 0:
		return data[0], nil
	case len(data) == 0:
		return "", fail(ErrNoSheet, want, joinList(found))
	}
	return "", failKey(ErrNoSheet, "xlsx.err.choose_sheet", want, joinList(found))
}

// corrupt is the error for a package or sheet that cannot be parsed.
func corrupt(err error) error { return cause(fail(ErrCorrupt), err) }
