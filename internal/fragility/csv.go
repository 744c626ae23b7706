package fragility

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"maillage/internal/failure"
)

// maxErrors is how many faults of a file are reported before giving up.
const maxErrors = 10

// ReadStats says what a reader kept.
type ReadStats struct {
	Rows    int // units read
	Missing int // values left empty or secret ("s", "nd"…), not loaded
	// Capped counts the units whose people at risk, as counted, passed
	// their population: the count is capped at the population.
	Capped int
	// EmptyRepeats counts the lines without any value of a unit read
	// with values on another line of the same file (some exports repeat
	// a unit with every value empty); their values are not in Missing.
	EmptyRepeats int
	// NoBase are the codes of communes the referential does not know
	// whose rates need its population as their base: left out (sorted).
	NoBase []string
}

// IndexLayout names the columns of an index file; empty names are found
// among the usual ones (CodeColumns, ScoreColumns, PopulationColumns).
type IndexLayout struct {
	Level                   string // LevelCommune (default) or LevelIRIS
	Vintage                 string
	Code, Score, Population string
}

// Usual column names, compared without case, accents or spaces.
var (
	CodeColumns       = []string{"code", "code_insee", "code_iris", "codgeo", "iris", "insee", "code_commune", "com"}
	ScoreColumns      = []string{"score", "score_global", "indice", "ifn", "valeur"}
	PopulationColumns = []string{"population", "pop", "p_pop"}
)

// faults collects the faults of a file, a line each.
type faults struct {
	file string
	list []string
}

func (f *faults) add(line int, column, value, rule string) {
	if len(f.list) >= maxErrors {
		return
	}
	msg := fmt.Sprintf("%s, ligne %d", f.file, line)
	if column != "" {
		msg += fmt.Sprintf(", colonne « %s »", column)
	}
	if value != "" || column != "" {
		msg += fmt.Sprintf(", valeur « %s »", cutValue(value))
	}
	f.list = append(f.list, msg+" : "+rule)
}

func (f *faults) full() bool { return len(f.list) >= maxErrors }

func (f *faults) err() error {
	if len(f.list) == 0 {
		return nil
	}
	more := ""
	if len(f.list) >= maxErrors {
		more = fmt.Sprintf("\n(arrêt après %d erreurs)", maxErrors)
	}
	return failure.Errorf(failure.Invalid, "%s%s", strings.Join(f.list, "\n"), more)
}

func cutValue(s string) string {
	if len(s) > 60 {
		s = strings.ToValidUTF8(s[:60], "") + "…"
	}
	return s
}

// table is a CSV file being read: its header and a record at a time.
type csvTable struct {
	r      *csv.Reader
	file   string
	header []string
	index  map[string]int // folded name → column
}

// decodeText gives the text of a file as UTF-8: UTF-8 (with or without
// BOM) as is; UTF-16 with its BOM ("Texte Unicode" of Excel) and
// Windows-1252 (Excel's CSV on Windows: a first 64 KB that is not UTF-8)
// converted.
func decodeText(in io.Reader) *bufio.Reader {
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(64 << 10)
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return bufio.NewReader(transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()))
	case !utf8.Valid(trimPartialRune(head)):
		return bufio.NewReader(transform.NewReader(br, charmap.Windows1252.NewDecoder()))
	}
	return br
}

// trimPartialRune drops a character cut at the end of a sample.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && i < len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) {
			return b[:len(b)-i]
		}
	}
	return b
}

// openCSV reads the header of a CSV file: separator ; , or tab (the most
// frequent in the first line), UTF-8 with or without BOM, UTF-16 or
// Windows-1252.
func openCSV(in io.Reader, file string) (*csvTable, error) {
	br := decodeText(&lineMeter{r: in, file: file, max: MaxLineBytes})
	first, err := br.Peek(4096)
	if len(first) == 0 {
		if err == nil || errors.Is(err, io.EOF) {
			return nil, failure.Errorf(failure.Invalid, "%s : fichier vide (une ligne d'en-tête est attendue)", file)
		}
		return nil, fmt.Errorf("%s : %w", file, err)
	}
	first = bytes.TrimPrefix(first, []byte("\uFEFF"))
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	sep := ';'
	best := bytes.Count(first, []byte(";"))
	for _, c := range []rune{',', '\t'} {
		if n := bytes.Count(first, []byte(string(c))); n > best {
			sep, best = c, n
		}
	}
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.Comma = sep
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, csvError(file, err)
	}
	t := &csvTable{r: r, file: file, header: header, index: map[string]int{}}
	for i, h := range header {
		k := foldColumn(h)
		if first, dup := t.index[k]; dup {
			if k == "" {
				continue // unnamed columns (a spreadsheet's trailing ones) are never read
			}
			// Which of the two holds the values is anyone's guess.
			return nil, failure.Errorf(failure.Invalid, "%s, ligne 1 : colonne « %s » en double (colonnes %d et %d, « %s » et « %s ») : une seule colonne par nom, renommez ou supprimez l'autre",
				file, strings.TrimSpace(h), first+1, i+1, header[first], h)
		}
		t.index[k] = i
	}
	return t, nil
}

