package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/store"
)

// Edits are field-level patches of the stored place: only what the person
// changed is written, checked against the version of the place the form
// was made from.

// storedLieu reads a place as the store holds it (the index may be behind
// another process's change).
func (s *Server) storedLieu(r *http.Request, id string) (place.Lieu, error) {
	return s.store.Lieu(r.Context(), id)
}

// today is the day of now in France, as date_maj holds it.
func today(now time.Time) time.Time {
	now = now.In(openinghours.Paris)
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// editOrigin is how the fields a person sets are marked.
func editOrigin(u *account.User) string {
	if u.Role == account.Contributeur {
		return "structure"
	}
	return "coordination"
}

// formChanges are the fields a submitted form changes on the stored place
// cur, and their values before: lists compare as sets, and the hours are
// left alone when the form publishes them as it showed them
// (openinghours.Resolve keeps what the editor cannot show as written).
func formChanges(r *http.Request, cur, edited *place.Lieu) (set, from map[string]string) {
	set, from = store.Diff(cur, edited)
	submitted, _, _, err := formRaw(r, cur, time.Time{})
	if err == nil && submitted.Values[place.FHoraires] == strings.TrimSpace(r.PostForm.Get("horaires_avant")) {
		delete(set, "horaires")
		delete(from, "horaires")
	}
	return set, from
}

// conflictPage shows the form again with what the person typed, and why it
// was not saved; the version becomes the stored one, so that saving again
// is a choice made knowing the place changed.
func (s *Server) conflictPage(w http.ResponseWriter, r *http.Request, p modifierPage, cur *place.Lieu, err error) {
	p.Version = store.Version(cur)
	p.Conflict = failure.MessageOf(err)
	if !errors.Is(err, failure.ErrConflict) {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusConflict, "modifier.html", p)
}

// proposedLieu is the place as a proposal would make it: a new place, or
// its place (as the index holds it) with the proposal's changes.
func (s *Server) proposedLieu(ctx context.Context, p store.Proposal) (place.Lieu, error) {
	if p.LieuID == "" || p.Base == nil {
		return lieuFromValues(p.Values)
	}
	cur, ok := s.indexOf(ctx).Lieu(p.LieuID)
	if !ok {
		return place.Lieu{}, failure.Errorf(failure.NotFound, "Lieu %q introuvable.", p.LieuID)
	}
	v := cur.Values()
	for name, val := range p.Values {
		if i, ok := place.FieldIndex[name]; ok {
			v[i] = val
		}
	}
	l, err := place.Decode(v)
	l.ID, l.PassNumerique = cur.ID, cur.PassNumerique
	if pass, ok := p.Values[store.PassField]; ok {
		l.PassNumerique = pass == "oui"
	}
	return l, err
}
