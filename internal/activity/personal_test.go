package activity

import (
	"reflect"
	"testing"
)

// TestErasePersonalData: each refused free text is found once per rule,
// without its text, and blanked; a tag or a partner refused alone is
// dropped, the others kept; an ID CRA is no free text; a text refused
// for an invisible character alone is cleaned of it, not blanked. The
// rules and the texts after were decided by hand.
func TestErasePersonalData(t *testing.T) {
	a := Activity{Kind: Individuel, Date: "2026-11-20", Duration: 30, PlaceType: ADistance, Thematics: []string{"email"}, Source: SourceImportCoop,
		CoopID: "id\u200bcra", Notes: "tél. 06.12.34.56.78", PlaceName: "EPN\u202e",
		Tags: []Tag{{Scope: "national", Name: "Café IA"}, {Scope: "personnel", Name: "Mme Roux"}}}
	a.Normalize()
	cleaned, erased := a.ErasePersonalData()
	var got [][2]string
	for _, p := range append(cleaned, erased...) {
		if p.Value != "" {
			t.Errorf("%s: the value is kept: %q", p.Field, p.Value)
		}
		got = append(got, [2]string{p.Field, p.Rule})
	}
	want := [][2]string{{"nom_lieu", "caractere-invisible"}, {"tags", "donnee-personnelle-nom"}, {"notes", "donnee-personnelle-telephone"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
	if a.Notes != "" || a.PlaceName != "EPN" || !reflect.DeepEqual(a.Tags, []Tag{{Scope: "national", Name: "Café IA"}}) || a.CoopID != "id\u200bcra" {
		t.Errorf("after: %+v", a)
	}
	if ps := a.PersonalData(); len(ps) != 0 {
		t.Errorf("found again: %v", ps)
	}

	// A coordination names partners: « M. Dupont » passes, a phone does not.
	c := Coordination{Kind: Partenariat, Date: "2026-11-20", Level: "departemental", Natures: []string{"subvention"}, Notes: "RDV avec M. Dupont",
		Partners: []Partner{{Type: "association", Name: "Emmaüs Connect"}, {Type: "association", Name: "M. Dupont 06 12 34 56 78"}}}
	if cleaned, ps := c.ErasePersonalData(); len(cleaned) != 0 || len(ps) != 1 || ps[0].Field != "structures_partenaires" || ps[0].Rule != "donnee-personnelle-telephone" {
		t.Errorf("coordination: %v", ps)
	}
	if c.Notes != "RDV avec M. Dupont" || !reflect.DeepEqual(c.Partners, []Partner{{Type: "association", Name: "Emmaüs Connect"}}) {
		t.Errorf("coordination after: %+v", c)
	}
}

// TestEraseInvisibleCleans (review 12A, 14): a soft hyphen, an emoji's
// zero width joiner, a BOM hold nothing personal: the erasure removes
// them and keeps the text; a text the cleaning turns into a phone
// number, or that holds one besides, is blanked; a tag or a partner
// cleaned into another of the list is dropped, one cleaned into nothing
// too. Texts after written by hand.
func TestEraseInvisibleCleans(t *testing.T) {
	a := Activity{Kind: Individuel, Date: "2026-11-20", Duration: 30, PlaceType: ADistance, Thematics: []string{"email"},
		Notes:     "Atelier tablette\u00ad : création d’une adresse,\nsuite en janvier.",
		Demarche:  "06 12\u200b 34 56 78",
		PlaceName: "\ufeffEPN de Muret",
		Tags:      []Tag{{Scope: "national", Name: "👩\u200d💻 atelier"}, {Scope: "national", Name: "Café IA"}, {Scope: "equipe", Name: "Café\u200b IA"}, {Scope: "equipe", Name: "Café IA"}, {Scope: "personnel", Name: "\u200b"}}}
	cleaned, erased := a.ErasePersonalData()
	rules := func(ps Problems) (out []string) {
		for _, p := range ps {
			out = append(out, p.Field+":"+p.Rule)
		}
		return out
	}
	if got, want := rules(cleaned), []string{"precisions_demarche:caractere-invisible", "tags:caractere-invisible", "notes:caractere-invisible", "nom_lieu:caractere-invisible"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cleaned %v, want %v", got, want)
	}
	if got, want := rules(erased), []string{"precisions_demarche:donnee-personnelle-telephone"}; !reflect.DeepEqual(got, want) {
		t.Errorf("erased %v, want %v", got, want)
	}
	if a.Notes != "Atelier tablette : création d’une adresse,\nsuite en janvier." || a.Demarche != "" || a.PlaceName != "EPN de Muret" {
		t.Errorf("texts after: %q %q %q", a.Notes, a.Demarche, a.PlaceName)
	}
	if want := []Tag{{Scope: "national", Name: "👩💻 atelier"}, {Scope: "national", Name: "Café IA"}, {Scope: "equipe", Name: "Café IA"}}; !reflect.DeepEqual(a.Tags, want) {
		t.Errorf("tags after: %q, want %q", a.Tags, want)
	}
	if ps := a.PersonalData(); len(ps) != 0 {
		t.Errorf("found again: %v", ps)
	}

	c := Coordination{Kind: Partenariat, Date: "2026-11-20", Level: "departemental", Natures: []string{"subvention"},
		Name: "Comité\u00ad de pilotage", Notes: "RDV\u200b 06 12 34 56 78",
		Partners: []Partner{{Type: "association", Name: "Emmaüs\u00ad Connect"}, {Type: "association", Name: "Emmaüs Connect"}, {Type: "departement", Name: "\ufeffHaute-Garonne"}}}
	cleaned, erased = c.ErasePersonalData()
	if got, want := rules(cleaned), []string{"nom:caractere-invisible", "notes:caractere-invisible", "structures_partenaires:caractere-invisible"}; !reflect.DeepEqual(got, want) {
		t.Errorf("coordination cleaned %v, want %v", got, want)
	}
	if got, want := rules(erased), []string{"notes:donnee-personnelle-telephone"}; !reflect.DeepEqual(got, want) {
		t.Errorf("coordination erased %v, want %v", got, want)
	}
	if c.Name != "Comité de pilotage" || c.Notes != "" ||
		!reflect.DeepEqual(c.Partners, []Partner{{Type: "association", Name: "Emmaüs Connect"}, {Type: "departement", Name: "Haute-Garonne"}}) {
		t.Errorf("coordination after: %+v", c)
	}
}
