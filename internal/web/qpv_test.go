package web

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store/storetest"
)

// qpvServer serves places against storetest.QPVLayer (QN03101M « Le
// Mirail – Université », the square 43.60–43.62 × 1.40–1.42 with a hole),
// loaded when withLayer.
func qpvServer(t *testing.T, withLayer bool) *testServer {
	t.Helper()
	east200m := 1.42 + 0.2/(111.195*math.Cos(43.61*math.Pi/180))
	ls := append(fixture(),
		lieu("mirail", 43.601, 1.401, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Centre social du Mirail", "Toulouse", "31555", "31100"
		}),
		lieu("bordure", 43.61, east200m, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Espace numérique de la Bordure", "Toulouse", "31555", "31100"
		}))
	ts := newTestServer(t, ls...)
	if withLayer {
		if err := ts.store.ReplaceLayer(context.Background(), storetest.QPVLayer(monday10h)); err != nil {
			t.Fatal(err)
		}
		if err := ts.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return ts
}

func TestQPVFilterAPI(t *testing.T) {
	ts := qpvServer(t, true)
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"qpv=dans", []string{"mirail"}},
		{"qpv=proche", []string{"bordure", "mirail"}},
		{"qpv=dans&qpv=proche", []string{"bordure", "mirail"}},
		{"qpv=dans&departement=81", nil},
	} {
		res := ts.get(t, "/api/v1/lieux?"+tt.query)
		var out struct {
			Lieux []struct {
				ID string `json:"id"`
			} `json:"lieux"`
		}
		decode(t, res.Body, &out)
		var got []string
		for _, l := range out.Lieux {
			got = append(got, l.ID)
		}
		sort.Strings(got)
		if res.StatusCode != 200 || !slices.Equal(got, tt.want) {
			t.Errorf("%s: %d %v, want %v", tt.query, res.StatusCode, got, tt.want)
		}
	}
	for _, tt := range []struct{ id, want string }{
		{"mirail", `"territoire":{"code_insee":"31555","epci":"243100518","departement":"31","region":"76","qpv":{"code":"QN03101M","nom":"Le Mirail – Université"},"millesime_qpv":"2024"}}`},
		{"bordure", `"territoire":{"code_insee":"31555","epci":"243100518","departement":"31","region":"76","qpv_proches":[{"code":"QN03101M","nom":"Le Mirail – Université"}],"millesime_qpv":"2024"}}`},
		{"albi-1", `"territoire":{"code_insee":"81004","epci":"248100737","departement":"81","region":"76","millesime_qpv":"2024"}}`},
	} {
		if res := ts.get(t, "/api/v1/lieux/"+tt.id); res.StatusCode != 200 || !strings.HasSuffix(strings.TrimSpace(res.Body), tt.want) {
			t.Errorf("/api/v1/lieux/%s: %d %s\nwant it to end with %s", tt.id, res.StatusCode, res.Body, tt.want)
		}
	}
	res := ts.get(t, "/api/v1/lieux?qpv=partout")
	if res.StatusCode != 400 || !strings.Contains(res.Body, `"parametre":"qpv"`) || !strings.Contains(res.Body, `"valeurs_acceptees":["dans","proche"]`) {
		t.Errorf("unknown value: %d %s", res.StatusCode, res.Body)
	}
	var facets struct {
		Facettes map[string][]struct {
			Valeur  string `json:"valeur"`
			Libelle string `json:"libelle"`
			Nombre  int    `json:"nombre"`
		} `json:"facettes"`
	}
	decode(t, ts.get(t, "/api/v1/facettes").Body, &facets)
	q := facets.Facettes["qpv"]
	if len(q) != 2 || q[0].Valeur != "dans" || q[0].Nombre != 1 || q[1].Valeur != "proche" || q[1].Nombre != 2 ||
		q[1].Libelle != "Dans un quartier prioritaire ou à moins de 300 m" {
		t.Errorf("facette qpv: %+v", q)
	}
}

func TestQPVFilterPage(t *testing.T) {
	ts := qpvServer(t, true)
	res := ts.get(t, "/recherche")
	for _, want := range []string{
		"<legend>Quartiers prioritaires (QPV, liste 2024)</legend>",
		`name="qpv" value="dans"`, `Dans un quartier prioritaire <span class="compte">(1)</span>`,
		`name="qpv" value="proche"`, `Dans un quartier prioritaire ou à moins de 300 m <span class="compte">(2)</span>`,
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("/recherche lacks %q", want)
		}
	}
	res = ts.get(t, "/recherche?qpv=dans")
	if !strings.Contains(res.Body, "Centre social du Mirail") || strings.Contains(res.Body, "EPN du Capitole") ||
		!strings.Contains(res.Body, `name="qpv" value="dans" checked`) {
		t.Errorf("/recherche?qpv=dans: %s", res.Body)
	}
	for _, tt := range []struct{ id, want string }{
		{"mirail", "Ce lieu est dans le quartier prioritaire « Le Mirail – Université » <span class=\"aide\">(quartiers prioritaires de la politique de la ville, liste 2024)</span>."},
		{"bordure", "Ce lieu est à moins de 300 m du QPV « Le Mirail – Université »"},
	} {
		if body := ts.get(t, "/lieux/"+tt.id).Body; !strings.Contains(body, tt.want) {
			t.Errorf("/lieux/%s lacks %q", tt.id, tt.want)
		}
	}
	if body := ts.get(t, "/lieux/tls-1").Body; strings.Contains(body, "quartier prioritaire") || strings.Contains(body, "QPV") {
		t.Errorf("/lieux/tls-1 speaks of a QPV")
	}
	// The open data page says the vintage of every layer, and the parameter.
	body := ts.get(t, "/donnees").Body
	for _, want := range []string{
		"<h2>Référentiel territorial</h2>",
		"<li>Quartiers prioritaires de la politique de la ville (QPV) : millésime 2024, 2 quartiers (qpv2024.geojson.gz), chargé le 23 novembre 2026.</li>",
		"<code>qpv</code> (<code>dans</code> un quartier prioritaire",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/donnees lacks %q", want)
		}
	}
}

// Without a QPV layer, the filter is not offered and a request for it is
// refused, saying why.
func TestQPVFilterWithoutLayer(t *testing.T) {
	ts := qpvServer(t, false)
	if body := ts.get(t, "/recherche").Body; strings.Contains(body, "Quartiers prioritaires") || strings.Contains(body, `name="qpv"`) {
		t.Errorf("QPV filter offered without a layer")
	}
	var facets struct {
		Facettes map[string]any `json:"facettes"`
	}
	decode(t, ts.get(t, "/api/v1/facettes").Body, &facets)
	if _, ok := facets.Facettes["qpv"]; ok {
		t.Errorf("facette qpv without a layer")
	}
	res := ts.get(t, "/api/v1/lieux?qpv=dans")
	if res.StatusCode != 400 || !strings.Contains(res.Body, "ne sont pas chargés sur ce site") {
		t.Errorf("qpv=dans without a layer: %d %s", res.StatusCode, res.Body)
	}
	if body := ts.get(t, "/lieux/mirail").Body; strings.Contains(body, "quartier prioritaire") {
		t.Errorf("place page speaks of a QPV without a layer")
	}
	if body := ts.get(t, "/donnees").Body; strings.Contains(body, "QPV") || strings.Contains(body, "<code>qpv</code>") {
		t.Errorf("/donnees speaks of QPV without a layer")
	}
}
