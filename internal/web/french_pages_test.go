package web

import (
	"strings"
	"testing"
	"time"

	"maillage/internal/openinghours"
)

// Pages write dates and counts the French way: « 1er décembre », « 1 lieu »,
// « 0 lieu trouvé » (through internal/french).
func TestPagesSpeakFrench(t *testing.T) {
	one := fixture()[:1]
	ts := newTestServer(t, one...)
	// Tuesday 1 December 2026, 10:00 in Paris.
	ts.cfg.Now = func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, openinghours.Paris) }
	for path, want := range map[string][]string{
		"/":                          {"Le registre compte 1 lieu,"},
		"/donnees":                   {"1 lieu,"},
		"/healthz":                   {"ok — 1 lieu\n"},
		"/recherche?departement=31":  {"1 lieu trouvé"},
		"/recherche?departement=81":  {"0 lieu trouvé"},
		"/lieux/tls-1":               {"mardi 1er décembre (aujourd'hui)", "Horaires de la semaine du 30 novembre"},
		"/lieux/tls-1/fiche":         {"Informations du 1er décembre 2026"},
		"/fiche?departement=31":      {"Informations du 1er décembre 2026"},
		"/recherche?departement=974": {"0 lieu trouvé"},
	} {
		res := ts.get(t, path)
		for _, w := range want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		for _, bad := range []string{"1 lieux", "0 lieux", " 1 décembre"} {
			if strings.Contains(res.Body, bad) {
				t.Errorf("%s says %q", path, bad)
			}
		}
	}
	// A place updated on the 1st of a month.
	l := fixture()[0]
	l.ID = "tls-9"
	l.DateMaj = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ts2 := newTestServer(t, l)
	if res := ts2.get(t, "/lieux/tls-9"); !strings.Contains(res.Body, "Dernière mise à jour : 1er mars 2026") {
		t.Errorf("date_maj on the 1st: %s", res.Body[strings.Index(res.Body, "Dernière"):][:80])
	}
}

// Dates are the day in Paris, as the hour beside them is.
func TestFrenchDateInParis(t *testing.T) {
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), "1er décembre 2026"},
		{time.Date(2026, 6, 30, 22, 15, 0, 0, time.UTC), "1er juillet 2026"},
		{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "1er mars 2026"},
		{time.Date(2026, 12, 1, 0, 30, 0, 0, openinghours.Paris), "1er décembre 2026"},
		{time.Time{}, ""},
	} {
		if got := frenchDate(tc.t); got != tc.want {
			t.Errorf("frenchDate(%v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}