// MaxLineBytes bounds one line of a demand file: the widest INSEE base
// files hold some hundreds of columns, some KB a line.
var MaxLineBytes = 1 << 20

// lineMeter stops reading at a line longer than max bytes: a file of one
// huge line (a cell of hundreds of MB) would be read whole into memory.
type lineMeter struct {
	r    io.Reader
	file string
	max  int
	line int // lines read (newlines seen)
	run  int // bytes since the last newline
	err  error
}

func (m *lineMeter) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	n, err := m.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			m.line++
			m.run = 0
			continue
		}
		if m.run++; m.run > m.max {
			m.err = failure.Errorf(failure.Invalid, "%s, ligne %d : plus de %d Mo sur une seule ligne : lecture arrêtée (une ligne d'un fichier de données en a quelques Ko)", m.file, m.line+1, m.max>>20)
			return i, nil
		}
	}
	return n, err
}

func csvError(file string, err error) error {
	var fe *failure.Error
	if errors.As(err, &fe) {
		return err
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return failure.Errorf(failure.Invalid, "%s, ligne %d, colonne %d : CSV illisible : %s", file, pe.Line, pe.Column, csvRule(pe.Err))
	}
	if errors.Is(err, io.EOF) {
		return failure.Errorf(failure.Invalid, "%s : fichier vide (une ligne d'en-tête est attendue)", file)
	}
	return fmt.Errorf("%s : %w", file, err)
}

func csvRule(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return "guillemet en trop dans un champ sans guillemets"
	case errors.Is(err, csv.ErrBareQuote):
		return "guillemet isolé dans un champ sans guillemets"
	case errors.Is(err, csv.ErrFieldCount):
		return "nombre de colonnes différent de l'en-tête"
	}
	return err.Error()
}

// foldColumn compares column names without case, surrounding spaces or
// quotes.
func foldColumn(s string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(s), `"'`))
}

// column finds a column: the name given, else the first usual one
// present. what names it in the error ("du code").
func (t *csvTable) column(given string, usual []string, what, flag string) (int, error) {
	if given != "" {
		if i, ok := t.index[foldColumn(given)]; ok {
			return i, nil
		}
		return -1, failure.Errorf(failure.Invalid, "%s, ligne 1 : colonne « %s » introuvable (colonnes : %s)", t.file, given, t.columns())
	}
	for _, u := range usual {
		if i, ok := t.index[u]; ok {
			return i, nil
		}
	}
	return -1, failure.Errorf(failure.Invalid, "%s, ligne 1 : colonne %s introuvable (attendu : %s, ou nommez-la avec %s ; colonnes : %s)",
		t.file, what, strings.Join(usual, ", "), flag, t.columns())
}

func (t *csvTable) columns() string {
	h := make([]string, 0, len(t.header))
	for _, c := range t.header {
		h = append(h, cutValue(c))
		if len(h) == 20 {
			h = append(h, "…")
			break
		}
	}
	return strings.Join(h, ", ")
}

// next returns the next record and its line, nil at the end.
func (t *csvTable) next() ([]string, int, error) {
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, csvError(t.file, err)
	}
	line, _ := t.r.FieldPos(0)
	return rec, line, nil
}

// code reads and checks the code of a record, and that the record has as
// many fields as the header (a short line would silently lose values).
func (t *csvTable) code(f *faults, rec []string, line, col int, level string) (string, bool) {
	if len(rec) != len(t.header) {
		f.add(line, "", "", fmt.Sprintf("%d colonnes, l'en-tête en a %d", len(rec), len(t.header)))
		return "", false
	}
	raw := field(rec, col)
	code, rule := NormaliseCode(level, raw)
	if rule != "" {
		f.add(line, t.header[col], raw, rule)
		return "", false
	}
	return code, true
}

