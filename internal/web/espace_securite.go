package web

import (
	"errors"
	"html/template"
	"net/http"
	"unicode/utf8"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/french"
)

type securitePage struct {
	pageMeta
	Secret  string
	QR      template.HTML
	Enabled bool
	Error   string
}

// espaceSecurite lets administrators and coordinators add a password and
// a TOTP code, to sign in without a link.
func (s *Server) espaceSecurite(w http.ResponseWriter, r *http.Request) {
	s.renderSecurite(w, r, http.StatusOK, "", account.NewTOTPSecret())
}

func (s *Server) renderSecurite(w http.ResponseWriter, r *http.Request, status int, errMsg, secret string) {
	u := currentUser(r)
	s.render(w, r, status, "securite.html", securitePage{pageMeta: pageMeta{Title: "Mot de passe et code à usage unique", Nav: "espace", Flash: flash(r)},
		Secret: secret, QR: qrSVG(account.TOTPURI(secret, u.Email), "Code QR à lire avec une application d'authentification"),
		Enabled: u.PasswordHash != "", Error: errMsg})
}

// espaceSecuriteEnvoi checks the code the person's app gives for the new
// secret, then stores the password's hash and the secret. Replacing them
// asks for the current ones (a stolen session alone cannot), adding them
// asks for a sign-in of less than 15 minutes; either way the account's
// other sessions are closed and the change is journaled.
func (s *Server) espaceSecuriteEnvoi(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	r.ParseForm()
	f := r.PostForm
	secret := f.Get("secret")
	if msg, status := s.checkCurrentFactors(r); msg != "" {
		s.renderSecurite(w, r, status, msg, secret)
		return
	}
	switch {
	case utf8.RuneCountInString(f.Get("mot_de_passe")) < account.MinPassword:
		s.renderSecurite(w, r, http.StatusUnprocessableEntity, "Le mot de passe doit compter au moins 12 caractères.", secret)
		return
	case f.Get("mot_de_passe") != f.Get("confirmation"):
		s.renderSecurite(w, r, http.StatusUnprocessableEntity, "Les deux mots de passe diffèrent.", secret)
		return
	case !account.CheckTOTP(secret, f.Get("code"), s.cfg.Now()):
		s.renderSecurite(w, r, http.StatusUnprocessableEntity, "Le code à six chiffres ne correspond pas : vérifiez l'heure de votre téléphone et réessayez.", secret)
		return
	}
	u := *currentUser(r)
	u.PasswordHash, u.TOTPSecret = account.HashPassword(f.Get("mot_de_passe")), secret
	if err := s.store.UpdateUser(r.Context(), u, actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.closeOtherSessions(r, u.ID, "compte.identifiants_modifies"); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/espace?message=securite", http.StatusSeeOther)
}

// connexionMotDePasse signs in with address, password and TOTP code. The
// password is checked even when the address is unknown, and every failure
// gets the same message.
func (s *Server) connexionMotDePasse(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	r.ParseForm()
	f := r.PostForm
	email := account.NormalizeEmail(f.Get("email"))
	page := connexionPage{pageMeta: pageMeta{Title: "Se connecter", Nav: "connexion"}, Suite: safeNext(f.Get("suite")), LogMode: s.linksLogged(), MailOff: s.cfg.BaseURL == ""}
	u, err := s.store.UserByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, failure.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	// Attempts are counted per account (or per browser where it signed
	// in before), before they are judged (account.NextAttempt).
	key, kerr := s.passwordKey(r, email, u, err == nil)
	if kerr != nil {
		s.fail(w, r, kerr)
		return
	}
	if d, terr := s.takeAttempt(r.Context(), key); terr != nil {
		s.fail(w, r, terr)
		return
	} else if d > 0 {
		page.Error = "Trop d'essais de mot de passe pour ce compte : réessayez dans " + retryAfter(w, d) +
			", ou demandez un lien de connexion par courriel, toujours possible."
		s.render(w, r, http.StatusTooManyRequests, "connexion.html", page)
		return
	}
	passOK := account.CheckPassword(u.PasswordHash, f.Get("mot_de_passe"))
	step, codeOK := account.MatchTOTP(u.TOTPSecret, f.Get("code"), s.cfg.Now())
	codeOK = codeOK && u.TOTPSecret != ""
	if err == nil && passOK && codeOK {
		// A code opens one session: replaying it is refused.
		if fresh, err := s.store.UseTOTPStep(r.Context(), u.ID, step); err != nil {
			s.fail(w, r, err)
			return
		} else if !fresh {
			codeOK = false
		}
	}
	if err != nil || !passOK || !codeOK {
		page.Error = "Adresse, mot de passe ou code incorrects."
		s.render(w, r, http.StatusUnauthorized, "connexion.html", page)
		return
	}
	if err := s.attemptSucceeded(r.Context(), key); err != nil {
		s.fail(w, r, err)
		return
	}
	s.startSession(w, r, u.ID, page.Suite)
}

// waitText says a wait in French: "12 secondes", "3 minutes".
func waitText(secs int) string {
	if secs < 60 {
		return french.Count(secs, "seconde", "secondes")
	}
	return french.Count((secs+59)/60, "minute", "minutes")
}
