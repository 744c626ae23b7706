package tableur

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"

	"maillage/internal/standard"
)

// An XLSX workbook is a ZIP archive of XML parts (ECMA-376): the workbook
// lists its sheets, each sheet's cells hold numbers, inline text or an
// index into the shared strings, and a cell's style says whether its
// number is a date. This reader takes what a spreadsheet of places needs
// (text, numbers, dates and times, sparse rows and cells) and no more: no
// formulas are computed (their last result, saved in the file, is read).
//
// An archive is read whole into memory (it needs random access), within
// Limits.File; the bytes inflated from it are counted against the same
// limit, and the cells against Limits.Cells, so that a small archive that
// inflates to gigabytes (a « zip bomb ») stops early with a clear message.

// errInflate is an archive that inflates past its limit.
type errInflate struct{ limit int64 }

func (e *errInflate) Error() string {
	return fmt.Sprintf("classeur de plus de %s une fois décompressé : lecture arrêtée (archive piégée, ou classeur démesuré)", standard.FormatSize(e.limit))
}

// errCells is a workbook with more cells than its limit.
type errCells struct{ limit int }

func (e *errCells) Error() string {
	return fmt.Sprintf("classeur de plus de %d cellules (textes partagés compris) : lecture arrêtée", e.limit)
}

// xlsx is an opened workbook.
type xlsx struct {
	file     string
	ctx      context.Context
	files    map[string]*zip.File
	inflated int64 // bytes inflated so far
	lim      Limits
	cells    int // cells and shared strings read so far
}

func openXLSX(ctx context.Context, in io.Reader, file string, c *Correspondence, lim Limits) (*table, error) {
	fail := func(format string, args ...any) error {
		return &standard.FileError{File: file, Msg: fmt.Sprintf(format, args...)}
	}
	data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, in}, lim.File+1))
	if err != nil {
		return nil, &standard.FileError{File: file, Msg: "lecture interrompue : " + err.Error(), Err: err}
	}
	if int64(len(data)) > lim.File {
		return nil, fail("fichier de plus de %s : lecture arrêtée", standard.FormatSize(lim.File))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fail("archive ZIP illisible (%v) : ce n'est pas un classeur XLSX valide", err)
	}
	x := &xlsx{file: file, ctx: ctx, files: map[string]*zip.File{}, lim: lim}
	for _, f := range zr.File {
		x.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	if mt, ok := x.files["mimetype"]; ok {
		b, _ := x.read(mt, 256)
		if strings.Contains(string(b), "opendocument") {
			return nil, fail("classeur OpenDocument (ODS) : non pris en charge (aucun module Go maintenu ne les lit) ; enregistrez-le en XLSX ou en CSV depuis LibreOffice (Fichier > Enregistrer sous)")
		}
	}
	if _, ok := x.files["xl/workbook.xml"]; !ok {
		return nil, fail("archive ZIP sans classeur Excel (xl/workbook.xml) : ce n'est pas un fichier XLSX")
	}
	t, err := x.sheet(c.Sheet, c.HeaderLine, c.usedKeys())
	if err != nil {
		return nil, x.failure(err, 0)
	}
	return t, nil
}

// failure turns an error met while reading the workbook into the
// FileError that stops it; line is the last row read, 0 if none.
func (x *xlsx) failure(err error, line int) error {
	var ie *errInflate
	var ce *errCells
	var fe *standard.FileError
	switch {
	case errors.As(err, &fe):
		fe.File = x.file
		return fe
	case errors.As(err, &ie), errors.As(err, &ce):
		return &standard.FileError{File: x.file, Msg: err.Error(), Err: err}
	case x.ctx.Err() != nil:
		return &standard.FileError{File: x.file, Msg: "lecture interrompue", Err: x.ctx.Err()}
	case line > 0:
		return &standard.FileError{File: x.file, Msg: fmt.Sprintf("classeur XLSX illisible vers la ligne %d : %v", line, err), Err: err}
	}
	return &standard.FileError{File: x.file, Msg: fmt.Sprintf("classeur XLSX illisible : %v", err), Err: err}
}

