package diagnostic

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"maillage/internal/access"
	"maillage/internal/standard"
	"maillage/internal/territory"
)

// Columns are the CSV columns of a report's rows, in order: those issue 9
// asks for first, then the flags.
var Columns = []string{"code_insee", "nom", "departement", "epci", "population", "personnes_a_risque", "fragilite", "lieux",
	"accessibilite", "distance_km", "qpv", "au_dela_20_min", "au_dela_30_min", "desservie", "personnes_a_risque_non_desservies"}

// ImplantColumns are the CSV columns of an implantation's picks.
var ImplantColumns = []string{"rang", "code_insee", "nom", "personnes_couvertes", "communes_couvertes", "population_couverte", "latitude", "longitude", "centre_commune", "id"}

// num writes a number with at most prec decimals, a point, no exponent;
// "" for NaN or an infinity (unknown, none).
func num(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	v = math.Round(v*math.Pow10(prec)) / math.Pow10(prec)
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// CSV writes the rows of a report: one line per commune, Columns first.
// Numbers have a decimal point; an unknown fragility and a distance with
// no place at all are empty. The file is meant for a spreadsheet: a text
// that would start a formula gets a leading apostrophe
// (standard.SpreadsheetRow; names come from outside).
func (r *Report) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, row := range r.Rows {
		rec := []string{row.Code, row.Name, row.Departement, row.EPCI, num(row.Population, 0), num(row.AtRisk, 1), num(row.Fragility, 2),
			strconv.Itoa(row.Places), num(row.Accessibility, 4), num(row.DistanceKm, DistanceDigits(row, r.Options, 2)), yesNo(row.InQPV), yesNo(row.Beyond20), yesNo(row.Beyond30),
			yesNo(row.Served), num(row.UnservedAtRisk, 1)}
		if err := cw.Write(standard.SpreadsheetRow(rec)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CSV writes the picks of an implantation, ImplantColumns, neutralised
// for a spreadsheet as Report.CSV (ids and names may come from a
// candidates file).
func (im *Implantation) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ImplantColumns); err != nil {
		return err
	}
	for _, p := range im.Picks {
		rec := []string{strconv.Itoa(p.Rank), p.Code, p.Name, num(p.Covered, 1), strconv.Itoa(p.Communes), num(p.People, 0),
			num(p.Lat, 6), num(p.Lon, 6), yesNo(p.Approx), p.ID}
		if err := cw.Write(standard.SpreadsheetRow(rec)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// The JSON documents, with French keys as the rest of the API.

type jsonTerritory struct {
	Type string `json:"type"`
	Code string `json:"code,omitempty"`
	Nom  string `json:"nom"`
}

type jsonOptions struct {
	Methode     string  `json:"methode"`
	Cout        string  `json:"cout"`
	Seuil       float64 `json:"seuil"`
	Unite       string  `json:"unite"`
	Service     string  `json:"service,omitempty"`
	Ponderation string  `json:"ponderation"`
	Detour      float64 `json:"detour"`
	VitesseKmh  float64 `json:"vitesse_kmh"`
}

type jsonRow struct {
	Code           string   `json:"code_insee"`
	Nom            string   `json:"nom"`
	Departement    string   `json:"departement"`
	EPCI           string   `json:"epci,omitempty"`
	Population     float64  `json:"population"`
	AtRisk         float64  `json:"personnes_a_risque"`
	Fragility      *float64 `json:"fragilite"`
	Places         int      `json:"lieux"`
	Accessibility  float64  `json:"accessibilite"`
	DistanceKm     *float64 `json:"distance_km"`
	InQPV          bool     `json:"qpv"`
	Beyond20       bool     `json:"au_dela_20_min"`
	Beyond30       bool     `json:"au_dela_30_min"`
	Served         bool     `json:"desservie"`
	UnservedAtRisk float64  `json:"personnes_a_risque_non_desservies"`
}

type jsonUnit struct {
	Type           string   `json:"type"`
	Code           string   `json:"code,omitempty"`
	Nom            string   `json:"nom"`
	Population     float64  `json:"population"`
	AtRisk         float64  `json:"personnes_a_risque"`
	Fragility      *float64 `json:"fragilite"`
	Places         int      `json:"lieux"`
	Accessibility  float64  `json:"accessibilite"`
	UnservedAtRisk float64  `json:"personnes_a_risque_non_desservies"`
	Communes       int      `json:"communes"`
	CrossBorder    bool     `json:"epci_a_cheval"`
}

type jsonGap struct {
	Communes int     `json:"communes"`
	People   float64 `json:"population"`
	AtRisk   float64 `json:"personnes_a_risque"`
}

type jsonOffer struct {
	Places       int     `json:"lieux"`
	Kept         int     `json:"retenus"`
	OtherService int     `json:"sans_le_service"`
	UnknownHours int     `json:"horaires_inconnus"`
	Closed       int     `json:"jamais_ouverts"`
	NoPosition   int     `json:"sans_position"`
	Approx       int     `json:"au_centre_de_la_commune"`
	MedianHours  float64 `json:"heures_medianes,omitempty"`
}

type jsonVintage struct {
	Couche    string `json:"couche"`
	Millesime string `json:"millesime"`
	Source    string `json:"source,omitempty"`
}

type jsonSources struct {
	Population        string        `json:"population,omitempty"`
	IndexVintage      string        `json:"millesime_indice,omitempty"`
	IndicatorsVintage string        `json:"millesime_indicateurs,omitempty"`
	AtRiskMethod      string        `json:"methode_personnes_a_risque"`
	IndexMethod       string        `json:"methode_indice"`
	Echelle           string        `json:"echelle_fragilite,omitempty"`
	Couches           []jsonVintage `json:"couches"`
}

type jsonReport struct {
	Territoire   jsonTerritory `json:"territoire"`
	Revision     string        `json:"revision"`
	Options      jsonOptions   `json:"options"`
	Key          []string      `json:"chiffres_cles"`
	Notes        []string      `json:"remarques"`
	Total        jsonUnit      `json:"total"`
	Sub          []jsonUnit    `json:"sous_territoires"`
	NonDesservis jsonGap       `json:"non_desservis"`
	Offre        jsonOffer     `json:"offre"`
	Sources      jsonSources   `json:"sources"`
	Communes     []jsonRow     `json:"communes"`
	Perime       *jsonStale    `json:"perime,omitempty"`
}

func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func round(v float64, prec int) float64 {
	p := math.Pow10(prec)
	return math.Round(v*p) / p
}

func territoryJSON(t Territory) jsonTerritory { return jsonTerritory{t.Kind, t.Code, t.Name} }

func optionsJSON(o Options) jsonOptions {
	return jsonOptions{Methode: o.Method, Cout: o.Cost, Seuil: o.Catchment(), Unite: o.Unit(), Service: o.Service,
		Ponderation: o.Weighting, Detour: o.Detour, VitesseKmh: o.Vitesse}
}

func unitJSON(u Unit) jsonUnit {
	f := finite(u.Fragility)
	if f != nil {
		*f = round(*f, 2)
	}
	return jsonUnit{Type: u.Kind, Code: u.Code, Nom: u.Name, Population: round(u.Population, 0), AtRisk: round(u.AtRisk, 1), Fragility: f,
		Places: u.Places, Accessibility: round(u.Accessibility, 4), UnservedAtRisk: round(u.UnservedAtRisk, 1), Communes: u.Communes,
		CrossBorder: u.CrossBorder}
}

func gapJSON(g access.Gap) jsonGap {
	return jsonGap{Communes: g.Communes, People: round(g.People, 0), AtRisk: round(g.AtRisk, 1)}
}

// JSON writes the report as the API's JSON document.
func (r *Report) JSON(w io.Writer) error {
	doc := jsonReport{
		Territoire:   territoryJSON(r.Territory),
		Revision:     r.Revision,
		Options:      optionsJSON(r.Options),
		Key:          r.Key,
		Notes:        r.Notes,
		Total:        unitJSON(r.Total),
		Sub:          []jsonUnit{},
		NonDesservis: gapJSON(r.Unserved),
		Offre: jsonOffer{Places: r.Offer.Places, Kept: r.Offer.Kept, OtherService: r.Offer.OtherService, UnknownHours: r.Offer.UnknownHours,
			Closed: r.Offer.Closed, NoPosition: r.Offer.NoPosition, Approx: r.Offer.Approx, MedianHours: round(r.Offer.MedianHours, 2)},
		Sources: jsonSources{Population: r.Info.Population, IndexVintage: r.Info.IndexVintage, IndicatorsVintage: r.Info.IndicatorsVintage,
			AtRiskMethod: r.Info.AtRiskMethod, IndexMethod: r.Info.IndexMethod, Echelle: r.Scale, Couches: []jsonVintage{}},
		Communes: make([]jsonRow, 0, len(r.Rows)),
		Perime:   staleJSON(r.Stale, r.Revision),
	}
	for _, v := range r.Vintages {
		doc.Sources.Couches = append(doc.Sources.Couches, jsonVintage{v.Layer, v.Vintage, territory.PublicSource(v.Source)})
	}
	for _, u := range r.Sub {
		doc.Sub = append(doc.Sub, unitJSON(u))
	}
	for _, row := range r.Rows {
		f, d := finite(row.Fragility), finite(row.DistanceKm)
		if f != nil {
			*f = round(*f, 2)
		}
		if d != nil {
			*d = round(*d, DistanceDigits(row, r.Options, 2))
		}
		doc.Communes = append(doc.Communes, jsonRow{Code: row.Code, Nom: row.Name, Departement: row.Departement, EPCI: row.EPCI,
			Population: round(row.Population, 0), AtRisk: round(row.AtRisk, 1), Fragility: f, Places: row.Places,
			Accessibility: round(row.Accessibility, 4), DistanceKm: d, InQPV: row.InQPV, Beyond20: row.Beyond20, Beyond30: row.Beyond30,
			Served: row.Served, UnservedAtRisk: round(row.UnservedAtRisk, 1)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

type jsonPick struct {
	Rank     int     `json:"rang"`
	Code     string  `json:"code_insee,omitempty"`
	Nom      string  `json:"nom"`
	Covered  float64 `json:"personnes_couvertes"`
	Communes int     `json:"communes_couvertes"`
	People   float64 `json:"population_couverte"`
	Lat      float64 `json:"latitude"`
	Lon      float64 `json:"longitude"`
	Approx   bool    `json:"centre_commune"`
	ID       string  `json:"id"`
}

type jsonImplantation struct {
	Territoire jsonTerritory `json:"territoire"`
	Revision   string        `json:"revision"`
	Options    jsonOptions   `json:"options"`
	Nombre     int           `json:"nombre"`
	Candidats  string        `json:"candidats"`
	Choix      []jsonPick    `json:"choix"`
	Avant      jsonGap       `json:"avant"`
	Apres      jsonGap       `json:"apres"`
	Garantie   string        `json:"garantie"`
	Perime     *jsonStale    `json:"perime,omitempty"`
}

// JSON writes the implantation as the API's JSON document.
func (im *Implantation) JSON(w io.Writer) error {
	doc := jsonImplantation{Territoire: territoryJSON(im.Territory), Revision: im.Revision, Options: optionsJSON(im.Options), Nombre: im.K,
		Candidats: im.Candidates, Choix: []jsonPick{}, Avant: gapJSON(im.Before), Apres: gapJSON(im.After), Garantie: im.Guarantee,
		Perime: staleJSON(im.Stale, im.Revision)}
	for _, p := range im.Picks {
		doc.Choix = append(doc.Choix, jsonPick{Rank: p.Rank, Code: p.Code, Nom: p.Name, Covered: round(p.Covered, 1), Communes: p.Communes,
			People: round(p.People, 0), Lat: round(p.Lat, 6), Lon: round(p.Lon, 6), Approx: p.Approx, ID: p.ID})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
