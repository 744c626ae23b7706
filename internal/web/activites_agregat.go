package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
)

// aggregateForm is a monthly aggregate's form as typed.
type aggregateForm struct {
	LieuID, Month, Individual, Workshops, WorkshopParticipants, AlreadyHelped string
	Counts                                                                    map[string]string // genre_feminin…
	Thematics                                                                 map[string]string // by API value
}

type agregatPage struct {
	pageMeta
	ID     int64
	Action string
	Form   aggregateForm
	V      activityVocab
	Errors formErrors
	Lieux  []lieuChoice
	// AnyPlace: a coordinator or an administrator types any place of its territory.
	AnyPlace  bool
	ThisMonth string
}

// mayEnterAggregate says whether u enters the aggregates of a place: one
// it acts for (an approved claim), or one a coordinator of its territory
// or an administrator answers for.
func (s *Server) mayEnterAggregate(r *http.Request, u *account.User, lieuID string) error {
	for _, l := range s.lieuxActedFor(r.Context(), u) {
		if l.ID == lieuID {
			return nil
		}
	}
	for _, sc := range s.lieuScopes(r.Context(), lieuID) {
		if u.CoversScope(sc) {
			return nil
		}
	}
	if _, ok := s.indexOf(r.Context()).Lieu(lieuID); !ok && u.Role == account.Administrateur {
		return nil // the store says the place is unknown
	}
	return failure.Errorf(failure.Forbidden, "Vous ne saisissez les agrégats que des lieux que vous gérez (revendiqués depuis leur page) ; un coordinateur, ceux de son territoire.")
}

func (s *Server) renderAgregat(w http.ResponseWriter, r *http.Request, status int, id int64, f aggregateForm, ps activity.Problems) {
	u := currentUser(r)
	title := "Agrégat mensuel d'un lieu"
	action := "/activites/agregats"
	if id != 0 {
		action += "/" + strconv.FormatInt(id, 10)
	}
	if len(ps) > 0 {
		title = "Erreur — " + title
	}
	p := agregatPage{pageMeta: pageMeta{Title: title, Nav: "espace"}, ID: id, Action: action, Form: f, V: formVocab, Errors: newFormErrors(ps),
		Lieux: s.lieuxActedFor(r.Context(), u), AnyPlace: mayCoordinate(u), ThisMonth: s.today()[:7]}
	s.render(w, r, status, "activites_agregat.html", p)
}

// agregatNouveau is the form of a new aggregate (?lieu=ID fills the place).
func (s *Server) agregatNouveau(w http.ResponseWriter, r *http.Request) {
	f := aggregateForm{LieuID: r.URL.Query().Get("lieu"), Month: s.today()[:7], Counts: map[string]string{}, Thematics: map[string]string{}}
	s.renderAgregat(w, r, http.StatusOK, 0, f, nil)
}

