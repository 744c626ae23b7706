package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"maillage/internal/activity"
	"maillage/internal/coopapi"
	"maillage/internal/coopexport"
	"maillage/internal/french"
	"maillage/internal/openinghours"
	"maillage/internal/printable"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/xlsxout"
)

func runActivites(ctx context.Context, e *env, args []string) error {
	const names = "importer, exporter, statistiques"
	if len(args) == 0 {
		return usageError{"activites : sous-commande attendue (" + names + ")"}
	}
	switch {
	case isHelp(args[0]):
		fmt.Fprint(e.stdout, `Usage : maillage activites SOUS-COMMANDE [options]

Les comptes rendus d'activité (accompagnements individuels, ateliers collectifs), avec les
vocabulaires de la Coop de la médiation numérique (la base : --db ou MAILLAGE_DATABASE_URL).

  maillage activites importer [--format coop] FICHIER
  maillage activites importer --coop-api [--departements 81,12] [--du AAAA-MM-01 --au AAAA-MM-JJ]
  maillage activites exporter [--territoire departement:81|perimetre] [--du AAAA-MM-JJ --au AAAA-MM-JJ] --format csv|xlsx [-o FICHIER]
  maillage activites statistiques [--territoire departement:81|perimetre] [--du AAAA-MM-JJ --au AAAA-MM-JJ] --format csv|json

Le détail d'une sous-commande : maillage activites importer -h.
`)
		return flag.ErrHelp
	case args[0] == "importer":
		return activitesImporter(ctx, e, args[1:])
	case args[0] == "exporter":
		return activitesExporter(ctx, e, args[1:])
	case args[0] == "statistiques":
		return activitesStatistiques(ctx, e, args[1:])
	}
	return usageError{fmt.Sprintf("activites : sous-commande inconnue « %s » (%s)", printable.String(args[0]), names)}
}

func activitesImporter(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "activites importer", "[--format coop] FICHIER | --coop-api [--departements 81,12] [--du AAAA-MM-01 --au AAAA-MM-JJ]",
		`Importe un export des accompagnements de la Coop de la médiation numérique (xlsx, ou le
même tableau enregistré en CSV). Chaque activité garde son « ID CRA » : réimporter un export
remplace les activités déjà importées, sans jamais les compter deux fois. Une ligne refusée est
signalée (fichier, ligne, colonne, valeur, règle) et les autres sont importées ; un atelier
refusé à cause d'une de ses lignes l'est avec toutes ses lignes, toutes nommées. Le code de
sortie est alors 1 (0 quand aucune ligne n'est refusée). Le nom du bénéficiaire et les notes de
l'export ne sont jamais lus.

Avec --coop-api, lit les statistiques de l'API v1 de la Coop (/statistiques), une requête par
département et par mois : MAILLAGE_COOP_API_URL (par défaut `+coopapi.DefaultURL+`) et
MAILLAGE_COOP_API_CLE (« identifiant:secret » d'un client API de portée Statistiques, jamais
écrite ni dans une adresse ni dans un message). Les départements : --departements, ou ceux de
MAILLAGE_HUB_PERIMETRE. La période : des mois entiers, par défaut les 12 derniers mois finis.
Un département-mois déjà importé est remplacé. Dans les statistiques, ses chiffres remplacent
les activités importées des exports de la Coop de ce département et de ce mois (les mêmes
accompagnements, comptés une fois). Au moindre échec, rien n'est importé.`)
	dbURL := dbFlag(fs, e)
	format := fs.String("format", "coop", "format du fichier : coop (le seul pour l'instant)")
	coopAPI := fs.Bool("coop-api", false, "lire les statistiques de l'API de la Coop au lieu d'un fichier")
	deps := fs.String("departements", "", "avec --coop-api : codes des départements, séparés par des virgules (par défaut ceux de MAILLAGE_HUB_PERIMETRE)")
	from := fs.String("du", "", "avec --coop-api : premier jour d'un mois, AAAA-MM-01")
	to := fs.String("au", "", "avec --coop-api : dernier jour d'un mois, AAAA-MM-JJ")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *coopAPI {
		if len(pos) != 0 {
			return usageError{"activites importer --coop-api : pas de fichier (les statistiques viennent de l'API)"}
		}
		return activitesImporterAPI(ctx, e, *dbURL, *deps, *from, *to)
	}
	if *deps != "" || *from != "" || *to != "" {
		return usageError{"activites importer : --departements, --du et --au vont avec --coop-api"}
	}
	if *format != "coop" {
		return usageError{fmt.Sprintf("activites importer : format « %s » inconnu (coop)", printable.String(*format))}
	}
	if len(pos) != 1 {
		return usageError{"activites importer : un fichier (l'export de la Coop)"}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("%s : %w", printable.String(pos[0]), err)
	}
	defer f.Close()
	file := filepath.Base(pos[0])
	res, err := coopexport.Read(ctx, f, file, e.now().In(openinghours.Paris).Format("2006-01-02")) // the API's day
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL, store.WithClock(e.now))
	if err != nil {
		return err
	}
	defer st.Close()
	// Communes outside the referential (when one is loaded) refuse their
	// activity here, line by line, rather than the whole import.
	ref, err := st.Territories(ctx)
	if err != nil {
		return err
	}
	acts := res.Activities[:0:0]
	for i, a := range res.Activities {
		if bad := unknownCommune(ref.Empty(), func(c string) bool { _, ok := ref.Commune(c); return ok }, a); bad != "" {
			column := coopexport.ColCodeInsee
			if bad != a.Commune {
				column = coopexport.ColInseeBeneficiar
			}
			lines := res.LinesOf[i]
			line := lines[0]
			if len(lines) > 1 {
				line = 0 // the activity's commune, or one of its participants'
			}
			res.Problems = append(res.Problems, coopexport.Refuse([]coopexport.Problem{{File: file, Line: line, Column: column, Value: bad, Rule: "commune-inconnue",
				Message: "ce code INSEE n'est pas une commune du référentiel"}}, lines, a.Kind == activity.Collectif)...)
			res.Rejected += len(lines)
			continue
		}
		acts = append(acts, a)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(e.stderr, "%s : %s\n", printable.String(file), n)
	}
	for _, p := range res.Problems {
		fmt.Fprintln(e.stderr, printable.String(p.String()))
	}
	run, err := st.ImportCoop(ctx, activity.ImportRun{File: file, Format: "coop", Rejected: res.Rejected}, acts, cliActor)
	if err != nil {
		return err
	}
	if err := checkpoint(ctx, e, st, *dbURL); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s (export de la Coop, %s, %s) : %s, %s, %s — %s\n", printable.String(file), strings.ToUpper(res.Format),
		french.Count(run.Lines, "activité", "activités"), french.Count(run.Created, "ajoutée", "ajoutées"), french.Count(run.Replaced, "remplacée", "remplacées"),
		french.Count(run.Unchanged, "inchangée", "inchangées"), french.Count(res.Rejected, "ligne refusée", "lignes refusées"))
	if res.Rejected > 0 {
		return exitStatus(1) // the others are imported; a script sees the refusal
	}
	return nil
}

