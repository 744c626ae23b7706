package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/activity"
)

// coordinationPartners is how many partner rows the form offers.
const coordinationPartners = 4

// coordinationForm is a coordination activity's form as typed.
type coordinationForm struct {
	Kind, Date, Duration, Name, Level, Territory, Notes, Tags, TagScope   string
	Mediateurs, Structures, OtherActors, Participants                     string
	AnimationType, AnimationTypeOther, Initiative, AnimationThematicOther string
	EventType, EventTypeOther, OrganiserOther, NatureOther                string
	Checked                                                               map[string]bool // "thematique_animation:reseau"…
	Partners                                                              []activity.Partner
}

type coordinationPage struct {
	pageMeta
	ID     int64
	Action string
	Form   coordinationForm
	V      activityVocab
	Errors formErrors
	Today  string
}

func (s *Server) renderCoordination(w http.ResponseWriter, r *http.Request, status int, id int64, f coordinationForm, ps activity.Problems) {
	for len(f.Partners) < coordinationPartners {
		f.Partners = append(f.Partners, activity.Partner{})
	}
	title := activity.CoordinationKinds.Label(f.Kind) + " : activité de coordination"
	action := "/activites/coordination"
	if id != 0 {
		action += "/" + strconv.FormatInt(id, 10)
	}
	if len(ps) > 0 {
		title = "Erreur — " + title
	}
	s.render(w, r, status, "activites_coordination.html", coordinationPage{pageMeta: pageMeta{Title: title, Nav: "espace"}, ID: id, Action: action,
		Form: f, V: formVocab, Errors: newFormErrors(ps), Today: s.today()})
}

// coordinationNouvelle is the form of a new coordination activity
// (?type=animation, evenement or partenariat).
func (s *Server) coordinationNouvelle(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("type")
	if !activity.CoordinationKinds.Has(kind) {
		kind = activity.Animation
	}
	f := coordinationForm{Kind: kind, Date: s.today(), Level: "departemental", TagScope: "personnel", Checked: map[string]bool{}}
	for _, t := range currentUser(r).Territories {
		if t.Kind == "departement" {
			f.Territory = t.Code
			break
		}
	}
	s.renderCoordination(w, r, http.StatusOK, 0, f, nil)
}

// coordination is the form of a stored coordination activity.
func (s *Server) coordination(w http.ResponseWriter, r *http.Request) {
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
	itoa := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	f := coordinationForm{Kind: c.Kind, Date: c.Date, Duration: itoa(c.Duration), Name: c.Name, Level: c.Level, Territory: c.Territory, Notes: c.Notes,
		Mediateurs: itoa(c.Mediateurs), Structures: itoa(c.Structures), OtherActors: itoa(c.OtherActors), Participants: itoa(c.Participants),
		AnimationType: c.AnimationType, AnimationTypeOther: c.AnimationTypeOther, Initiative: c.Initiative, AnimationThematicOther: c.AnimationThematicOther,
		EventType: c.EventType, EventTypeOther: c.EventTypeOther, OrganiserOther: c.OrganiserOther, NatureOther: c.NatureOther,
		Checked: map[string]bool{}, Partners: c.Partners, TagScope: "personnel"}
	for _, l := range []struct {
		field string
		vs    []string
	}{{"thematique_animation", c.AnimationThematics}, {"organisateur", c.Organisers}, {"nature_partenariat", c.Natures}} {
		for _, v := range l.vs {
			f.Checked[l.field+":"+v] = true
		}
	}
	var names []string
	for _, t := range c.Tags {
		names, f.TagScope = append(names, t.Name), t.Scope
	}
	f.Tags = strings.Join(names, ", ")
	s.renderCoordination(w, r, http.StatusOK, id, f, nil)
}

func (s *Server) coordinationCreer(w http.ResponseWriter, r *http.Request) {
	s.saveCoordination(w, r, 0)
}

func (s *Server) coordinationModifier(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveCoordination(w, r, id)
}