// once reports a unit read twice. A line without any value is left out
// before (some exports repeat a unit with every value empty).
func (t *csvTable) once(f *faults, rec []string, line, col int, level, code string, seen map[string]int) bool {
	if first, dup := seen[code]; dup {
		f.add(line, t.header[col], field(rec, col), fmt.Sprintf("code déjà lu ligne %d (une ligne par %s)", first, levelName(level)))
		return false
	}
	seen[code] = line
	return true
}

func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

var (
	communeCode = regexp.MustCompile(`^([0-9]{5}|2[AB][0-9]{3})$`)
	irisCode    = regexp.MustCompile(`^([0-9]{5}|2[AB][0-9]{3})[0-9]{4}$`)
)

// NormaliseCode checks a unit code of a level and puts back the leading
// zero a spreadsheet drops (1001 for 01001); the rule is the French
// sentence of what is expected when it is not valid.
func NormaliseCode(level, s string) (code, rule string) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if level == LevelIRIS {
		if len(s) == 8 && isDigits(s) {
			s = "0" + s
		}
		if !irisCode.MatchString(s) {
			return "", "code IRIS attendu (9 caractères : le code INSEE de la commune puis 4 chiffres, ex. 010980000)"
		}
		return s, ""
	}
	if len(s) == 4 && isDigits(s) {
		s = "0" + s
	}
	if !communeCode.MatchString(s) {
		return "", "code INSEE de commune attendu (5 caractères, ex. 01098 ou 2A004)"
	}
	return s, ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// missingValues are the marks of an empty or secret cell.
var missingValues = map[string]bool{"": true, "s": true, "nd": true, "n.d.": true, "na": true, "n/a": true, "-": true, "secret": true, "null": true}

