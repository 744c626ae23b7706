package diagnostic

import (
	"errors"
	"strings"
	"testing"

	"maillage/internal/failure"
)

func TestParseTerritory(t *testing.T) {
	ref := smallRef()
	tests := []struct {
		in, want string
		name     string
		code     *failure.Error
		msg      string
	}{
		{in: "france", want: "france", name: "France"},
		{in: " France ", want: "france", name: "France"},
		{in: "region:84", want: "region:84", name: "Auvergne-Rhône-Alpes"},
		{in: "Région:32", want: "region:32", name: "Hauts-de-France"},
		{in: "departement:01", want: "departement:01", name: "Ain"},
		{in: "DÉPARTEMENT:02", want: "departement:02", name: "Aisne"},
		{in: "epci:200000001", want: "epci:200000001", name: "CC de l'Amont"},
		{in: "commune:02002", want: "commune:02002", name: "Dune"},
		// A leading zero omitted, as spreadsheets drop it.
		{in: "departement:1", want: "departement:01", name: "Ain"},
		{in: "commune:2002", want: "commune:02002", name: "Dune"},
		{in: " commune: 02002 ", want: "commune:02002", name: "Dune"},
		{in: "departement:001", code: failure.ErrNotFound, msg: "département « 001 » inconnu"},
		{in: "", code: failure.ErrInvalid, msg: "territoire manquant"},
		{in: "69", code: failure.ErrInvalid, msg: "territoire « 69 » invalide : attendu france, region:CODE"},
		{in: "canton:12", code: failure.ErrInvalid, msg: "type de territoire « canton » inconnu"},
		{in: "france:1", code: failure.ErrInvalid, msg: "france ne prend pas de code"},
		{in: "departement:99", code: failure.ErrNotFound, msg: "département « 99 » inconnu du référentiel"},
		{in: "departement:", code: failure.ErrInvalid, msg: "département : code manquant"},
		{in: "commune:75056", code: failure.ErrNotFound, msg: "commune « 75056 » inconnue du référentiel (attendu le code INSEE"},
		{in: "region:11", code: failure.ErrNotFound, msg: "région « 11 » inconnue"},
		{in: "epci:123", code: failure.ErrNotFound, msg: "EPCI « 123 » inconnu du référentiel (attendu le SIREN"},
	}
	for _, tc := range tests {
		got, err := ParseTerritory(tc.in, ref)
		if tc.code != nil {
			if !errors.Is(err, tc.code) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%q: error %v, want %v containing %q", tc.in, err, tc.code.Code, tc.msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got.String() != tc.want || got.Name != tc.name {
			t.Errorf("%q: %s %q, want %s %q", tc.in, got, got.Name, tc.want, tc.name)
		}
	}
	if _, err := ParseTerritory("departement:01", nil); !errors.Is(err, failure.ErrUnavailable) {
		t.Errorf("no referential: %v, want unavailable", err)
	}
}

func TestOptionsNormalise(t *testing.T) {
	tests := []struct {
		in   Options
		want Options
		msg  string // error
	}{
		{in: Options{}, want: Options{Method: "e2sfca", Cost: "vol-d-oiseau", SeuilKm: 10, Weighting: "lieu", Detour: 1.3, Vitesse: 60}},
		{in: Options{SeuilMin: 30}, want: Options{Method: "e2sfca", Cost: "detour", SeuilMin: 30, Weighting: "lieu", Detour: 1.3, Vitesse: 60}},
		{in: Options{Cost: "detour"}, want: Options{Method: "e2sfca", Cost: "detour", SeuilMin: 20, Weighting: "lieu", Detour: 1.3, Vitesse: 60}},
		{in: Options{Method: "Gaussien", Service: "aide aux démarches administratives", Weighting: "horaires"},
			want: Options{Method: "gaussien", Cost: "vol-d-oiseau", SeuilKm: 10, Service: "Aide aux démarches administratives", Weighting: "horaires", Detour: 1.3, Vitesse: 60}},
		{in: Options{Method: "3sfca"}, msg: "méthode « 3sfca » inconnue : 2sfca, e2sfca (par défaut) ou gaussien"},
		{in: Options{Cost: "route"}, msg: "coût « route » inconnu : vol-d-oiseau (par défaut), detour ou osrm"},
		{in: Options{SeuilKm: -3}, msg: "seuil-km -3 invalide : un nombre fini strictement positif (en kilomètres)"},
		{in: Options{SeuilKm: 5000}, msg: "seuil-km 5000 invalide : au plus 100 kilomètres"},
		{in: Options{SeuilKm: 1e308}, msg: "seuil-km 1e+308 invalide : au plus 100 kilomètres"},
		{in: Options{SeuilKm: 5e-324}, msg: "seuil-km 5e-324 invalide : au moins 0,1 kilomètre"},
		{in: Options{SeuilKm: 0.099}, msg: "seuil-km 0.099 invalide : au moins 0,1 kilomètre"},
		{in: Options{SeuilMin: 0.5}, msg: "seuil-min 0.5 invalide : au moins 1 minute"},
		{in: Options{SeuilKm: 0.1}, want: Options{Method: "e2sfca", Cost: "vol-d-oiseau", SeuilKm: 0.1, Weighting: "lieu", Detour: 1.3, Vitesse: 60}},
		{in: Options{SeuilMin: 121}, msg: "seuil-min 121 invalide : au plus 120 minutes"},
		// osrm is offered only when a server is configured (review 9N, minor 3).
		{in: Options{Cost: "vol-d-oiseau", SeuilMin: 20}, msg: "seuil-min 20 : le coût vol-d-oiseau se mesure en kilomètres, donnez seuil-km (ou choisissez le coût detour)"},
		{in: Options{Cost: "vol-d-oiseau", SeuilMin: 20, OSRMURL: "http://osrm.test"}, msg: "seuil-min 20 : le coût vol-d-oiseau se mesure en kilomètres, donnez seuil-km (ou choisissez le coût detour ou osrm)"},
		{in: Options{Cost: "detour", SeuilKm: 10}, msg: "seuil-km 10 : le coût detour se mesure en minutes, donnez seuil-min"},
		{in: Options{Cost: "osrm"}, msg: "coût osrm : aucun serveur OSRM n'est configuré"},
		{in: Options{Service: "Cuisine"}, msg: "service « Cuisine » inconnu : les services du standard sont"},
		{in: Options{Weighting: "personnel"}, msg: "ponderation : pondération « personnel » indisponible"},
		{in: Options{Detour: 0.5}, msg: "détour 0.5 invalide"},
	}
	for _, tc := range tests {
		got, err := tc.in.Normalise()
		if tc.msg != "" {
			if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%+v: %v, want %q", tc.in, err, tc.msg)
			}
			if OptionOfMessage(failure.MessageOf(err)) == "" {
				t.Errorf("%+v: %q does not start with the option's name", tc.in, failure.MessageOf(err))
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%+v:\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}
