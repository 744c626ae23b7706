package activity

import (
	"errors"
	"strings"
	"testing"

	"maillage/internal/failure"
)

func individual() Activity {
	return Activity{Kind: Individuel, Date: "2026-11-20", Duration: 45, PlaceType: Domicile, Commune: "31555",
		Thematics: []string{"email"}, Equipment: []string{"ordinateur"}, Autonomy: "autonome"}
}

func workshop() Activity {
	return Activity{Kind: Collectif, Date: "2026-11-20", Duration: 120, PlaceType: LieuActivite, LieuID: "l1",
		Thematics: []string{"intelligence_artificielle"}, Title: "Café IA", Level: "debutant",
		Public: Public{Total: 10, Genders: map[string]int{"feminin": 6, "masculin": 3}, AgeBands: map[string]int{"soixante_dix_plus": 10}}}
}

func TestValidateActivity(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Activity)
		base  func() Activity
		field string
		rule  string
	}{
		{"individual ok", func(a *Activity) {}, individual, "", ""},
		{"workshop ok", func(a *Activity) {}, workshop, "", ""},
		{"unknown kind", func(a *Activity) { a.Kind = "demarche_administrative" }, individual, "type", "type-inconnu"},
		{"bad date", func(a *Activity) { a.Date = "20/11/2026" }, individual, "date", "format-date"},
		{"future date", func(a *Activity) { a.Date = "2026-12-25" }, individual, "date", "date-future"},
		{"zero duration", func(a *Activity) { a.Duration = 0 }, individual, "duree", "duree-bornes"},
		{"one day", func(a *Activity) { a.Duration = 1440 }, individual, "duree", "duree-bornes"},
		{"lieu_activite without place", func(a *Activity) { a.PlaceType = LieuActivite }, individual, "lieu", "lieu-obligatoire"},
		{"home without commune", func(a *Activity) { a.Commune = "" }, individual, "commune", "commune-obligatoire"},
		{"distance without commune", func(a *Activity) { a.PlaceType, a.Commune = ADistance, "" }, individual, "", ""},
		{"place with home", func(a *Activity) { a.LieuID = "l1" }, individual, "lieu", "lieu-seulement-lieu-activite"},
		{"bad commune", func(a *Activity) { a.Commune = "3155" }, individual, "commune", "code-insee"},
		{"corsica", func(a *Activity) { a.Commune = "2A004" }, individual, "", ""},
		{"unknown place type", func(a *Activity) { a.PlaceType = "ailleurs" }, individual, "type_lieu", "type-lieu-inconnu"},
		{"no thematic", func(a *Activity) { a.Thematics = nil }, individual, "thematiques", "thematique-obligatoire"},
		{"label instead of value", func(a *Activity) { a.Thematics = []string{"E-mail"} }, individual, "thematiques", "valeur-inconnue"},
		{"administrative alone", func(a *Activity) { a.Thematics = []string{"email", "logement"} }, individual, "thematiques", "administrative-sans-aide-aux-demarches"},
		{"administrative with aide", func(a *Activity) {
			a.Thematics, a.Demarche = []string{AideDemarches, "logement"}, "Demande d'APL"
		}, individual, "", ""},
		{"démarche without aide", func(a *Activity) { a.Demarche = "APL" }, individual, "precisions_demarche", "demarche-sans-aide-aux-demarches"},
		{"unknown equipment", func(a *Activity) { a.Equipment = []string{"console"} }, individual, "materiel", "valeur-inconnue"},
		{"aucun with another", func(a *Activity) { a.Equipment = []string{"aucun", "tablette"} }, individual, "materiel", "aucun-seul"},
		{"tag scope", func(a *Activity) { a.Tags = []Tag{{"regional", "Pass local"}} }, individual, "tags", "portee-inconnue"},
		{"tag ok", func(a *Activity) { a.Tags = []Tag{{"national", "Café IA"}} }, individual, "", ""},
		{"tag pipe", func(a *Activity) { a.Tags = []Tag{{"national", "a|b"}} }, individual, "tags", "tag-caracteres"},
		{"unknown autonomy", func(a *Activity) { a.Autonomy = "3" }, individual, "autonomie", "valeur-inconnue"},
		{"individual with title", func(a *Activity) { a.Title = "x" }, individual, "titre_atelier", "seulement-atelier"},
		{"individual two people", func(a *Activity) { a.Public.Total = 2 }, individual, "participants", "un-beneficiaire"},
		{"redirection without oriented", func(a *Activity) { a.Redirection = "aide_sociale" }, individual, "oriente", "orientation-sans-reorientation"},
		{"redirection ok", func(a *Activity) {
			a.Oriented, a.Redirection, a.RedirectionLieu, a.Orientation = true, "aide_sociale", "l2", 7
		}, individual, "", ""},
		{"unknown redirection", func(a *Activity) { a.Oriented, a.Redirection = true, "caf" }, individual, "structure_redirection", "valeur-inconnue"},
		{"workshop autonomy", func(a *Activity) { a.Autonomy = "autonome" }, workshop, "autonomie", "seulement-individuel"},
		{"workshop oriented", func(a *Activity) { a.Oriented = true }, workshop, "oriente", "seulement-individuel"},
		{"workshop level", func(a *Activity) { a.Level = "expert" }, workshop, "niveau", "valeur-inconnue"},
		{"workshop empty", func(a *Activity) { a.Public = Public{} }, workshop, "participants", "participants-bornes"},
		{"too many women", func(a *Activity) { a.Public.Genders["feminin"] = 11 }, workshop, "genre", "somme-participants"},
		{"unknown age band", func(a *Activity) { a.Public.AgeBands = map[string]int{"12-17": 10} }, workshop, "tranche_age", "valeur-inconnue"},
		{"already helped", func(a *Activity) { a.Public.AlreadyHelped = 11 }, workshop, "deja_accompagne", "deja-accompagne-bornes"},
		{"residences", func(a *Activity) { a.Residences = map[string]int{"51454": 11} }, workshop, "commune_residence", "somme-participants"},
		{"imported without id", func(a *Activity) { a.Source = SourceImportCoop }, individual, "id_cra", "id-cra-obligatoire"},
		{"saisie with coop id", func(a *Activity) { a.CoopID = "abc" }, individual, "id_cra", "seulement-import"},
		{"control character in notes", func(a *Activity) { a.Notes = "ok\x00" }, individual, "notes", "caractere-invisible"},
		{"newline in notes", func(a *Activity) { a.Notes = "ligne 1\nligne 2" }, individual, "", ""},
		// No beneficiary's personal data in a free text (review 11N MAJOR 4).
		{"name, phone and health in notes", func(a *Activity) { a.Notes = "M. Jean Martin, tel 06 12 34 56 78, diabétique" }, individual, "notes", "donnee-personnelle-telephone"},
		{"civility in notes", func(a *Activity) { a.Notes = "Mme Benali revient jeudi" }, individual, "notes", "donnee-personnelle-nom"},
		{"ordinary notes", func(a *Activity) { a.Notes = "Création du compte Ameli, revenir avec l'avis d'imposition" }, individual, "", ""},
		{"birth date in démarche", func(a *Activity) {
			a.Thematics, a.Demarche = []string{AideDemarches, "logement"}, "APL, née le 12/03/1961"
		}, individual, "precisions_demarche", "donnee-personnelle-date-de-naissance"},
		{"old date in notes", func(a *Activity) { a.Notes = "dossier 12/03/1961" }, individual, "notes", "donnee-personnelle-date-de-naissance"},
		{"recent date in notes", func(a *Activity) { a.Notes = "dossier déposé le 12/03/2025" }, individual, "", ""},
		{"e-mail in a tag", func(a *Activity) { a.Tags = []Tag{{"personnel", "jean@exemple.fr"}} }, individual, "tags", "donnee-personnelle-courriel"},
		{"name in workshop title", func(a *Activity) { a.Title = "Atelier Mme Pixel" }, workshop, "titre_atelier", "donnee-personnelle-nom"},
		{"NIR in notes", func(a *Activity) { a.Notes = "NIR 1 61 03 81 004 123 45" }, individual, "notes", "donnee-personnelle-numero-securite-sociale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.base()
			tt.edit(&a)
			a.Normalize()
			ps := a.Validate("2026-12-01")
			if tt.field == "" {
				if len(ps) > 0 {
					t.Fatalf("want no problem, got %v", ps)
				}
				return
			}
			p, ok := ps.Field(tt.field)
			if !ok || p.Rule != tt.rule {
				t.Fatalf("want %s/%s, got %#v", tt.field, tt.rule, ps)
			}
		})
	}
}

