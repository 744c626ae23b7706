package web

import (
	"context"
	"time"

	"maillage/internal/account"
)

// invitationLifetime is how long the link of an invitation works: the
// person invited may not read their mail within 15 minutes.
const invitationLifetime = 7 * 24 * time.Hour

// sendInvitation e-mails a new account its invitation, in the background:
// who invited, what maillage is, a first sign-in link (path) and how to
// sign in later.
func (s *Server) sendInvitation(u account.User, inviter *account.User, hash, path string) {
	link, ok := s.absoluteURL(path)
	later, _ := s.absoluteURL("/connexion")
	if !ok {
		s.log.Error("invitation non envoyée : l'adresse publique du site n'est pas configurée (--url-publique)")
		return
	}
	by := "L'équipe du hub"
	if inviter != nil {
		by = inviter.Email
		if inviter.Name != "" {
			by = inviter.Name + " (" + inviter.Email + ")"
		}
	}
	role := string(u.Role)
	for _, rl := range account.Roles {
		if rl.Role == u.Role {
			role = rl.Label
		}
	}
	body := "Bonjour,\n\n" + by + " vous a créé un compte sur maillage.\n\n" +
		"maillage est le registre des lieux de médiation numérique de votre territoire, tenu par le hub territorial " +
		"pour un numérique inclusif : un annuaire public des lieux où se faire aider avec le numérique, que les " +
		"structures et les coordinateurs tiennent à jour.\n\n" +
		"Votre rôle : " + role + ".\n\n" +
		"Pour vous connecter la première fois, ouvrez ce lien dans les 7 jours (il ne sert qu'une fois) :\n\n" + link +
		"\n\nPlus tard, connectez-vous depuis cette page, avec cette adresse électronique ; un nouveau lien vous sera envoyé :\n\n" +
		later + "\n\nSi vous ne vous attendiez pas à cette invitation, répondez à " + by + " ou ne faites rien : sans connexion, le compte reste inutilisé.\n"
	s.background(func(ctx context.Context) {
		if err := s.store.AddLoginToken(ctx, hash, u.Email, s.cfg.Now().Add(invitationLifetime)); err != nil {
			s.log.Error("invitation", "err", err)
			return
		}
		if err := s.cfg.Mail.Send(ctx, u.Email, "Invitation à maillage", body); err != nil {
			s.log.Error("envoi de l'invitation", "err", err)
		}
	})
}
