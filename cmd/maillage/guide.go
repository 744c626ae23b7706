package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"maillage/internal/guide"
	"maillage/internal/place"
	"maillage/internal/printable"
	"maillage/internal/search"
	"maillage/internal/store"
	"maillage/internal/tempfile"
	"maillage/internal/web"
)

func runGuide(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "guide", "--territoire T [--service S] [-o guide.html]",
		`Écrit le guide à imprimer d'un territoire (une page HTML autonome, en A4 : couverture,
index des communes, plusieurs lieux par page, code QR vers la page de chaque lieu),
comme la page /guides du site :
  --territoire departement:81, epci:248100737 ou commune:81004
  --service    un service du standard (« Aide aux démarches administratives »…) : seulement
               les lieux qui le proposent
Les codes QR mènent à l'adresse publique du site (--url-publique) ; sans elle, il n'y en a pas.`)
	dbURL := dbFlag(fs, e)
	where := fs.String("territoire", "", "territoire du guide : departement:CODE, epci:SIREN ou commune:INSEE")
	service := fs.String("service", "", "service du standard que les lieux proposent (facultatif)")
	out := fs.String("o", "", "fichier de sortie, remplacé seulement quand le guide est complet ; « - » ou rien : la sortie standard")
	baseURL := fs.String("url-publique", e.getenv("MAILLAGE_BASE_URL"), "adresse publique du site (https://…), base des codes QR (MAILLAGE_BASE_URL)")
	hub := fs.String("hub-nom", e.getenv("MAILLAGE_HUB_NOM"), "nom du hub, cité comme source sur la couverture (MAILLAGE_HUB_NOM)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *where == "" {
		return usageError{"guide : --territoire est obligatoire (departement:81, epci:248100737 ou commune:81004)"}
	}
	base := ""
	if *baseURL != "" {
		u, err := web.CheckSiteURL(*baseURL)
		if err != nil {
			return usageError{"guide : --url-publique : " + err.Error()}
		}
		base = u
	}
	st, err := openReader(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	now := e.now()
	ix, err := guideIndex(ctx, st, now)
	if err != nil {
		return err
	}
	t, err := guide.ParseTerritory(*where, ix.Referential())
	if err != nil {
		return err
	}
	g, err := guide.Build(ix, t, *service, now)
	if err != nil {
		return err
	}
	qualified := map[string]bool{}
	if ids, err := st.QualifiedLieux(ctx); err == nil {
		for _, id := range ids {
			qualified[id] = true
		}
	}
	var b bytes.Buffer
	if err := web.RenderGuide(&b, g, web.GuideOptions{BaseURL: base, Source: web.GuideSource(*hub), Qualified: qualified, Now: now, InlineCSS: true}); err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		_, err := e.stdout.Write(b.Bytes())
		return err
	}
	if err := writeFileWhole(*out, b.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Guide de %s : %s, %s écrit.\n", printable.String(t.Name), countWords(g.Count, "lieu", "lieux"), printable.String(*out))
	return nil
}

func countWords(n int, one, many string) string {
	if n <= 1 { // French: « 0 lieu », « 1 lieu »
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// guideIndex reads the registry, its closures and referential into an index.
func guideIndex(ctx context.Context, st store.Store, now time.Time) (*search.Index, error) {
	ref, err := st.Territories(ctx)
	if err != nil {
		return nil, err
	}
	var lieux []*place.Lieu
	for l, err := range st.Lieux(ctx) {
		if err != nil {
			return nil, err
		}
		l.Provenance.Original = nil
		lieux = append(lieux, l)
	}
	closures, err := st.AllClosures(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range lieux {
		l.Closures = closures[l.ID]
	}
	return search.Build(lieux, ref, now), nil
}

// writeFileWhole writes data beside path, then renames it over path (a
// regular file, or none yet).
func writeFileWhole(path string, data []byte) error {
	perm := os.FileMode(0o666)
	if fi, err := os.Lstat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("guide : %s n'est pas un fichier ordinaire : il n'est pas remplacé", printable.String(path))
		}
		perm = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	tempfile.RemoveStale(dir, exportTempPrefix)
	tmp, err := tempfile.Create(dir, exportTempPrefix, perm)
	if err != nil {
		return fmt.Errorf("guide : fichier temporaire impossible dans %s : %w", printable.String(dir), err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("guide : %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("guide : %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("guide : %w", err)
	}
	return nil
}
