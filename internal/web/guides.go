package web

import (
	"bytes"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"sync"
	"time"

	"maillage/internal/failure"
	"maillage/internal/guide"
	"maillage/internal/place"
	"maillage/internal/search"
)

// The paper guides: /guides asks for a territory (a commune, an EPCI, a
// département) and optionally a need, then prints the places as an A4
// booklet (cover, index by commune, several places per page, QR codes to
// their pages); `maillage guide` writes the same booklet to a file.

// GuideOptions say what a booklet prints besides its places.
type GuideOptions struct {
	// BaseURL is the site's configured address (never a request's Host):
	// each place's QR code leads to BaseURL/lieux/{id}; "" prints none.
	BaseURL string
	// Source names where the information comes from, on the cover.
	Source string
	// Qualified are the places qualified for the hub's Pass numérique.
	Qualified map[string]bool
	// Now dates the booklet (its day in Paris).
	Now time.Time
	// InlineCSS puts the style sheet in the file (a booklet saved to
	// disk); the site's pages link /static/guide.css (its CSP forbids
	// inline styles).
	InlineCSS bool
}

type guideBooklet struct {
	Title, Territory, Need, Date, Source string
	Count                                int
	Communes                             []guideCommune
	CSS                                  template.CSS
	InlineCSS                            bool
	Back                                 string
}

type guideCommune struct {
	// Anchor is the section's id, Href the index's link to it.
	Anchor, Href, Name string
	Places             []guidePlace
}

type guidePlace struct {
	*place.Lieu
	Hours    []string
	Closures []string
	Pass     bool
	URL      string
	QR       template.HTML
}

var (
	guideTmplOnce sync.Once
	guideTmpl     *template.Template
	guideTmplErr  error
)

func guideTemplate() (*template.Template, error) {
	guideTmplOnce.Do(func() {
		guideTmpl, guideTmplErr = template.New("").Funcs(funcs).ParseFS(templateFS, "templates/guide_livret.html")
	})
	return guideTmpl, guideTmplErr
}

// RenderGuide writes the booklet of g.
func RenderGuide(w io.Writer, g *guide.Guide, o GuideOptions) error {
	t, err := guideTemplate()
	if err != nil {
		return err
	}
	b := guideBooklet{Territory: g.Territory.Name, Date: frenchDate(o.Now), Source: o.Source, Count: g.Count, InlineCSS: o.InlineCSS}
	b.Title = "Guide des lieux de médiation numérique — " + g.Territory.Name
	if g.Service != "" {
		b.Need = serviceWords[g.Service]
		if b.Need == "" {
			b.Need = g.Service
		}
	}
	if o.InlineCSS {
		css, err := fs.ReadFile(staticFS, "static/guide.css")
		if err != nil {
			return err
		}
		b.CSS = template.CSS(css)
	}
	for i, c := range g.Communes {
		gc := guideCommune{Anchor: "commune-" + itoa(i+1), Href: "#commune-" + itoa(i+1), Name: c.Name}
		for _, e := range c.Places {
			p := guidePlace{Lieu: e.Lieu, Hours: e.Hours, Pass: o.Qualified[e.Lieu.ID]}
			for _, cl := range e.Closures {
				p.Closures = append(p.Closures, closureNotice(e.Lieu, cl))
			}
			if o.BaseURL != "" {
				p.URL = o.BaseURL + SitePath("lieux", e.Lieu.ID)
				p.QR = qrSVG(p.URL, "Code QR vers la page de « "+e.Lieu.Nom+" »")
			}
			gc.Places = append(gc.Places, p)
		}
		b.Communes = append(b.Communes, gc)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "guide_livret.html", b); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// guidesPage is the form of /guides.
type guidesPage struct {
	pageMeta
	Kind, Code, Service string
	Kinds               []reasonOption
	Services            []reasonOption
	Error               string
}

// guides is /guides: the form, or with territoire, the booklet.
func (s *Server) guides(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := guidesPage{pageMeta: pageMeta{Title: "Guides à imprimer"}, Kind: v.Get("type"), Code: v.Get("code"), Service: v.Get("service")}
	if p.Kind == "" {
		p.Kind = "departement"
	}
	for _, k := range []reasonOption{{"commune", "Commune"}, {"epci", "Intercommunalité (EPCI)"}, {"departement", "Département"}} {
		p.Kinds = append(p.Kinds, k)
	}
	for _, sv := range place.Services.Values {
		p.Services = append(p.Services, reasonOption{sv, serviceWords[sv]})
	}
	if p.Code == "" {
		s.render(w, r, http.StatusOK, "guides.html", p)
		return
	}
	ix := s.indexOf(r.Context())
	t, err := s.guideTerritory(ix, p.Kind, p.Code)
	if err == nil {
		var g *guide.Guide
		if g, err = guide.Build(ix, t, p.Service, s.cfg.Now()); err == nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			var buf bytes.Buffer
			if err = RenderGuide(&buf, g, GuideOptions{BaseURL: s.cfg.BaseURL, Source: s.guideSource(), Qualified: s.qualifiedLieux(r.Context()), Now: s.cfg.Now()}); err != nil {
				s.fail(w, r, err)
				return
			}
			w.Write(buf.Bytes())
			return
		}
	}
	switch failure.CodeOf(err) {
	case failure.Invalid, failure.NotFound:
		p.Error = failure.MessageOf(err)
		s.render(w, r, http.StatusUnprocessableEntity, "guides.html", p)
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) guideTerritory(ix *search.Index, kind, code string) (guide.Territory, error) {
	return guide.Lookup(kind, code, ix.Referential())
}

// guideSource names the registry on a booklet's cover.
func (s *Server) guideSource() string {
	return GuideSource(s.cfg.Hub.Nom)
}

// GuideSource is the cover's source line for a hub's name ("" when none).
func GuideSource(hub string) string {
	if hub == "" {
		return "Registre des lieux de médiation numérique (standard national des lieux de médiation numérique)"
	}
	return "Registre des lieux de médiation numérique du hub « " + hub + " » (standard national des lieux de médiation numérique)"
}
