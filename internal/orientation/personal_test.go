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
	if cleaned, got := o.ErasePersonalData(); len(cleaned) != 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("cleaned %+v, erased %+v", cleaned, got)
	}
	if o.Reference != "" || o.Message != "" || o.Events[0].Detail != "rien" || o.Events[1].Detail != "" {
		t.Errorf("after: %+v", o)
	}
	if got := o.PersonalData(); len(got) != 0 {
		t.Errorf("found again: %+v", got)
	}
}

// TestEraseInvisibleCleans (review 12A, 14): a text refused for an
// invisible character alone keeps its text without it (a Unicode line
// separator becomes a line break); an answer's detail with a phone is
// blanked, not its neighbour which only had a soft hyphen. Texts after
// written by hand.
func TestEraseInvisibleCleans(t *testing.T) {
	o := Orientation{ID: 7, Created: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Reference: "\ufeffdossier 2026-114", Message: "Besoin d'aide\u2028pour la CAF\u00ad.", Detail: "écrire au 06 12 34 56 78",
		Events: []Event{{Detail: "venue\u00ad hier"}, {Detail: "écrire au 06 12 34 56 78"}}}
	cleaned, erased := o.ErasePersonalData()
	wantCleaned := []FieldError{{Field: "reference", Rule: "caractere-invisible"}, {Field: "message", Rule: "caractere-invisible"}, {Field: "detail", Rule: "caractere-invisible"}}
	if !reflect.DeepEqual(cleaned, wantCleaned) || !reflect.DeepEqual(erased, []FieldError{{Field: "detail", Rule: "donnee-personnelle-telephone"}}) {
		t.Errorf("cleaned %+v, erased %+v", cleaned, erased)
	}
	if o.Reference != "dossier 2026-114" || o.Message != "Besoin d'aide\npour la CAF." || o.Detail != "" ||
		o.Events[0].Detail != "venue hier" || o.Events[1].Detail != "" {
		t.Errorf("after: %+v", o)
	}
	if got := o.PersonalData(); len(got) != 0 {
		t.Errorf("found again: %+v", got)
	}
}
