package tableur

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/place"
)

func hubCorrespondence(t *testing.T) *Correspondence {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "hub.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCorrespondence(data, "hub.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestHubSpreadsheet converts a hub's own layout: Windows-1252, « ; »,
// a title line above the header, joined and split columns, rules by
// exact value, by word and by regular expression over several columns,
// with exceptions, a default, two phone columns and per-day hours.
func TestHubSpreadsheet(t *testing.T) {
	out, ds := convertFile(t, "hub-cp1252.csv", hubCorrespondence(t))
	golden(t, "hub.json", out)
	golden(t, "hub.diagnostics.txt", diagnosticsText(ds))
	got := scan(t, out)
	tests := []struct {
		id, field, want string
	}{
		{"h1", "nom", "Mairie de Castelfictif"},
		{"h1", "adresse", "1 place de l'Hôtel de Ville"},
		{"h1", "code_postal", "81000"},
		{"h1", "commune", "Albi"},
		{"h1", "typologie", "MUNI"},
		{"h1", "services", "Aide aux démarches administratives|Accès internet et matériel informatique"},
		{"h1", "frais_a_charge", "Gratuit"},
		{"h1", "horaires", "Mo-Tu 09:00-12:00; Th 09:00-12:00; Fr 09:00-12:00,14:00-17:00; PH off"},
		{"h1", "source", "Hub exemple"},
		{"h2", "nom", "Médiathèque Émile-Inventé"},
		{"h2", "typologie", "BIB"},
		{"h2", "services", "Accès internet et matériel informatique"},
		{"h2", "frais_a_charge", "Gratuit sous condition"}, // the default: no tariff given
		{"h2", "telephone", "+33563000002|+33600000002"},
		{"h2", "horaires", "Tu 14:00-18:00; We 10:00-18:00; Fr 14:00-18:00; PH off"},
		{"h2", "date_maj", "2024-02-02"},
		{"h3", "typologie", "CS|FABLAB"},
		{"h3", "frais_a_charge", "Payant"},
		{"h3", "horaires", ""},
		{"h4", "typologie", ""},      // « socioculturel » is an exception to « centre social »
		{"h4", "frais_a_charge", ""}, // not recognised: not the default either
		{"h4", "horaires", "Mo 09:00-12:00; PH off"},
	}
	for _, tt := range tests {
		l := got[tt.id]
		if v := l.Value(place.FieldIndex[tt.field]); v != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.id, tt.field, v, tt.want)
		}
	}
	// Unrecognised values are said (line, column, value, rule) and kept.
	want := map[string]string{
		"h2 Services jeux vidéo":              "services",
		"h4 Type Centre social socioculturel": "typologie",
		"h4 Tarif Tarif solidaire":            "frais_a_charge",
	}
	for _, d := range ds {
		if d.Rule != RuleUnmapped {
			continue
		}
		k := d.RecordID + " " + d.Field + " " + d.Value
		field, ok := want[k]
		if !ok {
			t.Errorf("unexpected diagnostic %s", d.String())
			continue
		}
		delete(want, k)
		if d.Line == 0 || !strings.Contains(d.Message, "champ "+field) || !strings.Contains(d.Message, "hub.yaml") {
			t.Errorf("diagnostic %s does not name its line, field and correspondence", d.String())
		}
	}
	for k := range want {
		t.Errorf("no diagnostic for %s", k)
	}
	if p := got["h4"].Provenance.Original; p["type"] != "Centre social socioculturel" || p["tarif"] != "Tarif solidaire" {
		t.Errorf("provenance of h4 = %v", p)
	}
	if p := got["h2"].Provenance.Original; p["tableur_services"] != "Wi-Fi, jeux vidéo" {
		t.Errorf("provenance of h2 = %v", p)
	}
}

// The same correspondence in JSON, and without its header line (found by
// the columns it names), converts the same.
func TestHubVariants(t *testing.T) {
	want, _ := convertFile(t, "hub-cp1252.csv", hubCorrespondence(t))
	data, err := os.ReadFile(filepath.Join("testdata", "hub.json"))
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := ParseCorrespondence(data, "hub.json")
	if err != nil {
		t.Fatal(err)
	}
	noHeader := hubCorrespondence(t)
	noHeader.HeaderLine = 0
	for name, c := range map[string]*Correspondence{"json": fromJSON, "header found": noHeader} {
		got, _ := convertFile(t, "hub-cp1252.csv", c)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: output differs:\n%s", name, got)
		}
	}
}

// A vocabulary field without rules takes the standard's values (and their
// known spellings), and reports the others.
func TestVocabularyWithoutRules(t *testing.T) {
	c, err := ParseCorrespondence([]byte(minimal+"  modalites_acces:\n    colonne: acces\n    separer: \"|\"\n"), "min.yaml")
	if err != nil {
		t.Fatal(err)
	}
	csv := "code,nom,ville,cp,adresse,maj,acces\nl1,EPN,Albi,81000,1 rue,2024-01-01,se présenter|Téléphoner|Sonner\n"
	var out bytes.Buffer
	ds, err := Convert(context.Background(), strings.NewReader(csv), "l.csv", c, &out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"modalites_acces":"Se présenter|Téléphoner"`) || !strings.Contains(out.String(), `"acces":"se présenter|Téléphoner|Sonner"`) {
		t.Errorf("output %s", out.String())
	}
	if len(ds) != 1 || ds[0].Rule != RuleUnmapped || ds[0].Value != "Sonner" || ds[0].Line != 2 || ds[0].Field != "acces" {
		t.Errorf("diagnostics %+v", ds)
	}
}