// agregat is the form of a stored aggregate (its author's, an
// administrator's: any; a coordinator of its territory reads it but gets
// a 403: it deletes it, its author edits it).
func (s *Server) agregat(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := s.editableAggregate(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	itoa := strconv.Itoa
	f := aggregateForm{LieuID: g.LieuID, Month: g.Month, Individual: itoa(g.Individual), Workshops: itoa(g.Workshops),
		WorkshopParticipants: itoa(g.WorkshopParticipants), AlreadyHelped: itoa(g.Public.AlreadyHelped), Counts: map[string]string{}, Thematics: map[string]string{}}
	for i, m := range []map[string]int{g.Public.Genders, g.Public.AgeBands, g.Public.Statuses} {
		for k, n := range m {
			f.Counts[[]string{"genre_", "tranche_", "statut_"}[i]+k] = itoa(n)
		}
	}
	for k, n := range g.Thematics {
		f.Thematics[k] = itoa(n)
	}
	s.renderAgregat(w, r, http.StatusOK, id, f, nil)
}

func (s *Server) agregatCreer(w http.ResponseWriter, r *http.Request) { s.saveAgregat(w, r, 0) }

func (s *Server) agregatModifier(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveAgregat(w, r, id)
}

func (s *Server) saveAgregat(w http.ResponseWriter, r *http.Request, id int64) {
	if err := readForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	if id != 0 {
		// One it may not read: as a missing one; one it reads but does
		// not edit (its territory's): 403 (the store refuses the edit of
		// another's in its transaction).
		if _, err := s.editableAggregate(r.Context(), u, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	v := r.PostForm
	f := aggregateForm{LieuID: strings.TrimSpace(v.Get("lieu")), Month: v.Get("mois"), Individual: v.Get("individuels"), Workshops: v.Get("ateliers"),
		WorkshopParticipants: v.Get("participants_ateliers"), AlreadyHelped: v.Get("deja_accompagne"), Counts: map[string]string{}, Thematics: map[string]string{}}
	var ps activity.Problems
	g := activity.Aggregate{ID: id, LieuID: f.LieuID, Month: f.Month, Account: u.ID,
		Individual: atoiField(&ps, "individuels", "Accompagnements individuels", f.Individual), Workshops: atoiField(&ps, "ateliers", "Ateliers", f.Workshops),
		WorkshopParticipants: atoiField(&ps, "participants_ateliers", "Participants aux ateliers", f.WorkshopParticipants), Thematics: map[string]int{}}
	g.Public.AlreadyHelped = atoiField(&ps, "deja_accompagne", "Déjà accompagnés", f.AlreadyHelped)
	g.Public.Genders, g.Public.AgeBands, g.Public.Statuses = map[string]int{}, map[string]int{}, map[string]int{}
	for _, b := range []struct {
		prefix, field string
		vocab         activity.Vocabulary
		m             map[string]int
	}{{"genre_", "genre", activity.Genders, g.Public.Genders}, {"tranche_", "tranche_age", activity.AgeBands, g.Public.AgeBands},
		{"statut_", "statut_social", activity.Statuses, g.Public.Statuses}} {
		for _, t := range b.vocab {
			f.Counts[b.prefix+t.Value] = v.Get(b.prefix + t.Value)
			if n := atoiField(&ps, b.field, t.Label, f.Counts[b.prefix+t.Value]); n != 0 {
				b.m[t.Value] = n
			}
		}
	}
	for _, t := range activity.AllThematics {
		f.Thematics[t.Value] = v.Get("th_" + t.Value)
		if n := atoiField(&ps, "thematiques", t.Label, f.Thematics[t.Value]); n != 0 {
			g.Thematics[t.Value] = n
		}
	}
	if len(ps) == 0 {
		g.Normalize()
		ps = g.Validate(s.today()[:7])
	}
	s.saveEntry(w, r, ps, entrySave{
		redisplay: func(status int, ps activity.Problems) { s.renderAgregat(w, r, status, id, f, ps) },
		placeProblems: func() activity.Problems {
			if err := s.mayEnterAggregate(r, u, g.LieuID); err != nil {
				return activity.Problems{{Field: "lieu", Value: g.LieuID, Rule: "lieu-non-gere", Message: failure.MessageOf(err)}}
			}
			return nil
		},
		save: func() error {
			_, err := s.store.SaveAggregate(r.Context(), g, activiteEditor(u), actor(r))
			return err
		},
		refusal: func(err error) (int, activity.Problems) {
			// Another aggregate of the place and month (409), or an
			// unknown place (422).
			if code := failure.CodeOf(err); code == failure.Conflict || code == failure.NotFound && id == 0 {
				status := map[failure.Code]int{failure.Conflict: http.StatusConflict, failure.NotFound: http.StatusUnprocessableEntity}[code]
				return status, activity.Problems{{Field: "lieu", Value: g.LieuID, Rule: string(code), Message: failure.MessageOf(err)}}
			}
			return 0, nil
		},
		message: "agregat-enregistre",
	})
}

// agregatSupprimer deletes an aggregate: its author's, its territory's
// for a coordinator, any for an administrator.
func (s *Server) agregatSupprimer(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	s.deleteEntry(w, r, func(ctx context.Context, id, _ int64, actor string) error {
		if _, err := s.readableAggregate(ctx, u, id); err != nil {
			return err // one it may not read: as a missing one
		}
		// Its own, or its territory's: checked again in the deleting
		// transaction.
		return s.store.DeleteAggregate(ctx, id, activityReader(u), actor)
	}, "agregat-supprime")
}

// activityPlaceProblem refuses an activity recorded at a registry place
// (lieu_activite) the account does not act for, as aggregates are
// (lieu-non-gere): a place it claimed, or one of a coordinator's
// territory; administrators record anywhere. Figures of a place are
// then those of the people who work for it.
func (s *Server) activityPlaceProblem(r *http.Request, u *account.User, a activity.Activity) activity.Problems {
	if a.PlaceType != activity.LieuActivite || a.LieuID == "" || u.Role == account.Administrateur || s.mayEnterAggregate(r, u, a.LieuID) == nil {
		return nil
	}
	if _, ok := s.indexOf(r.Context()).Lieu(a.LieuID); !ok {
		return nil // the store says the place is unknown (lieu-inconnu)
	}
	return activity.Problems{activity.NewProblem("lieu", a.LieuID, "lieu-non-gere",
		"vous n'enregistrez d'activité dans un lieu du registre que si vous agissez pour lui (revendiqué depuis sa page) ; un coordinateur, dans les lieux de son territoire")}
}
