package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// kmPerDegree is 6371 km × π / 180: on one meridian, latitudes d /
// kmPerDegree apart are d km apart.
const kmPerDegree = 111.19492664455873

func onMeridian(km float64) *territory.Point {
	return &territory.Point{Lat: 45 + km/kmPerDegree, Lon: 4}
}

// newDiagnosticServer serves four communes on the meridian 4°E:
// Aval 01001 (0 km, 1 000 inhabitants) and Bourg 01002 (4 km, 2 000) in
// département 01, EPCI 200000001; Cense 02001 (14 km, 500, EPCI
// 200000002) and Dune 02002 (40 km, 300, no EPCI) in département 02. Places:
// p1 in Aval at 0 km (« Aide aux démarches administratives »), p2 in Cense
// at 12 km, p3 in Dune without coordinates.
func newDiagnosticServer(t *testing.T) *testServer {
	t.Helper()
	ctx := context.Background()
	db := openTestStore(t, store.WithClock(func() time.Time { return monday10h }))
	ref := &territory.Referential{
		Communes: []territory.Commune{
			{Code: "01001", Nom: "Aval", Departement: "01", Region: "84", EPCI: "200000001", Population: 1000, Centre: onMeridian(0)},
			{Code: "01002", Nom: "Bourg", Departement: "01", Region: "84", EPCI: "200000001", Population: 2000, Centre: onMeridian(4)},
			{Code: "02001", Nom: "Cense", Departement: "02", Region: "32", EPCI: "200000002", Population: 500, Centre: onMeridian(14)},
			{Code: "02002", Nom: "Dune", Departement: "02", Region: "32", Population: 300, Centre: onMeridian(40)},
		},
		EPCIs:        []territory.EPCI{{Code: "200000001", Nom: "CC de l'Amont"}, {Code: "200000002", Nom: "CC de l'Aval"}},
		Departements: []territory.Departement{{Code: "01", Nom: "Ain", Region: "84"}, {Code: "02", Nom: "Aisne", Region: "32"}},
		Regions:      []territory.Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}, {Code: "32", Nom: "Hauts-de-France"}},
	}
	if err := db.ReplaceTerritories(ctx, ref.Index()); err != nil {
		t.Fatal(err)
	}
	putDiagnosticPlaces(t, db, false, diagnosticPlaces()...)
	s, err := NewServer(ctx, Config{Store: db, Now: func() time.Time { return monday10h }, VendorDir: "testdata/npm", DownloadDir: t.TempDir(),
		BaseURL: "http://maillage.test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: s, h: s.Handler(), store: db}
}

func diagnosticPlaces() []place.Lieu {
	mk := func(id, insee string, p *territory.Point, services ...string) place.Lieu {
		l := place.Lieu{ID: id, Nom: "Lieu " + id, CodeINSEE: insee, Commune: "X", CodePostal: "01000", Adresse: "1 rue", Source: "test",
			DateMaj: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Services: services}
		if p != nil {
			l.Coordinates = &place.Point{Lat: p.Lat, Lon: p.Lon}
		}
		return l
	}
	return []place.Lieu{
		mk("p1", "01001", onMeridian(0), place.ServiceDemarches),
		mk("p2", "02001", onMeridian(12), place.ServiceOutils),
		mk("p3", "02002", nil, place.ServiceOutils),
	}
}

func putDiagnosticPlaces(t *testing.T, db store.Store, withdraw bool, ls ...place.Lieu) {
	t.Helper()
	ctx := context.Background()
	im, err := db.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			t.Fatal(err)
		}
	}
	if withdraw {
		if _, err := im.Withdraw(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
}

type diagnosticDoc struct {
	Territoire struct{ Type, Code, Nom string }
	Total      struct {
		Lieux      int
		Population float64
	}
	Sous     []struct{ Type, Code string } `json:"sous_territoires"`
	Communes []struct {
		Code          string   `json:"code_insee"`
		Accessibilite float64  `json:"accessibilite"`
		DistanceKm    *float64 `json:"distance_km"`
		Desservie     bool
		NonDesservies float64 `json:"personnes_a_risque_non_desservies"`
	}
	Remarques []string
}

func TestAPIDiagnostic(t *testing.T) {
	ts := newDiagnosticServer(t)
	// E2SFCA over 10 km (weights 1, 0.68, 0.22 by thirds), demand = population:
	// R1 = 1 / (1000 + 2000 × 0.68) = 1/2360; R2 = 1 / (2000 × 0.22 + 500) = 1/940.
	// Bourg = 0.68/2360 + 0.22/940 → 5.2218 (p2, in département 02, counts);
	// Aval = 1/2360 → 4.2373.
	res := ts.get(t, "/api/v1/diagnostic/departement/01")
	var doc diagnosticDoc
	decode(t, res.Body, &doc)
	if res.StatusCode != 200 || doc.Territoire.Nom != "Ain" || doc.Total.Lieux != 1 || doc.Total.Population != 3000 || len(doc.Communes) != 2 {
		t.Fatalf("%d %+v", res.StatusCode, doc)
	}
	if c := doc.Communes[0]; c.Code != "01002" || c.Accessibilite != 5.2218 || c.DistanceKm == nil || *c.DistanceKm != 4 {
		t.Errorf("first row %+v, want Bourg 5.2218 at 4 km", c)
	}
	if c := doc.Communes[1]; c.Code != "01001" || c.Accessibilite != 4.2373 {
		t.Errorf("second row %+v, want Aval 4.2373", c)
	}
	if len(doc.Sous) != 1 || doc.Sous[0].Code != "200000001" {
		t.Errorf("sub-units %+v, want the EPCI 200000001", doc.Sous)
	}
	want := "code_insee,nom,departement,epci,population,personnes_a_risque,fragilite,lieux,accessibilite,distance_km,qpv,au_dela_20_min,au_dela_30_min,desservie,personnes_a_risque_non_desservies\n" +
		"01002,Bourg,01,200000001,2000,2000,,0,5.2218,4,non,non,non,oui,0\n" +
		"01001,Aval,01,200000001,1000,1000,,1,4.2373,0,non,non,non,oui,0\n"
	for _, path := range []string{"/api/v1/diagnostic/departement/01.csv", "/api/v1/diagnostic/departement/01?format=csv"} {
		res := ts.get(t, path)
		if res.StatusCode != 200 || res.Body != want || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "diagnostic-departement-01.csv") {
			t.Errorf("%s: %d %v\n%s", path, res.StatusCode, res.Header, res.Body)
		}
	}
	// Only p1 offers the service (2SFCA): Aval and Bourg 1/3000 → 3.3333;
	// Cense (14 km from p1) and Dune unserved, first.
	res = ts.get(t, "/api/v1/diagnostic/france?methode=2sfca&service="+strings.ReplaceAll(place.ServiceDemarches, " ", "+"))
	decode(t, res.Body, &doc)
	var got []string
	for _, c := range doc.Communes {
		got = append(got, c.Code)
		if (c.Code == "02001" || c.Code == "02002") == c.Desservie {
			t.Errorf("%+v: served wrong", c)
		}
	}
	if res.StatusCode != 200 || strings.Join(got, " ") != "02001 02002 01002 01001" || doc.Communes[2].Accessibilite != 3.3333 {
		t.Errorf("france with the service: %d %v %+v", res.StatusCode, got, doc.Communes)
	}
	// p3 has no coordinates: at Dune's centre, said in the remarks.
	res = ts.get(t, "/api/v1/diagnostic/commune/02002")
	decode(t, res.Body, &doc)
	if res.StatusCode != 200 || len(doc.Communes) != 1 || !doc.Communes[0].Desservie || doc.Communes[0].Accessibilite != 33.3333 ||
		!strings.Contains(strings.Join(doc.Remarques, " "), "1 lieu sans coordonnées est placé au centre de sa commune.") {
		t.Errorf("Dune: %d %+v", res.StatusCode, doc)
	}
	// A withdrawn place stops counting once the index has the change.
	putDiagnosticPlaces(t, ts.store, true, diagnosticPlaces()[:2]...)
	if err := ts.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	settleDiagnostics(t, ts)
	res = ts.get(t, "/api/v1/diagnostic/commune/02002")
	decode(t, res.Body, &doc)
	if res.StatusCode != 200 || len(doc.Communes) != 1 || doc.Communes[0].Desservie || doc.Communes[0].NonDesservies != 300 {
		t.Errorf("Dune after p3 was withdrawn: %d %+v", res.StatusCode, doc)
	}
}

