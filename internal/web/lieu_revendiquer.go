package web

import (
	"net/http"
	"net/url"
	"strings"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

// webmail domains say nothing about who runs a place.
var webmailDomains = map[string]bool{"gmail.com": true, "orange.fr": true, "wanadoo.fr": true, "free.fr": true, "sfr.fr": true,
	"laposte.net": true, "hotmail.fr": true, "hotmail.com": true, "outlook.fr": true, "outlook.com": true, "yahoo.fr": true,
	"yahoo.com": true, "live.fr": true, "icloud.com": true, "neuf.fr": true, "aol.com": true, "protonmail.com": true, "proton.me": true}

// sameDomain reports whether an account's address shows it belongs to the
// place: same domain as the place's website or e-mail addresses.
func sameDomain(email string, l *place.Lieu) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	domain := strings.ToLower(email[at+1:])
	if webmailDomains[domain] {
		return false
	}
	for _, c := range l.Courriels {
		if i := strings.LastIndexByte(c, '@'); i >= 0 && strings.EqualFold(c[i+1:], domain) {
			return true
		}
	}
	for _, site := range l.SiteWeb {
		if u, err := url.Parse(site); err == nil {
			host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
			if host == domain || strings.HasSuffix(host, "."+domain) {
				return true
			}
		}
	}
	return false
}

// lieuRevendiquer records "c'est ma structure": approved at once when the
// account's address matches the place, else queued for the coordinators.
func (s *Server) lieuRevendiquer(w http.ResponseWriter, r *http.Request) {
	l, ok := s.index.Load().Lieu(r.PathValue("id"))
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
	status, msg := store.StatusPending, "revendique"
	if sameDomain(u.Email, l) && u.Role == account.Contributeur {
		status, msg = store.StatusApproved, "revendique-auto"
	}
	c := store.Claim{UserID: u.ID, LieuID: l.ID, Status: status}
	if status == store.StatusApproved {
		c.DecidedBy = "automatique (domaine de l'adresse)"
	}
	if _, err := s.store.AddClaim(r.Context(), c, actor(r)); err != nil {
		s.fail(w, r, err)
		return
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
