package standard

import (
	"fmt"
	"strings"

	"maillage/internal/french"
	"maillage/internal/place"
)

// headerMessage explains why a header cannot be used: the columns of the
// standard it has, the ones it lacks, the others, and what to do.
func headerMessage(names []string, cols *columns) string {
	var found, others []string
	for i, n := range cols.names {
		if cols.known[i] {
			found = append(found, n)
		} else {
			others = append(others, strings.TrimSpace(names[i]))
		}
	}
	var required []string
	for i, f := range place.FieldNames {
		if place.Required(i) && !cols.has(f) {
			required = append(required, f)
		}
	}
	const next = ". Si le fichier suit un autre modèle, renommez ses colonnes comme le standard, ou décrivez-les dans une table de correspondance"
	if len(found) == 0 {
		return fmt.Sprintf("en-tête non reconnu : aucune colonne du standard des lieux de médiation numérique parmi les colonnes du fichier : %s (attendu : %s… en minuscules)%s",
			list(others, 12), strings.Join(required, ", "), next)
	}
	msg := fmt.Sprintf("en-tête incomplet : colonnes du standard trouvées : %s ; ni « id » ni « nom », qui identifient les lieux", list(found, 12))
	if len(required) > 0 {
		msg += " ; colonnes obligatoires absentes : " + strings.Join(required, ", ")
	}
	if len(others) > 0 {
		msg += " ; autres colonnes : " + list(others, 12)
	}
	return msg + next
}

// headerPlain is headerMessage naming only the standard's columns: the
// others, which may be anything (the first line of a file that is not the
// standard's at all), are counted, not quoted.
func headerPlain(names []string, cols *columns) string {
	var found []string
	others := 0
	for i, n := range cols.names {
		if cols.known[i] {
			found = append(found, n)
		} else {
			others++
		}
	}
	var required []string
	for i, f := range place.FieldNames {
		if place.Required(i) && !cols.has(f) {
			required = append(required, f)
		}
	}
	const next = " ; leur nom n'est pas reproduit ici : « maillage validate » sur le fichier le détaille"
	if len(found) == 0 {
		return fmt.Sprintf("en-tête non reconnu : aucune colonne du standard des lieux de médiation numérique parmi les %s du fichier (attendu : %s… en minuscules) : ce n'est pas un fichier du standard%s",
			french.Count(len(names), "colonne", "colonnes"), strings.Join(required, ", "), next)
	}
	msg := fmt.Sprintf("en-tête incomplet : colonnes du standard trouvées : %s ; ni « id » ni « nom », qui identifient les lieux", list(found, 12))
	if len(required) > 0 {
		msg += " ; colonnes obligatoires absentes : " + strings.Join(required, ", ")
	}
	if others > 0 {
		msg += " ; " + french.Count(others, "autre colonne", "autres colonnes") + next
	}
	return msg
}

// duplicatePlain says that a column is given twice, naming it only when
// it is one of the standard's.
func duplicatePlain(name, version string) string {
	if isKnown(name, version) {
		return ""
	}
	return "colonne en double dans l'en-tête (son nom, qui n'est pas une colonne du standard, n'est pas reproduit ici)"
}

func (cols *columns) has(name string) bool {
	for _, n := range cols.names {
		if n == name {
			return true
		}
	}
	return false
}

// list joins at most n names, saying how many more there are.
func list(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(" et %d autres", len(names)-n)
}
