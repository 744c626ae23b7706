package tableur

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/standard"
)

// Rules of the diagnostics Convert gives (see place.Rule* for the others).
const (
	// RuleUnmapped: a value that no rule of the correspondence maps to the
	// standard's vocabulary; kept in the provenance, not published.
	RuleUnmapped = "correspondance-valeur"
	// RuleHours: a day's opening hours that cannot be read.
	RuleHours = "correspondance-horaires"
	// RulePart: a value without the part the correspondence takes.
	RulePart = "correspondance-partie"
	// RuleUnread: columns of the spreadsheet the correspondence does not read.
	RuleUnread = "correspondance-colonnes"
)

// Convert reads the spreadsheet in (CSV in any encoding, or XLSX; named
// file in messages) with the correspondence c and writes its places to
// out as a JSON array of the standard v1.0.1, which internal/standard and
// the importer read. Values that no rule maps are never dropped silently:
// each gives a diagnostic naming the spreadsheet's line, column, value and
// the rule, and is written under its column's name, a key the standard
// does not know, which the importer keeps in the record's provenance.
//
// The error is a *standard.FileError when the spreadsheet cannot be read
// (nothing was written to out then, or an incomplete array), a
// failure.Invalid when the correspondence cannot be applied.
func Convert(ctx context.Context, in io.Reader, file string, c *Correspondence, out io.Writer) ([]standard.Diagnostic, error) {
	res, err := ConvertWith(ctx, in, file, c, out, Options{})
	return res.Diagnostics, err
}

// Options tune a conversion.
type Options struct {
	// Limits bound the reading; zero fields take DefaultLimits'.
	Limits Limits
}

// Result is what a conversion wrote and found.
type Result struct {
	Format      string // "csv" or "xlsx"; "" when the file could not be opened
	Diagnostics []standard.Diagnostic
	// Lines holds, for each element written, the spreadsheet line it
	// comes from.
	Lines []int
	// Kept are the keys, not the standard's, under which the elements
	// may keep a column the correspondence reads or keeps (its value as
	// the spreadsheet gave it, for the provenance): the reader of the
	// output is told them (standard.Options.Kept) so that it does not
	// call them unknown.
	Kept []string
}

// Relocate makes a diagnostic of the standard's reader on the output
// (which names element i of the JSON) name the spreadsheet file and the
// line the element came from, as the conversion's own diagnostics do.
func (r *Result) Relocate(d *standard.Diagnostic, file string) {
	d.File = file
	if d.Index >= 0 && d.Index < len(r.Lines) {
		d.Line, d.Index = r.Lines[d.Index], -1
	}
}

// ConvertWith is Convert with options, giving the line of every element
// written besides the diagnostics. The Result is never nil.
func ConvertWith(ctx context.Context, in io.Reader, file string, c *Correspondence, out io.Writer, opt Options) (*Result, error) {
	lim := opt.Limits
	if lim.File <= 0 {
		lim.File = DefaultLimits.File
	}
	if lim.Field <= 0 {
		lim.Field = DefaultLimits.Field
	}
	if lim.Cells <= 0 {
		lim.Cells = DefaultLimits.Cells
	}
	return convert(ctx, in, file, c, out, lim)
}

