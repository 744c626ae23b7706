package web

import (
	"context"
	"net/url"
	"time"

	"maillage/internal/french"
	"maillage/internal/harvest"
	"maillage/internal/place"
	"maillage/internal/store"
)

// The freshness of a place's information (place.Freshness): shown on its
// page, given by the API, counted per source for the coordinators.

// appendFreshness adds "fraicheur" to the JSON object that ends b.
func appendFreshness(b []byte, l *place.Lieu, day time.Time) []byte {
	b = b[:len(b)-1]
	b = append(b, `,"fraicheur":"`...)
	b = append(b, l.Freshness(day).Code()...)
	return append(b, `"}`...)
}

// freshnessView is a place's freshness as its page says it.
type freshnessView struct {
	Code, Label string
	Date, Age   string // "" when date_maj is unknown
	Flagged     bool
	Why         string
}

func freshnessOf(l *place.Lieu, now time.Time) freshnessView {
	day := today(now)
	f := l.Freshness(day)
	v := freshnessView{Code: f.Code(), Label: f.Label(), Flagged: f != place.Fresh}
	if !l.DateMaj.IsZero() {
		v.Date = french.Date(l.DateMaj)
		switch m := place.MonthsSince(l.DateMaj, day); {
		case m == 0 && l.DateMaj.Equal(day):
			v.Age = "aujourd'hui"
		case m == 0:
			v.Age = "il y a moins d'un mois"
		default:
			v.Age = "il y a " + french.Count(m, "mois", "mois")
		}
	}
	switch f {
	case place.ToCheck:
		v.Why = "ces informations n'ont pas été confirmées depuis plus d'un an ; elles ont pu changer : appelez le lieu avant de vous déplacer"
	case place.ToUpdate:
		v.Why = "ces informations n'ont pas été confirmées depuis plus d'un an et demi ; elles sont peut-être dépassées : appelez le lieu avant de vous déplacer"
	}
	return v
}

// sourceLink is a source of a place as coordinators see it: its name,
// its type and its address when it is a declared source on the web.
type sourceLink struct {
	Name, Type, URL string
	// Address is where the source is read, as text (its URL without
	// what may carry a key, a file, or the API a Coop or data·inclusion
	// source reads): coordinators forward a report there.
	Address string
}

// sourceLinks are the sources of a place's current records, with what
// the declared ones say about themselves.
func (s *Server) sourceLinks(ctx context.Context, id string) []sourceLink {
	var out []sourceLink
	for _, name := range s.sourceNames(ctx, id) {
		link := sourceLink{Name: name}
		if src, err := s.store.Source(ctx, name); err == nil {
			link.Type = sourceTypeLabel(src.Type)
			if u, err := url.Parse(src.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
				// Without what may carry a key (user:password@, the query).
				u.User, u.RawQuery = nil, ""
				link.URL = u.String()
			} else if src.Type == store.SourceDataGouv && src.URL != "" {
				link.URL = "https://www.data.gouv.fr/fr/datasets/" + url.PathEscape(src.URL) + "/"
			}
			var opt harvest.Options
			if s.cfg.Harvest != nil {
				opt = *s.cfg.Harvest
			}
			link.Address = store.WithoutSecrets(harvest.Address(src, opt))
			if link.URL != "" {
				link.Address = link.URL
			}
		}
		out = append(out, link)
	}
	return out
}
