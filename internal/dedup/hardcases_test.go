package dedup

import (
	"strings"
	"testing"

	"maillage/internal/place"
)

// fsRecord builds a record shaped like a row of the France Services list
// read with the built-in correspondence (typologie RFS, itinerance from
// format_fs_anct / itinerance), written by hand from the reviewers' report.
func fsRecord(src, id, nom, adresse, commune, insee string, lat, lon float64, phone, email string, itinerance ...string) Record {
	l := &place.Lieu{
		ID: id, Nom: nom, Adresse: adresse, Commune: commune, CodeINSEE: insee,
		Coordinates: &place.Point{Lat: lat, Lon: lon},
		Typologie:   []string{"RFS"}, Itinerance: itinerance,
	}
	if phone != "" {
		l.Telephone = []string{phone}
	}
	if email != "" {
		l.Courriels = []string{email}
	}
	return Record{Source: src, Lieu: l}
}

// TestHardCasesFromRealList holds the wrong automatic merges two reviewers
// found importing the France Services list: each must not be merged, both
// within the list and when the second record comes from another source.
func TestHardCasesFromRealList(t *testing.T) {
	// An operator's antenna in the mairie and its main site 600 m away,
	// on other streets, sharing the operator's phone and e-mail.
	antenne := func(src string) Record {
		return fsRecord(src, "a-1", "France services Lagune Nord - Saint-Aubrac", "1 Place de la Mairie", "Saint-Aubrac", "34999",
			43.3968, 3.4184, "04 67 00 11 22", "fs.itinerante@agglo-lagune.net", "Fixe")
	}
	principal := func(src string) Record {
		return fsRecord(src, "a-2", "France services Lagune Nord", "22 avenue du Troisième Millénaire", "Saint-Aubrac", "34999",
			43.3914, 3.4192, "0467001122", "fs.itinerante@agglo-lagune.net", "Fixe", "Itinérant")
	}
	// A site and its antenna at the community of communes, 2.3 km apart.
	site := func(src string) Record {
		return fsRecord(src, "b-1", "France services Hautes-Vallées", "Col de la Croix", "La Combe", "66999",
			42.5282, 2.1233, "07 56 00 00 01", "services.publics@hautes-vallees.fr", "Fixe", "Itinérant")
	}
	antenneCC := func(src string) Record {
		return fsRecord(src, "b-2", "France services Hautes-Vallées - Antenne de Communauté de communes", "Col de la Croix", "La Combe", "66999",
			42.5480, 2.1139, "07 56 00 00 01", "services.publics@hautes-vallees.fr", "Fixe", "Itinérant")
	}
	// A mobile bus (Itinérant) and an antenna whose name says « itinérante »
	// while its itinerance says it is fixed: same address, same contacts.
	bus := func(src string) Record {
		return fsRecord(src, "c-1", "Bus France services Curie Joliot", "59 Allée des Tilleuls", "Colmarin", "68999",
			47.7560, 7.3193, "03 89 00 00 02", "curie-joliot@france-services.gouv.fr", "Itinérant")
	}
	antenneBus := func(src string) Record {
		return fsRecord(src, "c-2", "France Services Itinérante de Curie-Joliot - Antenne", "59 Allée des Tilleuls", "Colmarin", "68999",
			47.7559, 7.3192, "03 89 00 00 02", "curie-joliot@france-services.gouv.fr", "Fixe")
	}
	tests := []struct {
		name string
		a, b func(string) Record
	}{
		{"an operator's antenna and its main site sharing the operator's contacts", antenne, principal},
		{"a site and its antenna « Antenne de … » 2.3 km away", site, antenneCC},
		{"a mobile bus and an antenna named « itinérante » but said fixed", bus, antenneBus},
	}
	cfg := DefaultConfig()
	for _, tt := range tests {
		for _, srcs := range [][2]string{{"fs", "fs"}, {"fs", "hub"}} {
			t.Run(tt.name+"/"+srcs[0]+"+"+srcs[1], func(t *testing.T) {
				s := cfg.Compare(tt.a(srcs[0]), tt.b(srcs[1]))
				if s.Band == Same {
					t.Errorf("merged automatically (total %.1f): %+v", s.Total, s)
				}
				if r := cfg.Compare(tt.b(srcs[1]), tt.a(srcs[0])); r.Band != s.Band || r.Total != s.Total {
					t.Errorf("reversed pair: band %v total %v, want %v %v", r.Band, r.Total, s.Band, s.Total)
				}
			})
		}
	}
}

