package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
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

// conflictPage shows the form again after a conflict: the place as now
// stored, with on it only the fields this person changed from the place
// their form was made from (Origin), those the other person also changed
// flagged. The version and origin become the stored ones, so that saving
// the page as it is keeps the other change and applies this one.
func (s *Server) conflictPage(w http.ResponseWriter, r *http.Request, p modifierPage, cur, edited *place.Lieu, err error) {
	if errors.Is(err, failure.ErrUnavailable) {
		s.busyForm(w, r, p, err)
		return
	}
	if !errors.Is(err, failure.ErrConflict) {
		s.fail(w, r, err)
		return
	}
	merged, clashes := mergeConflict(r, cur, edited)
	next := s.modifierPage(&merged, false, currentUser(r), p.Publishes)
	next.Title, next.Lieu = "Modifier « "+cur.Nom+" »", cur
	next.Version, next.Origin, next.Before = store.Version(cur), encodeOrigin(cur), cur.Horaires
	next.Conflict, next.Clashes, next.Kept = failure.MessageOf(err), clashes, p.Kept
	if c := store.ConflictsOf(err); len(c) > 0 {
		labels := make([]string, len(c))
		for i, f := range c {
			labels[i] = fieldLabel(f.Field)
		}
		next.Conflict = "Cette fiche a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte, sur des champs que vous avez aussi changés : " +
			strings.Join(slices.Compact(labels), ", ") + ". Vos changements n'ont pas été enregistrés : vérifiez-les ci-dessous, puis enregistrez à nouveau."
	}
	next.setProblems(p.Problems)
	s.render(w, r, http.StatusConflict, "modifier.html", next)
}

// clash is a field changed both by the person and, meanwhile, by someone else.
type clash struct{ Field, Label, Now, Set string }

// mergeConflict is the stored place cur with the changes the form made to
// the place it was opened on, and the fields where both changed. Without
// a readable origin, every field the form sets differently is a clash.
func mergeConflict(r *http.Request, cur, edited *place.Lieu) (place.Lieu, []clash) {
	base, known := formOrigin(r)
	if !known {
		base = *cur
	}
	mine, _ := formChanges(r, &base, edited)
	others := map[string]string{}
	if known {
		others, _ = store.Diff(&base, cur)
	}
	v, pass := cur.Values(), cur.PassNumerique
	var clashes []clash
	for name, val := range mine {
		i, isField := place.FieldIndex[name]
		now := yesNo(pass)
		if isField {
			now = v[i]
		}
		if _, also := others[name]; (also || !known) && now != val && !(isField && place.SameValue(i, now, val)) {
			clashes = append(clashes, clash{Field: name, Label: fieldLabel(name), Now: now, Set: val})
		}
		if isField {
			v[i] = val
		} else if name == store.PassField {
			pass = val == "oui"
		}
	}
	slices.SortFunc(clashes, func(a, b clash) int { return strings.Compare(a.Field, b.Field) })
	merged, err := place.Decode(v)
	if err != nil {
		return *cur, clashes
	}
	merged.ID, merged.PassNumerique = cur.ID, pass
	return merged, clashes
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// originField is the form's hidden field holding the place it was made from.
const originField = "origine"

// encodeOrigin writes a place's values for the form's hidden origin field:
// JSON in URL-safe base64, which a form sends unescaped.
func encodeOrigin(l *place.Lieu) string {
	b, err := json.Marshal(valuesMap(l))
	if err != nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// formOrigin reads the place the submitted form was made from; ok is
// false when the form carries none, or one that does not read.
func formOrigin(r *http.Request) (l place.Lieu, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(r.PostForm.Get(originField))
	if err != nil || len(b) == 0 {
		return l, false
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return l, false
	}
	l, err = lieuFromValues(m)
	return l, err == nil
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

// busyForm gives the form back, with what the person typed, when the
// database was too busy to save it: a 503 to retry, nothing lost.
func (s *Server) busyForm(w http.ResponseWriter, r *http.Request, p modifierPage, err error) {
	w.Header().Set("Retry-After", "5")
	p.Busy = failure.MessageOf(err) + " Vos changements n'ont pas été enregistrés : ils sont ci-dessous, renvoyez le formulaire dans quelques secondes."
	s.render(w, r, http.StatusServiceUnavailable, "modifier.html", p)
}
