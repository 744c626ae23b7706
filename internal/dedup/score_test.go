package dedup

import (
	"testing"

	"maillage/internal/place"
)

// rec builds a record of source src from a few fields.
func rec(src, id, nom, adresse, insee string, lat, lon float64) Record {
	l := &place.Lieu{ID: id, Nom: nom, Adresse: adresse, CodeINSEE: insee, Commune: "Bourg"}
	if lat != 0 || lon != 0 {
		l.Coordinates = &place.Point{Lat: lat, Lon: lon}
	}
	return Record{Source: src, Lieu: l}
}

func with(r Record, f func(*place.Lieu)) Record {
	c := *r.Lieu
	f(&c)
	return Record{Source: r.Source, Lieu: &c}
}

// Coordinates around Bourg: 0.001° of latitude is about 111 m.
const lat0, lon0 = 46.2050, 5.2250

func TestCompareBands(t *testing.T) {
	base := rec("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0)
	tests := []struct {
		name string
		a, b Record
		want Band
	}{
		{"same place, other spelling and a geocode 400 m off",
			base, rec("national", "a", "MEDIATHEQUE MUNICIPALE JEAN-MOULIN", "12, r. Pasteur", "01053", lat0+0.0036, lon0), Same},
		{"same place, no number on one side, 900 m off",
			base, rec("national", "a", "Mediatheque Jean Moulin", "Rue Pasteur", "01053", lat0+0.008, lon0), Same},
		{"same name, other street, 900 m off: to review",
			base, rec("national", "a", "Mediatheque Jean Moulin", "Place Carnot", "01053", lat0+0.008, lon0), Review},
		{"renaming MSAP → France services at the same address",
			rec("hub", "1", "MSAP de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
			rec("anct", "fs1", "France services Bourg", "3 pl. de la mairie", "01053", lat0+0.0002, lon0), Same},
		{"Maison France services (MFS) and France services, new contacts, 500 m off",
			with(rec("hub", "1", "Maison France Services (MFS) de Bourg", "2 rue du Docteur Marchal", "01053", lat0, lon0),
				func(l *place.Lieu) { l.Telephone = []string{"0474000001"}; l.Courriels = []string{"a@bourg.fr"} }),
			with(rec("anct", "fs1", "France services Bourg", "2 R. du Dr Marchal", "01053", lat0+0.0045, lon0),
				func(l *place.Lieu) { l.Telephone = []string{"0474000002"}; l.Courriels = []string{"b@bourg.fr"} }), Same},
		{"an antenna named after its parent goes to review",
			rec("anct", "fs1", "France services Volvestre - Antenne de Bourg", "20 chemin des Aubépines", "01053", lat0, lon0),
			rec("anct", "fs2", "France services Bourg", "20 Chemin des Aubepines", "01053", lat0, lon0), Review},
		{"mairie and France services in one building are distinct",
			rec("hub", "1", "Mairie de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
			rec("anct", "fs1", "France services de Bourg", "3 place de la Mairie", "01053", lat0, lon0), Distinct},
		{"itinerant bus based at the fixed site's address (the site says nothing): never merged by itself",
			rec("anct", "fs1", "France services de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
			with(rec("anct", "fs2", "France services de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
				func(l *place.Lieu) { l.Itinerance = []string{"Itinérant"} }), Review},
		{"itinerant bus (by its field) beside a site that says it is fixed",
			with(rec("anct", "fs1", "France services de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
				func(l *place.Lieu) { l.Itinerance = []string{"Fixe"} }),
			with(rec("anct", "fs2", "France services de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
				func(l *place.Lieu) { l.Itinerance = []string{"Itinérant"} }), Distinct},
		{"a bus by its name beside a site that says nothing",
			rec("anct", "fs1", "France services de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
			rec("anct", "fs2", "France services mobile de Bourg", "3 place de la Mairie", "01053", lat0, lon0), Distinct},
		{"a fixed site that also goes out (Fixe|Itinérant) and the same site said fixed",
			with(rec("hub", "1", "France services de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
				func(l *place.Lieu) { l.Itinerance = []string{"Fixe", "Itinérant"} }),
			with(rec("anct", "fs1", "France services Bourg", "3 pl. de la mairie", "01053", lat0, lon0),
				func(l *place.Lieu) { l.Itinerance = []string{"Fixe"} }), Same},
		{"the same record, itinerance added a year later: to review, never distinct",
			rec("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0),
			with(rec("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0),
				func(l *place.Lieu) { l.Itinerance = []string{"Itinérant"} }), Review},
		{"two libraries sharing the operator's e-mail",
			with(base, func(l *place.Lieu) { l.Courriels = []string{"reseau@bourg.fr"} }),
			with(rec("hub", "2", "Médiathèque Louise Michel", "8 avenue Alsace", "01053", lat0+0.01, lon0), func(l *place.Lieu) {
				l.Courriels = []string{"reseau@bourg.fr"}
			}), Distinct},
		{"the same name alone (no address, no position) is not enough",
			rec("hub", "1", "Médiathèque Jean Moulin", "", "01053", 0, 0),
			rec("national", "a", "Médiathèque Jean Moulin", "", "01053", 0, 0), Review},
		{"the same name in another commune far away",
			base, rec("national", "a", "Médiathèque Jean Moulin", "12 rue Pasteur", "69123", 45.76, 4.83), Distinct},
		{"renamed site, everything else equal, goes to review",
			with(base, func(l *place.Lieu) { l.Pivot = "12345678900012"; l.Telephone = []string{"0474000001"} }),
			with(rec("hub2", "9", "Espace Simone Veil", "12 rue Pasteur", "01053", lat0, lon0), func(l *place.Lieu) {
				l.Pivot = "123 456 789 00012"
				l.Telephone = []string{"+33 4 74 00 00 01"}
			}), Review},
		{"placeholder pivots are not a shared SIRET",
			with(rec("hub", "1", "Association Alpha", "", "01053", 0, 0), func(l *place.Lieu) { l.Pivot = place.PivotPlaceholder }),
			with(rec("hub2", "2", "Association Alpha", "", "01053", 0, 0), func(l *place.Lieu) { l.Pivot = place.PivotPlaceholder }), Review},
	}
	cfg := DefaultConfig()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cfg.Compare(tt.a, tt.b)
			if s.Band != tt.want {
				t.Errorf("band %v, want %v; scores %+v", s.Band, tt.want, s)
			}
			// The decision does not depend on the order of the pair.
			if r := cfg.Compare(tt.b, tt.a); r.Band != s.Band || r.Total != s.Total {
				t.Errorf("reversed pair: band %v total %v, want %v %v", r.Band, r.Total, s.Band, s.Total)
			}
		})
	}
}

func TestCompareExplainsEveryComponent(t *testing.T) {
	a := rec("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0)
	s := DefaultConfig().Compare(a, a)
	sum := 0.0
	for _, c := range s.Components() {
		if c.C.Note == "" {
			t.Errorf("component %s has no explanation", c.Label)
		}
		sum += c.C.Points
	}
	if s.Total != sum {
		t.Errorf("total %v, sum of components %v", s.Total, sum)
	}
}

func TestThresholdsAreConfiguration(t *testing.T) {
	a := rec("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0)
	b := rec("nat", "2", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0)
	strict := Config{Same: 100, Review: 50}
	if got := strict.Match(a, b); got != Distinct {
		t.Errorf("with thresholds 100/50: %v, want distincts", got)
	}
}

func TestCommuneCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"75115", "75056"}, {"75056", "75056"}, {"69383", "69123"}, {"13216", "13055"},
		{"13217", "13217"}, {" 01053 ", "01053"}, {"2A004", "2A004"}, {"", ""},
	}
	for _, tt := range tests {
		if got := communeCode(tt.in); got != tt.want {
			t.Errorf("communeCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// "ST ETIENNE" and "Saint-Étienne" are one commune.
	a := rec("a", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "", lat0, lon0)
	b := rec("b", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "", lat0, lon0)
	a.Lieu.Commune, b.Lieu.Commune = "ST ETIENNE", "Saint-Étienne"
	if s := DefaultConfig().Compare(a, b); s.Commune.Points <= 0 {
		t.Errorf("ST ETIENNE / Saint-Étienne: %+v", s.Commune)
	}
}

func TestSameOpaqueID(t *testing.T) {
	a := rec("hub-2024", "5f1c2e9a-77b0", "Médiathèque Jean Moulin", "", "01053", 0, 0)
	b := rec("hub-2025", "5f1c2e9a-77b0", "Médiathèque Jean Moulin", "", "01053", 0, 0)
	if s := DefaultConfig().Compare(a, b); s.Band != Same || s.SourceID.Points <= 0 {
		t.Errorf("same opaque id: %+v", s)
	}
	// Row numbers and counters say nothing; nor does an id within one source.
	for _, p := range [][2]Record{
		{rec("a", "12", "Médiathèque Jean Moulin", "", "01053", 0, 0), rec("b", "12", "Médiathèque Jean Moulin", "", "01053", 0, 0)},
		{rec("a", "lieu-10000", "Médiathèque Jean Moulin", "", "01053", 0, 0), rec("b", "lieu-10000", "Médiathèque Jean Moulin", "", "01053", 0, 0)},
		{rec("a", "5f1c2e9a-77b0", "Médiathèque Jean Moulin", "", "01053", 0, 0), rec("a", "5f1c2e9a-77b0", "Médiathèque Jean Moulin", "", "01053", 0, 0)},
	} {
		if s := DefaultConfig().Compare(p[0], p[1]); s.Band == Same || s.SourceID.Points != 0 {
			t.Errorf("ids %q/%q: %+v", p[0].Lieu.ID, p[1].Lieu.ID, s)
		}
	}
}
