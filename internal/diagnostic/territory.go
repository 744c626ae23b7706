package diagnostic

import (
	"strings"

	"maillage/internal/failure"
	"maillage/internal/territory"
)

// Kinds of Territory.
const (
	KindFrance      = "france"
	KindRegion      = "region"
	KindDepartement = "departement"
	KindEPCI        = "epci"
	KindCommune     = "commune"
)

// Kinds lists the kinds of territory, widest first.
var Kinds = []string{KindFrance, KindRegion, KindDepartement, KindEPCI, KindCommune}

// Territory is what a diagnostic is about: France, a région, a
// département, an EPCI or a commune. The computation always covers all of
// France; the territory only selects the rows and the units shown.
type Territory struct {
	Kind string // KindFrance, KindRegion, KindDepartement, KindEPCI or KindCommune
	Code string // "" for France, else the INSEE code (SIREN for an EPCI)
	Name string // its name in the referential
}

// String is the territory as ParseTerritory reads it: "france",
// "departement:69".
func (t Territory) String() string {
	if t.Kind == KindFrance {
		return KindFrance
	}
	return t.Kind + ":" + t.Code
}

// key is the territory's key among the units.
func (t Territory) key() string { return t.String() }

const territorySyntax = "france, region:CODE, departement:CODE, epci:SIREN ou commune:INSEE (par exemple departement:69)"

// ParseTerritory reads "france", "region:84", "departement:69",
// "epci:SIREN" or "commune:INSEE" (case and accents ignored:
// "Département:69" too) and checks the code against the referential.
func ParseTerritory(s string, ref *territory.Referential) (Territory, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Territory{}, failure.Errorf(failure.Invalid, "territoire manquant : attendu %s", territorySyntax)
	}
	kind, code, _ := strings.Cut(s, ":")
	k := territory.Fold(strings.TrimSpace(kind))
	if k == KindFrance {
		if strings.TrimSpace(code) != "" {
			return Territory{}, failure.Errorf(failure.Invalid, "territoire « %s » invalide : france ne prend pas de code", s)
		}
		return TerritoryOf(KindFrance, "", ref)
	}
	if !strings.Contains(s, ":") {
		return Territory{}, failure.Errorf(failure.Invalid, "territoire « %s » invalide : attendu %s", s, territorySyntax)
	}
	return TerritoryOf(k, code, ref)
}

// CanonicalCode writes a territory's code as the referential does: upper
// case (Corsica's 2A and 2B, 2A004), and the leading zero that
// spreadsheets drop put back (département or région 1 is 01, commune 1001
// is 01001). It does not check that the code exists.
func CanonicalCode(kind, code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	width := map[string]int{KindRegion: 2, KindDepartement: 2, KindCommune: 5}[kind]
	if len(code) == width-1 && strings.Trim(code, "0123456789") == "" {
		code = "0" + code
	}
	return code
}

// TerritoryOf checks a kind and a code (as in /diagnostic/{type}/{code})
// against the referential, with a French error naming the rule.
func TerritoryOf(kind, code string, ref *territory.Referential) (Territory, error) {
	code = CanonicalCode(kind, code)
	switch kind {
	case KindFrance:
		if code != "" && code != "FRANCE" {
			return Territory{}, failure.Errorf(failure.Invalid, "territoire france : pas de code attendu (« %s » donné)", code)
		}
		return Territory{Kind: KindFrance, Name: "France"}, nil
	case KindRegion:
		if r, ok := ref.RegionOf(code); ok {
			return Territory{KindRegion, r.Code, r.Nom}, nil
		}
		return Territory{}, unknown("région", "inconnue", "le code INSEE de la région, 84 pour Auvergne-Rhône-Alpes", code, ref)
	case KindDepartement:
		if d, ok := ref.DepartementOf(code); ok {
			return Territory{KindDepartement, d.Code, d.Nom}, nil
		}
		return Territory{}, unknown("département", "inconnu", "le code du département, 69 pour le Rhône ou 2A pour la Corse-du-Sud", code, ref)
	case KindEPCI:
		if e, ok := ref.EPCIOf(code); ok {
			return Territory{KindEPCI, e.Code, e.Nom}, nil
		}
		return Territory{}, unknown("EPCI", "inconnu", "le SIREN de l'EPCI, 9 chiffres", code, ref)
	case KindCommune:
		if c, ok := ref.Commune(code); ok {
			return Territory{KindCommune, c.Code, c.Nom}, nil
		}
		return Territory{}, unknown("commune", "inconnue", "le code INSEE de la commune, 5 caractères (69123 pour Lyon)", code, ref)
	}
	return Territory{}, failure.Errorf(failure.Invalid, "type de territoire « %s » inconnu : attendu %s", kind, strings.Join(Kinds, ", "))
}

func unknown(what, adj, rule, code string, ref *territory.Referential) error {
	if ref.Empty() {
		return failure.Errorf(failure.Unavailable, "%s « %s » : le référentiel des territoires n'est pas chargé (maillage territoires import)", what, code)
	}
	if code == "" {
		return failure.Errorf(failure.Invalid, "%s : code manquant (%s)", what, rule)
	}
	return failure.Errorf(failure.NotFound, "%s « %s » %s du référentiel (attendu %s)", what, code, adj, rule)
}
