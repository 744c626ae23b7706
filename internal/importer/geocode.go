package importer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"maillage/internal/french"
	"maillage/internal/geocode"
	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// Geocoding configures the geocoding of an import: the records without
// coordinates, or placed beyond territory.MaxKmFromCentre from their
// commune's centre, get the position of their address in their commune
// (INSEE code), from the database's cache of answers or else from the
// geocoder, before anything is stored.
type Geocoding struct {
	// Batch is the geocoder; nil: none is configured (the records keep
	// what they have, with a warning).
	Batch *geocode.Batch
	// MinScore is the score from which an answer is accepted (0:
	// geocode.DefaultMinScore).
	MinScore float64
	// Timeout bounds the geocoding of one file (0: DefaultGeocodingTimeout).
	Timeout time.Duration
	// Now is the clock of the answers stored.
	Now func() time.Time
}

// DefaultGeocodingTimeout bounds the geocoding of one file: the BAN
// answers some 1 000 addresses in 10 to 30 seconds through its CSV
// endpoint.
const DefaultGeocodingTimeout = 5 * time.Minute

// Rules of the geocoding.
const (
	// RuleGeocoded: the record's coordinates come from the geocoder.
	RuleGeocoded = "geocodage"
	// RuleNotGeocoded: the record needed geocoding and did not get it.
	RuleNotGeocoded = "geocodage-impossible"
)

// geocodeNeed says whether a valid record needs geocoding, and why: no
// coordinates, or coordinates far from its commune's centre (km).
func geocodeNeed(ref *territory.Referential, l *place.Lieu) (reason string, km float64, c *territory.Commune) {
	c, _ = ref.Commune(l.CodeINSEE)
	if l.Coordinates == nil {
		return place.GeocodedMissing, 0, c
	}
	if km, far := c.FarFrom(l.Coordinates.Lat, l.Coordinates.Lon); far {
		return place.GeocodedFar, km, c
	}
	return "", 0, c
}

func requestOf(l *place.Lieu) geocode.Request {
	return geocode.Request{Adresse: l.Adresse, CodePostal: l.CodePostal, Commune: l.Commune, CodeINSEE: l.CodeINSEE}
}

// pendingGeocode is a record to geocode, as the first pass saw it.
type pendingGeocode struct {
	line, index int
	id          string
	req         geocode.Request
	reason      string
	km          float64
	commune     *territory.Commune
	coords      *place.Point
}

// geocoder gathers the records of a file to geocode during the first
// pass, geocodes them between the passes, and places them in the second.
type geocoder struct {
	opt     *Geocoding
	file    string
	pending []pendingGeocode
	// placed are the accepted answers, by request key.
	placed map[string]store.Geocoding
	// infos and warnings count the diagnostics written.
	infos, warnings int
	// refresh asks the geocoder again even the addresses it answered.
	refresh bool
	// ref checks the commune of an answer to a record without INSEE code
	// (nil: such records are not geocoded).
	ref *territory.Referential
}

// note looks at a valid record of the first pass.
func (g *geocoder) note(ref *territory.Referential, e *standard.Entry) {
	g.ref = ref
	reason, km, c := geocodeNeed(ref, &e.Lieu)
	if reason == "" {
		return
	}
	g.pending = append(g.pending, pendingGeocode{line: e.Line, index: e.Index, id: e.Lieu.ID, req: requestOf(&e.Lieu),
		reason: reason, km: km, commune: c, coords: e.Lieu.Coordinates})
}

