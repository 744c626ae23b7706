package dedup

import (
	"testing"

	"maillage/internal/place"
)

// TestFranceServicesFormerNames: a France services named by its former
// name (« MSAP », « Maison de services au public ») and an arrondissement
// written with or without its ordinal (« 12 », « 12e », « 12ème ») is the
// same place at the same address, not « distincts » for « noms
// différents ».
func TestFranceServicesFormerNames(t *testing.T) {
	lieu := func(id, nom, adresse string) *place.Lieu {
		return &place.Lieu{ID: id, Nom: nom, Adresse: adresse, CodeINSEE: "69387", CodePostal: "69007", Commune: "Lyon"}
	}
	tests := []struct {
		a, b *place.Lieu
	}{
		{lieu("a", "Maison France services Lyon 7", "14 rue Garibaldi"), lieu("b", "MSAP Lyon 7e", "14 r. Garibaldi")},
		{lieu("a", "France services Lyon 7ème", "14 rue Garibaldi"), lieu("b", "Maison de services au public Lyon 7", "14 rue Garibaldi")},
		{lieu("a", "Espace France services du 1er arrondissement", "3 place Sathonay"), lieu("b", "MSAP 1 arrondissement", "3 pl Sathonay")},
	}
	for _, tt := range tests {
		s := DefaultConfig().Compare(Record{Source: "x", Lieu: tt.a}, Record{Source: "y", Lieu: tt.b})
		if s.Band == Distinct {
			t.Errorf("%q / %q: %v %v (%s), want « même lieu » or « à vérifier »", tt.a.Nom, tt.b.Nom, s.Band, s.Total, s.Name.Note)
		}
	}
	// Another number is another place's name.
	s := DefaultConfig().Compare(Record{Source: "x", Lieu: lieu("a", "MSAP Lyon 7e", "14 rue Garibaldi")}, Record{Source: "y", Lieu: lieu("b", "MSAP Lyon 8e", "14 rue Garibaldi")})
	if s.Name.Value > 0 {
		t.Errorf("« 7e » and « 8e » agree: %+v", s.Name)
	}
	for in, want := range map[string]string{"20e": "20", "20eme": "20", "1er": "1", "2nd": "2", "12bis": "12bis", "a4": "a4", "42": "42", "e": "e"} {
		if got := ordinal(in); got != want {
			t.Errorf("ordinal(%q) = %q, want %q", in, got, want)
		}
	}
}
