package web

import (
	"html/template"
	"net/url"

	"maillage/internal/choropleth"
	"maillage/internal/diagnostic"
	"maillage/internal/french"
	"maillage/internal/territory"
)

// diagnosticMap draws the sub-units of the territory (choropleth) with the
// measure asked, and fills the table beside it.
func diagnosticMap(p *diagnosticPage, rep *diagnostic.Report, ref *territory.Referential, view diagView, q url.Values, self string) {
	m := diagMeasures[view.measure]
	names := diagSubTitles[rep.Territory.Kind]
	p.SubTitle = names[0]
	p.MapMeasure = m.label
	for i, x := range diagMeasures {
		key := x.key
		if i == 0 {
			key = ""
		}
		p.MapChoices = append(p.MapChoices, diagChoice{Label: x.label, Href: diagLinkTo(self, q, "carte", key) + "#carte", Current: i == view.measure})
	}
	centres := unitCentres(rep.Sub, ref)
	units := make([]choropleth.Unit, len(rep.Sub))
	for i, u := range rep.Sub {
		units[i] = choropleth.Unit{Code: u.Kind + ":" + u.Code, Name: u.Name, Value: m.value(u), Weight: u.Population}
		if c, ok := centres[u.Kind+":"+u.Code]; ok {
			units[i].Centre = &c
		}
	}
	unitContours(units, rep.Sub, ref)
	p.MapTitle = m.label + " — " + rep.Territory.Name + " par " + names[1]
	d := choropleth.Render(choropleth.Map{
		ID:      "carte-diagnostic",
		Title:   p.MapTitle,
		Desc:    "Carte de " + rep.Territory.Name + " : " + m.title + " par " + names[1] + " ; les valeurs sont dans le tableau qui suit la carte",
		Measure: m.label,
		Noun:    [2]string{names[1], names[2]},
		Format:  m.format,
		Units:   units,
	})
	p.Map = template.HTML(d.SVG) // every text of it is escaped by the renderer
	p.Unplaced = len(d.Unplaced)
	for _, u := range rep.Sub {
		p.Sub = append(p.Sub, diagSubRow{
			Name: u.Name, Kind: diagKindLabels[u.Kind], Href: diagPath(u.Territory()),
			Class: d.ClassOf[u.Kind+":"+u.Code], Value: m.format(m.value(u)),
			Population: diagPeople(u.Population), AtRisk: diagPeople(u.AtRisk), Places: french.Number(u.Places),
			CrossBorder: u.CrossBorder,
		})
	}
}

// mapPixels is about the width of the map in pixels: the contours are
// simplified to about a pixel of it.
const mapPixels = 600

// unitContours gives the units their contours when the communes' contours
// are loaded (territory.Contour: EPCI, départements and régions dissolved
// from their communes), simplified to about a pixel of the map.
func unitContours(units []choropleth.Unit, sub []diagnostic.Unit, ref *territory.Referential) {
	if !ref.HasContours() {
		return
	}
	raw := make([][]territory.Polygon, len(sub))
	var all territory.BBox
	first := true
	for i, u := range sub {
		ps, ok := ref.Contour(u.Kind, u.Code, 0)
		if !ok {
			continue
		}
		raw[i] = ps
		b := territory.BoundsOf(ps)
		if first {
			all, first = b, false
			continue
		}
		all = territory.BBox{South: min(all.South, b.South), West: min(all.West, b.West), North: max(all.North, b.North), East: max(all.East, b.East)}
	}
	if first {
		return
	}
	// Far units (outre-mer) are drawn in insets: size the tolerance on
	// the units' spans rather than on the box of them all.
	span := 0.0
	for _, ps := range raw {
		if ps != nil {
			b := territory.BoundsOf(ps)
			span = max(span, b.North-b.South, b.East-b.West)
		}
	}
	extent := min(max(all.North-all.South, all.East-all.West), 4*span)
	tol := extent / mapPixels
	for i, ps := range raw {
		if ps != nil {
			units[i].Polygons = territory.SimplifyPolygons(ps, tol)
		}
	}
}

// unitCentres are the centres of the units: the mean of their communes'
// centres weighted by population (plus one, so that empty communes count).
func unitCentres(units []diagnostic.Unit, ref *territory.Referential) map[string]territory.Point {
	kinds := map[string]bool{}
	want := map[string]bool{}
	for _, u := range units {
		kinds[u.Kind] = true
		want[u.Kind+":"+u.Code] = true
	}
	type acc struct{ lat, lon, w float64 }
	sums := map[string]*acc{}
	add := func(key string, c *territory.Commune) {
		if !want[key] {
			return
		}
		a := sums[key]
		if a == nil {
			a = &acc{}
			sums[key] = a
		}
		w := float64(c.Population) + 1
		a.lat += c.Centre.Lat * w
		a.lon += c.Centre.Lon * w
		a.w += w
	}
	for i := range ref.Communes {
		c := &ref.Communes[i]
		if c.Centre == nil {
			continue
		}
		if kinds[diagnostic.KindRegion] {
			add(diagnostic.KindRegion+":"+c.Region, c)
		}
		if kinds[diagnostic.KindDepartement] {
			add(diagnostic.KindDepartement+":"+c.Departement, c)
		}
		if kinds[diagnostic.KindEPCI] && c.EPCI != "" {
			add(diagnostic.KindEPCI+":"+c.EPCI, c)
		}
		if kinds[diagnostic.KindCommune] {
			add(diagnostic.KindCommune+":"+c.Code, c)
		}
	}
	out := make(map[string]territory.Point, len(sums))
	for k, a := range sums {
		out[k] = territory.Point{Lat: a.lat / a.w, Lon: a.lon / a.w}
	}
	return out
}
