package evaluation

import (
	"fmt"
	"strings"

	"maillage/internal/store"
)

// ParseScope reads a scope as the command line writes it: « lieu:ID » (a
// registry place), or territories « departement:81,epci:248100737 »
// (commune, epci, departement, region), or « france » (or "") for
// everywhere.
func ParseScope(s string) (Scope, error) {
	s = strings.TrimSpace(s)
	if kind, id, ok := strings.Cut(s, ":"); ok && strings.EqualFold(strings.TrimSpace(kind), "lieu") {
		id = strings.TrimSpace(id)
		if id == "" || strings.ContainsAny(id, ", ") {
			return Scope{}, fmt.Errorf("territoire « %s » : un lieu s'écrit lieu:IDENTIFIANT", s)
		}
		return Scope{Lieu: id}, nil
	}
	var sc Scope
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if strings.EqualFold(part, "france") {
			continue
		}
		kind, code, found := strings.Cut(part, ":")
		kind, code = strings.ToLower(strings.TrimSpace(kind)), strings.ToUpper(strings.TrimSpace(code))
		bad := !found || code == "" || len(code) > 12
		switch kind {
		case "commune", "epci", "departement", "region":
		default:
			bad = true
		}
		for _, r := range code {
			if !(r >= '0' && r <= '9' || r == 'A' || r == 'B') {
				bad = true
			}
		}
		if bad {
			return Scope{}, fmt.Errorf("territoire « %s » : s'écrit commune:CODE, epci:SIREN, departement:CODE, region:CODE, lieu:IDENTIFIANT ou france", part)
		}
		sc.Territories = append(sc.Territories, store.TerritoryRef{Kind: kind, Code: code})
	}
	return sc, nil
}
