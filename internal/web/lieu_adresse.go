package web

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"maillage/internal/place"
)

// checkAddress applies to a form the address rules of imports beyond the
// parser's: a postcode typed with five digits (a spreadsheet's dropped
// zero is an import's excuse, not a person's), and a postcode that serves
// the commune, against the referential (territory.Locate, as imports
// derive code_insee). A missing code_insee is derived as imports do. Only
// a new place or a changed address is checked: a place stored with an
// address the rules question stays editable in its other fields.
func (s *Server) checkAddress(ctx context.Context, raw *place.Raw, l *place.Lieu, cur *place.Lieu) []place.Problem {
	if cur != nil && cur.CodePostal == l.CodePostal && cur.Commune == l.Commune && cur.CodeINSEE == l.CodeINSEE {
		return nil
	}
	typed := strings.TrimSpace(raw.Values[place.FCodePostal])
	if typed != "" && typed != l.CodePostal {
		return []place.Problem{{Severity: place.Warning, Field: "code_postal", Value: typed, Rule: place.RulePostcode,
			Message: fmt.Sprintf("écrivez les 5 chiffres du code postal (%s ?)", l.CodePostal)}}
	}
	ref := s.indexOf(ctx).Referential()
	if ref.Empty() || l.CodePostal == "" {
		return nil
	}
	if l.CodeINSEE == "" {
		found := ref.Locate(l.CodePostal, l.Commune)
		if found.Commune == nil {
			msg := "code postal et commune ne désignent pas une commune du référentiel : " + found.Why
			var names []string
			for _, c := range found.Candidates[:min(len(found.Candidates), 5)] {
				names = append(names, c.Nom+" ("+c.Code+")")
			}
			if len(names) > 0 {
				msg += " : " + strings.Join(names, ", ")
			}
			return []place.Problem{{Severity: place.Warning, Field: "commune", Value: l.Commune, Rule: place.RuleINSEEPostcode, Message: msg}}
		}
		l.CodeINSEE = found.Commune.Code
	}
	// The address a person gives is where people go: its postcode is one
	// the commune has (no CEDEX).
	if c, ok := ref.Commune(l.CodeINSEE); ok && !slices.Contains(c.CodesPostaux, l.CodePostal) {
		return []place.Problem{{Severity: place.Warning, Field: "code_postal", Value: l.CodePostal, Rule: place.RuleINSEEPostcode,
			Message: fmt.Sprintf("le code postal %s ne dessert pas %s (code INSEE %s ; codes postaux : %s)", l.CodePostal, c.Nom, c.Code, strings.Join(c.CodesPostaux, ", "))}}
	}
	return nil
}
