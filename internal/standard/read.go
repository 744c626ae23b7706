// Package standard reads and writes the files of the Standard de données des
// lieux de médiation numérique: CSV and JSON, every version (0.1.x and 1.0.x),
// and GeoJSON.
package standard

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"maillage/internal/place"
)

// FileError is a problem that stops the reading of a whole file: nothing of
// it can be trusted.
type FileError struct {
	File string
	Line int // 0 when unknown
	Msg  string
	Err  error // the cause, when there is one (a *LimitError, the context's error…)
	// Plain, when Msg quotes the file's content (the names of a header
	// that is not the standard's), is Msg quoting nothing of it: for a
	// message shown to others than who gave the file (a harvest's error).
	Plain string
}

// PlainError is e's Error with Plain for Msg.
func (e *FileError) PlainError() string {
	if e.Plain == "" {
		return e.Error()
	}
	return (&FileError{File: e.File, Line: e.Line, Msg: e.Plain}).Error()
}

func (e *FileError) Unwrap() error { return e.Err }

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s, ligne %d : %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s : %s", e.File, e.Msg)
}

// Item is one record read from a file, before validation.
type Item struct {
	Raw   place.Raw
	Line  int // CSV: line where the record starts (the header is line 1); 0 for JSON
	Index int // JSON: position in the array, from 0; -1 for CSV
	// Err is set when the record could not be read at all (a CSV line with
	// the wrong number of columns, a JSON value that is not an object, a
	// value too long or holding a NUL byte); ErrField and ErrRule then say
	// which field and rule, when known.
	Err      string
	ErrField string
	ErrRule  string
	// filed are the file problems reading this item brought.
	filed []place.Problem
}

// Reader reads the records of one file.
type Reader struct {
	name    string
	format  string // "csv" or "json"
	version string
	// FileProblems are about the file as a whole (unknown columns…).
	FileProblems []place.Problem
	next         func() (*Item, error)
	meter        *meter
}

// Format returns "csv" or "json".
func (r *Reader) Format() string { return r.format }

// Version returns the version of the standard the file is written in: "0.1" or "1.0".
func (r *Reader) Version() string { return r.version }

// Next returns the next record, or io.EOF.
func (r *Reader) Next() (*Item, error) { return r.next() }

// Options tune the reading of a file.
type Options struct {
	// Context stops the reading when it is done (nil: never).
	Context context.Context
	// Limits bound the bytes read; zero fields mean no limit.
	Limits Limits
	// Workers validate records side by side (Scanner only); 0 or 1: one
	// goroutine does everything. Entries come in file order either way.
	Workers int
	// Kept names the columns or keys that are not the standard's but that
	// whoever wrote the file put there on purpose (the columns a
	// spreadsheet's correspondence keeps): their values go to the
	// provenance as unknown ones' do, without a notice.
	Kept []string
}

// NewReader detects the format (CSV or JSON), the column separator, the
// encoding mark and the version of the standard, and returns a reader of the
// file's records, within DefaultLimits. name is the file name (or URL) used
// in messages.
func NewReader(in io.Reader, name string) (*Reader, error) {
	return NewReaderOptions(in, name, Options{Limits: DefaultLimits})
}

// NewReaderOptions is NewReader with a context and limits.
func NewReaderOptions(in io.Reader, name string, opt Options) (*Reader, error) {
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	in, zipped, err := gunzip(in, name)
	if err != nil {
		return nil, err
	}
	m := &meter{ctx: ctx, r: in, lim: opt.Limits}
	br, notes := decode(bufio.NewReaderSize(m, 64<<10))
	notes = append(zipped, notes...)
	// Skip leading blank space to see what the file is.
	line := 1
	for {
		b, err := br.Peek(1)
		if err != nil {
			if err == io.EOF {
				return nil, &FileError{File: name, Msg: "fichier vide"}
			}
			return nil, readFailure(name, 1, "en-tête", err)
		}
		if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' {
			if b[0] == '\n' {
				line++
			}
			br.Discard(1)
			continue
		}
		kept := map[string]bool{}
		for _, k := range opt.Kept {
			kept[normaliseName(k)] = true
		}
		var r *Reader
		if head, _ := br.Peek(4); string(head) == "PK\x03\x04" {
			return nil, &FileError{File: name, Msg: "classeur (XLSX, ODS) ou archive ZIP, et non un fichier CSV ou JSON du standard : un tableur se lit avec sa correspondance (option --correspondance, voir le README)"}
		}
		if b[0] == '[' || b[0] == '{' {
			r, err = newJSONReader(br, m, name, line, kept)
		} else {
			r, err = newCSVReader(br, m, name, kept)
		}
		if r != nil {
			r.meter = m
			r.FileProblems = append(notes, r.FileProblems...)
		}
		return r, err
	}
}