// ctxReader stops reading when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// open returns a reader of a part of the archive that counts what it
// inflates.
func (x *xlsx) open(f *zip.File) (io.ReadCloser, error) {
	if int64(f.UncompressedSize64) > x.lim.File-x.inflated {
		return nil, &errInflate{x.lim.File}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &inflateCounter{rc: rc, x: x}, nil
}

// read inflates a whole part, of at most max bytes.
func (x *xlsx) read(f *zip.File, max int64) ([]byte, error) {
	rc, err := x.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, max))
}

type inflateCounter struct {
	rc io.ReadCloser
	x  *xlsx
}

func (c *inflateCounter) Read(p []byte) (int, error) {
	if err := c.x.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.rc.Read(p)
	c.x.inflated += int64(n)
	if c.x.inflated > c.x.lim.File {
		return n, &errInflate{c.x.lim.File}
	}
	return n, err
}

func (c *inflateCounter) Close() error { return c.rc.Close() }

// decoder returns an XML decoder of a part.
func (x *xlsx) decoder(name string) (*xml.Decoder, io.Closer, error) {
	f, ok := x.files[name]
	if !ok {
		return nil, nil, fmt.Errorf("partie %s absente de l'archive", name)
	}
	rc, err := x.open(f)
	if err != nil {
		return nil, nil, err
	}
	d := xml.NewDecoder(rc)
	d.Strict = true
	return d, rc, nil
}

type sheetRef struct {
	name, rid string
}

// workbook reads the sheets' names and relationship ids, and the date system.
func (x *xlsx) workbook() (sheets []sheetRef, date1904 bool, err error) {
	d, c, err := x.decoder("xl/workbook.xml")
	if err != nil {
		return nil, false, err
	}
	defer c.Close()
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sheets, date1904, nil
		}
		if err != nil {
			return nil, false, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			date1904 = v == "1" || v == "true"
		case "sheet":
			sheets = append(sheets, sheetRef{name: attr(se, "name"), rid: attrNS(se, "id")})
			if len(sheets) > 10_000 {
				return nil, false, errors.New("plus de 10 000 feuilles")
			}
		}
	}
}

// relationships reads the targets of the workbook's relationships, by id,
// and the shared strings' and styles' parts.
func (x *xlsx) relationships() (targets map[string]string, shared, styles string, err error) {
	targets = map[string]string{}
	shared, styles = "xl/sharedStrings.xml", "xl/styles.xml"
	d, c, err := x.decoder("xl/_rels/workbook.xml.rels")
	if err != nil {
		return targets, shared, styles, nil // then the usual names
	}
	defer c.Close()
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return targets, shared, styles, nil
		}
		if err != nil {
			return nil, "", "", err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		target := partName(attr(se, "Target"))
		targets[attr(se, "Id")] = target
		switch typ := attr(se, "Type"); {
		case strings.HasSuffix(typ, "/sharedStrings"):
			shared = target
		case strings.HasSuffix(typ, "/styles"):
			styles = target
		}
		if len(targets) > 100_000 {
			return nil, "", "", errors.New("plus de 100 000 relations")
		}
	}
}

// partName resolves a relationship's target against xl/.
func partName(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return path.Clean(path.Join("xl", target))
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// attrNS returns an attribute in any namespace (r:id).
func attrNS(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space != "" {
			return a.Value
		}
	}
	return attr(se, local)
}

// sharedStrings reads the shared strings: each the text of its runs
// (phonetic guides left out).
func (x *xlsx) sharedStrings(name string) ([]string, error) {
	if _, ok := x.files[name]; !ok {
		return nil, nil
	}
	d, c, err := x.decoder(name)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var out []string
	var b strings.Builder
	in, phonetic, text := false, 0, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				in = true
				b.Reset()
			case "rPh":
				phonetic++
			case "t":
				text = in && phonetic == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				in = false
				x.cells++
				if x.cells > x.lim.Cells {
					return nil, &errCells{x.lim.Cells}
				}
				out = append(out, b.String())
			case "rPh":
				phonetic--
			case "t":
				text = false
			}
		case xml.CharData:
			if text {
				b.Write(t)
			}
		}
	}
}

// dateKind is what a number format shows of a number.
type dateKind int

const (
	notDate dateKind = iota
	dateOnly
	timeOnly
	dateTime
)

