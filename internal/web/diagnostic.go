package web

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"maillage/internal/diagnostic"
	"maillage/internal/failure"
	"maillage/internal/territory"
)

// diagnosticQueryMax bounds the commune search of the diagnostic's index.
const diagnosticQueryMax = 100

// diagnosticIndexPage is /diagnostic: choose a territory.
type diagnosticIndexPage struct {
	pageMeta
	Q       string
	Found   []diagLink // communes matching Q
	Regions []diagRegion
	// Overseas are the collectivités d'outre-mer, which the referential
	// gives as régions of one « département » each: listed apart, by their
	// département's page (diagnostic.OverseasCollectivity).
	Overseas []diagLink
	Empty    bool // no referential loaded
}

// diagLink is a territory with its diagnostic's address.
type diagLink struct {
	Name, Code, Href, Note string
}

type diagRegion struct {
	diagLink
	Departements []diagLink
}

// diagnostic is the index of the diagnostics: France, the régions and
// their départements, and a search of communes by name or code (a plain
// GET form).
func (s *Server) diagnostic(w http.ResponseWriter, r *http.Request) {
	ref := s.indexOf(r.Context()).Referential()
	p := diagnosticIndexPage{pageMeta: pageMeta{Title: "Diagnostic territorial", Nav: "diagnostic",
		Description: "Où vivent les personnes à risque d'exclusion numérique loin de tout lieu d'aide : chiffres, carte et recommandations par territoire."},
		Empty: ref.Empty()}
	if twice := repeated(r.URL.Query(), []string{"q"}); len(twice) > 0 {
		s.error(w, r, failure.Errorf(failure.Invalid, "La recherche « q » est donnée %d fois : une seule valeur attendue.", len(r.URL.Query()["q"])))
		return
	}
	p.Q = strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(p.Q) > diagnosticQueryMax {
		s.error(w, r, failure.Errorf(failure.Invalid, "La recherche « q » dépasse %d caractères : donnez le nom ou le code INSEE d'une commune.", diagnosticQueryMax))
		return
	}
	if p.Q != "" {
		found := ref.Search(p.Q, 20)
		// The form asks for a name or an INSEE code: the commune of that
		// code first, before those of the postcode (97411 is
		// Saint-Denis before Saint-Pierre, whose postcode it is).
		if i := slices.IndexFunc(found, func(c *territory.Commune) bool { return c.Code == strings.ToUpper(p.Q) }); i > 0 {
			c := found[i]
			copy(found[1:i+1], found[:i])
			found[0] = c
		}
		for _, c := range found {
			note := c.Code
			if d, ok := ref.DepartementOf(c.Departement); ok {
				note += ", " + d.Nom
			}
			p.Found = append(p.Found, diagLink{Name: c.Nom, Code: c.Code, Href: SitePath("diagnostic", "commune", c.Code), Note: note})
		}
	}
	if ref != nil {
		p.Regions, p.Overseas = regionsOf(ref)
	}
	s.render(w, r, http.StatusOK, "diagnostic.html", p)
}

// regionsOf lists the régions (by name) with their départements (by code),
// and apart the collectivités d'outre-mer (by code).
func regionsOf(ref *territory.Referential) ([]diagRegion, []diagLink) {
	byRegion := map[string][]diagLink{}
	for _, d := range ref.Departements {
		byRegion[d.Region] = append(byRegion[d.Region], diagLink{Name: d.Nom, Code: d.Code, Href: SitePath("diagnostic", "departement", d.Code)})
	}
	var out []diagRegion
	var overseas []diagLink
	for _, rg := range ref.Regions {
		ds := byRegion[rg.Code]
		if diagnostic.OverseasCollectivity(rg.Code) {
			// A collectivité d'outre-mer: a « région » of one « département »
			// of the same code in the referential.
			overseas = append(overseas, ds...)
			continue
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i].Code < ds[j].Code })
		out = append(out, diagRegion{diagLink: diagLink{Name: rg.Nom, Code: rg.Code, Href: SitePath("diagnostic", "region", rg.Code)}, Departements: ds})
	}
	sort.Slice(out, func(i, j int) bool { return territory.Fold(out[i].Name) < territory.Fold(out[j].Name) })
	sort.Slice(overseas, func(i, j int) bool { return overseas[i].Code < overseas[j].Code })
	return out, overseas
}