func TestAPIDiagnosticImplanter(t *testing.T) {
	ts := newDiagnosticServer(t)
	// With the service, Cense (500) and Dune (300) are unserved; among the
	// communes of 02, Cense covers itself (Dune is 26 km away), then Dune.
	res := ts.get(t, "/api/v1/diagnostic/departement/02/implanter?nombre=2&service="+strings.ReplaceAll(place.ServiceDemarches, " ", "+"))
	var doc struct {
		Choix []struct {
			Rang    int
			Code    string  `json:"code_insee"`
			Couvert float64 `json:"personnes_couvertes"`
		}
		Avant, Apres struct {
			AtRisk float64 `json:"personnes_a_risque"`
		}
	}
	decode(t, res.Body, &doc)
	if res.StatusCode != 200 || len(doc.Choix) != 2 || doc.Choix[0].Code != "02001" || doc.Choix[0].Couvert != 500 ||
		doc.Choix[1].Code != "02002" || doc.Avant.AtRisk != 800 || doc.Apres.AtRisk != 0 {
		t.Errorf("%d %+v", res.StatusCode, doc)
	}
	res = ts.get(t, "/api/v1/diagnostic/departement/02/implanter?nombre=1&format=csv&service="+strings.ReplaceAll(place.ServiceDemarches, " ", "+"))
	if want := "rang,code_insee,nom,personnes_couvertes,communes_couvertes,population_couverte,latitude,longitude,centre_commune,id\n1,02001,Cense,500,1,500,45.125905,4,oui,02001\n"; res.Body != want {
		t.Errorf("CSV %q, want %q", res.Body, want)
	}
	// France's own route: nobody is unserved with every place.
	res = ts.get(t, "/api/v1/diagnostic/france/implanter?nombre=3")
	decode(t, res.Body, &doc)
	if res.StatusCode != 200 || len(doc.Choix) != 0 {
		t.Errorf("france: %d %+v", res.StatusCode, doc)
	}
}

