package standard

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReportFormats are the formats of a diagnostics report.
var ReportFormats = []string{"text", "json", "csv"}

// ReportWriter writes diagnostics as they come, in text, JSON lines or CSV.
type ReportWriter struct {
	format string
	w      io.Writer
	csv    *csv.Writer
	n      int
	err    error
}

// NewReportWriter returns a writer for format "text", "json" or "csv".
func NewReportWriter(format string, w io.Writer) (*ReportWriter, error) {
	rw := &ReportWriter{format: format, w: w}
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
		return fmt.Sprintf("%s, élément %d", d.File, d.Index)
	}
	return d.File
}

// String renders a diagnostic on one line, in French.
func (d *Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Location())
	b.WriteString(" : ")
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
	return b.String()
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
	switch rw.format {
	case "text":
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
		rw.err = rw.csv.Write([]string{d.File, line, idx, d.RecordID, d.Severity.String(), d.Field, d.Value, d.Rule, d.Message})
	}
	rw.n++
}

// Close ends the report.
func (rw *ReportWriter) Close() error {
	if rw.err != nil {
		return rw.err
	}
	switch rw.format {
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
	return fmt.Sprintf("%d lieux lus : %d acceptés, %d rejetés ; %d erreurs, %d avertissements, %d normalisations",
		s.Read, s.Accepted, s.Rejected, s.Errors, s.Warnings, s.Infos)
}
