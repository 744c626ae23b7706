// Package storetest is the test suite every store adapter must pass.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// Open returns a new, empty store for one test.
type Open func(t *testing.T) store.Store

// Run runs the whole suite.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"ReimportCounts", testReimportCounts},
		{"Rollback", testRollback},
		{"IDCollisionAcrossSources", testIDCollision},
		{"OrderAndStats", testOrderAndStats},
		{"NotFound", testNotFound},
		{"ManyRowsAndEarlyStop", testManyRows},
		{"Territories", testTerritories},
		{"Reports", testReports},
		{"Accounts", testAccounts},
		{"LoginAndSessions", testLoginAndSessions},
		{"ContributionsAndAudit", testContributions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

// PostgresURL returns the URL of the test PostgreSQL server, skipping the
// test when there is none, except in CI where it is mandatory.
func PostgresURL(t testing.TB) string {
	u := os.Getenv("MAILLAGE_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("MAILLAGE_TEST_POSTGRES_URL is required when CI=true")
		}
		t.Skip("MAILLAGE_TEST_POSTGRES_URL not set: PostgreSQL tests skipped")
	}
	return u
}

// Sample returns a complete, valid place.
func Sample(id string) place.Lieu {
	return place.Lieu{
		ID: id, Pivot: "43493312300029", Nom: "Médiathèque « Les Tilleuls »", Commune: "Reims",
		CodePostal: "51100", CodeINSEE: "51454", Adresse: "12 bis rue de Leclercq", ComplementAdresse: "1er étage",
		Coordinates: &place.Point{Lat: 49.2535, Lon: 4.0341},
		Typologie:   []string{"BIB", "EPN"}, Telephone: []string{"+33326000000", "+33326000001"},
		Courriels: []string{"contact@exemple.fr"}, SiteWeb: []string{"https://exemple.fr/"},
		Horaires:           "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00; PH off",
		PresentationResume: "Accès libre, ateliers, aide aux démarches.", PresentationDetail: "Ligne 1\nLigne 2, avec « guillemets » et \"quotes\"",
		Source: "Hub test", Itinerance: []string{place.ItineranceFixe}, StructureParente: "Ville de Reims",
		DateMaj:                       time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		Services:                      []string{place.ServiceDemarches, place.ServiceOutils},
		PublicsSpecifiquementAdresses: []string{place.PublicSeniors},
		PriseEnChargeSpecifique:       []string{place.PriseEnChargeSurdite},
		FraisACharge:                  []string{place.FraisGratuit},
		DispositifProgrammesNationaux: []string{place.DispositifCNFS},
		FormationsLabels:              []string{place.LabelMonEspaceSante},
		AutresFormationsLabels:        []string{"Label local"},
		ModalitesAcces:                []string{place.AccesSePresenter, place.AccesTelephoner},
		ModalitesAccompagnement:       []string{place.AccompagnementIndividuel},
		FicheAccesLibre:               "https://acceslibre.beta.gouv.fr/app/erp/x/",
		PriseRDV:                      "https://rdv.exemple.fr/",
		PassNumerique:                 true,
		Provenance:                    place.Provenance{Version: "0.1", Original: map[string]string{"cle_ban": "51454_1234_00012"}},
	}
}

func put(t *testing.T, s store.Store, source string, ls ...place.Lieu) store.Counts {
	t.Helper()
	ctx := context.Background()
	im, err := s.BeginImport(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			t.Fatal(err)
		}
	}
	c, err := im.Commit(ctx, "test.csv")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func all(t *testing.T, s store.Store) []place.Lieu {
	t.Helper()
	var out []place.Lieu
	for l, err := range s.Lieux(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, *l)
	}
	return out
}

func testRoundTrip(t *testing.T, s store.Store) {
	want := Sample("a-1")
	put(t, s, "hub", want)
	got, err := s.Lieu(context.Background(), "a-1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	// An unknown pivot and no coordinates survive too.
	min := place.Lieu{ID: "b", Nom: "B", Commune: "Albi", CodePostal: "81000", Adresse: "1 place", DateMaj: want.DateMaj}
	put(t, s, "hub", min)
	got, err = s.Lieu(context.Background(), "b")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, min) {
		t.Errorf("minimal round trip:\n got %+v\nwant %+v", got, min)
	}
}