// TestOperatorContact: a phone or e-mail shared by records at different
// addresses, or by several records of one source, is an operator's: it
// weighs little and does not place two records at one spot.
func TestOperatorContact(t *testing.T) {
	mk := func(src, id, adresse string, lat float64) Record {
		return fsRecord(src, id, "Médiathèque Jean Moulin", adresse, "Bourg", "01053", lat, lon0, "04 74 00 00 09", "reseau@bourg.fr")
	}
	cfg := DefaultConfig()
	tests := []struct {
		name          string
		a, b          Record
		operator      bool // the shared contacts weigh little
		wantMaxPoints float64
	}{
		{"same address across sources: the place's own contact", mk("hub", "1", "12 rue Pasteur", lat0), mk("nat", "9", "12 r. Pasteur", lat0), false, 1.5},
		{"different streets with numbers: the operator's", mk("hub", "1", "12 rue Pasteur", lat0), mk("nat", "9", "8 avenue d'Alsace", lat0+0.004), true, 0.5},
		{"same street, other numbers: the operator's", mk("hub", "1", "12 rue Pasteur", lat0), mk("nat", "9", "40 rue Pasteur", lat0+0.002), true, 0.5},
		{"two records of one source: the operator's", mk("hub", "1", "12 rue Pasteur", lat0), mk("hub", "2", "12 rue Pasteur", lat0), true, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cfg.Compare(tt.a, tt.b)
			for _, c := range []Component{s.Phone, s.Email} {
				if c.Points > tt.wantMaxPoints {
					t.Errorf("%q: %.1f points, want at most %.1f", c.Note, c.Points, tt.wantMaxPoints)
				}
				if got := strings.Contains(c.Note, "opérateur"); got != tt.operator {
					t.Errorf("note %q: says operator %v, want %v", c.Note, got, tt.operator)
				}
			}
		})
	}
}

// TestOperatorContactInIndex: a phone that one source gives to several of
// its records is an operator's switchboard even in a pair across sources.
func TestOperatorContactInIndex(t *testing.T) {
	phone := "04 74 00 00 09"
	mk := func(src, id, nom, adresse string) Record {
		return fsRecord(src, id, nom, adresse, "Bourg", "01053", lat0, lon0, phone, "")
	}
	recs := []Record{
		mk("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur"),
		mk("nat", "9", "Médiathèque Jean Moulin", "12 rue Pasteur"),
		mk("nat", "10", "Espace numérique Gambetta", "3 boulevard Gambetta"),
	}
	ix := DefaultConfig().NewIndex(recs)
	s := ix.Compare(0, 1)
	if s.Phone.Points > 0.5 || !strings.Contains(s.Phone.Note, "opérateur") {
		t.Errorf("phone given to two records of source nat: %+v", s.Phone)
	}
	// Without the third record the phone is the place's own.
	ix = DefaultConfig().NewIndex(recs[:2])
	if s := ix.Compare(0, 1); s.Phone.Points != 1.5 {
		t.Errorf("phone of one place: %+v", s.Phone)
	}
}

// TestDifferentNumberedStreetsWeighAgainst: two known numbers in two
// different streets weigh more against than a street without number.
func TestDifferentNumberedStreetsWeighAgainst(t *testing.T) {
	cfg := DefaultConfig()
	num := cfg.Compare(rec("a", "1", "X", "1 Place de la Mairie", "01053", 0, 0), rec("b", "2", "X", "22 avenue du Troisième Millénaire", "01053", 0, 0))
	bare := cfg.Compare(rec("a", "1", "X", "Place de la Mairie", "01053", 0, 0), rec("b", "2", "X", "22 avenue du Troisième Millénaire", "01053", 0, 0))
	if num.Address.Points >= bare.Address.Points || num.Address.Points > -2.5 {
		t.Errorf("numbered streets %+v, unnumbered %+v", num.Address, bare.Address)
	}
}