func TestAPIDiagnosticErrors(t *testing.T) {
	ts := newDiagnosticServer(t)
	for _, tc := range []struct {
		path   string
		status int
		param  string
		msg    string
	}{
		{"/api/v1/diagnostic/departement/99", 404, "", "département « 99 » inconnu du référentiel"},
		{"/api/v1/diagnostic/canton/12", 400, "type", "type de territoire inconnu"},
		{"/api/v1/diagnostic/departement/01?seuil_km=-1", 400, "seuil_km", "un nombre strictement positif"},
		{"/api/v1/diagnostic/departement/01?seuil_km=abc", 400, "seuil_km", "un nombre strictement positif"},
		{"/api/v1/diagnostic/departement/01?seuil_km=5000", 400, "seuil_km", "seuil_km « 5000 » invalide : au plus 100 kilomètres"},
		{"/api/v1/diagnostic/departement/01?seuil_min=1e308", 400, "seuil_min", "seuil_min « 1e308 » invalide : au plus 120 minutes"},
		{"/api/v1/diagnostic/departement/01?seuil_km=5e-324", 400, "seuil_km", "seuil_km « 5e-324 » invalide : au moins 0,1 kilomètre"},
		{"/api/v1/diagnostic/departement/01?methode=gaussien&seuil_km=1e-320", 400, "seuil_km", "seuil_km « 1e-320 » invalide : au moins 0,1 kilomètre"},
		{"/api/v1/diagnostic/departement/01?seuil_min=0.5", 400, "seuil_min", "seuil_min « 0.5 » invalide : au moins 1 minute"},
		{"/api/v1/diagnostic/departement/01?cout=osrm", 400, "cout", "aucun serveur OSRM n'est configuré"},
		{"/api/v1/diagnostic/departement/01?methode=3sfca", 400, "methode", "méthode « 3sfca » inconnue"},
		{"/api/v1/diagnostic/departement/01?cout=vol-d-oiseau&seuil_min=20", 400, "seuil_min", "le coût vol-d-oiseau se mesure en kilomètres"},
		{"/api/v1/diagnostic/departement/01?service=Cuisine", 400, "service", "service « Cuisine » inconnu"},
		{"/api/v1/diagnostic/departement/01?format=xlsx", 400, "format", "json (par défaut) ou csv"},
		{"/api/v1/diagnostic/departement/01/implanter", 400, "nombre", "un entier de 1 à 200"},
		{"/api/v1/diagnostic/departement/01/implanter?nombre=500", 400, "nombre", "un entier de 1 à 200"},
		{"/api/v1/diagnostic/departement/01?rayon=3", 400, "rayon", "paramètre inconnu : rayon"},
	} {
		res := ts.get(t, tc.path)
		var body struct {
			Erreur    string `json:"erreur"`
			Parametre string `json:"parametre"`
		}
		decode(t, res.Body, &body)
		if res.StatusCode != tc.status || body.Parametre != tc.param || !strings.Contains(body.Erreur, tc.msg) ||
			res.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s: %d %s; want %d, parametre %q, %q", tc.path, res.StatusCode, res.Body, tc.status, tc.param, tc.msg)
		}
	}
	if res := ts.get(t, "/api/v1/diagnostic/departement/01"); res.StatusCode != http.StatusOK {
		t.Errorf("after the errors: %d", res.StatusCode)
	}
}
