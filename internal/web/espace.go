package web

import (
	"context"
	"errors"
	"maillage/internal/failure"
	"net/http"

	"maillage/internal/account"
	"maillage/internal/store"
)

type claimView struct {
	store.Claim
	Nom string
	// Claimant is the account that asked (for moderators); Gone when
	// it was deleted since.
	Claimant account.User
	Gone     bool
	// Withdrawn: the place is no longer published; MergedInto: it was
	// absorbed by that place (moderation_retires.go).
	Withdrawn  bool
	MergedInto string
}

// myProposal is one of the signed-in person's proposals.
type myProposal struct {
	store.Proposal
	Nom string
}

type espacePage struct {
	pageMeta
	Claims    []claimView
	Proposals []myProposal
	Pending   int // items in the moderation queue
	Moderator bool
	Admin     bool
	RoleLabel string
	Tokens    []account.APIToken // the account's valid API tokens
	// Orientations the account made (espace_orientations.go).
	Orientations      []orientationView
	OrientationsShown int
	// PassLieux: the account acts for a place qualified for the Pass
	// numérique (its counter, statements and dashboard).
	PassLieux bool
	// ManagesPlace: the account has an approved claim of a published
	// place (the statistics of « the places you manage » have something).
	ManagesPlace bool
}

// espace is a signed-in person's page: their places and claims, and links
// to moderation and administration for those who may.
func (s *Server) espace(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	p := espacePage{pageMeta: pageMeta{Title: "Mon espace", Nav: "espace", Flash: flash(r)},
		Moderator: account.Moderators.Allows(u), Admin: account.Admins.Allows(u)}
	for _, rl := range account.Roles {
		if rl.Role == u.Role {
			p.RoleLabel = rl.Label
		}
	}
	claims, err := s.store.Claims(r.Context(), "", u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ix := s.indexOf(r.Context())
	for _, c := range claims {
		v := claimView{Claim: c, Nom: c.LieuID}
		if l, ok := ix.Lieu(c.LieuID); ok {
			v.Nom = l.Nom
			p.ManagesPlace = p.ManagesPlace || c.Status == store.StatusApproved
		}
		p.Claims = append(p.Claims, v)
	}
	props, err := s.store.Proposals(r.Context(), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i := len(props) - 1; i >= 0; i-- {
		pr := props[i]
		if pr.UserID != u.ID {
			continue
		}
		v := myProposal{Proposal: pr, Nom: pr.LieuID}
		if pr.LieuID == "" {
			v.Nom = "Nouveau lieu : " + pr.Values["nom"]
		} else if l, ok := ix.Lieu(pr.LieuID); ok {
			v.Nom = l.Nom
		}
		p.Proposals = append(p.Proposals, v)
	}
	if err := s.espaceOrientations(r, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Tokens, err = s.store.APITokens(r.Context(), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	// An administrator too: it redeems only for the places it acts for.
	lieux, err := s.store.LieuxActedFor(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.PassLieux = len(lieux) > 0
	if p.Moderator {
		q, err := s.queue(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Pending = len(q.Claims) + len(q.Proposals) + len(q.Reports)
	}
	s.render(w, r, http.StatusOK, "espace.html", p)
}

// flash is the message an action leaves for the next page (?message=…).
func flash(r *http.Request) string {
	switch r.URL.Query().Get("message") {
	case "publie":
		return "Vos modifications sont publiées."
	case "propose":
		return "Votre proposition est transmise aux coordinateurs du territoire."
	case "revendique":
		return "Votre demande est transmise : un coordinateur du territoire la validera."
	case "revendique-auto":
		return "C'est noté : l'adresse de votre compte est au domaine du site du lieu, vous pouvez le modifier."
	case "decide":
		return "Décision enregistrée."
	case "valeur-source":
		return "Valeur de la source reprise : la modification à la main de ce champ est abandonnée."
	case "separe":
		return "Enregistrement séparé : il forme de nouveau un lieu à part."
	case "rejet-annule":
		return "Décision annulée : la paire est de nouveau à vérifier."
	case "separation-annulee":
		return "Séparation annulée : l'enregistrement a rejoint le lieu qu'il avait quitté."
	case "reunis":
		return "Lieux réunis : l'adresse de l'autre lieu renvoie désormais vers celui-ci."
	case "compte-cree":
		return "Compte créé : un lien de connexion a été envoyé."
	case "compte-cree-sans-lien":
		return "Compte créé, mais aucun lien n'a été envoyé : l'adresse publique du site n'est pas configurée (--url-publique). La personne pourra demander un lien une fois qu'elle le sera."
	case "compte-modifie":
		return "Rôle et territoires enregistrés."
	case "compte-supprime":
		return "Compte supprimé."
	case "session-revoquee":
		return "Session fermée."
	case "securite":
		return "Mot de passe et code enregistrés."
	case "jeton-revoque":
		return "Jeton révoqué : il ne donne plus accès à l'API."
	case "confirme":
		return "Merci : la fiche est confirmée à jour."
	case "fermeture-annoncee":
		return "Fermeture annoncée : la page du lieu, la recherche « ouvert maintenant » et l'API la donnent."
	case "fermeture-retiree":
		return "Fermeture retirée."
	}
	return ""
}

type supprimerPage struct {
	pageMeta
	Email     string
	Done      bool
	Pseudonym string
	// Refused says why the account cannot be deleted (the only
	// administrator), before anything is confirmed.
	Refused string
}

// espaceSupprimer deletes the signed-in person's own account: their
// personal data go, the journal keeps a pseudonym. It asks first (a page
// that says what will happen), then says what happened. The only
// administrator cannot leave: nobody would administer.
func (s *Server) espaceSupprimer(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	p := supprimerPage{pageMeta: pageMeta{Title: "Supprimer mon compte", Nav: "espace"}, Email: u.Email, Pseudonym: account.Pseudonym(u.ID)}
	r.ParseForm()
	// The only administrator is told why at once, not after confirming.
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := account.KeepsAnAdministrator(users, u.ID, ""); err != nil {
		p.Refused = "Vous êtes le seul compte administrateur : nommez d'abord un autre administrateur (Comptes), puis supprimez votre compte."
		s.render(w, r, http.StatusConflict, "supprimer.html", p)
		return
	}
	if r.PostForm.Get("confirmer") != "oui" {
		s.render(w, r, http.StatusOK, "supprimer.html", p)
		return
	}
	if err := s.store.DeleteUser(r.Context(), u.ID, actor(r)); err != nil {
		if errors.Is(err, failure.ErrConflict) { // the last administrator, meanwhile
			p.Refused = failure.MessageOf(err)
			s.render(w, r, http.StatusConflict, "supprimer.html", p)
			return
		}
		s.error(w, r, err)
		return
	}
	s.clearSessionCookie(w, r)
	p.Title, p.Done, p.Nav = "Compte supprimé", true, ""
	// The page is that of someone signed out: the session is gone.
	s.render(w, r.WithContext(context.WithValue(r.Context(), userKey, (*account.User)(nil))), http.StatusOK, "supprimer.html", p)
}