// styles reads, for each cell style, whether its number format shows a
// date or a time.
func (x *xlsx) styles(name string) ([]dateKind, error) {
	if _, ok := x.files[name]; !ok {
		return nil, nil
	}
	d, c, err := x.decoder(name)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	custom := map[int]string{}
	var xfs []int
	inXfs := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				id, _ := strconv.Atoi(attr(t, "numFmtId"))
				custom[id] = attr(t, "formatCode")
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					xfs = append(xfs, id)
					if len(xfs) > 100_000 {
						return nil, errors.New("plus de 100 000 styles de cellule")
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
	kinds := make([]dateKind, len(xfs))
	for i, id := range xfs {
		kinds[i] = formatKind(id, custom[id])
	}
	return kinds, nil
}

// formatKind tells what number format id (with its code, for a custom
// one) shows.
func formatKind(id int, code string) dateKind {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id >= 34 && id <= 36, id >= 50 && id <= 58:
		return dateOnly
	case id >= 18 && id <= 21, id >= 45 && id <= 47, id == 32 || id == 33:
		return timeOnly
	case id == 22:
		return dateTime
	case id < 164 || code == "":
		return notDate
	}
	// A custom format: drop what is shown as is (quoted text, escaped
	// characters, colours and conditions) and look at the letters left.
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				i = len(code)
			} else {
				i += j + 1
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				i = len(code)
				continue
			}
			inner := strings.ToLower(code[i+1 : i+j])
			if strings.Trim(inner, "hms") == "" {
				b.WriteString(inner) // elapsed time: [h]:mm
			}
			i += j
		case ';':
			i = len(code) // the first section says it
		default:
			b.WriteByte(c | 0x20)
		}
	}
	s := b.String()
	hasDate := strings.ContainsAny(s, "yd")
	hasTime := strings.ContainsAny(s, "hs")
	switch {
	case hasDate && hasTime:
		return dateTime
	case hasDate:
		return dateOnly
	case hasTime:
		return timeOnly
	case strings.Contains(s, "m") && !strings.ContainsAny(s, "0#?"):
		return dateOnly // months alone
	}
	return notDate
}

// sheet reads the sheet named name (the first when "") into a table.
func (x *xlsx) sheet(name string, headerLine int, used map[string]bool) (*table, error) {
	sheets, date1904, err := x.workbook()
	if err != nil {
		return nil, err
	}
	if len(sheets) == 0 {
		return nil, &standard.FileError{Msg: "classeur sans feuille"}
	}
	pick := sheets[0]
	if name != "" {
		found := false
		var names []string
		for _, s := range sheets {
			names = append(names, s.name)
			if columnKey(s.name) == columnKey(name) {
				pick, found = s, true
				break
			}
		}
		if !found {
			return nil, &standard.FileError{Msg: fmt.Sprintf("pas de feuille « %s » dans le classeur (feuille de la correspondance) ; feuilles : %s", name, quoteAll(names))}
		}
	}
	targets, sharedName, stylesName, err := x.relationships()
	if err != nil {
		return nil, err
	}
	part, ok := targets[pick.rid]
	if !ok {
		part = "xl/worksheets/sheet1.xml"
	}
	shared, err := x.sharedStrings(sharedName)
	if err != nil {
		return nil, err
	}
	styles, err := x.styles(stylesName)
	if err != nil {
		return nil, err
	}
	d, closer, err := x.decoder(part)
	if err != nil {
		return nil, err
	}
	st := &sheetStream{d: d, c: closer, x: x, shared: shared, styles: styles, date1904: date1904}
	// The first rows, where the header is looked for.
	var head []*xlsxRow
	for seen := 0; seen < headerSearch; {
		r, err := st.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, x.failure(err, st.lastLine)
		}
		head = append(head, r)
		if !blank(r.cells) {
			seen++
		}
		if headerLine > 0 && r.line >= headerLine {
			break
		}
	}
	if headerLine == 0 {
		headerLine = guessHeaderRow(head, used)
	}
	t, err := rowsTable(head, st, pick.name, headerLine, x.lim)
	if t != nil {
		t.date1904 = date1904
	} else {
		closer.Close()
	}
	return t, err
}

// xlsxRow is a row as the sheet holds it: sparse cells by column.
type xlsxRow struct {
	line  int
	cells []string
	err   string
}

