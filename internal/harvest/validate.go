package harvest

import (
	"slices"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/importer"
	"maillage/internal/printable"
	"maillage/internal/store"
	"maillage/internal/tableur"
)

// Check tells, in French, why a source cannot be declared as given
// (failure.Invalid, or tableur's failure about its correspondence): the
// first of its Problems; nil when it can. It trims the address.
func Check(src *store.Source) error {
	src.URL = strings.TrimSpace(src.URL)
	src.Correspondence = strings.TrimSpace(src.Correspondence)
	if ps := Problems(*src); len(ps) > 0 {
		return ps[0].Err
	}
	return nil
}

// The settings of a source a FieldProblem is about.
const (
	SettingName           = "nom"
	SettingType           = "type"
	SettingURL            = "url"
	SettingCorrespondence = "correspondance"
	SettingInterval       = "tous_les"
	SettingPriority       = "priorite"
	SettingMaxLoss        = "perte_max"
)

// A FieldProblem is why one setting of a source cannot be declared.
type FieldProblem struct {
	Setting string // one of the Setting constants
	Err     error
}

// Problems are every reason why a source cannot be declared as given, at
// most one per setting, in the order of the settings above (a form shows
// them all at once; Check gives the first). The address and the
// correspondence are read trimmed.
func Problems(src store.Source) []FieldProblem {
	src.URL = strings.TrimSpace(src.URL)
	src.Correspondence = strings.TrimSpace(src.Correspondence)
	var ps []FieldProblem
	add := func(setting string, err error) { ps = append(ps, FieldProblem{Setting: setting, Err: err}) }
	invalid := func(format string, args ...any) error { return failure.Errorf(failure.Invalid, format, args...) }
	if err := importer.CheckSource(src.Name); err != nil {
		add(SettingName, err)
	}
	known := true
	switch src.Type {
	case "":
		known = false
		add(SettingType, invalid("le type de la source est obligatoire (%s)", strings.Join(store.SourceTypes, ", ")))
	case store.SourceStandard, store.SourceTableur, store.SourceDataGouv:
		if src.URL == "" {
			add(SettingURL, invalid("l'adresse (URL ou fichier) est obligatoire pour le type %s", src.Type))
		} else if err := checkScheme(src.URL); err != nil {
			add(SettingURL, err)
		}
	case store.SourceDataInclusion, store.SourceCoop:
		if src.URL != "" && !isURL(src.URL) {
			add(SettingURL, invalid("« %s » : l'adresse de l'API doit commencer par https:// ou http://", shown(src.URL)))
		}
	default:
		known = false
		add(SettingType, invalid("type « %s » inconnu (%s)", printable.String(src.Type), strings.Join(store.SourceTypes, ", ")))
	}
	if src.Type == store.SourceTableur {
		if src.Correspondence == "" {
			add(SettingCorrespondence, invalid("un tableur demande une correspondance : un fichier ou une correspondance intégrée (%s)", strings.Join(tableur.BuiltinNames(), ", ")))
		} else if _, err := tableur.Open(src.Correspondence); err != nil {
			add(SettingCorrespondence, err)
		}
	} else if src.Correspondence != "" && known {
		add(SettingCorrespondence, invalid("la correspondance ne sert qu'au type tableur"))
	}
	if src.Interval < 0 {
		add(SettingInterval, invalid("intervalle négatif"))
	} else if src.Interval > 0 && src.Interval < MinInterval {
		add(SettingInterval, failure.Errorf(failure.Invalid, "%s", shortInterval(FormatInterval(src.Interval)).Error()))
	}
	if src.Priority < -MaxPriority || src.Priority > MaxPriority {
		add(SettingPriority, invalid("priorité %d hors limites : un entier entre -%d et %d est attendu (la plus haute l'emporte quand les sources se contredisent)", src.Priority, MaxPriority, MaxPriority))
	}
	if src.MaxLoss < 0 || src.MaxLoss > 1 {
		add(SettingMaxLoss, invalid("la part des enregistrements qu'une moisson peut retirer est entre 0 et 1"))
	}
	return ps
}

// IsBuiltinCorrespondence tells whether name is one of tableur's built-in
// correspondences (rather than a file).
func IsBuiltinCorrespondence(name string) bool {
	return slices.Contains(tableur.BuiltinNames(), name)
}

// BuiltinCorrespondences names tableur's built-in correspondences.
func BuiltinCorrespondences() []string { return tableur.BuiltinNames() }
