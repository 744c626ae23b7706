package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"maillage/internal/french"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// decoupagePackage is where, in the npm folder, the data of the package
// @etalab/decoupage-administratif lie; defaultDecoupage is where the build
// installs them.
const (
	decoupagePackage = "@etalab/decoupage-administratif/data"
	defaultDecoupage = "node_modules/" + decoupagePackage
)

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
les centres déjà connus sont gardés et la copie intégrée au programme (geo.api.gouv.fr,
novembre 2026, Licence Ouverte) donne les autres.

Couches : --qpv charge les contours des quartiers prioritaires de la politique de la
ville (GeoJSON WGS84 de l'ANCT, QP2024_France_Hexagonale_Outre_Mer_WGS84.geojson,
propriétés code_qp, lib_qp, insee_com, sur data.gouv.fr), --iris ceux des IRIS (GeoJSON
WGS84 de l'IGN/INSEE, propriétés code_iris, nom_iris, typ_iris). Le format compact
{"qpvs":[{code, label, insee, g}]} ou {"iris":[{code, nom, typ, g}]} (dépôt
bpineau/gazetteer) est lu aussi. Fichiers .gz acceptés. Chaque
couche importée remplace la précédente en une transaction, avec son millésime (pris dans
le nom du fichier, ou --millesime-qpv, --millesime-iris). Avec --qpv, --iris ou --contours-communes seuls,
seules ces couches sont chargées ; donnez aussi DOSSIER|URL, --centres ou --millesime pour
recharger les communes (du dossier par défaut sans DOSSIER|URL).

--contours-communes charge les contours des communes (GeoJSON WGS84, une entité par
commune, son code INSEE dans une propriété code, insee, INSEE_COM, code_insee ou codgeo ;
par exemple communes-50m.geojson.gz d'etalab, millésime pris dans le nom du fichier ou
--millesime-contours) : ils dessinent les couches de la carte et les cartes du
diagnostic, et donnent les contours des EPCI, départements et régions (réunion de leurs
communes). Prenez une version simplifiée (50 ou 100 m) : la précision sert peu sur une
carte et la version complète pèse plusieurs centaines de mégaoctets.

Chaque anneau des couches est vérifié : fermé et en coordonnées WGS84 finies, sinon le
fichier est refusé ; un anneau de moins de 3 sommets distincts (sans surface) est ignoré
et un anneau qui se croise lui-même gardé, chacun avec un avertissement. Une couche est
bornée (--limite-couche, --limite-points).`)
	dbURL := dbFlag(fs, e)
	centres := fs.String("centres", envOr(e, "MAILLAGE_CENTRES_URL", defaultCentres), "fichier ou URL des centres des communes, JSON geo.api.gouv.fr ou CSV insee,lat,lon ; « aucun » pour s'en passer (MAILLAGE_CENTRES_URL)")
	qpv := fs.String("qpv", "", "fichier ou URL des contours des QPV (GeoJSON WGS84, .gz accepté)")
	iris := fs.String("iris", "", "fichier ou URL des contours des IRIS (GeoJSON WGS84, .gz accepté)")
	contours := fs.String("contours-communes", "", "fichier ou URL des contours des communes (GeoJSON WGS84, .gz accepté)")
	contoursVintage := fs.String("millesime-contours", "", "millésime des contours des communes (par défaut, l'année du nom du fichier)")
	qpvVintage := fs.String("millesime-qpv", "", "millésime de la liste des QPV (par défaut, l'année du nom du fichier)")
	irisVintage := fs.String("millesime-iris", "", "millésime des IRIS (par défaut, l'année du nom du fichier)")
	layerLimits := territory.DefaultLimits
	fs.Var(sizeValue{&layerLimits.Decompressed}, "limite-couche", "`taille` maximale d'une couche lue (--qpv, --iris, --contours-communes), avant comme après décompression, par exemple 4Go")
	fs.IntVar(&layerLimits.Points, "limite-points", layerLimits.Points, "nombre maximal de positions d'une couche")
	communesVintage := fs.String("millesime", "", "millésime des communes et de leur population (par défaut, celui du paquet @etalab/decoupage-administratif)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	src := defaultDecoupage
	if len(pos) > 0 {
		src = pos[0]
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	now := e.now()
	if layerLimits.Decompressed <= 0 || layerLimits.Points <= 0 {
		return usageError{"territoires import : --limite-couche et --limite-points : une valeur strictement positive est attendue"}
	}
	layerLimits.File = layerLimits.Decompressed
	// --centres and --millesime are about the communes: given with a
	// layer and no DOSSIER, they reload the communes from the default
	// folder as they do alone.
	communesAsked := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "centres" || f.Name == "millesime" {
			communesAsked = true
		}
	})
	// Each layer is replaced in its own transaction, in this order: when
	// one fails, those before it are saved, and the output says which.
	var saved []string
	step := func(what string, load func() error) error {
		if err := load(); err != nil {
			if len(saved) > 0 {
				fmt.Fprintf(e.stderr, "maillage : déjà enregistrés avant l'erreur (chaque couche l'est en une transaction) : %s ; l'erreur qui suit porte sur %s, rien n'est enregistré à partir d'elle.\n",
					strings.Join(saved, ", "), what)
			}
			return err
		}
		saved = append(saved, what)
		return nil
	}
	if len(pos) > 0 || communesAsked || (*qpv == "" && *iris == "" && *contours == "") {
		if err := step("le référentiel des communes", func() error {
			return loadTerritories(ctx, st, src, *centres, territory.Vintage{Vintage: *communesVintage, Loaded: now}, e.stdout)
		}); err != nil {
			return err
		}
	}
	for _, l := range []struct{ kind, src, vintage string }{
		{territory.LayerQPV, *qpv, *qpvVintage}, {territory.LayerIRIS, *iris, *irisVintage}, {territory.LayerContours, *contours, *contoursVintage},
	} {
		if l.src == "" {
			continue
		}
		if err := step("la couche "+layerNames[l.kind].title, func() error {
			return loadLayer(ctx, st, l.kind, l.src, l.vintage, layerLimits, now, e.stdout)
		}); err != nil {
			return err
		}
	}
	return nil
}

// loadTerritories loads the referential from src and the centres, and
// replaces the stored one. Communes the centres source does not cover
// (offline, say) keep the centre an earlier import gave them, else get the
// copy carried in the binary. vintage is the communes' (its Vintage
// found in the npm package when empty; its Loaded set).
func loadTerritories(ctx context.Context, st store.Territories, src, centres string, vintage territory.Vintage, out io.Writer) error {
	ref, err := territory.LoadDecoupage(opener(ctx, src))
	if err != nil {
		return fmt.Errorf("territoires : %w", err)
	}
	ref.CommunesVintage = communesVintage(src, vintage)
	fetched := 0
	if centres != "" && centres != "aucun" {
		fetched, err = loadCentres(ctx, ref, centres)
		if err != nil {
			fmt.Fprintf(out, "Centres des communes non chargés (%v) : les centres déjà connus sont gardés, la copie intégrée (geo.api.gouv.fr, 2026-11) complète.\n", message(err))
		}
	}
	kept := 0
	if old, err := st.Territories(ctx); err == nil {
		for i := range ref.Communes {
			if ref.Communes[i].Centre != nil {
				continue
			}
			if c, ok := old.Commune(ref.Communes[i].Code); ok && c.Centre != nil {
				ref.Communes[i].Centre = c.Centre
				kept++
			}
		}
	}
	embedded := ref.SetDefaultCentres()
	if err := st.ReplaceTerritories(ctx, ref); err != nil {
		return err
	}
	// Centres from a file are read, from a URL downloaded.
	got := french.Count(fetched, "téléchargé", "téléchargés")
	switch {
	case centres == "" || centres == "aucun":
		got = "aucun fichier de centres demandé"
	case !isURL(centres):
		got = fmt.Sprintf("%s dans %s", french.Count(fetched, "lu", "lus"), filepath.Base(centres))
	}
	said := ""
	if v := ref.CommunesVintage.Vintage; v != "" {
		said = " ; millésime " + v
	}
	fmt.Fprintln(out, referentialLoaded(loadedCounts{communes: len(ref.Communes), centres: ref.CountCentres(), kept: kept, embedded: embedded,
		epcis: len(ref.EPCIs), departements: len(ref.Departements), regions: len(ref.Regions)}, got, said))
	return nil
}

// loadedCounts are the figures of « Référentiel chargé ».
type loadedCounts struct{ communes, centres, kept, embedded, epcis, departements, regions int }

// referentialLoaded says what territoires import loaded, every number
// with French separators (« 35 014 avec leur centre », not « 35014 »).
func referentialLoaded(n loadedCounts, got, said string) string {
	return fmt.Sprintf("Référentiel chargé : %s (%s avec leur centre : %s, %s, %s de la copie intégrée), %s EPCI, %s, %s%s.",
		french.Count(n.communes, "commune", "communes"), french.Number(n.centres), got,
		french.Count(n.kept, "déjà connu", "déjà connus"), french.Number(n.embedded), french.Number(n.epcis),
		french.Count(n.departements, "département", "départements"), french.Count(n.regions, "région", "régions"), said)
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

// firstStart loads the referential when the database has none (from the
// npm package in decoupage, with the centres of centres), and gives a
// referential stored without any centre the copy carried in the binary.
func firstStart(ctx context.Context, st store.Territories, decoupage, centres string, now time.Time, out io.Writer) error {
	ref, err := st.Territories(ctx)
	if err != nil {
		return err
	}
	if ref.Empty() {
		if _, err := os.Stat(filepath.Join(decoupage, "communes.json")); err != nil {
			return fmt.Errorf("%s introuvable (lancez « make build », ou « maillage territoires import ») : pas de recherche par commune", decoupage)
		}
		return loadTerritories(ctx, st, decoupage, centres, territory.Vintage{Loaded: now}, out)
	}
	if ref.CountCentres() == 0 {
		if n := ref.SetDefaultCentres(); n > 0 {
			if err := st.ReplaceTerritories(ctx, ref); err != nil {
				return err
			}
			fmt.Fprintf(out, "Centres des communes : %s pris dans la copie intégrée (geo.api.gouv.fr, 2026-11).\n", french.Number(n))
		}
	}
	return nil
}