// maxColumns bounds a row's width (XFD, Excel's last column, is 16 384).
const maxColumns = 16384

// sheetStream reads the rows of a sheet part one by one: a sheet is never
// held whole in memory.
type sheetStream struct {
	d        *xml.Decoder
	c        io.Closer
	x        *xlsx
	shared   []string
	styles   []dateKind
	date1904 bool
	lastLine int
	done     bool
}

// next returns the next row of the sheet, or io.EOF.
func (s *sheetStream) next() (*xlsxRow, error) {
	if s.done {
		return nil, io.EOF
	}
	x := s.x
	var cur *xlsxRow
	// The cell being read.
	var (
		col            int
		typ            string
		style          int
		value, inline  strings.Builder
		inV, inIs, inT bool
		phonetic       int
	)
	nextCol := 0
	fail := func(err error) (*xlsxRow, error) {
		s.done = true
		s.c.Close()
		return nil, err
	}
	for {
		tok, err := s.d.Token()
		if err == io.EOF {
			if cur != nil {
				return fail(io.ErrUnexpectedEOF)
			}
			s.done = true
			s.c.Close()
			return nil, io.EOF
		}
		if err != nil {
			return fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				line := s.lastLine + 1
				if r := attr(t, "r"); r != "" {
					n, err := strconv.Atoi(r)
					if err != nil || n < 1 || n > 10_000_000 {
						return fail(fmt.Errorf("numéro de ligne invalide « %s »", r))
					}
					line = n
				}
				if line <= s.lastLine {
					return fail(fmt.Errorf("ligne %d après la ligne %d : lignes dans le désordre", line, s.lastLine))
				}
				s.lastLine = line
				cur = &xlsxRow{line: line}
				nextCol = 0
			case "c":
				if cur == nil {
					return fail(errors.New("cellule hors d'une ligne"))
				}
				col = nextCol
				if r := attr(t, "r"); r != "" {
					c, ok := columnOf(r)
					if !ok {
						return fail(fmt.Errorf("référence de cellule invalide « %s »", r))
					}
					col = c
				}
				if col < nextCol && len(cur.cells) > col && cur.cells[col] != "" {
					return fail(fmt.Errorf("cellule %s donnée deux fois", attr(t, "r")))
				}
				nextCol = col + 1
				typ = attr(t, "t")
				style, _ = strconv.Atoi(attr(t, "s"))
				value.Reset()
				inline.Reset()
				x.cells++
				if x.cells > x.lim.Cells {
					return fail(&errCells{x.lim.Cells})
				}
			case "v":
				inV = true
			case "is":
				inIs = true
			case "rPh":
				phonetic++
			case "t":
				inT = inIs && phonetic == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "is":
				inIs = false
			case "rPh":
				phonetic--
			case "t":
				inT = false
			case "c":
				if cur == nil {
					continue
				}
				v, msg := cellValue(typ, value.String(), inline.String(), style, s.shared, s.styles, s.date1904)
				if msg != "" && cur.err == "" {
					cur.err = fmt.Sprintf("colonne %s : %s", columnName(col), msg)
				}
				if v != "" {
					for len(cur.cells) <= col {
						cur.cells = append(cur.cells, "")
					}
					cur.cells[col] = v
				}
			case "row":
				if cur != nil {
					return cur, nil
				}
			}
		case xml.CharData:
			switch {
			case inV:
				value.Write(t)
			case inT:
				inline.Write(t)
			}
		}
	}
}

// columnOf reads the column of a cell reference: "B12" → 1.
func columnOf(ref string) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
		if col > maxColumns {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	return col - 1, true
}

// columnName writes column c (from 0) as a spreadsheet does: 0 → A, 27 → AB.
func columnName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

