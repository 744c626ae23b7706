package main

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestOSMHours(t *testing.T) {
	tests := []struct {
		days [6]string
		want string
	}{
		{[6]string{"09:00 - 12:00 / 13:30 - 17:00", "09:00 - 12:00 / 13:30 - 17:00", "09:00 - 12:00 / 13:30 - 17:00", "09:00 - 12:00 / 13:30 - 17:00", "09:00 - 12:00 / 13:30 - 16:00", ""},
			"Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00"},
		{[6]string{"", "14:00 - 17:00", "", "14:00 - 17:00", "", "09:00 - 12:00"}, "Tu 14:00-17:00; Th 14:00-17:00; Sa 09:00-12:00"},
		{[6]string{"sur rendez-vous", "", "", "", "", ""}, ""},
		{[6]string{}, ""},
	}
	for _, tt := range tests {
		if got := osmHours(tt.days); got != tt.want {
			t.Errorf("osmHours(%q) = %q, want %q", tt.days, got, tt.want)
		}
	}
}

func TestPlaceName(t *testing.T) {
	tests := []struct {
		nom, want string
		ok        bool
	}{
		{"France services de Valserhône", "de Valserhône", true},
		{"France services Ebreuil", "Ebreuil", true},
		{"France services d'Ailly-sur-Noye", "d'Ailly-sur-Noye", true},
		{"Bus France services Pimms Médiation Lens", "Pimms Médiation Lens", true},
		{"France Services - Tende", "Tende", true},
		{"Maison des services", "Maison des services", false},
		{"France services", "France services", false},
	}
	for _, tt := range tests {
		got, ok := placeName(tt.nom)
		if got != tt.want || ok != tt.ok {
			t.Errorf("placeName(%q) = %q, %v; want %q, %v", tt.nom, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBuildingName(t *testing.T) {
	for c, want := range map[string]string{
		"Espace Boudeville":       "Espace Boudeville",
		"Cité Administrative":     "Cité Administrative",
		"Mairie":                  "",
		"Centre social Lo Solan":  "",
		"Maison des Associations": "",
		"BP 35":                   "",
	} {
		if got := buildingName(c); got != want {
			t.Errorf("buildingName(%q) = %q, want %q", c, got, want)
		}
	}
}

// A rewriting never contradicts itself: a field it removed stays removed,
// and a site named after its building keeps the list's contacts.
func TestChangesDoNotUndoEachOther(t *testing.T) {
	r := &fsRow{ID: "1", Dep: "01", Nom: "France services de Valserhône", Adresse: "5-9 Rue des Papetiers",
		Complement: "Espace Boudeville", INSEE: "01033", CP: "01200", Commune: "Valserhône", Lat: 46.106, Lon: 5.826,
		LatS: "46.106", LonS: "5.826", Mail: "franceservices@ccpb01.fr", Tel: "04 50 56 87 49"}
	g := &gen{rng: rand.New(rand.NewPCG(1, 2)), centres: map[string]centre{}, regions: map[string]string{"01": "84"},
		counter: map[string]int{}, areaPrefix: map[string]string{"01": "04"}}
	for i := 0; i < 2000; i++ {
		for _, primary := range []string{"", "rename", "readdress", "move", "recontact", "strip"} {
			rec, ch := g.otherYear(r, hub{"hinaura", "Hinaura"}, primary, 1)
			note := notes(ch)
			for _, part := range strings.Split(note, " ; ") {
				gone, ok := strings.CutPrefix(part, "sans ")
				if !ok {
					continue
				}
				for _, f := range strings.Split(gone, ", ") {
					if v := rec.Fields[f]; v != "" {
						t.Fatalf("primary %q: note %q says no %s, record has %q", primary, note, f, v)
					}
				}
			}
			if strings.Contains(note, "nommé d'après son bâtiment") {
				if d := digits(rec.Fields["telephone"]); d != "" && !strings.HasSuffix(d, "450568749") {
					t.Fatalf("primary %q: named after its building with another phone %q (%s)", primary, rec.Fields["telephone"], note)
				}
			}
		}
	}
}
