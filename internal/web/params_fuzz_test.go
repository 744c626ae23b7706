package web

import (
	"context"
	"net/url"
	"testing"
)

// FuzzSearchParams: any query string gets a search or a ParamError naming
// a parameter, never a panic.
func FuzzSearchParams(f *testing.F) {
	for _, q := range []string{
		"ou=Albi&services=Aide+aux+d%C3%A9marches+administratives&frais_a_charge=Gratuit|Payant",
		"lat=43.6&lon=1.44&rayon_km=10&tri=distance&page=2&par_page=50",
		"ouvert=2026-12-05T10:30&horaires=samedi&pass_numerique=oui&departement=81&epci=248100737&code_insee=81004",
		"bbox=-5,41,10,51.5&zoom=6", "lat=91", "par_page=0", "services=%FF",
	} {
		f.Add(q)
	}
	ts := newTestServer(f, fixture()...)
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		req, perr := ts.parseSearch(context.Background(), v, true)
		if perr != nil {
			if perr.Param == "" && perr.Message == "" {
				t.Fatalf("%q: empty error", raw)
			}
			return
		}
		if req.Query.PerPage < 1 || req.Query.PerPage > 200 || req.Query.Page < 1 {
			t.Fatalf("%q: paging %d/%d", raw, req.Query.Page, req.Query.PerPage)
		}
		ts.index.Load().Search(req.Query)
		if b, perr := parseBBox(v.Get("bbox")); perr == nil {
			ts.index.Load().Clusters(req.Query, *b, 8)
		}
	})
}
