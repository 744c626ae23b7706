package web

import (
	"net/http"
	"strconv"

	"maillage/internal/account"
	"maillage/internal/failure"
)

var errTokenNotFound = failure.Errorf(failure.NotFound, "Jeton d'accès introuvable ou déjà révoqué.")

// jetonPage is the page of one API token: the new token, shown once;
// the confirmation of a revocation; or why a token was not created.
type jetonPage struct {
	pageMeta
	Token   string           // the new token, shown once
	Made    account.APIToken // the token created, or to revoke
	Confirm bool             // asking before revoking Made
	Refused string
	Example string // the address of GET /api/v1/compte, for the example
}

// espaceJetonsCreer creates an API token for the signed-in account and
// shows it, once: only its hash is kept. The answer is not cached
// (withSession marks a signed-in person's pages private, no-store).
func (s *Server) espaceJetonsCreer(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	r.ParseForm()
	p := jetonPage{pageMeta: pageMeta{Title: "Nouveau jeton d'accès à l'API", Nav: "espace"}}
	token, made, err := s.store.CreateAPIToken(r.Context(), u.ID, r.PostForm.Get("nom"), s.cfg.Now(), actor(r))
	if c := failure.CodeOf(err); c == failure.Invalid || c == failure.Conflict {
		p.Title, p.Refused = "Jeton non créé", failure.MessageOf(err)
		s.render(w, r, statuses[c].status, "jeton.html", p)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Token, p.Made = token, made
	if p.Example, _ = s.absoluteURL("/api/v1/compte"); p.Example == "/api/v1/compte" {
		p.Example = "https://ADRESSE-DU-SITE/api/v1/compte"
	}
	s.render(w, r, http.StatusOK, "jeton.html", p)
}

// espaceJetonRevoquer revokes one of the signed-in account's API tokens,
// after a page that asks (confirmer=oui sends the revocation).
func (s *Server) espaceJetonRevoquer(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	r.ParseForm()
	if r.PostForm.Get("confirmer") == "oui" {
		if err := s.store.RevokeAPIToken(r.Context(), u.ID, id, actor(r)); err != nil {
			s.error(w, r, err)
			return
		}
		http.Redirect(w, r, "/espace?message=jeton-revoque#jetons", http.StatusSeeOther)
		return
	}
	tokens, err := s.store.APITokens(r.Context(), u.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, t := range tokens {
		if t.ID == id {
			s.render(w, r, http.StatusOK, "jeton.html", jetonPage{pageMeta: pageMeta{Title: "Révoquer un jeton d'accès à l'API", Nav: "espace"},
				Made: t, Confirm: true})
			return
		}
	}
	s.error(w, r, errTokenNotFound)
}