func convert(ctx context.Context, in io.Reader, file string, c *Correspondence, out io.Writer, lim Limits) (*Result, error) {
	res := &Result{}
	if c == nil {
		return res, failure.Errorf(failure.Invalid, "aucune correspondance donnée pour lire %s", file)
	}
	for _, f := range c.fields {
		if f.fileDate && c.FileDate.IsZero() {
			return res, failure.Errorf(failure.Invalid, "la correspondance « %s » date les lieux du jour du fichier (date_maj : date_du_fichier), mais la date de %s est inconnue", c.Name, file)
		}
	}
	t, err := openTable(ctx, in, file, c, lim)
	if err != nil {
		return res, err
	}
	res.Format = t.format
	cv, err := newConverter(c, t, file)
	if err != nil {
		return res, err
	}
	res.Kept = cv.keptKeys()
	defer func() { res.Diagnostics = cv.diags }()
	w := bufio.NewWriterSize(out, 64<<10)
	if _, err := w.WriteString("["); err != nil {
		return res, err
	}
	for {
		if err := ctx.Err(); err != nil {
			return res, &standard.FileError{File: file, Msg: "lecture interrompue", Err: err}
		}
		r, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, err
		}
		if r.err != "" {
			cv.diags = append(cv.diags, standard.Diagnostic{File: file, Line: r.line, Index: -1, Problem: place.Problem{
				Severity: place.Error, Rule: place.RuleFormat, Message: r.err + " : ligne ignorée"}})
			continue
		}
		b := cv.record(r)
		sep := ",\n"
		if len(res.Lines) == 0 {
			sep = "\n"
		}
		res.Lines = append(res.Lines, r.line)
		if _, err := w.WriteString(sep); err != nil {
			return res, err
		}
		if _, err := w.Write(b); err != nil {
			return res, err
		}
	}
	end := "\n]\n"
	if len(res.Lines) == 0 {
		end = "]\n"
	}
	if _, err := w.WriteString(end); err != nil {
		return res, err
	}
	return res, w.Flush()
}

// converter applies a correspondence to the rows of one table.
type converter struct {
	c     *Correspondence
	file  string
	index map[string]int // column key → position in the header
	names []string       // header names, trimmed
	diags []standard.Diagnostic
	// keepAs is the key a kept column is written under.
	keepAs   map[int]string
	days     map[string]dayReading
	osm      map[string]error // the verdict of the OSM parser on values composed
	cols     map[string]int   // column of the correspondence → position in the header
	format   string           // "csv" or "xlsx"
	date1904 bool             // XLSX: the workbook counts dates from 1904
	// published are the columns a field without rules publishes as they
	// are (nom, adresse…).
	published map[int]bool
	keep      []int        // columns of c.Keep
	read      map[int]bool // the columns the correspondence reads or keeps
}

func newConverter(c *Correspondence, t *table, file string) (*converter, error) {
	cv := &converter{c: c, file: file, index: map[string]int{}, keepAs: map[int]string{}, published: map[int]bool{},
		format: t.format, date1904: t.date1904, days: map[string]dayReading{}, osm: map[string]error{}, cols: map[string]int{}}
	dup := map[string]bool{}
	for i, h := range t.header {
		name := strings.TrimSpace(h)
		cv.names = append(cv.names, name)
		k := columnKey(name)
		if k == "" {
			continue
		}
		if _, seen := cv.index[k]; seen {
			dup[k] = true
			continue
		}
		cv.index[k] = i
	}
	var missing, twice []string
	used := map[int]bool{}
	for _, col := range c.columnsUsed() {
		k := columnKey(col)
		i, ok := cv.index[k]
		switch {
		case !ok:
			missing = append(missing, col)
		case dup[k]:
			twice = append(twice, col)
		default:
			used[i] = true
			cv.cols[col] = i
		}
	}
	if len(missing) > 0 || len(twice) > 0 {
		var parts []string
		if len(missing) > 0 {
			parts = append(parts, fmt.Sprintf("colonnes absentes de l'en-tête : %s", quoteAll(missing)))
		}
		if len(twice) > 0 {
			parts = append(parts, fmt.Sprintf("colonnes en double dans l'en-tête : %s", quoteAll(twice)))
		}
		return nil, &standard.FileError{File: file, Line: t.headerLine, Msg: fmt.Sprintf("%s (correspondance « %s ») ; colonnes du fichier : %s",
			strings.Join(parts, " ; "), c.Name, quoteAll(nonEmpty(cv.names)))}
	}
	for _, p := range t.notes {
		cv.diags = append(cv.diags, standard.Diagnostic{File: file, Index: -1, Problem: p})
	}
	var unread []string
	for i, n := range cv.names {
		if !used[i] && n != "" {
			unread = append(unread, n)
		}
	}
	if len(unread) > 0 {
		cv.diags = append(cv.diags, standard.Diagnostic{File: file, Line: t.headerLine, Index: -1, Problem: place.Problem{
			Severity: place.Info, Rule: RuleUnread,
			Message: fmt.Sprintf("colonnes que la correspondance « %s » ne lit pas, ni ne conserve : %s", c.Name, quoteAll(unread))}})
	}
	for _, col := range c.Keep {
		cv.keep = append(cv.keep, cv.index[columnKey(col)])
	}
	cv.read = used
	for _, f := range c.fields {
		if _, voc := vocabularies[f.field]; !voc && f.split == "" {
			for _, col := range f.columns {
				cv.published[cv.index[columnKey(col)]] = true
			}
		}
	}
	return cv, nil
}

