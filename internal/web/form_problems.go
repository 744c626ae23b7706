package web

import (
	"strings"

	"maillage/internal/place"
)

// A form's problems are of two kinds: errors, which keep it from being
// saved, and warnings, which only say what to check. A field in error is
// marked aria-invalid and points to its message (aria-describedby).

// formProblem is one problem as the form shows it.
type formProblem struct {
	ID           string // of the message, for aria-describedby
	Field, Label string
	Value        string
	Message      string
}

// inputOf is the id of the form's input for a field of the standard.
func inputOf(field string) string {
	if field == "horaires" {
		return "horaires_osm"
	}
	return field
}

// fieldLabel names a field of the standard for a person, capitalised.
func fieldLabel(field string) string {
	w, ok := fieldWords[field]
	if field == "pass_numerique" {
		w, ok = "Pass numérique", true
	}
	if !ok || w == "" {
		return field
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// splitProblems sorts a form's problems into errors and warnings, and
// says which inputs are invalid and which message describes each.
func splitProblems(problems []place.Problem) (errs, warnings []formProblem, invalid map[string]string) {
	invalid = map[string]string{}
	for _, p := range problems {
		fp := formProblem{Field: p.Field, Label: fieldLabel(p.Field), Value: p.Value, Message: p.Message}
		if blocks([]place.Problem{p}) {
			fp.ID = "erreur-" + inputOf(p.Field)
			if _, seen := invalid[inputOf(p.Field)]; seen {
				fp.ID += "-" + strings.Repeat("x", len(errs))
			} else {
				invalid[inputOf(p.Field)] = fp.ID
			}
			errs = append(errs, fp)
			continue
		}
		warnings = append(warnings, fp)
	}
	return errs, warnings, invalid
}
