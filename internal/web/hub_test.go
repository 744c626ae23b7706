package web

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/place"
)

func TestCheckHub(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      Hub
		want    Hub
		missing string
		err     string
	}{
		{"nothing configured", Hub{}, Hub{Nom: DefaultHubNom, Territoire: "France", Licence: LicenceOuverte}, "nom,SIRET ou RNA,territoire,contact", ""},
		{"SIRET", Hub{Nom: " Hub du Sud ", Identifiant: "130 025 265 00013", Territoire: "Occitanie", Contact: "hub@exemple.fr"},
			Hub{Nom: "Hub du Sud", Identifiant: "13002526500013", Territoire: "Occitanie", Contact: "hub@exemple.fr", Licence: LicenceOuverte}, "", ""},
		{"RNA", Hub{Nom: "Asso", Identifiant: "w751234567", Territoire: "Paris", Contact: "a@b.fr", Licence: "https://opendatacommons.org/licenses/odbl/1-0/"},
			Hub{Nom: "Asso", Identifiant: "W751234567", Territoire: "Paris", Contact: "a@b.fr", Licence: "https://opendatacommons.org/licenses/odbl/1-0/"}, "", ""},
		{"bad SIRET", Hub{Identifiant: "1234"}, Hub{}, "", "identifiant du hub"},
		{"bad contact", Hub{Contact: "personne"}, Hub{}, "", "contact du hub"},
		{"bad licence", Hub{Licence: "etalab"}, Hub{}, "", "licence du hub"},
		{"territory without letters", Hub{Territoire: "—"}, Hub{}, "", "territoire du hub"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, missing, err := CheckHub(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, failure.ErrInvalid) {
					t.Fatalf("got %v, want an Invalid error about %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || strings.Join(missing, ",") != tc.missing {
				t.Errorf("got %+v missing %q, want %+v missing %q", got, missing, tc.want, tc.missing)
			}
		})
	}
}

func TestHubFileName(t *testing.T) {
	// 30 November 23:30 UTC is already the 1st of December in Paris.
	late := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		hub    Hub
		format string
		want   string
	}{
		{Hub{Identifiant: "24330031600011", Territoire: "Bordeaux Métropole"}, "csv", "2026-12-01_24330031600011_lieux-de-mediation-numerique_BordeauxMetropole.csv"},
		{Hub{Identifiant: "W751234567", Territoire: "Provence-Alpes-Côte d'Azur"}, "json", "2026-12-01_W751234567_lieux-de-mediation-numerique_ProvenceAlpesCoteDAzur.json"},
		{Hub{Territoire: "île-de-france"}, "geojson", "2026-12-01_00000000000000_lieux-de-mediation-numerique_IleDeFrance.geojson"},
		{Hub{}, "csv", "2026-12-01_00000000000000_lieux-de-mediation-numerique_France.csv"},
	} {
		if got := tc.hub.FileName(late, tc.format); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.hub, got, tc.want)
		}
	}
}

// hubServer is a test server of these places publishing as hub.
func hubServer(t *testing.T, hub Hub, ls ...place.Lieu) *testServer {
	t.Helper()
	ts := newTestServer(t, ls...)
	cfg := ts.cfg
	cfg.Hub = hub
	s, err := NewServer(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: s, h: s.Handler(), store: ts.store}
}

// The downloads are named as the standard recommends, from the hub's
// configured identity and the date of the data's last change (the
// store's clock: 23 November 2026), whatever the request.
func TestDownloadFileNames(t *testing.T) {
	ts := hubServer(t, Hub{Nom: "Hub d'Occitanie", Identifiant: "13002526500013", Territoire: "Occitanie", Contact: "hub@exemple.fr"}, fixture()...)
	for _, format := range []string{"csv", "json", "geojson"} {
		res := ts.get(t, "/donnees/lieux."+format, "Host", "pirate.example")
		want := `attachment; filename="2026-11-23_13002526500013_lieux-de-mediation-numerique_Occitanie.` + format + `"`
		if res.StatusCode != 200 || res.Header.Get("Content-Disposition") != want {
			t.Errorf("%s: %d %q, want %q", format, res.StatusCode, res.Header.Get("Content-Disposition"), want)
		}
	}
}
