package web

import (
	"fmt"
	"net/http"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/store"
)

// statsLink is a statistics page the chooser offers.
type statsLink struct{ Label, URL string }

type statsChooserPage struct {
	pageMeta
	Places      []statsLink
	Territories []statsLink
	Perimeter   bool
	Moderator   bool
	Kind, Code  string
}

// statistiques is the chooser: the places the account acts for, the
// territories it coordinates and the hub's perimeter (when it reads all of it), and a form to open
// any commune, EPCI or département (?type=&code= leads to its page, which
// says whether the account may read it).
func (s *Server) statistiques(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	q := r.URL.Query()
	kind, code := strings.TrimSpace(q.Get("type")), strings.ToUpper(strings.TrimSpace(q.Get("code")))
	if kind != "" || code != "" {
		switch kind {
		case "commune", "epci", "departement":
		default:
			kind = ""
		}
		if kind != "" && code != "" {
			http.Redirect(w, r, SitePath("statistiques", kind, code), http.StatusSeeOther)
			return
		}
		s.fail(w, r, errStatsChoice)
		return
	}
	p := statsChooserPage{pageMeta: pageMeta{Title: "Statistiques", Nav: "espace"}, Moderator: account.Moderators.Allows(u)}
	seen := map[string]bool{}
	idx := s.indexOf(r.Context())
	for _, c := range s.lieuxActedFor(r.Context(), u) {
		p.Places = append(p.Places, statsLink{Label: c.Nom, URL: SitePath("lieux", c.ID, "statistiques")})
		if l, ok := idx.Lieu(c.ID); ok && !seen[l.Pivot] {
			seen[l.Pivot] = true
			if siret, n := s.structureOf(r.Context(), u, l); n > 1 {
				p.Places = append(p.Places, statsLink{Label: fmt.Sprintf("Toute la structure (SIRET %s, %s)", siret, french.Count(n, "lieu", "lieux")), URL: SitePath("statistiques", "structure", siret)})
			}
		}
	}
	if p.Moderator {
		p.Perimeter = s.coversPerimeter(r.Context(), u)
		ref := s.indexOf(r.Context()).Referential()
		for _, t := range u.Territories {
			tr := store.TerritoryRef{Kind: t.Kind, Code: t.Code}
			name, ok := territoryName(ref, tr)
			if !ok {
				name = t.Kind + " " + t.Code
			}
			p.Territories = append(p.Territories, statsLink{Label: name, URL: SitePath("statistiques", t.Kind, t.Code)})
		}
	}
	s.render(w, r, http.StatusOK, "statistiques_choix.html", p)
}

var errStatsChoice = failure.Errorf(failure.Invalid, "Territoire à choisir : un type (commune, epci ou departement) et un code, par exemple departement et 81.")
