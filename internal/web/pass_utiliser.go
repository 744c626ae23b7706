package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/store"
)

// passUtiliserPage is the counter: type (or scan) a pass's code, choose
// the place, « Vérifier » (never redeems), then « Encaisser ».
type passUtiliserPage struct {
	pageMeta
	// NotQualified: the account acts for no qualified place; the page says
	// how a structure gets qualified (status 403).
	NotQualified bool
	Lieux        []passLieuChoice
	Code, Lieu   string
	// Typed fills the code's field: what was typed, to correct it; empty
	// for the next pass.
	Typed string
	// Checked: the code was verified for the place (Check holds the
	// answer); a valid pass then gets the form that redeems it.
	Checked bool
	Check   store.RedeemResult
	Detail  *store.PassDetail
	// Services are the order's services that the place offers (the
	// order's all when the place lists none), to choose from.
	Services []string
	Service  string
	// Key is the Idempotency-Key of the redemption form, made here: the
	// same form sent twice (a double tap, a reload) gets the first answer.
	Key string
	// Done is the answer to « Encaisser »; Mine: a refusal deja_utilise
	// of a pass this account redeemed itself here (its redemption), said
	// as a refusal with its day: only the same form sent again (its key
	// replayed) is answered « encaissé ».
	Done     *store.RedeemResult
	Mine     *pass.Redemption
	LieuName string
	// Retry: the form sent was used for another request (cle_reutilisee).
	Retry bool
}

type passLieuChoice struct {
	ID, Label string
}

// passCounterLieux returns the places the account may redeem for: the
// qualified places it acts for. An administrator too: a token or a session
// redeems only for the places its account acts for (review 10A2 major 3).
func (s *Server) passCounterLieux(ctx context.Context, u *account.User) ([]passLieuChoice, error) {
	ids, err := s.store.LieuxActedFor(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	out := make([]passLieuChoice, 0, len(ids))
	for _, id := range ids {
		out = append(out, passLieuChoice{ID: id, Label: s.passLieuName(ctx, id)})
	}
	return out, nil
}

// passLieuName names a place « Nom (Commune) », or by its id when it is no
// longer published.
func (s *Server) passLieuName(ctx context.Context, id string) string {
	if l, ok := s.indexOf(ctx).Lieu(id); ok {
		if l.Commune != "" {
			return l.Nom + " (" + l.Commune + ")"
		}
		return l.Nom
	}
	return id
}

// newPassKey makes the Idempotency-Key of one redemption form.
func newPassKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return "comptoir-" + hex.EncodeToString(b)
}

// passCounter starts the counter's page: the places, or the page that
// explains qualification (ok false: answered).
func (s *Server) passCounter(w http.ResponseWriter, r *http.Request) (passUtiliserPage, bool) {
	u := currentUser(r)
	p := passUtiliserPage{pageMeta: pageMeta{Title: "Utiliser un pass", Nav: "espace"}}
	lieux, err := s.passCounterLieux(r.Context(), u)
	if err != nil {
		s.error(w, r, err)
		return p, false
	}
	if len(lieux) == 0 {
		p.NotQualified, p.Title = true, "Utiliser un pass : lieu qualifié nécessaire"
		s.render(w, r, http.StatusForbidden, "pass_utiliser.html", p)
		return p, false
	}
	p.Lieux = lieux
	if len(lieux) == 1 {
		p.Lieu = lieux[0].ID
	}
	return p, true
}

// passUtiliser is the counter's page; with a code and a place it verifies
// the pass (writing nothing) and offers to redeem it.
func (s *Server) passUtiliser(w http.ResponseWriter, r *http.Request) {
	p, ok := s.passCounter(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	p.Code = q.Get("code")
	if l := q.Get("lieu"); l != "" {
		p.Lieu = l
	}
	p.Service = q.Get("service")
	p.Typed = p.Code
	if p.Code == "" || q.Get("lieu") == "" {
		s.render(w, r, http.StatusOK, "pass_utiliser.html", p)
		return
	}
	if !slices.ContainsFunc(p.Lieux, func(c passLieuChoice) bool { return c.ID == p.Lieu }) {
		s.error(w, r, errPassNotActing)
		return
	}
	if err := s.passVerify(r, &p); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "pass_utiliser.html", p)
}

var errPassNotActing = failure.Errorf(failure.Forbidden, "Ce compte n'agit pas pour ce lieu : choisissez un des lieux proposés sur la page « Utiliser un pass ».")

