package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/orientation"
	"maillage/internal/place"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// TestErasedTextsLeaveTheFiles: a text erased by `donnees-personnelles
// verifier --effacer`, by the anonymisation of old orientations or by an
// account's deletion is no longer in the database's files: on SQLite
// neither in the .db file (secure_delete zeroes the freed cells) nor in its
// WAL (checkpointed and emptied, checked while the store is still open);
// on PostgreSQL in no tuple of the tables' pages (VACUUM removed the old
// versions; pageinspect when it can be installed, else the tables'
// vacuum counts). Each text is first seen in the files, so that the
// check is known to find it.
func TestErasedTextsLeaveTheFiles(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := url(t)
			if name == "postgres" {
				// Its own database: another package's open transaction
				// in the shared test database would keep VACUUM from
				// removing the old versions (verification 12, N1).
				db = pgtest.Database(t)
			}
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
			albi := storetest.Sample("et-albi")
			albi.Nom, albi.Commune, albi.CodePostal, albi.CodeINSEE = "Médiathèque d'Albi", "Albi", "81000", "81004"
			if _, _, err := im.Put(ctx, &albi); err != nil {
				t.Fatal(err)
			}
			if _, err := im.Commit(ctx, "lieux.csv"); err != nil {
				t.Fatal(err)
			}
			a, err := st.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: "2026-11-20", Duration: 30, PlaceType: activity.LieuActivite,
				LieuID: "et-albi", Thematics: []string{"email"}, Notes: "Première venue"}, cliActor)
			if err != nil {
				t.Fatal(err)
			}
			prescriber, err := st.CreateUser(ctx, account.User{Email: "prescriptrice@caf.fr", Role: account.Contributeur}, cliActor)
			if err != nil {
				t.Fatal(err)
			}
			o, err := st.CreateOrientation(ctx, orientation.Orientation{Need: place.ServiceDemarches, LieuID: "et-albi", Mode: orientation.SansRendezVous,
				Reference: "dossier B-12", Message: "Aide pour la déclaration.", Prescriber: prescriber}, strings.Repeat("ab", 32))
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}

			// 1. --effacer, on texts written around the detector.
			erased := []string{"rappeler au 06 47 39 28 15", "quentin.zorglub@exemple.fr", "IBAN FR76 3000 6000 0112 3456 7890 189"}
			rawExec(t, db, fmt.Sprintf(`UPDATE activites SET notes = '%s' WHERE id = %d`, erased[0], a.ID))
			rawExec(t, db, fmt.Sprintf(`INSERT INTO activite_tags (activite, portee, nom) VALUES (%d, 'personnel', '%s')`, a.ID, erased[1]))
			rawExec(t, db, fmt.Sprintf(`UPDATE orientations SET message = '%s' WHERE id = %d`, erased[2], o.ID))
			tables := []string{"activites", "activite_tags", "orientations"}
			for _, text := range erased {
				if n := traces(t, db, tables, text); n == 0 {
					t.Fatalf("before --effacer, %q is not found in the files: the check sees nothing", text)
				}
			}
			env := map[string]string{"MAILLAGE_AUDIT_CHECKPOINTS": t.TempDir()}
			if r := runCmdAt(t, at, "", env, "donnees-personnelles", "verifier", "--effacer", "--db", db); r.code != 1 || !strings.Contains(r.stdout, "effacé") {
				t.Fatalf("--effacer: %+v", r)
			}
			for _, text := range erased {
				if n := traces(t, db, tables, text); n != 0 {
					t.Errorf("after --effacer, %q is still %d times in the files", text, n)
				}
			}

			// 2. The anonymisation of old orientations and an account's
			// deletion, checked while the store is open (its WAL too).
			st, err = openStore(ctx, testEnv(t), db, store.WithClock(at))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			said := []string{"dossier Quetzalcoatl-7431", "Vient le jeudi avec son classeur Zorglub."}
			if _, err := st.CreateOrientation(ctx, orientation.Orientation{Need: place.ServiceDemarches, LieuID: "et-albi", Mode: orientation.SansRendezVous,
				Reference: said[0], Message: said[1], Prescriber: prescriber}, strings.Repeat("cd", 32)); err != nil {
				t.Fatal(err)
			}
			gone, err := st.CreateUser(ctx, account.User{Email: "zephyrin.quetzal@exemple.fr", Name: "Zéphyrin Quetzal", Structure: "Association Zorglubienne",
				Role: account.Contributeur}, cliActor)
			if err != nil {
				t.Fatal(err)
			}
			person := []string{"zephyrin.quetzal@exemple.fr", "Zéphyrin Quetzal", "Association Zorglubienne"}
			tables = []string{"orientations", "orientation_evenements", "comptes"}
			for _, text := range append(said, person...) {
				if n := traces(t, db, tables, text); n == 0 {
					t.Fatalf("before the erasures, %q is not found in the files: the check sees nothing", text)
				}
			}
			if n, err := st.AnonymizeOrientations(ctx, at().Add(time.Hour)); err != nil || n != 2 {
				t.Fatalf("anonymisation: %d, %v", n, err)
			}
			for _, text := range said {
				if n := traces(t, db, tables, text); n != 0 {
					t.Errorf("after the anonymisation, %q is still %d times in the files", text, n)
				}
			}
			if err := st.DeleteUser(ctx, gone, cliActor); err != nil {
				t.Fatal(err)
			}
			for _, text := range person {
				if n := traces(t, db, tables, text); n != 0 {
					t.Errorf("after the account's deletion, %q is still %d times in the files", text, n)
				}
			}
		})
	}
}

