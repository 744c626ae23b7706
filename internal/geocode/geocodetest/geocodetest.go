// Package geocodetest is a fake of the BAN / Géoplateforme geocoder's
// HTTP API on loopback, for tests: its search endpoint (GET /search,
// GeoJSON) and its CSV endpoint (POST /search/csv/), answering from
// results given by address, in the service's formats, and counting the
// requests and the addresses asked.
package geocodetest

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Result is what the fake answers for an address: the BAN's properties
// of its best feature.
type Result struct {
	Lat, Lon float64
	Label    string
	Score    float64
	Type     string // housenumber, street, locality, municipality
	Citycode string
	Postcode string
	City     string
}

// Server is a fake geocoder.
type Server struct {
	*httptest.Server
	mu sync.Mutex
	// Results by address (as sent in the column adresse, or the start of
	// the search query): the fake finds an address when a key is a prefix
	// of the query.
	results map[string]Result
	// Searches and CSVs count the requests to each endpoint; Rows the
	// addresses asked through the CSV endpoint.
	Searches, CSVs, Rows int
	// Queries are the search queries, Filters the citycodes asked for
	// (by the search endpoint, then by each CSV row).
	Queries, Filters []string
	// Down makes every request fail with 503.
	Down bool
}

// New starts a fake geocoder answering results, closed at the end of
// the test.
func New(t testing.TB, results map[string]Result) *Server {
	s := &Server{results: results}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("POST /search/csv/", s.csv)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// Counts returns the numbers of search and CSV requests.
func (s *Server) Counts() (searches, csvs, rows int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Searches, s.CSVs, s.Rows
}

// SetDown makes the fake fail (503) or answer again.
func (s *Server) SetDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Down = down
}

func (s *Server) find(q, citycode string) (Result, bool) {
	q = strings.ToLower(strings.Join(strings.Fields(q), " "))
	best, bestKey, found := Result{}, "", false
	for k, r := range s.results {
		if !strings.HasPrefix(q, strings.ToLower(k)) {
			continue
		}
		// The service filters on the citycode asked for.
		if citycode != "" && r.Citycode != citycode {
			continue
		}
		if !found || len(k) > len(bestKey) {
			best, bestKey, found = r, k, true
		}
	}
	return best, found
}

type feature struct {
	Type     string `json:"type"`
	Geometry struct {
		Type        string    `json:"type"`
		Coordinates []float64 `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.Searches++
	down := s.Down
	q, city := r.URL.Query().Get("q"), r.URL.Query().Get("citycode")
	s.Queries, s.Filters = append(s.Queries, q), append(s.Filters, city)
	res, ok := s.find(q, city)
	s.mu.Unlock()
	if down {
		http.Error(w, "service indisponible", http.StatusServiceUnavailable)
		return
	}
	out := map[string]any{"type": "FeatureCollection", "version": "draft", "query": q, "limit": 1, "filters": map[string]string{}, "features": []feature{}}
	if city != "" {
		out["filters"] = map[string]string{"citycode": city}
	}
	if ok {
		f := feature{Type: "Feature"}
		f.Geometry.Type = "Point"
		f.Geometry.Coordinates = []float64{res.Lon, res.Lat}
		f.Properties = map[string]any{"label": res.Label, "score": res.Score, "type": res.Type, "citycode": res.Citycode,
			"postcode": res.Postcode, "city": res.City, "id": res.Citycode + "_0450", "name": res.Label, "context": "81, Tarn, Occitanie",
			"importance": 0.6, "x": 0, "y": 0}
		out["features"] = []feature{f}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(out)
}

// resultColumns are the columns the BAN adds to each row of a CSV.
var resultColumns = []string{"latitude", "longitude", "result_label", "result_score", "result_score_next", "result_type", "result_id",
	"result_housenumber", "result_name", "result_street", "result_postcode", "result_city", "result_context", "result_citycode",
	"result_oldcitycode", "result_oldcity", "result_district", "result_status"}

func (s *Server) csv(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.CSVs++
	down := s.Down
	s.mu.Unlock()
	if down {
		http.Error(w, "service indisponible", http.StatusServiceUnavailable)
		return
	}
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	columns, citycode := r.MultipartForm.Value["columns"], r.FormValue("citycode")
	f, _, err := r.FormFile("data")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		http.Error(w, "CSV illisible", http.StatusBadRequest)
		return
	}
	index := map[string]int{}
	for i, h := range rows[0] {
		index[h] = i
	}
	// The citycode filter is optional: without it, the whole country.
	need := columns
	if citycode != "" {
		need = append(append([]string{}, columns...), citycode)
	}
	for _, c := range need {
		if _, ok := index[c]; !ok || c == "" {
			http.Error(w, "colonne inconnue "+c, http.StatusBadRequest)
			return
		}
	}
	cw := csv.NewWriter(w)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	cw.Write(append(append([]string{}, rows[0]...), resultColumns...))
	for _, row := range rows[1:] {
		var q []string
		for _, c := range columns {
			q = append(q, row[index[c]])
		}
		s.mu.Lock()
		s.Rows++
		filter := ""
		if citycode != "" {
			filter = row[index[citycode]]
		}
		s.Filters = append(s.Filters, filter)
		res, ok := s.find(strings.Join(q, " "), filter)
		s.mu.Unlock()
		out := append([]string{}, row...)
		if ok {
			out = append(out, ftoa(res.Lat), ftoa(res.Lon), res.Label, ftoa(res.Score), "", res.Type, res.Citycode+"_0450",
				"", res.Label, "", res.Postcode, res.City, "81, Tarn, Occitanie", res.Citycode, "", "", "", "ok")
		} else {
			out = append(out, "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "not-found")
		}
		cw.Write(out)
	}
	cw.Flush()
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