// columns maps the columns of a file to the v1 record.
type columns struct {
	names   []string // as found in the file, normalised
	version string
	known   []bool
	field   []int          // v1 field index of each column of a v1 file, -1 otherwise
	pos     map[string]int // column of each name, built on first use
	// unknown are the unknown JSON keys met after the first record (at
	// most unknownTracked); unknownFull: the last notice was given.
	unknown     map[string]bool
	unknownFull bool
	// kept are the unknown names given on purpose (Options.Kept): no
	// notice names them.
	kept map[string]bool
}

func detectVersion(names []string) string {
	v0, v1 := 0, 0
	for _, n := range names {
		if v0Only[n] {
			v0++
		}
		if v1Only[n] {
			v1++
		}
	}
	if v0 > v1 {
		return "0.1"
	}
	return "1.0"
}

func isKnown(name, version string) bool {
	if version == "0.1" {
		for _, f := range v0Fields {
			if f == name {
				return true
			}
		}
		return false
	}
	_, ok := place.FieldIndex[name]
	return ok
}

func normaliseName(s string) string {
	return strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "\"")))
}

// set puts value v of column c into the raw record.
func (cols *columns) set(r *place.Raw, c int, v string) {
	name := cols.names[c]
	if !cols.known[c] {
		if v != "" {
			if r.Original == nil {
				r.Original = map[string]string{}
			}
			r.Original[name] = v
		}
		return
	}
	if cols.version == "0.1" {
		setV0(r, name, v)
		return
	}
	r.Values[cols.field[c]] = v
}

func newColumns(names []string, file string, json bool, kept map[string]bool) (*columns, []place.Problem, error) {
	cols := &columns{names: make([]string, len(names)), known: make([]bool, len(names)), kept: kept}
	for i, n := range names {
		cols.names[i] = normaliseName(n)
	}
	cols.version = detectVersion(cols.names)
	problems := xyColumns(cols.names)
	seen := map[string]bool{}
	nknown := 0
	var unknown []string
	for i, n := range cols.names {
		if seen[n] {
			return nil, nil, &FileError{File: file, Line: 1, Msg: fmt.Sprintf("colonne « %s » en double dans l'en-tête", n), Plain: duplicatePlain(n, cols.version)}
		}
		seen[n] = true
		cols.known[i] = isKnown(n, cols.version)
		cols.field = append(cols.field, -1)
		if fi, ok := place.FieldIndex[n]; ok && cols.version == "1.0" {
			cols.field[i] = fi
		}
		if cols.known[i] {
			nknown++
			if n != names[i] {
				problems = append(problems, place.Problem{Severity: place.Info, Field: n, Value: names[i], Rule: place.RuleNormalised,
					Message: "nom de colonne normalisé"})
			}
		} else if !kept[n] {
			unknown = append(unknown, names[i])
		}
	}
	if len(unknown) > 0 {
		problems = append(problems, unknownProblem(unknown, cols.version, json, false))
	}
	if nknown == 0 || !seen["id"] && !seen["nom"] {
		return nil, nil, &FileError{File: file, Line: 1, Msg: headerMessage(names, cols), Plain: headerPlain(names, cols)}
	}
	return cols, problems, nil
}

// headerAgain reports whether a CSV line is a header line again: at least
// two values, « id » or « nom » among them, each one the name of a column
// of the standard or of this file's header at its place.
func (cols *columns) headerAgain(rec []string) bool {
	n, key := 0, false
	for c, v := range rec {
		v = normaliseName(v)
		if v == "" {
			continue
		}
		if !isKnown(v, "1.0") && !isKnown(v, "0.1") && (c >= len(cols.names) || v != cols.names[c]) {
			return false
		}
		n++
		key = key || v == "id" || v == "nom"
	}
	return n >= 2 && key
}