func testReimportCounts(t *testing.T, s store.Store) {
	a, b := Sample("a"), Sample("b")
	if c := put(t, s, "hub", a, b); c != (store.Counts{Created: 2}) {
		t.Errorf("first import: %+v", c)
	}
	b.Nom = "Autre nom"
	c := Sample("c")
	if got := put(t, s, "hub", a, b, c); got != (store.Counts{Created: 1, Updated: 1, Unchanged: 1}) {
		t.Errorf("second import: %+v", got)
	}
	got, _ := s.Lieu(context.Background(), "b")
	if got.Nom != "Autre nom" {
		t.Errorf("update not stored: %q", got.Nom)
	}
	if n := len(all(t, s)); n != 3 {
		t.Errorf("%d places, want 3", n)
	}
}

func testRollback(t *testing.T, s store.Store) {
	put(t, s, "hub", Sample("a"))
	ctx := context.Background()
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	changed := Sample("a")
	changed.Nom = "Changé"
	newer := Sample("z")
	for _, l := range []*place.Lieu{&changed, &newer} {
		if _, _, err := im.Put(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	ls := all(t, s)
	if len(ls) != 1 || ls[0].Nom != Sample("a").Nom {
		t.Errorf("after rollback: %+v", ls)
	}
}

func testIDCollision(t *testing.T, s store.Store) {
	put(t, s, "hub", Sample("structure-1"))
	other := Sample("structure-1")
	other.Nom = "Autre source"
	ctx := context.Background()
	im, _ := s.BeginImport(ctx, "dept31")
	o, id, err := im.Put(ctx, &other)
	if err != nil {
		t.Fatal(err)
	}
	if o != store.Created || id != "dept31-structure-1" {
		t.Errorf("second source's record: %v %q", o, id)
	}
	if _, err := im.Commit(ctx, "b.csv"); err != nil {
		t.Fatal(err)
	}
	// Re-importing keeps the prefixed id.
	im, _ = s.BeginImport(ctx, "dept31")
	other.Nom = "Encore"
	o, id, _ = im.Put(ctx, &other)
	im.Commit(ctx, "b.csv")
	if o != store.Updated || id != "dept31-structure-1" {
		t.Errorf("re-import: %v %q", o, id)
	}
	first, _ := s.Lieu(ctx, "structure-1")
	second, _ := s.Lieu(ctx, "dept31-structure-1")
	if first.Nom != Sample("x").Nom || second.Nom != "Encore" {
		t.Errorf("records mixed up: %q / %q", first.Nom, second.Nom)
	}
}

func testOrderAndStats(t *testing.T, s store.Store) {
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil || st.Count != 0 || !st.LastChange.IsZero() {
		t.Errorf("empty stats: %+v %v", st, err)
	}
	before := time.Now().Add(-time.Second)
	put(t, s, "hub", Sample("c"), Sample("a"), Sample("b"))
	var ids []string
	for _, l := range all(t, s) {
		ids = append(ids, l.ID)
	}
	if !reflect.DeepEqual(ids, []string{"a", "b", "c"}) {
		t.Errorf("order: %v", ids)
	}
	st, err = s.Stats(ctx)
	if err != nil || st.Count != 3 || st.LastChange.Before(before) {
		t.Errorf("stats: %+v %v", st, err)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	if _, err := s.Lieu(context.Background(), "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("want ErrNotFound, got %v", err)
	}
}

func testManyRows(t *testing.T, s store.Store) {
	ls := make([]place.Lieu, 700)
	for i := range ls {
		ls[i] = Sample(fmt.Sprintf("l%04d", i))
	}
	put(t, s, "hub", ls...)
	got := all(t, s)
	if len(got) != len(ls) || got[0].ID != "l0000" || got[699].ID != "l0699" {
		t.Fatalf("%d places, first %q", len(got), got[0].ID)
	}
	// Stopping early releases the reader: the store still answers.
	n := 0
	for _, err := range s.Lieux(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 300 {
			break
		}
	}
	if _, err := s.Lieu(context.Background(), "l0500"); err != nil {
		t.Fatal(err)
	}
	// A cancelled context ends the iteration with an error or nothing, never a hang.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, err := range s.Lieux(ctx) {
		if err != nil {
			break
		}
	}
}

// Referential returns a small referential of real communes.
func Referential() *territory.Referential {
	return (&territory.Referential{
		Regions:      []territory.Region{{Code: "76", Nom: "Occitanie"}, {Code: "84", Nom: "Auvergne-Rhône-Alpes"}},
		Departements: []territory.Departement{{Code: "31", Nom: "Haute-Garonne", Region: "76"}, {Code: "81", Nom: "Tarn", Region: "76"}, {Code: "01", Nom: "Ain", Region: "84"}},
		EPCIs: []territory.EPCI{{Code: "243100518", Nom: "Toulouse Métropole", Type: "METRO", Population: 820000},
			{Code: "248100737", Nom: "CA de l'Albigeois (C2A)", Type: "CA", Population: 83000}},
		Communes: []territory.Commune{
			{Code: "31555", Nom: "Toulouse", Departement: "31", Region: "76", EPCI: "243100518", CodesPostaux: []string{"31000", "31100", "31200", "31300", "31400", "31500"}, Population: 511684, Centre: &territory.Point{Lat: 43.6007, Lon: 1.4328}},
			{Code: "31069", Nom: "Blagnac", Departement: "31", Region: "76", EPCI: "243100518", CodesPostaux: []string{"31700"}, Population: 25525, Centre: &territory.Point{Lat: 43.6439, Lon: 1.3767}},
			{Code: "81004", Nom: "Albi", Departement: "81", Region: "76", EPCI: "248100737", CodesPostaux: []string{"81000"}, Population: 49236, Centre: &territory.Point{Lat: 43.9258, Lon: 2.1477}},
			{Code: "81065", Nom: "Castres", Departement: "81", Region: "76", CodesPostaux: []string{"81100"}, Population: 41987},
			{Code: "01053", Nom: "Bourg-en-Bresse", Departement: "01", Region: "84", CodesPostaux: []string{"01000"}, Population: 41248, Centre: &territory.Point{Lat: 46.2052, Lon: 5.2255}},
		},
	}).Index()
}

func testTerritories(t *testing.T, s store.Store) {
	ctx := context.Background()
	empty, err := s.Territories(ctx)
	if err != nil || !empty.Empty() {
		t.Fatalf("empty referential: %v %+v", err, empty)
	}
	want := Referential()
	if err := s.ReplaceTerritories(ctx, want); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceTerritories(ctx, want); err != nil { // replacing twice keeps one copy
		t.Fatal(err)
	}
	got, err := s.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Communes, want.Communes) || !reflect.DeepEqual(got.EPCIs, want.EPCIs) ||
		!reflect.DeepEqual(got.Departements, want.Departements) || !reflect.DeepEqual(got.Regions, want.Regions) {
		t.Errorf("referential round trip:\n got %+v\nwant %+v", got, want)
	}
	if c, ok := got.Commune("81004"); !ok || c.Nom != "Albi" {
		t.Errorf("lookup: %+v", c)
	}
}

func testReports(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for i, r := range []place.Report{
		{LieuID: "a", Field: "horaires", Message: "Fermé le lundi", Created: at},
		{LieuID: "b", Field: "autre", Message: "Déménagé", Contact: "x@exemple.fr", Created: at.Add(time.Hour)},
	} {
		id, err := s.AddReport(ctx, r)
		if err != nil || id != int64(i+1) {
			t.Fatalf("AddReport: %d %v", id, err)
		}
	}
	all, err := s.Reports(ctx, "")
	if err != nil || len(all) != 2 || all[0].LieuID != "b" || all[0].Contact != "x@exemple.fr" || !all[0].Created.Equal(at.Add(time.Hour)) || all[0].Status != place.ReportStatusNew {
		t.Errorf("reports: %+v %v", all, err)
	}
	if a, _ := s.Reports(ctx, "a"); len(a) != 1 || a[0].Message != "Fermé le lundi" {
		t.Errorf("reports of a: %+v", a)
	}
}

func testAccounts(t *testing.T, s store.Store) {
	ctx := context.Background()
	id, err := s.CreateUser(ctx, account.User{Email: " Admin@Hub.fr ", Name: "Ada", Role: account.Administrateur}, "système")
	if err != nil || id == 0 {
		t.Fatalf("create: %d %v", id, err)
	}
	if _, err := s.CreateUser(ctx, account.User{Email: "admin@hub.fr", Role: account.Contributeur}, "système"); !errors.Is(err, store.ErrExists) {
		t.Errorf("same address twice: %v", err)
	}
	u, err := s.UserByEmail(ctx, "ADMIN@hub.fr")
	if err != nil || u.ID != id || u.Email != "admin@hub.fr" || u.Role != account.Administrateur {
		t.Errorf("by email: %+v %v", u, err)
	}
	cid, _ := s.CreateUser(ctx, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur,
		Territories: []account.Territory{{Kind: "departement", Code: "81"}, {Kind: "epci", Code: "248100737"}}}, "compte:1")
	c, _ := s.User(ctx, cid)
	if len(c.Territories) != 2 || c.Territories[1].Code != "248100737" {
		t.Errorf("territories: %+v", c.Territories)
	}
	c.Role = account.Administrateur
	if err := s.UpdateUser(ctx, c, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, cid, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.User(ctx, cid); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted account still found: %v", err)
	}
	if _, err := s.UserByEmail(ctx, "coord@tarn.fr"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted address still found: %v", err)
	}
	// The address is free again.
	if _, err := s.CreateUser(ctx, account.User{Email: "coord@tarn.fr", Role: account.Contributeur}, "compte:1"); err != nil {
		t.Errorf("re-creating a deleted address: %v", err)
	}
	us, _ := s.Users(ctx)
	if len(us) != 2 {
		t.Errorf("%d accounts", len(us))
	}
	entries, _ := s.Audit(ctx, "compte", fmt.Sprint(cid))
	if len(entries) != 3 || entries[2].Action != "compte.supprime" {
		t.Errorf("journal of the account: %+v", entries)
	}
	for _, e := range entries {
		if strings.Contains(string(e.Before)+string(e.After), "coord@tarn.fr") {
			t.Errorf("the journal holds an e-mail address: %s", e.After)
		}
	}
	verifyChain(t, s)
}

