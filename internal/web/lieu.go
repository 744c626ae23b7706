package web

import (
	"net/http"
	"net/url"

	"maillage/internal/account"
	"maillage/internal/place"
)

type lieuPage struct {
	pageMeta
	Lieu         *place.Lieu
	Status       openStatus
	Week         []weekRow
	Back         string
	PrintURL     string
	Sent         bool
	Report       place.Report
	ReportError  string
	ReportFields any
	CanPublish   bool // the signed-in account's edits are published at once
	Moderator    bool
}

func (s *Server) lieuPage(r *http.Request, l *place.Lieu) lieuPage {
	now := s.cfg.Now()
	back := "/"
	if ref := r.Header.Get("Referer"); ref != "" {
		if u, err := url.Parse(ref); err == nil && u.Host == r.Host && (u.Path == "/recherche") {
			back = u.RequestURI()
		}
	}
	p := lieuPage{
		pageMeta: pageMeta{Title: l.Nom, Description: l.PresentationResume},
		Lieu:     l, Status: statusOf(l, now), Week: weekTable(l, now), Back: back,
		PrintURL: "/lieux/" + url.PathEscape(l.ID) + "/fiche", ReportFields: place.ReportFields,
		Sent: r.URL.Query().Get("signalement") == "envoye",
	}
	p.Flash = flash(r)
	if u := currentUser(r); u != nil {
		p.CanPublish = s.rightToEdit(r, u, l) == account.Publish
		p.Moderator = account.Moderators.Allows(u)
	}
	return p
}

// lieu is a place's page: /lieux/{id}
func (s *Server) lieu(w http.ResponseWriter, r *http.Request) {
	l, ok := s.index.Load().Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "lieu.html", s.lieuPage(r, l))
}
