package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"maillage/internal/store"
	"maillage/internal/territory"
)

// defaultDecoupage is where the build installs the npm package
// @etalab/decoupage-administratif.
const defaultDecoupage = "node_modules/@etalab/decoupage-administratif/data"

// defaultCentres is where commune centres come from when online.
const defaultCentres = "https://geo.api.gouv.fr/communes?fields=code,centre&format=json&type=commune-actuelle,arrondissement-municipal"

func runTerritoires(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			args = []string{"import", "-h"}
		} else {
			return usageError{"territoires : sous-commande attendue : maillage territoires import [DOSSIER|URL]"}
		}
	}
	fs := newFlags(e, "territoires import", "[options] [DOSSIER|URL]",
		`Charge ou rafraîchit le référentiel des communes, EPCI, départements et régions
depuis les données du paquet npm @etalab/decoupage-administratif (communes.json,
epci.json, departements.json, regions.json), installé par « make build » dans
`+defaultDecoupage+` (par défaut), ou depuis une URL qui les sert.
Les centres des communes viennent de geo.api.gouv.fr (ou d'un fichier) : hors ligne,
le référentiel est chargé sans eux et les centres déjà connus sont gardés.`)
	dbURL := dbFlag(fs, e)
	centresDef := e.getenv("MAILLAGE_CENTRES_URL")
	if centresDef == "" {
		centresDef = defaultCentres
	}
	centres := fs.String("centres", centresDef, "fichier ou URL des centres des communes, JSON geo.api.gouv.fr ou CSV insee,lat,lon ; « aucun » pour s'en passer (MAILLAGE_CENTRES_URL)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	src := defaultDecoupage
	if len(pos) > 0 {
		src = pos[0]
	}
	st, err := openStore(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	return loadTerritories(ctx, st, src, *centres, e.stdout)
}

// loadTerritories loads the referential from src and the centres, and
// replaces the stored one.
func loadTerritories(ctx context.Context, st store.Store, src, centres string, out io.Writer) error {
	ref, err := territory.LoadDecoupage(opener(ctx, src))
	if err != nil {
		return fmt.Errorf("territoires : %w", err)
	}
	n := 0
	if centres != "" && centres != "aucun" {
		n, err = loadCentres(ctx, ref, centres)
		if err != nil {
			fmt.Fprintf(out, "Centres des communes non chargés (%v) : les centres déjà connus sont gardés.\n", err)
		}
	}
	if n == 0 {
		// Keep what an earlier, online import brought.
		if old, err := st.Territories(ctx); err == nil {
			for i := range ref.Communes {
				if c, ok := old.Commune(ref.Communes[i].Code); ok && c.Centre != nil {
					ref.Communes[i].Centre = c.Centre
					n++
				}
			}
		}
	}
	if err := st.ReplaceTerritories(ctx, ref); err != nil {
		return err
	}
	fmt.Fprintf(out, "Référentiel chargé : %d communes (%d avec leur centre), %d EPCI, %d départements, %d régions.\n",
		len(ref.Communes), n, len(ref.EPCIs), len(ref.Departements), len(ref.Regions))
	return nil
}

func loadCentres(ctx context.Context, ref *territory.Referential, src string) (int, error) {
	var r io.ReadCloser
	if isURL(src) {
		ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		resp, err := fetch(ctx, src)
		if err != nil {
			return 0, err
		}
		r = resp.Body
	} else {
		f, err := os.Open(src)
		if err != nil {
			return 0, err
		}
		r = f
	}
	defer r.Close()
	return ref.LoadCentres(r)
}

// opener opens the files of a folder or of a base URL.
func opener(ctx context.Context, src string) territory.Opener {
	return func(name string) (io.ReadCloser, error) {
		if isURL(src) {
			resp, err := fetch(ctx, strings.TrimSuffix(src, "/")+"/"+name)
			if err != nil {
				return nil, err
			}
			return resp.Body, nil
		}
		f, err := os.Open(filepath.Join(src, name))
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("introuvable dans %s (lancez « make build », qui installe @etalab/decoupage-administratif)", src)
		}
		return f, err
	}
}
