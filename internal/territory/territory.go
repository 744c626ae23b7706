// Package territory holds the French administrative divisions a directory
// searches by: communes (with postcodes, population and centre), EPCI,
// départements and régions; and the layers of zones loaded beside them
// (QPV and IRIS contours), with point in polygon.
package territory

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Commune is a current commune (or a municipal arrondissement of Paris, Lyon, Marseille).
type Commune struct {
	Code         string // INSEE code
	Nom          string
	Departement  string
	Region       string
	EPCI         string // SIREN of its EPCI, "" when none
	CodesPostaux []string
	Population   int
	Centre       *Point // nil when not loaded (offline)
}

// Point is a WGS84 position.
type Point struct{ Lat, Lon float64 }

// EPCI is an établissement public de coopération intercommunale.
type EPCI struct {
	Code       string // SIREN
	Nom        string
	Type       string // CC, CA, CU, METRO, MET69
	Population int
}

// Departement is a département.
type Departement struct {
	Code, Nom, Region string
}

// Region is a région.
type Region struct {
	Code, Nom string
}

// Referential is the whole set, with indexes for lookups.
type Referential struct {
	Communes     []Commune
	EPCIs        []EPCI
	Departements []Departement
	Regions      []Region
	// CommunesVintage says where the communes and their population come
	// from (Layer "communes").
	CommunesVintage Vintage
	// QPV and IRIS are the layers of zones, nil when not loaded (see SetLayer).
	QPV, IRIS *Layer
	// Contours are the communes' contours (LayerContours), nil when not
	// loaded; see Contour.
	Contours *Layer
	// contours are the outlines derived from Contours, built on first use
	contours *derivedContours

	byCode     map[string]int
	byPostcode map[string][]int
	byName     map[string][]int
	epci       map[string]int
	dept       map[string]int
	region     map[string]int
	// names are the keys Locate looks communes up by, built on its first call
	names *nameIndex
}

// Index builds the lookup tables; call it after filling the lists.
func (r *Referential) Index() *Referential {
	sort.Slice(r.Communes, func(i, j int) bool { return r.Communes[i].Code < r.Communes[j].Code })
	sort.Slice(r.EPCIs, func(i, j int) bool { return r.EPCIs[i].Code < r.EPCIs[j].Code })
	sort.Slice(r.Departements, func(i, j int) bool { return r.Departements[i].Code < r.Departements[j].Code })
	sort.Slice(r.Regions, func(i, j int) bool { return r.Regions[i].Code < r.Regions[j].Code })
	r.byCode = make(map[string]int, len(r.Communes))
	r.byPostcode = map[string][]int{}
	r.byName = map[string][]int{}
	for i, c := range r.Communes {
		r.byCode[c.Code] = i
		for _, cp := range c.CodesPostaux {
			r.byPostcode[cp] = append(r.byPostcode[cp], i)
		}
		k := Fold(c.Nom)
		r.byName[k] = append(r.byName[k], i)
	}
	r.epci = map[string]int{}
	for i, e := range r.EPCIs {
		r.epci[e.Code] = i
	}
	r.dept = map[string]int{}
	for i, d := range r.Departements {
		r.dept[d.Code] = i
	}
	r.region = map[string]int{}
	for i, g := range r.Regions {
		r.region[g.Code] = i
	}
	r.names = &nameIndex{}
	r.contours = &derivedContours{}
	return r
}

// Empty reports whether nothing is loaded.
func (r *Referential) Empty() bool { return r == nil || len(r.Communes) == 0 }

// Commune returns the commune of an INSEE code.
func (r *Referential) Commune(code string) (*Commune, bool) {
	if r == nil {
		return nil, false
	}
	i, ok := r.byCode[code]
	if !ok {
		return nil, false
	}
	return &r.Communes[i], true
}

// ByPostcode returns the communes a postcode serves.
func (r *Referential) ByPostcode(cp string) []*Commune {
	if r == nil {
		return nil
	}
	var out []*Commune
	for _, i := range r.byPostcode[cp] {
		out = append(out, &r.Communes[i])
	}
	return out
}

// EPCIOf returns an EPCI by SIREN.
func (r *Referential) EPCIOf(code string) (*EPCI, bool) {
	if r == nil {
		return nil, false
	}
	i, ok := r.epci[code]
	if !ok {
		return nil, false
	}
	return &r.EPCIs[i], true
}

// DepartementOf returns a département by code.
func (r *Referential) DepartementOf(code string) (*Departement, bool) {
	if r == nil {
		return nil, false
	}
	i, ok := r.dept[code]
	if !ok {
		return nil, false
	}
	return &r.Departements[i], true
}

// RegionOf returns a région by code.
func (r *Referential) RegionOf(code string) (*Region, bool) {
	if r == nil {
		return nil, false
	}
	i, ok := r.region[code]
	if !ok {
		return nil, false
	}
	return &r.Regions[i], true
}

// Search finds communes by name (accents and case ignored; exact names
// first, then names starting with the query, most populated first), by
// postcode, or by INSEE code.
func (r *Referential) Search(q string, limit int) []*Commune {
	if r == nil {
		return nil
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	if isDigits(q) || (len(q) == 5 && (strings.HasPrefix(q, "2A") || strings.HasPrefix(q, "2B"))) {
		// A postcode first (69003 is Lyon 3e before it is the INSEE code
		// of Albigny-sur-Saône), then the INSEE code.
		out := r.PostcodeCommunes(q)
		if c, ok := r.Commune(q); ok && !slices.Contains(out, c) {
			out = append(out, c)
		}
		return first(out, limit)
	}
	k := Fold(q)
	var exact, prefix []*Commune
	for _, i := range r.byName[k] {
		exact = append(exact, &r.Communes[i])
	}
	if len(k) >= 2 {
		for i := range r.Communes {
			c := &r.Communes[i]
			if n := Fold(c.Nom); n != k && strings.HasPrefix(n, k) {
				prefix = append(prefix, c)
			}
		}
	}
	byPop := func(cs []*Commune) {
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].Population > cs[j].Population })
	}
	byPop(exact)
	byPop(prefix)
	return first(append(exact, prefix...), limit)
}

// PostcodeCommunes returns the communes a postcode serves, most populated
// first, a municipal arrondissement rather than its commune (69003 is Lyon
// 3e, not Lyon).
func (r *Referential) PostcodeCommunes(cp string) []*Commune {
	out := preferArrondissements(r.ByPostcode(cp))
	sort.SliceStable(out, func(i, j int) bool { return out[i].Population > out[j].Population })
	return out
}

func first(cs []*Commune, n int) []*Commune {
	if n > 0 && len(cs) > n {
		return cs[:n]
	}
	return cs
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Fold reduces a place name for comparison: lower case, no accents, hyphens,
// apostrophes and "Saint"/"St" spelled alike.
func Fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'œ' || r == 'Œ' || r == 'æ' || r == 'Æ':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if r == 'œ' || r == 'Œ' {
				b.WriteString("oe")
			} else {
				b.WriteString("ae")
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	out := b.String()
	out = strings.ReplaceAll(" "+out+" ", " st ", " saint ")
	out = strings.ReplaceAll(out, " ste ", " sainte ")
	return strings.TrimSpace(out)
}
