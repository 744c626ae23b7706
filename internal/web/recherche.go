package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/geocode"
	"maillage/internal/search"
)

// pageMeta is what the layout needs.
type pageMeta struct {
	Title       string
	Description string
	Nav         string
	Embed       bool
	User        *account.User // the signed-in account, set by render
	Flash       string        // a message after an action
}

func (p *pageMeta) setUser(u *account.User) { p.User = u }

type facetValueView struct {
	ID, Param, Value, Label string
	Count                   int
	Selected                bool
}

type facetView struct {
	Name, Title string
	Values      []facetValueView
}

type itemView struct {
	Hit    search.Hit
	Status openStatus
	URL    string
	// Pass: the place is qualified for the Pass numérique of the hub.
	Pass bool
	// OrientURL is « Orienter une personne » (lieu_orienter.go).
	OrientURL string
}

type hidden struct{ Name, Value string }

type candidateView struct{ Label, URL string }

type resultsPage struct {
	pageMeta
	Req            *searchRequest
	Res            search.Result
	Heading        string
	Where          string
	Unresolved     bool
	Candidates     []candidateView
	Items          []itemView
	Start          int
	Facets         []facetView
	KeepForWhere   []hidden
	KeepForFilters []hidden
	FormAction     string
	PrevURL        string
	NextURL        string
	PrintURL       string
	// OrientQuery is what « Orienter une personne » links carry: the need
	// searched for, when one only (lieu_orienter.go).
	OrientQuery string
	EmbedURL    string
	APIURL      string
	ClearURL    string
	WidenURL    string
	MapEnabled  bool
	MapLayers   []mapLayerView // the layers the map offers (carte_couches.go)
	BackQuery   string         // what links to places carry (retour.go)
	TileURL     string
	FilterQuery string
	Zoom        int
}

// facetOrder is the order of the filters on the page.
var facetOrder = []string{
	search.FacetServices, search.FacetHoraires, search.FacetFrais, search.FacetPass, search.FacetQualified, search.FacetPublics,
	search.FacetPriseEnCharge, search.FacetAccompagnement, search.FacetAcces, search.FacetItinerance,
	search.FacetDispositifs, search.FacetLabels, search.FacetTypologie, search.FacetQPV, search.FacetDepartement, search.FacetEPCI,
	search.FacetCommune,
}

// facetParam is the URL parameter of a facet.
func facetParam(name string) string {
	if name == search.FacetPass {
		return "pass_numerique"
	}
	if name == search.FacetQualified {
		return "pass"
	}
	return name
}

// whereParams are the parameters that say where (kept when filters change).
var whereParams = []string{"ou", "lat", "lon", "rayon_km", "tri", "zoom"}

