package web

import (
	"net/http"
	"strconv"
	"strings"

	"maillage/internal/activity"
)

// The confirmation before an activity, a monthly aggregate or a
// coordination activity is deleted: « Supprimer » in /activites leads to
// this page (no script needed), which names the entry and posts the
// deletion with confirmer=oui; « Annuler » changes nothing. A
// coordinator is asked too before deleting an activity or an aggregate
// of its territory (« Activités de votre territoire », « Agrégats de
// votre territoire »), which it does not edit.

type activiteSupprimerPage struct {
	pageMeta
	What, Date, Where string
	Action            string // the deletion's POST
	Back              string // the entry's form ("" when the account does not edit it)
}

// activiteSupprimerConfirmer asks before deleting an activity.
func (s *Server) activiteSupprimerConfirmer(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.store.Activity(r.Context(), id)
	if err == nil {
		err = s.mayDeleteActivity(r.Context(), currentUser(r), a)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	where := activity.PlaceTypes.Label(a.PlaceType)
	if a.LieuID != "" {
		where += " : " + a.LieuID
		if l, ok := s.indexOf(r.Context()).Lieu(a.LieuID); ok {
			where = activity.PlaceTypes.Label(a.PlaceType) + " : " + l.Nom
		}
	}
	page := "/activites/saisies/" + strconv.FormatInt(id, 10)
	s.renderSupprimer(w, r, activity.Kinds.Label(a.Kind), "du "+dayText(a.Date), where, page, mayDelete(r, a.Account))
}

// agregatSupprimerConfirmer asks before deleting a monthly aggregate.
func (s *Server) agregatSupprimerConfirmer(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	g, err := s.readableAggregate(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	where := g.LieuID
	if l, ok := s.indexOf(r.Context()).Lieu(g.LieuID); ok {
		where = l.Nom
	}
	s.renderSupprimer(w, r, "L'agrégat mensuel", ofMonth(g.Month), where, "/activites/agregats/"+strconv.FormatInt(id, 10), mayReadEntry(u, g.Account))
}

// coordinationSupprimerConfirmer asks before deleting a coordination
// activity.
func (s *Server) coordinationSupprimerConfirmer(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.readableCoordination(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	where := activity.TerritorialLevels.Label(c.Level)
	if c.Name != "" {
		where = c.Name + " (" + where + ")"
	}
	s.renderSupprimer(w, r, activity.CoordinationKinds.Label(c.Kind), "du "+dayText(c.Date), where, "/activites/coordination/"+strconv.FormatInt(id, 10), true)
}

// ofMonth writes YYYY-MM as « de novembre 2026 », « d'octobre 2026 ».
func ofMonth(m string) string {
	t := monthText(m)
	if strings.HasPrefix(t, "a") || strings.HasPrefix(t, "o") {
		return "d'" + t
	}
	return "de " + t
}

// mayDelete: an entry is its author's to delete (an administrator's: any).
func mayDelete(r *http.Request, author int64) bool {
	by := activiteEditor(currentUser(r))
	return by == 0 || author == by
}

// renderSupprimer asks before deleting the entry of page (its form, linked
// when the account edits it).
func (s *Server) renderSupprimer(w http.ResponseWriter, r *http.Request, what, date, where, page string, editable bool) {
	p := activiteSupprimerPage{pageMeta: pageMeta{Title: "Supprimer une saisie", Nav: "espace"}, What: what, Date: date, Where: where, Action: page + "/supprimer"}
	if editable {
		p.Back = page
	}
	s.render(w, r, http.StatusOK, "activite_supprimer.html", p)
}
