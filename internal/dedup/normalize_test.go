package dedup

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Médiathèque  l'Œuvre-St Jean", "mediatheque l oeuvre st jean"},
		{"  ÉCOLE — Ça , va ! ", "ecole ca va"},
		{"ﬁlm Æther", "film aether"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		name, commune string
		kinds, words  []string
		itinerant     bool
	}{
		{"MSAP de Bourg-en-Bresse", "Bourg-en-Bresse", []string{"franceservices"}, nil, false},
		{"Maison de services au public du Pays de Gex", "Gex", []string{"franceservices"}, []string{"pays"}, false},
		{"Maison France Services - Ceyzériat", "Bourg", []string{"franceservices"}, []string{"ceyzeriat"}, false},
		{"Maison France Services (MFS) de Lorquin", "Lorquin", []string{"franceservices"}, nil, false},
		{"Espace France services itinérant", "", []string{"franceservices"}, nil, true},
		{"Mairie de Saint-Jean", "Saint-Jean", []string{"mairie"}, nil, false},
		{"Mairie annexe de St Jean", "Saint-Jean", []string{"mairie"}, nil, false}, // « annexe » sets Branch (TestBranchWords)
		{"Hôtel de Ville", "X", []string{"mairie"}, nil, false},
		{"Médiathèque municipale Jean Moulin", "Albi", []string{"bibliotheque"}, []string{"jean", "moulin"}, false},
		{"Bibliothèque Jean-Moulin", "Albi", []string{"bibliotheque"}, []string{"jean", "moulin"}, false},
		{"CCAS - Centre communal d'action sociale", "", []string{"ccas"}, nil, false},
		{"Cyber-base de la Communauté de communes", "", []string{"epci", "epn"}, nil, false},
		{"Association Les Petits Débrouillards", "", nil, []string{"petits", "debrouillards"}, false},
		{"C.C.A.S. Laroque", "Laroque", []string{"ccas"}, nil, false},
		{"Commune de Randan", "Randan", []string{"mairie"}, nil, false},
		{"Point-justice de Béziers", "Béziers", []string{"justice"}, nil, false},
		{"Espace numérique de Cours", "Cours", []string{"epn"}, nil, false},
		{"Centre social et culturel Beaucamps", "Beaucamps", []string{"centresocial"}, nil, false},
		{"Ancien site N.D. des Champs", "", nil, []string{"ancien", "notre", "dame", "champs"}, false},
		{"Bus numérique", "", nil, nil, true},
		// The commune's article joins the preposition: « du Tampon » in Le Tampon.
		{"France services du Tampon", "Le Tampon", []string{"franceservices"}, nil, false},
		{"MSAP des Abymes", "Les Abymes", []string{"franceservices"}, nil, false},
		{"Médiathèque de l'Isle", "L'Isle-d'Abeau", []string{"bibliotheque"}, []string{"isle"}, false},
		{"", "", nil, nil, false},
	}
	for _, tt := range tests {
		got := NormalizeName(tt.name, tt.commune)
		if !slices.Equal(got.Kinds, tt.kinds) || !slices.Equal(got.Words, tt.words) || got.Itinerant != tt.itinerant {
			t.Errorf("NormalizeName(%q, %q) = %+v, want kinds %q words %q itinerant %v",
				tt.name, tt.commune, got, tt.kinds, tt.words, tt.itinerant)
		}
	}
}

