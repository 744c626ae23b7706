package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maillage/internal/dedup"
	"os"
	"path/filepath"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/importer"
	"maillage/internal/printable"
	"maillage/internal/progress"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/tableur"
)

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", "[options] FICHIER|URL…",
		`Valide et enregistre les lieux de fichiers du standard (CSV ou JSON, v0.1 ou v1,
séparateur « , » ou « ; », UTF-8, Windows-1252, ISO-8859-15, Mac Roman ou UTF-16). « - » lit l'entrée standard.
Avec --correspondance, les fichiers sont des tableurs de toute forme (CSV, XLSX)
lus selon la correspondance. Chaque fichier est importé dans une transaction : s'il ne peut pas être lu jusqu'au
bout, le registre reste tel qu'il était. Réimporter une source met à jour ses lieux
(clé : source + id). Les lieux rejetés sont listés dans le rapport.
L'import se termine par la recherche des doublons (maillage doublons) ; ses seuils en points :
MAILLAGE_DOUBLONS_FUSION (fusion automatique, 7 par défaut), MAILLAGE_DOUBLONS_A_VERIFIER
(à vérifier par un coordinateur, 3 par défaut).
Les lieux sans coordonnées, ou placés à plus de 20 km du centre de leur commune, sont géocodés
(--geocodeur : la BAN par défaut) dans leur commune (code INSEE) ; chaque adresse n'est demandée
qu'une fois, les réponses sont gardées dans la base.`)
	dbURL := dbFlag(fs, e)
	source := fs.String("source", "", "nom de la source (par défaut : le nom du fichier sans extension)")
	strict := fs.Bool("strict", false, "annule l'import d'un fichier dès qu'un lieu est rejeté")
	reportPath := fs.String("rapport", "", "fichier du rapport (.txt : les diagnostics répétés résumés ; .json ou .csv : tous) ; par défaut data/rapports/import-DATE.txt")
	limits := limitFlags(fs)
	corrArg := correspondanceFlag(fs)
	geoFlags := addGeocodingFlags(fs, e)
	private := privateURLsFlag(fs, e)
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"import : indiquez au moins un fichier ou une URL"}
	}
	geo, err := geoFlags.options()
	if err != nil {
		return err
	}
	corr, err := openCorrespondence(*corrArg)
	if err != nil {
		return usageError{"import --correspondance : " + message(err)}
	}
	dedupCfg, err := dedupConfig(e)
	if err != nil {
		return err
	}
	if *source != "" {
		if err := importer.CheckSource(*source); err != nil {
			return usageError{"import --source : " + failure.MessageOf(err)}
		}
	}
	// The checkpoints' folder is checked before anything is written.
	if _, err := checkpointDir(e, *dbURL, ""); err != nil {
		return err
	}
	boundHeap(e)
	st, err := openStore(ctx, e, *dbURL, store.WithBulkWrites())
	if err != nil {
		return err
	}
	defer st.Close()

	chosen := *reportPath != ""
	if !chosen {
		*reportPath = filepath.Join("data", "rapports", "import-"+e.now().Format("20060102-150405")+".txt")
	}
	rf, err := createReport(*reportPath, !chosen)
	if err != nil {
		return fmt.Errorf("rapport : %s", message(err))
	}
	defer rf.Close()
	*reportPath = rf.Name()
	format := "text"
	switch strings.ToLower(filepath.Ext(*reportPath)) {
	case ".json":
		format = "json"
	case ".csv":
		format = "csv"
	}
	report, _ := standard.NewReportWriter(format, rf)

	failed := 0
	for _, arg := range files {
		src := *source
		if src == "" {
			src = sourceName(arg)
		}
		res, err := importOne(ctx, e, st, arg, src, *strict, limits, report, corr, dedupCfg, geo, *private)
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "maillage : %s\n", message(limitHint(err)))
			// The report says why too: it is what is kept of the import.
			report.Write(fatalDiagnostic(arg, err))
			if res.Summary.Read > 0 || errors.As(err, new(*importer.StrictError)) {
				fmt.Fprintf(e.stderr, "  %s : import annulé, le registre n'a pas changé (%s)\n", printable.String(arg), res.Summary)
			}
			if ctx.Err() != nil {
				report.Close()
				return ctx.Err()
			}
			continue
		}
		c := res.Counts
		fmt.Fprintf(e.stdout, "%s (source « %s », %s v%s) : %s, %d mis à jour, %s, %s — %s, %s\n",
			printable.String(arg), printable.String(src), strings.ToUpper(res.Format), res.Version, french.Count(c.Created, "créé", "créés"), c.Updated,
			french.Count(c.Unchanged, "inchangé", "inchangés"), french.Count(c.Rejected, "rejeté", "rejetés"),
			french.Count(res.Summary.Warnings, "avertissement", "avertissements"), french.Count(res.Summary.Infos, "normalisation", "normalisations"))
		if m := res.Merge; m.Same+m.Review+m.Merged > 0 {
			fmt.Fprintf(e.stdout, "  doublons : %s (maillage doublons les liste)\n", m)
		}
		if res.MergeErr != nil {
			fmt.Fprintf(e.stderr, "maillage : %s\n", message(res.MergeErr))
		}
	}
	if err := report.Close(); err != nil {
		return fmt.Errorf("rapport : %w", err)
	}
	if err := checkpoint(ctx, e, st, *dbURL); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Rapport : %s\n", printable.String(*reportPath))
	if failed > 0 {
		return exitStatus(1)
	}
	return nil
}

