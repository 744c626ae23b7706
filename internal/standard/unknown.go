package standard

import (
	"strings"

	"maillage/internal/french"
	"maillage/internal/place"
)

// Unknown columns are reported once per file, their names listed up to
// unknownListed; a JSON key first met in a later element adds one more
// notice for that element, until unknownTracked distinct names were seen:
// a file of invented keys costs neither memory nor report lines per key.
const (
	unknownListed  = 20
	unknownTracked = 1000
)

// unknownProblem is the one notice about unknown columns or keys.
func unknownProblem(names []string, version string, json, later bool) place.Problem {
	what, whats := "colonne inconnue", "colonnes inconnues"
	if json {
		what, whats = "champ inconnu", "champs inconnus"
	}
	list := names
	more := ""
	if len(list) > unknownListed {
		list = list[:unknownListed]
		more = " et " + french.Count(len(names)-unknownListed, "autre", "autres")
	}
	msg := french.Count(len(names), what, whats) + " du standard v" + version
	if later {
		msg += " (" + french.Plural(len(names), "absent", "absents") + " des éléments précédents)"
	}
	msg += " : « " + strings.Join(list, " », « ") + " »" + more +
		" : " + french.Plural(len(names), "ses valeurs sont conservées", "leurs valeurs sont conservées") + " dans la provenance, pas publiées"
	return place.Problem{Severity: place.Warning, Rule: place.RuleUnknownColumn, Message: msg}
}

// unknownSeen records an unknown name met after the first record and tells
// whether it is new (and still tracked).
func (cols *columns) unknownSeen(n string) bool {
	if cols.unknown == nil {
		cols.unknown = map[string]bool{}
	}
	if cols.kept[n] || cols.unknown[n] || len(cols.unknown) >= unknownTracked {
		return false
	}
	cols.unknown[n] = true
	return true
}

// laterUnknown is the notice for the unknown keys an element brought, if
// any; past unknownTracked names, one last notice says no more are listed.
func (cols *columns) laterUnknown(fresh []string) (place.Problem, bool) {
	if len(fresh) > 0 {
		return unknownProblem(fresh, cols.version, true, true), true
	}
	if len(cols.unknown) >= unknownTracked && !cols.unknownFull {
		cols.unknownFull = true
		return place.Problem{Severity: place.Warning, Rule: place.RuleUnknownColumn,
			Message: "plus de " + french.Number(unknownTracked) + " champs inconnus dans le fichier : les suivants ne sont plus signalés (leurs valeurs restent conservées dans la provenance)"}, true
	}
	return place.Problem{}, false
}
