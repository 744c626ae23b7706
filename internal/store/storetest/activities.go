package storetest

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// RunActivities runs the suite of activity reports, aggregates and
// coordination activities (issue 11 §2), the invariants against raw SQL
// included.
func RunActivities(t *testing.T, open Open, exec TryExec) {
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, store.Store, *activityFixture, TryExec)
	}{
		{"RoundTrip", testActivityRoundTrip},
		{"Filters", testActivityFilters},
		{"References", testActivityReferences},
		{"EditAndDelete", testActivityEditDelete},
		{"ImportCoopReplacesNeverAdds", testActivityImport},
		{"Aggregates", testActivityAggregates},
		{"Coordinations", testActivityCoordinations},
		{"InvariantsInTheDatabase", testActivityInvariants},
		{"Statistics", testActivityStatistics},
		{"PassLink", testActivityPassLink},
		{"CoopAPI", testActivityCoopAPI},
		{"Arrondissements", testActivityArrondissements},
		{"Readers", testActivityReaders},
		{"Paging", testActivityPaging},
		{"AggregateReaders", testAggregateReaders},
		{"KeptFromOthers", testActivityKeptFromOthers},
		{"NewestAndCount", testActivityNewestAndCount},
		{"ActivitiesOnlyFilters", testActivitiesOnlyFilters},
		{"PersonalData", testActivityPersonalData},
		{"PersonalDataInvisible", testPersonalDataInvisible},
		{"PersonalDataJournal", testPersonalDataJournal},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &Clock{}
			c.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
			s := open(t, store.WithClock(c.Now))
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			f := newActivityFixture(t, s)
			f.clock = c
			tt.fn(t, s, f, exec)
		})
	}
}

// activityFixture: the referential, two places (Toulouse, Albi), two
// accounts recording activities, and the orientation the médiateur made
// to Albi (the one its accompaniments name).
type activityFixture struct {
	mediateur, other int64
	orientation      int64
	clock            *Clock // the store's
}

const (
	actToulouse = "act-toulouse"
	actAlbi     = "act-albi"
)

func newActivityFixture(t *testing.T, s store.Store) *activityFixture {
	t.Helper()
	ctx := context.Background()
	if err := s.ReplaceTerritories(ctx, Referential()); err != nil {
		t.Fatal(err)
	}
	toulouse, albi := Sample(actToulouse), Sample(actAlbi)
	toulouse.Nom, toulouse.Commune, toulouse.CodePostal, toulouse.CodeINSEE = "EPN Bellefontaine", "Toulouse", "31100", "31555"
	albi.Nom, albi.Commune, albi.CodePostal, albi.CodeINSEE, albi.Pivot = "Médiathèque d'Albi", "Albi", "81000", "81004", SIRET("1234567890001")
	put(t, s, "hub", toulouse, albi)
	f := &activityFixture{}
	for _, a := range []struct {
		id   *int64
		mail string
	}{{&f.mediateur, "mediateur@epn.fr"}, {&f.other, "autre@asso.fr"}} {
		id, err := s.CreateUser(ctx, account.User{Email: a.mail, Role: account.Contributeur}, "système")
		if err != nil {
			t.Fatal(err)
		}
		*a.id = id
	}
	o, _ := orient(t, s, f.mediateur, actAlbi)
	f.orientation = o.ID
	return f
}

func actor(id int64) string { return "compte:" + strconv.FormatInt(id, 10) }

func individualAt(f *activityFixture) activity.Activity {
	return activity.Activity{Kind: activity.Individuel, Date: "2026-11-20", Duration: 45, PlaceType: activity.LieuActivite, LieuID: actToulouse,
		Thematics: []string{activity.AideDemarches, "email", "logement"}, Demarche: "Demande d'APL", Equipment: []string{"telephone", "ordinateur"},
		Tags: []activity.Tag{{Scope: "national", Name: "Café IA"}, {Scope: "departemental", Name: "Pass 31"}}, Notes: "Première venue",
		Autonomy: "partiellement_autonome", Oriented: true, Redirection: "aide_sociale", RedirectionLieu: actAlbi, Orientation: f.orientation,
		Public:     activity.Public{Genders: map[string]int{"feminin": 1}, AgeBands: map[string]int{"soixante_dix_plus": 1}, Statuses: map[string]int{"retraite": 1}},
		Residences: map[string]int{"31069": 1}, Account: f.mediateur}
}

