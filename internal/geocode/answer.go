package geocode

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"maillage/internal/territory"
)

// parseSearchAnswer reads the search endpoint's answer (a GeoJSON
// FeatureCollection) and returns its first result.
func parseSearchAnswer(r io.Reader) (Answer, error) {
	var br banResponse
	if err := json.NewDecoder(r).Decode(&br); err != nil {
		return Answer{}, fmt.Errorf("géocodeur : réponse illisible : %w", err)
	}
	for _, f := range br.Features {
		c := f.Geometry.Coordinates
		if len(c) != 2 || !validPosition(c[1], c[0]) {
			continue
		}
		p := f.Properties
		return Answer{Found: true, Lat: c[1], Lon: c[0], Label: p.Label, Score: p.Score, Type: p.Type, Citycode: p.Citycode}, nil
	}
	return Answer{}, nil
}

func validPosition(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && !(lat == 0 && lon == 0)
}

// ParseCSVAnswer reads the CSV endpoint's answer to n rows sent with
// their number in a column id: the rows sent, followed by the columns
// latitude, longitude, result_label, result_score, result_type,
// result_citycode (and others, ignored). It returns the answers by row
// number; a row without a result (empty or not-found result_status)
// answers Found false, and every row of the answer has a number below n.
func ParseCSVAnswer(r io.Reader, n int) (map[int]Answer, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("géocodeur : réponse CSV illisible : %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, need := range []string{"id", "latitude", "longitude", "result_score", "result_citycode"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("géocodeur : réponse CSV sans colonne %s", need)
		}
	}
	get := func(row []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	out := make(map[int]Answer, n)
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("géocodeur : réponse CSV illisible : %w", err)
		}
		id, err := strconv.Atoi(get(row, "id"))
		if err != nil || id < 0 || id >= n {
			return nil, fmt.Errorf("géocodeur : réponse CSV, ligne %d : numéro de ligne « %s » inconnu", line, get(row, "id"))
		}
		a := Answer{}
		lat, errLat := strconv.ParseFloat(get(row, "latitude"), 64)
		lon, errLon := strconv.ParseFloat(get(row, "longitude"), 64)
		score, errScore := strconv.ParseFloat(get(row, "result_score"), 64)
		status := get(row, "result_status")
		if errLat == nil && errLon == nil && errScore == nil && validPosition(lat, lon) && score >= 0 && score <= 1 && (status == "" || status == "ok") {
			a = Answer{Found: true, Lat: lat, Lon: lon, Label: get(row, "result_label"), Score: score,
				Type: get(row, "result_type"), Citycode: get(row, "result_citycode")}
		}
		out[id] = a
	}
	return out, nil
}

// DefaultMinScore is the score from which an answer is accepted: the
// national pipeline's threshold for its search geocoding (0.6); its CSV
// geocoding asks 0.9, which on hub data leaves many addresses with their
// source's position or none.
const DefaultMinScore = 0.6

// Accept tells whether an answer places the request: found in the
// request's commune (its arrondissements for Paris, Lyon and Marseille),
// at the address (the commune alone only when the address is empty or
// vague: "le bourg", "mairie"…), scored minScore or more. why says, in
// French, why not.
func Accept(r Request, a Answer, minScore float64) (ok bool, why string) {
	switch {
	case !a.Found:
		return false, "adresse introuvable dans la commune"
	case r.CodeINSEE != "" && a.Citycode != r.CodeINSEE && territory.ParentOf(a.Citycode) != r.CodeINSEE:
		return false, fmt.Sprintf("résultat dans une autre commune (code INSEE %s) : « %s »", a.Citycode, a.Label)
	case a.Type == "municipality" && !Vague(r.Adresse):
		return false, fmt.Sprintf("seule la commune est trouvée, pas l'adresse : « %s »", a.Label)
	case a.Score < minScore:
		return false, fmt.Sprintf("résultat incertain « %s » : score %s, sous le seuil %s", a.Label, strconv.FormatFloat(a.Score, 'f', 2, 64), strconv.FormatFloat(minScore, 'f', 2, 64))
	}
	return true, ""
}

// vagueWords are the words of an address that designate no street:
// "Le Bourg", "Mairie", "Centre-ville"…
var vagueWords = map[string]bool{"le": true, "la": true, "l": true, "du": true, "de": true, "bourg": true, "village": true,
	"mairie": true, "centre": true, "ville": true, "hotel": true}

// Vague reports whether an address designates no more than its commune:
// empty, or only words such as "bourg", "village", "mairie".
func Vague(adresse string) bool {
	for _, w := range strings.Fields(territory.Fold(adresse)) {
		if !vagueWords[w] {
			return false
		}
	}
	return true
}
