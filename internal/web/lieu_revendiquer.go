package web

import (
	"net/http"

	"maillage/internal/account"
	"maillage/internal/store"
)

// lieuRevendiquer records "c'est ma structure": approved at once when the
// domain rule of account.AutoApprovesClaim says so, else queued for the
// coordinators.
func (s *Server) lieuRevendiquer(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	existing, err := s.store.Claims(r.Context(), "", u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range existing {
		if c.LieuID == l.ID && c.Status != store.StatusRefused {
			http.Redirect(w, r, "/espace", http.StatusSeeOther)
			return
		}
	}
	// The account's automatic approvals are counted in the claim's own
	// transaction: claims sent at the same moment cannot pass the bound.
	c, err := s.store.ClaimPlace(r.Context(), u.ID, l.ID, func(auto int) bool { return account.AutoApprovesClaim(u, l, auto) }, actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "revendique"
	if c.Status == store.StatusApproved {
		msg = "revendique-auto"
	}
	http.Redirect(w, r, "/espace?message="+msg, http.StatusSeeOther)
}

// claimed reports whether u's claim on a place was approved.
func (s *Server) claimed(r *http.Request, u *account.User, lieuID string) bool {
	if u == nil {
		return false
	}
	cs, err := s.store.Claims(r.Context(), store.StatusApproved, u.ID)
	if err != nil {
		return false
	}
	for _, c := range cs {
		if c.LieuID == lieuID {
			return true
		}
	}
	return false
}
