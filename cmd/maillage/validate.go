package main

import (
	"context"
	"fmt"
	"runtime"

	"maillage/internal/place"
	"maillage/internal/printable"
	"maillage/internal/standard"
)

func runValidate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "validate", "[options] FICHIER|URL…",
		`Vérifie des fichiers du standard des lieux de médiation numérique sans rien importer.
Chaque problème est décrit avec le fichier, la ligne (ou l'élément JSON), l'id du lieu,
le champ, la valeur et la règle. Statut de sortie : 0 sans erreur, 1 sinon.`)
	format := fs.String("format", "text", "format du rapport : text, json ou csv")
	level := fs.String("niveau", "normalisation", "gravité minimale affichée : normalisation, avertissement ou erreur")
	limits := limitFlags(fs)
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
	bad := false
	for _, arg := range files {
		in, err := openInput(ctx, e, arg)
		if err != nil {
			fmt.Fprintf(e.stderr, "maillage : %s\n", message(err))
			bad = true
			continue
		}
		sc, err := standard.NewScannerOptions(in.r, in.name, standard.Options{Context: ctx, Limits: *limits, Workers: runtime.GOMAXPROCS(0)})
		if err != nil {
			in.r.Close()
			fmt.Fprintf(e.stderr, "maillage : %s\n", message(limitHint(err)))
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
		write(sc.FileDiagnostics)
		for sc.Scan() {
			write(sc.Entry().Diagnostics)
		}
		sc.Close()
		in.r.Close()
		if err := sc.Err(); err != nil {
			fmt.Fprintf(e.stderr, "maillage : %s\n", message(limitHint(err)))
			bad = true
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		s := sc.Summary
		if s.Rejected > 0 {
			bad = true
		}
		fmt.Fprintf(e.stderr, "%s (%s v%s) : %s\n", printable.String(arg), sc.Reader().Format(), sc.Reader().Version(), s)
	}
	if err := report.Close(); err != nil {
		return err
	}
	if bad {
		return exitStatus(1)
	}
	return nil
}