func newCSVReader(br *bufio.Reader, m *meter, name string, kept map[string]bool) (*Reader, error) {
	br, notes := lineEndings(br)
	head, _ := br.Peek(64 << 10)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	if !isUTF8(head) {
		return nil, &FileError{File: name, Line: 1, Msg: "encodage non UTF-8 (enregistrez le fichier en UTF-8)"}
	}
	sep := detectSeparator(string(head))
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &FileError{File: name, Line: pe.Line, Msg: "en-tête CSV illisible : " + csvMessage(pe)}
		}
		return nil, readFailure(name, 1, "en-tête", err)
	}
	for _, h := range header {
		if strings.IndexByte(h, 0) >= 0 {
			return nil, &FileError{File: name, Line: 1, Msg: "caractère nul (octet 0) dans l'en-tête : ce n'est pas un fichier CSV de texte"}
		}
	}
	cols, problems, err := newColumns(header, name, false, kept)
	if err != nil {
		return nil, err
	}
	if sep != ',' {
		problems = append(problems, place.Problem{Severity: place.Info, Rule: place.RuleFormat,
			Message: fmt.Sprintf("séparateur de colonnes « %c » détecté (le standard demande « , »)", sep)})
	}
	r := &Reader{name: name, format: "csv", version: cols.version, FileProblems: append(notes, problems...)}
	lim := m.lim
	next := 2 // the line where the next record begins, at the earliest
	r.next = func() (*Item, error) {
		for {
			m.startRecord()
			rec, err := cr.Read()
			if err == io.EOF {
				return nil, io.EOF
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					next = pe.Line + 1
					return &Item{Line: pe.StartLine, Index: -1, Err: "ligne CSV illisible : " + csvMessage(pe)}, nil
				}
				return nil, readFailure(name, next, fmt.Sprintf("enregistrement commençant ligne %d", next), err)
			}
			line, _ := cr.FieldPos(0)
			last, _ := cr.FieldPos(len(rec) - 1)
			next = last + strings.Count(rec[len(rec)-1], "\n") + 1
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue // blank line
			}
			it := newItem()
			it.Line, it.Index = line, -1
			it.Raw.Version = cols.version
			if cols.headerAgain(rec) {
				// One error for the line, not a record « id » with an
				// error per value.
				it.Err = "ligne d'en-tête répétée : des noms de colonnes au milieu des données (deux fichiers mis bout à bout ?)"
				return it, nil
			}
			if len(rec) != len(cols.names) {
				it.Err = fmt.Sprintf("%d colonnes au lieu de %d", len(rec), len(cols.names))
				for c := 0; c < len(rec) && c < len(cols.names); c++ {
					if cols.names[c] == "id" && checkValue(it, cols.names[c], rec[c], lim) {
						it.Raw.Values[place.FID] = rec[c]
					}
				}
				return it, nil
			}
			v1 := cols.version == "1.0"
			for c, v := range rec {
				if v == "" && v1 {
					continue // nothing to check or set: half the columns of a real file
				}
				if !checkValue(it, cols.names[c], v, lim) {
					break
				}
				cols.set(&it.Raw, c, v)
			}
			return it, nil
		}
	}
	return r, nil
}

// checkValue refuses a value that is too long, holds a NUL byte or is not
// UTF-8: it sets the item's error and returns false.
func checkValue(it *Item, field, v string, lim Limits) bool {
	switch {
	case lim.Field > 0 && int64(len(v)) > lim.Field:
		it.Err = fmt.Sprintf("valeur de %s dans le champ %s : plus que la limite de %s par valeur", FormatSize(int64(len(v))), field, FormatSize(lim.Field))
		it.ErrRule = place.RuleMaxSize
	case strings.IndexByte(v, 0) >= 0:
		it.Err = "caractère nul (octet 0) dans le champ " + field + " : refusé"
		it.ErrRule = place.RuleControl
	case !utf8.ValidString(v):
		it.Err = "valeur non UTF-8 dans le champ " + field + " : enregistrez le fichier en « CSV UTF-8 »"
		it.ErrRule = place.RuleFormat
	default:
		return true
	}
	it.ErrField = field
	return false
}

