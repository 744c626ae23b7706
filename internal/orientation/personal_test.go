package orientation

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestPersonalData: a stored orientation's reference, message and
// answers' details (its events' too) are judged as Validate and
// Answer.Validate judge them, a text too long included (its length is
// not what is looked for); the erasure blanks those only. The rules were
// decided by hand from the texts.
func TestPersonalData(t *testing.T) {
	o := Orientation{ID: 7, Created: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Reference: "dossier du 12/03/1961", Message: strings.Repeat("a", MaxMessage) + " 06 12 34 56 78", Detail: "",
		Events: []Event{{Detail: "rien"}, {Detail: "écrire à x@y.fr"}}}
	want := []FieldError{{Field: "reference", Rule: "donnee-personnelle-date-de-naissance"}, {Field: "message", Rule: "donnee-personnelle-telephone"},
		{Field: "detail", Rule: "donnee-personnelle-courriel"}}
	if got := o.PersonalData(); !reflect.DeepEqual(got, want) {
		t.Errorf("found %+v, want %+v", got, want)
	}
	// Ten years back from the orientation's year is a document's date.
	if got := (Orientation{Created: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Reference: "avis du 15/09/2015"}).PersonalData(); len(got) != 0 {
		t.Errorf("a document's date: %+v", got)
	}
	if got := o.ErasePersonalData(); !reflect.DeepEqual(got, want) {
		t.Errorf("erased %+v", got)
	}
	if o.Reference != "" || o.Message != "" || o.Events[0].Detail != "rien" || o.Events[1].Detail != "" {
		t.Errorf("after: %+v", o)
	}
	if got := o.PersonalData(); len(got) != 0 {
		t.Errorf("found again: %+v", got)
	}
}