func verifyChain(t *testing.T, s store.Store) {
	t.Helper()
	var v audit.Verifier
	for e, err := range s.AuditAll(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Check(e); err != nil {
			t.Fatalf("chain: %v", err)
		}
	}
	if v.Count == 0 {
		t.Errorf("empty journal")
	}
}

func testLoginAndSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now()
	_, hash := account.NewToken()
	if err := s.AddLoginToken(ctx, hash, "A@b.fr", now.Add(account.LinkLifetime)); err != nil {
		t.Fatal(err)
	}
	if email, err := s.UseLoginToken(ctx, hash, now); err != nil || email != "a@b.fr" {
		t.Errorf("use: %q %v", email, err)
	}
	if _, err := s.UseLoginToken(ctx, hash, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a link works once: %v", err)
	}
	_, old := account.NewToken()
	s.AddLoginToken(ctx, old, "a@b.fr", now.Add(-time.Minute))
	if _, err := s.UseLoginToken(ctx, old, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an expired link works: %v", err)
	}
	uid, _ := s.CreateUser(ctx, account.User{Email: "a@b.fr", Role: account.Contributeur}, "système")
	for _, tt := range []struct {
		step int64
		want bool
	}{{100, true}, {100, false}, {99, false}, {101, true}} {
		if got, err := s.UseTOTPStep(ctx, uid, tt.step); err != nil || got != tt.want {
			t.Errorf("TOTP step %d: %v %v", tt.step, got, err)
		}
	}
	_, sh := account.NewToken()
	if err := s.AddSession(ctx, account.Session{Hash: sh, UserID: uid, Created: now, LastSeen: now}); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	s.TouchSession(ctx, sh, later)
	se, err := s.Session(ctx, sh)
	if err != nil || se.UserID != uid || !se.LastSeen.Equal(later.UTC().Truncate(time.Nanosecond)) && se.LastSeen.Sub(later).Abs() > time.Millisecond || se.Revoked {
		t.Errorf("session: %+v %v", se, err)
	}
	if ss, _ := s.Sessions(ctx, uid); len(ss) != 1 {
		t.Errorf("sessions: %+v", ss)
	}
	if err := s.RevokeSession(ctx, sh, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if se, _ := s.Session(ctx, sh); !se.Revoked {
		t.Errorf("revoked session still valid")
	}
	if ss, _ := s.Sessions(ctx, uid); len(ss) != 0 {
		t.Errorf("revoked session listed")
	}
}

