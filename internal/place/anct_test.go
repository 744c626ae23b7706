package place

import (
	"reflect"
	"testing"
)

// What the ANCT library refused in the real France Services list and a
// hub's file, and what the registry now publishes instead; the source's
// value stays in the provenance.
func TestParseRewritesForANCTLibrary(t *testing.T) {
	tests := []struct {
		name, field, value string
		want               string // the parsed value
		wantMsg            string // the diagnostic's message ("" for none)
		severity           Severity
	}{
		{"commune with parentheses", "commune", "Château-Chinon (Ville)", "Château-Chinon Ville",
			"valeur réécrite en « Château-Chinon Ville » (caractères refusés par la bibliothèque de l'ANCT remplacés)", Info},
		{"left quote as apostrophe", "adresse", "8 grand ‘rue", "8 grand ’rue",
			"valeur réécrite en « 8 grand ’rue » (caractères refusés par la bibliothèque de l'ANCT remplacés)", Info},
		{"literal escapes", "adresse", `337\x20Rue\x20de\x20la\x20Gare\x09`, "337 Rue de la Gare",
			"valeur réécrite en « 337 Rue de la Gare » (séquences d'échappement \\xHH décodées, espaces en trop retirés)", Info},
		{"double quotes and a tab inside", "adresse", "2 rue \"du Four\"\tbis", "2 rue du Four bis",
			"valeur réécrite en « 2 rue du Four bis » (caractères refusés par la bibliothèque de l'ANCT remplacés, espaces en trop retirés)", Info},
		{"letter outside the ranges", "commune", "Łodz", "Lodz",
			"valeur réécrite en « Lodz » (caractères refusés par la bibliothèque de l'ANCT remplacés)", Info},
		{"nothing admitted", "adresse", "«»", "«»",
			"aucun caractère admis par la bibliothèque de l'ANCT (lettres latines, chiffres, espaces, apostrophes, tirets)", Error},
		{"accepted as is", "adresse", "12 bis, rue de l'Église (bâtiment B) – 2° étage", "12 bis, rue de l'Église (bâtiment B) – 2° étage", "", 0},
		{"commune accepted as is", "commune", "L’Haÿ-les-Roses", "L’Haÿ-les-Roses", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ps, ok := hoursParser.Parse(valid(map[string]string{tt.field: tt.value}))
			if ok != (tt.severity != Error) {
				t.Fatalf("ok = %v, problems %+v", ok, ps)
			}
			got := l.Commune
			if tt.field == "adresse" {
				got = l.Adresse
			}
			if ok && got != tt.want {
				t.Errorf("%s = %q, want %q", tt.field, got, tt.want)
			}
			p := problem(ps, tt.field, RuleANCTCharacters)
			switch {
			case tt.wantMsg == "" && p != nil:
				t.Errorf("unexpected diagnostic %+v", *p)
			case tt.wantMsg != "" && p == nil:
				t.Fatalf("no diagnostic %s on %s: %+v", RuleANCTCharacters, tt.field, ps)
			case p != nil:
				if p.Message != tt.wantMsg || p.Severity != tt.severity || p.Value != tt.value {
					t.Errorf("diagnostic %+v, want %q (%v) on %q", *p, tt.wantMsg, tt.severity, tt.value)
				}
			}
			if tt.wantMsg != "" && ok && l.Provenance.Original[tt.field] != tt.value {
				t.Errorf("provenance keeps %q, want the source's %q", l.Provenance.Original[tt.field], tt.value)
			}
		})
	}
}

func TestParseDropsUnknownTypologie(t *testing.T) {
	l, ps, ok := hoursParser.Parse(valid(map[string]string{"typologie": "CYBER|EPN"}))
	if !ok {
		t.Fatalf("rejected: %+v", ps)
	}
	if !reflect.DeepEqual(l.Typologie, []string{"EPN"}) {
		t.Errorf("typologie = %q, want [EPN]", l.Typologie)
	}
	if got := l.Provenance.Original["typologie"]; got != "CYBER|EPN" {
		t.Errorf("provenance keeps %q", got)
	}
	p := problem(ps, "typologie", RuleTypologie)
	if p == nil || p.Severity != Warning || p.Value != "CYBER" ||
		p.Message != "typologie inconnue de la liste data·inclusion (refusée par la bibliothèque de l'ANCT) : retirée du champ publié, conservée dans la provenance" {
		t.Errorf("diagnostic %+v", p)
	}
}