func nonEmpty(names []string) []string {
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// cell returns the trimmed value of column col in r.
func (cv *converter) cell(r *row, col string) (string, int) {
	i, ok := cv.cols[col]
	if !ok {
		i = cv.index[columnKey(col)]
	}
	if i < len(r.cells) {
		return strings.TrimSpace(r.cells[i]), i
	}
	return "", i
}

// keptKeys are the keys under which the columns the correspondence reads
// or keeps may be written, in the header's order.
func (cv *converter) keptKeys() []string {
	var keys []string
	for i, n := range cv.names {
		if n != "" && cv.read[i] {
			keys = append(keys, cv.keyFor(i))
		}
	}
	return keys
}

// keyFor is the key under which column i is kept: its name, unless the
// standard has a field of that name.
func (cv *converter) keyFor(i int) string {
	if k, ok := cv.keepAs[i]; ok {
		return k
	}
	k := cv.names[i]
	if _, isField := place.FieldIndex[strings.ToLower(k)]; isField {
		k = "tableur_" + k
	}
	cv.keepAs[i] = k
	return k
}

// record converts one row into the JSON object of a record.
func (cv *converter) record(r *row) []byte {
	var values [place.NumFields]string
	kept := map[int]string{}
	id := ""
	diag := func(sev place.Severity, col int, value, rule, msg string) {
		cv.diags = append(cv.diags, standard.Diagnostic{File: cv.file, Line: r.line, Index: -1, RecordID: id,
			Problem: place.Problem{Severity: sev, Field: cv.names[col], Value: value, Rule: rule, Message: msg}})
	}
	for _, f := range cv.c.fields {
		var out []string
		given := false // a cell the field reads has a value
		switch {
		case f.constant != nil:
			out = f.constant
		case f.fileDate:
			out = []string{cv.c.FileDate.Format(place.DateLayout)}
		case f.hours != nil:
			out, given = cv.hours(f, r, kept, diag)
		default:
			out, given = cv.columns(f, r, kept, diag)
		}
		if len(out) == 0 && !given {
			out = f.deflt
		}
		values[f.field] = strings.Join(out, place.ListSeparator)
		if f.field == place.FID {
			id = values[f.field]
		}
	}
	for _, i := range cv.keep {
		if i < len(r.cells) {
			if v := strings.TrimSpace(r.cells[i]); v != "" {
				kept[i] = r.cells[i]
			}
		}
	}
	if len(r.cells) > len(cv.names) {
		if extra := nonEmpty(trimAll(r.cells[len(cv.names):])); len(extra) > 0 {
			cv.diags = append(cv.diags, standard.Diagnostic{File: cv.file, Line: r.line, Index: -1, RecordID: id, Problem: place.Problem{
				Severity: place.Warning, Rule: place.RuleFormat, Value: strings.Join(extra, " | "),
				Message: fmt.Sprintf("%d cellules au-delà des %d colonnes de l'en-tête : ignorées", len(r.cells)-len(cv.names), len(cv.names))}})
		}
	}
	return cv.encode(&values, kept)
}

func trimAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.TrimSpace(v)
	}
	return out
}

type diagFunc func(sev place.Severity, col int, value, rule, msg string)

