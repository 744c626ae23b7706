package dedup

import (
	"slices"
	"strings"
	"testing"

	"maillage/internal/place"
)

// TestOperatorPartOfName: the words that name the operator of a place (a
// communauté de communes or d'agglomération, a métropole, « … Agglo ») are
// not the place's own distinctive words, as long as the name says
// something else; a name that is only the operator keeps them.
func TestOperatorPartOfName(t *testing.T) {
	tests := []struct {
		name, commune string
		kinds, words  []string
		operator      []string
	}{
		{"France services Bourg - CC Val de Reyssouze", "Bourg", []string{"franceservices"}, nil, []string{"val", "reyssouze"}},
		{"France services de Bourg (Communauté de communes du Val de Reyssouze)", "Bourg", []string{"franceservices"}, nil, []string{"val", "reyssouze"}},
		{"CdC Val de Reyssouze – Maison France services de Bourg", "Bourg", []string{"franceservices"}, nil, []string{"val", "reyssouze"}},
		{"France services Bourg, Grand Bourg Agglo", "Bourg", []string{"franceservices"}, nil, []string{"grand", "bourg"}},
		{"Médiathèque Jean Moulin - Communauté d'agglomération du Bassin", "Bourg", []string{"bibliotheque"}, []string{"jean", "moulin"}, []string{"bassin"}},
		{"France services Communauté de communes du Val de Reyssouze", "Bourg", []string{"franceservices"}, nil, []string{"val", "reyssouze"}},
		// A name that is only its operator is the operator's place (its seat).
		{"Communauté de communes du Val de Reyssouze", "Bourg", []string{"epci"}, []string{"val", "reyssouze"}, nil},
		// « de la Communauté de communes » names no operator: unchanged.
		{"Cyber-base de la Communauté de communes", "", []string{"epci", "epn"}, nil, nil},
		// A hyphen inside a word is not a separator.
		{"France services Cœur-de-Reyssouze", "Bourg", []string{"franceservices"}, []string{"coeur", "reyssouze"}, nil},
		// The antenna stays an antenna when its operator is set aside.
		{"France services Hautes-Vallées - Antenne de Communauté de communes", "", []string{"epci", "franceservices"}, []string{"hautes", "vallees"}, nil},
	}
	for _, tt := range tests {
		got := NormalizeName(tt.name, tt.commune)
		if !slices.Equal(got.Kinds, tt.kinds) || !slices.Equal(got.Words, tt.words) || !slices.Equal(got.Operator, tt.operator) {
			t.Errorf("NormalizeName(%q, %q) = %+v, want kinds %q words %q operator %q",
				tt.name, tt.commune, got, tt.kinds, tt.words, tt.operator)
		}
	}
	if n := NormalizeName("France services Hautes-Vallées - Antenne de Communauté de communes", ""); !n.Branch {
		t.Errorf("the antenna is no longer a branch: %+v", n)
	}
}

