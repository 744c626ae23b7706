package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/audit"
	"maillage/internal/orientation"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// TestDonneesPersonnellesVerifier: rows holding personal data written
// straight into the database (as before the detector) are listed field by
// field without their text, exit 1; --effacer blanks them, and a second
// run finds nothing (exit 0); a row without personal data, and a
// coordination text naming « M. Dupont » (a partner's, accepted), stay;
// a note with a soft hyphen is cleaned of it, its text kept (review 12A,
// 14); a journal entry holding a coordination's name with a phone, as an
// older version wrote it, is reported, never erased (review 12A, 5).
// The expected lines were written by hand from the texts.
func TestDonneesPersonnellesVerifier(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := url(t)
			ctx := context.Background()
			at := func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }
			st, err := openStore(ctx, testEnv(t), db, store.WithClock(at))
			if err != nil {
				t.Fatal(err)
			}
			im, err := st.BeginImport(ctx, "hub")
			if err != nil {
				t.Fatal(err)
			}
			albi := storetest.Sample("pd-albi")
			albi.Nom, albi.Commune, albi.CodePostal, albi.CodeINSEE = "Médiathèque d'Albi", "Albi", "81000", "81004"
			if _, _, err := im.Put(ctx, &albi); err != nil {
				t.Fatal(err)
			}
			if _, err := im.Commit(ctx, "lieux.csv"); err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, a := range []activity.Activity{
				{Kind: activity.Individuel, Date: "2026-11-20", Duration: 30, PlaceType: activity.LieuActivite, LieuID: "pd-albi", Thematics: []string{"email"}, Notes: "Première venue"},
				{Kind: activity.Collectif, Date: "2026-11-05", Duration: 90, PlaceType: activity.AutreLieu, Commune: "81065", Thematics: []string{"sante"}, Title: "Ameli",
					Public: activity.Public{Total: 8}},
				{Kind: activity.Individuel, Date: "2026-11-21", Duration: 30, PlaceType: activity.ADistance, Thematics: []string{"email"}, Notes: "Rien de personnel"},
				{Kind: activity.Individuel, Date: "2026-11-22", Duration: 30, PlaceType: activity.ADistance, Thematics: []string{"email"}, Notes: "Atelier tablette"},
			} {
				added, err := st.AddActivity(ctx, a, cliActor)
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, added.ID)
			}
			coord, err := st.AddCoordination(ctx, activity.Coordination{Kind: activity.Evenement, Date: "2026-11-18", Level: "departemental", Territory: "81",
				Participants: 40, EventType: "autre", EventTypeOther: "Forum", Organisers: []string{"hub"}}, cliActor)
			if err != nil {
				t.Fatal(err)
			}
			prescriber, err := st.CreateUser(ctx, account.User{Email: "prescriptrice@caf.fr", Role: account.Contributeur}, cliActor)
			if err != nil {
				t.Fatal(err)
			}
			o, err := st.CreateOrientation(ctx, orientation.Orientation{Need: place.ServiceDemarches, LieuID: "pd-albi", Mode: orientation.SansRendezVous,
				Reference: "dossier B-12", Message: "Aide pour la déclaration.", Prescriber: prescriber}, strings.Repeat("ab", 32))
			if err != nil {
				t.Fatal(err)
			}
			// An older version copied a coordination's name into the journal.
			if err := st.Record(ctx, audit.Entry{Actor: cliActor, Action: "modifier", Kind: store.PersonalCoordination, ObjectID: fmt.Sprint(coord.ID),
				Before: audit.JSON(map[string]any{"type": "evenement", "date": "2026-11-18", "nom": "Forum, rappeler Mme Roux au 06 12 34 56 78"})}); err != nil {
				t.Fatal(err)
			}
			entries, err := st.Audit(ctx, store.PersonalCoordination, fmt.Sprint(coord.ID))
			if err != nil || len(entries) != 2 {
				t.Fatalf("journal of the coordination: %v %+v", err, entries)
			}
			seq := entries[1].Seq
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			softHyphen := "Atelier tablette\u00ad : création d’une adresse, suite en janvier."
			rawExec(t, db, fmt.Sprintf(`UPDATE activites SET notes = '%s' WHERE id = %d`, softHyphen, ids[3]))
			texts := []string{"rappeler au 06 12 34 56 78", "Atelier de Mme Lefebvre", "Forum avec jean.dupont@exemple.fr", "IBAN FR76 3000 6000 0112 3456 7890 189"}
			rawExec(t, db, fmt.Sprintf(`UPDATE activites SET notes = '%s' WHERE id = %d`, texts[0], ids[0]))
			rawExec(t, db, fmt.Sprintf(`UPDATE activites SET titre_atelier = '%s' WHERE id = %d`, texts[1], ids[1]))
			rawExec(t, db, fmt.Sprintf(`UPDATE activites_coordination SET type_evenement_autre = '%s', notes = 'RDV avec M. Dupont' WHERE id = %d`, texts[2], coord.ID))
			rawExec(t, db, fmt.Sprintf(`UPDATE orientations SET message = '%s' WHERE id = %d`, texts[3], o.ID))

			env := map[string]string{"MAILLAGE_AUDIT_CHECKPOINTS": t.TempDir()}
			cmd := func(want int, args ...string) result {
				t.Helper()
				r := runCmdAt(t, at, "", env, append([]string{"donnees-personnelles", "verifier", "--db", db}, args...)...)
				if r.code != want {
					t.Fatalf("%v: status %d, want %d: %+v", args, r.code, want, r)
				}
				for _, text := range append(texts, "06 12", "Lefebvre", "dupont@", "FR76", "Roux", "tablette") {
					if strings.Contains(r.stdout+r.stderr, text) {
						t.Errorf("%v: the output holds %q:\n%s%s", args, text, r.stdout, r.stderr)
					}
				}
				return r
			}
			lines := []string{
				fmt.Sprintf("activité n° %d, du 2026-11-20 : champ « Notes » : un numéro de téléphone (règle donnee-personnelle-telephone)", ids[0]),
				fmt.Sprintf("activité n° %d, du 2026-11-05 : champ « Nom de l'atelier » : une civilité suivie d'un nom (« Mme Martin », « M. Durand ») (règle donnee-personnelle-nom)", ids[1]),
				fmt.Sprintf("activité n° %d, du 2026-11-22 : champ « Notes » : un caractère de contrôle ou invisible (règle caractere-invisible)", ids[3]),
				fmt.Sprintf("activité de coordination n° %d, du 2026-11-18 : champ « Autre type d'évènement » : une adresse électronique (règle donnee-personnelle-courriel)", coord.ID),
				fmt.Sprintf("orientation n° %d, du 2026-11-25 : champ « Message pour le lieu » : un IBAN (coordonnées bancaires) (règle donnee-personnelle-iban)", o.ID),
			}
			journalLine := fmt.Sprintf("entrée du journal n° %d, du 2026-11-25 : champ « Nom (activité de coordination n° %d) » : un numéro de téléphone (règle donnee-personnelle-telephone) : gardé (journal chaîné)\n", seq, coord.ID)
			journalNote := "Le journal d'audit garde une copie d'un texte avec des données personnelles dans 1 entrée (1 champ), " +
				"écrite par une version qui copiait ces textes : le journal est chaîné (maillage audit verifier), " +
				"ses entrées ne s'effacent pas sans rompre la chaîne ; ces copies restent, --effacer ne les touche pas.\n"
			summary := "Données personnelles trouvées — 3 activités (%s) ; 1 activité de coordination (1 champ %s) ; 1 orientation (1 champ %s).\n" + journalNote
			r := cmd(1)
			want := strings.Join(lines, "\n") + "\n" + journalLine + fmt.Sprintf(summary, "3 champs refusés", "refusé", "refusé") + "Pour vider ces champs : maillage donnees-personnelles verifier --effacer.\n"
			if r.stdout != want {
				t.Errorf("texte:\n%s\nwant:\n%s", r.stdout, want)
			}

			r = cmd(1, "--format", "csv")
			rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			wantRows := [][]string{{"type", "id", "champ", "regle", "date", "efface", "nettoye"},
				{"activité", fmt.Sprint(ids[0]), "Notes", "donnee-personnelle-telephone", "2026-11-20", "non", "non"},
				{"activité", fmt.Sprint(ids[1]), "Nom de l'atelier", "donnee-personnelle-nom", "2026-11-05", "non", "non"},
				{"activité", fmt.Sprint(ids[3]), "Notes", "caractere-invisible", "2026-11-22", "non", "non"},
				{"activité de coordination", fmt.Sprint(coord.ID), "Autre type d'évènement", "donnee-personnelle-courriel", "2026-11-18", "non", "non"},
				{"orientation", fmt.Sprint(o.ID), "Message pour le lieu", "donnee-personnelle-iban", "2026-11-25", "non", "non"},
				{"entrée du journal", fmt.Sprint(seq), fmt.Sprintf("Nom (activité de coordination n° %d)", coord.ID), "donnee-personnelle-telephone", "2026-11-25", "non", "non"},
			}
			if !reflect.DeepEqual(rows, wantRows) {
				t.Errorf("csv:\n%q\nwant\n%q", rows, wantRows)
			}
			if r.stderr != fmt.Sprintf(summary, "3 champs refusés", "refusé", "refusé")+"Pour vider ces champs : maillage donnees-personnelles verifier --effacer.\n" {
				t.Errorf("csv summary: %q", r.stderr)
			}

			r = cmd(1, "--effacer")
			for i := range lines {
				if i == 2 {
					lines[i] += " : nettoyé (caractères invisibles retirés, le reste du texte gardé)"
				} else {
					lines[i] += " : effacé"
				}
			}
			if want := strings.Join(lines, "\n") + "\n" + journalLine + fmt.Sprintf(summary, "2 champs effacés, 1 champ nettoyé", "effacé", "effacé"); r.stdout != want {
				t.Errorf("--effacer:\n%s\nwant:\n%s", r.stdout, want)
			}
			r = cmd(0)
			if r.stdout != journalLine+"Aucune donnée personnelle trouvée dans les activités, les activités de coordination et les orientations.\n"+journalNote {
				t.Errorf("second run: %q", r.stdout)
			}

			st, err = openReader(ctx, testEnv(t), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for i, want := range []struct{ notes, title string }{{"", ""}, {"", ""}, {"Rien de personnel", ""}, {"Atelier tablette : création d’une adresse, suite en janvier.", ""}} {
				a, err := st.Activity(ctx, ids[i])
				if err != nil || a.Notes != want.notes || a.Title != want.title {
					t.Errorf("activity %d after: %v %q %q", i, err, a.Notes, a.Title)
				}
				if i == 2 && !a.Updated.Equal(a.Created) {
					t.Errorf("the clean activity was written: %+v", a)
				}
			}
			c, err := st.Coordination(ctx, coord.ID)
			if err != nil || c.EventTypeOther != "" || c.Notes != "RDV avec M. Dupont" {
				t.Errorf("coordination after: %v %+v", err, c)
			}
			got, err := st.Orientation(ctx, o.ID)
			if err != nil || got.Message != "" || got.Reference != "dossier B-12" {
				t.Errorf("orientation after: %v %+v", err, got)
			}
			entries, err = st.Audit(ctx, "orientation", fmt.Sprint(o.ID))
			if err != nil || len(entries) != 1 || entries[0].Actor != cliActor || entries[0].Action != "effacer_donnees_personnelles" {
				t.Errorf("journal: %v %+v", err, entries)
			}
		})
	}
}

func TestDonneesPersonnellesHelp(t *testing.T) {
	r := runCmd(t, "", nil, "donnees-personnelles", "verifier", "-h")
	for _, want := range []string{"Usage : maillage donnees-personnelles verifier [--effacer] [--format texte|csv]", "jamais le texte lui-même",
		"Code de sortie : 0 quand rien n'est trouvé", "Ces copies restent.", "est nettoyé : ces caractères seuls sont retirés", "--effacer", "--format"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q: %+v", want, r)
		}
	}
	if r := runCmd(t, "", nil, "donnees-personnelles", "verifier", "--format", "json"); r.code != 2 || !strings.Contains(r.stderr, "texte ou csv") {
		t.Errorf("--format json: %+v", r)
	}
	if r := runCmd(t, "", nil, "donnees-personnelles", "purger"); r.code != 2 || !strings.Contains(r.stderr, "sous-commande inconnue « purger »") {
		t.Errorf("unknown subcommand: %+v", r)
	}
}