// columns fills a field from its columns: joined, split, mapped by the
// rules to the standard's vocabulary. given is false when every cell it
// reads is empty.
func (cv *converter) columns(f *fieldSpec, r *row, kept map[int]string, diag diagFunc) (out []string, given bool) {
	voc := vocabularies[f.field]
	for k, col := range f.columns {
		v, ci := cv.cell(r, col)
		if v == "" {
			continue
		}
		given = true
		if f.field == place.FDateMaj {
			if d, how := cv.dateOf(v); how != "" {
				diag(place.Info, ci, v, place.RuleNormalised, how+" : "+d)
				v = d
			}
		}
		items := []string{v}
		if f.split != "" {
			parts := trimAll(strings.Split(v, f.split))
			switch {
			case f.part == 0:
				items = nonEmpty(parts)
			case f.part > 0 && f.part <= len(parts):
				items = []string{parts[f.part-1]}
			case f.part < 0 && -f.part <= len(parts):
				items = []string{parts[len(parts)+f.part]}
			default:
				kept[ci] = v
				diag(place.Warning, ci, v, RulePart, fmt.Sprintf("pas de partie %d une fois la valeur séparée par « %s » (champ %s, %s) : conservée dans la provenance, pas publiée",
					f.part, f.split, place.FieldNames[f.field], cv.where(f.line)))
				continue
			}
		}
		if voc == nil {
			out = append(out, nonEmpty(items)...)
			continue
		}
		for _, it := range items {
			if it == "" {
				continue
			}
			matched := false
			for _, ru := range f.rules {
				if ru.appliesTo(f.colKeys[k]) && ru.matches(it) {
					matched = true
					out = append(out, ru.gives...)
				}
			}
			if matched {
				continue
			}
			if c, _, ok := voc.Lookup(it); ok {
				out = append(out, c)
				continue
			}
			if cv.published[ci] {
				// Another field publishes the cell as it is (a name read
				// for its words): nothing is lost.
				continue
			}
			kept[ci] = v
			what := "aucune règle ne la reconnaît"
			if len(f.rules) == 0 {
				what = "le champ n'a pas de règles"
			}
			diag(place.Warning, ci, it, RuleUnmapped, fmt.Sprintf("valeur non reconnue pour le champ %s : %s (%s) et ce n'est pas une valeur du standard ; conservée dans la provenance (colonne « %s »), pas publiée",
				place.FieldNames[f.field], what, cv.where(f.line), cv.names[ci]))
		}
	}
	if voc != nil {
		out = vocabularyOrder(voc, out)
	} else if len(out) > 1 {
		return []string{strings.Join(out, f.join)}, given
	}
	return out, given
}

