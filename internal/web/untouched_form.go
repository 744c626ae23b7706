package web

import (
	"strings"

	"maillage/internal/place"
)

// untouchedNote tells why a stored problem does not block the form.
const untouchedNote = " (valeur enregistrée, non modifiée : elle n'empêche pas l'enregistrement)"

// splitUntouched separates the problems of an edit form: those of a field
// the person left as stored are not theirs to fix now, so they are shown
// as information (kept) and never block; the others stay. A refusal of
// the whole record (an error) stays whatever its field.
func splitUntouched(problems []place.Problem, raw *place.Raw, cur *place.Lieu) (own, kept []place.Problem) {
	stored := cur.Values()
	for _, p := range problems {
		i, ok := place.FieldIndex[p.Field]
		if ok && p.Severity == place.Warning && i < len(stored) && i < len(raw.Values) &&
			strings.TrimSpace(raw.Values[i]) == strings.TrimSpace(stored[i]) {
			p.Message += untouchedNote
			kept = append(kept, p)
			continue
		}
		own = append(own, p)
	}
	return own, kept
}

// blocks reports whether problems (after splitUntouched) prevent saving.
func blocks(problems []place.Problem) bool {
	for _, p := range problems {
		if p.Severity == place.Error || (p.Severity == place.Warning && blocking[p.Rule]) {
			return true
		}
	}
	return false
}
