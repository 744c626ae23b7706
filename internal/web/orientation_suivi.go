package web

import (
	"net/http"
	"strconv"

	"maillage/internal/failure"
	"maillage/internal/orientation"
	"maillage/internal/place"
)

var (
	errOrientationNotFound = failure.Errorf(failure.NotFound, "Orientation introuvable.")
	errOrientationNotYours = failure.Errorf(failure.Forbidden, "Cette orientation n'est pas la vôtre : chacun ne voit que les orientations qu'il a faites (les coordinateurs voient les flux de leur territoire, pas les orientations une à une).")
)

type orientationEventView struct {
	When, Label, Detail string
	LieuID, LieuNom     string // a redirection's place
}

type orientationView struct {
	orientation.Orientation
	StatusLabel string
	ModeLabel   string
	AgeLabel    string
	CommuneText string
	When        string
	Events      []orientationEventView
	URL         string
	// RedirectedNom names the place the person was sent on to;
	// OrientAgainURL orients to it.
	RedirectedNom  string
	OrientAgainURL string
}

type orientationSuiviPage struct {
	pageMeta
	O      orientationView
	Lieu   *place.Lieu // nil when no longer published
	MailTo string
	NoSite bool // the site has no public address: the place was not told
}

// ownOrientation reads the orientation {n} of the signed-in prescriber:
// another's is refused (403), whatever the reader's role.
func (s *Server) ownOrientation(r *http.Request) (orientation.Orientation, error) {
	id, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil || id <= 0 {
		return orientation.Orientation{}, errOrientationNotFound
	}
	o, err := s.store.Orientation(r.Context(), id)
	if err != nil {
		return o, err
	}
	if u := currentUser(r); u == nil || u.ID != o.Prescriber {
		return orientation.Orientation{}, errOrientationNotYours
	}
	return o, nil
}

func (s *Server) orientationView(r *http.Request, o orientation.Orientation) orientationView {
	ix := s.indexOf(r.Context())
	v := orientationView{Orientation: o, StatusLabel: o.Status.Label(), ModeLabel: o.Mode.Label(), AgeLabel: ageBandLabels[o.Age],
		CommuneText: communeText(ix.Referential(), o.Commune), When: frenchDateMinute(o.Created), URL: SitePath("orientations", o.ID)}
	if o.RedirectedTo != "" {
		v.RedirectedNom, v.OrientAgainURL = o.RedirectedTo, orientURL(o.RedirectedTo, []string{o.Need})
		if l, ok := ix.Lieu(o.RedirectedTo); ok {
			v.RedirectedNom = l.Nom
		}
	}
	for _, e := range o.Events {
		ev := orientationEventView{When: frenchDateMinute(e.At), Label: capitalize(e.Status.Label())}
		switch e.Status {
		case orientation.Envoyee:
			ev.Label = "Orientation envoyée"
		case orientation.Impossible:
			ev.Detail = capitalize(e.Reason.Label())
			if e.Detail != "" {
				ev.Detail += " : " + e.Detail
			}
		case orientation.Reorientee:
			ev.LieuID, ev.LieuNom = e.LieuID, e.LieuID
			if l, ok := ix.Lieu(e.LieuID); ok {
				ev.LieuNom = l.Nom
			}
		}
		v.Events = append(v.Events, ev)
	}
	return v
}

// orientationSuivi is the prescriber's page of one orientation: where it
// stands, its events, and the slip to hand to the person.
func (s *Server) orientationSuivi(w http.ResponseWriter, r *http.Request) {
	o, err := s.ownOrientation(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := orientationSuiviPage{pageMeta: pageMeta{Title: "Orientation vers " + o.LieuNom, Nav: "espace"}, O: s.orientationView(r, o)}
	if r.URL.Query().Get("message") == "envoyee" {
		p.Flash = "Orientation enregistrée. Remettez à la personne le papier ci-dessous (à imprimer, ou par SMS)."
	}
	if l, ok := s.indexOf(r.Context()).Lieu(o.LieuID); ok {
		p.Lieu = l
		if len(l.Courriels) > 0 {
			p.MailTo = l.Courriels[0]
		}
	}
	_, hasSite := s.absoluteURL("")
	p.NoSite = !hasSite
	s.render(w, r, http.StatusOK, "orientation_suivi.html", p)
}
