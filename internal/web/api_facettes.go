package web

import (
	"net/http"
)

type facetValueJSON struct {
	Valeur      string `json:"valeur"`
	Libelle     string `json:"libelle"`
	Nombre      int    `json:"nombre"`
	Selectionne bool   `json:"selectionne,omitempty"`
}

// apiFacettes answers GET /api/v1/facettes: for every filter, the number
// of places each value would find, given the other filters.
func (s *Server) apiFacettes(w http.ResponseWriter, r *http.Request) {
	req, perr := s.parseSearch(r.Context(), r.URL.Query(), false)
	if perr != nil {
		badParam(w, perr)
		return
	}
	req.Query.PerPage = 1
	res := s.indexOf(r.Context()).Search(req.Query)
	out := struct {
		Total    int                         `json:"total"`
		Facettes map[string][]facetValueJSON `json:"facettes"`
	}{Total: res.Total, Facettes: map[string][]facetValueJSON{}}
	for name, fvs := range res.Facets {
		list := make([]facetValueJSON, 0, len(fvs))
		for _, fv := range fvs {
			list = append(list, facetValueJSON{Valeur: fv.Value, Libelle: s.valueLabel(r.Context(), name, fv.Value), Nombre: fv.Count, Selectionne: fv.Selected})
		}
		out.Facettes[name] = list
	}
	writeJSON(w, http.StatusOK, out)
}
