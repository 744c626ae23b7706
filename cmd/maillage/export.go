package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"

	"maillage/internal/printable"
	"maillage/internal/progress"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/tempfile"
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
	out := fs.String("o", "", "fichier de sortie, remplacé seulement quand l'export est complet ; « - » ou rien : la sortie standard")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if _, err := standard.NewEncoder(*format, io.Discard); err != nil {
		return usageError{err.Error()}
	}
	st, err := openReader(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	// The day in Paris: closures that have not ended are published in
	// the horaires (standard.Published).
	today := place.Day(e.now(), openinghours.Paris)
	if *out == "" || *out == "-" {
		return export(ctx, st, *format, e.stdout, nil, today)
	}
	var bar *progress.Bar
	if f, ok := e.stderr.(*os.File); ok {
		if stats, err := st.Stats(ctx); err == nil {
			bar = progress.New(f, "export", "lieux", int64(stats.Count))
		}
	}
	return exportFile(ctx, st, *format, *out, bar, today)
}

// exportFile writes the export beside path, then renames it over path: an
// export that fails or is interrupted (Ctrl+C) leaves the target as it was.
// The target keeps its permissions (a new one gets 0666 less the umask);
// anything but a regular file (a link, a FIFO, a device) is refused rather
// than replaced. Temporary files carry the pid: those of an export killed
// before cleaning up are removed by the next export to the same folder.
func exportFile(ctx context.Context, st store.Store, format, path string, bar *progress.Bar, today time.Time) (err error) {
	perm := os.FileMode(0o666)
	switch fi, err := os.Lstat(path); {
	case err == nil && !fi.Mode().IsRegular():
		return fmt.Errorf("export : %s n'est pas un fichier ordinaire (lien symbolique, tube, périphérique ou dossier) : il n'est pas remplacé ; écrivez dans un fichier, ou sur la sortie standard avec -o -", printable.String(path))
	case err == nil:
		perm = fi.Mode().Perm()
	case !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("export : %s : %w", printable.String(path), err)
	}
	dir := filepath.Dir(path)
	tempfile.RemoveStale(dir, exportTempPrefix)
	tmp, err := tempfile.Create(dir, exportTempPrefix, perm)
	if err != nil {
		return fmt.Errorf("export : fichier temporaire impossible dans %s : %w", printable.String(dir), err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// The umask applied at creation; an existing target's mode is kept
	// whole.
	if perm != 0o666 {
		if err := tmp.Chmod(perm); err != nil {
			return fmt.Errorf("export : %w", err)
		}
	}
	if err := export(ctx, st, format, tmp, bar, today); err != nil {
		return err
	}
	bar.Done()
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export : %w", err)
	}
	// The last rows may have been read as the context was cancelled.
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("export interrompu, %s inchangé : %w", printable.String(path), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export : %w", err)
	}
	return nil
}

// exportTempPrefix starts the names of the exports being written.
const exportTempPrefix = ".maillage-export-"

// export writes every place of the store in a format, as published on
// today (a day in Paris): with the temporary closures that have not ended
// in its horaires.
func export(ctx context.Context, st store.Store, format string, w io.Writer, bar *progress.Bar, today time.Time) error {
	enc, err := standard.NewEncoder(format, w)
	if err != nil {
		return err
	}
	closures, err := st.AllClosures(ctx)
	if err != nil {
		return fmt.Errorf("export : %w", err)
	}
	n := int64(0)
	for l, err := range st.Lieux(ctx) {
		if err != nil {
			return err
		}
		l.Closures = closures[l.ID]
		if err := enc.Encode(standard.Published(l, today)); err != nil {
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
