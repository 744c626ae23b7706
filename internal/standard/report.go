package standard

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"maillage/internal/french"
	"maillage/internal/place"
	"maillage/internal/printable"
)

// ReportFormats are the formats of a diagnostics report.
var ReportFormats = []string{"text", "json", "csv"}

// ReportWriter writes diagnostics as they come, in text, JSON lines or CSV.
//
// The text report is for people: past a few examples, repeated diagnostics
// (the same rule on the same field of the same file, at the same severity)
// are counted instead of written, and summed up at the end. The JSON and CSV
// reports hold every diagnostic.
type ReportWriter struct {
	format string
	w      io.Writer
	csv    *csv.Writer
	n      int
	err    error
	groups map[groupKey]*group
	order  []*group // in order of first appearance
	// examples is how many diagnostics of a group the text report writes;
	// 0 writes them all.
	examples int
	// relocate, when set, rewrites each diagnostic before it is written.
	relocate func(*Diagnostic)
}

// SetRelocate makes the writer pass each diagnostic to f before writing
// it, until it is called with nil: a spreadsheet converted to the
// standard (internal/tableur) has its diagnostics name the spreadsheet's
// lines instead of the elements of the JSON read.
func (rw *ReportWriter) SetRelocate(f func(*Diagnostic)) { rw.relocate = f }

// SetExamples sets how many diagnostics of one group the text report
// writes before it only counts them (ReportExamples by default); 0 writes
// them all.
func (rw *ReportWriter) SetExamples(n int) { rw.examples = n }

// ReportExamples is how many diagnostics of one group the text report
// writes before it only counts them.
const ReportExamples = 5

type groupKey struct {
	file     string
	severity place.Severity
	rule     string
	field    string
	message  string // for the summarised rules only
}

type group struct {
	key     groupKey
	count   int
	example Diagnostic // the first, for the summary's message
	where   []string   // locations of the examples written (summarised: and their ids)
	// summarised: none is written as it comes (see summarised).
	summarised bool
}

// summarised are the rules that the text report sums up in one line per
// file, field and message, with the count and the first lines and ids,
// writing none of their diagnostics one by one: they are said of most
// records of many lists (the France Services list gives no pivot), and
// would bury the others. A diagnostic said once is written as it is.
var summarised = map[string]bool{place.RulePivotPlaceholder: true}

// NewReportWriter returns a writer for format "text", "json" or "csv".
func NewReportWriter(format string, w io.Writer) (*ReportWriter, error) {
	rw := &ReportWriter{format: format, w: w, examples: ReportExamples}
	switch format {
	case "text":
	case "json":
		_, rw.err = io.WriteString(w, "[")
	case "csv":
		rw.csv = csv.NewWriter(w)
		rw.err = rw.csv.Write([]string{"fichier", "ligne", "index", "id", "gravite", "champ", "valeur", "regle", "message"})
	default:
		return nil, fmt.Errorf("format de rapport inconnu « %s » (text, json ou csv)", format)
	}
	return rw, nil
}

// Location returns "file, ligne 12" or "file, élément 3" for a diagnostic.
func (d *Diagnostic) Location() string {
	switch {
	case d.Line > 0:
		return fmt.Sprintf("%s, ligne %d", d.File, d.Line)
	case d.Index >= 0:
		return fmt.Sprintf("%s, élément %d", d.File, d.Index+1) // counted from 1, as people do
	}
	return d.File
}

// String renders a diagnostic on one line, in French.
func (d *Diagnostic) String() string {
	var b strings.Builder
	if where := d.Location(); where != "" {
		b.WriteString(where)
		b.WriteString(" : ")
	}
	b.WriteString(d.Severity.String())
	if d.RecordID != "" {
		b.WriteString(" [id ")
		b.WriteString(d.RecordID)
		b.WriteString("]")
	}
	if d.Field != "" {
		b.WriteString(" champ ")
		b.WriteString(d.Field)
	}
	if d.Value != "" {
		b.WriteString(" valeur « ")
		b.WriteString(truncateForReport(d.Value))
		b.WriteString(" »")
	}
	b.WriteString(" : ")
	b.WriteString(d.Message)
	b.WriteString(" (règle ")
	b.WriteString(d.Rule)
	b.WriteString(")")
	// The line is read on terminals: the data's control characters are
	// shown, never interpreted.
	return printable.String(b.String())
}

func truncateForReport(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 120 {
		return string(r[:119]) + "…"
	}
	return s
}

type jsonDiagnostic struct {
	File     string `json:"fichier"`
	Line     int    `json:"ligne,omitempty"`
	Index    *int   `json:"index,omitempty"`
	RecordID string `json:"id,omitempty"`
	Severity string `json:"gravite"`
	Field    string `json:"champ,omitempty"`
	Value    string `json:"valeur,omitempty"`
	Rule     string `json:"regle"`
	Message  string `json:"message"`
}

