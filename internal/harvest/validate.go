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
// (failure.Invalid, or tableur's failure about its correspondence); nil
// when it can. It trims the address.
func Check(src *store.Source) error {
	src.URL = strings.TrimSpace(src.URL)
	src.Correspondence = strings.TrimSpace(src.Correspondence)
	if err := importer.CheckSource(src.Name); err != nil {
		return err
	}
	invalid := func(format string, args ...any) error { return failure.Errorf(failure.Invalid, format, args...) }
	switch src.Type {
	case "":
		return invalid("le type de la source est obligatoire (%s)", strings.Join(store.SourceTypes, ", "))
	case store.SourceStandard, store.SourceTableur, store.SourceDataGouv:
		if src.URL == "" {
			return invalid("l'adresse (URL ou fichier) est obligatoire pour le type %s", src.Type)
		}
		if err := checkScheme(src.URL); err != nil {
			return err
		}
	case store.SourceDataInclusion, store.SourceCoop:
		if src.URL != "" && !isURL(src.URL) {
			return invalid("« %s » : l'adresse de l'API doit commencer par https:// ou http://", printable.String(src.URL))
		}
	default:
		return invalid("type « %s » inconnu (%s)", printable.String(src.Type), strings.Join(store.SourceTypes, ", "))
	}
	if src.Type == store.SourceTableur {
		if src.Correspondence == "" {
			return invalid("un tableur demande une correspondance : un fichier ou une correspondance intégrée (%s)", strings.Join(tableur.BuiltinNames(), ", "))
		}
		if _, err := tableur.Open(src.Correspondence); err != nil {
			return err
		}
	} else if src.Correspondence != "" {
		return invalid("la correspondance ne sert qu'au type tableur")
	}
	if src.Interval < 0 {
		return invalid("intervalle négatif")
	}
	if src.Interval > 0 && src.Interval < MinInterval {
		return failure.Errorf(failure.Invalid, "%s", shortInterval(FormatInterval(src.Interval)).Error())
	}
	if src.Priority < -MaxPriority || src.Priority > MaxPriority {
		return invalid("priorité %d hors limites : un entier entre -%d et %d est attendu (la plus haute l'emporte quand les sources se contredisent)", src.Priority, MaxPriority, MaxPriority)
	}
	if src.MaxLoss < 0 || src.MaxLoss > 1 {
		return invalid("la part des enregistrements qu'une moisson peut retirer est entre 0 et 1")
	}
	return nil
}

// IsBuiltinCorrespondence tells whether name is one of tableur's built-in
// correspondences (rather than a file).
func IsBuiltinCorrespondence(name string) bool {
	return slices.Contains(tableur.BuiltinNames(), name)
}

// BuiltinCorrespondences names tableur's built-in correspondences.
func BuiltinCorrespondences() []string { return tableur.BuiltinNames() }
