package web

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
)

// passQualificationView is a qualification as the pages show it: the IBAN
// masked, never in full.
type passQualificationView struct {
	ID                 int64
	LieuID, LieuName   string
	Commune            string // the place's commune and its INSEE code, « Toulouse (31555) »; "" unknown
	SIRET, IBAN        string // IBAN masked
	BIC, Holder        string
	Status, StatusText string
	Account            string
	Created            string
	Decided            string
	// Withdrawn (a date) and WithdrawnReason, for a withdrawn one.
	Withdrawn, WithdrawnReason string
}

func (s *Server) passQualificationView(ctx context.Context, q pass.Qualification, names map[int64]string) passQualificationView {
	v := passQualificationView{ID: q.ID, LieuID: q.LieuID, LieuName: q.LieuID, SIRET: q.SIRET, IBAN: pass.MaskedIBAN(q.IBAN), BIC: q.BIC, Holder: q.Holder,
		Status: q.Status, StatusText: qualificationStatusText[q.Status], Account: s.accountName(ctx, q.AccountID, names), Created: frenchDate(q.Created)}
	if l, ok := s.indexOf(ctx).Lieu(q.LieuID); ok {
		v.LieuName, v.Commune = l.Nom, l.Commune
		if l.CodeINSEE != "" && l.Commune != "" {
			v.Commune += " (" + l.CodeINSEE + ")"
		}
	}
	if !q.DecidedAt.IsZero() {
		v.Decided = frenchDate(q.DecidedAt)
	}
	if !q.WithdrawnAt.IsZero() {
		v.Withdrawn, v.WithdrawnReason = frenchDate(q.WithdrawnAt), q.WithdrawnReason
	}
	return v
}

var qualificationStatusText = map[string]string{
	pass.QualificationPending:   "en attente de validation",
	pass.QualificationApproved:  "acceptée : le lieu accepte le Pass numérique",
	pass.QualificationRefused:   "refusée",
	pass.QualificationWithdrawn: "retirée : le lieu n'accepte plus le Pass numérique",
}

type lieuPassPage struct {
	pageMeta
	Lieu *place.Lieu
	// Current is the place's qualification (pending or approved), nil
	// when it has none; Refused says the last one was refused, Withdrawn
	// is the last one withdrawn (when none followed it).
	Current   *passQualificationView
	Refused   bool
	Withdrawn *passQualificationView
	// CanAsk: the account acts for the place (an approved claim).
	CanAsk   bool
	Error    string
	ErrorFor string
	Form     struct{ SIRET, BIC, Holder string }

	// Redemptions: the place's latest redemptions and the activity each
	// paid (lieu_pass_utilisations.go).
	Redemptions []redemptionLine
}

var errPassQualificationForbidden = failure.Errorf(failure.Forbidden, "Seule une structure qui gère ce lieu (sa revendication acceptée) peut demander qu'il accepte le Pass numérique.")

// lieuPass is a place's page of the Pass numérique: its qualification's
// state, and for the structure that manages it (an approved claim), the
// request to accept passes: SIRET and bank details, shown masked once
// entered. The coordinators of its territory, the administrators and the
// account of its qualification may read it.
func (s *Server) lieuPass(w http.ResponseWriter, r *http.Request) {
	s.renderLieuPass(w, r, http.StatusOK, nil)
}