// Write writes one diagnostic.
func (rw *ReportWriter) Write(d *Diagnostic) {
	if rw.err != nil {
		return
	}
	if rw.relocate != nil {
		c := *d
		rw.relocate(&c)
		d = &c
	}
	switch rw.format {
	case "text":
		if !rw.keep(d) {
			return
		}
		_, rw.err = io.WriteString(rw.w, d.String()+"\n")
	case "json":
		jd := jsonDiagnostic{File: d.File, Line: d.Line, RecordID: d.RecordID, Severity: d.Severity.String(),
			Field: d.Field, Value: d.Value, Rule: d.Rule, Message: d.Message}
		if d.Index >= 0 {
			i := d.Index
			jd.Index = &i
		}
		b, _ := json.Marshal(jd)
		sep := ",\n"
		if rw.n == 0 {
			sep = "\n"
		}
		_, rw.err = io.WriteString(rw.w, sep+string(b))
	case "csv":
		idx := ""
		if d.Index >= 0 {
			idx = strconv.Itoa(d.Index)
		}
		line := ""
		if d.Line > 0 {
			line = strconv.Itoa(d.Line)
		}
		rw.err = rw.csv.Write([]string{cell(d.File), line, idx, cell(d.RecordID), d.Severity.String(), cell(d.Field), cell(d.Value), d.Rule, cell(d.Message)})
	}
	rw.n++
}

// keep counts a diagnostic in its group and tells whether it is one of the
// group's examples, to be written.
func (rw *ReportWriter) keep(d *Diagnostic) bool {
	if rw.groups == nil {
		rw.groups = map[groupKey]*group{}
	}
	k := groupKey{file: d.File, severity: d.Severity, rule: d.Rule, field: d.Field}
	sum := rw.examples > 0 && summarised[d.Rule]
	if sum {
		k.message = d.Message
	}
	g := rw.groups[k]
	if g == nil {
		g = &group{key: k, example: *d, summarised: sum}
		rw.groups[k] = g
		rw.order = append(rw.order, g)
	}
	g.count++
	if sum {
		if len(g.where) < rw.examples {
			if where := strings.TrimPrefix(strings.TrimPrefix(d.Location(), d.File), ", "); where != "" {
				if d.RecordID != "" {
					where += " [id " + d.RecordID + "]"
				}
				g.where = append(g.where, where)
			}
		}
		return false
	}
	if rw.examples > 0 && g.count > rw.examples {
		return false
	}
	// Only the places the summary can name (not the whole file).
	if where := strings.TrimPrefix(strings.TrimPrefix(d.Location(), d.File), ", "); where != "" {
		g.where = append(g.where, where)
	}
	return true
}

// writeSummarised writes the groups of the summarised rules, a line
// each.
func (rw *ReportWriter) writeSummarised() {
	first := true
	for _, g := range rw.order {
		if !g.summarised || rw.err != nil {
			continue
		}
		if first {
			first = false
			_, rw.err = io.WriteString(rw.w, "\nDiagnostics résumés (les rapports JSON et CSV les donnent un par un) :\n")
		}
		if g.count == 1 {
			_, rw.err = io.WriteString(rw.w, g.example.String()+"\n")
			continue
		}
		rw.writeCount(g)
	}
}

// writeCount writes the line that counts a group's diagnostics.
func (rw *ReportWriter) writeCount(g *group) {
	d := g.example
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File + " : ")
	}
	fmt.Fprintf(&b, "%s × %s", french.Number(g.count), d.Severity)
	if d.Field != "" {
		b.WriteString(" champ " + d.Field)
	}
	fmt.Fprintf(&b, " (règle %s)", d.Rule)
	if len(g.where) > 0 {
		b.WriteString(", par exemple " + strings.Join(g.where, ", "))
	}
	b.WriteString(" : " + d.Message)
	_, rw.err = io.WriteString(rw.w, printable.String(b.String())+"\n")
}

// writeRepeated sums up the groups of which only examples were written.
func (rw *ReportWriter) writeRepeated() {
	first := true
	for _, g := range rw.order {
		if g.summarised || rw.examples <= 0 || g.count <= rw.examples || rw.err != nil {
			continue
		}
		if first {
			first = false
			_, rw.err = io.WriteString(rw.w, "\nDiagnostics répétés, écrits ci-dessus pour les "+strconv.Itoa(rw.examples)+
				" premiers seulement (les rapports JSON et CSV les donnent tous) :\n")
		}
		rw.writeCount(g)
	}
}

// cell neutralises a value for a spreadsheet: one starting with =, +, -,
// @, a tab or a CR would be run as a formula, so it gets a leading
// apostrophe (numbers such as -1.5 are left as they are). Only the reports
// do this: the open-data files stay faithful to the data.
func cell(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	if _, ok := place.ParseDecimal(v); ok {
		return v
	}
	return "'" + v
}

// Close ends the report.
func (rw *ReportWriter) Close() error {
	if rw.err != nil {
		return rw.err
	}
	switch rw.format {
	case "text":
		rw.writeSummarised()
		rw.writeRepeated()
	case "json":
		_, rw.err = io.WriteString(rw.w, "\n]\n")
	case "csv":
		rw.csv.Flush()
		rw.err = rw.csv.Error()
	}
	return rw.err
}

// String summarises the counts in French.
func (s Summary) String() string {
	return fmt.Sprintf("%s : %s, %s ; %s, %s, %s", french.Count(s.Read, "lieu lu", "lieux lus"),
		french.Count(s.Accepted, "accepté", "acceptés"), french.Count(s.Rejected, "rejeté", "rejetés"),
		french.Count(s.Errors, "erreur", "erreurs"), french.Count(s.Warnings, "avertissement", "avertissements"),
		french.Count(s.Infos, "normalisation", "normalisations"))
}