func TestNormalizeFillsNonCommunique(t *testing.T) {
	a := workshop()
	a.Normalize()
	if g := a.Public.Genders; g[NonCommunique] != 1 || g["feminin"] != 6 {
		t.Errorf("genders = %v", g)
	}
	if s := a.Public.Statuses; s[NonCommunique] != 10 {
		t.Errorf("statuses = %v", s)
	}
	i := individual()
	i.Normalize()
	if i.Public.Total != 1 || i.Public.Genders[NonCommunique] != 1 || i.Accompaniments() != 1 {
		t.Errorf("individual public = %+v", i.Public)
	}
	if a.Accompaniments() != 10 {
		t.Errorf("a workshop counts one accompaniment per participant: %d", a.Accompaniments())
	}
}

func TestProblemsErr(t *testing.T) {
	a := individual()
	a.Duration = 0
	a.Normalize()
	err := a.Validate("").Err()
	if failure.CodeOf(err) != failure.Invalid {
		t.Fatalf("code = %v", failure.CodeOf(err))
	}
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 {
		t.Fatalf("problems = %v", ps)
	}
	want := "Durée : « 0 » : la durée est en minutes, de 1 à 1439 (23 h 59)"
	if failure.MessageOf(err) != want {
		t.Errorf("message = %q, want %q", failure.MessageOf(err), want)
	}
	// A personal-data refusal names the field and the rule, never the text.
	a = individual()
	a.Notes = "M. Jean Martin, tel 06 12 34 56 78"
	a.Normalize()
	ps = a.Validate("")
	want = "Notes : le texte contient un numéro de téléphone"
	if len(ps) != 1 || !strings.HasPrefix(ps[0].Message, want) || strings.Contains(ps.Error(), "Martin") || ps[0].Value != "" {
		t.Errorf("problems = %#v, want one starting %q without the text", ps, want)
	}
}

