package web

import (
	"encoding/json"

	"maillage/internal/search"
)

// territoireJSON is what a place belongs to, as GET /api/v1/lieux/{id}
// gives it: codes of its commune, EPCI, département and région, and the
// QPV it lies in or near (from its own position).
type territoireJSON struct {
	Commune     string     `json:"code_insee,omitempty"`
	EPCI        string     `json:"epci,omitempty"`
	Departement string     `json:"departement,omitempty"`
	Region      string     `json:"region,omitempty"`
	QPV         *zoneJSON  `json:"qpv,omitempty"`
	QPVProches  []zoneJSON `json:"qpv_proches,omitempty"`
	// MillesimeQPV is the vintage of the QPV list (when the layer is loaded).
	MillesimeQPV string `json:"millesime_qpv,omitempty"`
}

type zoneJSON struct {
	Code string `json:"code"`
	Nom  string `json:"nom"`
}

// appendTerritory adds "territoire" to a place's JSON object b.
func appendTerritory(b []byte, a search.Attachment, qpvVintage string) []byte {
	var t territoireJSON
	if a.Commune != nil {
		t.Commune = a.Commune.Code
	}
	if a.EPCI != nil {
		t.EPCI = a.EPCI.Code
	}
	if a.Departement != nil {
		t.Departement = a.Departement.Code
	}
	if a.Region != nil {
		t.Region = a.Region.Code
	}
	if a.QPV != nil {
		t.QPV = &zoneJSON{a.QPV.Code, a.QPV.Nom}
	}
	for _, z := range a.NearQPV {
		t.QPVProches = append(t.QPVProches, zoneJSON{z.Code, z.Nom})
	}
	t.MillesimeQPV = qpvVintage
	out, err := json.Marshal(t)
	if err != nil || string(out) == "{}" {
		return b
	}
	b = b[:len(b)-1]
	b = append(b, `,"territoire":`...)
	b = append(b, out...)
	return append(b, '}')
}