func workshopAtHome(f *activityFixture) activity.Activity {
	return activity.Activity{Kind: activity.Collectif, Date: "2026-11-05", Duration: 120, PlaceType: activity.AutreLieu, Commune: "81065",
		Thematics: []string{"intelligence_artificielle"}, Title: "Café IA", Level: "debutant", Equipment: []string{"tablette"},
		Public: activity.Public{Total: 12, AlreadyHelped: 3, Genders: map[string]int{"feminin": 7, "masculin": 4},
			AgeBands: map[string]int{"soixante_soixante_neuf": 6, "soixante_dix_plus": 6}, Statuses: map[string]int{"retraite": 12}},
		Account: f.other}
}

func addActivity(t *testing.T, s store.Store, a activity.Activity) activity.Activity {
	t.Helper()
	got, err := s.AddActivity(context.Background(), a, actor(a.Account))
	if err != nil {
		t.Fatalf("AddActivity: %v", err)
	}
	return got
}

func testActivityRoundTrip(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	for _, a := range []activity.Activity{individualAt(f), workshopAtHome(f)} {
		added := addActivity(t, s, a)
		if added.ID == 0 || added.Source != activity.SourceSaisie || !added.Created.Equal(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)) {
			t.Errorf("added: %+v", added)
		}
		got, err := s.Activity(ctx, added.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, added) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, added)
		}
	}
	list, err := s.Activities(ctx, store.ActivityFilter{})
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v %d", err, len(list))
	}
	w, i := list[0], list[1] // by date
	if i.Commune != "31555" || i.Departement != "31" {
		t.Errorf("a registry place's commune and département are written: %q %q", i.Commune, i.Departement)
	}
	if w.Departement != "81" || w.Public.Genders[activity.NonCommunique] != 1 || w.Public.Statuses["retraite"] != 12 || w.Accompaniments() != 12 {
		t.Errorf("workshop: %+v", w)
	}
	if i.Public.Total != 1 || i.Public.Genders["feminin"] != 1 || i.Accompaniments() != 1 {
		t.Errorf("individual public: %+v", i.Public)
	}
	want := []string{activity.AideDemarches, "email", "logement"}
	if !reflect.DeepEqual(i.Thematics, []string{"email", activity.AideDemarches, "logement"}) && !reflect.DeepEqual(i.Thematics, want) {
		t.Errorf("thematics: %v", i.Thematics)
	}
	if i.RedirectionLieu != actAlbi || i.Orientation != f.orientation || !i.Oriented || i.Residences["31069"] != 1 || len(i.Tags) != 2 {
		t.Errorf("individual: %+v", i)
	}
	entries, err := s.Audit(ctx, "activite", strconv.FormatInt(i.ID, 10))
	if err != nil || len(entries) != 1 || entries[0].Action != "ajouter" || entries[0].Actor != actor(f.mediateur) {
		t.Errorf("journal: %v %+v", err, entries)
	}
}

