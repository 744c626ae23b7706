package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"

	"maillage/internal/importer"
	"maillage/internal/place"
	"maillage/internal/printable"
	"maillage/internal/standard"
)

func runValidate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "validate", "[options] FICHIER|URL…",
		`Vérifie des fichiers du standard des lieux de médiation numérique sans rien importer.
Chaque problème est décrit avec le fichier, la ligne (ou l'élément JSON), l'id du lieu,
le champ, la valeur et la règle. Statut de sortie : 0 sans erreur, 1 sinon.
Avec --correspondance, les fichiers sont des tableurs de toute forme (CSV, XLSX)
lus selon la correspondance, et les problèmes nomment leurs lignes.
Les codes INSEE absents sont déduits (ou corrigés) comme à l'import, avec le référentiel
des communes de la base --db (s'il y est chargé).`)
	dbURL := dbFlag(fs, e)
	format := fs.String("format", "text", "format du rapport : text, json ou csv")
	level := fs.String("niveau", "normalisation", "gravité minimale affichée : normalisation, avertissement ou erreur")
	limits := limitFlags(fs)
	corrArg := correspondanceFlag(fs)
	private := privateURLsFlag(fs, e)
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"validate : indiquez au moins un fichier ou une URL"}
	}
	min := map[string]place.Severity{"normalisation": place.Info, "avertissement": place.Warning, "erreur": place.Error}
	minLevel, ok := min[*level]
	if !ok {
		return usageError{"validate : --niveau normalisation, avertissement ou erreur"}
	}
	report, err := standard.NewReportWriter(*format, e.stdout)
	if err != nil {
		return usageError{err.Error()}
	}
	corr, err := openCorrespondence(*corrArg)
	if err != nil {
		return usageError{"validate --correspondance : " + message(err)}
	}
	refs := &referentialOf{ctx: ctx, url: *dbURL}
	defer refs.close()
	bad := false
	for _, arg := range files {
		in, err := openInput(ctx, e, arg, *private)
		if err != nil {
			fmt.Fprintf(e.stderr, "maillage : %s\n", message(err))
			bad = true
			continue
		}
		write := func(ds []standard.Diagnostic) {
			for i := range ds {
				if ds[i].Severity >= minLevel {
					report.Write(&ds[i])
				}
			}
		}
		var src io.Reader = in.r
		var sheet *spreadsheet
		var kept []string
		if corr != nil {
			sheet, err = convertSpreadsheet(ctx, in, corr, limits)
			write(sheet.res.Diagnostics)
			if err != nil {
				in.r.Close()
				fmt.Fprintf(e.stderr, "maillage : %s\n", message(limitHint(err)))
				bad = true
				continue
			}
			src = bytes.NewReader(sheet.json)
			kept = sheet.res.Kept
			report.SetRelocate(func(d *standard.Diagnostic) { sheet.res.Relocate(d, in.name) })
		}
		sc, err := standard.NewScannerOptions(src, in.name, standard.Options{Context: ctx, Limits: *limits, Workers: runtime.GOMAXPROCS(0), Kept: kept})
		if err != nil {
			report.SetRelocate(nil)
			in.r.Close()
			fmt.Fprintf(e.stderr, "maillage : %s\n", message(limitHint(err)))
			bad = true
			continue
		}
		write(sc.FileDiagnostics)
		// The same derivation of INSEE codes as import's.
		locator := importer.NewLocator(refs.load)
		var locErr error
		for sc.Scan() {
			en := sc.Entry()
			if locErr == nil {
				locErr = locator.Locate(in.name, en)
			}
			write(en.Diagnostics)
		}
		sc.Close()
		in.r.Close()
		report.SetRelocate(nil)
		if err := sc.Err(); err != nil {
			fmt.Fprintf(e.stderr, "maillage : %s\n", message(limitHint(err)))
			bad = true
		}
		if locErr != nil {
			fmt.Fprintf(e.stderr, "maillage : référentiel des communes illisible, codes INSEE non déduits : %s\n", message(locErr))
			bad = true
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		s := sc.Summary
		infos, warnings := locator.Counts()
		s.Infos += infos
		s.Warnings += warnings
		what := fmt.Sprintf("%s v%s", sc.Reader().Format(), sc.Reader().Version())
		if sheet != nil {
			countConversion(&s, sheet.res.Diagnostics)
			what = fmt.Sprintf("%s, correspondance « %s »", sheet.res.Format, corr.Name)
		}
		if s.Rejected > 0 {
			bad = true
		}
		fmt.Fprintf(e.stderr, "%s (%s) : %s\n", printable.String(arg), printable.String(what), s)
	}
	if err := report.Close(); err != nil {
		return err
	}
	if bad {
		return exitStatus(1)
	}
	return nil
}
