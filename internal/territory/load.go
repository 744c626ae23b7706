package territory

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Opener opens one file of a source by name (communes.json…).
type Opener func(name string) (io.ReadCloser, error)

type decoupageCommune struct {
	Code         string   `json:"code"`
	Nom          string   `json:"nom"`
	Type         string   `json:"type"`
	Departement  string   `json:"departement"`
	Region       string   `json:"region"`
	CodesPostaux []string `json:"codesPostaux"`
	Population   int      `json:"population"`
	Commune      string   `json:"commune"` // parent of a municipal arrondissement
}

type decoupageEPCI struct {
	Code             string `json:"code"`
	Nom              string `json:"nom"`
	Type             string `json:"type"`
	PopulationTotale int    `json:"populationTotale"`
	Membres          []struct {
		Code string `json:"code"`
	} `json:"membres"`
}

func decode(open Opener, name string, v any) error {
	f, err := open(name)
	if err != nil {
		return fmt.Errorf("%s : %w", name, err)
	}
	defer f.Close()
	if err := json.NewDecoder(f).Decode(v); err != nil {
		return fmt.Errorf("%s : JSON illisible : %w", name, err)
	}
	return nil
}

// LoadDecoupage reads the data files of the npm package
// @etalab/decoupage-administratif (communes.json, epci.json,
// departements.json, regions.json).
func LoadDecoupage(open Opener) (*Referential, error) {
	var communes []decoupageCommune
	var epcis []decoupageEPCI
	var depts []Departement
	var regions []Region
	if err := decode(open, "communes.json", &communes); err != nil {
		return nil, err
	}
	if err := decode(open, "epci.json", &epcis); err != nil {
		return nil, err
	}
	var rawDepts []struct{ Code, Nom, Region string }
	if err := decode(open, "departements.json", &rawDepts); err != nil {
		return nil, err
	}
	for _, d := range rawDepts {
		depts = append(depts, Departement{Code: d.Code, Nom: d.Nom, Region: d.Region})
	}
	var rawRegions []struct{ Code, Nom string }
	if err := decode(open, "regions.json", &rawRegions); err != nil {
		return nil, err
	}
	for _, g := range rawRegions {
		regions = append(regions, Region{Code: g.Code, Nom: g.Nom})
	}
	epciOf := map[string]string{}
	r := &Referential{Departements: depts, Regions: regions}
	for _, e := range epcis {
		r.EPCIs = append(r.EPCIs, EPCI{Code: e.Code, Nom: e.Nom, Type: e.Type, Population: e.PopulationTotale})
		for _, m := range e.Membres {
			epciOf[m.Code] = e.Code
		}
	}
	for _, c := range communes {
		if c.Type != "commune-actuelle" && c.Type != "arrondissement-municipal" {
			continue
		}
		epci := epciOf[c.Code]
		if c.Commune != "" {
			epci = epciOf[c.Commune]
		}
		r.Communes = append(r.Communes, Commune{Code: c.Code, Nom: c.Nom, Departement: c.Departement, Region: c.Region,
			EPCI: epci, CodesPostaux: c.CodesPostaux, Population: c.Population})
	}
	if len(r.Communes) == 0 {
		return nil, fmt.Errorf("communes.json : aucune commune")
	}
	return r.Index(), nil
}

// LoadCentres reads commune centres, as geo.api.gouv.fr gives them
// (/communes?fields=code,centre: [{"code": "01001", "centre": {"type":
// "Point", "coordinates": [lon, lat]}}]) or as a CSV with columns insee (or
// code), lon and lat, and sets them on the referential's communes. It
// returns how many communes got a centre.
func (r *Referential) LoadCentres(in io.Reader) (int, error) {
	centres, err := readCentres(in)
	n := 0
	for code, p := range centres {
		if i, ok := r.byCode[code]; ok {
			r.Communes[i].Centre = &Point{Lat: p.Lat, Lon: p.Lon}
			n++
		}
	}
	return n, err
}

// readCentres reads the centres of a JSON or CSV file (see LoadCentres),
// keeping those within range.
func readCentres(in io.Reader) (map[string]Point, error) {
	var head [1]byte
	br := &peekReader{r: in}
	if _, err := br.peek(head[:]); err != nil {
		return nil, fmt.Errorf("centres des communes : fichier vide")
	}
	out := map[string]Point{}
	set := func(code string, lat, lon float64) {
		if lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 {
			out[code] = Point{Lat: lat, Lon: lon}
		}
	}
	if head[0] == '[' {
		var list []struct {
			Code   string `json:"code"`
			Centre struct {
				Coordinates []float64 `json:"coordinates"`
			} `json:"centre"`
		}
		if err := json.NewDecoder(br).Decode(&list); err != nil {
			return nil, fmt.Errorf("centres des communes : JSON illisible : %w", err)
		}
		for _, c := range list {
			if len(c.Centre.Coordinates) == 2 {
				set(c.Code, c.Centre.Coordinates[1], c.Centre.Coordinates[0])
			}
		}
		return out, nil
	}
	cr := csv.NewReader(br)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("centres des communes : CSV illisible : %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	ci, ok := col["insee"]
	if !ok {
		ci, ok = col["code"]
	}
	li, ok2 := col["lat"]
	oi, ok3 := col["lon"]
	if !ok || !ok2 || !ok3 {
		return nil, fmt.Errorf("centres des communes : colonnes insee (ou code), lat et lon attendues")
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("centres des communes : %w", err)
		}
		lat, err1 := strconv.ParseFloat(rec[li], 64)
		lon, err2 := strconv.ParseFloat(rec[oi], 64)
		if err1 == nil && err2 == nil {
			set(rec[ci], lat, lon)
		}
	}
}

type peekReader struct {
	r   io.Reader
	buf []byte
}

func (p *peekReader) peek(b []byte) (int, error) {
	for len(p.buf) < len(b) {
		tmp := make([]byte, 512)
		n, err := p.r.Read(tmp)
		p.buf = append(p.buf, tmp[:n]...)
		// skip a BOM and leading spaces
		p.buf = []byte(strings.TrimLeft(strings.TrimPrefix(string(p.buf), "\ufeff"), " \t\r\n"))
		if err != nil {
			if len(p.buf) >= len(b) {
				break
			}
			return 0, err
		}
	}
	return copy(b, p.buf), nil
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}
