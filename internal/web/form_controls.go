package web

import "maillage/internal/place"

// cleanedInForm: control characters (NUL, ESC…) and bidi controls the
// person typed or pasted are removed by the rules of imports, with a
// warning. A form does not save such a value silently: it comes back once
// with the cleaned value in its field and the warning, and the person
// saves again what they now see. It reports whether it did.
func cleanedInForm(problems []place.Problem, raw *place.Raw, edited *place.Lieu) bool {
	values := edited.Values()
	cleaned := false
	for _, p := range problems {
		i, ok := place.FieldIndex[p.Field]
		if p.Rule != place.RuleControl || !ok || i >= len(raw.Values) {
			continue
		}
		raw.Values[i] = values[i]
		cleaned = true
	}
	return cleaned
}
