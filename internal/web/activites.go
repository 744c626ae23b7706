package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/openinghours"
	"maillage/internal/store"
)

// The activity pages (issue 11 §2): an account records its activities
// (individual accompaniments, collective workshops), the monthly
// aggregates of the places it acts for, and, for coordinators, the hub's
// coordination activities; /activites lists its own entries with their
// edit and delete buttons. Every write is journaled by the store.

// activityVocab is what the forms offer, in the Coop's order and words.
type activityVocab struct {
	Kinds, PlaceTypes, Thematics, AdminThematics, Equipment, Autonomy, Levels, Redirections activity.Vocabulary
	Genders, AgeBands, Statuses, TagScopes                                                  activity.Vocabulary
	CoordinationKinds, TerritorialLevels, AnimationTypes, Initiatives, AnimationThematics   activity.Vocabulary
	EventTypes, Organisers, PartnershipNatures, PartnerTypes                                activity.Vocabulary
	DurationPresets                                                                         []int
	NotesWarning                                                                            string
}

var formVocab = activityVocab{
	Kinds: activity.Kinds, PlaceTypes: activity.PlaceTypes, Thematics: activity.Thematics, AdminThematics: activity.AdminThematics,
	Equipment: activity.Equipment, Autonomy: activity.Autonomy, Levels: activity.Levels, Redirections: activity.Redirections,
	Genders: activity.Genders, AgeBands: activity.AgeBands, Statuses: activity.Statuses, TagScopes: activity.TagScopes,
	CoordinationKinds: activity.CoordinationKinds, TerritorialLevels: activity.TerritorialLevels, AnimationTypes: activity.AnimationTypes,
	Initiatives: activity.Initiatives, AnimationThematics: activity.AnimationThematics, EventTypes: activity.EventTypes,
	Organisers: activity.Organisers, PartnershipNatures: activity.PartnershipNatures, PartnerTypes: activity.PartnerTypes,
	DurationPresets: activity.DurationPresets, NotesWarning: activity.NotesWarning,
}

// activityLine is an entry of the list.
type activityLine struct {
	ID                         int64
	What, Date, Where, Summary string
	EditURL, DeleteURL         string
	Imported                   bool
	Kept                       string // why there is no DeleteURL (a territory's line)
}

// territoryListMax caps a coordinator's « Activités de votre territoire »:
// the newest ones; the API and the export read every one.
const territoryListMax = 200

// keptText says, in a territory's line, who deletes an activity that a
// coordinator does not (activity.KeptFromOthers, the whole reason on
// its deletion page).
func keptText(a activity.Activity) string {
	if a.Source != activity.SourceSaisie {
		return "Importée de la Coop : supprimée par un administrateur"
	}
	return "Payée par le Pass numérique : supprimée par son auteur ou un administrateur"
}

// activityTable is one table of /activites.
type activityTable struct {
	Caption string
	Lines   []activityLine
}

type activitesPage struct {
	pageMeta
	Coordinator bool
	Activities  []activityLine
	Territory   []activityLine // a coordinator's territory's (an administrator's: everywhere), entered by others
	Everywhere  bool           // Territory is an administrator's: every territory
	// TerritoryCapped: the territory's list holds only its newest this
	// many (0: all of the three months).
	TerritoryCapped int
	Aggregates      []activityLine
	// TerritoryAggregates: a coordinator's territory's aggregates,
	// entered by others, newest first (TerritoryAggregatesCapped: only
	// the newest this many).
	TerritoryAggregates       []activityLine
	TerritoryAggregatesCapped int
	Coordination              []activityLine
	Lieux                     []lieuChoice // the places whose aggregates the account enters
}

// lieuChoice is a place an account acts for.
type lieuChoice struct{ ID, Nom string }

// mayCoordinate: the coordination activities are the coordinators' and
// administrators'.
func mayCoordinate(u *account.User) bool {
	return u != nil && (u.Role == account.Coordinateur || u.Role == account.Administrateur)
}

