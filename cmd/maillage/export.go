package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"maillage/internal/progress"
	"maillage/internal/standard"
	"maillage/internal/store"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "--format csv|json|geojson [-o FICHIER]",
		`Exporte tout le registre dans le standard des lieux de médiation numérique v1.0.1 :
  csv      32 colonnes dans l'ordre du schéma, « , » entre colonnes, « | » entre valeurs
  json     tableau d'objets plats (noms et encodages du CSV, latitude/longitude en nombres)
  geojson  FeatureCollection (RFC 7946) des lieux qui ont des coordonnées
Un pivot inconnu est écrit 00000000000000, comme le font les outils nationaux.`)
	dbURL := dbFlag(fs, e)
	format := fs.String("format", "csv", "format : csv, json ou geojson")
	out := fs.String("o", "", "fichier de sortie (par défaut : la sortie standard)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if _, err := standard.NewEncoder(*format, io.Discard); err != nil {
		return usageError{err.Error()}
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if *out == "" {
		return export(ctx, st, *format, e.stdout, nil)
	}
	var bar *progress.Bar
	if f, ok := e.stderr.(*os.File); ok {
		if stats, err := st.Stats(ctx); err == nil {
			bar = progress.New(f, "export", "lieux", int64(stats.Count))
		}
	}
	return exportFile(ctx, st, *format, *out, bar)
}

// exportFile writes the export beside path, then renames it over path: an
// export that fails or is interrupted (Ctrl+C) leaves the target as it was.
func exportFile(ctx context.Context, st store.Store, format, path string, bar *progress.Bar) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".maillage-export-*")
	if err != nil {
		return fmt.Errorf("export : %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := export(ctx, st, format, tmp, bar); err != nil {
		tmp.Close()
		return err
	}
	bar.Done()
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export : %w", err)
	}
	// The last rows may have been read as the context was cancelled.
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("export interrompu, %s inchangé : %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export : %w", err)
	}
	return nil
}

// export writes every place of the store in a format.
func export(ctx context.Context, st store.Store, format string, w io.Writer, bar *progress.Bar) error {
	enc, err := standard.NewEncoder(format, w)
	if err != nil {
		return err
	}
	n := int64(0)
	for l, err := range st.Lieux(ctx) {
		if err != nil {
			return err
		}
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("export : %w", err)
		}
		n++
		bar.Set(n, n)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("export : %w", err)
	}
	return nil
}