func (s *Server) saveCoordination(w http.ResponseWriter, r *http.Request, id int64) {
	if err := readForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	if id != 0 {
		// Another's: as a missing one (the store refuses the edit of
		// another's in its transaction).
		if _, err := s.readableCoordination(r.Context(), u, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	v := r.PostForm
	f := coordinationForm{Kind: v.Get("type"), Date: v.Get("date"), Duration: v.Get("duree"), Name: v.Get("nom"), Level: v.Get("echelon_territorial"),
		Territory: v.Get("territoire"), Notes: v.Get("notes"), Tags: v.Get("tags"), TagScope: v.Get("portee_tags"),
		Mediateurs: v.Get("mediateurs"), Structures: v.Get("structures"), OtherActors: v.Get("autres_acteurs"), Participants: v.Get("participants"),
		AnimationType: v.Get("type_animation"), AnimationTypeOther: v.Get("type_animation_autre"), Initiative: v.Get("initiative"),
		AnimationThematicOther: v.Get("thematique_animation_autre"), EventType: v.Get("type_evenement"), EventTypeOther: v.Get("type_evenement_autre"),
		OrganiserOther: v.Get("organisateur_autre"), NatureOther: v.Get("nature_partenariat_autre"), Checked: map[string]bool{}}
	var ps activity.Problems
	c := activity.Coordination{ID: id, Kind: f.Kind, Date: f.Date, Name: f.Name, Level: f.Level, Territory: f.Territory, Notes: f.Notes, Account: u.ID,
		Duration: atoiField(&ps, "duree", "Durée", f.Duration), AnimationType: f.AnimationType, AnimationTypeOther: f.AnimationTypeOther,
		Initiative: f.Initiative, AnimationThematicOther: f.AnimationThematicOther, EventType: f.EventType, EventTypeOther: f.EventTypeOther,
		OrganiserOther: f.OrganiserOther, NatureOther: f.NatureOther,
		Mediateurs: atoiField(&ps, "mediateurs", "Médiateurs", f.Mediateurs), Structures: atoiField(&ps, "structures", "Structures", f.Structures),
		OtherActors: atoiField(&ps, "autres_acteurs", "Autres acteurs", f.OtherActors), Participants: atoiField(&ps, "participants", "Participants", f.Participants)}
	for _, l := range []struct {
		field string
		list  *[]string
	}{{"thematique_animation", &c.AnimationThematics}, {"organisateur", &c.Organisers}, {"nature_partenariat", &c.Natures}} {
		for _, x := range v[l.field] {
			f.Checked[l.field+":"+x] = true
			*l.list = append(*l.list, x)
		}
	}
	for i := 0; i < coordinationPartners; i++ {
		p := activity.Partner{Type: v.Get("partenaire_type_" + strconv.Itoa(i)), Name: v.Get("partenaire_nom_" + strconv.Itoa(i))}
		f.Partners = append(f.Partners, p)
		c.Partners = append(c.Partners, p)
	}
	for _, name := range strings.Split(f.Tags, ",") {
		if name = strings.TrimSpace(name); name != "" {
			c.Tags = append(c.Tags, activity.Tag{Scope: f.TagScope, Name: name})
		}
	}
	if len(ps) == 0 {
		c.Normalize()
		ps = c.Validate(s.today())
	}
	if len(ps) == 0 && c.Territory != "" && u.Role != account.Administrateur && !u.CoversScope(account.Scope{Departement: c.Territory}) {
		ps = activity.Problems{activity.NewProblem("territoire", c.Territory, "hors-territoire", "ce département n'est pas de votre territoire")}
	}
	s.saveEntry(w, r, ps, entrySave{
		redisplay: func(status int, ps activity.Problems) { s.renderCoordination(w, r, status, id, f, ps) },
		save: func() (err error) {
			if id == 0 {
				_, err = s.store.AddCoordination(r.Context(), c, actor(r))
			} else {
				_, err = s.store.UpdateCoordination(r.Context(), c, activiteEditor(u), actor(r))
			}
			return err
		},
		message: "coordination-enregistree",
	})
}

// coordinationSupprimer deletes a coordination activity.
func (s *Server) coordinationSupprimer(w http.ResponseWriter, r *http.Request) {
	s.deleteEntry(w, r, func(ctx context.Context, id, by int64, actor string) error {
		if _, err := s.readableCoordination(ctx, currentUser(r), id); err != nil {
			return err // another's: as a missing one
		}
		return s.store.DeleteCoordination(ctx, id, by, actor)
	}, "coordination-supprimee")
}