// activiteEditor is the account whose entries u edits: its own (u.ID), or
// any (0) for an administrator.
func activiteEditor(u *account.User) int64 {
	if u.Role == account.Administrateur {
		return 0
	}
	return u.ID
}

// activites lists the account's own entries.
func (s *Server) activites(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	p := activitesPage{pageMeta: pageMeta{Title: "Mes activités", Nav: "espace", Flash: activityFlash(r)}, Coordinator: mayCoordinate(u),
		Everywhere: u.Role == account.Administrateur}
	acts, err := s.store.Activities(ctx, store.ActivityFilter{Account: u.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	idx := s.indexOf(ctx)
	lieuName := func(id string) string {
		if l, ok := idx.Lieu(id); ok {
			return l.Nom
		}
		return id
	}
	for i := len(acts) - 1; i >= 0; i-- { // newest first
		p.Activities = append(p.Activities, s.activityLineOf(ctx, acts[i], true))
	}
	if u.Role == account.Coordinateur && len(u.Territories) > 0 || u.Role == account.Administrateur {
		// Its territory's, entered by others, of the last three months:
		// to read, and to delete (not to edit: their authors do). An
		// administrator's territory is everywhere (no Territories), and
		// it edits them too.
		// The newest territoryListMax (one more tells there are more).
		from := s.cfg.Now().In(openinghours.Paris).AddDate(0, -3, 0).Format("2006-01-02")
		theirs, err := s.store.Activities(ctx, store.ActivityFilter{From: from, Territories: territoryRefs(u.Territories), Others: u.ID, Newest: true, Limit: territoryListMax + 1})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(theirs) > territoryListMax {
			theirs, p.TerritoryCapped = theirs[:territoryListMax], territoryListMax
		}
		for _, a := range theirs {
			if a.Account == u.ID || !s.mayReadActivity(ctx, u, a) {
				continue
			}
			line := s.activityLineOf(ctx, a, false)
			if activiteEditor(u) == 0 {
				line.EditURL = "/activites/saisies/" + strconv.FormatInt(a.ID, 10)
			}
			if s.mayDeleteActivity(ctx, u, a) != nil {
				line.DeleteURL, line.Kept = "", keptText(a)
			}
			p.Territory = append(p.Territory, line)
		}
	}
	aggs, err := s.store.Aggregates(ctx, store.ActivityFilter{Account: u.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	aggregateLine := func(g activity.Aggregate) activityLine {
		id := strconv.FormatInt(g.ID, 10)
		return activityLine{ID: g.ID, What: "Agrégat mensuel", Date: monthText(g.Month), Where: lieuName(g.LieuID),
			Summary:   strconv.Itoa(g.Individual) + " accompagnement(s) individuel(s), " + strconv.Itoa(g.Workshops) + " atelier(s) pour " + strconv.Itoa(g.WorkshopParticipants) + " participant(s)",
			DeleteURL: "/activites/agregats/" + id + "/supprimer"}
	}
	for i := len(aggs) - 1; i >= 0; i-- {
		line := aggregateLine(aggs[i])
		line.EditURL = "/activites/agregats/" + strconv.FormatInt(aggs[i].ID, 10)
		p.Aggregates = append(p.Aggregates, line)
	}
	if u.Role == account.Coordinateur && len(u.Territories) > 0 || u.Role == account.Administrateur {
		// Its territory's aggregates, entered by others: they weigh as
		// much as activities in every figure, so a coordinator finds a
		// wrong one and deletes it (its author edits it); an
		// administrator's territory is everywhere, and it edits them
		// too. The newest territoryListMax (one more tells there are
		// more).
		theirs, err := s.store.Aggregates(ctx, store.ActivityFilter{Territories: territoryRefs(u.Territories), Others: u.ID, Newest: true, Limit: territoryListMax + 1})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(theirs) > territoryListMax {
			theirs, p.TerritoryAggregatesCapped = theirs[:territoryListMax], territoryListMax
		}
		for _, g := range theirs {
			if g.Account != u.ID && s.mayReadAggregate(ctx, u, g) {
				line := aggregateLine(g)
				if activiteEditor(u) == 0 {
					line.EditURL = "/activites/agregats/" + strconv.FormatInt(g.ID, 10)
				}
				p.TerritoryAggregates = append(p.TerritoryAggregates, line)
			}
		}
	}
	if p.Coordinator {
		cs, err := s.store.Coordinations(ctx, store.ActivityFilter{Account: u.ID})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for i := len(cs) - 1; i >= 0; i-- {
			c := cs[i]
			id := strconv.FormatInt(c.ID, 10)
			p.Coordination = append(p.Coordination, activityLine{ID: c.ID, What: activity.CoordinationKinds.Label(c.Kind), Date: dayText(c.Date),
				Where: activity.TerritorialLevels.Label(c.Level), Summary: c.Name,
				EditURL: "/activites/coordination/" + id, DeleteURL: "/activites/coordination/" + id + "/supprimer"})
		}
	}
	p.Lieux = s.lieuxActedFor(ctx, u)
	s.render(w, r, http.StatusOK, "activites.html", p)
}

// activityLineOf is an activity's line in /activites: the account's own
// (mine: its workshop's title, a link to edit it) or its territory's
// (no free text of another account's).
func (s *Server) activityLineOf(ctx context.Context, a activity.Activity, mine bool) activityLine {
	idx := s.indexOf(ctx)
	where := activity.PlaceTypes.Label(a.PlaceType)
	if a.LieuID != "" {
		name := a.LieuID
		if l, ok := idx.Lieu(a.LieuID); ok {
			name = l.Nom
		}
		where += " : " + name
	} else if a.Commune != "" {
		where += " : " + communeText(idx.Referential(), a.Commune)
	}
	var themes []string
	for _, t := range a.Thematics {
		themes = append(themes, activity.AllThematics.Label(t))
	}
	summary := strings.Join(themes, ", ")
	if a.Kind == activity.Collectif {
		title := a.Title
		if !mine {
			title = "Atelier"
		}
		summary = title + " — " + strconv.Itoa(a.Public.Total) + " participant(s) ; " + summary
	}
	if a.PassRedemption != 0 {
		summary += " ; payée par le Pass numérique (utilisation n° " + strconv.FormatInt(a.PassRedemption, 10) + ")"
	}
	id := strconv.FormatInt(a.ID, 10)
	line := activityLine{ID: a.ID, What: activity.Kinds.Label(a.Kind), Date: dayText(a.Date), Where: where,
		Summary: strings.TrimPrefix(summary, " — "), DeleteURL: "/activites/saisies/" + id + "/supprimer"}
	if mine {
		line.EditURL = "/activites/saisies/" + id
	}
	return line
}

// lieuxActedFor lists the places whose claim the account had approved.
func (s *Server) lieuxActedFor(ctx context.Context, u *account.User) []lieuChoice {
	claims, err := s.store.Claims(ctx, store.StatusApproved, u.ID)
	if err != nil {
		return nil
	}
	var out []lieuChoice
	for _, c := range claims {
		if l, ok := s.indexOf(ctx).Lieu(c.LieuID); ok {
			out = append(out, lieuChoice{ID: l.ID, Nom: l.Nom})
		}
	}
	return out
}

func activityFlash(r *http.Request) string {
	return map[string]string{
		"activite-enregistree":     "Activité enregistrée.",
		"activite-modifiee":        "Activité modifiée.",
		"activite-supprimee":       "Activité supprimée.",
		"agregat-enregistre":       "Agrégat mensuel enregistré.",
		"agregat-supprime":         "Agrégat mensuel supprimé.",
		"coordination-enregistree": "Activité de coordination enregistrée.",
		"coordination-supprimee":   "Activité de coordination supprimée.",
	}[r.URL.Query().Get("message")]
}

// monthText writes YYYY-MM as « novembre 2026 ».
func monthText(m string) string {
	t := dayText(m + "-01")
	if i := strings.Index(t, " "); i >= 0 {
		return t[i+1:]
	}
	return m
}

// formID reads the {n} of a path: failure.NotFound when it is not a number.
func formID(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil || n <= 0 {
		return 0, failure.Errorf(failure.NotFound, "Cette page n'existe pas, ou plus.")
	}
	return n, nil
}

// readForm parses a POSTed form of at most 64 KB.
func readForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return failure.Errorf(failure.Invalid, "Formulaire illisible ou trop volumineux.")
	}
	return nil
}

// problemsOf returns the problems of an invalid entry (nil for another
// failure).
func problemsOf(err error) activity.Problems {
	var ps activity.Problems
	if errors.As(err, &ps) {
		return ps
	}
	return nil
}

// formErrors are a form's problems as the page shows them: a list, and
// each field's message id.
type formErrors struct {
	List    []activity.Problem
	Invalid map[string]string // field → id of its message
}

func newFormErrors(ps activity.Problems) formErrors {
	fe := formErrors{List: ps, Invalid: map[string]string{}}
	for i, p := range ps {
		if _, ok := fe.Invalid[p.Field]; !ok {
			fe.Invalid[p.Field] = "erreur-" + strconv.Itoa(i)
		}
	}
	return fe
}

// entrySave is what one page gives saveEntry: how it says its form again
// and what differs from one entry to another.
type entrySave struct {
	// redisplay shows the form again, as typed, with its problems.
	redisplay func(status int, ps activity.Problems)
	// placeProblems refuses a place the account does not act for
	// (403, before storing); nil when the entry has no such check.
	placeProblems func() activity.Problems
	// save adds or updates the entry in the store, with the request's actor.
	save func() error
	// refusal reads an error of save the form can say (with its
	// status; nil problems when it cannot); nil when there is none.
	refusal func(err error) (status int, ps activity.Problems)
	// message is the list's message once saved.
	message string
}

// saveEntry ends the save of an entry of the activities' pages (an
// activity, an aggregate, a coordination activity) once its form is read
// and checked: the form again with the problems found (422), those of its
// place (403) or those the store finds (422, or the page's refusal);
// another failure as such; else the list saying the page's message.
func (s *Server) saveEntry(w http.ResponseWriter, r *http.Request, ps activity.Problems, e entrySave) {
	if len(ps) > 0 {
		e.redisplay(http.StatusUnprocessableEntity, ps)
		return
	}
	if e.placeProblems != nil {
		if ps := e.placeProblems(); ps != nil {
			e.redisplay(http.StatusForbidden, ps)
			return
		}
	}
	err := e.save()
	if ps := problemsOf(err); ps != nil {
		e.redisplay(http.StatusUnprocessableEntity, ps)
		return
	}
	if err != nil && e.refusal != nil {
		if status, ps := e.refusal(err); ps != nil {
			e.redisplay(status, ps)
			return
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/activites?message="+e.message, http.StatusSeeOther)
}

// deleteEntry deletes an entry of the activities' pages (an activity, an
// aggregate, a coordination activity: its author's, an administrator's
// any) once confirmed, and goes back to the list saying message.
func (s *Server) deleteEntry(w http.ResponseWriter, r *http.Request, del func(ctx context.Context, id, by int64, actor string) error, message string) {
	id, err := formID(r)
	if err == nil {
		err = readForm(w, r)
	}
	if err == nil {
		err = confirmDelete(r)
	}
	if err == nil {
		err = del(r.Context(), id, activiteEditor(currentUser(r)), actor(r))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/activites?message="+message, http.StatusSeeOther)
}

// confirmDelete: a delete form says « confirmer=oui ».
func confirmDelete(r *http.Request) error {
	if r.PostForm.Get("confirmer") != "oui" {
		return failure.Errorf(failure.Invalid, "Confirmez la suppression (confirmer=oui).")
	}
	return nil
}

func atoiField(ps *activity.Problems, field, label, v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		*ps = append(*ps, activity.Problem{Field: field, Value: v, Rule: "nombre", Explanation: "ce n'est pas un nombre entier",
			Message: label + " : « " + v + " » n'est pas un nombre entier"})
	}
	return n
}
