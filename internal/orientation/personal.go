package orientation

import "errors"

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

// ErasePersonalData blanks the free texts PersonalData finds (every
// refused detail, the events' too) and returns what it found.
func (o *Orientation) ErasePersonalData() []FieldError {
	found := o.PersonalData()
	for _, f := range found {
		switch f.Field {
		case "reference":
			o.Reference = ""
		case "message":
			o.Message = ""
		case "detail":
			if guarded("detail", "", o.Detail, 0) != nil {
				o.Detail = ""
			}
			for i := range o.Events {
				if guarded("detail", "", o.Events[i].Detail, 0) != nil {
					o.Events[i].Detail = ""
				}
			}
		}
	}
	return found
}
