package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"maillage/internal/failure"
)

// lieuAilleurs answers a request for a place the index does not hold: a
// place merged into another answers 301 to the surviving place (its page,
// or the same API resource), a withdrawn place 410 saying it is no longer
// published, anything else 404. rest is the path after the id
// ("/fiche"…). The Location is a path of this site under its configured
// address, never built from the request's headers, with the request's
// query.
func (s *Server) lieuAilleurs(w http.ResponseWriter, r *http.Request, id string, api bool, rest ...any) {
	ctx := r.Context()
	to, moved, err := s.store.Redirect(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if moved {
		segs := []any{"lieux", to}
		if api {
			segs = []any{"api", "v1", "lieux", to}
		}
		target := SitePath(append(segs, rest...)...)
		if abs, ok := s.absoluteURL(target); ok {
			target = abs
		}
		// The request's query goes along: the new address is the
		// same resource.
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		if api {
			cors(w)
			w.Header().Set("Location", target)
			writeJSON(w, http.StatusMovedPermanently, map[string]string{"code": "fusionne", "id": to, "erreur": "lieu fusionné dans le lieu " + to})
			return
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	gone, err := s.store.WithdrawnPlace(ctx, id)
	if errors.Is(err, failure.ErrNotFound) {
		if api {
			apiError(w, http.StatusNotFound, "lieu introuvable")
			return
		}
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if api {
		cors(w)
		writeJSON(w, http.StatusGone, map[string]string{"code": "retire", "erreur": "lieu retiré du registre", "id": id})
		return
	}
	msg := fmt.Sprintf("« %s » n'est plus publié dans le registre depuis le %s", gone.Nom, frenchDate(gone.At))
	if gone.Reason != "" {
		msg += " : " + strings.TrimSuffix(gone.Reason, ".")
	}
	msg += ". Il reparaîtra sous la même adresse si sa source le publie de nouveau."
	s.render(w, r, http.StatusGone, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Lieu retiré du registre"}, Message: msg})
}
