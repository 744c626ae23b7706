package standard

import (
	"fmt"
	"strings"

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