func (s *Server) renderLieuPass(w http.ResponseWriter, r *http.Request, status int, form func(*lieuPassPage)) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	p := lieuPassPage{pageMeta: pageMeta{Title: "Pass numérique — " + l.Nom, Flash: passFlash(r)}, Lieu: l, CanAsk: s.claimed(r, u, l.ID)}
	qs, err := s.store.Qualifications(r.Context(), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !p.CanAsk && !u.CoversScope(s.scope(r.Context(), l)) && !qualificationAccount(qs, u, l.ID) {
		s.fail(w, r, errPassQualificationForbidden)
		return
	}
	for _, q := range qs {
		if q.LieuID != l.ID {
			continue
		}
		v := s.passQualificationView(r.Context(), q, nil)
		switch q.Status {
		case pass.QualificationRefused:
			p.Refused, p.Withdrawn = true, nil
		case pass.QualificationWithdrawn:
			p.Current, p.Refused, p.Withdrawn = nil, false, &v
		default:
			p.Current, p.Refused, p.Withdrawn = &v, false, nil
		}
	}
	if pivot := strings.ReplaceAll(l.Pivot, " ", ""); pass.ValidSIRET(pivot) {
		p.Form.SIRET = pivot
	}
	if p.Redemptions, err = s.lieuPassRedemptions(r.Context(), u, l.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if form != nil {
		form(&p)
	}
	s.render(w, r, status, "lieu_pass.html", p)
}

// qualificationAccount says whether u is the account of one of the
// place's approved or withdrawn qualifications (the account acting for
// it, as `pass qualifier --compte` names it): it reads its place's page.
func qualificationAccount(qs []pass.Qualification, u *account.User, lieuID string) bool {
	if u == nil {
		return false
	}
	for _, q := range qs {
		if q.LieuID == lieuID && q.AccountID == u.ID && (q.Status == pass.QualificationApproved || q.Status == pass.QualificationWithdrawn) {
			return true
		}
	}
	return false
}

// lieuPassDemande records the request of the place's structure.
func (s *Server) lieuPassDemande(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	if !s.claimed(r, u, l.ID) {
		s.fail(w, r, errPassQualificationForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Formulaire illisible ou trop volumineux."))
		return
	}
	f := r.PostForm
	siret := strings.Join(strings.Fields(f.Get("siret")), "")
	bic, holder := strings.TrimSpace(f.Get("bic")), strings.TrimSpace(f.Get("titulaire"))
	// The IBAN typed is never written back into the page, even refused.
	refuse := func(status int, field, msg string) {
		s.renderLieuPass(w, r, status, func(p *lieuPassPage) {
			p.Form.SIRET, p.Form.BIC, p.Form.Holder, p.Error, p.ErrorFor = siret, bic, holder, msg, field
		})
	}
	iban, ibanOK := pass.ValidIBAN(f.Get("iban"))
	_, bicOK := pass.ValidBIC(bic)
	switch {
	case !pass.ValidSIRET(siret):
		refuse(http.StatusUnprocessableEntity, "siret", "SIRET « "+siret+" » invalide : 14 chiffres, dont le dernier est une clé de contrôle (vérifiez-le sur votre avis de situation INSEE).")
	case strings.TrimSpace(f.Get("iban")) == "":
		refuse(http.StatusUnprocessableEntity, "iban", "Indiquez l'IBAN du compte sur lequel les pass seront remboursés.")
	case !ibanOK:
		refuse(http.StatusUnprocessableEntity, "iban", "IBAN invalide : sa clé de contrôle ne correspond pas. Vérifiez-le sur votre relevé d'identité bancaire et saisissez-le de nouveau.")
	case !bicOK:
		refuse(http.StatusUnprocessableEntity, "bic", "BIC « "+bic+" » invalide : 8 ou 11 caractères (par exemple BNPAFRPP, ou CEPAFRPP513 avec le code d'agence), sur votre relevé d'identité bancaire.")
	case holder == "":
		refuse(http.StatusUnprocessableEntity, "titulaire", "Indiquez le titulaire du compte, tel qu'il figure sur le relevé d'identité bancaire.")
	case utf8.RuneCountInString(holder) > pass.MaxHolder:
		refuse(http.StatusUnprocessableEntity, "titulaire", "Le titulaire du compte tient en 100 caractères au plus.")
	default:
		_, err := s.store.RequestQualification(r.Context(), pass.Qualification{LieuID: l.ID, SIRET: siret, AccountID: u.ID, IBAN: iban, BIC: bic, Holder: holder}, actor(r))
		switch failure.CodeOf(err) {
		case "":
			http.Redirect(w, r, SitePath("lieux", l.ID, "pass")+"?message=qualification-demandee", http.StatusSeeOther)
		case failure.Conflict:
			refuse(http.StatusConflict, "siret", failure.MessageOf(err))
		case failure.Invalid:
			refuse(http.StatusUnprocessableEntity, "siret", failure.MessageOf(err))
		default:
			s.fail(w, r, err)
		}
	}
}
