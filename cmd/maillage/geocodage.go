package main

import (
	"flag"
	"fmt"
	"strconv"
	"time"

	"maillage/internal/geocode"
	"maillage/internal/importer"
)

// geocodingFlags are the settings of the geocoding of imports and
// harvests: the geocoder's address (the BAN by default, a self-hosted
// addok, or « aucun ») and the score from which an answer is accepted.
type geocodingFlags struct {
	url   *string
	score *string
	rate  *string
}

func addGeocodingFlags(fs *flag.FlagSet, e *env) *geocodingFlags {
	return &geocodingFlags{
		url: fs.String("geocodeur", envOr(e, "MAILLAGE_GEOCODER_URL", geocode.DefaultURL),
			"adresse du service de géocodage BAN (ou d'un addok) qui place les lieux sans coordonnées ou loin de leur commune ; « aucun » pour s'en passer (MAILLAGE_GEOCODER_URL)"),
		score: fs.String("score-geocodage", envOr(e, "MAILLAGE_GEOCODER_MIN_SCORE", strconv.FormatFloat(geocode.DefaultMinScore, 'f', -1, 64)),
			"score (0 à 1) à partir duquel une réponse du géocodeur est retenue (MAILLAGE_GEOCODER_MIN_SCORE)"),
		rate: fs.String("debit-geocodage", envOr(e, "MAILLAGE_GEOCODER_RATE", strconv.Itoa(geocode.DefaultRate)),
			"requêtes par seconde au plus vers le géocodeur (le service public en admet 50) ; 0 : sans limite, pour un addok à vous (MAILLAGE_GEOCODER_RATE)"),
	}
}

// options returns the import's geocoding, or a usage error.
func (g *geocodingFlags) options() (*importer.Geocoding, error) {
	return geocodingOptions(*g.url, *g.score, *g.rate)
}

// geocodingFromEnv is the harvests' geocoding, from the environment
// (a geocoding setting that cannot be read is the default's).
func geocodingFromEnv(e *env) *importer.Geocoding {
	g, err := geocodingOptions(envOr(e, "MAILLAGE_GEOCODER_URL", geocode.DefaultURL), e.getenv("MAILLAGE_GEOCODER_MIN_SCORE"), e.getenv("MAILLAGE_GEOCODER_RATE"))
	if err != nil {
		g, _ = geocodingOptions(envOr(e, "MAILLAGE_GEOCODER_URL", geocode.DefaultURL), "", "")
	}
	return g
}

// geocodingOptions reads the geocoder's address, the score from which an
// answer is accepted and the requests a second it may be sent ("": the
// defaults).
func geocodingOptions(url, score, rate string) (*importer.Geocoding, error) {
	g := &importer.Geocoding{Now: time.Now}
	if score != "" {
		s, ok := decimalNumber(score)
		if !ok || s < 0 || s > 1 {
			return nil, usageError{fmt.Sprintf("--score-geocodage : « %s » n'est pas un score entre 0 et 1", score)}
		}
		g.MinScore = s
	}
	perSecond := float64(geocode.DefaultRate)
	if rate != "" {
		r, ok := decimalNumber(rate)
		if !ok || r < 0 || r > 1000 {
			return nil, usageError{fmt.Sprintf("--debit-geocodage : « %s » n'est pas un nombre de requêtes par seconde (0 à 1000 ; 0 : sans limite)", rate)}
		}
		perSecond = r
	}
	if url != "aucun" && url != "" {
		g.Batch = geocode.NewBatch(url)
		g.Batch.Pace = geocode.NewPacer(perSecond)
	}
	return g, nil
}