// unknownCommune returns the first commune of a that the referential does
// not know ("" when all are known, or no referential is loaded).
func unknownCommune(empty bool, known func(string) bool, a activity.Activity) string {
	if empty {
		return ""
	}
	if a.Commune != "" && !known(a.Commune) {
		return a.Commune
	}
	for c := range a.Residences {
		if !known(c) {
			return c
		}
	}
	return ""
}

func activitesExporter(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "activites exporter", "[--territoire departement:81|perimetre] [--du AAAA-MM-JJ --au AAAA-MM-JJ] --format csv|xlsx [-o FICHIER]",
		`Exporte les activités d'un territoire et d'une période (dates comprises), saisies ici ou
importées de la Coop (colonne source), une ligne par activité : valeurs de l'API de la Coop,
listes séparées par « | », une colonne par nombre du public (genre, tranche d'âge, statut),
« accompagnements » comptant un atelier pour un par participant. Les notes ne sont jamais exportées.
Sans --du ni --au : les 12 derniers mois complets. --territoire perimetre (ou pas de
--territoire) : le périmètre du hub, --hub-perimetre ou MAILLAGE_HUB_PERIMETRE.

Les agrégats mensuels (des totaux par lieu et par mois) et les activités de coordination ne
sont pas des activités une à une et ne sont pas dans cet export : leurs chiffres sont dans
maillage activites statistiques (lignes source:agregat, coordination:…), dans le rapport
maillage evaluation et sur les pages /statistiques.`)
	dbURL := dbFlag(fs, e)
	terr := fs.String("territoire", "", "france, region:CODE, departement:CODE, epci:SIREN ou commune:INSEE, plusieurs séparés par des virgules, "+territoryHelp)
	hub := hubPerimeterFlag(fs, e)
	from := fs.String("du", "", "premier jour AAAA-MM-JJ ; sans --du ni --au, les 12 derniers mois complets")
	to := fs.String("au", "", "dernier jour AAAA-MM-JJ, inclus")
	format := fs.String("format", "csv", "csv ou xlsx")
	out := fs.String("o", "-", "fichier écrit (- : la sortie standard)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	given, _, err := reportTerritory("activites exporter", *terr, *hub)
	if err != nil {
		return err
	}
	refs, ok := store.ParseTerritoryRefs(given)
	if !ok {
		return usageError{"activites exporter : --territoire « " + printable.String(given) + " » : france, region:CODE, departement:CODE, epci:SIREN, commune:INSEE ou perimetre"}
	}
	p, err := reportPeriod("activites exporter", *from, *to, e.now())
	if err != nil {
		return err
	}
	if *format != "csv" && *format != "xlsx" {
		return usageError{fmt.Sprintf("activites exporter : --format « %s » : csv ou xlsx", printable.String(*format))}
	}
	if *format == "xlsx" && *out == "-" && isTerminal(e.stdout) {
		return usageError{"activites exporter : un classeur XLSX ne s'affiche pas : -o FICHIER.xlsx"}
	}
	st, err := openReader(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	acts, err := st.Activities(ctx, store.ActivityFilter{From: p.From, To: p.To, Territories: refs})
	if err != nil {
		return err
	}
	// Free texts come from any contributor and from Coop files: in the
	// CSV a cell that a spreadsheet would run as a formula (=, +, -, @…)
	// is neutralised as in the other CSVs; the XLSX writes text cells as
	// inline strings, never formulas.
	rows := [][]string{activity.ExportHeader()}
	for _, a := range acts {
		r := activity.ExportRow(a)
		if *format == "csv" {
			r = standard.SpreadsheetRow(r)
		}
		rows = append(rows, r)
	}
	w, closeOut, err := createOutput(e, *out)
	if err != nil {
		return err
	}
	if *format == "xlsx" {
		err = xlsxout.Write(w, "Activités", rows)
	} else {
		cw := csv.NewWriter(w)
		cw.WriteAll(rows)
		err = cw.Error()
	}
	if err := errors.Join(err, closeOut()); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s (ni les agrégats mensuels ni les activités de coordination : maillage activites statistiques).\n", french.Count(len(acts), "activité exportée", "activités exportées"))
	return nil
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
