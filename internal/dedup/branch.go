package dedup

import "strings"

// branchWords name a secondary site of a service: an antenna, an annex, a
// permanence. They are dropped from Name.Words (they tell no place from
// another by themselves) and set Name.Branch.
var branchWords = map[string]bool{
	"antenne": true, "antennes": true, "annexe": true, "annexes": true,
	"permanence": true, "permanences": true,
}

// branchPhrases are the phrases (folded, spaces around) that name a
// secondary site besides branchWords: « Point relais CAF », « France
// services – Site de Cluses ». « Site principal » is not one.
var branchPhrases = []string{" point relais ", " site de ", " site d ", " site du ", " site des "}

// branchName reports whether a folded name (spaces around every word) names
// a secondary site.
func branchName(s string) bool {
	for _, w := range strings.Fields(s) {
		if branchWords[w] {
			return true
		}
	}
	for _, p := range branchPhrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// scoreBranch weighs a name that names a secondary site (Name.Branch)
// beside one that does not: likely another site of the same service,
// unless both records give the same numbered address and positions close
// together (or none), which says one building. It reports whether the pair
// is then kept from merging automatically. Called once the address and the
// distance are scored.
func (s *Scores) scoreBranch(a, b *prepared) bool {
	if a.name.Branch == b.name.Branch {
		return false
	}
	building := s.Address.Value >= 1 && a.addr.Number != "" && b.addr.Number != "" &&
		(s.Distance.Value < 0 || s.Distance.Value <= 150)
	if building {
		s.Name.Note += " ; antenne, annexe ou permanence d’un seul côté, mais à la même adresse numérotée"
		return false
	}
	s.Name.Points -= 2
	s.Name.Note += " ; antenne, annexe ou permanence d’un seul côté : un autre site ?"
	return true
}
