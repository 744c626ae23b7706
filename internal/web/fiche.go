package web

import (
	"html/template"
	"net/http"
	"time"

	"maillage/internal/place"
	"maillage/internal/search"
)

type ficheItem struct {
	Hit search.Hit
	// Week is the place's usual week (regularWeek): paper has no dates.
	Week []weekRow
	// Closures say the temporary closures that have not ended, with their
	// dates and when the place reopens (closureNotice).
	Closures []string
}

func ficheItemOf(h search.Hit, now time.Time) ficheItem {
	return ficheItem{Hit: h, Week: regularWeek(h.Lieu, now), Closures: closureNotices(h.Lieu, now)}
}

// closureNotices say the closures of l that have not ended on now's day,
// in the order they begin (closureNotice).
func closureNotices(l *place.Lieu, now time.Time) []string {
	var out []string
	for _, c := range place.Upcoming(l.Closures, today(now)) {
		out = append(out, closureNotice(l, c))
	}
	return out
}

type fichePage struct {
	Title  string
	Intro  string
	Items  []ficheItem
	QR     template.HTML
	Online string
	Back   string
	Today  string
}

// ficheLimit is how many places an orientation sheet lists.
const ficheLimit = 6

// fiche is the printable orientation sheet of a search: /fiche?…
func (s *Server) fiche(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	v.Set("par_page", "6")
	r.URL.RawQuery = v.Encode()
	p, perr := s.resultsFor(r, "/recherche")
	if perr != nil {
		s.render(w, r, http.StatusBadRequest, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Fiche impossible"},
			Message: "Un paramètre de la recherche n'est pas valide : " + perr.Param + "."})
		return
	}
	now := p.Req.Now
	f := fichePage{Title: "Où trouver de l'aide pour le numérique", Today: frenchDate(now)}
	if p.Where != "" {
		f.Intro = "Lieux " + p.Where + "."
	}
	for _, it := range p.Items {
		if len(f.Items) == ficheLimit {
			break
		}
		f.Items = append(f.Items, ficheItemOf(it.Hit, now))
	}
	q := cloneValues(p.Req.URL)
	q.Del("par_page")
	f.Back = "/recherche?" + q.Encode()
	if online, ok := s.absoluteURL(f.Back); ok {
		f.Online = online
		f.QR = qrSVG(online, "Code QR vers la recherche en ligne")
	}
	s.render(w, r, http.StatusOK, "fiche.html", f)
}

// lieuFiche is the printable sheet of one place: /lieux/{id}/fiche
func (s *Server) lieuFiche(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.lieuAilleurs(w, r, r.PathValue("id"), false, "fiche")
		return
	}
	now := s.cfg.Now()
	page := SitePath("lieux", l.ID)
	f := fichePage{Title: l.Nom, Items: []ficheItem{ficheItemOf(search.Hit{Lieu: l, DistanceKm: -1}, now)},
		Back: page, Today: frenchDate(now)}
	if online, ok := s.absoluteURL(page); ok {
		f.Online = online
		f.QR = qrSVG(online, "Code QR vers la page du lieu")
	}
	s.render(w, r, http.StatusOK, "fiche.html", f)
}
