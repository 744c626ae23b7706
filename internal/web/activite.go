package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/openinghours"
)

// activityForm is an activity's form as typed.
type activityForm struct {
	Kind, Date, Duration, DurationOther, PlaceType, LieuID, Commune string
	Thematics, Equipment                                            map[string]bool
	Demarche, Tags, TagScope, Notes                                 string
	Autonomy, Redirection, RedirectionLieu, Orientation             string
	Oriented                                                        bool
	Title, Level, Total, AlreadyHelped                              string
	Counts                                                          map[string]string // collectif: genre_feminin…
	Genre, AgeBand, Status, Residence                               string            // individuel: the one person
	PassRedemption, PassCode                                        string
}

type activitePage struct {
	pageMeta
	ID     int64 // 0: a new activity
	Action string
	Form   activityForm
	V      activityVocab
	Errors formErrors
	Lieux  []lieuChoice
	Today  string
	// PassChoices: the Pass redemptions the form offers (an individual
	// accompaniment's); PassLinked says the one it is linked to.
	PassChoices []passChoice
	PassLinked  string
}

// activiteNouvelle is the form of a new activity (?type=collectif for a
// workshop).
func (s *Server) activiteNouvelle(w http.ResponseWriter, r *http.Request) {
	kind := activity.Individuel
	if r.URL.Query().Get("type") == activity.Collectif {
		kind = activity.Collectif
	}
	f := activityForm{Kind: kind, Date: s.today(), Duration: "60", PlaceType: activity.LieuActivite, TagScope: "personnel",
		Thematics: map[string]bool{}, Equipment: map[string]bool{}, Counts: map[string]string{}}
	s.renderActivite(w, r, http.StatusOK, 0, f, nil)
}

func (s *Server) today() string { return s.cfg.Now().In(openinghours.Paris).Format("2006-01-02") }

// thisYear is the year in Paris.
func (s *Server) thisYear() int { return s.cfg.Now().In(openinghours.Paris).Year() }

func (s *Server) renderActivite(w http.ResponseWriter, r *http.Request, status int, id int64, f activityForm, ps activity.Problems) {
	title := "Nouvel accompagnement individuel"
	if f.Kind == activity.Collectif {
		title = "Nouvel atelier collectif"
	}
	action := "/activites"
	if id != 0 {
		title = "Modifier une activité"
		if label := activity.Kinds.Label(f.Kind); label != "" {
			title = "Modifier : " + strings.ToLower(label[:1]) + label[1:]
		}
		action = "/activites/saisies/" + strconv.FormatInt(id, 10)
	}
	if len(ps) > 0 {
		title = "Erreur — " + title
	}
	p := activitePage{pageMeta: pageMeta{Title: title, Nav: "espace"}, ID: id, Action: action, Form: f, V: formVocab, Errors: newFormErrors(ps),
		Lieux: s.lieuxActedFor(r.Context(), currentUser(r)), Today: s.today()}
	if f.Kind == activity.Individuel {
		p.PassChoices, p.PassLinked = s.activityPassChoices(r.Context(), currentUser(r), f, id)
	}
	s.render(w, r, status, "activite.html", p)
}

// activiteCreer records a new activity.
func (s *Server) activiteCreer(w http.ResponseWriter, r *http.Request) {
	s.saveActivite(w, r, 0)
}

