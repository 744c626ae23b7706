package store

import (
	"strings"

	"maillage/internal/territory"
)

// CommunesLayer is the row of couches that holds the vintage of the
// communes and their population.
const CommunesLayer = "communes"

// LayerColumns are the columns of the couches table, in the order of
// LayerArgs and ScanLayer.
const LayerColumns = "nom, millesime, source, importee_le"

// LayerArgs are the values of a layer's row of couches.
func LayerArgs(v territory.Vintage) []any {
	loaded := ""
	if !v.Loaded.IsZero() {
		loaded = FormatTime(v.Loaded)
	}
	return []any{v.Layer, v.Vintage, v.Source, loaded}
}

// ScanLayer reads a row of couches.
func ScanLayer(scan ScanFunc) (territory.Vintage, error) {
	var v territory.Vintage
	var loaded string
	err := scan(&v.Layer, &v.Vintage, &v.Source, &loaded)
	v.Loaded = ParseTime(loaded)
	return v, err
}

// ZoneColumns are the columns of the zones table, in the order of
// ZoneArgs and ScanZone.
const ZoneColumns = "couche, code, nom, type, communes, geometrie"

// ZoneArgs are the values of a zone's row.
func ZoneArgs(layer string, z *territory.Zone) []any {
	return []any{layer, z.Code, z.Nom, z.Type, strings.Join(z.Communes, "|"), territory.EncodePolygons(z.Polygons)}
}

// ScanZone reads a zone's row, and the layer it belongs to.
func ScanZone(scan ScanFunc) (string, territory.Zone, error) {
	var layer, communes string
	var geom []byte
	var z territory.Zone
	if err := scan(&layer, &z.Code, &z.Nom, &z.Type, &communes, &geom); err != nil {
		return "", z, err
	}
	if communes != "" {
		z.Communes = strings.Split(communes, "|")
	}
	ps, err := territory.DecodePolygons(geom)
	z.Polygons = ps
	return layer, z, err
}

// LayerSet gathers the rows of couches and zones read back, and puts them
// into a referential.
type LayerSet struct {
	vintages map[string]territory.Vintage
	zones    map[string][]territory.Zone
}

// AddLayer keeps a row of couches.
func (s *LayerSet) AddLayer(v territory.Vintage) {
	if s.vintages == nil {
		s.vintages = map[string]territory.Vintage{}
	}
	s.vintages[v.Layer] = v
}

// AddZone keeps a row of zones.
func (s *LayerSet) AddZone(layer string, z territory.Zone) {
	if s.zones == nil {
		s.zones = map[string][]territory.Zone{}
	}
	s.zones[layer] = append(s.zones[layer], z)
}

// Into sets the communes' vintage and the layers on r.
func (s *LayerSet) Into(r *territory.Referential) {
	for name, v := range s.vintages {
		if name == CommunesLayer {
			r.CommunesVintage = v
			continue
		}
		r.SetLayer(&territory.Layer{Kind: name, Vintage: v.Vintage, Source: v.Source, Loaded: v.Loaded, Zones: s.zones[name]})
	}
}

// ContourColumns are the columns of the contours table (the communes'
// contours, layer territory.LayerContours), in the order of LayerRows'
// values and ScanContour.
const ContourColumns = "couche, code, nom, geometrie"

// LayerRows says where a layer's zones are stored: the communes' contours
// in contours, the QPV and IRIS in zones; with the columns and a zone's
// values in their order.
func LayerRows(kind string) (table, columns string, args func(z *territory.Zone) []any) {
	if kind == territory.LayerContours {
		return "contours", ContourColumns, func(z *territory.Zone) []any {
			return []any{kind, z.Code, z.Nom, territory.EncodePolygons(z.Polygons)}
		}
	}
	return "zones", ZoneColumns, func(z *territory.Zone) []any { return ZoneArgs(kind, z) }
}

// ScanContour reads a row of contours, and the layer it belongs to.
func ScanContour(scan ScanFunc) (string, territory.Zone, error) {
	var layer string
	var geom []byte
	var z territory.Zone
	if err := scan(&layer, &z.Code, &z.Nom, &geom); err != nil {
		return "", z, err
	}
	ps, err := territory.DecodePolygons(geom)
	z.Polygons = ps
	return layer, z, err
}