// run geocodes the records noted, through the cache of answers and the
// geocoder, and reports on each.
func (g *geocoder) run(ctx context.Context, s store.Store, report func(*standard.Diagnostic)) error {
	g.placed = map[string]store.Geocoding{}
	if len(g.pending) == 0 {
		return nil
	}
	minScore := g.opt.MinScore
	if minScore <= 0 {
		minScore = geocode.DefaultMinScore
	}
	// The keys to look up: one per address in a commune.
	var keys []string
	reqs := map[string]geocode.Request{}
	noCommune := 0
	for _, p := range g.pending {
		if p.req.CodeINSEE == "" && (g.ref == nil || !askable(p.req)) {
			noCommune++
			continue
		}
		k := p.req.Key()
		if _, ok := reqs[k]; !ok {
			reqs[k] = p.req
			keys = append(keys, k)
		}
	}
	known := map[string]store.Geocoding{}
	if !g.refresh {
		var err error
		if known, err = s.Geocodings(ctx, keys); err != nil {
			return fmt.Errorf("%s : géocodages enregistrés illisibles : %w", g.file, err)
		}
	}
	var missing []geocode.Request
	for _, k := range keys {
		if _, ok := known[k]; !ok {
			missing = append(missing, reqs[k])
		}
	}
	// Asked to the geocoder: the addresses never geocoded.
	var failed error
	switch {
	case len(missing) == 0:
	case g.opt.Batch == nil:
		failed = errors.New("aucun géocodeur configuré (--geocodeur, MAILLAGE_GEOCODER_URL)")
	default:
		timeout := g.opt.Timeout
		if timeout <= 0 {
			timeout = DefaultGeocodingTimeout
		}
		gctx, cancel := context.WithTimeout(ctx, timeout)
		answers, n, gerr := g.opt.Batch.Geocode(gctx, missing)
		cancel()
		if err := ctx.Err(); err != nil {
			return err
		}
		now := g.opt.Now()
		fresh := make([]store.Geocoding, n)
		for i := range n {
			a := answers[i]
			fresh[i] = store.Geocoding{Key: missing[i].Key(), Found: a.Found, Lat: a.Lat, Lon: a.Lon, Label: a.Label, Score: a.Score,
				Type: a.Type, Citycode: a.Citycode, Service: g.opt.Batch.BaseURL, At: now}
			known[fresh[i].Key] = fresh[i]
		}
		if err := s.SaveGeocodings(ctx, fresh); err != nil {
			return fmt.Errorf("%s : géocodages non enregistrés : %w", g.file, err)
		}
		if gerr != nil {
			failed = gerr
		}
	}
	unanswered := 0
	for _, p := range g.pending {
		d := standard.Diagnostic{File: g.file, Line: p.line, Index: p.index, RecordID: p.id,
			Problem: place.Problem{Field: place.FieldNames[place.FLatitude]}}
		if p.coords != nil {
			d.Value = place.FormatFloat(p.coords.Lat) + ", " + place.FormatFloat(p.coords.Lon)
		}
		where := ""
		if p.reason == place.GeocodedFar {
			where = fmt.Sprintf("à %.0f km du centre de %s (%d km au plus)", p.km, p.commune.Nom, territory.MaxKmFromCentre)
		}
		withoutINSEE := p.req.CodeINSEE == ""
		if withoutINSEE && (g.ref == nil || !askable(p.req)) {
			continue // said once below
		}
		k := p.req.Key()
		a, ok := known[k]
		if !ok {
			unanswered++
			continue
		}
		answer := geocode.Answer{Found: a.Found, Lat: a.Lat, Lon: a.Lon, Label: a.Label, Score: a.Score, Type: a.Type, Citycode: a.Citycode}
		accepted, why := geocode.Accept(p.req, answer, minScore)
		var taken string // the commune taken from the answer, and how it agrees
		if withoutINSEE {
			var c *territory.Commune
			var how string
			if c, how, accepted, why = acceptWithoutINSEE(g.ref, p.req, answer, minScore); accepted {
				taken = fmt.Sprintf(" ; code INSEE %s (%s) repris du géocodage : %s", a.Citycode, c.Nom, how)
			}
		}
		if accepted {
			g.placed[k] = a
			d.Severity, d.Rule = place.Info, RuleGeocoded
			d.Message = fmt.Sprintf("coordonnées géocodées : « %s » (score %s, %s)", a.Label, strconv.FormatFloat(a.Score, 'f', 2, 64), a.Type)
			if where != "" {
				d.Message += ", à la place de celles de la source, " + where
			}
			d.Message += taken
			g.infos++
		} else {
			d.Severity, d.Rule = place.Warning, RuleNotGeocoded
			if where != "" {
				d.Message = "coordonnées " + where + ", et l'adresse n'est pas géocodée (" + why + ") : gardées telles quelles ; vérifiez la position ou la commune"
			} else {
				d.Message = "lieu sans coordonnées, et l'adresse n'est pas géocodée (" + why + ") : renseignez latitude et longitude dans la source"
			}
			g.warnings++
		}
		report(&d)
	}
	// Said once for the file: what could not be asked.
	if unanswered > 0 || noCommune > 0 {
		var msg string
		if unanswered > 0 {
			msg = french.Count(unanswered, "lieu", "lieux") + " sans coordonnées ou loin de leur commune non géocodés : "
			if failed != nil {
				msg += failed.Error()
			}
			msg += " ; ils gardent les coordonnées de la source, et seront géocodés au prochain import"
		}
		if noCommune > 0 {
			if msg != "" {
				msg += " ; "
			}
			msg += french.Count(noCommune, "lieu", "lieux") + " sans code INSEE, code postal ni commune non géocodés (rien ne dirait si le résultat est dans la bonne commune)"
		}
		g.warnings++
		report(&standard.Diagnostic{File: g.file, Index: -1, Problem: place.Problem{Severity: place.Warning,
			Field: place.FieldNames[place.FLatitude], Rule: RuleNotGeocoded, Message: msg}})
	}
	return nil
}

// place gives a valid record of the second pass the geocoded position of
// its address, when it needs one and one was accepted; the source's
// coordinates are kept in the provenance.
func (g *geocoder) place(ref *territory.Referential, l *place.Lieu) {
	reason, _, _ := geocodeNeed(ref, l)
	if reason == "" {
		return
	}
	a, ok := g.placed[requestOf(l).Key()]
	if !ok {
		return
	}
	if l.Provenance.Original == nil {
		l.Provenance.Original = map[string]string{}
	}
	var insee string
	if l.CodeINSEE == "" {
		// The commune comes from the answer (its postcode or name agreed).
		if _, ok := l.Provenance.Original["code_insee"]; !ok {
			l.Provenance.Original["code_insee"] = ""
		}
		l.CodeINSEE, insee = a.Citycode, a.Citycode
	}
	lat, lon := "", ""
	if l.Coordinates != nil {
		lat, lon = place.FormatFloat(l.Coordinates.Lat), place.FormatFloat(l.Coordinates.Lon)
	}
	for name, v := range map[string]string{"latitude": lat, "longitude": lon} {
		if _, ok := l.Provenance.Original[name]; !ok {
			l.Provenance.Original[name] = v
		}
	}
	l.Coordinates = &place.Point{Lat: a.Lat, Lon: a.Lon}
	l.Provenance.Geocoding = &place.Geocoding{Label: a.Label, Score: a.Score, Type: a.Type, Service: a.Service, At: a.At, Reason: reason, CodeINSEE: insee}
}