// csvMessage says in French what encoding/csv found wrong on a line.
func csvMessage(pe *csv.ParseError) string {
	where := fmt.Sprintf(" (ligne %d, colonne %d)", pe.Line, pe.Column)
	switch pe.Err {
	case csv.ErrBareQuote:
		return "guillemet « \" » au milieu d'une valeur sans guillemets : doublez-le (\"\") ou entourez la valeur de guillemets" + where
	case csv.ErrQuote:
		return "guillemet « \" » mal placé ou jamais refermé dans une valeur entre guillemets" + where
	case csv.ErrTrailingComma:
		return "séparateur en fin de ligne" + where
	}
	return pe.Err.Error() + where
}

// detectSeparator picks the column separator of a header line: the one
// that splits it into the most names of the standard, then into the most
// columns.
func detectSeparator(header string) rune {
	return DetectSeparator(header, func(n string) bool { return isKnown(n, "1.0") || isKnown(n, "0.1") })
}

func isUTF8(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return utf8.Valid(b)
		}
	}
	return true
}

// JSON: an array of flat objects (the national tools' exchange form), an
// object holding such an array ("lieux", "data", "records", "items"), or a
// GeoJSON FeatureCollection.

func newJSONReader(br *bufio.Reader, m *meter, name string, firstLine int, kept map[string]bool) (*Reader, error) {
	keep := m.lim.Record + 2*readAhead
	if m.lim.Record <= 0 {
		keep = 4 << 20
	}
	pos := &positions{r: br, line: firstLine, keep: keep}
	dec := json.NewDecoder(pos)
	dec.UseNumber()
	r := &Reader{name: name, format: "json"}
	index := -1
	// fail reports an error of dec.Token (decoding false) or dec.Decode.
	fail := func(err error, decoding bool) error {
		var le *LimitError
		var ie *errInterrupted
		if errors.As(err, &le) || errors.As(err, &ie) {
			where := "en-tête JSON"
			if index >= 0 {
				where = elementName(index)
			}
			return readFailure(name, 0, where, err)
		}
		off := dec.InputOffset()
		var se *json.SyntaxError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			off = pos.off
		case errors.As(err, &se) && decoding && strings.HasPrefix(se.Error(), "invalid character"):
			// The decoder's offset counts what all its values scanned:
			// scan this value again alone to place the error.
			d := json.NewDecoder(bytes.NewReader(pos.slice(off, pos.off)))
			var raw json.RawMessage
			if err := d.Decode(&raw); errors.As(err, &se) {
				off += se.Offset - 1
			}
		case errors.As(err, &se):
			off = se.Offset
		}
		line, col := pos.at(off)
		if line == 0 {
			return &FileError{File: name, Msg: fmt.Sprintf("JSON invalide (octet %d) : %s", off, jsonMessage(err)), Err: err}
		}
		what := "JSON invalide"
		if errors.As(err, &se) && strings.HasSuffix(se.Error(), "exceeded max depth") {
			what = "JSON refusé" // valid, but nested too deep
		}
		return &FileError{File: name, Line: line, Msg: fmt.Sprintf("%s (colonne %d) : %s", what, col, jsonMessage(err)), Err: err}
	}
	// failMsg reports an unexpected token just read.
	failMsg := func(msg string) error {
		line, col := pos.at(dec.InputOffset() - 1)
		if line == 0 {
			return &FileError{File: name, Msg: "JSON inattendu : " + msg}
		}
		return &FileError{File: name, Line: line, Msg: fmt.Sprintf("JSON inattendu (colonne %d) : %s", col, msg)}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fail(err, false)
	}
	geo := false
	arrayKey := "" // the key of the array read, in an object
	if tok == json.Delim('{') {
		// Find the array of records.
		found := false
		for dec.More() {
			m.startRecord()
			kt, err := dec.Token()
			if err != nil {
				return nil, fail(err, false)
			}
			key, _ := kt.(string)
			switch {
			case placeArrayKeys[key]:
				t, err := dec.Token()
				if err != nil {
					return nil, fail(err, false)
				}
				if t != json.Delim('[') {
					return nil, failMsg("« " + key + " » devrait être un tableau")
				}
				geo = key == "features"
				found, arrayKey = true, key
			default:
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return nil, fail(err, true)
				}
				continue
			}
			break
		}
		if !found {
			return nil, &FileError{File: name, Msg: "aucun tableau de lieux trouvé (attendu : un tableau d'objets, ou une FeatureCollection GeoJSON)"}
		}
	} else if tok != json.Delim('[') {
		return nil, failMsg("un tableau d'objets est attendu")
	}
	var cols *columns
	lim := m.lim
	done := false
	r.next = func() (*Item, error) {
		if done || !dec.More() {
			if !done && arrayKey != "" {
				done = true
				if err := otherArrays(dec, arrayKey, fail, failMsg); err != nil {
					return nil, err
				}
			}
			done = true
			return nil, io.EOF
		}
		index++
		m.startRecord()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			done = true
			return nil, fail(err, true)
		}
		what := elementName(index)
		obj, oerr, err := elementObject(m.ctx, raw, geo, what)
		if err != nil {
			done = true
			return nil, readFailure(name, 0, what, err)
		}
		it := &Item{Index: index}
		if oerr != nil {
			it.Err, it.ErrField, it.ErrRule = oerr.msg, oerr.field, oerr.rule
			return it, nil
		}
		if obj == nil {
			return &Item{Index: index, Err: "l'élément n'est pas un objet"}, nil
		}
		for _, k := range obj.keys {
			if !checkValue(it, k, k, lim) {
				it.Err = "nom de champ refusé : " + it.Err
				if id, ok := obj.get("id"); ok {
					it.Raw.Values[place.FID], _ = jsonValue(id, "1.0")
				}
				return it, nil
			}
		}
		if cols == nil {
			names := slices.Clone(obj.keys)
			slices.Sort(names)
			c, problems, err := newColumns(names, name, true, kept)
			if err != nil {
				done = true
				return nil, err
			}
			cols, r.FileProblems, r.version = c, problems, c.version
		}
		it.Raw.Version = cols.version
		var fresh []string // unknown keys no record had before
		for _, k := range orderedKeys(obj, cols.version) {
			v, _ := obj.get(k)
			if msg := jsonIDType(k, v); msg != "" {
				if it.Err == "" {
					it.Err, it.ErrField = msg, normaliseName(k)
				}
				continue
			}
			s, errMsg := jsonValue(v, cols.version)
			if errMsg != "" {
				if it.Err == "" {
					it.Err, it.ErrField = errMsg, k
				}
				continue
			}
			if it.Err == "" && !checkValue(it, k, s, lim) {
				continue
			}
			n := normaliseName(k)
			c := cols.index(n)
			if c < 0 && !isKnown(n, cols.version) {
				// An unknown key the first record did not have: kept in
				// the provenance, without a column (there may be many).
				if s != "" {
					if it.Raw.Original == nil {
						it.Raw.Original = map[string]string{}
					}
					it.Raw.Original[n] = s
				}
				if cols.unknownSeen(n) {
					fresh = append(fresh, n)
				}
				continue
			}
			if c < 0 {
				c = cols.add(k)
			}
			cols.set(&it.Raw, c, s)
		}
		if it.Err == "" && !utf8.Valid(raw) {
			it.Err, it.ErrRule = "nom de champ non UTF-8 : enregistrez le fichier en UTF-8", place.RuleFormat
		}
		if p, ok := cols.laterUnknown(fresh); ok {
			r.FileProblems = append(r.FileProblems, p)
		}
		return it, nil
	}
	// Peek at the first record to learn the version.
	first, err := r.next()
	if err != nil && err != io.EOF {
		return nil, err
	}
	if r.version == "" {
		// No readable record yet (an empty array, or a first element
		// that is not an object): the current version until told otherwise.
		r.version = "1.0"
	}
	if first == nil {
		return r, nil
	}
	pending := first
	next := r.next
	r.next = func() (*Item, error) {
		if pending != nil {
			it := pending
			pending = nil
			return it, nil
		}
		return next()
	}
	return r, nil
}

