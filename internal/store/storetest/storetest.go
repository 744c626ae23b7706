// Package storetest is the test suite every store adapter must pass.
package storetest

import (
	"context"
	"maillage/internal/testenv"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// Open returns a new, empty store for one test, opened with opts.
type Open func(t *testing.T, opts ...store.Option) store.Store

// Run runs the whole suite.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"ReimportCounts", testReimportCounts},
		{"SameRecordTwice", testSameRecordTwice},
		{"Rollback", testRollback},
		{"IDCollisionAcrossSources", testIDCollision},
		{"OrderAndStats", testOrderAndStats},
		{"NotFound", testNotFound},
		{"ManyRowsAndEarlyStop", testManyRows},
		{"Territories", testTerritories},
		{"Layers", testLayers},
		{"Contours", testContours},
		{"Reports", testReports},
		{"Accounts", testAccounts},
		{"LoginAndSessions", testLoginAndSessions},
		{"ContributionsAndAudit", testContributions},
		{"ChangesEveryWrite", testChangesEveryWrite},
		{"ChangesCommitOrder", testChangesCommitOrder},
		{"ChangesCreated", testChangesCreated},
		{"SourcesOfPlaces", testSourcesOfPlaces},
		{"SourceRemovalImpact", testSourceRemovalImpact},
		{"Patches", testPatches},
		{"RejectedRecordKept", testRejectedRecordKept},
		{"Proposals", testProposals},
		{"ImportJournal", testImportJournal},
		{"ClaimUnique", testClaimUnique},
		{"ConcurrentWriters", testConcurrentWriters},
		{"LastAdministratorRule", testLastAdministratorRule},
		{"LastAdministratorRace", testLastAdministratorRace},
		{"AutoClaimBound", testAutoClaimBound},
		{"DeleteExpired", testDeleteExpired},
		{"Withdrawal", testWithdrawal},
		{"MergeAndSplit", testMergeAndSplit},
		{"SplitTakesBackID", testSplitTakesBackID},
		{"SplitKeepsOwnersID", testSplitKeepsOwnersID},
		{"SourcePriority", testSourcePriority},
		{"Throttles", testThrottles},
		{"DeleteWithdrawsContributions", testDeleteWithdrawsContributions},
		{"DeleteForgetsSignInAddress", testDeleteForgetsSignInAddress},
		{"Geocodings", testGeocodings},
		{"APITokensBound", testAPITokensBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			tt.fn(t, s)
		})
	}
	// Tests that set the store's clock.
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, store.Store, *Clock)
	}{
		{"TimesCompareInOrder", testTimesOrder},
		{"LastChangeCountsWithdrawals", testLastChangeCountsWithdrawals},
		{"OneClockPerTransaction", testOneClock},
		{"NewerRecordKeepsHandEdit", testNewerRecordKeepsHandEdit},
		{"WithdrawnKeptByHand", testWithdrawnKeptByHand},
		{"RedatedEdition", testRedatedEdition},
		{"EditDateSurvivesOlderRecords", testEditDateSurvivesOlderRecords},
		{"DepartedRecordDate", testDepartedRecordDate},
		{"RedatedRecordKeepsHandEdit", testRedatedRecordKeepsHandEdit},
		{"SourcesDeclare", testSourcesDeclare},
		{"SourcesAudit", testSourcesAudit},
		{"HarvestRuns", testHarvestRuns},
		{"Lease", testLease},
		{"LeaseTakeOver", testLeaseTakeOver},
		{"DuplicatePairs", testDuplicatePairs},
		{"SavePairsMany", testSavePairsMany},
		{"PairDecisions", testPairDecisions},
		{"WeakenedMerges", testWeakenedMerges},
		{"ConfirmAsRead", testConfirmAsRead},
		{"DecidePairMerges", testDecidePairMerges},
		{"CurrentRecords", testCurrentRecords},
		{"Demand", testDemand},
		{"PendingRecords", testPendingRecords},
		{"PlaceRecords", testPlaceRecords},
		{"RecordsToMatchOrder", testRecordsToMatchOrder},
		{"MergeRecordsKeepsLaterDecisions", testMergeRecordsKeepsLaterDecisions},
		{"RejectInOnePlace", testRejectInOnePlace},
		{"RejectRacesConfirmations", testRejectRacesConfirmations},
		{"DuplicatesQueue", testDuplicatesQueue},
		{"ContributionsOutliveTheirPlace", testContributionsOutliveTheirPlace},
		{"UndoReject", testUndoReject},
		{"UndoSplit", testUndoSplit},
		{"MergeByHand", testMergeByHand},
		{"UndoRacesDecisions", testUndoRacesDecisions},
		{"APITokens", testAPITokens},
		{"CreationOrder", testCreationOrder},
		{"Closures", testClosures},
		{"StatsShares", testStatsShares},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &Clock{}
			s := open(t, store.WithClock(c.Now))
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			tt.fn(t, s, c)
		})
	}
	runWithOpen(t, open)
}

// runWithOpen runs the tests that open their own stores.
func runWithOpen(t *testing.T, open Open) {
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, Open)
	}{
		{"MergeRecordsAsMergePlaces", testMergeRecordsAsMergePlaces},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

// PostgresURL returns the URL of the test PostgreSQL server, skipping the
// test when there is none, except in CI where it is mandatory.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return testenv.PostgresURL(t)
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

// Opener is an Open of an engine's opening function: the test fails when
// it fails, and the store is closed with the test that opened it when
// closed is true.
func Opener(open func(opts ...store.Option) (store.Store, error), closed bool) Open {
	return func(t *testing.T, opts ...store.Option) store.Store {
		t.Helper()
		s, err := open(opts...)
		if err != nil {
			t.Fatal(err)
		}
		if closed {
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
		}
		return s
	}
}