// parseNumber reads a number written the French or the English way
// (12,5 or 12.5, spaces between thousands). missing is true for an empty
// or secret cell; rule says what is expected when it cannot be read.
func parseNumber(s string) (v float64, missing bool, rule string) {
	s = strings.TrimSpace(s)
	if missingValues[strings.ToLower(s)] {
		return 0, true, ""
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if strings.Contains(s, ",") {
		if strings.Contains(s, ".") {
			return 0, false, "nombre attendu, avec une virgule ou un point décimal, pas les deux (ex. 1234,5)"
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(s, "xXpP_") {
		return 0, false, "nombre attendu (ex. 93,5 ; vide, « s » ou « nd » pour une valeur inconnue)"
	}
	return v, false, ""
}

// Bounds of the values a file may give: beyond them a value is a mistake
// (a misread column, an exponent), and summed over France it could
// overflow to an infinity that a map would colour as the most fragile.
const (
	// MaxScore is the largest index score: the IFN's ratios to a
	// reference × 100 stay under a few hundred (276 at most in the 2020
	// IRIS file), deciles and 0–10 scales under 10.
	MaxScore = 10000
	// MaxPopulation is the largest population of a unit (France has 68
	// million people).
	MaxPopulation = 100e6
	// MaxIndicatorValue is the largest numerator, denominator, rate or
	// base of an indicator: a count of people, or a sum of incomes in
	// euros of a commune (Paris's is under 10^11).
	MaxIndicatorValue = 1e12
)

// ReadIndex reads an existing index: one row per unit, its code and its
// score, and optionally its population (which weighs it when units are
// put together; required for IRIS, whose population the referential does
// not know).
func ReadIndex(in io.Reader, file string, l IndexLayout) (*Index, ReadStats, error) {
	var st ReadStats
	if l.Level == "" {
		l.Level = LevelCommune
	}
	if l.Level != LevelCommune && l.Level != LevelIRIS {
		return nil, st, failure.Errorf(failure.Invalid, "niveau « %s » inconnu (commune ou iris)", l.Level)
	}
	t, err := openCSV(in, file)
	if err != nil {
		return nil, st, err
	}
	codeCol, err := t.column(l.Code, CodeColumns, "du code", "--colonne-code")
	if err != nil {
		return nil, st, err
	}
	scoreCol, err := t.column(l.Score, ScoreColumns, "du score", "--colonne-score")
	if err != nil {
		return nil, st, err
	}
	popCol, err := t.column(l.Population, PopulationColumns, "de la population", "--colonne-population")
	if err != nil {
		if l.Population != "" || l.Level == LevelIRIS {
			return nil, st, err
		}
		popCol = -1
	}
	idx := &Index{Level: l.Level, Vintage: l.Vintage, Source: file, Rows: map[string]IndexRow{}}
	seen := map[string]int{}
	f := &faults{file: file}
	for !f.full() {
		rec, line, err := t.next()
		if err != nil {
			return nil, st, err
		}
		if rec == nil {
			break
		}
		code, ok := t.code(f, rec, line, codeCol, l.Level)
		if !ok {
			continue
		}
		score, missing, rule := parseNumber(field(rec, scoreCol))
		if rule == "" && !missing && !(score >= 0 && score <= MaxScore) {
			rule = "score de 0 à 10 000 attendu (les indices de fragilité sont des rapports à une référence × 100, des déciles ou des notes de 0 à 10)"
		}
		if rule != "" {
			f.add(line, t.header[scoreCol], field(rec, scoreCol), rule)
			continue
		}
		if missing {
			st.Missing++
			continue
		}
		if !t.once(f, rec, line, codeCol, l.Level, code, seen) {
			continue
		}
		row := IndexRow{Code: code, Score: score, Population: math.NaN()}
		if popCol >= 0 {
			pop, missing, rule := parseNumber(field(rec, popCol))
			switch {
			case rule != "":
				f.add(line, t.header[popCol], field(rec, popCol), rule)
				continue
			case missing:
			case pop < 0:
				f.add(line, t.header[popCol], field(rec, popCol), "population positive ou nulle attendue")
				continue
			case pop > MaxPopulation:
				f.add(line, t.header[popCol], field(rec, popCol), "population de 0 à 100 000 000 attendue")
				continue
			default:
				row.Population = pop
			}
		}
		idx.Rows[code] = row
		st.Rows++
	}
	if err := f.err(); err != nil {
		return nil, st, err
	}
	if len(idx.Rows) == 0 {
		return nil, st, failure.Errorf(failure.Invalid, "%s : aucune ligne avec un score", file)
	}
	return idx, st, nil
}

// Input is one file to read and its name for messages.
type Input struct {
	R    io.Reader
	Name string
}

// ReadIndicators reads a table of indicators laid out as l says: one row
// per unit, the columns of each indicator's numerator and denominator (or
// rate and base population).
func ReadIndicators(in io.Reader, file string, l *Layout, vintage string) (*Table, ReadStats, error) {
	return ReadIndicatorFiles([]Input{{in, file}}, l, vintage)
}

// ReadIndicatorFiles reads indicators spread over several files (INSEE
// publishes ages, diplomas and households apart), joined by the unit's
// code: each indicator is read from the first file that has its two
// columns, and each file must hold at least one.
func ReadIndicatorFiles(files []Input, l *Layout, vintage string) (*Table, ReadStats, error) {
	var st ReadStats
	c := l.Composite()
	if err := c.Check(); err != nil {
		return nil, st, failure.Errorf(failure.Invalid, "description : %v", err)
	}
	table := &Table{Level: l.Level, Vintage: vintage, Composite: c, AtRisk: l.AtRisk, Units: map[string]Unit{}}
	var names []string
	for _, in := range files {
		names = append(names, in.Name)
	}
	table.Source = strings.Join(names, ", ")
	tables := make([]*csvTable, len(files))
	for i, in := range files {
		t, err := openCSV(in.R, in.Name)
		if err != nil {
			return nil, st, err
		}
		tables[i] = t
	}
	// Which file holds each indicator.
	type term struct {
		ind  int
		a, b int
	}
	terms := make([][]term, len(files))
	for k, ind := range l.Indicators {
		a, b := ind.Numerator, ind.Denominator
		if ind.Rate != "" {
			a, b = ind.Rate, ind.Base
		}
		if ind.Rate != "" && ind.Base == "" {
			if l.population == nil {
				return nil, st, failure.Errorf(failure.Invalid, "indicateur « %s » : taux sans base : la base est la population du référentiel des communes, qui n'est pas chargé (maillage territoires import)", ind.Key)
			}
			table.ReferentialBase = append(table.ReferentialBase, ind.Key)
			table.ReferentialBaseVintage = l.populationVintage
		}
		found := false
		for i, t := range tables {
			ca, okA := t.index[foldColumn(a)]
			cb, okB := t.index[foldColumn(b)]
			if b == "" {
				cb, okB = -1, true // the referential's population
			}
			if okA && okB {
				terms[i] = append(terms[i], term{k, ca, cb})
				found = true
				break
			}
		}
		if !found {
			if len(tables) == 1 {
				t := tables[0]
				if _, ok := t.index[foldColumn(a)]; !ok {
					return nil, st, failure.Errorf(failure.Invalid, "%s, ligne 1 : colonne « %s » introuvable (colonnes : %s)", t.file, a, t.columns())
				}
				return nil, st, failure.Errorf(failure.Invalid, "%s, ligne 1 : colonne « %s » introuvable (colonnes : %s)", t.file, b, t.columns())
			}
			return nil, st, failure.Errorf(failure.Invalid, "indicateur « %s » : aucun des fichiers (%s) n'a ses deux colonnes « %s » et « %s »", ind.Key, table.Source, a, b)
		}
	}
	f := &faults{}
	for i, t := range tables {
		if len(terms[i]) == 0 {
			return nil, st, failure.Errorf(failure.Invalid, "%s : aucun des indicateurs décrits n'y a ses colonnes (colonnes : %s)", t.file, t.columns())
		}
		codeCol, err := t.column(l.Code, CodeColumns, "du code", "« code » dans la description")
		if err != nil {
			return nil, st, err
		}
		f.file = t.file
		seen := map[string]int{}
		empty := map[string]int{} // lines without any value: their values left out
		for !f.full() {
			rec, line, err := t.next()
			if err != nil {
				return nil, st, err
			}
			if rec == nil {
				break
			}
			code, ok := t.code(f, rec, line, codeCol, l.Level)
			if !ok {
				continue
			}
			values := map[string]Sums{}
			bad := false
			rowMissing, noBase := 0, false
			for _, tm := range terms[i] {
				ind := l.Indicators[tm.ind]
				var v [2]float64
				missing := false
				for j, c := range []int{tm.a, tm.b} {
					if c < 0 {
						pop, ok := l.population(code)
						if !ok {
							if !l.known(code) {
								noBase = true
							}
						}
						missing = missing || !ok
						v[j] = pop
						continue
					}
					x, miss, rule := parseNumber(field(rec, c))
					if rule == "" && !miss && x < 0 {
						rule = "nombre positif ou nul attendu"
					}
					if rule == "" && !miss && x > MaxIndicatorValue {
						rule = "nombre de 0 à 1 000 000 000 000 attendu (un effectif, un taux ou une somme de revenus d'une unité)"
					}
					if rule != "" {
						f.add(line, t.header[c], field(rec, c), rule)
						bad = true
					}
					missing = missing || miss
					v[j] = x
				}
				if !bad && !missing && l.share(ind) {
					if rule := shareRule(ind, v, t.header, tm.b); rule != "" {
						f.add(line, t.header[tm.a], field(rec, tm.a), rule)
						bad = true
					}
				}
				if bad {
					break
				}
				if missing {
					rowMissing++
					continue
				}
				s := Sums{v[0], v[1]}
				if ind.Rate != "" {
					s = Sums{v[0] / ind.scale() * v[1], v[1]}
				}
				values[ind.Key] = s
			}
			switch {
			case noBase:
				if !slices.Contains(st.NoBase, code) {
					st.NoBase = append(st.NoBase, code)
				}
				rowMissing = 0
			case len(values) == 0 && !bad:
				empty[code] += rowMissing
				continue
			}
			st.Missing += rowMissing
			if bad || len(values) == 0 || !t.once(f, rec, line, codeCol, l.Level, code, seen) {
				continue
			}
			u, ok := table.Units[code]
			if !ok {
				u = Unit{Code: code, Values: map[string]Sums{}}
				table.Units[code] = u
			}
			for k, v := range values {
				u.Values[k] = v
			}
		}
		for code, n := range empty {
			if _, ok := seen[code]; ok {
				st.EmptyRepeats++
			} else {
				st.Missing += n
			}
		}
	}
	slices.Sort(st.NoBase)
	if err := f.err(); err != nil {
		return nil, st, err
	}
	st.Rows = len(table.Units)
	for _, u := range table.Units {
		if n, pop, ok := table.AtRisk.count(u); ok && n > pop {
			st.Capped++
		}
	}
	if len(table.Units) == 0 {
		return nil, st, failure.Errorf(failure.Invalid, "%s : aucune ligne de données", table.Source)
	}
	return table, st, nil
}

// shareRule is the rule a share's numerator (or rate) v[0] breaks, ""
// when it holds: a numerator at most its denominator v[1] (column den
// of header), a rate at most its echelle.
func shareRule(ind LayoutIndicator, v [2]float64, header []string, den int) string {
	if ind.Rate != "" {
		if sc := ind.scale(); v[0] > sc {
			return fmt.Sprintf("taux d'au plus %s attendu (l'echelle de l'indicateur « %s », qui compte une part de la population)", formatNumber(sc), ind.Key)
		}
		return ""
	}
	if v[0] > v[1] {
		return fmt.Sprintf("au plus le dénominateur « %s » (%s) attendu : l'indicateur « %s » compte une part de la population", header[den], formatNumber(v[1]), ind.Key)
	}
	return ""
}

// formatNumber writes a number without exponent: 100, 0.5.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
