package web

import (
	"context"
	"math"
	"strings"
	"testing"

	"maillage/internal/fragility"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
	"maillage/internal/territory"
)

// The page's « Sources et méthodes » say where the places come from (the
// registry's sources and when each was harvested, when the registry last
// changed), the fragility's vintage in a sentence, and name a layer's
// file by its base name only.
func TestDiagnosticSourcesSayWhereFrom(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	qpv := storetest.QPVLayer(monday10h)
	qpv.Source = "/srv/maillage/secret/QP2024_France.geojson.gz"
	if err := ts.store.ReplaceLayer(ctx, qpv); err != nil {
		t.Fatal(err)
	}
	idx := &fragility.Index{Level: fragility.LevelCommune, Vintage: "2020", Source: "ifn-2020.csv", Rows: map[string]fragility.IndexRow{}}
	for code, score := range map[string]float64{"81004": 100, "31555": 120} {
		idx.Rows[code] = fragility.IndexRow{Code: code, Score: score, Population: math.NaN()}
	}
	if err := ts.store.ReplaceFragilityIndex(ctx, idx); err != nil {
		t.Fatal(err)
	}
	for _, src := range []store.Source{
		{Name: "hub-tarn", Type: store.SourceStandard, URL: "https://exemple.fr/lieux.csv", DeclaredBy: "test"},
		{Name: "jamais", Type: store.SourceCoop, DeclaredBy: "test"},
	} {
		if err := ts.store.DeclareSource(ctx, src); err != nil {
			t.Fatal(err)
		}
	}
	harvested(t, ts, store.HarvestRun{Source: "hub-tarn", Status: store.HarvestDone, Created: 3})
	if err := ts.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	res := ts.get(t, "/diagnostic/departement/31")
	if res.StatusCode != 200 {
		t.Fatalf("%d: %s", res.StatusCode, res.Body)
	}
	b := res.Body
	i := strings.Index(b, `<h2 id="sources">`)
	if i < 0 {
		t.Fatal("no sources section")
	}
	sources := b[i:]
	for _, want := range []string{
		"<dt>Registre des lieux</dt><dd>",
		"Registre mis à jour le 23 novembre 2026",
		"hub-tarn (moissonnée le 23 novembre 2026)",
		"jamais (jamais moissonnée)",
		"Indice : millésime 2020.",
		"QP2024_France.geojson.gz",
	} {
		if !strings.Contains(sources, want) {
			t.Errorf("sources lack %q:\n%s", want, sources)
		}
	}
	for _, bad := range []string{"2020. indice", "/srv/maillage", "secret"} {
		if strings.Contains(b, bad) {
			t.Errorf("the page says %q", bad)
		}
	}
}

// The population is said as what it is, the INSEE population légale of
// the referential, without a year that would be the geography's
// (@etalab/decoupage-administratif 6.0.0 is the COG 2026, not a census of
// 2026): on the page's sources, /donnees and the JSON (review 9, new user,
// 2).
func TestDiagnosticPopulationWords(t *testing.T) {
	ref := storetest.Referential()
	ref.CommunesVintage = territory.Vintage{Layer: "communes", Vintage: "2026", Source: "@etalab/decoupage-administratif 6.0.0"}
	ts := diagServer(t, ref.Index())
	const want = "opulation légale INSEE du référentiel (découpage administratif 2026)"
	for _, path := range []string{"/diagnostic/departement/31", "/donnees", "/api/v1/diagnostic/departement/31"} {
		res := ts.get(t, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		if !strings.Contains(res.Body, want) {
			t.Errorf("%s does not say %q", path, want)
		}
		if strings.Contains(res.Body, "millésime 2026") || strings.Contains(res.Body, "millesime_population") {
			t.Errorf("%s gives the population the vintage 2026", path)
		}
	}
	for _, c := range []struct {
		v    territory.Vintage
		want string
	}{
		{territory.Vintage{Vintage: "2026", Source: "@etalab/decoupage-administratif 6.0.0"}, "population légale INSEE du référentiel (découpage administratif 2026)"},
		{territory.Vintage{Source: "@etalab/decoupage-administratif 6.0.0"}, "population légale INSEE du référentiel (découpage administratif)"},
		{territory.Vintage{Vintage: "2025", Source: "communes.json"}, "population du référentiel (millésime 2025)"},
		{territory.Vintage{}, "population du référentiel"},
	} {
		if got := c.v.PopulationWords(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.v, got, c.want)
		}
	}
}
