package main

import (
	"context"
	"fmt"

	"maillage/internal/french"
	"maillage/internal/importer"
	"maillage/internal/standard"
)

func runGeocoder(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "geocoder", "[--tous] [options]",
		`Géocode les lieux du registre sans coordonnées, ou placés à plus de 20 km du centre de leur
commune : par exemple après un import pendant lequel le géocodeur était injoignable. Chaque
adresse est cherchée dans sa commune (code INSEE) ; les réponses déjà gardées dans la base
servent sans nouvelle demande, sauf avec --tous, qui redemande toutes les adresses.
Les coordonnées des sources restent dans leurs enregistrements ; la provenance de la position
dit qu'elle est géocodée, par quel service, avec quel score.`)
	dbURL := dbFlag(fs, e)
	all := fs.Bool("tous", false, "redemande au géocodeur même les adresses auxquelles il a déjà répondu")
	geoFlags := addGeocodingFlags(fs, e)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	geo, err := geoFlags.options()
	if err != nil {
		return err
	}
	if _, err := checkpointDir(e, *dbURL, ""); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	report, err := standard.NewReportWriter("text", e.stdout)
	if err != nil {
		return err
	}
	res, err := importer.GeocodePlaces(ctx, st, geo, *all, report.Write)
	if cerr := report.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := checkpoint(ctx, e, st, *dbURL); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s à géocoder, %s\n", french.Count(res.Records, "enregistrement", "enregistrements"),
		french.Count(res.Geocoded, "géocodé", "géocodés"))
	return nil
}
