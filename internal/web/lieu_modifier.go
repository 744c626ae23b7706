package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/store"
)

// The edit form follows the standard: text fields, the closed lists as
// checkboxes, and opening hours with a per-day editor that writes OSM
// opening_hours. It is checked with the rules of imports and works
// without JavaScript.

type formList struct {
	Field, Title string
	Choices      []checkChoice
}

type dayRow struct {
	Name, Key  string
	From1, To1 string
	From2, To2 string
}

type modifierPage struct {
	pageMeta
	Lieu     *place.Lieu
	New      bool
	Action   string
	Values   map[string]string // text fields as the standard encodes them
	Lists    []formList
	Days     []dayRow
	PHClosed bool
	PerDay   bool   // the hours fit the per-day editor
	Hours    string // the OSM field
	Before   string // the hours the form was opened with
	Problems []place.Problem
	// Errors keep the form from being saved, Warnings only say what to
	// check; Invalid maps the id of an input in error to its message's.
	Errors, Warnings []formProblem
	Invalid          map[string]string
	Kept             []place.Problem // stored problems the edit leaves alone: information, never blocking
	Publishes        bool            // the edit is published at once (else proposed)
	Pass             bool
	// Version is the stored version of the place the form shows
	// (store.Version); Conflict says why the form comes back unsaved.
	Version  string
	Conflict string
	// Origin is the place the form was made from (encodeOrigin), so
	// that a conflict can tell what this person changed; Clashes are the
	// fields changed both by them and by someone else meanwhile.
	Origin  string
	Clashes []clash
	// Busy says the database could not save the form now.
	Busy string
}

// formLists are the closed lists of the form, in order.
var formLists = []struct {
	field, title string
	voc          *place.Vocabulary
}{
	{"services", "Services proposés", place.Services},
	{"publics_specifiquement_adresses", "Publics spécifiquement accueillis", place.Publics},
	{"prise_en_charge_specifique", "Prises en charge spécifiques", place.PrisesEnCharge},
	{"frais_a_charge", "Frais à charge", place.FraisACharge},
	{"modalites_acces", "Modalités d'accès", place.ModalitesAcces},
	{"modalites_accompagnement", "Modalités d'accompagnement", place.ModalitesAccompagnement},
	{"itinerance", "Lieu fixe ou itinérant", place.Itinerances},
	{"dispositif_programmes_nationaux", "Dispositifs et programmes nationaux", place.Dispositifs},
	{"formations_labels", "Formations et labels", place.FormationsLabels},
}

// textFields are the free fields of the form.
var textFields = []string{"nom", "pivot", "adresse", "complement_adresse", "code_postal", "commune", "code_insee", "latitude", "longitude",
	"typologie", "telephone", "courriels", "site_web", "presentation_resume", "presentation_detail", "structure_parente",
	"autres_formations_labels", "fiche_acces_libre", "prise_rdv"}

func (s *Server) modifierPage(l *place.Lieu, isNew bool, u *account.User, publishes bool) modifierPage {
	p := modifierPage{pageMeta: pageMeta{Title: "Modifier « " + l.Nom + " »", Nav: "espace"}, Lieu: l, New: isNew,
		Values: map[string]string{}, Publishes: publishes, Hours: l.Horaires, Before: l.Horaires, Pass: l.PassNumerique}
	p.Action = SitePath("lieux", l.ID, "modifier")
	if !isNew {
		p.Version, p.Origin = store.Version(l), encodeOrigin(l)
	}
	if isNew {
		p.Title = "Proposer un nouveau lieu"
		p.Action = "/contribuer/nouveau-lieu"
	}
	v := l.Values()
	for _, f := range textFields {
		p.Values[f] = v[place.FieldIndex[f]]
	}
	if l.Pivot == "" {
		p.Values["pivot"] = ""
	}
	for _, fl := range formLists {
		list := formList{Field: fl.field, Title: fl.title}
		have := map[string]bool{}
		for _, x := range l.List(place.FieldIndex[fl.field]) {
			have[x] = true
		}
		for i, val := range fl.voc.Values {
			label := val
			if fl.field == "services" {
				label = serviceWords[val] + " (" + val + ")"
			}
			list.Choices = append(list.Choices, checkChoice{ID: fmt.Sprintf("%s-%d", fl.field, i), Value: val, Label: label, Checked: have[val]})
		}
		p.Lists = append(p.Lists, list)
	}
	p.Days, p.PHClosed, p.PerDay = perDay(l.Horaires)
	return p
}

