package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
)

type accountView struct {
	account.User
	Sessions    []account.Session
	Territories string
}

type comptesPage struct {
	pageMeta
	Accounts []accountView
	Roles    any
	Error    string
}

// adminComptes lists the accounts and their open sessions.
func (s *Server) adminComptes(w http.ResponseWriter, r *http.Request) {
	s.renderComptes(w, r, http.StatusOK, "")
}

func (s *Server) renderComptes(w http.ResponseWriter, r *http.Request, status int, errMsg string) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := comptesPage{pageMeta: pageMeta{Title: "Comptes", Nav: "espace", Flash: flash(r)}, Roles: account.Roles, Error: errMsg}
	for _, u := range users {
		v := accountView{User: u}
		v.Sessions, _ = s.store.Sessions(r.Context(), u.ID)
		v.Territories = account.FormatTerritories(u.Territories, ", ")
		p.Accounts = append(p.Accounts, v)
	}
	s.render(w, r, status, "comptes.html", p)
}

// adminComptesCreer creates an account and sends it a sign-in link.
func (s *Server) adminComptesCreer(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	role, ok := account.ParseRole(f.Get("role"))
	u := account.User{Email: account.NormalizeEmail(f.Get("email")), Name: strings.TrimSpace(f.Get("nom")),
		Structure: strings.TrimSpace(f.Get("structure")), Role: role}
	if !ok || !place.EmailValid(u.Email) {
		s.renderComptes(w, r, http.StatusUnprocessableEntity, "Indiquez une adresse électronique valide et un rôle.")
		return
	}
	terr, problem := s.accountTerritories(r.Context(), role, f.Get("territoires"))
	if problem != "" {
		s.renderComptes(w, r, http.StatusUnprocessableEntity, problem)
		return
	}
	u.Territories = terr
	if _, err := s.store.CreateUser(r.Context(), u, actor(r)); err != nil {
		if errors.Is(err, failure.ErrConflict) {
			s.renderComptes(w, r, http.StatusConflict, "Un compte existe déjà pour cette adresse.")
			return
		}
		s.fail(w, r, err)
		return
	}
	if _, ok := s.absoluteURL(""); !ok {
		http.Redirect(w, r, "/admin/comptes?message=compte-cree-sans-lien", http.StatusSeeOther)
		return
	}
	token, hash := account.NewToken()
	s.sendInvitation(u, currentUser(r), hash, "/connexion/lien?"+url.Values{"jeton": {token}}.Encode())
	http.Redirect(w, r, "/admin/comptes?message=compte-cree", http.StatusSeeOther)
}

// accountTerritories reads the form's territories for an account of
// role, as maillage utilisateurs ajouter and modifier do: a coordinator
// has at least one, each in the referential of territories (with none
// loaded yet, they are taken unchecked); another role has none (what was
// typed is ignored, and an account that becomes, say, contributeur loses
// its territories). problem is the French message naming the value.
func (s *Server) accountTerritories(ctx context.Context, role account.Role, raw string) (ts []account.Territory, problem string) {
	if role != account.Coordinateur {
		return nil, ""
	}
	ts, err := account.ParseTerritories(raw)
	if err != nil {
		return nil, "Territoires : " + err.Error() + " (plusieurs, séparés par des virgules)."
	}
	if len(ts) == 0 {
		return nil, "Un coordinateur a au moins un territoire : departement:81 ou epci:248100737 (plusieurs, séparés par des virgules)."
	}
	if ref := s.indexOf(ctx).Referential(); !ref.Empty() {
		for _, t := range ts {
			if err := ref.CheckKnown(t.Kind, t.Code); err != nil {
				return nil, "Territoires : " + err.Error() + "."
			}
		}
	}
	return ts, ""
}

// adminComptesSupprimer deletes an account.
// adminSupprimerPage asks an administrator to confirm deleting an account.
type adminSupprimerPage struct {
	pageMeta
	User account.User
}

func (s *Server) adminComptesSupprimer(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		http.Error(w, "Numéro illisible.", http.StatusBadRequest)
		return
	}
	if u := currentUser(r); u.ID == n {
		s.renderComptes(w, r, http.StatusUnprocessableEntity, "Vous ne pouvez pas supprimer votre propre compte depuis la liste des comptes : faites-le depuis Mon espace, « Supprimer mon compte ».")
		return
	}
	if r.PostFormValue("confirmer") != "oui" {
		u, err := s.store.User(r.Context(), n)
		if err != nil {
			if errors.Is(err, failure.ErrNotFound) {
				s.notFound(w, r)
				return
			}
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "admin_supprimer.html", adminSupprimerPage{
			pageMeta: pageMeta{Title: "Supprimer le compte " + u.Email, Nav: "espace"}, User: u})
		return
	}
	if err := s.store.DeleteUser(r.Context(), n, actor(r)); err != nil {
		if errors.Is(err, failure.ErrNotFound) {
			s.notFound(w, r)
			return
		}
		if errors.Is(err, failure.ErrConflict) { // the last administrator
			s.renderComptes(w, r, http.StatusConflict, failure.MessageOf(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/comptes?message=compte-supprime", http.StatusSeeOther)
}

// adminSessionRevoquer ends a session (the path holds its hash).
func (s *Server) adminSessionRevoquer(w http.ResponseWriter, r *http.Request) {
	if err := s.store.RevokeSession(r.Context(), r.PathValue("n"), actor(r)); err != nil {
		if errors.Is(err, failure.ErrNotFound) {
			s.notFound(w, r)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/comptes?message=session-revoquee", http.StatusSeeOther)
}

// adminComptesModifier changes an account's role and territories.
func (s *Server) adminComptesModifier(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		http.Error(w, "Numéro illisible.", http.StatusBadRequest)
		return
	}
	r.ParseForm()
	role, ok := account.ParseRole(r.PostForm.Get("role"))
	if !ok {
		s.renderComptes(w, r, http.StatusUnprocessableEntity, "Rôle illisible : choisissez-en un de la liste.")
		return
	}
	terr, problem := s.accountTerritories(r.Context(), role, r.PostForm.Get("territoires"))
	if problem != "" {
		s.renderComptes(w, r, http.StatusUnprocessableEntity, problem)
		return
	}
	u, err := s.store.User(r.Context(), n)
	if errors.Is(err, failure.ErrNotFound) {
		s.notFound(w, r)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	u.Role, u.Territories = role, terr
	if err := s.store.UpdateUser(r.Context(), u, actor(r)); err != nil {
		if errors.Is(err, failure.ErrConflict) { // the last administrator
			s.renderComptes(w, r, http.StatusConflict, failure.MessageOf(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/comptes?message=compte-modifie", http.StatusSeeOther)
}