func testContributions(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("lieu-1"))
	uid, _ := s.CreateUser(ctx, account.User{Email: "epn@ville.fr", Role: account.Contributeur}, "système")
	actor := fmt.Sprintf("compte:%d", uid)
	cl, err := s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "lieu-1", Status: store.StatusPending}, actor)
	if err != nil {
		t.Fatal(err)
	}
	if cs, _ := s.Claims(ctx, store.StatusPending, 0); len(cs) != 1 || cs[0].LieuID != "lieu-1" {
		t.Errorf("pending claims: %+v", cs)
	}
	if err := s.DecideClaim(ctx, cl, store.StatusApproved, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideClaim(ctx, cl, store.StatusRefused, "compte:1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a decided claim is decided again: %v", err)
	}
	if cs, _ := s.Claims(ctx, "", uid); len(cs) != 1 || cs[0].Status != store.StatusApproved {
		t.Errorf("claims of the account: %+v", cs)
	}
	// The structure edits its place.
	l, _ := s.Lieu(ctx, "lieu-1")
	l.Horaires = "Mo-Fr 10:00-18:00"
	l.Telephone = []string{"+33561000000"}
	if err := s.EditLieu(ctx, &l, "structure", actor); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Lieu(ctx, "lieu-1")
	if got.Horaires != "Mo-Fr 10:00-18:00" || got.Nom != Sample("x").Nom {
		t.Errorf("after the edit: %+v", got)
	}
	origins, _ := s.FieldOrigins(ctx, "lieu-1")
	if origins["horaires"].Origin != "structure" || origins["telephone"].Actor != actor || len(origins) != 2 {
		t.Errorf("origins: %+v", origins)
	}
	// A later import of the source, older than the structure's edit, keeps
	// what the structure set; one dated after the edit wins.
	stale := Sample("lieu-1")
	stale.Nom = "Nom de la source"
	if c := put(t, s, "hub", stale); c.Updated != 1 {
		t.Errorf("re-import: %+v", c)
	}
	got, _ = s.Lieu(ctx, "lieu-1")
	if got.Horaires != "Mo-Fr 10:00-18:00" || got.Nom != "Nom de la source" {
		t.Errorf("the harvest overwrote the structure's hours: %q / %q", got.Horaires, got.Nom)
	}
	if c := put(t, s, "hub", stale); c.Unchanged != 1 {
		t.Errorf("re-import of the same file: %+v", c)
	}
	sameDay := Sample("lieu-1")
	now := time.Now().UTC()
	sameDay.DateMaj = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	put(t, s, "hub", sameDay)
	if got, _ := s.Lieu(ctx, "lieu-1"); got.Horaires != "Mo-Fr 10:00-18:00" {
		t.Errorf("a source record of the same day overwrote the structure's hours: %q", got.Horaires)
	}
	fresh := Sample("lieu-1")
	fresh.DateMaj = time.Now().AddDate(0, 0, 3)
	put(t, s, "hub", fresh)
	if got, _ := s.Lieu(ctx, "lieu-1"); got.Horaires != Sample("x").Horaires {
		t.Errorf("a newer source record did not win: %q", got.Horaires)
	}
	if err := s.EditLieu(ctx, &place.Lieu{ID: "absent"}, "structure", actor); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("editing an unknown place: %v", err)
	}
	// A proposal waits for a coordinator.
	pid, err := s.AddProposal(ctx, store.Proposal{LieuID: "lieu-1", UserID: uid, Values: map[string]string{"nom": "Nouveau nom"}}, actor)
	if err != nil {
		t.Fatal(err)
	}
	if ps, _ := s.Proposals(ctx, store.StatusPending); len(ps) != 1 || ps[0].Values["nom"] != "Nouveau nom" {
		t.Errorf("proposals: %+v", ps)
	}
	if err := s.DecideProposal(ctx, pid, store.StatusRefused, "compte:1"); err != nil {
		t.Fatal(err)
	}
	rid, _ := s.AddReport(ctx, place.Report{LieuID: "lieu-1", Field: "autre", Message: "x", Created: time.Now()})
	if err := s.SetReportStatus(ctx, rid, store.StatusHandled, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if rs, _ := s.Reports(ctx, "lieu-1"); rs[0].Status != store.StatusHandled {
		t.Errorf("report status: %+v", rs)
	}
	history, _ := s.Audit(ctx, "lieu", "lieu-1")
	var actions []string
	for _, e := range history {
		actions = append(actions, e.Action)
	}
	want := []string{"revendication.en_attente", "revendication.acceptee", "lieu.modifie", "proposition.deposee", "proposition.refusee", "signalement.traite"}
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("history: %v, want %v", actions, want)
	}
	if !strings.Contains(string(history[2].Before), "Mo-Fr 09:00-12:00") || !strings.Contains(string(history[2].After), "Mo-Fr 10:00-18:00") {
		t.Errorf("before/after: %s → %s", history[2].Before, history[2].After)
	}
	verifyChain(t, s)
}