// cellValue is the text of a cell as a person sees it in the sheet, or a
// message saying why it cannot be read.
func cellValue(typ, v, inline string, style int, shared []string, styles []dateKind, date1904 bool) (string, string) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(shared) {
			return "", fmt.Sprintf("texte partagé « %s » introuvable", v)
		}
		return shared[i], ""
	case "inlineStr":
		return inline, ""
	case "str", "e":
		return v, ""
	case "b":
		switch strings.TrimSpace(v) {
		case "1":
			return "VRAI", ""
		case "0":
			return "FAUX", ""
		}
		return v, ""
	case "d":
		if t, err := time.Parse("2006-01-02T15:04:05", strings.TrimSuffix(v, "Z")); err == nil {
			if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
				return t.Format("2006-01-02"), ""
			}
			return t.Format("2006-01-02 15:04"), ""
		}
		return v, ""
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return "", ""
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v, "" // not a number after all: as written
	}
	if style >= 0 && style < len(styles) && styles[style] != notDate {
		if s, ok := serialText(f, styles[style], date1904); ok {
			return s, ""
		}
	}
	if strings.ContainsAny(v, "eE") {
		return strconv.FormatFloat(f, 'f', -1, 64), ""
	}
	return v, ""
}

// serialText writes a date serial (days since the workbook's epoch, the
// fraction the time of day) as the standard writes dates, or as hh:mm.
func serialText(f float64, kind dateKind, date1904 bool) (string, bool) {
	if math.IsNaN(f) || f < 0 || f > 2958465 { // 9999-12-31
		return "", false
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case f < 60:
		// Excel counts a 29 February 1900 that never was (serial 60).
		epoch = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	case f < 61:
		return "", false
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	t := epoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	switch {
	case kind == timeOnly || kind == dateTime && days == 0:
		if days >= 1 {
			return "", false // an elapsed time of days: not an hour
		}
		if secs == 86400 {
			return "24:00", true
		}
		return t.Format("15:04"), true
	case kind == dateTime && secs != 0:
		return t.Format("2006-01-02 15:04"), true
	}
	return t.Format("2006-01-02"), true
}

// guessHeaderRow finds the header of a sheet whose first rows may be a
// title: the first of its first rows that names the most columns the
// correspondence reads; 0 when none names any.
func guessHeaderRow(rows []*xlsxRow, used map[string]bool) int {
	best, bestScore, seen := 0, 0, 0
	for _, r := range rows {
		if blank(r.cells) {
			continue
		}
		if seen++; seen > headerSearch {
			break
		}
		if n := headerScore(r.cells, used); n > bestScore {
			best, bestScore = r.line, n
		}
	}
	return best
}

// rowsTable makes a table of a sheet's rows (the first ones read in head,
// the others to come from st), its header the line the correspondence
// names or the first that is not blank.
func rowsTable(head []*xlsxRow, st *sheetStream, sheet string, headerLine int, lim Limits) (*table, error) {
	i := 0
	t := &table{format: "xlsx"}
	t.next = func() (*row, error) {
		for {
			var r *xlsxRow
			if i < len(head) {
				r = head[i]
				head[i] = nil
				i++
			} else {
				var err error
				if r, err = st.next(); err != nil {
					if err != io.EOF {
						err = st.x.failure(err, st.lastLine)
					}
					return nil, err
				}
			}
			if r.err == "" && blank(r.cells) {
				continue
			}
			if r.err == "" {
				for c, v := range r.cells {
					if msg := checkCell(v, lim); msg != "" {
						r.err = fmt.Sprintf("colonne %s : %s", columnName(c), msg)
						break
					}
				}
			}
			return &row{line: r.line, cells: r.cells, err: r.err}, nil
		}
	}
	for {
		r, err := t.next()
		switch {
		case err != nil && err != io.EOF:
			return nil, err
		case err == io.EOF && headerLine > 0:
			return nil, &standard.FileError{Msg: fmt.Sprintf("feuille « %s » : pas d'en-tête à la ligne %d (ligne_entete de la correspondance) : la ligne est vide ou la feuille plus courte", sheet, headerLine)}
		case err == io.EOF:
			return nil, &standard.FileError{Msg: fmt.Sprintf("feuille « %s » vide : aucun en-tête de colonnes", sheet)}
		case headerLine > 0 && r.line < headerLine:
			continue
		case headerLine > 0 && r.line > headerLine:
			return nil, &standard.FileError{Line: headerLine, Msg: fmt.Sprintf("feuille « %s » : la ligne %d (ligne_entete de la correspondance) est vide", sheet, headerLine)}
		case r.err != "":
			return nil, &standard.FileError{Line: r.line, Msg: "en-tête illisible : " + r.err}
		}
		t.header, t.headerLine = r.cells, r.line
		return t, nil
	}
}