// TestKindOnlyNameCorroborated: one name says only the kind of place and
// its commune (« MSAP Bourg », « Maison France Services de Bourg »), the
// other the same kind with more words (a territory, a building, a
// person's name, an operator). When everything else that places a record
// agrees — same commune, the same address (number and street, or the same
// street without number on both sides), positions within a kilometre, a
// phone or e-mail of the place's own (not an operator's) or the same SIRET
// — the names do not hold the pair back. Near misses must stay apart.
func TestKindOnlyNameCorroborated(t *testing.T) {
	const phone, email = "04 74 00 00 09", "accueil@val-reyssouze.fr"
	// site builds a record in Bourg (01053) with the place's own contacts
	// at 12 rue Pasteur; north moves it by metres.
	site := func(src, id, nom string, north float64, f ...func(*place.Lieu)) Record {
		r := fsRecord(src, id, nom, "12 rue Pasteur", "Bourg", "01053", lat0+north/111000, lon0, phone, email, "Fixe")
		for _, g := range f {
			r = with(r, g)
		}
		return r
	}
	address := func(a string) func(*place.Lieu) { return func(l *place.Lieu) { l.Adresse = a } }
	contacts := func(p, e string) func(*place.Lieu) {
		return func(l *place.Lieu) { l.Telephone, l.Courriels = []string{p}, []string{e} }
	}
	noContacts := func(l *place.Lieu) { l.Telephone, l.Courriels = nil, nil }
	elsewhere := func(l *place.Lieu) {
		l.Commune, l.CodeINSEE, l.Adresse = "Péronnas", "01289", "3 place de la Mairie"
		l.Coordinates = &place.Point{Lat: lat0 - 0.03, Lon: lon0}
	}
	tests := []struct {
		name string
		a, b Record
		want Band
	}{
		// One place: the kind + commune on one side, more on the other.
		{"an operator's suffix « - CC … », 150 m",
			site("fs", "1", "France services Bourg - CC Val de Reyssouze", 0), site("hub", "h1", "MSAP Bourg", 150), Same},
		{"an operator in parentheses, 600 m",
			site("fs", "1", "France services de Bourg (Communauté de communes du Val de Reyssouze)", 0), site("hub", "h1", "Maison France Services de Bourg", 600), Same},
		{"a territory's name, 600 m",
			site("fs", "1", "France services Val de Reyssouze", 0), site("hub", "h1", "Espace France services - Bourg", 600), Same},
		{"a building's name, same spot",
			site("fs", "1", "France services de Bourg", 0), site("hub", "h1", "Maison de services Les Tilleuls – France Services", 0), Same},
		{"a library under its commune's name and under its own",
			site("fs", "1", "Médiathèque de Bourg", 0), site("hub", "h1", "Médiathèque Jean Moulin", 300), Same},
		{"a street without number on both sides, 300 m",
			site("fs", "1", "France services Val de Reyssouze", 0, address("Place de l'Église")), site("hub", "h1", "MSAP Bourg", 300, address("Pl. de l'Eglise")), Same},
		{"only the phone is the place's own (the e-mail is another)",
			site("fs", "1", "France services Val de Reyssouze", 0), site("hub", "h1", "MSAP Bourg", 600, contacts(phone, "autre@bourg.fr")), Same},

		// Near misses.
		{"two services of different organisations in one building (kinds differ)",
			site("fs", "1", "France services de Bourg", 0), site("hub", "h1", "Mission locale Val de Reyssouze", 0), Review},
		{"an EPN and a centre social in one building (compatible kinds, none shared)",
			site("fs", "1", "Espace numérique de Bourg", 0), site("hub", "h1", "Centre social Les Tilleuls", 0), Review},
		{"an antenna and its parent at one address",
			site("fs", "1", "France services Val de Reyssouze - Antenne de Bourg", 0), site("hub", "h1", "France services Bourg", 0), Review},
		{"an antenna and its parent in another commune",
			site("fs", "1", "France services Val de Reyssouze - Antenne de Bourg", 0), site("hub", "h1", "France services Val de Reyssouze", 0, elsewhere), Distinct},
		{"a bus at its base address",
			site("fs", "1", "France services de Bourg", 0), site("hub", "h1", "Bus France services Val de Reyssouze", 0, func(l *place.Lieu) { l.Itinerance = []string{"Itinérant"} }), Distinct},
		{"one operator's phone and e-mail for two sites in two streets",
			site("fs", "1", "France services Val de Reyssouze", 0), site("hub", "h1", "MSAP Bourg", 600, address("8 avenue d'Alsace")), Distinct},
		{"the same address, other contacts",
			site("fs", "1", "France services Val de Reyssouze", 0), site("hub", "h1", "MSAP Bourg", 150, contacts("04 74 11 11 11", "mairie@bourg.fr")), Review},
		{"the same address, no contact on one side",
			site("fs", "1", "France services Val de Reyssouze", 0), site("hub", "h1", "MSAP Bourg", 150, noContacts), Review},
		{"the same street, a number on one side only, 100 m",
			site("fs", "1", "France services Val de Reyssouze", 0), site("hub", "h1", "MSAP Bourg", 100, address("Rue Pasteur")), Same},
		{"the same street, a number on one side only, 400 m",
			site("fs", "1", "France services Val de Reyssouze", 0), site("hub", "h1", "MSAP Bourg", 400, address("Rue Pasteur")), Review},
		{"the same address, 1.5 km apart",
			site("fs", "1", "France services Val de Reyssouze", 0), site("hub", "h1", "MSAP Bourg", 1500), Review},
	}
	cfg := DefaultConfig()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cfg.Compare(tt.a, tt.b)
			if s.Band != tt.want {
				t.Errorf("band %v, want %v: %s", s.Band, tt.want, s.Summary())
			}
			if r := cfg.Compare(tt.b, tt.a); r.Band != s.Band || r.Total != s.Total {
				t.Errorf("reversed pair: band %v total %v, want %v %v", r.Band, r.Total, s.Band, s.Total)
			}
		})
	}
}

