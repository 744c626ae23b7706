package importer

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"maillage/internal/standard"
	"maillage/internal/store"
)

// The notice « identifiant déjà utilisé par une autre source » (id-publie)
// is for a record whose id another source's place already holds (a clash:
// it is published under another id), not for every record of a place
// merged with others.
func TestIDPublishedNoticeOnlyForClashes(t *testing.T) {
	for name, open := range engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t)
			imp := func(source, file string) string {
				t.Helper()
				var rep bytes.Buffer
				rw, err := standard.NewReportWriter("text", &rep)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := Import(ctx, db, strings.NewReader(file), source+".csv", Options{Source: source, Report: rw}); err != nil {
					t.Fatal(err)
				}
				if err := rw.Close(); err != nil {
					t.Fatal(err)
				}
				return rep.String()
			}
			imp("hub", csvHeader+"a0,,Médiathèque Pierre-Amalric,Albi,81000,30 avenue du Général de Gaulle,2026-01-01\n")
			// Another source's a0 is another place: published under another id.
			rep := imp("cd81", csvHeader+"a0,,Gymnase municipal,Gaillac,81600,2 place de la Libération,2026-01-01\n")
			if strings.Count(rep, "id-publie") != 1 || !strings.Contains(rep, "identifiant déjà utilisé par une autre source") {
				t.Errorf("a clash is not said:\n%s", rep)
			}
			imp("ville", csvHeader+"v7,,Piscine,Albi,81000,5 rue Rochegude,2026-01-01\n")
			if err := db.MergePlaces(ctx, "a0", "v7", store.MergeInfo{Actor: "test", Reason: "test"}); err != nil {
				t.Fatal(err)
			}
			// v7 belongs to the place a0 now: no clash to tell.
			if rep := imp("ville", csvHeader+"v7,,Piscine Taranis,Albi,81000,5 rue Rochegude,2026-02-01\n"); strings.Contains(rep, "id-publie") {
				t.Errorf("a record of a merged place is said to clash:\n%s", rep)
			}
		})
	}
}