// activite is the form of an activity of the account (an administrator's: any).
func (s *Server) activite(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.store.Activity(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	if !s.mayReadActivity(r.Context(), u, a) {
		s.fail(w, r, errActivityHidden)
		return
	}
	if by := activiteEditor(u); by != 0 && a.Account != by {
		s.fail(w, r, failure.Errorf(failure.Forbidden, "Cette activité a été saisie par un autre compte."))
		return
	}
	if a.Source != activity.SourceSaisie {
		s.fail(w, r, failure.Errorf(failure.Conflict, "Cette activité vient d'un import de la Coop (ID CRA %s) : corrigez-la dans la Coop, puis réimportez l'export.", a.CoopID))
		return
	}
	s.renderActivite(w, r, http.StatusOK, id, formOfActivity(a), nil)
}

// activiteModifier saves an edited activity.
func (s *Server) activiteModifier(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveActivite(w, r, id)
}

func (s *Server) saveActivite(w http.ResponseWriter, r *http.Request, id int64) {
	if err := readForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	// The form's type when the one posted is missing or unknown: the
	// stored activity's, a new one's default.
	kind := activity.Individuel
	if id != 0 {
		// Another's that it does not read: as a missing one (the store
		// refuses the edit of another's in its transaction).
		old, err := s.store.Activity(r.Context(), id)
		if err == nil && !s.mayReadActivity(r.Context(), u, old) {
			err = errActivityHidden
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		kind = old.Kind
	}
	f := readActivityForm(r)
	a, ps := activityOfForm(f)
	if !activity.Kinds.Has(f.Kind) {
		// Refused (activityOfForm); the form again, of a type it knows,
		// never echoing the value posted.
		f.Kind = kind
	}
	a.ID, a.Account = id, u.ID
	if a.Commune != "" {
		if c, err := residenceCommune(s.indexOf(r.Context()).Referential(), a.Commune); err == nil {
			a.Commune = c
		}
	}
	if code := strings.TrimSpace(f.PassCode); code != "" && a.Kind == activity.Individuel {
		switch n, p := s.passOfCode(r.Context(), code, a.LieuID); {
		case p != nil:
			ps = append(ps, *p)
		case a.PassRedemption != 0 && a.PassRedemption != n:
			ps = append(ps, activity.NewProblem("code_pass", code, "pass-deux-choix", "ce pass n'est pas l'utilisation choisie dans la liste : gardez l'un ou l'autre"))
		default:
			a.PassRedemption = n
		}
	}
	if len(ps) == 0 {
		a.Normalize()
		ps = a.Validate(s.today())
	}
	msg := "activite-enregistree"
	if id != 0 {
		msg = "activite-modifiee"
	}
	s.saveEntry(w, r, ps, entrySave{
		redisplay:     func(status int, ps activity.Problems) { s.renderActivite(w, r, status, id, f, ps) },
		placeProblems: func() activity.Problems { return s.activityPlaceProblem(r, u, a) },
		save: func() (err error) {
			if id == 0 {
				_, err = s.store.AddActivity(r.Context(), a, actor(r))
			} else {
				_, err = s.store.UpdateActivity(r.Context(), a, activiteEditor(u), actor(r))
			}
			return err
		},
		refusal: func(err error) (int, activity.Problems) {
			if msg := failure.MessageOf(err); strings.Contains(msg, "Pass numérique") &&
				(failure.CodeOf(err) == failure.NotFound || failure.CodeOf(err) == failure.Conflict) {
				// The redemption is unknown, or pays another activity already.
				v := strconv.FormatInt(a.PassRedemption, 10)
				return http.StatusUnprocessableEntity, activity.Problems{activity.NewProblem("utilisation_pass", v, "pass-deja-lie", msg)}
			}
			if failure.CodeOf(err) == failure.NotFound && id == 0 {
				return http.StatusUnprocessableEntity, activity.Problems{{Field: "lieu", Value: a.LieuID, Rule: "lieu-inconnu", Message: failure.MessageOf(err)}}
			}
			return 0, nil
		},
		message: msg,
	})
}

// activiteSupprimer deletes an activity: its author's, one of its
// territory's for a coordinator (activites_acces.go), any for an
// administrator; the store checks it in the deleting transaction.
func (s *Server) activiteSupprimer(w http.ResponseWriter, r *http.Request) {
	by := activityReader(currentUser(r))
	s.deleteEntry(w, r, func(ctx context.Context, id, _ int64, actor string) error {
		return s.store.DeleteActivity(ctx, id, by, actor)
	}, "activite-supprimee")
}

func readActivityForm(r *http.Request) activityForm {
	v := r.PostForm
	f := activityForm{Kind: v.Get("type"), Date: v.Get("date"), Duration: v.Get("duree"), DurationOther: v.Get("duree_autre"), PlaceType: v.Get("type_lieu"),
		LieuID: v.Get("lieu"), Commune: v.Get("commune"), Demarche: v.Get("precisions_demarche"), Tags: v.Get("tags"), TagScope: v.Get("portee_tags"),
		Notes: v.Get("notes"), Autonomy: v.Get("autonomie"), Oriented: v.Get("oriente") == "oui", Redirection: v.Get("structure_redirection"),
		RedirectionLieu: v.Get("lieu_redirection"), Orientation: v.Get("orientation"), Title: v.Get("titre_atelier"), Level: v.Get("niveau"),
		Total: v.Get("participants"), AlreadyHelped: v.Get("deja_accompagne"), Genre: v.Get("genre"), AgeBand: v.Get("tranche_age"),
		Status: v.Get("statut_social"), Residence: v.Get("commune_residence"), PassRedemption: v.Get("utilisation_pass"), PassCode: v.Get("code_pass"),
		Thematics: map[string]bool{}, Equipment: map[string]bool{}, Counts: map[string]string{}}
	for _, t := range v["thematiques"] {
		f.Thematics[t] = true
	}
	for _, t := range v["materiel"] {
		f.Equipment[t] = true
	}
	for _, b := range []struct {
		prefix string
		vocab  activity.Vocabulary
	}{{"genre_", activity.Genders}, {"tranche_", activity.AgeBands}, {"statut_", activity.Statuses}} {
		for _, t := range b.vocab {
			f.Counts[b.prefix+t.Value] = v.Get(b.prefix + t.Value)
		}
	}
	return f
}

// activityOfForm reads the activity a form says, and the problems of
// what is not even a number.
func activityOfForm(f activityForm) (activity.Activity, activity.Problems) {
	var ps activity.Problems
	if !activity.Kinds.Has(f.Kind) {
		// Named even beside the form's other problems (Validate, which
		// names it too, runs only without them); the value is not echoed.
		ps = append(ps, activity.NewProblem("type", "", "type-inconnu", "le type manque ou n'est pas connu (« individuel » ou « collectif ») : le formulaire est remis à son type, vérifiez-le puis enregistrez à nouveau"))
	}
	a := activity.Activity{Kind: f.Kind, Date: f.Date, PlaceType: f.PlaceType, Demarche: f.Demarche, Notes: f.Notes}
	dur := f.Duration
	if dur == "autre" || strings.TrimSpace(f.DurationOther) != "" {
		dur = f.DurationOther
	}
	a.Duration = atoiField(&ps, "duree", "Durée", dur)
	if a.PlaceType == activity.LieuActivite {
		a.LieuID = strings.TrimSpace(f.LieuID)
	} else {
		a.Commune = strings.TrimSpace(f.Commune)
	}
	for _, t := range activity.AllThematics {
		if f.Thematics[t.Value] {
			a.Thematics = append(a.Thematics, t.Value)
		}
	}
	for t := range f.Thematics {
		if !activity.AllThematics.Has(t) {
			a.Thematics = append(a.Thematics, t) // refused by Validate, named
		}
	}
	for _, t := range activity.Equipment {
		if f.Equipment[t.Value] {
			a.Equipment = append(a.Equipment, t.Value)
		}
	}
	for _, name := range strings.Split(f.Tags, ",") {
		if name = strings.TrimSpace(name); name != "" {
			a.Tags = append(a.Tags, activity.Tag{Scope: f.TagScope, Name: name})
		}
	}
	switch f.Kind {
	case activity.Individuel:
		a.PassRedemption = int64(atoiField(&ps, "utilisation_pass", "Utilisation du Pass numérique", f.PassRedemption))
		// The redirection fields are read even when the box is not ticked:
		// the rules then refuse them, naming the box (never dropped).
		a.Autonomy, a.Oriented = f.Autonomy, f.Oriented
		a.Redirection, a.RedirectionLieu = f.Redirection, strings.TrimSpace(f.RedirectionLieu)
		a.Orientation = int64(atoiField(&ps, "orientation", "Numéro de l'orientation", f.Orientation))
		a.Public = activity.Public{Total: 1, Genders: map[string]int{}, AgeBands: map[string]int{}, Statuses: map[string]int{}}
		for _, one := range []struct {
			v string
			m map[string]int
		}{{f.Genre, a.Public.Genders}, {f.AgeBand, a.Public.AgeBands}, {f.Status, a.Public.Statuses}} {
			if one.v != "" {
				one.m[one.v] = 1
			}
		}
		if c := strings.ToUpper(strings.TrimSpace(f.Residence)); c != "" {
			a.Residences = map[string]int{c: 1}
		}
	case activity.Collectif:
		a.Title, a.Level = f.Title, f.Level
		a.Public.Total = atoiField(&ps, "participants", "Participants", f.Total)
		a.Public.AlreadyHelped = atoiField(&ps, "deja_accompagne", "Déjà accompagnés", f.AlreadyHelped)
		a.Public.Genders, a.Public.AgeBands, a.Public.Statuses = map[string]int{}, map[string]int{}, map[string]int{}
		for _, b := range []struct {
			prefix, field string
			vocab         activity.Vocabulary
			m             map[string]int
		}{{"genre_", "genre", activity.Genders, a.Public.Genders}, {"tranche_", "tranche_age", activity.AgeBands, a.Public.AgeBands},
			{"statut_", "statut_social", activity.Statuses, a.Public.Statuses}} {
			for _, t := range b.vocab {
				if n := atoiField(&ps, b.field, t.Label, f.Counts[b.prefix+t.Value]); n != 0 {
					b.m[t.Value] = n
				}
			}
		}
	}
	return a, ps
}

// formOfActivity is the form of a stored activity.
func formOfActivity(a activity.Activity) activityForm {
	itoa := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	f := activityForm{Kind: a.Kind, Date: a.Date, PlaceType: a.PlaceType, LieuID: a.LieuID, Commune: a.Commune, Demarche: a.Demarche, Notes: a.Notes,
		Autonomy: a.Autonomy, Oriented: a.Oriented, Redirection: a.Redirection, RedirectionLieu: a.RedirectionLieu, Orientation: itoa(int(a.Orientation)),
		Title: a.Title, Level: a.Level, Total: strconv.Itoa(a.Public.Total), AlreadyHelped: itoa(a.Public.AlreadyHelped),
		PassRedemption: itoa(int(a.PassRedemption)), TagScope: "personnel",
		Thematics: map[string]bool{}, Equipment: map[string]bool{}, Counts: map[string]string{}}
	f.Duration = "autre"
	f.DurationOther = strconv.Itoa(a.Duration)
	for _, d := range activity.DurationPresets {
		if d == a.Duration {
			f.Duration, f.DurationOther = strconv.Itoa(d), ""
		}
	}
	for _, t := range a.Thematics {
		f.Thematics[t] = true
	}
	for _, t := range a.Equipment {
		f.Equipment[t] = true
	}
	var names []string
	for _, t := range a.Tags {
		names = append(names, t.Name)
		f.TagScope = t.Scope
	}
	f.Tags = strings.Join(names, ", ")
	for i, m := range []map[string]int{a.Public.Genders, a.Public.AgeBands, a.Public.Statuses} {
		prefix := []string{"genre_", "tranche_", "statut_"}[i]
		for k, n := range m {
			f.Counts[prefix+k] = strconv.Itoa(n)
			if a.Kind == activity.Individuel && n == 1 && k != activity.NonCommunique {
				switch i {
				case 0:
					f.Genre = k
				case 1:
					f.AgeBand = k
				case 2:
					f.Status = k
				}
			}
		}
	}
	for c := range a.Residences {
		f.Residence = c
	}
	return f
}