// traces counts where text is in the database's files: SQLite's .db and
// -wal files; PostgreSQL's tuples of tables (live or dead), read with
// pageinspect, or, when it cannot be installed, the tables' dead tuples
// left by no VACUUM (-1 each).
func traces(t *testing.T, url string, tables []string, text string) int {
	t.Helper()
	if path, ok := sqlitePath(url); ok {
		n := 0
		for _, f := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(f)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			n += bytes.Count(b, []byte(text))
		}
		return n
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	n := 0
	if _, err := conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public`); err == nil {
		for _, table := range tables {
			var c int
			if err := conn.QueryRow(ctx, `SELECT count(*) FROM generate_series(0, pg_relation_size($1::text::regclass) / current_setting('block_size')::int - 1) AS b,
				public.heap_page_items(public.get_raw_page($1::text, b::int)) AS h WHERE position(convert_to($2, 'UTF8') IN h.t_data) > 0`, table, text).Scan(&c); err != nil {
				t.Fatal(err)
			}
			n += c
		}
		return n
	}
	t.Logf("pageinspect unavailable (%v): the tables' vacuums are checked instead", err)
	for _, table := range tables {
		var live int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE position($1 IN `+table+`::text) > 0`, text).Scan(&live); err != nil {
			t.Fatal(err)
		}
		var vacuums int
		if err := conn.QueryRow(ctx, `SELECT vacuum_count FROM pg_stat_user_tables WHERE relid = $1::regclass`, table).Scan(&vacuums); err != nil {
			t.Fatal(err)
		}
		if vacuums == 0 {
			live++
		}
		n += live
	}
	return n
}

// TestEffacerTellsWhatVacuumLeft: on PostgreSQL, a transaction older than
// `donnees-personnelles verifier --effacer` (a backup, a psql session)
// keeps VACUUM from removing the erased texts' old versions: the erasure
// stands and the error output says what remains (the help's « un échec est
// signalé sur la sortie d'erreur »; verification 12, N1: it said nothing).
func TestEffacerTellsWhatVacuumLeft(t *testing.T) {
	db := pgtest.Database(t)
	ctx := context.Background()
	at := func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }
	st, err := openStore(ctx, testEnv(t), db, store.WithClock(at))
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: "2026-11-20", Duration: 30, PlaceType: activity.ADistance,
		Thematics: []string{"email"}, Notes: "Première venue"}, cliActor)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	rawExec(t, db, fmt.Sprintf(`UPDATE activites SET notes = 'rappeler au 06 47 39 28 15' WHERE id = %d`, a.ID))
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM activites`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("older transaction: %d, %v", n, err)
	}
	env := map[string]string{"MAILLAGE_AUDIT_CHECKPOINTS": t.TempDir()}
	r := runCmdAt(t, at, "", env, "donnees-personnelles", "verifier", "--effacer", "--db", db)
	if r.code != 1 || !strings.Contains(r.stdout, "effacé") {
		t.Fatalf("--effacer: %+v", r)
	}
	if !strings.Contains(r.stderr, "d'anciennes versions de lignes restent") || !strings.Contains(r.stderr, "activites : ") {
		t.Errorf("the error output does not say what VACUUM left: %q", r.stderr)
	}
}
