package territory

import (
	"errors"
	"io"
	"strconv"
	"strings"
)

// Limits bound what reading a layer may cost: without them a small gzip
// file inflating to gigabytes, or a feature of millions of positions,
// would take all the memory. A zero field takes its DefaultLimits value.
type Limits struct {
	File          int64 // bytes read from the file or URL (compressed, when gzipped)
	Decompressed  int64 // bytes of GeoJSON once decompressed
	Feature       int64 // bytes of one feature
	Points        int   // positions of the whole layer
	FeaturePoints int   // positions of one feature
	Rings         int   // rings of one feature
}

// DefaultLimits fit the real files with room to spare: the ANCT's QPV
// (about 50 MB, 1 600 QPV), a national IRIS file (some hundreds of MB,
// 49 000 IRIS), etalab's communes' contours (communes-5m: some hundreds of
// MB, 35 000 communes, a few million positions; the simplified 50m and
// 100m versions are ten times smaller); the largest commune of France at
// full resolution has some hundred thousand positions.
var DefaultLimits = Limits{
	File:          2 << 30,
	Decompressed:  2 << 30,
	Feature:       64 << 20,
	Points:        50_000_000,
	FeaturePoints: 5_000_000,
	Rings:         100_000,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.File > 0 {
		d.File = l.File
	}
	if l.Decompressed > 0 {
		d.Decompressed = l.Decompressed
	}
	if l.Feature > 0 {
		d.Feature = l.Feature
	}
	if l.Points > 0 {
		d.Points = l.Points
	}
	if l.FeaturePoints > 0 {
		d.FeaturePoints = l.FeaturePoints
	}
	if l.Rings > 0 {
		d.Rings = l.Rings
	}
	return d
}

// limitError is a bound of Limits passed while reading.
type limitError struct {
	what  string // "fichier", "decompresse", "objet"
	limit int64
}

func (e *limitError) Error() string { return "limite atteinte : " + e.what }

// layerMeter counts the bytes read through it and stops past its bound,
// or when the current feature grows past its own.
type layerMeter struct {
	r       io.Reader
	limit   int64
	what    string
	feature int64 // 0: no bound per feature
	n, mark int64
	err     error
}

// featureSlack is what the JSON decoder may have read ahead of the
// feature it decodes.
const featureSlack = 1 << 20

func (m *layerMeter) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	if len(p) > 64<<10 {
		p = p[:64<<10] // small steps, so that a bound stops reading soon
	}
	k, err := m.r.Read(p)
	m.n += int64(k)
	switch {
	case m.n > m.limit:
		m.err = &limitError{what: m.what, limit: m.limit}
		return 0, m.err
	case m.feature > 0 && m.n-m.mark > m.feature+featureSlack:
		m.err = &limitError{what: "objet", limit: m.feature}
		return 0, m.err
	}
	return k, err
}

// startFeature tells the meter a feature begins.
func (m *layerMeter) startFeature() { m.mark = m.n }

// sizeLabel writes a size in bytes the French way: "64 Mo", "1,5 Go".
func sizeLabel(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "Go"}, {1 << 20, "Mo"}, {1 << 10, "Ko"}} {
		if n >= u.size {
			s := strconv.FormatFloat(float64(n)/float64(u.size), 'f', 1, 64)
			return strings.Replace(strings.TrimSuffix(s, ".0"), ".", ",", 1) + " " + u.name
		}
	}
	return strconv.FormatInt(n, 10) + " octets"
}

// countLabel writes a count with spaces between thousands: 5 000 000.
func countLabel(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

// limitMessage explains a bound passed; after is the number of features
// read before.
func (rd *layerReader) limitMessage(le *limitError) error {
	objects := "objets"
	if rd.n <= 1 {
		objects = "objet"
	}
	switch le.what {
	case "fichier":
		return rd.fail("fichier de plus de %s : lecture arrêtée ; une couche en a %s au plus (--limite-couche)", sizeLabel(le.limit), sizeLabel(le.limit))
	case "decompresse":
		return rd.fail("plus de %s une fois décompressé (après %d %s) : lecture arrêtée ; une couche en a %s au plus (--limite-couche)",
			sizeLabel(le.limit), rd.n, objects, sizeLabel(le.limit))
	}
	return rd.fail("objet %d : plus de %s pour un seul objet : lecture arrêtée ; un objet en a %s au plus", rd.n+1, sizeLabel(le.limit), sizeLabel(le.limit))
}

func asLimit(err error) (*limitError, bool) {
	var le *limitError
	ok := errors.As(err, &le)
	return le, ok
}
