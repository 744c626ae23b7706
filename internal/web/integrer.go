package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
)

type integrerPage struct {
	pageMeta
	Ou, Departement, Rayon string
	Services               []checkChoice
	Snippet                string
	EmbedPath              string
}

// integrer explains and generates the <iframe> code of an embedded search.
func (s *Server) integrer(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := integrerPage{pageMeta: pageMeta{Title: "Intégrer la carte", Nav: "integrer"},
		Ou: v.Get("ou"), Departement: v.Get("departement"), Rayon: v.Get("rayon_km")}
	chosen := chosenServices(v)
	q := url.Values{}
	if len(chosen) > 0 {
		q["services"] = chosen
	}
	p.Services = serviceChoices(chosen)
	// Any other parameter of a search (filters from a results page) is kept.
	for name, vals := range v {
		if name == "services" {
			continue
		}
		for _, x := range vals {
			if x != "" {
				q.Add(name, x)
			}
		}
	}
	p.EmbedPath = "/embed/recherche"
	if len(q) > 0 {
		p.EmbedPath += "?" + q.Encode()
	}
	// Without a configured public address the snippet is relative: it
	// must then be completed by hand (never guessed from the request).
	src, _ := s.absoluteURL("")
	p.Snippet = fmt.Sprintf(`<iframe src="%s%s" title="Lieux de médiation numérique" width="100%%" height="800" style="border:0" loading="lazy"></iframe>`,
		html.EscapeString(src), html.EscapeString(p.EmbedPath))
	s.render(w, r, http.StatusOK, "integrer.html", p)
}
