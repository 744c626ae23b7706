package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/search"
)

// searchFilterParams are the query parameters that filter a search, in the
// API and on the pages (parseSearch reads them).
func searchFilterParams() []string {
	return append(search.VocabularyFacets(), "horaires", "ouvert", "pass_numerique", "pass", "qpv", "departement", "epci", "code_insee",
		"lat", "lon", "rayon_km", "tri", "q")
}

// apiParams are the query parameters each API route (and each route the
// OpenAPI document describes) accepts: any other is answered with a 400
// that names it. The OpenAPI test checks that the
// document lists exactly these.
var apiParams = func() map[string][]string {
	filters := searchFilterParams()
	paged := append(slices.Clone(filters), "page", "par_page")
	return map[string][]string{
		"GET /api/v1/lieux":             paged,
		"GET /api/v1/lieux.geojson":     paged,
		"GET /api/v1/lieux/{id}":        {},
		"GET /api/v1/lieux/changements": {"depuis", "limite"},
		"GET /api/v1/clusters":          append([]string{"bbox", "zoom"}, filters...),
		"GET /api/v1/facettes":          filters,
		"GET /api/v1/openapi.json":      {},
		"GET /api/v1/compte":            {},

		// The Pass numérique (api_pass*.go).
		"GET /api/v1/pass/{code}":              {},
		"POST /api/v1/pass/{code}/utilisation": {},

		// Orientations (api_orientations.go).
		"GET /api/v1/orientations":     {},
		"POST /api/v1/orientations":    {},
		"GET /api/v1/orientations/{n}": {},
		// The activities (api_activites.go).
		"GET /api/v1/activites":     {"du", "au", "territoire", "type", "source", "limite", "curseur"},
		"POST /api/v1/activites":    {},
		"GET /api/v1/activites/{n}": {},
		// The statistics (api_statistiques.go).
		"GET /api/v1/statistiques":                {"territoire", "du", "au"},
		"GET /api/v1/statistiques/public/{jeton}": {},

		// The diagnostic: the format is a suffix of the address (.csv,
		// .json) or format=, and a suffix of the code for {type}/{code}.
		"GET /api/v1/diagnostic/france":                       append(slices.Clone(diagnosticParamNames), "format"),
		"GET /api/v1/diagnostic/france.csv":                   diagnosticParamNames,
		"GET /api/v1/diagnostic/france.json":                  diagnosticParamNames,
		"GET /api/v1/diagnostic/france/implanter":             append(slices.Clone(diagnosticParamNames), "format", "nombre"),
		"GET /api/v1/diagnostic/france/implanter.csv":         append(slices.Clone(diagnosticParamNames), "nombre"),
		"GET /api/v1/diagnostic/france/implanter.json":        append(slices.Clone(diagnosticParamNames), "nombre"),
		"GET /api/v1/diagnostic/{type}/{code}":                append(slices.Clone(diagnosticParamNames), "format"),
		"GET /api/v1/diagnostic/{type}/{code}/implanter":      append(slices.Clone(diagnosticParamNames), "format", "nombre"),
		"GET /api/v1/diagnostic/{type}/{code}/implanter.csv":  append(slices.Clone(diagnosticParamNames), "nombre"),
		"GET /api/v1/diagnostic/{type}/{code}/implanter.json": append(slices.Clone(diagnosticParamNames), "nombre"),

		// The map's layers, documented with the API.
		"GET /carte/couches/{fichier}": {"bbox", "zoom"},
	}
}()

// onlyParams answers 400 when the request has a query parameter outside
// accepted, or one that takes one value given several times, rather than
// ignoring it or reading its first value silently.
func onlyParams(accepted []string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if twice := repeated(r.URL.Query(), accepted); len(twice) > 0 {
			badParam(w, twice[0])
			return
		}
		var unknown []string
		for name := range r.URL.Query() {
			if !slices.Contains(accepted, name) {
				unknown = append(unknown, name)
			}
		}
		if len(unknown) == 0 {
			next(w, r)
			return
		}
		slices.Sort(unknown)
		ok := slices.Sorted(slices.Values(accepted))
		msg := french.Plural(len(unknown), "paramètre inconnu", "paramètres inconnus") + " : " + strings.Join(unknown, ", ")
		if len(ok) == 0 {
			msg += " (cette route n'en accepte aucun)"
		} else {
			msg += " (voir valeurs_acceptees et /api/v1/openapi.json)"
		}
		query := r.URL.Query()
		given := make([]string, len(unknown))
		for i, name := range unknown {
			given[i] = strings.Join(query[name], " ")
		}
		reason := ""
		if isPassAPI(r.URL.Path) {
			reason = string(failure.Invalid)
		}
		writeJSON(w, http.StatusBadRequest, apiProblem{Code: string(failure.Invalid), Erreur: msg, Raison: reason,
			ParamError: &ParamError{Param: strings.Join(unknown, ", "), Value: strings.Join(given, ", "), Message: msg, Accepted: ok}, Unknown: unknown})
	}
}

// multiValued tells whether a query parameter takes several values
// (repeated, or joined with "|"): the search's filters.
func multiValued(name string) bool {
	return slices.Contains(search.VocabularyFacets(), name) || slices.Contains([]string{"horaires", "qpv", "departement", "epci", "code_insee"}, name)
}

// repeated returns, in the order of names, the parameters that take one
// value and that the query gives several times: the API and the pages
// refuse them rather than read the first value.
func repeated(q url.Values, names []string) []*ParamError {
	var out []*ParamError
	for _, name := range names {
		if vs := q[name]; len(vs) > 1 && !multiValued(name) {
			out = append(out, &ParamError{Param: name, Value: strings.Join(vs, ", "), Message: fmt.Sprintf("donné %d fois : une seule valeur attendue", len(vs))})
		}
	}
	return out
}
