package main

import (
	"strings"
	"testing"
)

// territoires import writes every number of its summary with French
// separators (review 9N, nit 11: « 35 014 communes (35014 avec leur
// centre… »).
func TestReferentialLoadedNumbers(t *testing.T) {
	got := referentialLoaded(loadedCounts{communes: 35014, centres: 35014, kept: 0, embedded: 34998, epcis: 1255, departements: 101, regions: 18}, "16 lus dans centres.csv", "")
	want := "Référentiel chargé : 35\u202f014 communes (35\u202f014 avec leur centre : 16 lus dans centres.csv, 0 déjà connu, 34\u202f998 de la copie intégrée), 1255 EPCI, 101 départements, 18 régions."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if strings.Contains(got, "35014") {
		t.Error("a number without its separator")
	}
}
