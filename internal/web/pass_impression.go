package web

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/store"
)

// passPrintView is one pass as printed.
type passPrintView struct {
	pass.Pass
	N     int
	QRURL string        // what the QR code encodes
	QR    template.HTML // the QR code, an inline SVG image
}

type passCarnetPrintView struct {
	pass.Carnet
	Passes []passPrintView
}

type passImpressionPage struct {
	pageMeta
	Order       passOrderSummary
	Services    []string
	Carnets     []passCarnetPrintView
	Financeur   string // its structure or name, never its e-mail address: carnets go to the public
	NoQR        bool   // the site's public address is not configured
	Page, Pages int
	PrevURL     string
	NextURL     string
	Back        string
}

// passPrintCarnetsPerPage is how many carnets one print page holds (ten
// QR codes each).
const passPrintCarnetsPerPage = 50

// passQRURL is what the QR code of a pass encodes: the counter page of
// the site's configured public address (never the request's Host), with
// the code escaped (its check character may be * ~ $ or =).
func passQRURL(base, code string) string {
	return base + "/pass/utiliser?code=" + url.QueryEscape(code)
}

// passImpression prints an order's carnets (administrators, the order's
// financeur): an A4 page per carnet, a block per pass with its code, its
// QR code, value, validity, perimeter and the financeur's text.
// ?carnet=CODE prints one carnet; otherwise 50 carnets a page.
func (s *Server) passImpression(w http.ResponseWriter, r *http.Request) {
	o, err := s.passOrderOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	carnets, err := s.store.Carnets(ctx, store.CarnetFilter{OrderID: o.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := passImpressionPage{pageMeta: pageMeta{Title: "Carnets de la commande n° " + strconv.FormatInt(o.ID, 10)},
		Order: s.passOrderSummary(ctx, o), Services: o.Services, Back: SitePath("pass", "commandes", o.ID), Page: 1}
	base := SitePath("pass", "commandes", o.ID, "impression")
	if typed := r.URL.Query().Get("carnet"); typed != "" {
		code := pass.Canonical(typed, pass.KindCarnet)
		var one []pass.Carnet
		for _, c := range carnets {
			if c.Code == code {
				one = append(one, c)
			}
		}
		if len(one) == 0 {
			s.fail(w, r, failure.Errorf(failure.NotFound, "Le carnet « %s » n'est pas de cette commande.", typed))
			return
		}
		carnets = one
		p.Title = "Carnet " + code
	} else {
		p.Pages = (len(carnets) + passPrintCarnetsPerPage - 1) / passPrintCarnetsPerPage
		if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n >= 1 && n <= p.Pages {
			p.Page = n
		}
		if p.Page > 1 {
			p.PrevURL = base + "?page=" + strconv.Itoa(p.Page-1)
		}
		if p.Page < p.Pages {
			p.NextURL = base + "?page=" + strconv.Itoa(p.Page+1)
		}
		carnets = carnets[min((p.Page-1)*passPrintCarnetsPerPage, len(carnets)):min(p.Page*passPrintCarnetsPerPage, len(carnets))]
	}
	if u, err := s.store.User(ctx, o.Financeur); err == nil {
		p.Financeur = cmp.Or(u.Structure, u.Name)
	}
	site, ok := s.absoluteURL("")
	p.NoQR = !ok
	for _, c := range carnets {
		passes, err := s.store.Passes(ctx, o.ID, c.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v := passCarnetPrintView{Carnet: c}
		for i, ps := range passes {
			pv := passPrintView{Pass: ps, N: i + 1}
			if ok {
				pv.QRURL = passQRURL(site, ps.Code)
				pv.QR = qrSVG(pv.QRURL, "Code QR du pass "+ps.Code)
			}
			v.Passes = append(v.Passes, pv)
		}
		p.Carnets = append(p.Carnets, v)
	}
	s.render(w, r, http.StatusOK, "pass_impression.html", p)
}