// dayRows shows the per-day editor (openinghours.Editor) as table rows.
func dayRows(e openinghours.Editor) []dayRow {
	days := make([]dayRow, len(e.Days))
	for i, d := range e.Days {
		days[i] = dayRow{Name: weekdays[i], Key: openinghours.DayKeys[i], From1: d[0].From, To1: d[0].To, From2: d[1].From, To2: d[1].To}
	}
	return days
}

// perDay reads opening hours into the editor's rows; ok is false when
// they say more than it can show.
func perDay(src string) (days []dayRow, phClosed, ok bool) {
	e, ok := openinghours.ReadEditor(src)
	return dayRows(e), e.PHClosed, ok
}

// formRaw reads the form into a raw record of the standard. The hours
// come from openinghours.Resolve: what the form cannot show is kept as
// written; hoursErr says, in French, why the hours were refused.
func formRaw(r *http.Request, l *place.Lieu, now time.Time) (raw *place.Raw, days []dayRow, ph bool, hoursErr error) {
	f := r.PostForm
	raw = &place.Raw{Version: "1.0"}
	raw.Values = l.Values()
	for _, name := range textFields {
		raw.Values[place.FieldIndex[name]] = f.Get(name)
	}
	for _, fl := range formLists {
		raw.Values[place.FieldIndex[fl.field]] = strings.Join(f[fl.field], place.ListSeparator)
	}
	var grid *openinghours.Editor
	if f.Get("grille") == "oui" {
		grid = &openinghours.Editor{PHClosed: f.Get("ph_ferme") == "oui"}
		for i, k := range openinghours.DayKeys {
			grid.Days[i][0] = openinghours.Range{From: f.Get("h-" + k + "-de1"), To: f.Get("h-" + k + "-a1")}
			grid.Days[i][1] = openinghours.Range{From: f.Get("h-" + k + "-de2"), To: f.Get("h-" + k + "-a2")}
		}
		days, ph = dayRows(*grid), grid.PHClosed
	} else {
		days, ph, _ = perDay(f.Get("horaires_avant"))
	}
	hours, err := openinghours.Resolve(f.Get("horaires_avant"), grid, f.Get("horaires_osm"))
	if err != nil {
		hours, hoursErr = f.Get("horaires_osm"), err
	}
	raw.Values[place.FHoraires] = hours
	raw.Values[place.FDateMaj] = now.In(openinghours.Paris).Format(place.DateLayout)
	raw.PassNumerique = f.Get("pass_numerique") == "oui"
	return raw, days, ph, hoursErr
}

// hoursProblem shows a refusal of the hours editor among the form's problems.
func hoursProblem(problems []place.Problem, raw *place.Raw, err error) []place.Problem {
	return append(problems, place.Problem{Severity: place.Warning, Field: "horaires", Value: raw.Values[place.FHoraires],
		Rule: place.RuleHours, Message: err.Error()})
}

// blocking are the warnings a form must not leave: values that would be dropped.
var blocking = map[string]bool{place.RulePhone: true, place.RuleEmail: true, place.RuleURL: true, place.RuleClosedList: true,
	place.RuleINSEE: true, place.RuleHours: true, place.RuleCoordinates: true, place.RuleMaxLength: true, place.RulePivot: true}

// checkForm validates a form with the rules of imports.
func checkForm(raw *place.Raw) (place.Lieu, []place.Problem, bool) {
	l, problems, ok := standard.Parser.Parse(raw)
	var shown []place.Problem
	for _, p := range problems {
		if p.Severity == place.Info {
			continue
		}
		shown = append(shown, p)
		if p.Severity == place.Warning && blocking[p.Rule] {
			ok = false
		}
	}
	return l, shown, ok
}

