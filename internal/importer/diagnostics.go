package importer

import (
	"encoding/json"

	"maillage/internal/standard"
)

// recordDiagnostic is how a record's diagnostic is kept with the record
// (store.SourceRecord.Diagnostics): where the file said it, and what.
type recordDiagnostic struct {
	Line     int    `json:"ligne,omitempty"`
	Index    *int   `json:"element,omitempty"`
	Severity string `json:"gravite"`
	Field    string `json:"champ,omitempty"`
	Value    string `json:"valeur,omitempty"`
	Rule     string `json:"regle,omitempty"`
	Message  string `json:"message"`
}

// recordDiagnostics is the JSON of a record's diagnostics (nil: none).
func recordDiagnostics(ds []standard.Diagnostic) []byte {
	if len(ds) == 0 {
		return nil
	}
	out := make([]recordDiagnostic, len(ds))
	for i, d := range ds {
		out[i] = recordDiagnostic{Line: d.Line, Severity: d.Severity.String(), Field: d.Field, Value: d.Value, Rule: d.Rule, Message: d.Message}
		if d.Index >= 0 {
			idx := d.Index
			out[i].Index = &idx
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil
	}
	return b
}
