package territory

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"sync"
)

// The data carried in the binary, so that a machine without internet still
// places communes on the map and recognises former communes (see
// data/README.md for their source, date and licence).
var (
	//go:embed data/centres.csv.gz
	centresGz []byte
	//go:embed data/anciennes-communes.csv.gz
	formerGz []byte
)

// Former is a commune déléguée or associée: a former commune merged into
// another one (its chef-lieu), whose name people still write.
type Former struct {
	Code     string // its own INSEE code (may equal its chef-lieu's)
	Nom      string
	ChefLieu string // the INSEE code of the current commune it belongs to
}

var defaultCentres = sync.OnceValues(func() (map[string]Point, error) {
	zr, err := gzip.NewReader(bytes.NewReader(centresGz))
	if err != nil {
		return nil, err
	}
	return readCentres(zr)
})

var formerCommunes = sync.OnceValues(func() ([]Former, error) {
	zr, err := gzip.NewReader(bytes.NewReader(formerGz))
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(zr)
	if _, err := cr.Read(); err != nil {
		return nil, err
	}
	var out []Former
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Former{Code: rec[0], Nom: rec[1], ChefLieu: rec[2]})
	}
})

// FormerCommunes returns the communes déléguées and associées carried in
// the binary (from @etalab/decoupage-administratif 6.0.0).
func FormerCommunes() []Former {
	fs, err := formerCommunes()
	if err != nil {
		panic(fmt.Sprintf("territory: embedded former communes: %v", err)) // tested: cannot happen with the shipped file
	}
	return fs
}

// SetDefaultCentres gives every commune without a centre the one carried
// in the binary (geo.api.gouv.fr, 2026), and returns how many it set.
func (r *Referential) SetDefaultCentres() int {
	centres, err := defaultCentres()
	if err != nil {
		panic(fmt.Sprintf("territory: embedded centres: %v", err)) // tested: cannot happen with the shipped file
	}
	n := 0
	for i := range r.Communes {
		c := &r.Communes[i]
		if c.Centre != nil {
			continue
		}
		if p, ok := centres[c.Code]; ok {
			c.Centre = &Point{Lat: p.Lat, Lon: p.Lon}
			n++
		}
	}
	return n
}

// CountCentres returns how many communes have a centre.
func (r *Referential) CountCentres() int {
	if r == nil {
		return 0
	}
	n := 0
	for _, c := range r.Communes {
		if c.Centre != nil {
			n++
		}
	}
	return n
}
