package place

import (
	"slices"
	"strings"
)

// Change is a field that differs between two versions of a place, with
// its values as the standard's CSV encodes them.
type Change struct {
	Field, Before, After string
}

// SameValue reports whether two encoded values of field i say the same.
// A list of the standard (services, publics, typologie…) is a set: the
// order of its values, which a form's checkboxes or a source may shuffle,
// means nothing.
func SameValue(i int, a, b string) bool {
	if a == b {
		return true
	}
	if !Multi(i) {
		return false
	}
	sa, sb := strings.Split(a, ListSeparator), strings.Split(b, ListSeparator)
	slices.Sort(sa)
	slices.Sort(sb)
	return slices.Equal(sa, sb)
}

// SameFieldValue is SameValue for a field named as the standard names it
// (an unknown name compares as text).
func SameFieldValue(field, a, b string) bool {
	i, ok := FieldIndex[field]
	if !ok {
		return a == b
	}
	return SameValue(i, a, b)
}

// Diff lists the fields whose values say something else in after than in
// before, in the standard's order; id and date_maj are left out (every
// edit moves date_maj).
func Diff(before, after [NumFields]string) []Change {
	var out []Change
	for i, name := range FieldNames {
		if i == FID || i == FDateMaj || SameValue(i, before[i], after[i]) {
			continue
		}
		out = append(out, Change{Field: name, Before: before[i], After: after[i]})
	}
	return out
}
