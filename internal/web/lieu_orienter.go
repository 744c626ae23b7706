package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/orientation"
	"maillage/internal/pass"
	"maillage/internal/place"
)

// Orienting a person (issue 11 §1). Any signed-in account may orient: a
// social worker, a France Services agent, a médiateur. No role is added:
// an orientation gives no right over anyone else's data, its author alone
// reads it (a coordinator sees only the flows of their territory), and
// the médiateurs who orient are already contributeurs.

type choice struct {
	ID, Value, Label string
	Checked          bool
}

type orienterPage struct {
	pageMeta
	Lieu     *place.Lieu
	Needs    []choice
	Modes    []choice
	Ages     []choice
	NoMail   bool   // the place publishes no e-mail address
	NoSite   bool   // the site has no public address: no link can be sent (createOrientation)
	MailTo   string // the address the place is told at
	Error    string
	ErrorFor string
	Form     struct{ Commune, Reference, Message string }
	// Closures say the place's temporary closures that cover today or
	// begin within closureWarningDays (closureNotice); ClosedNow: one
	// covers today.
	Closures  []string
	ClosedNow bool
}

// closureWarningDays: the form to orient a person warns of the closures
// that begin within so many days.
const closureWarningDays = 30

// lieuOrienter is the form « Orienter une personne » of a place.
func (s *Server) lieuOrienter(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.lieuAilleurs(w, r, r.PathValue("id"), false, "orienter")
		return
	}
	q := r.URL.Query()
	s.renderOrienter(w, r, http.StatusOK, l, orientation.Orientation{Need: q.Get("besoin")}, "", "", "")
}

func (s *Server) renderOrienter(w http.ResponseWriter, r *http.Request, status int, l *place.Lieu, o orientation.Orientation, commune, msg, field string) {
	p := orienterPage{pageMeta: pageMeta{Title: "Orienter une personne vers " + l.Nom, Nav: "espace"}, Lieu: l, Error: msg, ErrorFor: field}
	p.Form.Commune, p.Form.Reference, p.Form.Message = commune, o.Reference, o.Message
	needs := l.Services
	if len(needs) == 0 {
		needs = place.Services.Values
	}
	if o.Need == "" && len(needs) == 1 {
		o.Need = needs[0]
	}
	for i, n := range needs {
		p.Needs = append(p.Needs, choice{ID: fmt.Sprint("besoin-", i), Value: n, Label: n + " — " + serviceWords[n], Checked: n == o.Need})
	}
	if o.Mode == "" {
		o.Mode = orientation.SansRendezVous
	}
	for i, m := range orientation.Modes {
		p.Modes = append(p.Modes, choice{ID: fmt.Sprint("modalite-", i), Value: string(m), Label: capitalize(m.Label()), Checked: m == o.Mode})
	}
	p.Ages = append(p.Ages, choice{ID: "age-0", Value: "", Label: "Non renseignée", Checked: o.Age == ""})
	for i, a := range pass.AgeBands {
		p.Ages = append(p.Ages, choice{ID: fmt.Sprint("age-", i+1), Value: string(a), Label: capitalize(ageBandLabels[a]), Checked: a == o.Age})
	}
	day := today(s.cfg.Now())
	_, p.ClosedNow = place.ClosedOn(l.Closures, day)
	for _, c := range place.Upcoming(l.Closures, day) {
		if c.From.After(day.AddDate(0, 0, closureWarningDays)) {
			break
		}
		p.Closures = append(p.Closures, closureNotice(l, c))
	}
	if len(l.Courriels) == 0 {
		p.NoMail = true
	} else {
		p.MailTo = l.Courriels[0]
	}
	_, hasSite := s.absoluteURL("")
	p.NoSite = !hasSite
	s.render(w, r, status, "orienter.html", p)
}