func TestVocabularies(t *testing.T) {
	for _, tt := range []struct {
		name string
		v    Vocabulary
		n    int
	}{
		{"thématiques", Thematics, 19}, {"administratives", AdminThematics, 11}, {"matériel", Equipment, 5},
		{"autonomie", Autonomy, 3}, {"redirection", Redirections, 7}, {"niveau", Levels, 3}, {"genre", Genders, 3},
		{"tranche d'âge", AgeBands, 8}, {"statut", Statuses, 5}, {"portée", TagScopes, 4}, {"type de lieu", PlaceTypes, 4},
		{"échelon", TerritorialLevels, 5}, {"type d'animation", AnimationTypes, 7}, {"thématique d'animation", AnimationThematics, 6},
		{"type d'évènement", EventTypes, 5}, {"organisateurs", Organisers, 11}, {"partenaires", PartnerTypes, 10}, {"nature", PartnershipNatures, 5},
	} {
		if len(tt.v) != tt.n {
			t.Errorf("%s: %d values, want %d", tt.name, len(tt.v), tt.n)
		}
		seen := map[string]bool{}
		for _, term := range tt.v {
			if seen[term.Value] || term.Label == "" {
				t.Errorf("%s: %q repeated or without label", tt.name, term.Value)
			}
			seen[term.Value] = true
		}
	}
	if AllThematics.Label("securite_numerique") != "Prévention en sécurité numérique" || AllThematics.Label("entrepreneuriat") != "Accompagner un professionnel" {
		t.Error("labels of the Coop")
	}
}

