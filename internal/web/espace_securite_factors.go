package web

import (
	"net/http"
	"strconv"

	"maillage/internal/account"
	"maillage/internal/audit"
)

// freshSignIn is how recent a sign-in must be to add a password and a
// code to an account that has none (the e-mail link is then the factor).
const freshSignIn = account.LinkLifetime

// checkCurrentFactors asks for what protects the account now: its
// password and a code of its current TOTP secret (not replayable), or, when
// it has none, a sign-in of less than freshSignIn. Failures slow down this
// account on this client like a sign-in. It returns a French message and a
// status, or "" when the person proved it.
func (s *Server) checkCurrentFactors(r *http.Request) (string, int) {
	u := currentUser(r)
	now := s.cfg.Now()
	if u.PasswordHash == "" {
		hash, _ := r.Context().Value(sessionKey).(string)
		se, err := s.store.Session(r.Context(), hash)
		if err != nil || now.Sub(se.Created) > freshSignIn {
			return "Par sécurité, reconnectez-vous par un lien reçu par courriel, puis ajoutez le mot de passe et le code dans les 15 minutes.", http.StatusForbidden
		}
		return "", 0
	}
	// Attempts are counted per session: a stolen one is slowed down, the
	// owner's own session is not.
	hash, _ := r.Context().Value(sessionKey).(string)
	key := "facteurs:" + hash
	if d, err := s.takeAttempt(r.Context(), key); err != nil {
		return "La base de données est occupée : réessayez dans quelques secondes.", http.StatusServiceUnavailable
	} else if d > 0 {
		return "Trop d'essais : réessayez dans " + waitText(int(d.Seconds()+0.999)) + ".", http.StatusTooManyRequests
	}
	f := r.PostForm
	passOK := account.CheckPassword(u.PasswordHash, f.Get("mot_de_passe_actuel"))
	step, codeOK := account.MatchTOTP(u.TOTPSecret, f.Get("code_actuel"), now)
	if passOK && codeOK {
		fresh, err := s.store.UseTOTPStep(r.Context(), u.ID, step)
		codeOK = err == nil && fresh
	}
	if !passOK || !codeOK {
		return "Le mot de passe actuel ou le code actuel est incorrect : ils sont nécessaires pour les remplacer.", http.StatusForbidden
	}
	if err := s.attemptSucceeded(r.Context(), key); err != nil {
		return "La base de données est occupée : réessayez dans quelques secondes.", http.StatusServiceUnavailable
	}
	return "", 0
}

// closeOtherSessions revokes every session of an account but the
// request's own, and journals why.
func (s *Server) closeOtherSessions(r *http.Request, userID int64, why string) error {
	current, _ := r.Context().Value(sessionKey).(string)
	sessions, err := s.store.Sessions(r.Context(), userID)
	if err != nil {
		return err
	}
	closed := 0
	for _, se := range sessions {
		if se.Hash == current {
			continue
		}
		if err := s.store.RevokeSession(r.Context(), se.Hash, actor(r)); err != nil {
			return err
		}
		closed++
	}
	return s.store.Record(r.Context(), audit.Entry{Actor: actor(r), Action: why, Kind: "compte", ObjectID: strconv.FormatInt(userID, 10),
		After: audit.JSON(map[string]any{"autres_sessions_fermees": closed})})
}