// TestKindOnlyNameOperatorContactInIndex: at one address, a phone and
// e-mail that a source gives to several of its sites are an operator's:
// they do not corroborate a name that says only the kind of place.
func TestKindOnlyNameOperatorContactInIndex(t *testing.T) {
	const phone, email = "04 74 00 00 09", "accueil@val-reyssouze.fr"
	recs := []Record{
		fsRecord("fs", "1", "France services Val de Reyssouze", "12 rue Pasteur", "Bourg", "01053", lat0, lon0, phone, email, "Fixe"),
		fsRecord("hub", "h1", "MSAP Bourg", "12 rue Pasteur", "Bourg", "01053", lat0+0.0014, lon0, phone, email, "Fixe"),
		fsRecord("fs", "2", "France services Val de Reyssouze - Péronnas", "3 place de la Mairie", "Péronnas", "01289", lat0-0.02, lon0, phone, email, "Fixe"),
	}
	ix := DefaultConfig().NewIndex(recs)
	if s := ix.Compare(0, 1); s.Band == Same {
		t.Errorf("merged on an operator's contacts: %s", s.Summary())
	}
	// Without the operator's other site, the contacts are the place's own.
	ix = DefaultConfig().NewIndex(recs[:2])
	if s := ix.Compare(0, 1); s.Band != Same {
		t.Errorf("one place: %v, %s", s.Band, s.Summary())
	}
	if s := ix.Compare(0, 1); !strings.Contains(s.Name.Note, "commune") {
		t.Errorf("the name's note does not say why the names agree: %q", s.Name.Note)
	}
}

// TestOperatorsCompared: an operator's words are set apart only where
// they neither tell two names apart (two operators) nor match the other
// name (the operator's seat).
func TestOperatorsCompared(t *testing.T) {
	tests := []struct {
		a, b       string
		wantValue  float64 // the name component's similarity
		wantPoints func(float64) bool
	}{
		{"France services Bourg - CC Val de Reyssouze", "MSAP Bourg", 1, func(p float64) bool { return p >= 3 }},
		{"France services Bourg - CC Val de Reyssouze", "France services Bourg - CdC Val de Reyssouze", 1, func(p float64) bool { return p >= 3 }},
		{"France services - CC Val de Reyssouze", "France services - Communauté de communes du Pays de Gex", 0, func(p float64) bool { return p < 0 }},
		{"Communauté de communes Val de Reyssouze", "CC Val de Reyssouze (France services)", 1, func(p float64) bool { return p >= 0 }},
	}
	cfg := DefaultConfig()
	for _, tt := range tests {
		a := rec("hub", "1", tt.a, "12 rue Pasteur", "01053", lat0, lon0)
		b := rec("nat", "2", tt.b, "12 rue Pasteur", "01053", lat0, lon0)
		s := cfg.Compare(a, b)
		if s.Name.Value != tt.wantValue || !tt.wantPoints(s.Name.Points) {
			t.Errorf("%q / %q: name %+v", tt.a, tt.b, s.Name)
		}
	}
}

// TestKindOnlyNamesOtherCommunes: « France services du Senfort » in Le
// Senfort and « Maison France services de Gouroy » in Gouroy both say only
// their kind once their commune is set aside: in two communes they name
// two places, whatever an operator's SIRET, phone or street name says.
func TestKindOnlyNamesOtherCommunes(t *testing.T) {
	a := with(fsRecord("hub", "1", "France services du Senfort", "pl. de la Mairie", "Le Senfort", "01999", lat0, lon0, "04 74 00 00 09", "", "Fixe"),
		func(l *place.Lieu) { l.Pivot = "20004567800013" })
	b := with(fsRecord("nat", "2", "Maison France services de Gouroy", "place de la Mairie", "Gouroy", "01998", lat0+0.02, lon0, "04 74 00 00 09", "", "Fixe"),
		func(l *place.Lieu) { l.Pivot = "20004567800013" })
	s := DefaultConfig().Compare(a, b)
	if s.Band == Same || s.Name.Points > 0 {
		t.Errorf("two communes' France services: %v, %s", s.Band, s.Summary())
	}
	// In one commune (a source's spelling of it), the names agree.
	b = with(b, func(l *place.Lieu) { l.Nom, l.Commune, l.CodeINSEE = "MSAP du Senfort", "LE SENFORT", "01999" })
	if s := DefaultConfig().Compare(a, b); s.Name.Points < 3 {
		t.Errorf("one commune: %s", s.Summary())
	}
}

// TestOperatorSetAsideIsExplained: the name's note says which operator's
// words were set aside.
func TestOperatorSetAsideIsExplained(t *testing.T) {
	a := rec("hub", "1", "France services Bourg - CC Val de Reyssouze", "12 rue Pasteur", "01053", lat0, lon0)
	b := rec("nat", "2", "MSAP Bourg", "12 rue Pasteur", "01053", lat0, lon0)
	if s := DefaultConfig().Compare(a, b); !strings.Contains(s.Name.Note, "exploitant") || !strings.Contains(s.Name.Note, "val reyssouze") {
		t.Errorf("note %q", s.Name.Note)
	}
}