func TestValidateAggregate(t *testing.T) {
	base := func() Aggregate {
		return Aggregate{LieuID: "l1", Month: "2026-11", Individual: 12, Workshops: 2, WorkshopParticipants: 15,
			Thematics: map[string]int{"email": 10, AideDemarches: 5, "logement": 3}}
	}
	tests := []struct {
		name, field, rule string
		edit              func(*Aggregate)
	}{
		{"ok", "", "", func(g *Aggregate) {}},
		{"no place", "lieu", "lieu-obligatoire", func(g *Aggregate) { g.LieuID = "" }},
		{"bad month", "mois", "format-mois", func(g *Aggregate) { g.Month = "11/2026" }},
		{"future month", "mois", "mois-futur", func(g *Aggregate) { g.Month = "2027-01" }},
		{"negative", "individuels", "nombre-bornes", func(g *Aggregate) { g.Individual = -1 }},
		{"workshops without people", "participants_ateliers", "participants-par-atelier", func(g *Aggregate) { g.WorkshopParticipants = 1 }},
		{"people without workshop", "ateliers", "ateliers-sans-participants", func(g *Aggregate) { g.Workshops = 0 }},
		{"empty", "individuels", "agregat-vide", func(g *Aggregate) { g.Individual, g.Workshops, g.WorkshopParticipants = 0, 0, 0; g.Thematics = nil }},
		{"administrative alone", "thematiques", "administrative-sans-aide-aux-demarches", func(g *Aggregate) { delete(g.Thematics, AideDemarches) }},
		{"thematic above total", "thematiques", "thematique-bornes", func(g *Aggregate) { g.Thematics["email"] = 28 }},
		{"public above total", "genre", "somme-participants", func(g *Aggregate) { g.Public.Genders = map[string]int{"feminin": 30} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := base()
			tt.edit(&g)
			g.Normalize()
			ps := g.Validate("2026-12")
			if tt.field == "" {
				if len(ps) > 0 {
					t.Fatal(ps)
				}
				if g.Public.Total != 27 || g.Public.AgeBands[NonCommunique] != 27 {
					t.Errorf("public = %+v", g.Public)
				}
				return
			}
			if p, ok := ps.Field(tt.field); !ok || p.Rule != tt.rule {
				t.Fatalf("want %s/%s, got %v", tt.field, tt.rule, ps)
			}
		})
	}
}

