package web

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"maillage/internal/failure"
	"maillage/internal/fragility"
	"maillage/internal/territory"
)

// The layers of the public map (issue 9): the contours of the QPV, the
// boundaries of the EPCI and the fragility of the communes, served as
// GeoJSON for a bounding box, simplified for the zoom (a pixel's
// tolerance, coordinates rounded to half a pixel). The map offers them as
// toggles beside it; the list of places never changes with them.
const (
	layerQPV       = "qpv"
	layerEPCI      = "epci"
	layerFragility = "fragilite"
)

// mapLayerMinZoom is the least zoom each layer is served at: below, a
// view holds too many contours for a phone (the map asks to zoom in).
var mapLayerMinZoom = map[string]int{layerQPV: 9, layerEPCI: 7, layerFragility: 9}

// maxLayerFeatures bounds an answer: a view wider than the zoom allows is
// refused rather than sent as megabytes.
var maxLayerFeatures = 3000

// mapLayerView is a layer the map offers, as the results page shows its toggle.
type mapLayerView struct {
	Name, Title string
	MinZoom     int
	Attribution string // its sources and vintages
}

// mapLayers are the layers the loaded data allow, in drawing order (the
// lowest first).
func (s *Server) mapLayers(ctx context.Context, ref *territory.Referential) []mapLayerView {
	var out []mapLayerView
	if ref.HasContours() {
		// The demand loaded says whether the layer exists; its model is
		// built when the layer is first asked for, not for every page.
		if ds, err := s.store.DemandDatasets(ctx); err != nil {
			s.log.Warn("couche de fragilité indisponible", "err", err)
		} else if len(ds) > 0 {
			out = append(out, mapLayerView{Name: layerFragility, Title: "Fragilité numérique des communes", MinZoom: mapLayerMinZoom[layerFragility], Attribution: demandAttribution(ds, ref)})
		}
		out = append(out, mapLayerView{Name: layerEPCI, Title: "Limites des intercommunalités (EPCI)", MinZoom: mapLayerMinZoom[layerEPCI], Attribution: epciAttribution(ref)})
	}
	if ref.HasQPV() {
		out = append(out, mapLayerView{Name: layerQPV, Title: "Quartiers prioritaires de la politique de la ville (QPV)", MinZoom: mapLayerMinZoom[layerQPV], Attribution: qpvAttribution(ref)})
	}
	return out
}

// sourceLabel is how a page names a source: a file on the server by its
// name only, a URL without its query (it may carry a token).
func sourceLabel(src string) string { return territory.PublicSource(src) }

func vintageLabel(l *territory.Layer) string {
	s := sourceLabel(l.Source)
	if l.Vintage != "" {
		s += ", millésime " + l.Vintage
	}
	return s
}

func qpvAttribution(ref *territory.Referential) string {
	return "Contours des quartiers prioritaires : ANCT (" + vintageLabel(ref.QPV) + ")."
}

func contoursAttribution(ref *territory.Referential) string {
	return "Contours des communes : " + vintageLabel(ref.Contours) + "."
}

func epciAttribution(ref *territory.Referential) string {
	v := ref.CommunesVintage
	s := "Composition des EPCI : " + sourceLabel(v.Source)
	if v.Vintage != "" {
		s += ", millésime " + v.Vintage
	}
	return s + " ; limites tracées depuis les contours de leurs communes. " + contoursAttribution(ref)
}

// demandAttribution names the demand data loaded, for the toggle (the
// layer's answers add how the index is computed).
func demandAttribution(ds []fragility.Dataset, ref *territory.Referential) string {
	var parts []string
	for _, d := range ds {
		what := "indice de fragilité numérique"
		if d.Kind == fragility.KindIndicators {
			what = "indicateurs de fragilité"
		}
		p := what + " (" + sourceLabel(d.Source)
		if d.Vintage != "" {
			p += ", millésime " + d.Vintage
		}
		parts = append(parts, p+")")
	}
	s := strings.Join(parts, " ; ")
	return strings.ToUpper(s[:1]) + s[1:] + ", classes par quintiles des communes de France. " + contoursAttribution(ref)
}

