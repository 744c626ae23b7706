package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// GeocodeResult sums up GeocodePlaces.
type GeocodeResult struct {
	Records  int // current records that needed geocoding
	Geocoded int // of them, given a position
}

// GeocodePlaces geocodes the current records of the registry's places
// that have no coordinates or lie far from their commune, as Import does
// (maillage geocoder): after an import whose geocoder was down, or with
// refresh, asking the geocoder again even the addresses it answered
// before. Each source's records are updated in one transaction, and
// their places computed again; report receives the diagnostics, which
// name records as SOURCE/ID.
func GeocodePlaces(ctx context.Context, s store.Store, g *Geocoding, refresh bool, report func(*standard.Diagnostic)) (GeocodeResult, error) {
	var res GeocodeResult
	ref, err := s.Territories(ctx)
	if err != nil {
		return res, err
	}
	// The places to look at: those published without coordinates or far
	// from their commune.
	var ids []string
	for l, err := range s.Lieux(ctx) {
		if err != nil {
			return res, err
		}
		if reason, _, _ := geocodeNeed(ref, l); reason != "" {
			ids = append(ids, l.ID)
		}
	}
	geo := &geocoder{opt: g, file: "registre", refresh: refresh, ref: ref}
	bySource := map[string][]place.Lieu{}
	for _, id := range ids {
		recs, err := s.SourceRecords(ctx, id)
		if err != nil {
			return res, err
		}
		for _, r := range recs {
			if !r.WithdrawnAt.IsZero() {
				continue
			}
			// A record imported before the referential was loaded has no
			// INSEE code: derived now when its postcode and commune
			// designate one commune, it is looked for in that commune.
			if r.Lieu.CodeINSEE == "" {
				deriveINSEE(ref, &r.Lieu)
			}
			reason, km, c := geocodeNeed(ref, &r.Lieu)
			if reason == "" {
				continue
			}
			res.Records++
			geo.pending = append(geo.pending, pendingGeocode{index: -1, id: r.Source + "/" + r.SourceID, req: requestOf(&r.Lieu),
				reason: reason, km: km, commune: c, coords: r.Lieu.Coordinates})
			bySource[r.Source] = append(bySource[r.Source], r.Lieu)
		}
	}
	if err := geo.run(ctx, s, report); err != nil {
		return res, err
	}
	sources := make([]string, 0, len(bySource))
	for src := range bySource {
		sources = append(sources, src)
	}
	slices.Sort(sources)
	for _, src := range sources {
		n, err := placeRecords(ctx, s, src, geo, bySource[src])
		if err != nil {
			return res, err
		}
		res.Geocoded += n
	}
	return res, nil
}

// placeRecords gives a source's records the positions geocoded, in one
// transaction, and returns how many got one.
func placeRecords(ctx context.Context, s store.Store, src string, geo *geocoder, recs []place.Lieu) (n int, err error) {
	ref, err := s.Territories(ctx)
	if err != nil {
		return 0, err
	}
	var placed []*place.Lieu
	for i := range recs {
		l := &recs[i]
		before := l.Provenance.Geocoding
		geo.place(ref, l)
		if l.Provenance.Geocoding != before {
			placed = append(placed, l)
		}
	}
	if len(placed) == 0 {
		return 0, nil
	}
	im, err := s.BeginImport(ctx, src)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			im.Rollback(ctx)
		}
	}()
	for _, l := range placed {
		if _, _, err := im.Put(ctx, l); err != nil {
			return 0, fmt.Errorf("source « %s », enregistrement %s : %w", src, l.ID, err)
		}
		n++
	}
	if _, err := im.Commit(ctx, "maillage geocoder"); err != nil {
		return 0, err
	}
	return n, nil
}

// deriveINSEE gives a record without code_insee the code its postcode
// and commune designate in the referential, if they designate one (as
// locateCommune does at an import), keeping the empty source value in
// its provenance.
func deriveINSEE(ref *territory.Referential, l *place.Lieu) {
	if ref.Empty() || l.CodePostal == "" && strings.TrimSpace(l.Commune) == "" {
		return
	}
	c := ref.Locate(l.CodePostal, l.Commune).Commune
	if c == nil {
		return
	}
	l.CodeINSEE = c.Code
	if l.Provenance.Original == nil {
		l.Provenance.Original = map[string]string{}
	}
	if _, ok := l.Provenance.Original["code_insee"]; !ok {
		l.Provenance.Original["code_insee"] = ""
	}
}
