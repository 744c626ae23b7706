package web

import (
	"context"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store"
)

// The provenance table names the account that edited a field, for an
// administrator, by its e-mail and its role (an administrator is not « les coordinateurs »,
// and « compte:3 » means nothing to a reader), gives each field its own
// label (two « présentation » rows could not be told apart), and credits
// no source with a field the place leaves empty.
func TestPlaceProvenanceWords(t *testing.T) {
	p := cast(t)
	ts, ctx := p.ts, context.Background()
	other := lieu("x-9", 43.6046, 1.4441, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "EPN Capitole (mairie)", "Toulouse", "31555", "31000"
		l.PresentationResume, l.PresentationDetail = "Ateliers numériques.", "Des ateliers tous les jours."
		l.FormationsLabels, l.AutresFormationsLabels = []string{place.LabelDuplex}, []string{"Label régional"}
		l.DateMaj, l.Telephone = l.DateMaj.AddDate(0, 1, 0), nil
	})
	im, err := ts.store.BeginImport(ctx, "dept")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := im.Put(ctx, &other); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "dept.csv"); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.MergePlaces(ctx, "tls-1", "x-9", store.MergeInfo{Actor: "dedup"}); err != nil {
		t.Fatal(err)
	}
	cur, err := ts.store.Lieu(ctx, "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	// ada@hub.fr, the administrator, is account 3 of the cast.
	if _, err := ts.store.PatchLieu(ctx, "tls-1", store.Patch{Base: store.Version(&cur), Set: map[string]string{"prise_rdv": "https://rdv.exemple.fr/capitole"}, Origin: "coordination", Actor: "compte:3"}); err != nil {
		t.Fatal(err)
	}
	if err := ts.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	res := getAs(t, ts, "/lieux/tls-1", p.ad)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	table := between(t, res.Body, `<section class="provenance"`, "</section>")
	for _, want := range []string{
		"<th scope=\"row\">prise de rendez-vous</th><td data-titre=\"Donnée par\">ada@hub.fr, Administrateur (le hub)</td>",
		"<th scope=\"row\">présentation (résumé)</th>", "<th scope=\"row\">présentation (détail)</th>",
		"<th scope=\"row\">labels</th>", "<th scope=\"row\">autres labels</th>",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("provenance lacks %q:\n%s", want, table)
		}
	}
	for _, not := range []string{"compte:3", "les coordinateurs"} {
		if strings.Contains(table, not) {
			t.Errorf("provenance shows %q:\n%s", not, table)
		}
	}

	// A place of one record, without phone or Acceslibre sheet.
	bare := lieu("e-1", 43.6050, 1.4450, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Point numérique Saint-Cyprien", "Toulouse", "31555", "31300"
		l.Telephone, l.FicheAccesLibre = nil, ""
	})
	im, err = ts.store.BeginImport(ctx, "dept")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := im.Put(ctx, &bare); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "dept.csv"); err != nil {
		t.Fatal(err)
	}
	if err := ts.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	res = getAs(t, ts, "/lieux/e-1", p.ad)
	table = between(t, res.Body, `<section class="provenance"`, "</section>")
	if !strings.Contains(table, "<th scope=\"row\">nom</th><td data-titre=\"Donnée par\">source « dept », enregistrement e-1</td>") {
		t.Errorf("provenance of e-1 lacks its name:\n%s", table)
	}
	for _, not := range []string{"<th scope=\"row\">téléphone</th>", "<th scope=\"row\">fiche Acceslibre</th>"} {
		if strings.Contains(table, not) {
			t.Errorf("an empty field is credited to a source: %q\n%s", not, table)
		}
	}
}