// dateOf reads what a spreadsheet shows of a date that the standard's
// reader would not: an XLSX date serial in a cell without a date format
// (45323 is 2024-02-01), a date with its time of day.
func (cv *converter) dateOf(v string) (date, how string) {
	if t, err := time.Parse("2006-01-02 15:04", v); err == nil {
		return t.Format(place.DateLayout), "heure retirée de la date"
	}
	if cv.format != "xlsx" || !allDigits(v) || len(v) > 7 {
		return "", ""
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 2958465 {
		return "", ""
	}
	d, ok := serialText(float64(n), dateOnly, cv.date1904)
	if !ok {
		return "", ""
	}
	return d, "numéro de série de date d'Excel converti"
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// where names a line of the correspondence: « correspondance
// « france-services (intégrée) », ligne 12 ».
func (cv *converter) where(line int) string {
	if line > 0 {
		return fmt.Sprintf("correspondance « %s », ligne %d", cv.c.File, line)
	}
	return fmt.Sprintf("correspondance « %s »", cv.c.File)
}

// vocabularyOrder removes repeated values and orders them as the
// standard's list does.
func vocabularyOrder(voc *place.Vocabulary, vs []string) []string {
	out := slices.Clone(vs)
	slices.SortStableFunc(out, func(a, b string) int {
		return slices.Index(voc.Values, a) - slices.Index(voc.Values, b)
	})
	return slices.Compact(out)
}

// dayReading is what readDay made of a cell.
type dayReading struct {
	spans []span
	note  string
	ok    bool
}

// maxDays bounds the cells whose reading is remembered: a list repeats
// the same few hundred texts of hours thousands of times.
const maxDays = 10_000

func (cv *converter) readDay(v string) ([]span, string, bool) {
	if d, ok := cv.days[v]; ok {
		return d.spans, d.note, d.ok
	}
	spans, note, ok := readDay(v)
	if len(cv.days) < maxDays {
		cv.days[v] = dayReading{spans, note, ok}
	}
	return spans, note, ok
}

// hours composes the OSM opening_hours value from one column per day.
// given is false when every day's cell is empty.
func (cv *converter) hours(f *fieldSpec, r *row, kept map[int]string, diag diagFunc) (osm []string, given bool) {
	var week [7][]span
	bad := false
	var cells, normalised []int
	for d, col := range f.hours.days {
		if col == "" {
			continue
		}
		v, ci := cv.cell(r, col)
		if v != "" {
			cells = append(cells, ci)
		}
		spans, note, ok := cv.readDay(v)
		if note != "" {
			normalised = append(normalised, ci)
			diag(place.Info, ci, v, place.RuleNormalised, fmt.Sprintf("horaires du %s : %s ; valeur d'origine conservée dans la provenance (%s)", dayNames[d], note, cv.where(f.line)))
		}
		if !ok {
			bad = true
			diag(place.Warning, ci, v, RuleHours, fmt.Sprintf("horaires du %s illisibles (attendu par exemple « 09:00 - 12:00 / 13:30 - 17:00 », « 9h-12h et 14h-17h », « fermé ») : les horaires du lieu ne sont pas publiés (inconnus) ; les valeurs des jours sont conservées dans la provenance (%s)",
				dayNames[d], cv.where(f.line)))
			continue
		}
		week[d] = spans
	}
	given = len(cells) > 0
	if bad {
		for _, ci := range cells {
			kept[ci] = r.cells[ci]
		}
		return nil, given
	}
	for _, ci := range normalised {
		kept[ci] = r.cells[ci]
	}
	value := composeOSM(week, f.hours.holidaysClosed)
	if value == "" {
		return nil, given
	}
	err, seen := cv.osm[value]
	if !seen {
		_, err = openinghours.Parse(value)
		if len(cv.osm) < maxDays {
			cv.osm[value] = err
		}
	}
	if err != nil {
		// composeOSM writes what the parser reads: this is a bug.
		for _, ci := range cells {
			kept[ci] = r.cells[ci]
		}
		diag(place.Warning, cells[0], value, RuleHours, "horaires composés illisibles ("+err.Error()+") : non publiés")
		return nil, given
	}
	return []string{value}, given
}

// jsonNumber is a number as JSON writes it.
var jsonNumber = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$`)

// encode writes a record as the standard's JSON object: its fields in the
// schema's order (latitude and longitude as numbers when they are), then
// the kept columns in the spreadsheet's order.
func (cv *converter) encode(values *[place.NumFields]string, kept map[int]string) []byte {
	b := []byte{'{'}
	first := true
	key := func(k string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, k)
		b = append(b, ':')
	}
	for i, v := range values {
		if v == "" {
			continue
		}
		key(place.FieldNames[i])
		if (i == place.FLatitude || i == place.FLongitude) && jsonNumber.MatchString(v) {
			b = append(b, v...)
			continue
		}
		b = appendString(b, v)
	}
	cols := make([]int, 0, len(kept))
	for i := range kept {
		cols = append(cols, i)
	}
	slices.Sort(cols)
	for _, i := range cols {
		key(cv.keyFor(i))
		b = appendString(b, kept[i])
	}
	return append(b, '}')
}

func appendString(b []byte, s string) []byte { return standard.AppendJSONString(b, s) }
