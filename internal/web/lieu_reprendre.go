package web

import (
	"context"
	"net/http"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

// A harvest never replaces a field set by hand: when a source says
// something new about it, the coordinators of the place's territory see
// it on the place's page (« La source X dit maintenant : … ») and in the
// moderation queue, and may take the source's value (« Reprendre la
// valeur de la source »), which drops the hand edit.

// newsView is what a source says now about a field set by hand.
type newsView struct {
	LieuID, Nom string
	Name        string // the field's name in the standard, for the form
	Field       string // in French
	Source      string
	SourceID    string
	Value       string // as a person reads it
	When        string // the record's date_maj
	HandWhen    string // the edit's date
}

func newsViewOf(n store.PlaceNews) newsView {
	field := provenanceWords[n.Field]
	if field == "" {
		field = fieldWords[n.Field]
	}
	if field == "" {
		field = n.Field
	}
	value := strings.ReplaceAll(n.Value, place.ListSeparator, ", ")
	if n.Field == "latitude" {
		value = strings.Replace(value, " ", ", ", 1)
	}
	return newsView{LieuID: n.LieuID, Nom: n.Nom, Name: n.Field, Field: field, Source: n.Source, SourceID: n.SourceID,
		Value: value, When: frenchDate(n.At), HandWhen: frenchDate(n.Hand.At)}
}

// placeNews is what the sources say now about the fields of place id set
// by hand.
func (s *Server) placeNews(ctx context.Context, id string) []newsView {
	news, err := s.store.SourceNews(ctx, id)
	if err != nil {
		return nil
	}
	var out []newsView
	for _, n := range news {
		out = append(out, newsViewOf(n))
	}
	return out
}

// territoryNews is what the sources say now about fields set by hand of
// the places of u's territory (the moderation queue).
func (s *Server) territoryNews(ctx context.Context, u *account.User) ([]newsView, error) {
	news, err := s.store.SourceNews(ctx)
	if err != nil {
		return nil, err
	}
	ix := s.indexOf(ctx)
	var out []newsView
	for _, n := range news {
		l, ok := ix.Lieu(n.LieuID)
		if ok && u.CoversScope(s.scope(ctx, l)) {
			out = append(out, newsViewOf(n))
		}
	}
	return out, nil
}

// lieuReprendre drops the hand edit of a field for the value its source
// says now: POST /lieux/{id}/reprendre (champ), for the coordinators of
// the place's territory and the administrators.
func (s *Server) lieuReprendre(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := account.MayReadHistory(currentUser(r), s.scope(r.Context(), l)); err != nil {
		s.error(w, r, failure.Errorf(failure.Forbidden, "Seuls les coordinateurs du territoire du lieu peuvent reprendre la valeur d'une source."))
		return
	}
	r.ParseForm()
	if err := s.store.TakeSourceValue(r.Context(), l.ID, r.PostForm.Get("champ"), actor(r)); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.syncOwn(r.Context(), l.ID); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("lieux", l.ID)+"?message=valeur-source", http.StatusSeeOther)
}