// passVerify checks p.Code at p.Lieu and, for a valid pass, prepares the
// redemption form (its services, a new key).
func (s *Server) passVerify(r *http.Request, p *passUtiliserPage) error {
	u := currentUser(r)
	ctx := r.Context()
	res, err := s.store.CheckRedemption(ctx, store.RedeemRequest{Code: p.Code, LieuID: p.Lieu, Service: p.Service,
		AccountID: u.ID})
	if err != nil {
		return err
	}
	p.Checked, p.Check, p.LieuName = true, res, s.passLieuName(ctx, p.Lieu)
	if res.Reason != "" {
		if res.Reason == pass.DejaUtilise {
			// A used pass is not left to verify again: the field is for
			// the next one.
			p.Mine, p.Typed = s.passMine(ctx, u, res.Code, p.Lieu), ""
		}
		p.Key = newPassKey()
		return nil
	}
	d, err := s.store.PassByCode(ctx, p.Code)
	if err != nil {
		return err
	}
	p.Detail, p.Typed = &d, ""
	p.Services = d.Order.Services
	if l, ok := s.indexOf(ctx).Lieu(p.Lieu); ok && len(l.Services) > 0 {
		p.Services = nil
		for _, sv := range d.Order.Services {
			if slices.Contains(l.Services, sv) {
				p.Services = append(p.Services, sv)
			}
		}
	}
	if len(p.Services) == 0 {
		p.Check.Reason = pass.ServiceNonAutorise
		p.Check.Message = "Ce pass ne finance aucun des services que ce lieu propose dans l'annuaire."
	}
	if !slices.Contains(p.Services, p.Service) {
		p.Service = ""
	}
	if len(p.Services) == 1 {
		p.Service = p.Services[0]
	}
	p.Key = newPassKey()
	return nil
}

// passMine returns the redemption of code at lieu when this account made
// it: a person who retries is told it is done, not « déjà utilisé ».
func (s *Server) passMine(ctx context.Context, u *account.User, code, lieu string) *pass.Redemption {
	d, err := s.store.PassByCode(ctx, code)
	if err != nil {
		return nil
	}
	us, err := s.store.Redemptions(ctx, lieu, d.Pass.OrderID)
	if err != nil {
		return nil
	}
	for i := range us {
		if us[i].PassID == d.Pass.ID && us[i].AccountID == u.ID {
			return &us[i]
		}
	}
	return nil
}

// passUtiliserEnvoi redeems a pass (« Encaisser »). The form's key makes
// it idempotent: sent again (a double tap, a reload), it gets the first
// answer, never « déjà utilisé ».
func (s *Server) passUtiliserEnvoi(w http.ResponseWriter, r *http.Request) {
	p, ok := s.passCounter(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	u := currentUser(r)
	ctx := r.Context()
	p.Code, p.Lieu, p.Service = r.PostForm.Get("code"), r.PostForm.Get("lieu"), r.PostForm.Get("service")
	if !slices.ContainsFunc(p.Lieux, func(c passLieuChoice) bool { return c.ID == p.Lieu }) {
		s.error(w, r, errPassNotActing)
		return
	}
	req := store.RedeemRequest{Code: p.Code, LieuID: p.Lieu, Service: p.Service,
		AccountID: u.ID, Actor: actor(r), Key: r.PostForm.Get("cle")}
	refused, err := s.passServiceNotOffered(ctx, req)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var res store.RedeemResult
	if refused != nil {
		res = *refused
	} else if res, err = s.store.Redeem(ctx, req); err != nil {
		s.error(w, r, err)
		return
	}
	p.Done, p.LieuName = &res, s.passLieuName(ctx, p.Lieu)
	status := http.StatusOK
	switch res.Reason {
	case "":
		p.Title = "Pass encaissé"
		p.Code = "" // the next pass
	case pass.CleReutilisee:
		// The form served another request (sent back after a change):
		// a new form, with the same values, says nothing was done.
		p.Title, p.Retry, p.Done = "Utiliser un pass", true, nil
		if err := s.passVerify(r, &p); err != nil {
			s.error(w, r, err)
			return
		}
		status = http.StatusUnprocessableEntity
	case pass.DejaUtilise:
		// Another form (not this one sent again): refused, even when this
		// account redeemed it (then its day and service are said).
		p.Title, status = "Pass refusé", http.StatusConflict
		p.Mine = s.passMine(ctx, u, res.Code, p.Lieu)
	default:
		p.Title = "Pass refusé"
		status = http.StatusUnprocessableEntity
	}
	if p.Key == "" {
		p.Key = newPassKey()
	}
	s.render(w, r, status, "pass_utiliser.html", p)
}
