package evaluation

import (
	"testing"

	"maillage/internal/activity"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// TestTerritoryNames: the report names its territory as the forms do,
// from the referential (review 11N: « département 81 » for the Tarn,
// the lookup given a commune's code instead of the département's).
func TestTerritoryNames(t *testing.T) {
	ref := (&territory.Referential{
		Communes:     []territory.Commune{{Code: "81004", Nom: "Albi", Departement: "81", Region: "76", EPCI: "248100737"}},
		EPCIs:        []territory.EPCI{{Code: "248100737", Nom: "CA de l'Albigeois"}},
		Departements: []territory.Departement{{Code: "81", Nom: "Tarn", Region: "76"}, {Code: "12", Nom: "Aveyron", Region: "76"}},
		Regions:      []territory.Region{{Code: "76", Nom: "Occitanie"}},
	}).Index()
	for _, tc := range []struct {
		ts   []store.TerritoryRef
		want string
	}{
		{[]store.TerritoryRef{{Kind: "departement", Code: "81"}}, "Tarn (81)"},
		{[]store.TerritoryRef{{Kind: "departement", Code: "81"}, {Kind: "departement", Code: "12"}}, "Tarn (81), Aveyron (12)"},
		{[]store.TerritoryRef{{Kind: "epci", Code: "248100737"}}, "CA de l'Albigeois"},
		{[]store.TerritoryRef{{Kind: "commune", Code: "81004"}}, "Albi (81004)"},
		{[]store.TerritoryRef{{Kind: "region", Code: "76"}}, "région Occitanie"},
		{[]store.TerritoryRef{{Kind: "departement", Code: "31"}}, "département 31"},
		{[]store.TerritoryRef{{Kind: "epci", Code: "200046977"}}, "EPCI 200046977"},
	} {
		if got := TerritoryNames(ref, tc.ts); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.ts, got, tc.want)
		}
	}
}

// TestOrientationLabels: every status of an orientation has a label that
// reads as French (review 11N: « Orientations la personne est venue »).
func TestOrientationLabels(t *testing.T) {
	for ind, want := range map[string]string{
		"orientation:envoyee":    "Orientations envoyées, sans réponse du lieu",
		"orientation:recue":      "Orientations reçues par le lieu, sans suite connue",
		"orientation:venue":      "Orientations où la personne est venue",
		"orientation:reorientee": "Orientations réorientées vers un autre lieu",
		"orientation:impossible": "Orientations impossibles",
		"orientation:expiree":    "Orientations expirées sans réponse",
	} {
		if got, ok := lineLabel(ind); !ok || got != want {
			t.Errorf("%s: %q %v, want %q", ind, got, ok, want)
		}
	}
}

// The report's « Étiquettes » lines (fixE added materiel:, autonomie: and
// tag: to the statistics; the report skipped them): equipment, autonomy
// and the départemental and national tags are labelled, the personal and
// team tags left out.
func TestLineLabelTags(t *testing.T) {
	for ind, want := range map[string]string{
		"materiel:ordinateur":          "Matériel : Ordinateur",
		"tag:national:Café IA":         "Étiquette : Café IA (national)",
		"tag:departemental:Pass local": "Étiquette : Pass local (départemental)",
		"tag:personnel:Mme X":          "",
		"tag:equipe:lundi":             "",
	} {
		got, ok := lineLabel(ind)
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", ind, got, ok, want)
		}
	}
	if got, ok := lineLabel("autonomie:" + activity.Autonomy[0].Value); !ok || got != "Autonomie : "+activity.Autonomy[0].Label {
		t.Errorf("autonomy: %q %v", got, ok)
	}
}
