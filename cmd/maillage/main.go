// Command maillage is the information system of a territory's
// digital-inclusion network: registry of places, open data, directory.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/postgres"
	"maillage/internal/printable"
	"maillage/internal/sqlite"
	"maillage/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if f := os.Getenv("MAILLAGE_PROFIL_CPU"); f != "" {
		// For developers measuring a command (BENCHMARKS.md): a CPU
		// profile for `go tool pprof`.
		if out, err := os.Create(f); err == nil {
			if pprof.StartCPUProfile(out) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	code := exitCode(err, os.Stderr)
	pprof.StopCPUProfile()
	os.Exit(code)
}

// exitStatus ends the program with a status and no further message.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("statut %d", int(e)) }

func exitCode(err error, stderr io.Writer) int {
	var st exitStatus
	switch {
	case err == nil:
		return 0
	case errors.As(err, &st):
		return int(st)
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	fmt.Fprintln(stderr, "maillage :", message(err))
	if errors.Is(err, context.Canceled) {
		return 130 // interrupted, as shells report SIGINT
	}
	var usage usageError
	if errors.As(err, &usage) {
		return 2
	}
	return 1
}

// usageError is a command line that cannot be understood.
// message is what a person reads of err: a typed failure's French message
// alone (its code and cause are for logs), every detail of anything else,
// to report it.
// Control characters of the data it quotes are escaped: it is printed on
// a terminal.
func message(err error) string {
	if c := failure.CodeOf(err); c != failure.Internal {
		return printable.Text(failure.MessageOf(err))
	}
	if err == context.Canceled {
		return interrupted
	}
	return printable.Text(frenchCauses(err.Error()))
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg + " (maillage help)" }

// env is what every command gets from the outside world.
type env struct {
	// now is the wall clock: read here, at the edge, and passed to
	// everything below (internal/ takes a clock, never reads one).
	now    func() time.Time
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "démarre le serveur web (annuaire, données ouvertes, /healthz)", runServe},
		{"import", "importe des fichiers du standard (CSV ou JSON, v0.1 ou v1) dans le registre", runImport},
		{"validate", "vérifie des fichiers du standard sans rien importer", runValidate},
		{"export", "exporte tout le registre en CSV, JSON ou GeoJSON du standard", runExport},
		{"guide", "écrit le guide à imprimer d'un territoire : maillage guide --territoire departement:81 -o guide.html", runGuide},
		{"sources", "déclare les sources moissonnées : maillage sources ajouter NOM --type TYPE --url URL", runSources},
		{"moissonner", "moissonne des sources déclarées : maillage moissonner NOM (ou --toutes)", runMoissonner},
		{"doublons", "liste les lieux fusionnés et leurs sources, ou les paires à vérifier (--a-verifier)", runDoublons},
		{"geocoder", "géocode les lieux sans coordonnées ou loin de leur commune : maillage geocoder [--tous]", runGeocoder},
		{"territoires", "charge le référentiel des communes, EPCI, départements et régions : maillage territoires import", runTerritoires},
		{"demande", "charge la fragilité numérique et les personnes à risque : maillage demande import --indice FICHIER", runDemande},
		{"diagnostic", "diagnostic d'un territoire (lacunes, accessibilité) et où implanter : maillage diagnostic --territoire departement:69", runDiagnostic},
		{"utilisateurs", "gère les comptes : maillage utilisateurs ajouter --role administrateur COURRIEL", runUtilisateurs},
		{"pass", "Pass numérique : maillage pass commander, qualifier, releves, verifier…", runPass},
		{"activites", "comptes rendus d'activité : maillage activites importer FICHIER (export de la Coop), exporter, statistiques --territoire …", runActivites},
		{"evaluation", "rapport d'évaluation annuel d'un territoire : maillage evaluation --territoire departement:81 --annee 2026 --format html|csv", runEvaluation},
		{"donnees-personnelles", "cherche (et efface) les données personnelles des textes libres enregistrés : maillage donnees-personnelles verifier [--effacer]", runDonneesPersonnelles},
		{"jetons", "gère les jetons d'accès à l'API d'un compte : maillage jetons creer --compte COURRIEL", runJetons},
		{"audit", "journal d'audit : maillage audit verifier (vérifie la chaîne), maillage audit cle CHEMIN (crée une clé)", runAudit},
		{"rappels", "demande aux structures de confirmer les fiches de plus de six mois", runRappels},
		{"help", "affiche cette aide, ou celle d'une commande : maillage help import", nil},
	}
}

