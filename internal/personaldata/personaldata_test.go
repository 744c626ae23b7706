package personaldata

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The texts below are written as médiateurs and social workers write
// them; the expected rule of each was decided by hand.
var cases = []struct {
	text string
	want Rule // "": nothing personal
}{
	// Phones.
	{"M. Jean Martin, tel 06 12 34 56 78, diabétique", Phone},
	{"rappeler au 0612345678", Phone},
	{"tél. 06.12.34.56.78", Phone},
	{"portable 07-81-22-33-44 le soir", Phone},
	{"joignable au +33 6 12 34 56 78", Phone},
	{"+33612345678", Phone},
	{"+33 (0)6 12 34 56 78", Phone},
	{"0033 6 12 34 56 78", Phone},
	{"fixe 05\u00a063\u00a012\u00a034\u00a056", Phone},
	{"numéro belge +32 470 12 34 56", Phone},
	{"appelez le ０６ １２ ３４ ５６ ７８", Phone}, // full-width digits (NFKC)
	{"06/12/34/56/78", Phone},
	{"+33 6/12/34/56/78", Phone},
	{"écrire à jean＠exemple.fr", Email}, // full-width at sign
	// E-mails.
	{"écrire à jean.dupont@exemple.fr", Email},
	{"son adresse : fatima.b@gmail", Email},
	// Civility and name.
	{"Mme Fatima Benali", Civility},
	{"rdv avec M. Durand pour sa retraite", Civility},
	{"Madame LEROY souhaite un suivi", Civility},
	{"monsieur Petit est revenu", Civility},
	{"Mlle Roux", Civility},
	{"Atelier Mme Pixel", Civility}, // refused by design: the message says so
	{"Mr. Smith", Civility},
	// Dates of birth.
	{"Mme Fatima Benali née 12/03/1961", BirthDate},
	{"née le 3 mars 1961", BirthDate},
	{"né(e) le 01/02/1990", BirthDate},
	{"nee le 12-03-61", BirthDate},
	{"né en 1958, veuf", BirthDate},
	{"date de naissance : 04.07.1970", BirthDate},
	{"DDN 14/07/1949", BirthDate},
	{"personne du 12/03/1961 venue pour la CAF", BirthDate}, // a full date 65 years back
	{"1er janvier 1950", BirthDate},
	{"12/03/1961", BirthDate}, // a full date alone, 65 years back
	{"née le 04/05/1958", BirthDate},
	{"né en 2020", BirthDate}, // a birth word: whatever the year
	// Social-security numbers.
	{"NIR 1 61 03 81 004 123 45", NIR},
	{"sécu 261032A00412345", NIR},
	{"2610381004123", NIR},
	// IBANs.
	{"IBAN FR76 3000 6000 0112 3456 7890 189 pour le remboursement", IBAN},
	{"FR7630006000011234567890189", IBAN},
	{"rib DE89 3704 0044 0532 0130 00", IBAN},

	// Ordinary texts: nothing personal.
	{"Atelier découverte de la tablette", ""},
	{"Café IA", ""},
	{"Pass numérique", ""},
	{"Rendez-vous le 12/05/2026 à 14 h, 31000 Toulouse, dossier 2026-114", ""},
	{"Rendez-vous le 01.12.2026 10:00", ""},
	{"Création de compte Ameli, demande de CSS, dossier CAF n° 1234567", ""},
	{"Mme la maire a ouvert l'atelier", ""},
	{"M. le directeur du CCAS", ""},
	{"Monsieur est venu avec sa fille pour la déclaration d'impôts", ""},
	{"Atelier « Madame, Monsieur, écrire un courrier »", ""},
	{"accompagnée depuis 2015, retraitée depuis mars 2010", ""},
	{"dossier du 15/09/2021 relancé", ""}, // five years back: not a birth
	// Review 11N2: a document's date of the last fifteen years is ordinary.
	{"Avis d'imposition du 15/09/2015 à retrouver", ""},
	{"titre de séjour délivré le 3 mars 2012", ""},
	{"Déclaration de naissance en ligne", ""},
	{"Démarche : renouvellement de titre de séjour (ANEF)", ""},
	{"3 participants sur 12, 2 h 30", ""},
	{"SIRET 123 456 789 00012", ""},
	{"RN88 et la D999 fermées", ""},
	{"tarif 2,50 € ; +10 % de participants", ""},
	{"Formation PIX niveau 2 — 25 inscrits", ""},
	{"note de 1 à 5 : 4", ""},
	{"code postal 81000 Albi, 12000 Rodez", ""},
	{"", ""},

	// Review 12A, 6: evasions (each missed before).
	{"rappeler au 06–12–34–56–78", Phone},            // en dashes (a word processor's)
	{"portable 07—81—22—33—44", Phone},               // em dashes
	{"tél. 06‐12‐34‐56‐78", Phone},                   // U+2010 hyphens
	{"tél. 06−12−34−56−78", Phone},                   // U+2212 minus signs
	{"joindre au 06.12-34 56.78 le matin", Phone},    // mixed separators
	{"joindre au 06 12.34-56 78", Phone},             // mixed separators
	{"n° 0 6 1 2 3 4 5 6 7 8", Phone},                // spaced digits
	{"rappeler 06 12 34 56 7 8", Phone},              // a pair split
	{"écrire à jean [at] exemple.fr", Email},         // [at]
	{"écrire à jean (at) exemple point fr", Email},   // (at)
	{"écrire à jean(arobase)exemple.fr", Email},      // (arobase)
	{"son adresse : jean arobase exemple.fr", Email}, // arobase
	{"jean.dupont arobase gmail point com", Email},   // arobase … point
	{"écrire à jean @ exemple.fr", Email},            // spaced @

	// Review 12A, 6: what the new rules must not take.
	{"saison 2026–2027, années 2026—2027", ""},
	{"durée 1–2 h, de 9 h à 12 h", ""},
	{"budget 1 234 567 €, 12 345,67 €", ""},
	{"horaires 08.30-12.00 14.00-17.30", ""},
	{"rendez-vous le 01–12–2026 à 10:00", ""},
	{"départements 09, 11, 12, 31", ""},
	{"score de 0 à 5 : 0 1 2 3 4", ""},
	{"où est la touche arobase sur le clavier ?", ""},
	{"taper l'arobase puis le point", ""},
	{"adresse du type prénom arobase fournisseur", ""},
	{"SIRET 123 456 789 00012, 123-456-789-00012", ""},
	{"version 1.2-3.4 5.6", ""},
}

