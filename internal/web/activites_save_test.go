package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"maillage/internal/activity"
	"maillage/internal/failure"
)

// TestSaveEntry: the end of the activity forms' saves, in the order the
// pages rely on: the form's problems (422) and the place's (403) before
// any write, the store's problems (422), the page's refusal with its own
// status, any other failure as an error page of its code, else the list
// with the page's message. Statuses and steps written by hand.
func TestSaveEntry(t *testing.T) {
	ts := newTestServer(t)
	formProblem := activity.Problems{activity.NewProblem("duree", "x", "nombre", "ce n'est pas un nombre entier")}
	placeProblem := activity.Problems{activity.NewProblem("lieu", "l1", "lieu-non-gere", "vous n'agissez pas pour ce lieu")}
	storeProblem := activity.Problems{activity.NewProblem("date", "2030-01-01", "date-future", "la date est à venir")}
	refused := activity.Problems{activity.NewProblem("lieu", "l1", "conflict", "déjà saisi")}
	conflict := failure.Errorf(failure.Conflict, "Un agrégat de ce lieu et de ce mois existe déjà.")
	for _, tt := range []struct {
		name      string
		ps        activity.Problems
		place     activity.Problems
		noPlace   bool // no place check on this page
		saveErr   error
		refusal   func(error) (int, activity.Problems)
		noRefusal bool
		// what happens: the form again with status and problems, or
		// (redisplay 0) the answer's status and Location.
		redisplay int
		problems  activity.Problems
		status    int
		location  string
		saved     bool
	}{
		{name: "form problems", ps: formProblem, redisplay: 422, problems: formProblem},
		{name: "form problems before the place's", ps: formProblem, place: placeProblem, redisplay: 422, problems: formProblem},
		{name: "place", place: placeProblem, redisplay: 403, problems: placeProblem},
		{name: "saved", status: 303, location: "/activites?message=entree-enregistree", saved: true},
		{name: "saved without place check", noPlace: true, noRefusal: true, status: 303, location: "/activites?message=entree-enregistree", saved: true},
		{name: "store problems", saveErr: storeProblem, redisplay: 422, problems: storeProblem, saved: true},
		{name: "store problems before the refusal", saveErr: storeProblem, refusal: func(error) (int, activity.Problems) { return 409, refused },
			redisplay: 422, problems: storeProblem, saved: true},
		{name: "refusal", saveErr: conflict, refusal: func(err error) (int, activity.Problems) {
			if failure.CodeOf(err) != failure.Conflict {
				t.Errorf("refusal given %v", err)
			}
			return 409, refused
		}, redisplay: 409, problems: refused, saved: true},
		{name: "refusal declined", saveErr: conflict, refusal: func(error) (int, activity.Problems) { return 0, nil }, status: 409, saved: true},
		{name: "no refusal", saveErr: conflict, noRefusal: true, status: 409, saved: true},
		{name: "internal", saveErr: errors.New("disk full"), status: 500, saved: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var redisplayed int
			var shown activity.Problems
			saved := false
			e := entrySave{
				redisplay: func(status int, ps activity.Problems) { redisplayed, shown = status, ps },
				placeProblems: func() activity.Problems {
					if saved {
						t.Error("place checked after saving")
					}
					return tt.place
				},
				save: func() error {
					saved = true
					return tt.saveErr
				},
				refusal: func(err error) (int, activity.Problems) {
					if err == nil {
						t.Error("refusal asked without an error")
					}
					return 0, nil
				},
				message: "entree-enregistree",
			}
			if tt.refusal != nil {
				e.refusal = tt.refusal
			}
			if tt.noRefusal {
				e.refusal = nil
			}
			if tt.noPlace {
				e.placeProblems = nil
			}
			rec := httptest.NewRecorder()
			ts.saveEntry(rec, httptest.NewRequest(http.MethodPost, "/activites/agregats", nil), tt.ps, e)
			if saved != tt.saved {
				t.Errorf("saved %v, want %v", saved, tt.saved)
			}
			if redisplayed != tt.redisplay || len(shown) != len(tt.problems) || len(shown) > 0 && shown[0].Rule != tt.problems[0].Rule {
				t.Errorf("form again with %d %+v, want %d %+v", redisplayed, shown, tt.redisplay, tt.problems)
			}
			if tt.redisplay != 0 {
				if rec.Body.Len() != 0 || rec.Header().Get("Location") != "" {
					t.Errorf("the form again, and an answer: %d %q", rec.Code, rec.Header().Get("Location"))
				}
				return
			}
			if rec.Code != tt.status || rec.Header().Get("Location") != tt.location {
				t.Errorf("answer %d %q, want %d %q", rec.Code, rec.Header().Get("Location"), tt.status, tt.location)
			}
		})
	}
}