// resultsFor runs the search of a page and prepares what the templates show.
func (s *Server) resultsFor(r *http.Request, base string) (*resultsPage, *ParamError) {
	// The address service is asked at most geocodePerMinute times a
	// minute per client.
	ctx := geocode.WithPermit(r.Context(), func() bool { return s.geocodeLimiter.allow(clientIP(r)) })
	req, perr := s.parseSearch(ctx, r.URL.Query(), true)
	if perr != nil {
		return nil, perr
	}
	ix := s.indexOf(r.Context())
	var res search.Result
	if req.Unresolved {
		// Where the person means is unknown: no list of the whole registry.
		res = search.Result{Page: 1}
	} else {
		res = ix.Search(req.Query)
	}
	p := &resultsPage{Req: req, Res: res, Unresolved: req.Unresolved, FormAction: base, TileURL: s.cfg.TileURL,
		MapEnabled: s.cfg.VendorDir != ""}
	if p.MapEnabled {
		p.MapLayers = s.mapLayers(r.Context(), ix.Referential())
	}
	now := req.Now
	p.Start = (res.Page-1)*max(req.Query.PerPage, 1) + 1
	// A place's page links back to this search (never to a Referer).
	back := ""
	if base == "/recherche" {
		p.BackQuery = backQuery(req, res.Page)
		back = "?" + p.BackQuery
	}
	for _, h := range res.Hits {
		p.Items = append(p.Items, itemView{Hit: h, Status: statusOf(h.Lieu, now), URL: SitePath("lieux", h.Lieu.ID) + back, Pass: req.Query.Qualified[h.Lieu.ID],
			OrientURL: orientURL(h.Lieu.ID, req.Query.Values[search.FacetServices])})
	}
	switch {
	case req.Place != nil:
		p.Heading = "Lieux près " + de(req.Place.Label)
		p.Where = fmt.Sprintf("à moins de %s km %s", strconv.FormatFloat(req.Query.RadiusKm, 'f', -1, 64), de(req.Place.Label))
		if !req.Place.Positioned {
			p.Where = "à " + req.Place.Label
		}
	case req.Query.Center != nil:
		p.Heading = "Lieux autour de vous"
		if req.Query.RadiusKm > 0 {
			p.Where = fmt.Sprintf("à moins de %s km", strconv.FormatFloat(req.Query.RadiusKm, 'f', -1, 64))
		}
	case req.Unresolved:
		p.Heading = "Lieu introuvable : " + req.Ou
	default:
		p.Heading = "Tous les lieux"
	}
	if req.Query.Center != nil && req.Query.RadiusKm > 0 && req.Query.RadiusKm < 50 && res.Total < 5 {
		wider := cloneValues(req.URL)
		wider.Set("rayon_km", "50")
		wider.Del("page")
		p.WidenURL = base + "?" + wider.Encode()
	}
	for _, c := range req.Candidates {
		v := cloneValues(req.URL)
		v.Set("ou", c.Label)
		if c.Positioned {
			v.Set("lat", strconv.FormatFloat(c.Lat, 'f', -1, 64))
			v.Set("lon", strconv.FormatFloat(c.Lon, 'f', -1, 64))
		}
		p.Candidates = append(p.Candidates, candidateView{Label: c.Label, URL: base + "?" + v.Encode()})
	}
	// The place stays when filters change, the filters stay when the place changes.
	for _, name := range whereParams {
		if v := req.URL.Get(name); v != "" {
			p.KeepForFilters = append(p.KeepForFilters, hidden{name, v})
		}
	}
	// A resolved place becomes coordinates, so that the filter form and
	// links do not resolve it again.
	if req.Place != nil && req.Place.Positioned && req.URL.Get("lat") == "" {
		lat := strconv.FormatFloat(req.Place.Lat, 'f', -1, 64)
		lon := strconv.FormatFloat(req.Place.Lon, 'f', -1, 64)
		req.URL.Set("lat", lat)
		req.URL.Set("lon", lon)
		p.KeepForFilters = append(p.KeepForFilters, hidden{"lat", lat}, hidden{"lon", lon})
	}
	for name, vals := range req.URL {
		if slices.Contains(whereParams, name) || name == "page" {
			continue
		}
		for _, v := range vals {
			p.KeepForWhere = append(p.KeepForWhere, hidden{name, v})
		}
	}
	slices.SortStableFunc(p.KeepForWhere, func(a, b hidden) int { return strings.Compare(a.Name, b.Name) })
	for _, name := range facetOrder {
		fvs := res.Facets[name]
		if len(fvs) == 0 {
			continue
		}
		fv := facetView{Name: name, Title: facetTitles[name]}
		if name == search.FacetQPV {
			if v := ix.Referential().QPV.Vintage; v != "" {
				fv.Title = "Quartiers prioritaires (QPV, liste " + v + ")"
			}
		}
		for i, v := range fvs {
			if name == search.FacetCommune && i >= 15 && !v.Selected {
				continue
			}
			value := v.Value
			if name == search.FacetPass {
				value = "oui"
			}
			if name == search.FacetQualified {
				value = "1"
			}
			fv.Values = append(fv.Values, facetValueView{ID: fmt.Sprintf("f-%s-%d", name, i), Param: facetParam(name), Value: value,
				Label: s.valueLabel(r.Context(), name, v.Value), Count: v.Count, Selected: v.Selected})
		}
		p.Facets = append(p.Facets, fv)
	}
	page := func(n int) string {
		v := cloneValues(req.URL)
		v.Set("page", strconv.Itoa(n))
		return base + "?" + v.Encode()
	}
	if res.Page > 1 {
		p.PrevURL = page(res.Page - 1)
	}
	if res.Page < res.Pages {
		p.NextURL = page(res.Page + 1)
	}
	q := cloneValues(req.URL)
	q.Del("page")
	p.PrintURL = "/fiche?" + q.Encode()
	p.EmbedURL = "/integrer?" + q.Encode()
	p.APIURL = "/api/v1/lieux?" + apiValues(req).Encode()
	filters := cloneValues(req.URL)
	for _, name := range append(whereParams, "page", "par_page") {
		filters.Del(name)
	}
	p.FilterQuery = filters.Encode()
	if len(filters) > 0 {
		clear := url.Values{}
		for _, name := range whereParams {
			if v := req.URL.Get(name); v != "" {
				clear.Set(name, v)
			}
		}
		p.ClearURL = base + "?" + clear.Encode()
	}
	p.Zoom = 12
	if req.Query.RadiusKm > 30 {
		p.Zoom = 10
	}
	// An embedding site may choose the zoom of the map.
	if z, err := intParam(r.URL.Query(), "zoom", 0, 1, 18); err == nil && z > 0 {
		p.Zoom = z
		req.URL.Set("zoom", strconv.Itoa(z))
	}
	return p, nil
}

// de writes "de Toulouse", "d'Albi".
func de(name string) string {
	if r := []rune(strings.ToLower(name)); len(r) > 0 && strings.ContainsRune("aeiouyéèêâîôûh", r[0]) {
		return "d'" + name
	}
	return "de " + name
}

// apiValues are the API parameters of a page's search.
func apiValues(req *searchRequest) url.Values {
	v := cloneValues(req.URL)
	v.Del("ou")
	return v
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// recherche is the results page: /recherche?ou=…&services=…
func (s *Server) recherche(w http.ResponseWriter, r *http.Request) {
	s.results(w, r, false)
}

// embedRecherche is the results page without the site's chrome, to be
// framed by partner sites: /embed/recherche?…
func (s *Server) embedRecherche(w http.ResponseWriter, r *http.Request) {
	s.results(w, r, true)
}

func (s *Server) results(w http.ResponseWriter, r *http.Request, embed bool) {
	base := "/recherche"
	if embed {
		base = "/embed/recherche"
	}
	p, perr := s.resultsFor(r, base)
	if perr != nil {
		s.render(w, r, http.StatusBadRequest, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Recherche impossible", Embed: embed},
			Message: "Un paramètre de la recherche n'est pas valide : " + perr.Param + " (" + perr.Message + ")."})
		return
	}
	p.Title = p.Heading
	p.Embed = embed
	p.Nav = "accueil"
	s.render(w, r, http.StatusOK, "resultats.html", p)
}

// geocodePerMinute is how many searches that need the address service a
// client may make in a minute (names and postcodes do not count).
const geocodePerMinute = 30