func TestFind(t *testing.T) {
	for _, tt := range cases {
		got, found := Find(tt.text, 2026)
		if found != (tt.want != "") || got != tt.want {
			t.Errorf("Find(%q) = %q, %v; want %q", tt.text, got, found, tt.want)
		}
	}
}

func TestFindWithoutYear(t *testing.T) {
	// Without the record's year, an old bare date is no longer taken for
	// a birth; a birth word still is.
	if r, found := Find("personne du 12/03/1961 venue pour la CAF", 0); found {
		t.Errorf("year 0: found %q", r)
	}
	if r, _ := Find("née le 12/03/1961", 0); r != BirthDate {
		t.Errorf("year 0, birth word: %q", r)
	}
	// The boundary: sixteen years back is refused, fifteen accepted.
	if r, _ := Find("le 01/01/2010", 2026); r != BirthDate {
		t.Errorf("sixteen years back: %q", r)
	}
	if r, found := Find("le 01/01/2011", 2026); found {
		t.Errorf("fifteen years back: %q", r)
	}
}

func TestMessageNamesNoValue(t *testing.T) {
	for _, r := range Rules {
		m := r.Message()
		if !strings.Contains(m, "aucune donnée personnelle") || strings.Contains(m, "donnee-personnelle") {
			t.Errorf("%s: %q", r, m)
		}
	}
	if !strings.Contains(Civility.Message(), "n'écrivez pas de nom de personne") {
		t.Errorf("civility: %q", Civility.Message())
	}
}

// FuzzFind: Find never panics, finds a rule of Rules, and what it finds
// in a text it still finds with words around it, whatever the text.
func FuzzFind(f *testing.F) {
	for _, tt := range cases {
		f.Add(tt.text, 2026)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		if !utf8.ValidString(s) {
			return
		}
		r, found := Find(s, year)
		if found {
			known := false
			for _, k := range Rules {
				known = known || k == r
			}
			if !known {
				t.Fatalf("Find(%q) = unknown rule %q", s, r)
			}
			if _, again := Find("note : "+s+" ; fin", year); !again {
				t.Fatalf("Find(%q) found %q, not with words around it", s, r)
			}
		}
		for _, p := range []string{"06 12 34 56 78", "a@b.fr", "Mme Martin", "née le 12/03/1961"} {
			if _, ok := Find(s+" "+p+" "+s, year); !ok {
				t.Fatalf("%q around %q: not found", s, p)
			}
		}
	})
}

// TestFindAmong: a coordination's texts (PartnerRules) name partners and
// officials, so a civility and a name pass there; the other rules hold.
func TestFindAmong(t *testing.T) {
	for _, tt := range []struct {
		text string
		want Rule
	}{
		{"RDV avec M. Dupont, adjoint au maire", ""},
		{"Réunion avec Mme Martin (CAF)", ""},
		{"M. Dupont 06 12 34 56 78", Phone},
		{"contact : jean.dupont@mairie.fr", Email},
		{"Aidé Mme Fatima Benhaddou née le 02/03/1970", BirthDate},
		{"NIR 1 61 03 81 004 123 45", NIR},
	} {
		got, found := FindAmong(tt.text, 2026, PartnerRules)
		if found != (tt.want != "") || got != tt.want {
			t.Errorf("FindAmong(%q, PartnerRules) = %q, %v; want %q", tt.text, got, found, tt.want)
		}
	}
	if r, _ := FindAmong("RDV avec M. Dupont", 2026, Rules); r != Civility {
		t.Errorf("with every rule: %q, want %s", r, Civility)
	}
}