// orderedKeys returns the keys of a record in the standard's column order,
// unknown keys last in alphabetical order, so that reading is deterministic.
func orderedKeys(obj *object, version string) []string {
	keys := slices.Clone(obj.keys)
	order := place.FieldNames[:]
	if version == "0.1" {
		order = v0Fields
	}
	type ranked struct {
		key  string
		rank int
	}
	rs := make([]ranked, len(keys))
	for i, k := range keys {
		rank := slices.Index(order, normaliseName(k))
		if rank < 0 {
			rank = len(order)
		}
		rs[i] = ranked{k, rank}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return strings.Compare(a.key, b.key)
	})
	for i := range rs {
		keys[i] = rs[i].key
	}
	return keys
}

func (cols *columns) index(name string) int {
	if cols.pos == nil {
		cols.pos = make(map[string]int, len(cols.names))
		for i, n := range cols.names {
			cols.pos[n] = i
		}
	}
	if i, ok := cols.pos[name]; ok {
		return i
	}
	return -1
}

// add appends a column of the standard the first record did not have.
func (cols *columns) add(raw string) int {
	n := normaliseName(raw)
	cols.names = append(cols.names, n)
	cols.known = append(cols.known, true)
	fi, ok := place.FieldIndex[n]
	if !ok || cols.version != "1.0" {
		fi = -1
	}
	cols.field = append(cols.field, fi)
	if cols.pos != nil {
		cols.pos[n] = len(cols.names) - 1
	}
	return len(cols.names) - 1
}