func importOne(ctx context.Context, e *env, st store.Store, arg, src string, strict bool, limits *standard.Limits, report *standard.ReportWriter, corr *tableur.Correspondence, dedupCfg *dedup.Config, geo *importer.Geocoding, private bool) (importer.Result, error) {
	in, err := openInput(ctx, e, arg, private)
	if err != nil {
		return importer.Result{}, err
	}
	defer in.r.Close()
	if corr != nil {
		// A spreadsheet: converted to the standard first; the report
		// names its lines.
		sheet, err := convertSpreadsheet(ctx, in, corr, limits)
		for i := range sheet.res.Diagnostics {
			report.Write(&sheet.res.Diagnostics[i])
		}
		if err != nil {
			return importer.Result{}, err
		}
		report.SetRelocate(func(d *standard.Diagnostic) { sheet.res.Relocate(d, in.name) })
		defer report.SetRelocate(nil)
		in = &input{name: in.name, r: io.NopCloser(bytes.NewReader(sheet.json)), size: int64(len(sheet.json))}
		res, err := importStandard(ctx, e, st, in, arg, src, strict, limits, report, dedupCfg, geo, sheet.res.Kept)
		res.Format = sheet.res.Format
		countConversion(&res.Summary, sheet.res.Diagnostics)
		return res, err
	}
	return importStandard(ctx, e, st, in, arg, src, strict, limits, report, dedupCfg, geo, nil)
}

// importStandard imports an opened file of the standard; kept are the keys
// it keeps on purpose (a converted spreadsheet's, importer.Options.Kept).
func importStandard(ctx context.Context, e *env, st store.Store, in *input, arg, src string, strict bool, limits *standard.Limits, report *standard.ReportWriter, dedupCfg *dedup.Config, geo *importer.Geocoding, kept []string) (importer.Result, error) {
	cr := &countingReader{r: in.r}
	var bar *progress.Bar
	if f, ok := e.stderr.(*os.File); ok {
		bar = progress.New(f, "import "+printable.String(filepath.Base(arg)), "lieux", max(in.size, 0))
	}
	res, err := importer.Import(ctx, st, cr, in.name, importer.Options{
		Source: src, Strict: strict, Report: report, Limits: limits, Kept: kept, Dedup: dedupCfg, Geocoding: geo, Now: e.now,
		Progress: func(n int) { bar.Set(cr.n, int64(n)) },
	})
	bar.Done()
	return res, err
}