// fragilityData is the fragility of every commune and its classes,
// computed once per revision of the referential and the demand.
type fragilityData struct {
	communes    map[string]fragility.CommuneDemand
	breaks      []float64 // the classes' lower bounds, from the second
	legend      []legendClass
	attribution string
}

type legendClass struct {
	Class int    `json:"classe"`
	Label string `json:"libelle"`
}

// fragilityClassNames name the classes, the least fragile first, by
// their number (ties in the scores can leave fewer than five).
var fragilityClassNames = map[int][]string{
	1: {"Toutes"},
	2: {"Faible", "Forte"},
	3: {"Faible", "Moyenne", "Forte"},
	4: {"Très faible", "Faible", "Forte", "Très forte"},
	5: {"Très faible", "Faible", "Moyenne", "Forte", "Très forte"},
}

// newFragilityData computes the classes: quintiles of the communes with a
// score (arrondissements aside: their commune counts once), so that the
// legend stays the same wherever the map is.
func newFragilityData(d map[string]fragility.CommuneDemand, info fragility.Info, ref *territory.Referential) *fragilityData {
	f := &fragilityData{communes: d}
	var scores []float64
	for code, c := range d {
		if c.HasIndex && finiteScore(c.Fragility) && territory.ParentOf(code) == "" {
			scores = append(scores, c.Fragility)
		}
	}
	slices.Sort(scores)
	if len(scores) > 0 {
		for q := 1; q < 5; q++ {
			b := scores[q*len(scores)/5]
			if b > scores[0] && (len(f.breaks) == 0 || b > f.breaks[len(f.breaks)-1]) {
				f.breaks = append(f.breaks, b)
			}
		}
	}
	names := fragilityClassNames[len(f.breaks)+1]
	num := func(v float64) string {
		return strings.Replace(strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64), ".", ",", 1)
	}
	for i := range len(f.breaks) + 1 {
		var r string
		switch {
		case len(f.breaks) == 0:
			r = "toutes les communes"
		case i == 0:
			r = "moins de " + num(f.breaks[0])
		case i == len(f.breaks):
			r = num(f.breaks[i-1]) + " et plus"
		default:
			r = "de " + num(f.breaks[i-1]) + " à moins de " + num(f.breaks[i])
		}
		f.legend = append(f.legend, legendClass{Class: i + 1, Label: names[i] + " : " + r})
	}
	f.legend = append(f.legend, legendClass{Class: 0, Label: "Inconnue : pas d'indice pour la commune"})
	vintage := info.IndexVintage
	if vintage == "" {
		vintage = info.IndicatorsVintage
	}
	a := "Indice de fragilité numérique"
	if vintage != "" {
		a += " (millésime " + vintage + ")"
	}
	a += ", classes par quintiles des communes de France. " + info.IndexMethod
	// The method names itself (« Personnes à risque : les 65 ans… »,
	// « Aucun indicateur de personnes à risque… »).
	if info.AtRiskMethod != "" {
		a += " " + info.AtRiskMethod
	}
	f.attribution = strings.TrimSpace(a) + " " + contoursAttribution(ref)
	return f
}

