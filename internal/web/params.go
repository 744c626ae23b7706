package web

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"maillage/internal/geocode"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/search"
)

// ParamError is a bad parameter: the API answers it with a 400 naming the
// parameter and what it accepts.
type ParamError struct {
	Param    string   `json:"parametre"`
	Value    string   `json:"valeur"`
	Message  string   `json:"message"`
	Accepted []string `json:"valeurs_acceptees,omitempty"`
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("paramètre %s = %q : %s", e.Param, e.Value, e.Message)
}

// values returns a parameter's values: repeated, or joined with "|" as in the standard.
func values(v url.Values, name string) []string {
	var out []string
	for _, x := range v[name] {
		for _, y := range strings.Split(x, "|") {
			if y = strings.TrimSpace(y); y != "" {
				out = append(out, y)
			}
		}
	}
	return out
}

// searchRequest is a search as a page or the API received it.
type searchRequest struct {
	Query search.Query
	// Now is the request's clock, read once: « ouvert maintenant », the
	// results' statuses and closures, the API's fraicheur all use it.
	Now time.Time
	// Ou is what the person typed for "where"; Place is what it resolved
	// to, Candidates the other possibilities.
	Ou         string
	Place      *geocode.Place
	Candidates []geocode.Place
	// Unresolved is set when Ou matched nothing; GeocoderDown when the
	// address service could not be reached, GeocoderLimited when this
	// client asked it too often.
	Unresolved, GeocoderDown, GeocoderLimited bool
	// URL holds the search's own parameters (for links, paging, printing).
	URL url.Values
}

