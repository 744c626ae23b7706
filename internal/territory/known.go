package territory

import (
	"fmt"

	"maillage/internal/printable"
)

// CheckKnown says whether a coordinator's territory kind:code (kind
// departement or epci) is in the referential: nil when it is, or for a
// kind it does not hold; otherwise an error in French naming the value
// and the communes' vintage. An empty referential holds nothing: callers
// check Empty first and say the territories were not checked.
func (r *Referential) CheckKnown(kind, code string) error {
	vintage := ""
	if r != nil && r.CommunesVintage.Vintage != "" {
		vintage = " (millésime " + r.CommunesVintage.Vintage + ")"
	}
	switch kind {
	case "departement":
		if _, ok := r.DepartementOf(code); !ok {
			return fmt.Errorf("departement:%s : aucun département de ce code dans le référentiel des territoires%s", printable.String(code), vintage)
		}
	case "epci":
		if _, ok := r.EPCIOf(code); !ok {
			return fmt.Errorf("epci:%s : aucun EPCI de ce numéro SIREN dans le référentiel des territoires%s", printable.String(code), vintage)
		}
	}
	return nil
}
