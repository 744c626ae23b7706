package web

import (
	"context"
	"net/http"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/store"
)

// The API of the Pass numérique (/api/v1/pass/…) acts for an account,
// authenticated by one of its API tokens. Every error it answers has the
// API's one shape (code, erreur) plus the Pass numérique's: a stable
// « raison » (a refusal's reason, or the failure's code) and the French
// « message ».

// passAPIPrefix is the path of the Pass numérique's API.
const passAPIPrefix = "/api/v1/pass/"

// isPassAPI tells whether a path is under the Pass numérique's API.
func isPassAPI(path string) bool { return strings.HasPrefix(path, passAPIPrefix) }

// passProblem is an error of the Pass numérique's API.
type passProblem struct {
	Code    string `json:"code"`
	Erreur  string `json:"erreur"`
	Raison  string `json:"raison"`
	Message string `json:"message"`
}

// writePassError answers an error of the Pass numérique's API.
func writePassError(w http.ResponseWriter, status int, code, reason, msg string) {
	writeJSON(w, status, passProblem{Code: code, Erreur: msg, Raison: reason, Message: msg})
}

// passJSON is a pass as GET /api/v1/pass/{code} gives it.
type passJSON struct {
	Code          string `json:"code"`
	Etat          string `json:"etat"`
	ValeurCentime int64  `json:"valeur_centimes"`
	FinValidite   string `json:"fin_validite"`
	DernierJour   string `json:"dernier_jour"`
}

// Messages of the Pass numérique's API.
const (
	msgPassNoReader = "Ce compte ne peut pas consulter ce pass : seuls un compte qui agit pour un lieu qualifié, le financeur de la commande, le distributeur du carnet et les administrateurs le peuvent."
	msgPassNoLieu   = "Ce compte n'agit pour aucun lieu qualifié pour le Pass numérique : il n'en utilise aucun (la structure demande d'abord sa qualification)."
)

// mayReadAnyPass tells whether an account may read every pass: an
// administrator, or an account that acts for a qualified place (a counter
// checks the passes people bring, whoever paid for them).
func (s *Server) mayReadAnyPass(ctx context.Context, u *account.User) (bool, error) {
	if u.Role == account.Administrateur {
		return true, nil
	}
	lieux, err := s.store.LieuxActedFor(ctx, u.ID)
	return len(lieux) > 0, err
}

// apiPass answers GET /api/v1/pass/{code}: a pass's state, its value and
// its validity. Readers: administrators and accounts acting for a
// qualified place (any pass), the order's financeur and the distributeur
// of its carnet (theirs); anyone else gets 403 whatever the code. A wrong
// or unknown code is a 404 of reason code_invalide.
func (s *Server) apiPass(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	all, err := s.mayReadAnyPass(ctx, u)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !all && u.Role != account.Financeur && u.Role != account.Distributeur {
		writePassError(w, http.StatusForbidden, string(failure.Forbidden), string(failure.Forbidden), msgPassNoReader)
		return
	}
	d, err := s.store.PassByCode(ctx, r.PathValue("code"))
	if failure.CodeOf(err) == failure.NotFound {
		writePassError(w, http.StatusNotFound, string(failure.NotFound), string(pass.CodeInvalide), pass.CodeInvalide.Message())
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !all {
		ok, err := s.ownsPass(ctx, u, d)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if !ok {
			writePassError(w, http.StatusForbidden, string(failure.Forbidden), string(failure.Forbidden), msgPassNoReader)
			return
		}
	}
	writeJSON(w, http.StatusOK, passJSON{Code: d.Pass.Code, Etat: string(d.Pass.State), ValeurCentime: d.Pass.ValueCents,
		FinValidite: d.Order.ValidUntil, DernierJour: d.Order.LastDay()})
}

// ownsPass tells whether a financeur paid for the pass or a distributeur
// was given its carnet.
func (s *Server) ownsPass(ctx context.Context, u *account.User, d store.PassDetail) (bool, error) {
	switch u.Role {
	case account.Financeur:
		return d.Order.Financeur == u.ID, nil
	case account.Distributeur:
		carnets, err := s.store.Carnets(ctx, store.CarnetFilter{OrderID: d.Order.ID, Distributeur: u.ID})
		if err != nil {
			return false, err
		}
		for _, c := range carnets {
			if c.ID == d.Pass.CarnetID {
				return true, nil
			}
		}
	}
	return false, nil
}