// run is the whole program: main only wires it to the process.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runAt(ctx, time.Now, args, getenv, stdin, stdout, stderr)
}

// runAt is run reading the clock now (the wall clock; tests that follow
// dates across processes give theirs).
func runAt(ctx context.Context, now func() time.Time, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	args, getenv, err := globalFlags(args, getenv)
	if err != nil {
		return err
	}
	e := &env{now: now, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printHelp(stdout)
		return nil
	}
	name := args[0]
	if isHelp(name) {
		// "maillage help import" is "maillage import -h"; help about help is
		// the general help.
		if len(args) > 1 && !isHelp(args[1]) {
			return runAt(ctx, now, []string{args[1], "-h"}, getenv, stdin, stdout, stderr)
		}
		printHelp(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(ctx, e, args[1:])
		}
	}
	return usageError{fmt.Sprintf("commande inconnue « %s »", name)}
}

func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "--help" || arg == "-help" || arg == "aide"
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, `maillage — le système d'information partagé des lieux de médiation numérique d'un territoire.

Usage : maillage COMMANDE [options] [arguments]

Commandes :`)
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintln(w, `
Base de données : --db ou MAILLAGE_DATABASE_URL
  sqlite:CHEMIN        base SQLite embarquée (par défaut sqlite:./data/maillage.db, créée au besoin)
  postgres://…         PostgreSQL

« maillage COMMANDE -h » détaille les options d'une commande.`)
}

// defaultDB is the embedded database made on first use.
const defaultDB = "sqlite:./data/maillage.db"

func dbFlag(fs *flag.FlagSet, e *env) *string {
	return fs.String("db", envOr(e, "MAILLAGE_DATABASE_URL", defaultDB), "base de données : sqlite:CHEMIN ou postgres://… (MAILLAGE_DATABASE_URL)")
}