// TestAddressNoteIsTrue: the address's note says what was compared.
func TestAddressNoteIsTrue(t *testing.T) {
	cfg := DefaultConfig()
	tests := []struct {
		a, b       string
		wantNumber bool // the note may speak of the same number
	}{
		{"Place Pierre Bitard", "Pl. Pierre Bitard", false},
		{"3 Place Pierre Bitard", "3 Pl. Pierre Bitard", true},
	}
	for _, tt := range tests {
		s := cfg.Compare(rec("a", "1", "X", tt.a, "01053", 0, 0), rec("b", "2", "X", tt.b, "01053", 0, 0))
		if s.Address.Points <= 0 {
			t.Errorf("%q / %q: %+v", tt.a, tt.b, s.Address)
		}
		if got := strings.Contains(s.Address.Note, "même numéro"); got != tt.wantNumber {
			t.Errorf("%q / %q: note %q", tt.a, tt.b, s.Address.Note)
		}
	}
}

// TestBranchWords: « antenne », « annexe », « permanence », « point
// relais », « site de » in one name only is a sign of another site: the
// shape of a site and its antenna 2.3 km apart in one street without
// number, sharing the operator's phone. At one numbered address and one
// position, it is one building.
func TestBranchWords(t *testing.T) {
	cfg := DefaultConfig()
	tests := []struct {
		a, b      string
		colocated bool
		want      Band
	}{
		{"France services Val d'Arve", "France services Val d'Arve - Antenne de Cluses", false, Review},
		{"Médiathèque Jean Moulin", "Médiathèque Jean Moulin - annexe", false, Review},
		{"CCAS de Bourg", "CCAS de Bourg - permanence", false, Review},
		{"France services Val d'Arve", "France services Val d'Arve - Point relais", false, Review},
		{"France services Val d'Arve", "France services Val d'Arve - Site de Cluses", false, Review},
		// The same word on both sides says nothing against.
		{"France services Val d'Arve - Antenne de Cluses", "Antenne France services Val d'Arve (Cluses)", false, Same},
		// One numbered address, one position: one building.
		{"Mission locale - permanence de Bourg", "Mission Locale Bourg", true, Same},
	}
	for _, tt := range tests {
		a := with(rec("hub", "1", tt.a, "Route du Col", "01053", lat0, lon0), func(l *place.Lieu) { l.Telephone = []string{"0474000009"} })
		b := with(rec("nat", "2", tt.b, "Rte du Col", "01053", lat0+0.021, lon0), func(l *place.Lieu) { l.Telephone = []string{"04 74 00 00 09"} })
		if tt.colocated {
			a.Lieu.Adresse, b.Lieu.Adresse = "18 place Clemenceau", "18 pl. Clemenceau"
			b.Lieu.Coordinates = a.Lieu.Coordinates
		}
		if s := cfg.Compare(a, b); s.Band != tt.want {
			t.Errorf("%q / %q: %v, want %v (%+v)", tt.a, tt.b, s.Band, tt.want, s)
		}
	}
}

// TestItinerantNameFixedField: a name that says the place moves and an
// itinerance that says it is fixed contradict each other: the record is
// neither, and is never merged automatically with one that is either.
func TestItinerantNameFixedField(t *testing.T) {
	cfg := DefaultConfig()
	contradicts := func(src, id string) Record {
		return with(rec(src, id, "France services itinérante de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
			func(l *place.Lieu) { l.Itinerance = []string{"Fixe"} })
	}
	itinerant := with(rec("nat", "9", "France services de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
		func(l *place.Lieu) { l.Itinerance = []string{"Itinérant"} })
	fixed := with(rec("nat", "9", "France services de Bourg", "3 place de la Mairie", "01053", lat0, lon0),
		func(l *place.Lieu) { l.Itinerance = []string{"Fixe"} })
	if p := prepare(contradicts("hub", "1")); p.itinerant() {
		t.Errorf("a name « itinérante » with itinerance Fixe is read as itinerant")
	}
	for _, other := range []Record{itinerant, fixed} {
		if s := cfg.Compare(contradicts("hub", "1"), other); s.Band == Same {
			t.Errorf("merged with %v: %+v", other.Lieu.Itinerance, s)
		}
	}
	// The same contradictory record from two sources is one place.
	if s := cfg.Compare(contradicts("hub", "1"), contradicts("nat", "7")); s.Band != Same {
		t.Errorf("one contradictory record twice: %v (%+v)", s.Band, s)
	}
}