func TestValidateCoordination(t *testing.T) {
	anim := func() Coordination {
		return Coordination{Kind: Animation, Date: "2026-11-10", Duration: 90, Level: "departemental", Territory: "31",
			AnimationType: "reunion_coordination", Initiative: "initiative", AnimationThematics: []string{"reseau"}, Mediateurs: 12}
	}
	tests := []struct {
		name, field, rule string
		edit              func(*Coordination)
	}{
		{"animation ok", "", "", func(c *Coordination) {}},
		{"event ok", "", "", func(c *Coordination) {
			*c = Coordination{Kind: Evenement, Date: "2026-10-09", Level: "regional", EventType: "grand_public", Organisers: []string{"hub", "commune"}, Participants: 300}
		}},
		{"partnership ok", "", "", func(c *Coordination) {
			*c = Coordination{Kind: Partenariat, Date: "2026-10-09", Level: "departemental", Natures: []string{"subvention"}, Partners: []Partner{{"departement", "Haute-Garonne"}}}
		}},
		{"unknown kind", "type", "type-inconnu", func(c *Coordination) { c.Kind = "formation" }},
		{"level required", "echelon_territorial", "valeur-inconnue", func(c *Coordination) { c.Level = "" }},
		{"bad territory", "territoire", "code-departement", func(c *Coordination) { c.Territory = "Haute-Garonne" }},
		{"animation type", "type_animation", "valeur-inconnue", func(c *Coordination) { c.AnimationType = "Webinaire" }},
		{"autre text without autre", "type_animation_autre", "autre-sans-autre", func(c *Coordination) { c.AnimationTypeOther = "x" }},
		{"initiative", "initiative", "valeur-inconnue", func(c *Coordination) { c.Initiative = "" }},
		{"no thematic", "thematiques_animation", "thematique-obligatoire", func(c *Coordination) { c.AnimationThematics = nil }},
		{"animation with organisers", "type", "champs-du-type", func(c *Coordination) { c.Organisers = []string{"hub"} }},
		{"event without organiser", "organisateurs", "organisateur-obligatoire", func(c *Coordination) {
			*c = Coordination{Kind: Evenement, Date: "2026-10-09", Level: "regional", EventType: "nec_local"}
		}},
		{"partner without name", "structures_partenaires", "nom-obligatoire", func(c *Coordination) {
			*c = Coordination{Kind: Partenariat, Date: "2026-10-09", Level: "national", Natures: []string{"autre"}, NatureOther: "x", Partners: []Partner{{Type: "hub"}}}
		}},
		{"partner ma_structure", "structures_partenaires", "valeur-inconnue", func(c *Coordination) {
			*c = Coordination{Kind: Partenariat, Date: "2026-10-09", Level: "national", Natures: []string{"rdv_elu"}, Partners: []Partner{{"ma_structure", "Moi"}}}
		}},
		{"phone in notes", "notes", "donnee-personnelle-telephone", func(c *Coordination) { c.Notes = "contact 05 63 12 34 56" }},
		// Review 11N2: a coordination names partners and officials, not beneficiaries.
		{"an official named", "", "", func(c *Coordination) {
			c.Name, c.Notes = "Réunion chez Mme Durand", "RDV avec M. Dupont, adjoint au maire"
		}},
		{"a partner's agent named", "", "", func(c *Coordination) {
			*c = Coordination{Kind: Partenariat, Date: "2026-10-09", Level: "departemental", Natures: []string{"rdv_elu"}, Partners: []Partner{{"commune", "Mairie de Lisle, M. Dupont"}}}
		}},
		{"birth date in the name", "nom", "donnee-personnelle-date-de-naissance", func(c *Coordination) { c.Name = "Aidé Mme Benhaddou née le 02/03/1970" }},
		{"e-mail in autre", "type_animation_autre", "donnee-personnelle-courriel", func(c *Coordination) {
			c.AnimationType, c.AnimationTypeOther = "autre", "visio avec a.b@cd81.fr"
		}},
		{"IBAN of a partner", "structures_partenaires", "donnee-personnelle-iban", func(c *Coordination) {
			*c = Coordination{Kind: Partenariat, Date: "2026-10-09", Level: "national", Natures: []string{"subvention"}, Partners: []Partner{{"association", "FR76 3000 6000 0112 3456 7890 189"}}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := anim()
			tt.edit(&c)
			c.Normalize()
			ps := c.Validate("2026-12-01")
			if tt.field == "" {
				if len(ps) > 0 {
					t.Fatal(ps)
				}
				return
			}
			if p, ok := ps.Field(tt.field); !ok || p.Rule != tt.rule {
				t.Fatalf("want %s/%s, got %v", tt.field, tt.rule, ps)
			}
		})
	}
}

// TestProblemsNeverEchoText: a free text refused for a reason other than
// personal data (invisible character, length, invalid UTF-8) may still
// hold personal data; the problem (shown, answered by the API, written to
// import reports) never carries it (review 12A, fixP's note).
func TestProblemsNeverEchoText(t *testing.T) {
	phone := "06 12 34 56 78"
	for name, notes := range map[string]string{
		"invisible": "rappeler\u200b " + phone,
		"too long":  strings.Repeat("x", 5000) + " " + phone,
		"not utf-8": "\xff " + phone,
	} {
		t.Run(name, func(t *testing.T) {
			a := individual()
			a.Notes = notes
			a.Normalize()
			ps := a.Validate("2026-12-01")
			if len(ps) == 0 {
				t.Fatalf("no problem for %q", name)
			}
			for _, p := range ps {
				if strings.Contains(p.Value, "12 34") || strings.Contains(p.Message, "12 34") || strings.Contains(p.Explanation, "12 34") {
					t.Errorf("the problem echoes the text: %#v", p)
				}
			}
		})
	}
}