func testActivityFilters(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	i := addActivity(t, s, individualAt(f))
	w := addActivity(t, s, workshopAtHome(f))
	d := workshopAtHome(f)
	d.Kind, d.PlaceType, d.Commune, d.Title, d.Level, d.Public, d.Date = activity.Individuel, activity.ADistance, "", "", "", activity.Public{}, "2026-10-01"
	d.Account = f.mediateur
	dist := addActivity(t, s, d)
	ids := func(f store.ActivityFilter) []int64 {
		t.Helper()
		list, err := s.Activities(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		f    store.ActivityFilter
		want []int64
	}{
		{"all, by date", store.ActivityFilter{}, []int64{dist.ID, w.ID, i.ID}},
		{"account", store.ActivityFilter{Account: f.mediateur}, []int64{dist.ID, i.ID}},
		{"place", store.ActivityFilter{LieuID: actToulouse}, []int64{i.ID}},
		{"dates included", store.ActivityFilter{From: "2026-11-05", To: "2026-11-20"}, []int64{w.ID, i.ID}},
		{"from", store.ActivityFilter{From: "2026-11-06"}, []int64{i.ID}},
		{"kind", store.ActivityFilter{Kind: activity.Collectif}, []int64{w.ID}},
		{"source", store.ActivityFilter{Source: activity.SourceImportCoop}, nil},
		{"département", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "departement", Code: "81"}}}, []int64{w.ID}},
		{"commune", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "commune", Code: "31555"}}}, []int64{i.ID}},
		{"epci", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "epci", Code: "243100518"}}}, []int64{i.ID}},
		{"region", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "region", Code: "76"}}}, []int64{w.ID, i.ID}},
		{"two territories", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "departement", Code: "01"}, {Kind: "commune", Code: "81065"}}}, []int64{w.ID}},
		{"unknown kind of territory", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "canton", Code: "31"}}}, nil},
		{"limit", store.ActivityFilter{Limit: 1}, []int64{dist.ID}},
	} {
		if got := ids(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func testActivityReferences(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	theirsToAlbi, _ := orient(t, s, f.other, actAlbi)
	theirsToToulouse, _ := orient(t, s, f.other, actToulouse)
	for _, tt := range []struct {
		name string
		edit func(*activity.Activity)
		code failure.Code
		rule string
	}{
		{"unknown place", func(a *activity.Activity) { a.LieuID = "nulle-part" }, failure.NotFound, ""},
		{"unknown redirection place", func(a *activity.Activity) { a.RedirectionLieu = "nulle-part" }, failure.NotFound, ""},
		{"unknown pass redemption", func(a *activity.Activity) { a.PassRedemption = 99 }, failure.NotFound, ""},
		{"commune outside the referential", func(a *activity.Activity) { a.PlaceType, a.LieuID, a.Commune = activity.Domicile, "", "31999" }, failure.Invalid, "commune-inconnue"},
		{"invalid", func(a *activity.Activity) { a.Duration = 0 }, failure.Invalid, "duree-bornes"},
		// The orientation it names (review 11N minor+): one that exists…
		{"unknown orientation", func(a *activity.Activity) { a.Orientation = f.orientation + 1000 }, failure.Invalid, "orientation-inconnue"},
		// …and neither the account's own nor one to the activity's place.
		{"another's orientation to another place", func(a *activity.Activity) { a.Orientation = theirsToAlbi.ID }, failure.Invalid, "orientation-autre-lieu"},
		{"another's orientation, activity elsewhere", func(a *activity.Activity) {
			a.Orientation, a.PlaceType, a.LieuID, a.Commune = theirsToToulouse.ID, activity.Domicile, "", "31555"
		}, failure.Invalid, "orientation-autre-lieu"},
	} {
		a := individualAt(f)
		tt.edit(&a)
		_, err := s.AddActivity(ctx, a, actor(f.mediateur))
		if failure.CodeOf(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
			continue
		}
		if tt.rule != "" {
			var ps activity.Problems
			if !errors.As(err, &ps) || ps[0].Rule != tt.rule {
				t.Errorf("%s: problems %v, want rule %s", tt.name, ps, tt.rule)
			}
		}
	}
	if list, _ := s.Activities(ctx, store.ActivityFilter{}); len(list) != 0 {
		t.Errorf("refused activities were stored: %d", len(list))
	}
	// Accepted: another account's orientation to the activity's place (the
	// person came from it), and one's own to anywhere.
	a := individualAt(f)
	a.Orientation = theirsToToulouse.ID
	if _, err := s.AddActivity(ctx, a, actor(f.mediateur)); err != nil {
		t.Errorf("an orientation to the activity's place: %v", err)
	}
	a = individualAt(f)
	a.PlaceType, a.LieuID, a.Commune = activity.Domicile, "", "31555"
	if _, err := s.AddActivity(ctx, a, actor(f.mediateur)); err != nil {
		t.Errorf("one's own orientation, at home: %v", err)
	}
}

func testActivityEditDelete(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	a := addActivity(t, s, individualAt(f))
	a.Duration, a.Thematics, a.Demarche, a.Tags, a.Residences = 60, []string{"email"}, "", nil, nil
	if _, err := s.UpdateActivity(ctx, a, f.other, actor(f.other)); failure.CodeOf(err) != failure.Forbidden {
		t.Errorf("another account's edit: %v", err)
	}
	a.Account = f.other // ignored: the author stays
	got, err := s.UpdateActivity(ctx, a, f.mediateur, actor(f.mediateur))
	if err != nil {
		t.Fatal(err)
	}
	read, _ := s.Activity(ctx, a.ID)
	if read.Duration != 60 || !reflect.DeepEqual(read.Thematics, []string{"email"}) || len(read.Tags) != 0 || read.Residences != nil || read.Account != f.mediateur {
		t.Errorf("after edit: %+v", read)
	}
	if !reflect.DeepEqual(read, got) {
		t.Errorf("UpdateActivity's answer differs from the row:\n got %+v\nrow %+v", got, read)
	}
	// Another account, which does not read it: as a missing one.
	if err := s.DeleteActivity(ctx, a.ID, &store.ActivityReader{Account: f.other}, actor(f.other)); failure.CodeOf(err) != failure.NotFound || failure.MessageOf(err) != "Activité introuvable." {
		t.Errorf("another account's delete: %v, want « Activité introuvable. »", err)
	}
	if err := s.DeleteActivity(ctx, a.ID, &store.ActivityReader{Account: f.mediateur}, actor(f.mediateur)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Activity(ctx, a.ID); failure.CodeOf(err) != failure.NotFound {
		t.Errorf("deleted: %v", err)
	}
	if err := s.DeleteActivity(ctx, a.ID, nil, "compte:1"); failure.CodeOf(err) != failure.NotFound {
		t.Errorf("deleted twice: %v", err)
	}
	entries, _ := s.Audit(ctx, "activite", strconv.FormatInt(a.ID, 10))
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if !reflect.DeepEqual(actions, []string{"ajouter", "modifier", "supprimer"}) {
		t.Errorf("journal: %v", actions)
	}
}

func coopActivities() []activity.Activity {
	return []activity.Activity{
		{Kind: activity.Individuel, Date: "2026-09-01", Duration: 30, PlaceType: activity.LieuActivite, PlaceName: "epn bellefontaine", Commune: "31555",
			Thematics: []string{"email"}, CoopID: "0b4c1e9e-0001"},
		{Kind: activity.Collectif, Date: "2026-09-02", Duration: 90, PlaceType: activity.LieuActivite, PlaceName: "Centre social inconnu", Commune: "81004",
			Thematics: []string{"navigation_sur_internet"}, Public: activity.Public{Total: 3, Genders: map[string]int{"feminin": 2, "masculin": 1}}, CoopID: "0b4c1e9e-0002"},
	}
}

func testActivityImport(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	local := addActivity(t, s, individualAt(f))
	run, err := s.ImportCoop(ctx, activity.ImportRun{File: "export-coop.xlsx", Rejected: 1}, coopActivities(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	if run.ID == 0 || run.Lines != 2 || run.Created != 2 || run.Replaced != 0 || run.Unchanged != 0 || run.Rejected != 1 {
		t.Errorf("first run: %+v", run)
	}
	imported, _ := s.Activities(ctx, store.ActivityFilter{Source: activity.SourceImportCoop})
	if len(imported) != 2 {
		t.Fatalf("imported: %d", len(imported))
	}
	if imported[0].LieuID != actToulouse || imported[0].SourceFile != "export-coop.xlsx" || imported[0].ImportID != run.ID || imported[0].Account != 0 {
		t.Errorf("a place of the same name in the same commune is the registry's: %+v", imported[0])
	}
	if imported[1].LieuID != "" || imported[1].PlaceName != "Centre social inconnu" || imported[1].Departement != "81" {
		t.Errorf("an unknown place keeps its name and commune: %+v", imported[1])
	}
	// The same file again: nothing added, nothing rewritten.
	again, err := s.ImportCoop(ctx, activity.ImportRun{File: "export-coop.xlsx"}, coopActivities(), "cli")
	if err != nil || again.Created != 0 || again.Unchanged != 2 || again.Replaced != 0 {
		t.Errorf("same file again: %v %+v", err, again)
	}
	// A later export with one activity corrected and one new.
	acts := coopActivities()
	acts[1].Public = activity.Public{Total: 4}
	acts = append(acts, activity.Activity{Kind: activity.Individuel, Date: "2026-09-03", Duration: 15, PlaceType: activity.ADistance,
		Thematics: []string{"sante"}, CoopID: "0b4c1e9e-0003"})
	later, err := s.ImportCoop(ctx, activity.ImportRun{File: "export-coop-octobre.csv"}, acts, "cli")
	if err != nil || later.Created != 1 || later.Replaced != 1 || later.Unchanged != 1 {
		t.Errorf("later export: %v %+v", err, later)
	}
	all, _ := s.Activities(ctx, store.ActivityFilter{})
	if len(all) != 4 {
		t.Fatalf("never counted twice: %d activities, want 4 (1 local, 3 imported)", len(all))
	}
	total := 0
	for _, a := range all {
		total += a.Accompaniments()
	}
	if total != 1+1+4+1 {
		t.Errorf("accompaniments: %d", total)
	}
	replaced, _ := s.Activity(ctx, imported[1].ID)
	if replaced.Public.Total != 4 || replaced.SourceFile != "export-coop-octobre.csv" || replaced.ImportID != later.ID {
		t.Errorf("replaced in place: %+v", replaced)
	}
	if _, err := s.UpdateActivity(ctx, replaced, 0, "compte:1"); failure.CodeOf(err) != failure.Conflict {
		t.Errorf("editing an imported activity: %v", err)
	}
	// A run with one invalid activity, or an ID twice, stores nothing.
	bad := coopActivities()
	bad[0].Duration = 0
	bad = append(bad, activity.Activity{Kind: activity.Individuel, Date: "2026-09-04", Duration: 15, PlaceType: activity.ADistance, Thematics: []string{"sante"}, CoopID: "neuf"})
	if _, err := s.ImportCoop(ctx, activity.ImportRun{File: "x.csv"}, bad, "cli"); failure.CodeOf(err) != failure.Invalid {
		t.Errorf("invalid run: %v", err)
	}
	twice := append(coopActivities(), coopActivities()[0])
	if _, err := s.ImportCoop(ctx, activity.ImportRun{File: "x.csv"}, twice, "cli"); failure.CodeOf(err) != failure.Invalid {
		t.Errorf("ID CRA twice: %v", err)
	}
	if all, _ := s.Activities(ctx, store.ActivityFilter{}); len(all) != 4 {
		t.Errorf("a refused run stored %d activities", len(all)-4)
	}
	runs, err := s.ActivityImports(ctx)
	if err != nil || len(runs) != 3 || runs[0].ID != later.ID || runs[2].Rejected != 1 {
		t.Errorf("runs: %v %+v", err, runs)
	}
	if local.Source != activity.SourceSaisie || local.CoopID != "" {
		t.Errorf("local: %+v", local)
	}
	entries, _ := s.Audit(ctx, "import_activites", strconv.FormatInt(run.ID, 10))
	if len(entries) != 1 {
		t.Errorf("one journal entry per run: %d", len(entries))
	}
}

func testActivityAggregates(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	g := activity.Aggregate{LieuID: actAlbi, Month: "2026-10", Individual: 20, Workshops: 2, WorkshopParticipants: 14,
		Public:    activity.Public{Genders: map[string]int{"feminin": 20}},
		Thematics: map[string]int{"email": 12, activity.AideDemarches: 9, "logement": 4}, Account: f.other}
	saved, err := s.SaveAggregate(ctx, g, f.other, actor(f.other))
	if err != nil {
		t.Fatal(err)
	}
	if saved.ID == 0 || saved.Commune != "81004" || saved.Departement != "81" || saved.Public.Total != 34 || saved.Public.Genders[activity.NonCommunique] != 14 {
		t.Errorf("saved: %+v", saved)
	}
	got, err := s.Aggregate(ctx, saved.ID)
	if err != nil || !reflect.DeepEqual(got, saved) {
		t.Errorf("round trip: %v\n got %+v\nwant %+v", err, got, saved)
	}
	g.Individual = 21
	if _, err := s.SaveAggregate(ctx, g, f.other, actor(f.other)); failure.CodeOf(err) != failure.Conflict {
		t.Errorf("a second aggregate of the month: %v", err)
	}
	saved.Individual, saved.Thematics = 22, map[string]int{"email": 22}
	if _, err := s.SaveAggregate(ctx, saved, f.mediateur, actor(f.mediateur)); failure.CodeOf(err) != failure.Forbidden {
		t.Errorf("another account's edit: %v", err)
	}
	if _, err := s.SaveAggregate(ctx, saved, f.other, actor(f.other)); err != nil {
		t.Fatal(err)
	}
	nov := activity.Aggregate{LieuID: actToulouse, Month: "2026-11", Individual: 3, Account: f.mediateur}
	if _, err := s.SaveAggregate(ctx, nov, f.mediateur, actor(f.mediateur)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAggregate(ctx, activity.Aggregate{LieuID: "nulle-part", Month: "2026-11", Individual: 3}, 0, "cli"); failure.CodeOf(err) != failure.NotFound {
		t.Errorf("unknown place: %v", err)
	}
	for _, tt := range []struct {
		name string
		f    store.ActivityFilter
		want int
	}{
		{"all", store.ActivityFilter{}, 2},
		{"days inside a month select it", store.ActivityFilter{From: "2026-10-15", To: "2026-10-20"}, 1},
		{"département", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "departement", Code: "31"}}}, 1},
		{"account", store.ActivityFilter{Account: f.other}, 1},
	} {
		list, err := s.Aggregates(ctx, tt.f)
		if err != nil || len(list) != tt.want {
			t.Errorf("%s: %v %d, want %d", tt.name, err, len(list), tt.want)
		}
	}
	list, _ := s.Aggregates(ctx, store.ActivityFilter{Account: f.other})
	if list[0].Individual != 22 || !reflect.DeepEqual(list[0].Thematics, map[string]int{"email": 22}) {
		t.Errorf("edited: %+v", list[0])
	}
	// Another account, which does not read it: as a missing one.
	if err := s.DeleteAggregate(ctx, saved.ID, &store.ActivityReader{Account: f.mediateur}, actor(f.mediateur)); failure.CodeOf(err) != failure.NotFound {
		t.Errorf("another account's delete: %v", err)
	}
	if err := s.DeleteAggregate(ctx, saved.ID, nil, "compte:1"); err != nil {
		t.Fatal(err)
	}
	entries, _ := s.Audit(ctx, "agregat_activites", strconv.FormatInt(saved.ID, 10))
	if len(entries) != 3 {
		t.Errorf("journal: %d entries", len(entries))
	}
}

func testActivityCoordinations(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	cs := []activity.Coordination{
		{Kind: activity.Animation, Date: "2026-11-10", Duration: 90, Name: "Réunion des médiateurs du Tarn", Level: "departemental", Territory: "81",
			AnimationType: "reunion_coordination", Initiative: "initiative", AnimationThematics: []string{"reseau", "partage"}, Mediateurs: 12, Structures: 5,
			Tags: []activity.Tag{{Scope: "departemental", Name: "Pass 81"}}, Account: f.mediateur},
		{Kind: activity.Evenement, Date: "2026-10-09", Level: "regional", EventType: "autre", EventTypeOther: "Salon", Organisers: []string{"hub", "autre"},
			OrganiserOther: "Le rectorat", Participants: 300, Account: f.mediateur},
		{Kind: activity.Partenariat, Date: "2026-11-20", Level: "departemental", Territory: "31", Natures: []string{"subvention"},
			Partners: []activity.Partner{{Type: "departement", Name: "Haute-Garonne"}, {Type: "association", Name: "Emmaüs Connect"}}, Account: f.other},
	}
	for i, c := range cs {
		added, err := s.AddCoordination(ctx, c, actor(c.Account))
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Coordination(ctx, added.ID)
		if err != nil || !reflect.DeepEqual(got, added) {
			t.Errorf("round trip %d: %v\n got %+v\nwant %+v", i, err, got, added)
		}
		cs[i] = added
	}
	for _, tt := range []struct {
		name string
		f    store.ActivityFilter
		want int
	}{
		{"all", store.ActivityFilter{}, 3},
		{"département", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "departement", Code: "81"}}}, 1},
		{"region", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "region", Code: "76"}}}, 2},
		{"epci", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "epci", Code: "243100518"}}}, 1},
		{"account", store.ActivityFilter{Account: f.mediateur}, 2},
		{"dates", store.ActivityFilter{From: "2026-11-01"}, 2},
	} {
		list, err := s.Coordinations(ctx, tt.f)
		if err != nil || len(list) != tt.want {
			t.Errorf("%s: %v %d, want %d", tt.name, err, len(list), tt.want)
		}
	}
	c := cs[0]
	c.Mediateurs = 14
	if _, err := s.UpdateCoordination(ctx, c, f.other, actor(f.other)); failure.CodeOf(err) != failure.Forbidden {
		t.Errorf("another account's edit: %v", err)
	}
	if _, err := s.UpdateCoordination(ctx, c, f.mediateur, actor(f.mediateur)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Coordination(ctx, c.ID); got.Mediateurs != 14 || len(got.AnimationThematics) != 2 {
		t.Errorf("edited: %+v", got)
	}
	c.Initiative = ""
	if _, err := s.UpdateCoordination(ctx, c, f.mediateur, actor(f.mediateur)); failure.CodeOf(err) != failure.Invalid {
		t.Errorf("invalid: %v", err)
	}
	if err := s.DeleteCoordination(ctx, c.ID, f.mediateur, actor(f.mediateur)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Coordination(ctx, c.ID); failure.CodeOf(err) != failure.NotFound {
		t.Errorf("deleted: %v", err)
	}
	entries, _ := s.Audit(ctx, "activite_coordination", strconv.FormatInt(c.ID, 10))
	if len(entries) != 3 {
		t.Errorf("journal: %d entries", len(entries))
	}
}

// The database refuses rows a statistic would miscount, whatever the code.
func testActivityInvariants(t *testing.T, s store.Store, f *activityFixture, exec TryExec) {
	ctx := context.Background()
	a := addActivity(t, s, workshopAtHome(f))
	if _, err := s.ImportCoop(ctx, activity.ImportRun{File: "x.csv"}, coopActivities(), "cli"); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(a.ID, 10)
	for _, tt := range []struct {
		name, query string
	}{
		{"genders not adding up", `UPDATE activites SET genre_feminin = genre_feminin + 1 WHERE id = ` + id},
		{"an individual with two people", `UPDATE activites SET type = 'individuel' WHERE id = ` + id},
		{"a local row with an ID CRA", `UPDATE activites SET id_coop = 'x' WHERE id = ` + id},
		{"an ID CRA twice", `UPDATE activites SET id_coop = '0b4c1e9e-0001' WHERE id_coop = '0b4c1e9e-0002'`},
		{"an unknown kind", `UPDATE activites SET type = 'demarche' WHERE id = ` + id},
		{"a registry place at home", `UPDATE activites SET lieu_id = 'act-albi' WHERE id = ` + id},
		{"an unknown tag scope", `INSERT INTO activite_tags (activite, portee, nom) VALUES (` + id + `, 'regional', 'x')`},
		{"an aggregate whose total is not its parts", `INSERT INTO activite_agregats (lieu_id, mois, individuels, ateliers, participants_ateliers, participants, genre_non_communique, tranche_non_communique, statut_non_communique, created_at, updated_at) VALUES ('act-albi', '2026-10', 2, 0, 0, 3, 3, 3, 3, '', '')`},
	} {
		if err := exec(t, s, tt.query); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}