// lieuModifier shows the edit form of a place.
func (s *Server) lieuModifier(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	right := s.rightToEdit(r, u, l)
	cur, err := s.storedLieu(r, l.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "modifier.html", s.modifierPage(&cur, false, u, right == account.Publish))
}

// rightToEdit is what an edit by u of l does when it keeps the place
// where it is.
func (s *Server) rightToEdit(r *http.Request, u *account.User, l *place.Lieu) account.EditRight {
	return s.rightToChange(r, u, l, l)
}

// rightToChange is what an edit by u that turns before into after does.
func (s *Server) rightToChange(r *http.Request, u *account.User, before, after *place.Lieu) account.EditRight {
	return account.RightToEdit(u, s.scope(r.Context(), before), s.scope(r.Context(), after), s.claimed(r, u, before.ID))
}

// lieuModifierEnvoi checks the form; a structure that claimed the place
// and the territory's coordinators publish at once, others propose.
func (s *Server) lieuModifierEnvoi(w http.ResponseWriter, r *http.Request) {
	old, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	if !s.parsePlaceForm(w, r) {
		return
	}
	right := s.rightToEdit(r, u, old)
	cur, err := s.storedLieu(r, old.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version := r.PostForm.Get("version")
	raw, days, ph, hoursErr := formRaw(r, &cur, s.cfg.Now())
	raw.Values[place.FID] = cur.ID
	raw.Values[place.FSource] = cur.Source
	edited, problems, _ := checkForm(raw)
	// Only what the person changed can block the edit: a stored value
	// the rules refuse (hours an import kept as written) is information.
	// A refusal of the hours editor is always the person's.
	problems, kept := splitUntouched(problems, raw, &cur)
	problems = append(problems, fieldSizeProblems(raw)...)
	if hoursErr != nil {
		problems = hoursProblem(problems, raw, hoursErr)
	}
	valid := !blocks(problems) && !cleanedInForm(problems, raw, &edited)
	if valid {
		more := s.checkAddress(r.Context(), raw, &edited, &cur)
		if more = append(more, s.checkPosition(r.Context(), &edited, &cur)...); len(more) > 0 {
			refusals(more)
			problems, valid = append(problems, more...), false
		}
	}
	p := s.modifierPage(&cur, false, u, right == account.Publish)
	s.refill(&p, raw, days, ph, problems)
	p.Kept = kept
	p.Version, p.Origin = version, r.PostForm.Get(originField)
	if !valid {
		s.render(w, r, http.StatusUnprocessableEntity, "modifier.html", p)
		return
	}
	// The patch holds what this person changed from the place their form
	// was made from (its origin); the store applies it to the row as
	// stored, and refuses it only when someone else changed one of these
	// fields meanwhile. Without a readable origin, the form's version must
	// still be the stored one.
	edited.ID = cur.ID
	patch := store.Patch{Base: version, DateMaj: today(s.cfg.Now()), Origin: editOrigin(u), Actor: actor(r)}
	set, from := formChanges(r, &cur, &edited)
	if base, known := formOrigin(r); known && version != store.Version(&cur) {
		set, from = formChanges(r, &base, &edited)
		patch.Base, patch.From = "", from
	} else if version != store.Version(&cur) {
		s.conflictPage(w, r, p, &cur, &edited, store.ErrStale)
		return
	}
	patch.Set = set
	if right = s.rightToChange(r, u, old, &edited); right == account.Publish {
		_, err := s.store.PatchLieu(r.Context(), cur.ID, patch)
		if err != nil {
			if fresh, rerr := s.storedLieu(r, cur.ID); rerr == nil {
				cur = fresh
			}
			s.conflictPage(w, r, p, &cur, &edited, err)
			return
		}
		if err := s.syncOwn(r.Context(), cur.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, SitePath("lieux", old.ID)+"?message=publie", http.StatusSeeOther)
		return
	}
	if len(set) == 0 {
		http.Redirect(w, r, SitePath("lieux", old.ID), http.StatusSeeOther)
		return
	}
	if err := s.checkProposalLimits(r.Context(), u.ID, old.ID); err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := s.store.AddProposal(r.Context(), store.Proposal{LieuID: old.ID, UserID: u.ID, Values: set, Base: from}, actor(r)); err != nil {
		if errors.Is(err, failure.ErrUnavailable) {
			s.busyForm(w, r, p, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("lieux", old.ID)+"?message=propose", http.StatusSeeOther)
}

// refusals marks the problems of the address and position checks as
// errors: each of them keeps the form from being saved.
func refusals(problems []place.Problem) {
	for i := range problems {
		problems[i].Severity = place.Error
	}
}

// setProblems shows a form's problems, errors apart from warnings.
func (p *modifierPage) setProblems(problems []place.Problem) {
	p.Problems = problems
	p.Errors, p.Warnings, p.Invalid = splitProblems(problems)
}

// refill puts what the person typed back into the form.
func (s *Server) refill(p *modifierPage, raw *place.Raw, days []dayRow, ph bool, problems []place.Problem) {
	for _, f := range textFields {
		p.Values[f] = raw.Values[place.FieldIndex[f]]
	}
	for i := range p.Lists {
		have := map[string]bool{}
		for _, x := range strings.Split(raw.Values[place.FieldIndex[p.Lists[i].Field]], place.ListSeparator) {
			have[x] = true
		}
		for j := range p.Lists[i].Choices {
			p.Lists[i].Choices[j].Checked = have[p.Lists[i].Choices[j].Value]
		}
	}
	p.Days, p.PHClosed, p.Hours, p.Pass = days, ph, raw.Values[place.FHoraires], raw.PassNumerique
	p.setProblems(problems)
}

func valuesMap(l *place.Lieu) map[string]string {
	v := l.Values()
	m := map[string]string{}
	for i, name := range place.FieldNames {
		if v[i] != "" {
			m[name] = v[i]
		}
	}
	if l.PassNumerique {
		m["pass_numerique"] = "oui"
	}
	return m
}

// lieuFromValues rebuilds a place from a proposal's values.
func lieuFromValues(m map[string]string) (place.Lieu, error) {
	var v [place.NumFields]string
	for i, name := range place.FieldNames {
		v[i] = m[name]
	}
	l, err := place.Decode(v)
	l.PassNumerique = m["pass_numerique"] == "oui"
	return l, err
}

// contribuerNouveau shows the form of a new place.
func (s *Server) contribuerNouveau(w http.ResponseWriter, r *http.Request) {
	l := &place.Lieu{ID: "nouveau"}
	s.render(w, r, http.StatusOK, "modifier.html", s.modifierPage(l, true, currentUser(r), false))
}

// contribuerNouveauEnvoi queues a new place for the coordinators.
func (s *Server) contribuerNouveauEnvoi(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if !s.parsePlaceForm(w, r) {
		return
	}
	blank := &place.Lieu{ID: "nouveau"}
	raw, days, ph, hoursErr := formRaw(r, blank, s.cfg.Now())
	raw.Values[place.FSource] = "Contribution"
	l, problems, valid := checkForm(raw)
	if hoursErr != nil {
		problems, valid = hoursProblem(problems, raw, hoursErr), false
	}
	if big := fieldSizeProblems(raw); len(big) > 0 {
		problems, valid = append(problems, big...), false
	}
	if cleanedInForm(problems, raw, &l) {
		valid = false
	}
	if valid {
		more := s.checkAddress(r.Context(), raw, &l, nil)
		if more = append(more, s.checkPosition(r.Context(), &l, nil)...); len(more) > 0 {
			refusals(more)
			problems, valid = append(problems, more...), false
		}
	}
	if !valid {
		p := s.modifierPage(blank, true, u, false)
		s.refill(&p, raw, days, ph, problems)
		s.render(w, r, http.StatusUnprocessableEntity, "modifier.html", p)
		return
	}
	if err := s.checkProposalLimits(r.Context(), u.ID, ""); err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := s.store.AddProposal(r.Context(), store.Proposal{UserID: u.ID, Values: valuesMap(&l)}, actor(r)); err != nil {
		if errors.Is(err, failure.ErrUnavailable) {
			p := s.modifierPage(blank, true, u, false)
			s.refill(&p, raw, days, ph, problems)
			s.busyForm(w, r, p, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/espace?message=propose", http.StatusSeeOther)
}