// finiteScore reports whether a score is one: NaN is unknown, and an
// infinity is no score either (a commune in the "unknown" class, not in
// the most fragile).
func finiteScore(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func (f *fragilityData) class(code string) (int, fragility.CommuneDemand) {
	c, ok := f.communes[code]
	if !ok || !c.HasIndex || !finiteScore(c.Fragility) {
		return 0, c
	}
	n := 1
	for _, b := range f.breaks {
		if c.Fragility >= b {
			n++
		}
	}
	return n, c
}

// layerCache keeps what the layers are drawn from and the answers made,
// for one revision of the referential and the demand (never a clock): a
// new revision empties it.
type layerCache struct {
	mu        sync.Mutex
	key       string
	fragility *fragilityData
	bodies    map[string][]byte
	order     []string // the answers' keys, the oldest first
	bytes     int      // the answers' bytes
}

// maxLayerBodies bounds the number of answers kept (maxLayerCacheBytes
// their bytes).
const maxLayerBodies = 256

// layerRevision is the revision the layers are drawn from: the
// referential's (contours, QPV) and the demand data's.
func (s *Server) layerRevision(ctx context.Context) (string, error) {
	ix := s.indexOf(ctx)
	ds, err := s.store.DemandDatasets(ctx)
	if err != nil {
		return "", err
	}
	h := fnv.New64a()
	for _, d := range ds {
		fmt.Fprintf(h, "%q %q %q %q %d %q\n", d.Kind, d.Level, d.Vintage, d.Source, d.Units, d.Imported)
	}
	return fmt.Sprintf("t%d-d%016x", ix.RefRev, h.Sum64()), nil
}

// cacheFor returns the cache of a revision, emptied when it changed.
func (c *layerCache) reset(key string) {
	if c.key != key {
		c.key, c.fragility, c.bodies, c.order, c.bytes = key, nil, map[string][]byte{}, nil, 0
	}
}

func (s *Server) fragilityLayer(ctx context.Context, ref *territory.Referential) (*fragilityData, error) {
	key, err := s.layerRevision(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.layers
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset(key)
	if c.fragility == nil {
		d, info, err := fragility.Demand(ctx, s.store, ref)
		if err != nil {
			return nil, err
		}
		c.fragility = newFragilityData(d, info, ref)
	}
	return c.fragility, nil
}

// carteCouche answers GET /carte/couches/{fichier}: a layer as GeoJSON
// (qpv.geojson, epci.geojson, fragilite.geojson) for bbox=ouest,sud,est,nord
// at zoom=N, with its sources and vintages in "attribution" and, for the
// fragility, its classes in "legende".
func (s *Server) carteCouche(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("fichier"), ".geojson")
	if _, known := mapLayerMinZoom[name]; !ok || !known {
		s.error(w, r, failure.Errorf(failure.NotFound, "couche inconnue : %q (qpv.geojson, epci.geojson ou fragilite.geojson)", r.PathValue("fichier")))
		return
	}
	v := r.URL.Query()
	bbox, perr := parseBBox(v.Get("bbox"))
	if perr != nil {
		badParam(w, perr)
		return
	}
	zoom, perr := intParam(v, "zoom", -1, 0, 22)
	if perr == nil && zoom < 0 {
		perr = &ParamError{Param: "zoom", Message: "niveau de zoom attendu, de 0 à 22"}
	}
	if perr == nil && zoom < mapLayerMinZoom[name] {
		perr = &ParamError{Param: "zoom", Value: strconv.Itoa(zoom), Message: fmt.Sprintf("la couche %s se dessine à partir du zoom %d : zoomez", name, mapLayerMinZoom[name])}
	}
	// Beyond maxLayerZoom the drawing is that of maxLayerZoom; the box is
	// at most a screen at that zoom.
	if perr != nil {
		badParam(w, perr)
		return
	}
	b := territory.BBox{South: bbox.South, West: bbox.West, North: bbox.North, East: bbox.East}
	if perr := checkLayerView(v.Get("bbox"), b, zoom); perr != nil {
		badParam(w, perr)
		return
	}
	zoom = min(zoom, maxLayerZoom)
	ref := s.indexOf(r.Context()).Referential()
	var offered bool
	for _, l := range s.mapLayers(r.Context(), ref) {
		offered = offered || l.Name == name
	}
	if !offered {
		s.error(w, r, failure.Errorf(failure.NotFound, "couche %s non chargée : %s", name, layerMissing[name]))
		return
	}
	key, err := s.layerRevision(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	req := fmt.Sprintf("%s z%d %g,%g,%g,%g", name, zoom, b.West, b.South, b.East, b.North)
	h := fnv.New64a()
	fmt.Fprintf(h, "%s %s", key, req)
	// Weak: the gzip middleware changes the bytes, not the layer.
	if notModified(w, r, fmt.Sprintf(`W/"couche-%016x"`, h.Sum64())) {
		return
	}
	c := &s.layers
	c.mu.Lock()
	c.reset(key)
	body, ok := c.bodies[req]
	c.mu.Unlock()
	if !ok {
		var n int
		body, n, err = s.layerGeoJSON(r.Context(), ref, name, b, zoom)
		if errors.Is(err, errLayerTooLarge) {
			badParam(w, tooLargeLayer(v.Get("bbox")))
			return
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		if n > maxLayerFeatures {
			badParam(w, &ParamError{Param: "bbox", Value: v.Get("bbox"), Message: fmt.Sprintf("%d contours dans cette zone à ce zoom, %d au plus : zoomez ou réduisez la zone", n, maxLayerFeatures)})
			return
		}
		c.mu.Lock()
		if c.key == key {
			c.put(req, body)
		}
		c.mu.Unlock()
	}
	cors(w)
	w.Header().Set("Content-Type", "application/geo+json")
	w.Write(body)
}

var layerMissing = map[string]string{
	layerQPV:       "chargez les contours des QPV (maillage territoires import --qpv)",
	layerEPCI:      "chargez les contours des communes (maillage territoires import --contours-communes)",
	layerFragility: "chargez les contours des communes et un indice de fragilité (maillage demande import)",
}

// layerGeoJSON draws a layer for a box at a zoom; n is the number of
// features (the body is not made beyond maxLayerFeatures; errLayerTooLarge
// when it passes maxLayerBytes).
func (s *Server) layerGeoJSON(ctx context.Context, ref *territory.Referential, name string, b territory.BBox, zoom int) (body []byte, n int, err error) {
	tol := territory.ToleranceForZoom(zoom)
	g := newGeoWriter(tol)
	g.limit = maxLayerBytes
	defer func() {
		if g.over && err == nil {
			body, n, err = nil, g.n, errLayerTooLarge
		}
	}()
	switch name {
	case layerQPV:
		zones := ref.QPV.ZonesIn(b)
		if len(zones) > maxLayerFeatures {
			return nil, len(zones), nil
		}
		g.start(qpvAttribution(ref))
		for _, z := range zones {
			g.feature(z.Simplify(tol), func(p []byte) []byte {
				p = appendProp(p, "code", z.Code)
				return appendProp(p, "nom", z.Nom)
			})
		}
	case layerEPCI:
		codes := ref.ContoursIn(territory.KindEPCI, b)
		if len(codes) > maxLayerFeatures {
			return nil, len(codes), nil
		}
		g.start(epciAttribution(ref))
		// Borders as lines, each drawn once: by the first of the EPCI that
		// share it (stroking every EPCI's polygon drew them twice).
		slices.Sort(codes)
		lines := ref.BoundaryLines(territory.KindEPCI, codes, tol)
		for _, code := range codes {
			nom := ""
			if e, ok := ref.EPCIOf(code); ok {
				nom = e.Nom
			}
			g.lineFeature(lines[code], func(p []byte) []byte {
				p = appendProp(p, "code", code)
				return appendProp(p, "nom", nom)
			})
		}
	case layerFragility:
		d, err := s.fragilityLayer(ctx, ref)
		if err != nil {
			return nil, 0, err
		}
		codes := ref.ContoursIn(territory.KindCommune, b)
		if len(codes) > maxLayerFeatures {
			return nil, len(codes), nil
		}
		g.start(d.attribution)
		for _, code := range codes {
			// A contour the referential does not know (an old commune,
			// merged since) has no name nor figures: not drawn.
			cm, ok := ref.Commune(code)
			if !ok {
				continue
			}
			nom := cm.Nom
			ps, _ := ref.Contour(territory.KindCommune, code, tol)
			class, c := d.class(code)
			g.feature(ps, func(p []byte) []byte {
				p = appendProp(p, "code", code)
				p = appendProp(p, "nom", nom)
				p = append(p, `,"classe":`...)
				p = strconv.AppendInt(p, int64(class), 10)
				if class > 0 {
					p = append(p, `,"fragilite":`...)
					p = strconv.AppendFloat(p, math.Round(c.Fragility*10)/10, 'f', -1, 64)
				}
				p = append(p, `,"personnes_a_risque":`...)
				p = strconv.AppendInt(p, int64(math.Round(c.AtRisk)), 10)
				p = append(p, `,"population":`...)
				return strconv.AppendInt(p, int64(math.Round(c.Population)), 10)
			})
		}
		return g.end(d.legend), g.n, nil
	}
	return g.end(nil), g.n, nil
}