// parseSearch reads the parameters of a search. Pages and API share them;
// pages add "ou" (a place name or address) and a default radius.
func (s *Server) parseSearch(ctx context.Context, v url.Values, page bool) (*searchRequest, *ParamError) {
	req := &searchRequest{URL: url.Values{}, Query: search.Query{Values: map[string][]string{}}}
	q := &req.Query
	for _, name := range search.VocabularyFacets() {
		voc := search.Vocabulary(name)
		for _, val := range values(v, name) {
			c, _, ok := voc.Lookup(val)
			if !ok {
				return nil, &ParamError{Param: name, Value: val, Message: "valeur inconnue du standard", Accepted: voc.Values}
			}
			q.Values[name] = append(q.Values[name], c)
			req.URL.Add(name, c)
		}
	}
	for _, h := range values(v, "horaires") {
		if _, ok := hoursWords[h]; !ok {
			return nil, &ParamError{Param: "horaires", Value: h, Message: "valeur inconnue",
				Accepted: []string{search.HoursOpenNow, search.HoursSaturday, search.HoursEvening}}
		}
		q.Hours = append(q.Hours, h)
		req.URL.Add("horaires", h)
	}
	now := s.cfg.Now()
	req.Now = now
	if o := v.Get("ouvert"); o != "" {
		if o == "maintenant" {
			q.OpenAt = now
		} else {
			t, err := time.ParseInLocation("2006-01-02T15:04", o, openinghours.Paris)
			if err != nil {
				return nil, &ParamError{Param: "ouvert", Value: o, Message: "attendu « maintenant » ou une date et heure AAAA-MM-JJTHH:MM (heure de Paris)"}
			}
			q.OpenAt = t
		}
		q.Hours = append(q.Hours, search.HoursOpenNow)
		req.URL.Set("ouvert", o)
	}
	if q.OpenAt.IsZero() {
		q.OpenAt = now
	}
	if p := v.Get("pass_numerique"); p != "" {
		if p != "oui" {
			return nil, &ParamError{Param: "pass_numerique", Value: p, Message: "seule valeur acceptée : oui", Accepted: []string{"oui"}}
		}
		q.Pass = true
		req.URL.Set("pass_numerique", "oui")
	}
	// pass=1: the places qualified by the hub for its Pass numérique.
	if p := v.Get("pass"); p != "" {
		if p != "1" {
			return nil, &ParamError{Param: "pass", Value: p, Message: "seule valeur acceptée : 1 (les lieux qualifiés qui acceptent le Pass numérique du territoire)", Accepted: []string{"1"}}
		}
		q.OnlyQualified = true
		req.URL.Set("pass", "1")
	}
	q.Qualified = s.qualifiedLieux(ctx)
	if perr := s.parseQPV(ctx, v, req); perr != nil {
		return nil, perr
	}
	for _, t := range []struct {
		name string
		dst  *[]string
		ok   func(string) bool
		msg  string
	}{
		{"departement", &q.Departements, func(x string) bool { return len(x) == 2 || len(x) == 3 }, "code de département attendu (31, 2A, 974)"},
		{"epci", &q.EPCIs, func(x string) bool { return len(x) == 9 && isDigits(x) }, "SIREN de l'EPCI attendu (9 chiffres)"},
		{"code_insee", &q.Communes, func(x string) bool { return len(x) == 5 }, "code INSEE de commune attendu (5 caractères)"},
	} {
		for _, x := range values(v, t.name) {
			if !t.ok(x) {
				return nil, &ParamError{Param: t.name, Value: x, Message: t.msg}
			}
			*t.dst = append(*t.dst, x)
			req.URL.Add(t.name, x)
		}
	}
	// Paris, Lyon and Marseille: their places carry the code of their
	// arrondissement.
	for _, code := range q.Communes {
		for _, a := range s.indexOf(ctx).Referential().Arrondissements(code) {
			q.Communes = append(q.Communes, a.Code)
		}
	}
	if name := strings.TrimSpace(v.Get("q")); name != "" {
		if len(name) > search.MaxNameQuery {
			return nil, &ParamError{Param: "q", Value: name[:40] + "…", Message: fmt.Sprintf("nom trop long (%d caractères au plus)", search.MaxNameQuery)}
		}
		if !printable(name) {
			return nil, &ParamError{Param: "q", Value: strings.ToValidUTF8(name, "\uFFFD"), Message: "texte attendu (UTF-8, sans caractère de contrôle)"}
		}
		q.Name = name
		req.URL.Set("q", name)
	}
	lat, lon := v.Get("lat"), v.Get("lon")
	if (lat == "") != (lon == "") {
		name := "lat"
		if lat != "" {
			name = "lon"
		}
		return nil, &ParamError{Param: name, Message: "lat et lon vont ensemble"}
	}
	if lat != "" {
		la, ok1 := parseNumber(lat)
		lo, ok2 := parseNumber(lon)
		if !ok1 || la < -90 || la > 90 {
			return nil, &ParamError{Param: "lat", Value: lat, Message: "latitude attendue entre -90 et 90 (point décimal)"}
		}
		if !ok2 || lo < -180 || lo > 180 {
			return nil, &ParamError{Param: "lon", Value: lon, Message: "longitude attendue entre -180 et 180 (point décimal)"}
		}
		q.Center = &place.Point{Lat: la, Lon: lo}
		req.URL.Set("lat", lat)
		req.URL.Set("lon", lon)
	}
	if r := v.Get("rayon_km"); r != "" {
		km, ok := parseNumber(r)
		if !ok || km <= 0 || km > 1000 {
			return nil, &ParamError{Param: "rayon_km", Value: r, Message: "rayon en kilomètres attendu, entre 0 et 1000"}
		}
		q.RadiusKm = km
		req.URL.Set("rayon_km", r)
	}
	if t := v.Get("tri"); t != "" {
		if t != "distance" && t != "nom" && t != "date_maj" {
			return nil, &ParamError{Param: "tri", Value: t, Message: "tri inconnu", Accepted: []string{"distance", "nom", "date_maj"}}
		}
		q.Sort = t
		req.URL.Set("tri", t)
	}
	var err *ParamError
	// maxDepth bounds how deep a list goes: a page keeps every hit before
	// it, so a page far down costs as much as sorting everything.
	const maxDepth = 10_000
	if q.Page, err = intParam(v, "page", 1, 1, 1_000_000); err != nil {
		return nil, err
	}
	if q.PerPage, err = intParam(v, "par_page", 20, 1, search.MaxPerPage); err != nil {
		return nil, err
	}
	if (q.Page-1)*q.PerPage >= maxDepth {
		return nil, &ParamError{Param: "page", Value: v.Get("page"),
			Message: "les résultats sont listés jusqu'au 10 000e : affinez la recherche, ou téléchargez le registre entier (/donnees) et suivez ses changements (/api/v1/lieux/changements)"}
	}
	if v.Get("par_page") != "" {
		req.URL.Set("par_page", v.Get("par_page"))
	}
	if page {
		req.Ou = strings.TrimSpace(v.Get("ou"))
		if req.Ou != "" {
			req.URL.Set("ou", req.Ou)
		}
		if req.Ou != "" && q.Center == nil {
			places, err := s.resolver.Resolve(ctx, s.indexOf(ctx).Referential(), req.Ou)
			if err != nil && len(places) == 0 {
				if errors.Is(err, geocode.ErrTooMany) {
					req.GeocoderLimited = true
				} else {
					s.log.Warn("géocodeur injoignable", "recherche", req.Ou, "err", err)
					req.GeocoderDown = true
				}
			}
			switch {
			case len(places) == 0:
				req.Unresolved = true
			default:
				p := places[0]
				req.Place = &p
				req.Candidates = places[1:]
				if p.Positioned {
					q.Center = &place.Point{Lat: p.Lat, Lon: p.Lon}
				} else if p.Commune != "" {
					// Without its centre, the commune's places, those of its
					// arrondissements included (Lyon: 69381 to 69389).
					q.Communes = append(q.Communes, p.Commune)
					for _, a := range s.indexOf(ctx).Referential().Arrondissements(p.Commune) {
						q.Communes = append(q.Communes, a.Code)
					}
				}
			}
		}
		if q.Center != nil && q.RadiusKm == 0 {
			q.RadiusKm = defaultRadiusKm
		}
	}
	return req, nil
}

// defaultRadiusKm is how far the pages look around a place by default.
const defaultRadiusKm = 20

func intParam(v url.Values, name string, def, lo, hi int) (int, *ParamError) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, &ParamError{Param: name, Value: s, Message: fmt.Sprintf("entier attendu entre %d et %d", lo, hi)}
	}
	return n, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
