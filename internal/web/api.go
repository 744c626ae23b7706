package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"maillage/internal/failure"
	"maillage/internal/search"
)

// The JSON API: /api/v1, documented by openapi.json.

func cors(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	cors(w)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	// Encoded first (as json.Encoder does anyway), so that its length is
	// known: a small answer is not compressed (gzipSmall).
	b, err := json.Marshal(v)
	if err == nil {
		b = append(b, '\n')
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	}
	w.WriteHeader(status)
	w.Write(b)
}

// apiError answers an API error with a JSON body.
func apiError(w http.ResponseWriter, status int, message string) {
	writeAPIError(w, status, codeOfStatus(status), message, nil)
}

// apiSearch runs the search of an API request, without facet counts; ok is
// false when a parameter was refused (the 400 is already answered).
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) (*searchRequest, search.Result, bool) {
	req, perr := s.parseSearch(r.Context(), r.URL.Query(), false)
	if perr != nil {
		badParam(w, perr)
		return nil, search.Result{}, false
	}
	req.Query.NoFacets = true
	return req, s.indexOf(r.Context()).Search(req.Query), true
}

func badParam(w http.ResponseWriter, e *ParamError) {
	e = clipParamError(e)
	writeAPIError(w, http.StatusBadRequest, string(failure.Invalid), "paramètre « "+e.Param+" » invalide : "+e.Message, e)
}

// appendHit appends a place as the API gives it: the record in the
// standard, its fraicheur on day, with distance_km (and
// position_approchee) when a point was given.
func appendHit(b []byte, h *search.Hit, withDistance bool, day time.Time) []byte {
	b = appendPlace(b, h.Lieu, day)
	if withDistance && h.DistanceKm >= 0 {
		b = b[:len(b)-1]
		b = append(b, `,"distance_km":`...)
		b = strconv.AppendFloat(b, float64(int(h.DistanceKm*100+0.5))/100, 'f', -1, 64)
		if h.Approx {
			b = append(b, `,"position_approchee":true`...)
		}
		b = append(b, '}')
	}
	return b
}
