package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// layerNames are what messages call the layers.
var layerNames = map[string]struct{ title, one, many string }{
	territory.LayerQPV:      {"QPV", "quartier prioritaire", "quartiers prioritaires"},
	territory.LayerIRIS:     {"IRIS", "IRIS", "IRIS"},
	territory.LayerContours: {"des contours des communes", "commune", "communes"},
}

// layerFlags are the flags that give a layer's vintage.
var layerFlags = map[string]string{
	territory.LayerQPV: "--millesime-qpv", territory.LayerIRIS: "--millesime-iris", territory.LayerContours: "--millesime-contours",
}

// yearInName finds a vintage in a file name: QP2024_France…, CONTOURS-IRIS_…_2023-01-01.
var yearInName = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)`)

// layerVintage is the vintage given, else the year the file's name carries.
func layerVintage(kind, src, given string) (string, error) {
	if given = strings.TrimSpace(given); given != "" {
		return given, nil
	}
	name := path.Base(src)
	if !isURL(src) {
		name = filepath.Base(src)
	}
	if m := yearInName.FindStringSubmatch(name); m != nil {
		return m[1], nil
	}
	hint := "l'année de la liste, 2024 pour les QPV du décret 2023-1314"
	switch kind {
	case territory.LayerIRIS:
		hint = "l'année du découpage en IRIS, 2023 pour les contours IRIS au 1er janvier 2023"
	case territory.LayerContours:
		hint = "l'année du découpage des communes, 2025 pour les communes au 1er janvier 2025"
	}
	return "", failure.Errorf(failure.Invalid, "%s : millésime de la couche %s introuvable dans le nom du fichier : précisez-le avec %s (%s)", src, layerNames[kind].title, layerFlags[kind], hint)
}

// loadLayer reads a layer (QPV or IRIS contours, GeoJSON in WGS84, gzipped
// or not) from a file or URL within lim and replaces the stored one in one
// transaction.
func loadLayer(ctx context.Context, st store.Territories, kind, src, vintage string, lim territory.Limits, now time.Time, out io.Writer) error {
	vintage, err := layerVintage(kind, src, vintage)
	if err != nil {
		return err
	}
	var r io.ReadCloser
	if isURL(src) {
		// A national IRIS file is some hundreds of megabytes.
		ctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
		defer cancel()
		resp, err := fetch(ctx, src)
		if err != nil {
			return err
		}
		r = resp.Body
	} else {
		f, err := os.Open(src)
		if err != nil {
			return fmt.Errorf("couche %s : %w", layerNames[kind].title, err)
		}
		r = f
	}
	defer r.Close()
	l, err := territory.ReadLayerLimits(src, kind, r, lim)
	if err != nil {
		return err
	}
	l.Vintage, l.Source, l.Loaded = vintage, src, now
	if err := st.ReplaceLayer(ctx, l); err != nil {
		return err
	}
	n := layerNames[kind]
	if l.Crossings > 0 {
		what := "1 anneau irrégulier"
		if l.Crossings > 1 {
			what = french.Number(l.Crossings) + " anneaux irréguliers"
		}
		fmt.Fprintf(out, "Avertissement : %s (un anneau qui se croise lui-même est gardé, un point y est placé par la règle pair-impair ; un anneau sans surface est ignoré ; un fichier arrondi en a souvent : prenez la version à pleine précision ou nettoyez-le, par exemple mapshaper -clean)", what)
		if l.Crossings > len(l.Warnings) {
			fmt.Fprintf(out, " ; les %d premiers :\n", len(l.Warnings))
		} else {
			fmt.Fprint(out, " :\n")
		}
		for _, w := range l.Warnings {
			fmt.Fprintf(out, "  - %s : %s\n", src, w)
		}
	}
	if kind == territory.LayerContours {
		fmt.Fprintf(out, "Couche %s chargée : %s (code INSEE lu dans la propriété « %s »), millésime %s (%s).\n",
			n.title, french.Count(len(l.Zones), n.one, n.many), l.CodeKey, vintage, src)
		return contoursCoverage(ctx, st, l, out)
	}
	fmt.Fprintf(out, "Couche %s chargée : %s, millésime %s (%s).\n", n.title, french.Count(len(l.Zones), n.one, n.many), vintage, src)
	return unknownLayerCommunes(ctx, st, l, out)
}

// unknownLayerCommunes warns of the communes a QPV or IRIS layer names
// that the referential does not know: their zones are attached to the
// communes it knows only.
func unknownLayerCommunes(ctx context.Context, st store.Territories, l *territory.Layer, out io.Writer) error {
	ref, err := st.Territories(ctx)
	if err != nil || ref.Empty() {
		return err
	}
	var unknown []string
	for _, z := range l.Zones {
		for _, c := range z.Communes {
			if _, ok := ref.Commune(c); !ok {
				unknown = append(unknown, c+" ("+z.Code+")")
			}
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	ex := strings.Join(unknown[:min(5, len(unknown))], ", ")
	if len(unknown) > 5 {
		ex += "…"
	}
	fmt.Fprintf(out, "Avertissement : %s du référentiel dans la couche %s : %s ; ces zones ne sont rattachées qu'aux communes connues (autre millésime du code officiel géographique ?).\n",
		french.Count(len(unknown), "code de commune inconnu", "codes de commune inconnus"), layerNames[l.Kind].title, ex)
	return nil
}

// communesVintage says where the communes come from: the npm package's
// name and version when src is its folder (its major version n is the
// découpage of year 2020 + n, as its README's table of vintages says).
func communesVintage(src string, v territory.Vintage) territory.Vintage {
	v.Layer, v.Source = store.CommunesLayer, src
	if isURL(src) {
		return v
	}
	data, err := os.ReadFile(filepath.Join(src, "..", "package.json"))
	if err != nil {
		return v
	}
	var pkg struct{ Name, Version string }
	if json.Unmarshal(data, &pkg) != nil || pkg.Name != "@etalab/decoupage-administratif" {
		return v
	}
	v.Source = pkg.Name + " " + pkg.Version
	if v.Vintage == "" {
		if major, err := strconv.Atoi(strings.SplitN(pkg.Version, ".", 2)[0]); err == nil && major > 0 {
			v.Vintage = strconv.Itoa(2020 + major)
		}
	}
	return v
}
