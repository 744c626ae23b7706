package activity

import (
	"reflect"
	"testing"
)

// TestErasePersonalData: each refused free text is found once per rule,
// without its text, and blanked; a tag or a partner refused alone is
// dropped, the others kept; an ID CRA is no free text. The rules were
// decided by hand from the texts.
func TestErasePersonalData(t *testing.T) {
	a := Activity{Kind: Individuel, Date: "2026-11-20", Duration: 30, PlaceType: ADistance, Thematics: []string{"email"}, Source: SourceImportCoop,
		CoopID: "id\u200bcra", Notes: "tél. 06.12.34.56.78", PlaceName: "EPN\u202e",
		Tags: []Tag{{Scope: "national", Name: "Café IA"}, {Scope: "personnel", Name: "Mme Roux"}}}
	a.Normalize()
	ps := a.ErasePersonalData()
	var got [][2]string
	for _, p := range ps {
		if p.Value != "" {
			t.Errorf("%s: the value is kept: %q", p.Field, p.Value)
		}
		got = append(got, [2]string{p.Field, p.Rule})
	}
	want := [][2]string{{"tags", "donnee-personnelle-nom"}, {"notes", "donnee-personnelle-telephone"}, {"nom_lieu", "caractere-invisible"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
	if a.Notes != "" || a.PlaceName != "" || !reflect.DeepEqual(a.Tags, []Tag{{Scope: "national", Name: "Café IA"}}) || a.CoopID != "id\u200bcra" {
		t.Errorf("after: %+v", a)
	}
	if ps := a.PersonalData(); len(ps) != 0 {
		t.Errorf("found again: %v", ps)
	}

	// A coordination names partners: « M. Dupont » passes, a phone does not.
	c := Coordination{Kind: Partenariat, Date: "2026-11-20", Level: "departemental", Natures: []string{"subvention"}, Notes: "RDV avec M. Dupont",
		Partners: []Partner{{Type: "association", Name: "Emmaüs Connect"}, {Type: "association", Name: "M. Dupont 06 12 34 56 78"}}}
	if ps := c.ErasePersonalData(); len(ps) != 1 || ps[0].Field != "structures_partenaires" || ps[0].Rule != "donnee-personnelle-telephone" {
		t.Errorf("coordination: %v", ps)
	}
	if c.Notes != "RDV avec M. Dupont" || !reflect.DeepEqual(c.Partners, []Partner{{Type: "association", Name: "Emmaüs Connect"}}) {
		t.Errorf("coordination after: %+v", c)
	}
}