func TestKindsConflict(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Mairie de X", "France services de X", true},
		{"Mairie de X - France services", "France services de X", false},
		{"MSAP de X", "France services de X", false},
		{"Médiathèque de X", "Bibliothèque de X", false},
		{"PIMMS de X", "France services X", false},
		{"Médiathèque de X", "Espace numérique", true}, // an EPN in a library: two services
		{"Médiathèque de X", "Le Kiosque", false},      // one says no kind
		{"CCAS de X", "Médiathèque de X", true},
		{"France services X (La Poste)", "Bureau de poste de X", true}, // the label names the service
		{"France services Centre social Adages", "Centre social de X", true},
	}
	for _, tt := range tests {
		if got := KindsConflict(NormalizeName(tt.a, "X"), NormalizeName(tt.b, "X")); got != tt.want {
			t.Errorf("KindsConflict(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestWordsSimilarity(t *testing.T) {
	tests := []struct {
		a, b []string
		want float64
	}{
		{[]string{"jean", "moulin"}, []string{"jean", "moulin"}, 1},
		{[]string{"saint", "exupery"}, []string{"saintexupery"}, 1},
		{[]string{"saintex", "upery"}, []string{"sain", "texupery"}, 1},
		{[]string{"ab"}, []string{"abc"}, 0},
		{[]string{"", "ab"}, []string{"ab", ""}, 1},
		{[]string{"republique"}, []string{"republiqe"}, 1}, // a typo
		{[]string{"jean", "moulin"}, []string{"louise", "michel"}, 0},
		{[]string{"jean", "moulin"}, []string{"jean", "moulin", "nord"}, 0.85},
		{nil, []string{"x"}, -1},
	}
	for _, tt := range tests {
		if got := WordsSimilarity(tt.a, tt.b); got != tt.want {
			t.Errorf("WordsSimilarity(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in, commune string
		want        Address
	}{
		{"12 bis av. du Gal de Gaulle", "", Address{"12bis", "avenue", []string{"general", "gaulle"}}},
		{"12bis, Avenue du Général de Gaulle", "", Address{"12bis", "avenue", []string{"general", "gaulle"}}},
		{"Place de la Mairie", "", Address{"", "place", []string{"mairie"}}},
		{"3 bd St-Michel 75005 Paris", "", Address{"3", "boulevard", []string{"saint", "michel"}}},
		{"n° 04 rue Pasteur BP 12 Bourg", "Bourg", Address{"4", "rue", []string{"pasteur"}}},
		{"12-14 rte de Lyon", "", Address{"12", "route", []string{"lyon"}}},
		{"Bureau de Poste, 19 Grand Rue", "", Address{"19", "", []string{"grand", "rue"}}},
		{"CC Gorges de l'Ardèche, 16, rue des Abeilles", "", Address{"16", "rue", []string{"abeilles"}}},
		{"Le Bourg", "", Address{"", "", []string{"bourg"}}},
		{"", "", Address{}},
	}
	for _, tt := range tests {
		got := ParseAddress(tt.in, tt.commune)
		if got.Number != tt.want.Number || got.Type != tt.want.Type || !slices.Equal(got.Street, tt.want.Street) {
			t.Errorf("ParseAddress(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestAddressSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"12 av. du Gal de Gaulle", "12 avenue Général de Gaulle", 1},
		{"12 av. du Gal de Gaulle", "Avenue Général de Gaulle", 0.8},
		{"12 rue Pasteur", "12 bis rue Pasteur", 0.9},
		{"12 rue Pasteur", "40 rue Pasteur", 0.4},
		{"12 rue Pasteur", "12 rue Victor Hugo", 0},
		{"", "12 rue Pasteur", -1},
		{"Le Bourg", "12 rue Pasteur", -1}, // vague: says nothing against
		{"Centre bourg", "Bourg", -1},
		{"Hôtel de ville", "Place de la Mairie", -1},
		{"Place de la Mairie", "Place de la Mairie", 1},
	}
	for _, tt := range tests {
		if got := AddressSimilarity(ParseAddress(tt.a, ""), ParseAddress(tt.b, "")); got != tt.want {
			t.Errorf("AddressSimilarity(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"01 23 45 67 89", "+33123456789"},
		{"01.23.45.67.89", "+33123456789"},
		{"+33 (0)1 23 45 67 89", "+33123456789"},
		{"+33 1 23 45 67 89", "+33123456789"},
		{"0033123456789", "+33123456789"},
		{"123456789", "+33123456789"}, // a spreadsheet lost the 0
		{"06 12 34 56 78 (accueil)", "+33612345678"},
		{"0262 12 34 56", "+262262123456"},
		{"0590 12 34 56", "+590590123456"},
		{"0696 12 34 56", "+596696123456"},
		{"3939", ""},
		{"non communiqué", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizePhone(tt.in); got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{" Mairie@Bourg.FR ", "mairie@bourg.fr"},
		{"mailto:contact@x.org", "contact@x.org"},
		{"<a@b.fr>;", "a@b.fr"},
		{"pas une adresse", ""},
		{"a@b", ""},
		{"@b.fr", ""},
	}
	for _, tt := range tests {
		if got := NormalizeEmail(tt.in); got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWebsiteDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.mairie-bourg.fr/france-services", "mairie-bourg.fr"},
		{"mediatheque.ville-albi.fr", "ville-albi.fr"},
		{"http://www.ain.gouv.fr/x", "ain.gouv.fr"},
		{"https://www.facebook.com/mairie", ""},
		{"https://sites.google.com/view/x", ""},
		{"https://www.france-services.gouv.fr", ""},
		{"http://192.168.1.1", ""},
		{"pas un site", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := WebsiteDomain(tt.in); got != tt.want {
			t.Errorf("WebsiteDomain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParsePivot(t *testing.T) {
	tests := []struct {
		in   string
		want Pivot
	}{
		{"123 456 789 00012", Pivot{SIRET: "12345678900012", SIREN: "123456789"}},
		{"123456789", Pivot{SIREN: "123456789"}},
		{"w123456789", Pivot{RNA: "W123456789"}},
		{"00000000000000", Pivot{}},
		{"000000000", Pivot{}},
		{"12345", Pivot{}},
		{"", Pivot{}},
	}
	for _, tt := range tests {
		if got := ParsePivot(tt.in); got != tt.want {
			t.Errorf("ParsePivot(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