// orientURL is the form to orient a person to a place, with the need
// filled in when one only is given (the search's).
func orientURL(lieuID string, needs []string) string {
	u := SitePath("lieux", lieuID, "orienter")
	if len(needs) == 1 {
		u += "?" + url.Values{"besoin": needs}.Encode()
	}
	return u
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// lieuOrienterEnvoi records an orientation, tells the place by e-mail with
// its answer link, and shows the orientation with its slip.
func (s *Server) lieuOrienterEnvoi(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.lieuAilleurs(w, r, r.PathValue("id"), false, "orienter")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Formulaire illisible ou trop volumineux."))
		return
	}
	f := r.PostForm
	o := orientation.Orientation{Need: f.Get("besoin"), LieuID: l.ID, Mode: orientation.Mode(f.Get("modalite")), Age: pass.AgeBand(f.Get("age")),
		Reference: f.Get("reference"), Message: f.Get("message"), Prescriber: u.ID}
	communeTyped := strings.TrimSpace(f.Get("commune"))
	refuse := func(field string, err error) {
		s.renderOrienter(w, r, http.StatusUnprocessableEntity, l, o, communeTyped, failure.MessageOf(err), field)
	}
	commune, err := residenceCommune(s.indexOf(r.Context()).Referential(), communeTyped)
	if err != nil {
		refuse("commune", err)
		return
	}
	o.Commune = commune
	created, _, err := s.createOrientation(r.Context(), o, l)
	if err != nil {
		if failure.CodeOf(err) == failure.Invalid {
			refuse(orienterField(o, s.thisYear()), err)
			return
		}
		if failure.CodeOf(err) == failure.TooMany {
			setRetryAfter(w, err)
			s.renderOrienter(w, r, http.StatusTooManyRequests, l, o, communeTyped, failure.MessageOf(err), "")
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("orientations", created.ID)+"?message=envoyee", http.StatusSeeOther)
}

// orienterField says which field an invalid orientation's message is
// about, for aria-invalid (the first one wrong).
func orienterField(o orientation.Orientation, year int) string {
	o.Normalize()
	switch {
	case !place.Services.Contains(o.Need):
		return "besoin-"
	case !o.Mode.Valid():
		return "modalite-"
	case !pass.ValidAgeBand(o.Age):
		return "age-"
	case len([]rune(o.Reference)) > orientation.MaxReference || orientation.HasPersonalData(o.Reference, year):
		return "reference"
	}
	return "message"
}

// createOrientation records an orientation with a new answer link, and
// e-mails the link to the place's first published address (in the
// background; nothing is sent without a public address of the site, and
// the log and the prescriber's pages say the place was not told).
// The page and the API both create through it.
func (s *Server) createOrientation(ctx context.Context, o orientation.Orientation, l *place.Lieu) (orientation.Orientation, string, error) {
	o.Normalize()
	if err := o.Validate(s.thisYear()); err != nil {
		return o, "", err
	}
	if len(l.Services) > 0 && !slices.Contains(l.Services, o.Need) {
		return o, "", &failure.Error{Code: failure.Invalid, Message: fmt.Sprintf("Ce lieu ne propose pas « %s » : choisissez un de ses services, ou un autre lieu.", o.Need),
			Err: &orientation.FieldError{Field: "besoin", Value: o.Need, Rule: "service-absent-du-lieu"}}
	}
	if err := s.orientationAllowed(ctx, o.Prescriber, l.ID); err != nil {
		return o, "", err
	}
	token, hash := account.NewToken()
	created, err := s.store.CreateOrientation(ctx, o, hash)
	if err != nil {
		if gerr := s.orientationNotSent(ctx, o.Prescriber, l.ID, true); gerr != nil {
			s.log.Warn("orientation : compte des envois non rendu", "err", gerr)
		}
		return created, "", err
	}
	switch s.placeNotTold(l) {
	case notToldNoSite:
		// No answer link can be built: no e-mail, and no reminder or
		// follow-up later (orientationMails); the pages say so.
		s.log.Warn("orientation : lieu non prévenu, l'adresse publique du site n'est pas configurée (--url-publique) : "+
			"aucun courriel, rappel ou relance ne lui sera envoyé", "orientation", created.ID)
	case "":
		to, prescriber := l.Courriels[0], s.prescriberText(ctx, created.Prescriber)
		s.background(func(ctx context.Context) {
			if err := s.mailOrientation(ctx, to, created, prescriber, token, mailNew, created.Created); err != nil {
				s.log.Warn("orientation : courriel au lieu non envoyé (un rappel partira)", "orientation", created.ID, "err", err)
			}
		})
	}
	return created, token, nil
}

// Why an orientation tells its place nothing (the API's
// motif_non_prevenu): the place publishes no e-mail address, or the site
// has no public address, so no answer link can be built.
const (
	notToldNoMail = "lieu-sans-courriel"
	notToldNoSite = "site-sans-adresse-publique"
)

// placeNotTold says why an orientation to l is e-mailed to no one
// (notToldNoMail, notToldNoSite), or "" when its first published address
// gets the answer link.
func (s *Server) placeNotTold(l *place.Lieu) string {
	if len(l.Courriels) == 0 {
		return notToldNoMail
	}
	if _, ok := s.absoluteURL(""); !ok {
		return notToldNoSite
	}
	return ""
}

// prescriberText is how the place reads who oriented: their structure
// and e-mail address (a professional's, never the person's).
func (s *Server) prescriberText(ctx context.Context, id int64) string {
	p, err := s.store.User(ctx, id)
	if err != nil {
		return ""
	}
	who := p.Email
	if p.Name != "" {
		who = p.Name + " <" + p.Email + ">"
	}
	if p.Structure != "" {
		who += ", " + p.Structure
	}
	return who
}

// answerPath is the address of an answer link.
func answerPath(token string) string { return "/orientations/reponse?jeton=" + token }

// orientationMail is which e-mail about an orientation a place gets.
type orientationMail int

const (
	mailNew           orientationMail = iota // a person was just oriented to it
	mailReminder                             // it has not answered after orientation.ReminderAfter
	mailFollowUp                             // it answered « reçue »: the link for what comes next
	mailStillReceived                        // it answered « reçue » orientation.ReminderAfter ago and nothing since: did the person come?
)

// mailOrientation writes to a place: an orientation, its reminder, the
// link that follows « reçue », or the follow-up of a « reçue » left so
// (each with its own subject and opening, so that the place does not take
// it for a second person). The link sent at
// linkSent serves until o.LinkEnd(linkSent), a date the e-mail gives.
func (s *Server) mailOrientation(ctx context.Context, to string, o orientation.Orientation, prescriber, token string, kind orientationMail, linkSent time.Time) error {
	link, ok := s.absoluteURL(answerPath(token))
	if !ok {
		return fmt.Errorf("adresse publique du site non configurée (--url-publique) : pas de lien à envoyer")
	}
	var b strings.Builder
	b.WriteString("Bonjour,\n\n")
	var subject, ask string
	switch kind {
	case mailReminder:
		subject = fmt.Sprintf("Rappel : une personne vous a été orientée le %s", frenchDate(o.Created))
		fmt.Fprintf(&b, "Le %s, une personne a été orientée vers %s ; nous n'avons pas encore votre réponse.\n\n", frenchDate(o.Created), o.LieuNom)
		ask = "Dites-nous ce qu'il en est (reçue, la personne est venue, réorientée, impossible)"
	case mailFollowUp:
		subject = fmt.Sprintf("Suite de l'orientation du %s : %s", frenchDate(o.Created), o.Need)
		fmt.Fprintf(&b, "Suite de l'orientation du %s vers %s, que vous avez notée « reçue » : il s'agit de la même personne, pas d'une nouvelle orientation.\n\n", frenchDate(o.Created), o.LieuNom)
		ask = "Quand vous le saurez, dites-nous la suite (la personne est venue, réorientée, impossible)"
	case mailStillReceived:
		subject = fmt.Sprintf("La personne orientée le %s est-elle venue ?", frenchDate(o.Created))
		fmt.Fprintf(&b, "Le %s, une personne a été orientée vers %s ; vous l'avez notée « reçue » le %s, sans nouvelle depuis. Il s'agit de la même personne, pas d'une nouvelle orientation.\n\n",
			frenchDate(o.Created), o.LieuNom, frenchDate(o.Updated))
		ask = "Dites-nous si la personne est venue (la personne est venue, réorientée, impossible)"
	default:
		subject = fmt.Sprintf("Une personne vous est orientée : %s", o.Need)
		fmt.Fprintf(&b, "Une personne vient d'être orientée vers %s.\n\n", o.LieuNom)
		ask = "Dites-nous ce qu'il en est (reçue, la personne est venue, réorientée, impossible)"
	}
	fmt.Fprintf(&b, "Besoin : %s\nModalité : %s\n", o.Need, o.Mode.Label())
	if o.Reference != "" {
		fmt.Fprintf(&b, "Référence (sur le papier que la personne vous montrera) : %s\n", o.Reference)
	}
	if prescriber != "" {
		fmt.Fprintf(&b, "Orientée par : %s\n", prescriber)
	}
	fmt.Fprintf(&b, "\n%s, sans compte, par ce lien :\n\n%s\n\n", ask, link)
	end := o.LinkEnd(linkSent).In(parisTZ())
	fmt.Fprintf(&b, "Le lien ne sert qu'une fois, jusqu'au %s à %s. Aucune donnée personnelle de la personne n'est enregistrée.\n\n— maillage\n",
		frenchDate(end), hourText(end.Hour()*60+end.Minute()))
	return s.cfg.Mail.Send(ctx, to, subject, b.String())
}
