package orientation

import (
	"errors"
	"strings"

	"maillage/internal/personaldata"
)

// Labels of the free texts, as the forms show them.
var textLabels = map[string]string{"reference": "Référence", "message": "Message pour le lieu", "detail": "Précision"}

// TextLabel is a free text's label as the forms show it (the field
// itself when it is not one).
func TextLabel(field string) string {
	if l, ok := textLabels[field]; ok {
		return l
	}
	return field
}

// PersonalData returns what the creation of o, or an answer, would now
// refuse in its free texts for personal data or an invisible character
// (guarded: the same rules and years as Validate and Answer.Validate;
// bounds aside), a rule per field at most, without the text: rows stored
// before the detector, or written around it, may hold some. The answers'
// details are read on o and on its events (each answer's event keeps it).
func (o Orientation) PersonalData() []FieldError {
	var out []FieldError
	check := func(field, s string, year int) bool {
		var fe *FieldError
		if err := guarded(field, TextLabel(field), s, year); errors.As(err, &fe) {
			out = append(out, FieldError{Field: field, Rule: fe.Rule})
			return true
		}
		return false
	}
	// The year Validate is given: the one the orientation was made in.
	check("reference", o.Reference, o.Created.UTC().Year())
	check("message", o.Message, o.Created.UTC().Year())
	if !check("detail", o.Detail, 0) {
		for _, e := range o.Events {
			if check("detail", e.Detail, 0) {
				break
			}
		}
	}
	return out
}

// ErasePersonalData purges the free texts PersonalData finds. Every
// text is first cleaned of its invisible characters (cleanText: a soft
// hyphen, a zero width joiner, a BOM hold nothing personal, the rest of
// the text is kept), then judged again: what is still refused, a kind of
// personal data (or one the cleaning revealed), is blanked (every refused
// detail, the events' too). It returns the fields cleaned (rule
// personaldata.InvisibleRule) and those blanked.
func (o *Orientation) ErasePersonalData() (cleaned, erased []FieldError) {
	clean := func(field string, texts ...*string) {
		changed := false
		for _, t := range texts {
			if c := cleanText(*t); c != *t {
				*t, changed = c, true
			}
		}
		if changed {
			cleaned = append(cleaned, FieldError{Field: field, Rule: personaldata.InvisibleRule})
		}
	}
	clean("reference", &o.Reference)
	clean("message", &o.Message)
	details := []*string{&o.Detail}
	for i := range o.Events {
		details = append(details, &o.Events[i].Detail)
	}
	clean("detail", details...)
	erased = o.PersonalData()
	for _, f := range erased {
		switch f.Field {
		case "reference":
			o.Reference = ""
		case "message":
			o.Message = ""
		case "detail":
			for _, d := range details {
				if guarded("detail", "", *d, 0) != nil {
					*d = ""
				}
			}
		}
	}
	return cleaned, erased
}

// cleanText removes what guarded refuses as invisible: a Unicode line or
// paragraph separator becomes a line break, any other control or format
// character goes (personaldata.Clean).
func cleanText(s string) string {
	return personaldata.Clean(strings.NewReplacer("\u2028", "\n", "\u2029", "\n").Replace(s), true)
}
