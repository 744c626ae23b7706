package dedup

import (
	"slices"
	"testing"
)

// A floor, a building, an entrance, a postal box or a CS number is not the
// street number, wherever it is written: before the street (with or without
// a comma) or after it. A date in a street's name stays the street's.
func TestParseAddressComplements(t *testing.T) {
	mairie := Address{"2", "place", []string{"mairie"}}
	for _, tt := range []struct {
		in   string
		want Address
	}{
		{"1er étage, 2 Place de la Mairie", mairie},
		{"1er étage 2 Place de la Mairie", mairie},
		{"Au 2ème étage, 2 place de la Mairie", mairie},
		{"2e étage - 2 place de la Mairie", mairie},
		{"3ème niveau, 2 place de la Mairie", mairie},
		{"Rez-de-chaussée, 2 place de la Mairie", mairie},
		{"RDC 2 place de la Mairie", mairie},
		{"2 place de la Mairie, 1er étage", mairie},
		{"2 Place de la Mairie (1er étage)", mairie},
		{"Bâtiment B, 2 Place de la Mairie", mairie},
		{"Bâtiment B 2 Place de la Mairie", mairie},
		{"Bât. C - 2 place de la Mairie", mairie},
		{"2 place de la Mairie Bâtiment B", mairie},
		{"Escalier 3, appartement 12, 2 place de la Mairie", mairie},
		{"Entrée B 2 place de la Mairie", mairie},
		{"BP 12, 2 place de la Mairie", mairie},
		{"BP 12 2 place de la Mairie", mairie},
		{"CS 30001 2 place de la Mairie", mairie},
		{"2 place de la Mairie CS 30001", mairie},
		{"2 place de la Mairie - BP 12 - 81000 Albi", mairie},
		{"Porte 4, 2 place de la Mairie", mairie},
		{"Hôtel de ville, 1er étage, 2 place de la Mairie", mairie},
		// The number of a date in a street's name is the street's.
		{"12 rue du 1er Mai", Address{"12", "rue", []string{"1", "er", "mai"}}},
		{"Place du 8 Mai 1945", Address{"", "place", []string{"8", "mai", "1945"}}},
		{"3 avenue du 11 Novembre 1918", Address{"3", "avenue", []string{"11", "novembre", "1918"}}},
		{"2 rue de la 1ère Armée", Address{"2", "rue", []string{"1", "ere", "armee"}}},
		// A street named after a part of a building keeps its words.
		{"12 avenue de la Porte de Paris", Address{"12", "avenue", []string{"porte", "paris"}}},
		{"Bureau de Poste, 19 Grand Rue", Address{"19", "", []string{"grand", "rue"}}},
	} {
		got := ParseAddress(tt.in, "")
		if got.Number != tt.want.Number || got.Type != tt.want.Type || !slices.Equal(got.Street, tt.want.Street) {
			t.Errorf("ParseAddress(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