// openStore opens the database named by url, with the audit journal's
// keys, for a process that writes: it refuses a journal it must not chain
// to (signed by another key, or emptied, truncated or replaced since the
// checkpoints of this database), and it never chains below the last entry
// they attest while it runs. more are other options (store.WithBulkWrites).
func openStore(ctx context.Context, e *env, url string, more ...store.Option) (store.Store, error) {
	keys, err := auditKeys(e, url, false)
	var missing *missingKeyError
	if errors.As(err, &missing) {
		// A key is made beside a SQLite file only for a journal that no
		// key signed yet: a signed journal's key was lost or moved.
		if err := unsignedJournal(ctx, url, missing.path); err != nil {
			return nil, err
		}
		keys, err = auditKeys(e, url, true)
	}
	if err != nil {
		return nil, err
	}
	base := baseID(url)
	var cps []audit.Checkpoint
	var floor int64
	if dir, err := checkpointDir(e, url, ""); err == nil {
		cps, err = audit.ReadCheckpoints(dir)
		if err != nil {
			fmt.Fprintf(e.stderr, "maillage : points de contrôle du journal d'audit : %v\n", err)
		}
		for _, c := range cps {
			if c.Base == base {
				floor = max(floor, c.Seq)
			}
		}
	}
	// What the store does not return (an erasure's traces it could not
	// take out of the files) goes to the error output (serve's logger
	// replaces it).
	log := store.WithLogger(slog.New(slog.NewTextHandler(e.stderr, nil)))
	st, err := openStoreKeys(ctx, url, keys, append([]store.Option{store.WithAuditFloor(floor), log}, more...)...)
	if err != nil {
		return nil, err
	}
	// A process whose key did not sign the journal's last entry would fork
	// it at its first change, and one facing a journal emptied or replaced
	// would start it anew: it says so now rather than at that change.
	head, err := st.AuditHead(ctx)
	if err == nil {
		_, err = keys.SignAfter(head.Hash)
	}
	if err == nil {
		head.Base = base
		err = audit.CheckHead(head, cps, base)
	}
	if err == nil && head.Seq == 0 {
		err = emptyJournalWithPlaces(ctx, st)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// openReader opens the database named by url for a command that only
// reads (diagnostic, demande liste, export): it writes no journal entry,
// so it needs no audit key, and never makes one. A key given that did not
// sign this journal (another database's) is only warned of.
func openReader(ctx context.Context, e *env, url string) (store.Store, error) {
	st, err := openStoreKeys(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	if keys, kerr := auditKeys(e, url, false); kerr == nil {
		if head, err := st.AuditHead(ctx); err == nil && head.Seq > 0 {
			if _, err := keys.SignAfter(head.Hash); err != nil {
				fmt.Fprintf(e.stderr, "maillage : avertissement : la clé du journal d'audit donnée n'a pas signé le journal de cette base (%s) ; cette commande ne fait que lire, elle continue sans clé.\n", message(err))
			}
		}
	}
	return st, nil
}

// unsignedJournal refuses a journal whose last entry is signed, when its
// key was expected at path and is not there: making a new key would only
// be refused at the first change (a fork), after telling the user to
// keep a key that verifies nothing.
func unsignedJournal(ctx context.Context, url, path string) error {
	st, err := openStoreKeys(ctx, url, nil)
	if err != nil {
		return err
	}
	head, err := st.AuditHead(ctx)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if id := (&audit.Entry{Hash: head.Hash}).KeyID(); id != "" {
		return fmt.Errorf("clé du journal d'audit absente : le journal de cette base est signé (dernière entrée, n° %d, par la clé %s), et sa clé était attendue dans %s, qui n'existe pas. "+
			"Aucune clé n'est créée (elle ne vérifierait rien) : remettez ce fichier depuis sa sauvegarde, ou donnez la clé par MAILLAGE_AUDIT_KEY_FILE ou MAILLAGE_AUDIT_KEY (README, « The audit journal »)",
			head.Seq, id, path)
	}
	return nil
}

// openStoreKeys opens the database named by url with the given keys.
func openStoreKeys(ctx context.Context, url string, keys audit.Keyring, more ...store.Option) (store.Store, error) {
	opts := append([]store.Option{store.WithAuditKeys(keys)}, more...)
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")
		if path == "" {
			return nil, usageError{"chemin SQLite vide dans --db"}
		}
		return sqlite.Open(ctx, path, opts...)
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return postgres.Open(ctx, url, opts...)
	}
	return nil, usageError{fmt.Sprintf("base de données « %s » non reconnue : sqlite:CHEMIN ou postgres://…", url)}
}

// emptyJournalWithPlaces refuses to start a journal in a database that
// already holds places: every import writes an entry, so its journal was
// emptied (with its checkpoint folder, or CheckHead would have said so),
// and a new journal would be attested "intact" by the next checkpoint.
func emptyJournalWithPlaces(ctx context.Context, st store.Store) error {
	stats, err := st.Stats(ctx)
	if err != nil || stats.Count == 0 {
		return err
	}
	return failure.Errorf(failure.Conflict, "journal d'audit vide alors que la base contient %s : journal vidé. Rien n'est écrit : "+
		"un nouveau journal ne recommence jamais là où cette base en avait un. Examinez-la avec « maillage audit verifier » "+
		"et restaurez le journal ou ses points de contrôle gardés ailleurs (README, « The audit journal »)",
		french.Count(int64(stats.Count), "lieu", "lieux"))
}
