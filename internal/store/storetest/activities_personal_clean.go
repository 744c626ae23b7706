package storetest

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"maillage/internal/activity"
	"maillage/internal/audit"
	"maillage/internal/store"
)

// testPersonalDataInvisible (review 12A, 14): texts refused for an
// invisible character alone (a soft hyphen, an emoji's zero width
// joiner, a BOM: nothing personal) are cleaned of it by the erasure, the
// rest kept; a tag or a partner is renamed in its row, keeping its place;
// a text the cleaning shows to hold a phone is blanked. Findings and
// texts after decided by hand.
func testPersonalDataInvisible(t *testing.T, s store.Store, f *activityFixture, exec TryExec) {
	ctx := context.Background()
	ind := addActivity(t, s, individualAt(f))
	coord, err := s.AddCoordination(ctx, activity.Coordination{Kind: activity.Partenariat, Date: "2026-11-20", Level: "departemental", Territory: "31",
		Natures: []string{"subvention"}, Name: "Comité", Partners: []activity.Partner{{Type: "departement", Name: "Haute-Garonne"}, {Type: "association", Name: "Emmaüs Connect"}},
		Account: f.other}, actor(f.other))
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	note := "Atelier tablette\u00ad : création d’une adresse, envoi d’une pièce jointe, trois personnes, suite en janvier."
	for _, q := range []string{
		`UPDATE activites SET notes = '` + note + `', precisions_demarche = '06 12` + "\u200b" + ` 34 56 78' WHERE id = ` + id(ind.ID),
		`UPDATE activite_tags SET nom = '` + "\ufeff" + `Café IA' WHERE activite = ` + id(ind.ID) + ` AND nom = 'Café IA'`,
		`UPDATE activites_coordination SET nom = 'Comité` + "\u00ad" + ` de pilotage' WHERE id = ` + id(coord.ID),
		`UPDATE activite_coordination_valeurs SET nom = '` + "\ufeff" + `Haute-Garonne' WHERE activite = ` + id(coord.ID) + ` AND nom = 'Haute-Garonne'`,
		`UPDATE orientations SET message = 'Besoin d’aide` + "\u2028" + `pour la CAF.', detail = 'venue` + "\u00ad" + ` hier' WHERE id = ` + id(f.orientation),
		`UPDATE orientation_evenements SET detail = 'venue` + "\u00ad" + ` hier' WHERE orientation_id = ` + id(f.orientation),
	} {
		if err := exec(t, s, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	later := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	f.clock.Set(later)
	var got []store.PersonalFinding
	if err := s.PersonalData(ctx, true, "ligne de commande", func(f store.PersonalFinding) error {
		got = append(got, f)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	act := func(field, label, rule string, erased bool) store.PersonalFinding {
		return store.PersonalFinding{Kind: store.PersonalActivity, ID: ind.ID, Field: field, Label: label, Rule: rule, Date: "2026-11-20", Erased: erased, Cleaned: !erased}
	}
	co := func(field, label string) store.PersonalFinding {
		return store.PersonalFinding{Kind: store.PersonalCoordination, ID: coord.ID, Field: field, Label: label, Rule: "caractere-invisible", Date: "2026-11-20", Cleaned: true}
	}
	want := []store.PersonalFinding{
		act("precisions_demarche", "Nom de la démarche administrative", "caractere-invisible", false),
		act("tags", "Tags", "caractere-invisible", false),
		act("notes", "Notes", "caractere-invisible", false),
		act("precisions_demarche", "Nom de la démarche administrative", "donnee-personnelle-telephone", true),
		co("nom", "Nom"),
		co("structures_partenaires", "Structures partenaires"),
		{Kind: store.PersonalOrientation, ID: f.orientation, Field: "message", Label: "Message pour le lieu", Rule: "caractere-invisible", Date: "2026-12-02", Cleaned: true},
		{Kind: store.PersonalOrientation, ID: f.orientation, Field: "detail", Label: "Précision", Rule: "caractere-invisible", Date: "2026-12-02", Cleaned: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("erasure:\n got %+v\nwant %+v", got, want)
	}
	a, err := s.Activity(ctx, ind.ID)
	if err != nil || a.Notes != strings.ReplaceAll(note, "\u00ad", "") || a.Demarche != "" || !a.Updated.Equal(later) ||
		!reflect.DeepEqual(a.Tags, []activity.Tag{{Scope: "departemental", Name: "Pass 31"}, {Scope: "national", Name: "Café IA"}}) {
		t.Errorf("activity after: %v %q %q %+v", err, a.Notes, a.Demarche, a.Tags)
	}
	c, err := s.Coordination(ctx, coord.ID)
	if err != nil || c.Name != "Comité de pilotage" || !c.Updated.Equal(later) ||
		!reflect.DeepEqual(c.Partners, []activity.Partner{{Type: "departement", Name: "Haute-Garonne"}, {Type: "association", Name: "Emmaüs Connect"}}) {
		t.Errorf("coordination after: %v %q %+v", err, c.Name, c.Partners)
	}
	o, err := s.Orientation(ctx, f.orientation)
	if err != nil || o.Message != "Besoin d’aide\npour la CAF." || o.Detail != "venue hier" || len(o.Events) == 0 {
		t.Errorf("orientation after: %v %q %q %+v", err, o.Message, o.Detail, o.Events)
	}
	for _, e := range o.Events {
		if e.Detail != "venue hier" {
			t.Errorf("an event's detail after: %q", e.Detail)
		}
	}
	entries, err := s.Audit(ctx, store.PersonalActivity, id(ind.ID))
	if err != nil || len(entries) != 2 || string(entries[1].After) != `{"champs_effaces":["precisions_demarche"],"champs_nettoyes":["precisions_demarche","tags","notes"],`+
		`"regles":["precisions_demarche:caractere-invisible","tags:caractere-invisible","notes:caractere-invisible","precisions_demarche:donnee-personnelle-telephone"]}` {
		t.Errorf("journal of the activity: %v %+v", err, entries)
	}
	var again []store.PersonalFinding
	if err := s.PersonalData(ctx, false, "", func(f store.PersonalFinding) error { again = append(again, f); return nil }); err != nil || len(again) != 0 {
		t.Errorf("found again: %v %+v", err, again)
	}
}

// testPersonalDataJournal (review 12A, 5): the journal keeps no
// coordination's name (a correction's Before, a deletion's included), so
// a name stored with a phone before the detector leaves no copy there;
// an entry an older version wrote with it is reported (kind journal, its
// number), never erased, and the chain still holds.
func testPersonalDataJournal(t *testing.T, s store.Store, f *activityFixture, exec TryExec) {
	ctx := context.Background()
	coord, err := s.AddCoordination(ctx, activity.Coordination{Kind: activity.Partenariat, Date: "2026-11-20", Level: "departemental", Territory: "31",
		Natures: []string{"subvention"}, Name: "Réunion", Partners: []activity.Partner{{Type: "departement", Name: "Haute-Garonne"}}, Account: f.other}, actor(f.other))
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(coord.ID, 10)
	phone := "rappeler Mme X au 06 12 34 56 78"
	if err := exec(t, s, `UPDATE activites_coordination SET nom = '`+phone+`' WHERE id = `+id); err != nil {
		t.Fatal(err)
	}
	// Its author corrects it (the form refuses the old name), then deletes it.
	c, err := s.Coordination(ctx, coord.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Name = "Réunion de suivi"
	if _, err := s.UpdateCoordination(ctx, c, f.other, actor(f.other)); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteCoordination(ctx, coord.ID, f.other, actor(f.other)); err != nil {
		t.Fatal(err)
	}
	entries, err := s.Audit(ctx, store.PersonalCoordination, id)
	if err != nil || len(entries) != 3 {
		t.Fatalf("journal: %v %+v", err, entries)
	}
	for _, e := range entries {
		for _, text := range []string{"06 12", "Réunion"} {
			if strings.Contains(string(e.Before)+string(e.After), text) {
				t.Errorf("journal entry %d (%s) holds %q: %s %s", e.Seq, e.Action, text, e.Before, e.After)
			}
		}
	}
	// As an older version wrote it.
	if err := s.Record(ctx, audit.Entry{Actor: actor(f.other), Action: "modifier", Kind: store.PersonalCoordination, ObjectID: id,
		Before: audit.JSON(map[string]any{"type": "partenariat", "date": "2026-11-20", "nom": phone}), After: audit.JSON(map[string]any{"nom": "Réunion"})}); err != nil {
		t.Fatal(err)
	}
	if entries, err = s.Audit(ctx, store.PersonalCoordination, id); err != nil || len(entries) != 4 {
		t.Fatalf("journal: %v %+v", err, entries)
	}
	old := entries[3]
	for _, erase := range []bool{true, false} {
		var got []store.PersonalFinding
		if err := s.PersonalData(ctx, erase, "ligne de commande", func(f store.PersonalFinding) error { got = append(got, f); return nil }); err != nil {
			t.Fatal(err)
		}
		want := []store.PersonalFinding{{Kind: store.PersonalJournal, ID: old.Seq, Field: "nom", Label: "Nom (activité de coordination n° " + id + ")",
			Rule: "donnee-personnelle-telephone", Date: "2026-12-02"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("erase %v:\n got %+v\nwant %+v", erase, got, want)
		}
	}
	if entries, err = s.Audit(ctx, store.PersonalCoordination, id); err != nil || len(entries) != 4 || !reflect.DeepEqual(entries[3], old) {
		t.Errorf("the old entry changed: %v %+v", err, entries)
	}
	verifyChain(t, s)
}
