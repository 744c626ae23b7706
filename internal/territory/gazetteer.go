package territory

import (
	"encoding/json"
	"fmt"
)

// gazetteerKeys are the top-level keys of the gazetteer's layout (the
// bpineau/gazetteer repository's qpv.json.gz and iris.json.gz, built from
// the ANCT's QPV 2024 GeoJSON and the IGN/INSEE IRIS contours):
//
//	{"meta":{…},"qpvs":[{"code":"QN00101M","label":"…","insee":["01053"],"g":[[[[lon,lat],…]]]}]}
//	{"iris":[{"code":"751010101","nom":"…","typ":"H","g":[…]}]}
//
// g is a MultiPolygon's coordinates. ReadLayer reads it as the GeoJSON of
// the same zones.
var gazetteerKeys = map[string]string{LayerQPV: "qpvs", LayerIRIS: "iris"}

// gazetteerEntry is one zone of the gazetteer's layout.
type gazetteerEntry struct {
	Code  any             `json:"code"`
	Label string          `json:"label"`
	Nom   string          `json:"nom"`
	Insee any             `json:"insee"`
	Typ   string          `json:"typ"`
	G     json.RawMessage `json:"g"`
}

// gazetteer reads the array of zones under key, as features.
func (rd *layerReader) gazetteer(key string) error {
	if gazetteerKeys[rd.kind] != key {
		other := "QPV"
		if key == gazetteerKeys[LayerIRIS] {
			other = "IRIS"
		}
		return rd.fail("champ %s : ce fichier contient des zones %s, pas la couche %s demandée", key, other, layerTitle(rd.kind))
	}
	if err := rd.delim('[', "champ "+key+" : un tableau d'objets est attendu"); err != nil {
		return err
	}
	rd.coords = "g"
	for rd.dec.More() {
		var e gazetteerEntry
		rd.meter.startFeature()
		if err := rd.dec.Decode(&e); err != nil {
			return rd.syntax(err)
		}
		rd.n++
		props := map[string]any{"code": e.Code, "nom": e.Nom, "insee": e.Insee, "typ": e.Typ}
		if e.Nom == "" {
			props["nom"] = e.Label
		}
		coords := e.G
		if len(coords) == 0 || string(coords) == "null" {
			coords = json.RawMessage("[]")
		}
		f := geoFeature{Type: "Feature", Properties: props}
		f.Geometry = &struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		}{Type: "MultiPolygon", Coordinates: coords}
		if err := rd.feature(&f); err != nil {
			return err
		}
	}
	if _, err := rd.dec.Token(); err != nil {
		return rd.syntax(err)
	}
	return nil
}

// layerTitle names a layer kind in messages.
func layerTitle(kind string) string {
	switch kind {
	case LayerQPV:
		return "QPV"
	case LayerIRIS:
		return "IRIS"
	}
	return fmt.Sprintf("des %s", kind)
}
