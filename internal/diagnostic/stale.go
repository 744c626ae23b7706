package diagnostic

import (
	"fmt"
	"strings"
	"time"

	"maillage/internal/french"
	"maillage/internal/openinghours"
)

// Sentence says in French that a report (or a placement) of revision rev
// is of an earlier state of the data than the database's, when its
// figures were computed, and that the current ones are coming.
func (s *Stale) Sentence(rev string) string {
	when := ""
	if !s.Computed.IsZero() {
		at := s.Computed.In(openinghours.Paris)
		when = " le " + french.Date(at) + " à " + at.Format("15:04")
	}
	return fmt.Sprintf("Chiffres calculés%s sur les données à leur révision précédente (%s) : elles ont changé depuis (%s) "+
		"et le nouveau calcul est en cours ; rechargez dans une minute pour les chiffres à jour.", when, RevisionWords(rev), RevisionWords(s.Revision))
}

// RevisionWords writes a revision (see Revision) for people: « lieux 41,
// territoires 3, demande 9f3a0c1d », or « …, aucune donnée de demande »
// when no demand data is loaded (the population is then the demand).
func RevisionWords(rev string) string {
	var parts []string
	for _, p := range strings.Split(rev, ".") {
		name, v, ok := strings.Cut(p, "-")
		if !ok {
			return rev
		}
		switch {
		case name == "demande" && v == "aucune":
			parts = append(parts, "aucune donnée de demande")
			continue
		case name == "demande" && len(v) > 8:
			v = v[:8]
		}
		parts = append(parts, name+" "+v)
	}
	return strings.Join(parts, ", ")
}

// jsonStale is Stale in the API's documents ("perime").
type jsonStale struct {
	Message  string  `json:"message"`
	Revision string  `json:"revision_en_calcul"`
	Computed *string `json:"calcule_le,omitempty"`
}

func staleJSON(s *Stale, rev string) *jsonStale {
	if s == nil {
		return nil
	}
	out := &jsonStale{Message: s.Sentence(rev), Revision: s.Revision}
	if !s.Computed.IsZero() {
		at := s.Computed.UTC().Format(time.RFC3339)
		out.Computed = &at
	}
	return out
}