// elementObject reads one element of the array as a record: the object
// itself, or a GeoJSON Feature's properties (with latitude and longitude
// from its Point geometry when the properties lack them). It returns nil
// when the element (or the Feature's properties) is not an object.
func elementObject(ctx context.Context, raw json.RawMessage, geo bool, what string) (*object, *objectError, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, nil, nil
	}
	o, oerr, err := readObject(ctx, raw, what)
	if !geo || o == nil {
		return o, oerr, err
	}
	f := o
	props := &object{}
	if p, _ := f.get("properties"); len(bytes.TrimSpace(p)) > 0 && bytes.TrimSpace(p)[0] == '{' {
		props, oerr, err = readObject(ctx, bytes.TrimSpace(p), what)
		if props == nil {
			return nil, oerr, err
		}
	}
	var geom struct {
		Type        string        `json:"type"`
		Coordinates []json.Number `json:"coordinates"`
	}
	if g, _ := f.get("geometry"); json.Unmarshal(g, &geom) == nil && geom.Type == "Point" && len(geom.Coordinates) >= 2 {
		if _, ok := props.get("longitude"); !ok {
			props.set("longitude", json.RawMessage(geom.Coordinates[0]))
		}
		if _, ok := props.get("latitude"); !ok {
			props.set("latitude", json.RawMessage(geom.Coordinates[1]))
		}
	}
	if id, _ := f.get("id"); len(id) > 0 {
		if _, ok := props.get("id"); !ok {
			props.set("id", id)
		}
	}
	return props, nil, nil
}

// jsonValue turns a JSON value into the text the CSV would hold: strings as
// they are, numbers as written, lists joined with the version's separator.
func jsonValue(v json.RawMessage, version string) (string, string) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "", ""
	}
	switch v[0] {
	case '"':
		if !utf8.Valid(v) {
			// encoding/json would put U+FFFD in its place, silently
			return "", "valeur non UTF-8 : enregistrez le fichier en UTF-8"
		}
		if esc := loneSurrogate(v); esc != "" {
			// encoding/json would put U+FFFD in its place, silently
			return "", "caractère « " + esc + " » isolé (une moitié de paire UTF-16 sans l'autre) : ce n'est pas un caractère, la valeur est illisible ; corrigez-la dans la source"
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", err.Error()
		}
		return s, ""
	case 'n':
		return "", ""
	case 't', 'f':
		return string(v), ""
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			return "", err.Error()
		}
		sep := place.ListSeparator
		if version == "0.1" {
			sep = ";"
		}
		parts := make([]string, 0, len(items))
		for _, it := range items {
			s, msg := jsonValue(it, version)
			if msg != "" {
				return "", msg
			}
			if it[0] == '[' || it[0] == '{' {
				return "", "liste imbriquée"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, sep), ""
	case '{':
		return "", "objet inattendu : une valeur texte est attendue"
	}
	// a number: keep it as written
	if _, err := strconv.ParseFloat(string(v), 64); err != nil {
		return "", "valeur illisible"
	}
	return string(v), ""
}
